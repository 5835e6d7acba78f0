use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_navigate};
use wasm_bindgen::JsCast;

use crate::browser;
use crate::paths;
use crate::rules::shortcuts::{KeyPress, Sequence, Shortcut, SEQUENCE_WINDOW_MS};
use crate::state::use_session;

/// The palette's dialog once shown and then closed, before its `close` event has unmounted it.
const PALETTE_CLOSING: &str = "dialog.dialog--palette[data-shown]:not([open])";

/// The console's keyboard shortcuts, read on the document for as long as the calling component
/// (the shell) lives: Ctrl+K / ⌘K opens the palette, `/` the list's Search, `g` `d`
/// the list, `c` the create form, `?` the help. Only while signed in; none while a dialog is
/// open, while typing in a field or with a modifier (but the palette's), or when a handler of
/// the page already used the key.
pub fn use_shortcuts(palette_open: RwSignal<bool>, help_open: RwSignal<bool>) {
    let state = use_session();
    let navigate = use_navigate();
    let location = use_location();
    let sequence = StoredValue::new(Sequence::new(SEQUENCE_WINDOW_MS));
    // Ctrl+K came while the palette was closing: it opens again once it has closed.
    let reopen_palette = StoredValue::new(false);
    Effect::new(move |_| {
        if !palette_open.get() && reopen_palette.get_value() {
            reopen_palette.set_value(false);
            palette_open.set(true);
        }
    });
    let on_keydown = move |event: web_sys::Event| {
        let Some(key_event) = event.dyn_ref::<web_sys::KeyboardEvent>() else {
            return;
        };
        if key_event.default_prevented() || key_event.repeat() || key_event.is_composing() {
            return;
        }
        if state.session_untracked().is_none() {
            return;
        }
        let key = key_event.key();
        let press = KeyPress {
            key: &key,
            ctrl: key_event.ctrl_key(),
            meta: key_event.meta_key(),
            alt: key_event.alt_key(),
            in_field: browser::is_for_a_field(&event),
            at_ms: event.time_stamp(),
        };
        let Some(shortcut) = sequence.try_update_value(|s| s.press(press)).flatten() else {
            return;
        };
        let here = paths::strip_base(paths::base(), &location.pathname.get_untracked()).to_string();
        if shortcut == Shortcut::Palette {
            // The browser's own Ctrl+K (its search bar) gives way inside the console.
            event.prevent_default();
            // Open already, it closes itself on Ctrl+K (its field has the key first).
            if browser::a_dialog_is_open() {
                return;
            }
            if !palette_open.get_untracked() {
                palette_open.set(true);
            } else if browser::matches_something(PALETTE_CLOSING) {
                // Closed, but its `close` event (which unmounts it and clears `palette_open`)
                // still waits behind this key, as input runs before queued tasks.
                reopen_palette.set_value(true);
            }
            return;
        }
        // The palette may still be loading (its chunk, no dialog yet): keys typed meanwhile are
        // not shortcuts. Once its dialog is there, the dialog says whether it is open: closed,
        // it is gone for the user even while its `close` event (which unmounts it and clears
        // `palette_open`) still waits behind this key, as input runs before queued tasks.
        let palette_loading =
            palette_open.get_untracked() && !browser::matches_something("dialog.dialog--palette");
        if palette_loading || browser::a_dialog_is_open() {
            return;
        }
        event.prevent_default();
        match shortcut {
            Shortcut::Palette => {}
            Shortcut::FocusSearch => {
                if here == paths::DATABASES {
                    browser::focus_selector("#search", false);
                } else {
                    browser::focus_on_arrival("#search");
                    navigate(paths::DATABASES, Default::default());
                }
            }
            Shortcut::GoToList => {
                if here != paths::DATABASES {
                    navigate(paths::DATABASES, Default::default());
                }
            }
            Shortcut::NewDatabase => {
                if here != paths::NEW_DATABASE {
                    navigate(paths::NEW_DATABASE, Default::default());
                }
            }
            Shortcut::Help => help_open.set(true),
        }
    };
    let listener = StoredValue::new_local(browser::on_document("keydown", on_keydown));
    // Removed with the shell (dropping the listener removes it from the document).
    on_cleanup(move || listener.dispose());
}
