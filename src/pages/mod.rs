//! The routed screens, one per file.

pub mod database;
pub mod database_new;
pub mod databases;
pub mod not_found;
pub mod sign_in;

use leptos::prelude::*;

/// The messages of what an `ErrorBoundary` caught, as sentences.
pub(crate) fn error_messages(errors: &ArcRwSignal<Errors>) -> Vec<String> {
    errors
        .get()
        .into_iter()
        .map(|(_, error)| error.to_string())
        .collect()
}
