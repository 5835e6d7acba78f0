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

use model::reply;
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

/// Back to the spec's examples, faults cleared.
pub fn reset() {
    let store = fresh_store();
    persist(&store);
    STORE.with(|cell| *cell.borrow_mut() = Some(store));
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
    let reply = with_store(|store| {
        let now_ms = js_sys::Date::now() as u64;
        let reply = reply::dispatch(
            store,
            method,
            path,
            body.unwrap_or_default().as_bytes(),
            now_ms,
        );
        // Any successful write changed the store (a create, a rule, a rename, a delete...).
        if method != "GET" && reply.is_success() {
            persist(store);
        }
        reply
    });
    Ok((reply.status, reply.body))
}
