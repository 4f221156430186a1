//! Sorting a table: by the next or previous column, reversed, or by a column's name (`:sort running`).

use super::table::TableKind;
use super::{commands, Flash, FlashLevel, Sort, State};

pub(super) fn sort_by_name(state: &mut State, word: &str) {
    let Some(kind) = state.screen().table_kind() else {
        state.flash = Some(Flash::new(FlashLevel::Error, "no table to sort here"));
        return;
    };
    let columns = kind.sort_columns();
    let word = word.to_ascii_lowercase();
    let found = columns
        .iter()
        .position(|c| commands::sort_word(c.label) == word)
        .or_else(|| {
            columns
                .iter()
                .position(|c| !word.is_empty() && commands::sort_word(c.label).starts_with(&word))
        });
    let Some(column) = found else {
        let names: Vec<String> = columns
            .iter()
            .map(|c| commands::sort_word(c.label))
            .collect();
        state.flash = Some(Flash::new(
            FlashLevel::Error,
            format!("sort by what? one of: {}", names.join(", ")),
        ));
        return;
    };
    let current = state.screen().cursor().and_then(|v| v.sort);
    let sort = match current {
        Some(s) if s.column == column => Sort {
            column,
            reversed: !s.reversed,
        },
        _ => Sort {
            column,
            reversed: false,
        },
    };
    set_sort(state, kind, Some(sort));
}

pub(super) fn step_sort(state: &mut State, step: isize) {
    let Some(kind) = state.screen().table_kind() else {
        return;
    };
    let count = kind.sort_columns().len() as isize;
    let current = state.screen().cursor().and_then(|v| v.sort);
    // The natural order is the position before the first column.
    let position = current.map_or(-1, |s| s.column as isize);
    let next = (position + 1 + step).rem_euclid(count + 1) - 1;
    let sort = (next >= 0).then_some(Sort {
        column: next as usize,
        reversed: false,
    });
    set_sort(state, kind, sort);
}

pub(super) fn reverse_sort(state: &mut State) {
    let Some(kind) = state.screen().table_kind() else {
        return;
    };
    let current = state.screen().cursor().and_then(|v| v.sort);
    let sort = match current {
        Some(s) => Sort {
            reversed: !s.reversed,
            ..s
        },
        None => Sort {
            column: 0,
            reversed: true,
        },
    };
    set_sort(state, kind, Some(sort));
}

pub(super) fn set_sort(state: &mut State, kind: TableKind, sort: Option<Sort>) {
    if let Some(view) = state.screen_mut().cursor_mut() {
        view.sort = sort;
    }
    let text = match sort {
        None => "natural order".to_string(),
        Some(s) => {
            let column = &kind.sort_columns()[s.column];
            let direction = match (column.largest_first, s.reversed) {
                (true, false) | (false, true) => "descending",
                _ => "ascending",
            };
            format!("sorted by {} ({direction})", column.label)
        }
    };
    state.flash = Some(Flash::new(FlashLevel::Info, text));
}
