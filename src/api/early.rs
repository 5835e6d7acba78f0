//! The list's request sent before the app has loaded: the page's inline script (index.html)
//! sends it while the wasm is still downloading, and the client takes its answer instead of
//! sending the same request again (BENCHMARKS.md, "the list asked for early").
//!
//! What the script needs is kept here: the URLs of the last list read with a bearer the session
//! holds as it is (`localStorage`, [`HINT_KEY`]: URLs only, never a token; forgotten at sign-in
//! and sign-out). The script reads the session the app would read, sends each URL with that
//! bearer, and leaves `{url: {auth, ctl, answer}}` on `window.__dbconsoleEarly`. An answer is
//! taken once, only for a GET of the same URL with the same `Authorization`: a session changed
//! since, or a request of another kind, never gets it. An API token (exchanged first) is not
//! sent early: the exchange is the app's.

use wasm_bindgen::{JsCast, JsValue};

use crate::api::ApiError;
use crate::browser::{self, StorageKind};

/// The `localStorage` key of the hint the page's script reads.
pub const HINT_KEY: &str = "dbconsole.early";
/// Never more URLs than this (one per region).
const MAX_URLS: usize = 8;
/// The global the page's script fills.
const GLOBAL: &str = "__dbconsoleEarly";

/// The hint with `url` added (first, once), from the hint stored before (anything unreadable
/// counts as none).
pub fn hint_with(stored: Option<&str>, url: &str) -> String {
    #[derive(serde::Deserialize, serde::Serialize)]
    struct Hint {
        v: u32,
        lists: Vec<String>,
    }
    let mut lists = stored
        .and_then(|text| serde_json::from_str::<Hint>(text).ok())
        .filter(|hint| hint.v == 1)
        .map(|hint| hint.lists)
        .unwrap_or_default();
    lists.retain(|known| known != url);
    lists.insert(0, url.to_string());
    lists.truncate(MAX_URLS);
    serde_json::to_string(&Hint { v: 1, lists }).unwrap_or_default()
}

/// Remembers that the list at `url` can be asked for early next time.
pub fn remember(url: &str) {
    let stored = browser::load(StorageKind::Local, HINT_KEY);
    let hint = hint_with(stored.as_deref(), url);
    if stored.as_deref() != Some(hint.as_str()) {
        browser::save(StorageKind::Local, HINT_KEY, &hint);
    }
}

/// Forgets the hint and any answer not taken yet (sign-in, sign-out).
pub fn forget() {
    browser::remove(StorageKind::Local, HINT_KEY);
    if let Some(window) = web_sys::window() {
        let _ = js_sys::Reflect::delete_property(&window, &JsValue::from_str(GLOBAL));
    }
}

/// The early request for `url`, when the page's script sent one with this `Authorization`;
/// taken: a second call gets nothing.
pub fn take(url: &str, authorization: &str) -> Option<Early> {
    let window = web_sys::window()?;
    let all = js_sys::Reflect::get(&window, &JsValue::from_str(GLOBAL)).ok()?;
    if !all.is_object() {
        return None;
    }
    let key = JsValue::from_str(url);
    let entry = js_sys::Reflect::get(&all, &key).ok()?;
    if !entry.is_object() {
        return None;
    }
    let _ = js_sys::Reflect::delete_property(all.unchecked_ref::<js_sys::Object>(), &key);
    let field = |name: &str| js_sys::Reflect::get(&entry, &JsValue::from_str(name)).ok();
    if field("auth")?.as_string().as_deref() != Some(authorization) {
        return None;
    }
    Some(Early {
        answer: field("answer")?.dyn_into().ok()?,
        controller: field("ctl")?.dyn_into().ok()?,
    })
}

/// A request the page's script sent: its answer to come, and what aborts it.
pub struct Early {
    answer: js_sys::Promise,
    controller: web_sys::AbortController,
}

impl Early {
    /// Its status and body, under the client's deadline (which then aborts it).
    pub async fn answer(
        self,
        deadline: Option<&browser::Deadline>,
        timeout_ms: u32,
    ) -> Result<(u16, String), ApiError> {
        if let Some(deadline) = deadline {
            deadline.also_abort(self.controller);
        }
        let failed = |error: JsValue| {
            if deadline.is_some_and(browser::Deadline::expired) {
                ApiError::Timeout(timeout_ms.div_ceil(1000))
            } else {
                let message = error
                    .dyn_ref::<js_sys::Error>()
                    .map(|e| String::from(e.message()))
                    .unwrap_or_else(|| "Failed to fetch".into());
                ApiError::Network(message)
            }
        };
        let answer = wasm_bindgen_futures::JsFuture::from(self.answer)
            .await
            .map_err(failed)?;
        let answer: js_sys::Array = answer
            .dyn_into()
            .map_err(|_| ApiError::Network("the early request gave no answer".into()))?;
        let status = answer.get(0).as_f64().unwrap_or(0.0) as u16;
        let text = answer.get(1).as_string().unwrap_or_default();
        Ok((status, text))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_hint_keeps_each_url_once_newest_first_and_only_urls() {
        let first = hint_with(None, "/api/v1/databases?dashboard=true");
        assert_eq!(
            first,
            r#"{"v":1,"lists":["/api/v1/databases?dashboard=true"]}"#
        );
        let both = hint_with(Some(&first), "/api2/v1/databases?dashboard=true");
        assert_eq!(
            both,
            r#"{"v":1,"lists":["/api2/v1/databases?dashboard=true","/api/v1/databases?dashboard=true"]}"#
        );
        assert_eq!(
            hint_with(Some(&both), "/api/v1/databases?dashboard=true")
                .matches("/api/")
                .count(),
            1
        );
        // Something else under the key, or another version, starts again.
        assert_eq!(hint_with(Some("{oops"), "/a"), r#"{"v":1,"lists":["/a"]}"#);
        assert_eq!(
            hint_with(Some(r#"{"v":2,"lists":["/b"]}"#), "/a"),
            r#"{"v":1,"lists":["/a"]}"#
        );
        let mut many = None;
        for i in 0..20 {
            many = Some(hint_with(many.as_deref(), &format!("/r{i}")));
        }
        assert_eq!(many.unwrap().matches("/r").count(), MAX_URLS);
    }
}
