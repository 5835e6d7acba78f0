//! The contract's answers as HTTP status + JSON body, without any HTTP library, so the dev API
//! server and the console's in-browser demo give byte-for-byte the same answers.
//!
//! [`dispatch`] serves every call of `lifecycle-api.md` §11 (and the spec's three). Error bodies
//! take the real API's shapes: `404 {"error": "Database not found"}` on `/v1/databases/…`,
//! `404 {"resource": "app", "error": "not found"}` on the app and Database API routes,
//! `400 {"error"}`, `409 {"error"}`, `422 {"errors": {field: [messages]}}`.

use crate::lifecycle::{
    AddonChangeEnvelope, AddonTokenEnvelope, AddonsEnvelope, AppEnvelope, DashboardEnvelope,
    DashboardItem, DbaasEnvelope, EndpointsEnvelope, NewFirewallRule, NotFoundBody, RangesEnvelope,
    RuleEnvelope, RulesEnvelope, VariablesEnvelope,
};
use crate::store::{Store, StoreError};
use crate::types::{
    AddonProvidersEnvelope, DatabaseEnvelope, DatabasesEnvelope, ErrorBody, NewDatabase,
    PlansEnvelope, ProjectsEnvelope, ValidationErrorBody,
};
use serde::Serialize;
use serde_json::{Map, Value};

/// An HTTP answer: a status code and a JSON body (empty for a 204).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reply {
    pub status: u16,
    pub body: String,
}

impl Reply {
    fn json(status: u16, value: &impl Serialize) -> Self {
        // Serializing these plain structs cannot fail: no maps with non-string keys, no floats
        // that are NaN (prices are finite constants).
        let body = serde_json::to_string(value).unwrap_or_else(|_| String::from("{}"));
        Self { status, body }
    }

    /// `{"error": message}` with the given status.
    pub fn error(status: u16, message: &str) -> Self {
        Self::json(
            status,
            &ErrorBody {
                error: message.into(),
                url: None,
                code: None,
            },
        )
    }

    /// 204 with an empty body.
    pub fn no_content() -> Self {
        Self {
            status: 204,
            body: String::new(),
        }
    }

    /// Whether the status is 2xx.
    pub fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }
}

/// The message of a 404 for a database, exactly as the spec gives it.
pub const DATABASE_NOT_FOUND: &str = "Database not found";

/// 401, for a request without the right bearer token.
pub fn unauthorized() -> Reply {
    Reply::error(
        401,
        "You are not authenticated: a valid bearer token is required",
    )
}

/// `404 {"resource": resource, "error": "not found"}`.
pub fn not_found(resource: &str) -> Reply {
    Reply::json(
        404,
        &NotFoundBody {
            resource: resource.into(),
            error: "not found".into(),
        },
    )
}

/// The answer for a refused lifecycle operation.
pub fn refusal(error: StoreError) -> Reply {
    match error {
        StoreError::NotFound(resource) => not_found(resource),
        StoreError::BadRequest(message) => Reply::error(400, &message),
        StoreError::Conflict(message) => Reply::error(409, &message),
        StoreError::Invalid(errors) => Reply::json(422, &ValidationErrorBody { errors }),
    }
}

/// The 404 a request to an app (or to one of its addons) gets before its body is even read.
fn missing(store: &Store, app: &str, addon_id: Option<&str>, now_ms: u64) -> Option<Reply> {
    let Some(addons) = store.addons(app, now_ms) else {
        return Some(not_found("app"));
    };
    match addon_id {
        Some(id) if !addons.iter().any(|addon| addon.id == id) => Some(not_found("addon")),
        _ => None,
    }
}

fn answer<T: Serialize>(status: u16, result: Result<T, StoreError>) -> Reply {
    match result {
        Ok(value) => Reply::json(status, &value),
        Err(error) => refusal(error),
    }
}

/// `GET /v1/databases`: the spec's flat list.
pub fn list(store: &Store) -> Reply {
    Reply::json(
        200,
        &DatabasesEnvelope {
            databases: store.list().to_vec(),
        },
    )
}

/// `GET /v1/databases?dashboard=true`: each database with its app and addon (only the
/// database in minimal-answers mode).
pub fn dashboard(store: &Store, now_ms: u64) -> Reply {
    let databases = if store.minimal_answers() {
        store
            .list()
            .iter()
            .map(|database| DashboardItem {
                database: database.clone(),
                app: None,
                addon: None,
            })
            .collect()
    } else {
        store.dashboard(now_ms)
    };
    Reply::json(200, &DashboardEnvelope { databases })
}

/// `GET /v1/databases/{id or name}`: `{"database": ...}` with `app` and `addon` at the root (the
/// JS client's shape), or only the documented `{"database": ...}` in minimal-answers mode.
pub fn get(store: &Store, id_or_name: &str, now_ms: u64) -> Reply {
    if store.minimal_answers() {
        return match store.get(id_or_name) {
            Some(db) => Reply::json(
                200,
                &DatabaseEnvelope {
                    database: db.clone(),
                },
            ),
            None => Reply::error(404, DATABASE_NOT_FOUND),
        };
    }
    match store.show(id_or_name, now_ms) {
        Some(item) => Reply::json(200, &item),
        None => Reply::error(404, DATABASE_NOT_FOUND),
    }
}

/// `POST /v1/databases`, from the raw request body.
///
/// Malformed JSON is a 400; anything that parses but is not a valid database is a 422 with
/// messages per field. Like the real API (Rails parameter wrapping), the `database` wrapper may
/// be left out.
pub fn create(store: &mut Store, body: &[u8], now_ms: u64) -> Reply {
    let input = match parse(body, "database").and_then(|fields| {
        Ok(NewDatabase {
            name: text(&fields, "name")?.unwrap_or_default(),
            technology: text(&fields, "technology")?.unwrap_or_default(),
            plan: text(&fields, "plan")?.unwrap_or_default(),
            project_id: text(&fields, "project_id")?,
        })
    }) {
        Ok(input) => input,
        Err(reply) => return reply,
    };
    match store.create(input, now_ms) {
        Ok(database) => Reply::json(201, &DatabaseEnvelope { database }),
        Err(errors) => Reply::json(422, &ValidationErrorBody { errors }),
    }
}

/// The fields of a JSON body, inside `wrapper` or, as Rails' parameter wrapping allows, at the
/// root: 400 for malformed JSON, 422 at `wrapper` when it is not an object.
fn parse(body: &[u8], wrapper: &str) -> Result<Map<String, Value>, Reply> {
    let value: Value = serde_json::from_slice(body).map_err(|error| {
        Reply::error(
            400,
            &format!("There was a problem in the JSON you submitted: {error}"),
        )
    })?;
    match value.get(wrapper).unwrap_or(&value) {
        Value::Object(fields) => Ok(fields.clone()),
        _ => Err(validation(wrapper, "must be an object")),
    }
}

