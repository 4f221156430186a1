//! The service scheduler: once per step, each service is brought towards its desired count and its PRIMARY
//! deployment, within the throttle, the placement constraints and the deployment limits.

use super::deployment::{self, LiveTask};
use super::events;
use super::launch::Launch;
use super::lifecycle::{self, begin_stop, Parts};
use super::placement::{self, Placing};
use super::shifting;
use super::world::{SimService, World};
use crate::model::{RolloutState, ServiceStatus, StopCode, TaskStatus, Timestamp};

/// Consecutive tasks that fail to reach RUNNING before the throttle starts.
pub const THROTTLE_AFTER: u32 = 3;
/// The longest wait between launch attempts of a throttled service.
pub const THROTTLE_MAX_MS: i64 = 15 * 60_000;
/// How often the same placement failure is repeated as an event.
const PLACEMENT_EVENT_EVERY_MS: i64 = 5 * 60_000;
/// A task that stays healthy this long has started successfully: the deployment's failure count resets.
pub const PROVEN_MS: i64 = 2 * 60_000;

/// The wait before the next launch after `failures` consecutive failed starts.
pub fn throttle_delay(failures: u32) -> i64 {
    if failures < THROTTLE_AFTER {
        return 0;
    }
    let doublings = (failures - THROTTLE_AFTER).min(10);
    (30_000i64 << doublings).min(THROTTLE_MAX_MS)
}

impl SimService {
    /// A task of this service failed. Tasks that never reached RUNNING feed the throttle logic; every failure of
    /// a deployment in progress counts towards its circuit breaker.
    pub(crate) fn record_failure(
        &mut self,
        deployment: &str,
        reached_running: bool,
        now: Timestamp,
    ) {
        self.steady = false;
        if !reached_running {
            self.start_failures += 1;
            let wait = throttle_delay(self.start_failures);
            self.next_launch_at = self.next_launch_at.max(now.plus_millis(wait));
            let repeat = self
                .throttle_event_at
                .is_none_or(|at| now.since(at) >= THROTTLE_MAX_MS);
            if self.start_failures >= THROTTLE_AFTER && repeat {
                self.throttle_event_at = Some(now);
                let message = events::unable_to_consistently_start(&self.name);
                self.batch.message(message);
            }
        }
        if let Some(d) = self.deployments.iter_mut().find(|d| d.id == deployment) {
            if d.rollout_state == RolloutState::InProgress {
                d.failed_tasks += 1;
                d.updated_at = now;
            }
        }
    }

    /// Back to normal, non-throttled launching (a new task definition, or a task that reached RUNNING).
    pub(crate) fn reset_throttle(&mut self) {
        self.start_failures = 0;
        self.next_launch_at = Timestamp(0);
        self.throttle_event_at = None;
    }
}

impl World {
    /// The service's tasks that should be running, and the deployment index of every task not STOPPED yet.
    fn survey(&self, svc: &SimService) -> (Vec<LiveTask>, Vec<usize>) {
        let mut live = Vec::with_capacity(svc.tasks.len());
        let mut present = Vec::with_capacity(svc.tasks.len());
        for t in svc.tasks.iter().filter_map(|k| self.tasks.get(k)) {
            let deployment = svc
                .deployments
                .iter()
                .position(|d| d.id == t.task.started_by)
                .unwrap_or(usize::MAX);
            present.push(deployment);
            if t.is_live() {
                live.push(LiveTask {
                    key: t.key,
                    deployment,
                    healthy: lifecycle::is_healthy(t),
                    proven: t
                        .healthy_since
                        .is_some_and(|s| self.now.since(s) >= PROVEN_MS),
                    az: t.az,
                    draining: self
                        .on_draining_instance(&t.cluster, t.task.container_instance_arn.as_deref()),
                    protected: t.protected_until.is_some_and(|until| until > self.now),
                });
            }
        }
        (live, present)
    }

