//! Port forwarding through a task: SSM StartSession with a port-forwarding document, then the
//! session-manager-plugin in the background listening on the local port (`Change::background_session`).
//! The same preconditions as ECS Exec, checked before anything is sent; `:forwards` lists and closes them.

use futures::future::BoxFuture;

use super::exec::{agent_runs, find_task, plugin_found, ready, task_in_sight};
use super::{Change, Delta, Description, Input, Mutation, Note};
use crate::app::{Effect, State};
use crate::backend::{Backend, BackendError, Result};
use crate::model::{arn_name, exec_target, short_id, ForwardSpec};

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Forward {
    pub cluster_arn: String,
    pub task_arn: String,
    pub spec: ForwardSpec,
    /// The container whose agent carries it, and its runtime id (the target names it); empty in a draft.
    pub container: String,
    pub runtime_id: String,
    pub picked: Option<String>,
}

impl Forward {
    /// The dialog for `:forward SPEC` on the task in sight (on a service, one of its running tasks).
    pub fn draft(state: &State, spec: &str) -> std::result::Result<Mutation, String> {
        let spec = ForwardSpec::parse(spec)?;
        let (task, picked) = task_in_sight(state)
            .map_err(|why| format!("{why} (port forwarding goes through a task)"))?;
        Ok(Forward {
            cluster_arn: task.cluster_arn.clone(),
            task_arn: task.arn.clone(),
            spec,
            container: String::new(),
            runtime_id: String::new(),
            picked,
        }
        .into())
    }

    /// The plugin's target.
    pub fn target(&self) -> String {
        exec_target(&self.cluster_arn, &self.task_arn, &self.runtime_id)
    }
}

impl Change for Forward {
    fn cluster_arn(&self) -> Option<&str> {
        Some(&self.cluster_arn)
    }

    fn describe(&self) -> Description {
        Description {
            title: format!(
                "Forward {} through task {}",
                self.spec.text(),
                short_id(arn_name(&self.task_arn))
            ),
            changes: vec![Delta::new(
                "forward",
                "",
                format!("{} via container {}", self.spec.text(), self.container),
            )],
            targets: vec![self.task_arn.clone()],
            how: format!(
                "SSM StartSession ({}), then session-manager-plugin in the background: :forwards lists and \
                 closes it; quitting closes it",
                self.spec.document()
            ),
        }
    }

    fn invalidates(&self, _: &State) -> Vec<crate::app::Resource> {
        Vec::new()
    }

    fn background_session(&self) -> Option<&Forward> {
        Some(self)
    }

    fn opening_reads(&self, _: &State) -> Vec<crate::app::Resource> {
        vec![crate::app::Resource::Task {
            cluster_arn: self.cluster_arn.clone(),
            task_arn: self.task_arn.clone(),
        }]
    }

    fn opening_effects(&self) -> Vec<Effect> {
        vec![Effect::FindSessionPlugin]
    }

    fn complete(&self, state: &State, _: &Input) -> std::result::Result<Mutation, String> {
        let task = find_task(state, &self.task_arn)
            .ok_or("the task is no longer listed: r refreshes, Esc closes")?;
        ready(task)?;
        // Any container whose agent runs carries it: the task's network is shared.
        let carrier = (task.containers.iter())
            .find(|c| c.exec_agent.as_ref().is_some_and(|a| a.is_running()))
            .or(task.containers.first())
            .ok_or("ECS reports no containers for this task yet: wait a few seconds")?;
        agent_runs(&carrier.name, carrier.exec_agent.as_ref())?;
        let runtime_id = carrier.runtime_id.clone().ok_or_else(|| {
            format!(
                "container {} has no runtime id yet: wait a few seconds for ECS to report it",
                carrier.name
            )
        })?;
        if let Some(open) =
            (state.forwards.iter()).find(|f| f.spec().local_port == self.spec.local_port)
        {
            return Err(format!(
                "local port {} already forwards {}: choose another local port, or close that one \
                 (:forwards)",
                self.spec.local_port,
                open.spec().text()
            ));
        }
        plugin_found(state)?;
        Ok(Forward {
            container: carrier.name.clone(),
            runtime_id,
            ..self.clone()
        }
        .into())
    }

    fn draft_title(&self, _: &State) -> String {
        format!(
            "Forward {} through task {}",
            self.spec.text(),
            short_id(arn_name(&self.task_arn))
        )
    }

    fn context(&self, state: &State) -> Vec<Note> {
        let mut notes: Vec<Note> = self.picked.iter().map(Note::text).collect();
        if state.session.info.simulated {
            notes.push(
                Note::aside(
                    "In the sandbox the local port answers HTTP itself, naming the task: nothing is \
                     forwarded.",
                )
                .wrapped(),
            );
        }
        notes
    }

    fn carry_out<'a>(&'a self, _: &'a dyn Backend) -> BoxFuture<'a, Result<String>> {
        // The runtime starts it itself (`background_session`): it keeps the plugin running.
        Box::pin(async {
            Err(BackendError::Api {
                code: "NeedsRuntime".into(),
                message: "a port forward runs in the background: only wharf's event loop starts it"
                    .into(),
            })
        })
    }
}
