//! The task lifecycle: PROVISIONING -> PENDING -> ACTIVATING -> RUNNING, then DEACTIVATING -> STOPPING ->
//! DEPROVISIONING -> STOPPED, with slightly random durations, and what the image tag makes a task do on the way.

use std::collections::BTreeMap;

use fastrand::Rng;

use super::elb::{self, TargetChange};
use super::world::{SimCluster, SimService, SimTargetGroup, SimTask, World, STOPPED_RETENTION_MS};
use crate::model::{DesiredStatus, HealthStatus, LaunchType, StopCode, TaskStatus, Timestamp};

/// What an image's tag makes its container do (see the module documentation of `sim`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Behavior {
    Healthy,
    /// Exits with code 1 after 20-60 s running.
    Crash,
    /// Killed for memory after 20-60 s running: exit code 137.
    Oom,
    /// Runs, but never passes load balancer health checks.
    Broken,
    /// The image cannot be pulled: the task never reaches RUNNING.
    Missing,
}

impl Behavior {
    /// The behaviour an image's tag asks for: the tag itself or its last `-` part (`web:1.2-crash`).
    pub fn from_image(image: &str) -> Behavior {
        let tag = match image.rsplit_once(':') {
            Some((_, tag)) if !tag.contains('/') => tag,
            _ => return Behavior::Healthy,
        };
        match tag.rsplit('-').next().unwrap_or(tag) {
            "crash" => Behavior::Crash,
            "oom" => Behavior::Oom,
            "broken" => Behavior::Broken,
            "missing" => Behavior::Missing,
            _ => Behavior::Healthy,
        }
    }
}

pub const ESSENTIAL_EXITED: &str = "Essential container in task exited";
pub const OOM_REASON: &str = "OutOfMemoryError: Container killed due to memory usage";

/// `lo..=hi` seconds, in milliseconds.
fn secs(rng: &mut Rng, lo: i64, hi: i64) -> i64 {
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

fn due(at: Option<Timestamp>, now: Timestamp) -> bool {
    at.is_some_and(|at| at <= now)
}

/// What the rest of the world must hear about after a step of the task loop.
pub(crate) struct Ctx<'a> {
    pub now: Timestamp,
    pub rng: &'a mut Rng,
    pub target_groups: &'a mut BTreeMap<String, SimTargetGroup>,
    pub clusters: &'a mut BTreeMap<String, SimCluster>,
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

/// Starts the way down. Returns the target groups the task's targets are being deregistered from.
pub(crate) fn begin_stop(
    t: &mut SimTask,
    ctx: &mut Ctx,
    code: StopCode,
    reason: &str,
) -> Vec<String> {
    if !t.is_live() {
        return Vec::new();
    }
    let now = ctx.now;
    t.task.desired_status = DesiredStatus::Stopped;
    t.task.stop_code = Some(code);
    t.task.stopped_reason = Some(reason.to_string());
    t.task.stopping_at = Some(now);
    t.exit_at = None;
    t.elb_fail_at = None;
    t.healthy_since = None;
    if t.task.last_status.is_starting() {
        t.task.last_status = TaskStatus::Stopping;
        t.next_at = Some(now.plus_millis(secs(ctx.rng, 1, 3)));
        return Vec::new();
    }
    t.task.last_status = TaskStatus::Deactivating;
    let mut groups = Vec::new();
    let mut until = now.plus_millis(secs(ctx.rng, 1, 2));
    for target in t.targets.iter_mut().filter(|x| x.registered) {
        let delay = ctx
            .target_groups
            .get(&target.target_group)
            .map_or(0, |g| g.deregistration_delay_ms);
        elb::start_draining(target, now.plus_millis(delay));
        until = until.max(now.plus_millis(delay));
        groups.push(target.target_group.clone());
    }
    t.next_at = Some(until);
    groups
}

impl World {
    /// Moves every task and target on by one step.
    pub(crate) fn tick_tasks(&mut self) {
        let now = self.now;
        let World {
            tasks,
            services,
            clusters,
            target_groups,
            rng,
            ..
        } = self;
        let mut ctx = Ctx {
            now,
            rng,
            target_groups,
            clusters,
        };
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

    fn forget_task(&mut self, key: u64) {
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
    }
    t.health_at = Some(now.plus_millis(secs(ctx.rng, 5, 15)));
    if matches!(t.behavior, Behavior::Crash | Behavior::Oom) {
        t.exit_at = Some(now.plus_millis(secs(ctx.rng, 20, 60)));
    }
    if let Some(svc) = svc {
        svc.steady = false;
        svc.reset_throttle();
        for b in svc.load_balancers.clone() {
            let Some(group) = ctx.target_groups.get_mut(&b.target_group_arn) else {
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
                    (instance, port.unwrap_or(b.container_port))
                }
            };
            group.members.insert(key);
            t.targets
                .push(elb::register(&b.target_group_arn, id, port, now, ctx.rng));
            svc.batch.registered(&b.target_group_arn);
        }
    }
}

fn fail_to_start(t: &mut SimTask, ctx: &mut Ctx, svc: Option<&mut SimService>) {
    let image = t
        .task
        .containers
        .first()
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
        if let Some(c) = t.task.containers.first_mut() {
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

/// Records the events of a task whose targets started draining.
pub(crate) fn deregistered(svc: &mut SimService, groups: &[String]) {
    if groups.is_empty() {
        return;
    }
    svc.batch.draining();
    for g in groups {
        svc.batch.deregistered(g);
    }
}

fn advance_stop(key: u64, t: &mut SimTask, ctx: &mut Ctx, svc: Option<&mut SimService>) {
    let now = ctx.now;
    match t.task.last_status {
        TaskStatus::Deactivating => {
            for target in t.targets.iter_mut().filter(|x| x.registered) {
                target.registered = false;
                if let Some(g) = ctx.target_groups.get_mut(&target.target_group) {
                    g.members.remove(&key);
                }
            }
            t.task.last_status = TaskStatus::Stopping;
            t.next_at = Some(now.plus_millis(secs(ctx.rng, 2, 6)));
        }
        TaskStatus::Stopping => {
            t.task.last_status = TaskStatus::Deprovisioning;
            let d = match t.task.launch_type {
                LaunchType::Fargate => secs(ctx.rng, 3, 8),
                LaunchType::Ec2 => secs(ctx.rng, 1, 2),
            };
            t.next_at = Some(now.plus_millis(d));
        }
        _ => {
            t.task.last_status = TaskStatus::Stopped;
            t.task.stopped_at = Some(now);
            t.task.health_status = HealthStatus::Unknown;
            t.next_at = None;
            let was_running = t.task.started_at.is_some();
            for c in &mut t.task.containers {
                if c.last_status != "STOPPED" && was_running {
                    c.exit_code = Some(0);
                }
                c.last_status = "STOPPED".into();
                c.health_status = HealthStatus::Unknown;
            }
            if let Some(svc) = svc {
                svc.tasks.remove(&key);
            }
            if let Some(i) = t.task.container_instance_arn.as_ref().and_then(|a| {
                ctx.clusters
                    .get_mut(&t.cluster)
                    .and_then(|c| c.instances.get_mut(a))
            }) {
                i.tasks.remove(&key);
            }
        }
    }
}
