//! `relcore.toml`: a project's release configuration, every key optional. Text in, values
//! out: reading the file is the caller's job.
//!
//! ```
//! use relcore::config::ProjectConfig;
//!
//! let config = ProjectConfig::from_toml(
//!     "tag_format = \"{package}@{version}\"\npackage = \"api\"\nversion_files = [\"Cargo.toml\"]\n\n[bump]\nchannel = \"rc\"\n",
//! )?;
//! assert_eq!(config.tag_format.as_str(), "{package}@{version}");
//! assert_eq!(config.bump.channel.as_deref(), Some("rc"));
//! assert_eq!(config.changelog.path, "CHANGELOG.md");
//!
//! let err = ProjectConfig::from_toml("[bump]\nchanel = \"rc\"\n").unwrap_err();
//! assert_eq!((err.line(), err.column()), (Some(2), Some(1)));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::bump::Policy;
use crate::changelog::{Config as ChangelogConfig, Format, SectionRule};
use crate::manifest::FileKind;
use crate::version::TagFormat;

/// The whole file.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ProjectConfig {
    /// How release tags are spelled: `v{version}`, `{package}@{version}`, …
    pub tag_format: TagFormat,
    /// The package, for tag formats with `{package}`.
    pub package: Option<String>,
    /// Which commits release what.
    pub bump: Policy,
    /// Where and how the changelog is written.
    pub changelog: ChangelogSection,
    /// Which history counts.
    pub git: GitSection,
    /// How releases are classified.
    pub risk: crate::risk::Policy,
    /// Files whose version `relcore release --write` sets.
    pub version_files: Vec<VersionFile>,
}

/// `[changelog]`
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ChangelogSection {
    /// The changelog file, relative to the repository root. Default `CHANGELOG.md`.
    pub path: String,
    /// `keep-a-changelog` (default) or `release-notes`.
    pub format: Format,
    /// A template file (relative to the repository root) to render sections with instead.
    pub template: Option<String>,
    /// The repository's web address, for links.
    pub repository_url: Option<String>,
    /// Sections and the commit types they list; Keep a Changelog's by default.
    pub sections: Option<Vec<SectionRule>>,
    /// Gather breaking changes in a `BREAKING CHANGES` section first.
    pub breaking_section: bool,
    /// Move hand-written Unreleased entries into the release.
    pub take_unreleased: bool,
}

impl Default for ChangelogSection {
    fn default() -> Self {
        ChangelogSection {
            path: "CHANGELOG.md".to_owned(),
            format: Format::KeepAChangelog,
            template: None,
            repository_url: None,
            sections: None,
            breaking_section: false,
            take_unreleased: false,
        }
    }
}

/// `[git]`
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct GitSection {
    /// Follow first parents only.
    pub first_parent: bool,
    /// Only commits touching these paths count (one package of a monorepo).
    pub paths: Vec<String>,
}

/// A version file: a path whose name says its kind (`"Cargo.toml"`), or a table with a
/// pattern (`{ path = "src/version.py", pattern = "__version__ = \"{version}\"" }`) or a
/// Helm chart's `app_version`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum VersionFile {
    /// A path; the kind comes from the file name.
    Path(String),
    /// A path with options.
    Detailed {
        /// The file, relative to the repository root.
        path: String,
        /// Text around the version, with `{version}` once.
        #[serde(default)]
        pattern: Option<String>,
        /// For `Chart.yaml`: also set `appVersion`.
        #[serde(default)]
        app_version: bool,
    },
}

impl VersionFile {
    /// The path, relative to the repository root.
    ///
    /// ```
    /// use relcore::config::VersionFile;
    /// assert_eq!(VersionFile::Path("web/package.json".into()).path(), "web/package.json");
    /// ```
    pub fn path(&self) -> &str {
        match self {
            VersionFile::Path(path) | VersionFile::Detailed { path, .. } => path,
        }
    }

    /// Its kind; `None` when the name says nothing and no pattern is given.
    ///
    /// ```
    /// use relcore::config::VersionFile;
    /// use relcore::manifest::FileKind;
    /// assert_eq!(VersionFile::Path("Cargo.toml".into()).kind(), Some(FileKind::CargoToml));
    /// assert_eq!(VersionFile::Path("setup.cfg".into()).kind(), None);
    /// ```
    pub fn kind(&self) -> Option<FileKind> {
        match self {
            VersionFile::Path(path) => FileKind::from_file_name(path),
            VersionFile::Detailed {
                pattern: Some(pattern),
                ..
            } => Some(FileKind::Pattern {
                pattern: pattern.clone(),
            }),
            VersionFile::Detailed {
                path, app_version, ..
            } => match FileKind::from_file_name(path)? {
                FileKind::Chart { .. } => Some(FileKind::Chart {
                    app_version: *app_version,
                }),
                other => Some(other),
            },
        }
    }
}

impl ProjectConfig {
    /// Reads `relcore.toml` text. Unknown keys and wrong types are errors that say where.
    pub fn from_toml(text: &str) -> Result<ProjectConfig, ConfigError> {
        let config: ProjectConfig = toml::from_str(text).map_err(|e| {
            let (line, column) = match e.span() {
                Some(span) => {
                    let (l, c) = crate::diagnostic::line_column(text, span.start);
                    (Some(l), Some(c))
                }
                None => (None, None),
            };
            ConfigError {
                message: e.message().to_owned(),
                line,
                column,
            }
        })?;
        if let Some(file) = config.version_files.iter().find(|f| f.kind().is_none()) {
            return Err(ConfigError {
                message: format!(
                    "cannot tell the kind of version file `{}`: give it a pattern",
                    file.path()
                ),
                line: None,
                column: None,
            });
        }
        Ok(config)
    }

    /// The changelog configuration of [`crate::changelog`].
    ///
    /// ```
    /// use relcore::config::ProjectConfig;
    /// let config = ProjectConfig::from_toml("[changelog]\nrepository_url = \"https://github.com/acme/api\"\n")?;
    /// assert_eq!(config.changelog_config().repository_url.as_deref(), Some("https://github.com/acme/api"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn changelog_config(&self) -> ChangelogConfig {
        let mut config = ChangelogConfig {
            repository_url: self.changelog.repository_url.clone(),
            tag_format: self.tag_format.clone(),
            package: self.package.clone(),
            breaking_section: self.changelog.breaking_section,
            include_merges: self.bump.include_merges,
            ..ChangelogConfig::default()
        };
        if let Some(sections) = &self.changelog.sections {
            config.sections.clone_from(sections);
        }
        config
    }
}

/// An invalid `relcore.toml` (slug `invalid_config`), with the line and column.
#[derive(Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", self.describe())]
pub struct ConfigError {
    message: String,
    line: Option<usize>,
    column: Option<usize>,
}

impl ConfigError {
    /// The 1-based line of the problem, when known.
    pub fn line(&self) -> Option<usize> {
        self.line
    }

    /// The 1-based column of the problem, when known.
    pub fn column(&self) -> Option<usize> {
        self.column
    }

    /// The stable slug, `invalid_config`.
    pub fn code(&self) -> &'static str {
        "invalid_config"
    }

    fn describe(&self) -> String {
        match (self.line, self.column) {
            (Some(l), Some(c)) => format!("{l}:{c}: {}", self.message),
            _ => self.message.clone(),
        }
    }
}

impl fmt::Debug for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ConfigError({:?})", self.to_string())
    }
}
