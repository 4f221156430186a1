//! Application Auto Scaling of ECS services: the scalable targets, a service's policies, scheduled actions
//! and activities, and RegisterScalableTarget (sent once).

use aws_sdk_applicationautoscaling::types::{
    ScalableDimension, ScalableTarget as SdkTarget, ScalingPolicy as SdkPolicy, ServiceNamespace,
    SuspendedState,
};

use super::convert::opt_ts;
use super::Aws;
use crate::backend::{Result, TARGETS_PER_CALL};
use crate::model::{
    scaling_resource_id, PolicyKind, ScalableTarget, ScalingActivity, ScalingPolicy,
    ScheduledAction, ServiceScaling, Suspended, TargetChange,
};

/// The activities a service's screen shows: the newest.
const ACTIVITIES_SHOWN: i32 = 20;

/// Pages of every ECS scalable target read at most (50 a page): 2,500 services.
const MAX_TARGET_PAGES: usize = 50;

impl Aws {
    pub(super) async fn scalable_targets(&self, ids: &[String]) -> Result<Vec<ScalableTarget>> {
        let mut targets = Vec::new();
        if ids.is_empty() {
            let mut token: Option<String> = None;
            for _ in 0..MAX_TARGET_PAGES {
                let (page, next) = self.targets_page(None, token).await?;
                targets.extend(page);
                token = next;
                if token.is_none() {
                    break;
                }
            }
            return Ok(targets);
        }
        for batch in ids.chunks(TARGETS_PER_CALL) {
            let (page, _) = self.targets_page(Some(batch.to_vec()), None).await?;
            targets.extend(page);
        }
        Ok(targets)
    }

    async fn targets_page(
        &self,
        ids: Option<Vec<String>>,
        token: Option<String>,
    ) -> Result<(Vec<ScalableTarget>, Option<String>)> {
        let out = self
            .autoscaling
            .describe_scalable_targets()
            .service_namespace(ServiceNamespace::Ecs)
            .scalable_dimension(ScalableDimension::EcsServiceDesiredCount)
            .set_resource_ids(ids)
            .set_next_token(token)
            .send()
            .await
            .map_err(|e| {
                self.autoscaling_err(false, "DescribeScalableTargets", "ECS services", e)
            })?;
        let targets = out.scalable_targets().iter().map(target).collect();
        Ok((targets, out.next_token().map(str::to_string)))
    }

    pub(super) async fn service_scaling(
        &self,
        cluster: &str,
        service: &str,
    ) -> Result<ServiceScaling> {
        let id = scaling_resource_id(cluster, service);
        let target = self
            .scalable_targets(std::slice::from_ref(&id))
            .await?
            .pop();
        let Some(target) = target else {
            // Not registered: no policy, action or activity can exist for it.
            return Ok(ServiceScaling::default());
        };
        let policies = self
            .autoscaling
            .describe_scaling_policies()
            .service_namespace(ServiceNamespace::Ecs)
            .scalable_dimension(ScalableDimension::EcsServiceDesiredCount)
            .resource_id(&id)
            .send()
            .await
            .map_err(|e| self.autoscaling_err(false, "DescribeScalingPolicies", &id, e))?;
        let scheduled = self
            .autoscaling
            .describe_scheduled_actions()
            .service_namespace(ServiceNamespace::Ecs)
            .scalable_dimension(ScalableDimension::EcsServiceDesiredCount)
            .resource_id(&id)
            .send()
            .await
            .map_err(|e| self.autoscaling_err(false, "DescribeScheduledActions", &id, e))?;
        let activities = self
            .autoscaling
            .describe_scaling_activities()
            .service_namespace(ServiceNamespace::Ecs)
            .scalable_dimension(ScalableDimension::EcsServiceDesiredCount)
            .resource_id(&id)
            .max_results(ACTIVITIES_SHOWN)
            .send()
            .await
            .map_err(|e| self.autoscaling_err(false, "DescribeScalingActivities", &id, e))?;
        let mut activities: Vec<ScalingActivity> = activities
            .scaling_activities()
            .iter()
            .map(|a| ScalingActivity {
                description: a.description().to_string(),
                cause: a.cause().to_string(),
                status: a.status_code().as_str().to_string(),
                status_message: a.status_message().map(str::to_string),
                started_at: opt_ts(Some(a.start_time())).unwrap_or_default(),
                ended_at: opt_ts(a.end_time()),
            })
            .collect();
        activities.sort_by_key(|a| std::cmp::Reverse(a.started_at));
        Ok(ServiceScaling {
            target: Some(target),
            policies: policies.scaling_policies().iter().map(policy).collect(),
            scheduled: scheduled
                .scheduled_actions()
                .iter()
                .map(|a| ScheduledAction {
                    name: a.scheduled_action_name().to_string(),
                    schedule: a.schedule().to_string(),
                    min: a
                        .scalable_target_action()
                        .and_then(|t| t.min_capacity())
                        .map(count),
                    max: a
                        .scalable_target_action()
                        .and_then(|t| t.max_capacity())
                        .map(count),
                })
                .collect(),
            activities,
        })
    }

