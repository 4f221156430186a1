//! Snapshots of the task detail view: four states, and a running task whose task definition is loading.

mod ui_fixtures;

use wharf::app::{Loadable, Resource, ServiceKey, Status};

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
            .session
            .cache
            .tasks
            .insert(web_key(), loadable(kind, web_tasks().into(), listed));
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
    let definitions = &mut state.session.cache.task_definitions;
    definitions.clear();
    definitions.insert(
        td_arn("web:42"),
        Loadable {
            data: None,
            status: Status {
                in_flight: true,
                ..Status::default()
            },
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

/// One state at a time: the read behind the view failed and left nothing to show, so the view says that
/// error and the status line says it too, not "loading…": before the task's own read goes, and while it is
/// out.
#[test]
fn a_failed_read_with_no_data_says_its_error_not_loading() {
    let mut state = loaded();
    state.session.cache.tasks.insert(
        web_key(),
        loadable(Kind::Error, web_tasks().into(), Vec::new().into()),
    );
    let before = at(
        state,
        vec![
            services_screen(PROD, 11),
            service_screen("web", 3),
            task_screen("web", OOM_TASK),
        ],
    );
    let mut asking = before.clone();
    asking
        .session
        .cache
        .status_mut(&Resource::Task {
            cluster_arn: cluster_arn(PROD),
            task_arn: task_arn(PROD, OOM_TASK),
        })
        .start(ago(1), 1, true);
    for state in [before, asking] {
        for (w, h) in SIZES {
            let screen = render(&state, w, h);
            assert!(screen.contains("Could not load task"), "{screen}");
            let status_line = screen.lines().last().unwrap_or_default();
            assert!(
                status_line.contains("✗ AWS credentials have expired"),
                "the error in the status line:\n{screen}"
            );
            assert!(
                !status_line.contains("loading"),
                "not loading beside it:\n{screen}"
            );
        }
    }
}

/// A stopped reason too long for the banner is cut with …, so nobody takes the part shown for the whole.
#[test]
fn a_reason_too_long_for_the_banner_ends_with_an_ellipsis() {
    let mut state = at(
        loaded(),
        vec![
            services_screen(PROD, 3),
            service_screen("web", 3),
            task_screen("web", OOM_TASK),
        ],
    );
    let key = ServiceKey {
        cluster_arn: cluster_arn(PROD),
        service_name: "web".into(),
    };
    let tasks = state
        .session
        .cache
        .tasks
        .get_mut(&key)
        .and_then(|l| l.data.as_mut())
        .expect("web tasks");
    let long = "the end of this reason is the part that matters ".repeat(6) + "THE-LAST-WORDS";
    tasks.edit(|tasks| {
        let task = tasks
            .iter_mut()
            .find(|t| t.arn.ends_with(OOM_TASK))
            .expect("the OOM task");
        task.stopped_reason = Some(long);
    });
    let screen = render(&state, 80, 24);
    assert!(
        !screen.contains("THE-LAST-WORDS"),
        "too long to fit at 80x24:\n{screen}"
    );
    let reason_lines: Vec<&str> = screen
        .lines()
        .filter(|l| l.contains("part that matters"))
        .collect();
    assert!(
        reason_lines.last().is_some_and(|l| l.contains('…')),
        "{screen}"
    );
    assert!(
        render(&state, 200, 60).contains("THE-LAST-WORDS"),
        "whole where there is room"
    );
}
