//! The service screen's panes through `update`: focus, scrolling, Enter on a line, zoom, the events filter,
//! `:events` and `:deployments`, and releasing a deployment's pause hook. No terminal.

mod ui_fixtures;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ui_fixtures::rollouts::*;
use ui_fixtures::*;
use wharf::app::ServiceScreen;
use wharf::app::{
    update, Action, AuditOutcome, Effect, Mutation, Overlay, Pane, Screen, State, UserAction,
};
use wharf::model::{HookAction, Timestamp};

fn on(name: &str, size: (u16, u16)) -> State {
    let mut state = at(
        with_rollouts(),
        vec![services_screen(PROD, 0), service_screen(name, 0)],
    );
    update(&mut state, Action::Resize(size.0, size.1));
    state
}

fn press(state: &mut State, code: KeyCode) -> Vec<Effect> {
    update(state, Action::Key(KeyEvent::new(code, KeyModifiers::NONE)))
}

fn typed(state: &mut State, text: &str) -> Vec<Effect> {
    text.chars()
        .flat_map(|c| press(state, KeyCode::Char(c)))
        .collect()
}

fn user(state: &mut State, action: UserAction) -> Vec<Effect> {
    update(state, Action::User(action))
}

fn panes(state: &State) -> &wharf::app::ServicePanes {
    match state.screen() {
        Screen::Service(ServiceScreen { panes, .. }) => panes,
        other => panic!("not on a service: {other:?}"),
    }
}

/// What the status line says now.
fn flash(state: &State) -> String {
    state
        .flash
        .as_ref()
        .map(|f| f.text.clone())
        .unwrap_or_default()
}

fn text(state: &State) -> String {
    match &state.overlay {
        Overlay::Text(view) => view.lines.join("\n"),
        other => panic!("no text shown: {other:?}"),
    }
}

#[test]
fn tab_moves_the_focus_and_the_keys_follow_it() {
    let mut state = on("checkout", (80, 24));
    assert_eq!(panes(&state).focus, Pane::Tasks);
    press(&mut state, KeyCode::Tab);
    assert_eq!(panes(&state).focus, Pane::Deployments);
    press(&mut state, KeyCode::Char('j'));
    assert_eq!(panes(&state).deployments.selected, 1);
    // The tasks' cursor did not move.
    assert_eq!(state.screen().cursor().unwrap().selected, 0);
    press(&mut state, KeyCode::BackTab);
    assert_eq!(panes(&state).focus, Pane::Tasks);
    press(&mut state, KeyCode::Char('j'));
    assert_eq!(state.screen().cursor().unwrap().selected, 1);
    // Enter on the tasks opens the task, as before.
    press(&mut state, KeyCode::Enter);
    assert!(matches!(state.screen(), Screen::Task(_)));
}

#[test]
fn enter_shows_an_event_whole_and_esc_closes_it() {
    let mut state = on("web", (80, 24));
    user(&mut state, UserAction::PreviousPane);
    assert_eq!(panes(&state).focus, Pane::Events);
    press(&mut state, KeyCode::Char('j'));
    press(&mut state, KeyCode::Enter);
    let shown = text(&state);
    // The second event, whole: the pane cut it at 80 columns.
    assert!(
        shown.contains("due to (reason Health checks failed with these codes: [502])."),
        "{shown}"
    );
    assert!(shown.contains("14:29:45 UTC (2m20s ago)"), "{shown}");
    press(&mut state, KeyCode::Esc);
    assert!(state.overlay.is_none());
    assert!(
        matches!(state.screen(), Screen::Service(_)),
        "esc closed the text only"
    );
}

#[test]
fn a_long_event_is_readable_whole_at_80x24() {
    let mut state = on("web", (80, 24));
    user(&mut state, UserAction::PreviousPane);
    press(&mut state, KeyCode::Char('j'));
    press(&mut state, KeyCode::Enter);
    let screen = render(&state, 80, 24);
    // Wrapped, every word of it on screen.
    for word in [
        "(target-group",
        "arn:aws:elasticloadbalancing",
        "codes:",
        "[502]).",
    ] {
        assert!(screen.contains(word), "{word} missing:\n{screen}");
    }
}

#[test]
fn a_deployment_line_shows_its_reason_whole() {
    let mut state = on("checkout", (80, 24));
    press(&mut state, KeyCode::Tab);
    // Live deployments, the rollout line is absent for a rolling one, the history heading, then the past.
    press(&mut state, KeyCode::Char('G'));
    press(&mut state, KeyCode::Char('k'));
    press(&mut state, KeyCode::Enter);
    let shown = text(&state);
    assert!(shown.contains("ROLLBACK_SUCCESSFUL"), "{shown}");
    assert!(shown.contains("checkout:57 → checkout:58"), "{shown}");
    assert!(
        shown.contains("failed to resolve ref registry.example.com/checkout:58-rc1: not found"),
        "{shown}"
    );
}

