//! How a service moves to a new revision, as the 2024-2026 APIs tell it: the deployment strategy
//! (`deploymentConfiguration.strategy`), and each service deployment's history record
//! (DescribeServiceDeployments): status, revisions, lifecycle stage, traffic weights and pause hooks.

use super::Timestamp;

/// `deploymentConfiguration.strategy`. The circuit breaker applies to ROLLING; the others shift traffic
/// between two target groups (blue: the production one, green: `alternate_target_group_arn`).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub enum Strategy {
    #[default]
    Rolling,
    /// All production traffic moves to the new revision at once, after the test traffic stage.
    BlueGreen,
    /// Production traffic moves `step_percent` at a time, baking `step_bake_minutes` after each step.
    Linear {
        step_percent: f64,
        step_bake_minutes: u32,
    },
    /// `percent` of production traffic first, baking `bake_minutes`, then the rest.
    Canary { percent: f64, bake_minutes: u32 },
}

impl Strategy {
    pub fn as_str(self) -> &'static str {
        match self {
            Strategy::Rolling => "ROLLING",
            Strategy::BlueGreen => "BLUE_GREEN",
            Strategy::Linear { .. } => "LINEAR",
            Strategy::Canary { .. } => "CANARY",
        }
    }

    /// The strategies that run two target groups side by side and shift traffic between them.
    pub fn shifts_traffic(self) -> bool {
        !matches!(self, Strategy::Rolling)
    }
}

/// DescribeServiceDeployments' `status`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub enum ServiceDeploymentStatus {
    Pending,
    #[default]
    InProgress,
    Successful,
    Stopped,
    StopRequested,
    RollbackRequested,
    RollbackInProgress,
    RollbackSuccessful,
    RollbackFailed,
    /// A status this wharf does not know yet, kept as ECS wrote it.
    Other(String),
}

impl ServiceDeploymentStatus {
    pub fn parse(s: &str) -> Self {
        match s {
            "PENDING" => Self::Pending,
            "IN_PROGRESS" => Self::InProgress,
            "SUCCESSFUL" => Self::Successful,
            "STOPPED" => Self::Stopped,
            "STOP_REQUESTED" => Self::StopRequested,
            "ROLLBACK_REQUESTED" => Self::RollbackRequested,
            "ROLLBACK_IN_PROGRESS" => Self::RollbackInProgress,
            "ROLLBACK_SUCCESSFUL" => Self::RollbackSuccessful,
            "ROLLBACK_FAILED" => Self::RollbackFailed,
            other => Self::Other(other.to_string()),
        }
    }

    pub fn as_str(&self) -> &str {
        match self {
            Self::Pending => "PENDING",
            Self::InProgress => "IN_PROGRESS",
            Self::Successful => "SUCCESSFUL",
            Self::Stopped => "STOPPED",
            Self::StopRequested => "STOP_REQUESTED",
            Self::RollbackRequested => "ROLLBACK_REQUESTED",
            Self::RollbackInProgress => "ROLLBACK_IN_PROGRESS",
            Self::RollbackSuccessful => "ROLLBACK_SUCCESSFUL",
            Self::RollbackFailed => "ROLLBACK_FAILED",
            Self::Other(s) => s,
        }
    }

    /// Still under way: it may change, so it is worth polling.
    pub fn is_ongoing(&self) -> bool {
        matches!(
            self,
            Self::Pending
                | Self::InProgress
                | Self::StopRequested
                | Self::RollbackRequested
                | Self::RollbackInProgress
        )
    }

    /// Ended other than as asked: stopped, rolled back, or failed to roll back.
    pub fn is_failure(&self) -> bool {
        matches!(
            self,
            Self::Stopped
                | Self::RollbackRequested
                | Self::RollbackInProgress
                | Self::RollbackSuccessful
                | Self::RollbackFailed
        )
    }
}

