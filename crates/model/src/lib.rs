//! The Databases API contract (`shared/spec/databases-api.md`) as plain Rust, with what stands
//! behind a Dedicated Resources database (`shared/reference/lifecycle-api.md`).
//!
//! Everything here runs both natively (the dev API server, host tests) and in the browser (the
//! console, its in-browser demo backend), so it never touches `web_sys`, threads, the clock or
//! the operating system's randomness: time is passed in as `now_ms`, and what must look random
//! comes from a generator seeded by the caller ([`rng`]).
//!
//! - [`types`]: the API's objects and envelopes, decoded leniently (unknown fields are ignored).
//! - [`lifecycle`]: the app, addon, Database API record, endpoints, variables, firewall rules,
//!   their statuses and envelopes.
//! - [`name`]: the database name rule, as one function that says which part failed.
//! - [`cidr`]: the IPv4 range rule of a firewall rule, the same way.
//! - [`plan_change`]: which plan changes are allowed and what downtime each causes.
//! - [`store`]: an in-memory store with the API's semantics and its state machine.
//! - [`reply`]: those semantics as HTTP answers (status + JSON body), shared by every backend.
//! - [`seed`]: the spec's example objects, the plans catalog, the projects, the managed ranges.
//! - [`time`], [`rng`]: ISO 8601 text from `now_ms`, and the store's deterministic generator.

pub mod cidr;
pub mod lifecycle;
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
pub use store::{Store, StoreError, StoreOptions};
pub use types::*;
