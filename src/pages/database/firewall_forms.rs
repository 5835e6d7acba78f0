//! The rules of **Firewall** ([`super::firewall`]) and **Connect** ([`super::connect`]) as pure
//! Rust, beside them as [`super::settings_forms`] is beside Settings: what a typed CIDR reads as
//! while it is typed (with `model::cidr::check`, the stores' own rule), how a rule is named, the
//! 30-rule limit, which managed ranges can still be added, what each form sends, and where each
//! refusal of the server is said.

use model::lifecycle::{FirewallRule, ManagedRange, RuleKind};
use model::store::MAX_FIREWALL_RULES;
use model::FieldErrors;

use crate::api::requests::NewRule;
use crate::api::ApiError;
use crate::messages::field_sentence;

/// The most rules a database may have (the stores refuse the 31st).
pub const MAX_RULES: usize = MAX_FIREWALL_RULES;

/// What every change says: the firewall does not change at once.
pub const DELAY_NOTE: &str = "Changes take about two minutes to apply.";

/// What **CIDR** says about what is typed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CidrFeedback {
    /// Nothing typed yet: nothing to say.
    Nothing,
    /// Refused: the reason, and nothing is sent.
    Invalid(String),
    /// Accepted: the range that will be kept (`normalised`), a note when it differs from what
    /// was typed, and a warning when it admits every address.
    Valid {
        normalised: String,
        note: Option<String>,
        warning: Option<String>,
    },
}

impl CidrFeedback {
    pub fn is_invalid(&self) -> bool {
        matches!(self, Self::Invalid(_))
    }
}

/// The warning for `0.0.0.0/0`: allowed, but said plainly.
pub const EVERYONE_WARNING: &str =
    "0.0.0.0/0 admits every address on the Internet: the firewall then stops no one. Prefer your own address or network.";

/// Reads a typed CIDR (surrounding spaces ignored, as the request trims them).
pub fn cidr_feedback(typed: &str) -> CidrFeedback {
    let typed = typed.trim();
    if typed.is_empty() {
        return CidrFeedback::Nothing;
    }
    match model::cidr::check(typed) {
        Err(wrong) => CidrFeedback::Invalid(wrong.to_string()),
        Ok(range) => {
            let normalised = range.to_string();
            let note = range
                .had_host_bits()
                .then(|| format!("Saved as {normalised}: the network that {typed} belongs to."));
            let warning = range
                .admits_everyone()
                .then(|| EVERYONE_WARNING.to_string());
            CidrFeedback::Valid {
                normalised,
                note,
                warning,
            }
        }
    }
}

/// The request **Add rule** sends, or what to say at **CIDR** instead (and send nothing). The
/// CIDR sent is the normalised one, so what is listed is what was shown.
pub fn custom_rule(typed_cidr: &str, typed_label: &str) -> Result<NewRule, String> {
    match cidr_feedback(typed_cidr) {
        CidrFeedback::Nothing => Err(model::CidrError::Empty.to_string()),
        CidrFeedback::Invalid(reason) => Err(reason),
        CidrFeedback::Valid { normalised, .. } => {
            let label = typed_label.trim();
            Ok(NewRule::Custom {
                cidr: normalised,
                label: (!label.is_empty()).then(|| label.to_string()),
            })
        }
    }
}

/// The request **Add range** sends, or what to say at **Managed range** instead.
pub fn managed_rule(range_id: &str) -> Result<NewRule, String> {
    if range_id.is_empty() {
        return Err("Choose a managed range.".into());
    }
    Ok(NewRule::Managed {
        range_id: range_id.to_string(),
    })
}

/// The managed range's name, else its id (a range the list does not know).
pub fn range_name(ranges: &[ManagedRange], range_id: &str) -> String {
    ranges
        .iter()
        .find(|r| r.id == range_id && !r.name.is_empty())
        .map_or_else(|| range_id.to_string(), |r| r.name.clone())
}

