//! The work behind exports that come in two flavours: a `*Sync` function that runs on the
//! main thread, and an `AsyncTask` that runs the same `*_impl` on the libuv thread pool
//! and settles a Promise.
//!
//! A task owns its arguments (nothing borrowed from JavaScript), computes a core result or
//! a [`CoreError`] off the main thread, and converts it back on the main thread, where
//! errors become the same thrown objects as in the `*Sync` flavour (here: rejections).
//! The git tasks hold the repository's path, not a repository: git2's repository is not
//! `Sync`, so each `*_impl` opens it where it runs.

use std::borrow::Cow;
use std::path::Path;

use napi::bindgen_prelude::{AsyncTask, Unknown};
use napi::{Either, Env, ScopedTask};
use relcore::bump::{Decision, Policy};
use relcore::changelog::{Format, Release, RenderError, Template, UpdateOptions};
use relcore::commit::Commit;
use relcore::input::InputKind;
use relcore_git::{RepoCommit, Repository, Tag};
use relcore_release::ReleaseReport;
use serde::Serialize;

use crate::convert::{
    changelog_config, commit_arg, input, owned_version_arg, project_config, tag_format, version_arg,
};
use crate::errors::{CoreError, OrThrow};
use crate::json::Json;
use crate::{
    ChangelogOptions, CommitInput, CommitQuery, ReleaseOptions, TagOptions, UpdateChangelogOptions,
    Version,
};

/// The arguments of `nextVersion`, owned so they can leave the main thread.
#[derive(Debug)]
pub struct NextVersionArgs {
    /// The latest release: a version string (parsed strictly) or a `Version`'s value.
    pub(crate) current: Option<Either<String, relcore::version::Version>>,
    /// Messages, or messages with their metadata.
    pub(crate) commits: Vec<Either<String, CommitInput>>,
    /// A JSON object of the core's `Policy` shape; `None` for the default policy.
    pub(crate) policy: Option<Json>,
}

impl NextVersionArgs {
    /// Takes `nextVersion`'s arguments, copying a `Version`'s value out of its object.
    pub(crate) fn new(
        current: Option<Either<String, &Version>>,
        commits: Vec<Either<String, CommitInput>>,
        policy: Option<Json>,
    ) -> Self {
        NextVersionArgs {
            current: current.map(owned_version_arg),
            commits,
            policy,
        }
    }
}

/// `relcore::bump::next_version` on converted arguments.
pub(crate) fn next_version_impl(args: &NextVersionArgs) -> Result<Decision, CoreError> {
    let current = args.current.as_ref().map(version_arg).transpose()?;
    let policy: Policy = match &args.policy {
        Some(policy) => input(InputKind::Policy, policy)?,
        None => Policy::default(),
    };
    let commits: Vec<Commit> = args.commits.iter().map(commit_arg).collect();
    Ok(relcore::bump::next_version(
        current.as_deref(),
        &commits,
        &policy,
    )?)
}

/// The arguments of `renderChangelog`, owned so they can leave the main thread; also the
/// release part of `updateChangelog`'s.
#[derive(Debug)]
pub struct ChangelogArgs {
    /// The version released: a version string (parsed strictly) or a `Version`'s value.
    pub(crate) version: Either<String, relcore::version::Version>,
    /// Messages, or messages with their metadata; newest first.
    pub(crate) commits: Vec<Either<String, CommitInput>>,
    /// The release before, like `version`.
    pub(crate) previous: Option<Either<String, relcore::version::Version>>,
    /// The release date, `YYYY-MM-DD`.
    pub(crate) date: Option<String>,
    /// A built-in format's name; `None` for Keep a Changelog.
    pub(crate) format: Option<String>,
    /// The source of a user template.
    pub(crate) template: Option<String>,
    /// Mark the release as a hotfix.
    pub(crate) hotfix: bool,
    /// A JSON object of the core's `changelog::Config` shape; `None` for the default.
    pub(crate) config: Option<Json>,
}

