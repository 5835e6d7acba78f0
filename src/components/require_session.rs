use leptos::prelude::*;
use leptos_router::components::Redirect;
use leptos_router::hooks::use_location;
use leptos_router::NavigateOptions;

use crate::components::status::Loading;
use crate::paths;
use crate::state::use_session;

/// Navigation options of a redirect: it replaces the entry it leaves, so Back never lands on a
/// page that only sends the user on again.
pub fn replacing() -> NavigateOptions {
    NavigateOptions {
        replace: true,
        ..Default::default()
    }
}

/// Shows its children only with a session; without one, goes to the sign-in page with `next`
/// set to this exact page (path and query), so sign-in comes back here. While another tab may
/// still hand this one its session, it says so instead of sending the user away.
#[component]
pub fn RequireSession(children: ChildrenFn) -> impl IntoView {
    let state = use_session();
    let location = use_location();
    // Memos, so a new token (signing in again after a 401) does not rebuild the page and lose
    // what was typed: only signing in or out does.
    let signed_in = Memo::new(move |_| state.is_signed_in());
    let resolving = Memo::new(move |_| state.is_resolving());
    move || {
        if signed_in.get() {
            children().into_any()
        } else if resolving.get() {
            view! { <Loading label="Opening your session…" lines=2 /> }.into_any()
        } else {
            let here = paths::app_location(
                &location.pathname.get_untracked(),
                &location.search.get_untracked(),
            );
            // Signing out in this tab already went to the sign-in page for this one.
            if here.starts_with(paths::SIGN_IN) {
                return ().into_any();
            }
            let target = paths::sign_in_returning_to(&here);
            view! { <Redirect path=target options=replacing() /> }.into_any()
        }
    }
}
