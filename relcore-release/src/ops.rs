//! Operations on a repository: planning a hotfix, listing the backports a hotfix line
//! owes the main line, and the go / no-go checklist. Each gathers the repository's facts
//! through `relcore-git`, lets the core decide (`relcore::hotfix`, `relcore::ready`) and
//! returns plain values; only [`hotfix_plan`] with `create` writes anything (a branch,
//! never moving an existing one).

use std::collections::BTreeMap;
use std::path::Path;

use chrono::{DateTime, Utc};
use relcore::commit::{Commit, LintOptions, lint_with};
use relcore::hotfix::{Backports, HotfixPlan, HotfixRequest, backports, cherry_picked_from};
use relcore::ready::{FactValue, ReadyFacts, Verdict, VersionFileFact, evaluate, window_at};
use relcore_git::{CommitQuery, GitError, GitErrorKind, Repository, Tag};
use serde::{Deserialize, Serialize};

use crate::config::ProjectConfig;
use crate::error::ReleaseError;
use crate::prepare::{ReleaseOptions, prepare};

/// Where the production release is: a release tag, or a branch whose latest release tag
/// it is.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Production {
    /// The release tag in production, such as `v1.5.0`.
    Tag(String),
    /// A branch that follows production, such as `production`.
    Branch(String),
}

/// What `relcore hotfix plan` is asked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HotfixOptions {
    /// The production release.
    pub from: Production,
    /// An issue key for the branch name.
    pub issue: Option<String>,
    /// The main line; `[hotfix] main` when absent.
    pub main: Option<String>,
    /// Create the branch at the production release (never checked out, never moved).
    pub create: bool,
}

/// A hotfix plan for a repository: the core's plan, the main line it read, and the
/// branch made when asked.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct HotfixReport {
    /// The plan.
    #[serde(flatten)]
    pub plan: HotfixPlan,
    /// The main line the candidates come from.
    pub main: String,
    /// The commit the branch was created at (`--create`), else `None`.
    pub created: Option<String>,
}

/// The main line's commits since `tag` and which of them the tag's line already has.
fn main_since(
    repo: &Repository,
    tag: &Tag,
    main: &str,
) -> Result<(Vec<Commit>, Vec<String>), GitError> {
    let on_main = repo.patch_commits(&tag.name, main)?;
    let on_production = repo.patch_commits(main, &tag.name)?;
    let production_patches: std::collections::HashSet<&str> = on_production
        .iter()
        .filter_map(|c| c.patch_id.as_deref())
        .collect();
    let mut present: Vec<String> = on_production
        .iter()
        .flat_map(|c| cherry_picked_from(&c.message))
        .collect();
    present.extend(
        on_main
            .iter()
            .filter(|c| {
                c.patch_id
                    .as_deref()
                    .is_some_and(|p| production_patches.contains(p))
            })
            .map(|c| c.id.clone()),
    );
    let commits = on_main
        .into_iter()
        .map(|c| {
            let mut commit = Commit::parse(&c.message).with_id(c.id);
            // A merge (or an empty commit) has no patch of its own to pick.
            if c.patch_id.is_none() {
                commit = commit.mark_merge();
            }
            commit
        })
        .collect();
    Ok((commits, present))
}

/// Plans a hotfix of the production release of `repo`: the hotfix version (the next free
/// patch on production's line, whatever main has released since), the branch name from
/// `[hotfix]`, the fixes on the main line since production as cherry-pick candidates
/// (oldest first, those production already has left out), the classification under
/// `[risk]`, and the rollback target. With `create`, the branch is created at the
/// production release.
///
/// # Errors
///
/// Git errors (`unknown_revision` for a missing tag or branch, `branch_exists`), the
/// core's hotfix errors (`prerelease_production`, `invalid_branch_template`,
/// `invalid_issue`, …).
pub fn hotfix_plan(
    repo: &Repository,
    config: &ProjectConfig,
    options: &HotfixOptions,
) -> Result<HotfixReport, ReleaseError> {
    let format = &config.tag_format;
    let package = config.package.as_deref();
    let tag = match &options.from {
        Production::Tag(name) => repo.release_tag(name, format, package)?,
        Production::Branch(branch) => {
            repo.latest_tag_on(branch, format, package)?
                .ok_or_else(|| {
                    GitError::new(
                        GitErrorKind::UnknownRevision,
                        format!(
                            "no release tag of the format `{}` on `{branch}`",
                            format.as_str()
                        ),
                    )
                })?
        }
    };
    let main = options
        .main
        .clone()
        .unwrap_or_else(|| config.hotfix.main.clone());
    let (commits, present) = main_since(repo, &tag, &main)?;
    let versions = repo
        .all_release_tags(format, package)?
        .into_iter()
        .map(|t| t.version)
        .collect();
    let request = HotfixRequest {
        production_tag: Some(tag.name.clone()),
        versions,
        commits,
        present,
        issue: options.issue.clone(),
        branch_template: Some(config.hotfix.branch.clone()),
        issue_branch_template: Some(config.hotfix.issue_branch.clone()),
        types: Some(config.hotfix.types.clone()),
        tag_format: format.clone(),
        package: config.package.clone(),
        ..HotfixRequest::new(tag.version.clone())
    };
    let plan = relcore::hotfix::plan(&request, &config.risk)?;
    let created = if options.create {
        Some(repo.create_branch(&plan.branch, &tag.commit)?)
    } else {
        None
    };
    Ok(HotfixReport {
        plan,
        main,
        created,
    })
}

