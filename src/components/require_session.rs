use leptos::prelude::*;
use leptos_router::components::Redirect;
use leptos_router::hooks::use_location;

use crate::paths;
use crate::paths::encode_query_value;
use crate::state::use_session;

/// Shows its children only with a session; without one, goes to the sign-in page with `next`
/// set to this exact page (path and query), so sign-in comes back here.
#[component]
pub fn RequireSession(children: ChildrenFn) -> impl IntoView {
    let state = use_session();
    let location = use_location();
    // A Memo, so a new token (signing in again after a 401) does not rebuild the page and
    // lose what was typed: only signing in or out does.
    let signed_in = Memo::new(move |_| state.is_signed_in());
    move || {
        if signed_in.get() {
            children().into_any()
        } else {
            let search = location.search.get_untracked();
            let search = search.trim_start_matches('?');
            let pathname = location.pathname.get_untracked();
            let path = paths::strip_base(paths::base(), &pathname);
            let here = if search.is_empty() {
                path.to_string()
            } else {
                format!("{path}?{search}")
            };
            let target = format!("{}?next={}", paths::SIGN_IN, encode_query_value(&here));
            view! { <Redirect path=target /> }.into_any()
        }
    }
}
