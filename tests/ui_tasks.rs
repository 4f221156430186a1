//! Snapshots of a cluster's tasks (`:tasks`): four states at two sizes, a filter that keeps nothing, a sort
//! by service, and a standalone task opened from the list.

mod ui_fixtures;

use wharf::app::{Filter, Sort};

use ui_fixtures::*;

fn on_tasks(kind: Kind, cursor: usize) -> wharf::app::State {
    let mut state = loaded();
    state.session.cache.cluster_tasks.insert(
        cluster_arn(PROD),
        loadable(kind, prod_tasks().into(), Vec::new().into()),
    );
    at(
        state,
        vec![services_screen(PROD, 0), tasks_screen(PROD, cursor)],
    )
}

#[test]
fn tasks_view_in_every_state() {
    for kind in KINDS {
        let state = on_tasks(kind, 2);
        for (w, h) in SIZES {
            insta::assert_snapshot!(
                format!("tasks_{}_{w}x{h}", kind.name()),
                render(&state, w, h)
            );
        }
    }
}

#[test]
fn a_filter_that_keeps_no_task_says_so() {
    let mut state = on_tasks(Kind::Populated, 0);
    if let Some(view) = state.screen_mut().cursor_mut() {
        view.filter = Filter::parse("payments");
    }
    insta::assert_snapshot!("tasks_no_match_80x24", render(&state, 80, 24));
}

/// Sorted by SERVICE (its header says so), the standalone tasks filtered in by the word the column shows.
#[test]
fn sorted_by_service_and_filtered_to_standalone() {
    let mut state = on_tasks(Kind::Populated, 0);
    if let Some(view) = state.screen_mut().cursor_mut() {
        view.sort = Some(Sort {
            column: 1,
            reversed: false,
        });
        view.filter = Filter::parse("standalone|checkout");
    }
    for (w, h) in SIZES {
        insta::assert_snapshot!(format!("tasks_by_service_{w}x{h}"), render(&state, w, h));
    }
}

#[test]
fn a_standalone_task_opened_from_the_list() {
    let mut state = on_tasks(Kind::Populated, 0);
    state.screens.push(cluster_task_screen(MIGRATION_TASK));
    assert_nothing_loading(&render(&state, 80, 24));
    insta::assert_snapshot!("tasks_standalone_task_80x24", render(&state, 80, 24));
}

/// The cluster's tasks and a service's tasks at 120 columns: every column that fits, none of them cryptic.
#[test]
fn at_120_columns_the_tables_use_their_width() {
    let state = on_tasks(Kind::Populated, 2);
    let screen = render(&state, 120, 40);
    insta::assert_snapshot!("tasks_populated_120x40", screen);
    let header = screen.lines().nth(3).unwrap();
    for title in [
        "LAST STATUS",
        "SINCE",
        "CONTAINERS",
        "TARGET",
        "TASK DEF",
        "STOP CODE",
    ] {
        assert!(header.contains(title), "{title}: {header}");
    }
    let service = at(
        loaded(),
        vec![services_screen(PROD, 11), service_screen("web", 3)],
    );
    let screen = render(&service, 120, 40);
    assert_nothing_loading(&screen);
    insta::assert_snapshot!("service_tasks_120x40", screen);
    let header = screen.lines().find(|l| l.contains("   TASK ")).unwrap();
    for title in [
        "LAST STATUS",
        "CONTAINERS",
        "TARGET",
        "TASK DEF",
        "STOPPED REASON",
    ] {
        assert!(header.contains(title), "{title}: {header}");
    }
    // The rows reach the right edge: no half-empty table.
    let row = screen
        .lines()
        .find(|l| l.contains("1a2b3c4d ○ STOPPED"))
        .unwrap();
    assert!(
        row.trim_end_matches(['"', ' ']).chars().count() > 110,
        "{row}"
    );
}

/// Ages of past moments read as ages, under headers that say which moment.
#[test]
fn started_and_stopped_read_as_ages() {
    let state = on_tasks(Kind::Populated, 2);
    for (w, h) in [(80, 24), (160, 48)] {
        let screen = render(&state, w, h);
        let stopped = screen.lines().find(|l| l.contains("1a2b3c4d")).unwrap();
        assert!(stopped.contains("3m32s ago"), "{stopped}");
        assert!(!screen.contains(" FOR "), "{screen}");
    }
    let wide = render(&state, 160, 48);
    let stopped = wide.lines().find(|l| l.contains("1a2b3c4d")).unwrap();
    assert!(
        stopped.contains("1h30m ago  3m32s ago"),
        "started, then stopped: {stopped}"
    );
}

/// Containers that pass their own health check while the load balancer fails the task's target: the two
/// checks side by side, each named; a task with no target group says nothing of one.
#[test]
fn container_health_and_target_health_are_two_checks() {
    let mut state = on_tasks(Kind::Populated, 2);
    let failing = "5b6c7d8e";
    for list in state.session.cache.cluster_tasks.values_mut() {
        for tasks in list.data.iter_mut() {
            tasks.edit(|tasks| {
                for t in tasks.iter_mut().filter(|t| t.id().starts_with(failing)) {
                    t.health_status = wharf::model::HealthStatus::Healthy;
                }
            });
        }
    }
    for (w, h) in [(80, 24), (120, 40), (160, 48)] {
        let screen = render(&state, w, h);
        let header = screen.lines().nth(3).unwrap();
        assert!(
            header.contains("CONTAINERS") && header.contains("TARGET"),
            "{header}"
        );
        let row = screen.lines().find(|l| l.contains(failing)).unwrap();
        assert!(
            row.contains("✓ HEALTHY") && row.contains("✗ unhealthy"),
            "{row}"
        );
        let standalone = screen.lines().find(|l| l.contains("6f5e4d3c")).unwrap();
        assert!(!standalone.contains("healthy"), "{standalone}");
    }
    state.screens.push(cluster_task_screen(&format!(
        "{failing}9f0a41b2c3d4e5f6a7b8c9d0"
    )));
    let screen = render(&state, 120, 40);
    assert!(
        screen.contains("Container health check: ✓ HEALTHY"),
        "{screen}"
    );
    assert!(
        screen.contains("Load balancer target (web-blue): ✗ unhealthy: Health checks failed with these codes: [502]"),
        "{screen}"
    );
    state.screens.pop();
    state.screens.push(cluster_task_screen(MIGRATION_TASK));
    let screen = render(&state, 120, 40);
    assert!(
        !screen.contains("Load balancer target"),
        "standalone: {screen}"
    );
}
