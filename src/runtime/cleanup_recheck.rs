//! Reading afresh what a plan left by an earlier run touches, before it resumes: its cluster, every cluster's
//! live services (who else uses a target group or runs a family), its own services (INACTIVE ones too), the
//! cluster's tasks and instances, its target groups and load balancers with their listeners and rules, and
//! its families' revisions. A resource that is gone is simply absent: `app::cleanup::judge` decides.

use std::collections::BTreeSet;

use crate::app::cleanup::{already_gone, Fresh, Plan, Step};
use crate::app::mutation::Mutation;
use crate::backend::{Backend, Result};
use crate::model::{
    family_of, revision, DesiredStatus, RevisionStatus, TaskDefinition, TaskFilter,
};

/// `None` when the answer says it is gone.
fn present<T>(answer: Result<T>) -> Result<Option<T>> {
    match answer {
        Ok(v) => Ok(Some(v)),
        Err(e) if already_gone(&e) => Ok(None),
        Err(e) => Err(e),
    }
}

/// The load balancer of a listener, from its ARN (`…:listener/app/NAME/ID/LISTENER` belongs to
/// `…:loadbalancer/app/NAME/ID`).
fn load_balancer_of(listener_arn: &str) -> Option<String> {
    let (head, path) = listener_arn.split_once(":listener/")?;
    let (load_balancer, _) = path.rsplit_once('/')?;
    Some(format!("{head}:loadbalancer/{load_balancer}"))
}

pub async fn gather(backend: &dyn Backend, plan: &Plan) -> Result<Fresh> {
    let cluster_arn = plan.scope.cluster_arn();
    let mut fresh = Fresh::default();
    let (mut services, mut groups, mut balancers, mut families) = (
        BTreeSet::new(),
        BTreeSet::new(),
        BTreeSet::new(),
        BTreeSet::new(),
    );
    for step in &plan.steps {
        match step {
            Step::WaitInactive { service_arns, .. } => {
                services.extend(service_arns.iter().cloned())
            }
            Step::Write(Mutation::DeleteService(d)) => _ = services.insert(d.service_arn.clone()),
            Step::Write(Mutation::DeleteTargetGroup(d)) => _ = groups.insert(d.arn.clone()),
            Step::Write(Mutation::DeleteLoadBalancer(d)) => _ = balancers.insert(d.arn.clone()),
            Step::Write(Mutation::DeleteListener(d)) => balancers.extend(load_balancer_of(&d.arn)),
            Step::Write(Mutation::DeregisterTaskDefinition(d)) => {
                families.insert(family_of(&d.arn).to_string());
            }
            Step::Write(Mutation::DeleteTaskDefinitions(d)) => {
                families.extend(d.arns.iter().map(|a| family_of(a).to_string()))
            }
            _ => {}
        }
    }
    let cluster = present(backend.describe_clusters(&[cluster_arn.to_string()]).await)?;
    fresh.cluster = cluster.and_then(|d| d.items.into_iter().next());
    for c in backend.list_clusters().await? {
        let Some(arns) = present(backend.list_services(&c).await)? else {
            continue;
        };
        if !arns.is_empty() {
            if let Some(d) = present(backend.describe_services(&c, &arns).await)? {
                fresh.services.extend(d.items);
            }
        }
    }
    // The plan's own, INACTIVE ones included (ListServices leaves those out).
    let unlisted: Vec<String> = services
        .into_iter()
        .filter(|a| !fresh.services.iter().any(|s| s.arn == *a))
        .collect();
    if !unlisted.is_empty() {
        if let Some(d) = present(backend.describe_services(cluster_arn, &unlisted).await)? {
            fresh.services.extend(d.items);
        }
    }
    let running = TaskFilter {
        service_name: None,
        desired_status: DesiredStatus::Running,
    };
    if let Some(arns) = present(backend.list_tasks(cluster_arn, &running).await)? {
        if !arns.is_empty() {
            if let Some(d) = present(backend.describe_tasks(cluster_arn, &arns).await)? {
                fresh.tasks = d.items;
            }
        }
    }
    fresh.container_instances =
        present(backend.list_container_instances(cluster_arn).await)?.unwrap_or_default();
    // One describe each: a single ARN that is gone fails the whole call.
    for tg in &groups {
        if let Some(found) = present(
            backend
                .describe_target_groups(std::slice::from_ref(tg))
                .await,
        )? {
            fresh.target_groups.extend(found);
        }
    }
    for lb in &balancers {
        let Some(found) = present(
            backend
                .describe_load_balancers(std::slice::from_ref(lb))
                .await,
        )?
        else {
            continue;
        };
        fresh.load_balancers.extend(found);
        let listeners = present(backend.describe_listeners(lb).await)?.unwrap_or_default();
        for l in &listeners {
            fresh
                .rules
                .extend(present(backend.describe_rules(&l.arn).await)?.unwrap_or_default());
        }
        fresh.listeners.extend(listeners);
    }
    for family in families {
        for status in [RevisionStatus::Active, RevisionStatus::Inactive] {
            for arn in backend.list_task_definitions(&family, status).await? {
                fresh.revisions.push(TaskDefinition {
                    revision: revision(&arn).parse().unwrap_or(0),
                    family: family.clone(),
                    status: status.as_str().to_string(),
                    arn,
                    ..TaskDefinition::default()
                });
            }
        }
    }
    Ok(fresh)
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_listener_names_its_load_balancer() {
        assert_eq!(
            super::load_balancer_of(
                "arn:aws:elasticloadbalancing:eu-west-1:1:listener/app/web/50dc6c495c0c9188/f2f7dc8efc522ab2"
            )
            .as_deref(),
            Some("arn:aws:elasticloadbalancing:eu-west-1:1:loadbalancer/app/web/50dc6c495c0c9188")
        );
        assert_eq!(super::load_balancer_of("not an arn"), None);
    }
}
