//! Snapshots of every exploring view filled from the sandbox (a fixed seed and virtual clock, so the frames
//! are the same on every run), at 80x24 and 160x48: task definition families, revisions, a revision's JSON and
//! a diff, listeners, rules, target groups, targets, an instance's tasks and a task's logs; then each of them
//! with its own read not answered yet, failed, and (for tables) answered with nothing.

mod ui_fixtures;

use std::collections::HashMap;
use std::hash::Hash;
use wharf::app::ExploreScreen;

use ui_fixtures::render;
use wharf::app::explore::{self, Explored, Read};
use wharf::app::needs::{overlay_needs, Need};
use wharf::app::{update, Action, Loadable, Resource, Screen, State, Status, UserAction};
use wharf::backend::{Backend, BackendError};

mod walk;

use walk::Walk;

/// Keys, then three virtual seconds for what they show to be read.
async fn keys(w: &mut Walk, text: &str) {
    w.keys(text).await;
    w.seconds(3).await;
}

fn snap_state(state: &State, name: &str) {
    for (width, height) in [(80u16, 24u16), (160, 48)] {
        let mut state = state.clone();
        // `update` rebuilds the view's rows from the cache, as after any answer.
        update(&mut state, Action::Resize(width, height));
        insta::assert_snapshot!(
            format!("{name}_{width}x{height}"),
            render(&state, width, height)
        );
    }
}

/// The view on top as the walk shows it, then with its own read (its first need) not answered yet, failed,
/// and, for a table, answered with nothing.
fn snap(w: &Walk, name: &str) {
    snap_state(&w.state, name);
    let (resource, table) = own_read(&w.state);
    let mut states = vec![("loading", Answer::Never), ("failed", Answer::Failed)];
    if table {
        states.push(("empty", Answer::Nothing));
    }
    for (state_name, answer) in states {
        let mut state = w.state.clone();
        answered(&mut state, &resource, answer);
        snap_state(&state, &format!("{name}_{state_name}"));
    }
}

#[derive(Clone, Copy)]
enum Answer {
    Never,
    Failed,
    Nothing,
}

/// The own read of the text over the screen, or else of the exploring view on top: its first exploring read
/// (a log view first reads its task), or else its first read. And whether it is a table (a text, a
/// revision's JSON, is never empty).
fn own_read(state: &State) -> (Resource, bool) {
    let (needs, table) = match (overlay_needs(state), state.screen()) {
        (needs, _) if !needs.is_empty() => (needs, false),
        (_, Screen::Explore(ExploreScreen { view, cursor, rows })) => {
            (explore::needs(state, view, cursor, rows), true)
        }
        (_, other) => panic!("not an exploring view: {other:?}"),
    };
    let reads: Vec<Resource> = needs
        .into_iter()
        .filter_map(|need| match need {
            Need::Whole { resource, .. } | Need::Once(resource) => Some(resource),
            _ => None,
        })
        .collect();
    let own = reads
        .iter()
        .find(|r| matches!(r, Resource::Explore(_)))
        .or(reads.first())
        .expect("an exploring view reads something");
    (own.clone(), table)
}

fn answered(state: &mut State, resource: &Resource, answer: Answer) {
    let now = state.now;
    let cache = &mut state.session.cache;
    match resource {
        Resource::Explore(read) => set(&mut cache.explored, read, answer, nothing(read), now),
        Resource::TargetHealth { target_group_arn } => set(
            &mut cache.target_health,
            target_group_arn,
            answer,
            Vec::new(),
            now,
        ),
        Resource::ClusterTasks { cluster_arn } => set(
            &mut cache.cluster_tasks,
            cluster_arn,
            answer,
            Vec::new().into(),
            now,
        ),
        Resource::TaskDefinition { arn } => {
            let kept = cache.task_definitions[arn].data.clone().unwrap();
            set(&mut cache.task_definitions, arn, answer, kept, now)
        }
        other => panic!("no answer written for {other:?}"),
    }
}

fn set<K: Eq + Hash + Clone, T>(
    map: &mut HashMap<K, Loadable<T>>,
    key: &K,
    answer: Answer,
    nothing: T,
    now: wharf::model::Timestamp,
) {
    match answer {
        Answer::Never => {
            map.remove(key);
        }
        Answer::Failed => {
            let status = Status {
                error: Some(BackendError::AccessDenied {
                    action: "ecs:Describe".into(),
                    resource: "*".into(),
                }),
                ..Status::default()
            };
            map.insert(key.clone(), Loadable { data: None, status });
        }
        Answer::Nothing => {
            map.insert(key.clone(), Loadable::loaded(nothing, now));
        }
    }
}

