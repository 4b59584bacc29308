//! The release commit and signed tags: exactly the release's files, compare-and-swap on
//! the branch, every precondition checked first, signatures made by the configured
//! program and verified by it.

use std::path::Path;
use std::process::Command;

use relcore_git::{ReleaseCheck, ReleaseCommit};

use crate::util::TempRepo;

/// Every ref and its target, HEAD included.
fn refs(repo: &git2::Repository) -> Vec<(String, String)> {
    let mut all: Vec<(String, String)> = repo
        .references()
        .unwrap()
        .flatten()
        .map(|r| {
            (
                r.name().unwrap_or_default().to_owned(),
                r.target().map(|t| t.to_string()).unwrap_or_default(),
            )
        })
        .collect();
    all.push((
        "HEAD".into(),
        repo.head().unwrap().target().unwrap().to_string(),
    ));
    all.sort();
    all
}

/// The index as HEAD's tree, as git leaves it after a commit (the builder does not save
/// the index).
fn sync_index(t: &TempRepo) {
    let mut index = t.repo.index().unwrap();
    let head = t.repo.head().unwrap().peel_to_commit().unwrap();
    index.read_tree(&head.tree().unwrap()).unwrap();
    index.write().unwrap();
}

fn release(head: &str, paths: &[&str], tag: Option<&str>) -> ReleaseCommit {
    ReleaseCommit {
        head: head.to_owned(),
        paths: paths.iter().map(|p| (*p).to_owned()).collect(),
        message: "chore(release): 1.1.0".to_owned(),
        sign: false,
        tags: tag
            .map(|t| (t.to_owned(), "# 1.1.0\n\n- notes\n".to_owned()))
            .into_iter()
            .collect(),
        sign_tag: false,
    }
}

#[test]
fn the_release_commit_holds_exactly_the_release_files() {
    let mut t = TempRepo::new();
    let base = t.commit(
        "feat: one",
        &[
            ("CHANGELOG.md", "# Changelog\n"),
            ("Cargo.toml", "version = \"1.0.0\"\n"),
            ("src.rs", "a"),
        ],
    );
    sync_index(&t);
    // Release files changed in the work tree; another file changed and not staged; an
    // untracked file: only the release files go in.
    std::fs::write(t.dir.join("CHANGELOG.md"), "# Changelog\n\n## 1.1.0\n").unwrap();
    std::fs::write(t.dir.join("Cargo.toml"), "version = \"1.1.0\"\n").unwrap();
    std::fs::write(t.dir.join("src.rs"), "work in progress").unwrap();
    std::fs::write(t.dir.join("notes.txt"), "untracked").unwrap();
    let repo = t.open();
    let paths = vec!["CHANGELOG.md".to_owned(), "Cargo.toml".to_owned()];
    repo.check_release(&ReleaseCheck {
        tags: vec!["v1.1.0".into()],
        commit_paths: Some(paths.clone()),
        allow_detached: false,
    })
    .unwrap();
    let done = repo
        .commit_release(&release(
            &base.to_string(),
            &["CHANGELOG.md", "Cargo.toml"],
            Some("v1.1.0"),
        ))
        .unwrap();
    let git = &t.repo;
    let head = git.head().unwrap().peel_to_commit().unwrap();
    assert_eq!(head.id().to_string(), done.commit);
    assert_eq!(head.parent_id(0).unwrap(), base);
    assert_eq!(head.message().ok(), Some("chore(release): 1.1.0"));
    let diff = git
        .diff_tree_to_tree(
            Some(&git.find_commit(base).unwrap().tree().unwrap()),
            Some(&head.tree().unwrap()),
            None,
        )
        .unwrap();
    let changed: Vec<String> = diff
        .deltas()
        .map(|d| d.new_file().path().unwrap().display().to_string())
        .collect();
    assert_eq!(changed, ["CHANGELOG.md", "Cargo.toml"]);
    let tag = git
        .find_reference("refs/tags/v1.1.0")
        .unwrap()
        .peel_to_tag()
        .unwrap();
    assert_eq!(tag.target_id(), head.id());
    // git status: the release files are clean, the rest as it was.
    let status = |p: &str| git.status_file(Path::new(p)).unwrap();
    assert_eq!(status("CHANGELOG.md"), git2::Status::CURRENT);
    assert_eq!(status("Cargo.toml"), git2::Status::CURRENT);
    assert_eq!(status("src.rs"), git2::Status::WT_MODIFIED);
    assert_eq!(status("notes.txt"), git2::Status::WT_NEW);
    assert!(
        done.reference.starts_with("refs/heads/"),
        "{}",
        done.reference
    );
}

