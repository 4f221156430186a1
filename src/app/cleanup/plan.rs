//! Making the plan from fresh reads: pure, so that every rule of what is deleted and what is left alone is
//! tested without a backend.

use std::collections::{BTreeMap, BTreeSet};

use super::{Inputs, Plan, Scope, Step};
use crate::app::mutation::{
    DeleteCluster, DeleteListener, DeleteLoadBalancer, DeleteService, DeleteTargetGroup,
    DeleteTaskDefinitions, DeregisterContainerInstance, DeregisterTaskDefinition, Mutation,
    StopTasks,
};
use crate::model::{
    arn_name, elb_name, family_of, DesiredStatus, Service, ServiceStatus, TaskStatus,
};

/// DeleteTaskDefinitions takes at most 10 revisions a call.
const DELETE_BATCH: usize = 10;

pub fn plan(scope: &Scope, inputs: &Inputs) -> Plan {
    let cluster_arn = scope.cluster_arn().to_string();
    let live = |s: &&Service| s.status != ServiceStatus::Inactive;
    let (in_scope, mut others): (Vec<&Service>, Vec<&Service>) = match scope {
        Scope::Cluster { .. } => (inputs.services.iter().filter(live).collect(), Vec::new()),
        Scope::Service { service_arn, .. } => inputs
            .services
            .iter()
            .filter(live)
            .partition(|s| s.arn == *service_arn),
    };
    others.extend(inputs.other_services.iter().filter(live));
    let mut steps = Vec::new();
    let mut kept = Vec::new();

    // 1-2. Services: force-delete, then wait until they drain to INACTIVE.
    for s in &in_scope {
        if s.status == ServiceStatus::Active {
            steps.push(Step::Write(Mutation::DeleteService(DeleteService {
                cluster_arn: cluster_arn.clone(),
                service_arn: s.arn.clone(),
            })));
        }
    }
    if !in_scope.is_empty() {
        steps.push(Step::WaitInactive {
            cluster_arn: cluster_arn.clone(),
            service_arns: in_scope.iter().map(|s| s.arn.clone()).collect(),
        });
    }

    // 3-5. The cluster: its standalone tasks, its container instances, then the cluster itself.
    if let Scope::Cluster { .. } = scope {
        let standalone: Vec<String> = inputs
            .tasks
            .iter()
            .filter(|t| t.service_name().is_none())
            .filter(|t| t.last_status != TaskStatus::Stopped)
            .map(|t| t.arn.clone())
            .collect();
        let already_stopping: Vec<String> = inputs
            .tasks
            .iter()
            .filter(|t| t.service_name().is_none() && t.desired_status == DesiredStatus::Stopped)
            .map(|t| t.arn.clone())
            .collect();
        let to_stop: Vec<String> = standalone
            .iter()
            .filter(|a| !already_stopping.contains(a))
            .cloned()
            .collect();
        if !to_stop.is_empty() {
            steps.push(Step::Write(Mutation::StopTasks(StopTasks::new(
                cluster_arn.clone(),
                to_stop,
                "wharf cleanup".into(),
            ))));
        }
        // DeleteCluster is refused while any task is not STOPPED, the services' draining tasks included.
        let live: Vec<String> = inputs
            .tasks
            .iter()
            .filter(|t| t.last_status != TaskStatus::Stopped)
            .map(|t| t.arn.clone())
            .collect();
        if !live.is_empty() || !in_scope.is_empty() {
            steps.push(Step::WaitStopped {
                cluster_arn: cluster_arn.clone(),
                task_arns: live,
            });
        }
        for ci in &inputs.container_instances {
            steps.push(Step::Write(Mutation::DeregisterContainerInstance(
                DeregisterContainerInstance {
                    cluster_arn: cluster_arn.clone(),
                    instance_arn: ci.arn.clone(),
                },
            )));
        }
        steps.push(Step::Write(Mutation::DeleteCluster(DeleteCluster {
            cluster_arn: cluster_arn.clone(),
        })));
    }

    load_balancing(&in_scope, &others, inputs, &mut steps, &mut kept);
    // Tasks that go on running after the cleanup: a service's cleanup leaves the cluster's other tasks.
    let staying: Vec<&crate::model::Task> = match scope {
        Scope::Cluster { .. } => Vec::new(),
        Scope::Service { .. } => inputs
            .tasks
            .iter()
            .filter(|t| t.last_status != TaskStatus::Stopped)
            .filter(|t| {
                !t.service_name()
                    .is_some_and(|n| in_scope.iter().any(|s| s.name == n))
            })
            .collect(),
    };
    task_definitions(&in_scope, &others, &staying, inputs, &mut steps, &mut kept);
    Plan {
        scope: scope.clone(),
        steps,
        kept,
    }
}

