//! The lifecycle calls of `shared/reference/lifecycle-api.md` §11, one method each: the request
//! from [`super::requests`], the answer read by [`super::types`]. And the addon tokens of a
//! region whose Database API is its own host (variant a).

use std::cell::RefCell;

use model::lifecycle::{Addon, App, Endpoint, FirewallRule, ManagedRange, Region};

use super::addon_tokens::{AddonTokens, Key};
use super::requests::{self, NewRule};
use super::types::{self, AddonRef, DatabaseDetail, Dbaas, Listed, ListedDatabase};
use super::{authenticated, send, ApiError, Auth, Client, Http, Outgoing, PlanChangeAccepted};
use crate::rules::secrets::Secret;
use crate::session::{Credentials, Token};

impl Client {
    /// `GET {api}/v1/databases?dashboard=true`: every database with its app and addon when the
    /// server gives them, and its status (the addon's). Items that cannot be read are skipped
    /// and counted in [`Listed::skipped`].
    pub async fn list_databases_dashboard(&self) -> Result<Listed<ListedDatabase>, ApiError> {
        let (status, body) = self
            .answer(&requests::list_databases_dashboard(), None)
            .await?;
        types::read_dashboard_list(status, &body)
    }

    /// `GET {api}/v1/databases/{id or name}`: the database, with its app and addon when the
    /// server gives them (then the addon id needs no other call).
    pub async fn get_database_detail(&self, id_or_name: &str) -> Result<DatabaseDetail, ApiError> {
        let (status, body) = self
            .answer(&requests::get_database(id_or_name), None)
            .await?;
        types::read_database_detail(status, &body)
    }

    /// `GET {api}/v1/apps/{database id}/addons`: the database's one addon, or `None` while it
    /// has none yet (still provisioning). More than one is [`ApiError::NotADatabase`].
    pub async fn list_addons(&self, database_id: &str) -> Result<Option<Addon>, ApiError> {
        let (status, body) = self
            .answer(&requests::list_addons(database_id), None)
            .await?;
        types::read_addons(status, &body)
    }

    /// `GET {dbaas}/api/databases/{addon id}`: the Database API record (status, version,
    /// instances and their roles, maintenance window, features, plan), or [`Dbaas::Pending`]
    /// early in provisioning (a 404, no status yet).
    pub async fn get_dbaas(&self, addon: &AddonRef) -> Result<Dbaas, ApiError> {
        let (status, body) = self
            .answer(&requests::get_dbaas(&addon.addon_id), Some(addon))
            .await?;
        types::read_dbaas(status, &body)
    }

    /// `GET {api}/v1/databases/{database id}/endpoints`.
    pub async fn list_endpoints(&self, database_id: &str) -> Result<Listed<Endpoint>, ApiError> {
        let (status, body) = self
            .answer(&requests::list_endpoints(database_id), None)
            .await?;
        types::read_endpoints(status, &body)
    }

    /// `GET {api}/v1/apps/{database id}/variables?aliases=false`: the value of
    /// `SCALINGO_POSTGRESQL_URL`, as a [`Secret`]. Ask for it only when the user does; never
    /// log it, never keep it longer than it is shown.
    pub async fn get_connection_uri(&self, database_id: &str) -> Result<Secret, ApiError> {
        let (status, body) = self
            .answer(&requests::get_variables(database_id), None)
            .await?;
        types::read_connection_uri(status, &body)
    }

    /// `GET {dbaas}/api/databases/{addon id}/firewall_rules`.
    pub async fn list_firewall_rules(
        &self,
        addon: &AddonRef,
    ) -> Result<Listed<FirewallRule>, ApiError> {
        let request = requests::list_firewall_rules(&addon.addon_id);
        let (status, body) = self.answer(&request, Some(addon)).await?;
        types::read_firewall_rules(status, &body)
    }

    /// `POST {dbaas}/api/databases/{addon id}/firewall_rules` with `{"firewall_rule": {...}}`:
    /// the rule added (`201 {"rule": ...}`), or `None` when the answer does not show it (it was
    /// added: read the list again). Changes take about 2 minutes to apply.
    ///
    /// Sent once, never retried: after a failure without an answer, read the list before
    /// trying again.
    pub async fn add_firewall_rule(
        &self,
        addon: &AddonRef,
        rule: &NewRule,
    ) -> Result<Option<FirewallRule>, ApiError> {
        let request = requests::add_firewall_rule(&addon.addon_id, rule);
        let (status, body) = self.answer(&request, Some(addon)).await?;
        types::read_firewall_rule(status, &body)
    }

