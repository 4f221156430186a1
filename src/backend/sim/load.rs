//! The sandbox's load: each service has a request demand that follows a daily wave with spikes, and its
//! CPU, memory, requests, response time and 5xx follow that demand per running task. What the scheduler did
//! (running tasks, healthy targets) is recorded once a virtual minute; every metric is worked out from that
//! record and the demand, so that the sandbox keeps a week of metrics in a few numbers a change.
//!
//! Demand is counted in busy tasks: a service of `n` tasks at the start carries `0.35 n` of them at the
//! middle of the wave, so CPU sits near 35% until the wave, a spike or `:load` moves it.

use std::collections::BTreeMap;

use super::world::World;
use crate::model::{MetricKind, TargetState, TaskStatus, Timestamp};

pub const MINUTE_MS: i64 = 60_000;
const DAY_MS: i64 = 24 * 60 * MINUTE_MS;
/// Spikes come in windows of four hours; about one window in three starts with one.
const SPIKE_WINDOW_MS: i64 = 4 * 60 * MINUTE_MS;
const SPIKE_MS: i64 = 20 * MINUTE_MS;
const SPIKE_FACTOR: f64 = 1.8;
/// The share of a task busy at the wave's middle.
const BASE_BUSY: f64 = 0.35;
/// Requests a second a fully busy task serves.
const TASK_RPS: f64 = 10.0;
/// A service's record keeps at most this many changes (a week of one change a minute).
const KEPT_CHANGES: usize = 7 * 24 * 60;

/// One service's load and what is recorded of it.
#[derive(Debug, Clone)]
pub(crate) struct SimLoad {
    /// Tasks it had when first seen: its demand is sized to them.
    pub base_tasks: u32,
    /// `:load SERVICE xN`: each factor with the minute it took effect from, oldest first (a metric of a
    /// past minute keeps the load it had then).
    pub factors: Vec<(i64, f64)>,
    /// Metrics exist from here (a service of the demo has a week of them behind it).
    pub since: Timestamp,
    /// (minute, running tasks, healthy targets), one entry for each change, oldest first.
    pub record: Vec<(i64, u32, u32)>,
}

/// A number in [0, 1) from a few integers, the same every time (the sandbox's metrics are a function of
/// time, not of the order they are read in).
fn hash01(a: u64, b: i64) -> f64 {
    let mut x = a.wrapping_mul(0x9E37_79B9_7F4A_7C15).wrapping_add(b as u64);
    x ^= x >> 30;
    x = x.wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x ^= x >> 27;
    x = x.wrapping_mul(0x94D0_49BB_1331_11EB);
    x ^= x >> 31;
    (x >> 11) as f64 / (1u64 << 53) as f64
}

impl SimLoad {
    /// Busy tasks' worth of demand at `at`, for the service with key `key`.
    pub fn demand(&self, key: u64, at: Timestamp) -> f64 {
        let t = at.millis();
        let day = (t.rem_euclid(DAY_MS)) as f64 / DAY_MS as f64;
        // Lowest at 03:00 UTC, highest at 15:00.
        let wave = 1.0 + 0.35 * (std::f64::consts::TAU * (day - 0.375)).sin();
        let window = t.div_euclid(SPIKE_WINDOW_MS);
        let spiking = hash01(key, window) < 0.34 && t.rem_euclid(SPIKE_WINDOW_MS) < SPIKE_MS;
        let spike = if spiking { SPIKE_FACTOR } else { 1.0 };
        let minute = t.div_euclid(MINUTE_MS);
        let noise = 0.94 + 0.12 * hash01(key ^ 0x5EED, minute);
        f64::from(self.base_tasks.max(1)) * BASE_BUSY * wave * spike * noise * self.factor(minute)
    }

    /// The `:load` factor in effect in `minute`.
    fn factor(&self, minute: i64) -> f64 {
        let at = self.factors.partition_point(|(m, _)| *m <= minute);
        at.checked_sub(1).map_or(1.0, |i| self.factors[i].1)
    }

    /// `:load SERVICE xN` from `minute` on.
    pub fn set_factor(&mut self, minute: i64, factor: f64) {
        self.factors.retain(|(m, _)| *m < minute);
        self.factors.push((minute, factor));
    }

    /// Running tasks and healthy targets in the minute `minute`: the record's last change at or before it
    /// (before the first, the first: the service ran like that before the sandbox began).
    fn recorded(&self, minute: i64) -> Option<(u32, u32)> {
        let at = self.record.partition_point(|(m, _, _)| *m <= minute);
        let entry = self.record.get(at.saturating_sub(1))?;
        Some((entry.1, entry.2))
    }

    /// The value of `kind` over the minute `minute`; `None` when CloudWatch would have no datapoint (before
    /// the service, or no task running to report CPU).
    pub fn value(&self, key: u64, kind: MetricKind, minute: i64) -> Option<f64> {
        if minute * MINUTE_MS < self.since.millis() {
            return None;
        }
        let (running, healthy) = self.recorded(minute)?;
        let at = Timestamp(minute * MINUTE_MS);
        let demand = self.demand(key, at);
        let cpu = if running == 0 {
            None
        } else {
            Some((100.0 * demand / f64::from(running) + 2.0).min(100.0))
        };
        let noise = hash01(key ^ 0xFACE, minute);
        let rpm = demand.min(f64::from(running)) * TASK_RPS * 60.0;
        match kind {
            MetricKind::Cpu => cpu,
            MetricKind::Memory => cpu.map(|c| 24.0 + 0.3 * c + 4.0 * noise),
            MetricKind::Requests => Some((rpm * (0.97 + 0.06 * noise)).round()),
            MetricKind::ResponseTime => {
                let c = cpu? / 100.0;
                let queueing = 1.0 + 12.0 * (c - 0.7).max(0.0).powi(2) / 0.09;
                Some(0.042 * queueing * (0.9 + 0.2 * noise))
            }
            MetricKind::Errors5xx => {
                let c = cpu.unwrap_or(0.0);
                Some((rpm * 0.02 * ((c - 90.0) / 10.0).max(0.0)).round())
            }
            MetricKind::HealthyHosts => Some(f64::from(healthy)),
        }
    }

