//! Version files: set a new version in `Cargo.toml`, `package.json`, `package-lock.json`,
//! `pyproject.toml`, `Chart.yaml`, `pom.xml`, `VERSION`, or any file through a pattern.
//! Text in, text out: every byte except the version stays as it was (comments, key order,
//! indentation, the trailing newline). A file where the version is missing or dynamic is
//! an error, never a silent no-op.
//!
//! ```
//! use relcore::manifest::{set_version, FileKind};
//! use relcore::version::Version;
//!
//! let cargo = "[package]\nname = \"demo\"\nversion = \"0.1.0\" # bumped by relcore\n";
//! let next = Version::parse("0.2.0")?;
//! assert_eq!(
//!     set_version(&FileKind::CargoToml, cargo, &next)?,
//!     "[package]\nname = \"demo\"\nversion = \"0.2.0\" # bumped by relcore\n"
//! );
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod deps;
mod json;
mod text;
mod toml;
mod xml;

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::version::Version;

pub use deps::{ManifestDependency, read_dependencies, set_requirement};

/// What kind of version file a file is, which decides where its version lives.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", tag = "kind")]
#[non_exhaustive]
pub enum FileKind {
    /// `Cargo.toml`: `package.version` when the package has its own, else (a virtual
    /// manifest, or a package inheriting from its own workspace)
    /// `workspace.package.version`.
    CargoToml,
    /// A workspace's root `Cargo.toml`: `[workspace.package] version`, which the members
    /// with `version.workspace = true` inherit.
    CargoWorkspace,
    /// `Cargo.lock`: the `version` of the `[[package]]` entries named in `packages` that
    /// have no `source` (the workspace's own).
    CargoLock {
        /// The workspace's packages being released.
        #[serde(default)]
        packages: Vec<String>,
    },
    /// `package.json`: the top-level `version`.
    PackageJson,
    /// `package-lock.json`: the top-level `version` and `packages[""].version`.
    PackageLock,
    /// `pyproject.toml`: `project.version` (PEP 621) or `tool.poetry.version`.
    Pyproject,
    /// `Chart.yaml`: the top-level `version`, and `appVersion` when asked.
    Chart {
        /// Also set `appVersion`.
        #[serde(default)]
        app_version: bool,
    },
    /// `pom.xml`: the project's own `<version>`, not the parent's or a dependency's.
    Pom,
    /// A file holding just the version, like `VERSION`.
    Plain,
    /// Any file: every occurrence of `pattern`, where `{version}` stands for a version
    /// (e.g. `__version__ = "{version}"`).
    Pattern {
        /// The text around the version, with `{version}` once.
        pattern: String,
    },
}

impl FileKind {
    /// The kind a file name implies, if any: `Cargo.toml`, `package.json`,
    /// `package-lock.json`, `pyproject.toml`, `Chart.yaml`, `pom.xml`, `VERSION`.
    ///
    /// ```
    /// use relcore::manifest::FileKind;
    /// assert_eq!(FileKind::from_file_name("crates/x/Cargo.toml"), Some(FileKind::CargoToml));
    /// assert_eq!(FileKind::from_file_name("setup.cfg"), None);
    /// ```
    pub fn from_file_name(path: &str) -> Option<FileKind> {
        let name = path.rsplit(['/', '\\']).next().unwrap_or(path);
        Some(match name {
            "Cargo.toml" => FileKind::CargoToml,
            "Cargo.lock" => FileKind::CargoLock {
                packages: Vec::new(),
            },
            "package.json" => FileKind::PackageJson,
            "package-lock.json" | "npm-shrinkwrap.json" => FileKind::PackageLock,
            "pyproject.toml" => FileKind::Pyproject,
            "Chart.yaml" => FileKind::Chart { app_version: false },
            "pom.xml" => FileKind::Pom,
            "VERSION" | "VERSION.txt" | "version.txt" => FileKind::Plain,
            _ => return None,
        })
    }
}

