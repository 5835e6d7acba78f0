//! The app state the screens share: the session (loaded from storage or handed over by another
//! tab, signed in and out, told when the API refuses the token mid-way), the reads and their
//! retries, and what the shell announces.
//!
//! It may import everything but the screens and their widgets.

pub mod announce;
pub mod kept;
pub mod list_cache;
pub mod list_paint;
mod tabs;
pub mod theme;

use std::sync::Arc;

use leptos::prelude::*;
use model::{AddonProvider, Project};

use crate::api::types::ListedDatabase;
use crate::api::{retry, ApiError, Client};
use crate::browser::{self, StorageKind};
use crate::config::AppConfig;
use crate::session::regions::{reachable, Reachable};
use crate::session::{Connection, RegionApi, Session, SESSION_KEY, SIGNED_OUT_KEY};
use announce::{Announcement, Tone};
use kept::Dated;

/// How long a database this tab created may be missing from the API before it counts as not
/// found: the real API has answered 404 in the first minutes after a create.
const CREATED_RECENTLY_MS: f64 = 10.0 * 60_000.0;

/// Set in `localStorage` once the user signs out or signs in to a real API: from then on `/`
/// opens the sign-in page, not the demo (signing out is final; the demo is for a first visit).
pub const NO_AUTO_DEMO_KEY: &str = "dbconsole.no-auto-demo";

/// The session and whether the sign-in dialog must open over the current page, with the
/// configuration it resolves against. `Copy`, so closures and async blocks can take it freely.
#[derive(Clone, Copy)]
pub struct SessionState {
    session: RwSignal<Option<Session>>,
    /// Why the sign-in dialog is open over the page, when it is.
    reauth: RwSignal<Option<String>>,
    config: StoredValue<AppConfig>,
    /// Bumped when data changed behind the console's back (demo reset): every read refetches.
    revision: RwSignal<u64>,
    /// The read waiting to be tried again, shown with a way to stop it.
    retry: RwSignal<Option<RetryNotice>>,
    /// Bumped by **Stop retrying**: reads waiting to retry give up.
    cancelled: RwSignal<u64>,
    /// True while this tab, opened without a session, waits for another tab to hand one over.
    resolving: RwSignal<bool>,
    announcements: RwSignal<Vec<Announcement>>,
    next_announcement: StoredValue<u64>,
    /// The list as this tab last read it for this session: shown at once when the list page
    /// opens again (Back included) while it is read again. Also in the session's storage for
    /// the next visit ([`list_cache`]); gone with the session.
    kept_list: StoredValue<Option<Dated<Arc<Vec<ListedDatabase>>>>>,
    /// Whether the kept list holds every region's rows (see [`SessionState::kept_list_complete`]).
    kept_list_complete: StoredValue<bool>,
    /// The projects and the plans catalog as last read, for names shown at once (a row that
    /// gets its names late changes height, and the place the user was in moves).
    kept_projects: StoredValue<Option<Vec<Project>>>,
    kept_catalog: StoredValue<Option<Vec<AddonProvider>>>,
    /// Databases this tab created, by name, and when (ms): for the first minutes the API may
    /// not show them yet, which is provisioning, not "not found".
    created: StoredValue<Vec<(String, f64)>>,
    /// Plan changes this tab asked for, by database id, and when (ms): the start of the
    /// update the page follows.
    plan_changes: StoredValue<Vec<(String, f64)>>,
    /// Said in the tab's title until the user is back on the page ("✓ my-db is running").
    title_note: RwSignal<Option<String>>,
    /// The regions this session reads: `config.json`'s for the connection, then those the
    /// auth service says the account has ([`crate::session::regions::reachable`]).
    regions: RwSignal<Reachable>,
}

/// A read that failed for a passing reason and will be tried again.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RetryNotice {
    /// The try coming next (2 or 3).
    pub next_attempt: u32,
    pub wait_ms: u32,
    /// Why the last try failed.
    pub reason: String,
}

/// Where the list is kept for a session: the session's own storage.
fn list_storage(remember: bool) -> StorageKind {
    if remember {
        StorageKind::Local
    } else {
        StorageKind::Session
    }
}

/// The stored list and its drawing, from both storages: they never outlive their session.
fn forget_stored_list() {
    for kind in [StorageKind::Session, StorageKind::Local] {
        browser::remove(kind, list_cache::KEY);
        browser::remove(kind, list_cache::PROJECTS_KEY);
        browser::remove(kind, list_paint::KEY);
    }
}

