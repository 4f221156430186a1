//! Building a world: clusters, container instances, task definitions, load balancers and target groups.

use std::collections::{BTreeMap, BTreeSet};

use super::capacity::InstanceSpec;
use super::errors;
use super::ids;
use super::taskdef_ops::ACTIVE;
use super::world::{SimCluster, SimTargetGroup, World};
use crate::backend::Result;
use crate::model::{
    ContainerDefinition, LoadBalancer, LoadBalancerType, Matcher, NetworkMode, PlacementConstraint,
    PortMapping, RuntimePlatform, TargetGroup, TargetGroupHealthCheck, TaskDefinition, Volume,
};

/// What RegisterTaskDefinition takes.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TaskDefinitionSpec {
    pub family: String,
    pub task_role_arn: Option<String>,
    pub execution_role_arn: Option<String>,
    pub cpu: Option<u32>,
    pub memory: Option<u32>,
    pub network_mode: NetworkMode,
    pub requires_compatibilities: Vec<String>,
    pub runtime_platform: Option<RuntimePlatform>,
    pub ephemeral_storage_gib: Option<u32>,
    pub pid_mode: Option<String>,
    pub ipc_mode: Option<String>,
    pub volumes: Vec<Volume>,
    pub placement_constraints: Vec<PlacementConstraint>,
    pub containers: Vec<ContainerDefinition>,
}

impl From<TaskDefinition> for TaskDefinitionSpec {
    /// What registering `td` again takes.
    fn from(td: TaskDefinition) -> Self {
        TaskDefinitionSpec {
            family: td.family,
            task_role_arn: td.task_role_arn,
            execution_role_arn: td.execution_role_arn,
            cpu: td.cpu,
            memory: td.memory,
            network_mode: td.network_mode,
            requires_compatibilities: td.requires_compatibilities,
            runtime_platform: td.runtime_platform,
            ephemeral_storage_gib: td.ephemeral_storage_gib,
            pid_mode: td.pid_mode,
            ipc_mode: td.ipc_mode,
            volumes: td.volumes,
            placement_constraints: td.placement_constraints,
            containers: td.containers,
        }
    }
}

impl TaskDefinitionSpec {
    fn single(family: &str, image: &str, cpu: u32, memory: u32, port: u16, host_port: u16) -> Self {
        TaskDefinitionSpec {
            family: family.into(),
            containers: vec![ContainerDefinition {
                name: family.into(),
                image: image.into(),
                cpu,
                memory: Some(memory),
                essential: true,
                port_mappings: (port > 0)
                    .then_some(PortMapping {
                        container_port: port,
                        host_port,
                        protocol: "tcp",
                        ..PortMapping::default()
                    })
                    .into_iter()
                    .collect(),
                ..ContainerDefinition::default()
            }],
            ..TaskDefinitionSpec::default()
        }
    }

    /// A one-container Fargate task (awsvpc); its container is named after the family. `port` 0 means none.
    pub fn fargate(family: &str, image: &str, cpu: u32, memory: u32, port: u16) -> Self {
        TaskDefinitionSpec {
            cpu: Some(cpu),
            memory: Some(memory),
            network_mode: NetworkMode::Awsvpc,
            requires_compatibilities: vec!["FARGATE".into()],
            ..Self::single(family, image, cpu, memory, port, port)
        }
    }

    /// A one-container EC2 task in bridge mode with a dynamic host port; sizes are the container's.
    pub fn ec2(family: &str, image: &str, cpu: u32, memory: u32, port: u16) -> Self {
        TaskDefinitionSpec {
            network_mode: NetworkMode::Bridge,
            requires_compatibilities: vec!["EC2".into()],
            ..Self::single(family, image, cpu, memory, port, 0)
        }
    }

    /// The same definition with another image in its first container (the usual new revision).
    pub fn with_image(mut self, image: &str) -> Self {
        if let Some(c) = self.containers.first_mut() {
            c.image = image.into();
        }
        self
    }
}

