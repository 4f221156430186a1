//! Capacity: container instances, capacity providers and strategies, SDK -> model.

use aws_sdk_ecs::types as ecs;

use super::{opt_ts, s, u};
use crate::model::{
    AutoScalingGroupProvider, CapacityProvider, CapacityProviderKind, CapacityProviderStrategyItem,
    ContainerInstance,
};

fn resource(list: &[ecs::Resource], name: &str) -> u32 {
    list.iter()
        .find(|r| r.name() == Some(name))
        .map(|r| u(r.integer_value()))
        .unwrap_or(0)
}

fn attribute<'a>(ci: &'a ecs::ContainerInstance, name: &str) -> Option<&'a str> {
    ci.attributes()
        .iter()
        .find(|a| a.name() == name)
        .and_then(|a| a.value())
        .filter(|v| !v.is_empty())
}

fn non_empty(v: Option<&str>) -> Option<String> {
    v.filter(|v| !v.is_empty()).map(str::to_string)
}

pub(crate) fn container_instance(ci: &ecs::ContainerInstance) -> ContainerInstance {
    ContainerInstance {
        arn: s(ci.container_instance_arn()),
        ec2_instance_id: s(ci.ec2_instance_id()),
        instance_type: attribute(ci, "ecs.instance-type").map(str::to_string),
        availability_zone: attribute(ci, "ecs.availability-zone")
            .unwrap_or_default()
            .to_string(),
        status: s(ci.status()),
        agent_connected: ci.agent_connected(),
        agent_version: non_empty(ci.version_info().and_then(|v| v.agent_version())),
        capacity_provider_name: non_empty(ci.capacity_provider_name()),
        registered_at: opt_ts(ci.registered_at()),
        registered_cpu: resource(ci.registered_resources(), "CPU"),
        registered_memory: resource(ci.registered_resources(), "MEMORY"),
        remaining_cpu: resource(ci.remaining_resources(), "CPU"),
        remaining_memory: resource(ci.remaining_resources(), "MEMORY"),
        running_tasks: u(ci.running_tasks_count()),
        pending_tasks: u(ci.pending_tasks_count()),
    }
}

pub(crate) fn strategy_item(i: &ecs::CapacityProviderStrategyItem) -> CapacityProviderStrategyItem {
    CapacityProviderStrategyItem {
        capacity_provider: i.capacity_provider().to_string(),
        weight: u(i.weight()),
        base: u(i.base()),
    }
}

fn asg(p: &ecs::AutoScalingGroupProvider) -> AutoScalingGroupProvider {
    let scaling = p.managed_scaling();
    AutoScalingGroupProvider {
        auto_scaling_group_arn: p.auto_scaling_group_arn().to_string(),
        managed_scaling: scaling
            .and_then(|m| m.status())
            .is_some_and(|st| *st == ecs::ManagedScalingStatus::Enabled),
        target_capacity: scaling
            .and_then(|m| m.target_capacity())
            .and_then(|t| u32::try_from(t).ok()),
        managed_termination_protection: p
            .managed_termination_protection()
            .is_some_and(|m| *m == ecs::ManagedTerminationProtection::Enabled),
    }
}

/// The kind from `type` when ECS gives it; else (older endpoints, emulators) from the settings present and
/// the reserved names FARGATE and FARGATE_SPOT.
fn kind(p: &ecs::CapacityProvider) -> CapacityProviderKind {
    use ecs::CapacityProviderType as T;
    match (p.r#type(), p.auto_scaling_group_provider(), p.name()) {
        (_, Some(a), _) => CapacityProviderKind::AutoScalingGroup(asg(a)),
        (Some(T::Fargate), ..) | (None, None, Some("FARGATE")) => CapacityProviderKind::Fargate,
        (Some(T::FargateSpot), ..) | (None, None, Some("FARGATE_SPOT")) => {
            CapacityProviderKind::FargateSpot
        }
        (Some(T::ManagedInstances), ..) => CapacityProviderKind::ManagedInstances,
        (None, None, _) if p.managed_instances_provider().is_some() => {
            CapacityProviderKind::ManagedInstances
        }
        (Some(other), ..) => CapacityProviderKind::Other(other.as_str().to_string()),
        (None, None, _) => CapacityProviderKind::Other(String::new()),
    }
}

pub(crate) fn capacity_provider(p: &ecs::CapacityProvider) -> CapacityProvider {
    CapacityProvider {
        arn: s(p.capacity_provider_arn()),
        name: s(p.name()),
        status: p
            .status()
            .map(|st| st.as_str().to_string())
            .unwrap_or_default(),
        kind: kind(p),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_managed_instance_without_agent_or_type_reads_as_none() {
        let ci = ecs::ContainerInstance::builder()
            .container_instance_arn("arn:aws:ecs:us-east-1:1:container-instance/mi/abc")
            .capacity_provider_name("mi-provider")
            .version_info(ecs::VersionInfo::builder().build())
            .attributes(
                ecs::Attribute::builder()
                    .name("ecs.availability-zone")
                    .value("us-east-1b")
                    .build()
                    .expect("attribute"),
            )
            .build();
        let m = container_instance(&ci);
        assert_eq!(m.agent_version, None);
        assert_eq!(m.instance_type, None);
        assert_eq!(m.availability_zone, "us-east-1b");
        assert_eq!(m.capacity_provider_name.as_deref(), Some("mi-provider"));
        assert_eq!(m.registered_at, None);
    }

    #[test]
    fn kinds_come_from_type_else_from_settings_and_names() {
        let named = |name: &str| ecs::CapacityProvider::builder().name(name);
        assert_eq!(
            kind(&named("FARGATE").build()),
            CapacityProviderKind::Fargate
        );
        assert_eq!(
            kind(&named("FARGATE_SPOT").build()),
            CapacityProviderKind::FargateSpot
        );
        let mi = named("mine")
            .r#type(ecs::CapacityProviderType::ManagedInstances)
            .build();
        assert_eq!(kind(&mi), CapacityProviderKind::ManagedInstances);
        let asg_provider = ecs::AutoScalingGroupProvider::builder()
            .auto_scaling_group_arn("arn:asg")
            .managed_scaling(
                ecs::ManagedScaling::builder()
                    .status(ecs::ManagedScalingStatus::Enabled)
                    .target_capacity(90)
                    .build(),
            )
            .build()
            .expect("asg provider");
        let p = named("ec2")
            .auto_scaling_group_provider(asg_provider)
            .build();
        assert_eq!(
            kind(&p),
            CapacityProviderKind::AutoScalingGroup(AutoScalingGroupProvider {
                auto_scaling_group_arn: "arn:asg".into(),
                managed_scaling: true,
                target_capacity: Some(90),
                managed_termination_protection: false,
            })
        );
        let future = named("x")
            .r#type(ecs::CapacityProviderType::from("QUANTUM"))
            .build();
        assert_eq!(kind(&future), CapacityProviderKind::Other("QUANTUM".into()));
    }
}