/// What a rule admits, as the table's second column says it: its CIDR, or its range's name.
pub fn rule_range(rule: &FirewallRule, ranges: &[ManagedRange]) -> String {
    match rule.kind {
        RuleKind::CustomRange => rule.cidr.clone().unwrap_or_default(),
        RuleKind::ManagedRange => range_name(ranges, rule.range_id.as_deref().unwrap_or_default()),
    }
}

/// A rule's name for its **Remove …** button and the messages: its label, else its CIDR or
/// range name.
pub fn rule_name(rule: &FirewallRule, ranges: &[ManagedRange]) -> String {
    rule.label
        .as_deref()
        .map(str::trim)
        .filter(|label| !label.is_empty())
        .map_or_else(|| rule_range(rule, ranges), str::to_string)
}

/// The rule's type, in the dashboard's words.
pub fn rule_type(kind: RuleKind) -> &'static str {
    match kind {
        RuleKind::CustomRange => "Custom range",
        RuleKind::ManagedRange => "Managed range",
    }
}

/// "3 of 30 rules".
pub fn count_label(count: usize) -> String {
    let noun = if MAX_RULES == 1 { "rule" } else { "rules" };
    format!("{count} of {MAX_RULES} {noun}")
}

/// Why no rule can be added now, or `None` when one can.
pub fn limit_reached(count: usize) -> Option<String> {
    (count >= MAX_RULES).then(|| {
        format!("This database has {count} of {MAX_RULES} rules, the most it may have: remove one to add another.")
    })
}

/// One option of the **Managed range** select: the ranges by name, those a rule already names
/// shown but not selectable.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RangeOption {
    pub id: String,
    pub label: String,
    pub taken: bool,
}

pub fn range_options(ranges: &[ManagedRange], rules: &[FirewallRule]) -> Vec<RangeOption> {
    ranges
        .iter()
        .map(|range| {
            let taken = rules
                .iter()
                .any(|rule| rule.range_id.as_deref() == Some(range.id.as_str()));
            let name = if range.name.is_empty() {
                range.id.clone()
            } else {
                range.name.clone()
            };
            RangeOption {
                id: range.id.clone(),
                label: if taken {
                    format!("{name} (already allowed)")
                } else {
                    name
                },
                taken,
            }
        })
        .collect()
}

/// Whether any address can reach the database from the Internet: the firewall denies
/// everything until a rule admits something.
pub fn admits_someone(rules: &[FirewallRule]) -> bool {
    !rules.is_empty()
}

/// Where a refused rule's messages go: at the form's fields (`at_cidr`, `at_label`,
/// `at_range`) and above its button (everything else: the 30-rule limit, a server failure).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RuleFailure {
    pub at_cidr: Option<String>,
    pub at_label: Option<String>,
    pub at_range: Option<String>,
    pub general: Vec<String>,
}

impl RuleFailure {
    /// Whether some message is at a field (then focus goes to the first such field).
    pub fn at_a_field(&self) -> bool {
        self.at_cidr.is_some() || self.at_label.is_some() || self.at_range.is_some()
    }
}

/// Places an add's failure: the 422 field messages with the server's text ("CIDR … is already
/// allowed by a rule"), the rest as the server said it.
pub fn place_rule_failure(error: &ApiError) -> RuleFailure {
    match error {
        ApiError::Validation(errors) => place_validation(errors),
        other => RuleFailure {
            general: vec![other.to_string()],
            ..RuleFailure::default()
        },
    }
}

fn place_validation(errors: &FieldErrors) -> RuleFailure {
    let mut failure = RuleFailure::default();
    let join = |slot: &mut Option<String>, sentence: String| {
        *slot = Some(match slot.take() {
            Some(before) => format!("{before} {sentence}"),
            None => sentence,
        });
    };
    for (field, messages) in errors {
        for message in messages {
            let sentence = sentence(field, message);
            match field.as_str() {
                "cidr" => join(&mut failure.at_cidr, sentence),
                "label" => join(&mut failure.at_label, sentence),
                "range_id" => join(&mut failure.at_range, sentence),
                _ => failure.general.push(sentence),
            }
        }
    }
    if !failure.at_a_field() && failure.general.is_empty() {
        failure
            .general
            .push(ApiError::Validation(errors.clone()).to_string());
    }
    failure
}

