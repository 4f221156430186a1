use crate::backend::BackendError;
use crate::model::Timestamp;

/// Where a resource's reads stand: when it was last fetched, whether a request is out, the last error. Old data
/// stays when a refresh fails, so the screen shows stale data with its age and the error beside it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Status {
    pub fetched_at: Option<Timestamp>,
    pub error: Option<BackendError>,
    /// A request is in flight: at most one per resource.
    pub in_flight: bool,
    /// The request in flight draws on the full rate (the user waits for it), not on polling's share.
    pub urgent: bool,
    /// The calls charged for the request in flight; the last answer's calls once it is answered.
    pub calls: u32,
    /// When the last request was sent, or answered if later: polling waits a full interval after it, so a
    /// slow or failed answer never makes wharf ask again at once.
    pub polled_at: Option<Timestamp>,
    /// The user asked for a refresh while a request was out (or a change made the data old): send another
    /// as soon as it can go, so the ask is not lost.
    pub refresh_requested: bool,
    /// Asked for by something other than a screen (a dialog, a change's settling, a cleanup): its answer is
    /// kept even when no screen shows it.
    pub asked: bool,
    /// Failed answers in a row. A read that failed on a fault waits for the probe (`waits_for_probe`); on
    /// another error (not found, invalid), the first is tried again after the usual interval, each one after
    /// that doubles the wait, up to `MAX_BACKOFF`.
    pub failures: u32,
    /// Due now, whatever the wait after failures: this read is the probe of a fault, or the fault has just
    /// cleared (`polling::probe`). Polling, not urgent: it stays within the share.
    pub retry_now: bool,
    /// When an answer last differed from the one before: unchanged data is polled less often.
    pub changed_at: Option<Timestamp>,
    /// When a screen on the stack, an overlay, a dialog, a change or a cleanup last needed it (`forget`):
    /// an entry no one has needed or read for `forget_after` is dropped, and read again when next needed.
    pub needed_at: Option<Timestamp>,
}

/// The most a failing read waits for its next try, as a multiple of its interval.
pub const MAX_BACKOFF: i64 = 4;
/// ... and in milliseconds, whatever the interval.
pub const MAX_BACKOFF_MS: i64 = 60_000;

impl Status {
    /// The wait before the next request, for a read polled every `interval_ms`: longer after failures.
    pub fn wait_ms(&self, interval_ms: i64) -> i64 {
        if self.failures <= 1 {
            return interval_ms;
        }
        let factor = 1i64 << (self.failures - 1).min(6);
        (interval_ms * factor.min(MAX_BACKOFF)).min(MAX_BACKOFF_MS.max(interval_ms))
    }

    /// Failed on a fault that can clear by itself (`BackendError::may_clear`): tried again only as the probe
    /// of the fault, or once it has cleared (`polling::probe`), not on its own schedule.
    pub fn waits_for_probe(&self) -> bool {
        self.error.as_ref().is_some_and(BackendError::may_clear)
    }

    /// Its last answer was AWS's throttling: the budget, not the fault's probe, decides when it goes again.
    pub fn throttled(&self) -> bool {
        matches!(self.error, Some(BackendError::Throttled { .. }))
    }

    /// Is a new request due? Never while one is in flight; otherwise when forced, asked for, or the wait
    /// after the last request has passed.
    pub fn is_due(&self, now: Timestamp, interval_ms: i64, force: bool) -> bool {
        let wait = self.wait_ms(interval_ms);
        let passed = !self.waits_for_probe() && self.polled_at.is_none_or(|t| now.since(t) >= wait);
        !self.in_flight && (force || self.refresh_requested || self.retry_now || passed)
    }

    /// When the next poll goes, if nothing forces one sooner.
    pub fn next_poll(&self, interval_ms: i64) -> Option<Timestamp> {
        self.polled_at
            .map(|t| t.plus_millis(self.wait_ms(interval_ms)))
    }

    /// When it was last needed or read, whichever is later: what `forget` measures its age from.
    pub fn last_used(&self) -> Option<Timestamp> {
        self.needed_at.max(self.polled_at)
    }

    /// Mark a request as sent.
    pub fn start(&mut self, now: Timestamp, calls: u32, urgent: bool) {
        self.in_flight = true;
        self.urgent = urgent;
        self.calls = calls;
        self.refresh_requested = false;
        self.retry_now = false;
        self.polled_at = Some(now);
    }

    /// Record an answer's outcome (the data, if any, is stored by the caller). `changed`: whether the data
    /// differs from what was there.
    pub fn answered(
        &mut self,
        error: Option<BackendError>,
        calls: u32,
        at: Timestamp,
        changed: bool,
    ) {
        self.in_flight = false;
        self.urgent = false;
        self.asked = false;
        self.calls = calls;
        self.polled_at = self.polled_at.max(Some(at));
        match error {
            None => {
                self.fetched_at = Some(at);
                self.error = None;
                self.failures = 0;
                if changed || self.changed_at.is_none() {
                    self.changed_at = Some(at);
                }
            }
            Some(e) => {
                self.error = Some(e);
                self.failures = self.failures.saturating_add(1);
            }
        }
    }
}

/// A piece of remote data as the UI sees it: what we last got, and where its reads stand.
#[derive(Debug, Clone, PartialEq)]
pub struct Loadable<T> {
    pub data: Option<T>,
    pub status: Status,
}

impl<T> Default for Loadable<T> {
    fn default() -> Self {
        Loadable {
            data: None,
            status: Status::default(),
        }
    }
}

impl<T> Loadable<T> {
    pub fn loaded(data: T, at: Timestamp) -> Self {
        Loadable {
            data: Some(data),
            status: Status {
                fetched_at: Some(at),
                polled_at: Some(at),
                changed_at: Some(at),
                ..Status::default()
            },
        }
    }
}

impl<T: PartialEq> Loadable<T> {
    /// Record the answer to the request in flight.
    pub fn apply(&mut self, result: Result<T, BackendError>, at: Timestamp, calls: u32) {
        match result {
            Ok(data) => {
                let changed = self.data.as_ref() != Some(&data);
                self.data = Some(data);
                self.status.answered(None, calls, at, changed);
            }
            Err(e) => self.status.answered(Some(e), calls, at, false),
        }
    }
}
