//! The batch reads of the `Backend` trait: ListTasks and the describe calls that take many ARNs and report
//! the ones they cannot find as `failures` (reason MISSING), as ECS does.

use super::errors;
use super::ids;
use super::world::World;
use crate::backend::{DescribeFailure, Described, Result};
use crate::model::{
    arn_name, Cluster, ContainerInstance, DesiredStatus, LoadBalancer, Service, TargetGroup, Task,
    TaskFilter,
};

fn missing(arn: &str) -> DescribeFailure {
    DescribeFailure {
        arn: arn.to_string(),
        reason: "MISSING".into(),
    }
}

/// Those of `all` named in `arns` (every one when `arns` is empty); an unknown ARN fails the whole call.
fn named<T: Clone>(
    all: Vec<T>,
    arns: &[String],
    arn: impl Fn(&T) -> &str,
    not_found: fn() -> crate::backend::BackendError,
) -> Result<Vec<T>> {
    if arns.is_empty() {
        return Ok(all);
    }
    arns.iter()
        .map(|a| {
            all.iter()
                .find(|x| arn(x) == a)
                .cloned()
                .ok_or_else(not_found)
        })
        .collect()
}

impl World {
    fn check_cluster(&self, cluster: &str) -> Result<()> {
        match self.has_cluster(cluster) {
            true => Ok(()),
            false => Err(errors::cluster_not_found()),
        }
    }

    /// DescribeClusters: deleted clusters show INACTIVE; unknown ones are MISSING.
    pub fn describe_clusters(&self, arns: &[String]) -> Described<Cluster> {
        let mut d = Described::default();
        for a in arns {
            match self.cluster(a) {
                Some(c) => d.items.push(c),
                None => d.failures.push(missing(a)),
            }
        }
        d
    }

    /// DescribeServices (names or ARNs), DRAINING and INACTIVE services included.
    pub fn describe_services(&self, cluster: &str, arns: &[String]) -> Result<Described<Service>> {
        self.check_cluster(cluster)?;
        let mut d = Described::default();
        for a in arns {
            match self.service(cluster, a) {
                Some(s) => d.items.push(s),
                None if a.starts_with("arn:") => d.failures.push(missing(a)),
                None => d
                    .failures
                    .push(missing(&ids::service_arn(ids::cluster_name(cluster), a))),
            }
        }
        Ok(d)
    }

    /// ListTasks: a cluster's tasks (a service's, with `service_name`) by desired status.
    pub fn list_tasks(&self, cluster: &str, filter: &TaskFilter) -> Result<Vec<String>> {
        self.check_cluster(cluster)?;
        if let Some(s) = &filter.service_name {
            if self.service(cluster, s).is_none() {
                return Err(errors::service_not_found());
            }
        }
        let group = filter.service_name.as_ref().map(|s| format!("service:{s}"));
        Ok(self
            .cluster_tasks(cluster)
            .into_iter()
            .filter(|t| group.as_ref().is_none_or(|g| *g == t.group))
            .filter(|t| match filter.desired_status {
                DesiredStatus::Running => t.desired_status == DesiredStatus::Running,
                DesiredStatus::Stopped => t.desired_status == DesiredStatus::Stopped,
            })
            .map(|t| t.arn)
            .collect())
    }

    /// DescribeTasks (ids or ARNs) of one cluster.
    pub fn describe_tasks(&self, cluster: &str, arns: &[String]) -> Result<Described<Task>> {
        self.check_cluster(cluster)?;
        let name = ids::cluster_name(cluster);
        let mut d = Described::default();
        for a in arns {
            let arn = if a.starts_with("arn:") {
                a.clone()
            } else {
                ids::task_arn(name, a)
            };
            match self
                .task(&arn)
                .filter(|t| t.cluster_arn == ids::cluster_arn(name))
            {
                Some(t) => d.items.push(t),
                None => d.failures.push(missing(&arn)),
            }
        }
        Ok(d)
    }

    /// ListContainerInstances.
    pub fn list_container_instances(&self, cluster: &str) -> Result<Vec<String>> {
        self.check_cluster(cluster)?;
        Ok(self
            .container_instances(cluster)
            .into_iter()
            .map(|i| i.arn)
            .collect())
    }

    /// DescribeContainerInstances (ids or ARNs).
    pub fn describe_container_instances(
        &self,
        cluster: &str,
        arns: &[String],
    ) -> Result<Described<ContainerInstance>> {
        self.check_cluster(cluster)?;
        let all = self.container_instances(cluster);
        let mut d = Described::default();
        for a in arns {
            match all.iter().find(|i| i.arn == *a || arn_name(&i.arn) == a) {
                Some(i) => d.items.push(i.clone()),
                None => d.failures.push(missing(a)),
            }
        }
        Ok(d)
    }

    /// DescribeLoadBalancers: every one when `arns` is empty.
    pub fn describe_load_balancers(&self, arns: &[String]) -> Result<Vec<LoadBalancer>> {
        named(
            self.load_balancers(),
            arns,
            |l| &l.arn,
            errors::load_balancer_not_found,
        )
    }

    /// DescribeTargetGroups: every one when `arns` is empty.
    pub fn describe_target_groups(&self, arns: &[String]) -> Result<Vec<TargetGroup>> {
        named(
            self.target_groups(),
            arns,
            |g| &g.arn,
            errors::target_group_not_found,
        )
    }
}
