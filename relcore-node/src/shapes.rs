//! TypeScript declarations of the plain-object data that crosses the boundary as the
//! core's serde shapes: the `Commit` of `parseCommit`, the `Diagnostic`s of `lintCommit`,
//! the `Decision` of `nextVersion` and the `Policy` it takes, the `ChangelogConfig` of
//! `renderChangelog` and `updateChangelog`, the `Release` model (their `json` format); the
//! `Tag`s, `RepoCommit`s and `ReleaseReport` of the git functions and the `ProjectConfig`
//! `release` takes; the `Classification` of `classify`, the `Response` of `respond` and
//! the `RiskPolicy` both take; the `PlanReport` of `checkPlan` and the `PlanContext` it
//! takes; the `Simulation` of `simulatePlan` and the `TimelineRecord`s it takes.
//!
//! These structs exist only for `index.d.ts`: napi-rs generates no conversion for them
//! (`object_to_js = false, object_from_js = false`). The values themselves are the core
//! types serialised with serde (`Env::to_js_value`, or deserialised from JSON for
//! `Policy`, `ChangelogConfig`, `ProjectConfig`, `RiskPolicy`, `PlanContext`,
//! `Classification` and `TimelineRecord`), so they keep the core's snake_case keys and
//! field order: the same JSON as `relcore ... --json` and the Python dicts. `test/types.test.mjs` and `test/git.test.mjs` check that every declared key is
//! present on the values returned.

#![allow(
    dead_code,
    reason = "declarations for index.d.ts only; the values are built by serde"
)]
#![allow(
    clippy::doc_link_with_quotes,
    reason = "`@default [\"feat\"]` is a JSDoc tag with a JavaScript value, not a rustdoc link"
)]

use napi_derive::napi;

/// A person: a commit author or a `Co-authored-by` trailer.
#[napi(
    object,
    object_to_js = false,
    object_from_js = false,
    use_nullable = true
)]
pub struct Person {
    /// The display name.
    pub name: String,
    /// The e-mail address, when known.
    pub email: Option<String>,
}

/// A footer (git trailer) of a commit message: `Token: value` or `Token #value`.
#[napi(
    object,
    object_to_js = false,
    object_from_js = false,
    use_nullable = true
)]
pub struct Footer {
    /// The token, as written: `Closes`, `BREAKING CHANGE`, `Co-authored-by`.
    pub token: String,
    /// `:` or ` #`.
    pub separator: String,
    /// The value; several lines for multi-line footers.
    pub value: String,
}

/// An issue or pull request a commit names: `#12` or `owner/repo#12`.
#[napi(
    object,
    object_to_js = false,
    object_from_js = false,
    use_nullable = true
)]
pub struct Reference {
    /// Why the commit names it: the `(#234)` suffix of a squash merge (`pull_request`), or
    /// a `Closes`, `Fixes`, `Resolves` or `Refs` footer.
    #[napi(ts_type = "'pull_request' | 'closes' | 'fixes' | 'resolves' | 'refs'")]
    pub kind: String,
    /// `owner/repo` for cross-repository references; `null` for this repository.
    pub repository: Option<String>,
    /// The issue or pull request number.
    pub number: f64,
}

/// What a revert commit undoes.
#[napi(
    object,
    object_to_js = false,
    object_from_js = false,
    use_nullable = true
)]
pub struct Revert {
    /// The (possibly abbreviated) id of the reverted commit, from `This reverts commit <id>.`
    pub id: Option<String>,
    /// The header of the reverted commit, from `Revert "<header>"` or `revert: <header>`.
    pub header: Option<String>,
}

/// A dependency update, from a Dependabot or Renovate subject.
#[napi(
    object,
    object_to_js = false,
    object_from_js = false,
    use_nullable = true
)]
pub struct Dependency {
    /// The package name.
    pub name: String,
    /// The version updated from, when the subject says (Dependabot does, Renovate not).
    pub from: Option<String>,
    /// The version updated to.
    pub to: String,
    /// The manifest directory (`in /web`), when given.
    pub path: Option<String>,
}

/// A commit message parsed as a Conventional Commit, plus what the caller knows about the
/// commit (id, author, time). A message that is not a Conventional Commit is data too:
/// its `type` is `null` and its `description` is the first line.
#[napi(
    object,
    object_to_js = false,
    object_from_js = false,
    use_nullable = true
)]
pub struct Commit {
    /// The commit id (a full or abbreviated SHA), when known.
    pub id: Option<String>,
    /// The author, when known.
    pub author: Option<Person>,
    /// The commit time in seconds since the Unix epoch, when known.
    pub time: Option<f64>,
    /// The first line of the message, as written.
    pub header: String,
    /// The type, lower-cased (`feat`, `fix`, ...); `null` for a message that is not a
    /// Conventional Commit.
    #[napi(js_name = "type")]
    pub kind: Option<String>,
    /// The scope, `api` in `feat(api): ...`.
    pub scope: Option<String>,
    /// `true` for a `!` after type or scope, or a `BREAKING CHANGE:`/`BREAKING-CHANGE:` footer.
    pub breaking: bool,
    /// The description, without a trailing `(#123)` pull-request suffix; the whole first
    /// line for a message that is not a Conventional Commit.
    pub description: String,
    /// The body: the text between the header and the footers.
    pub body: Option<String>,
    /// Every footer, in order.
    pub footers: Vec<Footer>,
    /// The text of the `BREAKING CHANGE:` footer: the migration note.
    #[napi(js_name = "breaking_note")]
    pub breaking_note: Option<String>,
    /// Issues and pull requests the commit names.
    pub references: Vec<Reference>,
    /// People from `Co-authored-by` trailers.
    #[napi(js_name = "co_authors")]
    pub co_authors: Vec<Person>,
    /// What the commit reverts, for `revert:` and git's `Revert "..."` commits.
    #[napi(js_name = "revert_of")]
    pub revert_of: Option<Revert>,
    /// `true` for a merge commit (by its subject).
    pub merge: bool,
    /// The dependency update a Dependabot or Renovate commit makes.
    pub dependency: Option<Dependency>,
}

