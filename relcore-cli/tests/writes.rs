//! `relcore release --write --commit --tag` and every write of the CLI: preflight checks
//! that leave files and refs exactly as they were, paths kept inside the work tree,
//! symlinks, permissions, crash safety under SIGKILL, and closed pipes.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::release::Repo;
use crate::util::relcore;

/// Every file of the work tree (outside `.git`) with its bytes and mode, every ref, HEAD.
#[derive(Debug, PartialEq, Eq)]
struct Snapshot {
    files: BTreeMap<PathBuf, (Vec<u8>, u32, bool)>,
    refs: BTreeMap<String, String>,
    head: String,
}

fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<PathBuf, (Vec<u8>, u32, bool)>) {
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.file_name().is_some_and(|n| n == ".git") {
            continue;
        }
        let meta = std::fs::symlink_metadata(&path).unwrap();
        let rel = path.strip_prefix(root).unwrap().to_path_buf();
        if meta.is_dir() {
            walk(root, &path, out);
        } else if meta.file_type().is_symlink() {
            let target = std::fs::read_link(&path).unwrap();
            out.insert(rel, (target.display().to_string().into_bytes(), 0, true));
        } else {
            use std::os::unix::fs::PermissionsExt;
            out.insert(
                rel,
                (
                    std::fs::read(&path).unwrap(),
                    meta.permissions().mode(),
                    false,
                ),
            );
        }
    }
}

fn snapshot(r: &Repo) -> Snapshot {
    let mut files = BTreeMap::new();
    walk(&r.dir, &r.dir, &mut files);
    let refs = r
        .git
        .references()
        .unwrap()
        .flatten()
        .map(|x| {
            (
                x.name().unwrap().to_owned(),
                x.target().map(|t| t.to_string()).unwrap_or_default(),
            )
        })
        .collect();
    let head = std::fs::read_to_string(r.dir.join(".git/HEAD")).unwrap();
    Snapshot { files, refs, head }
}

/// Commits every file of the work tree (what `git add -A && git commit` does).
fn commit_all(r: &Repo, message: &str) -> git2::Oid {
    let mut index = r.git.index().unwrap();
    index
        .add_all(["*"], git2::IndexAddOption::DEFAULT, None)
        .unwrap();
    index.write().unwrap();
    let tree = r.git.find_tree(index.write_tree().unwrap()).unwrap();
    let sig = git2::Signature::now("Ann", "ann@example.com").unwrap();
    let parent = r.git.head().unwrap().peel_to_commit().unwrap();
    r.git
        .commit(Some("HEAD"), &sig, &sig, message, &tree, &[&parent])
        .unwrap()
}

/// A repository released at 1.0.0 with a feature since, a changelog, two version files.
fn project(name: &str) -> Repo {
    let mut r = Repo::new(name);
    let first = r.commit("feat: first");
    r.tag("v1.0.0", first);
    std::fs::write(r.dir.join("CHANGELOG.md"), "# Changelog\n").unwrap();
    std::fs::write(
        r.dir.join("Cargo.toml"),
        "[package]\nname = \"demo\"\nversion = \"1.0.0\"\n",
    )
    .unwrap();
    std::fs::write(
        r.dir.join("package.json"),
        "{\n  \"name\": \"demo\",\n  \"version\": \"1.0.0\"\n}\n",
    )
    .unwrap();
    std::fs::write(
        r.dir.join("relcore.toml"),
        "version_files = [\"Cargo.toml\", \"package.json\"]\n",
    )
    .unwrap();
    commit_all(&r, "chore: set up");
    r.commit("feat(api): add search");
    sync_index(&r);
    r
}

/// The index as HEAD's tree (the `Repo` helper builds trees without saving the index).
fn sync_index(r: &Repo) {
    let mut index = r.git.index().unwrap();
    let head = r.git.head().unwrap().peel_to_commit().unwrap();
    index.read_tree(&head.tree().unwrap()).unwrap();
    index.write().unwrap();
}

