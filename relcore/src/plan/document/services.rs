//! Service order: services deploy one at a time, each after the services it depends on;
//! rollback goes in the reverse order.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap, HashSet};
use std::fmt;

use crate::plan::document::model::Service;

/// What is wrong with the dependencies between services: the stable kind behind a
/// [`ServiceOrderError`].
///
/// ```
/// use relcore::plan::{service_order, Service, ServiceOrderErrorKind};
/// let err = service_order(&[Service::new("api", &["db"])]).unwrap_err();
/// assert_eq!(err.kind(), ServiceOrderErrorKind::UnknownDependency);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum ServiceOrderErrorKind {
    /// A service depends on a service the plan does not list.
    UnknownDependency,
    /// Services depend on each other in a cycle, so none of them can go first.
    DependencyCycle,
}

impl ServiceOrderErrorKind {
    /// Every kind, for the tests and docs that enumerate the slugs.
    pub const ALL: [ServiceOrderErrorKind; 2] = [
        ServiceOrderErrorKind::UnknownDependency,
        ServiceOrderErrorKind::DependencyCycle,
    ];

    /// The stable slug: `unknown_dependency` or `dependency_cycle`.
    ///
    /// ```
    /// use relcore::plan::ServiceOrderErrorKind;
    /// assert_eq!(ServiceOrderErrorKind::DependencyCycle.as_str(), "dependency_cycle");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            ServiceOrderErrorKind::UnknownDependency => "unknown_dependency",
            ServiceOrderErrorKind::DependencyCycle => "dependency_cycle",
        }
    }
}

/// Why services cannot be put in order: an unknown dependency, or a cycle.
///
/// ```
/// use relcore::plan::{service_order, Service};
/// let services = [
///     Service::new("api", &["worker"]),
///     Service::new("worker", &["api"]),
/// ];
/// let err = service_order(&services).unwrap_err();
/// assert_eq!(err.kind().as_str(), "dependency_cycle");
/// assert_eq!(err.cycle(), ["api", "worker", "api"]);
/// assert_eq!(err.to_string(), "services depend on each other in a cycle: api -> worker -> api");
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct ServiceOrderError {
    kind: ServiceOrderErrorKind,
    service: String,
    dependency: Option<String>,
    cycle: Vec<String>,
}

impl ServiceOrderError {
    /// The stable kind.
    ///
    /// ```
    /// use relcore::plan::{service_order, Service};
    /// let err = service_order(&[Service::new("api", &["db"])]).unwrap_err();
    /// assert_eq!(err.kind().as_str(), "unknown_dependency");
    /// ```
    pub fn kind(&self) -> ServiceOrderErrorKind {
        self.kind
    }

    /// The service the problem is about (the first of a cycle).
    ///
    /// ```
    /// use relcore::plan::{service_order, Service};
    /// let err = service_order(&[Service::new("api", &["db"])]).unwrap_err();
    /// assert_eq!(err.service(), "api");
    /// ```
    pub fn service(&self) -> &str {
        &self.service
    }

    /// The services of the cycle, the first repeated at the end; empty for an unknown
    /// dependency.
    ///
    /// ```
    /// use relcore::plan::{service_order, Service};
    /// let err = service_order(&[Service::new("api", &["api"])]).unwrap_err();
    /// assert_eq!(err.cycle(), ["api", "api"]);
    /// ```
    pub fn cycle(&self) -> &[String] {
        &self.cycle
    }
}

impl fmt::Display for ServiceOrderError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.kind {
            ServiceOrderErrorKind::UnknownDependency => write!(
                f,
                "service `{}` depends on `{}`, which is not a service of the plan",
                self.service,
                self.dependency.as_deref().unwrap_or_default()
            ),
            ServiceOrderErrorKind::DependencyCycle => write!(
                f,
                "services depend on each other in a cycle: {}",
                self.cycle.join(" -> ")
            ),
        }
    }
}

impl fmt::Debug for ServiceOrderError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ServiceOrderError({:?})", self.to_string())
    }
}

impl std::error::Error for ServiceOrderError {}

/// The dependency structure of a service list.
#[derive(Debug, Default)]
pub(crate) struct Analysis {
    /// Indexes of the services in deployment order (services in cycles left out).
    pub order: Vec<usize>,
    /// `(service index, dependency index within its depends-on)` of unknown dependencies.
    pub unknown: Vec<(usize, usize)>,
    /// Cycles as service indexes, each starting at its first service in document order,
    /// with `(service index, depends-on index)` of the edge leaving the first service.
    pub cycles: Vec<(Vec<usize>, (usize, usize))>,
}

