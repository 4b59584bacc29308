//! Simulation: a plan run against a metric timeline (`run`), and the one timeline reader
//! for YAML, JSON and CSV (`timeline`).

pub(super) mod run;
pub(super) mod timeline;