/// A located problem: a stable code, a severity, where it is and what to do about it.
#[napi(
    object,
    object_to_js = false,
    object_from_js = false,
    use_nullable = true
)]
pub struct Diagnostic {
    /// The stable slug of the rule, e.g. `missing_colon` (`docs/errors.md` lists them).
    pub code: String,
    /// `error`: the input breaks a rule; `warning`: probably a mistake, but allowed;
    /// `note`: worth knowing, not a mistake.
    #[napi(ts_type = "'error' | 'warning' | 'note'")]
    pub severity: String,
    /// The document path of the problem, where the input is a document, such as
    /// `deployment.stages[0].duration`; `null` for a commit message.
    pub path: Option<String>,
    /// Where the problem is, in UTF-16 code units (as JavaScript indexes strings).
    pub offset: Option<f64>,
    /// 1-based line.
    pub line: Option<f64>,
    /// 1-based column, counted in characters (code points).
    pub column: Option<f64>,
    /// The offending text, when there is one.
    pub value: Option<String>,
    /// What is wrong, lower-case, no trailing period.
    pub message: String,
    /// How to fix it.
    pub hint: Option<String>,
}

/// Which commits release what: the core's `bump::Policy`, with the same snake_case keys in
/// every language. Every key is optional; an unknown key or a value of the wrong type
/// throws with code `invalid_policy`.
#[napi(object, object_to_js = false, object_from_js = false)]
pub struct Policy {
    /// Types that always make a major release (breaking changes always do).
    /// @default []
    #[napi(js_name = "major_types")]
    pub major_types: Option<Vec<String>>,
    /// Types that make a minor release.
    /// @default ["feat"]
    #[napi(js_name = "minor_types")]
    pub minor_types: Option<Vec<String>>,
    /// Types that make a patch release.
    /// @default ["fix", "perf", "revert"]
    #[napi(js_name = "patch_types")]
    pub patch_types: Option<Vec<String>>,
    /// On `0.y.z`, a breaking change bumps to `1.0.0` instead of the minor version.
    /// @default false
    #[napi(js_name = "breaking_always_bump_major")]
    pub breaking_always_bump_major: Option<bool>,
    /// On `0.y.z`, a feature bumps the minor version instead of the patch version.
    /// @default false
    #[napi(js_name = "features_always_bump_minor")]
    pub features_always_bump_minor: Option<bool>,
    /// The first version, when there is no release yet.
    /// @default "0.1.0"
    #[napi(js_name = "initial_version")]
    pub initial_version: Option<String>,
    /// A pre-release channel such as `rc` or `beta`: releases become `X.Y.Z-rc.N`. Without
    /// one, a pre-release `current` is finalised.
    /// @default null
    #[napi(ts_type = "string | null")]
    pub channel: Option<String>,
    /// Count merge commits as changes (by default their branches' commits count).
    /// @default false
    #[napi(js_name = "include_merges")]
    pub include_merges: Option<bool>,
}

/// One rule that shaped a `Decision`, and the commits that made it fire.
#[napi(
    object,
    object_to_js = false,
    object_from_js = false,
    use_nullable = true
)]
pub struct Reason {
    /// A stable slug: `breaking_change`, `feature`, `fix`, `major_version_zero`,
    /// `initial_version`, `prerelease_channel`, `finalise_prerelease`,
    /// `no_releasable_changes`, `reverted`.
    pub rule: String,
    /// What the rule concluded, in words.
    pub message: String,
    /// The commits that made it fire: short ids where known, else headers.
    pub commits: Vec<String>,
}

/// What to release next, and why.
#[napi(
    object,
    object_to_js = false,
    object_from_js = false,
    use_nullable = true
)]
pub struct Decision {
    /// The latest release, if any.
    pub current: Option<String>,
    /// The next version; `null` when there is nothing to release.
    pub next: Option<String>,
    /// The level applied to `current` (after the `0.y.z` rules); `null` for no release, an
    /// initial release, or a pre-release that is finalised as it is.
    #[napi(ts_type = "'major' | 'minor' | 'patch'")]
    pub level: Option<String>,
    /// The rules that decided, most important first.
    pub reasons: Vec<Reason>,
}

/// A changelog section and the commit types it lists.
#[napi(object, object_to_js = false, object_from_js = false)]
pub struct SectionRule {
    /// The section title, e.g. `Added`.
    pub title: String,
    /// The commit types listed there, e.g. `["feat"]`; matched case-insensitively.
    pub types: Vec<String>,
}

