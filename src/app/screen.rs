//! `Screen`: one level of the navigation stack, with the state that belongs to it alone (its `TableView`:
//! cursor, filter, sort, marks). Each screen keeps its own, so going back finds a screen as it was left.

use std::collections::BTreeSet;

use super::explore::{View, ViewRow};
use super::{Filter, ServicePanes, Sort};

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

/// One level of the navigation stack: clusters -> services -> service -> task, or clusters -> services ->
/// tasks (every task of the cluster) -> task.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Screen {
    Clusters {
        cursor: TableView,
    },
    Services {
        cluster_arn: String,
        cursor: TableView,
    },
    /// A service's detail: deployments, target health, events, and its tasks (the cursor moves over the tasks).
    Service {
        cluster_arn: String,
        service_arn: String,
        service_name: String,
        cursor: TableView,
        /// Boxed: the panes' cursors and filter would make every screen of the stack as large.
        panes: Box<ServicePanes>,
    },
    /// Every task of a cluster, standalone ones (RunTask) and recently stopped ones too.
    Tasks {
        cluster_arn: String,
        cursor: TableView,
    },
    Task {
        cluster_arn: String,
        task_arn: String,
        /// The list the task was opened from, which is also the list it is looked up and refreshed in.
        from: TaskSource,
    },
    /// An exploring view: container instances, load balancers and what hangs off them.
    Explore {
        /// Boxed: the views differ in size.
        view: Box<View>,
        cursor: TableView,
        /// The view's rows, built by `update` after every change (`explore::rebuild`).
        rows: Vec<ViewRow>,
    },
}

/// Which cached list a task screen reads its task from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TaskSource {
    /// A service's tasks, by service name.
    Service(String),
    /// All of the cluster's tasks.
    Cluster,
}

impl Screen {
    pub fn cursor(&self) -> Option<&TableView> {
        match self {
            Screen::Clusters { cursor }
            | Screen::Services { cursor, .. }
            | Screen::Service { cursor, .. }
            | Screen::Tasks { cursor, .. }
            | Screen::Explore { cursor, .. } => Some(cursor),
            Screen::Task { .. } => None,
        }
    }

    pub fn cursor_mut(&mut self) -> Option<&mut TableView> {
        match self {
            Screen::Clusters { cursor }
            | Screen::Services { cursor, .. }
            | Screen::Service { cursor, .. }
            | Screen::Tasks { cursor, .. }
            | Screen::Explore { cursor, .. } => Some(cursor),
            Screen::Task { .. } => None,
        }
    }

    /// A short name for the breadcrumb and help.
    pub fn title(&self) -> &'static str {
        match self {
            Screen::Clusters { .. } => "clusters",
            Screen::Services { .. } => "services",
            Screen::Service { .. } => "service",
            Screen::Tasks { .. } => "tasks",
            Screen::Task { .. } => "task",
            Screen::Explore { .. } => "explore",
        }
    }
}
