//! Conversions between Python values and relcore's types.

use std::borrow::Cow;
use std::cmp::Ordering;

use chrono::NaiveDate;
use pyo3::prelude::*;
use pyo3::pybacked::PyBackedStr;
use pyo3::types::{PyBool, PyBytes, PyDate, PyFloat, PyInt, PyMapping, PyString};
use relcore::bump::Policy;
use relcore::changelog::Config;
use relcore::commit::{Commit, CommitInput};
use relcore::diagnostic::Diagnostic;
use relcore::input::{InputError, InputKind, from_json};
use relcore::plan::{Context, TimelineFormat};
use relcore::risk::Classification;
use relcore::version::{PreidBase, TagFormat};
use serde::Serialize;
use serde_json::{Map, Value};

use relcore_release::ProjectConfig;

use crate::_relcore::Version;
use crate::errors::{BindingError, Class};

/// A `str | Version` argument: a `Version` is cloned, a `str` is parsed strictly.
#[derive(Debug)]
pub struct VersionArg(pub relcore::version::Version);

impl<'py> FromPyObject<'_, 'py> for VersionArg {
    type Error = BindingError;

    fn extract(obj: Borrowed<'_, 'py, PyAny>) -> Result<Self, BindingError> {
        version(&obj, None).map(VersionArg)
    }
}

/// A name the core parses (`FromStr`): a bump level, an incident severity, a changelog
/// format; the core's error (`unknown_level`, `unknown_value`, `unknown_format`)
/// otherwise.
#[derive(Clone, Copy, Debug)]
pub struct Parsed<T>(pub T);

impl<'py, T> FromPyObject<'_, 'py> for Parsed<T>
where
    T: std::str::FromStr,
    BindingError: From<T::Err>,
{
    type Error = BindingError;

    fn extract(obj: Borrowed<'_, 'py, PyAny>) -> Result<Self, BindingError> {
        let text: Cow<'_, str> = obj.extract().map_err(BindingError::Python)?;
        Ok(Parsed(text.parse()?))
    }
}

/// A preid base: `0`, `1`, `"0"`, `"1"` or `False`, as node-semver's `identifierBase`.
///
/// `bool` is tested before `int` because `False == 0` in Python; `True` and every other
/// value are refused with the core's `invalid_base`.
#[derive(Clone, Copy, Debug, Default)]
pub struct PreidBaseArg(pub PreidBase);

impl<'py> FromPyObject<'_, 'py> for PreidBaseArg {
    type Error = BindingError;

    fn extract(obj: Borrowed<'_, 'py, PyAny>) -> Result<Self, BindingError> {
        let text: Cow<'_, str> = if let Ok(flag) = obj.cast::<PyBool>() {
            Cow::Borrowed(if flag.is_true() { "true" } else { "false" })
        } else if obj.is_instance_of::<PyInt>() {
            match obj.extract::<i64>() {
                Ok(n) => Cow::Owned(n.to_string()),
                Err(_) => Cow::Owned(obj.str()?.to_cow()?.into_owned()),
            }
        } else if let Ok(text) = obj.cast::<PyString>() {
            Cow::Owned(text.to_cow()?.into_owned())
        } else {
            return Err(BindingError::BaseType {
                found: type_name(&obj)?,
            });
        };
        Ok(PreidBaseArg(text.parse()?))
    }
}

/// A `str | datetime.date` release date: a `YYYY-MM-DD` string (read as the CLI's
/// `--date`, `invalid_date` otherwise) or a date (a `datetime` gives its date).
#[derive(Clone, Copy, Debug)]
pub struct DateArg(pub NaiveDate);

impl<'py> FromPyObject<'_, 'py> for DateArg {
    type Error = BindingError;

    fn extract(obj: Borrowed<'_, 'py, PyAny>) -> Result<Self, BindingError> {
        if let Ok(text) = obj.cast::<PyString>() {
            return Ok(DateArg(relcore::input::parse_date(&text.to_cow()?)?));
        }
        if obj.is_instance_of::<PyDate>() {
            return Ok(DateArg(obj.extract()?));
        }
        Err(BindingError::DateType {
            found: type_name(&obj)?,
        })
    }
}

