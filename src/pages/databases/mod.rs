//! `/databases`: the list, its view state in the URL, and the table it draws.

mod polling;
pub mod reads;
pub mod table;
pub mod view_state;

use std::sync::Arc;

use crate::api::types::ListedDatabase;
use crate::rules::Status;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_location, use_navigate, use_query_map};
use leptos_router::location::State;
use leptos_router::NavigateOptions;

use crate::browser;
use crate::components::page::{use_page, PageOptions};
use crate::components::status::{ErrorNotice, Loading};
use crate::messages::ago;
use crate::pages::{catalog_resource, projects_resource};
use crate::paths;
use crate::place::Arrival;
use crate::state::use_session;
use reads::RegionReads;
use table::DatabaseTable;
use view_state::{
    count_label, project_names, rows_to_draw, show_more_label, ListQuery, Names, PlanNames,
    SortKey, SortedList,
};

/// `/databases?q=...&sort=...`: every database the token can see, searchable and sortable,
/// with the view kept in the URL. The rows on screen stay there while they are read again and
/// when reading them again fails (a notice above says since when they are shown).
#[component]
pub fn DatabasesPage() -> impl IntoView {
    let state = use_session();
    // The list this tab read last for this session, shown at once while every region is read
    // again (each through its own API).
    let list = RegionReads::new(state, state.kept_list());
    Effect::new(move |_| {
        // Tracked: a new session, new regions, or Refresh (the revision).
        let _ = state.client();
        let _ = state.regions();
        list.load_all();
    });
    let rows = Memo::new(move |_| list.merged().unwrap_or_default());
    refresh_on_its_own(list);
    // Statuses read since by the polls, by database id: they win over the list's.
    let polled = RwSignal::new(std::collections::HashMap::<String, Status>::new());
    polling::follow(rows.into(), polled);
    // Project and plan names make the list readable; without them it shows the ids.
    let projects = projects_resource(state);
    let catalog = catalog_resource(state);
    // Until they are read again, the names read last (so rows keep their height).
    let names = Memo::new(move |_| Names {
        projects: projects
            .get()
            .and_then(Result::ok)
            .or_else(|| state.kept_projects())
            .map(|p| project_names(&p))
            .unwrap_or_default(),
        plans: catalog
            .get()
            .and_then(Result::ok)
            .or_else(|| state.kept_catalog())
            .map(|c| PlanNames::from_providers(&c))
            .unwrap_or_default(),
    });

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
    // Pages of rows drawn, for the view they were asked for: another search or sort starts
    // again from the first page.
    let more = RwSignal::new((query.get_untracked(), 1usize));
    let pages = Signal::derive(move || {
        more.with(|(asked_for, pages)| query.with(|q| if q == asked_for { *pages } else { 1 }))
    });
    keep_drawing_for_next_start(state, list, rows, names, query, pages);
    let arrival = use_page(PageOptions {
        title: Signal::stored("All databases".to_string()),
        ready: Signal::derive(move || {
            list.has_good() || list.by_region().iter().any(|(_, _, r)| r.failed.is_some())
        }),
        pages: Some(pages),
    });
    // Back or Forward (or a reload) draws as many rows as were drawn when the user left.
    let place = match arrival {
        Arrival::History(place) => place,
        Arrival::Load => browser::history_place(),
        Arrival::Navigation => None,
    };
    if let Some(place) = place.filter(|p| p.pages > 1) {
        more.set((query.get_untracked(), place.pages));
    }

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
                        // The place noted in this entry stays with it.
                        state: State::new(Some(browser::history_state())),
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
    let set_sort = {
        let set_query = set_query.clone();
        move |sort: SortKey| {
            let mut next = query.get_untracked();
            next.sort = sort;
            set_query(next);
        }
    };
    let set_status = {
        let set_query = set_query.clone();
        move |status: Option<Status>| {
            let mut next = query.get_untracked();
            next.status = status;
            set_query(next);
        }
    };
    let set_region = {
        let set_query = set_query.clone();
        move |region: String| {
            let mut next = query.get_untracked();
            next.region = (!region.is_empty()).then_some(region);
            set_query(next);
        }
    };
    let refresh = move || state.reload_data();
    // Clears what hides rows: the search and the status filter.
    let clear_search = {
        let set_query = set_query.clone();
        move |_: String| {
            let mut next = query.get_untracked();
            next.search.clear();
            next.status = None;
            next.region = None;
            set_query(next);
        }
    };
    // One notice at a time: while a read is being tried again, that is the notice.
    let quiet = move || !list.pending() && state.retry_notice().is_none();

    view! {
        <div class="page-header">
            <h1>"Databases"</h1>
            <div class="page-header__actions">
                <button
                    type="button"
                    class="button button--quiet"
                    aria-busy=move || list.pending().to_string()
                    on:click=move |_| refresh()
                >
                    "Refresh"
                </button>
                // Preselects the region the list is filtered on.
                <A
                    href=move || {
                        let region = query.with(|q| q.region.clone());
                        paths::href(&match region {
                            Some(region) => format!(
                                "{}?region={}",
                                paths::NEW_DATABASE,
                                paths::encode_query_value(&region)
                            ),
                            None => paths::NEW_DATABASE.to_string(),
                        })
                    }
                    attr:class="button"
                >
                    "New database"
                </A>
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
            {move || {
                let set_region = set_region.clone();
                state.several_regions().then(|| view! {
                    <div class="field">
                        <label for="region-filter">"Region"</label>
                        <select
                            id="region-filter"
                            prop:value=move || query.get().region.unwrap_or_default()
                            on:change=move |ev| set_region(event_target_value(&ev))
                        >
                            <option value="">"All regions"</option>
                            {state
                                .regions()
                                .into_iter()
                                .map(|r| view! { <option value=r.name.clone()>{r.label.clone()}</option> })
                                .collect_view()}
                        </select>
                    </div>
                })
            }}
            <div class="field">
                <label for="status-filter">"Status"</label>
                <select
                    id="status-filter"
                    prop:value=move || query.get().status.map_or("", Status::slug)
                    on:change=move |ev| set_status(view_state::status_from_slug(&event_target_value(&ev)))
                >
                    <option value="">"Any status"</option>
                    {Status::ALL
                        .into_iter()
                        .map(|status| view! { <option value=status.slug()>{status.label()}</option> })
                        .collect_view()}
                </select>
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
            {move || (list.pending() && list.has_good()).then_some("Refreshing…")}
        </p>
        // Each region that failed says so, with its own Retry, above the rows of the others.
        {move || {
            if !quiet() {
                return Vec::new();
            }
            let several = state.several_regions();
            list.by_region()
                .into_iter()
                .filter_map(|(name, label, read)| {
                    let failed = read.failed?;
                    let region = name.clone();
                    let retry = Callback::new(move |()| list.load(&region));
                    let (title, messages) = match (several, read.good.as_ref()) {
                        (false, Some(good)) => (
                            "Could not refresh the databases".to_string(),
                            vec![failed.value.to_string(), out_of_date(good.at_ms)],
                        ),
                        (false, None) => (
                            "Could not load the databases".to_string(),
                            vec![failed.value.to_string()],
                        ),
                        (true, Some(good)) => (
                            format!("Could not refresh the databases of {label}"),
                            vec![failed.value.to_string(), out_of_date_region(good.at_ms)],
                        ),
                        (true, None) => (
                            format!("Could not load the databases of {label}"),
                            vec![
                                failed.value.to_string(),
                                "The other regions' databases are listed below.".to_string(),
                            ],
                        ),
                    };
                    Some(view! { <ErrorNotice title=title messages=messages retry=retry /> })
                })
                .collect::<Vec<_>>()
        }}
        {move || {
            let unreachable = state.unreachable_regions();
            (!unreachable.is_empty()).then(|| view! {
                <p class="notice" role="status">
                    {format!(
                        "The account also has databases in {}, which this console is not set up to reach (see config.json).",
                        unreachable.join(", ")
                    )}
                </p>
            })
        }}
        <Show
            when=move || list.showable()
            fallback=move || {
                let all_failed = list.by_region().iter().all(|(_, _, r)| r.failed.is_some());
                (!all_failed).then(|| view! { <Loading label="Loading databases…" lines=4 /> })
            }
        >
            {move || (list.skipped() > 0).then(|| view! {
                <p class="notice" role="status">
                    {format!(
                        "{} item(s) of the API's answer could not be read and are not shown.",
                        list.skipped()
                    )}
                </p>
            })}
            <UpdatedAgo list=list />
            <DatabaseList
                all=rows
                regions_answered=Signal::derive(move || {
                    let regions = list.by_region();
                    (regions.len() > 1).then(|| {
                        let answered = regions.iter().filter(|(_, _, r)| r.failed.is_none() && r.good.is_some()).count();
                        (answered, regions.len())
                    })
                })
                polled=polled
                names=names
                query=query
                more=more
                pages=pages
                clear_search=clear_search.clone()
            />
        </Show>
    }
}

