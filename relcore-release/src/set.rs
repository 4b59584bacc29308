//! Release sets: several repositories released together (`relcore set`).
//!
//! - The set file ([`load_set`]): `relcore-set.toml`, or a `[set]` table in a file named
//!   explicitly, naming each repository by path (relative to the file) and what it
//!   requires of the others; every mistake located (file, line, column).
//! - The plan ([`plan`]): each repository's current and next version from its own
//!   `relcore.toml` ([`crate::prepare()`]; a repository with `[packages]` whose entry
//!   names none: every package's, [`crate::workspace::prepare_workspace`]), every
//!   requirement checked against them, the release order and the rollback order
//!   ([`relcore::workspace::plan_set`]).
//! - The release ([`release`]): every repository's preflight (the checks of a single
//!   `relcore release --write --commit --tag`) and the plan's checks first; then each
//!   repository released in order through [`crate::apply::apply_all`] (a workspace: every
//!   package's files, one commit, every tag). A step that still fails
//!   undoes what this run made, and only that: the tags it created are deleted, each
//!   release commit is taken back off its branch (when HEAD is still on it) and its files
//!   restored. Nothing is ever pushed.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use relcore::bump::Level;
use relcore::diagnostic::{Diagnostic, Severity, line_column};
use relcore::error::{Coded, Location};
use relcore::version::{Dialect, Version};
use relcore::workspace::{SetPackage, SetPlan, SetRepository, SetRequirement, Site};
use relcore_git::Repository;
use serde::{Deserialize, Serialize};
use toml::de::{DeTable, DeValue};

use crate::apply::{ApplyOptions, FileChange, FilePlan, Refusal, apply_all, plan_files, preflight};
use crate::config::{CONFIG_FILE, ProjectConfig, load_config};
use crate::error::ReleaseError;
use crate::prepare::{ReleaseOptions, ReleaseReport, prepare};
use crate::workspace::{
    WorkspaceRelease, plan_workspace_files, prepare_workspace, workspace_commit_message,
    workspace_tags,
};

/// The set file's name, in the current directory.
pub const SET_FILE: &str = "relcore-set.toml";

/// A repository of the set file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SetEntry {
    /// Its name in the set.
    pub name: String,
    /// Its path as written.
    pub written: String,
    /// Its path, joined to the set file's directory.
    pub path: PathBuf,
    /// Where its entry is in the set file.
    pub at: Site,
    /// The package of its `[packages]` that stands for it (`package = "api"`): released
    /// as `relcore release --package api` would. Without it, a repository with
    /// `[packages]` releases every package, as `relcore release` would.
    pub package: Option<String>,
    /// What it requires of the others, each located in the set file.
    pub requires: Vec<SetRequirement>,
}

/// A release set as its file describes it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SetFile {
    /// The file, as named.
    pub path: PathBuf,
    /// Its repositories, in the file's order.
    pub repositories: Vec<SetEntry>,
}

