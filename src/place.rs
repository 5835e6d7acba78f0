//! Where the user was on a page — how far down, how many rows were drawn, what had focus — kept
//! in the page's history entry, so Back and Forward bring them back there. Pure Rust: reading
//! and writing `history.state` is in [`crate::browser`].

use serde::{Deserialize, Serialize};

/// The key under which the console keeps its place in `history.state` (the router keeps
/// nothing there, and a navigation of its own replaces the whole state).
pub const STATE_KEY: &str = "dbconsole_place";

/// The most rows pages a place may ask to redraw: a hand-edited or stale entry cannot make a
/// page draw an unbounded number of rows.
pub const MAX_PAGES: usize = 400;

/// Where the user was.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Place {
    /// How far the window was scrolled down, in CSS pixels.
    #[serde(default)]
    pub y: f64,
    /// Pages of rows drawn (the list's **Show more**); 0 when the page has none.
    #[serde(default)]
    pub pages: usize,
    /// The id of the element that had focus, to give it back.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub focus: Option<String>,
    /// Where that element was from the top of the window: restored first, so the element is
    /// back where the user saw it even if what is above it has changed height.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub focus_top: Option<f64>,
}

impl Place {
    /// The place as kept in the history entry.
    pub fn to_text(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// A place read from a history entry; anything unreadable is no place, and values out of
    /// range are brought back into it.
    pub fn from_text(text: &str) -> Option<Self> {
        // serde would also read the struct from a JSON array.
        if !text.trim_start().starts_with('{') {
            return None;
        }
        let mut place: Self = serde_json::from_str(text).ok()?;
        if !place.y.is_finite() || place.y < 0.0 {
            place.y = 0.0;
        }
        place.pages = place.pages.min(MAX_PAGES);
        place.focus = place.focus.filter(|id| !id.is_empty() && id.len() <= 200);
        Some(place)
    }
}

/// How a page was reached, which decides where it starts.
#[derive(Clone, Debug, PartialEq)]
pub enum Arrival {
    /// The first page of this visit (or a reload): the browser's own start, focus untouched.
    Load,
    /// A link or a redirect: the top of the page, focus on its heading.
    Navigation,
    /// Back or Forward: where the user was in that entry, if the console noted it.
    History(Option<Place>),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn places_round_trip() {
        let place = Place {
            y: 2_410.5,
            pages: 3,
            focus: Some("row-54100930736f7563d5030000".into()),
            focus_top: Some(312.0),
        };
        assert_eq!(Place::from_text(&place.to_text()), Some(place));
        assert_eq!(Place::from_text("{}"), Some(Place::default()));
    }

    #[test]
    fn bad_places_are_mended_or_refused() {
        assert_eq!(Place::from_text("nope"), None);
        assert_eq!(Place::from_text("[1]"), None);
        let mended = Place::from_text(r#"{"y":-5,"pages":99999,"focus":""}"#).unwrap();
        assert_eq!(
            mended,
            Place {
                y: 0.0,
                pages: MAX_PAGES,
                focus: None,
                focus_top: None
            }
        );
    }
}
