/// How often what is on screen is fetched again, in milliseconds of the backend's clock.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RefreshPolicy {
    /// Lists of clusters and services.
    pub list_ms: i64,
    /// A service's or a task's detail.
    pub detail_ms: i64,
    /// A service whose deployment is in progress: watched closely.
    pub deploying_ms: i64,
}

impl Default for RefreshPolicy {
    fn default() -> Self {
        RefreshPolicy {
            list_ms: 10_000,
            detail_ms: 5_000,
            deploying_ms: 2_000,
        }
    }
}
