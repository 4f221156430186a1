//! Drain container instances (UpdateContainerInstancesState DRAINING), or make draining ones ACTIVE again:
//! `x` on the container instances, for the marked ones or the selected one.

use crate::app::ExploreScreen;
use futures::future::BoxFuture;

use super::{Change, Delta, Description, Input, Mutation};
use crate::app::explore::{self, View};
use crate::app::{Resource, Screen, State};
use crate::backend::{Backend, BackendError, Result};
use crate::model::{arn_name, ContainerInstanceStatus};

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct SetInstancesState {
    pub cluster_arn: String,
    pub instance_arns: Vec<String>,
    pub to: ContainerInstanceStatus,
}

impl SetInstancesState {
    /// The marked instances, or the selected one, to DRAINING; or, when they all drain already, back to
    /// ACTIVE. Only those it changes.
    pub fn draft(state: &State) -> std::result::Result<Mutation, String> {
        let works_on = || {
            "Draining container instances works on a container instance: select one in :instances"
        };
        let Screen::Explore(ExploreScreen { view, cursor, .. }) = state.screen() else {
            return Err(works_on().into());
        };
        let View::Instances(v) = &**view else {
            return Err(works_on().into());
        };
        let chosen: Vec<String> = match cursor.marks.is_empty() {
            false => cursor.marks.iter().cloned().collect(),
            true => cursor.selected_key.iter().cloned().collect(),
        };
        let read = explore::Read::ContainerInstances {
            cluster_arn: v.cluster_arn.clone(),
        };
        let instances = match explore::read::got(state, &read, explore::read::container_instances) {
            explore::read::Got::Data(instances) => instances,
            _ => &[],
        };
        let statuses: Vec<&str> = chosen
            .iter()
            .filter_map(|arn| instances.iter().find(|i| i.arn == *arn))
            .map(|i| i.status.as_str())
            .collect();
        if statuses.is_empty() {
            return Err(works_on().into());
        }
        let to = match statuses.iter().all(|s| *s == "DRAINING") {
            true => ContainerInstanceStatus::Active,
            false => ContainerInstanceStatus::Draining,
        };
        let instance_arns = chosen
            .into_iter()
            .filter(|arn| {
                instances
                    .iter()
                    .any(|i| i.arn == *arn && i.status != to.as_str())
            })
            .collect();
        Ok(SetInstancesState {
            cluster_arn: v.cluster_arn.clone(),
            instance_arns,
            to,
        }
        .into())
    }
}

impl Change for SetInstancesState {
    fn cluster_arn(&self) -> Option<&str> {
        Some(&self.cluster_arn)
    }

    fn describe(&self) -> Description {
        let (from, verb, how) = match self.to {
            ContainerInstanceStatus::Draining => (
                "ACTIVE",
                "Drain",
                "UpdateContainerInstancesState DRAINING: nothing new is placed on them; their service \
                 tasks are replaced elsewhere within each service's minimum healthy and maximum \
                 percent; tasks started on their own (RunTask) keep running",
            ),
            ContainerInstanceStatus::Active => (
                "DRAINING",
                "Activate",
                "UpdateContainerInstancesState ACTIVE: tasks can be placed on them again",
            ),
        };
        let n = self.instance_arns.len();
        Description {
            title: format!("{verb} {n} container instance{}", super::common::plural(n)),
            changes: vec![Delta::new("status", from, self.to.as_str())],
            targets: self.instance_arns.clone(),
            how: how.to_string(),
        }
    }

    /// The instances' status, and the tasks the scheduler moves off them.
    fn invalidates(&self, _: &State) -> Vec<Resource> {
        vec![
            Resource::Explore(explore::Read::ContainerInstances {
                cluster_arn: self.cluster_arn.clone(),
            }),
            Resource::ClusterTasks {
                cluster_arn: self.cluster_arn.clone(),
            },
        ]
    }

    fn opening_reads(&self, _: &State) -> Vec<Resource> {
        Vec::new()
    }

    fn complete(&self, _: &State, _: &Input) -> std::result::Result<Mutation, String> {
        Ok(self.clone().into())
    }

    fn carry_out<'a>(&'a self, backend: &'a dyn Backend) -> BoxFuture<'a, Result<String>> {
        Box::pin(async move {
            let done = backend
                .update_container_instances_state(&self.cluster_arn, &self.instance_arns, self.to)
                .await?;
            // An instance ECS did not change is not reported changed.
            if let Some(failed) = done.failures.first() {
                return Err(BackendError::Api {
                    code: "Failure".into(),
                    message: format!(
                        "{} of {} instances changed; {}: {}",
                        done.items.len(),
                        self.instance_arns.len(),
                        arn_name(&failed.arn),
                        failed.reason
                    ),
                });
            }
            Ok(format!(
                "{} container instance(s) {}",
                done.items.len(),
                self.to.as_str()
            ))
        })
    }
}
