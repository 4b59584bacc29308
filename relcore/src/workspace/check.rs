//! [`check_versions`]: what is out of step in a workspace, each problem located.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

use super::graph::{Graph, kind_name};
use super::{GroupKind, Site, Workspace, WorkspaceError, WorkspaceErrorKind, place};
use crate::diagnostic::{Diagnostic, Severity};
use crate::version::{Requirement, Version, compare};

/// A package's latest release tag reachable from HEAD, as the caller found it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct PackageTag {
    /// The package.
    pub package: String,
    /// The tag's version.
    pub version: Version,
    /// The tag's name, for messages: `core@1.2.0`.
    #[serde(default)]
    pub tag: Option<String>,
}

/// The code of a [`check_versions`] diagnostic; [`as_str`](WorkspaceCode::as_str) is the
/// [`Diagnostic::code`] it carries.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum WorkspaceCode {
    /// `requirement_excludes_version`: an internal requirement excludes the workspace's
    /// version of the package it names.
    RequirementExcludesVersion,
    /// `invalid_requirement`: an internal requirement does not parse.
    InvalidRequirement,
    /// `fixed_group_out_of_sync`: a fixed group's members have different versions.
    FixedGroupOutOfSync,
    /// `conflicting_requirements`: two packages require the same external dependency at
    /// requirements no version satisfies together.
    ConflictingRequirements,
    /// `version_differs_from_tag`: a package's version file disagrees with its latest tag.
    VersionDiffersFromTag,
    /// `dependency_cycle`: internal dependencies (other than dev) form a cycle.
    DependencyCycle,
    /// `unknown_package`: a group or a tag names no package of the workspace.
    UnknownPackage,
    /// `duplicate_package`: two packages have the same name.
    DuplicatePackage,
    /// `package_in_two_groups`: a package is in two groups.
    PackageInTwoGroups,
    /// `requirement_not_satisfied` ([`plan_set`](super::plan_set)): a repository's
    /// requirement on another is not satisfied by the version that one will have.
    RequirementNotSatisfied,
    /// `no_version` ([`plan_set`](super::plan_set)): a required repository has no release
    /// and nothing to release.
    NoVersion,
}

impl WorkspaceCode {
    /// Every code, for tests and docs.
    pub const ALL: [WorkspaceCode; 11] = [
        WorkspaceCode::RequirementExcludesVersion,
        WorkspaceCode::InvalidRequirement,
        WorkspaceCode::FixedGroupOutOfSync,
        WorkspaceCode::ConflictingRequirements,
        WorkspaceCode::VersionDiffersFromTag,
        WorkspaceCode::DependencyCycle,
        WorkspaceCode::UnknownPackage,
        WorkspaceCode::DuplicatePackage,
        WorkspaceCode::PackageInTwoGroups,
        WorkspaceCode::RequirementNotSatisfied,
        WorkspaceCode::NoVersion,
    ];

    /// The stable slug.
    pub fn as_str(self) -> &'static str {
        match self {
            WorkspaceCode::RequirementExcludesVersion => "requirement_excludes_version",
            WorkspaceCode::InvalidRequirement => "invalid_requirement",
            WorkspaceCode::FixedGroupOutOfSync => "fixed_group_out_of_sync",
            WorkspaceCode::ConflictingRequirements => "conflicting_requirements",
            WorkspaceCode::VersionDiffersFromTag => "version_differs_from_tag",
            WorkspaceCode::DependencyCycle => "dependency_cycle",
            WorkspaceCode::UnknownPackage => "unknown_package",
            WorkspaceCode::DuplicatePackage => "duplicate_package",
            WorkspaceCode::PackageInTwoGroups => "package_in_two_groups",
            WorkspaceCode::RequirementNotSatisfied => "requirement_not_satisfied",
            WorkspaceCode::NoVersion => "no_version",
        }
    }

    fn of(kind: WorkspaceErrorKind) -> WorkspaceCode {
        match kind {
            WorkspaceErrorKind::DuplicatePackage => WorkspaceCode::DuplicatePackage,
            WorkspaceErrorKind::PackageInTwoGroups => WorkspaceCode::PackageInTwoGroups,
            WorkspaceErrorKind::DependencyCycle => WorkspaceCode::DependencyCycle,
            WorkspaceErrorKind::InvalidRequirement => WorkspaceCode::InvalidRequirement,
            _ => WorkspaceCode::UnknownPackage,
        }
    }
}

