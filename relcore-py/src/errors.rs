//! The one mapping from the binding's errors to raised Python exceptions.
//!
//! The exception classes are plain Python (`python/relcore/errors.py`), imported here
//! with `import_exception!` so Python code can subclass, pickle and document them like
//! any other class. Every relcore error is read through the core's one error contract
//! (`relcore::error::Coded`): its message is the error's `Display`, its `kind` the stable
//! slug (`docs/errors.md` lists them), its `line`, `column` and `template` the error's
//! location, its `hint` the core's suggestion. Which class it raises depends on the area
//! ([`Class`]): `VersionError` for versions and bumps (with `offset` in code points),
//! `PolicyError` for policies, `ChangelogError` for changelogs, tag formats, dates and
//! changelog configs, `GitError`, `RiskError`, `PlanError` for plan contexts and
//! classifications, `HotfixError` and `ReadyError` for hotfix requests and checklists, `PipelineError` for
//! release records, `AnnounceError` for announcement requests, `ConfigError` for project configurations, and `ReleaseError` for every
//! classifications, `HotfixError` and `ReadyError` for hotfix requests and checklists, `MetricsError` for metric facts and options, `WorkspaceError` for workspaces and release sets (planning errors and invalid values; dependency requirements raise `VersionError`, offset in code points), `ConfigError` for project configurations, and `ReleaseError` for every
//! other failure of `release`. Plain values the core does not accept (a policy, a context,
//! a config) are `relcore::input` errors: the core picks the slug and names the key. A plan
//! or timeline that cannot be read raises `SimulationError` with every diagnostic
//! (code-point offsets). Arguments of the wrong Python type raise `TypeError`; a
//! `relcore.toml` that cannot be read raises `OSError`.

use std::path::PathBuf;

use pyo3::PyErr;
use pyo3::exceptions::{PyOSError, PyRuntimeError, PyTypeError};
use relcore::error::Coded;
use relcore::input::{InputError, InputKind};
use relcore::version::{BumpErrorKind, ParseError, TagError};

use crate::convert::{code_point_diagnostics, code_point_offset};

pyo3::import_exception!(relcore.errors, VersionError);
pyo3::import_exception!(relcore.errors, PolicyError);
pyo3::import_exception!(relcore.errors, ChangelogError);
pyo3::import_exception!(relcore.errors, GitError);
pyo3::import_exception!(relcore.errors, ReleaseError);
pyo3::import_exception!(relcore.errors, ConfigError);
pyo3::import_exception!(relcore.errors, RiskError);
pyo3::import_exception!(relcore.errors, PlanError);
pyo3::import_exception!(relcore.errors, SimulationError);
pyo3::import_exception!(relcore.errors, HotfixError);
pyo3::import_exception!(relcore.errors, ReadyError);
pyo3::import_exception!(relcore.errors, PipelineError);
pyo3::import_exception!(relcore.errors, AnnounceError);
pyo3::import_exception!(relcore.errors, MetricsError);
pyo3::import_exception!(relcore.errors, WorkspaceError);

/// The exception class a relcore error raises: by the area it belongs to, or by the
/// function that failed (`release` raises `ReleaseError` for all its failures).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Class {
    Version,
    Policy,
    Changelog,
    Git,
    Release,
    Config,
    Risk,
    Plan,
    Hotfix,
    Ready,
    Pipeline,
    Announce,
    Metrics,
    Workspace,
}

impl Class {
    /// The class of an invalid plain value, by what it was meant to be.
    fn of_input(kind: InputKind) -> Class {
        match kind {
            InputKind::Policy | InputKind::RiskPolicy => Class::Policy,
            InputKind::PlanContext | InputKind::Classification => Class::Plan,
            InputKind::ProjectConfig => Class::Config,
            InputKind::HotfixRequest => Class::Hotfix,
            InputKind::ReadyFacts | InputKind::Checklist => Class::Ready,
            InputKind::Time | InputKind::ReleaseRecord => Class::Pipeline,
            InputKind::Announcement => Class::Announce,
            InputKind::MetricsInput | InputKind::MetricsOptions => Class::Metrics,
            InputKind::Workspace => Class::Workspace,
            _ => Class::Changelog,
        }
    }
}

