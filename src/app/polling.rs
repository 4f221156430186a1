//! What to fetch now: only what the screen on display needs, once its interval has passed since the last
//! request, with at most one request in flight per resource. Faster while a deployment moves.

use super::update::service_key;
use super::{Effect, Loadable, Screen, State, TaskSource};
use crate::model::Timestamp;

pub fn due_effects(state: &mut State, force: bool) -> Vec<Effect> {
    let policy = state.refresh;
    let mut plan = Plan {
        now: state.now,
        force,
        effects: Vec::new(),
    };
    match state.screen().clone() {
        Screen::Clusters { .. } => {
            plan.want(&mut state.clusters, policy.list_ms, Effect::LoadClusters)
        }
        Screen::Services { cluster_arn, .. } => {
            let services = state.services.entry(cluster_arn.clone()).or_default();
            plan.want(
                services,
                policy.list_ms,
                Effect::LoadServices { cluster_arn },
            );
        }
        Screen::Service {
            cluster_arn,
            service_arn,
            service_name,
            ..
        } => {
            let service = state.service(&cluster_arn, &service_arn).cloned();
            let interval = match &service {
                Some(s) if s.is_deploying() => policy.deploying_ms,
                _ => policy.detail_ms,
            };
            let detail = state
                .service_details
                .entry(service_arn.clone())
                .or_default();
            plan.want(
                detail,
                interval,
                Effect::LoadService {
                    cluster_arn: cluster_arn.clone(),
                    service_arn,
                },
            );
            want_tasks(&mut plan, state, cluster_arn, service_name, interval);
            for binding in service.iter().flat_map(|s| &s.load_balancers) {
                let arn = binding.target_group_arn.clone();
                let health = state.target_health.entry(arn.clone()).or_default();
                plan.want(
                    health,
                    interval,
                    Effect::LoadTargetHealth {
                        target_group_arn: arn,
                    },
                );
            }
        }
        Screen::Tasks { cluster_arn, .. } => {
            want_cluster_tasks(&mut plan, state, cluster_arn, policy.list_ms)
        }
        Screen::Task {
            cluster_arn, from, ..
        } => {
            let task_definition = state
                .task_on_screen()
                .map(|t| t.task_definition_arn.clone());
            match from {
                TaskSource::Service(service_name) => want_tasks(
                    &mut plan,
                    state,
                    cluster_arn,
                    service_name,
                    policy.detail_ms,
                ),
                TaskSource::Cluster => {
                    want_cluster_tasks(&mut plan, state, cluster_arn, policy.detail_ms)
                }
            }
            if let Some(arn) = task_definition {
                let def = state.task_definitions.entry(arn.clone()).or_default();
                // Revisions are immutable: fetched once; only a failed fetch is tried again.
                if def.data.is_none() {
                    plan.want(def, policy.detail_ms, Effect::LoadTaskDefinition { arn });
                }
            }
        }
    }
    plan.effects
}

struct Plan {
    now: Timestamp,
    force: bool,
    effects: Vec<Effect>,
}

impl Plan {
    fn want<T>(&mut self, loadable: &mut Loadable<T>, interval_ms: i64, effect: Effect) {
        if loadable.is_due(self.now, interval_ms, self.force) {
            loadable.start(self.now);
            self.effects.push(effect);
        } else if self.force && loadable.in_flight {
            loadable.refresh_requested = true;
        }
    }
}

/// A service's tasks, by (cluster, service name): the service screen and the task screen both show them.
fn want_tasks(
    plan: &mut Plan,
    state: &mut State,
    cluster_arn: String,
    service_name: String,
    interval_ms: i64,
) {
    let tasks = state
        .tasks
        .entry(service_key(&cluster_arn, &service_name))
        .or_default();
    plan.want(
        tasks,
        interval_ms,
        Effect::LoadTasks {
            cluster_arn,
            service_name,
        },
    );
}

/// Every task of a cluster: the tasks screen and a task opened from it show them.
fn want_cluster_tasks(plan: &mut Plan, state: &mut State, cluster_arn: String, interval_ms: i64) {
    let tasks = state.cluster_tasks.entry(cluster_arn.clone()).or_default();
    plan.want(tasks, interval_ms, Effect::LoadClusterTasks { cluster_arn });
}

/// A read asked for outside polling (after a change, by a dialog, by a cleanup's wait), through the same
/// bookkeeping: sent unless that resource already has a request in flight, in which case it is asked again
/// as soon as that answer comes (the answer may predate the change). Effects that are not reads pass.
pub fn request(state: &mut State, effect: Effect) -> Option<Effect> {
    let loadable: Option<&mut dyn Bookkept> = match &effect {
        Effect::LoadClusters => Some(&mut state.clusters),
        Effect::LoadServices { cluster_arn } => {
            Some(state.services.entry(cluster_arn.clone()).or_default())
        }
        Effect::LoadService { service_arn, .. } => Some(
            state
                .service_details
                .entry(service_arn.clone())
                .or_default(),
        ),
        Effect::LoadTasks {
            cluster_arn,
            service_name,
        } => Some(
            state
                .tasks
                .entry(service_key(cluster_arn, service_name))
                .or_default(),
        ),
        Effect::LoadClusterTasks { cluster_arn } => {
            Some(state.cluster_tasks.entry(cluster_arn.clone()).or_default())
        }
        _ => None,
    };
    let Some(loadable) = loadable else {
        return Some(effect);
    };
    loadable.ask(state.now).then_some(effect)
}

/// The part of a `Loadable` that `request` needs, whatever it holds.
trait Bookkept {
    /// Start a request now, or (one in flight) ask again after it; whether to send one.
    fn ask(&mut self, now: Timestamp) -> bool;
}

impl<T> Bookkept for Loadable<T> {
    fn ask(&mut self, now: Timestamp) -> bool {
        if self.in_flight {
            self.refresh_requested = true;
            return false;
        }
        self.start(now);
        true
    }
}
