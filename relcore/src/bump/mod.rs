//! The next version from the commits since the last release, with the reasons.
//!
//! ```
//! use relcore::bump::{next_version, Level, Policy};
//! use relcore::commit::Commit;
//! use relcore::version::Version;
//!
//! let current = Version::parse("1.4.2")?;
//! let commits = [Commit::parse("fix: handle empty input"), Commit::parse("feat(cli): add --json")];
//! let decision = next_version(Some(&current), &commits, &Policy::default())?;
//! assert_eq!(decision.next, Some(Version::parse("1.5.0")?));
//! assert_eq!(decision.level, Some(Level::Minor));
//! assert_eq!(decision.reasons[0].rule, "feature");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::fmt;

use serde::{Deserialize, Serialize};

use std::collections::BTreeMap;

use crate::commit::{Commit, RevertIndex, advisory, reverts};

/// Types with a changelog section of their own (Keep a Changelog's `Deprecated`,
/// `Removed`, `Security`): they release at least a patch, whatever the patch types.
const SECTION_TYPES: [&str; 7] = [
    "security",
    "sec",
    "deprecate",
    "deprecated",
    "deprecation",
    "remove",
    "removed",
];
use crate::version::{BumpError, BumpErrorKind, BumpLevel, Preid, PreidBase, Prerelease, Version};

/// How big a release is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Level {
    /// `1.2.3` → `1.2.4`
    Patch,
    /// `1.2.3` → `1.3.0`
    Minor,
    /// `1.2.3` → `2.0.0`
    Major,
}

impl Level {
    /// `major`, `minor` or `patch`.
    ///
    /// ```
    /// use relcore::bump::Level;
    /// assert_eq!(Level::Minor.as_str(), "minor");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Major => "major",
            Level::Minor => "minor",
            Level::Patch => "patch",
        }
    }

    fn release(self) -> BumpLevel {
        match self {
            Level::Major => BumpLevel::Major,
            Level::Minor => BumpLevel::Minor,
            Level::Patch => BumpLevel::Patch,
        }
    }

    fn pre(self) -> BumpLevel {
        match self {
            Level::Major => BumpLevel::Premajor,
            Level::Minor => BumpLevel::Preminor,
            Level::Patch => BumpLevel::Prepatch,
        }
    }
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

/// Which commits release what. Every field has a default; serde fills missing fields.
///
/// ```
/// use relcore::bump::Policy;
/// let policy: Policy = serde_json::from_str(r#"{ "patch_types": ["fix", "perf", "deps"], "channel": "rc" }"#)?;
/// assert_eq!(policy.minor_types, ["feat"]);
/// assert_eq!(policy.channel.as_deref(), Some("rc"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(default, deny_unknown_fields)]
pub struct Policy {
    /// Types that always make a major release (breaking changes always do). Default: none.
    pub major_types: Vec<String>,
    /// Types that make a minor release. Default: `feat`.
    pub minor_types: Vec<String>,
    /// Types that make a patch release. Default: `fix`, `perf`, `revert`.
    pub patch_types: Vec<String>,
    /// On `0.y.z`, a breaking change bumps to `1.0.0` instead of the minor version.
    /// Default: `false` (SemVer §4: anything may change at any time in `0.y.z`).
    pub breaking_always_bump_major: bool,
    /// On `0.y.z`, a feature bumps the minor version instead of the patch version.
    /// Default: `false`.
    pub features_always_bump_minor: bool,
    /// The first version, when there is no release yet. Default: `0.1.0`.
    pub initial_version: Version,
    /// A pre-release channel such as `rc` or `beta`: releases become `X.Y.Z-rc.N`.
    /// Default: none; leaving a channel finalises the pre-release.
    pub channel: Option<String>,
    /// Count merge commits as changes. Default: `false` (their branches' commits count).
    pub include_merges: bool,
}

impl Default for Policy {
    fn default() -> Self {
        Policy {
            major_types: Vec::new(),
            minor_types: vec!["feat".to_owned()],
            patch_types: vec!["fix".to_owned(), "perf".to_owned(), "revert".to_owned()],
            breaking_always_bump_major: false,
            features_always_bump_minor: false,
            initial_version: Version::new(0, 1, 0),
            channel: None,
            include_merges: false,
        }
    }
}

