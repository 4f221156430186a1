//! Resuming a plan left by an earlier run: before anything is sent, every remaining step is checked against a
//! fresh read (`Effect::RecheckCleanup`). What is gone is skipped, and said so; a step whose resource changed
//! so that running it would be unsafe (a service ACTIVE again, a target group or load balancer now used by a
//! service outside the plan, a listener now forwarding elsewhere) is not run: the cleanup stops there with
//! what changed and what to do. The judging is pure, so every rule is tested without a backend.

use std::collections::{BTreeMap, BTreeSet};

use super::run::{advance, StepState};
use super::{Plan, Step};
use crate::app::mutation::Mutation;
use crate::app::{AuditEntry, AuditOutcome, Effect, Flash, FlashLevel, State};
use crate::backend::BackendError;
use crate::model::{
    arn_name, elb_name, family_of, family_revision, Cluster, Listener, ListenerRule, LoadBalancer,
    Service, ServiceStatus, TargetGroup, Task, TaskDefinition,
};

/// What a fresh read shows of what a plan's remaining steps touch.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Fresh {
    /// The live services of every cluster, and the plan's own services as DescribeServices answers them
    /// (INACTIVE ones included; one it no longer knows is absent).
    pub services: Vec<Service>,
    /// The plan's cluster, unless it is gone.
    pub cluster: Option<Cluster>,
    /// The cluster's tasks meant to run.
    pub tasks: Vec<Task>,
    /// The cluster's registered container instances.
    pub container_instances: Vec<String>,
    /// The plan's target groups and load balancers that still exist, with every listener and rule of those
    /// load balancers (and of the load balancers of the plan's listeners).
    pub target_groups: Vec<TargetGroup>,
    pub load_balancers: Vec<LoadBalancer>,
    pub listeners: Vec<Listener>,
    pub rules: Vec<ListenerRule>,
    /// The ACTIVE and INACTIVE revisions of the plan's task-definition families.
    pub revisions: Vec<TaskDefinition>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Verdict {
    Run,
    /// Already gone: skipped, with why.
    Gone(String),
    /// Not run: what changed.
    Unsafe(String),
}

