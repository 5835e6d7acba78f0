//! **Firewall** (`/databases/{db}/firewall`): the rules that admit addresses to the database
//! (deny by default), a form for a custom IPv4 range checked as it is typed, one for a range
//! Scalingo maintains (by name, from the API), and a confirmed **Remove** per rule. Each request
//! is sent once; refusals are said at their field in the server's words; successes are
//! announced and focus goes to what they produced. The rules are pure Rust beside this file
//! ([`super::firewall_forms`]).

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;
use model::lifecycle::{FirewallRule, ManagedRange};

use super::firewall_forms::{
    cidr_feedback, count_label, custom_rule, limit_reached, managed_rule, place_rule_failure,
    range_options, rule_name, rule_range, rule_type, CidrFeedback, RuleFailure, DELAY_NOTE,
};
use super::settings_forms::answer_lost;
use super::{use_database, use_tab, DatabaseContext, Loaded};
use crate::api::{AddonRef, ApiError, NewRule};
use crate::browser;
use crate::components::dialog::ConfirmDialog;
use crate::components::status::{ErrorNotice, Loading};
use crate::paths::DatabaseTab;
use crate::rules::Status;
use crate::state::announce::Tone;

/// One read of the rules, with the version of the page's changes it follows.
#[derive(Clone, Debug, PartialEq)]
struct RulesRead {
    version: u32,
    /// `None` while the database has no addon (still provisioning).
    rules: Option<Vec<FirewallRule>>,
}

/// What every part of the tab shares: the rules read, the ranges, and how to read again and
/// then move focus.
#[derive(Clone, Copy)]
struct Firewall {
    addon: Memo<Option<AddonRef>>,
    rules: LocalResource<Result<RulesRead, ApiError>>,
    /// The last rules read well (kept while reading again).
    known: Memo<Option<Vec<FirewallRule>>>,
    ranges: Memo<Vec<ManagedRange>>,
    version: RwSignal<u32>,
    /// Where focus goes once the rules of this version (or a later one) are drawn.
    focus_after: RwSignal<Option<(u32, String)>>,
}

impl Firewall {
    /// Reads the rules again; once drawn, focus goes to `selector`.
    fn reload_then_focus(&self, selector: String) {
        let next = self.version.get_untracked() + 1;
        self.focus_after.set(Some((next, selector)));
        self.version.set(next);
    }

    fn count(&self) -> usize {
        self.known.with(|rules| rules.as_ref().map_or(0, Vec::len))
    }
}

/// The id of a rule's row header: where focus goes once it is added.
fn row_id(rule_id: &str) -> String {
    format!("fw-rule-{rule_id}")
}

#[component]
pub fn FirewallTab() -> impl IntoView {
    use_tab(DatabaseTab::Firewall);
    let db = use_database();
    let state = db.session();
    // A memo: the layout's polls do not change it, so they read nothing again. While the
    // database is provisioning its firewall does not exist yet (the Database API answers 404):
    // nothing is read, the tab says why.
    let addon = Memo::new(move |_| {
        if db.status() == Status::Provisioning {
            return None;
        }
        db.with(Loaded::addon_ref).flatten()
    });
    let version = RwSignal::new(0u32);
    let rules = LocalResource::new(move || {
        let version = version.get();
        let addon = addon.get();
        let client = db.client();
        async move {
            let Some(addon) = addon else {
                return Ok(RulesRead {
                    version,
                    rules: None,
                });
            };
            let listed = state
                .read(client, move |client| {
                    let addon = addon.clone();
                    async move { client.list_firewall_rules(&addon).await }
                })
                .await?;
            Ok(RulesRead {
                version,
                rules: Some(listed.items),
            })
        }
    });
    let ranges_read = LocalResource::new(move || {
        let addon = addon.get();
        let client = db.client();
        async move {
            let Some(addon) = addon else {
                return Ok(Vec::new());
            };
            state
                .read(client, move |client| {
                    let addon = addon.clone();
                    async move { client.list_managed_ranges(&addon).await }
                })
                .await
                .map(|listed| listed.items)
        }
    });
    let known = Memo::new(move |_| rules.get().and_then(Result::ok).and_then(|read| read.rules));
    let ranges = Memo::new(move |_| ranges_read.get().and_then(Result::ok).unwrap_or_default());
    let firewall = Firewall {
        addon,
        rules,
        known,
        ranges,
        version,
        focus_after: RwSignal::new(None),
    };
    // Focus goes to an action's result once the rules read after it are drawn (the drawing
    // may take a few frames: `focus_result` waits for it).
    Effect::new(move |_| {
        let Some(Ok(read)) = rules.get() else {
            return;
        };
        let Some((wanted, selector)) = firewall.focus_after.get_untracked() else {
            return;
        };
        if read.version >= wanted {
            firewall.focus_after.set(None);
            browser::focus_result(selector, "#fw-count");
        }
    });

    view! {
        <h2 class="visually-hidden">"Firewall"</h2>
        {move || match addon.get() {
            None => view! {
                <p class="notice">
                    "The database is still being provisioned: its firewall rules can be set once it is running."
                </p>
            }
            .into_any(),
            Some(_) => view! {
                <div class="firewall">
                    <Rules firewall=firewall />
                    <AddCustom firewall=firewall />
                    <AddManaged firewall=firewall />
                </div>
            }
            .into_any(),
        }}
    }
}

