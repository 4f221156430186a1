//! Hand-built `State`s for the view snapshots: a small but realistic ECS region at a fixed `now`.
#![allow(dead_code)]

use ratatui::backend::TestBackend;
use ratatui::Terminal;
use wharf::app::{ClustersScreen, ServiceScreen, ServicesScreen, TaskScreen, TasksScreen};

use wharf::app::service_table::ServiceTable;
use wharf::app::{Loadable, Screen, ServiceKey, State, Status, TableView, TaskSource};
use wharf::backend::{BackendError, BackendInfo};
use wharf::model::*;
use wharf::ui::{draw, Theme};

pub mod rollouts;

pub const ACCOUNT: &str = "123456789012";
pub const REGION: &str = "eu-west-1";

/// 2024-06-10 14:32:05 UTC.
pub fn now() -> Timestamp {
    Timestamp::from_secs(1_718_029_925)
}

/// `now` minus this many seconds.
pub fn ago(secs: i64) -> Timestamp {
    now().plus_millis(-secs * 1000)
}

pub fn cluster_arn(name: &str) -> String {
    format!("arn:aws:ecs:{REGION}:{ACCOUNT}:cluster/{name}")
}

pub fn service_arn(cluster: &str, name: &str) -> String {
    format!("arn:aws:ecs:{REGION}:{ACCOUNT}:service/{cluster}/{name}")
}

pub fn task_arn(cluster: &str, id: &str) -> String {
    format!("arn:aws:ecs:{REGION}:{ACCOUNT}:task/{cluster}/{id}")
}

pub fn td_arn(family_rev: &str) -> String {
    format!("arn:aws:ecs:{REGION}:{ACCOUNT}:task-definition/{family_rev}")
}

pub fn tg_arn(name: &str, id: &str) -> String {
    format!("arn:aws:elasticloadbalancing:{REGION}:{ACCOUNT}:targetgroup/{name}/{id}")
}

pub fn info() -> BackendInfo {
    BackendInfo {
        profile: "prod-admin".into(),
        region: REGION.into(),
        account_id: Some(ACCOUNT.into()),
        endpoint: None,
        clock_speed: None,
        simulated: false,
    }
}

pub fn throttled() -> BackendError {
    BackendError::Throttled {
        action: "DescribeServices".into(),
    }
}

pub fn expired() -> BackendError {
    BackendError::CredentialsExpired {
        hint: "aws sso login --profile prod-admin".into(),
    }
}

/// Which of the four states a fixture is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Loading,
    Empty,
    Error,
    Populated,
}

pub const KINDS: [Kind; 4] = [Kind::Loading, Kind::Empty, Kind::Error, Kind::Populated];

impl Kind {
    pub fn name(self) -> &'static str {
        match self {
            Kind::Loading => "loading",
            Kind::Empty => "empty",
            Kind::Error => "error",
            Kind::Populated => "populated",
        }
    }
}

/// A loadable in the given state: `data` for populated, `empty` for empty.
pub fn loadable<T>(kind: Kind, data: T, empty: T) -> Loadable<T> {
    match kind {
        Kind::Loading => Loadable {
            data: None,
            status: Status {
                in_flight: true,
                ..Status::default()
            },
        },
        Kind::Empty => Loadable::loaded(empty, ago(3)),
        Kind::Error => Loadable {
            data: None,
            status: Status {
                error: Some(expired()),
                ..Status::default()
            },
        },
        Kind::Populated => Loadable::loaded(data, ago(4)),
    }
}

/// A cluster's services table in the given state: `data` for populated, `empty` for empty (listed and
/// described whole, like `loadable`).
pub fn service_table(
    kind: Kind,
    data: Vec<Service>,
    empty: Vec<Service>,
) -> Loadable<ServiceTable> {
    match kind {
        Kind::Empty => ServiceTable::loaded(empty, ago(3)),
        Kind::Populated => ServiceTable::loaded(data, ago(4)),
        Kind::Loading | Kind::Error => {
            let Loadable { status, .. } = loadable(kind, (), ());
            Loadable { data: None, status }
        }
    }
}

// ---- Clusters ----

