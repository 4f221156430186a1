//! How a service deployment reads in words: its revisions, and for blue/green, linear and canary rollouts
//! the stage, the traffic on each side, the bake time left and a pause hook waiting. The panes draw these
//! lines and Enter shows them whole, so both say the same.

use super::{State, UserAction};
use crate::model::{Age, RevisionSide, Service, ServiceDeployment, Strategy, Timestamp};

/// `search:1 → search:2` (sources, then the target).
pub fn revisions(sd: &ServiceDeployment) -> String {
    let name = |side: &RevisionSide| -> String {
        if side.task_definition.is_empty() {
            crate::model::arn_name(&side.service_revision_arn).to_string()
        } else {
            crate::model::family_revision(&side.task_definition).to_string()
        }
    };
    let sources: Vec<String> = sd.sources.iter().map(name).collect();
    match sources.is_empty() {
        true => format!("→ {}", name(&sd.target)),
        false => format!("{} → {}", sources.join(", "), name(&sd.target)),
    }
}

/// `green search:2 20% · blue search:1 80%`: production traffic per side, when the strategy shifts it.
pub fn traffic(sd: &ServiceDeployment) -> Option<String> {
    let weight = |side: &RevisionSide| side.production_weight;
    let green = weight(&sd.target)?;
    let mut parts = vec![format!("green {} {}%", short(&sd.target), green.round())];
    for side in &sd.sources {
        if let Some(w) = weight(side) {
            parts.push(format!("blue {} {}%", short(side), w.round()));
        }
    }
    if let Some(test) = sd.target.test_weight {
        parts.push(format!("test traffic on green {}%", test.round()));
    }
    Some(parts.join(" · "))
}

fn short(side: &RevisionSide) -> String {
    if side.task_definition.is_empty() {
        String::from("(unknown revision)")
    } else {
        crate::model::family_revision(&side.task_definition).to_string()
    }
}

/// The strategy with its settings: `LINEAR 10% every 2m`, `CANARY 5% for 10m`, `BLUE_GREEN`.
pub fn strategy(s: Strategy) -> String {
    match s {
        Strategy::Linear {
            step_percent,
            step_bake_minutes,
        } => format!("LINEAR {step_percent}% every {step_bake_minutes}m"),
        Strategy::Canary {
            percent,
            bake_minutes,
        } => format!("CANARY {percent}% for {bake_minutes}m"),
        other => other.as_str().to_string(),
    }
}

/// The bake time left, when the rollout is in its BAKE_TIME stage and the bake length is known.
pub fn bake_left(sd: &ServiceDeployment, now: Timestamp) -> Option<i64> {
    if sd.lifecycle_stage != "BAKE_TIME" {
        return None;
    }
    let minutes = i64::from(sd.bake_time_minutes?);
    let since = sd.updated_at.or(sd.started_at)?;
    Some((minutes * 60_000 - now.since(since)).max(0))
}

/// The line of the stage a service deployment under way is in, its traffic and bake time.
pub fn stage_line(sd: &ServiceDeployment, s: &Service, now: Timestamp) -> String {
    let strategy = strategy(if sd.strategy.shifts_traffic() {
        sd.strategy
    } else {
        s.deployment_configuration.strategy
    });
    let mut parts = vec![format!("⟳ {strategy}")];
    if !sd.lifecycle_stage.is_empty() {
        parts.push(format!("stage {}", sd.lifecycle_stage));
    }
    if let Some(t) = traffic(sd) {
        parts.push(t);
    }
    if let Some(left) = bake_left(sd, now) {
        parts.push(format!("bake {} left", Age(left)));
    }
    parts.join(" · ")
}

/// The line of a pause hook waiting: what the keys do (as the keymap binds them), when it expires and what
/// happens then.
pub fn hook_line(sd: &ServiceDeployment, state: &State) -> Option<String> {
    let now = state.now;
    let hook = sd.awaiting_hook()?;
    let keys: Vec<String> = [
        (UserAction::ContinueDeployment, "continues"),
        (UserAction::Rollback, "rolls back"),
    ]
    .into_iter()
    .filter_map(|(action, does)| Some(format!("{} {does}", super::panes::key(state, action)?)))
    .collect();
    let keys = match keys.is_empty() {
        true => String::new(),
        false => format!(": {}", keys.join(", ")),
    };
    let expiry = match hook.expires_at {
        Some(at) => format!(
            " · expires in {}, then {}",
            Age(at.since(now)),
            hook.timeout_action
        ),
        None => String::new(),
    };
    Some(format!("⏸ waiting for approval{keys}{expiry}"))
}
