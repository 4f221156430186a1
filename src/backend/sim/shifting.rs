//! ECS's own traffic-shifting deployments (BLUE_GREEN, LINEAR, CANARY): the new revision (green) scales up to the
//! full desired count beside the old one (blue), registering in the alternate target groups; test traffic moves
//! to it, then production traffic (at once, in linear steps, or a canary first), then both bake, then blue's
//! tasks stop. Pause hooks hold a stage until someone answers. Green tasks that keep failing roll it back: blue
//! takes production traffic again and green is cleaned up.
//!
//! The scheduler asks [`step`] first; before CLEAN_UP it walks the stages and plans green's scale-up, and from
//! CLEAN_UP on (or after a rollback) the rolling logic stops the side that lost.

use super::deployment::{pick_for_stop, LiveTask, Plan};
use super::events;
use super::service_deployments::{DeploymentRecord, RecordStatus};
use super::stages::{Stage, STAGE_MS};
use super::world::SimService;
use crate::model::{
    CircuitBreaker, DeploymentStatus, HookAction, LifecycleHook, RolloutState, Strategy, Timestamp,
};

const MINUTE: i64 = 60_000;

/// The production weight after the next shift from `current`, and how long to bake after it.
fn next_weight(strategy: Strategy, current: f64) -> (f64, i64) {
    match strategy {
        Strategy::Linear {
            step_percent,
            step_bake_minutes,
        } if step_percent > 0.0 => (
            (current + step_percent).min(100.0),
            i64::from(step_bake_minutes) * MINUTE,
        ),
        Strategy::Canary {
            percent,
            bake_minutes,
        } if current < percent && percent < 100.0 => (percent, i64::from(bake_minutes) * MINUTE),
        _ => (100.0, 0),
    }
}

/// The id of the `n`th pause hook raised at `stage`: readable, and unique within a deployment.
fn hook_id(stage: Stage, n: usize) -> String {
    let base = format!("pause-{}", stage.as_str().to_lowercase().replace('_', "-"));
    match n {
        0 => base,
        n => format!("{base}-{}", n + 1),
    }
}

/// One scheduler pass for a service whose PRIMARY deployment shifts traffic and has not reached CLEAN_UP.
/// Returns its plan, or `None` when the rolling logic applies (no such deployment, or it just rolled back).
pub(crate) fn step(svc: &mut SimService, live: &[LiveTask], now: Timestamp) -> Option<Plan> {
    let p = svc.deployments.first()?;
    let (arn, failed, revision) = (
        p.service_deployment.clone(),
        p.failed_tasks,
        p.revision.clone(),
    );
    let r = svc.history.iter().find(|r| r.arn == arn)?;
    let stage = r.stage.filter(|s| *s < Stage::CleanUp)?;
    if r.status != RecordStatus::InProgress || r.target.service_revision_arn != revision {
        return None;
    }
    if expire_hooks(svc, &arn, now) {
        return None;
    }
    if failed >= CircuitBreaker::threshold(svc.desired_count) {
        let why = "Service deployment rolled back: tasks of the new service revision failed to become healthy.";
        roll_back(svc, &arn, why, now);
        return None;
    }
    let primary: Vec<LiveTask> = live.iter().copied().filter(|t| t.deployment == 0).collect();
    let healthy = primary.iter().filter(|t| t.healthy).count() as u32;
    let desired = svc.desired_count;
    let (name, hooks) = (svc.name.clone(), svc.hooks.clone());
    let id = svc
        .deployments
        .first()
        .map(|d| d.id.clone())
        .unwrap_or_default();
    let mut messages = Vec::new();
    if let Some(r) = svc.record_mut(&arn) {
        let held = r.hooks.iter().any(|(_, h)| h.awaits_action());
        if !held && stage_done(r, stage, healthy >= desired, now) {
            let at_stage: Vec<_> = hooks.iter().filter(|h| h.stage == stage).collect();
            let raised = r.hooks.iter().filter(|(s, _)| *s == stage).count();
            if let Some(h) = at_stage.get(raised) {
                let hook = LifecycleHook {
                    hook_id: hook_id(stage, raised),
                    target_type: "PAUSE".into(),
                    status: "AWAITING_ACTION".into(),
                    expires_at: Some(now.plus_millis(i64::from(h.timeout_minutes) * MINUTE)),
                    timeout_action: h.timeout_action.as_str().into(),
                };
                messages.push(events::hook_awaiting(&name, &id, &hook.hook_id, stage));
                r.hooks.push((stage, hook));
                r.updated_at = now;
            } else if let Some(next) = stage.next() {
                enter(r, next, now);
                messages.push(events::stage(&name, &id, next));
            }
        }
    }
    for m in messages {
        svc.batch.message(m);
    }
    // From SCALE_UP on, green scales up to the full desired count beside blue; blue is left alone until
    // CLEAN_UP.
    let mut plan = Plan::default();
    let scaling = svc
        .history
        .iter()
        .find(|r| r.arn == arn)
        .and_then(|r| r.stage)
        .is_some_and(|s| s >= Stage::ScaleUp);
    let n = primary.len() as u32;
    if n > desired {
        plan.stop = pick_for_stop(live, &primary, (n - desired) as usize);
    }
    if scaling {
        plan.start = desired.saturating_sub(n);
    }
    Some(plan)
}

