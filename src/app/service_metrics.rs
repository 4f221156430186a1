//! What the screens show of a service's metrics, alarms and auto scaling, picked out of the cache: the
//! services list's CPU, MEM and AUTO SCALING columns and its ALERTS' alarms, and a service's metrics.

use super::explore::read::{self, got, Got};
use super::explore::Read;
use super::{Loadable, ServiceKey, State};
use crate::model::{
    arn_name, scaling_resource_id, Alarm, MetricId, MetricKind, MetricOwner, ScalableTarget,
    Service, ServiceLoad,
};

/// The CPU and memory read for a service of the list, if any read was made.
pub fn load_of<'a>(
    state: &'a State,
    cluster_arn: &str,
    name: &str,
) -> Option<&'a Loadable<ServiceLoad>> {
    state.session.cache.service_loads.get(&ServiceKey {
        cluster_arn: cluster_arn.to_string(),
        service_name: name.to_string(),
    })
}

/// Every ECS scalable target of the region, once read.
fn targets(state: &State) -> Option<&[ScalableTarget]> {
    match got(state, &Read::ScalableTargets, read::scalable_targets) {
        Got::Data(t) => Some(t),
        _ => None,
    }
}

/// The scalable target of a service, from the region's list.
pub fn target_of<'a>(
    state: &'a State,
    cluster_arn: &str,
    name: &str,
) -> Option<&'a ScalableTarget> {
    let id = scaling_resource_id(cluster_arn, name);
    targets(state)?.iter().find(|t| t.resource_id == id)
}

/// Does any service of the cluster scale automatically (the list then shows AUTO SCALING)?
pub fn cluster_scales(state: &State, cluster_arn: &str) -> bool {
    let prefix = format!("service/{}/", arn_name(cluster_arn));
    targets(state).is_some_and(|t| t.iter().any(|t| t.resource_id.starts_with(&prefix)))
}

/// Is this one of the alarms target tracking makes for itself? They drive scaling (AlarmLow is in ALARM
/// whenever a service could do with fewer tasks): not an incident, so never an alert.
pub fn is_scaling_alarm(alarm: &Alarm) -> bool {
    alarm.name.starts_with("TargetTracking-")
}

/// The alarms in ALARM on the service's metrics or its target groups', scaling's own left out.
pub fn firing_alarms<'a>(state: &'a State, service: &Service) -> Vec<&'a Alarm> {
    let Got::Data(alarms) = got(state, &Read::FiringAlarms, read::alarms) else {
        return Vec::new();
    };
    let cluster = arn_name(&service.cluster_arn);
    let groups: Vec<String> = service
        .load_balancers
        .iter()
        .map(|b| b.target_group_arn.clone())
        .collect();
    alarms
        .iter()
        .filter(|a| !is_scaling_alarm(a) && a.concerns(cluster, &service.name, &groups))
        .collect()
}

/// The metrics a service's charts show: its CPU and memory, and for each target group whose load
/// balancer is known, what users saw. `groups`: (target group ARN, its load balancer's ARN).
pub fn service_metric_ids(service: &Service, groups: &[(String, String)]) -> Vec<MetricId> {
    let own = MetricKind::SERVICE.map(|kind| MetricId {
        owner: MetricOwner::service(&service.cluster_arn, &service.name),
        kind,
    });
    let of_groups = groups.iter().flat_map(|(tg, lb)| {
        MetricKind::TARGET_GROUP.map(|kind| MetricId {
            owner: MetricOwner::target_group(tg, lb),
            kind,
        })
    });
    own.into_iter().chain(of_groups).collect()
}