impl fmt::Display for WorkspaceCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

fn diagnostic(code: WorkspaceCode, site: Option<&Site>, message: String) -> Diagnostic {
    Diagnostic {
        code: code.as_str().to_owned(),
        severity: Severity::Error,
        path: site.map(|s| s.file.clone()),
        offset: site.map(|s| s.start),
        line: site.map(|s| s.line),
        column: site.map(|s| s.column),
        value: None,
        message,
        hint: None,
    }
}

fn from_error(e: &WorkspaceError) -> Diagnostic {
    let mut d = diagnostic(WorkspaceCode::of(e.kind()), e.site(), e.to_string());
    d.hint = e.hint().map(str::to_owned);
    d
}

/// `file:line:column: ` when the site is known.
fn at(site: Option<&Site>) -> String {
    site.map(|s| format!("{}: ", place(s))).unwrap_or_default()
}

/// Every version problem of the workspace, in a stable order: the graph's (duplicate
/// names, groups, cycles), then per package its internal requirements that exclude the
/// workspace's version of what they name (or do not parse), fixed groups out of sync,
/// external dependencies required at requirements no version satisfies together (by
/// name; requirements of another dialect, or that do not parse, are not compared), and
/// version files that disagree with the latest tag (`tags`: one per package that has
/// one). Each diagnostic's `path` is the file, with the byte `offset`, `line` and
/// `column` of the requirement or version in it; the message starts with
/// `file:line:column`.
///
/// ```
/// use relcore::workspace::{check_versions, Workspace};
/// let workspace: Workspace = serde_json::from_value(serde_json::json!({"packages": [
///     {"name": "core", "version": "2.0.0"},
///     {"name": "web", "version": "1.0.0", "dependencies": [{"name": "core", "requirement": {
///         "dialect": "npm", "text": "^1.4.0",
///         "at": {"file": "web/package.json", "start": 61, "end": 67, "line": 4, "column": 14}}}]}
/// ]}))?;
/// let problems = check_versions(&workspace, &[]);
/// assert_eq!(problems[0].code, "requirement_excludes_version");
/// assert_eq!(problems[0].message, "web/package.json:4:14: `web` requires `core` at `^1.4.0`, which excludes the workspace's core 2.0.0");
/// assert_eq!(problems[0].hint.as_deref(), Some("rewrite it to `^2.0.0`"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[allow(clippy::too_many_lines)] // one pass per kind of problem, in report order
pub fn check_versions(workspace: &Workspace, tags: &[PackageTag]) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let graph = match Graph::new(workspace, true) {
        Ok(g) => g,
        Err(errors) => {
            out.extend(errors.iter().map(from_error));
            match Graph::new(workspace, false) {
                Ok(g) => g,
                Err(_) => return out,
            }
        }
    };
    if let Err(e) = graph.order() {
        out.push(from_error(&e));
    }
    let packages = &workspace.packages;
    for (i, p) in packages.iter().enumerate() {
        for &(j, k) in graph.deps.get(i).into_iter().flatten() {
            let (Some(dep), Some(target)) = (p.dependencies.get(k), packages.get(j)) else {
                continue;
            };
            let Some(site) = &dep.requirement else {
                continue;
            };
            match Requirement::parse(site.dialect, &site.text) {
                Err(e) => out.push(
                    diagnostic(
                        WorkspaceCode::InvalidRequirement,
                        Some(&site.at),
                        format!(
                            "{}`{}` requires `{}` at `{}`, which does not parse: {e}",
                            at(Some(&site.at)),
                            p.name,
                            dep.shown_name(),
                            site.text
                        ),
                    )
                    .with_value(site.text.clone()),
                ),
                Ok(req) if !req.matches(&target.version) => {
                    let mut d = diagnostic(
                        WorkspaceCode::RequirementExcludesVersion,
                        Some(&site.at),
                        format!(
                            "{}`{}` requires `{}` at `{}`, which excludes the workspace's {} {}",
                            at(Some(&site.at)),
                            p.name,
                            dep.shown_name(),
                            site.text,
                            dep.shown_name(),
                            target.version
                        ),
                    )
                    .with_value(site.text.clone());
                    if let Ok(new) = req.rewrite(&target.version) {
                        d.hint = Some(format!("rewrite it to `{new}`"));
                    }
                    out.push(d);
                }
                Ok(_) => {}
            }
        }
    }
    for group in &workspace.groups {
        if group.kind != GroupKind::Fixed {
            continue;
        }
        let members: Vec<&super::Package> = group
            .members
            .iter()
            .filter_map(|m| graph.index.get(m.as_str()).and_then(|&i| packages.get(i)))
            .collect();
        let Some(highest) = members
            .iter()
            .max_by(|a, b| compare(&a.version, &b.version))
        else {
            continue;
        };
        for m in &members {
            if compare(&m.version, &highest.version) != std::cmp::Ordering::Equal {
                let mut d = diagnostic(
                    WorkspaceCode::FixedGroupOutOfSync,
                    m.version_at.as_ref(),
                    format!(
                        "{}{} group `{}`: `{}` is at {} while `{}` is at {}",
                        at(m.version_at.as_ref()),
                        kind_name(group.kind),
                        group.name,
                        m.name,
                        m.version,
                        highest.name,
                        highest.version
                    ),
                )
                .with_value(m.version.to_string());
                d.hint = Some(format!("set `{}` to {}", m.name, highest.version));
                out.push(d);
            }
        }
    }
    out.extend(conflicts(&graph));
    for tag in tags {
        let Some(p) = graph
            .index
            .get(tag.package.as_str())
            .and_then(|&i| packages.get(i))
        else {
            out.push(diagnostic(
                WorkspaceCode::UnknownPackage,
                None,
                format!(
                    "a tag names `{}`, which is not a package of the workspace",
                    tag.package
                ),
            ));
            continue;
        };
        if compare(&p.version, &tag.version) != std::cmp::Ordering::Equal {
            let name = tag.tag.clone().unwrap_or_else(|| tag.version.to_string());
            let mut d = diagnostic(
                WorkspaceCode::VersionDiffersFromTag,
                p.version_at.as_ref(),
                format!(
                    "{}`{}` is at {} but its latest tag `{name}` is {}",
                    at(p.version_at.as_ref()),
                    p.name,
                    p.version,
                    tag.version
                ),
            )
            .with_value(p.version.to_string());
            d.hint = Some(format!(
                "set the version to {} or tag the release of {}",
                tag.version, p.version
            ));
            out.push(d);
        }
    }
    out
}

