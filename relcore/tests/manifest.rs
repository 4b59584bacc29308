//! `relcore::manifest`: every byte but the version stays.

use relcore::manifest::{FileKind, ManifestErrorKind, set_version};
use relcore::version::Version;

fn v() -> Version {
    Version::parse("2.0.0-rc.1").unwrap()
}

#[test]
fn cargo_toml_package_and_workspace() {
    let text = "# the workspace\n[workspace]\nmembers = [\"a\"]\n\n[workspace.package]\nversion    =   '1.4.2'   # aligned\nedition = \"2024\"\n";
    assert_eq!(
        set_version(&FileKind::CargoToml, text, &v()).unwrap(),
        "# the workspace\n[workspace]\nmembers = [\"a\"]\n\n[workspace.package]\nversion    =   '2.0.0-rc.1'   # aligned\nedition = \"2024\"\n"
    );
    let inherited = "[package]\nname = \"a\"\nversion.workspace = true\n";
    assert_eq!(
        set_version(&FileKind::CargoToml, inherited, &v())
            .unwrap_err()
            .kind(),
        ManifestErrorKind::DynamicVersion
    );
    assert_eq!(
        set_version(&FileKind::CargoToml, "[package]\nname = \"a\"\n", &v())
            .unwrap_err()
            .kind(),
        ManifestErrorKind::VersionNotFound
    );
    let broken = set_version(&FileKind::CargoToml, "[package\n", &v()).unwrap_err();
    assert_eq!(broken.kind(), ManifestErrorKind::InvalidFile);
    assert!(broken.to_string().contains("line 1"), "{broken}");
}

#[test]
fn pyproject_pep621_poetry_and_dynamic() {
    let pep621 =
        "[project]\nname = \"x\"\nversion = \"1.0.0\"\n\n[tool.black]\nline-length = 100\n";
    assert_eq!(
        set_version(&FileKind::Pyproject, pep621, &v()).unwrap(),
        pep621.replace("1.0.0", "2.0.0-rc.1")
    );
    let poetry = "[tool.poetry]\nname = \"x\"\nversion = \"0.3.0\"  # keep\n";
    assert_eq!(
        set_version(&FileKind::Pyproject, poetry, &v()).unwrap(),
        poetry.replace("0.3.0", "2.0.0-rc.1")
    );
    let dynamic = "[project]\nname = \"x\"\ndynamic = [\"version\"]\n";
    assert_eq!(
        set_version(&FileKind::Pyproject, dynamic, &v())
            .unwrap_err()
            .kind(),
        ManifestErrorKind::DynamicVersion
    );
}

#[test]
fn json_keeps_formatting_and_trailing_newline() {
    let text = "{\n    \"name\": \"web\",\n    \"version\": \"1.0.0\",\n    \"scripts\": { \"version\": \"echo\" }\n}\n";
    assert_eq!(
        set_version(&FileKind::PackageJson, text, &v()).unwrap(),
        text.replace("1.0.0", "2.0.0-rc.1")
    );
}

#[test]
fn kinds_from_file_names() {
    for (name, kind) in [
        ("Cargo.toml", FileKind::CargoToml),
        ("web/package.json", FileKind::PackageJson),
        ("package-lock.json", FileKind::PackageLock),
        ("pyproject.toml", FileKind::Pyproject),
        (
            "charts/web/Chart.yaml",
            FileKind::Chart { app_version: false },
        ),
        ("pom.xml", FileKind::Pom),
        ("VERSION", FileKind::Plain),
    ] {
        assert_eq!(FileKind::from_file_name(name), Some(kind), "{name}");
    }
}

#[test]
fn quote_styles_are_kept() {
    let literal = "[package]\nname = 'demo'\nversion = '1.4.2'\n";
    assert_eq!(
        set_version(&FileKind::CargoToml, literal, &v()).unwrap(),
        "[package]\nname = 'demo'\nversion = '2.0.0-rc.1'\n"
    );
    let poetry = "[tool.poetry]\nname = 'x'\nversion = '0.3.0'\n";
    assert_eq!(
        set_version(&FileKind::Pyproject, poetry, &v()).unwrap(),
        poetry.replace("'0.3.0'", "'2.0.0-rc.1'")
    );
}

