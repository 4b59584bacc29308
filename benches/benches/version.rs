//! `version/*`: parse, compare, sort and bump over 10,000 realistic versions, with the
//! `semver` crate's parse and sort beside ours for comparison.

use std::hint::black_box;

use criterion::Criterion;
use relcore::version::{self, BumpLevel, Preid, Version};

pub(crate) fn define(c: &mut Criterion) {
    let inputs = relcore_benches::versions(10_000);
    let parsed: Vec<Version> = inputs.iter().map(|s| Version::parse(s).unwrap()).collect();
    let theirs: Vec<semver::Version> = inputs
        .iter()
        .map(|s| semver::Version::parse(s).unwrap())
        .collect();

    let mut g = c.benchmark_group("version/parse");
    g.bench_function("relcore", |b| {
        b.iter(|| {
            black_box(&inputs)
                .iter()
                .map(|s| usize::from(Version::parse(s).is_ok()))
                .sum::<usize>()
        })
    });
    g.bench_function("semver", |b| {
        b.iter(|| {
            black_box(&inputs)
                .iter()
                .map(|s| usize::from(semver::Version::parse(s).is_ok()))
                .sum::<usize>()
        })
    });
    g.finish();

    let mut g = c.benchmark_group("version/compare");
    g.bench_function("relcore", |b| {
        b.iter(|| {
            parsed
                .windows(2)
                .filter(|w| version::compare(&w[0], &w[1]).is_lt())
                .count()
        })
    });
    g.bench_function("semver", |b| {
        b.iter(|| {
            theirs
                .windows(2)
                .filter(|w| w[0].cmp_precedence(&w[1]).is_lt())
                .count()
        })
    });
    g.finish();

    let mut g = c.benchmark_group("version/sort");
    g.bench_function("relcore", |b| {
        b.iter(|| {
            let mut v = parsed.clone();
            version::sort(&mut v);
            v
        })
    });
    g.bench_function("semver", |b| {
        b.iter(|| {
            let mut v = theirs.clone();
            v.sort();
            v
        })
    });
    g.finish();

    let mut g = c.benchmark_group("version/bump");
    for level in [BumpLevel::Minor, BumpLevel::Prerelease] {
        let preid = Preid::new("rc");
        g.bench_function(level.as_str(), |b| {
            b.iter(|| {
                parsed
                    .iter()
                    .filter_map(|v| v.bump(level, black_box(&preid)).ok())
                    .count()
            })
        });
    }
    g.finish();

    // Checked once, so a broken bench cannot pass silently.
    assert_eq!(parsed.len(), 10_000);
}
