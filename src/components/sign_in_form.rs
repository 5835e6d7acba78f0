use leptos::ev::SubmitEvent;
use leptos::prelude::*;

use crate::api::ApiError;
use crate::browser;
use crate::config::parse_api_url;
use crate::session::{Connection, Session, Token};
use crate::state::use_session;

/// What is wrong with the form, by field.
#[derive(Clone, Debug, Default, PartialEq)]
struct SignInErrors {
    api_url: Option<String>,
    token: Option<String>,
    general: Option<String>,
}

/// The message for a failed proof call (`GET /v1/databases` with the new token).
fn proof_errors(error: &ApiError, connection: &Connection) -> SignInErrors {
    match error {
        ApiError::Unauthorized(_) | ApiError::Forbidden(_) => SignInErrors {
            token: Some("This token was refused by the API.".into()),
            ..Default::default()
        },
        ApiError::Network(_) => {
            let base = match connection {
                Connection::Custom { api_url } => api_url.clone(),
                other => other.label(),
            };
            let cross_origin = match (connection, browser::origin()) {
                (Connection::Custom { api_url }, Some(origin)) => !api_url.starts_with(&origin),
                _ => false,
            };
            let mut message = format!("Could not reach the API at {}.", base);
            if cross_origin {
                let origin = browser::origin().unwrap_or_default();
                message.push_str(&format!(
                    " Check the URL and that the server is up. If it is, it may not allow calls \
                     from this page: its CORS settings must allow the origin {origin}."
                ));
            } else {
                message.push_str(" Check that the server is running.");
            }
            match connection {
                Connection::Custom { .. } => SignInErrors {
                    api_url: Some(message),
                    ..Default::default()
                },
                _ => SignInErrors {
                    general: Some(message),
                    ..Default::default()
                },
            }
        }
        other => SignInErrors {
            general: Some(other.to_string()),
            ..Default::default()
        },
    }
}

