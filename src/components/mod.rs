//! Widgets shared by the pages, one per file.

pub mod announcements;
pub mod app_shell;
pub mod budget_notice;
pub mod command_palette;
pub mod copy_as;
pub mod copy_button;
pub mod demo_panel;
pub mod dialog;
pub mod page;
pub mod reauth_dialog;
pub mod require_session;
pub mod retry_notice;
pub mod shortcuts;
pub mod shortcuts_help;
pub mod sign_in_form;
pub mod status;
pub mod theme_select;
