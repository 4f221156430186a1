//! Read access: the world as wharf's model types. Every count is computed from the tasks that exist.

use super::elb;
use super::ids::{self, AZS};
use super::world::{SimService, World};
use crate::model::{
    arn_name, Cluster, ContainerInstance, Deployment, DeploymentStatus, LoadBalancer, Service,
    ServiceEvent, ServiceStatus, TargetGroup, TargetHealth, Task, TaskDefinition, TaskStatus,
};

impl World {
    /// Cluster ARNs, by name.
    pub fn cluster_arns(&self) -> Vec<String> {
        self.clusters.values().map(|c| c.arn.clone()).collect()
    }

    /// Whether a cluster exists and is ACTIVE (every call but DescribeClusters knows only those).
    pub fn has_cluster(&self, cluster: &str) -> bool {
        self.clusters.contains_key(ids::cluster_name(cluster))
    }

    /// DescribeClusters (with statistics) for a name or ARN; a deleted cluster shows INACTIVE.
    pub fn cluster(&self, cluster: &str) -> Option<Cluster> {
        let name = ids::cluster_name(cluster);
        let Some(c) = self.clusters.get(name) else {
            return self.inactive_clusters.get(name).cloned();
        };
        let (mut running, mut pending) = (0, 0);
        for t in c.tasks.iter().filter_map(|k| self.tasks.get(k)) {
            match t.task.last_status {
                TaskStatus::Running => running += 1,
                s if s.is_starting() => pending += 1,
                _ => {}
            }
        }
        let active_services = c
            .services
            .values()
            .filter_map(|k| self.services.get(k))
            .filter(|s| s.status == ServiceStatus::Active)
            .count() as u32;
        Some(Cluster {
            arn: c.arn.clone(),
            name: c.name.clone(),
            status: "ACTIVE".into(),
            capacity_providers: c.capacity_providers.clone(),
            default_capacity_provider_strategy: c.default_strategy.clone(),
            registered_container_instances: c.instances.len() as u32,
            running_tasks: running,
            pending_tasks: pending,
            active_services,
        })
    }

    /// ListServices: the ARNs of a cluster's ACTIVE services, or `None` for an unknown cluster.
    pub fn service_arns(&self, cluster: &str) -> Option<Vec<String>> {
        let c = self.clusters.get(ids::cluster_name(cluster))?;
        Some(
            c.services
                .values()
                .filter_map(|k| self.services.get(k))
                .filter(|s| s.status == ServiceStatus::Active)
                .map(|s| s.arn.clone())
                .collect(),
        )
    }

    /// DescribeServices for one service (name or ARN), including DRAINING and INACTIVE ones.
    pub fn service(&self, cluster: &str, service: &str) -> Option<Service> {
        let c = self.clusters.get(ids::cluster_name(cluster))?;
        let svc = self.services.get(c.services.get(arn_name(service))?)?;
        Some(self.service_view(svc))
    }

    fn service_view(&self, svc: &SimService) -> Service {
        let mut running = 0;
        let mut pending = 0;
        let mut per = vec![(0u32, 0u32, 0u32); svc.deployments.len()];
        for t in svc.tasks.iter().filter_map(|k| self.tasks.get(k)) {
            let slot = svc
                .deployments
                .iter()
                .position(|d| d.id == t.task.started_by);
            let status = t.task.last_status;
            let (r, p) = (status == TaskStatus::Running, status.is_starting());
            running += u32::from(r);
            pending += u32::from(p);
            if let Some(i) = slot {
                per[i].0 += u32::from(r);
                per[i].1 += u32::from(p);
                per[i].2 += u32::from(t.is_live());
            }
        }
        let deployments = svc
            .deployments
            .iter()
            .zip(per)
            .map(|(d, (r, p, live))| Deployment {
                id: d.id.clone(),
                status: d.status,
                task_definition: d.task_definition.clone(),
                desired_count: if d.status == DeploymentStatus::Primary {
                    svc.desired_count
                } else {
                    live
                },
                pending_count: p,
                running_count: r,
                failed_tasks: d.failed_tasks,
                rollout_state: d.rollout_state,
                rollout_state_reason: d.rollout_state_reason.clone(),
                created_at: d.created_at,
                updated_at: d.updated_at,
            })
            .collect();
        Service {
            arn: svc.arn.clone(),
            name: svc.name.clone(),
            cluster_arn: ids::cluster_arn(&svc.cluster),
            status: svc.status,
            desired_count: svc.desired_count,
            running_count: running,
            pending_count: pending,
            launch_type: svc.launch_type,
            task_definition: svc
                .deployments
                .first()
                .map(|d| d.task_definition.clone())
                .unwrap_or_default(),
            deployments,
            deployment_configuration: svc.config,
            load_balancers: svc.load_balancers.clone(),
            events: svc.events.iter().cloned().collect(),
            created_at: svc.created_at,
            enable_execute_command: svc.enable_execute_command,
        }
    }

