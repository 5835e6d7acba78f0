//! An in-memory store with the contract's semantics. The dev API server serves it over HTTP and
//! the console's demo runs it in the browser, so both behave exactly alike.
//!
//! Behind each database the store keeps what the real API keeps (`lifecycle-api.md` §0): the
//! backing app (same id, same name), its one addon, the Database API record, the endpoints, the
//! variables and the firewall rules, all in one backing record per database, so deleting a database
//! leaves nothing behind.
//!
//! Time is given, never read: every call that depends on it takes `now_ms` (milliseconds since
//! the epoch). Statuses are derived from it and from the instants each operation recorded when it
//! started (see [`Phase`]), so the store needs no ticking, a status never moves backwards, and a
//! store saved and loaded an hour later is in the right state at once.

use crate::cidr;
use crate::lifecycle::{
    Addon, AddonProviderRef, AddonToken, App, DashboardItem, DbaasDatabase, Endpoint, Feature,
    FirewallRule, Instance, MaintenanceWindow, ManagedRange, NewFirewallRule, Owner, Phase,
    ProjectRef, RuleKind, Timings, Variable, URL_VARIABLE,
};
use crate::name::validate_name;
use crate::plan_change::{self, Downtime, Outcome, PlanSpec};
use crate::rng::{self, Rng};
use crate::seed;
use crate::time::{iso8601, DAY_MS, HOUR_MS};
use crate::types::{AddonProvider, Database, FieldErrors, NewDatabase, Plan, Project};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The spec's first example id, as a number: new ids count up from it, so they look like the
/// real API's 24-hex-digit ids and the examples keep theirs.
const ID_BASE: u128 = 0x5410_0930_736f_7563_d503_0000;

/// The most firewall rules a database may have (DOC accessing.md: "up to 30").
pub const MAX_FIREWALL_RULES: usize = 30;

/// The longest label a firewall rule may have, in characters (the real limit is undocumented).
pub const MAX_LABEL_LEN: usize = 100;

/// How long an addon token is valid: one hour (DEV addons.md).
pub const ADDON_TOKEN_TTL_MS: u64 = HOUR_MS;

/// The seed of the stores' generator unless told otherwise (tests, [`Store::seeded`]).
pub const DEFAULT_SEED: u64 = 0x5eed_0d8a_7ab4_5e01;

/// How to build a store: what it holds at first and how it behaves.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoreOptions {
    /// Whether the spec's two example databases are there.
    pub examples: bool,
    /// Generated databases added after the examples (running, spread over plans and projects).
    pub generated: usize,
    /// The region the store is, shown in `app.region` and in the hostnames.
    pub region: String,
    /// How long provisioning and plan changes take.
    pub timings: Timings,
    /// Answer only the documented shapes (see [`Store::minimal_answers`]).
    pub minimal_answers: bool,
    /// The seed of the generator the ids, ports and passwords come from.
    pub rng_seed: u64,
}

impl Default for StoreOptions {
    fn default() -> Self {
        Self {
            examples: true,
            generated: 0,
            region: seed::DEFAULT_REGION.into(),
            timings: Timings::DEFAULT,
            minimal_answers: false,
            rng_seed: DEFAULT_SEED,
        }
    }
}

/// Why a lifecycle operation was refused; [`crate::reply`] turns each into the real API's
/// status and body.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StoreError {
    /// 404: no such resource (`app`, `addon`, `database` of the Database API, `firewall_rule`).
    NotFound(&'static str),
    /// 400: the request is wrong as a whole (a `current_name` that does not match).
    BadRequest(String),
    /// 409: not possible in the database's current state.
    Conflict(String),
    /// 422: messages per field.
    Invalid(FieldErrors),
}

impl StoreError {
    fn invalid(field: &str, message: impl Into<String>) -> Self {
        let mut errors = FieldErrors::new();
        errors.insert(field.into(), vec![message.into()]);
        Self::Invalid(errors)
    }
}

/// Everything behind one database but its [`Database`] object.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
struct Backing {
    app_uuid: String,
    addon_id: String,
    resource_id: String,
    dbaas_id: String,
    created_at_ms: u64,
    /// From then on the addon is listed and the DBaaS record found.
    visible_at_ms: u64,
    /// From then on the database is running (provisioned).
    running_at_ms: u64,
    /// Until then the last plan change is under way (`updating`).
    updating_until_ms: Option<u64>,
    /// Last change of the app or addon (create, rename, move, plan change).
    updated_at_ms: u64,
    maintenance_window: MaintenanceWindow,
    /// Where the instances' ids and addresses are derived from.
    node_seed: u64,
    endpoints: Vec<Endpoint>,
    variables: Vec<Variable>,
    rules: Vec<FirewallRule>,
}

impl Backing {
    fn phase(&self, now_ms: u64) -> Phase {
        if now_ms < self.visible_at_ms {
            Phase::Requested
        } else if now_ms < self.running_at_ms {
            Phase::Provisioning
        } else if self.updating_until_ms.is_some_and(|until| now_ms < until) {
            Phase::Updating
        } else {
            Phase::Running
        }
    }
}

/// An addon token given and not yet expired.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
struct IssuedToken {
    token: String,
    addon_id: String,
    expires_at_ms: u64,
}

/// Databases with what stands behind them, projects, the plans catalog and the managed ranges,
/// with the rules of the API's calls.
///
/// Invariants (kept by every write, the only ways in): ids are unique, names are unique and
/// valid, no name equals another database's id (so every database is found by its id and by its
/// name), every database has exactly one backing record and none outlives its database.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Store {
    databases: Vec<Database>,
    /// By database id.
    backing: BTreeMap<String, Backing>,
    projects: Vec<Project>,
    providers: Vec<AddonProvider>,
    managed_ranges: Vec<ManagedRange>,
    owner: Owner,
    region: String,
    timings: Timings,
    minimal_answers: bool,
    rng: Rng,
    addon_tokens: Vec<IssuedToken>,
    /// The next id to try, as an offset from [`ID_BASE`].
    next_serial: u64,
}

impl Default for Store {
    fn default() -> Self {
        Self::seeded()
    }
}

impl Store {
    /// The spec's two example databases (running, no firewall rule), the two projects and the
    /// `postgresql-dr` plans, with the default options.
    pub fn seeded() -> Self {
        Self::with_options(&StoreOptions::default())
    }

    /// The projects and plans, and no database at all.
    pub fn empty() -> Self {
        Self::with_options(&StoreOptions {
            examples: false,
            ..StoreOptions::default()
        })
    }

    /// [`Store::seeded`] plus `count` generated databases spread over plans and projects, for
    /// large lists. They are all running.
    pub fn seeded_with(count: usize) -> Self {
        Self::with_options(&StoreOptions {
            generated: count,
            ..StoreOptions::default()
        })
    }

