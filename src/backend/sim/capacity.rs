//! Capacity: container instances with an instance type, an agent and a capacity provider; capacity providers
//! (FARGATE and FARGATE_SPOT always exist, as in every ECS region); a cluster's default strategy.

use std::collections::BTreeSet;

use super::errors;
use super::ids::{self, AZS};
use super::world::{SimInstance, World};
use crate::backend::Result;
use crate::model::{
    arn_name, CapacityProvider, CapacityProviderKind, CapacityProviderStrategyItem,
};

/// The ECS agent version the sandbox's EC2 instances report.
pub const AGENT_VERSION: &str = "1.97.1";

/// What an instance registers with: where, how big, what it is and who launched it.
#[derive(Debug, Clone, PartialEq)]
pub struct InstanceSpec {
    pub az: String,
    pub cpu: u32,
    pub memory: u32,
    pub instance_type: String,
    /// `None`: an ECS Managed Instance, which reports no agent version.
    pub agent_version: Option<String>,
    pub capacity_provider: Option<String>,
}

impl InstanceSpec {
    /// An instance with the current agent, of the type its size suggests, launched by no capacity provider.
    pub fn new(az: &str, cpu: u32, memory: u32) -> Self {
        InstanceSpec {
            az: az.into(),
            cpu,
            memory,
            instance_type: type_for(cpu, memory).into(),
            agent_version: Some(AGENT_VERSION.into()),
            capacity_provider: None,
        }
    }

    pub fn instance_type(mut self, instance_type: &str) -> Self {
        self.instance_type = instance_type.into();
        self
    }

    /// Launched by this capacity provider (an Auto Scaling group's).
    pub fn provider(mut self, name: &str) -> Self {
        self.capacity_provider = Some(name.into());
        self
    }

    /// Launched by this ECS Managed Instances provider: ECS runs the instance and reports no agent version.
    pub fn managed(mut self, provider: &str) -> Self {
        self.capacity_provider = Some(provider.into());
        self.agent_version = None;
        self
    }
}

/// An instance type of that many CPU units (1024 a vCPU) and MiB.
fn type_for(cpu: u32, memory: u32) -> &'static str {
    match (cpu / 1024, memory / 1024) {
        (0..=2, 0..=3) => "c5.large",
        (0..=2, _) => "m5.large",
        (3..=4, 0..=7) => "c5.xlarge",
        (3..=4, _) => "m5.xlarge",
        (5..=8, _) => "m5.2xlarge",
        _ => "m5.4xlarge",
    }
}

fn built_in(name: &str) -> Option<CapacityProvider> {
    let kind = match name {
        "FARGATE" => CapacityProviderKind::Fargate,
        "FARGATE_SPOT" => CapacityProviderKind::FargateSpot,
        _ => return None,
    };
    Some(CapacityProvider {
        arn: ids::capacity_provider_arn(name),
        name: name.into(),
        status: "ACTIVE".into(),
        kind,
    })
}

impl World {
    /// Registers a container instance (ACTIVE, agent connected). Returns its ARN.
    pub fn add_instance(&mut self, cluster: &str, spec: InstanceSpec) -> Result<String> {
        let name = ids::cluster_name(cluster).to_string();
        let az = ids::az_index(&spec.az).ok_or_else(|| {
            errors::invalid_parameter(format!(
                "Availability zone {} is not one of {}.",
                spec.az,
                AZS.join(", ")
            ))
        })?;
        if !self.clusters.contains_key(&name) {
            return Err(errors::cluster_not_found());
        }
        let id = ids::hex(&mut self.rng, 32);
        let ec2_instance_id = ids::instance_id(&mut self.rng);
        let arn = ids::container_instance_arn(&name, &id);
        let instance = SimInstance {
            arn: arn.clone(),
            ec2_instance_id,
            instance_type: spec.instance_type,
            agent_version: spec.agent_version,
            capacity_provider: spec.capacity_provider,
            registered_at: self.now,
            az,
            status: "ACTIVE".into(),
            cpu: spec.cpu,
            memory: spec.memory,
            tasks: BTreeSet::new(),
            next_port: 32_768,
        };
        if let Some(c) = self.clusters.get_mut(&name) {
            c.instances.insert(arn.clone(), instance);
        }
        Ok(arn)
    }

    /// CreateCapacityProvider (an Auto Scaling group or Managed Instances provider). FARGATE and FARGATE_SPOT
    /// are reserved. Returns its ARN.
    pub fn create_capacity_provider(
        &mut self,
        name: &str,
        kind: CapacityProviderKind,
    ) -> Result<String> {
        let lower = name.to_ascii_lowercase();
        if ["aws", "ecs", "fargate"]
            .iter()
            .any(|p| lower.starts_with(p))
        {
            return Err(errors::invalid_parameter(format!(
                "The capacity provider name {name} is reserved."
            )));
        }
        let arn = ids::capacity_provider_arn(name);
        self.capacity_providers.insert(
            name.to_string(),
            CapacityProvider {
                arn: arn.clone(),
                name: name.into(),
                status: "ACTIVE".into(),
                kind,
            },
        );
        Ok(arn)
    }

    /// PutClusterCapacityProviders' default strategy part.
    pub fn set_default_strategy(
        &mut self,
        cluster: &str,
        strategy: Vec<CapacityProviderStrategyItem>,
    ) -> Result<()> {
        let c = self
            .clusters
            .get_mut(ids::cluster_name(cluster))
            .ok_or_else(errors::cluster_not_found)?;
        if let Some(bad) = strategy
            .iter()
            .find(|i| !c.capacity_providers.contains(&i.capacity_provider))
        {
            return Err(errors::invalid_parameter(format!(
                "The specified capacity provider strategy cannot contain a capacity provider that is not associated with the cluster. Associate the capacity provider with the cluster or specify a valid capacity provider and try again. Capacity provider: {}",
                bad.capacity_provider
            )));
        }
        c.default_strategy = strategy;
        Ok(())
    }

    /// DescribeCapacityProviders by name or ARN; names it does not know are left out.
    pub fn describe_capacity_providers(&self, names: &[String]) -> Vec<CapacityProvider> {
        names
            .iter()
            .filter_map(|n| {
                let name = arn_name(n);
                built_in(name).or_else(|| self.capacity_providers.get(name).cloned())
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_suggest_types() {
        assert_eq!(type_for(2048, 7680), "m5.large");
        assert_eq!(type_for(2048, 3072), "c5.large");
        assert_eq!(type_for(4096, 15_360), "m5.xlarge");
        assert_eq!(type_for(16_384, 65_536), "m5.4xlarge");
    }
}
