//! Snapshots of the service screen's panes: a blue/green deployment held by a pause hook, the deployment
//! history with a rollback, the events zoomed, a line shown whole, and a failing rollout's bar.

mod ui_fixtures;

use ui_fixtures::rollouts::*;
use ui_fixtures::*;
use wharf::app::ServiceScreen;
use wharf::app::{update, Action, Pane, Screen, ServicePanes, State, UserAction};

fn on(name: &str, panes: ServicePanes, size: (u16, u16)) -> State {
    let mut screen = service_screen(name, 0);
    if let Screen::Service(ServiceScreen { panes: p, .. }) = &mut screen {
        **p = panes;
    }
    let mut state = at(with_rollouts(), vec![services_screen(PROD, 0), screen]);
    update(&mut state, Action::Resize(size.0, size.1));
    state
}

#[test]
fn blue_green_held_by_a_pause_hook() {
    for (w, h) in SIZES {
        let state = on("payments", ServicePanes::default(), (w, h));
        let screen = render(&state, w, h);
        assert!(screen.contains("POST_TEST_TRAFFIC_SHIFT"), "{screen}");
        assert!(
            screen.contains("payments-green"),
            "both target groups: {screen}"
        );
        insta::assert_snapshot!(format!("panes_blue_green_{w}x{h}"), screen);
    }
}

#[test]
fn history_keeps_the_rolled_back_deployment() {
    for (w, h) in SIZES {
        let state = on(
            "checkout",
            ServicePanes::zoomed_on(Pane::Deployments),
            (w, h),
        );
        let screen = render(&state, w, h);
        assert!(screen.contains("ROLLBACK_SUCCESSFUL"), "{screen}");
        insta::assert_snapshot!(format!("panes_history_{w}x{h}"), screen);
    }
}

#[test]
fn events_zoomed_with_times_and_ages() {
    for (w, h) in SIZES {
        let state = on("web", ServicePanes::zoomed_on(Pane::Events), (w, h));
        insta::assert_snapshot!(format!("panes_events_{w}x{h}"), render(&state, w, h));
    }
}

#[test]
fn a_line_shown_whole() {
    let mut state = on("checkout", ServicePanes::default(), (80, 24));
    update(&mut state, Action::User(UserAction::NextPane));
    update(&mut state, Action::User(UserAction::Bottom));
    update(&mut state, Action::User(UserAction::Up));
    update(&mut state, Action::User(UserAction::Open));
    insta::assert_snapshot!("panes_text_80x24", render(&state, 80, 24));
}

#[test]
fn a_failing_rollout_is_not_drawn_complete() {
    // recommendations' deployment failed with 10 failed tasks while all its tasks run.
    let state = on("recommendations", ServicePanes::default(), (160, 48));
    let screen = render(&state, 160, 48);
    let line = screen
        .lines()
        .find(|l| l.contains("PRIMARY"))
        .unwrap_or_else(|| panic!("{screen}"));
    assert!(!line.contains("████████ 2/2"), "{line}");
    assert!(line.contains("✗███████ 2/2"), "{line}");
    assert!(line.contains("3 of 3 failures to rollback"), "{line}");
}

#[test]
fn a_service_without_a_load_balancer_gives_the_space_to_the_others() {
    let state = on("auth", ServicePanes::default(), (120, 40));
    let screen = render(&state, 120, 40);
    let lines: Vec<&str> = screen.lines().collect();
    let target = lines
        .iter()
        .position(|l| l.contains("Target health"))
        .unwrap_or_else(|| panic!("{screen}"));
    // The pane's title and one line saying why it is empty, not half the screen.
    assert!(
        lines[target + 2].contains("Events") || lines[target + 2].contains("Tasks"),
        "{screen}"
    );
}

#[test]
fn the_services_list_says_which_deployment_awaits_approval() {
    let mut state = at(with_rollouts(), vec![services_screen(PROD, 0)]);
    update(&mut state, Action::Resize(160, 48));
    let screen = render(&state, 160, 48);
    let payments = screen
        .lines()
        .find(|l| l.contains("payments"))
        .unwrap_or_else(|| panic!("{screen}"));
    assert!(payments.contains("⏸ awaits approval"), "{payments}");
    let checkout = screen.lines().find(|l| l.contains("checkout")).unwrap();
    assert!(!checkout.contains("approval"), "{checkout}");
}

#[test]
fn two_live_deployments_of_one_revision_are_told_apart_by_their_ids() {
    // A rollback: the new PRIMARY deployment runs the revision of the ACTIVE one it replaces.
    let mut state = on("checkout", ServicePanes::default(), (80, 24));
    let table = state
        .session
        .cache
        .services
        .get_mut(&cluster_arn(PROD))
        .and_then(|l| l.data.as_mut())
        .unwrap();
    let mut rows = table.rows().to_vec();
    let checkout = rows.iter_mut().find(|s| s.name == "checkout").unwrap();
    let first = checkout.deployments[0].task_definition.clone();
    checkout.deployments[1].task_definition = first;
    *table = wharf::app::service_table::ServiceTable::loaded(rows, ago(4))
        .data
        .unwrap();
    let small = render(&state, 80, 24);
    assert!(small.contains("chec…:57 …8475"), "{small}");
    let wide = render(&state, 160, 48);
    assert!(wide.contains("checkout:57 …8475"), "{wide}");
    assert!(wide.contains("checkout:57 …0671"), "{wide}");
}
