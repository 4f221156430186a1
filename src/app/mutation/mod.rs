//! Everything wharf can change in an account, one module per kind of change. Each module holds the whole
//! change: what its dialog asks and checks, how it reads in words (dialog, status line, audit log), how
//! dangerous it is, what to read again afterwards, how a fresh read settles an unknown outcome, and how the
//! runtime carries it out against the `Backend`. The dialog edits a draft `Mutation`; `update` alone decides
//! whether it may go (the read-only gate) and records it (the audit log); nothing else matches on its kind.
//!
//! A new change is its module, one line in `changes!` below, its backend method, and the key or command that
//! opens its dialog.

mod autoscale;
mod cleanup;
mod common;
mod continue_deployment;
mod delete;
mod deploy;
mod describe;
mod enable_exec;
mod exec;
mod forward;
mod instances;
mod protect;
#[macro_use]
mod registry;
mod rollback;
mod scale;
mod settle;
mod stop_tasks;

pub use autoscale::Autoscale;
pub use cleanup::Cleanup;
pub(crate) use common::{capitalised, names};
pub use common::{containers, revisions, service_in_sight, tasks_in_sight, TasksInSight};
pub use continue_deployment::ContinueDeployment;
pub use delete::{
    DeleteCluster, DeleteListener, DeleteLoadBalancer, DeleteService, DeleteTargetGroup,
    DeleteTaskDefinitions, DeregisterContainerInstance, DeregisterTaskDefinition,
};
pub use deploy::{Deploy, DeployTo};
pub use describe::{Delta, Description};
pub use enable_exec::EnableExec;
pub use exec::{Exec, ExecContainer, PLUGIN_HELP, SHELL};
pub use forward::Forward;
pub use instances::SetInstancesState;
pub use protect::SetProtection;
pub use rollback::{Rollback, RollbackHow};
pub use scale::Scale;
pub use stop_tasks::StopTasks;

use futures::future::BoxFuture;

use super::{Effect, Resource, State};
use crate::backend::{Backend, Result};
use crate::model::{arn_name, Service, Timestamp};
use common::service_reads;

changes! {
    /// UpdateService with a new desired count (dynamic scaling suspended first, when asked).
    Scale(Scale) "scaling",
    /// RegisterScalableTarget: the range auto scaling keeps the count in, or its dynamic scaling suspended.
    Autoscale(Autoscale) "changing auto scaling",
    /// StopTask for each task; a service starts replacements.
    StopTasks(StopTasks) "stopping tasks",
    /// A new deployment of a service: another revision, one container's new image, or the same revision.
    Deploy(Deploy) "deploying",
    /// Back to what ran before: stop the deployment in progress with ROLLBACK, or deploy the revision before.
    Rollback(Rollback) "rolling back",
    /// ContinueServiceDeployment: release a deployment's pause hook, to go on or to roll back.
    ContinueDeployment(ContinueDeployment) "continuing deployments",
    /// UpdateContainerInstancesState: drain container instances, or make draining ones ACTIVE again.
    SetInstancesState(SetInstancesState) "draining container instances",
    /// UpdateTaskProtection: protect tasks from scale-in for a while, or end their protection.
    SetProtection(SetProtection) "protecting tasks",
    /// A shell or a command in a container: ExecuteCommand, then the plugin with the terminal.
    Exec(Exec) "opening a shell (ECS Exec)",
    /// SSM StartSession with a port-forwarding document, the plugin kept running in the background.
    Forward(Forward) "forwarding ports (SSM)",
    /// UpdateService with enableExecuteCommand and a new deployment.
    EnableExec(EnableExec) "turning on ECS Exec",
    /// A whole cleanup, confirmed as one: it runs as its steps, each through the same gate.
    Cleanup(Cleanup) "cleaning up",
    /// DeleteService with force: the service drains, then turns INACTIVE.
    DeleteService(DeleteService) "deleting services",
    DeregisterContainerInstance(DeregisterContainerInstance) "deregistering container instances",
    DeleteCluster(DeleteCluster) "deleting clusters",
    DeleteListener(DeleteListener) "deleting listeners",
    DeleteLoadBalancer(DeleteLoadBalancer) "deleting load balancers",
    DeleteTargetGroup(DeleteTargetGroup) "deleting target groups",
    DeregisterTaskDefinition(DeregisterTaskDefinition) "deregistering task definitions",
    /// At most 10 revisions (one call).
    DeleteTaskDefinitions(DeleteTaskDefinitions) "deleting task definitions",
}

