//! What stands behind a Dedicated Resources database, as the API shows it
//! (`shared/reference/lifecycle-api.md`): the backing app, its one addon, the Database API
//! (DBaaS) record with its instances, the endpoints, the environment variables, the firewall
//! rules and the managed ranges; the statuses each goes through; and the envelopes of the calls
//! that read or change them.
//!
//! Like [`crate::types`], decoding is lenient (unknown fields are ignored, optional fields have
//! defaults), so the console can read real answers with these types; the stores write them with
//! exactly the fields shown in the reference.

use crate::types::{Database, Plan};
use serde::{Deserialize, Serialize};

/// How long the stores' transitions take, in milliseconds. Each operation reads them when it
/// starts and records when it will be done, so changing them affects the operations started
/// afterwards only (and a status never moves backwards).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Timings {
    /// From create to running. During its first quarter the addon list is empty and the DBaaS
    /// record is not found, as on the real API right after a create.
    pub provision_ms: u64,
    /// From a plan change to running on the new plan.
    pub update_ms: u64,
}

impl Timings {
    /// 20 seconds each: long enough to see every state, short enough for a demo. (The real
    /// API takes 15 to 30 minutes to provision and about 15 to change a plan.)
    pub const DEFAULT: Self = Self {
        provision_ms: 20_000,
        update_ms: 20_000,
    };
}

impl Default for Timings {
    fn default() -> Self {
        Self::DEFAULT
    }
}

/// The addon's status (`GET /v1/apps/{app}/addons`, `addon.status` in the dashboard list).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AddonStatus {
    Provisioning,
    Running,
    Suspended,
    /// Any value this console does not know.
    #[serde(other)]
    Unknown,
}

/// The Database API record's status (`GET …/api/databases/{addon}`, `database.status`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DbaasStatus {
    /// Being provisioned.
    Creating,
    Running,
    /// A plan change is in progress.
    Updating,
    /// A version upgrade is in progress.
    Upgrading,
    Migrating,
    Stopped,
    /// Any value this console does not know.
    #[serde(other)]
    Unknown,
}

/// Where a database is in its life, as the stores derive it from the time: the one status that
/// sets the addon's, the DBaaS record's and the app's.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Phase {
    /// Just created: no addon listed yet, no DBaaS record (404).
    Requested,
    /// Addon `provisioning`, DBaaS `creating`.
    Provisioning,
    /// Addon `running`, DBaaS `running`.
    Running,
    /// A plan change: addon `running`, DBaaS `updating`.
    Updating,
}

impl Phase {
    /// The addon's status, or `None` while no addon is listed.
    pub fn addon_status(self) -> Option<AddonStatus> {
        match self {
            Self::Requested => None,
            Self::Provisioning => Some(AddonStatus::Provisioning),
            Self::Running | Self::Updating => Some(AddonStatus::Running),
        }
    }

    /// The DBaaS record's status, or `None` while it is not found.
    pub fn dbaas_status(self) -> Option<DbaasStatus> {
        match self {
            Self::Requested => None,
            Self::Provisioning => Some(DbaasStatus::Creating),
            Self::Running => Some(DbaasStatus::Running),
            Self::Updating => Some(DbaasStatus::Updating),
        }
    }

    /// The app's status: `new` until provisioned, `running` after (for a container-less DR app
    /// it means little; no Scalingo tool reads it).
    pub fn app_status(self) -> &'static str {
        match self {
            Self::Requested | Self::Provisioning => "new",
            Self::Running | Self::Updating => "running",
        }
    }
}

/// `{id, name}` of the project an app is in.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProjectRef {
    #[serde(default)]
    pub id: String,
    #[serde(default)]
    pub name: String,
}

/// The owner of an app.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Owner {
    #[serde(default)]
    pub id: String,
    #[serde(default)]
    pub username: String,
    #[serde(default)]
    pub email: String,
}

/// The app that backs a database (`GET /v1/apps/{app}`, `app` in the dashboard list).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct App {
    /// The database id (the two are the same).
    pub id: String,
    /// `ap-<uuid>`.
    #[serde(default)]
    pub uuid: String,
    /// The database name (the two are the same).
    pub name: String,
    /// The region name, for example `osc-fr1`.
    #[serde(default)]
    pub region: String,
    /// `new` or `running` here; the real API documents more values for apps.
    #[serde(default)]
    pub status: String,
    #[serde(default)]
    pub created_at: String,
    #[serde(default)]
    pub project: ProjectRef,
    #[serde(default)]
    pub owner: Owner,
    #[serde(default)]
    pub hds_resource: bool,
    /// Always `true` for a Dedicated Resources database.
    #[serde(default)]
    pub dedicated_database: bool,
}

/// `{id, name, logo_url}` of the provider of an addon.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AddonProviderRef {
    #[serde(default)]
    pub id: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub logo_url: Option<String>,
}

