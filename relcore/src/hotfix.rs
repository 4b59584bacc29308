//! Hotfixes as values: the version a hotfix of a production release takes, the branch it
//! is made on, the fixes on the main line worth cherry-picking into it, and the commits of
//! a hotfix line that still have to be brought back to the main line.
//!
//! The git adapter gathers the facts (the production tag, every released version, the
//! commits on the main line since production, which of them production already has by
//! patch identity); [`plan`] and [`backports`] decide.
//!
//! ```
//! use relcore::hotfix::{plan, HotfixRequest};
//! use relcore::version::Version;
//!
//! let mut request = HotfixRequest::new(Version::new(1, 5, 0));
//! request.versions = vec![Version::new(1, 5, 0), Version::new(1, 5, 1), Version::new(1, 6, 0)];
//! request.commits = ["feat: new page", "fix(auth): session loop\n\nFixes #12"]
//!     .map(relcore::commit::Commit::parse)
//!     .to_vec();
//! let hotfix = plan(&request, &relcore::risk::Policy::default())?;
//! assert_eq!(hotfix.version, Version::new(1, 5, 2));
//! assert_eq!(hotfix.branch, "hotfix/1.5.2");
//! assert_eq!(hotfix.candidates.len(), 1);
//! assert_eq!(hotfix.candidates[0].header, "fix(auth): session loop");
//! assert_eq!(hotfix.rollback.tag, "v1.5.0");
//! # Ok::<(), relcore::hotfix::HotfixError>(())
//! ```

use std::collections::HashSet;
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::classification::Classification;
use crate::commit::{Commit, Reference, cancel_reverts};
use crate::risk::{Facts, Policy, classify};
use crate::version::{TagFormat, Version};

/// The branch template without an issue: `hotfix/{version}`.
pub const DEFAULT_BRANCH: &str = "hotfix/{version}";

/// The branch template with an issue: `hotfix/{issue}-{version}`.
pub const DEFAULT_BRANCH_WITH_ISSUE: &str = "hotfix/{issue}-{version}";

/// What a hotfix is planned from: plain values the git adapter gathers.
///
/// ```
/// use relcore::hotfix::HotfixRequest;
/// let request: HotfixRequest = serde_json::from_value(serde_json::json!({
///     "production": "1.5.0", "versions": ["1.5.0", "1.6.0"], "commits": ["fix: typo"], "issue": "PROD-1"
/// }))?;
/// assert_eq!(request.commits[0].r#type.as_deref(), Some("fix"));
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct HotfixRequest {
    /// The version in production (a release, not a pre-release).
    pub production: Version,
    /// The production release's tag; formatted from `tag_format` when absent.
    #[serde(default)]
    pub production_tag: Option<String>,
    /// Every version released so far (the repository's release tags, on any line): a
    /// hotfix never takes one of them.
    #[serde(default)]
    pub versions: Vec<Version>,
    /// The commits on the main line since production, newest first (messages,
    /// `{message, id}` inputs or commit objects in JSON).
    #[serde(default, deserialize_with = "crate::commit::commits_or_messages")]
    #[cfg_attr(feature = "schema", schemars(with = "Vec<crate::commit::CommitInput>"))]
    pub commits: Vec<Commit>,
    /// Ids (full or abbreviated) of commits whose change production already has (found by
    /// patch identity, or named by a `(cherry picked from commit …)` line): not offered.
    #[serde(default)]
    pub present: Vec<String>,
    /// An issue key for the branch name, such as `PROD-123`.
    #[serde(default)]
    pub issue: Option<String>,
    /// The branch template without an issue; default `hotfix/{version}`.
    #[serde(default)]
    pub branch_template: Option<String>,
    /// The branch template with an issue; default `hotfix/{issue}-{version}`.
    #[serde(default)]
    pub issue_branch_template: Option<String>,
    /// Commit types offered for cherry-picking; default `fix` and `perf`.
    #[serde(default)]
    pub types: Option<Vec<String>>,
    /// How release tags are spelled.
    #[serde(default)]
    pub tag_format: TagFormat,
    /// The package, for tag formats with `{package}`.
    #[serde(default)]
    pub package: Option<String>,
}

