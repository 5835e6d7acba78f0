use leptos::prelude::*;
use leptos_router::components::A;
use model::Database;

use super::view_state::ProjectNames;
use crate::paths;

/// Shown for a field the server left empty.
const MISSING: &str = "—";

fn or_missing(value: &str) -> String {
    if value.is_empty() {
        MISSING.to_string()
    } else {
        value.to_string()
    }
}

/// The databases as a table (cards on narrow screens), one row per database keyed by id, with
/// the name linking to its detail page; an empty state leading to **New database** when there
/// are none.
#[component]
pub fn DatabaseTable(
    /// The rows, in the order to show them.
    #[prop(into)]
    databases: Signal<Vec<Database>>,
    /// Project names by id; a project without one shows its id.
    #[prop(optional)]
    projects: ProjectNames,
    /// How many rows match in all, when only some are drawn (`data-total-rows`).
    #[prop(optional, into)]
    total_rows: Option<Signal<usize>>,
) -> impl IntoView {
    let projects = StoredValue::new(projects);
    view! {
        <Show
            when=move || databases.with(|list| !list.is_empty())
            fallback=|| view! { <EmptyDatabases /> }
        >
            <table
                class="db-table"
                data-total-rows=move || total_rows.map(|t| t.get().to_string())
            >
                <caption class="visually-hidden">"Your databases"</caption>
                <thead>
                    <tr>
                        <th scope="col">"Name"</th>
                        <th scope="col">"Plan"</th>
                        <th scope="col">"Project"</th>
                        <th scope="col">"Technology"</th>
                    </tr>
                </thead>
                <tbody>
                    <For each=move || databases.get() key=|db| db.id.clone() let:db>
                        <tr>
                            <th scope="row">
                                // A plain link (the router still handles its click): `<A>` would
                                // add a memo per row that reruns on every URL change, and the
                                // search writes the URL on each keystroke.
                                <a href=paths::href(&paths::database(&db.name))>{db.name.clone()}</a>
                            </th>
                            <td data-label="Plan">{or_missing(&db.plan)}</td>
                            {match projects.with_value(|p| p.get(&db.project_id).cloned()) {
                                Some(name) => view! {
                                    <td data-label="Project" title=db.project_id.clone()>{name}</td>
                                }.into_any(),
                                None => view! {
                                    <td data-label="Project" class="mono">{or_missing(&db.project_id)}</td>
                                }.into_any(),
                            }}
                            <td data-label="Technology">{or_missing(&db.technology)}</td>
                        </tr>
                    </For>
                </tbody>
            </table>
        </Show>
    }
}

/// What the list says when the account has no database yet.
#[component]
fn EmptyDatabases() -> impl IntoView {
    view! {
        <div class="empty-state">
            <p class="empty-state__title">"No databases yet"</p>
            <p>"Databases you create or collaborate on will be listed here."</p>
            <A href=paths::href(paths::NEW_DATABASE) attr:class="button">"New database"</A>
        </div>
    }
}
