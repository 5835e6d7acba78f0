use leptos::prelude::*;
use std::time::Duration;

use crate::browser;

/// A button that copies a value, and says in words (in a live region) whether it worked.
#[component]
pub fn CopyButton(
    /// What to copy (as it is when the button is pressed).
    #[prop(into)]
    value: Signal<String>,
    /// The button's name, for example "Copy ID".
    #[prop(into)]
    label: String,
) -> impl IntoView {
    let status = RwSignal::new(String::new());
    let copy = Action::new_local(move |value: &String| {
        let value = value.clone();
        async move { browser::copy_text(&value).await }
    });
    Effect::new(move |_| {
        if let Some(result) = copy.value().get() {
            status.set(match result {
                Ok(()) => "Copied".into(),
                Err(_) => "Could not copy: select the text and copy it".into(),
            });
            // The button may be gone by then (a dialog closed, the page left).
            set_timeout(
                move || {
                    status.try_set(String::new());
                },
                Duration::from_secs(3),
            );
        }
    });
    view! {
        <span class="copy">
            <button
                type="button"
                class="button button--quiet button--small"
                on:click=move |_| {
                    copy.dispatch_local(value.get_untracked());
                }
            >
                {label}
            </button>
            <span class="copy__status" role="status">{move || status.get()}</span>
        </span>
    }
}
