//! An unfinished cleanup as it is kept on disk between runs of wharf: where it was made (profile, region,
//! account, endpoint), its scope, its steps and how far each got. Turning a run into this form and back is
//! pure; the runtime writes and reads the file (`runtime::cleanup_state`). What comes back from a file was
//! written by someone else as far as wharf knows: it is checked (format, account, region, every ARN) and
//! cleaned before it becomes a run.

use serde::{Deserialize, Serialize};

pub use super::saved_step::StepData;
use super::{CleanupRun, Plan, Scope, StepState};
use crate::backend::{redact_endpoint, BackendInfo};
use crate::model::text::{clean, is_clean};
use crate::model::{Shape, Timestamp};

/// The file format this wharf writes and reads. A file of another format is refused, never guessed at.
pub const FORMAT: u32 = 1;

/// Where a cleanup was made: a plan is resumed only where it was made.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Origin {
    pub profile: String,
    pub region: String,
    pub account: Option<String>,
    /// An emulator's endpoint, without user info or query values.
    pub endpoint: Option<String>,
}

impl Origin {
    pub fn of(info: &BackendInfo) -> Origin {
        Origin {
            profile: info.profile.clone(),
            region: info.region.clone(),
            account: info.account_id.clone(),
            endpoint: info.endpoint.as_deref().map(redact_endpoint),
        }
    }

    /// The same account (by its id when both know it, else by the profile), region and endpoint.
    pub fn same_place(&self, other: &Origin) -> bool {
        let account = match (&self.account, &other.account) {
            (Some(a), Some(b)) => a == b,
            _ => self.profile == other.profile,
        };
        account && self.region == other.region && self.endpoint == other.endpoint
    }