#[test]
fn z_zooms_the_focused_pane_and_esc_unzooms_before_going_back() {
    let mut state = on("checkout", (80, 24));
    user(&mut state, UserAction::PreviousPane);
    press(&mut state, KeyCode::Char('z'));
    assert!(panes(&state).zoomed);
    let screen = render(&state, 80, 24);
    assert!(
        !screen.contains("Tasks ("),
        "only the zoomed pane:\n{screen}"
    );
    press(&mut state, KeyCode::Esc);
    assert!(!panes(&state).zoomed);
    assert!(matches!(state.screen(), Screen::Service(_)));
    press(&mut state, KeyCode::Esc);
    assert!(matches!(state.screen(), Screen::Services(_)));
}

#[test]
fn slash_on_the_events_filters_them_and_esc_clears_it() {
    let mut state = on("web", (80, 24));
    user(&mut state, UserAction::PreviousPane);
    typed(&mut state, "/steady");
    press(&mut state, KeyCode::Enter);
    let filter = panes(&state)
        .events_filter
        .as_ref()
        .map(|f| f.text.as_str());
    assert_eq!(filter, Some("steady"));
    let screen = render(&state, 80, 24);
    assert!(screen.contains("/steady: 2 of 6"), "{screen}");
    assert!(!screen.contains("has stopped 1 running tasks"), "{screen}");
    // The tasks keep their own filter (none).
    assert!(state.screen().cursor().unwrap().filter.is_none());
    press(&mut state, KeyCode::Esc);
    assert_eq!(panes(&state).events_filter, None);
    assert!(matches!(state.screen(), Screen::Service(_)));
}

#[test]
fn colon_events_opens_the_selected_service_zoomed_on_its_events() {
    let mut state = at(with_rollouts(), vec![services_screen(PROD, 0)]);
    update(&mut state, Action::Resize(80, 24));
    typed(&mut state, "jjj:events");
    press(&mut state, KeyCode::Enter);
    let Screen::Service(ServiceScreen {
        service_name,
        panes,
        ..
    }) = state.screen()
    else {
        panic!("{:?}", state.screen());
    };
    assert_eq!(service_name, "checkout");
    assert!(panes.zoomed && panes.focus == Pane::Events);
    typed(&mut state, ":deployments");
    press(&mut state, KeyCode::Enter);
    assert_eq!(panes_of(&state), (Pane::Deployments, true));
}

fn panes_of(state: &State) -> (Pane, bool) {
    (panes(state).focus, panes(state).zoomed)
}

#[test]
fn colon_events_with_no_service_in_sight_says_what_to_do() {
    let mut state = at(with_rollouts(), Vec::new());
    update(&mut state, Action::Resize(80, 24));
    typed(&mut state, ":events");
    press(&mut state, KeyCode::Enter);
    let flash = flash(&state);
    assert!(flash.contains("open a service first"), "{flash}");
    assert!(matches!(state.screen(), Screen::Clusters(_)));
}

fn mutations(effects: &[Effect]) -> Vec<&Mutation> {
    effects
        .iter()
        .filter_map(|e| match e {
            Effect::Mutate { mutation, .. } => Some(mutation),
            _ => None,
        })
        .collect()
}

#[test]
fn c_approves_a_paused_deployment_through_the_dialog() {
    let mut state = on("payments", (120, 40));
    let effects = press(&mut state, KeyCode::Char('c'));
    assert!(mutations(&effects).is_empty(), "nothing before enter");
    assert!(matches!(state.overlay, Overlay::Dialog(_)));
    let effects = press(&mut state, KeyCode::Enter);
    let sent = mutations(&effects);
    assert_eq!(sent.len(), 1, "{effects:?}");
    let Mutation::ContinueDeployment(wharf::app::mutation::ContinueDeployment {
        hook_id,
        action,
        deployment_arn,
        ..
    }) = sent[0]
    else {
        panic!("{sent:?}");
    };
    assert_eq!((hook_id.as_str(), *action), (HOOK, HookAction::Continue));
    assert!(deployment_arn.ends_with("/payments/Pg5bG2"));
}

