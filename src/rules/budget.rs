//! The request budget of one API host, as a pure token bucket: time comes in as `now_ms`.
//!
//! The API allows 60 requests a minute and answers `429 Retry later` above it
//! (`shared/reference/scalingo-api.md` §6). Every HTTP request to a host takes a token from that
//! host's [`Bucket`] before it is sent; [`crate::api::budget`] holds one bucket per base URL and
//! waits when [`Bucket::take`] says so.
//!
//! # Why no 60 s window holds more than `burst + per_minute` requests
//!
//! The bucket holds at most `burst` tokens and gains `per_minute` tokens per `window_ms`,
//! continuously (in integer units: one token is `window_ms` units, one millisecond adds
//! `per_minute` units, so nothing is lost to rounding). Take any window `[t, t + window_ms]`:
//! the tokens granted in it are at most those in the bucket at `t` (≤ `burst`) plus those added
//! during it (≤ `window_ms × per_minute` units = `per_minute` tokens); nothing else adds tokens
//! (a 429 empties the bucket). So at most `burst + per_minute` requests: with the defaults,
//! 8 + 50 = **58** in any minute, 2 below the API's 60, which absorbs the network's jitter
//! (requests sent 60.1 s apart may arrive 59.9 s apart). The configuration refuses limits whose
//! sum exceeds 60 ([`Limits::check`]). The property test below checks this for any sequence of
//! requests.
//!
//! # Priorities
//!
//! [`Priority::User`] (what the user did and the reads it causes) takes any token.
//! [`Priority::Poll`] (status polling) waits while a user request is queued, and takes a token
//! only when [`Limits::poll_reserve`] tokens (default 3) would still be left: polls alone never
//! leave the user with fewer than 3 requests at hand.
//!
//! # After a 429
//!
//! The host is over its limit (another tab or tool shares the token): the bucket is emptied and
//! nothing at all is sent to the host for a pause of `back_off_ms` (5 s), doubled at each
//! further 429 up to `max_back_off_ms` (60 s). The next success resets it.

use serde::Deserialize;

/// What the API allows in any minute.
pub const API_LIMIT_PER_MINUTE: u32 = 60;

/// A request's priority.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Priority {
    /// An action of the user, or a read it causes: served first.
    #[default]
    User,
    /// A status poll: served last, and never with the user's reserve.
    Poll,
}

/// The limits of one host's bucket (`config.json` → `"budget"`; every key optional).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Limits {
    /// Tokens gained per window, continuously: 50.
    pub per_minute: u32,
    /// Tokens the bucket holds at most (the burst after a quiet while): 8.
    pub burst: u32,
    /// The window `per_minute` counts in: 60,000 ms (tests shrink it).
    pub window_ms: u64,
    /// Tokens a poll must leave in the bucket: 3.
    pub poll_reserve: u32,
    /// The pause after a first 429: 5 s.
    pub back_off_ms: u64,
    /// The longest pause, however many 429s follow: 60 s.
    pub max_back_off_ms: u64,
}

impl Limits {
    pub const DEFAULT: Self = Self {
        per_minute: 50,
        burst: 8,
        window_ms: 60_000,
        poll_reserve: 3,
        back_off_ms: 5_000,
        max_back_off_ms: 60_000,
    };

    /// The most requests any window of `window_ms` can hold: `burst + per_minute`.
    pub fn max_in_window(&self) -> u32 {
        self.burst.saturating_add(self.per_minute)
    }

    /// Why these limits cannot be used, if they cannot (for `config.json`'s messages).
    pub fn check(&self) -> Result<(), String> {
        if self.per_minute == 0 || self.burst == 0 || self.window_ms == 0 {
            return Err("per_minute, burst and window_ms must be above 0".into());
        }
        if self.max_in_window() > API_LIMIT_PER_MINUTE {
            return Err(format!(
                "burst + per_minute is {}: above the API's {API_LIMIT_PER_MINUTE} requests a \
                 window, requests would be refused",
                self.max_in_window()
            ));
        }
        if self.poll_reserve >= self.burst {
            return Err(format!(
                "poll_reserve ({}) must be below burst ({}), or polls could never go out",
                self.poll_reserve, self.burst
            ));
        }
        if self.back_off_ms == 0 || self.max_back_off_ms < self.back_off_ms {
            return Err("back_off_ms must be above 0 and at most max_back_off_ms".into());
        }
        Ok(())
    }