    pub(super) async fn register_target(
        &self,
        cluster: &str,
        service: &str,
        change: &TargetChange,
    ) -> Result<Option<ScalableTarget>> {
        let id = scaling_resource_id(cluster, service);
        let suspended = change.suspended.map(|s| {
            SuspendedState::builder()
                .dynamic_scaling_in_suspended(s.dynamic_in)
                .dynamic_scaling_out_suspended(s.dynamic_out)
                .scheduled_scaling_suspended(s.scheduled)
                .build()
        });
        self.autoscaling_write
            .register_scalable_target()
            .service_namespace(ServiceNamespace::Ecs)
            .scalable_dimension(ScalableDimension::EcsServiceDesiredCount)
            .resource_id(&id)
            .set_min_capacity(change.min.map(|m| m as i32))
            .set_max_capacity(change.max.map(|m| m as i32))
            .set_suspended_state(suspended)
            .send()
            .await
            .map_err(|e| self.autoscaling_err(true, "RegisterScalableTarget", &id, e))?;
        // The write's answer holds only the target's ARN: the target as it stands is read back. The change
        // is made whatever that read says: a failed read-back is `None`, never an error.
        Ok(self
            .scalable_targets(std::slice::from_ref(&id))
            .await
            .ok()
            .and_then(|mut t| t.pop()))
    }
}

fn count(n: i32) -> u32 {
    n.max(0) as u32
}

fn target(t: &SdkTarget) -> ScalableTarget {
    let s = t.suspended_state();
    ScalableTarget {
        resource_id: t.resource_id().to_string(),
        min: count(t.min_capacity()),
        max: count(t.max_capacity()),
        suspended: Suspended {
            dynamic_in: s.and_then(|s| s.dynamic_scaling_in_suspended()) == Some(true),
            dynamic_out: s.and_then(|s| s.dynamic_scaling_out_suspended()) == Some(true),
            scheduled: s.and_then(|s| s.scheduled_scaling_suspended()) == Some(true),
        },
    }
}

fn policy(p: &SdkPolicy) -> ScalingPolicy {
    let cooldown = |c: Option<i32>| c.map(count);
    let kind = if let Some(t) = p.target_tracking_scaling_policy_configuration() {
        let metric = match (
            t.predefined_metric_specification(),
            t.customized_metric_specification(),
        ) {
            (Some(m), _) => m.predefined_metric_type().as_str().to_string(),
            (None, Some(c)) => c.metric_name().unwrap_or("a custom metric").to_string(),
            (None, None) => "a metric".to_string(),
        };
        PolicyKind::TargetTracking {
            metric,
            target: t.target_value(),
            scale_out_cooldown_secs: cooldown(t.scale_out_cooldown()),
            scale_in_cooldown_secs: cooldown(t.scale_in_cooldown()),
            scale_in_disabled: t.disable_scale_in() == Some(true),
        }
    } else if let Some(s) = p.step_scaling_policy_configuration() {
        PolicyKind::Step {
            adjustment_type: s
                .adjustment_type()
                .map_or("ChangeInCapacity", |a| a.as_str())
                .to_string(),
            steps: s
                .step_adjustments()
                .iter()
                .map(|a| {
                    let bound = |b: Option<f64>| b.map_or("…".to_string(), |b| b.to_string());
                    format!(
                        "{:+} at {} to {}",
                        a.scaling_adjustment(),
                        bound(a.metric_interval_lower_bound()),
                        bound(a.metric_interval_upper_bound())
                    )
                })
                .collect(),
            cooldown_secs: cooldown(s.cooldown()),
        }
    } else {
        PolicyKind::Other(p.policy_type().as_str().to_string())
    };
    ScalingPolicy {
        name: p.policy_name().to_string(),
        kind,
    }
}
