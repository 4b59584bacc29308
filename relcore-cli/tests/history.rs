//! Real-history situations through the binary: release candidates folded into the stable
//! release, unreleased commits in `changelog --all`, shallow clones, clones without tags.

use crate::release::Repo;
use crate::util::relcore;

/// `v1.1.0`, `v1.2.0-rc.1` (a feature), `v1.2.0-rc.2`, one more fix: the stable release
/// carries the whole cycle in `changelog` and `release`; `changelog --all` keeps the
/// candidates' sections and lists the last fix as unreleased.
#[test]
fn stable_release_after_release_candidates() {
    let mut r = Repo::new("rc-cycle");
    let c = r.commit("feat: base");
    r.tag("v1.1.0", c);
    let c = r.commit("feat: search");
    r.tag("v1.2.0-rc.1", c);
    let c = r.commit("fix: search crash");
    r.tag("v1.2.0-rc.2", c);
    r.commit("fix: last fix");

    let next = relcore(&["next", "--repo", r.path(), "--json"], None);
    assert_eq!(next.code, 0, "{}", next.stderr);
    assert_eq!(next.json()["next"], "1.2.0");

    let changelog = relcore(
        &["changelog", "--repo", r.path(), "--date", "2026-01-05"],
        None,
    );
    assert_eq!(changelog.code, 0, "{}", changelog.stderr);
    let out = &changelog.stdout;
    assert!(
        out.starts_with("## [1.2.0] - 2026-01-05\n\n### Added\n\n- search ("),
        "{out}"
    );
    assert!(
        out.contains("### Fixed\n\n- search crash (") && out.contains("- last fix ("),
        "{out}"
    );

    let release = relcore(
        &[
            "release",
            "--repo",
            r.path(),
            "--date",
            "2026-01-05",
            "--json",
        ],
        None,
    );
    assert_eq!(release.code, 0, "{}", release.stderr);
    let json = release.json();
    assert_eq!(json["next"], "1.2.0");
    assert_eq!(json["current"], "1.2.0-rc.2");
    // The section has the whole cycle since 1.1.0, and so has its release before.
    assert_eq!(json["release"]["previous"], "1.1.0");
    let section = json["section"].as_str().unwrap();
    assert!(
        section.contains("- search (") && section.contains("- search crash ("),
        "{section}"
    );
    assert_eq!(json["classification"]["type"], "feature");

    // "separate" keeps only what came after the last candidate.
    std::fs::write(
        r.dir.join("relcore.toml"),
        "[changelog]\nprereleases = \"separate\"\n",
    )
    .unwrap();
    let changelog = relcore(
        &["changelog", "--repo", r.path(), "--date", "2026-01-05"],
        None,
    );
    let out = &changelog.stdout;
    assert!(
        out.starts_with("## [1.2.0] - 2026-01-05\n\n### Fixed\n\n- last fix ("),
        "{out}"
    );
    assert!(!out.contains("search"), "{out}");
    std::fs::remove_file(r.dir.join("relcore.toml")).unwrap();

    let all = relcore(&["changelog", "--all", "--repo", r.path(), "--json"], None);
    assert_eq!(all.code, 0, "{}", all.stderr);
    let text = all.json()["text"].as_str().unwrap().to_owned();
    assert!(
        text.contains("## [Unreleased]\n\n### Fixed\n\n- last fix (")
            && text.contains(")\n\n## [1.2.0-rc.2]"),
        "{text}"
    );
    assert!(text.contains("## [1.2.0-rc.1]"), "{text}");
    assert_eq!(all.json()["unreleased"][0]["title"], "Fixed");
}

/// `changelog --all` gives a stable release tagged on its last candidate's commit the
/// whole cycle, not an empty section.
#[test]
fn stable_on_the_last_candidate_gets_the_cycle() {
    let mut r = Repo::new("rc-same-commit");
    let c = r.commit("feat: base");
    r.tag("v1.0.0", c);
    let c = r.commit("feat: search");
    r.tag("v1.1.0-rc.1", c);
    r.tag("v1.1.0", c);
    let all = relcore(&["changelog", "--all", "--repo", r.path()], None);
    assert_eq!(all.code, 0, "{}", all.stderr);
    assert!(
        all.stdout
            .contains("## [1.1.0] - 2023-11-14\n\n### Added\n\n- search (")
            && all
                .stdout
                .contains("## [1.1.0-rc.1] - 2023-11-14\n\n### Added\n\n- search ("),
        "{}",
        all.stdout
    );
}

