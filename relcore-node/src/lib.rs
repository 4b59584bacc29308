//! Node bindings of relcore (napi-rs): the npm package `relcore`.
//!
//! Every export converts its arguments, calls one relcore (or relcore-git) function and
//! converts the result back; failures throw a JS `Error` whose `code` is the core error
//! kind's slug (see [`errors`]). Data the core models with serde (commits, diagnostics,
//! decisions, policies, tags, release reports, classifications, plan reports, simulations)
//! crosses as plain objects of the core's serde shape; their TypeScript interfaces (`Commit`,
//! `Decision`, …, named in `ts_*` attributes below) are generated from `schema/*.json` by
//! `scripts/gen-types.py` into `types.d.ts`, which `napi build` puts at the top of
//! `index.d.ts`. `nextVersion`, `renderChangelog`, `updateChangelog` and the git functions
//! (`latestTag`, `releaseTags`, `commits`, `createTag`, `release`) run on the libuv thread pool and return a Promise; their
//! `*Sync` flavours run the same code on the main thread (see [`tasks`]). A git task holds
//! the repository's path and opens the repository on the thread pool (git2's repository
//! cannot be shared between threads). The rest of `index.d.ts` is generated from this crate
//! by `napi build`.

#![allow(
    clippy::needless_pass_by_value,
    reason = "napi-derive hands exported functions owned arguments"
)]

mod convert;
mod errors;
mod json;
mod tasks;

use napi::bindgen_prelude::{AsyncTask, Either3, Object, Unknown};
use napi::{Either, Env, Result};
use napi_derive::napi;
use relcore::bump::Decision;
use relcore::version::Preid;
use relcore_git::{RepoCommit, Tag};
use relcore_release::ReleaseReport;

use crate::convert::{
    commit_with_meta, input, number, ordering, plan_context, read_plan, risk_facts, risk_policy,
    timeline_records, utf16_diagnostic, utf16_report, version_arg, version_list,
};
use crate::errors::{CoreError, OrThrow};
use crate::json::Json;
use crate::tasks::{
    ChangelogArgs, CommitsArgs, CreateTagArgs, NextVersionArgs, PathArgs, ReleaseArgs, TagArgs,
    Task, UpdateChangelogArgs, check_versions_impl, commits_impl, create_tag_impl, latest_tag_impl,
    next_version_impl, plan_set_impl, release_impl, release_tags_impl, release_workspace_impl,
    render_changelog_impl, sync_plan_impl, update_changelog_impl,
};

/// Runs the `relcore` command in this process with `args` (the first is the program's
/// name, as in `process.argv.slice(1)`) and returns its exit code: 0 success, 1 a negative
/// answer, 2 a usage or IO error. Output goes to the process's stdout and stderr. The
/// package's `relcore` bin (`npx relcore …`) calls it: the same command as the Rust
/// binary, with no second copy of it.
#[napi]
#[allow(
    clippy::needless_pass_by_value,
    reason = "napi passes converted arguments by value"
)]
pub fn run_cli(args: Vec<String>) -> i32 {
    relcore_cli::run(args)
}

/// A SemVer 2.0.0 version: `MAJOR.MINOR.PATCH[-PRE][+BUILD]`, parsed strictly (no `v`
/// prefix, no whitespace, no leading zeros).
///
/// Invalid input throws an `Error` whose `code` is the reason (`leading_zero`,
/// `unexpected_end`, ...), with `offset` (UTF-16) and, when there is one, `hint`.
#[napi]
#[derive(Debug)]
pub struct Version {
    pub(crate) inner: relcore::version::Version,
}

/// Options of `Version#bump`: node-semver's `identifier` and `identifierBase`.
#[napi(object)]
#[derive(Debug, Default)]
pub struct BumpOptions {
    /// Pre-release identifier for the `pre*` levels, such as `rc` or `alpha.x`; none (or
    /// `""`) gives a bare counter like `1.2.4-0`. Other levels ignore it.
    /// @default undefined
    pub preid: Option<String>,
    /// Where a new pre-release counter starts: `"0"` or `0` (`1.3.0-rc.0`), `"1"` or `1`
    /// (`1.3.0-rc.1`), or `false` for no counter (`1.3.0-rc`, needs `preid`). Anything
    /// else throws with code `invalid_base`.
    /// @default "0"
    #[napi(ts_type = "'0' | '1' | false | 0 | 1")]
    pub preid_base: Option<Either3<String, f64, bool>>,
}

#[napi]
impl Version {
    /// Parses a version strictly; same as `Version.parse(text)`.
    #[napi(constructor)]
    pub fn new(env: Env, text: String) -> Result<Self> {
        Version::parse(env, text)
    }

    /// Parses a version strictly; throws an `Error` with `code`, `offset` and `hint`.
    #[napi(factory)]
    pub fn parse(env: Env, text: String) -> Result<Self> {
        let inner = relcore::version::Version::parse(&text).or_throw(env)?;
        Ok(Version { inner })
    }

    /// The major version number (a double: exact up to `Number.MAX_SAFE_INTEGER`).
    #[napi(getter)]
    pub fn major(&self) -> f64 {
        number(self.inner.major)
    }

    /// The minor version number (a double: exact up to `Number.MAX_SAFE_INTEGER`).
    #[napi(getter)]
    pub fn minor(&self) -> f64 {
        number(self.inner.minor)
    }

    /// The patch version number (a double: exact up to `Number.MAX_SAFE_INTEGER`).
    #[napi(getter)]
    pub fn patch(&self) -> f64 {
        number(self.inner.patch)
    }

    /// The pre-release identifiers joined by dots (`rc.1`); `""` for a release.
    #[napi(getter)]
    pub fn prerelease(&self) -> String {
        self.inner.pre.as_str().to_owned()
    }

    /// The build metadata (`build.5`); `""` when there is none.
    #[napi(getter)]
    pub fn build(&self) -> String {
        self.inner.build.as_str().to_owned()
    }

    /// `true` when the version has pre-release identifiers, like `1.0.0-rc.1`.
    #[napi(getter)]
    pub fn is_prerelease(&self) -> bool {
        self.inner.is_prerelease()
    }

    /// The next version by `level`, one of node-semver's increment names: `major`,
    /// `minor`, `patch`, `premajor`, `preminor`, `prepatch`, `prerelease`, `release`.
    /// Same result as node-semver's `inc`; build metadata is dropped. Throws with code
    /// `unknown_level`, `not_a_prerelease`, `invalid_identifier`, `invalid_base`,
    /// `would_not_advance`, `overflow` or `too_long`.
    #[napi]
    pub fn bump(&self, env: Env, level: String, options: Option<BumpOptions>) -> Result<Version> {
        let level = level.parse().or_throw(env)?;
        let preid = options
            .as_ref()
            .map(Preid::try_from)
            .transpose()
            .or_throw(env)?
            .unwrap_or_default();
        let inner = self.inner.bump(level, &preid).or_throw(env)?;
        Ok(Version { inner })
    }

    /// SemVer precedence against `other`: `-1`, `0` or `1`; build metadata is ignored.
    /// A string is parsed strictly first.
    #[napi]
    pub fn compare(&self, env: Env, other: Either<&Version, String>) -> Result<i32> {
        let other = version_arg(&other).or_throw(env)?;
        Ok(ordering(relcore::version::compare(&self.inner, &other)))
    }

    /// The version as written, e.g. `1.0.0-rc.1+build.5`.
    #[napi(js_name = "toString")]
    pub fn text(&self) -> String {
        self.inner.to_string()
    }

    /// The version string, so `JSON.stringify` writes `"1.2.3"`.
    #[napi(js_name = "toJSON")]
    pub fn to_json(&self) -> String {
        self.inner.to_string()
    }
}

/// SemVer precedence of `a` and `b`: `-1`, `0` or `1`; build metadata is ignored.
/// Strings are parsed strictly first.
#[napi]
pub fn compare(env: Env, a: Either<String, &Version>, b: Either<String, &Version>) -> Result<i32> {
    let a = version_arg(&a).or_throw(env)?;
    let b = version_arg(&b).or_throw(env)?;
    Ok(ordering(relcore::version::compare(&a, &b)))
}

/// Sorts version strings ascending by SemVer precedence, with build metadata as the final
/// tie-break; stable. Throws on the first invalid item, with message `item N: ...`
/// (0-based), its `code`, `offset` and `index`.
#[napi]
pub fn sort_versions(env: Env, versions: Vec<String>) -> Result<Vec<String>> {
    let mut parsed = version_list(&versions).or_throw(env)?;
    relcore::version::sort(&mut parsed);
    Ok(parsed.iter().map(ToString::to_string).collect())
}

/// What is known about a commit besides its message, as `parseCommit` takes it.
#[napi(object)]
#[derive(Debug, Default)]
pub struct CommitMeta {
    /// The commit id (a full or abbreviated SHA).
    /// @default undefined
    pub id: Option<String>,
    /// The author as git writes identities, `Name <email>`; text without `<...>` is all
    /// name.
    /// @default undefined
    pub author: Option<String>,
    /// The commit time in seconds since the Unix epoch.
    /// @default undefined
    pub time: Option<i64>,
}

