//! The routed screens, one per file.

pub mod database;
pub mod database_new;
pub mod databases;
pub mod not_found;
pub mod sign_in;

use leptos::prelude::*;
use model::{AddonProvider, Project};

use crate::api::{ApiError, Client};
use crate::state::SessionState;

/// The client of a region of the session, or of its first region (tracked).
fn client_for(state: SessionState, region: Option<Signal<String>>) -> Result<Client, ApiError> {
    match region {
        Some(region) => state.client_in(&region.get()),
        None => state.client(),
    }
}

/// `GET /v1/projects` for the current session, read again when the session changes; what it
/// read last is kept ([`SessionState::kept_projects`]) so names show at once next time.
pub(crate) fn projects_resource(
    state: SessionState,
) -> LocalResource<Result<Vec<Project>, ApiError>> {
    projects_resource_in(state, None)
}

/// [`projects_resource`] in one region of the session (projects are regional).
pub(crate) fn projects_resource_in(
    state: SessionState,
    region: Option<Signal<String>>,
) -> LocalResource<Result<Vec<Project>, ApiError>> {
    LocalResource::new(move || {
        let client = client_for(state, region);
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
    catalog_resource_in(state, None)
}

/// [`catalog_resource`] in one region of the session (plans are regional).
pub(crate) fn catalog_resource_in(
    state: SessionState,
    region: Option<Signal<String>>,
) -> LocalResource<Result<Vec<AddonProvider>, ApiError>> {
    LocalResource::new(move || {
        let client = client_for(state, region);
        state.read(client, move |client| async move {
            let catalog = client.list_addon_providers().await?;
            state.keep_catalog(catalog.clone());
            Ok(catalog)
        })
    })
}
