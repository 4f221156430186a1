//! What a backend says of how hard services work and how they scale: CloudWatch metrics and alarms, and
//! Application Auto Scaling. A part of `Backend` of its own so that the trait stays readable; a backend
//! without them (a test's) answers `UnsupportedOperation`, which wharf shows as "not available here".

use async_trait::async_trait;

use super::{BackendError, Result};
use crate::model::{
    Alarm, MetricId, MetricRange, MetricSeries, ScalableTarget, ServiceScaling, TargetChange,
    Timestamp,
};

/// GetMetricData takes at most this many metrics a call.
pub const METRICS_PER_CALL: usize = 500;

/// DescribeScalableTargets takes at most this many resource ids a call.
pub const TARGETS_PER_CALL: usize = 50;

fn unsupported(action: &str) -> BackendError {
    BackendError::Api {
        code: "UnsupportedOperation".into(),
        message: format!("{action}: this backend has no metrics or auto scaling"),
    }
}

#[async_trait]
pub trait MetricsScaling: Send + Sync {
    /// GetMetricData: each metric's datapoints over `range` up to `now`, at the range's period, in the
    /// order asked (a metric with no data has an empty series). Billed per metric asked.
    async fn get_metric_data(
        &self,
        metrics: &[MetricId],
        range: MetricRange,
        now: Timestamp,
    ) -> Result<Vec<MetricSeries>> {
        let _ = (metrics, range, now);
        Err(unsupported("GetMetricData"))
    }

    /// DescribeAlarmsForMetric for each metric: the alarms that watch them, each once.
    async fn describe_alarms_for_metrics(&self, metrics: &[MetricId]) -> Result<Vec<Alarm>> {
        let _ = metrics;
        Err(unsupported("DescribeAlarmsForMetric"))
    }

    /// DescribeAlarms in state ALARM: every metric alarm of the region that is firing now.
    async fn describe_firing_alarms(&self) -> Result<Vec<Alarm>> {
        Err(unsupported("DescribeAlarms"))
    }

    /// DescribeScalableTargets of ECS services: those named (`service/CLUSTER/SERVICE`), or every one of
    /// the region when `resource_ids` is empty.
    async fn describe_scalable_targets(
        &self,
        resource_ids: &[String],
    ) -> Result<Vec<ScalableTarget>> {
        let _ = resource_ids;
        Err(unsupported("DescribeScalableTargets"))
    }

    /// A service's scalable target, scaling policies, scheduled actions and recent activities (four calls).
    async fn describe_service_scaling(
        &self,
        cluster: &str,
        service: &str,
    ) -> Result<ServiceScaling> {
        let _ = (cluster, service);
        Err(unsupported("DescribeScalableTargets"))
    }

    /// RegisterScalableTarget: change the range or what is suspended of a service's scaling (registering it
    /// when it was not). Idempotent: the same change twice leaves the same target. Answers with the target
    /// as it stands after, or `None` when the change went through and reading it back did not (the change
    /// is done either way: an error means it was not made).
    async fn register_scalable_target(
        &self,
        cluster: &str,
        service: &str,
        change: &TargetChange,
    ) -> Result<Option<ScalableTarget>> {
        let _ = (cluster, service, change);
        Err(unsupported("RegisterScalableTarget"))
    }

    /// The sandbox's `:load SERVICE xN`: the service's request load times `factor` from now on. Only the
    /// sandbox has a load to change.
    async fn set_load(&self, cluster: &str, service: &str, factor: f64) -> Result<()> {
        let _ = (cluster, service, factor);
        Err(BackendError::Api {
            code: "UnsupportedOperation".into(),
            message: "only the sandbox has a load to change (:load is for wharf --demo)".into(),
        })
    }
}
