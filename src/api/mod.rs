//! The typed API client: one `async fn` per endpoint, each returning `Result<T, ApiError>`.
//!
//! The envelopes (`{"database": ...}`) are unwrapped here, so callers get the objects. The
//! status + body → [`ApiError`] mapping is [`error::decode`], a pure function with host tests.

pub mod error;
pub mod token;

pub use error::ApiError;
pub use token::Token;

use gloo_net::http::{Method, RequestBuilder};
use model::{
    AddonProvider, AddonProvidersEnvelope, CreateDatabaseRequest, Database, DatabaseEnvelope,
    DatabasesEnvelope, NewDatabase, Plan, PlansEnvelope, Project, ProjectsEnvelope,
};
use serde::de::DeserializeOwned;
use std::sync::Arc;

use crate::paths::encode_segment;

/// A connection to one API: its base URL (the console appends `/v1/...`) and the bearer token.
/// Cheap to clone.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Client {
    base: Arc<str>,
    token: Token,
}

impl Client {
    /// A client for the API at `base` (for example `https://api.osc-fr1.scalingo.com`, or `/api`
    /// for a same-origin proxy). A trailing `/` is ignored.
    pub fn new(base: &str, token: Token) -> Self {
        Self {
            base: Arc::from(base.trim_end_matches('/')),
            token,
        }
    }

    /// The base URL, as given.
    pub fn base(&self) -> &str {
        &self.base
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
        let (status, text) = self.send(method, path, body).await?;
        error::decode(status, &text)
    }

    /// The one place that touches the network. Headers go on before the body, which finishes
    /// the request with gloo-net.
    async fn send(
        &self,
        method: Method,
        path: &str,
        body: Option<String>,
    ) -> Result<(u16, String), ApiError> {
        let builder = RequestBuilder::new(&format!("{}{path}", self.base))
            .method(method)
            .header("Accept", "application/json")
            .header("Authorization", &format!("Bearer {}", self.token.expose()));
        let request = match body {
            Some(body) => builder
                .header("Content-Type", "application/json")
                .body(body),
            None => builder.build(),
        }
        .map_err(|error| ApiError::Network(error.to_string()))?;
        let response = request
            .send()
            .await
            .map_err(|error| ApiError::Network(network_message(&error)))?;
        let status = response.status();
        let text = response
            .text()
            .await
            .map_err(|error| ApiError::Network(network_message(&error)))?;
        Ok((status, text))
    }
}

/// gloo-net's errors as a short sentence (browsers say little more than "Failed to fetch").
fn network_message(error: &gloo_net::Error) -> String {
    match error {
        gloo_net::Error::JsError(js) => js.message.clone(),
        other => other.to_string(),
    }
}
