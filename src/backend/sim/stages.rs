//! The lifecycle stages of a deployment that shifts traffic (BLUE_GREEN, LINEAR, CANARY), the pause hooks a
//! service can configure at them, and what CreateService checks of a strategy.

use super::errors;
use super::service_ops::ServiceSpec;
use crate::backend::Result;
use crate::model::{HookAction, Strategy};

/// A transitional stage lasts this long when nothing holds it: long enough for a poller to see it.
pub const STAGE_MS: i64 = 5_000;
/// A pause hook's default time-out: 24 hours.
pub const DEFAULT_HOOK_TIMEOUT_MINUTES: u32 = 24 * 60;
/// The longest time-out a pause hook may have: 14 days.
pub const MAX_HOOK_TIMEOUT_MINUTES: u32 = 14 * 24 * 60;

/// DescribeServiceDeployments' `lifecycleStage`, in the order a deployment walks them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Stage {
    ReconcileService,
    PreScaleUp,
    ScaleUp,
    PostScaleUp,
    TestTrafficShift,
    PostTestTrafficShift,
    PreProductionTrafficShift,
    ProductionTrafficShift,
    PostProductionTrafficShift,
    BakeTime,
    CleanUp,
}

impl Stage {
    pub const ALL: [Stage; 11] = [
        Stage::ReconcileService,
        Stage::PreScaleUp,
        Stage::ScaleUp,
        Stage::PostScaleUp,
        Stage::TestTrafficShift,
        Stage::PostTestTrafficShift,
        Stage::PreProductionTrafficShift,
        Stage::ProductionTrafficShift,
        Stage::PostProductionTrafficShift,
        Stage::BakeTime,
        Stage::CleanUp,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Stage::ReconcileService => "RECONCILE_SERVICE",
            Stage::PreScaleUp => "PRE_SCALE_UP",
            Stage::ScaleUp => "SCALE_UP",
            Stage::PostScaleUp => "POST_SCALE_UP",
            Stage::TestTrafficShift => "TEST_TRAFFIC_SHIFT",
            Stage::PostTestTrafficShift => "POST_TEST_TRAFFIC_SHIFT",
            Stage::PreProductionTrafficShift => "PRE_PRODUCTION_TRAFFIC_SHIFT",
            Stage::ProductionTrafficShift => "PRODUCTION_TRAFFIC_SHIFT",
            Stage::PostProductionTrafficShift => "POST_PRODUCTION_TRAFFIC_SHIFT",
            Stage::BakeTime => "BAKE_TIME",
            Stage::CleanUp => "CLEAN_UP",
        }
    }

    pub fn parse(s: &str) -> Option<Stage> {
        Stage::ALL.into_iter().find(|st| st.as_str() == s)
    }

    /// The stage after this one (`None` after CLEAN_UP).
    pub fn next(self) -> Option<Stage> {
        let i = Stage::ALL.iter().position(|s| *s == self)?;
        Stage::ALL.get(i + 1).copied()
    }
}

/// A lifecycle hook with `targetType: PAUSE`: the deployment waits at the end of `stage` until
/// ContinueServiceDeployment, or until `timeout_minutes` have passed and `timeout_action` happens by itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PauseHook {
    pub stage: Stage,
    pub timeout_minutes: u32,
    pub timeout_action: HookAction,
}

impl Default for PauseHook {
    /// Before production traffic moves, for 24 hours, then rolled back.
    fn default() -> Self {
        PauseHook::at(Stage::PostTestTrafficShift)
    }
}

impl PauseHook {
    /// A pause at the end of `stage`, 24 hours, rolled back when nobody answers.
    pub fn at(stage: Stage) -> Self {
        PauseHook {
            stage,
            timeout_minutes: DEFAULT_HOOK_TIMEOUT_MINUTES,
            timeout_action: HookAction::Rollback,
        }
    }

    pub fn timeout(mut self, minutes: u32, action: HookAction) -> Self {
        self.timeout_minutes = minutes;
        self.timeout_action = action;
        self
    }
}

/// What a deployment strategy asks: traffic shifting needs a second target group per load balancer, and pause
/// hooks need traffic shifting and a time-out of at most 14 days.
pub(crate) fn check_strategy(spec: &ServiceSpec) -> Result<()> {
    let strategy = spec.deployment_configuration.strategy;
    if strategy.shifts_traffic() {
        if let Some(b) = spec
            .load_balancers
            .iter()
            .find(|b| b.alternate_target_group_arn.is_none())
        {
            return Err(errors::invalid_parameter(format!(
                "The {} deployment strategy requires advancedConfiguration with an alternateTargetGroupArn for target group {}.",
                strategy.as_str(),
                b.target_group_arn
            )));
        }
    } else if !spec.pause_hooks.is_empty() {
        return Err(errors::invalid_parameter(
            "Lifecycle hooks are supported only with the BLUE_GREEN, LINEAR and CANARY deployment strategies.",
        ));
    }
    let bad_step = match strategy {
        Strategy::Linear { step_percent, .. } => {
            (!(1.0..=100.0).contains(&step_percent)).then_some("1 and 100")
        }
        Strategy::Canary { percent, .. } => {
            (!(0.1..=100.0).contains(&percent)).then_some("0.1 and 100")
        }
        _ => None,
    };
    if let Some(range) = bad_step {
        return Err(errors::invalid_parameter(format!(
            "The traffic shift percentage must be between {range}."
        )));
    }
    // ECS runs hooks at the stages around scaling and traffic shifts, not during them or after.
    if let Some(h) = spec
        .pause_hooks
        .iter()
        .find(|h| matches!(h.stage, Stage::ScaleUp | Stage::BakeTime | Stage::CleanUp))
    {
        return Err(errors::invalid_parameter(format!(
            "Lifecycle hooks cannot run at lifecycle stage {}.",
            h.stage.as_str()
        )));
    }
    if let Some(h) = spec
        .pause_hooks
        .iter()
        .find(|h| h.timeout_minutes == 0 || h.timeout_minutes > MAX_HOOK_TIMEOUT_MINUTES)
    {
        return Err(errors::invalid_parameter(format!(
            "The lifecycle hook time-out must be between 1 and {MAX_HOOK_TIMEOUT_MINUTES} minutes: got {}.",
            h.timeout_minutes
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stages_walk_in_order() {
        let mut walked = vec![Stage::ReconcileService];
        while let Some(n) = walked.last().and_then(|s| s.next()) {
            walked.push(n);
        }
        assert_eq!(walked, Stage::ALL);
        assert_eq!(Stage::parse("BAKE_TIME"), Some(Stage::BakeTime));
        assert_eq!(Stage::parse("bake"), None);
    }
}
