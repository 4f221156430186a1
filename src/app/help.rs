//! The help's content in words: the keys that work here (from the keymap that handles input), the commands.
//! Its sizes go to `geometry::help`, which places it; the app scrolls it by that geometry and `ui` draws it.

use ratatui::layout::Rect;
use unicode_width::UnicodeWidthStr;

use super::commands::COMMANDS;
use super::State;
use crate::config::keymap::{parse_sequence, Binding, Context, Lookup};
use crate::geometry::help::{wrap, HelpGeometry, HelpSizes};

/// The keys of one context that do something here, each with every key that does it.
pub struct KeySection<'a> {
    pub context: Context,
    pub rows: Vec<(String, &'a Binding)>,
}

/// The keys that work everywhere, on this screen, in its table, in the command and filter lines. A key hidden
/// by a more specific context is left out, so the help lists what each key does here.
pub fn key_sections(state: &State) -> Vec<KeySection<'_>> {
    let keymap = &state.keymap;
    let screen = state.screen_contexts();
    // Everywhere first, then the screen's own keys, most specific first.
    let sections = screen
        .iter()
        .rev()
        .take(1)
        .chain(screen.iter().take(screen.len().saturating_sub(1)))
        .map(|&c| (c, screen.clone()))
        .chain([(Context::Prompt, vec![Context::Prompt])]);
    let mut out = Vec::new();
    for (context, active) in sections {
        let rows: Vec<(String, &Binding)> = keymap
            .grouped(context)
            .into_iter()
            .filter_map(|(keys, b)| {
                let keys: Vec<&str> = keys
                    .into_iter()
                    .filter(|k| {
                        parse_sequence(k).is_some_and(|seq| {
                            keymap.lookup(&active, &seq) == Lookup::Action(b.action)
                        })
                    })
                    .collect();
                (!keys.is_empty()).then(|| (keys.join(", "), b))
            })
            .collect();
        if !rows.is_empty() {
            out.push(KeySection { context, rows });
        }
    }
    out
}

/// Each command as the help lists it, with what follows it (` :scale N`).
fn command_words() -> Vec<String> {
    COMMANDS
        .iter()
        .map(|spec| match spec.usage {
            "" => format!(" :{}", spec.name),
            usage => format!(" :{} {usage}", spec.name),
        })
        .collect()
}

/// The command line's commands, wrapped to `cols`.
pub fn command_lines(cols: usize) -> Vec<String> {
    let words = command_words();
    let widths: Vec<usize> = words.iter().map(|w| w.width()).collect();
    wrap(&widths, cols)
        .into_iter()
        .map(|line| words[line].concat())
        .collect()
}

/// The sizes of the help's blocks here, for its geometry.
pub fn sizes(state: &State) -> HelpSizes {
    HelpSizes {
        key_rows: key_sections(state).iter().map(|s| s.rows.len()).collect(),
        command_widths: command_words().iter().map(|w| w.width()).collect(),
    }
}

/// Where the help goes in `area`, and how its blocks are split into columns.
pub fn geometry_in(area: Rect, state: &State) -> HelpGeometry {
    HelpGeometry::new(area, &sizes(state))
}

/// The help's geometry in the whole terminal.
pub fn of(state: &State) -> HelpGeometry {
    geometry_in(Rect::new(0, 0, state.size.0, state.size.1), state)
}
