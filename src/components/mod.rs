//! Widgets shared by the pages, one per file.

pub mod app_shell;
pub mod database_table;
pub mod status;
