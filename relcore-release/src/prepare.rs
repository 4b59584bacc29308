//! The release of a repository, prepared but not carried out: what `relcore release`
//! shows, and what the Python and Node `release(...)` return. Writing the files, the
//! commit and the tag is [`crate::apply()`]'s.

use std::path::Path;

use chrono::NaiveDate;
use relcore::bump::{Decision, Level, Reason, Tally};
use relcore::changelog::{Format, Release, Template, render};
use relcore::commit::Commit;
use relcore::risk::{Classification, Facts, classify};
use relcore::version::{TagFormat, Version};
use relcore_git::{CommitQuery, GitError, Repository, Tag};
use serde::{Deserialize, Serialize};

use crate::config::{CONFIG_FILE, ProjectConfig, load_config};
use crate::error::ReleaseError;
use crate::files::{FileError, FileErrorKind};

/// What to prepare the release with, beyond the project's configuration.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ReleaseOptions {
    /// The release date; none leaves the changelog heading undated.
    pub date: Option<NaiveDate>,
    /// The current version, instead of the latest release tag's.
    pub current: Option<Version>,
    /// A pre-release channel, instead of the configuration's.
    pub channel: Option<String>,
    /// Treat the release as a hotfix (classification, changelog markers).
    pub hotfix: bool,
    /// The package to release, one of `relcore.toml`'s `[packages]` (see
    /// [`ProjectConfig::select`]).
    pub package: Option<String>,
    /// For a release of every package (`crate::workspace::prepare_workspace`): the
    /// packages whose own commits count; the others release only when a group or a
    /// dependency makes them. Every package when empty.
    pub packages: Vec<String>,
}

/// Everything about the next release of a repository, as data (the `--json` of
/// `relcore release`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ReleaseReport {
    /// The current version: the latest release tag's, or as given.
    pub current: Option<Version>,
    /// The latest release tag reachable from HEAD.
    pub current_tag: Option<String>,
    /// The next version; `None` when there is nothing to release.
    pub next: Option<Version>,
    /// The level applied.
    pub level: Option<Level>,
    /// Why: each rule that fired, with its commits.
    pub reasons: Vec<Reason>,
    /// How many commits since the current release were read.
    pub commits: usize,
    /// The branch HEAD is on, if any.
    pub branch: Option<String>,
    /// The new tag's name.
    pub tag: Option<String>,
    /// The release model.
    pub release: Option<Release>,
    /// The changelog section, rendered.
    pub section: Option<String>,
    /// The release notes, rendered (the tag's message).
    pub notes: Option<String>,
    /// The risk classification, with its reasons.
    pub classification: Option<Classification>,
    /// The check of the rollout plan (`[plan] path`, default `rollout.yml`), when the file
    /// exists and there is something to release.
    pub plan: Option<PlanCheck>,
    /// What looks wrong with the history, though it is no error (e.g. no release tag
    /// among many commits: a clone without tags?).
    pub warnings: Vec<String>,
}

impl ReleaseReport {
    /// The report of a decided release before [`complete`] fills in the rest: the
    /// decision, the tag it was made since, how many `commits` the release holds, the
    /// branch and the warnings.
    pub(crate) fn decided(
        decision: Decision,
        current_tag: Option<String>,
        commits: usize,
        branch: Option<String>,
        warnings: Vec<String>,
    ) -> ReleaseReport {
        ReleaseReport {
            current: decision.current,
            current_tag,
            next: decision.next,
            level: decision.level,
            reasons: decision.reasons,
            commits,
            branch,
            tag: None,
            release: None,
            section: None,
            notes: None,
            classification: None,
            plan: None,
            warnings,
        }
    }
}

/// The rollout plan's check in a release: the file, and the report of
/// `relcore::plan::validate` with the release's change type and risk as the context.
/// Serialised, the report's keys sit beside `file`.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PlanCheck {
    /// The plan file, relative to the repository root.
    pub file: String,
    /// Every problem, the rollout's length and the worst-case time until a rollback.
    #[serde(flatten)]
    pub report: relcore::plan::Report,
}

