//! Taking a region apart: DeleteService, DeregisterContainerInstance and DeleteCluster, refused in the wrong
//! order with the errors ECS returns.

use super::errors;
use super::ids;
use super::world::World;
use crate::backend::Result;
use crate::model::{
    arn_name, Cluster, ContainerInstance, Service, ServiceStatus, StopCode, TaskStatus,
};

impl World {
    /// DeleteService: refused while tasks are wanted unless forced. The service goes DRAINING at once (gone from
    /// ListServices, still in DescribeServices), then INACTIVE once every task is STOPPING or STOPPED. Its
    /// service deployments are deleted with it, as ECS does. Returns the service (DRAINING).
    pub fn delete_service(&mut self, cluster: &str, service: &str, force: bool) -> Result<Service> {
        let svc = self.active_service(cluster, service)?;
        if svc.desired_count > 0 && !force {
            return Err(errors::invalid_parameter(
                "The service cannot be stopped while it is scaled above 0.",
            ));
        }
        svc.desired_count = 0;
        svc.status = ServiceStatus::Draining;
        svc.history.clear();
        self.service(cluster, service)
            .ok_or_else(errors::service_not_found)
    }

    /// DeleteCluster: refused while it has ACTIVE or DRAINING services, tasks that are not STOPPED, or
    /// registered container instances. The cluster becomes INACTIVE: gone from ListClusters, shown INACTIVE by
    /// DescribeClusters, unknown to every other call.
    pub fn delete_cluster(&mut self, cluster: &str) -> Result<Cluster> {
        let name = ids::cluster_name(cluster).to_string();
        let c = self
            .clusters
            .get(&name)
            .ok_or_else(errors::cluster_not_found)?;
        if self
            .services
            .values()
            .any(|s| s.cluster == name && s.status != ServiceStatus::Inactive)
        {
            return Err(errors::cluster_contains_services());
        }
        if c.tasks
            .iter()
            .filter_map(|k| self.tasks.get(k))
            .any(|t| t.task.last_status != TaskStatus::Stopped)
        {
            return Err(errors::cluster_contains_tasks());
        }
        if !c.instances.is_empty() {
            return Err(errors::cluster_contains_instances());
        }
        let view = Cluster {
            arn: c.arn.clone(),
            name: name.clone(),
            status: "INACTIVE".into(),
            capacity_providers: c.capacity_providers.clone(),
            ..Cluster::default()
        };
        let tasks: Vec<u64> = c.tasks.iter().copied().collect();
        for key in tasks {
            self.forget_task(key);
        }
        self.clusters.remove(&name);
        self.services.retain(|_, s| s.cluster != name);
        self.inactive_clusters.insert(name, view.clone());
        Ok(view)
    }

    /// DeregisterContainerInstance (by ARN or id): refused while tasks are on it unless forced. Forced, the
    /// instance is gone at once and its tasks stop (their services place replacements elsewhere). Returns the
    /// instance as it was, INACTIVE.
    pub fn deregister_container_instance(
        &mut self,
        cluster: &str,
        instance: &str,
        force: bool,
    ) -> Result<ContainerInstance> {
        let name = ids::cluster_name(cluster).to_string();
        let c = self
            .clusters
            .get(&name)
            .ok_or_else(errors::cluster_not_found)?;
        let (arn, on_it) = c
            .instances
            .values()
            .find(|i| i.arn == instance || arn_name(&i.arn) == instance)
            .map(|i| (i.arn.clone(), i.tasks.iter().copied().collect::<Vec<u64>>()))
            .ok_or_else(|| {
                errors::invalid_parameter("The referenced container instance was not found.")
            })?;
        if !on_it.is_empty() && !force {
            return Err(errors::invalid_parameter(
                "Found running tasks on the instance.",
            ));
        }
        let mut view = self
            .container_instances(&name)
            .into_iter()
            .find(|i| i.arn == arn)
            .ok_or_else(errors::cluster_not_found)?;
        view.status = "INACTIVE".into();
        if let Some(c) = self.clusters.get_mut(&name) {
            c.instances.remove(&arn);
        }
        let reason = format!(
            "Container instance deregistered (container-instance {}).",
            arn_name(&arn)
        );
        for key in on_it {
            self.stop_one(key, StopCode::ServiceSchedulerInitiated, &reason);
        }
        Ok(view)
    }
}
