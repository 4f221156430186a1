//! ContinueServiceDeployment: a pause hook holding a traffic-shifting deployment is released (CONTINUE) or
//! rolls the deployment back (ROLLBACK). A hook answers once: a second answer is refused.

use super::errors;
use super::events;
use super::service_deployments::RecordStatus;
use super::shifting;
use super::world::World;
use crate::backend::Result;
use crate::model::HookAction;

impl World {
    /// ContinueServiceDeployment. The deployment moves on at the next scheduler step.
    pub fn continue_service_deployment(
        &mut self,
        arn: &str,
        hook_id: &str,
        action: HookAction,
    ) -> Result<()> {
        let not_found = errors::service_deployment_not_found;
        let key = self.service_of_deployment(arn)?;
        let now = self.now;
        let svc = self.services.get_mut(&key).ok_or_else(not_found)?;
        let r = svc.record_mut(arn).ok_or_else(not_found)?;
        if r.status != RecordStatus::InProgress {
            return Err(errors::deployment_not_continuable(r.status.as_str()));
        }
        let (_, hook) = r
            .hooks
            .iter_mut()
            .find(|(_, h)| h.hook_id == hook_id)
            .ok_or_else(|| errors::hook_not_found(hook_id, arn))?;
        if !hook.awaits_action() {
            return Err(errors::hook_not_awaiting(hook_id, &hook.status));
        }
        hook.status = match action {
            HookAction::Continue => "SUCCEEDED".into(),
            HookAction::Rollback => "FAILED".into(),
        };
        r.updated_at = now;
        let id = svc
            .deployments
            .iter()
            .find(|d| d.service_deployment == arn)
            .map(|d| d.id.clone())
            .unwrap_or_default();
        let message = events::hook_answered(&svc.name, &id, hook_id, action.as_str());
        svc.batch.message(message);
        if action == HookAction::Rollback {
            let why = format!(
                "Service deployment rolled back: lifecycle hook {hook_id} received action ROLLBACK."
            );
            shifting::roll_back(svc, arn, &why, now);
        }
        Ok(())
    }
}
