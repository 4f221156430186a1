//! What a service's recent events say is wrong. ECS has no health field for a service, but DescribeServices
//! returns its last 100 events at no extra cost, always worded the same way; the list uses them so that a
//! failing service stands out without opening it.

use super::{RolloutState, Service, ServiceStatus, Timestamp};

/// How far back the lists look: long enough to catch a crash loop, short enough to forget a fixed problem.
pub const TROUBLE_WINDOW_MS: i64 = 10 * 60 * 1000;

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Trouble {
    /// ECS cannot place the service's tasks (no capacity that fits).
    pub cannot_place: bool,
    /// Tasks keep failing to start; the scheduler is backing off.
    pub cannot_start: bool,
    /// A deployment failed (the circuit breaker tripped) within the window: its event, or the primary
    /// deployment turned FAILED. An older failure is the ROLLOUT column's to show, not an alert.
    pub deployment_failed: bool,
    /// "is unhealthy in (target-group ...)" events: targets that failed their health checks.
    pub unhealthy_targets: u32,
    /// Tasks started while no deployment was running: replacements for tasks that exited or were stopped
    /// by someone else (or another client's scale-out). Starts of wharf's own changes are not counted
    /// (`ServiceEvent::own`).
    pub restarts: u32,
    /// The primary deployment's failed tasks (ECS's `failedTasks`): counted since the deployment began, not
    /// within the window (no field or event says when each failed). Shown as such: "failed since deploy".
    pub failed_tasks: u32,
    pub draining: bool,
}

impl Trouble {
    pub fn is_empty(&self) -> bool {
        *self == Trouble::default()
    }
}

impl Service {
    /// What went wrong in the `window_ms` before `now`, from the events (newest first, as ECS returns them).
    pub fn recent_trouble(&self, now: Timestamp, window_ms: i64) -> Trouble {
        // Starts during a rollout are the rollout's; older than the last completed one, they were too.
        let mut counting_restarts = !self.is_deploying();
        let mut t = Trouble {
            failed_tasks: self.primary_deployment().map_or(0, |d| d.failed_tasks),
            deployment_failed: self.primary_deployment().is_some_and(|d| {
                d.rollout_state == RolloutState::Failed && now.since(d.updated_at) <= window_ms
            }),
            draining: self.status == ServiceStatus::Draining,
            ..Trouble::default()
        };
        for event in self
            .events
            .iter()
            .take_while(|e| now.since(e.created_at) <= window_ms)
        {
            let m = event.message.as_str();
            if m.contains("was unable to place a task") {
                t.cannot_place = true;
            } else if m.contains("is unable to consistently start tasks") {
                t.cannot_start = true;
            } else if m.contains("deployment failed") {
                t.deployment_failed = true;
            } else if m.contains(") is unhealthy in (target-group") {
                t.unhealthy_targets += 1;
            } else if m.contains("deployment completed") {
                counting_restarts = false;
            } else if counting_restarts && !event.own {
                t.restarts += started_count(m).unwrap_or(0);
            }
        }
        t
    }
}

impl Service {
    /// The last moment at which `recent_trouble(now, window_ms)` is not empty, as far as what was read tells
    /// (a newer event comes only with a new read); `None`: it is empty at any time. Worked out once per read,
    /// so that a list of thousands of services counts its alerting ones without looking at each every frame.
    pub fn alert_end(&self, window_ms: i64) -> Option<Timestamp> {
        let primary = self.primary_deployment();
        if primary.is_some_and(|d| d.failed_tasks > 0) || self.status == ServiceStatus::Draining {
            return Some(Timestamp(i64::MAX));
        }
        let mut end = primary
            .filter(|d| d.rollout_state == RolloutState::Failed)
            .map(|d| Timestamp(d.updated_at.0.saturating_add(window_ms)));
        let mut counting_restarts = !self.is_deploying();
        // `recent_trouble` reads the newest events up to the first one out of its window: an event counts
        // until the first of it and the ones before it leaves the window.
        let mut until = i64::MAX;
        for event in &self.events {
            until = until.min(event.created_at.0.saturating_add(window_ms));
            let m = event.message.as_str();
            let counts = if m.contains("was unable to place a task")
                || m.contains("is unable to consistently start tasks")
                || m.contains("deployment failed")
                || m.contains(") is unhealthy in (target-group")
            {
                true
            } else if m.contains("deployment completed") {
                counting_restarts = false;
                false
            } else {
                counting_restarts && !event.own && started_count(m).unwrap_or(0) > 0
            };
            if counts {
                end = end.max(Some(Timestamp(until)));
            }
        }
        end
    }
}

/// N in "(service web) has started N tasks: ...".
fn started_count(message: &str) -> Option<u32> {
    let rest = message.split(") has started ").nth(1)?;
    rest.split(' ').next()?.parse().ok()
}

impl Trouble {
    /// A rough order of how bad it is, for sorting by ALERTS: anything that stops the service from running
    /// outweighs any number of restarts.
    pub fn severity(&self) -> u32 {
        let blocking = u32::from(self.cannot_place) + u32::from(self.cannot_start);
        blocking * 10_000
            + u32::from(self.deployment_failed) * 5_000
            + (self.unhealthy_targets + self.failed_tasks) * 100
            + self.restarts * 10
            + u32::from(self.draining)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Deployment, DeploymentStatus, ServiceEvent};

