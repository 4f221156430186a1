//! Snapshots of the service detail view: four states, a live deployment, and partly loaded data.

mod ui_fixtures;

use wharf::app::Loadable;
use wharf::model::Service;

use ui_fixtures::*;

#[test]
fn service_view_in_every_state() {
    for kind in KINDS {
        let mut state = loaded();
        let (name, selected) = match kind {
            // A service scaled to zero, with no tasks, no load balancer and no events.
            Kind::Empty => ("reports", 0),
            // The cursor on the task that ran out of memory.
            _ => ("web", 3),
        };
        state
            .services
            .insert(cluster_arn(PROD), loadable(kind, services(), services()));
        if kind == Kind::Empty {
            state.tasks.insert(
                wharf::app::ServiceKey {
                    cluster_arn: cluster_arn(PROD),
                    service_name: "reports".into(),
                },
                Loadable::loaded(Vec::new(), ago(2)),
            );
        }
        let state = at(
            state,
            vec![services_screen(PROD, 11), service_screen(name, selected)],
        );
        for (w, h) in SIZES {
            insta::assert_snapshot!(
                format!("service_{}_{w}x{h}", kind.name()),
                render(&state, w, h)
            );
        }
    }
}

#[test]
fn service_mid_deployment() {
    let state = at(
        loaded(),
        vec![services_screen(PROD, 3), service_screen("checkout", 0)],
    );
    for (w, h) in SIZES {
        insta::assert_snapshot!(format!("service_deploying_{w}x{h}"), render(&state, w, h));
    }
}

#[test]
fn service_with_tasks_and_targets_still_loading() {
    let mut state = loaded();
    state.tasks.clear();
    state.target_health.clear();
    let state = at(
        state,
        vec![services_screen(PROD, 11), service_screen("web", 0)],
    );
    insta::assert_snapshot!("service_partly_loaded_80x24", render(&state, 80, 24));
}

#[test]
fn service_that_is_gone() {
    let mut state = loaded();
    let remaining: Vec<Service> = services().into_iter().filter(|s| s.name != "web").collect();
    state
        .services
        .insert(cluster_arn(PROD), Loadable::loaded(remaining, ago(1)));
    let state = at(
        state,
        vec![services_screen(PROD, 10), service_screen("web", 0)],
    );
    insta::assert_snapshot!("service_gone_80x24", render(&state, 80, 24));
}
