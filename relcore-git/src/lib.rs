//! # relcore-git
//!
//! relcore's git adapter, on git2: it gathers facts from a repository as relcore's own
//! values (release tags as [`relcore::version::Version`]s, commits as
//! [`relcore::commit::Commit`]s) and creates annotated release tags. It never moves or
//! deletes a ref and never pushes. git2's types never appear in its API.
//!
//! ```no_run
//! use relcore::version::TagFormat;
//! use relcore_git::{CommitQuery, Repository};
//!
//! let repo = Repository::open(".")?;
//! let latest = repo.latest_tag(&TagFormat::default(), None)?;
//! let query = CommitQuery { since: latest.as_ref().map(|t| t.name.clone()), ..CommitQuery::default() };
//! for c in repo.commits(&query)? {
//!     println!("{} {}", c.commit.short_id().unwrap_or_default(), c.commit.header);
//! }
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

#![deny(missing_docs)]
#![warn(missing_debug_implementations)]

mod config;
mod convert;
mod error;
mod paths;
mod release;
mod repo;
mod sign;
mod walk;
mod write;

pub use config::{CONFIG_FILE, ConfigFileError, load_config};
pub use error::{GitError, GitErrorKind};
pub use paths::{WorkTreePath, resolve_in_work_tree};
pub use release::{
    PlanCheck, ReleaseError, ReleaseOptions, ReleaseReport, UNTAGGED_HISTORY_WARNING,
    no_tag_warning, prepare, with_remote_links,
};
pub use repo::{CommitQuery, FoldedRelease, Head, Releases, RepoCommit, Repository, Tag};
pub use write::{ReleaseCheck, ReleaseCommit, Released, SignConfig};
