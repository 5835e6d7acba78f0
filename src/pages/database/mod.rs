//! `/databases/{id or name}` and its tabs: **Overview** (this folder's [`overview`]),
//! **Connect**, **Firewall** and **Settings**, each a route of its own under the layout here,
//! which loads what every tab needs once — the database, its addon and its Database API record —
//! provides it as [`DatabaseContext`], and follows the database while it changes
//! ([`tracker`]).
//!
//! A tab may import this module and the rules beside it ([`plan_choice`]); this module does not
//! import the tabs.

pub mod connect;
mod copy_as_menu;
pub mod firewall;
pub mod firewall_forms;
pub mod overview;
pub mod plan_choice;
pub mod settings;
pub mod settings_forms;
mod tracker;

use leptos::prelude::*;
use leptos_router::components::{Outlet, A};
use leptos_router::hooks::use_params_map;
use model::Database;

use crate::api::types::{AddonRef, Dbaas, ListedDatabase};
use crate::api::{ApiError, Client};
use crate::components::page::{use_page, PageOptions};
use crate::components::status::{ErrorNotice, Loading};
use crate::paths::{self, DatabaseTab};
use crate::rules::Status;
use crate::session::Connection;
use crate::state::kept::KeptRead;
use crate::state::{use_session, SessionState};

/// What the layout loaded: the database with its app and addon, and its Database API record.
#[derive(Clone, Debug, PartialEq)]
pub struct Loaded {
    /// The region it is in (the session's region name).
    pub region: String,
    /// The database, its app and its addon (from the answer, or `GET /v1/apps/{id}/addons`).
    pub listed: ListedDatabase,
    /// The record, or [`Dbaas::Pending`] while there is none (early in provisioning).
    pub dbaas: Dbaas,
}

impl Loaded {
    pub fn database(&self) -> &Database {
        &self.listed.database
    }

    /// The database and its addon, once the addon exists.
    pub fn addon_ref(&self) -> Option<AddonRef> {
        self.listed.addon_ref()
    }

    /// What the status reads as: the Database API's when there is a record, else the addon's.
    pub fn status(&self) -> Status {
        self.listed.status_with(&self.dbaas)
    }
}

/// Everything a tab needs, loaded once by the layout. `Copy`, like the signals it holds.
#[derive(Clone, Copy)]
pub struct DatabaseContext {
    state: SessionState,
    /// The id or name in the URL.
    pub key: Memo<String>,
    /// The region in the URL (`?region=`), if any.
    pub region_asked: Memo<Option<String>>,
    /// The regions a database by this key is in, when it is in several and the URL did not say
    /// which.
    ambiguous: RwSignal<Vec<String>>,
    read: KeptRead<Loaded>,
    /// When the layout opened (ms since the epoch): the start of a transition seen here.
    pub opened_at_ms: f64,
}

impl DatabaseContext {
    /// What was loaded (tracked).
    pub fn loaded(&self) -> Option<Loaded> {
        self.read.good().map(|good| good.value)
    }

    /// Reads what was loaded without cloning it (tracked).
    pub fn with<R>(&self, read: impl FnOnce(&Loaded) -> R) -> Option<R> {
        self.read.with_good(|good| good.map(|g| read(&g.value)))
    }

    /// The database (tracked).
    pub fn database(&self) -> Option<Database> {
        self.with(|loaded| loaded.database().clone())
    }

    /// The database's name, or the key of the URL until it is known (tracked).
    pub fn name(&self) -> String {
        self.with(|loaded| loaded.database().name.clone())
            .unwrap_or_else(|| self.key.get())
    }

    /// The region the database is in, once loaded (tracked).
    pub fn region(&self) -> Option<String> {
        self.with(|loaded| loaded.region.clone())
    }

    /// The client of the database's region, for the tabs' own calls (untracked: for handlers
    /// and actions).
    pub fn client(&self) -> Result<Client, ApiError> {
        match self
            .read
            .with_good_untracked(|g| g.map(|g| g.value.region.clone()))
        {
            Some(region) => self.state.client_in_untracked(&region),
            None => Err(ApiError::NotFound("the database is not loaded yet".into())),
        }
    }

    /// What the status reads as now (tracked); `Unknown` until loaded.
    pub fn status(&self) -> Status {
        self.with(Loaded::status).unwrap_or(Status::Unknown)
    }

