//! Caches that forget, through `update`: what no screen has needed for `forget_after` is dropped on a tick;
//! what a screen anywhere on the stack, a request in flight, an open dialog or a running cleanup needs is
//! kept. And the typed histories are bounded. Virtual time.

mod ui_fixtures;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ui_fixtures::*;
use wharf::app::cleanup::{CleanupRun, Plan, Scope, Step};
use wharf::app::{
    update, Action, Effect, Fetch, FlashLevel, Payload, RefreshPolicy, Resource, ServiceKey, State,
    HISTORY_KEPT,
};
use wharf::model::Timestamp;

fn at_secs(secs: i64) -> Timestamp {
    now().plus_millis(secs * 1000)
}

/// A tick `secs` after the fixtures' `now`; what it sends is never answered (stays in flight).
fn tick(state: &mut State, secs: i64) -> Vec<Effect> {
    update(state, Action::Tick(at_secs(secs)))
}

fn press(state: &mut State, code: KeyCode) -> Vec<Effect> {
    update(state, Action::Key(KeyEvent::new(code, KeyModifiers::NONE)))
}

fn key(service: &str) -> ServiceKey {
    ServiceKey {
        cluster_arn: cluster_arn(PROD),
        service_name: service.into(),
    }
}

fn has_tasks(state: &State, service: &str) -> bool {
    state.session.cache.tasks.contains_key(&key(service))
}

fn web_tg() -> String {
    tg_arn(WEB_TG.0, WEB_TG.1)
}

#[test]
fn an_entry_no_screen_needs_is_dropped_after_forget_after_and_read_again_when_needed() {
    // On the clusters screen, nothing of prod-fargate's services is needed: it was last read 1 to 60 s
    // before `now`.
    let mut state = loaded();
    tick(&mut state, 1);
    assert!(has_tasks(&state, "web") && has_tasks(&state, "checkout"));
    tick(&mut state, 590);
    assert!(has_tasks(&state, "checkout"), "kept for 10 minutes");
    tick(&mut state, 610);
    let cache = &state.session.cache;
    assert!(!has_tasks(&state, "web") && !has_tasks(&state, "checkout"));
    assert!(cache.services.is_empty() && cache.target_health.is_empty());
    assert!(cache.deployments.is_empty() && cache.task_definitions.is_empty());
    assert!(
        cache.clusters.data.is_some(),
        "the cluster list is the root"
    );

    // Opening web reads it again, as on the first visit.
    state.screens.push(services_screen(PROD, 0));
    state.screens.push(service_screen("web", 0));
    let effects = tick(&mut state, 611);
    let tasks = Effect::Fetch(Fetch::One(Resource::ServiceTasks(key("web"))));
    assert!(effects.contains(&tasks), "{effects:?}");
}

#[test]
fn the_setting_says_how_long() {
    let mut state = loaded();
    state.set_refresh(RefreshPolicy {
        forget_after_ms: 60_000,
        ..RefreshPolicy::default()
    });
    tick(&mut state, 50);
    assert!(has_tasks(&state, "checkout"), "read 51 s ago");
    tick(&mut state, 65);
    assert!(!has_tasks(&state, "checkout"), "read 66 s ago");
}

#[test]
fn what_a_screen_lower_on_the_stack_needs_is_kept_and_going_back_does_not_reload() {
    let mut state = at(
        loaded(),
        vec![
            services_screen(PROD, 0),
            service_screen("web", 0),
            task_screen("web", RUNNING_TASK),
        ],
    );
    for minute in 0..=30 {
        tick(&mut state, minute * 60);
    }
    let cache = &state.session.cache;
    // The service screen below shows web's tasks, targets and history; the task on top, its revision.
    assert!(has_tasks(&state, "web"));
    assert!(cache.target_health.contains_key(&web_tg()));
    assert!(cache.deployments.contains_key(&key("web")));
    assert!(cache.services.contains_key(&cluster_arn(PROD)));
    assert!(cache.task_definitions.contains_key(&td_arn("web:42")));
    // No screen shows checkout.
    assert!(!has_tasks(&state, "checkout"));
    assert!(!cache.deployments.contains_key(&key("checkout")));

    // Back on web's screen: its tasks are there at once (polling reads them again, as their age says).
    press(&mut state, KeyCode::Esc);
    let shown = state.tasks_of(&cluster_arn(PROD), "web");
    assert!(shown.is_some_and(|l| l.data.as_ref().is_some_and(|t| !t.is_empty())));
}