/// A commit as `nextVersion` takes it: its message, and what else is known about it.
#[napi(object)]
#[derive(Debug)]
pub struct CommitInput {
    /// The full commit message.
    pub message: String,
    /// The commit id (a full or abbreviated SHA); reasons name commits by its first seven
    /// characters, and a revert cancels the commit whose id it names.
    /// @default undefined
    pub id: Option<String>,
    /// The author as git writes identities, `Name <email>`.
    /// @default undefined
    pub author: Option<String>,
    /// The commit time in seconds since the Unix epoch.
    /// @default undefined
    pub time: Option<i64>,
}

/// Parses a commit message as a Conventional Commit. Never throws on a message: one that
/// is not a Conventional Commit has `type: null` and its first line as `description`.
/// `meta` fills `id`, `author` (from `Name <email>`) and `time`; they are `null` otherwise.
/// The result has the snake_case keys of the core's `Commit`, as in `relcore commit parse
/// --json`.
#[napi(ts_return_type = "Commit")]
pub fn parse_commit(env: &Env, message: String, meta: Option<CommitMeta>) -> Result<Unknown<'_>> {
    env.to_js_value(&commit_with_meta(&message, meta.as_ref()))
}

/// Every way `message` breaks the Conventional Commits 1.0 specification, in order of
/// position; empty for a good message. `offset` is in UTF-16 code units; `line` and
/// `column` are 1-based, the column counted in characters.
#[napi(ts_return_type = "Array<Diagnostic>")]
pub fn lint_commit(env: &Env, message: String) -> Result<Unknown<'_>> {
    let diagnostics: Vec<_> = relcore::commit::lint(&message)
        .into_iter()
        .map(|diagnostic| utf16_diagnostic(&message, diagnostic))
        .collect();
    env.to_js_value(&diagnostics)
}

/// The next version from `current` (the latest release; `null` before the first one) and
/// the commits since it, with the rules that decided; runs on the thread pool. `next` is
/// `null` when nothing is releasable. Rejects with code `invalid_policy`, a version parse
/// code for an invalid `current`, `invalid_identifier` (an invalid `channel`) or
/// `would_not_advance` (a `channel` that sorts below the current pre-release's).
#[napi(ts_return_type = "Promise<Decision>")]
pub fn next_version(
    #[napi(ts_arg_type = "string | Version | null")] current: Option<Either<String, &Version>>,
    #[napi(ts_arg_type = "Array<string | CommitInput>")] commits: Vec<Either<String, CommitInput>>,
    #[napi(ts_arg_type = "Policy | undefined | null")] policy: Option<Json>,
) -> AsyncTask<Task<NextVersionArgs, Decision>> {
    let args = NextVersionArgs::new(current, commits, policy);
    Task::new(args, next_version_impl)
}

/// `nextVersion` on the main thread: returns the `Decision` or throws.
#[napi(ts_return_type = "Decision")]
pub fn next_version_sync<'env>(
    env: &'env Env,
    #[napi(ts_arg_type = "string | Version | null")] current: Option<Either<String, &Version>>,
    #[napi(ts_arg_type = "Array<string | CommitInput>")] commits: Vec<Either<String, CommitInput>>,
    #[napi(ts_arg_type = "Policy | undefined | null")] policy: Option<Json>,
) -> Result<Unknown<'env>> {
    let args = NextVersionArgs::new(current, commits, policy);
    env.to_js_value(&next_version_impl(&args).or_throw(*env)?)
}

/// A borrowed `Version` in a field of an options object. (napi-derive gives the fields of
/// `#[napi(object)]` structs fresh lifetimes where a path names one, but not in a `&'a`
/// reference, hence this alias.)
type VersionRef<'a> = &'a Version;

/// Options of `renderChangelog`: what the release is besides its version and commits, and
/// how to write it.
#[napi(object, object_to_js = false)]
#[derive(Debug, Default)]
pub struct ChangelogOptions<'a> {
    /// The release before this one (parsed strictly): the compare link starts from its tag.
    /// @default undefined
    #[napi(ts_type = "string | Version")]
    pub previous: Option<Either<String, VersionRef<'a>>>,
    /// The release date, `YYYY-MM-DD`; anything else throws with code `invalid_date`. No
    /// date is printed without one: the clock is never read.
    /// @default undefined
    pub date: Option<String>,
    /// The built-in format, when there is no `template`: Keep a Changelog, release notes,
    /// or the release model as JSON. Anything else throws with code `unknown_format`.
    /// @default "keep-a-changelog"
    #[napi(ts_type = "'keep-a-changelog' | 'release-notes' | 'json'")]
    pub format: Option<String>,
    /// A template in Jinja syntax (the source text, not a path), rendered with `release`;
    /// it replaces `format`. Errors have code `template_syntax` or `template_render` and,
    /// when known, `template` (`"template"`), `line` and `column`.
    /// @default undefined
    pub template: Option<String>,
    /// A hotfix release: the release and its entries are marked.
    /// @default false
    pub hotfix: Option<bool>,
    /// Sections, links and tags: the core's changelog `Config`. An unknown key or a value
    /// of the wrong type throws with code `invalid_config`.
    /// @default {}
    #[napi(ts_type = "ChangelogConfig")]
    pub config: Option<Json>,
}

/// Options of `updateChangelog`: those of `renderChangelog`, and how to insert the release.
#[napi(object, object_to_js = false)]
#[derive(Debug, Default)]
pub struct UpdateChangelogOptions<'a> {
    /// The release before this one (parsed strictly): the compare link starts from its tag.
    /// @default undefined
    #[napi(ts_type = "string | Version")]
    pub previous: Option<Either<String, VersionRef<'a>>>,
    /// The release date, `YYYY-MM-DD`; anything else throws with code `invalid_date`. No
    /// date is printed without one: the clock is never read.
    /// @default undefined
    pub date: Option<String>,
    /// The built-in format of the new section, when there is no `template`: Keep a
    /// Changelog or release notes. `json` (there is no JSON section to insert) and anything
    /// else throw with code `unknown_format`. Without it, the section is written in the
    /// changelog's own style: Keep a Changelog, conventional-changelog, release-please,
    /// HTML anchors (Keep a Changelog for a new file).
    /// @default the changelog's own style
    #[napi(ts_type = "'keep-a-changelog' | 'release-notes' | 'json'")]
    pub format: Option<String>,
    /// A template in Jinja syntax (the source text, not a path) for the new section; it
    /// replaces `format`. Errors have code `template_syntax` or `template_render`.
    /// @default undefined
    pub template: Option<String>,
    /// A hotfix release: the release and its entries are marked.
    /// @default false
    pub hotfix: Option<bool>,
    /// Sections, links and tags: the core's changelog `Config`. An unknown key or a value
    /// of the wrong type throws with code `invalid_config`.
    /// @default {}
    #[napi(ts_type = "ChangelogConfig")]
    pub config: Option<Json>,
    /// Move the hand-written entries under `## [Unreleased]` into the new release.
    /// @default false
    pub take_unreleased: Option<bool>,
    /// Replace the section of a version that is already in the changelog; without it, such
    /// a version throws with code `version_exists`.
    /// @default false
    pub replace: Option<bool>,
    /// Place a release older than the newest one in the changelog (a maintenance release,
    /// 1.4.3 after 2.0.0) below the newer releases; without it, such a release throws with
    /// code `older_than_newest`.
    /// @default false
    pub in_version_order: Option<bool>,
}

/// The changelog of release `version` from the commits since the previous release (newest
/// first, as `git log` lists them), in a built-in format or a template; runs on the thread
/// pool. Rejects with a version parse code, `invalid_date`, `invalid_config`,
/// `unknown_format`, `template_syntax`, `template_render`, or a tag code such as
/// `missing_package` (a `{package}` tag format without `package`).
#[napi(ts_return_type = "Promise<string>")]
pub fn render_changelog(
    #[napi(ts_arg_type = "string | Version")] version: Either<String, &Version>,
    #[napi(ts_arg_type = "Array<string | CommitInput>")] commits: Vec<Either<String, CommitInput>>,
    options: Option<ChangelogOptions>,
) -> AsyncTask<Task<ChangelogArgs, String>> {
    let args = ChangelogArgs::new(version, commits, options.unwrap_or_default());
    Task::new(args, render_changelog_impl)
}

/// `renderChangelog` on the main thread: returns the text or throws.
#[napi]
pub fn render_changelog_sync(
    env: Env,
    #[napi(ts_arg_type = "string | Version")] version: Either<String, &Version>,
    #[napi(ts_arg_type = "Array<string | CommitInput>")] commits: Vec<Either<String, CommitInput>>,
    options: Option<ChangelogOptions>,
) -> Result<String> {
    let args = ChangelogArgs::new(version, commits, options.unwrap_or_default());
    render_changelog_impl(&args).or_throw(env)
}

