//! `MetricsScaling` for `Aws`: CloudWatch reads of `metrics.rs` and Application Auto Scaling calls of
//! `scaling.rs`, each answer cleaned like every other.

use async_trait::async_trait;

use super::Aws;
use crate::backend::clean::cleaned;
use crate::backend::{MetricsScaling, Result};
use crate::model::{
    Alarm, MetricId, MetricRange, MetricSeries, ScalableTarget, ServiceScaling, TargetChange,
    Timestamp,
};

#[async_trait]
impl MetricsScaling for Aws {
    async fn get_metric_data(
        &self,
        metrics: &[MetricId],
        range: MetricRange,
        now: Timestamp,
    ) -> Result<Vec<MetricSeries>> {
        cleaned(self.metric_data(metrics, range, now).await)
    }

    async fn describe_alarms_for_metrics(&self, metrics: &[MetricId]) -> Result<Vec<Alarm>> {
        cleaned(self.alarms_for_metrics(metrics).await)
    }

    async fn describe_firing_alarms(&self) -> Result<Vec<Alarm>> {
        cleaned(self.firing_alarms().await)
    }

    async fn describe_scalable_targets(
        &self,
        resource_ids: &[String],
    ) -> Result<Vec<ScalableTarget>> {
        cleaned(self.scalable_targets(resource_ids).await)
    }

    async fn describe_service_scaling(
        &self,
        cluster: &str,
        service: &str,
    ) -> Result<ServiceScaling> {
        cleaned(self.service_scaling(cluster, service).await)
    }

    async fn register_scalable_target(
        &self,
        cluster: &str,
        service: &str,
        change: &TargetChange,
    ) -> Result<Option<ScalableTarget>> {
        cleaned(self.register_target(cluster, service, change).await)
    }
}