    /// Units per token (see the module's doc).
    fn unit(&self) -> u64 {
        self.window_ms.max(1)
    }

    fn capacity(&self) -> u64 {
        u64::from(self.burst).saturating_mul(self.unit())
    }
}

impl Default for Limits {
    fn default() -> Self {
        Self::DEFAULT
    }
}

/// How long to wait before asking again, in milliseconds (at least 1).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct WaitMs(pub u64);

/// A host's pause after a 429.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BackOff {
    /// Nothing is sent to the host before this time (ms since the epoch). It may be past: the
    /// back-off lasts until a request succeeds, so the next 429 pauses longer.
    pub until_ms: u64,
    /// The 429s in a row so far (1 after the first).
    pub attempts: u32,
}

impl BackOff {
    /// Milliseconds left in the pause at `now_ms` (0 once it is over).
    pub fn remaining_ms(&self, now_ms: u64) -> u64 {
        self.until_ms.saturating_sub(now_ms)
    }
}

/// One host's token bucket.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Bucket {
    limits: Limits,
    /// In units of `1 / window_ms` token.
    level: u64,
    /// When `level` was last brought up to date; `None` before the first request (full).
    updated_ms: Option<u64>,
    /// User requests waiting for a token: polls wait while there are any.
    users_waiting: u32,
    back_off: Option<BackOff>,
    /// When the back-off started: only an answer to a request sent since then ends or extends
    /// it (a success sent before the 429 proves nothing).
    back_off_since_ms: u64,
}

impl Bucket {
    /// A full bucket.
    pub fn new(limits: Limits) -> Self {
        Self {
            limits,
            level: limits.capacity(),
            updated_ms: None,
            users_waiting: 0,
            back_off: None,
            back_off_since_ms: 0,
        }
    }

    pub fn limits(&self) -> Limits {
        self.limits
    }

    /// New limits from now on (the tokens at hand stay, up to the new capacity).
    pub fn set_limits(&mut self, now_ms: u64, limits: Limits) {
        if limits != self.limits {
            self.refill(now_ms);
            let tokens = self.level / self.limits.unit();
            self.limits = limits;
            self.level = tokens.saturating_mul(limits.unit()).min(limits.capacity());
        }
    }

    /// Whole tokens at hand at `now_ms`.
    pub fn tokens(&mut self, now_ms: u64) -> u64 {
        self.refill(now_ms);
        self.level / self.limits.unit()
    }

    /// Adds what the time since the last update gives. A clock going backwards adds nothing
    /// (and the last update time never moves back).
    fn refill(&mut self, now_ms: u64) {
        let Some(updated) = self.updated_ms else {
            self.updated_ms = Some(now_ms);
            return;
        };
        if now_ms > updated {
            let gained = (now_ms - updated).saturating_mul(u64::from(self.limits.per_minute));
            self.level = self
                .level
                .saturating_add(gained)
                .min(self.limits.capacity());
            self.updated_ms = Some(now_ms);
        }
    }

    /// Milliseconds until the bucket holds `units`.
    fn wait_for(&self, units: u64) -> u64 {
        let missing = units.saturating_sub(self.level);
        missing
            .div_ceil(u64::from(self.limits.per_minute.max(1)))
            .max(1)
    }

    /// Takes a token to send a request now, or says how long to wait before asking again.
    pub fn take(&mut self, now_ms: u64, priority: Priority) -> Result<(), WaitMs> {
        self.refill(now_ms);
        if let Some(back_off) = self.back_off {
            if now_ms < back_off.until_ms {
                return Err(WaitMs(back_off.until_ms - now_ms));
            }
        }
        let unit = self.limits.unit();
        let needed = match priority {
            Priority::User => unit,
            Priority::Poll => unit.saturating_mul(u64::from(self.limits.poll_reserve) + 1),
        };
        if priority == Priority::Poll && self.users_waiting > 0 {
            // Ask again once a token more has come: the user requests go first.
            return Err(WaitMs(self.wait_for(self.level.saturating_add(unit))));
        }
        if self.level >= needed {
            self.level -= unit;
            Ok(())
        } else {
            Err(WaitMs(self.wait_for(needed)))
        }
    }

