//! ECS Exec: a shell, or one command, in a container of a running task. ExecuteCommand opens the session;
//! the runtime then hands the terminal to the session-manager-plugin and takes it back when it ends
//! (`Change::terminal_session`). Every precondition is checked here, before anything is sent; what only
//! AWS can tell (permissions, the agent's connection) comes back as its refusal, in words.

use futures::future::BoxFuture;

use super::common::{active_service, service_in_sight, tasks_in_sight};
use super::{Change, Delta, Description, Input, Mutation, MutationKind, Note, Section};
use crate::app::{Effect, State};
use crate::backend::{Backend, BackendError, Result};
use crate::model::{arn_name, family_revision, short_id, ExecAgent, Task, TaskStatus};

/// The shell every image but the smallest has: where a configured shell falls back to.
pub use crate::config::settings::DEFAULT_SHELL as SHELL;

/// Where the plugin's installation is explained.
pub const PLUGIN_HELP: &str =
    "https://docs.aws.amazon.com/systems-manager/latest/userguide/session-manager-working-with-install-plugin.html";

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Exec {
    pub cluster_arn: String,
    pub task_arn: String,
    /// The task's containers as read when the dialog opened, in the task's order.
    pub containers: Vec<ExecContainer>,
    /// The chosen one's name (empty in a draft).
    pub container: String,
    /// Its runtime id: the plugin's target names it.
    pub runtime_id: String,
    pub command: String,
    /// The command is the configured shell: where the image lacks it, the session opens /bin/sh instead.
    pub fallback: bool,
    /// How the task was picked on a service's screen ("a running task of web:7"), for the dialog.
    pub picked: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ExecContainer {
    pub name: String,
    pub runtime_id: Option<String>,
    pub agent: Option<ExecAgent>,
}

impl Exec {
    /// The dialog for the selected task (or the task on screen); on a service, a running task of its
    /// current revision. A task started without ECS Exec opens the dialog that turns it on for its service.
    /// `container` is what `:exec CONTAINER` named.
    pub fn draft(state: &State, container: Option<&str>) -> std::result::Result<Mutation, String> {
        let (task, picked) = task_in_sight(state)?;
        if !task.enable_execute_command {
            return enable_instead(state, task);
        }
        let containers: Vec<ExecContainer> = task
            .containers
            .iter()
            .map(|c| ExecContainer {
                name: c.name.clone(),
                runtime_id: c.runtime_id.clone(),
                agent: c.exec_agent.clone(),
            })
            .collect();
        if let Some(name) = container.filter(|n| !containers.iter().any(|c| c.name == *n)) {
            let names: Vec<&str> = containers.iter().map(|c| c.name.as_str()).collect();
            return Err(format!(
                "task {} has no container {name}: it has {}",
                short_id(task.id()),
                names.join(", ")
            ));
        }
        Ok(Exec {
            cluster_arn: task.cluster_arn.clone(),
            task_arn: task.arn.clone(),
            containers,
            container: container.unwrap_or_default().to_string(),
            runtime_id: String::new(),
            command: String::new(),
            fallback: false,
            picked,
        }
        .into())
    }

    /// The command ExecuteCommand is given: the configured shell, if the image has it, else /bin/sh (one
    /// call: the SSM agent splits the line as a shell would); else what was typed, as typed.
    pub fn sent_command(&self) -> String {
        match self.fallback {
            true => format!(
                "{SHELL} -c '[ -x {shell} ] && exec {shell} || exec {SHELL}'",
                shell = self.command
            ),
            false => self.command.clone(),
        }
    }

    /// The command in words: "/bin/bash (else /bin/sh)".
    fn command_text(&self) -> String {
        match self.fallback {
            true => format!("{} (else {SHELL})", self.command),
            false => self.command.clone(),
        }
    }
}

impl Change for Exec {
    fn cluster_arn(&self) -> Option<&str> {
        Some(&self.cluster_arn)
    }

    fn describe(&self) -> Description {
        Description {
            title: format!(
                "Open {} in {} of task {}",
                self.command_text(),
                self.container,
                short_id(arn_name(&self.task_arn))
            ),
            // The audit line's `to`: what ran where.
            changes: vec![Delta::new(
                "session",
                "",
                format!("{} in container {}", self.command_text(), self.container),
            )],
            targets: vec![self.task_arn.clone()],
            how: "ExecuteCommand, then session-manager-plugin with the terminal: wharf comes back when the \
                  session ends (exit, or Ctrl-D)"
                .into(),
        }
    }

    fn invalidates(&self, _: &State) -> Vec<crate::app::Resource> {
        Vec::new()
    }

    fn terminal_session(&self) -> Option<&Exec> {
        Some(self)
    }

    fn first_choice(&self) -> usize {
        let named = self
            .containers
            .iter()
            .position(|c| c.name == self.container);
        let running = || {
            (self.containers.iter())
                .position(|c| c.agent.as_ref().is_some_and(ExecAgent::is_running))
        };
        named.or_else(running).unwrap_or(0)
    }

    fn label(&self) -> Option<&'static str> {
        Some("Command")
    }

    fn initial_text(&self, state: &State, typed: Option<&str>) -> String {
        typed.unwrap_or(&state.exec_shell).to_string()
    }

    /// Its task afresh (an agent may have stopped since the row was read), and the plugin looked for.
    fn opening_reads(&self, _: &State) -> Vec<crate::app::Resource> {
        vec![crate::app::Resource::Task {
            cluster_arn: self.cluster_arn.clone(),
            task_arn: self.task_arn.clone(),
        }]
    }

    fn opening_effects(&self) -> Vec<Effect> {
        vec![Effect::FindSessionPlugin]
    }

    fn section(&self) -> Section {
        Section::Containers
    }

    fn choices(&self, _: &State) -> usize {
        self.containers.len()
    }

    fn complete(&self, state: &State, input: &Input) -> std::result::Result<Mutation, String> {
        let task = find_task(state, &self.task_arn)
            .ok_or("the task is no longer listed: r refreshes, Esc closes")?;
        ready(task)?;
        if self.containers.is_empty() {
            return Err("ECS reports no containers for this task yet: wait a few seconds".into());
        }
        let chosen = self
            .containers
            .get(input.selected)
            .ok_or("choose a container with ↑/↓")?;
        // The fresh read's agent and runtime id, when there is one: they may have changed since the dialog
        // opened.
        let fresh = task.containers.iter().find(|c| c.name == chosen.name);
        let agent = fresh.map_or(chosen.agent.clone(), |c| c.exec_agent.clone());
        agent_runs(&chosen.name, agent.as_ref())?;
        let runtime_id = fresh.map_or(chosen.runtime_id.clone(), |c| c.runtime_id.clone());
        let runtime_id = runtime_id.ok_or_else(|| {
            format!(
                "container {} has no runtime id yet: wait a few seconds for ECS to report it",
                chosen.name
            )
        })?;
        plugin_found(state)?;
        let command = match input.text.trim() {
            "" => state.exec_shell.clone(),
            typed => typed.to_string(),
        };
        Ok(Exec {
            container: chosen.name.clone(),
            runtime_id,
            fallback: command == state.exec_shell && command != SHELL,
            command,
            ..self.clone()
        }
        .into())
    }

    fn draft_title(&self, _: &State) -> String {
        format!(
            "Open a shell in task {}",
            short_id(arn_name(&self.task_arn))
        )
    }

    fn context(&self, state: &State) -> Vec<Note> {
        let mut notes: Vec<Note> = self.picked.iter().map(Note::text).collect();
        if sandbox(state) {
            notes.push(
                Note::aside(
                    "The sandbox's shell is simulated: no container runs; it answers from the task.",
                )
                .wrapped(),
            );
        } else if let Some(Ok(plugin)) = &state.session_plugin {
            notes.push(Note::aside(format!(
                "session-manager-plugin {} ({})",
                plugin.version, plugin.path
            )));
        }
        notes
    }

    fn carry_out<'a>(&'a self, _: &'a dyn Backend) -> BoxFuture<'a, Result<String>> {
        // The runtime opens the session itself (`terminal_session`): it needs the terminal.
        Box::pin(async {
            Err(BackendError::Api {
                code: "NeedsTerminal".into(),
                message: "ECS Exec needs the terminal: only wharf's event loop can open it".into(),
            })
        })
    }
}

