//! What a frame costs: one full draw of the services view over 2,000 services at 160x48, and of a busy service
//! screen (100 events, 200 targets in two groups, 300 tasks, 20 past deployments) with the key that scrolls its
//! events pane (the panes' layout is worked out from their lines on every key).
//!
//! `rows/services/N` and `rows/tasks/N` draw the services view and a cluster's tasks view over 100, 10,000 and
//! 20,000 rows, the cursor 60% down: tables draw only their visible rows, so issue #12 asks that all cost
//! about the same (`python3 tools/benchmarks.py` compares them).

#![forbid(unsafe_code)]

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use ratatui::backend::TestBackend;
use ratatui::Terminal;
use wharf::app::{ServiceScreen, ServicesScreen, TasksScreen};

use wharf::app::service_table::ServiceTable;
use wharf::app::{Screen, State, TableView};
use wharf::backend::BackendInfo;
use wharf::model::{LaunchType, Service, ServiceStatus, Timestamp};
use wharf::ui::{draw, Theme};

const CLUSTER: &str = "arn:aws:ecs:eu-west-1:123456789012:cluster/prod-fargate";

fn services(n: usize) -> Vec<Service> {
    (0..n)
        .map(|i| Service {
            arn: format!("arn:aws:ecs:eu-west-1:123456789012:service/prod-fargate/svc-{i:04}"),
            name: format!("svc-{i:04}"),
            cluster_arn: CLUSTER.into(),
            status: ServiceStatus::Active,
            desired_count: 3,
            running_count: 3 - (i % 4 == 0) as u32,
            pending_count: (i % 4 == 0) as u32,
            launch_type: LaunchType::Fargate,
            task_definition: format!(
                "arn:aws:ecs:eu-west-1:123456789012:task-definition/svc-{i:04}:{}",
                i % 90 + 1
            ),
            ..Service::default()
        })
        .collect()
}

fn state() -> State {
    services_state(2000)
}

/// The services view over `n` services, the cursor 60% down.
fn services_state(n: usize) -> State {
    let mut state = empty_state();
    let now = state.now;
    state
        .session
        .cache
        .services
        .insert(CLUSTER.into(), ServiceTable::loaded(services(n), now));
    state.screens.push(Screen::Services(ServicesScreen {
        cluster_arn: CLUSTER.into(),
        cursor: TableView {
            selected: n * 3 / 5,
            offset: (n * 3 / 5).saturating_sub(20),
            ..TableView::default()
        },
    }));
    wharf::app::table::rearrange(&mut state);
    state
}

fn empty_state() -> State {
    let now = Timestamp::from_secs(1_718_029_925);
    let info = BackendInfo {
        profile: "prod-admin".into(),
        region: "eu-west-1".into(),
        account_id: Some("123456789012".into()),
        endpoint: None,
        clock_speed: None,
        simulated: false,
    };
    State::new(info, now)
}

/// `n` running tasks of 2,000 services (10 each for 20,000), as a cluster's tasks view lists them.
fn tasks(n: usize, now: Timestamp) -> Vec<wharf::model::Task> {
    use wharf::model::*;
    let tasks = (0..n)
        .map(|i| {
            let service = format!("svc-{:04}", i % 2000);
            let created = now.plus_millis(-(i as i64) * 1_000);
            Task {
                arn: format!("arn:aws:ecs:eu-west-1:123456789012:task/prod-fargate/{i:032x}"),
                cluster_arn: CLUSTER.into(),
                task_definition_arn: format!(
                    "arn:aws:ecs:eu-west-1:123456789012:task-definition/{service}:{}",
                    i % 90 + 1
                ),
                group: format!("service:{service}"),
                started_by: format!("ecs-svc/{:019}", i % 2000),
                last_status: TaskStatus::Running,
                desired_status: DesiredStatus::Running,
                availability_zone: format!("eu-west-1{}", ["a", "b", "c"][i % 3]),
                launch_type: LaunchType::Fargate,
                cpu: 256,
                memory: 512,
                private_ip: Some(format!("10.{}.{}.{}", i / 65_000, i / 250 % 260, i % 250)),
                created_at: created,
                started_at: Some(created.plus_millis(20_000)),
                ..Task::default()
            }
        })
        .collect();
    wharf::app::TaskList::new(tasks).into_vec()
}

