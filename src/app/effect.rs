//! `Effect`: what `update` asks the world to do (read, change, connect, copy, write the audit log), as data.
//! The runtime carries each out and answers with an `Action`; keeping them as values is what lets the app be
//! tested without a backend, a terminal or a clock.

use super::cleanup::{Origin, Plan, SavedCleanup, Scope};
use super::resource::Fetch;
use super::{AuditEntry, Mutation};

/// What `update` asks the world to do. The runtime runs each on tokio and answers with an `Action`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Effect {
    /// Read a resource, a page of a list or a batch of rows -> `Action::Fetched`. Only the poller
    /// (`polling`) makes these, within the budget.
    Fetch(Fetch),
    /// Put text on the clipboard (the runtime writes OSC 52 to the terminal). No answer.
    Copy { text: String },
    /// Open another profile or region (`None`: keep the current one) -> `Action::Connected`. The runtime
    /// drops the answers still due from the old backend.
    Connect {
        profile: Option<String>,
        region: Option<String>,
    },
    /// Carry out a change -> `Action::Mutated`. Only `update`'s read-only gate makes these.
    Mutate { id: u64, mutation: Mutation },
    /// Append one line to the audit log. No answer, unless writing fails (`Action::AuditFailed`).
    Audit(AuditEntry),
    /// Read the audit log's latest lines -> `Action::AuditRead`.
    ReadAudit,
    /// Read what a cleanup would touch -> `Action::CleanupRead`.
    PlanCleanup { scope: Scope },
    /// Read afresh what a plan's steps from `from` on touch, before resuming it -> `Action::CleanupRechecked`.
    RecheckCleanup { plan: Box<Plan>, from: usize },
    /// Keep an unfinished cleanup's plan on disk, replacing the one kept for its cluster. No answer, unless
    /// writing fails (`Action::CleanupFileFailed`).
    KeepCleanup(Box<SavedCleanup>),
    /// Remove the plan kept for this cluster: its cleanup completed, or the user discarded it.
    ForgetCleanup { origin: Origin, cluster_arn: String },
    /// Read the plans kept for this account and region -> `Action::CleanupsFound`.
    FindCleanups { origin: Origin },
    /// Look for the session-manager-plugin on PATH -> `Action::SessionPluginFound`.
    FindSessionPlugin,
    /// End a port forward: TerminateSession, then the plugin -> `Action::ForwardChanged` (ended).
    CloseForward { id: u64 },
    /// The sandbox's `:load SERVICE xN`: the service's load times `percent`/100 -> `Action::LoadSet`.
    SetLoad {
        cluster_arn: String,
        service: String,
        percent: u32,
    },
}
