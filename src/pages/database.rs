use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;
use model::Database;

use crate::api::ApiError;
use crate::components::status::{ErrorNotice, Loading};
use crate::pages::use_client;
use crate::paths;

/// `/databases/{id or name}`: one database.
#[component]
pub fn DatabasePage() -> impl IntoView {
    let client = use_client();
    let params = use_params_map();
    let key = Memo::new(move |_| params.with(|p| p.get("database").unwrap_or_default()));
    let database = LocalResource::new(move || {
        let client = client.clone();
        let key = key.get();
        async move { client.get_database(&key).await }
    });

    view! {
        <Transition fallback=|| view! { <Loading label="Loading the database…" /> }>
            {move || Suspend::new(async move {
                match database.await {
                    Ok(db) => view! { <DatabaseDetail database=db /> }.into_any(),
                    Err(ApiError::NotFound(_)) => {
                        view! { <DatabaseNotFound asked=key.get_untracked() /> }.into_any()
                    }
                    Err(error) => view! {
                        <h1>{key.get_untracked()}</h1>
                        <ErrorNotice
                            title="Could not load the database"
                            messages=vec![error.to_string()]
                            retry=Callback::new(move |()| database.refetch())
                        />
                    }
                    .into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn DatabaseDetail(database: Database) -> impl IntoView {
    view! {
        <nav aria-label="Breadcrumb" class="breadcrumb">
            <A href=paths::DATABASES>"Databases"</A>
        </nav>
        <div class="page-header">
            <h1>{database.name.clone()}</h1>
        </div>
        <dl class="details">
            <dt>"ID"</dt>
            <dd class="mono">{database.id}</dd>
            <dt>"Name"</dt>
            <dd>{database.name}</dd>
            <dt>"Project"</dt>
            <dd class="mono">{database.project_id}</dd>
            <dt>"Technology"</dt>
            <dd>{database.technology}</dd>
            <dt>"Plan"</dt>
            <dd>{database.plan}</dd>
        </dl>
    }
}

/// The API's 404 for a database, as a page of its own.
#[component]
fn DatabaseNotFound(asked: String) -> impl IntoView {
    view! {
        <div class="page-header">
            <h1>"Database not found"</h1>
        </div>
        <p>
            "There is no database with the id or name “" <strong>{asked}</strong>
            "” that this token can see."
        </p>
        <p>
            <A href=paths::DATABASES>"Back to the databases"</A>
        </p>
    }
}
