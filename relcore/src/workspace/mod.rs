//! Many packages in one repository, as values: the packages with their versions and
//! internal dependencies (each requirement located in its manifest), `fixed` and `linked`
//! groups, and the version logic over them: [`plan_workspace`] (who releases at which
//! version, and which dependents' requirements change), [`check_versions`] (what is
//! out of step) and [`sync_workspace`] (what of that can be put right mechanically);
//! and, for several repositories released together, [`plan_set`].
//!
//! The git walk, the configuration and the file writes are the caller's: it reads the
//! manifests ([`crate::manifest::read_dependencies`]), computes each package's own bump
//! from its commits ([`crate::bump::next_version`]), plans, and applies the rewrites
//! ([`crate::manifest::set_requirement`]). docs/monorepo.md describes the rules.
//!
//! ```
//! use relcore::bump::Level;
//! use relcore::workspace::{plan_workspace, PackageBump, Settings, Workspace};
//!
//! let workspace: Workspace = serde_json::from_value(serde_json::json!({
//!     "packages": [
//!         {"name": "core", "version": "1.4.0"},
//!         {"name": "cli", "version": "0.3.1", "dependencies": [{"name": "core", "requirement": {
//!             "dialect": "cargo", "text": "1.4",
//!             "at": {"file": "cli/Cargo.toml", "start": 52, "end": 55, "line": 4, "column": 9}}}]}
//!     ]
//! }))?;
//! let bumps = [PackageBump { package: "core".into(), level: Level::Major }];
//! let plan = plan_workspace(&workspace, &bumps, &Settings::default())?;
//! let names: Vec<_> = plan.packages.iter().map(|p| (p.name.as_str(), p.next.as_ref().map(ToString::to_string))).collect();
//! assert_eq!(names, [("core", Some("2.0.0".into())), ("cli", Some("0.3.2".into()))]);
//! assert_eq!((plan.rewrites[0].old.as_str(), plan.rewrites[0].new.as_str()), ("1.4", "2.0"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod check;
mod graph;
mod plan;
mod set;
mod summary;
mod sync;

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::bump::Level;
use crate::version::{Dialect, Version};

pub use check::{PackageTag, WorkspaceCode, check_versions};
pub use plan::{
    PackagePlan, PlanReason, ReasonRule, RequirementRewrite, UpdatedDependency, WorkspacePlan,
    plan_workspace,
};
pub use set::{SetCheck, SetPackage, SetPlan, SetRepository, SetRequirement, plan_set};
pub use summary::{SummaryEntry, insert_summary, render_summary};
pub use sync::{SyncPlan, VersionChange, sync_workspace};

/// A place in a file: byte span, and the 1-based line and character column of its start.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Site {
    /// The file, relative to the repository root: `crates/cli/Cargo.toml`.
    pub file: String,
    /// Byte offset of the first byte.
    pub start: usize,
    /// Byte offset just past the last byte.
    pub end: usize,
    /// 1-based line of `start`.
    pub line: usize,
    /// 1-based column of `start`, in characters.
    pub column: usize,
}

/// A requirement as a manifest declares it, and where: `at` spans exactly the
/// requirement's text (inside the quotes).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct RequirementSite {
    /// The dialect it is written in.
    pub dialect: Dialect,
    /// The requirement as written: `^1.2`, `workspace:*`, `>=1.2,<2`.
    pub text: String,
    /// Where the text is.
    pub at: Site,
}

/// What a dependency is for.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum DependencyKind {
    /// `[dependencies]`, `dependencies`, `[project] dependencies`.
    #[default]
    Normal,
    /// `[dev-dependencies]`, `devDependencies`, `[dependency-groups]`: never released
    /// with, and allowed in cycles.
    Dev,
    /// `[build-dependencies]`.
    Build,
    /// `peerDependencies`: leaving its range is a major release of the dependent.
    Peer,
    /// `optionalDependencies`, `[project.optional-dependencies]`.
    Optional,
}

impl DependencyKind {
    /// `normal`, `dev`, `build`, `peer` or `optional`.
    pub fn as_str(self) -> &'static str {
        match self {
            DependencyKind::Normal => "normal",
            DependencyKind::Dev => "dev",
            DependencyKind::Build => "build",
            DependencyKind::Peer => "peer",
            DependencyKind::Optional => "optional",
        }
    }
}