/// A field's message as a sentence that ends with a stop.
fn sentence(field: &str, message: &str) -> String {
    let mut sentence = field_sentence(field, message);
    if !sentence.ends_with(['.', '!', '?']) {
        sentence.push('.');
    }
    sentence
}

/// An endpoint's type in words (`public-rw` → "Public, read-write"); an unknown one as it is.
pub fn endpoint_kind(kind: &str) -> String {
    match kind {
        "public-rw" => "Public, read-write".into(),
        "private-peering-rw" => "Private (Net Peering), read-write".into(),
        "" => "Endpoint".into(),
        other => other.to_string(),
    }
}

/// An endpoint's type in one or two words, for its copy buttons ("Copy public host").
pub fn endpoint_short(kind: &str) -> String {
    match kind {
        "public-rw" => "public".into(),
        "private-peering-rw" => "private peering".into(),
        "" => "endpoint".into(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(
        kind: RuleKind,
        cidr: Option<&str>,
        label: Option<&str>,
        range: Option<&str>,
    ) -> FirewallRule {
        FirewallRule {
            id: "r1".into(),
            kind,
            cidr: cidr.map(Into::into),
            label: label.map(Into::into),
            range_id: range.map(Into::into),
            database_id: String::new(),
            created_at: String::new(),
            updated_at: String::new(),
        }
    }

    fn ranges() -> Vec<ManagedRange> {
        vec![
            ManagedRange {
                id: "mr-a".into(),
                name: "Scalingo osc-fr1 region".into(),
            },
            ManagedRange {
                id: "mr-b".into(),
                name: String::new(),
            },
        ]
    }

    #[test]
    fn bad_cidrs_are_refused_with_their_reason() {
        for typed in [
            "10.0.0.0/33",
            "300.1.2.3/32",
            "10.0.0/24",
            "abc",
            "10.0.0.1",
            "::1/128",
        ] {
            match cidr_feedback(typed) {
                CidrFeedback::Invalid(reason) => {
                    assert!(reason.ends_with('.'), "{typed}: {reason}");
                    assert!(custom_rule(typed, "x").is_err(), "{typed}");
                }
                other => panic!("{typed} read as {other:?}"),
            }
        }
        assert_eq!(cidr_feedback("  "), CidrFeedback::Nothing);
        assert_eq!(
            custom_rule("", "").unwrap_err(),
            model::CidrError::Empty.to_string()
        );
    }

    #[test]
    fn host_bits_are_kept_as_the_network_and_everyone_is_warned_of() {
        assert_eq!(
            cidr_feedback("203.0.113.0/24"),
            CidrFeedback::Valid {
                normalised: "203.0.113.0/24".into(),
                note: None,
                warning: None
            }
        );
        let CidrFeedback::Valid {
            normalised,
            note,
            warning,
        } = cidr_feedback(" 10.1.2.3/24 ")
        else {
            panic!("valid");
        };
        assert_eq!(normalised, "10.1.2.0/24");
        assert_eq!(
            note.as_deref(),
            Some("Saved as 10.1.2.0/24: the network that 10.1.2.3/24 belongs to.")
        );
        assert_eq!(warning, None);
        let CidrFeedback::Valid { warning, .. } = cidr_feedback("0.0.0.0/0") else {
            panic!("valid");
        };
        assert_eq!(warning.as_deref(), Some(EVERYONE_WARNING));
        assert_eq!(
            custom_rule("10.1.2.3/24", "  Office  "),
            Ok(NewRule::Custom {
                cidr: "10.1.2.0/24".into(),
                label: Some("Office".into())
            })
        );
        assert_eq!(
            custom_rule("10.1.2.3/32", " "),
            Ok(NewRule::Custom {
                cidr: "10.1.2.3/32".into(),
                label: None
            })
        );
    }

    #[test]
    fn managed_ranges_go_by_name_and_once() {
        assert!(managed_rule("").is_err());
        assert_eq!(
            managed_rule("mr-a"),
            Ok(NewRule::Managed {
                range_id: "mr-a".into()
            })
        );
        let rules = [rule(RuleKind::ManagedRange, None, None, Some("mr-a"))];
        let options = range_options(&ranges(), &rules);
        assert_eq!(
            options[0].label,
            "Scalingo osc-fr1 region (already allowed)"
        );
        assert!(options[0].taken);
        assert_eq!(options[1].label, "mr-b");
        assert!(!options[1].taken);
    }

    #[test]
    fn rules_are_named_by_label_cidr_or_range() {
        let ranges = ranges();
        let office = rule(
            RuleKind::CustomRange,
            Some("10.0.0.0/24"),
            Some("Office"),
            None,
        );
        assert_eq!(rule_name(&office, &ranges), "Office");
        assert_eq!(rule_range(&office, &ranges), "10.0.0.0/24");
        let bare = rule(RuleKind::CustomRange, Some("10.0.0.0/24"), Some(" "), None);
        assert_eq!(rule_name(&bare, &ranges), "10.0.0.0/24");
        let managed = rule(RuleKind::ManagedRange, None, None, Some("mr-a"));
        assert_eq!(rule_name(&managed, &ranges), "Scalingo osc-fr1 region");
        let unknown = rule(RuleKind::ManagedRange, None, None, Some("mr-gone"));
        assert_eq!(rule_name(&unknown, &ranges), "mr-gone");
        assert_eq!(rule_type(RuleKind::CustomRange), "Custom range");
        assert_eq!(rule_type(RuleKind::ManagedRange), "Managed range");
        assert!(!admits_someone(&[]));
        assert!(admits_someone(&[office]));
    }

    #[test]
    fn the_limit_is_thirty() {
        assert_eq!(count_label(0), "0 of 30 rules");
        assert_eq!(count_label(30), "30 of 30 rules");
        assert_eq!(limit_reached(29), None);
        assert!(limit_reached(30).unwrap().contains("30 of 30"));
        assert!(limit_reached(31).is_some());
    }

    #[test]
    fn refusals_land_at_their_field() {
        let errors = FieldErrors::from([
            (
                "cidr".to_string(),
                vec!["10.0.0.0/24 is already allowed by a rule".to_string()],
            ),
            (
                "label".to_string(),
                vec!["is too long (at most 64 characters)".to_string()],
            ),
            (
                "base".to_string(),
                vec!["A database has at most 30 firewall rules: remove one first".to_string()],
            ),
        ]);
        let failure = place_rule_failure(&ApiError::Validation(errors));
        assert_eq!(
            failure.at_cidr.as_deref(),
            Some("CIDR 10.0.0.0/24 is already allowed by a rule.")
        );
        assert_eq!(
            failure.at_label.as_deref(),
            Some("Label is too long (at most 64 characters).")
        );
        assert_eq!(
            failure.general,
            ["A database has at most 30 firewall rules: remove one first."]
        );
        let range = place_rule_failure(&ApiError::Validation(FieldErrors::from([(
            "range_id".to_string(),
            vec!["is already allowed by a rule".to_string()],
        )])));
        assert_eq!(
            range.at_range.as_deref(),
            Some("Managed range is already allowed by a rule.")
        );
        let server = place_rule_failure(&ApiError::Server {
            status: 500,
            message: "boom".into(),
        });
        assert!(!server.at_a_field());
        assert_eq!(server.general, ["The API failed (HTTP 500): boom"]);
        let empty = place_rule_failure(&ApiError::Validation(FieldErrors::new()));
        assert_eq!(empty.general.len(), 1);
    }

    #[test]
    fn endpoint_kinds_read_as_words() {
        assert_eq!(endpoint_kind("public-rw"), "Public, read-write");
        assert_eq!(
            endpoint_kind("private-peering-rw"),
            "Private (Net Peering), read-write"
        );
        assert_eq!(endpoint_kind("odd"), "odd");
        assert_eq!(endpoint_short("public-rw"), "public");
        assert_eq!(endpoint_short("private-peering-rw"), "private peering");
        assert_eq!(endpoint_short("odd"), "odd");
    }
}
