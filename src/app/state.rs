//! `State`: everything wharf knows and shows, the one value `update` changes and `ui` draws. What the user
//! owns (the navigation stack, keymap, overlays, changes in flight) sits on `State`; what was read from the
//! account sits in its `Session`, so that switching profile or region replaces that whole and nothing else.

use crate::app::ClustersScreen;
use std::collections::HashMap;
use std::sync::Arc;

use crate::backend::BackendInfo;
use crate::model::{Cluster, Service, TargetHealth, Task, Timestamp};

use super::budget::Budget;
use super::cache::Cache;
use super::cleanup::CleanupRun;
use super::resource::Resource;
use super::service_table::ServiceTable;
use super::task_list::TaskList;
use super::{Flash, Loadable, Mutation, Overlay, RefreshPolicy, Screen, TableView, TaskSource};
use crate::config::keymap::{Context, KeyPress, Keymap};

/// Identifies one service's tasks: (cluster ARN, service name). ListTasks filters by service *name*.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ServiceKey {
    pub cluster_arn: String,
    pub service_name: String,
}

/// What wharf loaded from one profile and region: replaced whole when another is opened.
#[derive(Debug, Clone, PartialEq)]
pub struct Session {
    pub info: BackendInfo,
    /// Every resource read, with its age and error.
    pub cache: Cache,
    /// The API budget spent and left, per throttling category.
    pub budget: Budget,
    /// The revisions each service (by ARN) was seen running this session, oldest first: a rollback goes
    /// back to the one it ran before, not to another service's newer revision of the same family.
    pub seen_revisions: HashMap<String, Vec<String>>,
    /// Where a fault of the account stands, for polling's probe.
    pub faults: super::polling::Faults,
    /// Tasks wharf's own changes start, so that the services list does not count them as restarts.
    pub own_starts: Vec<super::own_starts::OwnStarts>,
    /// CloudWatch metrics asked this session: billed, so counted and capped.
    pub metric_spend: super::metric_spend::MetricSpend,
}

impl Session {
    pub fn new(info: BackendInfo, now: Timestamp, share: f64) -> Session {
        Session {
            info,
            cache: Cache::default(),
            budget: Budget::new(share, now),
            seen_revisions: HashMap::new(),
            faults: Default::default(),
            own_starts: Vec::new(),
            metric_spend: Default::default(),
        }
    }
}

/// Everything wharf knows and shows. What the user owns (history, keymap, settings, changes in flight) lives
/// here; what was loaded from the account lives in `session`, replaced on a switch of profile or region.
#[derive(Debug, Clone, PartialEq)]
pub struct State {
    pub session: Session,
    /// The backend's clock as of the last tick.
    pub now: Timestamp,
    /// The user's own clock as of the last tick, when the runtime gives it (tests drive only `now`).
    pub wall: Option<Timestamp>,
    /// Terminal size in columns and rows.
    pub size: (u16, u16),
    /// The navigation stack; never empty, the last entry is on screen. Starts again at the clusters of a new
    /// profile.
    pub screens: Vec<Screen>,
    pub refresh: RefreshPolicy,
    /// Polling is paused: only what the user asks for (opening a view, refresh, a change) is read.
    pub paused: bool,
    /// Another profile or region is being opened (what, as the user named it): changes wait for it, since
    /// the answers of the one open now will not be heard.
    pub connecting: Option<String>,
    /// Every message shown in the status line this run (flashes and read errors), oldest first, whole: the
    /// status line cuts them to its width, `:messages` does not.
    pub messages: std::collections::VecDeque<Message>,
    /// What is open over the screen (help, the `:`/`/` line, a dialog, the audit log); it takes the keys.
    pub overlay: Overlay,
    pub should_quit: bool,
    /// The row the cursor has rested on, over two ticks in a row. Reads about the selected row alone (a
    /// cluster's capacity) wait for it, so that `j` held down over 20 clusters reads none of those it
    /// passes.
    pub resting_on: Option<String>,
    /// The row the cursor was on at the last tick.
    pub selected_at_tick: Option<String>,
    /// Quit was asked while a change waited for its answer: the next quit goes ahead.
    pub quit_asked: bool,
    /// The last action brought nothing new to show (an answer with the same data and error as before):
    /// the runtime need not redraw for it.
    pub quiet: bool,
    /// The active keymap: keys are read through it, and the footer and help are drawn from it.
    pub keymap: Arc<Keymap>,
    /// Keys typed so far of a sequence (`g` of `g g`).
    pub pending_keys: Vec<KeyPress>,
    /// Commands run, newest last; filters likewise.
    pub command_history: Vec<String>,
    pub filter_history: Vec<String>,
    /// A message for the status line: what a command did, or why it could not.
    pub flash: Option<Flash>,
    /// AWS profiles wharf knows of, for `:profile` completion.
    pub profiles: Vec<String>,
    /// Mutations are refused (the profile's setting or `--read-only`).
    pub read_only: bool,
    /// Changes sent and not yet settled, oldest first.
    pub in_flight: Vec<InFlight>,
    /// The cleanup running or last run (its steps' outcomes stay on screen until closed).
    pub cleanup: Option<CleanupRun>,
    /// Other cleanups stopped halfway, one per cluster at most: left by an earlier run of wharf, or put
    /// aside by a newer one. `D` on their cluster brings one up.
    pub parked_cleanups: Vec<CleanupRun>,
    pub next_mutation_id: u64,
    /// Names this run of wharf in the audit log (the runtime sets it).
    pub audit_session: String,
    /// The session-manager-plugin ECS Exec hands the terminal to, once looked for.
    pub session_plugin: Option<Result<crate::model::SessionPlugin, String>>,
    /// The shell ECS Exec opens (`[exec] shell`).
    pub exec_shell: String,
    /// Port forwards open in this run (`:forwards`).
    pub forwards: Vec<super::forwards::OpenForward>,
}

