//! A task and its load balancer targets: which target is which task (by IP in awsvpc mode, by instance and
//! host port in bridge and host mode), and what each target group says of it.

use super::{LoadBalancerBinding, TargetHealth, TargetState, Task, TaskStatus};

/// What one target group's load balancer thinks of a task: a second check, apart from the containers' own
/// health checks (`Task::health_status`). A task can pass one and fail the other.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TaskTarget<'a> {
    pub target_group_arn: &'a str,
    pub seen: TargetSeen<'a>,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum TargetSeen<'a> {
    /// The task's target, as DescribeTargetHealth last reported it.
    Registered(&'a TargetHealth),
    /// The target group's health was read and the task is not among its targets (not yet, or no longer).
    NotRegistered,
    /// The target group's health has not been read.
    NotRead,
}

impl TaskTarget<'_> {
    /// The target's state, if it is registered.
    pub fn state(&self) -> Option<TargetState> {
        match self.seen {
            TargetSeen::Registered(t) => Some(t.state),
            _ => None,
        }
    }
}

impl Task {
    /// Is `target` this task? awsvpc tasks are registered by their private IP on the container's port
    /// (`port`, from the service's load balancer binding; 0 matches any). Bridge and host mode tasks are
    /// registered by their EC2 instance and a host port one of their containers (the one on `port`) is bound
    /// to: several tasks share an instance, each on its own port. A stopped one no longer holds its port (a
    /// replacement may be bound to it now), so it matches no such target.
    pub fn is_target(&self, target: &TargetHealth, port: u16) -> bool {
        match (&self.private_ip, &self.ec2_instance_id) {
            (Some(ip), _) => *ip == target.target_id && (port == 0 || target.port == port),
            (None, Some(instance)) => {
                *instance == target.target_id
                    && self.last_status != TaskStatus::Stopped
                    && self
                        .containers
                        .iter()
                        .flat_map(|c| &c.network_bindings)
                        .any(|b| {
                            b.host_port == target.port && (port == 0 || b.container_port == port)
                        })
            }
            (None, None) => false,
        }
    }

    /// A task whose targets cannot be told: on an instance not known yet (its bridge or host mode targets
    /// are named by it), and with no IP of its own.
    fn target_unknown(&self) -> bool {
        self.private_ip.is_none()
            && self.ec2_instance_id.is_none()
            && self.container_instance_arn.is_some()
    }

    /// The task's target in each target group its service registers it in (`bindings`, the service's load
    /// balancers, blue/green alternates included), with what `health` (a target group ARN's targets, `None`
    /// when not read) says of it. Empty for a task whose service has no load balancer.
    pub fn targets<'a>(
        &self,
        bindings: &'a [LoadBalancerBinding],
        health: impl Fn(&str) -> Option<&'a [TargetHealth]>,
    ) -> Vec<TaskTarget<'a>> {
        let mut out: Vec<TaskTarget<'a>> = Vec::new();
        for b in bindings {
            let groups = std::iter::once(b.target_group_arn.as_str())
                .chain(b.alternate_target_group_arn.as_deref());
            for tg in groups {
                if tg.is_empty() || out.iter().any(|t| t.target_group_arn == tg) {
                    continue;
                }
                let seen = match health(tg) {
                    // Not read, or not knowable yet: never "not registered" when wharf cannot tell.
                    None => TargetSeen::NotRead,
                    Some(_) if self.target_unknown() => TargetSeen::NotRead,
                    Some(targets) => targets
                        .iter()
                        .find(|t| self.is_target(t, b.container_port))
                        .map_or(TargetSeen::NotRegistered, TargetSeen::Registered),
                };
                out.push(TaskTarget {
                    target_group_arn: tg,
                    seen,
                });
            }
        }
        out
    }
}

