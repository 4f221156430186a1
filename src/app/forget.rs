//! Caches that forget: an 8-hour shift must not grow. Every tick marks what is in use now (`needed_at`):
//! what the screens on the stack show (not only the one on top, so that going back never reloads), what an
//! overlay or a dialog reads, what a change in flight or a running cleanup relies on. Every few seconds the
//! entries that no one has needed or read for `forget_after` (`RefreshPolicy::forget_after_ms`) are dropped;
//! a dropped entry is simply read again when a screen next needs it.
//!
//! Never dropped: the cluster list (the root of every screen), an entry with a request in flight (its answer
//! must find its bookkeeping) or asked for outside polling (`Status::asked`), and a services table any of
//! whose rows is. Task definitions forget like the rest: they are immutable, so keeping them only saves a
//! DescribeTaskDefinition call when one is needed again, which the AWS backend's bounded memo mostly saves
//! anyway; holding every revision ever seen for the whole shift would grow with the walk.

use std::collections::HashSet;

use super::cache::Cache;
use super::loadable::{Loadable, Status};
use super::needs::Need;
use super::{ClustersScreen, Resource, Screen, State};
use crate::model::{family_of, Timestamp};

/// How often the cache is swept (marking is every tick): forgetting is minutes-coarse, and the sweep visits
/// every entry.
pub const SWEEP_EVERY_MS: i64 = 5_000;

/// What a sweep keeps whatever its age: everything of these clusters (a running cleanup's), and the task
/// definitions and revision lists of these families (an open dialog's service's).
#[derive(Debug, Default)]
struct Pinned {
    clusters: HashSet<String>,
    families: HashSet<String>,
}

/// On every tick: mark what is in use now, and every `SWEEP_EVERY_MS` drop what has not been for
/// `forget_after`.
pub fn on_tick(state: &mut State) {
    let now = state.now;
    let (in_use, pinned) = in_use(state);
    let cache = &mut state.session.cache;
    for resource in &in_use {
        if let Some(status) = cache.entry_status_mut(resource) {
            status.needed_at = Some(now);
        }
    }
    if cache
        .swept_at
        .is_some_and(|t| now.since(t) < SWEEP_EVERY_MS)
    {
        return;
    }
    cache.swept_at = Some(now);
    let cutoff = now.plus_millis(-state.refresh.forget_after_ms);
    cache.forget(cutoff, &pinned);
}

/// Everything in use now, and what is pinned whatever its age.
fn in_use(state: &State) -> (Vec<Resource>, Pinned) {
    let mut needs = Vec::new();
    let top = state.screens.len().saturating_sub(1);
    for (i, screen) in state.screens.iter().enumerate() {
        needs.extend(screen.needs(state));
        // The clusters screen reads the selected cluster's capacity only while the cursor rests on it on
        // top; lower on the stack it still shows it when the user comes back.
        if let Screen::Clusters(ClustersScreen { cursor }) = screen {
            let selected = cursor
                .selected_key
                .as_deref()
                .and_then(|a| state.cluster(a));
            if let Some(cluster) = selected.filter(|_| i != top) {
                needs.extend(super::explore::capacity::needs(state, cluster));
            }
        }
    }
    needs.extend(super::needs::overlay_needs(state));
    let mut used: Vec<Resource> = needs.into_iter().flat_map(entries_of).collect();
    let mut pinned = Pinned::default();
    if let Some(dialog) = state.overlay.dialog() {
        // What the dialog opened with, and what it works from without saying so: its service's row, the
        // revisions of its family and their task definitions (the deploy and rollback dialogs' lists).
        let change = dialog.draft.change();
        used.extend(change.opening_reads(state).into_iter().map(table_of));
        used.extend(cluster_table(dialog.draft.cluster_arn()));
        if let Some(service) = dialog.draft.service(state) {
            pinned
                .families
                .insert(family_of(&service.task_definition).to_string());
        }
    }
    for running in &state.in_flight {
        // What settles a change whose answer was lost.
        used.extend(
            running
                .mutation
                .invalidates(state)
                .into_iter()
                .map(table_of),
        );
        used.extend(cluster_table(running.mutation.cluster_arn()));
    }
    if let Some(run) = state.cleanup.as_ref().filter(|r| r.is_running()) {
        pinned
            .clusters
            .insert(run.plan.scope.cluster_arn().to_string());
    }
    (used, pinned)
}

/// The resources whose entries hold what a need reads: a services table for its rows and listing, each
/// row's metrics.
fn entries_of(need: Need) -> Vec<Resource> {
    match need {
        Need::Whole { resource, .. } | Need::Once(resource) => vec![table_of(resource)],
        Need::Services { cluster_arn, .. } => vec![Resource::ServiceList { cluster_arn }],
        Need::Loads {
            cluster_arn, names, ..
        } => names
            .into_iter()
            .map(|service_name| {
                Resource::ServiceLoad(crate::app::ServiceKey {
                    cluster_arn: cluster_arn.clone(),
                    service_name,
                })
            })
            .collect(),
    }
}

/// A service row lives in its cluster's table: the table is the entry.
fn table_of(resource: Resource) -> Resource {
    match resource {
        Resource::Service { cluster_arn, .. } => Resource::ServiceList { cluster_arn },
        other => other,
    }
}

fn cluster_table(cluster_arn: Option<&str>) -> Option<Resource> {
    cluster_arn.map(|c| Resource::ServiceList {
        cluster_arn: c.to_string(),
    })
}