/// One kind of change. Only `describe`, the targets it changes and `carry_out` are required; the rest has the
/// common answer (a plain change with no input that reads its service again).
pub trait Change: std::fmt::Debug + Send + Sync {
    /// The cluster it changes, if it changes one (load balancing and task definitions are regional).
    fn cluster_arn(&self) -> Option<&str>;

    /// The service it changes, if it changes one.
    fn service_arn(&self) -> Option<&str> {
        None
    }

    /// What it changes, in words: the dialog's title and from -> to, the status line, the audit line.
    fn describe(&self) -> Description;

    /// How careful the dialog is.
    fn danger(&self) -> Danger {
        Danger::Plain
    }

    /// A warning worth a second Enter, for a change that is valid but may be a slip.
    fn warning(&self) -> Option<String> {
        None
    }

    /// What to read again once it is done (or its outcome is unknown).
    fn invalidates(&self, _state: &State) -> Vec<Resource> {
        service_reads(self.cluster_arn(), self.service_arn())
    }

    /// Whether a fresh read can tell if it happened (else an unknown outcome stays unknown, and says so).
    fn checkable(&self) -> bool {
        false
    }

    /// `Some(true)` when reads answered after `since` show the change, `Some(false)` when they show it did
    /// not happen, `None` while nothing read since can tell. `primary_before` is the service's primary
    /// deployment when the request left.
    fn applied(
        &self,
        _state: &State,
        _primary_before: Option<&str>,
        _since: Timestamp,
    ) -> Option<bool> {
        None
    }

    /// The tasks ECS starts because of it, by service ARN: not restarts (the services list's alerts).
    fn own_starts(&self, _state: &State) -> Vec<(String, u32)> {
        Vec::new()
    }

    /// A cleanup's step, in a line.
    fn step(&self) -> String {
        summary(&self.describe())
    }

    // The dialog.

    /// The label of the line the dialog asks for, if it asks for one.
    fn label(&self) -> Option<&'static str> {
        None
    }

    /// What that line holds when the dialog opens: what a command typed (`:scale 6`), or a value to edit.
    fn initial_text(&self, _state: &State, typed: Option<&str>) -> String {
        typed.unwrap_or_default().to_string()
    }

    /// What the dialog reads when it opens: by default its service afresh (a list row may be a refresh old).
    fn opening_reads(&self, _state: &State) -> Vec<Resource> {
        match (self.cluster_arn(), self.service_arn()) {
            (Some(cluster_arn), Some(service_arn)) => vec![Resource::Service {
                cluster_arn: cluster_arn.to_string(),
                service_arn: service_arn.to_string(),
            }],
            _ => Vec::new(),
        }
    }

    /// Other work the dialog starts when it opens (the cleanup's plan).
    fn opening_effects(&self) -> Vec<Effect> {
        Vec::new()
    }

    /// What the dialog shows between the change and the field.
    fn section(&self) -> Section {
        Section::None
    }

    /// How many rows j/k move through (revisions, the cleanup's groups).
    fn choices(&self, _state: &State) -> usize {
        0
    }

    /// The row the dialog's cursor starts on.
    fn first_choice(&self) -> usize {
        0
    }

    /// Space on the row `selected`.
    fn toggle(&mut self, _selected: usize) {}

    /// The draft completed from the state and the input: the change as it stands, or what to type or choose.
    fn complete(&self, state: &State, input: &Input) -> std::result::Result<Mutation, String>;

    /// The dialog's title while the change is not complete (nothing typed yet, revisions loading).
    fn draft_title(&self, _state: &State) -> String {
        self.describe().title
    }

    /// What the user needs beside the change: counts now, images, revisions.
    fn context(&self, _state: &State) -> Vec<Note> {
        Vec::new()
    }

    /// How many of its targets the filter hides.
    fn hidden(&self) -> usize {
        0
    }

    /// Every ARN it touches, for an audit line (a refusal of the draft included).
    fn targets(&self) -> Vec<String> {
        self.describe().targets
    }

    /// A session the runtime opens with the terminal handed over (ECS Exec), instead of `carry_out`.
    fn terminal_session(&self) -> Option<&Exec> {
        None
    }

    /// A session the runtime keeps running in the background (a port forward), instead of `carry_out`.
    fn background_session(&self) -> Option<&Forward> {
        None
    }

    /// Send it: once, never retried. The text says what ECS answered ("api now wants 6 tasks").
    fn carry_out<'a>(&'a self, backend: &'a dyn Backend) -> BoxFuture<'a, Result<String>>;
}