/// How commits become a release: the core's `changelog::Config`, with the same snake_case
/// keys in every language. Every key is optional; an unknown key or a value of the wrong
/// type throws with code `invalid_config`.
#[napi(object, object_to_js = false, object_from_js = false)]
pub struct ChangelogConfig {
    /// The repository's web address, e.g. `https://github.com/acme/api` (a `git@host:` or
    /// `.git` address works too). Enables compare, commit, issue and pull-request links;
    /// GitHub, GitLab and Bitbucket spell them differently and are recognised by host.
    /// @default null
    #[napi(js_name = "repository_url", ts_type = "string | null")]
    pub repository_url: Option<String>,
    /// How release tags are spelled, for compare links: `{version}` and, for monorepos,
    /// `{package}`.
    /// @default "v{version}"
    #[napi(js_name = "tag_format")]
    pub tag_format: Option<String>,
    /// The package name, for tag formats with `{package}`; without it they throw with code
    /// `missing_package`.
    /// @default null
    #[napi(ts_type = "string | null")]
    pub package: Option<String>,
    /// Which commit types go to which section, in display order. Breaking changes of
    /// types no section lists go to the section listing `perf`, and commits naming a CVE
    /// or GHSA id to the one listing `security`.
    /// @default Keep a Changelog's six sections:
    /// [{ title: "Added", types: ["feat"] },
    ///  { title: "Changed", types: ["perf", "revert"] },
    ///  { title: "Deprecated", types: ["deprecate", "deprecated", "deprecation"] },
    ///  { title: "Removed", types: ["remove", "removed"] },
    ///  { title: "Fixed", types: ["fix"] },
    ///  { title: "Security", types: ["security", "sec"] }]
    pub sections: Option<Vec<SectionRule>>,
    /// Gather breaking changes in a `BREAKING CHANGES` section before the others, instead
    /// of marking them in their own section.
    /// @default false
    #[napi(js_name = "breaking_section")]
    pub breaking_section: Option<bool>,
    /// List merge commits.
    /// @default false
    #[napi(js_name = "include_merges")]
    pub include_merges: Option<bool>,
    /// Count bots (`dependabot[bot]`, `renovate[bot]`, `github-actions[bot]`: `[bot]` in
    /// the name or address) as contributors.
    /// @default false
    #[napi(js_name = "bot_contributors")]
    pub bot_contributors: Option<bool>,
    /// How the host spells links when its name does not say (a self-hosted GitLab at
    /// `git.example.com`); guessed from the host name when `null`.
    /// @default null
    #[napi(
        js_name = "host_style",
        ts_type = "'github' | 'gitlab' | 'gitea' | 'bitbucket' | null"
    )]
    pub host_style: Option<String>,
}

/// An issue or pull request a changelog entry names, with its link.
#[napi(
    object,
    object_to_js = false,
    object_from_js = false,
    use_nullable = true
)]
pub struct LinkedReference {
    /// Why the commit names it.
    #[napi(ts_type = "'pull_request' | 'closes' | 'fixes' | 'resolves' | 'refs'")]
    pub kind: String,
    /// `owner/repo` for cross-repository references; `null` for this repository.
    pub repository: Option<String>,
    /// The issue or pull request number.
    pub number: f64,
    /// How it is written: `#12` or `owner/repo#12`.
    pub text: String,
    /// The link, when the repository URL is known.
    pub url: Option<String>,
}

/// One change of a release, from one commit.
#[napi(
    object,
    object_to_js = false,
    object_from_js = false,
    use_nullable = true
)]
pub struct ReleaseEntry {
    /// The commit type, e.g. `feat`.
    #[napi(js_name = "type")]
    pub kind: Option<String>,
    /// The commit scope, e.g. `api`.
    pub scope: Option<String>,
    /// What changed: the commit description.
    pub description: String,
    /// The commit body, if any.
    pub body: Option<String>,
    /// A breaking change.
    pub breaking: bool,
    /// The migration note of a breaking change.
    #[napi(js_name = "breaking_note")]
    pub breaking_note: Option<String>,
    /// The CVE a security fix addresses, from a footer.
    pub cve: Option<String>,
    /// Issues and pull requests, with links when the repository is known.
    pub references: Vec<LinkedReference>,
    /// The commit id.
    pub id: Option<String>,
    /// The first seven characters of the id.
    #[napi(js_name = "short_id")]
    pub short_id: Option<String>,
    /// The link to the commit.
    #[napi(js_name = "commit_url")]
    pub commit_url: Option<String>,
    /// The author and co-authors.
    pub authors: Vec<Person>,
    /// Part of a hotfix release.
    pub hotfix: bool,
}

/// A section of a release (`Added`, `Fixed`, ...) with its entries.
#[napi(
    object,
    object_to_js = false,
    object_from_js = false,
    use_nullable = true
)]
pub struct ReleaseGroup {
    /// The section title, e.g. `Added`.
    pub title: String,
    /// The entries, oldest first.
    pub entries: Vec<ReleaseEntry>,
}

/// A dependency update of a release.
#[napi(
    object,
    object_to_js = false,
    object_from_js = false,
    use_nullable = true
)]
pub struct DependencyUpdate {
    /// The package.
    pub name: String,
    /// The version before, when known.
    pub from: Option<String>,
    /// The version after.
    pub to: String,
    /// The manifest directory, when given.
    pub path: Option<String>,
    /// The short id of the commit.
    #[napi(js_name = "short_id")]
    pub short_id: Option<String>,
}

/// One release: version, date, links and the changes grouped for humans. The changelog's
/// `json` format, the context of templates, and `ReleaseReport.release`.
#[napi(
    object,
    object_to_js = false,
    object_from_js = false,
    use_nullable = true
)]
pub struct Release {
    /// The version released.
    pub version: String,
    /// The release before it, if any.
    pub previous: Option<String>,
    /// The release's tag, e.g. `v1.5.0`.
    pub tag: String,
    /// The previous release's tag.
    #[napi(js_name = "previous_tag")]
    pub previous_tag: Option<String>,
    /// The release date, `YYYY-MM-DD`.
    pub date: Option<String>,
    /// The link comparing the previous release with this one.
    #[napi(js_name = "compare_url")]
    pub compare_url: Option<String>,
    /// A hotfix release: its entries are marked.
    pub hotfix: bool,
    /// The changes, grouped into sections in display order; empty sections are left out.
    pub groups: Vec<ReleaseGroup>,
    /// Breaking changes (also listed in their groups), with their migration notes.
    pub breaking: Vec<ReleaseEntry>,
    /// Breaking changes first, then the main features.
    pub highlights: Vec<ReleaseEntry>,
    /// Dependency updates, from Dependabot and Renovate commits.
    pub dependencies: Vec<DependencyUpdate>,
    /// Everyone who wrote a commit of the release (authors and co-authors), in order of
    /// first appearance, without repeats.
    pub contributors: Vec<Person>,
}

