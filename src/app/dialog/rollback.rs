//! Where a rollback goes: the deployment in progress stopped with ROLLBACK, else the revision the service
//! ran before (as seen this session), else the newest ACTIVE revision older than the one running.

use super::Dialog;
use crate::app::mutation::RollbackHow;
use crate::app::State;
use crate::model::{family_of, family_revision, revision, Service};

impl Dialog {
    /// While a deployment is in progress: stop it with ROLLBACK. Otherwise: the newest ACTIVE revision older
    /// than the one running.
    pub(super) fn rollback_how(
        &self,
        state: &State,
        service: &Service,
    ) -> Result<RollbackHow, String> {
        if service.is_deploying() {
            if let Some(primary) = service.primary_deployment() {
                let previous = service
                    .deployments
                    .iter()
                    .find(|d| {
                        d.id != primary.id && d.status != crate::model::DeploymentStatus::Inactive
                    })
                    .map(|d| d.task_definition.clone());
                if let Some(to) = previous {
                    return Ok(RollbackHow::StopDeployment {
                        deployment_id: primary.id.clone(),
                        to,
                        started: primary.created_at,
                    });
                }
            }
        }
        let current: u32 = revision(&service.task_definition).parse().unwrap_or(0);
        let revisions = self.revisions(state)?;
        // The revision this service was seen running before, while it is still ACTIVE.
        let before = state
            .session
            .seen_revisions
            .get(&service.arn)
            .and_then(|seen| {
                seen.iter()
                    .rev()
                    .find(|td| **td != service.task_definition && revisions.contains(td))
            });
        if let Some(td) = before {
            return Ok(RollbackHow::ToRevision(td.clone()));
        }
        revisions
            .iter()
            .find(|arn| revision(arn).parse::<u32>().is_ok_and(|r| r < current))
            .map(|arn| RollbackHow::ToRevision(arn.clone()))
            .ok_or_else(|| {
                format!(
                    "no ACTIVE revision of {} older than {} to roll back to",
                    family_of(&service.task_definition),
                    family_revision(&service.task_definition)
                )
            })
    }
}