fn release_args<'a>(r: &'a Repo, extra: &[&'a str]) -> Vec<&'a str> {
    let mut args = vec!["release", "--repo", r.path(), "--date", "2025-11-15"];
    args.extend_from_slice(extra);
    args
}

#[test]
fn write_commit_tag_makes_one_release_commit_and_tags_it() {
    let r = project("commit");
    let before = r.git.head().unwrap().peel_to_commit().unwrap();
    // Work in progress elsewhere stays out of the commit.
    std::fs::write(r.dir.join("file.txt"), "unstaged work").unwrap();
    let run = relcore(
        &release_args(&r, &["--write", "--commit", "--tag", "--json"]),
        None,
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let doc = run.json();
    assert_eq!(doc["tagged"], true);
    let head = r.git.head().unwrap().peel_to_commit().unwrap();
    assert_eq!(
        doc["committed"].as_str(),
        Some(head.id().to_string().as_str())
    );
    assert_eq!(head.parent_id(0).unwrap(), before.id());
    assert_eq!(head.message().ok(), Some("chore(release): 1.1.0"));
    let diff = r
        .git
        .diff_tree_to_tree(
            Some(&before.tree().unwrap()),
            Some(&head.tree().unwrap()),
            None,
        )
        .unwrap();
    let changed: Vec<String> = diff
        .deltas()
        .map(|d| d.new_file().path().unwrap().display().to_string())
        .collect();
    assert_eq!(changed, ["CHANGELOG.md", "Cargo.toml", "package.json"]);
    let tag = r
        .git
        .find_reference("refs/tags/v1.1.0")
        .unwrap()
        .peel_to_commit()
        .unwrap();
    assert_eq!(tag.id(), head.id(), "the tag is on the release commit");
    let blob = head
        .tree()
        .unwrap()
        .get_path(Path::new("Cargo.toml"))
        .unwrap()
        .to_object(&r.git)
        .unwrap();
    assert!(
        std::str::from_utf8(blob.as_blob().unwrap().content())
            .unwrap()
            .contains("version = \"1.1.0\"")
    );
    let status = |p: &str| r.git.status_file(Path::new(p)).unwrap();
    for file in ["CHANGELOG.md", "Cargo.toml", "package.json"] {
        assert_eq!(status(file), git2::Status::CURRENT, "{file}");
    }
    assert_eq!(status("file.txt"), git2::Status::WT_MODIFIED);
    // Nothing left to release.
    let run = relcore(&release_args(&r, &["--write", "--commit", "--tag"]), None);
    assert_eq!(run.code, 1, "{}", run.stdout);
}

#[test]
fn the_commit_message_comes_from_the_configuration() {
    let r = project("message");
    std::fs::write(
        r.dir.join("relcore.toml"),
        "version_files = [\"Cargo.toml\"]\n[release]\ncommit_message = \"release {tag} ({version})\"\n",
    )
    .unwrap();
    commit_all(&r, "chore: message");
    sync_index(&r);
    let run = relcore(&release_args(&r, &["--write", "--commit"]), None);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let head = r.git.head().unwrap().peel_to_commit().unwrap();
    assert_eq!(head.message().ok(), Some("release v1.1.0 (1.1.0)"));
    assert!(
        r.git.find_reference("refs/tags/v1.1.0").is_err(),
        "no --tag"
    );
    // An unknown key is still refused.
    std::fs::write(
        r.dir.join("relcore.toml"),
        "[release]\ncommit_mesage = \"x\"\n",
    )
    .unwrap();
    let run = relcore(&release_args(&r, &[]), None);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("invalid_config"), "{}", run.stderr);
}

#[test]
fn tag_after_write_without_commit_is_refused() {
    let r = project("write-tag");
    let before = snapshot(&r);
    let run = relcore(&release_args(&r, &["--write", "--tag"]), None);
    assert_eq!(run.code, 2, "{}", run.stdout);
    assert!(
        run.stderr.contains("--write --commit --tag"),
        "{}",
        run.stderr
    );
    assert_eq!(snapshot(&r), before);
    // --commit needs --write.
    let run = relcore(&release_args(&r, &["--commit"]), None);
    assert_eq!(run.code, 2, "{}", run.stdout);
    assert_eq!(snapshot(&r), before);
    // --tag alone tags HEAD, as before.
    let head = r.git.head().unwrap().target().unwrap();
    let run = relcore(&release_args(&r, &["--tag"]), None);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let tagged = r
        .git
        .find_reference("refs/tags/v1.1.0")
        .unwrap()
        .peel_to_commit()
        .unwrap();
    assert_eq!(tagged.id(), head);
}

/// Runs the release and checks it fails with `code` and leaves everything as it was.
#[track_caller]
fn refused(r: &Repo, extra: &[&str], code: &str) {
    let before = snapshot(r);
    let args = release_args(r, extra);
    let run = relcore(&args, None);
    assert_eq!(run.code, 2, "{args:?}: {}{}", run.stdout, run.stderr);
    assert!(
        run.stderr.contains(&format!("error[{code}]")),
        "{args:?}: {}",
        run.stderr
    );
    assert_eq!(snapshot(r), before, "{args:?} changed something");
}

const ALL: &[&str] = &["--write", "--commit", "--tag"];

#[test]
fn preflight_failures_change_nothing() {
    let r = project("preflight");
    // The tag exists already (on a commit outside this history).
    let sig = git2::Signature::now("Ann", "ann@example.com").unwrap();
    let tree = r.git.head().unwrap().peel_to_tree().unwrap();
    let elsewhere = r
        .git
        .commit(None, &sig, &sig, "elsewhere", &tree, &[])
        .unwrap();
    r.tag("v1.1.0", elsewhere);
    refused(&r, ALL, "tag_exists");
    r.git
        .find_reference("refs/tags/v1.1.0")
        .unwrap()
        .delete()
        .unwrap();

    // A staged change to another file would slip into the commit.
    std::fs::write(r.dir.join("file.txt"), "staged").unwrap();
    let mut index = r.git.index().unwrap();
    index.add_path(Path::new("file.txt")).unwrap();
    index.write().unwrap();
    refused(&r, ALL, "staged_changes");
    let head = r.git.head().unwrap().peel_to_commit().unwrap();
    index.read_tree(&head.tree().unwrap()).unwrap();
    index.write().unwrap();

    // A read-only version file.
    {
        use std::os::unix::fs::PermissionsExt;
        let file = r.dir.join("package.json");
        std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o444)).unwrap();
        refused(&r, ALL, "read_only_file");
        refused(&r, &["--write"], "read_only_file");
        std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o644)).unwrap();
    }

    // A detached HEAD, unless allowed.
    r.git.set_head_detached(head.id()).unwrap();
    refused(&r, ALL, "detached_head");
    let run = relcore(
        &release_args(&r, &["--write", "--commit", "--allow-detached"]),
        None,
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_ne!(r.git.head().unwrap().target(), Some(head.id()));
}