    /// Whether a read is under way (tracked).
    pub fn pending(&self) -> bool {
        self.read.pending()
    }

    /// Reads everything again (after a change made here, or **Retry**): in the region known or
    /// asked for, else in every region of the session.
    pub fn reload(&self) {
        let state = self.state;
        let key = self.key.get_untracked();
        let known = self
            .read
            .with_good_untracked(|g| g.map(|g| g.value.region.clone()))
            .or_else(|| self.region_asked.get_untracked());
        let regions: Vec<String> = match known {
            Some(region) => vec![region],
            None => state
                .regions_untracked()
                .into_iter()
                .map(|r| r.name)
                .collect(),
        };
        let ambiguous = self.ambiguous;
        self.read.load(async move {
            match locate(state, key, regions).await? {
                Located::One(loaded) => {
                    ambiguous.try_set(Vec::new());
                    Ok(*loaded)
                }
                Located::Several(regions) => {
                    ambiguous.try_set(regions);
                    Err(ApiError::Conflict(AMBIGUOUS.into()))
                }
            }
        });
    }

    /// One poll: the Database API record again (the addon first while there is none), at the
    /// polls' priority. Without anything loaded, everything is read again.
    fn poll(&self) {
        let Some(loaded) = self.read.good().map(|good| good.value) else {
            self.reload();
            return;
        };
        // Not retried: the next poll is the retry (and a retry notice for a background read
        // would only be noise).
        let client = self
            .state
            .client_in_untracked(&loaded.region)
            .map(|client| client.polling());
        self.read.poll(self.state.call(
            client,
            move |client| async move { poll(client, loaded).await },
        ));
    }

    /// The session state, for the tabs' own calls.
    pub fn session(&self) -> SessionState {
        self.state
    }

    /// The link to one of this database's tabs, by its name, in its region when the session
    /// has several (tracked).
    pub fn tab_href(&self, tab: DatabaseTab) -> String {
        let region = self
            .state
            .several_regions()
            .then(|| self.region())
            .flatten();
        paths::href(&paths::database_in(&self.name(), region.as_deref(), tab))
    }
}

/// The context the layout provides to its tabs.
pub fn use_database() -> DatabaseContext {
    expect_context::<DatabaseContext>()
}

/// What the layout shows when a bare name is in several regions and the URL did not say which
/// (its error is not shown: the page asks which one instead).
const AMBIGUOUS: &str = "a database by this name is in several regions";

/// Where a database is.
enum Located {
    One(Box<Loaded>),
    /// In these regions at once.
    Several(Vec<String>),
}

/// Finds the database and loads it. In one region (the URL's, or the session's only one), it
/// is read there. Otherwise the regions that hold a database by this id or name are found
/// first — from the list this tab read last, else from every region's list, read at once — so
/// that no region is asked for a database it does not have (a 404 per region): in one, it is
/// loaded; in several, the page asks which; in none, it is not found.
async fn locate(
    state: SessionState,
    key: String,
    regions: Vec<String>,
) -> Result<Located, ApiError> {
    let region = match regions.as_slice() {
        [only] => only.clone(),
        _ => {
            let holding = find_regions(state, &key, &regions).await?;
            match holding.as_slice() {
                [] => return Err(ApiError::NotFound(model::reply::DATABASE_NOT_FOUND.into())),
                [one] => one.clone(),
                _ => return Ok(Located::Several(holding)),
            }
        }
    };
    let client = state.client_in_untracked(&region);
    let loaded = state
        .read(client, move |client| {
            let key = key.clone();
            let region = region.clone();
            async move { load(client, key, region).await }
        })
        .await?;
    Ok(Located::One(Box::new(loaded)))
}

/// The regions, of `regions` and in their order, whose rows hold a database by this id or name.
pub fn regions_holding(key: &str, regions: &[String], rows: &[ListedDatabase]) -> Vec<String> {
    regions
        .iter()
        .filter(|region| {
            rows.iter().any(|row| {
                row.region.as_deref() == Some(region.as_str())
                    && (row.database.id == key || row.database.name == key)
            })
        })
        .cloned()
        .collect()
}

