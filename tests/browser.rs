//! Components mounted in a real DOM, in headless Chromium (`cargo test --target
//! wasm32-unknown-unknown`).
#![cfg(target_arch = "wasm32")]
// Tests: a failed unwrap is a failed test, with its location.
#![allow(clippy::unwrap_used)]

use dbconsole::api::types::ListedDatabase;
use dbconsole::components::copy_button::CopyButton;
use dbconsole::config::AppConfig;
use dbconsole::pages::database_new::NewDatabasePage;
use dbconsole::pages::databases::table::{row_key, DatabaseTable};
use dbconsole::rules::Status;
use dbconsole::session::Session;
use dbconsole::state::provide_session;
use leptos::prelude::*;
use leptos_router::components::Router;
use model::seed;
use std::collections::HashMap;
use std::sync::Arc;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// Mounts a view in a fresh container and returns the container.
fn mount(view: impl FnOnce() -> AnyView + 'static) -> web_sys::HtmlElement {
    let document = web_sys::window().unwrap().document().unwrap();
    let container: web_sys::HtmlElement = document.create_element("div").unwrap().unchecked_into();
    document.body().unwrap().append_child(&container).unwrap();
    let handle = leptos::mount::mount_to(container.clone(), view);
    // Keep the view alive for the rest of the test.
    std::mem::forget(handle);
    container
}

fn texts(root: &web_sys::HtmlElement, selector: &str) -> Vec<String> {
    let nodes = root.query_selector_all(selector).unwrap();
    (0..nodes.length())
        .map(|i| {
            nodes
                .item(i)
                .unwrap()
                .text_content()
                .unwrap_or_default()
                .trim()
                .to_string()
        })
        .collect()
}

/// The spec's examples as rows of the dashboard list, running.
fn listed(databases: Vec<model::Database>) -> Vec<ListedDatabase> {
    databases
        .into_iter()
        .map(|database| ListedDatabase {
            database,
            app: None,
            addon: None,
            status: Status::Running,
            region: None,
            plan_display_name: None,
        })
        .collect()
}

/// The rows as the table takes them: shared, as the list hands them over.
fn shared(rows: Vec<ListedDatabase>) -> Vec<Arc<ListedDatabase>> {
    rows.into_iter().map(Arc::new).collect()
}

#[wasm_bindgen_test]
fn table_renders_one_row_per_database() {
    let databases = shared(listed(seed::example_databases()));
    let root =
        mount(move || view! { <Router><DatabaseTable databases=databases /></Router> }.into_any());
    assert_eq!(
        texts(&root, "tbody tr th a"),
        ["my-postgres-db", "backup-db"]
    );
    assert_eq!(
        texts(&root, "tbody td[data-label=Plan]"),
        ["postgresql-dr-starter-4096", "postgresql-dr-business-4096"]
    );
    assert_eq!(
        texts(&root, "tbody td[data-label=Technology]"),
        ["postgresql-dr", "postgresql-dr"]
    );
    let link = root.query_selector("tbody tr th a").unwrap().unwrap();
    assert_eq!(
        link.get_attribute("href").as_deref(),
        Some("/databases/my-postgres-db")
    );
    assert_eq!(
        texts(&root, "tbody td[data-label=Status]"),
        ["● Running", "● Running"]
    );
    assert_eq!(
        texts(&root, "thead th"),
        ["Name", "Status", "Plan", "Project", "Technology"]
    );
    assert!(root.query_selector(".empty-state").unwrap().is_none());
}

