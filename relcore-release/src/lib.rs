//! # relcore-release
//!
//! relcore's application layer, between the adapters (`relcore-git`) and the entry points
//! (the `relcore` command, the Python and Node packages), which all call the same functions
//! here:
//!
//! - [`config`]: `relcore.toml`, its model and its loading, every problem located.
//! - [`prepare`](mod@prepare): the next release of a repository, decided and rendered but
//!   not carried out ([`prepare()`], [`release()`] for a path): the version, the changelog
//!   section and notes, the risk classification, the rollout plan's check.
//! - [`apply`](mod@apply): carrying a prepared release out: the files it changes, preflight,
//!   all-or-nothing writes, the release commit and the tag.
//! - [`files`]: the one module that writes files: contained in the work tree, atomic,
//!   journaled, with [`files::recover`] for an interrupted write.
//! - [`paths`]: paths named by the configuration, kept inside the work tree.
//! - [`ops`]: operations: a hotfix's plan ([`ops::hotfix_plan`]), the backports a
//!   hotfix line owes the main line ([`ops::hotfix_backports`]), the go / no-go checklist
//!   ([`ops::ready`]).
//! - [`pipeline`]: the release record file (`relcore pipeline`), read and written with a
//!   lock and a revision check.
//! - [`announce`]: the facts of a stakeholder message, gathered from the repository, its
//!   plan and its release record (`relcore announce`).
//! - [`metrics`](mod@metrics): release metrics of a repository, from one walk of its
//!   history and its tags ([`metrics::metrics`]).
//! - [`workspace`]: a repository's `[packages]` as the core's workspace: every package
//!   planned together ([`workspace::next`]) and checked against the others
//!   ([`workspace::check_versions`]).
//! - [`sync`](mod@sync): `relcore sync`: fixed groups aligned and internal requirements
//!   rewritten to admit the workspace's versions, byte-preserving, all or nothing.
//! - [`set`]: release sets across repositories: the set file, the plan (order, checks,
//!   rollback order) and the release of every repository in order, undone on failure.
//! - [`discover`]: the packages a repository's Cargo, npm, Yarn, pnpm and uv workspaces
//!   declare, for `init`.
//! - [`init`]: `relcore init`'s commented `relcore.toml`, guessed from the repository.
//!
//! Errors keep their source: a [`ReleaseError`] wraps the failing layer's own error, so
//! its slug and location (a template's line and column) reach every language.
//!
//! ```no_run
//! use relcore_release::{ReleaseOptions, release};
//!
//! let report = release(std::path::Path::new("."), None, &ReleaseOptions::default())?;
//! if let Some(next) = &report.next {
//!     println!("{next}: {}", report.section.as_deref().unwrap_or_default());
//! }
//! # Ok::<(), relcore_release::ReleaseError>(())
//! ```

#![deny(missing_docs)]
#![warn(missing_debug_implementations)]

pub mod announce;
pub mod apply;
pub mod config;
pub mod discover;
mod error;
pub mod files;
pub mod init;
pub mod metrics;
pub mod ops;
pub mod paths;
pub mod pipeline;
pub mod prepare;
pub mod set;
pub mod sync;
pub mod workspace;

pub use apply::{
    Applied, ApplyOptions, FileChange, FilePlan, FileState, Refusal, apply, plan_files,
};
pub use config::{CONFIG_FILE, ConfigFileError, ProjectConfig, load_config};
pub use error::ReleaseError;
pub use prepare::{
    PlanCheck, ReleaseOptions, ReleaseReport, UNTAGGED_HISTORY_WARNING, missing_tag_warning,
    no_tag_warning, prepare, release, tag_format_hint, untagged_current, with_remote_links,
};
