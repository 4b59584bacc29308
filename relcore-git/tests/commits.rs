//! Commit walks: ranges, merges, first parents, path filters, changed paths, shallow clones.

use relcore::version::TagFormat;
use relcore_git::{CommitQuery, GitErrorKind};

use crate::util::TempRepo;

fn headers(t: &TempRepo, query: &CommitQuery) -> Vec<String> {
    t.open()
        .commits(query)
        .unwrap()
        .into_iter()
        .map(|c| c.commit.header)
        .collect()
}

#[test]
fn commits_since_a_tag_newest_first_with_metadata() {
    let mut t = TempRepo::new();
    let c1 = t.commit("feat: one", &[("a", "1")]);
    t.lightweight_tag("v1.0.0", c1);
    t.commit("fix: two\n\nBody.", &[("a", "2")]);
    let c3 = t.commit("feat(api)!: three\n\nBREAKING CHANGE: gone", &[("a", "3")]);
    let query = CommitQuery {
        since: Some("v1.0.0".into()),
        ..CommitQuery::default()
    };
    let commits = t.open().commits(&query).unwrap();
    assert_eq!(commits.len(), 2);
    let newest = &commits[0].commit;
    assert_eq!(newest.id.as_deref(), Some(c3.to_string().as_str()));
    assert!(newest.breaking);
    assert_eq!(newest.author.as_ref().unwrap().name, "Ann Author");
    assert_eq!(
        newest.author.as_ref().unwrap().email.as_deref(),
        Some("ann@example.com")
    );
    assert!(newest.time.unwrap() > commits[1].commit.time.unwrap());
    assert_eq!(
        headers(&t, &CommitQuery::default()),
        ["feat(api)!: three", "fix: two", "feat: one"]
    );
    let unknown = t
        .open()
        .commits(&CommitQuery {
            since: Some("v9".into()),
            ..CommitQuery::default()
        })
        .unwrap_err();
    assert_eq!(unknown.kind(), GitErrorKind::UnknownRevision);
}

#[test]
fn merges_are_skipped_by_default_and_first_parent_follows_the_mainline() {
    let mut t = TempRepo::new();
    let base = t.commit("feat: base", &[("a", "1")]);
    t.lightweight_tag("v1.0.0", base);
    let side = t.commit_with_parents(
        "fix: on a branch",
        &[("b", "1")],
        &[base],
        Some("refs/heads/topic"),
    );
    let main = t.commit("feat: on main", &[("a", "2")]);
    t.commit_with_parents("Merge branch 'topic'", &[], &[main, side], Some("HEAD"));
    let since = || CommitQuery {
        since: Some("v1.0.0".into()),
        ..CommitQuery::default()
    };
    let all = headers(&t, &since());
    assert_eq!(all.len(), 2, "{all:?}");
    assert!(
        all.contains(&"fix: on a branch".to_owned()) && all.contains(&"feat: on main".to_owned())
    );
    let with_merges = headers(
        &t,
        &CommitQuery {
            include_merges: true,
            ..since()
        },
    );
    assert_eq!(with_merges[0], "Merge branch 'topic'");
    assert!(
        t.open()
            .commits(&CommitQuery {
                include_merges: true,
                ..since()
            })
            .unwrap()[0]
            .commit
            .merge
    );
    let mainline = headers(
        &t,
        &CommitQuery {
            first_parent: true,
            include_merges: true,
            ..since()
        },
    );
    assert_eq!(mainline, ["Merge branch 'topic'", "feat: on main"]);
}

#[test]
fn path_filter_and_changed_paths() {
    let mut t = TempRepo::new();
    t.commit("feat(api): api", &[("packages/api/src/lib.rs", "1")]);
    t.commit("feat(web): web", &[("packages/web/index.js", "1")]);
    t.commit(
        "chore: both",
        &[
            ("packages/api/README.md", "x"),
            ("packages/web/README.md", "y"),
        ],
    );
    let api = headers(
        &t,
        &CommitQuery {
            paths: vec!["packages/api".into()],
            ..CommitQuery::default()
        },
    );
    assert_eq!(api, ["chore: both", "feat(api): api"]);
    let with_paths = t
        .open()
        .commits(&CommitQuery {
            changed_paths: true,
            ..CommitQuery::default()
        })
        .unwrap();
    assert_eq!(
        with_paths[0].paths,
        ["packages/api/README.md", "packages/web/README.md"]
    );
    assert_eq!(with_paths[2].paths, ["packages/api/src/lib.rs"]);
    let without = t.open().commits(&CommitQuery::default()).unwrap();
    assert!(without.iter().all(|c| c.paths.is_empty()));
}

#[test]
fn shallow_history_that_stops_before_the_tag_is_an_error() {
    let mut t = TempRepo::new();
    let c1 = t.commit("feat: one", &[("a", "1")]);
    t.lightweight_tag("v1.0.0", c1);
    let c2 = t.commit("fix: two", &[("a", "2")]);
    t.commit("fix: three", &[("a", "3")]);
    // Make c2 a shallow boundary, as `git clone --depth 2` would.
    std::fs::write(t.repo.path().join("shallow"), format!("{c2}\n")).unwrap();
    let repo = t.open();
    assert!(repo.is_shallow());
    let err = repo
        .commits(&CommitQuery {
            since: Some("v1.0.0".into()),
            ..CommitQuery::default()
        })
        .unwrap_err();
    assert_eq!(err.kind(), GitErrorKind::ShallowHistory, "{err}");
    // Without a range to reach, a shallow history is simply what there is.
    assert_eq!(repo.commits(&CommitQuery::default()).unwrap().len(), 2);
}

