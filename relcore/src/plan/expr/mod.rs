//! The small languages inside a plan, each a value with a parser and a `Display` that
//! reads back: durations (`1h30m`), gates and triggers (`error-rate < 0.1%`) with the
//! metric registry that gives them units, and deployment windows (`tue-thu 10:00-12:00`,
//! freeze dates, the start). They share one error, [`SyntaxError`](super::SyntaxError).

pub(super) mod calendar;
pub(super) mod duration;
pub(super) mod error;
pub(super) mod gate;
pub(super) mod metric;
pub(super) mod window;
pub(super) mod zone;
