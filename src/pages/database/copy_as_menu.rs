//! **Copy as…** on every tab of a database: the database and its firewall rules as curl, CLI or
//! Terraform (`rules::copy_as`). The rules cost two reads (the rules, and the managed ranges for
//! their names), so they are read when the user opens the panel, not with the page.

use leptos::prelude::*;
use model::lifecycle::RuleKind;

use super::{use_database, DatabaseContext, Loaded};
use crate::api::ApiError;
use crate::components::copy_as::{target_for, CopyAs, CopySpec};
use crate::rules::copy_as::{DatabaseSpec, RuleSpec};

/// The rules as "Copy as" writes them: custom ranges with their label, managed ranges by id
/// and by name (a range whose name is unknown keeps its id as name).
pub fn rule_specs(
    rules: &[model::lifecycle::FirewallRule],
    ranges: &[model::lifecycle::ManagedRange],
) -> Vec<RuleSpec> {
    rules
        .iter()
        .filter_map(|rule| match rule.kind {
            RuleKind::CustomRange => rule.cidr.clone().map(|cidr| RuleSpec::Custom {
                cidr,
                label: rule.label.clone().filter(|l| !l.is_empty()),
            }),
            RuleKind::ManagedRange => rule.range_id.clone().map(|range_id| {
                let range_name = ranges
                    .iter()
                    .find(|r| r.id == range_id)
                    .map(|r| r.name.clone())
                    .filter(|n| !n.is_empty())
                    .unwrap_or_else(|| range_id.clone());
                RuleSpec::Managed {
                    range_id,
                    range_name,
                }
            }),
        })
        .collect()
}

/// The rules, or why they could not be read (then the copied text has the database only).
async fn read_rule_specs(db: DatabaseContext) -> Result<Vec<RuleSpec>, ApiError> {
    let client = db.client()?;
    let Some(addon) = untrack(|| db.with(Loaded::addon_ref)).flatten() else {
        // No addon yet (early in provisioning): no rules either.
        return Ok(Vec::new());
    };
    let rules = client.list_firewall_rules(&addon).await?;
    let managed = rules.items.iter().any(|r| r.kind == RuleKind::ManagedRange);
    let ranges = if managed {
        client
            .list_managed_ranges(&addon)
            .await
            .map(|r| r.items)
            .unwrap_or_default()
    } else {
        Vec::new()
    };
    Ok(rule_specs(&rules.items, &ranges))
}

/// A **Copy as…** toggle and, once open, the three copy buttons for this database.
#[component]
pub fn CopyAsMenu() -> impl IntoView {
    let db = use_database();
    let state = db.session();
    let open = RwSignal::new(false);
    let rules = LocalResource::new(move || {
        let wanted = open.get();
        async move {
            if wanted {
                Some(read_rule_specs(db).await)
            } else {
                None
            }
        }
    });
    let spec = Signal::derive(move || -> Option<CopySpec> {
        let rules = rules.get().flatten()?;
        let region = db.region()?;
        let target = state
            .regions()
            .iter()
            .find(|r| r.name == region)
            .map(target_for)?;
        let database = db.database()?;
        let spec = DatabaseSpec {
            name: database.name,
            technology: database.technology,
            plan: database.plan,
            project_id: Some(database.project_id).filter(|p| !p.is_empty()),
        };
        Some((target, spec, rules.unwrap_or_default()))
    });
    let rules_failed = move || {
        rules
            .get()
            .flatten()
            .and_then(Result::err)
            .map(|e| format!("The firewall rules could not be read ({e}): the copied text has the database only."))
    };
    view! {
        <div class="copy-as-menu">
            <button
                type="button"
                class="button button--quiet button--small"
                aria-expanded=move || open.get().to_string()
                aria-controls="copy-as-panel"
                on:click=move |_| open.update(|o| *o = !*o)
            >
                "Copy as…"
            </button>
            <div id="copy-as-panel" class="copy-as-menu__panel" hidden=move || !open.get()>
                {move || open.get().then(|| view! {
                    <CopyAs spec=spec waiting="Reading the firewall rules…" />
                    {move || rules_failed().map(|m| view! { <p class="hint">{m}</p> })}
                })}
            </div>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use model::lifecycle::{FirewallRule, ManagedRange};

    fn rule(
        kind: RuleKind,
        cidr: Option<&str>,
        label: Option<&str>,
        range: Option<&str>,
    ) -> FirewallRule {
        FirewallRule {
            id: "r".into(),
            kind,
            cidr: cidr.map(Into::into),
            label: label.map(Into::into),
            range_id: range.map(Into::into),
            database_id: String::new(),
            created_at: String::new(),
            updated_at: String::new(),
        }
    }

    #[test]
    fn rules_become_specs_with_managed_ranges_named() {
        let rules = [
            rule(
                RuleKind::CustomRange,
                Some("10.0.0.0/24"),
                Some("office"),
                None,
            ),
            rule(RuleKind::CustomRange, Some("192.0.2.1/32"), Some(""), None),
            rule(RuleKind::ManagedRange, None, None, Some("range-1")),
            rule(RuleKind::ManagedRange, None, None, Some("range-unknown")),
            // Unreadable: a custom rule without a range.
            rule(RuleKind::CustomRange, None, Some("broken"), None),
        ];
        let ranges = [ManagedRange {
            id: "range-1".into(),
            name: "Scalingo apps osc-fr1".into(),
        }];
        assert_eq!(
            rule_specs(&rules, &ranges),
            [
                RuleSpec::Custom {
                    cidr: "10.0.0.0/24".into(),
                    label: Some("office".into())
                },
                RuleSpec::Custom {
                    cidr: "192.0.2.1/32".into(),
                    label: None
                },
                RuleSpec::Managed {
                    range_id: "range-1".into(),
                    range_name: "Scalingo apps osc-fr1".into()
                },
                RuleSpec::Managed {
                    range_id: "range-unknown".into(),
                    range_name: "range-unknown".into()
                },
            ]
        );
    }
}
