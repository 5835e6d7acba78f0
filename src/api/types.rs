//! The answers of the lifecycle calls (`shared/reference/lifecycle-api.md` §11), read the lenient
//! way the contract asks: the API is a preview and its shapes have changed several times (§1,
//! §10), so every documented variant is read, unknown fields are ignored, `null` counts as
//! absent, and one item that cannot be read is skipped and counted, never the whole list failed.
//!
//! Each `read_*` function takes the status and body of an answer and returns what the console
//! uses, or the [`ApiError`] of an error status. Pure, with host tests on real-looking JSON.

use model::lifecycle::{
    Addon, App, DbaasDatabase, DbaasStatus, Endpoint, FirewallRule, ManagedRange, Region,
    URL_VARIABLE,
};
use model::Database;
use std::sync::Arc;

use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use crate::api::error::error_from_response;
use crate::api::ApiError;
use crate::rules::secrets::Secret;
use crate::rules::Status;

/// A list as read: the items the console could read, and how many it could not (an item
/// without an id or a name, or whose fields have the wrong types).
#[derive(Clone, Debug, PartialEq)]
pub struct Listed<T> {
    pub items: Vec<T>,
    pub skipped: usize,
}

impl<T> Listed<T> {
    fn read(items: &[Value], read: impl Fn(&Value) -> Option<T>) -> Self {
        let read: Vec<T> = items.iter().filter_map(read).collect();
        Self {
            skipped: items.len() - read.len(),
            items: read,
        }
    }
}

/// A database as the list (`GET /v1/databases?dashboard=true`) or the detail
/// (`GET /v1/databases/{id}`) gives it: the database, its app and addon when the answer has
/// them, and what the console shows from them.
#[derive(Clone, Debug, PartialEq)]
pub struct ListedDatabase {
    pub database: Database,
    /// Shared, not copied: a list's rows are cloned on their way to the screen (merged over the
    /// regions, sorted), and the app and addon are most of a row.
    pub app: Option<Arc<App>>,
    pub addon: Option<Arc<Addon>>,
    /// From the addon's status (the list has no Database API status). An app without an addon
    /// is a database still provisioning (the addon does not exist yet); nothing at all is
    /// [`Status::Unknown`].
    pub status: Status,
    /// The app's region (`osc-fr1`), when the answer says.
    pub region: Option<String>,
    /// The addon plan's name for people (`Starter 4G`), when the answer has it.
    pub plan_display_name: Option<String>,
}

/// What `GET /v1/databases/{id or name}` gives: the same as a list item.
pub type DatabaseDetail = ListedDatabase;

impl ListedDatabase {
    /// Reads one item: the database is `item.database`, else `item.app.database`, else the item
    /// itself; the app is `item.app`; the addon `item.addon`, else `item.app.addon`. An id or
    /// name missing from the database is taken from the app (the two are the same), a missing
    /// plan or project from the addon or the app. `None` without an id and a name.
    pub fn read(item: &Value) -> Option<Self> {
        let app_value = object(item.get("app"));
        let nested = |key: &str| app_value.and_then(|app| object(app.get(key)));
        let app = app_value.and_then(read_app);
        let addon = object(item.get("addon"))
            .or_else(|| nested("addon"))
            .and_then(read_addon);
        let core = object(item.get("database"))
            .or_else(|| nested("database"))
            .unwrap_or(item);
        Self::assemble(CoreFields::of(core), app, addon)
    }

    /// The item from its parts, however they were read (here, or the quick way of
    /// [`crate::api::dashboard`]): what the database lacks is taken from the app and the addon.
    pub(crate) fn assemble(
        mut core: CoreFields,
        app: Option<App>,
        addon: Option<Addon>,
    ) -> Option<Self> {
        let app = app.filter(|app| !app.id.trim().is_empty() && !app.name.trim().is_empty());
        let addon = addon.filter(|addon| !addon.id.trim().is_empty());
        let core_region = core.region.take();
        let database = database_of(core, app.as_ref(), addon.as_ref())?;
        let status = match (&addon, &app) {
            (Some(addon), _) => Status::derive(None, Some(addon.status)),
            (None, Some(_)) => Status::Provisioning,
            (None, None) => Status::Unknown,
        };
        let region = app
            .as_ref()
            .map(|app| app.region.clone())
            .filter(|region| !region.is_empty())
            .or(core_region);
        let plan_display_name = addon
            .as_ref()
            .map(|addon| addon.plan.display_name.clone())
            .filter(|name| !name.is_empty());
        Some(Self {
            database,
            app: app.map(Arc::new),
            addon: addon.map(Arc::new),
            status,
            region,
            plan_display_name,
        })
    }

    /// The status once the Database API record is read: the record's when it says one the
    /// console knows, else the list's ([`ListedDatabase::status`]).
    pub fn status_with(&self, dbaas: &Dbaas) -> Status {
        dbaas
            .status()
            .and_then(Status::from_dbaas)
            .unwrap_or(self.status)
    }

    /// The database and its addon, for the Database API calls, once the addon is known.
    pub fn addon_ref(&self) -> Option<AddonRef> {
        self.addon
            .as_ref()
            .map(|addon| AddonRef::new(&self.database.id, &addon.id))
    }
}

/// The value when it is a JSON object.
fn object(value: Option<&Value>) -> Option<&Value> {
    value.filter(|v| v.is_object())
}

/// A database and its addon: what every Database API call needs (the addon id is in the path;
/// with an addon token, variant a, the database id is needed to ask for the token).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct AddonRef {
    /// The database id (its app's id).
    pub database_id: String,
    /// `ad-<uuid>`.
    pub addon_id: String,
}

impl AddonRef {
    pub fn new(database_id: &str, addon_id: &str) -> Self {
        Self {
            database_id: database_id.to_string(),
            addon_id: addon_id.to_string(),
        }
    }
}

