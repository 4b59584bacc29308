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

/// What one repository of a set requires of another: `backend = ">=2.1, <3"`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct SetRequirement {
    /// The repository required.
    pub repository: String,
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
}

/// One requirement checked against the version the required repository will have.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct SetCheck {
    /// The repository that requires.
    pub repository: String,
    /// The repository required.
    pub requires: String,
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
            if !graph.index.contains_key(q.repository.as_str()) {
                return Err(WorkspaceError::new(
                    K::UnknownPackage,
                    format!(
                        "{}`{}` requires `{}`, which is not a repository of the set",
                        q.at.as_ref()
                            .map(|s| format!("{}: ", place(s)))
                            .unwrap_or_default(),
                        r.name,
                        q.repository
                    ),
                )
                .at(q.at.as_ref()));
            }
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
            let version = target.next.clone().or_else(|| target.current.clone());
            let satisfied = match (Requirement::parse(q.dialect, &q.requirement), &version) {
                (Err(e), _) => {
                    problems.push(problem(
                        WorkspaceCode::InvalidRequirement,
                        q.at.as_ref(),
                        &format!(
                            "`{}` requires `{}` at `{}`, which does not parse: {e}",
                            r.name, q.repository, q.requirement
                        ),
                    ));
                    false
                }
                (Ok(_), None) => {
                    problems.push(problem(
                        WorkspaceCode::NoVersion,
                        q.at.as_ref(),
                        &format!(
                            "`{}` requires `{}`, which has no release and nothing to release",
                            r.name, q.repository
                        ),
                    ));
                    false
                }
                (Ok(req), Some(v)) => {
                    let ok = req.matches(v);
                    if !ok {
                        let what = if target.next.is_some() {
                            "will release"
                        } else {
                            "stays at"
                        };
                        problems.push(problem(
                            WorkspaceCode::RequirementNotSatisfied,
                            q.at.as_ref(),
                            &format!(
                                "`{}` requires `{}` at `{}`, but `{}` {what} {v}",
                                r.name, q.repository, q.requirement, q.repository
                            ),
                        ));
                    }
                    ok
                }
            };
            checks.push(SetCheck {
                repository: r.name.clone(),
                requires: q.repository.clone(),
                requirement: q.requirement.clone(),
                version,
                satisfied,
            });
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