/// A `release` date: as [`DateArg`], but a string that is not `YYYY-MM-DD` raises
/// `ReleaseError` `invalid_date`, as every other failure of `release` does.
#[derive(Clone, Copy, Debug)]
pub struct ReleaseDateArg(pub NaiveDate);

impl<'py> FromPyObject<'_, 'py> for ReleaseDateArg {
    type Error = BindingError;

    fn extract(obj: Borrowed<'_, 'py, PyAny>) -> Result<Self, BindingError> {
        DateArg::extract(obj)
            .map(|DateArg(date)| ReleaseDateArg(date))
            .map_err(|error| error.raised_as(Class::Release))
    }
}

/// A tag format such as `v{version}` or `{package}@{version}`, parsed by the core
/// (`VersionError` with `unknown_placeholder`, `missing_version_placeholder`, ...
/// otherwise).
#[derive(Clone, Debug, Default)]
pub struct TagFormatArg(pub TagFormat);

impl<'py> FromPyObject<'_, 'py> for TagFormatArg {
    type Error = BindingError;

    fn extract(obj: Borrowed<'_, 'py, PyAny>) -> Result<Self, BindingError> {
        let template: Cow<'_, str> = obj.extract()?;
        TagFormat::parse(&template)
            .map(TagFormatArg)
            .map_err(|error| BindingError::TagFormat {
                error,
                template: template.into_owned(),
            })
    }
}

/// An iterable of `str` (paths), except a single `str`; empty by default.
#[derive(Clone, Debug, Default)]
pub struct StringsArg(pub Vec<String>);

impl<'py> FromPyObject<'_, 'py> for StringsArg {
    type Error = BindingError;

    fn extract(obj: Borrowed<'_, 'py, PyAny>) -> Result<Self, BindingError> {
        if obj.is_instance_of::<PyString>() {
            return Err(BindingError::StrNotIterable { expected: "paths" });
        }
        let Ok(items) = obj.try_iter() else {
            return Err(BindingError::StrType {
                found: type_name(&obj)?,
                item: None,
            });
        };
        items
            .enumerate()
            .map(|(index, item)| {
                let item = item?;
                match item.cast::<PyString>() {
                    Ok(text) => Ok(text.to_cow()?.into_owned()),
                    Err(_) => Err(BindingError::StrType {
                        found: type_name(&item)?,
                        item: Some(index),
                    }),
                }
            })
            .collect::<Result<_, _>>()
            .map(StringsArg)
    }
}

/// How deep a mapping argument (a config, a policy, a commit) may nest: far more than the
/// core's types need, a stop for self-containing lists and dicts.
const MAX_CONFIG_DEPTH: usize = 32;

/// A problem with the value at `path` of a mapping argument (`sections[0].title`, empty for
/// the argument itself): what the argument's error says about it.
type Bad<'a> = &'a dyn Fn(&str, String) -> BindingError;

/// The problems of a mapping argument the core reads as `kind`.
fn input_error(kind: InputKind) -> impl Fn(&str, String) -> BindingError {
    move |path, reason| InputError::at_key(kind, path, reason).into()
}

/// A project `config` mapping: `relcore.toml`'s serde form (`tag_format`, `package`,
/// `bump`, `changelog`, `git`, `risk`, `version_files`), converted to JSON and
/// deserialised; unknown keys and wrong values are `ConfigError` `invalid_config`.
#[derive(Debug)]
pub struct ProjectConfigArg(pub ProjectConfig);

impl<'py> FromPyObject<'_, 'py> for ProjectConfigArg {
    type Error = BindingError;

    fn extract(obj: Borrowed<'_, 'py, PyAny>) -> Result<Self, BindingError> {
        let value = mapping_value(&obj, InputKind::ProjectConfig)?;
        ProjectConfig::from_json(value)
            .map(ProjectConfigArg)
            .map_err(|error| BindingError::relcore(Class::Config, error))
    }
}

