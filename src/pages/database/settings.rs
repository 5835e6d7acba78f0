//! **Settings** (`/databases/{db}/settings`): change the plan (with a confirmation step in the
//! page), rename, move to another project, delete. Each form sends its one request once, keeps
//! what was typed when it fails and says what the server said, at its field when it is about
//! it; focus goes to what each action produced. The rules are pure Rust beside this file
//! ([`super::settings_forms`], [`super::plan_choice`]).
//!
//! The forms are drawn once: they read the database through memos, so the layout's polls do
//! not redraw them (nor lose what was typed).

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;
use model::{AddonProvider, Plan, Project};

use super::plan_choice::{plan_change, plan_options, unavailable_notes, PlanChange};
use super::settings_forms::{
    answer_lost, check_move, delete_confirmed, place_failure, plan_change_blocked, project_name,
    project_options, rename_request, Failure, PlanStep, DELETE_WARNING,
};
use super::{use_database, use_tab, DatabaseContext, Loaded};
use crate::api::ApiError;
use crate::browser;
use crate::components::require_session::replacing;
use crate::components::status::{ErrorNotice, Loading};
use crate::format::monthly_price;
use crate::pages::{catalog_resource, projects_resource};
use crate::paths::{self, DatabaseTab};
use crate::state::announce::Tone;
use crate::state::SessionState;

#[component]
pub fn SettingsTab() -> impl IntoView {
    use_tab(DatabaseTab::Settings);
    view! {
        <h2 class="visually-hidden">"Settings"</h2>
        <div class="settings">
            <ChangePlan />
            <Rename />
            <MoveToProject />
            <Delete />
        </div>
    }
}

/// A field's message, always present so `aria-describedby` points somewhere; with a link when
/// the message is about another database.
#[component]
fn FieldMessage(
    id: &'static str,
    message: Signal<Option<String>>,
    #[prop(optional)] link: Option<Signal<Option<(String, String)>>>,
) -> impl IntoView {
    view! {
        <p class="field__error" id=id>
            {move || message.get().map(|m| view! { <span aria-hidden="true">"⚠ "</span> {m} })}
            {move || link.and_then(|l| l.get()).map(|(path, text)| view! {
                " " <A href=paths::href(&path)>{text}</A>
            })}
        </p>
    }
}

/// What a form says above its button when its request failed for a reason that is not about a
/// field: focusable, so focus can go to it.
#[component]
fn FormFailure(
    id: &'static str,
    #[prop(into)] title: String,
    messages: RwSignal<Vec<String>>,
) -> impl IntoView {
    view! {
        <div id=id class="settings__failure">
            {move || {
                let messages = messages.get();
                (!messages.is_empty())
                    .then(|| view! { <ErrorNotice title=title.clone() messages=messages /> })
            }}
        </div>
    }
}

/// A polite live region, always present, with what a form's request achieved; the message is
/// focusable so focus can go to it.
#[component]
fn FormResult(id: &'static str, message: RwSignal<Option<String>>) -> impl IntoView {
    view! {
        <div class="settings__result" role="status">
            {move || message.get().map(|text| view! {
                <p class="notice notice--success" id=id tabindex="-1">
                    <span class="notice__icon" aria-hidden="true">"✓"</span>
                    " "
                    {text}
                </p>
            })}
        </div>
    }
}

/// Moves focus to the element with this id once it is drawn (never leaving it on `<body>`: the
/// section's first control meanwhile).
fn focus_soon(id: &str, fallback: &'static str) {
    browser::focus_result(format!("#{id}"), fallback);
}

/// The focusable element of a [`FormFailure`].
fn failure_selector(id: &str) -> String {
    format!("#{id} .notice")
}

/// The catalog's plans for the database's technology (else the provider that has its plan).
fn plans_of(providers: &[AddonProvider], technology: &str, current: &str) -> Option<Vec<Plan>> {
    providers
        .iter()
        .find(|p| p.id == technology)
        .or_else(|| {
            providers.iter().find(|p| {
                p.plans
                    .iter()
                    .any(|plan| plan.name == current || plan.id == current)
            })
        })
        .map(|p| p.plans.clone())
}

