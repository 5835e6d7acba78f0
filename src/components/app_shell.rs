use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;

use crate::components::reauth_dialog::ReauthDialog;
use crate::paths;
use crate::state::use_session;

/// The frame around every page: a skip link, the header with the console's name, navigation
/// and the connection with **Sign out**, the `main` landmark, and the sign-in-again dialog.
#[component]
pub fn AppShell(children: Children) -> impl IntoView {
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
                <A href=paths::DATABASES attr:class="brand">
                    <span class="brand__mark" aria-hidden="true">"◆"</span>
                    <span class="brand__name">"Databases"</span>
                    <span class="brand__sub">"Scalingo · Dedicated Resources"</span>
                </A>
                {move || state.get().map(|session| {
                    let sign_out = sign_out.clone();
                    view! {
                        <nav aria-label="Main">
                            <A href=paths::DATABASES>"All databases"</A>
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
        <main id="main" class="app-main" tabindex="-1">
            {children()}
        </main>
        <ReauthDialog />
    }
}
