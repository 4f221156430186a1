//! What a user (or a scenario) does to services: CreateService and UpdateService.

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use super::deployment;
use super::errors;
use super::events::EventBatch;
use super::ids;
use super::stages::{check_strategy, PauseHook};
use super::world::{SimService, World};
use crate::backend::{Result, ServiceUpdate};
use crate::model::{
    arn_name, CircuitBreaker, DeploymentConfiguration, LaunchType, LoadBalancerBinding,
    NetworkMode, Service, ServiceStatus, Strategy, TaskDefinition, Timestamp,
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
    /// `deploymentConfiguration.lifecycleHooks` of type PAUSE (traffic-shifting strategies).
    pub pause_hooks: Vec<PauseHook>,
    /// ECS Exec on for its tasks (`enableExecuteCommand`).
    pub enable_execute_command: bool,
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
            pause_hooks: Vec::new(),
            enable_execute_command: false,
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
            alternate_target_group_arn: None,
        });
        self
    }

    /// `deploymentConfiguration.strategy`: ROLLING (the default), BLUE_GREEN, LINEAR or CANARY.
    pub fn strategy(mut self, strategy: Strategy) -> Self {
        self.deployment_configuration.strategy = strategy;
        self
    }

    /// `deploymentConfiguration.bakeTimeInMinutes`: both revisions keep running this long after production
    /// traffic moved.
    pub fn bake_time(mut self, minutes: u32) -> Self {
        self.deployment_configuration.bake_time_minutes = Some(minutes);
        self
    }

    /// The last load balancer's `advancedConfiguration.alternateTargetGroupArn`: where a traffic-shifting
    /// deployment registers the new revision's tasks.
    pub fn alternate_target_group(mut self, target_group_arn: &str) -> Self {
        if let Some(b) = self.load_balancers.last_mut() {
            b.alternate_target_group_arn = Some(target_group_arn.into());
        }
        self
    }

    /// A lifecycle hook of type PAUSE (see [`PauseHook`]).
    pub fn pause_hook(mut self, hook: PauseHook) -> Self {
        self.pause_hooks.push(hook);
        self.deployment_configuration.pause_hooks = self.pause_hooks.len() as u32;
        self
    }
}

/// What a launch type asks of a task definition (CreateService, RunTask).
pub(crate) fn check_launch(td: &TaskDefinition, launch_type: LaunchType) -> Result<()> {
    if launch_type == LaunchType::Fargate {
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
    Ok(())
}

impl World {
    pub(crate) fn service_key(&self, cluster: &str, service: &str) -> Result<u64> {
        let c = self
            .clusters
            .get(ids::cluster_name(cluster))
            .ok_or_else(errors::cluster_not_found)?;
        c.services
            .get(arn_name(service))
            .copied()
            .ok_or_else(errors::service_not_found)
    }

    pub(crate) fn active_service(
        &mut self,
        cluster: &str,
        service: &str,
    ) -> Result<&mut SimService> {
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
            .ok_or_else(errors::task_definition_not_found)?;
        check_launch(td, spec.launch_type)?;
        check_strategy(spec)?;
        let groups = spec.load_balancers.iter().flat_map(|b| {
            std::iter::once(&b.target_group_arn)
                .chain(b.alternate_target_group_arn.as_ref())
                .map(move |g| (b, g))
        });
        for (b, arn) in groups {
            let tg = self.target_groups.get(arn).ok_or_else(|| {
                errors::invalid_parameter(format!(
                    "The target group with targetGroupArn {arn} does not exist."
                ))
            })?;
            let wants_ip = td.network_mode == NetworkMode::Awsvpc;
            if (tg.group.target_type == "ip") != wants_ip {
                return Err(errors::invalid_parameter(format!(
                    "The provided target group {arn} has target type {}, which is incompatible with the {} network mode specified in the task definition.",
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
        let td_arn = self.deployable_task_definition(&spec.task_definition)?;
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
            hooks: spec.pause_hooks,
            enable_execute_command: spec.enable_execute_command,
            revisions: BTreeMap::new(),
            test_rules: None,
            history: VecDeque::new(),
            protection_event: None,
        };
        deployment::start_deployment(&mut svc, &td_arn, None, self.now, &mut self.rng);
        self.services.insert(key, svc);
        if let Some(c) = self.clusters.get_mut(&cluster) {
            c.services.insert(spec.name, key);
        }
        Ok(arn)
    }

    /// UpdateService: any of a new desired count, a new task definition (a rolling deployment) and a new
    /// deployment of the same revision. Everything is checked before anything changes. Returns the service as
    /// DescribeServices shows it right after.
    pub fn update_service(
        &mut self,
        cluster: &str,
        service: &str,
        update: &ServiceUpdate,
    ) -> Result<Service> {
        let key = self.service_key(cluster, service)?;
        let (current, mut spec) = {
            let svc = self.active_service(cluster, service)?;
            let current = svc
                .deployments
                .first()
                .map(|d| d.task_definition.clone())
                .unwrap_or_default();
            let mut spec = ServiceSpec::new(&svc.cluster, &svc.name, &current, svc.desired_count);
            spec.launch_type = svc.launch_type;
            spec.load_balancers = svc.load_balancers.clone();
            (current, spec)
        };
        if let Some(n) = update.desired_count {
            check_desired_count(n)?;
        }
        let target = match &update.task_definition {
            Some(td) => {
                let arn = self.deployable_task_definition(td)?;
                spec.task_definition.clone_from(&arn);
                self.check_service_spec(&spec, &arn)?;
                arn
            }
            None => current.clone(),
        };
        let World {
            services, rng, now, ..
        } = self;
        let svc = services
            .get_mut(&key)
            .ok_or_else(errors::service_not_found)?;
        // Tasks started from now on have ECS Exec as it is set; those running keep theirs.
        if let Some(on) = update.enable_execute_command {
            svc.enable_execute_command = on;
        }
        if let Some(n) = update.desired_count {
            svc.desired_count = n;
            svc.steady = false;
            svc.reset_throttle();
        }
        if target != current || update.force_new_deployment {
            deployment::start_deployment(svc, &target, None, *now, rng);
        }
        self.service(cluster, service)
            .ok_or_else(errors::service_not_found)
    }

    /// UpdateService with a new task definition: starts a rolling deployment. Returns the deployment id.
    pub fn update_service_task_definition(
        &mut self,
        cluster: &str,
        service: &str,
        task_definition: &str,
    ) -> Result<String> {
        let update = ServiceUpdate {
            task_definition: Some(task_definition.into()),
            ..ServiceUpdate::default()
        };
        self.deploy(cluster, service, &update)
    }

    /// UpdateService with forceNewDeployment: replaces every task with the same task definition.
    pub fn force_new_deployment(&mut self, cluster: &str, service: &str) -> Result<String> {
        let update = ServiceUpdate {
            force_new_deployment: true,
            ..ServiceUpdate::default()
        };
        self.deploy(cluster, service, &update)
    }

    /// UpdateService, answering with the PRIMARY deployment's id.
    fn deploy(&mut self, cluster: &str, service: &str, update: &ServiceUpdate) -> Result<String> {
        let svc = self.update_service(cluster, service, update)?;
        Ok(svc
            .primary_deployment()
            .map(|d| d.id.clone())
            .unwrap_or_default())
    }

    /// UpdateService with a new desired count.
    pub fn set_desired_count(&mut self, cluster: &str, service: &str, desired: u32) -> Result<()> {
        let update = ServiceUpdate {
            desired_count: Some(desired),
            ..ServiceUpdate::default()
        };
        self.update_service(cluster, service, &update).map(|_| ())
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
}
