//! `relcore.toml`: a project's release configuration, every key optional. Text in, values
//! out: reading the file is the caller's job.
//!
//! ```
//! use relcore_release::config::ProjectConfig;
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

use relcore::bump::Policy;
use relcore::changelog::{Config as ChangelogConfig, Format, SectionRule};
use relcore::manifest::FileKind;
use relcore::version::TagFormat;

mod load;
mod packages;

pub use load::{CONFIG_FILE, ConfigFileError, load_config, load_given};
pub use packages::{GroupSection, PACKAGE_TAG_FORMAT, PackageError, PackageSection, Paths};

/// The whole file.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
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
    pub risk: relcore::risk::Policy,
    /// Files whose version `relcore release --write` sets.
    pub version_files: Vec<VersionFile>,
    /// The rollout plan `relcore release` checks.
    pub plan: PlanSection,
    /// How `relcore release --commit` commits.
    pub release: ReleaseSection,
    /// How `relcore hotfix` names branches and picks fixes.
    pub hotfix: HotfixSection,
    /// The go / no-go checklist of `relcore ready`: required and warning checks, release
    /// branches, custom checks.
    pub ready: relcore::ready::Checklist,
    /// The packages of a repository that releases several, by name (`[packages.api]`).
    pub packages: std::collections::BTreeMap<String, PackageSection>,
    /// Packages whose versions move together, by name (`[groups.platform]`).
    pub groups: std::collections::BTreeMap<String, GroupSection>,
    /// When a package's release rewrites the requirements its dependents declare on it:
    /// `out-of-range` (the default) or `always`.
    pub update_dependents: relcore::workspace::UpdateDependents,
    /// Where `relcore pipeline` keeps release records.
    pub pipeline: PipelineSection,
    /// What `relcore announce` says: product, contact, impact, templates per audience.
    pub announce: crate::announce::AnnounceSection,
}

/// `[pipeline]`
///
/// ```
/// use relcore_release::config::ProjectConfig;
/// let config = ProjectConfig::from_toml("[pipeline]\nrecord = \"ops/releases/v{version}.json\"\n")?;
/// assert_eq!(config.pipeline.record, "ops/releases/v{version}.json");
/// assert_eq!(ProjectConfig::default().pipeline.record, ".relcore/releases/{version}.json");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(default, deny_unknown_fields)]
pub struct PipelineSection {
    /// The release record file, relative to the repository root, with `{version}` in its
    /// file name. Default `.relcore/releases/{version}.json`.
    pub record: String,
}

impl Default for PipelineSection {
    fn default() -> Self {
        PipelineSection {
            record: ".relcore/releases/{version}.json".to_owned(),
        }
    }
}

/// `[hotfix]`
///
/// ```
/// use relcore_release::config::ProjectConfig;
/// let config = ProjectConfig::from_toml("[hotfix]\nbranch = \"fix/{version}\"\nmain = \"trunk\"\n")?;
/// assert_eq!(config.hotfix.branch, "fix/{version}");
/// assert_eq!(config.hotfix.issue_branch, "hotfix/{issue}-{version}");
/// assert_eq!(config.hotfix.main, "trunk");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(default, deny_unknown_fields)]
pub struct HotfixSection {
    /// The hotfix branch's name, with `{version}`. Default `hotfix/{version}`.
    pub branch: String,
    /// The name with an issue (`--issue PROD-123`), with `{issue}` and `{version}`.
    /// Default `hotfix/{issue}-{version}`.
    pub issue_branch: String,
    /// The main line fixes are picked from and backported to. Default `main`.
    pub main: String,
    /// Commit types offered for cherry-picking. Default `fix`, `perf`.
    pub types: Vec<String>,
}

impl Default for HotfixSection {
    fn default() -> Self {
        HotfixSection {
            branch: relcore::hotfix::DEFAULT_BRANCH.to_owned(),
            issue_branch: relcore::hotfix::DEFAULT_BRANCH_WITH_ISSUE.to_owned(),
            main: "main".to_owned(),
            types: vec!["fix".to_owned(), "perf".to_owned()],
        }
    }
}

/// `[release]`
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(default, deny_unknown_fields)]
pub struct ReleaseSection {
    /// The release commit's message (`relcore release --write --commit`), with `{version}`
    /// and `{tag}` replaced by the new version and tag. Default `chore(release): {version}`.
    pub commit_message: String,
}