/// A root package with its own version and a `[workspace.package]` version (as in
/// workspaces whose members inherit a version the root package does not share).
#[test]
fn a_members_release_never_touches_the_workspace_version() {
    let root = "[package]\nname = \"app\"\nversion = \"3.1.0\"\n\n[workspace]\nmembers = [\"crates/*\"]\n\n[workspace.package]\nversion = \"0.9.0\"\nedition = \"2021\"\n";
    assert_eq!(
        set_version(&FileKind::CargoToml, root, &v()).unwrap(),
        root.replace("3.1.0", "2.0.0-rc.1")
    );
    // The members' version is the workspace's, set on purpose.
    assert_eq!(
        set_version(&FileKind::CargoWorkspace, root, &v()).unwrap(),
        root.replace("0.9.0", "2.0.0-rc.1")
    );
    // A root package that inherits from its own workspace bumps the workspace's.
    let inheriting = "[package]\nname = \"app\"\nversion.workspace = true\n\n[workspace.package]\nversion = \"0.9.0\"\n";
    assert_eq!(
        set_version(&FileKind::CargoToml, inheriting, &v()).unwrap(),
        inheriting.replace("0.9.0", "2.0.0-rc.1")
    );
    assert!(relcore::manifest::cargo_inherits_version(inheriting));
    assert_eq!(
        set_version(
            &FileKind::CargoWorkspace,
            "[workspace]\nmembers = []\n",
            &v()
        )
        .unwrap_err()
        .kind(),
        ManifestErrorKind::VersionNotFound
    );
}

#[test]
fn a_file_already_at_the_version_is_unchanged() {
    let at = Version::parse("1.4.2").unwrap();
    for (kind, text) in [
        (
            FileKind::CargoToml,
            "[package]\nname = \"a\"\nversion = \"1.4.2\"\n",
        ),
        (FileKind::PackageJson, "{\n  \"version\": \"1.4.2\"\n}\n"),
        (FileKind::Pom, "<project><version>1.4.2</version></project>"),
        (FileKind::Plain, "1.4.2\n"),
    ] {
        assert_eq!(set_version(&kind, text, &at).unwrap(), text, "{kind:?}");
    }
}