/// Whether the page that sent a request is still there: the layout's context answers.
fn layout_alive(db: DatabaseContext) -> bool {
    db.key.try_get_untracked().is_some()
}

/// A change that succeeded: said beside its form, which gets focus (`focus`: the result's id,
/// and what to focus until it is drawn), while the form is shown; else, the user having left,
/// in the live region. The database is read again while its page is open.
fn report_success(
    (db, state): (DatabaseContext, SessionState),
    here: bool,
    text: String,
    result: RwSignal<Option<String>>,
    (focus, fallback): (&str, &'static str),
) {
    if here {
        result.set(Some(text));
        db.reload();
        focus_soon(focus, fallback);
    } else {
        if layout_alive(db) {
            db.reload();
        }
        state.announce(Tone::Success, text, None);
    }
}

/// **Change plan**: the select of the catalog's plans (smaller sizes shown, not selectable,
/// with the reason beside it), what the chosen one means, then a confirmation step in the
/// page, then one `PATCH`. Only while the database is running.
#[component]
fn ChangePlan() -> impl IntoView {
    let db = use_database();
    let state = db.session();
    let catalog = catalog_resource(state);
    let providers = Memo::new(move |_| {
        catalog
            .get()
            .and_then(Result::ok)
            .or_else(|| state.kept_catalog())
    });
    let database = Memo::new(move |_| db.database());
    let current = Memo::new(move |_| database.with(|d| d.as_ref().map(|d| d.plan.clone())));
    let plans = Memo::new(move |_| {
        let providers = providers.get()?;
        database.with(|d| {
            let d = d.as_ref()?;
            plans_of(&providers, &d.technology, &d.plan)
        })
    });
    let options = Memo::new(move |_| {
        let current = current.get().unwrap_or_default();
        plans.with(|plans| plans.as_deref().map(|plans| plan_options(&current, plans)))
    });
    let status = Memo::new(move |_| db.status());
    let blocked = Memo::new(move |_| plan_change_blocked(status.get()));

    let chosen = RwSignal::new(String::new());
    let step = RwSignal::new(PlanStep::Choosing);
    let at_select = RwSignal::new(None::<String>);
    let general = RwSignal::new(Vec::<String>::new());
    let result = RwSignal::new(None::<String>);
    let change = Memo::new(move |_| {
        let current = current.get()?;
        let chosen = chosen.get();
        plans.with(|plans| {
            let plans = plans.as_deref()?;
            (!chosen.is_empty()).then(|| plan_change(&current, plans, &chosen))
        })
    });

    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if !step.get_untracked().is_choosing() || blocked.get_untracked().is_some() {
            return;
        }
        result.set(None);
        general.set(Vec::new());
        let current = current.get_untracked().unwrap_or_default();
        let checked = plans.with_untracked(|plans| {
            plan_change(
                &current,
                plans.as_deref().unwrap_or_default(),
                &chosen.get_untracked(),
            )
        });
        match checked {
            Err(message) => {
                at_select.set(Some(message));
                browser::focus_id("settings-plan", false);
            }
            Ok(change) => {
                at_select.set(None);
                step.set(PlanStep::Confirming(change.plan_id));
                focus_soon("settings-plan-confirm", "#settings-plan-submit");
            }
        }
    };

    let confirm = move |_| {
        let Some((sending, plan_id)) = step.get_untracked().confirm() else {
            return;
        };
        if let Some(reason) = blocked.get_untracked() {
            step.set(PlanStep::Choosing);
            general.set(vec![reason.to_string()]);
            browser::focus_result(failure_selector("settings-plan-failure"), "#settings-plan");
            return;
        }
        let (Some(addon), Some(change)) = (
            untrack(|| db.with(Loaded::addon_ref)).flatten(),
            change.get_untracked().and_then(Result::ok),
        ) else {
            step.set(PlanStep::Choosing);
            general.set(vec![
                "The database has no addon yet: its plan can change once it is running.".into(),
            ]);
            return;
        };
        step.set(sending);
        let client = db.client();
        let name = untrack(|| db.name());
        spawn_local(async move {
            let answer = state
                .call(client, |client| {
                    let addon = addon.clone();
                    async move {
                        client
                            .change_plan(&addon.database_id, &addon.addon_id, &plan_id)
                            .await
                    }
                })
                .await;
            let here = step.try_set(PlanStep::Choosing).is_none();
            match answer {
                Ok(_) => {
                    state.note_plan_change(&addon.database_id);
                    let region = untrack(|| db.region());
                    state.patch_kept_list(|list| {
                        for listed in list
                            .iter_mut()
                            .filter(|d| d.database.id == addon.database_id && d.region == region)
                        {
                            listed.database.plan = change.to_name.clone();
                        }
                    });
                    let text = format!(
                        "The change to {} was accepted: {name} is updating. This page follows it and says when it is running.",
                        change.to_display
                    );
                    if here {
                        chosen.set(String::new());
                    }
                    report_success(
                        (db, state),
                        here,
                        text,
                        result,
                        ("settings-plan-result", "#settings-plan-confirm"),
                    );
                }
                Err(error) if !here => state.announce(
                    Tone::Failure,
                    format!("The plan of {name} was not changed: {error}"),
                    None,
                ),
                Err(error) if answer_lost(&error) => {
                    general.set(vec![
                        error.to_string(),
                        "The plan change may have been accepted all the same: the database is read again, and its status says."
                            .into(),
                    ]);
                    db.reload();
                    // The step goes and the select is enabled again once drawn: meanwhile focus
                    // stays on the button that was pressed.
                    browser::focus_result(
                        failure_selector("settings-plan-failure"),
                        "#settings-plan-confirm",
                    );
                }
                Err(error) => {
                    // A conflict is about the database's state: read it again, so it shows.
                    if matches!(error, ApiError::Conflict(_)) {
                        db.reload();
                    }
                    let Failure {
                        at_field,
                        general: rest,
                        ..
                    } = place_failure(&error, &["plan_id", "plan"], "New plan", true);
                    let at_the_select = at_field.is_some();
                    at_select.set(at_field);
                    general.set(rest);
                    // As above: the select takes focus once it is enabled again.
                    if at_the_select {
                        browser::focus_result("#settings-plan".into(), "#settings-plan-confirm");
                    } else {
                        browser::focus_result(
                            failure_selector("settings-plan-failure"),
                            "#settings-plan-confirm",
                        );
                    }
                }
            }
        });
    };
    let cancel = move |_| {
        if matches!(step.get_untracked(), PlanStep::Confirming(_)) {
            step.set(PlanStep::Choosing);
            focus_soon("settings-plan-submit", "#settings-plan");
        }
    };

    let current_label = move || {
        let current = current.get().unwrap_or_default();
        let plan = plans.with(|plans| {
            plans
                .as_deref()
                .and_then(|plans| plans.iter().find(|p| p.name == current || p.id == current))
                .cloned()
        });
        match plan {
            Some(plan) => match monthly_price(&plan) {
                Some(price) => format!("{} — {price}", plan.label()),
                None => plan.label().to_string(),
            },
            None => current,
        }
    };
    let invalid = move || at_select.with(Option::is_some).to_string();
    let sending = move || matches!(step.get(), PlanStep::Sending(_));

    // Drawn again only when the catalog appears or goes: a new current plan (after a change,
    // or one made elsewhere) redraws the options, not the form, so focus stays where it is.
    let has_options = Memo::new(move |_| options.with(Option::is_some));
    let form = move || {
        if !has_options.get() {
            return view! {
                <p class="hint">
                    "The catalog has no plans for this database's technology: its plan cannot be changed here."
                </p>
            }
            .into_any();
        }
        view! {
            <form class="form" on:submit=on_submit novalidate>
                <div class="field">
                    <label for="settings-plan">"New plan"</label>
                    <select
                        id="settings-plan"
                        name="plan"
                        disabled=move || !step.get().is_choosing()
                        prop:value=move || chosen.get()
                        on:change=move |ev| {
                            chosen.set(event_target_value(&ev));
                            at_select.set(None);
                            result.set(None);
                        }
                        aria-invalid=invalid
                        aria-describedby="settings-plan-notes settings-plan-effect settings-plan-error"
                    >
                        <option value="" disabled=true prop:selected=move || chosen.get().is_empty()>
                            "Choose a plan…"
                        </option>
                        {move || options.get().unwrap_or_default()
                            .into_iter()
                            .map(|option| {
                                let id = option.id.clone();
                                let selectable = option.selectable();
                                view! {
                                    <option
                                        value=option.id.clone()
                                        disabled=!selectable
                                        prop:selected=move || chosen.with(|c| *c == id)
                                    >
                                        {option.label}
                                    </option>
                                }
                            })
                            .collect_view()}
                    </select>
                    <div class="hint settings__notes" id="settings-plan-notes">
                        {move || options.with(|options| {
                            unavailable_notes(options.as_deref().unwrap_or_default())
                        })
                        .into_iter()
                        .map(|note| view! { <p>{note}</p> })
                        .collect_view()}
                    </div>
                    <div class="settings__effect" id="settings-plan-effect" aria-live="polite">
                        {move || change.get().and_then(Result::ok).map(|change: PlanChange| {
                            view! {
                                {change.sentences().into_iter().map(|s| view! { <p>{s}</p> }).collect_view()}
                            }
                        })}
                    </div>
                    <FieldMessage id="settings-plan-error" message=at_select.into() />
                </div>
                <FormFailure id="settings-plan-failure" title="The plan was not changed" messages=general />
                <div class="form__actions settings__actions">
                    <button
                        type="submit"
                        id="settings-plan-submit"
                        class="button"
                        disabled=move || blocked.get().is_some() || !step.get().is_choosing()
                        aria-describedby="settings-plan-blocked"
                    >
                        "Change plan"
                    </button>
                    <p class="hint settings__reason" id="settings-plan-blocked">
                        {move || blocked.get()}
                    </p>
                </div>
            </form>
        }
        .into_any()
    };

    let confirmation = move || {
        if step.with(PlanStep::is_choosing) {
            return None;
        }
        let change = change.get().and_then(Result::ok)?;
        Some(view! {
            <div class="settings__confirm" role="group" aria-labelledby="settings-plan-confirm-title">
                <h3 id="settings-plan-confirm-title" class="section-title section-title--small">
                    "Confirm the plan change"
                </h3>
                <dl class="details">
                    <dt>"From"</dt>
                    <dd>{change.from.clone()}</dd>
                    <dt>"To"</dt>
                    <dd>{change.to.clone()}</dd>
                    <dt>"Price"</dt>
                    <dd>{change.price.clone().unwrap_or_else(|| "Not known".into())}</dd>
                    <dt>"Downtime"</dt>
                    <dd>{change.downtime.clone()}</dd>
                </dl>
                <div class="form__actions">
                    // Not `disabled` while sending: a disabled button drops the focus it holds;
                    // the step ignores presses until the answer.
                    <button
                        type="button"
                        id="settings-plan-confirm"
                        class="button"
                        aria-disabled=move || sending().to_string()
                        on:click=confirm
                    >
                        {move || if sending() { "Changing plan…" } else { "Confirm plan change" }}
                    </button>
                    <button
                        type="button"
                        class="button button--quiet"
                        aria-disabled=move || sending().to_string()
                        on:click=cancel
                    >
                        "Cancel"
                    </button>
                </div>
            </div>
        })
    };

    view! {
        <section class="settings__section" aria-labelledby="settings-plan-title">
            <h2 id="settings-plan-title" class="section-title">"Change plan"</h2>
            <p>"Current plan: " <strong>{current_label}</strong></p>
            <Transition fallback=|| view! { <Loading label="Loading the plans…" lines=2 /> }>
                {move || Suspend::new(async move {
                    let loaded = catalog.await;
                    match (loaded, state.kept_catalog()) {
                        (Err(error), None) => view! {
                            <ErrorNotice
                                title="Could not load the plans"
                                messages=vec![error.to_string()]
                                retry=Callback::new(move |()| catalog.refetch())
                            />
                        }
                        .into_any(),
                        _ => form.into_any(),
                    }
                })}
            </Transition>
            {confirmation}
            <FormResult id="settings-plan-result" message=result />
        </section>
    }
}