impl Default for ReleaseSection {
    fn default() -> Self {
        ReleaseSection {
            commit_message: "chore(release): {version}".to_owned(),
        }
    }
}

impl ReleaseSection {
    /// The commit message for `version` and `tag`.
    ///
    /// ```
    /// use relcore_release::config::ReleaseSection;
    /// let section = ReleaseSection::default();
    /// assert_eq!(section.message("1.2.0", "v1.2.0"), "chore(release): 1.2.0");
    /// ```
    pub fn message(&self, version: &str, tag: &str) -> String {
        self.commit_message
            .replace("{version}", version)
            .replace("{tag}", tag)
    }
}

/// `[plan]`
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(default, deny_unknown_fields)]
pub struct PlanSection {
    /// The rollout plan file, relative to the repository root; `relcore release` checks it
    /// when it exists, with the release's classification as the context. Default
    /// `rollout.yml`.
    pub path: String,
    /// Public holidays on which no rollout may be in progress (`holidays = [2026-12-25,
    /// "2026-12-26"]`: TOML dates or `YYYY-MM-DD` strings). `relcore plan check`,
    /// `simulate` and `next-window` add them to the plan's context.
    #[serde(deserialize_with = "holiday_dates")]
    pub holidays: Vec<chrono::NaiveDate>,
}

impl Default for PlanSection {
    fn default() -> Self {
        PlanSection {
            path: "rollout.yml".to_owned(),
            holidays: Vec::new(),
        }
    }
}

/// A holiday as written: a TOML date, or a `YYYY-MM-DD` string.
#[derive(Deserialize)]
#[serde(untagged)]
enum DateText {
    Date(toml::value::Datetime),
    Text(String),
}

/// `[plan] holidays`: TOML dates or strings, each a calendar date.
fn holiday_dates<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<Vec<chrono::NaiveDate>, D::Error> {
    let written = Vec::<DateText>::deserialize(deserializer)?;
    written
        .into_iter()
        .map(|d| {
            let date = match &d {
                DateText::Date(t) if t.time.is_none() && t.offset.is_none() => {
                    t.date.and_then(|d| {
                        chrono::NaiveDate::from_ymd_opt(
                            i32::from(d.year),
                            u32::from(d.month),
                            u32::from(d.day),
                        )
                    })
                }
                DateText::Date(_) => None,
                DateText::Text(s) => chrono::NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").ok(),
            };
            date.ok_or_else(|| {
                let shown = match d {
                    DateText::Date(t) => t.to_string(),
                    DateText::Text(s) => s,
                };
                serde::de::Error::custom(format!(
                    "[plan] holidays: `{shown}` is not a date; write `2026-12-25`"
                ))
            })
        })
        .collect()
}

/// `[changelog]`
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
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
    /// How the host spells links when its name does not say: `github`, `gitlab`, `gitea`
    /// or `bitbucket`. Default: guessed from the host name.
    pub host_style: Option<relcore::changelog::HostStyle>,
    /// How a stable release's section treats the pre-releases before it: `fold` (the
    /// default) lists every change since the previous stable release, `separate` only
    /// those since the last pre-release. Pre-release sections are the same either way.
    pub prereleases: Prereleases,
    /// With `[packages]`: a changelog of the whole repository (relative to its root,
    /// e.g. `CHANGELOG.md`) that a release of every package adds a section to, listing
    /// the packages released, each linked to its own changelog. None by default.
    pub workspace: Option<String>,
}

/// `[changelog] prereleases`: what a stable release that follows pre-releases lists.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Prereleases {
    /// Every change since the previous stable release, its release candidates' included,
    /// as most projects publish a stable release's notes.
    #[default]
    Fold,
    /// Only the changes since the last pre-release.
    Separate,
}

impl Prereleases {
    /// `true` for [`Prereleases::Fold`].
    pub fn fold(self) -> bool {
        self == Prereleases::Fold
    }
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
            host_style: None,
            prereleases: Prereleases::Fold,
            workspace: None,
        }
    }
}

