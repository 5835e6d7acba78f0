use std::collections::HashMap;
use std::sync::Arc;

use leptos::prelude::*;
use leptos_router::components::A;

use super::view_state::Names;
use crate::api::types::ListedDatabase;
use crate::pages::database::StatusBadge;
use crate::paths::{self, DatabaseTab};
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

/// A row's identity: names and ids are unique per region only.
pub fn row_key(row: &ListedDatabase) -> String {
    format!(
        "{}/{}",
        row.region.as_deref().unwrap_or_default(),
        row.database.id
    )
}

/// The id of a row's link, so focus can be given back to it after Back.
pub fn row_link_id(row: &ListedDatabase) -> String {
    match row.region.as_deref().filter(|r| !r.is_empty()) {
        Some(region) => format!(
            "row-{}-{}",
            paths::encode_segment(region),
            paths::encode_segment(&row.database.id)
        ),
        None => format!("row-{}", paths::encode_segment(&row.database.id)),
    }
}

/// The databases as a table (cards on narrow screens), one row per database keyed by id, with
/// the name linking to its detail page; an empty state leading to **New database** when there
/// are none.
#[component]
pub fn DatabaseTable(
    /// The rows, in the order to show them.
    #[prop(into)]
    databases: Signal<Vec<Arc<ListedDatabase>>>,
    /// Statuses read since the list came, by [`row_key`] (they win over the list's).
    #[prop(optional, into)]
    polled: Option<Signal<HashMap<String, Status>>>,
    /// Names for projects and plans; what has none shows as the server gave it.
    #[prop(optional, into)]
    names: Signal<Names>,
    /// How many rows match in all, when only some are drawn (`data-total-rows`).
    #[prop(optional, into)]
    total_rows: Option<Signal<usize>>,
    /// Whether the rows come from several regions: then a Region column says which, and the
    /// links carry it.
    #[prop(optional, into)]
    several_regions: Signal<bool>,
) -> impl IntoView {
    // Each row's current data by its key: a refresh that changes a row redraws its cells, not
    // the row (which keeps its focus).
    let current = Memo::new(move |_| {
        databases.with(|rows| {
            rows.iter()
                .map(|row| (row_key(row), Arc::clone(row)))
                .collect::<HashMap<_, _>>()
        })
    });
    view! {
        <Show
            when=move || databases.with(|list| !list.is_empty())
            fallback=|| view! { <EmptyDatabases /> }
        >
            <table
                class=move || if several_regions.get() { "db-table db-table--regions" } else { "db-table" }
                data-total-rows=move || total_rows.map(|t| t.get().to_string())
            >
                <caption class="visually-hidden">"Your databases"</caption>
                <thead>
                    <tr>
                        <th scope="col">"Name"</th>
                        {move || several_regions.get().then(|| view! { <th scope="col">"Region"</th> })}
                        <th scope="col">"Status"</th>
                        <th scope="col">"Plan"</th>
                        <th scope="col">"Project"</th>
                        <th scope="col">"Technology"</th>
                    </tr>
                </thead>
                <tbody>
                    <For each=move || databases.get() key=|row| row_key(row) let:row>
                        <DatabaseRow
                            row=row
                            current=current
                            names=names
                            polled=polled
                            several_regions=several_regions
                        />
                    </For>
                </tbody>
            </table>
        </Show>
    }
}

/// What a row shows (with its status, polls included), to tell when a refresh changed it.
type Fingerprint = (String, String, String, String, Status);

fn fingerprint(row: &ListedDatabase, status: Status) -> Fingerprint {
    let db = &row.database;
    (
        db.name.clone(),
        db.plan.clone(),
        db.project_id.clone(),
        db.technology.clone(),
        status,
    )
}

/// How long a row that a refresh changed stays marked, in milliseconds.
const CHANGED_FOR_MS: u64 = 4_000;

/// The class of a row so marked (written as `class:db-table__row--changed` below): a drawing
/// kept for the next start leaves it out.
pub const CHANGED_ROW_CLASS: &str = "db-table__row--changed";

