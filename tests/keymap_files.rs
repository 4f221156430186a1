//! Keymap files: every mistake is reported with the file, the line and what to write instead; the shipped
//! keymaps reach every action; a user's file overrides only what it names; the footer and the help are drawn
//! from the active keymap.

mod ui_fixtures;

use std::path::Path;
use std::sync::Arc;

use strum::IntoEnumIterator;
use wharf::app::{update, Action, UserAction};
use wharf::config::keymap::{parse_sequence, Context, Keymap, Lookup, SHIPPED};

use ui_fixtures::*;

/// The contexts that can be active together, as `State::key_contexts` gives them.
const ACTIVE: [&[Context]; 9] = [
    &[Context::Clusters, Context::Table, Context::Global],
    &[Context::Explore, Context::Table, Context::Global],
    &[Context::Services, Context::Table, Context::Global],
    &[Context::Service, Context::Table, Context::Global],
    &[Context::Task, Context::Global],
    &[Context::Metrics, Context::Global],
    &[Context::Help, Context::Global],
    &[Context::Prompt],
    // A cleanup's progress over the screen (`State::key_contexts`).
    &[Context::Dialog, Context::Global],
];

fn keys(name: &str) -> Vec<wharf::config::keymap::KeyPress> {
    parse_sequence(name).unwrap()
}

fn user(text: &str) -> Keymap {
    Keymap::load(Some(("my.toml", text))).unwrap_or_else(|e| panic!("{e}"))
}

/// Each file under tests/keymaps/invalid holds one mistake, and its first line says what wharf must answer:
/// `# expect: :LINE: message`. The error must name the file, that line, and say it.
#[test]
fn each_mistake_is_reported_with_file_line_and_fix() {
    let dir = Path::new("tests/keymaps/invalid");
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    assert!(files.len() >= 15, "the invalid keymaps are there");
    for path in files {
        let name = path.to_str().unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        let expected = text
            .lines()
            .next()
            .and_then(|l| l.strip_prefix("# expect: "))
            .unwrap_or_else(|| panic!("{name} starts with `# expect: :LINE: message`"));
        let err = Keymap::load(Some((name, &text)))
            .map(|_| ())
            .expect_err(name)
            .to_string();
        // `{default:KEY}` stands for the line of `"KEY"` in [table] of the default keymap, which moves as
        // bindings are added above it.
        let expected = expected.replace("{default:g g}", &table_line_of("\"g g\"").to_string());
        let want = format!("{name}{expected}");
        assert!(
            err.starts_with(&want),
            "{name}:\n  got:  {err}\n  want: {want}…"
        );
        // The same answer through the path `--keymap` takes.
        let via_path = Keymap::from_name_or_path(name).map(|_| ()).expect_err(name);
        assert_eq!(via_path.to_string(), err);
    }
}

#[test]
fn shipped_keymaps_load() {
    for (name, text) in SHIPPED {
        assert_eq!(Keymap::shipped(name), Some(text));
        let keymap = Keymap::from_name_or_path(name).unwrap_or_else(|e| panic!("{e}"));
        assert!(keymap
            .bindings
            .iter()
            .all(|b| *b.file == format!("keymaps/{name}.toml")));
    }
    assert_eq!(Keymap::shipped("vim"), None);
}

/// Adding an action means binding it in every shipped keymap: this fails until it is.
#[test]
fn every_action_is_reachable_in_every_shipped_keymap() {
    for (name, _) in SHIPPED {
        let keymap = Keymap::from_name_or_path(name).unwrap();
        for action in UserAction::iter() {
            let reachable = ACTIVE.iter().any(|contexts| {
                keymap.bindings.iter().any(|b| {
                    contexts.contains(&b.context)
                        && keymap.lookup(contexts, &b.keys) == Lookup::Action(action)
                })
            });
            assert!(
                reachable,
                "keymaps/{name}.toml: no key does `{}` where it can be pressed",
                action.name()
            );
        }
    }
}

#[test]
fn k9s_keymap_has_k9s_keys() {
    let k9s = Keymap::from_name_or_path("k9s").unwrap();
    let table = [Context::Services, Context::Table, Context::Global];
    let act = |k: &str| k9s.lookup(&table, &keys(k));
    assert_eq!(act("g"), Lookup::Action(UserAction::Top), "g alone");
    assert_eq!(act("G"), Lookup::Action(UserAction::Bottom));
    assert_eq!(act("ctrl-\\"), Lookup::Action(UserAction::ClearMarks));
    assert_eq!(
        act("ctrl-4"),
        Lookup::Action(UserAction::ClearMarks),
        "as terminals send ctrl-\\"
    );
    assert_eq!(act("c"), Lookup::Action(UserAction::CopyId));
    assert_eq!(act("q"), Lookup::Unbound);
    assert_eq!(act("ctrl-c"), Lookup::Action(UserAction::Quit));
}