/// A set file that is missing, unreadable or wrong.
#[derive(Debug, thiserror::Error)]
pub enum SetFileError {
    /// The file does not exist (slug `set_not_found`).
    #[error("the set file {} does not exist (write one, or name it with --set)", path.display())]
    Missing {
        /// The file.
        path: PathBuf,
    },
    /// The file cannot be read (slug `io`), or holds bytes that are not UTF-8
    /// (`invalid_utf8`, located).
    #[error(transparent)]
    File(#[from] crate::files::FileError),
    /// The file is not a valid set, or names a repository that cannot be opened: every
    /// problem, each located (`invalid_set`, or the repository's own slug such as
    /// `not_a_repository`), one per line as `file:line:column: message`.
    #[error("{}", diagnostics.iter().map(|d| d.message.clone()).collect::<Vec<_>>().join("\n"))]
    Invalid {
        /// The file.
        path: PathBuf,
        /// What is wrong, and where.
        diagnostics: Vec<Diagnostic>,
    },
}

impl SetFileError {
    /// Every located problem (empty for a missing or unreadable file).
    pub fn diagnostics(&self) -> &[Diagnostic] {
        match self {
            SetFileError::Invalid { diagnostics, .. } => diagnostics,
            _ => &[],
        }
    }
}

/// Located at the first problem; its code is that problem's.
impl Coded for SetFileError {
    fn code(&self) -> &str {
        match self {
            SetFileError::Missing { .. } => "set_not_found",
            SetFileError::File(e) => e.code(),
            SetFileError::Invalid { diagnostics, .. } => diagnostics
                .first()
                .map_or("invalid_set", |d| d.code.as_str()),
        }
    }
    fn location(&self) -> Location {
        match self {
            SetFileError::File(e) => e.location(),
            _ => self
                .diagnostics()
                .first()
                .map(Location::of)
                .unwrap_or_default(),
        }
    }
    fn hint(&self) -> Option<String> {
        self.diagnostics().first().and_then(|d| d.hint.clone())
    }
    fn diagnostics(&self) -> &[Diagnostic] {
        SetFileError::diagnostics(self)
    }
}

/// A problem at `span` of the set file `text` (named `file`).
fn located(
    file: &str,
    text: &str,
    span: std::ops::Range<usize>,
    code: &str,
    message: &str,
) -> Diagnostic {
    let (line, column) = line_column(text, span.start.min(text.len()));
    Diagnostic {
        code: code.to_owned(),
        severity: Severity::Error,
        path: Some(file.to_owned()),
        offset: Some(span.start),
        line: Some(line),
        column: Some(column),
        value: None,
        message: format!("{file}:{line}:{column}: {message}"),
        hint: None,
    }
}

fn site(file: &str, text: &str, span: &std::ops::Range<usize>) -> Site {
    let (line, column) = line_column(text, span.start.min(text.len()));
    Site {
        file: file.to_owned(),
        start: span.start,
        end: span.end,
        line,
        column,
    }
}

/// Reads the set file at `path` (see [`SetFile`] and docs/monorepo.md): `[repositories]`,
/// or `[set.repositories]`; each repository a path (`backend = "../backend"`) or a table
/// (`{ path = "../frontend", requires = { backend = ">=2.1, <3" } }`), requirements in
/// Cargo's syntax; a repository with `[packages]` releases every package as `relcore
/// release` does, unless its entry names the one that stands for it (`package = "api"`);
/// a requirement on such a workspace names its packages (`platform = { api = ">=2.1" }`).
///
/// ```
/// let dir = std::env::temp_dir().join(format!("relcore-set-doc-{}", std::process::id()));
/// std::fs::create_dir_all(&dir)?;
/// let file = dir.join("relcore-set.toml");
/// std::fs::write(&file, "[repositories]\nbackend = \"../backend\"\nfrontend = { path = \"../frontend\", requires = { backend = \">=2.1, <3\" } }\n")?;
/// let set = relcore_release::set::load_set(&file)?;
/// assert_eq!(set.repositories[1].name, "frontend");
/// assert_eq!(set.repositories[1].requires[0].requirement, ">=2.1, <3");
/// assert_eq!(set.repositories[0].path, dir.join("../backend"));
/// // A workspace's packages are required one by one.
/// std::fs::write(&file, "[repositories]\nplatform = \"../platform\"\nweb = { path = \"../web\", requires = { platform = { api = \"2.1\", worker = \"^1\" } } }\n")?;
/// let set = relcore_release::set::load_set(&file)?;
/// let required: Vec<_> = set.repositories[1].requires.iter().map(|q| q.package.as_deref()).collect();
/// assert_eq!(required, [Some("api"), Some("worker")]);
/// std::fs::write(&file, "[repositories]\nbackend = 3\n")?;
/// let err = relcore_release::set::load_set(&file).unwrap_err();
/// assert!(err.to_string().ends_with("relcore-set.toml:2:11: repository `backend` must be a path or a table with `path`"), "{err}");
/// # std::fs::remove_dir_all(&dir)?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
///
/// `set_not_found`, `io`, `invalid_utf8`, and `invalid_set` with every problem located.
pub fn load_set(path: &Path) -> Result<SetFile, SetFileError> {
    let Some(text) = crate::files::read_text_if_exists(path, path)? else {
        return Err(SetFileError::Missing {
            path: path.to_path_buf(),
        });
    };
    let shown = path.display().to_string();
    let repositories = parse(&shown, &text).map_err(|diagnostics| SetFileError::Invalid {
        path: path.to_path_buf(),
        diagnostics,
    })?;
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    Ok(SetFile {
        path: path.to_path_buf(),
        repositories: repositories
            .into_iter()
            .map(|mut entry| {
                entry.path = dir.join(&entry.written);
                entry
            })
            .collect(),
    })
}

/// The set file's text, for located problems.
struct Source<'a> {
    file: &'a str,
    text: &'a str,
}

