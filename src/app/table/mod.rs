//! What the tables list and how: which rows a filter keeps, the columns they sort by, and the rows each screen
//! shows, worked out once per change so that drawing and moving the cursor do neither.

use std::cmp::Ordering;

pub mod columns;
mod listed;

use super::explore::{View, ViewRow};
use super::{Filter, State, TableView};
use crate::model::{Cluster, Service, Task, Timestamp};

/// A sort: a column of the table's `SORT_COLUMNS`, in its natural direction or reversed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sort {
    pub column: usize,
    pub reversed: bool,
}

/// A column a table can be sorted by. Counts, alerts and times sort largest first, names A to Z.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SortColumn {
    /// As the column's header says it (wide layout), and as `:sort` takes it (lower case, `-` for spaces).
    pub label: &'static str,
    pub largest_first: bool,
    /// Other headers that show this column (in the narrow layout).
    pub also: &'static [&'static str],
}

pub const fn col(label: &'static str, largest_first: bool) -> SortColumn {
    SortColumn {
        label,
        largest_first,
        also: &[],
    }
}

const fn col_also(
    label: &'static str,
    largest_first: bool,
    also: &'static [&'static str],
) -> SortColumn {
    SortColumn {
        label,
        largest_first,
        also,
    }
}

impl SortColumn {
    /// Does a table header show this column? `ALERTS (10m)` shows ALERTS.
    pub fn is_shown_by(&self, header: &str) -> bool {
        header == self.label
            || self.also.contains(&header)
            || header
                .strip_prefix(self.label)
                .is_some_and(|rest| rest.starts_with(" ("))
    }
}

/// A row of a table wharf lists.
pub trait Listed {
    const SORT_COLUMNS: &'static [SortColumn];
    fn key(&self) -> &str;
    /// The text a filter looks in: what the row shows, in words.
    fn haystack(&self, now: Timestamp) -> String;
    /// Order by sort column `column`, ascending.
    fn compare(&self, other: &Self, column: usize, now: Timestamp) -> Ordering;
    /// For a column too costly to compare pair by pair (ALERTS reads every event), a key worked out once per
    /// row; rows then sort by it instead of `compare`.
    fn cached_key(&self, _column: usize, _now: Timestamp) -> Option<u32> {
        None
    }
}

pub use listed::ClusterTask;

/// The data's indices of the rows `view` shows: those its filter keeps, in its sort order (the data's own
/// order breaks ties, so equal rows keep their natural order and do not jump between refreshes).
pub fn arrange<T: Listed>(rows: &[T], view: &TableView, now: Timestamp) -> Vec<usize> {
    let mut shown: Vec<usize> = match &view.filter {
        Some(filter) => (0..rows.len())
            .filter(|&i| filter.keeps(&rows[i].haystack(now)))
            .collect(),
        None => (0..rows.len()).collect(),
    };
    if let Some(sort) = view.sort {
        let largest_first = T::SORT_COLUMNS
            .get(sort.column)
            .is_some_and(|c| c.largest_first);
        let descending = largest_first != sort.reversed;
        let cached: Option<Vec<u32>> = shown
            .first()
            .and_then(|&i| rows[i].cached_key(sort.column, now))
            .map(|_| {
                let mut keys = vec![0; rows.len()];
                for &i in &shown {
                    keys[i] = rows[i].cached_key(sort.column, now).unwrap_or(0);
                }
                keys
            });
        shown.sort_by(|&a, &b| {
            let order = match &cached {
                Some(keys) => keys[a].cmp(&keys[b]),
                None => rows[a].compare(&rows[b], sort.column, now),
            };
            if descending {
                order.reverse()
            } else {
                order
            }
        });
    }
    shown
}

/// Which list a screen's table shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TableKind {
    Clusters,
    Services,
    /// A service's tasks.
    Tasks,
    /// Every task of a cluster, with their services.
    ClusterTasks,
    /// An exploring view, by its sort columns.
    View(&'static [SortColumn]),
}

impl TableKind {
    /// The column `view` is sorted by and whether largest (or Z) comes first.
    pub fn sorted_by(self, view: &TableView) -> Option<(&'static SortColumn, bool)> {
        let sort = view.sort?;
        let column = self.sort_columns().get(sort.column)?;
        Some((column, column.largest_first != sort.reversed))
    }

    pub fn sort_columns(self) -> &'static [SortColumn] {
        match self {
            TableKind::Clusters => Cluster::SORT_COLUMNS,
            TableKind::Services => Service::SORT_COLUMNS,
            TableKind::Tasks => Task::SORT_COLUMNS,
            TableKind::ClusterTasks => ClusterTask::SORT_COLUMNS,
            TableKind::View(columns) => columns,
        }
    }
}

/// The rows the screen on top shows, as borrowed data and its table view.
pub enum Rows<'a> {
    Clusters(&'a [Cluster]),
    Services(&'a [Service]),
    Tasks(&'a [Task]),
    ClusterTasks(&'a [Task]),
    View(&'a [ViewRow], &'a View),
}

/// The data behind the current screen's table (empty while it loads).
pub fn current_rows(state: &State) -> Option<Rows<'_>> {
    state.screen().spec().rows(state)
}

impl<'a> Rows<'a> {
    pub fn key(&self, index: usize) -> Option<&'a str> {
        match self {
            Rows::Clusters(r) => r.get(index).map(Listed::key),
            Rows::Services(r) => r.get(index).map(Listed::key),
            Rows::Tasks(r) | Rows::ClusterTasks(r) => r.get(index).map(Listed::key),
            Rows::View(r, _) => r.get(index).map(|row| row.key.as_str()),
        }
    }

    fn arrange(&self, view: &TableView, now: Timestamp) -> Vec<usize> {
        match self {
            Rows::Clusters(r) => arrange(r, view, now),
            Rows::Services(r) => arrange(r, view, now),
            Rows::Tasks(r) => arrange(r, view, now),
            Rows::ClusterTasks(r) => {
                let rows: Vec<ClusterTask> = r.iter().map(ClusterTask).collect();
                arrange(&rows, view, now)
            }
            Rows::View(r, v) => {
                let spec = v.spec();
                super::explore::row::arrange(r, view, spec.columns(), spec.sort_columns())
            }
        }
    }

    fn len(&self) -> usize {
        match self {
            Rows::Clusters(r) => r.len(),
            Rows::Services(r) => r.len(),
            Rows::Tasks(r) | Rows::ClusterTasks(r) => r.len(),
            Rows::View(r, _) => r.len(),
        }
    }
}

/// Work out the rows the current screen shows, and forget marks on rows that no longer exist.
pub fn rearrange(state: &mut State) {
    let Some((rows, marks)) = current_rows(state).and_then(|data| {
        let view = state.screen().cursor()?;
        let rows = data.arrange(view, state.now);
        let marks = if view.marks.is_empty() {
            Default::default()
        } else {
            let keys: std::collections::HashSet<&str> =
                (0..data.len()).filter_map(|i| data.key(i)).collect();
            view.marks
                .iter()
                .filter(|k| keys.contains(k.as_str()))
                .cloned()
                .collect()
        };
        Some((rows, marks))
    }) else {
        return;
    };
    if let Some(view) = state.screen_mut().cursor_mut() {
        view.rows = rows;
        view.marks = marks;
    }
}

/// How a table's title shows its filter: `/web`, or `/web( (as text)` when it is not a valid regex.
pub fn filter_note(filter: &Filter) -> String {
    if filter.is_literal() {
        format!("/{} (as text)", filter.text)
    } else {
        format!("/{}", filter.text)
    }
}
