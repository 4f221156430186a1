//! What a user (or a scenario) does to services and tasks: CreateService, UpdateService, StopTask, DeleteService.

use std::collections::{BTreeSet, VecDeque};

use super::deployment;
use super::errors;
use super::events::EventBatch;
use super::ids;
use super::lifecycle::{self, begin_stop, Ctx};
use super::world::{SimService, World};
use crate::backend::Result;
use crate::model::{
    arn_name, CircuitBreaker, DeploymentConfiguration, LaunchType, LoadBalancerBinding,
    NetworkMode, ServiceStatus, StopCode, Task, Timestamp,
};

/// ECS's service quota "Tasks per service".
pub const MAX_TASKS_PER_SERVICE: u32 = 5000;

fn check_desired_count(desired: u32) -> Result<()> {
    if desired > MAX_TASKS_PER_SERVICE {
        return Err(errors::invalid_parameter(format!(
            "desiredCount {desired} is above the limit of {MAX_TASKS_PER_SERVICE} tasks per service."
        )));
    }
    Ok(())
}

/// What CreateService takes.
#[derive(Debug, Clone, PartialEq)]
pub struct ServiceSpec {
    pub cluster: String,
    pub name: String,
    /// An ARN, `family:revision` or `family`.
    pub task_definition: String,
    pub desired_count: u32,
    pub launch_type: LaunchType,
    pub deployment_configuration: DeploymentConfiguration,
    pub load_balancers: Vec<LoadBalancerBinding>,
    pub health_check_grace_period_s: u32,
}

impl ServiceSpec {
    /// A Fargate REPLICA service with ECS's default deployment configuration.
    pub fn new(cluster: &str, name: &str, task_definition: &str, desired_count: u32) -> Self {
        ServiceSpec {
            cluster: cluster.into(),
            name: name.into(),
            task_definition: task_definition.into(),
            desired_count,
            launch_type: LaunchType::Fargate,
            deployment_configuration: DeploymentConfiguration::default(),
            load_balancers: Vec::new(),
            health_check_grace_period_s: 0,
        }
    }

    pub fn ec2(mut self) -> Self {
        self.launch_type = LaunchType::Ec2;
        self
    }

    pub fn percents(mut self, minimum_healthy_percent: u32, maximum_percent: u32) -> Self {
        self.deployment_configuration.minimum_healthy_percent = minimum_healthy_percent;
        self.deployment_configuration.maximum_percent = maximum_percent;
        self
    }

    pub fn circuit_breaker(mut self, rollback: bool) -> Self {
        self.deployment_configuration.circuit_breaker = Some(CircuitBreaker {
            enable: true,
            rollback,
        });
        self
    }

    pub fn load_balancer(mut self, target_group_arn: &str, container: &str, port: u16) -> Self {
        self.load_balancers.push(LoadBalancerBinding {
            target_group_arn: target_group_arn.into(),
            container_name: container.into(),
            container_port: port,
        });
        self
    }
}

impl World {
    fn service_key(&self, cluster: &str, service: &str) -> Result<u64> {
        let c = self
            .clusters
            .get(ids::cluster_name(cluster))
            .ok_or_else(errors::cluster_not_found)?;
        c.services
            .get(arn_name(service))
            .copied()
            .ok_or_else(errors::service_not_found)
    }

    fn active_service(&mut self, cluster: &str, service: &str) -> Result<&mut SimService> {
        let key = self.service_key(cluster, service)?;
        let svc = self
            .services
            .get_mut(&key)
            .ok_or_else(errors::service_not_found)?;
        if svc.status != ServiceStatus::Active {
            return Err(errors::service_not_active());
        }
        Ok(svc)
    }

    fn check_service_spec(&self, spec: &ServiceSpec, td_arn: &str) -> Result<()> {
        let td = self
            .task_definitions
            .get(td_arn)
            .ok_or_else(|| errors::invalid_parameter("TaskDefinition not found."))?;
        if spec.launch_type == LaunchType::Fargate {
            if td.network_mode != NetworkMode::Awsvpc {
                return Err(errors::invalid_parameter(
                    "Fargate only supports network mode 'awsvpc'.",
                ));
            }
            if !td.requires_compatibilities.iter().any(|c| c == "FARGATE") {
                return Err(errors::invalid_parameter(
                    "Task definition does not support launch_type FARGATE.",
                ));
            }
        }
        for b in &spec.load_balancers {
            let tg = self.target_groups.get(&b.target_group_arn).ok_or_else(|| {
                errors::invalid_parameter(format!(
                    "The target group with targetGroupArn {} does not exist.",
                    b.target_group_arn
                ))
            })?;
            let wants_ip = td.network_mode == NetworkMode::Awsvpc;
            if (tg.group.target_type == "ip") != wants_ip {
                return Err(errors::invalid_parameter(format!(
                    "The provided target group {} has target type {}, which is incompatible with the {} network mode specified in the task definition.",
                    b.target_group_arn,
                    tg.group.target_type,
                    td.network_mode.as_str()
                )));
            }
            if !td.containers.iter().any(|c| c.name == b.container_name) {
                return Err(errors::invalid_parameter(format!(
                    "The container {} does not exist in the task definition.",
                    b.container_name
                )));
            }
        }
        Ok(())
    }

