//! The typed API client: one `async fn` per endpoint, each returning `Result<T, ApiError>`.
//!
//! The envelopes (`{"database": ...}`) are unwrapped here, so callers get the objects. The
//! status + body → [`ApiError`] mapping is [`error::decode`], a pure function with host tests;
//! the lifecycle answers are read leniently by [`types`], the requests built by [`requests`].
//! A client talks either HTTP (with a bearer, or an API token it exchanges and refreshes) or to
//! the in-browser demo; both give the same answers through the same decoding.
//!
//! Every HTTP request, the token exchange and addon tokens included, first takes a token from
//! its host's request budget ([`budget`]), with the client's [`Priority`]: [`Client::polling`]
//! gives the client for status polls. The demo spends no budget (it has no network).
//!
//! Writes (POST, PATCH, DELETE) are sent once and never retried by the client or by
//! [`crate::state::SessionState::read`]: an answer that does not come may hide a change that
//! was made. The one exception is a 401 with a token the client can renew (an exchanged bearer,
//! an addon token): the server refused the request before doing anything, so it is sent once
//! more with the new token.

pub mod addon_tokens;
pub mod budget;
mod dashboard;
pub mod early;
pub mod error;
mod lifecycle;
pub mod requests;
pub mod retry;
pub mod types;

pub use error::ApiError;
pub use lifecycle::forget_addon_tokens;
pub use requests::NewRule;
pub use types::{AddonRef, DatabaseDetail, Dbaas, Listed, ListedDatabase, PlanChangeAccepted};

pub use crate::rules::budget::{BackOff, Priority};
pub use crate::rules::secrets::Secret;

use gloo_net::http::{Method, RequestBuilder};
use model::{
    AddonProvider, AddonProvidersEnvelope, CreateDatabaseRequest, Database, DatabaseEnvelope,
    DatabasesEnvelope, NewDatabase, Plan, PlansEnvelope, Project, ProjectsEnvelope,
};
use serde::de::DeserializeOwned;
use std::sync::Arc;

use crate::config::AppConfig;
use crate::rules::budget::Limits;
use crate::session::credentials::{before_request, is_api_token, BeforeRequest};
use crate::session::{jwt, Bearer, Connection, Credentials, RegionApi, Session, Token};
use crate::{browser, demo};
use requests::{encode_segment, Host, Request, Verb};

/// Where requests go.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Transport {
    /// An API over HTTP.
    Http(Http),
    /// The in-browser demo backend.
    Demo,
}

/// An API over HTTP: its bases, the credentials, and the limits every request keeps to.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Http {
    /// The API (the console appends `/v1/...` and `/api/...`).
    base: Arc<str>,
    /// The auth service (`/v1/regions`; the exchange uses the credentials' own).
    auth_base: Arc<str>,
    /// The region's own Database API, reached with addon tokens (variant a); `None`: `base`
    /// serves `/api/...` with the user's bearer (variant b).
    database_api: Option<Arc<str>>,
    credentials: Credentials,
    /// A request without an answer after this long is abandoned.
    timeout_ms: u32,
    /// Each host's request budget.
    limits: Limits,
}

/// A connection to one API. Cheap to clone.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Client {
    transport: Transport,
    /// The priority of this client's requests in the budget.
    priority: Priority,
}

fn trimmed(base: &str) -> Arc<str> {
    Arc::from(base.trim_end_matches('/'))
}

impl Client {
    /// A client for the API at `base` (for example `https://api.osc-fr1.scalingo.com`, or `/api`
    /// for a same-origin proxy). A trailing `/` is ignored. The auth service is the API token's
    /// exchange base, else `base`; the Database API is `base` (variant b); the budget the
    /// default one; the priority [`Priority::User`].
    pub fn http(base: &str, credentials: Credentials, timeout_ms: u32) -> Self {
        let auth_base = match &credentials {
            Credentials::ApiToken { auth_base, .. } => trimmed(auth_base),
            Credentials::Bearer(_) => trimmed(base),
        };
        Self {
            transport: Transport::Http(Http {
                base: trimmed(base),
                auth_base,
                database_api: None,
                credentials,
                timeout_ms,
                limits: Limits::DEFAULT,
            }),
            priority: Priority::User,
        }
    }