impl Source<'_> {
    fn bad(&self, span: std::ops::Range<usize>, message: &str) -> Diagnostic {
        located(self.file, self.text, span, "invalid_set", message)
    }
}

/// The entries of a set file's text, or every problem.
fn parse(file: &str, text: &str) -> Result<Vec<SetEntry>, Vec<Diagnostic>> {
    let src = Source { file, text };
    let root = DeTable::parse(text).map_err(|e| {
        let span = e.span().unwrap_or(0..0);
        vec![src.bad(span, e.message().trim_end())]
    })?;
    let mut problems = Vec::new();
    let top = root.get_ref();
    // Under `[set]`, the rest of the file is someone else's.
    let table = match top.get("set").map(|v| (v.span(), v.get_ref())) {
        Some((_, DeValue::Table(set))) => set,
        Some((span, _)) => return Err(vec![src.bad(span, "`set` must be a table")]),
        None => top,
    };
    let mut repositories = None;
    for (key, value) in table {
        match (key.get_ref().as_ref(), value.get_ref()) {
            ("repositories", DeValue::Table(t)) => repositories = Some(t),
            ("repositories", _) => {
                problems.push(src.bad(value.span(), "`repositories` must be a table"));
            }
            (other, _) => problems.push(src.bad(
                key.span(),
                &format!("unknown key `{other}`: a set has `[repositories]`"),
            )),
        }
    }
    let Some(repositories) = repositories else {
        if problems.is_empty() {
            problems.push(src.bad(
                0..0,
                "no `[repositories]` table: name each repository, e.g. `backend = \"../backend\"`",
            ));
        }
        return Err(problems);
    };
    let mut items: Vec<_> = repositories.iter().collect();
    // In the file's order.
    items.sort_by_key(|(k, _)| k.span().start);
    let names: Vec<&str> = items.iter().map(|(k, _)| k.get_ref().as_ref()).collect();
    let mut entries = Vec::new();
    for (key, value) in &items {
        entries.push(parse_entry(&src, key, value, &names, &mut problems));
    }
    if entries.is_empty() && problems.is_empty() {
        problems.push(src.bad(
            0..0,
            "`[repositories]` is empty: name each repository, e.g. `backend = \"../backend\"`",
        ));
    }
    if problems.is_empty() {
        Ok(entries)
    } else {
        problems.sort_by_key(|d| d.offset);
        Err(problems)
    }
}

type Key<'a> = toml::Spanned<std::borrow::Cow<'a, str>>;
type Value<'a> = toml::Spanned<DeValue<'a>>;

/// One repository: `name = "path"` or `name = { path = …, requires = { … } }`.
fn parse_entry(
    src: &Source<'_>,
    key: &Key<'_>,
    value: &Value<'_>,
    names: &[&str],
    problems: &mut Vec<Diagnostic>,
) -> SetEntry {
    let name = key.get_ref().to_string();
    let mut entry = SetEntry {
        name: name.clone(),
        written: String::new(),
        path: PathBuf::new(),
        at: site(src.file, src.text, &key.span()),
        package: None,
        requires: Vec::new(),
    };
    let mut path = None;
    match value.get_ref() {
        DeValue::String(p) => path = Some((p.to_string(), value.span())),
        DeValue::Table(t) => {
            let mut has_path = false;
            for (k, v) in t {
                match (k.get_ref().as_ref(), v.get_ref()) {
                    ("path", DeValue::String(p)) => {
                        has_path = true;
                        path = Some((p.to_string(), v.span()));
                    }
                    ("path", _) => {
                        has_path = true;
                        problems.push(src.bad(
                            v.span(),
                            &format!("the path of repository `{name}` must be a string"),
                        ));
                    }
                    ("package", DeValue::String(p)) => entry.package = Some(p.to_string()),
                    ("package", _) => problems.push(src.bad(
                        v.span(),
                        &format!("the package of repository `{name}` must be a string"),
                    )),
                    ("requires", DeValue::Table(reqs)) => {
                        entry.requires = parse_requires(src, &name, reqs, names, problems);
                    }
                    ("requires", _) => problems.push(src.bad(
                        v.span(),
                        &format!("`requires` of repository `{name}` must be a table of repository names to requirements"),
                    )),
                    (other, _) => problems.push(src.bad(
                        k.span(),
                        &format!("unknown key `{other}` in repository `{name}`: it has `path`, `package` and `requires`"),
                    )),
                }
            }
            if !has_path {
                problems.push(src.bad(key.span(), &format!("repository `{name}` has no `path`")));
            }
        }
        _ => problems.push(src.bad(
            value.span(),
            &format!("repository `{name}` must be a path or a table with `path`"),
        )),
    }
    if let Some((p, span)) = path {
        if p.trim().is_empty() {
            problems.push(src.bad(span, &format!("the path of repository `{name}` is empty")));
        }
        entry.written = p;
    }
    entry
}

