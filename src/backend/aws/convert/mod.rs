//! SDK types -> wharf's model. Nothing from the SDK leaves this module's callers. ECS here, ELBv2 in `elb`.

mod capacity;
mod deployments;
mod elb;
mod elb_rules;
mod taskdefs;

pub(crate) use capacity::{capacity_provider, container_instance};
pub(crate) use deployments::{deployment_brief, service_deployment, service_revision};
pub(crate) use elb::{listener, load_balancer, rule, target_group, target_health};
pub(crate) use taskdefs::task_definition;

use aws_sdk_ecs::primitives::DateTime;
use aws_sdk_ecs::types as ecs;

use crate::backend::DescribeFailure;
use crate::model::{
    CircuitBreaker, Cluster, Container, Deployment, DeploymentConfiguration, DeploymentStatus,
    DesiredStatus, ExecAgent, HealthStatus, LaunchType, LoadBalancerBinding, NetworkBinding,
    RolloutState, Service, ServiceEvent, ServiceStatus, StopCode, Strategy, Task, TaskStatus,
    Timestamp,
};

fn ts(t: Option<&DateTime>) -> Timestamp {
    opt_ts(t).unwrap_or_default()
}

pub(super) fn opt_ts(t: Option<&DateTime>) -> Option<Timestamp> {
    t.and_then(|t| t.to_millis().ok()).map(Timestamp)
}

pub(super) fn s(v: Option<&str>) -> String {
    v.unwrap_or_default().to_string()
}

fn u(v: i32) -> u32 {
    u32::try_from(v).unwrap_or(0)
}

pub(super) fn port(v: Option<i32>) -> u16 {
    v.and_then(|p| u16::try_from(p).ok()).unwrap_or(0)
}

fn num(v: Option<&str>) -> Option<u32> {
    v.and_then(|v| v.trim().parse().ok())
}

pub(crate) fn failure(f: &ecs::Failure) -> DescribeFailure {
    DescribeFailure {
        arn: s(f.arn()),
        reason: match f.detail() {
            Some(d) if !d.is_empty() => format!("{} ({d})", s(f.reason())),
            _ => s(f.reason()),
        },
    }
}

pub(crate) fn cluster(c: &ecs::Cluster) -> Cluster {
    // STATISTICS (when the endpoint returns them) refine the counts; negatives (moto) read as 0.
    Cluster {
        arn: s(c.cluster_arn()),
        name: s(c.cluster_name()),
        status: s(c.status()),
        capacity_providers: c.capacity_providers().to_vec(),
        default_capacity_provider_strategy: c
            .default_capacity_provider_strategy()
            .iter()
            .map(capacity::strategy_item)
            .collect(),
        registered_container_instances: u(c.registered_container_instances_count()),
        running_tasks: u(c.running_tasks_count()),
        pending_tasks: u(c.pending_tasks_count()),
        active_services: u(c.active_services_count()),
    }
}

fn launch_type(l: Option<&ecs::LaunchType>) -> LaunchType {
    match l {
        Some(ecs::LaunchType::Ec2) | Some(ecs::LaunchType::External) => LaunchType::Ec2,
        _ => LaunchType::Fargate,
    }
}

