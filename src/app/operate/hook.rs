//! The forms that release a pause hook (`c` continues, `R` rolls back while a hook waits).

use crate::app::{Form, Screen, State};

pub fn continue_form(cluster_arn: String, service_arn: String) -> Form {
    Form::Hook {
        cluster_arn,
        service_arn,
        action: crate::model::HookAction::Continue,
    }
}

pub fn rollback_form(cluster_arn: String, service_arn: String) -> Form {
    Form::Hook {
        cluster_arn,
        service_arn,
        action: crate::model::HookAction::Rollback,
    }
}

/// The service a change would act on (the one on screen, or under the cursor of the services), when a pause
/// hook holds its deployment: rolling back then releases the hook with ROLLBACK.
pub fn waits(state: &State) -> bool {
    held(state).is_some()
}

/// The name of the service a change would act on, and whether a pause hook holds its deployment (`None`
/// when no service is in sight).
pub fn target(state: &State) -> Option<(String, bool)> {
    let s = in_sight(state)?;
    Some((s.name.clone(), held(state).is_some()))
}

/// The service on screen, or under the cursor of the services.
fn in_sight(state: &State) -> Option<&crate::model::Service> {
    let (cluster_arn, service_arn) = match state.screen() {
        Screen::Service {
            cluster_arn,
            service_arn,
            ..
        } => (cluster_arn, service_arn),
        Screen::Services {
            cluster_arn,
            cursor,
        } => (cluster_arn, cursor.selected_key.as_ref()?),
        _ => return None,
    };
    state.service(cluster_arn, service_arn)
}

fn held(state: &State) -> Option<()> {
    let s = in_sight(state)?;
    let sd = crate::app::service_items::ongoing_deployment(state, s)?;
    (s.is_deploying() && sd.awaiting_hook().is_some()).then_some(())
}