/// Defines a mapping argument read by the core as `$kind` into `$ty`.
macro_rules! mapping_arg {
    ($($(#[$meta:meta])* $name:ident($ty:ty) as $kind:ident;)*) => {
        $(
            $(#[$meta])*
            #[derive(Clone, Debug)]
            pub struct $name(pub $ty);

            impl<'py> FromPyObject<'_, 'py> for $name {
                type Error = BindingError;

                fn extract(obj: Borrowed<'_, 'py, PyAny>) -> Result<Self, BindingError> {
                    let value = mapping_value(&obj, InputKind::$kind)?;
                    Ok($name(from_json(InputKind::$kind, value)?))
                }
            }
        )*
    };
}

mapping_arg! {
    /// A changelog `config` mapping: the core `Config`'s serde form (`repository_url`,
    /// `tag_format`, `package`, `sections`, `breaking_section`, `include_merges`).
    ConfigArg(Config) as ChangelogConfig;
    /// A risk `policy` mapping: the serde form of `relcore::risk::Policy` (`overrides`,
    /// `rules`, `disabled`, `fallback`, the path and type lists, `incidents`).
    RiskPolicyArg(relcore::risk::Policy) as RiskPolicy;
    /// `suggest_plan`'s `classification`: the serde form of `Classification`, as
    /// `classify` returns it; every key is required.
    ClassificationArg(Classification) as Classification;
    /// A hotfix request mapping, read by the core.
    HotfixRequestArg(relcore::hotfix::HotfixRequest) as HotfixRequest;
    /// A backports request mapping, read by the core.
    BackportsRequestArg(relcore::hotfix::BackportsRequest) as HotfixRequest;
    /// The facts of a go / no-go check, read by the core.
    ReadyFactsArg(relcore::ready::ReadyFacts) as ReadyFacts;
    /// A go / no-go checklist (`[ready]`'s keys), read by the core.
    ChecklistArg(relcore::ready::Checklist) as Checklist;
    /// A release record, as `pipeline_start` returns it, read by the core.
    ReleaseRecordArg(relcore::plan::ReleaseRecord) as ReleaseRecord;
    /// An announcement request, read by the core.
    AnnounceRequestArg(relcore::announce::AnnounceRequest) as Announcement;
    /// The facts of release metrics (releases, commits, deployments), read by the core.
    MetricsInputArg(relcore::metrics::MetricsInput) as MetricsInput;
    /// A workspace (packages, dependencies, groups), read by the core.
    WorkspaceArg(relcore::workspace::Workspace) as Workspace;
    /// How a workspace plan treats dependents (`update_dependents`), read by the core.
    WorkspaceSettingsArg(relcore::workspace::Settings) as Workspace;
}

/// A list argument of workspace values (bumps, tags, release set repositories): an
/// iterable of mappings, converted to JSON and read by the core as a workspace value
/// (`WorkspaceError` `invalid_workspace` naming the item and key otherwise).
pub fn workspace_list<T: serde::de::DeserializeOwned>(
    obj: &Bound<'_, PyAny>,
) -> Result<Vec<T>, BindingError> {
    if obj.is_instance_of::<PyString>() || obj.is_instance_of::<PyMapping>() {
        return Err(BindingError::ListType {
            found: type_name(obj)?,
        });
    }
    let value = json_value(obj, &input_error(InputKind::Workspace), "", 1)?;
    Ok(from_json(InputKind::Workspace, value)?)
}

/// A requirement's dialect name, read by the core (`unknown_dialect` otherwise).
pub fn dialect(text: &str) -> Result<relcore::version::Dialect, BindingError> {
    Ok(text.parse()?)
}

/// A `str | datetime.datetime` time: RFC 3339 or `YYYY-MM-DDTHH:MM` (UTC) read by the
/// core (`invalid_time` otherwise); a `datetime` by its ISO form (naive: UTC).
#[derive(Clone, Copy, Debug)]
pub struct TimeArg(pub chrono::DateTime<chrono::Utc>);

impl<'py> FromPyObject<'_, 'py> for TimeArg {
    type Error = BindingError;

    fn extract(obj: Borrowed<'_, 'py, PyAny>) -> Result<Self, BindingError> {
        let text: String = if let Ok(text) = obj.cast::<PyString>() {
            text.to_cow()?.into_owned()
        } else if obj.is_instance_of::<pyo3::types::PyDateTime>() {
            obj.call_method0("isoformat")?.extract()?
        } else {
            return Err(BindingError::TimeType {
                found: type_name(&obj)?,
            });
        };
        Ok(TimeArg(relcore::input::parse_time(&text)?))
    }
}

/// Metric options given as keyword arguments (`since`, `by`, `within_days`), read by the
/// core; those left out or `None` keep its defaults.
pub fn metrics_options(
    since: Option<Bound<'_, PyAny>>,
    by: Option<Bound<'_, PyAny>>,
    within_days: Option<Bound<'_, PyAny>>,
) -> Result<relcore::metrics::MetricsOptions, BindingError> {
    let options = [("since", since), ("by", by), ("within_days", within_days)];
    Ok(from_json(
        InputKind::MetricsOptions,
        options_value(InputKind::MetricsOptions, options)?,
    )?)
}

/// Deployment records (an iterable of mappings), read by the core as the `deployments` of
/// a metrics input.
pub fn deployments(
    obj: &Bound<'_, PyAny>,
) -> Result<Vec<relcore::metrics::Deployment>, BindingError> {
    let value = json_value(obj, &input_error(InputKind::MetricsInput), "deployments", 1)?;
    let input: relcore::metrics::MetricsInput = from_json(
        InputKind::MetricsInput,
        serde_json::json!({ "deployments": value }),
    )?;
    Ok(input.deployments.unwrap_or_default())
}

/// A mapping argument as JSON, for the core to read as `kind`.
fn mapping_value(obj: &Bound<'_, PyAny>, kind: InputKind) -> Result<Value, BindingError> {
    let Ok(mapping) = obj.cast::<PyMapping>() else {
        return Err(BindingError::ConfigType {
            found: type_name(obj)?,
        });
    };
    json_object(mapping, &input_error(kind), "", 0).map(Value::Object)
}

/// A mapping as a JSON object; keys must be `str`. `path` names the mapping in messages
/// (`sections[0]`), empty for the argument itself.
fn json_object(
    mapping: &Bound<'_, PyMapping>,
    bad: Bad<'_>,
    path: &str,
    depth: usize,
) -> Result<Map<String, Value>, BindingError> {
    let mut object = Map::new();
    for item in mapping.items()? {
        let (key, value): (Bound<'_, PyAny>, Bound<'_, PyAny>) = item.extract()?;
        let Ok(key) = key.cast::<PyString>() else {
            return Err(bad(
                path,
                format!("keys must be str, got {}", type_name(&key)?),
            ));
        };
        let key = key.to_cow()?.into_owned();
        let at = if path.is_empty() {
            key.clone()
        } else {
            format!("{path}.{key}")
        };
        object.insert(key, json_value(&value, bad, &at, depth + 1)?);
    }
    Ok(object)
}

/// A value of a mapping argument as JSON: a scalar, a mapping or an iterable of values (a
/// `str` is a scalar, `bytes` unsupported). `path` names it in messages
/// (`sections[0].title`).
fn json_value(
    obj: &Bound<'_, PyAny>,
    bad: Bad<'_>,
    path: &str,
    depth: usize,
) -> Result<Value, BindingError> {
    if depth > MAX_CONFIG_DEPTH {
        return Err(bad(
            path,
            format!("nested more than {MAX_CONFIG_DEPTH} levels deep"),
        ));
    }
    if let Some(value) = json_scalar(obj)? {
        return Ok(value);
    }
    if let Ok(mapping) = obj.cast::<PyMapping>() {
        return json_object(mapping, bad, path, depth).map(Value::Object);
    }
    if !obj.is_instance_of::<PyBytes>()
        && let Ok(items) = obj.try_iter()
    {
        let mut values = Vec::new();
        for (index, item) in items.enumerate() {
            values.push(json_value(
                &item?,
                bad,
                &format!("{path}[{index}]"),
                depth + 1,
            )?);
        }
        return Ok(Value::Array(values));
    }
    Err(bad(path, unsupported_value(obj)?))
}

/// The version behind a `str | Version` value; `item` is its index in a list argument.
pub fn version(
    obj: &Bound<'_, PyAny>,
    item: Option<usize>,
) -> Result<relcore::version::Version, BindingError> {
    if let Ok(version) = obj.cast::<Version>() {
        Ok(version.get().0.clone())
    } else if let Ok(text) = obj.cast::<PyString>() {
        relcore::version::Version::parse(&PyBackedStr::try_from(text.clone())?)
            .map_err(|error| BindingError::Parse { error, item })
    } else {
        Err(BindingError::VersionType {
            found: type_name(obj)?,
            item,
        })
    }
}

/// Every version of an iterable of `str | Version`, failing on the first invalid item.
pub fn versions(
    iterable: &Bound<'_, PyAny>,
) -> Result<Vec<relcore::version::Version>, BindingError> {
    if iterable.is_instance_of::<PyString>() {
        return Err(BindingError::StrNotIterable {
            expected: "versions",
        });
    }
    iterable
        .try_iter()?
        .enumerate()
        .map(|(index, item)| version(&item?, Some(index)))
        .collect()
}

/// Every commit of an iterable of messages (`str`) and mappings with a `message` and
/// optional `id`, `author` (`"Name <email>"`) and `time` (seconds since the Unix epoch).
pub fn commits(iterable: &Bound<'_, PyAny>) -> Result<Vec<Commit>, BindingError> {
    if iterable.is_instance_of::<PyString>() {
        return Err(BindingError::StrNotIterable {
            expected: "commits",
        });
    }
    iterable
        .try_iter()?
        .enumerate()
        .map(|(index, item)| commit_item(&item?, index))
        .collect()
}

/// One item of a commit list: a message or a mapping.
fn commit_item(obj: &Bound<'_, PyAny>, item: usize) -> Result<Commit, BindingError> {
    if let Ok(message) = obj.cast::<PyString>() {
        return Ok(Commit::parse(&PyBackedStr::try_from(message.clone())?));
    }
    let Ok(mapping) = obj.cast::<PyMapping>() else {
        return Err(BindingError::CommitArg {
            item,
            problem: format!(
                "expected a str or a mapping with a `message`, got {}",
                type_name(obj)?
            ),
        });
    };
    if !mapping.contains("message")? && mapping.contains("header")? {
        return commit_object(mapping, item);
    }
    let message = mapping_str(mapping, "message", item)?.ok_or(BindingError::CommitArg {
        item,
        problem: "the commit mapping has no `message`".to_owned(),
    })?;
    let id = mapping_str(mapping, "id", item)?;
    let author = mapping_str(mapping, "author", item)?;
    let time = match mapping_item(mapping, "time")? {
        Some(time) if time.is_instance_of::<PyInt>() && !time.is_instance_of::<PyBool>() => {
            Some(time.extract::<i64>()?)
        }
        Some(other) => return Err(field_type(item, "time", "an int", &other)),
        None => None,
    };
    Ok(Commit::from(CommitInput {
        message: message.to_string(),
        id: id.map(|id| id.to_string()),
        author: author.map(|author| author.to_string()),
        time,
    }))
}

/// A commit mapping in the core's serde form, as `parse_commit` and `Repository.commits`
/// return them: the core's `Commit` deserialised, `header` and `description` required.
fn commit_object(mapping: &Bound<'_, PyMapping>, item: usize) -> Result<Commit, BindingError> {
    let bad = |path: &str, reason: String| BindingError::CommitArg {
        item,
        problem: InputError::at_key(InputKind::Commit, path, reason).to_string(),
    };
    let object = json_object(mapping, &bad, "", 0)?;
    from_json(InputKind::Commit, Value::Object(object)).map_err(|error| BindingError::CommitArg {
        item,
        problem: error.to_string(),
    })
}

/// The value of `key` in `mapping`; `None` when it is missing or `None`.
fn mapping_item<'py>(
    mapping: &Bound<'py, PyMapping>,
    key: &str,
) -> PyResult<Option<Bound<'py, PyAny>>> {
    if !mapping.contains(key)? {
        return Ok(None);
    }
    let value = mapping.get_item(key)?;
    Ok((!value.is_none()).then_some(value))
}