impl SessionState {
    /// The session kept in this tab, else the one remembered on this device, else none.
    fn load(config: AppConfig) -> Self {
        let session = browser::load(StorageKind::Session, SESSION_KEY)
            .and_then(|text| Session::from_stored(&text, false))
            .or_else(|| {
                browser::load(StorageKind::Local, SESSION_KEY)
                    .and_then(|text| Session::from_stored(&text, true))
            });
        // The list this session read last in this tab (or on this device, when remembered):
        // shown at once, and read again behind.
        let storage = session
            .as_ref()
            .filter(|s| s.connection != Connection::Demo)
            .map(|s| list_storage(s.remember));
        let kept_list = storage
            .and_then(|storage| browser::load(storage, list_cache::KEY))
            .and_then(|text| list_cache::decode(&text));
        let kept_projects = storage
            .and_then(|storage| browser::load(storage, list_cache::PROJECTS_KEY))
            .and_then(|text| list_cache::decode_projects(&text));
        let kept_list_complete = kept_list.as_ref().is_some_and(|kept| kept.complete);
        let kept_list = kept_list.map(|kept| Dated {
            value: Arc::new(kept.list.value),
            at_ms: kept.list.at_ms,
        });
        Self {
            session: RwSignal::new(session),
            reauth: RwSignal::new(None),
            config: StoredValue::new(config),
            revision: RwSignal::new(0),
            retry: RwSignal::new(None),
            cancelled: RwSignal::new(0),
            resolving: RwSignal::new(false),
            announcements: RwSignal::new(Vec::new()),
            next_announcement: StoredValue::new(1),
            kept_list: StoredValue::new(kept_list),
            kept_list_complete: StoredValue::new(kept_list_complete),
            kept_projects: StoredValue::new(kept_projects),
            kept_catalog: StoredValue::new(None),
            created: StoredValue::new(Vec::new()),
            plan_changes: StoredValue::new(Vec::new()),
            title_note: RwSignal::new(None),
            regions: RwSignal::new(Reachable::default()),
        }
    }

    /// The runtime configuration.
    pub fn config(&self) -> AppConfig {
        self.config.get_value()
    }

    /// Makes every read of the current page load again.
    pub fn reload_data(&self) {
        self.revision.update(|r| *r += 1);
    }

    /// The current session (tracked).
    pub fn get(&self) -> Option<Session> {
        self.session.get()
    }

    /// The current session, without tracking.
    pub fn session_untracked(&self) -> Option<Session> {
        self.session.get_untracked()
    }

    pub fn is_signed_in(&self) -> bool {
        self.session.with(Option::is_some)
    }

    /// The client for the current session (tracked, so resources refetch after a new
    /// sign-in), or `Unauthorized` without a session.
    pub fn client(&self) -> Result<Client, ApiError> {
        self.revision.track();
        self.session.with(|s| self.client_of(s.as_ref()))
    }

    fn client_of(&self, session: Option<&Session>) -> Result<Client, ApiError> {
        let session = session.ok_or_else(|| ApiError::Unauthorized("not signed in".into()))?;
        self.config
            .with_value(|config| Client::for_session(session, config))
    }

    /// [`SessionState::client`] without tracking, for event handlers and actions.
    pub fn client_untracked(&self) -> Result<Client, ApiError> {
        self.session.with_untracked(|s| self.client_of(s.as_ref()))
    }

    /// The regions this session reads (tracked): in the auth service's order once it answered.
    pub fn regions(&self) -> Vec<RegionApi> {
        self.regions.with(|r| r.regions.clone())
    }

    /// [`SessionState::regions`] without tracking.
    pub fn regions_untracked(&self) -> Vec<RegionApi> {
        self.regions.with_untracked(|r| r.regions.clone())
    }

    /// The regions the account has that this console cannot reach (tracked).
    pub fn unreachable_regions(&self) -> Vec<String> {
        self.regions.with(|r| r.unreachable.clone())
    }

    /// Whether the session reads more than one region (tracked): then the list says which region
    /// each database is in, and links carry it.
    pub fn several_regions(&self) -> bool {
        self.regions.with(|r| r.regions.len() > 1)
    }

    /// [`SessionState::several_regions`] without tracking.
    pub fn several_regions_untracked(&self) -> bool {
        self.regions.with_untracked(|r| r.regions.len() > 1)
    }

