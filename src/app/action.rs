use crate::backend::BackendError;
use crate::model::{Cluster, Service, TargetHealth, Task, TaskDefinition, Timestamp};

use super::ServiceKey;

/// Everything that can happen to wharf: what the user asks for, the passing of time, and backend answers.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// The backend's clock, sent about once a second; drives polling and ages.
    Tick(Timestamp),
    /// The terminal's new size in columns and rows.
    Resize(u16, u16),

    Up,
    Down,
    PageUp,
    PageDown,
    Top,
    Bottom,
    /// Drill into the selected row.
    Enter,
    /// Go back up one level.
    Back,
    ToggleHelp,
    /// Fetch what is on screen now, whatever its age.
    Refresh,
    Quit,

    ClustersLoaded {
        result: Result<Vec<Cluster>, BackendError>,
        at: Timestamp,
    },
    ServicesLoaded {
        cluster_arn: String,
        result: Result<Vec<Service>, BackendError>,
        at: Timestamp,
    },
    /// The answer to `Effect::LoadService`: one service, described on its own.
    ServiceLoaded {
        cluster_arn: String,
        service_arn: String,
        result: Result<Service, BackendError>,
        at: Timestamp,
    },
    TasksLoaded {
        key: ServiceKey,
        result: Result<Vec<Task>, BackendError>,
        at: Timestamp,
    },
    TargetHealthLoaded {
        target_group_arn: String,
        result: Result<Vec<TargetHealth>, BackendError>,
        at: Timestamp,
    },
    TaskDefinitionLoaded {
        arn: String,
        result: Result<TaskDefinition, BackendError>,
        at: Timestamp,
    },
}
