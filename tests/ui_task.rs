//! Snapshots of the task detail view: four states, and a running task whose task definition is loading.

mod ui_fixtures;

use wharf::app::{Loadable, ServiceKey};

use ui_fixtures::*;

fn web_key() -> ServiceKey {
    ServiceKey {
        cluster_arn: cluster_arn(PROD),
        service_name: "web".into(),
    }
}

#[test]
fn task_view_in_every_state() {
    for kind in KINDS {
        let mut state = loaded();
        // Empty: the task list no longer has this task (ECS forgot it).
        let listed = web_tasks()
            .into_iter()
            .filter(|t| !t.arn.ends_with(OOM_TASK))
            .collect();
        state
            .tasks
            .insert(web_key(), loadable(kind, web_tasks(), listed));
        let state = at(
            state,
            vec![
                services_screen(PROD, 11),
                service_screen("web", 3),
                task_screen("web", OOM_TASK),
            ],
        );
        for (w, h) in SIZES {
            insta::assert_snapshot!(
                format!("task_{}_{w}x{h}", kind.name()),
                render(&state, w, h)
            );
        }
    }
}

#[test]
fn running_task_with_its_definition_loading() {
    let mut state = loaded();
    state.task_definitions.clear();
    state.task_definitions.insert(
        td_arn("web:42"),
        Loadable {
            in_flight: true,
            ..Loadable::default()
        },
    );
    let state = at(
        state,
        vec![
            services_screen(PROD, 11),
            service_screen("web", 0),
            task_screen("web", RUNNING_TASK),
        ],
    );
    for (w, h) in SIZES {
        insta::assert_snapshot!(format!("task_running_{w}x{h}"), render(&state, w, h));
    }
}