pub(crate) fn service(sv: &ecs::Service) -> Service {
    let deployments: Vec<Deployment> = sv.deployments().iter().map(deployment).collect();
    // ECS keeps the service's task definition equal to the PRIMARY deployment's; emulators may not.
    let task_definition = sv
        .task_definition()
        .filter(|t| !t.is_empty())
        .map(str::to_string)
        .or_else(|| {
            deployments
                .iter()
                .find(|d| d.status == DeploymentStatus::Primary)
                .map(|d| d.task_definition.clone())
        })
        .unwrap_or_default();
    let launch = sv
        .launch_type()
        .map(|l| launch_type(Some(l)))
        .unwrap_or_else(|| {
            let ec2 = sv
                .capacity_provider_strategy()
                .iter()
                .any(|c| !c.capacity_provider().starts_with("FARGATE"));
            if ec2 {
                LaunchType::Ec2
            } else {
                LaunchType::Fargate
            }
        });
    Service {
        arn: s(sv.service_arn()),
        name: s(sv.service_name()),
        cluster_arn: s(sv.cluster_arn()),
        status: match sv.status() {
            Some("DRAINING") => ServiceStatus::Draining,
            Some("INACTIVE") => ServiceStatus::Inactive,
            _ => ServiceStatus::Active,
        },
        desired_count: u(sv.desired_count()),
        running_count: u(sv.running_count()),
        pending_count: u(sv.pending_count()),
        launch_type: launch,
        task_definition,
        deployments,
        deployment_configuration: sv
            .deployment_configuration()
            .map(deployment_configuration)
            .unwrap_or_default(),
        load_balancers: sv
            .load_balancers()
            .iter()
            .map(|lb| LoadBalancerBinding {
                target_group_arn: s(lb.target_group_arn()),
                container_name: s(lb.container_name()),
                container_port: port(lb.container_port()),
                alternate_target_group_arn: lb
                    .advanced_configuration()
                    .and_then(|a| a.alternate_target_group_arn())
                    .map(str::to_string),
            })
            .collect(),
        events: sv
            .events()
            .iter()
            .map(|e| ServiceEvent {
                id: s(e.id()),
                created_at: ts(e.created_at()),
                message: s(e.message()),
                own: false,
            })
            .collect(),
        created_at: ts(sv.created_at()),
        enable_execute_command: sv.enable_execute_command(),
    }
}

fn deployment_configuration(c: &ecs::DeploymentConfiguration) -> DeploymentConfiguration {
    let d = DeploymentConfiguration::default();
    DeploymentConfiguration {
        minimum_healthy_percent: c
            .minimum_healthy_percent()
            .map(u)
            .unwrap_or(d.minimum_healthy_percent),
        maximum_percent: c.maximum_percent().map(u).unwrap_or(d.maximum_percent),
        circuit_breaker: c.deployment_circuit_breaker().map(|b| CircuitBreaker {
            enable: b.enable(),
            rollback: b.rollback(),
        }),
        strategy: strategy(c),
        bake_time_minutes: c.bake_time_in_minutes().map(u),
        pause_hooks: c
            .lifecycle_hooks()
            .iter()
            .filter(|h| {
                h.target_type()
                    .is_some_and(|t| t.as_str().eq_ignore_ascii_case("PAUSE"))
            })
            .count() as u32,
    }
}

/// ECS's defaults for what `linearConfiguration` and `canaryConfiguration` leave out (API reference).
const LINEAR_STEP_PERCENT: f64 = 10.0;
const LINEAR_STEP_BAKE_MINUTES: u32 = 6;
const CANARY_PERCENT: f64 = 5.0;
const CANARY_BAKE_MINUTES: u32 = 10;

/// `deploymentConfiguration.strategy` with its linear or canary settings (ROLLING when absent).
fn strategy(c: &ecs::DeploymentConfiguration) -> Strategy {
    match c.strategy().map(|s| s.as_str()) {
        Some("BLUE_GREEN") => Strategy::BlueGreen,
        Some("LINEAR") => {
            let l = c.linear_configuration();
            Strategy::Linear {
                step_percent: l
                    .and_then(|l| l.step_percent())
                    .unwrap_or(LINEAR_STEP_PERCENT),
                step_bake_minutes: l
                    .and_then(|l| l.step_bake_time_in_minutes())
                    .map_or(LINEAR_STEP_BAKE_MINUTES, u),
            }
        }
        Some("CANARY") => {
            let k = c.canary_configuration();
            Strategy::Canary {
                percent: k.and_then(|k| k.canary_percent()).unwrap_or(CANARY_PERCENT),
                bake_minutes: k
                    .and_then(|k| k.canary_bake_time_in_minutes())
                    .map_or(CANARY_BAKE_MINUTES, u),
            }
        }
        _ => Strategy::Rolling,
    }
}

