//! Where things go on screen, as pure arithmetic on sizes and counts: below both `app` (which keeps its
//! scroll offsets and mouse clicks in step with what is drawn) and `ui` (which draws there). It takes the
//! terminal's size and small descriptions built by the caller (`MainTable`, `service::Wants`,
//! `help::HelpSizes`), never `&State`, so it imports nothing of wharf's own.

pub mod help;
pub mod service;

use ratatui::layout::Rect;

/// The smallest terminal wharf draws its views in; below it, it says so.
pub const MIN_WIDTH: u16 = 60;
pub const MIN_HEIGHT: u16 = 15;

/// A table's cursor (`▸`) and mark (`*`) take this many cells left of the first column.
pub const CURSOR_CELLS: u16 = 2;
/// Between a table's columns.
pub const COLUMN_GAP: u16 = 1;

const HEADER_HEIGHT: u16 = 2;
const FOOTER_HEIGHT: u16 = 2;

pub struct Areas {
    pub header: Rect,
    pub body: Rect,
    pub footer: Rect,
}

/// Split the frame, or `None` when it is smaller than wharf needs.
pub fn areas(area: Rect) -> Option<Areas> {
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        return None;
    }
    let body_height = area.height - HEADER_HEIGHT - FOOTER_HEIGHT;
    Some(Areas {
        header: Rect {
            height: HEADER_HEIGHT,
            ..area
        },
        body: Rect {
            y: area.y + HEADER_HEIGHT,
            height: body_height,
            ..area
        },
        footer: Rect {
            y: area.y + HEADER_HEIGHT + body_height,
            height: FOOTER_HEIGHT,
            ..area
        },
    })
}

/// The main table of a screen (the one the cursor moves in), as far as where it goes is concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MainTable {
    /// A table filling the body inside a border: clusters, services, tasks, exploring views.
    Boxed,
    /// The service screen's tasks pane, placed among the other panes by what they want.
    ServiceTasks(service::Wants),
    /// No table with a cursor (the task screen).
    None,
}

/// How many rows of its main table a screen shows in a terminal of `size` (columns, rows). 0 when the
/// terminal is too small to draw views, and for a screen without one. Pure and cheap: the app calls it to
/// keep `TableView::offset` in step with what `draw` shows.
pub fn body_rows(size: (u16, u16), table: &MainTable) -> usize {
    let Some(areas) = areas(Rect::new(0, 0, size.0, size.1)) else {
        return 0;
    };
    match table_area(table, areas.body) {
        Some(area) => rows_in(area.height),
        None => 0,
    }
}

/// Which of the visible rows of the main table (0 = the first below the header) is at terminal cell
/// (`column`, `row`) in a terminal of `size`, if any. Mouse clicks use it.
pub fn table_row_at(size: (u16, u16), table: &MainTable, column: u16, row: u16) -> Option<usize> {
    let areas = areas(Rect::new(0, 0, size.0, size.1))?;
    let table = table_area(table, areas.body)?;
    let rows_top = table.y + 1;
    let inside = column >= table.x
        && column < table.x + table.width
        && row >= rows_top
        && row < table.y + table.height;
    inside.then(|| usize::from(row - rows_top))
}

/// Where the main table (its header included) goes in the body.
fn table_area(table: &MainTable, body: Rect) -> Option<Rect> {
    match table {
        MainTable::Boxed => Some(boxed_inner(body)),
        MainTable::ServiceTasks(wants) => Some(tasks_table_area(body, wants)),
        MainTable::None => None,
    }
}

/// The inside of a full border.
pub fn boxed_inner(area: Rect) -> Rect {
    Rect {
        x: area.x + 1,
        y: area.y + 1,
        width: area.width.saturating_sub(2),
        height: area.height.saturating_sub(2),
    }
}

/// The rows a table area of this height shows below its header.
pub fn rows_in(area_height: u16) -> usize {
    usize::from(area_height.saturating_sub(1))
}

/// The tasks table's area on the service screen: the tasks pane below its title rule.
pub fn tasks_table_area(body: Rect, wants: &service::Wants) -> Rect {
    let tasks = service::service_areas(body, wants).tasks;
    Rect {
        y: tasks.y + 1.min(tasks.height),
        height: tasks.height.saturating_sub(1),
        ..tasks
    }
}
