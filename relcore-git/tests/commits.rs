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
    fn check(repo_dir: &TempRepo, query: &CommitQuery) {
        let repo = repo_dir.open();
        let format = TagFormat::default();
        let collect = |query: &CommitQuery| {
            let (got, count) = repo.fold_commits(query, Vec::new, Vec::push).unwrap();
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
            .fold_commits_since_latest_tag(&format, None, query, Vec::new, Vec::push)
            .unwrap();
        assert_eq!(found, tag);
        assert_eq!(count, got.len());
        assert_eq!(got, expected);
        // Every tag as `since`, and as `until`.
        for name in ["v1.0.0", "v1.1.0", "v2.0.0", "v3.0.0"] {
            if repo_dir.repo.revparse_single(name).is_ok() {
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
    let mut line = TempRepo::new();
    let c1 = line.commit("feat: one", &[("a", "1")]);
    check(&line, &plain);
    let c2 = line.commit("fix: two\n\nBody.", &[("a", "2")]);
    line.lightweight_tag("v1.0.0", c1);
    check(&line, &plain);
    line.annotated_tag("v1.1.0", c2);
    line.lightweight_tag("v1.1.0-rc.1", c2);
    line.commit("feat: three", &[("a", "3")]);
    check(&line, &plain);
    line.lightweight_tag("v2.0.0", c1);
    line.commit("fix: four", &[("a", "4")]);
    check(&line, &plain);
    // A merge between HEAD and the tag.
    let mut forked = TempRepo::new();
    let base = forked.commit("feat: base", &[("a", "1")]);
    forked.lightweight_tag("v1.0.0", base);
    let side = forked.commit_with_parents(
        "fix: side",
        &[("b", "1")],
        &[base],
        Some("refs/heads/topic"),
    );
    let main = forked.commit("feat: main", &[("a", "2")]);
    forked.commit_with_parents("Merge branch 'topic'", &[], &[main, side], Some("HEAD"));
    forked.commit("fix: after", &[("a", "3")]);
    check(&forked, &plain);
    check(&forked, &merges);
    check(
        &forked,
        &CommitQuery {
            first_parent: true,
            ..merges.clone()
        },
    );
    // Tags HEAD does not contain: above the reachable one, and alone (the line reaches the
    // root); `since` on another line.
    let mut elsewhere = TempRepo::new();
    let first = elsewhere.commit("feat: a", &[("a", "1")]);
    elsewhere.lightweight_tag("v1.0.0", first);
    let second = elsewhere.commit("fix: b", &[("a", "2")]);
    let other = elsewhere.commit_with_parents(
        "feat: elsewhere",
        &[("c", "1")],
        &[second],
        Some("refs/heads/other"),
    );
    elsewhere.lightweight_tag("v3.0.0", other);
    elsewhere.commit("fix: c", &[("a", "3")]);
    check(&elsewhere, &plain);
    let mut rootward = TempRepo::new();
    let root = rootward.commit("feat: x", &[("a", "1")]);
    let side = rootward.commit_with_parents(
        "feat: side",
        &[("c", "1")],
        &[root],
        Some("refs/heads/side"),
    );
    rootward.lightweight_tag("v1.0.0", side);
    rootward.commit("fix: y", &[("a", "2")]);
    check(&rootward, &plain);
}

/// A line longer than the reads one object database serves (4,096) reads the same.
#[test]
fn long_lines_fold_as_the_walk() {
    let t = TempRepo::new();
    let repo = &t.repo;
    let tree = repo.treebuilder(None).unwrap().write().unwrap();
    let tree = repo.find_tree(tree).unwrap();
    let sig = git2::Signature::new("A", "a@x", &git2::Time::new(1_700_000_000, 0)).unwrap();
    let mut parent: Option<git2::Oid> = None;
    for i in 0..5_000 {
        let parents: Vec<git2::Commit<'_>> = parent
            .map(|p| repo.find_commit(p).unwrap())
            .into_iter()
            .collect();
        let refs: Vec<&git2::Commit<'_>> = parents.iter().collect();
        let message = format!("fix: change {i}");
        let id = repo
            .commit(None, &sig, &sig, &message, &tree, &refs)
            .unwrap();
        if i == 300 {
            t.lightweight_tag("v1.0.0", id);
        }
        parent = Some(id);
    }
    repo.reference("refs/heads/main", parent.unwrap(), true, "test")
        .unwrap();
    repo.set_head("refs/heads/main").unwrap();
    let open = t.open();
    let all = CommitQuery::default();
    let (folded, count) = open.fold_commits(&all, Vec::new, Vec::push).unwrap();
    assert_eq!(count, 5_000);
    assert_eq!(folded, open.commits(&all).unwrap());
    let (tag, since, _) = open
        .fold_commits_since_latest_tag(&TagFormat::default(), None, &all, Vec::new, Vec::push)
        .unwrap();
    assert_eq!(tag.unwrap().name, "v1.0.0");
    assert_eq!(since.len(), 4_699);
    assert_eq!(since.first().unwrap().commit.header, "fix: change 4999");
}

/// Commits on HEAD a tree `levels` directories deep: `d/d/…/d/f`.
fn commit_nested_tree(t: &mut TempRepo, levels: usize) {
    let blob = t.repo.blob(b"deep").unwrap();
    let mut builder = t.repo.treebuilder(None).unwrap();
    builder.insert("f", blob, 0o100_644).unwrap();
    let mut tree = builder.write().unwrap();
    for _ in 0..levels {
        let mut builder = t.repo.treebuilder(None).unwrap();
        builder.insert("d", tree, 0o040_000).unwrap();
        tree = builder.write().unwrap();
    }
    let tree = t.repo.find_tree(tree).unwrap();
    let head = t.repo.head().unwrap().peel_to_commit().unwrap();
    let sig = git2::Signature::now("A", "a@example.com").unwrap();
    t.repo
        .commit(Some("HEAD"), &sig, &sig, "feat: deep", &tree, &[&head])
        .unwrap();
}

#[test]
fn trees_nested_as_deep_as_git_allows_and_deeper() {
    let query = CommitQuery {
        changed_paths: true,
        ..CommitQuery::default()
    };
    // 2,000 levels: within git's limit (`core.maxTreeDepth`, 2,048), and deeper than a
    // comparison that recursed could go on a thread's stack.
    let mut t = TempRepo::new();
    t.commit("feat: one", &[("a", "1")]);
    commit_nested_tree(&mut t, 2000);
    let commits = t.open().commits(&query).unwrap();
    let deep = format!("{}f", "d/".repeat(2000));
    assert_eq!(commits[0].paths, ["a".to_owned(), deep]);
    // 3,000 levels, as a hostile repository can hold: an error, not a crash.
    let mut t = TempRepo::new();
    t.commit("feat: one", &[("a", "1")]);
    commit_nested_tree(&mut t, 3000);
    let error = t.open().commits(&query).unwrap_err();
    assert!(error.to_string().contains("2048 levels"), "{error}");
    assert!(error.to_string().len() < 200, "a short message: {error}");
    // With a path filter too.
    let filtered = CommitQuery {
        paths: vec!["d".into()],
        ..query
    };
    let error = t.open().commits(&filtered).unwrap_err();
    assert!(error.to_string().contains("2048 levels"), "{error}");
}

/// Authors are shown as the repository's mailmap says, as `git log` shows them: from
/// `.mailmap` in the work tree, from `mailmap.file`, and in a bare clone from
/// `HEAD:.mailmap`; through the walk that reads raw objects and through libgit2's
/// (a path query), and in the releases of `fold_releases`.
#[test]
fn authors_follow_the_mailmap() {
    let t = TempRepo::new();
    let git = |args: &[&str], name: &str, email: &str| git_as(&t.dir, args, name, email);
    std::fs::write(t.dir.join("a.txt"), "1").unwrap();
    git(&["add", "a.txt"], "x", "x@x");
    git(
        &["commit", "-q", "-m", "feat: one"],
        "jdoe",
        "JDoe@Old.Example",
    );
    git(
        &["commit", "-q", "--allow-empty", "-m", "fix: two"],
        "Jane Doe",
        "jane@example.com",
    );
    git(
        &[
            "commit",
            "-q",
            "--allow-empty",
            "-m",
            "fix: three\n\nCo-authored-by: J <JDOE@old.example>",
        ],
        "Bob",
        "bob@example.com",
    );
    let by_path = CommitQuery {
        paths: vec!["a.txt".to_owned(), ".mailmap".to_owned()],
        ..CommitQuery::default()
    };
    let plain = [
        "Bob <bob@example.com>",
        "Jane Doe <jane@example.com>",
        "jdoe <JDoe@Old.Example>",
    ];
    assert_eq!(authors(&t.open(), &CommitQuery::default()), plain);

    let mailmap = "Jane Doe <jane@example.com> <jdoe@old.example>\n";
    std::fs::write(t.dir.join(".mailmap"), mailmap).unwrap();
    let mapped = [
        "Bob <bob@example.com>",
        "Jane Doe <jane@example.com>",
        "Jane Doe <jane@example.com>",
    ];
    assert_eq!(authors(&t.open(), &CommitQuery::default()), mapped);
    assert_eq!(authors(&t.open(), &by_path), mapped[2..]);
    let newest = t.open().commits(&CommitQuery::default()).unwrap();
    let co_author = &newest[0].commit.co_authors[0];
    assert_eq!(
        (co_author.name.as_str(), co_author.email.as_deref()),
        ("Jane Doe", Some("jane@example.com"))
    );
    let releases = t
        .open()
        .fold_releases(
            &TagFormat::default(),
            None,
            &CommitQuery::default(),
            false,
            Vec::new,
            |v: &mut Vec<String>, c| v.push(c.commit.author.clone().unwrap().name),
        )
        .unwrap();
    assert_eq!(releases.unreleased, ["Bob", "Jane Doe", "Jane Doe"]);

    // A later source wins: `mailmap.file` after `.mailmap`.
    let elsewhere = t.dir.join("people.txt");
    std::fs::write(&elsewhere, "Robert <rob@example.com> <bob@example.com>\n").unwrap();
    git(
        &["config", "mailmap.file", elsewhere.to_str().unwrap()],
        "x",
        "x@x",
    );
    assert_eq!(
        authors(&t.open(), &CommitQuery::default())[0],
        "Robert <rob@example.com>"
    );

    // A bare clone reads the committed `.mailmap` of HEAD.
    git(&["add", ".mailmap"], "x", "x@x");
    git(
        &["commit", "-q", "-m", "chore: mailmap"],
        "Bob",
        "bob@example.com",
    );
    let bare = t.dir.with_extension("bare");
    let _ = std::fs::remove_dir_all(&bare);
    git(
        &["clone", "-q", "--bare", ".", bare.to_str().unwrap()],
        "x",
        "x@x",
    );
    let repo = relcore_git::Repository::open(&bare).unwrap();
    assert_eq!(
        authors(&repo, &CommitQuery::default())[3],
        "Jane Doe <jane@example.com>"
    );
    std::fs::remove_dir_all(&bare).unwrap();
}

/// Runs `git args` in `dir` as `name <email>`.
fn git_as(dir: &std::path::Path, args: &[&str], name: &str, email: &str) {
    let ok = std::process::Command::new("git")
        .args([
            "-c",
            &format!("user.name={name}"),
            "-c",
            &format!("user.email={email}"),
        ])
        .args(["-c", "commit.gpgsign=false"])
        .args(args)
        .current_dir(dir)
        .status()
        .unwrap()
        .success();
    assert!(ok, "git {args:?}");
}

/// The authors of the commits `query` selects, newest first, as `Name <email>`.
fn authors(repo: &relcore_git::Repository, query: &CommitQuery) -> Vec<String> {
    repo.commits(query)
        .unwrap()
        .into_iter()
        .map(|c| {
            let a = c.commit.author.unwrap();
            format!("{} <{}>", a.name, a.email.unwrap_or_default())
        })
        .collect()
}