/// A depth-limited clone that hides the last release tag: exit 2 with `shallow_history`
/// and what to do, never an initial version or a tag.
#[test]
fn shallow_clone_hides_the_last_tag() {
    let mut r = Repo::new("shallow-src");
    let c = r.commit("feat: first");
    r.tag("v1.0.0", c);
    for i in 0..4 {
        r.commit(&format!("fix: {i}"));
    }
    let clone = r.dir.with_extension("clone");
    let _ = std::fs::remove_dir_all(&clone);
    let status = std::process::Command::new("git")
        .args([
            "clone",
            "-q",
            "--depth",
            "1",
            &format!("file://{}", r.path()),
        ])
        .arg(&clone)
        .status()
        .unwrap();
    assert!(status.success());
    let path = clone.to_str().unwrap();
    for args in [
        vec!["next", "--repo", path, "--json"],
        vec!["release", "--repo", path, "--json"],
        vec!["changelog", "--repo", path, "--json"],
        vec!["changelog", "--all", "--repo", path, "--json"],
        vec!["release", "--repo", path, "--write", "--commit", "--tag"],
    ] {
        let run = relcore(&args, None);
        assert_eq!(run.code, 2, "{args:?}: {}{}", run.stdout, run.stderr);
        if args.contains(&"--json") {
            assert_eq!(run.json()["code"], "shallow_history", "{args:?}");
        } else {
            assert!(
                run.stderr.contains("git fetch --unshallow --tags"),
                "{}",
                run.stderr
            );
        }
    }
    let tags = git2::Repository::open(&clone)
        .unwrap()
        .tag_names(None)
        .unwrap()
        .len();
    assert_eq!(tags, 0, "no tag was created");
    std::fs::remove_dir_all(&clone).unwrap();
}

/// Many conventional commits and no release tag (a clone made with `--no-tags`): the
/// answer stands, with a warning in the output and in JSON `warnings`.
#[test]
fn many_commits_without_tags_warn() {
    let mut r = Repo::new("no-tags");
    for i in 0..60 {
        r.commit(&format!("fix: change {i}"));
    }
    let next = relcore(&["next", "--repo", r.path(), "--json"], None);
    assert_eq!(next.code, 0, "{}", next.stderr);
    let warnings = next.json()["warnings"].clone();
    assert!(
        warnings[0]
            .as_str()
            .unwrap()
            .starts_with("no release tag was found among 60 commits"),
        "{warnings}"
    );
    let human = relcore(&["next", "--repo", r.path()], None);
    assert!(
        human
            .stderr
            .starts_with("warning: no release tag was found among 60 commits"),
        "{}",
        human.stderr
    );
    let release = relcore(&["release", "--repo", r.path(), "--json"], None);
    assert_eq!(release.json()["warnings"].as_array().unwrap().len(), 1);
    // A young project with a few commits gets no warning.
    let mut young = Repo::new("young");
    young.commit("feat: start");
    let next = relcore(&["next", "--repo", young.path(), "--json"], None);
    assert_eq!(next.json()["warnings"], serde_json::json!([]));
}

/// Tags spelled in another format than `tag_format` (here `release-1.4.0` against the
/// default `v{version}`): the first version would be proposed, and tagged, by mistake.
/// The warning names the format the tags have, in `next` and `release`, and in JSON;
/// `init` then proposes that format, and the release reads the tags.
#[test]
fn tags_in_another_format_are_named_with_their_format() {
    let mut r = Repo::new("other-format");
    let first = r.commit("feat: start");
    r.tag("release-1.3.0", first);
    let second = r.commit("fix: one");
    r.tag("release-1.4.0", second);
    r.tag("nightly", second);
    r.commit("fix: two");
    let expected = "no release tag matches tag_format \"v{version}\", but 2 tags are spelled \"release-{version}\" (release-1.4.0, release-1.3.0): if they are this project's releases, set tag_format = \"release-{version}\" in relcore.toml";
    let next = relcore(&["next", "--repo", r.path(), "--json"], None);
    assert_eq!(next.code, 0, "{}", next.stderr);
    assert_eq!(next.json()["warnings"], serde_json::json!([expected]));
    let human = relcore(&["next", "--repo", r.path()], None);
    assert_eq!(human.stderr, format!("warning: {expected}\n"));
    let release = relcore(&["release", "--repo", r.path(), "--json"], None);
    assert_eq!(release.json()["warnings"], serde_json::json!([expected]));
    // With the version given, no tag is looked for: no warning.
    let given = relcore(
        &["next", "--repo", r.path(), "--current", "1.4.0", "--json"],
        None,
    );
    assert_eq!(given.json()["warnings"], serde_json::json!([]));
    let init = relcore(&["--json", "init", "--repo", r.path()], None);
    assert_eq!(init.code, 0, "{}", init.stderr);
    assert_eq!(init.json()["config"]["tag_format"], "release-{version}");
    assert_eq!(init.json()["config"]["tags"], 2);
    let next = relcore(&["next", "--repo", r.path(), "--json"], None);
    assert_eq!(next.json()["next"], "1.4.1");
    assert_eq!(next.json()["warnings"], serde_json::json!([]));
}

