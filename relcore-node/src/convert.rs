//! Conversions between JavaScript values and relcore's types.

use std::borrow::Cow;
use std::cmp::Ordering;

use napi::bindgen_prelude::{Either3, Object};
use napi::{Either, Env, Status};
use relcore::changelog::{Config, UpdateOptions};
use relcore::commit::Commit;
use relcore::diagnostic::Diagnostic;
use relcore::input::{InputError, InputKind};
use relcore::plan::{Context, Report, SimulationError, TimelineError};
use relcore::risk::Classification;
use relcore::version::{BumpError, ParseError, Preid, PreidBase, TagError, TagFormat};

use relcore_release::ProjectConfig;

use crate::errors::{CoreError, OrThrow};
use crate::json::Json;
use crate::tasks::ReleaseArgs;
use crate::{
    ChangelogOptions, CommitInput, CommitMeta, CommitQuery, Facts, UpdateChangelogOptions, Version,
};

/// The core version behind a `Version | string` argument (in either order of the
/// `Either`): a `Version` is borrowed, a string is parsed strictly.
pub(crate) fn version_arg<A: VersionOrText, B: VersionOrText>(
    arg: &Either<A, B>,
) -> Result<Cow<'_, relcore::version::Version>, ParseError> {
    match arg {
        Either::A(a) => a.version(),
        Either::B(b) => b.version(),
    }
}

/// One side of a `Version | string` argument.
pub(crate) trait VersionOrText {
    fn version(&self) -> Result<Cow<'_, relcore::version::Version>, ParseError>;
}

impl VersionOrText for &Version {
    fn version(&self) -> Result<Cow<'_, relcore::version::Version>, ParseError> {
        Ok(Cow::Borrowed(&self.inner))
    }
}

impl VersionOrText for relcore::version::Version {
    fn version(&self) -> Result<Cow<'_, relcore::version::Version>, ParseError> {
        Ok(Cow::Borrowed(self))
    }
}

impl VersionOrText for String {
    fn version(&self) -> Result<Cow<'_, relcore::version::Version>, ParseError> {
        relcore::version::Version::parse(self).map(Cow::Owned)
    }
}

/// A `Version | string` argument that owns its version, so it can leave the main thread.
pub(crate) fn owned_version_arg(
    arg: Either<String, &Version>,
) -> Either<String, relcore::version::Version> {
    match arg {
        Either::A(text) => Either::A(text),
        Either::B(version) => Either::B(version.inner.clone()),
    }
}

/// Parses every string of a list, failing on the first invalid item with its index.
pub(crate) fn version_list(texts: &[String]) -> Result<Vec<relcore::version::Version>, CoreError> {
    texts
        .iter()
        .enumerate()
        .map(|(index, text)| {
            relcore::version::Version::parse(text).map_err(|error| CoreError::Item { index, error })
        })
        .collect()
}

/// The UTF-16 offset (as JavaScript indexes strings) of the UTF-8 byte `offset` into
/// `text`; an offset that is not a character boundary of `text` is returned unchanged.
pub(crate) fn utf16_offset(text: &str, offset: usize) -> usize {
    text.get(..offset)
        .map_or(offset, |before| before.encode_utf16().count())
}

/// A diagnostic with its `offset` in UTF-16 code units of `text` instead of UTF-8 bytes;
/// `line` and `column` stay as the core gives them.
pub(crate) fn utf16_diagnostic(text: &str, diagnostic: Diagnostic) -> Diagnostic {
    Diagnostic {
        offset: diagnostic.offset.map(|offset| utf16_offset(text, offset)),
        ..diagnostic
    }
}

/// A plan report with every diagnostic's `offset` in UTF-16 code units of `text` (see
/// [`utf16_diagnostic`]).
pub(crate) fn utf16_report(text: &str, report: Report) -> Report {
    Report {
        diagnostics: report
            .diagnostics
            .into_iter()
            .map(|diagnostic| utf16_diagnostic(text, diagnostic))
            .collect(),
        ..report
    }
}

/// `parseCommit(message, meta)`: the core's [`CommitInput`](relcore::commit::CommitInput).
pub(crate) fn commit_with_meta(message: &str, meta: Option<&CommitMeta>) -> Commit {
    Commit::from(relcore::commit::CommitInput {
        message: message.to_owned(),
        id: meta.and_then(|m| m.id.clone()),
        author: meta.and_then(|m| m.author.clone()),
        time: meta.and_then(|m| m.time),
    })
}