    /// A store built as `options` say.
    pub fn with_options(options: &StoreOptions) -> Self {
        let mut store = Self {
            databases: Vec::new(),
            backing: BTreeMap::new(),
            projects: seed::projects(),
            providers: seed::addon_providers(),
            managed_ranges: seed::managed_ranges(),
            owner: seed::owner(),
            region: options.region.clone(),
            timings: options.timings,
            minimal_answers: options.minimal_answers,
            rng: Rng::new(options.rng_seed),
            addon_tokens: Vec::new(),
            next_serial: 0,
        };
        if options.examples {
            let examples = seed::example_databases();
            store.next_serial = examples.len() as u64;
            for ((database, addon_id), created_at_ms) in examples
                .into_iter()
                .zip(seed::EXAMPLE_ADDON_IDS)
                .zip(seed::EXAMPLE_CREATED_AT_MS)
            {
                let mut backing = store.new_backing(&database.name, created_at_ms, 0);
                backing.addon_id = addon_id.into();
                store.insert(database, backing);
            }
        }
        let plans = store.enabled_plan_names();
        let projects: Vec<String> = store.projects.iter().map(|p| p.id.clone()).collect();
        store.databases.reserve(options.generated);
        for n in 0..options.generated {
            let id = store.fresh_id();
            let database = Database {
                id,
                name: seed::generated_name(n),
                project_id: projects[n % projects.len()].clone(),
                technology: seed::TECHNOLOGY.into(),
                plan: plans[(n / 3) % plans.len()].clone(),
            };
            let created_at_ms = seed::GENERATED_FROM_MS + n as u64 * seed::GENERATED_STEP_MS;
            let backing = store.new_backing(&database.name, created_at_ms, 0);
            store.insert(database, backing);
        }
        store
    }

    // Settings ------------------------------------------------------------------------------

    /// The region this store is (`app.region`).
    pub fn region(&self) -> &str {
        &self.region
    }

    /// How long provisioning and plan changes take.
    pub fn timings(&self) -> Timings {
        self.timings
    }

    /// Changes how long the operations started from now on take (those under way keep theirs).
    pub fn set_timings(&mut self, timings: Timings) {
        self.timings = timings;
    }

    /// Whether the answers are only the documented shapes: `GET /v1/databases/{db}` gives
    /// `{"database": ...}` without `app` and `addon`, the dashboard list's items carry only
    /// `database`, and a plan change answers DEV's `{"vars", "message"}`. A console must then
    /// find the addon with `GET /v1/apps/{db}/addons`.
    pub fn minimal_answers(&self) -> bool {
        self.minimal_answers
    }

    /// See [`Store::minimal_answers`].
    pub fn set_minimal_answers(&mut self, minimal: bool) {
        self.minimal_answers = minimal;
    }

    /// Restarts the generator from `seed`: what is drawn from now on changes, what exists stays.
    pub fn reseed(&mut self, seed: u64) {
        self.rng = Rng::new(seed);
    }

    // Reads ---------------------------------------------------------------------------------

    /// Every database, oldest first.
    pub fn list(&self) -> &[Database] {
        &self.databases
    }

    /// The database with this id, or else with this name (the spec's `[:database]` parameter;
    /// the app routes take the same key).
    pub fn get(&self, id_or_name: &str) -> Option<&Database> {
        self.databases
            .iter()
            .find(|db| db.id == id_or_name)
            .or_else(|| self.databases.iter().find(|db| db.name == id_or_name))
    }

    /// The projects, the default one among them.
    pub fn projects(&self) -> &[Project] {
        &self.projects
    }

    /// The project databases go to when none is given.
    pub fn default_project(&self) -> Option<&Project> {
        self.projects.iter().find(|p| p.default)
    }

    /// The addon providers catalog.
    pub fn providers(&self) -> &[AddonProvider] {
        &self.providers
    }

    /// The plans of one provider, or `None` when there is no such provider.
    pub fn plans(&self, provider_id: &str) -> Option<&[Plan]> {
        self.providers
            .iter()
            .find(|p| p.id == provider_id)
            .map(|p| p.plans.as_slice())
    }

    /// The managed ranges a firewall rule may name (global, not per database).
    pub fn managed_ranges(&self) -> &[ManagedRange] {
        &self.managed_ranges
    }

    /// Where the database with this id or name is in its life at `now_ms`.
    pub fn phase(&self, id_or_name: &str, now_ms: u64) -> Option<Phase> {
        let db = self.get(id_or_name)?;
        Some(self.backing.get(&db.id)?.phase(now_ms))
    }

    /// The app behind the database with this id or name.
    pub fn app(&self, id_or_name: &str, now_ms: u64) -> Option<App> {
        let db = self.get(id_or_name)?;
        Some(self.app_of(db, self.backing.get(&db.id)?, now_ms))
    }

    /// The addons of the app with this id or name: its one addon, or none yet early in
    /// provisioning; `None` when there is no such app.
    pub fn addons(&self, id_or_name: &str, now_ms: u64) -> Option<Vec<Addon>> {
        let db = self.get(id_or_name)?;
        let backing = self.backing.get(&db.id)?;
        Some(self.addon_of(db, backing, now_ms).into_iter().collect())
    }

    /// The database whose addon has this id, whatever its phase (`None` once it is deleted).
    pub fn database_of_addon(&self, addon_id: &str) -> Option<&Database> {
        let (id, _) = self
            .backing
            .iter()
            .find(|(_, backing)| backing.addon_id == addon_id)?;
        self.databases.iter().find(|db| &db.id == id)
    }

    /// The addon id of the database with this id or name, whatever its phase.
    pub fn addon_id(&self, id_or_name: &str) -> Option<&str> {
        let db = self.get(id_or_name)?;
        Some(self.backing.get(&db.id)?.addon_id.as_str())
    }

    /// The Database API record of this addon; `None` when there is no such addon or early in
    /// provisioning (the real API's 404 right after a create).
    pub fn dbaas(&self, addon_id: &str, now_ms: u64) -> Option<DbaasDatabase> {
        let (db, backing) = self.visible_addon(addon_id, now_ms)?;
        Some(self.dbaas_of(db, backing, now_ms))
    }

    /// The endpoints of the database with this id or name.
    pub fn endpoints(&self, id_or_name: &str) -> Option<&[Endpoint]> {
        let db = self.get(id_or_name)?;
        Some(&self.backing.get(&db.id)?.endpoints)
    }

    /// The environment variables of the app with this id or name.
    pub fn variables(&self, id_or_name: &str) -> Option<&[Variable]> {
        let db = self.get(id_or_name)?;
        Some(&self.backing.get(&db.id)?.variables)
    }

    /// The firewall rules of this addon's database, oldest first; `None` as for [`Store::dbaas`].
    pub fn firewall_rules(&self, addon_id: &str, now_ms: u64) -> Option<&[FirewallRule]> {
        let (_, backing) = self.visible_addon(addon_id, now_ms)?;
        Some(&backing.rules)
    }

    /// `GET /v1/databases?dashboard=true`: every database with its app, and its addon once it
    /// exists.
    pub fn dashboard(&self, now_ms: u64) -> Vec<DashboardItem> {
        self.databases
            .iter()
            .filter_map(|db| self.item_of(db, now_ms))
            .collect()
    }

    /// `GET /v1/databases/{db}` as the JS client reads it: the database, its app and its addon
    /// once it exists.
    pub fn show(&self, id_or_name: &str, now_ms: u64) -> Option<DashboardItem> {
        self.item_of(self.get(id_or_name)?, now_ms)
    }

    /// Whether `token` is an unexpired addon token of an existing addon, of `addon_id` when
    /// given (the Database API routes of that addon), of any addon otherwise (the managed
    /// ranges, which belong to no database).
    pub fn addon_token_allows(&self, token: &str, addon_id: Option<&str>, now_ms: u64) -> bool {
        self.addon_tokens.iter().any(|issued| {
            issued.token == token
                && issued.expires_at_ms > now_ms
                && addon_id.is_none_or(|id| id == issued.addon_id)
                && self.database_of_addon(&issued.addon_id).is_some()
        })
    }

