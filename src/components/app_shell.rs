use leptos::prelude::*;
use leptos_router::components::A;

use crate::paths;

/// The frame around every page: a skip link, the header with the console's name and
/// navigation, and the `main` landmark the pages render into.
#[component]
pub fn AppShell(children: Children) -> impl IntoView {
    view! {
        <a class="skip-link" href="#main">"Skip to content"</a>
        <header class="app-header">
            <div class="app-header__inner">
                <A href=paths::DATABASES attr:class="brand">
                    <span class="brand__mark" aria-hidden="true">"◆"</span>
                    <span class="brand__name">"Databases"</span>
                    <span class="brand__sub">"Scalingo · Dedicated Resources"</span>
                </A>
                <nav aria-label="Main">
                    <A href=paths::DATABASES>"All databases"</A>
                </nav>
            </div>
        </header>
        <main id="main" class="app-main" tabindex="-1">
            {children()}
        </main>
    }
}
