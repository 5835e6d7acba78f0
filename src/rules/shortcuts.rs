//! The console's keyboard shortcuts: which key press means what, `g` then `d` within a time
//! window, and the list the help dialog shows. Pure, with host tests: the time is given, never
//! read (the shell's document listener passes `KeyboardEvent.timeStamp`).

/// What a shortcut does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shortcut {
    /// Ctrl+K or ⌘K: the command palette.
    Palette,
    /// `/`: the list's Search field (on the list, which is opened first when elsewhere).
    FocusSearch,
    /// `g` then `d`: the databases list.
    GoToList,
    /// `c`: the create form.
    NewDatabase,
    /// `?`: the shortcuts' help.
    Help,
}

/// How long after `g` a `d` still counts, in ms.
pub const SEQUENCE_WINDOW_MS: f64 = 1500.0;

/// Every shortcut as the help dialog lists it: the keys (each a `<kbd>`) and what they do.
pub const HELP: [(&[&str], &str); 6] = [
    (
        &["Ctrl", "K"],
        "Search everything: databases in every region, and actions",
    ),
    (&["⌘", "K"], "The same, on a Mac"),
    (
        &["/"],
        "Search the databases list (opens the list first when elsewhere)",
    ),
    (
        &["g", "d"],
        "Go to the databases list (d within 1.5 seconds of g)",
    ),
    (&["c"], "Create a database"),
    (&["?"], "Show these keyboard shortcuts"),
];

/// One key press, as the document's `keydown` listener sees it.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct KeyPress<'a> {
    /// `KeyboardEvent.key`: `"k"`, `"/"`, `"?"`…
    pub key: &'a str,
    pub ctrl: bool,
    pub meta: bool,
    pub alt: bool,
    /// The press is for a field: an input, a textarea, a select or contenteditable content.
    pub in_field: bool,
    /// When, in ms (any clock, as long as it is the same one for every press).
    pub at_ms: f64,
}

/// The state between key presses: a `g` waiting for its `d`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Sequence {
    window_ms: f64,
    g_at: Option<f64>,
}

impl Sequence {
    /// A `d` counts for `window_ms` after its `g`.
    pub fn new(window_ms: f64) -> Self {
        Self {
            window_ms,
            g_at: None,
        }
    }

