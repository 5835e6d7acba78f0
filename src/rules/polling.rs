//! When to read a database's status again: a pure schedule that a small effect follows.
//!
//! Only a database in transition is polled, and never while the tab is hidden. Reads come every
//! 10 s for the first 3 minutes (a plan change between multi-node plans takes 2 to 3), every
//! 30 s until 15 minutes (a plan change takes about 15), then every minute (provisioning
//! "typically takes 15–30 minutes"). One poll is one request of the 60 a minute the API allows
//! (`shared/reference/lifecycle-api.md` §2, §9). Every number comes from `config.json`'s
//! optional `"polling"` object, so tests can shrink them.

use serde::Deserialize;

use crate::rules::Status;

/// What people are told when a database is still provisioning after
/// [`Schedule::overdue_after_ms`].
pub const OVERDUE_MESSAGE: &str = "Still provisioning after 45 minutes: this is longer than \
usual. Check Scalingo's status page, then contact support with the database id.";

/// The polling schedule (`config.json` → `"polling"`; every key optional).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Schedule {
    /// The interval at first: 10 s.
    pub first_ms: u64,
    /// The interval from [`Schedule::later_after_ms`]: 30 s.
    pub later_ms: u64,
    /// The interval from [`Schedule::slow_after_ms`]: 60 s.
    pub slow_ms: u64,
    /// When the first interval gives way to the later one: 3 minutes.
    pub later_after_ms: u64,
    /// When the later interval gives way to the slow one: 15 minutes.
    pub slow_after_ms: u64,
    /// When a database still provisioning is reported as taking too long: 45 minutes.
    pub overdue_after_ms: u64,
}

impl Schedule {
    pub const DEFAULT: Self = Self {
        first_ms: 10_000,
        later_ms: 30_000,
        slow_ms: 60_000,
        later_after_ms: 3 * 60_000,
        slow_after_ms: 15 * 60_000,
        overdue_after_ms: 45 * 60_000,
    };

    /// The smallest interval accepted: a tenth of a second (tests shrink the schedule, nothing
    /// should spin).
    pub const MIN_INTERVAL_MS: u64 = 100;

    /// Why this schedule cannot be used, if it cannot (for `config.json`'s messages).
    pub fn check(&self) -> Result<(), String> {
        if self.first_ms < Self::MIN_INTERVAL_MS {
            return Err(format!(
                "first_ms: {} is below {} ms",
                self.first_ms,
                Self::MIN_INTERVAL_MS
            ));
        }
        if !(self.first_ms <= self.later_ms && self.later_ms <= self.slow_ms) {
            return Err("the intervals must not shrink: first_ms ≤ later_ms ≤ slow_ms".into());
        }
        if self.later_after_ms > self.slow_after_ms {
            return Err("later_after_ms must not come after slow_after_ms".into());
        }
        if self.overdue_after_ms == 0 {
            return Err("overdue_after_ms must be above 0".into());
        }
        Ok(())
    }

    /// The interval in force `elapsed_ms` after the transition started (or the page opened).
    pub fn interval(&self, elapsed_ms: u64) -> u64 {
        if elapsed_ms < self.later_after_ms {
            self.first_ms
        } else if elapsed_ms < self.slow_after_ms {
            self.later_ms
        } else {
            self.slow_ms
        }
    }

    /// How long to wait before the next read, `elapsed_ms` after the transition started (or
    /// the page opened): `None` when there is nothing to wait for (the status is not a
    /// transition) or nobody to show it to (the tab is hidden: read again once it is shown).
    pub fn next_read(&self, status: Status, elapsed_ms: u64, hidden: bool) -> Option<u64> {
        (status.is_transition() && !hidden).then(|| self.interval(elapsed_ms))
    }

    /// Whether a database still [`Status::Provisioning`] `elapsed_ms` after it started is
    /// taking too long, and [`OVERDUE_MESSAGE`] should be shown.
    pub fn overdue(&self, status: Status, elapsed_ms: u64) -> bool {
        status == Status::Provisioning && elapsed_ms >= self.overdue_after_ms
    }
}

