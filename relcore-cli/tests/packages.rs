//! `[packages]` in relcore.toml: `--package NAME` releases one package of a repository
//! that releases several, from the commits under its paths and its own tags.

use crate::release::Repo;
use crate::util::relcore;

const CONFIG: &str = "[packages.api]\npath = \"services/api\"\n\
                      version_files = [\"services/api/package.json\"]\n\n\
                      [packages.web]\npath = [\"web\", \"shared/ui\"]\n\n\
                      [packages.root]\npath = \".\"\ntag_format = \"v{version}\"\n";

/// api at 1.2.0 with a fix since; web at 0.4.0 with a feature (under `shared/ui`) since; a
/// root release v3.0.0 with a breaking change since.
fn monorepo(name: &str) -> Repo {
    let mut r = Repo::new(name);
    r.commit_in(CONFIG, "relcore.toml");
    r.commit_in(
        "{\"name\": \"api\", \"version\": \"1.2.0\"}\n",
        "services/api/package.json",
    );
    let api = r.commit_in("feat: api", "services/api/main.js");
    r.tag("api@1.2.0", api);
    let web = r.commit_in("feat: web", "web/index.js");
    r.tag("web@0.4.0", web);
    r.tag("v3.0.0", web);
    r.commit_in("fix(api): timeouts", "services/api/main.js");
    r.commit_in("feat(ui): dark mode", "shared/ui/theme.css");
    r.commit_in("feat!: new layout", "docs/layout.md");
    r
}

