//! The sandbox's Application Auto Scaling: scalable targets of services, target tracking policies that
//! create their AlarmHigh and AlarmLow alarms, and the scaling they cause once a virtual minute (out fast
//! after 3 datapoints above the target, in slowly after 15 below 90% of it, each after its cooldown), with
//! activities worded as AWS words them.

use std::collections::VecDeque;

use super::errors;
use super::ids;
use super::load::MINUTE_MS;
use super::world::World;
use crate::backend::Result;
use crate::model::{
    scaling_resource_id, AlarmState, MetricKind, PolicyKind, ScalableTarget, ScalingActivity,
    ScalingPolicy, ServiceScaling, TargetChange, Timestamp,
};

/// Activities kept per target (AWS keeps six weeks; a sandbox session is shorter).
const ACTIVITIES_KEPT: usize = 50;
/// Application Auto Scaling's default cooldowns for ECS services.
pub const DEFAULT_COOLDOWN_S: u32 = 300;
/// AlarmHigh: 3 datapoints above the target; AlarmLow: 15 below 90% of it.
const HIGH_POINTS: u32 = 3;
const LOW_POINTS: u32 = 15;

pub(crate) struct SimScalable {
    pub service: u64,
    pub target: ScalableTarget,
    pub policies: Vec<SimPolicy>,
    /// Newest first.
    pub activities: VecDeque<ScalingActivity>,
    pub last_out: Option<Timestamp>,
    pub last_in: Option<Timestamp>,
}

pub(crate) struct SimPolicy {
    pub name: String,
    pub kind: MetricKind,
    pub target: f64,
    pub out_cooldown_s: u32,
    pub in_cooldown_s: u32,
    pub high_alarm: String,
    pub low_alarm: String,
}

impl SimPolicy {
    fn policy(&self) -> ScalingPolicy {
        let metric = match self.kind {
            MetricKind::Memory => "ECSServiceAverageMemoryUtilization",
            _ => "ECSServiceAverageCPUUtilization",
        };
        ScalingPolicy {
            name: self.name.clone(),
            kind: PolicyKind::TargetTracking {
                metric: metric.into(),
                target: self.target,
                scale_out_cooldown_secs: Some(self.out_cooldown_s),
                scale_in_cooldown_secs: Some(self.in_cooldown_s),
                scale_in_disabled: false,
            },
        }
    }
}

fn validation(message: impl Into<String>) -> crate::backend::BackendError {
    crate::backend::BackendError::Api {
        code: "ValidationException".into(),
        message: message.into(),
    }
}

impl World {
    /// RegisterScalableTarget: a new target needs both bounds; an existing one keeps what is not named.
    pub fn register_scalable_target(
        &mut self,
        cluster: &str,
        service: &str,
        change: &TargetChange,
    ) -> Result<ScalableTarget> {
        let key = self.service_key(cluster, service).map_err(|_| {
            validation(format!(
                "ECS service doesn't exist: {}",
                scaling_resource_id(cluster, service)
            ))
        })?;
        let id = scaling_resource_id(cluster, service);
        let current = self.scaling.get(&id).map(|s| s.target.clone());
        let (min, max) =
            match (&current, change.min, change.max) {
                (_, Some(min), Some(max)) => (min, max),
                (Some(t), min, max) => (min.unwrap_or(t.min), max.unwrap_or(t.max)),
                (None, _, _) => return Err(validation(
                    "MinCapacity and MaxCapacity are required to register a new scalable target",
                )),
            };
        if min > max {
            return Err(validation(
                "Minimum capacity cannot be greater than maximum capacity",
            ));
        }
        let suspended = change
            .suspended
            .or(current.map(|t| t.suspended))
            .unwrap_or_default();
        let target = ScalableTarget {
            resource_id: id.clone(),
            min,
            max,
            suspended,
        };
        let entry = self.scaling.entry(id).or_insert_with(|| SimScalable {
            service: key,
            target: target.clone(),
            policies: Vec::new(),
            activities: VecDeque::new(),
            last_out: None,
            last_in: None,
        });
        entry.target = target.clone();
        entry.service = key;
        let id = target.resource_id.clone();
        self.move_into_range(&id);
        Ok(target)
    }

    /// A target tracking policy on the service's average `kind` (CPU or memory), with its two alarms.
    pub fn put_target_tracking(
        &mut self,
        cluster: &str,
        service: &str,
        name: &str,
        kind: MetricKind,
        target: f64,
        cooldowns_s: (u32, u32),
    ) -> Result<()> {
        let id = scaling_resource_id(cluster, service);
        let Some(scalable) = self.scaling.get(&id) else {
            return Err(validation(format!(
                "No scalable target registered for service namespace: ecs, resource ID: {id}, scalable dimension: ecs:service:DesiredCount"
            )));
        };
        let key = scalable.service;
        let uuid = ids::uuid(&mut self.rng);
        let high = format!("TargetTracking-{id}-AlarmHigh-{uuid}");
        let low = format!("TargetTracking-{id}-AlarmLow-{uuid}");
        self.put_alarm(&high, key, kind, target, true, HIGH_POINTS);
        self.put_alarm(&low, key, kind, target * 0.9, false, LOW_POINTS);
        let policy = SimPolicy {
            name: name.to_string(),
            kind,
            target,
            out_cooldown_s: cooldowns_s.0,
            in_cooldown_s: cooldowns_s.1,
            high_alarm: high,
            low_alarm: low,
        };
        if let Some(s) = self.scaling.get_mut(&id) {
            s.policies.push(policy);
        }
        Ok(())
    }