/// Orders services: a service comes after every service it depends on; among services
/// that are ready at the same time, the one listed first goes first. Duplicate names refer
/// to the first service of that name.
pub(crate) fn analyze(services: &[Service]) -> Analysis {
    let mut index: HashMap<&str, usize> = HashMap::new();
    for (i, s) in services.iter().enumerate() {
        index.entry(s.name.as_str()).or_insert(i);
    }
    let mut analysis = Analysis::default();
    // deps[i]: the (resolved) services i depends on, with the depends-on position.
    let mut deps: Vec<Vec<(usize, usize)>> = vec![Vec::new(); services.len()];
    let mut dependents: Vec<Vec<usize>> = vec![Vec::new(); services.len()];
    let mut pending = vec![0usize; services.len()];
    for (i, s) in services.iter().enumerate() {
        let mut seen = HashSet::new();
        for (j, d) in s.depends_on.iter().enumerate() {
            match index.get(d.as_str()) {
                None => analysis.unknown.push((i, j)),
                Some(&k) => {
                    if seen.insert(k) {
                        if let Some(list) = deps.get_mut(i) {
                            list.push((k, j));
                        }
                        if let Some(list) = dependents.get_mut(k) {
                            list.push(i);
                        }
                        if let Some(p) = pending.get_mut(i) {
                            *p += 1;
                        }
                    }
                }
            }
        }
    }
    let mut ready: BinaryHeap<Reverse<usize>> = pending
        .iter()
        .enumerate()
        .filter(|(_, p)| **p == 0)
        .map(|(i, _)| Reverse(i))
        .collect();
    while let Some(Reverse(i)) = ready.pop() {
        analysis.order.push(i);
        for &d in dependents.get(i).map_or(&[][..], Vec::as_slice) {
            if let Some(p) = pending.get_mut(d) {
                *p -= 1;
                if *p == 0 {
                    ready.push(Reverse(d));
                }
            }
        }
    }
    if analysis.order.len() < services.len() {
        analysis.cycles = find_cycles(&deps, &pending);
    }
    analysis
}

/// Every cycle among the services still pending after ordering, found by a depth-first
/// walk along dependencies (one cycle per back edge, duplicates dropped).
fn find_cycles(
    deps: &[Vec<(usize, usize)>],
    pending: &[usize],
) -> Vec<(Vec<usize>, (usize, usize))> {
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        New,
        OnStack,
        Done,
    }
    let n = deps.len();
    let mut mark = vec![Mark::New; n];
    let mut seen: HashSet<Vec<usize>> = HashSet::new();
    let mut cycles = Vec::new();
    for root in 0..n {
        if pending.get(root).copied().unwrap_or(0) == 0 || mark.get(root) != Some(&Mark::New) {
            continue;
        }
        // (node, next dependency to look at)
        let mut stack: Vec<(usize, usize)> = vec![(root, 0)];
        if let Some(m) = mark.get_mut(root) {
            *m = Mark::OnStack;
        }
        while let Some(&(node, next)) = stack.last() {
            let edges = deps.get(node).map_or(&[][..], Vec::as_slice);
            if let Some(&(dep, _)) = edges.get(next) {
                if let Some(top) = stack.last_mut() {
                    top.1 += 1;
                }
                match mark.get(dep).copied().unwrap_or(Mark::Done) {
                    Mark::New => {
                        if let Some(m) = mark.get_mut(dep) {
                            *m = Mark::OnStack;
                        }
                        stack.push((dep, 0));
                    }
                    Mark::OnStack => {
                        let from = stack.iter().position(|(s, _)| *s == dep).unwrap_or(0);
                        let mut cycle: Vec<usize> = stack
                            .get(from..)
                            .unwrap_or_default()
                            .iter()
                            .map(|(s, _)| *s)
                            .collect();
                        // Start at the service listed first.
                        let first = cycle
                            .iter()
                            .enumerate()
                            .min_by_key(|(_, s)| **s)
                            .map_or(0, |(i, _)| i);
                        cycle.rotate_left(first);
                        let mut key = cycle.clone();
                        key.sort_unstable();
                        if seen.insert(key) {
                            let head = cycle.first().copied().unwrap_or(0);
                            let second = cycle.get(1).copied().unwrap_or(head);
                            let edge = deps
                                .get(head)
                                .and_then(|e| e.iter().find(|(d, _)| *d == second))
                                .map_or(0, |(_, j)| *j);
                            cycles.push((cycle, (head, edge)));
                        }
                    }
                    Mark::Done => {}
                }
            } else {
                if let Some(m) = mark.get_mut(node) {
                    *m = Mark::Done;
                }
                stack.pop();
            }
        }
    }
    cycles.sort_by(|a, b| a.0.first().cmp(&b.0.first()).then_with(|| a.0.cmp(&b.0)));
    cycles
}

