//! The one walk for many packages against one query per package: random histories with
//! merges of side branches, per-package tags (on the main line and on merged branches),
//! clock skew, and packages without any tag.

use git2::Oid;
use relcore_git::{CommitQuery, PackageRange};

use crate::util::TempRepo;

struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        usize::try_from(self.0 % n as u64).unwrap()
    }
}

const PACKAGES: [&str; 4] = ["packages/a", "packages/b", "packages/c", "tools"];

/// A history of commits touching one or two of the packages, side branches merged back,
/// and tags `a@1.N.0` etc. now and then. Returns the repository and the latest tag of
/// each package that has one, as chosen for the test (any reachable tag will do: the
/// walk takes the range's start as given).
fn monorepo(seed: u64) -> (TempRepo, Vec<Option<String>>) {
    let mut rng = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
    let mut t = TempRepo::new();
    let mut main = t.commit("chore: root", &[("README", "0")]);
    let mut tags: Vec<Option<String>> = vec![None; PACKAGES.len()];
    let mut clock = 1_700_000_000;
    for i in 0..60 {
        clock += 600;
        if seed.is_multiple_of(2) && rng.below(6) == 0 {
            t.set_clock(clock - i64::try_from(rng.below(7200)).unwrap());
        } else {
            t.set_clock(clock);
        }
        let first = PACKAGES[rng.below(PACKAGES.len())];
        let second = PACKAGES[rng.below(PACKAGES.len())];
        let files = [
            (format!("{first}/f{i}"), i.to_string()),
            (format!("{second}/g{i}"), i.to_string()),
        ];
        let files: Vec<(&str, &str)> = files
            .iter()
            .map(|(a, b)| (a.as_str(), b.as_str()))
            .collect();
        if rng.below(5) == 0 {
            let side = t.commit_with_parents(&format!("fix: side {i}"), &files, &[main], None);
            let other = t.commit_with_parents(
                &format!("feat: main {i}"),
                &[("README", &i.to_string())],
                &[main],
                Some("refs/heads/main"),
            );
            main = t.commit_with_parents(
                &format!("Merge side {i}"),
                &[],
                &[other, side],
                Some("refs/heads/main"),
            );
            if rng.below(3) == 0 {
                let p = rng.below(PACKAGES.len());
                let name = format!("p{p}@side{i}");
                t.lightweight_tag(&name, side);
                tags[p] = Some(name);
            }
        } else {
            main = t.commit_with_parents(
                &format!("feat: main {i}"),
                &files,
                &[main],
                Some("refs/heads/main"),
            );
        }
        if rng.below(7) == 0 {
            let p = rng.below(PACKAGES.len() - 1);
            let name = format!("p{p}@{i}");
            t.annotated_tag(&name, main);
            tags[p] = Some(name);
        }
    }
    t.repo.set_head("refs/heads/main").unwrap();
    (t, tags)
}

fn ids(commits: &[relcore_git::RepoCommit]) -> Vec<(String, Vec<String>)> {
    let mut out: Vec<(String, Vec<String>)> = commits
        .iter()
        .map(|c| (c.commit.id.clone().unwrap(), c.paths.clone()))
        .collect();
    out.sort();
    out
}

#[test]
fn one_walk_gives_each_package_what_its_own_query_gives() {
    for seed in 1..=16 {
        let (t, tags) = monorepo(seed);
        let repo = t.open();
        for first_parent in [false, true] {
            let query = CommitQuery {
                include_merges: true,
                first_parent,
                changed_paths: true,
                ..CommitQuery::default()
            };
            let mut ranges: Vec<PackageRange> = PACKAGES
                .iter()
                .zip(&tags)
                .map(|(path, tag)| PackageRange {
                    since: tag.clone(),
                    paths: vec![(*path).to_owned()],
                })
                .collect();
            // The root package: every commit since its tag.
            ranges.push(PackageRange {
                since: tags[0].clone(),
                paths: Vec::new(),
            });
            let mut got: Vec<Vec<relcore_git::RepoCommit>> = vec![Vec::new(); ranges.len()];
            let counts = repo
                .fold_packages(&ranges, &query, |i, c| got[i].push(c.clone()))
                .unwrap();
            for (i, range) in ranges.iter().enumerate() {
                let expected = repo
                    .commits(&CommitQuery {
                        since: range.since.clone(),
                        paths: range.paths.clone(),
                        ..query.clone()
                    })
                    .unwrap();
                assert_eq!(
                    ids(&got[i]),
                    ids(&expected),
                    "seed {seed}, first_parent {first_parent}, range {i} {range:?}"
                );
                assert_eq!(counts[i], expected.len());
            }
        }
    }
}

#[test]
fn commits_come_newest_first_and_each_is_read_once() {
    let mut t = TempRepo::new();
    let base = t.commit("feat(a): one", &[("a/x", "1")]);
    t.lightweight_tag("a@1.0.0", base);
    t.commit("feat(a): two", &[("a/x", "2"), ("b/x", "2")]);
    t.commit("fix(b): three", &[("b/x", "3")]);
    let repo = t.open();
    let ranges = [
        PackageRange {
            since: Some("a@1.0.0".into()),
            paths: vec!["a".into()],
        },
        PackageRange {
            since: None,
            paths: vec!["b/".into()],
        },
    ];
    let mut seen: Vec<(usize, String)> = Vec::new();
    repo.fold_packages(&ranges, &CommitQuery::default(), |i, c| {
        seen.push((i, c.commit.header.clone()));
    })
    .unwrap();
    assert_eq!(
        seen,
        [
            (1, "fix(b): three".to_owned()),
            (0, "feat(a): two".to_owned()),
            (1, "feat(a): two".to_owned()),
        ]
    );
    let unknown = repo
        .fold_packages(
            &[PackageRange {
                since: Some("nope@1".into()),
                paths: Vec::new(),
            }],
            &CommitQuery::default(),
            |_, _| {},
        )
        .unwrap_err();
    assert_eq!(unknown.kind().as_str(), "unknown_revision");
    let _: Oid = base;
}
