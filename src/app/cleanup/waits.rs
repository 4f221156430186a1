//! What a cleanup reads between its writes: the waits (services INACTIVE, tasks STOPPED) and whether an
//! error says the resource is already gone.

use super::Step;
use crate::app::{Effect, Resource, State};
use crate::backend::BackendError;
use crate::model::{ServiceStatus, TaskStatus, Timestamp};

/// The reads a wait makes.
pub(super) fn poll(state: &mut State, step: &Step) -> Vec<Effect> {
    let reads: Vec<Resource> = match step {
        Step::WaitInactive {
            cluster_arn,
            service_arns,
        } => service_arns
            .iter()
            .map(|s| Resource::Service {
                cluster_arn: cluster_arn.clone(),
                service_arn: s.clone(),
            })
            .collect(),
        Step::WaitStopped { cluster_arn, .. } => vec![Resource::ClusterTasks {
            cluster_arn: cluster_arn.clone(),
        }],
        Step::Write(_) => Vec::new(),
    };
    crate::app::polling::request_all(state, reads)
}

/// Gone already: the step has nothing left to do.
pub fn already_gone(e: &BackendError) -> bool {
    match e {
        BackendError::NotFound { .. } => true,
        BackendError::Api { code, message } => {
            matches!(
                code.as_str(),
                "ServiceNotActiveException"
                    | "ClusterNotFoundException"
                    | "TargetGroupNotFound"
                    | "LoadBalancerNotFound"
                    | "ListenerNotFound"
            ) || (code == "InvalidParameterException" && message.contains("was not found"))
                || is_missing_revision(e)
        }
        _ => false,
    }
}

/// DescribeTaskDefinition's and DeleteTaskDefinitions' way of saying a revision is gone.
fn is_missing_revision(e: &BackendError) -> bool {
    matches!(e, BackendError::Api { code, message } if code == "ClientException" && message.contains("Unable to describe task definition"))
}

/// What the reads show: every service INACTIVE (or gone), every task STOPPED (or gone).
pub(super) fn wait_is_over(state: &State, step: &Step) -> bool {
    let since = state.cleanup.as_ref().map(|r| r.started_at);
    let fresh = |at: Option<Timestamp>| at.zip(since).is_some_and(|(at, s)| at >= s);
    let gone = |e: &Option<BackendError>| e.as_ref().is_some_and(already_gone);
    match step {
        Step::WaitInactive {
            service_arns,
            cluster_arn,
        } => service_arns.iter().all(|arn| {
            let resource = Resource::Service {
                cluster_arn: cluster_arn.clone(),
                service_arn: arn.clone(),
            };
            state.status(&resource).is_some_and(|status| {
                fresh(status.fetched_at)
                    && state
                        .service(cluster_arn, arn)
                        .is_some_and(|s| s.status == ServiceStatus::Inactive)
                    || gone(&status.error)
            })
        }),
        // A cluster already deleted has no task left.
        Step::WaitStopped { cluster_arn, .. } => state
            .session
            .cache
            .cluster_tasks
            .get(cluster_arn)
            .is_some_and(|l| {
                // Every task described and stopped: one listed and not described yet may still run.
                let whole = l
                    .data
                    .as_ref()
                    .is_some_and(|list| !list.is_reading() && list.waiting().0 == 0);
                fresh(l.status.fetched_at)
                    && whole
                    && l.data
                        .iter()
                        .flatten()
                        .all(|t| t.last_status == TaskStatus::Stopped)
                    || gone(&l.status.error)
            }),
        _ => false,
    }
}