    /// A client of the in-browser demo backend.
    pub fn demo() -> Self {
        Self {
            transport: Transport::Demo,
            priority: Priority::User,
        }
    }

    /// This client with another auth service base (`GET {auth}/v1/regions`).
    pub fn with_auth_base(mut self, auth_base: &str) -> Self {
        if let Transport::Http(http) = &mut self.transport {
            http.auth_base = trimmed(auth_base);
        }
        self
    }

    /// This client with the region's own Database API (variant a, addon tokens), or none
    /// (variant b: `{api}/api/...` with the user's bearer).
    pub fn with_database_api(mut self, database_api: Option<&str>) -> Self {
        if let Transport::Http(http) = &mut self.transport {
            http.database_api = database_api.map(trimmed);
        }
        self
    }

    /// This client with other budget limits (`config.json` → `budget`).
    pub fn with_budget(mut self, limits: Limits) -> Self {
        if let Transport::Http(http) = &mut self.transport {
            http.limits = limits;
        }
        self
    }

    /// The same client for status polls: its requests are [`Priority::Poll`], served after the
    /// user's and never with the user's reserve of requests.
    pub fn polling(&self) -> Self {
        Self {
            priority: Priority::Poll,
            ..self.clone()
        }
    }

    /// The priority of this client's requests.
    pub fn priority(&self) -> Priority {
        self.priority
    }

    /// The API base, for [`budget::back_off`]; `None` for the demo.
    pub fn api_base(&self) -> Option<&str> {
        match &self.transport {
            Transport::Http(http) => Some(&http.base),
            Transport::Demo => None,
        }
    }

    /// The API host's back-off after a 429, if any (tracked: a view calling it follows it).
    pub fn back_off(&self) -> Option<BackOff> {
        self.api_base().and_then(budget::back_off)
    }

    /// The client for a session's first (or only) region: see [`Client::for_region`].
    pub fn for_session(session: &Session, config: &AppConfig) -> Result<Self, ApiError> {
        let region = session
            .connection
            .regions(config)
            .into_iter()
            .next()
            .ok_or_else(|| gone(session))?;
        Self::for_region(session, config, &region)
    }

    /// The client for one region of a session: the demo, or HTTP to the region's API, with the
    /// session's token used as a bearer or exchanged (an API token) at the connection's auth
    /// service through the session's bearer cache — one exchange for every region, the bearer
    /// working in all of them — the region's Database API if `config.json` gives it one, and
    /// `config.json`'s budget (one per host).
    pub fn for_region(
        session: &Session,
        config: &AppConfig,
        region: &RegionApi,
    ) -> Result<Self, ApiError> {
        if session.connection == Connection::Demo {
            return Ok(Self::demo());
        }
        let auth_base = session
            .connection
            .auth_base(config)
            .ok_or_else(|| gone(session))?;
        let credentials = if is_api_token(&session.token) {
            Credentials::ApiToken {
                token: session.token.clone(),
                auth_base: auth_base.as_str().into(),
                cache: session.bearers.clone(),
            }
        } else {
            Credentials::Bearer(Bearer::new(session.token.clone()))
        };
        Ok(
            Self::http(&region.api_base, credentials, config.request_timeout_ms)
                .with_auth_base(&auth_base)
                .with_database_api(region.database_api.as_deref())
                .with_budget(config.budget),
        )
    }

    /// The client of the auth service, for `GET {auth}/v1/regions`.
    pub fn for_auth(session: &Session, config: &AppConfig) -> Result<Self, ApiError> {
        let auth_base = session
            .connection
            .auth_base(config)
            .ok_or_else(|| gone(session))?;
        let region = RegionApi {
            name: "auth".into(),
            label: "auth".into(),
            public_url: auth_base.clone(),
            scalingo: false,
            api_base: auth_base,
            database_api: None,
            technology: String::new(),
        };
        Self::for_region(session, config, &region)
    }

    /// `GET /v1/databases`: every database the token can see.
    pub async fn list_databases(&self) -> Result<Vec<Database>, ApiError> {
        let list: DatabasesEnvelope = self.call(Verb::Get, "/v1/databases", None).await?;
        Ok(list.databases)
    }