impl Policy {
    /// The level one commit asks for, or `None` when it releases nothing.
    ///
    /// ```
    /// use relcore::bump::{Level, Policy};
    /// use relcore::commit::Commit;
    /// let policy = Policy::default();
    /// assert_eq!(policy.level_of(&Commit::parse("feat!: x")), Some(Level::Major));
    /// assert_eq!(policy.level_of(&Commit::parse("perf: x")), Some(Level::Patch));
    /// assert_eq!(policy.level_of(&Commit::parse("docs: x")), None);
    /// // Security (a CVE or GHSA id anywhere), deprecations and removals are at least a patch.
    /// assert_eq!(policy.level_of(&Commit::parse("chore: x\n\nFixes GHSA-4cxr-2vpm-8qx7")), Some(Level::Patch));
    /// assert_eq!(policy.level_of(&Commit::parse("deprecate(api): the v1 search")), Some(Level::Patch));
    /// // A revert releases at least a patch, even when `revert` is not a patch type.
    /// let strict = Policy { patch_types: vec!["fix".into()], ..Policy::default() };
    /// assert_eq!(strict.level_of(&Commit::parse("Revert \"feat: x\"")), Some(Level::Patch));
    /// // A revert of a revert is the original change, back.
    /// assert_eq!(policy.level_of(&Commit::parse("Reapply \"feat: x\"")), Some(Level::Minor));
    /// ```
    pub fn level_of(&self, commit: &Commit) -> Option<Level> {
        let Some(ty) = commit.r#type.as_deref() else {
            // A message that is not conventional but names an advisory is a security fix.
            return advisory(commit).map(|_| Level::Patch);
        };
        let has = |types: &[String]| types.iter().any(|t| t.eq_ignore_ascii_case(ty));
        if commit.breaking || has(&self.major_types) {
            Some(Level::Major)
        } else if has(&self.minor_types) {
            Some(Level::Minor)
        } else if has(&self.patch_types)
            || is_revert(commit)
            || SECTION_TYPES.iter().any(|t| t.eq_ignore_ascii_case(ty))
            || advisory(commit).is_some()
        {
            Some(Level::Patch)
        } else {
            None
        }
    }
}

/// One rule that shaped the decision, and the commits that made it fire.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Reason {
    /// A stable slug: `breaking_change`, `feature`, `fix`, `major_version_zero`,
    /// `initial_version`, `prerelease_channel`, `finalise_prerelease`,
    /// `no_releasable_changes`, `reverted`.
    pub rule: String,
    /// What the rule concluded, in words.
    pub message: String,
    /// The commits that made it fire: ids where known, else headers.
    #[serde(default)]
    pub commits: Vec<String>,
}

/// What to release next, and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Decision {
    /// The latest release, if any.
    pub current: Option<Version>,
    /// The next version; `None` when there is nothing to release.
    pub next: Option<Version>,
    /// The level applied to `current` (after the `0.y.z` rules); `None` for no release,
    /// an initial release, or a pre-release that is finalised as it is.
    pub level: Option<Level>,
    /// The rules that decided, most important first.
    pub reasons: Vec<Reason>,
}

/// Infers the next version from `current` (the latest release tag, possibly a
/// pre-release, or `None` before the first release) and the commits since it.
///
/// Breaking changes make a major release, `feat` a minor one, `fix`/`perf`/`revert` a patch;
/// other types release nothing. Merges are skipped and a revert cancels the commit it
/// reverts within `commits`. On `0.y.z` a breaking change bumps the minor version and a
/// feature the patch version, unless the policy says otherwise.
///
/// With a pre-release channel, `1.2.0-rc.1` plus a fix gives `1.2.0-rc.2`, plus a breaking
/// change `2.0.0-rc.1`: the version escalates when the current pre-release does not cover
/// what the new commits need. Without a channel, a pre-release is finalised
/// (`1.2.0-rc.2` → `1.2.0`, or `2.0.0` if breaking changes came since).
///
/// # Errors
///
/// The policy's channel is not a valid pre-release identifier (`invalid_identifier`), or
/// the channel sorts below the current pre-release's (`beta` after `rc`:
/// `would_not_advance`).
///
/// ```
/// use relcore::bump::{next_version, Policy};
/// use relcore::commit::Commit;
/// use relcore::version::Version;
///
/// let rc = Policy { channel: Some("rc".into()), ..Policy::default() };
/// let current = Version::parse("1.2.0-rc.1")?;
/// let fix = [Commit::parse("fix: x")];
/// let breaking = [Commit::parse("feat!: y")];
/// assert_eq!(next_version(Some(&current), &fix, &rc)?.next.unwrap().to_string(), "1.2.0-rc.2");
/// assert_eq!(next_version(Some(&current), &breaking, &rc)?.next.unwrap().to_string(), "2.0.0-rc.1");
/// let stable = next_version(Some(&current), &fix, &Policy::default())?;
/// assert_eq!(stable.next.unwrap().to_string(), "1.2.0");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn next_version(
    current: Option<&Version>,
    commits: &[Commit],
    policy: &Policy,
) -> Result<Decision, BumpError> {
    let mut tally = Tally::new(policy);
    for commit in commits {
        tally.add(commit);
    }
    tally.decide(current)
}

