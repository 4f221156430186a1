//! A second that changes nothing but the time redraws only the header and footer over the last frame, on
//! the screens whose body shows no ages (`ui::body_keeps_still`). The claim is checked here: for each of
//! them, the frame drawn that way is the frame a whole draw gives, second after second; and a screen with
//! ages is not one of them.

mod ui_fixtures;

use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::Terminal;
use ui_fixtures::*;
use wharf::app::State;
use wharf::model::Timestamp;
use wharf::ui::{body_keeps_still, draw, draw_chrome, Theme};

fn whole(state: &State, (w, h): (u16, u16)) -> Buffer {
    draw_at(state, w, h).backend().buffer().clone()
}

/// The frame `last` with the header and footer drawn again for `state`.
fn chrome(state: &State, last: &Buffer, (w, h): (u16, u16)) -> Buffer {
    let mut state = state.clone();
    wharf::app::table::rearrange(&mut state);
    let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
    let theme = Theme::default();
    let mut only_chrome = false;
    terminal
        .draw(|f| only_chrome = draw_chrome(f, last, &state, &theme))
        .unwrap();
    assert!(only_chrome, "a frame of the same size");
    terminal.backend().buffer().clone()
}

fn later(state: &State, seconds: i64) -> State {
    let mut later = state.clone();
    later.now = Timestamp(state.now.0 + seconds * 1_000);
    later
}

#[test]
fn the_lists_without_ages_redraw_only_their_header_and_footer_and_look_the_same() {
    let screens = [clusters_screen(1), services_screen(PROD, 3)];
    for screen in screens {
        let state = at(loaded(), vec![screen]);
        assert!(body_keeps_still(&state));
        for size in SIZES {
            let first = whole(&state, size);
            for seconds in 1..10 {
                let then = later(&state, seconds);
                assert_eq!(
                    chrome(&then, &first, size),
                    whole(&then, size),
                    "{seconds} s later at {size:?}"
                );
            }
        }
    }
}

#[test]
fn a_screen_with_ages_and_an_overlay_draw_whole() {
    // A service's tasks say how long ago each started: their body moves with the clock.
    let state = at(
        loaded(),
        vec![services_screen(PROD, 3), service_screen("web", 0)],
    );
    assert!(!body_keeps_still(&state));
    let size = (160, 48);
    let first = whole(&state, size);
    let then = later(&state, 61);
    assert_ne!(chrome(&then, &first, size), whole(&then, size));

    let mut state = at(loaded(), vec![services_screen(PROD, 3)]);
    state.overlay = wharf::app::Overlay::Help { scroll: 0 };
    assert!(!body_keeps_still(&state));
}

#[test]
fn a_frame_of_another_size_is_drawn_whole() {
    let state = at(loaded(), vec![services_screen(PROD, 3)]);
    let small = whole(&state, (80, 24));
    let mut terminal = Terminal::new(TestBackend::new(160, 48)).unwrap();
    let theme = Theme::default();
    let mut only_chrome = true;
    terminal
        .draw(|f| only_chrome = draw_chrome(f, &small, &state, &theme))
        .unwrap();
    assert!(!only_chrome);
    let mut full = Terminal::new(TestBackend::new(160, 48)).unwrap();
    full.draw(|f| draw(f, &state, &theme)).unwrap();
    assert_eq!(terminal.backend().buffer(), full.backend().buffer());
}

/// A placeholder row says `reading…` while its batch is out: an answer to it is drawn even when it brings
/// the same error as the last one (the row goes back to `throttled: waits`).
#[test]
fn an_answer_for_a_placeholder_row_is_never_quiet() {
    use wharf::app::{update, Action, Fetch};
    use wharf::backend::BackendError;
    let mut state = at(loaded(), vec![services_screen(PROD, 3)]);
    let newcomer = service_arn(PROD, "newcomer");
    let table = state
        .session
        .cache
        .services
        .get_mut(&cluster_arn(PROD))
        .and_then(|l| l.data.as_mut())
        .expect("prod's services");
    let listed: Vec<String> = table
        .listed
        .iter()
        .cloned()
        .chain([newcomer.clone()])
        .collect();
    table.listed_page(listed, None);
    assert!(table.is_placeholder(&newcomer));
    for _ in 0..2 {
        let batch = Fetch::Services {
            cluster_arn: cluster_arn(PROD),
            arns: vec![newcomer.clone()],
        };
        let throttled = BackendError::Throttled {
            action: "DescribeServices".into(),
        };
        let at = state.now;
        let answer = Action::Fetched {
            fetch: batch,
            result: Err(throttled),
            at,
            calls: 1,
        };
        update(&mut state, answer);
        assert!(!state.quiet, "the row's reason changed back from reading…");
    }
}