impl Default for Schedule {
    fn default() -> Self {
        Self::DEFAULT
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MIN: u64 = 60_000;

    #[test]
    fn only_transitions_are_polled_and_only_when_shown() {
        let schedule = Schedule::default();
        for status in Status::ALL {
            let next = schedule.next_read(status, 0, false);
            assert_eq!(next.is_some(), status.is_transition(), "{status:?}");
            assert_eq!(schedule.next_read(status, 0, true), None, "{status:?}");
        }
        assert_eq!(schedule.next_read(Status::Running, 20 * MIN, false), None);
        assert_eq!(schedule.next_read(Status::Unknown, 0, false), None);
    }

    #[test]
    fn the_interval_slows_down_at_3_and_15_minutes() {
        let s = Schedule::default();
        let next = |elapsed| s.next_read(Status::Provisioning, elapsed, false);
        assert_eq!(next(0), Some(10_000));
        assert_eq!(next(3 * MIN - 1), Some(10_000));
        assert_eq!(next(3 * MIN), Some(30_000));
        assert_eq!(next(15 * MIN - 1), Some(30_000));
        assert_eq!(next(15 * MIN), Some(60_000));
        assert_eq!(next(10 * 60 * MIN), Some(60_000));
        assert_eq!(s.next_read(Status::Updating, 4 * MIN, false), Some(30_000));
        assert_eq!(
            s.next_read(Status::Migrating, 16 * MIN, false),
            Some(60_000)
        );
        assert_eq!(s.next_read(Status::Upgrading, 0, false), Some(10_000));
    }

    #[test]
    fn provisioning_is_overdue_after_45_minutes() {
        let s = Schedule::default();
        assert!(!s.overdue(Status::Provisioning, 45 * MIN - 1));
        assert!(s.overdue(Status::Provisioning, 45 * MIN));
        assert!(s.overdue(Status::Provisioning, 5 * 60 * MIN));
        // Other statuses have their own durations; a plan change is not "provisioning".
        assert!(!s.overdue(Status::Updating, 60 * MIN));
        assert!(!s.overdue(Status::Running, 60 * MIN));
        assert!(OVERDUE_MESSAGE.contains("45 minutes") && OVERDUE_MESSAGE.contains("support"));
    }

    #[test]
    fn a_shrunk_schedule_for_tests() {
        let s: Schedule = serde_json::from_str(
            r#"{"first_ms":100,"later_ms":200,"slow_ms":400,"later_after_ms":1000,"slow_after_ms":2000,"overdue_after_ms":3000}"#,
        )
        .unwrap();
        assert_eq!(s.check(), Ok(()));
        assert_eq!(s.next_read(Status::Provisioning, 999, false), Some(100));
        assert_eq!(s.next_read(Status::Provisioning, 1000, false), Some(200));
        assert_eq!(s.next_read(Status::Provisioning, 2000, false), Some(400));
        assert!(s.overdue(Status::Provisioning, 3000));
        // Missing keys take the defaults.
        let partial: Schedule = serde_json::from_str(r#"{"first_ms":5000}"#).unwrap();
        assert_eq!(partial.later_ms, 30_000);
        assert!(serde_json::from_str::<Schedule>(r#"{"fast_ms":1}"#).is_err());
    }

    #[test]
    fn schedules_that_cannot_work_are_refused() {
        let with = |change: fn(&mut Schedule)| {
            let mut s = Schedule::default();
            change(&mut s);
            s.check()
        };
        assert_eq!(Schedule::default().check(), Ok(()));
        assert!(with(|s| s.first_ms = 0).unwrap_err().contains("first_ms"));
        assert!(with(|s| s.later_ms = 1_000).is_err());
        assert!(with(|s| s.slow_ms = 20_000).is_err());
        assert!(with(|s| s.later_after_ms = 16 * MIN).is_err());
        assert!(with(|s| s.overdue_after_ms = 0).is_err());
    }
}