/// The one task a session is for: the selected (or marked) task, the task on screen, or on a service a
/// running task of its current revision (with how it was picked).
pub(super) fn task_in_sight(state: &State) -> std::result::Result<(&Task, Option<String>), String> {
    match tasks_in_sight(state) {
        Some(sight) if sight.task_arns.len() > 1 => {
            Err("a session opens one task: unmark all but one (u clears the marks)".into())
        }
        Some(sight) => {
            let task = find_task(state, &sight.task_arns[0]).ok_or_else(|| {
                format!(
                    "task {} is not read yet: wait for its row to fill in, or open it (Enter)",
                    short_id(arn_name(&sight.task_arns[0]))
                )
            })?;
            Ok((task, None))
        }
        None => service_task(state),
    }
}

/// A task as last read: its own read, else a row of any list.
pub(super) fn find_task<'a>(state: &'a State, task_arn: &str) -> Option<&'a Task> {
    let cache = &state.session.cache;
    let own = cache.task.get(task_arn).and_then(|l| l.data.as_ref());
    own.or_else(|| {
        (cache.tasks.values().chain(cache.cluster_tasks.values()))
            .filter_map(|l| l.data.as_ref())
            .find_map(|list| list.iter().find(|t| t.arn == task_arn))
    })
}

/// On a service's screen or row: a running task of its current revision with ECS Exec ready, else one with
/// ECS Exec off (to offer to turn it on), else why there is none.
pub(super) fn service_task(state: &State) -> std::result::Result<(&Task, Option<String>), String> {
    let activity = MutationKind::Exec.activity();
    let (cluster_arn, service_arn) = service_in_sight(state, activity).map_err(|_| {
        "ECS Exec works on a task: select one, or a service to use one of its tasks"
    })?;
    let service = active_service(state, &cluster_arn, &service_arn)?;
    let tasks = state
        .tasks_of(&cluster_arn, &service.name)
        .and_then(|l| l.data.as_ref())
        .ok_or_else(|| {
            format!(
                "{}'s tasks are not read yet: wait for them to load, then press e again",
                service.name
            )
        })?;
    let current = |t: &&Task| t.task_definition_arn == service.task_definition;
    let running = |t: &&Task| t.last_status == TaskStatus::Running;
    let candidates: Vec<&Task> = tasks.iter().filter(current).filter(running).collect();
    let ready = candidates
        .iter()
        .find(|t| ready(t).is_ok() && has_running_agent(t));
    let task = ready.or_else(|| candidates.first()).ok_or_else(|| {
        format!(
            "{} has no RUNNING task of its current revision {}: nothing to open a shell in",
            service.name,
            family_revision(&service.task_definition)
        )
    })?;
    let picked = format!(
        "a running task of {} ({}), picked for service {}",
        family_revision(&service.task_definition),
        short_id(task.id()),
        service.name
    );
    Ok((task, Some(picked)))
}

