//! One full draw of the services view over 2,000 services at 160x48: what a large account costs per frame.

use criterion::{criterion_group, criterion_main, Criterion};
use ratatui::backend::TestBackend;
use ratatui::Terminal;

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
    let now = Timestamp::from_secs(1_718_029_925);
    let info = BackendInfo {
        profile: "prod-admin".into(),
        region: "eu-west-1".into(),
        account_id: Some("123456789012".into()),
        endpoint: None,
        clock_speed: None,
    };
    let mut state = State::new(info, now);
    state
        .session
        .cache
        .services
        .insert(CLUSTER.into(), ServiceTable::loaded(services(2000), now));
    state.screens.push(Screen::Services {
        cluster_arn: CLUSTER.into(),
        cursor: TableView {
            selected: 1200,
            offset: 1180,
            ..TableView::default()
        },
    });
    wharf::app::table::rearrange(&mut state);
    state
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

criterion_group!(benches, bench_draw);
criterion_main!(benches);
