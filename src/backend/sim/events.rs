//! Service events, worded as ECS words them. Within one scheduler step, events of one kind are batched the way
//! ECS batches them (`has started 2 tasks: (task a) (task b).`); everything is written newest first, at most 100
//! per service.

use fastrand::Rng;

use super::ids;
use super::stages::Stage;
use super::world::SimService;
use crate::model::{ServiceEvent, Timestamp};

/// DescribeServices returns up to 100 events; the sandbox keeps no more.
pub const MAX_EVENTS: usize = 100;

const TROUBLESHOOTING: &str =
    "For more information, see the Troubleshooting section of the Amazon ECS Developer Guide.";

#[derive(Debug, Clone, PartialEq, Eq)]
enum Entry {
    Started(Vec<String>),
    Stopped(Vec<String>),
    Draining(u32),
    Registered(String, u32),
    Deregistered(String, u32),
    Message(String),
}

/// The events of one service in one step, in the order they happened.
#[derive(Debug, Default)]
pub(crate) struct EventBatch {
    entries: Vec<Entry>,
}

impl EventBatch {
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    pub fn started(&mut self, task_id: &str) {
        for e in &mut self.entries {
            if let Entry::Started(ids) = e {
                ids.push(task_id.to_string());
                return;
            }
        }
        self.entries.push(Entry::Started(vec![task_id.to_string()]));
    }

    pub fn stopped(&mut self, task_id: &str) {
        for e in &mut self.entries {
            if let Entry::Stopped(ids) = e {
                ids.push(task_id.to_string());
                return;
            }
        }
        self.entries.push(Entry::Stopped(vec![task_id.to_string()]));
    }

    pub fn draining(&mut self) {
        for e in &mut self.entries {
            if let Entry::Draining(n) = e {
                *n += 1;
                return;
            }
        }
        self.entries.push(Entry::Draining(1));
    }

    pub fn registered(&mut self, target_group: &str) {
        for e in &mut self.entries {
            if let Entry::Registered(tg, n) = e {
                if tg == target_group {
                    *n += 1;
                    return;
                }
            }
        }
        self.entries
            .push(Entry::Registered(target_group.to_string(), 1));
    }

    pub fn deregistered(&mut self, target_group: &str) {
        for e in &mut self.entries {
            if let Entry::Deregistered(tg, n) = e {
                if tg == target_group {
                    *n += 1;
                    return;
                }
            }
        }
        self.entries
            .push(Entry::Deregistered(target_group.to_string(), 1));
    }

    pub fn message(&mut self, message: String) {
        self.entries.push(Entry::Message(message));
    }

    /// Writes the batch into the service's event list.
    pub fn flush(self, svc: &mut SimService, now: Timestamp, rng: &mut Rng) {
        let name = svc.name.clone();
        for entry in self.entries {
            let message = match entry {
                Entry::Started(ids) => started(&name, &ids),
                Entry::Stopped(ids) => stopped(&name, &ids),
                Entry::Draining(n) => {
                    format!("(service {name}) has begun draining connections on {n} tasks.")
                }
                Entry::Registered(tg, n) => {
                    format!("(service {name}) registered {n} targets in (target-group {tg})")
                }
                Entry::Deregistered(tg, n) => {
                    format!("(service {name}) deregistered {n} targets in (target-group {tg})")
                }
                Entry::Message(m) => m,
            };
            push(svc, now, rng, message);
        }
    }
}

/// Adds one event, newest first, keeping at most [`MAX_EVENTS`].
pub(crate) fn push(svc: &mut SimService, now: Timestamp, rng: &mut Rng, message: String) {
    svc.events.push_front(ServiceEvent {
        id: ids::uuid(rng),
        created_at: now,
        message,
        own: false,
    });
    svc.events.truncate(MAX_EVENTS);
}

fn task_list(ids: &[String]) -> String {
    ids.iter()
        .map(|id| format!("(task {id})"))
        .collect::<Vec<_>>()
        .join(" ")
}

pub fn started(service: &str, ids: &[String]) -> String {
    format!(
        "(service {service}) has started {} tasks: {}.",
        ids.len(),
        task_list(ids)
    )
}

pub fn stopped(service: &str, ids: &[String]) -> String {
    format!(
        "(service {service}) has stopped {} running tasks: {}.",
        ids.len(),
        task_list(ids)
    )
}