/// A release tag found in a repository.
#[napi(
    object,
    object_to_js = false,
    object_from_js = false,
    use_nullable = true
)]
pub struct Tag {
    /// The tag's name, e.g. `v1.4.2`.
    pub name: String,
    /// The version it names.
    pub version: String,
    /// The package, for tag formats with `{package}`.
    pub package: Option<String>,
    /// The id of the commit it points at.
    pub commit: String,
    /// That commit's time, in seconds since the Unix epoch.
    pub time: f64,
}

/// A commit read from a repository.
#[napi(
    object,
    object_to_js = false,
    object_from_js = false,
    use_nullable = true
)]
pub struct RepoCommit {
    /// The parsed commit, with its id, author and time.
    pub commit: Commit,
    /// The paths it changes against its first parent; empty unless `changedPaths` was asked
    /// for.
    pub paths: Vec<String>,
}

/// Everything about the next release of a repository, as data: the keys of
/// `relcore release --json` but `tagged` and `files`.
#[napi(
    object,
    object_to_js = false,
    object_from_js = false,
    use_nullable = true
)]
pub struct ReleaseReport {
    /// The current version: the latest release tag's, or as given.
    pub current: Option<String>,
    /// The latest release tag reachable from HEAD.
    #[napi(js_name = "current_tag")]
    pub current_tag: Option<String>,
    /// The next version; `null` when there is nothing to release.
    pub next: Option<String>,
    /// The level applied to `current`.
    #[napi(ts_type = "'major' | 'minor' | 'patch'")]
    pub level: Option<String>,
    /// Why: each rule that fired, with its commits.
    pub reasons: Vec<Reason>,
    /// How many commits since the current release were read.
    pub commits: f64,
    /// The branch HEAD is on; `null` when HEAD is detached.
    pub branch: Option<String>,
    /// The new tag's name; `null` when there is nothing to release (as for the rest below).
    pub tag: Option<String>,
    /// The release model.
    pub release: Option<Release>,
    /// The changelog section, rendered with the configured format or template.
    pub section: Option<String>,
    /// The release notes, rendered (the tag's message).
    pub notes: Option<String>,
    /// The risk classification, with its reasons.
    pub classification: Option<Classification>,
    /// The rollout plan's check (`[plan] path` of relcore.toml, default `rollout.yml`), in
    /// the release's context; `null` when the file does not exist or nothing is released.
    pub plan: Option<PlanCheck>,
    /// What looks wrong with the history though it is no error, e.g. no release tag among
    /// many commits (a clone made without tags).
    pub warnings: Vec<String>,
}

/// The check of the rollout plan in a release: the plan file and its report.
#[napi(
    object,
    object_to_js = false,
    object_from_js = false,
    use_nullable = true
)]
pub struct PlanCheck {
    /// The plan file, relative to the repository root.
    pub file: String,
    /// Every problem, in document order (problems without a position last).
    pub diagnostics: Vec<Diagnostic>,
    /// The sum of the stage durations, in seconds.
    #[napi(js_name = "total_duration_seconds")]
    pub total_duration_seconds: f64,
    /// The longest time, in seconds, from a problem appearing at the start of any stage
    /// until a rollback trigger may fire; `null` when some problem would never roll back by
    /// itself.
    #[napi(js_name = "worst_case_rollback_seconds")]
    pub worst_case_rollback_seconds: Option<f64>,
}

/// `[changelog]` of a project configuration: where and how the changelog is written.
#[napi(object, object_to_js = false, object_from_js = false)]
pub struct ChangelogSection {
    /// The changelog file, relative to the repository root.
    /// @default "CHANGELOG.md"
    pub path: Option<String>,
    /// The built-in format of new sections, when there is no `template`.
    /// @default "keep-a-changelog"
    #[napi(ts_type = "'keep-a-changelog' | 'release-notes'")]
    pub format: Option<String>,
    /// A template file (relative to the repository root) to render sections with instead.
    /// @default null
    #[napi(ts_type = "string | null")]
    pub template: Option<String>,
    /// The repository's web address, for links.
    /// @default null
    #[napi(js_name = "repository_url", ts_type = "string | null")]
    pub repository_url: Option<String>,
    /// Which commit types go to which section, in display order.
    /// @default Keep a Changelog's six sections (see `ChangelogConfig.sections`)
    pub sections: Option<Vec<SectionRule>>,
    /// Gather breaking changes in a `BREAKING CHANGES` section first.
    /// @default false
    #[napi(js_name = "breaking_section")]
    pub breaking_section: Option<bool>,
    /// Move hand-written Unreleased entries into the release (for writing the changelog).
    /// @default false
    #[napi(js_name = "take_unreleased")]
    pub take_unreleased: Option<bool>,
    /// How the host spells links when its name does not say; guessed when `null`.
    /// @default null
    #[napi(
        js_name = "host_style",
        ts_type = "'github' | 'gitlab' | 'gitea' | 'bitbucket' | null"
    )]
    pub host_style: Option<String>,
    /// What a stable release after pre-releases lists: `fold`, every change since the
    /// previous stable release; `separate`, only those since the last pre-release.
    /// @default "fold"
    #[napi(ts_type = "'fold' | 'separate'")]
    pub prereleases: Option<String>,
}

/// `[git]` of a project configuration: which history counts.
#[napi(object, object_to_js = false, object_from_js = false)]
pub struct GitSection {
    /// Follow first parents only.
    /// @default false
    #[napi(js_name = "first_parent")]
    pub first_parent: Option<bool>,
    /// Only commits touching these paths count (one package of a monorepo).
    /// @default []
    pub paths: Option<Vec<String>>,
}

