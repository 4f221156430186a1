//! A service's detail: its deployments, target health, events, and its tasks, where the cursor moves.

use super::task_columns::{task_columns, TaskColumn};
use super::{ScreenSpec, TableView, TaskScreen, TaskSource};
use crate::app::console::{url, ConsoleItem};
use crate::app::explore::{LogScope, Open, Read};
use crate::app::layout::service_wants;
use crate::app::needs::Need;
use crate::app::table::columns::Laid;
use crate::app::table::{Rows, TableKind};
use crate::app::task_list::TaskList;
use crate::app::{Resource, ServiceKey, ServicePanes, State};
use crate::config::keymap::Context;
use crate::geometry::MainTable;
use crate::model::{arn_name, Service, TargetState, Task};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceScreen {
    pub cluster_arn: String,
    pub service_arn: String,
    pub service_name: String,
    pub cursor: TableView,
    /// Boxed: the panes' cursors and filter would make every screen of the stack as large.
    pub panes: Box<ServicePanes>,
}

impl ServiceScreen {
    /// The service `service_arn` of `cluster_arn`, its cursor on the first task.
    pub fn new(cluster_arn: String, service_arn: String) -> ServiceScreen {
        ServiceScreen {
            cluster_arn,
            service_name: arn_name(&service_arn).to_string(),
            service_arn,
            cursor: TableView::default(),
            panes: Box::default(),
        }
    }

    /// The tasks pane's columns for a table `width` cells wide.
    pub fn task_columns(
        &self,
        state: &State,
        tasks: &TaskList,
        width: u16,
    ) -> Vec<Laid<TaskColumn>> {
        task_columns(state, tasks, &self.cursor, TableKind::Tasks, width)
    }

    /// The service's tasks as cached (none until read).
    fn tasks<'a>(&self, state: &'a State) -> &'a [Task] {
        let tasks = state.tasks_of(&self.cluster_arn, &self.service_name);
        tasks.and_then(|l| l.data.as_deref()).unwrap_or_default()
    }

    fn key(&self) -> ServiceKey {
        ServiceKey {
            cluster_arn: self.cluster_arn.clone(),
            service_name: self.service_name.clone(),
        }
    }
}

impl ScreenSpec for ServiceScreen {
    fn title(&self) -> &'static str {
        "service"
    }

    fn crumb(&self) -> String {
        self.service_name.clone()
    }

    fn context(&self) -> Context {
        Context::Service
    }

    table_cursor!();

    fn cluster_arn(&self) -> Option<&str> {
        Some(&self.cluster_arn)
    }

    fn service_arn(&self) -> Option<&str> {
        Some(&self.service_arn)
    }

    fn shows_tasks(&self) -> bool {
        true
    }

    /// Read often while it moves (a deployment, targets registering or draining), else at the detail pace.
    fn read_at_once(&self, state: &State) -> Vec<Resource> {
        match state.service(&self.cluster_arn, &self.service_arn) {
            Some(_) => Vec::new(),
            None => vec![Resource::Service {
                cluster_arn: self.cluster_arn.clone(),
                service_arn: self.service_arn.clone(),
            }],
        }
    }

    fn needs(&self, state: &State) -> Vec<Need> {
        let policy = state.refresh;
        let service = state.service(&self.cluster_arn, &self.service_arn);
        let moving = service.is_some_and(|s| s.is_deploying() || targets_moving(state, s));
        let interval_ms = if moving {
            policy.deploying_ms
        } else {
            policy.detail_ms
        };
        let mut needs = vec![
            Need::Services {
                cluster_arn: self.cluster_arn.clone(),
                on_screen: vec![self.service_arn.clone()],
                interval_ms,
                all_rows: false,
                listing: false,
            },
            Need::Whole {
                resource: Resource::ServiceTasks(self.key()),
                interval_ms,
            },
        ];
        for tg in service.iter().flat_map(|s| s.target_groups()) {
            needs.push(Need::Whole {
                resource: Resource::TargetHealth {
                    target_group_arn: tg.to_string(),
                },
                interval_ms,
            });
        }
        // The history changes only when a deployment does: read it as often as the service then.
        needs.push(Need::Whole {
            resource: Resource::Deployments(self.key()),
            interval_ms,
        });
        let protection =
            crate::app::task_protection::need(&self.cluster_arn, self.tasks(state), interval_ms);
        needs.extend(protection);
        needs.extend(resource_needs(state, &self.cluster_arn, &self.service_name));
        needs
    }

    fn table_kind(&self) -> Option<TableKind> {
        Some(TableKind::Tasks)
    }

    fn rows<'a>(&'a self, state: &'a State) -> Option<Rows<'a>> {
        // The placeholders too: a task listed and not described yet is a row (by its id).
        let rows = state
            .tasks_of(&self.cluster_arn, &self.service_name)
            .and_then(|l| l.data.as_ref());
        Some(Rows::Tasks(rows.map(TaskList::rows).unwrap_or_default()))
    }

    fn main_table(&self, state: &State) -> MainTable {
        MainTable::ServiceTasks(service_wants(state, self))
    }

    fn enter(&self, _state: &State, key: &str) -> Option<Open> {
        Some(Open::Screen(
            TaskScreen {
                cluster_arn: self.cluster_arn.clone(),
                task_arn: key.to_string(),
                from: TaskSource::Service(self.service_name.clone()),
            }
            .into(),
        ))
    }

    fn task_definition(&self, state: &State) -> Option<String> {
        let service = state.service(&self.cluster_arn, &self.service_arn)?;
        Some(service.task_definition.clone())
    }

    /// The service's tasks merged, whichever task the cursor is on (Enter, then `L`, for one task's).
    fn logs(&self, _state: &State) -> Option<(String, LogScope)> {
        let service_name = self.service_name.clone();
        Some((self.cluster_arn.clone(), LogScope::Service { service_name }))
    }

    fn console_url(&self, region: &str, _selected: Option<&str>) -> Option<String> {
        let item = ConsoleItem::Service(&self.service_name);
        Some(url(region, arn_name(&self.cluster_arn), Some(item)))
    }
}

/// What the summary says of the service's resources: its CPU and memory (two metrics a minute), its
/// auto scaling range and the alarms firing on it (region-wide reads the services list shares).
fn resource_needs(state: &State, cluster_arn: &str, name: &str) -> Vec<Need> {
    let policy = state.refresh;
    let mut needs = vec![Need::Whole {
        resource: Resource::Explore(Read::ScalableTargets),
        interval_ms: policy.listing_ms,
    }];
    if policy.metrics.enabled {
        needs.push(Need::Loads {
            cluster_arn: cluster_arn.to_string(),
            names: vec![name.to_string()],
            interval_ms: policy.metrics.interval_ms,
        });
        needs.push(Need::Whole {
            resource: Resource::Explore(Read::FiringAlarms),
            interval_ms: policy.metrics.interval_ms,
        });
    }
    needs
}

/// Targets registering or draining: the service is watched closely until they settle.
fn targets_moving(state: &State, service: &Service) -> bool {
    service.target_groups().any(|tg| {
        let targets = state.session.cache.target_health.get(tg);
        targets
            .and_then(|l| l.data.as_ref())
            .is_some_and(|targets| {
                targets
                    .iter()
                    .any(|t| matches!(t.state, TargetState::Initial | TargetState::Draining))
            })
    })
}
