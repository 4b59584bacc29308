//! The one-walk tag resolution and release ranges, against brute force on histories with
//! merges, branches that are never merged, pre-releases and maintenance lines; clock
//! skew; shallow clones.

use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;

use git2::Oid;
use relcore::version::{TagFormat, Version};
use relcore_git::{CommitQuery, GitErrorKind};

use crate::util::TempRepo;

/// A small deterministic generator (xorshift), so every history is the same on every run.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        usize::try_from(self.0 % n as u64).unwrap()
    }
}

/// A random history: a main line with merges of short side branches, branches left
/// unmerged, and tags (stable and pre-release, on main, on side and unmerged branches) in
/// no particular version order. Returns the repository and every tag with its commit.
fn random_history(seed: u64) -> (TempRepo, Vec<(String, Oid)>) {
    random_history_spaced(seed, 600)
}

/// [`random_history`] with `spacing` seconds between the main line's steps.
fn random_history_spaced(seed: u64, spacing: i64) -> (TempRepo, Vec<(String, Oid)>) {
    random_history_of(seed, spacing, 40)
}

/// [`random_history_spaced`] of `steps` steps.
fn random_history_of(seed: u64, spacing: i64, steps: i64) -> (TempRepo, Vec<(String, Oid)>) {
    let mut rng = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
    let mut t = TempRepo::new();
    let mut main = t.commit("feat: root", &[("f", "0")]);
    let mut all = vec![main];
    let mut tags = Vec::new();
    let tag_on = |t: &mut TempRepo, rng: &mut Rng, tags: &mut Vec<(String, Oid)>, at: Oid| {
        let (major, minor, patch) = (rng.below(4), rng.below(6), rng.below(3));
        let name = match rng.below(4) {
            0 => format!("v{major}.{minor}.{patch}-rc.{}", rng.below(3)),
            _ => format!("v{major}.{minor}.{patch}"),
        };
        if tags.iter().all(|(n, _)| *n != name) {
            if rng.below(2) == 0 {
                t.lightweight_tag(&name, at);
            } else {
                t.annotated_tag(&name, at);
            }
            tags.push((name, at));
        }
    };
    let mut clock = 1_700_000_000;
    for i in 0..steps {
        // Now and then a clock that runs behind (skew of up to two hours): the walks must
        // not depend on commit times being in order.
        clock += spacing;
        if seed.is_multiple_of(2) && rng.below(8) == 0 {
            t.set_clock(clock - i64::try_from(rng.below(7200)).unwrap());
        } else {
            t.set_clock(clock);
        }
        match rng.below(6) {
            0 => {
                // A side branch, merged back.
                let base = all[rng.below(all.len())];
                let mut side = base;
                for j in 0..=rng.below(3) {
                    side = t.commit_with_parents(
                        &format!("fix: side {i}.{j}"),
                        &[("s", &format!("{i}{j}"))],
                        &[side],
                        None,
                    );
                    all.push(side);
                    if rng.below(5) == 0 {
                        tag_on(&mut t, &mut rng, &mut tags, side);
                    }
                }
                main = t.commit_with_parents(
                    &format!("Merge side {i}"),
                    &[],
                    &[main, side],
                    Some("refs/heads/main"),
                );
            }
            1 => {
                // A branch never merged, with a tag on it.
                let base = all[rng.below(all.len())];
                let lost = t.commit_with_parents(
                    &format!("feat: lost {i}"),
                    &[("l", &i.to_string())],
                    &[base],
                    None,
                );
                tag_on(&mut t, &mut rng, &mut tags, lost);
            }
            _ => {
                main = t.commit_with_parents(
                    &format!("feat: main {i}"),
                    &[("m", &i.to_string())],
                    &[main],
                    Some("refs/heads/main"),
                );
            }
        }
        all.push(main);
        if rng.below(4) == 0 {
            tag_on(&mut t, &mut rng, &mut tags, main);
        }
    }
    t.repo.set_head("refs/heads/main").unwrap();
    (t, tags)
}