#[test]
fn no_identity_changes_nothing() {
    let r = project("identity");
    let home = r.dir.join(".git/empty-home");
    std::fs::create_dir_all(&home).unwrap();
    let mut config = r.git.config().unwrap();
    config.remove("user.name").unwrap();
    config.remove("user.email").unwrap();
    let before = snapshot(&r);
    let out = Command::new(env!("CARGO_BIN_EXE_relcore"))
        .args(release_args(&r, ALL))
        .env("HOME", &home)
        .env("XDG_CONFIG_HOME", &home)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env_remove("GIT_AUTHOR_NAME")
        .env_remove("GIT_COMMITTER_NAME")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("error[no_identity]"), "{stderr}");
    assert_eq!(snapshot(&r), before);
}

#[test]
fn signing_that_fails_restores_the_files_and_moves_no_ref() {
    let r = project("sign-fail");
    let mut config = r.git.config().unwrap();
    config
        .set_str("gpg.program", "relcore-no-such-gpg")
        .unwrap();
    refused(
        &r,
        &["--write", "--commit", "--tag", "--sign"],
        "signing_failed",
    );
    // Without --sign, git's commit.gpgSign asks for the same.
    config.set_bool("commit.gpgSign", true).unwrap();
    refused(&r, &["--write", "--commit"], "signing_failed");
    config.set_bool("commit.gpgSign", false).unwrap();
    config.set_bool("tag.gpgSign", true).unwrap();
    refused(&r, &["--tag"], "signing_failed");
    let run = relcore(
        &release_args(&r, &["--write", "--commit", "--tag", "--sign"]),
        None,
    );
    assert!(run.stderr.contains("relcore-no-such-gpg"), "{}", run.stderr);
    assert!(run.stderr.contains("restored"), "{}", run.stderr);
}

