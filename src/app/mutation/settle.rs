//! Whether a change shows in what wharf has read: the fresh reads each change's `applied` looks at to
//! settle an answer that never came ("unknown").

use crate::app::State;
use crate::model::{DesiredStatus, Service, Timestamp};

/// The service as read after `since`.
pub(super) fn fresh_service<'a>(
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
pub(super) fn gone_since(
    state: &State,
    cluster_arn: &str,
    service_arn: &str,
    since: Timestamp,
) -> bool {
    let table = state.session.cache.services.get(cluster_arn);
    let status = table.and_then(|l| l.data.as_ref()?.status(service_arn));
    status.is_some_and(|s| {
        !s.in_flight
            && s.polled_at.is_some_and(|at| at >= since)
            && matches!(s.error, Some(crate::backend::BackendError::NotFound { .. }))
    })
}

/// A task's desired status as read after `since`, in any list that has it.
pub(super) fn fresh_task_desired(
    state: &State,
    task_arn: &str,
    since: Timestamp,
) -> Option<DesiredStatus> {
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
