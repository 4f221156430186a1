//! Stop tasks: StopTask for each, with an optional reason; a service starts replacements.

use std::collections::BTreeSet;

use futures::future::BoxFuture;

use super::common::{names, plural, tasks_in_sight};
use super::settle::fresh_task_desired;
use super::{Change, Delta, Description, Input, Mutation, MutationKind};
use crate::app::dialog::checks::{self, MAX_REASON_CHARS};
use crate::app::{Resource, ServiceKey, State};
use crate::backend::{Backend, BackendError, Result};
use crate::model::{arn_name, DesiredStatus, Timestamp};

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct StopTasks {
    pub cluster_arn: String,
    pub task_arns: Vec<String>,
    /// Shown later as the tasks' stopped reason; empty for ECS's default.
    pub reason: String,
    /// How many of the tasks the filter hides (the dialog says so).
    pub hidden: usize,
}

impl StopTasks {
    pub fn new(cluster_arn: String, task_arns: Vec<String>, reason: String) -> StopTasks {
        StopTasks {
            cluster_arn,
            task_arns,
            reason,
            hidden: 0,
        }
    }

    /// The dialog for the marked tasks, else the selected one, else the task on screen. A task already
    /// stopped is said at once, not after the dialog.
    pub fn draft(state: &State) -> std::result::Result<Mutation, String> {
        let Some(tasks) = tasks_in_sight(state) else {
            return Err(format!(
                "{} works on a task: select one in a service's or a cluster's tasks",
                super::common::capitalised(MutationKind::StopTasks.activity())
            ));
        };
        checks::stoppable(state, &tasks.task_arns)?;
        Ok(StopTasks {
            hidden: tasks.hidden,
            ..StopTasks::new(tasks.cluster_arn, tasks.task_arns, String::new())
        }
        .into())
    }
}

impl Change for StopTasks {
    fn cluster_arn(&self) -> Option<&str> {
        Some(&self.cluster_arn)
    }

    fn describe(&self) -> Description {
        let reason = if self.reason.is_empty() {
            "Task stopped by user"
        } else {
            &self.reason
        };
        Description {
            title: self.draft_title_text(),
            changes: vec![Delta::new("desired status", "RUNNING", "STOPPED")],
            targets: self.task_arns.clone(),
            how: format!("StopTask (reason: {reason}); a service starts replacements"),
        }
    }

    /// The tasks, the cluster's task list, and the task lists of the services they belong to.
    fn invalidates(&self, state: &State) -> Vec<Resource> {
        let mut reads: Vec<Resource> = self
            .task_arns
            .iter()
            .map(|task_arn| Resource::Task {
                cluster_arn: self.cluster_arn.clone(),
                task_arn: task_arn.clone(),
            })
            .collect();
        reads.push(Resource::ClusterTasks {
            cluster_arn: self.cluster_arn.clone(),
        });
        let cache = &state.session.cache;
        let services: BTreeSet<String> = cache
            .tasks
            .values()
            .chain(cache.cluster_tasks.values())
            .filter_map(|l| l.data.as_ref())
            .flatten()
            .filter(|t| self.task_arns.contains(&t.arn))
            .filter_map(|t| t.service_name().map(str::to_string))
            .collect();
        reads.extend(services.into_iter().map(|service_name| {
            Resource::ServiceTasks(ServiceKey {
                cluster_arn: self.cluster_arn.clone(),
                service_name,
            })
        }));
        reads
    }

    /// Each stopped task of a service is replaced.
    fn own_starts(&self, state: &State) -> Vec<(String, u32)> {
        let cache = &state.session.cache;
        let mut by_service: std::collections::BTreeMap<&str, u32> = Default::default();
        let tasks = cache
            .tasks
            .values()
            .chain(cache.cluster_tasks.values())
            .filter_map(|l| l.data.as_ref())
            .flatten();
        let mut seen = BTreeSet::new();
        for t in tasks.filter(|t| self.task_arns.contains(&t.arn)) {
            if let Some(name) = t.service_name().filter(|_| seen.insert(t.arn.as_str())) {
                *by_service.entry(name).or_default() += 1;
            }
        }
        let services = state.service_rows(&self.cluster_arn);
        by_service
            .into_iter()
            .filter_map(|(name, n)| {
                let s = services.iter().find(|s| s.name == name)?;
                Some((s.arn.clone(), n))
            })
            .collect()
    }

    fn checkable(&self) -> bool {
        true
    }

    fn applied(&self, state: &State, _: Option<&str>, since: Timestamp) -> Option<bool> {
        let mut seen = 0;
        for arn in &self.task_arns {
            match fresh_task_desired(state, arn, since) {
                Some(DesiredStatus::Running) => return Some(false),
                Some(DesiredStatus::Stopped) => seen += 1,
                None => {}
            }
        }
        (seen == self.task_arns.len()).then_some(true)
    }

    fn step(&self) -> String {
        format!(
            "stop standalone task{} {}",
            plural(self.task_arns.len()),
            names(&self.task_arns)
        )
    }

    fn label(&self) -> Option<&'static str> {
        Some("Reason (optional)")
    }

    fn complete(&self, state: &State, input: &Input) -> std::result::Result<Mutation, String> {
        let reason = input.text.trim().to_string();
        checks::stoppable(state, &self.task_arns)?;
        let chars = reason.chars().count();
        if chars > MAX_REASON_CHARS {
            return Err(format!(
                "the reason is {chars} characters; ECS keeps at most {MAX_REASON_CHARS}: shorten it"
            ));
        }
        Ok(StopTasks {
            reason,
            ..self.clone()
        }
        .into())
    }

    fn hidden(&self) -> usize {
        self.hidden
    }

    fn carry_out<'a>(&'a self, backend: &'a dyn Backend) -> BoxFuture<'a, Result<String>> {
        Box::pin(stop_tasks(
            backend,
            &self.cluster_arn,
            &self.task_arns,
            &self.reason,
        ))
    }
}

impl StopTasks {
    fn draft_title_text(&self) -> String {
        match self.task_arns.as_slice() {
            [one] => format!("Stop task {}", arn_name(one)),
            many => format!("Stop {} tasks", many.len()),
        }
    }
}

/// StopTask for each task in turn; the first failure stops the rest, and the message says how far it got.
async fn stop_tasks(
    backend: &dyn Backend,
    cluster_arn: &str,
    task_arns: &[String],
    reason: &str,
) -> Result<String> {
    for (done, arn) in task_arns.iter().enumerate() {
        if let Err(e) = backend.stop_task(cluster_arn, arn, reason).await {
            if done == 0 {
                return Err(e);
            }
            let detail = format!(
                "stopped {done} of {} tasks; task {}: {e}",
                task_arns.len(),
                arn_name(arn)
            );
            // The rest may or may not have been stopped when an answer was lost: that stays unknown.
            return Err(match e {
                BackendError::AnswerLost { .. } | BackendError::TimedOut { .. } => {
                    BackendError::AnswerLost {
                        action: "StopTask".into(),
                        detail,
                    }
                }
                _ => BackendError::Api {
                    code: "PartlyDone".into(),
                    message: detail,
                },
            });
        }
    }
    Ok(match task_arns {
        [one] => format!("task {} is stopping", arn_name(one)),
        many => format!("{} tasks are stopping", many.len()),
    })
}
