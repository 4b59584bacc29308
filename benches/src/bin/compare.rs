//! Compares, in one run, relcore's parse with the `semver` crate's on the same 10,000
//! realistic versions (best of several rounds), and prints the ratio against the target
//! (relcore within 1.2x of semver). Run in release: `cargo run -p relcore-benches --release
//! --bin compare`.

use std::hint::black_box;
use std::time::{Duration, Instant};

fn best_of<T>(rounds: usize, mut f: impl FnMut() -> T) -> Duration {
    (0..rounds)
        .map(|_| {
            let start = Instant::now();
            black_box(f());
            start.elapsed()
        })
        .min()
        .unwrap_or_default()
}

fn main() {
    let inputs = relcore_benches::versions(10_000);
    let parse_relcore = || {
        inputs
            .iter()
            .filter(|s| relcore::version::Version::parse(black_box(s)).is_ok())
            .count()
    };
    let parse_semver = || {
        inputs
            .iter()
            .filter(|s| semver::Version::parse(black_box(s)).is_ok())
            .count()
    };
    assert_eq!(parse_relcore(), inputs.len());
    assert_eq!(parse_semver(), inputs.len());
    // Interleave the two so that machine noise hits both alike.
    let (mut ours, mut theirs) = (Duration::MAX, Duration::MAX);
    for _ in 0..30 {
        ours = ours.min(best_of(5, parse_relcore));
        theirs = theirs.min(best_of(5, parse_semver));
    }
    let per = |d: Duration| d.as_secs_f64() * 1e9 / 10_000.0;
    let ratio = ours.as_secs_f64() / theirs.as_secs_f64();
    println!("rust parse, 10,000 versions (best of 150):");
    println!("  relcore  {:>8.1} ns/version", per(ours));
    println!("  semver   {:>8.1} ns/version", per(theirs));
    println!(
        "  ratio    {ratio:.2}x  target <= 1.20x  {}",
        if ratio <= 1.2 { "PASS" } else { "FAIL" }
    );
}
