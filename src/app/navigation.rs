//! Moving the cursor and the navigation stack.

use super::{Screen, State, TableCursor};
use crate::model::arn_name;

/// The keys (ARNs) of the rows the current screen's table shows, in display order.
pub fn row_keys(state: &State) -> Vec<&str> {
    match state.screen() {
        Screen::Clusters { .. } => keys(state.clusters.data.as_deref(), |c| &c.arn),
        Screen::Services { cluster_arn, .. } => keys(
            state
                .services_of(cluster_arn)
                .and_then(|l| l.data.as_deref()),
            |s| &s.arn,
        ),
        Screen::Service {
            cluster_arn,
            service_name,
            ..
        } => keys(
            state
                .tasks_of(cluster_arn, service_name)
                .and_then(|l| l.data.as_deref()),
            |t| &t.arn,
        ),
        Screen::Task { .. } => Vec::new(),
    }
}

fn keys<T>(rows: Option<&[T]>, key: impl Fn(&T) -> &String) -> Vec<&str> {
    rows.unwrap_or_default()
        .iter()
        .map(|r| key(r).as_str())
        .collect()
}

/// How the cursor should move.
#[derive(Debug, Clone, Copy)]
pub enum Move {
    By(isize),
    /// By a screenful, up (-1) or down (+1).
    Pages(isize),
    Top,
    Bottom,
}

pub fn move_cursor(state: &mut State, how: Move) {
    let keys: Vec<String> = row_keys(state).into_iter().map(String::from).collect();
    let page = page_rows(state);
    let Some(cursor) = state.screen_mut().cursor_mut() else {
        return;
    };
    if keys.is_empty() {
        *cursor = TableCursor::default();
        return;
    }
    let last = keys.len() - 1;
    let target = match how {
        Move::By(n) => cursor.selected.saturating_add_signed(n),
        Move::Pages(n) => cursor.selected.saturating_add_signed(n * page as isize),
        Move::Top => 0,
        Move::Bottom => last,
    };
    cursor.selected = target.min(last);
    cursor.selected_key = Some(keys[cursor.selected].clone());
    scroll_into_view(cursor, page);
}

/// After new data: keep the cursor on the same row (by key) if it still exists, else keep it in range.
pub fn reanchor(state: &mut State) {
    let keys: Vec<String> = row_keys(state).into_iter().map(String::from).collect();
    let page = page_rows(state);
    let Some(cursor) = state.screen_mut().cursor_mut() else {
        return;
    };
    if keys.is_empty() {
        cursor.selected = 0;
        cursor.offset = 0;
        return;
    }
    let found = cursor
        .selected_key
        .as_ref()
        .and_then(|k| keys.iter().position(|x| x == k));
    cursor.selected = found.unwrap_or(cursor.selected.min(keys.len() - 1));
    cursor.selected_key = Some(keys[cursor.selected].clone());
    cursor.offset = cursor.offset.min(keys.len().saturating_sub(page));
    scroll_into_view(cursor, page);
}

/// Keep the cursor's row between `offset` and `offset + page - 1`, scrolling as little as possible.
fn scroll_into_view(cursor: &mut TableCursor, page: usize) {
    let page = page.max(1);
    if cursor.selected < cursor.offset {
        cursor.offset = cursor.selected;
    } else if cursor.selected >= cursor.offset + page {
        cursor.offset = cursor.selected + 1 - page;
    }
}

fn page_rows(state: &State) -> usize {
    crate::ui::layout::body_rows(state.screen(), state.size).max(1)
}

/// Open the selected row. Returns false when there is nothing to open.
pub fn enter(state: &mut State) -> bool {
    let next = {
        let screen = state.screen();
        let Some(key) = screen.cursor().and_then(|c| c.selected_key.clone()) else {
            return false;
        };
        if !row_keys(state).contains(&key.as_str()) {
            return false;
        }
        match screen {
            Screen::Clusters { .. } => Screen::Services {
                cluster_arn: key,
                cursor: TableCursor::default(),
            },
            Screen::Services { cluster_arn, .. } => Screen::Service {
                cluster_arn: cluster_arn.clone(),
                service_name: arn_name(&key).to_string(),
                service_arn: key,
                cursor: TableCursor::default(),
            },
            Screen::Service {
                cluster_arn,
                service_name,
                ..
            } => Screen::Task {
                cluster_arn: cluster_arn.clone(),
                service_name: service_name.clone(),
                task_arn: key,
            },
            Screen::Task { .. } => return false,
        }
    };
    state.screens.push(next);
    reanchor(state);
    true
}

/// Go up one level; the first screen stays.
pub fn back(state: &mut State) {
    if state.screens.len() > 1 {
        state.screens.pop();
        reanchor(state);
    }
}
