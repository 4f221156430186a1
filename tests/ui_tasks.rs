//! Snapshots of a cluster's tasks (`:tasks`): four states at two sizes, a filter that keeps nothing, a sort
//! by service, and a standalone task opened from the list.

mod ui_fixtures;

use wharf::app::{Filter, Sort};

use ui_fixtures::*;

fn on_tasks(kind: Kind, cursor: usize) -> wharf::app::State {
    let mut state = loaded();
    state
        .session
        .cache
        .cluster_tasks
        .insert(cluster_arn(PROD), loadable(kind, prod_tasks(), Vec::new()));
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
    insta::assert_snapshot!("tasks_standalone_task_80x24", render(&state, 80, 24));
}
