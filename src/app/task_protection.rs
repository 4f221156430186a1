//! Task scale-in protection as the task screens read it: one GetTaskProtection read (10 tasks a call) of
//! the live service tasks a screen shows, and the answer for a task, from the newest read that has it.

use super::explore::read::{got, task_protection, Got};
use super::explore::Read;
use super::needs::Need;
use super::{Resource, State};
use crate::model::{DesiredStatus, Task, TaskProtection, TaskStatus};

/// At most this many tasks a screen reads the protection of (10 calls), the first in its order: a service
/// of 2,000 tasks would otherwise cost 200 calls a refresh.
pub const PROTECTION_READ_MAX: usize = 100;

/// Only a running task of a service can be protected: those are the ones read.
pub fn protectable(t: &Task) -> bool {
    t.service_name().is_some()
        && t.desired_status == DesiredStatus::Running
        && t.last_status != TaskStatus::Stopped
}

/// The read of these tasks' protection, or nothing when none can be protected.
pub fn read<'a>(cluster_arn: &str, tasks: impl IntoIterator<Item = &'a Task>) -> Option<Read> {
    let mut task_arns: Vec<String> = tasks
        .into_iter()
        .filter(|t| protectable(t))
        .map(|t| t.arn.clone())
        .take(PROTECTION_READ_MAX)
        .collect();
    task_arns.sort();
    (!task_arns.is_empty()).then(|| Read::TaskProtection {
        cluster_arn: cluster_arn.to_string(),
        task_arns,
    })
}

/// A screen's need of these tasks' protection, read as often as the tasks.
pub fn need<'a>(
    cluster_arn: &str,
    tasks: impl IntoIterator<Item = &'a Task>,
    interval_ms: i64,
) -> Option<Need> {
    read(cluster_arn, tasks).map(|read| Need::Whole {
        resource: Resource::Explore(read),
        interval_ms,
    })
}

/// A task's protection, from the newest read that has it; `None` while none has.
pub fn of<'a>(state: &'a State, task_arn: &str) -> Option<&'a TaskProtection> {
    state
        .session
        .cache
        .explored
        .iter()
        .filter(|(read, _)| {
            matches!(read, Read::TaskProtection { task_arns, .. } if task_arns.iter().any(|a| a == task_arn))
        })
        .filter_map(|(read, l)| {
            let Got::Data(found) = got(state, read, task_protection) else {
                return None;
            };
            let p = found.iter().find(|p| p.task_arn == task_arn)?;
            Some((l.status.fetched_at, p))
        })
        .max_by_key(|(at, _)| *at)
        .map(|(_, p)| p)
}

/// The tasks protected now, as read.
pub fn protected_now(state: &State) -> std::collections::HashSet<&str> {
    state
        .session
        .cache
        .explored
        .iter()
        .filter(|(read, _)| matches!(read, Read::TaskProtection { .. }))
        .filter_map(|(_, l)| match &l.data {
            Some(super::explore::Explored::TaskProtection(found)) => Some(found),
            _ => None,
        })
        .flatten()
        .filter(|p| p.holds(state.now))
        .map(|p| p.task_arn.as_str())
        .collect()
}

/// The protection reads that hold any of these tasks: what a change of their protection reads again.
pub fn reads_of(state: &State, task_arns: &[String]) -> Vec<Resource> {
    state
        .session
        .cache
        .explored
        .keys()
        .filter(|read| {
            matches!(read, Read::TaskProtection { task_arns: read_arns, .. }
                if read_arns.iter().any(|a| task_arns.contains(a)))
        })
        .map(|read| Resource::Explore(read.clone()))
        .collect()
}