/// The `str` value of `key` in a commit mapping; `None` when it is missing or `None`.
fn mapping_str(
    mapping: &Bound<'_, PyMapping>,
    key: &'static str,
    item: usize,
) -> Result<Option<PyBackedStr>, BindingError> {
    match mapping_item(mapping, key)? {
        Some(value) => match value.cast::<PyString>() {
            Ok(text) => Ok(Some(PyBackedStr::try_from(text.clone())?)),
            Err(_) => Err(field_type(item, key, "a str", &value)),
        },
        None => Ok(None),
    }
}

/// A commit mapping's field of the wrong type.
fn field_type(item: usize, key: &str, expected: &str, found: &Bound<'_, PyAny>) -> BindingError {
    match type_name(found) {
        Ok(found) => BindingError::CommitArg {
            item,
            problem: format!("the commit's `{key}` must be {expected}, got {found}"),
        },
        Err(err) => BindingError::Python(err),
    }
}

/// The keyword arguments of `next_version` that make its policy, as given; `None` keeps
/// the core's default.
#[derive(Debug)]
pub struct PolicyArgs<'py> {
    pub major_types: Option<Bound<'py, PyAny>>,
    pub minor_types: Option<Bound<'py, PyAny>>,
    pub patch_types: Option<Bound<'py, PyAny>>,
    pub breaking_always_bump_major: Option<Bound<'py, PyAny>>,
    pub features_always_bump_minor: Option<Bound<'py, PyAny>>,
    pub initial_version: Option<Bound<'py, PyAny>>,
    pub channel: Option<Bound<'py, PyAny>>,
    pub include_merges: Option<Bound<'py, PyAny>>,
}