pub(super) fn has_running_agent(task: &Task) -> bool {
    (task.containers.iter()).any(|c| c.exec_agent.as_ref().is_some_and(ExecAgent::is_running))
}

/// The task can take a session: RUNNING, started with ECS Exec.
pub(super) fn ready(task: &Task) -> std::result::Result<(), String> {
    if task.last_status != TaskStatus::Running {
        return Err(format!(
            "task {} is {}: ECS Exec needs a RUNNING task",
            short_id(task.id()),
            task.last_status.as_str()
        ));
    }
    if !task.enable_execute_command {
        return Err(format!(
            "task {} was started without ECS Exec: turn it on for its service (e on the service), \
             or run the task again with enableExecuteCommand",
            short_id(task.id())
        ));
    }
    Ok(())
}

pub(super) fn agent_runs(
    container: &str,
    agent: Option<&ExecAgent>,
) -> std::result::Result<(), String> {
    match agent {
        Some(a) if a.is_running() => Ok(()),
        Some(a) => Err(format!(
            "the ECS Exec agent of container {container} is {}{}: wait for it to be RUNNING; if it stays \
             so, stop the task and let ECS start a fresh one",
            if a.status.is_empty() { "not reported" } else { &a.status },
            a.reason
                .as_deref()
                .map(|r| format!(" ({r})"))
                .unwrap_or_default()
        )),
        None => Err(format!(
            "container {container} has no ECS Exec agent: ECS reports none for it (an image without a \
             shell, or an agent that failed to start)"
        )),
    }
}

pub(super) fn plugin_found(state: &State) -> std::result::Result<(), String> {
    if sandbox(state) {
        return Ok(());
    }
    match &state.session_plugin {
        None => Err("looking for session-manager-plugin…".into()),
        Some(Err(why)) => Err(format!(
            "{why}: install the AWS Session Manager plugin ({PLUGIN_HELP}), then open this again"
        )),
        Some(Ok(_)) => Ok(()),
    }
}

/// A task started without ECS Exec: the dialog that turns it on for its service, or why it cannot be.
fn enable_instead(state: &State, task: &Task) -> std::result::Result<Mutation, String> {
    let Some(service_name) = task.service_name() else {
        return Err(format!(
            "task {} was started without ECS Exec: run it again with enableExecuteCommand",
            short_id(task.id())
        ));
    };
    let on_already = (state.service_rows(&task.cluster_arn).iter())
        .any(|s| s.name == service_name && s.enable_execute_command);
    if on_already {
        return Err(format!(
            "task {} was started before ECS Exec was turned on for {service_name}: open a newer task, or \
             stop this one (x) and ECS starts its replacement with ECS Exec",
            short_id(task.id())
        ));
    }
    super::EnableExec::for_task(state, task, service_name)
}

fn sandbox(state: &State) -> bool {
    state.session.info.simulated
}