/// What repository `name` requires of the others, each located.
fn parse_requires(
    src: &Source<'_>,
    name: &str,
    requires: &DeTable<'_>,
    names: &[&str],
    problems: &mut Vec<Diagnostic>,
) -> Vec<SetRequirement> {
    let mut reqs: Vec<_> = requires.iter().collect();
    reqs.sort_by_key(|(k, _)| k.span().start);
    let mut found = Vec::new();
    for (other, req) in reqs {
        let other_name = other.get_ref().to_string();
        if other_name == name {
            problems.push(src.bad(
                other.span(),
                &format!("repository `{name}` requires itself"),
            ));
        } else if !names.contains(&other_name.as_str()) {
            let known: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
            problems.push(src.bad(
                other.span(),
                &format!(
                    "repository `{name}` requires `{other_name}`, which is not a repository of the set (it has {})",
                    known.join(", ")
                ),
            ));
        }
        match req.get_ref() {
            DeValue::String(requirement) => {
                found.push(requirement_at(src, &other_name, None, requirement, req.span()));
            }
            // A workspace's packages: `platform = { api = ">=2.1", worker = "^1" }`.
            DeValue::Table(packages) => {
                let mut packages: Vec<_> = packages.iter().collect();
                packages.sort_by_key(|(k, _)| k.span().start);
                for (package, req) in packages {
                    let package = package.get_ref().to_string();
                    let DeValue::String(requirement) = req.get_ref() else {
                        problems.push(src.bad(
                            req.span(),
                            &format!("what `{name}` requires of package `{package}` of `{other_name}` must be a version requirement string, e.g. \">=2.1, <3\""),
                        ));
                        continue;
                    };
                    found.push(requirement_at(
                        src,
                        &other_name,
                        Some(package),
                        requirement,
                        req.span(),
                    ));
                }
            }
            _ => problems.push(src.bad(
                req.span(),
                &format!("what `{name}` requires of `{other_name}` must be a version requirement string, e.g. \">=2.1, <3\", or a table of its packages' requirements (`{other_name} = {{ api = \">=2.1\" }}`)"),
            )),
        }
    }
    found
}

/// The requirement `text` on `repository` (its `package`), written as the string at
/// `span` (located inside its quotes).
fn requirement_at(
    src: &Source<'_>,
    repository: &str,
    package: Option<String>,
    text: &str,
    span: std::ops::Range<usize>,
) -> SetRequirement {
    let inner = (span.start + 1).min(span.end)..span.end.saturating_sub(1).max(span.start);
    SetRequirement {
        repository: repository.to_owned(),
        package,
        requirement: text.to_owned(),
        dialect: Dialect::Cargo,
        at: Some(site(src.file, src.text, &inner)),
    }
}

/// A repository of the plan, as its own configuration decided. A workspace (a
/// repository with `[packages]` whose entry names none) has no version of its own: its
/// `packages` have them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct SetMember {
    /// Its name in the set.
    pub name: String,
    /// Its path, as the set file writes it.
    pub path: String,
    /// Its latest release, if any.
    pub current: Option<Version>,
    /// Its latest release tag, if any.
    pub current_tag: Option<String>,
    /// Its next release; `None` when it has nothing to release.
    pub next: Option<Version>,
    /// The level of the next release.
    pub level: Option<Level>,
    /// The next release's tag.
    pub tag: Option<String>,
    /// A workspace's packages, in its plan's order (dependencies first); empty for a
    /// repository that releases one version.
    #[serde(default)]
    pub packages: Vec<SetMemberPackage>,
}

