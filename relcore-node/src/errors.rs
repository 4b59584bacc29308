//! The one mapping from relcore's errors to thrown JavaScript errors.
//!
//! Every error thrown by this package is a plain JS `Error` whose `message` is the core
//! error's `Display` and whose `code` is the core kind's stable slug (`leading_zero`,
//! `not_a_prerelease`, ...; `docs/errors.md` lists them). Version parse errors also carry
//! `offset` (in UTF-16 code units, as JavaScript indexes strings) and, when the core has
//! one, `hint`. Errors about one item of a list carry its 0-based `index`, and their
//! message starts with `item N: `. A policy object that does not deserialize into the
//! core's `bump::Policy` (or, for `classify` and `respond`, `risk::Policy`) throws with
//! code `invalid_policy`, a changelog config object that does not deserialize into
//! `changelog::Config` with `invalid_config`, and a date that is not `YYYY-MM-DD` with
//! `invalid_date`, and a plan context object that does not deserialize into
//! `plan::Context` with `invalid_context`. Template errors carry `template` (its name), and `line` and `column`
//! (1-based, the column counted in characters) when known. A severity that is not one of
//! its spellings throws with `unknown_value`. Git errors have the `relcore-git` slugs
//! (`not_a_repository`, `empty_repository`, `tag_exists`, ...), and `release` errors the
//! slug of relcore-release's `ReleaseError::code`, with a template error's `line` and
//! `column`; a project configuration that is invalid, as an object
//! or as `relcore.toml` (the message then starts with `file:line:col`, and `line` and
//! `column` are set), has `invalid_config`, and a `relcore.toml` that cannot be read has
//! `io`. A classification object that does not deserialize into `risk::Classification`
//! throws with `invalid_classification`, its message naming the key. A plan or timeline
//! that `simulatePlan` cannot read throws with the first diagnostic's code (`invalid_yaml`,
//! `invalid_time`, `unknown_stage`, ...), `diagnostics` (every located problem, `offset`
//! in UTF-16 code units) and the first one's `line` and `column`; an unknown timeline
//! format throws with `unknown_format` and empty `diagnostics`.

use std::borrow::Cow;
use std::path::PathBuf;

use napi::bindgen_prelude::{JsObjectValue, JsValue};
use napi::{Env, JsError, Status};
use relcore::changelog::{Format, RenderError, UpdateError};
use relcore::diagnostic::Diagnostic;
use relcore::version::{BumpError, ParseError, TagError};
use relcore_git::GitError;
use relcore_release::config::ConfigError;
use relcore_release::{ConfigFileError, ReleaseError};

use crate::convert;

