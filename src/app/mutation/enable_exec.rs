//! Turn ECS Exec on for a service: UpdateService with enableExecuteCommand and a new deployment, which
//! replaces every task (a task keeps the setting it was started with).

use futures::future::BoxFuture;

use super::common::active_service;
use super::{Change, Delta, Description, Input, Mutation, Note};
use crate::app::State;
use crate::backend::{Backend, Result, ServiceUpdate};
use crate::model::{arn_name, short_id, Task, Timestamp};

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct EnableExec {
    pub cluster_arn: String,
    pub service_arn: String,
    /// The task the user wanted a shell in, for the dialog's words.
    pub task_id: String,
    /// The service's running count when the dialog opened: how many tasks get replaced.
    pub running: u32,
}

impl EnableExec {
    /// The dialog offered instead of a shell in `task`, started without ECS Exec by `service_name`.
    pub fn for_task(
        state: &State,
        task: &Task,
        service_name: &str,
    ) -> std::result::Result<Mutation, String> {
        let service = state
            .service_rows(&task.cluster_arn)
            .iter()
            .find(|s| s.name == service_name)
            .ok_or_else(|| {
                format!(
                    "task {} was started without ECS Exec, and its service {service_name} is not read \
                     yet: open the cluster's services, then try again",
                    short_id(task.id())
                )
            })?;
        Ok(EnableExec {
            cluster_arn: task.cluster_arn.clone(),
            service_arn: service.arn.clone(),
            task_id: task.id().to_string(),
            running: service.running_count,
        }
        .into())
    }
}

impl Change for EnableExec {
    fn cluster_arn(&self) -> Option<&str> {
        Some(&self.cluster_arn)
    }

    fn service_arn(&self) -> Option<&str> {
        Some(&self.service_arn)
    }

    fn describe(&self) -> Description {
        Description {
            title: format!("Turn on ECS Exec for service {}", arn_name(&self.service_arn)),
            changes: vec![Delta::new("ECS Exec", "off", "on")],
            targets: vec![self.service_arn.clone()],
            how: "UpdateService with enableExecuteCommand and a new deployment: ECS replaces every task \
                  of the service, as a rolling deployment does"
                .into(),
        }
    }

    fn warning(&self) -> Option<String> {
        Some(format!(
            "every task of {} is replaced ({} running now): Enter again to go on",
            arn_name(&self.service_arn),
            self.running
        ))
    }

    fn checkable(&self) -> bool {
        true
    }

    fn applied(&self, state: &State, _: Option<&str>, since: Timestamp) -> Option<bool> {
        super::settle::fresh_service(state, &self.cluster_arn, &self.service_arn, since)
            .map(|s| s.enable_execute_command)
    }

    fn complete(&self, state: &State, _: &Input) -> std::result::Result<Mutation, String> {
        let service = active_service(state, &self.cluster_arn, &self.service_arn)?;
        if service.enable_execute_command {
            return Err(format!(
                "ECS Exec is on for {} already: its tasks started before that have it off; stopping \
                 one lets ECS start it again with ECS Exec",
                service.name
            ));
        }
        Ok(EnableExec {
            running: service.running_count,
            ..self.clone()
        }
        .into())
    }

    fn context(&self, _: &State) -> Vec<Note> {
        vec![Note::text(format!(
            "task {} was started without ECS Exec, so no shell can be opened in it.",
            short_id(&self.task_id)
        ))
        .wrapped()]
    }

    fn carry_out<'a>(&'a self, backend: &'a dyn Backend) -> BoxFuture<'a, Result<String>> {
        Box::pin(async move {
            let update = ServiceUpdate {
                force_new_deployment: true,
                enable_execute_command: Some(true),
                ..Default::default()
            };
            let s = backend
                .update_service(&self.cluster_arn, &self.service_arn, &update)
                .await?;
            Ok(format!(
                "{}: ECS Exec on; a new deployment replaces its tasks",
                s.name
            ))
        })
    }
}
