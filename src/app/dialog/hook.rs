//! Releasing a pause hook: the deployment of the service the history says waits, and its hook.

use crate::app::mutation::Mutation;
use crate::app::service_items::ongoing_deployment;
use crate::app::State;
use crate::model::{HookAction, Service};

/// ContinueServiceDeployment of the hook the service's deployment waits on, or why there is none.
pub(super) fn release(
    state: &State,
    service: &Service,
    action: HookAction,
) -> Result<Mutation, String> {
    let (sd, hook) = ongoing_deployment(state, service)
        .and_then(|sd| Some((sd, sd.awaiting_hook()?)))
        .ok_or_else(|| {
            format!(
                "no deployment of {} is waiting for approval (r refreshes)",
                service.name
            )
        })?;
    Ok(Mutation::ContinueDeployment {
        cluster_arn: service.cluster_arn.clone(),
        service_arn: service.arn.clone(),
        deployment_arn: sd.arn.clone(),
        hook_id: hook.hook_id.clone(),
        action,
    })
}
