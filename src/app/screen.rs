/// Where a table's cursor is. The key (an ARN) keeps the cursor on the same row when data refreshes and
/// rows move; the index is the fallback when that row is gone.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TableCursor {
    pub selected: usize,
    pub selected_key: Option<String>,
    /// First row drawn; kept so that moving the cursor does not scroll the table until it has to.
    pub offset: usize,
}

/// One level of the navigation stack: clusters -> services -> service -> task.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Screen {
    Clusters {
        cursor: TableCursor,
    },
    Services {
        cluster_arn: String,
        cursor: TableCursor,
    },
    /// A service's detail: deployments, target health, events, and its tasks (the cursor moves over the tasks).
    Service {
        cluster_arn: String,
        service_arn: String,
        service_name: String,
        cursor: TableCursor,
    },
    Task {
        cluster_arn: String,
        service_name: String,
        task_arn: String,
    },
}

impl Screen {
    pub fn cursor(&self) -> Option<&TableCursor> {
        match self {
            Screen::Clusters { cursor }
            | Screen::Services { cursor, .. }
            | Screen::Service { cursor, .. } => Some(cursor),
            Screen::Task { .. } => None,
        }
    }

    pub fn cursor_mut(&mut self) -> Option<&mut TableCursor> {
        match self {
            Screen::Clusters { cursor }
            | Screen::Services { cursor, .. }
            | Screen::Service { cursor, .. } => Some(cursor),
            Screen::Task { .. } => None,
        }
    }

    /// A short name for the breadcrumb and help.
    pub fn title(&self) -> &'static str {
        match self {
            Screen::Clusters { .. } => "clusters",
            Screen::Services { .. } => "services",
            Screen::Service { .. } => "service",
            Screen::Task { .. } => "task",
        }
    }
}