/// `existing` (the text of a `CHANGELOG.md`; `""` for a new one) with the release inserted
/// below `## [Unreleased]` and its link definition added; every other byte stays as it was,
/// CRLF line endings included. Runs on the thread pool. Rejects with the codes of
/// `renderChangelog`, or `version_exists` when the version is already there and `replace`
/// is not set.
#[napi(ts_return_type = "Promise<string>")]
pub fn update_changelog(
    existing: String,
    #[napi(ts_arg_type = "string | Version")] version: Either<String, &Version>,
    #[napi(ts_arg_type = "Array<string | CommitInput>")] commits: Vec<Either<String, CommitInput>>,
    options: Option<UpdateChangelogOptions>,
) -> AsyncTask<Task<UpdateChangelogArgs, String>> {
    let args = UpdateChangelogArgs::new(existing, version, commits, options.unwrap_or_default());
    Task::new(args, update_changelog_impl)
}

/// `updateChangelog` on the main thread: returns the new text or throws.
#[napi]
pub fn update_changelog_sync(
    env: Env,
    existing: String,
    #[napi(ts_arg_type = "string | Version")] version: Either<String, &Version>,
    #[napi(ts_arg_type = "Array<string | CommitInput>")] commits: Vec<Either<String, CommitInput>>,
    options: Option<UpdateChangelogOptions>,
) -> Result<String> {
    let args = UpdateChangelogArgs::new(existing, version, commits, options.unwrap_or_default());
    update_changelog_impl(&args).or_throw(env)
}

/// Options of `latestTag` and `releaseTags`: which tags are release tags.
#[napi(object)]
#[derive(Debug, Default)]
pub struct TagOptions {
    /// How release tags are spelled: `{version}` and, for monorepos, `{package}`. An invalid
    /// format throws with a tag format code such as `missing_version_placeholder`.
    /// @default "v{version}"
    pub tag_format: Option<String>,
    /// Only the tags of this package, for tag formats with `{package}`; all packages' tags
    /// without it.
    /// @default undefined
    pub package: Option<String>,
}

/// The latest release tag reachable from HEAD, by SemVer precedence (not by date), or
/// `null` when there is none; runs on the thread pool. `path` is any directory inside the
/// repository. Tags that do not match the format, or name another package, or point at
/// commits HEAD does not contain, are ignored; lightweight and annotated tags both count.
/// Rejects with code `not_a_repository`, `empty_repository`, `git` or a tag format code.
#[napi(ts_return_type = "Promise<Tag | null>")]
pub fn latest_tag(
    path: String,
    options: Option<TagOptions>,
) -> AsyncTask<Task<TagArgs, Option<Tag>>> {
    let args = TagArgs::new(path, options.unwrap_or_default());
    Task::new(args, latest_tag_impl)
}

/// `latestTag` on the main thread: returns the `Tag` (or `null`) or throws.
#[napi(ts_return_type = "Tag | null")]
pub fn latest_tag_sync(
    env: &Env,
    path: String,
    options: Option<TagOptions>,
) -> Result<Unknown<'_>> {
    let args = TagArgs::new(path, options.unwrap_or_default());
    env.to_js_value(&latest_tag_impl(&args).or_throw(*env)?)
}

/// Every release tag reachable from HEAD, by descending version (ties by name); runs on the
/// thread pool. The same tags and errors as `latestTag`.
#[napi(ts_return_type = "Promise<Array<Tag>>")]
pub fn release_tags(
    path: String,
    options: Option<TagOptions>,
) -> AsyncTask<Task<TagArgs, Vec<Tag>>> {
    let args = TagArgs::new(path, options.unwrap_or_default());
    Task::new(args, release_tags_impl)
}

/// `releaseTags` on the main thread: returns the tags or throws.
#[napi(ts_return_type = "Array<Tag>")]
pub fn release_tags_sync(
    env: &Env,
    path: String,
    options: Option<TagOptions>,
) -> Result<Unknown<'_>> {
    let args = TagArgs::new(path, options.unwrap_or_default());
    env.to_js_value(&release_tags_impl(&args).or_throw(*env)?)
}

/// Which commits `commits` reads: from `until` (HEAD by default) back to, and without,
/// `since`.
#[napi(object)]
#[derive(Debug, Default)]
pub struct CommitQuery {
    /// A tag or revision to stop at (excluded), such as the latest release tag's name; the
    /// whole history without it. One that does not exist rejects with code
    /// `unknown_revision`.
    /// @default undefined
    pub since: Option<String>,
    /// A tag or revision to start from (included).
    /// @default "HEAD"
    pub until: Option<String>,
    /// Keep merge commits (they are skipped by default).
    /// @default false
    pub include_merges: Option<bool>,
    /// Follow only first parents (the mainline of a merge-based history).
    /// @default false
    pub first_parent: Option<bool>,
    /// Only commits that touch one of these paths (files or directories, relative to the
    /// repository root), as for one package of a monorepo.
    /// @default []
    pub paths: Option<Vec<String>>,
    /// Fill each commit's `paths` with the paths it changes (for `classify`).
    /// @default false
    pub changed_paths: Option<bool>,
}

/// The commits from `query.until` (HEAD by default) back to `query.since`, newest first,
/// each parsed as a Conventional Commit with its id, author and time; runs on the thread
/// pool. Rejects with code
/// `not_a_repository`, `empty_repository`, `unknown_revision`, `shallow_history` (a
/// shallow clone that ends before `since`) or `git`.
#[napi(ts_return_type = "Promise<Array<RepoCommit>>")]
pub fn commits(
    path: String,
    query: Option<CommitQuery>,
) -> AsyncTask<Task<CommitsArgs, Vec<RepoCommit>>> {
    let args = CommitsArgs::new(path, &query.unwrap_or_default());
    Task::new(args, commits_impl)
}

/// `commits` on the main thread: returns the commits or throws.
#[napi(ts_return_type = "Array<RepoCommit>")]
pub fn commits_sync(env: &Env, path: String, query: Option<CommitQuery>) -> Result<Unknown<'_>> {
    let args = CommitsArgs::new(path, &query.unwrap_or_default());
    env.to_js_value(&commits_impl(&args).or_throw(*env)?)
}

/// Creates the annotated tag `name` on HEAD with `message` (the release notes), signed by
/// the repository's configured identity, and returns the tag object's id; runs on the
/// thread pool. It never moves a tag: an existing one rejects with code `tag_exists`.
/// Other codes: `invalid_tag_name`, `no_identity` (no `user.name`/`user.email`),
/// `not_a_repository`, `empty_repository`, `git`. Nothing is pushed.
#[napi(ts_return_type = "Promise<string>")]
pub fn create_tag(
    path: String,
    name: String,
    message: String,
) -> AsyncTask<Task<CreateTagArgs, String>> {
    let args = CreateTagArgs {
        path,
        name,
        message,
    };
    Task::new(args, create_tag_impl)
}

/// `createTag` on the main thread: returns the tag object's id or throws.
#[napi]
pub fn create_tag_sync(env: Env, path: String, name: String, message: String) -> Result<String> {
    let args = CreateTagArgs {
        path,
        name,
        message,
    };
    create_tag_impl(&args).or_throw(env)
}

/// Options of `release`: what to prepare the release with, beyond the project's
/// configuration.
#[napi(object, object_to_js = false)]
#[derive(Debug, Default)]
pub struct ReleaseOptions {
    /// The release date, `YYYY-MM-DD`; anything else throws with code `invalid_date`.
    /// Without one the changelog heading is undated: the clock is never read.
    /// @default undefined
    pub date: Option<String>,
    /// The project configuration: the core's `ProjectConfig`, the same keys as
    /// `relcore.toml`. Without it, `relcore.toml` at the repository root is read if it
    /// exists. An unknown key or a value of the wrong type, in the object or the file,
    /// throws with code `invalid_config`.
    /// @default the repository's relcore.toml, else {}
    #[napi(ts_type = "ProjectConfig")]
    pub config: Option<Json>,
    /// A pre-release channel such as `rc`, instead of the configuration's.
    /// @default undefined
    pub channel: Option<String>,
    /// Treat the release as a hotfix: classification, changelog markers.
    /// @default false
    pub hotfix: Option<bool>,
    /// The package to release, one of `relcore.toml`'s `[packages]`: its paths, tags,
    /// version files and changelog. Required when the configuration has packages
    /// (`package_required`); a name it lacks throws with code `unknown_package`.
    /// @default undefined
    pub package: Option<String>,
}