impl ChangelogArgs {
    /// Takes `renderChangelog`'s arguments, copying `Version` values out of their objects.
    pub(crate) fn new(
        version: Either<String, &Version>,
        commits: Vec<Either<String, CommitInput>>,
        options: ChangelogOptions<'_>,
    ) -> Self {
        ChangelogArgs {
            version: owned_version_arg(version),
            commits,
            previous: options.previous.map(owned_version_arg),
            date: options.date,
            format: options.format,
            template: options.template,
            hotfix: options.hotfix.unwrap_or_default(),
            config: options.config,
        }
    }
}

/// The arguments of `updateChangelog`, owned so they can leave the main thread.
#[derive(Debug)]
pub struct UpdateChangelogArgs {
    /// The changelog's text.
    pub(crate) existing: String,
    /// The release to insert, and how to render it.
    pub(crate) changelog: ChangelogArgs,
    /// How to insert it.
    pub(crate) options: UpdateOptions,
}

impl UpdateChangelogArgs {
    /// Takes `updateChangelog`'s arguments, copying `Version` values out of their objects.
    pub(crate) fn new(
        existing: String,
        version: Either<String, &Version>,
        commits: Vec<Either<String, CommitInput>>,
        options: UpdateChangelogOptions<'_>,
    ) -> Self {
        let update = UpdateOptions::from(&options);
        UpdateChangelogArgs {
            existing,
            changelog: ChangelogArgs::new(version, commits, options.into()),
            options: update,
        }
    }
}

/// The core's release request from the converted arguments.
fn release(args: &ChangelogArgs) -> Result<Release, CoreError> {
    let request = relcore::changelog::ReleaseRequest {
        previous: args
            .previous
            .as_ref()
            .map(version_arg)
            .transpose()?
            .map(Cow::into_owned),
        date: args
            .date
            .as_deref()
            .map(relcore::input::parse_date)
            .transpose()?,
        commits: args.commits.iter().map(commit_arg).collect(),
        hotfix: args.hotfix,
        config: args
            .config
            .as_ref()
            .map(changelog_config)
            .transpose()?
            .unwrap_or_default(),
        ..relcore::changelog::ReleaseRequest::new(version_arg(&args.version)?.into_owned())
    };
    Ok(Release::from_request(&request)?)
}

/// The built-in format named in the arguments; Keep a Changelog by default.
fn format(args: &ChangelogArgs) -> Result<Format, RenderError> {
    args.format
        .as_deref()
        .map_or(Ok(Format::KeepAChangelog), str::parse)
}

/// The user's template, compiled under the name `template`.
fn template(args: &ChangelogArgs) -> Result<Option<Template>, RenderError> {
    args.template
        .as_deref()
        .map(|source| Template::new("template", source))
        .transpose()
}

/// The release rendered with the user's template, else with `relcore::changelog::render`
/// in the built-in format.
pub(crate) fn render_changelog_impl(args: &ChangelogArgs) -> Result<String, CoreError> {
    let release = release(args)?;
    let format = format(args)?;
    Ok(match template(args)? {
        Some(template) => template.render(&release)?,
        None => relcore::changelog::render(&release, format)?,
    })
}

/// `relcore::changelog::insert` of the release, rendered with the user's template, else
/// with the built-in template of the format when one is named (JSON has none), else in
/// the existing changelog's own style.
pub(crate) fn update_changelog_impl(args: &UpdateChangelogArgs) -> Result<String, CoreError> {
    let release = release(&args.changelog)?;
    let format = format(&args.changelog)?;
    let template = match template(&args.changelog)? {
        Some(template) => Some(template),
        None if args.changelog.format.is_some() => Some(Template::for_section(format)?),
        None => None,
    };
    Ok(relcore::changelog::insert(
        &args.existing,
        &release,
        template.as_ref(),
        &args.options,
    )?)
}

