//! The service's recent events, newest first, one line each.

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

use crate::model::Service;
use crate::ui::text::{compact_event, fit, wrap};
use crate::ui::widgets::{message, panel};
use crate::ui::Theme;

pub fn draw(frame: &mut Frame, area: Rect, s: &Service, theme: &Theme) {
    if area.is_empty() {
        return;
    }
    let inner = panel::section(frame, area, theme, "Events", "newest first");
    if s.events.is_empty() {
        let line = Line::styled("No events yet.", theme.muted);
        return message::draw(frame, inner, vec![line]);
    }
    let prefix = format!("(service {}) ", s.name);
    let rows = usize::from(inner.height);
    let shown = s.events.len().min(rows);
    // Every shown event gets a line; rows left over let the newest ones wrap onto more.
    let mut spare = rows - shown;
    const CLOCK: usize = 9;
    let room = usize::from(inner.width).saturating_sub(CLOCK);
    let mut lines: Vec<Line> = Vec::with_capacity(rows);
    for e in &s.events[..shown] {
        let text = compact_event(e.message.strip_prefix(&prefix).unwrap_or(&e.message));
        let style = style_for(&text, theme);
        let mut wrapped = wrap(&text, room);
        let take = wrapped.len().clamp(1, spare + 1);
        spare -= take - 1;
        if wrapped.len() > take {
            let rest = wrapped[take - 1..].join(" ");
            wrapped.truncate(take - 1);
            wrapped.push(fit(&rest, room).into_owned());
        }
        for (i, part) in wrapped.into_iter().enumerate() {
            let clock = if i == 0 {
                format!("{} ", e.created_at.clock())
            } else {
                " ".repeat(CLOCK)
            };
            lines.push(Line::from(vec![
                Span::styled(clock, theme.muted),
                Span::styled(part, style),
            ]));
        }
    }
    frame.render_widget(Paragraph::new(lines), inner);
}

/// Trouble reads in the warning style; the steady-state heartbeat recedes.
fn style_for(message: &str, theme: &Theme) -> ratatui::style::Style {
    let m = message.to_ascii_lowercase();
    if [
        "unable",
        "failed",
        "unhealthy",
        "rolling back",
        "circuit breaker",
        "error",
    ]
    .iter()
    .any(|w| m.contains(w))
    {
        theme.warn
    } else if m.contains("steady state") {
        theme.muted
    } else {
        theme.text
    }
}
