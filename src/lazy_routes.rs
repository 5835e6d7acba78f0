//! The routed screens (and the command palette) that the split release build loads on first use, each from a WebAssembly
//! chunk of its own (`split_<name>-<hash>.wasm`, beside the main module; `scripts/dist.sh`), and
//! the same screens eager, in the one module, everywhere else.
//!
//! The `split` cargo feature chooses: on for the split release build only. Trunk's `make run`
//! build and `cargo test` leave it off, because a build with split points cannot run unsplit (it
//! stops at start on the `__wasm_split_placeholder__` import). With the feature off, each function
//! below returns exactly the view the route had before it was made lazy.
//!
//! A chunk that cannot be loaded (offline, or a deploy that replaced the files under an open
//! page) renders [`ChunkError`]: what happened in words and **Retry**, which loads the chunk
//! again (a failed load is not remembered, by Leptos' loader or by the page's). Leptos' own
//! `#[lazy_route]` cannot do this: its loader treats a failed load as a panic, which aborts the
//! whole module (the page stops responding). So the screens here implement [`LazyRoute`] by hand
//! with the same splitter, asking it for the failure as a value (`fallible`).
//!
//! # Making a screen lazy
//!
//! One entry in [`lazy_screens!`] below, then `view=lazy_routes::my_screen()` on its `<Route>` in
//! `App` (`src/lib.rs`):
//!
//! ```text
//! /// `/databases/:database/backups`: the backups of one database.
//! pub fn backups() => view! { <RequireSession><BackupsPage /></RequireSession> };
//! ```
//!
//! The function's name is also the chunk's (`split_backups-….wasm`): unique in the crate, in
//! snake case. Everything that only this view uses moves into its chunk; what other code also
//! uses stays in the main module. Keep the page in its own module under `src/pages/`.
//!
//! [`LazyRoute`]: leptos_router::LazyRoute

use leptos::prelude::*;
use leptos_router::ChooseView;

use crate::components::command_palette::CommandPalette;
use crate::components::require_session::RequireSession;
use crate::components::sign_in_form::SignInForm;
use crate::pages::database::{
    connect::ConnectTab, firewall::FirewallTab, overview::OverviewTab, settings::SettingsTab,
    DatabaseLayout,
};
use crate::pages::{database_new::NewDatabasePage, sign_in::SignInPage};
use crate::session::{Connection, Session};

