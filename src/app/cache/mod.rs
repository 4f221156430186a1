//! Everything read from the account, keyed by `Resource`: each with its data and where its reads stand.
//! Typed maps underneath, so that screens read `Vec<Service>` and not a variant; `status` and `store` are
//! the one way in by `Resource`.

use std::collections::HashMap;

use crate::backend::BackendError;
use crate::model::{
    Cluster, ServiceDeployment, ServiceLoad, TargetHealth, Task, TaskDefinition, Timestamp,
};

mod service_loads;
mod task_reads;

use super::explore::read::ExploredCache;
use super::explore::Read;
use super::loadable::Status;
use super::resource::{Fetch, Payload, Resource, TaskPart};
use super::service_table::ServiceTable;
use super::task_list::TaskList;
use super::{Loadable, ServiceKey};

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Cache {
    /// Sorted by name.
    pub clusters: Loadable<Vec<Cluster>>,
    /// By cluster ARN; the status is the listing's, each row has its own.
    pub services: HashMap<String, Loadable<ServiceTable>>,
    /// Sorted: live tasks first (newest first), then stopped tasks (most recently stopped first).
    pub tasks: HashMap<ServiceKey, Loadable<TaskList>>,
    /// Every task of a cluster (standalone ones too), by cluster ARN; sorted like `tasks`.
    pub cluster_tasks: HashMap<String, Loadable<TaskList>>,
    /// Single tasks described on their own, by task ARN.
    pub task: HashMap<String, Loadable<Task>>,
    /// By target group ARN.
    pub target_health: HashMap<String, Loadable<Vec<TargetHealth>>>,
    /// By ARN; revisions are immutable, so these are never polled: read once while needed (and again only
    /// after `forget` dropped one no one needed).
    pub task_definitions: HashMap<String, Loadable<TaskDefinition>>,
    /// A family's ACTIVE revision ARNs, newest first (the newest few, for choosing and rolling back).
    pub revisions: HashMap<String, Loadable<Vec<String>>>,
    /// A service's newest deployments, newest first.
    pub deployments: HashMap<ServiceKey, Loadable<Vec<ServiceDeployment>>>,
    /// What the exploring views read, each under its own read.
    pub explored: ExploredCache,
    /// The services list's CPU and memory, by service.
    pub service_loads: HashMap<ServiceKey, Loadable<ServiceLoad>>,
    /// When `forget` last dropped what no one needs any more.
    pub swept_at: Option<Timestamp>,
}

impl Cache {
    /// Where the reads of `resource` stand, if it was ever asked for.
    pub fn status(&self, resource: &Resource) -> Option<&Status> {
        match resource {
            Resource::Clusters => Some(&self.clusters.status),
            Resource::ServiceList { cluster_arn } => {
                self.services.get(cluster_arn).map(|l| &l.status)
            }
            Resource::Service {
                cluster_arn,
                service_arn,
            } => self
                .services
                .get(cluster_arn)?
                .data
                .as_ref()?
                .status(service_arn),
            Resource::ServiceTasks(key) => self.tasks.get(key).map(|l| &l.status),
            Resource::ClusterTasks { cluster_arn } => {
                self.cluster_tasks.get(cluster_arn).map(|l| &l.status)
            }
            Resource::Task { task_arn, .. } => self.task.get(task_arn).map(|l| &l.status),
            Resource::TargetHealth { target_group_arn } => {
                self.target_health.get(target_group_arn).map(|l| &l.status)
            }
            Resource::TaskDefinition { arn } => self.task_definitions.get(arn).map(|l| &l.status),
            Resource::Revisions { family } => self.revisions.get(family).map(|l| &l.status),
            Resource::Deployments(key) => self.deployments.get(key).map(|l| &l.status),
            Resource::Explore(read) => self.explored.get(read).map(|l| &l.status),
            Resource::ServiceLoad(key) => self.service_loads.get(key).map(|l| &l.status),
        }
    }

