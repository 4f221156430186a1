//! Enter on a pane's line: the line in full, every field a row of the pane had to cut.

use super::progress;
use super::rollout_text::{hook_line, revisions, stage_line, strategy, traffic};
use super::service_items::{
    deployment_items, event_items, target_items, DeploymentItem, TargetItem,
};
use super::{Pane, State, TextSource, TextView};
use crate::model::{
    family_revision, Age, Deployment, Service, ServiceDeployment, ServiceEvent, TargetHealth, Task,
    Timestamp,
};

/// The focused pane's selected line, whole; `None` for the tasks (Enter opens the task) or an empty pane.
pub fn selected(state: &State) -> Option<TextView> {
    let (_, panes) = super::service_items::service_on_screen(state)?;
    let cursor = panes.cursor(panes.focus)?;
    let mut view = line_at(state, panes.focus, cursor.selected)?;
    view.source = cursor.key.clone().map(|key| TextSource::Pane {
        pane: panes.focus,
        key,
    });
    Some(view)
}

/// The text shown, made again from what the state holds now: ages move on, counts change. `None` when
/// its line is gone (the view then keeps what it showed).
pub fn current(state: &State, view: &TextView) -> Option<TextView> {
    let mut fresh = match view.source.as_ref()? {
        TextSource::Pane { pane, key } => {
            let index = super::pane_keys::keys(state, *pane)
                .iter()
                .position(|k| k == key)?;
            line_at(state, *pane, index)?
        }
        TextSource::Task => task_story(state)?,
        other => super::explore::definition_text::current(state, other)?,
    };
    fresh.scroll = view.scroll;
    fresh.source = view.source.clone();
    Some(fresh)
}

/// Line `index` of `pane`, whole.
fn line_at(state: &State, pane: Pane, index: usize) -> Option<TextView> {
    let (s, panes) = super::service_items::service_on_screen(state)?;
    let now = state.now;
    match pane {
        Pane::Deployments => match *deployment_items(state, s).get(index)? {
            DeploymentItem::Live(d) => Some(live(state, s, d)),
            DeploymentItem::Hook(sd) | DeploymentItem::Rollout(sd) | DeploymentItem::Past(sd) => {
                Some(service_deployment(state, s, sd))
            }
            DeploymentItem::HistoryHeading | DeploymentItem::HistoryNote(_) => None,
        },
        Pane::Targets => match *target_items(state, s).get(index)? {
            TargetItem::Target {
                group,
                target,
                task,
            } => Some(target_text(group, target, task)),
            _ => None,
        },
        Pane::Events => {
            let events = event_items(s, panes.events_filter.as_ref());
            Some(event(s, events.get(index)?, now))
        }
        Pane::Tasks => None,
    }
}

/// `14:29:45 UTC (2m20s ago)`, or for a moment still to come `(in 23h59m)`.
fn when(t: Timestamp, now: Timestamp) -> String {
    if t > now {
        // A clock time a day or more ahead reads as one already past: say which day.
        let days = t.0.div_euclid(86_400_000) - now.0.div_euclid(86_400_000);
        let day = match days {
            0 => String::new(),
            1 => " tomorrow".to_string(),
            n => format!(" in {n} days"),
        };
        format!("{} UTC{day} (in {})", t.clock(), Age(t.since(now)))
    } else {
        format!("{} UTC ({} ago)", t.clock(), Age(now.since(t)))
    }
}

fn event(s: &Service, e: &ServiceEvent, now: Timestamp) -> TextView {
    TextView {
        title: format!("Event of {}", s.name),
        lines: vec![when(e.created_at, now), String::new(), e.message.clone()],
        scroll: 0,
        source: None,
        kind: super::TextKind::Prose,
    }
}

fn live(state: &State, s: &Service, d: &Deployment) -> TextView {
    let p = progress::of(state, s, d);
    let counted = match p.counting {
        progress::Counting::HealthyTargets => "healthy targets",
        progress::Counting::RunningTasks => "running tasks",
    };
    let mut lines = vec![
        format!("Deployment {} ({})", d.id, d.status.as_str()),
        format!("Task definition: {}", family_revision(&d.task_definition)),
        format!(
            "Progress: {} of {} {counted}; running {}, pending {}, failed {}",
            p.done, p.of, d.running_count, d.pending_count, d.failed_tasks
        ),
    ];
    let note = p.note();
    if !note.is_empty() {
        lines.push(format!("Now: {note}"));
    }
    if let Some(t) = p.threshold {
        lines.push(format!(
            "Circuit breaker: {} after {t} failed tasks",
            if p.rolls_back {
                "rolls back"
            } else {
                "stops the deployment"
            }
        ));
    }
    lines.push(format!(
        "Rollout: {}: {}",
        d.rollout_state.as_str(),
        d.rollout_state_reason
    ));
    lines.push(format!("Created {}", when(d.created_at, state.now)));
    lines.push(format!("Updated {}", when(d.updated_at, state.now)));
    TextView {
        title: format!("Deployment of {}", s.name),
        lines,
        scroll: 0,
        source: None,
        kind: super::TextKind::Prose,
    }
}

