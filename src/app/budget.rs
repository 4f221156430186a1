//! The API budget: one token bucket per ECS throttling category (and one for ELB describes), kept in `State`,
//! refilled by `Tick` and charged with the calls each fetch makes. AWS throttles per account and region, and
//! the console, CI and Terraform draw from the same buckets, so wharf keeps to a share of each.
//!
//! Two levels: reads the user is waiting for (opening a view, refresh, after a change) may use the documented
//! rate; everything else (refreshing what is on screen, rotating the rest) keeps to `share` of it.

use std::collections::VecDeque;

use crate::model::Timestamp;

/// An ECS throttling category, ELB's describes (../shared/notes/ecs-api.md), CloudWatch Logs reads, or
/// CloudWatch and Application Auto Scaling reads (../shared/notes/metrics-scaling.md).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, strum::EnumIter)]
pub enum Category {
    ClusterRead,
    ServiceRead,
    ClusterResourceRead,
    TaskDefinitionRead,
    ServiceDeploymentRead,
    ElbRead,
    /// GetLogEvents and FilterLogEvents, spent only while a logs view is open.
    Logs,
    /// CloudWatch GetMetricData: billed per metric asked, so also kept within `[metrics] max_per_minute`.
    Metrics,
    /// CloudWatch DescribeAlarms and DescribeAlarmsForMetric.
    Alarms,
    /// Application Auto Scaling's describes.
    AutoScaling,
}

impl Category {
    /// AWS's burst and sustained rate (calls a second) for the category.
    pub fn limits(self) -> (f64, f64) {
        match self {
            Category::ClusterRead => (50.0, 20.0),
            Category::ServiceRead => (100.0, 20.0),
            Category::ClusterResourceRead => (100.0, 20.0),
            Category::TaskDefinitionRead => (50.0, 20.0),
            Category::ServiceDeploymentRead => (50.0, 20.0),
            Category::ElbRead => (40.0, 10.0),
            // CloudWatch Logs quotas (AWS General Reference, "Amazon CloudWatch Logs endpoints and quotas",
            // and the Knowledge Center's "How do I determine throttling in my CloudWatch logs?"):
            // GetLogEvents 25 requests a second, FilterLogEvents 5 a second, per account and region, no
            // documented burst. Both are charged here at the lower rate, so neither can be exceeded.
            Category::Logs => (5.0, 5.0),
            // CloudWatch service quotas: GetMetricData 50 transactions a second; DescribeAlarms 9 and
            // DescribeAlarmsForMetric 3, charged here at the lower. No documented burst for either.
            Category::Metrics => (50.0, 50.0),
            Category::Alarms => (3.0, 3.0),
            // Application Auto Scaling documents no per-call rate among its quotas: a cautious 5 a second,
            // 10 at once, like ELB's describes' share.
            Category::AutoScaling => (10.0, 5.0),
        }
    }

    /// As the header and `:budget` name it.
    pub fn label(self) -> &'static str {
        match self {
            Category::ClusterRead => "cluster reads",
            Category::ServiceRead => "service reads",
            Category::ClusterResourceRead => "task reads",
            Category::TaskDefinitionRead => "task definition reads",
            Category::ServiceDeploymentRead => "deployment reads",
            Category::ElbRead => "ELB describes",
            Category::Logs => "log reads",
            Category::Metrics => "metric reads",
            Category::Alarms => "alarm reads",
            Category::AutoScaling => "auto scaling reads",
        }
    }

    fn index(self) -> usize {
        self as usize
    }
}

/// Even reads the user waits for keep a little under AWS's documented rate, and a quarter second of it under
/// the burst: wharf's bucket is refilled when a tick (every 250 ms) or an answer comes, so it can credit up
/// to a tick that AWS's full bucket did not. Measured: without a margin, the first load of 2,000 services
/// was throttled twice, and one ThrottlingException halves the rate for a minute.
const RATE_HEADROOM: f64 = 0.98;
const TICK_MS: f64 = 250.0;