/// The rules: how many of the 30, the delay, the table with a **Remove …** per rule and the
/// one confirmation they share.
#[component]
fn Rules(firewall: Firewall) -> impl IntoView {
    let db = use_database();
    let state = db.session();
    let removing = RwSignal::new(None::<(String, String)>);
    let dialog_open = RwSignal::new(false);
    let sending = RwSignal::new(false);
    let failure = RwSignal::new(Vec::<String>::new());

    let remove = Callback::new(move |()| {
        if sending.get_untracked() {
            return;
        }
        let (Some((rule_id, name)), Some(addon)) =
            (removing.get_untracked(), firewall.addon.get_untracked())
        else {
            return;
        };
        sending.set(true);
        failure.set(Vec::new());
        let client = db.client();
        spawn_local(async move {
            let answer = {
                let rule_id = rule_id.clone();
                state
                    .call(client, |client| async move {
                        client.remove_firewall_rule(&addon, &rule_id).await
                    })
                    .await
            };
            let here = sending.try_set(false).is_none();
            match answer {
                Ok(()) => {
                    state.announce(
                        Tone::Success,
                        format!("The rule {name} was removed. {DELAY_NOTE}"),
                        None,
                    );
                    if here {
                        firewall.reload_then_focus("#fw-count".into());
                    }
                }
                // Gone already (removed elsewhere): the list says so once read again.
                Err(ApiError::NotFound(_)) if here => {
                    state.announce(
                        Tone::Info,
                        format!("The rule {name} was already removed."),
                        None,
                    );
                    firewall.reload_then_focus("#fw-count".into());
                }
                Err(error) if !here => state.announce(
                    Tone::Failure,
                    format!("The rule {name} was not removed: {error}"),
                    None,
                ),
                Err(error) => {
                    let mut messages = vec![error.to_string()];
                    if answer_lost(&error) {
                        messages.push(
                            "It may have been removed all the same: the rules are read again."
                                .into(),
                        );
                        firewall.version.update(|v| *v += 1);
                    }
                    failure.set(messages);
                    browser::focus_result("#fw-remove-failure .notice".into(), "#fw-count");
                }
            }
        });
    });

    let count = move || count_label(firewall.count());
    view! {
        <section class="settings__section" aria-labelledby="fw-rules-title">
            <h2 id="fw-rules-title" class="section-title">"Rules"</h2>
            <p class="firewall__count" id="fw-count" tabindex="-1">
                <strong>{count}</strong>
                ". The firewall denies every address no rule admits. " {DELAY_NOTE}
            </p>
            <div id="fw-remove-failure" class="settings__failure">
                {move || {
                    let messages = failure.get();
                    (!messages.is_empty()).then(|| view! {
                        <ErrorNotice title="The rule was not removed" messages=messages />
                    })
                }}
            </div>
            <Transition fallback=|| view! { <Loading label="Loading the firewall rules…" lines=3 /> }>
                {move || Suspend::new(async move {
                    match firewall.rules.await {
                        Ok(read) => {
                            let rules = read.rules.unwrap_or_default();
                            view! {
                                <RuleTable
                                    rules=rules
                                    ranges=firewall.ranges
                                    removing=removing
                                    dialog_open=dialog_open
                                    sending=sending
                                />
                            }
                            .into_any()
                        }
                        Err(error) => view! {
                            <ErrorNotice
                                title="Could not load the firewall rules"
                                messages=vec![error.to_string()]
                                retry=Callback::new(move |()| firewall.rules.refetch())
                            />
                        }
                        .into_any(),
                    }
                })}
            </Transition>
            <ConfirmDialog
                open=dialog_open
                title="Remove this rule?"
                id="fw-remove"
                confirm_label="Remove rule"
                on_confirm=remove
            >
                <p>
                    "The rule " <strong>{move || removing.get().map(|(_, name)| name)}</strong>
                    " goes: the addresses only it admits can no longer connect. " {DELAY_NOTE}
                </p>
            </ConfirmDialog>
        </section>
    }
}

