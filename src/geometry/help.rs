//! The help's content in words (the keys that work here, the commands) and where it goes: how many columns,
//! where the blocks are cut, how far it scrolls. Pure, so that `app` scrolls it and `ui` draws it alike.

use ratatui::layout::Rect;
use unicode_width::UnicodeWidthStr;

use crate::app::commands::COMMANDS;
use crate::app::State;
use crate::config::keymap::{parse_sequence, Binding, Context, Lookup};

/// The narrowest a column of keys is made before there is one column fewer.
const MIN_COLUMN: u16 = 36;
/// The widest a column is made.
const MAX_COLUMN: u16 = 52;
/// Cells between columns.
pub const GAP: u16 = 2;
/// The legend's rows (its glyphs are the ui's).
pub const LEGEND_ROWS: usize = 15;

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

/// The command line's commands, with what follows them (`:scale N`), wrapped to `cols`.
pub fn command_lines(cols: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for spec in COMMANDS {
        let word = match spec.usage {
            "" => format!(" :{}", spec.name),
            usage => format!(" :{} {usage}", spec.name),
        };
        if !line.is_empty() && line.width() + word.width() > cols {
            lines.push(std::mem::take(&mut line));
        }
        line.push_str(&word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// The height of each block (a heading and its rows) at a column width: key sections, commands, legend.
fn heights(state: &State, cols: usize) -> Vec<usize> {
    let mut out: Vec<usize> = key_sections(state)
        .iter()
        .map(|s| 1 + s.rows.len())
        .collect();
    out.push(1 + command_lines(cols).len());
    out.push(1 + LEGEND_ROWS);
    out
}

/// Where the help goes and how its blocks are split into columns, for a terminal area.
pub struct HelpGeometry {
    pub popup: Rect,
    /// The blocks that start a new column.
    pub cuts: Vec<usize>,
    pub column_width: u16,
    /// Rows of content shown at once.
    pub visible: u16,
    /// Rows of the tallest column.
    pub content: u16,
}

impl HelpGeometry {
    pub fn new(area: Rect, state: &State) -> HelpGeometry {
        let inner_max = area.width.saturating_sub(6);
        // As many columns as fit, then only as many as the most even split of the blocks uses, widened.
        let n = ((inner_max + GAP) / (MIN_COLUMN + GAP)).clamp(1, 3);
        let narrow = (inner_max.saturating_sub(GAP * (n - 1)) / n).max(1);
        let cuts = split(&heights(state, usize::from(narrow)), usize::from(n));
        let used = cuts.len() as u16 + 1;
        let column_width = (inner_max.saturating_sub(GAP * (used - 1)) / used).clamp(1, MAX_COLUMN);
        let content = tallest(&heights(state, usize::from(column_width)), &cuts) as u16;
        let width = (column_width * used + GAP * (used - 1) + 2).min(area.width);
        let height = (content + 2).min(area.height.saturating_sub(2));
        let popup = Rect {
            x: area.x + (area.width - width) / 2,
            y: area.y + (area.height - height) / 2,
            width,
            height,
        };
        HelpGeometry {
            popup,
            cuts,
            column_width,
            visible: height.saturating_sub(2),
            content,
        }
    }

    pub fn max_scroll(&self) -> u16 {
        self.content.saturating_sub(self.visible)
    }
}

/// The help's geometry in the whole terminal.
pub fn of(state: &State) -> HelpGeometry {
    HelpGeometry::new(Rect::new(0, 0, state.size.0, state.size.1), state)
}

/// The tallest column when blocks of these heights are cut there, a blank line between blocks.
fn tallest(heights: &[usize], cuts: &[usize]) -> usize {
    let mut bounds = vec![0];
    bounds.extend_from_slice(cuts);
    bounds.push(heights.len());
    bounds
        .windows(2)
        .map(|w| {
            let hs = &heights[w[0]..w[1].max(w[0])];
            hs.iter().sum::<usize>() + hs.len().saturating_sub(1)
        })
        .max()
        .unwrap_or(0)
}

/// Where to cut blocks of these heights into at most `n` columns, in order: the cuts whose tallest column is
/// shortest, and the fewest columns for that height.
fn split(heights: &[usize], n: usize) -> Vec<usize> {
    let mut best: Vec<usize> = Vec::new();
    let mut best_height = tallest(heights, &best);
    // Every way to cut; there are a handful of blocks and at most 3 columns.
    let mut candidates: Vec<Vec<usize>> = vec![Vec::new()];
    for _ in 1..n {
        let mut next = Vec::new();
        for cuts in &candidates {
            let from = cuts.last().map_or(1, |c| c + 1);
            for c in from..heights.len() {
                let mut more = cuts.clone();
                more.push(c);
                next.push(more);
            }
        }
        for cuts in &next {
            let h = tallest(heights, cuts);
            if h < best_height {
                best_height = h;
                best = cuts.clone();
            }
        }
        candidates = next;
    }
    best
}