    /// `DELETE {dbaas}/api/databases/{addon id}/firewall_rules/{rule id}` → 204.
    ///
    /// Sent once, never retried.
    pub async fn remove_firewall_rule(
        &self,
        addon: &AddonRef,
        rule_id: &str,
    ) -> Result<(), ApiError> {
        let request = requests::remove_firewall_rule(&addon.addon_id, rule_id);
        let (status, body) = self.answer(&request, Some(addon)).await?;
        types::read_no_content(status, &body)
    }

    /// `GET {dbaas}/api/firewall/managed_ranges`: the ranges Scalingo maintains (by name; never
    /// hard-code their ids). They belong to no database, but with an addon token (variant a)
    /// one is needed to ask: `via` is the database being looked at (unused otherwise).
    pub async fn list_managed_ranges(
        &self,
        via: &AddonRef,
    ) -> Result<Listed<ManagedRange>, ApiError> {
        let (status, body) = self
            .answer(&requests::list_managed_ranges(), Some(via))
            .await?;
        types::read_managed_ranges(status, &body)
    }

    /// `PATCH {api}/v1/apps/{database id}/addons/{addon id}` with `{"addon": {"plan_id": ...}}`:
    /// any 2xx is accepted, with the provider's message if any; the status then goes
    /// `updating` → `running` (poll it).
    ///
    /// Sent once, never retried.
    pub async fn change_plan(
        &self,
        database_id: &str,
        addon_id: &str,
        plan_id: &str,
    ) -> Result<PlanChangeAccepted, ApiError> {
        let request = requests::change_plan(database_id, addon_id, plan_id);
        let (status, body) = self.answer(&request, None).await?;
        types::read_plan_change(status, &body)
    }

    /// `POST {api}/v1/apps/{database id}/rename` with `{"current_name", "new_name"}`: the app
    /// renamed, or `None` when the answer does not show it. A name taken or invalid is a 422
    /// ([`ApiError::Validation`]). Read the endpoints and the connection string again after it.
    ///
    /// Sent once, never retried.
    pub async fn rename(
        &self,
        database_id: &str,
        current_name: &str,
        new_name: &str,
    ) -> Result<Option<App>, ApiError> {
        let request = requests::rename(database_id, current_name, new_name);
        let (status, body) = self.answer(&request, None).await?;
        types::read_app_change(status, &body)
    }

    /// `PATCH {api}/v1/apps/{database id}` with `{"app": {"project_id": ...}}`: the app moved,
    /// or `None` when the answer does not show it.
    ///
    /// Sent once, never retried.
    pub async fn move_to_project(
        &self,
        database_id: &str,
        project_id: &str,
    ) -> Result<Option<App>, ApiError> {
        let request = requests::move_to_project(database_id, project_id);
        let (status, body) = self.answer(&request, None).await?;
        types::read_app_change(status, &body)
    }

    /// `DELETE {api}/v1/apps/{database id}?current_name={name}` → 204: the database, its data
    /// and its backups are gone for good.
    ///
    /// Sent once, never retried: after a failure without an answer, read the database again
    /// (a 404 means it was deleted).
    pub async fn delete(&self, database_id: &str, current_name: &str) -> Result<(), ApiError> {
        let request = requests::delete(database_id, current_name);
        let (status, body) = self.answer(&request, None).await?;
        types::read_no_content(status, &body)
    }

    /// `GET {auth}/v1/regions`: the regions this account may use. When it fails, use
    /// `config.json`'s list. (The demo has none: it answers 404.)
    pub async fn list_regions(&self) -> Result<Listed<Region>, ApiError> {
        let (status, body) = self.answer(&requests::list_regions(), None).await?;
        types::read_regions(status, &body)
    }
}

thread_local! {
    static ADDON_TOKENS: RefCell<AddonTokens> = RefCell::new(AddonTokens::default());
}

/// Forgets every addon token this tab holds (for a sign-out; they are keyed by the user's
/// token anyway, so another session never uses them).
pub fn forget_addon_tokens() {
    ADDON_TOKENS.with(|tokens| tokens.borrow_mut().clear());
}

fn now_ms() -> u64 {
    js_sys::Date::now() as u64
}

/// The user's own token, which addon tokens are kept under.
fn owner(credentials: &Credentials) -> Secret {
    match credentials {
        Credentials::ApiToken { token, .. } => Secret::new(token.expose()),
        Credentials::Bearer(bearer) => Secret::new(bearer.token.expose()),
    }
}

