use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_location, use_navigate, use_query_map};
use leptos_router::NavigateOptions;
use model::{Database, Project};

use crate::api::ApiError;
use crate::components::database_table::DatabaseTable;
use crate::components::status::{ErrorNotice, Loading};
use crate::list_view::{
    count_label, project_names, rows_to_draw, show_more_label, ListQuery, SortKey, SortedList,
};
use crate::pages::{error_messages, projects_resource};
use crate::paths;
use crate::state::use_session;

/// `/databases?q=...&sort=...`: every database the token can see, searchable and sortable,
/// with the view kept in the URL.
#[component]
pub fn DatabasesPage() -> impl IntoView {
    let state = use_session();
    let databases = LocalResource::new(move || {
        let client = state.client();
        state.read(
            client,
            |client| async move { client.list_databases().await },
        )
    });
    // Project names make the list readable; without them it shows the ids.
    let projects = projects_resource(state);

    let query_map = use_query_map();
    let url_query =
        Memo::new(move |_| query_map.with(|q| ListQuery::from_params(|key| q.get(key))));
    // What the list shows. The controls change it at once and the URL follows in a task of its
    // own, so the router's work stays off the keystroke's path; a URL changed from elsewhere
    // (back, forward, a link) is followed here.
    let query = RwSignal::new(url_query.get_untracked());
    Effect::new(move |_| {
        let from_url = url_query.get();
        if query.with_untracked(|q| *q != from_url) {
            query.set(from_url);
        }
    });
    let url_write_queued = StoredValue::new(false);
    let navigate = use_navigate();
    let location = use_location();
    let set_query = move |next: ListQuery| {
        query.set(next);
        if url_write_queued.get_value() {
            return;
        }
        url_write_queued.set_value(true);
        let navigate = navigate.clone();
        set_timeout(
            move || {
                url_write_queued.set_value(false);
                // The newest state when the task runs: typing faster than tasks run writes once.
                let Some(current) = query.try_get_untracked() else {
                    return; // the page is gone
                };
                // Or going: a link followed in the same moment, whose screen is still loading
                // (a lazy route keeps this page until its chunk is there).
                if paths::strip_base(paths::base(), &location.pathname.get_untracked())
                    != paths::DATABASES
                {
                    return;
                }
                navigate(
                    &format!("{}{}", paths::DATABASES, current.to_query_string()),
                    NavigateOptions {
                        replace: true,
                        scroll: false,
                        ..Default::default()
                    },
                );
            },
            std::time::Duration::ZERO,
        );
    };
    let set_search = {
        let set_query = set_query.clone();
        move |search: String| {
            let mut next = query.get_untracked();
            next.search = search;
            set_query(next);
        }
    };
    let set_sort = move |sort: SortKey| {
        let mut next = query.get_untracked();
        next.sort = sort;
        set_query(next);
    };
    let refresh = move || {
        databases.refetch();
        projects.refetch();
    };
    let clear_search = set_search.clone();
    // True while a refresh runs behind the rows already shown.
    let refreshing = RwSignal::new(false);

    view! {
        <div class="page-header">
            <h1>"Databases"</h1>
            <div class="page-header__actions">
                <button
                    type="button"
                    class="button button--quiet"
                    aria-busy=move || refreshing.get().to_string()
                    on:click=move |_| refresh()
                >
                    "Refresh"
                </button>
                <A href=paths::href(paths::NEW_DATABASE) attr:class="button">"New database"</A>
            </div>
        </div>
        <div class="toolbar" role="search">
            <div class="field">
                <label for="search">"Search"</label>
                <input
                    type="search"
                    id="search"
                    placeholder="Name or ID"
                    autocomplete="off"
                    spellcheck="false"
                    prop:value=move || query.get().search
                    on:input=move |ev| set_search(event_target_value(&ev))
                />
            </div>
            <div class="field">
                <label for="sort">"Sort by"</label>
                <select
                    id="sort"
                    prop:value=move || query.get().sort.as_str()
                    on:change=move |ev| set_sort(SortKey::parse(&event_target_value(&ev)))
                >
                    {SortKey::ALL
                        .into_iter()
                        .map(|key| view! { <option value=key.as_str()>{key.label()}</option> })
                        .collect_view()}
                </select>
            </div>
        </div>
        <p class="refreshing" role="status">
            {move || refreshing.get().then_some("Refreshing…")}
        </p>
        <Transition
            fallback=|| view! { <Loading label="Loading databases…" lines=4 /> }
            set_pending=refreshing
        >
            <ErrorBoundary fallback=move |errors| {
                view! {
                    <ErrorNotice
                        title="Could not load the databases"
                        messages=error_messages(&errors)
                        retry=Callback::new(move |()| refresh())
                    />
                }
            }>
                {move || {
                    let clear_search = clear_search.clone();
                    Suspend::new(async move {
                        let all: Vec<Database> = databases.await?;
                        let known: Vec<Project> = projects.await.unwrap_or_default();
                        Ok::<_, ApiError>(view! {
                            <DatabaseList all=all projects=known query=query clear_search=clear_search />
                        })
                    })
                }}
            </ErrorBoundary>
        </Transition>
    }
}

/// The count, the table, and what to say when the search hides everything.
#[component]
fn DatabaseList(
    all: Vec<Database>,
    projects: Vec<Project>,
    query: RwSignal<ListQuery>,
    clear_search: impl Fn(String) + Clone + Send + Sync + 'static,
) -> impl IntoView {
    let total = all.len();
    let names = project_names(&projects);
    // Sorting happens when the order changes; a keystroke only scans and draws.
    let sort = Memo::new(move |_| query.with(|q| q.sort));
    let sorted = Memo::new(move |_| SortedList::new(&all, sort.get(), &names));
    let search = Memo::new(move |_| query.with(|q| q.search.clone()));
    let matching = Memo::new(move |_| search.with(|text| sorted.with(|list| list.matching(text))));
    // Pages of rows drawn, for the view they were asked for: another search or sort starts
    // again from the first page.
    let more = RwSignal::new((ListQuery::default(), 1usize));
    let pages = move || {
        more.with(|(asked_for, pages)| query.with(|q| if q == asked_for { *pages } else { 1 }))
    };
    let drawn = Memo::new(move |_| {
        let pages = pages();
        matching.with(|positions| {
            let shown = &positions[..rows_to_draw(positions.len(), pages)];
            sorted.with(|list| list.rows(shown))
        })
    });
    let project_names = project_names(&projects);
    view! {
        <p class="count" role="status" aria-live="polite">
            {move || count_label(matching.with(Vec::len), total)}
        </p>
        <Show
            when=move || total == 0 || matching.with(|m| !m.is_empty())
            fallback=move || {
                let clear_search = clear_search.clone();
                view! {
                    <div class="empty-state">
                        <p class="empty-state__title">
                            "No database matches “" {move || query.get().search} "”"
                        </p>
                        <button
                            type="button"
                            class="button button--quiet"
                            on:click=move |_| clear_search(String::new())
                        >
                            "Clear search"
                        </button>
                    </div>
                }
            }
        >
            <DatabaseTable
                databases=drawn
                projects=project_names.clone()
                total_rows=Signal::derive(move || matching.with(Vec::len))
            />
            {move || {
                show_more_label(matching.with(Vec::len), drawn.with(Vec::len)).map(|label| view! {
                    <p class="show-more">
                        <button
                            type="button"
                            class="button button--quiet"
                            on:click=move |_| {
                                let next = pages() + 1;
                                more.set((query.get_untracked(), next));
                            }
                        >
                            {label}
                        </button>
                    </p>
                })
            }}
        </Show>
    }
}