impl HotfixRequest {
    /// A request for a hotfix of `production`, with nothing else known.
    ///
    /// ```
    /// use relcore::hotfix::HotfixRequest;
    /// use relcore::version::Version;
    /// assert!(HotfixRequest::new(Version::new(2, 0, 0)).commits.is_empty());
    /// ```
    pub fn new(production: Version) -> HotfixRequest {
        HotfixRequest {
            production,
            production_tag: None,
            versions: Vec::new(),
            commits: Vec::new(),
            present: Vec::new(),
            issue: None,
            branch_template: None,
            issue_branch_template: None,
            types: None,
            tag_format: TagFormat::default(),
            package: None,
        }
    }
}

/// A release: its version and tag.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct TaggedVersion {
    /// The version.
    pub version: Version,
    /// Its tag.
    pub tag: String,
}

/// A commit to bring over, with the command that does it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(rename = "CherryPick"))]
pub struct Pick {
    /// The commit's full id, when known.
    pub id: Option<String>,
    /// Its header.
    pub header: String,
    /// Its Conventional Commits type, if any.
    #[serde(rename = "type")]
    pub r#type: Option<String>,
    /// The issues and pull requests it names.
    pub references: Vec<Reference>,
    /// The command that applies it: `git cherry-pick -x <id>`.
    pub command: String,
}

impl Pick {
    fn of(commit: &Commit) -> Pick {
        let target = commit.id.as_deref().unwrap_or("<id>");
        Pick {
            id: commit.id.clone(),
            header: commit.header.clone(),
            r#type: commit.r#type.as_deref().map(str::to_owned),
            references: commit.references.clone(),
            command: format!("git cherry-pick -x {target}"),
        }
    }
}

/// A hotfix, planned: what [`plan`] returns and `relcore hotfix plan --json` prints.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct HotfixPlan {
    /// The release in production.
    pub production: TaggedVersion,
    /// The hotfix's version: the next patch on production's line that is not taken.
    pub version: Version,
    /// The hotfix's tag.
    pub tag: String,
    /// Patch versions on the line that were already taken, lowest first.
    pub taken: Vec<Version>,
    /// The branch to make the hotfix on.
    pub branch: String,
    /// The fixes on the main line since production, oldest first: cherry-pick candidates.
    pub candidates: Vec<Pick>,
    /// How the hotfix releases (type hotfix, fast track, approvals as the policy says).
    pub classification: Classification,
    /// Where to go back to if the hotfix fails: the production release.
    pub rollback: TaggedVersion,
}

/// Why a hotfix cannot be planned.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum HotfixErrorKind {
    /// The production version is a pre-release: a hotfix patches a release.
    PrereleaseProduction,
    /// Every patch number on the line is taken (the patch number would overflow).
    NoFreeVersion,
    /// A branch template without `{version}`, or with a placeholder other than
    /// `{version}` and `{issue}`, or `{issue}` with no issue given.
    InvalidBranchTemplate,
    /// The issue key is not a plain token (letters, digits, `-`, `_`, `.`).
    InvalidIssue,
    /// The branch name is not one git accepts.
    InvalidBranchName,
}

impl HotfixErrorKind {
    /// Every kind, for tests and docs.
    pub const ALL: [HotfixErrorKind; 5] = [
        HotfixErrorKind::PrereleaseProduction,
        HotfixErrorKind::NoFreeVersion,
        HotfixErrorKind::InvalidBranchTemplate,
        HotfixErrorKind::InvalidIssue,
        HotfixErrorKind::InvalidBranchName,
    ];

    /// The stable slug.
    ///
    /// ```
    /// use relcore::hotfix::HotfixErrorKind;
    /// assert_eq!(HotfixErrorKind::InvalidIssue.as_str(), "invalid_issue");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            HotfixErrorKind::PrereleaseProduction => "prerelease_production",
            HotfixErrorKind::NoFreeVersion => "no_free_version",
            HotfixErrorKind::InvalidBranchTemplate => "invalid_branch_template",
            HotfixErrorKind::InvalidIssue => "invalid_issue",
            HotfixErrorKind::InvalidBranchName => "invalid_branch_name",
        }
    }
}

/// A hotfix that cannot be planned: its kind and what is wrong.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HotfixError {
    kind: HotfixErrorKind,
    message: String,
}

impl HotfixError {
    fn new(kind: HotfixErrorKind, message: String) -> HotfixError {
        HotfixError { kind, message }
    }

    /// What went wrong.
    pub fn kind(&self) -> HotfixErrorKind {
        self.kind
    }
}