async fn find_regions(
    state: SessionState,
    key: &str,
    regions: &[String],
) -> Result<Vec<String>, ApiError> {
    // Only a list that holds every region says where a name is (and is not).
    if let Some(kept) = state.kept_list_complete() {
        let holding = regions_holding(key, regions, &kept.value);
        if !holding.is_empty() {
            return Ok(holding);
        }
    }
    let reads = regions.iter().map(|region| {
        let client = state.client_in_untracked(region);
        let region = region.clone();
        async move {
            let read = state
                .read(client, |client| async move {
                    client.list_databases_dashboard().await
                })
                .await;
            (region, read)
        }
    });
    let mut rows = Vec::new();
    let mut failure = None;
    for (region, read) in futures::future::join_all(reads).await {
        match read {
            Ok(listed) => rows.extend(crate::pages::databases::reads::stamped(
                &region,
                listed.items,
            )),
            Err(error) => failure = failure.or(Some(error)),
        }
    }
    let holding = regions_holding(key, regions, &rows);
    match (holding.is_empty(), failure) {
        // Not where it could be read, and a region could not be read: that is the answer.
        (true, Some(error)) => Err(error),
        _ => Ok(holding),
    }
}

/// Everything, from nothing, in one region: the database (with its app and addon when the
/// answer has them), the addon when it did not, and the Database API record once there is an
/// addon.
async fn load(client: Client, key: String, region: String) -> Result<Loaded, ApiError> {
    let mut listed = client.get_database_detail(&key).await?;
    listed.region = Some(region.clone());
    if listed.addon.is_none() {
        if let Some(addon) = client.list_addons(&listed.database.id).await? {
            listed.status = Status::derive(None, Some(addon.status));
            listed.addon = Some(std::sync::Arc::new(addon));
        }
    }
    let dbaas = match listed.addon_ref() {
        Some(addon) => client.get_dbaas(&addon).await?,
        None => Dbaas::Pending,
    };
    Ok(Loaded {
        region,
        listed,
        dbaas,
    })
}

/// A poll: one read — the Database API record, or the addon while there is none.
async fn poll(client: Client, mut loaded: Loaded) -> Result<Loaded, ApiError> {
    match loaded.addon_ref() {
        Some(addon) => loaded.dbaas = client.get_dbaas(&addon).await?,
        None => {
            if let Some(addon) = client.list_addons(&loaded.listed.database.id).await? {
                loaded.listed.status = Status::derive(None, Some(addon.status));
                loaded.listed.addon = Some(std::sync::Arc::new(addon));
            }
        }
    }
    Ok(loaded)
}

/// What the layout shows, coarsely: it changes only when the database appears or goes, so the
/// tab below is not drawn again on every poll.
#[derive(Clone, Debug, PartialEq)]
enum Phase {
    Loading,
    Ready,
    /// The API's 404, as a page of its own.
    NotFound,
    /// Just created in this tab, and not visible to the API yet: still being provisioned.
    NotYetVisible,
    /// A bare name in several regions: which one?
    Ambiguous(Vec<String>),
    Failed(String),
}