pub fn clusters() -> Vec<Cluster> {
    let c =
        |name: &str, status: &str, providers: &[&str], instances, running, pending, services| {
            Cluster {
                arn: cluster_arn(name),
                name: name.into(),
                status: status.into(),
                capacity_providers: providers.iter().map(|p| p.to_string()).collect(),
                default_capacity_provider_strategy: Vec::new(),
                registered_container_instances: instances,
                running_tasks: running,
                pending_tasks: pending,
                active_services: services,
            }
        };
    vec![
        c("batch-ec2", "ACTIVE", &["batch-asg-provider"], 4, 17, 0, 3),
        c("legacy-monolith", "INACTIVE", &[], 0, 0, 0, 0),
        c(
            "payments-platform-eu-west-1-production-blue-green-cluster",
            "PROVISIONING",
            &["FARGATE"],
            0,
            0,
            0,
            0,
        ),
        c(
            "prod-fargate",
            "ACTIVE",
            &["FARGATE", "FARGATE_SPOT"],
            0,
            31,
            3,
            12,
        ),
        c("staging", "ACTIVE", &["FARGATE"], 0, 0, 0, 0),
    ]
}

// ---- Services of prod-fargate ----

pub const PROD: &str = "prod-fargate";

/// A deployment with ECS's own wording of its rollout reason.
fn deployment(
    id: &str,
    status: DeploymentStatus,
    td: &str,
    counts: (u32, u32, u32),
    rollout: RolloutState,
    age: i64,
) -> Deployment {
    let id = format!("ecs-svc/{id}");
    let outcome = match rollout {
        RolloutState::InProgress => "in progress.",
        RolloutState::Completed => "completed.",
        RolloutState::Failed => "failed.",
    };
    Deployment {
        rollout_state_reason: format!("ECS deployment {id} {outcome}"),
        id,
        status,
        task_definition: td_arn(td),
        desired_count: counts.0,
        running_count: counts.1,
        pending_count: counts.2,
        failed_tasks: 0,
        rollout_state: rollout,
        created_at: ago(age),
        updated_at: ago(age / 2),
    }
}

fn service(name: &str, td: &str, counts: (u32, u32, u32)) -> Service {
    let (desired, running, pending) = counts;
    Service {
        arn: service_arn(PROD, name),
        name: name.into(),
        cluster_arn: cluster_arn(PROD),
        status: ServiceStatus::Active,
        desired_count: desired,
        running_count: running,
        pending_count: pending,
        launch_type: LaunchType::Fargate,
        task_definition: td_arn(td),
        deployments: vec![deployment(
            "4210987654321098765",
            DeploymentStatus::Primary,
            td,
            counts,
            RolloutState::Completed,
            86_400 * 3,
        )],
        deployment_configuration: DeploymentConfiguration {
            circuit_breaker: Some(CircuitBreaker {
                enable: true,
                rollback: true,
            }),
            ..DeploymentConfiguration::default()
        },
        load_balancers: Vec::new(),
        events: vec![ServiceEvent {
            id: format!("{name}-ev-1"),
            created_at: ago(3600),
            message: format!("(service {name}) has reached a steady state."),
            own: false,
        }],
        created_at: ago(86_400 * 40),
        enable_execute_command: false,
    }
}

pub const WEB_TG: (&str, &str) = ("web-blue", "6d0ecf831eec9f09");
pub const CHECKOUT_TG: (&str, &str) = ("checkout-tg", "a1b2c3d4e5f60718");

/// The service with an unhealthy target and an out-of-memory task.
pub fn web() -> Service {
    let mut s = service("web", "web:42", (3, 3, 0));
    s.load_balancers = vec![LoadBalancerBinding {
        target_group_arn: tg_arn(WEB_TG.0, WEB_TG.1),
        container_name: "web".into(),
        container_port: 8080,
        ..Default::default()
    }];
    let ev = |n: u32, secs: i64, msg: &str| ServiceEvent {
        id: format!("web-ev-{n}"),
        created_at: ago(secs),
        message: format!("(service web) {msg}"),
        own: false,
    };
    s.events = vec![
        ev(6, 95, "has started 1 tasks: (task 9f8e7d6c5b4a43928170fedcba987654)."),
        ev(
            5,
            140,
            "(port 8080) is unhealthy in (target-group arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/web-blue/6d0ecf831eec9f09) due to (reason Health checks failed with these codes: [502]).",
        ),
        ev(4, 212, "has stopped 1 running tasks: (task 1a2b3c4d5e6f47a8b9c0d1e2f3a4b5c6)."),
        ev(3, 1800, "registered 1 targets in (target-group arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/web-blue/6d0ecf831eec9f09)"),
        ev(2, 3600, "has reached a steady state."),
        ev(1, 7200, "has reached a steady state."),
    ];
    s
}

