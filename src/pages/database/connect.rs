//! **Connect** (`/databases/{db}/connect`).

use leptos::prelude::*;

use super::use_tab;
use crate::paths::DatabaseTab;

#[component]
pub fn ConnectTab() -> impl IntoView {
    use_tab(DatabaseTab::Connect);
    view! { <h2 class="section-title">"Connect"</h2> }
}
