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
                let name = format!("p{p}@{i}.1.0");
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
            let name = format!("p{p}@{i}.0.0");
            t.annotated_tag(&name, main);
            tags[p] = Some(name);
        }
        if rng.below(9) == 0 {
            // A higher pre-release on a branch never merged: no package's latest.
            let lost = t.commit_with_parents(&format!("feat: lost {i}"), &[], &[main], None);
            t.lightweight_tag(
                &format!("p{}@99.{i}.0-rc.1", rng.below(PACKAGES.len())),
                lost,
            );
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
    for seed in 1..=12 {
        let (t, tags) = monorepo(seed);
        let repo = t.open();
        for (first_parent, changed_paths) in [(false, true), (true, true), (false, false)] {
            let query = CommitQuery {
                include_merges: true,
                first_parent,
                changed_paths,
                ..CommitQuery::default()
            };
            let mut ranges: Vec<PackageRange> = package_ranges(&tags);
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
                    "seed {seed}, first_parent {first_parent}, changed_paths {changed_paths}, range {i} {range:?}"
                );
                assert_eq!(counts[i], expected.len());
            }
        }
    }
}

#[test]
fn comparing_ahead_changes_no_answer() {
    for seed in 1..=8 {
        let (t, tags) = monorepo(seed);
        let ranges: Vec<PackageRange> = package_ranges(&tags);
        for (first_parent, changed_paths) in [(false, true), (true, true), (false, false)] {
            let query = CommitQuery {
                include_merges: true,
                first_parent,
                changed_paths,
                ..CommitQuery::default()
            };
            let fold = |repo: &relcore_git::Repository| {
                let mut got: Vec<Vec<relcore_git::RepoCommit>> = vec![Vec::new(); ranges.len()];
                let counts = repo
                    .fold_packages(&ranges, &query, |i, c| got[i].push(c.clone()))
                    .unwrap();
                (got, counts)
            };
            let plain = fold(&t.open());
            let repo = t.open();
            repo.compare_ahead();
            // Whether the thread got ahead or not, the answers are the same; give it time
            // to, now and then.
            if seed % 2 == 0 {
                std::thread::sleep(std::time::Duration::from_millis(50));
            }
            assert_eq!(fold(&repo), plain, "seed {seed}, {query:?}");
            // Taken by the first walk: the next one compares as usual.
            assert_eq!(fold(&repo), plain, "seed {seed}, again");
        }
        // Started and never asked: the repository closes all the same.
        t.open().compare_ahead();
    }
}

#[test]
fn latest_tags_of_many_packages_match_each_ones_own() {
    use relcore::version::TagFormat;
    for seed in 1..=16 {
        let (t, _) = monorepo(seed);
        let repo = t.open();
        let format = TagFormat::parse("{package}@{version}").unwrap();
        let mut specs: Vec<(TagFormat, Option<String>)> = (0..PACKAGES.len())
            .map(|p| (format.clone(), Some(format!("p{p}"))))
            .collect();
        // A package without tags, and every package's tags at once.
        specs.push((format.clone(), Some("none".to_owned())));
        specs.push((format.clone(), None));
        let many = repo.latest_tags(&specs).unwrap();
        for ((format, package), got) in specs.iter().zip(many) {
            let own = repo.latest_tag(format, package.as_deref()).unwrap();
            assert_eq!(got, own, "seed {seed}, package {package:?}");
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

/// The paths each commit changes, by libgit2's tree-to-tree diff (the oracle).
fn diffed(repo: &git2::Repository, id: Oid) -> Vec<String> {
    let commit = repo.find_commit(id).unwrap();
    let parent = commit.parent(0).ok().map(|p| p.tree().unwrap());
    let diff = repo
        .diff_tree_to_tree(parent.as_ref(), Some(&commit.tree().unwrap()), None)
        .unwrap();
    let mut paths: Vec<String> = diff
        .deltas()
        .flat_map(|d| [d.old_file().path(), d.new_file().path()])
        .flatten()
        .map(|p| p.to_str().unwrap().to_owned())
        .collect();
    paths.sort();
    paths.dedup();
    paths
}

#[test]
fn changed_paths_match_libgit2s_tree_diff() {
    let mut t = TempRepo::new();
    t.commit(
        "feat: root",
        &[("a/b/c.txt", "1"), ("a/d.txt", "1"), ("e", "1")],
    );
    t.commit("fix: nested", &[("a/b/c.txt", "2"), ("a/b/new.txt", "1")]);
    // A file where a directory was (and the other way round), a mode change.
    {
        let head = t.repo.head().unwrap().peel_to_commit().unwrap();
        let mut index = t.repo.index().unwrap();
        index.read_tree(&head.tree().unwrap()).unwrap();
        index.remove_dir(std::path::Path::new("a/b"), 0).unwrap();
        std::fs::remove_dir_all(t.dir.join("a/b")).unwrap();
        std::fs::write(t.dir.join("a/b"), "now a file").unwrap();
        index.add_path(std::path::Path::new("a/b")).unwrap();
        let mut entry = index.get_path(std::path::Path::new("e"), 0).unwrap();
        entry.mode = 0o100_755;
        index.add(&entry).unwrap();
        let tree = t.repo.find_tree(index.write_tree().unwrap()).unwrap();
        let sig = git2::Signature::now("Ann", "ann@example.com").unwrap();
        t.repo
            .commit(
                Some("HEAD"),
                &sig,
                &sig,
                "refactor: shapes",
                &tree,
                &[&head],
            )
            .unwrap();
    }
    t.commit("fix: back", &[("a/b2/x", "1")]);
    let repo = t.open();
    let commits = repo
        .commits(&CommitQuery {
            changed_paths: true,
            include_merges: true,
            ..CommitQuery::default()
        })
        .unwrap();
    assert_eq!(commits.len(), 4);
    for c in &commits {
        let id = Oid::from_str(c.commit.id.as_deref().unwrap()).unwrap();
        assert_eq!(c.paths, diffed(&t.repo, id), "{}", c.commit.header);
    }
    // And on the random monorepos, merges included.
    for seed in 1..=4 {
        let (t, _) = monorepo(seed);
        let repo = t.open();
        for c in repo
            .commits(&CommitQuery {
                changed_paths: true,
                include_merges: true,
                ..CommitQuery::default()
            })
            .unwrap()
        {
            let id = Oid::from_str(c.commit.id.as_deref().unwrap()).unwrap();
            assert_eq!(c.paths, diffed(&t.repo, id), "seed {seed}");
        }
    }
}

/// One range per package of [`PACKAGES`], since its tag.
fn package_ranges(tags: &[Option<String>]) -> Vec<PackageRange> {
    PACKAGES
        .iter()
        .zip(tags)
        .map(|(path, tag)| PackageRange {
            since: tag.clone(),
            paths: vec![(*path).to_owned()],
        })
        .collect()
}
