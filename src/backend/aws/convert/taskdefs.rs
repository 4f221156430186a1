//! DescribeTaskDefinition's revision -> wharf's `TaskDefinition`, every field a person reads or compares.

use std::collections::{BTreeMap, HashMap};

use aws_sdk_ecs::types as ecs;

use super::{num, opt_ts, port, s, u};
use crate::model::{
    ContainerDefinition, ContainerDependency, EnvVar, EnvironmentFile, FirelensConfiguration,
    HealthCheck, LogConfiguration, MountPoint, NetworkMode, PlacementConstraint, PortMapping,
    RuntimePlatform, Secret, TaskDefinition, Ulimit, Volume, VolumeKind,
};

fn opt_u(v: Option<i32>) -> Option<u32> {
    v.and_then(|v| u32::try_from(v).ok())
}

fn opt_s(v: Option<&str>) -> Option<String> {
    v.filter(|v| !v.is_empty()).map(str::to_string)
}

fn sorted(m: Option<&HashMap<String, String>>) -> BTreeMap<String, String> {
    m.map(|m| m.iter().map(|(k, v)| (k.clone(), v.clone())).collect())
        .unwrap_or_default()
}

pub(crate) fn task_definition(td: &ecs::TaskDefinition) -> TaskDefinition {
    TaskDefinition {
        arn: s(td.task_definition_arn()),
        family: s(td.family()),
        revision: u(td.revision()),
        status: td
            .status()
            .map(|s| s.as_str().to_string())
            .unwrap_or_default(),
        task_role_arn: opt_s(td.task_role_arn()),
        execution_role_arn: opt_s(td.execution_role_arn()),
        cpu: num(td.cpu()),
        memory: num(td.memory()),
        network_mode: match td.network_mode() {
            Some(ecs::NetworkMode::Bridge) => NetworkMode::Bridge,
            Some(ecs::NetworkMode::Host) => NetworkMode::Host,
            Some(ecs::NetworkMode::None) => NetworkMode::None,
            _ => NetworkMode::Awsvpc,
        },
        requires_compatibilities: td
            .requires_compatibilities()
            .iter()
            .map(|c| c.as_str().to_string())
            .collect(),
        runtime_platform: td.runtime_platform().map(|p| RuntimePlatform {
            cpu_architecture: p.cpu_architecture().map(|a| a.as_str().to_string()),
            operating_system_family: p.operating_system_family().map(|o| o.as_str().to_string()),
        }),
        ephemeral_storage_gib: td.ephemeral_storage().map(|e| u(e.size_in_gib())),
        pid_mode: td.pid_mode().map(|m| m.as_str().to_string()),
        ipc_mode: td.ipc_mode().map(|m| m.as_str().to_string()),
        volumes: td.volumes().iter().map(volume).collect(),
        placement_constraints: td
            .placement_constraints()
            .iter()
            .map(|p| PlacementConstraint {
                kind: p.r#type().map_or("memberOf", |t| t.as_str()).to_string(),
                expression: opt_s(p.expression()),
            })
            .collect(),
        containers: td
            .container_definitions()
            .iter()
            .map(container_definition)
            .collect(),
        registered_at: opt_ts(td.registered_at()),
        registered_by: opt_s(td.registered_by()),
        deregistered_at: opt_ts(td.deregistered_at()),
    }
}

