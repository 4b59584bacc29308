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