/// A Database API request with the addon's token (variant a): the kept one, else a new one;
/// after a 401 with a kept one, once more with a new one (refused, so nothing was done).
pub(super) async fn with_addon_token(
    http: &Http,
    database_api: &str,
    path: &str,
    request: &Outgoing,
    addon: &AddonRef,
) -> Result<(u16, String), ApiError> {
    let key = Key {
        owner: owner(&http.credentials),
        base: database_api.to_string(),
        addon_id: addon.addon_id.clone(),
    };
    let kept = ADDON_TOKENS.with(|tokens| tokens.borrow().get(&key, now_ms()));
    let (token, fresh) = match kept {
        Some(token) => (token, false),
        None => (new_addon_token(http, addon, &key, request).await?, true),
    };
    let answer = send(database_api, path, Auth::Bearer(&token), request).await?;
    if answer.0 == 401 && !fresh {
        ADDON_TOKENS.with(|tokens| tokens.borrow_mut().forget(&key));
        let token = new_addon_token(http, addon, &key, request).await?;
        return send(database_api, path, Auth::Bearer(&token), request).await;
    }
    Ok(answer)
}

/// `POST {api}/v1/apps/{database id}/addons/{addon id}/token` with the user's bearer (and the
/// priority of the request it is for); the token is kept for the next requests.
async fn new_addon_token(
    http: &Http,
    addon: &AddonRef,
    key: &Key,
    for_request: &Outgoing,
) -> Result<Token, ApiError> {
    let asked = requests::addon_token(&addon.database_id, &addon.addon_id);
    let request = Outgoing {
        verb: asked.verb,
        body: None,
        ..for_request.clone()
    };
    let (status, body) =
        authenticated(&http.base, &http.credentials, &asked.path, &request).await?;
    let token = Token::new(types::read_addon_token(status, &body)?.expose());
    ADDON_TOKENS.with(|tokens| {
        tokens
            .borrow_mut()
            .put(key.clone(), token.clone(), now_ms())
    });
    Ok(token)
}

