//! Release metrics of a repository: the facts gathered in one walk of the history
//! ([`gather`]), and the core's arithmetic over them ([`metrics`]).
//!
//! One walk back from HEAD reads every commit once and gives each the first release that
//! contains it (the release of the lowest version whose tag contains it, as
//! `relcore changelog --all` finds the ranges). The release tags come from the tag refs,
//! on any line: the commits of those HEAD does not contain (a maintenance line's patch
//! releases, releases tagged on release branches) are read by a second walk back from
//! them, which stops at the commits of a release of HEAD's no higher than the tag. It
//! reads the commits HEAD lacks, and those of HEAD's history that only a higher release
//! of HEAD's contains, or none: a release tagged on a release branch contains the
//! commits of main from before the branch.

use relcore::metrics::{
    CommitFact, Deployment, Metrics, MetricsInput, MetricsOptions, ReleaseFact,
};
use std::collections::{HashMap, HashSet};

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
    // Merges too: the walks off HEAD stop at commits of HEAD's releases, merges included;
    // only the others are facts.
    let query = CommitQuery {
        since: None,
        until: None,
        include_merges: true,
        first_parent: config.git.first_parent,
        paths: config.git.paths.clone(),
        changed_paths: false,
    };
    let history = repo.fold_releases(format, package, &query, false, Vec::new, |facts, c| {
        if let Some(id) = c.commit.id.as_deref().and_then(raw_id) {
            facts.push((id, (!c.commit.merge).then(|| fact(&c.commit))));
        }
    })?;
    // Each commit of HEAD's history, with the release HEAD's walk gave it (an index into
    // `history.releases`; none when no release of HEAD's contains it).
    let mut on_head: HashMap<[u8; 20], Option<usize>> = HashMap::with_capacity(history.commits);
    for (i, release) in history.releases.iter().enumerate() {
        on_head.extend(release.state.iter().map(|(id, _)| (*id, Some(i))));
    }
    on_head.extend(history.unreleased.iter().map(|(id, _)| (*id, None)));
    let tags = repo.all_release_tags(format, package)?;
    let reached: HashSet<&str> = history
        .releases
        .iter()
        .map(|r| r.tag.name.as_str())
        .collect();
    let off_head: Vec<relcore_git::Tag> = tags
        .iter()
        .filter(|t| !reached.contains(t.name.as_str()))
        .cloned()
        .collect();
    // A tag off HEAD also takes the commits of HEAD's history that no release of HEAD's
    // contains, or only a higher one (a release tagged on a release branch contains the
    // commits of main before the branch): the walk back from it stops only at commits of
    // a release of HEAD's no higher than it. A path filter (which needs trees) or a
    // first-parent walk leaves commits of HEAD's history out of the first walk, so the
    // walk off HEAD could not tell where to stop: those releases then count without
    // commits.
    let mut taken: HashSet<[u8; 20]> = HashSet::new();
    let off_head_commits = if config.git.paths.is_empty() && !config.git.first_parent {
        let stops = |id: &str, tag: &relcore_git::Tag| {
            raw_id(id)
                .and_then(|id| on_head.get(&id).copied().flatten())
                .and_then(|i| history.releases.get(i))
                .is_some_and(|release| release.tag.version <= tag.version)
        };
        repo.fold_off_head(&off_head, false, stops, Vec::new, |facts, c| {
            if let Some(id) = c.commit.id.as_deref().and_then(raw_id) {
                taken.insert(id);
            }
            facts.push(fact(&c.commit));
        })?
    } else {
        Vec::new()
    };
    // HEAD's facts, but those a release off HEAD took.
    let kept = |facts: Vec<([u8; 20], Option<CommitFact>)>| {
        facts
            .into_iter()
            .filter(|(id, _)| !taken.contains(id))
            .filter_map(|(_, fact)| fact)
            .collect::<Vec<_>>()
    };
    let mut commits = Vec::with_capacity(history.commits);
    let ranges = history
        .releases
        .into_iter()
        .map(|r| (r.tag.name, kept(r.state)))
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
    commits.extend(kept(history.unreleased));
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

/// A full commit id as its 20 bytes (a set of them is a quarter the size of one of
/// strings); `None` for anything else.
fn raw_id(hex: &str) -> Option<[u8; 20]> {
    let mut out = [0u8; 20];
    if hex.len() != 40 {
        return None;
    }
    for (byte, pair) in out.iter_mut().zip(hex.as_bytes().chunks(2)) {
        let text = std::str::from_utf8(pair).ok()?;
        *byte = u8::from_str_radix(text, 16).ok()?;
    }
    Some(out)
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

/// Release metrics of `repo`: [`gather`]'s facts, with `deployments` when given, else
/// those the repository's release records tell of (`relcore pipeline`, `[pipeline]
/// record`; none when there are none), through [`relcore::metrics::metrics`].
///
/// # Errors
///
/// As [`gather`]; a release record that cannot be read; the core's metrics errors
/// (`invalid_deployment`, …).
pub fn metrics(
    repo: &Repository,
    config: &ProjectConfig,
    options: &MetricsOptions,
    deployments: Option<Vec<Deployment>>,
) -> Result<Metrics, ReleaseError> {
    let mut input = gather(repo, config)?;
    input.deployments = match deployments {
        Some(given) => Some(given),
        None => recorded_deployments(repo, config)?,
    };
    Ok(relcore::metrics::metrics(&input, options)?)
}

/// [`metrics`] of the repository containing `path`, under `config` (else its
/// `relcore.toml`), for `package` when given (one of `[packages]`, see
/// [`ProjectConfig::select`]): what the
/// Python and Node `metrics(path)` call.
///
/// # Errors
///
/// `not_a_repository`, configuration errors, and as [`metrics`].
pub fn metrics_at(
    path: &std::path::Path,
    config: Option<ProjectConfig>,
    package: Option<&str>,
    options: &MetricsOptions,
    deployments: Option<Vec<Deployment>>,
) -> Result<Metrics, ReleaseError> {
    let (repo, config) = crate::prepare::open(path, config)?;
    let config = config.select(package)?;
    metrics(&repo, &config, options, deployments)
}

/// The deployments of the repository's release records, oldest version first; `None`
/// when there is no record (so the report says none were given, not that none happened).
fn recorded_deployments(
    repo: &Repository,
    config: &ProjectConfig,
) -> Result<Option<Vec<Deployment>>, ReleaseError> {
    let Some(root) = repo.workdir() else {
        return Ok(None);
    };
    let records = crate::pipeline::read_all(&root, config)?;
    if records.is_empty() {
        return Ok(None);
    }
    let mut deployments = records
        .iter()
        .map(|file| Deployment::from_record(&file.record))
        .collect::<Result<Vec<_>, _>>()?;
    deployments.sort_by(|a, b| a.version.cmp(&b.version));
    Ok(Some(deployments))
}