/// Next-version inference one commit at a time, for histories too long to hold in
/// memory: [`next_version`] is `Tally::new`, [`Tally::add`] for each commit, then
/// [`Tally::decide`]. Only the labels of the commits that count are kept.
///
/// Commits must come newest first, as `git log` lists them: a revert then arrives before
/// the commit it reverts, and the two cancel out.
///
/// ```
/// use relcore::bump::{Policy, Tally};
/// use relcore::commit::Commit;
/// use relcore::version::Version;
///
/// let policy = Policy::default();
/// let mut tally = Tally::new(&policy);
/// for message in ["fix: b", "feat: a"] {
///     tally.add(&Commit::parse(message));
/// }
/// let decision = tally.decide(Some(&Version::new(1, 0, 0)))?;
/// assert_eq!(decision.next, Some(Version::new(1, 1, 0)));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug)]
pub struct Tally<'p> {
    policy: &'p Policy,
    /// Labels of the kept commits by the level they ask for; index 0 for none.
    by_level: [Vec<String>; 4],
    /// Levels below this index can no longer decide: a commit that no revert can take
    /// back asked for this level. Their labels are dropped and no longer kept.
    floor: usize,
    /// How many kept commits have each type (`non-conventional` for none).
    types: BTreeMap<String, usize>,
    /// Reverts seen whose target has not come yet (`None` once matched), and their index.
    pending: Vec<Option<PendingRevert>>,
    pending_index: RevertIndex,
    /// Labels of commits that cancelled out.
    gone: Vec<String>,
}

#[derive(Debug)]
struct PendingRevert {
    target: crate::commit::Revert,
    slot: usize,
    label: String,
    kind: String,
}

fn slot(level: Option<Level>) -> usize {
    match level {
        None => 0,
        Some(Level::Patch) => 1,
        Some(Level::Minor) => 2,
        Some(Level::Major) => 3,
    }
}

