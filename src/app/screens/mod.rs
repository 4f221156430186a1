//! The screens of the navigation stack, one module each. A screen holds the state that belongs to it alone
//! (its `TableView`: cursor, filter, sort, marks), so going back finds it as it was left, and says what it is
//! (`ScreenSpec`): its step in the breadcrumb, its keys, what it reads, its table's rows, what Enter opens.
//! A screen with a table names and lays out its columns in its module (`columns`), and `ui` draws a cell
//! for each.
//! `screens!` is the one list of them, from which the `Screen` enum and the way to each one's spec come.
//!
//! A new screen is its module here, one line in `screens!`, and one line in `ui::draw` for its body.

#[macro_use]
mod registry;

/// `cursor` and `cursor_mut` of a screen whose table's view is its `cursor` field.
macro_rules! table_cursor {
    () => {
        fn cursor(&self) -> Option<&TableView> {
            Some(&self.cursor)
        }

        fn cursor_mut(&mut self) -> Option<&mut TableView> {
            Some(&mut self.cursor)
        }
    };
}

mod clusters;
mod explore;
mod metrics;
mod service;
mod services;
mod task;
mod task_columns;
mod tasks;

pub use clusters::{ClusterColumn, ClustersScreen};
pub use explore::ExploreScreen;
pub use metrics::MetricsScreen;
pub use service::ServiceScreen;
pub use services::{ServiceColumn, ServicesScreen};
pub use task::TaskScreen;
pub use task_columns::TaskColumn;
pub use tasks::TasksScreen;

use std::collections::BTreeSet;

use super::explore::{LogScope, Open};
use super::needs::Need;
use super::table::{Rows, TableKind};
use super::{Filter, Sort, State};
use crate::config::keymap::Context;
use crate::geometry::MainTable;

/// How one screen shows its table: where the cursor is, the filter, the sort and the marks. All of it is
/// kept per screen and survives refreshes. The key (an ARN) keeps the cursor on the same row when data
/// refreshes and rows move; the index is the fallback when that row is gone.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TableView {
    /// Index into `rows`, the rows shown.
    pub selected: usize,
    pub selected_key: Option<String>,
    /// First row drawn; kept so that moving the cursor does not scroll the table until it has to.
    pub offset: usize,
    pub filter: Option<Filter>,
    /// `None`: the natural order (names, or tasks by lifecycle).
    pub sort: Option<Sort>,
    /// Keys (ARNs) of the marked rows. Marks hidden by the filter are kept.
    pub marks: BTreeSet<String>,
    /// The data's indices of the rows shown, filtered and sorted; worked out by `update` after every change,
    /// so that drawing and moving never filter or sort.
    pub rows: Vec<usize>,
    /// The user moved the cursor. Until then it stays on the first row while rows fill in above the one it
    /// first landed on (a big list arrives a batch at a time, in no order).
    pub moved: bool,
}

/// Which cached list a task screen reads its task from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TaskSource {
    /// A service's tasks, by service name.
    Service(String),
    /// All of the cluster's tasks.
    Cluster,
}

/// What a screen is: everything wharf asks of it but its drawing (`ui` draws each screen's body).
pub trait ScreenSpec {
    /// A short name for help and messages: `services`.
    fn title(&self) -> &'static str;
    /// Its step in the breadcrumb: the cluster's or service's name, `task 1a2b3c4d`.
    fn crumb(&self) -> String;
    /// The keymap context of its own keys (the table's and the global ones follow).
    fn context(&self) -> Context;
    /// Its table's cursor, filter, sort and marks; none for a screen without a table (the task).
    fn cursor(&self) -> Option<&TableView> {
        None
    }
    fn cursor_mut(&mut self) -> Option<&mut TableView> {
        None
    }
    /// The cluster it is about, or on the clusters list the selected one: `:services`, `:tasks` and the
    /// cleanup then mean that cluster.
    fn cluster_arn(&self) -> Option<&str>;
    /// The service it is about, or on a services list the selected one: a service's change means it.
    fn service_arn(&self) -> Option<&str> {
        None
    }
    /// It shows tasks (a table of them, or one): a task's change means the selected, marked or shown ones.
    fn shows_tasks(&self) -> bool {
        false
    }
    /// What it reads and how often, most important first.
    fn needs(&self, state: &State) -> Vec<Need>;
    /// Its table's kind (how it sorts and filters), if it has a table.
    fn table_kind(&self) -> Option<TableKind> {
        None
    }
    /// Its table's rows as they are in the cache, unfiltered and unsorted.
    fn rows<'a>(&'a self, _state: &'a State) -> Option<Rows<'a>> {
        None
    }
    /// The task definition in sight (`:json`, `:diff`): the service's, the task's, the selected row's.
    fn task_definition(&self, _state: &State) -> Option<String> {
        None
    }
    /// The logs `L` opens here, and the cluster they are in: a service's tasks merged, or one task's.
    fn logs(&self, _state: &State) -> Option<(String, LogScope)> {
        None
    }
    /// Where its table sits, for the layout (how many rows it shows, which row a click hits).
    fn main_table(&self, _state: &State) -> MainTable {
        MainTable::Boxed
    }
    /// What Enter opens on the row with `key`, if anything.
    fn enter(&self, _state: &State, _key: &str) -> Option<Open> {
        None
    }
    /// Reads to send the moment it opens, ahead of polling and whatever else is out: what it shows was
    /// never read (a service opened from a row the list has not described yet).
    fn read_at_once(&self, _state: &State) -> Vec<super::Resource> {
        Vec::new()
    }
    /// The AWS console's address of what it shows, with `selected` the row under the cursor.
    fn console_url(&self, region: &str, selected: Option<&str>) -> Option<String>;
}

screens! {
    /// Every cluster of the region: where every session starts.
    Clusters(ClustersScreen),
    /// A cluster's services.
    Services(ServicesScreen),
    /// A service's detail: deployments, target health, events, and its tasks (the cursor moves over the tasks).
    Service(ServiceScreen),
    /// Every task of a cluster, standalone ones (RunTask) and recently stopped ones too.
    Tasks(TasksScreen),
    /// One task: its containers, where it runs, why it stopped.
    Task(TaskScreen),
    /// An exploring view: container instances, load balancers and what hangs off them.
    Explore(ExploreScreen),
    /// A service's metrics, alarms and auto scaling.
    Metrics(MetricsScreen),
}

impl Screen {
    pub fn cursor(&self) -> Option<&TableView> {
        self.spec().cursor()
    }

    pub fn cursor_mut(&mut self) -> Option<&mut TableView> {
        self.spec_mut().cursor_mut()
    }

    /// A short name for help and messages.
    pub fn title(&self) -> &'static str {
        self.spec().title()
    }

    /// What this screen shows, most important first.
    pub fn needs(&self, state: &State) -> Vec<Need> {
        self.spec().needs(state)
    }

    /// Its table's kind, if it has a table.
    pub fn table_kind(&self) -> Option<TableKind> {
        self.spec().table_kind()
    }
}