fn service_deployment(state: &State, s: &Service, sd: &ServiceDeployment) -> TextView {
    let now = state.now;
    let mut lines = vec![
        format!("Service deployment {} ({})", sd.id(), sd.status.as_str()),
        format!("Revisions: {}", revisions(sd)),
        format!("Strategy: {}", strategy(sd.strategy)),
    ];
    if !sd.status_reason.is_empty() {
        lines.push(format!("Reason: {}", sd.status_reason));
    }
    if let Some(r) = sd
        .rollback_reason
        .as_ref()
        .filter(|r| **r != sd.status_reason)
    {
        lines.push(format!("Rolled back: {r}"));
    }
    if let Some(hook) = hook_line(sd, state) {
        lines.push(hook);
    }
    if sd.status.is_ongoing() {
        lines.push(format!("Now: {}", stage_line(sd, s, now)));
    } else if let Some(t) = traffic(sd) {
        lines.push(format!("Traffic: {t}"));
    }
    if let Some(b) = &sd.breaker {
        lines.push(format!(
            "Circuit breaker: {}, {} of {} failures",
            b.status, b.failure_count, b.threshold
        ));
    }
    for hook in &sd.hooks {
        let expires = hook
            .expires_at
            .map(|t| format!(", expires {}", when(t, now)))
            .unwrap_or_default();
        lines.push(format!(
            "Hook {} ({}): {}{expires}, then {}",
            hook.hook_id, hook.target_type, hook.status, hook.timeout_action
        ));
    }
    for (label, t) in [
        ("Created", sd.created_at),
        ("Started", sd.started_at),
        ("Finished", sd.finished_at),
        ("Stopped", sd.stopped_at),
    ] {
        if let Some(t) = t {
            lines.push(format!("{label} {}", when(t, now)));
        }
    }
    lines.push(String::new());
    lines.push(sd.arn.clone());
    TextView {
        title: format!("Deployment of {}", s.name),
        lines,
        scroll: 0,
        source: None,
        kind: super::TextKind::Prose,
    }
}

fn target_text(group: &str, t: &TargetHealth, task: Option<&Task>) -> TextView {
    let mut lines = vec![
        format!(
            "Target {}:{} in target group {}",
            t.target_id,
            t.port,
            crate::model::elb_name(group)
        ),
        format!("Load balancer health check: {}", t.state.as_str()),
    ];
    if let Some(r) = &t.reason {
        lines.push(format!("Reason: {r}"));
    }
    if let Some(d) = &t.description {
        lines.push(format!("Description: {d}"));
    }
    if let Some(task) = task {
        lines.push(format!(
            "Task {} ({}), container health: {}",
            task.id(),
            family_revision(&task.task_definition_arn),
            task.health_status.as_str()
        ));
    }
    if let Some(az) = &t.availability_zone {
        lines.push(format!("Zone: {az}"));
    }
    lines.push(String::new());
    lines.push(group.to_string());
    TextView {
        title: "Target".into(),
        lines,
        scroll: 0,
        source: None,
        kind: super::TextKind::Prose,
    }
}

/// A task's state and why it stopped, whole: stop code, stopped reason, each container's exit and reason.
pub fn task_story(state: &State) -> Option<TextView> {
    let task = state.task_on_screen()?;
    let now = state.now;
    let mut lines = vec![format!(
        "Task {} ({}): {}",
        task.id(),
        family_revision(&task.task_definition_arn),
        task.last_status.as_str()
    )];
    if let Some(code) = task.stop_code {
        lines.push(format!("Stop code: {}", code.as_str()));
    }
    if let Some(reason) = &task.stopped_reason {
        lines.push(format!("Stopped reason: {reason}"));
    }
    if let Some(at) = task.stopped_at {
        lines.push(format!("Stopped {}", when(at, now)));
    }
    for c in &task.containers {
        let mut line = format!("Container {}: {}", c.name, c.last_status);
        if let Some(code) = c.exit_code {
            line.push_str(&format!(", exit code {code}"));
        }
        if let Some(reason) = &c.reason {
            line.push_str(&format!(": {reason}"));
        }
        lines.push(line);
    }
    lines.push(String::new());
    lines.push(task.arn.clone());
    Some(TextView {
        title: format!("Task {}", crate::model::short_id(task.id())),
        lines,
        scroll: 0,
        source: None,
        kind: super::TextKind::Prose,
    })
}