/// The backports a hotfix line owes the main line, for `relcore hotfix backports`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct BackportsReport {
    /// The hotfix line.
    pub hotfix: String,
    /// The main line.
    pub main: String,
    /// The commits, missing and present.
    #[serde(flatten)]
    pub backports: Backports,
}

/// The commits of the `hotfix` line the `main` line does not have, by patch identity as
/// `git cherry main hotfix` compares them (and `(cherry picked from commit …)` lines on
/// main), oldest first, each with the command that applies it.
///
/// # Errors
///
/// `unknown_revision` for a line that does not exist; `git`.
pub fn hotfix_backports(
    repo: &Repository,
    hotfix: &str,
    main: &str,
) -> Result<BackportsReport, ReleaseError> {
    let on_hotfix = repo.patch_commits(main, hotfix)?;
    let on_main = repo.patch_commits(hotfix, main)?;
    let patches: Vec<String> = on_main.iter().filter_map(|c| c.patch_id.clone()).collect();
    let picked: Vec<String> = on_main
        .iter()
        .flat_map(|c| cherry_picked_from(&c.message))
        .collect();
    Ok(BackportsReport {
        hotfix: hotfix.to_owned(),
        main: main.to_owned(),
        backports: backports(&on_hotfix, &patches, &picked),
    })
}

/// What `relcore ready` is asked, beyond the repository and its configuration.
#[derive(Clone, Debug, PartialEq)]
pub struct ReadyOptions {
    /// The time the deployment window is checked at (the CLI's `--at`, default now).
    pub at: DateTime<Utc>,
    /// External facts (`--facts FILE`, `--fact name=value`).
    pub facts: BTreeMap<String, FactValue>,
    /// How many blockers still make a go.
    pub blockers_allowed: usize,
}

/// The go / no-go of a repository: the facts gathered and the verdict.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ReadyReport {
    /// The checklist's outcome.
    #[serde(flatten)]
    pub verdict: Verdict,
    /// The facts it was evaluated over.
    pub facts: ReadyFacts,
}

/// Gathers the repository's facts (work tree, branch, the next release's version, tag
/// and changelog section, version files, rollout plan and window at `at`, commit lint
/// since the last release), adds the external ones, and evaluates `[ready]`.
///
/// # Errors
///
/// Git and configuration errors as [`prepare`]; the checklist's own errors
/// (`unknown_check`, `duplicate_check`, `invalid_comparison`, `invalid_pattern`).
pub fn ready(
    repo: &Repository,
    config: &ProjectConfig,
    options: &ReadyOptions,
) -> Result<ReadyReport, ReleaseError> {
    let report = prepare(repo, config, &ReleaseOptions::default())?;
    let root = repo.workdir();
    let read = |path: &str| -> Result<Option<String>, ReleaseError> {
        let Some(root) = &root else {
            return Ok(None);
        };
        let file = crate::paths::resolve_in_work_tree(root, path)?.real;
        Ok(crate::files::read_text_if_exists(&file, &file)?)
    };
    let changelog_versions = read(&config.changelog.path)?.map(|text| {
        relcore::changelog::Document::parse(&text)
            .releases
            .into_iter()
            .map(|r| r.version)
            .collect()
    });
    let version_files = match &report.current {
        None => Some(Vec::new()),
        Some(latest) => Some(
            config
                .version_files
                .iter()
                .map(|file| version_file(file, latest, &read))
                .collect::<Result<_, _>>()?,
        ),
    };
    let (plan_errors, rollback_plan, window) =
        plan_facts(config, report.plan.as_ref(), options.at, &read)?;
    let mut facts = ReadyFacts {
        changed_files: Some(repo.changed_files()?),
        branch: report.branch.clone(),
        latest_version: report.current.clone(),
        next_version: report.next.clone(),
        next_tag_exists: report.tag.as_deref().map(|t| repo.tag_exists(t)),
        next_tag: report.tag.clone(),
        changelog_versions: changelog_versions.or(Some(Vec::new())),
        version_files,
        plan_errors,
        rollback_plan,
        window,
        lint_failures: Some(lint_failures(repo, report.current_tag.as_deref())?),
        external: BTreeMap::new(),
    };
    facts.external.clone_from(&options.facts);
    let verdict = evaluate(&facts, &config.ready, options.blockers_allowed)?;
    Ok(ReadyReport { verdict, facts })
}

