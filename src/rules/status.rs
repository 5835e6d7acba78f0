//! A database's status as people read it: one of eight words, from the most precise source the
//! console has (`shared/reference/lifecycle-api.md` §2).
//!
//! The Database API's `database.status` says the most (`creating`, `updating`, `upgrading`…);
//! the addon's `status` (`provisioning`, `running`, `suspended`) is what the list gives; when
//! neither says anything the console knows, the status is [`Status::Unknown`].

use model::lifecycle::{AddonStatus, DbaasStatus};

/// A database's status, for people.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Status {
    /// Being created (DBaaS `creating`, addon `provisioning`).
    Provisioning,
    Running,
    /// A plan change is under way (DBaaS `updating`).
    Updating,
    /// A version upgrade is under way (DBaaS `upgrading`).
    Upgrading,
    /// Moving to other nodes (DBaaS `migrating`).
    Migrating,
    /// The addon is suspended (addon `suspended`, for example for an unpaid bill).
    Suspended,
    /// DBaaS `stopped`.
    Stopped,
    /// No source says anything the console knows.
    Unknown,
}

impl Status {
    /// Every status, in the order a legend lists them.
    pub const ALL: [Status; 8] = [
        Self::Provisioning,
        Self::Running,
        Self::Updating,
        Self::Upgrading,
        Self::Migrating,
        Self::Suspended,
        Self::Stopped,
        Self::Unknown,
    ];

    /// The word shown, always: `Provisioning`, `Running`, …, `Unknown`.
    pub fn label(self) -> &'static str {
        match self {
            Self::Provisioning => "Provisioning",
            Self::Running => "Running",
            Self::Updating => "Updating",
            Self::Upgrading => "Upgrading",
            Self::Migrating => "Migrating",
            Self::Suspended => "Suspended",
            Self::Stopped => "Stopped",
            Self::Unknown => "Unknown",
        }
    }

    /// A character shown before the label. Decoration only: the label carries the meaning, so
    /// the icon is hidden from screen readers (`aria-hidden`) and never shown alone.
    pub fn icon(self) -> char {
        match self {
            Self::Provisioning => '◔',
            Self::Running => '●',
            Self::Updating => '↻',
            Self::Upgrading => '⇡',
            Self::Migrating => '⇄',
            Self::Suspended => '⏸',
            Self::Stopped => '■',
            Self::Unknown => '?',
        }
    }

    /// A lower-case name for a CSS class or a `data-` attribute: `provisioning`, `running`…
    pub fn slug(self) -> &'static str {
        match self {
            Self::Provisioning => "provisioning",
            Self::Running => "running",
            Self::Updating => "updating",
            Self::Upgrading => "upgrading",
            Self::Migrating => "migrating",
            Self::Suspended => "suspended",
            Self::Stopped => "stopped",
            Self::Unknown => "unknown",
        }
    }

    /// Whether the database is on its way to another status, so worth reading again soon:
    /// provisioning, updating, upgrading, migrating.
    pub fn is_transition(self) -> bool {
        matches!(
            self,
            Self::Provisioning | Self::Updating | Self::Upgrading | Self::Migrating
        )
    }

    /// What a Database API status says; `None` for a value the console does not know.
    pub fn from_dbaas(status: DbaasStatus) -> Option<Self> {
        match status {
            DbaasStatus::Creating => Some(Self::Provisioning),
            DbaasStatus::Running => Some(Self::Running),
            DbaasStatus::Updating => Some(Self::Updating),
            DbaasStatus::Upgrading => Some(Self::Upgrading),
            DbaasStatus::Migrating => Some(Self::Migrating),
            DbaasStatus::Stopped => Some(Self::Stopped),
            DbaasStatus::Unknown => None,
        }
    }

    /// What an addon status says; `None` for a value the console does not know.
    pub fn from_addon(status: AddonStatus) -> Option<Self> {
        match status {
            AddonStatus::Provisioning => Some(Self::Provisioning),
            AddonStatus::Running => Some(Self::Running),
            AddonStatus::Suspended => Some(Self::Suspended),
            AddonStatus::Unknown => None,
        }
    }

    /// A Database API status as the API writes it (`creating`, `running`…); `None` for an
    /// empty or unknown value.
    pub fn from_dbaas_text(text: &str) -> Option<Self> {
        let status = serde_json::from_value(serde_json::Value::String(text.trim().to_lowercase()));
        status.ok().and_then(Self::from_dbaas)
    }

    /// An addon status as the API writes it (`provisioning`, `running`, `suspended`); `None`
    /// for an empty or unknown value.
    pub fn from_addon_text(text: &str) -> Option<Self> {
        let status = serde_json::from_value(serde_json::Value::String(text.trim().to_lowercase()));
        status.ok().and_then(Self::from_addon)
    }

    /// The status from the sources at hand, the most precise first: the Database API's, else
    /// the addon's, else [`Status::Unknown`]. A source with a value the console does not know
    /// counts as absent (the next one decides).
    pub fn derive(dbaas: Option<DbaasStatus>, addon: Option<AddonStatus>) -> Self {
        dbaas
            .and_then(Self::from_dbaas)
            .or_else(|| addon.and_then(Self::from_addon))
            .unwrap_or(Self::Unknown)
    }
}