impl<'p> Tally<'p> {
    /// An empty tally under `policy`.
    pub fn new(policy: &'p Policy) -> Tally<'p> {
        Tally {
            policy,
            by_level: Default::default(),
            floor: 0,
            types: BTreeMap::new(),
            pending: Vec::new(),
            pending_index: RevertIndex::default(),
            gone: Vec::new(),
        }
    }

    /// Counts one commit (the next older one). Merges are skipped unless the policy counts
    /// them; the target of an earlier revert cancels out with it.
    pub fn add(&mut self, commit: &Commit) {
        if commit.merge && !self.policy.include_merges {
            return;
        }
        let matched = self
            .pending_index
            .candidates(commit.id.as_deref(), Some(&commit.header))
            .into_iter()
            .find(|&i| {
                self.pending
                    .get(i)
                    .is_some_and(|p| p.as_ref().is_some_and(|p| reverts(&p.target, commit)))
            });
        if let Some(revert) = matched
            .and_then(|i| self.pending.get_mut(i))
            .and_then(Option::take)
        {
            let list = self.by_level.get_mut(revert.slot);
            if let Some((list, at)) =
                list.and_then(|l| l.iter().rposition(|x| *x == revert.label).map(|at| (l, at)))
            {
                list.remove(at);
            }
            if let Some(n) = self.types.get_mut(&revert.kind) {
                *n -= 1;
            }
            self.gone.extend([revert.label, label(commit)]);
            return;
        }
        let slot = slot(self.policy.level_of(commit));
        let kind = commit.r#type.as_deref().unwrap_or("non-conventional");
        if slot >= self.floor
            && let Some(list) = self.by_level.get_mut(slot)
        {
            list.push(label(commit));
        }
        // Only a matched revert removes a label, and only its own: a commit that is no
        // revert keeps its level non-empty, so the decision is at least that level and
        // the lists below it are never reported.
        if commit.revert_of.is_none() && slot > self.floor {
            self.floor = slot;
            for list in self.by_level.iter_mut().take(slot) {
                *list = Vec::new();
            }
        }
        match self.types.get_mut(kind) {
            Some(n) => *n += 1,
            None => {
                self.types.insert(kind.to_owned(), 1);
            }
        }
        if let Some(target) = &commit.revert_of {
            self.pending_index.insert(
                self.pending.len(),
                target.id.as_deref(),
                target.header.as_deref(),
            );
            self.pending.push(Some(PendingRevert {
                target: target.clone(),
                slot,
                label: label(commit),
                kind: kind.to_owned(),
            }));
        }
    }

    /// The decision for a history whose latest release is `current`; see [`next_version`].
    pub fn decide(self, current: Option<&Version>) -> Result<Decision, BumpError> {
        let policy = self.policy;
        let required = [Level::Major, Level::Minor, Level::Patch]
            .into_iter()
            .find(|l| {
                self.by_level
                    .get(slot(Some(*l)))
                    .is_some_and(|v| !v.is_empty())
            });
        let [none, patch, minor, major] = self.by_level;
        let mut reasons = Vec::new();
        if let Some(level) = required {
            let deciding = match level {
                Level::Major => major,
                Level::Minor => minor,
                Level::Patch => patch,
            };
            reasons.push(level_reason(level, deciding));
        }
        if !self.gone.is_empty() {
            reasons.push(Reason {
                rule: "reverted".to_owned(),
                message: format!(
                    "{} cancel out: reverted within the range",
                    plural(self.gone.len(), "commit")
                ),
                commits: self.gone,
            });
        }
        let decision =
            |next: Option<Version>, level: Option<Level>, reasons: Vec<Reason>| Decision {
                current: current.cloned(),
                next,
                level,
                reasons,
            };
        let (Some(current), Some(required)) = (current, required) else {
            let next = match (current, required) {
                (None, Some(_)) => Some(initial(policy, &mut reasons)?),
                (Some(current), None) if current.is_prerelease() && policy.channel.is_none() => {
                    Some(finalise(
                        current,
                        &current.bump(BumpLevel::Release, &Preid::none())?,
                        &mut reasons,
                    ))
                }
                _ => {
                    let types: Vec<&str> = self
                        .types
                        .iter()
                        .filter(|(_, n)| **n > 0)
                        .map(|(t, _)| t.as_str())
                        .collect();
                    reasons.push(no_release(none, &types));
                    None
                }
            };
            return Ok(decision(next, None, reasons));
        };
        let level = zero_major_level(current, required, policy, &mut reasons);
        let next = advance(current, level, policy.channel.as_deref())?;
        if let Some(ch) = &policy.channel {
            reasons.push(Reason {
                rule: "prerelease_channel".to_owned(),
                message: format!("channel `{ch}`: the release is the pre-release {next}"),
                commits: Vec::new(),
            });
        } else if current.is_prerelease() {
            finalise(current, &next, &mut reasons);
        }
        Ok(decision(Some(next), Some(level), reasons))
    }
}

/// `current` advanced by `level`, on the pre-release `channel` if there is one: the step
/// [`next_version`] takes once the level is decided, and the one a workspace plan takes
/// for each package it releases.
///
/// - Without a channel, a release bump (a pre-release is finalised: `1.2.0-rc.2` by a
///   patch or minor gives `1.2.0`).
/// - On a channel, the next pre-release of `current` when its release covers the level
///   (`1.2.0-rc.1` by a minor gives `1.2.0-rc.2`), else the first pre-release of the
///   bumped version (`1.2.0-rc.1` by a major gives `2.0.0-rc.1`).
///
/// ```
/// use relcore::bump::{advance, Level};
/// use relcore::version::Version;
///
/// let rc1 = Version::parse("1.2.0-rc.1")?;
/// assert_eq!(advance(&rc1, Level::Minor, Some("rc"))?.to_string(), "1.2.0-rc.2");
/// assert_eq!(advance(&rc1, Level::Major, Some("rc"))?.to_string(), "2.0.0-rc.1");
/// assert_eq!(advance(&rc1, Level::Patch, None)?.to_string(), "1.2.0");
/// assert_eq!(advance(&Version::new(1, 1, 4), Level::Patch, Some("beta"))?.to_string(), "1.1.5-beta.1");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
///
/// A channel that is not a valid pre-release identifier (`invalid_identifier`), one that
/// sorts below the current pre-release's (`would_not_advance`), or a version number
/// that overflows (`overflow`).
pub fn advance(
    current: &Version,
    level: Level,
    channel: Option<&str>,
) -> Result<Version, BumpError> {
    match channel {
        None => current.bump(level.release(), &Preid::none()),
        Some(channel) => {
            let preid = Preid::new(channel).with_base(PreidBase::One);
            if current.is_prerelease() && covers(&current.release(), level) {
                current.bump(BumpLevel::Prerelease, &preid)
            } else {
                current.bump(level.pre(), &preid)
            }
        }
    }
}

/// The first version, on the channel if there is one.
fn initial(policy: &Policy, reasons: &mut Vec<Reason>) -> Result<Version, BumpError> {
    let mut next = policy.initial_version.clone();
    if let Some(ch) = &policy.channel {
        next.pre = Prerelease::new(&format!("{ch}.1")).map_err(|e| {
            BumpError::new(
                BumpErrorKind::InvalidIdentifier,
                format!("invalid pre-release channel `{ch}`: {e}"),
            )
        })?;
    }
    reasons.push(Reason {
        rule: "initial_version".to_owned(),
        message: format!("no release yet: the first version is {next}"),
        commits: Vec::new(),
    });
    Ok(next)
}

/// Records that the pre-release `current` becomes the release `next`.
fn finalise(current: &Version, next: &Version, reasons: &mut Vec<Reason>) -> Version {
    reasons.push(Reason {
        rule: "finalise_prerelease".to_owned(),
        message: format!("no pre-release channel: {current} is finalised as {next}"),
        commits: Vec::new(),
    });
    next.clone()
}

/// On `0.y.z`, breaking changes bump minor and features bump patch unless the policy
/// says otherwise (SemVer §4).
fn zero_major_level(
    current: &Version,
    required: Level,
    policy: &Policy,
    reasons: &mut Vec<Reason>,
) -> Level {
    if current.major != 0 {
        return required;
    }
    let (level, message) = match required {
        Level::Major if !policy.breaking_always_bump_major => (
            Level::Minor,
            "major version zero: a breaking change bumps the minor version (set breaking_always_bump_major to release 1.0.0)",
        ),
        Level::Minor if !policy.features_always_bump_minor => (
            Level::Patch,
            "major version zero: a feature bumps the patch version (set features_always_bump_minor to bump the minor version)",
        ),
        other => return other,
    };
    reasons.push(Reason {
        rule: "major_version_zero".to_owned(),
        message: message.to_owned(),
        commits: Vec::new(),
    });
    level
}

/// Whether the pre-release base `base` already is a release of at least `level`
/// (`2.0.0` covers major, `1.3.0` minor, anything patch).
fn covers(base: &Version, level: Level) -> bool {
    match level {
        Level::Patch => true,
        Level::Minor => base.patch == 0,
        Level::Major => base.minor == 0 && base.patch == 0,
    }
}

fn level_reason(level: Level, commits: Vec<String>) -> Reason {
    let (rule, what) = match level {
        Level::Major => (
            "breaking_change",
            "breaking changes require a major release",
        ),
        Level::Minor => ("feature", "new features require a minor release"),
        Level::Patch => ("fix", "fixes require a patch release"),
    };
    let n = commits.len();
    Reason {
        rule: rule.to_owned(),
        message: format!("{what} ({})", plural(n, "commit")),
        commits,
    }
}

fn no_release(labels: Vec<String>, types: &[&str]) -> Reason {
    let message = if labels.is_empty() {
        "no commits since the last release".to_owned()
    } else {
        let kinds = if types.len() == 1 { "type" } else { "types" };
        format!(
            "no releasable changes: {} of {kinds} {} release nothing",
            plural(labels.len(), "commit"),
            types.join(", ")
        )
    };
    Reason {
        rule: "no_releasable_changes".to_owned(),
        message,
        commits: labels,
    }
}

/// A revert (of a change released earlier, when it survives the pairing): a change of its
/// own, at least a patch whatever the patch types. A revert of a revert is the original
/// change back, with its own type.
fn is_revert(commit: &Commit) -> bool {
    commit.revert_of.is_some() && commit.r#type.as_deref() == Some("revert")
}

/// How a reason names a commit: its short id where known, else its header.
fn label(commit: &Commit) -> String {
    commit
        .short_id()
        .map_or_else(|| commit.header.clone(), str::to_owned)
}

/// `1 commit`, `2 commits`.
fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}
