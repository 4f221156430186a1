//! Running a cleanup: one step at a time, each write through `operate::request` (the gate and the audit),
//! waits polled on the clock, TaskDefinition writes paced to 1 a second (their API's sustained rate). It stops
//! at the first error or unknown outcome, or after the current step when asked; running it again resumes.

use super::waits;
use super::{Plan, Step};
use crate::app::mutation::Mutation;
use crate::app::{
    operate, AuditEntry, AuditOutcome, Effect, Flash, FlashLevel, MutationResult, State,
};
use crate::model::Timestamp;

/// How often a wait reads again.
const POLL_MS: i64 = 3_000;
/// A wait longer than this stops the run (a task that never stops, say): enter waits again.
const WAIT_LIMIT_MS: i64 = 15 * 60 * 1000;
/// DeregisterTaskDefinition and DeleteTaskDefinitions: 1 a second sustained.
const TASK_DEFINITION_PACE_MS: i64 = 1_000;

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum StepState {
    Pending,
    Running,
    Done(String),
    /// Already gone: nothing to do.
    Skipped(String),
    Failed(String),
    Unknown(String),
}

#[derive(Debug, Clone, PartialEq)]
pub struct CleanupRun {
    pub plan: Plan,
    pub states: Vec<StepState>,
    /// The step running, or the next one.
    pub current: usize,
    /// The write in flight.
    pub mutation_id: Option<u64>,
    /// The id of the cleanup's own audit lines (its attempt, and its outcome when it ends).
    pub audit_id: u64,
    pub started_at: Timestamp,
    pub polled_at: Option<Timestamp>,
    /// When the current step began (how long a wait took).
    pub step_started_at: Timestamp,
    /// Task-definition writes wait for this.
    pub next_write_at: Timestamp,
    pub stop_requested: bool,
    /// The change of the step it stopped at, when its answer was lost and a fresh read can check it.
    pub unknown_id: Option<u64>,
    /// Where that check stands (`unknown`).
    pub check: super::unknown::Check,
    /// How it ended, once it has.
    pub finished: Option<(FlashLevel, String)>,
    /// Kept on disk, and resumed in another run of wharf (`persist`).
    pub kept: super::persist::Kept,
}

impl CleanupRun {
    pub fn new(plan: Plan, now: Timestamp, audit_id: u64) -> Self {
        CleanupRun {
            audit_id,
            states: vec![StepState::Pending; plan.steps.len()],
            plan,
            current: 0,
            mutation_id: None,
            started_at: now,
            polled_at: None,
            step_started_at: now,
            next_write_at: now,
            stop_requested: false,
            unknown_id: None,
            check: Default::default(),
            finished: None,
            kept: Default::default(),
        }
    }

    pub fn is_running(&self) -> bool {
        self.finished.is_none()
    }

    /// Steps finished (done or skipped).
    pub fn done(&self) -> usize {
        self.states
            .iter()
            .filter(|s| matches!(s, StepState::Done(_) | StepState::Skipped(_)))
            .count()
    }
}

/// End the run: say how on screen, and record it as the outcome of the cleanup's attempt line.
pub(super) fn finish(state: &mut State, outcome: AuditOutcome, text: String) -> Vec<Effect> {
    let level = match outcome {
        AuditOutcome::Ok => FlashLevel::Info,
        AuditOutcome::Error => FlashLevel::Error,
        _ => FlashLevel::Warn,
    };
    let Some(run) = state.cleanup.as_mut() else {
        return Vec::new();
    };
    run.finished = Some((level, text.clone()));
    run.mutation_id = None;
    let (id, mutation) = (
        run.audit_id,
        Mutation::Cleanup(crate::app::mutation::Cleanup::of(run.plan.clone())),
    );
    state.flash = Some(Flash::new(level, text.clone()));
    vec![Effect::Audit(AuditEntry::of(
        state,
        Some(id),
        &mutation,
        outcome,
        Some(text),
    ))]
}

