//! Everything wharf can change in an account, as data. Each variant knows what it changes (for the dialog and
//! the audit log), how dangerous it is, and what to read again afterwards. The runtime carries one out as
//! `Effect::Mutate`; `update` alone decides whether it may (the read-only gate) and records it (the audit log).

mod describe;
mod settle;

pub use describe::{Change, Description};

use strum::{EnumDiscriminants, EnumIter, IntoStaticStr};

use super::cleanup::Plan;
use super::Resource;
use crate::model::{arn_name, ContainerInstanceStatus, HookAction, Timestamp};

/// A change to an account. Targets are ARNs; `from` values are what wharf saw when the dialog opened.
#[derive(Debug, Clone, PartialEq, Eq, Hash, EnumDiscriminants)]
#[strum_discriminants(
    name(MutationKind),
    derive(EnumIter, IntoStaticStr, Hash),
    strum(serialize_all = "kebab-case")
)]
pub enum Mutation {
    /// UpdateService with a new desired count.
    Scale {
        cluster_arn: String,
        service_arn: String,
        from: u32,
        to: u32,
    },
    /// StopTask for each task; a service starts replacements.
    StopTasks {
        cluster_arn: String,
        task_arns: Vec<String>,
        /// Shown later as the tasks' stopped reason; empty for ECS's default.
        reason: String,
    },
    /// A new deployment of a service: another revision, one container's new image, or the same revision again.
    Deploy {
        cluster_arn: String,
        service_arn: String,
        /// The task definition ARN running now.
        from: String,
        to: DeployTo,
    },
    /// Back to what ran before: stop the deployment in progress with ROLLBACK, or deploy the revision before.
    Rollback {
        cluster_arn: String,
        service_arn: String,
        /// The task definition ARN running now (or being rolled out).
        from: String,
        how: RollbackHow,
    },
    /// ContinueServiceDeployment: release a deployment's pause hook, to go on or to roll back.
    ContinueDeployment {
        cluster_arn: String,
        service_arn: String,
        deployment_arn: String,
        hook_id: String,
        action: HookAction,
    },
    /// UpdateContainerInstancesState: DRAINING moves the instances' service tasks elsewhere and places nothing
    /// new on them; ACTIVE makes them placeable again.
    SetInstancesState {
        cluster_arn: String,
        instance_arns: Vec<String>,
        to: ContainerInstanceStatus,
    },
    /// A whole cleanup, confirmed as one: it runs as the steps below, each through the same gate.
    Cleanup(Box<Plan>),
    /// DeleteService with force: the service drains, then turns INACTIVE.
    DeleteService {
        cluster_arn: String,
        service_arn: String,
    },
    DeregisterContainerInstance {
        cluster_arn: String,
        instance_arn: String,
    },
    DeleteCluster {
        cluster_arn: String,
    },
    DeleteListener {
        arn: String,
    },
    DeleteLoadBalancer {
        arn: String,
    },
    DeleteTargetGroup {
        arn: String,
    },
    DeregisterTaskDefinition {
        arn: String,
    },
    /// At most 10 revisions (one call).
    DeleteTaskDefinitions {
        arns: Vec<String>,
    },
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum DeployTo {
    /// Another revision, by ARN.
    Revision(String),
    /// A new revision copied from `from` with this container's image changed (RegisterTaskDefinition first).
    Image {
        container: String,
        image: String,
        /// The container's image now.
        previous: String,
    },
    /// forceNewDeployment: every task replaced, same revision.
    Force,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum RollbackHow {
    /// StopServiceDeployment (ROLLBACK) of the deployment in progress; ECS returns to `to`, the revision of
    /// the last deployment that completed.
    StopDeployment {
        deployment_id: String,
        to: String,
        /// When the confirmed deployment began: a newer one found when it is sent is not stopped.
        started: Timestamp,
    },
    /// UpdateService to this earlier revision.
    ToRevision(String),
}

/// How careful the dialog is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Danger {
    /// Enter confirms.
    Plain,
    /// The user types this name first: the change cannot be undone.
    Destructive { confirm_name: String },
}

impl MutationKind {
    /// Its name in the audit log and in messages (`scale`, `stop-tasks`).
    pub fn name(self) -> &'static str {
        self.into()
    }

    /// What the read-only message calls it: "read-only (profile prod): scaling is off".
    pub fn activity(self) -> &'static str {
        match self {
            MutationKind::Scale => "scaling",
            MutationKind::StopTasks => "stopping tasks",
            MutationKind::Deploy => "deploying",
            MutationKind::Rollback => "rolling back",
            MutationKind::ContinueDeployment => "continuing deployments",
            MutationKind::SetInstancesState => "draining container instances",
            MutationKind::Cleanup => "cleaning up",
            MutationKind::DeleteService => "deleting services",
            MutationKind::DeregisterContainerInstance => "deregistering container instances",
            MutationKind::DeleteCluster => "deleting clusters",
            MutationKind::DeleteListener => "deleting listeners",
            MutationKind::DeleteLoadBalancer => "deleting load balancers",
            MutationKind::DeleteTargetGroup => "deleting target groups",
            MutationKind::DeregisterTaskDefinition => "deregistering task definitions",
            MutationKind::DeleteTaskDefinitions => "deleting task definitions",
        }
    }
}

impl Mutation {
    pub fn kind(&self) -> MutationKind {
        self.into()
    }