/// `commit` is `ancestor` or one of its descendants (libgit2's own reachability query).
fn contains(repo: &git2::Repository, commit: Oid, ancestor: Oid) -> bool {
    commit == ancestor || repo.graph_descendant_of(commit, ancestor).unwrap()
}

/// Every commit `tip` contains, by a plain revwalk.
fn ancestors(repo: &git2::Repository, tip: Oid) -> HashSet<Oid> {
    let mut walk = repo.revwalk().unwrap();
    walk.push(tip).unwrap();
    walk.map(Result::unwrap).collect()
}

/// The tags `tip` contains, highest version first (ties by name).
fn reachable_from<'t>(
    repo: &git2::Repository,
    tip: Oid,
    tags: &'t [(String, Oid)],
) -> Vec<&'t (String, Oid)> {
    let mut reachable: Vec<&(String, Oid)> = tags
        .iter()
        .filter(|(_, c)| contains(repo, tip, *c))
        .collect();
    reachable.sort_by(|a, b| {
        version(&b.0)
            .cmp(&version(&a.0))
            .then_with(|| a.0.cmp(&b.0))
    });
    reachable
}

fn version(name: &str) -> Version {
    Version::parse(name.trim_start_matches('v')).unwrap()
}

#[test]
fn latest_and_reachable_tags_match_brute_force() {
    // Steps minutes apart (every tag within a day of every other: walks back from the
    // candidates or to the end decide) and hours apart (commit times decide).
    for (seed, spacing) in (1..=40)
        .map(|s| (s, 600))
        .chain((1..=20).map(|s| (s, 20_000)))
    {
        let (t, tags) = random_history_spaced(seed, spacing);
        let head = t.repo.head().unwrap().target().unwrap();
        let reachable = reachable_from(&t.repo, head, &tags);
        let repo = t.open();
        let got: Vec<String> = repo
            .release_tags(&TagFormat::default(), None)
            .unwrap()
            .into_iter()
            .map(|t| t.name)
            .collect();
        let want: Vec<String> = reachable.iter().map(|(n, _)| n.clone()).collect();
        assert_eq!(got, want, "seed {seed}");
        let latest = repo.latest_tag(&TagFormat::default(), None).unwrap();
        assert_eq!(latest.map(|t| t.name), want.first().cloned(), "seed {seed}");
        let stable = repo.latest_stable_tag(&TagFormat::default(), None).unwrap();
        let want_stable = reachable.iter().find(|(n, _)| !version(n).is_prerelease());
        assert_eq!(
            stable.map(|t| t.name),
            want_stable.map(|(n, _)| n.clone()),
            "seed {seed}"
        );
        // The fold since the latest tag reads exactly `git log <tag>..HEAD`.
        let (tag, ids, _) = repo
            .fold_commits_since_latest_tag(
                &TagFormat::default(),
                None,
                &CommitQuery {
                    include_merges: true,
                    ..CommitQuery::default()
                },
                Vec::new,
                |ids: &mut Vec<String>, c| ids.push(c.commit.id.unwrap()),
            )
            .unwrap();
        let walked = repo
            .commits(&CommitQuery {
                since: tag.map(|t| t.name),
                include_merges: true,
                ..CommitQuery::default()
            })
            .unwrap();
        let want_ids: Vec<String> = walked.into_iter().map(|c| c.commit.id.unwrap()).collect();
        assert_eq!(ids, want_ids, "seed {seed}");
    }
}

