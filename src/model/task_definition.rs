use std::collections::BTreeMap;

use super::{revision, ContainerDefinition, Timestamp};

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

/// A revision's status, as ListTaskDefinitions filters by it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RevisionStatus {
    Active,
    Inactive,
    /// Deleted (DeleteTaskDefinitions) while tasks or services still use it.
    DeleteInProgress,
}

impl RevisionStatus {
    pub const ALL: [RevisionStatus; 3] = [
        RevisionStatus::Active,
        RevisionStatus::Inactive,
        RevisionStatus::DeleteInProgress,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            RevisionStatus::Active => "ACTIVE",
            RevisionStatus::Inactive => "INACTIVE",
            RevisionStatus::DeleteInProgress => "DELETE_IN_PROGRESS",
        }
    }

    pub fn parse(s: &str) -> Option<RevisionStatus> {
        Self::ALL.into_iter().find(|r| r.as_str() == s)
    }
}

/// One revision as a listing names it: enough to show a family's revisions before describing any.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RevisionRef {
    pub arn: String,
    pub revision: u32,
    pub status: RevisionStatus,
}

impl RevisionRef {
    pub fn new(arn: String, status: RevisionStatus) -> Self {
        RevisionRef {
            revision: revision(&arn).parse().unwrap_or(0),
            arn,
            status,
        }
    }
}

/// One immutable revision of a task definition (its status and deregistration time excepted).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TaskDefinition {
    pub arn: String,
    pub family: String,
    pub revision: u32,
    /// ACTIVE, INACTIVE or DELETE_IN_PROGRESS.
    pub status: String,
    pub task_role_arn: Option<String>,
    pub execution_role_arn: Option<String>,
    /// Task-level CPU units and MiB (required on Fargate, optional on EC2).
    pub cpu: Option<u32>,
    pub memory: Option<u32>,
    pub network_mode: NetworkMode,
    pub requires_compatibilities: Vec<String>,
    pub runtime_platform: Option<RuntimePlatform>,
    /// Fargate ephemeral storage, GiB (21-200; 20 when absent).
    pub ephemeral_storage_gib: Option<u32>,
    /// `host` or `task` (pidMode), `host`, `task` or `none` (ipcMode).
    pub pid_mode: Option<String>,
    pub ipc_mode: Option<String>,
    pub volumes: Vec<Volume>,
    pub placement_constraints: Vec<PlacementConstraint>,
    pub containers: Vec<ContainerDefinition>,
    pub registered_at: Option<Timestamp>,
    /// The principal (IAM ARN) that registered it.
    pub registered_by: Option<String>,
    pub deregistered_at: Option<Timestamp>,
}

impl TaskDefinition {
    /// `family:revision`, the way people name a revision.
    pub fn family_revision(&self) -> String {
        format!("{}:{}", self.family, self.revision)
    }

    pub fn revision_status(&self) -> Option<RevisionStatus> {
        RevisionStatus::parse(&self.status)
    }

    pub fn container(&self, name: &str) -> Option<&ContainerDefinition> {
        self.containers.iter().find(|c| c.name == name)
    }
}

/// `runtimePlatform`: e.g. `X86_64` / `ARM64` and `LINUX` / `WINDOWS_SERVER_2022_CORE`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RuntimePlatform {
    pub cpu_architecture: Option<String>,
    pub operating_system_family: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Volume {
    pub name: String,
    pub kind: VolumeKind,
}

/// Where a volume's data lives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VolumeKind {
    /// A bind mount: a path on the EC2 instance, or without one a scratch volume that lives as long as the task.
    Host { source_path: Option<String> },
    /// A Docker volume (EC2 only).
    Docker {
        scope: Option<String>,
        driver: Option<String>,
        autoprovision: Option<bool>,
        driver_opts: BTreeMap<String, String>,
    },
    Efs {
        file_system_id: String,
        root_directory: Option<String>,
        /// ENABLED or DISABLED.
        transit_encryption: Option<String>,
        access_point_id: Option<String>,
        /// ENABLED or DISABLED: mount with the task role.
        iam: Option<String>,
    },
    FsxWindows {
        file_system_id: String,
        root_directory: String,
    },
    /// Given when a task is run or a service is created (an EBS volume).
    ConfiguredAtLaunch,
}

impl Default for VolumeKind {
    fn default() -> Self {
        VolumeKind::Host { source_path: None }
    }
}

/// `placementConstraints[]` of a task definition: `memberOf` and its cluster query expression.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PlacementConstraint {
    pub kind: String,
    pub expression: Option<String>,
}
