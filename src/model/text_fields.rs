//! Which fields of each model type hold text, and which of them are prose (shown wrapped, line breaks kept).
//!
//! A field missing here would escape cleaning: `tests::every_string_field_is_visited` fills every string a
//! populated value holds and fails, naming the text, for any field these lists leave out.

use super::text::{Shape, Texts};
use super::*;
use crate::impl_texts;

impl_texts!(Cluster {
    arn,
    name,
    status,
    capacity_providers,
    default_capacity_provider_strategy
});
impl_texts!(ContainerInstance {
    arn,
    ec2_instance_id,
    instance_type,
    availability_zone,
    status,
    agent_version,
    capacity_provider_name,
});
impl_texts!(CapacityProvider {
    arn,
    name,
    status,
    kind
});
impl_texts!(AutoScalingGroupProvider {
    auto_scaling_group_arn
});
impl_texts!(CapacityProviderStrategyItem { capacity_provider });
impl_texts!(TaskProtection { task_arn });

impl Texts for CapacityProviderKind {
    fn texts(&mut self, visit: &mut dyn FnMut(&mut String, Shape)) {
        match self {
            CapacityProviderKind::AutoScalingGroup(asg) => asg.texts(visit),
            CapacityProviderKind::Other(name) => name.texts(visit),
            CapacityProviderKind::Fargate
            | CapacityProviderKind::FargateSpot
            | CapacityProviderKind::ManagedInstances => {}
        }
    }
}

impl_texts!(Service {
    arn,
    name,
    cluster_arn,
    task_definition,
    deployments,
    load_balancers,
    events,
});
impl_texts!(Deployment { id, task_definition; prose: rollout_state_reason });
impl_texts!(LoadBalancerBinding {
    target_group_arn,
    container_name,
    alternate_target_group_arn
});
impl_texts!(ServiceEvent { id; prose: message });
impl_texts!(ServiceDeploymentBrief { arn, status });

impl_texts!(Task {
    arn,
    cluster_arn,
    task_definition_arn,
    group,
    started_by,
    availability_zone,
    container_instance_arn,
    ec2_instance_id,
    private_ip,
    containers;
    prose: stopped_reason
});
impl_texts!(Container { name, image, last_status, runtime_id, exec_agent; prose: reason });
impl_texts!(ExecAgent { status; prose: reason });
impl_texts!(ExecSession {
    session_id,
    stream_url,
    token_value,
    simulated
});
impl_texts!(SimulatedShell {
    task_id,
    container,
    image,
    task_definition,
    env,
    secrets,
    command;
    prose: health
});

impl_texts!(TaskDefinition {
    arn,
    family,
    status,
    task_role_arn,
    execution_role_arn,
    requires_compatibilities,
    runtime_platform,
    pid_mode,
    ipc_mode,
    volumes,
    placement_constraints,
    containers,
    registered_by,
});
impl_texts!(RevisionRef { arn });
impl_texts!(RuntimePlatform {
    cpu_architecture,
    operating_system_family
});
impl_texts!(Volume { name, kind });
impl_texts!(PlacementConstraint { kind, expression });

impl Texts for VolumeKind {
    fn texts(&mut self, visit: &mut dyn FnMut(&mut String, Shape)) {
        match self {
            VolumeKind::Host { source_path } => source_path.texts(visit),
            VolumeKind::Docker {
                scope,
                driver,
                autoprovision: _,
                driver_opts,
            } => {
                scope.texts(visit);
                driver.texts(visit);
                driver_opts.texts(visit);
            }
            VolumeKind::Efs {
                file_system_id,
                root_directory,
                transit_encryption,
                access_point_id,
                iam,
            } => {
                file_system_id.texts(visit);
                root_directory.texts(visit);
                transit_encryption.texts(visit);
                access_point_id.texts(visit);
                iam.texts(visit);
            }
            VolumeKind::FsxWindows {
                file_system_id,
                root_directory,
            } => {
                file_system_id.texts(visit);
                root_directory.texts(visit);
            }
            VolumeKind::ConfiguredAtLaunch => {}
        }
    }
}

impl_texts!(ContainerDefinition {
    name,
    image,
    entry_point,
    command,
    working_directory,
    port_mappings,
    environment,
    environment_files,
    secrets,
    mount_points,
    depends_on,
    health_check,
    log_configuration,
    firelens,
    user,
    ulimits,
    docker_labels,
});
impl_texts!(PortMapping { name, app_protocol });
impl_texts!(EnvVar { name, value });
impl_texts!(Secret { name, value_from });
impl_texts!(EnvironmentFile { value, kind });
impl_texts!(HealthCheck { command });
impl_texts!(LogConfiguration {
    driver,
    options,
    secret_options
});
impl_texts!(FirelensConfiguration { kind, options });
impl_texts!(MountPoint {
    source_volume,
    container_path
});
impl_texts!(ContainerDependency {
    container,
    condition
});
impl_texts!(Ulimit { name });

