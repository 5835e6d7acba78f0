//! The routed screens, one per file.

pub mod database;
pub mod database_new;
pub mod databases;
pub mod not_found;
pub mod sign_in;

use leptos::prelude::*;
use model::{AddonProvider, Project};

use crate::api::ApiError;
use crate::state::SessionState;

/// `GET /v1/projects` for the current session, read again when the session changes.
pub(crate) fn projects_resource(
    state: SessionState,
) -> LocalResource<Result<Vec<Project>, ApiError>> {
    LocalResource::new(move || {
        let client = state.client();
        state.read(client, |client| async move { client.list_projects().await })
    })
}

/// `GET /v1/addon_providers` (the plans catalog) for the current session.
pub(crate) fn catalog_resource(
    state: SessionState,
) -> LocalResource<Result<Vec<AddonProvider>, ApiError>> {
    LocalResource::new(move || {
        let client = state.client();
        state.read(client, |client| async move {
            client.list_addon_providers().await
        })
    })
}
