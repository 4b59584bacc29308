//! [`plan_workspace`]: every package's next version, with groups and dependents.

use std::fmt::Write as _;

use serde::{Deserialize, Serialize};

use super::graph::Graph;
use super::{
    DependencyKind, GroupKind, PackageBump, Settings, UpdateDependents, Workspace, WorkspaceError,
    WorkspaceErrorKind as K, place,
};
use crate::bump::Level;
use crate::changelog::{DependencyUpdate, Entry, Group, Release};
use crate::version::{Requirement, Version};

/// Why a package releases.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum ReasonRule {
    /// Its own commits ask for a release.
    OwnCommits,
    /// A member of its fixed group releases.
    FixedGroup,
    /// It releases with other members of its linked group, at their version.
    LinkedGroup,
    /// A requirement on a released dependency changed (rewritten, or a `workspace:`
    /// protocol that publishes the new version).
    DependencyUpdated,
    /// A peer dependency's new version leaves its requirement: a major release.
    PeerDependencyOutOfRange,
}

/// One reason, in words, with what it concerns.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(rename = "WorkspaceReason"))]
pub struct PlanReason {
    /// The rule.
    pub rule: ReasonRule,
    /// What it concluded.
    pub message: String,
    /// The group, for group rules.
    #[serde(default)]
    pub group: Option<String>,
    /// The dependencies, for dependency rules: `core@2.0.0`.
    #[serde(default)]
    pub dependencies: Vec<String>,
}

/// A requirement in a dependent's manifest to rewrite: replace `at`'s bytes (which hold
/// `old`) with `new`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct RequirementRewrite {
    /// The dependent whose manifest holds the requirement.
    pub package: String,
    /// The dependency it names.
    pub dependency: String,
    /// The dependency's kind.
    pub kind: DependencyKind,
    /// The requirement as written now.
    pub old: String,
    /// The requirement that admits the new version.
    pub new: String,
    /// Whether the new version left `old` (else `update_dependents = "always"` asked).
    pub out_of_range: bool,
    /// Where `old` is.
    pub at: super::Site,
}

/// A dependency whose requirement changed because it released, for the dependent's
/// changelog.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct UpdatedDependency {
    /// The dependency.
    pub name: String,
    /// Its new version.
    pub version: Version,
    /// Its kind.
    pub kind: DependencyKind,
    /// The requirement before, when it was rewritten.
    #[serde(default)]
    pub from: Option<String>,
    /// The requirement after, when it was rewritten.
    #[serde(default)]
    pub to: Option<String>,
}

/// One package's part of the plan.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(rename = "WorkspacePackagePlan"))]
pub struct PackagePlan {
    /// The package.
    pub name: String,
    /// Its current version.
    pub current: Version,
    /// Its next version; `None` when it does not release.
    pub next: Option<Version>,
    /// The level applied (for groups: the group's).
    pub level: Option<Level>,
    /// Why it releases, in order: own commits, group, dependencies.
    pub reasons: Vec<PlanReason>,
    /// Its manifests' requirements to rewrite.
    pub rewrites: Vec<RequirementRewrite>,
    /// Its dependencies whose requirements changed, in dependency order.
    pub updated_dependencies: Vec<UpdatedDependency>,
    /// The changelog entry for them, changesets-style (`Updated dependencies:` and one
    /// `  - name@version` line each); `None` when there are none.
    pub changelog: Option<String>,
}

