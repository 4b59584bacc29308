//! The CLI against the shared vectors: the same answers as the library, through the
//! process boundary, with the documented exit codes and JSON shapes.

mod util;

mod announce;
mod commit;
mod history;
mod inputs;
mod metrics;
mod ops;
mod packages;
mod pipeline;
mod plan;
mod readme;
mod release;
mod set;
mod sync;
mod ux;
mod version;
mod writes;