    /// The client of one region of the session, by name (tracked like [`SessionState::client`]).
    pub fn client_in(&self, region: &str) -> Result<Client, ApiError> {
        self.revision.track();
        let api = self
            .regions
            .with(|r| r.regions.iter().find(|r| r.name == region).cloned());
        self.session
            .with(|s| self.client_of_region(s.as_ref(), api, region))
    }

    /// [`SessionState::client_in`] without tracking.
    pub fn client_in_untracked(&self, region: &str) -> Result<Client, ApiError> {
        let api = self
            .regions
            .with_untracked(|r| r.regions.iter().find(|r| r.name == region).cloned());
        self.session
            .with_untracked(|s| self.client_of_region(s.as_ref(), api, region))
    }

    fn client_of_region(
        &self,
        session: Option<&Session>,
        api: Option<RegionApi>,
        region: &str,
    ) -> Result<Client, ApiError> {
        let session = session.ok_or_else(|| ApiError::Unauthorized("not signed in".into()))?;
        let api = api.ok_or_else(|| {
            ApiError::NotFound(format!("{region} is not one of this session's regions"))
        })?;
        self.config
            .with_value(|config| Client::for_region(session, config, &api))
    }

    /// Sets the regions of the session from `config.json`, then asks the auth service which the
    /// account has (`GET {auth}/v1/regions`), keeping `config.json`'s list if it cannot say.
    fn find_regions(&self, session: Option<&Session>) {
        let Some(session) = session else {
            self.regions.set(Reachable::default());
            return;
        };
        let configured = self
            .config
            .with_value(|config| session.connection.regions(config));
        self.regions.set(Reachable {
            regions: configured.clone(),
            unreachable: Vec::new(),
        });
        // One local API is the whole account: nothing to ask (a server that implements only the
        // spec's calls answers 404, which the browser would log).
        let single_local = session.connection == Connection::Local && configured.len() < 2;
        if !session.connection.discovers_regions() || single_local {
            return;
        }
        let Ok(auth) = self
            .config
            .with_value(|config| Client::for_auth(session, config))
        else {
            return;
        };
        let this = *self;
        let asked_for = session.clone();
        leptos::task::spawn_local(async move {
            let Ok(listed) = auth.list_regions().await else {
                return; // config.json's list stands
            };
            // Signed in elsewhere meanwhile: not this session's regions any more.
            if this
                .session
                .try_with_untracked(|s| s.as_ref() == Some(&asked_for))
                != Some(true)
            {
                return;
            }
            let names: Vec<String> = listed.items.into_iter().map(|r| r.name).collect();
            this.regions.try_set(reachable(configured, &names));
        });
    }

    /// Keeps the session (in the storage it asks for, removed from the other) and closes the
    /// sign-in dialog.
    pub fn sign_in(&self, session: Session) {
        if session.connection != Connection::Demo {
            browser::save(StorageKind::Local, NO_AUTO_DEMO_KEY, "1");
        }
        let (keep, drop) = if session.remember {
            (StorageKind::Local, StorageKind::Session)
        } else {
            (StorageKind::Session, StorageKind::Local)
        };
        browser::remove(drop, SESSION_KEY);
        browser::save(keep, SESSION_KEY, &session.to_stored());
        self.forget_kept();
        let same_connection = self
            .session
            .with_untracked(|s| s.as_ref().map(|s| &s.connection) == Some(&session.connection));
        if !same_connection {
            self.find_regions(Some(&session));
        }
        self.session.set(Some(session));
        self.reauth.set(None);
    }

    /// Forgets the session everywhere and tells the other tabs to do the same. Final: `/` no
    /// longer opens the demo by itself.
    pub fn sign_out(&self) {
        self.forget();
        browser::save(StorageKind::Local, NO_AUTO_DEMO_KEY, "1");
        browser::save(StorageKind::Local, SIGNED_OUT_KEY, &browser::now_stamp());
        tabs::say_signed_out();
    }

    /// Whether `/` may open the demo by itself: it is enabled, and this browser has never seen
    /// a sign-out or a sign-in to a real API.
    pub fn may_start_demo(&self) -> bool {
        self.config.with_value(|c| c.demo.enabled)
            && browser::load(StorageKind::Local, NO_AUTO_DEMO_KEY).is_none()
    }

    /// True while this tab waits for another tab to hand it a session (tracked).
    pub fn is_resolving(&self) -> bool {
        self.resolving.get()
    }

