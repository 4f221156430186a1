//! The seeding logic shared by `examples/seed` and `tests/aws_seed.rs`: builds a realistic ECS + ELBv2 world
//! through the AWS SDK on any endpoint. Per cluster: a few task definition families (awsvpc, Fargate), services
//! (every `lb_every`-th one behind its own target group), one ALB with an HTTP listener per 50 target groups
//! (default action to the first, a path rule to each other), and `tasks_per_service` tasks started for each
//! service as the scheduler would (RunTask with `startedBy` and `group: service:NAME`) and registered as
//! targets of its target group by private IP. Independent calls run concurrently with a bound.

use std::future::Future;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use aws_sdk_ecs::types::{
    AssignPublicIp, AwsVpcConfiguration, Compatibility, ContainerDefinition, LaunchType,
    LoadBalancer as EcsLoadBalancer, NetworkConfiguration, NetworkMode, PortMapping,
};
use aws_sdk_elasticloadbalancingv2::types::{
    Action, ActionTypeEnum, PathPatternConditionConfig, ProtocolEnum, RuleCondition,
    TargetDescription, TargetTypeEnum,
};
use futures::{StreamExt, TryStreamExt};

/// Target groups behind one listener (real ALBs allow 100 rules per listener).
pub const TARGET_GROUPS_PER_ALB: usize = 50;
/// RunTask starts at most 10 tasks per call.
pub const RUN_TASK_BATCH: usize = 10;
/// The container port every seeded service listens on.
pub const PORT: i32 = 8080;
const FAMILIES: [&str; 6] = ["web", "api", "worker", "auth", "search", "billing"];

/// How big a world to build.
#[derive(Debug, Clone)]
pub struct Spec {
    /// Names start with it (`PREFIX-1`, `PREFIX-2`, ...), so several worlds can share an endpoint.
    pub prefix: String,
    pub clusters: usize,
    /// Services per cluster.
    pub services: usize,
    pub tasks_per_service: usize,
    /// Every n-th service (the first included) is behind a target group; 0: none.
    pub lb_every: usize,
    /// Calls in flight at once.
    pub concurrency: usize,
}

/// Where tasks and load balancers live.
#[derive(Debug, Clone)]
pub struct Network {
    /// At least two, in different availability zones (an ALB needs two).
    pub subnets: Vec<String>,
    pub security_group: String,
}

#[derive(Debug, Clone, Default)]
pub struct SeededService {
    pub cluster_arn: String,
    pub name: String,
    pub arn: String,
    pub task_definition_arn: String,
    pub target_group_arn: Option<String>,
    /// (task ARN, private IP)
    pub tasks: Vec<(String, String)>,
}

/// What was built.
#[derive(Debug, Clone, Default)]
pub struct Seeded {
    pub clusters: Vec<String>,
    pub task_definitions: Vec<String>,
    pub load_balancers: Vec<String>,
    pub listeners: Vec<String>,
    pub services: Vec<SeededService>,
    pub elapsed: Duration,
}

impl Seeded {
    pub fn tasks(&self) -> usize {
        self.services.iter().map(|s| s.tasks.len()).sum()
    }
    pub fn target_groups(&self) -> usize {
        self.services
            .iter()
            .filter(|s| s.target_group_arn.is_some())
            .count()
    }
}

pub type SeedResult<T> = Result<T, String>;

fn err(what: &str, e: impl std::error::Error) -> String {
    // The SDK's Display is terse ("service error"); its Debug names the code and message.
    format!("{what}: {e:?}")
}

/// Runs `f` on every item, `limit` at a time, answers in order; the first error ends it.
pub async fn bounded<I, T, F, Fut>(items: Vec<I>, limit: usize, f: F) -> SeedResult<Vec<T>>
where
    F: Fn(I) -> Fut,
    Fut: Future<Output = SeedResult<T>>,
{
    futures::stream::iter(items)
        .map(f)
        .buffered(limit.max(1))
        .try_collect()
        .await
}

/// Counts finished steps of a phase and reports every tenth of it (and its end) to `report`.
struct Progress<'a> {
    phase: &'static str,
    total: usize,
    done: AtomicUsize,
    start: Instant,
    report: &'a (dyn Fn(&str) + Sync),
}

