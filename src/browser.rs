//! The few browser APIs the console uses, wrapped so that none of them can panic: storage may
//! be disabled or full, the clipboard may be refused, and every call says so by its result.

use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};

/// Which browser storage.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StorageKind {
    /// `sessionStorage`: this tab, until it closes.
    Session,
    /// `localStorage`: this browser, until cleared.
    Local,
}

fn storage(kind: StorageKind) -> Option<web_sys::Storage> {
    let window = web_sys::window()?;
    match kind {
        StorageKind::Session => window.session_storage().ok().flatten(),
        StorageKind::Local => window.local_storage().ok().flatten(),
    }
}

/// The stored value, or `None` when absent or when storage is unavailable.
pub fn load(kind: StorageKind, key: &str) -> Option<String> {
    storage(kind)?.get_item(key).ok().flatten()
}

/// Stores a value; false when storage is unavailable or full.
pub fn save(kind: StorageKind, key: &str, value: &str) -> bool {
    storage(kind).is_some_and(|s| s.set_item(key, value).is_ok())
}

/// Removes a value (nothing happens when storage is unavailable).
pub fn remove(kind: StorageKind, key: &str) {
    if let Some(s) = storage(kind) {
        let _ = s.remove_item(key);
    }
}

/// Copies text to the clipboard; `Err` with a sentence when the browser refuses.
pub async fn copy_text(text: &str) -> Result<(), String> {
    let clipboard = web_sys::window()
        .map(|w| w.navigator().clipboard())
        .ok_or_else(|| "The clipboard is not available here.".to_string())?;
    wasm_bindgen_futures::JsFuture::from(clipboard.write_text(text))
        .await
        .map(|_| ())
        .map_err(|error: JsValue| {
            error
                .as_string()
                .unwrap_or_else(|| "The browser refused to copy.".to_string())
        })
}

/// This page's origin, for example `http://127.0.0.1:8080`.
pub fn origin() -> Option<String> {
    web_sys::window()?.location().origin().ok()
}

/// Milliseconds since the epoch, as a string (for the cross-tab sign-out signal).
pub fn now_stamp() -> String {
    js_sys::Date::now().to_string()
}

/// Seconds since the epoch, from the browser's clock.
pub fn now_secs() -> u64 {
    (js_sys::Date::now() / 1000.0) as u64
}

/// A moment for people, in the browser's locale and time zone, for example "at 14:05:09".
pub fn describe_time(epoch_secs: u64) -> String {
    let date = js_sys::Date::new(&JsValue::from_f64(epoch_secs as f64 * 1000.0));
    let time: String = date.to_locale_time_string("en-GB").into();
    format!("at {time}")
}

/// Waits `ms` milliseconds without blocking the page.
pub async fn sleep(ms: u32) {
    let promise = js_sys::Promise::new(&mut |resolve, _reject| {
        if let Some(window) = web_sys::window() {
            let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(
                &resolve,
                i32::try_from(ms).unwrap_or(i32::MAX),
            );
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// The path the app is served under, from `<base href>` (Trunk's `--public-url`): `""` at the
/// root of a host, `/console` under a sub-path.
pub fn base_path() -> String {
    let base = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.base_uri().ok().flatten())
        .unwrap_or_default();
    crate::paths::base_path_of(&base)
}

/// Aborts what its signal is attached to after a delay, unless dropped first.
pub struct Deadline {
    controller: web_sys::AbortController,
    handle: Option<i32>,
    _on_timeout: Closure<dyn FnMut()>,
}

impl Deadline {
    /// A deadline `ms` from now; `None` where the browser offers no AbortController.
    pub fn new(ms: u32) -> Option<Self> {
        let controller = web_sys::AbortController::new().ok()?;
        let to_abort = controller.clone();
        let on_timeout = Closure::<dyn FnMut()>::new(move || to_abort.abort());
        let handle = web_sys::window().and_then(|w| {
            w.set_timeout_with_callback_and_timeout_and_arguments_0(
                on_timeout.as_ref().unchecked_ref(),
                i32::try_from(ms).unwrap_or(i32::MAX),
            )
            .ok()
        });
        Some(Self {
            controller,
            handle,
            _on_timeout: on_timeout,
        })
    }

    /// The signal to give the request.
    pub fn signal(&self) -> web_sys::AbortSignal {
        self.controller.signal()
    }

    /// Whether the deadline passed (and the request was aborted).
    pub fn expired(&self) -> bool {
        self.controller.signal().aborted()
    }
}

impl Drop for Deadline {
    fn drop(&mut self) {
        if let (Some(handle), Some(window)) = (self.handle, web_sys::window()) {
            window.clear_timeout_with_handle(handle);
        }
    }
}