    // Writes --------------------------------------------------------------------------------

    /// Creates a database, or says what is wrong with each field (the body of a 422 answer).
    /// It starts provisioning at `now_ms` and is running [`Timings::provision_ms`] later.
    ///
    /// An empty or missing `project_id` means the default project, as the spec says.
    pub fn create(&mut self, input: NewDatabase, now_ms: u64) -> Result<Database, FieldErrors> {
        let mut errors = FieldErrors::new();
        let mut fail = |field: &str, message: String| {
            errors.entry(field.to_string()).or_default().push(message);
        };

        if input.name.is_empty() {
            fail("name", "can't be blank".into());
        } else if let Err(rule) = validate_name(&input.name) {
            fail("name", rule.to_string());
        } else if self.get(&input.name).is_some() {
            fail("name", "has already been taken".into());
        }

        if input.technology.is_empty() {
            fail("technology", "can't be blank".into());
        } else if input.technology != seed::TECHNOLOGY {
            fail(
                "technology",
                format!("is not supported: only {} is", seed::TECHNOLOGY),
            );
        }

        if input.plan.is_empty() {
            fail("plan", "can't be blank".into());
        } else if input.technology == seed::TECHNOLOGY {
            match self.find_plan(&input.plan) {
                None => fail("plan", format!("is not a plan of {}", seed::TECHNOLOGY)),
                Some(plan) if plan.disabled => fail("plan", "is not available anymore".into()),
                Some(_) => {}
            }
        }

        let project_id = match input.project_id.as_deref() {
            None | Some("") => self.default_project().map(|p| p.id.clone()),
            Some(id) if self.projects.iter().any(|p| p.id == id) => Some(id.to_string()),
            Some(_) => {
                fail("project_id", "is not one of your projects".into());
                None
            }
        };
        if project_id.is_none() && !errors.contains_key("project_id") {
            errors.insert(
                "project_id".into(),
                vec!["no default project to use".into()],
            );
        }

        if !errors.is_empty() {
            return Err(errors);
        }
        // The plan may have been given by id: store its name, as the API shows it.
        let plan = self
            .find_plan(&input.plan)
            .map_or(input.plan, |p| p.name.clone());
        let database = Database {
            id: self.fresh_id(),
            name: input.name,
            project_id: project_id.unwrap_or_default(),
            technology: input.technology,
            plan,
        };
        let backing = self.new_backing(&database.name, now_ms, now_ms);
        self.insert(database.clone(), backing);
        Ok(database)
    }

    /// Adds a firewall rule to this addon's database: a `custom_range` with a `cidr` (checked by
    /// [`cidr::check`], kept normalised) and an optional `label`, or a `managed_range` with the
    /// `range_id` of one of [`Store::managed_ranges`]; at most [`MAX_FIREWALL_RULES`], no
    /// duplicate.
    pub fn add_firewall_rule(
        &mut self,
        addon_id: &str,
        input: NewFirewallRule,
        now_ms: u64,
    ) -> Result<FirewallRule, StoreError> {
        let (db, backing) = self
            .visible_addon(addon_id, now_ms)
            .ok_or(StoreError::NotFound("database"))?;
        let db_id = db.id.clone();
        let dbaas_id = backing.dbaas_id.clone();
        let rules = &backing.rules;

        let mut errors = FieldErrors::new();
        let mut fail = |field: &str, message: String| {
            errors.entry(field.to_string()).or_default().push(message);
        };
        let present = |value: &Option<String>| value.as_deref().is_some_and(|v| !v.is_empty());
        let (kind, cidr, label, range_id) = match input.kind.as_str() {
            "custom_range" => {
                let mut kept = None;
                match input.cidr.as_deref() {
                    None | Some("") => fail("cidr", "can't be blank".into()),
                    Some(text) => match cidr::check(text) {
                        Err(wrong) => fail("cidr", wrong.to_string()),
                        Ok(range) => {
                            let range = range.to_string();
                            if rules.iter().any(|r| r.cidr.as_deref() == Some(&range)) {
                                fail("cidr", format!("{range} is already allowed by a rule"));
                            }
                            kept = Some(range);
                        }
                    },
                }
                if present(&input.range_id) {
                    fail("range_id", "is only for a managed_range rule".into());
                }
                let label = input.label.filter(|l| !l.is_empty());
                if let Some(label) = &label {
                    if label.chars().count() > MAX_LABEL_LEN {
                        fail(
                            "label",
                            format!("is too long (at most {MAX_LABEL_LEN} characters)"),
                        );
                    }
                }
                (RuleKind::CustomRange, kept, label, None)
            }
            "managed_range" => {
                let mut kept = None;
                match input.range_id.as_deref() {
                    None | Some("") => fail("range_id", "can't be blank".into()),
                    Some(id) if !self.managed_ranges.iter().any(|r| r.id == id) => {
                        fail("range_id", format!("{id} is not a managed range"));
                    }
                    Some(id) => {
                        if rules.iter().any(|r| r.range_id.as_deref() == Some(id)) {
                            fail("range_id", "is already allowed by a rule".into());
                        }
                        kept = Some(id.to_string());
                    }
                }
                if present(&input.cidr) {
                    fail("cidr", "is only for a custom_range rule".into());
                }
                if present(&input.label) {
                    fail("label", "is only for a custom_range rule".into());
                }
                (RuleKind::ManagedRange, None, None, kept)
            }
            "" => {
                fail(
                    "type",
                    "can't be blank: custom_range or managed_range".into(),
                );
                (RuleKind::CustomRange, None, None, None)
            }
            _ => {
                fail("type", "must be custom_range or managed_range".into());
                (RuleKind::CustomRange, None, None, None)
            }
        };
        if errors.is_empty() && rules.len() >= MAX_FIREWALL_RULES {
            errors.insert(
                "base".into(),
                vec![format!(
                    "A database has at most {MAX_FIREWALL_RULES} firewall rules: remove one first"
                )],
            );
        }
        if !errors.is_empty() {
            return Err(StoreError::Invalid(errors));
        }
        let at = iso8601(now_ms);
        let rule = FirewallRule {
            id: self.rng.hex(24),
            kind,
            cidr,
            label,
            range_id,
            database_id: dbaas_id,
            created_at: at.clone(),
            updated_at: at,
        };
        if let Some(backing) = self.backing.get_mut(&db_id) {
            backing.rules.push(rule.clone());
        }
        Ok(rule)
    }

    /// Removes a firewall rule of this addon's database.
    pub fn remove_firewall_rule(
        &mut self,
        addon_id: &str,
        rule_id: &str,
        now_ms: u64,
    ) -> Result<FirewallRule, StoreError> {
        let db_id = self
            .visible_addon(addon_id, now_ms)
            .ok_or(StoreError::NotFound("database"))?
            .0
            .id
            .clone();
        let backing = self
            .backing
            .get_mut(&db_id)
            .ok_or(StoreError::NotFound("database"))?;
        let at = backing
            .rules
            .iter()
            .position(|rule| rule.id == rule_id)
            .ok_or(StoreError::NotFound("firewall_rule"))?;
        Ok(backing.rules.remove(at))
    }