    /// The same, made if it was never asked for.
    pub fn status_mut(&mut self, resource: &Resource) -> &mut Status {
        match resource {
            Resource::Clusters => &mut self.clusters.status,
            Resource::ServiceList { cluster_arn } => {
                &mut self.services.entry(cluster_arn.clone()).or_default().status
            }
            Resource::Service {
                cluster_arn,
                service_arn,
            } => self
                .services
                .entry(cluster_arn.clone())
                .or_default()
                .data
                .get_or_insert_with(ServiceTable::default)
                .status_mut(service_arn),
            Resource::ServiceTasks(key) => &mut self.tasks.entry(key.clone()).or_default().status,
            Resource::ClusterTasks { cluster_arn } => {
                &mut self
                    .cluster_tasks
                    .entry(cluster_arn.clone())
                    .or_default()
                    .status
            }
            Resource::Task { task_arn, .. } => {
                &mut self.task.entry(task_arn.clone()).or_default().status
            }
            Resource::TargetHealth { target_group_arn } => {
                &mut self
                    .target_health
                    .entry(target_group_arn.clone())
                    .or_default()
                    .status
            }
            Resource::TaskDefinition { arn } => {
                &mut self.task_definitions.entry(arn.clone()).or_default().status
            }
            Resource::Revisions { family } => {
                &mut self.revisions.entry(family.clone()).or_default().status
            }
            Resource::Deployments(key) => {
                &mut self.deployments.entry(key.clone()).or_default().status
            }
            Resource::Explore(read) => &mut self.explored.entry(read.clone()).or_default().status,
            Resource::ServiceLoad(key) => {
                &mut self.service_loads.entry(key.clone()).or_default().status
            }
        }
    }

    /// Record the answer to `fetch`. A payload of the wrong shape for the fetch is a bug in the runtime; it
    /// is recorded as an error rather than trusted.
    pub fn store(
        &mut self,
        fetch: &Fetch,
        result: Result<Payload, BackendError>,
        at: Timestamp,
        calls: u32,
    ) {
        match fetch {
            Fetch::ServicePage { cluster_arn, .. } => {
                let entry = self.services.entry(cluster_arn.clone()).or_default();
                match result {
                    Ok(Payload::ServicePage { arns, next }) => {
                        let table = entry.data.get_or_insert_with(ServiceTable::default);
                        let before = table.listed.len();
                        table.listed_page(arns, next);
                        let changed = table.listed.len() != before;
                        entry.status.answered(None, calls, at, changed);
                    }
                    other => entry
                        .status
                        .answered(Some(mismatch(other)), calls, at, false),
                }
            }
            Fetch::Services { cluster_arn, arns } => {
                let table = self
                    .services
                    .entry(cluster_arn.clone())
                    .or_default()
                    .data
                    .get_or_insert_with(ServiceTable::default);
                let described = match result {
                    Ok(Payload::Services(d)) => Ok(d),
                    other => Err(mismatch(other)),
                };
                table.described(arns, described, at);
                if let Some(first) = arns.first() {
                    table.status_mut(first).calls = calls;
                }
            }
            Fetch::One(resource) => self.store_whole(resource, result, at, calls),
            Fetch::ServiceLoads { cluster_arn, names } => {
                service_loads::store(self, cluster_arn, names, result, at, calls)
            }
        }
    }

    fn store_whole(
        &mut self,
        resource: &Resource,
        result: Result<Payload, BackendError>,
        at: Timestamp,
        calls: u32,
    ) {
        match resource {
            Resource::Clusters => {
                let r = result.and_then(|p| match p {
                    Payload::Clusters(mut c) => {
                        c.sort_by(|a, b| a.name.cmp(&b.name));
                        Ok(c)
                    }
                    other => Err(mismatch(Ok(other))),
                });
                self.clusters.apply(r, at, calls);
            }
            Resource::ServiceTasks(_) | Resource::ClusterTasks { .. } => {
                if let Some(entry) = self.task_list_mut(resource) {
                    task_reads::store_end(entry, result, at, calls);
                }
            }
            Resource::Task { task_arn, .. } => {
                let r = result.and_then(|p| match p {
                    Payload::Task(t) => Ok(*t),
                    other => Err(mismatch(Ok(other))),
                });
                self.task
                    .entry(task_arn.clone())
                    .or_default()
                    .apply(r, at, calls);
            }
            Resource::TargetHealth { target_group_arn } => {
                let r = result.and_then(|p| match p {
                    Payload::TargetHealth(t) => Ok(t),
                    other => Err(mismatch(Ok(other))),
                });
                let entry = self
                    .target_health
                    .entry(target_group_arn.clone())
                    .or_default();
                entry.apply(r, at, calls);
            }
            Resource::TaskDefinition { arn } => {
                let r = result.and_then(|p| match p {
                    Payload::TaskDefinition(t) => Ok(*t),
                    other => Err(mismatch(Ok(other))),
                });
                let entry = self.task_definitions.entry(arn.clone()).or_default();
                entry.apply(r, at, calls);
            }
            Resource::Revisions { family } => {
                let r = result.and_then(|p| match p {
                    Payload::Revisions(revisions) => Ok(revisions),
                    other => Err(mismatch(Ok(other))),
                });
                let arns = r.map(|revisions| {
                    let arns = revisions.iter().map(|td| td.arn.clone()).collect();
                    for td in revisions {
                        self.task_definitions
                            .insert(td.arn.clone(), Loadable::loaded(td, at));
                    }
                    arns
                });
                let entry = self.revisions.entry(family.clone()).or_default();
                entry.apply(arns, at, calls);
            }
            Resource::Deployments(key) => {
                let r = result.and_then(|p| match p {
                    Payload::Deployments(d) => Ok(d),
                    other => Err(mismatch(Ok(other))),
                });
                self.deployments
                    .entry(key.clone())
                    .or_default()
                    .apply(r, at, calls);
            }
            Resource::Explore(read) => {
                let r = result.and_then(|p| match p {
                    Payload::Explored(e) => Ok(e),
                    other => Err(mismatch(Ok(other))),
                });
                self.explored
                    .entry(read.clone())
                    .or_default()
                    .apply(r, at, calls);
                // Log lines are many, and a log view's streams change as tasks are replaced: keep only the
                // newest answer (a log view shows the lines of an earlier read until its own answers).
                if matches!(read, Read::Logs { .. }) {
                    self.explored.retain(|r, l| {
                        r == read || l.status.in_flight || !matches!(r, Read::Logs { .. })
                    });
                }
            }
            // Always fetched as `Fetch::ServicePage`, `Fetch::Services` and `Fetch::ServiceLoads` (see
            // `Fetch::of`).
            Resource::ServiceList { .. } | Resource::Service { .. } | Resource::ServiceLoad(_) => {
                let error = mismatch(result.and_then(|p| Err(mismatch(Ok(p)))));
                self.status_mut(resource)
                    .answered(Some(error), calls, at, false);
            }
        }
    }

