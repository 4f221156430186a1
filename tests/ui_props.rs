//! Properties of drawing: never panics at any size, and `body_rows` agrees with what is drawn.

mod ui_fixtures;

use wharf::app::service_table::ServiceTable;
use wharf::app::ServicesScreen;
use wharf::app::{Loadable, Screen, ServiceKey, State, TableView};
use wharf::ui::body_rows;

use ui_fixtures::*;

fn every_screen() -> Vec<State> {
    let mut states = vec![
        loaded(),
        at(loaded(), vec![services_screen(PROD, 5)]),
        at(
            loaded(),
            vec![services_screen(PROD, 3), service_screen("web", 3)],
        ),
        at(
            loaded(),
            vec![services_screen(PROD, 3), service_screen("checkout", 8)],
        ),
        at(
            loaded(),
            vec![
                services_screen(PROD, 11),
                service_screen("web", 3),
                task_screen("web", OOM_TASK),
            ],
        ),
        at(
            base(),
            vec![
                services_screen(PROD, 0),
                service_screen("web", 0),
                task_screen("web", OOM_TASK),
            ],
        ),
    ];
    let mut help = at(loaded(), vec![services_screen(PROD, 3)]);
    help.overlay = wharf::app::Overlay::Help { scroll: 0 };
    states.push(help);
    states
}

/// The same state draws the same screen on any thread. ratatui caches layouts per thread and its solver
/// breaks ties in an order that varies between runs, so each fresh thread is a fresh chance to differ.
#[test]
fn drawing_is_deterministic_across_threads() {
    let states = every_screen();
    let sizes = [
        (60, 15),
        (61, 17),
        (72, 20),
        (80, 24),
        (100, 30),
        (139, 40),
        (160, 48),
    ];
    let draw_all = {
        let states = states.clone();
        move || -> Vec<String> {
            let mut out = Vec::new();
            for (w, h) in sizes {
                for state in &states {
                    out.push(draw_at(state, w, h).backend().to_string());
                }
            }
            out
        }
    };
    let first = draw_all();
    for _ in 0..6 {
        let again = std::thread::spawn(draw_all.clone()).join().unwrap();
        for (i, (a, b)) in first.iter().zip(&again).enumerate() {
            assert_eq!(a, b, "drawing {i} differed between threads");
        }
    }
}

#[test]
fn drawing_never_panics_at_any_size() {
    let states = every_screen();
    for w in 0..=200u16 {
        for h in 0..=60u16 {
            // Every size for the small ones, where layouts break; a sample of the rest.
            if (w > 90 || h > 30) && (w + h) % 7 != 0 {
                continue;
            }
            for state in &states {
                let terminal = draw_at(state, w, h);
                if w == 0 || h == 0 {
                    continue; // drawn without panicking; TestBackend cannot print an empty buffer
                }
                let screen = terminal.backend().to_string();
                // Big enough: the header says where you are. Too small: a message says so, as far as it fits.
                if w >= wharf::ui::MIN_WIDTH && h >= wharf::ui::MIN_HEIGHT {
                    assert!(screen.contains("wharf"), "{w}x{h}:\n{screen}");
                } else if w >= 20 && h >= 3 {
                    assert!(screen.contains("too small"), "{w}x{h}:\n{screen}");
                }
            }
        }
    }
}

/// The services screen over 2,000 services with the cursor at `selected` and the given offset.
fn big_services(selected: usize, offset: usize) -> State {
    let mut state = loaded();
    state.session.cache.services.insert(
        cluster_arn(PROD),
        ServiceTable::loaded(many_services(2000), ago(1)),
    );
    let screen = Screen::Services(ServicesScreen {
        cluster_arn: cluster_arn(PROD),
        cursor: TableView {
            selected,
            offset,
            ..TableView::default()
        },
    });
    at(state, vec![screen])
}

fn selected_line(screen: &str) -> Option<&str> {
    screen.lines().find(|l| l.contains('▸'))
}

