//! `update()` transitions: navigation, cursor, polling and how answers are applied. No terminal, no backend.

use wharf::app::{
    update, Action, Effect, Fetch, Payload, Resource, Screen, ServiceKey, State, UserAction,
};
use wharf::app::{ServiceScreen, ServicesScreen, TaskScreen};
use wharf::backend::{BackendError, BackendInfo, Described};
use wharf::model::*;

const T0: Timestamp = Timestamp(1_700_000_000_000);
const CLUSTER: &str = "arn:aws:ecs:eu-west-1:123456789012:cluster/prod";

fn cluster(name: &str) -> Cluster {
    Cluster {
        arn: format!("arn:aws:ecs:eu-west-1:123456789012:cluster/{name}"),
        name: name.into(),
        ..Default::default()
    }
}

fn service(name: &str) -> Service {
    Service {
        arn: format!("arn:aws:ecs:eu-west-1:123456789012:service/prod/{name}"),
        name: name.into(),
        cluster_arn: CLUSTER.into(),
        ..Default::default()
    }
}

fn task(id: &str, status: TaskStatus, created_s: i64) -> Task {
    Task {
        arn: format!("arn:aws:ecs:eu-west-1:123456789012:task/prod/{id}"),
        last_status: status,
        created_at: Timestamp::from_secs(created_s),
        stopped_at: (status == TaskStatus::Stopped).then(|| Timestamp::from_secs(created_s + 60)),
        task_definition_arn: "arn:aws:ecs:eu-west-1:123456789012:task-definition/web:3".into(),
        ..Default::default()
    }
}

fn fresh() -> (State, Vec<Effect>) {
    let mut state = State::new(BackendInfo::default(), T0);
    state.size = (120, 40);
    let effects = update(&mut state, Action::Tick(T0));
    (state, effects)
}

fn at(ms: i64) -> Timestamp {
    T0.plus_millis(ms)
}

/// The answer to a read of every cluster.
fn clusters_loaded(result: Result<Vec<Cluster>, BackendError>, at: Timestamp) -> Action {
    Action::loaded(Resource::Clusters, result.map(Payload::Clusters), at)
}

/// The answers that list the services of `prod` and describe them all.
fn services_loaded(state: &mut State, services: Vec<Service>, at: Timestamp) {
    for action in Action::services_loaded(CLUSTER, Ok(services), at) {
        update(state, action);
    }
}

fn load_clusters() -> Effect {
    Effect::Fetch(Fetch::One(Resource::Clusters))
}

fn web_key() -> ServiceKey {
    ServiceKey {
        cluster_arn: CLUSTER.into(),
        service_name: "web".into(),
    }
}

/// The answer to a read of one service's row.
fn service_described(svc: &Service, at: Timestamp) -> Action {
    Action::Fetched {
        fetch: Fetch::Services {
            cluster_arn: CLUSTER.into(),
            arns: vec![svc.arn.clone()],
        },
        result: Ok(Payload::Services(Described {
            items: vec![svc.clone()],
            failures: Vec::new(),
        })),
        at,
        calls: 1,
    }
}

/// Does `effects` read the row of the service `arn`?
fn reads_row(effects: &[Effect], arn: &str) -> bool {
    effects.iter().any(|e| {
        matches!(e, Effect::Fetch(Fetch::Services { arns, .. }) if arns.iter().any(|a| a == arn))
    })
}

/// A state showing the services of `prod`, loaded with these names.
fn on_services(names: &[&str]) -> State {
    let (mut state, _) = fresh();
    update(&mut state, clusters_loaded(Ok(vec![cluster("prod")]), T0));
    update(&mut state, Action::User(UserAction::Open));
    let services = names.iter().map(|n| service(n)).collect();
    services_loaded(&mut state, services, T0);
    state
}

fn selected_key(state: &State) -> Option<String> {
    state.screen().cursor().and_then(|c| c.selected_key.clone())
}

