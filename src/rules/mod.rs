//! Console rules that need no browser: what a status reads as, when to poll, how many requests
//! may go out, how a connection string is shown, what the palette finds, what a key press means,
//! the theme. Plain Rust with host tests.
//!
//! It may import `crates/model` only: [`crate::config`] reads its settings from here, and the
//! API client and the screens apply them.

pub mod budget;
pub mod copy_as;
pub mod palette;
pub mod polling;
pub mod secrets;
pub mod shortcuts;
pub mod status;
pub mod theme;

pub use status::Status;