/// Each commit goes to the release of the lowest version whose tag contains it (among
/// stable tags too, when pre-releases are folded); the rest are unreleased.
#[test]
fn release_ranges_match_brute_force() {
    for seed in 1..=40 {
        let (t, tags) = random_history(seed);
        let head = t.repo.head().unwrap().target().unwrap();
        let reachable: Vec<&(String, Oid)> = tags
            .iter()
            .filter(|(_, c)| contains(&t.repo, head, *c))
            .collect();
        let mut walk = t.repo.revwalk().unwrap();
        walk.push(head).unwrap();
        let commits: Vec<Oid> = walk.map(Result::unwrap).collect();
        let contained: HashMap<Oid, HashSet<Oid>> = reachable
            .iter()
            .map(|(_, tagged)| (*tagged, ancestors(&t.repo, *tagged)))
            .collect();
        for fold in [false, true] {
            let mut want: HashMap<String, HashSet<String>> = HashMap::new();
            let mut want_unreleased = HashSet::new();
            for &c in &commits {
                let lowest = |stable_only: bool| {
                    reachable
                        .iter()
                        .filter(|(n, _)| !stable_only || !version(n).is_prerelease())
                        .filter(|(_, tagged)| contained[tagged].contains(&c))
                        .min_by(|a, b| version(&a.0).cmp(&version(&b.0)))
                        .map(|(n, _)| n.clone())
                };
                let any = lowest(false);
                let Some(any) = any else {
                    want_unreleased.insert(c.to_string());
                    continue;
                };
                want.entry(any.clone()).or_default().insert(c.to_string());
                if fold && let Some(stable) = lowest(true) {
                    want.entry(stable).or_default().insert(c.to_string());
                }
            }
            let repo = t.open();
            let got = repo
                .fold_releases(
                    &TagFormat::default(),
                    None,
                    &CommitQuery {
                        include_merges: true,
                        ..CommitQuery::default()
                    },
                    fold,
                    HashSet::new,
                    |set: &mut HashSet<String>, c| {
                        set.insert(c.commit.id.clone().unwrap());
                    },
                )
                .unwrap();
            assert_eq!(got.unreleased, want_unreleased, "seed {seed} fold {fold}");
            assert_eq!(got.releases.len(), reachable.len(), "seed {seed}");
            for release in &got.releases {
                let want = want.remove(&release.tag.name).unwrap_or_default();
                assert_eq!(
                    release.state, want,
                    "seed {seed} fold {fold} {}",
                    release.tag.name
                );
            }
            // Newest first, and each release's previous is the next lower one listed.
            for pair in got.releases.windows(2) {
                assert!(pair[0].tag.version > pair[1].tag.version);
            }
        }
    }
}

/// A stable release after release candidates lists the whole cycle when folded, even
/// when it is tagged on the same commit as its last candidate; each candidate keeps its
/// own range, and the commits after the last tag are unreleased.
#[test]
fn stable_release_folds_its_release_candidates() {
    let mut t = TempRepo::new();
    let c1 = t.commit("feat: base", &[("a", "1")]);
    t.annotated_tag("v1.1.0", c1);
    let c2 = t.commit("feat: search", &[("a", "2")]);
    t.annotated_tag("v1.2.0-rc.1", c2);
    let c3 = t.commit("fix: search crash", &[("a", "3")]);
    t.annotated_tag("v1.2.0-rc.2", c3);
    t.annotated_tag("v1.2.0", c3);
    t.commit("fix: after", &[("a", "4")]);
    let repo = t.open();
    let headers = |fold| {
        let got = repo
            .fold_releases(
                &TagFormat::default(),
                None,
                &CommitQuery::default(),
                fold,
                Vec::new,
                |v: &mut Vec<String>, c| v.push(c.commit.header.clone()),
            )
            .unwrap();
        let mut out: Vec<(String, Option<String>, Vec<String>)> = got
            .releases
            .into_iter()
            .map(|r| (r.tag.name, r.previous.map(|p| p.name), r.state))
            .collect();
        out.push(("unreleased".into(), None, got.unreleased));
        out
    };
    let s = |v: &[&str]| v.iter().map(|x| (*x).to_owned()).collect::<Vec<_>>();
    assert_eq!(
        headers(true),
        vec![
            (
                "v1.2.0".into(),
                Some("v1.1.0".into()),
                s(&["fix: search crash", "feat: search"])
            ),
            (
                "v1.2.0-rc.2".into(),
                Some("v1.2.0-rc.1".into()),
                s(&["fix: search crash"])
            ),
            (
                "v1.2.0-rc.1".into(),
                Some("v1.1.0".into()),
                s(&["feat: search"])
            ),
            ("v1.1.0".into(), None, s(&["feat: base"])),
            ("unreleased".into(), None, s(&["fix: after"])),
        ]
    );
    let separate = headers(false);
    assert_eq!(
        separate[0],
        ("v1.2.0".into(), Some("v1.2.0-rc.2".into()), vec![])
    );
}