/// A failure on its way to Python.
#[derive(Debug)]
pub enum BindingError {
    /// A version string did not parse; `item` is its index in a list argument.
    Parse {
        error: ParseError,
        item: Option<usize>,
    },
    /// A tag format argument that does not parse.
    TagFormat { error: TagError, template: String },
    /// Any other relcore error, raised as `class` with the error contract's code,
    /// message and location.
    Relcore {
        class: Class,
        error: Box<dyn Coded + Send + Sync>,
    },
    /// An error about a plan or a timeline: `SimulationError` with the diagnostics, their
    /// offsets in code points of `text`.
    Document {
        error: Box<dyn Coded + Send + Sync>,
        text: String,
    },
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
    /// A release date that is neither a `str` nor a `datetime.date`.
    DateType { found: String },
    /// A time that is neither a `str` nor a `datetime.datetime`.
    TimeType { found: String },
    /// A changelog config, project config or policy that is not a mapping.
    ConfigType { found: String },
    /// A list argument (of bumps, tags, repositories) given as a `str` or a mapping.
    ListType { found: String },
    /// A requirement argument that is neither a `Requirement` nor a `str`.
    RequirementType { found: String },
    /// A list of strings that is not iterable (`item` `None`), or the index of an item
    /// that is not a `str`.
    StrType { found: String, item: Option<usize> },
    /// A file that could not be read.
    Io {
        path: PathBuf,
        error: std::io::Error,
    },
    /// A timeline argument that is neither a `str` nor an iterable of JSON-like records.
    TimelineArg(String),
    /// A core value that did not convert to Python (a bug: core types always do).
    Serialize(String),
    /// An exception Python raised while converting an argument (such as iterating it).
    Python(PyErr),
}

impl BindingError {
    /// `error` raised as `class`.
    pub fn relcore(class: Class, error: impl Coded + Send + Sync + 'static) -> BindingError {
        BindingError::Relcore {
            class,
            error: Box::new(error),
        }
    }

    /// An error about the plan or timeline `text`.
    pub fn document(error: impl Coded + Send + Sync + 'static, text: &str) -> BindingError {
        BindingError::Document {
            error: Box::new(error),
            text: text.to_owned(),
        }
    }

    /// The same error raised as `class` (a relcore error; others are unchanged).
    #[must_use]
    pub fn raised_as(self, class: Class) -> BindingError {
        match self {
            BindingError::Relcore { error, .. } => BindingError::Relcore { class, error },
            other => other,
        }
    }
}

impl From<PyErr> for BindingError {
    fn from(err: PyErr) -> Self {
        BindingError::Python(err)
    }
}

/// The class of each relcore error type the binding meets.
macro_rules! raised_as {
    ($($error:ty => $class:ident),* $(,)?) => {
        $(impl From<$error> for BindingError {
            fn from(err: $error) -> Self {
                BindingError::relcore(Class::$class, err)
            }
        })*
    };
}

raised_as! {
    relcore::version::BumpError => Version,
    TagError => Changelog,
    relcore::changelog::RenderError => Changelog,
    relcore::changelog::UpdateError => Changelog,
    relcore_git::GitError => Git,
    relcore::risk::ParseError => Risk,
    relcore::hotfix::HotfixError => Hotfix,
    relcore::ready::ReadyError => Ready,
    relcore::plan::RecordError => Pipeline,
    relcore::announce::AnnounceError => Announce,
    relcore::metrics::MetricsError => Metrics,
    relcore::version::RequirementError => Version,
    relcore::workspace::WorkspaceError => Workspace,
}

impl From<InputError> for BindingError {
    fn from(err: InputError) -> Self {
        BindingError::relcore(Class::of_input(err.kind()), err)
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
                BindingError::relcore(Class::Config, error)
            }
            other => BindingError::relcore(Class::Release, other),
        }
    }
}

/// `item N: ` for an item of a list, nothing otherwise.
fn item_prefix(item: Option<usize>) -> String {
    item.map(|i| format!("item {i}: ")).unwrap_or_default()
}

