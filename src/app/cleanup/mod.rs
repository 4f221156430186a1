//! Force-delete cleanup of a service or a whole cluster, the way an ECS class ends its exercise: a plan made
//! from fresh reads (every resource it will touch, in AWS's order, and what it leaves alone and why), confirmed
//! by typing the name, then run one step at a time through the one mutation path. When it stops (an error,
//! an unknown outcome, Esc), Enter resumes the confirmed plan at that step and skips what is already gone.
//! The plan is kept on disk while it is unfinished (`persist`), so that a quit or a crash does not lose it:
//! the next run offers it, and checks every remaining step by a fresh read before resuming (`recheck`).

mod persist;
mod plan;
mod recheck;
mod run;
mod saved;
mod saved_step;
mod unknown;
mod waits;

pub use persist::{
    discard, find_effect, found, offer, on_cluster, persist, starting, take_up, Kept,
};
pub use plan::plan;
pub use recheck::{judge, on_rechecked, Fresh, Verdict};
pub use run::{
    abandoned, advance, on_mutated, on_tick, resume, stop_requested, CleanupRun, StepState,
};
pub use saved::{Origin, SavedCleanup, SavedState, SavedStep, StepData, FORMAT};
pub use unknown::on_settled;
pub use waits::already_gone;

use super::mutation::Mutation;
use crate::model::{
    ContainerInstance, Listener, ListenerRule, LoadBalancer, Service, TargetGroup, Task,
    TaskDefinition,
};

/// What is cleaned up: a cluster with everything in it, or one service.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Scope {
    Cluster {
        cluster_arn: String,
    },
    Service {
        cluster_arn: String,
        service_arn: String,
    },
}

impl Scope {
    pub fn cluster_arn(&self) -> &str {
        match self {
            Scope::Cluster { cluster_arn } | Scope::Service { cluster_arn, .. } => cluster_arn,
        }
    }

    /// The name typed to confirm.
    pub fn name(&self) -> &str {
        match self {
            Scope::Cluster { cluster_arn } => crate::model::arn_name(cluster_arn),
            Scope::Service { service_arn, .. } => crate::model::arn_name(service_arn),
        }
    }
}

/// Everything the plan is made from, read fresh when the dialog opens.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Inputs {
    /// The cluster's ACTIVE and DRAINING services.
    pub services: Vec<Service>,
    /// Services of the other clusters: what they use is left alone.
    pub other_services: Vec<Service>,
    /// The cluster's live tasks (standalone ones are stopped by a cluster's cleanup).
    pub tasks: Vec<Task>,
    pub container_instances: Vec<ContainerInstance>,
    /// The target groups the services in scope use, with their load balancers' listeners and rules.
    pub target_groups: Vec<TargetGroup>,
    pub load_balancers: Vec<LoadBalancer>,
    pub listeners: Vec<Listener>,
    pub rules: Vec<ListenerRule>,
    /// The ACTIVE and INACTIVE revisions of the families the services in scope run.
    pub revisions: Vec<TaskDefinition>,
}

/// The groups a user opts in to, beside the ECS steps that always run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Group {
    /// Services, tasks, container instances, the cluster.
    Ecs,
    /// Listeners, load balancers and target groups only these services use.
    LoadBalancing,
    /// The families' task-definition revisions.
    TaskDefinitions,
}

impl Group {
    pub fn title(self) -> &'static str {
        match self {
            Group::Ecs => "ECS (always)",
            Group::LoadBalancing => "load balancing",
            Group::TaskDefinitions => "task definitions",
        }
    }
}

/// One step, in the order AWS needs: a write (a change like any other, through the same gate), or a wait.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Step {
    Write(Mutation),
    /// Wait until each is INACTIVE (DescribeServices).
    WaitInactive {
        cluster_arn: String,
        service_arns: Vec<String>,
    },
    /// Wait until every task of the cluster is STOPPED (those listed, and any started since the plan).
    WaitStopped {
        cluster_arn: String,
        task_arns: Vec<String>,
    },
}

impl Step {
    pub fn group(&self) -> Group {
        match self {
            Step::Write(
                Mutation::DeleteListener(_)
                | Mutation::DeleteLoadBalancer(_)
                | Mutation::DeleteTargetGroup(_),
            ) => Group::LoadBalancing,
            Step::Write(
                Mutation::DeregisterTaskDefinition(_) | Mutation::DeleteTaskDefinitions(_),
            ) => Group::TaskDefinitions,
            _ => Group::Ecs,
        }
    }

    /// What the step does, in a line.
    pub fn describe(&self) -> String {
        use crate::app::mutation::names;
        let write = match self {
            Step::WaitInactive { service_arns, .. } => {
                return format!("wait for {} to drain to INACTIVE", names(service_arns))
            }
            Step::WaitStopped { task_arns, .. } => {
                return format!("wait for the cluster's {} tasks to stop", task_arns.len())
            }
            Step::Write(m) => m,
        };
        write.change().step()
    }

    /// Waits read; every other step writes.
    pub fn is_wait(&self) -> bool {
        !matches!(self, Step::Write(_))
    }

    /// The ARNs it touches.
    pub fn targets(&self) -> Vec<String> {
        match self {
            Step::Write(m) => m.describe().targets,
            Step::WaitInactive { service_arns, .. } => service_arns.clone(),
            Step::WaitStopped { task_arns, .. } => task_arns.clone(),
        }
    }
}

/// The plan: the steps in order, and what is left alone and why.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Plan {
    pub scope: Scope,
    pub steps: Vec<Step>,
    /// "target group web-tg: also used by service api in cluster staging".
    pub kept: Vec<String>,
}

impl Plan {
    /// The steps that run with these groups opted in.
    pub fn chosen(&self, load_balancing: bool, task_definitions: bool) -> Plan {
        let steps = self
            .steps
            .iter()
            .filter(|s| match s.group() {
                Group::Ecs => true,
                Group::LoadBalancing => load_balancing,
                Group::TaskDefinitions => task_definitions,
            })
            .cloned()
            .collect();
        Plan {
            steps,
            ..self.clone()
        }
    }

    pub fn has(&self, group: Group) -> bool {
        self.steps.iter().any(|s| s.group() == group)
    }
}