/// One dependency of a package: internal when `name` is a package of the workspace.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(rename = "WorkspaceDependency"))]
#[serde(deny_unknown_fields)]
pub struct Dependency {
    /// The package depended on.
    pub name: String,
    /// What for.
    #[serde(default)]
    pub kind: DependencyKind,
    /// The declared requirement and where it is; `None` when there is none (a Cargo
    /// `path` dependency without `version`).
    #[serde(default)]
    pub requirement: Option<RequirementSite>,
    /// The name the manifest gives it, when that is not `name`: a Cargo crate that takes
    /// its version from `[workspace.package]` goes by the package that releases that
    /// version, an npm package by its key in `relcore.toml`. Problems name it as the
    /// manifest does.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub spelled: Option<String>,
}

impl Dependency {
    /// The name problems give it: as the manifest spells it.
    pub fn shown_name(&self) -> &str {
        self.spelled.as_deref().unwrap_or(&self.name)
    }
}

/// A package of the workspace.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(rename = "WorkspacePackage"))]
#[serde(deny_unknown_fields)]
pub struct Package {
    /// Its name, as dependents name it.
    pub name: String,
    /// Its current version (the version file's).
    pub version: Version,
    /// The paths whose commits are its own (for the caller's walk; the plan does not
    /// read them).
    #[serde(default)]
    pub paths: Vec<String>,
    /// Where its version is written, for problems about it.
    #[serde(default)]
    pub version_at: Option<Site>,
    /// Its dependencies, internal and external.
    #[serde(default)]
    pub dependencies: Vec<Dependency>,
}

/// How a group's members version together (changesets' `fixed` and `linked`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum GroupKind {
    /// Every member always has the same version: when one releases, all release, at the
    /// highest member version bumped by the highest level among them.
    Fixed,
    /// Members that release in the same run get the same version: the highest current
    /// version among them bumped by the highest level among them; the others stay.
    Linked,
}

/// A group of packages that version together.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(rename = "WorkspaceGroup"))]
#[serde(deny_unknown_fields)]
pub struct Group {
    /// Its name, for reasons and problems.
    pub name: String,
    /// Fixed or linked.
    pub kind: GroupKind,
    /// Package names; a package is in one group at most.
    pub members: Vec<String>,
}

/// The packages and their groups.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Workspace {
    /// Every package, in a stable order (ties in the dependency order follow it).
    pub packages: Vec<Package>,
    /// The groups.
    #[serde(default)]
    pub groups: Vec<Group>,
}

/// When a release rewrites its dependents' requirements (changesets'
/// `updateInternalDependencies`: `minor` ≈ `out-of-range`, `patch` ≈ `always`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case")]
pub enum UpdateDependents {
    /// Only when the new version leaves the requirement.
    #[default]
    OutOfRange,
    /// Whenever the dependency releases: the requirement's floor becomes the new version.
    Always,
}

/// How the plan treats dependents.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(rename = "WorkspaceSettings"))]
#[serde(default, deny_unknown_fields)]
pub struct Settings {
    /// When dependents' requirements are rewritten.
    pub update_dependents: UpdateDependents,
    /// Each package's pre-release channel (`{"api": "rc"}`): it releases `X.Y.Z-rc.N`
    /// on it ([`crate::bump::advance`]). A package not named releases stable versions.
    pub channels: std::collections::BTreeMap<String, String>,
}

/// A package's own bump, from its commits: the level [`crate::bump::next_version`]
/// decided (after the `0.y.z` rules).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct PackageBump {
    /// The package.
    pub package: String,
    /// Its level.
    pub level: Level,
}

/// The stable kind behind a [`WorkspaceError`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum WorkspaceErrorKind {
    /// Two packages have the same name.
    DuplicatePackage,
    /// A bump or a group names a package the workspace does not have.
    UnknownPackage,
    /// A package is in two groups.
    PackageInTwoGroups,
    /// Internal dependencies (other than dev-dependencies) form a cycle.
    DependencyCycle,
    /// An internal dependency's requirement does not parse.
    InvalidRequirement,
    /// A dependent's requirement cannot be rewritten to admit the new version.
    CannotRewrite,
    /// A version cannot be bumped (a number at its limit).
    BumpFailed,
}

