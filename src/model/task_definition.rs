#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum NetworkMode {
    #[default]
    Awsvpc,
    Bridge,
    Host,
    None,
}

impl NetworkMode {
    pub fn as_str(self) -> &'static str {
        match self {
            NetworkMode::Awsvpc => "awsvpc",
            NetworkMode::Bridge => "bridge",
            NetworkMode::Host => "host",
            NetworkMode::None => "none",
        }
    }
}

/// The status ListTaskDefinitions filters by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RevisionStatus {
    Active,
    Inactive,
}

impl RevisionStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            RevisionStatus::Active => "ACTIVE",
            RevisionStatus::Inactive => "INACTIVE",
        }
    }
}

/// One immutable revision of a task definition.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TaskDefinition {
    pub arn: String,
    pub family: String,
    pub revision: u32,
    /// ACTIVE, INACTIVE or DELETE_IN_PROGRESS.
    pub status: String,
    /// Task-level CPU units and MiB (required on Fargate, optional on EC2).
    pub cpu: Option<u32>,
    pub memory: Option<u32>,
    pub network_mode: NetworkMode,
    pub requires_compatibilities: Vec<String>,
    pub containers: Vec<ContainerDefinition>,
}

impl TaskDefinition {
    /// `family:revision`, the way people name a revision.
    pub fn family_revision(&self) -> String {
        format!("{}:{}", self.family, self.revision)
    }
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct ContainerDefinition {
    pub name: String,
    pub image: String,
    pub cpu: u32,
    pub memory: Option<u32>,
    pub essential: bool,
    pub port_mappings: Vec<PortMapping>,
    /// The names of its environment variables. Their values are not kept: they may hold secrets.
    pub environment: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PortMapping {
    pub container_port: u16,
    /// 0 means a dynamic host port (bridge mode).
    pub host_port: u16,
    pub protocol: &'static str,
}
