//! `/databases/new`: the create form, and its draft and checks as pure Rust ([`draft`]).

pub mod draft;

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;
use model::{FieldErrors, Plan, Project};
use wasm_bindgen::JsCast;

use crate::api::ApiError;
use crate::browser::{self, StorageKind};
use crate::components::status::{ErrorNotice, Loading};
use crate::pages::{catalog_resource, projects_resource};
use crate::paths;
use crate::state::use_session;
use draft::{
    first_field_in_error, offered_plans, plan_option_label, split_field_errors, CreateDraft,
    DRAFT_KEY,
};

/// `/databases/new`: the create form, once the plans and projects it offers are loaded.
#[component]
pub fn NewDatabasePage() -> impl IntoView {
    let state = use_session();
    let catalog = catalog_resource(state);
    let projects = projects_resource(state);
    let retry = move || {
        catalog.refetch();
        projects.refetch();
    };
    // What this connection creates: the spec's technology, or what config.json says for it.
    let technology = state
        .session_untracked()
        .map(|session| session.connection.technology(&state.config()))
        .unwrap_or_else(|| crate::config::SPEC_TECHNOLOGY.to_string());
    view! {
        <nav aria-label="Breadcrumb" class="breadcrumb">
            <A href=paths::href(paths::DATABASES)>"Databases"</A>
        </nav>
        <div class="page-header">
            <h1>"New database"</h1>
        </div>
        <Transition fallback=|| view! { <Loading label="Loading plans and projects…" /> }>
            {move || {
                let technology = technology.clone();
                Suspend::new(async move {
                let loaded = async {
                    let providers = catalog.await?;
                    let projects = projects.await?;
                    Ok::<_, ApiError>((providers, projects))
                }
                .await;
                match loaded {
                    Ok((providers, projects)) => {
                        let plans = offered_plans(
                            providers
                                .iter()
                                .find(|p| p.id == technology)
                                .map(|p| p.plans.clone())
                                .unwrap_or_default(),
                        );
                        view! { <CreateForm technology=technology plans=plans projects=projects /> }
                            .into_any()
                    }
                    Err(error) => view! {
                        <ErrorNotice
                            title="Could not load the plans and projects"
                            messages=vec![error.to_string()]
                            retry=Callback::new(move |()| retry())
                        />
                    }
                    .into_any(),
                }
            })}}
        </Transition>
    }
}

/// The id of a field's input, for labels, focus and `aria-describedby`.
fn field_id(field: &str) -> String {
    format!("create-{field}")
}

fn focus_field(field: &str) {
    let element = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(&field_id(field)))
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(element) = element {
        let _ = element.focus();
    }
}

/// A field's error paragraph, always present so `aria-describedby` points somewhere.
#[component]
fn FieldError(#[prop(into)] field: String, message: Signal<Option<String>>) -> impl IntoView {
    view! {
        <p class="field__error" id=format!("{}-error", field_id(&field))>
            {move || message.get().map(|m| view! { <span aria-hidden="true">"⚠ "</span> {m} })}
        </p>
    }
}

