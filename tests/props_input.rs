//! Property tests (proptest) of what users type and write: keymap, theme and settings files made of
//! arbitrary text or of shipped files damaged at random; `/` filter expressions; and every input field of a
//! change (a desired count, an image reference, the name typed to confirm a deletion). Each gets an answer
//! (a configuration or an error that says something; a change or a refusal), never a panic, and never a
//! change the input did not ask for.

mod ui_fixtures;

use std::path::Path;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use proptest::prelude::*;
use ui_fixtures::*;
use wharf::app::dialog::checks::{check_image, container_image, desired_count};
use wharf::app::{update, Action, Effect, Filter, State};
use wharf::config::file::ConfigFile;
use wharf::config::keymap::Keymap;
use wharf::ui::Theme;

const SHIPPED: [&str; 6] = [
    include_str!("../keymaps/default.toml"),
    include_str!("../keymaps/k9s.toml"),
    include_str!("../themes/default.toml"),
    include_str!("../themes/high-contrast.toml"),
    include_str!("../themes/basic16.toml"),
    CONFIG,
];

/// The README's example config file.
const CONFIG: &str = r#"profile = "default"
region = "eu-west-1"
theme = "default"
keymap = "k9s"
read_only = false
mouse = true

[refresh]
lists = 10
detail = 5
deploying = 2
listing = 60
background = 120
quiet = 300

[budget]
share = 0.25

[cache]
forget_after = 600

[profiles.prod]
theme = "high-contrast"
accent = "red"
read_only = true
"#;

/// A shipped file with a few random cuts, insertions and swapped lines: text that is nearly right, which is
/// what a user's edited file usually is.
fn damaged() -> impl Strategy<Value = String> {
    let edit = (
        any::<u16>(),
        any::<u16>(),
        "[\\[\\]=\"'#.a-z0-9 \\n\\t{},\\-]{0,6}",
    );
    (0..SHIPPED.len(), prop::collection::vec(edit, 1..6)).prop_map(|(file, edits)| {
        let mut chars: Vec<char> = SHIPPED[file].chars().collect();
        for (at, len, insert) in edits {
            let at = usize::from(at) % (chars.len() + 1);
            let end = (at + usize::from(len) % 8).min(chars.len());
            chars.splice(at..end, insert.chars());
        }
        chars.into_iter().collect()
    })
}

/// Any text at all, control characters and non-ASCII included.
fn any_text() -> impl Strategy<Value = String> {
    prop_oneof![any::<String>(), "\\PC{0,200}", damaged()]
}

/// Every file kind read with `text`: each is an answer, and an error says something.
fn read_every_kind(text: &str) {
    match Keymap::load(Some(("keymap.toml", text))) {
        Ok(_) => {}
        Err(e) => assert!(!e.to_string().trim().is_empty()),
    }
    match Theme::from_toml(text) {
        Ok(_) => {}
        Err(e) => assert!(!e.to_string().trim().is_empty()),
    }
    match ConfigFile::parse(text, Path::new("config.toml")) {
        Ok(_) => {}
        Err(e) => assert!(!e.to_string().trim().is_empty()),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn config_files_of_any_text_give_a_configuration_or_an_error(text in any_text()) {
        read_every_kind(&text);
    }

    #[test]
    fn a_filter_of_any_text_keeps_or_drops_and_its_inverse_does_the_opposite(
        pattern in "\\PC{0,30}",
        row in "\\PC{0,60}",
    ) {
        if let Some(filter) = Filter::parse(&pattern) {
            let kept = filter.keeps(&row);
            if !pattern.starts_with('!') {
                let inverse = Filter::parse(&format!("!{pattern}")).expect("a non-empty pattern");
                prop_assert_eq!(inverse.keeps(&row), !kept);
            }
        } else {
            // Only an empty filter (or a lone `!`) shows every row.
            prop_assert!(pattern.is_empty() || pattern == "!");
        }
    }

    #[test]
    fn a_desired_count_is_taken_only_as_digits_within_ecs_limits(text in prop_oneof![
        "\\PC{0,12}",
        "[ ]{0,2}-?[0-9]{1,6}[ ]{0,2}",
        "[0-9]{1,25}",
    ]) {
        let service = web();
        match desired_count(&text, &service) {
            Ok(to) => {
                let digits = text.trim();
                prop_assert!(digits.chars().all(|c| c.is_ascii_digit()), "{text:?}");
                prop_assert_eq!(digits.parse::<u32>().ok(), Some(to));
                prop_assert!(to <= 5000 && to != service.desired_count);
            }
            Err(why) => prop_assert!(!why.trim().is_empty()),
        }
    }

    #[test]
    fn an_image_is_taken_only_as_a_reference_for_a_container_that_exists(
        text in prop_oneof![
            "\\PC{0,40}",
            "(web|envoy|nope)=[a-z0-9./:@_-]{0,30}",
            "[a-z0-9./:_-]{1,30}",
        ],
    ) {
        let containers = vec![
            ("web".to_string(), "web:1".to_string()),
            ("envoy".to_string(), "envoy:1".to_string()),
        ];
        match container_image(&text, &containers) {
            Ok((container, image)) => {
                prop_assert!(container == "web" || container == "envoy");
                prop_assert!(check_image(&image).is_ok());
                prop_assert!(!image.is_empty() && !image.chars().any(char::is_whitespace));
            }
            Err(why) => prop_assert!(!why.trim().is_empty()),
        }
    }

    /// Through the cleanup's dialog, as typed: the deletion starts only when the name typed is the
    /// cluster's (spaces around it aside).
    #[test]
    fn a_cleanup_starts_only_when_its_name_is_typed(typed in prop_oneof![
        "\\PC{0,16}",
        Just(PROD.to_string()),
        Just(format!(" {PROD} ")),
        Just(PROD.to_uppercase()),
        Just(PROD[1..].to_string()),
    ]) {
        let mut state = cleanup_dialog();
        let mut effects = enter(&mut state);
        effects.extend(update(&mut state, Action::Paste(typed.clone())));
        effects.extend(enter(&mut state));
        let sent = effects.iter().any(|e| matches!(e, Effect::Mutate { .. }));
        prop_assert_eq!(sent, typed.trim() == PROD, "{:?}", typed);
    }
}

fn enter(state: &mut State) -> Vec<Effect> {
    update(
        state,
        Action::Key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE)),
    )
}

#[test]
fn the_shipped_files_are_read_whole() {
    // k9s.toml is a complete keymap, not one to put over the default: it is read as shipped.
    assert!(Keymap::from_name_or_path("k9s").is_ok());
    assert!(Keymap::load(Some(("keymap.toml", "[global]\n\"x\" = \"quit\"\n"))).is_ok());
    assert!(Theme::from_toml(SHIPPED[3]).is_ok());
    assert!(ConfigFile::parse(CONFIG, Path::new("config.toml")).is_ok());
}
