//! Task definitions as full data through the AWS backend against moto: a revision registered with every field
//! wharf keeps comes back whole (and as the JSON RegisterTaskDefinition takes), families are listed, and a
//! family's revisions of every status. moto ignores ListTaskDefinitionFamilies' `status` and removes a deleted
//! revision at once (real ECS keeps it DELETE_IN_PROGRESS): those filters are covered against the sandbox.

mod support;

use aws_sdk_ecs::types::{
    ApplicationProtocol, Compatibility, ContainerCondition, ContainerDefinition,
    ContainerDependency, CpuArchitecture, EfsVolumeConfiguration, EnvironmentFile,
    EnvironmentFileType, EphemeralStorage, FirelensConfiguration, FirelensConfigurationType,
    HealthCheck, HostVolumeProperties, KeyValuePair, LogConfiguration, LogDriver, MountPoint,
    NetworkMode, OsFamily, PortMapping, RuntimePlatform, Secret, TaskDefinitionPlacementConstraint,
    TaskDefinitionPlacementConstraintType, TransportProtocol, Ulimit, UlimitName, Volume,
};
use serde_json::json;
use support::moto;
use support::world::Fixture;
use wharf::backend::{Backend, BackendError};
use wharf::model::{
    logs_target, register_json, EnvVar, LogsTarget, RevisionRef, RevisionStatus, Secret as Sec,
    VolumeKind,
};

fn fixture() -> Fixture {
    Fixture::new(&moto::shared().endpoint)
}

fn app() -> ContainerDefinition {
    let kv = |k: &str, v: &str| KeyValuePair::builder().name(k).value(v).build();
    let secret = |n: &str, v: &str| Secret::builder().name(n).value_from(v).build().unwrap();
    ContainerDefinition::builder()
        .name("app")
        .image("repo/app:2.0")
        .cpu(256)
        .memory(512)
        .memory_reservation(256)
        .port_mappings(
            PortMapping::builder()
                .container_port(8080)
                .host_port(8080)
                .protocol(TransportProtocol::Tcp)
                .name("app-http")
                .app_protocol(ApplicationProtocol::Http)
                .build(),
        )
        .essential(true)
        .entry_point("/entry.sh")
        .command("serve")
        .command("--port=8080")
        .environment(kv("DB_HOST", "db.internal"))
        .environment(kv("LOG_LEVEL", "info"))
        .environment_files(
            EnvironmentFile::builder()
                .value("arn:aws:s3:::bucket/app.env")
                .r#type(EnvironmentFileType::S3)
                .build()
                .unwrap(),
        )
        .mount_points(
            MountPoint::builder()
                .source_volume("data")
                .container_path("/data")
                .read_only(true)
                .build(),
        )
        .secrets(secret(
            "API_KEY",
            "arn:aws:secretsmanager:us-east-1:123456789012:secret:app/api-key",
        ))
        .depends_on(
            ContainerDependency::builder()
                .container_name("log-router")
                .condition(ContainerCondition::Start)
                .build()
                .unwrap(),
        )
        .stop_timeout(45)
        .user("1000:1000")
        .working_directory("/srv")
        .readonly_root_filesystem(true)
        .docker_labels("team", "payments")
        .ulimits(
            Ulimit::builder()
                .name(UlimitName::Nofile)
                .soft_limit(4096)
                .hard_limit(8192)
                .build()
                .unwrap(),
        )
        .log_configuration(
            LogConfiguration::builder()
                .log_driver(LogDriver::Awslogs)
                .options("awslogs-group", "/ecs/moto-full")
                .options("awslogs-region", "us-east-1")
                .options("awslogs-stream-prefix", "ecs")
                .secret_options(secret(
                    "awslogs-credentials",
                    "arn:aws:ssm:us-east-1:123456789012:parameter/x",
                ))
                .build()
                .unwrap(),
        )
        .health_check(
            HealthCheck::builder()
                .command("CMD-SHELL")
                .command("curl -f http://localhost:8080/ || exit 1")
                .interval(15)
                .timeout(3)
                .retries(4)
                .start_period(20)
                .build()
                .unwrap(),
        )
        .build()
}

fn log_router() -> ContainerDefinition {
    ContainerDefinition::builder()
        .name("log-router")
        .image("public.ecr.aws/aws-observability/aws-for-fluent-bit:stable")
        .memory(64)
        .essential(false)
        .firelens_configuration(
            FirelensConfiguration::builder()
                .r#type(FirelensConfigurationType::Fluentbit)
                .options("enable-ecs-log-metadata", "true")
                .build()
                .unwrap(),
        )
        .build()
}