/// What a read answers when there is nothing of it.
fn nothing(read: &Read) -> Explored {
    match read {
        Read::ContainerInstances { .. } | Read::ContainerInstance { .. } => {
            Explored::ContainerInstances(Vec::new())
        }
        Read::LoadBalancers => Explored::LoadBalancers(Vec::new()),
        Read::Listeners { .. } => Explored::Listeners(Vec::new()),
        Read::Rules { .. } => Explored::Rules(Vec::new()),
        Read::TargetGroups(_) => Explored::TargetGroups(Vec::new()),
        Read::Families => Explored::Families(Vec::new()),
        Read::FamilyRevisions { .. } => Explored::Revisions(Vec::new()),
        Read::CapacityProviders { .. } => Explored::CapacityProviders(Vec::new()),
        Read::TaskProtection { .. } => Explored::TaskProtection(Vec::new()),
        Read::Logs { .. } => Explored::Logs(Default::default()),
        Read::Metrics { metrics, .. } => Explored::Metrics(vec![Default::default(); metrics.len()]),
        Read::AlarmsFor { .. } | Read::FiringAlarms => Explored::Alarms(Vec::new()),
        Read::Scaling { .. } => Explored::Scaling(Default::default()),
        Read::ScalableTargets => Explored::ScalableTargets(Vec::new()),
    }
}

#[tokio::test]
async fn task_definition_views() {
    let mut w = Walk::new(3, 120_000).await;
    keys(&mut w, ":td\n").await;
    snap(&w, "walk_families");
    keys(&mut w, ":td web\n").await;
    snap(&w, "walk_revisions");
    keys(&mut w, "\n").await;
    snap(&w, "walk_revision_json");
    keys(&mut w, "\x1bd").await;
    snap(&w, "walk_revision_diff");
}

#[tokio::test]
async fn load_balancer_views() {
    let mut w = Walk::new(3, 120_000).await;
    keys(&mut w, ":lb\nj\n").await;
    snap(&w, "walk_listeners");
    keys(&mut w, "\n").await;
    snap(&w, "walk_rules");
    keys(&mut w, "\n").await;
    snap(&w, "walk_target_groups");
    keys(&mut w, "\n").await;
    snap(&w, "walk_targets");
}

#[tokio::test]
async fn an_instances_tasks_and_a_tasks_logs() {
    let mut w = Walk::new(3, 120_000).await;
    keys(&mut w, ":instances prod-ec2\n\n").await;
    snap(&w, "walk_instance_tasks");
    keys(&mut w, "\n").await;
    w.user(UserAction::Logs).await;
    w.seconds(3).await;
    snap(&w, "walk_task_logs");
    // A search cut short at its page limit ends with where it stopped.
    let mut cut = w.state.clone();
    let Resource::Explore(read) = own_read(&cut).0 else {
        panic!("a log view reads logs")
    };
    let Some(Loadable {
        data: Some(Explored::Logs(lines)),
        ..
    }) = cut.session.cache.explored.get_mut(&read)
    else {
        panic!("the logs are read")
    };
    lines.search_cut = lines.events.last().map(|e| e.at);
    update(&mut cut, Action::Resize(160, 48));
    update(&mut cut, Action::User(UserAction::Bottom));
    let screen = render(&cut, 160, 48);
    assert!(
        screen.contains("▸ ") && screen.contains("The search stopped here, after 8 pages"),
        "{screen}"
    );
    // Cut before any match (CloudWatch still scanning): it says so, and suggests narrowing, not the same
    // search again.
    let Some(Loadable {
        data: Some(Explored::Logs(lines)),
        ..
    }) = cut.session.cache.explored.get_mut(&read)
    else {
        unreachable!()
    };
    lines.events.clear();
    update(&mut cut, Action::Resize(160, 48));
    let screen = render(&cut, 160, 48);
    assert!(
        screen.contains("without reaching a match") && !screen.contains(":since 0"),
        "{screen}"
    );
    // `w`: long lines whole over several rows, the newest still at the bottom.
    keys(&mut w, "w").await;
    snap_state(&w.state, "walk_task_logs_wrapped");
    assert_eq!(w.sim.now(), w.state.now);
}
