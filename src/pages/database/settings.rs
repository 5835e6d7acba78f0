//! **Settings** (`/databases/{db}/settings`).

use leptos::prelude::*;

use super::use_tab;
use crate::paths::DatabaseTab;

#[component]
pub fn SettingsTab() -> impl IntoView {
    use_tab(DatabaseTab::Settings);
    view! { <h2 class="section-title">"Settings"</h2> }
}