/// Prepares the next release of the repository at `path` without writing anything: the
/// latest release tag, the commits since it (with the paths they change), the next version
/// and why, the release model, the changelog section, the release notes and the risk
/// classification (`relcore_release::release`); runs on the thread pool. The result has the
/// keys of `relcore release --json` but `tagged` and `files`; `next` is `null` (and the
/// release fields too) when nothing is releasable. Rejects with a git code
/// (`not_a_repository`, `empty_repository`, `shallow_history`, ...), `invalid_config`,
/// `invalid_date`, a bump code (`invalid_identifier`, `would_not_advance`),
/// `missing_package`, `package_required`, `unknown_package`, a template code, or `io`.
#[napi(ts_return_type = "Promise<ReleaseReport>")]
pub fn release(
    path: String,
    options: Option<ReleaseOptions>,
) -> AsyncTask<Task<ReleaseArgs, ReleaseReport>> {
    let args = ReleaseArgs::new(path, options.unwrap_or_default());
    Task::new(args, release_impl)
}

/// `release` on the main thread: returns the `ReleaseReport` or throws.
#[napi(ts_return_type = "ReleaseReport")]
pub fn release_sync(
    env: &Env,
    path: String,
    options: Option<ReleaseOptions>,
) -> Result<Unknown<'_>> {
    let args = ReleaseArgs::new(path, options.unwrap_or_default());
    env.to_js_value(&release_impl(&args).or_throw(*env)?)
}

/// Prepares every package's release of the repository at `path`, planned together,
/// without writing anything (`relcore_release::workspace::prepare_workspace`, `relcore
/// release --json` with `[packages]` but `tagged`, `committed` and `files`): `plan` (each
/// package, dependencies first, with its next version, level, reasons, the requirements of
/// dependents to rewrite, each with its file, line and column), `packages` (each releasing
/// package's report, as `release` gives one, with `name`, `version_file` and `changelog`)
/// and `problems`; runs on the thread pool. Rejects with a git code, `invalid_config`,
/// `invalid_date`, or the plan's (`dependency_cycle`, `cannot_rewrite`, ...).
#[napi(ts_return_type = "Promise<WorkspaceRelease>")]
pub fn release_workspace(
    path: String,
    options: Option<ReleaseWorkspaceOptions>,
) -> AsyncTask<Task<ReleaseArgs, relcore_release::workspace::WorkspaceRelease>> {
    let args = ReleaseArgs::every_package(path, options.unwrap_or_default());
    Task::new(args, release_workspace_impl)
}

/// `releaseWorkspace` on the main thread: returns the `WorkspaceRelease` or throws.
#[napi(ts_return_type = "WorkspaceRelease")]
pub fn release_workspace_sync(
    env: &Env,
    path: String,
    options: Option<ReleaseWorkspaceOptions>,
) -> Result<Unknown<'_>> {
    let args = ReleaseArgs::every_package(path, options.unwrap_or_default());
    env.to_js_value(&release_workspace_impl(&args).or_throw(*env)?)
}

/// Options of `releaseWorkspace`: as `release`'s, with `packages` for `package`.
#[napi(object, object_to_js = false)]
#[derive(Debug, Default)]
pub struct ReleaseWorkspaceOptions {
    /// The release date, `YYYY-MM-DD`; anything else throws with code `invalid_date`.
    /// @default undefined
    pub date: Option<String>,
    /// The project configuration, as for `release`.
    /// @default the repository's relcore.toml, else {}
    #[napi(ts_type = "ProjectConfig")]
    pub config: Option<Json>,
    /// A pre-release channel such as `rc`, instead of the configuration's.
    /// @default undefined
    pub channel: Option<String>,
    /// Treat the release as a hotfix.
    /// @default false
    pub hotfix: Option<bool>,
    /// The packages whose own commits count (`--package` given several times); the
    /// others release only when a group or a dependency makes them.
    /// @default every package
    pub packages: Option<Vec<String>>,
}

/// Options of `checkVersions`.
#[napi(object, object_to_js = false)]
#[derive(Debug, Default)]
pub struct CheckVersionsOptions {
    /// The project configuration, as for `release`; without it, `relcore.toml` at the
    /// repository root is read if it exists.
    /// @default the repository's relcore.toml, else {}
    #[napi(ts_type = "ProjectConfig")]
    pub config: Option<Json>,
}

/// Version conflicts across the packages of the repository at `path`
/// (`relcore_release::workspace::check_versions`, `relcore check versions --json`): the
/// packages with their versions and tags, and every problem as a diagnostic with its file,
/// line and column (`requirement_excludes_version`, `fixed_group_out_of_sync`,
/// `conflicting_requirements`, `version_differs_from_tag`, a manifest that cannot be
/// read); runs on the thread pool. Rejects with a git code or `invalid_config`.
#[napi(ts_return_type = "Promise<VersionsReport>")]
pub fn check_versions(
    path: String,
    options: Option<CheckVersionsOptions>,
) -> AsyncTask<Task<PathArgs, relcore_release::workspace::VersionsReport>> {
    let args = PathArgs::new(path, options.unwrap_or_default().config);
    Task::new(args, check_versions_impl)
}

/// `checkVersions` on the main thread: returns the `VersionsReport` or throws.
#[napi(ts_return_type = "VersionsReport")]
pub fn check_versions_sync(
    env: &Env,
    path: String,
    options: Option<CheckVersionsOptions>,
) -> Result<Unknown<'_>> {
    let args = PathArgs::new(path, options.unwrap_or_default().config);
    env.to_js_value(&check_versions_impl(&args).or_throw(*env)?)
}

/// What `relcore sync` would change across the packages of the repository at `path`, as
/// a dry run (`relcore_release::sync`, `relcore sync --json`; nothing is written): the
/// versions of fixed groups out of sync to align, the internal requirements that exclude
/// the current versions to rewrite (each with its file, line and column), the files they
/// change, and what needs a person (`unresolved` diagnostics); runs on the thread pool.
/// Rejects with a git code, `invalid_config` or `requirement_mismatch`.
#[napi(ts_return_type = "Promise<SyncReport>")]
pub fn sync_plan(
    path: String,
    options: Option<CheckVersionsOptions>,
) -> AsyncTask<Task<PathArgs, relcore_release::sync::SyncReport>> {
    let args = PathArgs::new(path, options.unwrap_or_default().config);
    Task::new(args, sync_plan_impl)
}

/// `syncPlan` on the main thread: returns the `SyncReport` or throws.
#[napi(ts_return_type = "SyncReport")]
pub fn sync_plan_sync(
    env: &Env,
    path: String,
    options: Option<CheckVersionsOptions>,
) -> Result<Unknown<'_>> {
    let args = PathArgs::new(path, options.unwrap_or_default().config);
    env.to_js_value(&sync_plan_impl(&args).or_throw(*env)?)
}

/// The plan of the release set in the file at `path` (`relcore_release::set::plan_at`,
/// `relcore set plan --set PATH --json`; nothing is written): each repository's current
/// and next version from its own `relcore.toml`, the release order (each after those it
/// requires), every requirement checked, the rollback order and the problems (located in
/// the set file); runs on the thread pool. Rejects with `set_not_found`, `invalid_set`
/// (located), `unknown_package`, `dependency_cycle`, a git code, or a repository's own
/// error.
#[napi(ts_return_type = "Promise<SetPlanReport>")]
pub fn plan_set(path: String) -> AsyncTask<Task<PathArgs, relcore_release::set::SetPlanReport>> {
    Task::new(PathArgs::new(path, None), plan_set_impl)
}

/// `planSet` on the main thread: returns the `SetPlanReport` or throws.
#[napi(ts_return_type = "SetPlanReport")]
pub fn plan_set_sync(env: &Env, path: String) -> Result<Unknown<'_>> {
    env.to_js_value(&plan_set_impl(&PathArgs::new(path, None)).or_throw(*env)?)
}

/// The facts about one release that `classify` reads: the core's `risk::Facts`.
#[napi(object, object_to_js = false)]
#[derive(Default)]
pub struct Facts<'a> {
    /// The commits in the release, newest first: messages, `CommitInput`s, or `Commit`s
    /// (as `parseCommit` and `commits` return them). Merge commits are skipped, and a
    /// commit and its revert cancel out.
    /// @default []
    #[napi(ts_type = "Array<string | CommitInput | Commit>")]
    pub commits: Option<Vec<Either3<String, CommitInput, Object<'a>>>>,
    /// The paths the release changes, relative to the repository root, `/`-separated.
    /// Without it the paths are unknown and path rules (`schema_migration`, `config_only`)
    /// cannot fire; an empty list means that no path changed.
    /// @default undefined
    pub paths: Option<Vec<String>>,
    /// The version in production (parsed strictly).
    /// @default undefined
    #[napi(ts_type = "string | Version")]
    pub current: Option<Either<String, VersionRef<'a>>>,
    /// The version being released (parsed strictly).
    /// @default undefined
    #[napi(ts_type = "string | Version")]
    pub next: Option<Either<String, VersionRef<'a>>>,
    /// The branch the release is made from, such as `hotfix/login-loop`.
    /// @default undefined
    pub branch: Option<String>,
    /// Mark the release as a hotfix whatever the branch.
    /// @default false
    pub hotfix: Option<bool>,
    /// How many services the release deploys.
    /// @default 1
    pub services: Option<u32>,
}

