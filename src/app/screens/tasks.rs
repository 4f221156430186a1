//! Every task of a cluster: standalone ones (RunTask) and recently stopped ones too.

use super::task_columns::{task_columns, TaskColumn};
use super::{ScreenSpec, TableView, TaskScreen, TaskSource};
use crate::app::console::{url, ConsoleItem};
use crate::app::explore::{LogScope, Open};
use crate::app::needs::Need;
use crate::app::table::columns::Laid;
use crate::app::table::{Rows, TableKind};
use crate::app::task_list::TaskList;
use crate::app::{Resource, State};
use crate::config::keymap::Context;
use crate::model::{arn_name, Task};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TasksScreen {
    pub cluster_arn: String,
    pub cursor: TableView,
}

impl TasksScreen {
    /// The task table's columns for a table `width` cells wide: with SERVICE.
    pub fn columns(&self, state: &State, tasks: &TaskList, width: u16) -> Vec<Laid<TaskColumn>> {
        task_columns(state, tasks, &self.cursor, TableKind::ClusterTasks, width)
    }

    /// The cluster's tasks as cached (none until read).
    fn tasks<'a>(&self, state: &'a State) -> &'a [Task] {
        let tasks = state.cluster_tasks_of(&self.cluster_arn);
        tasks.and_then(|l| l.data.as_deref()).unwrap_or_default()
    }
}

impl ScreenSpec for TasksScreen {
    fn title(&self) -> &'static str {
        "tasks"
    }

    fn crumb(&self) -> String {
        "tasks".to_string()
    }

    fn context(&self) -> Context {
        Context::Tasks
    }

    table_cursor!();

    fn cluster_arn(&self) -> Option<&str> {
        Some(&self.cluster_arn)
    }

    fn shows_tasks(&self) -> bool {
        true
    }

    fn needs(&self, state: &State) -> Vec<Need> {
        let interval_ms = state.refresh.list_ms;
        let mut needs = vec![Need::Whole {
            resource: Resource::ClusterTasks {
                cluster_arn: self.cluster_arn.clone(),
            },
            interval_ms,
        }];
        let protection =
            crate::app::task_protection::need(&self.cluster_arn, self.tasks(state), interval_ms);
        needs.extend(protection);
        needs
    }

    fn table_kind(&self) -> Option<TableKind> {
        Some(TableKind::ClusterTasks)
    }

    fn rows<'a>(&'a self, state: &'a State) -> Option<Rows<'a>> {
        // The placeholders too: a task listed and not described yet is a row (by its id).
        let rows = state
            .cluster_tasks_of(&self.cluster_arn)
            .and_then(|l| l.data.as_ref());
        Some(Rows::ClusterTasks(
            rows.map(TaskList::rows).unwrap_or_default(),
        ))
    }

    fn enter(&self, _state: &State, key: &str) -> Option<Open> {
        Some(Open::Screen(
            TaskScreen {
                cluster_arn: self.cluster_arn.clone(),
                task_arn: key.to_string(),
                from: TaskSource::Cluster,
            }
            .into(),
        ))
    }

    fn task_definition(&self, state: &State) -> Option<String> {
        let key = self.cursor.selected_key.as_deref()?;
        let tasks = state.cluster_tasks_of(&self.cluster_arn)?.data.as_ref()?;
        let task = tasks.iter().find(|t| t.arn == key)?;
        Some(task.task_definition_arn.clone())
    }

    fn logs(&self, _state: &State) -> Option<(String, LogScope)> {
        let task_arn = self.cursor.selected_key.clone()?;
        let from = TaskSource::Cluster;
        Some((self.cluster_arn.clone(), LogScope::Task { task_arn, from }))
    }

    fn console_url(&self, region: &str, selected: Option<&str>) -> Option<String> {
        selected.map(|t| {
            let item = ConsoleItem::Task(arn_name(t));
            url(region, arn_name(&self.cluster_arn), Some(item))
        })
    }
}