    /// Says something in the shell's live region, kept in view until dismissed.
    pub fn announce(&self, tone: Tone, text: impl Into<String>, link: Option<(String, String)>) {
        let id = self.next_announcement.get_value();
        self.next_announcement.set_value(id + 1);
        let announcement = Announcement {
            id,
            text: text.into(),
            link,
            tone,
        };
        self.announcements
            .update(|shown| announce::add(shown, announcement));
    }

    /// The list this tab read last for this session, if any.
    pub fn kept_list(&self) -> Option<Dated<Arc<Vec<ListedDatabase>>>> {
        self.kept_list.get_value()
    }

    /// The kept list, only when it holds every region's rows: a name it lacks, or finds in one
    /// region, is then known not to be in the others (a list kept while a region was still
    /// answering cannot say that).
    pub fn kept_list_complete(&self) -> Option<Dated<Arc<Vec<ListedDatabase>>>> {
        if self.kept_list_complete.try_get_value().unwrap_or(false) {
            self.kept_list()
        } else {
            None
        }
    }

    /// Keeps the list just read, for the next time the list page opens (in this tab, and in
    /// the session's storage for the next visit); `complete` when every region's rows are in
    /// it.
    pub fn keep_list(&self, databases: Arc<Vec<ListedDatabase>>, complete: bool) {
        let at_ms = js_sys::Date::now();
        self.store_list(&databases, at_ms, complete);
        self.kept_list_complete.try_set_value(complete);
        self.kept_list.try_set_value(Some(Dated {
            value: databases,
            at_ms,
        }));
    }

    /// Changes the kept list in place after a change made here (a rename, a move, a delete),
    /// so the list page never shows what is no longer so while it reads the list again.
    pub fn patch_kept_list(&self, patch: impl FnOnce(&mut Vec<ListedDatabase>)) {
        self.kept_list.try_update_value(|kept| {
            if let Some(dated) = kept {
                patch(Arc::make_mut(&mut dated.value));
            }
        });
        if let Some(Some(kept)) = self.kept_list.try_get_value() {
            let complete = self.kept_list_complete.try_get_value().unwrap_or(false);
            self.store_list(&kept.value, kept.at_ms, complete);
        }
    }

    /// Where this session's list is stored: nowhere for the demo (its data is in this browser
    /// already), or without a session.
    fn list_storage_untracked(&self) -> Option<StorageKind> {
        self.session
            .try_with_untracked(|s| {
                s.as_ref()
                    .filter(|s| s.connection != Connection::Demo)
                    .map(|s| list_storage(s.remember))
            })
            .flatten()
    }

    /// The list into the session's storage ([`Self::list_storage_untracked`]).
    fn store_list(&self, rows: &[ListedDatabase], at_ms: f64, complete: bool) {
        let Some(storage) = self.list_storage_untracked() else {
            return;
        };
        if !list_cache::worth_storing(rows.len()) {
            // An older, shorter copy would show rows that are not the list's first ones.
            forget_stored_list();
            return;
        }
        browser::save(
            storage,
            list_cache::KEY,
            &list_cache::encode(rows, at_ms, complete),
        );
        // The drawing showed the list as it was: the list page draws this one and keeps it
        // ([`Self::keep_list_drawing`]); until then the next start shows no drawing rather than
        // rows that are no longer so.
        browser::remove(storage, list_paint::KEY);
    }

    /// Keeps the list page as drawn (`html`, its header and `main`) beside the stored list, for
    /// index.html's script to show at the next start ([`list_paint`]). Only where the list itself
    /// is stored: the app takes the drawing's place with the same rows, from that list.
    pub fn keep_list_drawing(&self, html: &str) {
        let stored = self
            .kept_list
            .try_with_value(|kept| kept.as_ref().map(|kept| kept.value.len()))
            .flatten()
            .is_some_and(list_cache::worth_storing);
        let (Some(storage), true) = (self.list_storage_untracked(), stored) else {
            return;
        };
        if let Some(text) = list_paint::encode(&browser::first_module_preload(), html) {
            browser::save(storage, list_paint::KEY, &text);
        }
    }

    /// The projects read last for this session.
    pub fn kept_projects(&self) -> Option<Vec<Project>> {
        self.kept_projects.get_value()
    }

