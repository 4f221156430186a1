use std::collections::BTreeMap;

use super::{logs_target, LogsTarget};
use crate::model::{ContainerDefinition, LogConfiguration};

const TASK: &str = "0123456789abcdef0123456789abcdef";
const DOCKER_ID: &str = "4f2e1a7b9c0d3e5f6a8b1c2d4e6f8a0b2c4d6e8f0a1b3c5d7e9f1a3b5c7d9e1f";

fn container(driver: &str, options: &[(&str, &str)]) -> ContainerDefinition {
    ContainerDefinition {
        name: "web".into(),
        log_configuration: Some(LogConfiguration {
            driver: driver.into(),
            options: options
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect::<BTreeMap<_, _>>(),
            secret_options: Vec::new(),
        }),
        ..ContainerDefinition::default()
    }
}

fn target(driver: &str, options: &[(&str, &str)], runtime_id: Option<&str>) -> LogsTarget {
    logs_target(&container(driver, options), TASK, runtime_id, "eu-west-1")
}

fn awslogs(group: &str, region: &str, stream: Option<&str>) -> LogsTarget {
    LogsTarget::Awslogs {
        group: group.into(),
        region: region.into(),
        stream: stream.map(str::to_string),
    }
}

fn elsewhere(driver: &str, destination: &str) -> LogsTarget {
    LogsTarget::Elsewhere {
        driver: driver.into(),
        destination: destination.into(),
    }
}

#[test]
fn with_a_prefix_the_stream_is_prefix_container_task() {
    let options = [
        ("awslogs-group", "/ecs/web"),
        ("awslogs-region", "us-east-1"),
        ("awslogs-stream-prefix", "ecs"),
    ];
    assert_eq!(
        target("awslogs", &options, Some(DOCKER_ID)),
        awslogs("/ecs/web", "us-east-1", Some(&format!("ecs/web/{TASK}")))
    );
}

#[test]
fn without_a_region_the_backends_is_used() {
    let options = [
        ("awslogs-group", "/ecs/web"),
        ("awslogs-stream-prefix", "app"),
    ];
    assert_eq!(
        target("awslogs", &options, None),
        awslogs("/ecs/web", "eu-west-1", Some(&format!("app/web/{TASK}")))
    );
    let empty_region = [
        ("awslogs-group", "/ecs/web"),
        ("awslogs-region", ""),
        ("awslogs-stream-prefix", "app"),
    ];
    assert_eq!(
        target("awslogs", &empty_region, None),
        awslogs("/ecs/web", "eu-west-1", Some(&format!("app/web/{TASK}")))
    );
}

#[test]
fn without_a_prefix_the_stream_is_the_containers_runtime_id() {
    let options = [("awslogs-group", "legacy"), ("awslogs-region", "eu-west-1")];
    assert_eq!(
        target("awslogs", &options, Some(DOCKER_ID)),
        awslogs("legacy", "eu-west-1", Some(DOCKER_ID))
    );
    // Not started yet: no runtime id, no stream.
    assert_eq!(
        target("awslogs", &options, None),
        awslogs("legacy", "eu-west-1", None)
    );
    assert_eq!(
        target("awslogs", &options, Some("")),
        awslogs("legacy", "eu-west-1", None)
    );
}

#[test]
fn an_explicit_stream_counts_only_without_a_prefix() {
    let named = [("awslogs-group", "g"), ("awslogs-stream", "fixed")];
    assert_eq!(
        target("awslogs", &named, Some(DOCKER_ID)),
        awslogs("g", "eu-west-1", Some("fixed"))
    );
    let both = [
        ("awslogs-group", "g"),
        ("awslogs-stream", "fixed"),
        ("awslogs-stream-prefix", "p"),
    ];
    assert_eq!(
        target("awslogs", &both, None),
        awslogs("g", "eu-west-1", Some(&format!("p/web/{TASK}")))
    );
}

#[test]
fn create_group_and_mode_do_not_change_where() {
    let options = [
        ("awslogs-group", "/ecs/web"),
        ("awslogs-create-group", "true"),
        ("mode", "non-blocking"),
        ("max-buffer-size", "25m"),
        ("awslogs-stream-prefix", "ecs"),
    ];
    assert_eq!(
        target("awslogs", &options, None),
        awslogs("/ecs/web", "eu-west-1", Some(&format!("ecs/web/{TASK}")))
    );
}

#[test]
fn awslogs_without_a_group_is_not_readable() {
    assert_eq!(
        target("awslogs", &[("awslogs-stream-prefix", "ecs")], None),
        elsewhere("awslogs", "CloudWatch Logs, but no awslogs-group is set")
    );
}

#[test]
fn no_log_configuration() {
    let c = ContainerDefinition::default();
    assert_eq!(
        logs_target(&c, TASK, None, "eu-west-1"),
        LogsTarget::NoLogConfiguration
    );
}

#[test]
fn firelens_outputs() {
    assert_eq!(
        target(
            "awsfirelens",
            &[
                ("Name", "cloudwatch_logs"),
                ("region", "us-west-2"),
                ("log_group_name", "/app")
            ],
            None
        ),
        elsewhere(
            "awsfirelens",
            "CloudWatch Logs group /app in us-west-2 (through FireLens)"
        )
    );
    assert_eq!(
        target(
            "awsfirelens",
            &[("Name", "firehose"), ("delivery_stream", "logs")],
            None
        ),
        elsewhere(
            "awsfirelens",
            "Kinesis Data Firehose stream logs in eu-west-1 (through FireLens)"
        )
    );
    assert_eq!(
        target(
            "awsfirelens",
            &[("Name", "kinesis_streams"), ("stream", "k")],
            None
        ),
        elsewhere(
            "awsfirelens",
            "Kinesis Data Streams stream k in eu-west-1 (through FireLens)"
        )
    );
    assert_eq!(
        target(
            "awsfirelens",
            &[
                ("Name", "datadog"),
                ("Host", "http-intake.logs.datadoghq.eu")
            ],
            None
        ),
        elsewhere(
            "awsfirelens",
            "Datadog (http-intake.logs.datadoghq.eu) (through FireLens)"
        )
    );
    assert_eq!(
        target("awsfirelens", &[], None),
        elsewhere(
            "awsfirelens",
            "the log router's own configuration (through FireLens)"
        )
    );
}

#[test]
fn other_drivers() {
    assert_eq!(
        target(
            "splunk",
            &[
                ("splunk-url", "https://splunk:8088"),
                ("splunk-index", "main")
            ],
            None
        ),
        elsewhere("splunk", "Splunk at https://splunk:8088, index main")
    );
    assert_eq!(
        target("fluentd", &[], None),
        elsewhere("fluentd", "fluentd on the instance (localhost:24224)")
    );
    assert_eq!(
        target("fluentd", &[("fluentd-address", "10.0.0.5:24224")], None),
        elsewhere("fluentd", "fluentd at 10.0.0.5:24224")
    );
    assert_eq!(
        target("json-file", &[("max-size", "10m")], None),
        elsewhere("json-file", "on the instance's disk (docker logs)")
    );
    assert_eq!(
        target("syslog", &[], None),
        elsewhere("syslog", "the instance's syslog")
    );
    assert_eq!(
        target("awsfirehose", &[], None),
        elsewhere("awsfirehose", "the awsfirehose log driver")
    );
}
