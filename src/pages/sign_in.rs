use leptos::prelude::*;
use leptos_router::components::Redirect;
use leptos_router::hooks::{use_navigate, use_query_map};

use crate::components::page::{use_page, PageOptions};
use crate::components::require_session::replacing;
use crate::components::sign_in_form::SignInForm;
use crate::session::safe_next;
use crate::state::use_session;

/// `/sign-in?next=...`: choose where to connect, prove the token, then go back to `next`. The
/// sign-in entry is replaced by the page it leads to, so Back never shows the form to someone
/// signed in; reached while signed in (a bookmark, history), it goes on to `next` at once.
#[component]
pub fn SignInPage() -> impl IntoView {
    let state = use_session();
    let query = use_query_map();
    let navigate = use_navigate();
    let next = move || query.with_untracked(|q| safe_next(q.get("next").as_deref()));
    let on_signed_in = Callback::new(move |session| {
        state.sign_in(session);
        navigate(&next(), replacing());
    });
    use_page(PageOptions {
        title: Signal::stored("Sign in".to_string()),
        ready: Signal::stored(true),
        pages: None,
    });
    let signed_in = Memo::new(move |_| state.is_signed_in());
    view! {
        {move || signed_in.get().then(|| view! { <Redirect path=next() options=replacing() /> })}
        <div class="narrow">
            <div class="page-header">
                <h1>"Sign in"</h1>
            </div>
            <p class="lead">
                "Connect to an API that implements Scalingo's Databases endpoints. "
                "The token is checked before it is kept, and stays in this tab unless you ask to remember it."
            </p>
            <SignInForm id_prefix="sign-in" on_signed_in=on_signed_in />
        </div>
    }
}
