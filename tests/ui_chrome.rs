//! Snapshots of what surrounds the views: help, a terminal too small, stale data with an error, the header.

mod ui_fixtures;

use wharf::app::service_table::ServiceTable;
use wharf::backend::BackendInfo;

use ui_fixtures::*;

#[test]
fn help_overlay() {
    let mut state = at(loaded(), vec![services_screen(PROD, 3)]);
    state.overlay = wharf::app::Overlay::Help { scroll: 0 };
    for (w, h) in SIZES {
        insta::assert_snapshot!(format!("help_{w}x{h}"), render(&state, w, h));
    }
    insta::assert_snapshot!("help_60x15", render(&state, 60, 15));
    insta::assert_snapshot!("help_120x32", render(&state, 120, 32));
}

#[test]
fn terminal_too_small() {
    let state = loaded();
    insta::assert_snapshot!("too_small_50x12", render(&state, 50, 12));
    insta::assert_snapshot!("too_small_59x24", render(&state, 59, 24));
}

#[test]
fn smallest_supported_terminal() {
    let state = at(
        loaded(),
        vec![services_screen(PROD, 3), service_screen("web", 3)],
    );
    assert_nothing_loading(&render(&state, 60, 15));
    insta::assert_snapshot!("service_60x15", render(&state, 60, 15));
}

#[test]
fn stale_data_with_an_error() {
    let mut state = loaded();
    // Listed and described 2m05s ago; the last read, 5 s ago, was throttled.
    let mut table = ServiceTable::loaded(services(), ago(125));
    table.status.error = Some(throttled());
    table.status.failures = 1;
    table.status.polled_at = Some(ago(5));
    state
        .session
        .cache
        .services
        .insert(cluster_arn(PROD), table);
    let state = at(state, vec![services_screen(PROD, 3)]);
    for (w, h) in SIZES {
        insta::assert_snapshot!(format!("stale_with_error_{w}x{h}"), render(&state, w, h));
    }
}

#[test]
fn sandbox_header_and_refreshing() {
    let mut state = loaded();
    state.session.info = BackendInfo {
        profile: "sandbox".into(),
        region: "sandbox-1".into(),
        account_id: None,
        endpoint: None,
        clock_speed: None,
        simulated: true,
    };
    state.session.cache.clusters.status.in_flight = true;
    insta::assert_snapshot!("sandbox_80x24", render(&state, 80, 24));
}

#[test]
fn a_read_only_profile_says_so_in_the_header() {
    let mut state = loaded();
    state.read_only = true;
    let screen = render(&state, 80, 24);
    let header = screen.lines().next().unwrap();
    assert!(header.contains("prod-admin  read-only"), "{header}");
}

/// The sandbox at `--speed 10`: its clock runs ten times as fast as real time, and the header says so.
#[test]
fn a_sped_up_sandbox_says_so_beside_its_clock() {
    let mut state = loaded();
    state.session.info = BackendInfo {
        profile: "sandbox".into(),
        region: "sandbox-1".into(),
        clock_speed: Some(10.0),
        simulated: true,
        ..BackendInfo::default()
    };
    let header =
        |state: &wharf::app::State, w| render(state, w, 24).lines().next().unwrap().to_string();
    let wide = header(&state, 120);
    assert!(wide.contains("14:32:05 UTC ×10 sandbox time"), "{wide}");
    let narrow = header(&state, 80);
    assert!(narrow.contains("14:32:05 UTC ×10"), "{narrow}");
    state.session.info.clock_speed = Some(0.5);
    let slow = header(&state, 120);
    assert!(slow.contains("UTC ×0.5 sandbox time"), "{slow}");
    state.session.info.clock_speed = Some(1.0);
    let real = header(&state, 120);
    assert!(
        real.trim_end_matches([' ', '"']).ends_with("14:32:05 UTC"),
        "{real}"
    );
}
