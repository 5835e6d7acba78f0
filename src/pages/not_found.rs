use leptos::prelude::*;
use leptos_router::components::A;

use crate::components::page::{use_page, PageOptions};
use crate::paths;

/// The app's 404: any URL that is not one of its routes.
#[component]
pub fn NotFoundPage() -> impl IntoView {
    use_page(PageOptions {
        title: Signal::stored("Not found".to_string()),
        ready: Signal::stored(true),
        pages: None,
    });
    view! {
        <div class="page-header">
            <h1>"Page not found"</h1>
        </div>
        <p>"There is nothing at this address in the console."</p>
        <p>
            <A href=paths::href(paths::DATABASES)>"Back to the databases"</A>
        </p>
    }
}