/// A `CommitInput` object as the core's.
fn commit_input(input: &CommitInput) -> Commit {
    Commit::from(relcore::commit::CommitInput {
        message: input.message.clone(),
        id: input.id.clone(),
        author: input.author.clone(),
        time: input.time,
    })
}

/// One item of `nextVersion`'s `commits`: a message, or a message with its metadata.
pub(crate) fn commit_arg(arg: &Either<String, CommitInput>) -> Commit {
    match arg {
        Either::A(message) => Commit::parse(message),
        Either::B(input) => commit_input(input),
    }
}

/// A plain-object argument read by the core as `kind` ([`relcore::input::from_json`]); a
/// value JSON cannot hold (`NaN`) is an error of the same kind.
pub(crate) fn input<T: serde::de::DeserializeOwned>(
    kind: InputKind,
    value: &Json,
) -> Result<T, InputError> {
    relcore::input::from_json(kind, value.input(kind)?)
}

/// A `ChangelogConfig` object as the core's `changelog::Config` (unknown keys refused).
pub(crate) fn changelog_config(value: &Json) -> Result<Config, InputError> {
    input(InputKind::ChangelogConfig, value)
}

/// The `renderChangelog` options of `updateChangelog`'s options.
impl<'a> From<UpdateChangelogOptions<'a>> for ChangelogOptions<'a> {
    fn from(options: UpdateChangelogOptions<'a>) -> Self {
        ChangelogOptions {
            previous: options.previous,
            date: options.date,
            format: options.format,
            template: options.template,
            hotfix: options.hotfix,
            config: options.config,
        }
    }
}

/// `takeUnreleased`, `replace` and `inVersionOrder`; all `false` by default.
impl From<&UpdateChangelogOptions<'_>> for UpdateOptions {
    fn from(options: &UpdateChangelogOptions<'_>) -> Self {
        UpdateOptions {
            take_unreleased: options.take_unreleased.unwrap_or_default(),
            replace: options.replace.unwrap_or_default(),
            in_version_order: options.in_version_order.unwrap_or_default(),
        }
    }
}

/// The tag format of `latestTag`'s options, parsed; `v{version}` without one.
pub(crate) fn tag_format(template: Option<&str>) -> Result<TagFormat, TagError> {
    template.map_or_else(|| Ok(TagFormat::default()), TagFormat::parse)
}

/// `commits`' query: every flag `false` and no path filter unless given.
impl From<&CommitQuery> for relcore_git::CommitQuery {
    fn from(query: &CommitQuery) -> Self {
        relcore_git::CommitQuery {
            since: query.since.clone(),
            until: query.until.clone(),
            include_merges: query.include_merges.unwrap_or_default(),
            first_parent: query.first_parent.unwrap_or_default(),
            paths: query.paths.clone().unwrap_or_default(),
            changed_paths: query.changed_paths.unwrap_or_default(),
        }
    }
}

/// `release`'s options: the date parsed (`YYYY-MM-DD`), `hotfix` `false` by default; the
/// current version is always the latest release tag's.
impl TryFrom<&ReleaseArgs> for relcore_release::ReleaseOptions {
    type Error = CoreError;

    fn try_from(args: &ReleaseArgs) -> Result<Self, Self::Error> {
        Ok(relcore_release::ReleaseOptions {
            date: args
                .date
                .as_deref()
                .map(relcore::input::parse_date)
                .transpose()?,
            current: None,
            channel: args.channel.clone(),
            hotfix: args.hotfix,
            package: args.package.clone(),
            packages: args.packages.clone(),
        })
    }
}

/// A `ProjectConfig` object as relcore-release's `config::ProjectConfig`, checked as
/// `relcore.toml` is.
pub(crate) fn project_config(value: &Json) -> Result<ProjectConfig, CoreError> {
    Ok(ProjectConfig::from_json(
        value.input(InputKind::ProjectConfig)?,
    )?)
}

/// A `RiskPolicy` object as the core's `risk::Policy` (missing keys take the defaults,
/// unknown keys are refused); the default policy without one.
pub(crate) fn risk_policy(value: Option<&Json>) -> Result<relcore::risk::Policy, InputError> {
    value.map_or_else(
        || Ok(relcore::risk::Policy::default()),
        |value| input(InputKind::RiskPolicy, value),
    )
}

/// A `PlanContext` object as the core's `plan::Context` (missing keys take the defaults,
/// unknown keys are refused); the default context without one.
pub(crate) fn plan_context(value: Option<&Json>) -> Result<Context, InputError> {
    value.map_or_else(
        || Ok(Context::default()),
        |value| input(InputKind::PlanContext, value),
    )
}

