//! The request budget in the browser: one [`Bucket`] per API base (each region's API, the auth
//! service, a region's Database API), shared by every [`crate::api::Client`] of this tab, that
//! every HTTP request waits on before it is sent ([`acquire`]) and reports its answer to
//! ([`record`]). The arithmetic is in [`crate::rules::budget`].
//!
//! A host's back-off after a 429 is for the screens to show: [`back_off`] and [`back_offs`] read
//! a signal (tracked), so a view that calls them follows each change.
//!
//! The registry ([`Budgets`]) is pure and host-tested; the thread-local, the clock and the waits
//! are the browser's.

use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap};

use leptos::prelude::{ArcRwSignal, Get, GetUntracked, Set};

pub use crate::rules::budget::{BackOff, Bucket, Limits, Priority, WaitMs};

/// The key of a base: the base without its trailing `/` (`https://api.osc-fr1.scalingo.com`,
/// `/scalingo/osc-fr1`, `/api`).
pub fn key(base: &str) -> String {
    base.trim_end_matches('/').to_string()
}

/// Every host's bucket, by base.
#[derive(Clone, Debug, Default)]
pub struct Budgets {
    buckets: HashMap<String, Bucket>,
}

impl Budgets {
    fn bucket(&mut self, base: &str, now_ms: u64, limits: Limits) -> &mut Bucket {
        let bucket = self
            .buckets
            .entry(key(base))
            .or_insert_with(|| Bucket::new(limits));
        bucket.set_limits(now_ms, limits);
        bucket
    }

    /// A token for a request to `base` now, or how long to wait.
    pub fn take(
        &mut self,
        base: &str,
        now_ms: u64,
        priority: Priority,
        limits: Limits,
    ) -> Result<(), WaitMs> {
        self.bucket(base, now_ms, limits).take(now_ms, priority)
    }

    /// The back-off only (the demo, which spends no tokens).
    pub fn check_back_off(&self, base: &str, now_ms: u64) -> Result<(), WaitMs> {
        self.buckets
            .get(&key(base))
            .map_or(Ok(()), |bucket| bucket.check_back_off(now_ms))
    }

    pub fn user_queued(&mut self, base: &str, now_ms: u64, limits: Limits) {
        self.bucket(base, now_ms, limits).user_queued();
    }

    pub fn user_dequeued(&mut self, base: &str) {
        if let Some(bucket) = self.buckets.get_mut(&key(base)) {
            bucket.user_dequeued();
        }
    }

    /// A request to `base` sent at `sent_ms` was answered `status` at `now_ms`. Returns whether
    /// the host's back-off changed (a 429 starts or extends it; another answer ends it).
    pub fn answered(&mut self, base: &str, sent_ms: u64, now_ms: u64, status: u16) -> bool {
        let Some(bucket) = self.buckets.get_mut(&key(base)) else {
            return false;
        };
        let before = bucket.back_off();
        if status == 429 {
            bucket.on_429(sent_ms, now_ms);
        } else {
            bucket.on_success(sent_ms);
        }
        bucket.back_off() != before
    }

    /// The back-off of every host that has one.
    pub fn back_offs(&self) -> BTreeMap<String, BackOff> {
        self.buckets
            .iter()
            .filter_map(|(base, bucket)| bucket.back_off().map(|b| (base.clone(), b)))
            .collect()
    }
}

thread_local! {
    static BUDGETS: RefCell<Budgets> = RefCell::new(Budgets::default());
    // What the screens read: a copy of `BUDGETS`' back-offs, set when one changes.
    static BACK_OFFS: ArcRwSignal<BTreeMap<String, BackOff>> = ArcRwSignal::new(BTreeMap::new());
}

fn now_ms() -> u64 {
    js_sys::Date::now() as u64
}

/// A user request waiting for a token; polls wait while there is one. Dropped when the request
/// gets its token or is abandoned (its future dropped), so an abandoned wait blocks nothing.
struct Queued {
    base: String,
}

impl Drop for Queued {
    fn drop(&mut self) {
        let _ = BUDGETS.try_with(|budgets| budgets.borrow_mut().user_dequeued(&self.base));
    }
}

/// Waits until a request to `base` may be sent, and takes its token. Returns when it was
/// granted (ms since the epoch), for [`record`].
pub async fn acquire(base: &str, priority: Priority, limits: Limits) -> u64 {
    let mut queued: Option<Queued> = None;
    loop {
        let now = now_ms();
        let taken = BUDGETS.with(|budgets| budgets.borrow_mut().take(base, now, priority, limits));
        match taken {
            Ok(()) => return now,
            Err(WaitMs(wait)) => {
                if priority == Priority::User && queued.is_none() {
                    BUDGETS.with(|budgets| budgets.borrow_mut().user_queued(base, now, limits));
                    queued = Some(Queued { base: key(base) });
                }
                crate::browser::sleep(u32::try_from(wait.clamp(1, 60_000)).unwrap_or(60_000)).await;
            }
        }
    }
}

