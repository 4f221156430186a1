//! CloudWatch: GetMetricData (up to 500 metrics a call, every page followed) and the alarms on them.

use std::collections::BTreeMap;

use aws_sdk_cloudwatch::primitives::DateTime;
use aws_sdk_cloudwatch::types::{
    Dimension, Metric, MetricAlarm, MetricDataQuery, MetricStat, ScanBy, StateValue,
};

use super::convert::opt_ts;
use super::Aws;
use crate::backend::{Result, METRICS_PER_CALL};
use crate::model::{Alarm, AlarmState, MetricId, MetricRange, MetricSeries, Timestamp};

/// The gap between two DescribeAlarmsForMetric calls of one read: its quota is 3 a second.
const ALARM_CALL_GAP: std::time::Duration = std::time::Duration::from_millis(350);

/// Pages of DescribeAlarms read at most (100 alarms a page): an account firing more alarms than this has
/// bigger trouble than wharf can show.
const MAX_ALARM_PAGES: usize = 10;

fn metric(id: &MetricId) -> Metric {
    let dimensions = id
        .owner
        .dimensions()
        .into_iter()
        .map(|(name, value)| Dimension::builder().name(name).value(value).build());
    Metric::builder()
        .namespace(id.kind.namespace())
        .metric_name(id.kind.metric_name())
        .set_dimensions(Some(dimensions.collect()))
        .build()
}

fn query(index: usize, id: &MetricId, period: i32) -> MetricDataQuery {
    let stat = MetricStat::builder()
        .metric(metric(id))
        .period(period)
        .stat(id.kind.statistic().as_str())
        .build();
    MetricDataQuery::builder()
        .id(format!("m{index}"))
        .metric_stat(stat)
        .return_data(true)
        .build()
}

impl Aws {
    pub(super) async fn metric_data(
        &self,
        metrics: &[MetricId],
        range: MetricRange,
        now: Timestamp,
    ) -> Result<Vec<MetricSeries>> {
        let (start, end) = range.window(now);
        let period = range.period_secs() as i32;
        let mut points: BTreeMap<usize, Vec<(Timestamp, f64)>> = BTreeMap::new();
        for (batch_index, batch) in metrics.chunks(METRICS_PER_CALL).enumerate() {
            let first = batch_index * METRICS_PER_CALL;
            let queries: Vec<MetricDataQuery> = batch
                .iter()
                .enumerate()
                .map(|(i, id)| query(first + i, id, period))
                .collect();
            let mut token: Option<String> = None;
            loop {
                let out = self
                    .cloudwatch
                    .get_metric_data()
                    .set_metric_data_queries(Some(queries.clone()))
                    .start_time(DateTime::from_millis(start.millis()))
                    .end_time(DateTime::from_millis(end.millis()))
                    .scan_by(ScanBy::TimestampAscending)
                    .set_next_token(token.clone())
                    .send()
                    .await
                    .map_err(|e| self.cloudwatch_err("GetMetricData", "metrics", e))?;
                for result in out.metric_data_results() {
                    let Some(index) = result
                        .id()
                        .and_then(|id| id.strip_prefix('m'))
                        .and_then(|n| n.parse::<usize>().ok())
                    else {
                        continue;
                    };
                    let times = result.timestamps().iter().map(|t| opt_ts(Some(t)));
                    let got = points.entry(index).or_default();
                    for (at, value) in times.zip(result.values()) {
                        if let Some(at) = at.filter(|_| value.is_finite()) {
                            got.push((at, *value));
                        }
                    }
                }
                token = out.next_token().map(str::to_string);
                if token.is_none() {
                    break;
                }
            }
        }
        Ok((0..metrics.len())
            .map(|i| {
                let mut points = points.remove(&i).unwrap_or_default();
                // Pages may split a metric's points; an emulator may not sort them.
                points.sort_by_key(|(at, _)| *at);
                points.dedup_by_key(|(at, _)| *at);
                MetricSeries { points }
            })
            .collect())
    }

    pub(super) async fn alarms_for_metrics(&self, metrics: &[MetricId]) -> Result<Vec<Alarm>> {
        let mut found: BTreeMap<String, Alarm> = BTreeMap::new();
        for (i, id) in metrics.iter().enumerate() {
            // DescribeAlarmsForMetric's quota is 3 calls a second, and reads are sent once: paced here.
            if i > 0 {
                tokio::time::sleep(ALARM_CALL_GAP).await;
            }
            let m = metric(id);
            let out = self
                .cloudwatch
                .describe_alarms_for_metric()
                .namespace(id.kind.namespace())
                .metric_name(id.kind.metric_name())
                .set_dimensions(Some(m.dimensions().to_vec()))
                .send()
                .await
                .map_err(|e| {
                    self.cloudwatch_err("DescribeAlarmsForMetric", id.kind.metric_name(), e)
                })?;
            for alarm in out.metric_alarms() {
                let alarm = convert_alarm(alarm);
                found.insert(alarm.name.clone(), alarm);
            }
        }
        Ok(found.into_values().collect())
    }

    pub(super) async fn firing_alarms(&self) -> Result<Vec<Alarm>> {
        let mut alarms = Vec::new();
        let mut token: Option<String> = None;
        for _ in 0..MAX_ALARM_PAGES {
            let out = self
                .cloudwatch
                .describe_alarms()
                .state_value(StateValue::Alarm)
                .max_records(100)
                .set_next_token(token.clone())
                .send()
                .await
                .map_err(|e| self.cloudwatch_err("DescribeAlarms", "alarms in ALARM", e))?;
            alarms.extend(out.metric_alarms().iter().map(convert_alarm));
            token = out.next_token().map(str::to_string);
            if token.is_none() {
                break;
            }
        }
        Ok(alarms)
    }
}

fn convert_alarm(a: &MetricAlarm) -> Alarm {
    let dimensions = a
        .dimensions()
        .iter()
        .map(|d| {
            (
                d.name().unwrap_or_default().to_string(),
                d.value().unwrap_or_default().to_string(),
            )
        })
        .collect();
    let metric_name = a.metric_name().unwrap_or_default().to_string();
    let mut condition = metric_name.clone();
    if let (Some(op), Some(threshold)) = (a.comparison_operator(), a.threshold()) {
        condition.push_str(&format!(" {} {threshold}", comparison(op.as_str())));
    }
    if let Some(n) = a.evaluation_periods() {
        let of = a.datapoints_to_alarm().unwrap_or(n);
        let period = a.period().unwrap_or(60);
        condition.push_str(&format!(" for {of} of {n} periods of {period}s"));
    }
    Alarm {
        name: a.alarm_name().unwrap_or_default().to_string(),
        state: AlarmState::parse(a.state_value().map(|s| s.as_str()).unwrap_or_default()),
        reason: a.state_reason().unwrap_or_default().to_string(),
        changed_at: opt_ts(a.state_updated_timestamp()),
        namespace: a.namespace().unwrap_or_default().to_string(),
        metric_name,
        dimensions,
        condition,
    }
}

/// `GreaterThanThreshold` as `>`.
fn comparison(op: &str) -> &str {
    match op {
        "GreaterThanOrEqualToThreshold" => ">=",
        "GreaterThanThreshold" => ">",
        "LessThanThreshold" => "<",
        "LessThanOrEqualToThreshold" => "<=",
        other => other,
    }
}