#[test]
fn streaming_counts_without_collecting() {
    let mut t = TempRepo::new();
    for i in 0..50 {
        t.commit(&format!("fix: change {i}"), &[("a", &i.to_string())]);
    }
    let mut seen = 0;
    let count = t
        .open()
        .for_each_commit(&CommitQuery::default(), |_| seen += 1)
        .unwrap();
    assert_eq!((count, seen), (50, 50));
}

/// The folds give what `latest_tag` and `for_each_commit` give, whether they read a single
/// line of history in one pass or fall back to libgit2's walk (a fork, a tag elsewhere).
#[test]
fn folds_read_single_lines_in_one_pass_and_anything_else_as_the_walk() {
    fn check(t: &TempRepo, query: &CommitQuery) {
        let repo = t.open();
        let format = TagFormat::default();
        let collect = |query: &CommitQuery| {
            let (got, count) = repo
                .fold_commits(query, Vec::new, |v, c| v.push(c))
                .unwrap();
            assert_eq!(count, got.len());
            assert_eq!(got, repo.commits(query).unwrap(), "{query:?}");
        };
        collect(query);
        let tag = repo.latest_tag(&format, None).unwrap();
        let expected = repo
            .commits(&CommitQuery {
                since: tag.as_ref().map(|t| t.name.clone()),
                ..query.clone()
            })
            .unwrap();
        let (found, got, count) = repo
            .fold_commits_since_latest_tag(&format, None, query, Vec::new, |v, c| v.push(c))
            .unwrap();
        assert_eq!(found, tag);
        assert_eq!(count, got.len());
        assert_eq!(got, expected);
        // Every tag as `since`, and as `until`.
        for name in ["v1.0.0", "v1.1.0", "v2.0.0", "v3.0.0"] {
            if t.repo.revparse_single(name).is_ok() {
                collect(&CommitQuery {
                    since: Some(name.into()),
                    ..query.clone()
                });
                collect(&CommitQuery {
                    until: Some(name.into()),
                    ..query.clone()
                });
            }
        }
    }
    let plain = CommitQuery::default();
    let merges = CommitQuery {
        include_merges: true,
        ..CommitQuery::default()
    };
    // A single line: no tags, then the latest tag below HEAD, on HEAD, several on one
    // commit, and a higher version on an older commit (the first tag met is not the latest).
    let mut t = TempRepo::new();
    let c1 = t.commit("feat: one", &[("a", "1")]);
    check(&t, &plain);
    let c2 = t.commit("fix: two\n\nBody.", &[("a", "2")]);
    t.lightweight_tag("v1.0.0", c1);
    check(&t, &plain);
    t.annotated_tag("v1.1.0", c2);
    t.lightweight_tag("v1.1.0-rc.1", c2);
    t.commit("feat: three", &[("a", "3")]);
    check(&t, &plain);
    t.lightweight_tag("v2.0.0", c1);
    t.commit("fix: four", &[("a", "4")]);
    check(&t, &plain);
    // A merge between HEAD and the tag.
    let mut m = TempRepo::new();
    let base = m.commit("feat: base", &[("a", "1")]);
    m.lightweight_tag("v1.0.0", base);
    let side = m.commit_with_parents(
        "fix: side",
        &[("b", "1")],
        &[base],
        Some("refs/heads/topic"),
    );
    let main = m.commit("feat: main", &[("a", "2")]);
    m.commit_with_parents("Merge branch 'topic'", &[], &[main, side], Some("HEAD"));
    m.commit("fix: after", &[("a", "3")]);
    check(&m, &plain);
    check(&m, &merges);
    check(
        &m,
        &CommitQuery {
            first_parent: true,
            ..merges.clone()
        },
    );
    // Tags HEAD does not contain: above the reachable one, and alone (the line reaches the
    // root); `since` on another line.
    let mut u = TempRepo::new();
    let a = u.commit("feat: a", &[("a", "1")]);
    u.lightweight_tag("v1.0.0", a);
    let b = u.commit("fix: b", &[("a", "2")]);
    let other = u.commit_with_parents(
        "feat: elsewhere",
        &[("c", "1")],
        &[b],
        Some("refs/heads/other"),
    );
    u.lightweight_tag("v3.0.0", other);
    u.commit("fix: c", &[("a", "3")]);
    check(&u, &plain);
    let mut r = TempRepo::new();
    let x = r.commit("feat: x", &[("a", "1")]);
    let side = r.commit_with_parents("feat: side", &[("c", "1")], &[x], Some("refs/heads/side"));
    r.lightweight_tag("v1.0.0", side);
    r.commit("fix: y", &[("a", "2")]);
    check(&r, &plain);
}