    /// Keeps the projects just read, in this tab and beside the stored list.
    pub fn keep_projects(&self, projects: Vec<Project>) {
        if let Some(storage) = self.list_storage_untracked() {
            let text = list_cache::encode_projects(&projects);
            if browser::load(storage, list_cache::PROJECTS_KEY).as_deref() != Some(text.as_str()) {
                browser::save(storage, list_cache::PROJECTS_KEY, &text);
            }
        }
        self.kept_projects.try_set_value(Some(projects));
    }

    /// The plans catalog read last for this session.
    pub fn kept_catalog(&self) -> Option<Vec<AddonProvider>> {
        self.kept_catalog.get_value()
    }

    pub fn keep_catalog(&self, catalog: Vec<AddonProvider>) {
        self.kept_catalog.try_set_value(Some(catalog));
    }

    /// Notes that this tab created a database (see [`SessionState::created_recently`]).
    pub fn note_created(&self, name: &str) {
        let now = js_sys::Date::now();
        self.created.update_value(|created| {
            created.retain(|(_, at)| now - at < CREATED_RECENTLY_MS);
            created.push((name.to_string(), now));
        });
    }

    /// Forgets that this tab created a database by that name (it was deleted or renamed: a 404
    /// for it now means "not found", not "not visible yet").
    pub fn forget_created(&self, name: &str) {
        self.created
            .try_update_value(|created| created.retain(|(created, _)| created != name));
    }

    /// Forgets every database this tab created (the demo was reset: none of them exists).
    pub fn forget_all_created(&self) {
        self.created.try_update_value(Vec::clear);
    }

    /// Whether this tab created a database by that id or name in the last few minutes.
    pub fn created_recently(&self, key: &str) -> bool {
        let now = js_sys::Date::now();
        self.created.with_value(|created| {
            created
                .iter()
                .any(|(name, at)| name == key && now - at < CREATED_RECENTLY_MS)
        })
    }

    /// Notes that a plan change was asked for now (see [`SessionState::plan_change_started`]).
    pub fn note_plan_change(&self, database_id: &str) {
        let now = js_sys::Date::now();
        self.plan_changes.update_value(|changes| {
            changes.retain(|(id, _)| id != database_id);
            changes.push((database_id.to_string(), now));
        });
    }

    /// When this tab asked for the plan change of that database, if it did.
    pub fn plan_change_started(&self, database_id: &str) -> Option<f64> {
        self.plan_changes.with_value(|changes| {
            changes
                .iter()
                .find(|(id, _)| id == database_id)
                .map(|(_, at)| *at)
        })
    }

    /// Says something in the tab's title until the user is back on the page (tracked read in
    /// [`SessionState::title_note`]); `None` clears it.
    pub fn set_title_note(&self, note: Option<String>) {
        self.title_note.set(note);
    }

    /// [`SessionState::title_note`] without tracking.
    pub fn title_note_untracked(&self) -> Option<String> {
        self.title_note.get_untracked()
    }

    /// What the title says besides the page (tracked).
    pub fn title_note(&self) -> Option<String> {
        self.title_note.get()
    }

    /// Drops the kept list: after a rename, a move or a delete made here, the list must not show
    /// the rows as they were, even for the moment it takes to read them again.
    pub fn forget_list(&self) {
        self.kept_list.try_set_value(None);
        forget_stored_list();
    }

    /// What was kept of the last session's reads goes with it.
    fn forget_kept(&self) {
        forget_stored_list();
        // Nor does the list's early request (it would be sent with the next session's bearer).
        crate::api::early::forget();
        self.kept_list.set_value(None);
        self.kept_projects.set_value(None);
        self.kept_catalog.set_value(None);
    }

    /// What is announced now (tracked).
    pub fn announcements(&self) -> Vec<Announcement> {
        self.announcements.get()
    }

    /// Takes an announcement out of view.
    pub fn dismiss(&self, id: u64) {
        self.announcements
            .update(|shown| shown.retain(|a| a.id != id));
    }

    /// Forgets the session in this tab (storage and memory).
    pub(crate) fn forget(&self) {
        browser::remove(StorageKind::Session, SESSION_KEY);
        browser::remove(StorageKind::Local, SESSION_KEY);
        self.forget_kept();
        self.find_regions(None);
        self.session.set(None);
        self.reauth.set(None);
    }

    /// Passes a result through, opening the sign-in dialog when the API refused the token.
    pub fn check<T>(&self, result: Result<T, ApiError>) -> Result<T, ApiError> {
        if let Err(ApiError::Unauthorized(reason)) = &result {
            if self.is_signed_in_untracked() {
                self.reauth.set(Some(reason.clone()));
            }
        }
        result
    }