    /// What a key press means, if anything. Nothing fires while typing in a field or with a
    /// modifier (Shift excepted: it types `?`), except the palette's Ctrl+K / ⌘K, which works
    /// everywhere. Any key but `d` ends a waiting `g`, and is then read on its own.
    pub fn press(&mut self, press: KeyPress<'_>) -> Option<Shortcut> {
        let is_k = press.key.eq_ignore_ascii_case("k");
        if is_k && (press.ctrl || press.meta) && !press.alt {
            self.g_at = None;
            return Some(Shortcut::Palette);
        }
        if press.ctrl || press.meta || press.alt || press.in_field {
            self.g_at = None;
            return None;
        }
        if let Some(g_at) = self.g_at.take() {
            let elapsed = press.at_ms - g_at;
            if press.key == "d" && (0.0..=self.window_ms).contains(&elapsed) {
                return Some(Shortcut::GoToList);
            }
        }
        match press.key {
            "g" => {
                self.g_at = Some(press.at_ms);
                None
            }
            "/" => Some(Shortcut::FocusSearch),
            "c" => Some(Shortcut::NewDatabase),
            "?" => Some(Shortcut::Help),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(key: &str, at_ms: f64) -> KeyPress<'_> {
        KeyPress {
            key,
            at_ms,
            ..Default::default()
        }
    }

    #[test]
    fn single_keys() {
        let mut keys = Sequence::new(1000.0);
        assert_eq!(keys.press(key("/", 0.0)), Some(Shortcut::FocusSearch));
        assert_eq!(keys.press(key("c", 0.0)), Some(Shortcut::NewDatabase));
        assert_eq!(keys.press(key("?", 0.0)), Some(Shortcut::Help));
        assert_eq!(keys.press(key("x", 0.0)), None);
        assert_eq!(keys.press(key("d", 0.0)), None);
    }

    #[test]
    fn g_then_d_within_the_window_goes_to_the_list() {
        let mut keys = Sequence::new(1000.0);
        assert_eq!(keys.press(key("g", 10_000.0)), None);
        assert_eq!(keys.press(key("d", 10_999.0)), Some(Shortcut::GoToList));
        // Used up: a second d alone does nothing.
        assert_eq!(keys.press(key("d", 11_000.0)), None);
        // Exactly at the end of the window still counts.
        keys.press(key("g", 20_000.0));
        assert_eq!(keys.press(key("d", 21_000.0)), Some(Shortcut::GoToList));
    }

    #[test]
    fn a_d_too_late_or_after_another_key_does_nothing() {
        let mut keys = Sequence::new(1000.0);
        keys.press(key("g", 0.0));
        assert_eq!(keys.press(key("d", 1000.1)), None);
        keys.press(key("g", 5000.0));
        assert_eq!(keys.press(key("x", 5100.0)), None);
        assert_eq!(keys.press(key("d", 5200.0)), None);
        // The key that broke the sequence still does its own thing.
        keys.press(key("g", 6000.0));
        assert_eq!(keys.press(key("c", 6100.0)), Some(Shortcut::NewDatabase));
        // g g d: the second g starts again.
        keys.press(key("g", 7000.0));
        keys.press(key("g", 7900.0));
        assert_eq!(keys.press(key("d", 8800.0)), Some(Shortcut::GoToList));
    }

    #[test]
    fn nothing_fires_while_typing_or_with_a_modifier() {
        let mut keys = Sequence::new(1000.0);
        let typing = |key| KeyPress {
            key,
            in_field: true,
            ..Default::default()
        };
        for k in ["/", "c", "?", "g"] {
            assert_eq!(keys.press(typing(k)), None, "typing {k}");
        }
        assert_eq!(keys.press(typing("d")), None);
        let with = |ctrl, meta, alt| KeyPress {
            key: "c",
            ctrl,
            meta,
            alt,
            ..Default::default()
        };
        assert_eq!(keys.press(with(true, false, false)), None);
        assert_eq!(keys.press(with(false, true, false)), None);
        assert_eq!(keys.press(with(false, false, true)), None);
        // A g typed in a field does not wait for a d outside it.
        keys.press(typing("g"));
        assert_eq!(keys.press(key("d", 1.0)), None);
        // Ctrl+g is not g.
        keys.press(KeyPress {
            key: "g",
            ctrl: true,
            ..Default::default()
        });
        assert_eq!(keys.press(key("d", 1.0)), None);
    }

    #[test]
    fn ctrl_k_and_cmd_k_open_the_palette_even_in_a_field() {
        let mut keys = Sequence::new(1000.0);
        for (k, ctrl, meta, in_field) in [
            ("k", true, false, false),
            ("K", true, false, false),
            ("k", false, true, false),
            ("k", true, false, true),
        ] {
            let press = KeyPress {
                key: k,
                ctrl,
                meta,
                in_field,
                ..Default::default()
            };
            assert_eq!(keys.press(press), Some(Shortcut::Palette), "{press:?}");
        }
        assert_eq!(keys.press(key("k", 0.0)), None);
        let alt = KeyPress {
            key: "k",
            ctrl: true,
            alt: true,
            ..Default::default()
        };
        assert_eq!(keys.press(alt), None);
    }

    #[test]
    fn the_help_lists_every_shortcut() {
        let keys: Vec<String> = HELP.iter().map(|(keys, _)| keys.join(" ")).collect();
        assert_eq!(keys, ["Ctrl K", "⌘ K", "/", "g d", "c", "?"]);
    }
}
