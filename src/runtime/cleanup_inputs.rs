//! Reading what a cleanup would touch, fresh, so that the plan never works from a stale screen: the cluster's
//! services, tasks and instances, the other clusters' services (what they use is left alone), the target
//! groups with their load balancers' listeners and rules, and the families' revisions.

use std::collections::BTreeSet;

use crate::app::cleanup::{Inputs, Scope};
use crate::backend::{Backend, Result};
use crate::model::{
    family_of, revision, DesiredStatus, RevisionStatus, Service, TaskDefinition, TaskFilter,
};

pub async fn gather(backend: &dyn Backend, scope: &Scope) -> Result<Inputs> {
    let cluster_arn = scope.cluster_arn();
    let services = services_of(backend, cluster_arn).await?;
    let mut other_services = Vec::new();
    for other in backend.list_clusters().await? {
        if other != cluster_arn && crate::model::arn_name(&other) != scope_cluster_name(scope) {
            other_services.extend(services_of(backend, &other).await?);
        }
    }
    let mut inputs = Inputs {
        services,
        other_services,
        ..Inputs::default()
    };
    // The cluster's tasks: a cluster's cleanup stops the standalone ones; a service's keeps the families
    // that other tasks run.
    let running = TaskFilter {
        service_name: None,
        desired_status: DesiredStatus::Running,
    };
    let arns = backend.list_tasks(cluster_arn, &running).await?;
    if !arns.is_empty() {
        inputs.tasks = backend.describe_tasks(cluster_arn, &arns).await?.items;
    }
    if let Scope::Cluster { .. } = scope {
        let instances = backend.list_container_instances(cluster_arn).await?;
        if !instances.is_empty() {
            inputs.container_instances = backend
                .describe_container_instances(cluster_arn, &instances)
                .await?
                .items;
        }
    }
    let in_scope: Vec<&Service> = inputs
        .services
        .iter()
        .filter(|s| match scope {
            Scope::Cluster { .. } => true,
            Scope::Service { service_arn, .. } => s.arn == *service_arn,
        })
        .collect();
    let target_groups: BTreeSet<String> = in_scope
        .iter()
        .flat_map(|s| s.load_balancers.iter().map(|b| b.target_group_arn.clone()))
        .collect();
    let families: BTreeSet<String> = in_scope
        .iter()
        .flat_map(|s| {
            std::iter::once(&s.task_definition)
                .chain(s.deployments.iter().map(|d| &d.task_definition))
        })
        .map(|td| family_of(td).to_string())
        .collect();
    if !target_groups.is_empty() {
        let arns: Vec<String> = target_groups.into_iter().collect();
        inputs.target_groups = backend.describe_target_groups(&arns).await?;
        let lbs: BTreeSet<String> = inputs
            .target_groups
            .iter()
            .flat_map(|tg| tg.load_balancer_arns.iter().cloned())
            .collect();
        if !lbs.is_empty() {
            let lbs: Vec<String> = lbs.into_iter().collect();
            inputs.load_balancers = backend.describe_load_balancers(&lbs).await?;
            for lb in &lbs {
                inputs
                    .listeners
                    .extend(backend.describe_listeners(lb).await?);
            }
            for l in inputs.listeners.clone() {
                inputs.rules.extend(backend.describe_rules(&l.arn).await?);
            }
        }
    }
    for family in families {
        for status in [RevisionStatus::Active, RevisionStatus::Inactive] {
            for arn in backend.list_task_definitions(&family, status).await? {
                // ListTaskDefinitions' answer is all a plan needs: no describe per revision.
                inputs.revisions.push(TaskDefinition {
                    revision: revision(&arn).parse().unwrap_or(0),
                    family: family.clone(),
                    status: status.as_str().to_string(),
                    arn,
                    ..TaskDefinition::default()
                });
            }
        }
    }
    Ok(inputs)
}

fn scope_cluster_name(scope: &Scope) -> &str {
    crate::model::arn_name(scope.cluster_arn())
}

async fn services_of(backend: &dyn Backend, cluster_arn: &str) -> Result<Vec<Service>> {
    let arns = backend.list_services(cluster_arn).await?;
    if arns.is_empty() {
        return Ok(Vec::new());
    }
    Ok(backend.describe_services(cluster_arn, &arns).await?.items)
}