/// Every call of §11 as the console builds it, answered by `model::reply::dispatch` (what devapi
/// and the demo answer), read by the console's readers: the two sides agree, without a browser.
#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::requests::{Host, Request};
    use crate::rules::secrets;
    use crate::rules::Status;
    use model::lifecycle::{AddonStatus, DbaasStatus, RuleKind};
    use model::{seed, Store, StoreOptions};

    /// 2026-03-01T00:00:00Z, after the examples were created.
    const NOW: u64 = 1_772_323_200_000;

    fn answer(store: &mut Store, request: &Request, now_ms: u64) -> (u16, String) {
        let reply = model::reply::dispatch(
            store,
            request.verb.as_str(),
            &request.path,
            request.body.as_deref().unwrap_or_default().as_bytes(),
            now_ms,
        );
        (reply.status, reply.body)
    }

    fn read<T>(
        store: &mut Store,
        request: Request,
        reader: fn(u16, &str) -> Result<T, ApiError>,
    ) -> Result<T, ApiError> {
        let (status, body) = answer(store, &request, NOW);
        reader(status, &body)
    }

    #[test]
    fn a_running_database_from_the_list_to_its_firewall() {
        let mut store = Store::seeded();
        let list = read(
            &mut store,
            requests::list_databases_dashboard(),
            types::read_dashboard_list,
        )
        .unwrap();
        assert_eq!((list.items.len(), list.skipped), (2, 0));
        let backup = &list.items[1];
        assert_eq!(backup.database.name, "backup-db");
        assert_eq!(backup.status, Status::Running);
        assert_eq!(backup.region.as_deref(), Some(seed::DEFAULT_REGION));
        assert_eq!(backup.plan_display_name.as_deref(), Some("Business 4G"));
        let addon = backup.addon_ref().unwrap();
        assert_eq!(addon.addon_id, seed::EXAMPLE_ADDON_IDS[1]);

        let detail = read(
            &mut store,
            requests::get_database("backup-db"),
            types::read_database_detail,
        )
        .unwrap();
        assert_eq!(detail.addon_ref(), Some(addon.clone()));
        let found = read(
            &mut store,
            requests::list_addons(&addon.database_id),
            types::read_addons,
        )
        .unwrap()
        .unwrap();
        assert_eq!(found.id, addon.addon_id);

        let Dbaas::Ready(record) = read(
            &mut store,
            requests::get_dbaas(&addon.addon_id),
            types::read_dbaas,
        )
        .unwrap() else {
            panic!("pending")
        };
        assert_eq!(record.status, DbaasStatus::Running);
        assert_eq!(record.readable_version, seed::READABLE_VERSION);
        assert!(record
            .instances
            .iter()
            .any(|i| i.role.as_deref() == Some("leader")));

        let endpoints = read(
            &mut store,
            requests::list_endpoints(&addon.database_id),
            types::read_endpoints,
        )
        .unwrap();
        assert!(endpoints.items.iter().any(|e| e.kind == "public-rw"));
        let uri = read(
            &mut store,
            requests::get_variables(&addon.database_id),
            types::read_connection_uri,
        )
        .unwrap();
        let masked = secrets::masked(&uri).unwrap();
        assert!(masked.contains(secrets::MASK), "{masked}");
        let password = secrets::ConnectionUri::parse(uri.expose())
            .unwrap()
            .password()
            .unwrap();
        assert!(!masked.contains(password.expose()));

        let ranges = read(
            &mut store,
            requests::list_managed_ranges(),
            types::read_managed_ranges,
        )
        .unwrap();
        let office = NewRule::Custom {
            cidr: "203.0.113.0/24".into(),
            label: Some("Office network".into()),
        };
        let managed = NewRule::Managed {
            range_id: ranges.items[0].id.clone(),
        };
        for rule in [office, managed] {
            let added = read(
                &mut store,
                requests::add_firewall_rule(&addon.addon_id, &rule),
                types::read_firewall_rule,
            )
            .unwrap();
            assert!(added.is_some());
        }
        let rules = read(
            &mut store,
            requests::list_firewall_rules(&addon.addon_id),
            types::read_firewall_rules,
        )
        .unwrap();
        assert_eq!(rules.items.len(), 2);
        assert_eq!(rules.items[0].label.as_deref(), Some("Office network"));
        assert_eq!(rules.items[1].kind, RuleKind::ManagedRange);
        let first = rules.items[0].id.clone();
        read(
            &mut store,
            requests::remove_firewall_rule(&addon.addon_id, &first),
            types::read_no_content,
        )
        .unwrap();
        let rules = read(
            &mut store,
            requests::list_firewall_rules(&addon.addon_id),
            types::read_firewall_rules,
        )
        .unwrap();
        assert_eq!(rules.items.len(), 1);
        let refused = read(
            &mut store,
            requests::add_firewall_rule(
                &addon.addon_id,
                &NewRule::Custom {
                    cidr: "300.1.2.3/8".into(),
                    label: None,
                },
            ),
            types::read_firewall_rule,
        );
        assert!(
            matches!(refused, Err(ApiError::Validation(_))),
            "{refused:?}"
        );
    }

    #[test]
    fn plan_change_rename_move_and_delete() {
        let mut store = Store::seeded();
        let db = store.get("my-postgres-db").unwrap().id.clone();
        let addon = seed::EXAMPLE_ADDON_IDS[0];
        let accepted = read(
            &mut store,
            requests::change_plan(&db, addon, "postgresql-dr-business-4096"),
            types::read_plan_change,
        )
        .unwrap();
        assert!(accepted.message.unwrap().contains("Business 4G"));
        assert_eq!(
            accepted.addon.unwrap().plan.name,
            "postgresql-dr-business-4096"
        );
        let Dbaas::Ready(record) =
            read(&mut store, requests::get_dbaas(addon), types::read_dbaas).unwrap()
        else {
            panic!("pending")
        };
        assert_eq!(
            Status::derive(Some(record.status), Some(AddonStatus::Running)),
            Status::Updating
        );

        let renamed = read(
            &mut store,
            requests::rename(&db, "my-postgres-db", "renamed-db"),
            types::read_app_change,
        )
        .unwrap()
        .unwrap();
        assert_eq!(renamed.name, "renamed-db");
        let taken = read(
            &mut store,
            requests::rename(&db, "renamed-db", "backup-db"),
            types::read_app_change,
        );
        assert!(matches!(taken, Err(ApiError::Validation(_))), "{taken:?}");

        let moved = read(
            &mut store,
            requests::move_to_project(&db, seed::OTHER_PROJECT_ID),
            types::read_app_change,
        )
        .unwrap()
        .unwrap();
        assert_eq!(moved.project.id, seed::OTHER_PROJECT_ID);

        let wrong = read(
            &mut store,
            requests::delete(&db, "not-its-name"),
            types::read_no_content,
        );
        assert!(wrong.is_err());
        read(
            &mut store,
            requests::delete(&db, "renamed-db"),
            types::read_no_content,
        )
        .unwrap();
        assert!(matches!(
            read(
                &mut store,
                requests::get_database(&db),
                types::read_database_detail
            ),
            Err(ApiError::NotFound(_))
        ));
    }

    #[test]
    fn a_new_database_is_provisioning_then_running() {
        let mut store = Store::seeded();
        let create = Request {
            host: Host::Api,
            verb: requests::Verb::Post,
            path: "/v1/databases".into(),
            body: Some(
                r#"{"database":{"name":"fresh-db","technology":"postgresql-dr","plan":"postgresql-dr-starter-4096"}}"#
                    .into(),
            ),
        };
        assert_eq!(answer(&mut store, &create, NOW).0, 201);
        let at = |store: &mut Store, ms: u64| {
            let (status, body) = answer(store, &requests::get_database("fresh-db"), NOW + ms);
            types::read_database_detail(status, &body).unwrap()
        };
        // At first: an app, no addon (the addons list is empty), no record.
        let early = at(&mut store, 0);
        assert_eq!(early.status, Status::Provisioning);
        assert_eq!(early.addon_ref(), None);
        let (status, body) = answer(&mut store, &requests::list_addons("fresh-db"), NOW);
        assert_eq!(types::read_addons(status, &body), Ok(None));
        let addon_id = store.addon_id("fresh-db").unwrap().to_string();
        let (status, body) = answer(&mut store, &requests::get_dbaas(&addon_id), NOW);
        assert_eq!(types::read_dbaas(status, &body), Ok(Dbaas::Pending));
        // Then the addon is provisioning, the record creating; then both running.
        let timings = store.timings();
        let middle = at(&mut store, timings.provision_ms / 2);
        assert_eq!(middle.status, Status::Provisioning);
        let (status, body) = answer(
            &mut store,
            &requests::get_dbaas(&addon_id),
            NOW + timings.provision_ms / 2,
        );
        assert_eq!(
            types::read_dbaas(status, &body).unwrap().status(),
            Some(DbaasStatus::Creating)
        );
        assert_eq!(at(&mut store, timings.provision_ms).status, Status::Running);
    }

    #[test]
    fn minimal_answers_are_read_too() {
        let mut store = Store::with_options(&StoreOptions {
            minimal_answers: true,
            ..StoreOptions::default()
        });
        let list = read(
            &mut store,
            requests::list_databases_dashboard(),
            types::read_dashboard_list,
        )
        .unwrap();
        assert_eq!(list.items.len(), 2);
        assert!(list
            .items
            .iter()
            .all(|item| item.status == Status::Unknown && item.addon.is_none()));
        let detail = read(
            &mut store,
            requests::get_database("backup-db"),
            types::read_database_detail,
        )
        .unwrap();
        assert_eq!(detail.app, None);
        // The addon then comes from the addons list, and the status from the record.
        let addon = read(
            &mut store,
            requests::list_addons(&detail.database.id),
            types::read_addons,
        )
        .unwrap()
        .unwrap();
        let record = read(
            &mut store,
            requests::get_dbaas(&addon.id),
            types::read_dbaas,
        )
        .unwrap();
        assert_eq!(
            Status::derive(record.status(), Some(addon.status)),
            Status::Running
        );
        let accepted = read(
            &mut store,
            requests::change_plan(
                &detail.database.id,
                &addon.id,
                "postgresql-dr-business-8192",
            ),
            types::read_plan_change,
        )
        .unwrap();
        assert!(accepted.message.is_some());
        assert_eq!(accepted.addon, None);
    }

    #[test]
    fn the_addon_token_is_read_and_kept() {
        let mut store = Store::seeded();
        let db = store.get("backup-db").unwrap().id.clone();
        let addon = seed::EXAMPLE_ADDON_IDS[1];
        let token = read(
            &mut store,
            requests::addon_token(&db, addon),
            types::read_addon_token,
        )
        .unwrap();
        assert!(store.addon_token_allows(token.expose(), Some(addon), NOW));
        let mut kept = AddonTokens::default();
        let key = Key {
            owner: Secret::new("tk-us-x"),
            base: "https://db-api.example.test".into(),
            addon_id: addon.into(),
        };
        kept.put(key.clone(), Token::new(token.expose()), NOW);
        assert_eq!(kept.get(&key, NOW).unwrap().expose(), token.expose());
    }
}
