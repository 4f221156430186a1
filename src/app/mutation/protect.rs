//! Task scale-in protection (UpdateTaskProtection) for the marked tasks, the selected one, or the task on
//! screen: protected for a number of minutes (1 to 2880, 120 unless typed), or its protection ended. A
//! protected task of a service is left running by scale-in and by deployments until the protection expires.

use futures::future::BoxFuture;

use super::common::{capitalised, plural, tasks_in_sight};
use super::{Change, Delta, Description, Input, Mutation, MutationKind, Note};
use crate::app::task_protection;
use crate::app::{Resource, State};
use crate::backend::{Backend, BackendError, Result};
use crate::model::{
    Timestamp, PROTECTION_DEFAULT_MINUTES, PROTECTION_MAX_MINUTES, PROTECTION_MIN_MINUTES,
};

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct SetProtection {
    pub cluster_arn: String,
    pub task_arns: Vec<String>,
    /// Protected for this long; `None` ends the protection.
    pub minutes: Option<u32>,
    /// What their protection is as the dialog completes it ("not protected", "protected 1h 59m").
    pub now: String,
    /// How many of the tasks the filter hides (the dialog says so).
    pub hidden: usize,
}

impl SetProtection {
    /// The dialog for the tasks in sight: to protect them (`protect`), or to end their protection. `None`
    /// for `protect` chooses: end it when every one of them is protected now, else protect them.
    pub fn draft(state: &State, protect: Option<bool>) -> std::result::Result<Mutation, String> {
        let activity = capitalised(MutationKind::SetProtection.activity());
        let Some(tasks) = tasks_in_sight(state) else {
            return Err(format!(
                "{activity} works on a service's running task: select one in a service's or a cluster's tasks"
            ));
        };
        let tasks_of_services = |arns: &[String]| {
            let cache = &state.session.cache;
            cache
                .tasks
                .values()
                .chain(cache.cluster_tasks.values())
                .filter_map(|l| l.data.as_ref())
                .flatten()
                .chain(state.task_on_screen())
                .filter(|t| arns.contains(&t.arn) && !task_protection::protectable(t))
                .map(|t| crate::model::arn_name(&t.arn).to_string())
                .collect::<std::collections::BTreeSet<_>>()
        };
        let not_protectable = tasks_of_services(&tasks.task_arns);
        if !not_protectable.is_empty() {
            return Err(format!(
                "only running tasks of a service can be protected, not {}: unmark it (space)",
                not_protectable.into_iter().collect::<Vec<_>>().join(", ")
            ));
        }
        let all_protected = tasks
            .task_arns
            .iter()
            .all(|arn| task_protection::of(state, arn).is_some_and(|p| p.holds(state.now)));
        let protect = protect.unwrap_or(!all_protected);
        Ok(SetProtection {
            cluster_arn: tasks.cluster_arn,
            task_arns: tasks.task_arns,
            minutes: protect.then_some(PROTECTION_DEFAULT_MINUTES),
            now: String::new(),
            hidden: tasks.hidden,
        }
        .into())
    }

    fn subject(&self) -> String {
        match self.task_arns.as_slice() {
            [one] => format!("task {}", crate::model::arn_name(one)),
            many => format!("{} tasks", many.len()),
        }
    }
}

impl Change for SetProtection {
    fn cluster_arn(&self) -> Option<&str> {
        Some(&self.cluster_arn)
    }

    fn describe(&self) -> Description {
        let (title, to, how) = match self.minutes {
            Some(m) => (
                format!("Protect {} from scale-in", self.subject()),
                format!("protected for {}", minutes(m)),
                "UpdateTaskProtection: scale-in and deployments leave the tasks running until it expires; \
                 stopping one by hand still stops it",
            ),
            None => (
                format!("End the scale-in protection of {}", self.subject()),
                "not protected".to_string(),
                "UpdateTaskProtection: scale-in and deployments may stop the tasks again",
            ),
        };
        Description {
            title,
            changes: vec![Delta::new("protection", self.now.clone(), to)],
            targets: self.task_arns.clone(),
            how: how.into(),
        }
    }

    /// The protection reads that hold these tasks.
    fn invalidates(&self, state: &State) -> Vec<Resource> {
        task_protection::reads_of(state, &self.task_arns)
    }

    fn checkable(&self) -> bool {
        true
    }

    /// Every task's protection as read after `since`: on when asked on (its end within a minute of the
    /// asked length), off when asked off.
    fn applied(&self, state: &State, _: Option<&str>, since: Timestamp) -> Option<bool> {
        let fresh: Vec<_> = task_protection::reads_of(state, &self.task_arns)
            .iter()
            .filter_map(|r| state.status(r))
            .map(|s| s.fetched_at.is_some_and(|at| at >= since))
            .collect();
        if fresh.is_empty() || fresh.iter().any(|f| !f) {
            return None;
        }
        let now = state.now;
        let each = self.task_arns.iter().map(|arn| {
            task_protection::of(state, arn).map(|p| match self.minutes {
                Some(_) => p.holds(now),
                None => !p.holds(now),
            })
        });
        each.collect::<Option<Vec<bool>>>()
            .map(|all| all.into_iter().all(|b| b))
    }