/// What CreateTargetGroup takes, with the sandbox's quick health checks as defaults (every 10 s, healthy or
/// unhealthy after 2; ELBv2's own are 30 s, 5 and 2): the interval and thresholds drive the simulation.
#[derive(Debug, Clone, PartialEq)]
pub struct TargetGroupSpec {
    pub name: String,
    pub protocol: String,
    pub port: u16,
    /// `ip` (awsvpc tasks) or `instance` (bridge tasks on EC2).
    pub target_type: String,
    pub health_check_path: Option<String>,
    pub load_balancer_arn: Option<String>,
    pub health_check_interval_s: u32,
    /// Reported only (ELBv2 wants it below the interval).
    pub health_check_timeout_s: u32,
    /// The HTTP codes a healthy target answers (`200`, `200-299`, `200,302`).
    pub matcher: String,
    pub healthy_threshold: u32,
    pub unhealthy_threshold: u32,
    pub deregistration_delay_s: u32,
}

impl TargetGroupSpec {
    pub fn new(name: &str, port: u16, target_type: &str) -> Self {
        TargetGroupSpec {
            name: name.into(),
            protocol: "HTTP".into(),
            port,
            target_type: target_type.into(),
            health_check_path: Some("/health".into()),
            load_balancer_arn: None,
            health_check_interval_s: 10,
            health_check_timeout_s: 5,
            matcher: "200".into(),
            healthy_threshold: 2,
            unhealthy_threshold: 2,
            deregistration_delay_s: 10,
        }
    }

    pub fn on(mut self, load_balancer_arn: &str) -> Self {
        self.load_balancer_arn = Some(load_balancer_arn.into());
        self
    }
}

impl World {
    /// CreateCluster: idempotent, like ECS (a deleted cluster's name makes a new cluster). Returns the ARN.
    pub fn create_cluster(&mut self, name: &str, capacity_providers: &[&str]) -> String {
        let arn = ids::cluster_arn(name);
        self.inactive_clusters.remove(name);
        self.clusters
            .entry(name.to_string())
            .or_insert_with(|| SimCluster {
                arn: arn.clone(),
                name: name.to_string(),
                capacity_providers: capacity_providers.iter().map(|s| s.to_string()).collect(),
                default_strategy: Vec::new(),
                services: BTreeMap::new(),
                instances: BTreeMap::new(),
                tasks: BTreeSet::new(),
            });
        arn
    }

    /// Registers an EC2 container instance (ACTIVE, agent connected) in `az` (e.g. `sandbox-1b`), of the
    /// instance type its size suggests, with no capacity provider (see [`World::add_instance`]).
    pub fn add_container_instance(
        &mut self,
        cluster: &str,
        az: &str,
        cpu: u32,
        memory: u32,
    ) -> Result<String> {
        self.add_instance(cluster, InstanceSpec::new(az, cpu, memory))
    }

    /// RegisterTaskDefinition: a new immutable revision of the family. Returns its ARN.
    pub fn register_task_definition(&mut self, spec: TaskDefinitionSpec) -> Result<String> {
        if spec.family.is_empty() {
            return Err(errors::client("Family must not be empty."));
        }
        if spec.containers.is_empty() {
            return Err(errors::client("Container list cannot be empty."));
        }
        let revision = self.families.get(&spec.family).copied().unwrap_or(0) + 1;
        self.families.insert(spec.family.clone(), revision);
        let arn = ids::task_definition_arn(&spec.family, revision);
        self.task_definitions.insert(
            arn.clone(),
            TaskDefinition {
                arn: arn.clone(),
                family: spec.family,
                revision,
                status: ACTIVE.into(),
                task_role_arn: spec.task_role_arn,
                execution_role_arn: spec.execution_role_arn,
                cpu: spec.cpu,
                memory: spec.memory,
                network_mode: spec.network_mode,
                requires_compatibilities: spec.requires_compatibilities,
                runtime_platform: spec.runtime_platform,
                ephemeral_storage_gib: spec.ephemeral_storage_gib,
                pid_mode: spec.pid_mode,
                ipc_mode: spec.ipc_mode,
                volumes: spec.volumes,
                placement_constraints: spec.placement_constraints,
                containers: spec.containers,
                registered_at: Some(self.now),
                registered_by: Some(ids::REGISTERED_BY.into()),
                deregistered_at: None,
            },
        );
        Ok(arn)
    }