/// `who` is `(task ID)` for ip targets or `(instance i-...)` for instance targets.
pub fn unhealthy(service: &str, who: &str, port: u16, target_group: &str) -> String {
    format!(
        "(service {service}) {who} (port {port}) is unhealthy in (target-group {target_group}) due to (reason Health checks failed)."
    )
}

pub fn steady_state(service: &str) -> String {
    format!("(service {service}) has reached a steady state.")
}

pub fn deployment_completed(service: &str, deployment: &str) -> String {
    format!("(service {service}) (deployment {deployment}) deployment completed.")
}

pub fn deployment_failed(service: &str, deployment: &str) -> String {
    format!(
        "(service {service}) (deployment {deployment}) deployment failed: tasks failed to start."
    )
}

/// StopServiceDeployment: the deployment rolls back to `to`, or stalls when no deployment ever completed.
pub fn deployment_stopped(service: &str, deployment: &str, to: Option<&str>) -> String {
    match to {
        Some(to) => format!(
            "(service {service}) (deployment {deployment}) deployment stopped: rolling back to deployment {to}."
        ),
        None => format!(
            "(service {service}) (deployment {deployment}) deployment stopped: no completed deployment to roll back to."
        ),
    }
}

/// A traffic-shifting deployment moved on to `stage`.
pub fn stage(service: &str, deployment: &str, stage: Stage) -> String {
    format!(
        "(service {service}) (deployment {deployment}) has entered lifecycle stage {}.",
        stage.as_str()
    )
}

/// A pause hook holds a deployment until ContinueServiceDeployment.
pub fn hook_awaiting(service: &str, deployment: &str, hook: &str, stage: Stage) -> String {
    format!(
        "(service {service}) (deployment {deployment}) is paused in lifecycle stage {}: lifecycle hook {hook} is awaiting action.",
        stage.as_str()
    )
}

/// ContinueServiceDeployment answered a pause hook.
pub fn hook_answered(service: &str, deployment: &str, hook: &str, action: &str) -> String {
    format!("(service {service}) (deployment {deployment}) lifecycle hook {hook} received action {action}.")
}

/// A traffic-shifting deployment gives production traffic back to the deployment it replaced.
pub fn rolling_back(service: &str, deployment: &str, to: &str) -> String {
    format!(
        "(service {service}) (deployment {deployment}) deployment failed: rolling back to deployment {to}."
    )
}

/// The ECS developer guide's service event for tasks that scale-in protection keeps.
pub fn unable_to_scale_in(service: &str, protected: usize) -> String {
    format!("service {service} was unable to scale in due to (reason: {protected} tasks under protection)")
}

pub fn unable_to_consistently_start(service: &str) -> String {
    format!(
        "(service {service}) is unable to consistently start tasks successfully. {TROUBLESHOOTING}"
    )
}

/// `detail` says why, e.g. `The closest matching (container-instance ID) has insufficient CPU units available.`
pub fn unable_to_place(service: &str, detail: &str) -> String {
    format!(
        "(service {service}) was unable to place a task because no container instance met all of its requirements. {detail} {TROUBLESHOOTING}"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wording_matches_ecs() {
        assert_eq!(
            started("web", &["a1".into(), "b2".into()]),
            "(service web) has started 2 tasks: (task a1) (task b2)."
        );
        assert_eq!(
            stopped("web", &["a1".into()]),
            "(service web) has stopped 1 running tasks: (task a1)."
        );
        assert_eq!(
            steady_state("web"),
            "(service web) has reached a steady state."
        );
        assert!(unhealthy("web", "(task a1)", 8080, "arn:tg").ends_with(
            "(task a1) (port 8080) is unhealthy in (target-group arn:tg) due to (reason Health checks failed)."
        ));
        assert!(unable_to_consistently_start("w")
            .starts_with("(service w) is unable to consistently start tasks successfully."));
    }

    #[test]
    fn batch_merges_kinds_in_order() {
        let mut b = EventBatch::default();
        b.started("a");
        b.registered("tg1");
        b.started("b");
        b.registered("tg1");
        assert_eq!(
            b.entries,
            vec![
                Entry::Started(vec!["a".into(), "b".into()]),
                Entry::Registered("tg1".into(), 2)
            ]
        );
    }
}