async fn register_full(fx: &Fixture, family: &str) -> String {
    let out = fx
        .ecs
        .register_task_definition()
        .family(family)
        .task_role_arn("arn:aws:iam::123456789012:role/app-task")
        .execution_role_arn("arn:aws:iam::123456789012:role/ecsTaskExecutionRole")
        .network_mode(NetworkMode::Awsvpc)
        .container_definitions(app())
        .container_definitions(log_router())
        .volumes(
            Volume::builder()
                .name("data")
                .efs_volume_configuration(
                    EfsVolumeConfiguration::builder()
                        .file_system_id("fs-12345678")
                        .root_directory("/app")
                        .build()
                        .unwrap(),
                )
                .build(),
        )
        .volumes(
            Volume::builder()
                .name("sock")
                .host(
                    HostVolumeProperties::builder()
                        .source_path("/var/run/app.sock")
                        .build(),
                )
                .build(),
        )
        .placement_constraints(
            TaskDefinitionPlacementConstraint::builder()
                .r#type(TaskDefinitionPlacementConstraintType::MemberOf)
                .expression("attribute:ecs.instance-type =~ t3.*")
                .build(),
        )
        .requires_compatibilities(Compatibility::Fargate)
        .cpu("1024")
        .memory("2048")
        .runtime_platform(
            RuntimePlatform::builder()
                .cpu_architecture(CpuArchitecture::Arm64)
                .operating_system_family(OsFamily::Linux)
                .build(),
        )
        .ephemeral_storage(EphemeralStorage::builder().size_in_gib(40).build())
        .send()
        .await
        .expect("RegisterTaskDefinition");
    out.task_definition()
        .and_then(|t| t.task_definition_arn())
        .expect("ARN")
        .to_string()
}

#[tokio::test]
async fn a_revision_with_every_field_comes_back_whole() {
    let fx = fixture();
    let arn = register_full(&fx, "moto-full").await;
    let aws = fx.aws();
    let td = aws.describe_task_definition(&arn).await.expect("describe");

    assert_eq!(
        td.task_role_arn.as_deref(),
        Some("arn:aws:iam::123456789012:role/app-task")
    );
    assert_eq!(td.ephemeral_storage_gib, Some(40));
    assert_eq!(
        td.runtime_platform
            .as_ref()
            .and_then(|p| p.cpu_architecture.as_deref()),
        Some("ARM64")
    );
    assert!(matches!(
        &td.volumes[0].kind,
        VolumeKind::Efs { file_system_id, .. } if file_system_id == "fs-12345678"
    ));
    let app = td.container("app").expect("app");
    assert_eq!(
        app.environment,
        [
            EnvVar::new("DB_HOST", "db.internal"),
            EnvVar::new("LOG_LEVEL", "info")
        ]
    );
    assert_eq!(
        app.secrets,
        [Sec::new(
            "API_KEY",
            "arn:aws:secretsmanager:us-east-1:123456789012:secret:app/api-key"
        )]
    );
    assert_eq!(app.memory_reservation, Some(256));
    assert_eq!(
        td.container("log-router")
            .and_then(|c| c.firelens.as_ref())
            .map(|f| f.kind.as_str()),
        Some("fluentbit")
    );
    assert_eq!(
        logs_target(app, "abc123", None, "us-east-1"),
        LogsTarget::Awslogs {
            group: "/ecs/moto-full".into(),
            region: "us-east-1".into(),
            stream: Some("ecs/app/abc123".into()),
        }
    );

    // The whole definition, as RegisterTaskDefinition took it (moto's empty defaults left out).
    assert_eq!(
        register_json(&td),
        json!({
            "family": "moto-full",
            "taskRoleArn": "arn:aws:iam::123456789012:role/app-task",
            "executionRoleArn": "arn:aws:iam::123456789012:role/ecsTaskExecutionRole",
            "networkMode": "awsvpc",
            "containerDefinitions": [
                {
                    "name": "app", "image": "repo/app:2.0", "cpu": 256, "memory": 512,
                    "memoryReservation": 256,
                    "portMappings": [{ "containerPort": 8080, "hostPort": 8080, "protocol": "tcp",
                                       "name": "app-http", "appProtocol": "http" }],
                    "essential": true,
                    "entryPoint": ["/entry.sh"],
                    "command": ["serve", "--port=8080"],
                    "environment": [{ "name": "DB_HOST", "value": "db.internal" },
                                    { "name": "LOG_LEVEL", "value": "info" }],
                    "environmentFiles": [{ "value": "arn:aws:s3:::bucket/app.env", "type": "s3" }],
                    "mountPoints": [{ "sourceVolume": "data", "containerPath": "/data", "readOnly": true }],
                    "secrets": [{ "name": "API_KEY",
                                  "valueFrom": "arn:aws:secretsmanager:us-east-1:123456789012:secret:app/api-key" }],
                    "dependsOn": [{ "containerName": "log-router", "condition": "START" }],
                    "stopTimeout": 45,
                    "user": "1000:1000",
                    "workingDirectory": "/srv",
                    "readonlyRootFilesystem": true,
                    "dockerLabels": { "team": "payments" },
                    "ulimits": [{ "name": "nofile", "softLimit": 4096, "hardLimit": 8192 }],
                    "logConfiguration": {
                        "logDriver": "awslogs",
                        "options": { "awslogs-group": "/ecs/moto-full", "awslogs-region": "us-east-1",
                                     "awslogs-stream-prefix": "ecs" },
                        "secretOptions": [{ "name": "awslogs-credentials",
                                            "valueFrom": "arn:aws:ssm:us-east-1:123456789012:parameter/x" }]
                    },
                    "healthCheck": { "command": ["CMD-SHELL", "curl -f http://localhost:8080/ || exit 1"],
                                     "interval": 15, "timeout": 3, "retries": 4, "startPeriod": 20 }
                },
                {
                    "name": "log-router",
                    "image": "public.ecr.aws/aws-observability/aws-for-fluent-bit:stable",
                    "memory": 64,
                    "essential": false,
                    "firelensConfiguration": { "type": "fluentbit",
                                               "options": { "enable-ecs-log-metadata": "true" } }
                }
            ],
            "volumes": [
                { "name": "data", "efsVolumeConfiguration": { "fileSystemId": "fs-12345678",
                                                              "rootDirectory": "/app" } },
                { "name": "sock", "host": { "sourcePath": "/var/run/app.sock" } }
            ],
            "placementConstraints": [{ "type": "memberOf",
                                       "expression": "attribute:ecs.instance-type =~ t3.*" }],
            "requiresCompatibilities": ["FARGATE"],
            "cpu": "1024",
            "memory": "2048",
            "runtimePlatform": { "cpuArchitecture": "ARM64", "operatingSystemFamily": "LINUX" },
            "ephemeralStorage": { "sizeInGiB": 40 }
        })
    );
    assert_eq!(aws.call_counts().get("DescribeTaskDefinition"), Some(&1));
}