#[test]
fn body_rows_agrees_with_the_services_table() {
    for (w, h) in [(60, 15), (80, 24), (100, 30), (160, 48), (200, 60)] {
        let rows = body_rows(&sized(loaded(), w, h), &services_screen(PROD, 0));
        assert!(rows > 0, "{w}x{h}");
        // The cursor on the last row that fits: drawn at the bottom, nothing scrolled.
        let last = rows - 1;
        let screen = render(&big_services(last, 0), w, h);
        let line =
            selected_line(&screen).unwrap_or_else(|| panic!("{w}x{h}: no selection\n{screen}"));
        assert!(
            line.contains(&format!("svc-{last:04}")),
            "{w}x{h}:\n{screen}"
        );
        assert!(
            screen.contains("svc-0000"),
            "{w}x{h}: scrolled too early\n{screen}"
        );
        assert!(
            !screen.contains(&format!("svc-{:04}", last + 1)),
            "{w}x{h}: one row too many\n{screen}"
        );
        // One further down and the table scrolls by exactly one.
        let screen = render(&big_services(rows, 0), w, h);
        assert!(selected_line(&screen)
            .unwrap()
            .contains(&format!("svc-{rows:04}")));
        assert!(
            !screen.contains("svc-0000") && screen.contains("svc-0001"),
            "{w}x{h}:\n{screen}"
        );
        // An offset that the app kept with body_rows is respected as is.
        let screen = render(&big_services(1500, 1500 + 1 - rows), w, h);
        assert!(
            screen.contains(&format!("svc-{:04}", 1501 - rows)),
            "{w}x{h}:\n{screen}"
        );
        assert!(selected_line(&screen).unwrap().contains("svc-1500"));
    }
}

#[test]
fn body_rows_agrees_with_the_tasks_table_of_the_service_view() {
    for (w, h) in [(60, 15), (80, 24), (100, 30), (160, 48), (200, 60)] {
        let mut state = loaded();
        state.session.cache.tasks.insert(
            ServiceKey {
                cluster_arn: cluster_arn(PROD),
                service_name: "web".into(),
            },
            Loadable::loaded(many_tasks(300).into(), ago(1)),
        );
        // The layout depends on what each pane has to show: measured on the state that is drawn.
        let probe = at(
            state.clone(),
            vec![services_screen(PROD, 11), service_screen("web", 0)],
        );
        let probe = sized(probe, w, h);
        let rows = body_rows(&probe, probe.screen());
        assert!(rows > 0, "{w}x{h}");
        let state = at(
            state,
            vec![services_screen(PROD, 11), service_screen("web", rows - 1)],
        );
        let screen = render(&state, w, h);
        let id = |i: usize| format!("t{i:07}");
        let line = selected_line(&screen).unwrap_or_else(|| panic!("{w}x{h}\n{screen}"));
        assert!(line.contains(&id(rows - 1)), "{w}x{h}:\n{screen}");
        assert!(screen.contains(&id(0)), "{w}x{h}:\n{screen}");
        assert!(!screen.contains(&id(rows)), "{w}x{h}:\n{screen}");
    }
}

#[test]
fn body_rows_is_zero_when_nothing_is_drawn() {
    let s = |w, h| sized(loaded(), w, h);
    assert_eq!(body_rows(&s(59, 24), &clusters_screen(0)), 0);
    assert_eq!(body_rows(&s(0, 0), &clusters_screen(0)), 0);
    assert_eq!(body_rows(&s(160, 48), &task_screen("web", OOM_TASK)), 0);
    // 24 rows: header 2, footer 2, borders 2, column titles 1.
    assert_eq!(body_rows(&s(80, 24), &clusters_screen(0)), 17);
}

/// `state` in a terminal of `w` x `h`.
/// The table's rows are worked out, as `update` would before drawing.
fn sized(mut state: wharf::app::State, w: u16, h: u16) -> wharf::app::State {
    state.size = (w, h);
    wharf::app::table::rearrange(&mut state);
    state
}
