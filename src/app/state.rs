use std::collections::HashMap;
use std::sync::Arc;

use crate::backend::BackendInfo;
use crate::model::{Cluster, Service, TargetHealth, Task, TaskDefinition, Timestamp};

use super::cleanup::CleanupRun;
use super::{Flash, Loadable, Mutation, Overlay, RefreshPolicy, Screen, TableView, TaskSource};
use crate::config::keymap::{Context, KeyPress, Keymap};

/// Identifies one service's tasks: (cluster ARN, service name). ListTasks filters by service *name*.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ServiceKey {
    pub cluster_arn: String,
    pub service_name: String,
}

/// Everything wharf knows and shows. Data is cached per resource, so going back shows the last answer at once.
#[derive(Debug, Clone, PartialEq)]
pub struct State {
    pub info: BackendInfo,
    /// The backend's clock as of the last tick.
    pub now: Timestamp,
    /// Terminal size in columns and rows.
    pub size: (u16, u16),
    /// The navigation stack; never empty, the last entry is on screen.
    pub screens: Vec<Screen>,
    pub clusters: Loadable<Vec<Cluster>>,
    /// By cluster ARN. Sorted by name.
    pub services: HashMap<String, Loadable<Vec<Service>>>,
    /// Single services described on their own while their detail is on screen, by service ARN.
    pub service_details: HashMap<String, Loadable<Service>>,
    /// Sorted: live tasks first (newest first), then stopped tasks (most recently stopped first).
    pub tasks: HashMap<ServiceKey, Loadable<Vec<Task>>>,
    /// Every task of a cluster (standalone ones too), by cluster ARN; sorted like `tasks`.
    pub cluster_tasks: HashMap<String, Loadable<Vec<Task>>>,
    /// By target group ARN.
    pub target_health: HashMap<String, Loadable<Vec<TargetHealth>>>,
    /// By ARN; revisions are immutable, so these are never fetched twice.
    pub task_definitions: HashMap<String, Loadable<TaskDefinition>>,
    /// The revisions each service (by ARN) was seen running this session, oldest first: a rollback goes
    /// back to the one it ran before, not to another service's newer revision of the same family.
    pub seen_revisions: HashMap<String, Vec<String>>,
    /// A family's ACTIVE revision ARNs, newest first (the newest few, for choosing and rolling back).
    pub revisions: HashMap<String, Loadable<Vec<String>>>,
    pub refresh: RefreshPolicy,
    /// What is open over the screen (help, the `:`/`/` line, a dialog, the audit log); it takes the keys.
    pub overlay: Overlay,
    pub should_quit: bool,
    /// Quit was asked while a change waited for its answer: the next quit goes ahead.
    pub quit_asked: bool,
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
    pub next_mutation_id: u64,
    /// Names this run of wharf in the audit log (the runtime sets it).
    pub audit_session: String,
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
        State {
            info,
            now,
            size: (80, 24),
            screens: vec![Screen::Clusters {
                cursor: TableView::default(),
            }],
            clusters: Loadable::default(),
            services: HashMap::new(),
            service_details: HashMap::new(),
            tasks: HashMap::new(),
            cluster_tasks: HashMap::new(),
            target_health: HashMap::new(),
            task_definitions: HashMap::new(),
            revisions: HashMap::new(),
            seen_revisions: HashMap::new(),
            refresh: RefreshPolicy::default(),
            overlay: Overlay::None,
            should_quit: false,
            quit_asked: false,
            keymap: Arc::new(Keymap::default()),
            pending_keys: Vec::new(),
            command_history: Vec::new(),
            filter_history: Vec::new(),
            flash: None,
            profiles: Vec::new(),
            read_only: false,
            in_flight: Vec::new(),
            cleanup: None,
            next_mutation_id: 1,
            audit_session: String::new(),
        }
    }

    /// The keymap contexts that apply now, most specific first.
    pub fn key_contexts(&self) -> Vec<Context> {
        match self.overlay {
            Overlay::Prompt(_) => vec![Context::Prompt],
            // A running cleanup takes the dialog's keys: enter resumes it, esc stops or closes it.
            Overlay::Dialog(_) => vec![Context::Dialog],
            Overlay::Cleanup => vec![Context::Dialog, Context::Global],
            Overlay::Help { .. } | Overlay::Audit(_) => vec![Context::Help, Context::Global],
            Overlay::None => self.screen_contexts(),
        }
    }

    /// The contexts of the screen on top, whatever is open over it, most specific first.
    pub fn screen_contexts(&self) -> Vec<Context> {
        let screen = match self.screen() {
            Screen::Clusters { .. } => Context::Clusters,
            Screen::Services { .. } => Context::Services,
            Screen::Service { .. } => Context::Service,
            Screen::Tasks { .. } => Context::Tasks,
            Screen::Task { .. } => Context::Task,
        };
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

    pub fn cluster(&self, cluster_arn: &str) -> Option<&Cluster> {
        self.clusters
            .data
            .as_ref()?
            .iter()
            .find(|c| c.arn == cluster_arn)
    }

    pub fn services_of(&self, cluster_arn: &str) -> Option<&Loadable<Vec<Service>>> {
        self.services.get(cluster_arn)
    }

    pub fn service(&self, cluster_arn: &str, service_arn: &str) -> Option<&Service> {
        self.services
            .get(cluster_arn)?
            .data
            .as_ref()?
            .iter()
            .find(|s| s.arn == service_arn)
    }

    pub fn tasks_of(&self, cluster_arn: &str, service_name: &str) -> Option<&Loadable<Vec<Task>>> {
        self.tasks.get(&ServiceKey {
            cluster_arn: cluster_arn.into(),
            service_name: service_name.into(),
        })
    }

    pub fn cluster_tasks_of(&self, cluster_arn: &str) -> Option<&Loadable<Vec<Task>>> {
        self.cluster_tasks.get(cluster_arn)
    }

    /// The list a task screen opened `from` reads its task in.
    pub fn task_list(&self, cluster_arn: &str, from: &TaskSource) -> Option<&Loadable<Vec<Task>>> {
        match from {
            TaskSource::Service(name) => self.tasks_of(cluster_arn, name),
            TaskSource::Cluster => self.cluster_tasks_of(cluster_arn),
        }
    }

    /// The task the task screen shows, once its list has it; `None` on other screens.
    pub fn task_on_screen(&self) -> Option<&Task> {
        let Screen::Task {
            cluster_arn,
            task_arn,
            from,
        } = self.screen()
        else {
            return None;
        };
        self.task_list(cluster_arn, from)?
            .data
            .as_ref()?
            .iter()
            .find(|t| t.arn == *task_arn)
    }
}
