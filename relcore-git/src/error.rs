//! The adapter's one error type: a stable kind and a message. git2's error type stays
//! private, so git2 never becomes a public dependency.

use std::fmt;

use serde::{Deserialize, Serialize};

/// What went wrong, as a stable slug shared by every language.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum GitErrorKind {
    /// No repository at the path or any parent.
    NotARepository,
    /// The repository has no commits yet (an unborn HEAD).
    EmptyRepository,
    /// The history is shallow and stops before the release tag or revision.
    ShallowHistory,
    /// A revision or tag that does not exist.
    UnknownRevision,
    /// Creating a tag that already exists.
    TagExists,
    /// A tag name git does not accept.
    InvalidTagName,
    /// No committer identity (`user.name`, `user.email`) to sign a tag with.
    NoIdentity,
    /// A bare repository: there is no work tree to write release files in.
    BareRepository,
    /// HEAD is detached and the release was not allowed on a detached HEAD.
    DetachedHead,
    /// The index holds staged changes to other files, which would slip into the release
    /// commit.
    StagedChanges,
    /// HEAD moved while the release was being made (another commit landed).
    HeadMoved,
    /// Signing was asked for (`--sign`, `commit.gpgSign`, `tag.gpgSign`) and could not be
    /// done: the program is missing, failed, or no key is configured.
    SigningFailed,
    /// Creating a branch that already exists (relcore never moves a ref it did not
    /// create).
    BranchExists,
    /// A branch name git does not accept.
    InvalidBranchName,
    /// A ref relcore made earlier in the run no longer names what it made (undoing a
    /// release leaves it alone).
    RefMoved,
    /// Any other failure reported by git.
    Git,
}

impl GitErrorKind {
    /// The stable slug, e.g. `tag_exists`.
    ///
    /// ```
    /// use relcore_git::GitErrorKind;
    /// assert_eq!(GitErrorKind::ShallowHistory.as_str(), "shallow_history");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            GitErrorKind::NotARepository => "not_a_repository",
            GitErrorKind::EmptyRepository => "empty_repository",
            GitErrorKind::ShallowHistory => "shallow_history",
            GitErrorKind::UnknownRevision => "unknown_revision",
            GitErrorKind::TagExists => "tag_exists",
            GitErrorKind::InvalidTagName => "invalid_tag_name",
            GitErrorKind::NoIdentity => "no_identity",
            GitErrorKind::BareRepository => "bare_repository",
            GitErrorKind::DetachedHead => "detached_head",
            GitErrorKind::StagedChanges => "staged_changes",
            GitErrorKind::HeadMoved => "head_moved",
            GitErrorKind::SigningFailed => "signing_failed",
            GitErrorKind::BranchExists => "branch_exists",
            GitErrorKind::InvalidBranchName => "invalid_branch_name",
            GitErrorKind::RefMoved => "ref_moved",
            GitErrorKind::Git => "git",
        }
    }
}

/// An error from the git adapter.
#[derive(Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct GitError {
    kind: GitErrorKind,
    message: String,
}

impl GitError {
    /// An error of `kind` with `message`, for the application layer's checks on git facts
    /// (a branch without a release tag is `unknown_revision`).
    pub fn new(kind: GitErrorKind, message: impl Into<String>) -> GitError {
        GitError {
            kind,
            message: message.into(),
        }
    }

    /// Wraps a libgit2 failure, saying what was being done.
    #[cold]
    pub(crate) fn git(context: &str, e: &git2::Error) -> GitError {
        GitError::new(GitErrorKind::Git, format!("{context}: {}", e.message()))
    }

    /// The stable kind of this error.
    pub fn kind(&self) -> GitErrorKind {
        self.kind
    }
}

impl relcore::error::Coded for GitError {
    fn code(&self) -> &str {
        self.kind.as_str()
    }
}

impl fmt::Debug for GitError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "GitError({:?})", self.message)
    }
}
