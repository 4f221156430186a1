//! Tasks a user starts or stops by hand: RunTask (standalone tasks, no service) and StopTask.

use super::errors;
use super::ids;
use super::launch::Launch;
use super::lifecycle::{self, begin_stop, Parts};
use super::placement::{self, NoSpot, Placing};
use super::service_ops::check_launch;
use super::world::World;
use crate::backend::{DescribeFailure, Described, Result};
use crate::model::{LaunchType, StopCode, Task};

/// RunTask starts at most this many tasks per call.
pub const MAX_RUN_COUNT: u32 = 10;

/// What RunTask takes.
#[derive(Debug, Clone, PartialEq)]
pub struct RunTaskSpec {
    pub cluster: String,
    /// An ARN, `family:revision` or `family` (its latest ACTIVE revision).
    pub task_definition: String,
    pub launch_type: LaunchType,
    pub count: u32,
    /// `startedBy`; `None` leaves it unset.
    pub started_by: Option<String>,
}

impl RunTaskSpec {
    /// One Fargate task, `startedBy` unset.
    pub fn new(cluster: &str, task_definition: &str) -> Self {
        RunTaskSpec {
            cluster: cluster.into(),
            task_definition: task_definition.into(),
            launch_type: LaunchType::Fargate,
            count: 1,
            started_by: None,
        }
    }

    pub fn ec2(mut self) -> Self {
        self.launch_type = LaunchType::Ec2;
        self
    }

    pub fn count(mut self, count: u32) -> Self {
        self.count = count;
        self
    }

    pub fn started_by(mut self, started_by: &str) -> Self {
        self.started_by = Some(started_by.into());
        self
    }
}

impl World {
    /// RunTask: standalone tasks (group `family:FAMILY`) that run until stopped, or until their image makes
    /// them exit; nothing replaces them. On EC2, a task that fits on no container instance comes back as a
    /// failure (`RESOURCE:CPU` or `RESOURCE:MEMORY`, with the closest instance's ARN), as in ECS.
    pub fn run_task(&mut self, spec: &RunTaskSpec) -> Result<Described<Task>> {
        let cluster = ids::cluster_name(&spec.cluster).to_string();
        let c = self
            .clusters
            .get(&cluster)
            .ok_or_else(errors::cluster_not_found)?;
        if spec.launch_type == LaunchType::Ec2
            && !c.instances.values().any(|i| i.status == "ACTIVE")
        {
            return Err(errors::invalid_parameter(
                "No Container Instances were found in your cluster.",
            ));
        }
        if !(1..=MAX_RUN_COUNT).contains(&spec.count) {
            return Err(errors::invalid_parameter(format!(
                "count must be between 1 and {MAX_RUN_COUNT}."
            )));
        }
        let td_arn = self.deployable_task_definition(&spec.task_definition)?;
        let td = self
            .task_definitions
            .get(&td_arn)
            .ok_or_else(errors::task_definition_not_found)?;
        check_launch(td, spec.launch_type)?;
        let need = placement::needs(td);
        let launch = Launch {
            cluster: cluster.clone(),
            launch_type: spec.launch_type,
            service: None,
            group: format!("family:{}", td.family),
            started_by: spec.started_by.clone().unwrap_or_default(),
            enable_execute_command: false,
        };
        let who = Placing {
            cluster: &cluster,
            launch_type: spec.launch_type,
            service: None,
        };
        let mut per_az = [0u32; 3];
        let mut out = Described::default();
        for _ in 0..spec.count {
            match self.place(who, need, &per_az) {
                Ok(spot) => {
                    per_az[spot.az] += 1;
                    let key = self.launch_task(&launch, &td_arn, spot);
                    if let Some(t) = key.and_then(|k| self.tasks.get(&k)) {
                        out.items.push(t.task.clone());
                    }
                }
                Err(why) => out.failures.push(match why {
                    NoSpot::Insufficient { instance, cpu } => DescribeFailure {
                        arn: instance,
                        reason: if cpu {
                            "RESOURCE:CPU"
                        } else {
                            "RESOURCE:MEMORY"
                        }
                        .into(),
                    },
                    NoSpot::NoInstances => DescribeFailure {
                        arn: ids::cluster_arn(&cluster),
                        reason: "No Container Instances were found in your cluster.".into(),
                    },
                }),
            }
        }
        Ok(out)
    }

    /// StopTask: a user-initiated stop (stopCode UserInitiated, the reason as stoppedReason). A service starts
    /// a replacement. A task already on its way down (or stopped) comes back as it is.
    pub fn stop_task(&mut self, cluster: &str, task: &str, reason: &str) -> Result<Task> {
        let name = ids::cluster_name(cluster).to_string();
        if !self.clusters.contains_key(&name) {
            return Err(errors::cluster_not_found());
        }
        let arn = if task.starts_with("arn:") {
            task.to_string()
        } else {
            ids::task_arn(&name, task)
        };
        let not_found = || errors::invalid_parameter("The referenced task was not found.");
        let key = self
            .task_index
            .get(&arn)
            .copied()
            .filter(|k| self.tasks.get(k).is_some_and(|t| t.cluster == name))
            .ok_or_else(not_found)?;
        let reason = if reason.is_empty() {
            "Task stopped by user"
        } else {
            reason
        };
        self.stop_one(key, StopCode::UserInitiated, reason)
            .ok_or_else(not_found)
    }

    /// Starts one task on its way down; its service hears of the targets it deregisters.
    pub(crate) fn stop_one(&mut self, key: u64, code: StopCode, reason: &str) -> Option<Task> {
        let Parts {
            tasks,
            services,
            mut ctx,
        } = self.parts();
        let t = tasks.get_mut(&key)?;
        let groups = begin_stop(t, &mut ctx, code, reason);
        if let Some(svc) = t.service.and_then(|k| services.get_mut(&k)) {
            lifecycle::deregistered(svc, &groups);
            svc.steady = false;
        }
        Some(t.task.clone())
    }
}
