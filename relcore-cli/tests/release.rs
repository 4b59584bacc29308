//! `relcore release`, and `next`/`changelog` reading a repository: throw-away repositories
//! built with git2, fixed identities and times.

use std::path::{Path, PathBuf};

use git2::{Signature, Time};

use crate::util::relcore;

/// A temporary repository, removed on drop.
pub(crate) struct Repo {
    pub(crate) dir: PathBuf,
    pub(crate) git: git2::Repository,
    clock: i64,
}

impl Repo {
    pub(crate) fn new(name: &str) -> Repo {
        let dir = std::env::temp_dir().join(format!("relcore-cli-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let repo = git2::Repository::init(&dir).unwrap();
        let mut config = repo.config().unwrap();
        config.set_str("user.name", "Release Bot").unwrap();
        config.set_str("user.email", "bot@example.com").unwrap();
        Repo {
            dir,
            git: repo,
            clock: 1_700_000_000,
        }
    }

    pub(crate) fn commit(&mut self, message: &str) -> git2::Oid {
        self.commit_in(message, "file.txt")
    }

    /// A commit that writes `message` to `file` (a path relative to the root).
    pub(crate) fn commit_in(&mut self, message: &str, file: &str) -> git2::Oid {
        self.commit_file(message, file, message)
    }

    /// A commit that writes `text` to `file` (a path relative to the root).
    pub(crate) fn commit_file(&mut self, message: &str, file: &str, text: &str) -> git2::Oid {
        self.clock += 60;
        let path = self.dir.join(file);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, text).unwrap();
        let mut index = self.git.index().unwrap();
        // relcore may have written the index since (a release commit): read it again.
        index.read(false).unwrap();
        index.add_path(Path::new(file)).unwrap();
        index.write().unwrap();
        let tree = self.git.find_tree(index.write_tree().unwrap()).unwrap();
        let sig = Signature::new("Ann", "ann@example.com", &Time::new(self.clock, 0)).unwrap();
        let parent = self.git.head().ok().and_then(|h| h.peel_to_commit().ok());
        let parents: Vec<&git2::Commit<'_>> = parent.iter().collect();
        self.git
            .commit(Some("HEAD"), &sig, &sig, message, &tree, &parents)
            .unwrap()
    }

    pub(crate) fn tag(&self, name: &str, at: git2::Oid) {
        self.git
            .tag_lightweight(name, &self.git.find_object(at, None).unwrap(), false)
            .unwrap();
    }

    pub(crate) fn path(&self) -> &str {
        self.dir.to_str().unwrap()
    }
}

impl Drop for Repo {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

#[test]
fn release_dry_run_write_and_tag() {
    let mut r = Repo::new("release");
    let first = r.commit("feat: first");
    r.tag("v1.0.0", first);
    r.commit("fix: handle empty input (#7)");
    r.commit("feat(api): add search");
    r.commit("docs: explain search");
    let changelog = r.dir.join("CHANGELOG.md");

    let run = relcore(
        &[
            "release",
            "--repo",
            r.path(),
            "--date",
            "2025-11-15",
            "--json",
        ],
        None,
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let doc = run.json();
    assert_eq!(
        (
            doc["current"].as_str(),
            doc["next"].as_str(),
            doc["level"].as_str()
        ),
        (Some("1.0.0"), Some("1.1.0"), Some("minor"))
    );
    assert_eq!(doc["current_tag"], "v1.0.0");
    assert_eq!(doc["commits"], 3);
    assert_eq!(doc["files"][0]["state"], "would_change");
    assert!(
        doc["section"]
            .as_str()
            .unwrap()
            .starts_with("## [1.1.0] - 2025-11-15\n")
    );
    assert_eq!(doc["tag"], "v1.1.0");
    assert_eq!(doc["classification"]["type"], "feature", "{doc}");
    assert!(!changelog.exists(), "a dry run writes nothing");

    let run = relcore(
        &[
            "release",
            "--repo",
            r.path(),
            "--date",
            "2025-11-15",
            "--write",
        ],
        None,
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let text = std::fs::read_to_string(&changelog).unwrap();
    assert!(text.starts_with("# Changelog\n"), "{text}");
    assert!(
        text.contains("## [1.1.0] - 2025-11-15\n\n### Added\n\n- **api**: add search"),
        "{text}"
    );

    let run = relcore(
        &[
            "release",
            "--repo",
            r.path(),
            "--date",
            "2025-11-15",
            "--write",
        ],
        None,
    );
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("error[version_exists]"),
        "{}",
        run.stderr
    );
    assert_eq!(std::fs::read_to_string(&changelog).unwrap(), text);

    let run = relcore(&["release", "--repo", r.path(), "--tag"], None);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let tag = r
        .git
        .find_reference("refs/tags/v1.1.0")
        .unwrap()
        .peel_to_tag()
        .unwrap();
    assert!(tag.message().unwrap().unwrap().starts_with("# 1.1.0"));
    let run = relcore(&["release", "--repo", r.path(), "--tag"], None);
    assert_eq!(
        run.code, 1,
        "nothing to release once HEAD is tagged: {}",
        run.stdout
    );
}

#[test]
fn next_and_changelog_read_the_repository_by_default() {
    let mut r = Repo::new("next");
    let first = r.commit("feat: first");
    r.tag("v0.3.0", first);
    r.commit("feat!: breaking on zero");
    let run = relcore(&["next", "--repo", r.path(), "--json"], None);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.json()["next"], "0.4.0");
    let run = relcore(
        &["changelog", "--repo", r.path(), "--date", "2025-01-01"],
        None,
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.starts_with("## [0.4.0] - 2025-01-01"),
        "{}",
        run.stdout
    );
    std::fs::write(
        r.dir.join("relcore.toml"),
        "[bump]\nbreaking_always_bump_major = true\n",
    )
    .unwrap();
    assert_eq!(
        relcore(&["next", "--repo", r.path(), "--json"], None).json()["next"],
        "1.0.0"
    );
}

#[test]
fn errors_have_slugs_and_locations() {
    let none = std::env::temp_dir().join(format!("relcore-cli-norepo-{}", std::process::id()));
    std::fs::create_dir_all(&none).unwrap();
    let run = relcore(
        &["release", "--repo", none.to_str().unwrap(), "--json"],
        None,
    );
    if run.code == 2 && run.json()["code"] == "not_a_repository" {
        // The temp directory is not inside a repository here, as expected.
    } else {
        assert_eq!(run.code, 2, "{}", run.stdout);
    }
    std::fs::remove_dir_all(&none).unwrap();

    let empty = Repo::new("empty");
    let run = relcore(&["release", "--repo", empty.path(), "--json"], None);
    assert_eq!(
        (run.code, run.json()["code"].as_str()),
        (2, Some("empty_repository"))
    );

    let mut bad = Repo::new("badconfig");
    bad.commit("feat: x");
    std::fs::write(
        bad.dir.join("relcore.toml"),
        "tag_format = \"v{version}\"\n[bump]\nchanel = \"rc\"\n",
    )
    .unwrap();
    let run = relcore(&["release", "--repo", bad.path()], None);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("error[invalid_config]"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("relcore.toml:3:1"), "{}", run.stderr);
    assert!(
        run.stderr.contains("unknown field `chanel`"),
        "{}",
        run.stderr
    );
}

#[test]
fn write_updates_changelog_and_version_files_together() {
    let mut r = Repo::new("files");
    let first = r.commit("feat: first");
    r.tag("v0.4.1", first);
    r.commit("fix: second");
    std::fs::write(
        r.dir.join("Cargo.toml"),
        "[package]\nname = \"demo\"\nversion = \"0.4.1\" # managed by relcore\n",
    )
    .unwrap();
    std::fs::write(
        r.dir.join("package.json"),
        "{\n  \"name\": \"demo\",\n  \"version\": \"0.4.1\"\n}\n",
    )
    .unwrap();
    std::fs::write(
        r.dir.join("relcore.toml"),
        "version_files = [\"Cargo.toml\", \"package.json\"]\n",
    )
    .unwrap();
    let run = relcore(
        &[
            "release",
            "--repo",
            r.path(),
            "--date",
            "2025-02-02",
            "--write",
            "--json",
        ],
        None,
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let doc = run.json();
    let states: Vec<&str> = doc["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["state"].as_str().unwrap())
        .collect();
    assert_eq!(states, ["written", "written", "written"]);
    assert_eq!(
        std::fs::read_to_string(r.dir.join("Cargo.toml")).unwrap(),
        "[package]\nname = \"demo\"\nversion = \"0.4.2\" # managed by relcore\n"
    );
    assert!(
        std::fs::read_to_string(r.dir.join("package.json"))
            .unwrap()
            .contains("\"version\": \"0.4.2\"")
    );
    assert!(
        std::fs::read_to_string(r.dir.join("CHANGELOG.md"))
            .unwrap()
            .contains("## [0.4.2] - 2025-02-02")
    );

    // A version file that cannot take the version stops everything: nothing is written.
    let mut r = Repo::new("files-bad");
    let first = r.commit("feat: first");
    r.tag("v1.0.0", first);
    r.commit("fix: second");
    std::fs::write(
        r.dir.join("pyproject.toml"),
        "[project]\nname = \"x\"\ndynamic = [\"version\"]\n",
    )
    .unwrap();
    std::fs::write(
        r.dir.join("relcore.toml"),
        "version_files = [\"pyproject.toml\"]\n",
    )
    .unwrap();
    let run = relcore(&["release", "--repo", r.path(), "--write"], None);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(
        run.stderr.contains("error[dynamic_version]"),
        "{}",
        run.stderr
    );
    assert!(!r.dir.join("CHANGELOG.md").exists(), "all or nothing");
}

#[test]
fn changelog_all_renders_every_release_tag() {
    let mut r = Repo::new("all");
    r.commit("feat: first");
    let one = r.commit("fix: early bug");
    r.tag("v1.0.0", one);
    r.commit("feat(api): search");
    let two = r.commit("fix: later bug");
    r.tag("v1.1.0", two);
    r.commit("feat: unreleased work");
    let run = relcore(&["changelog", "--repo", r.path(), "--all"], None);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let text = run.stdout;
    let day = chrono_day(1_700_000_000 + 4 * 60);
    assert!(
        text.contains(&format!(
            ")\n\n## [1.1.0] - {day}\n\n### Added\n\n- **api**: search ("
        )),
        "{text}"
    );
    assert!(text.contains("### Fixed\n\n- later bug ("), "{text}");
    assert!(text.contains("## [1.0.0] - "), "{text}");
    assert!(text.contains("- first ("), "{text}");
    // The commits after the last tag are the Unreleased section.
    assert!(
        text.contains("## [Unreleased]\n\n### Added\n\n- unreleased work ("),
        "{text}"
    );
}

/// `YYYY-MM-DD` of a Unix time, in UTC.
fn chrono_day(seconds: i64) -> String {
    let days = seconds.div_euclid(86_400);
    // 2023-11-14 is day 19675 since the epoch; the fixed test clock stays on that day.
    assert_eq!(days, 19_675);
    "2023-11-14".to_owned()
}

#[test]
fn release_checks_the_rollout_plan_and_refuses_to_write_with_errors() {
    let mut r = Repo::new("release-plan");
    let first = r.commit("feat: first");
    r.tag("v1.0.0", first);
    r.commit("feat(api): add search");
    // A plan without a rollback section: `missing_rollback` is an error.
    std::fs::write(
        r.dir.join("rollout.yml"),
        "deployment:\n  strategy: rolling\n  stages:\n    - { name: all, percentage: 100 }\n",
    )
    .unwrap();
    let args = ["release", "--repo", r.path(), "--date", "2025-11-15"];
    let run = relcore(&args, None);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(
        run.stderr.contains("error[missing_rollback]"),
        "{}",
        run.stderr
    );
    assert!(
        run.stdout.contains("plan rollout.yml: 1 error, 0 warnings"),
        "{}",
        run.stdout
    );
    let json = relcore(&[&args[..], &["--json"]].concat(), None).json();
    assert_eq!(json["plan"]["file"], "rollout.yml");
    assert_eq!(json["plan"]["diagnostics"][0]["code"], "missing_rollback");
    // --write refuses, and writes nothing.
    let run = relcore(&[&args[..], &["--write"]].concat(), None);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(
        run.stdout.contains("not writing or tagging"),
        "{}",
        run.stdout
    );
    assert!(!r.dir.join("CHANGELOG.md").exists());
    // Fixed, the release goes through.
    std::fs::write(
        r.dir.join("rollout.yml"),
        "deployment:\n  strategy: rolling\n  stages:\n    - { name: all, percentage: 100 }\nrollback: { triggers: [\"error-rate > 5%\"] }\n",
    )
    .unwrap();
    let run = relcore(&[&args[..], &["--write"]].concat(), None);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(r.dir.join("CHANGELOG.md").exists());
}

/// `--range` lints each message as committed: a body without its blank line is found as
/// a `commit-msg` hook finds it.
#[test]
fn commit_lint_range_reads_messages_as_committed() {
    // The message as committed: a body without its blank line is seen, as in a hook.
    let mut raw = Repo::new("lint-range-raw");
    raw.commit("fix: a\nbody right under the header");
    let run = relcore(
        &["commit", "lint", "--range", "--repo", raw.path(), "--json"],
        None,
    );
    assert_eq!(run.code, 1, "{}", run.stdout);
    let codes: Vec<String> = run.json()["commits"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap().to_owned())
        .collect();
    let hook = relcore(
        &["commit", "lint", "--json"],
        Some("fix: a\nbody right under the header"),
    );
    let hook_codes: Vec<String> = hook.json()["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap().to_owned())
        .collect();
    assert!(!codes.is_empty());
    assert_eq!(codes, hook_codes);
}

#[test]
fn commit_lint_range_reports_each_commit_by_id() {
    let mut r = Repo::new("lint-range");
    let first = r.commit("feat: first");
    r.tag("v1.0.0", first);
    r.commit("Update README.md");
    let bad = r.commit("feat(api):add search");
    r.commit("Merge branch 'main' into feature/search");
    r.commit("Revert \"feat(api):add search\"\n\nThis reverts commit 1234567.");
    r.commit("fixup! feat(api):add search");
    r.commit("fix: handle empty input (#7)");

    // Default: since the latest release tag; git's own messages pass.
    let run = relcore(
        &["commit", "lint", "--range", "--repo", r.path(), "--json"],
        None,
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    let doc = run.json();
    assert_eq!(
        (doc["linted"].as_u64(), doc["skipped"].as_u64()),
        (Some(3), Some(3))
    );
    assert_eq!(doc["since"], "v1.0.0");
    let commits = doc["commits"].as_array().unwrap();
    assert_eq!(commits.len(), 2);
    assert_eq!(commits[0]["id"], bad.to_string());
    assert_eq!(
        commits[0]["diagnostics"][0]["code"],
        "missing_space_after_colon"
    );
    assert_eq!(commits[1]["header"], "Update README.md");
    assert_eq!(commits[1]["diagnostics"][0]["code"], "missing_colon");

    // Human output names the short id; switches lint git's messages too.
    let run = relcore(
        &[
            "commit",
            "lint",
            "--range",
            "--repo",
            r.path(),
            "--lint-reverts",
            "--lint-fixups",
        ],
        None,
    );
    assert_eq!(run.code, 1);
    let short = &bad.to_string()[..7];
    assert!(
        run.stdout.contains(short) || run.stderr.contains(short),
        "{}{}",
        run.stdout,
        run.stderr
    );
    assert!(
        run.stdout
            .contains("5 commits linted (1 written by git skipped)"),
        "{}",
        run.stdout
    );

    // An explicit range: only the last commit, which is fine.
    let range = format!("{bad}..HEAD~1");
    let run = relcore(
        &[
            "commit",
            "lint",
            "--range",
            &range,
            "--repo",
            r.path(),
            "--json",
        ],
        None,
    );
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert_eq!(run.json()["skipped"], 3);
    let run = relcore(
        &[
            "commit",
            "lint",
            "--range",
            "HEAD~1..",
            "--repo",
            r.path(),
            "--json",
        ],
        None,
    );
    assert_eq!((run.code, run.json()["linted"].as_u64()), (0, Some(1)));
    let run = relcore(
        &[
            "commit",
            "lint",
            "--range",
            "nope..",
            "--repo",
            r.path(),
            "--json",
        ],
        None,
    );
    assert_eq!(run.code, 2);
    assert_eq!(run.json()["code"], "unknown_revision");
}

#[test]
fn write_bumps_an_inheriting_member_through_the_workspace_and_its_lock_entry() {
    let mut r = Repo::new("workspace");
    let first = r.commit("feat: first");
    r.tag("v0.4.1", first);
    r.commit("fix: second");
    let root = "[workspace]\nmembers = [\"crates/*\"]\nresolver = \"2\"\n\n[workspace.package]\nversion = '0.4.1'\nedition = \"2021\"\n";
    std::fs::write(r.dir.join("Cargo.toml"), root).unwrap();
    std::fs::create_dir_all(r.dir.join("crates/core")).unwrap();
    let member =
        "[package]\nname = \"demo-core\"\nversion.workspace = true\nedition.workspace = true\n";
    std::fs::write(r.dir.join("crates/core/Cargo.toml"), member).unwrap();
    let lock = "# This file is automatically @generated by Cargo.\n# It is not intended for manual editing.\nversion = 4\n\n[[package]]\nname = \"demo-core\"\nversion = \"0.4.1\"\ndependencies = [\n \"serde\",\n]\n\n[[package]]\nname = \"serde\"\nversion = \"0.4.1\"\nsource = \"registry+https://github.com/rust-lang/crates.io-index\"\nchecksum = \"0000\"\n";
    std::fs::write(r.dir.join("Cargo.lock"), lock).unwrap();
    std::fs::write(r.dir.join("VERSION"), "0.4.2\n").unwrap();
    std::fs::write(
        r.dir.join("relcore.toml"),
        "version_files = [\"crates/core/Cargo.toml\", \"VERSION\"]\n",
    )
    .unwrap();
    let run = relcore(
        &[
            "release",
            "--repo",
            r.path(),
            "--date",
            "2025-02-02",
            "--write",
            "--json",
        ],
        None,
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let doc = run.json();
    let files: Vec<(String, String)> = doc["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let path = f["path"].as_str().unwrap();
            let rel = path
                .strip_prefix(r.path())
                .unwrap_or(path)
                .trim_start_matches('/');
            (rel.to_owned(), f["state"].as_str().unwrap().to_owned())
        })
        .collect();
    let expected = [
        ("CHANGELOG.md", "written"),
        ("Cargo.toml", "written"),
        ("VERSION", "unchanged"),
        ("Cargo.lock", "written"),
    ];
    let expected: Vec<(String, String)> = expected
        .iter()
        .map(|(p, s)| ((*p).to_owned(), (*s).to_owned()))
        .collect();
    assert_eq!(files, expected);
    assert_eq!(
        std::fs::read_to_string(r.dir.join("Cargo.toml")).unwrap(),
        root.replace("'0.4.1'", "'0.4.2'")
    );
    assert_eq!(
        std::fs::read_to_string(r.dir.join("crates/core/Cargo.toml")).unwrap(),
        member
    );
    assert_eq!(
        std::fs::read_to_string(r.dir.join("Cargo.lock")).unwrap(),
        lock.replacen("version = \"0.4.1\"", "version = \"0.4.2\"", 1)
    );
    assert_eq!(
        std::fs::read_to_string(r.dir.join("VERSION")).unwrap(),
        "0.4.2\n"
    );
}

#[test]
fn release_write_keeps_the_changelogs_own_style() {
    let mut r = Repo::new("style");
    let first = r.commit("feat: first");
    r.tag("v1.0.0", first);
    r.commit("feat(api): add search");
    let existing = "# Changelog\n\n## [1.0.0](https://github.com/acme/api/compare/v0.9.0...v1.0.0) (2025-01-10)\n\n\n### Features\n\n* first ([1111111](https://github.com/acme/api/commit/1111111))\n\n\n### Bug Fixes\n\n* crash ([2222222](https://github.com/acme/api/commit/2222222))\n";
    std::fs::write(r.dir.join("CHANGELOG.md"), existing).unwrap();
    let run = relcore(
        &[
            "release",
            "--repo",
            r.path(),
            "--date",
            "2025-02-02",
            "--write",
        ],
        None,
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let text = std::fs::read_to_string(r.dir.join("CHANGELOG.md")).unwrap();
    assert!(
        text.starts_with(
            "# Changelog\n\n## 1.1.0 (2025-02-02)\n\n\n### Features\n\n* **api:** add search ("
        ),
        "{text}"
    );
    assert!(
        text.ends_with(existing.strip_prefix("# Changelog\n\n").unwrap()),
        "{text}"
    );
    assert!(
        !text.contains("[1.1.0]:"),
        "no link definitions in this style: {text}"
    );

    // `relcore changelog --update` does the same; `--format` overrides the file's style.
    let path = r.dir.join("CHANGELOG.md");
    let path = path.to_str().unwrap();
    let run = relcore(
        &[
            "changelog",
            "--repo",
            r.path(),
            "--next",
            "1.2.0",
            "--date",
            "2025-03-03",
            "--update",
            path,
        ],
        None,
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout
            .contains("## 1.2.0 (2025-03-03)\n\n\n### Features"),
        "{}",
        run.stdout
    );
    let run = relcore(
        &[
            "changelog",
            "--repo",
            r.path(),
            "--next",
            "1.2.0",
            "--date",
            "2025-03-03",
            "--update",
            path,
            "--format",
            "keep-a-changelog",
        ],
        None,
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains("## [1.2.0] - 2025-03-03\n\n### Added"),
        "{}",
        run.stdout
    );
}