/// The policy is the core's serde form of the given options: the same field names, types
/// and defaults as `relcore.toml` and the CLI's JSON.
impl TryFrom<PolicyArgs<'_>> for Policy {
    type Error = BindingError;

    fn try_from(args: PolicyArgs<'_>) -> Result<Policy, BindingError> {
        let options = [
            ("major_types", args.major_types),
            ("minor_types", args.minor_types),
            ("patch_types", args.patch_types),
            (
                "breaking_always_bump_major",
                args.breaking_always_bump_major,
            ),
            (
                "features_always_bump_minor",
                args.features_always_bump_minor,
            ),
            ("initial_version", args.initial_version),
            ("channel", args.channel),
            ("include_merges", args.include_merges),
        ];
        Ok(from_json(
            InputKind::Policy,
            options_value(InputKind::Policy, options)?,
        )?)
    }
}

/// Keyword options as one JSON object for the core to read as `kind`; options left out
/// or `None` keep the core's defaults.
fn options_value<const N: usize>(
    kind: InputKind,
    options: [(&str, Option<Bound<'_, PyAny>>); N],
) -> Result<Value, BindingError> {
    let mut object = Map::new();
    for (option, value) in options {
        if let Some(value) = value.filter(|v| !v.is_none()) {
            let value = json_value(&value, &input_error(kind), option, 1)?;
            object.insert(option.to_owned(), value);
        }
    }
    Ok(Value::Object(object))
}

/// A `None`, `bool`, `int`, `float`, `str`, `Version` or `datetime.date` (its `YYYY-MM-DD`
/// string) as JSON; `None` for anything else.
fn json_scalar(obj: &Bound<'_, PyAny>) -> PyResult<Option<Value>> {
    Ok(if obj.is_none() {
        Some(Value::Null)
    } else if let Ok(flag) = obj.cast::<PyBool>() {
        Some(Value::Bool(flag.is_true()))
    } else if obj.is_instance_of::<PyInt>() {
        obj.extract::<i64>()
            .map(Value::from)
            .or_else(|_| obj.extract::<u64>().map(Value::from))
            .ok()
    } else if let Ok(number) = obj.cast::<PyFloat>() {
        serde_json::Number::from_f64(number.value()).map(Value::Number)
    } else if let Ok(text) = obj.cast::<PyString>() {
        Some(Value::String(text.to_cow()?.into_owned()))
    } else if let Ok(version) = obj.cast::<Version>() {
        Some(Value::String(version.get().0.to_string()))
    } else if obj.is_instance_of::<PyDate>() {
        Some(Value::String(obj.extract::<NaiveDate>()?.to_string()))
    } else {
        None
    })
}

/// The keyword arguments of `check_plan` that make its context, as given; `None` keeps
/// the core's default.
#[derive(Debug)]
pub struct ContextArgs<'py> {
    pub change_type: Option<Bound<'py, PyAny>>,
    pub risk: Option<Bound<'py, PyAny>>,
    pub start: Option<Bound<'py, PyAny>>,
    pub holidays: Option<Bound<'py, PyAny>>,
    pub max_canary_percentage: Option<Bound<'py, PyAny>>,
}

/// The context is the core's serde form of the given options: the same field names, types
/// and defaults as the CLI's `--context` JSON. A `datetime.date` holiday is its
/// `YYYY-MM-DD` string.
impl TryFrom<ContextArgs<'_>> for Context {
    type Error = BindingError;

    fn try_from(args: ContextArgs<'_>) -> Result<Context, BindingError> {
        let options = [
            ("change_type", args.change_type),
            ("risk", args.risk),
            ("start", args.start),
            ("holidays", args.holidays),
            ("max_canary_percentage", args.max_canary_percentage),
        ];
        Ok(from_json(
            InputKind::PlanContext,
            options_value(InputKind::PlanContext, options)?,
        )?)
    }
}