/// `[git]`
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
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
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
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
    /// use relcore_release::config::VersionFile;
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
    /// use relcore_release::config::VersionFile;
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
    /// Reads `relcore.toml` text.
    ///
    /// # Errors
    ///
    /// A [`ConfigError`] with every unknown key and wrong value, each with its line and
    /// column (bad TOML syntax: that one problem).
    ///
    /// ```
    /// use relcore_release::config::ProjectConfig;
    /// let err = ProjectConfig::from_toml("[changlog]\npath = \"NEWS.md\"\n[bump]\nchanel = \"rc\"\n").unwrap_err();
    /// let lines: Vec<String> = err.lines().collect();
    /// assert_eq!(lines.len(), 2);
    /// assert!(lines[0].starts_with("1:2: unknown field `changlog`"), "{lines:?}");
    /// assert!(lines[1].starts_with("4:1: unknown field `chanel`"), "{lines:?}");
    /// ```
    pub fn from_toml(text: &str) -> Result<ProjectConfig, ConfigError> {
        // Bad TOML syntax stops the reading at once: nothing after it can be trusted.
        let root = match toml::de::DeTable::parse(text) {
            Ok(root) => root,
            Err(e) => return Err(ConfigError::one(problem(text, &e))),
        };
        // The text is parsed once. Then every wrong key or value: each is recorded and
        // its entry removed from the parsed table, which is read again, until it reads
        // or a problem has no position.
        let span = root.span();
        let mut table = root.into_inner();
        let mut removed: Vec<(std::ops::Range<usize>, String)> = Vec::new();
        let mut problems = Vec::new();
        for _ in 0..MAX_PROBLEMS {
            let document =
                toml::de::Deserializer::from(toml::Spanned::new(span.clone(), table.clone()));
            let e = match ProjectConfig::deserialize(document) {
                Ok(config) if problems.is_empty() => return config.checked(Some(text)),
                Ok(_) => break,
                Err(e) => e,
            };
            let at = e.span();
            // A problem inside an entry already removed is fallout of an earlier one (a
            // key removed from a table that needs it), not a problem of its own.
            // So is a key missing because it was removed (`kind` of a table whose `kind`
            // was wrong).
            let fallout = at.as_ref().is_some_and(|s| {
                removed.iter().any(|(b, _)| {
                    s.start < b.end.max(b.start + 1) && b.start < s.end.max(s.start + 1)
                })
            }) || removed
                .iter()
                .any(|(_, key)| e.message().starts_with(&format!("missing field `{key}`")));
            if !fallout {
                problems.push(problem(text, &e));
            }
            let Some(range) = at.and_then(|s| remove_entry_at(&mut table, &s)) else {
                break;
            };
            removed.push(range);
        }
        // In document order; problems without a position last.
        problems.sort_by_key(|p| (p.line.is_none(), p.line, p.column));
        Err(ConfigError { problems })
    }

    /// The configuration from its JSON form (a Python dict, a JavaScript object): the
    /// keys of `relcore.toml`, checked as when it is read from the file.
    ///
    /// # Errors
    ///
    /// A [`ConfigError`] (`invalid_config`) naming the key at fault.
    ///
    /// ```
    /// use relcore_release::config::ProjectConfig;
    /// let config = ProjectConfig::from_json(serde_json::json!({"tag_format": "v{version}"}))?;
    /// assert_eq!(config.tag_format.as_str(), "v{version}");
    /// let err = ProjectConfig::from_json(serde_json::json!({"bump": {"chanel": "rc"}})).unwrap_err();
    /// assert!(err.to_string().starts_with("invalid config key `bump.chanel`: unknown field `chanel`"), "{err}");
    /// # Ok::<(), relcore_release::config::ConfigError>(())
    /// ```
    pub fn from_json(value: serde_json::Value) -> Result<ProjectConfig, ConfigError> {
        relcore::input::from_json::<ProjectConfig>(relcore::input::InputKind::ProjectConfig, value)
            .map_err(|error| {
                ConfigError::one(Problem {
                    message: error.to_string(),
                    line: None,
                    column: None,
                })
            })?
            .checked(None)
    }

    /// The checks serde cannot make, every problem located in `text` when the
    /// configuration was read from it: the repository URL parses, every version file's
    /// kind is known, and the packages and groups agree (see [`PackageSection`]).
    fn checked(self, text: Option<&str>) -> Result<ProjectConfig, ConfigError> {
        use packages::Key;
        let mut found: Vec<(Vec<Key>, String)> = Vec::new();
        if let Some(url) = &self.changelog.repository_url
            && let Err(e) = relcore::changelog::RepositoryUrl::parse(url, self.changelog.host_style)
        {
            let path = vec![
                Key::Name("changelog".into()),
                Key::Name("repository_url".into()),
            ];
            found.push((path, format!("[changelog] repository_url: {e}")));
        }
        let package_files = self.packages.iter().flat_map(|(name, package)| {
            package.version_files.iter().enumerate().map(move |(i, f)| {
                let path = vec![
                    Key::Name("packages".into()),
                    Key::Name(name.clone()),
                    Key::Name("version_files".into()),
                    Key::Index(i),
                ];
                (path, f)
            })
        });
        let root_files = self
            .version_files
            .iter()
            .enumerate()
            .map(|(i, f)| (vec![Key::Name("version_files".into()), Key::Index(i)], f));
        for (path, file) in root_files.chain(package_files) {
            if file.kind().is_none() {
                let message = format!(
                    "cannot tell the kind of version file `{}`: give it a pattern",
                    file.path()
                );
                found.push((path, message));
            }
        }
        found.extend(
            self.package_problems()
                .into_iter()
                .map(|p| (p.path, p.message)),
        );
        if found.is_empty() {
            return Ok(self);
        }
        let mut problems: Vec<Problem> = found
            .into_iter()
            .map(|(path, message)| {
                let span = text.and_then(|t| packages::span_of(t, &path).map(|s| (t, s)));
                let (line, column) = span.map_or((None, None), |(t, s)| {
                    let (l, c) = relcore::diagnostic::line_column(t, s.start.min(t.len()));
                    (Some(l), Some(c))
                });
                Problem {
                    message,
                    line,
                    column,
                }
            })
            .collect();
        problems.sort_by_key(|p| (p.line.is_none(), p.line, p.column));
        Err(ConfigError { problems })
    }

    /// The changelog configuration of [`relcore::changelog`].
    ///
    /// ```
    /// use relcore_release::config::ProjectConfig;
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
            host_style: self.changelog.host_style,
            ..ChangelogConfig::default()
        };
        if let Some(sections) = &self.changelog.sections {
            config.sections.clone_from(sections);
        }
        config
    }
}

