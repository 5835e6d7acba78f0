//! A local HTTP server that speaks the Databases API contract from [`model::Store`].
//!
//! It exists for local development (`make run`), the end-to-end tests, and as a reference for
//! what the console expects from a server. The answers themselves come from [`model::reply`],
//! which the console's in-browser demo shares, so both behave alike.
//!
//! Auth works like Scalingo's: `POST /v1/tokens/exchange` with HTTP Basic auth (empty user, an
//! API token as the password) answers `{"token": "<JWT>"}`, an HS256 bearer token valid for
//! [`Config::bearer_ttl`] seconds (see [`jwt`]). The protected routes accept such a bearer, or the
//! static [`Config::token`] (simpler for scripts and most tests).
//!
//! Besides the contract it has routes for tests, outside `/v1`, on a loopback server only:
//! - `GET /__dev/stats`: requests counted per route (`"POST /v1/tokens/exchange"` for exchanges);
//! - `POST /__dev/reset`: back to the seeded store, the configured token and API tokens,
//!   counters at zero;
//! - `POST /__dev/empty`: no databases at all (for the empty list);
//! - `POST /__dev/token` with the new token as the body: the old one is refused from now on
//!   (a revoked or expired token, mid-session);
//! - `POST /__dev/revoke` with an API token as the body: the exchange refuses it from now on,
//!   and the bearers it gave are refused (for good: a reset accepts the API token again, not
//!   those bearers).

pub mod jwt;