/// The diagnostics with their offsets in code points of `text` (Python's string index)
/// instead of UTF-8 bytes.
pub fn code_point_diagnostics(text: &str, mut diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
    for diagnostic in &mut diagnostics {
        diagnostic.offset = diagnostic
            .offset
            .map(|offset| code_point_offset(text, offset));
    }
    diagnostics
}

/// A core value on its way to Python, converted from its serde form by `pythonize`:
/// structs and maps become `dict`, sequences `list`, `None` stays `None`. Results are the
/// same data as the CLI's `--json`.
#[derive(Debug)]
pub struct Json(Py<PyAny>);

/// The serde form of a core value as a Python value.
pub fn json(value: &impl Serialize) -> Result<Json, BindingError> {
    Python::attach(|py| {
        pythonize::pythonize(py, value)
            .map(|object| Json(object.unbind()))
            .map_err(|error| BindingError::Serialize(error.to_string()))
    })
}

impl<'py> IntoPyObject<'py> for Json {
    type Target = PyAny;
    type Output = Bound<'py, PyAny>;
    type Error = PyErr;

    fn into_pyobject(self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        Ok(self.0.into_bound(py))
    }
}

/// An ordering as the `-1 | 0 | 1` of Python comparison functions.
pub fn ordering(ordering: Ordering) -> i8 {
    match ordering {
        Ordering::Less => -1,
        Ordering::Equal => 0,
        Ordering::Greater => 1,
    }
}

