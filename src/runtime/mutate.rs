//! Carrying out a change against the backend. Each is sent once: wharf never retries a write by itself, and
//! an answer that does not come makes the outcome unknown (settled by a fresh read), never "done".
//! What each change does is its own module's `carry_out` (`app::mutation`); this is where the runtime
//! calls it and reads its result.

use crate::app::{Mutation, MutationResult};
use crate::backend::{Backend, BackendError, Result};

pub async fn mutate(backend: &dyn Backend, mutation: &Mutation) -> MutationResult {
    classify(mutation.carry_out(backend).await)
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
