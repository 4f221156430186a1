//! Where things go on screen, as pure arithmetic on the terminal's size: below both `app` (which keeps its
//! scroll offsets and mouse clicks in step with what is drawn) and `ui` (which draws there).

pub mod help;
pub mod service;

use ratatui::layout::Rect;

use crate::app::{Screen, State};

/// The smallest terminal wharf draws its views in; below it, it says so.
pub const MIN_WIDTH: u16 = 60;
pub const MIN_HEIGHT: u16 = 15;

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

/// How many rows of its main table (the one the cursor moves in) `screen` shows in a terminal of `size`
/// (columns, rows). 0 when the terminal is too small to draw views, and for the task screen, which has no cursor.
/// Pure and cheap: the app calls it to keep `TableView::offset` in step with what `draw` shows.
pub fn body_rows(state: &State, screen: &Screen) -> usize {
    let size = state.size;
    let Some(areas) = areas(Rect::new(0, 0, size.0, size.1)) else {
        return 0;
    };
    match screen {
        Screen::Clusters { .. }
        | Screen::Services { .. }
        | Screen::Tasks { .. }
        | Screen::Explore { .. } => rows_in(boxed_inner(areas.body).height),
        Screen::Service { .. } => rows_in(tasks_table_area(state, screen, areas.body).height),
        Screen::Task { .. } => 0,
    }
}

/// Which of the visible rows of the screen's main table (0 = the first below the header) is at terminal cell
/// (`column`, `row`), if any. Mouse clicks use it.
pub fn table_row_at(state: &State, column: u16, row: u16) -> Option<usize> {
    let (screen, size) = (state.screen(), state.size);
    let areas = areas(Rect::new(0, 0, size.0, size.1))?;
    let table = match screen {
        Screen::Clusters { .. }
        | Screen::Services { .. }
        | Screen::Tasks { .. }
        | Screen::Explore { .. } => boxed_inner(areas.body),
        Screen::Service { .. } => tasks_table_area(state, screen, areas.body),
        Screen::Task { .. } => return None,
    };
    let rows_top = table.y + 1;
    let inside = column >= table.x
        && column < table.x + table.width
        && row >= rows_top
        && row < table.y + table.height;
    inside.then(|| usize::from(row - rows_top))
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
pub fn tasks_table_area(state: &State, screen: &Screen, body: Rect) -> Rect {
    let tasks = service::service_areas(body, &service::Wants::of(state, screen)).tasks;
    Rect {
        y: tasks.y + 1.min(tasks.height),
        height: tasks.height.saturating_sub(1),
        ..tasks
    }
}
