//! The way down: DEACTIVATING (targets drain) -> STOPPING -> DEPROVISIONING -> STOPPED.

use super::elb;
use super::lifecycle::{secs, Ctx};
use super::world::{SimService, SimTask};
use crate::model::{DesiredStatus, HealthStatus, LaunchType, StopCode, TaskStatus};

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

pub(crate) fn advance_stop(key: u64, t: &mut SimTask, ctx: &mut Ctx, svc: Option<&mut SimService>) {
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