/// A version file with options: a pattern around the version, or a Helm chart's
/// `appVersion`.
#[napi(object, object_to_js = false, object_from_js = false)]
pub struct VersionFile {
    /// The file, relative to the repository root.
    pub path: String,
    /// Text around the version, with `{version}` once, such as `__version__ = "{version}"`.
    /// @default null
    #[napi(ts_type = "string | null")]
    pub pattern: Option<String>,
    /// For `Chart.yaml`: also set `appVersion`.
    /// @default false
    #[napi(js_name = "app_version")]
    pub app_version: Option<bool>,
}

/// A project's release configuration: the core's `config::ProjectConfig`, the same keys as
/// `relcore.toml`. Every key is optional; an unknown key or a value of the wrong type
/// throws with code `invalid_config`.
#[napi(object, object_to_js = false, object_from_js = false)]
pub struct ProjectConfig {
    /// How release tags are spelled: `v{version}`, `{package}@{version}`, ...
    /// @default "v{version}"
    #[napi(js_name = "tag_format")]
    pub tag_format: Option<String>,
    /// The package, for tag formats with `{package}`.
    /// @default null
    #[napi(ts_type = "string | null")]
    pub package: Option<String>,
    /// Which commits release what.
    /// @default {}
    pub bump: Option<Policy>,
    /// Where and how the changelog is written.
    /// @default {}
    pub changelog: Option<ChangelogSection>,
    /// Which history counts.
    /// @default {}
    pub git: Option<GitSection>,
    /// How releases are classified.
    /// @default {}
    pub risk: Option<RiskPolicy>,
    /// Files whose version `relcore release --write` sets: a path whose name says its kind
    /// (`Cargo.toml`, `package.json`, ...), or a `VersionFile`.
    /// @default []
    #[napi(js_name = "version_files", ts_type = "Array<string | VersionFile>")]
    pub version_files: Option<Vec<String>>,
    /// The rollout plan `release` checks when its file exists.
    /// @default { path: "rollout.yml" }
    #[napi(ts_type = "{ path?: string }")]
    pub plan: Option<String>,
    /// The release commit of `relcore release --write --commit`: its message, with
    /// `{version}` and `{tag}` replaced.
    /// @default { commit_message: "chore(release): {version}" }
    #[napi(ts_type = "{ commit_message?: string }")]
    pub release: Option<String>,
}

/// Who approves a release, and whether it waits for them.
#[napi(object, object_to_js = false, object_from_js = false)]
pub struct Approval {
    /// `required`: the release waits for an approval; `optional`: it does not.
    #[napi(ts_type = "'required' | 'optional'")]
    pub level: String,
    /// Who approves: roles or teams such as `release-manager` or `security`, in order.
    pub by: Vec<String>,
}

/// One rule that fired in a classification, what it decided, and the commits or paths that
/// made it fire.
#[napi(object, object_to_js = false, object_from_js = false)]
pub struct RiskReason {
    /// The rule's name, such as `breaking_change`, or `fallback`.
    pub rule: String,
    /// What the rule found and decided, in words.
    pub message: String,
    /// The dimensions it decided; empty when earlier rules had decided them all.
    #[napi(
        ts_type = "Array<'type' | 'risk' | 'strategy' | 'approval' | 'rollback' | 'pace' | 'gates'>"
    )]
    pub decided: Vec<String>,
    /// The commits that made it fire: short ids where known, else headers.
    pub commits: Vec<String>,
    /// The changed paths that made it fire.
    pub paths: Vec<String>,
}

/// The class of a release: what it is, how risky, how to roll it out, and why.
#[napi(object, object_to_js = false, object_from_js = false)]
pub struct Classification {
    /// What kind of release it is.
    #[napi(
        js_name = "type",
        ts_type = "'feature' | 'hotfix' | 'rollback' | 'config' | 'migration'"
    )]
    pub kind: String,
    /// How risky it is.
    #[napi(ts_type = "'low' | 'medium' | 'high'")]
    pub risk: String,
    /// How it reaches production.
    #[napi(ts_type = "'canary' | 'blue-green' | 'rolling' | 'recreate'")]
    pub strategy: String,
    /// The strategy's traffic steps in percent, such as `[20, 50, 100]`; empty when the
    /// deciding rule gives none.
    pub steps: Vec<f64>,
    /// Who approves it, and whether it waits for them.
    pub approval: Approval,
    /// How it is undone if it fails.
    #[napi(ts_type = "'automated' | 'manual'")]
    pub rollback: String,
    /// How fast it moves through its stages.
    #[napi(ts_type = "'standard' | 'fast_track' | 'immediate'")]
    pub pace: String,
    /// Whether gates hold it.
    #[napi(ts_type = "'enforced' | 'skippable'")]
    pub gates: String,
    /// How many services it deploys (from the facts).
    pub services: f64,
    /// Each rule that fired, in policy order, then `fallback` if it decided anything.
    pub reasons: Vec<RiskReason>,
}

/// What to do about an incident, and why.
#[napi(
    object,
    object_to_js = false,
    object_from_js = false,
    use_nullable = true
)]
pub struct Response {
    /// The severity responded to.
    #[napi(ts_type = "'low' | 'medium' | 'high' | 'critical'")]
    pub severity: String,
    /// What to do.
    #[napi(ts_type = "'rollback' | 'hotfix' | 'next_release'")]
    pub action: String,
    /// Within how many minutes; `0` for immediately, `null` for no deadline.
    #[napi(js_name = "deadline_minutes")]
    pub deadline_minutes: Option<f64>,
    /// What to do instead when the action cannot be done by the deadline.
    #[napi(ts_type = "'rollback' | 'hotfix' | 'next_release'")]
    pub otherwise: Option<String>,
    /// The response in words.
    pub reason: String,
}