impl Category {
    /// The most wharf's full-rate bucket holds: the burst less a tick of the rate.
    fn cap(self) -> f64 {
        let (burst, rate) = self.limits();
        (burst - rate * TICK_MS / 1000.0).max(1.0)
    }
}

/// Fetches of one category out at once: enough to fill the rate at 100 ms a round trip, few enough to be
/// polite to an emulator.
pub const MAX_IN_FLIGHT: u32 = 8;

/// A throttled category's rate is halved, down to this fraction of its normal rate.
const SLOWEST: f64 = 1.0 / 16.0;
/// Throttling forgotten: the rate doubles back for every minute without it.
const RECOVERY_MS: f64 = 60_000.0;
/// Throttles this close together count as one.
const ONE_THROTTLE_MS: i64 = 2_000;
/// Calls per minute are counted over the last minute.
const WINDOW_MS: i64 = 60_000;

#[derive(Debug, Clone, PartialEq)]
pub struct Bucket {
    /// Tokens at the documented rate, for reads the user waits for. May go below zero after a large read.
    pub tokens: f64,
    /// Tokens at `share` of the rate, for polling. Polling spends from both.
    pub steady: f64,
    /// 1.0 normally; halved on every throttled answer, recovering slowly.
    pub slowed: f64,
    pub throttled_at: Option<Timestamp>,
    /// When the rate was last halved: throttles within `ONE_THROTTLE_MS` of it are the same one.
    halved_at: Option<Timestamp>,
    /// Fetches sent and not answered.
    pub in_flight: u32,
    /// Calls made, with when, over the last minute.
    recent: VecDeque<(Timestamp, u32)>,
    pub total_calls: u64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Budget {
    /// The fraction of each category's sustained rate polling keeps to (`[budget] share`).
    pub share: f64,
    pub buckets: Vec<Bucket>,
    refilled_at: Timestamp,
    /// The poller's last round held a read back for want of tokens: it goes when they refill.
    pub held_back: bool,
}

impl Budget {
    pub fn new(share: f64, now: Timestamp) -> Budget {
        let share = share.clamp(0.01, 1.0);
        let buckets = <Category as strum::IntoEnumIterator>::iter()
            .map(|c| {
                let (burst, _) = c.limits();
                Bucket {
                    tokens: c.cap(),
                    steady: burst * share,
                    slowed: 1.0,
                    throttled_at: None,
                    halved_at: None,
                    in_flight: 0,
                    recent: VecDeque::new(),
                    total_calls: 0,
                }
            })
            .collect();
        Budget {
            share,
            buckets,
            refilled_at: now,
            held_back: false,
        }
    }

    pub fn bucket(&self, category: Category) -> &Bucket {
        &self.buckets[category.index()]
    }

    fn bucket_mut(&mut self, category: Category) -> &mut Bucket {
        &mut self.buckets[category.index()]
    }

    /// The steady bucket's size: a share of the burst, and room for one call at least.
    fn steady_cap(&self, category: Category) -> f64 {
        (category.limits().0 * self.share).max(1.0)
    }

    /// Add the tokens earned since the last refill, at each category's (slowed) rates.
    pub fn refill(&mut self, now: Timestamp) {
        let elapsed = now.since(self.refilled_at);
        if elapsed <= 0 {
            return;
        }
        self.refilled_at = now;
        let seconds = elapsed as f64 / 1000.0;
        let share = self.share;
        for category in <Category as strum::IntoEnumIterator>::iter() {
            let (_, rate) = category.limits();
            let steady_cap = self.steady_cap(category);
            let b = self.bucket_mut(category);
            b.slowed = (b.slowed * 2f64.powf(elapsed as f64 / RECOVERY_MS)).min(1.0);
            b.tokens = (b.tokens + rate * RATE_HEADROOM * b.slowed * seconds).min(category.cap());
            b.steady = (b.steady + rate * share * b.slowed * seconds).min(steady_cap);
            while b
                .recent
                .front()
                .is_some_and(|(at, _)| now.since(*at) > WINDOW_MS)
            {
                b.recent.pop_front();
            }
        }
    }

