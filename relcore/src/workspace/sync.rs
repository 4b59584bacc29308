//! [`sync_workspace`]: what `relcore sync` can put right by itself.

use serde::{Deserialize, Serialize};

use super::graph::Graph;
use super::plan::RequirementRewrite;
use super::{GroupKind, Site, Workspace, check_versions};
use crate::diagnostic::Diagnostic;
use crate::version::{Requirement, Version, compare};

/// A package's version to change.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct VersionChange {
    /// The package.
    pub package: String,
    /// Its version now.
    pub from: Version,
    /// The version it takes.
    pub to: Version,
    /// Where its version is written, when known.
    #[serde(default)]
    pub at: Option<Site>,
    /// Why: `fixed group `platform` is at 1.5.0`.
    pub reason: String,
}

/// What [`sync_workspace`] changes, and what it leaves to a person.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct SyncPlan {
    /// Versions to set (fixed groups aligned), in workspace order.
    pub versions: Vec<VersionChange>,
    /// Internal requirements to rewrite so that they admit the workspace's versions, by
    /// file and offset.
    pub rewrites: Vec<RequirementRewrite>,
    /// What is still wrong once those are made: [`check_versions`]'s diagnostics of the
    /// synced workspace (requirements that cannot be rewritten, conflicting external
    /// requirements, cycles, …).
    pub unresolved: Vec<Diagnostic>,
}

/// Puts right what is mechanical, without writing anything:
///
/// 1. every member of a fixed group out of sync takes the group's highest version;
/// 2. every internal requirement that excludes the (aligned) version of the package it
///    names is rewritten to admit it ([`Requirement::rewrite`], in its own style);
///    `workspace:` protocol requirements always admit it.
///
/// What remains is checked again and reported as `unresolved`. Version files that
/// disagree with tags are not compared: which of the two is right is a person's call.
///
/// ```
/// use relcore::workspace::{sync_workspace, Workspace};
/// let workspace: Workspace = serde_json::from_value(serde_json::json!({
///     "packages": [
///         {"name": "api", "version": "1.5.0"},
///         {"name": "worker", "version": "1.4.2"},
///         {"name": "web", "version": "0.1.0", "dependencies": [{"name": "api", "requirement": {
///             "dialect": "npm", "text": "~1.4.0",
///             "at": {"file": "web/package.json", "start": 40, "end": 46, "line": 3, "column": 12}}}]}
///     ],
///     "groups": [{"name": "platform", "kind": "fixed", "members": ["api", "worker"]}]
/// }))?;
/// let sync = sync_workspace(&workspace);
/// assert_eq!((sync.versions[0].package.as_str(), sync.versions[0].to.to_string()), ("worker", "1.5.0".into()));
/// assert_eq!(sync.rewrites[0].new, "~1.5.0");
/// assert!(sync.unresolved.is_empty());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn sync_workspace(workspace: &Workspace) -> SyncPlan {
    let mut synced = workspace.clone();
    let mut versions = Vec::new();
    if let Ok(graph) = Graph::new(workspace, false) {
        for group in workspace
            .groups
            .iter()
            .filter(|g| g.kind == GroupKind::Fixed)
        {
            let members: Vec<usize> = group
                .members
                .iter()
                .filter_map(|m| graph.index.get(m.as_str()).copied())
                .collect();
            let Some(highest) = members
                .iter()
                .filter_map(|&i| workspace.packages.get(i).map(|p| &p.version))
                .max_by(|a, b| compare(a, b))
            else {
                continue;
            };
            for &i in &members {
                let Some(p) = synced.packages.get_mut(i) else {
                    continue;
                };
                if compare(&p.version, highest).is_ne()
                    && !versions.iter().any(|c: &VersionChange| c.package == p.name)
                {
                    versions.push(VersionChange {
                        package: p.name.clone(),
                        from: p.version.clone(),
                        to: highest.clone(),
                        at: p.version_at.clone(),
                        reason: format!("fixed group `{}` is at {highest}", group.name),
                    });
                    p.version = highest.clone();
                }
            }
        }
    }
    versions.sort_by_key(|c| {
        workspace
            .packages
            .iter()
            .position(|p| p.name == c.package)
            .unwrap_or(usize::MAX)
    });
    let mut rewrites = Vec::new();
    if let Ok(graph) = Graph::new(&synced, false) {
        let targets: Vec<Version> = synced.packages.iter().map(|p| p.version.clone()).collect();
        let mut edits = Vec::new();
        for (i, p) in synced.packages.iter().enumerate() {
            for &(j, k) in graph.deps.get(i).into_iter().flatten() {
                let (Some(dep), Some(target)) = (p.dependencies.get(k), targets.get(j)) else {
                    continue;
                };
                let Some(site) = &dep.requirement else {
                    continue;
                };
                let Ok(req) = Requirement::parse(site.dialect, &site.text) else {
                    continue;
                };
                if req.matches(target) {
                    continue;
                }
                if let Ok(new) = req.rewrite(target) {
                    rewrites.push(RequirementRewrite {
                        package: p.name.clone(),
                        dependency: dep.name.clone(),
                        kind: dep.kind,
                        old: site.text.clone(),
                        new: new.clone(),
                        out_of_range: true,
                        at: site.at.clone(),
                    });
                    edits.push((i, k, new));
                }
            }
        }
        for (i, k, new) in edits {
            if let Some(site) = synced
                .packages
                .get_mut(i)
                .and_then(|p| p.dependencies.get_mut(k))
                .and_then(|d| d.requirement.as_mut())
            {
                site.at.end = site.at.start + new.len();
                site.text = new;
            }
        }
    }
    rewrites
        .sort_by(|a, b| (a.at.file.as_str(), a.at.start).cmp(&(b.at.file.as_str(), b.at.start)));
    rewrites.dedup_by(|a, b| a.at.file == b.at.file && a.at.start == b.at.start);
    SyncPlan {
        versions,
        rewrites,
        unresolved: check_versions(&synced, &[]),
    }
}
