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

/// A handful of clusters: the box is as tall as its rows, and the selected cluster's facts fill the room
/// below, with what the state knows of its services. Too many to leave room: the table keeps it all.
#[test]
fn the_room_under_a_short_list_shows_the_selected_cluster() {
    let mut state = loaded();
    state.screens = vec![clusters_screen(3)];
    for (w, h) in [(80, 24), (160, 48)] {
        let screen = render(&state, w, h);
        let lines: Vec<&str> = screen.lines().collect();
        let last_row = lines.iter().position(|l| l.contains("staging")).unwrap();
        assert!(lines[last_row + 1].contains("└"), "{screen}");
        assert!(
            lines[last_row + 3].contains("Cluster prod-fargate"),
            "{screen}"
        );
        assert!(
            screen.contains("providers  FARGATE · FARGATE_SPOT"),
            "{screen}"
        );
        let services = lines
            .iter()
            .find(|l| l.contains("services  12 active"))
            .unwrap();
        assert!(
            services.contains("alerting") && services.contains("deploying"),
            "{services}"
        );
    }
    insta::assert_snapshot!("clusters_selected_160x48", render(&state, 160, 48));

    let mut crowded = base();
    let many: Vec<_> = (0..30)
        .map(|i| {
            let mut c = clusters()[0].clone();
            c.name = format!("cluster-{i:02}");
            c.arn = cluster_arn(&c.name);
            c
        })
        .collect();
    crowded.session.cache.clusters = loadable(Kind::Populated, many, Vec::new());
    crowded.screens = vec![clusters_screen(3)];
    let screen = render(&crowded, 80, 24);
    assert!(!screen.contains("Cluster cluster-03"), "{screen}");
    assert!(screen.contains("cluster-15"), "{screen}");
}
