//! Shared, deterministic inputs for relcore's benches and comparison scripts.

use std::fmt::Write;

/// A small linear congruential generator: the same numbers on every machine and run.
#[derive(Debug, Clone)]
pub struct Lcg(u64);

impl Lcg {
    /// A generator from a fixed seed.
    pub fn new(seed: u64) -> Lcg {
        Lcg(seed)
    }

    /// The next number below `n` (n > 0).
    pub fn below(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % n.max(1)
    }
}

/// `n` realistic version strings: 70% plain releases, 20% pre-releases (`rc.4`,
/// `beta.11`, `alpha.beta.3`), 10% with build metadata; the Python and Node comparison
/// scripts generate the same mix.
pub fn versions(n: usize) -> Vec<String> {
    const PRE: [&str; 6] = ["alpha", "beta", "rc", "alpha.beta", "dev", "next"];
    let mut rng = Lcg::new(0x5eed);
    (0..n)
        .map(|_| {
            let (major, minor, patch) = (rng.below(20), rng.below(40), rng.below(100));
            let kind = rng.below(10);
            let mut v = format!("{major}.{minor}.{patch}");
            if (7..9).contains(&kind) {
                let pre = PRE[usize::try_from(rng.below(6)).unwrap_or(0)];
                let _ = write!(v, "-{pre}.{}", rng.below(20));
            } else if kind == 9 {
                let _ = write!(v, "+build.{}", rng.below(10_000));
            }
            v
        })
        .collect()
}

/// `n` realistic commit messages, as `git log --format=%B` gives them (newest first):
/// conventional headers with and without scopes and `(#123)` suffixes, bodies of one or
/// two paragraphs, footers (`Closes #12`, `Co-authored-by`, `BREAKING CHANGE`), Dependabot
/// and Renovate subjects, merges, reverts and plain non-conventional messages.
pub fn messages(n: usize) -> Vec<String> {
    const TYPES: [&str; 10] = [
        "feat", "fix", "fix", "chore", "docs", "refactor", "perf", "test", "ci", "build",
    ];
    const SCOPES: [&str; 8] = ["api", "cli", "parser", "db", "ui", "auth", "deps", "core"];
    const WORDS: [&str; 16] = [
        "handle",
        "empty",
        "input",
        "add",
        "support",
        "for",
        "pagination",
        "cache",
        "config",
        "remove",
        "legacy",
        "endpoint",
        "retry",
        "requests",
        "on",
        "timeout",
    ];
    let mut rng = Lcg::new(0x00c0_ffee);
    let pick = |rng: &mut Lcg, list: &[&'static str]| {
        list[usize::try_from(rng.below(list.len() as u64)).unwrap_or(0)]
    };
    let sentence = |rng: &mut Lcg, words: u64| {
        let count = 3 + rng.below(words);
        (0..count)
            .map(|_| pick(rng, &WORDS))
            .collect::<Vec<_>>()
            .join(" ")
    };
    (0..n)
        .map(|i| {
            let roll = rng.below(100);
            let mut m = if roll < 4 {
                format!("Merge pull request #{} from acme/feature-{i}\n\n{}\n", 1000 + i, sentence(&mut rng, 6))
            } else if roll < 10 {
                format!("chore(deps): bump serde from 1.0.{} to 1.0.{}\n\nBumps [serde](https://github.com/serde-rs/serde) from 1.0.1 to 1.0.2.\n", rng.below(200), 200 + rng.below(50))
            } else if roll < 12 {
                format!("Revert \"fix: {}\"\n\nThis reverts commit {:040x}.\n", sentence(&mut rng, 4), rng.below(u64::MAX))
            } else if roll < 22 {
                format!("{}\n", sentence(&mut rng, 8))
            } else {
                let ty = pick(&mut rng, &TYPES);
                let scope = if rng.below(2) == 0 { format!("({})", pick(&mut rng, &SCOPES)) } else { String::new() };
                let bang = if rng.below(30) == 0 { "!" } else { "" };
                let pr = if rng.below(3) == 0 { format!(" (#{})", rng.below(5000)) } else { String::new() };
                let mut m = format!("{ty}{scope}{bang}: {}{pr}\n", sentence(&mut rng, 6));
                if rng.below(2) == 0 {
                    let _ = write!(m, "\n{}.\n{}.\n", sentence(&mut rng, 10), sentence(&mut rng, 10));
                    if rng.below(3) == 0 {
                        let _ = write!(m, "\n{}.\n", sentence(&mut rng, 12));
                    }
                }
                // Trailers follow a blank line, as git writes them.
                let mut trailers = String::new();
                if rng.below(3) == 0 {
                    let _ = writeln!(trailers, "Closes #{}", rng.below(5000));
                }
                if rng.below(8) == 0 {
                    trailers.push_str("Co-authored-by: Jane Doe <jane@example.com>\n");
                }
                if bang == "!" || rng.below(40) == 0 {
                    let _ = writeln!(trailers, "BREAKING CHANGE: {}.", sentence(&mut rng, 8));
                }
                if !trailers.is_empty() {
                    let _ = write!(m, "\n{trailers}");
                }
                m
            };
            m.shrink_to_fit();
            m
        })
        .collect()
}

