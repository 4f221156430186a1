use super::cleanup::Scope;
use super::{AuditEntry, Mutation};

/// What `update` asks the world to do. The runtime runs each on tokio and answers with an `Action`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Effect {
    /// List and describe every cluster -> `Action::ClustersLoaded`.
    LoadClusters,
    /// List and describe every service of a cluster -> `Action::ServicesLoaded`.
    LoadServices {
        cluster_arn: String,
    },
    /// Describe one service -> `Action::ServiceLoaded`.
    LoadService {
        cluster_arn: String,
        service_arn: String,
    },
    /// A service's running and recently stopped tasks -> `Action::TasksLoaded`.
    LoadTasks {
        cluster_arn: String,
        service_name: String,
    },
    /// Every running and recently stopped task of a cluster, standalone ones too -> `Action::ClusterTasksLoaded`.
    LoadClusterTasks {
        cluster_arn: String,
    },
    LoadTargetHealth {
        target_group_arn: String,
    },
    /// Described once per ARN: revisions are immutable.
    LoadTaskDefinition {
        arn: String,
    },
    /// Put text on the clipboard (the runtime writes OSC 52 to the terminal). No answer.
    Copy {
        text: String,
    },
    /// Open another profile or region (`None`: keep the current one) -> `Action::Connected`. The runtime
    /// drops the answers still due from the old backend.
    Connect {
        profile: Option<String>,
        region: Option<String>,
    },
    /// A family's newest ACTIVE revisions, described -> `Action::RevisionsLoaded`.
    LoadRevisions {
        family: String,
    },
    /// Carry out a change -> `Action::Mutated`. Only `update`'s read-only gate makes these.
    Mutate {
        id: u64,
        mutation: Mutation,
    },
    /// Append one line to the audit log. No answer, unless writing fails (`Action::AuditFailed`).
    Audit(AuditEntry),
    /// Read the audit log's latest lines -> `Action::AuditRead`.
    ReadAudit,
    /// Read what a cleanup would touch -> `Action::CleanupRead`.
    PlanCleanup {
        scope: Scope,
    },
}
