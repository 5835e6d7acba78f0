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

/// `GET /v1/projects` for the current session, read again when the session changes; what it
/// read last is kept ([`SessionState::kept_projects`]) so names show at once next time.
pub(crate) fn projects_resource(
    state: SessionState,
) -> LocalResource<Result<Vec<Project>, ApiError>> {
    LocalResource::new(move || {
        let client = state.client();
        state.read(client, move |client| async move {
            let projects = client.list_projects().await?;
            state.keep_projects(projects.clone());
            Ok(projects)
        })
    })
}

/// `GET /v1/addon_providers` (the plans catalog) for the current session, kept like the
/// projects ([`SessionState::kept_catalog`]).
pub(crate) fn catalog_resource(
    state: SessionState,
) -> LocalResource<Result<Vec<AddonProvider>, ApiError>> {
    LocalResource::new(move || {
        let client = state.client();
        state.read(client, move |client| async move {
            let catalog = client.list_addon_providers().await?;
            state.keep_catalog(catalog.clone());
            Ok(catalog)
        })
    })
}
