//! Frames around views and sections, with a title on the left and a note (a position, a count) on the right.

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders};
use ratatui::Frame;

use crate::ui::text::fit;
use crate::ui::Theme;

/// A full border around a view's main table. Returns the inner area.
pub fn boxed(frame: &mut Frame, area: Rect, theme: &Theme, title: &str, note: &str) -> Rect {
    block(area, theme, Borders::ALL, title, note, frame)
}

/// A section of a detail view: a rule across the top carrying the title. Returns the area below the rule.
pub fn section(frame: &mut Frame, area: Rect, theme: &Theme, title: &str, note: &str) -> Rect {
    let inner = block(area, theme, Borders::TOP, title, note, frame);
    let pad = 1.min(inner.width / 2);
    Rect {
        x: inner.x + pad,
        width: inner.width - 2 * pad,
        ..inner
    }
}

/// A section that takes keys when `focused` (Tab moves the focus): its title is marked and highlighted.
pub fn pane(
    frame: &mut Frame,
    area: Rect,
    theme: &Theme,
    title: &str,
    note: &str,
    focused: bool,
) -> Rect {
    if !focused {
        return section(frame, area, theme, title, note);
    }
    let marked = format!("▶ {title}");
    let inner = block_styled(area, theme, Borders::TOP, &marked, note, frame, theme.focus);
    let pad = 1.min(inner.width / 2);
    Rect {
        x: inner.x + pad,
        width: inner.width - 2 * pad,
        ..inner
    }
}

/// A window over the screen (a dialog, the audit log, a cleanup's progress): what is under it cleared, a
/// bright border with the title, an optional note at the top right and keys at the bottom right. Returns the
/// inner area.
/// Where a full-screen popup (the audit log, the budget, the messages) goes: a column in from each side,
/// from the header's second row to above the status line. `None` when too small to be of use.
pub fn full_area(area: Rect) -> Option<Rect> {
    let popup = Rect {
        x: area.x + 1,
        y: area.y + 1,
        width: area.width.saturating_sub(2),
        height: area.height.saturating_sub(3),
    };
    (popup.width >= 20 && popup.height >= 4).then_some(popup)
}

pub fn popup(
    frame: &mut Frame,
    area: Rect,
    theme: &Theme,
    title: &str,
    note: Option<Line<'static>>,
    keys: Line<'static>,
) -> Rect {
    frame.render_widget(ratatui::widgets::Clear, area);
    // A title can name what AWS returned (an event, a target): fitted, which also filters its text.
    let title = fit(title, usize::from(area.width.saturating_sub(4)));
    let mut block = Block::new()
        .borders(Borders::ALL)
        .border_style(theme.focus)
        .title(Span::styled(format!(" {title} "), theme.header))
        .title_bottom(keys.right_aligned());
    if let Some(note) = note {
        block = block.title(note.right_aligned());
    }
    let inner = block.inner(area);
    frame.render_widget(block, area);
    inner
}

fn block(
    area: Rect,
    theme: &Theme,
    borders: Borders,
    title: &str,
    note: &str,
    frame: &mut Frame,
) -> Rect {
    block_styled(area, theme, borders, title, note, frame, theme.header)
}

fn block_styled(
    area: Rect,
    theme: &Theme,
    borders: Borders,
    title: &str,
    note: &str,
    frame: &mut Frame,
    title_style: ratatui::style::Style,
) -> Rect {
    if area.is_empty() {
        return area;
    }
    // Room for both titles and the corners; the note gives way first.
    let room = usize::from(area.width.saturating_sub(4));
    let title = fit(title, room);
    let note_room = room.saturating_sub(crate::ui::text::width(&title) + 4);
    let mut block = Block::new()
        .borders(borders)
        .border_style(theme.border)
        .title(Line::from(Span::styled(format!(" {title} "), title_style)));
    if !note.is_empty() && note_room >= 3 {
        block = block.title(
            Line::from(Span::styled(
                format!(" {} ", fit(note, note_room)),
                theme.muted,
            ))
            .right_aligned(),
        );
    }
    let inner = block.inner(area);
    frame.render_widget(block, area);
    inner
}
