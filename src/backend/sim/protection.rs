//! Task scale-in protection, as ECS keeps it: GetTaskProtection and UpdateTaskProtection for a cluster's
//! tasks. The scheduler reads `protected_until` (scale-in and deployments leave such a task running).

use super::errors;
use super::ids;
use super::world::World;
use crate::backend::{DescribeFailure, Described, Result};
use crate::model::{TaskProtection, PROTECTION_MAX_MINUTES, PROTECTION_MIN_MINUTES};

/// UpdateTaskProtection and GetTaskProtection take at most this many tasks a call.
pub const PROTECTION_BATCH: usize = 10;

impl World {
    /// GetTaskProtection: unknown tasks come back as failures (MISSING).
    pub fn get_task_protection(
        &self,
        cluster: &str,
        tasks: &[String],
    ) -> Result<Described<TaskProtection>> {
        let name = self.protection_cluster(cluster, tasks)?;
        let mut out = Described::default();
        for task in tasks {
            match self.protection_task(&name, task) {
                Some(key) => out.items.push(self.protection_of(key)),
                None => out.failures.push(failure(task, "MISSING")),
            }
        }
        Ok(out)
    }

    /// UpdateTaskProtection: `minutes` protects for that long (1 to 2880), `None` removes the protection. A
    /// task that is not a running task of a service comes back as a failure (TASK_NOT_VALID), as ECS says.
    pub fn update_task_protection(
        &mut self,
        cluster: &str,
        tasks: &[String],
        minutes: Option<u32>,
    ) -> Result<Described<TaskProtection>> {
        let name = self.protection_cluster(cluster, tasks)?;
        if let Some(m) = minutes {
            if !(PROTECTION_MIN_MINUTES..=PROTECTION_MAX_MINUTES).contains(&m) {
                return Err(errors::invalid_parameter(format!(
                    "expiresInMinutes must be between {PROTECTION_MIN_MINUTES} and {PROTECTION_MAX_MINUTES}."
                )));
            }
        }
        let mut out = Described::default();
        for task in tasks {
            let Some(key) = self.protection_task(&name, task) else {
                out.failures.push(failure(task, "MISSING"));
                continue;
            };
            let until = minutes.map(|m| self.now.plus_millis(i64::from(m) * 60_000));
            match self.tasks.get_mut(&key) {
                Some(t) if t.service.is_some() && t.is_live() => t.protected_until = until,
                _ => {
                    out.failures.push(failure(task, "TASK_NOT_VALID"));
                    continue;
                }
            }
            out.items.push(self.protection_of(key));
        }
        Ok(out)
    }

    fn protection_cluster(&self, cluster: &str, tasks: &[String]) -> Result<String> {
        let name = ids::cluster_name(cluster).to_string();
        if !self.clusters.contains_key(&name) {
            return Err(errors::cluster_not_found());
        }
        if tasks.len() > PROTECTION_BATCH {
            return Err(errors::invalid_parameter(format!(
                "tasks can have at most {PROTECTION_BATCH} items."
            )));
        }
        Ok(name)
    }

    fn protection_task(&self, cluster: &str, task: &str) -> Option<u64> {
        let arn = match task.starts_with("arn:") {
            true => task.to_string(),
            false => ids::task_arn(cluster, task),
        };
        self.task_index
            .get(&arn)
            .copied()
            .filter(|k| self.tasks.get(k).is_some_and(|t| t.cluster == cluster))
    }

    fn protection_of(&self, key: u64) -> TaskProtection {
        let t = &self.tasks[&key];
        let until = t.protected_until.filter(|at| *at > self.now);
        TaskProtection {
            task_arn: t.task.arn.clone(),
            enabled: until.is_some(),
            expires_at: until,
        }
    }
}

fn failure(arn: &str, reason: &str) -> DescribeFailure {
    DescribeFailure {
        arn: arn.to_string(),
        reason: reason.into(),
    }
}
