//! Secrets stay hidden: a revision's JSON shows each secret value masked with why, `v` shows them on
//! purpose, `y` never copies them, and the diff of two revisions says only that one changed.

mod ui_fixtures;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ui_fixtures::*;
use wharf::app::explore::definition_text;
use wharf::app::{
    request, update, Action, Effect, Mutation, MutationResult, Overlay, State, UserAction,
};
use wharf::backend::BackendError;
use wharf::config::keymap::{Context, Keymap};
use wharf::model::{EnvVar, TaskDefinition};

const PASSWORD: &str = "hunter2";
const TOKEN: &str = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

fn with_secrets(mut td: TaskDefinition, password: &str) -> TaskDefinition {
    td.containers[0].environment = vec![
        EnvVar::new("DB_PASS", password),
        EnvVar::new(
            "DATABASE_URL",
            &format!("postgres://app:{password}@db:5432/app"),
        ),
        EnvVar::new("SESSION", TOKEN),
        EnvVar::new("LOG_LEVEL", "info"),
    ];
    td
}

/// The web service's screen with its revision (web:42) holding secrets, and the revision before (web:41).
fn on_web() -> State {
    let mut state = at(
        loaded(),
        vec![services_screen(PROD, 0), service_screen("web", 0)],
    );
    let cache = &mut state.session.cache.task_definitions;
    let newer = cache.get_mut(&td_arn("web:42")).unwrap();
    newer.data = newer.data.take().map(|td| with_secrets(td, PASSWORD));
    let mut older = with_secrets(web_task_definition(), "hunter1");
    older.arn = td_arn("web:41");
    older.revision = 41;
    cache.insert(
        td_arn("web:41"),
        wharf::app::Loadable::loaded(older, ago(90)),
    );
    update(&mut state, Action::Resize(160, 48));
    state
}

fn press(state: &mut State, c: char) -> Vec<Effect> {
    update(
        state,
        Action::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)),
    )
}

fn copied(effects: Vec<Effect>) -> String {
    effects
        .into_iter()
        .find_map(|e| match e {
            Effect::Copy { text } => Some(text),
            _ => None,
        })
        .expect("a copy")
}

#[test]
fn the_json_hides_each_secret_with_why() {
    let mut state = on_web();
    press(&mut state, 't');
    assert!(matches!(state.overlay, Overlay::Text(_)));
    let screen = render(&state, 160, 48);
    for shown in [
        "web:42 · 3 secret values hidden (v shows them)",
        r#""value": "•••••• (hidden: name contains PASS)""#,
        r#""value": "postgres://app:••••••@db:5432/app (hidden: password in URL)""#,
        r#""value": "•••••• (hidden: looks like a key)""#,
        r#""value": "info""#,
    ] {
        assert!(screen.contains(shown), "{shown} in\n{screen}");
    }
    assert!(
        !screen.contains(PASSWORD) && !screen.contains(TOKEN),
        "{screen}"
    );
    insta::assert_snapshot!("secrets_hidden_160x48", screen);
}

