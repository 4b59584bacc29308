//! # relcore-git
//!
//! relcore's git adapter, on git2: it gathers facts from a repository as relcore's own
//! values (release tags as [`relcore::version::Version`]s, commits as
//! [`relcore::commit::Commit`]s) and creates refs: annotated (optionally signed) release
//! tags and the release commit, each by compare-and-swap. It never moves or deletes a ref
//! it did not create and never pushes; a release that a later step of the same run could
//! not finish is undone with [`Repository::delete_release_tag`] and
//! [`Repository::undo_release_commit`], each refusing a ref that moved since. git2's types
//! never appear in its API.
//!
//! It holds no application logic: `relcore.toml`, the release flow (prepare, preflight,
//! file writes, commit, tag) and path containment live in `relcore-release`, which calls
//! this crate for facts and refs.
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

mod commit_graph;
mod compare;
mod convert;
mod error;
mod mailmap;
mod mapped;
mod oid_hash;
mod ops;
mod pack;
mod packages;
mod repo;
mod sign;
mod tag_refs;
mod tree_diff;
mod walk;
mod write;

#[cfg(test)]
mod testing;

pub use error::{GitError, GitErrorKind};
pub use packages::PackageRange;
pub use repo::{CommitQuery, FoldedRelease, Head, Releases, RepoCommit, Repository, Tag};
pub use write::{ReleaseCheck, ReleaseCommit, Released, SignConfig};