fn volume(v: &ecs::Volume) -> Volume {
    let kind = if let Some(e) = v.efs_volume_configuration() {
        let auth = e.authorization_config();
        VolumeKind::Efs {
            file_system_id: e.file_system_id().to_string(),
            root_directory: opt_s(e.root_directory()),
            transit_encryption: e.transit_encryption().map(|t| t.as_str().to_string()),
            access_point_id: opt_s(auth.and_then(|a| a.access_point_id())),
            iam: auth.and_then(|a| a.iam()).map(|i| i.as_str().to_string()),
        }
    } else if let Some(d) = v.docker_volume_configuration() {
        VolumeKind::Docker {
            scope: d.scope().map(|s| s.as_str().to_string()),
            driver: opt_s(d.driver()),
            autoprovision: d.autoprovision(),
            driver_opts: sorted(d.driver_opts()),
        }
    } else if let Some(f) = v.fsx_windows_file_server_volume_configuration() {
        VolumeKind::FsxWindows {
            file_system_id: f.file_system_id().to_string(),
            root_directory: f.root_directory().to_string(),
        }
    } else if v.configured_at_launch() == Some(true) {
        VolumeKind::ConfiguredAtLaunch
    } else {
        VolumeKind::Host {
            source_path: opt_s(v.host().and_then(|h| h.source_path())),
        }
    };
    Volume {
        name: s(v.name()),
        kind,
    }
}

fn secret(x: &ecs::Secret) -> Secret {
    Secret::new(x.name(), x.value_from())
}

pub(super) fn container_definition(c: &ecs::ContainerDefinition) -> ContainerDefinition {
    ContainerDefinition {
        name: s(c.name()),
        image: s(c.image()),
        cpu: u(c.cpu()),
        memory: opt_u(c.memory()),
        memory_reservation: opt_u(c.memory_reservation()),
        essential: c.essential().unwrap_or(true),
        entry_point: c.entry_point().to_vec(),
        command: c.command().to_vec(),
        working_directory: opt_s(c.working_directory()),
        port_mappings: c
            .port_mappings()
            .iter()
            .map(|p| PortMapping {
                container_port: port(p.container_port()),
                host_port: port(p.host_port()),
                protocol: match p.protocol() {
                    Some(ecs::TransportProtocol::Udp) => "udp",
                    _ => "tcp",
                },
                name: opt_s(p.name()),
                app_protocol: p.app_protocol().map(|a| a.as_str().to_string()),
            })
            .collect(),
        environment: c
            .environment()
            .iter()
            .filter_map(|kv| Some(EnvVar::new(kv.name()?, kv.value().unwrap_or_default())))
            .collect(),
        environment_files: c
            .environment_files()
            .iter()
            .map(|f| EnvironmentFile {
                value: f.value().to_string(),
                kind: f.r#type().as_str().to_string(),
            })
            .collect(),
        secrets: c.secrets().iter().map(secret).collect(),
        mount_points: c
            .mount_points()
            .iter()
            .map(|m| MountPoint {
                source_volume: s(m.source_volume()),
                container_path: s(m.container_path()),
                read_only: m.read_only().unwrap_or(false),
            })
            .collect(),
        depends_on: c
            .depends_on()
            .iter()
            .map(|d| ContainerDependency {
                container: d.container_name().to_string(),
                condition: d.condition().as_str().to_string(),
            })
            .collect(),
        health_check: c.health_check().map(|h| HealthCheck {
            command: h.command().to_vec(),
            interval: opt_u(h.interval()),
            timeout: opt_u(h.timeout()),
            retries: opt_u(h.retries()),
            start_period: opt_u(h.start_period()),
        }),
        log_configuration: c.log_configuration().map(|l| LogConfiguration {
            driver: l.log_driver().as_str().to_string(),
            options: sorted(l.options()),
            secret_options: l.secret_options().iter().map(secret).collect(),
        }),
        firelens: c.firelens_configuration().map(|f| FirelensConfiguration {
            kind: f.r#type().as_str().to_string(),
            options: sorted(f.options()),
        }),
        user: opt_s(c.user()),
        readonly_root_filesystem: c.readonly_root_filesystem(),
        start_timeout: opt_u(c.start_timeout()),
        stop_timeout: opt_u(c.stop_timeout()),
        ulimits: c
            .ulimits()
            .iter()
            .map(|l| Ulimit {
                name: l.name().as_str().to_string(),
                soft_limit: i64::from(l.soft_limit()),
                hard_limit: i64::from(l.hard_limit()),
            })
            .collect(),
        docker_labels: sorted(c.docker_labels()),
    }
}