/// Prepares the next release of `repo` under `config`: the latest release tag, the commits
/// since it (with the paths they change), the next version and why, the release model,
/// the changelog section and release notes, the risk classification, and the check of
/// the rollout plan when its file exists. Nothing is written. A template named by the configuration is read from the repository's root.
///
/// # Errors
///
/// Git errors (`empty_repository`, `shallow_history`, …), the policy's
/// (`invalid_identifier`, `would_not_advance`), the tag format's (`missing_package`), the
/// template's (`template_syntax`, `template_render`), or an unreadable template (`io`).
pub fn prepare(
    repo: &Repository,
    config: &ProjectConfig,
    options: &ReleaseOptions,
) -> Result<ReleaseReport, ReleaseError> {
    let head = repo.head()?;
    let config = &with_remote_links(repo, config);
    let tag = repo.latest_tag(&config.tag_format, config.package.as_deref())?;
    let mut policy = config.bump.clone();
    if options.channel.is_some() {
        policy.channel.clone_from(&options.channel);
    }
    let mut warnings = Vec::new();
    let current = match (&options.current, &tag) {
        (Some(current), _) => Some(current.clone()),
        (None, Some(tag)) => Some(tag.version.clone()),
        (None, None) => untagged_current(repo.workdir().as_deref(), config, &policy).map(
            |(current, warning)| {
                warnings.push(warning);
                current
            },
        ),
    };
    let query = CommitQuery {
        since: tag.as_ref().map(|t| t.name.clone()),
        until: None,
        include_merges: true,
        first_parent: config.git.first_parent,
        paths: config.git.paths.clone(),
        changed_paths: true,
    };
    let mut tally = Tally::new(&policy);
    let (mut commits, mut paths) = gather(repo, &query, |c| tally.add(c))?;
    let decision = tally.decide(current.as_ref())?;
    let conventional = commits.iter().filter(|c| c.r#type.is_some()).count();
    if tag.is_none() && options.current.is_none() {
        warnings.extend(missing_tag_warning(
            repo,
            config,
            commits.len(),
            conventional,
        ));
    }
    // The release before, for the compare link: only one that has a tag (a version read
    // from the version files, or given, without a tag would link to no tag); after
    // pre-releases, the stable one the whole cycle starts from.
    let mut previous = tag.as_ref().and(current.clone());
    if let Some((cycle, stable)) =
        cycle(repo, config, &query, decision.next.as_ref(), tag.as_ref())?
    {
        (commits, paths) = cycle;
        previous = stable;
    }
    let report = ReleaseReport::decided(
        decision,
        tag.map(|t| t.name),
        commits.len(),
        head.branch.clone(),
        warnings,
    );
    complete(
        repo.workdir().as_deref(),
        config,
        options,
        head.branch,
        report,
        ((commits, paths), previous),
        std::convert::identity,
    )
}

/// Completes `report` once its `next` is decided: the release model from `commits`
/// (passed through `adjust`, e.g. to add a workspace's dependency updates), the
/// changelog section and notes, the risk classification from the commits and their
/// `paths`, and the rollout plan's check. Nothing to do when `next` is `None`.
pub(crate) fn complete(
    root: Option<&Path>,
    config: &ProjectConfig,
    options: &ReleaseOptions,
    branch: Option<String>,
    mut report: ReleaseReport,
    ((commits, paths), previous): (Gathered, Option<Version>),
    adjust: impl FnOnce(Release) -> Release,
) -> Result<ReleaseReport, ReleaseError> {
    let Some(next) = report.next.clone() else {
        return Ok(report);
    };

    let mut release = adjust(Release::from_commits(
        next.clone(),
        previous,
        options.date,
        &commits,
        &config.changelog_config(),
    )?);
    if options.hotfix {
        release = release.mark_hotfix();
    }
    let section = match &config.changelog.template {
        Some(path) => load_template(root, path)?.render(&release),
        // A built-in format; JSON has no section: Keep a Changelog's.
        None => match config.changelog.format {
            Format::Json => render(&release, Format::KeepAChangelog),
            format => render(&release, format),
        },
    }?;
    let notes = render(&release, Format::ReleaseNotes)?;

    let mut facts = Facts::new(commits)
        .with_paths(paths)
        .with_hotfix(options.hotfix);
    facts.current.clone_from(&report.current);
    facts.next = Some(next);
    if let Some(branch) = branch {
        facts = facts.with_branch(branch);
    }
    let classification = classify(&facts, &config.risk);
    report.plan = check_plan(root, &config.plan, &classification)?;
    report.classification = Some(classification);
    report.tag = Some(release.tag.clone());
    report.section = Some(section);
    report.notes = Some(notes);
    report.release = Some(release);
    report.warnings.extend(unreleased_warning(root, config));
    Ok(report)
}

/// Hand-written entries under the changelog's `## [Unreleased]` that the release leaves
/// there (`take_unreleased` off): they describe changes it releases, and would still be
/// listed as unreleased after it.
fn unreleased_warning(root: Option<&Path>, config: &ProjectConfig) -> Option<String> {
    if config.changelog.take_unreleased {
        return None;
    }
    let path = config.changelog.path.as_str();
    let file = crate::paths::resolve_in_work_tree(root?, path).ok()?;
    let text = crate::files::read_text_if_exists(&file.real, &file.named).ok()??;
    let entries = relcore::changelog::Document::parse(&text).unreleased_entries(&text);
    let (noun, pronoun) = if entries == 1 {
        ("entry", "it")
    } else {
        ("entries", "them")
    };
    (entries > 0).then(|| {
        format!(
            "{path} has {entries} hand-written {noun} under [Unreleased], which the release leaves there: set `[changelog] take_unreleased = true` to move {pronoun} into the release"
        )
    })
}

/// `config` with `[changelog] repository_url` taken from the `origin` remote when it has
/// none, so a repository's links work without configuration.
pub fn with_remote_links(repo: &Repository, config: &ProjectConfig) -> ProjectConfig {
    let mut config = config.clone();
    if config.changelog.repository_url.is_none() {
        config.changelog.repository_url = repo.remote_web_url(config.changelog.host_style);
    }
    config
}

/// A stable release after pre-releases carries the whole cycle: its changelog, notes and
/// classification take every commit since the last stable release (`[changelog]
/// prereleases = "fold"`). The commits and paths since that release, and its version
/// (none before the first); `None` when `next` does not end a pre-release cycle.
fn cycle(
    repo: &Repository,
    config: &ProjectConfig,
    query: &CommitQuery,
    next: Option<&Version>,
    tag: Option<&Tag>,
) -> Result<Option<(Gathered, Option<Version>)>, GitError> {
    if !config.changelog.prereleases.fold()
        || next.is_none_or(Version::is_prerelease)
        || !tag.is_some_and(|t| t.version.is_prerelease())
    {
        return Ok(None);
    }
    let stable = repo.latest_stable_tag(&config.tag_format, config.package.as_deref())?;
    let cycle = CommitQuery {
        since: stable.as_ref().map(|t| t.name.clone()),
        ..query.clone()
    };
    let gathered = gather(repo, &cycle, |_| {})?;
    Ok(Some((gathered, stable.map(|t| t.version))))
}

/// Commits, and every path they change.
pub(crate) type Gathered = (Vec<Commit>, Vec<String>);

/// The commits of `query` (each handed to `each` as well) and every path they change.
fn gather(
    repo: &Repository,
    query: &CommitQuery,
    mut each: impl FnMut(&Commit),
) -> Result<Gathered, GitError> {
    let mut commits: Vec<Commit> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    let mut paths: Vec<String> = Vec::new();
    repo.for_each_commit(query, |c| {
        each(&c.commit);
        for path in c.paths {
            if seen.insert(path.clone()) {
                paths.push(path);
            }
        }
        commits.push(c.commit);
    })?;
    Ok((commits, paths))
}

/// How many commits make a history without any release tag suspicious.
pub const UNTAGGED_HISTORY_WARNING: usize = 50;

/// The current version of a project without a release tag: its version files' version
/// when that is above the first version `policy` would give (a project that released
/// before without tags, or whose tags are not found here), with a warning that says so.
/// `None` otherwise: the first release is then `initial_version`, and never a version
/// below the one the files already hold.
#[must_use]
pub fn untagged_current(
    root: Option<&Path>,
    config: &ProjectConfig,
    policy: &relcore::bump::Policy,
) -> Option<(Version, String)> {
    let (file, version) = crate::apply::version_in_files(root?, config)?;
    (version > policy.initial_version).then(|| {
        let warning = format!(
            "no release tag matches `{}`: the current version is {version}, as {file} has it",
            config.tag_format.as_str()
        );
        (version, warning)
    })
}

/// The warning for a repository none of whose tags matches `format`, though some end in a
/// version: the format most of them are spelled in ([`TagFormat::guess`]), with a few of
/// them, to set in `relcore.toml`. Without it, a project that tags `release-1.4.0` would
/// get `0.1.0` proposed, and tagged, as its first release. For a package, only tags that
/// hold its name count, and the name becomes `{package}` in the format, to set under
/// `[packages.NAME]`. `None` when no tag ends in a version, or the tags cannot be listed
/// (a hint is no reason to fail).
#[must_use]
pub fn tag_format_hint(
    repo: &Repository,
    format: &TagFormat,
    package: Option<&str>,
) -> Option<String> {
    let names = repo.tag_names().ok()?;
    let names = names
        .iter()
        .map(String::as_str)
        .filter(|name| package.is_none_or(|p| name.contains(p)));
    // The format each guess spells, with the package's name as `{package}`: not the
    // format given (whose tags, then, are all off HEAD's history).
    let spelled = |guess: &relcore::version::TagFormatGuess| match package {
        Some(p) => guess.format.as_str().replacen(p, "{package}", 1),
        None => guess.format.as_str().to_owned(),
    };
    let (guess, spelled) = TagFormat::guess(names).into_iter().find_map(|guess| {
        let spelled = spelled(&guess);
        (spelled != format.as_str()).then_some((guess, spelled))
    })?;
    let mut tags: Vec<(Version, &str)> = guess
        .tags
        .iter()
        .filter_map(|t| Some((guess.format.parse_tag(t)?.version, t.as_str())))
        .collect();
    tags.sort_by(|a, b| b.0.cmp(&a.0));
    let shown: Vec<&str> = tags.iter().take(3).map(|(_, t)| *t).collect();
    let more = if tags.len() > 3 { ", …" } else { "" };
    let count = guess.tags.len();
    let (tags_are, they_are) = if count == 1 {
        ("tag is", "it is this project's release")
    } else {
        ("tags are", "they are this project's releases")
    };
    let section = package.map_or_else(String::new, |p| {
        format!(" under [packages.{}]", crate::init::key(p))
    });
    Some(format!(
        "no release tag matches tag_format \"{format}\", but {count} {tags_are} spelled \"{spelled}\" ({}{more}): if {they_are}, set tag_format = \"{spelled}\"{section} in relcore.toml",
        shown.join(", ")
    ))
}

/// The warning when no release tag of `config`'s was found in `commits` commits
/// (`conventional` of them Conventional Commits): tags spelled in another format explain
/// it best ([`tag_format_hint`]); else many commits may be a clone without tags
/// ([`no_tag_warning`]).
#[must_use]
pub fn missing_tag_warning(
    repo: &Repository,
    config: &ProjectConfig,
    commits: usize,
    conventional: usize,
) -> Option<String> {
    tag_format_hint(repo, &config.tag_format, config.package.as_deref())
        .or_else(|| no_tag_warning(false, commits, conventional))
}

/// The warning for a history of many commits and no release tag: likely a clone made
/// without tags (`--no-tags`), whose first version would be proposed by mistake.
/// `commits` were read since no tag, `conventional` of them Conventional Commits.
pub fn no_tag_warning(tag_found: bool, commits: usize, conventional: usize) -> Option<String> {
    (!tag_found && conventional >= UNTAGGED_HISTORY_WARNING).then(|| {
        format!(
            "no release tag was found among {commits} commits ({conventional} conventional): if this project has released before, its tags are missing here (fetch them with `git fetch --tags`) or `tag_format` does not match them"
        )
    })
}

/// The plan at `[plan] path` in the working tree checked in the release's context (with
/// the `[plan] holidays`); `None` when there is no such file (or no working tree).
fn check_plan(
    root: Option<&Path>,
    section: &crate::config::PlanSection,
    class: &Classification,
) -> Result<Option<PlanCheck>, ReleaseError> {
    let path = section.path.as_str();
    let Some(file) = root.map(|root| root.join(Path::new(path))) else {
        return Ok(None);
    };
    let Some(text) = crate::files::read_text_if_exists(&file, &file)? else {
        return Ok(None);
    };
    let context = relcore::plan::Context {
        change_type: Some(class.r#type),
        risk: Some(class.risk),
        holidays: section.holidays.clone(),
        ..relcore::plan::Context::default()
    };
    Ok(Some(PlanCheck {
        file: path.to_owned(),
        report: relcore::plan::validate(&text, &context),
    }))
}

fn load_template(root: Option<&Path>, path: &str) -> Result<Template, ReleaseError> {
    let root = root.ok_or_else(|| {
        FileError::new(FileErrorKind::Resolve, "a bare repository has no templates")
    })?;
    // The template is named by the configuration: it must lie inside the work tree.
    let file = crate::paths::resolve_in_work_tree(root, path)?.real;
    let text = crate::files::read_text(&file, &file)?;
    Ok(Template::new(&file.display().to_string(), &text)?)
}

/// The next release of the repository at `path` (or a parent of it), as the Python and
/// Node `release(...)` prepare it: the repository is opened, `config` is the project's
/// configuration when given, else its `relcore.toml` (the defaults without one), and
/// [`prepare`] does the rest.
///
/// # Errors
///
/// As [`prepare`], and an unreadable or invalid `relcore.toml`
/// ([`ReleaseError::Config`], with the problem's line and column).
pub fn release(
    path: &Path,
    config: Option<ProjectConfig>,
    options: &ReleaseOptions,
) -> Result<ReleaseReport, ReleaseError> {
    let (repo, config) = open(path, config)?;
    let config = config.select(options.package.as_deref())?;
    prepare(&repo, &config, options)
}

/// The repository containing `path`, with `config`, or else its `relcore.toml` (the
/// defaults when there is none): what the Python and Node functions that take a path
/// start from.
///
/// # Errors
///
/// A git error opening the repository, or the configuration file's.
pub fn open(
    path: &Path,
    config: Option<ProjectConfig>,
) -> Result<(Repository, ProjectConfig), ReleaseError> {
    let repo = Repository::open(path)?;
    let config = if let Some(config) = config {
        config
    } else {
        let root = repo.workdir().unwrap_or_else(|| path.to_path_buf());
        load_config(&root.join(CONFIG_FILE))?
    };
    Ok((repo, config))
}
