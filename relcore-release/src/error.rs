//! The application layer's one error type: what failed, with the failing layer's own error
//! kept as the source, so its slug and location (a template's line and column, a
//! `relcore.toml` problem's) reach every language unchanged.

use relcore::changelog::{RenderError, UpdateError};
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

impl ReleaseError {
    /// The stable slug: the underlying error's (`empty_repository`, `template_syntax`,
    /// `invalid_config`, `path_outside_repository`, `io`, …).
    pub fn code(&self) -> &'static str {
        match self {
            ReleaseError::Git(e) => e.kind().as_str(),
            ReleaseError::Config(e) => e.code(),
            ReleaseError::Bump(e) => e.kind().as_str(),
            ReleaseError::Tag(e) => e.kind().as_str(),
            ReleaseError::Changelog(e) => e.kind().as_str(),
            ReleaseError::Update(e) => e.kind().as_str(),
            ReleaseError::File(e) => e.kind().as_str(),
            ReleaseError::Undone { error, .. } => error.kind().as_str(),
        }
    }

    /// The 1-based line of the problem in its file (a template, `relcore.toml`), when
    /// known.
    pub fn line(&self) -> Option<usize> {
        match self {
            ReleaseError::Changelog(e) => e.line(),
            ReleaseError::Config(e) => e.line(),
            ReleaseError::File(e) => e.invalid_utf8().map(|(_, at)| at.line),
            _ => None,
        }
    }

    /// The 1-based column of the problem in its file, when known.
    pub fn column(&self) -> Option<usize> {
        match self {
            ReleaseError::Changelog(e) => e.column(),
            ReleaseError::Config(e) => e.column(),
            ReleaseError::File(e) => e.invalid_utf8().map(|(_, at)| at.column),
            _ => None,
        }
    }

    /// The file and the place of its first byte that is not UTF-8, when that is the
    /// problem (`invalid_utf8`): a template, a changelog, a version file, `relcore.toml`.
    pub fn invalid_utf8(&self) -> Option<(&std::path::Path, &relcore::diagnostic::InvalidUtf8)> {
        match self {
            ReleaseError::File(e) => e.invalid_utf8(),
            ReleaseError::Config(ConfigFileError::NotUtf8 { path, error }) => {
                Some((path.as_path(), error))
            }
            _ => None,
        }
    }
}