/// The task behind a target (by IP, or by instance and host port): what a target group's table shows beside
/// each target. A live task first: an IP can be given again to a new task once the old one stopped.
pub fn task_of_target<'a>(target: &TargetHealth, tasks: &'a [Task]) -> Option<&'a Task> {
    let mut matching = tasks.iter().filter(|task| task.is_target(target, 0));
    let first = matching.next()?;
    Some(
        std::iter::once(first)
            .chain(matching)
            .find(|t| t.last_status != TaskStatus::Stopped)
            .unwrap_or(first),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Container, NetworkBinding};

    #[test]
    fn a_task_finds_its_target_by_ip_and_port() {
        let task = Task {
            private_ip: Some("10.0.1.7".into()),
            ..Task::default()
        };
        let target = |ip: &str, port, state| TargetHealth {
            target_id: ip.into(),
            port,
            state,
            ..TargetHealth::default()
        };
        let blue = [
            target("10.0.1.8", 8080, TargetState::Healthy),
            target("10.0.1.7", 9090, TargetState::Healthy),
            target("10.0.1.7", 8080, TargetState::Unhealthy),
        ];
        let binding = |tg: &str, alternate: Option<&str>| LoadBalancerBinding {
            target_group_arn: tg.into(),
            container_port: 8080,
            alternate_target_group_arn: alternate.map(Into::into),
            ..LoadBalancerBinding::default()
        };
        let bindings = [binding("blue", Some("green")), binding("other", None)];
        let found = task.targets(&bindings, |tg| (tg == "blue").then_some(&blue[..]));
        let states: Vec<_> = found
            .iter()
            .map(|t| (t.target_group_arn, t.state()))
            .collect();
        assert_eq!(
            states,
            [
                ("blue", Some(TargetState::Unhealthy)),
                ("green", None),
                ("other", None)
            ]
        );
        assert_eq!(found[1].seen, TargetSeen::NotRead);
        let empty: [TargetHealth; 0] = [];
        let none = task.targets(&bindings[1..], |_| Some(&empty[..]));
        assert_eq!(none[0].seen, TargetSeen::NotRegistered);
        assert!(
            task.targets(&[], |_| None).is_empty(),
            "no load balancer, no target"
        );
        let tasks = [task.clone()];
        assert!(task_of_target(&blue[1], &tasks).is_some());
        assert!(task_of_target(&blue[0], &tasks).is_none());
    }

    /// A bridge task on instance i-1, its container port 8080 bound to host port `host`.
    fn bridge(id: &str, host: u16, status: TaskStatus) -> Task {
        Task {
            arn: format!("arn:aws:ecs:us-east-1:1:task/c/{id}"),
            ec2_instance_id: Some("i-1".into()),
            container_instance_arn: Some("ci-1".into()),
            last_status: status,
            containers: vec![Container {
                name: "app".into(),
                network_bindings: vec![NetworkBinding {
                    container_port: 8080,
                    host_port: host,
                }],
                ..Container::default()
            }],
            ..Task::default()
        }
    }

    fn instance_target(instance: &str, port: u16) -> TargetHealth {
        TargetHealth {
            target_id: instance.into(),
            port,
            state: TargetState::Healthy,
            ..TargetHealth::default()
        }
    }

    #[test]
    fn a_bridge_target_is_the_live_task_bound_to_its_host_port_on_its_instance() {
        let live = bridge("new", 32768, TaskStatus::Running);
        let other = bridge("other", 32769, TaskStatus::Running);
        // The task that held the port before, stopped: a replacement is bound to it now.
        let gone = bridge("old", 32768, TaskStatus::Stopped);
        let target = instance_target("i-1", 32768);
        assert!(live.is_target(&target, 8080));
        assert!(live.is_target(&target, 0));
        // Another container port of the service's binding is another target.
        assert!(!live.is_target(&target, 9090));
        assert!(!other.is_target(&target, 8080));
        assert!(!gone.is_target(&target, 8080));
        assert!(!live.is_target(&instance_target("i-2", 32768), 8080));
        let tasks = [gone.clone(), other, live.clone()];
        assert_eq!(
            task_of_target(&target, &tasks).map(|t| &t.arn),
            Some(&live.arn)
        );
    }

    #[test]
    fn a_task_on_an_instance_not_known_yet_is_not_called_unregistered() {
        let mut task = bridge("new", 32768, TaskStatus::Running);
        task.ec2_instance_id = None;
        let bindings = [LoadBalancerBinding {
            target_group_arn: "tg".into(),
            container_port: 8080,
            ..LoadBalancerBinding::default()
        }];
        let targets = [instance_target("i-1", 32768)];
        let seen = task.targets(&bindings, |_| Some(&targets[..]));
        assert_eq!(seen[0].seen, TargetSeen::NotRead);
    }
}