/// The arguments of `latestTag` and `releaseTags`, owned so they can leave the main thread.
#[derive(Debug)]
pub struct TagArgs {
    /// Any directory inside the repository.
    pub(crate) path: String,
    /// The tag format's template; `None` for `v{version}`.
    pub(crate) tag_format: Option<String>,
    /// Only this package's tags.
    pub(crate) package: Option<String>,
}

impl TagArgs {
    /// Takes `latestTag`'s arguments.
    pub(crate) fn new(path: String, options: TagOptions) -> Self {
        TagArgs {
            path,
            tag_format: options.tag_format,
            package: options.package,
        }
    }
}

/// `Repository::release_tags` of the repository at the path.
pub(crate) fn release_tags_impl(args: &TagArgs) -> Result<Vec<Tag>, CoreError> {
    let format = tag_format(args.tag_format.as_deref())?;
    let repo = Repository::open(&args.path)?;
    Ok(repo.release_tags(&format, args.package.as_deref())?)
}

/// `Repository::latest_tag` of the repository at the path.
pub(crate) fn latest_tag_impl(args: &TagArgs) -> Result<Option<Tag>, CoreError> {
    let format = tag_format(args.tag_format.as_deref())?;
    let repo = Repository::open(&args.path)?;
    Ok(repo.latest_tag(&format, args.package.as_deref())?)
}

/// The arguments of `commits`, owned so they can leave the main thread.
#[derive(Debug)]
pub struct CommitsArgs {
    /// Any directory inside the repository.
    pub(crate) path: String,
    /// Which commits to read.
    pub(crate) query: relcore_git::CommitQuery,
}

impl CommitsArgs {
    /// Takes `commits`' arguments.
    pub(crate) fn new(path: String, query: &CommitQuery) -> Self {
        CommitsArgs {
            path,
            query: query.into(),
        }
    }
}

/// `Repository::commits` of the repository at the path.
pub(crate) fn commits_impl(args: &CommitsArgs) -> Result<Vec<RepoCommit>, CoreError> {
    let repo = Repository::open(&args.path)?;
    Ok(repo.commits(&args.query)?)
}

/// The arguments of `createTag`.
#[derive(Debug)]
pub struct CreateTagArgs {
    /// Any directory inside the repository.
    pub(crate) path: String,
    /// The tag's name, e.g. `v1.5.0`.
    pub(crate) name: String,
    /// The tag's message: the release notes.
    pub(crate) message: String,
}

/// `Repository::create_tag` in the repository at the path.
pub(crate) fn create_tag_impl(args: &CreateTagArgs) -> Result<String, CoreError> {
    let repo = Repository::open(&args.path)?;
    Ok(repo.create_tag(&args.name, &args.message)?)
}

/// The arguments of `release`, owned so they can leave the main thread.
#[derive(Debug)]
pub struct ReleaseArgs {
    /// Any directory inside the repository.
    pub(crate) path: String,
    /// The release date, `YYYY-MM-DD`.
    pub(crate) date: Option<String>,
    /// A JSON object of the core's `ProjectConfig` shape; `None` to read `relcore.toml`.
    pub(crate) config: Option<Json>,
    /// A pre-release channel, instead of the configuration's.
    pub(crate) channel: Option<String>,
    /// Treat the release as a hotfix.
    pub(crate) hotfix: bool,
    /// The package of `[packages]` to release.
    pub(crate) package: Option<String>,
    /// For a release of every package: the packages whose own commits count.
    pub(crate) packages: Vec<String>,
}

impl ReleaseArgs {
    /// Takes `release`'s arguments.
    pub(crate) fn new(path: String, options: ReleaseOptions) -> Self {
        ReleaseArgs {
            path,
            date: options.date,
            config: options.config,
            channel: options.channel,
            hotfix: options.hotfix.unwrap_or_default(),
            package: options.package,
            packages: Vec::new(),
        }
    }

