//! **Connect** (`/databases/{db}/connect`): the database's endpoints (type, host, port, each
//! copyable), its connection string on request, and whether its firewall lets anyone in yet.
//!
//! The connection string holds the password. It is read only when **Show connection string**
//! is pressed (before that it is nowhere in the page), shown with the password masked until
//! **Show password**, copied whole, and kept in one signal of this tab only — never logged, in a
//! URL or in storage — which is emptied when the tab goes.

use leptos::prelude::*;
use leptos_router::components::A;
use model::lifecycle::Endpoint;

use super::firewall_forms::{admits_someone, endpoint_kind, endpoint_short};
use super::{use_database, use_tab, Loaded};
use crate::api::{AddonRef, Secret};
use crate::browser;
use crate::components::copy_button::CopyButton;
use crate::components::status::{ErrorNotice, Loading};
use crate::paths::DatabaseTab;
use crate::rules::secrets;
use crate::rules::Status;

#[component]
pub fn ConnectTab() -> impl IntoView {
    use_tab(DatabaseTab::Connect);
    view! {
        <h2 class="visually-hidden">"Connect"</h2>
        <div class="connect">
            <AccessNotice />
            <Endpoints />
            <ConnectionString />
        </div>
    }
}

/// The database's addon once it is past provisioning (before, its firewall does not exist
/// yet); a memo, so the layout's polls do not read again.
fn addon_memo() -> Memo<Option<AddonRef>> {
    let db = use_database();
    Memo::new(move |_| {
        if db.status() == Status::Provisioning {
            return None;
        }
        db.with(Loaded::addon_ref).flatten()
    })
}

/// Said plainly when no firewall rule admits anyone: the database is unreachable from the
/// Internet until a rule is added on **Firewall**. Nothing is said while the rules are being
/// read, or when they cannot be (the Firewall tab says why).
#[component]
fn AccessNotice() -> impl IntoView {
    let db = use_database();
    let state = db.session();
    let addon = addon_memo();
    let rules = LocalResource::new(move || {
        let addon = addon.get();
        let client = db.client();
        async move {
            let addon = addon?;
            state
                .read(client, move |client| {
                    let addon = addon.clone();
                    async move { client.list_firewall_rules(&addon).await }
                })
                .await
                .ok()
        }
    });
    move || {
        let listed = rules.get().flatten()?;
        if admits_someone(&listed.items) {
            return None;
        }
        Some(view! {
            <div class="notice notice--warn connect__access" role="note">
                <p class="notice__title">
                    <span class="notice__icon" aria-hidden="true">"⚠"</span>
                    " This database accepts no connection from the Internet yet."
                </p>
                <p>
                    "Its firewall denies every address until a rule admits some. Add your "
                    "address or network on the "
                    <A href=move || db.tab_href(DatabaseTab::Firewall)>"Firewall"</A>
                    " tab first."
                </p>
            </div>
        })
    }
}

/// Whether endpoints can be asked for: not while the database is being provisioned (they come
/// once it runs).
fn endpoints_pending(status: Status) -> bool {
    status == Status::Provisioning
}