/// Where to connect (Local API, the regions of `config.json`, Custom) and with what token, or
/// **Try the demo**. The token is proved with `GET /v1/databases` (after the exchange, for an
/// API token) before it is kept; `on_signed_in` receives the session once the API accepted it.
#[component]
pub fn SignInForm(
    /// The connection to start from (the current one when signing in again).
    #[prop(optional)]
    initial: Option<Connection>,
    /// Keeps ids unique when the form appears twice in a document.
    #[prop(into)]
    id_prefix: String,
    /// Called with the proved session.
    on_signed_in: Callback<Session>,
) -> impl IntoView {
    let state = use_session();
    let config = state.config();
    // All regions is offered when config.json lists more than one, and is then the default
    // Scalingo choice.
    let all_regions = config.regions.len() > 1;
    let (initial_kind, initial_url) = match initial {
        Some(Connection::Custom { api_url }) => ("custom".to_string(), api_url),
        Some(Connection::Region { name }) => (format!("region:{name}"), String::new()),
        Some(Connection::AllRegions) if all_regions => ("all".to_string(), String::new()),
        _ if config.local_api.enabled => ("local".to_string(), String::new()),
        _ if all_regions => ("all".to_string(), String::new()),
        _ => (
            config
                .regions
                .first()
                .map_or("custom".to_string(), |r| format!("region:{}", r.name)),
            String::new(),
        ),
    };
    let kind = RwSignal::new(initial_kind);
    let api_url = RwSignal::new(initial_url);
    let token = RwSignal::new(String::new());
    let show_token = RwSignal::new(false);
    let remember = RwSignal::new(false);
    let local_errors = RwSignal::new(SignInErrors::default());

    let prove_config = config.clone();
    let prove = Action::new_local(move |session: &Session| {
        let session = session.clone();
        let client = crate::api::Client::for_session(&session, &prove_config);
        async move {
            let result = match client {
                Ok(client) => client.list_databases().await.map(|_| ()),
                Err(error) => Err(error),
            };
            (session, result)
        }
    });
    let server_errors = Memo::new(move |_| {
        prove.value().with(|value| match value {
            Some((session, Err(error))) => proof_errors(error, &session.connection),
            _ => SignInErrors::default(),
        })
    });
    Effect::new(move |_| {
        if let Some((session, Ok(()))) = prove.value().get() {
            token.set(String::new());
            on_signed_in.run(session);
        }
    });
    let errors = move || {
        let local = local_errors.get();
        if local != SignInErrors::default() {
            local
        } else {
            server_errors.get()
        }
    };

    let id_prefix = StoredValue::new(id_prefix);
    let id = move |name: &str| id_prefix.with_value(|prefix| format!("{prefix}-{name}"));
    let (url_id, token_id, remember_id) = (id("api-url"), id("token"), id("remember"));
    let (url_error_id, token_error_id) = (id("api-url-error"), id("token-error"));

    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if prove.pending().get_untracked() {
            return;
        }
        let mut found = SignInErrors::default();
        let chosen = kind.get_untracked();
        let connection = if chosen == "custom" {
            match parse_api_url(&api_url.get_untracked()) {
                Ok(url) => Some(Connection::Custom { api_url: url }),
                Err(error) => {
                    found.api_url = Some(error.to_string());
                    None
                }
            }
        } else if chosen == "all" {
            Some(Connection::AllRegions)
        } else if let Some(name) = chosen.strip_prefix("region:") {
            Some(Connection::Region {
                name: name.to_string(),
            })
        } else {
            Some(Connection::Local)
        };
        let secret = Token::new(token.get_untracked());
        if secret.is_empty() {
            found.token = Some("Enter a token.".into());
        }
        local_errors.set(found.clone());
        match connection {
            Some(connection) if found == SignInErrors::default() => {
                prove.dispatch_local(Session::new(connection, secret, remember.get_untracked()));
            }
            _ => {}
        }
    };

    let url_error_id_attr = url_error_id.clone();
    let token_error_id_attr = token_error_id.clone();
    view! {
        <form class="form" on:submit=on_submit novalidate>
            {move || errors().general.map(|message| view! {
                <div class="notice notice--error" role="alert">
                    <p class="notice__title">
                        <span class="notice__icon" aria-hidden="true">"⚠"</span> " " {message}
                    </p>
                </div>
            })}
            <fieldset class="field choice">
                <legend>"Connect to"</legend>
                {config.local_api.enabled.then(|| view! {
                    <ConnectionOption kind=kind group=id("kind") value="local" label="Local API">
                        "The devapi server on this machine, through " <code>"/api"</code>
                    </ConnectionOption>
                })}
                {all_regions.then(|| view! {
                    <ConnectionOption kind=kind group=id("kind") value="all" label="All regions">
                        {format!(
                            "Scalingo, every region at once ({}): one token, one list",
                            config.regions.iter().map(|r| r.name.as_str()).collect::<Vec<_>>().join(", ")
                        )}
                    </ConnectionOption>
                })}
                {config.regions.iter().map(|region| view! {
                    <ConnectionOption
                        kind=kind
                        group=id("kind")
                        value=format!("region:{}", region.name)
                        label=region.name.clone()
                    >
                        {format!("Scalingo, {}", region.label())}
                    </ConnectionOption>
                }).collect_view()}
                <ConnectionOption kind=kind group=id("kind") value="custom" label="Custom">
                    "Any server that implements the Databases API"
                </ConnectionOption>
            </fieldset>
            <Show when=move || kind.get() == "custom">
                <div class="field">
                    <label for=url_id.clone()>"API URL"</label>
                    <span class="hint" id=id("api-url-hint")>
                        "Base URL such as https://api.example.test; the console adds /v1/…"
                    </span>
                    <input
                        type="url"
                        id=url_id.clone()
                        name="api_url"
                        autocomplete="url"
                        inputmode="url"
                        spellcheck="false"
                        prop:value=move || api_url.get()
                        on:input=move |ev| api_url.set(event_target_value(&ev))
                        aria-invalid=move || errors().api_url.is_some().to_string()
                        aria-describedby=format!("{} {}", id("api-url-hint"), url_error_id_attr)
                    />
                    <p class="field__error" id=url_error_id.clone()>
                        {move || errors().api_url.map(|m| view! {
                            <span aria-hidden="true">"⚠ "</span> {m}
                        })}
                    </p>
                </div>
            </Show>
            <div class="field">
                <label for=token_id.clone()>"Token"</label>
                <span class="hint" id=id("token-hint")>
                    "A Scalingo API token (tk-us-…) is exchanged for short-lived bearers, renewed as needed. A bearer token works until it expires."
                </span>
                <div class="field__row">
                    <input
                        type=move || if show_token.get() { "text" } else { "password" }
                        id=token_id.clone()
                        name="token"
                        autocomplete="off"
                        spellcheck="false"
                        prop:value=move || token.get()
                        on:input=move |ev| token.set(event_target_value(&ev))
                        aria-invalid=move || errors().token.is_some().to_string()
                        aria-describedby=format!("{} {token_error_id_attr}", id("token-hint"))
                    />
                    <button
                        type="button"
                        class="button button--quiet"
                        aria-pressed=move || show_token.get().to_string()
                        on:click=move |_| show_token.update(|shown| *shown = !*shown)
                    >
                        "Show token"
                    </button>
                </div>
                <p class="field__error" id=token_error_id>
                    {move || errors().token.map(|m| view! {
                        <span aria-hidden="true">"⚠ "</span> {m}
                    })}
                </p>
            </div>
            <div class="field field--inline">
                <input
                    type="checkbox"
                    id=remember_id.clone()
                    prop:checked=move || remember.get()
                    on:change=move |ev| remember.set(event_target_checked(&ev))
                />
                <label for=remember_id>"Remember on this device"</label>
            </div>
            <div class="form__actions">
                <button type="submit" class="button" disabled=move || prove.pending().get()>
                    {move || if prove.pending().get() { "Signing in…" } else { "Sign in" }}
                </button>
                {config.demo.enabled.then(|| view! {
                    <button
                        type="button"
                        class="button button--quiet"
                        on:click=move |_| on_signed_in.run(Session::demo())
                    >
                        "Try the demo"
                    </button>
                })}
            </div>
        </form>
    }
}

/// One choice of where to connect: a radio button, its label and a hint.
#[component]
fn ConnectionOption(
    /// The chosen value, shared by the group.
    kind: RwSignal<String>,
    /// The radio group's name (also the prefix of this option's id).
    group: String,
    #[prop(into)] value: String,
    #[prop(into)] label: String,
    /// The hint under the label.
    children: Children,
) -> impl IntoView {
    let option_id = format!("{group}-{}", value.replace(':', "-"));
    let (checked_value, change_value) = (value.clone(), value.clone());
    view! {
        <div class="choice__option">
            <input
                type="radio"
                id=option_id.clone()
                name=group
                value=value
                prop:checked=move || kind.with(|k| *k == checked_value)
                on:change=move |_| kind.set(change_value.clone())
            />
            <label for=option_id>{label}</label>
            <span class="hint">{children()}</span>
        </div>
    }
}
