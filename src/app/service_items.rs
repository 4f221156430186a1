//! The lines of the service screen's panes, in the order they are drawn. One list serves drawing (which
//! styles each line), the cursor (which counts them) and Enter (which shows one whole), so that what the
//! cursor is on is what is drawn there.

use crate::app::ServiceScreen;
use crate::model::{
    Deployment, DeploymentStatus, Service, ServiceDeployment, ServiceEvent, TargetHealth, Task,
};

use super::{Loadable, ServiceKey, State};
use crate::model::ServiceDeploymentStatus as Status;

/// A line of the deployments pane.
#[derive(Debug, Clone, Copy)]
pub enum DeploymentItem<'a> {
    /// A deployment DescribeServices reports: the one rolling out and the ones it replaces.
    Live(&'a Deployment),
    /// A pause hook holding the service deployment under way: what to do, and by when.
    Hook(&'a ServiceDeployment),
    /// The service deployment under way, for what DescribeServices does not tell: its stage and traffic.
    Rollout(&'a ServiceDeployment),
    /// A title line above the history.
    HistoryHeading,
    /// A finished deployment (ListServiceDeployments).
    Past(&'a ServiceDeployment),
    /// What the history's read said instead of deployments (loading, failed, none).
    HistoryNote(HistoryNote),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HistoryNote {
    Loading,
    Failed,
    /// ListServiceDeployments knows no deployment: made before the API existed (2024-10-25).
    None,
}

/// Which part a target group plays.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GroupRole {
    /// The one the service's load balancer configuration names.
    Production,
    /// Blue/green strategies: the second group, where the new revision registers.
    Alternate,
}

/// A line of the target health pane.
#[derive(Debug, Clone, Copy)]
pub enum TargetItem<'a> {
    /// A target group's name above its targets (shown when there is more than one group).
    Group {
        arn: &'a str,
        role: GroupRole,
    },
    Loading,
    Failed(&'a crate::backend::BackendError),
    NoTargets,
    Target {
        group: &'a str,
        target: &'a TargetHealth,
        task: Option<&'a Task>,
    },
}

/// The deployments pane's lines: a pause hook waiting and the rollout's stage (when the history knows
/// them), the live deployments (primary first), then the history: finished deployments and one rolling back,
/// newest first.
pub fn deployment_items<'a>(state: &'a State, s: &'a Service) -> Vec<DeploymentItem<'a>> {
    let mut live: Vec<&Deployment> = s.deployments.iter().collect();
    live.sort_by_key(|d| (status_rank(d.status), std::cmp::Reverse(d.created_at)));
    let mut items: Vec<DeploymentItem> = Vec::new();
    let history = deployments_of(state, s);
    // The stage of a blue/green, linear or canary rollout (and a hook waiting) first: it is what to watch.
    if let Some(ongoing) = history
        .and_then(|l| l.data.as_ref())
        .and_then(|h| h.iter().find(|d| d.status.is_ongoing()))
    {
        if ongoing.awaiting_hook().is_some() {
            items.push(DeploymentItem::Hook(ongoing));
        }
        if ongoing.strategy.shifts_traffic() || !ongoing.lifecycle_stage.is_empty() {
            items.push(DeploymentItem::Rollout(ongoing));
        }
    }
    items.extend(live.into_iter().map(DeploymentItem::Live));
    let shown = match history.and_then(|l| l.data.as_ref()) {
        Some(h) => h,
        None => {
            items.push(DeploymentItem::HistoryHeading);
            let note = match history.and_then(|l| l.status.error.as_ref()) {
                Some(_) => HistoryNote::Failed,
                None => HistoryNote::Loading,
            };
            items.push(DeploymentItem::HistoryNote(note));
            return items;
        }
    };
    // Finished deployments, and one rolling back or stopping: the live rows do not say that it failed.
    let past: Vec<&ServiceDeployment> = shown
        .iter()
        .filter(|d| {
            !d.status.is_ongoing() || !matches!(d.status, Status::InProgress | Status::Pending)
        })
        .collect();
    if shown.is_empty() {
        items.push(DeploymentItem::HistoryHeading);
        items.push(DeploymentItem::HistoryNote(HistoryNote::None));
    } else if !past.is_empty() {
        items.push(DeploymentItem::HistoryHeading);
    }
    items.extend(past.into_iter().map(DeploymentItem::Past));
    items
}

/// The service screen on top: its service (when read) and its panes.
pub fn service_on_screen(state: &State) -> Option<(&Service, &super::ServicePanes)> {
    let super::Screen::Service(ServiceScreen {
        cluster_arn,
        service_arn,
        panes,
        ..
    }) = state.screen()
    else {
        return None;
    };
    Some((state.service(cluster_arn, service_arn)?, panes))
}

/// The service's deployment history as read, if it was.
pub fn deployments_of<'a>(
    state: &'a State,
    s: &Service,
) -> Option<&'a Loadable<Vec<ServiceDeployment>>> {
    state.session.cache.deployments.get(&ServiceKey {
        cluster_arn: s.cluster_arn.clone(),
        service_name: s.name.clone(),
    })
}

/// The service deployment under way, if the history has one.
pub fn ongoing_deployment<'a>(state: &'a State, s: &Service) -> Option<&'a ServiceDeployment> {
    deployments_of(state, s)?
        .data
        .as_ref()?
        .iter()
        .find(|d| d.status.is_ongoing())
}

