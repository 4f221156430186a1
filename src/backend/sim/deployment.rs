//! Rolling deployments: how many tasks to start and which to stop so that a service moves to its PRIMARY
//! deployment within minimumHealthyPercent and maximumPercent; rollout states; the circuit breaker and rollback.

use fastrand::Rng;

use super::events;
use super::ids;
use super::service_deployments::{roll_back, side, RecordStatus};
use super::world::{Completed, SimDeployment, SimService};
use crate::model::{CircuitBreaker, DeploymentStatus, RolloutState, Timestamp};

/// What the scheduler needs to know about one task that should be running.
#[derive(Debug, Clone, Copy)]
pub(crate) struct LiveTask {
    pub key: u64,
    /// Index into the service's deployments (0 = PRIMARY); `usize::MAX` for a deployment that is gone.
    pub deployment: usize,
    pub healthy: bool,
    /// Healthy for [`super::scheduler::PROVEN_MS`]: the task started successfully.
    pub proven: bool,
    pub az: usize,
    /// On a DRAINING container instance: to be replaced like a task of an old deployment.
    pub draining: bool,
    /// Under scale-in protection: scale-in and deployments leave it running.
    pub protected: bool,
}

#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct Plan {
    pub stop: Vec<u64>,
    pub start: u32,
    /// Tasks that would have been stopped but are protected from scale-in.
    pub held: usize,
}

/// The task limits of a rolling update: (at most this many tasks, at least this many healthy).
pub fn limits(desired: u32, minimum_healthy_percent: u32, maximum_percent: u32) -> (u32, u32) {
    // In u64: desired x percent overflows u32 for large (or hostile) values.
    let percent_of = |p: u32| u64::from(desired) * u64::from(p);
    let max_total = u32::try_from(percent_of(maximum_percent) / 100).unwrap_or(u32::MAX);
    let min_healthy = u32::try_from(percent_of(minimum_healthy_percent).div_ceil(100))
        .unwrap_or(u32::MAX)
        .min(desired);
    // A deployment must be able to make progress: allow one task above the minimum.
    let max_total = if desired > 0 {
        max_total.max(min_healthy.saturating_add(1))
    } else {
        0
    };
    (max_total, min_healthy)
}

/// Chooses `n` of `candidates` to stop: tasks that are not healthy first, then from the AZ with the most of the
/// service's tasks, newest first, so that what remains stays balanced.
pub(crate) fn pick_for_stop(live: &[LiveTask], candidates: &[LiveTask], n: usize) -> Vec<u64> {
    let mut per_az = [0u32; 3];
    for t in live {
        per_az[t.az.min(2)] += 1;
    }
    let mut left: Vec<LiveTask> = candidates.to_vec();
    let mut out = Vec::new();
    while out.len() < n && !left.is_empty() {
        let best = left
            .iter()
            .enumerate()
            .max_by_key(|(_, t)| (!t.healthy, per_az[t.az.min(2)], t.key))
            .map(|(i, _)| i)
            .unwrap_or(0);
        let t = left.swap_remove(best);
        per_az[t.az.min(2)] = per_az[t.az.min(2)].saturating_sub(1);
        out.push(t.key);
    }
    out
}

/// How many of `tasks` are protected from scale-in, and the others, which may be stopped. (Old tasks that
/// are not healthy are replaced whatever their protection, as ECS replaces them: they serve nothing.)
fn unprotected(tasks: &[LiveTask]) -> (usize, Vec<LiveTask>) {
    let free: Vec<LiveTask> = tasks.iter().filter(|t| !t.protected).copied().collect();
    (tasks.len() - free.len(), free)
}

