//! `plan/*`: validating a rollout plan with 50 stages and 200 services, from text and from
//! an already-read plan.

use std::hint::black_box;

use criterion::Criterion;
use relcore::plan::{Context, Plan, validate, validate_plan};

pub(crate) fn define(c: &mut Criterion) {
    let text = relcore_benches::big_plan(50, 200);
    let ctx = Context::default();
    let report = validate(&text, &ctx);
    assert!(!report.has_errors(), "{:?}", report.diagnostics);
    let plan = Plan::from_yaml(&text).expect("a valid plan");
    let mut g = c.benchmark_group("plan/validate");
    g.bench_function("from_text/50_stages_200_services", |b| {
        b.iter(|| validate(black_box(&text), &ctx).diagnostics.len())
    });
    g.bench_function("parsed/50_stages_200_services", |b| {
        b.iter(|| validate_plan(black_box(&plan), &ctx).diagnostics.len())
    });
    g.finish();
}