/// A maintenance branch on top of an old release: its latest tag is its own patch
/// release, though newer releases (and higher pre-releases) exist on main.
#[test]
fn maintenance_branch_latest_tag() {
    let mut t = TempRepo::new();
    let base = t.commit("feat: one", &[("a", "1")]);
    t.annotated_tag("v1.0.0", base);
    let mut main = base;
    for i in 0..5 {
        main = t.commit(&format!("feat: main {i}"), &[("a", &i.to_string())]);
        t.lightweight_tag(&format!("v1.{}.0", i + 1), main);
    }
    t.lightweight_tag("v2.0.0-rc.1", main);
    let fix = t.commit_with_parents(
        "fix: backport",
        &[("b", "1")],
        &[base],
        Some("refs/heads/maint"),
    );
    t.lightweight_tag("v1.0.1", fix);
    t.commit_with_parents(
        "fix: another backport",
        &[("b", "2")],
        &[fix],
        Some("refs/heads/maint"),
    );
    t.repo.set_head("refs/heads/maint").unwrap();
    let repo = t.open();
    let latest = repo
        .latest_tag(&TagFormat::default(), None)
        .unwrap()
        .unwrap();
    assert_eq!(latest.name, "v1.0.1");
    let (tag, headers, count) = repo
        .fold_commits_since_latest_tag(
            &TagFormat::default(),
            None,
            &CommitQuery::default(),
            Vec::new,
            |v: &mut Vec<String>, c| {
                v.push(c.commit.header);
            },
        )
        .unwrap();
    assert_eq!((tag.unwrap().name.as_str(), count), ("v1.0.1", 1));
    assert_eq!(headers, ["fix: another backport"]);
}

/// A parent dated after its child (clock skew) within a day is still walked before the
/// walk decides that a higher tag cannot be reached: here the walk meets `v1.0.0` first,
/// and `v2.0.0` lies under a commit dated twelve hours before it.
#[test]
fn clock_skew_within_a_day() {
    let mut t = TempRepo::new();
    let root = t.commit("feat: root", &[("a", "0")]);
    let base = 1_800_000_000;
    t.set_clock(base + 43_200);
    let high = t.commit_with_parents("feat: two", &[("a", "2")], &[root], None);
    t.lightweight_tag("v2.0.0", high);
    t.set_clock(base);
    let skewed = t.commit_with_parents("fix: skewed clock", &[("a", "3")], &[high], None);
    t.set_clock(base + 100_000);
    let low = t.commit_with_parents("feat: one", &[("b", "1")], &[root], None);
    t.lightweight_tag("v1.0.0", low);
    t.commit_with_parents("Merge", &[], &[low, skewed], Some("refs/heads/merged"));
    t.repo.set_head("refs/heads/merged").unwrap();
    let repo = t.open();
    assert_eq!(
        repo.latest_tag(&TagFormat::default(), None)
            .unwrap()
            .unwrap()
            .name,
        "v2.0.0"
    );
    let (tag, count) = fold_count(&repo).unwrap();
    assert_eq!((tag.as_deref(), count), (Some("v2.0.0"), 2));
}