/// The list page kept for the next start (`state::list_paint`): as drawn, without what would be
/// wrong by then, and the page itself untouched.
#[wasm_bindgen_test]
fn the_page_is_kept_as_drawn_without_what_would_be_wrong_next_time() {
    let root = mount(|| {
        view! {
            <header class="app-header"><span class="brand__name">"Databases"</span></header>
            <main id="main" tabindex="-1">
                <p class="count count--updated" data-paint="blank">"Updated 12 s ago"</p>
                <table><tbody>
                    <tr class="db-table__row--changed other">
                        <th scope="row">"my-postgres-db"<span data-paint="omit">" (changed)"</span></th>
                    </tr>
                    <tr><th scope="row">"backup-db"</th></tr>
                </tbody></table>
                <select id="sort-kept">
                    <option value="name">"Name"</option>
                    <option value="status">"Status"</option>
                </select>
                <dialog><p>"Search everything"</p></dialog>
            </main>
        }
        .into_any()
    });
    let menu: web_sys::HtmlSelectElement = root
        .query_selector("#sort-kept")
        .unwrap()
        .unwrap()
        .unchecked_into();
    // Chosen as the app chooses: a property, which the markup does not show by itself.
    menu.set_selected_index(1);

    let html = dbconsole::browser::list_page_drawing(&["db-table__row--changed"]).unwrap();
    let document = web_sys::window().unwrap().document().unwrap();
    let kept: web_sys::HtmlElement = document.create_element("div").unwrap().unchecked_into();
    kept.set_inner_html(&html);
    assert_eq!(texts(&kept, "header .brand__name"), ["Databases"]);
    assert_eq!(texts(&kept, "main th"), ["my-postgres-db", "backup-db"]);
    // The clock's line is there, blank: the same height, none of its words.
    assert_eq!(texts(&kept, "main .count--updated"), [""]);
    assert_eq!(
        kept.query_selector(".count--updated")
            .unwrap()
            .unwrap()
            .text_content()
            .as_deref(),
        Some("\u{a0}")
    );
    assert!(kept.query_selector("dialog").unwrap().is_none());
    assert!(kept.query_selector("[data-paint=omit]").unwrap().is_none());
    assert!(kept
        .query_selector(".db-table__row--changed")
        .unwrap()
        .is_none());
    assert!(kept.query_selector("tr.other").unwrap().is_some());
    let kept_choice = kept.query_selector("option[selected]").unwrap().unwrap();
    assert_eq!(
        kept_choice.get_attribute("value").as_deref(),
        Some("status")
    );
    assert_eq!(
        kept.query_selector_all("option[selected]")
            .unwrap()
            .length(),
        1
    );

    // The page on screen is as it was.
    assert_eq!(texts(&root, ".count--updated"), ["Updated 12 s ago"]);
    assert!(root.query_selector("dialog").unwrap().is_some());
    assert!(root
        .query_selector(".db-table__row--changed")
        .unwrap()
        .is_some());
    assert_eq!(menu.selected_index(), 1);
    root.remove();
    assert_eq!(dbconsole::browser::list_page_drawing(&[]), None);
}

#[wasm_bindgen_test]
fn table_shows_the_empty_state_without_databases() {
    let root =
        mount(|| view! { <Router><DatabaseTable databases=Vec::new() /></Router> }.into_any());
    assert!(root.query_selector("table").unwrap().is_none());
    assert_eq!(texts(&root, ".empty-state__title"), ["No databases yet"]);
}

#[wasm_bindgen_test]
async fn a_status_read_by_a_poll_wins_over_the_list_s() {
    let mut rows = listed(seed::example_databases());
    rows[0].status = Status::Provisioning;
    // Polls are keyed like the rows (region and id): names and ids are unique per region only.
    let key = row_key(&rows[0]);
    let rows = shared(rows);
    let (polled, set_polled) = signal(HashMap::<String, Status>::new());
    let root = mount(move || {
        view! { <Router><DatabaseTable databases=rows.clone() polled=polled /></Router> }.into_any()
    });
    assert_eq!(
        texts(&root, "tbody td[data-label=Status] .status__label"),
        ["Provisioning", "Running"]
    );
    set_polled.update(|p| {
        p.insert(key, Status::Running);
    });
    settle().await;
    assert_eq!(
        texts(&root, "tbody td[data-label=Status] .status__label"),
        ["Running", "Running"]
    );
}

/// Lets Leptos run the effects a signal change scheduled.
async fn settle() {
    dbconsole::browser::sleep(10).await;
}

#[wasm_bindgen_test]
async fn table_follows_its_signal_keyed_by_id() {
    let (databases, set_databases) = signal(shared(listed(seed::example_databases())));
    let root =
        mount(move || view! { <Router><DatabaseTable databases=databases /></Router> }.into_any());
    let first_row = root.query_selector("tbody tr").unwrap().unwrap();
    set_databases.update(|list| list.reverse());
    settle().await;
    assert_eq!(
        texts(&root, "tbody tr th a"),
        ["backup-db", "my-postgres-db"]
    );
    // Keyed rendering moves the existing row instead of rebuilding it.
    assert!(root
        .query_selector_all("tbody tr")
        .unwrap()
        .item(1)
        .unwrap()
        .is_same_node(Some(&first_row)));
    set_databases.set(Vec::new());
    settle().await;
    assert_eq!(texts(&root, ".empty-state__title"), ["No databases yet"]);
}