/// What is typed or chosen in the dialog.
#[derive(Debug, Clone, Copy, Default)]
pub struct Input<'a> {
    pub text: &'a str,
    /// The row chosen with j/k.
    pub selected: usize,
}

/// What the dialog draws between the change and the field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    None,
    /// The family's ACTIVE revisions to choose from.
    Revisions,
    /// The cleanup's plan and its opt-in groups.
    Plan,
    /// The task's containers to open a shell in, with their ECS Exec agents.
    Containers,
}

/// A line of context in the dialog.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    pub text: String,
    /// Shown muted (an aside) rather than as text.
    pub aside: bool,
    /// Wrapped to the width rather than cut.
    pub wrap: bool,
}

impl Note {
    pub fn text(text: impl Into<String>) -> Note {
        Note {
            text: text.into(),
            aside: false,
            wrap: false,
        }
    }

    pub fn aside(text: impl Into<String>) -> Note {
        Note {
            aside: true,
            ..Note::text(text)
        }
    }

    pub fn wrapped(self) -> Note {
        Note { wrap: true, ..self }
    }
}

/// How careful the dialog is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Danger {
    /// Enter confirms.
    Plain,
    /// The user types this name first: the change cannot be undone.
    Destructive { confirm_name: String },
}

impl Danger {
    /// Typing the last part of this ARN confirms.
    pub fn named(arn: &str) -> Danger {
        Danger::Destructive {
            confirm_name: arn_name(arn).to_string(),
        }
    }
}

impl MutationKind {
    /// Its name in the audit log and in messages (`scale`, `stop-tasks`).
    pub fn name(self) -> &'static str {
        self.into()
    }
}

impl Mutation {
    pub fn kind(&self) -> MutationKind {
        self.into()
    }

    /// "scale service payments: 4 → 6", for the status line.
    pub fn summary(&self) -> String {
        summary(&self.describe())
    }

    pub fn describe(&self) -> Description {
        self.change().describe()
    }

    pub fn cluster_arn(&self) -> Option<&str> {
        self.change().cluster_arn()
    }

    pub fn service_arn(&self) -> Option<&str> {
        self.change().service_arn()
    }

    pub fn danger(&self) -> Danger {
        self.change().danger()
    }

    pub fn checkable(&self) -> bool {
        self.change().checkable()
    }

    pub fn applied(
        &self,
        state: &State,
        primary_before: Option<&str>,
        since: Timestamp,
    ) -> Option<bool> {
        self.change().applied(state, primary_before, since)
    }

    pub fn invalidates(&self, state: &State) -> Vec<Resource> {
        self.change().invalidates(state)
    }

    pub async fn carry_out(&self, backend: &dyn Backend) -> Result<String> {
        self.change().carry_out(backend).await
    }

    /// The service it is about, as last read.
    pub fn service<'a>(&self, state: &'a State) -> Option<&'a Service> {
        state.service(self.cluster_arn()?, self.service_arn()?)
    }
}

/// "Scale service payments" and its first change, in a line: "scale service payments: 4 → 6".
fn summary(d: &Description) -> String {
    let mut title = d.title.clone();
    if let Some(first) = title.get(..1) {
        title = first.to_lowercase() + &title[1..];
    }
    match d.changes.first() {
        // A change with nothing before it (a session) is said by its title.
        Some(c) if !c.from.is_empty() => format!("{title}: {} → {}", c.from, c.to),
        _ => title,
    }
}
