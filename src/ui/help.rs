//! The help overlay: every key binding, from the same keymap that handles input, and what the glyphs mean.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};
use ratatui::Frame;

use crate::app::UserAction;
use crate::config::keymap::{Context, Keymap};
use crate::ui::layout::fit_spans;
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

/// The keymap's contexts in the order the help lists them.
const SECTIONS: [(Context, &str); 5] = [
    (Context::Global, " Everywhere"),
    (Context::Table, " In tables"),
    (Context::Service, " On a service"),
    (Context::Task, " On a task"),
    (Context::Prompt, " In the : and / lines"),
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

pub fn draw(frame: &mut Frame, area: Rect, theme: &Theme, keymap: &Keymap) {
    let side_by_side = area.width >= 76;
    // Two headings (everywhere, in tables) and a blank line between the groups.
    let keys_height = SECTIONS
        .iter()
        .map(|(c, _)| keymap.grouped(*c).len() as u16 + 2)
        .sum::<u16>();
    let legend_height = LEGEND.len() as u16 + 1;
    let content_height = if side_by_side {
        keys_height.max(legend_height)
    } else {
        keys_height + 1 + legend_height
    };
    let width = area
        .width
        .saturating_sub(4)
        .min(if side_by_side { 84 } else { 56 });
    let height = (content_height + 2).min(area.height.saturating_sub(2));
    let popup = Rect {
        x: area.x + (area.width - width) / 2,
        y: area.y + (area.height - height) / 2,
        width,
        height,
    };
    if popup.is_empty() {
        return;
    }
    frame.render_widget(Clear, popup);
    let block = Block::new()
        .borders(Borders::ALL)
        .border_style(theme.focus)
        .title(Span::styled(" Help ", theme.header))
        .title(Line::styled(close_hint(keymap), theme.muted).right_aligned());
    let inner = block.inner(popup);
    frame.render_widget(block, popup);

    let [keys_area, legend_area] = if side_by_side {
        Layout::horizontal([Constraint::Fill(1), Constraint::Length(38)])
            .spacing(2)
            .areas(inner)
    } else {
        Layout::vertical([Constraint::Length(keys_height + 1), Constraint::Fill(1)]).areas(inner)
    };
    let cols = usize::from(keys_area.width);
    let mut lines = Vec::new();
    for (context, heading) in SECTIONS {
        let grouped = keymap.grouped(context);
        if grouped.is_empty() {
            continue;
        }
        if !lines.is_empty() {
            lines.push(Line::raw(""));
        }
        lines.push(Line::styled(heading, theme.header));
        for (keys, b) in grouped {
            lines.push(fit_spans(
                vec![
                    Span::styled(format!(" {:<17} ", keys.join(", ")), theme.focus),
                    Span::styled(b.description.clone(), theme.text),
                ],
                cols,
            ));
        }
    }
    frame.render_widget(Paragraph::new(lines), keys_area);

    let cols = usize::from(legend_area.width);
    let mut lines = vec![Line::styled(" Legend", theme.header)];
    for (glyph, meaning, slot) in LEGEND {
        lines.push(fit_spans(
            vec![
                Span::styled(format!(" {glyph:<4}"), slot.style(theme)),
                Span::styled(meaning, theme.text),
            ],
            cols,
        ));
    }
    frame.render_widget(Paragraph::new(lines), legend_area);
}
