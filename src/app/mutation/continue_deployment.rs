//! Release a deployment's pause hook (ContinueServiceDeployment): go on past the pause, or roll back. The
//! hook is the one the service's deployment history says waits, found when Enter is pressed.

use futures::future::BoxFuture;

use super::common::{active_service, service_in_sight};
use super::{Change, Delta, Description, Input, Mutation, MutationKind};
use crate::app::service_items::ongoing_deployment;
use crate::app::{Resource, ServiceKey, State};
use crate::backend::{Backend, Result};
use crate::model::{arn_name, HookAction};

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ContinueDeployment {
    pub cluster_arn: String,
    pub service_arn: String,
    pub deployment_arn: String,
    pub hook_id: String,
    pub action: HookAction,
}

impl ContinueDeployment {
    pub fn draft(state: &State, action: HookAction) -> std::result::Result<Mutation, String> {
        let (cluster_arn, service_arn) =
            service_in_sight(state, MutationKind::ContinueDeployment.activity())?;
        Ok(ContinueDeployment {
            cluster_arn,
            service_arn,
            deployment_arn: String::new(),
            hook_id: String::new(),
            action,
        }
        .into())
    }
}

impl Change for ContinueDeployment {
    fn cluster_arn(&self) -> Option<&str> {
        Some(&self.cluster_arn)
    }

    fn service_arn(&self) -> Option<&str> {
        Some(&self.service_arn)
    }

    fn describe(&self) -> Description {
        let name = arn_name(&self.service_arn);
        let (title, to) = match self.action {
            HookAction::Continue => (
                format!("Continue the deployment of {name}"),
                "goes on past the pause",
            ),
            HookAction::Rollback => (
                format!("Roll back the paused deployment of {name}"),
                "rolls back to the revision before",
            ),
        };
        Description {
            title,
            changes: vec![Delta::new("deployment", "waiting for approval", to)],
            targets: vec![self.deployment_arn.clone()],
            how: format!(
                "ContinueServiceDeployment ({}) of hook {} of deployment {}",
                self.action.as_str(),
                self.hook_id,
                arn_name(&self.deployment_arn)
            ),
        }
    }

    // The history shows whether the hook still waits, not whether this request released it (its time-out or
    // someone in the console may have): an unknown outcome stays unknown, and the history says what happened.

    /// Releasing a pause hook acts on the deployment the history names: read it afresh too.
    fn opening_reads(&self, _: &State) -> Vec<Resource> {
        vec![
            Resource::Service {
                cluster_arn: self.cluster_arn.clone(),
                service_arn: self.service_arn.clone(),
            },
            Resource::Deployments(ServiceKey {
                cluster_arn: self.cluster_arn.clone(),
                service_name: arn_name(&self.service_arn).to_string(),
            }),
        ]
    }

    fn complete(&self, state: &State, _: &Input) -> std::result::Result<Mutation, String> {
        let service = active_service(state, &self.cluster_arn, &self.service_arn)?;
        let (sd, hook) = ongoing_deployment(state, service)
            .and_then(|sd| Some((sd, sd.awaiting_hook()?)))
            .ok_or_else(|| {
                format!(
                    "no deployment of {} is waiting for approval (r refreshes)",
                    service.name
                )
            })?;
        Ok(ContinueDeployment {
            deployment_arn: sd.arn.clone(),
            hook_id: hook.hook_id.clone(),
            ..self.clone()
        }
        .into())
    }

    fn draft_title(&self, _: &State) -> String {
        format!(
            "Release the paused deployment of {}",
            arn_name(&self.service_arn)
        )
    }

    /// Its target is the deployment, known once the history is read; the draft's is the service.
    fn targets(&self) -> Vec<String> {
        match self.deployment_arn.is_empty() {
            true => vec![self.service_arn.clone()],
            false => vec![self.deployment_arn.clone()],
        }
    }

    fn carry_out<'a>(&'a self, backend: &'a dyn Backend) -> BoxFuture<'a, Result<String>> {
        Box::pin(async move {
            backend
                .continue_service_deployment(&self.deployment_arn, &self.hook_id, self.action)
                .await?;
            let name = arn_name(&self.service_arn);
            Ok(match self.action {
                HookAction::Continue => format!("the deployment of {name} goes on past its pause"),
                HookAction::Rollback => format!("the deployment of {name} rolls back"),
            })
        })
    }
}