#[tokio::test]
async fn families_are_listed_every_page_and_delete_in_progress_is_refused_without_a_call() {
    let fx = fixture();
    fx.task_definition("moto-fam-a", "nginx:1").await;
    fx.task_definition("moto-fam-b", "nginx:1").await;
    let aws = fx.aws();
    let all = aws
        .list_task_definition_families(None)
        .await
        .expect("ListTaskDefinitionFamilies");
    assert!(
        all.contains(&"moto-fam-a".to_string()) && all.contains(&"moto-fam-b".to_string()),
        "{all:?}"
    );
    let active = aws
        .list_task_definition_families(Some(RevisionStatus::Active))
        .await
        .expect("ACTIVE");
    assert!(active.contains(&"moto-fam-a".to_string()));
    assert_eq!(
        aws.call_counts().get("ListTaskDefinitionFamilies"),
        Some(&2)
    );

    let refused = aws
        .list_task_definition_families(Some(RevisionStatus::DeleteInProgress))
        .await
        .unwrap_err();
    assert!(
        matches!(&refused, BackendError::Api { code, .. } if code == "InvalidParameterException"),
        "{refused:?}"
    );
    assert_eq!(
        aws.call_counts().get("ListTaskDefinitionFamilies"),
        Some(&2)
    );
}

#[tokio::test]
async fn a_familys_revisions_of_every_status_newest_first() {
    let fx = fixture();
    let mut arns = Vec::new();
    for i in 1..=4 {
        arns.push(fx.task_definition("moto-revs", &format!("nginx:{i}")).await);
    }
    let aws = fx.aws();
    for arn in &arns[..2] {
        aws.deregister_task_definition(arn)
            .await
            .expect("deregister");
    }
    aws.delete_task_definitions(&arns[..1])
        .await
        .expect("delete");

    let fresh = fx.aws();
    let revisions = fresh
        .list_task_definition_revisions("moto-revs")
        .await
        .expect("revisions");
    // moto forgets a deleted revision at once; ECS would list it as DELETE_IN_PROGRESS.
    assert_eq!(
        revisions,
        vec![
            RevisionRef::new(arns[3].clone(), RevisionStatus::Active),
            RevisionRef::new(arns[2].clone(), RevisionStatus::Active),
            RevisionRef::new(arns[1].clone(), RevisionStatus::Inactive),
        ]
    );
    assert_eq!(revisions[0].revision, 4);
    assert_eq!(fresh.call_counts().get("ListTaskDefinitions"), Some(&3));
}