use axum::body::Bytes;
use axum::extract::{MatchedPath, Path, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use base64::engine::general_purpose::{STANDARD, STANDARD_NO_PAD};
use base64::Engine;
use model::reply::{self, Reply};
use model::Store;
use std::collections::{BTreeMap, HashMap};
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use tower_http::cors::{AllowOrigin, CorsLayer};

/// Request bodies larger than this are refused with 413.
pub const MAX_BODY_BYTES: usize = 64 * 1024;

/// How the server is set up; the command line fills it.
#[derive(Clone, Debug)]
pub struct Config {
    /// The bearer token every `/v1` route but the catalog requires.
    pub token: String,
    /// Generated databases added after the spec's two examples.
    pub seed_count: usize,
    /// Origins allowed to call the API from a browser (CORS); none by default.
    pub cors_origins: Vec<HeaderValue>,
    /// API tokens that `POST /v1/tokens/exchange` accepts (as the Basic auth password).
    pub api_tokens: Vec<String>,
    /// How long an exchanged bearer token is valid, in seconds (Scalingo: one hour).
    pub bearer_ttl: u64,
}

/// The API token accepted by default.
pub const DEFAULT_API_TOKEN: &str = "tk-us-dev-api-token";

/// The bearer TTL by default, in seconds: one hour, as Scalingo's.
pub const DEFAULT_BEARER_TTL: u64 = 3600;

impl Default for Config {
    fn default() -> Self {
        Self {
            token: "dev-token".into(),
            seed_count: 0,
            cors_origins: Vec::new(),
            api_tokens: vec![DEFAULT_API_TOKEN.into()],
            bearer_ttl: DEFAULT_BEARER_TTL,
        }
    }
}

/// What the server remembers of a bearer it gave.
struct Issued {
    /// The API token exchanged for it: revoking that one refuses this bearer.
    api_token: String,
    exp: u64,
}

/// Everything the handlers share.
pub struct AppState {
    config: Config,
    /// The token accepted now; starts as `config.token`, replaced by `POST /__dev/token`.
    token: Mutex<String>,
    store: Mutex<Store>,
    requests: Mutex<BTreeMap<String, u64>>,
    /// The API tokens accepted now; starts as `config.api_tokens`, shrunk by `/__dev/revoke`.
    api_tokens: Mutex<Vec<String>>,
    /// The bearers given and not revoked, by `jti` (expired ones are dropped at each exchange).
    issued: Mutex<HashMap<String, Issued>>,
    signer: jwt::Signer,
    next_jti: AtomicU64,
}

impl AppState {
    fn new(config: Config) -> Self {
        Self {
            token: Mutex::new(config.token.clone()),
            store: Mutex::new(Store::seeded_with(config.seed_count)),
            requests: Mutex::new(BTreeMap::new()),
            api_tokens: Mutex::new(config.api_tokens.clone()),
            issued: Mutex::new(HashMap::new()),
            signer: jwt::Signer::random(),
            next_jti: AtomicU64::new(1),
            config,
        }
    }

    /// The store, even if a handler panicked while holding it: its invariants hold between
    /// statements that cannot panic, so a poisoned lock is safe to take over.
    fn store(&self) -> MutexGuard<'_, Store> {
        self.store
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn token(&self) -> MutexGuard<'_, String> {
        self.token
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn requests(&self) -> MutexGuard<'_, BTreeMap<String, u64>> {
        self.requests
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn api_tokens(&self) -> MutexGuard<'_, Vec<String>> {
        self.api_tokens
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn issued(&self) -> MutexGuard<'_, HashMap<String, Issued>> {
        self.issued
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Whether `token` is a bearer this server gave, unexpired and not revoked; the 401 if not.
    fn check_jwt(&self, token: &str) -> Result<(), Reply> {
        let claims = self.signer.verify(token).ok_or_else(reply::unauthorized)?;
        if claims.exp <= jwt::now() {
            return Err(Reply::error(401, TOKEN_EXPIRED));
        }
        // One lock at a time: no order to keep between them.
        let api_token = self
            .issued()
            .get(&claims.jti)
            .map(|issued| issued.api_token.clone())
            .ok_or_else(reply::unauthorized)?;
        if self.api_tokens().contains(&api_token) {
            Ok(())
        } else {
            Err(reply::unauthorized())
        }
    }
}

/// The `error` of a 401 for a bearer past its `exp`.
pub const TOKEN_EXPIRED: &str = "Token expired";

type Shared = Arc<AppState>;

/// The whole application: the contract's routes, the test routes, auth, CORS and limits.
pub fn app(config: Config) -> Router {
    let state: Shared = Arc::new(AppState::new(config));

    let protected = Router::new()
        .route("/v1/databases", get(list_databases).post(create_database))
        .route("/v1/databases/{id}", get(get_database))
        .route("/v1/projects", get(list_projects))
        .route_layer(middleware::from_fn_with_state(
            state.clone(),
            require_bearer,
        ));

    let router = Router::new()
        .merge(protected)
        .route("/v1/addon_providers", get(list_providers))
        .route("/v1/addon_providers/{id}/plans", get(list_plans))
        .route("/v1/tokens/exchange", post(exchange))
        .route("/__dev/stats", get(stats))
        .route("/__dev/reset", post(reset))
        .route("/__dev/empty", post(empty))
        .route("/__dev/token", post(replace_token))
        .route("/__dev/revoke", post(revoke))
        .fallback(not_found)
        .layer(middleware::from_fn_with_state(
            state.clone(),
            count_requests,
        ))
        .layer(axum::extract::DefaultBodyLimit::max(MAX_BODY_BYTES));

    let router = if state.config.cors_origins.is_empty() {
        router
    } else {
        router.layer(
            CorsLayer::new()
                .allow_origin(AllowOrigin::list(state.config.cors_origins.clone()))
                .allow_methods([Method::GET, Method::POST])
                .allow_headers([header::AUTHORIZATION, header::CONTENT_TYPE, header::ACCEPT]),
        )
    };
    router.with_state(state)
}

/// Binds `addr` and serves until the process ends. Port 0 picks a free port; the address bound
/// is given to `on_bound` before serving starts.
pub async fn serve(
    config: Config,
    addr: SocketAddr,
    on_bound: impl FnOnce(SocketAddr),
) -> std::io::Result<()> {
    let listener = tokio::net::TcpListener::bind(addr).await?;
    on_bound(listener.local_addr()?);
    axum::serve(listener, app(config))
        .with_graceful_shutdown(shutdown_signal())
        .await
}

async fn shutdown_signal() {
    let interrupt = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        let mut terminate =
            match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
                Ok(signal) => signal,
                Err(_) => return std::future::pending().await,
            };
        tokio::select! {
            _ = interrupt => {}
            _ = terminate.recv() => {}
        }
    }
    #[cfg(not(unix))]
    let _ = interrupt.await;
}

fn respond(reply: Reply) -> Response {
    let status = StatusCode::from_u16(reply.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    (
        status,
        [(header::CONTENT_TYPE, "application/json; charset=utf-8")],
        reply.body,
    )
        .into_response()
}

async fn require_bearer(State(state): State<Shared>, request: Request, next: Next) -> Response {
    let verdict = match bearer(request.headers()) {
        None => Err(reply::unauthorized()),
        Some(token) if token == state.token().as_str() => Ok(()),
        Some(token) => state.check_jwt(token),
    };
    match verdict {
        Ok(()) => next.run(request).await,
        Err(refusal) => respond(refusal),
    }
}

/// The user and password of an `Authorization: Basic` header.
fn basic(headers: &HeaderMap) -> Option<(String, String)> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, encoded) = value.split_once(' ')?;
    if !scheme.eq_ignore_ascii_case("basic") {
        return None;
    }
    let encoded = encoded.trim();
    let decoded = STANDARD
        .decode(encoded)
        .or_else(|_| STANDARD_NO_PAD.decode(encoded))
        .ok()?;
    let decoded = String::from_utf8(decoded).ok()?;
    let (user, password) = decoded.split_once(':')?;
    Some((user.to_string(), password.to_string()))
}

