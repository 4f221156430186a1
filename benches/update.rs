//! How long `update` takes on a 2,000-service cluster: applying a fresh list (sort + cursor re-anchoring)
//! and moving the cursor. Both run on the UI thread, so they must stay far below a frame (16 ms).

#![forbid(unsafe_code)]

use criterion::{criterion_group, criterion_main, BatchSize, Criterion};
use wharf::app::{update, Action, Payload, Resource, State, UserAction};
use wharf::backend::BackendInfo;
use wharf::model::{Cluster, Service, ServiceEvent, Timestamp};

const CLUSTER: &str = "arn:aws:ecs:eu-west-1:123456789012:cluster/big";

fn services(n: usize) -> Vec<Service> {
    (0..n)
        .map(|i| Service {
            arn: format!(
                "arn:aws:ecs:eu-west-1:123456789012:service/big/svc-{:04}",
                (i * 7919) % n
            ),
            name: format!("svc-{:04}", (i * 7919) % n),
            cluster_arn: CLUSTER.into(),
            desired_count: 3,
            running_count: 3,
            ..Default::default()
        })
        .collect()
}

fn key(c: char) -> Action {
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    Action::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE))
}

/// A service with 30 events, as ECS words them: restarts and a steady state, a minute apart.
fn with_events(s: &Service) -> Service {
    let events = (0..30)
        .map(|i| ServiceEvent {
            id: format!("{}-{i}", s.name),
            created_at: Timestamp(-i * 60_000),
            message: if i % 3 == 0 {
                format!("(service {}) has reached a steady state.", s.name)
            } else {
                format!("(service {}) has started 1 tasks: (task {i:032x}).", s.name)
            },
            own: false,
        })
        .collect();
    Service {
        events,
        ..s.clone()
    }
}

fn on_big_cluster() -> State {
    let mut state = State::new(BackendInfo::default(), Timestamp(0));
    state.size = (160, 48);
    let cluster = Cluster {
        arn: CLUSTER.into(),
        name: "big".into(),
        ..Default::default()
    };
    update(
        &mut state,
        Action::loaded(
            Resource::Clusters,
            Ok(Payload::Clusters(vec![cluster])),
            Timestamp(0),
        ),
    );
    update(&mut state, Action::User(UserAction::Open));
    for action in Action::services_loaded(CLUSTER, Ok(services(2000)), Timestamp(0)) {
        update(&mut state, action);
    }
    assert_eq!(state.service_rows(CLUSTER).len(), 2000, "every row loaded");
    update(&mut state, Action::User(UserAction::PageDown));
    state
}

/// The answers that list and describe `list` (a page, then one batch).
fn loaded(list: Vec<Service>) -> Vec<Action> {
    Action::services_loaded(CLUSTER, Ok(list), Timestamp(1))
}

/// Apply each answer, as the event loop would.
fn apply(state: &mut State, actions: Vec<Action>) -> usize {
    actions
        .into_iter()
        .map(|action| update(state, action).len())
        .sum()
}

/// How long `state` takes to apply a fresh `list` (the old one's drop included, as in the app).
fn bench_apply(c: &mut Criterion, name: &str, state: &State, list: &[Service]) {
    c.bench_function(name, |b| {
        b.iter_batched(
            || (state.clone(), list.to_vec()),
            |(mut state, list)| apply(&mut state, loaded(list)),
            BatchSize::SmallInput,
        )
    });
}

fn bench(c: &mut Criterion) {
    let fresh = services(2000);
    bench_apply(c, "update: apply 2,000 services", &on_big_cluster(), &fresh);
    let mut state = on_big_cluster();
    c.bench_function("update: cursor down in 2,000 services", |b| {
        b.iter(|| update(&mut state, Action::User(UserAction::Down)))
    });

    // The worst case for filter and sort: a regular expression over every row's words (alerts included)
    // and the ALERTS sort, which reads each service's events; every service has 30 events.
    let with_events: Vec<Service> = fresh.iter().map(with_events).collect();
    let mut state = on_big_cluster();
    update(&mut state, Action::User(UserAction::Filter));
    for c in "!svc-1[0-4]".chars() {
        update(&mut state, key(c));
    }
    update(&mut state, Action::User(UserAction::Submit));
    update(&mut state, Action::User(UserAction::Command));
    for c in "sort alerts".chars() {
        update(&mut state, key(c));
    }
    update(&mut state, Action::User(UserAction::Submit));
    bench_apply(
        c,
        "update: apply 2,000 services with 30 events each, regex filter, sorted by ALERTS",
        &state,
        &with_events,
    );
    apply(&mut state, loaded(with_events));
    c.bench_function(
        "update: a tick on 2,000 services with 30 events each, regex filter, sorted by ALERTS",
        |b| b.iter(|| update(&mut state, Action::Tick(Timestamp(2)))),
    );
}

criterion_group!(benches, bench);
criterion_main!(benches);