#[test]
fn an_override_replaces_only_what_it_names() {
    let default = Keymap::default();
    let km = user("[table]\n\"j\" = \"page-down\"\n\"x\" = \"mark\"\n");
    let table = [Context::Services, Context::Table, Context::Global];
    assert_eq!(
        km.lookup(&table, &keys("j")),
        Lookup::Action(UserAction::PageDown)
    );
    assert_eq!(
        km.lookup(&table, &keys("x")),
        Lookup::Action(UserAction::Mark)
    );
    assert_eq!(
        km.lookup(&table, &keys("down")),
        Lookup::Action(UserAction::Down)
    );
    assert_eq!(
        km.lookup(&table, &keys("k")),
        Lookup::Action(UserAction::Up)
    );
    assert_eq!(km.bindings.len(), default.bindings.len() + 1);
    let j = km
        .bindings
        .iter()
        .find(|b| b.name == "j" && b.context == Context::Table)
        .unwrap();
    assert_eq!(
        j.description, "page down",
        "the short form takes the default's description"
    );
    assert_eq!(&*j.file, "my.toml");
    assert_eq!(j.line, 2);
    let unchanged = |b: &&wharf::config::keymap::Binding| b.name != "j" && b.name != "x";
    assert_eq!(
        km.bindings.iter().filter(unchanged).collect::<Vec<_>>(),
        default
            .bindings
            .iter()
            .filter(unchanged)
            .collect::<Vec<_>>(),
        "the rest is the default, in its order"
    );
}

#[test]
fn none_unbinds_a_default_key() {
    let km = user("[global]\n\"q\" = \"none\"\n");
    let table = [Context::Services, Context::Table, Context::Global];
    assert_eq!(km.lookup(&table, &keys("q")), Lookup::Unbound);
    assert_eq!(
        km.lookup(&table, &keys("ctrl-c")),
        Lookup::Action(UserAction::Quit)
    );
    assert_eq!(
        km.lookup(&[Context::Help, Context::Global], &keys("q")),
        Lookup::Action(UserAction::Quit),
        "only in the section it names"
    );
}

#[test]
fn unbinding_a_sequence_frees_its_first_key() {
    let km = user("[table]\n\"g g\" = \"none\"\n\"g\" = \"top\"\n");
    let table = [Context::Services, Context::Table, Context::Global];
    assert_eq!(
        km.lookup(&table, &keys("g")),
        Lookup::Action(UserAction::Top)
    );
}

#[test]
fn extends_puts_a_file_over_k9s() {
    let km = user("extends = \"k9s\"\n[global]\n\"q\" = \"quit\"\n");
    let table = [Context::Services, Context::Table, Context::Global];
    assert_eq!(
        km.lookup(&table, &keys("g")),
        Lookup::Action(UserAction::Top)
    );
    assert_eq!(
        km.lookup(&table, &keys("q")),
        Lookup::Action(UserAction::Quit)
    );
    assert_eq!(
        km.lookup(&table, &keys("y")),
        Lookup::Unbound,
        "k9s has no y"
    );
}

#[test]
fn a_replaced_footer_hint_passes_to_the_new_key() {
    let km = user("[table]\n\"/\" = \"none\"\n\"f\" = \"filter\"\n");
    let hints = km.hints(&[Context::Services, Context::Table, Context::Global]);
    let filter: Vec<&str> = hints
        .iter()
        .filter(|b| b.action == UserAction::Filter)
        .map(|b| b.name.as_str())
        .collect();
    assert_eq!(filter, ["f"]);
    let km = user("[table]\n\"/\" = \"none\"\n\"f\" = { action = \"filter\", hint = false }\n");
    let hints = km.hints(&[Context::Services, Context::Table, Context::Global]);
    assert!(
        hints.iter().all(|b| b.action != UserAction::Filter),
        "hint = false is kept"
    );
}

#[test]
fn names_and_paths_that_are_not_there() {
    let err = Keymap::from_name_or_path("k9").unwrap_err().to_string();
    assert!(
        err.starts_with("k9: no shipped keymap has this name"),
        "{err}"
    );
    assert!(err.contains("did you mean `k9s`?"), "{err}");
    let err = Keymap::from_name_or_path("/no/such/keymap.toml")
        .unwrap_err()
        .to_string();
    assert!(
        err.starts_with("/no/such/keymap.toml: cannot read this keymap file"),
        "{err}"
    );
}

