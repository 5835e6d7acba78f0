use std::collections::HashMap;

use leptos::prelude::*;
use leptos_router::components::A;

use super::view_state::Names;
use crate::api::types::ListedDatabase;
use crate::pages::database::StatusBadge;
use crate::paths;
use crate::rules::Status;

/// Shown for a field the server left empty.
const MISSING: &str = "—";

fn or_missing(value: &str) -> String {
    if value.is_empty() {
        MISSING.to_string()
    } else {
        value.to_string()
    }
}

/// The id of a row's link, so focus can be given back to it after Back.
pub fn row_link_id(database_id: &str) -> String {
    format!("row-{}", paths::encode_segment(database_id))
}

/// The databases as a table (cards on narrow screens), one row per database keyed by id, with
/// the name linking to its detail page; an empty state leading to **New database** when there
/// are none.
#[component]
pub fn DatabaseTable(
    /// The rows, in the order to show them.
    #[prop(into)]
    databases: Signal<Vec<ListedDatabase>>,
    /// Statuses read since the list came, by database id (they win over the list's).
    #[prop(optional, into)]
    polled: Option<Signal<HashMap<String, Status>>>,
    /// Names for projects and plans; what has none shows as the server gave it.
    #[prop(optional, into)]
    names: Signal<Names>,
    /// How many rows match in all, when only some are drawn (`data-total-rows`).
    #[prop(optional, into)]
    total_rows: Option<Signal<usize>>,
) -> impl IntoView {
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
                        <th scope="col">"Status"</th>
                        <th scope="col">"Plan"</th>
                        <th scope="col">"Project"</th>
                        <th scope="col">"Technology"</th>
                    </tr>
                </thead>
                <tbody>
                    <For each=move || databases.get() key=|row| row.database.id.clone() let:row>
                        <DatabaseRow row=row names=names polled=polled />
                    </For>
                </tbody>
            </table>
        </Show>
    }
}

/// One row. The names and the status are read in closures of their own: they change only when
/// the catalog or the projects arrive, or a poll reads a status, and then only these cells are
/// drawn again.
#[component]
fn DatabaseRow(
    row: ListedDatabase,
    names: Signal<Names>,
    polled: Option<Signal<HashMap<String, Status>>>,
) -> impl IntoView {
    let db = row.database;
    let listed_status = row.status;
    let status = {
        let id = db.id.clone();
        Memo::new(move |_| {
            polled
                .and_then(|p| p.with(|p| p.get(&id).copied()))
                .unwrap_or(listed_status)
        })
    };
    // The catalog's name for the plan, else the one the list gave, else the plan itself.
    let given = row.plan_display_name.filter(|n| !n.is_empty());
    let plan = db.plan.clone();
    let project_id = db.project_id.clone();
    let project_name = {
        let project_id = project_id.clone();
        Memo::new(move |_| names.with(|n| n.projects.get(&project_id).cloned()))
    };
    view! {
        <tr>
            <th scope="row">
                // A plain link (the router still handles its click): `<A>` would add a memo per
                // row that reruns on every URL change, and the search writes the URL on each
                // keystroke.
                <a id=row_link_id(&db.id) href=paths::href(&paths::database(&db.name))>
                    {db.name.clone()}
                </a>
            </th>
            <td data-label="Status"><StatusBadge status=status /></td>
            <td data-label="Plan" title=db.plan.clone()>
                {move || names.with(|n| {
                    let known = n.plans.label(&plan);
                    match (&given, known == plan) {
                        (Some(given), true) => given.clone(),
                        _ => or_missing(known),
                    }
                })}
            </td>
            {move || match project_name.get() {
                Some(name) => view! {
                    <td data-label="Project" title=project_id.clone()>{name}</td>
                }
                .into_any(),
                None => view! {
                    <td data-label="Project" class="mono">{or_missing(&project_id)}</td>
                }
                .into_any(),
            }}
            <td data-label="Technology">{or_missing(&db.technology)}</td>
        </tr>
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