/// Kept by its own reads: a request out for it, asked for outside polling, or needed or read since `cutoff`.
fn recent(status: &Status, cutoff: Timestamp) -> bool {
    status.in_flight || status.asked || status.last_used().is_some_and(|t| t >= cutoff)
}

/// How much the cache holds, for tests and measurements.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Census {
    /// Entries of every map (a services table counts once), the cluster list included.
    pub entries: usize,
    /// Service rows described, over every table.
    pub services: usize,
    /// Tasks held, over every task list and single task.
    pub tasks: usize,
    pub task_definitions: usize,
    /// What the exploring views read.
    pub explored: usize,
}

impl Cache {
    /// The entry's status for `resource` if it exists (a service row's is its table's), without making one.
    pub fn entry_status_mut(&mut self, resource: &Resource) -> Option<&mut Status> {
        match resource {
            Resource::Clusters => Some(&mut self.clusters.status),
            Resource::ServiceList { cluster_arn } | Resource::Service { cluster_arn, .. } => {
                self.services.get_mut(cluster_arn).map(|l| &mut l.status)
            }
            Resource::ServiceTasks(key) => self.tasks.get_mut(key).map(|l| &mut l.status),
            Resource::ClusterTasks { cluster_arn } => self
                .cluster_tasks
                .get_mut(cluster_arn)
                .map(|l| &mut l.status),
            Resource::Task { task_arn, .. } => self.task.get_mut(task_arn).map(|l| &mut l.status),
            Resource::TargetHealth { target_group_arn } => self
                .target_health
                .get_mut(target_group_arn)
                .map(|l| &mut l.status),
            Resource::TaskDefinition { arn } => {
                self.task_definitions.get_mut(arn).map(|l| &mut l.status)
            }
            Resource::Revisions { family } => self.revisions.get_mut(family).map(|l| &mut l.status),
            Resource::Deployments(key) => self.deployments.get_mut(key).map(|l| &mut l.status),
            Resource::Explore(read) => self.explored.get_mut(read).map(|l| &mut l.status),
            Resource::ServiceLoad(key) => self.service_loads.get_mut(key).map(|l| &mut l.status),
        }
    }

    /// Drop every entry not used since `cutoff`, but those in flight or asked for and what `pinned` holds.
    /// A kept revision list keeps the task definitions it names (a dialog shows them from it).
    fn forget(&mut self, cutoff: Timestamp, pinned: &Pinned) {
        let keep = |cluster: Option<&str>, status: &Status| {
            recent(status, cutoff) || cluster.is_some_and(|c| pinned.clusters.contains(c))
        };
        self.services.retain(|cluster, table| {
            let rows_out = table
                .data
                .as_ref()
                .is_some_and(|t| t.row_status.values().any(|s| s.in_flight || s.asked));
            rows_out || keep(Some(cluster), &table.status)
        });
        self.tasks
            .retain(|key, l| keep(Some(&key.cluster_arn), &l.status));
        self.cluster_tasks
            .retain(|cluster, l| keep(Some(cluster), &l.status));
        self.task.retain(|_, l| keep(None, &l.status));
        self.target_health.retain(|_, l| keep(None, &l.status));
        self.deployments
            .retain(|key, l| keep(Some(&key.cluster_arn), &l.status));
        self.explored
            .retain(|read, l| keep(read.cluster_arn(), &l.status));
        self.service_loads
            .retain(|key, l| keep(Some(&key.cluster_arn), &l.status));
        self.revisions
            .retain(|family, l| keep(None, &l.status) || pinned.families.contains(family));
        let listed: HashSet<&String> = self
            .revisions
            .values()
            .filter_map(|l| l.data.as_ref())
            .flatten()
            .collect();
        self.task_definitions.retain(|arn, l| {
            keep(None, &l.status)
                || listed.contains(arn)
                || pinned.families.contains(family_of(arn))
        });
    }

    /// The entries not needed or read since `cutoff` and with no request out, named: what a sweep then
    /// drops but for its pins. For tests and measurements.
    pub fn unused_since(&self, cutoff: Timestamp) -> Vec<String> {
        fn named<'a, K: std::fmt::Debug + 'a, T: 'a>(
            map: impl IntoIterator<Item = (&'a K, &'a Loadable<T>)>,
        ) -> Vec<(String, &'a Status)> {
            map.into_iter()
                .map(|(k, l)| (format!("{k:?}"), &l.status))
                .collect()
        }
        [
            named(&self.services),
            named(&self.tasks),
            named(&self.cluster_tasks),
            named(&self.task),
            named(&self.target_health),
            named(&self.task_definitions),
            named(&self.revisions),
            named(&self.deployments),
            named(&self.explored),
            named(&self.service_loads),
        ]
        .into_iter()
        .flatten()
        .filter(|(_, status)| !recent(status, cutoff))
        .map(|(name, _)| name)
        .collect()
    }

    /// How much it holds now.
    pub fn census(&self) -> Census {
        let lists = self.tasks.values().chain(self.cluster_tasks.values());
        let tables = self.services.values().filter_map(|l| l.data.as_ref());
        Census {
            entries: 1
                + self.services.len()
                + self.tasks.len()
                + self.cluster_tasks.len()
                + self.task.len()
                + self.target_health.len()
                + self.task_definitions.len()
                + self.revisions.len()
                + self.deployments.len()
                + self.explored.len()
                + self.service_loads.len(),
            services: tables.map(|t| t.rows().len()).sum(),
            tasks: lists
                .filter_map(|l| l.data.as_ref())
                .map(|t| t.len())
                .sum::<usize>()
                + self.task.len(),
            task_definitions: self.task_definitions.len(),
            explored: self.explored.len(),
        }
    }
}