impl fmt::Display for HotfixError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for HotfixError {}

/// The hotfix version of `production`: its next patch that is not in `versions` (a
/// pre-release of it does not take it), and the patch versions skipped because they were.
///
/// # Errors
///
/// `prerelease_production` when `production` is a pre-release; `no_free_version` when
/// the patch number would overflow.
///
/// ```
/// use relcore::hotfix::hotfix_version;
/// use relcore::version::Version;
/// let v = |s: &str| Version::parse(s).unwrap();
/// let (next, taken) = hotfix_version(&v("1.5.0"), &[v("1.5.1"), v("1.5.2-rc.1"), v("1.6.0")])?;
/// assert_eq!(next, v("1.5.2"));
/// assert_eq!(taken, [v("1.5.1")]);
/// assert_eq!(hotfix_version(&v("1.5.0-rc.1"), &[]).unwrap_err().kind().as_str(), "prerelease_production");
/// # Ok::<(), relcore::hotfix::HotfixError>(())
/// ```
pub fn hotfix_version(
    production: &Version,
    versions: &[Version],
) -> Result<(Version, Vec<Version>), HotfixError> {
    if production.is_prerelease() {
        return Err(HotfixError::new(
            HotfixErrorKind::PrereleaseProduction,
            format!(
                "{production} is a pre-release: a hotfix patches a release in production; name the release tag"
            ),
        ));
    }
    let taken_patches: HashSet<u64> = versions
        .iter()
        .filter(|v| {
            !v.is_prerelease() && v.major == production.major && v.minor == production.minor
        })
        .map(|v| v.patch)
        .collect();
    let mut patch = production.patch;
    let mut taken = Vec::new();
    loop {
        patch = patch.checked_add(1).ok_or_else(|| {
            HotfixError::new(
                HotfixErrorKind::NoFreeVersion,
                format!("no patch version after {production} is free"),
            )
        })?;
        let version = Version::new(production.major, production.minor, patch);
        if !taken_patches.contains(&patch) {
            return Ok((version, taken));
        }
        taken.push(version);
    }
}

/// The hotfix branch's name: `template` with `{version}` and `{issue}` replaced.
///
/// # Errors
///
/// `invalid_branch_template` for a template without `{version}`, with another
/// placeholder, or with `{issue}` and no issue; `invalid_issue` for an issue that is not
/// a plain token; `invalid_branch_name` for a name git refuses.
///
/// ```
/// use relcore::hotfix::branch_name;
/// use relcore::version::Version;
/// let v = Version::new(1, 5, 1);
/// assert_eq!(branch_name("hotfix/{issue}-{version}", &v, Some("PROD-123"))?, "hotfix/PROD-123-1.5.1");
/// assert_eq!(branch_name("hotfix/{version}", &v, None)?, "hotfix/1.5.1");
/// assert_eq!(branch_name("hotfix/{issue}", &v, Some("X")).unwrap_err().kind().as_str(), "invalid_branch_template");
/// assert_eq!(branch_name("hotfix/{version}", &v, Some("a b")).unwrap_err().kind().as_str(), "invalid_issue");
/// # Ok::<(), relcore::hotfix::HotfixError>(())
/// ```
pub fn branch_name(
    template: &str,
    version: &Version,
    issue: Option<&str>,
) -> Result<String, HotfixError> {
    let bad_template = |why: &str| {
        HotfixError::new(
            HotfixErrorKind::InvalidBranchTemplate,
            format!("invalid branch template `{template}`: {why}"),
        )
    };
    if let Some(issue) = issue
        && (issue.is_empty()
            || !issue
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')))
    {
        return Err(HotfixError::new(
            HotfixErrorKind::InvalidIssue,
            format!("invalid issue `{issue}`: use letters, digits, `-`, `_` and `.` only"),
        ));
    }
    let mut out = String::new();
    let mut rest = template;
    let mut has_version = false;
    while let Some(open) = rest.find('{') {
        let (before, after) = rest.split_at(open);
        out.push_str(before);
        let close = after
            .find('}')
            .ok_or_else(|| bad_template("a `{` is not closed"))?;
        let name = after.get(1..close).unwrap_or_default();
        match name {
            "version" => {
                has_version = true;
                out.push_str(&version.to_string());
            }
            "issue" => out.push_str(
                issue.ok_or_else(|| bad_template("it names `{issue}` and no issue is given"))?,
            ),
            other => return Err(bad_template(&format!("unknown placeholder `{{{other}}}`"))),
        }
        rest = after.get(close + 1..).unwrap_or_default();
    }
    out.push_str(rest);
    if !has_version {
        return Err(bad_template("it must name `{version}`"));
    }
    if !valid_branch_name(&out) {
        return Err(HotfixError::new(
            HotfixErrorKind::InvalidBranchName,
            format!("`{out}` is not a branch name git accepts"),
        ));
    }
    Ok(out)
}

/// git's rules for a branch name (`git check-ref-format --branch`), without IO.
#[expect(
    clippy::case_sensitive_file_extension_comparisons,
    reason = "git's `.lock` rule is case-sensitive"
)]
fn valid_branch_name(name: &str) -> bool {
    !name.is_empty()
        && !name.starts_with(['-', '/'])
        && !name.ends_with(['/', '.'])
        && !name.ends_with(".lock")
        && !name.contains("..")
        && !name.contains("//")
        && !name.contains("@{")
        && name != "@"
        && !name.split('/').any(|part| part.starts_with('.'))
        && !name.chars().any(|c| {
            c.is_ascii_control() || matches!(c, ' ' | '~' | '^' | ':' | '?' | '*' | '[' | '\\')
        })
}