/// When a risk rule fires, in its object forms: exactly one key. The other conditions are
/// strings (see `RiskRule.when`).
#[napi(object, object_to_js = false, object_from_js = false)]
pub struct RiskCondition {
    /// A changed path matches one of the globs.
    #[napi(js_name = "any_path")]
    pub any_path: Option<Vec<String>>,
    /// At least one path changed, and every changed path matches one of the globs.
    #[napi(js_name = "only_paths")]
    pub only_paths: Option<Vec<String>>,
    /// A commit has one of the types.
    #[napi(js_name = "any_type")]
    pub any_type: Option<Vec<String>>,
    /// At least one commit, and every one has one of the types.
    #[napi(js_name = "only_types")]
    pub only_types: Option<Vec<String>>,
    /// The branch matches one of the globs.
    pub branch: Option<Vec<String>>,
    /// The release deploys at least this many services.
    #[napi(js_name = "services_at_least")]
    pub services_at_least: Option<u32>,
    /// Every condition holds (and there is at least one).
    #[napi(ts_type = "Array<RiskRule['when']>")]
    pub all: Option<Vec<String>>,
    /// At least one condition holds.
    #[napi(ts_type = "Array<RiskRule['when']>")]
    pub any: Option<Vec<String>>,
    /// The condition does not hold.
    #[napi(ts_type = "RiskRule['when']")]
    pub not: Option<String>,
}

/// What a risk rule decides: each key it sets decides one dimension, unless an earlier
/// rule decided it.
#[napi(object, object_to_js = false, object_from_js = false)]
pub struct RiskEffect {
    /// The change type.
    #[napi(
        js_name = "type",
        ts_type = "'feature' | 'hotfix' | 'rollback' | 'config' | 'migration'"
    )]
    pub kind: Option<String>,
    /// The risk.
    #[napi(ts_type = "'low' | 'medium' | 'high'")]
    pub risk: Option<String>,
    /// The strategy (`progressive` is another name for `canary`).
    #[napi(ts_type = "'canary' | 'progressive' | 'blue-green' | 'rolling' | 'recreate'")]
    pub strategy: Option<String>,
    /// Traffic percentages, increasing, ending at 100, such as `[20, 50, 100]`; with
    /// `strategy` only.
    pub steps: Option<Vec<u32>>,
    /// Who approves, and whether the release waits.
    #[napi(ts_type = "{ level: 'required' | 'optional'; by?: Array<string> }")]
    pub approval: Option<Approval>,
    /// How a failed release is undone.
    #[napi(ts_type = "'automated' | 'manual'")]
    pub rollback: Option<String>,
    /// How fast the release moves.
    #[napi(ts_type = "'standard' | 'fast_track' | 'immediate'")]
    pub pace: Option<String>,
    /// Whether gates hold the release.
    #[napi(ts_type = "'enforced' | 'skippable'")]
    pub gates: Option<String>,
}

/// One classification rule: when its condition holds, it decides the dimensions it sets
/// that no earlier rule decided.
#[napi(object, object_to_js = false, object_from_js = false)]
pub struct RiskRule {
    /// A stable snake_case slug, reported in the reasons.
    pub name: String,
    /// When the rule fires: a condition without a parameter as a string, one with a
    /// parameter as a single-key object.
    #[napi(
        ts_type = "'always' | 'version_decrease' | 'major_bump' | 'breaking_change' | 'schema_migration' | 'hotfix' | 'config_only' | 'features' | 'only_fixes' | RiskCondition"
    )]
    pub when: String,
    /// What it decides.
    /// @default {}
    pub then: Option<RiskEffect>,
}

/// What decides a dimension no rule decides.
#[napi(object, object_to_js = false, object_from_js = false)]
pub struct RiskFallback {
    /// The change type.
    /// @default "feature"
    #[napi(
        js_name = "type",
        ts_type = "'feature' | 'hotfix' | 'rollback' | 'config' | 'migration'"
    )]
    pub kind: Option<String>,
    /// The risk.
    /// @default "medium"
    #[napi(ts_type = "'low' | 'medium' | 'high'")]
    pub risk: Option<String>,
    /// The strategy.
    /// @default "rolling"
    #[napi(ts_type = "'canary' | 'progressive' | 'blue-green' | 'rolling' | 'recreate'")]
    pub strategy: Option<String>,
    /// The strategy's traffic steps; empty for none.
    /// @default []
    pub steps: Option<Vec<u32>>,
    /// Who approves.
    /// @default { level: "optional", by: [] }
    #[napi(ts_type = "{ level: 'required' | 'optional'; by?: Array<string> }")]
    pub approval: Option<Approval>,
    /// How a failed release is undone.
    /// @default "automated"
    #[napi(ts_type = "'automated' | 'manual'")]
    pub rollback: Option<String>,
    /// How fast the release moves.
    /// @default "standard"
    #[napi(ts_type = "'standard' | 'fast_track' | 'immediate'")]
    pub pace: Option<String>,
    /// Whether gates hold the release.
    /// @default "enforced"
    #[napi(ts_type = "'enforced' | 'skippable'")]
    pub gates: Option<String>,
}

/// The response to incidents of one severity.
#[napi(object, object_to_js = false, object_from_js = false)]
pub struct Playbook {
    /// What to do.
    #[napi(ts_type = "'rollback' | 'hotfix' | 'next_release'")]
    pub action: String,
    /// Within how many minutes; `0` for immediately, `null` for no deadline.
    /// @default null
    #[napi(js_name = "deadline_minutes", ts_type = "number | null")]
    pub deadline_minutes: Option<u32>,
    /// What to do instead when the action cannot be done by the deadline.
    /// @default null
    #[napi(ts_type = "'rollback' | 'hotfix' | 'next_release' | null")]
    pub otherwise: Option<String>,
}

