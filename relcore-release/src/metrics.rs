//! Release metrics of a repository: the facts gathered in one walk of the history
//! ([`gather`]), and the core's arithmetic over them ([`metrics`]).
//!
//! One walk back from HEAD reads every commit once and gives each the first release that
//! contains it (the release of the lowest version whose tag contains it, as
//! `relcore changelog --all` finds the ranges). The release tags come from the tag refs,
//! on any line: the commits of those HEAD does not contain (a maintenance line's patch
//! releases) are read by a second walk from them with HEAD's history hidden, which only
//! goes back to where their lines left HEAD's.

use relcore::metrics::{
    CommitFact, Deployment, Metrics, MetricsInput, MetricsOptions, ReleaseFact,
};
use relcore_git::{CommitQuery, Repository};

use crate::config::ProjectConfig;
use crate::error::ReleaseError;

/// The facts metrics are computed from, read from `repo` under `config` (its tag format,
/// package, first-parent and path filters): every release tag of the format with its
/// time, every commit (merges left out) with its time, whether it is a fix or a revert,
/// and the tag of the first release that contains it. `deployments` are left empty
/// (`None`): they come from pipeline records.
///
/// # Errors
///
/// Git errors (`empty_repository`, `shallow_history` when the history is cut before the
/// oldest release, …).
pub fn gather(repo: &Repository, config: &ProjectConfig) -> Result<MetricsInput, ReleaseError> {
    let format = &config.tag_format;
    let package = config.package.as_deref();
    let query = CommitQuery {
        since: None,
        until: None,
        include_merges: false,
        first_parent: config.git.first_parent,
        paths: config.git.paths.clone(),
        changed_paths: false,
    };
    let history = repo.fold_releases(format, package, &query, false, Vec::new, |facts, c| {
        facts.push(fact(&c.commit));
    })?;
    let tags = repo.all_release_tags(format, package)?;
    let on_head: std::collections::HashSet<&str> = history
        .releases
        .iter()
        .map(|r| r.tag.name.as_str())
        .collect();
    let off_head: Vec<relcore_git::Tag> = tags
        .iter()
        .filter(|t| !on_head.contains(t.name.as_str()))
        .cloned()
        .collect();
    // A path filter needs trees, which the walk off HEAD does not read: those releases
    // then count without commits.
    let off_head_commits = if config.git.paths.is_empty() {
        repo.fold_off_head(&off_head, false, Vec::new, |facts, c| {
            facts.push(fact(&c.commit));
        })?
    } else {
        Vec::new()
    };
    let mut commits = Vec::with_capacity(history.commits);
    let ranges = history
        .releases
        .into_iter()
        .map(|r| (r.tag.name, r.state))
        .chain(
            off_head
                .iter()
                .map(|t| t.name.clone())
                .zip(off_head_commits),
        );
    for (tag, facts) in ranges {
        commits.extend(facts.into_iter().map(|mut c| {
            c.release = Some(tag.clone());
            c
        }));
    }
    commits.extend(history.unreleased);
    let releases = tags
        .into_iter()
        .map(|tag| ReleaseFact {
            tag: tag.name,
            version: tag.version,
            time: tag.time,
            hotfix: false,
        })
        .collect();
    Ok(MetricsInput {
        releases,
        commits,
        deployments: None,
    })
}

/// A commit as metrics need it (its release is filled in by the caller).
fn fact(commit: &relcore::commit::Commit) -> CommitFact {
    let kind = commit.r#type.as_deref();
    CommitFact {
        id: None,
        time: commit.time.unwrap_or_default(),
        fix: kind == Some("fix"),
        revert: kind == Some("revert") || commit.revert_of.is_some(),
        release: None,
    }
}

/// Release metrics of `repo`: [`gather`]'s facts, with `deployments` (from pipeline
/// records) when given, through [`relcore::metrics::metrics`].
///
/// # Errors
///
/// As [`gather`]; the core's metrics errors (`invalid_deployment`, …).
pub fn metrics(
    repo: &Repository,
    config: &ProjectConfig,
    options: &MetricsOptions,
    deployments: Option<Vec<Deployment>>,
) -> Result<Metrics, ReleaseError> {
    let mut input = gather(repo, config)?;
    input.deployments = deployments;
    Ok(relcore::metrics::metrics(&input, options)?)
}

/// [`metrics`] of the repository containing `path`, under `config` (else its
/// `relcore.toml`), for `package` when given (over the configuration's): what the
/// Python and Node `metrics(path)` call.
///
/// # Errors
///
/// `not_a_repository`, configuration errors, and as [`metrics`].
pub fn metrics_at(
    path: &std::path::Path,
    config: Option<ProjectConfig>,
    package: Option<String>,
    options: &MetricsOptions,
    deployments: Option<Vec<Deployment>>,
) -> Result<Metrics, ReleaseError> {
    let repo = Repository::open(path)?;
    let mut config = if let Some(config) = config {
        config
    } else {
        let root = repo.workdir().unwrap_or_else(|| path.to_path_buf());
        crate::config::load_config(&root.join(crate::config::CONFIG_FILE))?
    };
    if package.is_some() {
        config.package = package;
    }
    metrics(&repo, &config, options, deployments)
}