/// Sets `version` in `text`, a file of kind `kind`.
///
/// # Errors
///
/// `version_not_found` (no version where the kind keeps it), `dynamic_version` (a
/// `pyproject.toml` whose version is `dynamic`, a `Cargo.toml` that only inherits
/// `version.workspace = true`: set it through the root with [`FileKind::CargoWorkspace`]),
/// `missing_property` (a `pom.xml` version `${revision}` whose property is not in
/// `<properties>`, located), `invalid_file` (the file does not parse), `invalid_pattern`
/// (a pattern without `{version}`).
///
/// A file already at `version` comes back unchanged, which is no error. Quotes are kept:
/// `version = '1.4.2'` stays single-quoted.
pub fn set_version(
    kind: &FileKind,
    text: &str,
    version: &Version,
) -> Result<String, ManifestError> {
    let v = version.to_string();
    match kind {
        FileKind::CargoToml => toml::cargo(text, &v),
        FileKind::CargoWorkspace => toml::cargo_workspace(text, &v),
        FileKind::CargoLock { packages } => text::cargo_lock(text, &v, packages),
        FileKind::Pyproject => toml::pyproject(text, &v),
        FileKind::PackageJson => json::set(text, &v, &[&["version"]]),
        FileKind::PackageLock => json::set(text, &v, &[&["version"], &["packages", "", "version"]]),
        FileKind::Chart { app_version } => text::chart(text, &v, *app_version),
        FileKind::Pom => xml::pom(text, &v),
        FileKind::Plain => text::plain(text, &v),
        FileKind::Pattern { pattern } => text::pattern(text, &v, pattern),
    }
}

/// A version as a file holds it, and where: the bytes [`set_version`] would replace.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VersionAt {
    /// The version.
    pub version: Version,
    /// Byte offset of its first byte in the file.
    pub start: usize,
    /// Byte offset just past its last byte.
    pub end: usize,
}

/// The version `text` (a file of kind `kind`) holds, found where [`set_version`] would
/// write it: the same editor locates it, so what is read is what a release replaces.
///
/// ```
/// use relcore::manifest::{read_version, FileKind};
/// let text = "[package]\nname = \"demo\"\nversion = \"0.1.0\" # bumped by relcore\n";
/// let found = read_version(&FileKind::CargoToml, text)?;
/// assert_eq!(found.version.to_string(), "0.1.0");
/// assert_eq!(&text[found.start..found.end], "0.1.0");
/// let err = read_version(&FileKind::PackageJson, "{\"version\": \"1.0\"}").unwrap_err();
/// assert_eq!(err.kind().as_str(), "invalid_version");
/// # Ok::<(), relcore::manifest::ManifestError>(())
/// ```
///
/// # Errors
///
/// Those of [`set_version`] (`version_not_found`, `dynamic_version`, `invalid_file`, …),
/// and `invalid_version` when the text there is not a SemVer version.
pub fn read_version(kind: &FileKind, text: &str) -> Result<VersionAt, ManifestError> {
    // Two writes with versions that share no first or last character with each other:
    // the bytes both change are exactly the version's (a span the new and the old text
    // agree on at an edge is no longer taken for unchanged by both).
    let probes = [Version::new(1, 1, 1), Version::new(9, 9, 9)];
    let mut start = text.len();
    let mut end = 0;
    for probe in &probes {
        let written = set_version(kind, text, probe)?;
        if written == text {
            continue; // the file holds the probe itself: the other one finds it
        }
        let prefix = common_prefix(text, &written);
        let suffix = common_suffix(&text[prefix..], &written[prefix..]);
        start = start.min(prefix);
        end = end.max(text.len() - suffix);
    }
    let held = text.get(start..end).unwrap_or_default();
    let version = Version::parse(held).map_err(|e| {
        let (line, column) = crate::diagnostic::line_column(text, start);
        ManifestError::new(
            ManifestErrorKind::InvalidVersion,
            format!("{line}:{column}: the version `{held}` is not a SemVer version: {e}"),
        )
    })?;
    Ok(VersionAt {
        version,
        start,
        end,
    })
}

/// The length of the longest common prefix of `a` and `b`, on a character boundary.
fn common_prefix(a: &str, b: &str) -> usize {
    a.char_indices()
        .zip(b.chars())
        .find(|((_, x), y)| x != y)
        .map_or(a.len().min(b.len()), |((i, _), _)| i)
}

/// The length of the longest common suffix of `a` and `b`, on a character boundary.
fn common_suffix(a: &str, b: &str) -> usize {
    a.chars()
        .rev()
        .zip(b.chars().rev())
        .take_while(|(x, y)| x == y)
        .map(|(x, _)| x.len_utf8())
        .sum::<usize>()
}

