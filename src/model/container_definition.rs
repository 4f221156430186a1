use std::collections::BTreeMap;

/// One container of a task definition, with what a person reads or compares between revisions.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ContainerDefinition {
    pub name: String,
    pub image: String,
    pub cpu: u32,
    /// The hard limit, MiB.
    pub memory: Option<u32>,
    /// The soft limit, MiB.
    pub memory_reservation: Option<u32>,
    pub essential: bool,
    pub entry_point: Vec<String>,
    pub command: Vec<String>,
    pub working_directory: Option<String>,
    pub port_mappings: Vec<PortMapping>,
    /// Its environment variables, values included: they are part of the definition (secrets belong in
    /// `secrets`, but people do put them here: `model::secrets` decides which values are not shown).
    pub environment: Vec<EnvVar>,
    pub environment_files: Vec<EnvironmentFile>,
    pub secrets: Vec<Secret>,
    pub mount_points: Vec<MountPoint>,
    pub depends_on: Vec<ContainerDependency>,
    pub health_check: Option<HealthCheck>,
    pub log_configuration: Option<LogConfiguration>,
    /// FireLens log router type: `fluentbit` or `fluentd`.
    pub firelens: Option<FirelensConfiguration>,
    pub user: Option<String>,
    pub readonly_root_filesystem: Option<bool>,
    /// Seconds.
    pub start_timeout: Option<u32>,
    pub stop_timeout: Option<u32>,
    pub ulimits: Vec<Ulimit>,
    pub docker_labels: BTreeMap<String, String>,
}

impl ContainerDefinition {
    /// The hard limit, else the soft one: what the container is sized at.
    pub fn memory_or_reservation(&self) -> Option<u32> {
        self.memory.or(self.memory_reservation)
    }

    pub fn env(&self, name: &str) -> Option<&str> {
        self.environment
            .iter()
            .find(|e| e.name == name)
            .map(|e| e.value.as_str())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PortMapping {
    pub container_port: u16,
    /// 0 means a dynamic host port (bridge mode).
    pub host_port: u16,
    pub protocol: &'static str,
    /// Service Connect's name for the port.
    pub name: Option<String>,
    /// `http`, `http2` or `grpc`.
    pub app_protocol: Option<String>,
}

impl PortMapping {
    /// `8080/tcp`.
    pub fn key(&self) -> String {
        format!("{}/{}", self.container_port, self.protocol)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct EnvVar {
    pub name: String,
    pub value: String,
}

impl EnvVar {
    pub fn new(name: &str, value: &str) -> Self {
        EnvVar {
            name: name.into(),
            value: value.into(),
        }
    }
}

/// A variable ECS fills from Secrets Manager or SSM Parameter Store: `value_from` is an ARN, not a secret.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Secret {
    pub name: String,
    pub value_from: String,
}

impl Secret {
    pub fn new(name: &str, value_from: &str) -> Self {
        Secret {
            name: name.into(),
            value_from: value_from.into(),
        }
    }
}

/// An S3 object of `NAME=value` lines (`kind` is `s3`).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct EnvironmentFile {
    pub value: String,
    pub kind: String,
}

/// Docker's HEALTHCHECK as ECS takes it; the durations are seconds, absent ones ECS's defaults (30, 5, 3, 0).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct HealthCheck {
    pub command: Vec<String>,
    pub interval: Option<u32>,
    pub timeout: Option<u32>,
    pub retries: Option<u32>,
    pub start_period: Option<u32>,
}

/// `logConfiguration`: the driver (`awslogs`, `awsfirelens`, `splunk`, ...), its options, and options that
/// ECS fills from secrets.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct LogConfiguration {
    pub driver: String,
    pub options: BTreeMap<String, String>,
    pub secret_options: Vec<Secret>,
}

impl LogConfiguration {
    pub fn option(&self, name: &str) -> Option<&str> {
        self.options
            .get(name)
            .map(String::as_str)
            .filter(|v| !v.is_empty())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FirelensConfiguration {
    /// `fluentbit` or `fluentd`.
    pub kind: String,
    pub options: BTreeMap<String, String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct MountPoint {
    pub source_volume: String,
    pub container_path: String,
    pub read_only: bool,
}

/// `dependsOn`: start after `container` reaches `condition` (START, COMPLETE, SUCCESS, HEALTHY).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ContainerDependency {
    pub container: String,
    pub condition: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Ulimit {
    /// `nofile`, `nproc`, ...
    pub name: String,
    pub soft_limit: i64,
    pub hard_limit: i64,
}
