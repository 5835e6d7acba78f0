//! The session and the console's other tabs on this origin ([`crate::session::handoff`]): a tab
//! opened without a session asks them for theirs; every tab answers for a session kept in its
//! own `sessionStorage`, and forgets its session when one of them signs out.

use std::cell::{Cell, RefCell};

use leptos::prelude::*;

use super::SessionState;
use crate::browser::{self, Listener, TabChannel};
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

/// Opens the channel for this tab; without a session, asks the others for theirs and waits
/// [`handoff::WAIT_FOR_OFFERS_MS`] for offers (the app shows that it is opening the session).
pub(super) fn connect(state: SessionState) {
    let me = browser::random_id();
    let offers = StoredValue::new(Offers::default());
    let asking = state.session_untracked().is_none();
    ACTIVE_AT.with(|at| at.set(js_sys::Date::now()));
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
                        offers.update_value(|o| o.note(&message, &me));
                    }
                }
                TabMessage::SignedOut => state.forget(),
            }
        }
    };
    let channel = TabChannel::open(handoff::CHANNEL, on_message);
    let opened = channel.is_some();
    CHANNEL.with(|slot| *slot.borrow_mut() = channel);
    let seen = || ACTIVE_AT.with(|at| at.set(js_sys::Date::now()));
    let listeners: Vec<Listener> = [
        browser::on_window("focus", move |_| seen()),
        browser::on_document("visibilitychange", move |_| {
            if !browser::is_hidden() {
                seen();
            }
        }),
    ]
    .into_iter()
    .flatten()
    .collect();
    LISTENERS.with(|slot| *slot.borrow_mut() = listeners);

    if asking && opened {
        state.resolving.set(true);
        post(&TabMessage::Ask { from: me });
        set_timeout(
            move || {
                let chosen = offers.try_get_value().and_then(Offers::chosen);
                // A session may have arrived meanwhile (the user signed in, or storage).
                if let Some(session) = chosen {
                    if state.session_untracked().is_none() {
                        state.sign_in(session);
                    }
                }
                state.resolving.try_set(false);
            },
            std::time::Duration::from_millis(u64::from(handoff::WAIT_FOR_OFFERS_MS)),
        );
    }
}
