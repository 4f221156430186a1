//! The words a view shows instead of a table: loading, empty, or failed.

use ratatui::layout::{Alignment, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};
use ratatui::Frame;

use crate::backend::BackendError;
use crate::ui::Theme;

/// `◐ Loading services of prod-fargate…`
pub fn loading(what: &str, theme: &Theme) -> Vec<Line<'static>> {
    vec![Line::from(Span::styled(
        format!("◐ Loading {what}…"),
        theme.pending,
    ))]
}

/// A headline and what it means.
pub fn empty(headline: String, meaning: &str, theme: &Theme) -> Vec<Line<'static>> {
    vec![
        Line::from(Span::styled(headline, theme.text)),
        Line::from(Span::styled(meaning.to_string(), theme.muted)),
    ]
}

/// A filter that keeps no row.
pub fn no_match(what: &str, filter: &crate::app::Filter, theme: &Theme) -> Vec<Line<'static>> {
    empty(
        format!("No {what} match /{}.", filter.text),
        "Esc clears the filter; / changes it.",
        theme,
    )
}

/// What failed, the backend's own words, and what happens next.
pub fn failed(what: &str, error: &BackendError, theme: &Theme) -> Vec<Line<'static>> {
    vec![
        Line::from(Span::styled(
            format!("✗ Could not load {what}"),
            theme.error,
        )),
        Line::from(Span::styled(error.to_string(), theme.text)),
        Line::from(Span::styled(
            "wharf will retry on its own; press r to retry now.",
            theme.muted,
        )),
    ]
}

/// Lines centred in `area`, wrapped to its width, vertically centred when they fit.
pub fn draw(frame: &mut Frame, area: Rect, lines: Vec<Line<'static>>) {
    if area.is_empty() {
        return;
    }
    let pad = if area.width > 24 { 2 } else { 0 };
    let area = Rect {
        x: area.x + pad,
        width: area.width - 2 * pad,
        ..area
    };
    // About how many rows the wrapped lines take (words may wrap a little earlier than this).
    let rows: usize = lines
        .iter()
        .map(|l| l.width().div_ceil(usize::from(area.width)).max(1))
        .sum();
    let height = rows.min(usize::from(area.height)) as u16;
    let paragraph = Paragraph::new(lines)
        .alignment(Alignment::Center)
        .wrap(Wrap { trim: true });
    let top = (area.height - height) / 2;
    let target = Rect {
        y: area.y + top,
        height: area.height - top,
        ..area
    };
    frame.render_widget(paragraph, target);
}
