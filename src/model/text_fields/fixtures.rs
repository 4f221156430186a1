//! Every field of every model type a backend returns, filled: struct literals without `..Default::default()`,
//! so that a new field does not compile here until it is filled, and then fails `tests` until `text_fields`
//! visits it.

use std::collections::BTreeMap;

use super::super::*;

pub(super) fn s() -> String {
    "text".to_string()
}

pub(super) fn some() -> Option<String> {
    Some(s())
}

pub(super) fn map() -> BTreeMap<String, String> {
    BTreeMap::from([(s(), s())])
}

pub(super) const AT: Timestamp = Timestamp(1);

pub(super) fn clusters() -> Vec<Cluster> {
    vec![Cluster {
        arn: s(),
        name: s(),
        status: s(),
        capacity_providers: vec![s()],
        default_capacity_provider_strategy: vec![CapacityProviderStrategyItem {
            capacity_provider: s(),
            weight: 1,
            base: 0,
        }],
        registered_container_instances: 1,
        running_tasks: 1,
        pending_tasks: 1,
        active_services: 1,
    }]
}

pub(super) fn container_instances() -> Vec<ContainerInstance> {
    vec![ContainerInstance {
        arn: s(),
        ec2_instance_id: s(),
        instance_type: some(),
        availability_zone: s(),
        status: s(),
        agent_connected: true,
        agent_version: some(),
        capacity_provider_name: some(),
        registered_at: Some(AT),
        registered_cpu: 1,
        registered_memory: 1,
        remaining_cpu: 1,
        remaining_memory: 1,
        running_tasks: 1,
        pending_tasks: 1,
    }]
}

pub(super) fn capacity_providers() -> Vec<CapacityProvider> {
    let provider = |kind| CapacityProvider {
        arn: s(),
        name: s(),
        status: s(),
        kind,
    };
    vec![
        provider(CapacityProviderKind::AutoScalingGroup(
            AutoScalingGroupProvider {
                auto_scaling_group_arn: s(),
                managed_scaling: true,
                target_capacity: Some(100),
                managed_termination_protection: true,
            },
        )),
        provider(CapacityProviderKind::Other(s())),
    ]
}

pub(super) fn services() -> Vec<Service> {
    vec![Service {
        arn: s(),
        name: s(),
        cluster_arn: s(),
        status: ServiceStatus::Active,
        desired_count: 1,
        running_count: 1,
        pending_count: 1,
        launch_type: LaunchType::Fargate,
        task_definition: s(),
        deployments: vec![Deployment {
            id: s(),
            status: DeploymentStatus::Primary,
            task_definition: s(),
            desired_count: 1,
            pending_count: 1,
            running_count: 1,
            failed_tasks: 1,
            rollout_state: RolloutState::InProgress,
            rollout_state_reason: s(),
            created_at: AT,
            updated_at: AT,
        }],
        deployment_configuration: DeploymentConfiguration::default(),
        load_balancers: vec![LoadBalancerBinding {
            target_group_arn: s(),
            container_name: s(),
            container_port: 80,
            alternate_target_group_arn: some(),
        }],
        events: vec![ServiceEvent {
            id: s(),
            created_at: AT,
            message: s(),
            own: false,
        }],
        created_at: AT,
        enable_execute_command: true,
    }]
}