#[test]
fn first_tick_loads_clusters_once_until_the_interval_passes() {
    let (mut state, effects) = fresh();
    assert_eq!(effects, vec![load_clusters()]);
    assert!(state.session.cache.clusters.status.in_flight);
    // While the request is out, no second one, however much time passes.
    assert!(update(&mut state, Action::Tick(at(60_000))).is_empty());
    update(
        &mut state,
        clusters_loaded(Ok(vec![cluster("a")]), at(60_000)),
    );
    assert!(
        update(&mut state, Action::Tick(at(61_000))).is_empty(),
        "answered a second ago: not due"
    );
    let interval = state.refresh.list_ms;
    assert_eq!(
        update(&mut state, Action::Tick(at(60_000 + interval))),
        vec![load_clusters()]
    );
}

#[test]
fn refresh_forces_a_fetch_but_never_a_second_in_flight() {
    let (mut state, _) = fresh();
    update(&mut state, clusters_loaded(Ok(vec![]), T0));
    assert_eq!(
        update(&mut state, Action::User(UserAction::Refresh)),
        vec![load_clusters()]
    );
    assert!(
        update(&mut state, Action::User(UserAction::Refresh)).is_empty(),
        "one already in flight"
    );
}

#[test]
fn refresh_pressed_while_a_request_is_out_is_sent_when_it_answers() {
    let (mut state, _) = fresh();
    update(&mut state, clusters_loaded(Ok(vec![]), T0));
    update(&mut state, Action::User(UserAction::Refresh));
    update(&mut state, Action::User(UserAction::Refresh));
    update(&mut state, Action::User(UserAction::Refresh));
    // The answer to the first refresh may have left before the later key presses: ask once more.
    let after = update(&mut state, clusters_loaded(Ok(vec![cluster("a")]), at(500)));
    assert_eq!(after, vec![load_clusters()]);
    let later = update(&mut state, clusters_loaded(Ok(vec![cluster("a")]), at(900)));
    assert!(
        later.is_empty(),
        "repeated key presses while waiting make one extra request, not one each"
    );
}

#[test]
fn enter_drills_in_and_back_returns_with_the_cursor_where_it_was() {
    let (mut state, _) = fresh();
    let clusters = vec![cluster("b"), cluster("a"), cluster("c")];
    update(&mut state, clusters_loaded(Ok(clusters), T0));
    update(&mut state, Action::User(UserAction::Down));
    // Sorted by name: a, b, c -> the cursor is on b.
    assert_eq!(
        selected_key(&state).as_deref(),
        Some(cluster("b").arn.as_str())
    );
    let effects = update(&mut state, Action::User(UserAction::Open));
    // The list, and beside it the region's scalable targets and firing alarms (AUTO SCALING, ALERTS).
    assert_eq!(
        effects,
        vec![
            Effect::Fetch(Fetch::ServicePage {
                cluster_arn: cluster("b").arn,
                token: None,
            }),
            Effect::Fetch(Fetch::One(wharf::app::Resource::Explore(
                wharf::app::explore::Read::ScalableTargets,
            ))),
            Effect::Fetch(Fetch::One(wharf::app::Resource::Explore(
                wharf::app::explore::Read::FiringAlarms,
            ))),
        ]
    );
    assert!(
        matches!(state.screen(), Screen::Services(ServicesScreen { cluster_arn, .. }) if *cluster_arn == cluster("b").arn)
    );
    update(&mut state, Action::User(UserAction::Back));
    assert!(matches!(state.screen(), Screen::Clusters(_)));
    assert_eq!(
        selected_key(&state).as_deref(),
        Some(cluster("b").arn.as_str())
    );
    update(&mut state, Action::User(UserAction::Back));
    assert_eq!(state.screens.len(), 1, "the first screen stays");
}

