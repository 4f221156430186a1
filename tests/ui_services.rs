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