/// By hand: napi's `Object` has no `Debug`, so the commits show as their number.
impl std::fmt::Debug for Facts<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Facts")
            .field("commits", &self.commits.as_ref().map(Vec::len))
            .field("paths", &self.paths)
            .field("current", &self.current)
            .field("next", &self.next)
            .field("branch", &self.branch)
            .field("hotfix", &self.hotfix)
            .field("services", &self.services)
            .finish()
    }
}

/// Classifies a release (`relcore::risk::classify`): its change type, risk, rollout
/// strategy with traffic steps, approval, rollback mode, pace and gates, with a reason for
/// every rule that fired. `policy` is the core's `risk::Policy` over the defaults; an
/// unknown key or a value of the wrong type throws with code `invalid_policy`. An invalid
/// `current` or `next` throws with its version parse code.
#[napi(ts_return_type = "Classification")]
pub fn classify<'env>(
    env: &'env Env,
    facts: Facts,
    #[napi(ts_arg_type = "RiskPolicy | undefined | null")] policy: Option<Json>,
) -> Result<Unknown<'env>> {
    let facts = risk_facts(*env, &facts)?;
    let policy = risk_policy(policy.as_ref()).or_throw(*env)?;
    env.to_js_value(&relcore::risk::classify(&facts, &policy))
}

/// What to do about an incident of `severity` (`low`, `medium`, `high` or `critical`), from
/// the policy's incident playbooks, with the order to roll the services of `plan` (YAML
/// text) back in when one is given (`relcore::risk::incident_response`). Another severity
/// throws with code `unknown_value`; an invalid policy with `invalid_policy`; a plan that
/// cannot be read with its first diagnostic's code, services that cannot be ordered with
/// `unknown_dependency` or `dependency_cycle`.
#[napi(ts_return_type = "IncidentResponse")]
pub fn respond(
    env: &Env,
    #[napi(ts_arg_type = "'low' | 'medium' | 'high' | 'critical'")] severity: String,
    #[napi(ts_arg_type = "RiskPolicy | undefined | null")] policy: Option<Json>,
    plan: Option<String>,
) -> Result<Unknown<'_>> {
    let severity: relcore::risk::Severity = severity.parse().or_throw(*env)?;
    let policy = risk_policy(policy.as_ref()).or_throw(*env)?;
    let answer = plan
        .as_deref()
        .map(read_plan)
        .transpose()
        .and_then(|parsed| {
            relcore::risk::incident_response(severity, &policy, parsed.as_ref())
                .map_err(|error| CoreError::document(error, plan.as_deref().unwrap_or_default()))
        })
        .or_throw(*env)?;
    env.to_js_value(&answer)
}

/// Plans a hotfix of the release in production (`relcore::hotfix::plan`): the hotfix
/// version (the next patch on production's line that no released version takes), tag,
/// branch (`hotfix/{version}`, or `hotfix/{issue}-{version}` with an issue), the fixes on
/// the main line since production as cherry-pick candidates (oldest first, each with its
/// `git cherry-pick -x` command), the classification under `policy` and the rollback
/// target. `request` is the core's `hotfix::HotfixRequest`; an unknown key or a value of
/// the wrong type throws with code `invalid_hotfix_request`, a plan that cannot be made
/// with `prerelease_production`, `no_free_version`, `invalid_branch_template`,
/// `invalid_issue` or `invalid_branch_name`, an invalid policy with `invalid_policy`.
#[napi(ts_return_type = "HotfixPlan")]
pub fn hotfix_plan(
    env: &Env,
    #[napi(ts_arg_type = "HotfixRequest")] request: Json,
    #[napi(ts_arg_type = "RiskPolicy | undefined | null")] policy: Option<Json>,
) -> Result<Unknown<'_>> {
    let request: relcore::hotfix::HotfixRequest =
        input(relcore::input::InputKind::HotfixRequest, &request).or_throw(*env)?;
    let policy = risk_policy(policy.as_ref()).or_throw(*env)?;
    env.to_js_value(&relcore::hotfix::plan(&request, &policy).or_throw(*env)?)
}

/// The commits of a hotfix line the main line lacks, compared by patch identity as `git
/// cherry` does (`relcore::hotfix::backports`): `missing` and `present`, oldest first,
/// each with its `git cherry-pick -x` command. `request` is the core's
/// `hotfix::BackportsRequest`; a bad value throws with code `invalid_hotfix_request`.
#[napi(ts_return_type = "Backports")]
pub fn hotfix_backports(
    env: &Env,
    #[napi(ts_arg_type = "BackportsRequest")] request: Json,
) -> Result<Unknown<'_>> {
    let request: relcore::hotfix::BackportsRequest =
        input(relcore::input::InputKind::HotfixRequest, &request).or_throw(*env)?;
    env.to_js_value(&request.backports())
}

/// Options of `computeMetrics`, `metricsChart` and `metrics`: the core's
/// `metrics::MetricsOptions`, and for `metrics` the repository's.
#[napi(object, object_to_js = false)]
#[derive(Debug, Default)]
pub struct MetricsOptions {
    /// Count from this day on, `YYYY-MM-DD` (UTC); anything else throws with code
    /// `invalid_metrics_options`.
    /// @default undefined (everything)
    pub since: Option<String>,
    /// Periods: `month` or `week` (ISO 8601 weeks).
    /// @default 'month'
    #[napi(ts_type = "'month' | 'week'")]
    pub by: Option<String>,
    /// A later patch release on a release's line with a fix or a revert, at most this
    /// many days after it, fixes it.
    /// @default 14
    pub within_days: Option<u32>,
    /// `metricsChart`: `mermaid` (an `xychart-beta`) or `svg`.
    /// @default 'mermaid'
    #[napi(ts_type = "'mermaid' | 'svg'")]
    pub format: Option<String>,
    /// `metrics`: the package whose tags count, for tag formats with `{package}`.
    /// @default the configuration's
    pub package: Option<String>,
    /// `metrics`: the project configuration (`relcore.toml`'s keys); default the
    /// repository's `relcore.toml`.
    #[napi(ts_type = "ProjectConfig")]
    pub config: Option<Json>,
    /// `metrics`: deployment records (version, started, finished, outcome, restored).
    #[napi(ts_type = "Deployment[]")]
    pub deployments: Option<Json>,
}

impl MetricsOptions {
    /// The core's options, read as `relcore::input` reads any plain value.
    fn core(&self) -> std::result::Result<relcore::metrics::MetricsOptions, CoreError> {
        let mut value = serde_json::Map::new();
        if let Some(since) = &self.since {
            value.insert("since".into(), since.clone().into());
        }
        if let Some(by) = &self.by {
            value.insert("by".into(), by.clone().into());
        }
        if let Some(days) = self.within_days {
            value.insert("within_days".into(), days.into());
        }
        Ok(relcore::input::from_json(
            relcore::input::InputKind::MetricsOptions,
            serde_json::Value::Object(value),
        )?)
    }
}

/// The facts of `computeMetrics` and `metricsChart` read by the core, with the metrics.
fn compute(
    input: &Json,
    options: &MetricsOptions,
) -> std::result::Result<relcore::metrics::Metrics, CoreError> {
    let facts: relcore::metrics::MetricsInput =
        crate::convert::input(relcore::input::InputKind::MetricsInput, input)?;
    Ok(relcore::metrics::metrics(&facts, &options.core()?)?)
}

/// Release metrics of plain facts (`relcore::metrics::metrics`): releases per period
/// (stable and pre-releases apart), lead time for changes (median and 90th percentile,
/// seconds), the share of hotfixes and of reverts, releases a patch fixed within
/// `withinDays`, pre-release cycles and, with deployment records, deployment duration,
/// rollbacks, change failure rate and time to restore. `input` is the core's
/// `MetricsInput`; a bad value throws with `invalid_metrics_input` (or
/// `invalid_metrics_options`), facts that contradict themselves with
/// `duplicate_release`, `unknown_release`, `invalid_deployment` or `time_out_of_range`.
#[napi(ts_return_type = "Metrics")]
pub fn compute_metrics(
    env: &Env,
    #[napi(ts_arg_type = "MetricsInput")] input: Json,
    options: Option<MetricsOptions>,
) -> Result<Unknown<'_>> {
    let options = options.unwrap_or_default();
    env.to_js_value(&compute(&input, &options).or_throw(*env)?)
}

/// `computeMetrics`'s releases per period and median lead time drawn as a Mermaid
/// `xychart-beta` (`format: 'mermaid'`, the default) or an SVG document (`'svg'`);
/// another format throws with code `unknown_format`.
#[napi]
pub fn metrics_chart(
    env: &Env,
    #[napi(ts_arg_type = "MetricsInput")] input: Json,
    options: Option<MetricsOptions>,
) -> Result<String> {
    let options = options.unwrap_or_default();
    let format: relcore::metrics::ChartFormat = options
        .format
        .as_deref()
        .map(str::parse)
        .transpose()
        .or_throw(*env)?
        .unwrap_or_default();
    Ok(format.draw(&compute(&input, &options).or_throw(*env)?))
}

