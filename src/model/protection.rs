//! Task scale-in protection (GetTaskProtection, UpdateTaskProtection): a protected task of a service is left
//! running by scale-in and by deployments until its protection expires (2 h by default, at most 48 h).

use super::Timestamp;

/// The fewest and most minutes UpdateTaskProtection takes, and what it protects for when not told.
pub const PROTECTION_MIN_MINUTES: u32 = 1;
pub const PROTECTION_MAX_MINUTES: u32 = 2880;
pub const PROTECTION_DEFAULT_MINUTES: u32 = 120;

/// One task's scale-in protection, as ECS answers it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct TaskProtection {
    pub task_arn: String,
    pub enabled: bool,
    /// When it ends; `None` when it is off.
    pub expires_at: Option<Timestamp>,
}

impl TaskProtection {
    /// Protected at `now`: on, and not expired.
    pub fn holds(&self, now: Timestamp) -> bool {
        self.enabled && self.expires_at.is_none_or(|at| at > now)
    }

    /// "protected 1h 59m", "not protected", for a cell or a line.
    pub fn describe(&self, now: Timestamp) -> String {
        match (self.holds(now), self.expires_at) {
            (true, Some(at)) => format!("protected {}", left(at.since(now))),
            (true, None) => "protected".into(),
            (false, _) => "not protected".into(),
        }
    }
}

/// "1h 59m", "12m", "40s": how long is left, to the minute once it is over one.
pub fn left(ms: i64) -> String {
    let secs = (ms.max(0) + 999) / 1000;
    match secs {
        s if s < 60 => format!("{s}s"),
        s if s < 3600 => format!("{}m", s / 60),
        s => format!("{}h {:02}m", s / 3600, s % 3600 / 60),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn protection_holds_until_it_expires() {
        let p = TaskProtection {
            task_arn: "t".into(),
            enabled: true,
            expires_at: Some(Timestamp::from_secs(7200)),
        };
        assert!(p.holds(Timestamp::from_secs(0)));
        assert_eq!(p.describe(Timestamp::from_secs(0)), "protected 2h 00m");
        assert_eq!(p.describe(Timestamp::from_secs(7140)), "protected 1m");
        assert!(!p.holds(Timestamp::from_secs(7200)));
        assert_eq!(p.describe(Timestamp::from_secs(7200)), "not protected");
        let off = TaskProtection {
            enabled: false,
            ..p
        };
        assert!(!off.holds(Timestamp::from_secs(0)));
    }
}