    /// Only the back-off applies (the demo: no network, no tokens).
    pub fn check_back_off(&self, now_ms: u64) -> Result<(), WaitMs> {
        match self.back_off {
            Some(back_off) if now_ms < back_off.until_ms => Err(WaitMs(back_off.until_ms - now_ms)),
            _ => Ok(()),
        }
    }

    /// A user request starts waiting for a token.
    pub fn user_queued(&mut self) {
        self.users_waiting = self.users_waiting.saturating_add(1);
    }

    /// A user request stopped waiting (it got its token, or was abandoned).
    pub fn user_dequeued(&mut self) {
        self.users_waiting = self.users_waiting.saturating_sub(1);
    }

    pub fn users_waiting(&self) -> u32 {
        self.users_waiting
    }

    /// A request sent at `sent_ms` was answered 429 at `now_ms`: the bucket is emptied and the
    /// host paused, twice as long as the last time (up to the maximum). Several requests in
    /// flight that all get a 429 count as one. Returns the back-off in force.
    pub fn on_429(&mut self, sent_ms: u64, now_ms: u64) -> BackOff {
        self.refill(now_ms);
        self.level = 0;
        if let Some(current) = self.back_off {
            if sent_ms < self.back_off_since_ms {
                return current;
            }
        }
        let attempts = self.back_off.map_or(0, |b| b.attempts).saturating_add(1);
        let doubling = 1u64.checked_shl(attempts - 1).unwrap_or(u64::MAX);
        let pause = self
            .limits
            .back_off_ms
            .saturating_mul(doubling)
            .min(self.limits.max_back_off_ms);
        let back_off = BackOff {
            until_ms: now_ms.saturating_add(pause),
            attempts,
        };
        self.back_off = Some(back_off);
        self.back_off_since_ms = now_ms;
        back_off
    }

    /// A request sent at `sent_ms` was answered (anything but a 429): a back-off in force since
    /// before it was sent ends. Returns whether one ended.
    pub fn on_success(&mut self, sent_ms: u64) -> bool {
        if self.back_off.is_some() && sent_ms >= self.back_off_since_ms {
            self.back_off = None;
            return true;
        }
        false
    }