/// For each `pub fn name() => view;`, a function that returns the route's view: with the
/// `split` feature, a [`leptos_router::Lazy`] route whose view is in the chunk `split_name`;
/// without it, the plain view closure.
macro_rules! lazy_screens {
    ($($(#[$attr:meta])* $vis:vis fn $name:ident() => $view:expr;)*) => {$(
        $(#[$attr])*
        #[cfg(not(feature = "split"))]
        $vis fn $name() -> impl ChooseView {
            || $view
        }

        $(#[$attr])*
        #[cfg(feature = "split")]
        $vis fn $name() -> impl ChooseView {
            struct Route;
            impl leptos_router::LazyRoute for Route {
                fn data() -> Self {
                    Route
                }
                async fn view(_: Self) -> AnyView {
                    // The split point: this function and what only it uses go to the chunk.
                    #[leptos::wasm_split::wasm_split($name, fallible, wasm_split_path = ::leptos::wasm_split)]
                    fn $name() -> Result<AnyView, split::ChunkLoadFailed> {
                        Ok($view.into_any())
                    }
                    split::screen(|| Box::pin($name())).await
                }
            }
            leptos_router::Lazy::<Route>::new()
        }
    )*};
}

lazy_screens! {
    /// `/sign-in`.
    pub fn sign_in() => view! { <SignInPage /> };
    /// `/databases/new`: the create form.
    pub fn new_database() => view! { <RequireSession><NewDatabasePage /></RequireSession> };
    /// `/databases/:database/…`: one database, the layout of its tabs.
    pub fn database() => view! { <RequireSession><DatabaseLayout /></RequireSession> };
    /// `/databases/:database`: its overview.
    pub fn database_overview() => view! { <OverviewTab /> };
    /// `/databases/:database/connect`.
    pub fn database_connect() => view! { <ConnectTab /> };
    /// `/databases/:database/firewall`.
    pub fn database_firewall() => view! { <FirewallTab /> };
    /// `/databases/:database/settings`.
    pub fn database_settings() => view! { <SettingsTab /> };
}

/// What the command palette needs from the shell (the props of
/// [`crate::components::command_palette::CommandPalette`]).
#[derive(Clone, Copy)]
pub struct PaletteHooks {
    pub open: RwSignal<bool>,
    pub help_open: RwSignal<bool>,
    pub reset_demo_asked: RwSignal<bool>,
    pub sign_out: Callback<()>,
}

fn palette_view(hooks: PaletteHooks) -> AnyView {
    let PaletteHooks {
        open,
        help_open,
        reset_demo_asked,
        sign_out,
    } = hooks;
    view! {
        <CommandPalette
            open=open
            help_open=help_open
            reset_demo_asked=reset_demo_asked
            sign_out=sign_out
        />
    }
    .into_any()
}

/// The command palette, which the shell mounts while it is open. Without the `split` feature,
/// the component itself.
#[cfg(not(feature = "split"))]
pub fn command_palette(hooks: PaletteHooks) -> AnyView {
    palette_view(hooks)
}

/// The command palette, which the shell mounts while it is open: with the `split` feature, from
/// a chunk of its own (`split_command_palette`), fetched on the first opening (later ones find
/// it loaded). A chunk that cannot be fetched closes the palette and says so; the next Ctrl+K
/// tries again.
#[cfg(feature = "split")]
pub fn command_palette(hooks: PaletteHooks) -> AnyView {
    #[leptos::wasm_split::wasm_split(command_palette, fallible, wasm_split_path = ::leptos::wasm_split)]
    fn command_palette_chunk(hooks: PaletteHooks) -> Result<AnyView, split::ChunkLoadFailed> {
        Ok(palette_view(hooks))
    }
    let state = crate::state::use_session();
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match command_palette_chunk(hooks).await {
                    Ok(view) => view,
                    Err(split::ChunkLoadFailed) => {
                        hooks.open.try_set(false);
                        state.announce(
                            crate::state::announce::Tone::Failure,
                            "Search everything could not be loaded (the network may be down, or a new version of the console was deployed). Try again, or reload the page.",
                            None,
                        );
                        ().into_any()
                    }
                }
            })}
        </Suspense>
    }
    .into_any()
}

fn reauth_form_view(initial: Connection, on_signed_in: Callback<Session>) -> AnyView {
    view! { <SignInForm id_prefix="reauth" initial=initial on_signed_in=on_signed_in /> }.into_any()
}

/// The form of the sign-in-again dialog, which the dialog mounts while it is open. Without the
/// `split` feature, the form itself.
#[cfg(not(feature = "split"))]
pub fn reauth_form(initial: Connection, on_signed_in: Callback<Session>) -> AnyView {
    reauth_form_view(initial, on_signed_in)
}