pub(super) fn tasks() -> Vec<Task> {
    vec![Task {
        arn: s(),
        cluster_arn: s(),
        task_definition_arn: s(),
        group: s(),
        started_by: s(),
        last_status: TaskStatus::Stopped,
        desired_status: DesiredStatus::Stopped,
        health_status: HealthStatus::Unknown,
        availability_zone: s(),
        launch_type: LaunchType::Ec2,
        cpu: 1,
        memory: 1,
        container_instance_arn: some(),
        ec2_instance_id: some(),
        private_ip: some(),
        created_at: AT,
        started_at: Some(AT),
        stopping_at: Some(AT),
        stopped_at: Some(AT),
        stop_code: Some(StopCode::EssentialContainerExited),
        stopped_reason: some(),
        containers: vec![Container {
            name: s(),
            image: s(),
            last_status: s(),
            exit_code: Some(1),
            reason: some(),
            health_status: HealthStatus::Unhealthy,
            runtime_id: some(),
            exec_agent: Some(ExecAgent {
                status: s(),
                reason: some(),
            }),
            network_bindings: vec![NetworkBinding {
                container_port: 1,
                host_port: 1,
            }],
        }],
        enable_execute_command: true,
    }]
}

pub(super) fn container_definition() -> ContainerDefinition {
    ContainerDefinition {
        name: s(),
        image: s(),
        cpu: 1,
        memory: Some(1),
        memory_reservation: Some(1),
        essential: true,
        entry_point: vec![s()],
        command: vec![s()],
        working_directory: some(),
        port_mappings: vec![PortMapping {
            container_port: 1,
            host_port: 1,
            protocol: "tcp",
            name: some(),
            app_protocol: some(),
        }],
        environment: vec![EnvVar {
            name: s(),
            value: s(),
        }],
        environment_files: vec![EnvironmentFile {
            value: s(),
            kind: s(),
        }],
        secrets: vec![Secret {
            name: s(),
            value_from: s(),
        }],
        mount_points: vec![MountPoint {
            source_volume: s(),
            container_path: s(),
            read_only: true,
        }],
        depends_on: vec![ContainerDependency {
            container: s(),
            condition: s(),
        }],
        health_check: Some(HealthCheck {
            command: vec![s()],
            interval: Some(1),
            timeout: Some(1),
            retries: Some(1),
            start_period: Some(1),
        }),
        log_configuration: Some(LogConfiguration {
            driver: s(),
            options: map(),
            secret_options: vec![Secret {
                name: s(),
                value_from: s(),
            }],
        }),
        firelens: Some(FirelensConfiguration {
            kind: s(),
            options: map(),
        }),
        user: some(),
        readonly_root_filesystem: Some(true),
        start_timeout: Some(1),
        stop_timeout: Some(1),
        ulimits: vec![Ulimit {
            name: s(),
            soft_limit: 1,
            hard_limit: 1,
        }],
        docker_labels: map(),
    }
}

pub(super) fn task_definitions() -> Vec<TaskDefinition> {
    let volume = |kind| Volume { name: s(), kind };
    vec![TaskDefinition {
        arn: s(),
        family: s(),
        revision: 1,
        status: s(),
        task_role_arn: some(),
        execution_role_arn: some(),
        cpu: Some(1),
        memory: Some(1),
        network_mode: NetworkMode::Awsvpc,
        requires_compatibilities: vec![s()],
        runtime_platform: Some(RuntimePlatform {
            cpu_architecture: some(),
            operating_system_family: some(),
        }),
        ephemeral_storage_gib: Some(1),
        pid_mode: some(),
        ipc_mode: some(),
        volumes: vec![
            volume(VolumeKind::Host {
                source_path: some(),
            }),
            volume(VolumeKind::Docker {
                scope: some(),
                driver: some(),
                autoprovision: Some(true),
                driver_opts: map(),
            }),
            volume(VolumeKind::Efs {
                file_system_id: s(),
                root_directory: some(),
                transit_encryption: some(),
                access_point_id: some(),
                iam: some(),
            }),
            volume(VolumeKind::FsxWindows {
                file_system_id: s(),
                root_directory: s(),
            }),
            volume(VolumeKind::ConfiguredAtLaunch),
        ],
        placement_constraints: vec![PlacementConstraint {
            kind: s(),
            expression: some(),
        }],
        containers: vec![container_definition()],
        registered_at: Some(AT),
        registered_by: some(),
        deregistered_at: Some(AT),
    }]
}
