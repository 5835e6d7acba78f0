use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;

use crate::components::demo_panel::DemoPanel;
use crate::components::reauth_dialog::ReauthDialog;
use crate::components::retry_notice::RetryNotice;
use crate::paths;
use crate::session::Connection;
use crate::state::use_session;

/// The frame around every page: a skip link, the header with the console's name, navigation
/// and the connection with **Sign out**, the `main` landmark, and the sign-in-again dialog.
#[component]
pub fn AppShell(
    /// Why `config.json` could not be used, shown to everyone until fixed.
    #[prop(optional_no_strip)]
    config_problem: Option<String>,
    children: Children,
) -> impl IntoView {
    let state = use_session();
    let navigate = use_navigate();
    let sign_out = move |_| {
        state.sign_out();
        navigate(paths::SIGN_IN, Default::default());
    };
    view! {
        <a class="skip-link" href="#main">"Skip to content"</a>
        <header class="app-header">
            <div class="app-header__inner">
                <A href=paths::href(paths::DATABASES) attr:class="brand">
                    <span class="brand__mark" aria-hidden="true">"◆"</span>
                    <span class="brand__name">"Databases"</span>
                    <span class="brand__sub">"Scalingo · Dedicated Resources"</span>
                </A>
                {move || state.get().map(|session| {
                    let sign_out = sign_out.clone();
                    view! {
                        <nav aria-label="Main">
                            <A href=paths::href(paths::DATABASES)>"All databases"</A>
                        </nav>
                        <div class="session">
                            <span class="session__connection">
                                <span class="visually-hidden">"Connected to "</span>
                                <span class="session__dot" aria-hidden="true"></span>
                                {session.connection.label()}
                            </span>
                            <button type="button" class="button button--quiet" on:click=sign_out>
                                "Sign out"
                            </button>
                        </div>
                    }
                })}
            </div>
        </header>
        {move || (state.get().map(|s| s.connection) == Some(Connection::Demo)).then(|| view! { <DemoPanel /> })}
        {config_problem.map(|problem| view! {
            <div class="notice notice--error config-problem" role="alert">
                <p class="notice__title">
                    <span class="notice__icon" aria-hidden="true">"⚠"</span>
                    " The site's configuration could not be used; the console runs with its defaults."
                </p>
                <p>{problem}</p>
            </div>
        })}
        <main id="main" class="app-main" tabindex="-1">
            <RetryNotice />
            {children()}
        </main>
        <ReauthDialog />
    }
}
