//! A local HTTP server that speaks the Databases API contract from [`model::Store`].
//!
//! It exists for local development (`make run`), the end-to-end tests, and as a reference for
//! what the console expects from a server. The answers themselves come from
//! [`model::reply::dispatch`], which the console's in-browser demo shares, so both behave alike;
//! this crate adds HTTP, authentication, the rate limit, regions, CORS and the test routes.
//! `now_ms` comes from the system clock.
//!
//! Routes (every call of `lifecycle-api.md` §11, plus the spec's three):
//! - `GET|POST /v1/databases` (`?dashboard=true` for the list with apps and addons),
//!   `GET /v1/databases/{id or name}`, `GET /v1/databases/{db}/endpoints`, `GET /v1/projects`;
//! - `GET|PATCH|PUT|DELETE /v1/apps/{app}` (read, move to a project, delete with
//!   `?current_name=`), `GET /v1/apps/{app}/addons`, `PATCH /v1/apps/{app}/addons/{addon}` (plan
//!   change), `POST /v1/apps/{app}/addons/{addon}/token` (addon token),
//!   `POST /v1/apps/{app}/rename`, `GET /v1/apps/{app}/variables`;
//! - the Database API on the same host (variant b): `GET /api/databases/{addon}`,
//!   `GET|POST /api/databases/{addon}/firewall_rules`,
//!   `DELETE /api/databases/{addon}/firewall_rules/{rule}`, `GET /api/firewall/managed_ranges`;
//! - `GET /v1/regions` (the auth service's list), only when [`Config::regions`] is not empty;
//! - open: `GET /v1/addon_providers`, `GET /v1/addon_providers/{id}/plans`,
//!   `POST /v1/tokens/exchange`.
//!
//! Auth works like Scalingo's: `POST /v1/tokens/exchange` with HTTP Basic auth (empty user, an
//! API token as the password) answers `{"token": "<JWT>"}`, an HS256 bearer token valid for
//! [`Config::bearer_ttl`] seconds (see [`jwt`]). The protected routes accept such a bearer, or the
//! static [`Config::token`] (simpler for scripts and most tests). The `/api/...` routes also
//! accept an addon token, for the addon in their path (any addon for the managed ranges).
//! With [`Config::jwt_secret`], several instances (one per region) share the signing secret, and
//! each accepts any validly signed, unexpired bearer another one issued; revoking an API token
//! (`/__dev/revoke`) refuses its bearers on the instance that issued them only.
//!
//! With [`Config::rate_limit`], each `Authorization` header value (a bearer, the exchange's Basic
//! header, or none) may make that many requests in any [`Config::rate_window_ms`] (an exact
//! sliding window); the next ones get `429` with the plain-text body `Retry later`, as the real
//! API answers.
//!
//! Besides the contract it has routes for tests, under `/__dev`, on a loopback server only (they
//! are not counted in the stats nor rate limited):
//! - `GET /__dev/stats`: requests counted per route (`"GET /v1/databases/{id}"`,
//!   `"POST /v1/tokens/exchange"`…), their `total`, and `rate_limited`, the number of 429s sent;
//! - `POST /__dev/reset`: back to the seeded store (with the configured timings and mode), the
//!   configured token and API tokens, counters at zero, rate-limit windows empty;
//! - `POST /__dev/empty`: no databases at all (for the empty list);
//! - `POST /__dev/token` with the new token as the body: the old one is refused from now on
//!   (a revoked or expired token, mid-session);
//! - `POST /__dev/revoke` with an API token as the body: the exchange refuses it from now on,
//!   and the bearers it gave are refused (for good: a reset accepts the API token again, not
//!   those bearers);
//! - `POST /__dev/timings` with `{"provision_ms": n, "update_ms": n}` (either may be left out):
//!   how long the operations started from now on take; answers the timings in force;
//! - `POST /__dev/seed` with `{"provisioning": n, "running": n, "updating": n}` (each optional):
//!   adds that many generated databases in that state now (`requested` too: just created, the
//!   addon not listed yet); answers `{"databases": [...]}`, the ones added;
//! - `POST /__dev/settle`: ends every transition under way, so every database is running now;
//! - `POST /__dev/minimal-answers` with `true` or `false`: switches the minimal-answers mode
//!   (see [`Config::minimal_answers`]).

pub mod jwt;