/// Mid-deployment: checkout:58 is replacing checkout:57.
pub fn checkout() -> Service {
    let mut s = service("checkout", "checkout:58", (6, 7, 2));
    s.deployments = vec![
        deployment(
            "7315594021138850671",
            DeploymentStatus::Active,
            "checkout:57",
            (6, 4, 0),
            RolloutState::Completed,
            86_400 * 2,
        ),
        deployment(
            "1029384756102938475",
            DeploymentStatus::Primary,
            "checkout:58",
            (6, 3, 2),
            RolloutState::InProgress,
            240,
        ),
    ];
    s.deployments[1].failed_tasks = 1;
    s.load_balancers = vec![LoadBalancerBinding {
        target_group_arn: tg_arn(CHECKOUT_TG.0, CHECKOUT_TG.1),
        container_name: "checkout".into(),
        container_port: 3000,
        ..Default::default()
    }];
    s.events = vec![
        ServiceEvent {
            id: "co-3".into(),
            created_at: ago(30),
            message: "(service checkout) has started 2 tasks: (task 0c1d2e3f4a5b46c7d8e9f0a1b2c3d4e5) (task 5e4d3c2b1a0947f8e7d6c5b4a3928170).".into(),
            own: false,
        },
        ServiceEvent {
            id: "co-2".into(),
            created_at: ago(150),
            message: "(service checkout) has stopped 1 running tasks: (task 77aa88bb99cc4dd0ee11ff2233445566).".into(),
            own: false,
        },
        ServiceEvent {
            id: "co-1".into(),
            created_at: ago(240),
            message: "(service checkout) has started 1 tasks: (task 77aa88bb99cc4dd0ee11ff2233445566).".into(),
            own: false,
        },
    ];
    s
}

pub fn services() -> Vec<Service> {
    let mut recs = service("recommendations", "recommendations:19", (2, 2, 0));
    let mut failed = deployment(
        "5550001112223334445",
        DeploymentStatus::Primary,
        "recommendations:19",
        (2, 2, 0),
        RolloutState::Failed,
        1800,
    );
    failed.failed_tasks = 10;
    failed.rollout_state_reason = "ECS deployment circuit breaker: tasks failed to start.".into();
    recs.deployments = vec![failed];
    let mut reports = service("reports", "reports:7", (0, 0, 0));
    reports.status = ServiceStatus::Draining;
    reports.events = Vec::new();
    let mut batch = service("billing-worker", "billing-worker:311", (2, 1, 1));
    batch.launch_type = LaunchType::Ec2;
    vec![
        service("api-gateway", "api-gateway:12", (4, 4, 0)),
        service("auth", "auth:88", (3, 3, 0)),
        batch,
        checkout(),
        service("email-sender", "email-sender:5", (1, 1, 0)),
        service("feature-flags", "feature-flags:23", (2, 2, 0)),
        service("inventory", "inventory:140", (3, 3, 0)),
        service("notifications", "notifications:9", (2, 2, 0)),
        recs,
        reports,
        service(
            "search-indexer-with-a-rather-long-name-for-the-eu-catalogue",
            "search-indexer-with-a-rather-long-name-for-the-eu-catalogue:3",
            (2, 2, 0),
        ),
        web(),
    ]
}

// ---- Tasks of web ----

pub const OOM_TASK: &str = "1a2b3c4d5e6f47a8b9c0d1e2f3a4b5c6";
pub const RUNNING_TASK: &str = "9f8e7d6c5b4a43928170fedcba987654";

