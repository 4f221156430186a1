//! The task lifecycle: PROVISIONING -> PENDING -> ACTIVATING -> RUNNING, then DEACTIVATING -> STOPPING ->
//! DEPROVISIONING -> STOPPED, with slightly random durations, and what the image tag makes a task do on the way.

use std::collections::BTreeMap;

use fastrand::Rng;

use super::behavior::{Behavior, ESSENTIAL_EXITED, OOM_REASON};
use super::elb::{self, TargetChange};
use super::stopping::advance_stop;
pub(crate) use super::stopping::{begin_stop, deregistered};
use super::world::{SimCluster, SimService, SimTargetGroup, SimTask, World, STOPPED_RETENTION_MS};
use crate::model::{HealthStatus, LaunchType, StopCode, TaskStatus, Timestamp};

/// `lo..=hi` seconds, in milliseconds.
pub(crate) fn secs(rng: &mut Rng, lo: i64, hi: i64) -> i64 {
    rng.i64(lo * 1000..=hi * 1000)
}

/// How long a task stays in a starting state. Fargate: ~20-40 s in all; EC2 is quicker.
fn start_phase(rng: &mut Rng, launch: LaunchType, status: TaskStatus) -> i64 {
    match (launch, status) {
        (LaunchType::Fargate, TaskStatus::Provisioning) => secs(rng, 6, 12),
        (LaunchType::Fargate, TaskStatus::Pending) => secs(rng, 10, 20),
        (LaunchType::Fargate, _) => secs(rng, 3, 8),
        (LaunchType::Ec2, TaskStatus::Provisioning) => secs(rng, 1, 3),
        (LaunchType::Ec2, TaskStatus::Pending) => secs(rng, 3, 8),
        (LaunchType::Ec2, _) => secs(rng, 1, 3),
    }
}

pub(crate) fn due(at: Option<Timestamp>, now: Timestamp) -> bool {
    at.is_some_and(|at| at <= now)
}

/// What the rest of the world must hear about after a step of the task loop.
pub(crate) struct Ctx<'a> {
    pub now: Timestamp,
    pub rng: &'a mut Rng,
    pub target_groups: &'a mut BTreeMap<String, SimTargetGroup>,
    pub clusters: &'a mut BTreeMap<String, SimCluster>,
}

/// The world split for the task loop: the tasks, the services, and what else a task changes on its way.
pub(crate) struct Parts<'a> {
    pub tasks: &'a mut BTreeMap<u64, SimTask>,
    pub services: &'a mut BTreeMap<u64, SimService>,
    pub ctx: Ctx<'a>,
}

/// Running (and its containers healthy) and every target healthy: what deployments and steady state count.
pub(crate) fn is_healthy(t: &SimTask) -> bool {
    t.is_live()
        && t.task.last_status == TaskStatus::Running
        && t.task.health_status == HealthStatus::Healthy
        && t.targets
            .iter()
            .all(|x| x.state == crate::model::TargetState::Healthy)
}

impl World {
    pub(crate) fn parts(&mut self) -> Parts<'_> {
        let World {
            tasks,
            services,
            clusters,
            target_groups,
            rng,
            now,
            ..
        } = self;
        Parts {
            tasks,
            services,
            ctx: Ctx {
                now: *now,
                rng,
                target_groups,
                clusters,
            },
        }
    }

    /// Moves every task and target on by one step.
    pub(crate) fn tick_tasks(&mut self) {
        let now = self.now;
        let Parts {
            tasks,
            services,
            mut ctx,
        } = self.parts();
        let mut expired = Vec::new();
        for (&key, t) in tasks.iter_mut() {
            let mut svc = t.service.and_then(|k| services.get_mut(&k));
            let status = t.task.last_status;
            if status == TaskStatus::Stopped {
                if t.task
                    .stopped_at
                    .is_some_and(|s| now.since(s) >= STOPPED_RETENTION_MS)
                {
                    expired.push(key);
                }
            } else if status.is_starting() {
                if due(t.next_at, now) {
                    advance_start(key, t, &mut ctx, svc.as_deref_mut());
                }
            } else if status == TaskStatus::Running {
                tick_running(t, &mut ctx, svc.as_deref_mut());
            } else if due(t.next_at, now) {
                advance_stop(key, t, &mut ctx, svc);
            }
        }
        for key in expired {
            self.forget_task(key);
        }
    }

    pub(crate) fn forget_task(&mut self, key: u64) {
        if let Some(t) = self.tasks.remove(&key) {
            self.task_index.remove(&t.task.arn);
            if let Some(c) = self.clusters.get_mut(&t.cluster) {
                c.tasks.remove(&key);
            }
            for target in &t.targets {
                if let Some(g) = self.target_groups.get_mut(&target.target_group) {
                    g.members.remove(&key);
                }
            }
        }
    }
}

