#[derive(Debug, Clone, PartialEq, Default)]
pub struct Cluster {
    pub arn: String,
    pub name: String,
    /// ACTIVE, PROVISIONING, DEPROVISIONING, FAILED or INACTIVE, as ECS reports it.
    pub status: String,
    /// Capacity providers attached to the cluster, e.g. FARGATE, FARGATE_SPOT or an Auto Scaling group provider.
    pub capacity_providers: Vec<String>,
    /// What a task started without a launch type or strategy uses (DescribeClusters always returns it).
    pub default_capacity_provider_strategy: Vec<crate::model::CapacityProviderStrategyItem>,
    pub registered_container_instances: u32,
    pub running_tasks: u32,
    pub pending_tasks: u32,
    pub active_services: u32,
}

impl Cluster {
    /// A one-word summary of where the cluster's capacity comes from.
    pub fn capacity_summary(&self) -> String {
        let fargate = self
            .capacity_providers
            .iter()
            .any(|p| p.starts_with("FARGATE"));
        match (fargate, self.registered_container_instances) {
            (true, 0) => "Fargate".into(),
            (true, n) => format!("Fargate+EC2 ({n})"),
            (false, 0) => "none".into(),
            (false, n) => format!("EC2 ({n})"),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct ContainerInstance {
    pub arn: String,
    pub ec2_instance_id: String,
    /// From the `ecs.instance-type` attribute, e.g. `m5.large`.
    pub instance_type: Option<String>,
    pub availability_zone: String,
    /// ACTIVE, DRAINING, REGISTERING, DEREGISTERING, ...
    pub status: String,
    pub agent_connected: bool,
    /// The ECS agent's version (`versionInfo.agentVersion`); ECS Managed Instances report none.
    pub agent_version: Option<String>,
    /// The capacity provider that launched the instance, if one did.
    pub capacity_provider_name: Option<String>,
    pub registered_at: Option<crate::model::Timestamp>,
    /// CPU units (1024 = one vCPU) and memory in MiB.
    pub registered_cpu: u32,
    pub registered_memory: u32,
    pub remaining_cpu: u32,
    pub remaining_memory: u32,
    pub running_tasks: u32,
    pub pending_tasks: u32,
}

/// Which tasks a list call asks for. ListTasks filters on desired status, never on last status.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct TaskFilter {
    pub service_name: Option<String>,
    pub desired_status: crate::model::DesiredStatus,
}