#[test]
fn ssh_signed_release_verifies_with_git() {
    if Command::new("ssh-keygen").arg("-?").output().is_err() {
        eprintln!("note: ssh-keygen is not on PATH; skipping the signing test");
        return;
    }
    let r = project("sign-ssh");
    let key = r.dir.join(".git/test-key");
    let ok = Command::new("ssh-keygen")
        .args([
            "-q",
            "-t",
            "ed25519",
            "-N",
            "",
            "-C",
            "bot@example.com",
            "-f",
        ])
        .arg(&key)
        .status()
        .unwrap();
    assert!(ok.success());
    let public = std::fs::read_to_string(key.with_extension("pub")).unwrap();
    let allowed = r.dir.join(".git/allowed-signers");
    std::fs::write(&allowed, format!("bot@example.com {public}")).unwrap();
    let mut config = r.git.config().unwrap();
    config.set_str("gpg.format", "ssh").unwrap();
    config
        .set_str("user.signingkey", key.to_str().unwrap())
        .unwrap();
    config
        .set_str("gpg.ssh.allowedSignersFile", allowed.to_str().unwrap())
        .unwrap();
    let run = relcore(
        &release_args(&r, &["--write", "--commit", "--tag", "--sign"]),
        None,
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let head = r.git.head().unwrap().peel_to_commit().unwrap();
    assert!(
        head.header_field_bytes("gpgsig").is_ok(),
        "the commit is signed"
    );
    if Command::new("git").arg("--version").output().is_ok() {
        for args in [vec!["verify-commit", "HEAD"], vec!["verify-tag", "v1.1.0"]] {
            let out = Command::new("git")
                .current_dir(&r.dir)
                .args(&args)
                .output()
                .unwrap();
            assert!(
                out.status.success(),
                "{args:?}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
    }
}

#[test]
fn openpgp_signed_release_verifies_with_git() {
    let r = project("sign-gpg");
    let home = r.dir.join(".git/gnupg");
    std::fs::create_dir_all(&home).unwrap();
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&home, std::fs::Permissions::from_mode(0o700)).unwrap();
    }
    let generated = Command::new("gpg")
        .env("GNUPGHOME", &home)
        .args(["--batch", "--pinentry-mode", "loopback", "--passphrase", ""])
        .args([
            "--quick-gen-key",
            "Release Bot <bot@example.com>",
            "ed25519",
            "sign",
            "never",
        ])
        .output();
    if !generated.as_ref().is_ok_and(|o| o.status.success()) {
        eprintln!("note: gpg is not on PATH or cannot make a key; skipping the OpenPGP test");
        return;
    }
    // gpg.format unset: OpenPGP, `gpg`, the committer's identity as the key.
    let run = Command::new(env!("CARGO_BIN_EXE_relcore"))
        .env("GNUPGHOME", &home)
        .args(release_args(
            &r,
            &["--write", "--commit", "--tag", "--sign"],
        ))
        .output()
        .unwrap();
    assert_eq!(
        run.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let head = r.git.head().unwrap().peel_to_commit().unwrap();
    let sig = head.header_field_bytes("gpgsig").unwrap();
    assert!(
        sig.as_str()
            .unwrap()
            .starts_with("-----BEGIN PGP SIGNATURE-----")
    );
    if Command::new("git").arg("--version").output().is_ok() {
        for args in [vec!["verify-commit", "HEAD"], vec!["verify-tag", "v1.1.0"]] {
            let out = Command::new("git")
                .env("GNUPGHOME", &home)
                .current_dir(&r.dir)
                .args(&args)
                .output()
                .unwrap();
            assert!(
                out.status.success(),
                "{args:?}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
    }
    let _ = Command::new("gpgconf")
        .env("GNUPGHOME", &home)
        .args(["--kill", "gpg-agent"])
        .output();
}

#[test]
fn paths_outside_the_work_tree_are_refused() {
    let r = project("outside");
    let outside = r.dir.with_extension("outside.md");
    std::fs::write(&outside, "# Not yours\n").unwrap();
    for (config, code) in [
        (
            "[changelog]\npath = \"../../x.md\"\n",
            "path_outside_repository",
        ),
        (
            &*format!("[changelog]\npath = \"{}\"\n", outside.display()),
            "path_outside_repository",
        ),
        (
            "[changelog]\npath = \".git/config\"\n",
            "path_outside_repository",
        ),
        (
            "version_files = [\"../demo/Cargo.toml\"]\n",
            "path_outside_repository",
        ),
        (
            "[changelog]\ntemplate = \"/etc/passwd\"\n",
            "path_outside_repository",
        ),
        (
            "[changelog]\ntemplate = \"../../../../etc/passwd\"\n",
            "path_outside_repository",
        ),
    ] {
        std::fs::write(r.dir.join("relcore.toml"), config).unwrap();
        refused(&r, &["--write"], code);
        refused(&r, ALL, code);
    }
    // A symlink out of the tree is refused; one inside is written through.
    std::fs::write(r.dir.join("relcore.toml"), "").unwrap();
    std::fs::remove_file(r.dir.join("CHANGELOG.md")).unwrap();
    std::os::unix::fs::symlink(&outside, r.dir.join("CHANGELOG.md")).unwrap();
    refused(&r, &["--write"], "symlink_outside_repository");
    assert_eq!(std::fs::read_to_string(&outside).unwrap(), "# Not yours\n");
    std::fs::remove_file(r.dir.join("CHANGELOG.md")).unwrap();
    std::fs::create_dir_all(r.dir.join("docs")).unwrap();
    std::fs::write(r.dir.join("docs/CHANGES.md"), "# Changelog\n").unwrap();
    std::os::unix::fs::symlink("docs/CHANGES.md", r.dir.join("CHANGELOG.md")).unwrap();
    commit_all(&r, "docs: move the changelog");
    sync_index(&r);
    let run = relcore(&release_args(&r, &["--write", "--commit"]), None);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        std::fs::symlink_metadata(r.dir.join("CHANGELOG.md"))
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert!(
        std::fs::read_to_string(r.dir.join("docs/CHANGES.md"))
            .unwrap()
            .contains("## [1.1.0]")
    );
    let head = r.git.head().unwrap().peel_to_commit().unwrap();
    let parent = head.parent(0).unwrap();
    let diff = r
        .git
        .diff_tree_to_tree(
            Some(&parent.tree().unwrap()),
            Some(&head.tree().unwrap()),
            None,
        )
        .unwrap();
    let changed: Vec<String> = diff
        .deltas()
        .map(|d| d.new_file().path().unwrap().display().to_string())
        .collect();
    assert_eq!(changed, ["docs/CHANGES.md"]);
    let _ = std::fs::remove_file(&outside);
}

#[test]
fn permissions_are_kept_and_no_temp_file_is_left() {
    use std::os::unix::fs::PermissionsExt;
    let r = project("modes");
    let file = r.dir.join("Cargo.toml");
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o600)).unwrap();
    let script = r.dir.join("package.json");
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o750)).unwrap();
    let run = relcore(&release_args(&r, &["--write"]), None);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&file), 0o600);
    assert_eq!(mode(&script), 0o750);
    assert_eq!(temps(&r.dir), Vec::<PathBuf>::new());
    assert!(!r.dir.join(".git/relcore-journal").exists());
}

