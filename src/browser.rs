//! The few browser APIs the console uses, wrapped so that none of them can panic: storage may
//! be disabled or full, the clipboard may be refused, and every call says so by its result.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};

use crate::place::{self, Arrival, Place};

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

/// The keys in a storage that start with `prefix`, with their values.
pub fn entries_with_prefix(kind: StorageKind, prefix: &str) -> Vec<(String, String)> {
    let Some(storage) = storage(kind) else {
        return Vec::new();
    };
    let count = storage.length().unwrap_or(0);
    (0..count)
        .filter_map(|index| storage.key(index).ok().flatten())
        .filter(|key| key.starts_with(prefix))
        .filter_map(|key| {
            let value = storage.get_item(&key).ok().flatten()?;
            Some((key, value))
        })
        .collect()
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

    /// Aborts `other` too when the deadline passes (a request this one did not start).
    pub fn also_abort(&self, other: web_sys::AbortController) {
        if self.expired() {
            other.abort();
            return;
        }
        // Called at most once, by the signal; a deadline never reached leaves it uncalled.
        let on_abort = Closure::once_into_js(move || other.abort());
        let _ = self
            .controller
            .signal()
            .add_event_listener_with_callback("abort", on_abort.unchecked_ref());
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

/// A listener added with [`on_window`] or [`on_event`]; removed when dropped.
pub struct Listener {
    target: web_sys::EventTarget,
    name: &'static str,
    callback: Closure<dyn FnMut(web_sys::Event)>,
    capture: bool,
}

impl Drop for Listener {
    fn drop(&mut self) {
        let _ = self.target.remove_event_listener_with_callback_and_bool(
            self.name,
            self.callback.as_ref().unchecked_ref(),
            self.capture,
        );
    }
}

/// Listens to `name` on `target` until the returned [`Listener`] is dropped.
pub fn on_event(
    target: &web_sys::EventTarget,
    name: &'static str,
    handler: impl FnMut(web_sys::Event) + 'static,
) -> Option<Listener> {
    let callback = Closure::<dyn FnMut(web_sys::Event)>::new(handler);
    target
        .add_event_listener_with_callback(name, callback.as_ref().unchecked_ref())
        .ok()?;
    Some(Listener {
        target: target.clone(),
        name,
        callback,
        capture: false,
    })
}

/// Listens to `name` on the document in the capture phase (before any handler of the page, the
/// router's included) until the returned [`Listener`] is dropped.
pub fn on_document_capture(
    name: &'static str,
    handler: impl FnMut(web_sys::Event) + 'static,
) -> Option<Listener> {
    let target: web_sys::EventTarget = document()?.into();
    let callback = Closure::<dyn FnMut(web_sys::Event)>::new(handler);
    target
        .add_event_listener_with_callback_and_bool(name, callback.as_ref().unchecked_ref(), true)
        .ok()?;
    Some(Listener {
        target,
        name,
        callback,
        capture: true,
    })
}

/// Listens to `name` on the window until the returned [`Listener`] is dropped.
pub fn on_window(
    name: &'static str,
    handler: impl FnMut(web_sys::Event) + 'static,
) -> Option<Listener> {
    on_event(web_sys::window()?.as_ref(), name, handler)
}

/// Listens to `name` on the document until the returned [`Listener`] is dropped.
pub fn on_document(
    name: &'static str,
    handler: impl FnMut(web_sys::Event) + 'static,
) -> Option<Listener> {
    on_event(document()?.as_ref(), name, handler)
}

fn document() -> Option<web_sys::Document> {
    web_sys::window()?.document()
}

/// The tab's title.
pub fn set_title(title: &str) {
    if let Some(document) = document() {
        if document.title() != title {
            document.set_title(title);
        }
    }
}

/// The element that has focus, if it is an element (not `<body>`).
pub fn focused_element() -> Option<web_sys::HtmlElement> {
    let document = document()?;
    let active = document.active_element()?;
    if document
        .body()
        .is_some_and(|body| body.is_same_node(Some(&active)))
    {
        return None;
    }
    active.dyn_into().ok()
}

fn focus_element(element: &web_sys::HtmlElement, prevent_scroll: bool) -> bool {
    let options = web_sys::FocusOptions::new();
    options.set_prevent_scroll(prevent_scroll);
    element.focus_with_options(&options).is_ok()
        && focused_element().is_some_and(|now| now.is_same_node(Some(element)))
}

/// Focuses the element with this id; false when there is none or it cannot take focus.
pub fn focus_id(id: &str, prevent_scroll: bool) -> bool {
    document()
        .and_then(|d| d.get_element_by_id(id))
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
        .is_some_and(|element| focus_element(&element, prevent_scroll))
}

/// Focuses the first element matching `selector` inside `root`.
pub fn focus_within(root: &web_sys::Element, selector: &str) -> bool {
    root.query_selector(selector)
        .ok()
        .flatten()
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
        .is_some_and(|element| focus_element(&element, false))
}

/// Focuses the first element matching `selector` in the document.
pub fn focus_selector(selector: &str, prevent_scroll: bool) -> bool {
    document()
        .and_then(|d| d.query_selector(selector).ok().flatten())
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
        .is_some_and(|element| focus_element(&element, prevent_scroll))
}

/// Focuses the page's heading (made focusable for this; it is not a control), else `main`.
pub fn focus_heading(prevent_scroll: bool) -> bool {
    focus_heading_only(prevent_scroll) || focus_selector("main", prevent_scroll)
}

/// Whether the user put focus on something in the page's content since `before` was focused
/// (while the page was loading): then arriving must not take it away.
pub fn focus_moved_in_main_since(before: Option<&web_sys::HtmlElement>) -> bool {
    let Some(now) = focused_element() else {
        return false;
    };
    let Some(main) = document().and_then(|d| d.query_selector("main").ok().flatten()) else {
        return false;
    };
    let moved = before.is_none_or(|before| !before.is_same_node(Some(&now)));
    moved && !main.is_same_node(Some(&now)) && main.contains(Some(&now))
}

/// Focuses the page's heading once it is drawn (a screen may draw it after its data arrives),
/// trying for about half a second; `main` meanwhile, so focus is never left on `<body>`.
pub fn focus_heading_when_drawn() {
    if focus_heading_only(false) {
        return;
    }
    focus_selector("main", true);
    focus_heading_for_frames(30);
}

fn focus_heading_for_frames(frames: u32) {
    if frames == 0 {
        return;
    }
    leptos::prelude::request_animation_frame(move || {
        if !focus_heading_only(false) {
            focus_heading_for_frames(frames - 1);
        }
    });
}

fn focus_heading_only(prevent_scroll: bool) -> bool {
    let heading = document()
        .and_then(|d| d.query_selector("main h1").ok().flatten())
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
    heading.is_some_and(|heading| {
        if !heading.has_attribute("tabindex") {
            let _ = heading.set_attribute("tabindex", "-1");
        }
        focus_element(&heading, prevent_scroll)
    })
}

/// Gives focus back to `element` if it is still in the page, else to the page's heading.
pub fn focus_back(element: Option<web_sys::HtmlElement>) {
    let returned = element
        .filter(|e| e.is_connected())
        .is_some_and(|e| focus_element(&e, true));
    if !returned {
        focus_heading(true);
    }
}

/// Moves focus to what an action produced: at once to `fallback` (so it is never left on
/// `<body>`), then to `wanted` as soon as it appears, trying for about half a second.
pub fn focus_result(wanted: String, fallback: &'static str) {
    if !focus_selector(&wanted, false) {
        focus_selector(fallback, true);
        try_focus_for_frames(wanted, 30);
    }
}

fn try_focus_for_frames(selector: String, frames: u32) {
    if frames == 0 {
        return;
    }
    leptos::prelude::request_animation_frame(move || {
        if !focus_selector(&selector, false) {
            try_focus_for_frames(selector, frames - 1);
        }
    });
}

/// The id of an event's target element, if it has one.
pub fn target_id(event: &web_sys::Event) -> Option<String> {
    let element: web_sys::Element = event.target()?.dyn_into().ok()?;
    let id = element.id();
    (!id.is_empty()).then_some(id)
}

/// How far the window is scrolled down.
pub fn scroll_y() -> f64 {
    web_sys::window()
        .and_then(|w| w.scroll_y().ok())
        .unwrap_or(0.0)
}

/// Where the element with this id is from the top of the window, in CSS pixels.
pub fn top_of(id: &str) -> Option<f64> {
    let element = document()?.get_element_by_id(id)?;
    Some(element.get_bounding_client_rect().top())
}

/// Scrolls so that the element with this id is `top` pixels from the top of the window.
pub fn align_top(id: &str, top: f64) {
    if let (Some(now), Some(window)) = (top_of(id), web_sys::window()) {
        window.scroll_by_with_x_and_y(0.0, now - top);
    }
}

/// Scrolls the window to `y` (the browser keeps it within the page).
pub fn scroll_to(y: f64) {
    if let Some(window) = web_sys::window() {
        window.scroll_to_with_x_and_y(0.0, y);
    }
}

/// The console restores places itself ([`crate::components::page::use_page`]): the browser's
/// own restoration would scroll before the rows are drawn.
pub fn take_over_scroll_restoration() {
    if let Some(history) = web_sys::window().and_then(|w| w.history().ok()) {
        let _ = history.set_scroll_restoration(web_sys::ScrollRestoration::Manual);
    }
}

fn location_href() -> String {
    web_sys::window()
        .and_then(|w| w.location().href().ok())
        .unwrap_or_default()
}

/// The state of the current history entry, to keep it through the console's own navigations.
pub fn history_state() -> JsValue {
    web_sys::window()
        .and_then(|w| w.history().ok())
        .and_then(|h| h.state().ok())
        .unwrap_or(JsValue::NULL)
}

/// The place noted in the current history entry.
pub fn history_place() -> Option<Place> {
    let state = history_state();
    if !state.is_object() {
        return None;
    }
    let text = js_sys::Reflect::get(&state, &JsValue::from_str(place::STATE_KEY))
        .ok()?
        .as_string()?;
    Place::from_text(&text)
}

/// Notes `place` in the current history entry (its URL unchanged).
pub fn save_place(place: &Place) {
    let Some(history) = web_sys::window().and_then(|w| w.history().ok()) else {
        return;
    };
    let state = js_sys::Object::new();
    let current = history_state();
    if current.is_object() {
        let _ = js_sys::Object::assign(&state, current.unchecked_ref());
    }
    let _ = js_sys::Reflect::set(
        &state,
        &JsValue::from_str(place::STATE_KEY),
        &JsValue::from_str(&place.to_text()),
    );
    let _ = history.replace_state(&state, "");
}

thread_local! {
    /// Whether no screen has started yet in this document.
    static FIRST_SCREEN: Cell<bool> = const { Cell::new(true) };
    /// The address a Back or Forward went to, until the screen it shows takes it.
    static TRAVERSED_TO: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Notes Back and Forward (history traversals) for [`take_arrival`]. Call once, before the
/// router starts, so this listener runs before the router's.
pub fn watch_history_traversals() -> Option<Listener> {
    on_window("popstate", |_| {
        TRAVERSED_TO.with(|to| *to.borrow_mut() = Some(location_href()));
    })
}

/// How the screen starting now was reached. A traversal counts only for the screen at the
/// address it went to: a screen reached by a link right after a Back does not take it.
pub fn take_arrival() -> Arrival {
    if FIRST_SCREEN.with(|first| first.replace(false)) {
        TRAVERSED_TO.with(|to| to.borrow_mut().take());
        return Arrival::Load;
    }
    let traversed = TRAVERSED_TO.with(|to| to.borrow_mut().take());
    if traversed.is_some_and(|to| to == location_href()) {
        Arrival::History(history_place())
    } else {
        Arrival::Navigation
    }
}

/// Runs a function at most once per period, at its end, and only if the page's address has not
/// changed meanwhile (what it would note belongs to the page it was asked for). Cheap to clone.
#[derive(Clone)]
pub struct Throttle {
    ms: u32,
    pending: Rc<Cell<bool>>,
}

impl Throttle {
    pub fn new(ms: u32) -> Self {
        Self {
            ms,
            pending: Rc::new(Cell::new(false)),
        }
    }

    pub fn call(&self, run: impl FnOnce() + 'static) {
        if self.pending.replace(true) {
            return;
        }
        let pending = Rc::clone(&self.pending);
        let asked_at = location_href();
        leptos::prelude::set_timeout(
            move || {
                pending.set(false);
                if location_href() == asked_at {
                    run();
                }
            },
            std::time::Duration::from_millis(u64::from(self.ms)),
        );
    }
}

/// Whether the page is hidden (another tab, a minimised window).
pub fn is_hidden() -> bool {
    document().is_some_and(|d| d.hidden())
}

/// A random identifier, for telling tabs apart (not a secret).
pub fn random_id() -> String {
    format!(
        "{:x}{:x}",
        (js_sys::Math::random() * 1e15) as u64,
        js_sys::Date::now() as u64
    )
}

/// The console's channel to its other tabs on this origin (`BroadcastChannel`: same origin
/// only, in memory). Closed when dropped.
pub struct TabChannel {
    channel: web_sys::BroadcastChannel,
    _on_message: Closure<dyn FnMut(web_sys::MessageEvent)>,
}

impl TabChannel {
    /// Opens the channel `name`; `on_message` gets each text message other tabs post. `None`
    /// where the browser has no `BroadcastChannel`.
    pub fn open(name: &str, mut on_message: impl FnMut(String) + 'static) -> Option<Self> {
        let channel = web_sys::BroadcastChannel::new(name).ok()?;
        let on_message = Closure::<dyn FnMut(web_sys::MessageEvent)>::new(
            move |event: web_sys::MessageEvent| {
                if let Some(text) = event.data().as_string() {
                    on_message(text);
                }
            },
        );
        channel.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        Some(Self {
            channel,
            _on_message: on_message,
        })
    }

    /// Posts a text message to the other tabs.
    pub fn post(&self, text: &str) {
        let _ = self.channel.post_message(&JsValue::from_str(text));
    }
}

impl Drop for TabChannel {
    fn drop(&mut self) {
        self.channel.set_onmessage(None);
        self.channel.close();
    }
}

/// The page's header and `main` as drawn, for the next start to show before the app has loaded
/// (`state::list_paint`): a copy, with what would be wrong by then left out — text marked
/// `data-paint="blank"` (a clock) kept as a blank line of the same height, elements marked
/// `data-paint="omit"` and dialogs dropped, the classes `passing_classes` (a mark that fades)
/// taken off — and each menu's choice written into its markup (a choice the app makes is a
/// property, which HTML does not carry). `None` when the page has no header or `main`.
pub fn list_page_drawing(passing_classes: &[&str]) -> Option<String> {
    let document = document()?;
    let mut html = String::new();
    for selector in ["header.app-header", "main#main"] {
        let drawn = document.query_selector(selector).ok()??;
        let copy: web_sys::Element = drawn.clone_node_with_deep(true).ok()?.dyn_into().ok()?;
        for_each_match(&copy, "[data-paint=blank]", |element| {
            element.set_text_content(Some("\u{a0}"));
        });
        for_each_match(&copy, "[data-paint=omit], dialog", |element| {
            element.remove()
        });
        for class in passing_classes {
            for_each_match(&copy, &format!(".{class}"), |element| {
                let _ = element.class_list().remove_1(class);
            });
        }
        let drawn_menus = menus(&drawn);
        for (drawn, copied) in drawn_menus.iter().zip(menus(&copy)) {
            let chosen = drawn.selected_index();
            let options = copied.options();
            for index in 0..options.length() {
                if let Some(option) = options.item(index) {
                    let _ = if i32::try_from(index) == Ok(chosen) {
                        option.set_attribute("selected", "")
                    } else {
                        option.remove_attribute("selected")
                    };
                }
            }
        }
        html.push_str(&copy.outer_html());
    }
    Some(html)
}

/// The `select` elements under `root`, in document order.
fn menus(root: &web_sys::Element) -> Vec<web_sys::HtmlSelectElement> {
    let mut found = Vec::new();
    for_each_match(root, "select", |element| {
        if let Some(menu) = element.dyn_ref::<web_sys::HtmlSelectElement>() {
            found.push(menu.clone());
        }
    });
    found
}

/// The `href` of the page's first `<link rel="modulepreload">`, as written, or `""`: which build
/// this page is (`state::list_paint::encode`).
pub fn first_module_preload() -> String {
    document()
        .and_then(|d| d.query_selector("link[rel=modulepreload]").ok().flatten())
        .and_then(|link| link.get_attribute("href"))
        .unwrap_or_default()
}

/// Calls `act` on each element under `root` that matches `selector`.
fn for_each_match(root: &web_sys::Element, selector: &str, mut act: impl FnMut(&web_sys::Element)) {
    let Ok(matches) = root.query_selector_all(selector) else {
        return;
    };
    for index in 0..matches.length() {
        if let Some(element) = matches.item(index).and_then(|n| n.dyn_into().ok()) {
            act(&element);
        }
    }
}

/// Removes what `index.html` shows until the app runs (`#boot`: the header and a loading
/// state, drawn by the real style sheet before any script).
pub fn remove_boot_screen() {
    if let Some(boot) = document().and_then(|d| d.get_element_by_id("boot")) {
        boot.remove();
    }
}

/// Whether the page is shown (tracked), following `visibilitychange` for as long as the
/// calling component lives: what polls stops while the tab is hidden.
pub fn use_visibility() -> leptos::prelude::RwSignal<bool> {
    use leptos::prelude::{Set, StoredValue};
    let visible = leptos::prelude::RwSignal::new(!is_hidden());
    let listener = on_document("visibilitychange", move |_| {
        visible.try_set(!is_hidden());
    });
    // Removed with the component: the stored value is dropped with its owner.
    StoredValue::new_local(listener);
    visible
}

/// A time the API gives (ISO 8601, `2026-11-30T09:15:00.000Z`) in ms since the epoch; `None`
/// when the browser cannot read it.
pub fn parse_time(text: &str) -> Option<f64> {
    if text.trim().is_empty() {
        return None;
    }
    let ms = js_sys::Date::parse(text);
    ms.is_finite().then_some(ms)
}

/// Sets `data-theme` on `<html>` (`None` removes it: the system's colours apply), as
/// `index.html`'s inline script does before first paint.
pub fn set_theme_attribute(theme: Option<&str>) {
    let Some(root) = document().and_then(|d| d.document_element()) else {
        return;
    };
    let _ = match theme {
        Some(theme) => root.set_attribute("data-theme", theme),
        None => root.remove_attribute("data-theme"),
    };
}

/// Whether the system asks for dark colours (`prefers-color-scheme: dark`).
pub fn system_prefers_dark() -> bool {
    // Through `Reflect`: one call does not justify web-sys's `MediaQueryList` feature (a
    // rebuild of web-sys in every target).
    let Some(window) = web_sys::window() else {
        return false;
    };
    let match_media = js_sys::Reflect::get(&window, &JsValue::from_str("matchMedia"))
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok());
    let Some(match_media) = match_media else {
        return false;
    };
    match_media
        .call1(&window, &JsValue::from_str("(prefers-color-scheme: dark)"))
        .ok()
        .and_then(|query| js_sys::Reflect::get(&query, &JsValue::from_str("matches")).ok())
        .and_then(|matches| matches.as_bool())
        .unwrap_or(false)
}

/// Whether a key event is meant for a field: its target is an input, a textarea, a select or
/// editable content.
pub fn is_for_a_field(event: &web_sys::Event) -> bool {
    let Some(element) = event
        .target()
        .and_then(|t| t.dyn_into::<web_sys::HtmlElement>().ok())
    else {
        return false;
    };
    matches!(
        element.tag_name().to_ascii_lowercase().as_str(),
        "input" | "textarea" | "select"
    ) || element.is_content_editable()
}

/// Whether a modal dialog is open in the page (the page's shortcuts wait until it is closed).
pub fn a_dialog_is_open() -> bool {
    matches_something("dialog[open]")
}

/// Whether an element in the document matches `selector`.
pub fn matches_something(selector: &str) -> bool {
    document()
        .and_then(|d| d.query_selector(selector).ok().flatten())
        .is_some()
}

thread_local! {
    /// What the next screen reached by a link focuses instead of its heading (a CSS selector).
    static FOCUS_ON_ARRIVAL: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Asks the next screen reached by a link to focus `selector` rather than its heading (the `/`
/// shortcut opens the list with its Search field focused).
pub fn focus_on_arrival(selector: &str) {
    FOCUS_ON_ARRIVAL.with(|s| *s.borrow_mut() = Some(selector.to_string()));
}

/// What [`focus_on_arrival`] asked for, once.
pub fn take_focus_on_arrival() -> Option<String> {
    FOCUS_ON_ARRIVAL.with(|s| s.borrow_mut().take())
}

/// Scrolls the element with this id into view only as far as needed (`block: "nearest"`), for
/// the active option of a listbox that focus does not follow.
pub fn scroll_into_view_nearest(id: &str) {
    let Some(element) = document().and_then(|d| d.get_element_by_id(id)) else {
        return;
    };
    // Through `Reflect`: the options object would need web-sys's `ScrollIntoViewOptions`.
    let options = js_sys::Object::new();
    let _ = js_sys::Reflect::set(
        &options,
        &JsValue::from_str("block"),
        &JsValue::from_str("nearest"),
    );
    let scroll = js_sys::Reflect::get(&element, &JsValue::from_str("scrollIntoView"))
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok());
    if let Some(scroll) = scroll {
        let _ = scroll.call1(&element, &options);
    }
}
