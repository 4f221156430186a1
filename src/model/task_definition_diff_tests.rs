use super::{diff, ChangeKind, FieldChange};
use crate::model::test_definitions::{log_router, web};
use crate::model::{
    ContainerDefinition, EnvVar, HealthCheck, MountPoint, PortMapping, Secret, TaskDefinition,
    Volume, VolumeKind,
};

fn web_container(td: &mut TaskDefinition) -> &mut ContainerDefinition {
    &mut td.containers[0]
}

/// The changes from `web()` to `web()` changed by `f`, as (path, before, after).
fn changes(f: impl FnOnce(&mut TaskDefinition)) -> Vec<(String, Option<String>, Option<String>)> {
    let a = web();
    let mut b = web();
    f(&mut b);
    diff(&a, &b)
        .into_iter()
        .map(|c| (c.path, c.before, c.after))
        .collect()
}

fn one(
    path: &str,
    before: Option<&str>,
    after: Option<&str>,
) -> Vec<(String, Option<String>, Option<String>)> {
    vec![(
        path.to_string(),
        before.map(str::to_string),
        after.map(str::to_string),
    )]
}

#[test]
fn identical_revisions_have_no_changes() {
    assert_eq!(diff(&web(), &web()), vec![]);
    // Registration data and the revision number are not part of the definition.
    let mut b = web();
    b.revision = 43;
    b.arn = b.arn.replace(":42", ":43");
    b.status = "INACTIVE".into();
    b.registered_at = None;
    assert_eq!(diff(&web(), &b), vec![]);
}

#[test]
fn task_cpu_and_memory() {
    assert_eq!(
        changes(|td| td.cpu = Some(1024)),
        one("cpu", Some("512"), Some("1024"))
    );
    assert_eq!(
        changes(|td| td.memory = None),
        one("memory", Some("2048"), None)
    );
}

#[test]
fn roles() {
    assert_eq!(
        changes(|td| td.task_role_arn = Some("arn:aws:iam::123456789012:role/web-task-v2".into())),
        one(
            "taskRoleArn",
            Some("arn:aws:iam::123456789012:role/web-task"),
            Some("arn:aws:iam::123456789012:role/web-task-v2")
        )
    );
}

#[test]
fn image() {
    assert_eq!(
        changes(|td| web_container(td).image = "web:1.9.0".into()),
        one(
            "containers[web].image",
            Some("123456789012.dkr.ecr.eu-west-1.amazonaws.com/web:1.8.2"),
            Some("web:1.9.0")
        )
    );
}

#[test]
fn environment_values_are_compared_by_name_and_marked_sensitive() {
    let (a, mut b) = (web(), web());
    let env = &mut web_container(&mut b).environment;
    env.reverse();
    env[1].value = "db2.internal".into();
    env.push(EnvVar::new("FEATURE_X", "on"));
    let d = diff(&a, &b);
    assert_eq!(
        d,
        vec![
            FieldChange {
                path: "containers[web].environment.DB_HOST".into(),
                before: Some("db.internal".into()),
                after: Some("db2.internal".into()),
                sensitive: true,
                secret: None,
            },
            FieldChange {
                path: "containers[web].environment.FEATURE_X".into(),
                before: None,
                after: Some("on".into()),
                sensitive: true,
                secret: None,
            },
        ]
    );
    assert_eq!(d[0].kind(), ChangeKind::Changed);
    assert_eq!(d[1].kind(), ChangeKind::Added);
    assert_eq!(
        changes(|td| web_container(td).environment.clear()),
        vec![
            (
                "containers[web].environment.DB_HOST".into(),
                Some("db.internal".into()),
                None
            ),
            (
                "containers[web].environment.LOG_LEVEL".into(),
                Some("info".into()),
                None
            ),
        ]
    );
}

#[test]
fn secrets_by_name_not_sensitive() {
    let (a, mut b) = (web(), web());
    web_container(&mut b).secrets = vec![
        Secret::new(
            "API_KEY",
            "arn:aws:ssm:eu-west-1:123456789012:parameter/web/api-key",
        ),
        Secret::new(
            "DB_PASSWORD",
            "arn:aws:secretsmanager:eu-west-1:123456789012:secret:db",
        ),
    ];
    let d = diff(&a, &b);
    assert_eq!(d.len(), 2);
    assert_eq!(d[0].path, "containers[web].secrets.API_KEY");
    assert_eq!(d[0].kind(), ChangeKind::Changed);
    assert_eq!(d[1].path, "containers[web].secrets.DB_PASSWORD");
    assert_eq!(d[1].kind(), ChangeKind::Added);
    // Their `valueFrom` is a reference to the secret, not the secret.
    assert!(d.iter().all(|c| !c.sensitive && c.secret.is_none()));
    assert!(d[1]
        .after
        .as_deref()
        .unwrap()
        .starts_with("arn:aws:secretsmanager:"));
}