fn task(
    id: &str,
    status: TaskStatus,
    health: HealthStatus,
    az: &str,
    td: &str,
    started: i64,
) -> Task {
    Task {
        arn: task_arn(PROD, id),
        cluster_arn: cluster_arn(PROD),
        task_definition_arn: td_arn(td),
        group: "service:web".into(),
        started_by: "ecs-svc/4210987654321098765".into(),
        last_status: status,
        desired_status: DesiredStatus::Running,
        health_status: health,
        availability_zone: az.into(),
        launch_type: LaunchType::Fargate,
        cpu: 512,
        memory: 1024,
        container_instance_arn: None,
        ec2_instance_id: None,
        private_ip: Some(format!("10.0.{}.{}", az.len(), started % 250)),
        created_at: ago(started + 40),
        started_at: (status >= TaskStatus::Running).then(|| ago(started)),
        stopping_at: None,
        stopped_at: None,
        stop_code: None,
        stopped_reason: None,
        containers: vec![
            Container {
                name: "web".into(),
                image: format!("{ACCOUNT}.dkr.ecr.{REGION}.amazonaws.com/web:2024-06-10.3"),
                last_status: status.as_str().into(),
                exit_code: None,
                reason: None,
                health_status: health,
                runtime_id: None,
                exec_agent: None,
                network_bindings: Vec::new(),
            },
            Container {
                name: "envoy".into(),
                image: "public.ecr.aws/appmesh/aws-appmesh-envoy:v1.29.6.0-prod".into(),
                last_status: status.as_str().into(),
                exit_code: None,
                reason: None,
                health_status: HealthStatus::Healthy,
                runtime_id: None,
                exec_agent: None,
                network_bindings: Vec::new(),
            },
        ],
        enable_execute_command: false,
    }
}

pub fn web_tasks() -> Vec<Task> {
    let mut oom = task(
        OOM_TASK,
        TaskStatus::Stopped,
        HealthStatus::Unhealthy,
        "eu-west-1b",
        "web:42",
        5400,
    );
    oom.desired_status = DesiredStatus::Stopped;
    oom.stopping_at = Some(ago(215));
    oom.stopped_at = Some(ago(212));
    oom.stop_code = Some(StopCode::EssentialContainerExited);
    oom.stopped_reason = Some("Essential container in task exited".into());
    oom.containers[0].last_status = "STOPPED".into();
    oom.containers[0].exit_code = Some(137);
    oom.containers[0].reason =
        Some("OutOfMemoryError: Container killed due to memory usage".into());
    oom.containers[1].last_status = "STOPPED".into();
    oom.containers[1].exit_code = Some(0);

    let mut scaled_in = task(
        "44d0c3b2a1f04e9d8c7b6a5f4e3d2c1b",
        TaskStatus::Stopped,
        HealthStatus::Unknown,
        "eu-west-1a",
        "web:41",
        9000,
    );
    scaled_in.desired_status = DesiredStatus::Stopped;
    scaled_in.stopped_at = Some(ago(2950));
    scaled_in.stop_code = Some(StopCode::ServiceSchedulerInitiated);
    scaled_in.stopped_reason =
        Some("Scaling activity initiated by (deployment ecs-svc/4210987654321098765)".into());

    vec![
        task(
            RUNNING_TASK,
            TaskStatus::Running,
            HealthStatus::Healthy,
            "eu-west-1c",
            "web:42",
            90,
        ),
        task(
            "5b6c7d8e9f0a41b2c3d4e5f6a7b8c9d0",
            TaskStatus::Running,
            HealthStatus::Unhealthy,
            "eu-west-1b",
            "web:42",
            1860,
        ),
        task(
            "0a9b8c7d6e5f44a3b2c1d0e9f8a7b6c5",
            TaskStatus::Running,
            HealthStatus::Healthy,
            "eu-west-1a",
            "web:42",
            5200,
        ),
        oom,
        scaled_in,
    ]
}

pub fn web_targets() -> Vec<TargetHealth> {
    vec![
        TargetHealth {
            target_id: "10.0.10.90".into(),
            port: 8080,
            availability_zone: Some("eu-west-1c".into()),
            state: TargetState::Initial,
            reason: Some("Elb.InitialHealthChecking".into()),
            description: Some("Initial health checks in progress".into()),
        },
        TargetHealth {
            target_id: "10.0.10.110".into(),
            port: 8080,
            availability_zone: Some("eu-west-1b".into()),
            state: TargetState::Unhealthy,
            reason: Some("Target.ResponseCodeMismatch".into()),
            description: Some("Health checks failed with these codes: [502]".into()),
        },
        TargetHealth {
            target_id: "10.0.10.200".into(),
            port: 8080,
            availability_zone: Some("eu-west-1a".into()),
            state: TargetState::Healthy,
            reason: None,
            description: None,
        },
    ]
}