/// `/databases/{id or name}/…`: the layout of every tab. It loads the database once, says its
/// status and what is happening to it, and shows the tab the URL asks for below its links.
#[component]
pub fn DatabaseLayout() -> impl IntoView {
    let state = use_session();
    let params = use_params_map();
    let query = leptos_router::hooks::use_query_map();
    let key = Memo::new(move |_| params.with(|p| p.get("database").unwrap_or_default()));
    let region_asked =
        Memo::new(move |_| query.with(|q| q.get("region")).filter(|r| !r.is_empty()));
    let context = DatabaseContext {
        state,
        key,
        region_asked,
        ambiguous: RwSignal::new(Vec::new()),
        read: KeptRead::new(None),
        opened_at_ms: js_sys::Date::now(),
    };
    provide_context(context);
    // Loaded again when the session changes (a new token: what is shown and typed stays), its
    // regions do, or the database in the URL does (then what was shown goes: it was another
    // database's).
    let region_names = Memo::new(move |_| {
        state
            .regions()
            .into_iter()
            .map(|r| r.name)
            .collect::<Vec<_>>()
    });
    let shown_for = StoredValue::new(None::<(String, Option<String>)>);
    Effect::new(move |_| {
        let _ = state.client();
        region_names.track();
        let wanted = (key.get(), region_asked.get());
        if shown_for.get_value().is_some_and(|shown| shown != wanted) {
            context.read.forget();
        }
        shown_for.set_value(Some(wanted));
        context.reload();
    });
    let phase = Memo::new(move |_| {
        // A 404 after it was shown: it is gone (deleted elsewhere, the demo reset), not out of
        // date; what was shown would mislead.
        let gone = context.read.failed().is_some_and(|failed| {
            matches!(failed.value, ApiError::NotFound(_)) && !state.created_recently(&key.get())
        });
        if context.read.has_good() && !gone {
            return Phase::Ready;
        }
        let ambiguous = context.ambiguous.get();
        if !ambiguous.is_empty() {
            return Phase::Ambiguous(ambiguous);
        }
        match context.read.failed() {
            None => Phase::Loading,
            Some(failed) => match failed.value {
                ApiError::NotFound(_) if state.created_recently(&key.get()) => Phase::NotYetVisible,
                ApiError::NotFound(_) => Phase::NotFound,
                other => Phase::Failed(other.to_string()),
            },
        }
    });
    tracker::follow(
        context,
        Signal::derive(move || phase.get() == Phase::NotYetVisible),
    );

    view! {
        <nav aria-label="Breadcrumb" class="breadcrumb">
            <A href=paths::href(paths::DATABASES)>"Databases"</A>
        </nav>
        {move || match phase.get() {
            Phase::Loading => view! { <Loading label="Loading the database…" /> }.into_any(),
            Phase::Ready => view! {
                <DatabaseHeader />
                <tracker::Tracker />
                <StaleNotice />
                <Outlet />
            }
            .into_any(),
            Phase::NotFound => view! { <DatabaseNotFound asked=key.get_untracked() /> }.into_any(),
            Phase::NotYetVisible => view! { <NotYetVisible /> }.into_any(),
            Phase::Ambiguous(regions) => view! { <WhichRegion regions=regions /> }.into_any(),
            Phase::Failed(message) => view! { <LoadFailed message=message /> }.into_any(),
        }}
    }
}

/// The database's name, its status in words and a sign, and the links to its tabs.
#[component]
fn DatabaseHeader() -> impl IntoView {
    let db = use_database();
    let status = Memo::new(move |_| db.status());
    view! {
        <div class="page-header">
            <div class="page-header__title">
                <h1>{move || db.name()}</h1>
                <StatusBadge status=status />
            </div>
            <copy_as_menu::CopyAsMenu />
        </div>
        <nav aria-label="Database" class="tabs">
            {DatabaseTab::ALL
                .into_iter()
                .map(|tab| view! {
                    <A href=move || db.tab_href(tab) exact=true attr:class="tabs__link">
                        {tab.label()}
                    </A>
                })
                .collect_view()}
        </nav>
    }
}

/// A status as text with its sign (never colour alone), for the header and the list.
#[component]
pub fn StatusBadge(#[prop(into)] status: Signal<Status>) -> impl IntoView {
    view! {
        <span class=move || format!("status status--{}", status.get().slug())>
            <span class="status__icon" aria-hidden="true">{move || status.get().icon().to_string()}</span>
            " "
            <span class="status__label">{move || status.get().label()}</span>
        </span>
    }
}

/// Above the tab when reading the database again failed: what is shown may be out of date.
#[component]
fn StaleNotice() -> impl IntoView {
    let db = use_database();
    let state = use_session();
    move || {
        let failed = db.read.failed()?;
        if db.pending() || state.retry_notice().is_some() {
            return None;
        }
        let retry = Callback::new(move |()| db.reload());
        Some(view! {
            <ErrorNotice
                title="Could not read the database again"
                messages=vec![
                    failed.value.to_string(),
                    "What is shown may be out of date.".to_string(),
                ]
                retry=retry
            />
        })
    }
}

/// Right after a create in this tab, before the API lists the new database: it is on its way.
#[component]
fn NotYetVisible() -> impl IntoView {
    let db = use_database();
    use_page(PageOptions {
        title: Signal::derive(move || db.key.get()),
        ready: Signal::stored(true),
        pages: None,
    });
    view! {
        <div class="page-header">
            <div class="page-header__title">
                <h1>{move || db.key.get()}</h1>
                <StatusBadge status=Status::Provisioning />
            </div>
        </div>
        <p class="notice" role="status">
            "This database was just created and is being provisioned: the API does not show it "
            "yet. This page follows it and will show it as soon as it does."
        </p>
    }
}