#[test]
fn cargo_lock_from_its_name_and_serde() {
    assert_eq!(
        FileKind::from_file_name("Cargo.lock"),
        Some(FileKind::CargoLock { packages: vec![] })
    );
    let kind: FileKind =
        serde_json::from_str(r#"{"kind": "cargo-lock", "packages": ["relcore"]}"#).unwrap();
    let lock = "version = 4\n\n[[package]]\nname = \"relcore\"\nversion = \"1.0.0\"\n";
    assert_eq!(
        set_version(&kind, lock, &v()).unwrap(),
        lock.replace("1.0.0", "2.0.0-rc.1")
    );
    let ws: FileKind = serde_json::from_str(r#"{"kind": "cargo-workspace"}"#).unwrap();
    assert_eq!(ws, FileKind::CargoWorkspace);
}

#[test]
fn maven_revision_property() {
    let pom = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<project xmlns=\"http://maven.apache.org/POM/4.0.0\">\n  <modelVersion>4.0.0</modelVersion>\n  <groupId>com.acme</groupId>\n  <artifactId>billing</artifactId>\n  <version>${revision}</version>\n  <properties>\n    <revision>1.4.2-SNAPSHOT</revision>\n    <maven.compiler.release>17</maven.compiler.release>\n  </properties>\n</project>\n";
    assert_eq!(
        set_version(&FileKind::Pom, pom, &v()).unwrap(),
        pom.replace(
            "<revision>1.4.2-SNAPSHOT</revision>",
            "<revision>2.0.0-rc.1</revision>"
        )
    );
    let without = pom.replace("    <revision>1.4.2-SNAPSHOT</revision>\n", "");
    let err = set_version(&FileKind::Pom, &without, &v()).unwrap_err();
    assert_eq!(err.kind().as_str(), "missing_property");
    assert!(err.to_string().contains("line 6 column 12"), "{err}");
}

/// Found by the `version_files` fuzz target: the TOML editors dropped a byte order mark.
#[test]
fn a_byte_order_mark_is_kept() {
    let cargo = "\u{feff}[workspace.package]\nversion = '1.0.0'\n";
    let expected = "\u{feff}[workspace.package]\nversion = '2.0.0-rc.1'\n";
    assert_eq!(
        set_version(&FileKind::CargoWorkspace, cargo, &v()).unwrap(),
        expected
    );
    assert_eq!(
        set_version(&FileKind::CargoToml, cargo, &v()).unwrap(),
        expected
    );
    let pyproject = "\u{feff}[project]\nversion = \"1.0.0\"\n";
    assert_eq!(
        set_version(&FileKind::Pyproject, pyproject, &v()).unwrap(),
        "\u{feff}[project]\nversion = \"2.0.0-rc.1\"\n"
    );
}

/// Only the version's bytes change: mixed line endings, comments and spacing stay as they
/// were (found by fuzzing: writing the whole document back through toml_edit turned a
/// CRLF blank line in an LF file into LF).
#[test]
fn toml_edits_touch_only_the_version() {
    let text = "[package]\nname = \"x\"\r\n\r\nversion   =  \"1.0.0\"  # pinned\n\n[workspace.package]\r\nversion = '0.1.0'\n";
    let cargo = set_version(&FileKind::CargoToml, text, &Version::new(2, 0, 0)).unwrap();
    assert_eq!(cargo, text.replace("\"1.0.0\"", "\"2.0.0\""));
    let py = "\u{feff}[project]\r\nname = \"x\"\nversion = '1.0.0'\r\n\n[tool.poetry]\nversion = \"1.0.0\"\r\n";
    let updated = set_version(&FileKind::Pyproject, py, &Version::new(2, 0, 0)).unwrap();
    assert_eq!(
        updated,
        py.replace("'1.0.0'", "'2.0.0'")
            .replace("\"1.0.0\"", "\"2.0.0\"")
    );
}

mod dependencies {
    use relcore::manifest::{FileKind, ManifestErrorKind, read_dependencies, set_requirement};
    use relcore::version::{Dialect, Requirement, Version};
    use relcore::workspace::DependencyKind;

    /// (name, kind, section, requirement text, the text at the span) of each dependency.
    fn read(kind: &FileKind, text: &str) -> Vec<(String, DependencyKind, String, Option<String>)> {
        read_dependencies(kind, "x", text)
            .unwrap()
            .into_iter()
            .map(|d| {
                if let Some(r) = &d.requirement {
                    if text.get(r.at.start..r.at.end) == Some(r.text.as_str()) {
                        let (line, column) = relcore::diagnostic::line_column(text, r.at.start);
                        assert_eq!((r.at.line, r.at.column), (line, column));
                    } else {
                        panic!("{} at {:?} is not `{}`", d.name, r.at, r.text);
                    }
                }
                (d.name, d.kind, d.section, d.requirement.map(|r| r.text))
            })
            .collect()
    }

    #[test]
    fn cargo_tables_inline_tables_targets_and_workspace() {
        let text = "\u{feff}[package]\nname = \"cli\"\nversion = \"0.1.0\"\n\n[dependencies]\ncore = { path = \"../core\", version = \"1.4\" }\nserde = \"1.0.200\"\nmy-log = { package = \"log\", version = '0.4' }\nutil = { workspace = true }\nlocal = { path = \"../local\" }\n\n[dev-dependencies]\ntesting.version = \">=1, <2\"\n\n[build-dependencies]\ncc = \"1\"\n\n[target.'cfg(unix)'.dependencies]\nnix = \"0.29\"\n\n[workspace.dependencies]\nutil = { version = \"2.1\", path = \"util\" }\n";
        let got = read(&FileKind::CargoToml, text);
        let s = |x: &str| Some(x.to_owned());
        assert_eq!(
            got,
            [
                (
                    "core".into(),
                    DependencyKind::Normal,
                    "dependencies".into(),
                    s("1.4")
                ),
                (
                    "serde".into(),
                    DependencyKind::Normal,
                    "dependencies".into(),
                    s("1.0.200")
                ),
                (
                    "log".into(),
                    DependencyKind::Normal,
                    "dependencies".into(),
                    s("0.4")
                ),
                (
                    "util".into(),
                    DependencyKind::Normal,
                    "dependencies".into(),
                    None
                ),
                (
                    "local".into(),
                    DependencyKind::Normal,
                    "dependencies".into(),
                    None
                ),
                (
                    "testing".into(),
                    DependencyKind::Dev,
                    "dev-dependencies".into(),
                    s(">=1, <2")
                ),
                (
                    "cc".into(),
                    DependencyKind::Build,
                    "build-dependencies".into(),
                    s("1")
                ),
                (
                    "nix".into(),
                    DependencyKind::Normal,
                    "target.'cfg(unix)'.dependencies".into(),
                    s("0.29")
                ),
                (
                    "util".into(),
                    DependencyKind::Normal,
                    "workspace.dependencies".into(),
                    s("2.1")
                ),
            ]
        );
        let deps = read_dependencies(&FileKind::CargoToml, "cli/Cargo.toml", text).unwrap();
        assert_eq!(deps[2].alias.as_deref(), Some("my-log"));
        assert!(deps[3].workspace);
        assert_eq!(deps[4].path.as_deref(), Some("../local"));
        // Rewrite the dev-dependency's bounded range: only its bytes change.
        let dev = deps[5].requirement.as_ref().unwrap();
        let new = Requirement::parse(Dialect::Cargo, &dev.text)
            .unwrap()
            .rewrite(&Version::new(2, 3, 0))
            .unwrap();
        let out = set_requirement(text, &dev.at, &dev.text, &new).unwrap();
        assert_eq!(out, text.replace(">=1, <2", ">=2, <3"));
        // A literal string stays literal.
        let log = deps[2].requirement.as_ref().unwrap();
        assert_eq!(
            set_requirement(text, &log.at, "0.4", "0.5").unwrap(),
            text.replace("'0.4'", "'0.5'")
        );
    }

    #[test]
    fn package_json_sections() {
        let text = "{\r\n  \"name\": \"web\",\r\n  \"dependencies\": {\"core\": \"workspace:^\", \"react\": \"^18.2.0\"},\r\n  \"devDependencies\": {\"@acme/test\": \"~1.2\"},\r\n  \"peerDependencies\": {\"core\": \">=1.0.0 <2.0.0\"},\r\n  \"optionalDependencies\": {\"fsevents\": \"*\"},\r\n  \"scripts\": {\"dependencies\": \"x\"}\r\n}\r\n";
        let got = read(&FileKind::PackageJson, text);
        let names: Vec<(&str, DependencyKind)> =
            got.iter().map(|(n, k, _, _)| (n.as_str(), *k)).collect();
        assert_eq!(
            names,
            [
                ("core", DependencyKind::Normal),
                ("react", DependencyKind::Normal),
                ("@acme/test", DependencyKind::Dev),
                ("core", DependencyKind::Peer),
                ("fsevents", DependencyKind::Optional),
            ]
        );
        let deps = read_dependencies(&FileKind::PackageJson, "web/package.json", text).unwrap();
        let peer = deps[3].requirement.as_ref().unwrap();
        assert_eq!((peer.dialect, peer.at.line), (Dialect::Npm, 5));
        let out = set_requirement(text, &peer.at, &peer.text, ">=2.0.0 <3.0.0").unwrap();
        assert_eq!(out, text.replace(">=1.0.0 <2.0.0", ">=2.0.0 <3.0.0"));
        assert_eq!(
            read_dependencies(&FileKind::PackageJson, "x", "{")
                .unwrap_err()
                .kind(),
            ManifestErrorKind::InvalidFile
        );
    }

    #[test]
    fn pyproject_pep508_and_uv_sources() {
        let text = "[project]\nname = \"svc\"\nversion = \"0.2.0\"\ndependencies = [\n  \"Core_Lib[fast] (>=1.2,<2) ; python_version >= '3.9'\",\n  \"requests>=2.31\",\n  \"pip @ https://example.com/pip.whl\",\n  \"attrs\",\n]\n\n[project.optional-dependencies]\ncli = [\"click~=8.1\"]\n\n[dependency-groups]\ndev = [\"pytest>=8\", {include-group = \"lint\"}]\n\n[tool.uv.sources]\ncore-lib = { workspace = true }\n";
        let got = read(&FileKind::Pyproject, text);
        let s = |x: &str| Some(x.to_owned());
        assert_eq!(
            got,
            [
                (
                    "core-lib".into(),
                    DependencyKind::Normal,
                    "project.dependencies".into(),
                    s(">=1.2,<2")
                ),
                (
                    "requests".into(),
                    DependencyKind::Normal,
                    "project.dependencies".into(),
                    s(">=2.31")
                ),
                (
                    "pip".into(),
                    DependencyKind::Normal,
                    "project.dependencies".into(),
                    None
                ),
                (
                    "attrs".into(),
                    DependencyKind::Normal,
                    "project.dependencies".into(),
                    None
                ),
                (
                    "click".into(),
                    DependencyKind::Optional,
                    "project.optional-dependencies.cli".into(),
                    s("~=8.1")
                ),
                (
                    "pytest".into(),
                    DependencyKind::Dev,
                    "dependency-groups.dev".into(),
                    s(">=8")
                ),
            ]
        );
        let deps = read_dependencies(&FileKind::Pyproject, "svc/pyproject.toml", text).unwrap();
        assert!(deps[0].workspace && !deps[1].workspace);
        let r = deps[0].requirement.as_ref().unwrap();
        let out = set_requirement(text, &r.at, &r.text, ">=2.0,<3").unwrap();
        assert_eq!(out, text.replace("(>=1.2,<2)", "(>=2.0,<3)"));
    }

    #[test]
    fn stale_spans_and_quotes_are_refused() {
        let text = "[dependencies]\ncore = \"1.4\"\n";
        let deps = read_dependencies(&FileKind::CargoToml, "Cargo.toml", text).unwrap();
        let r = deps[0].requirement.as_ref().unwrap();
        let changed = text.replace("1.4", "1.5");
        assert_eq!(
            set_requirement(&changed, &r.at, "1.4", "2.0")
                .unwrap_err()
                .kind(),
            ManifestErrorKind::RequirementMismatch
        );
        assert_eq!(
            set_requirement(text, &r.at, "1.4", "2\"")
                .unwrap_err()
                .kind(),
            ManifestErrorKind::UnquotableRequirement
        );
        assert!(
            read_dependencies(&FileKind::Plain, "VERSION", "1.0.0\n")
                .unwrap()
                .is_empty()
        );
    }
}

#[test]
fn read_version_finds_what_set_version_replaces_in_every_kind() {
    use relcore::manifest::read_version;
    let cases: [(FileKind, &str, &str); 8] = [
        (
            FileKind::CargoToml,
            "[package]\nname = \"a\"\nversion = '1.1.1' # probe-like\n",
            "1.1.1",
        ),
        (
            FileKind::CargoWorkspace,
            "[workspace.package]\nversion = \"9.9.9\"\n",
            "9.9.9",
        ),
        (
            FileKind::PackageJson,
            "{\n  \"name\": \"ü\",\n  \"version\": \"2.0.0-rc.1+b.7\"\n}\n",
            "2.0.0-rc.1+b.7",
        ),
        (
            FileKind::Pyproject,
            "[project]\nname = \"a\"\nversion = \"0.0.1\"\n",
            "0.0.1",
        ),
        (
            FileKind::Chart { app_version: false },
            "apiVersion: v2\nname: a\nversion: 1.9.1\nappVersion: \"7\"\n",
            "1.9.1",
        ),
        (
            FileKind::Pom,
            "<project><version>3.1.0-SNAPSHOT</version></project>\n",
            "3.1.0-SNAPSHOT",
        ),
        (FileKind::Plain, "1.0.0\n", "1.0.0"),
        (
            FileKind::Pattern {
                pattern: "__version__ = \"{version}\"".into(),
            },
            "x = 1\n__version__ = \"1.19.91\"\n",
            "1.19.91",
        ),
    ];
    for (kind, text, want) in cases {
        let found = read_version(&kind, text).unwrap_or_else(|e| panic!("{kind:?}: {e}"));
        assert_eq!(found.version.to_string(), want, "{kind:?}");
        assert_eq!(&text[found.start..found.end], want, "{kind:?}");
    }
    let err = read_version(
        &FileKind::Pyproject,
        "[project]\nname = \"a\"\nversion = \"1.0\"\n",
    )
    .unwrap_err();
    assert_eq!(err.kind().as_str(), "invalid_version");
    assert!(
        err.to_string()
            .starts_with("3:12: the version `1.0` is not a SemVer version"),
        "{err}"
    );
    let err = read_version(
        &FileKind::Pyproject,
        "[project]\nname = \"a\"\ndynamic = [\"version\"]\n",
    )
    .unwrap_err();
    assert_eq!(err.kind().as_str(), "dynamic_version");
}

/// An npm workspace's lockfile after a release: the members' entries take their new
/// versions and ranges byte for byte (tabs, key order, escapes kept); the root member also
/// sets the lock's own version; entries the lock lacks (a version 1 lockfile) are left
/// out; a lock that is not JSON is refused.
#[test]
fn package_lock_follows_the_members() {
    use relcore::manifest::{LockChange, update_package_lock};
    let lock = "{\n\t\"name\": \"root\",\n\t\"version\": \"1.0.0\",\n\t\"lockfileVersion\": 3,\n\t\"packages\": {\n\t\t\"\": {\"name\": \"root\", \"version\": \"1.0.0\"},\n\t\t\"packages/app\": {\n\t\t\t\"version\": \"0.3.0\",\n\t\t\t\"dependencies\": {\"@x/core\": \"^1.2.0\"},\n\t\t\t\"devDependencies\": {\"@x/core\": \"*\"}\n\t\t},\n\t\t\"packages/core\": {\"version\": \"1.2.0\"}\n\t}\n}\n";
    let (root, core, app) = (
        Version::parse("1.1.0").unwrap(),
        Version::parse("2.0.0").unwrap(),
        Version::parse("0.3.1").unwrap(),
    );
    let out = update_package_lock(
        lock,
        &[
            LockChange::Version {
                member: "",
                version: &root,
            },
            LockChange::Version {
                member: "packages/core",
                version: &core,
            },
            LockChange::Version {
                member: "packages/app",
                version: &app,
            },
            LockChange::Requirement {
                member: "packages/app",
                section: "dependencies",
                name: "@x/core",
                range: ">=2.0.0 \"quoted\"",
            },
            LockChange::Version {
                member: "packages/gone",
                version: &app,
            },
        ],
    )
    .unwrap();
    let expected = lock
        .replace("\"version\": \"1.0.0\"", "\"version\": \"1.1.0\"")
        .replace("\"version\": \"1.2.0\"", "\"version\": \"2.0.0\"")
        .replace("\"version\": \"0.3.0\"", "\"version\": \"0.3.1\"")
        .replace("\"^1.2.0\"", "\">=2.0.0 \\\"quoted\\\"\"");
    assert_eq!(out, expected);
    // A version 1 lockfile has no `packages`: nothing changes.
    let v1 = "{\"lockfileVersion\": 1, \"dependencies\": {}}";
    let change = [LockChange::Version {
        member: "packages/core",
        version: &core,
    }];
    assert_eq!(update_package_lock(v1, &change).unwrap(), v1);
    let err = update_package_lock("{\"packages\": ", &change).unwrap_err();
    assert_eq!(err.kind().as_str(), "invalid_file");
}

/// A lock whose member entry appears twice (a duplicate key) is refused, located, as
/// `set_version` refuses one: JSON readers disagree on which copy counts.
#[test]
fn package_lock_duplicates_are_refused() {
    use relcore::manifest::{LockChange, update_package_lock};
    let v = Version::parse("2.0.0").unwrap();
    let lock = "{\"packages\": {\"packages/a\": {\"version\": \"1.0.0\"},\n \"packages/a\": {\"version\": \"1.0.1\"}}}";
    let err = update_package_lock(
        lock,
        &[LockChange::Version {
            member: "packages/a",
            version: &v,
        }],
    )
    .unwrap_err();
    assert_eq!(err.kind().as_str(), "invalid_file");
    assert!(
        err.to_string()
            .contains("`packages.packages/a.version` appears more than once (again at line 2"),
        "{err}"
    );
}