/// A line of `:messages`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub at: Timestamp,
    pub level: super::FlashLevel,
    pub text: String,
}

/// `:messages` keeps this many, the oldest dropped first.
pub const MESSAGES_KEPT: usize = 500;

impl State {
    /// The user's own time: what messages, their lifetime and the audit log go by. The backend's clock
    /// until the runtime has said (for AWS the two are the same; the sandbox's may run faster).
    pub fn user_now(&self) -> Timestamp {
        self.wall.unwrap_or(self.now)
    }

    /// Keep a message for `:messages` (the same text twice in a row is kept once), anything secret in it
    /// masked: a read error may quote what it was given.
    pub fn remember(&mut self, level: super::FlashLevel, text: String) {
        let text = crate::model::secrets::mask_secrets(&text).0;
        if self.messages.back().is_some_and(|m| m.text == text) {
            return;
        }
        if self.messages.len() >= MESSAGES_KEPT {
            self.messages.pop_front();
        }
        self.messages.push_back(Message {
            at: self.user_now(),
            level,
            text,
        });
    }
}

/// A change sent to the account and waiting for its answer, or (answer lost) for a read that settles it.
#[derive(Debug, Clone, PartialEq)]
pub struct InFlight {
    pub id: u64,
    pub mutation: Mutation,
    /// The service's primary deployment when it was sent: a force deploy shows as another one.
    pub primary_before: Option<String>,
    /// When the answer was lost: reads after this settle it.
    pub unknown_since: Option<Timestamp>,
}

impl State {
    pub fn new(info: BackendInfo, now: Timestamp) -> Self {
        let refresh = RefreshPolicy::default();
        State {
            session: Session::new(info, now, refresh.share),
            now,
            wall: None,
            size: (80, 24),
            screens: vec![Screen::Clusters(ClustersScreen {
                cursor: TableView::default(),
            })],
            refresh,
            paused: false,
            connecting: None,
            messages: Default::default(),
            overlay: Overlay::None,
            should_quit: false,
            resting_on: None,
            selected_at_tick: None,
            quit_asked: false,
            quiet: false,
            keymap: Arc::new(Keymap::default()),
            pending_keys: Vec::new(),
            command_history: Vec::new(),
            filter_history: Vec::new(),
            flash: None,
            profiles: Vec::new(),
            read_only: false,
            in_flight: Vec::new(),
            cleanup: None,
            parked_cleanups: Vec::new(),
            next_mutation_id: 1,
            audit_session: String::new(),
            session_plugin: None,
            exec_shell: crate::config::settings::DEFAULT_SHELL.to_string(),
            forwards: Vec::new(),
        }
    }

