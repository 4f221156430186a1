//! Ready-made worlds: the demo region a newcomer sees, and large regions for benchmarks.

use super::capacity::InstanceSpec;
use super::clock::{system_now, SimClock, MANUAL_START};
use super::demo_taskdefs::dressed;
use super::ids::{ACCOUNT, AZS, REGION};
use super::service_ops::ServiceSpec;
use super::setup::{TargetGroupSpec, TaskDefinitionSpec};
use super::stages::PauseHook;
use super::task_ops::RunTaskSpec;
use super::world::World;
use crate::backend::Result;
use crate::model::{
    AutoScalingGroupProvider, CapacityProviderKind, CapacityProviderStrategyItem, LaunchType,
    LoadBalancerType, QueryPair, RuleAction, RuleCondition, Strategy,
};

/// Virtual time the demo world runs before anyone looks at it.
pub const DEMO_WARMUP_MS: i64 = 6 * 60_000;

const MINUTE: i64 = 60_000;
const REGISTRY: &str = "public.ecr.aws/wharf-demo";

fn image(name: &str, tag: &str) -> String {
    format!("{REGISTRY}/{name}:{tag}")
}

/// The demo region, warmed up for [`DEMO_WARMUP_MS`]. Manual clocks start at 2026-01-01T09:00:00Z; realtime
/// clocks end the warm-up at the current system time.
///
/// | cluster | service | what it shows |
/// |---|---|---|
/// | prod-fargate | web, api, checkout | healthy services behind the public ALB |
/// | prod-fargate | payments | a slow rolling deployment (10 tasks, maximumPercent 110), IN_PROGRESS for minutes |
/// | prod-fargate | search | deploying a `:broken` image with circuit breaker + rollback: fails, then rolls back |
/// | prod-fargate | storefront | a BLUE_GREEN deployment held by a pause hook before production traffic moves |
/// | prod-fargate | recommendations | `:broken`: unhealthy targets, tasks stopped by ECS and replaced |
/// | prod-fargate | image-resizer | `:crash`: exit code 1, replaced over and over |
/// | prod-ec2 | orders, ledger | EC2 bridge tasks behind the internal ALB (instance targets, dynamic ports) |
/// | prod-ec2 | worker, notifications | plain EC2 workers spread over 6 instances in 3 AZs |
/// | prod-ec2 | inventory-sync | `:oom`: exit code 137, OutOfMemoryError |
/// | prod-ec2 | analytics | asks for 4096 CPU units: no instance fits, "unable to place a task", until prod-ec2-asg's managed scaling launches an m5.xlarge (`managed_scaling`) |
/// | staging | web | one small service |
/// | prod-fargate | web, api | auto scaling: 6–12 and 4–10 tasks, target tracking at 50% CPU (`demo_scaling`) |
/// | staging | (standalone) | `db-migrate`, a long-running RunTask job (startedBy `ci-pipeline`): the cluster cannot be deleted until it is stopped |
///
/// Capacity: prod-fargate uses FARGATE (base 1) and FARGATE_SPOT, staging FARGATE. prod-ec2's six instances
/// (2 vCPU, 7.5 GiB each, two per AZ) come from the Auto Scaling group provider `prod-ec2-asg` (three
/// m5.large, two m6i.large) and the ECS Managed Instances provider `prod-ec2-managed` (one m6i.large in
/// sandbox-1c, which reports no agent version).
///
/// Every task definition carries roles, environment, secrets (ARNs), a health check and awslogs to
/// `/ecs/<family>` with prefix `ecs` (see `demo_taskdefs`). Families with two revisions that differ in more
/// than the image: web (production, staging), search, payments, storefront (the stories' new revisions) and
/// db-migrate, whose first revision is INACTIVE.
///
/// The payments, search and storefront deployments start when the warm-up ends (see [`start_stories`]).
///
/// Both load balancers have an HTTP:80 listener. `prod-public` forwards to `web-tg` by default and, by rules 10
/// to 50 (paths `/api/*`, `/checkout/*`, `/payments/*`, `/search/*`, `/recommendations/*`), to `api-tg`,
/// `checkout-tg`, `payments-tg`, `search-tg` and `recommendations-tg`; rule 60 (host `shop.example.com`) is
/// storefront's production rule, a weighted forward to `storefront-tg` and `storefront-green-tg`; its HTTP:8080
/// listener is storefront's test listener. `prod-internal` answers `/healthz` itself (rule 5, a fixed 200),
/// forwards to `ledger-tg` by rule 10 (path `/ledger/*` from 10.0.0.0/16), to `orders-tg` by rule 20 (header
/// `X-Tenant` and query `region`) and by default. See [`demo_rules`].
pub fn demo_world(seed: u64, clock: SimClock) -> World {
    let start = match clock {
        SimClock::Manual => MANUAL_START,
        SimClock::Realtime { .. } => system_now().plus_millis(-DEMO_WARMUP_MS),
    };
    let mut w = World::new(seed, start);
    // The demo is built from constants; its tests make sure every step succeeds.
    if let Err(e) = build_demo(&mut w) {
        debug_assert!(false, "demo world: {e}");
    }
    w
}

