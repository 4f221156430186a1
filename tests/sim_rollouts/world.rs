//! The region the rollout tests deploy in, and how they read its newest service deployment.

use wharf::backend::sim::*;
use wharf::model::*;

pub const MINUTE: i64 = 60_000;

/// Cluster `prod`; target groups `blue-tg` and `green-tg` behind an ALB; `search:1` healthy, `search:2` healthy,
/// `search:3` broken. Returns the world and the two target groups.
pub fn region(seed: u64) -> (World, String, String) {
    let mut w = World::new(seed, MANUAL_START);
    w.create_cluster("prod", &["FARGATE"]);
    let lb = w.create_load_balancer("public", LoadBalancerType::Application, "internet-facing");
    let mut tg = |name: &str| {
        w.create_target_group(TargetGroupSpec::new(name, 8080, "ip").on(&lb))
            .expect("target group")
    };
    let (blue, green) = (tg("blue-tg"), tg("green-tg"));
    // Production traffic on HTTP:80, test traffic on HTTP:8080.
    w.create_listener(&lb, "HTTP", 80, &blue).expect("listener");
    w.create_listener(&lb, "HTTP", 8080, &green)
        .expect("test listener");
    for tag in ["4.1", "4.2", "4.3-broken"] {
        let image = format!("repo/search:{tag}");
        w.register_task_definition(TaskDefinitionSpec::fargate(
            "search", &image, 256, 512, 8080,
        ))
        .expect("td");
    }
    (w, blue, green)
}

/// Service `search` of 4 tasks on `search:1`, steady after two minutes.
pub fn service(w: &mut World, blue: &str, spec: impl FnOnce(ServiceSpec) -> ServiceSpec) {
    let s = ServiceSpec::new("prod", "search", "search:1", 4).load_balancer(blue, "search", 8080);
    w.create_service(spec(s)).expect("service");
    w.advance(2 * MINUTE);
}

pub fn latest(w: &World) -> ServiceDeployment {
    let arn = w.list_service_deployments("prod", "search").expect("list")[0]
        .arn
        .clone();
    w.describe_service_deployments(&[arn]).items.remove(0)
}
