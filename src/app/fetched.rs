//! An answer to `Effect::Fetch`: charged to the budget, stored in the cache (or dropped when no one wants it
//! any more), and what it teaches wharf on the side (the account id, the revisions a service ran).

use crate::backend::BackendError;
use crate::model::Timestamp;

use super::resource::{Fetch, Payload, Resource, TaskPart};
use super::{operate, polling, State};

pub fn fetched(
    state: &mut State,
    fetch: Fetch,
    result: Result<Payload, BackendError>,
    at: Timestamp,
    calls: u32,
) {
    let category = fetch.category();
    let (guessed, urgent) = fetch
        .resources()
        .first()
        .and_then(|r| state.session.cache.status(r))
        .map_or((0, false), |s| (s.calls, s.urgent));
    let budget = &mut state.session.budget;
    // The answer's time is newer than the last tick: refilling to it keeps the buckets in step with AWS's,
    // which fill continuously (by ticks alone, a second that began with a full bucket would count twice).
    budget.refill(at.max(state.now));
    budget.settle(category, guessed, calls, urgent, at);
    let throttled = match &result {
        Err(e) | Ok(Payload::TasksPartly { error: e, .. }) => {
            matches!(e, BackendError::Throttled { .. })
        }
        Ok(_) => false,
    };
    if throttled {
        budget.throttled(category, at);
    }
    if !polling::wanted(state, &fetch) {
        state.session.cache.dropped(&fetch, at);
        return;
    }
    let mut result = result;
    if let Ok(Payload::Services(described)) = &mut result {
        for service in &mut described.items {
            super::own_starts::mark(&state.session.own_starts, service);
        }
    }
    if let Ok(payload) = &result {
        learn(state, payload);
    }
    // What a dialog starts from may come with any answer (the image dialog's, with the task definition).
    let answered = result.is_ok();
    let resources = fetch.resources();
    let errors_before: Vec<Option<BackendError>> = resources
        .iter()
        .map(|r| state.session.cache.status(r).and_then(|s| s.error.clone()))
        .collect();
    let seen_before: Vec<_> = resources.iter().map(|r| seen(state, r)).collect();
    // A placeholder row says `reading…` while its batch is out: its answer changes that, error or not.
    let placeholders = match &fetch {
        Fetch::Services { cluster_arn, arns } => state
            .session
            .cache
            .services
            .get(cluster_arn)
            .and_then(|l| l.data.as_ref())
            .is_some_and(|table| arns.iter().any(|arn| table.is_placeholder(arn))),
        _ => false,
    };
    state.session.cache.store(&fetch, result, at, calls);
    let seen_after: Vec<_> = resources.iter().map(|r| seen(state, r)).collect();
    state.quiet = seen_before == seen_after && !placeholders;
    // A new error (not the same one again) goes to `:messages`, whole.
    let mut cleared = false;
    for (resource, before) in resources.iter().zip(errors_before) {
        let now = state
            .session
            .cache
            .status(resource)
            .and_then(|s| s.error.clone());
        cleared |= polling::fault_cleared(before.as_ref(), now.as_ref());
        if let Some(e) = now.filter(|e| Some(e) != before.as_ref()) {
            let text = format!("{}: {e}", fetch.operation());
            state.remember(super::FlashLevel::Error, text);
        }
    }
    if cleared {
        state.session.cache.retry_failing();
    }
    if answered {
        operate::refill(state);
    }
}

/// Part of a read's answer, before it: stored where its rows show (`Cache::store_part`). Stored even when no
/// one wants the read any more: the screen may be opened again before the read ends, and a read that saw
/// only some of its parts would drop the rows of the others at its end.
pub fn fetched_part(state: &mut State, fetch: Fetch, part: TaskPart) {
    // Drawn even when no screen wants it: the clusters list counts a cluster's stopped tasks from it.
    state.quiet = !state.session.cache.store_part(&fetch, part);
}

/// What the screen shows of a read: when its data last changed and its error.
fn seen(state: &State, resource: &Resource) -> Option<(Option<Timestamp>, Option<BackendError>)> {
    let status = state.session.cache.status(resource)?;
    Some((status.changed_at, status.error.clone()))
}

/// What an answer tells beyond itself: the revisions services run (for rollback), and the account id when
/// start-up could not learn it.
fn learn(state: &mut State, payload: &Payload) {
    if let Payload::Services(described) = payload {
        for service in &described.items {
            super::update::seen_running(state, service);
        }
    }
    if state.session.info.account_id.is_none() {
        let arn = match payload {
            Payload::Clusters(c) => c.first().map(|c| c.arn.as_str()),
            Payload::ServicePage { arns, .. } => arns.first().map(String::as_str),
            Payload::Services(d) => d.items.first().map(|s| s.arn.as_str()),
            Payload::Tasks(t) | Payload::TasksPartly { tasks: t, .. } => {
                t.first().map(|t| t.arn.as_str())
            }
            Payload::Task(t) => Some(t.arn.as_str()),
            Payload::TaskDefinition(td) => Some(td.arn.as_str()),
            Payload::Revisions(r) => r.first().map(|td| td.arn.as_str()),
            Payload::Deployments(d) => d.first().map(|d| d.arn.as_str()),
            Payload::TargetHealth(_) | Payload::Explored(_) | Payload::ServiceLoads(_) => None,
        };
        state.session.info.account_id = arn.and_then(crate::model::arn_account).map(str::to_string);
    }
}
