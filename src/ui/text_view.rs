//! One line of a pane shown whole (Enter on an event, a target or a deployment): wrapped, scrolled.

use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;
use ratatui::Frame;

use crate::app::{State, TextView};
use crate::ui::widgets::panel;
use crate::ui::Theme;

pub fn draw(frame: &mut Frame, area: Rect, state: &State, view: &TextView, theme: &Theme) {
    // Made again from what the state holds now, so that ages and counts move on while it is open.
    let fresh = crate::app::pane_text::current(state, view);
    let view = fresh.as_ref().unwrap_or(view);
    let Some(popup) = panel::full_area(area) else {
        return;
    };
    let inner = panel::popup(
        frame,
        popup,
        theme,
        &view.title,
        None,
        Line::styled(" esc close · j/k scroll ", theme.muted),
    );
    // A column of margin on each side, so that text does not touch the border.
    let inner = Rect {
        x: inner.x + 1.min(inner.width),
        width: inner.width.saturating_sub(2),
        ..inner
    };
    let cols = usize::from(inner.width).max(10);
    let mut lines: Vec<Line> = Vec::new();
    for paragraph in &view.lines {
        if paragraph.is_empty() {
            lines.push(Line::raw(""));
            continue;
        }
        for part in crate::ui::text::wrap(paragraph, cols) {
            lines.push(Line::styled(part, theme.text));
        }
    }
    let rows = usize::from(inner.height);
    let last_start = lines.len().saturating_sub(rows);
    let first = usize::from(view.scroll).min(last_start);
    let shown: Vec<Line> = lines.into_iter().skip(first).take(rows).collect();
    frame.render_widget(Paragraph::new(shown), inner);
}