/// One verdict per step from `from` on. `states` says which of the plan's deletes are done.
pub fn judge<'a>(
    plan: &'a Plan,
    states: &[StepState],
    from: usize,
    fresh: &'a Fresh,
) -> Vec<Verdict> {
    let done = |i: usize| i < from || matches!(states.get(i), Some(StepState::Done(_)));
    let mut ours = BTreeSet::new();
    let mut deleted = BTreeSet::new();
    let (mut groups, mut listeners) = (BTreeSet::new(), BTreeSet::new());
    for (i, step) in plan.steps.iter().enumerate() {
        match step {
            Step::Write(Mutation::DeleteService(d)) => {
                ours.insert(d.service_arn.as_str());
                if done(i) {
                    deleted.insert(d.service_arn.as_str());
                }
            }
            Step::WaitInactive { service_arns, .. } => {
                ours.extend(service_arns.iter().map(String::as_str))
            }
            Step::Write(Mutation::DeleteTargetGroup(d)) => _ = groups.insert(d.arn.as_str()),
            Step::Write(Mutation::DeleteListener(d)) => _ = listeners.insert(d.arn.as_str()),
            _ => {}
        }
    }
    // A service the plan already deleted (or found draining) that is ACTIVE again is not the plan's any more.
    let revived = |s: &Service| {
        s.status == ServiceStatus::Active
            && ours.contains(s.arn.as_str())
            && !plan.steps.iter().enumerate().any(|(i, st)| {
                matches!(st, Step::Write(Mutation::DeleteService(d)) if d.service_arn == s.arn && !done(i))
            })
    };
    let outside: Vec<&Service> = fresh
        .services
        .iter()
        .filter(|s| s.status != ServiceStatus::Inactive)
        .filter(|s| !ours.contains(s.arn.as_str()) || revived(s))
        .collect();
    // Who outside the plan uses each target group and runs each family.
    let mut users: BTreeMap<&str, &Service> = BTreeMap::new();
    let mut runners: BTreeMap<&str, &Service> = BTreeMap::new();
    for s in &outside {
        for tg in s.target_groups() {
            users.entry(tg).or_insert(s);
        }
        for td in std::iter::once(&s.task_definition)
            .chain(s.deployments.iter().map(|d| &d.task_definition))
        {
            runners.entry(family_of(td)).or_insert(s);
        }
    }
    let who = |s: &Service| format!("service {} ({})", s.name, arn_name(&s.cluster_arn));
    let used = |tg: &str| {
        users
            .get(tg)
            .map(|s| format!("target group {} is now used by {}", elb_name(tg), who(s)))
    };
    let forwards = |l: &'a Listener| forwards(l, &fresh.rules);
    let service = |arn: &str| fresh.services.iter().find(|s| s.arn == arn);
    let revision = |arn: &str| fresh.revisions.iter().find(|t| t.arn == arn);
    let family_used = |arn: &str| {
        runners.get(family_of(arn)).map(|s| {
            format!(
                "task definition family {} is now run by {}",
                family_of(arn),
                who(s)
            )
        })
    };
    plan.steps[from.min(plan.steps.len())..]
        .iter()
        .map(|step| match step {
            Step::Write(Mutation::DeleteService(d)) => match service(&d.service_arn).map(|s| s.status) {
                None | Some(ServiceStatus::Inactive) => Verdict::Gone("already INACTIVE".into()),
                Some(ServiceStatus::Draining) => Verdict::Gone("already deleted (draining)".into()),
                Some(ServiceStatus::Active) => Verdict::Run,
            },
            Step::WaitInactive { service_arns, .. } => {
                let back = service_arns.iter().filter_map(|a| service(a)).find(|s| revived(s));
                match back {
                    Some(s) => Verdict::Unsafe(format!(
                        "service {} is ACTIVE again ({} tasks running, {} wanted): someone created it again after this plan deleted it",
                        s.name, s.running_count, s.desired_count
                    )),
                    None if service_arns
                        .iter()
                        .all(|a| service(a).is_none_or(|s| s.status == ServiceStatus::Inactive)) =>
                    {
                        Verdict::Gone("already INACTIVE".into())
                    }
                    None => Verdict::Run,
                }
            }
            Step::Write(Mutation::StopTasks(s)) => {
                if s.task_arns.iter().any(|t| fresh.tasks.iter().any(|f| f.arn == *t)) {
                    Verdict::Run
                } else {
                    Verdict::Gone("already stopped".into())
                }
            }
            Step::WaitStopped { .. } => match &fresh.cluster {
                Some(c) if c.status != "INACTIVE" => Verdict::Run,
                _ => Verdict::Gone("the cluster is gone".into()),
            },
            Step::Write(Mutation::DeregisterContainerInstance(d)) => {
                if fresh.container_instances.contains(&d.instance_arn) {
                    Verdict::Run
                } else {
                    Verdict::Gone("already deregistered".into())
                }
            }
            Step::Write(Mutation::DeleteCluster(_)) => match &fresh.cluster {
                Some(c) if c.status != "INACTIVE" => Verdict::Run,
                _ => Verdict::Gone("already deleted".into()),
            },
            Step::Write(Mutation::DeleteListener(d)) => {
                let Some(l) = fresh.listeners.iter().find(|l| l.arn == d.arn) else {
                    return Verdict::Gone("already deleted".into());
                };
                let targets = forwards(l);
                if let Some(other) = targets.iter().find(|t| !groups.contains(*t)) {
                    return Verdict::Unsafe(format!(
                        "listener {} of {} now also forwards to target group {}, which this plan does not delete",
                        l.port,
                        elb_name(&l.load_balancer_arn),
                        elb_name(other)
                    ));
                }
                match targets.iter().find_map(|t| used(t)) {
                    Some(why) => Verdict::Unsafe(why),
                    None => Verdict::Run,
                }
            }
            Step::Write(Mutation::DeleteLoadBalancer(d)) => {
                if !fresh.load_balancers.iter().any(|b| b.arn == d.arn) {
                    return Verdict::Gone("already deleted".into());
                }
                let mine: Vec<&Listener> =
                    fresh.listeners.iter().filter(|l| l.load_balancer_arn == d.arn).collect();
                let attached = fresh
                    .target_groups
                    .iter()
                    .filter(|g| g.load_balancer_arns.contains(&d.arn))
                    .map(|g| g.arn.as_str());
                let behind = mine.iter().flat_map(|l| forwards(l)).chain(attached);
                if let Some(why) = behind.into_iter().find_map(&used) {
                    return Verdict::Unsafe(format!("load balancer {}: {why}", elb_name(&d.arn)));
                }
                match mine.iter().find(|l| !listeners.contains(l.arn.as_str())) {
                    Some(l) => Verdict::Unsafe(format!(
                        "load balancer {} now has listener {} {}, which this plan does not delete",
                        elb_name(&d.arn),
                        l.protocol,
                        l.port
                    )),
                    None => Verdict::Run,
                }
            }
            Step::Write(Mutation::DeleteTargetGroup(d)) => {
                if !fresh.target_groups.iter().any(|g| g.arn == d.arn) {
                    return Verdict::Gone("already deleted".into());
                }
                used(&d.arn).map_or(Verdict::Run, Verdict::Unsafe)
            }
            Step::Write(Mutation::DeregisterTaskDefinition(d)) => {
                if revision(&d.arn).is_none_or(|t| t.status != "ACTIVE") {
                    return Verdict::Gone(format!("{} already deregistered", family_revision(&d.arn)));
                }
                family_used(&d.arn).map_or(Verdict::Run, Verdict::Unsafe)
            }
            Step::Write(Mutation::DeleteTaskDefinitions(d)) => {
                if !d.arns.iter().any(|a| revision(a).is_some()) {
                    return Verdict::Gone("already deleted".into());
                }
                d.arns
                    .iter()
                    .find_map(|a| family_used(a))
                    .map_or(Verdict::Run, Verdict::Unsafe)
            }
            // A cleanup plans nothing else; were it to, nothing tells it is safe.
            Step::Write(other) => Verdict::Unsafe(format!("{} is not a cleanup's step", other.summary())),
        })
        .collect()
}

