//! `/databases/{id or name}`: one database.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;
use model::{AddonProvider, Database, Project};

use crate::api::ApiError;
use crate::components::copy_button::CopyButton;
use crate::components::page::{use_page, PageOptions};
use crate::components::status::{ErrorNotice, Loading};
use crate::format::monthly_price;
use crate::pages::{catalog_resource, projects_resource};
use crate::paths;
use crate::session::Connection;
use crate::state::use_session;

/// `/databases/{id or name}`: one database, with its plan and project explained when the
/// catalog and the projects list know them.
#[component]
pub fn DatabasePage() -> impl IntoView {
    let state = use_session();
    let params = use_params_map();
    let key = Memo::new(move |_| params.with(|p| p.get("database").unwrap_or_default()));
    let database = LocalResource::new(move || {
        let client = state.client();
        let key = key.get();
        state.read(client, move |client| {
            let key = key.clone();
            async move { client.get_database(&key).await }
        })
    });
    // Both only add names and prices: a failure leaves the raw values, not an error page.
    let catalog = catalog_resource(state);
    let projects = projects_resource(state);
    let loaded = move || database.get();
    use_page(PageOptions {
        title: Signal::derive(move || match loaded() {
            Some(Ok(db)) => db.name,
            Some(Err(ApiError::NotFound(_))) => "Database not found".to_string(),
            _ => key.get(),
        }),
        ready: Signal::derive(move || loaded().is_some()),
        pages: None,
    });

    view! {
        <nav aria-label="Breadcrumb" class="breadcrumb">
            <A href=paths::href(paths::DATABASES)>"Databases"</A>
        </nav>
        <Transition fallback=|| view! { <Loading label="Loading the database…" /> }>
            {move || Suspend::new(async move {
                match database.await {
                    Ok(db) => {
                        let providers = catalog.await.unwrap_or_default();
                        let projects = projects.await.unwrap_or_default();
                        view! { <DatabaseDetail database=db providers=providers projects=projects /> }
                            .into_any()
                    }
                    Err(ApiError::NotFound(_)) => {
                        view! { <DatabaseNotFound asked=key.get_untracked() /> }.into_any()
                    }
                    Err(error) => view! {
                        <div class="page-header">
                            <h1>{key.get_untracked()}</h1>
                        </div>
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
fn DatabaseDetail(
    database: Database,
    providers: Vec<AddonProvider>,
    projects: Vec<Project>,
) -> impl IntoView {
    let plan = providers
        .iter()
        .flat_map(|provider| provider.plans.iter())
        .find(|plan| plan.name == database.plan)
        .cloned();
    let project = projects.into_iter().find(|p| p.id == database.project_id);
    view! {
        <div class="page-header">
            <h1>{database.name.clone()}</h1>
        </div>
        <dl class="details">
            <dt>"ID"</dt>
            <dd>
                <span class="mono">{database.id.clone()}</span>
                <CopyButton value=database.id.clone() label="Copy ID" />
            </dd>
            <dt>"Name"</dt>
            <dd>
                <span>{database.name.clone()}</span>
                <CopyButton value=database.name.clone() label="Copy name" />
            </dd>
            <dt>"Project"</dt>
            <dd>
                {project.map(|p| view! {
                    <span class="details__main">
                        {p.name}
                        {p.default.then_some(" (default project)")}
                    </span>
                })}
                <span class="mono details__raw">{database.project_id.clone()}</span>
            </dd>
            <dt>"Technology"</dt>
            <dd>{database.technology.clone()}</dd>
            <dt>"Plan"</dt>
            <dd>
                {plan.map(|plan| {
                    let price = monthly_price(&plan);
                    view! {
                        <span class="details__main">
                            {plan.label().to_string()}
                            {price.map(|price| format!(" · {price}"))}
                        </span>
                    }
                })}
                <span class="mono details__raw">{database.plan.clone()}</span>
            </dd>
        </dl>
    }
}

/// The API's 404 for a database, as a page of its own.
#[component]
fn DatabaseNotFound(asked: String) -> impl IntoView {
    let in_demo = use_session().get().map(|s| s.connection) == Some(Connection::Demo);
    let whose = if in_demo {
        "” in the demo."
    } else {
        "” that this token can see."
    };
    view! {
        <div class="page-header">
            <h1>"Database not found"</h1>
        </div>
        <p>"There is no database with the ID or name “" <strong>{asked}</strong> {whose}</p>
        <p>
            <A href=paths::href(paths::DATABASES)>"Back to the databases"</A>
        </p>
    }
}
