//! What a mutation changes, in words: for the confirmation dialog, the status line and the audit log.

use super::{DeployTo, Mutation, RollbackHow};
use crate::model::{arn_name, family_revision};
use crate::model::{ContainerInstanceStatus, HookAction};

/// One thing that changes, from what to what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub what: String,
    pub from: String,
    pub to: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Description {
    /// "Scale service payments".
    pub title: String,
    pub changes: Vec<Change>,
    /// Every ARN it touches.
    pub targets: Vec<String>,
    /// How it is done, when that is worth knowing (which API, what ECS then does).
    pub how: String,
}

fn change(what: &str, from: impl Into<String>, to: impl Into<String>) -> Change {
    Change {
        what: what.to_string(),
        from: from.into(),
        to: to.into(),
    }
}

impl Mutation {
    pub fn describe(&self) -> Description {
        let one = |title: String, target: &str, how: &str| Description {
            title,
            changes: vec![change("state", "exists", "deleted")],
            targets: vec![target.to_string()],
            how: how.to_string(),
        };
        match self {
            Mutation::Cleanup(plan) => {
                let what = match &plan.scope {
                    super::super::cleanup::Scope::Cluster { .. } => "cluster",
                    super::super::cleanup::Scope::Service { .. } => "service",
                };
                Description {
                    title: format!("Clean up {what} {}", plan.scope.name()),
                    changes: vec![change(
                        "resources",
                        "in use",
                        format!("deleted in {} steps", plan.steps.len()),
                    )],
                    targets: plan
                        .steps
                        .iter()
                        .filter(|s| !s.is_wait())
                        .flat_map(|s| s.targets())
                        .collect(),
                    how: "step by step, each through the same audit; Esc stops after the current step"
                        .into(),
                }
            }
            Mutation::DeleteService { service_arn, .. } => one(
                format!("Delete service {} (force)", arn_name(service_arn)),
                service_arn,
                "DeleteService with force: it drains, then turns INACTIVE",
            ),
            Mutation::SetInstancesState {
                instance_arns, to, ..
            } => {
                let (from, verb, how) = match to {
                    ContainerInstanceStatus::Draining => (
                        "ACTIVE",
                        "Drain",
                        "UpdateContainerInstancesState DRAINING: nothing new is placed on them; their service \
                         tasks are replaced elsewhere within each service's minimum healthy and maximum \
                         percent; tasks started on their own (RunTask) keep running",
                    ),
                    ContainerInstanceStatus::Active => (
                        "DRAINING",
                        "Activate",
                        "UpdateContainerInstancesState ACTIVE: tasks can be placed on them again",
                    ),
                };
                let n = instance_arns.len();
                Description {
                    title: format!(
                        "{verb} {n} container instance{}",
                        if n == 1 { "" } else { "s" }
                    ),
                    changes: vec![change("status", from, to.as_str())],
                    targets: instance_arns.clone(),
                    how: how.to_string(),
                }
            }
            Mutation::DeregisterContainerInstance { instance_arn, .. } => one(
                format!("Deregister container instance {}", arn_name(instance_arn)),
                instance_arn,
                "DeregisterContainerInstance with force",
            ),
            Mutation::DeleteCluster { cluster_arn } => one(
                format!("Delete cluster {}", arn_name(cluster_arn)),
                cluster_arn,
                "DeleteCluster",
            ),
            Mutation::DeleteListener { arn } => one(
                "Delete a listener".into(),
                arn,
                "DeleteListener (its rules go too)",
            ),
            Mutation::DeleteLoadBalancer { arn } => {
                one("Delete a load balancer".into(), arn, "DeleteLoadBalancer")
            }
            Mutation::DeleteTargetGroup { arn } => {
                one("Delete a target group".into(), arn, "DeleteTargetGroup")
            }
            Mutation::DeregisterTaskDefinition { arn } => Description {
                title: format!("Deregister {}", family_revision(arn)),
                changes: vec![change("status", "ACTIVE", "INACTIVE")],
                targets: vec![arn.clone()],
                how: "DeregisterTaskDefinition (running tasks keep it)".into(),
            },
            Mutation::DeleteTaskDefinitions { arns } => Description {
                title: format!("Delete {} task definition revisions", arns.len()),
                changes: vec![change("status", "INACTIVE", "DELETE_IN_PROGRESS")],
                targets: arns.clone(),
                how: "DeleteTaskDefinitions".into(),
            },

            Mutation::Scale {
                service_arn,
                from,
                to,
                ..
            } => Description {
                title: format!("Scale service {}", arn_name(service_arn)),
                changes: vec![change("desired count", from.to_string(), to.to_string())],
                targets: vec![service_arn.clone()],
                how: "UpdateService: ECS starts or stops tasks until the count is reached".into(),
            },
            Mutation::StopTasks {
                task_arns, reason, ..
            } => {
                let title = match task_arns.as_slice() {
                    [one] => format!("Stop task {}", arn_name(one)),
                    many => format!("Stop {} tasks", many.len()),
                };
                let reason = if reason.is_empty() {
                    "Task stopped by user"
                } else {
                    reason
                };
                Description {
                    title,
                    changes: vec![change("desired status", "RUNNING", "STOPPED")],
                    targets: task_arns.clone(),
                    how: format!("StopTask (reason: {reason}); a service starts replacements"),
                }
            }
            Mutation::Deploy {
                service_arn,
                from,
                to,
                ..
            } => {
                let name = arn_name(service_arn);
                let (title, changes, how) = match to {
                    DeployTo::Revision(arn) => (
                        format!("Deploy {} to service {name}", family_revision(arn)),
                        vec![change(
                            "task definition",
                            family_revision(from),
                            family_revision(arn),
                        )],
                        "UpdateService: a new deployment, rolled out by the service's deployment strategy".to_string(),
                    ),
                    DeployTo::Image {
                        container,
                        image,
                        previous,
                    } => (
                        format!("Change the image of {container} in service {name}"),
                        vec![
                            change(
                                &format!("image of {container}"),
                                previous.clone(),
                                image.clone(),
                            ),
                            change("task definition", family_revision(from), "a new revision"),
                        ],
                        "RegisterTaskDefinition (a copy with only this image changed), then \
                         UpdateService: a new deployment, rolled out by the service's deployment strategy"
                            .to_string(),
                    ),
                    DeployTo::Force => (
                        format!("Force a new deployment of service {name}"),
                        vec![change(
                            "tasks",
                            family_revision(from),
                            format!("{} (every task replaced)", family_revision(from)),
                        )],
                        "UpdateService with forceNewDeployment".to_string(),
                    ),
                };
                Description {
                    title,
                    changes,
                    targets: vec![service_arn.clone()],
                    how,
                }
            }
            Mutation::Rollback {
                service_arn,
                from,
                how,
                ..
            } => {
                let name = arn_name(service_arn);
                let (to, how) = match how {
                    RollbackHow::StopDeployment {
                        deployment_id, to, ..
                    } => (
                        to,
                        format!(
                            "StopServiceDeployment (ROLLBACK) of the deployment in progress \
                             ({deployment_id}); ECS returns to the last deployment that completed"
                        ),
                    ),
                    RollbackHow::ToRevision(to) => (
                        to,
                        "UpdateService to the revision before: a new deployment, rolled out by the service's deployment strategy".to_string(),
                    ),
                };
                Description {
                    title: format!("Roll back service {name}"),
                    changes: vec![change(
                        "task definition",
                        family_revision(from),
                        family_revision(to),
                    )],
                    targets: vec![service_arn.clone()],
                    how,
                }
            }
            Mutation::ContinueDeployment {
                service_arn,
                deployment_arn,
                hook_id,
                action,
                ..
            } => {
                let name = arn_name(service_arn);
                let (title, to) = match action {
                    HookAction::Continue => (
                        format!("Continue the deployment of {name}"),
                        "goes on past the pause",
                    ),
                    HookAction::Rollback => (
                        format!("Roll back the paused deployment of {name}"),
                        "rolls back to the revision before",
                    ),
                };
                Description {
                    title,
                    changes: vec![change("deployment", "waiting for approval", to)],
                    targets: vec![deployment_arn.clone()],
                    how: format!(
                        "ContinueServiceDeployment ({}) of hook {hook_id} of deployment {}",
                        action.as_str(),
                        arn_name(deployment_arn)
                    ),
                }
            }
        }
    }

    /// One line for the status line: "scale service payments: 4 → 6".
    pub fn summary(&self) -> String {
        let d = self.describe();
        let mut title = d.title;
        if let Some(first) = title.get(..1) {
            title = first.to_lowercase() + &title[1..];
        }
        match d.changes.first() {
            Some(c) => format!("{title}: {} → {}", c.from, c.to),
            None => title,
        }
    }
}
