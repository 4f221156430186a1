//! `x` on container instances: the dialog that drains them, or makes draining ones ACTIVE again.

use super::{Screen, State, View};

/// The dialog for `x` on container instances: the marked ones, or the selected one, to DRAINING; or, when
/// they are all draining already, back to ACTIVE. `None` (and a message) elsewhere.
pub fn drain_form(state: &State) -> Option<crate::app::Form> {
    use crate::model::ContainerInstanceStatus;
    // Elsewhere, `operate::open` says what draining works on.
    let Screen::Explore { view, cursor, .. } = state.screen() else {
        return None;
    };
    let View::Instances(v) = &**view else {
        return None;
    };
    let chosen: Vec<String> = match cursor.marks.is_empty() {
        false => cursor.marks.iter().cloned().collect(),
        true => cursor.selected_key.iter().cloned().collect(),
    };
    let read = super::Read::ContainerInstances {
        cluster_arn: v.cluster_arn.clone(),
    };
    let instances = match super::read::got(state, &read, super::read::container_instances) {
        super::read::Got::Data(instances) => instances,
        _ => &[],
    };
    let statuses: Vec<&str> = chosen
        .iter()
        .filter_map(|arn| instances.iter().find(|i| i.arn == *arn))
        .map(|i| i.status.as_str())
        .collect();
    if statuses.is_empty() {
        return None;
    }
    let to = match statuses.iter().all(|s| *s == "DRAINING") {
        true => ContainerInstanceStatus::Active,
        false => ContainerInstanceStatus::Draining,
    };
    // Only those it changes.
    let instance_arns: Vec<String> = chosen
        .into_iter()
        .filter(|arn| {
            instances
                .iter()
                .any(|i| i.arn == *arn && i.status != to.as_str())
        })
        .collect();
    Some(crate::app::Form::Instances {
        cluster_arn: v.cluster_arn.clone(),
        instance_arns,
        to,
    })
}
