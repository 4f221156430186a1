//! `MetricsScaling` for `Sim`: the sandbox serves its load (`load`), alarms (`alarms`) and auto scaling
//! (`autoscaling`) through the same calls as AWS.

use async_trait::async_trait;

use super::backend::Sim;
use super::load::MINUTE_MS;
use super::world::World;
use crate::backend::{MetricsScaling, Result};
use crate::model::{
    elb_dimension, Alarm, AlarmState, MetricId, MetricOwner, MetricRange, MetricSeries,
    ScalableTarget, ServiceScaling, TargetChange, Timestamp,
};

impl World {
    /// The service a metric is about: its own, or the one its target group serves.
    fn metric_service(&self, owner: &MetricOwner) -> Option<u64> {
        match owner {
            MetricOwner::Service { cluster, service } => self.service_key(cluster, service).ok(),
            MetricOwner::TargetGroup { target_group, .. } => self
                .services
                .values()
                .filter(|s| s.status == crate::model::ServiceStatus::Active)
                .find(|s| {
                    s.load_balancers
                        .iter()
                        .any(|b| elb_dimension(&b.target_group_arn) == target_group)
                })
                .map(|s| s.key),
        }
    }

    /// One datapoint a period over the range, for the periods that have begun and had data.
    pub(crate) fn metric_series(&self, id: &MetricId, range: MetricRange) -> MetricSeries {
        let Some(key) = self.metric_service(&id.owner) else {
            return MetricSeries::default();
        };
        let Some(load) = self.load.get(&key) else {
            return MetricSeries::default();
        };
        let (start, end) = range.window(self.now);
        let period = range.period_secs() * 1000;
        let minutes = period / MINUTE_MS;
        // The minute under way has no datapoint yet.
        let done = self.now.millis().div_euclid(MINUTE_MS);
        let points = (start.millis()..end.millis())
            .step_by(period as usize)
            .filter_map(|at| {
                let first = at / MINUTE_MS;
                let count = minutes.min(done - first);
                if count <= 0 {
                    return None;
                }
                let v = load.average(key, id.kind, first, count)?;
                Some((Timestamp(at), v))
            })
            .collect();
        MetricSeries { points }
    }
}

fn same_metric(alarm: &Alarm, id: &MetricId) -> bool {
    alarm.namespace == id.kind.namespace()
        && alarm.metric_name == id.kind.metric_name()
        && alarm.owner().as_ref() == Some(&id.owner)
}

#[async_trait]
impl MetricsScaling for Sim {
    async fn get_metric_data(
        &self,
        metrics: &[MetricId],
        range: MetricRange,
        now: Timestamp,
    ) -> Result<Vec<MetricSeries>> {
        let _ = now;
        self.answer(Ok(self.read(|w| {
            metrics
                .iter()
                .map(|id| w.metric_series(id, range))
                .collect()
        })))
    }

    async fn describe_alarms_for_metrics(&self, metrics: &[MetricId]) -> Result<Vec<Alarm>> {
        self.answer(Ok(self.read(|w| {
            w.alarms_where(|a| metrics.iter().any(|id| same_metric(a, id)))
        })))
    }

    async fn describe_firing_alarms(&self) -> Result<Vec<Alarm>> {
        self.answer(Ok(
            self.read(|w| w.alarms_where(|a| a.state == AlarmState::Alarm))
        ))
    }

    async fn describe_scalable_targets(
        &self,
        resource_ids: &[String],
    ) -> Result<Vec<ScalableTarget>> {
        self.answer(Ok(self.read(|w| w.scalable_targets(resource_ids))))
    }

    async fn describe_service_scaling(
        &self,
        cluster: &str,
        service: &str,
    ) -> Result<ServiceScaling> {
        self.answer(self.with_world(|w| w.service_scaling(cluster, service)))
    }

    async fn register_scalable_target(
        &self,
        cluster: &str,
        service: &str,
        change: &TargetChange,
    ) -> Result<Option<ScalableTarget>> {
        self.answer(self.with_world(|w| {
            w.register_scalable_target(cluster, service, change)
                .map(Some)
        }))
    }

    async fn set_load(&self, cluster: &str, service: &str, factor: f64) -> Result<()> {
        self.answer(self.with_world(|w| w.set_load(cluster, service, factor)))
    }
}