fn input(root: &web_sys::HtmlElement, selector: &str) -> web_sys::HtmlInputElement {
    root.query_selector(selector)
        .unwrap()
        .unwrap()
        .unchecked_into()
}

fn type_into(field: &web_sys::HtmlInputElement, value: &str) {
    field.set_value(value);
    field
        .dispatch_event(&web_sys::Event::new("input").unwrap())
        .unwrap();
}

/// The create page against the in-browser demo backend, with a demo session.
async fn mount_create_form() -> web_sys::HtmlElement {
    web_sys::window()
        .unwrap()
        .session_storage()
        .unwrap()
        .unwrap()
        .clear()
        .unwrap();
    let root = mount(|| {
        let state = provide_session(AppConfig::default());
        state.sign_in(Session::demo());
        view! { <Router><NewDatabasePage /></Router> }.into_any()
    });
    for _ in 0..50 {
        if root.query_selector("#create-name").unwrap().is_some() {
            break;
        }
        settle().await;
    }
    root
}

#[wasm_bindgen_test]
async fn the_name_rule_is_shown_at_the_field_as_you_type() {
    let root = mount_create_form().await;
    let name = input(&root, "#create-name");
    type_into(&name, "My_db");
    settle().await;
    assert_eq!(name.get_attribute("aria-invalid").as_deref(), Some("true"));
    let error = texts(&root, "#create-name-error");
    assert!(error[0].contains("lower case"), "{error:?}");
    type_into(&name, "my-db");
    settle().await;
    assert!(texts(&root, "#create-name-error")[0].contains("at least 6"));
    type_into(&name, "my-database");
    settle().await;
    assert_eq!(texts(&root, "#create-name-error"), [""]);
    assert_eq!(name.get_attribute("aria-invalid").as_deref(), Some("false"));
}

#[wasm_bindgen_test]
async fn submitting_without_a_plan_focuses_plan_and_says_why() {
    let root = mount_create_form().await;
    type_into(&input(&root, "#create-name"), "valid-name");
    let submit: web_sys::HtmlElement = root
        .query_selector("button[type=submit]")
        .unwrap()
        .unwrap()
        .unchecked_into();
    submit.click();
    settle().await;
    assert_eq!(texts(&root, "#create-plan-error"), ["⚠ Choose a plan."]);
    let focused = web_sys::window()
        .unwrap()
        .document()
        .unwrap()
        .active_element()
        .unwrap();
    assert_eq!(focused.id(), "create-plan");
    // Plans come from the demo's catalog, by position, with prices; the retired one is disabled.
    let options = root.query_selector_all("#create-plan option").unwrap();
    assert_eq!(options.length(), 10);
    let last: web_sys::HtmlOptionElement = options.item(9).unwrap().unchecked_into();
    assert!(last.disabled());
    assert!(last.text().contains("(unavailable)"));
}

#[wasm_bindgen_test]
async fn copy_button_says_what_happened() {
    let root = mount(|| {
        view! { <CopyButton value="54100930736f7563d5030000" label="Copy ID" /> }.into_any()
    });
    let button: web_sys::HtmlElement = root
        .query_selector("button")
        .unwrap()
        .unwrap()
        .unchecked_into();
    assert_eq!(button.text_content().unwrap(), "Copy ID");
    assert_eq!(texts(&root, "[role=status]"), [""]);
    button.click();
    let mut status = String::new();
    for _ in 0..50 {
        settle().await;
        status = texts(&root, "[role=status]").remove(0);
        if !status.is_empty() {
            break;
        }
    }
    // Headless Chromium may refuse the clipboard without a user gesture: either way the user is
    // told, in words.
    assert!(
        status == "Copied" || status.starts_with("Could not copy"),
        "{status:?}"
    );
}

