//! The cluster's tasks view (`:tasks`): how `update` gets there, opens a task from it, polls it, and keeps its
//! filter and sort; and its effect against the sandbox.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use wharf::app::{
    update, Action, Effect, Fetch, FlashLevel, Payload, Resource, Screen, State, TableKind,
    TaskSource, UserAction,
};
use wharf::app::{TaskScreen, TasksScreen};
use wharf::backend::sim::{Sim, SimClock};
use wharf::backend::{Backend, BackendInfo};
use wharf::model::*;
use wharf::runtime::settle;
use wharf::ui::layout::breadcrumb;

const T0: Timestamp = Timestamp(1_700_000_000_000);

fn cluster_arn(name: &str) -> String {
    format!("arn:aws:ecs:eu-west-1:123456789012:cluster/{name}")
}

fn cluster(name: &str) -> Cluster {
    Cluster {
        arn: cluster_arn(name),
        name: name.into(),
        ..Default::default()
    }
}

fn service(name: &str) -> Service {
    Service {
        arn: format!("arn:aws:ecs:eu-west-1:123456789012:service/prod/{name}"),
        name: name.into(),
        cluster_arn: cluster_arn("prod"),
        ..Default::default()
    }
}

/// A task of `group` (`service:web`, or `family:migrate` for one started with RunTask), created `age_s` before T0.
fn task(id: &str, group: &str, status: TaskStatus, age_s: i64) -> Task {
    Task {
        arn: format!("arn:aws:ecs:eu-west-1:123456789012:task/prod/{id}"),
        cluster_arn: cluster_arn("prod"),
        group: group.into(),
        last_status: status,
        desired_status: if status == TaskStatus::Stopped {
            DesiredStatus::Stopped
        } else {
            DesiredStatus::Running
        },
        created_at: T0.plus_millis(-age_s * 1000),
        stopped_at: (status == TaskStatus::Stopped).then(|| T0.plus_millis(-age_s * 500)),
        task_definition_arn: format!(
            "arn:aws:ecs:eu-west-1:123456789012:task-definition/{}:3",
            group.rsplit(':').next().unwrap_or("x")
        ),
        ..Default::default()
    }
}

/// Two services' tasks, a stopped one, and a standalone migration.
fn prod_tasks() -> Vec<Task> {
    vec![
        task("web1", "service:web", TaskStatus::Running, 300),
        task("web2", "service:web", TaskStatus::Stopped, 900),
        task("api1", "service:api", TaskStatus::Running, 200),
        task("mig1", "family:migrate", TaskStatus::Running, 100),
    ]
}

/// On the clusters screen with `prod` and `staging` loaded, the cursor on prod.
fn on_clusters() -> State {
    let mut state = State::new(BackendInfo::default(), T0);
    state.size = (120, 40);
    update(&mut state, Action::Tick(T0));
    update(
        &mut state,
        Action::loaded(
            Resource::Clusters,
            Ok(Payload::Clusters(vec![cluster("prod"), cluster("staging")])),
            T0,
        ),
    );
    state
}

fn key(c: char) -> Action {
    Action::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE))
}

/// Type `:line` and Enter; the effects of the last step.
fn command(state: &mut State, line: &str) -> Vec<Effect> {
    type_into(state, UserAction::Command, line)
}

/// Type `/text` and Enter.
fn filter(state: &mut State, text: &str) -> Vec<Effect> {
    type_into(state, UserAction::Filter, text)
}

fn type_into(state: &mut State, opener: UserAction, text: &str) -> Vec<Effect> {
    update(state, Action::User(opener));
    for c in text.chars() {
        update(state, key(c));
    }
    update(state, Action::User(UserAction::Submit))
}

fn tasks_loaded(state: &mut State, tasks: Vec<Task>, at: Timestamp) -> Vec<Effect> {
    update(
        state,
        Action::loaded(
            Resource::ClusterTasks {
                cluster_arn: cluster_arn("prod"),
            },
            Ok(Payload::Tasks(tasks)),
            at,
        ),
    )
}