/// Waits out `base`'s back-off, if any, spending no token (the demo). Returns the time.
pub async fn wait_back_off(base: &str) -> u64 {
    loop {
        let now = now_ms();
        match BUDGETS.with(|budgets| budgets.borrow().check_back_off(base, now)) {
            Ok(()) => return now,
            Err(WaitMs(wait)) => {
                crate::browser::sleep(u32::try_from(wait.clamp(1, 60_000)).unwrap_or(60_000)).await;
            }
        }
    }
}

/// Reports the answer of a request to `base` granted at `sent_ms`: its status, or `None` when
/// none came (a network failure or a timeout says nothing about the budget).
pub fn record(base: &str, sent_ms: u64, status: Option<u16>) {
    let Some(status) = status else {
        return;
    };
    let changed = BUDGETS.with(|budgets| {
        let mut budgets = budgets.borrow_mut();
        budgets
            .answered(base, sent_ms, now_ms(), status)
            .then(|| budgets.back_offs())
    });
    if let Some(back_offs) = changed {
        BACK_OFFS.with(|signal| signal.set(back_offs));
    }
}

/// The back-off of `base` (tracked: a view calling it follows its changes), or `None` while
/// the host answers. [`BackOff::until_ms`] says until when nothing is sent to it.
pub fn back_off(base: &str) -> Option<BackOff> {
    BACK_OFFS.with(|signal| signal.get().get(&key(base)).copied())
}

/// [`back_off`], untracked.
pub fn back_off_untracked(base: &str) -> Option<BackOff> {
    BACK_OFFS.with(|signal| signal.get_untracked().get(&key(base)).copied())
}

/// Every host's back-off, by base (tracked).
pub fn back_offs() -> BTreeMap<String, BackOff> {
    BACK_OFFS.with(|signal| signal.get())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_base_has_its_own_bucket() {
        let limits = Limits::default();
        let mut budgets = Budgets::default();
        for _ in 0..8 {
            assert_eq!(
                budgets.take("/scalingo/osc-fr1", 0, Priority::User, limits),
                Ok(())
            );
        }
        assert!(budgets
            .take("/scalingo/osc-fr1/", 0, Priority::User, limits)
            .is_err());
        assert_eq!(
            budgets.take("/scalingo/auth", 0, Priority::User, limits),
            Ok(())
        );
        assert_eq!(
            budgets.take("/scalingo/osc-secnum-fr1", 0, Priority::User, limits),
            Ok(())
        );
    }

    #[test]
    fn a_429_pauses_its_host_only_and_a_success_ends_it() {
        let limits = Limits::default();
        let mut budgets = Budgets::default();
        budgets.take("/api", 0, Priority::User, limits).unwrap();
        budgets.take("/other", 0, Priority::User, limits).unwrap();
        assert!(budgets.answered("/api", 0, 100, 429));
        assert_eq!(
            budgets.back_offs(),
            BTreeMap::from([(
                "/api".to_string(),
                BackOff {
                    until_ms: 5_100,
                    attempts: 1
                }
            )])
        );
        assert_eq!(budgets.check_back_off("/api", 200), Err(WaitMs(4_900)));
        assert!(budgets.take("/api", 200, Priority::User, limits).is_err());
        assert_eq!(budgets.take("/other", 200, Priority::User, limits), Ok(()));
        // The same again: nothing changed; an answer sent before the 429 ends nothing.
        assert!(!budgets.answered("/api", 0, 150, 429));
        assert!(!budgets.answered("/api", 50, 150, 200));
        assert!(budgets.answered("/api", 5_100, 5_200, 200));
        assert!(budgets.back_offs().is_empty());
        // An unknown base has no bucket to change.
        assert!(!budgets.answered("/never", 0, 0, 429));
    }

    #[test]
    fn polls_wait_for_queued_user_requests() {
        let limits = Limits::default();
        let mut budgets = Budgets::default();
        budgets.user_queued("/api", 0, limits);
        assert!(budgets.take("/api", 0, Priority::Poll, limits).is_err());
        budgets.user_dequeued("/api/");
        assert_eq!(budgets.take("/api", 0, Priority::Poll, limits), Ok(()));
    }
}