/// 6. Listeners, load balancers and target groups that only the services in scope use.
fn load_balancing(
    in_scope: &[&Service],
    others: &[&Service],
    inputs: &Inputs,
    steps: &mut Vec<Step>,
    kept: &mut Vec<String>,
) {
    let mut ours: BTreeSet<String> = in_scope
        .iter()
        .flat_map(|s| s.load_balancers.iter().map(|b| b.target_group_arn.clone()))
        .collect();
    // Who else uses each target group: one pass, not a search per group (thousands of services).
    let mut users: BTreeMap<&str, &Service> = BTreeMap::new();
    for s in others {
        for b in &s.load_balancers {
            users.entry(b.target_group_arn.as_str()).or_insert(s);
        }
    }
    for tg in ours.clone() {
        if let Some(user) = users.get(tg.as_str()) {
            kept.push(format!(
                "target group {}: also used by service {} ({})",
                elb_name(&tg),
                user.name,
                arn_name(&user.cluster_arn)
            ));
            ours.remove(&tg);
        }
    }
    // Every target group a listener forwards to, by its default action and by its rules.
    let mut forwards: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for l in &inputs.listeners {
        let all = forwards.entry(&l.arn).or_default();
        all.extend(l.default_target_groups.iter().map(String::as_str));
    }
    for r in &inputs.rules {
        let all = forwards.entry(&r.listener_arn).or_default();
        all.extend(r.target_groups.iter().map(String::as_str));
    }
    // A listener that also forwards to others is left alone, and so is every target group of ours it
    // forwards to; that can leave another listener of ours forwarding to a kept group: repeat until nothing
    // more is left alone.
    loop {
        let mut changed = false;
        for l in &inputs.listeners {
            let targets = &forwards[l.arn.as_str()];
            let foreign: Vec<&str> = targets
                .iter()
                .filter(|tg| !ours.contains(**tg))
                .copied()
                .collect();
            if foreign.is_empty() || !targets.iter().any(|tg| ours.contains(*tg)) {
                continue;
            }
            for tg in targets.iter().filter(|tg| ours.contains(**tg)) {
                kept.push(format!(
                    "target group {}: listener {} of {} also forwards to {}",
                    elb_name(tg),
                    l.port,
                    elb_name(&l.load_balancer_arn),
                    foreign
                        .iter()
                        .map(|f| elb_name(f))
                        .collect::<Vec<_>>()
                        .join(", ")
                ));
            }
            ours.retain(|tg| !targets.contains(tg.as_str()));
            changed = true;
        }
        if !changed {
            break;
        }
    }
    let doomed_listeners: Vec<_> = inputs
        .listeners
        .iter()
        .filter(|l| {
            let targets = &forwards[l.arn.as_str()];
            !targets.is_empty() && targets.iter().all(|tg| ours.contains(*tg))
        })
        .collect();
    for l in &doomed_listeners {
        steps.push(Step::Write(Mutation::DeleteListener(DeleteListener {
            arn: l.arn.clone(),
        })));
    }
    for lb in &inputs.load_balancers {
        let listeners: Vec<&str> = inputs
            .listeners
            .iter()
            .filter(|l| l.load_balancer_arn == lb.arn)
            .map(|l| l.arn.as_str())
            .collect();
        let all_ours = !listeners.is_empty()
            && listeners
                .iter()
                .all(|l| doomed_listeners.iter().any(|d| d.arn == *l));
        if all_ours {
            steps.push(Step::Write(Mutation::DeleteLoadBalancer(
                DeleteLoadBalancer {
                    arn: lb.arn.clone(),
                },
            )));
        } else if listeners
            .iter()
            .any(|l| doomed_listeners.iter().any(|d| d.arn == *l))
        {
            kept.push(format!(
                "load balancer {}: it has other listeners",
                elb_name(&lb.arn)
            ));
        }
    }
    for tg in &ours {
        steps.push(Step::Write(Mutation::DeleteTargetGroup(
            DeleteTargetGroup { arn: tg.clone() },
        )));
    }
}

/// The families a service runs: its task definition's and its deployments'.
fn families_of(s: &Service) -> Vec<&str> {
    std::iter::once(s.task_definition.as_str())
        .chain(s.deployments.iter().map(|d| d.task_definition.as_str()))
        .map(family_of)
        .collect()
}

/// 7. The revisions of the families the services in scope run, unless another service runs the family.
fn task_definitions(
    in_scope: &[&Service],
    others: &[&Service],
    staying: &[&crate::model::Task],
    inputs: &Inputs,
    steps: &mut Vec<Step>,
    kept: &mut Vec<String>,
) {
    let mut families: BTreeSet<String> = in_scope
        .iter()
        .flat_map(|s| families_of(s))
        .map(str::to_string)
        .collect();
    // Who else runs each family, and which task still runs one: one pass each.
    let mut runners: BTreeMap<&str, &Service> = BTreeMap::new();
    for s in others {
        for family in families_of(s) {
            runners.entry(family).or_insert(s);
        }
    }
    let mut running: BTreeMap<&str, &crate::model::Task> = BTreeMap::new();
    for t in staying {
        running
            .entry(family_of(&t.task_definition_arn))
            .or_insert(t);
    }
    for family in families.clone() {
        if let Some(user) = runners.get(family.as_str()) {
            kept.push(format!(
                "task definitions {family}: also run by service {} ({})",
                user.name,
                arn_name(&user.cluster_arn)
            ));
            families.remove(&family);
        } else if let Some(task) = running.get(family.as_str()) {
            kept.push(format!(
                "task definitions {family}: task {} ({}) still runs one",
                arn_name(&task.arn),
                task.service_or_group()
            ));
            families.remove(&family);
        }
    }
    let revisions: Vec<_> = inputs
        .revisions
        .iter()
        .filter(|td| families.contains(&td.family))
        .collect();
    for td in revisions.iter().filter(|td| td.status == "ACTIVE") {
        steps.push(Step::Write(Mutation::DeregisterTaskDefinition(
            DeregisterTaskDefinition {
                arn: td.arn.clone(),
            },
        )));
    }
    let deletable: Vec<String> = revisions
        .iter()
        .filter(|td| td.status == "ACTIVE" || td.status == "INACTIVE")
        .map(|td| td.arn.clone())
        .collect();
    for batch in deletable.chunks(DELETE_BATCH) {
        steps.push(Step::Write(Mutation::DeleteTaskDefinitions(
            DeleteTaskDefinitions {
                arns: batch.to_vec(),
            },
        )));
    }
}
