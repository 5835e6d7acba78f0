//! The colour theme: Light, Dark or the system's, kept in `localStorage` under [`THEME_KEY`].
//! `index.html`'s inline script reads the same key before first paint and sets `data-theme` on
//! `<html>`; `style/main.css` follows that attribute over `prefers-color-scheme`.

/// The `localStorage` key (also in `index.html`'s inline script: keep the two the same).
pub const THEME_KEY: &str = "dbconsole.theme";

/// What the user chose.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Theme {
    Light,
    Dark,
    /// The system's (`prefers-color-scheme`): nothing stored, no attribute.
    #[default]
    System,
}

impl Theme {
    pub const ALL: [Theme; 3] = [Self::Light, Self::Dark, Self::System];

    /// From what is stored: anything but `light` or `dark` (nothing, garbage) is the system's,
    /// as the inline script reads it.
    pub fn from_stored(value: Option<&str>) -> Self {
        match value {
            Some("light") => Self::Light,
            Some("dark") => Self::Dark,
            _ => Self::System,
        }
    }

    /// The stored value and `data-theme` attribute; `None` for the system's.
    pub fn attribute(self) -> Option<&'static str> {
        match self {
            Self::Light => Some("light"),
            Self::Dark => Some("dark"),
            Self::System => None,
        }
    }

    /// The `<option>` value.
    pub fn value(self) -> &'static str {
        self.attribute().unwrap_or("system")
    }

    pub fn from_value(value: &str) -> Self {
        Self::from_stored(Some(value))
    }

    /// For people.
    pub fn label(self) -> &'static str {
        match self {
            Self::Light => "Light",
            Self::Dark => "Dark",
            Self::System => "System",
        }
    }

    /// Whether the page is dark with this theme, given whether the system prefers dark.
    pub fn is_dark(self, system_dark: bool) -> bool {
        match self {
            Self::Light => false,
            Self::Dark => true,
            Self::System => system_dark,
        }
    }

    /// **Switch theme**: the opposite of what is shown now.
    pub fn switched(self, system_dark: bool) -> Self {
        if self.is_dark(system_dark) {
            Self::Light
        } else {
            Self::Dark
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_values_round_trip_and_anything_else_is_the_system() {
        for theme in Theme::ALL {
            assert_eq!(Theme::from_stored(theme.attribute()), theme);
            assert_eq!(Theme::from_value(theme.value()), theme);
        }
        assert_eq!(Theme::from_stored(Some("purple")), Theme::System);
        assert_eq!(Theme::from_stored(None), Theme::System);
    }

    #[test]
    fn switching_gives_the_opposite_of_what_is_shown() {
        assert_eq!(Theme::Light.switched(true), Theme::Dark);
        assert_eq!(Theme::Dark.switched(false), Theme::Light);
        assert_eq!(Theme::System.switched(true), Theme::Light);
        assert_eq!(Theme::System.switched(false), Theme::Dark);
    }
}
