//! `/databases/{id or name}` and its tabs: **Overview** (this folder's [`overview`]),
//! **Connect**, **Firewall** and **Settings**, each a route of its own under the layout here,
//! which loads what every tab needs once — the database, its addon and its Database API record —
//! provides it as [`DatabaseContext`], and follows the database while it changes
//! ([`tracker`]).
//!
//! A tab may import this module and the rules beside it ([`plan_choice`]); this module does not
//! import the tabs.

pub mod connect;
pub mod firewall;
pub mod overview;
pub mod plan_choice;
pub mod settings;
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

    /// What the status reads as now (tracked); `Unknown` until loaded.
    pub fn status(&self) -> Status {
        self.with(Loaded::status).unwrap_or(Status::Unknown)
    }

    /// Whether a read is under way (tracked).
    pub fn pending(&self) -> bool {
        self.read.pending()
    }

    /// Reads everything again (after a change made here, or **Retry**).
    pub fn reload(&self) {
        let client = self.state.client_untracked();
        let key = self.key.get_untracked();
        self.read.load(self.state.read(client, move |client| {
            let key = key.clone();
            async move { load(client, key).await }
        }));
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
        let client = self.state.client_untracked().map(|client| client.polling());
        self.read.poll(self.state.call(
            client,
            move |client| async move { poll(client, loaded).await },
        ));
    }

    /// The session state, for the tabs' own calls.
    pub fn session(&self) -> SessionState {
        self.state
    }

    /// The link to one of this database's tabs, by its name (tracked).
    pub fn tab_href(&self, tab: DatabaseTab) -> String {
        paths::href(&paths::database_tab(&self.name(), tab))
    }
}

/// The context the layout provides to its tabs.
pub fn use_database() -> DatabaseContext {
    expect_context::<DatabaseContext>()
}

/// Everything, from nothing: the database (with its app and addon when the answer has them),
/// the addon when it did not, and the Database API record once there is an addon.
async fn load(client: Client, key: String) -> Result<Loaded, ApiError> {
    let mut listed = client.get_database_detail(&key).await?;
    if listed.addon.is_none() {
        if let Some(addon) = client.list_addons(&listed.database.id).await? {
            listed.status = Status::derive(None, Some(addon.status));
            listed.addon = Some(addon);
        }
    }
    let dbaas = match listed.addon_ref() {
        Some(addon) => client.get_dbaas(&addon).await?,
        None => Dbaas::Pending,
    };
    Ok(Loaded { listed, dbaas })
}

/// A poll: one read — the Database API record, or the addon while there is none.
async fn poll(client: Client, mut loaded: Loaded) -> Result<Loaded, ApiError> {
    match loaded.addon_ref() {
        Some(addon) => loaded.dbaas = client.get_dbaas(&addon).await?,
        None => {
            if let Some(addon) = client.list_addons(&loaded.listed.database.id).await? {
                loaded.listed.status = Status::derive(None, Some(addon.status));
                loaded.listed.addon = Some(addon);
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
    Failed(String),
}

/// `/databases/{id or name}/…`: the layout of every tab. It loads the database once, says its
/// status and what is happening to it, and shows the tab the URL asks for below its links.
#[component]
pub fn DatabaseLayout() -> impl IntoView {
    let state = use_session();
    let params = use_params_map();
    let key = Memo::new(move |_| params.with(|p| p.get("database").unwrap_or_default()));
    let context = DatabaseContext {
        state,
        key,
        read: KeptRead::new(None),
        opened_at_ms: js_sys::Date::now(),
    };
    provide_context(context);
    // Loaded again when the session changes (a new token) or the database in the URL does.
    Effect::new(move |_| {
        let _ = state.client();
        key.track();
        context.reload();
    });
    let phase = Memo::new(move |_| {
        if context.read.has_good() {
            return Phase::Ready;
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
