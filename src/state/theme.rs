//! The theme the user chose, shared by the header's **Theme** control and the palette's
//! **Switch theme**: kept in `localStorage` and applied to `<html data-theme>` at once (the
//! inline script in `index.html` applies it before first paint on the next load), and followed
//! when another tab changes it.

use leptos::prelude::*;

use crate::browser::{self, StorageKind};
use crate::rules::theme::{Theme, THEME_KEY};

/// The chosen theme. `Copy`, like the signal it holds.
#[derive(Clone, Copy)]
pub struct ThemeChoice(RwSignal<Theme>);

impl ThemeChoice {
    /// The chosen theme (tracked).
    pub fn get(&self) -> Theme {
        self.0.get()
    }

    /// Chooses a theme: stored (the system's removes the key), applied to the page now.
    pub fn set(&self, theme: Theme) {
        match theme.attribute() {
            Some(value) => {
                // Storage may be disabled: the theme still applies to this page.
                let _ = browser::save(StorageKind::Local, THEME_KEY, value);
            }
            None => browser::remove(StorageKind::Local, THEME_KEY),
        }
        browser::set_theme_attribute(theme.attribute());
        self.0.set(theme);
    }

    /// **Switch theme**: the opposite of what is shown now.
    pub fn switch(&self) {
        let shown = self.0.get_untracked();
        self.set(shown.switched(browser::system_prefers_dark()));
    }
}

/// Reads the stored theme and provides it to the app.
pub fn provide_theme() -> ThemeChoice {
    let stored = browser::load(StorageKind::Local, THEME_KEY);
    let theme = Theme::from_stored(stored.as_deref());
    // Already so if the inline script ran; again in case it could not (a build without it).
    browser::set_theme_attribute(theme.attribute());
    let choice = ThemeChoice(RwSignal::new(theme));
    provide_context(choice);
    // A theme chosen in another tab applies here too (the `storage` event fires in the others).
    let listener = window_event_listener(leptos::ev::storage, move |event| {
        if event.key().as_deref() == Some(THEME_KEY) || event.key().is_none() {
            let theme = Theme::from_stored(event.new_value().as_deref());
            browser::set_theme_attribute(theme.attribute());
            choice.0.set(theme);
        }
    });
    on_cleanup(move || listener.remove());
    choice
}

/// The theme the app provides.
pub fn use_theme() -> ThemeChoice {
    expect_context::<ThemeChoice>()
}