    fn label(&self) -> Option<&'static str> {
        self.minutes.map(|_| "Minutes (1 to 2880)")
    }

    fn initial_text(&self, _: &State, typed: Option<&str>) -> String {
        typed.map_or_else(|| PROTECTION_DEFAULT_MINUTES.to_string(), str::to_string)
    }

    /// The tasks' protection afresh: the dialog says what it is now.
    fn opening_reads(&self, state: &State) -> Vec<Resource> {
        task_protection::reads_of(state, &self.task_arns)
    }

    fn complete(&self, state: &State, input: &Input) -> std::result::Result<Mutation, String> {
        if self.task_arns.is_empty() {
            return Err("no task chosen: select one, or mark several with space".into());
        }
        let minutes = match self.minutes {
            None => None,
            Some(_) => Some(check_minutes(input.text)?),
        };
        Ok(SetProtection {
            minutes,
            now: protection_now(state, &self.task_arns),
            ..self.clone()
        }
        .into())
    }

    fn context(&self, state: &State) -> Vec<Note> {
        let now = state.now;
        let mut notes: Vec<Note> = self
            .task_arns
            .iter()
            .take(5)
            .map(|arn| {
                let now_is = task_protection::of(state, arn)
                    .map_or("protection not read yet".to_string(), |p| p.describe(now));
                Note::text(format!("{}: {now_is}", crate::model::arn_name(arn)))
            })
            .collect();
        if self.task_arns.len() > 5 {
            notes.push(Note::aside(format!(
                "… and {} more",
                self.task_arns.len() - 5
            )));
        }
        notes
    }

    fn hidden(&self) -> usize {
        self.hidden
    }

    fn carry_out<'a>(&'a self, backend: &'a dyn Backend) -> BoxFuture<'a, Result<String>> {
        Box::pin(async move {
            let done = backend
                .update_task_protection(&self.cluster_arn, &self.task_arns, self.minutes)
                .await?;
            // A task ECS did not change is not reported changed.
            if let Some(failed) = done.failures.first() {
                return Err(BackendError::Api {
                    code: "Failure".into(),
                    message: format!(
                        "{} of {} tasks changed; {}: {}",
                        done.items.len(),
                        self.task_arns.len(),
                        crate::model::arn_name(&failed.arn),
                        failed.reason
                    ),
                });
            }
            let n = done.items.len();
            Ok(match self.minutes {
                Some(m) => format!("{n} task{} protected for {}", plural(n), minutes(m)),
                None => format!("{n} task{} no longer protected", plural(n)),
            })
        })
    }
}

/// The tasks' protection as read: one task's in words, several as how many are protected.
fn protection_now(state: &State, task_arns: &[String]) -> String {
    let now = state.now;
    let known: Vec<_> = task_arns
        .iter()
        .filter_map(|arn| task_protection::of(state, arn))
        .collect();
    match (task_arns.len(), known.as_slice()) {
        (_, []) => "not read yet".into(),
        (1, [one]) => one.describe(now),
        (n, some) => {
            let on = some.iter().filter(|p| p.holds(now)).count();
            let unread = n - some.len();
            let unread = match unread {
                0 => String::new(),
                u => format!(", {u} not read yet"),
            };
            format!("{on} of {n} protected{unread}")
        }
    }
}

/// A number of minutes UpdateTaskProtection takes, or what to type instead.
fn check_minutes(text: &str) -> std::result::Result<u32, String> {
    let text = text.trim();
    let range = format!("{PROTECTION_MIN_MINUTES} to {PROTECTION_MAX_MINUTES} (48 hours)");
    if text.is_empty() {
        return Err(format!("type how many minutes to protect for, {range}"));
    }
    let minutes: u32 = text
        .parse()
        .map_err(|_| format!("\"{text}\" is not a number of minutes: type digits, {range}"))?;
    if !(PROTECTION_MIN_MINUTES..=PROTECTION_MAX_MINUTES).contains(&minutes) {
        return Err(format!(
            "{minutes} minutes is outside what ECS takes: type {range}"
        ));
    }
    Ok(minutes)
}

/// "2 h", "90 min", "1 h 30 min".
fn minutes(m: u32) -> String {
    match (m / 60, m % 60) {
        (0, m) => format!("{m} min"),
        (h, 0) => format!("{h} h"),
        (h, m) => format!("{h} h {m} min"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn minutes_are_checked_with_what_to_type() {
        assert_eq!(check_minutes(" 90 "), Ok(90));
        assert_eq!(check_minutes("2880"), Ok(2880));
        for bad in ["", "0", "2881", "-5", "ten", "1.5"] {
            let why = check_minutes(bad).unwrap_err();
            assert!(why.contains("1 to 2880"), "{bad}: {why}");
        }
        assert_eq!(minutes(120), "2 h");
        assert_eq!(minutes(90), "1 h 30 min");
        assert_eq!(minutes(5), "5 min");
    }
}