/// A napi-rs custom status: its string becomes the thrown error's `code`.
#[derive(Clone, Debug)]
pub(crate) struct Code(Cow<'static, str>);

impl AsRef<str> for Code {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

/// A core error on its way to JavaScript. (`pub` only because an async task's output type
/// names it; the module is private.)
#[derive(Debug)]
pub enum CoreError {
    /// A version string did not parse.
    Parse(ParseError),
    /// Item `index` of a list of version strings did not parse.
    Item { index: usize, error: ParseError },
    /// A bump level, preid base or bump failed.
    Bump(BumpError),
    /// A policy object is not a `bump::Policy` or a `risk::Policy` (a wrong type or an
    /// unknown key).
    Policy(serde_json::Error),
    /// A plan context object is not a `plan::Context` (a wrong type or an unknown key).
    PlanContext(serde_json::Error),
    /// A release date is not `YYYY-MM-DD`.
    Date {
        text: String,
        error: chrono::ParseError,
    },
    /// A changelog config object is not a `changelog::Config` (a wrong type or an unknown
    /// key).
    Config(serde_json::Error),
    /// A release tag cannot be formatted (`missing_package`).
    Tag(TagError),
    /// A format name is unknown, or a template does not compile or render.
    Render(RenderError),
    /// A release cannot be inserted into a changelog.
    Update(UpdateError),
    /// A changelog section was asked for in a format that has no section (`json`).
    NoSectionFormat(Format),
    /// A risk value, such as a severity, is not one of its spellings (`unknown_value`).
    RiskValue(relcore::risk::ParseError),
    /// A project configuration object is not a `config::ProjectConfig` (a wrong type or
    /// an unknown key).
    ProjectConfig(serde_json::Error),
    /// The `relcore.toml` at `path` is not a valid project configuration.
    ConfigFile { path: PathBuf, error: ConfigError },
    /// The `relcore.toml` at `path` exists but cannot be read.
    Read {
        path: PathBuf,
        error: std::io::Error,
    },
    /// A git operation failed.
    Git(GitError),
    /// A release could not be prepared.
    Release(ReleaseError),
    /// A plan or timeline `simulatePlan` cannot read, or a timeline format it does not
    /// know: the message, the code (the first diagnostic's, or `unknown_format`) and the
    /// diagnostics, their offsets already in UTF-16 code units.
    Simulation {
        message: String,
        code: String,
        diagnostics: Vec<Diagnostic>,
    },
    /// A classification object is not a `risk::Classification` (a missing key or a value
    /// of the wrong type): the message, which names the key.
    Classification(String),
}

impl From<ParseError> for CoreError {
    fn from(error: ParseError) -> Self {
        CoreError::Parse(error)
    }
}

impl From<BumpError> for CoreError {
    fn from(error: BumpError) -> Self {
        CoreError::Bump(error)
    }
}

impl From<serde_json::Error> for CoreError {
    fn from(error: serde_json::Error) -> Self {
        CoreError::Policy(error)
    }
}

impl From<TagError> for CoreError {
    fn from(error: TagError) -> Self {
        CoreError::Tag(error)
    }
}

impl From<RenderError> for CoreError {
    fn from(error: RenderError) -> Self {
        CoreError::Render(error)
    }
}

impl From<UpdateError> for CoreError {
    fn from(error: UpdateError) -> Self {
        CoreError::Update(error)
    }
}

impl From<relcore::risk::ParseError> for CoreError {
    fn from(error: relcore::risk::ParseError) -> Self {
        CoreError::RiskValue(error)
    }
}

impl From<GitError> for CoreError {
    fn from(error: GitError) -> Self {
        CoreError::Git(error)
    }
}

/// A failed release flow: an unreadable or invalid `relcore.toml` as when reading it
/// (`io`, `invalid_config`); anything else keeps relcore-release's error.
impl From<ReleaseError> for CoreError {
    fn from(error: ReleaseError) -> Self {
        match error {
            ReleaseError::Config(ConfigFileError::Read { path, error }) => {
                CoreError::Read { path, error }
            }
            ReleaseError::Config(ConfigFileError::Invalid { path, error }) => {
                CoreError::ConfigFile { path, error }
            }
            other => CoreError::Release(other),
        }
    }
}

/// The properties of the thrown `Error`.
#[derive(Default)]
struct Thrown {
    code: Cow<'static, str>,
    message: String,
    offset: Option<u32>,
    hint: Option<String>,
    index: Option<u32>,
    template: Option<String>,
    line: Option<u32>,
    column: Option<u32>,
    diagnostics: Option<Vec<Diagnostic>>,
}

impl CoreError {
    #[expect(
        clippy::too_many_lines,
        reason = "one flat arm per error kind, as the module docs list them"
    )]
    fn thrown(&self) -> Thrown {
        match self {
            CoreError::Parse(error) => Thrown {
                code: error.kind().as_str().into(),
                message: error.to_string(),
                offset: Some(utf16_offset(error)),
                hint: error.hint(),
                ..Thrown::default()
            },
            CoreError::Item { index, error } => Thrown {
                code: error.kind().as_str().into(),
                message: format!("item {index}: {error}"),
                offset: Some(utf16_offset(error)),
                hint: error.hint(),
                index: Some(saturating_u32(*index)),
                ..Thrown::default()
            },
            CoreError::Bump(error) => Thrown {
                code: error.kind().as_str().into(),
                message: error.to_string(),
                ..Thrown::default()
            },
            CoreError::Policy(error) => Thrown {
                code: "invalid_policy".into(),
                message: format!("invalid policy: {error}"),
                ..Thrown::default()
            },
            CoreError::PlanContext(error) => Thrown {
                code: "invalid_context".into(),
                message: format!("invalid plan context: {error}"),
                ..Thrown::default()
            },
            CoreError::Date { text, error } => Thrown {
                code: "invalid_date".into(),
                message: format!("invalid date `{text}`: {error}, expected YYYY-MM-DD"),
                ..Thrown::default()
            },
            CoreError::Config(error) => Thrown {
                code: "invalid_config".into(),
                message: format!("invalid changelog config: {error}"),
                ..Thrown::default()
            },
            CoreError::Tag(error) => Thrown {
                code: error.kind().as_str().into(),
                message: error.to_string(),
                ..Thrown::default()
            },
            CoreError::Render(error) => Thrown {
                code: error.kind().as_str().into(),
                message: error.to_string(),
                template: Some(error.template().to_owned()).filter(|name| !name.is_empty()),
                line: error.line().map(saturating_u32),
                column: error.column().map(saturating_u32),
                ..Thrown::default()
            },
            CoreError::Update(error) => Thrown {
                code: error.kind().as_str().into(),
                message: error.to_string(),
                ..Thrown::default()
            },
            CoreError::NoSectionFormat(format) => Thrown {
                code: "unknown_format".into(),
                message: format!(
                    "a changelog section needs a text format (keep-a-changelog or release-notes) or a template, not `{format}`"
                ),
                ..Thrown::default()
            },
            CoreError::RiskValue(error) => Thrown {
                code: error.kind().as_str().into(),
                message: error.to_string(),
                ..Thrown::default()
            },
            CoreError::ProjectConfig(error) => Thrown {
                code: "invalid_config".into(),
                message: format!("invalid project config: {error}"),
                ..Thrown::default()
            },
            CoreError::ConfigFile { path, error } => Thrown {
                code: error.code().into(),
                message: format!("{}:{error}", path.display()),
                line: error.line().map(saturating_u32),
                column: error.column().map(saturating_u32),
                ..Thrown::default()
            },
            CoreError::Read { path, error } => Thrown {
                code: "io".into(),
                message: format!("reading {}: {error}", path.display()),
                ..Thrown::default()
            },
            CoreError::Git(error) => Thrown {
                code: error.kind().as_str().into(),
                message: error.to_string(),
                ..Thrown::default()
            },
            CoreError::Release(error) => Thrown {
                code: error.code().into(),
                message: error.to_string(),
                line: error.line().map(saturating_u32),
                column: error.column().map(saturating_u32),
                ..Thrown::default()
            },
            CoreError::Simulation {
                message,
                code,
                diagnostics,
            } => Thrown {
                code: code.clone().into(),
                message: message.clone(),
                line: diagnostics.first().and_then(|d| d.line).map(saturating_u32),
                column: diagnostics
                    .first()
                    .and_then(|d| d.column)
                    .map(saturating_u32),
                diagnostics: Some(diagnostics.clone()),
                ..Thrown::default()
            },
            CoreError::Classification(message) => Thrown {
                code: "invalid_classification".into(),
                message: message.clone(),
                ..Thrown::default()
            },
        }
    }

    /// The napi error that throws this core error as described in the module docs.
    pub(crate) fn into_napi(self, env: Env) -> napi::Error {
        let thrown = self.thrown();
        let message = thrown.message.clone();
        build(env, thrown).unwrap_or_else(|_| napi::Error::new(Status::GenericFailure, message))
    }
}

