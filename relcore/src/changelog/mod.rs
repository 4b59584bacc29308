//! Changelogs: a release model built from commits, renderers (Keep a Changelog, release
//! notes, JSON, user templates in Jinja syntax), and editing an existing `CHANGELOG.md`
//! without losing a byte.
//!
//! ```
//! use chrono::NaiveDate;
//! use relcore::changelog::{render, Config, Format, Release};
//! use relcore::commit::Commit;
//! use relcore::version::Version;
//!
//! let config = Config { repository_url: Some("https://github.com/acme/api".into()), ..Config::default() };
//! let commits = [
//!     Commit::parse("feat(api)!: drop the v1 endpoints (#41)\n\nBREAKING CHANGE: call /v2 instead."),
//!     Commit::parse("fix: handle empty pages (#40)"),
//! ];
//! let release = Release::from_commits(
//!     Version::new(2, 0, 0),
//!     Some(Version::new(1, 4, 0)),
//!     NaiveDate::from_ymd_opt(2025, 11, 15),
//!     &commits,
//!     &config,
//! )?;
//! let text = render(&release, Format::KeepAChangelog)?;
//! assert!(text.starts_with("## [2.0.0] - 2025-11-15\n"));
//! assert!(text.contains("- **Breaking:** **api**: drop the v1 endpoints ([#41](https://github.com/acme/api/pull/41))\n\n  call /v2 instead.\n"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod build;
mod config;
mod document;
mod escape;
mod limits;
mod model;
mod remote;
mod style;
mod template;
mod update;
mod view;

pub use build::{CompactRelease, ReleaseBuilder, ReleaseRequest};
pub use config::{Config, SectionRule};
pub use document::{Document, ReleaseHeading};
pub use escape::{escape_markdown_block, escape_markdown_inline, visible_controls};
pub use model::{DependencyUpdate, Entry, Group, LinkedReference, Release};
pub use remote::{HostStyle, RepositoryUrl, RepositoryUrlError};
pub use style::{Style, StyleKind};
pub use template::{
    Format, KEEP_A_CHANGELOG, RELEASE_NOTES, RenderError, RenderErrorKind, Renderable, Template,
    render,
};
pub use update::{
    Edit, UpdateError, UpdateErrorKind, UpdateOptions, apply_edits, insert, insert_section,
    plan_insert, render_document, render_history,
};