impl WorkspaceErrorKind {
    /// Every kind, for the tests and docs that enumerate the slugs.
    pub const ALL: [WorkspaceErrorKind; 7] = [
        WorkspaceErrorKind::DuplicatePackage,
        WorkspaceErrorKind::UnknownPackage,
        WorkspaceErrorKind::PackageInTwoGroups,
        WorkspaceErrorKind::DependencyCycle,
        WorkspaceErrorKind::InvalidRequirement,
        WorkspaceErrorKind::CannotRewrite,
        WorkspaceErrorKind::BumpFailed,
    ];

    /// The stable slug, e.g. `dependency_cycle`.
    pub fn as_str(self) -> &'static str {
        match self {
            WorkspaceErrorKind::DuplicatePackage => "duplicate_package",
            WorkspaceErrorKind::UnknownPackage => "unknown_package",
            WorkspaceErrorKind::PackageInTwoGroups => "package_in_two_groups",
            WorkspaceErrorKind::DependencyCycle => "dependency_cycle",
            WorkspaceErrorKind::InvalidRequirement => "invalid_requirement",
            WorkspaceErrorKind::CannotRewrite => "cannot_rewrite",
            WorkspaceErrorKind::BumpFailed => "bump_failed",
        }
    }
}

/// A workspace that cannot be planned.
///
/// ```
/// use relcore::workspace::{plan_workspace, Settings, Workspace};
/// let workspace: Workspace = serde_json::from_value(serde_json::json!({"packages": [
///     {"name": "a", "version": "1.0.0", "dependencies": [{"name": "b"}]},
///     {"name": "b", "version": "1.0.0", "dependencies": [{"name": "a"}]},
///     {"name": "c", "version": "1.0.0", "dependencies": [{"name": "a", "kind": "dev"}]},
/// ]}))?;
/// let err = plan_workspace(&workspace, &[], &Settings::default()).unwrap_err();
/// assert_eq!(err.kind().as_str(), "dependency_cycle");
/// assert_eq!(err.cycle(), ["a", "b", "a"]);
/// assert_eq!(err.to_string(), "internal dependencies form a cycle: a → b → a");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct WorkspaceError {
    kind: WorkspaceErrorKind,
    details: Box<Details>,
}

#[derive(Clone, PartialEq, Eq)]
struct Details {
    message: String,
    cycle: Vec<String>,
    site: Option<Site>,
    hint: Option<String>,
}

impl WorkspaceError {
    pub(crate) fn new(kind: WorkspaceErrorKind, message: impl Into<String>) -> WorkspaceError {
        WorkspaceError {
            kind,
            details: Box::new(Details {
                message: message.into(),
                cycle: Vec::new(),
                site: None,
                hint: None,
            }),
        }
    }

    #[must_use]
    pub(crate) fn at(mut self, site: Option<&Site>) -> WorkspaceError {
        self.details.site = site.cloned();
        self
    }

    #[must_use]
    pub(crate) fn with_hint(mut self, hint: impl Into<String>) -> WorkspaceError {
        self.details.hint = Some(hint.into());
        self
    }

    #[must_use]
    pub(crate) fn with_cycle(mut self, cycle: Vec<String>) -> WorkspaceError {
        self.details.cycle = cycle;
        self
    }

    /// The stable kind.
    pub fn kind(&self) -> WorkspaceErrorKind {
        self.kind
    }

    /// For `dependency_cycle`: the packages around the cycle, the first repeated at the
    /// end (`a` depends on `b`, `b` on `a`: `["a", "b", "a"]`).
    pub fn cycle(&self) -> &[String] {
        &self.details.cycle
    }

    /// The file and place the problem is at, when it is at one.
    pub fn site(&self) -> Option<&Site> {
        self.details.site.as_ref()
    }

    /// How to fix it, when relcore knows.
    pub fn hint(&self) -> Option<&str> {
        self.details.hint.as_deref()
    }
}

impl fmt::Display for WorkspaceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.details.message)
    }
}

impl fmt::Debug for WorkspaceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "WorkspaceError({:?})", self.details.message)
    }
}

impl std::error::Error for WorkspaceError {}

/// `file:line:column`.
pub(crate) fn place(site: &Site) -> String {
    format!("{}:{}:{}", site.file, site.line, site.column)
}