/// An answer the page's script left (`window.__dbconsoleEarly`), as index.html's script leaves it.
fn leave_early_answer(url: &str, auth: &str, status: u16, body: &str) {
    let entry = js_sys::Object::new();
    let set = |on: &js_sys::Object, key: &str, value: &wasm_bindgen::JsValue| {
        js_sys::Reflect::set(on, &key.into(), value).unwrap();
    };
    set(&entry, "auth", &auth.into());
    set(
        &entry,
        "ctl",
        &web_sys::AbortController::new().unwrap().into(),
    );
    let answer = js_sys::Array::of2(&f64::from(status).into(), &body.into());
    set(&entry, "answer", &js_sys::Promise::resolve(&answer).into());
    let all = js_sys::Object::new();
    set(&all, url, &entry.into());
    set(
        web_sys::window().unwrap().unchecked_ref(),
        "__dbconsoleEarly",
        &all.into(),
    );
}

#[wasm_bindgen_test]
async fn an_early_answer_is_taken_once_and_only_with_the_same_authorization() {
    use dbconsole::api::early;
    let url = "/api/v1/databases?dashboard=true";
    leave_early_answer(url, "Bearer first", 200, r#"{"databases":[]}"#);
    // Another session's bearer, or another URL: not taken (and, for that URL, gone).
    assert!(early::take("/api2/v1/databases?dashboard=true", "Bearer first").is_none());
    assert!(early::take(url, "Bearer second").is_none());
    assert!(
        early::take(url, "Bearer first").is_none(),
        "dropped once refused"
    );

    leave_early_answer(url, "Bearer first", 200, r#"{"databases":[]}"#);
    let taken = early::take(url, "Bearer first").expect("the same URL and Authorization");
    assert_eq!(
        taken.answer(None, 1000).await.unwrap(),
        (200, r#"{"databases":[]}"#.to_string())
    );
    assert!(early::take(url, "Bearer first").is_none(), "taken once");

    // Forgetting (sign-in, sign-out) drops what was not taken, and the hint.
    leave_early_answer(url, "Bearer first", 200, "[]");
    early::remember(url);
    early::forget();
    assert!(early::take(url, "Bearer first").is_none());
    let storage = web_sys::window().unwrap().local_storage().unwrap().unwrap();
    assert_eq!(storage.get_item(early::HINT_KEY).unwrap(), None);
}

/// Not a test: how long the list's 10,000-database answer (devapi's, 14 MB) takes to read in
/// the browser, the app's way (`read_dashboard_list`, serde_json in wasm) beside the browser's
/// own `JSON.parse`, alone and with the fields a row needs read out into Rust strings
/// (BENCHMARKS.md): `cargo test --release -p dbconsole --target wasm32-unknown-unknown --test
/// browser decode_figures -- --include-ignored --nocapture`.
#[wasm_bindgen_test]
#[ignore]
fn decode_figures_in_the_browser() {
    use js_sys::Reflect;
    use wasm_bindgen::JsValue;
    let store = model::store::Store::seeded_with(10_000);
    let body = model::reply::dashboard(&store, 1_000_000).body;
    let get = |value: &JsValue, key: &str| Reflect::get(value, &JsValue::from_str(key)).ok();
    let text = |value: Option<JsValue>, key: &str| {
        value
            .and_then(|v| get(&v, key))
            .and_then(|v| v.as_string())
            .unwrap_or_default()
    };
    for run in 1..=5 {
        let start = js_sys::Date::now();
        let listed = dbconsole::api::types::read_dashboard_list(200, &body).expect("readable");
        let wasm_ms = js_sys::Date::now() - start;

        let start = js_sys::Date::now();
        let parsed = js_sys::JSON::parse(&body).expect("JSON");
        let parse_ms = js_sys::Date::now() - start;
        let items: js_sys::Array = get(&parsed, "databases").expect("databases").into();
        let mut fields = Vec::with_capacity(items.length() as usize);
        for item in items.iter() {
            let database = get(&item, "database");
            let app = get(&item, "app");
            let addon = get(&item, "addon");
            fields.push([
                text(database.clone(), "id"),
                text(database.clone(), "name"),
                text(database.clone(), "project_id"),
                text(database.clone(), "technology"),
                text(database, "plan"),
                text(app, "region"),
                text(addon.clone(), "status"),
                text(addon.and_then(|a| get(&a, "plan")), "display_name"),
            ]);
        }
        let with_fields_ms = js_sys::Date::now() - start;
        console_log!(
            "run {run}: {} bytes, {} items: read_dashboard_list {wasm_ms} ms; JSON.parse {parse_ms} ms, with the fields into Rust {with_fields_ms} ms ({} rows)",
            body.len(),
            listed.items.len(),
            fields.len()
        );
    }
}
