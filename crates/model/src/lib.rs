//! The Databases API contract (`shared/spec/databases-api.md`) as plain Rust.
//!
//! Everything here runs both natively (the dev API server, host tests) and in the browser (the
//! console, its in-browser demo backend), so it never touches `web_sys`, threads or the clock.
//!
//! - [`types`]: the API's objects and envelopes, decoded leniently (unknown fields are ignored).
//! - [`name`]: the database name rule, as one function that says which part failed.
//! - [`cidr`]: the IPv4 range rule of a firewall rule, as one function that says what is wrong.
//! - [`plan_change`]: which plan changes are allowed and what downtime each causes.
//! - [`store`]: an in-memory store with the contract's semantics (list, get by id or name, create).
//! - [`reply`]: those semantics as HTTP answers (status + JSON body), shared by every backend.
//! - [`seed`]: the spec's example objects, the plans catalog and the projects.
//! - [`time`], [`rng`]: ISO 8601 text from `now_ms`, and a deterministic generator seeded by the caller.

pub mod cidr;
pub mod name;
pub mod plan_change;
pub mod reply;
pub mod rng;
pub mod seed;
pub mod store;
pub mod time;
pub mod types;

pub use cidr::{Cidr, CidrError};
pub use name::{validate_name, NameError, NAME_MAX_LEN, NAME_MIN_LEN};
pub use store::Store;
pub use types::*;