/// The exception of `class` for `error`, with the arguments that class takes.
fn raise(class: Class, error: &(dyn Coded + Send + Sync + 'static)) -> PyErr {
    let (message, kind, at) = (error.to_string(), error.code().to_owned(), error.location());
    let error_ref = error as &dyn std::error::Error;
    match class {
        Class::Version => {
            // A requirement's offset, in code points of the requirement.
            let offset = error_ref
                .downcast_ref::<relcore::version::RequirementError>()
                .map(|e| code_point_offset(e.input(), e.offset()));
            VersionError::new_err((message, kind, offset, error.hint()))
        }
        Class::Policy => PolicyError::new_err((message, kind)),
        Class::Changelog => {
            ChangelogError::new_err((message, kind, at.template, at.line, at.column))
        }
        Class::Git => GitError::new_err((message, kind)),
        Class::Release => ReleaseError::new_err((message, kind, at.line, at.column)),
        Class::Config => ConfigError::new_err((message, kind, at.line, at.column)),
        Class::Risk => RiskError::new_err((message, kind)),
        Class::Plan => PlanError::new_err((message, kind)),
        Class::Hotfix => HotfixError::new_err((message, kind)),
        Class::Ready => ReadyError::new_err((message, kind)),
        Class::Pipeline => PipelineError::new_err((message, kind)),
        Class::Announce => AnnounceError::new_err((message, kind)),
        Class::Metrics => MetricsError::new_err((message, kind)),
        Class::Workspace => {
            // A planning error is located in a manifest (its file, line and column); an
            // invalid value names its key in the message.
            let planning = error_ref.downcast_ref::<relcore::workspace::WorkspaceError>();
            let site = planning.and_then(relcore::workspace::WorkspaceError::site);
            let cycle = planning.map(|e| e.cycle().to_vec()).unwrap_or_default();
            WorkspaceError::new_err((
                message,
                kind,
                site.map(|s| s.file.clone()),
                site.map(|s| s.line),
                site.map(|s| s.column),
                cycle,
                error.hint(),
            ))
        }
    }
}

/// A `SimulationError` with the diagnostics as dicts (code-point offsets into `text`),
/// and the first one's line and column.
fn simulation_error(error: &dyn Coded, text: &str) -> PyErr {
    let at = error.location();
    let diagnostics = code_point_diagnostics(text, error.diagnostics().to_vec());
    pyo3::Python::attach(|py| match pythonize::pythonize(py, &diagnostics) {
        Ok(diagnostics) => SimulationError::new_err((
            error.to_string(),
            error.code().to_owned(),
            diagnostics.unbind(),
            at.line,
            at.column,
        )),
        Err(e) => PyRuntimeError::new_err(format!("relcore could not convert a result: {e}")),
    })
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
            BindingError::TagFormat { error, template } => VersionError::new_err((
                error.to_string(),
                error.kind().as_str(),
                Some(code_point_offset(&template, error.offset())),
                None::<String>,
            )),
            BindingError::Relcore { class, error } => raise(class, &*error),
            BindingError::Document { error, text } => simulation_error(&*error, &text),
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
            BindingError::DateType { found } => {
                PyTypeError::new_err(format!("expected str or datetime.date, got {found}"))
            }
            BindingError::TimeType { found } => {
                PyTypeError::new_err(format!("expected str or datetime.datetime, got {found}"))
            }
            BindingError::ConfigType { found } => {
                PyTypeError::new_err(format!("expected a mapping, got {found}"))
            }
            BindingError::ListType { found } => {
                PyTypeError::new_err(format!("expected an iterable of mappings, got {found}"))
            }
            BindingError::RequirementType { found } => {
                PyTypeError::new_err(format!("expected str or Requirement, got {found}"))
            }
            BindingError::StrType { found, item: None } => {
                PyTypeError::new_err(format!("expected an iterable of str, got {found}"))
            }
            BindingError::StrType { found, item } => {
                PyTypeError::new_err(format!("{}expected str, got {found}", item_prefix(item)))
            }
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
            BindingError::TimelineArg(message) => PyTypeError::new_err(message),
            BindingError::Serialize(error) => {
                PyRuntimeError::new_err(format!("relcore could not convert a result: {error}"))
            }
            BindingError::Python(err) => err,
        }
    }
}
