use serde_json::{json, Value};

use super::register_json;
use crate::model::test_definitions::{log_router, web};
use crate::model::{ContainerDefinition, NetworkMode, TaskDefinition, Volume, VolumeKind};

fn keys(v: &Value) -> Vec<&str> {
    v.as_object()
        .expect("object")
        .keys()
        .map(String::as_str)
        .collect()
}

#[test]
fn a_realistic_revision_has_exactly_register_task_definitions_keys_in_order() {
    let v = register_json(&web());
    assert_eq!(
        keys(&v),
        [
            "family",
            "taskRoleArn",
            "executionRoleArn",
            "networkMode",
            "containerDefinitions",
            "volumes",
            "requiresCompatibilities",
            "cpu",
            "memory",
            "runtimePlatform",
            "ephemeralStorage",
        ]
    );
    assert_eq!(
        keys(&v["containerDefinitions"][0]),
        [
            "name",
            "image",
            "cpu",
            "memory",
            "memoryReservation",
            "portMappings",
            "essential",
            "entryPoint",
            "command",
            "environment",
            "environmentFiles",
            "mountPoints",
            "secrets",
            "dependsOn",
            "stopTimeout",
            "user",
            "workingDirectory",
            "readonlyRootFilesystem",
            "dockerLabels",
            "ulimits",
            "logConfiguration",
            "healthCheck",
        ]
    );
}

#[test]
fn task_cpu_and_memory_are_strings_container_sizes_numbers() {
    let v = register_json(&web());
    assert_eq!(v["cpu"], json!("512"));
    assert_eq!(v["memory"], json!("2048"));
    assert_eq!(v["containerDefinitions"][0]["cpu"], json!(256));
    assert_eq!(v["containerDefinitions"][0]["memory"], json!(1024));
    assert_eq!(v["ephemeralStorage"], json!({ "sizeInGiB": 30 }));
    assert_eq!(
        v["runtimePlatform"],
        json!({ "cpuArchitecture": "ARM64", "operatingSystemFamily": "LINUX" })
    );
}

#[test]
fn nested_fields_take_the_apis_shapes() {
    let v = register_json(&web());
    let c = &v["containerDefinitions"][0];
    assert_eq!(
        c["portMappings"],
        json!([{ "containerPort": 8080, "hostPort": 8080, "protocol": "tcp",
                 "name": "web-http", "appProtocol": "http" }])
    );
    assert_eq!(
        c["environment"],
        json!([{ "name": "DB_HOST", "value": "db.internal" },
               { "name": "LOG_LEVEL", "value": "info" }])
    );
    assert_eq!(c["secrets"][0]["name"], json!("API_KEY"));
    assert!(c["secrets"][0]["valueFrom"]
        .as_str()
        .unwrap()
        .starts_with("arn:aws:secretsmanager:"));
    assert_eq!(
        c["healthCheck"],
        json!({ "command": ["CMD-SHELL", "curl -f http://localhost:8080/health || exit 1"],
                "interval": 30, "timeout": 5, "retries": 3, "startPeriod": 10 })
    );
    assert_eq!(
        c["logConfiguration"],
        json!({ "logDriver": "awslogs", "options": {
            "awslogs-group": "/ecs/web", "awslogs-region": "eu-west-1", "awslogs-stream-prefix": "ecs" } })
    );
    assert_eq!(
        c["dependsOn"],
        json!([{ "containerName": "log-router", "condition": "START" }])
    );
    assert_eq!(
        c["ulimits"],
        json!([{ "name": "nofile", "softLimit": 65536, "hardLimit": 65536 }])
    );
    assert_eq!(
        v["volumes"],
        json!([{ "name": "data", "efsVolumeConfiguration": {
            "fileSystemId": "fs-0123456789abcdef0", "rootDirectory": "/web", "transitEncryption": "ENABLED",
            "authorizationConfig": { "accessPointId": "fsap-0123456789abcdef0", "iam": "ENABLED" } } }])
    );
}

#[test]
fn empty_and_absent_fields_are_left_out() {
    let v = register_json(&web());
    let router = &v["containerDefinitions"][1];
    assert_eq!(
        keys(router),
        [
            "name",
            "image",
            "memoryReservation",
            "essential",
            "firelensConfiguration"
        ]
    );
    assert_eq!(
        router["firelensConfiguration"],
        json!({ "type": "fluentbit" })
    );

    let bare = TaskDefinition {
        family: "job".into(),
        network_mode: NetworkMode::Bridge,
        containers: vec![ContainerDefinition {
            name: "job".into(),
            image: "busybox".into(),
            essential: false,
            ..ContainerDefinition::default()
        }],
        ..TaskDefinition::default()
    };
    assert_eq!(
        register_json(&bare),
        json!({ "family": "job", "networkMode": "bridge", "containerDefinitions": [
            { "name": "job", "image": "busybox", "essential": false }] })
    );
    assert!(register_json(&web()).to_string().find("revision").is_none());
}

#[test]
fn each_kind_of_volume() {
    let td = |kind| TaskDefinition {
        volumes: vec![Volume {
            name: "v".into(),
            kind,
        }],
        containers: vec![log_router()],
        ..TaskDefinition::default()
    };
    let volume = |kind| register_json(&td(kind))["volumes"][0].clone();
    assert_eq!(
        volume(VolumeKind::Host { source_path: None }),
        json!({ "name": "v" })
    );
    assert_eq!(
        volume(VolumeKind::Host {
            source_path: Some("/var/run/docker.sock".into())
        }),
        json!({ "name": "v", "host": { "sourcePath": "/var/run/docker.sock" } })
    );
    assert_eq!(
        volume(VolumeKind::Docker {
            scope: Some("shared".into()),
            driver: Some("local".into()),
            autoprovision: Some(true),
            driver_opts: Default::default(),
        }),
        json!({ "name": "v", "dockerVolumeConfiguration": {
            "scope": "shared", "autoprovision": true, "driver": "local" } })
    );
    assert_eq!(
        volume(VolumeKind::ConfiguredAtLaunch),
        json!({ "name": "v", "configuredAtLaunch": true })
    );
}
