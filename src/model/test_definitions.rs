//! A realistic revision with every field wharf keeps, for the model's tests.

use std::collections::BTreeMap;

use super::*;

pub(crate) fn awslogs(group: &str, region: &str, prefix: Option<&str>) -> LogConfiguration {
    let mut options = BTreeMap::from([
        ("awslogs-group".to_string(), group.to_string()),
        ("awslogs-region".to_string(), region.to_string()),
    ]);
    if let Some(prefix) = prefix {
        options.insert("awslogs-stream-prefix".into(), prefix.into());
    }
    LogConfiguration {
        driver: "awslogs".into(),
        options,
        secret_options: Vec::new(),
    }
}

pub(crate) fn web_container() -> ContainerDefinition {
    ContainerDefinition {
        name: "web".into(),
        image: "123456789012.dkr.ecr.eu-west-1.amazonaws.com/web:1.8.2".into(),
        cpu: 256,
        memory: Some(1024),
        memory_reservation: Some(512),
        essential: true,
        entry_point: vec!["/docker-entrypoint.sh".into()],
        command: vec!["serve".into(), "--port".into(), "8080".into()],
        working_directory: Some("/app".into()),
        port_mappings: vec![PortMapping {
            container_port: 8080,
            host_port: 8080,
            protocol: "tcp",
            name: Some("web-http".into()),
            app_protocol: Some("http".into()),
        }],
        environment: vec![
            EnvVar::new("DB_HOST", "db.internal"),
            EnvVar::new("LOG_LEVEL", "info"),
        ],
        environment_files: vec![EnvironmentFile {
            value: "arn:aws:s3:::config-bucket/web.env".into(),
            kind: "s3".into(),
        }],
        secrets: vec![Secret::new(
            "API_KEY",
            "arn:aws:secretsmanager:eu-west-1:123456789012:secret:web/api-key-AbCdEf",
        )],
        mount_points: vec![MountPoint {
            source_volume: "data".into(),
            container_path: "/data".into(),
            read_only: false,
        }],
        depends_on: vec![ContainerDependency {
            container: "log-router".into(),
            condition: "START".into(),
        }],
        health_check: Some(HealthCheck {
            command: vec![
                "CMD-SHELL".into(),
                "curl -f http://localhost:8080/health || exit 1".into(),
            ],
            interval: Some(30),
            timeout: Some(5),
            retries: Some(3),
            start_period: Some(10),
        }),
        log_configuration: Some(awslogs("/ecs/web", "eu-west-1", Some("ecs"))),
        firelens: None,
        user: Some("1000".into()),
        readonly_root_filesystem: Some(true),
        start_timeout: None,
        stop_timeout: Some(30),
        ulimits: vec![Ulimit {
            name: "nofile".into(),
            soft_limit: 65536,
            hard_limit: 65536,
        }],
        docker_labels: BTreeMap::from([("team".to_string(), "storefront".to_string())]),
    }
}

pub(crate) fn log_router() -> ContainerDefinition {
    ContainerDefinition {
        name: "log-router".into(),
        image: "public.ecr.aws/aws-observability/aws-for-fluent-bit:stable".into(),
        memory_reservation: Some(50),
        essential: true,
        firelens: Some(FirelensConfiguration {
            kind: "fluentbit".into(),
            options: BTreeMap::new(),
        }),
        ..ContainerDefinition::default()
    }
}

/// `web:42`: two containers, an EFS volume, roles, a runtime platform.
pub(crate) fn web() -> TaskDefinition {
    TaskDefinition {
        arn: "arn:aws:ecs:eu-west-1:123456789012:task-definition/web:42".into(),
        family: "web".into(),
        revision: 42,
        status: "ACTIVE".into(),
        task_role_arn: Some("arn:aws:iam::123456789012:role/web-task".into()),
        execution_role_arn: Some("arn:aws:iam::123456789012:role/ecsTaskExecutionRole".into()),
        cpu: Some(512),
        memory: Some(2048),
        network_mode: NetworkMode::Awsvpc,
        requires_compatibilities: vec!["FARGATE".into()],
        runtime_platform: Some(RuntimePlatform {
            cpu_architecture: Some("ARM64".into()),
            operating_system_family: Some("LINUX".into()),
        }),
        ephemeral_storage_gib: Some(30),
        pid_mode: None,
        ipc_mode: None,
        volumes: vec![Volume {
            name: "data".into(),
            kind: VolumeKind::Efs {
                file_system_id: "fs-0123456789abcdef0".into(),
                root_directory: Some("/web".into()),
                transit_encryption: Some("ENABLED".into()),
                access_point_id: Some("fsap-0123456789abcdef0".into()),
                iam: Some("ENABLED".into()),
            },
        }],
        placement_constraints: Vec::new(),
        containers: vec![web_container(), log_router()],
        registered_at: Some(Timestamp(1_767_258_000_000)),
        registered_by: Some("arn:aws:sts::123456789012:assumed-role/ci/deploy".into()),
        deregistered_at: None,
    }
}
