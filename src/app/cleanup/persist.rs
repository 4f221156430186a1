//! A cleanup survives a quit or a crash: whenever a step's state changes, `update` asks the runtime to keep
//! the plan on disk (`Effect::KeepCleanup`, one file per account, region and cluster), and to forget it once
//! the cleanup completes or the user discards it. Plans kept by an earlier run come back as stopped runs,
//! "parked" beside the one on screen, marked in the clusters list; `D` on the cluster brings one up, and
//! resuming it reads afresh what its remaining steps touch first (`recheck`).

use std::collections::BTreeMap;
use std::hash::{Hash, Hasher};

use super::recheck::Verdict;
use super::saved::{Origin, SavedCleanup};
use super::{CleanupRun, StepState};
use crate::app::{Effect, Flash, FlashLevel, Overlay, State};

/// What a run needs for being kept on disk and resumed in another run of wharf.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Kept {
    /// Set when the run was left by an earlier run of wharf: when it was saved, as shown.
    pub earlier: Option<String>,
    /// The fresh read of its remaining steps is out.
    pub checking: bool,
    /// What that read showed, for the resume it was made for.
    pub verdicts: Option<Vec<Verdict>>,
    /// Steps the fresh read found unsafe to run, with what changed: the run stops there.
    pub blocked: BTreeMap<usize, String>,
    /// What was last handed to the runtime to keep (a hash of where each step stands).
    pub mark: Option<u64>,
    /// `x` was pressed once: a second forgets the plan.
    pub forget_asked: bool,
}

/// Where every step stands: what a kept file must follow.
fn mark(run: &CleanupRun) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    (run.current, &run.states, run.finished.is_some()).hash(&mut h);
    h.finish()
}

/// The run is over with nothing left to do.
fn complete(run: &CleanupRun) -> bool {
    !run.is_running() && run.current >= run.plan.steps.len()
}

/// After every action: keep the plan whenever a step's state changed, forget it once it is complete.
pub fn persist(state: &mut State) -> Option<Effect> {
    let run = state.cleanup.as_ref()?;
    let now = mark(run);
    if run.kept.mark == Some(now) {
        return None;
    }
    let origin = Origin::of(&state.session.info);
    let effect = if complete(run) {
        Effect::ForgetCleanup {
            origin,
            cluster_arn: run.plan.scope.cluster_arn().to_string(),
        }
    } else {
        let at = crate::app::audit::rfc3339(state.user_now());
        Effect::KeepCleanup(Box::new(SavedCleanup::of(run, origin, at)?))
    };
    if let Some(run) = state.cleanup.as_mut() {
        run.kept.mark = Some(now);
    }
    Some(effect)
}

/// What a plan left by an earlier run says, until it is resumed.
pub fn left_text(run: &CleanupRun) -> String {
    format!(
        "left unfinished by an earlier run of wharf (saved {}) at step {} of {}: enter reads afresh what the remaining steps touch, skips what is gone and resumes; x forgets this plan",
        run.kept.earlier.as_deref().unwrap_or("?"),
        run.current + 1,
        run.plan.steps.len()
    )
}

/// The plans kept for this account and region, read when wharf starts or opens another profile or region:
/// each becomes a stopped run; a file that cannot be used is named, with what to do, and changes nothing.
pub fn found(state: &mut State, files: Vec<(String, Result<SavedCleanup, String>)>) {
    let here = Origin::of(&state.session.info);
    let mut left = Vec::new();
    for (file, read) in files {
        match read.and_then(|saved| saved.into_run(&here, state.now)) {
            Ok(mut run) => {
                let cluster = run.plan.scope.cluster_arn().to_string();
                // This run's own cleanup of the cluster wins: it is newer.
                if on_cluster(state, &cluster).is_some() {
                    continue;
                }
                run.kept.mark = Some(mark(&run));
                left.push(crate::model::arn_name(&cluster).to_string());
                state.parked_cleanups.push(run);
            }
            Err(why) => {
                // Its reason may quote the file.
                let text = crate::model::text::clean(
                    &format!("the cleanup plan in {file} was not loaded: {why}. Nothing was changed; check the account, then delete or move that file"),
                    crate::model::Shape::Line,
                )
                .into_owned();
                state.flash = Some(Flash::new(FlashLevel::Warn, text.clone()));
                state.remember(FlashLevel::Warn, text);
            }
        }
    }
    if !left.is_empty() {
        let text = format!(
            "an earlier run of wharf left a cleanup unfinished in {}: D on it in the clusters list shows where it stopped, enter there resumes it",
            left.join(", ")
        );
        state.flash = Some(Flash::new(FlashLevel::Warn, text.clone()));
        state.remember(FlashLevel::Warn, text);
    }
}