#[component]
fn CreateForm(technology: String, plans: Vec<Plan>, projects: Vec<Project>) -> impl IntoView {
    let state = use_session();
    let navigate = use_navigate();
    let mut stored =
        CreateDraft::from_stored(browser::load(StorageKind::Session, DRAFT_KEY).as_deref());
    // A draft from another connection keeps its name; the technology is this connection's.
    if stored.technology != technology {
        stored.technology = technology.clone();
        stored.plan.clear();
    }
    let draft = RwSignal::new(stored);
    // The draft survives reloads, sign-ins and failed submits.
    Effect::new(move |_| {
        let text = draft.with(CreateDraft::to_stored);
        browser::save(StorageKind::Session, DRAFT_KEY, &text);
    });
    let name_touched = RwSignal::new(!draft.get_untracked().name.is_empty());
    let checked = RwSignal::new(FieldErrors::new());
    let server = RwSignal::new(FieldErrors::new());
    let general = RwSignal::new(Vec::<String>::new());

    let plans = StoredValue::new(plans);
    let projects = StoredValue::new(projects);
    let default_project = projects.with_value(|ps| {
        ps.iter()
            .find(|p| p.default)
            .map(|p| p.id.clone())
            .unwrap_or_default()
    });

    // One submit, one POST: the flag is set before dispatching and cleared by the answer.
    let submitting = RwSignal::new(false);
    let create = Action::new_local(move |request: &model::NewDatabase| {
        let request = request.clone();
        let client = state.client_untracked();
        state.call(client, |client| async move {
            client.create_database(request).await
        })
    });
    // A create whose answer never came may still have happened: ask before the user retries.
    let created_anyway = RwSignal::new(None::<String>);
    // Where the API sends the user to settle a 402.
    let payment_url = RwSignal::new(None::<String>);
    let verify = Action::new_local(move |name: &String| {
        let name = name.clone();
        let client = state.client_untracked();
        state.read(client, move |client| {
            let name = name.clone();
            async move { client.get_database(&name).await }
        })
    });
    Effect::new(move |_| {
        let Some(found) = verify.value().get() else {
            return;
        };
        let lost = general
            .get_untracked()
            .into_iter()
            .next()
            .unwrap_or_default();
        match found {
            Ok(database) => {
                browser::remove(StorageKind::Session, DRAFT_KEY);
                general.set(vec![
                    lost,
                    "The answer was lost, but the database was created: do not submit again.".into(),
                ]);
                created_anyway.set(Some(database.name));
            }
            Err(ApiError::NotFound(_)) => general.set(vec![
                lost,
                "It was not created: you can submit again. The form is kept.".into(),
            ]),
            Err(_) => general.set(vec![
                lost,
                "Could not check whether it was created: check the list before you try again. The form is kept.".into(),
            ]),
        }
    });
    Effect::new(move |_| {
        let Some(result) = create.value().get() else {
            return;
        };
        submitting.set(false);
        created_anyway.set(None);
        payment_url.set(None);
        match result {
            Ok(database) => {
                browser::remove(StorageKind::Session, DRAFT_KEY);
                navigate(&paths::database(&database.name), Default::default());
            }
            Err(ApiError::Validation(errors)) => {
                let (at_fields, rest) = split_field_errors(&errors);
                if let Some(field) = first_field_in_error(&at_fields) {
                    focus_field(field);
                }
                server.set(at_fields);
                general.set(rest);
            }
            Err(ApiError::Unauthorized(_)) => general.set(vec![
                "The API refused the token. Sign in again, then create the database: the form is kept.".into(),
            ]),
            Err(ApiError::PaymentRequired { message, url }) => {
                general.set(vec![message, "The form is kept: submit again once it is settled.".into()]);
                payment_url.set(url);
            }
            // No answer, or one that cannot be read: it may have been carried out all the same.
            Err(error @ (ApiError::Network(_) | ApiError::Timeout(_) | ApiError::Decode(_))) => {
                general.set(vec![
                    error.to_string(),
                    "Checking whether the database was created anyway…".into(),
                ]);
                verify.dispatch_local(draft.with_untracked(|d| d.name.clone()));
            }
            Err(error) => general.set(vec![
                error.to_string(),
                "The form is kept: you can submit again.".into(),
            ]),
        }
    });

    // The message shown at a field: the live check for the name once typed in, the checks
    // made at submit, then what the server said.
    let message_for = move |field: &'static str| {
        Signal::derive(move || {
            if field == "name" && name_touched.get() {
                if let Err(rule) = model::validate_name(&draft.with(|d| d.name.clone())) {
                    return Some(rule.to_string());
                }
            }
            checked
                .with(|c| c.get(field).map(|m| m.join(" ")))
                .or_else(|| server.with(|s| s.get(field).map(|m| m.join(" "))))
        })
    };
    let invalid = move |field: &'static str| move || message_for(field).get().is_some().to_string();

    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if submitting.get_untracked() {
            return;
        }
        name_touched.set(true);
        server.set(FieldErrors::new());
        general.set(Vec::new());
        let errors = plans.with_value(|plans| draft.with_untracked(|d| d.check(plans)));
        let first = first_field_in_error(&errors);
        checked.set(errors);
        if let Some(field) = first {
            focus_field(field);
            return;
        }
        submitting.set(true);
        let request = projects.with_value(|ps| draft.with_untracked(|d| d.to_request(ps)));
        create.dispatch_local(request);
    };

    let edit = move |apply: fn(&mut CreateDraft, String), field: &'static str| {
        move |ev: leptos::ev::Event| {
            let value = event_target_value(&ev);
            draft.update(|d| apply(d, value));
            checked.update(|c| {
                c.remove(field);
            });
            server.update(|s| {
                s.remove(field);
            });
        }
    };

    let selected_project = move || {
        let chosen = draft.with(|d| d.project_id.clone());
        if chosen.is_empty() {
            default_project.clone()
        } else {
            chosen
        }
    };

    view! {
        <form class="form" on:submit=on_submit novalidate>
            {move || {
                let messages = general.get();
                (!messages.is_empty()).then(|| view! {
                    <div class="notice notice--error" role="alert">
                        <p class="notice__title">
                            <span class="notice__icon" aria-hidden="true">"⚠"</span>
                            {move || if created_anyway.with(Option::is_some) {
                                " The database was created"
                            } else {
                                " The database was not created"
                            }}
                        </p>
                        <ul class="notice__messages">
                            {messages.into_iter().map(|m| view! { <li>{m}</li> }).collect_view()}
                        </ul>
                        {move || payment_url.get().map(|url| view! {
                            <a href=url class="button" target="_blank" rel="noopener noreferrer">
                                "Verify your account (opens Scalingo)"
                            </a>
                        })}
                        {move || created_anyway.get().map(|name| view! {
                            <A href=paths::href(&paths::database(&name)) attr:class="button">
                                {format!("Open {name}")}
                            </A>
                        })}
                    </div>
                })
            }}
            <div class="field">
                <label for=field_id("name")>"Name"</label>
                <span class="hint" id="create-name-hint">
                    "6 to 48 characters: lower case letters, digits and hyphens."
                </span>
                <input
                    type="text"
                    id=field_id("name")
                    name="name"
                    autocomplete="off"
                    spellcheck="false"
                    autocapitalize="none"
                    prop:value=move || draft.with(|d| d.name.clone())
                    on:input=move |ev| {
                        name_touched.set(true);
                        edit(|d, v| d.name = v, "name")(ev)
                    }
                    aria-invalid=invalid("name")
                    aria-describedby="create-name-hint create-name-error"
                />
                <FieldError field="name" message=message_for("name") />
            </div>
            <div class="field">
                <label for=field_id("technology")>"Technology"</label>
                <select
                    id=field_id("technology")
                    name="technology"
                    prop:value=move || draft.with(|d| d.technology.clone())
                    on:change=edit(|d, v| d.technology = v, "technology")
                    aria-invalid=invalid("technology")
                    aria-describedby="create-technology-error"
                >
                    <option value=technology.clone()>
                        {format!("PostgreSQL® Dedicated Resources ({technology})")}
                    </option>
                </select>
                <FieldError field="technology" message=message_for("technology") />
            </div>
            <div class="field">
                <label for=field_id("plan")>"Plan"</label>
                <select
                    id=field_id("plan")
                    name="plan"
                    prop:value=move || draft.with(|d| d.plan.clone())
                    on:change=edit(|d, v| d.plan = v, "plan")
                    aria-invalid=invalid("plan")
                    aria-describedby="create-plan-error"
                >
                    <option value="" disabled=true>"Choose a plan…"</option>
                    {plans.with_value(|plans| plans.iter().map(|plan| view! {
                        <option value=plan.name.clone() disabled=plan.disabled>
                            {plan_option_label(plan)}
                        </option>
                    }).collect_view())}
                </select>
                <FieldError field="plan" message=message_for("plan") />
            </div>
            <div class="field">
                <label for=field_id("project_id")>"Project"</label>
                <select
                    id=field_id("project_id")
                    name="project_id"
                    prop:value=selected_project
                    on:change=edit(|d, v| d.project_id = v, "project_id")
                    aria-invalid=invalid("project_id")
                    aria-describedby="create-project_id-error"
                >
                    {projects.with_value(|ps| ps.iter().map(|p| view! {
                        <option value=p.id.clone()>
                            {if p.default { format!("{} (default)", p.name) } else { p.name.clone() }}
                        </option>
                    }).collect_view())}
                </select>
                <FieldError field="project_id" message=message_for("project_id") />
            </div>
            <div class="form__actions">
                <button type="submit" class="button" disabled=move || submitting.get() aria-disabled=move || submitting.get().to_string()>
                    {move || if submitting.get() { "Creating…" } else { "Create database" }}
                </button>
                <A href=paths::href(paths::DATABASES) attr:class="button button--quiet">"Cancel"</A>
            </div>
        </form>
    }
}