#[test]
fn roll_back_on_a_paused_deployment_releases_the_hook_with_rollback() {
    let mut state = on("payments", (120, 40));
    press(&mut state, KeyCode::Char('R'));
    let effects = press(&mut state, KeyCode::Enter);
    let sent = mutations(&effects);
    assert!(
        matches!(
            sent.as_slice(),
            [Mutation::ContinueDeployment(
                wharf::app::mutation::ContinueDeployment {
                    action: HookAction::Rollback,
                    ..
                }
            )]
        ),
        "{sent:?}"
    );
}

#[test]
fn approving_with_no_deployment_waiting_says_so_without_a_dialog() {
    let mut state = on("checkout", (120, 40));
    let effects = press(&mut state, KeyCode::Char('c'));
    assert!(mutations(&effects).is_empty());
    assert!(state.overlay.is_none(), "{:?}", state.overlay);
    let flash = flash(&state);
    assert!(
        flash.contains("no deployment of checkout is waiting for approval"),
        "{flash}"
    );
}

#[test]
fn a_hook_released_elsewhere_while_the_dialog_is_open_is_not_released_again() {
    let mut state = on("payments", (120, 40));
    press(&mut state, KeyCode::Char('c'));
    assert!(matches!(state.overlay, Overlay::Dialog(_)));
    // The next read of the history: someone continued it from the console meanwhile.
    let key = wharf::app::ServiceKey {
        cluster_arn: cluster_arn(PROD),
        service_name: "payments".into(),
    };
    let mut history = payments_history();
    history[0].hooks[0].status = "SUCCEEDED".into();
    update(
        &mut state,
        Action::Fetched {
            fetch: wharf::app::Fetch::One(wharf::app::Resource::Deployments(key)),
            result: Ok(wharf::app::Payload::Deployments(history)),
            at: now(),
            calls: 3,
        },
    );
    let effects = press(&mut state, KeyCode::Enter);
    assert!(mutations(&effects).is_empty(), "{effects:?}");
    let Overlay::Dialog(dialog) = &state.overlay else {
        panic!("the dialog stays open: {:?}", state.overlay);
    };
    let notice = dialog
        .notice
        .as_ref()
        .map(|n| n.text.clone())
        .unwrap_or_default();
    assert!(
        notice.contains("no deployment of payments is waiting for approval"),
        "{notice}"
    );
}

#[test]
fn the_events_filter_sees_what_the_pane_shows() {
    let mut state = on("web", (80, 24));
    user(&mut state, UserAction::PreviousPane);
    typed(&mut state, "/target-group web-blue");
    press(&mut state, KeyCode::Enter);
    let screen = render(&state, 80, 24);
    assert!(
        screen.contains("/target-group web-blue: 2 of 6"),
        "{screen}"
    );
    press(&mut state, KeyCode::Esc);
    // The `(service web)` every message starts with is not on screen: it matches nothing.
    typed(&mut state, "/service web");
    press(&mut state, KeyCode::Enter);
    assert!(render(&state, 80, 24).contains("/service web: 0 of 6"));
}

#[test]
fn read_only_refuses_to_approve() {
    let mut state = on("payments", (120, 40));
    state.read_only = true;
    let effects = press(&mut state, KeyCode::Char('c'));
    assert!(mutations(&effects).is_empty());
    let refused = effects
        .iter()
        .any(|e| matches!(e, Effect::Audit(entry) if entry.outcome == AuditOutcome::Refused));
    assert!(refused, "{effects:?}");
}

#[test]
fn the_services_list_reads_the_history_of_a_deployment_a_hook_may_hold() {
    let mut state = at(with_rollouts(), vec![services_screen(PROD, 0)]);
    update(&mut state, Action::Resize(160, 48));
    let needs = state.screen().needs(&state);
    let histories: Vec<String> = needs
        .iter()
        .filter_map(|n| match n {
            wharf::app::needs::Need::Whole {
                resource: wharf::app::Resource::Deployments(key),
                ..
            } => Some(key.service_name.clone()),
            _ => None,
        })
        .collect();
    // payments has a pause hook and deploys; checkout deploys without one; the rest are steady.
    assert_eq!(histories, vec!["payments".to_string()]);
}