    /// Runs a call with the client read beforehand (tracked, in a resource's source) and
    /// passes its result through [`SessionState::check`].
    pub async fn call<T, Fut>(
        self,
        client: Result<Client, ApiError>,
        call: impl FnOnce(Client) -> Fut,
    ) -> Result<T, ApiError>
    where
        Fut: std::future::Future<Output = Result<T, ApiError>>,
    {
        let result = match client {
            Ok(client) => call(client).await,
            Err(error) => Err(error),
        };
        self.check(result)
    }

    /// A read (GET): like [`SessionState::call`], but tried again after 429, 503, a network
    /// failure or a timeout, at most [`retry::MAX_ATTEMPTS`] times in all, with growing waits,
    /// visibly ([`SessionState::retry_notice`]) and cancellably.
    pub async fn read<T, Fut>(
        self,
        client: Result<Client, ApiError>,
        call: impl Fn(Client) -> Fut,
    ) -> Result<T, ApiError>
    where
        Fut: std::future::Future<Output = Result<T, ApiError>>,
    {
        let client = match client {
            Ok(client) => client,
            Err(error) => return self.check(Err(error)),
        };
        let generation = self.cancelled.get_untracked();
        let still_wanted = move || self.cancelled.get_untracked() == generation;
        let mut attempt = 1;
        loop {
            let result = call(client.clone()).await;
            let error = match &result {
                Err(error) if retry::should_retry(error, attempt) && still_wanted() => error,
                _ => return self.check(result),
            };
            // After a 429 the host's budget holds every request back for a while: the notice
            // says the wait there will be, not a shorter one.
            let mut wait_ms = retry::delay_ms(error, attempt);
            if matches!(error, ApiError::RateLimited(_)) {
                let held = client
                    .api_base()
                    .and_then(crate::api::budget::back_off_untracked)
                    .map_or(0, |b| b.remaining_ms(js_sys::Date::now() as u64));
                wait_ms = wait_ms.max(u32::try_from(held).unwrap_or(u32::MAX));
            }
            attempt += 1;
            self.retry.set(Some(RetryNotice {
                next_attempt: attempt,
                wait_ms,
                reason: error.to_string(),
            }));
            // In slices, so **Stop retrying** takes effect at once.
            let mut waited = 0;
            while waited < wait_ms && still_wanted() {
                browser::sleep(100).await;
                waited += 100;
            }
            self.retry.set(None);
            if !still_wanted() {
                return self.check(result);
            }
        }
    }

    /// The read waiting to be tried again, if any (tracked).
    pub fn retry_notice(&self) -> Option<RetryNotice> {
        self.retry.get()
    }

    /// Stops the reads waiting to be tried again: they fail with their last error.
    pub fn stop_retrying(&self) {
        self.cancelled.update(|c| *c += 1);
        self.retry.set(None);
    }

    fn is_signed_in_untracked(&self) -> bool {
        self.session.with_untracked(Option::is_some)
    }

    /// Whether the sign-in dialog is open (tracked).
    pub fn needs_reauth(&self) -> bool {
        self.reauth.with(Option::is_some)
    }

    /// What the API said when it refused the token (tracked).
    pub fn reauth_reason(&self) -> Option<String> {
        self.reauth.get()
    }

    /// Closes the sign-in dialog without signing in.
    pub fn dismiss_reauth(&self) {
        self.reauth.set(None);
    }
}

/// Loads the session, provides it to the app, follows sign-outs in other tabs, and hands
/// sessions to and from them.
pub fn provide_session(config: AppConfig) -> SessionState {
    let state = SessionState::load(config);
    provide_context(state);
    tabs::connect(state);
    // The regions follow the session; `sign_in` and `forget` find them again.
    state
        .session
        .with_untracked(|s| state.find_regions(s.as_ref()));
    let listener = window_event_listener(leptos::ev::storage, move |event| {
        let key = event.key();
        let session_removed = key.as_deref() == Some(SESSION_KEY) && event.new_value().is_none();
        // `key` is None when another tab cleared the whole storage.
        if key.is_none() || key.as_deref() == Some(SIGNED_OUT_KEY) || session_removed {
            state.forget();
        }
    });
    on_cleanup(move || listener.remove());
    state
}

/// The session state the app provides.
pub fn use_session() -> SessionState {
    expect_context::<SessionState>()
}