/// A cluster's tasks view over `n` tasks (below its services view, as `:tasks` opens it), the cursor 60% down.
fn tasks_state(n: usize) -> State {
    use wharf::app::Loadable;
    let mut state = services_state(100);
    let now = state.now;
    state
        .session
        .cache
        .cluster_tasks
        .insert(CLUSTER.into(), Loadable::loaded(tasks(n, now).into(), now));
    state.screens.push(Screen::Tasks(TasksScreen {
        cluster_arn: CLUSTER.into(),
        cursor: TableView {
            selected: n * 3 / 5,
            offset: (n * 3 / 5).saturating_sub(20),
            ..TableView::default()
        },
    }));
    wharf::app::table::rearrange(&mut state);
    state
}

/// Drawing against row count: the same frame over 100, 10,000 and 20,000 rows.
fn bench_rows(c: &mut Criterion) {
    let theme = Theme::default();
    let mut terminal = Terminal::new(TestBackend::new(160, 48)).unwrap();
    let mut group = c.benchmark_group("rows");
    for n in [100, 10_000, 20_000] {
        for (view, state) in [("services", services_state(n)), ("tasks", tasks_state(n))] {
            assert_eq!(state.screen().cursor().map(|c| c.rows.len()), Some(n));
            group.bench_function(BenchmarkId::new(view, n), |b| {
                b.iter(|| {
                    terminal.draw(|f| draw(f, &state, &theme)).unwrap();
                })
            });
        }
    }
    group.finish();
}

fn bench_draw(c: &mut Criterion) {
    let state = state();
    let theme = Theme::default();
    let mut terminal = Terminal::new(TestBackend::new(160, 48)).unwrap();
    c.bench_function("draw services view, 2000 services, 160x48", |b| {
        b.iter(|| {
            terminal.draw(|f| draw(f, &state, &theme)).unwrap();
        })
    });
}

/// A service mid blue/green rollout with everything at ECS's limits or beyond what a screen shows.
fn busy_service_state() -> State {
    use wharf::app::{update, Action, Loadable, ServiceKey, UserAction};
    use wharf::model::*;
    let mut state = state();
    let now = state.now;
    let svc_arn = "arn:aws:ecs:eu-west-1:123456789012:service/prod-fargate/svc-0001".to_string();
    let tg = |c: &str| {
        format!("arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/{c}/0a1b")
    };
    let table = state.session.cache.services.get_mut(CLUSTER).unwrap();
    let mut rows = table.data.as_ref().unwrap().rows().to_vec();
    let svc = rows.iter_mut().find(|s| s.arn == svc_arn).unwrap();
    svc.load_balancers = vec![LoadBalancerBinding {
        target_group_arn: tg("blue"),
        container_name: "app".into(),
        container_port: 8080,
        alternate_target_group_arn: Some(tg("green")),
    }];
    svc.events = (0..100)
        .map(|i| ServiceEvent {
            id: format!("ev-{i}"),
            created_at: now.plus_millis(-i * 7_000),
            message: format!("(service svc-0001) (deployment ecs-svc/{i}) has started 3 tasks: (task {i:032x}) and a reason long enough to wrap twice at 80 columns."),
            own: false,
        })
        .collect();
    *table = ServiceTable::loaded(rows, now);
    let key = ServiceKey {
        cluster_arn: CLUSTER.into(),
        service_name: "svc-0001".into(),
    };
    let tasks: Vec<Task> = (0..300)
        .map(|i| Task {
            arn: format!("arn:aws:ecs:eu-west-1:123456789012:task/prod-fargate/{i:032x}"),
            cluster_arn: CLUSTER.into(),
            private_ip: Some(format!("10.0.{}.{}", i / 250, i % 250)),
            last_status: TaskStatus::Running,
            ..Task::default()
        })
        .collect();
    state
        .session
        .cache
        .tasks
        .insert(key.clone(), Loadable::loaded(tasks.into(), now));
    for (c, range) in [("blue", 0..100), ("green", 100..200)] {
        let targets = range
            .map(|i: i32| TargetHealth {
                target_id: format!("10.0.{}.{}", i / 250, i % 250),
                port: 8080,
                state: TargetState::Healthy,
                ..TargetHealth::default()
            })
            .collect();
        state
            .session
            .cache
            .target_health
            .insert(tg(c), Loadable::loaded(targets, now));
    }
    let history = (0..20)
        .map(|i| ServiceDeployment {
            arn: format!(
                "arn:aws:ecs:eu-west-1:123456789012:service-deployment/prod-fargate/svc-0001/{i}"
            ),
            status: ServiceDeploymentStatus::Successful,
            created_at: Some(now.plus_millis(-i * 3_600_000)),
            ..ServiceDeployment::default()
        })
        .collect();
    state
        .session
        .cache
        .deployments
        .insert(key, Loadable::loaded(history, now));
    update(&mut state, Action::Resize(160, 48));
    update(&mut state, Action::User(UserAction::Top));
    update(&mut state, Action::User(UserAction::Down));
    update(&mut state, Action::User(UserAction::Open));
    update(&mut state, Action::User(UserAction::PreviousPane));
    state
}