#[component]
fn RuleTable(
    rules: Vec<FirewallRule>,
    ranges: Memo<Vec<ManagedRange>>,
    removing: RwSignal<Option<(String, String)>>,
    dialog_open: RwSignal<bool>,
    sending: RwSignal<bool>,
) -> impl IntoView {
    if rules.is_empty() {
        return view! {
            <p class="empty-state">
                "No rule yet: no address can reach this database from the Internet. Add one below."
            </p>
        }
        .into_any();
    }
    view! {
        <table class="plain-table firewall__rules">
            <caption class="visually-hidden">"Firewall rules"</caption>
            <thead>
                <tr>
                    <th scope="col">"Type"</th>
                    <th scope="col">"CIDR or range"</th>
                    <th scope="col">"Label"</th>
                    <th scope="col"><span class="visually-hidden">"Actions"</span></th>
                </tr>
            </thead>
            <tbody>
                {rules
                    .into_iter()
                    .map(|rule| {
                        let range = {
                            let rule = rule.clone();
                            move || ranges.with(|ranges| rule_range(&rule, ranges))
                        };
                        let name = {
                            let rule = rule.clone();
                            move || ranges.with(|ranges| rule_name(&rule, ranges))
                        };
                        let id = rule.id.clone();
                        let open = {
                            let name = name.clone();
                            move |_| {
                                if sending.get_untracked() {
                                    return;
                                }
                                removing.set(Some((id.clone(), name())));
                                dialog_open.set(true);
                            }
                        };
                        view! {
                            <tr>
                                <td data-label="Type">{rule_type(rule.kind)}</td>
                                <th
                                    scope="row"
                                    id=row_id(&rule.id)
                                    tabindex="-1"
                                    class="mono"
                                    data-label="CIDR or range"
                                >
                                    {range}
                                </th>
                                <td data-label="Label">
                                    {rule.label.clone().unwrap_or_else(|| "—".into())}
                                </td>
                                <td class="firewall__remove">
                                    <button
                                        type="button"
                                        class="button button--quiet button--small"
                                        on:click=open
                                    >
                                        {let name = name.clone(); move || format!("Remove {}", name())}
                                    </button>
                                </td>
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}

/// A form's refusal above its button, focusable so focus can go to it.
#[component]
fn FormFailure(
    id: &'static str,
    title: &'static str,
    messages: RwSignal<Vec<String>>,
) -> impl IntoView {
    view! {
        <div id=id class="settings__failure">
            {move || {
                let messages = messages.get();
                (!messages.is_empty()).then(|| view! { <ErrorNotice title=title messages=messages /> })
            }}
        </div>
    }
}

/// A field's message, always present so `aria-describedby` points somewhere.
#[component]
fn FieldMessage(id: &'static str, message: Signal<Option<String>>) -> impl IntoView {
    view! {
        <p class="field__error" id=id>
            {move || message.get().map(|m| view! { <span aria-hidden="true">"⚠ "</span> {m} })}
        </p>
    }
}

/// Why the add buttons are disabled, beside them (and their description).
#[component]
fn LimitReason(id: &'static str, firewall: Firewall) -> impl IntoView {
    view! {
        <p class="hint settings__reason" id=id>
            {move || limit_reached(firewall.count())}
        </p>
    }
}

/// What a sent rule's answer means for the form that sent it.
enum Outcome {
    Added(Option<FirewallRule>),
    Refused(RuleFailure),
}

/// Sends one rule and says what came of it; `None` when the page is gone (then it is
/// announced).
async fn send_rule(
    db: DatabaseContext,
    firewall: Firewall,
    rule: NewRule,
    what: String,
    sending: RwSignal<bool>,
) -> Option<Outcome> {
    let state = db.session();
    let addon = firewall.addon.get_untracked()?;
    let client = db.client();
    let answer = state
        .call(client, |client| async move {
            client.add_firewall_rule(&addon, &rule).await
        })
        .await;
    let here = sending.try_set(false).is_none();
    match answer {
        Ok(added) => {
            state.announce(
                Tone::Success,
                format!("The rule {what} was added. {DELAY_NOTE}"),
                None,
            );
            here.then_some(Outcome::Added(added))
        }
        Err(error) if !here => {
            state.announce(
                Tone::Failure,
                format!("The rule {what} was not added: {error}"),
                None,
            );
            None
        }
        Err(error) => {
            let mut failure = place_rule_failure(&error);
            if answer_lost(&error) {
                failure.general.push(
                    "It may have been added all the same: the rules are read again before you try again."
                        .into(),
                );
                firewall.version.update(|v| *v += 1);
            } else if failure.general.iter().any(|m| m.contains("at most")) {
                // The limit reached meanwhile (elsewhere): the count shows it once read again.
                firewall.version.update(|v| *v += 1);
            }
            Some(Outcome::Refused(failure))
        }
    }
}

/// **Add a custom range**: **CIDR** checked as it is typed, an optional **Label**, **Add rule**.
#[component]
fn AddCustom(firewall: Firewall) -> impl IntoView {
    let db = use_database();
    let cidr = RwSignal::new(String::new());
    let label = RwSignal::new(String::new());
    let touched = RwSignal::new(false);
    let at_cidr = RwSignal::new(None::<String>);
    let at_label = RwSignal::new(None::<String>);
    let general = RwSignal::new(Vec::<String>::new());
    let sending = RwSignal::new(false);
    let blocked = Memo::new(move |_| limit_reached(firewall.count()).is_some());
    let feedback = Memo::new(move |_| cidr.with(|typed| cidr_feedback(typed)));
    let cidr_message = Signal::derive(move || {
        if let Some(server) = at_cidr.get() {
            return Some(server);
        }
        match feedback.get() {
            CidrFeedback::Invalid(reason) if touched.get() => Some(reason),
            _ => None,
        }
    });
    let cidr_note = move || match feedback.get() {
        CidrFeedback::Valid { note, warning, .. } => {
            let note = note.map(|n| view! { <p class="hint">{n}</p> });
            let warning = warning.map(|w| {
                view! {
                    <p class="firewall__warning">
                        <span aria-hidden="true">"⚠ "</span>
                        {w}
                    </p>
                }
            });
            Some(view! { {note} {warning} })
        }
        _ => None,
    };

    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if sending.get_untracked() || blocked.get_untracked() {
            return;
        }
        touched.set(true);
        at_cidr.set(None);
        at_label.set(None);
        general.set(Vec::new());
        let rule = match custom_rule(&cidr.get_untracked(), &label.get_untracked()) {
            Ok(rule) => rule,
            Err(reason) => {
                // Said at the field (an empty field has no reason until now); nothing sent.
                at_cidr.set(Some(reason));
                browser::focus_id("fw-cidr", false);
                return;
            }
        };
        let what = match &rule {
            NewRule::Custom { cidr, label } => match label {
                Some(label) => format!("{label} ({cidr})"),
                None => cidr.clone(),
            },
            NewRule::Managed { range_id } => range_id.clone(),
        };
        sending.set(true);
        spawn_local(async move {
            match send_rule(db, firewall, rule, what, sending).await {
                None => {}
                Some(Outcome::Added(added)) => {
                    cidr.set(String::new());
                    label.set(String::new());
                    touched.set(false);
                    let selector = added.map_or_else(
                        || "#fw-count".to_string(),
                        |rule| format!("#{}", row_id(&rule.id)),
                    );
                    firewall.reload_then_focus(selector);
                }
                Some(Outcome::Refused(failure)) => {
                    let (cidr_here, label_here) =
                        (failure.at_cidr.is_some(), failure.at_label.is_some());
                    at_cidr.set(failure.at_cidr);
                    at_label.set(failure.at_label);
                    let mut rest = failure.general;
                    if let Some(range) = failure.at_range {
                        rest.insert(0, range);
                    }
                    general.set(rest);
                    if cidr_here {
                        browser::focus_id("fw-cidr", false);
                    } else if label_here {
                        browser::focus_id("fw-label", false);
                    } else {
                        browser::focus_result("#fw-custom-failure .notice".into(), "#fw-add-rule");
                    }
                }
            }
        });
    };

    view! {
        <section class="settings__section" aria-labelledby="fw-custom-title">
            <h2 id="fw-custom-title" class="section-title">"Add a custom range"</h2>
            <form class="form" on:submit=on_submit novalidate aria-busy=move || sending.get().to_string()>
                <div class="field">
                    <label for="fw-cidr">"CIDR"</label>
                    <span class="hint" id="fw-cidr-hint">
                        "An IPv4 address or network and its prefix: 203.0.113.7/32 for one address, "
                        "203.0.113.0/24 for a network."
                    </span>
                    <input
                        type="text"
                        id="fw-cidr"
                        name="cidr"
                        inputmode="decimal"
                        autocomplete="off"
                        spellcheck="false"
                        autocapitalize="none"
                        readonly=move || sending.get()
                        prop:value=move || cidr.get()
                        on:input=move |ev| {
                            if sending.get_untracked() {
                                return;
                            }
                            cidr.set(event_target_value(&ev));
                            touched.set(true);
                            at_cidr.set(None);
                        }
                        aria-invalid=move || cidr_message.with(Option::is_some).to_string()
                        aria-describedby="fw-cidr-hint fw-cidr-error fw-cidr-note"
                    />
                    <FieldMessage id="fw-cidr-error" message=cidr_message />
                    <div id="fw-cidr-note" class="firewall__note" aria-live="polite">{cidr_note}</div>
                </div>
                <div class="field">
                    <label for="fw-label">"Label"</label>
                    <span class="hint" id="fw-label-hint">"Optional: what this range is, for example “Office”."</span>
                    <input
                        type="text"
                        id="fw-label"
                        name="label"
                        autocomplete="off"
                        readonly=move || sending.get()
                        prop:value=move || label.get()
                        on:input=move |ev| {
                            if !sending.get_untracked() {
                                label.set(event_target_value(&ev));
                                at_label.set(None);
                            }
                        }
                        aria-invalid=move || at_label.with(Option::is_some).to_string()
                        aria-describedby="fw-label-hint fw-label-error"
                    />
                    <FieldMessage id="fw-label-error" message=at_label.into() />
                </div>
                <FormFailure id="fw-custom-failure" title="The rule was not added" messages=general />
                <div class="form__actions settings__actions">
                    // Not `disabled` while sending (a disabled button drops its focus): the
                    // handler ignores presses until the answer.
                    <button
                        type="submit"
                        id="fw-add-rule"
                        class="button"
                        disabled=move || blocked.get()
                        aria-disabled=move || sending.get().to_string()
                        aria-describedby="fw-custom-limit"
                    >
                        {move || if sending.get() { "Adding…" } else { "Add rule" }}
                    </button>
                    <LimitReason id="fw-custom-limit" firewall=firewall />
                </div>
            </form>
        </section>
    }
}

/// **Add a managed range**: the ranges Scalingo maintains, by name, from the API; **Add range**.
#[component]
fn AddManaged(firewall: Firewall) -> impl IntoView {
    let db = use_database();
    let chosen = RwSignal::new(String::new());
    let at_range = RwSignal::new(None::<String>);
    let general = RwSignal::new(Vec::<String>::new());
    let sending = RwSignal::new(false);
    let blocked = Memo::new(move |_| limit_reached(firewall.count()).is_some());
    let options = Memo::new(move |_| {
        let rules = firewall.known.get().unwrap_or_default();
        firewall.ranges.with(|ranges| range_options(ranges, &rules))
    });

    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if sending.get_untracked() || blocked.get_untracked() {
            return;
        }
        general.set(Vec::new());
        let range_id = chosen.get_untracked();
        let taken = options.with_untracked(|o| o.iter().any(|o| o.id == range_id && o.taken));
        let rule = match managed_rule(&range_id) {
            Ok(_) if taken => Err("This range is already allowed by a rule.".to_string()),
            other => other,
        };
        let rule = match rule {
            Ok(rule) => rule,
            Err(reason) => {
                at_range.set(Some(reason));
                browser::focus_id("fw-range", false);
                return;
            }
        };
        at_range.set(None);
        let what = firewall
            .ranges
            .with_untracked(|ranges| super::firewall_forms::range_name(ranges, &range_id));
        sending.set(true);
        spawn_local(async move {
            match send_rule(db, firewall, rule, what, sending).await {
                None => {}
                Some(Outcome::Added(added)) => {
                    chosen.set(String::new());
                    let selector = added.map_or_else(
                        || "#fw-count".to_string(),
                        |rule| format!("#{}", row_id(&rule.id)),
                    );
                    firewall.reload_then_focus(selector);
                }
                Some(Outcome::Refused(failure)) => {
                    let here = failure.at_range.is_some();
                    at_range.set(failure.at_range);
                    let mut rest = failure.general;
                    rest.extend(failure.at_cidr);
                    rest.extend(failure.at_label);
                    general.set(rest);
                    if here {
                        browser::focus_id("fw-range", false);
                    } else {
                        browser::focus_result(
                            "#fw-managed-failure .notice".into(),
                            "#fw-add-range",
                        );
                    }
                }
            }
        });
    };

    view! {
        <section class="settings__section" aria-labelledby="fw-managed-title">
            <h2 id="fw-managed-title" class="section-title">"Add a managed range"</h2>
            <p>"The addresses of a Scalingo region, kept up to date by Scalingo: for apps hosted there."</p>
            <form class="form" on:submit=on_submit novalidate aria-busy=move || sending.get().to_string()>
                <div class="field">
                    <label for="fw-range">"Managed range"</label>
                    <select
                        id="fw-range"
                        name="range_id"
                        disabled=move || sending.get()
                        prop:value=move || chosen.get()
                        on:change=move |ev| {
                            chosen.set(event_target_value(&ev));
                            at_range.set(None);
                        }
                        aria-invalid=move || at_range.with(Option::is_some).to_string()
                        aria-describedby="fw-range-error"
                    >
                        <option value="" disabled=true prop:selected=move || chosen.get().is_empty()>
                            "Choose a range…"
                        </option>
                        {move || options.get().into_iter().map(|option| {
                            let id = option.id.clone();
                            view! {
                                <option
                                    value=option.id.clone()
                                    disabled=option.taken
                                    prop:selected=move || chosen.with(|c| *c == id)
                                >
                                    {option.label}
                                </option>
                            }
                        }).collect_view()}
                    </select>
                    <FieldMessage id="fw-range-error" message=at_range.into() />
                </div>
                <FormFailure id="fw-managed-failure" title="The range was not added" messages=general />
                <div class="form__actions settings__actions">
                    <button
                        type="submit"
                        id="fw-add-range"
                        class="button"
                        disabled=move || blocked.get()
                        aria-disabled=move || sending.get().to_string()
                        aria-describedby="fw-managed-limit"
                    >
                        {move || if sending.get() { "Adding…" } else { "Add range" }}
                    </button>
                    <LimitReason id="fw-managed-limit" firewall=firewall />
                </div>
            </form>
        </section>
    }
}
