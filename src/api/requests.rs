//! Every request the console sends, built as plain data: which host, method, path (ids and
//! names percent-encoded) and JSON body. Pure, so the host tests check each one against
//! `shared/reference/lifecycle-api.md` §11; [`crate::api::Client`] only sends them.

use model::lifecycle::NewFirewallRule;
use serde_json::json;

use crate::paths::encode_query_value;

/// One path segment, percent-encoded ([`crate::paths::encode_segment`]); `.` and `..` too, which
/// a browser would otherwise resolve as "this folder" and "the folder above" (a server may send
/// any id or name).
pub fn encode_segment(segment: &str) -> String {
    match segment {
        "." => "%2E".into(),
        ".." => "%2E%2E".into(),
        other => crate::paths::encode_segment(other),
    }
}

/// Which base a request goes to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Host {
    /// The region's API (`{api}`).
    Api,
    /// The auth service (`{auth}`).
    Auth,
    /// The Database API: `{api}` with the user's bearer, or the region's `database_api` with an
    /// addon token.
    Dbaas,
}

/// An HTTP method.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Verb {
    Get,
    Post,
    Put,
    Patch,
    Delete,
}

impl Verb {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Get => "GET",
            Self::Post => "POST",
            Self::Put => "PUT",
            Self::Patch => "PATCH",
            Self::Delete => "DELETE",
        }
    }

    /// Whether the request changes something (and so is never sent again by itself).
    pub fn is_write(self) -> bool {
        !matches!(self, Self::Get)
    }
}

/// One request: where, how, with what body.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Request {
    pub host: Host,
    pub verb: Verb,
    /// From the base on, with its query: `/v1/apps/my-db/variables?aliases=false`.
    pub path: String,
    /// JSON, when the request has a body.
    pub body: Option<String>,
}

impl Request {
    fn new(host: Host, verb: Verb, path: String) -> Self {
        Self {
            host,
            verb,
            path,
            body: None,
        }
    }

    fn with_body(mut self, body: serde_json::Value) -> Self {
        self.body = Some(body.to_string());
        self
    }
}

/// A firewall rule to add.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NewRule {
    /// An IPv4 range (`203.0.113.0/24`) and an optional label.
    Custom { cidr: String, label: Option<String> },
    /// A range Scalingo maintains, by its id from the managed ranges (never hard-coded).
    Managed { range_id: String },
}

impl NewRule {
    /// What goes inside `{"firewall_rule": ...}`: a label only with a CIDR, an empty label
    /// left out.
    pub fn fields(&self) -> NewFirewallRule {
        match self {
            Self::Custom { cidr, label } => NewFirewallRule {
                kind: "custom_range".into(),
                cidr: Some(cidr.trim().to_string()),
                label: label
                    .as_deref()
                    .map(str::trim)
                    .filter(|label| !label.is_empty())
                    .map(str::to_string),
                range_id: None,
            },
            Self::Managed { range_id } => NewFirewallRule {
                kind: "managed_range".into(),
                cidr: None,
                label: None,
                range_id: Some(range_id.clone()),
            },
        }
    }
}

/// `GET {api}/v1/databases?dashboard=true`.
pub fn list_databases_dashboard() -> Request {
    Request::new(Host::Api, Verb::Get, DASHBOARD_LIST_PATH.into())
}

/// The list's path: also what the page's script may ask for early ([`crate::api::early`]).
pub const DASHBOARD_LIST_PATH: &str = "/v1/databases?dashboard=true";

/// `GET {api}/v1/databases/{id or name}`.
pub fn get_database(id_or_name: &str) -> Request {
    Request::new(
        Host::Api,
        Verb::Get,
        format!("/v1/databases/{}", encode_segment(id_or_name)),
    )
}

/// `GET {api}/v1/apps/{database id}/addons`.
pub fn list_addons(database_id: &str) -> Request {
    Request::new(
        Host::Api,
        Verb::Get,
        format!("/v1/apps/{}/addons", encode_segment(database_id)),
    )
}

