//! How far a deployment has come, told truthfully: behind a load balancer a task counts once its target is
//! healthy (a RUNNING task that fails its health checks serves nothing); without one, once it runs. A
//! deployment whose tasks keep failing is "failing", with its failures against the circuit breaker's
//! threshold.

use crate::model::{
    Age, CircuitBreaker, Deployment, RolloutState, Service, TargetHealth, TargetState, Task,
    Timestamp,
};

use super::State;

/// What a deployment's bar counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Counting {
    HealthyTargets,
    RunningTasks,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Progress {
    pub counting: Counting,
    /// Healthy targets (or running tasks) of the deployment, at most `of`.
    pub done: u32,
    pub of: u32,
    /// The deployment's tasks whose targets fail their health checks now.
    pub unhealthy: u32,
    /// Failed, or going that way: tasks failing to start, or targets failing their checks.
    pub failing: bool,
    pub failed_tasks: u32,
    /// Failures that trip the circuit breaker, when it is on (ROLLING only).
    pub threshold: Option<u32>,
    /// Whether the breaker rolls back (else it stops the deployment).
    pub rolls_back: bool,
    /// Healthy targets (or tasks) a minute since the deployment began, and the time left at that pace.
    pub per_minute: Option<f64>,
    pub eta_ms: Option<i64>,
}

impl Progress {
    pub fn complete(&self) -> bool {
        self.of > 0 && self.done >= self.of && !self.failing
    }

    /// What the bar means beside the reason: failures against the breaker, or the pace and the time left.
    pub fn note(&self) -> String {
        let p = self;
        if p.failing {
            let mut parts = Vec::new();
            if p.unhealthy > 0 {
                parts.push(format!("✗ {} unhealthy targets", p.unhealthy));
            }
            match p.threshold {
                Some(t) => parts.push(format!(
                    "{} of {t} failures to {}",
                    p.failed_tasks.min(t),
                    if p.rolls_back { "rollback" } else { "stop" }
                )),
                None if p.failed_tasks > 0 => {
                    parts.push(format!("{} failed tasks", p.failed_tasks))
                }
                None => {}
            }
            if p.unhealthy == 0 {
                if let Some(first) = parts.first_mut() {
                    first.insert_str(0, "✗ ");
                }
            }
            return parts.join(", ");
        }
        match (p.per_minute, p.eta_ms) {
            (Some(pace), Some(eta)) => format!("{pace:.1}/min, ~{} left", Age(eta)),
            _ => String::new(),
        }
    }
}

/// The rollout reason without the deployment id ECS repeats in it: `ECS deployment ecs-svc/123 completed.` ->
/// `completed.`
pub fn reason(d: &Deployment) -> String {
    let prefix = format!("ECS deployment {} ", d.id);
    d.rollout_state_reason
        .strip_prefix(&prefix)
        .unwrap_or(&d.rollout_state_reason)
        .to_string()
}

/// `d`'s progress in `s`, from the tasks and the target health the state holds.
pub fn of(state: &State, s: &Service, d: &Deployment) -> Progress {
    let tasks = state
        .tasks_of(&s.cluster_arn, &s.name)
        .and_then(|l| l.data.as_deref())
        .unwrap_or_default();
    let groups: Vec<Option<&Vec<TargetHealth>>> = s
        .target_groups()
        .map(|tg| {
            state
                .session
                .cache
                .target_health
                .get(tg)
                .and_then(|l| l.data.as_ref())
        })
        .collect();
    // Until the tasks and every target group are read, healthy targets cannot be counted: running tasks are.
    let known = state
        .tasks_of(&s.cluster_arn, &s.name)
        .is_some_and(|l| l.data.is_some())
        && groups.iter().all(Option::is_some);
    let targets: Vec<&TargetHealth> = groups.into_iter().flatten().flatten().collect();
    measure(s, d, tasks, known.then_some(&targets[..]), state.now)
}

