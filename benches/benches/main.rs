//! Criterion benches for relcore, one module per area. Names are hierarchical
//! (`version/parse/relcore`), and the machine is small, so warm-up and measurement are short.

// Bench closures return their results on purpose (so the work is not optimised away).
#![allow(clippy::semicolon_if_nothing_returned)]

use std::time::Duration;

use criterion::Criterion;

mod changelog;
mod commit;
mod plan;
mod version;

fn main() {
    let mut c = Criterion::default()
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2))
        .sample_size(30)
        .configure_from_args();
    version::define(&mut c);
    commit::define(&mut c);
    changelog::define(&mut c);
    plan::define(&mut c);
    c.final_summary();
}