/// The read of every task of the cluster `name`.
fn cluster_tasks(name: &str) -> Effect {
    Effect::Fetch(Fetch::One(Resource::ClusterTasks {
        cluster_arn: cluster_arn(name),
    }))
}

/// The services of `prod` listed and described.
fn services_loaded(state: &mut State, services: Vec<Service>) {
    for action in Action::services_loaded(&cluster_arn("prod"), Ok(services), T0) {
        update(state, action);
    }
}

/// The ids of the rows shown, in order.
fn shown_ids(state: &State) -> Vec<String> {
    let tasks = state
        .cluster_tasks_of(&cluster_arn("prod"))
        .and_then(|l| l.data.clone())
        .unwrap_or_default();
    let view = state.screen().cursor().expect("a table");
    view.rows
        .iter()
        .map(|&i| tasks[i].id().to_string())
        .collect()
}

fn asks_for_cluster_tasks(effects: &[Effect]) -> usize {
    effects
        .iter()
        .filter(|e| matches!(e, Effect::Fetch(Fetch::One(Resource::ClusterTasks { .. }))))
        .count()
}

#[test]
fn tasks_from_the_clusters_screen_opens_the_cluster_under_the_cursor_below_its_services() {
    let mut state = on_clusters();
    let effects = command(&mut state, "tasks");
    assert_eq!(effects, vec![cluster_tasks("prod")]);
    assert!(matches!(
        state.screen(),
        Screen::Tasks(TasksScreen { cluster_arn: c, .. }) if *c == cluster_arn("prod")
    ));
    assert_eq!(state.screen().table_kind(), Some(TableKind::ClusterTasks));
    assert_eq!(breadcrumb(&state.screens), ["clusters", "prod", "tasks"]);
    assert!(state.flash.is_none(), "{:?}", state.flash);

    // Esc goes to the cluster's services, and asks for them.
    let effects = update(&mut state, Action::User(UserAction::Back));
    assert!(matches!(state.screen(), Screen::Services(_)));
    assert_eq!(
        effects,
        vec![
            Effect::Fetch(Fetch::ServicePage {
                cluster_arn: cluster_arn("prod"),
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
}

#[test]
fn tasks_from_a_service_uses_the_cluster_on_screen_and_a_name_picks_another() {
    let mut state = on_clusters();
    update(&mut state, Action::User(UserAction::Open));
    services_loaded(&mut state, vec![service("web")]);
    update(&mut state, Action::User(UserAction::Open));
    assert!(matches!(state.screen(), Screen::Service(_)));

    command(&mut state, "tasks");
    assert_eq!(breadcrumb(&state.screens), ["clusters", "prod", "tasks"]);

    let effects = command(&mut state, "t staging");
    assert!(matches!(
        state.screen(),
        Screen::Tasks(TasksScreen { cluster_arn: c, .. }) if *c == cluster_arn("staging")
    ));
    assert_eq!(breadcrumb(&state.screens), ["clusters", "staging", "tasks"]);
    assert_eq!(effects, vec![cluster_tasks("staging")]);
}

#[test]
fn tasks_of_an_unknown_cluster_says_so_and_stays_put() {
    let mut state = on_clusters();
    let effects = command(&mut state, "tasks nope");
    assert!(effects.is_empty(), "{effects:?}");
    assert_eq!(state.screens.len(), 1);
    let flash = state.flash.clone().expect("a message");
    assert_eq!(flash.level, FlashLevel::Error);
    assert!(
        flash.text.contains("no cluster named nope"),
        "{}",
        flash.text
    );
}

#[test]
fn enter_opens_a_standalone_task_which_is_found_in_the_clusters_list_and_refreshed_on_its_own() {
    let mut state = on_clusters();
    command(&mut state, "tasks");
    tasks_loaded(&mut state, prod_tasks(), T0);
    // Lifecycle order: live newest first (mig1, api1, web1), then stopped (web2).
    assert_eq!(shown_ids(&state), ["mig1", "api1", "web1", "web2"]);

    let effects = update(&mut state, Action::User(UserAction::Open));
    let Screen::Task(TaskScreen { task_arn, from, .. }) = state.screen().clone() else {
        panic!("expected the task screen, got {:?}", state.screen())
    };
    assert!(task_arn.ends_with("/mig1"));
    assert_eq!(from, TaskSource::Cluster);
    let shown = state
        .task_on_screen()
        .expect("the standalone task is found");
    assert_eq!(shown.service_or_group(), "standalone");
    assert_eq!(
        breadcrumb(&state.screens)[..3],
        ["clusters", "prod", "tasks"]
    );
    let own = Resource::Task {
        cluster_arn: cluster_arn("prod"),
        task_arn: task_arn.clone(),
    };
    assert_eq!(
        effects,
        vec![
            Effect::Fetch(Fetch::One(own.clone())),
            Effect::Fetch(Fetch::One(Resource::TaskDefinition {
                arn: shown.task_definition_arn.clone()
            })),
        ],
        "the task screen reads its own task, and its definition; not the cluster's list again"
    );
    let mig1 = shown.clone();
    update(
        &mut state,
        Action::loaded(own.clone(), Ok(Payload::Task(Box::new(mig1))), T0),
    );

    // The task screen refreshes its own task at the detail pace, not the whole list it was opened from.
    let detail = state.refresh.detail_ms;
    let effects = update(&mut state, Action::Tick(T0.plus_millis(detail)));
    assert_eq!(effects, vec![Effect::Fetch(Fetch::One(own))]);
}

#[test]
fn the_list_is_polled_once_per_interval_and_only_while_on_screen() {
    let mut state = on_clusters();
    assert_eq!(asks_for_cluster_tasks(&command(&mut state, "tasks")), 1);
    // In flight: never a second, however long it takes.
    let list = state.refresh.list_ms;
    assert_eq!(
        asks_for_cluster_tasks(&update(&mut state, Action::Tick(T0.plus_millis(list * 3)))),
        0
    );
    let answered = T0.plus_millis(list * 3);
    tasks_loaded(&mut state, prod_tasks(), answered);
    assert_eq!(
        asks_for_cluster_tasks(&update(
            &mut state,
            Action::Tick(answered.plus_millis(list - 1))
        )),
        0,
        "not yet due"
    );
    assert_eq!(
        asks_for_cluster_tasks(&update(
            &mut state,
            Action::Tick(answered.plus_millis(list))
        )),
        1
    );
    tasks_loaded(&mut state, prod_tasks(), answered.plus_millis(list));

    // Back on the services: the tasks are no longer asked for.
    update(&mut state, Action::User(UserAction::Back));
    for n in 2..6 {
        let effects = update(&mut state, Action::Tick(answered.plus_millis(list * n)));
        assert_eq!(asks_for_cluster_tasks(&effects), 0, "{effects:?}");
    }
}

#[test]
fn filter_and_sort_by_service_survive_a_refresh() {
    let mut state = on_clusters();
    command(&mut state, "tasks");
    tasks_loaded(&mut state, prod_tasks(), T0);

    command(&mut state, "sort service");
    assert_eq!(shown_ids(&state), ["api1", "mig1", "web1", "web2"]);
    let flash = state.flash.clone().expect("says how it sorts");
    assert!(flash.text.contains("SERVICE"), "{}", flash.text);
    // Again: reversed. `standalone` sorts with the service names.
    command(&mut state, "sort service");
    assert_eq!(shown_ids(&state), ["web1", "web2", "mig1", "api1"]);

    filter(&mut state, "web|standalone");
    assert_eq!(shown_ids(&state), ["web1", "web2", "mig1"]);

    // A refresh brings a new web task and loses the stopped one: the filter and sort still apply.
    let mut fresh = prod_tasks();
    fresh.retain(|t| t.id() != "web2");
    fresh.push(task("web3", "service:web", TaskStatus::Pending, 10));
    tasks_loaded(&mut state, fresh, T0.plus_millis(10_000));
    let view = state.screen().cursor().unwrap();
    assert_eq!(
        view.filter.as_ref().map(|f| f.text.as_str()),
        Some("web|standalone")
    );
    assert!(view.sort.is_some_and(|s| s.reversed));
    assert_eq!(shown_ids(&state), ["web3", "web1", "mig1"]);
}

#[test]
fn a_services_own_task_table_has_no_service_column_to_sort_by() {
    let mut state = on_clusters();
    update(&mut state, Action::User(UserAction::Open));
    services_loaded(&mut state, vec![service("web")]);
    update(&mut state, Action::User(UserAction::Open));
    command(&mut state, "sort service");
    let flash = state.flash.clone().expect("a message");
    assert_eq!(flash.level, FlashLevel::Error);
    assert!(flash.text.starts_with("sort by what?"), "{}", flash.text);
    assert!(!flash.text.contains("service"), "{}", flash.text);
}

/// The cluster's list is every service's tasks together, the stopped ones included, plus the tasks started on
/// their own (the demo's `db-migrate` RunTask job in `staging`), which show as `standalone`.
#[tokio::test]
async fn the_sandbox_lists_every_task_of_a_cluster_across_its_services() {
    let sim = Sim::demo(7, SimClock::Manual);
    // Long enough for the demo's failing services to have stopped tasks.
    sim.advance(120_000);
    let mut state = State::new(sim.info(), sim.now());
    let fx = update(&mut state, Action::Tick(sim.now()));
    settle(&mut state, &sim, fx).await;
    let clusters = state
        .session
        .cache
        .clusters
        .data
        .clone()
        .expect("clusters loaded");
    let mut stopped_seen = 0;
    let mut standalone_seen = Vec::new();
    for c in &clusters {
        let fx = command(&mut state, &format!("tasks {}", c.name));
        settle(&mut state, &sim, fx).await;
        let listed = state
            .cluster_tasks_of(&c.arn)
            .and_then(|l| l.data.clone())
            .expect("the cluster's tasks loaded");

        // The same tasks, service by service.
        let services = sim
            .describe_services(&c.arn, &sim.list_services(&c.arn).await.unwrap())
            .await
            .unwrap()
            .items;
        let mut by_service = Vec::new();
        for s in &services {
            for desired_status in [DesiredStatus::Running, DesiredStatus::Stopped] {
                let filter = TaskFilter {
                    service_name: Some(s.name.clone()),
                    desired_status,
                };
                by_service.extend(sim.list_tasks(&c.arn, &filter).await.unwrap());
            }
        }
        let (standalone, of_services): (Vec<&Task>, Vec<&Task>) =
            listed.iter().partition(|t| t.service_name().is_none());
        let mut listed_arns: Vec<&str> = of_services.iter().map(|t| t.arn.as_str()).collect();
        listed_arns.sort();
        by_service.sort();
        by_service.dedup();
        assert_eq!(listed_arns, by_service, "cluster {}", c.name);
        for t in &of_services {
            assert!(
                services.iter().any(|s| s.name == t.service_or_group()),
                "{} belongs to a service of {}",
                t.id(),
                c.name
            );
        }
        for t in &standalone {
            assert_eq!(t.service_or_group(), "standalone", "{}", t.id());
            standalone_seen.push(t.group.clone());
        }
        stopped_seen += listed
            .iter()
            .filter(|t| t.last_status == TaskStatus::Stopped)
            .count();
    }
    assert!(stopped_seen > 0, "stopped tasks are listed too");
    assert_eq!(
        standalone_seen,
        ["family:db-migrate"],
        "standalone tasks are listed too"
    );
}
