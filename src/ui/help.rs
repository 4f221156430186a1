//! The help overlay: the keys that work on this screen, from the same keymap that handles input, the commands,
//! and what the glyphs mean. It scrolls when it does not fit.

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};
use ratatui::Frame;

use crate::app::commands::COMMANDS;
use crate::app::{State, UserAction};
use crate::config::keymap::{parse_sequence, Binding, Context, Keymap, Lookup};
use crate::ui::layout::fit_spans;
use crate::ui::text::{fit, width};
use crate::ui::Theme;

const LEGEND: [(&str, &str, Slot); 12] = [
    ("●", "running / active", Slot::Running),
    ("◐", "starting: provisioning, pending", Slot::Pending),
    ("↓", "draining, stopping", Slot::Draining),
    ("○", "stopped / inactive", Slot::Stopped),
    ("✓", "healthy / completed", Slot::Healthy),
    ("✗", "unhealthy / failed", Slot::Unhealthy),
    ("…", "initial: health checks starting", Slot::Initial),
    ("⟳", "rollout in progress", Slot::Pending),
    (
        "↻",
        "restarts: tasks started outside a rollout",
        Slot::Pending,
    ),
    ("·", "no health check (UNKNOWN)", Slot::Muted),
    ("▸", "selected row", Slot::Focus),
    ("dim", "stopped task (kept ~1 hour)", Slot::Muted),
];

#[derive(Clone, Copy)]
enum Slot {
    Running,
    Pending,
    Draining,
    Stopped,
    Healthy,
    Unhealthy,
    Initial,
    Muted,
    Focus,
}

impl Slot {
    fn style(self, t: &Theme) -> ratatui::style::Style {
        match self {
            Slot::Running => t.running,
            Slot::Pending => t.pending,
            Slot::Draining => t.draining,
            Slot::Stopped => t.stopped,
            Slot::Healthy => t.healthy,
            Slot::Unhealthy => t.unhealthy,
            Slot::Initial => t.initial,
            Slot::Muted => t.muted,
            Slot::Focus => t.focus,
        }
    }
}

/// ` ? to close `, from whatever key toggles help.
fn close_hint(keymap: &Keymap) -> String {
    keymap
        .key_for(UserAction::Help, &[Context::Help, Context::Global])
        .map_or_else(String::new, |k| format!(" {k} to close "))
}

/// The narrowest a column of keys is made before there is one column fewer.
const MIN_COLUMN: u16 = 36;
/// The widest a column is made.
const MAX_COLUMN: u16 = 52;
/// Cells between columns.
const GAP: u16 = 2;

/// Where the help goes and how its content is split, for a terminal of `size`.
struct Geometry {
    popup: Rect,
    /// The blocks (keys of a context, commands, legend), each a heading and its lines, by column.
    columns: Vec<Vec<Line<'static>>>,
    column_width: u16,
    /// Rows of content shown at once.
    visible: u16,
}

impl Geometry {
    fn new(area: Rect, state: &State, theme: &Theme) -> Geometry {
        let inner_max = area.width.saturating_sub(6);
        // As many columns as fit, then only as many as the most even split of the blocks uses, widened.
        let n = ((inner_max + GAP) / (MIN_COLUMN + GAP)).clamp(1, 3);
        let narrow = (inner_max.saturating_sub(GAP * (n - 1)) / n).max(1);
        let cuts = split(
            &heights(&blocks(state, theme, usize::from(narrow))),
            usize::from(n),
        );
        let used = cuts.len() as u16 + 1;
        let column_width = (inner_max.saturating_sub(GAP * (used - 1)) / used).clamp(1, MAX_COLUMN);
        let columns = in_columns(blocks(state, theme, usize::from(column_width)), &cuts);
        let content = columns.iter().map(Vec::len).max().unwrap_or(0) as u16;
        let width = (column_width * used + GAP * (used - 1) + 2).min(area.width);
        let height = (content + 2).min(area.height.saturating_sub(2));
        let popup = Rect {
            x: area.x + (area.width - width) / 2,
            y: area.y + (area.height - height) / 2,
            width,
            height,
        };
        Geometry {
            popup,
            columns,
            column_width,
            visible: height.saturating_sub(2),
        }
    }