fn bearer(headers: &HeaderMap) -> Option<&str> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then_some(token.trim())
}

async fn count_requests(State(state): State<Shared>, request: Request, next: Next) -> Response {
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or("(unmatched)", |path| path.as_str());
    if !route.starts_with("/__dev") {
        let key = format!("{} {route}", request.method());
        *state.requests().entry(key).or_default() += 1;
    }
    next.run(request).await
}

async fn list_databases(State(state): State<Shared>) -> Response {
    respond(reply::list(&state.store()))
}

async fn get_database(State(state): State<Shared>, Path(id): Path<String>) -> Response {
    respond(reply::get(&state.store(), &id))
}

async fn create_database(State(state): State<Shared>, body: Bytes) -> Response {
    respond(reply::create(&mut state.store(), &body))
}

async fn list_projects(State(state): State<Shared>) -> Response {
    respond(reply::projects(&state.store()))
}

async fn list_providers(State(state): State<Shared>) -> Response {
    respond(reply::addon_providers(&state.store()))
}

async fn list_plans(State(state): State<Shared>, Path(id): Path<String>) -> Response {
    respond(reply::plans(&state.store(), &id))
}

/// `POST /v1/tokens/exchange`: Basic auth with an empty user and an API token as the password
/// gives `{"token": "<JWT>"}`. No `WWW-Authenticate` on the 401s: a browser would show its own
/// login dialog.
async fn exchange(State(state): State<Shared>, headers: HeaderMap) -> Response {
    let Some((user, api_token)) = basic(&headers) else {
        return respond(Reply::error(
            401,
            "An API token is required: HTTP Basic auth, empty user, the token as password",
        ));
    };
    if !user.is_empty() {
        return respond(Reply::error(
            401,
            "The user must be empty: the API token is the password",
        ));
    }
    if !state.api_tokens().contains(&api_token) {
        return respond(Reply::error(401, "Invalid API token"));
    }
    let iat = jwt::now();
    let exp = iat.saturating_add(state.config.bearer_ttl);
    let jti = state.next_jti.fetch_add(1, Ordering::Relaxed).to_string();
    let token = state.signer.sign(&jwt::Claims {
        sub: "devapi".into(),
        iat,
        exp,
        jti: jti.clone(),
    });
    let mut issued = state.issued();
    issued.retain(|_, bearer| bearer.exp > iat);
    issued.insert(jti, Issued { api_token, exp });
    drop(issued);
    respond(Reply {
        status: 200,
        body: serde_json::json!({ "token": token }).to_string(),
    })
}

async fn not_found() -> Response {
    respond(Reply::error(404, "Not found"))
}

async fn stats(State(state): State<Shared>) -> Json<serde_json::Value> {
    let requests = state.requests().clone();
    let total: u64 = requests.values().sum();
    Json(serde_json::json!({ "requests": requests, "total": total }))
}

async fn reset(State(state): State<Shared>) -> StatusCode {
    *state.store() = Store::seeded_with(state.config.seed_count);
    *state.token() = state.config.token.clone();
    *state.api_tokens() = state.config.api_tokens.clone();
    state.requests().clear();
    StatusCode::NO_CONTENT
}

async fn empty(State(state): State<Shared>) -> StatusCode {
    *state.store() = Store::empty();
    StatusCode::NO_CONTENT
}

async fn replace_token(State(state): State<Shared>, body: String) -> StatusCode {
    let token = body.trim();
    if token.is_empty() {
        return StatusCode::UNPROCESSABLE_ENTITY;
    }
    *state.token() = token.to_string();
    StatusCode::NO_CONTENT
}

/// `POST /__dev/revoke` with an API token as the body: refused by the exchange from now on, and
/// so are the bearers it gave. 404 if the token is not accepted now.
async fn revoke(State(state): State<Shared>, body: String) -> StatusCode {
    let api_token = body.trim();
    if api_token.is_empty() {
        return StatusCode::UNPROCESSABLE_ENTITY;
    }
    let mut accepted = state.api_tokens();
    let before = accepted.len();
    accepted.retain(|token| token != api_token);
    if accepted.len() == before {
        return StatusCode::NOT_FOUND;
    }
    drop(accepted);
    state
        .issued()
        .retain(|_, bearer| bearer.api_token != api_token);
    StatusCode::NO_CONTENT
}