use axum::body::Bytes;
use axum::extract::{MatchedPath, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode, Uri};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{any, get, post};
use axum::{Json, Router};
use base64::engine::general_purpose::{STANDARD, STANDARD_NO_PAD};
use base64::Engine;
use model::lifecycle::{Phase, Region, RegionsEnvelope, Timings};
use model::reply::{self, Reply};
use model::{Store, StoreOptions};
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap, VecDeque};
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Instant, SystemTime, UNIX_EPOCH};
use tower_http::cors::{AllowOrigin, CorsLayer};

/// Request bodies larger than this are refused with 413.
pub const MAX_BODY_BYTES: usize = 64 * 1024;

/// The most databases one `POST /__dev/seed` adds.
pub const MAX_SEED: usize = 10_000;

/// How the server is set up; the command line fills it.
#[derive(Clone, Debug)]
pub struct Config {
    /// The bearer token every `/v1` route but the catalog requires.
    pub token: String,
    /// Generated databases added after the spec's two examples.
    pub seed_count: usize,
    /// Start (and reset) without the spec's examples or generated databases: an instance that
    /// plays a second region has data of its own.
    pub no_examples: bool,
    /// Origins allowed to call the API from a browser (CORS); none by default.
    pub cors_origins: Vec<HeaderValue>,
    /// API tokens that `POST /v1/tokens/exchange` accepts (as the Basic auth password).
    pub api_tokens: Vec<String>,
    /// How long an exchanged bearer token is valid, in seconds (Scalingo: one hour).
    pub bearer_ttl: u64,
    /// How long provisioning and plan changes take.
    pub timings: Timings,
    /// Requests allowed per `Authorization` value in any window; `None`: no limit.
    pub rate_limit: Option<u32>,
    /// The rate limit's window, in milliseconds (Scalingo: a minute).
    pub rate_window_ms: u64,
    /// Answer only the documented shapes: `GET /v1/databases/{db}` without `app` and `addon`,
    /// dashboard items with `database` only, DEV's `{"vars", "message"}` for a plan change.
    pub minimal_answers: bool,
    /// The region this instance is, shown in `app.region` and in the hostnames.
    pub region_name: String,
    /// The regions `GET /v1/regions` lists, the first being the default; empty: no such route.
    pub regions: Vec<RegionSpec>,
    /// A signing secret shared with other instances, so they accept each other's bearers;
    /// `None`: a random one, only this instance's bearers are accepted.
    pub jwt_secret: Option<Vec<u8>>,
    /// The seed of the store's generator (ids, ports, passwords); `None`: a random one.
    pub rng_seed: Option<u64>,
}

/// One region of `GET /v1/regions`: its name, its name for people and its API's base URL (also
/// given as its `dashboard` and `database_api`: this server serves the Database API routes on
/// the same host).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RegionSpec {
    pub name: String,
    pub display_name: String,
    pub api: String,
}

impl std::str::FromStr for RegionSpec {
    type Err = String;

    /// `NAME=DISPLAY_NAME=API_URL`, for example
    /// `osc-fr1=Paris - Outscale=http://127.0.0.1:8081`.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let mut parts = text.splitn(3, '=');
        match (parts.next(), parts.next(), parts.next()) {
            (Some(name), Some(display_name), Some(api))
                if !name.trim().is_empty() && !api.trim().is_empty() =>
            {
                Ok(Self {
                    name: name.trim().into(),
                    display_name: display_name.trim().into(),
                    api: api.trim().trim_end_matches('/').into(),
                })
            }
            _ => Err(format!(
                "{text:?} is not NAME=DISPLAY_NAME=API_URL (for example osc-fr1=Paris - Outscale=http://127.0.0.1:8081)"
            )),
        }
    }
}

/// The API token accepted by default.
pub const DEFAULT_API_TOKEN: &str = "tk-us-dev-api-token";

/// The bearer TTL by default, in seconds: one hour, as Scalingo's.
pub const DEFAULT_BEARER_TTL: u64 = 3600;

/// The rate limit's window by default: a minute, as Scalingo's.
pub const DEFAULT_RATE_WINDOW_MS: u64 = 60_000;

/// The region by default.
pub const DEFAULT_REGION: &str = model::seed::DEFAULT_REGION;

/// The body of a 429, as the real API sends it (plain text).
pub const RETRY_LATER: &str = "Retry later";