    /// Every ACTIVE, DRAINING or INACTIVE service of every cluster.
    pub fn all_services(&self) -> Vec<Service> {
        self.services
            .values()
            .map(|s| self.service_view(s))
            .collect()
    }

    /// A service's events, newest first.
    pub fn events(&self, cluster: &str, service: &str) -> Vec<ServiceEvent> {
        self.service(cluster, service)
            .map(|s| s.events)
            .unwrap_or_default()
    }

    /// DescribeTasks for one ARN.
    pub fn task(&self, arn: &str) -> Option<Task> {
        let key = self.task_index.get(arn)?;
        self.tasks.get(key).map(|t| t.task.clone())
    }

    /// Every task that still exists in a cluster (stopped ones for an hour), oldest first.
    pub fn cluster_tasks(&self, cluster: &str) -> Vec<Task> {
        self.clusters
            .get(ids::cluster_name(cluster))
            .map(|c| {
                c.tasks
                    .iter()
                    .filter_map(|k| self.tasks.get(k))
                    .map(|t| t.task.clone())
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Every task of a service that still exists, stopped ones included, oldest first.
    pub fn tasks_of_service(&self, cluster: &str, service: &str) -> Vec<Task> {
        let group = format!("service:{}", arn_name(service));
        self.cluster_tasks(cluster)
            .into_iter()
            .filter(|t| t.group == group)
            .collect()
    }

    /// Every task of the world, oldest first.
    pub fn all_tasks(&self) -> Vec<Task> {
        self.tasks.values().map(|t| t.task.clone()).collect()
    }

    pub fn task_definition(&self, arn: &str) -> Option<TaskDefinition> {
        self.resolve_task_definition(arn).cloned()
    }

    /// DescribeContainerInstances for every instance of a cluster.
    pub fn container_instances(&self, cluster: &str) -> Vec<ContainerInstance> {
        let name = ids::cluster_name(cluster);
        let Some(c) = self.clusters.get(name) else {
            return Vec::new();
        };
        c.instances
            .values()
            .map(|i| {
                let (mut cpu, mut mem, mut running, mut pending) = (0, 0, 0, 0);
                for t in i.tasks.iter().filter_map(|k| self.tasks.get(k)) {
                    cpu += t.task.cpu;
                    mem += t.task.memory;
                    running += u32::from(t.task.last_status == TaskStatus::Running);
                    pending += u32::from(t.task.last_status.is_starting());
                }
                ContainerInstance {
                    arn: i.arn.clone(),
                    ec2_instance_id: i.ec2_instance_id.clone(),
                    instance_type: Some(i.instance_type.clone()),
                    availability_zone: AZS[i.az].to_string(),
                    status: i.status.clone(),
                    agent_connected: true,
                    agent_version: i.agent_version.clone(),
                    capacity_provider_name: i.capacity_provider.clone(),
                    registered_at: Some(i.registered_at),
                    registered_cpu: i.cpu,
                    registered_memory: i.memory,
                    remaining_cpu: i.cpu.saturating_sub(cpu),
                    remaining_memory: i.memory.saturating_sub(mem),
                    running_tasks: running,
                    pending_tasks: pending,
                }
            })
            .collect()
    }

    pub fn load_balancers(&self) -> Vec<LoadBalancer> {
        self.load_balancers.values().cloned().collect()
    }

    pub fn target_groups(&self) -> Vec<TargetGroup> {
        self.target_groups
            .values()
            .map(|g| g.group.clone())
            .collect()
    }

    /// DescribeTargetHealth: every registered or draining target of a group, or `None` for an unknown group.
    pub fn target_health(&self, target_group_arn: &str) -> Option<Vec<TargetHealth>> {
        let g = self.target_groups.get(target_group_arn)?;
        let mut out = Vec::new();
        for t in g.members.iter().filter_map(|k| self.tasks.get(k)) {
            for x in t
                .targets
                .iter()
                .filter(|x| x.registered && x.target_group == target_group_arn)
            {
                out.push(TargetHealth {
                    target_id: x.id.clone(),
                    port: x.port,
                    availability_zone: Some(AZS[t.az].to_string()),
                    state: x.state,
                    reason: x.reason.map(str::to_string),
                    description: x.reason.and_then(elb::description).map(str::to_string),
                });
            }
        }
        Some(out)
    }
}
