//! [`plan_set`]: several repositories released together, as values.

use serde::{Deserialize, Serialize};

use super::graph::Graph;
use super::{
    Dependency, DependencyKind, Package, Site, Workspace, WorkspaceCode, WorkspaceError,
    WorkspaceErrorKind as K, place,
};
use crate::diagnostic::{Diagnostic, Severity};
use crate::version::{Dialect, Requirement, Version};

fn cargo() -> Dialect {
    Dialect::Cargo
}

/// What one repository of a set requires of another: `backend = ">=2.1, <3"`, or of one
/// package of a repository that releases several: `platform = { api = ">=2.1" }`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct SetRequirement {
    /// The repository required.
    pub repository: String,
    /// The package of that repository required, when it releases several
    /// ([`SetRepository::packages`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub package: Option<String>,
    /// The requirement, as written.
    pub requirement: String,
    /// Its dialect; Cargo's (`>=2.1, <3`, `2.1` meaning `^2.1`) when absent.
    #[serde(default = "cargo")]
    pub dialect: Dialect,
    /// Where it is written (the set file), for problems.
    #[serde(default)]
    pub at: Option<Site>,
}

/// A repository of a release set, with what its own configuration decided.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct SetRepository {
    /// Its name in the set: `frontend`.
    pub name: String,
    /// Its latest release, if any.
    #[serde(default)]
    pub current: Option<Version>,
    /// Its next release, if it has something to release.
    #[serde(default)]
    pub next: Option<Version>,
    /// What it requires of the others.
    #[serde(default)]
    pub requires: Vec<SetRequirement>,
    /// The packages it releases together, when it is a workspace (its `[packages]`):
    /// then requirements on it name one of them, and `current` and `next` are absent.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub packages: Vec<SetPackage>,
}

/// One package of a workspace in a release set.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct SetPackage {
    /// Its name in the workspace.
    pub name: String,
    /// Its current version.
    #[serde(default)]
    pub current: Option<Version>,
    /// Its next version, if it releases.
    #[serde(default)]
    pub next: Option<Version>,
}

/// One requirement checked against the version the required repository will have.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct SetCheck {
    /// The repository that requires.
    pub repository: String,
    /// The repository required.
    pub requires: String,
    /// The package of that repository required, when it releases several.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub package: Option<String>,
    /// The requirement.
    pub requirement: String,
    /// The version checked: the required repository's next version, else its current.
    pub version: Option<Version>,
    /// Whether the version satisfies the requirement.
    pub satisfied: bool,
}

/// The order, the checks and the problems of a release set.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct SetPlan {
    /// Repositories, each after the ones it requires (ties in the set's order).
    pub order: Vec<String>,
    /// The rollback order: the reverse.
    pub rollback: Vec<String>,
    /// Every requirement, checked, in release order.
    pub checks: Vec<SetCheck>,
    /// Requirements not satisfied (`requirement_not_satisfied`), that do not parse
    /// (`invalid_requirement`), or whose repository has no version at all (`no_version`).
    /// A release of the set goes ahead only when this is empty.
    pub problems: Vec<Diagnostic>,
}

fn problem(code: WorkspaceCode, at: Option<&Site>, message: &str) -> Diagnostic {
    Diagnostic {
        code: code.as_str().to_owned(),
        severity: Severity::Error,
        path: at.map(|s| s.file.clone()),
        offset: at.map(|s| s.start),
        line: at.map(|s| s.line),
        column: at.map(|s| s.column),
        value: None,
        message: format!(
            "{}{message}",
            at.map(|s| format!("{}: ", place(s))).unwrap_or_default()
        ),
        hint: None,
    }
}

/// `unknown_package` at `q`'s place.
fn unknown(q: &SetRequirement, message: &str) -> WorkspaceError {
    WorkspaceError::new(
        K::UnknownPackage,
        format!(
            "{}{message}",
            q.at.as_ref()
                .map(|s| format!("{}: ", place(s)))
                .unwrap_or_default()
        ),
    )
    .at(q.at.as_ref())
}

/// The package of `target` that `r`'s requirement `q` names, if it names one: a
/// requirement on a workspace must name one of its packages, and only a workspace has
/// packages to name.
fn required<'t>(
    r: &SetRepository,
    q: &SetRequirement,
    target: &'t SetRepository,
) -> Result<Option<&'t SetPackage>, WorkspaceError> {
    let names = || {
        target
            .packages
            .iter()
            .map(|p| format!("`{}`", p.name))
            .collect::<Vec<_>>()
            .join(", ")
    };
    match &q.package {
        None if !target.packages.is_empty() => Err(unknown(
            q,
            &format!(
                "`{}` requires `{}`, which releases several packages ({}): name the one required, e.g. `{} = {{ {} = \"{}\" }}`",
                r.name,
                q.repository,
                names(),
                q.repository,
                target.packages.first().map_or("api", |p| p.name.as_str()),
                q.requirement
            ),
        )
        .with_hint("a requirement on a workspace names one of its packages")),
        None => Ok(None),
        Some(p) => match target.packages.iter().find(|x| &x.name == p) {
            Some(found) => Ok(Some(found)),
            None if target.packages.is_empty() => Err(unknown(
                q,
                &format!(
                    "`{}` requires package `{p}` of `{}`, which releases one version, not packages: require `{}` itself",
                    r.name, q.repository, q.repository
                ),
            )),
            None => Err(unknown(
                q,
                &format!(
                    "`{}` requires package `{p}` of `{}`, which has no such package (it has {})",
                    r.name,
                    q.repository,
                    names()
                ),
            )),
        },
    }
}