/// The arguments of `metrics`, owned for the thread pool.
#[derive(Debug)]
pub struct MetricsArgs {
    path: String,
    options: MetricsOptions,
}

/// `relcore_release::metrics::metrics_at` of the repository at the path.
fn metrics_impl(args: &MetricsArgs) -> std::result::Result<relcore::metrics::Metrics, CoreError> {
    let options = args.options.core()?;
    let config = args
        .options
        .config
        .as_ref()
        .map(crate::convert::project_config)
        .transpose()?;
    let deployments = match &args.options.deployments {
        Some(list) => {
            let list = list.input(relcore::input::InputKind::MetricsInput)?;
            let facts: relcore::metrics::MetricsInput = relcore::input::from_json(
                relcore::input::InputKind::MetricsInput,
                serde_json::json!({ "deployments": list }),
            )?;
            facts.deployments
        }
        None => None,
    };
    Ok(relcore_release::metrics::metrics_at(
        std::path::Path::new(&args.path),
        config,
        args.options.package.as_deref(),
        &options,
        deployments,
    )?)
}

/// Release metrics of the repository at `path` from its history and tags, in one walk
/// (`relcore_release::metrics::metrics_at`); runs on the thread pool. The result is what
/// `relcore metrics --json` prints. Rejects with a git code (`not_a_repository`,
/// `shallow_history`, ...), `invalid_config`, or `computeMetrics`'s codes.
#[napi(ts_return_type = "Promise<Metrics>")]
pub fn metrics(
    path: String,
    options: Option<MetricsOptions>,
) -> AsyncTask<Task<MetricsArgs, relcore::metrics::Metrics>> {
    let args = MetricsArgs {
        path,
        options: options.unwrap_or_default(),
    };
    Task::new(args, metrics_impl)
}

/// `metrics` on the main thread: returns the `Metrics` or throws.
#[napi(ts_return_type = "Metrics")]
pub fn metrics_sync(
    env: &Env,
    path: String,
    options: Option<MetricsOptions>,
) -> Result<Unknown<'_>> {
    let args = MetricsArgs {
        path,
        options: options.unwrap_or_default(),
    };
    env.to_js_value(&metrics_impl(&args).or_throw(*env)?)
}

/// Options of `ready`.
#[napi(object, object_to_js = false)]
#[derive(Debug, Default)]
pub struct ReadyOptions {
    /// The checklist: `[ready]`'s keys (`required`, `warn`, `release_branches`,
    /// `custom`); missing keys keep their defaults.
    /// @default undefined
    #[napi(ts_type = "Checklist")]
    pub checklist: Option<Json>,
    /// How many blockers still make a go.
    /// @default 0
    pub blockers_allowed: Option<u32>,
}

/// The go / no-go verdict of a release checklist over `facts` (`relcore::ready::evaluate`):
/// every listed check with its status (`pass`, `fail`, or `unknown` when its fact is
/// missing), whether it blocks, and why; a go when no more than `blockersAllowed`
/// required checks fail or are unknown. `facts` holds the repository's facts by name
/// (`changed_files`, `branch`, `next_version`, …) and any external ones (`tests`,
/// `critical_bugs`, …). Throws with `invalid_facts` or `invalid_checklist` for values
/// the core does not accept, and `unknown_check`, `duplicate_check`,
/// `invalid_comparison` or `invalid_pattern` for a wrong checklist.
#[napi(ts_return_type = "Verdict")]
pub fn ready(
    env: &Env,
    #[napi(ts_arg_type = "Partial<ReadyFacts> & { [fact: string]: unknown }")] facts: Json,
    options: Option<ReadyOptions>,
) -> Result<Unknown<'_>> {
    let options = options.unwrap_or_default();
    let facts: relcore::ready::ReadyFacts =
        input(relcore::input::InputKind::ReadyFacts, &facts).or_throw(*env)?;
    let checklist: relcore::ready::Checklist = match &options.checklist {
        Some(value) => input(relcore::input::InputKind::Checklist, value).or_throw(*env)?,
        None => relcore::ready::Checklist::default(),
    };
    let allowed = usize::try_from(options.blockers_allowed.unwrap_or(0)).unwrap_or(usize::MAX);
    env.to_js_value(&relcore::ready::evaluate(&facts, &checklist, allowed).or_throw(*env)?)
}

/// Options of `announce`.
#[napi(object, object_to_js = false)]
#[derive(Debug, Default)]
pub struct AnnounceOptions {
    /// A template's source (the changelog's Jinja syntax) instead of the built-in one of
    /// the phase and audience.
    /// @default undefined
    pub template: Option<String>,
    /// `text`, `markdown` or `json` (the text as Markdown).
    /// @default 'text'
    #[napi(ts_type = "'text' | 'markdown' | 'json'")]
    pub format: Option<String>,
}

/// A stakeholder message about a deployment (`relcore::announce::announce`): `pre` (when,
/// how long, what changes, the impact, whom to ask) or `post` (how it went, what
/// changed), for the `internal` audience or `customers`. Nothing is sent. Throws with
/// `invalid_announcement` for a request the core does not accept, `unknown_value` for an
/// unknown format, `template_syntax` or `template_render` (with `line` and `column`) for
/// a template that fails.
#[napi(ts_return_type = "Announcement")]
pub fn announce(
    env: &Env,
    #[napi(ts_arg_type = "AnnounceRequest")] request: Json,
    options: Option<AnnounceOptions>,
) -> Result<Unknown<'_>> {
    let options = options.unwrap_or_default();
    let request: relcore::announce::AnnounceRequest =
        input(relcore::input::InputKind::Announcement, &request).or_throw(*env)?;
    let format: relcore::announce::AnnounceFormat = options
        .format
        .as_deref()
        .unwrap_or("text")
        .parse()
        .or_throw(*env)?;
    let template = options
        .template
        .as_deref()
        .map(|source| relcore::changelog::Template::new("template", source))
        .transpose()
        .or_throw(*env)?;
    let message =
        relcore::announce::announce(&request, template.as_ref(), format).or_throw(*env)?;
    env.to_js_value(&message)
}

/// Who and why, for `pipelineStart` and `pipelineEvent`.
#[napi(object, object_to_js = false)]
#[derive(Debug, Default)]
pub struct PipelineActor {
    /// Who reports the event.
    /// @default undefined
    pub by: Option<String>,
    /// A note for the audit trail; for `blocked`, what the stage waits for.
    /// @default undefined
    pub note: Option<String>,
}

/// A time argument: RFC 3339 or `YYYY-MM-DDTHH:MM` (UTC), read by the core.
fn time(
    text: &str,
) -> std::result::Result<chrono::DateTime<chrono::Utc>, relcore::input::InputError> {
    relcore::input::parse_time(text)
}

/// A new release record of `version` started at `at` (`relcore::plan::start_record`):
/// `build` in progress and the `started` transition (revision 1) in the audit trail. `at`
/// is RFC 3339 (`2026-03-03T10:00:00Z`) or `YYYY-MM-DDTHH:MM` in UTC; throws with
/// `invalid_time` otherwise, and with a version error's code for a bad version.
#[napi(ts_return_type = "ReleaseRecord")]
pub fn pipeline_start(
    env: &Env,
    version: String,
    at: String,
    actor: Option<PipelineActor>,
) -> Result<Unknown<'_>> {
    let actor = actor.unwrap_or_default();
    let version = relcore::version::Version::parse(&version).or_throw(*env)?;
    let at = time(&at).or_throw(*env)?;
    env.to_js_value(&relcore::plan::start_record(
        version,
        at,
        actor.by.as_deref(),
        actor.note.as_deref(),
    ))
}

/// The release record after `event` at `at` (`relcore::plan::apply_event`); `record` is
/// not changed. `event` is `build-succeeded`, `build-failed`, `test-succeeded`,
/// `test-failed`, `stage-succeeded`, `stage-failed`, `approved`, `rejected`, `deployed`,
/// `deploy-failed`, `rolled-back`, `blocked` or `unblocked`. Throws with the state
/// machine's code when the event cannot happen now (`not_in_progress`, `blocked`,
/// `rolled_back`, …), `unknown_event`, `time_before_last`, `invalid_release_record` or
/// `invalid_time`.
#[napi(ts_return_type = "ReleaseRecord")]
pub fn pipeline_event(
    env: &Env,
    #[napi(ts_arg_type = "ReleaseRecord")] record: Json,
    event: String,
    at: String,
    actor: Option<PipelineActor>,
) -> Result<Unknown<'_>> {
    let actor = actor.unwrap_or_default();
    let record: relcore::plan::ReleaseRecord =
        input(relcore::input::InputKind::ReleaseRecord, &record).or_throw(*env)?;
    let event: relcore::plan::RecordEvent = event.parse().or_throw(*env)?;
    let at = time(&at).or_throw(*env)?;
    let next = relcore::plan::apply_event(
        &record,
        event,
        at,
        actor.by.as_deref(),
        actor.note.as_deref(),
    )
    .or_throw(*env)?;
    env.to_js_value(&next)
}