/// The incident playbooks of a `RiskPolicy`, one per severity.
#[napi(object, object_to_js = false, object_from_js = false)]
pub struct Incidents {
    /// Critical incidents.
    /// @default { action: "rollback", deadline_minutes: 0 }
    pub critical: Option<Playbook>,
    /// High-severity incidents.
    /// @default { action: "rollback", deadline_minutes: 15 }
    pub high: Option<Playbook>,
    /// Medium-severity incidents.
    /// @default { action: "hotfix", deadline_minutes: 60, otherwise: "rollback" }
    pub medium: Option<Playbook>,
    /// Low-severity incidents.
    /// @default { action: "next_release" }
    pub low: Option<Playbook>,
}

/// How releases are classified, and incidents answered: the core's `risk::Policy`, with the
/// same snake_case keys in every language. Every key is optional and has a default; an
/// unknown key or a value of the wrong type throws with code `invalid_policy`. For each
/// dimension the first rule that matches and sets it wins (the `overrides`, then the
/// `rules` no override of the same name replaces, without the `disabled` ones); the
/// `fallback` decides the rest.
#[napi(object, object_to_js = false, object_from_js = false)]
pub struct RiskPolicy {
    /// Rules checked before `rules`; an override replaces the rule of `rules` with its name.
    /// @default []
    pub overrides: Option<Vec<RiskRule>>,
    /// The rules, in order.
    /// @default the eight default rules: version_decrease, schema_migration, hotfix,
    /// breaking_change, major_bump, config_only, features, only_fixes
    pub rules: Option<Vec<RiskRule>>,
    /// Names of rules to skip.
    /// @default []
    pub disabled: Option<Vec<String>>,
    /// What decides a dimension no rule decides.
    /// @default {}
    pub fallback: Option<RiskFallback>,
    /// Globs of paths that hold schema migrations (condition `schema_migration`).
    /// @default ["**/migrations/**", "**/migration/**", "**/migrate/**", "*.sql"]
    #[napi(js_name = "migration_paths")]
    pub migration_paths: Option<Vec<String>>,
    /// Globs of configuration paths (condition `config_only`).
    /// @default ["**/config/**", "*.yaml", "*.yml", "*.toml", "*.ini", "*.conf", "*.properties", "*.env"]
    #[napi(js_name = "config_paths")]
    pub config_paths: Option<Vec<String>>,
    /// Globs of hotfix branch names (condition `hotfix`).
    /// @default ["hotfix/**"]
    #[napi(js_name = "hotfix_branches")]
    pub hotfix_branches: Option<Vec<String>>,
    /// Commit types that add features (condition `features`).
    /// @default ["feat"]
    #[napi(js_name = "feature_types")]
    pub feature_types: Option<Vec<String>>,
    /// Commit types that fix or tidy without adding anything (condition `only_fixes`).
    /// @default ["fix", "perf", "revert", "docs", "style", "refactor", "test", "build", "ci", "chore"]
    #[napi(js_name = "fix_types")]
    pub fix_types: Option<Vec<String>>,
    /// Incident response, by severity (see `respond`).
    /// @default {}
    pub incidents: Option<Incidents>,
}

/// What a rollout plan may leave out, and policy knobs: the core's `plan::Context`, with
/// the same snake_case keys in every language. Every key is optional; an unknown key or a
/// value of the wrong type throws with code `invalid_context`.
#[napi(object, object_to_js = false, object_from_js = false)]
pub struct PlanContext {
    /// The kind of change when the plan has no `change.type` (e.g. from `classify`).
    /// @default null
    #[napi(
        js_name = "change_type",
        ts_type = "'feature' | 'hotfix' | 'rollback' | 'config' | 'migration' | null"
    )]
    pub change_type: Option<String>,
    /// The risk when the plan has no `change.risk` (e.g. from `classify`).
    /// @default null
    #[napi(ts_type = "'low' | 'medium' | 'high' | null")]
    pub risk: Option<String>,
    /// When the rollout starts, `YYYY-MM-DDTHH:MM:SS` local time in the plan's timezone,
    /// when the plan has no `window.start`.
    /// @default null
    #[napi(ts_type = "string | null")]
    pub start: Option<String>,
    /// Public holidays, `YYYY-MM-DD`, on which no rollout may be in progress.
    /// @default []
    pub holidays: Option<Vec<String>>,
    /// The largest first step, in percent, that still counts as a canary.
    /// @default 10
    #[napi(js_name = "max_canary_percentage")]
    pub max_canary_percentage: Option<f64>,
}

/// The result of validating a rollout plan: every problem in document order, the rollout's
/// length and the worst-case time until a rollback fires.
#[napi(
    object,
    object_to_js = false,
    object_from_js = false,
    use_nullable = true
)]
pub struct PlanReport {
    /// Every problem, in document order (problems without a position last).
    pub diagnostics: Vec<Diagnostic>,
    /// The sum of the stage durations, in seconds.
    #[napi(js_name = "total_duration_seconds")]
    pub total_duration_seconds: f64,
    /// The longest time, in seconds, from a problem appearing at the start of any stage
    /// until a rollback trigger may fire; `null` when some problem would never roll back
    /// by itself (no triggers, `automatic: false`, or stages without rollback at the end).
    #[napi(js_name = "worst_case_rollback_seconds")]
    pub worst_case_rollback_seconds: Option<f64>,
}

