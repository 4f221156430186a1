#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum LoadBalancerType {
    #[default]
    Application,
    Network,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct LoadBalancer {
    pub arn: String,
    pub name: String,
    pub kind: LoadBalancerType,
    /// internet-facing or internal.
    pub scheme: String,
    pub dns_name: String,
    /// provisioning, active, active_impaired or failed.
    pub state: String,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct TargetGroup {
    pub arn: String,
    pub name: String,
    pub protocol: String,
    pub port: u16,
    /// ip (awsvpc tasks) or instance (bridge/host tasks on EC2).
    pub target_type: String,
    pub load_balancer_arns: Vec<String>,
    pub health_check_path: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum TargetState {
    #[default]
    Initial,
    Healthy,
    Unhealthy,
    Unused,
    Draining,
    Unavailable,
}

impl TargetState {
    /// The ones that need attention first (0 = unhealthy).
    pub fn severity(self) -> u8 {
        match self {
            TargetState::Unhealthy => 0,
            TargetState::Unavailable => 1,
            TargetState::Initial => 2,
            TargetState::Draining => 3,
            TargetState::Healthy => 4,
            TargetState::Unused => 5,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            TargetState::Initial => "initial",
            TargetState::Healthy => "healthy",
            TargetState::Unhealthy => "unhealthy",
            TargetState::Unused => "unused",
            TargetState::Draining => "draining",
            TargetState::Unavailable => "unavailable",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [
            TargetState::Initial,
            TargetState::Healthy,
            TargetState::Unhealthy,
            TargetState::Unused,
            TargetState::Draining,
            TargetState::Unavailable,
        ]
        .into_iter()
        .find(|t| t.as_str() == s)
    }
}

/// One registered target as DescribeTargetHealth reports it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TargetHealth {
    /// An IP address (target type ip) or an instance id (target type instance).
    pub target_id: String,
    pub port: u16,
    pub availability_zone: Option<String>,
    pub state: TargetState,
    /// e.g. Elb.InitialHealthChecking, Target.FailedHealthChecks.
    pub reason: Option<String>,
    pub description: Option<String>,
}

/// A load balancer's listener: where it takes traffic, and the target groups its default action forwards to.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Listener {
    pub arn: String,
    pub load_balancer_arn: String,
    pub port: u16,
    pub protocol: String,
    /// Target groups of the default action's forward (one, or several with weights).
    pub default_target_groups: Vec<String>,
}

/// One rule of a listener (the default rule included) and the target groups it forwards to.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ListenerRule {
    pub arn: String,
    pub listener_arn: String,
    /// `1`..`50000`, or `default`.
    pub priority: String,
    pub is_default: bool,
    pub target_groups: Vec<String>,
}
