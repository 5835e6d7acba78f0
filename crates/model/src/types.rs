//! The API's objects and envelopes.
//!
//! Decoding is lenient on purpose: the real API has changed its shapes several times
//! (`shared/reference/scalingo-api.md` §0), so unknown fields are ignored and every field the
//! console can live without has a default.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A PostgreSQL database on Dedicated Resources, as `GET /v1/databases` lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Database {
    /// Unique id, for example `54100930736f7563d5030000`.
    pub id: String,
    /// Unique name, for example `my-postgres-db`.
    pub name: String,
    /// The project it belongs to (`pr-...`); empty when the server did not say.
    #[serde(default)]
    pub project_id: String,
    /// Technology, for example `postgresql-dr`; empty when the server did not say.
    #[serde(default)]
    pub technology: String,
    /// Plan name, for example `postgresql-dr-starter-4096`; empty when the server did not say.
    #[serde(default)]
    pub plan: String,
}

/// `{"database": {...}}`, the answer of `GET /v1/databases/{id}` and `POST /v1/databases`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DatabaseEnvelope {
    pub database: Database,
}

/// `{"databases": [...]}`, the answer of `GET /v1/databases`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DatabasesEnvelope {
    pub databases: Vec<Database>,
}

/// What `POST /v1/databases` takes, inside [`CreateDatabaseRequest`].
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewDatabase {
    pub name: String,
    pub technology: String,
    pub plan: String,
    /// Omitted from the request when `None`: the server then uses the default project.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub project_id: Option<String>,
}

/// `{"database": {...}}`, the body of `POST /v1/databases`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreateDatabaseRequest {
    pub database: NewDatabase,
}

/// A plan's price per period, from `pricings.default`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Pricing {
    /// A decimal string, for example `"0.0001666667"`.
    pub price: String,
    pub currency: String,
    /// `"minute"` on the real API.
    pub period: String,
}

/// The `pricings` object of a plan.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Pricings {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default: Option<Pricing>,
}

/// One plan of an addon provider.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Plan {
    pub id: String,
    /// The identifier sent on create, for example `postgresql-dr-starter-4096`.
    pub name: String,
    /// For people, for example `Starter 4G`; empty when the server did not say.
    #[serde(default)]
    pub display_name: String,
    /// Monthly price in EUR (deprecated on the real API in favour of `pricings`).
    #[serde(default)]
    pub price: Option<f64>,
    /// HTML on the real API; shown as text.
    #[serde(default)]
    pub description: Option<String>,
    /// Order in which plans are offered.
    #[serde(default)]
    pub position: i64,
    #[serde(default)]
    pub on_demand: bool,
    /// Shown but not selectable.
    #[serde(default)]
    pub disabled: bool,
    #[serde(default)]
    pub disabled_alternative_plan_id: Option<String>,
    #[serde(default)]
    pub sku: Option<String>,
    #[serde(default)]
    pub pricings: Option<Pricings>,
    #[serde(default)]
    pub hds_available: bool,
}

impl Plan {
    /// The name for people: the display name, or the identifier when there is none.
    pub fn label(&self) -> &str {
        if self.display_name.is_empty() {
            &self.name
        } else {
            &self.display_name
        }
    }
}

/// An addon provider category (`category` in a provider).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Category {
    #[serde(default)]
    pub id: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub position: i64,
}

/// One addon provider of `GET /v1/addon_providers`, with its plans.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AddonProvider {
    /// For example `postgresql-dr`.
    pub id: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub logo_url: Option<String>,
    #[serde(default)]
    pub short_description: Option<String>,
    #[serde(default)]
    pub category: Option<Category>,
    #[serde(default)]
    pub hds_available: bool,
    #[serde(default)]
    pub plans: Vec<Plan>,
}

/// `{"addon_providers": [...]}`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AddonProvidersEnvelope {
    pub addon_providers: Vec<AddonProvider>,
}

/// `{"plans": [...]}`, the answer of `GET /v1/addon_providers/{id}/plans`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PlansEnvelope {
    pub plans: Vec<Plan>,
}

/// A project (`GET /v1/projects`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Project {
    /// For example `pr-82a3cac5-9b25-473e-b33d-6272b87e636f`.
    pub id: String,
    #[serde(default)]
    pub name: String,
    /// The project a database goes to when none is given.
    #[serde(default)]
    pub default: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_at: Option<String>,
}

/// `{"projects": [...]}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProjectsEnvelope {
    pub projects: Vec<Project>,
}

/// `{"error": "..."}`, the body of most error answers. The real API adds `url` to 402 answers
/// and sometimes `code` or `resource`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorBody {
    pub error: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
}

