//! Compares, in one run, parsing 100,000 realistic commit messages into relcore's full
//! model with parsing them with `git-conventional` alone (target: within 1.5x), and
//! reports messages per second for parsing, inference and rendering.
//!
//! `compare_commits --write-messages N FILE` writes N messages NUL-separated (as
//! `git log -z --format=%B` does) for the memory measurement in `benches/compare/commits.sh`.

// Timings and sizes become floats for printing; exactness does not matter there.
#![allow(clippy::cast_precision_loss)]

use std::hint::black_box;
use std::time::{Duration, Instant};

use relcore::bump::{Policy, next_version};
use relcore::changelog::{Config, Format, Release, render};
use relcore::commit::Commit;
use relcore::version::Version;

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

/// How many messages the throughput comparison parses.
const N: usize = 100_000;

fn main() -> std::io::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    if let [_, flag, n, file] = args.as_slice()
        && flag == "--write-messages"
    {
        let n: usize = n.parse().unwrap_or(1_000_000);
        let text = relcore_benches::messages(n).join("\0");
        return std::fs::write(file, text);
    }
    let messages = relcore_benches::messages(N);
    let bytes: usize = messages.iter().map(String::len).sum();
    let ours = || {
        messages
            .iter()
            .map(|m| Commit::parse(m))
            .filter(Commit::is_conventional)
            .count()
    };
    let theirs = || {
        messages
            .iter()
            .filter(|m| git_conventional::Commit::parse(m.trim_end()).is_ok())
            .count()
    };
    let (mut t_ours, mut t_theirs) = (Duration::MAX, Duration::MAX);
    for _ in 0..5 {
        t_ours = t_ours.min(best_of(2, ours));
        t_theirs = t_theirs.min(best_of(2, theirs));
    }
    let commits: Vec<Commit> = messages.iter().map(|m| Commit::parse(m)).collect();
    let policy = Policy::default();
    let current = Version::new(1, 4, 2);
    let t_infer = best_of(5, || {
        next_version(Some(&current), &commits, &policy).map(|d| d.next)
    });
    let t_render = best_of(5, || {
        let release = Release::from_commits(
            Version::new(1, 5, 0),
            Some(current.clone()),
            None,
            &commits,
            &Config::default(),
        );
        release
            .ok()
            .and_then(|r| render(&r, Format::KeepAChangelog).ok())
            .map(|t| t.len())
    });
    let rate = |d: Duration| N as f64 / d.as_secs_f64();
    let ratio = t_ours.as_secs_f64() / t_theirs.as_secs_f64();
    println!(
        "commit messages: {N} realistic messages, {:.1} MB, {} conventional",
        bytes as f64 / 1e6,
        ours()
    );
    println!(
        "  parse, relcore full model   {:>8.1} ms  {:>10.0} messages/s",
        t_ours.as_secs_f64() * 1e3,
        rate(t_ours)
    );
    println!(
        "  parse, git-conventional     {:>8.1} ms  {:>10.0} messages/s",
        t_theirs.as_secs_f64() * 1e3,
        rate(t_theirs)
    );
    println!(
        "  ratio {ratio:.2}x  target <= 1.50x  {}",
        if ratio <= 1.5 { "PASS" } else { "FAIL" }
    );
    println!(
        "  next_version over parsed    {:>8.1} ms  {:>10.0} messages/s",
        t_infer.as_secs_f64() * 1e3,
        rate(t_infer)
    );
    println!(
        "  changelog build + render    {:>8.1} ms  {:>10.0} messages/s",
        t_render.as_secs_f64() * 1e3,
        rate(t_render)
    );
    let end_to_end = t_ours + t_infer + t_render;
    println!(
        "  parse + infer + render      {:>8.1} ms  {:>10.0} messages/s",
        end_to_end.as_secs_f64() * 1e3,
        rate(end_to_end)
    );
    if ratio > 1.5 {
        std::process::exit(1);
    }
    Ok(())
}
