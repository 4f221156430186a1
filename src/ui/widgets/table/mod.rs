//! A table that builds only the rows it shows. A 2,000-service list costs as much to draw as a 40-row one.

use std::borrow::Cow;

use ratatui::layout::{Alignment, Constraint, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;
use ratatui::Frame;

use super::status::Label;
use crate::app::table::{Listed, SortColumn};
use crate::app::{TableKind, TableView};
use crate::ui::text::{fit, fit_as, wrap_kept, Trunc};
use crate::ui::Theme;

/// Marks the selected row, so the cursor shows without colour.
pub const SELECTED_SYMBOL: &str = "▸";
/// Marks a marked row (space), beside the cursor's symbol.
pub const MARKED_SYMBOL: &str = "*";
const SYMBOL_WIDTH: u16 = crate::geometry::CURSOR_CELLS;

#[derive(Debug, Clone, Copy)]
pub struct Column {
    pub title: &'static str,
    pub width: Constraint,
    pub right: bool,
}

impl Column {
    pub const fn new(title: &'static str, width: Constraint) -> Self {
        Column {
            title,
            width,
            right: false,
        }
    }

    /// Numbers line up on the right.
    pub const fn right(title: &'static str, width: Constraint) -> Self {
        Column {
            title,
            width,
            right: true,
        }
    }
}

/// One row's cells (one per column) and a style under them all.
pub struct TableRow {
    pub cells: Vec<Label>,
    pub style: Style,
    /// One cell across the whole row (a group heading, a note), not one per column.
    pub span: bool,
    pub marked: bool,
}

impl TableRow {
    pub fn new(cells: Vec<Label>) -> Self {
        TableRow {
            cells,
            style: Style::new(),
            span: false,
            marked: false,
        }
    }

    /// A row that is one piece of text across every column.
    pub fn spanning(label: Label) -> Self {
        TableRow {
            cells: vec![label],
            style: Style::new(),
            span: true,
            marked: false,
        }
    }

    pub fn style(mut self, style: Style) -> Self {
        self.style = style;
        self
    }

    pub fn marked(mut self, marked: bool) -> Self {
        self.marked = marked;
        self
    }
}

pub use crate::geometry::rows_in;

mod header;
mod layout;

use layout::lay_out;
pub use layout::{column_rects, laid_columns, visible_window};

pub use header::{position, view_note};
use header::{sorted_title, with_room_for_arrow};

/// Draw a header row and the visible rows of a `len`-row table into `area`. `row(i)` is called only for the rows
/// on screen. With a view, the selected row is marked and highlighted and the sorted column's header says so.
pub fn draw_table(
    frame: &mut Frame,
    area: Rect,
    theme: &Theme,
    columns: &[Column],
    len: usize,
    view: Option<(&TableView, TableKind)>,
    row: impl FnMut(usize) -> TableRow,
) {
    let spec = Spec {
        columns,
        header: true,
        len,
        cursor: view.map(|(v, _)| v),
        sorted: view.and_then(|(v, kind)| kind.sorted_by(v)),
    };
    draw(frame, area, theme, spec, row);
}

/// Like `draw_table` without the header row: for short lists that explain themselves.
pub fn draw_rows(
    frame: &mut Frame,
    area: Rect,
    theme: &Theme,
    columns: &[Column],
    len: usize,
    row: impl FnMut(usize) -> TableRow,
) {
    let spec = Spec {
        columns,
        header: false,
        len,
        cursor: None,
        sorted: None,
    };
    draw(frame, area, theme, spec, row);
}

/// A pane's table (the service screen's deployments and targets): its columns, whether it has a header row,
/// and the pane's cursor while it has the focus. Panes do not sort.
pub struct PaneTable<'a> {
    pub columns: &'a [Column],
    pub header: bool,
    pub cursor: Option<&'a TableView>,
}

pub fn draw_pane(
    frame: &mut Frame,
    area: Rect,
    theme: &Theme,
    pane: PaneTable,
    len: usize,
    row: impl FnMut(usize) -> TableRow,
) {
    let spec = Spec {
        columns: pane.columns,
        header: pane.header,
        len,
        cursor: pane.cursor,
        sorted: None,
    };
    draw(frame, area, theme, spec, row);
}

struct Spec<'a> {
    columns: &'a [Column],
    header: bool,
    len: usize,
    cursor: Option<&'a TableView>,
    sorted: Option<(&'static SortColumn, bool)>,
}

