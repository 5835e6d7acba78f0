//! Announcements: what just happened, said in the shell's polite live region and kept in view
//! until dismissed ([`crate::components::announcements::Announcements`]).

/// How an announcement reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tone {
    /// Something the user asked for was done.
    Success,
    /// Something the user asked for could not be done.
    Failure,
    /// Worth knowing.
    Info,
}

impl Tone {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Success => "success",
            Self::Failure => "failure",
            Self::Info => "info",
        }
    }

    /// Never colour alone: each tone has its sign.
    pub fn icon(self) -> &'static str {
        match self {
            Self::Success => "✓",
            Self::Failure => "⚠",
            Self::Info => "ℹ",
        }
    }
}

/// One thing said.
#[derive(Clone, Debug, PartialEq)]
pub struct Announcement {
    pub id: u64,
    pub text: String,
    /// A link to follow it: an app path and its text.
    pub link: Option<(String, String)>,
    pub tone: Tone,
}

/// The most announcements kept in view; older ones give way.
pub const MAX_SHOWN: usize = 3;

/// Adds an announcement to those in view, the oldest dropped beyond [`MAX_SHOWN`]; one with the
/// same text replaces the older one rather than repeating it.
pub fn add(shown: &mut Vec<Announcement>, announcement: Announcement) {
    shown.retain(|a| a.text != announcement.text);
    shown.push(announcement);
    let excess = shown.len().saturating_sub(MAX_SHOWN);
    shown.drain(..excess);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn said(id: u64, text: &str) -> Announcement {
        Announcement {
            id,
            text: text.into(),
            link: None,
            tone: Tone::Info,
        }
    }

    #[test]
    fn the_newest_are_kept_and_repeats_replace() {
        let mut shown = Vec::new();
        for (id, text) in [(1, "a"), (2, "b"), (3, "c"), (4, "d")] {
            add(&mut shown, said(id, text));
        }
        assert_eq!(shown.iter().map(|a| a.id).collect::<Vec<_>>(), [2, 3, 4]);
        add(&mut shown, said(5, "c"));
        assert_eq!(shown.iter().map(|a| a.id).collect::<Vec<_>>(), [2, 4, 5]);
    }
}
