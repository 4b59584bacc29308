//! `plan/*`: validating a rollout plan with 50 stages and 200 services, from text and from
//! an already-read plan, and with 10,000 services or 10,000 stages (well under a second
//! each); plans at the parser's limits (alias bombs, deep nesting, floods of keys), each
//! decided in milliseconds; simulating a 24-hour timeline at one sample per second per
//! metric.

use std::hint::black_box;

use criterion::{Criterion, Throughput};
use relcore::plan::{
    Context, Outcome, Plan, Timeline, TimelineFormat, simulate, validate, validate_plan,
};

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
    let services = relcore_benches::big_plan(5, 10_000);
    assert!(!validate(&services, &ctx).has_errors());
    g.sample_size(10);
    g.bench_function("from_text/10000_services", |b| {
        b.iter(|| validate(black_box(&services), &ctx).diagnostics.len())
    });
    let stages = relcore_benches::compact_plan(10_000, 5);
    assert!(
        !validate(&stages, &ctx).has_errors(),
        "{:?}",
        validate(&stages, &ctx).diagnostics
    );
    g.bench_function("from_text/10000_stages", |b| {
        b.iter(|| validate(black_box(&stages), &ctx).diagnostics.len())
    });
    g.finish();

    let mut g = c.benchmark_group("plan/limits");
    g.sample_size(10);
    for (name, text) in relcore_benches::hostile_plans() {
        g.bench_function(name, |b| {
            b.iter(|| validate(black_box(&text), &ctx).diagnostics.len())
        });
    }
    g.finish();

    let plan = Plan::from_yaml(&relcore_benches::day_plan()).expect("a valid plan");
    let csv = relcore_benches::day_timeline_csv();
    let timeline = Timeline::parse_as(&csv, TimelineFormat::Csv).expect("a valid timeline");
    let samples = timeline.events().len() as u64;
    let sim = simulate(&plan, &timeline).expect("simulates");
    assert_eq!(sim.outcome, Outcome::Completed, "{:?}", sim.decisions);
    let mut g = c.benchmark_group("plan/simulate");
    g.throughput(Throughput::Elements(samples));
    g.bench_function("24h_1hz_4_metrics", |b| {
        b.iter(|| simulate(black_box(&plan), black_box(&timeline)).map(|s| s.decisions.len()))
    });
    g.bench_function("24h_1hz_4_metrics_from_csv", |b| {
        b.iter(|| {
            let t = Timeline::parse_as(black_box(&csv), TimelineFormat::Csv).expect("valid");
            simulate(&plan, &t).map(|s| s.decisions.len())
        })
    });
    g.finish();
}
