//! Deployment histories and a blue/green service held by a pause hook, at the fixtures' fixed `now`.

use super::*;

pub const PAYMENTS_BLUE: (&str, &str) = ("payments-blue", "b1b1b1b1b1b1b1b1");
pub const PAYMENTS_GREEN: (&str, &str) = ("payments-green", "9a9a9a9a9a9a9a9a");
pub const HOOK: &str = "hook-approve-prod";

fn side(
    service: &str,
    rev: &str,
    td: &str,
    tasks: (u32, u32),
    weights: Option<(f64, f64)>,
) -> RevisionSide {
    RevisionSide {
        service_revision_arn: format!(
            "arn:aws:ecs:{REGION}:{ACCOUNT}:service-revision/{PROD}/{service}/{rev}"
        ),
        task_definition: td_arn(td),
        requested_tasks: tasks.0,
        running_tasks: tasks.1,
        pending_tasks: 0,
        production_weight: weights.map(|w| w.0),
        test_weight: weights.map(|w| w.1),
    }
}

/// One service deployment of `service`, from `from` to `to`, begun `age` seconds ago.
pub fn record(
    service: &str,
    id: &str,
    status: ServiceDeploymentStatus,
    from: &str,
    to: &str,
    age: i64,
    took: Option<i64>,
) -> ServiceDeployment {
    ServiceDeployment {
        arn: format!("arn:aws:ecs:{REGION}:{ACCOUNT}:service-deployment/{PROD}/{service}/{id}"),
        status,
        sources: vec![side(service, &format!("{id}-src"), from, (3, 3), None)],
        target: side(service, &format!("{id}-dst"), to, (3, 3), None),
        created_at: Some(ago(age)),
        started_at: Some(ago(age)),
        finished_at: took.map(|t| ago(age - t)),
        updated_at: Some(ago(age - took.unwrap_or(0))),
        ..ServiceDeployment::default()
    }
}

/// web:42 replaced web:41 three days ago.
pub fn web_history() -> Vec<ServiceDeployment> {
    vec![record(
        "web",
        "Wb1aA1",
        ServiceDeploymentStatus::Successful,
        "web:41",
        "web:42",
        86_400 * 3,
        Some(240),
    )]
}

/// checkout:58 rolled back yesterday after its tasks failed to start; today it is being deployed again.
pub fn checkout_history() -> Vec<ServiceDeployment> {
    let mut failed = record(
        "checkout",
        "Rb8aK2",
        ServiceDeploymentStatus::RollbackSuccessful,
        "checkout:57",
        "checkout:58",
        86_400,
        Some(420),
    );
    failed.status_reason =
        "Service deployment rolled back because the circuit breaker threshold was exceeded.".into();
    failed.rollback_reason = Some(
        "ECS deployment circuit breaker: 3 tasks failed to start (CannotPullContainerError: pull image manifest has been retried 5 time(s): failed to resolve ref registry.example.com/checkout:58-rc1: not found). Rolling back to checkout:57.".into(),
    );
    vec![
        record(
            "checkout",
            "Xy7pQ1",
            ServiceDeploymentStatus::InProgress,
            "checkout:57",
            "checkout:58",
            240,
            None,
        ),
        failed,
        record(
            "checkout",
            "Mm3sT9",
            ServiceDeploymentStatus::Successful,
            "checkout:56",
            "checkout:57",
            86_400 * 2,
            Some(300),
        ),
    ]
}