fn fargate_service(
    w: &mut World,
    cluster: &str,
    name: &str,
    tag: &str,
    size: (u32, u32),
    count: u32,
    tg: Option<&str>,
) -> Result<String> {
    let spec = TaskDefinitionSpec::fargate(name, &image(name, tag), size.0, size.1, 8080);
    service(w, cluster, name, spec, count, tg, LaunchType::Fargate)
}

/// EC2 services all run on the `prod-ec2` cluster of the demo.
fn ec2_service(
    w: &mut World,
    name: &str,
    tag: &str,
    size: (u32, u32),
    count: u32,
    tg: Option<&str>,
) -> Result<String> {
    let spec = TaskDefinitionSpec::ec2(name, &image(name, tag), size.0, size.1, 8080);
    service(w, "prod-ec2", name, spec, count, tg, LaunchType::Ec2)
}

fn service(
    w: &mut World,
    cluster: &str,
    name: &str,
    task_definition: TaskDefinitionSpec,
    count: u32,
    tg: Option<&str>,
    launch_type: LaunchType,
) -> Result<String> {
    let td = w.register_task_definition(dressed(task_definition))?;
    let mut spec = ServiceSpec::new(cluster, name, &td, count);
    if launch_type == LaunchType::Ec2 {
        spec = spec.ec2();
    }
    if let Some(tg) = tg {
        spec = spec.load_balancer(tg, name, 8080);
    }
    // A learner finds ECS Exec on for some services and off for the others (turning it on replaces tasks).
    spec.enable_execute_command = matches!(name, "web" | "api" | "orders");
    w.create_service(spec)
}