fn bench_service(c: &mut Criterion) {
    use wharf::app::{update, Action, UserAction};
    let mut state = busy_service_state();
    assert!(
        matches!(state.screen(), Screen::Service(ServiceScreen { service_name, .. }) if service_name == "svc-0001")
    );
    let theme = Theme::default();
    let mut terminal = Terminal::new(TestBackend::new(160, 48)).unwrap();
    c.bench_function("draw a busy service screen, 160x48", |b| {
        b.iter(|| {
            terminal.draw(|f| draw(f, &state, &theme)).unwrap();
        })
    });
    c.bench_function("scroll the events pane of a busy service (update)", |b| {
        b.iter(|| {
            update(&mut state, Action::User(UserAction::Down));
            update(&mut state, Action::User(UserAction::Up));
        })
    });
}

/// A big revision: 10 containers of 40 environment variables, 4 ports and 5 secrets each; its successor
/// changes every container's image and a quarter of its variables.
fn big_revision(number: u32) -> wharf::model::TaskDefinition {
    use wharf::model::*;
    let containers = (0..10)
        .map(|c| ContainerDefinition {
            name: format!("container-{c}"),
            image: format!("123456789012.dkr.ecr.eu-west-1.amazonaws.com/app-{c}:{number}.0.0"),
            cpu: 256,
            memory: Some(512),
            essential: c == 0,
            port_mappings: (0..4)
                .map(|p| PortMapping {
                    container_port: 8080 + p,
                    host_port: 8080 + p,
                    protocol: "tcp",
                    ..PortMapping::default()
                })
                .collect(),
            environment: (0..40)
                .map(|v| EnvVar {
                    name: format!("SETTING_{v:02}"),
                    value: match v % 4 == 0 {
                        true => format!("value-{v}-of-revision-{number}"),
                        false => format!("value-{v}"),
                    },
                })
                .collect(),
            secrets: (0..5)
                .map(|v| Secret {
                    name: format!("SECRET_{v}"),
                    value_from: format!(
                        "arn:aws:secretsmanager:eu-west-1:123456789012:secret:s{v}"
                    ),
                })
                .collect(),
            ..ContainerDefinition::default()
        })
        .collect();
    TaskDefinition {
        arn: format!("arn:aws:ecs:eu-west-1:123456789012:task-definition/app:{number}"),
        family: "app".into(),
        revision: number,
        status: "ACTIVE".into(),
        cpu: Some(4096),
        memory: Some(8192),
        containers,
        ..TaskDefinition::default()
    }
}

fn bench_definition_texts(c: &mut Criterion) {
    use wharf::app::explore::definition_text::{diff_of, revision};
    use wharf::app::{Loadable, Overlay};
    let mut state = state();
    let (older, newer) = (big_revision(7), big_revision(8));
    for td in [&older, &newer] {
        state
            .session
            .cache
            .task_definitions
            .insert(td.arn.clone(), Loadable::loaded(td.clone(), state.now));
    }
    let theme = Theme::default();
    let mut terminal = Terminal::new(TestBackend::new(160, 48)).unwrap();
    state.overlay = Overlay::Text(revision(&newer.arn));
    c.bench_function("draw a big revision's JSON, 160x48", |b| {
        b.iter(|| {
            terminal.draw(|f| draw(f, &state, &theme)).unwrap();
        })
    });
    state.overlay = Overlay::Text(diff_of(Some(older.arn.clone()), &newer.arn));
    c.bench_function("draw the diff of two big revisions, 160x48", |b| {
        b.iter(|| {
            terminal.draw(|f| draw(f, &state, &theme)).unwrap();
        })
    });
}

criterion_group!(
    benches,
    bench_draw,
    bench_rows,
    bench_service,
    bench_definition_texts
);
criterion_main!(benches);