/// The same for a package: only tags that hold its name count, and the name becomes
/// `{package}` in the format proposed.
#[test]
fn a_package_s_tags_in_another_format_are_named_with_their_format() {
    let mut r = Repo::new("other-format-package");
    let first = r.commit_in("feat: api", "services/api/a.txt");
    r.tag("api-v1.0.0", first);
    r.tag("web-2.0.0", first);
    r.commit_in("fix(api): x", "services/api/b.txt");
    std::fs::write(
        r.dir.join("relcore.toml"),
        "[packages.api]\npath = \"services/api\"\n",
    )
    .unwrap();
    let next = relcore(
        &["next", "--repo", r.path(), "--package", "api", "--json"],
        None,
    );
    assert_eq!(next.code, 0, "{}", next.stderr);
    assert_eq!(
        next.json()["warnings"],
        serde_json::json!([
            "no release tag matches tag_format \"{package}@{version}\", but 1 tag is spelled \"{package}-v{version}\" (api-v1.0.0): if it is this project's release, set tag_format = \"{package}-v{version}\" under [packages.api] in relcore.toml"
        ])
    );
    // Tags in the format given, all off HEAD's history (a branch not merged): the hint
    // would name the same format, so there is none.
    let mut off = Repo::new("other-format-package-off-head");
    let base = off.commit_in("feat: api", "services/api/a.txt");
    let main = off.git.head().unwrap().name().unwrap().to_owned();
    off.git
        .branch("side", &off.git.find_commit(base).unwrap(), false)
        .unwrap();
    off.git.set_head("refs/heads/side").unwrap();
    let side = off.commit_in("feat(api): on a side branch", "services/api/b.txt");
    off.tag("api@1.0.0", side);
    off.git.set_head(&main).unwrap();
    off.git
        .checkout_head(Some(git2::build::CheckoutBuilder::new().force()))
        .unwrap();
    std::fs::write(
        off.dir.join("relcore.toml"),
        "[packages.api]\npath = \"services/api\"\n",
    )
    .unwrap();
    let next = relcore(
        &["next", "--repo", off.path(), "--package", "api", "--json"],
        None,
    );
    assert_eq!(next.code, 0, "{}", next.stderr);
    assert_eq!(next.json()["warnings"], serde_json::json!([]));
}

/// The same warning on a history with a merge: the walk that reads history as one line
/// starts over at the fork, and the counts are those of one plain walk (the conventional
/// count once said 83 of 62 commits).
#[test]
fn untagged_warning_counts_each_commit_once_across_a_merge() {
    let mut r = Repo::new("no-tags-merge");
    let base = r.commit("chore: start");
    for i in 0..30 {
        r.commit(&format!("fix: main {i}"));
    }
    let main = r.git.head().unwrap().target().unwrap();
    r.git
        .branch("side", &r.git.find_commit(base).unwrap(), false)
        .unwrap();
    r.git.set_head("refs/heads/side").unwrap();
    let mut side = base;
    for i in 0..30 {
        side = r.commit_in(&format!("feat: side {i}"), "side.txt");
    }
    {
        let (main, side) = (
            r.git.find_commit(main).unwrap(),
            r.git.find_commit(side).unwrap(),
        );
        let sig = git2::Signature::now("Ann", "ann@example.com").unwrap();
        let mut merged = r.git.merge_commits(&main, &side, None).unwrap();
        let tree = r
            .git
            .find_tree(merged.write_tree_to(&r.git).unwrap())
            .unwrap();
        let merge = r
            .git
            .commit(
                None,
                &sig,
                &sig,
                "Merge branch 'side'",
                &tree,
                &[&main, &side],
            )
            .unwrap();
        r.git
            .reference("refs/heads/side", merge, true, "merge side")
            .unwrap();
    }
    for i in 0..20 {
        r.commit(&format!("docs: after {i}"));
    }
    let next = relcore(&["next", "--repo", r.path(), "--json"], None);
    assert_eq!(next.code, 0, "{}", next.stderr);
    assert_eq!(
        next.json()["warnings"][0]
            .as_str()
            .unwrap()
            .split(':')
            .next()
            .unwrap(),
        "no release tag was found among 82 commits (81 conventional)",
    );
}