/// A valid rollout plan with `stages` stages and `services` services (each depending on
/// the one before), for validation benches.
pub fn big_plan(stages: usize, services: usize) -> String {
    let mut plan = String::from(
        "change: { type: feature, risk: medium }\ndeployment:\n  strategy: canary\n  stages:\n",
    );
    for i in 0..stages {
        let pct = if i + 1 == stages {
            100
        } else {
            1 + i * 98 / stages.max(1)
        };
        let _ = writeln!(
            plan,
            "    - {{ name: stage-{i}, percentage: {pct}, duration: 30m, auto-advance: true, metrics: [\"error-rate < 0.5%\", \"latency-p99 < 300ms\"] }}"
        );
    }
    plan.push_str("rollback:\n  triggers: { error-rate: \"> 5%\", latency-p99: \"> 1000ms\" }\n  grace-period: 5m\nservices:\n");
    for i in 0..services {
        if i == 0 {
            let _ = writeln!(plan, "  - {{ name: svc-{i}, health-check: /health }}");
        } else {
            let _ = writeln!(
                plan,
                "  - {{ name: svc-{i}, depends-on: [svc-{}], health-check: /health }}",
                i - 1
            );
        }
    }
    plan
}

/// A valid rollout plan with `stages` short stages (percentages rising to 100, a minute
/// each) and `services` services, small enough per stage that 10,000 stages fit in the
/// 1 MiB a plan may have.
pub fn compact_plan(stages: usize, services: usize) -> String {
    let mut plan = String::from("deployment:\n  strategy: canary\n  stages:\n");
    for i in 0..stages {
        let pct = if i + 1 == stages {
            100
        } else {
            1 + i * 98 / stages.max(1)
        };
        let _ = writeln!(
            plan,
            "    - {{ name: s{i}, percentage: {pct}, duration: 1m }}"
        );
    }
    plan.push_str(
        "rollback:\n  triggers: { error-rate: \"> 5%\" }\n  grace-period: 30s\nservices:\n",
    );
    for i in 0..services {
        let _ = writeln!(plan, "  - {{ name: svc-{i}, health-check: /health }}");
    }
    plan
}

/// The metrics of [`day_plan`] and [`day_timeline_csv`].
pub const DAY_METRICS: [&str; 4] = ["error-rate", "latency-p99", "availability", "cpu"];

/// A rollout plan of 24 hours in six stages, each gated on the four [`DAY_METRICS`], with
/// a rollback trigger on each, for simulation benches.
pub fn day_plan() -> String {
    let mut plan = String::from("deployment:\n  strategy: canary\n  stages:\n");
    let gates =
        r#"["error-rate < 1%", "latency-p99 < 400ms", "availability > 99.5%", "cpu < 90%"]"#;
    for (i, pct) in [5, 10, 25, 50, 75, 100].iter().enumerate() {
        let _ = writeln!(
            plan,
            "    - {{ name: stage-{i}, percentage: {pct}, duration: 4h, auto-advance: true, metrics: {gates} }}"
        );
    }
    plan.push_str(
        "rollback:\n  triggers: { error-rate: \"> 5%\", latency-p99: \"> 1000ms\", availability: \"< 99%\", cpu: \"> 98%\" }\n  grace-period: 5m\n",
    );
    plan
}

/// A 24-hour timeline as CSV: one observation per second of each of the [`DAY_METRICS`]
/// (345,600 records), healthy values that pass every gate of [`day_plan`] and fire no
/// trigger, so a simulation reads all of it.
pub fn day_timeline_csv() -> String {
    let mut rng = Lcg::new(24);
    let mut out = String::from("at,metric,value\n");
    for t in 0..86_400u64 {
        for (m, metric) in DAY_METRICS.iter().enumerate() {
            let jitter = f64::from(u32::try_from(rng.below(1000)).unwrap_or(0)) / 1000.0;
            let value = match m {
                0 => 0.05 + jitter * 0.5,
                1 => 120.0 + jitter * 200.0,
                2 => 99.9 + jitter * 0.09,
                _ => 30.0 + jitter * 40.0,
            };
            let _ = writeln!(out, "{t},{metric},{value:.3}");
        }
    }
    out
}

/// A Keep a Changelog file with `releases` release headings (newest first: `0.N.0` down to
/// `0.1.0`), each with one entry, and a compare link definition for each at the bottom,
/// for changelog update benches.
pub fn big_changelog(releases: usize) -> String {
    let mut text = String::from("# Changelog\n\n## [Unreleased]\n\n");
    for i in (1..=releases).rev() {
        let _ = write!(
            text,
            "## [0.{i}.0] - 2020-01-01\n\n### Fixed\n\n- fix number {i}\n\n"
        );
    }
    let _ = writeln!(
        text,
        "[unreleased]: https://github.com/acme/api/compare/v0.{releases}.0...HEAD"
    );
    for i in (1..=releases).rev() {
        let _ = writeln!(
            text,
            "[0.{i}.0]: https://github.com/acme/api/compare/v0.{}.0...v0.{i}.0",
            i - 1
        );
    }
    text
}

/// Plans that push the parser's limits (each under the 1 MiB a plan may have): aliases
/// that would expand to 10^9 nodes, nesting 100,000 deep, 60,000 keys, and a 1 MiB
/// scalar. Each must be refused (or read) quickly, never expanded.
pub fn hostile_plans() -> Vec<(&'static str, String)> {
    let mut bomb = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 1..10 {
        let _ = writeln!(
            bomb,
            "a{i}: &a{i} [{}]",
            vec![format!("*a{}", i - 1); 10].join(", ")
        );
    }
    let mut keys = String::from("deployment:\n  strategy: canary\n  stages: []\nextra:\n");
    for i in 0..60_000 {
        let _ = writeln!(keys, "  k{i}: {i}");
    }
    vec![
        ("alias_bomb", bomb),
        ("nesting_100000", "[".repeat(100_000)),
        ("keys_60000", keys),
        (
            "scalar_1mib",
            format!("change: \"{}\"\n", "x".repeat(1024 * 1024 - 16)),
        ),
    ]
}