/// A change to an npm workspace's `package-lock.json` after a release of its members.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LockChange<'a> {
    /// The member in directory `member` (relative to the lock; `""` for the root) is at
    /// `version`: `packages["<member>"].version`, and for the root the lock's own
    /// `version` too.
    Version {
        /// The member's directory.
        member: &'a str,
        /// Its new version.
        version: &'a Version,
    },
    /// The member's requirement on `name` in `section` (`dependencies`,
    /// `devDependencies`, …) is now `range`: `packages["<member>"].<section>.<name>`.
    Requirement {
        /// The member's directory.
        member: &'a str,
        /// The `package.json` section.
        section: &'a str,
        /// The dependency's name.
        name: &'a str,
        /// Its new range.
        range: &'a str,
    },
}

/// `text`, an npm `package-lock.json` (lockfile version 2 or 3), with `changes` made
/// byte for byte, so that it agrees with the members' `package.json` files after a
/// release as `npm install` would make it; a change whose entry the lock does not have is
/// left out (a member npm does not know, a version 1 lockfile).
///
/// ```
/// use relcore::manifest::{update_package_lock, LockChange};
/// use relcore::version::Version;
/// let lock = r#"{"packages": {"packages/app": {"version": "0.3.0", "dependencies": {"core": "^1.2.0"}}}}"#;
/// let v = Version::parse("0.3.1")?;
/// let out = update_package_lock(lock, &[
///     LockChange::Version { member: "packages/app", version: &v },
///     LockChange::Requirement { member: "packages/app", section: "dependencies", name: "core", range: "^2.0.0" },
/// ])?;
/// assert_eq!(out, r#"{"packages": {"packages/app": {"version": "0.3.1", "dependencies": {"core": "^2.0.0"}}}}"#);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
///
/// `invalid_file` when `text` is not JSON or a key on the way appears twice. One pass over
/// `text`, whatever the number of changes.
pub fn update_package_lock(
    text: &str,
    changes: &[LockChange<'_>],
) -> Result<String, ManifestError> {
    json::check(text)?;
    let mut values: Vec<String> = Vec::new();
    let mut paths: Vec<Vec<&str>> = Vec::new();
    for change in changes {
        match *change {
            LockChange::Version { member, version } => {
                values.push(version.to_string());
                paths.push(vec!["packages", member, "version"]);
                if member.is_empty() {
                    values.push(version.to_string());
                    paths.push(vec!["version"]);
                }
            }
            LockChange::Requirement {
                member,
                section,
                name,
                range,
            } => {
                values.push(json_escape(range));
                paths.push(vec!["packages", member, section, name]);
            }
        }
    }
    let edits: Vec<(&str, &[&str])> = values
        .iter()
        .zip(&paths)
        .map(|(value, path)| (value.as_str(), path.as_slice()))
        .collect();
    json::set_many(text, &edits).map(|(out, _)| out)
}

/// `text` as the contents of a JSON string.
fn json_escape(text: &str) -> String {
    let quoted = serde_json::Value::String(text.to_owned()).to_string();
    quoted
        .get(1..quoted.len().saturating_sub(1))
        .unwrap_or_default()
        .to_owned()
}

/// Whether a `Cargo.toml` inherits its package version (`version.workspace = true`), so
/// that releasing it means setting the workspace root's `[workspace.package]` version.
///
/// ```
/// use relcore::manifest::cargo_inherits_version;
/// assert!(cargo_inherits_version("[package]\nname = \"a\"\nversion.workspace = true\n"));
/// assert!(!cargo_inherits_version("[package]\nname = \"a\"\nversion = \"1.0.0\"\n"));
/// ```
pub fn cargo_inherits_version(text: &str) -> bool {
    toml::cargo_inherits(text)
}

/// The package name of a `Cargo.toml` (`[package] name`), when it has one: what its
/// `Cargo.lock` entry is called.
///
/// ```
/// use relcore::manifest::cargo_package_name;
/// assert_eq!(cargo_package_name("[package]\nname = \"relcore\"\n").as_deref(), Some("relcore"));
/// assert_eq!(cargo_package_name("[workspace]\n"), None);
/// ```
pub fn cargo_package_name(text: &str) -> Option<String> {
    toml::cargo_package_name(text)
}

/// The name a manifest declares for its package, as written: `[package] name` of a
/// `Cargo.toml`, `name` of a `package.json`, `[project] name` of a `pyproject.toml`;
/// `None` for other kinds, or when there is none.
///
/// ```
/// use relcore::manifest::{package_name, FileKind};
/// assert_eq!(package_name(&FileKind::PackageJson, "{\"name\": \"@acme/ui\"}").as_deref(), Some("@acme/ui"));
/// assert_eq!(package_name(&FileKind::Pyproject, "[project]\nname = \"Acme_Core\"\n").as_deref(), Some("Acme_Core"));
/// assert_eq!(package_name(&FileKind::PackageJson, "{\"version\": \"1.0.0\"}"), None);
/// ```
pub fn package_name(kind: &FileKind, text: &str) -> Option<String> {
    match kind {
        FileKind::CargoToml | FileKind::CargoWorkspace => toml::cargo_package_name(text),
        FileKind::PackageJson => serde_json::from_str::<serde_json::Value>(text)
            .ok()?
            .get("name")?
            .as_str()
            .map(str::to_owned),
        FileKind::Pyproject => toml::pyproject_name(text),
        _ => None,
    }
}

/// A Python project name in PEP 503's normal form (lower-case, each run of `-`, `_` and
/// `.` as one `-`): how [`read_dependencies`] names the dependencies of a
/// `pyproject.toml`.
///
/// ```
/// assert_eq!(relcore::manifest::python_name("Acme_Core..Lib"), "acme-core-lib");
/// ```
pub fn python_name(name: &str) -> String {
    deps::normalize(name)
}

/// The stable kind behind a [`ManifestError`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum ManifestErrorKind {
    /// The file has no version where its kind keeps it.
    VersionNotFound,
    /// The version is computed elsewhere (`dynamic = ["version"]`, `version.workspace = true`).
    DynamicVersion,
    /// The file does not parse.
    InvalidFile,
    /// The pattern has no `{version}`, or it twice.
    InvalidPattern,
    /// A `pom.xml` version is a property (`${revision}`) that `<properties>` does not set.
    MissingProperty,
    /// [`set_requirement`]: the bytes at the requirement's span are not the requirement as
    /// read (the file changed since, or the string has escapes).
    RequirementMismatch,
    /// [`set_requirement`]: the new requirement holds a quote, a backslash or a control
    /// character, which would need escaping.
    UnquotableRequirement,
    /// [`read_version`]: the version the file holds is not a SemVer version.
    InvalidVersion,
}