/// One package of a workspace in a release set, as the workspace's plan decided.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct SetMemberPackage {
    /// Its `[packages]` name.
    pub name: String,
    /// Its current version.
    pub current: Version,
    /// Its next release; `None` when it does not release.
    pub next: Option<Version>,
    /// The level applied.
    pub level: Option<Level>,
    /// The next release's tag.
    pub tag: Option<String>,
}

/// What `relcore set plan` reports (its `--json`, and what the Python and Node
/// `plan_set(path)` return).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct SetPlanReport {
    /// The set file.
    pub file: String,
    /// Every repository, in the file's order.
    pub repositories: Vec<SetMember>,
    /// The order, the rollback order, the checks and the problems.
    #[serde(flatten)]
    pub plan: SetPlan,
}

impl SetPlanReport {
    /// Whether every requirement is satisfied.
    pub fn ok(&self) -> bool {
        self.plan.problems.is_empty()
    }
}

/// A repository opened, with its configuration and its prepared release.
struct Opened {
    entry: SetEntry,
    repo: Repository,
    config: ProjectConfig,
    prepared: Prepared,
}

/// What a repository of the set releases.
enum Prepared {
    /// One version: the repository, or the package its entry names.
    One(Box<ReleaseReport>),
    /// Every package of its workspace, as `relcore release` releases them.
    Workspace(Box<WorkspaceRelease>),
}

/// An error of the repository `name`.
fn in_repository(name: &str, error: ReleaseError) -> ReleaseError {
    ReleaseError::Repository {
        name: name.to_owned(),
        error: Box::new(error),
    }
}

/// Opens every repository of the set and prepares its release (dated `date`).
fn open_all(set: &SetFile, date: Option<NaiveDate>) -> Result<Vec<Opened>, ReleaseError> {
    let shown = set.path.display().to_string();
    let text = std::fs::read_to_string(&set.path).unwrap_or_default();
    let mut problems = Vec::new();
    let mut repos = Vec::new();
    for entry in &set.repositories {
        let span = entry.at.start..entry.at.end;
        let repo = match Repository::open(&entry.path) {
            Ok(repo) => repo,
            Err(e) => {
                problems.push(located(
                    &shown,
                    &text,
                    span,
                    e.code(),
                    &format!("repository `{}` ({}): {e}", entry.name, entry.written),
                ));
                continue;
            }
        };
        crate::files::recover(&repo.git_dir()).map_err(|e| in_repository(&entry.name, e.into()))?;
        let root = repo.workdir().unwrap_or_else(|| entry.path.clone());
        let config = load_config(&root.join(CONFIG_FILE))
            .map_err(|e| in_repository(&entry.name, e.into()))?;
        // A workspace whose entry names no package releases every package.
        let workspace = !config.packages.is_empty() && entry.package.is_none();
        let config = if workspace {
            config
        } else {
            match config.select(entry.package.as_deref()) {
                Ok(config) => config,
                Err(e) => {
                    let message = format!("repository `{}` ({}): {e}", entry.name, entry.written);
                    let mut d = located(&shown, &text, span.clone(), e.code(), &message);
                    d.hint = Some(
                        "`package = \"NAME\"` names one of its [packages]; without it, the whole workspace releases"
                            .to_owned(),
                    );
                    problems.push(d);
                    continue;
                }
            }
        };
        repos.push((entry.clone(), repo, config, workspace));
    }
    if !problems.is_empty() {
        return Err(SetFileError::Invalid {
            path: set.path.clone(),
            diagnostics: problems,
        }
        .into());
    }
    let options = ReleaseOptions {
        date,
        ..ReleaseOptions::default()
    };
    repos
        .into_iter()
        .map(|(entry, repo, config, workspace)| {
            let prepared = if workspace {
                prepare_workspace(&repo, &config, &options)
                    .map(|r| Prepared::Workspace(Box::new(r)))
            } else {
                prepare(&repo, &config, &options).map(|r| Prepared::One(Box::new(r)))
            }
            .map_err(|e| in_repository(&entry.name, e))?;
            Ok(Opened {
                entry,
                repo,
                config,
                prepared,
            })
        })
        .collect()
}

