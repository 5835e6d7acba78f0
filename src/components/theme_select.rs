use leptos::prelude::*;

use crate::rules::theme::Theme;
use crate::state::theme::use_theme;

/// The header's **Theme** control: Light, Dark or System, applied and kept at once.
#[component]
pub fn ThemeSelect() -> impl IntoView {
    let theme = use_theme();
    view! {
        <div class="theme-select">
            <label for="theme-select">"Theme"</label>
            <select
                id="theme-select"
                prop:value=move || theme.get().value()
                on:change=move |ev| theme.set(Theme::from_value(&event_target_value(&ev)))
            >
                {Theme::ALL
                    .into_iter()
                    .map(|t| view! { <option value=t.value()>{t.label()}</option> })
                    .collect_view()}
            </select>
        </div>
    }
}