/// The set as a workspace of packages (one per repository), for the graph.
fn as_workspace(repositories: &[SetRepository]) -> Workspace {
    Workspace {
        packages: repositories
            .iter()
            .map(|r| Package {
                name: r.name.clone(),
                version: Version::new(0, 0, 0),
                paths: Vec::new(),
                version_at: None,
                dependencies: r
                    .requires
                    .iter()
                    .map(|q| Dependency {
                        spelled: None,
                        name: q.repository.clone(),
                        kind: DependencyKind::Normal,
                        requirement: q.at.clone().map(|at| super::RequirementSite {
                            dialect: q.dialect,
                            text: q.requirement.clone(),
                            at,
                        }),
                    })
                    .collect(),
            })
            .collect(),
        groups: Vec::new(),
    }
}

/// The graph names a cycle of packages; a set's is one of repositories.
fn set_cycle(e: &WorkspaceError) -> WorkspaceError {
    WorkspaceError::new(
        K::DependencyCycle,
        format!(
            "{}the repositories of the set require each other in a cycle: {}",
            e.site()
                .map(|s| format!("{}: ", place(s)))
                .unwrap_or_default(),
            e.cycle().join(" → ")
        ),
    )
    .with_hint("remove one of the requirements of the cycle")
    .at(e.site())
    .with_cycle(e.cycle().to_vec())
}

/// Orders a release set by its requirements and checks every requirement against the
/// versions the repositories will have (the next version of those that release, else the
/// current one).
///
/// ```
/// use relcore::workspace::{plan_set, SetRepository};
/// let set: Vec<SetRepository> = serde_json::from_value(serde_json::json!([
///     {"name": "frontend", "current": "1.4.0", "next": "1.5.0",
///      "requires": [{"repository": "backend", "requirement": ">=2.1, <3"}]},
///     {"name": "backend", "current": "2.0.3", "next": "2.1.0"}
/// ]))?;
/// let plan = plan_set(&set)?;
/// assert_eq!(plan.order, ["backend", "frontend"]);
/// assert_eq!(plan.rollback, ["frontend", "backend"]);
/// assert!(plan.checks[0].satisfied && plan.problems.is_empty());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
///
/// `duplicate_package` (two repositories with one name), `unknown_package` (a
/// requirement on a repository the set does not have), `dependency_cycle` (the
/// requirements form a cycle, named).
pub fn plan_set(repositories: &[SetRepository]) -> Result<SetPlan, WorkspaceError> {
    let workspace = as_workspace(repositories);
    let graph = Graph::new(&workspace, true).map_err(|mut e| e.swap_remove(0))?;
    for r in repositories {
        for q in &r.requires {
            let Some(target) = graph
                .index
                .get(q.repository.as_str())
                .and_then(|&j| repositories.get(j))
            else {
                return Err(unknown(
                    q,
                    &format!(
                        "`{}` requires `{}`, which is not a repository of the set",
                        r.name, q.repository
                    ),
                ));
            };
            required(r, q, target)?;
        }
    }
    let order = graph.order().map_err(|e| set_cycle(&e))?;
    let mut checks = Vec::new();
    let mut problems = Vec::new();
    for &i in &order {
        let Some(r) = repositories.get(i) else {
            continue;
        };
        for q in &r.requires {
            let Some(target) = graph
                .index
                .get(q.repository.as_str())
                .and_then(|&j| repositories.get(j))
            else {
                continue;
            };
            let (check, problem) = check(r, q, required(r, q, target)?, target);
            problems.extend(problem);
            checks.push(check);
        }
    }
    let order: Vec<String> = order
        .iter()
        .filter_map(|&i| repositories.get(i).map(|r| r.name.clone()))
        .collect();
    let rollback = order.iter().rev().cloned().collect();
    Ok(SetPlan {
        order,
        rollback,
        checks,
        problems,
    })
}

/// `r`'s requirement `q` checked against `target` (its `package`, when `q` names one):
/// the check, and the problem when it fails.
fn check(
    r: &SetRepository,
    q: &SetRequirement,
    package: Option<&SetPackage>,
    target: &SetRepository,
) -> (SetCheck, Option<Diagnostic>) {
    let (current, next) = match package {
        Some(p) => (&p.current, &p.next),
        None => (&target.current, &target.next),
    };
    let version = next.clone().or_else(|| current.clone());
    let shown = q.package.as_deref().map_or_else(
        || format!("`{}`", q.repository),
        |p| format!("`{p}` of `{}`", q.repository),
    );
    let failed = match (Requirement::parse(q.dialect, &q.requirement), &version) {
        (Err(e), _) => Some((
            WorkspaceCode::InvalidRequirement,
            format!(
                "`{}` requires {shown} at `{}`, which does not parse: {e}",
                r.name, q.requirement
            ),
        )),
        (Ok(_), None) => Some((
            WorkspaceCode::NoVersion,
            format!(
                "`{}` requires {shown}, which has no release and nothing to release",
                r.name
            ),
        )),
        (Ok(req), Some(v)) if !req.matches(v) => {
            let what = if next.is_some() {
                "will release"
            } else {
                "stays at"
            };
            Some((
                WorkspaceCode::RequirementNotSatisfied,
                format!(
                    "`{}` requires {shown} at `{}`, but it {what} {v}",
                    r.name, q.requirement
                ),
            ))
        }
        (Ok(_), Some(_)) => None,
    };
    let check = SetCheck {
        repository: r.name.clone(),
        requires: q.repository.clone(),
        package: q.package.clone(),
        requirement: q.requirement.clone(),
        version,
        satisfied: failed.is_none(),
    };
    (
        check,
        failed.map(|(code, message)| problem(code, q.at.as_ref(), &message)),
    )
}
