//! The typed API client: one `async fn` per endpoint, each returning `Result<T, ApiError>`.
//!
//! The envelopes (`{"database": ...}`) are unwrapped here, so callers get the objects. The
//! status + body → [`ApiError`] mapping is [`error::decode`], a pure function with host tests.
//! A client talks either HTTP (with a bearer, or an API token it exchanges and refreshes) or to
//! the in-browser demo; both give the same answers through the same decoding.

pub mod credentials;
pub mod error;
pub mod retry;
pub mod token;

pub use credentials::{Bearer, BearerCache, Credentials};
pub use error::ApiError;
pub use token::Token;

use gloo_net::http::{Method, RequestBuilder};
use model::{
    AddonProvider, AddonProvidersEnvelope, CreateDatabaseRequest, Database, DatabaseEnvelope,
    DatabasesEnvelope, NewDatabase, Plan, PlansEnvelope, Project, ProjectsEnvelope,
};
use serde::de::DeserializeOwned;
use std::sync::Arc;

use crate::api::credentials::{before_request, BeforeRequest};
use crate::paths::encode_segment;
use crate::{browser, demo, jwt};

/// Where requests go.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Transport {
    /// An API at this base URL (the console appends `/v1/...`).
    Http {
        base: Arc<str>,
        credentials: Credentials,
        /// A request without an answer after this long is abandoned.
        timeout_ms: u32,
    },
    /// The in-browser demo backend.
    Demo,
}

/// A connection to one API. Cheap to clone.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Client {
    transport: Transport,
}

impl Client {
    /// A client for the API at `base` (for example `https://api.osc-fr1.scalingo.com`, or `/api`
    /// for a same-origin proxy). A trailing `/` is ignored.
    pub fn http(base: &str, credentials: Credentials, timeout_ms: u32) -> Self {
        Self {
            transport: Transport::Http {
                base: Arc::from(base.trim_end_matches('/')),
                credentials,
                timeout_ms,
            },
        }
    }

    /// A client of the in-browser demo backend.
    pub fn demo() -> Self {
        Self {
            transport: Transport::Demo,
        }
    }

    /// `GET /v1/databases`: every database the token can see.
    pub async fn list_databases(&self) -> Result<Vec<Database>, ApiError> {
        let list: DatabasesEnvelope = self.call(Method::GET, "/v1/databases", None).await?;
        Ok(list.databases)
    }

    /// `GET /v1/databases/{id or name}`.
    pub async fn get_database(&self, id_or_name: &str) -> Result<Database, ApiError> {
        let path = format!("/v1/databases/{}", encode_segment(id_or_name));
        let one: DatabaseEnvelope = self.call(Method::GET, &path, None).await?;
        Ok(one.database)
    }

    /// `POST /v1/databases` with `{"database": {...}}`; the answer is the new database.
    pub async fn create_database(&self, database: NewDatabase) -> Result<Database, ApiError> {
        let body = serde_json::to_string(&CreateDatabaseRequest { database })
            .map_err(|error| ApiError::Decode(error.to_string()))?;
        let one: DatabaseEnvelope = self.call(Method::POST, "/v1/databases", Some(body)).await?;
        Ok(one.database)
    }

    /// `GET /v1/addon_providers`: the catalog, with each provider's plans.
    pub async fn list_addon_providers(&self) -> Result<Vec<AddonProvider>, ApiError> {
        let list: AddonProvidersEnvelope =
            self.call(Method::GET, "/v1/addon_providers", None).await?;
        Ok(list.addon_providers)
    }

    /// `GET /v1/addon_providers/{provider}/plans`.
    pub async fn list_plans(&self, provider: &str) -> Result<Vec<Plan>, ApiError> {
        let path = format!("/v1/addon_providers/{}/plans", encode_segment(provider));
        let list: PlansEnvelope = self.call(Method::GET, &path, None).await?;
        Ok(list.plans)
    }

    /// `GET /v1/projects`.
    pub async fn list_projects(&self) -> Result<Vec<Project>, ApiError> {
        let list: ProjectsEnvelope = self.call(Method::GET, "/v1/projects", None).await?;
        Ok(list.projects)
    }

