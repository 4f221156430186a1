//! Untrusted text cannot drive the terminal: the sandbox answers with hostile text in every string but its
//! identifiers (escape sequences that retitle the terminal, set the clipboard, clear the screen; C1
//! controls; bidi overrides; line breaks and tabs), and wharf is walked through every view and overlay. No
//! frame, drawn before the last filter (`ui::draw_unfiltered`), holds a character that could drive a
//! terminal; and the hostile text did reach the screen, as placeholders, where people read it.

mod walk;

use proptest::prelude::*;
use ratatui::backend::TestBackend;
use ratatui::Terminal;
use wharf::app::explore::View;
use wharf::app::ExploreScreen;
use wharf::app::{update, Action, Flash, FlashLevel, Overlay, Screen, State, TextKind, TextView};
use wharf::model::text::{is_unsafe, PLACEHOLDER};
use wharf::ui::{self, Theme};

use walk::Walk;

/// What the issue saw: a stopped reason that retitled the terminal, painted red, cleared it and wrote
/// over the header; with OSC 52 (the clipboard), the one-byte CSI, a right-to-left override and characters
/// whose width terminals disagree on (which let a line run over the next) besides.
const SEEN: &str =
    " deploy \x1b]0;PWNED-TITLE\x07 \x1b[31mRED\x1b[0m \x1b[2J\x1b[H owned \x1b]52;c;cHduZWQ=\x07 \u{9b}2J \u{202e}txt.exe \u{3164}\u{3164}\u{00ad}\u{2028}spoof";

/// Draws `state` at `width`x`height`, with the frame's last filter or without it (`filtered`), and returns
/// the characters of every cell, row by row.
fn frame(state: &State, width: u16, height: u16, filtered: bool) -> Vec<String> {
    let mut state = state.clone();
    update(&mut state, Action::Resize(width, height));
    let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("terminal");
    let theme = Theme::default();
    terminal
        .draw(|f| {
            if filtered {
                ui::draw(f, &state, &theme)
            } else {
                ui::draw_unfiltered(f, &state, &theme)
            }
        })
        .expect("draw");
    let buffer = terminal.backend().buffer();
    (0..height)
        .map(|y| (0..width).map(|x| buffer[(x, y)].symbol()).collect())
        .collect()
}

/// Every frame of a step at both sizes: none holds an unsafe character. Returns whether a placeholder shows.
fn check(state: &State, step: &str) -> bool {
    let mut shown = false;
    for (width, height) in [(80, 24), (160, 48)] {
        let rows = frame(state, width, height, false);
        for (y, row) in rows.iter().enumerate() {
            let bad: Vec<char> = row.chars().filter(|c| is_unsafe(*c)).collect();
            assert!(
                bad.is_empty(),
                "{step} at {width}x{height}, row {y}: {bad:?} in {row:?}"
            );
            shown |= row.contains(PLACEHOLDER);
        }
    }
    shown
}

/// Steps from the clusters screen: keys, and whether the hostile text must show once they are taken (it
/// must where people read what others wrote: events, reasons, logs, definitions, dialogs; tables of names
/// and identifiers may show none).
const STEPS: &[(&str, bool)] = &[
    ("", false),
    (":svc prod-fargate\n", false),
    ("/image-resizer\n\n", true),
    // Each pane's selected line whole (Enter), then the events and the deployments zoomed.
    ("\n", true),
    ("\x1b\t\n", true),
    ("\x1b\t\n", true),
    ("\x1b\t\n", true),
    ("\x1b:events\n", true),
    ("\x1b:deployments\n", true),
    // A stopped task of the crash-looping service: its reason, then its logs.
    ("\x1b\x1b:tasks prod-fargate\n/image-resizer\nG\n", true),
    ("\n", true),
    ("\x1bL", true),
    // Task definitions: families, a family's revisions, one as JSON, and what changed.
    ("\x1b\x1b:td\n", false),
    (":td web\n", false),
    ("\n", true),
    ("\x1bd", true),
    // Load balancers, listeners, rules, target groups and targets.
    ("\x1b\x1b\x1b:lb\n", true),
    ("\n", false),
    ("\n", true),
    ("\x1b\x1bb", true),
    ("\n", false),
    ("\x1b\x1b\x1b:instances prod-ec2\n", false),
    ("\n", false),
    // Overlays and dialogs over a service.
    ("\x1b\x1b\x1b:svc prod-fargate\n/payments\n\n?", true),
    ("\x1b+", true),
    ("\x1bd", true),
    ("\x1bR", true),
    ("\x1bD", true),
    ("\x1b:messages\n", false),
    ("\x1b:budget\n", false),
    ("\x1b:audit\n", false),
];