/// The list reads itself again every `list_refresh_ms` (a minute) while it is shown — never in
/// a hidden tab; at once when the tab is shown again after the interval — keeping the search,
/// the filters, the sort, the rows drawn, the scroll and the focus (rows update in place).
fn refresh_on_its_own(list: RegionReads) {
    let state = use_session();
    let every = f64::from(state.config().list_refresh_ms);
    let visible = browser::use_visibility();
    let timer = StoredValue::new_local(None::<TimeoutHandle>);
    Effect::new(move |_| {
        let shown = visible.get();
        let pending = list.pending();
        let updated = list.updated_at();
        if let Some(handle) = timer.get_value() {
            handle.clear();
            timer.set_value(None);
        }
        if !shown || pending {
            return;
        }
        let Some(updated) = updated else {
            return;
        };
        let wait = (every - (js_sys::Date::now() - updated)).max(0.0) as u64;
        let handle = set_timeout_with_handle(
            move || {
                if !browser::is_hidden() {
                    list.load_all();
                }
            },
            std::time::Duration::from_millis(wait),
        );
        timer.set_value(handle.ok());
    });
    on_cleanup(move || {
        if let Some(handle) = timer.try_get_value().flatten() {
            handle.clear();
        }
    });
}

/// Keeps the page as drawn for the next start to show before the app has loaded
/// (`state::list_paint`), each time the rows on screen are a list just read and kept — every
/// region answered, names read — in the view a plain visit opens (no search, no filter, one
/// page): another view would not be what that visit draws. Taken in the frame after the rows are
/// drawn.
fn keep_drawing_for_next_start(
    state: crate::state::SessionState,
    list: RegionReads,
    rows: Memo<Arc<Vec<ListedDatabase>>>,
    names: Memo<Names>,
    query: RwSignal<ListQuery>,
    pages: Signal<usize>,
) {
    let plain_and_settled = move || {
        query.with(|q| *q == ListQuery::default())
            && pages.get() == 1
            && list.has_good()
            && !list.pending()
            && list
                .by_region()
                .iter()
                .all(|(_, _, read)| read.failed.is_none())
    };
    Effect::new(move |_| {
        rows.track();
        names.track();
        if !plain_and_settled() {
            return;
        }
        request_animation_frame(move || {
            // Still so once drawn, and the page still here.
            if query.try_with_untracked(|q| *q == ListQuery::default()) != Some(true) {
                return;
            }
            if let Some(html) = browser::list_page_drawing(&[table::CHANGED_ROW_CLASS]) {
                state.keep_list_drawing(&html);
            }
        });
    });
}

