use std::fmt;

/// A point in time, milliseconds since the Unix epoch (UTC). The sandbox's clock is virtual, the AWS one real;
/// both speak this type so that `app` never reads a clock itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Timestamp(pub i64);

impl Timestamp {
    pub fn from_secs(secs: i64) -> Self {
        Timestamp(secs * 1000)
    }

    pub fn millis(self) -> i64 {
        self.0
    }

    pub fn plus_millis(self, ms: i64) -> Self {
        Timestamp(self.0 + ms)
    }

    /// Milliseconds from `earlier` to `self`, never negative.
    pub fn since(self, earlier: Timestamp) -> i64 {
        (self.0 - earlier.0).max(0)
    }

    /// `HH:MM:SS` in UTC.
    pub fn clock(self) -> String {
        let secs = self.0.div_euclid(1000).rem_euclid(86_400);
        format!("{:02}:{:02}:{:02}", secs / 3600, secs / 60 % 60, secs % 60)
    }

    /// `14:32`: the time of day to the minute, for times minutes or hours away.
    pub fn clock_minutes(self) -> String {
        let secs = self.0.div_euclid(1000).rem_euclid(86_400);
        format!("{:02}:{:02}", secs / 3600, secs / 60 % 60)
    }
}

/// A short human duration: `45s`, `3m12s`, `2h05m`, `3d4h`.
pub struct Age(pub i64);

impl fmt::Display for Age {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = self.0.max(0) / 1000;
        match s {
            0..60 => write!(f, "{s}s"),
            60..3600 => write!(f, "{}m{:02}s", s / 60, s % 60),
            3600..86_400 => write!(f, "{}h{:02}m", s / 3600, s / 60 % 60),
            _ => write!(f, "{}d{}h", s / 86_400, s / 3600 % 24),
        }
    }
}

/// A past moment as an age: `35s ago`, `3m12s ago`, `2h05m ago`.
pub struct Ago(pub i64);

impl fmt::Display for Ago {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ago", Age(self.0))
    }
}

impl Timestamp {
    /// How long before `now` this was, as `35s ago`.
    pub fn ago(self, now: Timestamp) -> Ago {
        Ago(now.since(self))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_clock_and_age() {
        assert_eq!(Timestamp::from_secs(3600 * 25 + 61).clock(), "01:01:01");
        assert_eq!(Age(999).to_string(), "0s");
        assert_eq!(Age(192_000).to_string(), "3m12s");
        assert_eq!(Age(7_500_000).to_string(), "2h05m");
        assert_eq!(Age(100_000_000).to_string(), "1d3h");
        assert_eq!(Timestamp(5).since(Timestamp(9)), 0);
        assert_eq!(
            Timestamp(1_000).ago(Timestamp(36_000)).to_string(),
            "35s ago"
        );
    }
}
