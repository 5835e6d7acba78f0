//! The create form's state and rules, without any view: the draft (kept across reloads), the
//! checks made before anything is sent, and the request it becomes. Pure Rust.

use model::{seed, validate_name, FieldErrors, NewDatabase, Plan, Project};
use serde::{Deserialize, Serialize};

use crate::format::monthly_price;
use crate::messages::field_sentence;

/// Storage key of the draft (`sessionStorage`: it belongs to this tab).
pub const DRAFT_KEY: &str = "dbconsole.draft.create";

/// The fields of the form, in their on-screen order; the first in error gets the focus.
pub const FIELDS: [&str; 4] = ["name", "technology", "plan", "project_id"];

/// What the user has typed and chosen so far.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreateDraft {
    pub name: String,
    pub technology: String,
    pub plan: String,
    /// Empty means "the default project" (nothing is sent).
    pub project_id: String,
}

impl Default for CreateDraft {
    /// An empty draft with the only technology the spec accepts.
    fn default() -> Self {
        Self {
            name: String::new(),
            technology: seed::TECHNOLOGY.into(),
            plan: String::new(),
            project_id: String::new(),
        }
    }
}

impl CreateDraft {
    /// A stored draft, or a new one when there is none or it cannot be read.
    pub fn from_stored(text: Option<&str>) -> Self {
        text.and_then(|t| serde_json::from_str(t).ok())
            .unwrap_or_default()
    }

    pub fn to_stored(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// The checks made before sending: the name rule (the same function as the server's store),
    /// a technology, and a selectable plan. Empty when the draft can be sent.
    pub fn check(&self, plans: &[Plan]) -> FieldErrors {
        let mut errors = FieldErrors::new();
        if let Err(rule) = validate_name(&self.name) {
            errors.insert("name".into(), vec![rule.to_string()]);
        }
        if self.technology.is_empty() {
            errors.insert("technology".into(), vec!["Choose a technology.".into()]);
        }
        match plans.iter().find(|p| p.name == self.plan) {
            _ if self.plan.is_empty() => {
                errors.insert("plan".into(), vec!["Choose a plan.".into()]);
            }
            Some(plan) if plan.disabled => {
                errors.insert(
                    "plan".into(),
                    vec!["This plan is not available: choose another.".into()],
                );
            }
            None if !plans.is_empty() => {
                errors.insert(
                    "plan".into(),
                    vec!["Choose one of the plans listed.".into()],
                );
            }
            _ => {}
        }
        errors
    }

    /// The request body. The project is left out when it is the default one, so the server
    /// applies its own default, as the spec describes.
    pub fn to_request(&self, projects: &[Project]) -> NewDatabase {
        let is_default = projects
            .iter()
            .any(|p| p.default && p.id == self.project_id);
        NewDatabase {
            name: self.name.clone(),
            technology: self.technology.clone(),
            plan: self.plan.clone(),
            project_id: (!self.project_id.is_empty() && !is_default)
                .then(|| self.project_id.clone()),
        }
    }
}

/// The plans to offer for a technology: ordered by `position`, then name.
pub fn offered_plans(mut plans: Vec<Plan>) -> Vec<Plan> {
    plans.sort_by(|a, b| {
        a.position
            .cmp(&b.position)
            .then_with(|| a.name.cmp(&b.name))
    });
    plans
}

/// The text of a plan's option: display name and monthly price, and why it cannot be chosen.
pub fn plan_option_label(plan: &Plan) -> String {
    let mut label = plan.label().to_string();
    if let Some(price) = monthly_price(plan) {
        label.push_str(" — ");
        label.push_str(&price);
    }
    if plan.disabled {
        label.push_str(" (unavailable)");
    }
    label
}

/// Server field errors split into those the form shows at a field and the rest (shown above).
pub fn split_field_errors(errors: &FieldErrors) -> (FieldErrors, Vec<String>) {
    let mut at_fields = FieldErrors::new();
    let mut general = Vec::new();
    for (field, messages) in errors {
        if FIELDS.contains(&field.as_str()) {
            at_fields.insert(field.clone(), messages.clone());
        } else {
            general.extend(messages.iter().map(|m| field_sentence(field, m)));
        }
    }
    (at_fields, general)
}

/// The first field, in on-screen order, that has an error.
pub fn first_field_in_error(errors: &FieldErrors) -> Option<&'static str> {
    FIELDS.into_iter().find(|field| errors.contains_key(*field))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn valid() -> CreateDraft {
        CreateDraft {
            name: "orders-db".into(),
            technology: "postgresql-dr".into(),
            plan: "postgresql-dr-starter-4096".into(),
            project_id: String::new(),
        }
    }

