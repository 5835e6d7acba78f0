//! Handing a session that is not remembered to a new tab of the console, as the messages open
//! tabs exchange on a `BroadcastChannel` (same origin only, in memory, never through storage).
//!
//! A tab opened without a session (Ctrl+click, middle click, a pasted deep link) asks; every tab
//! holding a session kept in its own `sessionStorage` offers it; the asking tab waits a moment,
//! then takes the offer of the tab the user used last, which is the one they opened it from.
//! Sign-out is said on the channel too, so it reaches every tab. Pure Rust: the channel itself
//! is in [`crate::browser`].

use serde::{Deserialize, Serialize};

use super::Session;

/// The channel's name: every tab of the console on this origin listens to it.
pub const CHANNEL: &str = "dbconsole.session";

/// How long a new tab waits for offers at most, in milliseconds, when a tab that could offer
/// one is open. Tabs answer within a task or two, but a background tab on a busy machine can
/// take hundreds of milliseconds.
pub const WAIT_FOR_OFFERS_MS: u32 = 1_500;

/// Once an offer came, how long to wait for more (the tab used last may answer second).
pub const GRACE_AFTER_OFFER_MS: u32 = 100;

/// The `localStorage` key prefix under which a tab holding a session that is not remembered
/// says it is open: `dbconsole.tab.<tab id>` = when it last said so (ms since the epoch). No
/// secret is in it; it only spares a tab opened alone the wait for offers that cannot come.
pub const PRESENCE_PREFIX: &str = "dbconsole.tab.";

/// How often a tab says again that it is open, in milliseconds.
pub const PRESENCE_EVERY_MS: u32 = 20_000;

/// A presence older than this is a tab that closed without saying so (a crash), or one the
/// browser has slowed down for a long time; hidden tabs' timers can run once a minute.
pub const PRESENCE_STALE_MS: f64 = 180_000.0;

/// Whether a tab opened without a session should ask the others: some tab said it was open
/// with a session lately. `presences` are the values under [`PRESENCE_PREFIX`].
pub fn worth_asking(presences: &[f64], now_ms: f64) -> bool {
    presences
        .iter()
        .any(|&at| at.is_finite() && now_ms - at < PRESENCE_STALE_MS)
}

/// One message on the channel.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum TabMessage {
    /// A tab without a session asks for one; `from` identifies it.
    Ask { from: String },
    /// A tab's session, for the tab that asked.
    Offer {
        to: String,
        /// The session as [`Session::to_stored`] writes it.
        session: String,
        /// When the offering tab was last focused or shown (ms since the epoch): the newest
        /// wins, since that is the tab the new one was opened from.
        active_at: f64,
    },
    /// A tab signed out: every tab forgets its session.
    SignedOut,
}

impl TabMessage {
    /// The message as sent on the channel.
    pub fn to_text(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// A message read off the channel; anything else (another version, garbage) is ignored.
    pub fn from_text(text: &str) -> Option<Self> {
        serde_json::from_str(text).ok()
    }
}

/// What a tab answers to an [`TabMessage::Ask`]: its session, unless it has none or the session
/// is remembered (the asking tab finds that one in `localStorage` by itself).
pub fn answer(asked: &TabMessage, mine: Option<&Session>, active_at: f64) -> Option<TabMessage> {
    let TabMessage::Ask { from } = asked else {
        return None;
    };
    let session = mine.filter(|session| !session.remember)?;
    Some(TabMessage::Offer {
        to: from.clone(),
        session: session.to_stored(),
        active_at,
    })
}

/// The offers made to this tab (`me`), from the messages received while it waited.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Offers {
    best: Option<(f64, Session)>,
}

impl Offers {
    /// Takes note of a message: an offer to this tab that can be read is kept if it comes from
    /// a tab used more recently than the ones before.
    pub fn note(&mut self, message: &TabMessage, me: &str) {
        let TabMessage::Offer {
            to,
            session,
            active_at,
        } = message
        else {
            return;
        };
        if to != me {
            return;
        }
        let Some(session) = Session::from_stored(session, false) else {
            return;
        };
        if self.best.as_ref().is_none_or(|(best, _)| active_at > best) {
            self.best = Some((*active_at, session));
        }
    }

    /// Whether no usable offer came yet.
    pub fn is_empty(&self) -> bool {
        self.best.is_none()
    }

    /// The session to take, if any tab offered one.
    pub fn chosen(self) -> Option<Session> {
        self.best.map(|(_, session)| session)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::session::{Connection, Token};

    fn local(token: &str, remember: bool) -> Session {
        Session::new(Connection::Local, Token::new(token), remember)
    }

    #[test]
    fn messages_round_trip_and_garbage_is_ignored() {
        for message in [
            TabMessage::Ask { from: "a1".into() },
            TabMessage::Offer {
                to: "a1".into(),
                session: local("t", false).to_stored(),
                active_at: 12.5,
            },
            TabMessage::SignedOut,
        ] {
            assert_eq!(TabMessage::from_text(&message.to_text()), Some(message));
        }
        assert_eq!(TabMessage::from_text("{"), None);
        assert_eq!(TabMessage::from_text(r#"{"kind":"steal"}"#), None);
    }

    #[test]
    fn only_a_session_kept_in_the_tab_is_offered() {
        let ask = TabMessage::Ask { from: "new".into() };
        let offered = answer(&ask, Some(&local("dev-token", false)), 7.0);
        let Some(TabMessage::Offer {
            to,
            session,
            active_at,
        }) = offered
        else {
            panic!("no offer: {offered:?}")
        };
        assert_eq!((to.as_str(), active_at), ("new", 7.0));
        assert_eq!(
            Session::from_stored(&session, false).map(|s| s.token),
            Some(Token::new("dev-token"))
        );
        assert_eq!(answer(&ask, Some(&local("x", true)), 1.0), None);
        assert_eq!(answer(&ask, None, 1.0), None);
        assert_eq!(
            answer(&TabMessage::SignedOut, Some(&local("x", false)), 1.0),
            None
        );
        // The demo has no token, and is handed over all the same.
        assert!(answer(&ask, Some(&Session::demo()), 1.0).is_some());
    }

    #[test]
    fn a_tab_opened_alone_does_not_wait() {
        let now = 1_000_000.0;
        assert!(!worth_asking(&[], now));
        assert!(!worth_asking(&[now - PRESENCE_STALE_MS - 1.0], now));
        assert!(!worth_asking(&[f64::NAN], now));
        assert!(worth_asking(
            &[now - PRESENCE_STALE_MS - 1.0, now - 5_000.0],
            now
        ));
    }

    #[test]
    fn the_tab_used_last_wins_and_offers_to_others_are_ignored() {
        let offer = |to: &str, token: &str, at: f64| TabMessage::Offer {
            to: to.into(),
            session: local(token, false).to_stored(),
            active_at: at,
        };
        let mut offers = Offers::default();
        offers.note(&offer("me", "older", 10.0), "me");
        offers.note(&offer("me", "newest", 30.0), "me");
        offers.note(&offer("me", "middle", 20.0), "me");
        offers.note(&offer("someone-else", "theirs", 99.0), "me");
        offers.note(&TabMessage::SignedOut, "me");
        offers.note(
            &TabMessage::Offer {
                to: "me".into(),
                session: "{broken".into(),
                active_at: 100.0,
            },
            "me",
        );
        assert!(!offers.is_empty());
        assert_eq!(offers.chosen().map(|s| s.token), Some(Token::new("newest")));
        assert!(Offers::default().is_empty());
        assert_eq!(Offers::default().chosen(), None);
    }
}
