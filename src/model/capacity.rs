//! Where a cluster's capacity comes from: capacity providers, the cluster's default strategy over them, and
//! the states a container instance can be set to.

use std::collections::BTreeMap;

use crate::model::{DesiredStatus, Task};

/// One capacity provider, as DescribeCapacityProviders reports it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct CapacityProvider {
    pub arn: String,
    pub name: String,
    /// ACTIVE, PROVISIONING, DEPROVISIONING or INACTIVE, as ECS reports it.
    pub status: String,
    pub kind: CapacityProviderKind,
}

/// What kind of capacity a provider gives.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum CapacityProviderKind {
    #[default]
    Fargate,
    FargateSpot,
    AutoScalingGroup(AutoScalingGroupProvider),
    /// Amazon ECS Managed Instances: ECS runs the EC2 instances (no agent version is reported).
    ManagedInstances,
    /// A type this version of wharf does not know, as ECS names it.
    Other(String),
}

impl CapacityProviderKind {
    /// The `type` ECS gives it (`FARGATE`, `EC2_AUTOSCALING`, ...).
    pub fn as_str(&self) -> &str {
        match self {
            CapacityProviderKind::Fargate => "FARGATE",
            CapacityProviderKind::FargateSpot => "FARGATE_SPOT",
            CapacityProviderKind::AutoScalingGroup(_) => "EC2_AUTOSCALING",
            CapacityProviderKind::ManagedInstances => "MANAGED_INSTANCES",
            CapacityProviderKind::Other(s) => s,
        }
    }
}

/// An Auto Scaling group provider's settings.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct AutoScalingGroupProvider {
    pub auto_scaling_group_arn: String,
    pub managed_scaling: bool,
    /// The utilisation (percent) managed scaling aims at, when ECS reports one.
    pub target_capacity: Option<u32>,
    pub managed_termination_protection: bool,
}

/// One item of a capacity provider strategy: `base` tasks first, then the rest by `weight`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CapacityProviderStrategyItem {
    pub capacity_provider: String,
    pub weight: u32,
    pub base: u32,
}

/// What UpdateContainerInstancesState may set: the only two values the API takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ContainerInstanceStatus {
    Active,
    Draining,
}

impl ContainerInstanceStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            ContainerInstanceStatus::Active => "ACTIVE",
            ContainerInstanceStatus::Draining => "DRAINING",
        }
    }
}

/// How a service's wanted tasks (desired RUNNING) spread over availability zones: (zone, tasks), by zone.
/// Tasks whose zone is not known yet are left out.
pub fn tasks_per_az<'a>(tasks: impl IntoIterator<Item = &'a Task>) -> Vec<(String, u32)> {
    let mut per: BTreeMap<&str, u32> = BTreeMap::new();
    for t in tasks {
        if t.desired_status == DesiredStatus::Running && !t.availability_zone.is_empty() {
            *per.entry(t.availability_zone.as_str()).or_default() += 1;
        }
    }
    per.into_iter().map(|(az, n)| (az.to_string(), n)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tasks_spread_by_zone_counting_only_wanted_ones() {
        let t = |az: &str, desired| Task {
            availability_zone: az.into(),
            desired_status: desired,
            ..Task::default()
        };
        let tasks = [
            t("us-east-1b", DesiredStatus::Running),
            t("us-east-1a", DesiredStatus::Running),
            t("us-east-1b", DesiredStatus::Running),
            t("us-east-1a", DesiredStatus::Stopped),
            t("", DesiredStatus::Running),
        ];
        assert_eq!(
            tasks_per_az(&tasks),
            [("us-east-1a".to_string(), 1), ("us-east-1b".to_string(), 2)]
        );
    }
}