/// The arithmetic of `of`, on plain data.
pub fn measure(
    s: &Service,
    d: &Deployment,
    tasks: &[Task],
    targets: Option<&[&TargetHealth]>,
    now: Timestamp,
) -> Progress {
    let targets = targets.filter(|_| !s.load_balancers.is_empty());
    // A service's task names its deployment in `startedBy`; where that is missing (emulators), its
    // revision tells.
    let mine = tasks.iter().filter(|t| {
        let by_deployment = if t.started_by.starts_with("ecs-svc/") {
            t.started_by == d.id
        } else {
            t.task_definition_arn == d.task_definition
        };
        by_deployment && t.stopped_at.is_none()
    });
    let (done, unhealthy, counting) = if let Some(targets) = targets {
        let mut healthy = 0;
        let mut unhealthy = 0;
        for t in mine {
            // A task registered in two groups (blue/green) counts once, healthy if either says so. Its
            // target is its IP on the port the service registers (`Task::is_target`).
            let state_is = |want: TargetState| {
                targets.iter().any(|h| {
                    h.state == want
                        && s.load_balancers
                            .iter()
                            .any(|b| t.is_target(h, b.container_port))
                })
            };
            if state_is(TargetState::Healthy) {
                healthy += 1;
            } else if state_is(TargetState::Unhealthy) {
                unhealthy += 1;
            }
        }
        (healthy, unhealthy, Counting::HealthyTargets)
    } else {
        (d.running_count, 0, Counting::RunningTasks)
    };
    let breaker = s
        .deployment_configuration
        .circuit_breaker
        .filter(|c| c.enable && !s.deployment_configuration.strategy.shifts_traffic());
    let failing = d.rollout_state == RolloutState::Failed
        || (d.rollout_state == RolloutState::InProgress && (d.failed_tasks > 0 || unhealthy > 0));
    let of = d.desired_count;
    let done = done.min(of);
    let elapsed = now.since(d.created_at);
    let (per_minute, eta_ms) = match (d.rollout_state, done) {
        (RolloutState::InProgress, 1..) if elapsed >= 10_000 && !failing && done < of => {
            let per_ms = f64::from(done) / elapsed as f64;
            let left = f64::from(of.saturating_sub(done)) / per_ms;
            (Some(per_ms * 60_000.0), Some(left as i64))
        }
        _ => (None, None),
    };
    Progress {
        counting,
        done,
        of,
        unhealthy,
        failing,
        failed_tasks: d.failed_tasks,
        threshold: breaker.map(|_| CircuitBreaker::threshold(s.desired_count)),
        rolls_back: breaker.is_some_and(|b| b.rollback),
        per_minute,
        eta_ms,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{DeploymentStatus, LoadBalancerBinding};

    fn service() -> Service {
        Service {
            desired_count: 4,
            load_balancers: vec![LoadBalancerBinding {
                target_group_arn: "tg".into(),
                ..Default::default()
            }],
            ..Default::default()
        }
    }

    fn deployment(running: u32, state: RolloutState) -> Deployment {
        Deployment {
            id: "ecs-svc/1".into(),
            status: DeploymentStatus::Primary,
            desired_count: 4,
            running_count: running,
            rollout_state: state,
            created_at: Timestamp(0),
            ..Default::default()
        }
    }

    fn task(ip: &str, by: &str) -> Task {
        Task {
            private_ip: Some(ip.into()),
            started_by: by.into(),
            ..Default::default()
        }
    }

    fn target(ip: &str, state: TargetState) -> TargetHealth {
        TargetHealth {
            target_id: ip.into(),
            state,
            ..Default::default()
        }
    }

    #[test]
    fn behind_a_load_balancer_only_healthy_targets_count() {
        let tasks = [
            task("a", "ecs-svc/1"),
            task("b", "ecs-svc/1"),
            task("c", "ecs-svc/1"),
            task("d", "ecs-svc/0"),
        ];
        let t = [
            target("a", TargetState::Healthy),
            target("b", TargetState::Unhealthy),
            target("c", TargetState::Initial),
            target("d", TargetState::Healthy),
        ];
        let refs: Vec<&TargetHealth> = t.iter().collect();
        let p = measure(
            &service(),
            &deployment(3, RolloutState::InProgress),
            &tasks,
            Some(&refs),
            Timestamp(60_000),
        );
        assert_eq!((p.done, p.of, p.unhealthy), (1, 4, 1));
        assert_eq!(p.counting, Counting::HealthyTargets);
        assert!(
            p.failing && !p.complete(),
            "an unhealthy target is a rollout going wrong"
        );
    }

    #[test]
    fn a_failed_deployment_is_never_complete() {
        let p = measure(
            &Service::default(),
            &deployment(4, RolloutState::Failed),
            &[],
            None,
            Timestamp(60_000),
        );
        assert_eq!((p.done, p.of), (4, 4));
        assert!(p.failing && !p.complete());
    }

    #[test]
    fn a_task_in_both_blue_and_green_counts_once_and_pace_gives_the_time_left() {
        let tasks = [task("a", "ecs-svc/1")];
        let t = [
            target("a", TargetState::Healthy),
            target("a", TargetState::Healthy),
        ];
        let refs: Vec<&TargetHealth> = t.iter().collect();
        let p = measure(
            &service(),
            &deployment(1, RolloutState::InProgress),
            &tasks,
            Some(&refs),
            Timestamp(60_000),
        );
        assert_eq!(p.done, 1);
        // One a minute: three more in three minutes.
        assert_eq!(p.eta_ms, Some(180_000));
        assert_eq!(p.note(), "1.0/min, ~3m00s left");
    }

    #[test]
    fn until_targets_are_read_running_tasks_count() {
        let p = measure(
            &service(),
            &deployment(2, RolloutState::InProgress),
            &[],
            None,
            Timestamp(60_000),
        );
        assert_eq!((p.done, p.counting), (2, Counting::RunningTasks));
    }
}
