//! ARNs, ids and addresses shaped like the real ones, drawn from the world's seeded random source.

use fastrand::Rng;

use crate::model::LaunchType;

/// The sandbox region and account every ARN carries.
pub const REGION: &str = "sandbox-1";
pub const ACCOUNT: &str = "000000000000";
/// Who registers the sandbox's task definitions (`registeredBy`).
pub const REGISTERED_BY: &str = "arn:aws:iam::000000000000:user/sandbox";

/// The one VPC every load balancer and target group is in.
pub const VPC: &str = "vpc-0d15ea5e0ba5e0001";
/// The region's availability zones, in order.
pub const AZS: [&str; 3] = ["sandbox-1a", "sandbox-1b", "sandbox-1c"];

pub fn az_index(az: &str) -> Option<usize> {
    AZS.iter().position(|a| *a == az)
}

fn ecs(resource: &str) -> String {
    format!("arn:aws:ecs:{REGION}:{ACCOUNT}:{resource}")
}

pub fn cluster_arn(name: &str) -> String {
    ecs(&format!("cluster/{name}"))
}

pub fn service_arn(cluster: &str, name: &str) -> String {
    ecs(&format!("service/{cluster}/{name}"))
}

pub fn task_arn(cluster: &str, id: &str) -> String {
    ecs(&format!("task/{cluster}/{id}"))
}

pub fn task_definition_arn(family: &str, revision: u32) -> String {
    ecs(&format!("task-definition/{family}:{revision}"))
}

/// A container's `runtimeId`: `<task-id>-<number>` on Fargate, a Docker container id (64 hex digits) on EC2.
/// Derived from the task id and container name, not drawn, so that the world's random sequence is unchanged.
pub fn runtime_id(launch_type: LaunchType, task_id: &str, container: &str) -> String {
    let hash = |salt: u64| {
        let mut h: u64 = 0xcbf2_9ce4_8422_2325 ^ salt;
        for b in task_id.bytes().chain([b'/']).chain(container.bytes()) {
            h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
        h
    };
    match launch_type {
        LaunchType::Fargate => format!("{task_id}-{}", hash(0) % 10_000_000_000),
        LaunchType::Ec2 => (0..4).map(|i| format!("{:016x}", hash(i))).collect(),
    }
}

pub fn container_instance_arn(cluster: &str, id: &str) -> String {
    ecs(&format!("container-instance/{cluster}/{id}"))
}

pub fn capacity_provider_arn(name: &str) -> String {
    ecs(&format!("capacity-provider/{name}"))
}

pub fn load_balancer_arn(kind: &str, name: &str, id: &str) -> String {
    format!("arn:aws:elasticloadbalancing:{REGION}:{ACCOUNT}:loadbalancer/{kind}/{name}/{id}")
}

pub fn target_group_arn(name: &str, id: &str) -> String {
    format!("arn:aws:elasticloadbalancing:{REGION}:{ACCOUNT}:targetgroup/{name}/{id}")
}

/// `arn:aws:ecs:REGION:ACCOUNT:service-deployment/CLUSTER/SERVICE/ID`.
pub fn service_deployment_arn(cluster: &str, service: &str, id: &str) -> String {
    ecs(&format!("service-deployment/{cluster}/{service}/{id}"))
}

/// `arn:aws:ecs:REGION:ACCOUNT:service-revision/CLUSTER/SERVICE/ID`: the revision deployment `ecs-svc/N`
/// made has id N.
pub fn service_revision_arn(cluster: &str, service: &str, deployment_id: &str) -> String {
    let id = deployment_id
        .strip_prefix("ecs-svc/")
        .unwrap_or(deployment_id);
    ecs(&format!("service-revision/{cluster}/{service}/{id}"))
}

/// The cluster and service names of a service revision ARN.
pub fn service_revision_parts(arn: &str) -> Option<(&str, &str)> {
    three_parts(arn.strip_prefix(&ecs("service-revision/"))?)
}

fn three_parts(rest: &str) -> Option<(&str, &str)> {
    let mut parts = rest.split('/');
    match (parts.next(), parts.next(), parts.next(), parts.next()) {
        (Some(c), Some(s), Some(_), None) => Some((c, s)),
        _ => None,
    }
}

/// The cluster and service names of a service deployment ARN.
pub fn service_deployment_parts(arn: &str) -> Option<(&str, &str)> {
    three_parts(arn.strip_prefix(&ecs("service-deployment/"))?)
}

/// A listener of a load balancer: `...:listener/app/NAME/LB-ID/ID`.
pub fn listener_arn(load_balancer_arn: &str, id: &str) -> String {
    format!(
        "{}/{id}",
        load_balancer_arn.replacen(":loadbalancer/", ":listener/", 1)
    )
}

/// A rule of a listener: `...:listener-rule/app/NAME/LB-ID/LISTENER-ID/ID`.
pub fn rule_arn(listener_arn: &str, id: &str) -> String {
    format!(
        "{}/{id}",
        listener_arn.replacen(":listener/", ":listener-rule/", 1)
    )
}

/// A cluster name from a name or a cluster ARN.
pub fn cluster_name(name_or_arn: &str) -> &str {
    match name_or_arn.strip_prefix("arn:") {
        Some(_) => name_or_arn.rsplit('/').next().unwrap_or(name_or_arn),
        None => name_or_arn,
    }
}

/// `n` lowercase hex digits.
pub fn hex(rng: &mut Rng, n: usize) -> String {
    let mut s = String::with_capacity(n);
    while s.len() < n {
        s.push_str(&format!("{:016x}", rng.u64(..)));
    }
    s.truncate(n);
    s
}

/// `n` lowercase hex digits derived from `label`: the same label gives the same digits, and nothing is drawn
/// from the world's random source.
pub fn derived_hex(label: &str, n: usize) -> String {
    let seed = label.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    });
    hex(&mut Rng::with_seed(seed), n)
}