/// Creates the JS `Error` (napi-rs sets `code` from the custom status), adds the extra
/// properties, and wraps it so that napi-rs throws this very object.
fn build(env: Env, thrown: Thrown) -> napi::Result<napi::Error> {
    let error = napi::Error::new(Code(thrown.code), thrown.message);
    let mut object = JsError::from(error).into_unknown(env).coerce_to_object()?;
    if let Some(offset) = thrown.offset {
        object.set_named_property("offset", offset)?;
    }
    if let Some(hint) = thrown.hint {
        object.set_named_property("hint", hint)?;
    }
    if let Some(index) = thrown.index {
        object.set_named_property("index", index)?;
    }
    if let Some(template) = thrown.template {
        object.set_named_property("template", template)?;
    }
    if let Some(line) = thrown.line {
        object.set_named_property("line", line)?;
    }
    if let Some(column) = thrown.column {
        object.set_named_property("column", column)?;
    }
    if let Some(diagnostics) = thrown.diagnostics {
        object.set_named_property("diagnostics", env.to_js_value(&diagnostics)?)?;
    }
    Ok(napi::Error::from_unknown_without_coercion(
        object.to_unknown(),
    ))
}

/// An index, line or column as a JavaScript number.
fn saturating_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// The core's UTF-8 byte offset as a UTF-16 offset into the same input.
fn utf16_offset(error: &ParseError) -> u32 {
    u32::try_from(convert::utf16_offset(error.input(), error.offset())).unwrap_or(u32::MAX)
}

/// `result.or_throw(env)?`: converts a core error with [`CoreError::into_napi`].
pub(crate) trait OrThrow<T> {
    fn or_throw(self, env: Env) -> napi::Result<T>;
}

impl<T, E: Into<CoreError>> OrThrow<T> for Result<T, E> {
    fn or_throw(self, env: Env) -> napi::Result<T> {
        self.map_err(|error| error.into().into_napi(env))
    }
}
