use super::{LaunchType, Timestamp};

/// A task's `lastStatus`, in lifecycle order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub enum TaskStatus {
    #[default]
    Provisioning,
    Pending,
    Activating,
    Running,
    Deactivating,
    Stopping,
    Deprovisioning,
    Stopped,
    Deleted,
}

impl TaskStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            TaskStatus::Provisioning => "PROVISIONING",
            TaskStatus::Pending => "PENDING",
            TaskStatus::Activating => "ACTIVATING",
            TaskStatus::Running => "RUNNING",
            TaskStatus::Deactivating => "DEACTIVATING",
            TaskStatus::Stopping => "STOPPING",
            TaskStatus::Deprovisioning => "DEPROVISIONING",
            TaskStatus::Stopped => "STOPPED",
            TaskStatus::Deleted => "DELETED",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.as_str() == s)
    }

    pub const ALL: [TaskStatus; 9] = [
        TaskStatus::Provisioning,
        TaskStatus::Pending,
        TaskStatus::Activating,
        TaskStatus::Running,
        TaskStatus::Deactivating,
        TaskStatus::Stopping,
        TaskStatus::Deprovisioning,
        TaskStatus::Stopped,
        TaskStatus::Deleted,
    ];

    /// Starting up: counted as "pending" by ECS.
    pub fn is_starting(self) -> bool {
        self < TaskStatus::Running
    }

    /// On the way down or gone.
    pub fn is_stopping_or_stopped(self) -> bool {
        self > TaskStatus::Running
    }
}

/// ListTasks can filter on desired status only.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum DesiredStatus {
    #[default]
    Running,
    Stopped,
}

impl DesiredStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            DesiredStatus::Running => "RUNNING",
            DesiredStatus::Stopped => "STOPPED",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum HealthStatus {
    Healthy,
    Unhealthy,
    #[default]
    Unknown,
}

impl HealthStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            HealthStatus::Healthy => "HEALTHY",
            HealthStatus::Unhealthy => "UNHEALTHY",
            HealthStatus::Unknown => "UNKNOWN",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum StopCode {
    TaskFailedToStart,
    EssentialContainerExited,
    UserInitiated,
    ServiceSchedulerInitiated,
    SpotInterruption,
    TerminationNotice,
}

impl StopCode {
    pub fn as_str(self) -> &'static str {
        match self {
            StopCode::TaskFailedToStart => "TaskFailedToStart",
            StopCode::EssentialContainerExited => "EssentialContainerExited",
            StopCode::UserInitiated => "UserInitiated",
            StopCode::ServiceSchedulerInitiated => "ServiceSchedulerInitiated",
            StopCode::SpotInterruption => "SpotInterruption",
            StopCode::TerminationNotice => "TerminationNotice",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [
            StopCode::TaskFailedToStart,
            StopCode::EssentialContainerExited,
            StopCode::UserInitiated,
            StopCode::ServiceSchedulerInitiated,
            StopCode::SpotInterruption,
            StopCode::TerminationNotice,
        ]
        .into_iter()
        .find(|c| c.as_str() == s)
    }
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Task {
    pub arn: String,
    pub cluster_arn: String,
    pub task_definition_arn: String,
    /// `service:web` for a service's tasks, `family:web` for standalone ones.
    pub group: String,
    /// The deployment id (`ecs-svc/...`) for tasks a service started.
    pub started_by: String,
    pub last_status: TaskStatus,
    pub desired_status: DesiredStatus,
    pub health_status: HealthStatus,
    pub availability_zone: String,
    pub launch_type: LaunchType,
    /// CPU units and MiB, as strings in the API; numbers here.
    pub cpu: u32,
    pub memory: u32,
    pub container_instance_arn: Option<String>,
    /// The EC2 instance of its container instance, which bridge and host mode targets are named by. Not in
    /// DescribeTasks' answer: the runtime learns it from the container instance (`Backend::ec2_instance_ids`).
    pub ec2_instance_id: Option<String>,
    pub private_ip: Option<String>,
    pub created_at: Timestamp,
    pub started_at: Option<Timestamp>,
    pub stopping_at: Option<Timestamp>,
    pub stopped_at: Option<Timestamp>,
    pub stop_code: Option<StopCode>,
    pub stopped_reason: Option<String>,
    pub containers: Vec<Container>,
    /// Started with ECS Exec turned on (`enableExecuteCommand`): only then can a shell be opened in it.
    pub enable_execute_command: bool,
}

impl Task {
    /// The 32-hex-digit id that ends the ARN.
    pub fn id(&self) -> &str {
        super::arn_name(&self.arn)
    }