impl Default for Config {
    fn default() -> Self {
        Self {
            token: "dev-token".into(),
            seed_count: 0,
            no_examples: false,
            cors_origins: Vec::new(),
            api_tokens: vec![DEFAULT_API_TOKEN.into()],
            bearer_ttl: DEFAULT_BEARER_TTL,
            timings: Timings::DEFAULT,
            rate_limit: None,
            rate_window_ms: DEFAULT_RATE_WINDOW_MS,
            minimal_answers: false,
            region_name: DEFAULT_REGION.into(),
            regions: Vec::new(),
            jwt_secret: None,
            rng_seed: None,
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
    /// The store generator's seed, drawn once at start when the config gives none, so a reset
    /// gives the same ids and passwords again.
    rng_seed: u64,
    /// The token accepted now; starts as `config.token`, replaced by `POST /__dev/token`.
    token: Mutex<String>,
    store: Mutex<Store>,
    requests: Mutex<BTreeMap<String, u64>>,
    /// The API tokens accepted now; starts as `config.api_tokens`, shrunk by `/__dev/revoke`.
    api_tokens: Mutex<Vec<String>>,
    /// The bearers given and not revoked, by `jti` (expired ones are dropped at each exchange).
    issued: Mutex<HashMap<String, Issued>>,
    signer: jwt::Signer,
    /// Starts every `jti` this instance gives, so it tells its own bearers from another
    /// instance's when they share the secret.
    instance: String,
    next_jti: AtomicU64,
    /// Per `Authorization` value, when its accepted requests of the current window came (ms
    /// since `started`), oldest first.
    windows: Mutex<HashMap<String, VecDeque<u64>>>,
    rate_limited: AtomicU64,
    started: Instant,
}

/// Milliseconds since the epoch, now: the `now_ms` the store is asked at.
pub fn now_ms() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX))
}

