//! The sandbox's CloudWatch alarms: each watches one metric of one service (its own or its target group's),
//! evaluated once a virtual minute over 1-minute datapoints as CloudWatch does, with AWS's reason wording.

use super::load::MINUTE_MS;
use super::world::World;
use crate::model::{Alarm, AlarmState, MetricKind, MetricOwner, Timestamp};

pub(crate) struct SimAlarm {
    pub alarm: Alarm,
    pub service: u64,
    pub kind: MetricKind,
    pub threshold: f64,
    /// Greater than the threshold (else less than).
    pub above: bool,
    /// Datapoints (1 minute each) that must all cross it.
    pub datapoints: u32,
}

/// A threshold as CloudWatch writes it: `50.0`, `0.25`.
fn threshold_text(v: f64) -> String {
    if v.fract() == 0.0 {
        format!("{v:.1}")
    } else {
        v.to_string()
    }
}

/// `07/12/26 10:03:00`: how CloudWatch writes a datapoint's time in a reason.
fn reason_time(at: Timestamp) -> String {
    let days = at.millis().div_euclid(86_400_000);
    let (y, m, d) = civil_from_days(days);
    format!("{d:02}/{m:02}/{:02} {}", y % 100, at.clock())
}

/// Days since 1970-01-01 to (year, month, day), Howard Hinnant's algorithm.
fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

impl World {
    /// Adds an alarm on `kind` of the service `service_key` (its target group's for the ELB metrics).
    pub(crate) fn put_alarm(
        &mut self,
        name: &str,
        service_key: u64,
        kind: MetricKind,
        threshold: f64,
        above: bool,
        datapoints: u32,
    ) {
        let Some(svc) = self.services.get(&service_key) else {
            return;
        };
        let owner = match kind {
            MetricKind::Cpu | MetricKind::Memory => MetricOwner::service(&svc.cluster, &svc.name),
            _ => {
                let Some(tg) = svc.load_balancers.first() else {
                    return;
                };
                let lb = self
                    .target_groups
                    .get(&tg.target_group_arn)
                    .and_then(|g| g.group.load_balancer_arns.first().cloned())
                    .unwrap_or_default();
                MetricOwner::target_group(&tg.target_group_arn, &lb)
            }
        };
        let sign = if above { ">" } else { "<" };
        let alarm = Alarm {
            name: name.to_string(),
            state: AlarmState::InsufficientData,
            reason: "Unchecked: Initial alarm creation".into(),
            changed_at: Some(self.now),
            namespace: kind.namespace().into(),
            metric_name: kind.metric_name().into(),
            dimensions: owner
                .dimensions()
                .into_iter()
                .map(|(n, v)| (n.to_string(), v.to_string()))
                .collect(),
            condition: format!(
                "{} {sign} {threshold} for {datapoints} of {datapoints} periods of 60s",
                kind.metric_name()
            ),
        };
        self.alarms.insert(
            name.to_string(),
            SimAlarm {
                alarm,
                service: service_key,
                kind,
                threshold,
                above,
                datapoints,
            },
        );
    }

    /// Once a virtual minute, each alarm looks at its last datapoints (the minutes that ended): ALARM when
    /// every one crosses the threshold, OK when the newest does not, else as it was.
    pub(crate) fn evaluate_alarms(&mut self) {
        let last = self.now.millis().div_euclid(MINUTE_MS) - 1;
        let now = self.now;
        for a in self.alarms.values_mut() {
            let Some(load) = self.load.get(&a.service) else {
                continue;
            };
            let points: Vec<(i64, f64)> = (0..i64::from(a.datapoints))
                .map(|i| last - i)
                .filter_map(|m| load.value(a.service, a.kind, m).map(|v| (m, v)))
                .collect();
            let crosses = |v: f64| {
                if a.above {
                    v > a.threshold
                } else {
                    v < a.threshold
                }
            };
            let listed: Vec<String> = points
                .iter()
                .map(|(m, v)| format!("{v:.1} ({})", reason_time(Timestamp(m * MINUTE_MS))))
                .collect();
            let word = if a.above { "greater" } else { "less" };
            let (state, reason) = match points.first() {
                None => (
                    AlarmState::InsufficientData,
                    format!("Insufficient Data: {} datapoints were unknown.", a.datapoints),
                ),
                Some(_)
                    if points.len() == a.datapoints as usize
                        && points.iter().all(|(_, v)| crosses(*v)) =>
                {
                    (
                        AlarmState::Alarm,
                        format!(
                            "Threshold Crossed: {} datapoints [{}] were {word} than the threshold ({}) (minimum {} datapoints for OK -> ALARM transition).",
                            points.len(),
                            listed.join(", "),
                            threshold_text(a.threshold),
                            a.datapoints
                        ),
                    )
                }
                Some((_, newest)) if !crosses(*newest) => (
                    AlarmState::Ok,
                    format!(
                        "Threshold Crossed: 1 datapoint [{}] was not {word} than the threshold ({}) (minimum 1 datapoint for ALARM -> OK transition).",
                        listed[0],
                        threshold_text(a.threshold)
                    ),
                ),
                Some(_) => continue,
            };
            if state != a.alarm.state {
                a.alarm.state = state;
                a.alarm.reason = reason;
                a.alarm.changed_at = Some(now);
            }
        }
    }

    /// The alarms as DescribeAlarms shows them, by name.
    pub(crate) fn alarms_where(&self, keep: impl Fn(&Alarm) -> bool) -> Vec<Alarm> {
        self.alarms
            .values()
            .map(|a| &a.alarm)
            .filter(|a| keep(a))
            .cloned()
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reasons_write_times_as_cloudwatch_does() {
        // 2026-01-01T09:00:00Z
        assert_eq!(
            reason_time(Timestamp::from_secs(1_767_258_000)),
            "01/01/26 09:00:00"
        );
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(20_819), (2027, 1, 1));
    }
}