/// The one addon of a database's app (`GET /v1/apps/{app}/addons`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Addon {
    /// `ad-<uuid>`: the key of every DBaaS route.
    pub id: String,
    #[serde(default)]
    pub app_id: String,
    #[serde(default)]
    pub resource_id: String,
    pub status: AddonStatus,
    /// The plan, as the catalog gives it (with `display_name`).
    pub plan: Plan,
    #[serde(default)]
    pub addon_provider: AddonProviderRef,
    #[serde(default)]
    pub provisioned_at: Option<String>,
    #[serde(default)]
    pub deprovisioned_at: Option<String>,
    #[serde(default)]
    pub updated_at: Option<String>,
    #[serde(default)]
    pub hds_resource: bool,
}

/// `{weekday_utc, starting_hour_utc, duration_in_hour}`; weekday 0 is Sunday.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MaintenanceWindow {
    pub weekday_utc: u8,
    pub starting_hour_utc: u8,
    pub duration_in_hour: u8,
}

/// A DBaaS feature, for example `{"name":"force-ssl","status":"ACTIVATED"}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Feature {
    pub name: String,
    #[serde(default)]
    pub status: String,
}

/// One node of a database.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Instance {
    pub id: String,
    #[serde(default)]
    pub hostname: String,
    #[serde(default)]
    pub port: u16,
    /// `booting`, `running`, `migrating`… (DEV status.md).
    #[serde(default)]
    pub status: String,
    /// `db-node` or `gateway`.
    #[serde(default, rename = "type")]
    pub kind: String,
    /// `leader` or `follower` for a `db-node`; absent for a gateway.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    #[serde(default)]
    pub private_ip: String,
}

/// The Database API's record of a database (`GET …/api/databases/{addon}` → `database`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DbaasDatabase {
    pub id: String,
    #[serde(default)]
    pub resource_id: String,
    #[serde(default)]
    pub app_name: String,
    #[serde(default)]
    pub created_at: String,
    #[serde(default)]
    pub encryption_at_rest: bool,
    #[serde(default)]
    pub features: Vec<Feature>,
    #[serde(default)]
    pub maintenance_window: Option<MaintenanceWindow>,
    /// The plan name.
    #[serde(default)]
    pub plan: String,
    pub status: DbaasStatus,
    #[serde(default)]
    pub type_name: String,
    /// For example `17.6.0-1`.
    #[serde(default)]
    pub readable_version: String,
    #[serde(default)]
    pub next_version_id: Option<String>,
    /// The public endpoint as `host:port`.
    #[serde(default)]
    pub hostname: String,
    #[serde(default)]
    pub instances: Vec<Instance>,
    /// Whether it runs several nodes.
    #[serde(default)]
    pub cluster: bool,
    #[serde(default)]
    pub current_operation_id: Option<String>,
}

/// A way in to a database (`GET /v1/databases/{db}/endpoints`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Endpoint {
    pub id: String,
    #[serde(default)]
    pub database_id: String,
    pub hostname: String,
    pub port: u16,
    /// `public-rw` or `private-peering-rw`.
    #[serde(default, rename = "type")]
    pub kind: String,
}

/// An environment variable of the app (`GET /v1/apps/{app}/variables`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Variable {
    #[serde(default)]
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub value: String,
}

/// The variable that holds the connection URI.
pub const URL_VARIABLE: &str = "SCALINGO_POSTGRESQL_URL";

/// The two kinds of firewall rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RuleKind {
    /// An IPv4 range the user gives (`cidr`, optional `label`).
    CustomRange,
    /// A range Scalingo maintains (`range_id`, see [`ManagedRange`]).
    ManagedRange,
}

/// One allowed range of a database's firewall (`GET …/firewall_rules` → `rules`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FirewallRule {
    pub id: String,
    #[serde(rename = "type")]
    pub kind: RuleKind,
    /// The normalised range of a custom rule (`10.1.2.0/24`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cidr: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// The managed range of a managed rule.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub range_id: Option<String>,
    /// The DBaaS record's id.
    #[serde(default)]
    pub database_id: String,
    #[serde(default)]
    pub created_at: String,
    #[serde(default)]
    pub updated_at: String,
}

/// A range Scalingo maintains, for example `{"id":"mr-scalingo-osc-fr1","name":"Scalingo osc-fr1 region"}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManagedRange {
    pub id: String,
    #[serde(default)]
    pub name: String,
}

/// What `POST …/firewall_rules` asks for, checked by the stores.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewFirewallRule {
    /// `custom_range` or `managed_range`.
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cidr: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub range_id: Option<String>,
}

/// An addon token (`POST /v1/apps/{app}/addons/{addon}/token` → `addon`): the Database API's
/// credential for that one addon, valid one hour.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AddonToken {
    pub id: String,
    pub token: String,
}

/// A region (`GET {auth}/v1/regions` → `regions`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Region {
    pub name: String,
    #[serde(default)]
    pub display_name: String,
    /// The regional API's base URL.
    #[serde(default)]
    pub api: String,
    #[serde(default)]
    pub dashboard: String,
    /// The Database API's base URL (variant a), when the region has one.
    #[serde(default)]
    pub database_api: Option<String>,
    #[serde(default)]
    pub default: bool,
}

// Envelopes ---------------------------------------------------------------------------------

/// One item of `GET /v1/databases?dashboard=true`: the database, and its app and addon when the
/// server gives them (the addon is absent until it exists).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DashboardItem {
    pub database: Database,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub app: Option<App>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub addon: Option<Addon>,
}

