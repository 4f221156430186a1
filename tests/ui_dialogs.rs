//! Snapshots of the change dialog for each kind of change, at 80x24 and 160x48: as it opens, with a warning
//! or a refusal, with marked tasks hidden by the filter, with the revisions to choose from; and `:audit`.

mod ui_fixtures;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ui_fixtures::*;
use wharf::app::{update, Action, Payload, Resource, State};
use wharf::model::EnvVar;

fn on(screen: wharf::app::Screen, size: (u16, u16)) -> State {
    let mut state = at(loaded(), vec![services_screen(PROD, 0), screen]);
    update(&mut state, Action::Resize(size.0, size.1));
    state
}

fn keys(state: &mut State, text: &str) {
    for c in text.chars() {
        let code = match c {
            '\n' => KeyCode::Enter,
            '\x08' => KeyCode::Backspace,
            c => KeyCode::Char(c),
        };
        update(state, Action::Key(KeyEvent::new(code, KeyModifiers::NONE)));
    }
}

fn web_revisions(state: &mut State) {
    let tds = [43, 42, 41]
        .iter()
        .map(|r| {
            let mut td = web_task_definition();
            td.arn = td_arn(&format!("web:{r}"));
            td.revision = *r;
            if *r != 42 {
                td.containers[0].image =
                    format!("123456789012.dkr.ecr.eu-west-1.amazonaws.com/web:v{r}");
            }
            if *r == 41 {
                td.memory = Some(1024);
            }
            if *r == 43 {
                td.containers[0].environment = vec![EnvVar::new("FEATURE_CHECKOUT_V2", "on")];
            }
            td
        })
        .collect();
    update(
        state,
        Action::loaded(
            Resource::Revisions {
                family: "web".into(),
            },
            Ok(Payload::Revisions(tds)),
            now(),
        ),
    );
}

/// Each dialog as the keys leave it, at both sizes.
#[test]
fn each_dialog_at_both_sizes() {
    type Setup = fn(&mut State);
    let cases: [(&str, &str, Setup); 8] = [
        ("scale", "+", |_| {}),
        ("scale_refused", "+abc\n", |_| {}),
        ("scale_to_zero_warned", "+0\n", |_| {}),
        ("deploy_revision", "d", web_revisions),
        ("deploy_image", "i", |_| {}),
        ("force", "F", |_| {}),
        ("rollback_to_revision", "R", web_revisions),
        ("stop_marked", "  /9f8e\nx", |_| {}),
    ];
    for (w, h) in SIZES {
        for (name, typed, setup) in cases {
            let mut state = on(service_screen("web", 0), (w, h));
            keys(&mut state, typed);
            setup(&mut state);
            assert!(
                state.overlay.dialog().is_some(),
                "{name}: {:?}",
                state.flash
            );
            insta::assert_snapshot!(format!("dialog_{name}_{w}x{h}"), render(&state, w, h));
        }
    }
}

#[test]
fn the_revision_list_says_what_differs_environment_names_too() {
    let mut state = on(service_screen("web", 0), (160, 48));
    keys(&mut state, "d");
    web_revisions(&mut state);
    let screen = render(&state, 160, 48);
    assert!(
        screen.contains("web:43") && screen.contains("differs in image, environment"),
        "{screen}"
    );
}

#[test]
fn rollback_of_a_deployment_in_progress() {
    for (w, h) in SIZES {
        let mut state = on(service_screen("checkout", 0), (w, h));
        keys(&mut state, "R");
        insta::assert_snapshot!(
            format!("dialog_rollback_stop_{w}x{h}"),
            render(&state, w, h)
        );
    }
}

#[test]
fn read_only_refusal_in_the_status_line() {
    let mut state = on(service_screen("web", 0), (80, 24));
    state.read_only = true;
    keys(&mut state, "+");
    insta::assert_snapshot!("read_only_scale_80x24", render(&state, 80, 24));
}