/// The order to deploy `services` in: every service after the services it depends on,
/// whenever several services are ready, the one listed first goes next. Rollback goes in the
/// reverse order ([`rollback_order`]).
///
/// ```
/// use relcore::plan::{service_order, Service};
/// let services = [
///     Service::new("web", &["api"]),
///     Service::new("api", &["db"]),
///     Service::new("db", &[]),
///     Service::new("cron", &[]),
/// ];
/// assert_eq!(service_order(&services)?, ["db", "api", "web", "cron"]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
///
/// The first unknown dependency (`unknown_dependency`), else the first cycle
/// (`dependency_cycle`). Plan validation reports all of them.
pub fn service_order(services: &[Service]) -> Result<Vec<&str>, ServiceOrderError> {
    let analysis = analyze(services);
    let name = |i: usize| services.get(i).map_or("", |s| s.name.as_str());
    if let Some(&(i, j)) = analysis.unknown.first() {
        return Err(ServiceOrderError {
            kind: ServiceOrderErrorKind::UnknownDependency,
            service: name(i).to_owned(),
            dependency: services.get(i).and_then(|s| s.depends_on.get(j)).cloned(),
            cycle: Vec::new(),
        });
    }
    if let Some((cycle, _)) = analysis.cycles.first() {
        let mut names: Vec<String> = cycle.iter().map(|&i| name(i).to_owned()).collect();
        if let Some(first) = names.first().cloned() {
            names.push(first);
        }
        return Err(ServiceOrderError {
            kind: ServiceOrderErrorKind::DependencyCycle,
            service: names.first().cloned().unwrap_or_default(),
            dependency: None,
            cycle: names,
        });
    }
    Ok(analysis.order.into_iter().map(name).collect())
}

/// The order to roll `services` back in: the reverse of [`service_order`].
///
/// ```
/// use relcore::plan::{rollback_order, Service};
/// let services = [Service::new("api", &[]), Service::new("worker", &["api"])];
/// assert_eq!(rollback_order(&services)?, ["worker", "api"]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn rollback_order(services: &[Service]) -> Result<Vec<&str>, ServiceOrderError> {
    let mut order = service_order(services)?;
    order.reverse();
    Ok(order)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn svc(name: &str, deps: &[&str]) -> Service {
        Service::new(name, deps)
    }

    #[test]
    fn stable_topological_order() {
        let s = [
            svc("a", &["c"]),
            svc("b", &[]),
            svc("c", &[]),
            svc("d", &["a", "b"]),
        ];
        assert_eq!(service_order(&s).unwrap(), ["b", "c", "a", "d"]);
        assert_eq!(rollback_order(&s).unwrap(), ["d", "a", "c", "b"]);
        assert_eq!(service_order(&[]).unwrap(), Vec::<&str>::new());
    }

    #[test]
    fn cycles_are_found_with_their_members() {
        let s = [
            svc("x", &[]),
            svc("c", &["a"]),
            svc("a", &["b"]),
            svc("b", &["c"]),
            svc("d", &["a"]),
            svc("e", &["e"]),
        ];
        let a = analyze(&s);
        assert_eq!(a.order, [0]);
        let cycles: Vec<Vec<usize>> = a.cycles.iter().map(|c| c.0.clone()).collect();
        assert_eq!(cycles, [vec![1, 2, 3], vec![5]]);
        assert_eq!(a.cycles[0].1, (1, 0));
        let err = service_order(&s).unwrap_err();
        assert_eq!(err.cycle(), ["c", "a", "b", "c"]);
    }

    #[test]
    fn unknown_dependencies() {
        let s = [svc("a", &["zz", "b"]), svc("b", &[])];
        let a = analyze(&s);
        assert_eq!(a.unknown, [(0, 0)]);
        assert_eq!(a.order, [1, 0]);
        assert_eq!(
            service_order(&s).unwrap_err().to_string(),
            "service `a` depends on `zz`, which is not a service of the plan"
        );
    }

    #[test]
    fn long_chains_do_not_recurse() {
        let names: Vec<String> = (0..20_000).map(|i| format!("s{i}")).collect();
        let mut s: Vec<Service> = names
            .iter()
            .enumerate()
            .map(|(i, n)| {
                let deps: Vec<&str> = if i + 1 < names.len() {
                    vec![names[i + 1].as_str()]
                } else {
                    vec![]
                };
                svc(n, &deps)
            })
            .collect();
        assert_eq!(service_order(&s).unwrap().len(), 20_000);
        s.last_mut().unwrap().depends_on.push("s0".into());
        assert_eq!(analyze(&s).cycles[0].0.len(), 20_000);
    }
}
