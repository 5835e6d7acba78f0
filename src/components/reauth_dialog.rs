use leptos::html::Dialog;
use leptos::prelude::*;

use crate::components::dialog::use_modal;
use crate::lazy_routes;
use crate::state::use_session;

/// Opens over the current page when the API refuses the token mid-way. Signing in again keeps
/// the page and what was typed in it; its data reloads with the new token. It opens with the
/// token field focused, and gives focus back to what had it when it closes.
#[component]
pub fn ReauthDialog() -> impl IntoView {
    let state = use_session();
    let dialog = NodeRef::<Dialog>::new();
    let restore_focus = use_modal(
        dialog,
        Signal::derive(move || state.needs_reauth()),
        "input[name=token]",
    );
    let connection = move || state.get().map(|s| s.connection);

    view! {
        <dialog
            node_ref=dialog
            class="dialog"
            aria-labelledby="reauth-title"
            on:close=move |_| {
                state.dismiss_reauth();
                restore_focus();
            }
        >
            <h2 id="reauth-title">"Sign in again"</h2>
            <p>
                "The API refused the token: it may have expired or been revoked. "
                "Sign in again to carry on; this page and what you typed stay as they are."
            </p>
            <p class="dialog__reason">
                {move || state.reauth_reason().map(|reason| format!("The API said: {reason}."))}
            </p>
            // The form comes from a chunk in the split build (`lazy_routes::reauth_form`).
            {move || state.needs_reauth().then(|| lazy_routes::reauth_form(
                connection().unwrap_or(crate::session::Connection::Local),
                Callback::new(move |session| state.sign_in(session)),
            ))}
            <button type="button" class="button button--quiet" on:click=move |_| state.dismiss_reauth()>
                "Cancel"
            </button>
        </dialog>
    }
}