/// wharf quits while it runs: record where it stopped.
pub fn abandoned(state: &mut State) -> Vec<Effect> {
    match state.cleanup.as_ref().filter(|r| r.is_running()) {
        Some(run) => {
            let text = format!(
                "wharf quit during step {} of {}: check the account, then :cleanup again",
                run.current + 1,
                run.plan.steps.len()
            );
            finish(state, AuditOutcome::Unknown, text)
        }
        None => Vec::new(),
    }
}

impl CleanupRun {
    /// It ended before its last step (an error, an unknown outcome, or Esc): it can resume.
    pub fn can_resume(&self) -> bool {
        !self.is_running() && self.current < self.plan.steps.len()
    }
}

/// Enter after it stopped: go on from the step that stopped it, with the plan that was confirmed. Steps
/// whose resource is already gone are skipped.
pub fn resume(state: &mut State) -> Vec<Effect> {
    if let Some(effects) = super::unknown::before_resume(state) {
        return effects;
    }
    if let Some(effects) = super::recheck::before_resume(state) {
        return effects;
    }
    let now = state.now;
    let Some(run) = state.cleanup.as_mut().filter(|r| r.can_resume()) else {
        return Vec::new();
    };
    for s in &mut run.states[run.current..] {
        *s = StepState::Pending;
    }
    run.unknown_id = None;
    run.check = Default::default();
    run.finished = None;
    run.stop_requested = false;
    run.polled_at = None;
    run.started_at = now;
    run.kept.forget_asked = false;
    let at = run.current + 1;
    if let Some(effects) = super::recheck::resume_checked(state) {
        return effects;
    }
    state.flash = Some(Flash::new(
        FlashLevel::Info,
        format!("resuming the cleanup at step {at}"),
    ));
    advance(state)
}

/// Esc while it runs: stop after the step in progress.
pub fn stop_requested(state: &mut State) -> Vec<Effect> {
    let Some(run) = state.cleanup.as_mut().filter(|r| r.is_running()) else {
        return Vec::new();
    };
    run.stop_requested = true;
    // A wait writes nothing: it stops at once.
    if run.plan.steps.get(run.current).is_some_and(Step::is_wait) {
        let i = run.current;
        run.states[i] = StepState::Pending;
        let text = format!(
            "cleanup stopped while waiting (step {} of {}); enter (or :cleanup) resumes",
            i + 1,
            run.plan.steps.len()
        );
        return finish(state, AuditOutcome::Stopped, text);
    }
    state.flash = Some(Flash::new(
        FlashLevel::Warn,
        "the cleanup stops after the current step",
    ));
    Vec::new()
}

/// Start the current step, or end the run.
pub fn advance(state: &mut State) -> Vec<Effect> {
    let now = state.now;
    let Some(run) = state.cleanup.as_mut().filter(|r| r.is_running()) else {
        return Vec::new();
    };
    // Steps a fresh read found gone are skipped (a plan from an earlier run); none are otherwise.
    while matches!(run.states.get(run.current), Some(StepState::Skipped(_))) {
        run.current += 1;
    }
    if run.current >= run.plan.steps.len() {
        let text = format!(
            "cleaned up {}: {} steps done",
            run.plan.scope.name(),
            run.done()
        );
        return finish(state, AuditOutcome::Ok, text);
    }
    if run.stop_requested {
        let text = format!(
            "cleanup stopped after step {} of {}; enter (or :cleanup) resumes",
            run.current,
            run.plan.steps.len()
        );
        return finish(state, AuditOutcome::Stopped, text);
    }
    if let Some(why) = run.kept.blocked.remove(&run.current) {
        return super::recheck::blocked(state, why);
    }
    let step = run.plan.steps[run.current].clone();
    if run.states[run.current] != StepState::Running {
        run.step_started_at = now;
    }
    run.states[run.current] = StepState::Running;
    if step.is_wait() {
        run.polled_at = Some(now);
        return waits::poll(state, &step);
    }
    if step.group() == super::Group::TaskDefinitions {
        if now < run.next_write_at {
            return Vec::new();
        }
        run.next_write_at = now.plus_millis(TASK_DEFINITION_PACE_MS);
    }
    let Step::Write(mutation) = step else {
        return Vec::new();
    };
    let before = state.next_mutation_id;
    let mut effects = operate::request(state, mutation);
    let sent = state.next_mutation_id != before;
    if sent {
        if let Some(run) = state.cleanup.as_mut() {
            run.mutation_id = Some(before);
        }
    } else {
        let why = state
            .flash
            .as_ref()
            .map(|f| f.text.clone())
            .unwrap_or_default();
        if let Some(run) = state.cleanup.as_mut() {
            let i = run.current;
            run.states[i] = StepState::Failed(why.clone());
        }
        effects.extend(finish(
            state,
            AuditOutcome::Refused,
            format!("cleanup stopped: {why}"),
        ));
    }
    effects
}