    /// The cluster it changes, if it changes one (load balancing and task definitions are regional).
    pub fn cluster_arn(&self) -> Option<&str> {
        match self {
            Mutation::Scale { cluster_arn, .. }
            | Mutation::StopTasks { cluster_arn, .. }
            | Mutation::Deploy { cluster_arn, .. }
            | Mutation::Rollback { cluster_arn, .. }
            | Mutation::ContinueDeployment { cluster_arn, .. }
            | Mutation::SetInstancesState { cluster_arn, .. }
            | Mutation::DeleteService { cluster_arn, .. }
            | Mutation::DeregisterContainerInstance { cluster_arn, .. }
            | Mutation::DeleteCluster { cluster_arn } => Some(cluster_arn),
            Mutation::Cleanup(plan) => Some(plan.scope.cluster_arn()),
            Mutation::DeleteListener { .. }
            | Mutation::DeleteLoadBalancer { .. }
            | Mutation::DeleteTargetGroup { .. }
            | Mutation::DeregisterTaskDefinition { .. }
            | Mutation::DeleteTaskDefinitions { .. } => None,
        }
    }

    /// The service it changes, if it changes one.
    pub fn service_arn(&self) -> Option<&str> {
        match self {
            Mutation::Scale { service_arn, .. }
            | Mutation::Deploy { service_arn, .. }
            | Mutation::Rollback { service_arn, .. }
            | Mutation::ContinueDeployment { service_arn, .. }
            | Mutation::DeleteService { service_arn, .. } => Some(service_arn),
            Mutation::StopTasks { .. }
            | Mutation::SetInstancesState { .. }
            | Mutation::Cleanup(_)
            | Mutation::DeregisterContainerInstance { .. }
            | Mutation::DeleteCluster { .. }
            | Mutation::DeleteListener { .. }
            | Mutation::DeleteLoadBalancer { .. }
            | Mutation::DeleteTargetGroup { .. }
            | Mutation::DeregisterTaskDefinition { .. }
            | Mutation::DeleteTaskDefinitions { .. } => None,
        }
    }

    pub fn danger(&self) -> Danger {
        let name = |arn: &str| Danger::Destructive {
            confirm_name: arn_name(arn).to_string(),
        };
        match self {
            Mutation::Scale { .. }
            | Mutation::StopTasks { .. }
            | Mutation::Deploy { .. }
            | Mutation::Rollback { .. }
            | Mutation::ContinueDeployment { .. }
            | Mutation::SetInstancesState { .. } => Danger::Plain,
            Mutation::Cleanup(plan) => Danger::Destructive {
                confirm_name: plan.scope.name().to_string(),
            },
            Mutation::DeleteService { service_arn, .. } => name(service_arn),
            Mutation::DeregisterContainerInstance { instance_arn, .. } => name(instance_arn),
            Mutation::DeleteCluster { cluster_arn } => name(cluster_arn),
            Mutation::DeleteListener { arn }
            | Mutation::DeleteLoadBalancer { arn }
            | Mutation::DeleteTargetGroup { arn }
            | Mutation::DeregisterTaskDefinition { arn } => name(arn),
            Mutation::DeleteTaskDefinitions { arns } => {
                name(arns.first().map_or("", String::as_str))
            }
        }
    }

    /// Whether a fresh read can tell if it happened (else an unknown outcome stays unknown, and says so).
    pub fn checkable(&self) -> bool {
        matches!(
            self,
            Mutation::Scale { .. }
                | Mutation::StopTasks { .. }
                | Mutation::Deploy { .. }
                | Mutation::Rollback { .. }
                | Mutation::DeleteService { .. }
        )
    }

    /// What it changes, to be read again once it is done (or its outcome is unknown): the service (its row),
    /// its tasks, and the list it leaves when it is deleted.
    pub fn invalidates(&self) -> Vec<Resource> {
        let Some(cluster_arn) = self.cluster_arn().map(str::to_string) else {
            return Vec::new();
        };
        if let Mutation::DeleteCluster { .. } | Mutation::DeregisterContainerInstance { .. } = self
        {
            return vec![Resource::Clusters];
        }
        let mut reads = Vec::new();
        if let Mutation::SetInstancesState { .. } = self {
            // The instances' status, and the tasks the scheduler moves off them.
            reads.push(Resource::Explore(
                super::explore::Read::ContainerInstances {
                    cluster_arn: cluster_arn.clone(),
                },
            ));
            reads.push(Resource::ClusterTasks {
                cluster_arn: cluster_arn.clone(),
            });
        }
        if let Some(service_arn) = self.service_arn() {
            reads.push(Resource::Service {
                cluster_arn: cluster_arn.clone(),
                service_arn: service_arn.to_string(),
            });
            let key = super::ServiceKey {
                cluster_arn: cluster_arn.clone(),
                service_name: arn_name(service_arn).to_string(),
            };
            reads.push(Resource::ServiceTasks(key.clone()));
            // Deploying, rolling back, continuing: the history says how it goes.
            reads.push(Resource::Deployments(key));
        }
        if let Mutation::DeleteService { .. } = self {
            reads.push(Resource::ServiceList {
                cluster_arn: cluster_arn.clone(),
            });
        }
        if let Mutation::StopTasks { task_arns, .. } = self {
            reads.extend(task_arns.iter().map(|task_arn| Resource::Task {
                cluster_arn: cluster_arn.clone(),
                task_arn: task_arn.clone(),
            }));
            reads.push(Resource::ClusterTasks { cluster_arn });
        }
        reads
    }
}