/// A string field: absent or `null` is `None`, anything else but a string a 422.
fn text(fields: &Map<String, Value>, key: &str) -> Result<Option<String>, Reply> {
    match fields.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(_) => Err(validation(key, "must be a string")),
    }
}

fn validation(field: &str, message: &str) -> Reply {
    let mut body = ValidationErrorBody::default();
    body.errors.insert(field.into(), vec![message.into()]);
    Reply::json(422, &body)
}

/// `GET /v1/addon_providers`.
pub fn addon_providers(store: &Store) -> Reply {
    Reply::json(
        200,
        &AddonProvidersEnvelope {
            addon_providers: store.providers().to_vec(),
        },
    )
}

/// `GET /v1/addon_providers/{id}/plans`.
pub fn plans(store: &Store, provider_id: &str) -> Reply {
    match store.plans(provider_id) {
        Some(plans) => Reply::json(
            200,
            &PlansEnvelope {
                plans: plans.to_vec(),
            },
        ),
        None => Reply::error(404, "Addon provider not found"),
    }
}

/// `GET /v1/projects`.
pub fn projects(store: &Store) -> Reply {
    Reply::json(
        200,
        &ProjectsEnvelope {
            projects: store.projects().to_vec(),
        },
    )
}

/// `GET /v1/databases/{id or name}/endpoints`.
pub fn endpoints(store: &Store, id_or_name: &str) -> Reply {
    match store.endpoints(id_or_name) {
        Some(endpoints) => Reply::json(
            200,
            &EndpointsEnvelope {
                endpoints: endpoints.to_vec(),
            },
        ),
        None => Reply::error(404, DATABASE_NOT_FOUND),
    }
}

/// `GET /v1/apps/{id or name}`.
pub fn app(store: &Store, app: &str, now_ms: u64) -> Reply {
    match store.app(app, now_ms) {
        Some(app) => Reply::json(200, &AppEnvelope { app }),
        None => not_found("app"),
    }
}

/// `GET /v1/apps/{id or name}/addons`: the one addon, or none early in provisioning.
pub fn addons(store: &Store, app: &str, now_ms: u64) -> Reply {
    match store.addons(app, now_ms) {
        Some(addons) => Reply::json(200, &AddonsEnvelope { addons }),
        None => not_found("app"),
    }
}

/// `GET /v1/apps/{id or name}/variables` (`aliases` makes no difference: no variable here is
/// an alias).
pub fn variables(store: &Store, app: &str) -> Reply {
    match store.variables(app) {
        Some(variables) => Reply::json(
            200,
            &VariablesEnvelope {
                variables: variables.to_vec(),
            },
        ),
        None => not_found("app"),
    }
}

/// `PATCH /v1/apps/{app}/addons/{addon}` with `{"addon": {"plan_id": "<plan id or name>"}}`:
/// `200 {"addon": ..., "message": ...}` (DEV's `{"vars", "message"}` in minimal-answers mode).
pub fn change_plan(
    store: &mut Store,
    app: &str,
    addon_id: &str,
    body: &[u8],
    now_ms: u64,
) -> Reply {
    if let Some(reply) = missing(store, app, Some(addon_id), now_ms) {
        return reply;
    }
    let plan = match parse(body, "addon").and_then(|fields| {
        Ok(match text(&fields, "plan_id")? {
            Some(plan) => Some(plan),
            None => text(&fields, "plan")?,
        })
    }) {
        Ok(plan) => plan.unwrap_or_default(),
        Err(reply) => return reply,
    };
    let (addon, downtime) = match store.change_plan(app, addon_id, &plan, now_ms) {
        Ok(changed) => changed,
        Err(error) => return refusal(error),
    };
    let message = format!(
        "The change to the {} plan has started. {}",
        addon.plan.label(),
        downtime.sentence()
    );
    if store.minimal_answers() {
        let vars: Vec<String> = store
            .variables(app)
            .unwrap_or_default()
            .iter()
            .map(|v| v.name.clone())
            .collect();
        return Reply::json(
            200,
            &serde_json::json!({ "vars": vars, "message": message }),
        );
    }
    Reply::json(200, &AddonChangeEnvelope { addon, message })
}

/// `POST /v1/apps/{app}/rename` with `{"current_name", "new_name"}` → `200 {"app": ...}`.
pub fn rename(store: &mut Store, app: &str, body: &[u8], now_ms: u64) -> Reply {
    if let Some(reply) = missing(store, app, None, now_ms) {
        return reply;
    }
    let names = parse(body, "app").and_then(|fields| {
        Ok((
            text(&fields, "current_name")?,
            text(&fields, "new_name")?.unwrap_or_default(),
        ))
    });
    let (current_name, new_name) = match names {
        Ok(names) => names,
        Err(reply) => return reply,
    };
    answer(
        200,
        store
            .rename(app, current_name.as_deref(), &new_name, now_ms)
            .map(|app| AppEnvelope { app }),
    )
}

/// `PATCH /v1/apps/{app}` with `{"app": {"project_id"}}` (or `PUT` with `{"project_id"}`) →
/// `200 {"app": ...}`.
pub fn move_to_project(store: &mut Store, app: &str, body: &[u8], now_ms: u64) -> Reply {
    if let Some(reply) = missing(store, app, None, now_ms) {
        return reply;
    }
    let project_id = match parse(body, "app").and_then(|fields| text(&fields, "project_id")) {
        Ok(project_id) => project_id.unwrap_or_default(),
        Err(reply) => return reply,
    };
    answer(
        200,
        store
            .move_to_project(app, &project_id, now_ms)
            .map(|app| AppEnvelope { app }),
    )
}

/// `DELETE /v1/apps/{app}?current_name={name}` → 204.
pub fn delete(store: &mut Store, app: &str, current_name: Option<&str>) -> Reply {
    match store.delete(app, current_name) {
        Ok(_) => Reply::no_content(),
        Err(error) => refusal(error),
    }
}

/// `POST /v1/apps/{app}/addons/{addon}/token` → `{"addon": {"id", "token"}}`.
pub fn addon_token(store: &mut Store, app: &str, addon_id: &str, now_ms: u64) -> Reply {
    answer(
        200,
        store
            .issue_addon_token(app, addon_id, now_ms)
            .map(|addon| AddonTokenEnvelope { addon }),
    )
}

/// `GET /api/databases/{addon}`: the Database API record; 404 early in provisioning.
pub fn dbaas(store: &Store, addon_id: &str, now_ms: u64) -> Reply {
    match store.dbaas(addon_id, now_ms) {
        Some(database) => Reply::json(200, &DbaasEnvelope { database }),
        None => not_found("database"),
    }
}

/// `GET /api/databases/{addon}/firewall_rules`.
pub fn firewall_rules(store: &Store, addon_id: &str, now_ms: u64) -> Reply {
    match store.firewall_rules(addon_id, now_ms) {
        Some(rules) => Reply::json(
            200,
            &RulesEnvelope {
                rules: rules.to_vec(),
            },
        ),
        None => not_found("database"),
    }
}