/// `--config FILE` that does not exist is an error (exit 2), not the defaults; without
/// `--config`, a repository without `relcore.toml` uses the defaults.
#[test]
fn missing_config_file_is_an_error() {
    let mut r = Repo::new("missing-config");
    r.commit("feat: first");
    let missing = r.dir.join("relcore-typo.toml");
    let missing = missing.to_str().unwrap();
    for args in [
        vec!["next", "--repo", r.path(), "--config", missing, "--json"],
        vec!["release", "--repo", r.path(), "--config", missing, "--json"],
        vec!["next", "--stdin", "--config", missing, "--json"],
    ] {
        let run = relcore(&args, Some("feat: x\n"));
        assert_eq!(run.code, 2, "{args:?}: {}", run.stdout);
        assert_eq!(run.json()["code"], "config_not_found", "{args:?}");
        assert!(
            run.json()["message"]
                .as_str()
                .unwrap()
                .contains("relcore-typo.toml")
        );
    }
    let run = relcore(&["next", "--repo", r.path(), "--json"], None);
    assert_eq!(run.code, 0, "{}", run.stderr);
}

/// Without `repository_url`, links come from the `origin` remote (ssh, scp-like, https
/// with credentials); `host_style` says how a host whose name says nothing spells them;
/// a `repository_url` that is no repository address is refused.
#[test]
fn links_from_the_origin_remote() {
    let mut r = Repo::new("remote-links");
    let c = r.commit("feat: first");
    r.tag("v1.0.0", c);
    r.commit("fix: handle empty input (#7)");
    r.git
        .remote("origin", "https://ci:s3cret@github.com/acme/api.git")
        .unwrap();
    let run = relcore(
        &["changelog", "--repo", r.path(), "--date", "2026-01-05"],
        None,
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout
            .contains("([#7](https://github.com/acme/api/pull/7))"),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains("s3cret"), "{}", run.stdout);

    r.git
        .remote_set_url("origin", "git@git.example.com:group/sub/api.git")
        .unwrap();
    std::fs::write(
        r.dir.join("relcore.toml"),
        "[changelog]\nhost_style = \"gitlab\"\n",
    )
    .unwrap();
    let run = relcore(&["release", "--repo", r.path(), "--json"], None);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let section = run.json()["section"].as_str().unwrap().to_owned();
    assert!(
        section.contains("https://git.example.com/group/sub/api/-/merge_requests/7"),
        "{section}"
    );

    std::fs::write(
        r.dir.join("relcore.toml"),
        "[changelog]\nrepository_url = \"https://github.com/acme/api)\"\n",
    )
    .unwrap();
    let run = relcore(&["release", "--repo", r.path(), "--json"], None);
    assert_eq!(run.code, 2, "{}", run.stdout);
    assert_eq!(run.json()["code"], "invalid_config");
    assert!(
        run.json()["message"]
            .as_str()
            .unwrap()
            .contains("repository_url")
    );
}

