//! `:messages`: what the status line said this run, and every read error, whole and wrapped.

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

use crate::app::State;
use crate::ui::widgets::panel;
use crate::ui::Theme;

/// `:messages`: every message of this run, newest at the bottom, wrapped: nothing is cut.
pub fn draw(frame: &mut Frame, area: Rect, state: &State, scroll: u16, theme: &Theme) {
    let Some(popup) = panel::full_area(area) else {
        return;
    };
    let inner = panel::popup(
        frame,
        popup,
        theme,
        "Messages",
        Some(Line::styled(
            format!(" {} this run ", state.messages.len()),
            theme.muted,
        )),
        Line::styled(" esc close · j/k scroll ", theme.muted),
    );
    let cols = usize::from(inner.width).max(20);
    let mut lines: Vec<Line> = Vec::new();
    if state.messages.is_empty() {
        let empty =
            "No messages yet. What the status line says, and every error, is kept here whole.";
        for text in crate::ui::text::wrap(empty, cols) {
            lines.push(Line::styled(text, theme.muted));
        }
    }
    for m in &state.messages {
        let style = match m.level {
            crate::app::FlashLevel::Error => theme.error,
            crate::app::FlashLevel::Warn => theme.warn,
            crate::app::FlashLevel::Info => theme.text,
        };
        let stamp = format!("{} ", m.at.clock());
        let indent = " ".repeat(stamp.len());
        for (i, part) in crate::ui::text::wrap(&m.text, cols.saturating_sub(stamp.len()).max(10))
            .into_iter()
            .enumerate()
        {
            let lead = if i == 0 {
                stamp.clone()
            } else {
                indent.clone()
            };
            lines.push(Line::from(vec![
                Span::styled(lead, theme.muted),
                Span::styled(part, style),
            ]));
        }
    }
    // Newest at the bottom: start so that the last lines show, `scroll` rows further up.
    let rows = usize::from(inner.height);
    let first = lines
        .len()
        .saturating_sub(rows)
        .saturating_sub(usize::from(scroll));
    let shown: Vec<Line> = lines.into_iter().skip(first).take(rows).collect();
    frame.render_widget(Paragraph::new(shown), inner);
}
