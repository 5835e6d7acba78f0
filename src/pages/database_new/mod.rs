//! `/databases/new`: the create form, and its draft and checks as pure Rust ([`draft`]).

pub mod draft;

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_query_map};
use model::{Database, FieldErrors, NewDatabase, Plan, Project};

use crate::api::ApiError;
use crate::browser::{self, StorageKind};
use crate::components::copy_as::{target_for, CopyAs};
use crate::components::page::{use_page, PageOptions};
use crate::components::require_session::replacing;
use crate::components::status::{ErrorNotice, Loading};
use crate::messages::{field_sentence, says_taken};
use crate::pages::{catalog_resource_in, projects_resource_in};
use crate::paths;
use crate::rules::copy_as::DatabaseSpec;
use crate::state::announce::Tone;
use crate::state::use_session;
use draft::{
    first_field_in_error, offered_plans, plan_option_label, split_field_errors, CreateDraft,
    DRAFT_KEY,
};

/// `/databases/new`: the create form, once the plans and projects it offers are loaded.
#[component]
pub fn NewDatabasePage() -> impl IntoView {
    let state = use_session();
    use_page(PageOptions {
        title: Signal::stored("New database".to_string()),
        ready: Signal::stored(true),
        pages: None,
    });
    // The region: the one the list was filtered on (`?region=`), else the first of the session.
    let query = use_query_map();
    let asked = query.with_untracked(|q| q.get("region"));
    let regions = state.regions_untracked();
    let first = regions.first().map(|r| r.name.clone()).unwrap_or_default();
    let initial = asked
        .filter(|asked| regions.iter().any(|r| &r.name == asked))
        .unwrap_or(first);
    let region = RwSignal::new(initial);
    let catalog = catalog_resource_in(state, Some(region.into()));
    let projects = projects_resource_in(state, Some(region.into()));
    let retry = move || {
        catalog.refetch();
        projects.refetch();
    };
    // What the region creates: the spec's technology, or what config.json says for it.
    let technology = Memo::new(move |_| {
        state
            .regions()
            .into_iter()
            .find(|r| r.name == region.get())
            .map(|r| r.technology)
            .unwrap_or_else(|| crate::config::SPEC_TECHNOLOGY.to_string())
    });
    view! {
        <nav aria-label="Breadcrumb" class="breadcrumb">
            <A href=paths::href(paths::DATABASES)>"Databases"</A>
        </nav>
        <div class="page-header">
            <h1>"New database"</h1>
        </div>
        {move || state.several_regions().then(|| view! {
            <div class="field field--region">
                <label for="create-region">"Region"</label>
                <span class="hint" id="create-region-hint">
                    "Where the database runs; names are unique in a region. The plans and projects below are this region's."
                </span>
                <select
                    id="create-region"
                    aria-describedby="create-region-hint"
                    prop:value=move || region.get()
                    on:change=move |ev| region.set(event_target_value(&ev))
                >
                    {state
                        .regions()
                        .into_iter()
                        .map(|r| view! { <option value=r.name.clone()>{r.label.clone()}</option> })
                        .collect_view()}
                </select>
            </div>
        })}
        <Transition fallback=|| view! { <Loading label="Loading plans and projects…" /> }>
            {move || {
                let technology = technology.get();
                let region = region.get();
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
                        view! { <CreateForm region=region technology=technology plans=plans projects=projects /> }
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
    browser::focus_id(&field_id(field), false);
}

/// A field's error paragraph, always present so `aria-describedby` points somewhere; with a
/// link when the message is about an existing database.
#[component]
fn FieldError(
    #[prop(into)] field: String,
    message: Signal<Option<String>>,
    /// A link to follow the message: an app path and its text.
    #[prop(optional, into)]
    link: Option<Signal<Option<(String, String)>>>,
) -> impl IntoView {
    view! {
        <p class="field__error" id=format!("{}-error", field_id(&field))>
            {move || message.get().map(|m| view! { <span aria-hidden="true">"⚠ "</span> {m} })}
            {move || link.and_then(|l| l.get()).map(|(path, text)| view! {
                " " <A href=paths::href(&path)>{text}</A>
            })}
        </p>
    }
}

/// What became of a create, for the page that sent it (if the user is still on it).
type Outcome = Result<Database, ApiError>;

/// Says what became of a create once the user has left the page that sent it: they are told,
/// wherever they are, and can follow it.
fn announce_after_leaving(
    state: crate::state::SessionState,
    name: &str,
    outcome: &Outcome,
    region: Option<&str>,
) {
    match outcome {
        Ok(database) => state.announce(
            Tone::Success,
            format!("{} was created.", database.name),
            Some((
                paths::database_in(&database.name, region, paths::DatabaseTab::Overview),
                format!("Open {}", database.name),
            )),
        ),
        Err(ApiError::Network(_) | ApiError::Timeout(_) | ApiError::Decode(_)) => state.announce(
            Tone::Failure,
            format!(
                "The answer about creating {name} was lost: it may have been created. Check the list before you try again."
            ),
            Some((paths::DATABASES.to_string(), "Open the list".into())),
        ),
        Err(error) => state.announce(
            Tone::Failure,
            format!("{name} was not created: {error}"),
            Some((paths::NEW_DATABASE.to_string(), "Back to the form".into())),
        ),
    }
}

#[component]
fn CreateForm(
    /// The region it creates in.
    region: String,
    technology: String,
    plans: Vec<Plan>,
    projects: Vec<Project>,
) -> impl IntoView {
    let state = use_session();
    let region = StoredValue::new(region);
    let navigate = use_navigate();
    let mut stored =
        CreateDraft::from_stored(browser::load(StorageKind::Session, DRAFT_KEY).as_deref());
    // A draft from another connection keeps its name; the technology is this connection's.
    if stored.technology != technology {
        stored.technology = technology.clone();
        stored.plan.clear();
    }
    let draft = RwSignal::new(stored);
    // The draft survives reloads, sign-ins and failed submits; Cancel and a create end it.
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
    let default_for_summary = default_project.clone();

    // One submit, one POST: the flag is set before sending and cleared by the answer. While it
    // is set the fields cannot change, so what was sent is what is shown.
    let submitting = RwSignal::new(false);
    // The answer, for this page while it is shown.
    let outcome = RwSignal::new(None::<Outcome>);
    // The POST is not owned by the page: if the user leaves before the answer comes, it is
    // announced wherever they are.
    let send = {
        let navigate = navigate.clone();
        move |request: NewDatabase| {
            let name = request.name.clone();
            let in_region = region.get_value();
            let client = state.client_in_untracked(&in_region);
            let navigate = navigate.clone();
            spawn_local(async move {
                let result = state
                    .call(client, |client| async move {
                        client.create_database(request).await
                    })
                    .await;
                if let Ok(database) = &result {
                    browser::remove(StorageKind::Session, DRAFT_KEY);
                    state.note_created(&database.name);
                }
                let page_gone = outcome.try_set(Some(result.clone())).is_some();
                // Its page, in its region when the session has several.
                let link_region = state
                    .several_regions_untracked()
                    .then_some(in_region.as_str());
                if page_gone {
                    announce_after_leaving(state, &name, &result, link_region);
                } else if let Ok(database) = result {
                    state.announce(
                        Tone::Success,
                        format!("{} was created.", database.name),
                        None,
                    );
                    // The form was a step: Back from the new database goes to the list.
                    navigate(
                        &paths::database_in(
                            &database.name,
                            link_region,
                            paths::DatabaseTab::Overview,
                        ),
                        replacing(),
                    );
                }
            });
        }
    };
    // A create whose answer never came may still have happened: ask before the user retries.
    let created_anyway = RwSignal::new(None::<String>);
    // Where the API sends the user to settle a 402.
    let payment_url = RwSignal::new(None::<String>);
    let verify = Action::new_local(move |name: &String| {
        let name = name.clone();
        let client = state.client_in_untracked(&region.get_value());
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
        let Some(Err(error)) = outcome.get() else {
            return;
        };
        submitting.set(false);
        created_anyway.set(None);
        payment_url.set(None);
        match error {
            ApiError::Validation(errors) => {
                let (at_fields, rest) = split_field_errors(&errors);
                if let Some(field) = first_field_in_error(&at_fields) {
                    focus_field(field);
                }
                server.set(at_fields);
                general.set(rest);
            }
            ApiError::Unauthorized(_) => general.set(vec![
                "The API refused the token. Sign in again, then create the database: the form is kept.".into(),
            ]),
            ApiError::PaymentRequired { message, url } => {
                general.set(vec![message, "The form is kept: submit again once it is settled.".into()]);
                payment_url.set(url);
            }
            // No answer, or one that cannot be read: it may have been carried out all the same.
            error @ (ApiError::Network(_) | ApiError::Timeout(_) | ApiError::Decode(_)) => {
                general.set(vec![
                    error.to_string(),
                    "Checking whether the database was created anyway…".into(),
                ]);
                verify.dispatch_local(draft.with_untracked(|d| d.name.clone()));
            }
            error => general.set(vec![
                error.to_string(),
                "The form is kept: you can submit again.".into(),
            ]),
        }
    });

    // The message shown at a field: the live check for the name once typed in, the checks
    // made at submit, then what the server said, as a sentence naming the field.
    let message_for = move |field: &'static str| {
        Signal::derive(move || {
            if field == "name" && name_touched.get() {
                if let Err(rule) = model::validate_name(&draft.with(|d| d.name.clone())) {
                    return Some(rule.to_string());
                }
            }
            checked
                .with(|c| c.get(field).map(|m| m.join(" ")))
                .or_else(|| {
                    server.with(|s| {
                        s.get(field).map(|messages| {
                            messages
                                .iter()
                                .map(|m| field_sentence(field, m))
                                .collect::<Vec<_>>()
                                .join(" ")
                        })
                    })
                })
        })
    };
    // A name the server says is taken: the database that has it is one click away.
    let taken_link = Signal::derive(move || {
        let taken = server.with(|s| {
            s.get("name")
                .is_some_and(|messages| messages.iter().any(|m| says_taken(m)))
        });
        taken.then(|| {
            let name = draft.with(|d| d.name.clone());
            (paths::database(&name), format!("Open {name}"))
        })
    });
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
        send(request);
    };

    let edit = move |apply: fn(&mut CreateDraft, String), field: &'static str| {
        move |ev: leptos::ev::Event| {
            if submitting.get_untracked() {
                return;
            }
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
    // What will be created, in one line, before it is sent.
    let region_label = state
        .regions_untracked()
        .into_iter()
        .find(|r| r.name == region.get_value())
        .map(|r| r.label)
        .unwrap_or_default();
    let several = state.several_regions_untracked();
    let summary = move || {
        let d = draft.get();
        let name = if d.name.is_empty() {
            "The database".to_string()
        } else {
            d.name.clone()
        };
        let plan = plans.with_value(|plans| {
            plans
                .iter()
                .find(|p| p.name == d.plan)
                .map(plan_option_label)
        });
        let project = projects.with_value(|ps| {
            let id = if d.project_id.is_empty() {
                default_for_summary.clone()
            } else {
                d.project_id.clone()
            };
            ps.iter().find(|p| p.id == id).map(|p| p.name.clone())
        });
        let mut parts = vec![format!("{name} will be created")];
        if several {
            parts.push(format!("in {region_label}"));
        }
        if let Some(plan) = plan {
            parts.push(format!("on {plan}"));
        }
        if let Some(project) = project {
            parts.push(format!("in the project {project}"));
        }
        format!("{}.", parts.join(", "))
    };
    // "Copy as": what the form would create, once it could be sent (the same checks as submit).
    let copy_target = state
        .regions_untracked()
        .iter()
        .find(|r| r.name == region.get_value())
        .map(target_for);
    let copy_spec = Signal::derive(move || {
        let target = copy_target.clone()?;
        let d = draft.get();
        if !plans.with_value(|plans| d.check(plans)).is_empty() {
            return None;
        }
        let request = projects.with_value(|ps| d.to_request(ps));
        let spec = DatabaseSpec {
            name: request.name,
            technology: request.technology,
            plan: request.plan,
            project_id: request.project_id,
        };
        Some((target, spec, Vec::new()))
    });
    // Cancel ends the draft: next time the form starts empty.
    let cancel = move |_| browser::remove(StorageKind::Session, DRAFT_KEY);

    view! {
        <form class="form" on:submit=on_submit novalidate aria-busy=move || submitting.get().to_string()>
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
                    readonly=move || submitting.get()
                    prop:value=move || draft.with(|d| d.name.clone())
                    on:input=move |ev| {
                        name_touched.set(true);
                        edit(|d, v| d.name = v, "name")(ev)
                    }
                    aria-invalid=invalid("name")
                    aria-describedby="create-name-hint create-name-error"
                />
                <FieldError field="name" message=message_for("name") link=taken_link />
            </div>
            <div class="field">
                <label for=field_id("technology")>"Technology"</label>
                <select
                    id=field_id("technology")
                    name="technology"
                    disabled=move || submitting.get()
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
                    disabled=move || submitting.get()
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
                    disabled=move || submitting.get()
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
            <p class="form__summary">{summary}</p>
            <div class="form__actions">
                // Not `disabled` while sending: a disabled button drops the focus it holds;
                // the submit handler ignores presses until the answer.
                <button type="submit" class="button" aria-disabled=move || submitting.get().to_string()>
                    {move || if submitting.get() { "Creating…" } else { "Create database" }}
                </button>
                <A href=paths::href(paths::DATABASES) attr:class="button button--quiet" on:click=cancel>
                    "Cancel"
                </A>
            </div>
            <CopyAs
                spec=copy_spec
                waiting="With a valid name and a plan, this database can be copied as curl, CLI or Terraform."
            />
        </form>
    }
}
