//! Whether a change shows in what wharf has read: how an answer that never came ("unknown") is settled.

use super::{DeployTo, Mutation, RollbackHow};
use crate::app::State;
use crate::model::{family_of, DesiredStatus, Service, Timestamp};

impl Mutation {
    /// `Some(true)` when reads answered after `since` show the change, `Some(false)` when they show it did not
    /// happen, `None` while nothing read since can tell. `primary_before` is the service's primary deployment
    /// when the request left (a force deploy makes another).
    pub fn applied(
        &self,
        state: &State,
        primary_before: Option<&str>,
        since: Timestamp,
    ) -> Option<bool> {
        match self {
            Mutation::Scale {
                cluster_arn,
                service_arn,
                to,
                ..
            } => fresh_service(state, cluster_arn, service_arn, since)
                .map(|s| s.desired_count == *to),
            Mutation::StopTasks { task_arns, .. } => {
                let mut seen = 0;
                for arn in task_arns {
                    match fresh_task_desired(state, arn, since) {
                        Some(DesiredStatus::Running) => return Some(false),
                        Some(DesiredStatus::Stopped) => seen += 1,
                        None => {}
                    }
                }
                (seen == task_arns.len()).then_some(true)
            }
            Mutation::Deploy {
                cluster_arn,
                service_arn,
                from,
                to,
            } => {
                let s = fresh_service(state, cluster_arn, service_arn, since)?;
                Some(match to {
                    DeployTo::Revision(arn) => s.task_definition == *arn,
                    DeployTo::Image { .. } => {
                        s.task_definition != *from
                            && family_of(&s.task_definition) == family_of(from)
                    }
                    // Another primary deployment than the one when the request left.
                    DeployTo::Force => s
                        .primary_deployment()
                        .is_some_and(|d| Some(d.id.as_str()) != primary_before),
                })
            }
            Mutation::Rollback {
                cluster_arn,
                service_arn,
                how,
                ..
            } => {
                let s = fresh_service(state, cluster_arn, service_arn, since)?;
                let to = match how {
                    RollbackHow::StopDeployment { to, .. } | RollbackHow::ToRevision(to) => to,
                };
                Some(s.task_definition == *to)
            }
            Mutation::DeleteService {
                cluster_arn,
                service_arn,
            } => fresh_service(state, cluster_arn, service_arn, since)
                .map(|s| s.status != crate::model::ServiceStatus::Active)
                .or_else(|| gone_since(state, cluster_arn, service_arn, since).then_some(true)),
            // The history shows whether the hook still waits, not whether this request released it (its
            // time-out or someone in the console may have): it stays unknown, and the history says what
            // happened to the deployment.
            Mutation::ContinueDeployment { .. } => None,
            // A fresh read cannot tell these (wharf does not keep their resources): they stay unknown.
            Mutation::Cleanup(_)
            | Mutation::DeregisterContainerInstance { .. }
            | Mutation::SetInstancesState { .. }
            | Mutation::DeleteCluster { .. }
            | Mutation::DeleteListener { .. }
            | Mutation::DeleteLoadBalancer { .. }
            | Mutation::DeleteTargetGroup { .. }
            | Mutation::DeregisterTaskDefinition { .. }
            | Mutation::DeleteTaskDefinitions { .. } => None,
        }
    }
}

/// The service as read after `since`.
fn fresh_service<'a>(
    state: &'a State,
    cluster_arn: &str,
    service_arn: &str,
    since: Timestamp,
) -> Option<&'a Service> {
    let table = state
        .session
        .cache
        .services
        .get(cluster_arn)?
        .data
        .as_ref()?;
    let fetched_at = table.status(service_arn)?.fetched_at;
    if fetched_at.is_none_or(|at| at < since) {
        return None;
    }
    table.row(service_arn)
}

/// DescribeServices said after `since` that the service is not there (MISSING): deleted.
fn gone_since(state: &State, cluster_arn: &str, service_arn: &str, since: Timestamp) -> bool {
    let table = state.session.cache.services.get(cluster_arn);
    let status = table.and_then(|l| l.data.as_ref()?.status(service_arn));
    status.is_some_and(|s| {
        !s.in_flight
            && s.polled_at.is_some_and(|at| at >= since)
            && matches!(s.error, Some(crate::backend::BackendError::NotFound { .. }))
    })
}

/// A task's desired status as read after `since`, in any list that has it.
fn fresh_task_desired(state: &State, task_arn: &str, since: Timestamp) -> Option<DesiredStatus> {
    let cache = &state.session.cache;
    let fresh = |status: &crate::app::Status| status.fetched_at.is_some_and(|at| at >= since);
    let own = cache
        .task
        .get(task_arn)
        .filter(|l| fresh(&l.status))
        .and_then(|l| l.data.as_ref());
    own.or_else(|| {
        cache
            .tasks
            .values()
            .chain(cache.cluster_tasks.values())
            .filter(|l| fresh(&l.status))
            .filter_map(|l| l.data.as_ref())
            .flatten()
            .find(|t| t.arn == task_arn)
    })
    .map(|t| t.desired_status)
}