fn build_demo(w: &mut World) -> Result<()> {
    capacity(w)?;
    let public = w.create_load_balancer(
        "prod-public",
        LoadBalancerType::Application,
        "internet-facing",
    );
    let internal =
        w.create_load_balancer("prod-internal", LoadBalancerType::Application, "internal");
    let mut tg = |name: &str, lb: &str, kind: &str| {
        let spec = TargetGroupSpec::new(&format!("{name}-tg"), 8080, kind).on(lb);
        // search's group checks every 5 s, so that its broken rollout fails, and rolls back, within a
        // newcomer's first two minutes; payments' every 15 s, so that its slow rollout shows targets in their
        // initial health checks for longer.
        let (interval, timeout) = match name {
            "search" => (5, 3),
            "payments" => (15, 6),
            _ => (10, 5),
        };
        // Only what is reported differs: paths and matchers as teams set them.
        let (path, matcher) = match name {
            "web" => ("/", "200-399"),
            "api" | "checkout" | "payments" => ("/healthz", "200-299"),
            "orders" | "ledger" => ("/ping", "200"),
            _ => ("/health", "200"),
        };
        w.create_target_group(TargetGroupSpec {
            health_check_interval_s: interval,
            health_check_timeout_s: timeout,
            health_check_path: Some(path.into()),
            matcher: matcher.into(),
            ..spec
        })
    };
    let web = tg("web", &public, "ip")?;
    let api = tg("api", &public, "ip")?;
    let checkout = tg("checkout", &public, "ip")?;
    let payments = tg("payments", &public, "ip")?;
    let search = tg("search", &public, "ip")?;
    let recommendations = tg("recommendations", &public, "ip")?;
    let orders = tg("orders", &internal, "instance")?;
    let ledger = tg("ledger", &internal, "instance")?;
    let listener = w.create_listener(&public, "HTTP", 80, &web)?;
    let routes = [
        (&api, "/api/*"),
        (&checkout, "/checkout/*"),
        (&payments, "/payments/*"),
        (&search, "/search/*"),
        (&recommendations, "/recommendations/*"),
    ];
    for (priority, (group, path)) in routes.into_iter().enumerate() {
        let rule = w.create_rule(&listener, 10 * (priority as u32 + 1), group)?;
        w.set_rule_conditions(&rule, vec![path_pattern(path)])?;
    }
    storefront(w, &public, &listener)?;
    let listener = w.create_listener(&internal, "HTTP", 80, &orders)?;
    let rule = w.create_rule(&listener, 10, &ledger)?;
    demo_rules(w, &listener, &rule, &orders)?;

    let f = "prod-fargate";
    fargate_service(w, f, "web", "1.8.2", (512, 1024), 6, Some(&web))?;
    fargate_service(w, f, "api", "2.14.0", (256, 512), 4, Some(&api))?;
    fargate_service(w, f, "checkout", "3.0.1", (512, 1024), 3, Some(&checkout))?;
    let td = w.register_task_definition(dressed(TaskDefinitionSpec::fargate(
        "payments",
        &image("payments", "5.3.0"),
        512,
        1024,
        8080,
    )))?;
    w.create_service(
        ServiceSpec::new(f, "payments", &td, 10)
            .percents(100, 110)
            .load_balancer(&payments, "payments", 8080),
    )?;
    let td = w.register_task_definition(dressed(TaskDefinitionSpec::fargate(
        "search",
        &image("search", "4.1.0"),
        1024,
        2048,
        8080,
    )))?;
    w.create_service(
        ServiceSpec::new(f, "search", &td, 4)
            .circuit_breaker(true)
            .load_balancer(&search, "search", 8080),
    )?;
    ec2_service(w, "orders", "7.2.1", (512, 1024), 3, Some(&orders))?;
    ec2_service(w, "ledger", "1.4.0", (512, 1024), 2, Some(&ledger))?;
    ec2_service(w, "worker", "2024.12.1", (512, 1024), 4, None)?;
    ec2_service(w, "notifications", "0.8.3", (256, 512), 2, None)?;
    ec2_service(w, "analytics", "3.3.0", (4096, 8192), 1, None)?;
    fargate_service(w, "staging", "web", "1.9.0-rc1", (256, 512), 1, None)?;
    super::demo_scaling::demo_scaling(w)?;
    // The job's previous revision, deregistered: the demo's INACTIVE revision.
    let old = TaskDefinitionSpec::fargate("db-migrate", &image("db-migrate", "1.8.4"), 256, 512, 0);
    let old = w.register_task_definition(dressed(old))?;
    w.deregister_task_definition(&old)?;
    let migrate =
        TaskDefinitionSpec::fargate("db-migrate", &image("db-migrate", "1.9.0-rc1"), 256, 512, 0);
    let td = w.register_task_definition(dressed(migrate))?;
    w.run_task(&RunTaskSpec::new("staging", &td).started_by("ci-pipeline"))?;

    w.advance(3 * MINUTE);
    fargate_service(
        w,
        f,
        "recommendations",
        "0.9.1-broken",
        (256, 512),
        3,
        Some(&recommendations),
    )?;
    w.advance(MINUTE);
    fargate_service(w, f, "image-resizer", "2.0.0-crash", (512, 1024), 3, None)?;
    ec2_service(w, "inventory-sync", "1.3.0-oom", (256, 512), 2, None)?;
    let left = DEMO_WARMUP_MS - w.now().since(w.start);
    w.advance(left);
    // The stories start when the warm-up ends: when wharf starts (realtime clocks end the warm-up at the
    // system time), so a newcomer watches them from their beginning.
    start_stories(w)
}

