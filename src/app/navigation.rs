//! Moving the cursor and the navigation stack.

use super::{Screen, State, TableCursor};
use crate::model::arn_name;

/// The keys (ARNs) of the rows the current screen's table shows, in display order. Borrowed, not copied:
/// this runs on every key press, on tables of thousands of rows.
pub fn row_keys(state: &State) -> Vec<&str> {
    let mut keys = Vec::new();
    for_each_key(state, |k| keys.push(k));
    keys
}

fn for_each_key<'a>(state: &'a State, mut f: impl FnMut(&'a str)) {
    fn each<'a, T>(
        rows: Option<&'a [T]>,
        key: impl Fn(&'a T) -> &'a str,
        f: &mut impl FnMut(&'a str),
    ) {
        rows.unwrap_or_default().iter().for_each(|r| f(key(r)));
    }
    match state.screen() {
        Screen::Clusters { .. } => each(state.clusters.data.as_deref(), |c| &c.arn, &mut f),
        Screen::Services { cluster_arn, .. } => each(
            state
                .services_of(cluster_arn)
                .and_then(|l| l.data.as_deref()),
            |s| &s.arn,
            &mut f,
        ),
        Screen::Service {
            cluster_arn,
            service_name,
            ..
        } => each(
            state
                .tasks_of(cluster_arn, service_name)
                .and_then(|l| l.data.as_deref()),
            |t| &t.arn,
            &mut f,
        ),
        Screen::Task { .. } => {}
    }
}

/// Where the cursor should be: the row with `key` if it still exists, else `fallback` kept in range.
/// Returns (index, key of that row, number of rows), or None for an empty table.
fn locate(state: &State, key: Option<&str>, fallback: usize) -> Option<(usize, String, usize)> {
    let keys = row_keys(state);
    let last = keys.len().checked_sub(1)?;
    let index = key
        .and_then(|k| keys.iter().position(|x| *x == k))
        .unwrap_or(fallback.min(last));
    Some((index, keys[index].to_string(), keys.len()))
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
    let page = page_rows(state);
    let Some(current) = state.screen().cursor().map(|c| c.selected) else {
        return;
    };
    let target = match how {
        Move::By(n) => current.saturating_add_signed(n),
        Move::Pages(n) => current.saturating_add_signed(n * page as isize),
        Move::Top => 0,
        Move::Bottom => usize::MAX,
    };
    let found = locate(state, None, target);
    if let Some(cursor) = state.screen_mut().cursor_mut() {
        place(cursor, found, page);
    }
}

/// After new data: keep the cursor on the same row (by key) if it still exists, else keep it in range.
pub fn reanchor(state: &mut State) {
    let page = page_rows(state);
    let Some(cursor) = state.screen().cursor() else {
        return;
    };
    let found = locate(state, cursor.selected_key.as_deref(), cursor.selected);
    if let Some(cursor) = state.screen_mut().cursor_mut() {
        place(cursor, found, page);
    }
}

fn place(cursor: &mut TableCursor, found: Option<(usize, String, usize)>, page: usize) {
    let Some((index, key, rows)) = found else {
        *cursor = TableCursor::default();
        return;
    };
    cursor.selected = index;
    if cursor.selected_key.as_deref() != Some(key.as_str()) {
        cursor.selected_key = Some(key);
    }
    cursor.offset = cursor.offset.min(rows.saturating_sub(page));
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
