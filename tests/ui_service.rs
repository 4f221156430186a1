//! Snapshots of the service detail view: four states, a live deployment, and partly loaded data.

mod ui_fixtures;

use wharf::app::service_table::ServiceTable;
use wharf::app::{Loadable, Resource, Status};
use wharf::backend::{BackendError, DescribeFailure, Described};
use wharf::model::{Service, Timestamp};

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
        let table = match kind {
            // The service's own read (its row's describe) failed: the table knows of it, with the error.
            Kind::Error => failed_row(&service_arn(PROD, name), expired(), ago(3)),
            _ => service_table(kind, services(), services()),
        };
        state
            .session
            .cache
            .services
            .insert(cluster_arn(PROD), table);
        if kind == Kind::Empty {
            let reports = wharf::app::ServiceKey {
                cluster_arn: cluster_arn(PROD),
                service_name: "reports".into(),
            };
            let cache = &mut state.session.cache;
            cache
                .tasks
                .insert(reports.clone(), Loadable::loaded(Vec::new().into(), ago(2)));
            // Its history read too, and empty (ECS keeps none from before 2024-10-25).
            cache
                .deployments
                .insert(reports, Loadable::loaded(Vec::new(), ago(2)));
        }
        let state = at(
            state,
            vec![services_screen(PROD, 11), service_screen(name, selected)],
        );
        for (w, h) in SIZES {
            if matches!(kind, Kind::Empty | Kind::Populated) {
                assert_nothing_loading(&render(&state, w, h));
            }
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
        assert_nothing_loading(&render(&state, w, h));
        insta::assert_snapshot!(format!("service_deploying_{w}x{h}"), render(&state, w, h));
    }
}

#[test]
fn service_with_tasks_and_targets_still_loading() {
    let mut state = loaded();
    state.session.cache.tasks.clear();
    state.session.cache.target_health.clear();
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
    let web_arn = service_arn(PROD, "web");
    // Listed without web, and its own describe answered without it (neither described nor failed).
    let mut table = ServiceTable::loaded(remaining, ago(1));
    let rows = table.data.as_mut().unwrap();
    rows.status_mut(&web_arn).start(ago(2), 1, true);
    rows.described(
        std::slice::from_ref(&web_arn),
        Ok(Described::default()),
        ago(1),
    );
    state
        .session
        .cache
        .services
        .insert(cluster_arn(PROD), table);
    let state = at(
        state,
        vec![services_screen(PROD, 10), service_screen("web", 0)],
    );
    insta::assert_snapshot!("service_gone_80x24", render(&state, 80, 24));
}

/// The status of web's own read: its row in its cluster's table.
fn web_row(state: &mut wharf::app::State) -> &mut Status {
    state.session.cache.status_mut(&Resource::Service {
        cluster_arn: cluster_arn(PROD),
        service_arn: service_arn(PROD, "web"),
    })
}

/// A read answered at `at`, with data.
fn answered_at(at: Timestamp) -> Status {
    Loadable::loaded((), at).status
}

/// A table where one service's describe failed, and nothing is described yet.
fn failed_row(arn: &str, error: BackendError, at: Timestamp) -> Loadable<ServiceTable> {
    let mut table = ServiceTable::default();
    table.described(&[arn.to_string()], Err(error), at);
    Loadable {
        data: Some(table),
        status: Status::default(),
    }
}

/// The status line of the service screen speaks for what the screen shows: the service's own describe (not
/// the older list it was opened from), its tasks and its target health; and it shows their errors.
#[test]
fn service_status_line_reflects_the_service_its_tasks_and_targets() {
    let mut state = at(
        loaded(),
        vec![services_screen(PROD, 3), service_screen("web", 3)],
    );
    // The list was fetched 10 minutes ago; everything the detail shows (web's own row, its tasks and its
    // targets) was fetched 2 s ago.
    state.session.cache.services.insert(
        cluster_arn(PROD),
        ServiceTable::loaded(services(), ago(600)),
    );
    *web_row(&mut state) = answered_at(ago(2));
    let fresh = render(&state, 120, 40);
    assert!(fresh.contains("updated 2s ago"), "{fresh}");

    let mut throttled_detail = answered_at(ago(30));
    throttled_detail.error = Some(throttled());
    throttled_detail.failures = 1;
    *web_row(&mut state) = throttled_detail;
    // Wide enough for the whole error and the age beside it (a narrower line sends to :messages instead).
    let failing = render(&state, 200, 40);
    assert!(
        failing.contains("✗ throttled"),
        "the describe's error is shown:\n{failing}"
    );
    assert!(failing.contains("showing data from 30s ago"), "{failing}");

    // Target health that cannot be read (e.g. no ELB permission) is an error on this screen too.
    *web_row(&mut state) = answered_at(ago(2));
    let mut denied = Loadable::loaded(web_targets(), ago(2));
    denied.status.error = Some(BackendError::AccessDenied {
        action: "elasticloadbalancing:DescribeTargetHealth".into(),
        resource: tg_arn(WEB_TG.0, WEB_TG.1),
    });
    state
        .session
        .cache
        .target_health
        .insert(tg_arn(WEB_TG.0, WEB_TG.1), denied);
    let denied = render(&state, 120, 40);
    assert!(denied.contains("✗ access denied"), "{denied}");
}

#[test]
fn a_service_that_vanished_says_so_instead_of_loading_forever() {
    let web_arn = service_arn(PROD, "web");
    let mut state = at(
        loaded(),
        vec![services_screen(PROD, 3), service_screen("web", 3)],
    );
    let without_web: Vec<Service> = services()
        .into_iter()
        .filter(|s| s.arn != web_arn)
        .collect();
    // The list no longer has web, and describing it said MISSING.
    let mut table = ServiceTable::loaded(without_web, ago(1));
    table.data.as_mut().unwrap().described(
        std::slice::from_ref(&web_arn),
        Ok(Described {
            items: Vec::new(),
            failures: vec![DescribeFailure {
                arn: web_arn.clone(),
                reason: "MISSING".into(),
            }],
        }),
        ago(1),
    );
    state
        .session
        .cache
        .services
        .insert(cluster_arn(PROD), table);
    let screen = render(&state, 120, 40);
    assert!(
        screen.contains("web is not in prod-fargate any more"),
        "{screen}"
    );
}

#[test]
fn deployments_that_do_not_fit_are_counted_not_silently_dropped() {
    // checkout has two deployments; at the smallest size only one row fits.
    let state = at(
        loaded(),
        vec![services_screen(PROD, 3), service_screen("checkout", 0)],
    );
    let small = render(&state, 60, 15);
    assert!(small.contains("more below · tab to scroll"), "{small}");
    let roomy = render(&state, 160, 48);
    assert!(!roomy.contains("more below"), "{roomy}");
}