/// The member of the plan that `o` is.
fn member(o: &Opened) -> SetMember {
    let mut member = SetMember {
        name: o.entry.name.clone(),
        path: o.entry.written.clone(),
        current: None,
        current_tag: None,
        next: None,
        level: None,
        tag: None,
        packages: Vec::new(),
    };
    match &o.prepared {
        Prepared::One(report) => {
            member.current.clone_from(&report.current);
            member.current_tag.clone_from(&report.current_tag);
            member.next.clone_from(&report.next);
            member.level = report.level;
            member.tag.clone_from(&report.tag);
        }
        Prepared::Workspace(release) => {
            member.packages = release
                .plan
                .packages
                .iter()
                .map(|p| SetMemberPackage {
                    name: p.name.clone(),
                    current: p.current.clone(),
                    next: p.next.clone(),
                    level: p.level,
                    tag: release
                        .packages
                        .iter()
                        .find(|r| r.name == p.name)
                        .and_then(|r| r.report.tag.clone()),
                })
                .collect();
        }
    }
    member
}

/// The plan of the opened repositories.
fn plan_of(set: &SetFile, opened: &[Opened]) -> Result<SetPlanReport, ReleaseError> {
    let members: Vec<SetMember> = opened.iter().map(member).collect();
    let repositories: Vec<SetRepository> = opened
        .iter()
        .zip(&members)
        .map(|(o, m)| SetRepository {
            name: m.name.clone(),
            current: m.current.clone(),
            next: m.next.clone(),
            requires: o.entry.requires.clone(),
            packages: m
                .packages
                .iter()
                .map(|p| SetPackage {
                    name: p.name.clone(),
                    current: Some(p.current.clone()),
                    next: p.next.clone(),
                })
                .collect(),
        })
        .collect();
    let plan = relcore::workspace::plan_set(&repositories)?;
    Ok(SetPlanReport {
        file: set.path.display().to_string(),
        repositories: members,
        plan,
    })
}

/// The plan of a release set: each repository's current and next version (with its own
/// `relcore.toml`), every requirement checked against the versions they will have, the
/// release order (each repository after those it requires) and the rollback order.
///
/// # Errors
///
/// `invalid_set` / `not_a_repository` / `unknown_package` located in the set file; a
/// repository's own errors (its `relcore.toml`, git), naming it; `dependency_cycle`
/// naming the cycle.
pub fn plan(set: &SetFile) -> Result<SetPlanReport, ReleaseError> {
    let opened = open_all(set, None)?;
    plan_of(set, &opened)
}

/// [`plan`] of the set file at `path`: what the Python and Node `plan_set(path)` call.
///
/// # Errors
///
/// As [`load_set`] and [`plan`].
pub fn plan_at(path: &Path) -> Result<SetPlanReport, ReleaseError> {
    plan(&load_set(path)?)
}

/// What to do in each repository of a set release.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SetReleaseOptions {
    /// Commit the release files in each repository.
    pub commit: bool,
    /// With `commit`: tag each release commit.
    pub tag: bool,
    /// The release date of the changelog sections.
    pub date: Option<NaiveDate>,
}

/// A repository that failed its preflight, or the step that failed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct SetFailure {
    /// The repository.
    pub repository: String,
    /// The stable slug.
    pub code: String,
    /// What failed.
    pub message: String,
}

/// One repository released by the run.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct SetReleased {
    /// The repository.
    pub repository: String,
    /// The version released; `None` for a workspace, whose `packages` have theirs.
    pub version: Option<Version>,
    /// A workspace's packages released: `core@2.0.0`, in its plan's order.
    pub packages: Vec<String>,
    /// The files written, relative to its root.
    pub files: Vec<String>,
    /// The release commit, when one was made.
    pub commit: Option<String>,
    /// The tags created (a workspace creates one per package, or one per shared tag).
    pub tags: Vec<String>,
}

/// What undoing one repository's release did.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct SetUndone {
    /// The repository.
    pub repository: String,
    /// The tags deleted.
    pub tags_deleted: Vec<String>,
    /// The release commit taken off the branch, if one was.
    pub commit_removed: Option<String>,
    /// Whether every file has its old text back.
    pub files_restored: bool,
    /// What could not be undone (left for a person, with the reason).
    pub left: Vec<String>,
}

/// What `relcore set release` did.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct SetReleaseReport {
    /// The plan released by.
    pub plan: SetPlanReport,
    /// Repositories whose preflight failed: nothing was written anywhere.
    pub refused: Vec<SetFailure>,
    /// The repositories released, in order (after a failure: those released before it,
    /// all undone).
    pub released: Vec<SetReleased>,
    /// The step that failed after others were released, if one did.
    pub failed: Option<SetFailure>,
    /// What was undone after the failure, in the rollback order.
    pub undone: Vec<SetUndone>,
}

