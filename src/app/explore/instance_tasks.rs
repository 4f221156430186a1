//! The tasks on one container instance (Enter on an instance).

use super::row::{fill, fit, fixed, number, Cell, Tone, ViewColumn, ViewRow};
use super::{Empty, Listing, LogScope, Open, Table, ViewSpec};
use crate::app::table::{col, SortColumn};
use crate::app::TaskScreen;
use crate::app::{RefreshPolicy, Resource, Screen, State, TaskSource};
use crate::model::{arn_name, family_revision, short_id, Task, TaskStatus};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InstanceTasks {
    pub cluster_arn: String,
    pub instance_arn: String,
    /// The EC2 instance id, as the user knows the instance.
    pub instance_id: String,
}

const COLUMNS: &[ViewColumn] = &[
    fixed("TASK", 10),
    fit("SERVICE", 30),
    fixed("STATUS", 12),
    fill("TASK DEFINITION").optional(),
    number("CPU", 6),
    number("MEMORY", 7),
    fixed("STARTED", 12).optional(),
];

const SORT: &[SortColumn] = &[
    col("SERVICE", false),
    col("STATUS", false),
    col("TASK DEFINITION", false),
    col("CPU", true),
    col("MEMORY", true),
    col("STARTED", true),
];

const TABLE: Table = Table {
    columns: COLUMNS,
    sort: SORT,
};

impl ViewSpec for InstanceTasks {
    fn task_definition(&self, state: &State, selected: Option<&str>) -> Option<String> {
        let tasks = state.cluster_tasks_of(&self.cluster_arn)?.data.as_ref()?;
        let task = tasks.iter().find(|t| Some(t.arn.as_str()) == selected)?;
        Some(task.task_definition_arn.clone())
    }

    fn logs(&self, _state: &State, selected: Option<&str>) -> Option<(String, LogScope)> {
        let scope = LogScope::Task {
            task_arn: selected?.to_string(),
            from: TaskSource::Cluster,
        };
        Some((self.cluster_arn.clone(), scope))
    }

    fn title(&self) -> String {
        format!("Tasks on {}", self.instance_id)
    }

    fn crumb(&self) -> String {
        self.instance_id.clone()
    }

    fn table(&self) -> &'static Table {
        &TABLE
    }

    fn source(&self) -> Resource {
        Resource::ClusterTasks {
            cluster_arn: self.cluster_arn.clone(),
        }
    }

    fn pace(&self, policy: &RefreshPolicy) -> i64 {
        policy.detail_ms
    }

    fn rows(&self, state: &State) -> Listing {
        let Some(loadable) = state.cluster_tasks_of(&self.cluster_arn) else {
            return Listing::Loading;
        };
        match (&loadable.data, &loadable.status.error) {
            (Some(tasks), _) => Listing::Rows(
                tasks
                    .iter()
                    .filter(|t| t.container_instance_arn.as_deref() == Some(&self.instance_arn))
                    .map(row)
                    .collect(),
            ),
            (None, Some(e)) => Listing::Failed(e.clone()),
            (None, None) => Listing::Loading,
        }
    }

    fn empty(&self, _state: &State) -> Empty {
        Empty {
            headline: format!("No tasks on {}.", self.instance_id),
            meaning:
                "The scheduler has placed nothing here, or moved it away (a draining instance \
                      runs no service tasks)."
                    .into(),
        }
    }

    fn enter(&self, _state: &State, key: &str) -> Option<Open> {
        Some(Open::Screen(Screen::Task(TaskScreen {
            cluster_arn: self.cluster_arn.clone(),
            task_arn: key.to_string(),
            from: TaskSource::Cluster,
        })))
    }

    fn cluster_arn(&self) -> Option<&str> {
        Some(&self.cluster_arn)
    }
}

fn row(t: &Task) -> ViewRow {
    let tone = match t.last_status {
        TaskStatus::Running => Tone::Good,
        TaskStatus::Stopped | TaskStatus::Deleted => Tone::Muted,
        TaskStatus::Stopping | TaskStatus::Deactivating | TaskStatus::Deprovisioning => Tone::Warn,
        _ => Tone::Busy,
    };
    let service = t.group.strip_prefix("service:").unwrap_or(&t.group);
    ViewRow::new(
        t.arn.clone(),
        vec![
            Cell::text(short_id(arn_name(&t.arn))),
            Cell::text(service),
            Cell::toned(t.last_status.as_str(), tone),
            Cell::text(family_revision(&t.task_definition_arn)),
            Cell::count(t.cpu),
            Cell::count(t.memory),
            Cell::When(t.started_at),
        ],
    )
}