/// A project that released before without tags (or whose tags are not found): its
/// version file's version, when above the first version, is the current one, with a
/// warning; the next version never goes below it. At or below the first version, the
/// first release is `initial_version` as before; `--current` and a tag still decide.
#[test]
fn a_version_file_without_a_tag_is_the_current_version() {
    let cargo = |version: &str| format!("[package]\nname = \"demo\"\nversion = \"{version}\"\n");
    let mut r = Repo::new("untagged-version-file");
    r.commit_file("chore: start", "Cargo.toml", &cargo("0.4.2"));
    r.commit_file(
        "chore: settings",
        "relcore.toml",
        "version_files = [\"Cargo.toml\"]\n",
    );
    r.commit("feat: search");
    let next = relcore(&["next", "--repo", r.path(), "--json"], None);
    assert_eq!(next.code, 0, "{}", next.stderr);
    let json = next.json();
    assert_eq!(json["current"], "0.4.2");
    assert_eq!(json["next"], "0.4.3", "{json}");
    assert_eq!(
        json["warnings"][0],
        "no release tag matches `v{version}`: the current version is 0.4.2, as Cargo.toml has it"
    );
    let rules: Vec<&str> = json["reasons"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["rule"].as_str().unwrap())
        .collect();
    assert_eq!(rules, ["feature", "major_version_zero"]);
    // No tag for 0.4.2: the links are those of a first release.
    r.git
        .remote("origin", "https://github.com/acme/demo.git")
        .unwrap();
    let dry = relcore(&["release", "--repo", r.path(), "--json"], None);
    assert_eq!(
        dry.json()["release"]["compare_url"],
        "https://github.com/acme/demo/releases/tag/v0.4.3"
    );
    assert_eq!(
        dry.json()["release"]["previous_tag"],
        serde_json::Value::Null
    );
    let changelog = relcore(
        &["changelog", "--repo", r.path(), "--date", "2026-01-05"],
        None,
    );
    assert!(
        changelog.stdout.starts_with("## [0.4.3] - 2026-01-05"),
        "{}",
        changelog.stdout
    );
    let release = relcore(
        &[
            "release",
            "--repo",
            r.path(),
            "--write",
            "--date",
            "2026-01-05",
            "--json",
        ],
        None,
    );
    assert_eq!(release.code, 0, "{}", release.stderr);
    assert_eq!(release.json()["next"], "0.4.3");
    let written = std::fs::read_to_string(r.dir.join("Cargo.toml")).unwrap();
    assert_eq!(written, cargo("0.4.3"));
    // `--current` still decides.
    let given = relcore(
        &["next", "--repo", r.path(), "--current", "2.0.0", "--json"],
        None,
    );
    assert_eq!(given.json()["next"], "2.1.0");
    assert_eq!(given.json()["warnings"], serde_json::json!([]));

    // At the first version (a new crate), the first release is that version.
    let mut young = Repo::new("untagged-initial");
    young.commit_file("chore: start", "Cargo.toml", &cargo("0.1.0"));
    young.commit_file(
        "chore: settings",
        "relcore.toml",
        "version_files = [\"Cargo.toml\"]\n",
    );
    young.commit("feat: start");
    let next = relcore(&["next", "--repo", young.path(), "--json"], None);
    assert_eq!(next.json()["next"], "0.1.0");
    assert_eq!(next.json()["current"], serde_json::Value::Null);
    assert_eq!(next.json()["warnings"], serde_json::json!([]));
}

/// Hand-written entries under `## [Unreleased]` describe changes the release ships: the
/// release warns that it leaves them there, unless `take_unreleased` moves them into its
/// section (then no warning, and the Unreleased section is empty).
#[test]
fn hand_written_unreleased_entries_are_not_left_behind_silently() {
    let mut r = Repo::new("unreleased-entries");
    let changelog = "# Changelog\n\n## [Unreleased]\n\n### Fixed\n\n- a crash on start (by hand)\n\n## [1.0.0] - 2026-01-01\n\n### Added\n\n- first\n";
    let c = r.commit_file("feat: first", "CHANGELOG.md", changelog);
    r.tag("v1.0.0", c);
    r.commit("fix: timeouts");
    let json = relcore(&["release", "--repo", r.path(), "--json"], None).json();
    assert_eq!(
        json["warnings"],
        serde_json::json!([
            "CHANGELOG.md has 1 hand-written entry under [Unreleased], which the release leaves there: set `[changelog] take_unreleased = true` to move it into the release"
        ])
    );
    r.commit_file(
        "chore: take them",
        "relcore.toml",
        "[changelog]\ntake_unreleased = true\n",
    );
    let run = relcore(
        &[
            "release",
            "--repo",
            r.path(),
            "--write",
            "--date",
            "2026-02-01",
            "--json",
        ],
        None,
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.json()["warnings"], serde_json::json!([]));
    let written = std::fs::read_to_string(r.dir.join("CHANGELOG.md")).unwrap();
    assert!(
        written.contains("## [Unreleased]\n\n## [1.0.1] - 2026-02-01\n\n### Fixed\n\n- a crash on start (by hand)\n- timeouts"),
        "{written}"
    );
}