/// A commit dated three days before its parent hides `v2.0.0` from a walk that goes by
/// the clock alone (the limit docs/guarantees.md names). With a commit-graph, the
/// generations decide instead, wherever the walk meets the lower tag: on HEAD's single
/// line, or after a merge.
#[test]
fn clock_skew_beyond_a_day_with_a_commit_graph() {
    for merged in [false, true] {
        let mut t = TempRepo::new();
        let root = t.commit("feat: root", &[("a", "0")]);
        let base = 1_800_000_000;
        t.set_clock(base + 3 * 86_400);
        let high = t.commit_with_parents("feat: two", &[("a", "2")], &[root], None);
        t.lightweight_tag("v2.0.0", high);
        t.set_clock(base);
        let skewed = t.commit_with_parents("fix: skewed clock", &[("a", "3")], &[high], None);
        let (low, mut head) = if merged {
            let low = t.commit_with_parents("feat: one", &[("b", "1")], &[root], None);
            (
                low,
                t.commit_with_parents("Merge", &[], &[low, skewed], None),
            )
        } else {
            let low = t.commit_with_parents("feat: one", &[("b", "1")], &[skewed], None);
            (low, low)
        };
        t.lightweight_tag("v1.0.0", low);
        // Enough commits above for the walk to open the commit-graph.
        for i in 0..80 {
            head = t.commit_with_parents(
                &format!("fix: {i}"),
                &[("c", &i.to_string())],
                &[head],
                None,
            );
        }
        t.repo
            .reference("refs/heads/main", head, true, "test")
            .unwrap();
        t.repo.set_head("refs/heads/main").unwrap();
        write_graph(&t, &[]);
        let repo = t.open();
        let latest = repo.latest_tag(&TagFormat::default(), None).unwrap();
        assert_eq!(latest.unwrap().name, "v2.0.0", "merged: {merged}");
        let (tag, count) = fold_count(&repo).unwrap();
        // The 80 fixes, `feat: one` and the skewed commit (not the merge).
        assert_eq!(
            (tag.as_deref(), count),
            (Some("v2.0.0"), 82),
            "merged: {merged}"
        );
    }
}

/// `git clone --depth N file://…` of a built repository: a cut that hides every release
/// tag is an error that says what to do, never an initial version; a cut below the tag
/// is fine.
#[test]
fn shallow_clones() {
    let mut t = TempRepo::new();
    let c1 = t.commit("feat: one", &[("a", "1")]);
    t.annotated_tag("v1.0.0", c1);
    for i in 0..5 {
        t.commit(&format!("fix: {i}"), &[("a", &i.to_string())]);
    }
    let clone = |depth: usize| {
        let dir = t.dir.with_extension(format!("shallow{depth}"));
        let _ = std::fs::remove_dir_all(&dir);
        let url = format!("file://{}", t.dir.display());
        let status = std::process::Command::new("git")
            .args(["clone", "-q", "--depth", &depth.to_string(), &url])
            .arg(&dir)
            .status()
            .expect("git runs");
        assert!(status.success());
        dir
    };
    let shallow = clone(2);
    let repo = relcore_git::Repository::open(&shallow).unwrap();
    assert!(repo.is_shallow());
    let err = repo.latest_tag(&TagFormat::default(), None).unwrap_err();
    assert_eq!(err.kind(), GitErrorKind::ShallowHistory);
    assert!(
        err.to_string().contains("git fetch --unshallow --tags"),
        "{err}"
    );
    let err = fold_count(&repo).unwrap_err();
    assert_eq!(err.kind(), GitErrorKind::ShallowHistory);
    let err = repo
        .fold_releases(
            &TagFormat::default(),
            None,
            &CommitQuery::default(),
            true,
            || 0,
            |n: &mut i32, _| *n += 1,
        )
        .unwrap_err();
    assert_eq!(err.kind(), GitErrorKind::ShallowHistory);
    std::fs::remove_dir_all(&shallow).unwrap();

    // Deep enough to hold the tag (fetched with it): the release is found.
    let deep = clone(6);
    let repo = relcore_git::Repository::open(&deep).unwrap();
    let (tag, count) = fold_count(&repo).unwrap();
    assert_eq!((tag.as_deref(), count), (Some("v1.0.0"), 5));
    std::fs::remove_dir_all(&deep).unwrap();
}