/// Each stage of a release record with its marker (`[COMPLETED]`, `[IN_PROGRESS]`,
/// `[BLOCKED]`, `[PENDING]`, `[ROLLBACK]`) and duration at `at`
/// (`ReleaseRecord::status`). Throws with `invalid_release_record` or `invalid_time`.
#[napi(ts_return_type = "PipelineStatus")]
pub fn pipeline_status(
    env: &Env,
    #[napi(ts_arg_type = "ReleaseRecord")] record: Json,
    at: String,
) -> Result<Unknown<'_>> {
    let record: relcore::plan::ReleaseRecord =
        input(relcore::input::InputKind::ReleaseRecord, &record).or_throw(*env)?;
    let at = time(&at).or_throw(*env)?;
    env.to_js_value(&record.status(at).or_throw(*env)?)
}

/// The deployment record of a release record as Markdown: summary, stages, timeline,
/// approvals and outcome (`ReleaseRecord::to_markdown`). Throws with
/// `invalid_release_record`.
#[napi]
pub fn render_pipeline_record(
    env: &Env,
    #[napi(ts_arg_type = "ReleaseRecord")] record: Json,
) -> Result<String> {
    let record: relcore::plan::ReleaseRecord =
        input(relcore::input::InputKind::ReleaseRecord, &record).or_throw(*env)?;
    record.to_markdown().or_throw(*env)
}

/// Validates a rollout plan (the YAML text of a plan file) with `relcore::plan::validate`:
/// every problem as a `Diagnostic` in document order (those without a position last), the
/// rollout's total duration and the worst-case time until a rollback fires. Never throws
/// on the plan: problems are data. `offset` is in UTF-16 code units; `line` and `column`
/// are 1-based, the column counted in characters. `context` is the core's `plan::Context`;
/// an unknown key or a value of the wrong type throws with code `invalid_context`. The
/// result has the keys of `relcore plan check --json`.
#[napi(ts_return_type = "PlanReport")]
pub fn check_plan(
    env: &Env,
    text: String,
    #[napi(ts_arg_type = "PlanContext | undefined | null")] context: Option<Json>,
) -> Result<Unknown<'_>> {
    let context = plan_context(context.as_ref()).or_throw(*env)?;
    let report = relcore::plan::validate(&text, &context);
    env.to_js_value(&utf16_report(&text, report))
}

/// Options of `simulatePlan`.
#[napi(object, object_to_js = false)]
#[derive(Debug, Default)]
pub struct SimulateOptions {
    /// How to read a text timeline: YAML or JSON (a list of records) or CSV (a header
    /// naming the columns `at`, `metric`, `value`, and optionally `baseline`, `approve`).
    /// Without it the format is detected: JSON when the text starts with `[` or `{`, CSV
    /// when its first line starts with the `at` column, YAML otherwise. Records given as
    /// an array are always JSON. Anything else throws with code `unknown_format`.
    /// @default detected from the text
    #[napi(ts_type = "'yaml' | 'json' | 'csv'")]
    pub format: Option<String>,
    /// The context: holidays close the window; the start and change type stand in for
    /// the plan's (a `hotfix` does not wait for the window).
    /// @default {}
    #[napi(ts_type = "PlanContext")]
    pub context: Option<Json>,
}

/// Runs the rollout plan `plan` (YAML text) against a metric timeline, as a rollout
/// controller would (`relcore::plan::simulate`), and returns every decision and the
/// outcome: the JSON of `relcore plan simulate --json`. The timeline is its text (YAML,
/// JSON or CSV), or an array of `TimelineRecord`s, read as JSON records. One precedence
/// decides each moment: rollback trigger > failed gate > no data or no baseline (hold) >
/// awaiting approval (hold) > advance. A plan or timeline that cannot be read throws with
/// the first diagnostic's code (a plan structure code such as `invalid_yaml`, or
/// `invalid_timeline`, `invalid_record`, `invalid_time`, `invalid_value`,
/// `missing_column`, `timeline_limit`, `unknown_stage`), `diagnostics` (`offset` in UTF-16
/// code units into the text it is about; for records, `path` is the record's index,
/// `[2]`, and there is no `offset`, `line` or `column`) and the first one's `line` and
/// `column`.
#[napi(ts_return_type = "Simulation")]
pub fn simulate_plan(
    env: &Env,
    plan: String,
    #[napi(ts_arg_type = "string | Array<TimelineRecord>")] timeline: Either<String, Vec<Json>>,
    options: Option<SimulateOptions>,
) -> Result<Unknown<'_>> {
    let options = options.unwrap_or_default();
    let format: Option<relcore::plan::TimelineFormat> = options
        .format
        .map(|name| name.parse())
        .transpose()
        .map_err(|error| CoreError::document(error, ""))
        .or_throw(*env)?;
    let context = plan_context(options.context.as_ref()).or_throw(*env)?;
    let simulation = match &timeline {
        Either::A(text) => {
            relcore::plan::simulate_text_in(&plan, text, format, &context).map_err(|error| {
                let about = error.about(&plan, text).to_owned();
                CoreError::document(error, &about)
            })
        }
        Either::B(records) => timeline_records(records)
            .and_then(|records| relcore::plan::simulate_values(&plan, records, &context))
            .map_err(|error| CoreError::document(error, &plan)),
    }
    .or_throw(*env)?;
    env.to_js_value(&simulation)
}

/// The order in which the services of a rollout plan (YAML text) deploy, with the wait
/// (`delay`) and health check after each, and the order they roll back in
/// (`Plan::service_plan`): the JSON of `relcore plan order --json`. A plan that cannot be
/// read throws with the first diagnostic's code and `diagnostics`; services that cannot be
/// ordered with `unknown_dependency` or `dependency_cycle`.
#[napi(ts_return_type = "ServicePlan")]
pub fn plan_order(env: &Env, plan: String) -> Result<Unknown<'_>> {
    let order = read_plan(&plan)
        .and_then(|parsed| {
            parsed
                .service_plan()
                .map_err(|error| CoreError::document(error, &plan))
        })
        .or_throw(*env)?;
    env.to_js_value(&order)
}

/// When the next rollout of a plan (YAML text) may start, from `at` (`YYYY-MM-DDTHH:MM`,
/// local time in the plan's window; relcore never reads the clock), and why the earlier
/// starts the allowed ranges offer are out (`relcore::plan::next_window`): the JSON of
/// `relcore plan next-window --json`. `context` gives the holidays and the change type (a
/// hotfix may start at `at`). A plan that cannot be read, or has no window (`no_window`),
/// throws with the first diagnostic's code; an `at` that is not a date and time with
/// `invalid_context`.
#[napi(ts_return_type = "NextWindow")]
pub fn next_window(
    env: &Env,
    plan: String,
    at: String,
    #[napi(ts_arg_type = "PlanContext | undefined | null")] context: Option<Json>,
) -> Result<Unknown<'_>> {
    let context = plan_context(context.as_ref()).or_throw(*env)?;
    let next = relcore::plan::parse_start(&at)
        .map_err(|error| {
            CoreError::from(relcore::input::InputError::at_key(
                relcore::input::InputKind::PlanContext,
                "at",
                error.to_string(),
            ))
        })
        .and_then(|at| {
            let parsed = read_plan(&plan)?;
            relcore::plan::next_window(&parsed, &context, at)
                .map_err(|error| CoreError::document(error, &plan))
        })
        .or_throw(*env)?;
    env.to_js_value(&next)
}

/// The rollout plan (the YAML text of a plan file) as a Mermaid gantt chart
/// (`relcore::plan::chart`): the stages with their share of traffic and duration, approvals
/// as milestones, the spans in which rollback triggers act; the text of `relcore plan chart
/// FILE`. A plan that cannot be read throws with the first diagnostic's code (`invalid_yaml`,
/// `unknown_key`, ...) and `diagnostics`.
#[napi]
pub fn plan_chart(env: Env, plan: String) -> Result<String> {
    let parsed = read_plan(&plan).or_throw(env)?;
    Ok(relcore::plan::chart(&parsed))
}

/// A rollout plan that fits a classification (`relcore::risk::suggest_plan`), as YAML text
/// (`Plan::to_yaml`) to review and adjust: one stage per traffic step, durations by pace,
/// gates when they are enforced, an approval when one is required or the risk is high,
/// rollback triggers. It passes `checkPlan` without errors, with the classification's type
/// and risk as the context. `classification` is what `classify` returns; a missing key or
/// a value of the wrong type throws with code `invalid_classification`.
#[napi]
pub fn suggest_plan(
    env: Env,
    #[napi(ts_arg_type = "Classification")] classification: Json,
) -> Result<String> {
    let classification = convert::classification(&classification).or_throw(env)?;
    Ok(relcore::risk::suggest_plan(&classification).to_yaml())
}