impl Progress<'_> {
    fn step(&self) {
        let done = self.done.fetch_add(1, Ordering::Relaxed) + 1;
        let tenth = (self.total / 10).max(1);
        if done.is_multiple_of(tenth) || done == self.total {
            (self.report)(&format!(
                "{}: {done}/{} ({:.1} s)",
                self.phase,
                self.total,
                self.start.elapsed().as_secs_f64()
            ));
        }
    }
}

/// The SDK clients the seeder writes with.
pub struct Seeder {
    pub ecs: aws_sdk_ecs::Client,
    pub elb: aws_sdk_elasticloadbalancingv2::Client,
}

impl Seeder {
    pub fn new(sdk: &aws_config::SdkConfig) -> Seeder {
        Seeder {
            ecs: aws_sdk_ecs::Client::new(sdk),
            elb: aws_sdk_elasticloadbalancingv2::Client::new(sdk),
        }
    }

    /// Builds the whole world; `report` hears progress lines.
    pub async fn seed(
        &self,
        spec: &Spec,
        net: &Network,
        report: &(dyn Fn(&str) + Sync),
    ) -> SeedResult<Seeded> {
        let start = Instant::now();
        let mut world = Seeded::default();
        let families: Vec<&str> = FAMILIES
            .iter()
            .copied()
            .take(spec.services.max(1))
            .collect();
        for c in 1..=spec.clusters {
            let cluster_name = format!("{}-{c}", spec.prefix);
            let cluster = self.cluster(&cluster_name).await?;
            report(&format!("cluster {cluster_name}"));
            let mut tds = Vec::new();
            for f in &families {
                tds.push(
                    self.task_definition(&format!("{cluster_name}-{f}"), &format!("{f}:1.0"))
                        .await?,
                );
            }
            let names: Vec<(usize, String)> = (0..spec.services)
                .map(|i| (i, format!("{}-{:04}", families[i % families.len()], i + 1)))
                .collect();
            let behind: Vec<&(usize, String)> = names
                .iter()
                .filter(|(i, _)| spec.lb_every > 0 && i % spec.lb_every == 0)
                .collect();
            let tgs = self
                .load_balancing(&cluster_name, &behind, net, spec, report, &mut world)
                .await?;
            let progress = Progress {
                phase: "services",
                total: names.len(),
                done: AtomicUsize::new(0),
                start: Instant::now(),
                report,
            };
            let services = bounded(names, spec.concurrency, |(i, name)| {
                let td = tds[i % tds.len()].clone();
                let tg = tgs
                    .iter()
                    .find(|(n, _)| *n == name)
                    .map(|(_, arn)| arn.clone());
                let (cluster, progress) = (&cluster, &progress);
                async move {
                    let s = self
                        .service(cluster, &name, &td, tg, spec.tasks_per_service, net)
                        .await?;
                    progress.step();
                    Ok(s)
                }
            })
            .await?;
            world.services.extend(services);
            world.task_definitions.extend(tds);
            world.clusters.push(cluster);
        }
        world.elapsed = start.elapsed();
        Ok(world)
    }

    pub async fn cluster(&self, name: &str) -> SeedResult<String> {
        let out = self
            .ecs
            .create_cluster()
            .cluster_name(name)
            .send()
            .await
            .map_err(|e| err("CreateCluster", e))?;
        out.cluster()
            .and_then(|c| c.cluster_arn())
            .map(str::to_string)
            .ok_or_else(|| "CreateCluster answered no ARN".to_string())
    }

    /// An awsvpc Fargate revision with one container (moto needs container-level memory).
    pub async fn task_definition(&self, family: &str, image: &str) -> SeedResult<String> {
        let container = ContainerDefinition::builder()
            .name("app")
            .image(image)
            .memory(512)
            .cpu(256)
            .essential(true)
            .port_mappings(PortMapping::builder().container_port(PORT).build())
            .build();
        let out = self
            .ecs
            .register_task_definition()
            .family(family)
            .network_mode(NetworkMode::Awsvpc)
            .requires_compatibilities(Compatibility::Fargate)
            .cpu("256")
            .memory("512")
            .container_definitions(container)
            .send()
            .await
            .map_err(|e| err("RegisterTaskDefinition", e))?;
        out.task_definition()
            .and_then(|t| t.task_definition_arn())
            .map(str::to_string)
            .ok_or_else(|| "RegisterTaskDefinition answered no ARN".to_string())
    }