/// What the tag walks find in `repo`: every reachable tag, the latest and the latest
/// stable one, the commits since the latest, and every release's commits.
fn tag_facts(repo: &relcore_git::Repository) -> Vec<String> {
    let format = TagFormat::default();
    let mut facts: Vec<String> = repo
        .release_tags(&format, None)
        .unwrap()
        .into_iter()
        .map(|t| format!("{} {} {}", t.name, t.commit, t.time))
        .collect();
    facts.push(format!("{:?}", repo.latest_tag(&format, None).unwrap()));
    facts.push(format!(
        "{:?}",
        repo.latest_stable_tag(&format, None).unwrap()
    ));
    let (tag, ids, count) = repo
        .fold_commits_since_latest_tag(
            &format,
            None,
            &CommitQuery {
                include_merges: true,
                ..CommitQuery::default()
            },
            Vec::new,
            |ids: &mut Vec<String>, c| ids.push(c.commit.id.unwrap()),
        )
        .unwrap();
    facts.push(format!("{tag:?} {ids:?} {count}"));
    let releases = repo
        .fold_releases(
            &format,
            None,
            &CommitQuery::default(),
            true,
            Vec::new,
            |v: &mut Vec<String>, c| v.push(c.commit.id.clone().unwrap()),
        )
        .unwrap();
    facts.push(format!("{releases:?}"));
    facts.push(format!(
        "{:?}",
        repo.all_release_tags(&format, None).unwrap()
    ));
    facts
}

/// Rewrites the repository's tag refs as `git pack-refs --all` does: one `packed-refs`
/// file, sorted, each annotated tag followed by its peeled id (when `fully_peeled`, the
/// header says every tag object has one), and no loose tag refs.
fn pack_tags(t: &TempRepo, fully_peeled: bool) {
    let mut lines = Vec::new();
    for reference in t.repo.references_glob("refs/tags/*").unwrap() {
        let reference = reference.unwrap();
        let name = reference.name().unwrap().to_owned();
        let target = reference.target().unwrap();
        let object = t.repo.find_object(target, None).unwrap();
        let peeled = object.as_tag().map(|tag| tag.target().unwrap().id());
        lines.push((name, target, peeled));
    }
    lines.sort();
    let header = if fully_peeled {
        "# pack-refs with: peeled fully-peeled sorted \n"
    } else {
        "# pack-refs with: peeled \n"
    };
    let mut text = header.to_owned();
    for (name, target, peeled) in &lines {
        writeln!(text, "{target} {name}").unwrap();
        if let Some(peeled) = peeled {
            writeln!(text, "^{peeled}").unwrap();
        }
    }
    std::fs::write(t.repo.path().join("packed-refs"), text).unwrap();
    let _ = std::fs::remove_dir_all(t.repo.path().join("refs/tags"));
}

/// Tags read from packed-refs (with or without its `fully-peeled` promise, as a clone
/// has them) give exactly what loose tags give, on random histories whose steps are
/// minutes apart (every candidate within a day: walks from the candidates decide) or
/// hours apart (the commit times decide); tags on trees and blobs, lightweight and
/// annotated, are never release tags.
#[test]
fn packed_tags_give_what_loose_tags_give() {
    for (seed, spacing) in (1..=24).flat_map(|s| [(s, 600), (s, 20_000)]) {
        let (mut t, _) = random_history_spaced(seed, spacing);
        let head = t.repo.head().unwrap().target().unwrap();
        let tree = t.repo.find_commit(head).unwrap().tree_id();
        let blob = t.repo.blob(b"not a commit").unwrap();
        t.lightweight_tag("v9.0.0", tree);
        t.annotated_tag("v9.1.0", blob);
        t.lightweight_tag("v9.2.0-rc.1", blob);
        let loose = tag_facts(&t.open());
        assert!(
            !loose.iter().any(|f| f.contains("v9.")),
            "seed {seed}: {loose:?}"
        );
        for fully_peeled in [true, false] {
            pack_tags(&t, fully_peeled);
            let packed = tag_facts(&t.open());
            for (i, (got, want)) in packed.iter().zip(&loose).enumerate() {
                assert_eq!(
                    got, want,
                    "seed {seed} spacing {spacing} fully-peeled {fully_peeled}: fact {i}"
                );
            }
            assert_eq!(packed.len(), loose.len(), "seed {seed}");
        }
    }
}

