//! The session and the console's other tabs on this origin ([`crate::session::handoff`]): a tab
//! opened without a session asks them for theirs; every tab answers for a session kept in its
//! own `sessionStorage`, and forgets its session when one of them signs out.

use std::cell::{Cell, RefCell};
use std::time::Duration;

use leptos::prelude::*;

use super::SessionState;
use crate::browser::{self, Listener, StorageKind, TabChannel};
use crate::session::handoff::{self, Offers, TabMessage};

thread_local! {
    static CHANNEL: RefCell<Option<TabChannel>> = const { RefCell::new(None) };
    /// When this tab was last focused or shown: the tab used last is the one a new tab was
    /// opened from, so its offer wins.
    static ACTIVE_AT: Cell<f64> = const { Cell::new(0.0) };
    static LISTENERS: RefCell<Vec<Listener>> = const { RefCell::new(Vec::new()) };
}

fn post(message: &TabMessage) {
    CHANNEL.with(|channel| {
        if let Some(channel) = channel.borrow().as_ref() {
            channel.post(&message.to_text());
        }
    });
}

/// Tells the other tabs that this one signed out (they also see it through `localStorage`).
pub(super) fn say_signed_out() {
    post(&TabMessage::SignedOut);
}

/// Whether some tab said lately that it holds a session it could offer.
fn another_tab_may_offer() -> bool {
    let presences: Vec<f64> =
        browser::entries_with_prefix(StorageKind::Local, handoff::PRESENCE_PREFIX)
            .into_iter()
            .filter_map(|(_, at)| at.parse().ok())
            .collect();
    handoff::worth_asking(&presences, js_sys::Date::now())
}

/// Says (or stops saying) in `localStorage` that this tab holds a session it can offer.
fn say_present(state: SessionState, key: &str) {
    let offerable = state
        .session
        .try_with_untracked(|s| s.as_ref().is_some_and(|s| !s.remember))
        .unwrap_or(false);
    if offerable {
        browser::save(
            StorageKind::Local,
            key,
            &js_sys::Date::now().round().to_string(),
        );
    } else {
        browser::remove(StorageKind::Local, key);
    }
}

/// Opens the channel for this tab; without a session, and when another tab may have one, asks
/// the others for theirs and waits for offers (the app shows that it is opening the session).
pub(super) fn connect(state: SessionState) {
    let me = browser::random_id();
    let presence = format!("{}{me}", handoff::PRESENCE_PREFIX);
    let offers = StoredValue::new(Offers::default());
    let asking = state.session_untracked().is_none() && another_tab_may_offer();
    ACTIVE_AT.with(|at| at.set(js_sys::Date::now()));

    // Takes the best offer (if any) and stops waiting; runs once.
    let finish = move || {
        if !state.resolving.try_get_untracked().unwrap_or(false) {
            return;
        }
        let chosen = offers.try_get_value().and_then(Offers::chosen);
        // A session may have arrived meanwhile (the user signed in, or storage).
        if let Some(session) = chosen {
            if state.session_untracked().is_none() {
                state.sign_in(session);
            }
        }
        state.resolving.try_set(false);
    };
    let on_message = {
        let me = me.clone();
        move |text: String| {
            let Some(message) = TabMessage::from_text(&text) else {
                return;
            };
            match &message {
                TabMessage::Ask { .. } => {
                    let active_at = ACTIVE_AT.with(Cell::get);
                    let mine = state.session_untracked();
                    if let Some(offer) = handoff::answer(&message, mine.as_ref(), active_at) {
                        post(&offer);
                    }
                }
                TabMessage::Offer { .. } => {
                    if state.resolving.get_untracked() {
                        let first = offers.with_value(Offers::is_empty);
                        offers.update_value(|o| o.note(&message, &me));
                        if first {
                            set_timeout(
                                finish,
                                Duration::from_millis(u64::from(handoff::GRACE_AFTER_OFFER_MS)),
                            );
                        }
                    }
                }
                TabMessage::SignedOut => state.forget(),
            }
        }
    };
    let channel = TabChannel::open(handoff::CHANNEL, on_message);
    let opened = channel.is_some();
    CHANNEL.with(|slot| *slot.borrow_mut() = channel);

    // This tab's presence follows its session, and goes when the tab does.
    let key = presence.clone();
    Effect::new(move |_| {
        state.session.track();
        say_present(state, &key);
    });
    let seen = {
        let key = presence.clone();
        move || {
            ACTIVE_AT.with(|at| at.set(js_sys::Date::now()));
            say_present(state, &key);
        }
    };
    let listeners: Vec<Listener> = [
        browser::on_window("focus", {
            let seen = seen.clone();
            move |_| seen()
        }),
        browser::on_document("visibilitychange", {
            let seen = seen.clone();
            move |_| {
                if !browser::is_hidden() {
                    seen();
                }
            }
        }),
        browser::on_window("pageshow", {
            let seen = seen.clone();
            move |_| seen()
        }),
        browser::on_window("pagehide", {
            let key = presence.clone();
            move |_| browser::remove(StorageKind::Local, &key)
        }),
    ]
    .into_iter()
    .flatten()
    .collect();
    LISTENERS.with(|slot| *slot.borrow_mut() = listeners);
    let key = presence;
    let _ = set_interval_with_handle(
        move || say_present(state, &key),
        Duration::from_millis(u64::from(handoff::PRESENCE_EVERY_MS)),
    );

    if asking && opened {
        state.resolving.set(true);
        post(&TabMessage::Ask { from: me });
        set_timeout(
            finish,
            Duration::from_millis(u64::from(handoff::WAIT_FOR_OFFERS_MS)),
        );
    }
}