    /// `GET /v1/databases/{id or name}`.
    pub async fn get_database(&self, id_or_name: &str) -> Result<Database, ApiError> {
        let path = format!("/v1/databases/{}", encode_segment(id_or_name));
        let one: DatabaseEnvelope = self.call(Verb::Get, &path, None).await?;
        Ok(one.database)
    }

    /// `POST /v1/databases` with `{"database": {...}}`; the answer is the new database. Sent
    /// once, never retried (see the module's doc).
    pub async fn create_database(&self, database: NewDatabase) -> Result<Database, ApiError> {
        let body = serde_json::to_string(&CreateDatabaseRequest { database })
            .map_err(|error| ApiError::Decode(error.to_string()))?;
        let one: DatabaseEnvelope = self.call(Verb::Post, "/v1/databases", Some(body)).await?;
        Ok(one.database)
    }

    /// `GET /v1/addon_providers`: the catalog, with each provider's plans.
    pub async fn list_addon_providers(&self) -> Result<Vec<AddonProvider>, ApiError> {
        let list: AddonProvidersEnvelope =
            self.call(Verb::Get, "/v1/addon_providers", None).await?;
        Ok(list.addon_providers)
    }

    /// `GET /v1/addon_providers/{provider}/plans`.
    pub async fn list_plans(&self, provider: &str) -> Result<Vec<Plan>, ApiError> {
        let path = format!("/v1/addon_providers/{}/plans", encode_segment(provider));
        let list: PlansEnvelope = self.call(Verb::Get, &path, None).await?;
        Ok(list.plans)
    }

    /// `GET /v1/projects`.
    pub async fn list_projects(&self) -> Result<Vec<Project>, ApiError> {
        let list: ProjectsEnvelope = self.call(Verb::Get, "/v1/projects", None).await?;
        Ok(list.projects)
    }

    /// Sends one request to the API and decodes its answer as `T`.
    async fn call<T: DeserializeOwned>(
        &self,
        verb: Verb,
        path: &str,
        body: Option<String>,
    ) -> Result<T, ApiError> {
        let request = Request {
            host: Host::Api,
            verb,
            path: path.to_string(),
            body,
        };
        let (status, text) = self.answer(&request, None).await?;
        error::decode(status, &text)
    }

    /// Sends one request and returns its status and body: to the demo, or over HTTP to the
    /// request's host, through the budget. `addon` is the database a Database API request is
    /// about (needed for an addon token).
    async fn answer(
        &self,
        request: &Request,
        addon: Option<&AddonRef>,
    ) -> Result<(u16, String), ApiError> {
        let http = match &self.transport {
            Transport::Demo => {
                return demo::respond(
                    request.verb.as_str(),
                    &request.path,
                    request.body.as_deref(),
                )
                .await
                .map_err(no_answer)
            }
            Transport::Http(http) => http,
        };
        let outgoing = Outgoing {
            verb: request.verb,
            body: request.body.clone(),
            timeout_ms: http.timeout_ms,
            priority: self.priority,
            limits: http.limits,
        };
        match (request.host, &http.database_api) {
            (Host::Api, _) | (Host::Dbaas, None) => {
                authenticated(&http.base, &http.credentials, &request.path, &outgoing).await
            }
            (Host::Auth, _) => {
                authenticated(&http.auth_base, &http.credentials, &request.path, &outgoing).await
            }
            (Host::Dbaas, Some(database_api)) => {
                let addon = addon.ok_or_else(|| {
                    ApiError::Unauthorized(
                        "this region's Database API needs an addon token, and the request \
                         names no addon"
                            .into(),
                    )
                })?;
                lifecycle::with_addon_token(http, database_api, &request.path, &outgoing, addon)
                    .await
            }
        }
    }
}

/// The error for a session whose connection `config.json` no longer has.
fn gone(session: &Session) -> ApiError {
    ApiError::Unauthorized(format!(
        "the connection {} is not in config.json any more",
        session.connection.label()
    ))
}

