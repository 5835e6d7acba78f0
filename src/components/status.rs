use leptos::prelude::*;

/// A placeholder while something loads: a polite live region says so in words, and grey bars
/// keep the layout from jumping when the content arrives.
#[component]
pub fn Loading(
    /// What is loading, for example "Loading databases…".
    #[prop(into)]
    label: String,
    /// How many placeholder lines to draw.
    #[prop(default = 3)]
    lines: usize,
) -> impl IntoView {
    view! {
        <div class="loading" role="status" aria-live="polite">
            <p class="loading__label">{label}</p>
            <div class="loading__lines" aria-hidden="true">
                {(0..lines).map(|_| view! { <div class="skeleton"></div> }).collect_view()}
            </div>
        </div>
    }
}

/// An error with its message in words and, when given, a **Retry** button.
#[component]
pub fn ErrorNotice(
    /// A short heading, for example "Could not load the databases".
    #[prop(into)]
    title: String,
    /// The details, one sentence each.
    messages: Vec<String>,
    /// What **Retry** does; without it there is no button.
    #[prop(optional, into)]
    retry: Option<Callback<()>>,
) -> impl IntoView {
    // Focusable (not a Tab stop), so focus can move to it when it replaces what had focus.
    view! {
        <div class="notice notice--error" role="alert" tabindex="-1">
            <p class="notice__title">
                <span class="notice__icon" aria-hidden="true">"⚠"</span>
                " "
                {title}
            </p>
            <ul class="notice__messages">
                {messages.into_iter().map(|message| view! { <li>{message}</li> }).collect_view()}
            </ul>
            {retry.map(|retry| view! {
                <button type="button" class="button" on:click=move |_| retry.run(())>
                    "Retry"
                </button>
            })}
        </div>
    }
}