/// The form of the sign-in-again dialog: with the `split` feature, from a chunk (the form is
/// the sign-in screen's, so the two share it), fetched the first time the dialog opens; the
/// main module no longer carries it. Its token field is focused once it is drawn. A chunk that
/// cannot be fetched says so in the dialog, with **Retry**.
#[cfg(feature = "split")]
pub fn reauth_form(initial: Connection, on_signed_in: Callback<Session>) -> AnyView {
    #[leptos::wasm_split::wasm_split(reauth_form, fallible, wasm_split_path = ::leptos::wasm_split)]
    fn reauth_form_chunk(
        initial: Connection,
        on_signed_in: Callback<Session>,
    ) -> Result<AnyView, split::ChunkLoadFailed> {
        Ok(reauth_form_view(initial, on_signed_in))
    }
    // 0: the first attempt; each Retry is one more.
    let attempt = RwSignal::new(0_u32);
    view! {
        <Suspense fallback=|| view! { <crate::components::status::Loading label="Loading the sign-in form…" /> }>
            {move || {
                attempt.track();
                let initial = initial.clone();
                Suspend::new(async move {
                    match reauth_form_chunk(initial, on_signed_in).await {
                        Ok(view) => {
                            // Drawn after this resolves: the dialog asked for the field before it existed.
                            request_animation_frame(|| {
                                crate::browser::focus_selector("dialog[open] input[name=token]", false);
                            });
                            view
                        }
                        Err(split::ChunkLoadFailed) => split::failure_notice(
                            "The sign-in form could not be loaded",
                            "its code",
                            "reload the page (what you typed on it is then lost).",
                            attempt,
                        ),
                    }
                })
            }}
        </Suspense>
    }
    .into_any()
}

#[cfg(feature = "split")]
pub use split::{ChunkError, ChunkLoadFailed};

#[cfg(feature = "split")]
mod split {
    use std::future::Future;
    use std::pin::Pin;

    use leptos::prelude::*;

    use crate::components::status::Loading;

    /// A chunk could not be fetched or instantiated (the browser console has the reason).
    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    pub struct ChunkLoadFailed;

    impl From<leptos::wasm_split::SplitLoaderError> for ChunkLoadFailed {
        fn from(_: leptos::wasm_split::SplitLoaderError) -> Self {
            ChunkLoadFailed
        }
    }

    /// Loads a screen's chunk and builds the screen's view; each call is a new attempt.
    pub type Load = fn() -> Pin<Box<dyn Future<Output = Result<AnyView, ChunkLoadFailed>> + Send>>;

    /// The screen, or [`ChunkError`] when its chunk cannot be loaded.
    pub async fn screen(load: Load) -> AnyView {
        match load().await {
            Ok(view) => view,
            Err(ChunkLoadFailed) => view! { <ChunkError load=load /> }.into_any(),
        }
    }

    /// Why a chunk is missing, in words, and **Retry**, which counts one more `attempt` (the
    /// caller loads again on each).
    pub fn failure_notice(
        title: &'static str,
        code: &'static str,
        then: &'static str,
        attempt: RwSignal<u32>,
    ) -> AnyView {
        view! {
            <div class="notice notice--error" role="alert" data-chunk-error="">
                <p class="notice__title">
                    <span class="notice__icon" aria-hidden="true">"⚠"</span>
                    " "{title}
                </p>
                <ul class="notice__messages">
                    <li>
                        "The console could not download "{code}": the network may be down, or a "
                        "new version of the console was deployed meanwhile."
                    </li>
                    <li>"Retry; if it keeps failing, "{then}</li>
                </ul>
                <button type="button" class="button" on:click=move |_| attempt.update(|n| *n += 1)>
                    "Retry"
                </button>
            </div>
        }
        .into_any()
    }

    /// In place of a screen whose code could not be loaded: why, in words, and **Retry**, which
    /// tries again and shows the screen once it loads.
    #[component]
    pub fn ChunkError(
        /// The screen's loader.
        load: Load,
    ) -> impl IntoView {
        // 0: the failure that brought us here; each Retry is one more attempt.
        let attempt = RwSignal::new(0_u32);
        let notice = move || {
            failure_notice(
                "This screen could not be loaded",
                "this screen's code",
                "reload the page.",
                attempt,
            )
        };
        view! {
            <Suspense fallback=|| view! { <Loading label="Loading this screen…" /> }>
                {move || {
                    if attempt.get() == 0 {
                        return notice().into_any();
                    }
                    Suspend::new(async move {
                        match load().await {
                            Ok(view) => view,
                            Err(ChunkLoadFailed) => notice(),
                        }
                    })
                    .into_any()
                }}
            </Suspense>
        }
    }
}