    /// Changes the plan of the app's addon to `plan` (a plan id or name), following
    /// [`plan_change::assess`]: only while running, to an available plan of at least the same
    /// size. The database's `plan` is the new one at once; its Database API record is
    /// `updating` for [`Timings::update_ms`], then `running`. Gives the addon and the downtime.
    pub fn change_plan(
        &mut self,
        app: &str,
        addon_id: &str,
        plan: &str,
        now_ms: u64,
    ) -> Result<(Addon, Downtime), StoreError> {
        let db = self.get(app).ok_or(StoreError::NotFound("app"))?;
        let backing = self
            .backing
            .get(&db.id)
            .ok_or(StoreError::NotFound("app"))?;
        let phase = backing.phase(now_ms);
        if backing.addon_id != addon_id || phase == Phase::Requested {
            return Err(StoreError::NotFound("addon"));
        }
        if plan.is_empty() {
            return Err(StoreError::invalid("plan_id", "can't be blank"));
        }
        match phase {
            Phase::Running => {}
            Phase::Updating => return Err(StoreError::Conflict(
                "A plan change is already in progress: wait until the database is running again"
                    .into(),
            )),
            Phase::Requested | Phase::Provisioning => return Err(StoreError::Conflict(
                "The database is still being provisioned: its plan can change once it is running"
                    .into(),
            )),
        }
        let target = match self.find_plan(plan) {
            None => {
                return Err(StoreError::invalid(
                    "plan_id",
                    format!("is not a plan of {}", seed::TECHNOLOGY),
                ))
            }
            Some(target) if target.disabled => {
                return Err(StoreError::invalid("plan_id", "is not available anymore"))
            }
            Some(target) => target.name.clone(),
        };
        let downtime = match plan_change::assess_names(&db.plan, &target) {
            Some(Outcome::Allowed(downtime)) => downtime,
            Some(Outcome::SamePlan) => {
                return Err(StoreError::invalid(
                    "plan_id",
                    "is already the plan of this database",
                ))
            }
            Some(Outcome::Refused(reason)) => {
                return Err(StoreError::invalid("plan_id", reason.to_string()))
            }
            None => {
                return Err(StoreError::invalid(
                    "plan_id",
                    "cannot be reached from the current plan",
                ))
            }
        };
        let db_id = db.id.clone();
        let update_ms = self.timings.update_ms;
        if let (Some(db), Some(backing)) = (
            self.databases.iter_mut().find(|d| d.id == db_id),
            self.backing.get_mut(&db_id),
        ) {
            db.plan = target;
            backing.updating_until_ms = Some(now_ms.saturating_add(update_ms));
            backing.updated_at_ms = now_ms;
        }
        let db = self.get(&db_id).ok_or(StoreError::NotFound("app"))?;
        let backing = self
            .backing
            .get(&db_id)
            .ok_or(StoreError::NotFound("app"))?;
        let addon = self
            .addon_of(db, backing, now_ms)
            .ok_or(StoreError::NotFound("addon"))?;
        Ok((addon, downtime))
    }

    /// Renames the app (and so the database): `current_name` must be its name (the API's
    /// confirmation), `new_name` follows the create rule and is not taken. Hostnames and
    /// variables keep what they were.
    pub fn rename(
        &mut self,
        app: &str,
        current_name: Option<&str>,
        new_name: &str,
        now_ms: u64,
    ) -> Result<App, StoreError> {
        let db = self.get(app).ok_or(StoreError::NotFound("app"))?;
        confirm(db, current_name)?;
        if new_name.is_empty() {
            return Err(StoreError::invalid("new_name", "can't be blank"));
        }
        if let Err(rule) = validate_name(new_name) {
            return Err(StoreError::invalid("new_name", rule.to_string()));
        }
        if new_name == db.name {
            return Err(StoreError::invalid(
                "new_name",
                "is the current name of this database",
            ));
        }
        if self.get(new_name).is_some() {
            return Err(StoreError::invalid("new_name", "has already been taken"));
        }
        let db_id = db.id.clone();
        if let Some(db) = self.databases.iter_mut().find(|d| d.id == db_id) {
            db.name = new_name.to_string();
        }
        if let Some(backing) = self.backing.get_mut(&db_id) {
            backing.updated_at_ms = now_ms;
        }
        self.app(&db_id, now_ms).ok_or(StoreError::NotFound("app"))
    }

    /// Moves the app (and so the database) to another of the projects.
    pub fn move_to_project(
        &mut self,
        app: &str,
        project_id: &str,
        now_ms: u64,
    ) -> Result<App, StoreError> {
        let db_id = self.get(app).ok_or(StoreError::NotFound("app"))?.id.clone();
        if project_id.is_empty() {
            return Err(StoreError::invalid("project_id", "can't be blank"));
        }
        if !self.projects.iter().any(|p| p.id == project_id) {
            return Err(StoreError::invalid(
                "project_id",
                "is not one of your projects",
            ));
        }
        if let Some(db) = self.databases.iter_mut().find(|d| d.id == db_id) {
            if db.project_id != project_id {
                db.project_id = project_id.to_string();
                if let Some(backing) = self.backing.get_mut(&db_id) {
                    backing.updated_at_ms = now_ms;
                }
            }
        }
        self.app(&db_id, now_ms).ok_or(StoreError::NotFound("app"))
    }

    /// Deletes the app and everything behind it (addon, Database API record, endpoints,
    /// variables, firewall rules, addon tokens); `current_name` must be its name.
    pub fn delete(
        &mut self,
        app: &str,
        current_name: Option<&str>,
    ) -> Result<Database, StoreError> {
        let db = self.get(app).ok_or(StoreError::NotFound("app"))?;
        confirm(db, current_name)?;
        let db_id = db.id.clone();
        let at = self
            .databases
            .iter()
            .position(|d| d.id == db_id)
            .ok_or(StoreError::NotFound("app"))?;
        let database = self.databases.remove(at);
        if let Some(backing) = self.backing.remove(&db_id) {
            self.addon_tokens
                .retain(|issued| issued.addon_id != backing.addon_id);
        }
        Ok(database)
    }

    /// A new addon token for the app's addon, valid [`ADDON_TOKEN_TTL_MS`] from `now_ms`.
    pub fn issue_addon_token(
        &mut self,
        app: &str,
        addon_id: &str,
        now_ms: u64,
    ) -> Result<AddonToken, StoreError> {
        let db = self.get(app).ok_or(StoreError::NotFound("app"))?;
        let backing = self
            .backing
            .get(&db.id)
            .ok_or(StoreError::NotFound("app"))?;
        if backing.addon_id != addon_id || backing.phase(now_ms) == Phase::Requested {
            return Err(StoreError::NotFound("addon"));
        }
        let token = format!("tk-addon-{}", self.rng.alphanumeric(40));
        self.addon_tokens
            .retain(|issued| issued.expires_at_ms > now_ms);
        self.addon_tokens.push(IssuedToken {
            token: token.clone(),
            addon_id: addon_id.to_string(),
            expires_at_ms: now_ms.saturating_add(ADDON_TOKEN_TTL_MS),
        });
        Ok(AddonToken {
            id: addon_id.to_string(),
            token,
        })
    }

    /// Ends every transition under way at `now_ms`: every database is running from then on
    /// (for tests that need a state quickly; statuses still only move forward).
    pub fn settle(&mut self, now_ms: u64) {
        for backing in self.backing.values_mut() {
            backing.visible_at_ms = backing.visible_at_ms.min(now_ms);
            backing.running_at_ms = backing.running_at_ms.min(now_ms);
            if let Some(until) = &mut backing.updating_until_ms {
                *until = (*until).min(now_ms);
            }
        }
    }