fn draw(
    frame: &mut Frame,
    area: Rect,
    theme: &Theme,
    spec: Spec,
    mut row: impl FnMut(usize) -> TableRow,
) {
    let Spec {
        columns,
        header,
        len,
        cursor,
        sorted,
    } = spec;
    if area.is_empty() {
        return;
    }
    let lead = if cursor.is_some() {
        SYMBOL_WIDTH.min(area.width)
    } else {
        0
    };
    let cols_area = Rect {
        x: area.x + lead,
        width: area.width - lead,
        height: 1,
        ..area
    };
    // A sorted column is widened, if need be, to hold its whole title, a space and the arrow.
    let widened: Vec<Column> = columns
        .iter()
        .map(|c| match sorted {
            Some((by, _)) if by.is_shown_by(c.title) => with_room_for_arrow(*c),
            _ => *c,
        })
        .collect();
    let rects = column_rects(&widened, cols_area);
    let buf = frame.buffer_mut();

    let draw_cells = |buf: &mut ratatui::buffer::Buffer, y: u16, height: u16, cells: &[Label]| {
        for ((col, rect), cell) in columns.iter().zip(rects.iter()).zip(cells) {
            for (k, text) in lines_of(cell, rect)
                .into_iter()
                .take(usize::from(height))
                .enumerate()
            {
                let line = match cell.marks.is_empty() {
                    true => Line::from(Span::styled(text, cell.style)),
                    false => Line::from(marked(
                        text.into_owned(),
                        &cell.marks,
                        cell.style,
                        theme.focus,
                    )),
                };
                let line = line.alignment(if col.right {
                    Alignment::Right
                } else {
                    Alignment::Left
                });
                line.render(
                    Rect {
                        y: y + k as u16,
                        height: 1,
                        ..*rect
                    },
                    buf,
                );
            }
        }
    };
    // How many lines a row takes: one, or its tallest wrapping cell's.
    let height_of = |r: &TableRow| -> u16 {
        let wrapping = r
            .cells
            .iter()
            .zip(&rects)
            .filter(|(c, _)| c.trunc == Trunc::Wrap);
        let tallest = wrapping.map(|(c, rect)| lines_of(c, rect).len()).max();
        match r.span {
            true => 1,
            false => tallest.unwrap_or(1).clamp(1, usize::from(u16::MAX)) as u16,
        }
    };

    let top = u16::from(header);
    if header {
        let titles: Vec<Label> = columns
            .iter()
            .zip(&rects)
            .map(|(c, rect)| match sorted {
                Some((by, largest_first)) if by.is_shown_by(c.title) => Label::new(
                    sorted_title(c.title, largest_first, rect.width),
                    theme.focus,
                ),
                _ => Label::new(c.title, theme.header),
            })
            .collect();
        draw_cells(buf, area.y, 1, &titles);
    }

    let shown = usize::from(area.height - top);
    let (start, selected) = match cursor {
        Some(c) => {
            let (start, _, selected) = visible_window(c, len, shown);
            (start, selected)
        }
        None => (0, None),
    };
    let laid = lay_out(start, selected, len, shown, |i| {
        let r = row(i);
        let height = height_of(&r);
        (r, height)
    });
    let bottom = area.y + area.height;
    let mut y = area.y + top;
    for (index, r, height) in laid {
        if y >= bottom {
            break;
        }
        let height = height.min(bottom - y);
        let row_area = Rect { y, height, ..area };
        buf.set_style(row_area, r.style);
        if r.span {
            if let Some(cell) = r.cells.first() {
                let text = fit(&cell.text, usize::from(cols_area.width));
                Line::from(Span::styled(text, cell.style)).render(Rect { y, ..cols_area }, buf);
            }
        } else {
            draw_cells(buf, y, height, &r.cells);
        }
        let gutter = Rect {
            width: lead,
            height: 1,
            ..row_area
        };
        if selected == Some(index) {
            buf.set_style(row_area, theme.selection);
            Line::from(SELECTED_SYMBOL).render(gutter, buf);
        }
        if r.marked && lead > 1 {
            let mark = Rect {
                x: gutter.x + 1,
                width: 1,
                ..gutter
            };
            Line::styled(MARKED_SYMBOL, theme.focus).render(mark, buf);
            if selected != Some(index) {
                buf.set_style(row_area, theme.focus);
            }
        }
        y += height;
    }
}

/// A cell's lines: one, cut to its column (borrowed when it fits), or as many as a wrapping cell takes.
fn lines_of<'a>(cell: &'a Label, rect: &Rect) -> Vec<Cow<'a, str>> {
    let room = usize::from(rect.width);
    match cell.trunc {
        Trunc::Wrap => wrap_kept(&cell.text, room)
            .into_iter()
            .map(Cow::Owned)
            .collect(),
        mode => vec![fit_as(&cell.text, room, mode)],
    }
}

/// Draw the rows `view` shows of `data` (filtered and sorted by `update`), marking the marked ones. `row` is
/// called only for the rows on screen.
pub fn draw_view<T: Listed>(
    frame: &mut Frame,
    area: Rect,
    theme: &Theme,
    columns: &[Column],
    data: &[T],
    (view, kind): (&TableView, TableKind),
    mut row: impl FnMut(&T) -> TableRow,
) {
    draw_table(
        frame,
        area,
        theme,
        columns,
        view.rows.len(),
        Some((view, kind)),
        |i| match view.rows.get(i).and_then(|&index| data.get(index)) {
            Some(item) => row(item).marked(view.marks.contains(item.key())),
            None => TableRow::new(Vec::new()),
        },
    );
}

/// `text` as spans, the occurrences of `marks` (case aside) in `mark` style and the rest in `style`.
pub fn marked(text: String, marks: &[String], style: Style, mark: Style) -> Vec<Span<'static>> {
    let lower = text.to_lowercase();
    // Lower-casing may change byte lengths outside ASCII: highlight only where it did not.
    if marks.is_empty() || lower.len() != text.len() {
        return vec![Span::styled(text, style)];
    }
    let mut hits: Vec<(usize, usize)> = Vec::new();
    for m in marks
        .iter()
        .map(|m| m.to_lowercase())
        .filter(|m| !m.is_empty())
    {
        hits.extend(lower.match_indices(&m).map(|(at, s)| (at, at + s.len())));
    }
    hits.sort();
    let mut spans = Vec::new();
    let mut at = 0;
    for (start, end) in hits {
        if start < at || !text.is_char_boundary(start) || !text.is_char_boundary(end) {
            continue;
        }
        if start > at {
            spans.push(Span::styled(text[at..start].to_string(), style));
        }
        spans.push(Span::styled(text[start..end].to_string(), mark));
        at = end;
    }
    if at < text.len() {
        spans.push(Span::styled(text[at..].to_string(), style));
    }
    spans
}

#[cfg(test)]
mod tests;