/// `POST {api}/v1/apps/{database id}/addons/{addon id}/token` (no body).
pub fn addon_token(database_id: &str, addon_id: &str) -> Request {
    Request::new(
        Host::Api,
        Verb::Post,
        format!(
            "/v1/apps/{}/addons/{}/token",
            encode_segment(database_id),
            encode_segment(addon_id)
        ),
    )
}

/// `GET {dbaas}/api/databases/{addon id}`.
pub fn get_dbaas(addon_id: &str) -> Request {
    Request::new(
        Host::Dbaas,
        Verb::Get,
        format!("/api/databases/{}", encode_segment(addon_id)),
    )
}

/// `GET {api}/v1/databases/{database id}/endpoints`.
pub fn list_endpoints(database_id: &str) -> Request {
    Request::new(
        Host::Api,
        Verb::Get,
        format!("/v1/databases/{}/endpoints", encode_segment(database_id)),
    )
}

/// `GET {api}/v1/apps/{database id}/variables?aliases=false` (aliases unexpanded otherwise).
pub fn get_variables(database_id: &str) -> Request {
    Request::new(
        Host::Api,
        Verb::Get,
        format!(
            "/v1/apps/{}/variables?aliases=false",
            encode_segment(database_id)
        ),
    )
}

/// `GET {dbaas}/api/databases/{addon id}/firewall_rules`.
pub fn list_firewall_rules(addon_id: &str) -> Request {
    Request::new(
        Host::Dbaas,
        Verb::Get,
        format!("/api/databases/{}/firewall_rules", encode_segment(addon_id)),
    )
}

/// `POST {dbaas}/api/databases/{addon id}/firewall_rules` with `{"firewall_rule": {...}}`.
pub fn add_firewall_rule(addon_id: &str, rule: &NewRule) -> Request {
    Request::new(
        Host::Dbaas,
        Verb::Post,
        format!("/api/databases/{}/firewall_rules", encode_segment(addon_id)),
    )
    .with_body(json!({ "firewall_rule": rule.fields() }))
}

/// `DELETE {dbaas}/api/databases/{addon id}/firewall_rules/{rule id}`.
pub fn remove_firewall_rule(addon_id: &str, rule_id: &str) -> Request {
    Request::new(
        Host::Dbaas,
        Verb::Delete,
        format!(
            "/api/databases/{}/firewall_rules/{}",
            encode_segment(addon_id),
            encode_segment(rule_id)
        ),
    )
}

/// `GET {dbaas}/api/firewall/managed_ranges`.
pub fn list_managed_ranges() -> Request {
    Request::new(
        Host::Dbaas,
        Verb::Get,
        "/api/firewall/managed_ranges".into(),
    )
}

/// `PATCH {api}/v1/apps/{database id}/addons/{addon id}` with `{"addon": {"plan_id": ...}}`.
pub fn change_plan(database_id: &str, addon_id: &str, plan_id: &str) -> Request {
    Request::new(
        Host::Api,
        Verb::Patch,
        format!(
            "/v1/apps/{}/addons/{}",
            encode_segment(database_id),
            encode_segment(addon_id)
        ),
    )
    .with_body(json!({ "addon": { "plan_id": plan_id } }))
}

/// `POST {api}/v1/apps/{database id}/rename` with `{"current_name", "new_name"}` (unwrapped,
/// as every client sends it).
pub fn rename(database_id: &str, current_name: &str, new_name: &str) -> Request {
    Request::new(
        Host::Api,
        Verb::Post,
        format!("/v1/apps/{}/rename", encode_segment(database_id)),
    )
    .with_body(json!({ "current_name": current_name, "new_name": new_name }))
}