/// relcore's temporary files anywhere in the work tree or the git directory.
fn temps(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        if path.is_dir() && !path.is_symlink() {
            if name != "objects" {
                found.extend(temps(&path));
            }
        } else if name.starts_with(".relcore-") || name == "relcore-journal" {
            found.push(path);
        }
    }
    found
}

/// A pseudo-random number from the clock and a counter (no dependency needed).
fn random(seed: &mut u64) -> u64 {
    *seed ^= *seed << 13;
    *seed ^= *seed >> 7;
    *seed ^= *seed << 17;
    *seed
}

#[test]
fn a_killed_release_leaves_all_old_or_all_new() {
    let r = project("crash");
    let names = ["CHANGELOG.md", "Cargo.toml", "package.json"];
    let read = || -> Vec<String> {
        names
            .iter()
            .map(|n| std::fs::read_to_string(r.dir.join(n)).unwrap())
            .collect()
    };
    let old = read();
    let run = relcore(&release_args(&r, &["--write"]), None);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let new = read();
    let seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .subsec_nanos();
    let mut seed = u64::from(seed) | 1;
    let (mut old_seen, mut new_seen, mut recovered) = (0, 0, 0);
    for _ in 0..30 {
        for (name, text) in names.iter().zip(&old) {
            std::fs::write(r.dir.join(name), text).unwrap();
        }
        let mut child = Command::new(env!("CARGO_BIN_EXE_relcore"))
            .args(release_args(&r, &["--write"]))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_micros(random(&mut seed) % 50_000));
        let _ = child.kill();
        let _ = child.wait();
        let journal = r.dir.join(".git/relcore-journal").exists();
        let run = relcore(&["recover", "--repo", r.path(), "--json"], None);
        assert_eq!(run.code, 0, "{}", run.stderr);
        recovered += usize::from(journal);
        let now = read();
        assert!(
            now == old || now == new,
            "a mix of old and new files: {now:?}"
        );
        if now == old {
            old_seen += 1;
        } else {
            new_seen += 1;
        }
        assert_eq!(temps(&r.dir), Vec::<PathBuf>::new(), "temporary files left");
    }
    eprintln!(
        "crash test: 30 kills, {old_seen} left all old, {new_seen} all new, {recovered} recovered from the journal"
    );
}

