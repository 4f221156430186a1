//! Where a container's logs go, from its task definition's `logConfiguration`.
//!
//! With `awslogs` (ECS developer guide, "Using the awslogs log driver"): the group is `awslogs-group`; the
//! region `awslogs-region`, else the task's own; with `awslogs-stream-prefix` the stream is
//! `prefix/container-name/task-id` (required on Fargate); without it, on EC2, Docker names the stream after
//! the container's id, which DescribeTasks reports as the container's `runtimeId`. `awslogs-create-group`
//! and `mode` change how logs are delivered, not where.

use super::{ContainerDefinition, LogConfiguration};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LogsTarget {
    /// CloudWatch Logs, readable by wharf. `stream` is `None` when it cannot be known yet (no prefix and no
    /// runtime id: the container has not started).
    Awslogs {
        group: String,
        region: String,
        stream: Option<String>,
    },
    /// Another driver: its name and where it sends logs, in words.
    Elsewhere {
        driver: String,
        destination: String,
    },
    NoLogConfiguration,
}

/// Where the logs of `container`, in the task `task_id` (the last part of its ARN), go. `runtime_id` is the
/// container's from DescribeTasks; `region` the backend's.
pub fn logs_target(
    container: &ContainerDefinition,
    task_id: &str,
    runtime_id: Option<&str>,
    region: &str,
) -> LogsTarget {
    let Some(log) = &container.log_configuration else {
        return LogsTarget::NoLogConfiguration;
    };
    let opt = |k: &str| log.option(k);
    let driver = log.driver.as_str();
    let elsewhere = |destination: String| LogsTarget::Elsewhere {
        driver: driver.to_string(),
        destination,
    };
    match driver {
        "awslogs" => match opt("awslogs-group") {
            Some(group) => LogsTarget::Awslogs {
                group: group.to_string(),
                region: opt("awslogs-region").unwrap_or(region).to_string(),
                stream: match opt("awslogs-stream-prefix") {
                    Some(prefix) => Some(format!("{prefix}/{}/{task_id}", container.name)),
                    // The ECS agent passes Docker an `awslogs-stream` of its own only with a prefix.
                    None => opt("awslogs-stream")
                        .or(runtime_id.filter(|r| !r.is_empty()))
                        .map(str::to_string),
                },
            },
            None => elsewhere("CloudWatch Logs, but no awslogs-group is set".into()),
        },
        "awsfirelens" => elsewhere(firelens(log, region)),
        "splunk" => elsewhere(match (opt("splunk-url"), opt("splunk-index")) {
            (Some(url), Some(index)) => format!("Splunk at {url}, index {index}"),
            (Some(url), None) => format!("Splunk at {url}"),
            _ => "Splunk".into(),
        }),
        "fluentd" => elsewhere(match opt("fluentd-address") {
            Some(address) => format!("fluentd at {address}"),
            None => "fluentd on the instance (localhost:24224)".into(),
        }),
        "gelf" => elsewhere(format!(
            "GELF at {}",
            opt("gelf-address").unwrap_or("(no gelf-address)")
        )),
        "syslog" => elsewhere(match opt("syslog-address") {
            Some(address) => format!("syslog at {address}"),
            None => "the instance's syslog".into(),
        }),
        "json-file" | "local" => elsewhere("on the instance's disk (docker logs)".into()),
        "journald" => elsewhere("the instance's journald".into()),
        "none" => elsewhere("nowhere: logging is off".into()),
        other => elsewhere(format!("the {other} log driver")),
    }
}

/// FireLens sends logs where its output plugin (`Name`) says.
fn firelens(log: &LogConfiguration, region: &str) -> String {
    let opt = |k: &str| log.option(k);
    let region = opt("region").unwrap_or(region);
    let name = opt("Name").unwrap_or("");
    let via = |what: String| format!("{what} (through FireLens)");
    match name.to_ascii_lowercase().as_str() {
        "cloudwatch" | "cloudwatch_logs" => via(match opt("log_group_name") {
            Some(group) => format!("CloudWatch Logs group {group} in {region}"),
            None => format!("CloudWatch Logs in {region}"),
        }),
        "firehose" | "kinesis_firehose" => via(format!(
            "Kinesis Data Firehose stream {} in {region}",
            opt("delivery_stream").unwrap_or("?")
        )),
        "kinesis" | "kinesis_streams" => via(format!(
            "Kinesis Data Streams stream {} in {region}",
            opt("stream").unwrap_or("?")
        )),
        "s3" => via(format!("S3 bucket {}", opt("bucket").unwrap_or("?"))),
        "datadog" => via(format!(
            "Datadog ({})",
            opt("Host").unwrap_or("http-intake.logs.datadoghq.com")
        )),
        "es" | "opensearch" => via(format!("OpenSearch at {}", opt("Host").unwrap_or("?"))),
        "" => via("the log router's own configuration".into()),
        other => match opt("Host") {
            Some(host) => via(format!("{other} at {host}")),
            None => via(format!("the {other} output")),
        },
    }
}

#[cfg(test)]
#[path = "logs_target_tests.rs"]
mod tests;