    /// The keymap contexts that apply now, most specific first.
    pub fn key_contexts(&self) -> Vec<Context> {
        match self.overlay {
            Overlay::Prompt(_) => vec![Context::Prompt],
            // A running cleanup takes the dialog's keys: enter resumes it, esc stops or closes it.
            Overlay::Dialog(_) => vec![Context::Dialog],
            Overlay::Cleanup => vec![Context::Dialog, Context::Global],
            Overlay::Help { .. }
            | Overlay::Audit(_)
            | Overlay::Budget { .. }
            | Overlay::Messages { .. }
            | Overlay::Text(_) => vec![Context::Help, Context::Global],
            // A list to act on: the dialog's Enter and Esc, the help's scrolling and quit.
            Overlay::Forwards { .. } => vec![Context::Dialog, Context::Help, Context::Global],
            Overlay::None => self.screen_contexts(),
        }
    }

    /// The contexts of the screen on top, whatever is open over it, most specific first.
    pub fn screen_contexts(&self) -> Vec<Context> {
        let screen = self.screen().spec().context();
        let mut contexts = vec![screen];
        if self.screen().cursor().is_some() {
            contexts.push(Context::Table);
        }
        contexts.push(Context::Global);
        contexts
    }

    pub fn screen(&self) -> &Screen {
        self.screens
            .last()
            .expect("the navigation stack is never empty")
    }

    pub fn screen_mut(&mut self) -> &mut Screen {
        self.screens
            .last_mut()
            .expect("the navigation stack is never empty")
    }

    /// Use these intervals and this share of the budget.
    pub fn set_refresh(&mut self, policy: RefreshPolicy) {
        self.refresh = policy;
        self.session.budget.share = policy.share.clamp(0.01, 1.0);
    }

    /// Where wharf is looking.
    pub fn info(&self) -> &BackendInfo {
        &self.session.info
    }

    pub fn cache(&self) -> &Cache {
        &self.session.cache
    }

    pub fn cluster(&self, cluster_arn: &str) -> Option<&Cluster> {
        self.session
            .cache
            .clusters
            .data
            .as_ref()?
            .iter()
            .find(|c| c.arn == cluster_arn)
    }

    pub fn services_of(&self, cluster_arn: &str) -> Option<&Loadable<ServiceTable>> {
        self.session.cache.services.get(cluster_arn)
    }

    /// A cluster's described services, sorted by name.
    pub fn service_rows(&self, cluster_arn: &str) -> &[Service] {
        self.services_of(cluster_arn)
            .and_then(|l| l.data.as_ref())
            .map_or(&[], |t| t.rows())
    }

    pub fn service(&self, cluster_arn: &str, service_arn: &str) -> Option<&Service> {
        self.services_of(cluster_arn)?
            .data
            .as_ref()?
            .row(service_arn)
    }

    /// A target group's targets, if they have been read.
    pub fn target_health(&self, target_group_arn: &str) -> Option<&[TargetHealth]> {
        self.session
            .cache
            .target_health
            .get(target_group_arn)
            .and_then(|l| l.data.as_deref())
    }

    pub fn tasks_of(&self, cluster_arn: &str, service_name: &str) -> Option<&Loadable<TaskList>> {
        self.session.cache.tasks.get(&ServiceKey {
            cluster_arn: cluster_arn.into(),
            service_name: service_name.into(),
        })
    }

    pub fn cluster_tasks_of(&self, cluster_arn: &str) -> Option<&Loadable<TaskList>> {
        self.session.cache.cluster_tasks.get(cluster_arn)
    }

    /// The list a task screen opened `from` reads its task in.
    pub fn task_list(&self, cluster_arn: &str, from: &TaskSource) -> Option<&Loadable<TaskList>> {
        match from {
            TaskSource::Service(name) => self.tasks_of(cluster_arn, name),
            TaskSource::Cluster => self.cluster_tasks_of(cluster_arn),
        }
    }

    /// The task the task screen shows: its own read, or until that comes, the row of the list it was opened
    /// from. `None` on other screens.
    pub fn task_on_screen(&self) -> Option<&Task> {
        match self.screen() {
            Screen::Task(screen) => screen.task(self),
            _ => None,
        }
    }

    /// Where the reads of the resource stand, for the status line and tests.
    pub fn status(&self, resource: &Resource) -> Option<&super::loadable::Status> {
        self.session.cache.status(resource)
    }
}