async fn walk_everything(text: &str) {
    let mut w = Walk::new(1, 4 * 60_000).await;
    w.sim
        .with_world(|world| world.set_hostile_text(Some(text.to_string())));
    w.seconds(3).await;
    let mut missing = Vec::new();
    for (keys, must_show) in STEPS {
        w.keys(keys).await;
        w.seconds(3).await;
        let shown = check(&w.state, keys);
        if keys.ends_with('L') {
            // The hostile text must have come through log lines read, not a view that read nothing.
            let read = matches!(w.state.screen(),
                Screen::Explore(ExploreScreen { view, rows, .. }) if matches!(**view, View::Logs(_)) && !rows.is_empty());
            assert!(read, "no log lines: {:?}", w.state.screen());
        }
        if *must_show && !shown {
            missing.push(format!("{keys:?} ({:?})", w.state.screen()));
        }
    }
    assert!(
        missing.is_empty(),
        "the hostile text never showed after these steps, so they prove nothing: {missing:#?}"
    );
}

#[tokio::test]
async fn what_the_issue_saw_never_reaches_the_terminal() {
    walk_everything(SEEN).await;
}

/// Pieces of hostile text, combined at random: at least one that cannot be shown as it is (an escape, a C0
/// or C1 control, a bidi override), so that every case must show its placeholder; then any text at all.
fn hostile() -> impl Strategy<Value = String> {
    let unsafe_piece = prop_oneof![
        Just("\x1b]0;TITLE\x07".to_string()),
        Just("\x1b]52;c;aGk=\x1b\\".to_string()),
        Just("\x1b[2J\x1b[H".to_string()),
        Just("\x1bP+q\x1b\\".to_string()),
        Just("\u{9b}31m".to_string()),
        Just("\u{9d}0;t\u{9c}".to_string()),
        Just("\u{202e}\u{2066}".to_string()),
        // Invisible characters of disputed width: the Hangul filler, the soft hyphen, the line separator.
        Just("\u{3164}\u{3164}\u{00ad}\u{2028}".to_string()),
        Just("\r\n\t\x7f\x00\x08".to_string()),
        "[\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\x7f-\\x{9f}]{1,4}",
    ];
    let any_piece = prop_oneof!["[\\x00-\\x1f\\x7f-\\x{9f}]{1,4}", "\\PC{0,6}", "(?s).{0,6}",];
    (unsafe_piece, prop::collection::vec(any_piece, 0..4))
        .prop_map(|(first, rest)| format!(" {first}{}", rest.concat()))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, ..ProptestConfig::default() })]

    #[test]
    fn no_hostile_text_reaches_the_terminal(text in hostile()) {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_time()
            .build()
            .expect("runtime");
        runtime.block_on(walk_everything(&text));
    }
}

/// The second line of defence: a state holding raw hostile text, as if a path had missed the cleaning at
/// the boundary (a flash, a text shown whole, a stopped reason), still draws no unsafe character.
#[tokio::test]
async fn the_drawing_filters_catch_what_cleaning_missed() {
    let mut w = Walk::new(1, 4 * 60_000).await;
    w.keys(":svc prod-fargate\n/image-resizer\n\n").await;
    let mut state = w.state.clone();
    state.flash = Some(Flash::new(FlashLevel::Error, SEEN));
    state.overlay = Overlay::Text(TextView {
        title: SEEN.into(),
        lines: vec![SEEN.into(), format!("{SEEN}\n{SEEN}")],
        scroll: 0,
        source: None,
        kind: TextKind::Prose,
    });
    for filtered in [false, true] {
        for (width, height) in [(80, 24), (160, 48)] {
            let rows = frame(&state, width, height, filtered);
            assert!(
                rows.iter().any(|row| row.contains("PWNED-TITLE")),
                "{rows:#?}"
            );
            for row in rows {
                assert!(!row.chars().any(is_unsafe), "{row:?}");
            }
        }
    }
}

/// Text from a file reaches the terminal through wharf's own messages too: a keymap whose key names carry
/// escapes is refused with a message that quotes them, cleaned.
#[test]
fn a_message_quoting_a_hostile_file_is_cleaned() {
    let dir = std::env::temp_dir().join(format!("wharf-hostile-keymap-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a folder");
    let keymap = dir.join("keymap.toml");
    std::fs::write(
        &keymap,
        "[global]\n\"\\u001b]0;PWNED\\u0007\\u009b2J\" = { action = \"quit\" }\n",
    )
    .expect("a keymap file");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_wharf"))
        .args(["--demo", "--keymap"])
        .arg(&keymap)
        .env_remove("WHARF_CONFIG")
        .env("HOME", &dir)
        .env("XDG_CONFIG_HOME", dir.join("config"))
        .env("XDG_STATE_HOME", dir.join("state"))
        .output()
        .expect("wharf runs");
    let _ = std::fs::remove_dir_all(&dir);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "the keymap is refused: {stderr}");
    assert!(
        stderr.contains("]0;PWNED"),
        "the message quotes the key: {stderr:?}"
    );
    assert!(
        !stderr.chars().any(|c| is_unsafe(c) && c != '\n'),
        "{stderr:?}"
    );
}