/// What a request the demo did not answer becomes: the error a real network failure gives.
fn no_answer(failure: demo::NoAnswer) -> ApiError {
    match failure {
        demo::NoAnswer::Offline(message) => ApiError::Network(message),
        demo::NoAnswer::Timeout => ApiError::Timeout(crate::config::DEFAULT_TIMEOUT_MS / 1000),
    }
}

/// What to send, apart from where and with which credential.
#[derive(Clone)]
struct Outgoing {
    verb: Verb,
    body: Option<String>,
    timeout_ms: u32,
    priority: Priority,
    limits: Limits,
}

/// The `Authorization` of a request.
enum Auth<'a> {
    Bearer(&'a Token),
    /// The whole header value (`Basic …`).
    Basic(String),
}

/// A request with the right bearer: exchanged first when due, and once more after a 401 when
/// the bearer came from an earlier exchange (a request refused with 401 was not carried out,
/// so sending it again is safe, a write included).
async fn authenticated(
    base: &str,
    credentials: &Credentials,
    path: &str,
    request: &Outgoing,
) -> Result<(u16, String), ApiError> {
    // The budget first: a bearer chosen before a wait in it could expire during the wait.
    let granted_ms = budget::acquire(base, request.priority, request.limits).await;
    let cache = match credentials {
        Credentials::ApiToken { cache, .. } => cache.get(),
        Credentials::Bearer(_) => None,
    };
    let (bearer, fresh) = match before_request(credentials, cache.as_ref(), browser::now_secs()) {
        BeforeRequest::Send(bearer) => (bearer, false),
        BeforeRequest::Exchange => (exchange(credentials, request).await?, true),
        BeforeRequest::Expired { exp } => {
            return Err(ApiError::Unauthorized(format!(
                "the bearer token expired {}. Paste a new one, or sign in with an API token \
                 (tk-us-…) to stay signed in",
                browser::describe_time(exp)
            )))
        }
    };
    let answer = send_granted(base, path, Auth::Bearer(&bearer), request, granted_ms).await?;
    // The session's own bearer, sent as it is: the page's script can send this list early.
    if answer.0 == 200
        && request.verb == Verb::Get
        && path == requests::DASHBOARD_LIST_PATH
        && matches!(credentials, Credentials::Bearer(_))
    {
        early::remember(&format!("{base}{path}"));
    }
    if answer.0 == 401 && !fresh && matches!(credentials, Credentials::ApiToken { .. }) {
        let bearer = exchange(credentials, request).await?;
        return send(base, path, Auth::Bearer(&bearer), request).await;
    }
    Ok(answer)
}

/// `POST {auth}/v1/tokens/exchange` with the API token as Basic password, with the priority of
/// the request it is for; keeps the bearer in the session's cache and returns it.
async fn exchange(credentials: &Credentials, for_request: &Outgoing) -> Result<Token, ApiError> {
    let Credentials::ApiToken {
        token,
        auth_base,
        cache,
    } = credentials
    else {
        return Err(ApiError::Unauthorized("no API token to exchange".into()));
    };
    cache.set(None);
    let request = Outgoing {
        verb: Verb::Post,
        body: None,
        ..for_request.clone()
    };
    let basic = Auth::Basic(jwt::basic_auth_for_api_token(token.expose()));
    let (status, text) = send(auth_base, "/v1/tokens/exchange", basic, &request).await?;
    #[derive(serde::Deserialize)]
    struct Exchanged {
        token: String,
    }
    let exchanged: Exchanged = match error::decode(status, &text) {
        Ok(exchanged) => exchanged,
        Err(ApiError::Unauthorized(_)) => {
            return Err(ApiError::Unauthorized(
                "the API token was refused by the auth service: it may have been revoked".into(),
            ))
        }
        Err(other) => return Err(other),
    };
    let bearer = Bearer::new(Token::new(&exchanged.token));
    cache.set(Some(bearer.clone()));
    Ok(bearer.token)
}

fn method(verb: Verb) -> Method {
    match verb {
        Verb::Get => Method::GET,
        Verb::Post => Method::POST,
        Verb::Put => Method::PUT,
        Verb::Patch => Method::PATCH,
        Verb::Delete => Method::DELETE,
    }
}