/// Whether `id` is named by one of `present` (full ids or abbreviations of at least 7
/// characters, either way round).
fn is_present(id: Option<&str>, present: &[String]) -> bool {
    let Some(id) = id else {
        return false;
    };
    present
        .iter()
        .any(|p| p.len() >= 7 && (id.starts_with(p.as_str()) || p.starts_with(id) && id.len() >= 7))
}

/// Plans a hotfix of the production release: its version ([`hotfix_version`]), tag,
/// branch ([`branch_name`]), the cherry-pick candidates (commits of the `types` on the
/// main line that production does not have, reverted ones left out, oldest first), the
/// classification of a hotfix of those fixes under `policy`, and the rollback target.
///
/// # Errors
///
/// As [`hotfix_version`] and [`branch_name`]. A tag format that cannot spell the version
/// (`{package}` without a package) gives the bare version as the tag.
///
/// ```
/// use relcore::hotfix::{plan, HotfixRequest};
/// use relcore::risk::{ChangeType, Pace, Policy};
/// use relcore::version::Version;
///
/// let mut request = HotfixRequest::new(Version::new(1, 5, 0));
/// request.issue = Some("PROD-123".into());
/// request.commits = vec![relcore::commit::Commit::parse("fix: b").with_id("bbbbbbbbbb"),
///                        relcore::commit::Commit::parse("fix: a").with_id("aaaaaaaaaa")];
/// request.present = vec!["bbbbbbb".into()];
/// let hotfix = plan(&request, &Policy::default())?;
/// assert_eq!(hotfix.branch, "hotfix/PROD-123-1.5.1");
/// let headers: Vec<&str> = hotfix.candidates.iter().map(|c| c.header.as_str()).collect();
/// assert_eq!(headers, ["fix: a"]);
/// assert_eq!(hotfix.candidates[0].command, "git cherry-pick -x aaaaaaaaaa");
/// assert_eq!((hotfix.classification.r#type, hotfix.classification.pace), (ChangeType::Hotfix, Pace::FastTrack));
/// # Ok::<(), relcore::hotfix::HotfixError>(())
/// ```
pub fn plan(request: &HotfixRequest, policy: &Policy) -> Result<HotfixPlan, HotfixError> {
    let (version, taken) = hotfix_version(&request.production, &request.versions)?;
    let template = match (
        &request.issue,
        &request.branch_template,
        &request.issue_branch_template,
    ) {
        (Some(_), _, Some(t)) | (None, Some(t), _) => t.as_str(),
        (Some(_), _, None) => DEFAULT_BRANCH_WITH_ISSUE,
        (None, None, _) => DEFAULT_BRANCH,
    };
    let branch = branch_name(template, &version, request.issue.as_deref())?;
    let package = request.package.as_deref();
    let tag_of = |v: &Version| {
        request
            .tag_format
            .format(v, package)
            .unwrap_or_else(|_| v.to_string())
    };
    let production_tag = request
        .production_tag
        .clone()
        .unwrap_or_else(|| tag_of(&request.production));
    let default_types = ["fix", "perf"].map(str::to_owned);
    let types = request.types.as_deref().unwrap_or(&default_types);
    let mut chosen: Vec<&Commit> = cancel_reverts(&request.commits)
        .into_iter()
        .filter(|c| !c.merge)
        .filter(|c| {
            c.r#type
                .as_deref()
                .is_some_and(|t| types.iter().any(|k| k == t))
        })
        .filter(|c| !is_present(c.id.as_deref(), &request.present))
        .collect();
    chosen.reverse();
    let candidates: Vec<Pick> = chosen.iter().map(|c| Pick::of(c)).collect();
    let mut facts = Facts::new(chosen.into_iter().rev().cloned().collect())
        .with_hotfix(true)
        .with_branch(branch.clone())
        .with_versions(request.production.clone(), version.clone());
    facts.paths = None;
    let classification = classify(&facts, policy);
    let production = TaggedVersion {
        version: request.production.clone(),
        tag: production_tag,
    };
    Ok(HotfixPlan {
        tag: tag_of(&version),
        rollback: production.clone(),
        production,
        version,
        taken,
        branch,
        candidates,
        classification,
    })
}

