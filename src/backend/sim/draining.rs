//! UpdateContainerInstancesState, as the ECS developer guide's "Container instance draining" describes it: a
//! DRAINING instance takes no new task; its service tasks that have not reached RUNNING stop at once; its
//! RUNNING service tasks are replaced elsewhere by the scheduler within the service's minimumHealthyPercent
//! and maximumPercent (see `deployment::plan`); standalone tasks stay. ACTIVE again makes it placeable.

use super::errors;
use super::ids;
use super::lifecycle::{self, begin_stop, Parts};
use super::world::World;
use crate::backend::{DescribeFailure, Described, Result};
use crate::model::{arn_name, ContainerInstance, StopCode};

/// UpdateContainerInstancesState takes at most 10 instances a call.
pub const UPDATE_STATE_BATCH: usize = 10;

impl World {
    /// UpdateContainerInstancesState (ids or ARNs; `status` as sent on the wire). Unknown instances come back
    /// as failures (MISSING); the instances changed come back as DescribeContainerInstances shows them.
    pub fn update_container_instances_state(
        &mut self,
        cluster: &str,
        instances: &[String],
        status: &str,
    ) -> Result<Described<ContainerInstance>> {
        let name = ids::cluster_name(cluster).to_string();
        if !self.clusters.contains_key(&name) {
            return Err(errors::cluster_not_found());
        }
        if status != "ACTIVE" && status != "DRAINING" {
            return Err(errors::invalid_parameter(
                "Container instance status should be one of [ACTIVE, DRAINING]",
            ));
        }
        if instances.is_empty() || instances.len() > UPDATE_STATE_BATCH {
            return Err(errors::invalid_parameter(format!(
                "containerInstances can have between 1 and {UPDATE_STATE_BATCH} items."
            )));
        }
        let mut out = Described::default();
        let mut changed = Vec::new();
        for wanted in instances {
            let Some(i) = self.clusters.get_mut(&name).and_then(|c| {
                c.instances
                    .values_mut()
                    .find(|i| i.arn == *wanted || arn_name(&i.arn) == wanted)
            }) else {
                out.failures.push(DescribeFailure {
                    arn: wanted.clone(),
                    reason: "MISSING".into(),
                });
                continue;
            };
            let was = std::mem::replace(&mut i.status, status.to_string());
            let arn = i.arn.clone();
            if status == "DRAINING" && was != "DRAINING" {
                let on_it: Vec<u64> = i.tasks.iter().copied().collect();
                self.stop_starting_service_tasks(&on_it);
            }
            changed.push(arn);
        }
        let views = self.container_instances(&name);
        out.items = changed
            .iter()
            .filter_map(|a| views.iter().find(|v| v.arn == *a).cloned())
            .collect();
        Ok(out)
    }

    /// Service tasks that have not reached RUNNING stop at once; their services start replacements elsewhere.
    fn stop_starting_service_tasks(&mut self, keys: &[u64]) {
        let Parts {
            tasks,
            services,
            mut ctx,
        } = self.parts();
        for key in keys {
            let Some(t) = tasks.get_mut(key) else {
                continue;
            };
            let Some(svc) = t.service.and_then(|k| services.get_mut(&k)) else {
                continue;
            };
            if !t.is_live() || !t.task.last_status.is_starting() {
                continue;
            }
            let reason = match svc.deployments.first() {
                Some(d) => format!("Scaling activity initiated by (deployment {})", d.id),
                None => "Scaling activity initiated by the service scheduler".to_string(),
            };
            let groups = begin_stop(t, &mut ctx, StopCode::ServiceSchedulerInitiated, &reason);
            lifecycle::deregistered(svc, &groups);
            svc.batch.stopped(t.task.id());
            svc.steady = false;
        }
    }

    /// Whether a task runs on a DRAINING container instance (the scheduler replaces such service tasks).
    pub(crate) fn on_draining_instance(&self, cluster: &str, instance: Option<&str>) -> bool {
        instance
            .and_then(|a| self.clusters.get(cluster)?.instances.get(a))
            .is_some_and(|i| i.status == "DRAINING")
    }
}