/// A UTF-8 byte offset into `input` as a code-point offset, Python's string index.
pub fn code_point_offset(input: &str, offset: usize) -> usize {
    input
        .get(..offset)
        .map_or(offset, |before| before.chars().count())
}

/// The name of an object's type, for messages.
/// Why a value has no JSON form: a float that is not finite (`nan`, `inf`), an int
/// beyond 64 bits, or a type JSON has no value for.
fn unsupported_value(obj: &Bound<'_, PyAny>) -> PyResult<String> {
    let repr = || -> PyResult<String> { Ok(obj.repr()?.to_cow()?.into_owned()) };
    if let Ok(number) = obj.cast::<PyFloat>()
        && !number.value().is_finite()
    {
        return Ok(format!("{} is not a finite number", repr()?));
    }
    if obj.is_instance_of::<PyInt>() && !obj.is_instance_of::<PyBool>() {
        // `repr` of a huge int is slow, and refused past 4,300 digits: say its size.
        let bits: u64 = obj.call_method0("bit_length")?.extract()?;
        let shown = if bits <= 128 {
            repr()?
        } else {
            format!("an int of {bits} bits")
        };
        return Ok(format!(
            "{shown} is out of range (integers go from -2**63 to 2**64 - 1)"
        ));
    }
    Ok(format!("unsupported value of type {}", type_name(obj)?))
}