/// A commit of a hotfix line with its patch identity, as the git adapter reads it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct PatchCommit {
    /// The commit's full id.
    pub id: String,
    /// Its message (the header is its first line).
    pub message: String,
    /// Its patch id (`git patch-id --stable`); `None` for a merge or an empty commit,
    /// which are never backported.
    #[serde(default)]
    pub patch_id: Option<String>,
}

/// The facts [`backports`] compares, as one value (the bindings' argument).
///
/// ```
/// use relcore::hotfix::BackportsRequest;
/// let request: BackportsRequest = serde_json::from_value(serde_json::json!({
///     "hotfix": [{"id": "1111111111", "message": "fix: a", "patch_id": "p1"}], "main": ["p1"]
/// }))?;
/// assert!(request.backports().missing.is_empty());
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(default, deny_unknown_fields)]
pub struct BackportsRequest {
    /// The hotfix line's commits since it forked from the main line, newest first.
    pub hotfix: Vec<PatchCommit>,
    /// The patch ids of the main line's commits since the fork.
    pub main: Vec<String>,
    /// The ids named by the main line's `(cherry picked from commit …)` lines.
    pub picked: Vec<String>,
}

impl BackportsRequest {
    /// [`backports`] of these facts.
    pub fn backports(&self) -> Backports {
        backports(&self.hotfix, &self.main, &self.picked)
    }
}

/// What the hotfix line has that the main line lacks: what [`backports`] returns.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Backports {
    /// The commits to bring to the main line, oldest first.
    pub missing: Vec<Pick>,
    /// The commits the main line already has (an equal patch, or a `(cherry picked from
    /// commit …)` line naming them), oldest first.
    pub present: Vec<Pick>,
}

/// The commits of a hotfix line (`hotfix`, newest first) that the main line does not
/// have, compared by patch identity as `git cherry` does: `main` holds the patch ids of
/// the main line's commits since the two lines forked, and `picked` the ids its
/// `(cherry picked from commit …)` lines name. Merges and empty commits (no patch id) are
/// left out. Each commit comes with the command that applies it.
///
/// ```
/// use relcore::hotfix::{backports, PatchCommit};
/// let hotfix = vec![
///     PatchCommit { id: "2222222222".into(), message: "fix: b".into(), patch_id: Some("p2".into()) },
///     PatchCommit { id: "1111111111".into(), message: "fix: a".into(), patch_id: Some("p1".into()) },
/// ];
/// let result = backports(&hotfix, &["p1".to_owned()], &[]);
/// assert_eq!(result.missing.len(), 1);
/// assert_eq!(result.missing[0].command, "git cherry-pick -x 2222222222");
/// assert_eq!(result.present[0].header, "fix: a");
/// ```
pub fn backports(hotfix: &[PatchCommit], main: &[String], picked: &[String]) -> Backports {
    let main: HashSet<&str> = main.iter().map(String::as_str).collect();
    let mut result = Backports {
        missing: Vec::new(),
        present: Vec::new(),
    };
    for commit in hotfix.iter().rev() {
        let Some(patch_id) = &commit.patch_id else {
            continue;
        };
        let pick = Pick::of(&Commit::parse(&commit.message).with_id(commit.id.as_str()));
        if main.contains(patch_id.as_str()) || is_present(Some(&commit.id), picked) {
            result.present.push(pick);
        } else {
            result.missing.push(pick);
        }
    }
    result
}

