use crate::backend::{BackendError, BackendInfo};
use crate::model::{Cluster, Service, TargetHealth, Task, TaskDefinition, Timestamp};

use super::cleanup::{Inputs, Scope};
use super::{ServiceKey, UserAction};

/// How a change ended, as far as wharf can tell.
#[derive(Debug, Clone, PartialEq)]
pub enum MutationResult {
    /// AWS accepted it; what it said, in words.
    Done(String),
    /// AWS refused it (nothing changed).
    Failed(BackendError),
    /// The answer never came (a time-out, a dropped connection): it may or may not have happened.
    Unknown(BackendError),
}
use crossterm::event::KeyEvent;

/// Everything that can happen to wharf: what the user asks for, the passing of time, and backend answers.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// The backend's clock, sent about once a second; drives polling and ages.
    Tick(Timestamp),
    /// The terminal's new size in columns and rows.
    Resize(u16, u16),

    /// SIGTERM, SIGHUP, SIGINT or SIGQUIT: quit now, recording changes still in flight as unknown.
    Terminate,
    /// A key press, read through the keymap in the contexts of what is on screen.
    Key(KeyEvent),
    /// Text pasted into the terminal (bracketed paste): it goes into the field being typed in, never to keys.
    Paste(String),
    /// What a key stands for, or asked for directly.
    User(UserAction),
    /// A mouse click at (column, row) of the terminal.
    Click { column: u16, row: u16 },
    /// The mouse wheel over the screen: positive scrolls down.
    Scroll(i16),

    /// The answer to `Effect::Connect`: the new backend's description, or why it could not be opened
    /// (the old one stays).
    Connected {
        result: Result<BackendInfo, String>,
        /// The profile's read-only setting.
        read_only: bool,
        /// The new backend's clock (the sandbox's runs at its own speed).
        at: Timestamp,
    },
    ClustersLoaded {
        result: Result<Vec<Cluster>, BackendError>,
        at: Timestamp,
    },
    ServicesLoaded {
        cluster_arn: String,
        result: Result<Vec<Service>, BackendError>,
        at: Timestamp,
    },
    /// The answer to `Effect::LoadService`: one service, described on its own.
    ServiceLoaded {
        cluster_arn: String,
        service_arn: String,
        result: Result<Service, BackendError>,
        at: Timestamp,
    },
    TasksLoaded {
        key: ServiceKey,
        result: Result<Vec<Task>, BackendError>,
        at: Timestamp,
    },
    /// The answer to `Effect::LoadClusterTasks`.
    ClusterTasksLoaded {
        cluster_arn: String,
        result: Result<Vec<Task>, BackendError>,
        at: Timestamp,
    },
    TargetHealthLoaded {
        target_group_arn: String,
        result: Result<Vec<TargetHealth>, BackendError>,
        at: Timestamp,
    },
    TaskDefinitionLoaded {
        arn: String,
        result: Result<TaskDefinition, BackendError>,
        at: Timestamp,
    },
    /// The answer to `Effect::LoadRevisions`: the family's newest ACTIVE revisions, newest first.
    RevisionsLoaded {
        family: String,
        result: Result<Vec<TaskDefinition>, BackendError>,
        at: Timestamp,
    },
    /// The answer to `Effect::Mutate`.
    Mutated {
        id: u64,
        result: MutationResult,
        at: Timestamp,
    },
    /// The answer to `Effect::ReadAudit`: the log's latest lines, oldest first, or why it could not be read.
    AuditRead {
        path: String,
        result: Result<Vec<String>, String>,
    },
    /// An audit line could not be written.
    AuditFailed(String),
    /// The answer to `Effect::PlanCleanup`.
    CleanupRead {
        scope: Scope,
        result: Result<Inputs, BackendError>,
    },
}