    /// Adds `count` generated databases (names from [`seed::generated_name`] not yet taken,
    /// spread over plans and projects) in `phase` at `now_ms`: [`Phase::Requested`] ones are
    /// created now; [`Phase::Provisioning`] ones a quarter of the provisioning time ago, so
    /// their addon is listed and their record creating; [`Phase::Running`] ones are
    /// provisioned already; [`Phase::Updating`] ones are running a plan change started now (a
    /// Starter, Business or Enterprise 4G going to 8G of the same class). With a provisioning
    /// time of 0 the first two are running at once.
    pub fn add_generated(&mut self, count: usize, phase: Phase, now_ms: u64) -> Vec<Database> {
        let plans = self.enabled_plan_names();
        let projects: Vec<String> = self.projects.iter().map(|p| p.id.clone()).collect();
        let updating_plans = [
            ("postgresql-dr-starter-4096", "postgresql-dr-starter-8192"),
            ("postgresql-dr-business-4096", "postgresql-dr-business-8192"),
            (
                "postgresql-dr-enterprise-4096",
                "postgresql-dr-enterprise-8192",
            ),
        ];
        let mut added = Vec::with_capacity(count);
        let mut n = self.next_serial as usize;
        for k in 0..count {
            let name = loop {
                let name = seed::generated_name(n);
                n += 1;
                if self.get(&name).is_none() {
                    break name;
                }
            };
            let (plan, target) = match phase {
                Phase::Updating => {
                    let (from, to) = updating_plans[k % updating_plans.len()];
                    (from.to_string(), Some(to))
                }
                _ => (plans[(n / 3) % plans.len()].clone(), None),
            };
            let database = Database {
                id: self.fresh_id(),
                name,
                project_id: projects[k % projects.len()].clone(),
                technology: seed::TECHNOLOGY.into(),
                plan,
            };
            let (created_at_ms, due_ms) = match phase {
                Phase::Running | Phase::Updating => (now_ms.saturating_sub(DAY_MS), 0),
                // Created a quarter of the provisioning time ago: listed, creating, now.
                Phase::Provisioning => {
                    let at = now_ms.saturating_sub(self.timings.provision_ms / 4);
                    (at, at)
                }
                Phase::Requested => (now_ms, now_ms),
            };
            let backing = self.new_backing(&database.name, created_at_ms, due_ms);
            let id = database.id.clone();
            let addon_id = backing.addon_id.clone();
            self.insert(database, backing);
            if let Some(target) = target {
                // Cannot fail: the database is running and the target a bigger plan of its class.
                let _ = self.change_plan(&id, &addon_id, target, now_ms);
            }
            if let Some(db) = self.get(&id) {
                added.push(db.clone());
            }
        }
        added
    }

    // Internals -----------------------------------------------------------------------------

    fn insert(&mut self, database: Database, mut backing: Backing) {
        for endpoint in &mut backing.endpoints {
            endpoint.database_id = database.id.clone();
        }
        self.backing.insert(database.id.clone(), backing);
        self.databases.push(database);
    }

    fn find_plan(&self, id_or_name: &str) -> Option<&Plan> {
        self.plans(seed::TECHNOLOGY)
            .unwrap_or_default()
            .iter()
            .find(|p| p.name == id_or_name || p.id == id_or_name)
    }

    fn enabled_plan_names(&self) -> Vec<String> {
        self.plans(seed::TECHNOLOGY)
            .unwrap_or_default()
            .iter()
            .filter(|plan| !plan.disabled)
            .map(|plan| plan.name.clone())
            .collect()
    }

    /// The database and backing of this addon, once the addon is listed.
    fn visible_addon(&self, addon_id: &str, now_ms: u64) -> Option<(&Database, &Backing)> {
        let db = self.database_of_addon(addon_id)?;
        let backing = self.backing.get(&db.id)?;
        (backing.phase(now_ms) != Phase::Requested).then_some((db, backing))
    }

    /// What stands behind a new database, drawn from the generator. It was requested at
    /// `created_at_ms`; its provisioning is counted from `due_from_ms` with the store's timings
    /// (0 for a database provisioned before any time the store will be asked about).
    fn new_backing(&mut self, name: &str, created_at_ms: u64, due_from_ms: u64) -> Backing {
        let provision_ms = if due_from_ms == 0 {
            0
        } else {
            self.timings.provision_ms
        };
        let rng = &mut self.rng;
        let app_uuid = format!("ap-{}", rng.uuid());
        let addon_id = format!("ad-{}", rng.uuid());
        let dbaas_id = rng.hex(24);
        let resource_id = resource_id(name, &rng.hex(4));
        let port = 30_000 + rng.below(10_000) as u16;
        let password = rng.alphanumeric(32);
        let maintenance_window = MaintenanceWindow {
            weekday_utc: rng.below(7) as u8,
            starting_hour_utc: rng.below(24) as u8,
            duration_in_hour: 8,
        };
        let node_seed = rng.next_u64();
        let endpoint_id = rng.hex(24);
        let variable_ids = [rng.hex(24), rng.hex(24)];

        let public_host = format!("{resource_id}.postgresql.{}.scalingo-dbs.com", self.region);
        let private_host = format!(
            "{resource_id}.private.postgresql.{}.scalingo-dbs.com",
            self.region
        );
        // The user and the database are named after the resource, as on the real API.
        let user = resource_id.replace('-', "_");
        let url = |host: &str, port: u16| {
            format!("postgresql://{user}:{password}@{host}:{port}/{user}?sslmode=require")
        };
        let variables = vec![
            Variable {
                id: variable_ids[0].clone(),
                name: URL_VARIABLE.into(),
                value: url(&public_host, port),
            },
            Variable {
                id: variable_ids[1].clone(),
                name: format!("{URL_VARIABLE}_PRIVATE"),
                value: url(&private_host, 5432),
            },
        ];
        let endpoints = vec![Endpoint {
            id: endpoint_id,
            // Filled by `insert`: the database's id is not drawn yet.
            database_id: String::new(),
            hostname: public_host,
            port,
            kind: "public-rw".into(),
        }];
        let visible_at_ms = due_from_ms.saturating_add(provision_ms / 4);
        let running_at_ms = due_from_ms.saturating_add(provision_ms);
        Backing {
            app_uuid,
            addon_id,
            resource_id,
            dbaas_id,
            created_at_ms,
            visible_at_ms,
            running_at_ms,
            updating_until_ms: None,
            updated_at_ms: created_at_ms,
            maintenance_window,
            node_seed,
            endpoints,
            variables,
            rules: Vec::new(),
        }
    }

    fn app_of(&self, db: &Database, backing: &Backing, now_ms: u64) -> App {
        let project = self
            .projects
            .iter()
            .find(|p| p.id == db.project_id)
            .map(|p| ProjectRef {
                id: p.id.clone(),
                name: p.name.clone(),
            })
            .unwrap_or_else(|| ProjectRef {
                id: db.project_id.clone(),
                name: String::new(),
            });
        App {
            id: db.id.clone(),
            uuid: backing.app_uuid.clone(),
            name: db.name.clone(),
            region: self.region.clone(),
            status: backing.phase(now_ms).app_status().into(),
            created_at: iso8601(backing.created_at_ms),
            project,
            owner: self.owner.clone(),
            hds_resource: false,
            dedicated_database: true,
        }
    }