/// External dependencies required at requirements that share no version.
fn conflicts(graph: &Graph<'_>) -> Vec<Diagnostic> {
    let packages = &graph.workspace.packages;
    let mut by_name: BTreeMap<&str, Vec<(&str, &super::RequirementSite, Requirement)>> =
        BTreeMap::new();
    for p in packages {
        for d in &p.dependencies {
            if graph.index.contains_key(d.name.as_str()) {
                continue;
            }
            let Some(site) = &d.requirement else { continue };
            if let Ok(req) = Requirement::parse(site.dialect, &site.text) {
                by_name
                    .entry(d.name.as_str())
                    .or_default()
                    .push((p.name.as_str(), site, req));
            }
        }
    }
    let mut out = Vec::new();
    for (name, reqs) in by_name {
        for (n, (pb, sb, rb)) in reqs.iter().enumerate() {
            for (pa, sa, ra) in reqs.iter().take(n) {
                if ra.dialect() == rb.dialect() && !ra.intersects(rb) {
                    out.push(
                        diagnostic(
                            WorkspaceCode::ConflictingRequirements,
                            Some(&sb.at),
                            format!(
                                "{}`{pb}` requires `{name}` at `{}`, which no version satisfies together with `{}` required by `{pa}` at {}",
                                at(Some(&sb.at)),
                                sb.text,
                                sa.text,
                                place(&sa.at)
                            ),
                        )
                        .with_value(sb.text.clone()),
                    );
                }
            }
        }
    }
    out
}
