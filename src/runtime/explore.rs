//! The exploring views' reads (`Resource::Explore`), each counted in the calls it made.

use crate::app::explore::{Explored, Read, TargetGroupScope};
use crate::backend::{Backend, Result};
use crate::model::RevisionStatus;

/// DescribeContainerInstances takes at most 100 instances.
const INSTANCES_PER_DESCRIBE: usize = 100;

pub async fn read(backend: &dyn Backend, read: &Read, calls: &mut u32) -> Result<Explored> {
    match read {
        Read::ContainerInstances { cluster_arn } => {
            let arns = backend.list_container_instances(cluster_arn).await?;
            *calls += arns.len().div_ceil(100).max(1) as u32;
            if arns.is_empty() {
                return Ok(Explored::ContainerInstances(Vec::new()));
            }
            *calls += arns.len().div_ceil(INSTANCES_PER_DESCRIBE) as u32;
            let mut described = backend
                .describe_container_instances(cluster_arn, &arns)
                .await?
                .items;
            described.sort_by(|a, b| {
                (&a.availability_zone, &a.ec2_instance_id)
                    .cmp(&(&b.availability_zone, &b.ec2_instance_id))
            });
            Ok(Explored::ContainerInstances(described))
        }
        Read::ContainerInstance { cluster_arn, arn } => {
            *calls += 1;
            let described = backend
                .describe_container_instances(cluster_arn, std::slice::from_ref(arn))
                .await?;
            Ok(Explored::ContainerInstances(described.items))
        }
        Read::LoadBalancers => {
            *calls += 1;
            Ok(Explored::LoadBalancers(
                backend.describe_load_balancers(&[]).await?,
            ))
        }
        Read::Listeners { load_balancer_arn } => {
            *calls += 1;
            Ok(Explored::Listeners(
                backend.describe_listeners(load_balancer_arn).await?,
            ))
        }
        Read::Rules { listener_arn } => {
            *calls += 1;
            Ok(Explored::Rules(backend.describe_rules(listener_arn).await?))
        }
        Read::TargetGroups(TargetGroupScope::LoadBalancer(arn)) => {
            *calls += 1;
            let all = backend.describe_target_groups(&[]).await?;
            Ok(Explored::TargetGroups(
                all.into_iter()
                    .filter(|g| g.load_balancer_arns.contains(arn))
                    .collect(),
            ))
        }
        Read::CapacityProviders { names } => {
            *calls += names.len().div_ceil(100).max(1) as u32;
            Ok(Explored::CapacityProviders(
                backend.describe_capacity_providers(names).await?,
            ))
        }
        Read::TaskProtection {
            cluster_arn,
            task_arns,
        } => {
            *calls += task_arns.len().div_ceil(10).max(1) as u32;
            let got = backend.get_task_protection(cluster_arn, task_arns).await?;
            Ok(Explored::TaskProtection(got.items))
        }
        Read::Logs {
            sources,
            pattern,
            since,
        } => Ok(Explored::Logs(
            super::logs::read(backend, sources, pattern.as_deref(), *since, calls).await?,
        )),
        Read::Families => {
            let families = backend
                .list_task_definition_families(Some(RevisionStatus::Active))
                .await?;
            *calls += families.len().div_ceil(100).max(1) as u32;
            Ok(Explored::Families(families))
        }
        Read::FamilyRevisions { family } => {
            let revisions = backend.list_task_definition_revisions(family).await?;
            // One list per status, each a page of up to 100 or more.
            *calls += 3 + (revisions.len() / 100) as u32;
            Ok(Explored::Revisions(revisions))
        }
        Read::Metrics { metrics, range } => {
            *calls += read.first_guess_calls();
            let series = backend
                .get_metric_data(metrics, *range, backend.now())
                .await?;
            Ok(Explored::Metrics(series))
        }
        Read::AlarmsFor { metrics } => {
            *calls += metrics.len().max(1) as u32;
            Ok(Explored::Alarms(
                backend.describe_alarms_for_metrics(metrics).await?,
            ))
        }
        Read::FiringAlarms => {
            let alarms = backend.describe_firing_alarms().await?;
            *calls += alarms.len().div_ceil(100).max(1) as u32;
            Ok(Explored::Alarms(alarms))
        }
        Read::Scaling {
            cluster_arn,
            service,
        } => {
            let scaling = backend
                .describe_service_scaling(cluster_arn, service)
                .await?;
            // Not registered: the one DescribeScalableTargets was all.
            *calls += if scaling.target.is_some() { 4 } else { 1 };
            Ok(Explored::Scaling(Box::new(scaling)))
        }
        Read::ScalableTargets => {
            let targets = backend.describe_scalable_targets(&[]).await?;
            *calls += targets
                .len()
                .div_ceil(crate::backend::TARGETS_PER_CALL)
                .max(1) as u32;
            Ok(Explored::ScalableTargets(targets))
        }
        Read::TargetGroups(TargetGroupScope::Arns(arns)) => {
            *calls += 1;
            Ok(Explored::TargetGroups(
                backend.describe_target_groups(arns).await?,
            ))
        }
    }
}
