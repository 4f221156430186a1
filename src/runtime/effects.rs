//! Turns an `Effect` into backend calls and their answer into an `Action`. Every effect is answered, even
//! when the backend hangs (a time limit), so that `update` never waits forever on a request in flight.

use std::time::Duration;

use crate::app::{Action, Effect, MutationResult, ServiceKey, REVISIONS_SHOWN};
use crate::backend::{Backend, BackendError, Described, Result};
use crate::model::{
    arn_name, DesiredStatus, RevisionStatus, Service, Task, TaskDefinition, TaskFilter, Timestamp,
};

/// Longest wait for one effect's calls. The SDK's own retries happen inside it.
pub const EFFECT_TIME_LIMIT: Duration = Duration::from_secs(60);

/// Run an effect that asks the backend for data, and answer it. `None` for the effects the event loop runs
/// itself (the clipboard, opening another profile), which are not the backend's.
pub async fn perform(backend: &dyn Backend, effect: Effect) -> Option<Action> {
    let name = operation(&effect)?;
    Some(
        match tokio::time::timeout(EFFECT_TIME_LIMIT, answer(backend, effect.clone())).await {
            Ok(action) => action,
            Err(_) => failed(
                effect,
                BackendError::TimedOut {
                    action: name.into(),
                    seconds: EFFECT_TIME_LIMIT.as_secs(),
                },
                backend.now(),
            ),
        },
    )
}

async fn answer(backend: &dyn Backend, effect: Effect) -> Action {
    match effect {
        // Not the backend's: `perform` returns before it gets here. A tick is harmless if it ever did.
        Effect::Copy { .. } | Effect::Connect { .. } | Effect::Audit(_) | Effect::ReadAudit => {
            Action::Tick(backend.now())
        }
        Effect::Mutate { id, mutation } => Action::Mutated {
            id,
            result: super::mutate::mutate(backend, &mutation).await,
            at: backend.now(),
        },
        Effect::PlanCleanup { scope } => {
            let result = super::cleanup_inputs::gather(backend, &scope).await;
            Action::CleanupRead { scope, result }
        }
        Effect::LoadRevisions { family } => {
            let result = newest_revisions(backend, &family).await;
            Action::RevisionsLoaded {
                family,
                result,
                at: backend.now(),
            }
        }
        Effect::LoadClusters => {
            let result = async {
                Ok(backend
                    .describe_clusters(&backend.list_clusters().await?)
                    .await?
                    .items)
            }
            .await;
            Action::ClustersLoaded {
                result,
                at: backend.now(),
            }
        }
        Effect::LoadServices { cluster_arn } => {
            let result = async {
                let arns = backend.list_services(&cluster_arn).await?;
                Ok(backend.describe_services(&cluster_arn, &arns).await?.items)
            }
            .await;
            Action::ServicesLoaded {
                cluster_arn,
                result,
                at: backend.now(),
            }
        }
        Effect::LoadService {
            cluster_arn,
            service_arn,
        } => {
            let result = describe_one_service(backend, &cluster_arn, &service_arn).await;
            Action::ServiceLoaded {
                cluster_arn,
                service_arn,
                result,
                at: backend.now(),
            }
        }
        Effect::LoadTasks {
            cluster_arn,
            service_name,
        } => {
            let result =
                running_and_stopped_tasks(backend, &cluster_arn, Some(&service_name)).await;
            Action::TasksLoaded {
                key: ServiceKey {
                    cluster_arn,
                    service_name,
                },
                result,
                at: backend.now(),
            }
        }
        Effect::LoadClusterTasks { cluster_arn } => {
            let result = running_and_stopped_tasks(backend, &cluster_arn, None).await;
            Action::ClusterTasksLoaded {
                cluster_arn,
                result,
                at: backend.now(),
            }
        }
        Effect::LoadTargetHealth { target_group_arn } => {
            let result = backend.describe_target_health(&target_group_arn).await;
            Action::TargetHealthLoaded {
                target_group_arn,
                result,
                at: backend.now(),
            }
        }
        Effect::LoadTaskDefinition { arn } => {
            let result = backend.describe_task_definition(&arn).await;
            Action::TaskDefinitionLoaded {
                arn,
                result,
                at: backend.now(),
            }
        }
    }
}

/// The family's newest ACTIVE revisions, described (each once: revisions are immutable).
async fn newest_revisions(backend: &dyn Backend, family: &str) -> Result<Vec<TaskDefinition>> {
    let arns = backend
        .list_task_definitions(family, RevisionStatus::Active)
        .await?;
    let described = arns
        .iter()
        .take(REVISIONS_SHOWN)
        .map(|arn| backend.describe_task_definition(arn));
    futures::future::try_join_all(described).await
}