#[test]
fn enter_on_an_empty_or_loading_table_does_nothing() {
    let (mut state, _) = fresh();
    update(&mut state, Action::User(UserAction::Open));
    assert_eq!(state.screens.len(), 1);
    update(&mut state, clusters_loaded(Ok(vec![]), T0));
    update(&mut state, Action::User(UserAction::Down));
    update(&mut state, Action::User(UserAction::Open));
    assert_eq!(state.screens.len(), 1);
}

#[test]
fn cursor_stays_in_range_when_data_shrinks() {
    let mut state = on_services(&["a", "b", "c", "d", "e"]);
    update(&mut state, Action::User(UserAction::Bottom));
    assert_eq!(state.screen().cursor().unwrap().selected, 4);
    let fewer = vec![service("a"), service("b")];
    services_loaded(&mut state, fewer, at(10_000));
    let cursor = state.screen().cursor().unwrap();
    assert_eq!(cursor.selected, 1);
    assert_eq!(
        cursor.selected_key.as_deref(),
        Some(service("b").arn.as_str())
    );
    services_loaded(&mut state, vec![], at(20_000));
    assert_eq!(state.screen().cursor().unwrap().selected, 0);
    update(&mut state, Action::User(UserAction::Down));
    update(&mut state, Action::User(UserAction::Open));
    assert!(
        matches!(state.screen(), Screen::Services(_)),
        "nothing to open in an empty table"
    );
}

#[test]
fn cursor_follows_its_row_when_rows_are_inserted_above() {
    let mut state = on_services(&["m", "n"]);
    update(&mut state, Action::User(UserAction::Down));
    let more = vec![service("a"), service("b"), service("m"), service("n")];
    services_loaded(&mut state, more, at(10_000));
    let cursor = state.screen().cursor().unwrap();
    assert_eq!(cursor.selected, 3);
    assert_eq!(
        cursor.selected_key.as_deref(),
        Some(service("n").arn.as_str())
    );
}

#[test]
fn paging_moves_by_a_screenful_and_keeps_the_cursor_visible() {
    let names: Vec<String> = (0..500).map(|i| format!("svc-{i:03}")).collect();
    let mut state = on_services(&names.iter().map(String::as_str).collect::<Vec<_>>());
    let page = wharf::ui::layout::body_rows(&state, state.screen());
    assert!(page > 5);
    update(&mut state, Action::User(UserAction::PageDown));
    let c = state.screen().cursor().unwrap().clone();
    assert_eq!(c.selected, page);
    assert!(c.offset <= c.selected && c.selected < c.offset + page);
    update(&mut state, Action::User(UserAction::Bottom));
    let c = state.screen().cursor().unwrap().clone();
    assert_eq!((c.selected, c.offset), (499, 500 - page));
    update(&mut state, Action::User(UserAction::Up));
    assert_eq!(
        state.screen().cursor().unwrap().offset,
        500 - page,
        "moving up inside the page does not scroll"
    );
    update(&mut state, Action::User(UserAction::Top));
    assert_eq!(state.screen().cursor().unwrap().offset, 0);
    // A smaller terminal scrolls so the cursor stays visible.
    update(&mut state, Action::User(UserAction::Bottom));
    update(&mut state, Action::Resize(80, 12));
    let small = wharf::ui::layout::body_rows(&state, state.screen()).max(1);
    let c = state.screen().cursor().unwrap().clone();
    assert!(c.offset <= c.selected && c.selected < c.offset + small);
}

/// Tick every second from `from` ms until `until` ms: when the clusters are read again, if they are.
fn next_clusters_read(state: &mut State, from: i64, until: i64) -> Option<i64> {
    (from..=until)
        .step_by(1000)
        .find(|&ms| update(state, Action::Tick(at(ms))).contains(&load_clusters()))
}