#[test]
fn port_mappings_by_port_and_protocol() {
    let added = PortMapping {
        container_port: 9090,
        host_port: 9090,
        protocol: "udp",
        ..PortMapping::default()
    };
    assert_eq!(
        changes(|td| web_container(td).port_mappings.insert(0, added)),
        one(
            "containers[web].portMappings[9090/udp]",
            None,
            Some(r#"{"containerPort":9090,"hostPort":9090,"protocol":"udp"}"#)
        )
    );
    assert_eq!(
        changes(|td| web_container(td).port_mappings[0].app_protocol = Some("grpc".into())),
        one(
            "containers[web].portMappings[8080/tcp].appProtocol",
            Some("http"),
            Some("grpc")
        )
    );
}

#[test]
fn health_check_fields() {
    let set = |f: fn(&mut HealthCheck)| {
        changes(move |td| f(web_container(td).health_check.as_mut().unwrap()))
    };
    assert_eq!(
        set(|h| h.interval = Some(10)),
        one(
            "containers[web].healthCheck.interval",
            Some("30"),
            Some("10")
        )
    );
    assert_eq!(
        set(|h| h.command = vec!["CMD".into(), "/bin/check".into()]),
        one(
            "containers[web].healthCheck.command",
            Some(r#"["CMD-SHELL","curl -f http://localhost:8080/health || exit 1"]"#),
            Some(r#"["CMD","/bin/check"]"#)
        )
    );
    let removed = changes(|td| web_container(td).health_check = None);
    assert_eq!(removed.len(), 5, "{removed:?}");
    assert!(removed
        .iter()
        .all(|(p, _, after)| p.starts_with("containers[web].healthCheck.") && after.is_none()));
}

#[test]
fn log_configuration_options() {
    assert_eq!(
        changes(|td| {
            let log = web_container(td).log_configuration.as_mut().unwrap();
            log.options
                .insert("awslogs-group".into(), "/ecs/web-v2".into());
            log.options.insert("mode".into(), "non-blocking".into());
        }),
        vec![
            (
                "containers[web].logConfiguration.options.awslogs-group".into(),
                Some("/ecs/web".into()),
                Some("/ecs/web-v2".into())
            ),
            (
                "containers[web].logConfiguration.options.mode".into(),
                None,
                Some("non-blocking".into())
            ),
        ]
    );
    assert_eq!(
        changes(
            |td| web_container(td).log_configuration.as_mut().unwrap().driver = "splunk".into()
        ),
        one(
            "containers[web].logConfiguration.logDriver",
            Some("awslogs"),
            Some("splunk")
        )
    );
}

#[test]
fn containers_added_removed_and_reordered() {
    let sidecar = ContainerDefinition {
        name: "xray".into(),
        image: "amazon/aws-xray-daemon:3".into(),
        essential: false,
        ..ContainerDefinition::default()
    };
    assert_eq!(
        changes(|td| td.containers.push(sidecar)),
        one("containers[xray]", None, Some("amazon/aws-xray-daemon:3"))
    );
    assert_eq!(
        changes(|td| td.containers.retain(|c| c.name != "log-router")),
        one("containers[log-router]", Some(&log_router().image), None)
    );
    assert_eq!(changes(|td| td.containers.reverse()), vec![]);
}

#[test]
fn volumes_and_mount_points_by_name_and_path() {
    assert_eq!(
        changes(|td| td.volumes.push(Volume {
            name: "scratch".into(),
            kind: VolumeKind::Host { source_path: None },
        })),
        one("volumes[scratch]", None, Some(r#"{"name":"scratch"}"#))
    );
    assert_eq!(
        changes(
            |td| if let VolumeKind::Efs { root_directory, .. } = &mut td.volumes[0].kind {
                *root_directory = Some("/web2".into());
            }
        ),
        one(
            "volumes[data].efsVolumeConfiguration.rootDirectory",
            Some("/web"),
            Some("/web2")
        )
    );
    assert_eq!(
        changes(|td| {
            let c = web_container(td);
            c.mount_points[0].read_only = true;
            c.mount_points.insert(
                0,
                MountPoint {
                    source_volume: "data".into(),
                    container_path: "/cache".into(),
                    read_only: false,
                },
            );
        }),
        vec![
            (
                "containers[web].mountPoints[/cache]".into(),
                None,
                Some(r#"{"sourceVolume":"data","containerPath":"/cache","readOnly":false}"#.into())
            ),
            (
                "containers[web].mountPoints[/data].readOnly".into(),
                Some("false".into()),
                Some("true".into())
            ),
        ]
    );
}

#[test]
fn anything_else_that_differs() {
    assert_eq!(
        changes(|td| {
            let c = web_container(td);
            c.command = vec!["serve".into()];
            c.ulimits[0].soft_limit = 1024;
            c.docker_labels.insert("team".into(), "payments".into());
            c.readonly_root_filesystem = None;
            td.ephemeral_storage_gib = Some(50);
        }),
        vec![
            (
                "ephemeralStorage.sizeInGiB".into(),
                Some("30".into()),
                Some("50".into())
            ),
            (
                "containers[web].command".into(),
                Some(r#"["serve","--port","8080"]"#.into()),
                Some(r#"["serve"]"#.into())
            ),
            (
                "containers[web].readonlyRootFilesystem".into(),
                Some("true".into()),
                None
            ),
            (
                "containers[web].dockerLabels.team".into(),
                Some("storefront".into()),
                Some("payments".into())
            ),
            (
                "containers[web].ulimits[nofile].softLimit".into(),
                Some("65536".into()),
                Some("1024".into())
            ),
        ]
    );
}

#[test]
fn task_level_fields_come_before_containers() {
    let paths: Vec<String> = changes(|td| {
        web_container(td).image = "web:2".into();
        td.containers[1].image = "fluent-bit:2".into();
        td.memory = Some(4096);
        td.containers.swap(0, 1);
    })
    .into_iter()
    .map(|(p, _, _)| p)
    .collect();
    assert_eq!(
        paths,
        [
            "memory",
            "containers[log-router].image",
            "containers[web].image"
        ]
    );
}

#[test]
fn arrays_whose_names_repeat_are_compared_whole() {
    let a = web();
    let mut b = web();
    let ports = &mut web_container(&mut b).port_mappings;
    ports.push(PortMapping {
        name: Some("again".into()),
        ..ports[0].clone()
    });
    let d = diff(&a, &b);
    assert_eq!(d.len(), 1);
    assert_eq!(d[0].path, "containers[web].portMappings");
}