    fn max_scroll(&self) -> u16 {
        let content = self.columns.iter().map(Vec::len).max().unwrap_or(0) as u16;
        content.saturating_sub(self.visible)
    }
}

fn terminal(state: &State) -> Rect {
    Rect::new(0, 0, state.size.0, state.size.1)
}

/// How far the help can scroll at the terminal's size: its content rows that do not fit.
pub fn max_scroll(state: &State) -> u16 {
    Geometry::new(terminal(state), state, &Theme::default()).max_scroll()
}

/// How many rows of the help show at once, for paging.
pub fn visible_rows(state: &State) -> u16 {
    Geometry::new(terminal(state), state, &Theme::default()).visible
}

/// The blocks in order: the keys that work everywhere, on this screen, in its table, in the command and
/// filter lines; the commands; the legend. A key hidden by a more specific context is left out, so the help
/// lists what each key does here.
fn blocks(state: &State, theme: &Theme, cols: usize) -> Vec<Vec<Line<'static>>> {
    let keymap = &state.keymap;
    let screen = state.screen_contexts();
    let mut out = Vec::new();
    // Everywhere first, then the screen's own keys, most specific first.
    let sections = screen
        .iter()
        .rev()
        .take(1)
        .chain(screen.iter().take(screen.len().saturating_sub(1)))
        .map(|&c| (c, &screen[..]))
        .chain([(Context::Prompt, &[Context::Prompt][..])]);
    for (context, active) in sections {
        let grouped: Vec<(Vec<&str>, &Binding)> = keymap
            .grouped(context)
            .into_iter()
            .filter_map(|(keys, b)| {
                let keys: Vec<&str> = keys
                    .into_iter()
                    .filter(|k| {
                        parse_sequence(k).is_some_and(|seq| {
                            keymap.lookup(active, &seq) == Lookup::Action(b.action)
                        })
                    })
                    .collect();
                (!keys.is_empty()).then_some((keys, b))
            })
            .collect();
        if grouped.is_empty() {
            continue;
        }
        let labels: Vec<String> = grouped.iter().map(|(keys, _)| keys.join(", ")).collect();
        let key_width = labels
            .iter()
            .map(|l| width(l))
            .max()
            .unwrap_or(0)
            .min(cols / 2);
        let mut lines = vec![Line::styled(heading(context), theme.header)];
        for (label, (_, b)) in labels.into_iter().zip(grouped) {
            lines.push(fit_spans(
                vec![
                    Span::styled(format!(" {} ", pad(&label, key_width)), theme.focus),
                    Span::styled(b.description.clone(), theme.text),
                ],
                cols,
            ));
        }
        out.push(lines);
    }
    out.push(commands_block(theme, cols));
    let mut legend = vec![Line::styled(" Legend", theme.header)];
    for (glyph, meaning, slot) in LEGEND {
        legend.push(fit_spans(
            vec![
                Span::styled(format!(" {glyph:<4}"), slot.style(theme)),
                Span::styled(meaning, theme.text),
            ],
            cols,
        ));
    }
    out.push(legend);
    out
}

fn heading(context: Context) -> &'static str {
    match context {
        Context::Global => " Everywhere",
        Context::Table => " In tables",
        Context::Clusters => " On clusters",
        Context::Services => " On services",
        Context::Service => " On a service",
        Context::Tasks => " On tasks",
        Context::Task => " On a task",
        Context::Help => " In help",
        Context::Prompt => " In the : and / lines",
        Context::Dialog => " In a change's dialog",
    }
}

/// `label` cut or padded to `cells`.
fn pad(label: &str, cells: usize) -> String {
    let cut = fit(label, cells);
    let fill = cells.saturating_sub(width(&cut));
    format!("{cut}{}", " ".repeat(fill))
}

