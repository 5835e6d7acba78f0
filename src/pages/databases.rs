use leptos::prelude::*;

use crate::components::database_table::DatabaseTable;
use crate::components::status::{ErrorNotice, Loading};
use crate::pages::{error_messages, use_client};

/// `/databases`: every database the token can see.
#[component]
pub fn DatabasesPage() -> impl IntoView {
    let client = use_client();
    let databases = LocalResource::new(move || {
        let client = client.clone();
        async move { client.list_databases().await }
    });
    let refresh = move || databases.refetch();

    view! {
        <div class="page-header">
            <h1>"Databases"</h1>
            <div class="page-header__actions">
                <button type="button" class="button button--quiet" on:click=move |_| refresh()>
                    "Refresh"
                </button>
            </div>
        </div>
        <Transition fallback=|| view! { <Loading label="Loading databases…" lines=4 /> }>
            <ErrorBoundary fallback=move |errors| {
                view! {
                    <ErrorNotice
                        title="Could not load the databases"
                        messages=error_messages(&errors)
                        retry=Callback::new(move |()| refresh())
                    />
                }
            }>
                {move || Suspend::new(async move {
                    databases.await.map(|list| view! { <DatabaseTable databases=list /> })
                })}
            </ErrorBoundary>
        </Transition>
    }
}