#[test]
fn a_failed_refresh_keeps_the_old_data_and_shows_the_error() {
    let (mut state, _) = fresh();
    update(&mut state, clusters_loaded(Ok(vec![cluster("a")]), T0));
    assert_eq!(
        update(&mut state, Action::Tick(at(10_000))),
        vec![load_clusters()]
    );
    let err = BackendError::Unreachable {
        endpoint: "ecs.eu-west-1.amazonaws.com".into(),
        detail: "timed out".into(),
    };
    update(&mut state, clusters_loaded(Err(err.clone()), at(11_000)));
    let clusters = &state.session.cache.clusters;
    assert_eq!(
        clusters.data.as_ref().map(Vec::len),
        Some(1),
        "stale data stays on screen"
    );
    assert_eq!(clusters.status.error, Some(err.clone()));
    assert_eq!(
        clusters.status.fetched_at,
        Some(T0),
        "its age is the age of the data, not of the error"
    );
    // No retry storm: a fault that may clear by itself is checked once an interval (the probe), never
    // sooner, however often it fails.
    let interval = state.refresh.list_ms;
    let first_retry = next_clusters_read(&mut state, 12_000, 11_000 + 10 * interval)
        .expect("a failed read is tried again");
    assert!(
        first_retry - 11_000 >= interval,
        "retried after {first_retry} ms"
    );
    let failed_again = first_retry + 500;
    update(&mut state, clusters_loaded(Err(err), at(failed_again)));
    let second_retry =
        next_clusters_read(&mut state, failed_again + 500, failed_again + 10 * interval)
            .expect("tried again after a second failure");
    let second_wait = second_retry - failed_again;
    assert!(
        (interval..interval + 1_000).contains(&second_wait),
        "checked again one interval later: {second_wait} ms"
    );
    update(
        &mut state,
        clusters_loaded(Ok(vec![cluster("a"), cluster("b")]), at(second_retry + 500)),
    );
    assert_eq!(
        state.session.cache.clusters.status.error, None,
        "the next good answer clears the error"
    );
    assert_eq!(
        state.session.cache.clusters.status.failures, 0,
        "and the wait is back to the interval"
    );
}

fn on_service_detail(svc: Service) -> (State, Vec<Effect>) {
    let mut state = on_services(&[]);
    let name = svc.name.clone();
    services_loaded(&mut state, vec![svc], T0);
    let effects = update(&mut state, Action::User(UserAction::Open));
    assert!(
        matches!(state.screen(), Screen::Service(ServiceScreen { service_name, .. }) if *service_name == name)
    );
    (state, effects)
}

#[test]
fn service_detail_loads_the_service_its_tasks_its_target_health_and_its_deployments() {
    let mut svc = service("web");
    let tg = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/web/abc".to_string();
    svc.load_balancers = vec![LoadBalancerBinding {
        target_group_arn: tg.clone(),
        container_name: "web".into(),
        container_port: 80,
        ..Default::default()
    }];
    let (mut state, effects) = on_service_detail(svc.clone());
    assert!(
        effects.contains(&Effect::Fetch(Fetch::One(
            Resource::ServiceTasks(web_key())
        ))),
        "{effects:?}"
    );
    assert!(
        effects.contains(&Effect::Fetch(Fetch::One(Resource::TargetHealth {
            target_group_arn: tg
        }))),
        "{effects:?}"
    );
    assert!(
        effects.contains(&Effect::Fetch(Fetch::One(Resource::Deployments(web_key())))),
        "the deployment history: {effects:?}"
    );
    // The service itself is its row of the list, described with the list a moment ago: not read again yet.
    assert_eq!(effects.len(), 3, "{effects:?}");
    // Its row is read on its own (a batch of one) the detail's interval later.
    let detail = state.refresh.detail_ms;
    let later = update(&mut state, Action::Tick(at(detail)));
    assert!(
        later.contains(&Effect::Fetch(Fetch::Services {
            cluster_arn: CLUSTER.into(),
            arns: vec![svc.arn.clone()],
        })),
        "{later:?}"
    );
}