/// "Updated 12 s ago", kept true by a clock (no request).
#[component]
fn UpdatedAgo(list: RegionReads) -> impl IntoView {
    let now = RwSignal::new(js_sys::Date::now());
    let tick = set_interval_with_handle(
        move || {
            now.try_set(js_sys::Date::now());
        },
        std::time::Duration::from_secs(5),
    );
    on_cleanup(move || {
        if let Ok(handle) = tick {
            handle.clear();
        }
    });
    // Memos, so that the clock's ticks touch the page only when the words change ("12 s ago"),
    // and then only the text: not a new paragraph every 5 s in the middle of someone's typing.
    let shown = Memo::new(move |_| list.updated_at().is_some());
    let words = Memo::new(move |_| {
        let at = list.updated_at().unwrap_or_default();
        let seconds = ((now.get() - at) / 1000.0).max(0.0) as u64;
        format!("Updated {}", ago(seconds))
    });
    view! {
        <Show when=move || shown.get()>
            <p class="count count--updated" data-paint="blank">{words}</p>
        </Show>
    }
}

/// What a region's failed refresh says of its rows still on screen.
fn out_of_date_region(shown_since_ms: f64) -> String {
    let seconds = ((js_sys::Date::now() - shown_since_ms) / 1000.0).max(0.0) as u64;
    format!(
        "Its databases below may be out of date: they were last read {} ({}).",
        browser::describe_time((shown_since_ms / 1000.0) as u64),
        ago(seconds)
    )
}

/// What a failed refresh says of the rows still on screen.
fn out_of_date(shown_since_ms: f64) -> String {
    let seconds = ((js_sys::Date::now() - shown_since_ms) / 1000.0).max(0.0) as u64;
    format!(
        "The list below may be out of date: it was last updated {} ({}).",
        browser::describe_time((shown_since_ms / 1000.0) as u64),
        ago(seconds)
    )
}

