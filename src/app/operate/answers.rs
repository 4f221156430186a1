//! What happens when a change's answer comes, fails or never comes: the audit line, the reads, settling.

use crate::app::cleanup::{self};
use crate::app::dialog::{self};
use crate::app::mutation::Mutation;
use crate::app::{
    Action, AuditEntry, AuditOutcome, Effect, Fetch, Flash, FlashLevel, MutationResult, Resource,
    State,
};
use crate::model::{family_of, Timestamp};

/// The answer to a change: say how it went, record it, and read again what it changed.
pub fn mutated(state: &mut State, id: u64, result: MutationResult, at: Timestamp) -> Vec<Effect> {
    let Some(index) = state.in_flight.iter().position(|r| r.id == id) else {
        return Vec::new();
    };
    let mutation = state.in_flight[index].mutation.clone();
    let summary = mutation.summary();
    let step_result = result.clone();
    let (outcome, message, flash) = match result {
        MutationResult::Done(said) => {
            state.in_flight.remove(index);
            let starts = mutation.change().own_starts(state);
            crate::app::own_starts::record(state, starts, at);
            (
                AuditOutcome::Ok,
                Some(said.clone()),
                Flash::new(FlashLevel::Info, format!("done: {said}")),
            )
        }
        MutationResult::Failed(e) => {
            state.in_flight.remove(index);
            let text = format!("{summary} failed: {e}{}", advice(&e));
            (
                AuditOutcome::Error,
                Some(e.to_string()),
                Flash::new(FlashLevel::Error, text),
            )
        }
        MutationResult::Unknown(e) if !mutation.checkable() => {
            state.in_flight.remove(index);
            (
                AuditOutcome::Unknown,
                Some(e.to_string()),
                Flash::new(
                    FlashLevel::Warn,
                    format!("unknown: {summary} may or may not have happened ({e}); r refreshes"),
                ),
            )
        }
        MutationResult::Unknown(e) => {
            state.in_flight[index].unknown_since = Some(at);
            (
                AuditOutcome::Unknown,
                Some(format!("{e} (checking with a fresh read)")),
                Flash::new(
                    FlashLevel::Warn,
                    format!("unknown, checking: {summary} ({e})"),
                ),
            )
        }
    };
    state.flash = Some(flash);
    let mut effects = vec![Effect::Audit(AuditEntry::of(
        state,
        Some(id),
        &mutation,
        outcome,
        message,
    ))];
    // What it changed is read again, through polling's bookkeeping (never twice in flight): its service
    // always (a lost answer is settled from it), the rest when a screen on the stack shows it.
    let shown = |state: &State, r: &Resource| {
        matches!(r, Resource::Service { .. }) || crate::app::polling::shown_on_stack(state, r)
    };
    for read in rereads(state, &mutation) {
        if !shown(state, &read) {
            continue;
        }
        effects.extend(crate::app::polling::request(state, read));
    }
    if let Some(family) = mutation.service_arn().and_then(|s| {
        dialog::find_service(state, mutation.cluster_arn().unwrap_or_default(), s)
            .map(|s| family_of(&s.task_definition).to_string())
    }) {
        // A deploy or rollback may have registered or chosen another revision: read the list again when it
        // is next asked for (a read in flight keeps its bookkeeping, and is asked again after it answers).
        if let Some(revisions) = state.session.cache.revisions.get_mut(&family) {
            revisions.data = None;
            revisions.status.fetched_at = None;
            revisions.status.refresh_requested = revisions.status.in_flight;
        }
    }
    effects.extend(cleanup::on_mutated(state, id, &step_result));
    effects
}

/// After fresh data: settle the changes whose answer was lost, from what the reads show.
pub fn settle_unknown(state: &mut State) -> Vec<Effect> {
    let mut effects = Vec::new();
    let mut i = 0;
    while i < state.in_flight.len() {
        let running = &state.in_flight[i];
        let Some(since) = running.unknown_since else {
            i += 1;
            continue;
        };
        match running
            .mutation
            .applied(state, running.primary_before.as_deref(), since)
        {
            None => i += 1,
            Some(applied) => {
                let running = state.in_flight.remove(i);
                let summary = running.mutation.summary();
                let (outcome, text, level) = if applied {
                    (
                        AuditOutcome::Ok,
                        format!("done (checked by a fresh read): {summary}"),
                        FlashLevel::Info,
                    )
                } else {
                    (
                        AuditOutcome::Error,
                        format!("not done (checked by a fresh read): {summary}; nothing changed, try again"),
                        FlashLevel::Error,
                    )
                };
                state.flash = Some(Flash::new(level, text.clone()));
                effects.push(Effect::Audit(AuditEntry::of(
                    state,
                    Some(running.id),
                    &running.mutation,
                    outcome,
                    Some(text),
                )));
                // A cleanup stopped at this change goes on from what the read showed.
                effects.extend(cleanup::on_settled(state, running.id, applied));
            }
        }
    }
    effects
}

/// What to do about an error, when there is something to say.
fn advice(e: &crate::backend::BackendError) -> &'static str {
    use crate::backend::BackendError::*;
    match e {
        Api { code, .. } if code == "ServiceNotActiveException" => {
            " (the service was deleted meanwhile: r refreshes)"
        }
        Api { code, .. } if code == "ServiceNotFoundException" => " (r refreshes the list)",
        Throttled { .. } => " (nothing changed; wait a few seconds and try again)",
        _ => "",
    }
}

/// Whether an action is a data answer after which unknown changes may be settled.
pub fn is_read_answer(action: &Action) -> bool {
    let Action::Fetched { fetch, .. } = action else {
        return false;
    };
    matches!(
        fetch,
        Fetch::ServicePage { .. }
            | Fetch::Services { .. }
            | Fetch::One(
                Resource::ServiceTasks(_) | Resource::ClusterTasks { .. } | Resource::Task { .. }
            )
    )
}

/// Quit, unless a change still waits for its answer: then say so first, and quit on the second ask,
/// recording what is abandoned as unknown.
pub fn quit(state: &mut State) -> Vec<Effect> {
    let running_cleanup = state.cleanup.as_ref().is_some_and(|r| r.is_running());
    if state.in_flight.is_empty() && !running_cleanup {
        state.should_quit = true;
        return Vec::new();
    }
    if !state.quit_asked {
        state.quit_asked = true;
        let what = state
            .in_flight
            .first()
            .map_or_else(|| "a cleanup".to_string(), |r| r.mutation.summary());
        state.flash = Some(Flash::new(
            FlashLevel::Warn,
            format!(
                "{what}… has no answer yet; quit again to quit anyway (it is recorded as unknown)"
            ),
        ));
        return Vec::new();
    }
    abandon(state)
}

/// Quit now (a signal, or a second quit): every change still in flight is recorded as unknown.
pub fn abandon(state: &mut State) -> Vec<Effect> {
    let mut effects = Vec::new();
    for running in std::mem::take(&mut state.in_flight) {
        effects.push(Effect::Audit(AuditEntry::of(
            state,
            Some(running.id),
            &running.mutation,
            AuditOutcome::Unknown,
            Some("wharf quit before its answer came: check the account".into()),
        )));
    }
    effects.extend(cleanup::abandoned(state));
    state.should_quit = true;
    effects
}

/// The reads after a change: what the change says it changes.
pub fn rereads(state: &State, mutation: &Mutation) -> Vec<Resource> {
    mutation.invalidates(state)
}
