use leptos::prelude::*;

use crate::browser;
use crate::paths;
use crate::state::use_session;

/// What just happened, said once and kept in view until dismissed: "orders-db was created",
/// including for work that finished after the user left the page that started it. A polite live
/// region, present from the start so that screen readers announce what is added to it.
#[component]
pub fn Announcements() -> impl IntoView {
    let state = use_session();
    view! {
        <div class="announcements" role="status" aria-live="polite">
            <For
                each=move || state.announcements()
                key=|announcement| announcement.id
                let:announcement
            >
                <div class=format!("announcement announcement--{}", announcement.tone.as_str())>
                    <p>
                        <span class="announcement__icon" aria-hidden="true">
                            {announcement.tone.icon()}
                        </span>
                        " "
                        {announcement.text.clone()}
                        {announcement.link.clone().map(|link| {
                            let (path, label) = link;
                            view! { " " <a href=paths::href(&path)>{label}</a> }
                        })}
                    </p>
                    <button
                        type="button"
                        class="button button--quiet button--small"
                        aria-label=format!("Dismiss: {}", announcement.text)
                        on:click=move |_| {
                            state.dismiss(announcement.id);
                            browser::focus_heading(true);
                        }
                    >
                        "Dismiss"
                    </button>
                </div>
            </For>
        </div>
    }
}