impl SetReleaseReport {
    /// Whether the whole set was released.
    pub fn ok(&self) -> bool {
        self.plan.ok() && self.refused.is_empty() && self.failed.is_none()
    }
}

fn failure(repository: &str, error: &ReleaseError) -> SetFailure {
    SetFailure {
        repository: repository.to_owned(),
        code: error.code().to_owned(),
        message: error.to_string(),
    }
}

/// A repository ready to release: its files planned, its tags (each with its message)
/// and its commit message.
struct Ready {
    index: usize,
    files: Vec<FileChange>,
    tags: Vec<(String, String)>,
    message: String,
    version: Option<Version>,
    packages: Vec<String>,
}

/// Releases a set: the plan's checks and every repository's preflight first (nothing is
/// written unless all pass); then each repository that has something to release, in
/// order: its changelog and version files written, committed (`commit`) and tagged
/// (`tag`) through [`crate::apply()`]. If a step fails, what this run made is undone, in
/// the rollback order: tags deleted, release commits taken off their branches (only while
/// HEAD is still on them) and their files restored. Never pushes.
///
/// A refused plan or preflight, or a failed step, is a report (see
/// [`SetReleaseReport::ok`]), not an error.
///
/// # Errors
///
/// As [`plan`].
pub fn release(
    set: &SetFile,
    options: &SetReleaseOptions,
) -> Result<SetReleaseReport, ReleaseError> {
    let opened = open_all(set, options.date)?;
    let plan = plan_of(set, &opened)?;
    let mut report = SetReleaseReport {
        plan,
        refused: Vec::new(),
        released: Vec::new(),
        failed: None,
        undone: Vec::new(),
    };
    if !report.plan.ok() {
        return Ok(report);
    }
    let apply_options = ApplyOptions {
        write: true,
        commit: options.commit,
        tag: options.tag && options.commit,
        ..ApplyOptions::default()
    };
    // Preflight of every repository, in release order.
    let mut ready: Vec<Ready> = Vec::new();
    for name in &report.plan.plan.order {
        let Some(index) = opened.iter().position(|o| &o.entry.name == name) else {
            continue;
        };
        let Some(o) = opened.get(index) else {
            continue;
        };
        match check(index, o, &apply_options) {
            Ok(Some(r)) => ready.push(r),
            Ok(None) => {}
            Err(e) => report.refused.push(failure(name, &e)),
        }
    }
    // Two repositories of the set that are one (two paths into one repository) would
    // each pass alone and collide.
    let mut roots: Vec<(PathBuf, &str)> = Vec::new();
    for o in &opened {
        let root = o.repo.git_dir();
        if let Some((_, first)) = roots.iter().find(|(r, _)| *r == root) {
            report.refused.push(SetFailure {
                repository: o.entry.name.clone(),
                code: "invalid_set".to_owned(),
                message: format!(
                    "repositories `{first}` and `{}` are one repository",
                    o.entry.name
                ),
            });
        } else {
            roots.push((root, &o.entry.name));
        }
    }
    if !report.refused.is_empty() {
        return Ok(report);
    }
    // Release, in order; remember what was made, to undo it.
    let mut made: Vec<(usize, Vec<FileChange>, SetReleased)> = Vec::new();
    for mut r in ready {
        let Some(o) = opened.get(r.index) else {
            continue;
        };
        match release_one(o, &mut r, &apply_options) {
            Ok(released) => made.push((r.index, r.files, released)),
            Err(e) => {
                report.failed = Some(failure(&o.entry.name, &e));
                break;
            }
        }
    }
    report.released = made.iter().map(|(_, _, r)| r.clone()).collect();
    if report.failed.is_some() {
        for (index, mut files, released) in made.into_iter().rev() {
            if let Some(o) = opened.get(index) {
                report.undone.push(undo_one(o, &mut files, &released));
            }
        }
    }
    Ok(report)
}

/// The refusal of a repository whose rollout plan has errors.
fn invalid_plan() -> ReleaseError {
    Refusal {
        code: "invalid_plan",
        message: "the rollout plan has errors; nothing is written or tagged".to_owned(),
        hint: Some("see `relcore release` in that repository"),
    }
    .into()
}