/// The demo's clusters, their capacity providers and prod-ec2's container instances.
fn capacity(w: &mut World) -> Result<()> {
    let asg = AutoScalingGroupProvider {
        auto_scaling_group_arn: format!(
            "arn:aws:autoscaling:{REGION}:{ACCOUNT}:autoScalingGroup:5f0c7e2a-61d4-4b8e-9a3c-2d7f1e8b4c90:autoScalingGroupName/prod-ec2"
        ),
        managed_scaling: true,
        target_capacity: Some(100),
        managed_termination_protection: true,
    };
    w.create_capacity_provider("prod-ec2-asg", CapacityProviderKind::AutoScalingGroup(asg))?;
    w.create_capacity_provider("prod-ec2-managed", CapacityProviderKind::ManagedInstances)?;
    w.create_cluster("prod-fargate", &["FARGATE", "FARGATE_SPOT"]);
    w.create_cluster("prod-ec2", &["prod-ec2-asg", "prod-ec2-managed"]);
    w.create_cluster("staging", &["FARGATE"]);
    let item = |provider: &str, weight, base| CapacityProviderStrategyItem {
        capacity_provider: provider.into(),
        weight,
        base,
    };
    w.set_default_strategy(
        "prod-fargate",
        vec![item("FARGATE", 1, 1), item("FARGATE_SPOT", 1, 0)],
    )?;
    w.set_default_strategy("prod-ec2", vec![item("prod-ec2-asg", 1, 0)])?;
    w.set_default_strategy("staging", vec![item("FARGATE", 1, 0)])?;
    for (n, az) in AZS.iter().chain(AZS.iter()).enumerate() {
        let spec = InstanceSpec::new(az, 2048, 7680);
        let spec = match n {
            0..=2 => spec.instance_type("m5.large").provider("prod-ec2-asg"),
            3 | 4 => spec.instance_type("m6i.large").provider("prod-ec2-asg"),
            _ => spec.instance_type("m6i.large").managed("prod-ec2-managed"),
        };
        w.add_instance("prod-ec2", spec)?;
    }
    Ok(())
}

/// The demo's deployments, all started at the end of the warm-up: at `--speed 1`, search's `:broken` revision
/// fails and rolls back within about two minutes, storefront's blue/green deployment waits at its pause hook
/// after about a minute and a half, and payments rolls one task at a time for about ten minutes.
fn start_stories(w: &mut World) -> Result<()> {
    let f = "prod-fargate";
    let next =
        TaskDefinitionSpec::fargate("search", &image("search", "4.2.0-broken"), 1024, 2048, 8080);
    let td = w.register_task_definition(dressed(next))?;
    w.update_service_task_definition(f, "search", &td)?;
    let next =
        TaskDefinitionSpec::fargate("payments", &image("payments", "5.4.0"), 512, 1024, 8080);
    let td = w.register_task_definition(dressed(next))?;
    w.update_service_task_definition(f, "payments", &td)?;
    let next =
        TaskDefinitionSpec::fargate("storefront", &image("storefront", "2.1.0"), 512, 1024, 8080);
    let td = w.register_task_definition(dressed(next))?;
    w.update_service_task_definition(f, "storefront", &td)?;
    Ok(())
}

fn strings(values: &[&str]) -> Vec<String> {
    values.iter().map(|v| v.to_string()).collect()
}

fn path_pattern(path: &str) -> RuleCondition {
    RuleCondition::PathPattern(strings(&[path]))
}

