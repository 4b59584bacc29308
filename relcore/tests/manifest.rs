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
        "# the workspace\n[workspace]\nmembers = [\"a\"]\n\n[workspace.package]\nversion    =   \"2.0.0-rc.1\"   # aligned\nedition = \"2024\"\n"
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