impl std::fmt::Display for Status {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.label())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_dbaas_status_maps() {
        let cases = [
            ("creating", Status::Provisioning),
            ("running", Status::Running),
            ("updating", Status::Updating),
            ("upgrading", Status::Upgrading),
            ("migrating", Status::Migrating),
            ("stopped", Status::Stopped),
        ];
        for (text, status) in cases {
            assert_eq!(Status::from_dbaas_text(text), Some(status), "{text}");
            let parsed: DbaasStatus = serde_json::from_str(&format!("\"{text}\"")).unwrap();
            assert_eq!(Status::derive(Some(parsed), None), status);
            // The Database API's word wins over the addon's.
            assert_eq!(
                Status::derive(Some(parsed), Some(AddonStatus::Suspended)),
                status
            );
        }
        assert_eq!(Status::from_dbaas_text(" Running "), Some(Status::Running));
    }

    #[test]
    fn each_addon_status_maps() {
        let cases = [
            ("provisioning", Status::Provisioning),
            ("running", Status::Running),
            ("suspended", Status::Suspended),
        ];
        for (text, status) in cases {
            assert_eq!(Status::from_addon_text(text), Some(status), "{text}");
            let parsed: AddonStatus = serde_json::from_str(&format!("\"{text}\"")).unwrap();
            assert_eq!(Status::derive(None, Some(parsed)), status);
        }
    }

    #[test]
    fn unknown_words_fall_through_to_the_next_source() {
        for text in ["", "rebooting", "creating!", "RUNNING-ish"] {
            assert_eq!(Status::from_dbaas_text(text), None, "{text:?}");
            assert_eq!(Status::from_addon_text(text), None, "{text:?}");
        }
        // "creating" is no addon status, "provisioning" no DBaaS one.
        assert_eq!(Status::from_addon_text("creating"), None);
        assert_eq!(Status::from_dbaas_text("provisioning"), None);
        assert_eq!(
            Status::derive(Some(DbaasStatus::Unknown), Some(AddonStatus::Provisioning)),
            Status::Provisioning
        );
        assert_eq!(
            Status::derive(Some(DbaasStatus::Unknown), Some(AddonStatus::Unknown)),
            Status::Unknown
        );
        assert_eq!(Status::derive(None, None), Status::Unknown);
    }

    #[test]
    fn labels_icons_and_transitions() {
        let transitions: Vec<_> = Status::ALL
            .into_iter()
            .filter(|s| s.is_transition())
            .collect();
        assert_eq!(
            transitions,
            [
                Status::Provisioning,
                Status::Updating,
                Status::Upgrading,
                Status::Migrating
            ]
        );
        let mut icons: Vec<char> = Status::ALL.iter().map(|s| s.icon()).collect();
        icons.sort_unstable();
        icons.dedup();
        assert_eq!(icons.len(), Status::ALL.len(), "one icon per status");
        for status in Status::ALL {
            assert_eq!(status.to_string(), status.label());
            assert_eq!(status.slug(), status.label().to_lowercase());
            assert!(!status.icon().is_alphanumeric());
        }
    }
}
