//! The in-browser demo backend: `crates/model`'s `Store` (the same semantics as devapi) kept in
//! `localStorage`, answering through `model::reply::dispatch`, with injectable faults so every
//! state of the console can be seen without an account.

use std::cell::RefCell;

use leptos::prelude::{ArcRwSignal, Get, GetUntracked, Set};

use model::reply::{self, Reply};
use model::{Store, StoreOptions};

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
    /// What the next request (one only) gets instead of its answer.
    pub next: Option<Fault>,
}

/// One wrong answer, of every kind the API or what stands in front of it can give.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fault {
    /// An error status with the API's body for it.
    Status(u16),
    /// 200 with a body that is not the JSON it should be.
    MalformedJson,
    /// 502 with a proxy's HTML error page.
    HtmlPage,
    /// 502 with an empty body.
    EmptyBody,
    /// No answer before the deadline.
    Timeout,
}

/// The statuses the demo can inject.
pub const INJECTABLE: [u16; 10] = [400, 401, 402, 403, 404, 409, 422, 429, 500, 503];

impl Fault {
    /// Every fault, in the order the demo controls list them.
    pub fn all() -> Vec<Fault> {
        let mut all: Vec<Fault> = INJECTABLE.into_iter().map(Fault::Status).collect();
        all.extend([
            Fault::MalformedJson,
            Fault::HtmlPage,
            Fault::EmptyBody,
            Fault::Timeout,
        ]);
        all
    }

    /// The value in the demo controls' select.
    pub fn code(self) -> String {
        match self {
            Self::Status(status) => status.to_string(),
            Self::MalformedJson => "malformed".into(),
            Self::HtmlPage => "html".into(),
            Self::EmptyBody => "empty".into(),
            Self::Timeout => "timeout".into(),
        }
    }

    /// The fault of a select value; `None` for "nothing" or anything unknown.
    pub fn from_code(code: &str) -> Option<Self> {
        Self::all().into_iter().find(|fault| fault.code() == code)
    }

    /// For people.
    pub fn label(self) -> &'static str {
        match self {
            Self::Status(400) => "400 Bad Request",
            Self::Status(401) => "401 Unauthorized (token expired)",
            Self::Status(402) => "402 Payment Required (with a billing link)",
            Self::Status(403) => "403 Forbidden",
            Self::Status(404) => "404 Not Found",
            Self::Status(409) => "409 Conflict",
            Self::Status(422) => "422 Unprocessable Entity (field errors)",
            Self::Status(429) => "429 Too Many Requests (plain text)",
            Self::Status(500) => "500 Internal Server Error",
            Self::Status(503) => "503 Service Unavailable",
            Self::Status(_) => "An error status",
            Self::MalformedJson => "Malformed JSON (200)",
            Self::HtmlPage => "A proxy's HTML error page (502)",
            Self::EmptyBody => "An empty body (502)",
            Self::Timeout => "No answer (timeout)",
        }
    }

    /// What the request gets: an answer, or an error before any answer.
    pub fn answer(self) -> Result<Reply, ApiError> {
        match self {
            Self::Status(status) => Ok(fault_reply(status)),
            Self::MalformedJson => Ok(Reply {
                status: 200,
                body: r#"{"databases": [{"id": "54100930736f7563d50"#.into(),
            }),
            Self::HtmlPage => Ok(Reply {
                status: 502,
                body: "<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1></body></html>".into(),
            }),
            Self::EmptyBody => Ok(Reply {
                status: 502,
                body: String::new(),
            }),
            Self::Timeout => Err(ApiError::Timeout(crate::config::DEFAULT_TIMEOUT_MS / 1000)),
        }
    }
}

/// What the real API answers with each injected status (`shared/reference/scalingo-api.md` §6).
pub fn fault_reply(status: u16) -> Reply {
    match status {
        400 => Reply::error(400, "There was a problem in the JSON you submitted (demo fault)"),
        401 => Reply::error(401, "Token expired (demo fault)"),
        402 => Reply {
            status: 402,
            body: r#"{"error":"Sorry, you need to verify your account (billing profile and payment card) before creating a database (demo fault)","url":"https://my.scalingo.com/apps/billing"}"#.into(),
        },
        403 => Reply::error(403, "You are not allowed to do this on this project (demo fault)"),
        409 => Reply::error(409, "An operation is already running on this resource (demo fault)"),
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
        assert!(matches!(error(400), ApiError::BadRequest(_)));
        assert!(matches!(error(403), ApiError::Forbidden(_)));
        assert!(matches!(error(409), ApiError::Conflict(_)));
        let ApiError::PaymentRequired { url, .. } = error(402) else {
            panic!("not a 402")
        };
        assert_eq!(url.as_deref(), Some("https://my.scalingo.com/apps/billing"));
    }

    #[test]
    fn other_faults_map_to_their_errors() {
        use crate::api::error::decode;
        let decoded = |fault: Fault| {
            let reply = fault.answer()?;
            decode::<model::DatabasesEnvelope>(reply.status, &reply.body)
        };
        assert!(matches!(
            decoded(Fault::MalformedJson),
            Err(ApiError::Decode(_))
        ));
        assert_eq!(
            decoded(Fault::HtmlPage),
            Err(ApiError::Server {
                status: 502,
                message: "HTTP 502 with an HTML page instead of an API answer".into()
            })
        );
        assert_eq!(
            decoded(Fault::EmptyBody),
            Err(ApiError::Server {
                status: 502,
                message: "HTTP 502 with an empty body".into()
            })
        );
        assert_eq!(decoded(Fault::Timeout), Err(ApiError::Timeout(20)));
    }

    #[test]
    fn fault_codes_round_trip() {
        for fault in Fault::all() {
            assert_eq!(Fault::from_code(&fault.code()), Some(fault));
            assert!(!fault.label().is_empty());
        }
        assert_eq!(Fault::from_code(""), None);
        assert_eq!(Fault::from_code("418"), None);
        assert_eq!(Fault::all().len(), 14);
    }
}
