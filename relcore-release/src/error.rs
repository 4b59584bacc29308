//! The application layer's one error type: what failed, with the failing layer's own error
//! kept as the source, so its slug and location (a template's line and column, a
//! `relcore.toml` problem's) reach every language unchanged.

use relcore::changelog::{RenderError, UpdateError};
use relcore::error::{Coded, Location};
use relcore::version::{BumpError, TagError};
use relcore_git::GitError;

use crate::config::ConfigFileError;
use crate::files::FileError;

/// A release flow that failed: the stable slug of [`ReleaseError::code`], the message of
/// the error underneath, and its location when it has one.
///
/// ```
/// use relcore::changelog::Template;
/// use relcore_release::ReleaseError;
///
/// let bad = Template::new("notes.md", "{% for %}").unwrap_err();
/// let err = ReleaseError::from(bad.clone());
/// assert_eq!(err.code(), "template_syntax");
/// assert_eq!((err.line(), err.column()), (bad.line(), bad.column()));
/// assert_eq!(err.to_string(), bad.to_string());
/// ```
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ReleaseError {
    /// Git failed (`not_a_repository`, `empty_repository`, `tag_exists`, …).
    #[error(transparent)]
    Git(#[from] GitError),
    /// `relcore.toml` is missing (when named), unreadable or invalid.
    #[error(transparent)]
    Config(#[from] ConfigFileError),
    /// The run names no package of `[packages]`, or one it does not have
    /// (`package_required`, `unknown_package`).
    #[error(transparent)]
    Package(#[from] crate::config::PackageError),
    /// The packages cannot be planned together (`dependency_cycle`, `cannot_rewrite`, …).
    #[error(transparent)]
    Workspace(#[from] relcore::workspace::WorkspaceError),
    /// The policy cannot make the bump (`invalid_identifier`, `would_not_advance`).
    #[error(transparent)]
    Bump(#[from] BumpError),
    /// The tag format needs a package the configuration does not name.
    #[error(transparent)]
    Tag(#[from] TagError),
    /// A changelog template does not compile or render (`template_syntax`,
    /// `template_render`), with its line and column.
    #[error(transparent)]
    Changelog(#[from] RenderError),
    /// The release cannot be inserted into the changelog.
    #[error(transparent)]
    Update(#[from] UpdateError),
    /// A file could not be resolved, read or written.
    #[error(transparent)]
    File(#[from] FileError),
    /// A hotfix cannot be planned (`prerelease_production`, `invalid_branch_template`, …).
    #[error(transparent)]
    Hotfix(#[from] relcore::hotfix::HotfixError),
    /// The go / no-go checklist is wrong (`unknown_check`, `invalid_comparison`, …).
    #[error(transparent)]
    Ready(#[from] relcore::ready::ReadyError),
    /// Release metrics cannot be computed (`invalid_deployment`, …).
    #[error(transparent)]
    Metrics(#[from] relcore::metrics::MetricsError),
    /// A facts file is not a mapping of names to values (`invalid_facts`).
    #[error(transparent)]
    Facts(#[from] crate::ops::FactsError),
    /// A release record cannot take an event (the transition's slug, `time_before_last`,
    /// `unknown_event`) or does not hang together (`invalid_release_record`).
    #[error(transparent)]
    Record(#[from] relcore::plan::RecordError),
    /// A release record file cannot be found, read or written (`no_record`,
    /// `record_exists`, `record_changed`, `record_locked`, …).
    #[error(transparent)]
    RecordFile(#[from] crate::pipeline::RecordFileError),
    /// A manifest cannot take an edit (`requirement_mismatch`: it changed since it was
    /// read; `unquotable_requirement`): nothing was written.
    #[error("{file}: {error}; nothing was written")]
    Manifest {
        /// The manifest, relative to the repository root.
        file: String,
        /// Why.
        error: relcore::manifest::ManifestError,
    },
    /// A release set's file is missing or wrong, or names a repository that cannot be
    /// opened (`set_not_found`, `invalid_set`, `not_a_repository`, `unknown_package`),
    /// each problem located.
    #[error(transparent)]
    Set(#[from] crate::set::SetFileError),
    /// A repository of a release set failed: its name, and its own error.
    #[error("repository `{name}`: {error}")]
    Repository {
        /// The repository's name in the set.
        name: String,
        /// Its error.
        error: Box<ReleaseError>,
    },
    /// A release that cannot take its files, or whose rollout plan has errors
    /// (`invalid_plan`), where a refusal must stop the run (a release set's preflight).
    #[error(transparent)]
    Refused(#[from] crate::apply::Refusal),
    /// The release commit (or its tag) failed after the release files were written; they
    /// were put back when `restored`.
    #[error("{}", crate::apply::undone_message(error, *restored))]
    Undone {
        /// Why the commit failed.
        error: GitError,
        /// Whether every file has its old text back.
        restored: bool,
    },
}

/// The underlying error's code, location and hint.
impl Coded for ReleaseError {
    fn code(&self) -> &str {
        self.source_error().code()
    }
    fn location(&self) -> Location {
        self.source_error().location()
    }
    fn hint(&self) -> Option<String> {
        self.source_error().hint()
    }
}

impl ReleaseError {
    /// The error underneath, read through the one error contract.
    fn source_error(&self) -> &dyn Coded {
        match self {
            ReleaseError::Git(e) | ReleaseError::Undone { error: e, .. } => e,
            ReleaseError::Config(e) => e,
            ReleaseError::Package(e) => e,
            ReleaseError::Workspace(e) => e,
            ReleaseError::Bump(e) => e,
            ReleaseError::Tag(e) => e,
            ReleaseError::Changelog(e) => e,
            ReleaseError::Update(e) => e,
            ReleaseError::File(e) => e,
            ReleaseError::Hotfix(e) => e,
            ReleaseError::Ready(e) => e,
            ReleaseError::Metrics(e) => e,
            ReleaseError::Facts(e) => e,
            ReleaseError::Record(e) => e,
            ReleaseError::RecordFile(e) => e,
            ReleaseError::Manifest { error, .. } => error,
            ReleaseError::Set(e) => e,
            ReleaseError::Repository { error, .. } => error.as_ref(),
            ReleaseError::Refused(e) => e,
        }
    }

    /// The stable slug: the underlying error's (`empty_repository`, `template_syntax`,
    /// `invalid_config`, `path_outside_repository`, `io`, …).
    pub fn code(&self) -> &str {
        self.source_error().code()
    }

    /// The 1-based line of the problem in its file (a template, `relcore.toml`), when
    /// known.
    pub fn line(&self) -> Option<usize> {
        self.source_error().location().line
    }

    /// The 1-based column of the problem in its file, when known.
    pub fn column(&self) -> Option<usize> {
        self.source_error().location().column
    }

    /// The file and the place of its first byte that is not UTF-8, when that is the
    /// problem (`invalid_utf8`): a template, a changelog, a version file, `relcore.toml`, a
    /// set file.
    pub fn invalid_utf8(&self) -> Option<(&std::path::Path, &relcore::diagnostic::InvalidUtf8)> {
        match self {
            ReleaseError::File(e) | ReleaseError::Set(crate::set::SetFileError::File(e)) => {
                e.invalid_utf8()
            }
            ReleaseError::Config(ConfigFileError::NotUtf8 { path, error }) => {
                Some((path.as_path(), error))
            }
            _ => None,
        }
    }
}
