//! `commit/*`: parsing 100,000 realistic messages with relcore and with git-conventional
//! alone, then inference and rendering over them.

use std::hint::black_box;

use criterion::Criterion;
use relcore::bump::{Policy, next_version};
use relcore::changelog::{Config, Format, Release, render};
use relcore::commit::Commit;
use relcore::version::Version;

pub(crate) fn define(c: &mut Criterion) {
    let messages = relcore_benches::messages(100_000);
    let mut g = c.benchmark_group("commit/parse");
    g.sample_size(10);
    g.bench_function("relcore", |b| {
        b.iter(|| {
            black_box(&messages)
                .iter()
                .map(|m| Commit::parse(m))
                .filter(Commit::is_conventional)
                .count()
        })
    });
    g.bench_function("git-conventional", |b| {
        b.iter(|| {
            black_box(&messages)
                .iter()
                .filter(|m| git_conventional::Commit::parse(m.trim_end()).is_ok())
                .count()
        })
    });
    g.finish();

    let commits: Vec<Commit> = messages.iter().map(|m| Commit::parse(m)).collect();
    let policy = Policy::default();
    let current = Version::new(1, 4, 2);
    let mut g = c.benchmark_group("commit/release");
    g.sample_size(10);
    g.bench_function("next_version", |b| {
        b.iter(|| {
            next_version(Some(&current), black_box(&commits), &policy)
                .unwrap()
                .next
        })
    });
    g.bench_function("changelog", |b| {
        b.iter(|| {
            let release = Release::from_commits(
                Version::new(1, 5, 0),
                Some(current.clone()),
                None,
                black_box(&commits),
                &Config::default(),
            )
            .unwrap();
            render(&release, Format::KeepAChangelog).unwrap().len()
        })
    });
    g.finish();
}