pub(crate) fn type_name(obj: &Bound<'_, PyAny>) -> PyResult<String> {
    Ok(obj.get_type().name()?.to_cow()?.into_owned())
}

/// `simulate_plan`'s `format`: `"yaml"`, `"json"` or `"csv"`, the core's names of
/// `TimelineFormat` (`SimulationError` `unknown_format` otherwise).
#[derive(Clone, Copy, Debug)]
pub struct TimelineFormatArg(pub TimelineFormat);

impl<'py> FromPyObject<'_, 'py> for TimelineFormatArg {
    type Error = BindingError;

    fn extract(obj: Borrowed<'_, 'py, PyAny>) -> Result<Self, BindingError> {
        let text: Cow<'_, str> = obj.extract()?;
        text.parse()
            .map(TimelineFormatArg)
            .map_err(|e: relcore::plan::UnknownTimelineFormat| BindingError::document(e, ""))
    }
}

/// `simulate_plan`'s `timeline`: the text of a timeline, or an iterable of records
/// (mappings, or any JSON-like value, for the core to judge) as JSON values.
#[derive(Debug)]
pub enum TimelineArg {
    /// A timeline's text, YAML, JSON or CSV.
    Text(PyBackedStr),
    /// Records, as JSON values.
    Records(Vec<Value>),
}

impl<'py> FromPyObject<'_, 'py> for TimelineArg {
    type Error = BindingError;

    fn extract(obj: Borrowed<'_, 'py, PyAny>) -> Result<Self, BindingError> {
        if let Ok(text) = obj.cast::<PyString>() {
            return Ok(TimelineArg::Text(PyBackedStr::try_from(text.to_owned())?));
        }
        let items = if obj.is_instance_of::<PyMapping>() || obj.is_instance_of::<PyBytes>() {
            None
        } else {
            obj.try_iter().ok()
        };
        let Some(items) = items else {
            return Err(BindingError::TimelineArg(format!(
                "expected a str or an iterable of records, got {}",
                type_name(&obj)?
            )));
        };
        let bad = |path: &str, reason: String| {
            BindingError::TimelineArg(format!("invalid timeline key `{path}`: {reason}"))
        };
        items
            .enumerate()
            .map(|(index, item)| json_value(&item?, &bad, &format!("[{index}]"), 1))
            .collect::<Result<_, _>>()
            .map(TimelineArg::Records)
    }
}

/// The plan text read into the core's model; a plan that does not read raises
/// `SimulationError` with its diagnostics.
pub fn read_plan(plan: &str) -> Result<relcore::plan::Plan, BindingError> {
    relcore::plan::Plan::from_yaml(plan).map_err(|error| BindingError::document(error, plan))
}