/// Problems reported at most, for one file.
const MAX_PROBLEMS: usize = 100;

/// The problem a `toml` error describes, located in `text`.
fn problem(text: &str, e: &toml::de::Error) -> Problem {
    let (line, column) = match e.span() {
        Some(span) => {
            let (l, c) = relcore::diagnostic::line_column(text, span.start.min(text.len()));
            (Some(l), Some(c))
        }
        None => (None, None),
    };
    Problem {
        message: e.message().trim_end().to_owned(),
        line,
        column,
    }
}

/// Removes the innermost entry of `table` (or of a table inside it) whose key or value
/// holds the offset `at` starts at; the source range the entry covered. `None` when no
/// entry holds it (a problem of the whole document). A table's span is its header only,
/// so every sub-table is searched.
fn remove_entry_at(
    table: &mut toml::de::DeTable<'_>,
    at: &std::ops::Range<usize>,
) -> Option<(std::ops::Range<usize>, String)> {
    let holds = |span: std::ops::Range<usize>| {
        span.start <= at.start && at.start < span.end.max(span.start + 1)
    };
    let mut here = None;
    let keys: Vec<_> = table.iter().map(|(k, _)| k.clone()).collect();
    for key in keys {
        let Some(value) = table.get_mut(&key) else {
            continue;
        };
        let on_entry = holds(key.span()) || holds(value.span());
        if !holds(key.span())
            && let toml::de::DeValue::Table(inner) = value.get_mut()
            && let Some(range) = remove_entry_at(inner, at)
        {
            return Some(range);
        }
        if on_entry {
            here.get_or_insert(key);
        }
    }
    let (k, v) = table.remove_entry(&here?)?;
    let range = k.span().start.min(v.span().start)..k.span().end.max(v.span().end);
    Some((range, k.get_ref().to_string()))
}

/// One problem of a configuration: what and where.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Problem {
    message: String,
    line: Option<usize>,
    column: Option<usize>,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.line, self.column) {
            (Some(l), Some(c)) => write!(f, "{l}:{c}: {}", self.message),
            _ => f.write_str(&self.message),
        }
    }
}