impl PackagePlan {
    /// `release` (this package's, built from its own commits) with its dependency
    /// updates: one entry `Updated dependencies: core@2.0.0, util@1.1.0` in the `Changed`
    /// group (made when missing), so the changelog says why a package with no commits of
    /// its own releases, and each dependency in the release's `dependencies` (the notes'
    /// Dependencies section). Unchanged when there are none.
    ///
    /// ```
    /// use relcore::changelog::{Config, Release};
    /// use relcore::version::Version;
    /// use relcore::workspace::PackagePlan;
    ///
    /// let plan: PackagePlan = serde_json::from_value(serde_json::json!({
    ///     "name": "cli", "current": "0.3.1", "next": "0.3.2", "level": "patch",
    ///     "reasons": [], "rewrites": [], "changelog": null,
    ///     "updated_dependencies": [{"name": "core", "version": "2.0.0", "kind": "normal"}]
    /// }))?;
    /// let release = Release::from_commits(Version::new(0, 3, 2), None, None, &[], &Config::default())?;
    /// let release = plan.with_updates(release);
    /// assert_eq!(release.groups[0].title, "Changed");
    /// assert_eq!(release.groups[0].entries[0].description, "Updated dependencies: core@2.0.0");
    /// assert_eq!(release.dependencies[0].to, "2.0.0");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn with_updates(&self, mut release: Release) -> Release {
        if self.updated_dependencies.is_empty() {
            return release;
        }
        let listed: Vec<String> = self
            .updated_dependencies
            .iter()
            .map(|u| format!("{}@{}", u.name, u.version))
            .collect();
        let entry = Entry {
            r#type: None,
            scope: None,
            description: format!("Updated dependencies: {}", listed.join(", ")),
            body: None,
            breaking: false,
            breaking_note: None,
            cve: None,
            references: Vec::new(),
            id: None,
            short_id: None,
            commit_url: None,
            authors: Vec::new(),
            hotfix: false,
        };
        if let Some(group) = release.groups.iter_mut().find(|g| g.title == CHANGED) {
            group.entries.push(entry);
        } else {
            release.groups.push(Group {
                title: CHANGED.to_owned(),
                entries: vec![entry],
            });
        }
        for u in &self.updated_dependencies {
            if !release.dependencies.iter().any(|d| d.name == u.name) {
                release.dependencies.push(DependencyUpdate {
                    name: u.name.clone(),
                    from: None,
                    to: u.version.to_string(),
                    path: None,
                    short_id: None,
                });
            }
        }
        release
    }
}

/// The Keep a Changelog group dependency updates are listed in.
const CHANGED: &str = "Changed";

/// Every package of the workspace, dependencies before dependents, and every rewrite.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct WorkspacePlan {
    /// Every package, released or not, in dependency order.
    pub packages: Vec<PackagePlan>,
    /// Every requirement to rewrite, by file and offset, each place once (members
    /// inheriting one `[workspace.dependencies]` entry share it).
    pub rewrites: Vec<RequirementRewrite>,
}

/// `v` advanced by `level` on `channel` ([`crate::bump::advance`]), for package `name`.
fn bump(
    name: &str,
    v: &Version,
    level: Level,
    channel: Option<&str>,
) -> Result<Version, WorkspaceError> {
    crate::bump::advance(v, level, channel)
        .map_err(|e| WorkspaceError::new(K::BumpFailed, format!("`{name}` {v}: {e}")))
}

