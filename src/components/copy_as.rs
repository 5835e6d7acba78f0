use leptos::prelude::*;

use crate::browser;
use crate::components::copy_button::CopyButton;
use crate::paths;
use crate::rules::copy_as::{cli, curl, terraform, DatabaseSpec, RuleSpec, Target};
use crate::session::RegionApi;

/// Where commands for a region go: its own API URL (a local one through this page's origin),
/// and its name for the CLI and Terraform when it is a Scalingo region.
pub fn target_for(region: &RegionApi) -> Target {
    let api_url = if region.public_url.starts_with('/') {
        format!(
            "{}{}{}",
            browser::origin().unwrap_or_default(),
            paths::base(),
            region.public_url
        )
    } else {
        region.public_url.clone()
    };
    Target {
        region: region.scalingo.then(|| region.name.clone()),
        api_url,
    }
}

/// What "Copy as" copies: where, the database, its firewall rules.
pub type CopySpec = (Target, DatabaseSpec, Vec<RuleSpec>);

/// **Copy as curl**, **Copy as CLI** and **Copy as Terraform**: the database as the commands
/// that make it elsewhere (`rules::copy_as`), never with a token in them.
#[component]
pub fn CopyAs(
    /// What to copy; while it is `None` the buttons are not offered and `waiting` says why.
    #[prop(into)]
    spec: Signal<Option<CopySpec>>,
    /// Why there is nothing to copy yet ("Fill in a name and a plan…").
    #[prop(into)]
    waiting: Signal<String>,
) -> impl IntoView {
    let text = move |make: fn(&Target, &DatabaseSpec, &[RuleSpec]) -> String| {
        Signal::derive(move || {
            spec.with(|spec| {
                spec.as_ref()
                    .map(|(target, db, rules)| make(target, db, rules))
                    .unwrap_or_default()
            })
        })
    };
    view! {
        <div class="copy-as" role="group" aria-label="Copy as">
            <Show
                when=move || spec.with(Option::is_some)
                fallback=move || view! { <span class="hint">{move || waiting.get()}</span> }
            >
                <CopyButton value=text(curl) label="Copy as curl" />
                <CopyButton value=text(cli) label="Copy as CLI" />
                <CopyButton value=text(terraform) label="Copy as Terraform" />
                <span class="hint">"The token is never in the copied text."</span>
            </Show>
        </div>
    }
}