/// One record of a metric timeline, as `simulatePlan` takes it: an observation (`metric`
/// with `value` and/or `baseline`) or an approval (`approve`).
#[napi(object, object_to_js = false, object_from_js = false)]
pub struct TimelineRecord {
    /// The time from the plan's start: a duration such as `30m` or `1h30m`, or whole
    /// seconds.
    #[napi(ts_type = "string | number")]
    pub at: String,
    /// The metric observed, such as `error-rate`.
    pub metric: Option<String>,
    /// The value on the new version, in the metric's unit (`0.05` for 0.05 %, `250` for
    /// 250 ms).
    #[napi(ts_type = "number | string")]
    pub value: Option<f64>,
    /// The value on the stable version, for relative thresholds (`2x baseline`); it stays
    /// in force until another record gives one.
    #[napi(ts_type = "number | string")]
    pub baseline: Option<f64>,
    /// The stage a person lets begin (or advances to, after a stage without
    /// `auto-advance`).
    pub approve: Option<String>,
    /// The service whose health check this is (with `healthy`).
    pub service: Option<String>,
    /// Whether the service's health check passed.
    #[napi(ts_type = "boolean | 'true' | 'false'")]
    pub healthy: Option<bool>,
}

/// One decision of a simulated rollout.
#[napi(
    object,
    object_to_js = false,
    object_from_js = false,
    use_nullable = true
)]
pub struct SimulationDecision {
    /// Seconds from the plan's start.
    #[napi(js_name = "at_seconds")]
    pub at_seconds: f64,
    /// The stage the rollout is in (before the first stage begins: the first stage).
    pub stage: String,
    /// What the controller does.
    #[napi(ts_type = "'advance' | 'hold' | 'rollback' | 'awaiting_approval' | 'deploy'")]
    pub decision: String,
    /// The kind of rule that decided.
    #[napi(
        ts_type = "'trigger' | 'manual_trigger' | 'gate_failed' | 'no_data' | 'no_baseline' | 'approval' | 'manual_advance' | 'gates_passed' | 'approved' | 'hold_timeout' | 'failure_limit' | 'window_closed' | 'window_open' | 'service_deployed' | 'health_check_passed' | 'health_check_failed' | 'no_health_check'"
    )]
    pub reason: String,
    /// The metric concerned, for gates and triggers.
    pub metric: Option<String>,
    /// The observed value, in the metric's unit.
    pub value: Option<f64>,
    /// The threshold it was compared with, in the metric's unit (resolved against the
    /// baseline for relative thresholds).
    pub threshold: Option<f64>,
    /// The rule: the gate or trigger expression (`error-rate > 5%`), the approval
    /// (`approval: qa-team`), `auto-advance: false`, or the gates that passed.
    pub rule: String,
    /// The decision in a sentence.
    pub message: String,
    /// The wall-clock time in the window's timezone (`2026-11-24T11:00`), when the plan
    /// has a window and a start.
    pub time: Option<String>,
    /// For `window_closed`: when the window opens, local time.
    #[napi(js_name = "opens_at")]
    pub opens_at: Option<String>,
    /// The service concerned, for service decisions.
    pub service: Option<String>,
}

/// A rollout plan run against a metric timeline: the outcome and every decision; the JSON
/// of `relcore plan simulate --json`.
#[napi(
    object,
    object_to_js = false,
    object_from_js = false,
    use_nullable = true
)]
pub struct Simulation {
    /// How the rollout ends.
    #[napi(ts_type = "'completed' | 'rolled_back' | 'stuck'")]
    pub outcome: String,
    /// When, in seconds from the plan's start: the completion, the rollback, or the moment
    /// the rollout began to wait for what never came.
    #[napi(js_name = "at_seconds")]
    pub at_seconds: f64,
    /// The stage it ends in; `null` for a plan without stages.
    pub stage: Option<String>,
    /// Every decision, in time order; a decision that only repeats the last one (the same
    /// gate still failing) is given once.
    pub decisions: Vec<SimulationDecision>,
    /// After a rollback: the services undone, in rollback order; else empty.
    #[napi(js_name = "rollback_order")]
    pub rollback_order: Vec<String>,
    /// The wall-clock time of `at_seconds`, when the plan has a window and a start.
    pub time: Option<String>,
}

/// One service of a `ServicePlan`.
#[napi(
    object,
    object_to_js = false,
    object_from_js = false,
    use_nullable = true
)]
pub struct ServiceStep {
    /// The service.
    pub name: String,
    /// How long to wait after deploying it before its health check, in seconds.
    #[napi(js_name = "delay_seconds")]
    pub delay_seconds: f64,
    /// Its health check, such as `/health`.
    #[napi(js_name = "health_check")]
    pub health_check: Option<String>,
}

/// The order a plan's services deploy and roll back in: the JSON of `relcore plan order
/// --json`.
#[napi(object, object_to_js = false, object_from_js = false)]
pub struct ServicePlan {
    /// The services in deploy order.
    pub deploy: Vec<ServiceStep>,
    /// The services in rollback order (the reverse).
    pub rollback: Vec<String>,
}

/// A start the allowed ranges offer, and the window rules that rule it out.
#[napi(object, object_to_js = false, object_from_js = false)]
pub struct SkippedStart {
    /// The start, local time (`2026-11-26T11:00:00`).
    pub start: String,
    /// The window rules it breaks, as diagnostics without a position.
    pub reasons: Vec<Diagnostic>,
}

/// When a rollout may start: the JSON of `relcore plan next-window --json`. Times are
/// local, in `timezone`.
#[napi(
    object,
    object_to_js = false,
    object_from_js = false,
    use_nullable = true
)]
pub struct NextWindow {
    /// The window's timezone.
    pub timezone: String,
    /// The moment asked about.
    pub at: String,
    /// The first start that keeps the window rules; `null` when none within a year.
    pub start: Option<String>,
    /// The earlier starts (the first 20) and why each is out.
    pub skipped: Vec<SkippedStart>,
    /// How many starts were skipped in all.
    #[napi(js_name = "skipped_total")]
    pub skipped_total: f64,
    /// For a hotfix, which may start at `at`: the window rules it sets aside.
    pub overridden: Vec<Diagnostic>,
}
