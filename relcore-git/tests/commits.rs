//! Commit walks: ranges, merges, first parents, path filters, changed paths, shallow clones.

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