pub fn checkout_targets() -> Vec<TargetHealth> {
    let t = |ip: &str, az: &str, state, reason: Option<&str>, desc: Option<&str>| TargetHealth {
        target_id: ip.into(),
        port: 3000,
        availability_zone: Some(az.into()),
        state,
        reason: reason.map(Into::into),
        description: desc.map(Into::into),
    };
    vec![
        t("10.0.20.11", "eu-west-1a", TargetState::Healthy, None, None),
        t("10.0.20.12", "eu-west-1b", TargetState::Healthy, None, None),
        t("10.0.20.13", "eu-west-1c", TargetState::Healthy, None, None),
        t(
            "10.0.20.31",
            "eu-west-1a",
            TargetState::Initial,
            Some("Elb.InitialHealthChecking"),
            Some("Initial health checks in progress"),
        ),
        t(
            "10.0.20.14",
            "eu-west-1a",
            TargetState::Draining,
            Some("Target.DeregistrationInProgress"),
            Some("Target deregistration is in progress"),
        ),
    ]
}

pub fn checkout_tasks() -> Vec<Task> {
    // The new revision's running tasks are the healthy targets 10.0.20.11-13; the task on its way out drains.
    let ips = [
        ("77aa88bb", "10.0.20.11"),
        ("a0b1c2d3", "10.0.20.12"),
        ("b1c2d3e4", "10.0.20.13"),
        ("f5a6b7c8", "10.0.20.14"),
    ];
    let mk = |id: &str, status, health, az: &str, td: &str, started| {
        let mut t = task(id, status, health, az, td, started);
        t.group = "service:checkout".into();
        // Each task names its deployment.
        t.started_by = match td {
            "checkout:57" => "ecs-svc/7315594021138850671",
            _ => "ecs-svc/1029384756102938475",
        }
        .into();
        if let Some((_, ip)) = ips.iter().find(|(short, _)| id.starts_with(short)) {
            t.private_ip = Some(ip.to_string());
        }
        t
    };
    vec![
        mk(
            "0c1d2e3f4a5b46c7d8e9f0a1b2c3d4e5",
            TaskStatus::Provisioning,
            HealthStatus::Unknown,
            "eu-west-1b",
            "checkout:58",
            30,
        ),
        mk(
            "5e4d3c2b1a0947f8e7d6c5b4a3928170",
            TaskStatus::Pending,
            HealthStatus::Unknown,
            "eu-west-1c",
            "checkout:58",
            30,
        ),
        mk(
            "77aa88bb99cc4dd0ee11ff2233445566",
            TaskStatus::Running,
            HealthStatus::Healthy,
            "eu-west-1a",
            "checkout:58",
            230,
        ),
        mk(
            "a0b1c2d3e4f5460718293a4b5c6d7e8f",
            TaskStatus::Running,
            HealthStatus::Healthy,
            "eu-west-1b",
            "checkout:58",
            200,
        ),
        mk(
            "b1c2d3e4f5a6470819203a4b5c6d7e8f",
            TaskStatus::Running,
            HealthStatus::Healthy,
            "eu-west-1c",
            "checkout:58",
            180,
        ),
        mk(
            "c2d3e4f5a6b7481920314a5b6c7d8e9f",
            TaskStatus::Running,
            HealthStatus::Healthy,
            "eu-west-1a",
            "checkout:57",
            172_800,
        ),
        mk(
            "d3e4f5a6b7c8492031425b6c7d8e9fa0",
            TaskStatus::Running,
            HealthStatus::Healthy,
            "eu-west-1b",
            "checkout:57",
            172_800,
        ),
        mk(
            "e4f5a6b7c8d9403142536c7d8e9fa0b1",
            TaskStatus::Running,
            HealthStatus::Healthy,
            "eu-west-1c",
            "checkout:57",
            172_800,
        ),
        mk(
            "f5a6b7c8d9e0414253647d8e9fa0b1c2",
            TaskStatus::Deactivating,
            HealthStatus::Healthy,
            "eu-west-1a",
            "checkout:57",
            172_800,
        ),
    ]
}