    /// May a fetch of `calls` calls go now? A read the user waits for needs the documented rate's tokens;
    /// polling also needs the share's. A fetch larger than a bucket goes when the bucket is full.
    pub fn allows(&self, category: Category, calls: u32, urgent: bool) -> bool {
        let b = self.bucket(category);
        if b.in_flight >= MAX_IN_FLIGHT {
            return false;
        }
        let calls = f64::from(calls.max(1));
        let full = b.tokens >= calls.min(category.cap());
        full && (urgent || b.steady >= calls.min(self.steady_cap(category)))
    }

    /// A fetch of about `calls` calls was sent.
    pub fn charge(&mut self, category: Category, calls: u32, urgent: bool) {
        let b = self.bucket_mut(category);
        b.in_flight += 1;
        b.tokens -= f64::from(calls);
        if !urgent {
            b.steady -= f64::from(calls);
        }
    }

    /// Its answer came: `made` calls were made, where `guessed` were charged.
    pub fn settle(
        &mut self,
        category: Category,
        guessed: u32,
        made: u32,
        urgent: bool,
        now: Timestamp,
    ) {
        let b = self.bucket_mut(category);
        b.in_flight = b.in_flight.saturating_sub(1);
        let extra = f64::from(made) - f64::from(guessed);
        b.tokens -= extra;
        if !urgent {
            b.steady -= extra;
        }
        b.total_calls += u64::from(made);
        if made > 0 {
            b.recent.push_back((now, made));
        }
    }

    /// AWS said ThrottlingException: halve the category's rate and empty its buckets. Throttles that come
    /// together (the other requests sent before the first one's answer) halve it once; throttling that goes
    /// on (another client spends most of the account's rate) halves it again every `ONE_THROTTLE_MS`.
    pub fn throttled(&mut self, category: Category, now: Timestamp) {
        let b = self.bucket_mut(category);
        let again = b
            .halved_at
            .is_some_and(|at| now.since(at) < ONE_THROTTLE_MS);
        if !again {
            b.slowed = (b.slowed / 2.0).max(SLOWEST);
            b.halved_at = Some(now);
        }
        b.tokens = b.tokens.min(0.0);
        b.steady = b.steady.min(0.0);
        b.throttled_at = Some(now);
    }

    /// Calls made in the last minute.
    pub fn calls_last_minute(&self, category: Category, now: Timestamp) -> u32 {
        self.bucket(category)
            .recent
            .iter()
            .filter(|(at, _)| now.since(*at) <= WINDOW_MS)
            .map(|(_, n)| n)
            .sum()
    }

    /// The categories slowed down by throttling now.
    pub fn slowed_categories(&self) -> Vec<Category> {
        <Category as strum::IntoEnumIterator>::iter()
            .filter(|c| self.bucket(*c).slowed < 1.0)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Throttles that answer requests sent together halve the rate once; throttling that goes on (another
    /// client spends most of the account's rate) halves it again every 2 s, down to a sixteenth.
    #[test]
    fn throttling_that_goes_on_keeps_halving_the_rate() {
        let start = Timestamp(1_000_000);
        let mut budget = Budget::new(0.25, start);
        let slowed = |b: &Budget| b.bucket(Category::ServiceRead).slowed;
        for ms in (0..1_900).step_by(100) {
            budget.throttled(Category::ServiceRead, start.plus_millis(ms));
        }
        assert_eq!(slowed(&budget), 0.5);
        // One every 100 ms for 10 s more: halved at 2, 4, 6 and 8 s, then held at the floor.
        for ms in (1_900..12_000).step_by(100) {
            budget.throttled(Category::ServiceRead, start.plus_millis(ms));
        }
        assert_eq!(slowed(&budget), SLOWEST);
    }
}