fn status_rank(s: DeploymentStatus) -> u8 {
    match s {
        DeploymentStatus::Primary => 0,
        DeploymentStatus::Active => 1,
        DeploymentStatus::Inactive => 2,
    }
}

/// The target health pane's lines: each target group (production first, then the alternate one), its
/// targets worst first.
pub fn target_items<'a>(state: &'a State, s: &'a Service) -> Vec<TargetItem<'a>> {
    let groups: Vec<&str> = s.target_groups().collect();
    let tasks = state
        .tasks_of(&s.cluster_arn, &s.name)
        .and_then(|l| l.data.as_deref())
        .unwrap_or_default();
    let mut items = Vec::new();
    for tg in &groups {
        if groups.len() > 1 {
            let role = if s.load_balancers.iter().any(|b| b.target_group_arn == *tg) {
                GroupRole::Production
            } else {
                GroupRole::Alternate
            };
            items.push(TargetItem::Group { arn: tg, role });
        }
        let loaded = state.session.cache.target_health.get(*tg);
        match loaded.and_then(|l| l.data.as_ref()) {
            Some(targets) if targets.is_empty() => items.push(TargetItem::NoTargets),
            Some(targets) => {
                let mut sorted: Vec<&TargetHealth> = targets.iter().collect();
                sorted.sort_by_key(|t| t.state.severity());
                items.extend(sorted.into_iter().map(|t| TargetItem::Target {
                    group: tg,
                    target: t,
                    task: task_of(t, tasks),
                }));
            }
            None => match loaded.and_then(|l| l.status.error.as_ref()) {
                Some(e) => items.push(TargetItem::Failed(e)),
                None => items.push(TargetItem::Loading),
            },
        }
    }
    items
}

/// The task behind a target: awsvpc tasks are registered by their private IP. (Bridge-mode targets are
/// instance id + host port, which a task does not carry; those show no task.)
pub fn task_of<'a>(t: &TargetHealth, tasks: &'a [Task]) -> Option<&'a Task> {
    crate::model::task_of_target(t, tasks)
}

/// The events pane's lines: newest first, those the events filter keeps. The filter sees what the pane
/// shows (names for ARNs, short task ids, no `(service NAME)` in front).
pub fn event_items<'a>(s: &'a Service, filter: Option<&super::Filter>) -> Vec<&'a ServiceEvent> {
    let Some(f) = filter else {
        return s.events.iter().collect();
    };
    let prefix = format!("(service {}) ", s.name);
    s.events
        .iter()
        .filter(|e| f.keeps(&shown_event(&e.message, &prefix)))
        .collect()
}

/// An event's message as the pane shows it.
pub fn shown_event(message: &str, prefix: &str) -> String {
    crate::model::compact_event(message.strip_prefix(prefix).unwrap_or(message))
}