/// Plans a coordinated release: which packages release, at which version, and which
/// requirements in dependents' manifests change.
///
/// 1. Each package in `bumps` releases at its level (the greatest when named twice).
/// 2. Groups: a `fixed` group with any member releasing releases every member at the
///    highest current version among them bumped by the highest level among them; in a
///    `linked` group, the members that release take the highest current version among
///    them bumped by the highest level among them.
/// 3. Dependents: for each internal dependency on a releasing package, the requirement is
///    rewritten ([`Requirement::rewrite`]) when the new version leaves it, or always with
///    [`UpdateDependents::Always`]. A `workspace:*`/`^`/`~` requirement is never
///    rewritten, but it publishes the new version, so it counts as changed when the
///    range it published (`=current`, `^current`, `~current`) no longer admits the new
///    version, or always with `Always`. A dependent whose requirement changed releases a
///    patch (a major when a peer dependency left its range); a dev-dependency's
///    requirement is rewritten without releasing the dependent. A dependency without a
///    requirement (a Cargo path dependency) changes nothing.
/// 4. Steps 2 and 3 repeat until nothing changes, so releases propagate transitively.
///
/// A package with a pre-release channel in `settings.channels` releases on it, whatever
/// made it release ([`crate::bump::advance`]): `1.4.0` by a minor gives `1.5.0-rc.1`,
/// `1.5.0-rc.1` by a patch `1.5.0-rc.2`; a package without one releases a stable version
/// (a pre-release is finalised). The members of a group that release together share one
/// channel.
///
/// Releases are ordered by internal dependencies other than dev-dependencies (Cargo and
/// changesets allow dev-dependency cycles); a cycle of the others is an error naming it.
///
/// # Errors
///
/// `duplicate_package`, `unknown_package` (a bump or group naming no package),
/// `package_in_two_groups`, `dependency_cycle`, `invalid_requirement` (an internal
/// requirement that does not parse, located), `cannot_rewrite` (located), `bump_failed`
/// (a channel that is not a pre-release identifier, or the members of a group releasing
/// on different channels).
pub fn plan_workspace(
    workspace: &Workspace,
    bumps: &[PackageBump],
    settings: &Settings,
) -> Result<WorkspacePlan, WorkspaceError> {
    let graph = Graph::new(workspace, true).map_err(|mut e| e.swap_remove(0))?;
    let order = graph.order()?;
    let packages = &workspace.packages;
    let n = packages.len();
    let mut own: Vec<Option<Level>> = vec![None; n];
    let channels: Vec<Option<&str>> = packages
        .iter()
        .map(|p| settings.channels.get(&p.name).map(String::as_str))
        .collect();
    for b in bumps {
        let Some(&i) = graph.index.get(b.package.as_str()) else {
            return Err(WorkspaceError::new(
                K::UnknownPackage,
                format!(
                    "a bump names `{}`, which is not a package of the workspace",
                    b.package
                ),
            ));
        };
        if let Some(slot) = own.get_mut(i) {
            *slot = (*slot).max(Some(b.level));
        }
    }
    let parsed = parse_requirements(&graph)?;
    let mut asked = own.clone();
    let mut peer_major = vec![false; n];
    let always = settings.update_dependents == UpdateDependents::Always;
    // Levels only rise, three steps at most per package: the loop ends.
    for _ in 0..=3 * n + 1 {
        let (levels, next) = versions(&graph, &asked, &channels)?;
        let mut changed = false;
        for &d in &order {
            for (p, k) in graph.deps.get(d).into_iter().flatten().copied() {
                let Some(change) = change(&graph, &parsed, &next, d, p, k, always)? else {
                    continue;
                };
                if change.kind == DependencyKind::Dev {
                    continue;
                }
                let needed = if change.kind == DependencyKind::Peer && change.out_of_range {
                    Level::Major
                } else {
                    Level::Patch
                };
                if levels.get(d).copied().flatten() < Some(needed) {
                    if let Some(slot) = asked.get_mut(d) {
                        *slot = (*slot).max(Some(needed));
                    }
                    if needed == Level::Major
                        && let Some(m) = peer_major.get_mut(d)
                    {
                        *m = true;
                    }
                    changed = true;
                }
            }
        }
        if !changed {
            return assemble(
                &graph,
                &order,
                &parsed,
                &own,
                &levels,
                &next,
                &peer_major,
                always,
            );
        }
    }
    // Not reached: every round that does not end raises a level.
    Err(WorkspaceError::new(
        K::BumpFailed,
        "the plan did not settle",
    ))
}

/// Each internal dependency's parsed requirement, by package and position.
type Parsed = Vec<Vec<Option<Requirement>>>;

