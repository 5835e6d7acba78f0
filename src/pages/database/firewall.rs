//! **Firewall** (`/databases/{db}/firewall`).

use leptos::prelude::*;

use super::use_tab;
use crate::paths::DatabaseTab;

#[component]
pub fn FirewallTab() -> impl IntoView {
    use_tab(DatabaseTab::Firewall);
    view! { <h2 class="section-title">"Firewall"</h2> }
}