/// The count, the table, and what to say when the search hides everything.
#[component]
fn DatabaseList(
    #[prop(into)] all: Signal<Arc<Vec<ListedDatabase>>>,
    /// How many of the session's regions answered, of how many, when there are several.
    regions_answered: Signal<Option<(usize, usize)>>,
    polled: RwSignal<std::collections::HashMap<String, Status>>,
    names: Memo<Names>,
    query: RwSignal<ListQuery>,
    more: RwSignal<(ListQuery, usize)>,
    pages: Signal<usize>,
    clear_search: impl Fn(String) + Clone + Send + Sync + 'static,
) -> impl IntoView {
    let state = use_session();
    let total = Memo::new(move |_| all.with(|a| a.len()));
    // Sorting happens when the order or the rows change; a keystroke only scans and draws.
    let sort = Memo::new(move |_| query.with(|q| q.sort));
    let sorted = Memo::new(move |_| {
        all.with(|all| names.with(|names| SortedList::new(all, sort.get(), names)))
    });
    let search = Memo::new(move |_| query.with(|q| q.search.clone()));
    let wanted = Memo::new(move |_| query.with(|q| q.status));
    let region = Memo::new(move |_| query.with(|q| q.region.clone()));
    let matching = Memo::new(move |_| {
        let found = search.with(|text| sorted.with(|list| list.matching(text)));
        let found =
            region.with(|region| sorted.with(|list| list.in_region(found, region.as_deref())));
        let wanted = wanted.get();
        sorted.with(|list| {
            polled.with(|polled| {
                list.with_status(found, wanted, |row| {
                    polled
                        .get(&table::row_key(row))
                        .copied()
                        .unwrap_or(row.status)
                })
            })
        })
    });
    // The same rows (the same pointers) are the same drawing: no row is compared field by field.
    let drawn = Memo::new_with_compare(
        move |_| {
            let pages = pages.get();
            matching.with(|positions| {
                let shown = &positions[..rows_to_draw(positions.len(), pages)];
                sorted.with(|list| list.rows(shown))
            })
        },
        |before, now| {
            !before.zip(now).is_some_and(|(before, now)| {
                before.len() == now.len() && before.iter().zip(now).all(|(a, b)| Arc::ptr_eq(a, b))
            })
        },
    );
    let more_label =
        Memo::new(move |_| show_more_label(matching.with(Vec::len), drawn.with(Vec::len)));
    let show_more = move |_| {
        let before = drawn.with_untracked(Vec::len);
        more.set((query.get_untracked(), pages.get_untracked() + 1));
        // Focus moves on to the first row just drawn: reading goes on from there, and the
        // button may be gone.
        browser::focus_result(
            format!(".db-table tbody tr:nth-child({}) a", before + 1),
            "main h1",
        );
    };
    view! {
        <div class="counts">
            <p class="count" role="status" aria-live="polite">
                {move || count_label(matching.with(Vec::len), total.get())}
            </p>
            {move || regions_answered.get().map(|(answered, of)| view! {
                <p class="count count--regions">
                    {if answered == of {
                        format!("from all {of} regions")
                    } else {
                        format!("from {answered} of {of} regions")
                    }}
                </p>
            })}
        </div>
        <Show
            when=move || total.get() == 0 || matching.with(|m| !m.is_empty())
            fallback=move || {
                let clear_search = clear_search.clone();
                view! {
                    <div class="empty-state">
                        <p class="empty-state__title">
                            {move || query.with(|q| match (q.search.is_empty(), q.status) {
                                (false, Some(status)) => format!("No {} database matches “{}”", status.label().to_lowercase(), q.search),
                                (true, Some(status)) => format!("No database is {}", status.label().to_lowercase()),
                                _ => format!("No database matches “{}”", q.search),
                            })}
                        </p>
                        <button
                            type="button"
                            class="button button--quiet"
                            on:click=move |_| {
                                clear_search(String::new());
                                browser::focus_selector("#search", false);
                            }
                        >
                            {move || if query.with(|q| q.status.is_some() || q.region.is_some()) { "Clear filters" } else { "Clear search" }}
                        </button>
                    </div>
                }
            }
        >
            <DatabaseTable
                databases=drawn
                polled=polled
                several_regions=Signal::derive(move || state.several_regions())
                names=names
                total_rows=Signal::derive(move || matching.with(Vec::len))
            />
            // Drawn once and then only its words change: a keystroke does not rebuild it.
            <Show when=move || more_label.with(Option::is_some)>
                <p class="show-more">
                    <button type="button" class="button button--quiet" on:click=show_more>
                        {move || more_label.get().unwrap_or_default()}
                    </button>
                </p>
            </Show>
        </Show>
    }
}