    fn service(events: &[(i64, &str)]) -> Service {
        Service {
            name: "web".into(),
            deployments: vec![Deployment {
                status: DeploymentStatus::Primary,
                rollout_state: RolloutState::Completed,
                ..Default::default()
            }],
            events: events
                .iter()
                .map(|(secs_ago, m)| ServiceEvent {
                    id: m.to_string(),
                    created_at: Timestamp::from_secs(10_000 - secs_ago),
                    message: m.to_string(),
                    own: false,
                })
                .collect(),
            ..Default::default()
        }
    }

    const NOW: Timestamp = Timestamp(10_000_000);

    proptest::proptest! {
        /// `alert_end` says when `recent_trouble` turns empty, for any events and any moment.
        #[test]
        fn alert_end_agrees_with_recent_trouble(
            events in proptest::collection::vec((0i64..2_000, 0usize..7), 0..8),
            deploying in proptest::bool::ANY,
            failed_at in proptest::option::of(0i64..2_000),
            at in 0i64..3_000,
        ) {
            const MESSAGES: [&str; 7] = [
                "(service web) was unable to place a task because no container instance met all of its requirements.",
                "(service web) is unable to consistently start tasks successfully.",
                "(service web) (deployment ecs-svc/1) deployment failed: tasks failed to start.",
                "(service web) (task a) is unhealthy in (target-group arn:tg) due to (reason Health checks failed).",
                "(service web) (deployment ecs-svc/2) deployment completed.",
                "(service web) has started 2 tasks: (task a) (task b).",
                "(service web) has reached a steady state.",
            ];
            let window = 600;
            let mut s = service(&[]);
            // Newest first, as ECS returns them, with ties and the odd one out of order.
            s.events = events
                .iter()
                .map(|(t, m)| ServiceEvent {
                    id: t.to_string(),
                    created_at: Timestamp(2_000 - t),
                    message: MESSAGES[*m].to_string(),
                    own: false,
                })
                .collect();
            if deploying {
                s.deployments[0].rollout_state = RolloutState::InProgress;
            }
            if let Some(t) = failed_at {
                s.deployments[0].rollout_state = RolloutState::Failed;
                s.deployments[0].updated_at = Timestamp(t);
            }
            let now = Timestamp(at);
            let alerting = !s.recent_trouble(now, window).is_empty();
            let ends = s.alert_end(window);
            proptest::prop_assert_eq!(alerting, ends.is_some_and(|e| now <= e), "{:?}", ends);
        }
    }

    #[test]
    fn reads_each_kind_of_trouble_from_the_events() {
        let s = service(&[
            (10, "(service web) has started 2 tasks: (task a) (task b)."),
            (20, "(service web) (task a) (port 80) is unhealthy in (target-group arn:x) due to (reason Health checks failed)."),
            (30, "(service web) was unable to place a task because no container instance met all of its requirements."),
            (40, "(service web) is unable to consistently start tasks successfully."),
            (50, "(service web) (deployment ecs-svc/1) deployment failed: tasks failed to start."),
            (60, "(service web) has reached a steady state."),
            (70, "(service web) has started 1 tasks: (task c)."),
        ]);
        let t = s.recent_trouble(NOW, TROUBLE_WINDOW_MS);
        assert!(t.cannot_place && t.cannot_start && t.deployment_failed);
        assert_eq!((t.unhealthy_targets, t.restarts), (1, 3));
    }

    /// 640 tasks failed since the deployment began, 2 restarts in the last ten minutes and 5 before: each
    /// count over its own span, and a rollout that failed an hour ago is no alert of the last ten minutes.
    #[test]
    fn lifetime_counts_and_window_counts_differ() {
        let mut s = service(&[
            (60, "(service web) has started 2 tasks: (task a) (task b)."),
            (
                TROUBLE_WINDOW_MS / 1000 + 60,
                "(service web) has started 5 tasks: (task c) (task d) (task e) (task f) (task g).",
            ),
        ]);
        s.deployments[0].failed_tasks = 640;
        s.deployments[0].rollout_state = RolloutState::Failed;
        s.deployments[0].updated_at = Timestamp::from_secs(10_000 - 3600);
        let t = s.recent_trouble(NOW, TROUBLE_WINDOW_MS);
        assert_eq!((t.failed_tasks, t.restarts), (640, 2));
        assert!(!t.deployment_failed, "failed an hour ago");
        s.deployments[0].updated_at = Timestamp::from_secs(10_000 - 120);
        assert!(s.recent_trouble(NOW, TROUBLE_WINDOW_MS).deployment_failed);
    }

    #[test]
    fn old_events_and_a_running_deployment_do_not_count() {
        let old = service(&[(
            TROUBLE_WINDOW_MS / 1000 + 1,
            "(service web) is unable to consistently start tasks successfully.",
        )]);
        assert!(old.recent_trouble(NOW, TROUBLE_WINDOW_MS).is_empty());
        let mut rolling = service(&[(
            5,
            "(service web) has started 3 tasks: (task a) (task b) (task c).",
        )]);
        rolling.deployments[0].rollout_state = RolloutState::InProgress;
        assert_eq!(
            rolling.recent_trouble(NOW, TROUBLE_WINDOW_MS).restarts,
            0,
            "a rollout starts tasks on purpose"
        );
        assert!(service(&[])
            .recent_trouble(NOW, TROUBLE_WINDOW_MS)
            .is_empty());
        let after_rollout = service(&[
            (5, "(service web) has started 1 tasks: (task d)."),
            (
                60,
                "(service web) (deployment ecs-svc/2) deployment completed.",
            ),
            (
                90,
                "(service web) has started 3 tasks: (task a) (task b) (task c).",
            ),
        ]);
        assert_eq!(
            after_rollout
                .recent_trouble(NOW, TROUBLE_WINDOW_MS)
                .restarts,
            1,
            "only the start after it"
        );
    }
}