    /// A fault has cleared: every read that failed on one goes again as soon as a screen shows it.
    pub fn retry_failing(&mut self) {
        let retry = |s: &mut Status| {
            if s.waits_for_probe() && !s.in_flight {
                s.retry_now = true;
            }
        };
        retry(&mut self.clusters.status);
        for table in self.services.values_mut() {
            retry(&mut table.status);
            table
                .data
                .iter_mut()
                .for_each(|t| t.row_status.values_mut().for_each(retry));
        }
        let statuses = (self.tasks.values_mut().map(|l| &mut l.status))
            .chain(self.cluster_tasks.values_mut().map(|l| &mut l.status))
            .chain(self.task.values_mut().map(|l| &mut l.status))
            .chain(self.target_health.values_mut().map(|l| &mut l.status))
            .chain(self.task_definitions.values_mut().map(|l| &mut l.status))
            .chain(self.revisions.values_mut().map(|l| &mut l.status))
            .chain(self.deployments.values_mut().map(|l| &mut l.status))
            .chain(self.explored.values_mut().map(|l| &mut l.status))
            .chain(self.service_loads.values_mut().map(|l| &mut l.status));
        statuses.for_each(retry);
    }

    /// A part of a task list's read, before its answer (`TaskPart`). Whether the rows changed.
    pub fn store_part(&mut self, fetch: &Fetch, part: TaskPart) -> bool {
        let Fetch::One(resource) = fetch else {
            return false;
        };
        match self.task_list_mut(resource) {
            Some(entry) => task_reads::store_part(entry, part),
            None => false,
        }
    }

    /// The task list a task read fills, made if it was never asked for.
    fn task_list_mut(&mut self, resource: &Resource) -> Option<&mut Loadable<TaskList>> {
        match resource {
            Resource::ServiceTasks(key) => Some(self.tasks.entry(key.clone()).or_default()),
            Resource::ClusterTasks { cluster_arn } => {
                Some(self.cluster_tasks.entry(cluster_arn.clone()).or_default())
            }
            _ => None,
        }
    }

    /// An answer no one waits for any more: the request is over, the data is not kept. Something never
    /// loaded is due again at once if its screen is opened again.
    pub fn dropped(&mut self, fetch: &Fetch, at: Timestamp) {
        for resource in fetch.resources() {
            // A refresh filled in as it came stops there, keeping what it read, removing nothing; a first
            // read leaves nothing, so that a part of a list is never shown as the whole of it.
            if let Some(entry) = self.task_list_mut(&resource) {
                match &mut entry.data {
                    Some(list) if list.is_loading() => entry.data = None,
                    Some(list) if list.is_reading() => {
                        list.finish(false, false);
                    }
                    _ => {}
                }
            }
            let status = self.status_mut(&resource);
            status.in_flight = false;
            status.urgent = false;
            status.polled_at = match status.fetched_at {
                None => None,
                Some(_) => status.polled_at.max(Some(at)),
            };
        }
    }
}

/// The error an answer of the wrong shape (or an error) becomes.
fn mismatch(answer: Result<Payload, BackendError>) -> BackendError {
    match answer {
        Err(e) => e,
        Ok(_) => BackendError::Api {
            code: "InternalError".into(),
            message: "wharf got an answer of the wrong kind for its request".into(),
        },
    }
}