/// Takes a lock even if a handler panicked while holding it: the data it guards is consistent
/// between statements that cannot panic, so a poisoned lock is safe to take over.
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl AppState {
    fn new(config: Config) -> Self {
        let rng_seed = config.rng_seed.unwrap_or_else(jwt::random_u64);
        let signer = match &config.jwt_secret {
            Some(secret) => jwt::Signer::from_secret(secret),
            None => jwt::Signer::random(),
        };
        Self {
            token: Mutex::new(config.token.clone()),
            store: Mutex::new(build_store(&config, rng_seed, !config.no_examples)),
            requests: Mutex::new(BTreeMap::new()),
            api_tokens: Mutex::new(config.api_tokens.clone()),
            issued: Mutex::new(HashMap::new()),
            signer,
            instance: format!("{:016x}", jwt::random_u64()),
            next_jti: AtomicU64::new(1),
            windows: Mutex::new(HashMap::new()),
            rate_limited: AtomicU64::new(0),
            started: Instant::now(),
            rng_seed,
            config,
        }
    }

    fn store(&self) -> MutexGuard<'_, Store> {
        lock(&self.store)
    }

    fn token(&self) -> MutexGuard<'_, String> {
        lock(&self.token)
    }

    fn requests(&self) -> MutexGuard<'_, BTreeMap<String, u64>> {
        lock(&self.requests)
    }

    fn api_tokens(&self) -> MutexGuard<'_, Vec<String>> {
        lock(&self.api_tokens)
    }

    fn issued(&self) -> MutexGuard<'_, HashMap<String, Issued>> {
        lock(&self.issued)
    }

    fn windows(&self) -> MutexGuard<'_, HashMap<String, VecDeque<u64>>> {
        lock(&self.windows)
    }

    /// Whether `token` is a bearer this server accepts, unexpired and not revoked; the 401 if
    /// not. Its own bearers must be known and their API token still accepted; another
    /// instance's (only possible with a shared secret) just need to be validly signed.
    fn check_jwt(&self, token: &str) -> Result<(), Reply> {
        let claims = self.signer.verify(token).ok_or_else(reply::unauthorized)?;
        if claims.exp <= jwt::now() {
            return Err(Reply::error(401, TOKEN_EXPIRED));
        }
        let own = claims
            .jti
            .strip_prefix(&self.instance)
            .is_some_and(|rest| rest.starts_with('-'));
        if !own {
            return if self.config.jwt_secret.is_some() {
                Ok(())
            } else {
                Err(reply::unauthorized())
            };
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

    /// The static token or a bearer this server accepts.
    fn check_bearer(&self, headers: &HeaderMap) -> Result<(), Reply> {
        match bearer(headers) {
            None => Err(reply::unauthorized()),
            Some(token) if token == self.token().as_str() => Ok(()),
            Some(token) => self.check_jwt(token),
        }
    }

    /// Whether one more request with this `Authorization` value fits the rate limit now (and
    /// if so, counts it).
    fn admit(&self, key: &str, limit: u32) -> bool {
        let now = u64::try_from(self.started.elapsed().as_millis()).unwrap_or(u64::MAX);
        let window = self.config.rate_window_ms;
        let mut windows = self.windows();
        if windows.len() > 1024 {
            // Forget the clients that have been quiet for a whole window.
            windows.retain(|_, log| log.back().is_some_and(|&at| at + window > now));
        }
        admit(
            windows.entry(key.to_string()).or_default(),
            now,
            window,
            limit as usize,
        )
    }
}

/// Whether one more request at `now` keeps within `limit` requests in any `window_ms` (an exact
/// sliding window: `log` holds the times of the requests accepted in the last `window_ms`,
/// oldest first). If it does, it is recorded; a refused request is not (it did not happen, as
/// far as the limit is concerned).
fn admit(log: &mut VecDeque<u64>, now: u64, window_ms: u64, limit: usize) -> bool {
    while log
        .front()
        .is_some_and(|&at| at.saturating_add(window_ms) <= now)
    {
        log.pop_front();
    }
    if log.len() < limit {
        log.push_back(now);
        true
    } else {
        false
    }
}

/// The store as the configuration says: the examples (and the generated databases) or none.
fn build_store(config: &Config, rng_seed: u64, examples: bool) -> Store {
    Store::with_options(&StoreOptions {
        examples,
        generated: if examples { config.seed_count } else { 0 },
        region: config.region_name.clone(),
        timings: config.timings,
        minimal_answers: config.minimal_answers,
        rng_seed,
    })
}

/// The `error` of a 401 for a bearer past its `exp`.
pub const TOKEN_EXPIRED: &str = "Token expired";

type Shared = Arc<AppState>;

/// The whole application: the contract's routes, the test routes, auth, CORS and limits.
pub fn app(config: Config) -> Router {
    let state: Shared = Arc::new(AppState::new(config));

    let mut protected = Router::new();
    for path in [
        "/v1/databases",
        "/v1/databases/{id}",
        "/v1/databases/{id}/endpoints",
        "/v1/projects",
        "/v1/apps/{app}",
        "/v1/apps/{app}/addons",
        "/v1/apps/{app}/addons/{addon}",
        "/v1/apps/{app}/addons/{addon}/token",
        "/v1/apps/{app}/rename",
        "/v1/apps/{app}/variables",
    ] {
        protected = protected.route(path, any(model_route));
    }
    if !state.config.regions.is_empty() {
        protected = protected.route("/v1/regions", get(regions));
    }
    let protected = protected.route_layer(middleware::from_fn_with_state(
        state.clone(),
        require_bearer,
    ));

    let mut dbaas = Router::new();
    for path in [
        "/api/databases/{addon}",
        "/api/databases/{addon}/firewall_rules",
        "/api/databases/{addon}/firewall_rules/{rule}",
        "/api/firewall/managed_ranges",
    ] {
        dbaas = dbaas.route(path, any(model_route));
    }
    let dbaas = dbaas.route_layer(middleware::from_fn_with_state(
        state.clone(),
        require_bearer_or_addon_token,
    ));

    let router = Router::new()
        .merge(protected)
        .merge(dbaas)
        .route("/v1/addon_providers", any(model_route))
        .route("/v1/addon_providers/{id}/plans", any(model_route))
        .route("/v1/tokens/exchange", post(exchange))
        .route("/__dev/stats", get(stats))
        .route("/__dev/reset", post(reset))
        .route("/__dev/empty", post(empty))
        .route("/__dev/token", post(replace_token))
        .route("/__dev/revoke", post(revoke))
        .route("/__dev/timings", post(set_timings))
        .route("/__dev/seed", post(seed))
        .route("/__dev/settle", post(settle))
        .route("/__dev/minimal-answers", post(set_minimal_answers))
        .fallback(not_found)
        .layer(middleware::from_fn_with_state(state.clone(), rate_limit))
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
                .allow_methods([
                    Method::GET,
                    Method::POST,
                    Method::PUT,
                    Method::PATCH,
                    Method::DELETE,
                ])
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
    if reply.body.is_empty() {
        return status.into_response();
    }
    (
        status,
        [(header::CONTENT_TYPE, "application/json; charset=utf-8")],
        reply.body,
    )
        .into_response()
}

/// Every contract route: the model answers, at the system clock's time.
async fn model_route(
    State(state): State<Shared>,
    method: Method,
    uri: Uri,
    body: Bytes,
) -> Response {
    let target = uri.path_and_query().map_or(uri.path(), |pq| pq.as_str());
    let reply = reply::dispatch(&mut state.store(), method.as_str(), target, &body, now_ms());
    respond(reply)
}

async fn require_bearer(State(state): State<Shared>, request: Request, next: Next) -> Response {
    match state.check_bearer(request.headers()) {
        Ok(()) => next.run(request).await,
        Err(refusal) => respond(refusal),
    }
}

/// The Database API routes: a user bearer (variant b), or an addon token of the addon in the
/// path (variant a; any addon's for the managed ranges, which belong to no database).
async fn require_bearer_or_addon_token(
    State(state): State<Shared>,
    request: Request,
    next: Next,
) -> Response {
    let verdict = state.check_bearer(request.headers()).or_else(|refusal| {
        let token = bearer(request.headers()).ok_or_else(|| refusal.clone())?;
        let addon = request
            .uri()
            .path()
            .strip_prefix("/api/databases/")
            .map(|rest| rest.split('/').next().unwrap_or_default());
        if state.store().addon_token_allows(token, addon, now_ms()) {
            Ok(())
        } else {
            Err(refusal)
        }
    });
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

/// The rate limit, per `Authorization` value (none is a value too); `/__dev` is not limited.
async fn rate_limit(State(state): State<Shared>, request: Request, next: Next) -> Response {
    let Some(limit) = state.config.rate_limit else {
        return next.run(request).await;
    };
    if request.uri().path().starts_with("/__dev") {
        return next.run(request).await;
    }
    let key = request
        .headers()
        .get(header::AUTHORIZATION)
        .map(|value| String::from_utf8_lossy(value.as_bytes()).into_owned())
        .unwrap_or_default();
    if state.admit(&key, limit) {
        return next.run(request).await;
    }
    state.rate_limited.fetch_add(1, Ordering::Relaxed);
    (
        StatusCode::TOO_MANY_REQUESTS,
        [(header::CONTENT_TYPE, "text/plain")],
        RETRY_LATER,
    )
        .into_response()
}

/// `GET /v1/regions`: the configured regions, the first one the default.
async fn regions(State(state): State<Shared>) -> Json<RegionsEnvelope> {
    let regions = state
        .config
        .regions
        .iter()
        .enumerate()
        .map(|(index, region)| Region {
            name: region.name.clone(),
            display_name: region.display_name.clone(),
            api: region.api.clone(),
            dashboard: region.api.clone(),
            database_api: Some(region.api.clone()),
            default: index == 0,
        })
        .collect();
    Json(RegionsEnvelope { regions })
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
    let serial = state.next_jti.fetch_add(1, Ordering::Relaxed);
    let jti = format!("{}-{serial}", state.instance);
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
    Json(serde_json::json!({
        "requests": requests,
        "total": total,
        "rate_limited": state.rate_limited.load(Ordering::Relaxed),
    }))
}

async fn reset(State(state): State<Shared>) -> StatusCode {
    *state.store() = build_store(&state.config, state.rng_seed, !state.config.no_examples);
    *state.token() = state.config.token.clone();
    *state.api_tokens() = state.config.api_tokens.clone();
    state.requests().clear();
    state.windows().clear();
    state.rate_limited.store(0, Ordering::Relaxed);
    StatusCode::NO_CONTENT
}

async fn empty(State(state): State<Shared>) -> StatusCode {
    *state.store() = build_store(&state.config, state.rng_seed, false);
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

/// A `/__dev` JSON body, or the 400 that says why it is not one.
fn dev_body<T: serde::de::DeserializeOwned>(body: &[u8]) -> Result<T, Reply> {
    serde_json::from_slice(body).map_err(|error| {
        Reply::error(
            400,
            &format!("There was a problem in the JSON you submitted: {error}"),
        )
    })
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TimingsPatch {
    provision_ms: Option<u64>,
    update_ms: Option<u64>,
}

/// `POST /__dev/timings` with `{"provision_ms", "update_ms"}`: answers the timings in force.
async fn set_timings(State(state): State<Shared>, body: Bytes) -> Response {
    let patch: TimingsPatch = match dev_body(&body) {
        Ok(patch) => patch,
        Err(refusal) => return respond(refusal),
    };
    let mut store = state.store();
    let current = store.timings();
    let timings = Timings {
        provision_ms: patch.provision_ms.unwrap_or(current.provision_ms),
        update_ms: patch.update_ms.unwrap_or(current.update_ms),
    };
    store.set_timings(timings);
    Json(timings).into_response()
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SeedRequest {
    #[serde(default)]
    requested: usize,
    #[serde(default)]
    provisioning: usize,
    #[serde(default)]
    running: usize,
    #[serde(default)]
    updating: usize,
}

/// `POST /__dev/seed` with `{"provisioning": n, "running": n, "updating": n, "requested": n}`:
/// adds generated databases in those states now; answers `{"databases": [...]}`.
async fn seed(State(state): State<Shared>, body: Bytes) -> Response {
    let request: SeedRequest = match dev_body(&body) {
        Ok(request) => request,
        Err(refusal) => return respond(refusal),
    };
    let counts = [
        (request.requested, Phase::Requested),
        (request.provisioning, Phase::Provisioning),
        (request.running, Phase::Running),
        (request.updating, Phase::Updating),
    ];
    if counts.iter().map(|(count, _)| count).sum::<usize>() > MAX_SEED {
        return respond(Reply::error(
            422,
            &format!("at most {MAX_SEED} databases at once"),
        ));
    }
    let now = now_ms();
    let mut store = state.store();
    let mut added = Vec::new();
    for (count, phase) in counts {
        added.extend(store.add_generated(count, phase, now));
    }
    Json(model::DatabasesEnvelope { databases: added }).into_response()
}

/// `POST /__dev/settle`: every transition under way ends now.
async fn settle(State(state): State<Shared>) -> StatusCode {
    state.store().settle(now_ms());
    StatusCode::NO_CONTENT
}

/// `POST /__dev/minimal-answers` with `true` or `false`.
async fn set_minimal_answers(State(state): State<Shared>, body: Bytes) -> Response {
    match dev_body::<bool>(&body) {
        Ok(minimal) => {
            state.store().set_minimal_answers(minimal);
            StatusCode::NO_CONTENT.into_response()
        }
        Err(refusal) => respond(refusal),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_window_slides_exactly() {
        let mut log = VecDeque::new();
        // 3 per 1000 ms: at 0, 400, 800 accepted; 900 and 999 refused (three in (−1, 999]).
        assert!(admit(&mut log, 0, 1000, 3));
        assert!(admit(&mut log, 400, 1000, 3));
        assert!(admit(&mut log, 800, 1000, 3));
        assert!(!admit(&mut log, 900, 1000, 3));
        assert!(!admit(&mut log, 999, 1000, 3));
        // At 1000 the request of 0 is out of the window: one more fits, and only one.
        assert!(admit(&mut log, 1000, 1000, 3));
        assert!(!admit(&mut log, 1001, 1000, 3));
        // Refused requests were not counted: at 1400 the one of 400 leaves.
        assert!(admit(&mut log, 1400, 1000, 3));
        assert_eq!(log, [800, 1000, 1400]);
        // Whatever the times, no window of 1000 ms holds more than 3 accepted requests.
        let mut log = VecDeque::new();
        let accepted: Vec<u64> = (0..5000)
            .step_by(7)
            .filter(|&now| admit(&mut log, now, 1000, 3))
            .collect();
        assert!(
            accepted.windows(4).all(|w| w[3] - w[0] >= 1000),
            "{accepted:?}"
        );
    }

    #[test]
    fn regions_parse_from_the_command_line_form() {
        let region: RegionSpec = "osc-fr1=Paris - Outscale=http://127.0.0.1:8081/"
            .parse()
            .unwrap();
        assert_eq!(
            region,
            RegionSpec {
                name: "osc-fr1".into(),
                display_name: "Paris - Outscale".into(),
                api: "http://127.0.0.1:8081".into(),
            }
        );
        assert!("osc-fr1=Paris".parse::<RegionSpec>().is_err());
        assert!("=x=http://a".parse::<RegionSpec>().is_err());
        assert!("a=b=".parse::<RegionSpec>().is_err());
    }
}