// ---- Every task of prod-fargate ----

pub const MIGRATION_TASK: &str = "6f5e4d3c2b1a40f9e8d7c6b5a4f3e2d1";

/// Started on their own (RunTask): a migration still running in its default group, and a nightly job in a
/// group of its own that finished.
pub fn standalone_tasks() -> Vec<Task> {
    let mut migration = task(
        MIGRATION_TASK,
        TaskStatus::Running,
        HealthStatus::Unknown,
        "eu-west-1a",
        "db-migrate:7",
        600,
    );
    migration.group = "family:db-migrate".into();
    migration.started_by = "alice".into();
    migration.containers.truncate(1);
    migration.containers[0].name = "db-migrate".into();
    let mut nightly = task(
        "2c3d4e5f6a7b48c9d0e1f2a3b4c5d6e7",
        TaskStatus::Stopped,
        HealthStatus::Unknown,
        "eu-west-1c",
        "nightly-report:12",
        4000,
    );
    nightly.group = "nightly-jobs".into();
    nightly.started_by = "events-rule/nightly".into();
    nightly.desired_status = DesiredStatus::Stopped;
    nightly.stopping_at = Some(ago(1210));
    nightly.stopped_at = Some(ago(1200));
    nightly.stop_code = Some(StopCode::EssentialContainerExited);
    nightly.stopped_reason = Some("Essential container in task exited".into());
    nightly.containers.truncate(1);
    nightly.containers[0].exit_code = Some(0);
    vec![migration, nightly]
}

/// What `:tasks prod-fargate` lists, in the order `update` sorts it: the tasks of web and checkout and the
/// standalone ones.
pub fn prod_tasks() -> Vec<Task> {
    let mut all = web_tasks();
    all.extend(checkout_tasks());
    all.extend(standalone_tasks());
    wharf::app::TaskList::new(all).into_vec()
}

pub fn web_task_definition() -> TaskDefinition {
    TaskDefinition {
        arn: td_arn("web:42"),
        family: "web".into(),
        revision: 42,
        status: "ACTIVE".into(),
        cpu: Some(512),
        memory: Some(1024),
        network_mode: NetworkMode::Awsvpc,
        requires_compatibilities: vec!["FARGATE".into()],
        containers: vec![
            ContainerDefinition {
                name: "web".into(),
                image: format!("{ACCOUNT}.dkr.ecr.{REGION}.amazonaws.com/web:2024-06-10.3"),
                cpu: 384,
                memory: Some(768),
                essential: true,
                port_mappings: vec![PortMapping {
                    container_port: 8080,
                    host_port: 8080,
                    protocol: "tcp",
                    ..PortMapping::default()
                }],
                ..ContainerDefinition::default()
            },
            ContainerDefinition {
                name: "envoy".into(),
                image: "public.ecr.aws/appmesh/aws-appmesh-envoy:v1.29.6.0-prod".into(),
                cpu: 128,
                memory: None,
                essential: false,
                port_mappings: vec![
                    PortMapping {
                        container_port: 9901,
                        host_port: 9901,
                        protocol: "tcp",
                        ..PortMapping::default()
                    },
                    PortMapping {
                        container_port: 15000,
                        host_port: 15000,
                        protocol: "tcp",
                        ..PortMapping::default()
                    },
                ],
                ..ContainerDefinition::default()
            },
        ],
        ..TaskDefinition::default()
    }
}

/// The revision the standalone migration task runs (`standalone_tasks`): one container, no ports.
pub fn migration_task_definition() -> TaskDefinition {
    TaskDefinition {
        arn: td_arn("db-migrate:7"),
        family: "db-migrate".into(),
        revision: 7,
        status: "ACTIVE".into(),
        cpu: Some(512),
        memory: Some(1024),
        network_mode: NetworkMode::Awsvpc,
        requires_compatibilities: vec!["FARGATE".into()],
        containers: vec![ContainerDefinition {
            name: "db-migrate".into(),
            // The image its task runs (`task` gives every task web's).
            image: format!("{ACCOUNT}.dkr.ecr.{REGION}.amazonaws.com/web:2024-06-10.3"),
            cpu: 512,
            memory: Some(1024),
            essential: true,
            ..ContainerDefinition::default()
        }],
        ..TaskDefinition::default()
    }
}