/// One HTTP request to `{base}{path}`, once its host's budget allows it (the deadline starts
/// then); its answer is reported to the budget. Headers go on before the body, which finishes
/// the request with gloo-net.
async fn send(
    base: &str,
    path: &str,
    auth: Auth<'_>,
    request: &Outgoing,
) -> Result<(u16, String), ApiError> {
    let granted_ms = budget::acquire(base, request.priority, request.limits).await;
    send_granted(base, path, auth, request, granted_ms).await
}

/// [`send`] once the budget granted the request (at `granted_ms`).
async fn send_granted(
    base: &str,
    path: &str,
    auth: Auth<'_>,
    request: &Outgoing,
    granted_ms: u64,
) -> Result<(u16, String), ApiError> {
    let url = format!("{base}{path}");
    let deadline = browser::Deadline::new(request.timeout_ms);
    let signal = deadline.as_ref().map(browser::Deadline::signal);
    let authorization = match auth {
        Auth::Bearer(bearer) => format!("Bearer {}", bearer.expose()),
        Auth::Basic(value) => value,
    };
    let builder = RequestBuilder::new(&url)
        .method(method(request.verb))
        .header("Accept", "application/json")
        .header("Authorization", &authorization)
        .abort_signal(signal.as_ref());
    let built = match &request.body {
        Some(body) => builder
            .header("Content-Type", "application/json")
            .body(body.clone()),
        None => builder.build(),
    }
    .map_err(|error| ApiError::Network(error.to_string()));
    let early = (request.verb == Verb::Get)
        .then(|| early::take(&url, &authorization))
        .flatten();
    let answer = match (early, built) {
        (Some(early), _) => early.answer(deadline.as_ref(), request.timeout_ms).await,
        (None, Ok(built)) => finish(built, deadline.as_ref(), request.timeout_ms).await,
        (None, Err(error)) => Err(error),
    };
    budget::record(
        base,
        granted_ms,
        answer.as_ref().ok().map(|(status, _)| *status),
    );
    answer
}

/// Sends and reads the whole answer, both under the deadline.
async fn finish(
    request: gloo_net::http::Request,
    deadline: Option<&browser::Deadline>,
    timeout_ms: u32,
) -> Result<(u16, String), ApiError> {
    let failed = |error: gloo_net::Error| {
        if deadline.is_some_and(browser::Deadline::expired) {
            ApiError::Timeout(timeout_ms.div_ceil(1000))
        } else {
            ApiError::Network(network_message(&error))
        }
    };
    let response = request.send().await.map_err(failed)?;
    let status = response.status();
    let text = response.text().await.map_err(failed)?;
    Ok((status, text))
}