/// Rebinding quit from q to x changes what the footer and the help say.
#[test]
fn footer_and_help_are_drawn_from_the_active_keymap() {
    let state = at(loaded(), vec![services_screen(PROD, 3)]);
    let screen = render(&state, 120, 32);
    assert!(screen.contains(" q quit "), "the default footer:\n{screen}");

    let mut state = state;
    state.keymap = Arc::new(user(
        "[global]\n\"q\" = \"none\"\n\"ctrl-c\" = \"none\"\n\"x\" = \"quit\"\n[help]\n\"q\" = \"none\"\n\"x\" = \"quit\"\n",
    ));
    let screen = render(&state, 120, 32);
    let footer = screen.lines().rev().nth(1).unwrap();
    assert!(footer.contains(" x quit "), "{footer}");
    assert!(!footer.contains(" q "), "{footer}");

    state.overlay = wharf::app::Overlay::Help { scroll: 0 };
    let help = render(&state, 120, 32);
    let quit: Vec<&str> = help.lines().filter(|l| l.contains(" quit ")).collect();
    assert!(quit.iter().any(|l| l.contains("│ x ")), "{help}");
    assert!(!help.contains("q, ctrl-c"), "{help}");
}

/// A key a more specific context takes is not listed for the wider one.
#[test]
fn help_leaves_out_keys_hidden_here() {
    let mut state = at(loaded(), vec![services_screen(PROD, 3)]);
    state.keymap = Arc::new(user(
        "[services]\n\"r\" = { action = \"mark\", description = \"mark it\" }\n",
    ));
    state.overlay = wharf::app::Overlay::Help { scroll: 0 };
    let help = render(&state, 120, 32);
    assert!(help.contains(" On services"), "{help}");
    assert!(help.contains("mark it"), "{help}");
    assert!(
        !help.contains("r, ctrl-r"),
        "r no longer refreshes here:\n{help}"
    );
}

#[test]
fn help_scrolls_when_it_does_not_fit() {
    let mut state = at(loaded(), vec![services_screen(PROD, 3)]);
    state.size = (80, 24);
    update(&mut state, Action::User(UserAction::Help));
    assert!(state.overlay.is_help());
    let table = state.screen().clone();
    let top = render(&state, 80, 24);
    assert!(top.contains("↓ j/k to scroll"), "{top}");
    update(&mut state, Action::User(UserAction::Down));
    assert_eq!(state.overlay.help_scroll().unwrap(), 1);
    assert_eq!(state.screen(), &table, "the table did not move");
    update(&mut state, Action::User(UserAction::Bottom));
    let max = state.overlay.help_scroll().unwrap();
    assert!(max > 1);
    update(&mut state, Action::User(UserAction::Down));
    assert_eq!(
        state.overlay.help_scroll().unwrap(),
        max,
        "no further than the end"
    );
    let bottom = render(&state, 80, 24);
    assert!(
        bottom.contains("dim stopped task"),
        "the legend's last line shows:\n{bottom}"
    );
    update(&mut state, Action::User(UserAction::Top));
    assert_eq!(state.overlay.help_scroll().unwrap(), 0);
    state.size = (160, 48);
    update(&mut state, Action::User(UserAction::Down));
    assert_eq!(
        state.overlay.help_scroll().unwrap(),
        0,
        "nothing to scroll when it fits"
    );
}

#[test]
fn a_keymap_that_leaves_no_way_to_quit_is_refused() {
    // One of the two quit keys unbound is fine (the test above); both is a trap.
    let err = Keymap::load(Some((
        "my.toml",
        "[global]\n\"q\" = \"none\"\n\"ctrl-c\" = \"none\"\n",
    )))
    .expect_err("no way out");
    let text = err.to_string();
    assert!(text.starts_with("my.toml: no key quits wharf"), "{text}");
    assert!(text.contains("\"q\" = \"quit\" under [global]"), "{text}");
    // Rebinding quit to another key is fine.
    let km = user("[global]\n\"q\" = \"none\"\n\"ctrl-c\" = \"none\"\n\"ctrl-q\" = \"quit\"\n");
    assert_eq!(
        km.lookup(&[Context::Global], &keys("ctrl-q")),
        Lookup::Action(UserAction::Quit)
    );
}

/// The line (from 1) of `key`'s binding in the default keymap's [table] section.
fn table_line_of(key: &str) -> usize {
    let lines: Vec<&str> = wharf::config::keymap::DEFAULT_KEYMAP.lines().collect();
    let table = lines
        .iter()
        .position(|l| *l == "[table]")
        .expect("a [table] section");
    table
        + 1
        + lines[table..]
            .iter()
            .position(|l| l.starts_with(key))
            .expect("the key is bound in [table]")
}