impl_texts!(LoadBalancer {
    arn,
    name,
    scheme,
    dns_name,
    state,
    vpc_id,
    availability_zones,
    ip_address_type,
});
impl_texts!(TargetGroup {
    arn,
    name,
    protocol,
    target_type,
    load_balancer_arns,
    vpc_id,
    health_check,
});
impl_texts!(TargetGroupHealthCheck {
    protocol,
    port,
    path,
    matcher
});
impl_texts!(TargetHealth { target_id, availability_zone, reason; prose: description });
impl_texts!(Listener {
    arn,
    load_balancer_arn,
    protocol,
    default_target_groups,
    default_actions
});
impl_texts!(ListenerRule {
    arn,
    listener_arn,
    priority,
    target_groups,
    conditions,
    actions
});
impl_texts!(QueryPair { key, value });
impl_texts!(WeightedTargetGroup { arn });

impl Texts for Matcher {
    fn texts(&mut self, visit: &mut dyn FnMut(&mut String, Shape)) {
        match self {
            Matcher::Http(codes) | Matcher::Grpc(codes) => codes.texts(visit),
        }
    }
}

impl Texts for RuleCondition {
    fn texts(&mut self, visit: &mut dyn FnMut(&mut String, Shape)) {
        match self {
            RuleCondition::PathPattern(values)
            | RuleCondition::HostHeader(values)
            | RuleCondition::HttpRequestMethod(values)
            | RuleCondition::SourceIp(values) => values.texts(visit),
            RuleCondition::QueryString(pairs) => pairs.texts(visit),
            RuleCondition::HttpHeader { name, values }
            | RuleCondition::Other {
                field: name,
                values,
            } => {
                name.texts(visit);
                values.texts(visit);
            }
        }
    }
}

impl Texts for RuleAction {
    fn texts(&mut self, visit: &mut dyn FnMut(&mut String, Shape)) {
        match self {
            RuleAction::Forward { groups, .. } => groups.texts(visit),
            RuleAction::FixedResponse {
                status_code,
                content_type,
            } => {
                status_code.texts(visit);
                content_type.texts(visit);
            }
            RuleAction::Redirect { to } => to.texts(visit),
            RuleAction::Authenticate { kind } | RuleAction::Other(kind) => kind.texts(visit),
        }
    }
}

impl_texts!(ServiceDeployment {
    arn,
    status,
    sources,
    target,
    lifecycle_stage,
    hooks,
    breaker;
    prose: status_reason, rollback_reason
});
impl_texts!(RevisionSide {
    service_revision_arn,
    task_definition
});
impl_texts!(LifecycleHook {
    hook_id,
    target_type,
    status,
    timeout_action
});
impl_texts!(BreakerStatus { status });
impl_texts!(ServiceRevision {
    arn,
    task_definition
});

impl Texts for ServiceDeploymentStatus {
    fn texts(&mut self, visit: &mut dyn FnMut(&mut String, Shape)) {
        if let ServiceDeploymentStatus::Other(status) = self {
            status.texts(visit);
        }
    }
}

impl_texts!(LogEvent { stream, id; prose: message });
impl_texts!(LogPage {
    events,
    next_token,
    previous_token
});

/// Metrics carry no text: their names are wharf's own.
impl Texts for MetricSeries {
    fn texts(&mut self, _visit: &mut dyn FnMut(&mut String, Shape)) {}
}

impl Texts for Alarm {
    fn texts(&mut self, visit: &mut dyn FnMut(&mut String, Shape)) {
        self.name.texts(visit);
        super::as_prose(&mut self.reason, visit);
        self.namespace.texts(visit);
        self.metric_name.texts(visit);
        for (name, value) in &mut self.dimensions {
            name.texts(visit);
            value.texts(visit);
        }
        self.condition.texts(visit);
    }
}

impl_texts!(ScalableTarget { resource_id });
impl_texts!(ScalingPolicy { name, kind });
impl_texts!(ScheduledAction { name, schedule });
impl_texts!(ScalingActivity { description, cause, status; prose: status_message });
impl_texts!(ServiceScaling {
    target,
    policies,
    scheduled,
    activities
});

impl Texts for PolicyKind {
    fn texts(&mut self, visit: &mut dyn FnMut(&mut String, Shape)) {
        match self {
            PolicyKind::TargetTracking { metric, .. } => metric.texts(visit),
            PolicyKind::Step {
                adjustment_type,
                steps,
                ..
            } => {
                adjustment_type.texts(visit);
                steps.texts(visit);
            }
            PolicyKind::Other(kind) => kind.texts(visit),
        }
    }
}

#[cfg(test)]
mod fixtures;
#[cfg(test)]
mod fixtures_elb;
#[cfg(test)]
mod tests;