/// A repository's preflight: its files planned and every check of the write, commit and
/// tag made; `None` when it has nothing to release.
fn check(index: usize, o: &Opened, options: &ApplyOptions) -> Result<Option<Ready>, ReleaseError> {
    let root = o.repo.workdir().unwrap_or_default();
    let has_errors = |r: &ReleaseReport| r.plan.as_ref().is_some_and(|p| p.report.has_errors());
    let (plan, ready) = match &o.prepared {
        Prepared::One(report) => {
            let Some(release) = &report.release else {
                return Ok(None);
            };
            if has_errors(report) {
                return Err(invalid_plan());
            }
            crate::apply::check_writable_repository(&o.repo)?;
            let section = report.section.as_deref().unwrap_or_default();
            let message = o
                .config
                .release
                .message(&release.version.to_string(), &release.tag);
            let tags = vec![(
                release.tag.clone(),
                report.notes.clone().unwrap_or_default(),
            )];
            let plan = plan_files(&root, &o.config, release, section, options)?;
            (
                plan,
                (tags, message, Some(release.version.clone()), Vec::new()),
            )
        }
        Prepared::Workspace(release) => {
            if release.packages.is_empty() {
                return Ok(None);
            }
            if release.packages.iter().any(|p| has_errors(&p.report)) {
                return Err(invalid_plan());
            }
            crate::apply::check_writable_repository(&o.repo)?;
            let packages = release
                .packages
                .iter()
                .filter_map(|p| Some(format!("{}@{}", p.name, p.report.next.as_ref()?)))
                .collect();
            let plan = plan_workspace_files(&root, &o.config, release, options)?;
            let message = workspace_commit_message(&o.config, release);
            (plan, (workspace_tags(release), message, None, packages))
        }
    };
    let files = match plan {
        FilePlan::Ready(files) => files,
        FilePlan::Refused(refusal) => return Err(refusal.into()),
    };
    let (tags, message, version, packages) = ready;
    let names: Vec<String> = tags.iter().map(|(t, _)| t.clone()).collect();
    preflight(&o.repo, &names, &files, options)?;
    Ok(Some(Ready {
        index,
        files,
        tags,
        message,
        version,
        packages,
    }))
}

/// Releases one repository of the set.
fn release_one(
    o: &Opened,
    ready: &mut Ready,
    options: &ApplyOptions,
) -> Result<SetReleased, ReleaseError> {
    let applied = apply_all(
        &o.repo,
        &ready.tags,
        &mut ready.files,
        options,
        &ready.message,
    )?;
    Ok(SetReleased {
        repository: o.entry.name.clone(),
        version: ready.version.clone(),
        packages: ready.packages.clone(),
        files: crate::apply::written_paths(&ready.files),
        commit: applied.committed,
        tags: if applied.tagged {
            ready.tags.iter().map(|(t, _)| t.clone()).collect()
        } else {
            Vec::new()
        },
    })
}

/// Undoes one repository's release: its tags, its commit, its files.
fn undo_one(o: &Opened, files: &mut [FileChange], released: &SetReleased) -> SetUndone {
    let mut undone = SetUndone {
        repository: released.repository.clone(),
        tags_deleted: Vec::new(),
        commit_removed: None,
        files_restored: false,
        left: Vec::new(),
    };
    if let Some(commit) = &released.commit {
        for tag in &released.tags {
            match o.repo.delete_release_tag(tag, commit) {
                Ok(true) => undone.tags_deleted.push(tag.clone()),
                Ok(false) => undone.left.push(format!("tag `{tag}` was already gone")),
                Err(e) => undone.left.push(format!("tag `{tag}`: {e}")),
            }
        }
        match o.repo.undo_release_commit(commit, &released.files) {
            Ok(_) => undone.commit_removed = Some(commit.clone()),
            Err(e) => {
                // HEAD moved on: the commit and its files stay as they are.
                undone
                    .left
                    .push(format!("release commit {}: {e}", short(commit)));
                return undone;
            }
        }
    }
    undone.files_restored = crate::apply::restore_files(files);
    if !undone.files_restored {
        undone
            .left
            .push("some release files could not be restored (see git status)".to_owned());
    }
    undone
}

fn short(id: &str) -> &str {
    id.get(..12).unwrap_or(id)
}
