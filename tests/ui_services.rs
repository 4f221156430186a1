//! Snapshots of a cluster's services in its four states, at 80x24 and 160x48.

mod ui_fixtures;

use ui_fixtures::*;

#[test]
fn services_view_in_every_state() {
    for kind in KINDS {
        let mut state = loaded();
        // The empty case is a real empty cluster: staging.
        let cluster = if kind == Kind::Empty { "staging" } else { PROD };
        state.session.cache.services.insert(
            cluster_arn(cluster),
            service_table(kind, services(), Vec::new()),
        );
        let state = at(state, vec![services_screen(cluster, 3)]);
        for (w, h) in SIZES {
            insta::assert_snapshot!(
                format!("services_{}_{w}x{h}", kind.name()),
                render(&state, w, h)
            );
        }
    }
}

/// web's deployment has failed 640 tasks since it began, three days ago; in the last ten minutes one task was
/// replaced. The 640 says it is not a count of the last ten minutes.
#[test]
fn a_lifetime_count_says_its_span() {
    let mut state = loaded();
    let table = state
        .session
        .cache
        .services
        .get_mut(&cluster_arn(PROD))
        .and_then(|l| l.data.as_mut())
        .expect("services of prod");
    table.edit_rows(|rows| {
        let web = rows.iter_mut().find(|s| s.name == "web").expect("web");
        web.deployments[0].failed_tasks = 640;
        web.events
            .retain(|e| !e.message.contains("is unhealthy in"));
    });
    let state = at(state, vec![services_screen(PROD, 11)]);
    let screen = render(&state, 160, 48);
    let header = screen.lines().nth(3).unwrap();
    assert!(header.contains("ALERTS (last 10 min)"), "{header}");
    let row = screen.lines().find(|l| l.contains("│▸ web ")).unwrap();
    // What the last ten minutes saw first; the lifetime count after it, saying its span.
    assert!(
        row.contains("↻ 1 restarts ✗ 640 failed since deploy"),
        "{row}"
    );
    // The recommendations rollout failed 15 minutes ago: its ROLLOUT says FAILED, ALERTS no longer does.
    let recs = screen
        .lines()
        .find(|l| l.contains("recommendations"))
        .unwrap();
    assert!(
        recs.contains("✗ 10 failed since deploy") && !recs.contains("deploy failed"),
        "{recs}"
    );
    assert!(recs.contains("✗ FAILED"), "{recs}");
}
