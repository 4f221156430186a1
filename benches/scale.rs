//! What a big account costs wharf itself: drawing a table of 100 and of 10,000 services and the tasks view
//! of 20,000 tasks (a frame must cost the same whatever the row count), and planning and applying one
//! refresh of a 2,000-service cluster (220 answers).

#![forbid(unsafe_code)]

use criterion::{criterion_group, criterion_main, BatchSize, Criterion};
use ratatui::backend::TestBackend;
use ratatui::Terminal;
use wharf::app::{ServicesScreen, TasksScreen};

use wharf::app::service_table::ServiceTable;
use wharf::app::{update, Action, Fetch, Loadable, Payload, Screen, State, TableView};
use wharf::backend::{BackendInfo, Described};
use wharf::model::{
    DesiredStatus, LaunchType, Service, ServiceStatus, Task, TaskStatus, Timestamp,
};
use wharf::ui::{draw, Theme};

const CLUSTER: &str = "arn:aws:ecs:eu-west-1:123456789012:cluster/big";

fn now() -> Timestamp {
    Timestamp::from_secs(1_718_029_925)
}

fn services(n: usize) -> Vec<Service> {
    (0..n)
        .map(|i| Service {
            arn: format!("arn:aws:ecs:eu-west-1:123456789012:service/big/svc-{i:05}"),
            name: format!("svc-{i:05}"),
            cluster_arn: CLUSTER.into(),
            status: ServiceStatus::Active,
            desired_count: 3,
            running_count: 3 - (i % 4 == 0) as u32,
            pending_count: (i % 4 == 0) as u32,
            launch_type: LaunchType::Fargate,
            task_definition: format!(
                "arn:aws:ecs:eu-west-1:123456789012:task-definition/svc-{i:05}:{}",
                i % 90 + 1
            ),
            ..Service::default()
        })
        .collect()
}

fn tasks(n: usize) -> Vec<Task> {
    (0..n)
        .map(|i| Task {
            arn: format!("arn:aws:ecs:eu-west-1:123456789012:task/big/{i:032x}"),
            cluster_arn: CLUSTER.into(),
            group: format!("service:svc-{:05}", i / 3),
            last_status: TaskStatus::Running,
            desired_status: DesiredStatus::Running,
            availability_zone: "eu-west-1a".into(),
            task_definition_arn: format!(
                "arn:aws:ecs:eu-west-1:123456789012:task-definition/svc-{:05}:1",
                i / 3
            ),
            created_at: now().plus_millis(-(i as i64) * 1000),
            ..Task::default()
        })
        .collect()
}

fn base() -> State {
    let info = BackendInfo {
        profile: "prod".into(),
        region: "eu-west-1".into(),
        account_id: Some("123456789012".into()),
        endpoint: None,
        clock_speed: None,
        simulated: false,
    };
    let mut state = State::new(info, now());
    state.size = (160, 48);
    state
}

fn services_state(n: usize) -> State {
    let mut state = base();
    state
        .session
        .cache
        .services
        .insert(CLUSTER.into(), ServiceTable::loaded(services(n), now()));
    let cursor = mid_table(n);
    on_top(
        state,
        Screen::Services(ServicesScreen {
            cluster_arn: CLUSTER.into(),
            cursor,
        }),
    )
}

/// The cursor half-way down a table of `n` rows.
fn mid_table(n: usize) -> TableView {
    TableView {
        selected: n / 2,
        offset: n / 2 - 10,
        ..TableView::default()
    }
}

fn on_top(mut state: State, screen: Screen) -> State {
    state.screens.push(screen);
    wharf::app::table::rearrange(&mut state);
    state
}

fn tasks_state(n: usize) -> State {
    let mut state = base();
    state
        .session
        .cache
        .cluster_tasks
        .insert(CLUSTER.into(), Loadable::loaded(tasks(n).into(), now()));
    let cursor = mid_table(n);
    on_top(
        state,
        Screen::Tasks(TasksScreen {
            cluster_arn: CLUSTER.into(),
            cursor,
        }),
    )
}

fn bench_draw(c: &mut Criterion) {
    let theme = Theme::default();
    let mut terminal = Terminal::new(TestBackend::new(160, 48)).unwrap();
    for n in [100, 10_000] {
        let state = services_state(n);
        c.bench_function(&format!("draw services view, {n} services, 160x48"), |b| {
            b.iter(|| {
                terminal.draw(|f| draw(f, &state, &theme)).unwrap();
            })
        });
    }
    let state = tasks_state(20_000);
    c.bench_function("draw tasks view, 20000 tasks, 160x48", |b| {
        b.iter(|| {
            terminal.draw(|f| draw(f, &state, &theme)).unwrap();
        })
    });
}

/// The answers of one full refresh of the cluster: 20 pages of 100 ARNs, 200 batches of 10 services.
fn refresh_answers(services: &[Service], at: Timestamp) -> Vec<Action> {
    let arns: Vec<String> = services.iter().map(|s| s.arn.clone()).collect();
    let mut answers = Vec::new();
    for (i, page) in arns.chunks(100).enumerate() {
        let last = (i + 1) * 100 >= arns.len();
        answers.push(Action::Fetched {
            fetch: Fetch::ServicePage {
                cluster_arn: CLUSTER.into(),
                token: (i > 0).then(|| (i * 100).to_string()),
            },
            result: Ok(Payload::ServicePage {
                arns: page.to_vec(),
                next: (!last).then(|| ((i + 1) * 100).to_string()),
            }),
            at,
            calls: 1,
        });
    }
    for batch in services.chunks(10) {
        answers.push(Action::Fetched {
            fetch: Fetch::Services {
                cluster_arn: CLUSTER.into(),
                arns: batch.iter().map(|s| s.arn.clone()).collect(),
            },
            result: Ok(Payload::Services(Described {
                items: batch.to_vec(),
                failures: Vec::new(),
            })),
            at,
            calls: 1,
        });
    }
    answers
}

fn bench_refresh(c: &mut Criterion) {
    let state = services_state(2_000);
    let later = now().plus_millis(120_000);
    c.bench_function(
        "plan one refresh, 2000 services (a tick when every row is due)",
        |b| {
            b.iter_batched(
                || state.clone(),
                |mut s| update(&mut s, Action::Tick(later)),
                BatchSize::LargeInput,
            )
        },
    );
    let mut fresh = services(2_000);
    for s in fresh.iter_mut().step_by(7) {
        s.running_count = 1;
    }
    let answers = refresh_answers(&fresh, later);
    c.bench_function("apply one refresh, 2000 services (220 answers)", |b| {
        b.iter_batched(
            || (state.clone(), answers.clone()),
            |(mut s, answers)| {
                for a in answers {
                    update(&mut s, a);
                }
                s
            },
            BatchSize::LargeInput,
        )
    });
}

criterion_group!(benches, bench_draw, bench_refresh);
criterion_main!(benches);