#[test]
fn an_entry_with_a_request_in_flight_is_kept_until_its_answer_settles() {
    let mut state = loaded();
    let checkout = Resource::ServiceTasks(key("checkout"));
    state.session.cache.status_mut(&checkout).in_flight = true;
    tick(&mut state, 1);
    tick(&mut state, 20 * 60);
    assert!(has_tasks(&state, "checkout"), "its answer is still due");
    // The answer comes for a view the user left: not stored, but its bookkeeping is found.
    update(
        &mut state,
        Action::loaded(
            checkout.clone(),
            Ok(Payload::Tasks(checkout_tasks())),
            at_secs(20 * 60),
        ),
    );
    let status = state.status(&checkout).expect("still there");
    assert!(!status.in_flight);
    tick(&mut state, 20 * 60 + 5);
    assert!(has_tasks(&state, "checkout"), "read just now");
    tick(&mut state, 31 * 60);
    assert!(
        !has_tasks(&state, "checkout"),
        "then forgotten like the rest"
    );
}

#[test]
fn what_a_dialog_reads_is_kept_while_it_is_open() {
    let mut state = at(
        loaded(),
        vec![services_screen(PROD, 0), service_screen("web", 0)],
    );
    update(&mut state, Action::Resize(120, 40));
    let effects = press(&mut state, KeyCode::Char('d'));
    let family = Resource::Revisions {
        family: "web".into(),
    };
    assert!(effects.contains(&Effect::Fetch(Fetch::One(family.clone()))));
    let tds: Vec<_> = [43, 42, 41]
        .iter()
        .map(|r| {
            let mut td = web_task_definition();
            td.arn = td_arn(&format!("web:{r}"));
            td.revision = *r;
            td
        })
        .collect();
    update(
        &mut state,
        Action::loaded(family.clone(), Ok(Payload::Revisions(tds)), now()),
    );
    for minute in 1..=20 {
        tick(&mut state, minute * 60);
    }
    assert!(state.overlay.dialog().is_some());
    let cache = &state.session.cache;
    assert!(cache.revisions.contains_key("web"), "the dialog's list");
    for r in ["web:43", "web:41"] {
        assert!(cache.task_definitions.contains_key(&td_arn(r)), "{r}");
    }

    // Closed: nothing else needs them.
    press(&mut state, KeyCode::Esc);
    assert!(state.overlay.dialog().is_none());
    tick(&mut state, 31 * 60);
    let cache = &state.session.cache;
    assert!(!cache.revisions.contains_key("web"));
    assert!(!cache.task_definitions.contains_key(&td_arn("web:43")));
    assert!(
        has_tasks(&state, "web"),
        "the screen under it still shows web"
    );
}

#[test]
fn a_running_cleanups_cluster_is_kept_until_it_ends() {
    // On the clusters screen, a cleanup of prod-fargate waits for its tasks to stop.
    let mut state = loaded();
    let plan = Plan {
        scope: Scope::Cluster {
            cluster_arn: cluster_arn(PROD),
        },
        steps: vec![Step::WaitStopped {
            cluster_arn: cluster_arn(PROD),
            task_arns: Vec::new(),
        }],
        kept: Vec::new(),
    };
    state.cleanup = Some(CleanupRun::new(plan, now(), 1));
    for minute in 0..=14 {
        tick(&mut state, minute * 60);
    }
    assert!(state.cleanup.as_ref().is_some_and(|r| r.is_running()));
    let cache = &state.session.cache;
    assert!(has_tasks(&state, "web") && has_tasks(&state, "checkout"));
    assert!(cache.services.contains_key(&cluster_arn(PROD)));
    assert!(cache.deployments.contains_key(&key("web")));

    // Over: nothing needs them.
    if let Some(run) = state.cleanup.as_mut() {
        run.finished = Some((FlashLevel::Info, "cleaned up".into()));
    }
    tick(&mut state, 15 * 60);
    assert!(!has_tasks(&state, "web") && !has_tasks(&state, "checkout"));
    assert!(!state
        .session
        .cache
        .services
        .contains_key(&cluster_arn(PROD)));
}

#[test]
fn typed_commands_are_kept_for_up_and_down_up_to_a_bound() {
    let mut state = loaded();
    for i in 0..HISTORY_KEPT + 100 {
        press(&mut state, KeyCode::Char(':'));
        update(&mut state, Action::Paste(format!("svc cluster-{i}")));
        press(&mut state, KeyCode::Enter);
    }
    let history = &state.command_history;
    assert_eq!(history.len(), HISTORY_KEPT);
    assert_eq!(history.first().map(String::as_str), Some("svc cluster-100"));
    let newest = format!("svc cluster-{}", HISTORY_KEPT + 99);
    assert_eq!(history.last(), Some(&newest));
}