    /// CreateService. Returns the service ARN; tasks start on the next scheduler step.
    pub fn create_service(&mut self, spec: ServiceSpec) -> Result<String> {
        let cluster = ids::cluster_name(&spec.cluster).to_string();
        let c = self
            .clusters
            .get(&cluster)
            .ok_or_else(errors::cluster_not_found)?;
        if let Some(old) = c
            .services
            .get(&spec.name)
            .and_then(|k| self.services.get(k))
        {
            if old.status != ServiceStatus::Inactive {
                return Err(errors::invalid_parameter(
                    "Creation of service was not idempotent.",
                ));
            }
        }
        let td_arn = self
            .resolve_task_definition(&spec.task_definition)
            .map(|td| td.arn.clone())
            .ok_or_else(|| errors::invalid_parameter("TaskDefinition not found."))?;
        self.check_service_spec(&spec, &td_arn)?;
        check_desired_count(spec.desired_count)?;
        let key = self.key();
        let arn = ids::service_arn(&cluster, &spec.name);
        let mut svc = SimService {
            key,
            arn: arn.clone(),
            name: spec.name.clone(),
            cluster: cluster.clone(),
            status: ServiceStatus::Active,
            desired_count: spec.desired_count,
            launch_type: spec.launch_type,
            config: spec.deployment_configuration,
            load_balancers: spec.load_balancers,
            health_check_grace_ms: i64::from(spec.health_check_grace_period_s) * 1000,
            deployments: Vec::new(),
            events: VecDeque::new(),
            batch: EventBatch::default(),
            tasks: BTreeSet::new(),
            created_at: self.now,
            steady: false,
            start_failures: 0,
            next_launch_at: Timestamp(0),
            throttle_event_at: None,
            placement_event: None,
            last_completed: None,
        };
        deployment::start_deployment(&mut svc, &td_arn, None, self.now, &mut self.rng);
        self.services.insert(key, svc);
        if let Some(c) = self.clusters.get_mut(&cluster) {
            c.services.insert(spec.name, key);
        }
        Ok(arn)
    }

    /// UpdateService with a new task definition: starts a rolling deployment. Returns the deployment id.
    pub fn update_service_task_definition(
        &mut self,
        cluster: &str,
        service: &str,
        task_definition: &str,
    ) -> Result<String> {
        let td_arn = self
            .resolve_task_definition(task_definition)
            .map(|td| td.arn.clone())
            .ok_or_else(|| errors::invalid_parameter("TaskDefinition not found."))?;
        let (now, key) = (self.now, self.service_key(cluster, service)?);
        let mut spec = {
            let svc = self.active_service(cluster, service)?;
            ServiceSpec::new(&svc.cluster, &svc.name, &td_arn, svc.desired_count)
        };
        if let Some(svc) = self.services.get(&key) {
            spec.launch_type = svc.launch_type;
            spec.load_balancers = svc.load_balancers.clone();
        }
        self.check_service_spec(&spec, &td_arn)?;
        let World { services, rng, .. } = self;
        let svc = services
            .get_mut(&key)
            .ok_or_else(errors::service_not_found)?;
        Ok(deployment::start_deployment(svc, &td_arn, None, now, rng))
    }

    /// UpdateService with forceNewDeployment: replaces every task with the same task definition.
    pub fn force_new_deployment(&mut self, cluster: &str, service: &str) -> Result<String> {
        let td = {
            let svc = self.active_service(cluster, service)?;
            svc.deployments
                .first()
                .map(|d| d.task_definition.clone())
                .unwrap_or_default()
        };
        self.update_service_task_definition(cluster, service, &td)
    }

    /// UpdateService with a new desired count.
    pub fn set_desired_count(&mut self, cluster: &str, service: &str, desired: u32) -> Result<()> {
        check_desired_count(desired)?;
        let svc = self.active_service(cluster, service)?;
        svc.desired_count = desired;
        svc.steady = false;
        svc.reset_throttle();
        Ok(())
    }

    /// UpdateService with a new deployment configuration (applies to the next steps).
    pub fn set_deployment_configuration(
        &mut self,
        cluster: &str,
        service: &str,
        config: DeploymentConfiguration,
    ) -> Result<()> {
        self.active_service(cluster, service)?.config = config;
        Ok(())
    }

    /// StopTask: a user-initiated stop (stopCode UserInitiated). A service will start a replacement.
    pub fn stop_task(&mut self, cluster: &str, task: &str, reason: &str) -> Result<Task> {
        let name = ids::cluster_name(cluster).to_string();
        if !self.clusters.contains_key(&name) {
            return Err(errors::cluster_not_found());
        }
        let arn = if task.starts_with("arn:") {
            task.to_string()
        } else {
            ids::task_arn(&name, task)
        };
        let not_found = || errors::invalid_parameter("The referenced task was not found.");
        let key = *self.task_index.get(&arn).ok_or_else(not_found)?;
        let reason = if reason.is_empty() {
            "Task stopped by user"
        } else {
            reason
        };
        let World {
            tasks,
            services,
            clusters,
            target_groups,
            rng,
            now,
            ..
        } = self;
        let t = tasks
            .get_mut(&key)
            .filter(|t| t.cluster == name)
            .ok_or_else(not_found)?;
        let mut ctx = Ctx {
            now: *now,
            rng,
            target_groups,
            clusters,
        };
        let groups = begin_stop(t, &mut ctx, StopCode::UserInitiated, reason);
        if let Some(svc) = t.service.and_then(|k| services.get_mut(&k)) {
            lifecycle::deregistered(svc, &groups);
            svc.steady = false;
        }
        Ok(t.task.clone())
    }

    /// DeleteService: refused while tasks are wanted unless forced; the service drains, then becomes INACTIVE.
    pub fn delete_service(&mut self, cluster: &str, service: &str, force: bool) -> Result<()> {
        let svc = self.active_service(cluster, service)?;
        if svc.desired_count > 0 && !force {
            return Err(errors::invalid_parameter(
                "The service cannot be stopped while it is scaled above 0.",
            ));
        }
        svc.desired_count = 0;
        svc.status = ServiceStatus::Draining;
        Ok(())
    }
}