fn parse_requirements(graph: &Graph<'_>) -> Result<Parsed, WorkspaceError> {
    graph
        .workspace
        .packages
        .iter()
        .enumerate()
        .map(|(i, p)| {
            p.dependencies
                .iter()
                .enumerate()
                .map(|(k, d)| {
                    let internal = graph
                        .deps
                        .get(i)
                        .is_some_and(|ds| ds.iter().any(|&(_, kk)| kk == k));
                    let Some(site) = d.requirement.as_ref().filter(|_| internal) else {
                        return Ok(None);
                    };
                    Requirement::parse(site.dialect, &site.text)
                        .map(Some)
                        .map_err(|e| {
                            WorkspaceError::new(
                                K::InvalidRequirement,
                                format!(
                                    "{}: `{}` requires `{}` as `{}`, which does not parse: {e}",
                                    place(&site.at),
                                    p.name,
                                    d.shown_name(),
                                    site.text
                                ),
                            )
                            .at(Some(&site.at))
                        })
                })
                .collect()
        })
        .collect()
}

/// What a release of `p` does to dependent `d`'s `k`-th dependency.
struct Change {
    kind: DependencyKind,
    out_of_range: bool,
    /// The rewritten requirement, when its text changes.
    new_text: Option<String>,
    version: Version,
}

fn change(
    graph: &Graph<'_>,
    parsed: &Parsed,
    next: &[Option<Version>],
    d: usize,
    p: usize,
    k: usize,
    always: bool,
) -> Result<Option<Change>, WorkspaceError> {
    let (Some(Some(version)), Some(dependent), Some(dependency)) = (
        next.get(p),
        graph.workspace.packages.get(d),
        graph.workspace.packages.get(p),
    ) else {
        return Ok(None);
    };
    let Some(dep) = dependent.dependencies.get(k) else {
        return Ok(None);
    };
    let Some(Some(req)) = parsed.get(d).and_then(|r| r.get(k)) else {
        return Ok(None);
    };
    if req.workspace_protocol().is_some() {
        let out = req
            .resolve_protocol(&dependency.version)
            .is_none_or(|published| !published.matches(version));
        return Ok((out || always).then(|| Change {
            kind: dep.kind,
            out_of_range: out,
            new_text: None,
            version: version.clone(),
        }));
    }
    let out = !req.matches(version);
    if !out && !always {
        return Ok(None);
    }
    let site = dep.requirement.as_ref();
    let new_text = req.rewrite(version).map_err(|e| {
        WorkspaceError::new(
            K::CannotRewrite,
            format!(
                "{}: `{}` requires `{}` as `{}`, which cannot be rewritten to admit {version}: {e}",
                site.map(|s| place(&s.at)).unwrap_or_default(),
                dependent.name,
                dep.shown_name(),
                req
            ),
        )
        .at(site.map(|s| &s.at))
        .with_hint("edit the requirement by hand")
    })?;
    Ok((new_text != req.as_str()).then(|| Change {
        kind: dep.kind,
        out_of_range: out,
        new_text: Some(new_text),
        version: version.clone(),
    }))
}

/// Levels and next versions with the groups applied, from the levels asked.
/// Levels and next versions by package.
type Versions = (Vec<Option<Level>>, Vec<Option<Version>>);

