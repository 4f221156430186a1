//! What each screen shows, as resources and how fresh it wants them. This one declaration drives the poller,
//! the status line's age and error, and which late answers are still wanted.

use super::resource::Resource;
use super::{Screen, ServiceKey, State};
use crate::model::TargetState;

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

impl Screen {
    /// What this screen shows, most important first.
    pub fn needs(&self, state: &State) -> Vec<Need> {
        let policy = state.refresh;
        match self {
            Screen::Clusters { cursor } => {
                let mut needs = vec![Need::Whole {
                    resource: Resource::Clusters,
                    interval_ms: policy.list_ms,
                }];
                // The selected cluster's capacity, spelled out below the list, once the cursor rests on it.
                let selected = cursor
                    .selected_key
                    .as_deref()
                    .filter(|arn| state.resting_on.as_deref() == Some(*arn))
                    .and_then(|arn| state.cluster(arn));
                if let Some(cluster) = selected {
                    needs.extend(super::explore::capacity::needs(state, cluster));
                }
                needs
            }
            Screen::Services { cluster_arn, .. } => {
                let on_screen = rows_on_screen(state, self);
                // A deployment that pause hooks may hold: its history says whether one waits for approval.
                let held = on_screen
                    .iter()
                    .filter_map(|arn| state.service(cluster_arn, arn))
                    .filter(|s| s.deployment_configuration.pause_hooks > 0 && s.is_deploying())
                    .map(|s| Need::Whole {
                        resource: Resource::Deployments(ServiceKey {
                            cluster_arn: cluster_arn.clone(),
                            service_name: s.name.clone(),
                        }),
                        interval_ms: policy.list_ms,
                    })
                    .collect::<Vec<_>>();
                let mut needs = vec![Need::Services {
                    cluster_arn: cluster_arn.clone(),
                    on_screen,
                    interval_ms: policy.list_ms,
                    all_rows: true,
                    listing: true,
                }];
                needs.extend(held);
                needs
            }
            Screen::Service {
                cluster_arn,
                service_arn,
                service_name,
                ..
            } => {
                let service = state.service(cluster_arn, service_arn);
                let moving = service.is_some_and(|s| s.is_deploying())
                    || service.is_some_and(|s| targets_moving(state, s));
                let interval_ms = if moving {
                    policy.deploying_ms
                } else {
                    policy.detail_ms
                };
                let mut needs = vec![
                    Need::Services {
                        cluster_arn: cluster_arn.clone(),
                        on_screen: vec![service_arn.clone()],
                        interval_ms,
                        all_rows: false,
                        listing: false,
                    },
                    Need::Whole {
                        resource: Resource::ServiceTasks(ServiceKey {
                            cluster_arn: cluster_arn.clone(),
                            service_name: service_name.clone(),
                        }),
                        interval_ms,
                    },
                ];
                for tg in service.iter().flat_map(|s| s.target_groups()) {
                    needs.push(Need::Whole {
                        resource: Resource::TargetHealth {
                            target_group_arn: tg.to_string(),
                        },
                        interval_ms,
                    });
                }
                // The history changes only when a deployment does: read it as often as the service then.
                needs.push(Need::Whole {
                    resource: Resource::Deployments(ServiceKey {
                        cluster_arn: cluster_arn.clone(),
                        service_name: service_name.clone(),
                    }),
                    interval_ms,
                });
                let tasks = state.tasks_of(cluster_arn, service_name);
                let tasks = tasks.and_then(|l| l.data.as_deref()).unwrap_or_default();
                needs.extend(super::task_protection::need(
                    cluster_arn,
                    tasks,
                    interval_ms,
                ));
                needs
            }
            Screen::Tasks { cluster_arn, .. } => {
                let mut needs = vec![Need::Whole {
                    resource: Resource::ClusterTasks {
                        cluster_arn: cluster_arn.clone(),
                    },
                    interval_ms: policy.list_ms,
                }];
                let tasks = state.cluster_tasks_of(cluster_arn);
                let tasks = tasks.and_then(|l| l.data.as_deref()).unwrap_or_default();
                needs.extend(super::task_protection::need(
                    cluster_arn,
                    tasks,
                    policy.list_ms,
                ));
                needs
            }
            Screen::Task {
                cluster_arn,
                task_arn,
                from,
            } => {
                let mut needs = vec![Need::Whole {
                    resource: Resource::Task {
                        cluster_arn: cluster_arn.clone(),
                        task_arn: task_arn.clone(),
                    },
                    interval_ms: policy.detail_ms,
                }];
                if let Some(task) = state.task_shown(cluster_arn, task_arn, from) {
                    needs.push(Need::Once(Resource::TaskDefinition {
                        arn: task.task_definition_arn.clone(),
                    }));
                    let protection = super::task_protection::need(
                        cluster_arn,
                        std::iter::once(task),
                        policy.detail_ms,
                    );
                    needs.extend(protection);
                    // An EC2 task: which instance it runs on, and its type. One instance, described once
                    // (never the whole cluster's, which costs a call per 100 instances every refresh).
                    if let Some(arn) = &task.container_instance_arn {
                        needs.push(Need::Once(Resource::Explore(
                            super::explore::Read::ContainerInstance {
                                cluster_arn: cluster_arn.clone(),
                                arn: arn.clone(),
                            },
                        )));
                    }
                }
                needs
            }
            Screen::Explore { .. } => super::explore::needs(state, self),
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

/// The ARNs of the services table's rows on screen, top to bottom.
fn rows_on_screen(state: &State, screen: &Screen) -> Vec<String> {
    let Screen::Services {
        cluster_arn,
        cursor,
    } = screen
    else {
        return Vec::new();
    };
    let Some(rows) = state
        .session
        .cache
        .services
        .get(cluster_arn)
        .and_then(|l| l.data.as_ref())
        .map(|t| t.rows())
    else {
        return Vec::new();
    };
    let height = crate::app::layout::body_rows(state, screen).max(1);
    cursor
        .rows
        .iter()
        .skip(cursor.offset)
        .take(height)
        .filter_map(|&i| rows.get(i).map(|s| s.arn.clone()))
        .collect()
}

/// Targets registering or draining: the service is watched closely until they settle.
fn targets_moving(state: &State, service: &crate::model::Service) -> bool {
    service.target_groups().any(|tg| {
        state
            .session
            .cache
            .target_health
            .get(tg)
            .and_then(|l| l.data.as_ref())
            .is_some_and(|targets| {
                targets
                    .iter()
                    .any(|t| matches!(t.state, TargetState::Initial | TargetState::Draining))
            })
    })
}
