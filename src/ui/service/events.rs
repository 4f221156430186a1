//! The service's recent events, newest first, one line each.

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

use crate::model::Service;
use crate::ui::text::{fit, width};
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
    let cols = usize::from(inner.width);
    let lines: Vec<Line> = s
        .events
        .iter()
        .take(usize::from(inner.height))
        .map(|e| {
            let text = e.message.strip_prefix(&prefix).unwrap_or(&e.message);
            let clock = format!(" {} ", e.created_at.clock());
            let room = cols.saturating_sub(width(&clock));
            Line::from(vec![
                Span::styled(clock, theme.muted),
                Span::styled(fit(text, room).into_owned(), style_for(text, theme)),
            ])
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
}

/// Trouble reads in the warning style; the steady-state heartbeat recedes.
fn style_for(message: &str, theme: &Theme) -> ratatui::style::Style {
    let m = message.to_ascii_lowercase();
    if ["unable", "failed", "unhealthy", "rolling back", "circuit breaker", "error"]
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
