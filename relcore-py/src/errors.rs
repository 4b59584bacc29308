//! The one mapping from the binding's errors to raised Python exceptions.
//!
//! The exception classes are plain Python (`python/relcore/errors.py`), imported here
//! with `import_exception!` so Python code can subclass, pickle and document them like
//! any other class. Every relcore failure on input raises `relcore.VersionError`, whose
//! message is the core error's `Display`, whose `kind` is the core kind's stable slug
//! (`leading_zero`, `not_a_prerelease`, ...; `docs/errors.md` lists them), whose `offset`
//! is the position of a parse error in code points (Python's string index) and whose
//! `hint` is the core's suggestion, when it has one. Errors about one item of a list
//! start their message with `item N: `. Arguments of the wrong Python type raise
//! `TypeError`. Next-version policy options the core's policy does not accept raise
//! `relcore.PolicyError` with kind `invalid_policy`. Changelogs that cannot be built,
//! rendered or inserted raise `relcore.ChangelogError`, whose `kind` is the core kind's
//! slug (`missing_package`, `template_syntax`, `version_exists`, ...) or the binding's
//! `invalid_date` or `invalid_config`, and whose `template`, `line` and `column` locate a
//! template error when the core knows where it is.
//!
//! The git functions raise `relcore.GitError`, whose `kind` is relcore-git's slug
//! (`not_a_repository`, `empty_repository`, `tag_exists`, ...), and `release` raises
//! `relcore.ReleaseError`, whose `kind` is relcore-release's `ReleaseError::code()` (a git
//! slug, the policy's, the tag format's or the template's) and whose `line` and `column`
//! locate a template error, or `relcore.ConfigError`
//! (`invalid_config`, with the `line` and `column` of an invalid `relcore.toml`). An
//! invalid tag format raises `VersionError` with the tag format's slug and offset. Risk
//! values that do not parse (a severity) raise `relcore.RiskError` with the core's slug
//! `unknown_value`, and risk policies the core does not accept `PolicyError`. A rollout
//! plan check's context the core's `plan::Context` does not accept raises
//! `relcore.PlanError` with kind `invalid_context` (problems in the plan itself are
//! diagnostics, never errors), and a classification mapping the core's
//! `risk::Classification` does not accept `PlanError` with kind `invalid_classification`.
//! A plan or a timeline that `simulate_plan` cannot read raises `relcore.SimulationError`
//! (a `PlanError`), whose `kind` is the first diagnostic's code, `diagnostics` the located
//! problems as dicts (code-point offsets) and `line` and `column` the first one's; an
//! unknown timeline format raises it with kind `unknown_format` and no diagnostics.

use std::path::PathBuf;

use pyo3::PyErr;
use pyo3::exceptions::{PyOSError, PyRuntimeError, PyTypeError};
use relcore::changelog::{RenderError, RenderErrorKind, UpdateError};
use relcore::diagnostic::Diagnostic;
use relcore::version::{BumpError, BumpErrorKind, ParseError, TagError};

use crate::convert::code_point_offset;

pyo3::import_exception!(relcore.errors, VersionError);
pyo3::import_exception!(relcore.errors, PolicyError);
pyo3::import_exception!(relcore.errors, ChangelogError);
pyo3::import_exception!(relcore.errors, GitError);
pyo3::import_exception!(relcore.errors, ReleaseError);
pyo3::import_exception!(relcore.errors, ConfigError);
pyo3::import_exception!(relcore.errors, RiskError);
pyo3::import_exception!(relcore.errors, PlanError);
pyo3::import_exception!(relcore.errors, SimulationError);

/// The kind of every [`BindingError::Policy`]: the core has no policy error of its own
/// (a policy is plain serde data), so this slug is the binding's.
const INVALID_POLICY: &str = "invalid_policy";

/// The kind of every [`BindingError::Date`], the same slug as the CLI's `--date` error
/// (the core takes a parsed date).
pub const INVALID_DATE: &str = "invalid_date";