#[test]
fn a_deploying_service_is_polled_faster_than_a_steady_one() {
    let deployment = |status, rollout| Deployment {
        status,
        rollout_state: rollout,
        ..Default::default()
    };
    let mut steady = service("web");
    steady.deployments = vec![deployment(
        DeploymentStatus::Primary,
        RolloutState::Completed,
    )];
    let mut deploying = service("web");
    deploying.deployments = vec![
        deployment(DeploymentStatus::Primary, RolloutState::InProgress),
        deployment(DeploymentStatus::Active, RolloutState::Completed),
    ];
    for (svc, expect_fast) in [(steady, false), (deploying, true)] {
        let (mut state, _) = on_service_detail(svc.clone());
        let fast = state.refresh.deploying_ms;
        update(&mut state, service_described(&svc, T0));
        update(
            &mut state,
            Action::loaded(
                Resource::ServiceTasks(web_key()),
                Ok(Payload::Tasks(vec![])),
                T0,
            ),
        );
        let effects = update(&mut state, Action::Tick(at(fast)));
        assert_eq!(reads_row(&effects, &svc.arn), expect_fast, "{effects:?}");
    }
}

#[test]
fn tasks_sort_live_newest_first_then_stopped_and_the_task_screen_loads_its_definition_once() {
    let (mut state, _) = on_service_detail(service("web"));
    let key = web_key();
    let tasks = vec![
        task("old", TaskStatus::Running, 100),
        task("dead", TaskStatus::Stopped, 300),
        task("new", TaskStatus::Pending, 200),
        // Created long ago, stopping now: the most recent to go down, so first among the stopped.
        Task {
            stopping_at: Some(Timestamp::from_secs(1000)),
            ..task("going", TaskStatus::Stopping, 50)
        },
        // On its way down before ECS gave it a stopping time: still ahead of the stopped ones.
        task("deactivating", TaskStatus::Deactivating, 40),
    ];
    update(
        &mut state,
        Action::loaded(
            Resource::ServiceTasks(key.clone()),
            Ok(Payload::Tasks(tasks)),
            T0,
        ),
    );
    let order: Vec<_> = state.session.cache.tasks[&key]
        .data
        .as_ref()
        .unwrap()
        .iter()
        .map(|t| t.id().to_string())
        .collect();
    assert_eq!(order, ["new", "old", "going", "deactivating", "dead"]);
    update(&mut state, Action::User(UserAction::Bottom));
    let effects = update(&mut state, Action::User(UserAction::Open));
    assert!(
        matches!(state.screen(), Screen::Task(TaskScreen { task_arn, .. }) if task_arn.ends_with("/dead"))
    );
    let dead = task("dead", TaskStatus::Stopped, 300);
    let own = Resource::Task {
        cluster_arn: CLUSTER.into(),
        task_arn: dead.arn.clone(),
    };
    let def = "arn:aws:ecs:eu-west-1:123456789012:task-definition/web:3".to_string();
    let definition = Resource::TaskDefinition { arn: def.clone() };
    assert_eq!(
        effects,
        vec![
            Effect::Fetch(Fetch::One(own.clone())),
            Effect::Fetch(Fetch::One(definition.clone())),
        ],
        "the task screen reads its own task, and its definition"
    );
    let td = TaskDefinition {
        arn: def.clone(),
        family: "web".into(),
        revision: 3,
        ..Default::default()
    };
    update(
        &mut state,
        Action::loaded(definition, Ok(Payload::TaskDefinition(Box::new(td))), T0),
    );
    update(
        &mut state,
        Action::loaded(own.clone(), Ok(Payload::Task(Box::new(dead))), T0),
    );
    let later = update(&mut state, Action::Tick(at(3_600_000)));
    assert!(
        later.iter().all(|e| !matches!(
            e,
            Effect::Fetch(Fetch::One(Resource::TaskDefinition { .. }))
        )),
        "immutable: never fetched twice: {later:?}"
    );
    assert!(
        later.contains(&Effect::Fetch(Fetch::One(own))),
        "the task itself keeps refreshing: {later:?}"
    );
    assert!(
        later
            .iter()
            .all(|e| !matches!(e, Effect::Fetch(Fetch::One(Resource::ServiceTasks(_))))),
        "by its own read, not the list it was opened from: {later:?}"
    );
}

