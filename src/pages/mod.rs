//! The routed screens, one per file.

pub mod database;
pub mod databases;
pub mod not_found;

use crate::api::Client;
use leptos::prelude::*;

/// The API client the app provides.
pub(crate) fn use_client() -> Client {
    expect_context::<Client>()
}

/// The messages of what an `ErrorBoundary` caught, as sentences.
pub(crate) fn error_messages(errors: &ArcRwSignal<Errors>) -> Vec<String> {
    errors
        .get()
        .into_iter()
        .map(|(_, error)| error.to_string())
        .collect()
}
