//! The one integration-test binary of the core crate: shared vectors and public-API tests.

mod util;

mod autotraits;
mod bump;
mod commit;
mod version;
