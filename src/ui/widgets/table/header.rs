//! What a table says about itself: a sorted column's header, and the note in its title (filter, sort, marks,
//! position).

use ratatui::layout::Constraint;

use super::Column;
use crate::app::{TableKind, TableView};
use crate::ui::text::fit;

/// A sorted column's header: `STOPPED ▼`, the title whole beside its arrow. Only a column squeezed below
/// that (a `Fill` column with little room) cuts its title, with `…`, never a letter under the arrow.
pub(super) fn sorted_title(title: &str, largest_first: bool, width: u16) -> String {
    let arrow = if largest_first { "▼" } else { "▲" };
    let room = usize::from(width).saturating_sub(2);
    format!("{} {arrow}", fit(title, room))
}

/// `c` with room for its title, a space and the sort arrow.
pub(super) fn with_room_for_arrow(mut c: Column) -> Column {
    let need = crate::ui::text::width(c.title) as u16 + 2;
    c.width = match c.width {
        Constraint::Length(n) if n < need => Constraint::Length(need),
        Constraint::Min(n) if n < need => Constraint::Min(need),
        other => other,
    };
    c
}

/// `12/2000` for a block title: where the cursor is in how many.
pub fn position(cursor: &TableView, len: usize) -> String {
    if len == 0 {
        String::new()
    } else {
        format!("{}/{len}", cursor.selected.min(len - 1) + 1)
    }
}

/// The right side of a table's title: its filter, sort and marks, then the position (`/web · 3 marked ·
/// 2/5 of 14`). Empty parts are left out.
pub fn view_note(view: &TableView, kind: TableKind, total: usize) -> String {
    let mut parts = Vec::new();
    if let Some(filter) = &view.filter {
        parts.push(crate::app::table::filter_note(filter));
    }
    if let Some((column, largest_first)) = kind.sorted_by(view) {
        let arrow = if largest_first { "▼" } else { "▲" };
        parts.push(format!("by {} {arrow}", column.label.to_lowercase()));
    }
    if !view.marks.is_empty() {
        parts.push(format!("{} marked", view.marks.len()));
    }
    let shown = view.rows.len();
    let at = position(view, shown);
    match (view.filter.is_some(), at.is_empty()) {
        (true, true) => parts.push(format!("0 of {total}")),
        (true, false) => parts.push(format!("{at} of {total}")),
        (false, false) => parts.push(at),
        (false, true) => {}
    }
    parts.join(" · ")
}
