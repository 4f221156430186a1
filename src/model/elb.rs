use super::{forwarded_target_groups, RuleAction, RuleCondition, Timestamp};

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
    pub vpc_id: Option<String>,
    /// The zones of its subnets (`us-east-1a`, ...), in the order ELBv2 lists them.
    pub availability_zones: Vec<String>,
    pub created_at: Option<Timestamp>,
    /// ipv4, dualstack or dualstack-without-public-ipv4.
    pub ip_address_type: Option<String>,
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
    pub vpc_id: Option<String>,
    pub health_check: TargetGroupHealthCheck,
}

/// What a target must answer to count as healthy: a code range (`200-299`) of HTTP or of gRPC.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Matcher {
    Http(String),
    Grpc(String),
}

impl Matcher {
    pub fn codes(&self) -> &str {
        match self {
            Matcher::Http(c) | Matcher::Grpc(c) => c,
        }
    }
}

/// A target group's health check settings.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TargetGroupHealthCheck {
    pub enabled: bool,
    /// HTTP, HTTPS, TCP, ...
    pub protocol: String,
    /// `traffic-port` (the target's own) or a port number.
    pub port: String,
    /// HTTP(S) checks only.
    pub path: Option<String>,
    pub matcher: Option<Matcher>,
    pub interval_seconds: u32,
    pub timeout_seconds: u32,
    /// Consecutive successes that make a target healthy...
    pub healthy_threshold: u32,
    /// ... and failures that make it unhealthy.
    pub unhealthy_threshold: u32,
}

impl TargetGroupHealthCheck {
    /// A short text: `HTTP /health 200-299 every 30s, timeout 5s, healthy after 5, unhealthy after 2`.
    pub fn text(&self) -> String {
        if !self.enabled {
            return "disabled".into();
        }
        let mut what = self.protocol.clone();
        if self.port != "traffic-port" && !self.port.is_empty() {
            what.push(':');
            what.push_str(&self.port);
        }
        if let Some(p) = &self.path {
            what.push(' ');
            what.push_str(p);
        }
        match &self.matcher {
            Some(Matcher::Http(c)) => what.push_str(&format!(" {c}")),
            Some(Matcher::Grpc(c)) => what.push_str(&format!(" gRPC {c}")),
            None => {}
        }
        format!(
            "{what} every {}s, timeout {}s, healthy after {}, unhealthy after {}",
            self.interval_seconds,
            self.timeout_seconds,
            self.healthy_threshold,
            self.unhealthy_threshold
        )
    }
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
    pub default_actions: Vec<RuleAction>,
}

impl Listener {
    /// Sets the default actions and the target groups they forward to.
    pub fn with_default_actions(mut self, actions: Vec<RuleAction>) -> Self {
        self.default_target_groups = forwarded_target_groups(&actions);
        self.default_actions = actions;
        self
    }
}

/// One rule of a listener (the default rule included) and the target groups it forwards to.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ListenerRule {
    pub arn: String,
    pub listener_arn: String,
    /// `1`..`50000`, or `default`.
    pub priority: String,
    pub is_default: bool,
    /// Every target group its actions forward to.
    pub target_groups: Vec<String>,
    /// All must match (none for the default rule).
    pub conditions: Vec<RuleCondition>,
    pub actions: Vec<RuleAction>,
}

impl ListenerRule {
    /// Sets the actions and the target groups they forward to.
    pub fn with_actions(mut self, actions: Vec<RuleAction>) -> Self {
        self.target_groups = forwarded_target_groups(&actions);
        self.actions = actions;
        self
    }

    /// The conditions as one short text (`host api.example.com, path /v2/*`); `default` for the default rule.
    pub fn conditions_text(&self) -> String {
        if self.conditions.is_empty() {
            return if self.is_default { "default" } else { "any" }.into();
        }
        let parts: Vec<String> = self.conditions.iter().map(RuleCondition::text).collect();
        parts.join(", ")
    }
}