async fn describe_one_service(
    backend: &dyn Backend,
    cluster_arn: &str,
    service_arn: &str,
) -> Result<Service> {
    let Described { items, failures } = backend
        .describe_services(cluster_arn, &[service_arn.to_string()])
        .await?;
    items
        .into_iter()
        .next()
        .ok_or_else(|| BackendError::NotFound {
            what: match failures.first() {
                Some(f) => format!("service {} ({})", arn_name(service_arn), f.reason),
                None => format!("service {}", arn_name(service_arn)),
            },
        })
}

/// Running tasks and recently stopped ones (those say why they stopped), of one service or (`None`) of the
/// whole cluster, standalone ones included: two list calls, one describe batch.
async fn running_and_stopped_tasks(
    backend: &dyn Backend,
    cluster_arn: &str,
    service_name: Option<&str>,
) -> Result<Vec<Task>> {
    let filter = |desired_status| TaskFilter {
        service_name: service_name.map(str::to_string),
        desired_status,
    };
    let (running, stopped) = (
        filter(DesiredStatus::Running),
        filter(DesiredStatus::Stopped),
    );
    let (running, stopped) = futures::future::try_join(
        backend.list_tasks(cluster_arn, &running),
        backend.list_tasks(cluster_arn, &stopped),
    )
    .await?;
    let mut arns = running;
    arns.extend(stopped);
    // A task that stops between the two list calls can be in both.
    arns.sort();
    arns.dedup();
    if arns.is_empty() {
        return Ok(Vec::new());
    }
    Ok(backend.describe_tasks(cluster_arn, &arns).await?.items)
}

/// The API calls an effect makes, for messages; `None` for effects that are not the backend's.
fn operation(effect: &Effect) -> Option<&'static str> {
    Some(match effect {
        Effect::LoadClusters => "ListClusters/DescribeClusters",
        Effect::LoadServices { .. } => "ListServices/DescribeServices",
        Effect::LoadService { .. } => "DescribeServices",
        Effect::LoadTasks { .. } | Effect::LoadClusterTasks { .. } => "ListTasks/DescribeTasks",
        Effect::LoadTargetHealth { .. } => "DescribeTargetHealth",
        Effect::LoadTaskDefinition { .. } => "DescribeTaskDefinition",
        Effect::LoadRevisions { .. } => "ListTaskDefinitions/DescribeTaskDefinition",
        Effect::PlanCleanup { .. } => "the reads of a cleanup's plan",
        Effect::Mutate { .. } => "the change",
        Effect::Copy { .. } | Effect::Connect { .. } | Effect::Audit(_) | Effect::ReadAudit => {
            return None
        }
    })
}

/// The answer an effect gets when its calls did not finish.
fn failed(effect: Effect, error: BackendError, at: Timestamp) -> Action {
    match effect {
        Effect::Copy { .. } | Effect::Connect { .. } | Effect::Audit(_) | Effect::ReadAudit => {
            Action::Tick(at)
        }
        // The request may have reached AWS: the outcome is unknown until a read settles it.
        Effect::Mutate { id, .. } => Action::Mutated {
            id,
            result: MutationResult::Unknown(error),
            at,
        },
        Effect::LoadRevisions { family } => Action::RevisionsLoaded {
            family,
            result: Err(error),
            at,
        },
        Effect::PlanCleanup { scope } => Action::CleanupRead {
            scope,
            result: Err(error),
        },
        Effect::LoadClusters => Action::ClustersLoaded {
            result: Err(error),
            at,
        },
        Effect::LoadServices { cluster_arn } => Action::ServicesLoaded {
            cluster_arn,
            result: Err(error),
            at,
        },
        Effect::LoadService {
            cluster_arn,
            service_arn,
        } => Action::ServiceLoaded {
            cluster_arn,
            service_arn,
            result: Err(error),
            at,
        },
        Effect::LoadTasks {
            cluster_arn,
            service_name,
        } => Action::TasksLoaded {
            key: ServiceKey {
                cluster_arn,
                service_name,
            },
            result: Err(error),
            at,
        },
        Effect::LoadClusterTasks { cluster_arn } => Action::ClusterTasksLoaded {
            cluster_arn,
            result: Err(error),
            at,
        },
        Effect::LoadTargetHealth { target_group_arn } => Action::TargetHealthLoaded {
            target_group_arn,
            result: Err(error),
            at,
        },
        Effect::LoadTaskDefinition { arn } => Action::TaskDefinitionLoaded {
            arn,
            result: Err(error),
            at,
        },
    }
}