#[test]
fn each_package_releases_from_its_own_paths_and_tags() {
    let r = monorepo("packages-next");
    let next = |package: &str| {
        let run = relcore(
            &["next", "--repo", r.path(), "--package", package, "--json"],
            None,
        );
        assert_eq!(run.code, 0, "{package}: {}", run.stderr);
        let json = run.json();
        (
            json["current"].as_str().map(str::to_owned),
            json["next"].as_str().map(str::to_owned),
        )
    };
    assert_eq!(next("api"), (Some("1.2.0".into()), Some("1.2.1".into())));
    assert_eq!(next("web"), (Some("0.4.0".into()), Some("0.4.1".into())));
    // The root package claims every commit: the breaking change and the others.
    assert_eq!(next("root"), (Some("3.0.0".into()), Some("4.0.0".into())));

    let run = relcore(
        &[
            "changelog",
            "--repo",
            r.path(),
            "--package",
            "web",
            "--date",
            "2026-01-01",
        ],
        None,
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.starts_with("## [0.4.1] - 2026-01-01"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("dark mode") && !run.stdout.contains("timeouts"),
        "{}",
        run.stdout
    );
}

#[test]
fn release_writes_the_packages_own_files_and_tag() {
    let r = monorepo("packages-release");
    let run = relcore(
        &[
            "release",
            "--repo",
            r.path(),
            "--package",
            "api",
            "--date",
            "2026-01-01",
            "--write",
            "--commit",
            "--tag",
        ],
        None,
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let manifest = std::fs::read_to_string(r.dir.join("services/api/package.json")).unwrap();
    assert_eq!(manifest, "{\"name\": \"api\", \"version\": \"1.2.1\"}\n");
    let changelog = std::fs::read_to_string(r.dir.join("services/api/CHANGELOG.md")).unwrap();
    assert!(changelog.contains("## [1.2.1] - 2026-01-01"), "{changelog}");
    assert!(
        !r.dir.join("CHANGELOG.md").exists(),
        "the root changelog is the root package's"
    );
    assert!(r.git.find_reference("refs/tags/api@1.2.1").is_ok());
}

#[test]
fn a_file_with_packages_needs_one_named() {
    let r = monorepo("packages-errors");
    // What names one release needs one package.
    let run = relcore(&["changelog", "--repo", r.path(), "--all", "--json"], None);
    assert_eq!(run.code, 2, "{}", run.stdout);
    assert_eq!(run.json()["code"], "package_required");
    assert!(
        run.json()["message"]
            .as_str()
            .unwrap()
            .contains("api, root, web")
    );
    let run = relcore(&["changelog", "--repo", r.path(), "--next", "1.0.0"], None);
    assert_eq!(run.code, 2, "{}", run.stdout);
    let run = relcore(
        &["next", "--repo", r.path(), "--package", "cli", "--json"],
        None,
    );
    assert_eq!(
        (run.code, run.json()["code"].as_str()),
        (2, Some("unknown_package"))
    );
}

#[test]
fn init_finds_the_workspace_packages_and_each_releases_with_its_own_tags() {
    let mut r = Repo::new("packages-init");
    r.commit_in(
        "[workspace]\nmembers = [\"crates/*\"]\n\n[workspace.package]\nversion = \"2.1.0\"\n",
        "Cargo.toml",
    );
    r.commit_in(
        "[package]\nname = \"engine\"\nversion = \"0.3.0\"\n",
        "crates/engine/Cargo.toml",
    );
    r.commit_in(
        "[package]\nname = \"shared\"\nversion.workspace = true\n",
        "crates/shared/Cargo.toml",
    );
    let first = r.commit_in("feat: engine", "crates/engine/src/lib.rs");
    r.tag("engine-v0.3.0", first);
    r.tag("v2.1.0", first);
    r.commit_in("fix(engine): overflow", "crates/engine/src/lib.rs");

    let run = relcore(&["--json", "init", "--repo", r.path()], None);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let packages = &run.json()["config"]["packages"];
    assert_eq!(packages[0]["name"], "engine");
    assert_eq!(packages[0]["tag_format"], "{package}-v{version}");
    assert_eq!(packages[0]["tags"], 1);
    assert_eq!(run.json()["config"]["shared"][0]["name"], "shared");
    let text = std::fs::read_to_string(r.dir.join("relcore.toml")).unwrap();
    assert!(text.contains("[packages.root]\npath = \".\""), "{text}");

    let next = |package: &str| {
        let run = relcore(
            &["next", "--repo", r.path(), "--package", package, "--json"],
            None,
        );
        assert_eq!(run.code, 0, "{package}: {}", run.stderr);
        (run.json()["current"].clone(), run.json()["next"].clone())
    };
    assert_eq!(next("engine"), ("0.3.0".into(), "0.3.1".into()));
    assert_eq!(next("root"), ("2.1.0".into(), "2.1.1".into()));
}

/// A uv workspace member goes by its normalised name (PEP 503), as its dependents name it
/// and its tags spell it; a member whose tags use its own spelling keeps it.
#[test]
fn init_names_python_members_as_dependents_do() {
    let mut r = Repo::new("packages-init-uv");
    r.commit_in(
        "[project]\nname = \"acme\"\nversion = \"1.4.0\"\ndependencies = [\"acme-lib>=1.4,<2\"]\n\n\
         [tool.uv.workspace]\nmembers = [\"packages/*\"]\n\n[tool.uv.sources]\nacme-lib = { workspace = true }\n",
        "pyproject.toml",
    );
    r.commit_in(
        "[project]\nname = \"Acme_Lib\"\nversion = \"1.4.0\"\n",
        "packages/lib/pyproject.toml",
    );
    let base = r.commit_in(
        "[project]\nname = \"Old_Style\"\nversion = \"0.2.0\"\n",
        "packages/old/pyproject.toml",
    );
    r.tag("acme-lib@1.4.0", base);
    r.tag("Old_Style@0.2.0", base);
    let run = relcore(&["--json", "init", "--repo", r.path()], None);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let names: Vec<(String, serde_json::Value)> = run.json()["config"]["packages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["name"].as_str().unwrap().to_owned(), p["tags"].clone()))
        .collect();
    assert_eq!(
        names,
        [
            ("acme-lib".to_owned(), 1.into()),
            ("Old_Style".to_owned(), 1.into())
        ]
    );
    let check = relcore(&["check", "versions", "--repo", r.path(), "--json"], None);
    assert_eq!(check.code, 0, "{}", check.stdout);
    let json = check.json();
    let tags: Vec<&str> = json["packages"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|p| p["tag"].as_str())
        .collect();
    assert_eq!(tags, ["Old_Style@0.2.0", "acme-lib@1.4.0"]);
}

#[test]
fn check_versions_names_every_conflict_with_its_file_and_line() {
    let mut r = Repo::new("packages-check");
    r.commit_in(
        "[packages.core]\npath = \"crates/core\"\n\
         [packages.cli]\npath = \"crates/cli\"\n\
         [packages.web]\npath = \"web\"\n\
         [packages.admin]\npath = \"admin\"\n\
         [groups.front]\nkind = \"fixed\"\nmembers = [\"web\", \"admin\"]\n",
        "relcore.toml",
    );
    r.commit_in(
        "[package]\nname = \"acme-core\"\nversion = \"2.0.0\"\n",
        "crates/core/Cargo.toml",
    );
    r.commit_in(
        "[package]\nname = \"acme-cli\"\nversion = \"0.3.0\"\n\n[dependencies]\nacme-core = { path = \"../core\", version = \"1.4\" }\nserde = \"1.0\"\n",
        "crates/cli/Cargo.toml",
    );
    r.commit_in(
        "{\n  \"name\": \"web\",\n  \"version\": \"1.2.0\",\n  \"dependencies\": { \"left-pad\": \"^1.0.0\" }\n}\n",
        "web/package.json",
    );
    let head = r.commit_in(
        "{\n  \"name\": \"admin\",\n  \"version\": \"1.1.0\",\n  \"dependencies\": { \"left-pad\": \"^2.0.0\" }\n}\n",
        "admin/package.json",
    );
    r.tag("core@1.9.0", head);

    let run = relcore(&["check", "versions", "--repo", r.path(), "--json"], None);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let doc = run.json();
    let codes: Vec<&str> = doc["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    for code in [
        "requirement_excludes_version",
        "fixed_group_out_of_sync",
        "conflicting_requirements",
        "version_differs_from_tag",
    ] {
        assert!(codes.contains(&code), "{code} missing: {doc:#}");
    }
    let excludes = doc["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "requirement_excludes_version")
        .unwrap();
    assert_eq!(excludes["path"], "crates/cli/Cargo.toml");
    assert_eq!(
        (excludes["line"].as_u64(), excludes["column"].as_u64()),
        (Some(6), Some(44))
    );
    assert_eq!(doc["packages"][0]["name"], "admin");

    // Text: each problem with its source line, and a summary; exit 1.
    let run = relcore(&["check", "versions", "--repo", r.path()], None);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("error[requirement_excludes_version]"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("--> crates/cli/Cargo.toml:6:44"),
        "{}",
        run.stderr
    );
    assert!(run.stdout.contains("4 packages: admin 1.1.0 (no tag), cli 0.3.0 (no tag), core 2.0.0 (core@1.9.0), web 1.2.0 (no tag);"), "{}", run.stdout);

    // Fixed: no problems, exit 0.
    r.commit_in(
        "[package]\nname = \"acme-cli\"\nversion = \"0.3.0\"\n\n[dependencies]\nacme-core = { path = \"../core\", version = \"2.0\" }\n",
        "crates/cli/Cargo.toml",
    );
    r.commit_in(
        "{\n  \"name\": \"admin\",\n  \"version\": \"1.2.0\"\n}\n",
        "admin/package.json",
    );
    let head = r.commit_in(
        "[package]\nname = \"acme-core\"\nversion = \"2.0.0\"\n# ok\n",
        "crates/core/Cargo.toml",
    );
    r.tag("core@2.0.0", head);
    let run = relcore(&["check", "versions", "--repo", r.path(), "--json"], None);
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert_eq!(run.json()["diagnostics"], serde_json::json!([]));
}

#[test]
fn next_plans_every_package_with_groups_and_dependents() {
    let mut r = Repo::new("packages-plan");
    r.commit_in(
        "[packages.core]\npath = \"crates/core\"\n\
         [packages.cli]\npath = \"crates/cli\"\n\
         [packages.web]\npath = \"web\"\n\
         [packages.admin]\npath = \"admin\"\n\
         [groups.front]\nkind = \"fixed\"\nmembers = [\"web\", \"admin\"]\n",
        "relcore.toml",
    );
    r.commit_in(
        "[package]\nname = \"acme-core\"\nversion = \"1.4.0\"\n",
        "crates/core/Cargo.toml",
    );
    r.commit_in(
        "[package]\nname = \"acme-cli\"\nversion = \"0.3.1\"\n\n[dependencies]\nacme-core = { path = \"../core\", version = \"1.4\" }\n",
        "crates/cli/Cargo.toml",
    );
    r.commit_in(
        "{\n  \"name\": \"web\",\n  \"version\": \"2.0.0\"\n}\n",
        "web/package.json",
    );
    let base = r.commit_in(
        "{\n  \"name\": \"admin\",\n  \"version\": \"2.0.0\"\n}\n",
        "admin/package.json",
    );
    for tag in ["core@1.4.0", "cli@0.3.1", "web@2.0.0", "admin@2.0.0"] {
        r.tag(tag, base);
    }
    r.commit_in("feat(core)!: new storage", "crates/core/src/lib.rs");
    r.commit_in("fix(web): layout", "web/index.js");

    let run = relcore(&["next", "--repo", r.path(), "--json"], None);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let plan = &run.json()["plan"];
    let versions: Vec<(String, String)> = plan["packages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["name"].as_str().unwrap().to_owned(),
                p["next"].as_str().unwrap_or("-").to_owned(),
            )
        })
        .collect();
    // Dependencies first; admin releases with web (fixed group); cli with its dependency.
    let position = |name: &str| versions.iter().position(|(n, _)| n == name).unwrap();
    assert!(position("core") < position("cli"), "{versions:?}");
    for (name, next) in [
        ("core", "2.0.0"),
        ("cli", "0.3.2"),
        ("web", "2.0.1"),
        ("admin", "2.0.1"),
    ] {
        assert_eq!(versions[position(name)].1, next, "{name}: {plan:#}");
    }
    let rewrite = &plan["rewrites"][0];
    assert_eq!(
        (rewrite["old"].as_str(), rewrite["new"].as_str()),
        (Some("1.4"), Some("2.0"))
    );
    assert_eq!(rewrite["at"]["file"], "crates/cli/Cargo.toml");

    let run = relcore(&["next", "--repo", r.path()], None);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains("core 1.4.0 -> 2.0.0 (major)"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("crates/cli/Cargo.toml:6:44: acme-core `1.4` -> `2.0`")
            || run
                .stdout
                .contains("crates/cli/Cargo.toml:6:44: core `1.4` -> `2.0`"),
        "{}",
        run.stdout
    );
}

#[test]
fn metrics_of_one_package_count_its_own_tags() {
    let r = monorepo("packages-metrics");
    let run = relcore(
        &["metrics", "--repo", r.path(), "--package", "api", "--json"],
        None,
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.json()["releases"]["total"], 1, "{}", run.stdout);
    let run = relcore(
        &["metrics", "--repo", r.path(), "--package", "cli", "--json"],
        None,
    );
    assert_eq!(
        (run.code, run.json()["code"].as_str()),
        (2, Some("unknown_package"))
    );
}

/// A Cargo workspace (core, cli depending on core, one `Cargo.lock`) and two npm packages
/// in a fixed group, every package tagged at its version; then a breaking change in core
/// and a fix in web.
fn workspace(name: &str) -> Repo {
    let mut r = Repo::new(name);
    r.commit_in(
        "[packages.core]\npath = \"crates/core\"\n\
         [packages.cli]\npath = \"crates/cli\"\n\
         [packages.web]\npath = \"web\"\n\
         [packages.admin]\npath = \"admin\"\n\
         [groups.front]\nkind = \"fixed\"\nmembers = [\"web\", \"admin\"]\n",
        "relcore.toml",
    );
    r.commit_in(
        "[workspace]\nmembers = [\"crates/*\"]\nresolver = \"2\"\n",
        "Cargo.toml",
    );
    r.commit_in(
        "[package]\nname = \"acme-core\"\nversion = \"1.4.0\"\nedition = \"2021\"\n",
        "crates/core/Cargo.toml",
    );
    r.commit_in(
        "[package]\nname = \"acme-cli\"\nversion = \"0.3.1\"\n\n[dependencies]\n# the core, pinned to its minor\nacme-core = { path = \"../core\", version = \"1.4\" }   # keep\n",
        "crates/cli/Cargo.toml",
    );
    r.commit_in(
        "version = 3\n\n[[package]]\nname = \"acme-cli\"\nversion = \"0.3.1\"\ndependencies = [\n \"acme-core\",\n]\n\n[[package]]\nname = \"acme-core\"\nversion = \"1.4.0\"\n",
        "Cargo.lock",
    );
    r.commit_in(
        "{\n  \"name\": \"web\",\n  \"version\": \"2.0.0\"\n}\n",
        "web/package.json",
    );
    let base = r.commit_in(
        "{\n  \"name\": \"admin\",\n  \"version\": \"2.0.0\"\n}\n",
        "admin/package.json",
    );
    for tag in ["core@1.4.0", "cli@0.3.1", "web@2.0.0", "admin@2.0.0"] {
        r.tag(tag, base);
    }
    r.commit_in("feat(core)!: new storage", "crates/core/src/lib.rs");
    r.commit_in("fix(web): layout", "web/index.js");
    r
}

/// The files `commit` changes against its first parent, sorted.
fn changed_by(r: &Repo, commit: &git2::Commit<'_>) -> Vec<String> {
    let parent = commit.parent(0).unwrap().tree().unwrap();
    let diff = r
        .git
        .diff_tree_to_tree(Some(&parent), Some(&commit.tree().unwrap()), None)
        .unwrap();
    let mut changed: Vec<String> = diff
        .deltas()
        .map(|d| d.new_file().path().unwrap().to_string_lossy().into_owned())
        .collect();
    changed.sort();
    changed
}

fn read(r: &Repo, file: &str) -> String {
    std::fs::read_to_string(r.dir.join(file)).unwrap()
}

/// `relcore check versions` finds nothing out of step in `r`.
fn assert_in_step(r: &Repo) {
    let check = relcore(&["check", "versions", "--repo", r.path(), "--json"], None);
    assert_eq!(
        check.json()["diagnostics"],
        serde_json::json!([]),
        "{}",
        check.stdout
    );
}

/// Two npm packages: `core` (`@x/core` at `core_version`) and `app` (`@x/app` 0.3.0),
/// which requires `@x/core` at `^1.2.0`.
fn npm_core_and_app(r: &mut Repo, core_version: &str) {
    r.commit_in(
        "[packages.core]\npath = \"packages/core\"\n\n[packages.app]\npath = \"packages/app\"\n",
        "relcore.toml",
    );
    r.commit_in(
        &format!("{{\"name\": \"@x/core\", \"version\": \"{core_version}\"}}\n"),
        "packages/core/package.json",
    );
    r.commit_in(
        "{\n  \"name\": \"@x/app\",\n  \"version\": \"0.3.0\",\n  \"dependencies\": {\n    \"@x/core\": \"^1.2.0\"\n  }\n}\n",
        "packages/app/package.json",
    );
}

#[test]
fn a_workspace_dry_run_shows_every_package_in_dependency_order() {
    let r = workspace("packages-release-dry");
    let json = release_json(&r, &[]);
    let released: Vec<(&str, &str, &str)> = json["packages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["name"].as_str().unwrap(),
                p["next"].as_str().unwrap(),
                p["tag"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        released,
        [
            ("admin", "2.0.1", "admin@2.0.1"),
            ("core", "2.0.0", "core@2.0.0"),
            ("cli", "0.3.2", "cli@0.3.2"),
            ("web", "2.0.1", "web@2.0.1"),
        ],
        "{json:#}"
    );
    assert_eq!(json["packages"][2]["version_file"], "crates/cli/Cargo.toml");
    assert!(
        json["files"]
            .as_array()
            .unwrap()
            .iter()
            .all(|f| f["state"] == "would_change"),
        "{json:#}"
    );
    assert_eq!(json["tagged"], false);
}

#[test]
fn release_writes_every_package_in_one_commit_with_every_tag() {
    let r = workspace("packages-release-all");
    let before = r.git.head().unwrap().target().unwrap();
    assert_eq!(
        read(&r, "crates/core/Cargo.toml").matches("1.4.0").count(),
        1
    );

    let run = release_ok(&r, &["--write", "--commit", "--tag"]);
    assert!(
        run.stdout.contains("relcore release: 4 packages"),
        "{}",
        run.stdout
    );
    // One release commit on top of HEAD, with exactly the release's files.
    let head = r.git.head().unwrap().peel_to_commit().unwrap();
    assert_eq!(head.parent_id(0).unwrap(), before);
    assert_eq!(
        head.summary(),
        Ok(Some(
            "chore(release): admin@2.0.1, core@2.0.0, cli@0.3.2, web@2.0.1"
        ))
    );
    let changed = changed_by(&r, &head);
    assert_eq!(
        changed,
        [
            "Cargo.lock",
            "admin/CHANGELOG.md",
            "admin/package.json",
            "crates/cli/CHANGELOG.md",
            "crates/cli/Cargo.toml",
            "crates/core/CHANGELOG.md",
            "crates/core/Cargo.toml",
            "web/CHANGELOG.md",
            "web/package.json",
        ]
    );
    // Every tag, on the release commit.
    for tag in ["core@2.0.0", "cli@0.3.2", "admin@2.0.1", "web@2.0.1"] {
        let target = r
            .git
            .find_reference(&format!("refs/tags/{tag}"))
            .unwrap()
            .peel_to_commit()
            .unwrap();
        assert_eq!(target.id(), head.id(), "{tag}");
    }
    // The dependent's requirement rewritten in place, every other byte kept; its own
    // version set too; the lock follows both crates.
    assert_eq!(
        read(&r, "crates/cli/Cargo.toml"),
        "[package]\nname = \"acme-cli\"\nversion = \"0.3.2\"\n\n[dependencies]\n# the core, pinned to its minor\nacme-core = { path = \"../core\", version = \"2.0\" }   # keep\n"
    );
    let lock = read(&r, "Cargo.lock");
    assert!(
        lock.contains("name = \"acme-cli\"\nversion = \"0.3.2\"")
            && lock.contains("name = \"acme-core\"\nversion = \"2.0.0\""),
        "{lock}"
    );
    assert_eq!(
        read(&r, "admin/package.json"),
        "{\n  \"name\": \"admin\",\n  \"version\": \"2.0.1\"\n}\n"
    );
    let cli = read(&r, "crates/cli/CHANGELOG.md");
    assert!(
        cli.contains("## [0.3.2] - 2026-12-03") && cli.contains("Updated dependencies: core@2.0.0"),
        "{cli}"
    );
    assert!(read(&r, "crates/core/CHANGELOG.md").contains("new storage"));
    let web = read(&r, "web/CHANGELOG.md");
    assert!(
        web.contains("## [2.0.1]") && web.contains("layout"),
        "{web}"
    );

    // Nothing left to release.
    let run = relcore(&["release", "--repo", r.path(), "--json"], None);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert_eq!(run.json()["packages"], serde_json::json!([]));
}

#[test]
fn a_workspace_release_is_all_or_nothing() {
    let r = workspace("packages-release-none");
    // One package's tag exists already, on a commit HEAD does not contain (so it is not
    // web's latest release): the preflight refuses before anything is written.
    let head = r.git.head().unwrap().target().unwrap();
    let commit = r.git.find_commit(head).unwrap();
    let elsewhere = r
        .git
        .commit(
            None,
            &commit.author(),
            &commit.author(),
            "elsewhere",
            &commit.tree().unwrap(),
            &[&commit],
        )
        .unwrap();
    r.tag("web@2.0.1", elsewhere);
    let files = ["crates/cli/Cargo.toml", "Cargo.lock", "web/package.json"];
    let before: Vec<String> = files.iter().map(|f| read(&r, f)).collect();
    let run = relcore(
        &[
            "release",
            "--repo",
            r.path(),
            "--write",
            "--commit",
            "--tag",
            "--json",
        ],
        None,
    );
    assert_eq!(run.code, 2, "{}", run.stdout);
    assert_eq!(run.json()["code"], "tag_exists", "{}", run.stdout);
    let after: Vec<String> = files.iter().map(|f| read(&r, f)).collect();
    assert_eq!(before, after);
    assert!(!r.dir.join("crates/core/CHANGELOG.md").exists());
    assert_eq!(r.git.head().unwrap().target().unwrap(), head);
    for tag in ["core@2.0.0", "cli@0.3.2", "admin@2.0.1"] {
        assert!(
            r.git.find_reference(&format!("refs/tags/{tag}")).is_err(),
            "{tag}"
        );
    }

    // Tags only (no --write): every package's tag on HEAD, or none.
    let run = relcore(&["release", "--repo", r.path(), "--tag", "--json"], None);
    assert_eq!(run.json()["code"], "tag_exists", "{}", run.stdout);
    assert!(r.git.find_reference("refs/tags/core@2.0.0").is_err());
}

#[test]
fn changelog_and_classify_report_every_package() {
    let r = workspace("packages-changelog-all");
    let run = relcore(
        &["changelog", "--repo", r.path(), "--date", "2026-12-03"],
        None,
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    for expected in [
        "core:\n## [2.0.0] - 2026-12-03",
        "cli:\n## [0.3.2] - 2026-12-03",
        "- Updated dependencies: core@2.0.0",
        "web:\n## [2.0.1] - 2026-12-03",
    ] {
        assert!(run.stdout.contains(expected), "{expected}: {}", run.stdout);
    }
    let run = relcore(
        &[
            "changelog",
            "--repo",
            r.path(),
            "--format",
            "json",
            "--json",
        ],
        None,
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let names: Vec<String> = run.json()["packages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["package"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(names, ["admin", "core", "cli", "web"]);

    let run = relcore(&["classify", "--repo", r.path(), "--json"], None);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let json = run.json();
    let core = json["packages"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["package"] == "core")
        .unwrap();
    // A breaking change: the core's release is the risky one.
    assert_eq!(core["risk"], "high", "{json:#}");
    let run = relcore(&["classify", "--repo", r.path()], None);
    assert!(run.stdout.contains("core:\ntype"), "{}", run.stdout);
}

#[test]
fn several_packages_narrow_a_release_of_every_package() {
    let r = workspace("packages-narrow");
    // Only web's own commits count: web releases, and admin with it (fixed group); core's
    // breaking change waits, and cli with it.
    let run = relcore(
        &[
            "release",
            "--repo",
            r.path(),
            "--package",
            "web",
            "--package",
            "admin",
            "--json",
        ],
        None,
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let names: Vec<String> = run.json()["packages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(names, ["admin", "web"]);
    let run = relcore(
        &[
            "next",
            "--repo",
            r.path(),
            "--package",
            "core",
            "--package",
            "cli",
            "--json",
        ],
        None,
    );
    let plan = &run.json()["plan"]["packages"];
    let next = |name: &str| {
        plan.as_array()
            .unwrap()
            .iter()
            .find(|p| p["name"] == name)
            .unwrap()["next"]
            .clone()
    };
    assert_eq!(
        (next("core"), next("cli"), next("web")),
        ("2.0.0".into(), "0.3.2".into(), serde_json::Value::Null)
    );
    // A name that is no package, and several names where one package is released.
    let run = relcore(
        &[
            "next",
            "--repo",
            r.path(),
            "--package",
            "web",
            "--package",
            "nope",
            "--json",
        ],
        None,
    );
    assert_eq!(
        (run.code, run.json()["code"].as_str()),
        (2, Some("unknown_package"))
    );
    // A command that releases one package takes one.
    let run = relcore(
        &[
            "plan",
            "suggest",
            "--repo",
            r.path(),
            "--package",
            "web",
            "--package",
            "admin",
            "--json",
        ],
        None,
    );
    assert_eq!(
        (run.code, run.json()["code"].as_str()),
        (2, Some("usage")),
        "{}",
        run.stdout
    );
}

#[test]
fn a_workspace_changelog_lists_the_packages_released() {
    let mut r = workspace("packages-summary");
    let config = read(&r, "relcore.toml");
    r.commit_in(
        &format!("[changelog]\nworkspace = \"CHANGELOG.md\"\n\n{config}"),
        "relcore.toml",
    );
    r.commit_in(
        "# Changelog\n\nEvery release of the workspace.\n\n## 2026-11-01\n\n- core 1.4.0\n",
        "CHANGELOG.md",
    );
    release_ok(&r, &["--write", "--commit"]);
    assert_eq!(
        read(&r, "CHANGELOG.md"),
        "# Changelog\n\nEvery release of the workspace.\n\n## 2026-12-03\n\n\
         - [admin 2.0.1](admin/CHANGELOG.md)\n\
         - [core 2.0.0](crates/core/CHANGELOG.md)\n\
         - [cli 0.3.2](crates/cli/CHANGELOG.md)\n\
         - [web 2.0.1](web/CHANGELOG.md)\n\n\
         ## 2026-11-01\n\n- core 1.4.0\n"
    );
    let head = r.git.head().unwrap().peel_to_commit().unwrap();
    assert!(changed_by(&r, &head).contains(&"CHANGELOG.md".to_owned()));
}

#[test]
fn a_fixed_group_may_share_one_tag() {
    let mut r = Repo::new("packages-shared-tag");
    r.commit_in(
        "[packages.web]\npath = \"web\"\ntag_format = \"front-v{version}\"\n\
         [packages.admin]\npath = \"admin\"\ntag_format = \"front-v{version}\"\n\
         [groups.front]\nkind = \"fixed\"\nmembers = [\"web\", \"admin\"]\n",
        "relcore.toml",
    );
    r.commit_in(
        "{\n  \"name\": \"web\",\n  \"version\": \"2.0.0\"\n}\n",
        "web/package.json",
    );
    let base = r.commit_in(
        "{\n  \"name\": \"admin\",\n  \"version\": \"2.0.0\"\n}\n",
        "admin/package.json",
    );
    r.tag("front-v2.0.0", base);
    r.commit_in("fix(web): layout", "web/index.js");
    release_ok(&r, &["--write", "--commit", "--tag"]);
    let head = r.git.head().unwrap().peel_to_commit().unwrap();
    assert_eq!(head.summary(), Ok(Some("chore(release): front-v2.0.1")));
    let tag = r
        .git
        .find_reference("refs/tags/front-v2.0.1")
        .unwrap()
        .peel_to_tag()
        .unwrap();
    assert_eq!(tag.target_id(), head.id());
    let message = tag.message().unwrap_or_default().unwrap_or_default();
    assert!(
        message.contains("# admin") && message.contains("# web"),
        "{message}"
    );
    assert_eq!(
        read(&r, "admin/package.json"),
        "{\n  \"name\": \"admin\",\n  \"version\": \"2.0.1\"\n}\n"
    );
    // Tags alike outside one fixed group stay a mistake.
    let mut other = Repo::new("packages-shared-tag-bad");
    other.commit_in(
        "[packages.web]\npath = \"web\"\ntag_format = \"v{version}\"\n\
         [packages.admin]\npath = \"admin\"\ntag_format = \"v{version}\"\n",
        "relcore.toml",
    );
    let run = relcore(&["next", "--repo", other.path(), "--json"], None);
    assert_eq!(run.json()["code"], "invalid_config", "{}", run.stdout);
}

#[test]
fn a_stable_release_after_a_pre_release_lists_the_whole_cycle() {
    let mut r = Repo::new("packages-cycle");
    r.commit_in(
        "[packages.core]\npath = \"core\"\n[packages.web]\npath = \"web\"\n",
        "relcore.toml",
    );
    r.commit_in(
        "{\n  \"name\": \"web\",\n  \"version\": \"1.0.0\"\n}\n",
        "web/package.json",
    );
    let stable = r.commit_in(
        "{\n  \"name\": \"core\",\n  \"version\": \"1.4.0\"\n}\n",
        "core/package.json",
    );
    r.tag("core@1.4.0", stable);
    r.tag("web@1.0.0", stable);
    r.commit_in("feat(core): streaming", "core/stream.js");
    let rc = r.commit_in(
        "{\n  \"name\": \"core\",\n  \"version\": \"1.5.0-rc.1\"\n}\n",
        "core/package.json",
    );
    r.tag("core@1.5.0-rc.1", rc);
    r.commit_in("fix(core): stream end", "core/stream.js");
    r.git
        .remote("origin", "https://github.com/acme/demo.git")
        .unwrap();
    let json = release_json(&r, &[]);
    let core = &json["packages"][0];
    // Its compare link spans the whole cycle too.
    assert_eq!(
        core["release"]["compare_url"],
        "https://github.com/acme/demo/compare/core@1.4.0...core@1.5.0"
    );
    assert_eq!(
        (
            core["name"].as_str(),
            core["next"].as_str(),
            core["current_tag"].as_str()
        ),
        (Some("core"), Some("1.5.0"), Some("core@1.5.0-rc.1")),
        "{json:#}"
    );
    // The stable release's section has the whole cycle since 1.4.0: the feature too.
    let section = core["section"].as_str().unwrap();
    assert!(
        section.contains("streaming") && section.contains("stream end"),
        "{section}"
    );
    assert_eq!(json["packages"].as_array().unwrap().len(), 1, "{json:#}");
}

/// A depth-limited clone of a monorepo that holds some packages' latest tags but not
/// others': the run stops with `shallow_history`, never a guessed first version for the
/// packages whose tags lie beyond its boundary.
#[test]
fn a_shallow_clone_that_hides_a_packages_tag_stops_the_release() {
    let mut r = workspace("packages-shallow-src");
    let head = r.commit_in("fix(web): spacing", "web/style.css");
    r.tag("web@2.0.1", head);
    r.tag("admin@2.0.1", head);
    r.commit_in("fix(web): colour", "web/style.css");
    let clone = r.dir.with_extension("clone");
    let _ = std::fs::remove_dir_all(&clone);
    let shallow = |depth: &str| {
        let _ = std::fs::remove_dir_all(&clone);
        let status = std::process::Command::new("git")
            .args(["clone", "-q", "--no-single-branch", "--depth", depth])
            .arg(format!("file://{}", r.path()))
            .arg(&clone)
            .status()
            .unwrap();
        assert!(status.success());
        clone.to_str().unwrap().to_owned()
    };
    // Two commits deep: web's and admin's tags are there, core's and cli's are not.
    let path = shallow("2");
    let run = relcore(&["release", "--repo", &path, "--json"], None);
    assert_eq!(run.code, 2, "{}", run.stdout);
    assert_eq!(run.json()["code"], "shallow_history", "{}", run.stdout);
    // The whole history: every package releases from its own tag.
    let run = relcore(&["release", "--repo", r.path(), "--json"], None);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let _ = std::fs::remove_dir_all(&clone);
}

/// The `next` versions of a workspace release's packages: `name@version`.
fn nexts(json: &serde_json::Value) -> Vec<String> {
    json["packages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            format!(
                "{}@{}",
                p["name"].as_str().unwrap(),
                p["next"].as_str().unwrap()
            )
        })
        .collect()
}

fn release_json(r: &Repo, extra: &[&str]) -> serde_json::Value {
    let mut args = extra.to_vec();
    args.push("--json");
    release_ok(r, &args).json()
}

/// `relcore release --repo R --date 2026-12-03 EXTRA`, which must succeed.
fn release_ok(r: &Repo, extra: &[&str]) -> crate::util::Run {
    let mut args = vec!["release", "--repo", r.path(), "--date", "2026-12-03"];
    args.extend_from_slice(extra);
    let run = relcore(&args, None);
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    run
}

/// A pre-release cycle across a workspace: `--channel rc` releases every package that
/// releases (by its own commits, its group or a dependency) as a pre-release, the next run
/// on the channel advances the number, and the run without it finalises every package's
/// pre-release, with its section holding the whole cycle.
#[test]
fn a_workspace_pre_release_cycle_on_a_channel() {
    let mut r = workspace("packages-channel");
    let json = release_json(&r, &["--channel", "rc"]);
    assert_eq!(
        nexts(&json),
        [
            "admin@2.0.1-rc.1",
            "core@2.0.0-rc.1",
            "cli@0.3.2-rc.1",
            "web@2.0.1-rc.1"
        ],
        "{json:#}"
    );
    release_ok(&r, &["--channel", "rc", "--write", "--commit", "--tag"]);
    // The dependent's requirement admits the pre-release it now depends on.
    assert!(
        read(&r, "crates/cli/Cargo.toml").contains("version = \"2.0.0-rc.1\" }   # keep"),
        "{}",
        read(&r, "crates/cli/Cargo.toml")
    );
    assert!(r.git.revparse_single("core@2.0.0-rc.1").is_ok());

    // A fix on the channel: the next pre-release of core. The dependent's `2.0.0-rc.1`
    // (Cargo's `^`) admits it, so the dependent stays.
    r.commit_in("fix(core): flush on close", "crates/core/src/lib.rs");
    let json = release_json(&r, &["--channel", "rc"]);
    assert_eq!(nexts(&json), ["core@2.0.0-rc.2"], "{json:#}");

    // Off the channel: every pre-release is finalised, with or without new commits.
    let json = release_json(&r, &[]);
    assert_eq!(
        nexts(&json),
        ["admin@2.0.1", "core@2.0.0", "cli@0.3.2", "web@2.0.1"],
        "{json:#}"
    );
    let core = &json["packages"][1];
    let section = core["section"].as_str().unwrap();
    assert!(
        section.contains("new storage") && section.contains("flush on close"),
        "{section}"
    );
}

/// A package with no tag of its own yet releases from its manifest's version, and its
/// report says so: the current version is the manifest's, and the reasons are those of
/// that version (a feature in 0.x is a patch), not of a first release.
#[test]
fn a_package_without_a_tag_releases_from_its_manifest_version() {
    let mut r = workspace("packages-untagged");
    r.commit_in(
        "[packages.core]\npath = \"crates/core\"\n\
         [packages.cli]\npath = \"crates/cli\"\n\
         [packages.web]\npath = \"web\"\n\
         [packages.admin]\npath = \"admin\"\n\
         [packages.docs]\npath = \"docs\"\n\
         [groups.front]\nkind = \"fixed\"\nmembers = [\"web\", \"admin\"]\n",
        "relcore.toml",
    );
    r.commit_in(
        "{\n  \"name\": \"docs\",\n  \"version\": \"0.4.2\"\n}\n",
        "docs/package.json",
    );
    r.commit_in("feat(docs): search", "docs/search.js");
    let json = release_json(&r, &[]);
    let docs = json["packages"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "docs")
        .unwrap_or_else(|| panic!("{json:#}"));
    assert_eq!(docs["current"], "0.4.2", "{docs:#}");
    assert_eq!(docs["next"], "0.4.3");
    assert_eq!(docs["current_tag"], serde_json::Value::Null);
    let rules: Vec<&str> = docs["reasons"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["rule"].as_str().unwrap())
        .collect();
    assert_eq!(rules, ["feature", "major_version_zero"], "{docs:#}");
    let next = relcore(&["next", "--repo", r.path(), "--json"], None);
    let planned = next.json()["plan"]["packages"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "docs")
        .cloned()
        .unwrap();
    assert_eq!(planned["next"], "0.4.3", "{planned:#}");
}

/// A Cargo workspace whose crates inherit its version (`version.workspace = true`) and
/// are released with it by the root package, as `relcore init` sets it up: the root's
/// `[workspace.dependencies]` pins one of them exactly (`=0.4.2`), and a member with a
/// version of its own inherits that entry (`workspace = true`). Releasing the root moves
/// the pin with it, so the workspace still resolves, and the member releases a patch with
/// the updated dependency.
#[test]
fn a_cargo_workspace_moves_the_pins_on_its_own_crates() {
    let mut r = Repo::new("packages-cargo-inherit");
    r.commit_in(
        "[packages.cli]\npath = \"crates/cli\"\nversion_files = [\"crates/cli/Cargo.toml\"]\n\n\
         [packages.root]\npath = \".\"\ntag_format = \"v{version}\"\nversion_files = [\"Cargo.toml\"]\n",
        "relcore.toml",
    );
    let root = "[workspace]\nmembers = [\"crates/*\"]\n\n[workspace.package]\nversion = \"0.4.2\"\n\n\
                [workspace.dependencies]\ndemo-core = { path = \"crates/core\", version = \"=0.4.2\" }\n\
                demo-macros = { version = \"0.4\", path = \"crates/macros\" }\n";
    r.commit_in(root, "Cargo.toml");
    r.commit_in(
        "[package]\nname = \"demo-core\"\nversion.workspace = true\n",
        "crates/core/Cargo.toml",
    );
    r.commit_in(
        "[package]\nname = \"demo-macros\"\nversion = { workspace = true }\n",
        "crates/macros/Cargo.toml",
    );
    let cli = "[package]\nname = \"demo-cli\"\nversion = \"1.2.0\"\n\n[dependencies]\n\
               demo-core = { workspace = true, features = [\"x\"] }\ndemo-macros.workspace = true\n";
    let base = r.commit_in(cli, "crates/cli/Cargo.toml");
    r.tag("v0.4.2", base);
    r.tag("cli@1.2.0", base);
    r.commit_in("fix(core): overflow", "crates/core/src/lib.rs");

    let json = release_json(&r, &[]);
    assert_eq!(nexts(&json), ["root@0.4.3", "cli@1.2.1"], "{json:#}");
    let cli_report = &json["plan"]["packages"][1];
    let rules: Vec<&str> = cli_report["reasons"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["rule"].as_str().unwrap())
        .collect();
    assert_eq!(rules, ["dependency_updated"], "{cli_report:#}");
    // The root's own pin is no update of a dependency of its own.
    assert!(
        json["plan"]["packages"][0]["reasons"]
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["rule"] != "dependency_updated"),
        "{json:#}"
    );

    release_ok(&r, &["--write", "--commit", "--tag"]);
    assert_eq!(
        read(&r, "Cargo.toml"),
        root.replace("version = \"0.4.2\"", "version = \"0.4.3\"")
            .replace("\"=0.4.2\"", "\"=0.4.3\"")
    );
    assert_eq!(
        read(&r, "crates/cli/Cargo.toml"),
        cli.replace("1.2.0", "1.2.1")
    );
    assert_in_step(&r);
}

/// An npm workspace with a `package-lock.json`: the release leaves the lock as
/// `npm install` would, each released member at its version and each rewritten range in
/// its entry, so the tree stays clean after the next install; a lock that is not JSON
/// refuses the release before anything is written.
#[test]
fn an_npm_workspace_release_keeps_its_lockfile_in_step() {
    let mut r = Repo::new("packages-npm-lock");
    r.commit_in(
        "{\n  \"name\": \"root\",\n  \"private\": true,\n  \"workspaces\": [\"packages/*\"]\n}\n",
        "package.json",
    );
    npm_core_and_app(&mut r, "1.2.0");
    let lock = "{\n  \"name\": \"root\",\n  \"lockfileVersion\": 3,\n  \"requires\": true,\n  \"packages\": {\n    \"\": {\n      \"name\": \"root\",\n      \"workspaces\": [\n        \"packages/*\"\n      ]\n    },\n    \"node_modules/@x/app\": {\n      \"resolved\": \"packages/app\",\n      \"link\": true\n    },\n    \"node_modules/@x/core\": {\n      \"resolved\": \"packages/core\",\n      \"link\": true\n    },\n    \"packages/app\": {\n      \"name\": \"@x/app\",\n      \"version\": \"0.3.0\",\n      \"dependencies\": {\n        \"@x/core\": \"^1.2.0\"\n      }\n    },\n    \"packages/core\": {\n      \"name\": \"@x/core\",\n      \"version\": \"1.2.0\"\n    }\n  }\n}\n";
    let base = r.commit_in(lock, "package-lock.json");
    r.tag("core@1.2.0", base);
    r.tag("app@0.3.0", base);
    r.commit_in("feat(core)!: new api", "packages/core/index.js");

    // Not JSON: refused, nothing written.
    std::fs::write(r.dir.join("package-lock.json"), "{\"packages\": ").unwrap();
    let refused = relcore(&["release", "--repo", r.path(), "--write", "--json"], None);
    assert_eq!(refused.code, 1, "{}", refused.stdout);
    assert!(
        refused.stderr.starts_with("error[invalid_file]: ")
            && refused.stderr.contains("package-lock.json: not valid JSON"),
        "{}",
        refused.stderr
    );
    assert_eq!(
        read(&r, "packages/core/package.json"),
        "{\"name\": \"@x/core\", \"version\": \"1.2.0\"}\n"
    );
    std::fs::write(r.dir.join("package-lock.json"), lock).unwrap();

    release_ok(&r, &["--write"]);
    assert_eq!(
        read(&r, "package-lock.json"),
        lock.replace("\"version\": \"0.3.0\"", "\"version\": \"0.3.1\"")
            .replace("\"version\": \"1.2.0\"", "\"version\": \"2.0.0\"")
            .replace("\"^1.2.0\"", "\"^2.0.0\"")
    );
}

/// A package whose path is no directory of the work tree (a typo, a package moved) is a
/// located problem of its own, the other packages planned as usual; it was a `git` error
/// about resolving a manifest's directory that stopped every command.
#[test]
fn a_package_path_that_does_not_exist_is_a_problem_not_a_failure() {
    let mut r = Repo::new("packages-missing-path");
    r.commit_in(
        "[packages.api]\npath = \"services/api\"\n\n[packages.typo]\npath = \"servces/web\"\n",
        "relcore.toml",
    );
    r.commit_in(
        "{\"name\": \"api\", \"version\": \"1.0.0\"}\n",
        "services/api/package.json",
    );
    r.commit_in("feat(api): search", "services/api/index.js");
    let check = relcore(&["check", "versions", "--repo", r.path(), "--json"], None);
    assert_eq!(check.code, 1, "{}", check.stderr);
    let json = check.json();
    assert_eq!(json["diagnostics"][0]["code"], "version_not_found");
    assert_eq!(json["diagnostics"][0]["path"], "servces/web");
    assert_eq!(
        json["diagnostics"][0]["message"],
        "package `typo`: its path `servces/web` is no directory of the work tree"
    );
    let next = relcore(&["next", "--repo", r.path(), "--json"], None);
    assert_eq!(next.code, 0, "{}", next.stderr);
    assert_eq!(next.json()["plan"]["packages"][0]["next"], "1.1.0");
}

/// A root crate with a version of its own beside `[workspace.package]` (a `[package]` and
/// a `[workspace]` in one manifest): the crates that inherit the workspace's version do not
/// go by the root's name, so releasing the root leaves their pins alone.
#[test]
fn a_root_crate_of_its_own_does_not_own_the_inherited_version() {
    let mut r = Repo::new("packages-root-crate");
    r.commit_in(
        "[packages.root]\npath = \".\"\ntag_format = \"v{version}\"\nversion_files = [\"Cargo.toml\"]\n",
        "relcore.toml",
    );
    let root = "[package]\nname = \"tool\"\nversion = \"14.1.0\"\n\n[workspace]\nmembers = [\"crates/*\"]\n\n\
                [workspace.package]\nversion = \"0.1.0\"\n\n[dependencies]\nhelper = { path = \"crates/helper\", version = \"=0.1.0\" }\n";
    r.commit_in(root, "Cargo.toml");
    let base = r.commit_in(
        "[package]\nname = \"helper\"\nversion.workspace = true\n",
        "crates/helper/Cargo.toml",
    );
    r.tag("v14.1.0", base);
    r.commit_in("fix: flag parsing", "src/main.rs");
    let json = release_json(&r, &[]);
    assert_eq!(nexts(&json), ["root@14.1.1"], "{json:#}");
    assert_eq!(json["plan"]["rewrites"], serde_json::json!([]), "{json:#}");
}

/// Two packages that both inherit `[workspace.package] version` have one version: a
/// breaking change in one and a fix in the other release both at 0.5.0 (as a fixed
/// group named after the file), and the one place their version is written says 0.5.0.
/// Each released its own level before, the file took the last write, and one tag lied.
#[test]
fn packages_that_share_one_version_release_together() {
    let mut r = Repo::new("packages-shared-version");
    r.commit_in(
        "[packages.core]\npath = \"crates/core\"\n[packages.macros]\npath = \"crates/macros\"\n",
        "relcore.toml",
    );
    r.commit_in(
        "[workspace]\nmembers = [\"crates/*\"]\n\n[workspace.package]\nversion = \"0.4.2\"\n",
        "Cargo.toml",
    );
    r.commit_in(
        "[package]\nname = \"demo-core\"\nversion.workspace = true\n",
        "crates/core/Cargo.toml",
    );
    let base = r.commit_in(
        "[package]\nname = \"demo-macros\"\nversion.workspace = true\n",
        "crates/macros/Cargo.toml",
    );
    r.tag("core@0.4.2", base);
    r.tag("macros@0.4.2", base);
    r.commit_in("feat(core)!: new storage", "crates/core/src/lib.rs");
    r.commit_in("fix(macros): spans", "crates/macros/src/lib.rs");
    let json = release_json(&r, &[]);
    assert_eq!(nexts(&json), ["core@0.5.0", "macros@0.5.0"], "{json:#}");
    let groups: Vec<&str> = json["plan"]["packages"][1]["reasons"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|r| r["group"].as_str())
        .collect();
    assert_eq!(groups, ["the version in Cargo.toml"], "{json:#}");
    release_ok(&r, &["--write", "--commit", "--tag"]);
    assert!(read(&r, "Cargo.toml").contains("version = \"0.5.0\""));
    assert_in_step(&r);
}

/// A dependency is named in problems as its manifest names it, not by the package key of
/// `relcore.toml` it resolves to (here `@x/core`, the package `core`; a Cargo crate that
/// inherits `[workspace.package] version` resolves to its owning package the same way).
#[test]
fn problems_name_a_dependency_as_its_manifest_does() {
    let mut r = Repo::new("packages-spelled");
    npm_core_and_app(&mut r, "2.0.0");
    let check = relcore(&["check", "versions", "--repo", r.path(), "--json"], None);
    assert_eq!(check.code, 1, "{}", check.stderr);
    let json = check.json();
    assert_eq!(
        json["diagnostics"][0]["code"],
        "requirement_excludes_version"
    );
    assert_eq!(
        json["diagnostics"][0]["message"],
        "packages/app/package.json:5:17: `app` requires `@x/core` at `^1.2.0`, which excludes the workspace's @x/core 2.0.0"
    );
}