    /// The average of `kind` over `period_minutes` from `minute`: `None` when no minute had data.
    pub fn average(&self, key: u64, kind: MetricKind, minute: i64, period: i64) -> Option<f64> {
        let values: Vec<f64> = (minute..minute + period)
            .filter_map(|m| self.value(key, kind, m))
            .collect();
        if values.is_empty() {
            return None;
        }
        let sum: f64 = values.iter().sum();
        Some(if kind.statistic() == crate::model::Statistic::Sum {
            sum
        } else {
            sum / values.len() as f64
        })
    }
}

impl World {
    /// Once a virtual minute: what each service runs is recorded. A service seen for the first time gets
    /// its load sized to its tasks.
    pub(crate) fn record_load(&mut self) {
        let minute = self.now.millis().div_euclid(MINUTE_MS);
        let start = self.start;
        let mut seen = BTreeMap::new();
        for (key, svc) in &self.services {
            let tasks = svc.tasks.iter().filter_map(|k| self.tasks.get(k));
            let (mut running, mut healthy) = (0, 0);
            for t in tasks {
                if t.task.last_status == TaskStatus::Running {
                    running += 1;
                }
                healthy += t
                    .targets
                    .iter()
                    .filter(|g| g.registered && g.state == TargetState::Healthy)
                    .count() as u32;
            }
            let from_the_start = svc.created_at.since(start) < MINUTE_MS;
            let since = if from_the_start {
                start.plus_millis(-7 * DAY_MS)
            } else {
                svc.created_at
            };
            // A service there from the start (a demo service "has run for a week") is recorded once it
            // first runs its count: the sandbox starting its tasks is not load.
            let behind_targets = !svc.load_balancers.is_empty();
            let starting = from_the_start
                && (running < svc.desired_count || (behind_targets && healthy < svc.desired_count));
            seen.insert(*key, (running, healthy, svc.desired_count, since, starting));
        }
        for (key, (running, healthy, desired, since, starting)) in seen {
            if starting && !self.load.contains_key(&key) {
                continue;
            }
            let load = self.load.entry(key).or_insert_with(|| SimLoad {
                base_tasks: desired.max(1),
                factors: Vec::new(),
                since,
                record: Vec::new(),
            });
            match load.record.last_mut() {
                Some(last) if (last.1, last.2) == (running, healthy) => {}
                Some(last) if last.0 == minute => (last.1, last.2) = (running, healthy),
                _ => load.record.push((minute, running, healthy)),
            }
            if load.record.len() > KEPT_CHANGES {
                load.record.remove(0);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(record: Vec<(i64, u32, u32)>) -> SimLoad {
        SimLoad {
            base_tasks: 4,
            factors: Vec::new(),
            since: Timestamp(0),
            record,
        }
    }

    #[test]
    fn cpu_follows_demand_per_running_task() {
        let l = load(vec![(100, 4, 4), (200, 8, 8)]);
        let four = l.value(1, MetricKind::Cpu, 150).unwrap();
        let eight = l.value(1, MetricKind::Cpu, 250).unwrap();
        assert!((15.0..80.0).contains(&four), "{four}");
        // Twice the tasks, about half the CPU (the demand moves a little between the two minutes).
        assert!(eight < four * 0.75, "{four} then {eight}");
        // Before the record: as at its first entry.
        assert!(l.value(1, MetricKind::Cpu, 50).is_some());
        let mut heavy = l.clone();
        heavy.set_factor(140, 5.0);
        assert_eq!(heavy.value(1, MetricKind::Cpu, 150), Some(100.0));
        assert!(heavy.value(1, MetricKind::Errors5xx, 150).unwrap() > 0.0);
        // Minutes before the change keep the load they had.
        assert_eq!(
            heavy.value(1, MetricKind::Cpu, 139),
            l.value(1, MetricKind::Cpu, 139)
        );
        assert_eq!(l.value(1, MetricKind::Errors5xx, 150), Some(0.0));
    }

    #[test]
    fn no_task_running_reports_no_cpu_and_nothing_before_the_service() {
        let mut l = load(vec![(100, 0, 0)]);
        assert_eq!(l.value(1, MetricKind::Cpu, 120), None);
        assert_eq!(l.value(1, MetricKind::HealthyHosts, 120), Some(0.0));
        l.since = Timestamp(110 * MINUTE_MS);
        assert_eq!(l.value(1, MetricKind::HealthyHosts, 100), None);
    }

    #[test]
    fn the_same_minute_gives_the_same_value() {
        let l = load(vec![(0, 3, 3)]);
        let a = l.value(7, MetricKind::ResponseTime, 12_345);
        assert_eq!(a, l.value(7, MetricKind::ResponseTime, 12_345));
        assert!(a.unwrap() > 0.0);
    }
}