/// The cleanup of this cluster (or of a service in it) that runs or stopped halfway, this run's or an
/// earlier one's.
pub fn on_cluster<'a>(state: &'a State, cluster_arn: &str) -> Option<&'a CleanupRun> {
    let here = |r: &&CleanupRun| r.plan.scope.cluster_arn() == cluster_arn;
    state
        .cleanup
        .as_ref()
        .filter(here)
        .filter(|r| r.is_running() || r.can_resume())
        .or_else(|| state.parked_cleanups.iter().find(here))
}

/// Bring up the stopped cleanup of this cluster, if there is one: the one shown until now is parked (when
/// it can resume) so that neither is lost. Whether there is one to show.
pub fn take_up(state: &mut State, cluster_arn: &str) -> bool {
    if state
        .cleanup
        .as_ref()
        .is_some_and(|r| r.plan.scope.cluster_arn() == cluster_arn && r.can_resume())
    {
        return true;
    }
    let Some(at) = state
        .parked_cleanups
        .iter()
        .position(|r| r.plan.scope.cluster_arn() == cluster_arn)
    else {
        return false;
    };
    let run = state.parked_cleanups.remove(at);
    if let Some(old) = state.cleanup.replace(run) {
        park(state, old);
    }
    true
}

/// A new cleanup starts: the stopped one it replaces on screen is parked, unless it is of the same cluster
/// (whose kept plan the new one replaces).
pub fn starting(state: &mut State, cluster_arn: &str) {
    state
        .parked_cleanups
        .retain(|r| r.plan.scope.cluster_arn() != cluster_arn);
    if let Some(old) = state.cleanup.take() {
        if old.plan.scope.cluster_arn() != cluster_arn {
            park(state, old);
        }
    }
}

fn park(state: &mut State, run: CleanupRun) {
    let cluster = run.plan.scope.cluster_arn().to_string();
    let shown = state.cleanup.as_ref().map(|r| r.plan.scope.cluster_arn());
    if run.can_resume() && shown != Some(cluster.as_str()) {
        state
            .parked_cleanups
            .retain(|r| r.plan.scope.cluster_arn() != cluster);
        state.parked_cleanups.push(run);
    }
}

/// `x` on a stopped cleanup, twice: forget its plan (the file goes; nothing in the account changes).
pub fn discard(state: &mut State) -> Vec<Effect> {
    let Some(run) = state.cleanup.as_mut().filter(|r| r.can_resume()) else {
        return Vec::new();
    };
    if !run.kept.forget_asked {
        run.kept.forget_asked = true;
        let left = run.plan.steps.len() - run.current;
        state.flash = Some(Flash::new(
            FlashLevel::Warn,
            format!("x again forgets this plan: nothing in the account changes, and what its {left} remaining steps would delete stays"),
        ));
        return Vec::new();
    }
    let Some(run) = state.cleanup.take() else {
        return Vec::new();
    };
    let left: Vec<String> = run.plan.steps[run.current..]
        .iter()
        .zip(&run.states[run.current..])
        .filter(|(s, st)| !s.is_wait() && !matches!(st, StepState::Done(_) | StepState::Skipped(_)))
        .map(|(s, _)| s.describe())
        .collect();
    let text = format!(
        "forgot the cleanup plan of {}; not done: {}",
        run.plan.scope.name(),
        if left.is_empty() {
            "nothing".into()
        } else {
            left.join("; ")
        }
    );
    state.flash = Some(Flash::new(FlashLevel::Info, text.clone()));
    state.remember(FlashLevel::Info, text);
    state.overlay = Overlay::None;
    vec![Effect::ForgetCleanup {
        origin: Origin::of(&state.session.info),
        cluster_arn: run.plan.scope.cluster_arn().to_string(),
    }]
}

/// A screen of a cluster with a cleanup stopped halfway was opened: say so, once per opening.
pub fn offer(state: &mut State, cluster_arn: &str) {
    let Some(run) = on_cluster(state, cluster_arn).filter(|r| !r.is_running()) else {
        return;
    };
    let whose = match &run.kept.earlier {
        Some(at) => format!("an earlier run of wharf (saved {at})"),
        None => "this run".into(),
    };
    state.flash = Some(Flash::new(
        FlashLevel::Warn,
        format!(
            "a cleanup of {} stopped halfway ({}/{} steps, left by {whose}): D shows where it stopped, enter there resumes it",
            crate::model::arn_name(cluster_arn),
            run.done(),
            run.plan.steps.len()
        ),
    ));
}

/// Read the plans kept for the account and region open now.
pub fn find_effect(state: &State) -> Effect {
    Effect::FindCleanups {
        origin: Origin::of(&state.session.info),
    }
}
