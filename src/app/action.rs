//! `Action`: everything that can happen to wharf, as data: a tick of the clock, a key, a resize, and the
//! answer to each `Effect`. Time and data arrive only this way, so `update` stays pure and a test can replay
//! any session by sending the same actions.

use crate::backend::{BackendError, BackendInfo};
use crate::model::{Service, SessionPlugin, Timestamp};

use super::cleanup::{Fresh, Inputs, SavedCleanup, Scope};
use super::resource::{Fetch, Payload, Resource, TaskPart};
use super::UserAction;

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

impl Action {
    /// The answer to a whole resource's fetch (one call), as the runtime would send it: for tests and
    /// benchmarks.
    pub fn loaded(
        resource: Resource,
        result: Result<Payload, BackendError>,
        at: Timestamp,
    ) -> Action {
        Action::Fetched {
            fetch: Fetch::of(resource),
            result,
            at,
            calls: 1,
        }
    }

    /// The answers that list a cluster's services and describe them all: the whole list as one page, then
    /// one batch. For tests and benchmarks; the runtime sends pages of 100 and batches of 10.
    pub fn services_loaded(
        cluster_arn: &str,
        result: Result<Vec<Service>, BackendError>,
        at: Timestamp,
    ) -> Vec<Action> {
        let page = Fetch::ServicePage {
            cluster_arn: cluster_arn.to_string(),
            token: None,
        };
        let services = match result {
            Ok(s) => s,
            Err(e) => {
                return vec![Action::Fetched {
                    fetch: page,
                    result: Err(e),
                    at,
                    calls: 1,
                }]
            }
        };
        let arns: Vec<String> = services.iter().map(|s| s.arn.clone()).collect();
        vec![
            Action::Fetched {
                fetch: page,
                result: Ok(Payload::ServicePage {
                    arns: arns.clone(),
                    next: None,
                }),
                at,
                calls: 1,
            },
            Action::Fetched {
                fetch: Fetch::Services {
                    cluster_arn: cluster_arn.to_string(),
                    arns,
                },
                result: Ok(Payload::Services(crate::backend::Described {
                    items: services,
                    failures: Vec::new(),
                })),
                at,
                calls: 1,
            },
        ]
    }
}

/// Everything that can happen to wharf: what the user asks for, the passing of time, and backend answers.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// The backend's clock, sent about once a second; drives polling and ages.
    Tick(Timestamp),
    /// The user's own clock (real time), sent by the runtime before each tick: messages last and the audit
    /// log is stamped by it, while the sandbox's virtual clock may run many times as fast.
    WallClock(Timestamp),
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
    /// The answer to `Effect::Fetch`, with the API calls it made (charged to the budget).
    Fetched {
        fetch: Fetch,
        result: Result<Payload, BackendError>,
        at: Timestamp,
        calls: u32,
    },
    /// Part of the answer to `Effect::Fetch`, before it (a task list's pages and batches as they come).
    FetchedPart { fetch: Fetch, part: TaskPart },
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
    /// The answer to `Effect::RecheckCleanup`.
    CleanupRechecked {
        scope: Scope,
        result: Result<Fresh, BackendError>,
    },
    /// The answer to `Effect::FindCleanups`: each file kept for this account and region, read, or why not.
    CleanupsFound(Vec<(String, Result<SavedCleanup, String>)>),
    /// A kept plan could not be written or removed: what and why.
    CleanupFileFailed(String),
    /// The answer to `Effect::FindSessionPlugin`: the plugin, or why it cannot be used.
    SessionPluginFound(Result<SessionPlugin, String>),
    /// The answer to `Effect::SetLoad`.
    LoadSet {
        service: String,
        percent: u32,
        result: Result<(), BackendError>,
    },
    /// How the port forward of change `id` stands (the runtime runs it); `forward` when it starts.
    ForwardChanged {
        id: u64,
        forward: Option<Box<super::mutation::Forward>>,
        status: super::forwards::ForwardStatus,
    },
}