/// `{"databases": [...]}` of `GET /v1/databases?dashboard=true`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DashboardEnvelope {
    pub databases: Vec<DashboardItem>,
}

/// `GET /v1/databases/{db}` as the JS client reads it: `database`, plus `app` and `addon` at the
/// root when the server gives them.
pub type DatabaseShow = DashboardItem;

/// `{"app": {...}}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AppEnvelope {
    pub app: App,
}

/// `{"addons": [...]}`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AddonsEnvelope {
    pub addons: Vec<Addon>,
}

/// `{"addon": {...}, "message": "..."}`, the answer of a plan change.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AddonChangeEnvelope {
    pub addon: Addon,
    #[serde(default)]
    pub message: String,
}

/// `{"addon": {"id", "token"}}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AddonTokenEnvelope {
    pub addon: AddonToken,
}

/// `{"database": {...}}` of the Database API.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DbaasEnvelope {
    pub database: DbaasDatabase,
}

/// `{"endpoints": [...]}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EndpointsEnvelope {
    pub endpoints: Vec<Endpoint>,
}

/// `{"variables": [...]}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VariablesEnvelope {
    pub variables: Vec<Variable>,
}

/// `{"rules": [...]}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RulesEnvelope {
    pub rules: Vec<FirewallRule>,
}

/// `{"rule": {...}}`, the answer of `POST …/firewall_rules`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RuleEnvelope {
    pub rule: FirewallRule,
}

/// `{"ranges": [...]}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RangesEnvelope {
    pub ranges: Vec<ManagedRange>,
}

/// `{"regions": [...]}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegionsEnvelope {
    pub regions: Vec<Region>,
}

/// `{"resource": "app", "error": "not found"}`, the generic 404 of the apps and Database API
/// routes (the `/v1/databases` routes answer `{"error": "Database not found"}`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NotFoundBody {
    pub resource: String,
    pub error: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_read_unknown_values_leniently() {
        let status: DbaasStatus = serde_json::from_str(r#""upgrading""#).unwrap();
        assert_eq!(status, DbaasStatus::Upgrading);
        let status: DbaasStatus = serde_json::from_str(r#""rebooting""#).unwrap();
        assert_eq!(status, DbaasStatus::Unknown);
        let status: AddonStatus = serde_json::from_str(r#""suspended""#).unwrap();
        assert_eq!(status, AddonStatus::Suspended);
        assert_eq!(
            serde_json::to_string(&RuleKind::ManagedRange).unwrap(),
            r#""managed_range""#
        );
    }

    #[test]
    fn phases_set_each_status() {
        assert_eq!(Phase::Requested.addon_status(), None);
        assert_eq!(Phase::Requested.dbaas_status(), None);
        assert_eq!(
            Phase::Provisioning.dbaas_status(),
            Some(DbaasStatus::Creating)
        );
        assert_eq!(Phase::Updating.addon_status(), Some(AddonStatus::Running));
        assert_eq!(Phase::Updating.app_status(), "running");
        assert_eq!(Phase::Provisioning.app_status(), "new");
    }

    #[test]
    fn a_real_dbaas_answer_decodes() {
        // DEV's example (a Redis database), trimmed of the ids' ellipses.
        let text = r#"{"database":{"id":"5c599fd6f18b3202f7ab4e66","resource_id":"my-db-123",
          "app_name":"my-app","created_at":"2019-02-05T15:38:14.343+01:00","encryption_at_rest":true,
          "features":[{"name":"redis-rdb","status":"ACTIVATED"}],
          "maintenance_window":{"weekday_utc":3,"starting_hour_utc":21,"duration_in_hour":8},
          "plan":"redis-sandbox","status":"running","type_id":"5bf30d1104c87f000161285a","type_name":"redis",
          "version_id":"5bf30d1104c87f000161285b",
          "instances":[{"id":"a7ecbaf9","hostname":"a7ecbaf9.test-db.redis.dbs.scalingo.com","port":1234,"status":"running","type":"db-node"}],
          "next_version_id":"668be5e8b07f4c00121ab5e6","readable_version":"3.2.9-1",
          "hostname":"my-db-123.redis.b.osc-fr1.scalingo-dbs.com:35123",
          "current_operation_id":null,"cluster":true,"periodic_backups_enabled":true,"periodic_backups_scheduled_at":[0]}}"#;
        let body: DbaasEnvelope = serde_json::from_str(text).unwrap();
        assert_eq!(body.database.status, DbaasStatus::Running);
        assert_eq!(body.database.instances[0].kind, "db-node");
        assert_eq!(body.database.instances[0].role, None);
        assert_eq!(
            body.database.maintenance_window.unwrap().starting_hour_utc,
            21
        );
    }

    #[test]
    fn a_dashboard_item_without_app_or_addon_decodes() {
        let item: DashboardItem =
            serde_json::from_str(r#"{"database":{"id":"a","name":"abcdef"},"extra":1}"#).unwrap();
        assert_eq!(item.app, None);
        assert_eq!(item.addon, None);
    }
}