fn versions(
    graph: &Graph<'_>,
    asked: &[Option<Level>],
    channels: &[Option<&str>],
) -> Result<Versions, WorkspaceError> {
    let packages = &graph.workspace.packages;
    let mut levels = asked.to_vec();
    let mut next: Vec<Option<Version>> = vec![None; packages.len()];
    for (i, p) in packages.iter().enumerate() {
        if graph.group.get(i).copied().flatten().is_none()
            && let Some(Some(level)) = asked.get(i)
            && let Some(slot) = next.get_mut(i)
        {
            *slot = Some(bump(
                &p.name,
                &p.version,
                *level,
                channels.get(i).copied().flatten(),
            )?);
        }
    }
    for (g, group) in graph.workspace.groups.iter().enumerate() {
        let members: Vec<usize> = (0..packages.len())
            .filter(|&i| graph.group.get(i) == Some(&Some(g)))
            .collect();
        let releasing: Vec<usize> = members
            .iter()
            .copied()
            .filter(|&i| asked.get(i).copied().flatten().is_some())
            .collect();
        let Some(level) = releasing
            .iter()
            .filter_map(|&i| asked.get(i).copied().flatten())
            .max()
        else {
            continue;
        };
        let among = match group.kind {
            GroupKind::Fixed => &members,
            GroupKind::Linked => &releasing,
        };
        let Some(base) = among
            .iter()
            .filter_map(|&i| packages.get(i).map(|p| &p.version))
            .max_by(|a, b| crate::version::compare(a, b))
        else {
            continue;
        };
        let channel = group_channel(graph, &group.name, among, channels)?;
        let version = bump(&group.name, base, level, channel)?;
        for &i in among {
            if let Some(slot) = levels.get_mut(i) {
                *slot = Some(level);
            }
            if let Some(slot) = next.get_mut(i) {
                *slot = Some(version.clone());
            }
        }
    }
    Ok((levels, next))
}

/// The one channel of a group's releasing members `among`.
fn group_channel<'c>(
    graph: &Graph<'_>,
    group: &str,
    among: &[usize],
    channels: &[Option<&'c str>],
) -> Result<Option<&'c str>, WorkspaceError> {
    let of = |i: usize| channels.get(i).copied().flatten();
    let Some(&first) = among.first() else {
        return Ok(None);
    };
    if let Some(&other) = among.iter().find(|&&i| of(i) != of(first)) {
        let name = |i: usize| {
            graph
                .workspace
                .packages
                .get(i)
                .map_or("?", |p| p.name.as_str())
        };
        let shown = |c: Option<&str>| c.map_or_else(|| "none".to_owned(), |c| format!("`{c}`"));
        return Err(WorkspaceError::new(
            K::BumpFailed,
            format!(
                "the members of group `{group}` release together but on different pre-release channels: `{}` on {}, `{}` on {}",
                name(first),
                shown(of(first)),
                name(other),
                shown(of(other))
            ),
        )
        .with_hint("give the group's members one channel (or none)"));
    }
    Ok(of(first))
}

