use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};

use crate::components::sign_in_form::SignInForm;
use crate::session::safe_next;
use crate::state::use_session;

/// `/sign-in?next=...`: choose where to connect, prove the token, then go back to `next`.
#[component]
pub fn SignInPage() -> impl IntoView {
    let state = use_session();
    let query = use_query_map();
    let navigate = use_navigate();
    let on_signed_in = Callback::new(move |session| {
        state.sign_in(session);
        let next = query.with_untracked(|q| safe_next(q.get("next").as_deref()));
        navigate(&next, Default::default());
    });
    view! {
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