/// The command line's commands, by name, wrapped to the column.
fn commands_block(theme: &Theme, cols: usize) -> Vec<Line<'static>> {
    let mut lines = vec![Line::styled(" Commands", theme.header)];
    let mut line = String::new();
    for spec in COMMANDS {
        let word = format!(" :{}", spec.name);
        if !line.is_empty() && width(&line) + width(&word) > cols {
            lines.push(Line::styled(std::mem::take(&mut line), theme.focus));
        }
        line.push_str(&word);
    }
    if !line.is_empty() {
        lines.push(Line::styled(line, theme.focus));
    }
    lines
}

fn heights(blocks: &[Vec<Line<'static>>]) -> Vec<usize> {
    blocks.iter().map(Vec::len).collect()
}

/// Where to cut blocks of these heights into at most `n` columns, in order, with a blank line between blocks
/// in a column: the cuts whose tallest column is shortest, and the fewest columns for that height.
fn split(heights: &[usize], n: usize) -> Vec<usize> {
    let tallest = |cuts: &[usize]| {
        let mut bounds = vec![0];
        bounds.extend_from_slice(cuts);
        bounds.push(heights.len());
        bounds
            .windows(2)
            .map(|w| {
                let hs = &heights[w[0]..w[1]];
                hs.iter().sum::<usize>() + hs.len().saturating_sub(1)
            })
            .max()
            .unwrap_or(0)
    };
    let mut best: Vec<usize> = Vec::new();
    let mut best_height = tallest(&best);
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
            let h = tallest(cuts);
            if h < best_height {
                best_height = h;
                best = cuts.clone();
            }
        }
        candidates = next;
    }
    best
}

/// The blocks cut into columns where `split` said, a blank line between blocks.
fn in_columns(blocks: Vec<Vec<Line<'static>>>, cuts: &[usize]) -> Vec<Vec<Line<'static>>> {
    let mut columns = vec![Vec::new()];
    for (i, block) in blocks.into_iter().enumerate() {
        if cuts.contains(&i) {
            columns.push(Vec::new());
        }
        let column = columns.last_mut().expect("one column at least");
        if !column.is_empty() {
            column.push(Line::raw(""));
        }
        column.extend(block);
    }
    columns
}

/// The help over the screen: the keys that work here, the commands and the legend, in as many columns as
/// fit; what does not fit scrolls (the overlay's `scroll`).
pub fn draw(frame: &mut Frame, area: Rect, state: &State, theme: &Theme) {
    let geometry = Geometry::new(area, state, theme);
    let popup = geometry.popup;
    if popup.is_empty() {
        return;
    }
    let max_scroll = geometry.max_scroll();
    let scroll = state.overlay.help_scroll().unwrap_or(0).min(max_scroll);
    frame.render_widget(Clear, popup);
    let mut block = Block::new()
        .borders(Borders::ALL)
        .border_style(theme.focus)
        .title(Span::styled(" Help ", theme.header))
        .title(Line::styled(close_hint(&state.keymap), theme.muted).right_aligned());
    if max_scroll > 0 {
        let keys = [UserAction::Down, UserAction::Up].map(|a| {
            state
                .keymap
                .key_for(a, &[Context::Help])
                .unwrap_or_default()
        });
        let arrow = if scroll < max_scroll { "↓" } else { "↑" };
        let text = match keys {
            ["", ""] => format!(" {arrow} more "),
            [down, ""] | ["", down] => format!(" {arrow} {down} to scroll "),
            [down, up] => format!(" {arrow} {down}/{up} to scroll "),
        };
        block = block.title_bottom(Line::styled(text, theme.muted).right_aligned());
    }
    let inner = block.inner(popup);
    frame.render_widget(block, popup);
    let n = geometry.columns.len();
    let mut x = inner.x;
    for (i, column) in geometry.columns.into_iter().enumerate() {
        let w = if i + 1 == n {
            inner.right().saturating_sub(x)
        } else {
            geometry.column_width
        };
        let rect = Rect {
            x,
            width: w.min(inner.right().saturating_sub(x)),
            ..inner
        };
        frame.render_widget(Paragraph::new(column).scroll((scroll, 0)), rect);
        x = x.saturating_add(geometry.column_width + GAP);
    }
}