    /// One scheduler pass over one service.
    pub(crate) fn reconcile(&mut self, svc: &mut SimService) {
        let now = self.now;
        if svc.status == ServiceStatus::Inactive {
            return;
        }
        let (mut live, mut present) = self.survey(svc);
        if svc.status == ServiceStatus::Draining {
            let keys: Vec<u64> = live.iter().map(|t| t.key).collect();
            self.stop_by_scheduler(svc, &keys);
            // INACTIVE once every task is STOPPING or STOPPED (its targets have drained).
            let drained = svc.tasks.iter().all(|k| {
                self.tasks
                    .get(k)
                    .is_none_or(|t| t.task.last_status >= TaskStatus::Stopping)
            });
            if drained {
                svc.status = ServiceStatus::Inactive;
            }
            return;
        }
        for t in live.iter().filter(|t| t.proven) {
            if let Some(d) = svc.deployments.get_mut(t.deployment) {
                d.failed_tasks = 0;
            }
        }
        let deployments = svc.deployments.len();
        deployment::check_circuit_breaker(svc, now, &mut self.rng);
        if svc.deployments.len() != deployments {
            (live, present) = self.survey(svc);
        }
        let primary = svc.deployments.first().map(|d| d.id.clone());
        let shifted = shifting::step(svc, &live, now);
        if svc.deployments.first().map(|d| d.id.clone()) != primary {
            // A traffic-shifting deployment rolled back: blue is PRIMARY again.
            (live, present) = self.survey(svc);
        }
        let plan = shifted.unwrap_or_else(|| deployment::plan(svc, &live));
        protection_event(svc, plan.held, now, &mut self.rng);
        self.stop_by_scheduler(svc, &plan.stop);
        let launch = plan.start > 0 && now >= svc.next_launch_at;
        if launch {
            self.start_tasks(svc, &live, &plan.stop, plan.start);
        }
        if launch || !plan.stop.is_empty() {
            (live, present) = self.survey(svc);
        }
        deployment::settle(svc, &live, &present, now);
        self.refresh_records(svc);
        self.route_traffic(svc);
    }

    fn stop_by_scheduler(&mut self, svc: &mut SimService, keys: &[u64]) {
        if keys.is_empty() {
            return;
        }
        let reason = match svc.deployments.first() {
            Some(d) => format!("Scaling activity initiated by (deployment {})", d.id),
            None => "Scaling activity initiated by the service scheduler".to_string(),
        };
        let Parts { tasks, mut ctx, .. } = self.parts();
        for k in keys {
            if let Some(t) = tasks.get_mut(k) {
                let groups = begin_stop(t, &mut ctx, StopCode::ServiceSchedulerInitiated, &reason);
                lifecycle::deregistered(svc, &groups);
                svc.batch.stopped(t.task.id());
            }
        }
        svc.steady = false;
    }

    fn start_tasks(&mut self, svc: &mut SimService, live: &[LiveTask], stopped: &[u64], n: u32) {
        let Some(primary) = svc.deployments.first() else {
            return;
        };
        let (deployment, td_arn) = (primary.id.clone(), primary.task_definition.clone());
        let Some(need) = self.task_definitions.get(&td_arn).map(placement::needs) else {
            return;
        };
        let mut per_az = [0u32; 3];
        for t in live
            .iter()
            .filter(|t| !t.draining && !stopped.contains(&t.key))
        {
            per_az[t.az.min(2)] += 1;
        }
        let who = Placing {
            cluster: &svc.cluster,
            launch_type: svc.launch_type,
            service: Some(svc.key),
        };
        let launch = Launch {
            cluster: svc.cluster.clone(),
            launch_type: svc.launch_type,
            service: Some(svc.key),
            group: format!("service:{}", svc.name),
            started_by: deployment,
            enable_execute_command: svc.enable_execute_command,
        };
        for _ in 0..n {
            match self.place(who, need, &per_az) {
                Ok(spot) => {
                    per_az[spot.az] += 1;
                    if let Some(key) = self.launch_task(&launch, &td_arn, spot) {
                        svc.tasks.insert(key);
                        if let Some(t) = self.tasks.get(&key) {
                            svc.batch.started(t.task.id());
                        }
                    }
                }
                Err(why) => {
                    let message = events::unable_to_place(&svc.name, &why.detail());
                    let repeat = svc.placement_event.as_ref().is_none_or(|(m, at)| {
                        *m != message || self.now.since(*at) >= PLACEMENT_EVENT_EVERY_MS
                    });
                    if repeat {
                        svc.placement_event = Some((message.clone(), self.now));
                        svc.batch.message(message);
                    }
                    break;
                }
            }
        }
        svc.steady = false;
    }
}

/// ECS's words when protection keeps tasks that scale-in or a deployment would stop: said when the count
/// changes, not every step (ECS leaves out an event it just sent).
fn protection_event(svc: &mut SimService, held: usize, now: Timestamp, rng: &mut fastrand::Rng) {
    let last = svc.protection_event;
    svc.protection_event = (held > 0).then_some(held);
    if held == 0 || last == Some(held) {
        return;
    }
    let message = events::unable_to_scale_in(&svc.name, held);
    events::push(svc, now, rng, message);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn throttle_waits_grow_to_fifteen_minutes() {
        assert_eq!(throttle_delay(0), 0);
        assert_eq!(throttle_delay(THROTTLE_AFTER - 1), 0);
        assert_eq!(throttle_delay(THROTTLE_AFTER), 30_000);
        assert_eq!(throttle_delay(THROTTLE_AFTER + 1), 60_000);
        assert_eq!(throttle_delay(THROTTLE_AFTER + 10), THROTTLE_MAX_MS);
        assert_eq!(throttle_delay(u32::MAX), THROTTLE_MAX_MS);
    }
}
