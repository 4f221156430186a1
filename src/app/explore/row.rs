//! The rows of the exploring views (instances, task definitions, load balancers...), as data: each view
//! says what its cells hold and in which tone, and one table draws them all. Filtering and sorting work on
//! the cells, so a new view gets `/`, `s`, marks and the cursor's memory without code of its own.

use std::cmp::Ordering;

pub use super::super::table::columns::{fill, fit, fixed, number, ViewColumn, Width};
use super::super::table::SortColumn;
use super::super::{Filter, TableView};
use crate::model::Timestamp;

/// What a cell means, for its colour (the theme decides the colour).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Tone {
    #[default]
    Plain,
    /// Working as it should: ACTIVE, healthy.
    Good,
    /// On its way: PROVISIONING, initial, DRAINING.
    Busy,
    /// Needs a look.
    Warn,
    /// Broken: unhealthy, FAILED, disconnected.
    Bad,
    /// Less important: ids, absent values.
    Muted,
}

/// One cell of a row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cell {
    Text(String, Tone),
    /// A count or a size: right-aligned, sorted as a number.
    Number(i64, Tone),
    /// `used` of `total` (CPU units, MiB): drawn as a bar with the figures.
    Bar {
        used: u64,
        total: u64,
    },
    /// A moment, drawn as its age (`3m ago`) at draw time, so rows need not be rebuilt as time passes.
    When(Option<Timestamp>),
}

impl Cell {
    pub fn text(text: impl Into<String>) -> Cell {
        Cell::Text(text.into(), Tone::Plain)
    }

    pub fn toned(text: impl Into<String>, tone: Tone) -> Cell {
        Cell::Text(text.into(), tone)
    }

    pub fn muted(text: impl Into<String>) -> Cell {
        Cell::Text(text.into(), Tone::Muted)
    }

    pub fn count(n: impl Into<i64>) -> Cell {
        Cell::Number(n.into(), Tone::Plain)
    }

    /// Text cells in A-to-Z order, case aside (the natural order of names).
    pub fn cmp_text(&self, other: &Cell) -> Ordering {
        self.compare(other)
    }

    /// The words a filter finds it by.
    fn words(&self) -> String {
        match self {
            Cell::Text(t, _) => t.clone(),
            Cell::Number(n, _) => n.to_string(),
            Cell::Bar { used, total } => format!("{used}/{total}"),
            Cell::When(_) => String::new(),
        }
    }

    fn compare(&self, other: &Cell) -> Ordering {
        match (self, other) {
            (Cell::Text(a, _), Cell::Text(b, _)) => a.to_lowercase().cmp(&b.to_lowercase()),
            (Cell::Number(a, _), Cell::Number(b, _)) => a.cmp(b),
            // The fuller first when largest first: by share, then by size.
            (Cell::Bar { used: a, total: ta }, Cell::Bar { used: b, total: tb }) => {
                let share = |u: u64, t: u64| (u * 1000).checked_div(t).unwrap_or(0);
                share(*a, *ta).cmp(&share(*b, *tb)).then(a.cmp(b))
            }
            (Cell::When(a), Cell::When(b)) => a.cmp(b),
            _ => Ordering::Equal,
        }
    }
}

/// One row: its key (an ARN, or a name where there is none) and one cell per column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ViewRow {
    pub key: String,
    pub cells: Vec<Cell>,
}

impl ViewRow {
    pub fn new(key: impl Into<String>, cells: Vec<Cell>) -> ViewRow {
        ViewRow {
            key: key.into(),
            cells,
        }
    }

    fn haystack(&self) -> String {
        let words: Vec<String> = self.cells.iter().map(Cell::words).collect();
        words.join(" ")
    }
}

/// The indices of the rows `view` shows: those its filter keeps, in its sort order (ties keep the view's
/// own order). `sort_columns` are the view's sortable columns; `columns` finds each one's cell.
pub fn arrange(
    rows: &[ViewRow],
    view: &TableView,
    columns: &[ViewColumn],
    sort_columns: &[SortColumn],
) -> Vec<usize> {
    let keeps = |row: &ViewRow, filter: &Filter| filter.keeps(&row.haystack());
    let mut shown: Vec<usize> = match &view.filter {
        Some(filter) => (0..rows.len())
            .filter(|&i| keeps(&rows[i], filter))
            .collect(),
        None => (0..rows.len()).collect(),
    };
    let Some(sort) = view.sort else {
        return shown;
    };
    let Some(by) = sort_columns.get(sort.column) else {
        return shown;
    };
    let Some(cell) = columns.iter().position(|c| by.is_shown_by(c.title)) else {
        return shown;
    };
    let descending = by.largest_first != sort.reversed;
    shown.sort_by(|&a, &b| {
        let order = match (rows[a].cells.get(cell), rows[b].cells.get(cell)) {
            (Some(x), Some(y)) => x.compare(y),
            _ => Ordering::Equal,
        };
        if descending {
            order.reverse()
        } else {
            order
        }
    });
    shown
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::table::{Sort, SortColumn};

    const COLUMNS: [ViewColumn; 3] = [fill("NAME"), number("CPU", 6), fixed("WHEN", 8)];
    const SORT: [SortColumn; 3] = [
        SortColumn {
            label: "NAME",
            largest_first: false,
            also: &[],
        },
        SortColumn {
            label: "CPU",
            largest_first: true,
            also: &[],
        },
        SortColumn {
            label: "WHEN",
            largest_first: true,
            also: &[],
        },
    ];

    fn rows() -> Vec<ViewRow> {
        [("beta", 5, 30), ("Alpha", 50, 10), ("gamma", 20, 20)]
            .into_iter()
            .map(|(n, cpu, t)| {
                ViewRow::new(
                    n,
                    vec![
                        Cell::text(n),
                        Cell::count(cpu),
                        Cell::When(Some(Timestamp(t))),
                    ],
                )
            })
            .collect()
    }

    fn sorted(column: usize, reversed: bool) -> TableView {
        TableView {
            sort: Some(Sort { column, reversed }),
            ..TableView::default()
        }
    }

    #[test]
    fn unsorted_rows_keep_the_views_order_and_a_filter_finds_numbers_too() {
        assert_eq!(
            arrange(&rows(), &TableView::default(), &COLUMNS, &SORT),
            [0, 1, 2]
        );
        let view = TableView {
            filter: Filter::parse("50"),
            ..TableView::default()
        };
        assert_eq!(arrange(&rows(), &view, &COLUMNS, &SORT), [1]);
    }

    #[test]
    fn names_sort_without_case_and_numbers_and_times_largest_first() {
        assert_eq!(
            arrange(&rows(), &sorted(0, false), &COLUMNS, &SORT),
            [1, 0, 2]
        );
        assert_eq!(
            arrange(&rows(), &sorted(1, false), &COLUMNS, &SORT),
            [1, 2, 0]
        );
        assert_eq!(
            arrange(&rows(), &sorted(1, true), &COLUMNS, &SORT),
            [0, 2, 1]
        );
        assert_eq!(
            arrange(&rows(), &sorted(2, false), &COLUMNS, &SORT),
            [0, 2, 1]
        );
    }

    #[test]
    fn bars_sort_by_how_full_they_are() {
        let bar = |used, total| ViewRow::new("b", vec![Cell::Bar { used, total }]);
        let rows = [bar(512, 1024), bar(900, 1000), bar(0, 0)];
        let columns = [number("CPU", 6)];
        assert_eq!(
            arrange(&rows, &sorted(1, false), &columns, &SORT),
            [1, 0, 2]
        );
    }
}