/// One commit of `classify`'s facts: a message (parsed), a `CommitInput` (as for
/// `nextVersion`), or any other object as a `Commit` of the core's serde shape, as the
/// core reads facts from JSON. An object that is none of these throws with napi's
/// `InvalidArg` code, like any argument of the wrong type.
fn fact_commit(
    env: Env,
    index: usize,
    arg: &Either3<String, CommitInput, Object<'_>>,
) -> napi::Result<Commit> {
    match arg {
        Either3::A(message) => Ok(Commit::parse(message)),
        Either3::B(input) => Ok(commit_input(input)),
        Either3::C(object) => env.from_js_value(*object).map_err(|error| {
            napi::Error::new(
                Status::InvalidArg,
                format!(
                    "facts.commits[{index}] is not a message, a CommitInput or a Commit: {}",
                    error.reason
                ),
            )
        }),
    }
}

/// `classify`'s facts as the core's `risk::Facts`: versions parsed strictly (a `Version`'s
/// value copied), one service by default.
pub(crate) fn risk_facts(env: Env, facts: &Facts<'_>) -> napi::Result<relcore::risk::Facts> {
    let commits = facts
        .commits
        .iter()
        .flatten()
        .enumerate()
        .map(|(index, arg)| fact_commit(env, index, arg))
        .collect::<napi::Result<Vec<Commit>>>()?;
    let version = |arg: &Option<Either<String, &Version>>| {
        arg.as_ref()
            .map(version_arg)
            .transpose()
            .map(|version| version.map(Cow::into_owned))
            .or_throw(env)
    };
    let defaults = relcore::risk::Facts::default();
    Ok(relcore::risk::Facts {
        commits,
        paths: facts.paths.clone(),
        current: version(&facts.current)?,
        next: version(&facts.next)?,
        branch: facts.branch.clone(),
        hotfix: facts.hotfix.unwrap_or(defaults.hotfix),
        services: facts.services.unwrap_or(defaults.services),
    })
}

/// A version number as a JavaScript number; exact up to 2^53 - 1 (`Number.MAX_SAFE_INTEGER`),
/// rounded to the nearest double above.
#[allow(clippy::cast_precision_loss)] // documented: JS numbers are doubles
pub(crate) fn number(n: u64) -> f64 {
    n as f64
}

/// An ordering as the `-1 | 0 | 1` of JavaScript comparators.
pub(crate) fn ordering(ordering: Ordering) -> i32 {
    match ordering {
        Ordering::Less => -1,
        Ordering::Equal => 0,
        Ordering::Greater => 1,
    }
}

/// `preidBase`: the strings `"0"`, `"1"` (or `"false"`), the numbers `0`, `1`, or `false`,
/// each parsed with the core's `PreidBase::from_str`, so invalid values fail with
/// `invalid_base`.
fn preid_base(value: &Either3<String, f64, bool>) -> Result<PreidBase, BumpError> {
    match value {
        Either3::A(text) => text.parse(),
        Either3::B(number) => number.to_string().parse(),
        Either3::C(flag) => flag.to_string().parse(),
    }
}

impl TryFrom<&crate::BumpOptions> for Preid {
    type Error = BumpError;

    fn try_from(options: &crate::BumpOptions) -> Result<Self, Self::Error> {
        Ok(Preid {
            identifier: options.preid.clone(),
            base: options
                .preid_base
                .as_ref()
                .map(preid_base)
                .transpose()?
                .unwrap_or_default(),
        })
    }
}

/// The plan text read into the core's model; a plan that does not read throws with its
/// diagnostics.
pub(crate) fn read_plan(plan: &str) -> Result<relcore::plan::Plan, CoreError> {
    relcore::plan::Plan::from_yaml(plan).map_err(|error| CoreError::document(error, plan))
}

/// The timeline records JavaScript gave, as JSON values for the core
/// ([`relcore::plan::simulate_values`]); a record with a number JSON cannot hold is the
/// core's `invalid_value` about that record.
pub(crate) fn timeline_records(
    records: &[Json],
) -> Result<Vec<serde_json::Value>, SimulationError> {
    records
        .iter()
        .enumerate()
        .map(|(index, record)| {
            record.value().cloned().map_err(|reason| {
                SimulationError::Timeline(TimelineError::unrepresentable_record(index, reason))
            })
        })
        .collect()
}

/// A `Classification` object as the core's `risk::Classification` (every key required);
/// the message names the key at fault.
pub(crate) fn classification(value: &Json) -> Result<Classification, InputError> {
    input(InputKind::Classification, value)
}