/// payments deploys payments:8 blue/green: green is up and takes the test traffic, and a pause hook holds
/// the deployment before production traffic moves.
pub fn payments() -> Service {
    let mut s = service("payments", "payments:8", (4, 8, 0));
    s.deployments = vec![
        deployment(
            "8880001112223334445",
            DeploymentStatus::Primary,
            "payments:8",
            (4, 4, 0),
            RolloutState::InProgress,
            300,
        ),
        deployment(
            "7770001112223334445",
            DeploymentStatus::Active,
            "payments:7",
            (4, 4, 0),
            RolloutState::Completed,
            86_400,
        ),
    ];
    s.deployment_configuration.strategy = Strategy::BlueGreen;
    s.deployment_configuration.bake_time_minutes = Some(10);
    s.deployment_configuration.pause_hooks = 1;
    s.load_balancers = vec![LoadBalancerBinding {
        target_group_arn: tg_arn(PAYMENTS_BLUE.0, PAYMENTS_BLUE.1),
        container_name: "payments".into(),
        container_port: 8443,
        alternate_target_group_arn: Some(tg_arn(PAYMENTS_GREEN.0, PAYMENTS_GREEN.1)),
    }];
    s
}

pub fn payments_history() -> Vec<ServiceDeployment> {
    let mut now = record(
        "payments",
        "Pg5bG2",
        ServiceDeploymentStatus::InProgress,
        "payments:7",
        "payments:8",
        300,
        None,
    );
    now.strategy = Strategy::BlueGreen;
    now.bake_time_minutes = Some(10);
    now.lifecycle_stage = "POST_TEST_TRAFFIC_SHIFT".into();
    now.sources[0].production_weight = Some(100.0);
    now.sources[0].test_weight = Some(0.0);
    now.target.production_weight = Some(0.0);
    now.target.test_weight = Some(100.0);
    now.hooks = vec![LifecycleHook {
        hook_id: HOOK.into(),
        target_type: "PAUSE".into(),
        status: "AWAITING_ACTION".into(),
        expires_at: Some(ago(-(86_400 - 120))),
        timeout_action: "ROLLBACK".into(),
    }];
    vec![now]
}

/// Four tasks of each revision, each registered in its colour's target group, all healthy.
pub fn payments_tasks_and_targets() -> (Vec<Task>, Vec<TargetHealth>, Vec<TargetHealth>) {
    let mut tasks = Vec::new();
    let (mut blue, mut green) = (Vec::new(), Vec::new());
    for i in 0..8u32 {
        let (td, dep, tg) = if i < 4 {
            ("payments:7", "ecs-svc/7770001112223334445", &mut blue)
        } else {
            ("payments:8", "ecs-svc/8880001112223334445", &mut green)
        };
        let mut t = task(
            &format!("{i:x}a{i:x}b0000000000000000000000000000")[..32],
            TaskStatus::Running,
            HealthStatus::Healthy,
            "eu-west-1a",
            td,
            600,
        );
        t.group = "service:payments".into();
        t.started_by = dep.into();
        let ip = format!("10.0.40.{}", 10 + i);
        t.private_ip = Some(ip.clone());
        tasks.push(t);
        tg.push(TargetHealth {
            target_id: ip,
            port: 8443,
            availability_zone: Some("eu-west-1a".into()),
            state: TargetState::Healthy,
            reason: None,
            description: None,
        });
    }
    (tasks, blue, green)
}

/// `loaded()` with payments in the table, its tasks, targets and history read.
pub fn with_rollouts() -> State {
    let mut s = loaded();
    let cache = &mut s.session.cache;
    let mut all = services();
    all.push(payments());
    all.sort_by(|a, b| a.name.cmp(&b.name));
    cache
        .services
        .insert(cluster_arn(PROD), ServiceTable::loaded(all, ago(4)));
    let (tasks, blue, green) = payments_tasks_and_targets();
    cache
        .tasks
        .insert(key("payments"), Loadable::loaded(tasks.into(), ago(2)));
    cache.target_health.insert(
        tg_arn(PAYMENTS_BLUE.0, PAYMENTS_BLUE.1),
        Loadable::loaded(blue, ago(2)),
    );
    cache.target_health.insert(
        tg_arn(PAYMENTS_GREEN.0, PAYMENTS_GREEN.1),
        Loadable::loaded(green, ago(2)),
    );
    // web's and checkout's histories are `loaded()`'s.
    cache.deployments.insert(
        key("payments"),
        Loadable::loaded(payments_history(), ago(2)),
    );
    s
}