#[test]
fn the_branch_moves_only_from_where_the_run_started() {
    let mut t = TempRepo::new();
    let base = t.commit("feat: one", &[("CHANGELOG.md", "old\n")]);
    std::fs::write(t.dir.join("CHANGELOG.md"), "new\n").unwrap();
    // Someone commits meanwhile.
    let moved = t.commit("fix: meanwhile", &[("other.txt", "x")]);
    let before = refs(&t.repo);
    let err = t
        .open()
        .commit_release(&release(
            &base.to_string(),
            &["CHANGELOG.md"],
            Some("v1.1.0"),
        ))
        .unwrap_err();
    assert_eq!(err.kind().as_str(), "head_moved", "{err}");
    assert_eq!(refs(&t.repo), before);
    assert_eq!(t.repo.head().unwrap().target(), Some(moved));
}

#[test]
fn preflight_refuses_what_would_go_wrong() {
    let mut t = TempRepo::new();
    let base = t.commit("feat: one", &[("CHANGELOG.md", "old\n"), ("src.rs", "a")]);
    sync_index(&t);
    let check = |tag: &str, allow_detached| {
        t.open()
            .check_release(&ReleaseCheck {
                tags: vec![tag.to_owned()],
                commit_paths: Some(vec!["CHANGELOG.md".to_owned()]),
                allow_detached,
            })
            .map(|_| ())
            .map_err(|e| e.kind().as_str())
    };
    assert_eq!(check("v1.1.0", false), Ok(()));
    // A staged change to the release file itself is fine: it is replaced.
    std::fs::write(t.dir.join("CHANGELOG.md"), "staged\n").unwrap();
    let mut index = t.repo.index().unwrap();
    index.add_path(Path::new("CHANGELOG.md")).unwrap();
    index.write().unwrap();
    assert_eq!(check("v1.1.0", false), Ok(()));
    // A staged change to another file would slip in.
    std::fs::write(t.dir.join("src.rs"), "staged too").unwrap();
    index.add_path(Path::new("src.rs")).unwrap();
    index.write().unwrap();
    assert_eq!(check("v1.1.0", false), Err("staged_changes"));
    index
        .read_tree(&t.repo.find_commit(base).unwrap().tree().unwrap())
        .unwrap();
    index.write().unwrap();
    assert_eq!(check("v1.1.0", false), Ok(()));
    t.lightweight_tag("v1.1.0", base);
    assert_eq!(check("v1.1.0", false), Err("tag_exists"));
    assert_eq!(check("bad..name", false), Err("invalid_tag_name"));
    t.repo.set_head_detached(base).unwrap();
    assert_eq!(check("v1.2.0", false), Err("detached_head"));
    assert_eq!(check("v1.2.0", true), Ok(()));
}

#[test]
fn a_bare_repository_is_refused() {
    let mut t = TempRepo::new();
    t.commit("feat: one", &[("a", "a")]);
    let bare = t.dir.with_extension("bare");
    let _ = std::fs::remove_dir_all(&bare);
    git2::build::RepoBuilder::new()
        .bare(true)
        .clone(t.dir.to_str().unwrap(), &bare)
        .unwrap();
    let repo = relcore_git::Repository::open(&bare).unwrap();
    let err = repo.check_release(&ReleaseCheck::default()).unwrap_err();
    assert_eq!(err.kind().as_str(), "bare_repository");
    let _ = std::fs::remove_dir_all(&bare);
}

fn ssh_keygen() -> bool {
    let found = Command::new("ssh-keygen").arg("-?").output().is_ok();
    if !found {
        eprintln!("note: ssh-keygen is not on PATH; skipping the signing test");
    }
    found
}