    /// ALBs, listeners and one target group per service in `behind`; answers (service name, target group).
    async fn load_balancing(
        &self,
        cluster_name: &str,
        behind: &[&(usize, String)],
        net: &Network,
        spec: &Spec,
        report: &(dyn Fn(&str) + Sync),
        world: &mut Seeded,
    ) -> SeedResult<Vec<(String, String)>> {
        let mut out = Vec::new();
        for (k, chunk) in behind.chunks(TARGET_GROUPS_PER_ALB).enumerate() {
            let (lb, vpc) = self
                .load_balancer(&format!("{cluster_name}-alb-{}", k + 1), net)
                .await?;
            let tgs = bounded(chunk.to_vec(), spec.concurrency, |(_, name)| {
                let vpc = vpc.clone();
                async move {
                    let tg = self
                        .target_group(&format!("{cluster_name}-{name}"), &vpc)
                        .await?;
                    Ok((name.clone(), tg))
                }
            })
            .await?;
            let listener = self.listener(&lb, &tgs[0].1).await?;
            let rules: Vec<(usize, &(String, String))> = tgs.iter().enumerate().skip(1).collect();
            bounded(rules, spec.concurrency, |(priority, (name, tg))| {
                let listener = &listener;
                async move { self.rule(listener, priority, name, tg).await }
            })
            .await?;
            report(&format!(
                "load balancer {cluster_name}-alb-{}: {} target groups",
                k + 1,
                tgs.len()
            ));
            world.load_balancers.push(lb);
            world.listeners.push(listener);
            out.extend(tgs);
        }
        Ok(out)
    }

    /// An internet-facing ALB; answers its ARN and VPC.
    pub async fn load_balancer(&self, name: &str, net: &Network) -> SeedResult<(String, String)> {
        let out = self
            .elb
            .create_load_balancer()
            .name(name)
            .set_subnets(Some(net.subnets.clone()))
            .security_groups(&net.security_group)
            .send()
            .await
            .map_err(|e| err("CreateLoadBalancer", e))?;
        let lb = out
            .load_balancers()
            .first()
            .ok_or_else(|| "CreateLoadBalancer answered no load balancer".to_string())?;
        match (lb.load_balancer_arn(), lb.vpc_id()) {
            (Some(arn), Some(vpc)) => Ok((arn.to_string(), vpc.to_string())),
            _ => Err("CreateLoadBalancer answered no ARN or VPC".to_string()),
        }
    }

    pub async fn target_group(&self, name: &str, vpc: &str) -> SeedResult<String> {
        let out = self
            .elb
            .create_target_group()
            .name(short_name(name))
            .protocol(ProtocolEnum::Http)
            .port(PORT)
            .vpc_id(vpc)
            .target_type(TargetTypeEnum::Ip)
            .health_check_path("/health")
            .send()
            .await
            .map_err(|e| err("CreateTargetGroup", e))?;
        out.target_groups()
            .first()
            .and_then(|t| t.target_group_arn())
            .map(str::to_string)
            .ok_or_else(|| "CreateTargetGroup answered no ARN".to_string())
    }

    fn forward(tg: &str) -> Action {
        Action::builder()
            .r#type(ActionTypeEnum::Forward)
            .target_group_arn(tg)
            .build()
    }

    /// HTTP :80 forwarding to `default_tg`.
    pub async fn listener(&self, lb: &str, default_tg: &str) -> SeedResult<String> {
        let out = self
            .elb
            .create_listener()
            .load_balancer_arn(lb)
            .protocol(ProtocolEnum::Http)
            .port(80)
            .default_actions(Self::forward(default_tg))
            .send()
            .await
            .map_err(|e| err("CreateListener", e))?;
        out.listeners()
            .first()
            .and_then(|l| l.listener_arn())
            .map(str::to_string)
            .ok_or_else(|| "CreateListener answered no ARN".to_string())
    }

    /// `/NAME/*` forwards to `tg`.
    async fn rule(&self, listener: &str, priority: usize, name: &str, tg: &str) -> SeedResult<()> {
        let condition = RuleCondition::builder()
            .field("path-pattern")
            .path_pattern_config(
                PathPatternConditionConfig::builder()
                    .values(format!("/{name}/*"))
                    .build(),
            )
            .build();
        self.elb
            .create_rule()
            .listener_arn(listener)
            .priority(i32::try_from(priority).unwrap_or(i32::MAX))
            .conditions(condition)
            .actions(Self::forward(tg))
            .send()
            .await
            .map_err(|e| err("CreateRule", e))?;
        Ok(())
    }