    /// Takes `releaseWorkspace`'s arguments.
    pub(crate) fn every_package(path: String, options: crate::ReleaseWorkspaceOptions) -> Self {
        ReleaseArgs {
            path,
            date: options.date,
            config: options.config,
            channel: options.channel,
            hotfix: options.hotfix.unwrap_or_default(),
            package: None,
            packages: options.packages.unwrap_or_default(),
        }
    }
}

/// `relcore_release::release` of the repository at the path, with the configuration given
/// or else its `relcore.toml`.
pub(crate) fn release_impl(args: &ReleaseArgs) -> Result<ReleaseReport, CoreError> {
    let options = relcore_release::ReleaseOptions::try_from(args)?;
    let config = args.config.as_ref().map(project_config).transpose()?;
    Ok(relcore_release::release(
        Path::new(&args.path),
        config,
        &options,
    )?)
}

/// A repository path and an optional configuration object, owned for the thread pool.
#[derive(Debug)]
pub struct PathArgs {
    /// Any directory inside the repository.
    pub(crate) path: String,
    /// A JSON object of the core's `ProjectConfig` shape; `None` to read `relcore.toml`.
    pub(crate) config: Option<Json>,
}

impl PathArgs {
    /// Takes a path and its configuration.
    pub(crate) fn new(path: String, config: Option<Json>) -> Self {
        PathArgs { path, config }
    }
}

/// `relcore_release::workspace::check_versions` of the repository at the path.
pub(crate) fn check_versions_impl(
    args: &PathArgs,
) -> Result<relcore_release::workspace::VersionsReport, CoreError> {
    let config = args.config.as_ref().map(project_config).transpose()?;
    Ok(relcore_release::workspace::check_versions_at(
        Path::new(&args.path),
        config,
    )?)
}

/// `relcore_release::workspace::prepare_workspace` of the repository at the path.
pub(crate) fn release_workspace_impl(
    args: &ReleaseArgs,
) -> Result<relcore_release::workspace::WorkspaceRelease, CoreError> {
    let options = relcore_release::ReleaseOptions::try_from(args)?;
    let config = args.config.as_ref().map(project_config).transpose()?;
    Ok(relcore_release::workspace::prepare_workspace_at(
        Path::new(&args.path),
        config,
        &options,
    )?)
}

/// `relcore_release::sync::sync_plan_at` of the repository at the path: a dry run.
pub(crate) fn sync_plan_impl(
    args: &PathArgs,
) -> Result<relcore_release::sync::SyncReport, CoreError> {
    let config = args.config.as_ref().map(project_config).transpose()?;
    Ok(relcore_release::sync::sync_plan_at(
        Path::new(&args.path),
        config,
    )?)
}

/// `relcore_release::set::plan_at` of the set file at the path.
pub(crate) fn plan_set_impl(
    args: &PathArgs,
) -> Result<relcore_release::set::SetPlanReport, CoreError> {
    Ok(relcore_release::set::plan_at(Path::new(&args.path))?)
}

/// An export's work on the libuv thread pool: `run` on the owned arguments off the main
/// thread, then the result converted (or the error thrown) on the main thread, as the
/// `*Sync` flavour does.
#[derive(Debug)]
pub struct Task<A, T> {
    args: A,
    run: fn(&A) -> Result<T, CoreError>,
}

impl<A, T> Task<A, T> {
    /// The task that runs `run` on `args`.
    pub(crate) fn new(args: A, run: fn(&A) -> Result<T, CoreError>) -> AsyncTask<Task<A, T>>
    where
        Task<A, T>: for<'task> ScopedTask<'task>,
    {
        AsyncTask::new(Task { args, run })
    }
}

impl<'task, A: Send, T: Serialize + Send + 'static> ScopedTask<'task> for Task<A, T> {
    type Output = Result<T, CoreError>;
    type JsValue = Unknown<'task>;

    fn compute(&mut self) -> napi::Result<Self::Output> {
        Ok((self.run)(&self.args))
    }

    fn resolve(&mut self, env: &'task Env, output: Self::Output) -> napi::Result<Self::JsValue> {
        env.to_js_value(&output.or_throw(*env)?)
    }
}