    /// The addon, or `None` while it is not listed yet.
    fn addon_of(&self, db: &Database, backing: &Backing, now_ms: u64) -> Option<Addon> {
        let status = backing.phase(now_ms).addon_status()?;
        let plan = self.find_plan(&db.plan).cloned().unwrap_or_else(|| Plan {
            id: String::new(),
            name: db.plan.clone(),
            display_name: String::new(),
            price: None,
            description: None,
            position: 0,
            on_demand: false,
            disabled: false,
            disabled_alternative_plan_id: None,
            sku: None,
            pricings: None,
            hds_available: false,
        });
        let provider = self
            .providers
            .iter()
            .find(|p| p.id == seed::TECHNOLOGY)
            .map(|p| AddonProviderRef {
                id: p.id.clone(),
                name: p.name.clone(),
                logo_url: p.logo_url.clone(),
            })
            .unwrap_or_default();
        Some(Addon {
            id: backing.addon_id.clone(),
            app_id: db.id.clone(),
            resource_id: backing.resource_id.clone(),
            status,
            plan,
            addon_provider: provider,
            provisioned_at: Some(iso8601(backing.created_at_ms)),
            deprovisioned_at: None,
            updated_at: Some(iso8601(backing.updated_at_ms)),
            hds_resource: false,
        })
    }

    fn dbaas_of(&self, db: &Database, backing: &Backing, now_ms: u64) -> DbaasDatabase {
        let phase = backing.phase(now_ms);
        let multi_node = PlanSpec::parse(&db.plan).is_some_and(|spec| spec.class.is_multi_node());
        let endpoint = backing.endpoints.first();
        DbaasDatabase {
            id: backing.dbaas_id.clone(),
            resource_id: backing.resource_id.clone(),
            app_name: db.name.clone(),
            created_at: iso8601(backing.created_at_ms),
            encryption_at_rest: true,
            features: vec![Feature {
                name: "force-ssl".into(),
                status: "ACTIVATED".into(),
            }],
            maintenance_window: Some(backing.maintenance_window),
            plan: db.plan.clone(),
            status: phase
                .dbaas_status()
                .unwrap_or(crate::lifecycle::DbaasStatus::Creating),
            type_name: "postgresql".into(),
            readable_version: seed::READABLE_VERSION.into(),
            next_version_id: None,
            hostname: endpoint
                .map(|e| format!("{}:{}", e.hostname, e.port))
                .unwrap_or_default(),
            instances: instances(backing, multi_node, phase, &self.region),
            cluster: multi_node,
            // The operation is named after when it ends, so it keeps its id while under way.
            current_operation_id: match phase {
                Phase::Running => None,
                Phase::Requested | Phase::Provisioning => Some(backing.running_at_ms),
                Phase::Updating => backing.updating_until_ms,
            }
            .map(|ends_at| {
                format!(
                    "{:016x}{:08x}",
                    rng::derived(backing.node_seed, ends_at),
                    rng::derived(backing.node_seed, ends_at.wrapping_add(1)) >> 32
                )
            }),
        }
    }

    fn item_of(&self, db: &Database, now_ms: u64) -> Option<DashboardItem> {
        let backing = self.backing.get(&db.id)?;
        Some(DashboardItem {
            database: db.clone(),
            app: Some(self.app_of(db, backing, now_ms)),
            addon: self.addon_of(db, backing, now_ms),
        })
    }

    /// A 24-hex-digit id that is neither an id nor a name in the store.
    fn fresh_id(&mut self) -> String {
        loop {
            let id = format!("{:024x}", ID_BASE + u128::from(self.next_serial));
            self.next_serial += 1;
            if self.get(&id).is_none() {
                return id;
            }
        }
    }
}

/// The API's confirmation of a destructive call: `current_name` must be the app's name.
fn confirm(db: &Database, current_name: Option<&str>) -> Result<(), StoreError> {
    match current_name {
        None | Some("") => Err(StoreError::BadRequest(
            "current_name is required: give the current name of the database to confirm".into(),
        )),
        Some(name) if name == db.name => Ok(()),
        Some(_) => Err(StoreError::BadRequest(
            "current_name does not match the name of this database".into(),
        )),
    }
}

/// The resource id: the name's first characters (at most 20, no hyphen at either end) and a
/// random suffix, as the real API's `my-dedicate-wxyz`.
fn resource_id(name: &str, suffix: &str) -> String {
    let stem: String = name.chars().take(20).collect();
    let stem = stem.trim_matches('-');
    if stem.is_empty() {
        format!("db-{suffix}")
    } else {
        format!("{stem}-{suffix}")
    }
}