#[test]
fn help_overlay_swallows_movement_and_esc_closes_it() {
    let mut state = on_services(&["a", "b"]);
    update(&mut state, Action::User(UserAction::Help));
    assert!(state.overlay.is_help());
    update(&mut state, Action::User(UserAction::Down));
    update(&mut state, Action::User(UserAction::Open));
    assert_eq!(state.screen().cursor().unwrap().selected, 0);
    assert!(matches!(state.screen(), Screen::Services(_)));
    update(&mut state, Action::User(UserAction::Back));
    assert!(!state.overlay.is_help());
    assert!(
        matches!(state.screen(), Screen::Services(_)),
        "Esc closed help, it did not also go back"
    );
    update(&mut state, Action::User(UserAction::Quit));
    assert!(state.should_quit);
}

#[test]
fn a_service_described_alone_refreshes_its_row_in_the_list() {
    let (mut state, _) = on_service_detail(service("web"));
    let mut newer = service("web");
    newer.running_count = 7;
    update(&mut state, service_described(&newer, at(5_000)));
    assert_eq!(state.service(CLUSTER, &newer.arn).unwrap().running_count, 7);
    update(&mut state, Action::User(UserAction::Back));
    assert_eq!(state.service_rows(CLUSTER)[0].running_count, 7);
}

/// The sandbox's clock at 20 times real time must not take a message away within a second, nor stamp the
/// audit log with its virtual time: both follow the user's clock, and the sandbox time is its own field.
#[test]
fn messages_and_audit_times_follow_the_users_clock_not_the_sandboxs() {
    let info = BackendInfo {
        profile: "sandbox".into(),
        clock_speed: Some(20.0),
        simulated: true,
        ..Default::default()
    };
    let mut state = State::new(info, T0);
    let wall = Timestamp(5_000_000_000_000);
    update(&mut state, Action::WallClock(wall));
    update(&mut state, Action::Tick(T0));
    update(&mut state, Action::User(UserAction::Command));
    for c in ":bogus".chars().skip(1) {
        update(
            &mut state,
            Action::Key(crossterm::event::KeyEvent::new(
                crossterm::event::KeyCode::Char(c),
                crossterm::event::KeyModifiers::NONE,
            )),
        );
    }
    update(&mut state, Action::User(UserAction::Submit));
    let said = state.flash.clone().expect("unknown command said").text;
    assert!(said.contains("unknown command :bogus"), "{said}");
    // 1.5 s of the user's time is 30 s of the sandbox's: the message stays.
    update(&mut state, Action::WallClock(wall.plus_millis(1_500)));
    update(&mut state, Action::Tick(T0.plus_millis(30_000)));
    assert!(state.flash.is_some(), "gone after 1.5 s of real time");
    update(&mut state, Action::WallClock(wall.plus_millis(17_000)));
    update(&mut state, Action::Tick(T0.plus_millis(320_000)));
    assert!(
        state.flash.is_none(),
        "still there 15.5 s after it was first shown"
    );

    let mutation = wharf::app::Mutation::DeleteCluster(wharf::app::mutation::DeleteCluster {
        cluster_arn: CLUSTER.into(),
    });
    let entry = wharf::app::AuditEntry::of(
        &state,
        None,
        &mutation,
        wharf::app::AuditOutcome::Refused,
        None,
    );
    assert!(entry.time.starts_with("2128-"), "{}", entry.time);
    let sandbox = entry
        .sandbox_time
        .expect("the sandbox's time, as its own field");
    assert!(sandbox.starts_with("2023-11-14"), "{sandbox}");
}