/// The answer to a step's write.
pub fn on_mutated(state: &mut State, id: u64, result: &MutationResult) -> Vec<Effect> {
    let Some(run) = state.cleanup.as_mut().filter(|r| r.mutation_id == Some(id)) else {
        return Vec::new();
    };
    run.mutation_id = None;
    let i = run.current;
    let n = run.plan.steps.len();
    match result {
        MutationResult::Done(said) => {
            run.states[i] = StepState::Done(said.clone());
            run.current += 1;
            advance(state)
        }
        MutationResult::Failed(e) if waits::already_gone(e) => {
            run.states[i] = StepState::Skipped(format!("already gone ({e})"));
            run.current += 1;
            advance(state)
        }
        MutationResult::Failed(e) => {
            run.states[i] = StepState::Failed(e.to_string());
            let text = format!(
                "cleanup stopped at step {} of {n}: {e}. Put it right, then enter (or :cleanup) resumes here, skipping what is gone",
                i + 1
            );
            finish(state, AuditOutcome::Error, text)
        }
        MutationResult::Unknown(e) => {
            run.states[i] = StepState::Unknown(e.to_string());
            let checkable = matches!(&run.plan.steps[i], super::Step::Write(m) if m.checkable());
            run.unknown_id = checkable.then_some(id);
            let then = if checkable {
                "enter (or :cleanup) reads whether it was done and resumes from there"
            } else {
                "enter (or :cleanup) sends it again (a delete of what is gone is answered as gone)"
            };
            let text = format!(
                "cleanup stopped at step {} of {n}: its outcome is unknown ({e}); {then}",
                i + 1
            );
            finish(state, AuditOutcome::Unknown, text)
        }
    }
}

/// Each second: finish a wait whose reads show it is over, read again, or send a paced write.
pub fn on_tick(state: &mut State) -> Vec<Effect> {
    let now = state.now;
    let Some(run) = state.cleanup.as_ref().filter(|r| r.is_running()) else {
        return super::unknown::on_tick(state);
    };
    let Some(step) = run.plan.steps.get(run.current).cloned() else {
        return Vec::new();
    };
    if !step.is_wait() {
        // A paced write not sent yet.
        return if run.mutation_id.is_none() && run.states[run.current] == StepState::Running {
            advance(state)
        } else {
            Vec::new()
        };
    }
    if waits::wait_is_over(state, &step) {
        if let Some(run) = state.cleanup.as_mut() {
            let i = run.current;
            let waited = crate::model::Age(now.since(run.step_started_at));
            run.states[i] = StepState::Done(format!("done after {waited}"));
            run.current += 1;
        }
        return advance(state);
    }
    if now.since(run.step_started_at) > WAIT_LIMIT_MS {
        let i = run.current;
        let n = run.plan.steps.len();
        if let Some(run) = state.cleanup.as_mut() {
            run.states[i] = StepState::Failed("still not over after 15 minutes".into());
        }
        let text = format!(
            "cleanup stopped at step {} of {n}: still waiting after 15 minutes; look at what is stuck, then enter waits again",
            i + 1
        );
        return finish(state, AuditOutcome::Error, text);
    }
    let due = run.polled_at.is_none_or(|at| now.since(at) >= POLL_MS);
    if !due {
        return Vec::new();
    }
    if let Some(run) = state.cleanup.as_mut() {
        run.polled_at = Some(now);
    }
    waits::poll(state, &step)
}