/// What to do this step.
pub(crate) fn plan(svc: &SimService, live: &[LiveTask]) -> Plan {
    let desired = svc.desired_count;
    let (primary, old): (Vec<LiveTask>, Vec<LiveTask>) =
        live.iter().partition(|t| t.deployment == 0 && !t.draining);
    let n_primary = primary.len() as u32;
    let mut plan = Plan::default();
    if n_primary > desired {
        let excess = (n_primary - desired) as usize;
        let (held, free) = unprotected(&primary);
        plan.stop = pick_for_stop(live, &free, excess);
        plan.held = excess.saturating_sub(plan.stop.len()).min(held);
    }
    if old.is_empty() {
        plan.start = desired.saturating_sub(n_primary);
        return plan;
    }
    // A failed deployment that is not rolled back launches nothing more and leaves the old tasks alone.
    let stuck = svc
        .deployments
        .first()
        .is_some_and(|p| p.rollout_state == RolloutState::Failed);
    if stuck {
        return plan;
    }
    let c = svc.config;
    let (max_total, min_healthy) = limits(desired, c.minimum_healthy_percent, c.maximum_percent);
    let healthy = live.iter().filter(|t| t.healthy).count() as u32
        - primary
            .iter()
            .filter(|t| t.healthy && plan.stop.contains(&t.key))
            .count() as u32;
    // Old tasks that serve nothing can go at once; healthy ones only as far as the minimum allows.
    let (sick, fine): (Vec<LiveTask>, Vec<LiveTask>) = old.iter().partition(|t| !t.healthy);
    plan.stop.extend(sick.iter().map(|t| t.key));
    let spare = healthy.saturating_sub(min_healthy) as usize;
    let (held, fine) = unprotected(&fine);
    plan.stop.extend(pick_for_stop(live, &fine, spare));
    plan.held += held;
    let total_after = live.len() as u32 - plan.stop.len() as u32;
    plan.start = max_total
        .saturating_sub(total_after)
        .min(desired.saturating_sub(n_primary));
    plan
}

/// A new PRIMARY deployment of `task_definition` and the service deployment it carries out; the previous
/// deployment becomes ACTIVE. Returns the deployment id.
pub(crate) fn start_deployment(
    svc: &mut SimService,
    task_definition: &str,
    reason: Option<String>,
    now: Timestamp,
    rng: &mut Rng,
) -> String {
    let id = ids::deployment_id(rng);
    let revision = ids::service_revision_arn(&svc.cluster, &svc.name, &id);
    svc.revisions
        .insert(revision.clone(), task_definition.to_string());
    let arn = svc.open_record(&id, side(&revision, task_definition), now);
    // A traffic-shifting deployment registers its tasks in the target groups its predecessor does not use.
    let previous = svc.deployments.first().map(|d| d.alternate);
    let alternate = match previous {
        Some(alt) if svc.config.strategy.shifts_traffic() => !alt,
        Some(alt) => alt,
        None => false,
    };
    push(
        svc,
        id,
        (&revision, task_definition),
        reason,
        arn.clone(),
        now,
    );
    if let Some(p) = svc.deployments.first_mut() {
        p.alternate = alternate;
    }
    if let Some(r) = svc.record_mut(&arn) {
        r.green_alternate = alternate;
    }
    svc.deployments
        .first()
        .map(|d| d.id.clone())
        .unwrap_or_default()
}

/// A new PRIMARY deployment that rolls the service deployment `arn` back to the revision of `good`.
pub(crate) fn start_rollback(
    svc: &mut SimService,
    good: &Completed,
    reason: String,
    arn: &str,
    now: Timestamp,
    rng: &mut Rng,
) -> String {
    let id = ids::deployment_id(rng);
    let alternate = svc.deployments.first().is_some_and(|d| d.alternate);
    let target = (good.revision.as_str(), good.task_definition.as_str());
    push(svc, id, target, Some(reason), arn.to_string(), now);
    if let Some(p) = svc.deployments.first_mut() {
        p.alternate = alternate;
    }
    svc.deployments
        .first()
        .map(|d| d.id.clone())
        .unwrap_or_default()
}

/// `target` is (service revision ARN, task definition ARN).
fn push(
    svc: &mut SimService,
    id: String,
    (revision, task_definition): (&str, &str),
    reason: Option<String>,
    service_deployment: String,
    now: Timestamp,
) {
    for d in &mut svc.deployments {
        if d.status == DeploymentStatus::Primary {
            d.status = DeploymentStatus::Active;
            d.updated_at = now;
        }
    }
    svc.deployments.insert(
        0,
        SimDeployment {
            id: id.clone(),
            revision: revision.to_string(),
            alternate: false,
            service_deployment,
            status: DeploymentStatus::Primary,
            task_definition: task_definition.to_string(),
            rollout_state: RolloutState::InProgress,
            rollout_state_reason: reason
                .unwrap_or_else(|| format!("ECS deployment {id} in progress.")),
            failed_tasks: 0,
            created_at: now,
            updated_at: now,
        },
    );
    svc.steady = false;
    svc.reset_throttle();
}

