//! `changelog/update/*`: inserting a release into changelogs of 10,000 and 40,000 release
//! headings: at the top, in version order at the bottom, and replacing a section in the
//! middle. The cost must grow with the file's size, not with its headings squared: the
//! 40,000 case takes about four times the 10,000 one.

use std::hint::black_box;

use criterion::{Criterion, Throughput};
use relcore::changelog::{Config, Release, UpdateOptions, insert};
use relcore::commit::Commit;
use relcore::version::Version;

fn release(version: Version) -> Release {
    let config = Config {
        repository_url: Some("https://github.com/acme/api".into()),
        ..Config::default()
    };
    Release::from_commits(
        version,
        None,
        None,
        &[Commit::parse("fix: handle empty input")],
        &config,
    )
    .expect("a release")
}

pub(crate) fn define(c: &mut Criterion) {
    let mut g = c.benchmark_group("changelog/update");
    g.sample_size(10);
    for headings in [10_000, 40_000] {
        let text = relcore_benches::big_changelog(headings);
        g.throughput(Throughput::Bytes(text.len() as u64));
        let newest = release(Version::new(1, 0, 0));
        g.bench_function(format!("newest/{headings}_headings"), |b| {
            b.iter(|| {
                insert(black_box(&text), &newest, None, &UpdateOptions::default())
                    .expect("inserts")
                    .len()
            })
        });
        // Below every release in the file (0.0.5 < 0.1.0): the whole file is passed.
        let oldest = release(Version::new(0, 0, 5));
        let in_order = UpdateOptions {
            in_version_order: true,
            ..UpdateOptions::default()
        };
        g.bench_function(format!("in_version_order/{headings}_headings"), |b| {
            b.iter(|| {
                insert(black_box(&text), &oldest, None, &in_order)
                    .expect("inserts")
                    .len()
            })
        });
        let middle = release(Version::new(0, headings as u64 / 2, 0));
        let replace = UpdateOptions {
            replace: true,
            ..UpdateOptions::default()
        };
        g.bench_function(format!("replace_middle/{headings}_headings"), |b| {
            b.iter(|| {
                insert(black_box(&text), &middle, None, &replace)
                    .expect("replaces")
                    .len()
            })
        });
    }
    g.finish();
}