    /// "account 123456789012 in eu-west-1 (profile prod)".
    pub fn describe(&self) -> String {
        let account = self.account.as_deref().unwrap_or("unknown");
        let endpoint = self
            .endpoint
            .as_ref()
            .map(|e| format!(" at {e}"))
            .unwrap_or_default();
        format!(
            "account {account} in {} (profile {}){endpoint}",
            self.region, self.profile
        )
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct SavedCleanup {
    pub version: u32,
    pub origin: Origin,
    /// When it was written, RFC 3339, the user's own time.
    pub saved_at: String,
    pub cluster_arn: String,
    /// Set for a service's cleanup.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service_arn: Option<String>,
    pub steps: Vec<SavedStep>,
    /// What the plan leaves alone, and why.
    #[serde(default)]
    pub kept: Vec<String>,
    /// The step running, or the next one.
    pub current: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct SavedStep {
    #[serde(flatten)]
    pub does: StepData,
    pub state: SavedState,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SavedState {
    Pending,
    Running,
    Done,
    Skipped,
    Failed,
    Unknown,
}

impl SavedCleanup {
    /// The run as it stands, to be kept. `None` if it holds a step a cleanup never plans.
    pub fn of(run: &CleanupRun, origin: Origin, saved_at: String) -> Option<SavedCleanup> {
        let steps = run
            .plan
            .steps
            .iter()
            .zip(&run.states)
            .map(|(step, st)| {
                let (state, note) = match st {
                    StepState::Pending => (SavedState::Pending, ""),
                    StepState::Running => (SavedState::Running, ""),
                    StepState::Done(n) => (SavedState::Done, n.as_str()),
                    StepState::Skipped(n) => (SavedState::Skipped, n.as_str()),
                    StepState::Failed(n) => (SavedState::Failed, n.as_str()),
                    StepState::Unknown(n) => (SavedState::Unknown, n.as_str()),
                };
                Some(SavedStep {
                    does: StepData::of(step)?,
                    state,
                    note: note.to_string(),
                })
            })
            .collect::<Option<Vec<_>>>()?;
        let service_arn = match &run.plan.scope {
            Scope::Cluster { .. } => None,
            Scope::Service { service_arn, .. } => Some(service_arn.clone()),
        };
        Some(SavedCleanup {
            version: FORMAT,
            origin,
            saved_at,
            cluster_arn: run.plan.scope.cluster_arn().to_string(),
            service_arn,
            steps,
            kept: run.plan.kept.clone(),
            current: run.current,
        })
    }

    /// The run it describes, stopped, if it was made here and holds together; else why not, in words.
    pub fn into_run(self, here: &Origin, now: Timestamp) -> Result<CleanupRun, String> {
        if self.version != FORMAT {
            return Err(format!(
                "it is in format {} and this wharf reads format {FORMAT}",
                self.version
            ));
        }
        if !self.origin.same_place(here) {
            return Err(format!(
                "it was written for {}, not for {}: open that account and region to resume it",
                clean(&self.origin.describe(), Shape::Line),
                here.describe()
            ));
        }
        if self.steps.is_empty() || self.current > self.steps.len() {
            return Err("its steps do not hold together (damaged?)".into());
        }
        let arns = std::iter::once(&self.cluster_arn)
            .chain(&self.service_arn)
            .chain(self.steps.iter().flat_map(|s| s.does.arns()));
        for arn in arns {
            if let Some(why) = foreign(arn, here) {
                return Err(why);
            }
        }
        let finished = |s: &SavedStep| matches!(s.state, SavedState::Done | SavedState::Skipped);
        if !self.steps[..self.current].iter().all(finished) {
            return Err("a step before the one it stopped at is not done (damaged?)".into());
        }
        let line = |s: &str| clean(s, Shape::Line).into_owned();
        let mut states = Vec::with_capacity(self.steps.len());
        let mut steps = Vec::with_capacity(self.steps.len());
        for s in self.steps {
            let note = line(&s.note);
            states.push(match s.state {
                SavedState::Pending => StepState::Pending,
                SavedState::Done => StepState::Done(note),
                SavedState::Skipped => StepState::Skipped(note),
                SavedState::Failed => StepState::Failed(note),
                // Its answer never came to that run: only a fresh read can tell whether it was done.
                SavedState::Running | SavedState::Unknown => {
                    StepState::Unknown(if note.is_empty() {
                        "the earlier run ended during this step".into()
                    } else {
                        note
                    })
                }
            });
            steps.push(s.does.into_step());
        }
        let scope = match self.service_arn {
            None => Scope::Cluster {
                cluster_arn: self.cluster_arn,
            },
            Some(service_arn) => Scope::Service {
                cluster_arn: self.cluster_arn,
                service_arn,
            },
        };
        let plan = Plan {
            scope,
            steps,
            kept: self.kept.iter().map(|k| line(k)).collect(),
        };
        let mut run = CleanupRun::new(plan, now, 0);
        run.states = states;
        run.current = self.current;
        run.kept.earlier = Some(shown_time(&line(&self.saved_at)));
        run.finished = Some((
            crate::app::FlashLevel::Warn,
            super::persist::left_text(&run),
        ));
        Ok(run)
    }
}

/// Why an ARN from a file is not one wharf would act on here: not clean, or of another region or account.
fn foreign(arn: &str, here: &Origin) -> Option<String> {
    let shown = || clean(arn, Shape::Line).into_owned();
    let parts: Vec<&str> = arn.split(':').collect();
    if !is_clean(arn, Shape::Line) || parts.len() < 6 || parts[0] != "arn" {
        return Some(format!("it names {} which is not an ARN", shown()));
    }
    let other_account = here
        .account
        .as_deref()
        .is_some_and(|a| !parts[4].is_empty() && parts[4] != a);
    if parts[3] != here.region || other_account {
        return Some(format!(
            "it names {} of another region or account than {}",
            shown(),
            here.describe()
        ));
    }
    None
}

/// "2025-06-01 14:03 UTC" from RFC 3339; the text as it is when it is not that.
fn shown_time(rfc3339: &str) -> String {
    match rfc3339.get(..16) {
        Some(minutes) if rfc3339.ends_with('Z') && rfc3339.as_bytes().get(10) == Some(&b'T') => {
            format!("{} UTC", minutes.replacen('T', " ", 1))
        }
        _ => rfc3339.to_string(),
    }
}