/// Runs relcore with stdout (or stderr) a pipe whose reading end is closed at once;
/// returns the exit code and what the other stream said.
fn closed_pipe(args: &[&str], close_stdout: bool) -> (Option<i32>, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_relcore"))
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let out = child.stdout.take().unwrap();
    let err = child.stderr.take().unwrap();
    let mut text = String::new();
    if close_stdout {
        drop(out);
        let _ = std::io::Read::read_to_string(&mut { err }, &mut text);
    } else {
        drop(err);
        let _ = std::io::Read::read_to_string(&mut { out }, &mut text);
    }
    (child.wait().unwrap().code(), text)
}

#[test]
fn a_closed_pipe_never_panics_and_keeps_the_exit_code() {
    let mut r = Repo::new("pipe");
    let first = r.commit("feat: first");
    r.tag("v1.0.0", first);
    for i in 0..50 {
        r.commit(&format!(
            "feat: change number {i} with a long enough description"
        ));
    }
    let changelog = r.dir.join("CHANGELOG.md");
    std::fs::write(&changelog, "# Changelog\n").unwrap();
    let update = changelog.to_str().unwrap().to_owned();
    let repo = r.path().to_owned();
    let bad_plan = r.dir.join("bad.yml");
    std::fs::write(&bad_plan, "deployment: {}\n").unwrap();
    let cases: Vec<(Vec<&str>, i32)> = vec![
        (vec!["changelog", "--repo", &repo], 0),
        (vec!["changelog", "--repo", &repo, "--update", &update], 0),
        (vec!["changelog", "--repo", &repo, "--all"], 0),
        (vec!["changelog", "--repo", &repo, "--all", "--json"], 0),
        (vec!["release", "--repo", &repo], 0),
        (vec!["release", "--repo", &repo, "--json"], 0),
        (vec!["next", "--repo", &repo], 0),
        (vec!["plan", "check", bad_plan.to_str().unwrap()], 1),
        (vec!["version", "sort", "1.0.0", "01.0.0", "0.1.0"], 1),
        (vec!["version", "check", "x"], 1),
        (vec!["version", "bump", "1.0.0", "huge"], 2),
    ];
    for (args, code) in &cases {
        for close_stdout in [true, false] {
            let (got, other) = closed_pipe(args, close_stdout);
            assert_eq!(
                got,
                Some(*code),
                "{args:?} with closed {}: {other}",
                if close_stdout { "stdout" } else { "stderr" }
            );
            assert!(!other.contains("panicked"), "{args:?}: {other}");
        }
    }
}