fn advance_start(key: u64, t: &mut SimTask, ctx: &mut Ctx, svc: Option<&mut SimService>) {
    let now = ctx.now;
    let next = match t.task.last_status {
        TaskStatus::Provisioning => TaskStatus::Pending,
        TaskStatus::Pending if t.behavior == Behavior::Missing => {
            fail_to_start(t, ctx, svc);
            return;
        }
        TaskStatus::Pending => TaskStatus::Activating,
        _ => TaskStatus::Running,
    };
    t.task.last_status = next;
    if next != TaskStatus::Running {
        t.next_at = Some(now.plus_millis(start_phase(ctx.rng, t.task.launch_type, next)));
        return;
    }
    t.next_at = None;
    t.task.started_at = Some(now);
    for c in &mut t.task.containers {
        c.last_status = "RUNNING".into();
        if let Some(agent) = &mut c.exec_agent {
            agent.status = "RUNNING".into();
        }
    }
    t.health_at = Some(now.plus_millis(secs(ctx.rng, 5, 15)));
    if matches!(t.behavior, Behavior::Crash | Behavior::Oom) {
        t.exit_at = Some(now.plus_millis(secs(ctx.rng, 20, 60)));
    }
    if let Some(svc) = svc {
        svc.steady = false;
        svc.reset_throttle();
        // A traffic-shifting deployment's new revision registers in the alternate target groups.
        let alternate = svc
            .deployments
            .iter()
            .find(|d| d.id == t.task.started_by)
            .is_some_and(|d| d.alternate);
        for b in svc.load_balancers.clone() {
            let tg = match (&b.alternate_target_group_arn, alternate) {
                (Some(alt), true) => alt.clone(),
                _ => b.target_group_arn.clone(),
            };
            let Some(group) = ctx.target_groups.get_mut(&tg) else {
                continue;
            };
            let (id, port) = match (&t.task.private_ip, t.host_port) {
                (Some(ip), _) => (ip.clone(), b.container_port),
                (None, port) => {
                    let instance = t
                        .task
                        .container_instance_arn
                        .as_ref()
                        .and_then(|a| ctx.clusters.get(&t.cluster)?.instances.get(a))
                        .map(|i| i.ec2_instance_id.clone())
                        .unwrap_or_default();
                    // The host port the load balancer's container port is bound to.
                    let bound = t
                        .task
                        .containers
                        .iter()
                        .flat_map(|c| &c.network_bindings)
                        .find(|n| n.container_port == b.container_port)
                        .map(|n| n.host_port);
                    (instance, bound.or(port).unwrap_or(b.container_port))
                }
            };
            group.members.insert(key);
            t.targets.push(elb::register(&tg, id, port, now, ctx.rng));
            svc.batch.registered(&tg);
        }
    }
}

fn fail_to_start(t: &mut SimTask, ctx: &mut Ctx, svc: Option<&mut SimService>) {
    let image = t
        .task
        .containers
        .get(t.culprit)
        .map(|c| c.image.clone())
        .unwrap_or_default();
    let reason = format!(
        "CannotPullContainerError: pull image manifest has been retried 5 time(s): failed to resolve ref {image}: {image}: not found"
    );
    for c in &mut t.task.containers {
        c.last_status = "STOPPED".into();
        c.reason = Some(reason.clone());
    }
    begin_stop(t, ctx, StopCode::TaskFailedToStart, &reason);
    if let Some(svc) = svc {
        svc.record_failure(&t.task.started_by, false, ctx.now);
    }
}

fn tick_running(t: &mut SimTask, ctx: &mut Ctx, svc: Option<&mut SimService>) {
    let now = ctx.now;
    if due(t.health_at, now) {
        t.health_at = None;
        t.task.health_status = HealthStatus::Healthy;
        for c in &mut t.task.containers {
            c.health_status = HealthStatus::Healthy;
        }
    }
    if due(t.exit_at, now) {
        let oom = t.behavior == Behavior::Oom;
        if let Some(c) = t.task.containers.get_mut(t.culprit) {
            c.last_status = "STOPPED".into();
            c.exit_code = Some(if oom { 137 } else { 1 });
            c.reason = oom.then(|| OOM_REASON.to_string());
            c.health_status = HealthStatus::Unknown;
        }
        t.task.health_status = HealthStatus::Unknown;
        let groups = begin_stop(t, ctx, StopCode::EssentialContainerExited, ESSENTIAL_EXITED);
        if let Some(svc) = svc {
            deregistered(svc, &groups);
            svc.record_failure(&t.task.started_by, true, now);
        }
        return;
    }
    for target in t.targets.iter_mut() {
        let Some(group) = ctx.target_groups.get(&target.target_group) else {
            continue;
        };
        if let Some(TargetChange::BecameUnhealthy) =
            elb::tick(target, group, t.behavior, now, ctx.rng)
        {
            let grace_end = t
                .task
                .started_at
                .unwrap_or(now)
                .plus_millis(svc.as_ref().map_or(0, |s| s.health_check_grace_ms));
            let noticed = now.plus_millis(secs(ctx.rng, 10, 20)).max(grace_end);
            t.elb_fail_at = Some(t.elb_fail_at.map_or(noticed, |a| a.min(noticed)));
        }
    }
    if due(t.elb_fail_at, now) {
        stop_for_elb(t, ctx, svc);
        return;
    }
    if is_healthy(t) {
        t.healthy_since.get_or_insert(now);
    } else {
        t.healthy_since = None;
    }
}

fn stop_for_elb(t: &mut SimTask, ctx: &mut Ctx, svc: Option<&mut SimService>) {
    let Some(bad) = t
        .targets
        .iter()
        .find(|x| x.state == crate::model::TargetState::Unhealthy)
    else {
        t.elb_fail_at = None;
        return;
    };
    let tg = bad.target_group.clone();
    let who = match &t.task.private_ip {
        Some(_) => format!("(task {})", t.task.id()),
        None => format!("(instance {})", bad.id),
    };
    let port = bad.port;
    let reason = format!("Task failed ELB health checks in (target-group {tg})");
    let id = t.task.id().to_string();
    let groups = begin_stop(t, ctx, StopCode::ServiceSchedulerInitiated, &reason);
    if let Some(svc) = svc {
        let message = super::events::unhealthy(&svc.name, &who, port, &tg);
        svc.batch.message(message);
        deregistered(svc, &groups);
        svc.batch.stopped(&id);
        svc.record_failure(&t.task.started_by, true, ctx.now);
    }
}