/// The internal listener's rules beside its forward to ledger (`ledger_rule`): a health answer of its own and a
/// rule on a header and a query string. Added after the demo's first release, with ids that draw nothing from
/// the world's random source (see `World::create_rule_with`).
fn demo_rules(w: &mut World, listener: &str, ledger_rule: &str, orders: &str) -> Result<()> {
    w.set_rule_conditions(
        ledger_rule,
        vec![
            path_pattern("/ledger/*"),
            RuleCondition::SourceIp(strings(&["10.0.0.0/16"])),
        ],
    )?;
    w.create_rule_with(
        listener,
        5,
        vec![
            path_pattern("/healthz"),
            RuleCondition::HttpRequestMethod(strings(&["GET", "HEAD"])),
        ],
        vec![RuleAction::FixedResponse {
            status_code: "200".into(),
            content_type: Some("text/plain".into()),
        }],
    )?;
    w.create_rule_with(
        listener,
        20,
        vec![
            RuleCondition::HttpHeader {
                name: "X-Tenant".into(),
                values: strings(&["eu-*"]),
            },
            RuleCondition::QueryString(vec![QueryPair {
                key: Some("region".into()),
                value: "eu".into(),
            }]),
        ],
        vec![RuleAction::forward_to(orders)],
    )?;
    Ok(())
}

/// storefront: BLUE_GREEN behind `prod-public` (rule 60 forwards production traffic to `storefront-tg`; the
/// HTTP:8080 test listener to `storefront-green-tg`), with a pause hook before production traffic moves.
fn storefront(w: &mut World, public: &str, listener: &str) -> Result<()> {
    let tg = |w: &mut World, name: &str| {
        w.create_target_group(TargetGroupSpec::new(name, 8080, "ip").on(public))
    };
    let blue = tg(w, "storefront-tg")?;
    let green = tg(w, "storefront-green-tg")?;
    let rule = w.create_rule(listener, 60, &blue)?;
    w.set_rule_conditions(
        &rule,
        vec![RuleCondition::HostHeader(strings(&["shop.example.com"]))],
    )?;
    w.create_listener(public, "HTTP", 8080, &green)?;
    let td = w.register_task_definition(dressed(TaskDefinitionSpec::fargate(
        "storefront",
        &image("storefront", "2.0.3"),
        512,
        1024,
        8080,
    )))?;
    w.create_service(
        ServiceSpec::new("prod-fargate", "storefront", &td, 3)
            .load_balancer(&blue, "storefront", 8080)
            .alternate_target_group(&green)
            .strategy(Strategy::BlueGreen)
            .bake_time(2)
            .pause_hook(PauseHook::default()),
    )?;
    Ok(())
}

/// A large region for benchmarks: `services` Fargate services of 3 tasks each over 10 clusters, one in three
/// behind a target group, warmed up until steady.
pub fn large_world(seed: u64, services: usize) -> World {
    large_world_in(seed, services, 10)
}

/// The same, over `clusters` clusters (`bench-0`, ...): one cluster of 2,000 services is the big-account case.
pub fn large_world_in(seed: u64, services: usize, clusters: usize) -> World {
    let mut w = World::new(seed, MANUAL_START);
    if let Err(e) = build_large(&mut w, services, clusters.max(1)) {
        debug_assert!(false, "large world: {e}");
    }
    w.advance(3 * MINUTE);
    w
}

fn build_large(w: &mut World, services: usize, clusters: usize) -> Result<()> {
    let lb = w.create_load_balancer("bench", LoadBalancerType::Application, "internet-facing");
    for c in 0..clusters {
        w.create_cluster(&format!("bench-{c}"), &["FARGATE"]);
    }
    for i in 0..services {
        let name = format!("svc-{i:04}");
        let cluster = format!("bench-{}", i % clusters);
        let tag = if i % 100 == 99 { "1.0-crash" } else { "1.0" };
        let td = w.register_task_definition(TaskDefinitionSpec::fargate(
            &name,
            &image(&name, tag),
            256,
            512,
            8080,
        ))?;
        let mut spec = ServiceSpec::new(&cluster, &name, &td, 3);
        if i % 3 == 0 {
            let tg = w.create_target_group(TargetGroupSpec::new(&name, 8080, "ip").on(&lb))?;
            spec = spec.load_balancer(&tg, &name, 8080);
        }
        w.create_service(spec)?;
    }
    Ok(())
}
