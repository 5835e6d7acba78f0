//! A console for Scalingo's Databases API (PostgreSQL on Dedicated Resources).
//!
//! The parts, each importing only those listed before it:
//! - [`rules`]: console rules that need no browser: status words, polling, request budget, secrets (pure).
//! - [`config`], [`paths`], [`place`], [`format`], [`messages`]: the runtime `config.json`, the
//!   console's own URLs, where the user was on a page, and numbers, prices and messages for
//!   people (pure).
//! - [`browser`]: the few browser APIs the console uses, wrapped so none can panic.
//! - [`session`]: the session and its tokens (pure).
//! - [`demo`]: the in-browser backend the demo runs on (`crates/model`, no network).
//! - [`api`]: the typed client (HTTP or the demo) and the status + body → error mapping.
//! - [`state`]: the app state the screens share: the session, other tabs, reads and retries.
//! - [`pages`]: the routed screens, each with its rules as pure Rust beside it;
//!   [`components`]: the widgets they share; [`lazy_routes`]: the screens the split release
//!   build loads on first use.

pub mod api;
pub mod browser;
pub mod components;
pub mod config;
pub mod demo;
pub mod format;
pub mod lazy_routes;
pub mod messages;
pub mod pages;
pub mod paths;
pub mod place;
pub mod rules;
pub mod session;
pub mod state;

use leptos::prelude::*;
use leptos_router::components::{ParentRoute, Redirect, Route, Router, Routes};
use leptos_router::path;

use crate::components::app_shell::AppShell;
use crate::components::require_session::{replacing, RequireSession};
use crate::components::status::Loading;
use crate::config::AppConfig;
use crate::pages::{databases::DatabasesPage, not_found::NotFoundPage};
use crate::session::Session;
use crate::state::{provide_session, use_session};

/// Reads the site's `config.json` (beside `index.html`, so it follows a sub-path). Without the
/// file the defaults apply; a file that cannot be used also falls back to them, and the reason
/// comes back to be shown.
pub async fn load_config() -> (AppConfig, Option<String>) {
    let base = browser::base_path();
    paths::set_base(base.clone());
    let url = format!("{base}/config.json");
    let answer = match gloo_net::http::Request::get(&url).send().await {
        Ok(response) if response.status() == 404 => return (AppConfig::default(), None),
        Ok(response) if response.ok() => response.text().await.map_err(|e| e.to_string()),
        Ok(response) => Err(format!("HTTP {} for {url}", response.status())),
        Err(error) => Err(error.to_string()),
    };
    match answer.map(|text| AppConfig::parse(&text)) {
        Ok(Ok(config)) => (config, None),
        Ok(Err(error)) => (AppConfig::default(), Some(error.to_string())),
        Err(error) => (
            AppConfig::default(),
            Some(format!("config.json could not be read: {error}")),
        ),
    }
}

/// The split release build's entry point (`scripts/dist.sh`; Trunk's build starts from
/// `src/main.rs`, which does the same): reads `config.json`, then mounts the console in place
/// of the first paint.
#[cfg(feature = "split")]
#[wasm_bindgen::prelude::wasm_bindgen(start)]
pub fn start() {
    console_error_panic_hook::set_once();
    wasm_bindgen_futures::spawn_local(async {
        let (config, problem) = load_config().await;
        browser::remove_boot_screen();
        leptos::mount::mount_to_body(move || App(AppProps { config, problem }));
    });
}

/// The whole console: the session in context, the shell, and the routes.
#[component]
pub fn App(
    /// The runtime configuration.
    config: AppConfig,
    /// Why `config.json` could not be used, if it could not.
    #[prop(optional_no_strip)]
    problem: Option<String>,
) -> impl IntoView {
    provide_session(config);
    // Before the router's own listener, so a screen knows it was reached by Back or Forward.
    browser::take_over_scroll_restoration();
    StoredValue::new_local(browser::watch_history_traversals());
    view! {
        <Router base=paths::base()>
            <AppShell config_problem=problem>
                <Routes fallback=NotFoundPage>
                    <Route path=path!("/") view=Home />
                    <Route path=path!("/sign-in") view=lazy_routes::sign_in() />
                    <Route
                        path=path!("/databases")
                        view=|| view! { <RequireSession><DatabasesPage /></RequireSession> }
                    />
                    <Route path=path!("/databases/new") view=lazy_routes::new_database() />
                    <ParentRoute path=path!("/databases/:database") view=lazy_routes::database()>
                        <Route path=path!("") view=lazy_routes::database_overview() />
                        <Route path=path!("connect") view=lazy_routes::database_connect() />
                        <Route path=path!("firewall") view=lazy_routes::database_firewall() />
                        <Route path=path!("settings") view=lazy_routes::database_settings() />
                    </ParentRoute>
                </Routes>
            </AppShell>
        </Router>
    }
}

/// `/`: the list when signed in; otherwise the demo on a first visit (no account needed), else
/// the sign-in page. The entry is replaced: Back from the list leaves the console.
#[component]
fn Home() -> impl IntoView {
    let state = use_session();
    move || {
        if state.is_resolving() {
            return view! { <Loading label="Opening your session…" lines=2 /> }.into_any();
        }
        if state.session_untracked().is_none() && state.may_start_demo() {
            state.sign_in(Session::demo());
        }
        let target = if state.session_untracked().is_some() {
            paths::DATABASES
        } else {
            paths::SIGN_IN
        };
        view! { <Redirect path=target options=replacing() /> }.into_any()
    }
}
