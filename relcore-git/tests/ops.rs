//! Facts for hotfixes and go / no-go on a repository shaped like a real one: several
//! release tags on main, a production line with a hotfix release, a fix cherry-picked
//! with `-x`.

use git2::Oid;
use relcore::version::{TagFormat, Version};
use relcore_git::GitErrorKind;

use crate::util::TempRepo;

/// main: v1.4.0, v1.5.0, fixes and features, v1.6.0, one more fix; production (from
/// v1.5.0): the auth fix cherry-picked with `-x`, tagged v1.5.1. Returns the repository,
/// the auth fix on main and its pick on production.
fn shaped() -> (TempRepo, Oid, Oid) {
    let mut r = TempRepo::new();
    let first = r.commit("feat: first", &[("a.txt", "a\n")]);
    r.lightweight_tag("v1.4.0", first);
    let v150 = r.commit("fix: early", &[("b.txt", "b\n")]);
    r.annotated_tag("v1.5.0", v150);
    r.commit("feat(ui): new page", &[("ui.txt", "page\n")]);
    let fix = r.commit(
        "fix(auth): session loop\n\nFixes #12",
        &[("auth.txt", "fixed\n")],
    );
    let perf = r.commit("perf(db): faster query", &[("db.txt", "fast\n")]);
    r.annotated_tag("v1.6.0", perf);
    r.commit("fix(api): null header", &[("api.txt", "ok\n")]);
    let message =
        format!("fix(auth): session loop\n\nFixes #12\n\n(cherry picked from commit {fix})\n");
    let pick = r.commit_with_parents(
        &message,
        &[("auth.txt", "fixed\n")],
        &[v150],
        Some("refs/heads/production"),
    );
    r.lightweight_tag("v1.5.1", pick);
    (r, fix, pick)
}

#[test]
fn release_tags_on_every_line_and_the_latest_on_a_branch() {
    let (r, _, _) = shaped();
    let repo = r.open();
    let format = TagFormat::default();
    let all: Vec<String> = repo
        .all_release_tags(&format, None)
        .unwrap()
        .into_iter()
        .map(|t| t.name)
        .collect();
    assert_eq!(all, ["v1.6.0", "v1.5.1", "v1.5.0", "v1.4.0"]);
    // HEAD (main) does not contain v1.5.1: the reachable list leaves it out.
    assert_eq!(repo.release_tags(&format, None).unwrap().len(), 3);
    let latest = repo
        .latest_tag_on("production", &format, None)
        .unwrap()
        .unwrap();
    assert_eq!(
        (latest.name.as_str(), latest.version.clone()),
        ("v1.5.1", Version::new(1, 5, 1))
    );
    assert_eq!(
        repo.release_tag("v1.5.0", &format, None).unwrap().version,
        Version::new(1, 5, 0)
    );
    assert_eq!(
        repo.release_tag("v9.9.9", &format, None)
            .unwrap_err()
            .kind(),
        GitErrorKind::UnknownRevision
    );
    assert_eq!(
        repo.latest_tag_on("nope", &format, None)
            .unwrap_err()
            .kind(),
        GitErrorKind::UnknownRevision
    );
}

#[test]
fn a_cherry_pick_has_the_patch_id_of_its_original() {
    let (r, fix, pick) = shaped();
    let repo = r.open();
    let on_main = repo.patch_commits("production", "HEAD").unwrap();
    let on_production = repo.patch_commits("HEAD", "production").unwrap();
    assert_eq!(on_production.len(), 1);
    assert_eq!(on_production[0].id, pick.to_string());
    let original = on_main.iter().find(|c| c.id == fix.to_string()).unwrap();
    assert!(original.patch_id.is_some());
    assert_eq!(original.patch_id, on_production[0].patch_id);
    // Newest first; every other commit has its own patch.
    let headers: Vec<&str> = on_main
        .iter()
        .map(|c| c.message.lines().next().unwrap())
        .collect();
    assert_eq!(
        headers,
        [
            "fix(api): null header",
            "perf(db): faster query",
            "fix(auth): session loop",
            "feat(ui): new page"
        ]
    );
    let ids: std::collections::HashSet<_> =
        on_main.iter().filter_map(|c| c.patch_id.clone()).collect();
    assert_eq!(ids.len(), 4);
}

#[test]
fn merges_and_empty_commits_have_no_patch_id() {
    let mut r = TempRepo::new();
    let base = r.commit("feat: base", &[("a.txt", "a\n")]);
    let side = r.commit_with_parents(
        "fix: side",
        &[("s.txt", "s\n")],
        &[base],
        Some("refs/heads/side"),
    );
    let main = r.commit("fix: main", &[("m.txt", "m\n")]);
    r.commit_with_parents("Merge branch 'side'", &[], &[main, side], Some("HEAD"));
    r.commit("chore: empty", &[]);
    let repo = r.open();
    let commits = repo.patch_commits(&base.to_string(), "HEAD").unwrap();
    let none: Vec<&str> = commits
        .iter()
        .filter(|c| c.patch_id.is_none())
        .map(|c| c.message.lines().next().unwrap())
        .collect();
    assert_eq!(none, ["chore: empty", "Merge branch 'side'"]);
}

#[test]
fn a_branch_is_created_without_checkout_and_never_moved() {
    let (r, _, pick) = shaped();
    let repo = r.open();
    let head = repo.head().unwrap();
    let at = repo.create_branch("hotfix/1.5.2", "v1.5.1").unwrap();
    assert_eq!(at, pick.to_string());
    assert_eq!(repo.head().unwrap(), head, "HEAD stays where it was");
    let err = repo.create_branch("hotfix/1.5.2", "HEAD").unwrap_err();
    assert_eq!(err.kind(), GitErrorKind::BranchExists);
    let branch = r
        .repo
        .find_branch("hotfix/1.5.2", git2::BranchType::Local)
        .unwrap();
    assert_eq!(
        branch.get().target(),
        Some(pick),
        "the existing branch did not move"
    );
    assert_eq!(
        repo.create_branch("bad..name", "HEAD").unwrap_err().kind(),
        GitErrorKind::InvalidBranchName
    );
    assert_eq!(
        repo.create_branch("hotfix/x", "v0.0.0").unwrap_err().kind(),
        GitErrorKind::UnknownRevision
    );
}

#[test]
fn changed_files_and_tags() {
    let (r, _, _) = shaped();
    // The builder writes trees, not the index: check the work tree out as git would.
    let head = r.repo.head().unwrap().peel_to_commit().unwrap();
    r.repo
        .reset(head.as_object(), git2::ResetType::Hard, None)
        .unwrap();
    let repo = r.open();
    assert!(
        repo.changed_files().unwrap().is_empty(),
        "{:?}",
        repo.changed_files()
    );
    std::fs::write(r.dir.join("new.txt"), "x").unwrap();
    std::fs::write(r.dir.join("a.txt"), "changed").unwrap();
    assert_eq!(repo.changed_files().unwrap(), ["a.txt", "new.txt"]);
    assert!(repo.tag_exists("v1.5.1"));
    assert!(!repo.tag_exists("v1.5.2"));
}