fn deployment(d: &ecs::Deployment) -> Deployment {
    Deployment {
        id: s(d.id()),
        status: match d.status() {
            Some("ACTIVE") => DeploymentStatus::Active,
            Some("INACTIVE") => DeploymentStatus::Inactive,
            _ => DeploymentStatus::Primary,
        },
        task_definition: s(d.task_definition()),
        desired_count: u(d.desired_count()),
        pending_count: u(d.pending_count()),
        running_count: u(d.running_count()),
        failed_tasks: u(d.failed_tasks()),
        rollout_state: match d.rollout_state() {
            Some(ecs::DeploymentRolloutState::Failed) => RolloutState::Failed,
            Some(ecs::DeploymentRolloutState::InProgress) => RolloutState::InProgress,
            // moto leaves it out: a deployment nobody is rolling counts as done.
            _ => RolloutState::Completed,
        },
        rollout_state_reason: s(d.rollout_state_reason()),
        created_at: ts(d.created_at()),
        updated_at: ts(d.updated_at()),
    }
}

fn health(h: Option<&ecs::HealthStatus>) -> HealthStatus {
    match h {
        Some(ecs::HealthStatus::Healthy) => HealthStatus::Healthy,
        Some(ecs::HealthStatus::Unhealthy) => HealthStatus::Unhealthy,
        _ => HealthStatus::Unknown,
    }
}

pub(crate) fn task(t: &ecs::Task) -> Task {
    let private_ip = t
        .attachments()
        .iter()
        .flat_map(|a| a.details())
        .find(|kv| kv.name() == Some("privateIPv4Address"))
        .and_then(|kv| kv.value())
        .map(str::to_string)
        .or_else(|| {
            t.containers()
                .iter()
                .flat_map(|c| c.network_interfaces())
                .find_map(|n| n.private_ipv4_address())
                .map(str::to_string)
        });
    Task {
        arn: s(t.task_arn()),
        cluster_arn: s(t.cluster_arn()),
        task_definition_arn: s(t.task_definition_arn()),
        group: s(t.group()),
        started_by: s(t.started_by()),
        last_status: t
            .last_status()
            .and_then(TaskStatus::parse)
            .unwrap_or_default(),
        desired_status: match t.desired_status() {
            Some("STOPPED") => DesiredStatus::Stopped,
            _ => DesiredStatus::Running,
        },
        health_status: health(t.health_status()),
        availability_zone: s(t.availability_zone()),
        launch_type: launch_type(t.launch_type()),
        cpu: num(t.cpu()).unwrap_or(0),
        memory: num(t.memory()).unwrap_or(0),
        container_instance_arn: t.container_instance_arn().map(str::to_string),
        // Learnt from the container instance, by the runtime.
        ec2_instance_id: None,
        private_ip,
        created_at: ts(t.created_at()),
        started_at: opt_ts(t.started_at()),
        stopping_at: opt_ts(t.stopping_at()),
        stopped_at: opt_ts(t.stopped_at()),
        stop_code: t.stop_code().and_then(|c| StopCode::parse(c.as_str())),
        stopped_reason: t.stopped_reason().map(str::to_string),
        containers: t.containers().iter().map(container).collect(),
        enable_execute_command: t.enable_execute_command(),
    }
}

fn container(c: &ecs::Container) -> Container {
    Container {
        name: s(c.name()),
        image: s(c.image()),
        last_status: s(c.last_status()),
        exit_code: c.exit_code(),
        reason: c.reason().map(str::to_string),
        health_status: health(c.health_status()),
        runtime_id: c.runtime_id().filter(|r| !r.is_empty()).map(str::to_string),
        exec_agent: c
            .managed_agents()
            .iter()
            .find(|a| a.name().map(|n| n.as_str()) == Some("ExecuteCommandAgent"))
            .map(|a| ExecAgent {
                status: s(a.last_status()),
                reason: a.reason().filter(|r| !r.is_empty()).map(str::to_string),
            }),
        network_bindings: c
            .network_bindings()
            .iter()
            .filter_map(|b| {
                Some(NetworkBinding {
                    container_port: u16::try_from(b.container_port()?).ok()?,
                    host_port: u16::try_from(b.host_port()?).ok()?,
                })
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests;
