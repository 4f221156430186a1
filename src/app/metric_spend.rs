//! What wharf spent on CloudWatch metrics this session: GetMetricData is billed per metric asked, so every
//! metrics read is counted here, shown by `:budget`, and kept within `[metrics] max_per_minute`.

use std::collections::VecDeque;

use crate::model::Timestamp;

/// GetMetricData's price in us-east-1: $0.01 per 1,000 metrics asked (other regions differ a little).
pub const USD_PER_METRIC: f64 = 0.01 / 1000.0;
const WINDOW_MS: i64 = 60_000;

#[derive(Debug, Clone, PartialEq, Default)]
pub struct MetricSpend {
    /// Metrics asked this session.
    pub total: u64,
    /// GetMetricData calls made this session.
    pub calls: u64,
    /// Rows (or charts) that waited a round because the minute's allowance was spent.
    pub held_back: u64,
    /// Metrics asked over the last minute, with when.
    recent: VecDeque<(Timestamp, u32)>,
}

impl MetricSpend {
    /// Metrics asked in the minute before `now`.
    pub fn last_minute(&self, now: Timestamp) -> u32 {
        self.recent
            .iter()
            .filter(|(at, _)| now.since(*at) < WINDOW_MS)
            .map(|(_, n)| n)
            .sum()
    }

    /// May `metrics` more be asked now, within `max_per_minute`? A read larger than the allowance (a chart
    /// of many target groups) goes once nothing was asked for a minute, rather than never.
    pub fn allows(&self, metrics: u32, now: Timestamp, max_per_minute: u32) -> bool {
        let last = self.last_minute(now);
        last + metrics <= max_per_minute || (last == 0 && max_per_minute > 0)
    }

    /// How many more may be asked now.
    pub fn room(&self, now: Timestamp, max_per_minute: u32) -> u32 {
        max_per_minute.saturating_sub(self.last_minute(now))
    }

    /// A read asking for `metrics` metrics was sent.
    pub fn asked(&mut self, metrics: u32, now: Timestamp) {
        if metrics == 0 {
            return;
        }
        while self
            .recent
            .front()
            .is_some_and(|(at, _)| now.since(*at) >= WINDOW_MS)
        {
            self.recent.pop_front();
        }
        self.recent.push_back((now, metrics));
        self.total += u64::from(metrics);
        self.calls += 1;
    }

    /// What the metrics asked this session cost, in US dollars.
    pub fn cost_usd(&self) -> f64 {
        self.total as f64 * USD_PER_METRIC
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_minute_allowance_refills_as_the_minute_passes() {
        let t = Timestamp(1_000_000);
        let mut spend = MetricSpend::default();
        spend.asked(150, t);
        assert!(spend.allows(50, t.plus_millis(1_000), 200));
        assert!(!spend.allows(51, t.plus_millis(1_000), 200));
        assert_eq!(spend.room(t.plus_millis(59_999), 200), 50);
        assert_eq!(spend.room(t.plus_millis(60_000), 200), 200);
        spend.asked(100, t.plus_millis(60_000));
        assert_eq!(spend.total, 250);
        // Larger than the allowance: only after a minute with nothing asked.
        let quiet = MetricSpend::default();
        assert!(quiet.allows(300, t, 200));
        assert!(!spend.allows(300, t.plus_millis(60_000), 200));
        assert!(!quiet.allows(1, t, 0));
        assert!((spend.cost_usd() - 0.0025).abs() < 1e-12);
    }
}