    fn network_configuration(net: &Network) -> SeedResult<NetworkConfiguration> {
        // moto answers HTTP 500 to an awsvpcConfiguration without securityGroups.
        let vpc = AwsVpcConfiguration::builder()
            .set_subnets(Some(net.subnets.clone()))
            .security_groups(&net.security_group)
            .assign_public_ip(AssignPublicIp::Disabled)
            .build()
            .map_err(|e| err("awsvpcConfiguration", e))?;
        Ok(NetworkConfiguration::builder()
            .awsvpc_configuration(vpc)
            .build())
    }

    /// A Fargate service (behind `tg` if given), its tasks, and their targets.
    pub async fn service(
        &self,
        cluster: &str,
        name: &str,
        td: &str,
        tg: Option<String>,
        tasks: usize,
        net: &Network,
    ) -> SeedResult<SeededService> {
        let mut create = self
            .ecs
            .create_service()
            .cluster(cluster)
            .service_name(name)
            .task_definition(td)
            .desired_count(i32::try_from(tasks).unwrap_or(i32::MAX))
            .launch_type(LaunchType::Fargate)
            .network_configuration(Self::network_configuration(net)?);
        if let Some(tg) = &tg {
            create = create.load_balancers(
                EcsLoadBalancer::builder()
                    .target_group_arn(tg)
                    .container_name("app")
                    .container_port(PORT)
                    .build(),
            );
        }
        let out = create
            .send()
            .await
            .map_err(|e| err(&format!("CreateService {name}"), e))?;
        let arn = out
            .service()
            .and_then(|s| s.service_arn())
            .map(str::to_string)
            .ok_or_else(|| "CreateService answered no ARN".to_string())?;
        let started = self.run_tasks(cluster, name, td, tasks, net).await?;
        if let Some(tg) = &tg {
            self.register_targets(tg, &started).await?;
        }
        Ok(SeededService {
            cluster_arn: cluster.to_string(),
            name: name.to_string(),
            arn,
            task_definition_arn: td.to_string(),
            target_group_arn: tg,
            tasks: started,
        })
    }

    /// Starts `count` tasks as the service scheduler would: `startedBy` its deployment, group `service:NAME`.
    pub async fn run_tasks(
        &self,
        cluster: &str,
        service: &str,
        td: &str,
        count: usize,
        net: &Network,
    ) -> SeedResult<Vec<(String, String)>> {
        let mut started = Vec::new();
        let mut left = count;
        while left > 0 {
            let n = left.min(RUN_TASK_BATCH);
            let out = self
                .ecs
                .run_task()
                .cluster(cluster)
                .task_definition(td)
                .count(i32::try_from(n).unwrap_or(1))
                .launch_type(LaunchType::Fargate)
                .started_by(deployment_id(service))
                .group(format!("service:{service}"))
                .network_configuration(Self::network_configuration(net)?)
                .send()
                .await
                .map_err(|e| err(&format!("RunTask for {service}"), e))?;
            if let Some(f) = out.failures().first() {
                return Err(format!("RunTask for {service} failed: {f:?}"));
            }
            for t in out.tasks() {
                let ip = t
                    .attachments()
                    .iter()
                    .flat_map(|a| a.details())
                    .find(|kv| kv.name() == Some("privateIPv4Address"))
                    .and_then(|kv| kv.value())
                    .unwrap_or_default();
                started.push((t.task_arn().unwrap_or_default().to_string(), ip.to_string()));
            }
            left -= n;
        }
        Ok(started)
    }

    /// Registers the tasks' IPs (one call for all of them).
    pub async fn register_targets(&self, tg: &str, tasks: &[(String, String)]) -> SeedResult<()> {
        let targets: Vec<TargetDescription> = tasks
            .iter()
            .filter(|(_, ip)| !ip.is_empty())
            .map(|(_, ip)| TargetDescription::builder().id(ip).port(PORT).build())
            .collect();
        if targets.is_empty() {
            return Ok(());
        }
        self.elb
            .register_targets()
            .target_group_arn(tg)
            .set_targets(Some(targets))
            .send()
            .await
            .map_err(|e| err("RegisterTargets", e))?;
        Ok(())
    }
}

