//! Validation: the rules a plan must follow (`rules`), what validation returns
//! (`report`: the report, its context, and the error of `Plan::from_yaml`), and the
//! interval sets the gate rules reason with (`interval`).

pub(super) mod interval;
pub(super) mod report;
pub(super) mod rules;
