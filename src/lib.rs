//! A console for Scalingo's Databases API (PostgreSQL on Dedicated Resources).
//!
//! - [`api`]: the typed HTTP client and its error mapping.
//! - [`session`], [`list_view`], [`create_form`], [`paths`]: the console's logic as pure Rust,
//!   host-tested.
//! - [`state`] and [`browser`]: the session as app state, and the browser APIs it needs.
//! - [`pages`]: one routed screen per file; [`components`]: the widgets they share.

pub mod api;
pub mod browser;
pub mod components;
pub mod config;
pub mod create_form;
pub mod jwt;
pub mod list_view;
pub mod pages;
pub mod paths;
pub mod session;
pub mod state;

use leptos::prelude::*;
use leptos_router::components::{Redirect, Route, Router, Routes};
use leptos_router::path;

use crate::components::app_shell::AppShell;
use crate::components::require_session::RequireSession;
use crate::pages::{
    database::DatabasePage, database_new::NewDatabasePage, databases::DatabasesPage,
    not_found::NotFoundPage, sign_in::SignInPage,
};
use crate::state::provide_session;

/// The whole console: the session in context, the shell, and the routes.
#[component]
pub fn App() -> impl IntoView {
    provide_session();
    view! {
        <Router>
            <AppShell>
                <Routes fallback=NotFoundPage>
                    <Route path=path!("/") view=|| view! { <Redirect path=paths::DATABASES /> } />
                    <Route path=path!("/sign-in") view=SignInPage />
                    <Route
                        path=path!("/databases")
                        view=|| view! { <RequireSession><DatabasesPage /></RequireSession> }
                    />
                    <Route
                        path=path!("/databases/new")
                        view=|| view! { <RequireSession><NewDatabasePage /></RequireSession> }
                    />
                    <Route
                        path=path!("/databases/:database")
                        view=|| view! { <RequireSession><DatabasePage /></RequireSession> }
                    />
                </Routes>
            </AppShell>
        </Router>
    }
}
