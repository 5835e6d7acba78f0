//! The typed API client: one `async fn` per endpoint, each returning `Result<T, ApiError>`.
//!
//! The envelopes (`{"database": ...}`) are unwrapped here, so callers get the objects. The
//! status + body → [`ApiError`] mapping is [`error::decode`], a pure function with host tests.
//! A client talks either HTTP (with a bearer, or an API token it exchanges and refreshes) or to
//! the in-browser demo; both give the same answers through the same decoding.

pub mod error;
pub mod retry;

pub use error::ApiError;

use gloo_net::http::{Method, RequestBuilder};
use model::{
    AddonProvider, AddonProvidersEnvelope, CreateDatabaseRequest, Database, DatabaseEnvelope,
    DatabasesEnvelope, NewDatabase, Plan, PlansEnvelope, Project, ProjectsEnvelope,
};
use serde::de::DeserializeOwned;
use std::sync::Arc;

use crate::config::AppConfig;
use crate::paths::encode_segment;
use crate::session::credentials::{before_request, is_api_token, BeforeRequest};
use crate::session::{jwt, Bearer, Connection, Credentials, Session, Token};
use crate::{browser, demo};

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

    /// The client for a session: the demo, or HTTP to where its connection points, with its
    /// token used as a bearer or exchanged (an API token) through the session's bearer cache.
    pub fn for_session(session: &Session, config: &AppConfig) -> Result<Self, ApiError> {
        if session.connection == Connection::Demo {
            return Ok(Self::demo());
        }
        let (api_base, auth_base) = session.connection.endpoints(config).ok_or_else(|| {
            ApiError::Unauthorized(format!(
                "the connection {} is not in config.json any more",
                session.connection.label()
            ))
        })?;
        let credentials = if is_api_token(&session.token) {
            Credentials::ApiToken {
                token: session.token.clone(),
                auth_base: auth_base.into(),
                cache: session.bearers.clone(),
            }
        } else {
            Credentials::Bearer(Bearer::new(session.token.clone()))
        };
        Ok(Self::http(
            &api_base,
            credentials,
            config.request_timeout_ms,
        ))
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
            Transport::Demo => demo::respond(method.as_ref(), path, body.as_deref())
                .await
                .map_err(no_answer)?,
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

/// What a request the demo did not answer becomes: the error a real network failure gives.
fn no_answer(failure: demo::NoAnswer) -> ApiError {
    match failure {
        demo::NoAnswer::Offline(message) => ApiError::Network(message),
        demo::NoAnswer::Timeout => ApiError::Timeout(crate::config::DEFAULT_TIMEOUT_MS / 1000),
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
