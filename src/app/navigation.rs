//! Moving the cursor and the navigation stack.

use super::table::current_rows;
use super::{Screen, State, TableView};
use crate::app::ExploreScreen;

/// The keys (ARNs) of the rows the current screen's table shows, in display order. Borrowed, not copied:
/// this runs on every key press, on tables of thousands of rows.
pub fn row_keys(state: &State) -> Vec<&str> {
    let (Some(rows), Some(view)) = (current_rows(state), state.screen().cursor()) else {
        return Vec::new();
    };
    view.rows.iter().filter_map(|&i| rows.key(i)).collect()
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
        cursor.moved = true;
        place(cursor, found, page);
    }
}

/// After new data: keep the cursor on the same row (by key) if it still exists, else keep it in range.
pub fn reanchor(state: &mut State) {
    let page = page_rows(state);
    let Some(cursor) = state.screen().cursor() else {
        return;
    };
    let key = match cursor.moved || cursor.selected > 0 {
        true => cursor.selected_key.as_deref(),
        false => None,
    };
    let found = locate(state, key, cursor.selected);
    if let Some(cursor) = state.screen_mut().cursor_mut() {
        place(cursor, found, page);
    }
}

fn place(cursor: &mut TableView, found: Option<(usize, String, usize)>, page: usize) {
    let Some((index, key, rows)) = found else {
        // An empty table (or one the filter empties) has no selection; its filter, sort and marks stay.
        cursor.selected = 0;
        cursor.selected_key = None;
        cursor.offset = 0;
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
fn scroll_into_view(cursor: &mut TableView, page: usize) {
    let page = page.max(1);
    if cursor.selected < cursor.offset {
        cursor.offset = cursor.selected;
    } else if cursor.selected >= cursor.offset + page {
        cursor.offset = cursor.selected + 1 - page;
    }
}

fn page_rows(state: &State) -> usize {
    crate::app::layout::body_rows(state, state.screen()).max(1)
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
        match screen.spec().enter(state, &key) {
            Some(super::explore::Open::Screen(next)) => next,
            Some(super::explore::Open::Text(text)) => {
                state.overlay = super::Overlay::Text(text);
                return true;
            }
            None => return false,
        }
    };
    // `update` then works out the new screen's rows and places its cursor.
    state.screens.push(next);
    true
}

/// Go up one level; the first screen stays.
pub fn back(state: &mut State) {
    if state.screens.len() > 1 {
        // `update` then works out the rows of the screen underneath (its data may have changed) and puts
        // its cursor back on the same row.
        state.screens.pop();
    }
}

/// A click on a table row selects it; a click on the row already selected opens it.
pub fn click(state: &mut State, column: u16, row: u16) {
    if !state.overlay.is_none() {
        return;
    }
    // The status line (the last row): its message, whole.
    if row + 1 == state.size.1 {
        state.overlay = super::Overlay::Messages { scroll: 0 };
        return;
    }
    let Some(visible) = crate::app::layout::table_row_at(state, column, row) else {
        return;
    };
    // Wrapped lines take several rows each, laid out by the drawing: a row of the screen is not a line.
    if matches!(state.screen(), Screen::Explore(ExploreScreen { view, .. }) if view.spec().wraps())
    {
        let wrap = super::explore::jumps::named(state, super::UserAction::Wrap);
        state.flash = Some(super::Flash::new(
            super::FlashLevel::Info,
            format!("a click selects a line when lines are not wrapped: {wrap} unwraps them"),
        ));
        return;
    }
    let Some(view) = state.screen().cursor() else {
        return;
    };
    let index = view.offset + visible;
    if index >= view.rows.len() {
        return;
    }
    if index == view.selected && view.selected_key.is_some() {
        enter(state);
    } else {
        let by = index as isize - view.selected as isize;
        move_cursor(state, Move::By(by));
    }
}
