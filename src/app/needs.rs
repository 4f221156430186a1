//! What each screen shows, as resources and how fresh it wants them. This one declaration drives the poller,
//! the status line's age and error, and which late answers are still wanted.

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
            _ => false,
        }
    }

    /// How often it is read (the wait after a failure grows from this).
    pub fn interval_ms(&self, policy: &super::RefreshPolicy) -> i64 {
        match self {
            Need::Whole { interval_ms, .. } | Need::Services { interval_ms, .. } => *interval_ms,
            Need::Once(_) => policy.detail_ms,
        }
    }

    /// The resources whose age and error the status line shows.
    pub fn shown(&self) -> Vec<Resource> {
        match self {
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
