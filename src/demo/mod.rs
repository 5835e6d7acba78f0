//! The in-browser demo backend: `crates/model`'s `Store` (the same semantics as devapi) kept in
//! `localStorage`, answering through `model::reply::dispatch`, with injectable faults
//! ([`faults`]) so every state of the console can be seen without an account.
//!
//! It answers with a status and a body, as a server would, and knows nothing of the API client
//! that reads them (the client imports this module, never the other way round).

pub mod faults;

pub use faults::{Fault, Faults, NoAnswer, INJECTABLE};

use std::cell::RefCell;

use leptos::prelude::{ArcRwSignal, Get, GetUntracked, Set};

use model::{Store, StoreOptions};

use crate::browser::{self, StorageKind};

/// Where the demo's databases are kept.
pub const STORE_KEY: &str = "dbconsole.demo.store";

thread_local! {
    static STORE: RefCell<Option<Store>> = const { RefCell::new(None) };
    // A signal, so the demo controls show when a one-shot fault has been used up.
    static FAULTS: ArcRwSignal<Faults> = ArcRwSignal::new(Faults::default());
}

fn with_store<T>(apply: impl FnOnce(&mut Store) -> T) -> T {
    STORE.with(|cell| {
        let mut slot = cell.borrow_mut();
        let store = slot.get_or_insert_with(|| {
            browser::load(StorageKind::Local, STORE_KEY)
                .and_then(|text| serde_json::from_str(&text).ok())
                .unwrap_or_else(fresh_store)
        });
        apply(store)
    })
}

/// The spec's examples, with ids and passwords drawn from a generator seeded by the time, so two
/// browsers' demos differ.
fn fresh_store() -> Store {
    Store::with_options(&StoreOptions {
        rng_seed: js_sys::Date::now() as u64,
        ..StoreOptions::default()
    })
}

fn persist(store: &Store) {
    if let Ok(text) = serde_json::to_string(store) {
        browser::save(StorageKind::Local, STORE_KEY, &text);
    }
}

/// The faults in force.
pub fn faults() -> Faults {
    FAULTS.with(|f| f.get_untracked())
}

/// The faults in force, tracked: a view that reads them follows their changes.
pub fn faults_tracked() -> Faults {
    FAULTS.with(|f| f.get())
}

/// Replaces the faults in force.
pub fn set_faults(faults: Faults) {
    FAULTS.with(|f| f.set(faults));
}

/// Back to the spec's examples, faults cleared. The store is dropped here and made anew by
/// its next request (in the backend's chunk, in the split build).
pub fn reset() {
    browser::remove(StorageKind::Local, STORE_KEY);
    STORE.with(|cell| *cell.borrow_mut() = None);
    set_faults(Faults::default());
}

/// Answers one request, after the injected latency and faults.
pub async fn respond(
    method: &str,
    path: &str,
    body: Option<&str>,
) -> Result<(u16, String), NoAnswer> {
    let faults = faults();
    if faults.latency_ms > 0 {
        browser::sleep(faults.latency_ms).await;
    }
    if faults.offline {
        return Err(NoAnswer::Offline(
            "Failed to fetch (the demo is offline)".into(),
        ));
    }
    if let Some(fault) = faults.next {
        set_faults(Faults {
            next: None,
            ..faults
        });
        let reply = fault.answer()?;
        return Ok((reply.status, reply.body));
    }
    backend::dispatch(
        method.to_string(),
        path.to_string(),
        body.unwrap_or_default().to_string(),
        js_sys::Date::now() as u64,
    )
    .await
    .map_err(|backend::Unavailable| {
        NoAnswer::Offline(
            "The demo's code could not be downloaded (the network may be down): try again".into(),
        )
    })
}

/// The store and its replies: everything only the demo needs, so the split build keeps it out
/// of the main module (the list page of a real session never loads it).
mod backend {
    use super::{persist, with_store};
    use model::reply;

    /// The backend's chunk could not be loaded.
    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    pub struct Unavailable;

    #[cfg(feature = "split")]
    impl From<leptos::wasm_split::SplitLoaderError> for Unavailable {
        fn from(_: leptos::wasm_split::SplitLoaderError) -> Self {
            Unavailable
        }
    }

    fn answer(method: &str, path: &str, body: &str, now_ms: u64) -> (u16, String) {
        let reply = with_store(|store| {
            let reply = reply::dispatch(store, method, path, body.as_bytes(), now_ms);
            // Any successful write changed the store (a create, a rule, a rename, a delete...).
            if method != "GET" && reply.is_success() {
                persist(store);
            }
            reply
        });
        (reply.status, reply.body)
    }

    /// The split point: this, the store and the replies go to the `demo_backend` chunk.
    #[cfg(feature = "split")]
    #[leptos::wasm_split::wasm_split(demo_backend, fallible, wasm_split_path = ::leptos::wasm_split)]
    pub fn dispatch(
        method: String,
        path: String,
        body: String,
        now_ms: u64,
    ) -> Result<(u16, String), Unavailable> {
        Ok(answer(&method, &path, &body, now_ms))
    }

    #[cfg(not(feature = "split"))]
    pub async fn dispatch(
        method: String,
        path: String,
        body: String,
        now_ms: u64,
    ) -> Result<(u16, String), Unavailable> {
        Ok(answer(&method, &path, &body, now_ms))
    }
}