/// The nodes of a database: one `db-node` (the leader) for a Starter plan; two `db-node`s (a
/// leader and a follower) and a `gateway` for a multi-node plan. Derived, not stored, so a plan
/// change changes them at once.
fn instances(backing: &Backing, multi_node: bool, phase: Phase, region: &str) -> Vec<Instance> {
    let status = match phase {
        Phase::Requested | Phase::Provisioning => "booting",
        Phase::Updating => "migrating",
        Phase::Running => "running",
    };
    let net = rng::derived(backing.node_seed, 1_000);
    let nodes: &[(&str, Option<&str>)] = if multi_node {
        &[
            ("db-node", Some("leader")),
            ("db-node", Some("follower")),
            ("gateway", None),
        ]
    } else {
        &[("db-node", Some("leader"))]
    };
    nodes
        .iter()
        .enumerate()
        .map(|(index, (kind, role))| {
            let index = index as u64;
            let id = rng::uuid_from(
                rng::derived(backing.node_seed, 2 * index),
                rng::derived(backing.node_seed, 2 * index + 1),
            );
            Instance {
                hostname: format!(
                    "{}.{}.postgresql.{region}.scalingo-dbs.com",
                    &id[..8],
                    backing.resource_id
                ),
                id,
                port: 5432,
                status: status.into(),
                kind: (*kind).into(),
                role: role.map(str::to_string),
                private_ip: format!("10.{}.{}.{}", (net >> 8) & 0xFF, net & 0xFF, 10 + index),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Some instant after the examples were created (2026-03-01T00:00:00Z).
    const NOW: u64 = 1_772_323_200_000;

    fn new_db(name: &str) -> NewDatabase {
        NewDatabase {
            name: name.into(),
            technology: "postgresql-dr".into(),
            plan: "postgresql-dr-starter-4096".into(),
            project_id: None,
        }
    }

    #[test]
    fn seeded_with_the_spec_examples() {
        let store = Store::seeded();
        let names: Vec<_> = store.list().iter().map(|d| d.name.as_str()).collect();
        assert_eq!(names, ["my-postgres-db", "backup-db"]);
        assert_eq!(store.list(), seed::example_databases().as_slice());
    }

    #[test]
    fn an_empty_store_still_creates() {
        let mut store = Store::empty();
        assert!(store.list().is_empty());
        let db = store.create(new_db("first-one"), NOW).unwrap();
        assert_eq!(store.list(), [db]);
    }

    #[test]
    fn get_by_id_or_by_name() {
        let store = Store::seeded();
        assert_eq!(
            store.get("54100930736f7563d5030001").unwrap().name,
            "backup-db"
        );
        assert_eq!(
            store.get("my-postgres-db").unwrap().id,
            "54100930736f7563d5030000"
        );
        assert!(store.get("nothing-here").is_none());
    }

    #[test]
    fn create_assigns_a_new_id_and_the_default_project() {
        let mut store = Store::seeded();
        let db = store.create(new_db("orders-db"), NOW).unwrap();
        assert_eq!(db.id, "54100930736f7563d5030002");
        assert_eq!(db.project_id, seed::DEFAULT_PROJECT_ID);
        assert_eq!(store.get("orders-db"), Some(&db));
        assert_eq!(store.get(&db.id), Some(&db));
        assert_eq!(store.list().len(), 3);
    }

    #[test]
    fn create_in_another_project() {
        let mut store = Store::seeded();
        let mut input = new_db("analytics-db");
        input.project_id = Some(seed::OTHER_PROJECT_ID.into());
        assert_eq!(
            store.create(input, NOW).unwrap().project_id,
            seed::OTHER_PROJECT_ID
        );
    }

    #[test]
    fn create_accepts_a_plan_id_and_stores_its_name() {
        let mut store = Store::seeded();
        let plan = store.plans("postgresql-dr").unwrap()[1].clone();
        let mut input = new_db("by-plan-id");
        input.plan = plan.id;
        assert_eq!(store.create(input, NOW).unwrap().plan, plan.name);
    }

    #[test]
    fn create_refuses_each_bad_field() {
        let mut store = Store::seeded();
        let errors = store
            .create(
                NewDatabase {
                    name: "Bad_Name".into(),
                    technology: "mysql".into(),
                    plan: "postgresql-dr-starter-4096".into(),
                    project_id: Some("pr-unknown".into()),
                },
                NOW,
            )
            .unwrap_err();
        assert_eq!(
            errors.keys().collect::<Vec<_>>(),
            ["name", "project_id", "technology"]
        );
        assert!(errors["name"][0].contains("lower case"));

        let errors = store.create(NewDatabase::default(), NOW).unwrap_err();
        assert_eq!(errors["name"], ["can't be blank"]);
        assert_eq!(errors["technology"], ["can't be blank"]);
        assert_eq!(errors["plan"], ["can't be blank"]);
        assert_eq!(store.list().len(), 2, "nothing is created on error");
    }

    #[test]
    fn create_refuses_unknown_and_disabled_plans() {
        let mut store = Store::seeded();
        let mut input = new_db("plan-check");
        input.plan = "postgresql-dr-huge-1".into();
        assert_eq!(
            store.create(input.clone(), NOW).unwrap_err()["plan"],
            ["is not a plan of postgresql-dr"]
        );
        input.plan = "postgresql-dr-enterprise-16384".into();
        assert_eq!(
            store.create(input, NOW).unwrap_err()["plan"],
            ["is not available anymore"]
        );
    }

    #[test]
    fn names_are_unique_and_never_an_existing_id() {
        let mut store = Store::seeded();
        assert_eq!(
            store.create(new_db("backup-db"), NOW).unwrap_err()["name"],
            ["has already been taken"]
        );
        assert_eq!(
            store
                .create(new_db("54100930736f7563d5030000"), NOW)
                .unwrap_err()["name"],
            ["has already been taken"]
        );
    }

    #[test]
    fn fresh_ids_skip_a_name_that_looks_like_the_next_id() {
        let mut store = Store::seeded();
        let hex_named = store
            .create(new_db("54100930736f7563d5030003"), NOW)
            .unwrap();
        assert_eq!(hex_named.id, "54100930736f7563d5030002");
        let db = store.create(new_db("next-one"), NOW).unwrap();
        assert_eq!(
            db.id, "54100930736f7563d5030004",
            "…0003 is taken as a name"
        );
        assert_eq!(store.get("54100930736f7563d5030003"), Some(&hex_named));
    }

    #[test]
    fn seeded_with_generates_valid_unique_databases() {
        let store = Store::seeded_with(1000);
        assert_eq!(store.list().len(), 1002);
        let mut ids: Vec<_> = store.list().iter().map(|d| &d.id).collect();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), 1002);
        assert!(store.list().iter().all(|d| validate_name(&d.name).is_ok()));
        assert!(store.list().iter().all(|d| store.get(&d.name) == Some(d)));
    }

    #[test]
    fn the_store_survives_a_json_round_trip() {
        let mut store = Store::seeded();
        store.create(new_db("persisted"), NOW).unwrap();
        let text = serde_json::to_string(&store).unwrap();
        let mut back: Store = serde_json::from_str(&text).unwrap();
        assert_eq!(back, store);
        assert_eq!(
            back.create(new_db("after-reload"), NOW).unwrap().id,
            "54100930736f7563d5030003"
        );
    }

    #[test]
    fn the_examples_are_running_with_endpoints_variables_and_no_rule() {
        let store = Store::seeded();
        for (db, addon_id) in store.list().iter().zip(seed::EXAMPLE_ADDON_IDS) {
            for now in [0, NOW, u64::MAX] {
                assert_eq!(store.phase(&db.id, now), Some(Phase::Running));
            }
            assert_eq!(store.addon_id(&db.name), Some(addon_id));
            assert_eq!(store.database_of_addon(addon_id), Some(db));
            assert_eq!(store.endpoints(&db.id).unwrap().len(), 1);
            let names: Vec<_> = store
                .variables(&db.id)
                .unwrap()
                .iter()
                .map(|v| v.name.as_str())
                .collect();
            assert_eq!(
                names,
                ["SCALINGO_POSTGRESQL_URL", "SCALINGO_POSTGRESQL_URL_PRIVATE"]
            );
            assert_eq!(store.firewall_rules(addon_id, NOW), Some(&[][..]));
            let app = store.app(&db.id, NOW).unwrap();
            assert_eq!(
                (app.id.as_str(), app.name.as_str()),
                (db.id.as_str(), db.name.as_str())
            );
        }
        assert_eq!(store.dashboard(NOW).len(), 2);
    }

    #[test]
    fn the_seed_makes_the_passwords_and_ids_differ() {
        let one = Store::with_options(&StoreOptions {
            rng_seed: 1,
            ..StoreOptions::default()
        });
        let two = Store::with_options(&StoreOptions {
            rng_seed: 2,
            ..StoreOptions::default()
        });
        assert_ne!(one.variables("backup-db"), two.variables("backup-db"));
        assert_ne!(
            one.app("backup-db", NOW).unwrap().uuid,
            two.app("backup-db", NOW).unwrap().uuid
        );
        // The spec's ids and the examples' addon ids stay.
        assert_eq!(one.list(), two.list());
        assert_eq!(one.addon_id("backup-db"), two.addon_id("backup-db"));
        assert_eq!(
            Store::seeded(),
            Store::seeded(),
            "the same seed, the same store"
        );
    }

    #[test]
    fn the_region_shows_in_the_app_and_the_hostnames() {
        let store = Store::with_options(&StoreOptions {
            region: "osc-secnum-fr1".into(),
            ..StoreOptions::default()
        });
        assert_eq!(store.region(), "osc-secnum-fr1");
        assert_eq!(
            store.app("backup-db", NOW).unwrap().region,
            "osc-secnum-fr1"
        );
        assert!(store.endpoints("backup-db").unwrap()[0]
            .hostname
            .ends_with(".postgresql.osc-secnum-fr1.scalingo-dbs.com"));
    }

    #[test]
    fn provisioning_follows_the_timings_given_at_create() {
        let mut store = Store::seeded();
        store.set_timings(Timings {
            provision_ms: 1_000,
            update_ms: 400,
        });
        let db = store.create(new_db("timed-db"), NOW).unwrap();
        let phase = |store: &Store, at: u64| store.phase(&db.id, NOW + at).unwrap();
        assert_eq!(phase(&store, 0), Phase::Requested);
        assert_eq!(phase(&store, 249), Phase::Requested);
        assert_eq!(phase(&store, 250), Phase::Provisioning);
        assert_eq!(phase(&store, 999), Phase::Provisioning);
        assert_eq!(phase(&store, 1_000), Phase::Running);
        // Changing the timings now does not move what is under way.
        store.set_timings(Timings {
            provision_ms: 1_000_000,
            update_ms: 1_000_000,
        });
        assert_eq!(phase(&store, 1_000), Phase::Running);
        store.set_timings(Timings {
            provision_ms: 1_000,
            update_ms: 400,
        });
        let addon = store.addon_id(&db.id).unwrap().to_string();
        let (addon, downtime) = store
            .change_plan(&db.name, &addon, "postgresql-dr-starter-8192", NOW + 2_000)
            .unwrap();
        assert_eq!(downtime, Downtime::AboutFifteenMinutes);
        assert_eq!(addon.plan.name, "postgresql-dr-starter-8192");
        assert_eq!(
            store.get(&db.id).unwrap().plan,
            "postgresql-dr-starter-8192"
        );
        assert_eq!(phase(&store, 2_000), Phase::Updating);
        assert_eq!(phase(&store, 2_399), Phase::Updating);
        assert_eq!(phase(&store, 2_400), Phase::Running);
    }

    #[test]
    fn a_store_loaded_an_hour_later_is_running() {
        let mut store = Store::seeded();
        let db = store.create(new_db("saved-early"), NOW).unwrap();
        let text = serde_json::to_string(&store).unwrap();
        let back: Store = serde_json::from_str(&text).unwrap();
        assert_eq!(back.phase(&db.id, NOW + 1), Some(Phase::Requested));
        assert_eq!(back.phase(&db.id, NOW + HOUR_MS), Some(Phase::Running));
        let addon = back.addon_id(&db.id).unwrap();
        assert_eq!(
            back.dbaas(addon, NOW + HOUR_MS).unwrap().status,
            crate::lifecycle::DbaasStatus::Running
        );
    }

    #[test]
    fn settle_ends_every_transition_now() {
        let mut store = Store::seeded();
        let db = store.create(new_db("settled-db"), NOW).unwrap();
        store.settle(NOW + 1);
        assert_eq!(store.phase(&db.id, NOW + 1), Some(Phase::Running));
        let addon = store.addon_id(&db.id).unwrap().to_string();
        store
            .change_plan(&db.id, &addon, "postgresql-dr-business-4096", NOW + 2)
            .unwrap();
        assert_eq!(store.phase(&db.id, NOW + 2), Some(Phase::Updating));
        store.settle(NOW + 2);
        assert_eq!(store.phase(&db.id, NOW + 2), Some(Phase::Running));
    }

    #[test]
    fn add_generated_in_each_phase() {
        let mut store = Store::seeded_with(5);
        let provisioning = store.add_generated(30, Phase::Provisioning, NOW);
        assert_eq!(provisioning.len(), 30);
        assert!(provisioning
            .iter()
            .all(|db| store.phase(&db.id, NOW) == Some(Phase::Provisioning)
                && store.phase(&db.id, NOW + 14_999) == Some(Phase::Provisioning)
                && store.phase(&db.id, NOW + 15_000) == Some(Phase::Running)));
        let requested = store.add_generated(1, Phase::Requested, NOW);
        assert_eq!(store.phase(&requested[0].id, NOW), Some(Phase::Requested));
        let running = store.add_generated(2, Phase::Running, NOW);
        assert!(running
            .iter()
            .all(|db| store.phase(&db.id, NOW) == Some(Phase::Running)));
        let updating = store.add_generated(3, Phase::Updating, NOW);
        assert!(updating
            .iter()
            .all(|db| store.phase(&db.id, NOW) == Some(Phase::Updating)));
        assert_eq!(updating[1].plan, "postgresql-dr-business-8192");
        assert_eq!(store.list().len(), 2 + 5 + 36);
        let names: std::collections::BTreeSet<_> = store.list().iter().map(|d| &d.name).collect();
        assert_eq!(names.len(), store.list().len());
    }

    #[test]
    fn delete_leaves_nothing_behind() {
        let mut store = Store::seeded();
        let addon = store.addon_id("backup-db").unwrap().to_string();
        store
            .add_firewall_rule(
                &addon,
                NewFirewallRule {
                    kind: "custom_range".into(),
                    cidr: Some("10.0.0.0/8".into()),
                    ..NewFirewallRule::default()
                },
                NOW,
            )
            .unwrap();
        let token = store.issue_addon_token("backup-db", &addon, NOW).unwrap();
        assert_eq!(
            store.delete("backup-db", Some("my-postgres-db")),
            Err(StoreError::BadRequest(
                "current_name does not match the name of this database".into()
            ))
        );
        let gone = store
            .delete("54100930736f7563d5030001", Some("backup-db"))
            .unwrap();
        assert_eq!(gone.name, "backup-db");
        assert!(store.get("backup-db").is_none());
        assert!(store.database_of_addon(&addon).is_none());
        assert!(store.dbaas(&addon, NOW).is_none());
        assert!(store.firewall_rules(&addon, NOW).is_none());
        assert!(store.endpoints(&gone.id).is_none());
        assert!(store.variables(&gone.id).is_none());
        assert!(!store.addon_token_allows(&token.token, None, NOW));
        assert_eq!(store.backing.len(), store.list().len());
        assert!(store.addon_tokens.is_empty());
        assert_eq!(
            store.delete("backup-db", Some("backup-db")),
            Err(StoreError::NotFound("app"))
        );
    }

    #[test]
    fn renamed_names_stay_unique_and_never_an_id() {
        let mut store = Store::seeded();
        store
            .rename("backup-db", Some("backup-db"), "archive-db", NOW)
            .unwrap();
        assert_eq!(
            store.get("archive-db").unwrap().id,
            "54100930736f7563d5030001"
        );
        // The freed name can be taken again; the new name cannot.
        store.create(new_db("backup-db"), NOW).unwrap();
        assert!(store.create(new_db("archive-db"), NOW).is_err());
        // A name that looks like the next id is skipped by the id counter.
        store
            .rename(
                "archive-db",
                Some("archive-db"),
                "54100930736f7563d5030003",
                NOW,
            )
            .unwrap();
        let next = store.create(new_db("after-hex"), NOW).unwrap();
        assert_eq!(next.id, "54100930736f7563d5030004");
    }

    #[test]
    fn resource_ids_are_named_after_the_database() {
        assert_eq!(resource_id("my-postgres-db", "ab12"), "my-postgres-db-ab12");
        assert_eq!(resource_id("------", "ab12"), "db-ab12");
        assert_eq!(
            resource_id("a-very-long-database-name-indeed", "ab12"),
            "a-very-long-database-ab12"
        );
        assert_eq!(
            resource_id("abcdefghijklmnopqrs-tuv", "ab12"),
            "abcdefghijklmnopqrs-ab12"
        );
    }
}