/// The kind of every [`BindingError::Config`]: like a policy, a changelog config is plain
/// serde data without an error of its own. Also the kind of [`BindingError::ProjectConfig`],
/// the slug of the core's `relcore.toml` error.
const INVALID_CONFIG: &str = "invalid_config";

/// The kind of every [`BindingError::PlanContext`]: a plan check's context is plain serde
/// data, like a policy, without an error of its own.
const INVALID_CONTEXT: &str = "invalid_context";

/// The kind of every [`BindingError::Classification`]: a classification is plain serde
/// data, like a policy, without an error of its own.
const INVALID_CLASSIFICATION: &str = "invalid_classification";

/// A failure on its way to Python.
#[derive(Debug)]
pub enum BindingError {
    /// A version string did not parse; `item` is its index in a list argument.
    Parse {
        error: ParseError,
        item: Option<usize>,
    },
    /// A bump level or preid base did not parse, or the core refused a bump.
    Bump(BumpError),
    /// A preid base that is neither an `int`, a `str` nor a `bool`.
    BaseType { found: String },
    /// A version argument that is neither a `str` nor a `Version`; `item` is its index in
    /// a list argument.
    VersionType { found: String, item: Option<usize> },
    /// A list (of `expected`: versions, commits) passed as one `str`.
    StrNotIterable { expected: &'static str },
    /// An item of a commit list that is neither a message nor a mapping with a `str`
    /// `message` and optional `id`, `author` and `time` of the right types.
    CommitArg { item: usize, problem: String },
    /// Next-version policy options the core's `Policy` does not deserialise from.
    Policy(String),
    /// A release date string that is not `YYYY-MM-DD`.
    Date(String),
    /// A release date that is neither a `str` nor a `datetime.date`.
    DateType { found: String },
    /// A changelog config mapping the core's `Config` does not deserialise from.
    Config(String),
    /// A changelog config, project config or policy that is not a mapping.
    ConfigType { found: String },
    /// A list of strings that is not iterable (`item` `None`), or the index of an item
    /// that is not a `str`.
    StrType { found: String, item: Option<usize> },
    /// The tag format needs a package the config does not name.
    Tag(TagError),
    /// A tag format argument that does not parse.
    TagFormat { error: TagError, template: String },
    /// A failure of relcore-git.
    Git(relcore_git::GitError),
    /// A release date that is not `YYYY-MM-DD`: the binding's `invalid_date` and the
    /// message.
    Release { code: &'static str, message: String },
    /// A release that could not be prepared: relcore-release's error, whose code, line
    /// and column are the failing layer's (a template's position).
    ReleaseFlow(relcore_release::ReleaseError),
    /// A project configuration (`relcore.toml`, or a mapping) relcore does not accept,
    /// with the position in the file when there is one.
    ProjectConfig {
        message: String,
        line: Option<usize>,
        column: Option<usize>,
    },
    /// A file that could not be read.
    Io {
        path: PathBuf,
        error: std::io::Error,
    },
    /// Plan check options the core's `plan::Context` does not deserialise from.
    PlanContext(String),
    /// A plan or timeline `simulate_plan` cannot read, or a timeline format it does not
    /// know: the message, the slug (the first diagnostic's code, or `unknown_format`) and
    /// the diagnostics, their offsets already in code points.
    Simulation {
        message: String,
        kind: String,
        diagnostics: Vec<Diagnostic>,
    },
    /// A timeline argument that is neither a `str` nor an iterable of JSON-like records.
    TimelineArg(String),
    /// A `suggest_plan` classification mapping the core's `Classification` does not
    /// deserialise from.
    Classification(String),
    /// A risk value, such as a severity, that does not parse.
    Risk(relcore::risk::ParseError),
    /// An unknown format, or a template that does not compile or render.
    Render(RenderError),
    /// A release that cannot be inserted into the changelog.
    Update(UpdateError),
    /// `update_changelog` asked for JSON without a template: only text is inserted.
    UpdateFormat,
    /// A core value that did not serialise to JSON (a bug: core types always do).
    Serialize(serde_json::Error),
    /// An exception Python raised while converting an argument (such as iterating it).
    Python(PyErr),
}

impl From<PyErr> for BindingError {
    fn from(err: PyErr) -> Self {
        BindingError::Python(err)
    }
}

impl From<BumpError> for BindingError {
    fn from(err: BumpError) -> Self {
        BindingError::Bump(err)
    }
}

impl From<TagError> for BindingError {
    fn from(err: TagError) -> Self {
        BindingError::Tag(err)
    }
}

impl From<RenderError> for BindingError {
    fn from(err: RenderError) -> Self {
        BindingError::Render(err)
    }
}

impl From<UpdateError> for BindingError {
    fn from(err: UpdateError) -> Self {
        BindingError::Update(err)
    }
}

impl From<relcore_git::GitError> for BindingError {
    fn from(err: relcore_git::GitError) -> Self {
        BindingError::Git(err)
    }
}

/// A failed release flow: an unreadable `relcore.toml` is an `OSError` and an invalid one
/// a `ConfigError`, as when reading it; anything else keeps relcore-release's error.
impl From<relcore_release::ReleaseError> for BindingError {
    fn from(err: relcore_release::ReleaseError) -> Self {
        use relcore_release::{ConfigFileError, ReleaseError};
        match err {
            ReleaseError::Config(ConfigFileError::Read { path, error }) => {
                BindingError::Io { path, error }
            }
            ReleaseError::Config(error @ ConfigFileError::Invalid { .. }) => {
                BindingError::ProjectConfig {
                    message: error.to_string(),
                    line: error.line(),
                    column: error.column(),
                }
            }
            other => BindingError::ReleaseFlow(other),
        }
    }
}

impl From<relcore::risk::ParseError> for BindingError {
    fn from(err: relcore::risk::ParseError) -> Self {
        BindingError::Risk(err)
    }
}

/// `item N: ` for an item of a list, nothing otherwise.
fn item_prefix(item: Option<usize>) -> String {
    item.map(|i| format!("item {i}: ")).unwrap_or_default()
}

/// A `ChangelogError` that no template error located.
fn changelog_error(message: String, kind: &'static str) -> PyErr {
    ChangelogError::new_err((message, kind, None::<String>, None::<usize>, None::<usize>))
}

/// A `ReleaseError` with the failing layer's code, and its line and column when it has
/// them (a template error).
fn release_error(error: &relcore_release::ReleaseError) -> PyErr {
    ReleaseError::new_err((
        error.to_string(),
        error.code(),
        error.line(),
        error.column(),
    ))
}

/// A `SimulationError` with its diagnostics as dicts, and the first one's line and column.
fn simulation_error(message: String, kind: String, diagnostics: &[Diagnostic]) -> PyErr {
    let (line, column) = diagnostics
        .first()
        .map_or((None, None), |d| (d.line, d.column));
    match crate::convert::json(&diagnostics) {
        Ok(diagnostics) => SimulationError::new_err((message, kind, diagnostics, line, column)),
        Err(error) => PyErr::from(error),
    }
}

impl From<BindingError> for PyErr {
    fn from(err: BindingError) -> PyErr {
        match err {
            BindingError::Parse { error, item } => VersionError::new_err((
                format!("{}{error}", item_prefix(item)),
                error.kind().as_str(),
                Some(code_point_offset(error.input(), error.offset())),
                error.hint(),
            )),
            BindingError::Bump(error) => VersionError::new_err((
                error.to_string(),
                error.kind().as_str(),
                None::<usize>,
                None::<String>,
            )),
            BindingError::BaseType { found } => VersionError::new_err((
                format!("invalid preid base of type {found}, expected 0, 1, \"0\", \"1\" or False"),
                BumpErrorKind::InvalidBase.as_str(),
                None::<usize>,
                None::<String>,
            )),
            BindingError::VersionType { found, item } => PyTypeError::new_err(format!(
                "{}expected str or Version, got {found}",
                item_prefix(item)
            )),
            BindingError::StrNotIterable { expected } => PyTypeError::new_err(format!(
                "expected an iterable of {expected}, got a single str"
            )),
            BindingError::CommitArg { item, problem } => {
                PyTypeError::new_err(format!("{}{problem}", item_prefix(Some(item))))
            }
            BindingError::Policy(message) => PolicyError::new_err((message, INVALID_POLICY)),
            BindingError::Date(message) => changelog_error(message, INVALID_DATE),
            BindingError::DateType { found } => {
                PyTypeError::new_err(format!("expected str or datetime.date, got {found}"))
            }
            BindingError::Config(message) => changelog_error(message, INVALID_CONFIG),
            BindingError::ConfigType { found } => {
                PyTypeError::new_err(format!("expected a mapping, got {found}"))
            }
            BindingError::StrType { found, item: None } => {
                PyTypeError::new_err(format!("expected an iterable of str, got {found}"))
            }
            BindingError::StrType { found, item } => {
                PyTypeError::new_err(format!("{}expected str, got {found}", item_prefix(item)))
            }
            BindingError::Tag(error) => changelog_error(error.to_string(), error.kind().as_str()),
            BindingError::TagFormat { error, template } => VersionError::new_err((
                error.to_string(),
                error.kind().as_str(),
                Some(code_point_offset(&template, error.offset())),
                None::<String>,
            )),
            BindingError::Git(error) => GitError::new_err((error.to_string(), error.kind().as_str())),
            BindingError::Release { code, message } => ReleaseError::new_err((message, code)),
            BindingError::ReleaseFlow(error) => release_error(&error),
            BindingError::ProjectConfig {
                message,
                line,
                column,
            } => ConfigError::new_err((message, INVALID_CONFIG, line, column)),
            BindingError::Io { path, error } => match error.raw_os_error() {
                // `OSError(errno, strerror, filename)` is the subclass for the errno, such
                // as `PermissionError`, and reads `[Errno 13] Permission denied: '...'`.
                Some(errno) => {
                    let text = error.to_string();
                    let strerror = text.split(" (os error").next().unwrap_or_default();
                    let filename = path.to_string_lossy().into_owned();
                    PyOSError::new_err((errno, strerror.to_owned(), filename))
                }
                None => PyOSError::new_err(format!("reading {}: {error}", path.display())),
            },
            BindingError::PlanContext(message) => PlanError::new_err((message, INVALID_CONTEXT)),
            BindingError::Simulation {
                message,
                kind,
                diagnostics,
            } => simulation_error(message, kind, &diagnostics),
            BindingError::TimelineArg(message) => PyTypeError::new_err(message),
            BindingError::Classification(message) => {
                PlanError::new_err((message, INVALID_CLASSIFICATION))
            }
            BindingError::Risk(error) => RiskError::new_err((error.to_string(), error.kind().as_str())),
            BindingError::Render(error) => ChangelogError::new_err((
                error.to_string(),
                error.kind().as_str(),
                Some(error.template().to_owned()).filter(|name| !name.is_empty()),
                error.line(),
                error.column(),
            )),
            BindingError::Update(error) => {
                changelog_error(error.to_string(), error.kind().as_str())
            }
            BindingError::UpdateFormat => changelog_error(
                "update_changelog needs a text format, keep-a-changelog or release-notes, or a template".to_owned(),
                RenderErrorKind::UnknownFormat.as_str(),
            ),
            BindingError::Serialize(error) => {
                PyRuntimeError::new_err(format!("relcore could not serialise a result: {error}"))
            }
            BindingError::Python(err) => err,
        }
    }
}