/// A bare name found in several regions: the page asks which one, with a link to each.
#[component]
fn WhichRegion(regions: Vec<String>) -> impl IntoView {
    let db = use_database();
    use_page(PageOptions {
        title: Signal::derive(move || format!("Which {}?", db.key.get())),
        ready: Signal::stored(true),
        pages: None,
    });
    let labels = db.state.regions_untracked();
    view! {
        <div class="page-header">
            <h1>{move || db.key.get()}</h1>
        </div>
        <p>
            "There is a database named “" <strong>{move || db.key.get()}</strong>
            "” in several regions (names are unique in a region only). Which one?"
        </p>
        <ul class="choices">
            {regions
                .into_iter()
                .map(|region| {
                    let label = labels
                        .iter()
                        .find(|r| r.name == region)
                        .map_or_else(|| region.clone(), |r| r.label.clone());
                    let href = paths::href(&paths::database_in(
                        &db.key.get_untracked(),
                        Some(&region),
                        DatabaseTab::Overview,
                    ));
                    view! { <li><A href=href>{format!("{} in {label}", db.key.get_untracked())}</A></li> }
                })
                .collect_view()}
        </ul>
    }
}

#[component]
fn LoadFailed(message: String) -> impl IntoView {
    let db = use_database();
    use_page(PageOptions {
        title: Signal::derive(move || db.key.get()),
        ready: Signal::stored(true),
        pages: None,
    });
    view! {
        <div class="page-header">
            <h1>{move || db.key.get()}</h1>
        </div>
        <ErrorNotice
            title="Could not load the database"
            messages=vec![message]
            retry=Callback::new(move |()| db.reload())
        />
    }
}

/// The API's 404 for a database, as a page of its own.
#[component]
fn DatabaseNotFound(asked: String) -> impl IntoView {
    use_page(PageOptions {
        title: Signal::stored("Database not found".to_string()),
        ready: Signal::stored(true),
        pages: None,
    });
    let in_demo = use_session().get().map(|s| s.connection) == Some(Connection::Demo);
    let whose = if in_demo {
        "” in the demo."
    } else {
        "” that this token can see."
    };
    view! {
        <div class="page-header">
            <h1>"Database not found"</h1>
        </div>
        <p>"There is no database with the ID or name “" <strong>{asked}</strong> {whose}</p>
        <p>
            <A href=paths::href(paths::DATABASES)>"Back to the databases"</A>
        </p>
    }
}

/// What each tab does on arrival: its title ("Connect · my-db"), and once the database is
/// drawn, the page's manners ([`use_page`]).
pub fn use_tab(tab: DatabaseTab) {
    let db = use_database();
    use_page(PageOptions {
        title: Signal::derive(move || match tab {
            DatabaseTab::Overview => db.name(),
            other => format!("{} · {}", other.label(), db.name()),
        }),
        ready: Signal::derive(move || db.read.has_good()),
        pages: None,
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(region: &str, id: &str, name: &str) -> ListedDatabase {
        ListedDatabase {
            database: Database {
                id: id.into(),
                name: name.into(),
                project_id: String::new(),
                technology: String::new(),
                plan: String::new(),
            },
            app: None,
            addon: None,
            status: Status::Running,
            region: Some(region.into()),
            plan_display_name: None,
        }
    }

    #[test]
    fn a_bare_name_is_found_in_every_region_that_has_it() {
        let regions = ["osc-fr1".to_string(), "osc-secnum-fr1".to_string()];
        let rows = [
            row("osc-secnum-fr1", "b1", "shared-db"),
            row("osc-fr1", "a1", "shared-db"),
            row("osc-fr1", "a2", "only-here"),
        ];
        assert_eq!(regions_holding("shared-db", &regions, &rows), regions);
        assert_eq!(regions_holding("only-here", &regions, &rows), ["osc-fr1"]);
        // Ids are looked up everywhere too.
        assert_eq!(regions_holding("b1", &regions, &rows), ["osc-secnum-fr1"]);
        assert!(regions_holding("nowhere", &regions, &rows).is_empty());
        // A region not of the session is not one to go to.
        assert!(regions_holding("b1", &regions[..1], &rows).is_empty());
    }
}
