//! How virtual time moves: only when told (tests), or with real time at some speed (the sandbox UI).

use std::time::{Instant, SystemTime, UNIX_EPOCH};

use crate::model::Timestamp;

/// How a [`super::Sim`]'s virtual clock moves.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum SimClock {
    /// Time moves only when `Sim::advance` is called.
    Manual,
    /// Before each backend call, the world catches up with real elapsed time × `speed`.
    Realtime { speed: f64 },
}

/// The most virtual time one catch-up runs (after a laptop sleeps, say): ten minutes.
pub const MAX_CATCH_UP_MS: i64 = 10 * 60_000;

/// 2026-01-01T09:00:00Z: where manual clocks start, so that tests see the same times on every run.
pub const MANUAL_START: Timestamp = Timestamp(1_767_258_000_000);

/// The system's wall clock, for realtime sandboxes whose event times should look right.
pub fn system_now() -> Timestamp {
    let ms = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64);
    Timestamp(ms)
}

/// Turns real elapsed time into whole virtual milliseconds, carrying the fractions.
#[derive(Debug)]
pub(crate) struct Pacer {
    last: Instant,
    carry: f64,
}

impl Pacer {
    pub fn new() -> Pacer {
        Pacer {
            last: Instant::now(),
            carry: 0.0,
        }
    }

    /// Virtual milliseconds due since the last call.
    pub fn take(&mut self, speed: f64) -> i64 {
        let now = Instant::now();
        let real = now.duration_since(self.last).as_secs_f64() * 1000.0;
        self.last = now;
        let due = real * speed.max(0.0) + self.carry;
        let whole = due.floor();
        self.carry = due - whole;
        (whole as i64).min(MAX_CATCH_UP_MS)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn manual_start_is_new_year_nine_utc() {
        assert_eq!(MANUAL_START.clock(), "09:00:00");
        assert_eq!(MANUAL_START.millis() % 86_400_000, 9 * 3_600_000);
    }

    #[test]
    fn pacer_never_goes_backwards() {
        let mut p = Pacer::new();
        assert!(p.take(1.0) >= 0);
        assert_eq!(p.take(0.0), 0);
    }
}
