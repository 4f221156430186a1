use crate::backend::BackendError;
use crate::model::Timestamp;

/// A piece of remote data as the UI sees it: what we last got, when, whether a request is out, the last error.
/// Old data stays when a refresh fails, so the screen shows stale data with its age and the error beside it.
#[derive(Debug, Clone, PartialEq)]
pub struct Loadable<T> {
    pub data: Option<T>,
    pub fetched_at: Option<Timestamp>,
    pub error: Option<BackendError>,
    /// A request is in flight: at most one per resource.
    pub in_flight: bool,
    /// When the last request was sent, or answered if later: polling waits a full interval after it, so a
    /// slow or failed answer never makes wharf ask again at once.
    pub polled_at: Option<Timestamp>,
    /// The user asked for a refresh while a request was out: send another as soon as it is answered, so the
    /// key press is not lost.
    pub refresh_requested: bool,
}

impl<T> Default for Loadable<T> {
    fn default() -> Self {
        Loadable {
            data: None,
            fetched_at: None,
            error: None,
            in_flight: false,
            polled_at: None,
            refresh_requested: false,
        }
    }
}

impl<T> Loadable<T> {
    pub fn loaded(data: T, at: Timestamp) -> Self {
        Loadable {
            data: Some(data),
            fetched_at: Some(at),
            error: None,
            in_flight: false,
            polled_at: Some(at),
            refresh_requested: false,
        }
    }

    /// Record the answer to the request in flight.
    pub fn apply(&mut self, result: Result<T, BackendError>, at: Timestamp) {
        self.in_flight = false;
        self.polled_at = self.polled_at.max(Some(at));
        match result {
            Ok(data) => {
                self.data = Some(data);
                self.fetched_at = Some(at);
                self.error = None;
            }
            Err(e) => self.error = Some(e),
        }
    }

    /// Is a new request due? Never while one is in flight; otherwise when forced or `interval_ms` after the
    /// last request.
    pub fn is_due(&self, now: Timestamp, interval_ms: i64, force: bool) -> bool {
        let interval_passed = self.polled_at.is_none_or(|t| now.since(t) >= interval_ms);
        !self.in_flight && (force || self.refresh_requested || interval_passed)
    }

    /// Mark a request as sent.
    pub fn start(&mut self, now: Timestamp) {
        self.in_flight = true;
        self.refresh_requested = false;
        self.polled_at = Some(now);
    }
}
