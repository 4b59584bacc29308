//! The package graph: names to indices, groups, dependency order and cycles.

use std::collections::{BTreeSet, HashMap};

use super::{DependencyKind, GroupKind, Workspace, WorkspaceError, WorkspaceErrorKind as K};

/// A workspace with its names resolved.
pub(crate) struct Graph<'w> {
    pub(crate) workspace: &'w Workspace,
    pub(crate) index: HashMap<&'w str, usize>,
    /// For each package, its internal dependencies: (dependency index, position in
    /// `dependencies`).
    pub(crate) deps: Vec<Vec<(usize, usize)>>,
    /// For each package, its group's index.
    pub(crate) group: Vec<Option<usize>>,
}

impl<'w> Graph<'w> {
    /// Resolves names; duplicate packages and packages in two groups are errors. Group
    /// members the workspace does not have are an error when `strict`.
    pub(crate) fn new(
        workspace: &'w Workspace,
        strict: bool,
    ) -> Result<Graph<'w>, Vec<WorkspaceError>> {
        let mut errors = Vec::new();
        let mut index = HashMap::new();
        for (i, p) in workspace.packages.iter().enumerate() {
            if index.insert(p.name.as_str(), i).is_some() {
                errors.push(
                    WorkspaceError::new(
                        K::DuplicatePackage,
                        format!("two packages are named `{}`", p.name),
                    )
                    .at(p.version_at.as_ref()),
                );
            }
        }
        let deps = workspace
            .packages
            .iter()
            .map(|p| {
                p.dependencies
                    .iter()
                    .enumerate()
                    .filter_map(|(k, d)| index.get(d.name.as_str()).map(|&i| (i, k)))
                    .collect()
            })
            .collect();
        let mut group = vec![None; workspace.packages.len()];
        for (g, grp) in workspace.groups.iter().enumerate() {
            for m in &grp.members {
                match index.get(m.as_str()) {
                    Some(&i) => match group.get_mut(i) {
                        Some(slot @ None) => *slot = Some(g),
                        Some(Some(other)) => {
                            let other =
                                workspace.groups.get(*other).map_or("", |o| o.name.as_str());
                            if other != grp.name {
                                errors.push(
                                    WorkspaceError::new(
                                        K::PackageInTwoGroups,
                                        format!(
                                            "package `{m}` is in groups `{other}` and `{}`",
                                            grp.name
                                        ),
                                    )
                                    .with_hint("a package versions with one group at most"),
                                );
                            }
                        }
                        None => {}
                    },
                    None if strict => errors.push(WorkspaceError::new(
                        K::UnknownPackage,
                        format!(
                            "{} group `{}` names `{m}`, which is not a package of the workspace",
                            kind_name(grp.kind),
                            grp.name
                        ),
                    )),
                    None => {}
                }
            }
        }
        if errors.is_empty() {
            Ok(Graph {
                workspace,
                index,
                deps,
                group,
            })
        } else {
            Err(errors)
        }
    }

    /// The edges that order releases: internal dependencies other than dev-dependencies,
    /// and other than a package on itself.
    fn ordering_deps(&self, i: usize) -> impl Iterator<Item = usize> + '_ {
        let package = self.workspace.packages.get(i);
        self.deps
            .get(i)
            .into_iter()
            .flatten()
            .filter_map(move |&(j, k)| {
                let kind = package
                    .and_then(|p| p.dependencies.get(k))
                    .map_or(DependencyKind::Normal, |d| d.kind);
                (kind != DependencyKind::Dev && j != i).then_some(j)
            })
    }

    /// Dependencies before dependents; among packages free at the same time, the
    /// workspace's order. A cycle is an error naming it.
    pub(crate) fn order(&self) -> Result<Vec<usize>, WorkspaceError> {
        let n = self.workspace.packages.len();
        let mut waiting = vec![0usize; n];
        let mut dependents: Vec<Vec<usize>> = vec![Vec::new(); n];
        for i in 0..n {
            let mut seen = BTreeSet::new();
            for j in self.ordering_deps(i) {
                if seen.insert(j) {
                    if let Some(w) = waiting.get_mut(i) {
                        *w += 1;
                    }
                    if let Some(d) = dependents.get_mut(j) {
                        d.push(i);
                    }
                }
            }
        }
        let mut ready: BTreeSet<usize> = (0..n).filter(|&i| waiting.get(i) == Some(&0)).collect();
        let mut order = Vec::with_capacity(n);
        while let Some(i) = ready.pop_first() {
            order.push(i);
            for &d in dependents.get(i).into_iter().flatten() {
                if let Some(w) = waiting.get_mut(d) {
                    *w -= 1;
                    if *w == 0 {
                        ready.insert(d);
                    }
                }
            }
        }
        if order.len() == n {
            return Ok(order);
        }
        let cycle = self.find_cycle(&waiting);
        let names: Vec<String> = cycle
            .iter()
            .filter_map(|&i| self.workspace.packages.get(i).map(|p| p.name.clone()))
            .collect();
        let first = cycle.first().copied();
        let second = cycle.get(1).copied();
        let site = first.zip(second).and_then(|(a, b)| {
            let package = self.workspace.packages.get(a)?;
            let &(_, k) = self.deps.get(a)?.iter().find(|&&(j, _)| j == b)?;
            package
                .dependencies
                .get(k)?
                .requirement
                .as_ref()
                .map(|r| &r.at)
        });
        let err = WorkspaceError::new(
            K::DependencyCycle,
            format!(
                "{}internal dependencies form a cycle: {}",
                site.map(|s| format!("{}: ", super::place(s)))
                    .unwrap_or_default(),
                names.join(" → ")
            ),
        )
        .with_hint("break the cycle, or make one of the edges a dev-dependency")
        .at(site);
        Err(err.with_cycle(names))
    }

    /// A cycle among the packages Kahn's algorithm could not order (`waiting > 0`): walk
    /// from the first of them along still-waiting dependencies until a package repeats.
    fn find_cycle(&self, waiting: &[usize]) -> Vec<usize> {
        let stuck = |i: usize| waiting.get(i).is_some_and(|&w| w > 0);
        let Some(start) = (0..waiting.len()).find(|&i| stuck(i)) else {
            return Vec::new();
        };
        let mut path = vec![start];
        let mut at = start;
        loop {
            let Some(next) = self.ordering_deps(at).find(|&j| stuck(j)) else {
                return path;
            };
            if let Some(pos) = path.iter().position(|&p| p == next) {
                let mut cycle: Vec<usize> =
                    path.get(pos..).map(<[usize]>::to_vec).unwrap_or_default();
                cycle.push(next);
                return cycle;
            }
            path.push(next);
            at = next;
        }
    }
}

pub(crate) fn kind_name(kind: GroupKind) -> &'static str {
    match kind {
        GroupKind::Fixed => "fixed",
        GroupKind::Linked => "linked",
    }
}
