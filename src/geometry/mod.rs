//! Where things go on screen, as pure arithmetic on the terminal's size: below both `app` (which keeps its
//! scroll offsets and mouse clicks in step with what is drawn) and `ui` (which draws there).

pub mod help;

use ratatui::layout::Rect;

use crate::app::Screen;

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
pub fn body_rows(screen: &Screen, size: (u16, u16)) -> usize {
    let Some(areas) = areas(Rect::new(0, 0, size.0, size.1)) else {
        return 0;
    };
    match screen {
        Screen::Clusters { .. } | Screen::Services { .. } | Screen::Tasks { .. } => {
            rows_in(boxed_inner(areas.body).height)
        }
        Screen::Service { .. } => rows_in(tasks_table_area(areas.body).height),
        Screen::Task { .. } => 0,
    }
}

/// Which of the visible rows of the screen's main table (0 = the first below the header) is at terminal cell
/// (`column`, `row`), if any. Mouse clicks use it.
pub fn table_row_at(screen: &Screen, size: (u16, u16), column: u16, row: u16) -> Option<usize> {
    let areas = areas(Rect::new(0, 0, size.0, size.1))?;
    let table = match screen {
        Screen::Clusters { .. } | Screen::Services { .. } | Screen::Tasks { .. } => {
            boxed_inner(areas.body)
        }
        Screen::Service { .. } => tasks_table_area(areas.body),
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

/// Where each part of the service view goes. Heights depend only on the body's size, never on the data, so the
/// view does not jump about while a deployment changes it, and `body_rows` can tell the tasks table's height.
pub struct ServiceAreas {
    pub summary: Rect,
    pub deployments: Rect,
    pub targets: Rect,
    pub events: Rect,
    pub tasks: Rect,
}

/// Targets and events side by side at this width and above (with enough height).
const SIDE_BY_SIDE: u16 = 140;

pub fn service_areas(body: Rect) -> ServiceAreas {
    let h = body.height;
    let summary = 2.min(h);
    let deployments = match h {
        30.. => 5,
        16.. => 4,
        _ => 3,
    };
    let side_by_side = body.width >= SIDE_BY_SIDE && h >= 30;
    let (targets, events) = if side_by_side {
        let middle = if h >= 40 { 12 } else { 8 };
        (middle, middle)
    } else {
        match h {
            40.. => (7, 8),
            30.. => (5, 5),
            16.. => (4, 3),
            _ => (2, 0),
        }
    };
    let mut y = body.y;
    let mut take = |height: u16| {
        let height = height.min(body.y + h - y);
        let r = Rect { y, height, ..body };
        y += height;
        r
    };
    let summary = take(summary);
    let deployments = take(deployments);
    let (targets, events) = if side_by_side {
        let row = take(targets);
        let left = row.width / 2;
        (
            Rect { width: left, ..row },
            Rect {
                x: row.x + left + 1,
                width: row.width - left - 1,
                ..row
            },
        )
    } else {
        (take(targets), take(events))
    };
    let tasks = take(u16::MAX);
    ServiceAreas {
        summary,
        deployments,
        targets,
        events,
        tasks,
    }
}

/// The tasks table's area: the tasks section below its title rule.
pub fn tasks_table_area(body: Rect) -> Rect {
    let tasks = service_areas(body).tasks;
    Rect {
        y: tasks.y + 1.min(tasks.height),
        height: tasks.height.saturating_sub(1),
        ..tasks
    }
}
