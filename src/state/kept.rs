//! A read whose last good answer stays on screen: while it is read again, and when reading it
//! again fails (the failure is said above it, with since when the answer is shown). Not a
//! `LocalResource`: that forgets its value on a failure and cannot say a refresh is under way.

use std::future::Future;

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::ApiError;

/// A good answer and when it came, in ms since the epoch.
#[derive(Clone, Debug, PartialEq)]
pub struct Dated<T> {
    pub value: T,
    pub at_ms: f64,
}

/// What a kept read has to show. `Copy`, like the signals it holds.
pub struct KeptRead<T: Send + Sync + 'static> {
    good: RwSignal<Option<Dated<T>>>,
    failed: RwSignal<Option<Dated<ApiError>>>,
    pending: RwSignal<bool>,
    /// Each load's number: only the newest one's answer is kept.
    generation: StoredValue<u64>,
}

impl<T: Send + Sync + 'static> Clone for KeptRead<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T: Send + Sync + 'static> Copy for KeptRead<T> {}

impl<T: Clone + Send + Sync + 'static> KeptRead<T> {
    /// A read with nothing yet, or with an answer kept from earlier (shown until a new one).
    pub fn new(kept: Option<Dated<T>>) -> Self {
        Self {
            good: RwSignal::new(kept),
            failed: RwSignal::new(None),
            pending: RwSignal::new(false),
            generation: StoredValue::new(0),
        }
    }

    /// Reads again: the answer replaces the value shown, a failure is kept beside it.
    pub fn load(&self, read: impl Future<Output = Result<T, ApiError>> + 'static) {
        self.load_with(read, |_| false);
    }

    /// A poll: like [`KeptRead::load`], but a failure that passes (429, 503, the network, a
    /// timeout) is not kept: the next poll is the retry, and a blip is not worth a notice.
    pub fn poll(&self, read: impl Future<Output = Result<T, ApiError>> + 'static) {
        self.load_with(read, crate::api::retry::worth_retrying);
    }

    fn load_with(
        &self,
        read: impl Future<Output = Result<T, ApiError>> + 'static,
        quiet: fn(&ApiError) -> bool,
    ) {
        let this = *self;
        let generation = self.generation.get_value() + 1;
        self.generation.set_value(generation);
        self.pending.set(true);
        spawn_local(async move {
            let result = read.await;
            // The page may be gone, or a newer load started: then this answer is not wanted.
            if this.generation.try_get_value() != Some(generation) {
                return;
            }
            let at_ms = js_sys::Date::now();
            match result {
                Ok(value) => {
                    this.good.try_set(Some(Dated { value, at_ms }));
                    this.failed.try_set(None);
                }
                Err(error) if quiet(&error) => {}
                Err(error) => {
                    this.failed.try_set(Some(Dated {
                        value: error,
                        at_ms,
                    }));
                }
            }
            this.pending.try_set(false);
        });
    }

    /// Reads the last good answer without tracking.
    pub fn with_good_untracked<R>(&self, read: impl FnOnce(Option<&Dated<T>>) -> R) -> R {
        self.good.with_untracked(|good| read(good.as_ref()))
    }

    /// Forgets what was read (another database in the same page): nothing is shown until the
    /// next answer.
    pub fn forget(&self) {
        self.generation.update_value(|g| *g += 1);
        self.good.set(None);
        self.failed.set(None);
    }

    /// The last good answer (tracked).
    pub fn good(&self) -> Option<Dated<T>> {
        self.good.get()
    }

    /// Reads the last good answer without cloning it (tracked).
    pub fn with_good<R>(&self, read: impl FnOnce(Option<&Dated<T>>) -> R) -> R {
        self.good.with(|good| read(good.as_ref()))
    }

    /// Whether an answer is there to show (tracked).
    pub fn has_good(&self) -> bool {
        self.good.with(Option::is_some)
    }

    /// The failure of the last load, while no newer answer came (tracked).
    pub fn failed(&self) -> Option<Dated<ApiError>> {
        self.failed.get()
    }

    /// Whether a load is under way (tracked).
    pub fn pending(&self) -> bool {
        self.pending.get()
    }
}