/// One row, kept (and its focus with it) while refreshes change what it shows: every cell
/// reads the row's current data from `current`, so a new plan or status is drawn in place, and
/// the row is marked a moment as changed, in words too. The names and the status are read in
/// closures of their own: they change only when the catalog or the projects arrive, a poll
/// reads a status, or a refresh changes the row, and then only these cells are drawn again.
#[component]
fn DatabaseRow(
    row: Arc<ListedDatabase>,
    current: Memo<HashMap<String, Arc<ListedDatabase>>>,
    names: Signal<Names>,
    polled: Option<Signal<HashMap<String, Status>>>,
    several_regions: Signal<bool>,
) -> impl IntoView {
    let key = row_key(&row);
    let link_id = row_link_id(&row);
    let region = row.region.clone().unwrap_or_default();
    // A keystroke hands back the very same row (unchanged: nothing to compare); a refresh, a
    // new one, compared by content so that only a real change redraws the cells.
    let this = {
        let key = key.clone();
        Memo::new_with_compare(
            move |_| {
                current
                    .with(|c| c.get(&key).cloned())
                    .unwrap_or_else(|| Arc::clone(&row))
            },
            |before, now| match (before, now) {
                (Some(before), Some(now)) => !Arc::ptr_eq(before, now) && before != now,
                _ => true,
            },
        )
    };
    let status = {
        let key = key.clone();
        Memo::new(move |_| {
            polled
                .and_then(|p| p.with(|p| p.get(&key).copied()))
                .unwrap_or_else(|| this.with(|r| r.status))
        })
    };
    // Marked as changed when what it shows changes after it was first drawn. A render effect
    // (run in place, its last fingerprint as its value) rather than an `Effect`, which would
    // queue a task per row: a keystroke draws a page of new rows.
    let changed = RwSignal::new(false);
    let marker = RenderEffect::new(move |before: Option<Fingerprint>| {
        let now = this.with(|row| fingerprint(row, status.get()));
        if before.is_some_and(|before| before != now) {
            changed.set(true);
            set_timeout(
                move || {
                    changed.try_set(false);
                },
                std::time::Duration::from_millis(CHANGED_FOR_MS),
            );
        }
        now
    });
    // Dropped, it would stop: kept as long as the row.
    StoredValue::new(marker);
    let project_name = Memo::new(move |_| {
        let project_id = this.with(|r| r.database.project_id.clone());
        names.with(|n| n.projects.get(&project_id).cloned())
    });
    view! {
        <tr class:db-table__row--changed=move || changed.get()>
            <th scope="row">
                // A plain link (the router still handles its click): `<A>` would add a memo per
                // row that reruns on every URL change, and the search writes the URL on each
                // keystroke.
                <a
                    id=link_id
                    href={
                        let region = region.clone();
                        move || {
                            let region = several_regions.get().then_some(region.as_str());
                            this.with(|r| {
                                paths::href(&paths::database_in(&r.database.name, region, DatabaseTab::Overview))
                            })
                        }
                    }
                >
                    {move || this.with(|r| r.database.name.clone())}
                </a>
                {move || changed.get().then(|| view! { <span class="visually-hidden" data-paint="omit">" (changed)"</span> })}
            </th>
            {move || several_regions.get().then(|| view! { <td data-label="Region">{region.clone()}</td> })}
            <td data-label="Status"><StatusBadge status=status /></td>
            <td data-label="Plan" title=move || this.with(|r| r.database.plan.clone())>
                {move || this.with(|r| {
                    let plan = &r.database.plan;
                    let given = r.plan_display_name.as_deref().filter(|n| !n.is_empty());
                    names.with(|n| {
                        let known = n.plans.label(plan);
                        match (given, known == plan.as_str()) {
                            (Some(given), true) => given.to_string(),
                            _ => or_missing(known),
                        }
                    })
                })}
            </td>
            // One cell whose attributes and text follow the name (not two views to swap).
            <td
                data-label="Project"
                class:mono=move || project_name.with(Option::is_none)
                title=move || project_name.with(Option::is_some).then(|| this.with(|r| r.database.project_id.clone()))
            >
                {move || project_name.get().unwrap_or_else(|| this.with(|r| or_missing(&r.database.project_id)))}
            </td>
            <td data-label="Technology">{move || this.with(|r| or_missing(&r.database.technology))}</td>
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