/// An invalid `relcore.toml` (slug `invalid_config`): every problem, each with its line
/// and column. Bad TOML syntax is one problem (nothing after it can be read); otherwise
/// every unknown key and wrong value is reported, in document order.
///
/// ```
/// use relcore_release::config::ProjectConfig;
/// let err = ProjectConfig::from_toml("tag_fromat = \"v{version}\"\n[bump]\nchanel = \"rc\"\n").unwrap_err();
/// assert_eq!(err.diagnostics().len(), 2);
/// assert_eq!((err.line(), err.column()), (Some(1), Some(1)));
/// assert_eq!(err.diagnostics()[1].line, Some(3));
/// assert!(err.to_string().starts_with("1:1: unknown field `tag_fromat`"));
/// ```
#[derive(Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", self.describe())]
pub struct ConfigError {
    problems: Vec<Problem>,
}

impl ConfigError {
    fn one(problem: Problem) -> ConfigError {
        ConfigError {
            problems: vec![problem],
        }
    }

    /// The 1-based line of the first problem, when known.
    pub fn line(&self) -> Option<usize> {
        self.problems.first().and_then(|p| p.line)
    }

    /// The 1-based column of the first problem, when known.
    pub fn column(&self) -> Option<usize> {
        self.problems.first().and_then(|p| p.column)
    }

    /// The stable slug, `invalid_config`.
    pub fn code(&self) -> &'static str {
        "invalid_config"
    }

    /// Every problem as a diagnostic (code `invalid_config`), in document order.
    ///
    /// ```
    /// use relcore_release::config::ProjectConfig;
    /// let err = ProjectConfig::from_toml("[changelog]\nformat = 5\n").unwrap_err();
    /// let d = &err.diagnostics()[0];
    /// assert_eq!((d.code.as_str(), d.line, d.column), ("invalid_config", Some(2), Some(10)));
    /// ```
    pub fn diagnostics(&self) -> Vec<relcore::diagnostic::Diagnostic> {
        self.problems
            .iter()
            .map(|p| relcore::diagnostic::Diagnostic {
                code: self.code().to_owned(),
                severity: relcore::diagnostic::Severity::Error,
                path: None,
                offset: None,
                line: p.line,
                column: p.column,
                value: None,
                message: p.message.clone(),
                hint: None,
            })
            .collect()
    }

    /// Each problem as `line:column: message` (or the message alone), one per line; a
    /// caller that knows the file prefixes each line with its name.
    pub fn lines(&self) -> impl Iterator<Item = String> + '_ {
        self.problems.iter().map(ToString::to_string)
    }

    fn describe(&self) -> String {
        self.lines().collect::<Vec<_>>().join("\n")
    }
}

/// Located at the first problem.
impl relcore::error::Coded for ConfigError {
    fn code(&self) -> &str {
        ConfigError::code(self)
    }
    fn location(&self) -> relcore::error::Location {
        let mut location = relcore::error::Location::default();
        if let Some(first) = self.problems.first() {
            (location.line, location.column) = (first.line, first.column);
        }
        location
    }
}