/// Every target group a listener forwards to, by its default action and by its rules.
fn forwards<'a>(l: &'a Listener, rules: &'a [ListenerRule]) -> BTreeSet<&'a str> {
    let rules = rules.iter().filter(|r| r.listener_arn == l.arn);
    l.default_target_groups
        .iter()
        .chain(rules.flat_map(|r| r.target_groups.iter()))
        .map(String::as_str)
        .collect()
}

/// Enter on a plan from an earlier run, before anything is sent: `Some` while the fresh read is to be made
/// or is out; `None` once its verdicts are in, to resume with them.
pub fn before_resume(state: &mut State) -> Option<Vec<Effect>> {
    let run = state.cleanup.as_mut().filter(|r| r.can_resume())?;
    if run.kept.earlier.is_none() || run.kept.verdicts.is_some() {
        return None;
    }
    let left = run.plan.steps.len() - run.current;
    if run.kept.checking {
        state.flash = Some(Flash::new(
            FlashLevel::Info,
            "still reading what the remaining steps touch; the cleanup resumes once that read is in",
        ));
        return Some(Vec::new());
    }
    run.kept.checking = true;
    let effect = Effect::RecheckCleanup {
        plan: Box::new(run.plan.clone()),
        from: run.current,
    };
    state.flash = Some(Flash::new(
        FlashLevel::Info,
        format!(
            "reading afresh what the {left} remaining steps touch; nothing is sent before that"
        ),
    ));
    Some(vec![effect])
}