/// A loose tag ref that moved since refs were packed wins over its packed line (as in
/// git), whichever kind of object either names.
#[test]
fn loose_tag_overrides_its_packed_line() {
    let mut t = TempRepo::new();
    let one = t.commit("feat: one", &[("a", "1")]);
    let two = t.commit("feat: two", &[("a", "2")]);
    t.lightweight_tag("v1.0.0", one);
    t.lightweight_tag("v2.0.0", two);
    pack_tags(&t, true);
    // v2.0.0 now names a tree, loose: no release tag any more; v1.0.0 an annotated tag
    // of the second commit.
    let tree = t.repo.find_commit(two).unwrap().tree_id();
    t.repo
        .reference("refs/tags/v2.0.0", tree, true, "moved")
        .unwrap();
    let sig = git2::Signature::now("Tag Maker", "tags@example.com").unwrap();
    let object = t.repo.find_object(two, None).unwrap();
    t.repo.tag("v1.0.0", &object, &sig, "moved", true).unwrap();
    let repo = t.open();
    let tags = repo.release_tags(&TagFormat::default(), None).unwrap();
    let names: Vec<(&str, &str)> = tags
        .iter()
        .map(|t| (t.name.as_str(), t.commit.as_str()))
        .collect();
    assert_eq!(names, [("v1.0.0", two.to_string().as_str())]);
    let all = repo.all_release_tags(&TagFormat::default(), None).unwrap();
    assert_eq!(all.len(), 1);
}

/// `next` right after a release, with a higher release candidate on a branch not merged
/// yet that forked after the release and is minutes newer than it: the walk back from
/// the candidate proves it out of HEAD's reach at once, and the commits since the release
/// are the ones `git log <tag>..HEAD` lists. Merged, the candidate is the latest.
#[test]
fn unmerged_release_candidate_near_head() {
    for merged in [false, true] {
        let mut t = TempRepo::new();
        let mut main = t.commit("feat: base", &[("a", "0")]);
        for i in 0..30 {
            main = t.commit(&format!("fix: before {i}"), &[("a", &i.to_string())]);
        }
        t.lightweight_tag("v1.0.0", main);
        let next = t.commit("feat: after", &[("a", "after")]);
        let mut rc = next;
        for i in 0..3 {
            rc = t.commit_with_parents(
                &format!("feat: rc {i}"),
                &[("r", &i.to_string())],
                &[rc],
                None,
            );
        }
        t.annotated_tag("v1.1.0-rc.1", rc);
        t.commit("fix: more", &[("a", "more")]);
        if merged {
            let head = t.repo.head().unwrap().target().unwrap();
            t.commit_with_parents("Merge rc", &[], &[head, rc], Some("HEAD"));
        }
        for packed in [false, true] {
            if packed {
                pack_tags(&t, true);
            }
            let repo = t.open();
            let (tag, headers, count) = repo
                .fold_commits_since_latest_tag(
                    &TagFormat::default(),
                    None,
                    &CommitQuery {
                        include_merges: true,
                        ..CommitQuery::default()
                    },
                    Vec::new,
                    |v: &mut Vec<String>, c| v.push(c.commit.header),
                )
                .unwrap();
            let tag = tag.unwrap();
            if merged {
                assert_eq!(tag.name, "v1.1.0-rc.1");
                assert_eq!(
                    (headers.as_slice(), count),
                    (&["Merge rc".to_owned(), "fix: more".to_owned()][..], 2)
                );
            } else {
                assert_eq!(tag.name, "v1.0.0");
                assert_eq!(tag.commit, main.to_string());
                assert_eq!(headers, ["fix: more", "feat: after"]);
                assert_eq!(count, 2);
            }
            let latest = repo.latest_tag(&TagFormat::default(), None).unwrap();
            assert_eq!(latest.unwrap().name, tag.name);
        }
    }
}

fn write_graph(t: &TempRepo, args: &[&str]) {
    let graph = std::process::Command::new("git")
        .args(["commit-graph", "write", "--reachable"])
        .args(args)
        .current_dir(&t.dir)
        .status()
        .expect("git runs");
    assert!(graph.success());
}

