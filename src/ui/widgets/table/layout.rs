//! Where a table's columns and rows go: column widths, which rows are on screen, and rows taller than one
//! line (a wrapped log line).

use ratatui::layout::{Constraint, Rect};

use super::{Column, SYMBOL_WIDTH};
use crate::app::table::columns::{Laid, Width};
use crate::app::TableView;

/// The rows `[start, end)` to draw and where the selection is, given the cursor, the row count and the rows that
/// fit. The cursor's offset is respected unless that would hide the selected row.
pub fn visible_window(
    cursor: &TableView,
    len: usize,
    rows: usize,
) -> (usize, usize, Option<usize>) {
    if len == 0 || rows == 0 {
        return (0, 0, None);
    }
    let selected = cursor.selected.min(len - 1);
    let mut start = cursor.offset.min(len.saturating_sub(rows));
    if selected < start {
        start = selected;
    } else if selected >= start + rows {
        start = selected + 1 - rows;
    }
    (start, (start + rows).min(len), Some(selected))
}

/// The rows to draw from `start` and their heights, to fill `room` lines. A row can be taller than one line
/// (a wrapped log line): rows then leave the top, past `start`, until the selected row is whole on screen.
/// `row` is called in order for the rows drawn, and for those that left the top for a tall selected row
/// (at most a screenful).
pub fn lay_out<R>(
    start: usize,
    selected: Option<usize>,
    len: usize,
    room: usize,
    mut row: impl FnMut(usize) -> (R, u16),
) -> Vec<(usize, R, u16)> {
    let mut laid = std::collections::VecDeque::new();
    let (mut used, mut next) = (0usize, start);
    if let Some(selected) = selected {
        while next <= selected && next < len {
            let (r, height) = row(next);
            laid.push_back((next, r, height));
            used += usize::from(height);
            next += 1;
            while used > room && laid.len() > 1 {
                if let Some((_, _, gone)) = laid.pop_front() {
                    used -= usize::from(gone);
                }
            }
        }
    }
    while used < room && next < len {
        let (r, height) = row(next);
        laid.push_back((next, r, height));
        used += usize::from(height);
        next += 1;
    }
    laid.into()
}

/// Lay columns out left to right, one space apart. `Length` columns get their width, `Min` columns at
/// least theirs, and `Min`/`Fill` columns share what is left by weight. A column that no longer fits gets
/// no room at all, so a narrow terminal loses its last columns whole instead of every column a little.
/// Done by hand rather than with `Layout`: an over-full layout leaves the solver to break ties, and its
/// choice changed from one run to the next.
pub fn column_rects(columns: &[Column], area: Rect) -> Vec<Rect> {
    let base = |c: &Column| match c.width {
        Constraint::Length(n) | Constraint::Min(n) => n,
        _ => 0,
    };
    let weight = |c: &Column| match c.width {
        Constraint::Fill(w) => w.max(1),
        Constraint::Min(_) => 1,
        _ => 0,
    };
    let mut used = 0u16;
    let mut shown = 0;
    for c in columns {
        let need = base(c) + u16::from(shown > 0);
        if used + need > area.width {
            break;
        }
        used += need;
        shown += 1;
    }
    let visible = &columns[..shown];
    let spare = area.width - used;
    let total_weight: u32 = visible.iter().map(|c| u32::from(weight(c))).sum();
    let mut handed_out = 0u16;
    let mut weight_so_far = 0u32;
    let mut x = area.x;
    let mut rects = Vec::with_capacity(columns.len());
    for (i, c) in visible.iter().enumerate() {
        let mut width = base(c);
        if total_weight > 0 && weight(c) > 0 {
            // Cumulative rounding: the shares add up to exactly `spare`.
            weight_so_far += u32::from(weight(c));
            let upto = (u32::from(spare) * weight_so_far / total_weight) as u16;
            width += upto - handed_out;
            handed_out = upto;
        }
        if i > 0 {
            x += crate::geometry::COLUMN_GAP;
        }
        rects.push(Rect {
            x,
            y: area.y,
            width,
            height: area.height,
        });
        x += width;
    }
    rects.resize(
        columns.len(),
        Rect {
            x: area.right(),
            y: area.y,
            width: 0,
            height: area.height,
        },
    );
    rects
}

/// The width for a table's first column given its longest value, leaving the other columns (all
/// `Length` or `Min`) their room: never wider than its content, never narrower than `min`.
pub fn first_column_width(
    longest: usize,
    rest: &[Column],
    area_width: u16,
    with_cursor: bool,
    min: u16,
) -> u16 {
    let fixed: u16 = rest
        .iter()
        .map(|c| match c.width {
            Constraint::Length(n) | Constraint::Min(n) => n,
            _ => 0,
        })
        .sum::<u16>()
        + rest.len() as u16
        + if with_cursor { SYMBOL_WIDTH } else { 0 };
    let room = area_width.saturating_sub(fixed).max(min);
    (longest.min(usize::from(u16::MAX)) as u16).clamp(min, room)
}

/// The header columns of a table as its screen or view laid them out (`app::table::columns`): each width
/// as a constraint, the first (`Name`) column sized to its longest value within the room the others leave.
pub fn laid_columns<C>(laid: &[Laid<C>], area_width: u16) -> Vec<Column> {
    let mut columns: Vec<Column> = laid
        .iter()
        .map(|l| {
            let width = match l.column.width {
                Width::Fill => Constraint::Fill(1),
                Width::Fixed(n) => Constraint::Length(n),
                // `columns::lay_out` measures Fit columns; one that was not laid out by it takes its most.
                Width::Fit(most) => Constraint::Length(most),
                Width::AtLeast(n) => Constraint::Min(n),
                // Sized below, once the other columns are known.
                Width::Name { .. } => Constraint::Fill(1),
            };
            Column {
                title: l.column.title,
                width,
                right: l.column.right,
            }
        })
        .collect();
    for i in 0..laid.len() {
        if let Width::Name {
            longest,
            least,
            most,
        } = laid[i].column.width
        {
            let others: Vec<Column> = (columns.iter().enumerate())
                .filter(|&(j, _)| j != i)
                .map(|(_, c)| *c)
                .collect();
            let name = first_column_width(usize::from(longest), &others, area_width, true, least)
                .min(most);
            columns[i].width = Constraint::Length(name);
        }
    }
    columns
}
