//! What the tables list and how: which rows a filter keeps, the columns they sort by, and the rows each screen
//! shows, worked out once per change so that drawing and moving the cursor do neither.

use std::cmp::Ordering;

use super::{Filter, Screen, State, TableView};
use crate::model::{Cluster, Service, Task, Timestamp, TROUBLE_WINDOW_MS};

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

const fn col(label: &'static str, largest_first: bool) -> SortColumn {
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

impl Listed for Cluster {
    const SORT_COLUMNS: &'static [SortColumn] = &[
        col("NAME", false),
        col("STATUS", false),
        col("CAPACITY", false),
        col("SERVICES", true),
        col("RUNNING", true),
        col("PENDING", true),
    ];

    fn key(&self) -> &str {
        &self.arn
    }

    fn haystack(&self, _now: Timestamp) -> String {
        format!("{} {} {}", self.name, self.status, self.capacity_summary())
    }

    fn compare(&self, other: &Self, column: usize, _now: Timestamp) -> Ordering {
        match column {
            1 => self.status.cmp(&other.status),
            2 => self.capacity_summary().cmp(&other.capacity_summary()),
            3 => self.active_services.cmp(&other.active_services),
            4 => self.running_tasks.cmp(&other.running_tasks),
            5 => self.pending_tasks.cmp(&other.pending_tasks),
            _ => self.name.cmp(&other.name),
        }
    }
}

/// The services table's ALERTS column.
const ALERTS: usize = 5;

impl Listed for Service {
    const SORT_COLUMNS: &'static [SortColumn] = &[
        col("NAME", false),
        col("STATUS", false),
        col("DESIRED", true),
        col_also("RUNNING", true, &["RUN/DES"]),
        col_also("PENDING", true, &["PEND"]),
        col("ALERTS", true),
        col("ROLLOUT", false),
        col("LAUNCH", false),
        col_also("TASK DEFINITION", false, &["TASK DEF"]),
    ];

    fn key(&self) -> &str {
        &self.arn
    }

    fn haystack(&self, now: Timestamp) -> String {
        let trouble = self.recent_trouble(now, TROUBLE_WINDOW_MS);
        let rollout = self.primary_deployment().map(|d| d.rollout_state.as_str());
        format!(
            "{} {} {} {} {}{}",
            self.name,
            self.status.as_str(),
            self.launch_type.as_str(),
            crate::model::arn_name(&self.task_definition),
            rollout.unwrap_or_default(),
            trouble_words(&trouble),
        )
    }

    fn cached_key(&self, column: usize, now: Timestamp) -> Option<u32> {
        (column == ALERTS).then(|| self.recent_trouble(now, TROUBLE_WINDOW_MS).severity())
    }

    fn compare(&self, other: &Self, column: usize, now: Timestamp) -> Ordering {
        let rollout = |s: &Service| s.primary_deployment().map(|d| d.rollout_state.as_str());
        match column {
            1 => self.status.as_str().cmp(other.status.as_str()),
            2 => self.desired_count.cmp(&other.desired_count),
            3 => self.running_count.cmp(&other.running_count),
            4 => self.pending_count.cmp(&other.pending_count),
            ALERTS => {
                let severity = |s: &Service| s.recent_trouble(now, TROUBLE_WINDOW_MS).severity();
                severity(self).cmp(&severity(other))
            }
            6 => rollout(self).cmp(&rollout(other)),
            7 => self.launch_type.as_str().cmp(other.launch_type.as_str()),
            8 => crate::model::arn_name(&self.task_definition)
                .cmp(crate::model::arn_name(&other.task_definition)),
            _ => self.name.cmp(&other.name),
        }
    }
}

/// The words the ALERTS column shows, so that `/unhealthy` or `/restarts` finds them.
fn trouble_words(t: &crate::model::Trouble) -> String {
    let mut words = String::new();
    let flags = [
        (t.cannot_place, " can't place"),
        (t.cannot_start, " can't start"),
        (t.deployment_failed, " deploy failed"),
        (t.unhealthy_targets > 0, " unhealthy"),
        (t.failed_tasks > 0, " failed"),
        (t.restarts > 0, " restarts"),
        (t.draining, " draining"),
    ];
    for (on, word) in flags {
        if on {
            words.push_str(word);
        }
    }
    words
}