#[test]
fn v_shows_them_on_purpose_and_y_still_copies_them_hidden() {
    let mut state = on_web();
    press(&mut state, 't');
    press(&mut state, 'v');
    let screen = render(&state, 160, 48);
    assert!(
        screen.contains("web:42 · 3 secret values SHOWN (v hides them)"),
        "{screen}"
    );
    assert!(
        screen.contains(PASSWORD) && screen.contains(TOKEN),
        "{screen}"
    );

    let text = copied(press(&mut state, 'y'));
    assert!(!text.contains(PASSWORD) && !text.contains(TOKEN), "{text}");
    assert!(
        text.contains("•••••• (hidden: name contains PASS)"),
        "{text}"
    );
    assert!(text.contains(r#""value": "info""#), "{text}");
    let flash = state
        .flash
        .as_ref()
        .map(|f| f.text.clone())
        .unwrap_or_default();
    assert!(flash.contains(", 3 secret values hidden"), "{flash}");

    // And hidden again.
    press(&mut state, 'v');
    assert!(!render(&state, 160, 48).contains(PASSWORD));
}

#[test]
fn the_diff_says_changed_and_shows_neither_side() {
    let mut state = on_web();
    state.overlay = Overlay::Text(definition_text::diff_of(
        Some(td_arn("web:41")),
        &td_arn("web:42"),
    ));
    let screen = render(&state, 160, 48);
    assert!(
        screen.contains(
            "~ containers[web].environment.DB_PASS: changed (hidden: name contains PASS)"
        ),
        "{screen}"
    );
    assert!(
        screen.contains(
            "~ containers[web].environment.DATABASE_URL: changed (hidden: password in URL)"
        ),
        "{screen}"
    );
    assert!(!screen.contains("hunter"), "{screen}");
    // `v` does not show a diff's secrets; `y` copies what is shown.
    press(&mut state, 'v');
    assert!(!render(&state, 160, 48).contains("hunter"));
    let text = copied(press(&mut state, 'y'));
    assert!(
        !text.contains("hunter") && text.contains("DB_PASS: changed"),
        "{text}"
    );
}

/// The web service's screen with web:41 and web:42 holding these two URLs as `DATABASE_URL`, and web:42's
/// diff open.
fn diff_of_urls(older: &str, newer: &str) -> State {
    let mut state = on_web();
    let cache = &mut state.session.cache.task_definitions;
    for (revision, url) in [("web:41", older), ("web:42", newer)] {
        let td = cache
            .get_mut(&td_arn(revision))
            .unwrap()
            .data
            .as_mut()
            .unwrap();
        td.containers[0].environment[1] = EnvVar::new("DATABASE_URL", url);
    }
    state.overlay = Overlay::Text(definition_text::diff_of(
        Some(td_arn("web:41")),
        &td_arn("web:42"),
    ));
    state
}

/// Passwords with `/`, `#` and `@` in them, and hosts that differ: the diff says changed and why, shows
/// neither URL, and `y` copies the same.
#[test]
fn a_changed_url_shows_neither_side_on_screen_nor_in_the_copy() {
    let mut state = diff_of_urls(
        "postgres://app:Ab3/xY9#zz@db/app",
        "postgres://app:p@ss/w0rd@db2/app",
    );
    let line = "~ containers[web].environment.DATABASE_URL: changed (hidden: password in URL)";
    let screen = render(&state, 160, 48);
    assert!(screen.contains(line), "{screen}");
    let text = copied(press(&mut state, 'y'));
    assert!(text.contains(line), "{text}");
    for shown in [screen.as_str(), text.as_str()] {
        for secret in ["Ab3", "xY9", "w0rd", "p@ss", "db2", "hunter"] {
            assert!(!shown.contains(secret), "{secret} in {shown}");
        }
    }
}

#[test]
fn a_line_shown_whole_is_copied_with_its_secrets_masked() {
    let mut state = on_web();
    state.overlay = Overlay::Text(wharf::app::TextView {
        title: "a log line".into(),
        lines: vec![format!(
            "connecting to postgres://app:{PASSWORD}@db:5432/app"
        )],
        ..Default::default()
    });
    let text = copied(press(&mut state, 'y'));
    assert_eq!(text, "connecting to postgres://app:••••••@db:5432/app");
}

#[test]
fn both_shipped_keymaps_bind_reveal_and_copy_in_texts() {
    let texts = [Context::Help, Context::Global];
    for (name, reveal, copy) in [("default", "v", "y"), ("k9s", "x", "c")] {
        let keymap = Keymap::from_name_or_path(name).unwrap();
        assert_eq!(keymap.key_for(UserAction::Reveal, &texts), Some(reveal));
        assert_eq!(keymap.key_for(UserAction::CopyText, &texts), Some(copy));
    }
}

fn flash(state: &State) -> String {
    state
        .flash
        .as_ref()
        .map(|f| f.text.clone())
        .unwrap_or_default()
}

#[test]
fn a_copy_says_secrets_were_hidden_only_when_some_were() {
    // web:42 as the fixtures have it: no secret in it.
    let mut state = at(
        loaded(),
        vec![services_screen(PROD, 0), service_screen("web", 0)],
    );
    update(&mut state, Action::Resize(160, 48));
    press(&mut state, 't');
    let text = copied(press(&mut state, 'y'));
    assert!(!text.contains("(hidden: "), "{text}");
    let lines = text.lines().count();
    assert_eq!(
        flash(&state),
        format!("copied {lines} lines (through the terminal: OSC 52)")
    );

    // A diff with one secret changed says so.
    let mut state = on_web();
    state.overlay = Overlay::Text(definition_text::diff_of(
        Some(td_arn("web:41")),
        &td_arn("web:42"),
    ));
    copied(press(&mut state, 'y'));
    assert!(
        flash(&state).contains(" lines, 2 secret values hidden (through"),
        "{}",
        flash(&state)
    );
}

/// A change refused with an error that quotes a secret, as AWS's sometimes do.
fn failed_with_a_secret_in_its_error(state: &mut State) {
    let sent = request(
        state,
        Mutation::Scale(wharf::app::mutation::Scale {
            cluster_arn: cluster_arn(PROD),
            service_arn: service_arn(PROD, "web"),
            from: 3,
            to: 5,
            auto: None,
            tracking: None,
            suspend_first: false,
        }),
    );
    let id = sent
        .iter()
        .find_map(|e| match e {
            Effect::Mutate { id, .. } => Some(*id),
            _ => None,
        })
        .expect("a change was sent");
    update(
        state,
        Action::Mutated {
            id,
            result: MutationResult::Failed(BackendError::Api {
                code: "InvalidParameterException".into(),
                message: format!("cannot reach postgres://app:{PASSWORD}@db/app"),
            }),
            at: now(),
        },
    );
}

#[test]
fn an_error_quoting_a_secret_is_masked_in_the_status_line_and_messages() {
    let mut state = on_web();
    failed_with_a_secret_in_its_error(&mut state);
    let screen = render(&state, 160, 48);
    let status = screen.lines().last().unwrap_or_default();
    assert!(
        status.contains("cannot reach postgres://app:••••••@db/app"),
        "{screen}"
    );
    assert!(!screen.contains(PASSWORD), "{screen}");

    press(&mut state, ':');
    for c in "messages".chars() {
        press(&mut state, c);
    }
    update(
        &mut state,
        Action::Key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE)),
    );
    assert!(matches!(state.overlay, Overlay::Messages { .. }));
    let screen = render(&state, 160, 48);
    assert!(
        screen.contains("cannot reach postgres://app:••••••@db/app"),
        "{screen}"
    );
    assert!(!screen.contains(PASSWORD), "{screen}");
    assert!(
        state.messages.iter().all(|m| !m.text.contains(PASSWORD)),
        "{:?}",
        state.messages
    );
}

#[test]
fn a_message_remembered_whole_is_masked_too() {
    let mut state = on_web();
    state.remember(
        wharf::app::FlashLevel::Error,
        format!("DescribeServices: Password={PASSWORD}; rejected"),
    );
    let last = state.messages.back().map(|m| m.text.as_str());
    assert_eq!(last, Some("DescribeServices: Password=••••••; rejected"));
}