/// The endpoints, read once the database is past provisioning.
#[component]
fn Endpoints() -> impl IntoView {
    let db = use_database();
    let state = db.session();
    let pending = Memo::new(move |_| endpoints_pending(db.status()));
    let database_id = Memo::new(move |_| db.with(|loaded| loaded.database().id.clone()));
    let endpoints = LocalResource::new(move || {
        let wanted = (!pending.get()).then(|| database_id.get()).flatten();
        let client = db.client();
        async move {
            let Some(id) = wanted else {
                return Ok(None);
            };
            state
                .read(client, move |client| {
                    let id = id.clone();
                    async move { client.list_endpoints(&id).await }
                })
                .await
                .map(Some)
        }
    });
    view! {
        <section class="connect__section" aria-labelledby="connect-endpoints-title">
            <h2 id="connect-endpoints-title" class="section-title">"Endpoints"</h2>
            <Transition fallback=|| view! { <Loading label="Loading the endpoints…" lines=2 /> }>
                {move || Suspend::new(async move {
                    match endpoints.await {
                        Ok(None) => view! {
                            <p class="hint">
                                "The database is still being provisioned: its endpoints show here once it is running."
                            </p>
                        }
                        .into_any(),
                        Ok(Some(listed)) if listed.items.is_empty() => view! {
                            <p class="hint">"The API lists no endpoint for this database yet."</p>
                        }
                        .into_any(),
                        Ok(Some(listed)) => view! { <EndpointTable endpoints=listed.items /> }.into_any(),
                        Err(error) => view! {
                            <ErrorNotice
                                title="Could not load the endpoints"
                                messages=vec![error.to_string()]
                                retry=Callback::new(move |()| endpoints.refetch())
                            />
                        }
                        .into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn EndpointTable(endpoints: Vec<Endpoint>) -> impl IntoView {
    view! {
        <table class="plain-table connect__endpoints">
            <caption class="visually-hidden">"Endpoints"</caption>
            <thead>
                <tr>
                    <th scope="col">"Type"</th>
                    <th scope="col">"Host"</th>
                    <th scope="col">"Port"</th>
                </tr>
            </thead>
            <tbody>
                {endpoints
                    .into_iter()
                    .map(|endpoint| {
                        let kind = endpoint_kind(&endpoint.kind);
                        let short = endpoint_short(&endpoint.kind);
                        let port = endpoint.port.to_string();
                        view! {
                            <tr>
                                <th scope="row">
                                    {kind}
                                    <span class="mono details__raw connect__kind">{endpoint.kind.clone()}</span>
                                </th>
                                <td data-label="Host">
                                    <span class="connect__cell">
                                        <span class="mono">{endpoint.hostname.clone()}</span>
                                        <CopyButton
                                            value=endpoint.hostname.clone()
                                            label=format!("Copy {short} host")
                                        />
                                    </span>
                                </td>
                                <td data-label="Port">
                                    <span class="connect__cell">
                                        <span class="mono">{port.clone()}</span>
                                        <CopyButton value=port label=format!("Copy {short} port") />
                                    </span>
                                </td>
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
    }
}

/// The connection string, read on request, the password masked until asked for.
#[component]
fn ConnectionString() -> impl IntoView {
    let db = use_database();
    let state = db.session();
    // The one place the secret lives; emptied when the tab goes, so nothing keeps it after.
    let uri = RwSignal::new(None::<Secret>);
    let revealed = RwSignal::new(false);
    on_cleanup(move || {
        uri.try_set(None);
    });
    let pending = Memo::new(move |_| db.status() == Status::Provisioning);
    // The action's value is only whether it worked: the secret goes to `uri`, not into it.
    let fetch = Action::new_local(move |_: &()| {
        let client = db.client();
        let id = untrack(|| db.database()).map(|d| d.id);
        async move {
            let id = id.ok_or_else(|| "The database is not loaded yet.".to_string())?;
            let secret = state
                .read(client, move |client| {
                    let id = id.clone();
                    async move { client.get_connection_uri(&id).await }
                })
                .await
                .map_err(|error| error.to_string())?;
            // The tab may be gone: then the secret is dropped here.
            if uri.try_set(Some(secret)).is_none() {
                browser::focus_result("#connect-uri".into(), "#connect-toggle");
            }
            Ok::<(), String>(())
        }
    });
    let failure = move || fetch.value().get().and_then(Result::err);
    let shown = move || uri.with(Option::is_some);
    // Whether the string read is a URI this page can mask (`None`: none read).
    let readable =
        Memo::new(move |_| uri.with(|uri| uri.as_ref().map(|u| secrets::masked(u).is_some())));

    let toggle = move |_| {
        if fetch.pending().get_untracked() {
            return;
        }
        if uri.with_untracked(Option::is_some) {
            uri.set(None);
            revealed.set(false);
        } else {
            fetch.dispatch_local(());
        }
    };

    // What is on screen: masked unless revealed; `None` when it cannot be read as a URI (then
    // it is never shown, masked or not: the password could be anywhere in it).
    let on_screen = move || {
        uri.with(|uri| {
            let uri = uri.as_ref()?;
            if revealed.get() {
                secrets::ConnectionUri::parse(uri.expose())?;
                let psql = secrets::psql_command(uri)?;
                Some((uri.expose().trim().to_string(), psql.expose().to_string()))
            } else {
                Some((secrets::masked(uri)?, secrets::masked_psql_command(uri)?))
            }
        })
    };
    // Read only when a copy button is pressed.
    let full_uri = Signal::derive(move || {
        uri.with(|uri| {
            uri.as_ref()
                .map(|u| u.expose().to_string())
                .unwrap_or_default()
        })
    });
    let full_psql = Signal::derive(move || {
        uri.with(|uri| {
            uri.as_ref()
                .and_then(secrets::psql_command)
                .map(|c| c.expose().to_string())
                .unwrap_or_default()
        })
    });

    view! {
        <section class="connect__section" aria-labelledby="connect-uri-title">
            <h2 id="connect-uri-title" class="section-title">"Connection string"</h2>
            <p class="hint" id="connect-uri-hint">
                "It holds the database's password: it is read only when you ask for it, and "
                "forgotten when you leave this page."
            </p>
            {move || pending.get().then(|| view! {
                <p class="hint">"The connection string can be read once the database is running."</p>
            })}
            <div class="form__actions">
                <button
                    type="button"
                    id="connect-toggle"
                    class="button"
                    aria-describedby="connect-uri-hint"
                    disabled=move || pending.get()
                    aria-disabled=move || fetch.pending().get().to_string()
                    on:click=toggle
                >
                    {move || {
                        if fetch.pending().get() {
                            "Reading the connection string…"
                        } else if shown() {
                            "Hide connection string"
                        } else {
                            "Show connection string"
                        }
                    }}
                </button>
            </div>
            {move || failure().map(|message| view! {
                <ErrorNotice
                    title="Could not read the connection string"
                    messages=vec![message]
                    retry=Callback::new(move |()| { fetch.dispatch_local(()); })
                />
            })}
            // Drawn again only when the string arrives or goes: revealing the password changes
            // the texts, not the buttons, so focus stays on the one pressed.
            {move || readable.get().map(|readable| if readable {
                view! {
                    <dl class="details connect__secret" id="connect-uri" tabindex="-1">
                        <dt>"Connection string"</dt>
                        <dd>
                            <code class="mono connect__value">
                                {move || on_screen().map(|(uri_text, _)| uri_text)}
                            </code>
                        </dd>
                        <dt>"psql command"</dt>
                        <dd>
                            <code class="mono connect__value">
                                {move || on_screen().map(|(_, psql_text)| psql_text)}
                            </code>
                        </dd>
                    </dl>
                    <div class="form__actions connect__actions">
                        <button
                            type="button"
                            class="button button--quiet button--small"
                            aria-controls="connect-uri"
                            on:click=move |_| revealed.update(|r| *r = !*r)
                        >
                            {move || if revealed.get() { "Hide password" } else { "Show password" }}
                        </button>
                        <CopyButton value=full_uri label="Copy connection string" />
                        <CopyButton value=full_psql label="Copy psql command" />
                    </div>
                    <p class="hint">
                        "The string is for the public endpoint. Connections need TLS "
                        "(sslmode=require is in the string) and a firewall rule that admits your address."
                    </p>
                }
                .into_any()
            } else {
                view! {
                    <p class="notice" id="connect-uri" tabindex="-1">
                        "The connection string is not a PostgreSQL URI this page can read, so it is "
                        "not shown: Copy connection string copies it as it is."
                    </p>
                    <div class="form__actions connect__actions">
                        <CopyButton value=full_uri label="Copy connection string" />
                    </div>
                }
                .into_any()
            })}
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn endpoints_wait_for_provisioning_only() {
        assert!(endpoints_pending(Status::Provisioning));
        for status in Status::ALL {
            if status != Status::Provisioning {
                assert!(!endpoints_pending(status), "{status:?}");
            }
        }
    }
}