    pub(crate) fn service_scaling(
        &mut self,
        cluster: &str,
        service: &str,
    ) -> Result<ServiceScaling> {
        self.service_key(cluster, service)
            .map_err(|_| errors::service_not_found())?;
        let Some(s) = self.scaling.get(&scaling_resource_id(cluster, service)) else {
            return Ok(ServiceScaling::default());
        };
        Ok(ServiceScaling {
            target: Some(s.target.clone()),
            policies: s.policies.iter().map(SimPolicy::policy).collect(),
            scheduled: Vec::new(),
            activities: s.activities.iter().cloned().collect(),
        })
    }

    /// Every target, or those named.
    pub(crate) fn scalable_targets(&self, ids: &[String]) -> Vec<ScalableTarget> {
        self.scaling
            .values()
            .filter(|s| ids.is_empty() || ids.contains(&s.target.resource_id))
            .map(|s| s.target.clone())
            .collect()
    }

    /// Once a virtual minute, after the alarms: each policy whose alarm is in ALARM scales its service.
    /// A count set by hand outside the range is left alone until a scaling activity: a scale-in moves one
    /// above the maximum back down (then on as the policy wants), a scale-out one below the minimum up; the
    /// other direction leaves it (ECS's "Automatically scale your service", Application Auto Scaling's
    /// rule). The proportional count, clamped to the range, does exactly that.
    pub(crate) fn auto_scale(&mut self) {
        let now = self.now;
        let ids: Vec<String> = self.scaling.keys().cloned().collect();
        for id in ids {
            let Some(s) = self.scaling.get(&id) else {
                continue;
            };
            let Some(desired) = self.services.get(&s.service).map(|v| v.desired_count) else {
                continue;
            };
            let mut decision = None;
            for p in &s.policies {
                let state = |name: &str| self.alarms.get(name).map(|a| a.alarm.state);
                let last = now.millis().div_euclid(MINUTE_MS) - 1;
                let metric = self
                    .load
                    .get(&s.service)
                    .and_then(|l| l.value(s.service, p.kind, last));
                let Some(metric) = metric else { continue };
                let wanted = (f64::from(desired.max(1)) * metric / p.target).ceil() as u32;
                let wanted = s.target.clamp(wanted);
                let cooled = |at: Option<Timestamp>, secs: u32| {
                    at.is_none_or(|at| now.since(at) >= i64::from(secs) * 1000)
                };
                if state(&p.high_alarm) == Some(AlarmState::Alarm)
                    && wanted > desired
                    && !s.target.suspended.dynamic_out
                    && cooled(s.last_out, p.out_cooldown_s)
                {
                    decision = Some((wanted, p.high_alarm.clone(), p.name.clone(), true));
                    break;
                }
                if state(&p.low_alarm) == Some(AlarmState::Alarm)
                    && wanted < desired
                    && !s.target.suspended.dynamic_in
                    && cooled(s.last_in.max(s.last_out), p.in_cooldown_s)
                {
                    decision = Some((wanted, p.low_alarm.clone(), p.name.clone(), false));
                }
            }
            if let Some((count, alarm, policy, out)) = decision {
                let cause =
                    format!("monitor alarm {alarm} in state ALARM triggered policy {policy}");
                self.set_desired_by_scaling(&id, count, cause);
                if let Some(s) = self.scaling.get_mut(&id) {
                    *(if out { &mut s.last_out } else { &mut s.last_in }) = Some(now);
                }
            }
        }
    }

    /// RegisterScalableTarget moves the count into the range at once ("it changes the resource's current
    /// capacity to a value that is inside of this range"), suspended or not.
    fn move_into_range(&mut self, id: &str) {
        let Some(s) = self.scaling.get(id) else {
            return;
        };
        let Some(desired) = self.services.get(&s.service).map(|v| v.desired_count) else {
            return;
        };
        let inside = s.target.clamp(desired);
        if inside == desired {
            return;
        }
        let cause = if desired > s.target.max {
            format!("maximum capacity was set to {}", s.target.max)
        } else {
            format!("minimum capacity was set to {}", s.target.min)
        };
        let now = self.now;
        self.set_desired_by_scaling(id, inside, cause);
        // A move is a scaling activity: the policies' cooldowns start from it.
        if let Some(s) = self.scaling.get_mut(id) {
            *(if inside > desired {
                &mut s.last_out
            } else {
                &mut s.last_in
            }) = Some(now);
        }
    }

    fn set_desired_by_scaling(&mut self, id: &str, count: u32, cause: String) {
        let now = self.now;
        let Some(s) = self.scaling.get_mut(id) else {
            return;
        };
        if let Some(svc) = self.services.get_mut(&s.service) {
            svc.desired_count = count;
            svc.steady = false;
            svc.reset_throttle();
        }
        s.activities.push_front(ScalingActivity {
            description: format!("Setting desired count to {count}."),
            cause,
            status: "Successful".into(),
            status_message: Some(format!(
                "Successfully set desired count to {count}. Change successfully fulfilled by ecs."
            )),
            started_at: now,
            ended_at: Some(now),
        });
        s.activities.truncate(ACTIVITIES_KEPT);
    }

    /// `:load SERVICE xN`: the service's demand times `factor` from now on.
    pub fn set_load(&mut self, cluster: &str, service: &str, factor: f64) -> Result<()> {
        let key = self.service_key(cluster, service)?;
        if !(factor.is_finite() && factor > 0.0) {
            return Err(errors::invalid_parameter("the load factor must be above 0"));
        }
        self.record_load();
        let minute = self.now.millis().div_euclid(MINUTE_MS);
        if let Some(load) = self.load.get_mut(&key) {
            load.set_factor(minute, factor);
        }
        Ok(())
    }
}
