//! The one integration-test binary of the core crate: shared vectors and public-API tests.

// Tests read their fixture files; the core itself stays IO-free (clippy.toml).
#![allow(clippy::disallowed_methods)]

mod util;

mod announce;
mod autotraits;
mod bump;
mod changelog;
mod commit;
mod error_codes;
mod layout;
mod manifest;
mod metrics;
mod ops;
mod pipeline;
mod plan;
mod plan_extras;
mod requirement;
mod risk;
mod schedule;
mod simulate;
mod version;
mod workspace;
