//! The in-browser demo backend: `crates/model`'s `Store` (the same semantics as devapi) kept in
//! `localStorage`, answering through `model::reply::dispatch`, with injectable faults so every
//! state of the console can be seen without an account.

use std::cell::RefCell;

use leptos::prelude::{ArcRwSignal, Get, GetUntracked, Set};

use model::reply::{self, Reply};
use model::Store;

use crate::api::ApiError;
use crate::browser::{self, StorageKind};

/// Where the demo's databases are kept.
pub const STORE_KEY: &str = "dbconsole.demo.store";

/// Faults to inject into the demo's next answers.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Faults {
    /// Added to every answer, in milliseconds.
    pub latency_ms: u32,
    /// Every request fails as if the network were down.
    pub offline: bool,
    /// The next request (one only) answers with this status.
    pub next_status: Option<u16>,
}

/// The statuses the demo can inject.
pub const INJECTABLE: [u16; 6] = [401, 404, 422, 429, 500, 503];

/// What the real API answers with each injected status (`shared/reference/scalingo-api.md` §6).
pub fn fault_reply(status: u16) -> Reply {
    match status {
        401 => Reply::error(401, "Token expired (demo fault)"),
        404 => Reply::error(404, reply::DATABASE_NOT_FOUND),
        422 => Reply {
            status: 422,
            body: r#"{"errors":{"name":["is reserved (demo fault)"],"app":["missing field (demo fault)"]}}"#.into(),
        },
        // The real API's 429 body is plain text.
        429 => Reply {
            status: 429,
            body: "Retry later".into(),
        },
        500 => Reply::error(500, "Internal error occured, we're on it! (demo fault)"),
        503 => Reply::error(503, "upstream provider returned an error, please retry later (demo fault)"),
        other => Reply::error(other, "demo fault"),
    }
}

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
                .unwrap_or_else(Store::seeded)
        });
        apply(store)
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
    let store = Store::seeded();
    persist(&store);
    STORE.with(|cell| *cell.borrow_mut() = Some(store));
    set_faults(Faults::default());
}

/// Answers one request, after the injected latency and faults.
pub async fn respond(
    method: &str,
    path: &str,
    body: Option<&str>,
) -> Result<(u16, String), ApiError> {
    let faults = faults();
    if faults.latency_ms > 0 {
        browser::sleep(faults.latency_ms).await;
    }
    if faults.offline {
        return Err(ApiError::Network(
            "Failed to fetch (the demo is offline)".into(),
        ));
    }
    if let Some(status) = faults.next_status {
        set_faults(Faults {
            next_status: None,
            ..faults
        });
        let reply = fault_reply(status);
        return Ok((reply.status, reply.body));
    }
    let reply = with_store(|store| {
        let reply = reply::dispatch(store, method, path, body.unwrap_or_default().as_bytes());
        if reply.status == 201 {
            persist(store);
        }
        reply
    });
    Ok((reply.status, reply.body))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::error::error_from_response;

    #[test]
    fn each_injected_status_maps_to_its_error() {
        let error = |status| {
            let reply = fault_reply(status);
            assert_eq!(reply.status, status);
            error_from_response(reply.status, &reply.body)
        };
        assert!(matches!(error(401), ApiError::Unauthorized(_)));
        assert_eq!(error(404), ApiError::NotFound("Database not found".into()));
        let ApiError::Validation(fields) = error(422) else {
            panic!("not a 422")
        };
        assert!(fields.contains_key("name") && fields.contains_key("app"));
        assert_eq!(error(429), ApiError::RateLimited("Retry later".into()));
        assert!(matches!(error(500), ApiError::Server { status: 500, .. }));
        assert!(matches!(error(503), ApiError::Unavailable(_)));
        assert_eq!(INJECTABLE.len(), 6);
    }
}
