//! TypeScript declarations of the plain-object data that crosses the boundary as the
//! core's serde shapes: the `Commit` of `parseCommit`, the `Diagnostic`s of `lintCommit`,
//! the `Decision` of `nextVersion` and the `Policy` it takes, and the `ChangelogConfig` of
//! `renderChangelog` and `updateChangelog`.
//!
//! These structs exist only for `index.d.ts`: napi-rs generates no conversion for them
//! (`object_to_js = false, object_from_js = false`). The values themselves are the core
//! types serialised with serde (`Env::to_js_value`, or deserialised from JSON for
//! `Policy` and `ChangelogConfig`), so they keep the core's snake_case keys and field
//! order: the same JSON as `relcore ... --json` and the Python dicts.
//! `test/types.test.mjs` checks that every declared key is present on the values returned.

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
    /// `error`: the input breaks a rule; `warning`: probably a mistake, but allowed.
    #[napi(ts_type = "'error' | 'warning'")]
    pub severity: String,
    /// The document path of the problem, where the input is a document; `null` for a
    /// commit message.
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
    /// types no section lists go to the section listing `perf`, and fixes naming a CVE to
    /// the one listing `security`.
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
}