// ---- Whole states ----

pub fn base() -> State {
    State::new(info(), now())
}

fn key(service: &str) -> ServiceKey {
    ServiceKey {
        cluster_arn: cluster_arn(PROD),
        service_name: service.into(),
    }
}

/// Every piece of data loaded, on the clusters screen: each read a screen of web or checkout makes has
/// answered.
pub fn loaded() -> State {
    let mut s = base();
    let cache = &mut s.session.cache;
    cache.clusters = Loadable::loaded(clusters(), ago(6));
    cache
        .services
        .insert(cluster_arn(PROD), ServiceTable::loaded(services(), ago(4)));
    cache
        .tasks
        .insert(key("web"), Loadable::loaded(web_tasks().into(), ago(2)));
    cache.tasks.insert(
        key("checkout"),
        Loadable::loaded(checkout_tasks().into(), ago(1)),
    );
    cache.target_health.insert(
        tg_arn(WEB_TG.0, WEB_TG.1),
        Loadable::loaded(web_targets(), ago(2)),
    );
    cache.target_health.insert(
        tg_arn(CHECKOUT_TG.0, CHECKOUT_TG.1),
        Loadable::loaded(checkout_targets(), ago(1)),
    );
    cache.task_definitions.insert(
        td_arn("web:42"),
        Loadable::loaded(web_task_definition(), ago(60)),
    );
    cache.task_definitions.insert(
        td_arn("db-migrate:7"),
        Loadable::loaded(migration_task_definition(), ago(60)),
    );
    // Every service screen reads its service's deployment history (`Resource::Deployments`).
    for (name, history) in [
        ("web", rollouts::web_history()),
        ("checkout", rollouts::checkout_history()),
    ] {
        cache
            .deployments
            .insert(key(name), Loadable::loaded(history, ago(2)));
    }
    s
}

/// A screen drawn from a populated fixture: nothing on it is still being read. (The snapshots show it too;
/// this says which read a fixture left unanswered.)
pub fn assert_nothing_loading(screen: &str) {
    let lower = screen.to_lowercase();
    for still in ["loading", "reading the"] {
        assert!(
            !lower.contains(still),
            "a read the fixture does not answer ({still:?}):\n{screen}"
        );
    }
}

pub fn cursor(selected: usize) -> TableView {
    TableView {
        selected,
        ..TableView::default()
    }
}

pub fn clusters_screen(selected: usize) -> Screen {
    Screen::Clusters(ClustersScreen {
        cursor: cursor(selected),
    })
}

pub fn services_screen(cluster: &str, selected: usize) -> Screen {
    Screen::Services(ServicesScreen {
        cluster_arn: cluster_arn(cluster),
        cursor: cursor(selected),
    })
}

pub fn service_screen(name: &str, selected: usize) -> Screen {
    Screen::Service(ServiceScreen {
        cluster_arn: cluster_arn(PROD),
        service_arn: service_arn(PROD, name),
        service_name: name.into(),
        cursor: cursor(selected),
        panes: Default::default(),
    })
}

pub fn tasks_screen(cluster: &str, selected: usize) -> Screen {
    Screen::Tasks(TasksScreen {
        cluster_arn: cluster_arn(cluster),
        cursor: cursor(selected),
    })
}

/// A task opened from the cluster's tasks.
pub fn cluster_task_screen(id: &str) -> Screen {
    Screen::Task(TaskScreen {
        cluster_arn: cluster_arn(PROD),
        task_arn: task_arn(PROD, id),
        from: TaskSource::Cluster,
    })
}

pub fn task_screen(service: &str, id: &str) -> Screen {
    Screen::Task(TaskScreen {
        cluster_arn: cluster_arn(PROD),
        task_arn: task_arn(PROD, id),
        from: TaskSource::Service(service.into()),
    })
}