/// Messages per field, as in `{"errors": {"name": ["has already been taken"]}}`.
pub type FieldErrors = BTreeMap<String, Vec<String>>;

/// `{"errors": {field: [messages]}}`, the body of a 422 answer.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ValidationErrorBody {
    pub errors: FieldErrors,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spec_example_object_decodes() {
        let text = r#"{
          "id": "54100930736f7563d5030000",
          "name": "my-postgres-db",
          "project_id": "pr-82a3cac5-9b25-473e-b33d-6272b87e636f",
          "technology": "postgresql-dr",
          "plan": "postgresql-dr-starter-4096"
        }"#;
        let db: Database = serde_json::from_str(text).unwrap();
        assert_eq!(db.name, "my-postgres-db");
        assert_eq!(db.plan, "postgresql-dr-starter-4096");
    }

    #[test]
    fn unknown_fields_are_ignored() {
        // The shape `GET /v1/databases?dashboard=true` and newer servers send.
        let text = r#"{"databases":[{"id":"a","name":"abcdef","project_id":"pr-1",
            "technology":"postgresql-ng","plan":"p","hds_resource":true,
            "app":{"status":"running"},"addon":null}],"meta":{"pagination":null}}"#;
        let list: DatabasesEnvelope = serde_json::from_str(text).unwrap();
        assert_eq!(list.databases.len(), 1);
        assert_eq!(list.databases[0].technology, "postgresql-ng");
    }

    #[test]
    fn missing_optional_fields_take_defaults() {
        let db: Database = serde_json::from_str(r#"{"id":"a","name":"abcdef"}"#).unwrap();
        assert_eq!(db.project_id, "");
        assert_eq!(db.plan, "");

        let plan: Plan =
            serde_json::from_str(r#"{"id":"1","name":"postgresql-dr-starter-4096"}"#).unwrap();
        assert_eq!(plan.label(), "postgresql-dr-starter-4096");
        assert_eq!(plan.price, None);
        assert!(!plan.disabled);

        let project: Project = serde_json::from_str(r#"{"id":"pr-1"}"#).unwrap();
        assert!(!project.default);

        let provider: AddonProvider = serde_json::from_str(r#"{"id":"postgresql-dr"}"#).unwrap();
        assert!(provider.plans.is_empty());
    }

    #[test]
    fn a_database_without_id_or_name_is_refused() {
        assert!(serde_json::from_str::<Database>(r#"{"name":"abcdef"}"#).is_err());
        assert!(serde_json::from_str::<Database>(r#"{"id":"abcdef"}"#).is_err());
    }

    #[test]
    fn real_plan_shape_decodes() {
        let text = r#"{"id":"5cc45d223e6b3b001249e5a3","name":"postgresql-starter-512",
          "display_name":"Starter 512M","price":7.2,"description":"[HTML Description]",
          "position":11,"on_demand":false,"disabled":false,"disabled_alternative_plan_id":null,
          "sku":"fr1-pg-start-512m","pricings":{"default":{"price":"0.0001666667",
          "currency":"EUR","period":"minute"}},"hds_available":false}"#;
        let plan: Plan = serde_json::from_str(text).unwrap();
        assert_eq!(plan.label(), "Starter 512M");
        assert_eq!(plan.price, Some(7.2));
        let pricing = plan.pricings.unwrap().default.unwrap();
        assert_eq!(pricing.period, "minute");
    }

    #[test]
    fn create_request_omits_a_missing_project() {
        let request = CreateDatabaseRequest {
            database: NewDatabase {
                name: "my-postgres-db".into(),
                technology: "postgresql-dr".into(),
                plan: "postgresql-dr-starter-4096".into(),
                project_id: None,
            },
        };
        let json = serde_json::to_string(&request).unwrap();
        assert_eq!(
            json,
            r#"{"database":{"name":"my-postgres-db","technology":"postgresql-dr","plan":"postgresql-dr-starter-4096"}}"#
        );
    }

    #[test]
    fn error_bodies_decode() {
        let body: ErrorBody = serde_json::from_str(
            r#"{"error":"Sorry, you need to verify your account","url":"https://my.scalingo.com/apps/billing"}"#,
        )
        .unwrap();
        assert_eq!(
            body.url.as_deref(),
            Some("https://my.scalingo.com/apps/billing")
        );
        let body: ValidationErrorBody =
            serde_json::from_str(r#"{"errors":{"name":["has already been taken"]}}"#).unwrap();
        assert_eq!(
            body.errors["name"],
            vec!["has already been taken".to_string()]
        );
    }
}