#[allow(clippy::too_many_arguments, clippy::too_many_lines)] // one package at a time, field by field
fn assemble(
    graph: &Graph<'_>,
    order: &[usize],
    parsed: &Parsed,
    own: &[Option<Level>],
    levels: &[Option<Level>],
    next: &[Option<Version>],
    peer_major: &[bool],
    always: bool,
) -> Result<WorkspacePlan, WorkspaceError> {
    let packages = &graph.workspace.packages;
    let position = |i: usize| order.iter().position(|&o| o == i).unwrap_or(usize::MAX);
    let mut plans = Vec::with_capacity(order.len());
    let mut all = Vec::new();
    for &i in order {
        let Some(p) = packages.get(i) else { continue };
        let mut rewrites = Vec::new();
        let mut updated = Vec::new();
        let mut deps: Vec<(usize, usize)> = graph.deps.get(i).cloned().unwrap_or_default();
        deps.sort_by_key(|&(j, k)| (position(j), k));
        for (j, k) in deps {
            let Some(change) = change(graph, parsed, next, i, j, k, always)? else {
                continue;
            };
            let Some(dep) = p.dependencies.get(k) else {
                continue;
            };
            if let (Some(new), Some(site)) = (&change.new_text, &dep.requirement) {
                rewrites.push(RequirementRewrite {
                    package: p.name.clone(),
                    dependency: dep.name.clone(),
                    kind: dep.kind,
                    old: site.text.clone(),
                    new: new.clone(),
                    out_of_range: change.out_of_range,
                    at: site.at.clone(),
                });
            }
            // A package's requirement on itself (a Cargo workspace's crates that share
            // its version) moves with it: rewritten, but no update of a dependency.
            if change.kind != DependencyKind::Dev && j != i {
                updated.push(UpdatedDependency {
                    name: dep.name.clone(),
                    version: change.version.clone(),
                    kind: dep.kind,
                    from: change
                        .new_text
                        .as_ref()
                        .and(dep.requirement.as_ref())
                        .map(|s| s.text.clone()),
                    to: change.new_text.clone(),
                });
            }
        }
        let next_version = next.get(i).cloned().flatten();
        let level = next_version.as_ref().and(levels.get(i).copied().flatten());
        let mut reasons = Vec::new();
        if let Some(l) = own.get(i).copied().flatten() {
            reasons.push(PlanReason {
                rule: ReasonRule::OwnCommits,
                message: format!("its commits ask for a {l} release"),
                group: None,
                dependencies: Vec::new(),
            });
        }
        if let (Some(v), Some(g)) = (&next_version, graph.group.get(i).copied().flatten())
            && let Some(group) = graph.workspace.groups.get(g)
        {
            {
                let others: Vec<&str> = group
                    .members
                    .iter()
                    .filter(|m| **m != p.name)
                    .filter(|m| {
                        graph
                            .index
                            .get(m.as_str())
                            .is_some_and(|&j| next.get(j).is_some_and(Option::is_some))
                    })
                    .map(String::as_str)
                    .collect();
                let (rule, message) = match group.kind {
                    GroupKind::Fixed => (
                        ReasonRule::FixedGroup,
                        format!("fixed group `{}`: every member releases {v}", group.name),
                    ),
                    GroupKind::Linked => (
                        ReasonRule::LinkedGroup,
                        if others.is_empty() {
                            format!("linked group `{}`: the only member releasing", group.name)
                        } else {
                            format!(
                                "linked group `{}`: releases {v} with {}",
                                group.name,
                                others.join(", ")
                            )
                        },
                    ),
                };
                reasons.push(PlanReason {
                    rule,
                    message,
                    group: Some(group.name.clone()),
                    dependencies: Vec::new(),
                });
            }
        }
        if next_version.is_some() && !updated.is_empty() {
            let names: Vec<String> = updated
                .iter()
                .map(|u| format!("{}@{}", u.name, u.version))
                .collect();
            if peer_major.get(i).copied().unwrap_or(false) {
                let peers: Vec<String> = updated
                    .iter()
                    .filter(|u| u.kind == DependencyKind::Peer)
                    .map(|u| format!("{}@{}", u.name, u.version))
                    .collect();
                reasons.push(PlanReason {
                    rule: ReasonRule::PeerDependencyOutOfRange,
                    message: format!("peer dependencies left their ranges: {}", peers.join(", ")),
                    group: None,
                    dependencies: peers,
                });
            }
            reasons.push(PlanReason {
                rule: ReasonRule::DependencyUpdated,
                message: format!("updated dependencies: {}", names.join(", ")),
                group: None,
                dependencies: names,
            });
        }
        let changelog = (next_version.is_some() && !updated.is_empty()).then(|| {
            let mut text = String::from("Updated dependencies:");
            for u in &updated {
                let _ = write!(text, "\n  - {}@{}", u.name, u.version);
            }
            text
        });
        if next_version.is_none() {
            updated.clear();
        }
        all.extend(rewrites.iter().cloned());
        plans.push(PackagePlan {
            name: p.name.clone(),
            current: p.version.clone(),
            next: next_version,
            level,
            reasons,
            rewrites,
            updated_dependencies: updated,
            changelog,
        });
    }
    all.sort_by(|a, b| (a.at.file.as_str(), a.at.start).cmp(&(b.at.file.as_str(), b.at.start)));
    all.dedup_by(|a, b| a.at.file == b.at.file && a.at.start == b.at.start);
    Ok(WorkspacePlan {
        packages: plans,
        rewrites: all,
    })
}
