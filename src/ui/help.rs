//! The help overlay: the keys that work on this screen, from the same keymap that handles input, the commands,
//! and what the glyphs mean. It scrolls when it does not fit.

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};
use ratatui::Frame;

use crate::app::help;
use crate::app::{State, UserAction};
use crate::config::keymap::{Context, Keymap};
use crate::geometry::help::GAP;
use crate::ui::layout::fit_spans;
use crate::ui::text::{fit, width};
use crate::ui::Theme;

const LEGEND: [(&str, &str, Slot); 15] = [
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
    ("⏸", "a deployment waits for approval", Slot::Pending),
    (
        "◆",
        "events of one deployment (one colour each)",
        Slot::Muted,
    ),
    ("▸", "selected row", Slot::Focus),
    ("▶", "the pane that takes the keys (tab)", Slot::Focus),
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

/// The blocks in order: the keys that work everywhere, on this screen, in its table, in the command and
/// filter lines; the commands; the legend. A key hidden by a more specific context is left out, so the help
/// lists what each key does here.
fn blocks(state: &State, theme: &Theme, cols: usize) -> Vec<Vec<Line<'static>>> {
    let mut out = Vec::new();
    for section in help::key_sections(state) {
        let key_width = section
            .rows
            .iter()
            .map(|(keys, _)| width(keys))
            .max()
            .unwrap_or(0)
            .min(cols / 2);
        let mut lines = vec![Line::styled(heading(section.context), theme.header)];
        for (keys, b) in &section.rows {
            lines.push(fit_spans(
                vec![
                    Span::styled(format!(" {} ", pad(keys, key_width)), theme.focus),
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
        Context::Explore => " In instances, load balancers and task definitions",
        Context::Metrics => " On a service's metrics",
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
    lines.extend(
        help::command_lines(cols)
            .into_iter()
            .map(|l| Line::styled(l, theme.focus)),
    );
    lines
}

/// The blocks cut into columns where the geometry said, a blank line between blocks.
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
    let geometry = help::geometry_in(area, state);
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
    let columns = in_columns(
        blocks(state, theme, usize::from(geometry.column_width)),
        &geometry.cuts,
    );
    let n = columns.len();
    let mut x = inner.x;
    for (i, column) in columns.into_iter().enumerate() {
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
