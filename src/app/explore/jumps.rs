//! Keys that jump from what is on screen to an exploring view: a cluster's instances, a service's or a load
//! balancer's target groups.

use super::{Screen, State, View};
use crate::app::{Flash, FlashLevel};

/// `I`: the container instances of the cluster under the cursor, or on screen.
pub fn instances(state: &mut State) {
    let cluster = match state.screen() {
        Screen::Clusters { cursor } => cursor.selected_key.clone(),
        Screen::Services { cluster_arn, .. }
        | Screen::Service { cluster_arn, .. }
        | Screen::Tasks { cluster_arn, .. }
        | Screen::Task { cluster_arn, .. } => Some(cluster_arn.clone()),
        Screen::Explore { view, .. } => view.spec().cluster_arn().map(str::to_string),
    };
    match cluster {
        Some(cluster_arn) => state.screens.push(View::instances(&cluster_arn).screen()),
        None => say(state, "no cluster here: select one on the clusters screen"),
    }
}

/// `b`: the target groups of the service under the cursor or on screen, or of the selected load balancer.
pub fn target_groups(state: &mut State) {
    let view = match state.screen() {
        Screen::Services {
            cluster_arn,
            cursor,
        } => cursor
            .selected_key
            .as_ref()
            .and_then(|arn| state.service(cluster_arn, arn))
            .map(service_groups),
        Screen::Service {
            cluster_arn,
            service_arn,
            ..
        } => state.service(cluster_arn, service_arn).map(service_groups),
        Screen::Explore { view, cursor, .. } => match &**view {
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
        None => say(
            state,
            "b shows the target groups of a service or a load balancer: select one first",
        ),
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

fn say(state: &mut State, text: &str) {
    state.flash = Some(Flash::new(FlashLevel::Info, text.to_string()));
}