#[test]
fn the_events_cursor_stays_on_its_event_while_new_ones_arrive() {
    let mut state = on("web", (80, 24));
    user(&mut state, UserAction::PreviousPane);
    press(&mut state, KeyCode::Char('j'));
    press(&mut state, KeyCode::Char('j'));
    let chosen = panes(&state).events.key.clone().expect("a key");
    assert_eq!(chosen, "web-ev-4");
    // Two new events arrive on top with the next read of the service.
    let mut web = web();
    for n in [7, 8] {
        web.events.insert(
            0,
            wharf::model::ServiceEvent {
                id: format!("web-ev-{n}"),
                created_at: now(),
                message: "(service web) has reached a steady state.".into(),
                own: false,
            },
        );
    }
    update(
        &mut state,
        Action::Fetched {
            fetch: wharf::app::Fetch::Services {
                cluster_arn: cluster_arn(PROD),
                arns: vec![web.arn.clone()],
            },
            result: Ok(wharf::app::Payload::Services(wharf::backend::Described {
                items: vec![web],
                failures: Vec::new(),
            })),
            at: now(),
            calls: 1,
        },
    );
    assert_eq!(panes(&state).events.selected, 4);
    assert_eq!(panes(&state).events.key.as_deref(), Some("web-ev-4"));
    press(&mut state, KeyCode::Enter);
    assert!(text(&state).contains("has stopped 1 running tasks"));
}

#[test]
fn keys_of_the_tasks_table_wait_for_the_tasks_to_have_the_focus() {
    let mut state = on("web", (80, 24));
    press(&mut state, KeyCode::Tab);
    for key in ['x', ' ', 'y', 's'] {
        let effects = press(&mut state, KeyCode::Char(key));
        assert!(state.overlay.is_none(), "{key}: {:?}", state.overlay);
        assert!(
            effects.iter().all(|e| !matches!(e, Effect::Copy { .. })),
            "{key}"
        );
        let flash = flash(&state);
        assert!(
            flash.contains("acts on the tasks") && flash.contains("tab"),
            "{key}: {flash}"
        );
    }
    assert!(state.screen().cursor().unwrap().marks.is_empty());
    assert!(state.screen().cursor().unwrap().sort.is_none());
}

#[test]
fn the_wheel_scrolls_the_focused_pane() {
    let mut state = on("web", (80, 24));
    user(&mut state, UserAction::PreviousPane);
    update(&mut state, Action::Scroll(2));
    assert_eq!(panes(&state).events.selected, 2);
    assert_eq!(state.screen().cursor().unwrap().selected, 0);
}

#[test]
fn enter_on_a_stopped_task_tells_why_whole() {
    let mut state = at(
        with_rollouts(),
        vec![
            services_screen(PROD, 0),
            service_screen("web", 0),
            task_screen("web", OOM_TASK),
        ],
    );
    update(&mut state, Action::Resize(80, 24));
    press(&mut state, KeyCode::Enter);
    let shown = text(&state);
    assert!(
        shown.contains("Stop code: EssentialContainerExited"),
        "{shown}"
    );
    assert!(shown.contains("exit code 137"), "{shown}");
}

#[test]
fn c_on_the_services_list_approves_the_selected_paused_deployment() {
    let mut state = at(with_rollouts(), vec![services_screen(PROD, 0)]);
    update(&mut state, Action::Resize(160, 48));
    while state.screen().cursor().and_then(|c| c.selected_key.clone())
        != Some(service_arn(PROD, "payments"))
    {
        press(&mut state, KeyCode::Char('j'));
    }
    press(&mut state, KeyCode::Char('c'));
    let effects = press(&mut state, KeyCode::Enter);
    assert!(
        matches!(
            mutations(&effects).as_slice(),
            [Mutation::ContinueDeployment(
                wharf::app::mutation::ContinueDeployment {
                    action: HookAction::Continue,
                    ..
                }
            )]
        ),
        "{effects:?}"
    );
}

#[test]
fn a_line_shown_whole_keeps_its_ages_moving() {
    let mut state = on("web", (80, 24));
    user(&mut state, UserAction::PreviousPane);
    press(&mut state, KeyCode::Enter);
    assert!(render(&state, 80, 24).contains("(1m35s ago)"));
    update(&mut state, Action::Tick(Timestamp(now().0 + 60_000)));
    let screen = render(&state, 80, 24);
    assert!(screen.contains("(2m35s ago)"), "{screen}");
}

#[test]
fn a_target_shown_whole_names_its_group_and_a_hook_its_day() {
    let mut state = on("web", (120, 40));
    user(&mut state, UserAction::NextPane);
    user(&mut state, UserAction::NextPane);
    press(&mut state, KeyCode::Enter);
    assert!(
        text(&state).contains("in target group web-blue"),
        "{}",
        text(&state)
    );
    let mut state = on("payments", (120, 40));
    press(&mut state, KeyCode::Tab);
    press(&mut state, KeyCode::Enter);
    // The hook expires 23h58m from 14:32:05: tomorrow at 14:30:05.
    assert!(
        text(&state).contains("14:30:05 UTC tomorrow (in 23h58m)"),
        "{}",
        text(&state)
    );
}