/// **Rename**: **New name**, checked as typed with the create form's rule, then one `POST`; the
/// URL, the header, the title and the list follow the new name.
#[component]
fn Rename() -> impl IntoView {
    let db = use_database();
    let state = db.session();
    let navigate = use_navigate();
    let typed = RwSignal::new(String::new());
    let touched = RwSignal::new(false);
    let server = RwSignal::new(None::<String>);
    let taken = RwSignal::new(None::<String>);
    let general = RwSignal::new(Vec::<String>::new());
    let sending = RwSignal::new(false);
    // The new name once renamed: focus goes to the heading when it shows it.
    let renamed_to = RwSignal::new(None::<String>);
    Effect::new(move |_| {
        let Some(new_name) = renamed_to.get() else {
            return;
        };
        if db.name() == new_name {
            renamed_to.set(None);
            browser::focus_heading(false);
        }
    });

    let message = Signal::derive(move || {
        if touched.get() {
            let checked = typed.with(|t| super::settings_forms::check_new_name(&db.name(), t));
            if let Err(message) = checked {
                return Some(message);
            }
        }
        server.get()
    });
    let link = Signal::derive(move || {
        taken.get().map(|name| {
            let region = state.several_regions().then(|| db.region()).flatten();
            (
                paths::database_in(&name, region.as_deref(), DatabaseTab::Overview),
                format!("Open {name}"),
            )
        })
    });

    let renamed = {
        let navigate = navigate.clone();
        move |old: String, new: String, id: String| {
            let region = untrack(|| db.region());
            state.patch_kept_list(|list| {
                for listed in list
                    .iter_mut()
                    .filter(|d| d.database.id == id && d.region == region)
                {
                    listed.database.name = new.clone();
                }
            });
            state.forget_created(&old);
            state.announce(Tone::Success, format!("{old} was renamed {new}."), None);
            if sending.try_set(false).is_some() {
                return; // the page is gone: the announcement says it
            }
            typed.set(String::new());
            touched.set(false);
            renamed_to.set(Some(new.clone()));
            let region = state
                .several_regions_untracked()
                .then(|| untrack(|| db.region()))
                .flatten();
            navigate(
                &paths::database_in(&new, region.as_deref(), DatabaseTab::Settings),
                replacing(),
            );
        }
    };

    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if sending.get_untracked() {
            return;
        }
        touched.set(true);
        server.set(None);
        taken.set(None);
        general.set(Vec::new());
        let Some(database) = untrack(|| db.database()) else {
            return;
        };
        let request = match rename_request(&database.id, &database.name, &typed.get_untracked()) {
            Ok(request) => request,
            Err(_) => {
                browser::focus_id("settings-new-name", false);
                return;
            }
        };
        sending.set(true);
        let client = db.client();
        let renamed = renamed.clone();
        spawn_local(async move {
            let answer = state
                .call(client.clone(), |client| {
                    let request = request.clone();
                    async move {
                        client
                            .rename(
                                &request.database_id,
                                &request.current_name,
                                &request.new_name,
                            )
                            .await
                    }
                })
                .await;
            let error = match answer {
                Ok(app) => {
                    let new = app.map_or(request.new_name.clone(), |app| app.name);
                    renamed(request.current_name, new, request.database_id);
                    return;
                }
                Err(error) => error,
            };
            // An answer lost: the database says whether it has its new name.
            if answer_lost(&error) {
                let id = request.database_id.clone();
                let found = state
                    .read(client, move |client| {
                        let id = id.clone();
                        async move { client.get_database_detail(&id).await }
                    })
                    .await;
                if let Ok(found) = &found {
                    if found.database.name == request.new_name {
                        renamed(request.current_name, request.new_name, request.database_id);
                        return;
                    }
                }
                let what = match found {
                    Ok(_) => "It was not renamed: you can try again.",
                    Err(_) => "Could not check whether it was renamed: read the page again before you try again.",
                };
                if sending.try_set(false).is_none() {
                    general.set(vec![error.to_string(), what.into()]);
                    browser::focus_result(
                        failure_selector("settings-rename-failure"),
                        "#settings-new-name",
                    );
                }
                return;
            }
            if sending.try_set(false).is_some() {
                state.announce(
                    Tone::Failure,
                    format!("{} was not renamed: {error}", request.current_name),
                    None,
                );
                return;
            }
            let failure = place_failure(&error, &["new_name", "name"], "New name", false);
            if failure.taken {
                taken.set(Some(request.new_name.clone()));
            }
            let at_field = failure.at_field.is_some();
            server.set(failure.at_field);
            general.set(failure.general);
            if at_field {
                browser::focus_id("settings-new-name", false);
            } else {
                browser::focus_result(
                    failure_selector("settings-rename-failure"),
                    "#settings-new-name",
                );
            }
        });
    };

    view! {
        <section class="settings__section" aria-labelledby="settings-rename-title">
            <h2 id="settings-rename-title" class="section-title">"Rename"</h2>
            <form class="form" on:submit=on_submit novalidate aria-busy=move || sending.get().to_string()>
                <div class="field">
                    <label for="settings-new-name">"New name"</label>
                    <span class="hint" id="settings-new-name-hint">
                        "Currently “" {move || db.name()} "”. 6 to 48 characters: lower case letters, digits and hyphens."
                    </span>
                    <input
                        type="text"
                        id="settings-new-name"
                        name="new_name"
                        autocomplete="off"
                        spellcheck="false"
                        autocapitalize="none"
                        readonly=move || sending.get()
                        prop:value=move || typed.get()
                        on:input=move |ev| {
                            if sending.get_untracked() {
                                return;
                            }
                            typed.set(event_target_value(&ev));
                            touched.set(true);
                            server.set(None);
                            taken.set(None);
                        }
                        aria-invalid=move || message.with(Option::is_some).to_string()
                        aria-describedby="settings-new-name-hint settings-new-name-error"
                    />
                    <FieldMessage id="settings-new-name-error" message=message link=link />
                </div>
                <FormFailure id="settings-rename-failure" title="The database was not renamed" messages=general />
                <div class="form__actions">
                    <button type="submit" class="button" aria-disabled=move || sending.get().to_string()>
                        {move || if sending.get() { "Renaming…" } else { "Rename" }}
                    </button>
                </div>
            </form>
        </section>
    }
}