impl Listed for Task {
    const SORT_COLUMNS: &'static [SortColumn] = &[
        col("TASK", false),
        col_also("LAST STATUS", false, &["LAST"]),
        col("DESIRED", false),
        col("HEALTH", false),
        col("AZ", false),
        col_also("TASK DEFINITION", false, &["REV"]),
        col("STARTED", true),
        col("STOPPED", true),
        col("STOP CODE", false),
    ];

    fn key(&self) -> &str {
        &self.arn
    }

    fn haystack(&self, _now: Timestamp) -> String {
        format!(
            "{} {} {} {} {} {} {} {}",
            self.id(),
            self.last_status.as_str(),
            self.desired_status.as_str(),
            self.health_status.as_str(),
            self.availability_zone,
            crate::model::arn_name(&self.task_definition_arn),
            self.stop_code.map(|c| c.as_str()).unwrap_or_default(),
            self.stopped_reason.as_deref().unwrap_or_default(),
        )
    }

    fn compare(&self, other: &Self, column: usize, _now: Timestamp) -> Ordering {
        let code = |t: &Task| t.stop_code.map(|c| c.as_str());
        match column {
            1 => self.last_status.cmp(&other.last_status),
            2 => self
                .desired_status
                .as_str()
                .cmp(other.desired_status.as_str()),
            3 => self
                .health_status
                .as_str()
                .cmp(other.health_status.as_str()),
            4 => self.availability_zone.cmp(&other.availability_zone),
            5 => crate::model::arn_name(&self.task_definition_arn)
                .cmp(crate::model::arn_name(&other.task_definition_arn)),
            6 => self.started_at.cmp(&other.started_at),
            7 => self.stopped_at.cmp(&other.stopped_at),
            8 => code(self).cmp(&code(other)),
            _ => self.id().cmp(other.id()),
        }
    }
}

/// A task in a cluster's list of tasks, which also shows the service that owns it (or `standalone`): one more
/// column to sort by, second after TASK, and more words for the filter. The service's own task table, where
/// every row has the same service, goes without.
pub struct ClusterTask<'a>(pub &'a Task);

/// Where SERVICE sits among a cluster task table's sort columns.
const SERVICE_COLUMN: usize = 1;

const CLUSTER_TASK_COLUMNS: [SortColumn; Task::SORT_COLUMNS.len() + 1] = {
    let mut columns = [col("SERVICE", false); Task::SORT_COLUMNS.len() + 1];
    let mut i = 0;
    while i < Task::SORT_COLUMNS.len() {
        columns[if i < SERVICE_COLUMN { i } else { i + 1 }] = Task::SORT_COLUMNS[i];
        i += 1;
    }
    columns
};

impl Listed for ClusterTask<'_> {
    const SORT_COLUMNS: &'static [SortColumn] = &CLUSTER_TASK_COLUMNS;

    fn key(&self) -> &str {
        &self.0.arn
    }

    fn haystack(&self, now: Timestamp) -> String {
        let t = self.0;
        let standalone = if t.service_name().is_none() && t.service_or_group() != "standalone" {
            " standalone"
        } else {
            ""
        };
        format!("{}{standalone} {}", t.service_or_group(), t.haystack(now))
    }

    fn compare(&self, other: &Self, column: usize, now: Timestamp) -> Ordering {
        match column.cmp(&SERVICE_COLUMN) {
            Ordering::Less => self.0.compare(other.0, column, now),
            Ordering::Equal => self.0.service_or_group().cmp(other.0.service_or_group()),
            Ordering::Greater => self.0.compare(other.0, column - 1, now),
        }
    }
}

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
        }
    }
}

impl Screen {
    pub fn table_kind(&self) -> Option<TableKind> {
        match self {
            Screen::Clusters { .. } => Some(TableKind::Clusters),
            Screen::Services { .. } => Some(TableKind::Services),
            Screen::Service { .. } => Some(TableKind::Tasks),
            Screen::Tasks { .. } => Some(TableKind::ClusterTasks),
            Screen::Task { .. } => None,
        }
    }
}

/// The rows the screen on top shows, as borrowed data and its table view.
pub enum Rows<'a> {
    Clusters(&'a [Cluster]),
    Services(&'a [Service]),
    Tasks(&'a [Task]),
    ClusterTasks(&'a [Task]),
}

/// The data behind the current screen's table (empty while it loads).
pub fn current_rows(state: &State) -> Option<Rows<'_>> {
    Some(match state.screen() {
        Screen::Clusters { .. } => {
            Rows::Clusters(state.clusters.data.as_deref().unwrap_or_default())
        }
        Screen::Services { cluster_arn, .. } => Rows::Services(
            state
                .services_of(cluster_arn)
                .and_then(|l| l.data.as_deref())
                .unwrap_or_default(),
        ),
        Screen::Service {
            cluster_arn,
            service_name,
            ..
        } => Rows::Tasks(
            state
                .tasks_of(cluster_arn, service_name)
                .and_then(|l| l.data.as_deref())
                .unwrap_or_default(),
        ),
        Screen::Tasks { cluster_arn, .. } => Rows::ClusterTasks(
            state
                .cluster_tasks_of(cluster_arn)
                .and_then(|l| l.data.as_deref())
                .unwrap_or_default(),
        ),
        Screen::Task { .. } => return None,
    })
}

impl<'a> Rows<'a> {
    pub fn key(&self, index: usize) -> Option<&'a str> {
        match self {
            Rows::Clusters(r) => r.get(index).map(Listed::key),
            Rows::Services(r) => r.get(index).map(Listed::key),
            Rows::Tasks(r) | Rows::ClusterTasks(r) => r.get(index).map(Listed::key),
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
        }
    }

    fn len(&self) -> usize {
        match self {
            Rows::Clusters(r) => r.len(),
            Rows::Services(r) => r.len(),
            Rows::Tasks(r) | Rows::ClusterTasks(r) => r.len(),
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