/// Configures SSH signing with a throw-away key; returns the allowed-signers file.
fn ssh_signing(t: &TempRepo) -> std::path::PathBuf {
    let key = t.dir.join(".git/test-key");
    let status = Command::new("ssh-keygen")
        .args([
            "-q",
            "-t",
            "ed25519",
            "-N",
            "",
            "-C",
            "tags@example.com",
            "-f",
        ])
        .arg(&key)
        .status()
        .unwrap();
    assert!(status.success());
    let public = std::fs::read_to_string(key.with_extension("pub")).unwrap();
    let allowed = t.dir.join(".git/allowed-signers");
    std::fs::write(&allowed, format!("tags@example.com {public}")).unwrap();
    let mut config = t.repo.config().unwrap();
    config.set_str("gpg.format", "ssh").unwrap();
    config
        .set_str("user.signingkey", key.to_str().unwrap())
        .unwrap();
    config
        .set_str("gpg.ssh.allowedSignersFile", allowed.to_str().unwrap())
        .unwrap();
    allowed
}

fn git_ok(dir: &Path, args: &[&str]) -> (bool, String) {
    match Command::new("git").current_dir(dir).args(args).output() {
        Ok(out) => (
            out.status.success(),
            format!(
                "{}{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            ),
        ),
        Err(e) => (false, format!("git: {e}")),
    }
}

#[test]
fn ssh_signed_commit_and_tag_verify() {
    if !ssh_keygen() {
        return;
    }
    let mut t = TempRepo::new();
    let base = t.commit("feat: one", &[("CHANGELOG.md", "old\n")]);
    ssh_signing(&t);
    std::fs::write(t.dir.join("CHANGELOG.md"), "new\n").unwrap();
    let mut request = release(&base.to_string(), &["CHANGELOG.md"], Some("v1.1.0"));
    request.sign = true;
    request.sign_tag = true;
    let done = t.open().commit_release(&request).unwrap();
    let commit = t
        .repo
        .find_commit(git2::Oid::from_str(&done.commit).unwrap())
        .unwrap();
    let header = commit.header_field_bytes("gpgsig").unwrap();
    assert!(
        header
            .as_str()
            .unwrap()
            .starts_with("-----BEGIN SSH SIGNATURE-----"),
        "{:?}",
        header.as_str()
    );
    let tag = t
        .repo
        .find_tag(git2::Oid::from_str(done.tags.first().unwrap()).unwrap())
        .unwrap();
    assert!(
        tag.message()
            .unwrap()
            .unwrap()
            .contains("-----BEGIN SSH SIGNATURE-----")
    );
    assert_eq!(tag.name().ok(), Some("v1.1.0"));
    assert_eq!(tag.target_id(), commit.id());
    // git itself verifies both (when git is installed).
    if Command::new("git").arg("--version").output().is_ok() {
        let (ok, out) = git_ok(&t.dir, &["verify-commit", &done.commit]);
        assert!(ok, "{out}");
        let (ok, out) = git_ok(&t.dir, &["verify-tag", "v1.1.0"]);
        assert!(ok, "{out}");
        assert!(out.contains("Good \"git\" signature"), "{out}");
    }
    // create_tag honours tag.gpgSign.
    t.repo
        .config()
        .unwrap()
        .set_bool("tag.gpgSign", true)
        .unwrap();
    let repo = t.open();
    assert!(repo.sign_config().tag);
    let id = repo.create_tag("v1.1.1", "# 1.1.1\n").unwrap();
    let tag = t.repo.find_tag(git2::Oid::from_str(&id).unwrap()).unwrap();
    assert!(
        tag.message()
            .unwrap()
            .unwrap()
            .contains("-----BEGIN SSH SIGNATURE-----")
    );
}

#[test]
fn signing_that_cannot_be_done_fails_and_creates_no_ref() {
    let mut t = TempRepo::new();
    let base = t.commit("feat: one", &[("CHANGELOG.md", "old\n")]);
    std::fs::write(t.dir.join("CHANGELOG.md"), "new\n").unwrap();
    let mut config = t.repo.config().unwrap();
    config
        .set_str("gpg.program", "relcore-no-such-gpg")
        .unwrap();
    let before = refs(&t.repo);
    let mut request = release(&base.to_string(), &["CHANGELOG.md"], Some("v1.1.0"));
    request.sign = true;
    let err = t.open().commit_release(&request).unwrap_err();
    assert_eq!(err.kind().as_str(), "signing_failed");
    assert!(err.to_string().contains("relcore-no-such-gpg"), "{err}");
    assert_eq!(refs(&t.repo), before);
    // The commit unsigned, the tag signed: the tag's failure stops it all too.
    request.sign = false;
    request.sign_tag = true;
    let err = t.open().commit_release(&request).unwrap_err();
    assert_eq!(err.kind().as_str(), "signing_failed");
    assert_eq!(refs(&t.repo), before);
    let err = t
        .open()
        .create_tag_on("v1.1.0", "x", None, true)
        .unwrap_err();
    assert_eq!(err.kind().as_str(), "signing_failed");
    assert_eq!(refs(&t.repo), before);
    // A program that fails: its stderr is in the message.
    config.set_str("gpg.program", "false").unwrap();
    let err = t
        .open()
        .create_tag_on("v1.1.0", "x", None, true)
        .unwrap_err();
    assert!(err.to_string().contains("`false`"), "{err}");
    // SSH without a key.
    config.set_str("gpg.format", "ssh").unwrap();
    let err = t
        .open()
        .create_tag_on("v1.1.0", "x", None, true)
        .unwrap_err();
    assert_eq!(err.kind().as_str(), "signing_failed");
    assert!(err.to_string().contains("user.signingkey"), "{err}");
    assert_eq!(refs(&t.repo), before);
}

#[test]
fn a_release_commit_and_its_tag_are_undone_only_while_they_are_this_runs() {
    let mut t = TempRepo::new();
    let base = t.commit(
        "feat: one",
        &[("CHANGELOG.md", "# Changelog\n"), ("src.rs", "a")],
    );
    sync_index(&t);
    let before = refs(&t.repo);
    std::fs::write(t.dir.join("CHANGELOG.md"), "# Changelog\n\n## 1.1.0\n").unwrap();
    std::fs::write(t.dir.join("NEW.md"), "new release file\n").unwrap();
    let repo = t.open();
    let paths = vec!["CHANGELOG.md".to_owned(), "NEW.md".to_owned()];
    let done = repo
        .commit_release(&release(
            &base.to_string(),
            &["CHANGELOG.md", "NEW.md"],
            Some("v1.1.0"),
        ))
        .unwrap();
    // A tag of that name on another commit is not this run's: left alone.
    let err = repo
        .delete_release_tag("v1.1.0", &base.to_string())
        .unwrap_err();
    assert_eq!(err.kind().as_str(), "ref_moved", "{err}");
    assert!(repo.tag_exists("v1.1.0"));
    assert!(repo.delete_release_tag("v1.1.0", &done.commit).unwrap());
    assert!(!repo.delete_release_tag("v1.1.0", &done.commit).unwrap());
    let parent = repo.undo_release_commit(&done.commit, &paths).unwrap();
    assert_eq!(parent, base.to_string());
    // Every ref as before; the index holds the parent's entries of the release files.
    assert_eq!(refs(&t.repo), before);
    {
        let index = t.repo.index().unwrap();
        let head_tree = t.repo.head().unwrap().peel_to_tree().unwrap();
        let entry = index.get_path(Path::new("CHANGELOG.md"), 0).unwrap();
        assert_eq!(
            entry.id,
            head_tree.get_path(Path::new("CHANGELOG.md")).unwrap().id()
        );
        assert!(index.get_path(Path::new("NEW.md"), 0).is_none());
    }
    // The work tree is the caller's: untouched.
    assert_eq!(
        std::fs::read_to_string(t.dir.join("CHANGELOG.md")).unwrap(),
        "# Changelog\n\n## 1.1.0\n"
    );

    // Once HEAD moved on from the release commit, it is left alone.
    let done = repo
        .commit_release(&release(&base.to_string(), &["CHANGELOG.md"], None))
        .unwrap();
    let later = t.commit("fix: later", &[("src.rs", "b")]);
    let err = repo.undo_release_commit(&done.commit, &[]).unwrap_err();
    assert_eq!(err.kind().as_str(), "head_moved", "{err}");
    assert_eq!(
        t.repo.head().unwrap().target().unwrap(),
        later,
        "HEAD stays where it is"
    );
}