/// Whether a version file holds `latest`: setting it to `latest` leaves it unchanged.
fn version_file(
    file: &crate::config::VersionFile,
    latest: &relcore::version::Version,
    read: &dyn Fn(&str) -> Result<Option<String>, ReleaseError>,
) -> Result<VersionFileFact, ReleaseError> {
    let path = file.path().to_owned();
    let Some(text) = read(&path)? else {
        return Ok(VersionFileFact {
            path,
            agrees: false,
            problem: Some("the file does not exist".to_owned()),
        });
    };
    let Some(kind) = file.kind() else {
        return Ok(VersionFileFact {
            path,
            agrees: false,
            problem: Some("its kind is unknown".to_owned()),
        });
    };
    Ok(match relcore::manifest::set_version(&kind, &text, latest) {
        Ok(same) if same == text => VersionFileFact {
            path,
            agrees: true,
            problem: None,
        },
        Ok(_) => VersionFileFact {
            path,
            agrees: false,
            problem: Some(format!("it does not hold {latest}")),
        },
        Err(e) => VersionFileFact {
            path,
            agrees: false,
            problem: Some(e.to_string()),
        },
    })
}

/// Facts of one plan file: its errors, whether it says how to roll back, its window at
/// `at`. Without a plan file: no errors to report, no rollback plan, no window.
type PlanFacts = (
    Option<Vec<String>>,
    Option<bool>,
    Option<relcore::ready::WindowFact>,
);

fn plan_facts(
    config: &ProjectConfig,
    checked: Option<&crate::prepare::PlanCheck>,
    at: DateTime<Utc>,
    read: &dyn Fn(&str) -> Result<Option<String>, ReleaseError>,
) -> Result<PlanFacts, ReleaseError> {
    let Some(text) = read(&config.plan.path)? else {
        return Ok((None, Some(false), None));
    };
    let report = match checked {
        Some(check) => check.report.clone(),
        None => relcore::plan::validate(&text, &relcore::plan::Context::default()),
    };
    let errors: Vec<String> = report
        .diagnostics
        .iter()
        .filter(|d| d.severity == relcore::diagnostic::Severity::Error)
        .map(|d| format!("{}: {}", d.code, d.message))
        .collect();
    let (rollback, window) = match relcore::plan::Plan::from_yaml(&text) {
        Ok(plan) => (
            plan.rollback.is_some(),
            plan.window.as_ref().map(|w| window_at(w, at)),
        ),
        Err(_) => (false, None),
    };
    Ok((Some(errors), Some(rollback), window))
}

/// One line per commit since `since` whose message fails the Conventional Commits lint:
/// `abc1234 header: code`.
fn lint_failures(repo: &Repository, since: Option<&str>) -> Result<Vec<String>, GitError> {
    let query = CommitQuery {
        since: since.map(str::to_owned),
        ..CommitQuery::default()
    };
    let options = LintOptions {
        keep_comments: true,
        ..LintOptions::default()
    };
    let mut failures = Vec::new();
    repo.for_each_message(&query, |id, message| {
        let problems = lint_with(message, &options);
        if let Some(first) = problems
            .iter()
            .find(|d| d.severity == relcore::diagnostic::Severity::Error)
        {
            let header = message.lines().next().unwrap_or_default();
            failures.push(format!(
                "{} {header}: {}",
                id.get(..7).unwrap_or(id),
                first.code
            ));
        }
    })?;
    failures.reverse();
    Ok(failures)
}

/// External facts from a file's text: a JSON or YAML mapping of names to booleans,
/// numbers or texts (`tests: passed`, `critical_bugs: 0`).
///
/// # Errors
///
/// `invalid_facts` naming the file, when the text is not such a mapping.
pub fn read_facts(path: &Path) -> Result<BTreeMap<String, FactValue>, ReleaseError> {
    let text = crate::files::read_text(path, path)?;
    let invalid = |why: String| {
        ReleaseError::Facts(FactsError {
            message: format!("{}: {why}", path.display()),
        })
    };
    let value: serde_json::Value = if path.extension().is_some_and(|e| e == "json") {
        serde_json::from_str(&text).map_err(|e| invalid(e.to_string()))?
    } else {
        serde_saphyr::from_str(&text).map_err(|e| invalid(e.to_string()))?
    };
    serde_json::from_value(value).map_err(|e| {
        invalid(format!(
            "{e}: expected a mapping of fact names to booleans, numbers or texts"
        ))
    })
}

/// A facts file that is not a mapping of names to values (slug `invalid_facts`).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("invalid facts file {message}")]
pub struct FactsError {
    message: String,
}

impl relcore::error::Coded for FactsError {
    fn code(&self) -> &'static str {
        "invalid_facts"
    }
}
