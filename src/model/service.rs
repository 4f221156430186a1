use super::{LaunchType, Strategy, Timestamp};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum ServiceStatus {
    #[default]
    Active,
    Draining,
    Inactive,
}

impl ServiceStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            ServiceStatus::Active => "ACTIVE",
            ServiceStatus::Draining => "DRAINING",
            ServiceStatus::Inactive => "INACTIVE",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Service {
    pub arn: String,
    pub name: String,
    pub cluster_arn: String,
    pub status: ServiceStatus,
    pub desired_count: u32,
    pub running_count: u32,
    pub pending_count: u32,
    pub launch_type: LaunchType,
    /// The PRIMARY deployment's task definition ARN.
    pub task_definition: String,
    pub deployments: Vec<Deployment>,
    pub deployment_configuration: DeploymentConfiguration,
    pub load_balancers: Vec<LoadBalancerBinding>,
    /// Newest first, as DescribeServices returns them (up to 100).
    pub events: Vec<ServiceEvent>,
    pub created_at: Timestamp,
    /// ECS Exec is on for the tasks it starts (`enableExecuteCommand`).
    pub enable_execute_command: bool,
}

impl Service {
    pub fn primary_deployment(&self) -> Option<&Deployment> {
        self.deployments
            .iter()
            .find(|d| d.status == DeploymentStatus::Primary)
    }

    /// Every target group it registers in, each once: the production ones, then the alternate (green) ones
    /// of blue/green strategies.
    pub fn target_groups(&self) -> impl Iterator<Item = &str> {
        let production = self
            .load_balancers
            .iter()
            .map(|b| b.target_group_arn.as_str());
        let alternate = self
            .load_balancers
            .iter()
            .filter_map(|b| b.alternate_target_group_arn.as_deref());
        let mut seen: Vec<&str> = Vec::new();
        production.chain(alternate).filter(move |tg| {
            let new = !seen.contains(tg);
            if new {
                seen.push(tg);
            }
            new
        })
    }

    /// True while more than one deployment is live or the primary one has not completed.
    pub fn is_deploying(&self) -> bool {
        self.deployments
            .iter()
            .filter(|d| d.status != DeploymentStatus::Inactive)
            .count()
            > 1
            || self
                .primary_deployment()
                .is_some_and(|d| d.rollout_state == RolloutState::InProgress)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum DeploymentStatus {
    /// The newest deployment: the one the service is moving to.
    #[default]
    Primary,
    /// An older deployment whose tasks are being replaced.
    Active,
    Inactive,
}

impl DeploymentStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            DeploymentStatus::Primary => "PRIMARY",
            DeploymentStatus::Active => "ACTIVE",
            DeploymentStatus::Inactive => "INACTIVE",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum RolloutState {
    #[default]
    InProgress,
    Completed,
    Failed,
}

impl RolloutState {
    pub fn as_str(self) -> &'static str {
        match self {
            RolloutState::InProgress => "IN_PROGRESS",
            RolloutState::Completed => "COMPLETED",
            RolloutState::Failed => "FAILED",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Deployment {
    /// `ecs-svc/1234567890123456789`; tasks carry it in `startedBy`.
    pub id: String,
    pub status: DeploymentStatus,
    pub task_definition: String,
    pub desired_count: u32,
    pub pending_count: u32,
    pub running_count: u32,
    /// Consecutive failed tasks; the circuit breaker compares it with its threshold.
    pub failed_tasks: u32,
    pub rollout_state: RolloutState,
    pub rollout_state_reason: String,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DeploymentConfiguration {
    pub minimum_healthy_percent: u32,
    pub maximum_percent: u32,
    pub circuit_breaker: Option<CircuitBreaker>,
    pub strategy: Strategy,
    /// Minutes both revisions keep running after production traffic moved (blue/green, linear, canary).
    pub bake_time_minutes: Option<u32>,
    /// Lifecycle hooks of type PAUSE are configured: deployments wait for ContinueServiceDeployment.
    pub pause_hooks: u32,
}

impl Default for DeploymentConfiguration {
    /// ECS's defaults for a REPLICA service.
    fn default() -> Self {
        DeploymentConfiguration {
            minimum_healthy_percent: 100,
            maximum_percent: 200,
            circuit_breaker: None,
            strategy: Strategy::Rolling,
            bake_time_minutes: None,
            pause_hooks: 0,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct CircuitBreaker {
    pub enable: bool,
    pub rollback: bool,
}

impl CircuitBreaker {
    /// Failed tasks that trip the breaker: half the desired count, at least 3 and at most 200 (ECS API
    /// reference, ServiceDeploymentCircuitBreaker.threshold).
    pub fn threshold(desired_count: u32) -> u32 {
        desired_count.div_ceil(2).clamp(3, 200)
    }
}

/// A service's attachment to a load balancer target group.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct LoadBalancerBinding {
    pub target_group_arn: String,
    pub container_name: String,
    pub container_port: u16,
    /// Blue/green strategies: the second target group the new revision registers in
    /// (`advancedConfiguration.alternateTargetGroupArn`).
    pub alternate_target_group_arn: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ServiceEvent {
    pub id: String,
    pub created_at: Timestamp,
    pub message: String,
    /// Tasks this event says were started because of a change made from this wharf (a scale-out, the
    /// replacements of tasks it stopped): not restarts. wharf's own mark, never AWS's.
    pub own: bool,
}

/// One entry of ListServiceDeployments: a deployment of a service, past or in progress (2024 and later).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ServiceDeploymentBrief {
    /// `arn:aws:ecs:REGION:ACCOUNT:service-deployment/CLUSTER/SERVICE/ID`, what StopServiceDeployment takes.
    pub arn: String,
    /// PENDING, IN_PROGRESS, SUCCESSFUL, STOPPED, STOP_REQUESTED, ROLLBACK_REQUESTED, ROLLBACK_IN_PROGRESS,
    /// ROLLBACK_SUCCESSFUL or ROLLBACK_FAILED.
    pub status: String,
    pub created_at: Option<Timestamp>,
}

impl ServiceDeploymentBrief {
    /// A deployment StopServiceDeployment can still roll back.
    pub fn is_stoppable(&self) -> bool {
        matches!(self.status.as_str(), "PENDING" | "IN_PROGRESS")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn circuit_breaker_threshold_is_clamped() {
        assert_eq!(CircuitBreaker::threshold(1), 3);
        assert_eq!(CircuitBreaker::threshold(4), 3);
        assert_eq!(CircuitBreaker::threshold(9), 5);
        assert_eq!(CircuitBreaker::threshold(30), 15);
        assert_eq!(CircuitBreaker::threshold(1000), 200);
    }
}