/// The ids named by `(cherry picked from commit <id>)` lines of a message, as `git
/// cherry-pick -x` writes them.
///
/// ```
/// use relcore::hotfix::cherry_picked_from;
/// let message = "fix: a\n\n(cherry picked from commit 0123456789abcdef0123456789abcdef01234567)\n";
/// assert_eq!(cherry_picked_from(message), ["0123456789abcdef0123456789abcdef01234567"]);
/// ```
pub fn cherry_picked_from(message: &str) -> Vec<String> {
    message
        .lines()
        .filter_map(|line| {
            line.trim()
                .strip_prefix("(cherry picked from commit ")?
                .strip_suffix(')')
                .filter(|id| id.len() >= 7 && id.chars().all(|c| c.is_ascii_hexdigit()))
                .map(str::to_owned)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(s: &str) -> Version {
        Version::parse(s).unwrap()
    }

    #[test]
    fn the_next_free_patch_skips_taken_ones_on_the_line_only() {
        let versions = [
            v("1.5.0"),
            v("1.5.1"),
            v("1.5.2"),
            v("1.6.0"),
            v("1.6.1"),
            v("2.5.3"),
        ];
        let (next, taken) = hotfix_version(&v("1.5.0"), &versions).unwrap();
        assert_eq!(next, v("1.5.3"));
        assert_eq!(taken, [v("1.5.1"), v("1.5.2")]);
        let (next, taken) = hotfix_version(&v("1.5.1"), &versions).unwrap();
        assert_eq!((next, taken), (v("1.5.3"), vec![v("1.5.2")]));
    }

    #[test]
    fn overflow_is_an_error_not_a_panic() {
        let top = Version::new(1, 0, u64::MAX);
        assert_eq!(
            hotfix_version(&top, &[]).unwrap_err().kind(),
            HotfixErrorKind::NoFreeVersion
        );
        let below = Version::new(1, 0, u64::MAX - 1);
        assert_eq!(
            hotfix_version(&below, std::slice::from_ref(&top))
                .unwrap_err()
                .kind(),
            HotfixErrorKind::NoFreeVersion
        );
    }

    #[test]
    fn branch_names_git_refuses_are_errors() {
        let version = v("1.0.1");
        for template in [
            "hotfix/{version}.lock",
            "hot fix/{version}",
            "-{version}",
            "a..b/{version}",
        ] {
            assert_eq!(
                branch_name(template, &version, None).unwrap_err().kind(),
                HotfixErrorKind::InvalidBranchName,
                "{template}"
            );
        }
        for template in ["hotfix/{ver}", "hotfix/{version", "hotfix/latest"] {
            assert_eq!(
                branch_name(template, &version, None).unwrap_err().kind(),
                HotfixErrorKind::InvalidBranchTemplate,
                "{template}"
            );
        }
        assert_eq!(
            branch_name("x/{version}/y", &version, None).unwrap(),
            "x/1.0.1/y"
        );
    }

    #[test]
    fn reverted_fixes_and_merges_are_not_candidates() {
        let mut request = HotfixRequest::new(v("1.0.0"));
        request.commits = vec![
            Commit::parse("Revert \"fix: bad\"\n\nThis reverts commit abcdef1234.")
                .with_id("ccccccccc"),
            Commit::parse("fix: bad").with_id("abcdef1234"),
            Commit::parse("perf: faster").with_id("ddddddddd"),
            Commit::parse("docs: readme").with_id("eeeeeeeee"),
        ];
        let hotfix = plan(&request, &Policy::default()).unwrap();
        let headers: Vec<&str> = hotfix
            .candidates
            .iter()
            .map(|c| c.header.as_str())
            .collect();
        assert_eq!(headers, ["perf: faster"]);
    }

    #[test]
    fn cherry_pick_lines_are_read_strictly() {
        assert!(cherry_picked_from("(cherry picked from commit xyz)").is_empty());
        assert!(cherry_picked_from("(cherry picked from commit 123)").is_empty());
        assert_eq!(
            cherry_picked_from("  (cherry picked from commit 1234567)  ").len(),
            1
        );
    }
}
