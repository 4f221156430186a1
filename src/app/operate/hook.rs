//! Releasing a pause hook from a key: `c` continues, `R` rolls back while a hook waits.

use crate::app::mutation::{ContinueDeployment, MutationKind};
use crate::app::user::Outcome;
use crate::app::{Flash, FlashLevel, Screen, State};
use crate::app::{ServiceScreen, ServicesScreen};
use crate::model::HookAction;

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
        Screen::Service(ServiceScreen {
            cluster_arn,
            service_arn,
            ..
        }) => (cluster_arn, service_arn),
        Screen::Services(ServicesScreen {
            cluster_arn,
            cursor,
        }) => (cluster_arn, cursor.selected_key.as_ref()?),
        _ => return None,
    };
    state.service(cluster_arn, service_arn)
}

fn held(state: &State) -> Option<()> {
    let s = in_sight(state)?;
    let sd = crate::app::service_items::ongoing_deployment(state, s)?;
    (s.is_deploying() && sd.awaiting_hook().is_some()).then_some(())
}

/// `c`: the dialog that approves the paused deployment of the service in sight, or why there is none (said
/// at once, without a dialog that could only refuse).
pub fn approve(state: &mut State) -> Outcome {
    let text = match target(state) {
        Some((_, true)) => {
            let draft = ContinueDeployment::draft(state, HookAction::Continue);
            return super::open(state, MutationKind::ContinueDeployment, draft, None);
        }
        Some((name, false)) => {
            format!("no deployment of {name} is waiting for approval (r refreshes)")
        }
        None => "approving a paused deployment needs a service: open one, or select it".into(),
    };
    state.flash = Some(Flash::new(FlashLevel::Info, text));
    Outcome::default()
}