impl ManifestErrorKind {
    /// Every kind, for the tests and docs that enumerate the slugs.
    pub const ALL: [ManifestErrorKind; 8] = [
        ManifestErrorKind::VersionNotFound,
        ManifestErrorKind::DynamicVersion,
        ManifestErrorKind::InvalidFile,
        ManifestErrorKind::InvalidPattern,
        ManifestErrorKind::MissingProperty,
        ManifestErrorKind::RequirementMismatch,
        ManifestErrorKind::UnquotableRequirement,
        ManifestErrorKind::InvalidVersion,
    ];

    /// The stable slug, e.g. `version_not_found`.
    ///
    /// ```
    /// use relcore::manifest::ManifestErrorKind;
    /// assert_eq!(ManifestErrorKind::DynamicVersion.as_str(), "dynamic_version");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            ManifestErrorKind::VersionNotFound => "version_not_found",
            ManifestErrorKind::DynamicVersion => "dynamic_version",
            ManifestErrorKind::InvalidFile => "invalid_file",
            ManifestErrorKind::InvalidPattern => "invalid_pattern",
            ManifestErrorKind::MissingProperty => "missing_property",
            ManifestErrorKind::RequirementMismatch => "requirement_mismatch",
            ManifestErrorKind::UnquotableRequirement => "unquotable_requirement",
            ManifestErrorKind::InvalidVersion => "invalid_version",
        }
    }
}

/// A version file that cannot take the new version.
///
/// ```
/// use relcore::manifest::{set_version, FileKind};
/// use relcore::version::Version;
/// let err = set_version(&FileKind::PackageJson, "{\"name\": \"x\"}", &Version::new(1, 0, 0)).unwrap_err();
/// assert_eq!(err.kind().as_str(), "version_not_found");
/// ```
#[derive(Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct ManifestError {
    kind: ManifestErrorKind,
    message: String,
}

impl ManifestError {
    pub(crate) fn new(kind: ManifestErrorKind, message: impl Into<String>) -> ManifestError {
        ManifestError {
            kind,
            message: message.into(),
        }
    }

    /// The stable kind of this error.
    pub fn kind(&self) -> ManifestErrorKind {
        self.kind
    }
}

impl fmt::Debug for ManifestError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ManifestError({:?})", self.message)
    }
}