/// `ecs-svc/` and 19 digits, as deployment ids are.
pub fn deployment_id(rng: &mut Rng) -> String {
    format!(
        "ecs-svc/{}",
        rng.u64(1_000_000_000_000_000_000..=9_999_999_999_999_999_999)
    )
}

/// The id of the service deployment that carries out deployment `ecs-svc/N`: 22 letters, digits, `-` and `_`,
/// as service deployment ids are. Derived from the deployment id, so it draws nothing from the world's
/// random source.
pub fn service_deployment_id(deployment_id: &str) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut state = deployment_id
        .bytes()
        .fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
        });
    let mut out = String::with_capacity(22);
    while out.len() < 22 {
        // splitmix64
        state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^= z >> 31;
        for i in 0..10 {
            if out.len() < 22 {
                out.push(char::from(ALPHABET[((z >> (i * 6)) & 63) as usize]));
            }
        }
    }
    out
}

/// A version-4-looking UUID for service event ids.
pub fn uuid(rng: &mut Rng) -> String {
    let h = hex(rng, 32);
    format!(
        "{}-{}-4{}-a{}-{}",
        &h[0..8],
        &h[8..12],
        &h[13..16],
        &h[17..20],
        &h[20..32]
    )
}

/// An EC2 instance id: `i-` and 17 hex digits.
pub fn instance_id(rng: &mut Rng) -> String {
    format!("i-{}", hex(rng, 17))
}

/// Private addresses: one /20 subnet per AZ (10.0.0.0/20, 10.0.16.0/20, 10.0.32.0/20), handed out in turn.
pub fn private_ip(az: usize, counter: u32) -> String {
    let host = 10 + counter % 4000;
    let third = (az as u32) * 16 + host / 256;
    format!("10.0.{third}.{}", host % 256)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runtime_ids_look_like_fargates_and_dockers() {
        let task = "0123456789abcdef0123456789abcdef";
        let fargate = runtime_id(LaunchType::Fargate, task, "web");
        let (prefix, number) = fargate.rsplit_once('-').unwrap();
        assert_eq!(prefix, task);
        assert!(number.chars().all(|c| c.is_ascii_digit()));
        let docker = runtime_id(LaunchType::Ec2, task, "web");
        assert_eq!(docker.len(), 64);
        assert!(docker.chars().all(|c| c.is_ascii_hexdigit()));
        assert_ne!(docker, runtime_id(LaunchType::Ec2, task, "sidecar"));
        assert_eq!(docker, runtime_id(LaunchType::Ec2, task, "web"));
    }

    #[test]
    fn shapes_match_aws() {
        let mut rng = Rng::with_seed(7);
        let id = hex(&mut rng, 32);
        assert_eq!(id.len(), 32);
        assert!(id.chars().all(|c| c.is_ascii_hexdigit()));
        let d = deployment_id(&mut rng);
        assert_eq!(d.len(), "ecs-svc/".len() + 19);
        assert_eq!(instance_id(&mut rng).len(), 19);
        assert_eq!(uuid(&mut rng).len(), 36);
        assert_eq!(
            task_definition_arn("web", 3),
            "arn:aws:ecs:sandbox-1:000000000000:task-definition/web:3"
        );
        assert_eq!(cluster_name(&cluster_arn("prod")), "prod");
        assert_eq!(cluster_name("prod"), "prod");
        assert_eq!(private_ip(1, 0), "10.0.16.10");
        assert_eq!(derived_hex("a", 16), derived_hex("a", 16));
        assert_ne!(derived_hex("a", 16), derived_hex("b", 16));
        assert_eq!(derived_hex("a", 16).len(), 16);
        let sd = service_deployment_id("ecs-svc/1234567890123456789");
        assert_eq!(sd.len(), 22);
        assert_eq!(sd, service_deployment_id("ecs-svc/1234567890123456789"));
        assert_ne!(sd, service_deployment_id("ecs-svc/1234567890123456788"));
        let arn = service_deployment_arn("prod", "web", &sd);
        assert_eq!(service_deployment_parts(&arn), Some(("prod", "web")));
        assert_eq!(service_deployment_parts("arn:aws:ecs:x"), None);
        let rev = service_revision_arn("prod", "web", "ecs-svc/1234567890123456789");
        assert!(rev.ends_with(":service-revision/prod/web/1234567890123456789"));
        assert_eq!(service_revision_parts(&rev), Some(("prod", "web")));
        let lb = load_balancer_arn("app", "public", "50dc6c495c0c9188");
        let l = listener_arn(&lb, "f2f7dc8efc522ab2");
        assert_eq!(
            l,
            "arn:aws:elasticloadbalancing:sandbox-1:000000000000:listener/app/public/50dc6c495c0c9188/f2f7dc8efc522ab2"
        );
        assert!(rule_arn(&l, "9683b2d02a6cabee").contains(":listener-rule/app/public/"));
    }
}