/// A stable `ecs-svc/NNNN` deployment id for a service name (what ECS puts in a service task's `startedBy`).
pub fn deployment_id(service: &str) -> String {
    let hash = service.bytes().fold(1_469_598_103_934_665_603u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(1_099_511_628_211)
    });
    format!("ecs-svc/{:019}", hash % 10_000_000_000_000_000_000)
}

/// Target group and ALB names are at most 32 characters.
pub fn short_name(name: &str) -> String {
    if name.len() <= 32 {
        return name.to_string();
    }
    let hash = name
        .bytes()
        .fold(0u32, |h, b| h.wrapping_mul(31) ^ u32::from(b));
    format!("{}-{:08x}", &name[..23], hash)
}

// --- moto only: its EC2 (for the default VPC) and its control API, over plain HTTP on loopback. ---

fn host_port(endpoint: &str) -> SeedResult<String> {
    let rest = endpoint
        .strip_prefix("http://")
        .ok_or_else(|| format!("{endpoint}: only plain http:// emulator endpoints are asked for their default VPC; pass --subnets and --security-group"))?;
    Ok(rest.trim_end_matches('/').to_string())
}

/// A minimal HTTP/1.1 request; answers the whole response.
fn http(endpoint: &str, path: &str, body: &str, ec2: bool) -> SeedResult<String> {
    let host = host_port(endpoint)?;
    let attempt = || -> std::io::Result<String> {
        let mut s = TcpStream::connect(&host)?;
        s.set_read_timeout(Some(Duration::from_secs(30)))?;
        let (ctype, auth) = if ec2 {
            (
                "application/x-www-form-urlencoded",
                // moto routes a query-protocol call by the service in the credential scope.
                "Authorization: AWS4-HMAC-SHA256 Credential=testing/20240101/us-east-1/ec2/aws4_request, SignedHeaders=host, Signature=0\r\n",
            )
        } else {
            ("application/json", "")
        };
        write!(
            s,
            "POST {path} HTTP/1.1\r\nHost: {host}\r\nContent-Type: {ctype}\r\n{auth}Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        )?;
        let mut out = String::new();
        s.read_to_string(&mut out)?;
        Ok(out)
    };
    let out = attempt().map_err(|e| format!("{endpoint}{path}: {e}"))?;
    if out.starts_with("HTTP/1.1 20") || out.starts_with("HTTP/1.0 20") {
        Ok(out)
    } else {
        Err(format!(
            "{endpoint}{path}: {}",
            out.lines().next().unwrap_or("no answer")
        ))
    }
}

fn xml_values(body: &str, tag: &str) -> Vec<String> {
    let open = format!("<{tag}>");
    body.split(&open)
        .skip(1)
        .filter_map(|s| s.split('<').next())
        .map(str::to_string)
        .collect()
}

/// The default VPC's subnets and default security group of an emulator (moto) that answers EC2 unsigned.
pub fn emulator_network(endpoint: &str) -> SeedResult<Network> {
    let subnets = xml_values(
        &http(
            endpoint,
            "/",
            "Action=DescribeSubnets&Version=2016-11-15&Filter.1.Name=default-for-az&Filter.1.Value.1=true",
            true,
        )?,
        "subnetId",
    );
    let groups = xml_values(
        &http(
            endpoint,
            "/",
            "Action=DescribeSecurityGroups&Version=2016-11-15&Filter.1.Name=group-name&Filter.1.Value.1=default",
            true,
        )?,
        "groupId",
    );
    match (subnets.len() >= 2, groups.first()) {
        (true, Some(sg)) => Ok(Network {
            subnets: subnets.into_iter().take(3).collect(),
            security_group: sg.clone(),
        }),
        _ => Err(format!(
            "{endpoint} has no default VPC with two subnets and a default security group; pass --subnets and --security-group"
        )),
    }
}

/// Tells moto to keep tasks RUNNING (it otherwise moves a task one lifecycle step on every DescribeTasks).
pub fn moto_keep_tasks_running(endpoint: &str) -> SeedResult<()> {
    let body =
        r#"{"model_name":"ecs::task","transition":{"progression":"manual","times":1000000000}}"#;
    http(
        endpoint,
        "/moto-api/state-manager/set-transition",
        body,
        false,
    )
    .map(|_| ())
}