/// **Move to another project**: the projects, the current one marked; one `PATCH`.
#[component]
fn MoveToProject() -> impl IntoView {
    let db = use_database();
    let state = db.session();
    let projects = projects_resource(state);
    let current = Memo::new(move |_| db.database().map(|d| d.project_id).unwrap_or_default());
    // What the select shows: the current project until another is chosen.
    let chosen = RwSignal::new(None::<String>);
    let selected = Memo::new(move |_| chosen.get().unwrap_or_else(|| current.get()));
    let at_select = RwSignal::new(None::<String>);
    let general = RwSignal::new(Vec::<String>::new());
    let result = RwSignal::new(None::<String>);
    let sending = RwSignal::new(false);
    let known = StoredValue::new(Vec::<Project>::new());

    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if sending.get_untracked() {
            return;
        }
        result.set(None);
        general.set(Vec::new());
        let project_id = match check_move(&current.get_untracked(), &selected.get_untracked()) {
            Ok(id) => id,
            Err(message) => {
                at_select.set(Some(message));
                browser::focus_id("settings-project", false);
                return;
            }
        };
        at_select.set(None);
        let Some(database) = untrack(|| db.database()) else {
            return;
        };
        sending.set(true);
        let client = db.client();
        let project = known.with_value(|projects| project_name(projects, &project_id));
        spawn_local(async move {
            let answer = {
                let (id, project_id) = (database.id.clone(), project_id.clone());
                state
                    .call(client, |client| async move {
                        client.move_to_project(&id, &project_id).await
                    })
                    .await
            };
            let here = sending.try_set(false).is_none();
            match answer {
                Ok(_) => {
                    let region = untrack(|| db.region());
                    state.patch_kept_list(|list| {
                        for listed in list
                            .iter_mut()
                            .filter(|d| d.database.id == database.id && d.region == region)
                        {
                            listed.database.project_id = project_id.clone();
                        }
                    });
                    let text = format!("{} was moved to the project {project}.", database.name);
                    if here {
                        chosen.set(None);
                    }
                    report_success(
                        (db, state),
                        here,
                        text,
                        result,
                        ("settings-move-result", "#settings-move-submit"),
                    );
                }
                Err(error) if !here => state.announce(
                    Tone::Failure,
                    format!("{} was not moved: {error}", database.name),
                    None,
                ),
                Err(error) => {
                    let mut failure = place_failure(&error, &["project_id"], "Project", false);
                    if answer_lost(&error) {
                        failure.general.push(
                            "It may have been moved all the same: the database is read again, and its overview says."
                                .into(),
                        );
                        db.reload();
                    }
                    let at_field = failure.at_field.is_some();
                    at_select.set(failure.at_field);
                    general.set(failure.general);
                    // The select takes focus once it is enabled again; the button meanwhile.
                    if at_field {
                        browser::focus_result("#settings-project".into(), "#settings-move-submit");
                    } else {
                        browser::focus_result(
                            failure_selector("settings-move-failure"),
                            "#settings-move-submit",
                        );
                    }
                }
            }
        });
    };

    let form = move |list: Vec<Project>| {
        known.set_value(list.clone());
        let options = Memo::new(move |_| project_options(&list, &current.get()));
        view! {
            <form class="form" on:submit=on_submit novalidate aria-busy=move || sending.get().to_string()>
                <div class="field">
                    <label for="settings-project">"Project"</label>
                    <select
                        id="settings-project"
                        name="project_id"
                        disabled=move || sending.get()
                        prop:value=move || selected.get()
                        on:change=move |ev| {
                            chosen.set(Some(event_target_value(&ev)));
                            at_select.set(None);
                            result.set(None);
                        }
                        aria-invalid=move || at_select.with(Option::is_some).to_string()
                        aria-describedby="settings-project-error"
                    >
                        {move || options.get().into_iter().map(|option| {
                            let id = option.id.clone();
                            view! {
                                <option value=option.id.clone() prop:selected=move || selected.with(|s| *s == id)>
                                    {option.label}
                                </option>
                            }
                        }).collect_view()}
                    </select>
                    <FieldMessage id="settings-project-error" message=at_select.into() />
                </div>
                <FormFailure id="settings-move-failure" title="The database was not moved" messages=general />
                <div class="form__actions">
                    <button
                        type="submit"
                        id="settings-move-submit"
                        class="button"
                        aria-disabled=move || sending.get().to_string()
                    >
                        {move || if sending.get() { "Moving…" } else { "Move" }}
                    </button>
                </div>
            </form>
        }
    };

    view! {
        <section class="settings__section" aria-labelledby="settings-move-title">
            <h2 id="settings-move-title" class="section-title">"Move to another project"</h2>
            <Transition fallback=|| view! { <Loading label="Loading the projects…" lines=2 /> }>
                {move || Suspend::new(async move {
                    match projects.await.map_err(Some).or_else(|e| state.kept_projects().ok_or(e)) {
                        Ok(list) => form(list).into_any(),
                        Err(error) => view! {
                            <ErrorNotice
                                title="Could not load the projects"
                                messages=vec![error.map(|e| e.to_string()).unwrap_or_default()]
                                retry=Callback::new(move |()| projects.refetch())
                            />
                        }
                        .into_any(),
                    }
                })}
            </Transition>
            <FormResult id="settings-move-result" message=result />
        </section>
    }
}