    /// On its way down or gone: what the task list groups under "stopped".
    pub fn is_stopping_or_stopped(&self) -> bool {
        self.last_status.is_stopping_or_stopped()
    }

    /// The service that owns this task, from its group (`service:web`).
    pub fn service_name(&self) -> Option<&str> {
        self.group.strip_prefix("service:")
    }

    /// Who a task belongs to, in a list of a cluster's tasks: its service's name; `standalone` for a task
    /// started on its own (RunTask) in its default group (`family:NAME`); else the group it was started in.
    pub fn service_or_group(&self) -> &str {
        match self.service_name() {
            Some(name) => name,
            None if self.group.is_empty() || self.group.starts_with("family:") => "standalone",
            None => &self.group,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Container {
    pub name: String,
    pub image: String,
    pub last_status: String,
    pub exit_code: Option<i32>,
    pub reason: Option<String>,
    pub health_status: HealthStatus,
    /// The container's id on its host (DescribeTasks' `runtimeId`): awslogs names the stream after it when
    /// the log configuration has no stream prefix.
    pub runtime_id: Option<String>,
    /// Its ECS Exec agent, on a task started with ECS Exec turned on.
    pub exec_agent: Option<super::ExecAgent>,
    /// Bridge and host mode: the host ports its container ports are bound to.
    pub network_bindings: Vec<NetworkBinding>,
}

/// A container port bound to a port of its EC2 instance (bridge mode picks a free one, 32768 and up).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct NetworkBinding {
    pub container_port: u16,
    pub host_port: u16,
}

/// How a service's running tasks spread over the availability zones: each zone with its count, in zone
/// order. ECS spreads service tasks over zones by default; a lopsided spread is worth a look.
pub fn zone_spread(tasks: &[Task]) -> Vec<(&str, usize)> {
    let mut zones: std::collections::BTreeMap<&str, usize> = std::collections::BTreeMap::new();
    for t in tasks
        .iter()
        .filter(|t| t.last_status == TaskStatus::Running)
    {
        if !t.availability_zone.is_empty() {
            *zones.entry(t.availability_zone.as_str()).or_default() += 1;
        }
    }
    zones.into_iter().collect()
}

/// A zone's short name: `us-east-1a` gives `1a`.
pub fn short_zone(zone: &str) -> &str {
    zone.rsplit('-').next().unwrap_or(zone)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_zone_spread_counts_running_tasks_by_zone() {
        let task = |zone: &str, status| Task {
            availability_zone: zone.into(),
            last_status: status,
            ..Task::default()
        };
        let tasks = [
            task("us-east-1b", TaskStatus::Running),
            task("us-east-1a", TaskStatus::Running),
            task("us-east-1b", TaskStatus::Running),
            task("us-east-1c", TaskStatus::Stopped),
            task("", TaskStatus::Running),
        ];
        assert_eq!(zone_spread(&tasks), [("us-east-1a", 1), ("us-east-1b", 2)]);
        assert_eq!(short_zone("us-east-1b"), "1b");
    }

    #[test]
    fn a_task_belongs_to_its_service_or_stands_alone() {
        let in_group = |group: &str| Task {
            group: group.into(),
            ..Task::default()
        };
        assert_eq!(in_group("service:web").service_or_group(), "web");
        assert_eq!(in_group("family:migrate").service_or_group(), "standalone");
        assert_eq!(in_group("").service_or_group(), "standalone");
        assert_eq!(in_group("nightly-jobs").service_or_group(), "nightly-jobs");
    }

    #[test]
    fn lifecycle_order_and_parse() {
        assert!(TaskStatus::Pending.is_starting());
        assert!(!TaskStatus::Running.is_starting());
        assert!(TaskStatus::Stopping.is_stopping_or_stopped());
        for s in TaskStatus::ALL {
            assert_eq!(TaskStatus::parse(s.as_str()), Some(s));
        }
        assert_eq!(
            StopCode::parse("UserInitiated"),
            Some(StopCode::UserInitiated)
        );
        assert_eq!(StopCode::parse("nope"), None);
    }
}