    /// Sends one request and decodes its answer.
    async fn call<T: DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        body: Option<String>,
    ) -> Result<T, ApiError> {
        let (status, text) = match &self.transport {
            Transport::Demo => demo::respond(method.as_ref(), path, body.as_deref()).await?,
            Transport::Http {
                base,
                credentials,
                timeout_ms,
            } => {
                let request = Outgoing {
                    method,
                    body,
                    timeout_ms: *timeout_ms,
                };
                authenticated(base, credentials, path, request).await?
            }
        };
        error::decode(status, &text)
    }
}

/// A request with the right bearer: exchanged first when due, and once more after a 401 when
/// the bearer came from an earlier exchange (a POST refused with 401 was not carried out, so
/// sending it again is safe).
/// What to send, apart from where and with which bearer.
#[derive(Clone)]
struct Outgoing {
    method: Method,
    body: Option<String>,
    timeout_ms: u32,
}

async fn authenticated(
    base: &str,
    credentials: &Credentials,
    path: &str,
    request: Outgoing,
) -> Result<(u16, String), ApiError> {
    let url = format!("{base}{path}");
    let cache = match credentials {
        Credentials::ApiToken { cache, .. } => cache.get(),
        Credentials::Bearer(_) => None,
    };
    let (bearer, fresh) = match before_request(credentials, cache.as_ref(), browser::now_secs()) {
        BeforeRequest::Send(bearer) => (bearer, false),
        BeforeRequest::Exchange => (exchange(credentials, request.timeout_ms).await?, true),
        BeforeRequest::Expired { exp } => {
            return Err(ApiError::Unauthorized(format!(
                "the bearer token expired {}. Paste a new one, or sign in with an API token \
                 (tk-us-…) to stay signed in",
                browser::describe_time(exp)
            )))
        }
    };
    let answer = send(&url, Some(&bearer), request.clone()).await?;
    if answer.0 == 401 && !fresh && matches!(credentials, Credentials::ApiToken { .. }) {
        let bearer = exchange(credentials, request.timeout_ms).await?;
        return send(&url, Some(&bearer), request).await;
    }
    Ok(answer)
}

/// `POST {auth}/v1/tokens/exchange` with the API token as Basic password; keeps the bearer in
/// the session's cache and returns it.
async fn exchange(credentials: &Credentials, timeout_ms: u32) -> Result<Token, ApiError> {
    let Credentials::ApiToken {
        token,
        auth_base,
        cache,
    } = credentials
    else {
        return Err(ApiError::Unauthorized("no API token to exchange".into()));
    };
    cache.set(None);
    let deadline = browser::Deadline::new(timeout_ms);
    let signal = deadline.as_ref().map(browser::Deadline::signal);
    let request = RequestBuilder::new(&format!("{auth_base}/v1/tokens/exchange"))
        .method(Method::POST)
        .header("Accept", "application/json")
        .header(
            "Authorization",
            &jwt::basic_auth_for_api_token(token.expose()),
        )
        .abort_signal(signal.as_ref())
        .build()
        .map_err(|error| ApiError::Network(error.to_string()))?;
    let (status, text) = finish(request, deadline.as_ref(), timeout_ms).await?;
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

/// One HTTP request. Headers go on before the body, which finishes the request with gloo-net.
async fn send(
    url: &str,
    bearer: Option<&Token>,
    request: Outgoing,
) -> Result<(u16, String), ApiError> {
    let deadline = browser::Deadline::new(request.timeout_ms);
    let signal = deadline.as_ref().map(browser::Deadline::signal);
    let mut builder = RequestBuilder::new(url)
        .method(request.method)
        .header("Accept", "application/json")
        .abort_signal(signal.as_ref());
    if let Some(bearer) = bearer {
        builder = builder.header("Authorization", &format!("Bearer {}", bearer.expose()));
    }
    let built = match request.body {
        Some(body) => builder
            .header("Content-Type", "application/json")
            .body(body),
        None => builder.build(),
    }
    .map_err(|error| ApiError::Network(error.to_string()))?;
    finish(built, deadline.as_ref(), request.timeout_ms).await
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
