//! A cleanup step whose answer was lost: its write may or may not have been carried out, so resuming never
//! sends it again blindly. A change that a fresh read can check (deleting a service, stopping tasks) is read
//! again on Enter, every few seconds until the read tells, and the run goes on by itself from there: from
//! the next step when it was done, with the step itself when it was not. When the reads cannot tell within
//! `CHECK_LIMIT_MS`, the run stays stopped and says so; Enter then sends the step again. A step no read can
//! check (deleting a cluster, a load balancer, a task definition) is sent again on Enter: a delete of what
//! is already gone changes nothing, and AWS answers that it is gone.

use super::run::{resume, StepState};
use crate::app::{Effect, Flash, FlashLevel, State};

/// How often the check reads go while the user waits for them.
const CHECK_EVERY_MS: i64 = 3_000;
/// How long Enter waits for the reads to tell.
const CHECK_LIMIT_MS: i64 = 2 * 60 * 1000;

/// Where the check of a step whose answer was lost stands.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Check {
    /// Nothing to check, or not asked yet.
    #[default]
    None,
    /// Enter was pressed: the reads go, and the run resumes once they tell.
    Reading {
        since: crate::model::Timestamp,
        last: crate::model::Timestamp,
    },
    /// They could not tell in time: Enter sends the step again.
    GaveUp,
}

/// A lost answer was settled by a fresh read (`operate::settle_unknown`): if it was the stopped step's,
/// record what the read showed, and go on if the user asked to resume.
pub fn on_settled(state: &mut State, id: u64, applied: bool) -> Vec<Effect> {
    let Some(run) = state
        .cleanup
        .as_mut()
        .filter(|r| r.unknown_id == Some(id) && !r.is_running())
    else {
        return Vec::new();
    };
    run.unknown_id = None;
    let resuming = std::mem::take(&mut run.check) != Check::None;
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
    if resuming {
        return resume(state);
    }
    state.flash = Some(Flash::new(FlashLevel::Warn, text));
    Vec::new()
}

/// Enter on a run stopped at a step whose outcome is unknown. `None`: resume (nothing to check, or the
/// check gave up: the step is sent again). Else what checking does now.
pub fn before_resume(state: &mut State) -> Option<Vec<Effect>> {
    let now = state.now;
    let run = state.cleanup.as_mut()?;
    let id = run.unknown_id?;
    let step = run.current + 1;
    match run.check {
        Check::GaveUp => {
            run.check = Check::None;
            run.unknown_id = None;
            return None;
        }
        Check::Reading { .. } => {
            state.flash = Some(Flash::new(
                FlashLevel::Warn,
                format!("still reading whether step {step} was done; the cleanup resumes once it is known"),
            ));
            return Some(Vec::new());
        }
        Check::None => {}
    }
    if !state
        .in_flight
        .iter()
        .any(|r| r.id == id && r.unknown_since.is_some())
    {
        // Settled meanwhile, or not checkable: nothing to wait for.
        return None;
    }
    run.check = Check::Reading {
        since: now,
        last: now,
    };
    state.flash = Some(Flash::new(
        FlashLevel::Warn,
        format!("step {step}'s outcome is unknown: reading it again, the cleanup resumes once the read tells"),
    ));
    Some(read_again(state, id))
}

/// Each tick while stopped: read again, or give up once the reads have not told for `CHECK_LIMIT_MS`.
pub fn on_tick(state: &mut State) -> Vec<Effect> {
    let now = state.now;
    let Some(run) = state.cleanup.as_mut().filter(|r| !r.is_running()) else {
        return Vec::new();
    };
    let (Check::Reading { since, last }, Some(id)) = (run.check.clone(), run.unknown_id) else {
        return Vec::new();
    };
    if now.since(since) >= CHECK_LIMIT_MS {
        run.check = Check::GaveUp;
        let text = format!(
            "could not tell within {} minutes whether step {} was done (its reads did not answer); enter sends it again",
            CHECK_LIMIT_MS / 60_000,
            run.current + 1
        );
        run.finished = Some((FlashLevel::Warn, text.clone()));
        state.flash = Some(Flash::new(FlashLevel::Warn, text));
        return Vec::new();
    }
    if now.since(last) < CHECK_EVERY_MS {
        return Vec::new();
    }
    run.check = Check::Reading { since, last: now };
    read_again(state, id)
}

/// The reads that tell whether change `id` was carried out, sent now whatever the screen shows (a read
/// already out is asked again once it answers).
fn read_again(state: &mut State, id: u64) -> Vec<Effect> {
    let Some(running) = state.in_flight.iter().find(|r| r.id == id) else {
        return Vec::new();
    };
    let reads = crate::app::operate::rereads(state, &running.mutation.clone());
    crate::app::polling::request_all(state, reads)
}