    #[test]
    fn a_valid_draft_has_no_errors() {
        assert!(valid().check(&seed::plans()).is_empty());
    }

    #[test]
    fn each_field_is_checked() {
        let plans = seed::plans();
        let mut draft = valid();
        draft.name = "Orders".into();
        assert!(draft.check(&plans)["name"][0].contains("lower case"));
        draft.name = "abc".into();
        assert!(draft.check(&plans)["name"][0].contains("at least 6"));
        draft.plan = String::new();
        assert_eq!(draft.check(&plans)["plan"], ["Choose a plan."]);
        draft.plan = "postgresql-dr-enterprise-16384".into();
        assert!(draft.check(&plans)["plan"][0].contains("not available"));
        draft.plan = "postgresql-dr-other".into();
        assert!(draft.check(&plans).contains_key("plan"));
        assert_eq!(first_field_in_error(&draft.check(&plans)), Some("name"));
    }

    #[test]
    fn the_default_project_is_left_out_of_the_request() {
        let projects = seed::projects();
        let mut draft = valid();
        assert_eq!(draft.to_request(&projects).project_id, None);
        draft.project_id = seed::DEFAULT_PROJECT_ID.into();
        assert_eq!(draft.to_request(&projects).project_id, None);
        draft.project_id = seed::OTHER_PROJECT_ID.into();
        assert_eq!(
            draft.to_request(&projects).project_id.as_deref(),
            Some(seed::OTHER_PROJECT_ID)
        );
    }

    #[test]
    fn drafts_survive_storage_and_bad_storage_gives_a_new_one() {
        let draft = valid();
        assert_eq!(CreateDraft::from_stored(Some(&draft.to_stored())), draft);
        assert_eq!(
            CreateDraft::from_stored(Some("{oops")),
            CreateDraft::default()
        );
        assert_eq!(CreateDraft::from_stored(None).technology, "postgresql-dr");
    }

    #[test]
    fn plans_are_offered_by_position_with_prices() {
        let mut plans = seed::plans();
        plans.reverse();
        let offered = offered_plans(plans);
        assert_eq!(offered[0].name, "postgresql-dr-starter-4096");
        assert_eq!(plan_option_label(&offered[0]), "Starter 4G — €75/month");
        assert_eq!(
            plan_option_label(&offered[7]),
            "Enterprise 8G — €1,080/month"
        );
        assert_eq!(
            plan_option_label(&offered[8]),
            "Enterprise 16G — €2,160/month (unavailable)"
        );
        let mut odd = offered[0].clone();
        odd.price = None;
        assert_eq!(plan_option_label(&odd), "Starter 4G");
    }

    #[test]
    fn server_errors_go_to_their_fields_or_above_the_form() {
        let errors: FieldErrors = [
            (
                "name".to_string(),
                vec!["has already been taken".to_string()],
            ),
            ("app".to_string(), vec!["missing field".to_string()]),
        ]
        .into();
        let (fields, general) = split_field_errors(&errors);
        assert_eq!(fields.keys().collect::<Vec<_>>(), ["name"]);
        assert_eq!(general, ["App missing field"]);
    }
}
