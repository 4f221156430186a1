//! Keys that jump from what is on screen to an exploring view: a cluster's instances, a service's or a load
//! balancer's target groups, a revision's JSON and what changed in it.

use super::{definition_text, Screen, State, View};
use crate::app::{ExploreScreen, ServiceScreen, ServicesScreen};
use crate::app::{Flash, FlashLevel, Overlay, UserAction};

/// `I`: the container instances of the cluster under the cursor, or on screen.
pub fn instances(state: &mut State) {
    let cluster = state.screen().spec().cluster_arn().map(str::to_string);
    match cluster {
        Some(cluster_arn) => state.screens.push(View::instances(&cluster_arn).screen()),
        None => say(state, "no cluster here: select one on the clusters screen"),
    }
}

/// `b`: the target groups of the service under the cursor or on screen, or of the selected load balancer.
pub fn target_groups(state: &mut State) {
    let view = match state.screen() {
        Screen::Services(ServicesScreen {
            cluster_arn,
            cursor,
        }) => cursor
            .selected_key
            .as_ref()
            .and_then(|arn| state.service(cluster_arn, arn))
            .map(service_groups),
        Screen::Service(ServiceScreen {
            cluster_arn,
            service_arn,
            ..
        }) => state.service(cluster_arn, service_arn).map(service_groups),
        Screen::Explore(ExploreScreen { view, cursor, .. }) => match &**view {
            View::LoadBalancers(_) => cursor
                .selected_key
                .as_ref()
                .map(|lb| Ok(View::load_balancer_groups(lb))),
            _ => None,
        },
        _ => None,
    };
    match view {
        Some(Ok(view)) => state.screens.push(view.screen()),
        Some(Err(why)) => say(state, &why),
        None => {
            let key = named(state, UserAction::TargetGroups);
            say(
                state,
                &format!("{key} shows the target groups of a service or a load balancer: select one first"),
            )
        }
    }
}

fn service_groups(s: &crate::model::Service) -> Result<View, String> {
    let arns: Vec<String> = s.target_groups().map(str::to_string).collect();
    if arns.is_empty() {
        return Err(format!(
            "{} has no load balancer: nothing registers its tasks as targets",
            s.name
        ));
    }
    Ok(View::target_groups(arns, format!("service {}", s.name)))
}

/// The key that does `action` here, as the active keymap names it.
pub(crate) fn named(state: &State, action: UserAction) -> String {
    crate::app::panes::key(state, action).map_or_else(|| action.name().to_string(), str::to_string)
}

pub(super) fn say(state: &mut State, text: &str) {
    state.flash = Some(Flash::new(FlashLevel::Info, text.to_string()));
}

/// `t`: the revision of what is on screen or under the cursor (a service, a task, a revision), as JSON.
pub fn definition(state: &mut State) {
    match revision_here(state) {
        Some(arn) => state.overlay = Overlay::Text(definition_text::revision(&arn)),
        None => {
            let key = named(state, UserAction::TaskDefinition);
            say(
                state,
                &format!(
                    "{key} shows a task definition: select a service, a task or a revision first"
                ),
            )
        }
    }
}

/// `d` on revisions, `T` elsewhere: what changed in the revision on screen since the one before it, or
/// between the two marked revisions.
pub fn diff(state: &mut State) {
    let unmark = named(state, UserAction::ClearMarks);
    if let Screen::Explore(ExploreScreen { view, cursor, .. }) = state.screen() {
        if matches!(&**view, View::Revisions(_)) && !cursor.marks.is_empty() {
            let mut marked: Vec<&String> = cursor.marks.iter().collect();
            marked.sort_by_key(|arn| crate::model::revision(arn).parse::<u32>().unwrap_or(0));
            let text = match marked.as_slice() {
                [older, newer] => Ok(definition_text::diff_of(Some(older.to_string()), newer)),
                _ => Err(format!(
                    "mark two revisions to compare them ({} marked; {unmark} unmarks all)",
                    marked.len()
                )),
            };
            match text {
                Ok(text) => state.overlay = Overlay::Text(text),
                Err(why) => say(state, &why),
            }
            return;
        }
    }
    match revision_here(state) {
        Some(arn) => state.overlay = Overlay::Text(definition_text::diff_of(None, &arn)),
        None => say(
            state,
            "nothing to compare: select a service, a task or a revision first",
        ),
    }
}

/// The task-definition revision of what is on screen, or under the cursor.
fn revision_here(state: &State) -> Option<String> {
    state.screen().spec().task_definition(state)
}