/// One side of a service deployment: a service revision (a task definition and the settings deployed with
/// it), with its task counts and the traffic it was asked to take.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct RevisionSide {
    /// `arn:aws:ecs:REGION:ACCOUNT:service-revision/CLUSTER/SERVICE/ID`.
    pub service_revision_arn: String,
    /// The task definition ARN of that service revision (DescribeServiceRevisions); empty when unknown.
    pub task_definition: String,
    pub requested_tasks: u32,
    pub running_tasks: u32,
    pub pending_tasks: u32,
    /// Percent of production traffic asked for this side (blue/green, linear, canary); `None` for ROLLING.
    pub production_weight: Option<f64>,
    /// Percent of test traffic asked for this side.
    pub test_weight: Option<f64>,
}

/// DescribeServiceDeployments' `lifecycleHookDetails[]`: a hook the deployment is waiting on.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct LifecycleHook {
    pub hook_id: String,
    /// PAUSE (2026: held until ContinueServiceDeployment) or LAMBDA.
    pub target_type: String,
    /// AWAITING_ACTION while a PAUSE hook holds the deployment; then SUCCEEDED, FAILED, TIMED_OUT...
    pub status: String,
    pub expires_at: Option<Timestamp>,
    /// What ECS does when the hook expires: CONTINUE or ROLLBACK.
    pub timeout_action: String,
}

impl LifecycleHook {
    /// A pause hook holding the deployment until someone continues or rolls it back.
    pub fn awaits_action(&self) -> bool {
        self.status == "AWAITING_ACTION"
    }
}

/// ContinueServiceDeployment's `action`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum HookAction {
    Continue,
    Rollback,
}

impl HookAction {
    pub fn as_str(self) -> &'static str {
        match self {
            HookAction::Continue => "CONTINUE",
            HookAction::Rollback => "ROLLBACK",
        }
    }
}

/// The circuit breaker as DescribeServiceDeployments reports it for one deployment.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct BreakerStatus {
    /// TRIGGERED, MONITORING, MONITORING_COMPLETE or DISABLED.
    pub status: String,
    pub failure_count: u32,
    pub threshold: u32,
}

/// One service deployment, past or under way (DescribeServiceDeployments).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ServiceDeployment {
    /// `arn:aws:ecs:REGION:ACCOUNT:service-deployment/CLUSTER/SERVICE/ID`.
    pub arn: String,
    pub status: ServiceDeploymentStatus,
    pub status_reason: String,
    /// The revisions it moves away from (more than one when it interrupted another deployment).
    pub sources: Vec<RevisionSide>,
    pub target: RevisionSide,
    pub strategy: Strategy,
    /// RECONCILE_SERVICE, PRE_SCALE_UP, SCALE_UP, ..., BAKE_TIME, CLEAN_UP; empty when not reported.
    pub lifecycle_stage: String,
    pub hooks: Vec<LifecycleHook>,
    /// Set when it rolled back: why, when, and to which service revision.
    pub rollback_reason: Option<String>,
    pub breaker: Option<BreakerStatus>,
    /// Minutes both revisions run side by side after production traffic moved (blue/green strategies).
    pub bake_time_minutes: Option<u32>,
    pub created_at: Option<Timestamp>,
    pub started_at: Option<Timestamp>,
    pub finished_at: Option<Timestamp>,
    pub stopped_at: Option<Timestamp>,
    pub updated_at: Option<Timestamp>,
}

impl ServiceDeployment {
    /// The last path segment of the ARN: what the console calls the deployment id.
    pub fn id(&self) -> &str {
        super::arn_name(&self.arn)
    }

    /// The pause hook holding it, if one is.
    pub fn awaiting_hook(&self) -> Option<&LifecycleHook> {
        self.hooks.iter().find(|h| h.awaits_action())
    }

    /// When it ended, however it ended.
    pub fn ended_at(&self) -> Option<Timestamp> {
        self.finished_at.or(self.stopped_at)
    }
}

/// DescribeServiceRevisions, the part wharf shows: which task definition a service revision deployed.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ServiceRevision {
    pub arn: String,
    pub task_definition: String,
}