impl fmt::Debug for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ConfigError({:?})", self.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problems(text: &str) -> Vec<String> {
        ProjectConfig::from_toml(text)
            .unwrap_err()
            .lines()
            .collect()
    }

    #[test]
    fn plan_holidays_are_dates_or_date_strings() {
        let config = ProjectConfig::from_toml(
            "[plan]\npath = \"deploy/rollout.yml\"\nholidays = [2026-12-25, \"2026-12-26\"]\n",
        )
        .unwrap();
        assert_eq!(
            config.plan.holidays,
            [
                chrono::NaiveDate::from_ymd_opt(2026, 12, 25).unwrap(),
                chrono::NaiveDate::from_ymd_opt(2026, 12, 26).unwrap()
            ]
        );
        let got = problems("[plan]\nholidays = [\"Christmas\"]\n");
        assert_eq!(got.len(), 1, "{got:#?}");
        assert!(got[0].starts_with("2:"), "{got:#?}");
        assert!(got[0].contains("holidays"), "{got:#?}");
        assert_eq!(
            problems("[plan]\nholidays = [2026-12-25T10:00:00]\n").len(),
            1
        );
    }

    #[test]
    fn every_problem_is_reported_with_its_position() {
        let text = "tag_fromat = \"v{version}\"\npackage = 5\n\n[bump]\nchanel = \"rc\"\n\n[changelog]\nformat = \"nope\"\npath = \"NEWS.md\"\n";
        let got = problems(text);
        assert_eq!(got.len(), 4, "{got:#?}");
        let lines: Vec<&str> = got.iter().map(|p| p.split(':').next().unwrap()).collect();
        assert_eq!(lines, ["1", "2", "5", "8"]);
    }

    /// Every problem of a file with many: each reported once, in order, from one parse.
    #[test]
    fn many_problems_each_located() {
        use std::fmt::Write as _;
        let mut text = String::from("[bump]\n");
        for i in 0..60 {
            writeln!(text, "unknown_{i} = {i}").unwrap();
        }
        let got = problems(&text);
        assert_eq!(got.len(), 60, "{got:#?}");
        for (i, line) in got.iter().enumerate() {
            assert!(
                line.starts_with(&format!("{}:1: unknown field `unknown_{i}`", i + 2)),
                "{line}"
            );
        }
    }

    #[test]
    fn syntax_errors_stop_at_the_first() {
        let got = problems("[bump\nchanel = 1\n");
        assert_eq!(got.len(), 1, "{got:?}");
        assert!(got[0].starts_with("1:"), "{got:?}");
    }

    #[test]
    fn an_unknown_table_takes_its_keys_with_it() {
        let got = problems("[changlog]\npath = \"x\"\nformat = 1\n[git]\nfirst_parent = \"yes\"\n");
        assert_eq!(got.len(), 2, "{got:#?}");
        assert!(got[0].starts_with("1:2:"), "{got:?}");
        assert!(got[1].starts_with("5:16:"), "{got:?}");
    }

    #[test]
    fn a_valid_file_still_reads_and_unknown_version_files_fail() {
        assert!(ProjectConfig::from_toml("[bump]\nchannel = \"rc\"\n").is_ok());
        let err = ProjectConfig::from_toml("version_files = [\"setup.cfg\"]\n").unwrap_err();
        assert!(err.to_string().contains("setup.cfg"));
        assert_eq!((err.line(), err.column()), (Some(1), Some(18)));
        let err = ProjectConfig::from_json(serde_json::json!({"version_files": ["setup.cfg"]}))
            .unwrap_err();
        assert_eq!(err.line(), None);
    }

    #[test]
    fn hotfix_and_ready_sections_read_with_their_defaults() {
        let config = ProjectConfig::from_toml(
            "[hotfix]\nissue_branch = \"hf/{issue}/{version}\"\n\n[ready]\nrequired = [\"tests\", \"coverage\"]\nwarn = []\n\n[[ready.custom]]\nname = \"coverage\"\nfact = \"coverage\"\nop = \">=\"\nvalue = 80\nmessage = \"Coverage at least 80%\"\n",
        )
        .unwrap();
        assert_eq!(config.hotfix.issue_branch, "hf/{issue}/{version}");
        assert_eq!(config.hotfix.branch, "hotfix/{version}");
        assert_eq!(config.ready.required, ["tests", "coverage"]);
        assert_eq!(config.ready.custom[0].op, relcore::ready::Comparison::Ge);
        assert_eq!(config.ready.release_branches[0], "main");
        let defaults = ProjectConfig::default();
        assert!(
            defaults
                .ready
                .required
                .iter()
                .any(|c| c == "clean_work_tree")
        );
        let got = problems("[ready]\nrequird = []\n");
        assert!(
            got[0].starts_with("2:1: unknown field `requird`"),
            "{got:?}"
        );
        let got = problems(
            "[[ready.custom]]\nname = \"x\"\nfact = \"x\"\nop = \"=~\"\nvalue = 1\nmessage = \"m\"\n",
        );
        assert!(got[0].starts_with("4:6: unknown variant `=~`"), "{got:?}");
    }

    #[test]
    fn hostile_texts_do_not_panic() {
        for text in [
            "[a]\n[b]\n[c]\n",
            "x = [\n1,\n2\n]\n",
            "é = 1\n[[version_files]]\npath = 1\n",
            "[bump]\n",
            "\r\n\r\nfoo = 1\r\n",
        ] {
            let _ = ProjectConfig::from_toml(text);
        }
        // Many problems stop at the cap.
        let many: String = (0..500)
            .flat_map(|i| ["k", &i.to_string(), " = 1\n"].map(str::to_owned))
            .collect();
        assert_eq!(problems(&many).len(), MAX_PROBLEMS);
    }
}
