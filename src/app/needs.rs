//! What each screen shows, as resources and how fresh it wants them. This one declaration drives the poller,
//! the status line's age and error, and which late answers are still wanted.

use super::explore::Read;
use super::resource::Resource;
use super::State;

/// One thing a screen shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Need {
    /// A resource read whole, every `interval_ms`.
    Whole {
        resource: Resource,
        interval_ms: i64,
    },
    /// Read once and kept: revisions are immutable.
    Once(Resource),
    /// A cluster's services table: the rows on screen every `interval_ms` (in screen order, first), the rest
    /// in the background when `all_rows`, and the list itself when `listing`.
    Services {
        cluster_arn: String,
        on_screen: Vec<String>,
        interval_ms: i64,
        all_rows: bool,
        listing: bool,
    },
    /// The CPU and memory of a cluster's services on screen (by name), every `interval_ms`, many to a
    /// GetMetricData call, within `[metrics] max_per_minute`.
    Loads {
        cluster_arn: String,
        names: Vec<String>,
        interval_ms: i64,
    },
}

impl Need {
    /// Is an answer for `resource` of use to this need?
    pub fn covers(&self, resource: &Resource) -> bool {
        match (self, resource) {
            (Need::Whole { resource: r, .. } | Need::Once(r), _) => r == resource,
            (
                Need::Services { cluster_arn, .. },
                Resource::ServiceList { cluster_arn: c } | Resource::Service { cluster_arn: c, .. },
            ) => c == cluster_arn,
            (
                Need::Loads {
                    cluster_arn, names, ..
                },
                Resource::ServiceLoad(key),
            ) => &key.cluster_arn == cluster_arn && names.contains(&key.service_name),
            _ => false,
        }
    }

    /// How often it is read (the wait after a failure grows from this).
    pub fn interval_ms(&self, policy: &super::RefreshPolicy) -> i64 {
        match self {
            Need::Whole { interval_ms, .. }
            | Need::Services { interval_ms, .. }
            | Need::Loads { interval_ms, .. } => *interval_ms,
            Need::Once(_) => policy.detail_ms,
        }
    }

    /// Every resource it reads but a services table's rows (the poller's own): what may be chosen to probe
    /// a fault, shown in the status line or not.
    pub fn reads(&self) -> Vec<Resource> {
        match self {
            Need::Loads {
                cluster_arn, names, ..
            } => names
                .iter()
                .map(|name| {
                    Resource::ServiceLoad(super::ServiceKey {
                        cluster_arn: cluster_arn.clone(),
                        service_name: name.clone(),
                    })
                })
                .collect(),
            Need::Whole { resource, .. } | Need::Once(resource) => vec![resource.clone()],
            Need::Services { .. } => self.shown(),
        }
    }

    /// The resources whose age and error the status line shows. What a screen reads beside its subject
    /// (each row's metrics, the region's scalable targets and firing alarms) says its own state where it
    /// is shown (`?` in a cell, the metrics screen), never over the subject's.
    pub fn shown(&self) -> Vec<Resource> {
        match self {
            Need::Loads { .. } => Vec::new(),
            Need::Whole {
                resource: Resource::Explore(Read::ScalableTargets | Read::FiringAlarms),
                ..
            } => Vec::new(),
            Need::Whole { resource, .. } | Need::Once(resource) => vec![resource.clone()],
            Need::Services {
                cluster_arn,
                on_screen,
                listing,
                ..
            } => {
                let mut shown: Vec<Resource> = on_screen
                    .iter()
                    .map(|arn| Resource::Service {
                        cluster_arn: cluster_arn.clone(),
                        service_arn: arn.clone(),
                    })
                    .collect();
                if *listing {
                    shown.push(Resource::ServiceList {
                        cluster_arn: cluster_arn.clone(),
                    });
                }
                shown
            }
        }
    }
}

/// What a text open over the screen reads (a revision's JSON, a diff), as screens declare theirs.
pub fn overlay_needs(state: &State) -> Vec<Need> {
    match &state.overlay {
        super::Overlay::Text(super::TextView {
            source: Some(source),
            ..
        }) => super::explore::definition_text::needs(state, source),
        _ => Vec::new(),
    }
}
