//! Load balancer targets: registration, health checks and draining, as ELBv2 reports them.

use fastrand::Rng;

use super::behavior::Behavior;
use super::world::{SimTarget, SimTargetGroup};
use crate::model::{TargetState, Timestamp};

pub const REGISTRATION_IN_PROGRESS: &str = "Elb.RegistrationInProgress";
pub const INITIAL_HEALTH_CHECKING: &str = "Elb.InitialHealthChecking";
pub const FAILED_HEALTH_CHECKS: &str = "Target.FailedHealthChecks";
pub const DEREGISTRATION_IN_PROGRESS: &str = "Target.DeregistrationInProgress";

/// The description ELBv2 gives beside each reason code.
pub fn description(reason: &str) -> Option<&'static str> {
    match reason {
        REGISTRATION_IN_PROGRESS => Some("Target registration is in progress"),
        INITIAL_HEALTH_CHECKING => Some("Initial health checks in progress"),
        FAILED_HEALTH_CHECKS => Some("Health checks failed"),
        DEREGISTRATION_IN_PROGRESS => Some("Target deregistration is in progress"),
        _ => None,
    }
}

pub(crate) enum TargetChange {
    BecameHealthy,
    BecameUnhealthy,
}

/// A new target: `initial` while the load balancer registers it.
pub(crate) fn register(
    target_group: &str,
    id: String,
    port: u16,
    now: Timestamp,
    rng: &mut Rng,
) -> SimTarget {
    SimTarget {
        target_group: target_group.to_string(),
        id,
        port,
        state: TargetState::Initial,
        reason: Some(REGISTRATION_IN_PROGRESS),
        next_at: Some(now.plus_millis(rng.i64(2_000..=5_000))),
        registered: true,
    }
}

/// One step of health checking for a registered target of a running task.
pub(crate) fn tick(
    target: &mut SimTarget,
    group: &SimTargetGroup,
    behavior: Behavior,
    now: Timestamp,
    rng: &mut Rng,
) -> Option<TargetChange> {
    if !target.registered || target.next_at.is_none_or(|at| at > now) {
        return None;
    }
    match (target.state, target.reason) {
        (TargetState::Initial, Some(REGISTRATION_IN_PROGRESS)) => {
            let checks = if behavior == Behavior::Broken {
                group.unhealthy_threshold
            } else {
                group.healthy_threshold
            };
            let wait = group.interval_ms * i64::from(checks.max(1));
            target.reason = Some(INITIAL_HEALTH_CHECKING);
            target.next_at = Some(now.plus_millis(wait + rng.i64(0..=group.interval_ms / 2)));
            None
        }
        (TargetState::Initial, _) if behavior == Behavior::Broken => {
            target.state = TargetState::Unhealthy;
            target.reason = Some(FAILED_HEALTH_CHECKS);
            target.next_at = None;
            Some(TargetChange::BecameUnhealthy)
        }
        (TargetState::Initial, _) => {
            target.state = TargetState::Healthy;
            target.reason = None;
            target.next_at = None;
            Some(TargetChange::BecameHealthy)
        }
        _ => None,
    }
}

/// Deregistration: `draining` until the target group's deregistration delay has passed.
pub(crate) fn start_draining(target: &mut SimTarget, until: Timestamp) {
    target.state = TargetState::Draining;
    target.reason = Some(DEREGISTRATION_IN_PROGRESS);
    target.next_at = Some(until);
}