/// `POST /api/databases/{addon}/firewall_rules` with `{"firewall_rule": {"type", "cidr",
/// "label"}}` or `{"firewall_rule": {"type", "range_id"}}` (or unwrapped) → `201 {"rule": ...}`.
pub fn add_firewall_rule(store: &mut Store, addon_id: &str, body: &[u8], now_ms: u64) -> Reply {
    let input = parse(body, "firewall_rule").and_then(|fields| {
        Ok(NewFirewallRule {
            kind: text(&fields, "type")?.unwrap_or_default(),
            cidr: text(&fields, "cidr")?,
            label: text(&fields, "label")?,
            range_id: text(&fields, "range_id")?,
        })
    });
    // An unknown database is a 404 whatever the body says.
    if store.firewall_rules(addon_id, now_ms).is_none() {
        return not_found("database");
    }
    let input = match input {
        Ok(input) => input,
        Err(reply) => return reply,
    };
    answer(
        201,
        store
            .add_firewall_rule(addon_id, input, now_ms)
            .map(|rule| RuleEnvelope { rule }),
    )
}

/// `DELETE /api/databases/{addon}/firewall_rules/{rule}` → 204.
pub fn remove_firewall_rule(
    store: &mut Store,
    addon_id: &str,
    rule_id: &str,
    now_ms: u64,
) -> Reply {
    match store.remove_firewall_rule(addon_id, rule_id, now_ms) {
        Ok(_) => Reply::no_content(),
        Err(error) => refusal(error),
    }
}

/// `GET /api/firewall/managed_ranges`.
pub fn managed_ranges(store: &Store) -> Reply {
    Reply::json(
        200,
        &RangesEnvelope {
            ranges: store.managed_ranges().to_vec(),
        },
    )
}

/// Decodes `%XX` escapes (and, in a query, `+` as a space); `None` when they do not form UTF-8.
fn percent_decode(text: &str, plus_is_space: bool) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' if i + 3 <= bytes.len() => {
                let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).ok()?;
                out.push(u8::from_str_radix(hex, 16).ok()?);
                i += 3;
            }
            b'+' if plus_is_space => {
                out.push(b' ');
                i += 1;
            }
            byte => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8(out).ok()
}

/// A path segment, decoded; one that does not decode is kept as is (with its `%`, it can match
/// no id or name, so it answers the route's 404).
fn segment(raw: &str) -> String {
    percent_decode(raw, false).unwrap_or_else(|| raw.to_string())
}

/// The value of `key` in a query string (`a=1&b=2`), decoded; the first one if repeated.
pub fn query_value(query: &str, key: &str) -> Option<String> {
    query.split('&').find_map(|pair| {
        let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
        (percent_decode(name, true)? == key).then(|| percent_decode(value, true))?
    })
}

/// Whether the paths are one of [`dispatch`]'s (whatever the method).
fn known_path(segments: &[&str]) -> bool {
    matches!(
        segments,
        ["v1", "databases"]
            | ["v1", "databases", _]
            | ["v1", "databases", _, "endpoints"]
            | ["v1", "projects"]
            | ["v1", "addon_providers"]
            | ["v1", "addon_providers", _, "plans"]
            | ["v1", "apps", _]
            | ["v1", "apps", _, "addons"]
            | ["v1", "apps", _, "addons", _]
            | ["v1", "apps", _, "addons", _, "token"]
            | ["v1", "apps", _, "rename"]
            | ["v1", "apps", _, "variables"]
            | ["api", "databases", _]
            | ["api", "databases", _, "firewall_rules"]
            | ["api", "databases", _, "firewall_rules", _]
            | ["api", "firewall", "managed_ranges"]
    )
}