/// The fresh read is in: resume with what it showed, or stay stopped and say why.
pub fn on_rechecked(
    state: &mut State,
    scope: &super::Scope,
    result: Result<Fresh, BackendError>,
) -> Vec<Effect> {
    let Some(run) = state
        .cleanup
        .as_mut()
        .filter(|r| r.kept.checking && r.plan.scope == *scope)
    else {
        return Vec::new();
    };
    run.kept.checking = false;
    match result {
        Ok(fresh) => {
            run.kept.verdicts = Some(judge(&run.plan, &run.states, run.current, &fresh));
            super::run::resume(state)
        }
        Err(e) => {
            let text = format!(
                "could not read afresh what the remaining steps touch ({e}); nothing was sent: enter tries again"
            );
            run.finished = Some((FlashLevel::Error, text.clone()));
            state.flash = Some(Flash::new(FlashLevel::Error, text));
            Vec::new()
        }
    }
}

/// Resuming with the verdicts (the steps from `current` were just reset to pending): mark what is gone as
/// skipped and what is unsafe as blocked, record the resumed cleanup in the audit log, and go on.
pub fn resume_checked(state: &mut State) -> Option<Vec<Effect>> {
    let run = state.cleanup.as_mut()?;
    let verdicts = run.kept.verdicts.take()?;
    let from = run.current;
    let (mut gone, mut blocked) = (0, 0);
    run.kept.blocked.clear();
    for (i, verdict) in verdicts.into_iter().enumerate() {
        let i = from + i;
        match verdict {
            Verdict::Run => {}
            Verdict::Gone(why) => {
                gone += 1;
                run.states[i] = StepState::Skipped(format!("gone since the earlier run: {why}"));
            }
            Verdict::Unsafe(why) => {
                blocked += 1;
                run.kept.blocked.insert(i, why);
            }
        }
    }
    let mut effects = Vec::new();
    if run.audit_id == 0 {
        // This run of wharf records the resumed cleanup as an attempt of its own.
        run.audit_id = state.next_mutation_id;
        state.next_mutation_id += 1;
        let (id, at, n) = (run.audit_id, run.current + 1, run.plan.steps.len());
        let mutation = Mutation::Cleanup(crate::app::mutation::Cleanup::of(run.plan.clone()));
        let note = format!(
            "resumed at step {at} of {n}, left by an earlier run (saved {}); {gone} steps gone since",
            run.kept.earlier.as_deref().unwrap_or("?")
        );
        effects.push(Effect::Audit(AuditEntry::of(
            state,
            Some(id),
            &mutation,
            AuditOutcome::Attempt,
            Some(note),
        )));
    }
    state.flash = Some(Flash::new(
        if blocked > 0 { FlashLevel::Warn } else { FlashLevel::Info },
        format!(
            "checked the remaining steps afresh: {gone} already gone (skipped), {blocked} changed so that they will not run; resuming"
        ),
    ));
    effects.extend(advance(state));
    Some(effects)
}

/// The run reached a step the fresh read found unsafe: stop there, sending nothing, and say what to do.
pub(super) fn blocked(state: &mut State, why: String) -> Vec<Effect> {
    let Some(run) = state.cleanup.as_mut() else {
        return Vec::new();
    };
    let (i, n) = (run.current, run.plan.steps.len());
    let what = run.plan.steps[i].describe();
    run.states[i] = StepState::Failed(format!("not run: {why}"));
    let text = format!(
        "cleanup stopped before step {} of {n} ({what}): {why}. Nothing was sent for it. If that is meant, x forgets the rest of this plan (what it would still delete stays); else undo that change, then enter reads afresh and resumes",
        i + 1
    );
    super::run::finish(state, AuditOutcome::Refused, text)
}

#[cfg(test)]
#[path = "recheck_tests.rs"]
mod tests;