/// Push screens as a user drilling down would.
pub fn at(mut state: State, screens: Vec<Screen>) -> State {
    state.screens.extend(screens);
    state
}

/// Draw one frame with the default theme. The table's rows are worked out first, as `update` would.
pub fn draw_at(state: &State, width: u16, height: u16) -> Terminal<TestBackend> {
    draw_themed(state, width, height, &Theme::default())
}

/// Draw one frame with `theme`.
pub fn draw_themed(state: &State, width: u16, height: u16, theme: &Theme) -> Terminal<TestBackend> {
    let mut state = state.clone();
    answer_protection(&mut state);
    wharf::app::table::rearrange(&mut state);
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal.draw(|f| draw(f, &state, theme)).unwrap();
    terminal
}

/// The scale-in protection reads the screens ask for (of the tasks they show), answered: nothing protected,
/// unless the fixture answered them already.
pub fn answer_protection(state: &mut State) {
    use wharf::app::explore::{Explored, Read};
    use wharf::app::needs::Need;
    use wharf::app::Resource;
    let reads: Vec<Read> = state
        .screens
        .iter()
        .flat_map(|screen| screen.needs(state))
        .filter_map(|need| match need {
            Need::Whole {
                resource: Resource::Explore(read @ Read::TaskProtection { .. }),
                ..
            } => Some(read),
            _ => None,
        })
        .collect();
    for read in reads {
        let Read::TaskProtection { task_arns, .. } = &read else {
            continue;
        };
        // As ECS answers for tasks that are not protected.
        let answer = task_arns
            .iter()
            .map(|arn| TaskProtection {
                task_arn: arn.clone(),
                enabled: false,
                expires_at: None,
            })
            .collect();
        // A read the fixture's `update` sent is in flight: it gets its answer, and stays in flight (as the
        // other reads of such a fixture do).
        let entry = state.session.cache.explored.entry(read).or_default();
        if entry.data.is_none() {
            entry.data = Some(Explored::TaskProtection(answer));
            entry.status.fetched_at = Some(ago(2));
        }
    }
}

/// The frame as text (TestBackend cannot print a zero-width buffer, so this is for sizes of at least 1x1).
pub fn render(state: &State, width: u16, height: u16) -> String {
    format!("{}", draw_at(state, width, height).backend())
}

pub const SIZES: [(u16, u16); 2] = [(80, 24), (160, 48)];

/// `n` services named `svc-0000`… in prod-fargate, for large-account tests and the bench.
pub fn many_services(n: usize) -> Vec<Service> {
    (0..n)
        .map(|i| {
            let name = format!("svc-{i:04}");
            let mut s = service(&name, &format!("{name}:{}", i % 50 + 1), (2, 2, 0));
            s.events.clear();
            s
        })
        .collect()
}

/// `n` running tasks of web, with ids `t0000000…`.
pub fn many_tasks(n: usize) -> Vec<Task> {
    (0..n)
        .map(|i| {
            let id = format!("t{i:07}{}", "0".repeat(24));
            task(
                &id,
                TaskStatus::Running,
                HealthStatus::Healthy,
                "eu-west-1a",
                "web:42",
                60 + i as i64,
            )
        })
        .collect()
}

/// `D` on the prod cluster, its plan read (nothing in it but the cluster): the dialog that asks for the name.
pub fn cleanup_dialog() -> State {
    use wharf::app::{update, Action, Effect, UserAction};
    let mut state = at(loaded(), vec![]);
    update(&mut state, Action::Resize(120, 40));
    let clusters = state
        .session
        .cache
        .clusters
        .data
        .clone()
        .unwrap_or_default();
    let prod = clusters.iter().position(|c| c.name == PROD).unwrap();
    for _ in 0..prod {
        update(&mut state, Action::User(UserAction::Down));
    }
    let effects = update(&mut state, Action::User(UserAction::Cleanup));
    let Some(Effect::PlanCleanup { scope }) = effects.into_iter().next() else {
        panic!("D reads the plan first")
    };
    let result = Ok(wharf::app::cleanup::Inputs::default());
    update(&mut state, Action::CleanupRead { scope, result });
    assert!(state.overlay.dialog().is_some(), "the cleanup's dialog");
    state
}
