//! Components mounted in a real DOM, in headless Chromium (`cargo test --target
//! wasm32-unknown-unknown`).
#![cfg(target_arch = "wasm32")]
// Tests: a failed unwrap is a failed test, with its location.
#![allow(clippy::unwrap_used)]

use dbconsole::components::database_table::DatabaseTable;
use leptos::prelude::*;
use leptos_router::components::Router;
use model::seed;
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

#[wasm_bindgen_test]
fn table_renders_one_row_per_database() {
    let databases = seed::example_databases();
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
        texts(&root, "thead th"),
        ["Name", "Plan", "Project", "Technology"]
    );
    assert!(root.query_selector(".empty-state").unwrap().is_none());
}

#[wasm_bindgen_test]
fn table_shows_the_empty_state_without_databases() {
    let root =
        mount(|| view! { <Router><DatabaseTable databases=Vec::new() /></Router> }.into_any());
    assert!(root.query_selector("table").unwrap().is_none());
    assert_eq!(texts(&root, ".empty-state__title"), ["No databases yet"]);
}

#[wasm_bindgen_test]
fn table_follows_its_signal_keyed_by_id() {
    let (databases, set_databases) = signal(seed::example_databases());
    let root =
        mount(move || view! { <Router><DatabaseTable databases=databases /></Router> }.into_any());
    let first_row = root.query_selector("tbody tr").unwrap().unwrap();
    set_databases.update(|list| list.reverse());
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
    assert_eq!(texts(&root, ".empty-state__title"), ["No databases yet"]);
}
