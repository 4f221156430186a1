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

/// The service on screen has a deployment held by a pause hook: rolling back releases the hook with ROLLBACK.
pub fn waits(state: &State) -> bool {
    let Screen::Service {
        cluster_arn,
        service_arn,
        ..
    } = state.screen()
    else {
        return false;
    };
    state
        .service(cluster_arn, service_arn)
        .and_then(|s| crate::app::service_items::ongoing_deployment(state, s))
        .is_some_and(|sd| sd.awaiting_hook().is_some())
}