/// With a commit-graph (as `git gc` writes it), generation numbers settle the latest tag
/// early; the answers are the ones the history gives without it: with one file or a
/// chain of split layers, an octopus merge (the graph's extra edges), and commits made
/// after the graph was written (read from the object database).
#[test]
fn a_commit_graph_gives_the_same_tags() {
    for seed in 1..=6 {
        let (mut t, mut tags) = random_history_of(seed, 60, 200);
        // An octopus merge of three unmerged side lines, one of them tagged.
        let head = t.repo.head().unwrap().target().unwrap();
        let sides: Vec<Oid> = (0..3)
            .map(|k| {
                t.commit_with_parents(
                    &format!("fix: octopus side {k}"),
                    &[("o", &k.to_string())],
                    &[head],
                    None,
                )
            })
            .collect();
        t.lightweight_tag("v0.0.1-rc.7", sides[2]);
        tags.push(("v0.0.1-rc.7".to_owned(), sides[2]));
        let mut parents = vec![head];
        parents.extend(&sides);
        t.commit_with_parents("Merge three sides", &[], &parents, Some("refs/heads/main"));
        if seed % 2 == 0 {
            write_graph(&t, &[]);
            assert!(t.dir.join(".git/objects/info/commit-graph").exists());
        } else {
            write_graph(&t, &["--split"]);
            let main = t.repo.head().unwrap().target().unwrap();
            t.commit_with_parents(
                "fix: second layer",
                &[("l", "2")],
                &[main],
                Some("refs/heads/main"),
            );
            write_graph(&t, &["--split=no-merge"]);
            let chain = std::fs::read_to_string(
                t.dir
                    .join(".git/objects/info/commit-graphs/commit-graph-chain"),
            )
            .unwrap();
            assert_eq!(chain.lines().count(), 2, "{chain}");
        }
        // Commits the graph does not hold, one of them tagged.
        let mut main = t.repo.head().unwrap().target().unwrap();
        for i in 0..3 {
            main = t.commit_with_parents(
                &format!("fix: after the graph {i}"),
                &[("g", &i.to_string())],
                &[main],
                Some("refs/heads/main"),
            );
        }
        if seed % 3 == 0 {
            t.lightweight_tag("v9.9.9-rc.1", main);
            tags.push(("v9.9.9-rc.1".to_owned(), main));
        }
        let head = t.repo.head().unwrap().target().unwrap();
        let reachable = reachable_from(&t.repo, head, &tags);
        let repo = t.open();
        assert_latest(&repo, &reachable, &format!("seed {seed}"));
        let stable = repo.latest_stable_tag(&TagFormat::default(), None).unwrap();
        let want_stable = reachable.iter().find(|(n, _)| !version(n).is_prerelease());
        assert_eq!(
            stable.map(|t| t.name),
            want_stable.map(|(n, _)| n.clone()),
            "seed {seed}"
        );
        // From an old commit of the main line too: newer tags everywhere above it.
        let mut walk = t.repo.revwalk().unwrap();
        walk.push(head).unwrap();
        walk.simplify_first_parent().unwrap();
        let old = walk.nth(120).unwrap().unwrap();
        t.repo.set_head_detached(old).unwrap();
        let below = reachable_from(&t.repo, old, &tags);
        assert_latest(&t.open(), &below, &format!("seed {seed}, detached"));
    }
}

/// The latest tag's name and how many commits came since it, as
/// `fold_commits_since_latest_tag` counts them (merges left out).
fn fold_count(
    repo: &relcore_git::Repository,
) -> Result<(Option<String>, usize), relcore_git::GitError> {
    let (tag, _, count) = repo.fold_commits_since_latest_tag(
        &TagFormat::default(),
        None,
        &CommitQuery::default(),
        || 0,
        |n: &mut i32, _| *n += 1,
    )?;
    Ok((tag.map(|t| t.name), count))
}

/// The latest tag `repo` finds is the first of `reachable` (highest version first).
fn assert_latest(repo: &relcore_git::Repository, reachable: &[&(String, Oid)], what: &str) {
    let latest = repo.latest_tag(&TagFormat::default(), None).unwrap();
    assert_eq!(
        latest.map(|t| t.name),
        reachable.first().map(|(n, _)| n.clone()),
        "{what}"
    );
}