/// Whether `stage`'s own work is done (a production shift moves the weights on the way).
fn stage_done(r: &mut DeploymentRecord, stage: Stage, green_ready: bool, now: Timestamp) -> bool {
    let due = r.stage_until.is_none_or(|u| u <= now);
    match stage {
        Stage::ScaleUp => green_ready,
        Stage::ProductionTrafficShift if due => {
            let current = r.target.production_weight.unwrap_or(0.0);
            if current >= 100.0 {
                return true;
            }
            let (weight, bake) = next_weight(r.strategy, current);
            r.set_weights(weight, 100.0);
            r.updated_at = now;
            r.stage_until = Some(now.plus_millis(bake));
            // The last shift is followed by POST_PRODUCTION_TRAFFIC_SHIFT, not by a step bake.
            weight >= 100.0
        }
        _ => due,
    }
}

fn enter(r: &mut DeploymentRecord, stage: Stage, now: Timestamp) {
    r.stage = Some(stage);
    r.updated_at = now;
    r.stage_until = Some(match stage {
        Stage::ProductionTrafficShift => now,
        Stage::BakeTime => now.plus_millis(i64::from(r.bake_time_minutes.unwrap_or(0)) * MINUTE),
        _ => now.plus_millis(STAGE_MS),
    });
    if stage == Stage::TestTrafficShift {
        let production = r.target.production_weight.unwrap_or(0.0);
        r.set_weights(production, 100.0);
    }
}

/// A pause hook whose time is up takes its timeout action. Returns true if the deployment rolled back.
fn expire_hooks(svc: &mut SimService, arn: &str, now: Timestamp) -> bool {
    let Some(r) = svc.record_mut(arn) else {
        return false;
    };
    let Some((_, h)) = r
        .hooks
        .iter_mut()
        .find(|(_, h)| h.awaits_action() && h.expires_at.is_some_and(|at| at <= now))
    else {
        return false;
    };
    h.status = "TIMED_OUT".into();
    let (hook, action) = (h.hook_id.clone(), h.timeout_action.clone());
    r.updated_at = now;
    if action != HookAction::Rollback.as_str() {
        return false;
    }
    let why = format!("Service deployment rolled back: lifecycle hook {hook} timed out.");
    roll_back(svc, arn, &why, now)
}

/// Rolls a traffic-shifting deployment back: production and test traffic return to blue, which is PRIMARY
/// again; green's tasks stop, and the record is ROLLBACK_SUCCESSFUL once they have. Returns false when the
/// PRIMARY deployment does not carry out `arn` or there is no blue to return to.
pub(crate) fn roll_back(svc: &mut SimService, arn: &str, why: &str, now: Timestamp) -> bool {
    let carries = svc
        .deployments
        .first()
        .is_some_and(|d| d.service_deployment == arn);
    if !carries || svc.deployments.len() < 2 {
        return false;
    }
    let mut blue = svc.deployments.remove(1);
    if let Some(green) = svc.deployments.first_mut() {
        green.status = DeploymentStatus::Active;
        green.rollout_state = RolloutState::Failed;
        green.rollout_state_reason = why.to_string();
        green.updated_at = now;
    }
    let green = svc
        .deployments
        .first()
        .map(|d| d.id.clone())
        .unwrap_or_default();
    blue.status = DeploymentStatus::Primary;
    blue.rollout_state = RolloutState::InProgress;
    blue.rollout_state_reason = format!("ECS deployment {} in progress: rolling back.", blue.id);
    blue.service_deployment = arn.to_string();
    blue.updated_at = now;
    let message = events::rolling_back(&svc.name, &green, &blue.id);
    svc.deployments.insert(0, blue);
    if let Some(r) = svc.record_mut(arn) {
        r.set_weights(0.0, 0.0);
        r.rollback_reason = Some(why.to_string());
        r.status_reason = why.to_string();
        r.stage = Some(Stage::CleanUp);
        r.stage_until = None;
        r.set_status(RecordStatus::RollbackInProgress, now);
    }
    svc.batch.message(message);
    svc.steady = false;
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weights_step_as_each_strategy_says() {
        let linear = Strategy::Linear {
            step_percent: 25.0,
            step_bake_minutes: 2,
        };
        assert_eq!(next_weight(linear, 0.0), (25.0, 2 * MINUTE));
        assert_eq!(next_weight(linear, 75.0), (100.0, 2 * MINUTE));
        let canary = Strategy::Canary {
            percent: 10.0,
            bake_minutes: 5,
        };
        assert_eq!(next_weight(canary, 0.0), (10.0, 5 * MINUTE));
        assert_eq!(next_weight(canary, 10.0), (100.0, 0));
        assert_eq!(next_weight(Strategy::BlueGreen, 0.0), (100.0, 0));
        assert_eq!(
            hook_id(Stage::PostTestTrafficShift, 0),
            "pause-post-test-traffic-shift"
        );
        assert_eq!(hook_id(Stage::PreScaleUp, 1), "pause-pre-scale-up-2");
    }
}