/// `PATCH {api}/v1/apps/{database id}` with `{"app": {"project_id": ...}}` (the documented form;
/// go-scalingo's `PUT` with an unwrapped body is not used).
pub fn move_to_project(database_id: &str, project_id: &str) -> Request {
    Request::new(
        Host::Api,
        Verb::Patch,
        format!("/v1/apps/{}", encode_segment(database_id)),
    )
    .with_body(json!({ "app": { "project_id": project_id } }))
}

/// `DELETE {api}/v1/apps/{database id}?current_name={name}` (the name percent-encoded).
pub fn delete(database_id: &str, current_name: &str) -> Request {
    Request::new(
        Host::Api,
        Verb::Delete,
        format!(
            "/v1/apps/{}?current_name={}",
            encode_segment(database_id),
            encode_query_value(current_name)
        ),
    )
}

/// `GET {auth}/v1/regions`.
pub fn list_regions() -> Request {
    Request::new(Host::Auth, Verb::Get, "/v1/regions".into())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;

    const DB: &str = "69403a514dc53ce1acf80d25";
    const ADDON: &str = "ad-2c3708ee-e4a1-4fe8-a4b0-793b36416794";

    fn body(request: &Request) -> Value {
        serde_json::from_str(request.body.as_deref().unwrap()).unwrap()
    }

    fn line(request: &Request) -> (Host, &'static str, &str) {
        (request.host, request.verb.as_str(), request.path.as_str())
    }

    #[test]
    fn the_reads_of_section_11() {
        assert_eq!(
            line(&list_databases_dashboard()),
            (Host::Api, "GET", "/v1/databases?dashboard=true")
        );
        assert_eq!(
            line(&get_database("my-db")),
            (Host::Api, "GET", "/v1/databases/my-db")
        );
        assert_eq!(
            line(&list_addons(DB)),
            (Host::Api, "GET", "/v1/apps/69403a514dc53ce1acf80d25/addons")
        );
        assert_eq!(
            line(&get_dbaas(ADDON)),
            (
                Host::Dbaas,
                "GET",
                "/api/databases/ad-2c3708ee-e4a1-4fe8-a4b0-793b36416794"
            )
        );
        assert_eq!(
            line(&list_endpoints(DB)),
            (
                Host::Api,
                "GET",
                "/v1/databases/69403a514dc53ce1acf80d25/endpoints"
            )
        );
        assert_eq!(
            line(&get_variables(DB)),
            (
                Host::Api,
                "GET",
                "/v1/apps/69403a514dc53ce1acf80d25/variables?aliases=false"
            )
        );
        assert_eq!(
            line(&list_firewall_rules(ADDON)),
            (
                Host::Dbaas,
                "GET",
                "/api/databases/ad-2c3708ee-e4a1-4fe8-a4b0-793b36416794/firewall_rules"
            )
        );
        assert_eq!(
            line(&list_managed_ranges()),
            (Host::Dbaas, "GET", "/api/firewall/managed_ranges")
        );
        assert_eq!(line(&list_regions()), (Host::Auth, "GET", "/v1/regions"));
        assert_eq!(
            line(&addon_token(DB, ADDON)),
            (
                Host::Api,
                "POST",
                "/v1/apps/69403a514dc53ce1acf80d25/addons/ad-2c3708ee-e4a1-4fe8-a4b0-793b36416794/token"
            )
        );
        for read in [list_databases_dashboard(), get_dbaas(ADDON), list_regions()] {
            assert_eq!(read.body, None);
            assert!(!read.verb.is_write());
        }
    }

    #[test]
    fn the_writes_and_their_bodies() {
        let custom = add_firewall_rule(
            ADDON,
            &NewRule::Custom {
                cidr: " 203.0.113.0/24 ".into(),
                label: Some("Office network".into()),
            },
        );
        assert_eq!(
            line(&custom),
            (
                Host::Dbaas,
                "POST",
                "/api/databases/ad-2c3708ee-e4a1-4fe8-a4b0-793b36416794/firewall_rules"
            )
        );
        assert_eq!(
            body(&custom),
            json!({"firewall_rule": {"type": "custom_range", "cidr": "203.0.113.0/24", "label": "Office network"}})
        );
        let unlabelled = add_firewall_rule(
            ADDON,
            &NewRule::Custom {
                cidr: "198.51.100.7/32".into(),
                label: Some("  ".into()),
            },
        );
        assert_eq!(
            body(&unlabelled),
            json!({"firewall_rule": {"type": "custom_range", "cidr": "198.51.100.7/32"}})
        );
        let managed = add_firewall_rule(
            ADDON,
            &NewRule::Managed {
                range_id: "mr-scalingo-osc-fr1".into(),
            },
        );
        assert_eq!(
            body(&managed),
            json!({"firewall_rule": {"type": "managed_range", "range_id": "mr-scalingo-osc-fr1"}})
        );
        let remove = remove_firewall_rule(ADDON, "fw 1/2");
        assert_eq!(
            line(&remove),
            (
                Host::Dbaas,
                "DELETE",
                "/api/databases/ad-2c3708ee-e4a1-4fe8-a4b0-793b36416794/firewall_rules/fw%201%2F2"
            )
        );
        assert_eq!(remove.body, None);

        let plan = change_plan(DB, ADDON, "pl-5cc45d22");
        assert_eq!(
            line(&plan),
            (
                Host::Api,
                "PATCH",
                "/v1/apps/69403a514dc53ce1acf80d25/addons/ad-2c3708ee-e4a1-4fe8-a4b0-793b36416794"
            )
        );
        assert_eq!(body(&plan), json!({"addon": {"plan_id": "pl-5cc45d22"}}));

        let rename = rename(DB, "old-name", "new-name");
        assert_eq!(
            line(&rename),
            (
                Host::Api,
                "POST",
                "/v1/apps/69403a514dc53ce1acf80d25/rename"
            )
        );
        assert_eq!(
            body(&rename),
            json!({"current_name": "old-name", "new_name": "new-name"})
        );

        let moved = move_to_project(DB, "pr-82a3cac5");
        assert_eq!(
            line(&moved),
            (Host::Api, "PATCH", "/v1/apps/69403a514dc53ce1acf80d25")
        );
        assert_eq!(body(&moved), json!({"app": {"project_id": "pr-82a3cac5"}}));

        let delete = delete(DB, "my-dedicated-database");
        assert_eq!(
            line(&delete),
            (
                Host::Api,
                "DELETE",
                "/v1/apps/69403a514dc53ce1acf80d25?current_name=my-dedicated-database"
            )
        );
        assert_eq!(delete.body, None);
        for write in [custom, remove, plan, rename, moved, delete] {
            assert!(write.verb.is_write());
        }
    }

    #[test]
    fn names_and_ids_are_percent_encoded() {
        assert_eq!(get_database("a b/c?d").path, "/v1/databases/a%20b%2Fc%3Fd");
        assert_eq!(
            delete("my db", "name & more=1#x").path,
            "/v1/apps/my%20db?current_name=name%20%26%20more%3D1%23x"
        );
        assert_eq!(rename("é", "a\"b", "c").path, "/v1/apps/%C3%A9/rename");
        // Names in a JSON body are JSON-escaped, not percent-encoded.
        assert_eq!(
            body(&rename("x", "a\"b", "c/d")),
            json!({"current_name": "a\"b", "new_name": "c/d"})
        );
        assert_eq!(
            get_variables("../admin").path,
            "/v1/apps/..%2Fadmin/variables?aliases=false"
        );
        assert_eq!(
            get_variables("..").path,
            "/v1/apps/%2E%2E/variables?aliases=false"
        );
        assert_eq!(list_addons(".").path, "/v1/apps/%2E/addons");
        // Each request the demo and devapi route the same way: decoding the path gives the id.
        assert_eq!(
            model::reply::query_value("current_name=name%20%26%20more%3D1%23x", "current_name")
                .as_deref(),
            Some("name & more=1#x")
        );
    }
}