/// A dependency's version requirement, parsed in its dialect: `cargo` (`Cargo.toml`:
/// `1.2` meaning `^1.2`, `~1.2`, `>=1, <2`, `=1.2.3`, `1.*`), `npm` (`package.json`:
/// node-semver ranges, `||`, hyphen ranges and the `workspace:` protocol) or `pep440`
/// (`pyproject.toml`: `>=1.2,<2`, `~=1.2`, `==1.2.*`, `!=1.3`).
///
/// Invalid input throws an `Error` whose `code` is the reason (`empty_requirement`,
/// `unknown_operator`, `misplaced_wildcard`, ..., `unknown_dialect`), with `offset`
/// (UTF-16) and, when there is one, `hint`.
#[napi]
#[derive(Debug)]
pub struct Requirement {
    inner: relcore::version::Requirement,
}

#[napi]
impl Requirement {
    /// Parses `text` as a requirement of `dialect` (`'cargo'` by default); same as
    /// `Requirement.parse(text, dialect)`.
    #[napi(constructor)]
    pub fn new(
        env: Env,
        text: String,
        #[napi(ts_arg_type = "'cargo' | 'npm' | 'pep440' | undefined | null")] dialect: Option<
            String,
        >,
    ) -> Result<Self> {
        Requirement::parse(env, text, dialect)
    }

    /// Parses `text` as a requirement of `dialect` (`'cargo'` by default); throws an
    /// `Error` with `code` and `offset`.
    #[napi(factory)]
    pub fn parse(
        env: Env,
        text: String,
        #[napi(ts_arg_type = "'cargo' | 'npm' | 'pep440' | undefined | null")] dialect: Option<
            String,
        >,
    ) -> Result<Self> {
        let dialect = dialect
            .as_deref()
            .unwrap_or("cargo")
            .parse()
            .or_throw(env)?;
        let inner = relcore::version::Requirement::parse(dialect, &text).or_throw(env)?;
        Ok(Requirement { inner })
    }

    /// The dialect it was parsed in.
    #[napi(getter, ts_return_type = "'cargo' | 'npm' | 'pep440'")]
    pub fn dialect(&self) -> &'static str {
        self.inner.dialect().as_str()
    }

    /// The requirement as written.
    #[napi(getter)]
    pub fn text(&self) -> String {
        self.inner.as_str().to_owned()
    }

    /// Whether `version` satisfies the requirement (a string is parsed strictly first). A
    /// pre-release satisfies a Cargo or npm requirement only when a comparator names the
    /// same `major.minor.patch` with a pre-release; `workspace:*`, `workspace:^` and
    /// `workspace:~` match every version.
    #[napi]
    pub fn matches(&self, env: Env, version: Either<&Version, String>) -> Result<bool> {
        let version = version_arg(&version).or_throw(env)?;
        Ok(self.inner.matches(&version))
    }

    /// Whether some version satisfies both requirements; a string is parsed in this
    /// requirement's dialect.
    #[napi]
    pub fn intersects(&self, env: Env, other: Either<&Requirement, String>) -> Result<bool> {
        match other {
            Either::A(other) => Ok(self.inner.intersects(&other.inner)),
            Either::B(text) => {
                let other = relcore::version::Requirement::parse(self.inner.dialect(), &text)
                    .or_throw(env)?;
                Ok(self.inner.intersects(&other))
            }
        }
    }

    /// The requirement rewritten to admit `version`, in the same style (`^1.2` → `^2.0`
    /// for 2.0.0, `>=1, <2` → `>=2, <3`, `^1.0.0 || ^2.0.0` gains `|| ^3.0.0`). Throws
    /// with code `cannot_rewrite` when it has no shape to carry the version.
    #[napi]
    pub fn rewrite(&self, env: Env, version: Either<&Version, String>) -> Result<String> {
        let version = version_arg(&version).or_throw(env)?;
        self.inner.rewrite(&version).or_throw(env)
    }

    /// Whether `other` has the same dialect and text.
    #[napi]
    pub fn equals(&self, other: &Requirement) -> bool {
        self.inner == other.inner
    }

    /// The requirement as written.
    #[napi(js_name = "toString")]
    pub fn to_text(&self) -> String {
        self.inner.as_str().to_owned()
    }

    /// `{dialect, text}`, the core's serde form, so `JSON.stringify` writes it.
    #[napi(
        js_name = "toJSON",
        ts_return_type = "{ dialect: 'cargo' | 'npm' | 'pep440'; text: string }"
    )]
    pub fn to_json<'env>(&self, env: &'env Env) -> Result<Unknown<'env>> {
        env.to_js_value(&self.inner)
    }
}

/// Who releases at which version in a workspace, and which dependents' requirements
/// change (`relcore::workspace::plan_workspace`): the pure function behind
/// `releaseWorkspace`. `bumps` are each package's own level; a `fixed` group releases
/// every member at the highest version bumped by the highest level, a `linked` group's
/// releasing members share one version, and a dependent whose requirement the new version
/// leaves (or any, with `settings` `{ update_dependents: 'always' }`) has it rewritten
/// and releases a patch, transitively. Throws with
/// code `dependency_cycle` (and `cycle`), `cannot_rewrite` or `invalid_requirement` (with
/// `file`, `line`, `column`), `duplicate_package`, `unknown_package`,
/// `package_in_two_groups`, `bump_failed`, or `invalid_workspace` for a value the core
/// does not accept.
#[napi(ts_return_type = "WorkspacePlan")]
pub fn plan_workspace(
    env: &Env,
    #[napi(ts_arg_type = "Workspace")] workspace: Json,
    #[napi(ts_arg_type = "Array<PackageBump>")] bumps: Json,
    #[napi(ts_arg_type = "WorkspaceSettings | undefined | null")] settings: Option<Json>,
) -> Result<Unknown<'_>> {
    let plan = (|| -> std::result::Result<_, CoreError> {
        let kind = relcore::input::InputKind::Workspace;
        let workspace: relcore::workspace::Workspace = input(kind, &workspace)?;
        let bumps: Vec<relcore::workspace::PackageBump> = input(kind, &bumps)?;
        let settings: relcore::workspace::Settings = settings
            .as_ref()
            .map(|s| input(kind, s))
            .transpose()?
            .unwrap_or_default();
        Ok(relcore::workspace::plan_workspace(
            &workspace, &bumps, &settings,
        )?)
    })()
    .or_throw(*env)?;
    env.to_js_value(&plan)
}

/// What is out of step in a workspace (`relcore::workspace::check_versions`), given each
/// package's latest tag: the pure function behind `checkVersions`. The problems are
/// diagnostics located in the manifests (`requirement_excludes_version` with the
/// rewritten requirement as `hint`, `invalid_requirement`, `fixed_group_out_of_sync`,
/// `conflicting_requirements`, `version_differs_from_tag`, and the graph's); empty when
/// all is in step. A bad value throws with code `invalid_workspace`.
#[napi(ts_return_type = "Array<Diagnostic>")]
pub fn check_workspace(
    env: &Env,
    #[napi(ts_arg_type = "Workspace")] workspace: Json,
    #[napi(ts_arg_type = "Array<PackageTag> | undefined | null")] tags: Option<Json>,
) -> Result<Unknown<'_>> {
    let kind = relcore::input::InputKind::Workspace;
    let workspace: relcore::workspace::Workspace = input(kind, &workspace).or_throw(*env)?;
    let tags: Vec<relcore::workspace::PackageTag> = tags
        .as_ref()
        .map(|t| input(kind, t))
        .transpose()
        .or_throw(*env)?
        .unwrap_or_default();
    env.to_js_value(&relcore::workspace::check_versions(&workspace, &tags))
}

/// What of a workspace's problems can be put right mechanically
/// (`relcore::workspace::sync_workspace`): fixed groups aligned on their highest version,
/// requirements that exclude the workspace's version rewritten; the rest is
/// `unresolved`. A bad value throws with code `invalid_workspace`.
#[napi(ts_return_type = "SyncPlan")]
pub fn sync_workspace(
    env: &Env,
    #[napi(ts_arg_type = "Workspace")] workspace: Json,
) -> Result<Unknown<'_>> {
    let workspace: relcore::workspace::Workspace =
        input(relcore::input::InputKind::Workspace, &workspace).or_throw(*env)?;
    env.to_js_value(&relcore::workspace::sync_workspace(&workspace))
}

/// The order, rollback order, requirement checks and problems of several repositories
/// released together (`relcore::workspace::plan_set`); the set goes ahead only when
/// `problems` is empty. Throws with code `dependency_cycle` (and `cycle`),
/// `duplicate_package`, `unknown_package`, or `invalid_workspace` for a value the core
/// does not accept.
#[napi(ts_return_type = "SetPlan")]
pub fn plan_release_set(
    env: &Env,
    #[napi(ts_arg_type = "Array<SetRepository>")] repositories: Json,
) -> Result<Unknown<'_>> {
    let repositories: Vec<relcore::workspace::SetRepository> =
        input(relcore::input::InputKind::Workspace, &repositories).or_throw(*env)?;
    env.to_js_value(&relcore::workspace::plan_set(&repositories).or_throw(*env)?)
}
