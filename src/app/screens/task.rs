//! One task: its containers, where it runs, why it stopped. No table: the screen has no cursor.

use super::{ScreenSpec, TaskSource};
use crate::app::console::{url, ConsoleItem};
use crate::app::explore::{LogScope, Read};
use crate::app::needs::Need;
use crate::app::{Resource, State};
use crate::config::keymap::Context;
use crate::geometry::MainTable;
use crate::model::{arn_name, short_id, Task};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaskScreen {
    pub cluster_arn: String,
    pub task_arn: String,
    /// The list the task was opened from, which is also the list it is looked up and refreshed in.
    pub from: TaskSource,
}

impl TaskScreen {
    /// The task: its own read, or until that comes, the row of the list it was opened from.
    pub fn task<'a>(&self, state: &'a State) -> Option<&'a Task> {
        let own = state.session.cache.task.get(&self.task_arn);
        own.and_then(|l| l.data.as_ref()).or_else(|| {
            let list = state.task_list(&self.cluster_arn, &self.from)?;
            list.data.as_ref()?.iter().find(|t| t.arn == self.task_arn)
        })
    }
}

impl ScreenSpec for TaskScreen {
    fn title(&self) -> &'static str {
        "task"
    }

    fn crumb(&self) -> String {
        format!("task {}", short_id(arn_name(&self.task_arn)))
    }

    fn context(&self) -> Context {
        Context::Task
    }

    fn cluster_arn(&self) -> Option<&str> {
        Some(&self.cluster_arn)
    }

    fn shows_tasks(&self) -> bool {
        true
    }

    /// A task opened from a row its list has not described yet: read at once, ahead of the list's batches.
    fn read_at_once(&self, state: &State) -> Vec<Resource> {
        match self.task(state) {
            Some(_) => Vec::new(),
            None => vec![Resource::Task {
                cluster_arn: self.cluster_arn.clone(),
                task_arn: self.task_arn.clone(),
            }],
        }
    }

    fn needs(&self, state: &State) -> Vec<Need> {
        let interval_ms = state.refresh.detail_ms;
        let mut needs = vec![Need::Whole {
            resource: Resource::Task {
                cluster_arn: self.cluster_arn.clone(),
                task_arn: self.task_arn.clone(),
            },
            interval_ms,
        }];
        let Some(task) = self.task(state) else {
            return needs;
        };
        needs.push(Need::Once(Resource::TaskDefinition {
            arn: task.task_definition_arn.clone(),
        }));
        let protection = crate::app::task_protection::need(
            &self.cluster_arn,
            std::iter::once(task),
            interval_ms,
        );
        needs.extend(protection);
        // An EC2 task: which instance it runs on, and its type. One instance, described once (never the
        // whole cluster's, which costs a call per 100 instances every refresh).
        if let Some(arn) = &task.container_instance_arn {
            needs.push(Need::Once(Resource::Explore(Read::ContainerInstance {
                cluster_arn: self.cluster_arn.clone(),
                arn: arn.clone(),
            })));
        }
        needs
    }

    fn task_definition(&self, state: &State) -> Option<String> {
        Some(self.task(state)?.task_definition_arn.clone())
    }

    fn logs(&self, _state: &State) -> Option<(String, LogScope)> {
        let scope = LogScope::Task {
            task_arn: self.task_arn.clone(),
            from: self.from.clone(),
        };
        Some((self.cluster_arn.clone(), scope))
    }

    fn main_table(&self, _state: &State) -> MainTable {
        MainTable::None
    }

    fn console_url(&self, region: &str, _selected: Option<&str>) -> Option<String> {
        let item = ConsoleItem::Task(arn_name(&self.task_arn));
        Some(url(region, arn_name(&self.cluster_arn), Some(item)))
    }
}
