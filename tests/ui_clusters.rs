//! Snapshots of the clusters view in its four states, at 80x24 and 160x48.

mod ui_fixtures;

use ui_fixtures::*;

#[test]
fn clusters_view_in_every_state() {
    for kind in KINDS {
        let mut state = base();
        state.session.cache.clusters = loadable(kind, clusters(), Vec::new());
        state.screens = vec![clusters_screen(3)];
        for (w, h) in SIZES {
            insta::assert_snapshot!(
                format!("clusters_{}_{w}x{h}", kind.name()),
                render(&state, w, h)
            );
        }
    }
}