/// Answers one request of the contract, routed by method and path (with or without a query),
/// as devapi's routes do, at `now_ms`. Authentication is the caller's business. A known path
/// with another method is a 405, anything else a 404.
pub fn dispatch(store: &mut Store, method: &str, target: &str, body: &[u8], now_ms: u64) -> Reply {
    let target = target.split('#').next().unwrap_or_default();
    let (path, query) = target.split_once('?').unwrap_or((target, ""));
    let segments: Vec<&str> = path.trim_matches('/').split('/').collect();
    match (method, segments.as_slice()) {
        ("GET", ["v1", "databases"]) => match query_value(query, "dashboard").as_deref() {
            Some("true" | "1") => dashboard(store, now_ms),
            _ => list(store),
        },
        ("POST", ["v1", "databases"]) => create(store, body, now_ms),
        ("GET", ["v1", "databases", key]) => get(store, &segment(key), now_ms),
        ("GET", ["v1", "databases", key, "endpoints"]) => endpoints(store, &segment(key)),
        ("GET", ["v1", "projects"]) => projects(store),
        ("GET", ["v1", "addon_providers"]) => addon_providers(store),
        ("GET", ["v1", "addon_providers", provider, "plans"]) => plans(store, &segment(provider)),
        ("GET", ["v1", "apps", key]) => app(store, &segment(key), now_ms),
        ("PATCH" | "PUT", ["v1", "apps", key]) => {
            move_to_project(store, &segment(key), body, now_ms)
        }
        ("DELETE", ["v1", "apps", key]) => delete(
            store,
            &segment(key),
            query_value(query, "current_name").as_deref(),
        ),
        ("GET", ["v1", "apps", key, "addons"]) => addons(store, &segment(key), now_ms),
        ("PATCH", ["v1", "apps", key, "addons", addon]) => {
            change_plan(store, &segment(key), &segment(addon), body, now_ms)
        }
        ("POST", ["v1", "apps", key, "addons", addon, "token"]) => {
            addon_token(store, &segment(key), &segment(addon), now_ms)
        }
        ("POST", ["v1", "apps", key, "rename"]) => rename(store, &segment(key), body, now_ms),
        ("GET", ["v1", "apps", key, "variables"]) => variables(store, &segment(key)),
        ("GET", ["api", "databases", addon]) => dbaas(store, &segment(addon), now_ms),
        ("GET", ["api", "databases", addon, "firewall_rules"]) => {
            firewall_rules(store, &segment(addon), now_ms)
        }
        ("POST", ["api", "databases", addon, "firewall_rules"]) => {
            add_firewall_rule(store, &segment(addon), body, now_ms)
        }
        ("DELETE", ["api", "databases", addon, "firewall_rules", rule]) => {
            remove_firewall_rule(store, &segment(addon), &segment(rule), now_ms)
        }
        ("GET", ["api", "firewall", "managed_ranges"]) => managed_ranges(store),
        (_, segments) if known_path(segments) => Reply::error(405, "Method not allowed"),
        _ => Reply::error(404, "Not found"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::seed;
    use crate::store::StoreOptions;

    /// Some instant after the examples were created (2026-03-01T00:00:00Z).
    const NOW: u64 = 1_772_323_200_000;
    const FIRST_ADDON: &str = seed::EXAMPLE_ADDON_IDS[0];
    const SECOND_ADDON: &str = seed::EXAMPLE_ADDON_IDS[1];

    fn json(reply: &Reply) -> Value {
        serde_json::from_str(&reply.body).unwrap()
    }

    fn call(store: &mut Store, method: &str, path: &str, body: &str) -> (u16, Value) {
        let reply = dispatch(store, method, path, body.as_bytes(), NOW);
        let value = if reply.body.is_empty() {
            Value::Null
        } else {
            json(&reply)
        };
        (reply.status, value)
    }

    #[test]
    fn list_is_the_spec_example() {
        let reply = list(&Store::seeded());
        assert_eq!(reply.status, 200);
        let expected: Value = serde_json::from_str(
            r#"{"databases":[
              {"id":"54100930736f7563d5030000","name":"my-postgres-db",
               "project_id":"pr-82a3cac5-9b25-473e-b33d-6272b87e636f",
               "technology":"postgresql-dr","plan":"postgresql-dr-starter-4096"},
              {"id":"54100930736f7563d5030001","name":"backup-db",
               "project_id":"pr-82a3cac5-9b25-473e-b33d-6272b87e636f",
               "technology":"postgresql-dr","plan":"postgresql-dr-business-4096"}]}"#,
        )
        .unwrap();
        assert_eq!(json(&reply), expected);
        assert_eq!(
            reply.body,
            concat!(
                r#"{"databases":[{"id":"54100930736f7563d5030000","name":"my-postgres-db","#,
                r#""project_id":"pr-82a3cac5-9b25-473e-b33d-6272b87e636f","technology":"postgresql-dr","#,
                r#""plan":"postgresql-dr-starter-4096"},{"id":"54100930736f7563d5030001","name":"backup-db","#,
                r#""project_id":"pr-82a3cac5-9b25-473e-b33d-6272b87e636f","technology":"postgresql-dr","#,
                r#""plan":"postgresql-dr-business-4096"}]}"#
            )
        );
    }

    #[test]
    fn get_answers_404_with_the_spec_body() {
        let reply = get(&Store::seeded(), "nope-nope", NOW);
        assert_eq!(reply.status, 404);
        assert_eq!(reply.body, r#"{"error":"Database not found"}"#);
    }

    #[test]
    fn get_gives_the_database_with_its_app_and_addon() {
        let body = json(&get(&Store::seeded(), "my-postgres-db", NOW));
        assert_eq!(
            body["database"],
            json(&list(&Store::seeded()))["databases"][0]
        );
        assert_eq!(body["app"]["id"], "54100930736f7563d5030000");
        assert_eq!(body["app"]["name"], "my-postgres-db");
        assert_eq!(body["app"]["dedicated_database"], true);
        assert_eq!(body["app"]["region"], "osc-fr1");
        assert_eq!(body["app"]["project"]["name"], "default");
        assert_eq!(body["app"]["created_at"], "2025-10-02T08:15:00.000Z");
        assert!(body["app"]["uuid"].as_str().unwrap().starts_with("ap-"));
        assert_eq!(body["addon"]["id"], FIRST_ADDON);
        assert_eq!(body["addon"]["status"], "running");
        assert_eq!(body["addon"]["plan"]["display_name"], "Starter 4G");
        assert_eq!(body["addon"]["addon_provider"]["id"], "postgresql-dr");
        let keys: Vec<_> = body.as_object().unwrap().keys().cloned().collect();
        assert_eq!(keys.len(), 3);
    }

    #[test]
    fn minimal_answers_give_only_the_documented_shapes() {
        let mut store = Store::with_options(&StoreOptions {
            minimal_answers: true,
            ..StoreOptions::default()
        });
        let (status, body) = call(&mut store, "GET", "/v1/databases/backup-db", "");
        assert_eq!(status, 200);
        assert_eq!(
            body,
            serde_json::json!({"database": json(&list(&store))["databases"][1]})
        );
        let (_, body) = call(&mut store, "GET", "/v1/databases?dashboard=true", "");
        assert_eq!(
            body["databases"][0],
            serde_json::json!({"database": json(&list(&store))["databases"][0]})
        );
        let (status, body) = call(
            &mut store,
            "PATCH",
            &format!("/v1/apps/my-postgres-db/addons/{FIRST_ADDON}"),
            r#"{"addon":{"plan_id":"postgresql-dr-business-4096"}}"#,
        );
        assert_eq!(status, 200);
        assert_eq!(
            body["vars"],
            serde_json::json!(["SCALINGO_POSTGRESQL_URL", "SCALINGO_POSTGRESQL_URL_PRIVATE"])
        );
        assert!(body["message"].as_str().unwrap().contains("No downtime"));
        // The addon is still found the documented way.
        let (_, body) = call(&mut store, "GET", "/v1/apps/my-postgres-db/addons", "");
        assert_eq!(body["addons"][0]["id"], FIRST_ADDON);
    }

    #[test]
    fn the_dashboard_list_has_database_app_and_addon() {
        let mut store = Store::seeded();
        let (status, body) = call(&mut store, "GET", "/v1/databases?dashboard=true", "");
        assert_eq!(status, 200);
        let items = body["databases"].as_array().unwrap();
        assert_eq!(items.len(), 2);
        assert_eq!(items[1]["database"]["name"], "backup-db");
        assert_eq!(items[1]["app"]["name"], "backup-db");
        assert_eq!(items[1]["addon"]["id"], SECOND_ADDON);
        assert_eq!(items[1]["addon"]["status"], "running");
        assert_eq!(
            items[1]["addon"]["plan"]["name"],
            "postgresql-dr-business-4096"
        );
        assert_eq!(items[1]["addon"]["plan"]["display_name"], "Business 4G");
        // Other values of the flag give the plain list.
        assert_eq!(
            call(&mut store, "GET", "/v1/databases?dashboard=false", "").1,
            json(&list(&store))
        );
    }

    #[test]
    fn create_wrapped_and_unwrapped() {
        let mut store = Store::seeded();
        let reply = create(
            &mut store,
            br#"{"database":{"name":"wrapped-db","technology":"postgresql-dr","plan":"postgresql-dr-starter-4096"}}"#,
            NOW,
        );
        assert_eq!(reply.status, 201);
        assert_eq!(json(&reply)["database"]["name"], "wrapped-db");
        let reply = create(
            &mut store,
            br#"{"name":"bare-db","technology":"postgresql-dr","plan":"postgresql-dr-starter-4096","project_id":null}"#,
            NOW,
        );
        assert_eq!(reply.status, 201);
    }

    #[test]
    fn create_malformed_json_is_400() {
        let reply = create(&mut Store::seeded(), b"{\"database\": ", NOW);
        assert_eq!(reply.status, 400);
        assert!(json(&reply)["error"]
            .as_str()
            .unwrap()
            .starts_with("There was a problem"));
    }

    #[test]
    fn create_wrong_shapes_are_422() {
        let mut store = Store::seeded();
        let reply = create(&mut store, b"[1,2]", NOW);
        assert_eq!(reply.status, 422);
        assert_eq!(json(&reply)["errors"]["database"][0], "must be an object");
        let reply = create(&mut store, br#"{"database":{"name":42}}"#, NOW);
        assert_eq!(reply.status, 422);
        assert_eq!(json(&reply)["errors"]["name"][0], "must be a string");
    }

    #[test]
    fn create_taken_name_is_422_at_name() {
        let reply = create(
            &mut Store::seeded(),
            br#"{"database":{"name":"backup-db","technology":"postgresql-dr","plan":"postgresql-dr-starter-4096"}}"#,
            NOW,
        );
        assert_eq!(reply.status, 422);
        assert_eq!(
            reply.body,
            r#"{"errors":{"name":["has already been taken"]}}"#
        );
    }

    #[test]
    fn dispatch_routes_like_devapi() {
        let mut store = Store::seeded();
        assert_eq!(
            dispatch(&mut store, "GET", "/v1/databases", b"", NOW),
            list(&store)
        );
        for (method, path, status) in [
            ("GET", "/v1/databases?x=1", 200),
            ("GET", "/v1/databases/backup-db", 200),
            ("GET", "/v1/databases/54100930736f7563d5030000", 200),
            ("GET", "/v1/databases/nope%20nope", 404),
            ("GET", "/v1/databases/%ZZ", 404),
            ("GET", "/v1/databases/%", 404),
            ("GET", "/v1/projects", 200),
            ("GET", "/v1/addon_providers", 200),
            ("GET", "/v1/addon_providers/postgresql-dr/plans", 200),
            ("DELETE", "/v1/databases/backup-db", 405),
            ("POST", "/v1/addon_providers", 405),
            ("GET", "/v1/apps/backup-db/rename", 405),
            ("PUT", "/api/firewall/managed_ranges", 405),
            ("GET", "/v2/elsewhere", 404),
            ("GET", "/api/databases", 404),
            ("GET", "/v1/apps/backup-db/addons/x/y/z", 404),
        ] {
            assert_eq!(
                dispatch(&mut store, method, path, b"", NOW).status,
                status,
                "{method} {path}"
            );
        }
        let created = dispatch(
            &mut store,
            "POST",
            "/v1/databases",
            br#"{"database":{"name":"via-dispatch","technology":"postgresql-dr","plan":"postgresql-dr-starter-4096"}}"#,
            NOW,
        );
        assert_eq!(created.status, 201);
        assert_eq!(
            dispatch(&mut store, "GET", "/v1/databases/via-dispatch", b"", NOW).status,
            200
        );
    }

    #[test]
    fn catalog_and_projects() {
        let store = Store::seeded();
        let providers = json(&addon_providers(&store));
        assert_eq!(providers["addon_providers"][0]["id"], "postgresql-dr");
        assert_eq!(
            providers["addon_providers"][0]["plans"]
                .as_array()
                .unwrap()
                .len(),
            9
        );
        assert_eq!(plans(&store, "postgresql-dr").status, 200);
        assert_eq!(plans(&store, "mysql").status, 404);
        assert_eq!(json(&projects(&store))["projects"][0]["default"], true);
        assert_eq!(unauthorized().status, 401);
    }

    #[test]
    fn query_values_are_decoded() {
        assert_eq!(query_value("a=1&b=2", "b").as_deref(), Some("2"));
        assert_eq!(
            query_value("current_name=my%2Ddb&x", "current_name").as_deref(),
            Some("my-db")
        );
        assert_eq!(query_value("q=a+b%20c", "q").as_deref(), Some("a b c"));
        assert_eq!(query_value("flag", "flag").as_deref(), Some(""));
        assert_eq!(query_value("a=1&a=2", "a").as_deref(), Some("1"));
        assert_eq!(query_value("a=%FF", "a"), None);
        assert_eq!(query_value("", "a"), None);
    }

    #[test]
    fn a_new_database_goes_from_nothing_to_creating_to_running() {
        let mut store = Store::seeded();
        let (status, body) = call(
            &mut store,
            "POST",
            "/v1/databases",
            r#"{"database":{"name":"fresh-db","technology":"postgresql-dr","plan":"postgresql-dr-starter-4096"}}"#,
        );
        assert_eq!(status, 201);
        let id = body["database"]["id"].as_str().unwrap().to_string();
        let addon = store.addon_id(&id).unwrap().to_string();
        let at = |store: &mut Store, ms: u64, path: &str| {
            let reply = dispatch(store, "GET", path, b"", NOW + ms);
            (reply.status, json(&reply))
        };
        let dbaas = format!("/api/databases/{addon}");
        let addons = format!("/v1/apps/{id}/addons");
        // The first quarter of the 20 s: no addon, no DBaaS record, no addon in the show.
        assert_eq!(
            at(&mut store, 0, &addons).1,
            serde_json::json!({"addons": []})
        );
        assert_eq!(
            at(&mut store, 4_999, &dbaas),
            (
                404,
                serde_json::json!({"resource": "database", "error": "not found"})
            )
        );
        let (_, show) = at(&mut store, 0, &format!("/v1/databases/{id}"));
        assert!(show.get("addon").is_none(), "{show}");
        assert_eq!(show["app"]["status"], "new");
        // Then provisioning / creating.
        assert_eq!(
            at(&mut store, 5_000, &addons).1["addons"][0]["status"],
            "provisioning"
        );
        let (status, record) = at(&mut store, 5_000, &dbaas);
        assert_eq!(status, 200);
        assert_eq!(record["database"]["status"], "creating");
        assert_eq!(record["database"]["instances"][0]["status"], "booting");
        // Then running.
        assert_eq!(
            at(&mut store, 20_000, &addons).1["addons"][0]["status"],
            "running"
        );
        let (_, record) = at(&mut store, 20_000, &dbaas);
        assert_eq!(record["database"]["status"], "running");
        assert_eq!(record["database"]["app_name"], "fresh-db");
        assert_eq!(record["database"]["readable_version"], "17.6.0-1");
        assert_eq!(
            record["database"]["features"],
            serde_json::json!([{"name": "force-ssl", "status": "ACTIVATED"}])
        );
        let instances = record["database"]["instances"].as_array().unwrap();
        assert_eq!(instances.len(), 1);
        assert_eq!(instances[0]["type"], "db-node");
        assert_eq!(instances[0]["role"], "leader");
        let (_, dashboard) = at(&mut store, 20_000, "/v1/databases?dashboard=true");
        assert_eq!(dashboard["databases"][2]["addon"]["status"], "running");
    }

    #[test]
    fn the_dbaas_record_of_a_multi_node_database() {
        let mut store = Store::seeded();
        let (status, body) = call(
            &mut store,
            "GET",
            &format!("/api/databases/{SECOND_ADDON}"),
            "",
        );
        assert_eq!(status, 200);
        let db = &body["database"];
        assert_eq!(db["plan"], "postgresql-dr-business-4096");
        assert_eq!(db["cluster"], true);
        let kinds: Vec<_> = db["instances"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| (i["type"].as_str().unwrap(), i["role"].as_str()))
            .collect();
        assert_eq!(
            kinds,
            [
                ("db-node", Some("leader")),
                ("db-node", Some("follower")),
                ("gateway", None)
            ]
        );
        let window = &db["maintenance_window"];
        assert!(window["weekday_utc"].as_u64().unwrap() < 7);
        assert!(window["starting_hour_utc"].as_u64().unwrap() < 24);
        assert_eq!(window["duration_in_hour"], 8);
        assert!(db["hostname"].as_str().unwrap().ends_with(&format!(
            ":{}",
            store.endpoints("backup-db").unwrap()[0].port
        )));
        assert_eq!(call(&mut store, "GET", "/api/databases/ad-nope", "").0, 404);
    }

    #[test]
    fn endpoints_and_variables() {
        let mut store = Store::seeded();
        let (status, body) = call(
            &mut store,
            "GET",
            "/v1/databases/my-postgres-db/endpoints",
            "",
        );
        assert_eq!(status, 200);
        let endpoint = &body["endpoints"][0];
        assert_eq!(endpoint["database_id"], "54100930736f7563d5030000");
        assert_eq!(endpoint["type"], "public-rw");
        let host = endpoint["hostname"].as_str().unwrap().to_string();
        assert!(
            host.ends_with(".postgresql.osc-fr1.scalingo-dbs.com"),
            "{host}"
        );
        let port = endpoint["port"].as_u64().unwrap();
        assert!((30_000..40_000).contains(&port));

        let (status, body) = call(
            &mut store,
            "GET",
            "/v1/apps/54100930736f7563d5030000/variables?aliases=false",
            "",
        );
        assert_eq!(status, 200);
        let url = body["variables"]
            .as_array()
            .unwrap()
            .iter()
            .find(|v| v["name"] == "SCALINGO_POSTGRESQL_URL")
            .unwrap()["value"]
            .as_str()
            .unwrap()
            .to_string();
        assert!(url.starts_with("postgresql://"), "{url}");
        assert!(url.contains(&format!("@{host}:{port}/")), "{url}");
        assert!(url.ends_with("?sslmode=require"), "{url}");

        assert_eq!(
            call(&mut store, "GET", "/v1/databases/nope-nope/endpoints", ""),
            (404, serde_json::json!({"error": "Database not found"}))
        );
        assert_eq!(
            call(&mut store, "GET", "/v1/apps/nope-nope/variables", ""),
            (
                404,
                serde_json::json!({"resource": "app", "error": "not found"})
            )
        );
    }

    #[test]
    fn firewall_rules_add_list_remove() {
        let mut store = Store::seeded();
        let rules = format!("/api/databases/{FIRST_ADDON}/firewall_rules");
        assert_eq!(
            call(&mut store, "GET", &rules, ""),
            (200, serde_json::json!({"rules": []}))
        );
        let (status, body) = call(
            &mut store,
            "POST",
            &rules,
            r#"{"firewall_rule":{"type":"custom_range","cidr":"203.0.113.7/24","label":"Office"}}"#,
        );
        assert_eq!(status, 201, "{body}");
        let rule = &body["rule"];
        assert_eq!(rule["cidr"], "203.0.113.0/24");
        assert_eq!(rule["label"], "Office");
        assert_eq!(rule["type"], "custom_range");
        assert!(rule.get("range_id").is_none());
        assert_eq!(
            rule["database_id"],
            store.dbaas(FIRST_ADDON, NOW).unwrap().id
        );
        let custom_id = rule["id"].as_str().unwrap().to_string();
        // Unwrapped, managed.
        let (status, body) = call(
            &mut store,
            "POST",
            &rules,
            r#"{"type":"managed_range","range_id":"mr-scalingo-osc-fr1"}"#,
        );
        assert_eq!(status, 201, "{body}");
        assert!(body["rule"].get("cidr").is_none() && body["rule"].get("label").is_none());
        let (_, listed) = call(&mut store, "GET", &rules, "");
        assert_eq!(listed["rules"].as_array().unwrap().len(), 2);

        let (status, body) = call(&mut store, "DELETE", &format!("{rules}/{custom_id}"), "");
        assert_eq!((status, body), (204, Value::Null));
        assert_eq!(
            call(&mut store, "DELETE", &format!("{rules}/{custom_id}"), ""),
            (
                404,
                serde_json::json!({"resource": "firewall_rule", "error": "not found"})
            )
        );
        assert_eq!(
            call(
                &mut store,
                "GET",
                "/api/databases/ad-none/firewall_rules",
                ""
            )
            .0,
            404
        );
        assert_eq!(
            call(
                &mut store,
                "POST",
                "/api/databases/ad-none/firewall_rules",
                "{"
            )
            .0,
            404
        );
        assert_eq!(call(&mut store, "POST", &rules, "{").0, 400);
        let (_, ranges) = call(&mut store, "GET", "/api/firewall/managed_ranges", "");
        assert_eq!(
            ranges["ranges"][0],
            serde_json::json!({"id": "mr-scalingo-osc-fr1", "name": "Scalingo osc-fr1 region"})
        );
        assert_eq!(ranges["ranges"].as_array().unwrap().len(), 2);
    }

    #[test]
    fn firewall_rule_errors_are_422_per_field() {
        let mut store = Store::seeded();
        let rules = format!("/api/databases/{FIRST_ADDON}/firewall_rules");
        let error = |store: &mut Store, body: &str| {
            let (status, body) = call(store, "POST", &rules, body);
            assert_eq!(status, 422, "{body}");
            body["errors"].clone()
        };
        let errors = error(
            &mut store,
            r#"{"firewall_rule":{"type":"custom_range","cidr":"10.0.0.0/33"}}"#,
        );
        assert!(errors["cidr"][0]
            .as_str()
            .unwrap()
            .contains("prefix must be 0 to 32"));
        let errors = error(&mut store, r#"{"firewall_rule":{"type":"custom_range"}}"#);
        assert_eq!(errors["cidr"][0], "can't be blank");
        let errors = error(
            &mut store,
            r#"{"firewall_rule":{"type":"managed_range","range_id":"mr-nope"}}"#,
        );
        assert!(errors["range_id"][0]
            .as_str()
            .unwrap()
            .contains("not a managed range"));
        let errors = error(
            &mut store,
            r#"{"firewall_rule":{"type":"managed_range","range_id":"mr-scalingo-osc-fr1","label":"x","cidr":"1.2.3.4/32"}}"#,
        );
        assert!(errors["label"][0]
            .as_str()
            .unwrap()
            .contains("only for a custom_range"));
        assert!(errors["cidr"][0]
            .as_str()
            .unwrap()
            .contains("only for a custom_range"));
        let errors = error(
            &mut store,
            r#"{"firewall_rule":{"type":"custom_range","cidr":"1.2.3.4/32","range_id":"mr-scalingo-osc-fr1"}}"#,
        );
        assert!(errors["range_id"][0]
            .as_str()
            .unwrap()
            .contains("only for a managed_range"));
        let errors = error(&mut store, r#"{"firewall_rule":{"cidr":"1.2.3.4/32"}}"#);
        assert!(errors["type"][0]
            .as_str()
            .unwrap()
            .contains("can't be blank"));
        let errors = error(&mut store, r#"{"firewall_rule":{"type":"everything"}}"#);
        assert!(errors["type"][0].as_str().unwrap().contains("must be"));
        let errors = error(
            &mut store,
            r#"{"firewall_rule":{"type":"custom_range","cidr":7}}"#,
        );
        assert_eq!(errors["cidr"][0], "must be a string");

        // Duplicates, by normalised range and by range id.
        for body in [
            r#"{"type":"custom_range","cidr":"10.1.2.0/24"}"#,
            r#"{"type":"managed_range","range_id":"mr-scalingo-osc-fr1"}"#,
        ] {
            assert_eq!(call(&mut store, "POST", &rules, body).0, 201);
        }
        let errors = error(
            &mut store,
            r#"{"type":"custom_range","cidr":"10.1.2.99/24"}"#,
        );
        assert!(errors["cidr"][0]
            .as_str()
            .unwrap()
            .contains("already allowed"));
        let errors = error(
            &mut store,
            r#"{"type":"managed_range","range_id":"mr-scalingo-osc-fr1"}"#,
        );
        assert!(errors["range_id"][0]
            .as_str()
            .unwrap()
            .contains("already allowed"));

        // At most 30.
        for n in 2..30 {
            let body = format!(r#"{{"type":"custom_range","cidr":"192.168.{n}.0/24"}}"#);
            assert_eq!(call(&mut store, "POST", &rules, &body).0, 201);
        }
        assert_eq!(store.firewall_rules(FIRST_ADDON, NOW).unwrap().len(), 30);
        let errors = error(
            &mut store,
            r#"{"type":"custom_range","cidr":"172.16.0.0/12"}"#,
        );
        assert!(errors["base"][0].as_str().unwrap().contains("at most 30"));
        // The other database is not affected.
        assert_eq!(
            call(
                &mut store,
                "POST",
                &format!("/api/databases/{SECOND_ADDON}/firewall_rules"),
                r#"{"type":"custom_range","cidr":"172.16.0.0/12"}"#
            )
            .0,
            201
        );
    }

    #[test]
    fn plan_change_goes_updating_then_running_on_the_new_plan() {
        let mut store = Store::seeded();
        let path = format!("/v1/apps/my-postgres-db/addons/{FIRST_ADDON}");
        // By id.
        let business_8 = store.plans("postgresql-dr").unwrap()[4].clone();
        let (status, body) = call(
            &mut store,
            "PATCH",
            &path,
            &format!(r#"{{"addon":{{"plan_id":"{}"}}}}"#, business_8.id),
        );
        assert_eq!(status, 200, "{body}");
        assert_eq!(body["addon"]["plan"]["name"], "postgresql-dr-business-8192");
        assert_eq!(body["addon"]["status"], "running");
        assert_eq!(
            body["message"],
            "The change to the Business 8G plan has started. No downtime is expected."
        );
        assert_eq!(
            store.get("my-postgres-db").unwrap().plan,
            "postgresql-dr-business-8192"
        );
        let dbaas = format!("/api/databases/{FIRST_ADDON}");
        let (_, record) = call(&mut store, "GET", &dbaas, "");
        assert_eq!(record["database"]["status"], "updating");
        assert_eq!(record["database"]["instances"].as_array().unwrap().len(), 3);
        // A second change while updating: 409.
        let (status, body) = call(
            &mut store,
            "PATCH",
            &path,
            r#"{"addon":{"plan_id":"postgresql-dr-business-16384"}}"#,
        );
        assert_eq!(status, 409);
        assert!(body["error"]
            .as_str()
            .unwrap()
            .contains("already in progress"));
        // Done after update_ms.
        let done = dispatch(&mut store, "GET", &dbaas, b"", NOW + 20_000);
        assert_eq!(json(&done)["database"]["status"], "running");
        assert_eq!(
            json(&done)["database"]["plan"],
            "postgresql-dr-business-8192"
        );
    }

    #[test]
    fn plan_change_errors() {
        let mut store = Store::seeded();
        let path = format!("/v1/apps/backup-db/addons/{SECOND_ADDON}");
        let refused = |store: &mut Store, plan: &str| {
            let (status, body) = call(
                store,
                "PATCH",
                &path,
                &format!(r#"{{"addon":{{"plan_id":"{plan}"}}}}"#),
            );
            assert_eq!(status, 422, "{body}");
            body["errors"]["plan_id"][0].as_str().unwrap().to_string()
        };
        assert!(refused(&mut store, "postgresql-dr-business-4096").contains("already the plan"));
        assert!(refused(&mut store, "postgresql-dr-huge-1").contains("is not a plan"));
        assert!(refused(&mut store, "postgresql-dr-enterprise-16384").contains("not available"));
        assert!(refused(&mut store, "").contains("can't be blank"));
        // No smaller size: none of the catalog is below 4 GB, so go up first.
        assert_eq!(
            call(
                &mut store,
                "PATCH",
                &path,
                r#"{"addon":{"plan_id":"postgresql-dr-business-8192"}}"#
            )
            .0,
            200
        );
        store.settle(NOW);
        assert!(refused(&mut store, "postgresql-dr-starter-4096").contains("smaller size"));
        // Unknown app, another database's addon, unknown addon.
        assert_eq!(
            call(
                &mut store,
                "PATCH",
                &format!("/v1/apps/nope-nope/addons/{SECOND_ADDON}"),
                "{}"
            ),
            (
                404,
                serde_json::json!({"resource": "app", "error": "not found"})
            )
        );
        assert_eq!(
            call(
                &mut store,
                "PATCH",
                &format!("/v1/apps/backup-db/addons/{FIRST_ADDON}"),
                r#"{"plan_id":"x"}"#
            ),
            (
                404,
                serde_json::json!({"resource": "addon", "error": "not found"})
            )
        );
        assert_eq!(call(&mut store, "PATCH", &path, "not json").0, 400);
        // An unknown app or addon is a 404 whatever the body.
        for (method, path) in [
            ("PATCH", format!("/v1/apps/nope-nope/addons/{SECOND_ADDON}")),
            ("PATCH", "/v1/apps/backup-db/addons/ad-nope".to_string()),
            ("POST", "/v1/apps/nope-nope/rename".to_string()),
            ("PATCH", "/v1/apps/nope-nope".to_string()),
        ] {
            assert_eq!(
                call(&mut store, method, &path, "not json").0,
                404,
                "{method} {path}"
            );
        }
    }

    #[test]
    fn plan_change_while_provisioning_is_409() {
        let mut store = Store::seeded();
        let (_, body) = call(
            &mut store,
            "POST",
            "/v1/databases",
            r#"{"name":"young-db","technology":"postgresql-dr","plan":"postgresql-dr-starter-4096"}"#,
        );
        let id = body["database"]["id"].as_str().unwrap().to_string();
        let addon = store.addon_id(&id).unwrap().to_string();
        let reply = dispatch(
            &mut store,
            "PATCH",
            &format!("/v1/apps/{id}/addons/{addon}"),
            br#"{"addon":{"plan_id":"postgresql-dr-starter-8192"}}"#,
            NOW + 10_000,
        );
        assert_eq!(reply.status, 409, "{}", reply.body);
        // Before the addon is listed, it is not found.
        let reply = dispatch(
            &mut store,
            "PATCH",
            &format!("/v1/apps/{id}/addons/{addon}"),
            br#"{"addon":{"plan_id":"postgresql-dr-starter-8192"}}"#,
            NOW,
        );
        assert_eq!(reply.status, 404);
    }

    #[test]
    fn rename_move_and_delete() {
        let mut store = Store::seeded();
        let (status, body) = call(
            &mut store,
            "POST",
            "/v1/apps/54100930736f7563d5030000/rename",
            r#"{"current_name":"my-postgres-db","new_name":"renamed-db"}"#,
        );
        assert_eq!(status, 200, "{body}");
        assert_eq!(body["app"]["name"], "renamed-db");
        assert_eq!(
            call(&mut store, "GET", "/v1/databases/renamed-db", "").0,
            200
        );
        assert_eq!(
            call(&mut store, "GET", "/v1/databases/my-postgres-db", "").0,
            404
        );
        let (_, record) = call(
            &mut store,
            "GET",
            &format!("/api/databases/{FIRST_ADDON}"),
            "",
        );
        assert_eq!(record["database"]["app_name"], "renamed-db");

        let rename =
            |store: &mut Store, body: &str| call(store, "POST", "/v1/apps/renamed-db/rename", body);
        let (status, body) = rename(
            &mut store,
            r#"{"current_name":"renamed-db","new_name":"backup-db"}"#,
        );
        assert_eq!(
            (status, &body["errors"]["new_name"][0]),
            (422, &Value::from("has already been taken"))
        );
        let (status, body) = rename(
            &mut store,
            r#"{"current_name":"renamed-db","new_name":"54100930736f7563d5030001"}"#,
        );
        assert_eq!(
            (status, &body["errors"]["new_name"][0]),
            (422, &Value::from("has already been taken"))
        );
        let (status, body) = rename(
            &mut store,
            r#"{"current_name":"renamed-db","new_name":"Bad_Name"}"#,
        );
        assert_eq!(status, 422);
        assert!(body["errors"]["new_name"][0]
            .as_str()
            .unwrap()
            .contains("lower case"));
        let (status, body) = rename(
            &mut store,
            r#"{"current_name":"wrong-name","new_name":"good-name"}"#,
        );
        assert_eq!(status, 400);
        assert!(body["error"].as_str().unwrap().contains("current_name"));
        assert_eq!(rename(&mut store, r#"{"new_name":"good-name"}"#).0, 400);
        assert_eq!(
            call(
                &mut store,
                "POST",
                "/v1/apps/nope-nope/rename",
                r#"{"current_name":"a","new_name":"b"}"#
            )
            .0,
            404
        );

        // Move, wrapped (PATCH) and unwrapped (PUT).
        let (status, body) = call(
            &mut store,
            "PATCH",
            "/v1/apps/renamed-db",
            &format!(r#"{{"app":{{"project_id":"{}"}}}}"#, seed::OTHER_PROJECT_ID),
        );
        assert_eq!(status, 200, "{body}");
        assert_eq!(body["app"]["project"]["id"], seed::OTHER_PROJECT_ID);
        assert_eq!(body["app"]["project"]["name"], "analytics");
        assert_eq!(
            store.get("renamed-db").unwrap().project_id,
            seed::OTHER_PROJECT_ID
        );
        let (status, _) = call(
            &mut store,
            "PUT",
            "/v1/apps/renamed-db",
            &format!(r#"{{"project_id":"{}"}}"#, seed::DEFAULT_PROJECT_ID),
        );
        assert_eq!(status, 200);
        let (status, body) = call(
            &mut store,
            "PATCH",
            "/v1/apps/renamed-db",
            r#"{"app":{"project_id":"pr-nope"}}"#,
        );
        assert_eq!(status, 422);
        assert_eq!(
            body["errors"]["project_id"][0],
            "is not one of your projects"
        );
        assert_eq!(
            call(&mut store, "GET", "/v1/apps/renamed-db", "").1["app"]["name"],
            "renamed-db"
        );

        // Delete.
        assert_eq!(call(&mut store, "DELETE", "/v1/apps/renamed-db", "").0, 400);
        assert_eq!(
            call(
                &mut store,
                "DELETE",
                "/v1/apps/renamed-db?current_name=backup-db",
                ""
            )
            .0,
            400
        );
        assert_eq!(
            call(
                &mut store,
                "DELETE",
                "/v1/apps/nope-nope?current_name=nope-nope",
                ""
            )
            .0,
            404
        );
        assert_eq!(
            call(
                &mut store,
                "DELETE",
                "/v1/apps/54100930736f7563d5030000?current_name=renamed%2Ddb",
                ""
            ),
            (204, Value::Null)
        );
        assert_eq!(
            call(&mut store, "GET", "/v1/databases/renamed-db", "").0,
            404
        );
        assert_eq!(
            call(
                &mut store,
                "GET",
                &format!("/api/databases/{FIRST_ADDON}"),
                ""
            )
            .0,
            404
        );
        assert_eq!(
            call(
                &mut store,
                "GET",
                "/v1/apps/54100930736f7563d5030000/variables",
                ""
            )
            .0,
            404
        );
        assert_eq!(store.list().len(), 1);
    }

    #[test]
    fn addon_tokens_last_one_hour_and_die_with_their_database() {
        let mut store = Store::seeded();
        let (status, body) = call(
            &mut store,
            "POST",
            &format!("/v1/apps/my-postgres-db/addons/{FIRST_ADDON}/token"),
            "",
        );
        assert_eq!(status, 200);
        assert_eq!(body["addon"]["id"], FIRST_ADDON);
        let token = body["addon"]["token"].as_str().unwrap().to_string();
        assert!(store.addon_token_allows(&token, Some(FIRST_ADDON), NOW));
        assert!(store.addon_token_allows(&token, None, NOW));
        assert!(!store.addon_token_allows(&token, Some(SECOND_ADDON), NOW));
        assert!(store.addon_token_allows(&token, None, NOW + 3_599_999));
        assert!(!store.addon_token_allows(&token, None, NOW + 3_600_000));
        assert!(!store.addon_token_allows("tk-addon-guess", None, NOW));
        assert_eq!(
            call(
                &mut store,
                "POST",
                &format!("/v1/apps/backup-db/addons/{FIRST_ADDON}/token"),
                ""
            )
            .0,
            404
        );
        store
            .delete("my-postgres-db", Some("my-postgres-db"))
            .unwrap();
        assert!(!store.addon_token_allows(&token, None, NOW));
    }
}
