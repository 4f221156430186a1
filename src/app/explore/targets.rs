//! A target group's targets, each with the task (and the service) behind it when wharf knows it.

use super::row::{fill, fixed, Cell, Tone, ViewColumn, ViewRow};
use super::{Empty, Listing, Open, Table, ViewSpec};
use crate::app::needs::Need;
use crate::app::table::{col, SortColumn};
use crate::app::TaskScreen;
use crate::app::{RefreshPolicy, Resource, Screen, ServiceKey, State, TaskSource};
use crate::model::{arn_name, elb_name, short_id, task_of_target, TargetHealth, TargetState, Task};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Targets {
    pub target_group_arn: String,
}

const COLUMNS: &[ViewColumn] = &[
    fixed("TARGET", 21),
    fixed("STATE", 11),
    fixed("AZ", 11).optional(),
    fixed("TASK", 10).optional(),
    fixed("SERVICE", 20),
    fill("REASON"),
];

const SORT: &[SortColumn] = &[
    col("TARGET", false),
    col("STATE", false),
    col("AZ", false),
    col("SERVICE", false),
];

const TABLE: Table = Table {
    columns: COLUMNS,
    sort: SORT,
};

/// Where a task was found: the list it is in, for the task screen.
struct Found<'a> {
    task: &'a Task,
    cluster_arn: &'a str,
    from: TaskSource,
}

impl Targets {
    /// The services known to register in this group (from services already read).
    fn services(&self, state: &State) -> Vec<ServiceKey> {
        let mut keys = Vec::new();
        for (cluster_arn, table) in &state.session.cache.services {
            let Some(table) = &table.data else { continue };
            for s in table.rows() {
                if s.target_groups().any(|tg| tg == self.target_group_arn) {
                    keys.push(ServiceKey {
                        cluster_arn: cluster_arn.clone(),
                        service_name: s.name.clone(),
                    });
                }
            }
        }
        keys.sort_by(|a, b| {
            (&a.cluster_arn, &a.service_name).cmp(&(&b.cluster_arn, &b.service_name))
        });
        keys
    }

    fn task_of<'a>(&self, state: &'a State, target: &TargetHealth) -> Option<Found<'a>> {
        let cache = &state.session.cache;
        for (key, list) in &cache.tasks {
            if let Some(task) = list.data.as_deref().and_then(|t| task_of_target(target, t)) {
                return Some(Found {
                    task,
                    cluster_arn: &key.cluster_arn,
                    from: TaskSource::Service(key.service_name.clone()),
                });
            }
        }
        for (cluster_arn, list) in &cache.cluster_tasks {
            if let Some(task) = list.data.as_deref().and_then(|t| task_of_target(target, t)) {
                return Some(Found {
                    task,
                    cluster_arn,
                    from: TaskSource::Cluster,
                });
            }
        }
        None
    }

    fn targets<'a>(&self, state: &'a State) -> Option<&'a Vec<TargetHealth>> {
        state
            .session
            .cache
            .target_health
            .get(&self.target_group_arn)?
            .data
            .as_ref()
    }
}

impl ViewSpec for Targets {
    fn title(&self) -> String {
        format!("Targets of {}", elb_name(&self.target_group_arn))
    }

    fn crumb(&self) -> String {
        elb_name(&self.target_group_arn).to_string()
    }

    fn table(&self) -> &'static Table {
        &TABLE
    }

    /// The targets, and the tasks to name them by: the tasks of the services known to use the group, or
    /// when none is known, every task of every cluster, read once (on a big account they are thousands,
    /// and a target's task rarely changes; a target registered later shows `?` until a list is read again).
    fn source(&self) -> Resource {
        Resource::TargetHealth {
            target_group_arn: self.target_group_arn.clone(),
        }
    }

    fn pace(&self, policy: &RefreshPolicy) -> i64 {
        policy.detail_ms
    }

    fn needs(&self, state: &State, _on_screen: &[&str]) -> Vec<Need> {
        let policy = state.refresh;
        let mut needs = vec![self.source_need(state)];
        let services = self.services(state);
        if services.is_empty() {
            needs.push(Need::Whole {
                resource: Resource::Clusters,
                interval_ms: policy.list_ms,
            });
            let clusters = state.session.cache.clusters.data.iter().flatten();
            needs.extend(clusters.filter(|c| c.running_tasks > 0).map(|c| {
                Need::Once(Resource::ClusterTasks {
                    cluster_arn: c.arn.clone(),
                })
            }));
        } else {
            needs.extend(services.into_iter().map(|key| Need::Whole {
                resource: Resource::ServiceTasks(key),
                interval_ms: policy.detail_ms,
            }));
        }
        needs
    }

    fn rows(&self, state: &State) -> Listing {
        let loadable = state
            .session
            .cache
            .target_health
            .get(&self.target_group_arn);
        match (
            self.targets(state),
            loadable.and_then(|l| l.status.error.as_ref()),
        ) {
            (Some(targets), _) => {
                let mut targets: Vec<&TargetHealth> = targets.iter().collect();
                targets.sort_by_key(|t| (t.state.severity(), t.target_id.clone(), t.port));
                Listing::Rows(targets.into_iter().map(|t| self.row(state, t)).collect())
            }
            (None, Some(e)) => Listing::Failed(e.clone()),
            (None, None) => Listing::Loading,
        }
    }

    fn empty(&self, _state: &State) -> Empty {
        Empty {
            headline: format!("{} has no targets.", elb_name(&self.target_group_arn)),
            meaning:
                "No task is registered in it: its service has no running tasks, or no service uses \
                      the group."
                    .into(),
        }
    }

    fn enter(&self, state: &State, key: &str) -> Option<Open> {
        let target = self.targets(state)?.iter().find(|t| target_key(t) == key)?;
        let found = self.task_of(state, target)?;
        Some(Open::Screen(Screen::Task(TaskScreen {
            cluster_arn: found.cluster_arn.to_string(),
            task_arn: found.task.arn.clone(),
            from: found.from,
        })))
    }
}

impl Targets {
    fn row(&self, state: &State, t: &TargetHealth) -> ViewRow {
        let tone = match t.state {
            TargetState::Healthy => Tone::Good,
            TargetState::Initial | TargetState::Draining => Tone::Busy,
            TargetState::Unused => Tone::Muted,
            TargetState::Unhealthy | TargetState::Unavailable => Tone::Bad,
        };
        let found = self.task_of(state, t);
        let (task, service) = match &found {
            Some(f) => (
                Cell::text(short_id(arn_name(&f.task.arn))),
                Cell::text(
                    f.task
                        .group
                        .strip_prefix("service:")
                        .unwrap_or(&f.task.group),
                ),
            ),
            None => (Cell::muted("?"), Cell::muted("")),
        };
        let reason = [t.reason.as_deref(), t.description.as_deref()]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(": ");
        ViewRow::new(
            target_key(t),
            vec![
                Cell::text(format!("{}:{}", t.target_id, t.port)),
                Cell::toned(t.state.as_str(), tone),
                Cell::text(t.availability_zone.clone().unwrap_or_default()),
                task,
                service,
                Cell::muted(reason),
            ],
        )
    }
}

/// A target's key: its id and port (a group may hold one IP on two ports).
fn target_key(t: &TargetHealth) -> String {
    format!("{}:{}", t.target_id, t.port)
}
