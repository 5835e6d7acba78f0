use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_location, use_navigate};
use leptos_router::NavigateOptions;

use crate::browser;
use crate::components::announcements::Announcements;
use crate::components::budget_notice::BudgetNotice;
use crate::components::demo_panel::DemoPanel;
use crate::components::reauth_dialog::ReauthDialog;
use crate::components::retry_notice::RetryNotice;
use crate::components::shortcuts::use_shortcuts;
use crate::components::shortcuts_help::ShortcutsHelp;
use crate::components::theme_select::ThemeSelect;
use crate::lazy_routes::{self, PaletteHooks};
use crate::paths;
use crate::session::Connection;
use crate::state::theme::provide_theme;
use crate::state::use_session;

/// The frame around every page: a skip link, the header with the console's name, navigation
/// (with **Search everything**, the command palette), the **Theme** control and the connection
/// with **Sign out**, the `main` landmark, the sign-in-again dialog, and the keyboard shortcuts
/// with their help.
#[component]
pub fn AppShell(
    /// Why `config.json` could not be used, shown to everyone until fixed.
    #[prop(optional_no_strip)]
    config_problem: Option<String>,
    children: Children,
) -> impl IntoView {
    let state = use_session();
    provide_theme();
    let navigate = use_navigate();
    let location = use_location();
    let palette_open = RwSignal::new(false);
    let help_open = RwSignal::new(false);
    let reset_demo_asked = RwSignal::new(false);
    use_shortcuts(palette_open, help_open);
    // Back to sign-in, which returns here once signed in again; the entry is replaced, so Back
    // does not lead into the page that needs the session just ended.
    let sign_out = Callback::new(move |()| {
        let here = paths::app_location(
            &location.pathname.get_untracked(),
            &location.search.get_untracked(),
        );
        state.sign_out();
        navigate(
            &paths::sign_in_returning_to(&here),
            NavigateOptions {
                replace: true,
                ..Default::default()
            },
        );
    });
    // The link is a real link to this page's main content for people without the router; with
    // it, a click must not become a navigation (`#main` resolves against `<base href>`, not
    // against this page): it moves focus and nothing else.
    // What the title said while the user was away ("✓ my-db is running") goes once they are
    // back: a key, a click or a touch on the page, or the tab shown again.
    let back_on_the_page = move || {
        if state.title_note_untracked().is_some() {
            state.set_title_note(None);
        }
    };
    let listeners = [
        browser::on_document("keydown", move |_| back_on_the_page()),
        browser::on_document("pointerdown", move |_| back_on_the_page()),
    ];
    StoredValue::new_local(listeners);
    let skip = move |event: leptos::ev::MouseEvent| {
        event.prevent_default();
        browser::focus_selector("#main", false);
    };
    view! {
        <a class="skip-link" href="#main" on:click=skip>"Skip to content"</a>
        <header class="app-header">
            <div class="app-header__inner">
                <A href=paths::href(paths::DATABASES) attr:class="brand">
                    <span class="brand__mark" aria-hidden="true">"◆"</span>
                    <span class="brand__name">"Databases"</span>
                    <span class="brand__sub">"Scalingo · Dedicated Resources"</span>
                </A>
                {move || state.get().map(|session| {
                    view! {
                        <nav aria-label="Main">
                            <A href=paths::href(paths::DATABASES)>"All databases"</A>
                        </nav>
                        <button
                            type="button"
                            class="button button--quiet palette-button"
                            aria-keyshortcuts="Control+K Meta+K"
                            on:click=move |_| palette_open.set(true)
                        >
                            "Search everything"
                            <kbd class="palette-button__keys" aria-hidden="true">"Ctrl K"</kbd>
                        </button>
                        <div class="session">
                            <span class="session__connection">
                                <span class="visually-hidden">"Connected to "</span>
                                <span class="session__dot" aria-hidden="true"></span>
                                {session.connection.label()}
                            </span>
                            <button type="button" class="button button--quiet" on:click=move |_| sign_out.run(())>
                                "Sign out"
                            </button>
                        </div>
                    }
                })}
                <ThemeSelect />
            </div>
        </header>
        {move || (state.get().map(|s| s.connection) == Some(Connection::Demo)).then(|| view! { <DemoPanel confirming=reset_demo_asked /> })}
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
            <Announcements />
            <BudgetNotice said_elsewhere=Signal::derive(move || state.retry_notice().is_some()) />
            <RetryNotice />
            {children()}
        </main>
        <ReauthDialog />
        // Mounted while open only: nothing of them is in the page otherwise.
        // The palette from a chunk of its own in the split build.
        {move || palette_open.get().then(|| lazy_routes::command_palette(PaletteHooks {
            open: palette_open,
            help_open,
            reset_demo_asked,
            sign_out,
        }))}
        {move || help_open.get().then(|| view! { <ShortcutsHelp open=help_open /> })}
    }
}
