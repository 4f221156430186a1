//! Carrying out a change against the backend. Each is sent once: wharf never retries a write by itself, and
//! an answer that does not come makes the outcome unknown (settled by a fresh read), never "done".

use crate::app::{DeployTo, Mutation, MutationResult, RollbackHow};
use crate::backend::{Backend, BackendError, Result, ServiceUpdate};
use crate::model::{arn_name, family_revision, HookAction, TaskDefinition};

/// How much later than the confirmed deployment ListServiceDeployments may date it (the two APIs stamp it
/// separately) before it counts as another, newer deployment.
const NEWER_DEPLOYMENT_MS: i64 = 60_000;

pub async fn mutate(backend: &dyn Backend, mutation: &Mutation) -> MutationResult {
    classify(run(backend, mutation).await)
}

/// A write whose request may have reached AWS without its answer reaching wharf is unknown, not failed. An
/// unreachable endpoint never got the request.
pub fn classify(result: Result<String>) -> MutationResult {
    match result {
        Ok(said) => MutationResult::Done(said),
        Err(e @ (BackendError::TimedOut { .. } | BackendError::AnswerLost { .. })) => {
            MutationResult::Unknown(e)
        }
        Err(e) => MutationResult::Failed(e),
    }
}

async fn run(backend: &dyn Backend, mutation: &Mutation) -> Result<String> {
    match mutation {
        Mutation::Scale {
            cluster_arn,
            service_arn,
            to,
            ..
        } => {
            let update = ServiceUpdate {
                desired_count: Some(*to),
                ..Default::default()
            };
            let s = backend
                .update_service(cluster_arn, service_arn, &update)
                .await?;
            Ok(format!("{} now wants {} tasks", s.name, s.desired_count))
        }
        Mutation::StopTasks {
            cluster_arn,
            task_arns,
            reason,
        } => stop_tasks(backend, cluster_arn, task_arns, reason).await,
        Mutation::Deploy {
            cluster_arn,
            service_arn,
            from,
            to,
        } => {
            let task_definition = match to {
                DeployTo::Revision(arn) => arn.clone(),
                DeployTo::Force => from.clone(),
                DeployTo::Image {
                    container, image, ..
                } => new_revision(backend, from, container, image).await?.arn,
            };
            let update = ServiceUpdate {
                task_definition: (!matches!(to, DeployTo::Force)).then(|| task_definition.clone()),
                force_new_deployment: matches!(to, DeployTo::Force),
                ..Default::default()
            };
            let s = backend
                .update_service(cluster_arn, service_arn, &update)
                .await?;
            Ok(format!(
                "{} is deploying {}",
                s.name,
                family_revision(&s.task_definition)
            ))
        }
        Mutation::ContinueDeployment {
            service_arn,
            deployment_arn,
            hook_id,
            action,
            ..
        } => {
            backend
                .continue_service_deployment(deployment_arn, hook_id, *action)
                .await?;
            Ok(match action {
                HookAction::Continue => format!(
                    "the deployment of {} goes on past its pause",
                    arn_name(service_arn)
                ),
                HookAction::Rollback => {
                    format!("the deployment of {} rolls back", arn_name(service_arn))
                }
            })
        }
        Mutation::Rollback {
            cluster_arn,
            service_arn,
            how,
            ..
        } => match how {
            RollbackHow::StopDeployment { to, started, .. } => {
                let deployments = backend
                    .list_service_deployments(cluster_arn, service_arn)
                    .await?;
                let Some(running) = deployments.iter().find(|d| d.is_stoppable()) else {
                    return Err(BackendError::Api {
                        code: "NoDeploymentInProgress".into(),
                        message: format!(
                            "{} has no deployment in progress any more (it finished or was rolled back); \
                             r refreshes, then roll back again",
                            arn_name(service_arn)
                        ),
                    });
                };
                // ListServiceDeployments names deployments by another id than DescribeServices: the one in
                // progress is the one confirmed unless it began later (another deploy since the dialog).
                if running
                    .created_at
                    .is_some_and(|at| at > started.plus_millis(NEWER_DEPLOYMENT_MS))
                {
                    return Err(BackendError::Api {
                        code: "NewerDeployment".into(),
                        message: format!(
                            "a newer deployment of {} began after the one you confirmed; nothing was stopped: r refreshes, then roll back again",
                            arn_name(service_arn)
                        ),
                    });
                }
                backend.stop_service_deployment(&running.arn).await?;
                Ok(format!(
                    "rolling back {}: ECS returns to {}",
                    arn_name(service_arn),
                    family_revision(to)
                ))
            }
            RollbackHow::ToRevision(arn) => {
                let update = ServiceUpdate {
                    task_definition: Some(arn.clone()),
                    ..Default::default()
                };
                let s = backend
                    .update_service(cluster_arn, service_arn, &update)
                    .await?;
                Ok(format!(
                    "{} is rolling back to {}",
                    s.name,
                    family_revision(arn)
                ))
            }
        },
        // Confirmed as one, run as its steps by `update`: never sent as such.
        Mutation::Cleanup(_) => Err(BackendError::Api {
            code: "NotAStep".into(),
            message: "a cleanup runs one step at a time".into(),
        }),
        Mutation::DeleteService {
            cluster_arn,
            service_arn,
        } => {
            let s = backend
                .delete_service(cluster_arn, service_arn, true)
                .await?;
            Ok(format!("{} is {}", s.name, s.status.as_str()))
        }
        Mutation::SetInstancesState {
            cluster_arn,
            instance_arns,
            to,
        } => {
            let done = backend
                .update_container_instances_state(cluster_arn, instance_arns, *to)
                .await?;
            // An instance ECS did not change is not reported changed.
            if let Some(failed) = done.failures.first() {
                return Err(crate::backend::BackendError::Api {
                    code: "Failure".into(),
                    message: format!(
                        "{} of {} instances changed; {}: {}",
                        done.items.len(),
                        instance_arns.len(),
                        crate::model::arn_name(&failed.arn),
                        failed.reason
                    ),
                });
            }
            Ok(format!(
                "{} container instance(s) {}",
                done.items.len(),
                to.as_str()
            ))
        }
        Mutation::DeregisterContainerInstance {
            cluster_arn,
            instance_arn,
        } => {
            let ci = backend
                .deregister_container_instance(cluster_arn, instance_arn, true)
                .await?;
            Ok(format!("{} deregistered", ci.ec2_instance_id))
        }
        Mutation::DeleteCluster { cluster_arn } => {
            let c = backend.delete_cluster(cluster_arn).await?;
            Ok(format!("cluster {} is {}", c.name, c.status))
        }
        Mutation::DeleteListener { arn } => {
            backend.delete_listener(arn).await?;
            Ok("listener deleted".into())
        }
        Mutation::DeleteLoadBalancer { arn } => {
            backend.delete_load_balancer(arn).await?;
            Ok("load balancer deleted".into())
        }
        Mutation::DeleteTargetGroup { arn } => {
            backend.delete_target_group(arn).await?;
            Ok("target group deleted".into())
        }
        Mutation::DeregisterTaskDefinition { arn } => {
            let td = backend.deregister_task_definition(arn).await?;
            Ok(format!("{} is {}", td.family_revision(), td.status))
        }
        Mutation::DeleteTaskDefinitions { arns } => {
            let out = backend.delete_task_definitions(arns).await?;
            // Deleted before (a cleanup resumed after a lost answer): nothing left to do for those.
            let (gone, failures): (Vec<_>, Vec<_>) = out
                .failures
                .iter()
                .partition(|f| f.reason.contains("does not exist"));
            match failures.first() {
                None if gone.is_empty() => Ok(format!("{} revisions deleted", out.items.len())),
                None => Ok(format!(
                    "{} revisions deleted, {} already gone",
                    out.items.len(),
                    gone.len()
                )),
                Some(f) => Err(BackendError::Api {
                    code: "DeleteTaskDefinitionsFailure".into(),
                    message: format!(
                        "{} of {} revisions were not deleted; {}: {}",
                        failures.len(),
                        arns.len(),
                        family_revision(&f.arn),
                        f.reason
                    ),
                }),
            }
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

/// RegisterTaskDefinition is not idempotent: when the family's newest revision already is `base` with this
/// image in every field RegisterTaskDefinition takes (a register whose answer was lost, say), it is used
/// instead of registering another. Only the backend knows every field, so it decides; when it cannot tell
/// (a read failed), a new revision is registered: an extra revision is harmless, one nobody confirmed is not.
async fn new_revision(
    backend: &dyn Backend,
    base: &str,
    container: &str,
    image: &str,
) -> Result<TaskDefinition> {
    let images = [(container.to_string(), image.to_string())];
    if let Ok(Some(copy)) = backend.registered_copy(base, &images).await {
        return Ok(copy);
    }
    backend.register_task_definition(base, &images).await
}