/// Trips the circuit breaker when the PRIMARY deployment has failed too many tasks; rolls back if asked.
pub(crate) fn check_circuit_breaker(svc: &mut SimService, now: Timestamp, rng: &mut Rng) {
    // The circuit breaker watches rolling deployments only.
    if svc.config.strategy.shifts_traffic() {
        return;
    }
    let Some(cb) = svc.config.circuit_breaker.filter(|c| c.enable) else {
        return;
    };
    let threshold = CircuitBreaker::threshold(svc.desired_count);
    let Some(p) = svc.deployments.first_mut() else {
        return;
    };
    if p.rollout_state != RolloutState::InProgress || p.failed_tasks < threshold {
        return;
    }
    p.rollout_state = RolloutState::Failed;
    p.rollout_state_reason = "ECS deployment circuit breaker: tasks failed to start.".into();
    p.updated_at = now;
    let (failed, arn) = (p.id.clone(), p.service_deployment.clone());
    let failures = p.failed_tasks;
    let message = events::deployment_failed(&svc.name, &failed);
    svc.batch.message(message);
    let rolling_back = svc.record_status(&arn) == Some(RecordStatus::RollbackInProgress);
    if let Some(r) = svc.record_mut(&arn) {
        r.status_reason = "ECS deployment circuit breaker: tasks failed to start.".into();
        r.updated_at = now;
        if let Some(b) = &mut r.breaker {
            b.status = "TRIGGERED".into();
            b.failure_count = failures;
        }
    }
    // A rollback that fails is not rolled back again.
    if rolling_back {
        svc.set_record(&arn, RecordStatus::RollbackFailed, now);
        return;
    }
    if !cb.rollback {
        svc.set_record(&arn, RecordStatus::Stopped, now);
        return;
    }
    let reason = |good: &str| {
        format!("ECS deployment circuit breaker: rolling back to deploymentId {good}.")
    };
    if roll_back(svc, &arn, reason, now, rng).is_none() {
        svc.set_record(&arn, RecordStatus::RollbackFailed, now);
    }
}

/// After a step: drop old deployments whose tasks have all stopped, complete the PRIMARY deployment once the
/// service is steady, and say so. `present` lists the deployment index of every task not STOPPED yet.
pub(crate) fn settle(svc: &mut SimService, live: &[LiveTask], present: &[usize], now: Timestamp) {
    let mut i = 0;
    svc.deployments.retain(|_| {
        let keep = i == 0 || present.contains(&i);
        i += 1;
        keep
    });
    let desired = svc.desired_count as usize;
    let primary = live.iter().filter(|t| t.deployment == 0).count();
    let healthy = live
        .iter()
        .filter(|t| t.deployment == 0 && t.healthy)
        .count();
    let settled = svc.deployments.len() == 1
        && primary == desired
        && healthy == desired
        && present.len() == desired;
    if settled && !svc.steady {
        complete(svc, now);
    }
    svc.steady = settled;
}

/// The service just became steady: its PRIMARY deployment completes (if it was in progress).
fn complete(svc: &mut SimService, now: Timestamp) {
    let name = svc.name.clone();
    if let Some(p) = svc.deployments.first_mut() {
        if p.rollout_state == RolloutState::InProgress {
            p.rollout_state = RolloutState::Completed;
            p.rollout_state_reason = format!("ECS deployment {} completed.", p.id);
            p.updated_at = now;
            let (id, arn) = (p.id.clone(), p.service_deployment.clone());
            svc.last_completed = Some(Completed {
                id: id.clone(),
                task_definition: p.task_definition.clone(),
                revision: p.revision.clone(),
            });
            svc.close_record(&arn, now);
            svc.batch.message(events::deployment_completed(&name, &id));
        }
    }
    svc.batch.message(events::steady_state(&name));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_round_like_ecs() {
        assert_eq!(limits(10, 100, 110), (11, 10));
        assert_eq!(limits(4, 50, 200), (8, 2));
        assert_eq!(limits(3, 100, 100), (4, 3));
        assert_eq!(limits(0, 100, 200), (0, 0));
        assert_eq!(limits(5, 33, 150), (7, 2));
    }

    #[test]
    fn stop_picks_unhealthy_then_fullest_az() {
        let t = |key, az, healthy| LiveTask {
            key,
            deployment: 0,
            healthy,
            proven: false,
            az,
            draining: false,
            protected: false,
        };
        let live = vec![t(1, 0, true), t(2, 0, true), t(3, 1, true), t(4, 2, false)];
        assert_eq!(pick_for_stop(&live, &live, 1), vec![4]);
        assert_eq!(pick_for_stop(&live, &live, 2), vec![4, 2]);
    }

    #[test]
    fn limits_do_not_overflow_on_huge_values() {
        assert_eq!(limits(u32::MAX, 100, 200), (u32::MAX, u32::MAX));
        assert_eq!(limits(5000, u32::MAX, u32::MAX).1, 5000);
    }
}
