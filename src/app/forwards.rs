//! Port forwards open in this run: what `:forwards` lists and closes, what the header counts. The runtime
//! says how each stands (`Action::ForwardChanged`); closing one is `Effect::CloseForward`.

use super::mutation::{Forward, Mutation};
use super::{AuditEntry, AuditOutcome, Effect, Flash, FlashLevel, State};
use crate::model::{arn_name, short_id, ForwardSpec, Timestamp};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenForward {
    /// The change's id: its audit lines share it.
    pub id: u64,
    pub forward: Forward,
    pub since: Timestamp,
    pub status: ForwardStatus,
}

impl OpenForward {
    pub fn spec(&self) -> &ForwardSpec {
        &self.forward.spec
    }

    /// "localhost:5432 → db.internal:5432 via task 0c1d2e3f (web)".
    pub fn text(&self) -> String {
        format!(
            "{} via task {} ({})",
            self.forward.spec.text(),
            short_id(arn_name(&self.forward.task_arn)),
            self.forward.container
        )
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ForwardStatus {
    /// The plugin runs; it has not said it listens yet.
    Starting,
    /// Connections to the local port are carried.
    Listening,
    /// Asked to close.
    Closing,
    /// Over: why.
    Ended(String),
}

impl ForwardStatus {
    pub fn text(&self) -> &str {
        match self {
            ForwardStatus::Starting => "starting",
            ForwardStatus::Listening => "listening",
            ForwardStatus::Closing => "closing",
            ForwardStatus::Ended(why) => why,
        }
    }
}

/// How a forward stands now: a new one is listed, an ended one leaves the list (said, and recorded as the
/// end of its session in the audit log).
pub fn changed(
    state: &mut State,
    id: u64,
    forward: Option<Forward>,
    status: ForwardStatus,
) -> Vec<Effect> {
    let at = state.user_now();
    let known = state.forwards.iter().position(|f| f.id == id);
    match (known, status) {
        (Some(i), ForwardStatus::Ended(why)) => {
            let gone = state.forwards.remove(i);
            state.flash = Some(Flash::new(
                FlashLevel::Info,
                format!("forward {} ended: {why}", gone.forward.spec.text()),
            ));
            let mutation = Mutation::Forward(gone.forward);
            vec![Effect::Audit(AuditEntry::of(
                state,
                Some(id),
                &mutation,
                AuditOutcome::Stopped,
                Some(format!("ended: {why}")),
            ))]
        }
        (Some(i), status) => {
            state.forwards[i].status = status;
            Vec::new()
        }
        (None, ForwardStatus::Ended(_)) => Vec::new(),
        (None, status) => {
            if let Some(forward) = forward {
                state.forwards.push(OpenForward {
                    id,
                    forward,
                    since: at,
                    status,
                });
            }
            Vec::new()
        }
    }
}

/// Close the forward `id` (the `:forwards` list's Enter).
pub fn close(state: &mut State, id: u64) -> Vec<Effect> {
    match state.forwards.iter_mut().find(|f| f.id == id) {
        Some(f) if f.status != ForwardStatus::Closing => {
            f.status = ForwardStatus::Closing;
            vec![Effect::CloseForward { id }]
        }
        _ => Vec::new(),
    }
}

/// Close every forward: another profile or region is opened (a forward into the old account would outlive
/// what the screen shows).
pub fn close_all(state: &mut State) -> Vec<Effect> {
    let ids: Vec<u64> = state.forwards.iter().map(|f| f.id).collect();
    ids.into_iter().flat_map(|id| close(state, id)).collect()
}