/// The Database API record, or not yet: early in provisioning the API answers 404 or a record
/// without a status (`lifecycle-api.md` §2).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Dbaas {
    /// Not there yet. For a database whose addon is running, a lasting `Pending` means the
    /// record is gone: the caller knows which, from the addon.
    Pending,
    Ready(Box<DbaasDatabase>),
}

impl Dbaas {
    /// The record's status, when there is a record.
    pub fn status(&self) -> Option<DbaasStatus> {
        match self {
            Self::Pending => None,
            Self::Ready(record) => Some(record.status),
        }
    }
}

/// The feature that forces TLS (`features[].name`).
pub const FORCE_SSL: &str = "force-ssl";

/// The status of a Database API feature (`ACTIVATED`, `PENDING_TO_ACTIVATE`…), when listed.
pub fn feature_status<'a>(record: &'a DbaasDatabase, name: &str) -> Option<&'a str> {
    record
        .features
        .iter()
        .find(|feature| feature.name == name)
        .map(|feature| feature.status.as_str())
}

/// A plan change accepted (any 2xx): the provider's message and the addon, when the answer has
/// them (DEV answers `{vars, message}`, go-scalingo reads `{addon, message}`, either may be
/// empty).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PlanChangeAccepted {
    pub message: Option<String>,
    pub addon: Option<Addon>,
}

// Reading helpers -----------------------------------------------------------------------------

/// The body of a 2xx answer, or the error of any other.
fn success(status: u16, body: &str) -> Result<&str, ApiError> {
    if (200..300).contains(&status) {
        Ok(body)
    } else {
        Err(error_from_response(status, body))
    }
}

/// A 2xx body as JSON. The error never quotes the body.
fn json(status: u16, body: &str) -> Result<Value, ApiError> {
    let body = success(status, body)?;
    if status == 204 {
        return Err(ApiError::Decode("the answer has no body (HTTP 204)".into()));
    }
    serde_json::from_str(body).map_err(|error| {
        ApiError::Decode(format!(
            "the answer is not JSON (line {}, column {})",
            error.line(),
            error.column()
        ))
    })
}

