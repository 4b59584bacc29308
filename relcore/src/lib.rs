//! # relcore
//!
//! The release engine that release tooling is built on, as pure functions: no IO, no
//! clock, no environment. Facts come in as values; results go out as values.
//!
//! # Overview
//!
//! - [`version`]: strict SemVer 2.0.0 parsing with located errors, precedence, bumping
//!   with node-semver's increment names and results, release tag formats, and
//!   dependency requirements in the Cargo, npm and PEP 440 dialects
//!   ([`version::Requirement`]).
//! - [`commit`]: the Conventional Commits model, parser and linter; non-conventional
//!   messages are data, not errors.
//! - [`bump`]: the next version from commits under a policy, with the reasons.
//! - [`changelog`]: the release model, renderers and templates, and inserting a release
//!   into an existing changelog.
//! - [`risk`]: release classification with reasons, and incident responses.
//! - [`plan`]: rollout plans, by area: the document (model, YAML reader and writer,
//!   service order, chart), the small expression languages (durations, gates and
//!   metrics, windows), validation, simulation (with the one timeline reader for YAML,
//!   JSON and CSV), the pipeline state machine, and the plan that fits a classification
//!   ([`plan::suggest_plan`]).
//! - `classification` (private): the values a classification is made of (change type,
//!   risk, strategy, approval, …) and [`risk::Classification`]; `risk` produces them,
//!   `plan` reads them, so the two do not import each other. Their public paths are
//!   `relcore::risk::*` (and `relcore::plan::{ChangeType, Risk, Strategy}`).
//! - [`hotfix`]: hotfixes of a production release: the version (the next free patch on
//!   its line), the branch name, the fixes on the main line to cherry-pick, and the
//!   commits of a hotfix line the main line still lacks, by patch identity.
//! - [`ready`]: go / no-go: a release checklist evaluated over facts (the repository's,
//!   and external ones such as tests and open bugs), every item with its status and
//!   reason, and the verdict.
//! - [`announce`]: stakeholder messages before and after a deployment, per audience, on
//!   the changelog's template engine. (The release record, the pipeline with its times
//!   and audit trail, is [`plan::ReleaseRecord`].)
//! - [`metrics`]: release metrics from release tags, commits and deployment records:
//!   releases per period, lead time for changes, hotfix and revert shares, fixed
//!   releases, pre-release cycles, change failure rate and time to restore; drawn as a
//!   Mermaid chart or an SVG.
//! - [`manifest`]: setting a new version in version files (`Cargo.toml`, `package.json`,
//!   `pyproject.toml`, …), as text in, text out.
//! - [`workspace`]: many packages in one repository: packages with their internal
//!   dependencies, `fixed` and `linked` groups, the coordinated release plan
//!   ([`workspace::plan_workspace`]) and version checks ([`workspace::check_versions`]).
//! - [`diagnostic`]: the one located-problem shape shared by plan validation and commit
//!   linting.
//! - [`error`]: the one error contract, [`error::Coded`]: every error's code, location and
//!   hint, read the same way by the CLI and the bindings.
//! - [`input`]: plain values (JSON objects, Python dicts, JavaScript objects) read into
//!   core types with one slug per kind of input, and the one `YYYY-MM-DD` date reader.
//! - `schema` (private, the `schema` feature): what the hand-written JSON Schemas share;
//!   `schema/gen` writes the schemas of the public data types from their derives.
//!
//! The project configuration (`relcore.toml`) and the release flow that reads and writes
//! files live in the application crate `relcore-release`, not here: the core only computes.
//!
//! # Usage
//!
//! ```
//! use relcore::version::{BumpLevel, Preid, Version};
//!
//! let current = Version::parse("0.9.4")?;
//! let next = current.bump(BumpLevel::Minor, &Preid::none())?;
//! assert_eq!(next.to_string(), "0.10.0");
//!
//! let err = Version::parse("1.02.3").unwrap_err();
//! assert_eq!(err.kind().as_str(), "leading_zero");
//! assert_eq!(err.to_string(), "invalid leading zero in minor version of `1.02.3` at offset 2");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Errors
//!
//! Each module has its own error type: a struct with a public, `#[non_exhaustive]` kind
//! whose snake_case slug (`leading_zero`, `not_a_prerelease`, …) is the contract shared
//! with the Python (`err.kind`), Node (`err.code`) and CLI (`"code"`) interfaces.
//! `docs/errors.md` lists every slug.
//!
//! # Crate features
//!
//! None: serde support is always on, because JSON is the interchange format between the
//! languages relcore serves.

#![forbid(unsafe_code)]
#![deny(missing_docs)]
#![warn(missing_debug_implementations)]
#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::indexing_slicing
    )
)]
#![deny(clippy::print_stdout, clippy::print_stderr, clippy::dbg_macro)]

pub mod announce;
pub mod bump;
pub mod changelog;
mod classification;
pub mod commit;
pub mod diagnostic;
pub mod error;
pub mod hotfix;
pub mod input;
pub mod manifest;
pub mod metrics;
pub mod plan;
pub mod ready;
pub mod risk;
#[cfg(feature = "schema")]
mod schema;
pub mod version;
pub mod workspace;