    /// The back-off in force, if any (see [`BackOff::until_ms`]).
    pub fn back_off(&self) -> Option<BackOff> {
        self.back_off
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MIN: u64 = 60_000;

    fn drain(bucket: &mut Bucket, now: u64, priority: Priority) -> u32 {
        let mut granted = 0;
        while bucket.take(now, priority).is_ok() {
            granted += 1;
        }
        granted
    }

    #[test]
    fn the_defaults_allow_58_in_a_minute() {
        let limits = Limits::default();
        assert_eq!(limits.check(), Ok(()));
        assert_eq!(limits.max_in_window(), 58);
        let mut bucket = Bucket::new(limits);
        assert_eq!(drain(&mut bucket, 1_000, Priority::User), 8);
        // One token every 1.2 s afterwards.
        assert_eq!(bucket.take(1_000, Priority::User), Err(WaitMs(1_200)));
        assert_eq!(bucket.take(2_199, Priority::User), Err(WaitMs(1)));
        assert_eq!(bucket.take(2_200, Priority::User), Ok(()));
        let mut granted = 9;
        let mut now = 2_200;
        while now <= 1_000 + MIN {
            if bucket.take(now, Priority::User).is_ok() {
                granted += 1;
            }
            now += 100;
        }
        assert_eq!(granted, 58);
    }

    #[test]
    fn a_quiet_while_gives_the_burst_back_and_no_more() {
        let mut bucket = Bucket::new(Limits::default());
        drain(&mut bucket, 0, Priority::User);
        assert_eq!(bucket.tokens(10 * MIN), 8);
        assert_eq!(drain(&mut bucket, 10 * MIN, Priority::User), 8);
        // A clock going backwards gives nothing.
        assert_eq!(bucket.tokens(0), 0);
        assert!(bucket.take(5 * MIN, Priority::User).is_err());
    }

    #[test]
    fn polls_leave_the_reserve_to_the_user() {
        let mut bucket = Bucket::new(Limits::default());
        assert_eq!(drain(&mut bucket, 0, Priority::Poll), 5);
        assert_eq!(bucket.tokens(0), 3);
        // A poll waits until a 4th token is there.
        assert_eq!(bucket.take(0, Priority::Poll), Err(WaitMs(1_200)));
        assert_eq!(drain(&mut bucket, 0, Priority::User), 3);
        // Now it needs 4 tokens: 4.8 s.
        assert_eq!(bucket.take(0, Priority::Poll), Err(WaitMs(4_800)));
        assert_eq!(bucket.take(4_800, Priority::Poll), Ok(()));
    }

    #[test]
    fn polls_wait_while_a_user_request_is_queued() {
        let mut bucket = Bucket::new(Limits::default());
        bucket.user_queued();
        assert_eq!(bucket.users_waiting(), 1);
        assert!(bucket.take(0, Priority::Poll).is_err());
        assert_eq!(bucket.take(0, Priority::User), Ok(()));
        bucket.user_dequeued();
        assert_eq!(bucket.take(0, Priority::Poll), Ok(()));
        bucket.user_dequeued();
        assert_eq!(bucket.users_waiting(), 0);
    }

    #[test]
    fn a_429_pauses_the_host_longer_each_time_until_a_success() {
        let mut bucket = Bucket::new(Limits::default());
        let first = bucket.on_429(0, 1_000);
        assert_eq!(
            first,
            BackOff {
                until_ms: 6_000,
                attempts: 1
            }
        );
        assert_eq!(bucket.take(1_000, Priority::User), Err(WaitMs(5_000)));
        assert_eq!(bucket.check_back_off(5_999), Err(WaitMs(1)));
        assert_eq!(bucket.check_back_off(6_000), Ok(()));
        // The bucket was emptied: after the pause, tokens come at the usual pace.
        assert_eq!(bucket.tokens(6_000), 4);
        // Another request in flight since before the 429 does not double the pause...
        assert_eq!(bucket.on_429(500, 1_200), first);
        // ...nor does its success end it.
        assert!(!bucket.on_success(500));
        // A request sent after the pause gets a 429: 10 s, then 20, 40, 60, 60.
        assert_eq!(bucket.on_429(6_000, 6_100).until_ms, 16_100);
        let mut now = 16_100;
        for expected in [20_000, 40_000, 60_000, 60_000] {
            let back_off = bucket.on_429(now, now);
            assert_eq!(back_off.until_ms - now, expected);
            now = back_off.until_ms;
        }
        assert_eq!(bucket.back_off().unwrap().attempts, 6);
        assert!(bucket.on_success(now));
        assert_eq!(bucket.back_off(), None);
        assert_eq!(bucket.on_429(now, now).attempts, 1);
        for _ in 0..100 {
            bucket.on_429(now, now);
        }
        assert_eq!(bucket.back_off().unwrap().remaining_ms(now), 60_000);
    }

    #[test]
    fn limits_that_cannot_work_are_refused() {
        let with = |change: fn(&mut Limits)| {
            let mut limits = Limits::default();
            change(&mut limits);
            limits.check()
        };
        assert!(with(|l| l.per_minute = 55).unwrap_err().contains("63"));
        assert_eq!(with(|l| l.per_minute = 52), Ok(()));
        assert!(with(|l| l.burst = 0).is_err());
        assert!(with(|l| l.window_ms = 0).is_err());
        assert!(with(|l| l.poll_reserve = 8)
            .unwrap_err()
            .contains("poll_reserve"));
        assert!(with(|l| l.back_off_ms = 0).is_err());
        assert!(with(|l| l.max_back_off_ms = 1_000).is_err());
        let shrunk: Limits = serde_json::from_str(
            r#"{"per_minute":10,"burst":2,"window_ms":1000,"poll_reserve":1}"#,
        )
        .unwrap();
        assert_eq!(shrunk.check(), Ok(()));
        assert_eq!(shrunk.back_off_ms, 5_000);
        assert!(serde_json::from_str::<Limits>(r#"{"per_second":1}"#).is_err());
    }

    #[test]
    fn new_limits_keep_the_tokens_at_hand() {
        let mut bucket = Bucket::new(Limits::default());
        drain(&mut bucket, 0, Priority::User);
        bucket.set_limits(
            0,
            Limits {
                burst: 4,
                ..Limits::default()
            },
        );
        assert_eq!(bucket.tokens(0), 0);
        assert_eq!(bucket.tokens(10 * MIN), 4);
        assert_eq!(bucket.limits().burst, 4);
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod properties {
    use super::*;
    use proptest::prelude::*;

    #[derive(Clone, Debug)]
    enum Event {
        Ask { after_ms: u64, poll: bool },
        Queue,
        Dequeue,
        TooMany,
        Answered,
    }

    fn event() -> impl Strategy<Value = Event> {
        prop_oneof![
            // Mostly dense requests (faster than any refill), sometimes a pause or a quiet
            // while that fills the bucket again; now and then a queue, a 429, a success.
            40 => (0u64..10, any::<bool>()).prop_map(|(tens, poll)| Event::Ask { after_ms: tens * 10, poll }),
            4 => (0u64..5_000, any::<bool>()).prop_map(|(after_ms, poll)| Event::Ask { after_ms, poll }),
            2 => (0u64..120_000, any::<bool>()).prop_map(|(after_ms, poll)| Event::Ask { after_ms, poll }),
            1 => Just(Event::Queue),
            1 => Just(Event::Dequeue),
            1 => Just(Event::TooMany),
            1 => Just(Event::Answered),
        ]
    }

    fn limits() -> impl Strategy<Value = Limits> {
        (
            1u32..=50,
            1u32..=10,
            prop_oneof![Just(1_000u64), Just(6_000), Just(60_000), 1_000u64..=60_000],
        )
            .prop_flat_map(|(per_minute, burst, window_ms)| {
                (0..burst).prop_map(move |poll_reserve| Limits {
                    per_minute,
                    burst,
                    window_ms,
                    poll_reserve,
                    ..Limits::default()
                })
            })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        /// For any limits and any sequence of requests, priorities, queues and 429s, no window
        /// of `window_ms` (both ends included) holds more than `burst + per_minute` grants.
        #[test]
        fn no_window_holds_more_than_the_limit(limits in limits(), events in proptest::collection::vec(event(), 1..2_000)) {
            let mut bucket = Bucket::new(limits);
            let mut now = 0u64;
            let mut granted: Vec<u64> = Vec::new();
            for event in events {
                match event {
                    Event::Ask { after_ms, poll } => {
                        now += after_ms;
                        let priority = if poll { Priority::Poll } else { Priority::User };
                        match bucket.take(now, priority) {
                            Ok(()) => granted.push(now),
                            Err(WaitMs(wait)) => prop_assert!(wait >= 1),
                        }
                    }
                    Event::Queue => bucket.user_queued(),
                    Event::Dequeue => bucket.user_dequeued(),
                    Event::TooMany => { bucket.on_429(now, now); }
                    Event::Answered => { bucket.on_success(now); }
                }
            }
            let mut start = 0;
            for end in 0..granted.len() {
                while granted[end] - granted[start] > limits.window_ms {
                    start += 1;
                }
                let in_window = (end - start + 1) as u32;
                prop_assert!(in_window <= limits.max_in_window(), "{} in a window, limit {}", in_window, limits.max_in_window());
            }
        }

        /// Polls alone never take the user's reserve.
        #[test]
        fn polls_alone_keep_the_reserve(limits in limits(), gaps in proptest::collection::vec(0u64..5_000, 1..200)) {
            let mut bucket = Bucket::new(limits);
            let mut now = 0;
            for gap in gaps {
                now += gap;
                if bucket.take(now, Priority::Poll).is_ok() {
                    prop_assert!(bucket.tokens(now) >= u64::from(limits.poll_reserve));
                }
            }
        }
    }
}