/// The value without its `null` fields (at every depth), so `#[serde(default)]` applies to them.
fn without_nulls(value: &Value) -> Value {
    match value {
        Value::Object(fields) => Value::Object(
            fields
                .iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(k, v)| (k.clone(), without_nulls(v)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(without_nulls).collect()),
        other => other.clone(),
    }
}

fn decode<T: DeserializeOwned>(value: &Value) -> Option<T> {
    serde_json::from_value(without_nulls(value)).ok()
}

/// A non-empty string field, or a number written as one.
fn text(value: &Value, key: &str) -> Option<String> {
    match value.get(key)? {
        Value::String(s) if !s.trim().is_empty() => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// The items of a list answer: under the first of `keys` present, or a bare array.
fn items<'a>(root: &'a Value, keys: &[&str], what: &str) -> Result<&'a [Value], ApiError> {
    if let Value::Array(items) = root {
        return Ok(items);
    }
    keys.iter()
        .find_map(|key| root.get(key).and_then(Value::as_array))
        .map(Vec::as_slice)
        .ok_or_else(|| ApiError::Decode(format!("the answer has no list of {what}")))
}

fn nonempty(text: &str) -> Option<String> {
    (!text.trim().is_empty()).then(|| text.to_string())
}

/// The fields of a database object the list reads, each a non-empty text when the answer has
/// one (a string, or a number written as one); `plan` and `project` may be objects.
#[derive(Debug, Default)]
pub(crate) struct CoreFields {
    pub id: Option<String>,
    pub name: Option<String>,
    /// `project_id`, else `project.id`.
    pub project_id: Option<String>,
    pub technology: Option<String>,
    /// `plan`, else `plan.name`.
    pub plan: Option<String>,
    pub region: Option<String>,
}

impl CoreFields {
    fn of(core: &Value) -> Self {
        Self {
            id: text(core, "id"),
            name: text(core, "name"),
            project_id: text(core, "project_id")
                .or_else(|| core.get("project").and_then(|p| text(p, "id"))),
            technology: text(core, "technology"),
            plan: text(core, "plan").or_else(|| core.get("plan").and_then(|p| text(p, "name"))),
            region: text(core, "region"),
        }
    }
}

fn database_of(core: CoreFields, app: Option<&App>, addon: Option<&Addon>) -> Option<Database> {
    let id = core.id.or_else(|| app.and_then(|a| nonempty(&a.id)))?;
    let name = core.name.or_else(|| app.and_then(|a| nonempty(&a.name)))?;
    let project_id = core
        .project_id
        .or_else(|| app.and_then(|a| nonempty(&a.project.id)))
        .unwrap_or_default();
    let technology = core
        .technology
        .or_else(|| addon.and_then(|a| nonempty(&a.addon_provider.id)))
        .unwrap_or_default();
    let plan = core
        .plan
        .or_else(|| addon.and_then(|a| nonempty(&a.plan.name)))
        .unwrap_or_default();
    Some(Database {
        id,
        name,
        project_id,
        technology,
        plan,
    })
}

fn read_app(value: &Value) -> Option<App> {
    decode::<App>(value).filter(|app| !app.id.trim().is_empty() && !app.name.trim().is_empty())
}

/// An addon: an id is required; a missing status is unknown, a missing or unreadable plan is
/// an empty one (its name kept when it is a plain string).
fn read_addon(value: &Value) -> Option<Addon> {
    let Value::Object(fields) = without_nulls(value) else {
        return None;
    };
    let mut fields: Map<String, Value> = fields;
    text(&Value::Object(fields.clone()), "id")?;
    fields
        .entry("status")
        .or_insert_with(|| Value::String(String::new()));
    let plan = fields.remove("plan");
    let plan_name = match &plan {
        Some(Value::String(name)) => name.clone(),
        Some(other) => text(other, "name").unwrap_or_default(),
        None => String::new(),
    };
    let minimal_plan = serde_json::json!({
        "id": plan.as_ref().and_then(|p| text(p, "id")).unwrap_or_default(),
        "name": plan_name,
        "display_name": plan.as_ref().and_then(|p| text(p, "display_name")).unwrap_or_default(),
    });
    let full = plan
        .filter(|p| serde_json::from_value::<model::Plan>(p.clone()).is_ok())
        .unwrap_or_else(|| minimal_plan.clone());
    fields.insert("plan".into(), full);
    let addon: Option<Addon> = serde_json::from_value(Value::Object(fields.clone())).ok();
    addon.or_else(|| {
        // Some other field has a type the console does not expect: keep what matters.
        let mut essential = Map::new();
        for key in ["id", "app_id", "resource_id", "status"] {
            if let Some(Value::String(s)) = fields.get(key) {
                essential.insert(key.into(), Value::String(s.clone()));
            }
        }
        essential.insert("plan".into(), minimal_plan);
        serde_json::from_value(Value::Object(essential)).ok()
    })
}

// Readers, one per call ------------------------------------------------------------------------

/// `GET /v1/databases?dashboard=true`: `{"databases": [...]}`, a bare array (the 2025 shapes),
/// or `{"apps": [...]}` of flat app objects (August 2025); each item per [`ListedDatabase::read`].
pub fn read_dashboard_list(status: u16, body: &str) -> Result<Listed<ListedDatabase>, ApiError> {
    if status != 204 {
        if let Some(listed) = success(status, body)
            .ok()
            .and_then(super::dashboard::read_quickly)
        {
            return Ok(listed);
        }
    }
    let root = json(status, body)?;
    let items = items(&root, &["databases", "apps"], "databases")?;
    Ok(Listed::read(items, ListedDatabase::read))
}

/// `GET /v1/databases/{id or name}`: `{"database": {...}}` (DEV), with `app` and `addon` beside
/// it when the server gives them (the JS client's root `{app, addon, database}`).
pub fn read_database_detail(status: u16, body: &str) -> Result<DatabaseDetail, ApiError> {
    let root = json(status, body)?;
    ListedDatabase::read(&root)
        .ok_or_else(|| ApiError::Decode("the answer has no database with an id and a name".into()))
}

/// `GET /v1/apps/{id}/addons`: the database's one addon; `None` while there is none yet (still
/// provisioning, not an error); more than one is no Dedicated Resources database.
pub fn read_addons(status: u16, body: &str) -> Result<Option<Addon>, ApiError> {
    let root = json(status, body)?;
    match items(&root, &["addons"], "addons")? {
        [] => Ok(None),
        [one] => read_addon(one)
            .map(Some)
            .ok_or_else(|| ApiError::Decode("the addon has no id".into())),
        many => Err(ApiError::NotADatabase(format!(
            "the API lists {} addons for it, so it may be an application",
            many.len()
        ))),
    }
}

/// The text fields of a Database API record, kept when another field cannot be read.
const DBAAS_TEXT_FIELDS: [&str; 11] = [
    "id",
    "resource_id",
    "app_name",
    "created_at",
    "plan",
    "status",
    "type_name",
    "readable_version",
    "next_version_id",
    "hostname",
    "current_operation_id",
];

/// `GET {dbaas}/api/databases/{addon id}`: `{"database": {...}}`. A 404, a record without a
/// status, or an empty one is [`Dbaas::Pending`]. Parts that cannot be read (an instance, the
/// maintenance window, a feature) are left out rather than failing the record.
pub fn read_dbaas(status: u16, body: &str) -> Result<Dbaas, ApiError> {
    if status == 404 {
        return Ok(Dbaas::Pending);
    }
    let root = json(status, body)?;
    let record = match root.get("database") {
        Some(record) => without_nulls(record),
        None if root.get("status").is_some() => without_nulls(&root),
        None => return Ok(Dbaas::Pending),
    };
    let Value::Object(mut fields) = record else {
        return Ok(Dbaas::Pending);
    };
    match fields.get("status") {
        Some(Value::String(s)) if !s.trim().is_empty() => {}
        _ => return Ok(Dbaas::Pending),
    }
    let window = fields.remove("maintenance_window");
    let features = fields.remove("features");
    let instances = fields.remove("instances");
    fields
        .entry("id")
        .or_insert_with(|| Value::String(String::new()));
    let mut record: DbaasDatabase = serde_json::from_value(Value::Object(fields.clone()))
        .or_else(|_| {
            // Some field has a type the console does not expect: keep the text ones.
            let mut essential = Map::new();
            for key in DBAAS_TEXT_FIELDS {
                if let Some(value @ Value::String(_)) = fields.get(key) {
                    essential.insert(key.into(), value.clone());
                }
            }
            serde_json::from_value(Value::Object(essential))
        })
        .map_err(|_| ApiError::Decode("the database record could not be read".into()))?;
    let list = |value: Option<Value>| match value {
        Some(Value::Array(items)) => items,
        _ => Vec::new(),
    };
    record.maintenance_window = window.as_ref().and_then(decode);
    record.features = list(features).iter().filter_map(decode).collect();
    record.instances = list(instances).iter().filter_map(decode).collect();
    Ok(Dbaas::Ready(Box::new(record)))
}

/// `GET /v1/databases/{id}/endpoints`: `{"endpoints": [...]}`.
pub fn read_endpoints(status: u16, body: &str) -> Result<Listed<Endpoint>, ApiError> {
    let root = json(status, body)?;
    Ok(Listed::read(
        items(&root, &["endpoints"], "endpoints")?,
        decode,
    ))
}

/// `GET /v1/apps/{id}/variables?aliases=false`: the value of `SCALINGO_POSTGRESQL_URL`. Not there
/// (yet) is a `NotFound`. Nothing of the body is ever quoted in an error: it holds secrets.
pub fn read_connection_uri(status: u16, body: &str) -> Result<Secret, ApiError> {
    if !(200..300).contains(&status) {
        return Err(error_from_response(status, body));
    }
    let root: Value = serde_json::from_str(body)
        .map_err(|_| ApiError::Decode("the variables are not JSON".into()))?;
    let list = items(&root, &["variables"], "variables")?;
    list.iter()
        .filter(|v| v.get("name").and_then(Value::as_str) == Some(URL_VARIABLE))
        .find_map(|v| v.get("value").and_then(Value::as_str))
        .filter(|value| !value.trim().is_empty())
        .map(|value| Secret::new(value.trim()))
        .ok_or_else(|| {
            ApiError::NotFound(format!(
                "The database has no {URL_VARIABLE} variable yet: it may still be provisioning."
            ))
        })
}

/// `GET {dbaas}/api/databases/{addon id}/firewall_rules`: `{"rules": [...]}`. A rule of a type
/// the console does not know is skipped (and counted).
pub fn read_firewall_rules(status: u16, body: &str) -> Result<Listed<FirewallRule>, ApiError> {
    let root = json(status, body)?;
    Ok(Listed::read(
        items(&root, &["rules", "firewall_rules"], "firewall rules")?,
        decode,
    ))
}

/// `POST {dbaas}/api/databases/{addon id}/firewall_rules`: `201 {"rule": {...}}`, or under
/// `firewall_rule`, or unwrapped. `None` when a success carries no readable rule: the rule was
/// added all the same (read the list again).
pub fn read_firewall_rule(status: u16, body: &str) -> Result<Option<FirewallRule>, ApiError> {
    let body = success(status, body)?;
    let Ok(root) = serde_json::from_str::<Value>(body) else {
        return Ok(None);
    };
    let rule = root
        .get("rule")
        .or_else(|| root.get("firewall_rule"))
        .unwrap_or(&root);
    Ok(decode(rule))
}

/// `GET {dbaas}/api/firewall/managed_ranges`: `{"ranges": [...]}`.
pub fn read_managed_ranges(status: u16, body: &str) -> Result<Listed<ManagedRange>, ApiError> {
    let root = json(status, body)?;
    Ok(Listed::read(
        items(&root, &["ranges", "managed_ranges"], "managed ranges")?,
        decode,
    ))
}

/// `PATCH /v1/apps/{id}/addons/{addon id}`: any 2xx is accepted, whatever its body.
pub fn read_plan_change(status: u16, body: &str) -> Result<PlanChangeAccepted, ApiError> {
    let body = success(status, body)?;
    let Ok(root) = serde_json::from_str::<Value>(body) else {
        return Ok(PlanChangeAccepted::default());
    };
    Ok(PlanChangeAccepted {
        message: text(&root, "message"),
        addon: root
            .get("addon")
            .filter(|a| a.is_object())
            .and_then(read_addon),
    })
}

/// `POST /v1/apps/{id}/rename` and `PATCH /v1/apps/{id}`: `{"app": {...}}` or unwrapped. `None`
/// when a success carries no readable app: the change was made all the same.
pub fn read_app_change(status: u16, body: &str) -> Result<Option<App>, ApiError> {
    let body = success(status, body)?;
    let Ok(root) = serde_json::from_str::<Value>(body) else {
        return Ok(None);
    };
    let app = root.get("app").filter(|a| a.is_object()).unwrap_or(&root);
    Ok(read_app(app))
}

/// `DELETE …`: `204`. The body of a success is never read.
pub fn read_no_content(status: u16, body: &str) -> Result<(), ApiError> {
    success(status, body).map(|_| ())
}

/// `GET {auth}/v1/regions`: `{"regions": [...]}`, each with `name`, `display_name`, `api`, and
/// maybe `database_api` and `default`.
pub fn read_regions(status: u16, body: &str) -> Result<Listed<Region>, ApiError> {
    let root = json(status, body)?;
    Ok(Listed::read(
        items(&root, &["regions"], "regions")?,
        |item| decode::<Region>(item).filter(|r| !r.name.trim().is_empty()),
    ))
}

/// `POST /v1/apps/{id}/addons/{addon id}/token`: `{"addon": {"token": "..."}}` (or `token` at
/// the root). Nothing of the body is quoted in an error.
pub fn read_addon_token(status: u16, body: &str) -> Result<Secret, ApiError> {
    if !(200..300).contains(&status) {
        return Err(error_from_response(status, body));
    }
    let root: Value = serde_json::from_str(body).unwrap_or(Value::Null);
    root.get("addon")
        .and_then(|addon| addon.get("token"))
        .or_else(|| root.get("token"))
        .and_then(Value::as_str)
        .filter(|token| !token.trim().is_empty())
        .map(|token| Secret::new(token.trim()))
        .ok_or_else(|| ApiError::Decode("the answer holds no addon token".into()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use model::lifecycle::{AddonStatus, RuleKind};

    const APP: &str = r#"{"id":"69403a514dc53ce1acf80d25","uuid":"ap-8f0b","name":"my-dedicated-database",
        "parent_app_id":null,"region":"osc-fr1","status":"running","created_at":"2026-01-08T10:00:00.000Z",
        "last_deployed_at":null,"hds_resource":false,"project":{"id":"pr-82a3","name":"default"},
        "owner":{"id":"us-1","email":"a@example.test","username":"alice","flags":{"x":true}},
        "addon_updated_at":null,"dedicated_database":true}"#;
    const ADDON: &str = r#"{"id":"ad-2c3708ee-e4a1-4fe8-a4b0-793b36416794","app_id":"69403a514dc53ce1acf80d25",
        "resource_id":"my-dedicated-database-1234",
        "addon_provider":{"id":"postgresql-ng","name":"PostgreSQL DR","logo_url":"https://x.test/l.png"},
        "plan":{"id":"pl-1","name":"postgresql-dr-starter-4096","display_name":"Starter 4G","price":0,
                "description":"…","hds_available":false},
        "provisioned_at":"2026-01-08T10:20:00.000Z","deprovisioned_at":null,"status":"running","hds_resource":false}"#;
    const DATABASE: &str = r#"{"id":"69403a514dc53ce1acf80d25","name":"my-dedicated-database",
        "project_id":"pr-82a3","technology":"postgresql-ng","plan":"postgresql-dr-starter-4096"}"#;

    fn listed(body: &str) -> Listed<ListedDatabase> {
        read_dashboard_list(200, body).unwrap()
    }

    fn expected_database() -> Database {
        serde_json::from_str(DATABASE).unwrap()
    }

    #[test]
    fn the_dashboard_list_of_today() {
        let body =
            format!(r#"{{"databases":[{{"app":{APP},"addon":{ADDON},"database":{DATABASE}}}]}}"#);
        let list = listed(&body);
        assert_eq!(list.skipped, 0);
        let item = &list.items[0];
        assert_eq!(item.database, expected_database());
        assert_eq!(item.status, Status::Running);
        assert_eq!(item.region.as_deref(), Some("osc-fr1"));
        assert_eq!(item.plan_display_name.as_deref(), Some("Starter 4G"));
        assert_eq!(item.app.as_ref().unwrap().project.name, "default");
        assert_eq!(
            item.addon_ref(),
            Some(AddonRef::new(
                "69403a514dc53ce1acf80d25",
                "ad-2c3708ee-e4a1-4fe8-a4b0-793b36416794"
            ))
        );
    }

    #[test]
    fn the_addon_and_database_may_be_nested_in_the_app() {
        let app = APP.replacen(
            '{',
            &format!(r#"{{"addon":{ADDON},"database":{DATABASE},"#),
            1,
        );
        let list = listed(&format!(r#"{{"databases":[{{"app":{app}}}]}}"#));
        let item = &list.items[0];
        assert_eq!(item.database, expected_database());
        assert_eq!(item.status, Status::Running);
        assert_eq!(item.plan_display_name.as_deref(), Some("Starter 4G"));
    }

    #[test]
    fn the_historical_list_shapes() {
        // 2026-01 → now, the plain list (and the dashboard list without app or addon).
        let plain = listed(&format!(r#"{{"databases":[{DATABASE}]}}"#));
        assert_eq!(plain.items[0].database, expected_database());
        assert_eq!(plain.items[0].status, Status::Unknown);
        assert_eq!(plain.items[0].app, None);
        let wrapped = listed(&format!(r#"{{"databases":[{{"database":{DATABASE}}}]}}"#));
        assert_eq!(wrapped.items[0].database, expected_database());
        // 2025-12: a bare array of {database, app, addon}.
        let december = listed(&format!(
            r#"[{{"database":{DATABASE},"app":{APP},"addon":{ADDON}}}]"#
        ));
        assert_eq!(december.items[0].database, expected_database());
        assert_eq!(december.items[0].status, Status::Running);
        // 2025-08-26 → 2025-11: a bare array of {app, addon}: the id and name are the app's, the
        // plan the addon's, the technology its provider's.
        let autumn = listed(&format!(r#"[{{"app":{APP},"addon":{ADDON}}}]"#));
        let database = &autumn.items[0].database;
        assert_eq!(database.id, "69403a514dc53ce1acf80d25");
        assert_eq!(database.name, "my-dedicated-database");
        assert_eq!(database.project_id, "pr-82a3");
        assert_eq!(database.plan, "postgresql-dr-starter-4096");
        assert_eq!(database.technology, "postgresql-ng");
        // 2025-08-05: {"apps": [flat app objects]}.
        let august = listed(&format!(r#"{{"apps":[{APP}]}}"#));
        let item = &august.items[0];
        assert_eq!(item.database.id, "69403a514dc53ce1acf80d25");
        assert_eq!(item.database.project_id, "pr-82a3");
        assert_eq!(item.region.as_deref(), Some("osc-fr1"));
        assert_eq!(item.status, Status::Unknown);
    }

    #[test]
    fn unreadable_items_are_skipped_and_counted() {
        let body = format!(
            r#"{{"databases":[{DATABASE},{{"name":"no-id-here"}},{{"id":"no-name"}},42,null,
               {{"database":{{"id":"","name":"empty-id"}}}},
               {{"id":"a1","name":"with-nulls","project_id":null,"plan":null,"technology":null,"extra":[1]}}],
               "meta":{{"pagination":null}}}}"#
        );
        let list = listed(&body);
        assert_eq!(list.skipped, 5);
        assert_eq!(list.items.len(), 2);
        assert_eq!(list.items[1].database.name, "with-nulls");
        assert_eq!(list.items[1].database.plan, "");
        assert_eq!(listed("[]").items, []);
        assert!(matches!(
            read_dashboard_list(200, r#"{"databases":{"test":"value"}}"#),
            Err(ApiError::Decode(_))
        ));
        assert!(matches!(
            read_dashboard_list(200, "<html>"),
            Err(ApiError::Decode(_))
        ));
        assert_eq!(
            read_dashboard_list(429, "Retry later"),
            Err(ApiError::RateLimited("Retry later".into()))
        );
    }

    #[test]
    fn statuses_in_the_list() {
        let with_status = |status: &str| {
            let addon = ADDON.replace(r#""status":"running""#, &format!(r#""status":"{status}""#));
            listed(&format!(
                r#"[{{"database":{DATABASE},"app":{APP},"addon":{addon}}}]"#
            ))
            .items[0]
                .status
        };
        assert_eq!(with_status("provisioning"), Status::Provisioning);
        assert_eq!(with_status("suspended"), Status::Suspended);
        assert_eq!(with_status("exploding"), Status::Unknown);
        // The app is there and its addon not yet: provisioning has just begun.
        let early = listed(&format!(r#"[{{"database":{DATABASE},"app":{APP}}}]"#));
        assert_eq!(early.items[0].status, Status::Provisioning);
        assert_eq!(early.items[0].addon_ref(), None);
        // An addon without status or plan is still read.
        let bare = listed(&format!(
            r#"[{{"database":{DATABASE},"addon":{{"id":"ad-1","plan":"postgresql-dr-starter-4096"}}}}]"#
        ));
        let addon = bare.items[0].addon.as_ref().unwrap();
        assert_eq!(addon.status, AddonStatus::Unknown);
        assert_eq!(addon.plan.name, "postgresql-dr-starter-4096");
        assert_eq!(bare.items[0].status, Status::Unknown);
        // ...and one with odd types keeps its id and status.
        let odd = listed(&format!(
            r#"[{{"database":{DATABASE},"addon":{{"id":"ad-1","status":"provisioning","hds_resource":"no","plan":{{"id":1}}}}}}]"#
        ));
        assert_eq!(odd.items[0].status, Status::Provisioning);
    }

    #[test]
    fn one_database_in_both_shapes() {
        let documented =
            read_database_detail(200, &format!(r#"{{"database":{DATABASE}}}"#)).unwrap();
        assert_eq!(documented.database, expected_database());
        assert_eq!((documented.app, documented.addon), (None, None));
        let js = read_database_detail(
            200,
            &format!(r#"{{"app":{APP},"addon":{ADDON},"database":{DATABASE}}}"#),
        )
        .unwrap();
        assert_eq!(js.database, expected_database());
        assert_eq!(
            js.addon.unwrap().id,
            "ad-2c3708ee-e4a1-4fe8-a4b0-793b36416794"
        );
        assert_eq!(
            read_database_detail(404, r#"{"error":"Database not found"}"#),
            Err(ApiError::NotFound("Database not found".into()))
        );
        assert!(matches!(
            read_database_detail(200, r#"{"database":{"plan":"x"}}"#),
            Err(ApiError::Decode(_))
        ));
    }

    #[test]
    fn the_addons_of_a_database() {
        let addon = read_addons(200, &format!(r#"{{"addons":[{ADDON}]}}"#))
            .unwrap()
            .unwrap();
        assert_eq!(addon.id, "ad-2c3708ee-e4a1-4fe8-a4b0-793b36416794");
        assert_eq!(addon.plan.display_name, "Starter 4G");
        assert_eq!(read_addons(200, r#"{"addons":[]}"#), Ok(None));
        let two = read_addons(200, &format!(r#"{{"addons":[{ADDON},{ADDON}]}}"#));
        let Err(ApiError::NotADatabase(message)) = two else {
            panic!("{two:?}")
        };
        assert!(message.contains("2 addons") && message.contains("it may be an application"));
        assert!(matches!(
            read_addons(404, r#"{"resource":"app","error":"not found"}"#),
            Err(ApiError::NotFound(_))
        ));
        assert!(matches!(
            read_addons(200, r#"{"addons":[{}]}"#),
            Err(ApiError::Decode(_))
        ));
    }

    const DBAAS: &str = r#"{"database":{"id":"5c599fd6f18b3202f7ab4e66","resource_id":"my-db-123",
        "app_name":"my-dedicated-database","created_at":"2026-01-08T10:00:00.000+01:00","encryption_at_rest":true,
        "features":[{"name":"force-ssl","status":"ACTIVATED"},{"name":"publicly-available","status":"PENDING_TO_ACTIVATE"}],
        "maintenance_window":{"weekday_utc":3,"starting_hour_utc":21,"duration_in_hour":8},
        "plan":"postgresql-dr-business-4096","status":"running","type_id":"t","type_name":"postgresql",
        "version_id":"v","next_version_id":null,"readable_version":"17.6.0-1",
        "instances":[
          {"id":"i-1","hostname":"n1.example.test","port":30000,"status":"running","type":"db-node","role":"leader","private_ip":"10.0.0.1"},
          {"id":"i-2","hostname":"n2.example.test","port":30000,"status":"running","type":"db-node","role":"follower"},
          {"id":"i-3","hostname":"gw.example.test","port":"not a port","status":"running","type":"gateway"}],
        "hostname":"my-db-123.postgresql.a.osc-fr1.scalingo-dbs.com:30000",
        "current_operation_id":null,"cluster":true,"periodic_backups_enabled":true,"periodic_backups_scheduled_at":[0]}}"#;

    #[test]
    fn the_database_api_record() {
        let Dbaas::Ready(record) = read_dbaas(200, DBAAS).unwrap() else {
            panic!("pending")
        };
        assert_eq!(record.status, DbaasStatus::Running);
        assert_eq!(record.readable_version, "17.6.0-1");
        assert_eq!(record.plan, "postgresql-dr-business-4096");
        assert_eq!(record.maintenance_window.unwrap().weekday_utc, 3);
        // The gateway's port is unreadable: that instance is left out, not the record.
        let roles: Vec<_> = record.instances.iter().map(|i| i.role.as_deref()).collect();
        assert_eq!(roles, [Some("leader"), Some("follower")]);
        assert_eq!(feature_status(&record, FORCE_SSL), Some("ACTIVATED"));
        assert_eq!(feature_status(&record, "nope"), None);
        assert_eq!(
            Status::derive(
                read_dbaas(200, DBAAS).unwrap().status(),
                Some(AddonStatus::Running)
            ),
            Status::Running
        );
        let listed = read_database_detail(
            200,
            &format!(r#"{{"app":{APP},"addon":{ADDON},"database":{DATABASE}}}"#),
        )
        .unwrap();
        let creating = DBAAS.replace(
            r#""status":"running","type_id""#,
            r#""status":"creating","type_id""#,
        );
        assert_eq!(
            listed.status_with(&read_dbaas(200, &creating).unwrap()),
            Status::Provisioning
        );
        assert_eq!(listed.status_with(&Dbaas::Pending), Status::Running);
        let odd = DBAAS.replace(
            r#""status":"running","type_id""#,
            r#""status":"odd","type_id""#,
        );
        assert_eq!(
            listed.status_with(&read_dbaas(200, &odd).unwrap()),
            Status::Running
        );
        let updating = DBAAS.replace(
            r#""status":"running","type_id""#,
            r#""status":"updating","type_id""#,
        );
        assert_eq!(
            read_dbaas(200, &updating).unwrap().status(),
            Some(DbaasStatus::Updating)
        );
    }

    #[test]
    fn the_record_is_pending_early_in_provisioning() {
        assert_eq!(
            read_dbaas(404, r#"{"resource":"database","error":"not found"}"#),
            Ok(Dbaas::Pending)
        );
        assert_eq!(read_dbaas(200, r#"{"database":{}}"#), Ok(Dbaas::Pending));
        assert_eq!(
            read_dbaas(200, r#"{"database":{"id":"x","status":""}}"#),
            Ok(Dbaas::Pending)
        );
        assert_eq!(
            read_dbaas(200, r#"{"database":{"id":"x","status":null}}"#),
            Ok(Dbaas::Pending)
        );
        assert_eq!(read_dbaas(200, r#"{"database":null}"#), Ok(Dbaas::Pending));
        assert_eq!(read_dbaas(200, "{}"), Ok(Dbaas::Pending));
        // A minimal record, and an unwrapped one, are read; an unknown status is kept as such.
        let minimal = read_dbaas(200, r#"{"database":{"status":"creating"}}"#).unwrap();
        assert_eq!(minimal.status(), Some(DbaasStatus::Creating));
        let bare = read_dbaas(200, r#"{"id":"x","status":"rebooting","cluster":"yes"}"#).unwrap();
        assert_eq!(bare.status(), Some(DbaasStatus::Unknown));
        assert_eq!(
            Status::derive(bare.status(), Some(AddonStatus::Running)),
            Status::Running
        );
        assert!(matches!(
            read_dbaas(500, "{}"),
            Err(ApiError::Server { .. })
        ));
        assert!(matches!(
            read_dbaas(200, "<html>"),
            Err(ApiError::Decode(_))
        ));
    }

    #[test]
    fn endpoints_and_the_connection_uri() {
        let endpoints = read_endpoints(
            200,
            r#"{"endpoints":[
              {"id":"6a31","database_id":"69403a","hostname":"mydb-1234.postgresql.osc-fr1.scalingo-dbs.com","port":30092,"type":"public-rw"},
              {"id":"6a32","database_id":"69403a","hostname":"mydb-1234.peering.postgresql.osc-fr1.scalingo-dbs.com","port":30092,"type":"private-peering-rw"},
              {"id":"6a33","hostname":"broken"}]}"#,
        )
        .unwrap();
        assert_eq!(endpoints.items.len(), 2);
        assert_eq!(endpoints.skipped, 1);
        assert_eq!(endpoints.items[1].kind, "private-peering-rw");

        let uri = "postgresql://my_dedicate_wxyz:YANs3y07secret@my-dedicate-wxyz.postgresql.a.osc-fr1.scalingo-dbs.com:31000/my_dedicate_wxyz?sslmode=require";
        let body = format!(
            r#"{{"variables":[{{"id":"1","name":"DATABASE_URL","value":"$SCALINGO_POSTGRESQL_URL"}},
                {{"id":"541013a9736f7563d5050000","name":"SCALINGO_POSTGRESQL_URL","value":"{uri}"}}]}}"#
        );
        assert_eq!(read_connection_uri(200, &body).unwrap().expose(), uri);
        let missing = read_connection_uri(200, r#"{"variables":[]}"#).unwrap_err();
        assert!(matches!(missing, ApiError::NotFound(_)));
        assert!(missing.to_string().contains("SCALINGO_POSTGRESQL_URL"));
        // A broken body never shows in the error.
        let broken = format!(r#"{{"variables":[{{"name":"SCALINGO_POSTGRESQL_URL","value":"{uri}"#);
        let error = read_connection_uri(200, &broken).unwrap_err().to_string();
        assert!(!error.contains("YANs3y07"), "{error}");
    }

    #[test]
    fn firewall_rules_ranges_and_one_rule() {
        let rules = read_firewall_rules(
            200,
            r#"{"rules":[
              {"id":"fw-1","type":"custom_range","cidr":"203.0.113.0/24","label":"Office network","range_id":null,
               "database_id":"5c59","created_at":"2026-01-08T10:00:00Z","updated_at":"2026-01-08T10:00:00Z"},
              {"id":"fw-2","type":"managed_range","range_id":"mr-scalingo-osc-fr1","label":null,"cidr":null},
              {"id":"fw-3","type":"ipv6_range","cidr":"2001:db8::/32"}]}"#,
        )
        .unwrap();
        assert_eq!(rules.items.len(), 2);
        assert_eq!(rules.skipped, 1);
        assert_eq!(rules.items[0].label.as_deref(), Some("Office network"));
        assert_eq!(rules.items[1].kind, RuleKind::ManagedRange);

        let rule = r#"{"id":"fw-9","type":"custom_range","cidr":"198.51.100.7/32"}"#;
        for body in [
            format!(r#"{{"rule":{rule}}}"#),
            format!(r#"{{"firewall_rule":{rule}}}"#),
            rule.to_string(),
        ] {
            assert_eq!(
                read_firewall_rule(201, &body).unwrap().unwrap().id,
                "fw-9",
                "{body}"
            );
        }
        assert_eq!(read_firewall_rule(201, ""), Ok(None));
        assert!(matches!(
            read_firewall_rule(422, r#"{"errors":{"cidr":["is invalid"]}}"#),
            Err(ApiError::Validation(_))
        ));

        let ranges = read_managed_ranges(
            200,
            r#"{"ranges":[{"id":"mr-scalingo-osc-fr1","name":"Scalingo osc-fr1 region"},
                         {"id":"man-osc-fr1-egress","name":"Scalingo osc-secnum-fr1 region"},{"name":"no id"}]}"#,
        )
        .unwrap();
        assert_eq!(ranges.items.len(), 2);
        assert_eq!(ranges.skipped, 1);
        assert_eq!(ranges.items[0].name, "Scalingo osc-fr1 region");
    }

    #[test]
    fn a_plan_change_is_accepted_whatever_its_body() {
        let dev = read_plan_change(
            200,
            r#"{"vars":["SCALINGO_POSTGRESQL_URL"],"message":"The change has started."}"#,
        )
        .unwrap();
        assert_eq!(dev.message.as_deref(), Some("The change has started."));
        assert_eq!(dev.addon, None);
        let go = read_plan_change(
            200,
            &format!(r#"{{"addon":{ADDON},"message":"ok","variables":[]}}"#),
        )
        .unwrap();
        assert_eq!(go.addon.unwrap().plan.display_name, "Starter 4G");
        assert_eq!(read_plan_change(202, ""), Ok(PlanChangeAccepted::default()));
        assert_eq!(
            read_plan_change(204, "garbage"),
            Ok(PlanChangeAccepted::default())
        );
        assert_eq!(
            read_plan_change(200, r#"{"message":""}"#).unwrap().message,
            None
        );
        assert!(matches!(
            read_plan_change(400, r#"{"error":"cannot downgrade"}"#),
            Err(ApiError::BadRequest(_))
        ));
    }

    #[test]
    fn rename_move_and_delete() {
        let wrapped = read_app_change(200, &format!(r#"{{"app":{APP}}}"#))
            .unwrap()
            .unwrap();
        assert_eq!(wrapped.name, "my-dedicated-database");
        let bare = read_app_change(200, APP).unwrap().unwrap();
        assert_eq!(bare.project.id, "pr-82a3");
        assert_eq!(read_app_change(200, ""), Ok(None));
        assert!(matches!(
            read_app_change(422, r#"{"errors":{"name":["has already been taken"]}}"#),
            Err(ApiError::Validation(_))
        ));
        assert_eq!(read_no_content(204, ""), Ok(()));
        assert_eq!(read_no_content(200, "not json at all"), Ok(()));
        assert!(matches!(
            read_no_content(400, r#"{"error":"current_name does not match"}"#),
            Err(ApiError::BadRequest(_))
        ));
    }

    #[test]
    fn regions_and_addon_tokens() {
        let regions = read_regions(
            200,
            r#"{"regions":[
             {"name":"osc-fr1","display_name":"Paris - Outscale","api":"https://api.osc-fr1.scalingo.com",
              "dashboard":"https://my.osc-fr1.scalingo.com","database_api":"https://db-api.osc-fr1.scalingo.com",
              "ssh":"ssh.osc-fr1.scalingo.com:22","default":true},
             {"name":"osc-secnum-fr1","display_name":"Paris - SecNumCloud - Outscale","api":"https://api.osc-secnum-fr1.scalingo.com",
              "dashboard":null,"database_api":null},
             {"display_name":"nameless"}]}"#,
        )
        .unwrap();
        assert_eq!(regions.items.len(), 2);
        assert_eq!(regions.skipped, 1);
        assert!(regions.items[0].default);
        assert_eq!(
            regions.items[0].database_api.as_deref(),
            Some("https://db-api.osc-fr1.scalingo.com")
        );
        assert_eq!(regions.items[1].database_api, None);

        let token =
            read_addon_token(200, r#"{"addon":{"id":"ad-1","token":"tk-addon-abc"}}"#).unwrap();
        assert_eq!(token.expose(), "tk-addon-abc");
        assert_eq!(
            read_addon_token(200, r#"{"token":"t2"}"#).unwrap().expose(),
            "t2"
        );
        assert!(matches!(
            read_addon_token(200, "{}"),
            Err(ApiError::Decode(_))
        ));
        assert!(matches!(
            read_addon_token(404, r#"{"resource":"addon","error":"not found"}"#),
            Err(ApiError::NotFound(_))
        ));
    }
}

/// Not a test: the time `read_dashboard_list` takes natively on devapi's 10,000-database answer,
/// beside a bare `serde_json::Value` parse (BENCHMARKS.md, "the list read the quick way"):
/// `cargo test --release --lib decode_figures -- --ignored --nocapture`.
#[cfg(test)]
mod decode_figures {
    #[test]
    #[ignore]
    fn decode_figures_at_10000() {
        let store = model::store::Store::seeded_with(10_000);
        let body = model::reply::dashboard(&store, 1_000_000).body;
        eprintln!("body: {} bytes", body.len());
        for _ in 0..5 {
            let start = std::time::Instant::now();
            let listed = super::read_dashboard_list(200, &body).unwrap();
            let read = start.elapsed();
            let start = std::time::Instant::now();
            let tree: serde_json::Value = serde_json::from_str(&body).unwrap();
            eprintln!(
                "read_dashboard_list, {} items: {read:?}; a Value tree only: {:?}",
                listed.items.len(),
                start.elapsed()
            );
            drop(tree);
        }
    }
}
