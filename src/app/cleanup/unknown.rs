//! A cleanup step whose answer was lost: its write may or may not have been carried out, so resuming never
//! sends it again blindly. A change that a fresh read can check (deleting a service) is read again, and the
//! run goes on once the read tells: from the next step when it was done, with the step itself when it was
//! not. One that a read cannot check (deleting a cluster, a load balancer, a task definition) is sent again:
//! those deletes are idempotent, and AWS answers that the resource is already gone when it was done.

use super::run::{resume, StepState};
use crate::app::{Effect, Flash, FlashLevel, State};

/// A lost answer was settled by a fresh read (`operate::settle_unknown`): if it was the stopped step's,
/// record what the read showed, and go on if the user asked to resume meanwhile.
pub fn on_settled(state: &mut State, id: u64, applied: bool) -> Vec<Effect> {
    let Some(run) = state
        .cleanup
        .as_mut()
        .filter(|r| r.unknown_id == Some(id) && !r.is_running())
    else {
        return Vec::new();
    };
    run.unknown_id = None;
    let (i, n) = (run.current, run.plan.steps.len());
    let text = if applied {
        run.states[i] = StepState::Done("done (checked by a fresh read)".into());
        run.current += 1;
        format!(
            "step {} of {n} was done (checked by a fresh read); enter (or :cleanup) resumes at step {}",
            i + 1,
            i + 2
        )
    } else {
        run.states[i] = StepState::Failed("not done (checked by a fresh read)".into());
        format!(
            "step {} of {n} was not done (checked by a fresh read); enter (or :cleanup) sends it",
            i + 1
        )
    };
    run.finished = Some((FlashLevel::Warn, text.clone()));
    if std::mem::take(&mut run.resume_when_settled) {
        return resume(state);
    }
    state.flash = Some(Flash::new(FlashLevel::Warn, text));
    Vec::new()
}

/// Enter on a run stopped at a step whose outcome a read is still checking: read again now (whatever the
/// screen shows), and resume once it tells. `None`: nothing to check, resume.
pub fn before_resume(state: &mut State) -> Option<Vec<Effect>> {
    let run = state.cleanup.as_mut()?;
    let id = run.unknown_id?;
    let step = run.current + 1;
    if run.resume_when_settled {
        // Enter again while the read still cannot tell: the user chooses to send it (a delete of what is
        // gone is answered as gone, and skipped).
        run.resume_when_settled = false;
        run.unknown_id = None;
        return None;
    }
    let checking = state
        .in_flight
        .iter()
        .find(|r| r.id == id && r.unknown_since.is_some())?;
    let reads = crate::app::operate::rereads(state, &checking.mutation.clone());
    let effects = crate::app::polling::request_all(state, reads);
    if let Some(run) = state.cleanup.as_mut() {
        run.resume_when_settled = true;
    }
    state.flash = Some(Flash::new(
        FlashLevel::Warn,
        format!("step {step}'s outcome is unknown: reading it again, the cleanup resumes once the read tells (enter again sends it anyway)"),
    ));
    Some(effects)
}