    /// A task definition by ARN, `family:revision` or `family` (its latest ACTIVE revision).
    pub fn resolve_task_definition(&self, name: &str) -> Option<&TaskDefinition> {
        if let Some(td) = self.task_definitions.get(name) {
            return Some(td);
        }
        let short = name.rsplit('/').next().unwrap_or(name);
        if let Some((family, revision)) = short.split_once(':') {
            let revision = revision.parse().ok()?;
            return self
                .task_definitions
                .get(&ids::task_definition_arn(family, revision));
        }
        let latest = *self.families.get(short)?;
        (1..=latest)
            .rev()
            .filter_map(|r| {
                self.task_definitions
                    .get(&ids::task_definition_arn(short, r))
            })
            .find(|td| td.status == ACTIVE)
    }

    /// CreateLoadBalancer (application or network), active at once. Returns its ARN.
    pub fn create_load_balancer(
        &mut self,
        name: &str,
        kind: LoadBalancerType,
        scheme: &str,
    ) -> String {
        if let Some(lb) = self.load_balancers.values().find(|l| l.name == name) {
            return lb.arn.clone();
        }
        let kind_path = match kind {
            LoadBalancerType::Application => "app",
            LoadBalancerType::Network => "net",
        };
        let id = ids::hex(&mut self.rng, 16);
        let arn = ids::load_balancer_arn(kind_path, name, &id);
        let prefix = if scheme == "internal" {
            "internal-"
        } else {
            ""
        };
        let number = self.rng.u64(1_000_000_000..10_000_000_000);
        self.load_balancers.insert(
            arn.clone(),
            LoadBalancer {
                arn: arn.clone(),
                name: name.into(),
                kind,
                scheme: scheme.into(),
                dns_name: format!("{prefix}{name}-{number}.{}.elb.amazonaws.com", ids::REGION),
                state: "active".into(),
                vpc_id: Some(ids::VPC.into()),
                // One subnet in each zone, so that every task's zone has a load balancer node.
                availability_zones: ids::AZS.iter().map(|z| z.to_string()).collect(),
                created_at: Some(self.now),
                ip_address_type: Some("ipv4".into()),
            },
        );
        arn
    }

    /// CreateTargetGroup, attached to a load balancer when the spec names one. Returns its ARN.
    pub fn create_target_group(&mut self, spec: TargetGroupSpec) -> Result<String> {
        if let Some(lb) = &spec.load_balancer_arn {
            if !self.load_balancers.contains_key(lb) {
                return Err(errors::load_balancer_not_found());
            }
        }
        if let Some(g) = self
            .target_groups
            .values()
            .find(|g| g.group.name == spec.name)
        {
            return Ok(g.group.arn.clone());
        }
        let id = ids::hex(&mut self.rng, 16);
        let arn = ids::target_group_arn(&spec.name, &id);
        let health_check = TargetGroupHealthCheck {
            enabled: true,
            protocol: spec.protocol.clone(),
            port: "traffic-port".into(),
            path: spec.health_check_path,
            matcher: Some(Matcher::Http(spec.matcher)),
            interval_seconds: spec.health_check_interval_s.max(1),
            timeout_seconds: spec.health_check_timeout_s,
            healthy_threshold: spec.healthy_threshold.max(1),
            unhealthy_threshold: spec.unhealthy_threshold.max(1),
        };
        let group = TargetGroup {
            arn: arn.clone(),
            name: spec.name,
            protocol: spec.protocol,
            port: spec.port,
            target_type: spec.target_type,
            load_balancer_arns: spec.load_balancer_arn.into_iter().collect(),
            vpc_id: Some(ids::VPC.into()),
            health_check,
        };
        self.target_groups.insert(
            arn.clone(),
            SimTargetGroup {
                group,
                interval_ms: i64::from(spec.health_check_interval_s.max(1)) * 1000,
                healthy_threshold: spec.healthy_threshold.max(1),
                unhealthy_threshold: spec.unhealthy_threshold.max(1),
                deregistration_delay_ms: i64::from(spec.deregistration_delay_s) * 1000,
                members: BTreeSet::new(),
            },
        );
        Ok(arn)
    }
}
