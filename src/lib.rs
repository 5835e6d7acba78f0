//! A console for Scalingo's Databases API (PostgreSQL on Dedicated Resources).
//!
//! - [`api`]: the typed HTTP client and its error mapping.
//! - [`pages`]: one routed screen per file; [`components`]: the widgets they share.
//! - [`paths`]: the app's own URLs, as pure functions with host tests.

pub mod api;
pub mod components;
pub mod pages;
pub mod paths;

use leptos::prelude::*;
use leptos_router::components::{Redirect, Route, Router, Routes};
use leptos_router::path;

use crate::api::{Client, Token};
use crate::components::app_shell::AppShell;
use crate::pages::{database::DatabasePage, databases::DatabasesPage, not_found::NotFoundPage};

/// Where the console finds the local API until sign-in exists: `make run` and the end-to-end
/// server proxy `/api/` to devapi on the same origin.
pub const LOCAL_API_BASE: &str = "/api";
/// devapi's default development token.
pub const DEV_TOKEN: &str = "dev-token";

/// The whole console: the API client in context, the shell, and the routes.
#[component]
pub fn App() -> impl IntoView {
    provide_context(Client::new(LOCAL_API_BASE, Token::new(DEV_TOKEN)));
    view! {
        <Router>
            <AppShell>
                <Routes fallback=NotFoundPage>
                    <Route path=path!("/") view=|| view! { <Redirect path=paths::DATABASES /> } />
                    <Route path=path!("/databases") view=DatabasesPage />
                    <Route path=path!("/databases/:database") view=DatabasePage />
                </Routes>
            </AppShell>
        </Router>
    }
}