/// gloo-net's errors as a short sentence (browsers say little more than "Failed to fetch").
fn network_message(error: &gloo_net::Error) -> String {
    match error {
        gloo_net::Error::JsError(js) => js.message.clone(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::error::{decode, error_from_response};
    use crate::demo::{faults::fault_reply, Fault};

    #[test]
    fn an_api_token_gets_exchanged_and_a_bearer_does_not() {
        let config = AppConfig::default();
        let api = Session::new(
            Connection::Local,
            Token::new("tk-us-abcdefghijklmnop"),
            false,
        );
        let bearer = Session::new(Connection::Local, Token::new("dev-token"), false);
        let debug = |s: &Session| format!("{:?}", Client::for_session(s, &config).unwrap());
        assert!(debug(&api).contains("ApiToken"), "{}", debug(&api));
        assert!(debug(&bearer).contains("Bearer("), "{}", debug(&bearer));
        assert!(!debug(&api).contains("abcdefghijklmnop"));
        assert!(!debug(&bearer).contains("dev-token"));
        assert_eq!(
            Client::for_session(&Session::demo(), &config).unwrap(),
            Client::demo()
        );
    }

    #[test]
    fn a_session_client_takes_its_bases_and_budget_from_the_config() {
        let config = AppConfig::parse(
            r#"{"auth":{"url":"https://auth.example.test"},
                "budget":{"per_minute":20,"burst":4},
                "regions":[
                  {"name":"osc-fr1","api_url":"https://api.osc-fr1.scalingo.com",
                   "database_api":"https://db-api.osc-fr1.scalingo.com"},
                  {"name":"osc-secnum-fr1","api_url":"https://api.osc-secnum-fr1.scalingo.com"}]}"#,
        )
        .unwrap();
        let client = |connection: Connection| {
            let session = Session::new(connection, Token::new("tk-us-abcdefghijklmnop"), false);
            let Transport::Http(http) = Client::for_session(&session, &config).unwrap().transport
            else {
                panic!("not HTTP")
            };
            http
        };
        let fr1 = client(Connection::Region {
            name: "osc-fr1".into(),
        });
        assert_eq!(&*fr1.base, "https://api.osc-fr1.scalingo.com");
        assert_eq!(&*fr1.auth_base, "https://auth.example.test");
        assert_eq!(
            fr1.database_api.as_deref(),
            Some("https://db-api.osc-fr1.scalingo.com")
        );
        assert_eq!((fr1.limits.per_minute, fr1.limits.burst), (20, 4));
        let secnum = client(Connection::Region {
            name: "osc-secnum-fr1".into(),
        });
        assert_eq!(secnum.database_api, None);
        let local = client(Connection::Local);
        assert_eq!((&*local.base, &*local.auth_base), ("/api", "/api"));
        assert_eq!(local.database_api, None);
    }

    #[test]
    fn polls_are_asked_for_by_a_clone() {
        let bearer = Credentials::Bearer(Bearer::new(Token::new("dev-token")));
        let client = Client::http("https://api.example.test/", bearer, 1_000);
        assert_eq!(client.priority(), Priority::User);
        let polling = client.polling();
        assert_eq!(polling.priority(), Priority::Poll);
        assert_eq!(polling.api_base(), Some("https://api.example.test"));
        assert_ne!(polling, client);
        assert_eq!(Client::demo().polling().api_base(), None);
        // A pasted bearer has no exchange base: the regions are asked of the API's host.
        let Transport::Http(http) = client.transport else {
            panic!("not HTTP")
        };
        assert_eq!(&*http.auth_base, "https://api.example.test");
    }

    #[test]
    fn each_injected_status_maps_to_its_error() {
        let error = |status| {
            let reply = fault_reply(status);
            assert_eq!(reply.status, status);
            error_from_response(reply.status, &reply.body)
        };
        assert!(matches!(error(401), ApiError::Unauthorized(_)));
        assert_eq!(error(404), ApiError::NotFound("Database not found".into()));
        let ApiError::Validation(fields) = error(422) else {
            panic!("not a 422")
        };
        assert!(fields.contains_key("name") && fields.contains_key("app"));
        assert_eq!(error(429), ApiError::RateLimited("Retry later".into()));
        assert!(matches!(error(500), ApiError::Server { status: 500, .. }));
        assert!(matches!(error(503), ApiError::Unavailable(_)));
        assert!(matches!(error(400), ApiError::BadRequest(_)));
        assert!(matches!(error(403), ApiError::Forbidden(_)));
        assert!(matches!(error(409), ApiError::Conflict(_)));
        let ApiError::PaymentRequired { url, .. } = error(402) else {
            panic!("not a 402")
        };
        assert_eq!(url.as_deref(), Some("https://my.scalingo.com/apps/billing"));
    }

    #[test]
    fn other_faults_map_to_their_errors() {
        let decoded = |fault: Fault| {
            let reply = fault.answer().map_err(no_answer)?;
            decode::<model::DatabasesEnvelope>(reply.status, &reply.body)
        };
        assert!(matches!(
            decoded(Fault::MalformedJson),
            Err(ApiError::Decode(_))
        ));
        assert_eq!(
            decoded(Fault::HtmlPage),
            Err(ApiError::Server {
                status: 502,
                message: "HTTP 502 with an HTML page instead of an API answer".into()
            })
        );
        assert_eq!(
            decoded(Fault::EmptyBody),
            Err(ApiError::Server {
                status: 502,
                message: "HTTP 502 with an empty body".into()
            })
        );
        assert_eq!(decoded(Fault::Timeout), Err(ApiError::Timeout(20)));
    }
}