/// Said once a database is gone, wherever the user is, and the caches that still had it let
/// go of it.
fn deleted(state: SessionState, id: &str, name: &str, region: Option<String>) {
    state.patch_kept_list(|list| list.retain(|d| !(d.database.id == id && d.region == region)));
    state.forget_created(name);
    state.announce(Tone::Success, format!("{name} was deleted."), None);
}

/// **Delete database**: irreversible, said so; **Delete database** waits for the exact name,
/// then sends one `DELETE` and goes to the list.
#[component]
fn Delete() -> impl IntoView {
    let db = use_database();
    let state = db.session();
    let navigate = use_navigate();
    let typed = RwSignal::new(String::new());
    let general = RwSignal::new(Vec::<String>::new());
    let sending = RwSignal::new(false);
    let confirmed = Memo::new(move |_| typed.with(|t| delete_confirmed(&db.name(), t)));

    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if sending.get_untracked() || !confirmed.get_untracked() {
            return;
        }
        let Some(database) = untrack(|| db.database()) else {
            return;
        };
        general.set(Vec::new());
        sending.set(true);
        let client = db.client();
        let region = untrack(|| db.region());
        let navigate = navigate.clone();
        spawn_local(async move {
            let (id, name) = (database.id.clone(), database.name.clone());
            let answer = {
                let (id, name) = (id.clone(), name.clone());
                state
                    .call(client.clone(), |client| async move {
                        client.delete(&id, &name).await
                    })
                    .await
            };
            // An answer lost: a 404 for the database now means it was deleted.
            let answer = match answer {
                Err(error) if answer_lost(&error) => {
                    let key = id.clone();
                    let found = state
                        .read(client, move |client| {
                            let key = key.clone();
                            async move { client.get_database_detail(&key).await }
                        })
                        .await;
                    match found {
                        Err(ApiError::NotFound(_)) => Ok(()),
                        Ok(_) => Err(vec![error.to_string(), "It was not deleted: you can try again.".into()]),
                        Err(_) => Err(vec![
                            error.to_string(),
                            "Could not check whether it was deleted: read the page again before you try again."
                                .into(),
                        ]),
                    }
                }
                Err(error) => Err(place_failure(&error, &[], "", false).general),
                Ok(()) => Ok(()),
            };
            let here = sending.try_set(false).is_none();
            match answer {
                Ok(()) => {
                    deleted(state, &id, &name, region.clone());
                    // Still on this database's pages (this tab, or another one of its tabs):
                    // on to the list.
                    if here || layout_alive(db) {
                        navigate(paths::DATABASES, replacing());
                    }
                }
                Err(messages) if here => {
                    general.set(messages);
                    browser::focus_result(
                        failure_selector("settings-delete-failure"),
                        "#settings-delete-name",
                    );
                }
                Err(messages) => state.announce(
                    Tone::Failure,
                    format!("{name} was not deleted: {}", messages.join(" ")),
                    None,
                ),
            }
        });
    };

    view! {
        <section class="settings__section settings__danger" aria-labelledby="settings-delete-title">
            <h2 id="settings-delete-title" class="section-title">"Delete database"</h2>
            <p id="settings-delete-warning">
                <strong>{DELETE_WARNING}</strong>
            </p>
            <form class="form" on:submit=on_submit novalidate aria-busy=move || sending.get().to_string()>
                <div class="field">
                    <label for="settings-delete-name">"Type the name to confirm"</label>
                    <span class="hint" id="settings-delete-hint">
                        "Type “" <span class="mono">{move || db.name()}</span>
                        "” exactly: Delete database stays disabled until then."
                    </span>
                    <input
                        type="text"
                        id="settings-delete-name"
                        name="confirm_name"
                        autocomplete="off"
                        spellcheck="false"
                        autocapitalize="none"
                        readonly=move || sending.get()
                        prop:value=move || typed.get()
                        on:input=move |ev| {
                            if !sending.get_untracked() {
                                typed.set(event_target_value(&ev));
                            }
                        }
                        aria-describedby="settings-delete-warning settings-delete-hint"
                    />
                </div>
                <FormFailure id="settings-delete-failure" title="The database was not deleted" messages=general />
                <div class="form__actions">
                    // Disabled until the exact name; while sending, only `aria-disabled`, so the
                    // focus it holds stays; the handler ignores presses (and Enter) until the
                    // answer.
                    <button
                        type="submit"
                        class="button button--danger"
                        disabled=move || !confirmed.get()
                        aria-disabled=move || sending.get().to_string()
                    >
                        {move || if sending.get() { "Deleting…" } else { "Delete database" }}
                    </button>
                </div>
            </form>
        </section>
    }
}
