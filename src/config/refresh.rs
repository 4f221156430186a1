//! The refresh policy: polling intervals, the share of AWS's rates polling may spend, and how long what no
//! screen needs is kept. Settings build it and the poller in `app` reads it, so it lives in `config`, below
//! both; `app` re-exports it.

/// How often what is on screen is fetched again, in milliseconds of the backend's clock, and the share of
/// AWS's rates polling keeps to.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RefreshPolicy {
    /// Lists of clusters and tasks, and the services table's rows on screen.
    pub list_ms: i64,
    /// A service's or a task's detail.
    pub detail_ms: i64,
    /// A service whose deployment is in progress, or whose targets are registering or draining.
    pub deploying_ms: i64,
    /// ListServices again, to find services added or removed.
    pub listing_ms: i64,
    /// The services table's rows off screen, rotated within the budget.
    pub background_ms: i64,
    /// Data unchanged for this long is polled half as often (and a quarter as often after twice as long).
    pub quiet_after_ms: i64,
    /// The fraction of each category's sustained rate polling spends (`[budget] share`).
    pub share: f64,
    /// What no screen, dialog, change or cleanup has needed (or read) for this long is dropped from the
    /// cache, and read again when next needed (`[cache] forget_after`).
    pub forget_after_ms: i64,
    /// `[metrics]`: CPU and memory beside the services, charts on a service's screen.
    pub metrics: MetricsPolicy,
}

/// `[metrics]`: whether wharf reads CloudWatch metrics, how often, and how many a minute at most (each is
/// billed: GetMetricData costs about $0.01 per 1,000 metrics asked).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MetricsPolicy {
    pub enabled: bool,
    /// A row's metrics, and a chart, are read again after this (CloudWatch has a point a minute).
    pub interval_ms: i64,
    /// Metrics asked for in any minute, all reads together.
    pub max_per_minute: u32,
}

impl Default for MetricsPolicy {
    fn default() -> Self {
        MetricsPolicy {
            enabled: true,
            interval_ms: 60_000,
            max_per_minute: 200,
        }
    }
}

impl Default for RefreshPolicy {
    fn default() -> Self {
        RefreshPolicy {
            list_ms: 10_000,
            detail_ms: 5_000,
            deploying_ms: 2_000,
            listing_ms: 60_000,
            background_ms: 120_000,
            quiet_after_ms: 300_000,
            share: 0.25,
            forget_after_ms: 600_000,
            metrics: MetricsPolicy::default(),
        }
    }
}

impl RefreshPolicy {
    /// The interval for data polled every `base_ms` that last changed at `changed_at`: longer when it has
    /// been quiet for minutes. Fast intervals (a rollout) are never stretched.
    pub fn adapted(
        &self,
        base_ms: i64,
        changed_at: Option<crate::model::Timestamp>,
        now: crate::model::Timestamp,
    ) -> i64 {
        if base_ms <= self.deploying_ms {
            return base_ms;
        }
        let quiet = changed_at.map_or(0, |t| now.since(t));
        if quiet >= 2 * self.quiet_after_ms {
            base_ms * 4
        } else if quiet >= self.quiet_after_ms {
            base_ms * 2
        } else {
            base_ms
        }
    }
}
