//! `classify`: the policy's rules applied to the facts, with a reason for each rule that
//! fired.

use std::cmp::Ordering;
use std::collections::HashSet;

use super::facts::Facts;
use super::glob::GlobSet;
use super::policy::{Condition, Effect, Policy};
use crate::classification::{Classification, Dimension, Reason};
use crate::commit::{Commit, cancel_reverts};
use crate::version::compare;

/// Classifies a release: applies the policy's rules in order ([`Policy::effective_rules`]),
/// each dimension decided by the first rule that matches and sets it, the rest by the
/// policy's fallback.
///
/// Total and deterministic: the same facts and policy always give the same
/// classification and reasons. It never fails; a policy can be checked beforehand with
/// [`Policy::check`].
///
/// ```
/// use relcore::risk::{classify, ApprovalLevel, ChangeType, Facts, Pace, Policy, Risk, Strategy};
/// use relcore::version::Version;
///
/// let policy = Policy::default();
///
/// let breaking = Facts::from_messages(["feat(api)!: drop v1", "fix: typo"])
///     .with_versions(Version::new(1, 4, 2), Version::new(2, 0, 0));
/// let class = classify(&breaking, &policy);
/// assert_eq!((class.r#type, class.risk, class.strategy), (ChangeType::Feature, Risk::High, Strategy::Canary));
/// assert_eq!(class.steps, [20, 50, 100]);
/// assert_eq!(class.approval.level, ApprovalLevel::Required);
/// let rules: Vec<&str> = class.reasons.iter().map(|r| r.rule.as_str()).collect();
/// assert_eq!(rules, ["breaking_change", "major_bump", "features", "fallback"]);
///
/// let hotfix = Facts::from_messages(["fix: session loop"]).with_branch("hotfix/login");
/// let class = classify(&hotfix, &policy);
/// assert_eq!((class.r#type, class.risk, class.pace), (ChangeType::Hotfix, Risk::Low, Pace::FastTrack));
/// assert_eq!(class.approval.by, ["manager", "security"]);
/// ```
pub fn classify(facts: &Facts, policy: &Policy) -> Classification {
    let ctx = Context::new(facts, policy);
    let mut decided: Vec<Option<&str>> = vec![None; Dimension::ALL.len()];
    let mut chosen = Effect::default();
    // A glob that does not compile matches nothing; say so rather than stay silent.
    let mut reasons: Vec<Reason> = policy
        .check()
        .into_iter()
        .filter(|d| d.code == "invalid_glob")
        .map(|d| Reason {
            rule: "invalid_glob".to_owned(),
            message: format!(
                "{}: {}; it matches nothing",
                d.path.unwrap_or_default(),
                d.message
            ),
            decided: Vec::new(),
            commits: Vec::new(),
            paths: Vec::new(),
        })
        .collect();
    for rule in policy.effective_rules() {
        let Some(found) = ctx.eval(&rule.when) else {
            continue;
        };
        let mut mine = Vec::new();
        let mut taken = Vec::new();
        for dimension in rule.then.dimensions() {
            let Some(slot) = decided.get_mut(index(dimension)) else {
                continue;
            };
            if let Some(by) = slot {
                taken.push(format!("{dimension} by {by}"));
            } else {
                *slot = Some(rule.name.as_str());
                set(&mut chosen, &rule.then, dimension);
                mine.push(dimension);
            }
        }
        let mut message = found.detail;
        if !mine.is_empty() {
            message.push_str(": ");
            message.push_str(&describe(&rule.then, &mine));
        }
        if !taken.is_empty() {
            message.push_str("; already decided: ");
            message.push_str(&taken.join(", "));
        }
        reasons.push(Reason {
            rule: rule.name.clone(),
            message,
            decided: mine,
            commits: found.commits,
            paths: found.paths,
        });
    }
    let fallback = policy.fallback.to_effect();
    let rest: Vec<Dimension> = Dimension::ALL
        .iter()
        .copied()
        .filter(|d| decided.get(index(*d)).is_some_and(Option::is_none))
        .collect();
    if !rest.is_empty() {
        for dimension in &rest {
            set(&mut chosen, &fallback, *dimension);
        }
        let names: Vec<&str> = rest.iter().map(|d| d.as_str()).collect();
        reasons.push(Reason {
            rule: "fallback".to_owned(),
            message: format!(
                "no rule decided {}: the policy's fallback gives {}",
                names.join(", "),
                describe(&fallback, &rest)
            ),
            decided: rest,
            commits: Vec::new(),
            paths: Vec::new(),
        });
    }
    let fb = &policy.fallback;
    Classification {
        r#type: chosen.r#type.unwrap_or(fb.r#type),
        risk: chosen.risk.unwrap_or(fb.risk),
        strategy: chosen.strategy.unwrap_or(fb.strategy),
        steps: chosen.steps.unwrap_or_default(),
        approval: chosen.approval.unwrap_or_else(|| fb.approval.clone()),
        rollback: chosen.rollback.unwrap_or(fb.rollback),
        pace: chosen.pace.unwrap_or(fb.pace),
        gates: chosen.gates.unwrap_or(fb.gates),
        services: facts.services,
        reasons,
    }
}

/// The slot of a dimension in the `decided` table.
fn index(dimension: Dimension) -> usize {
    Dimension::ALL
        .iter()
        .position(|d| *d == dimension)
        .unwrap_or(usize::MAX)
}

/// Copies one dimension from `from` into `into`; the strategy brings its steps along.
fn set(into: &mut Effect, from: &Effect, dimension: Dimension) {
    match dimension {
        Dimension::Type => into.r#type = from.r#type,
        Dimension::Risk => into.risk = from.risk,
        Dimension::Strategy => {
            into.strategy = from.strategy;
            into.steps = Some(from.steps.clone().unwrap_or_default());
        }
        Dimension::Approval => into.approval.clone_from(&from.approval),
        Dimension::Rollback => into.rollback = from.rollback,
        Dimension::Pace => into.pace = from.pace,
        Dimension::Gates => into.gates = from.gates,
    }
}

/// `risk high, strategy canary 20 → 50 → 100, approval required by release-manager`.
fn describe(effect: &Effect, dimensions: &[Dimension]) -> String {
    let parts: Vec<String> = dimensions
        .iter()
        .filter_map(|d| effect.describe(*d).map(|v| format!("{d} {v}")))
        .collect();
    parts.join(", ")
}

/// What made a condition hold.
#[derive(Debug, Default)]
struct Found {
    detail: String,
    commits: Vec<String>,
    paths: Vec<String>,
}

impl Found {
    fn new(detail: impl Into<String>) -> Found {
        Found {
            detail: detail.into(),
            ..Found::default()
        }
    }
}

/// The facts prepared once for every rule: the commits that count and the compiled globs.
struct Context<'a> {
    facts: &'a Facts,
    policy: &'a Policy,
    commits: Vec<&'a Commit>,
    migration: GlobSet,
    config: GlobSet,
    hotfix: GlobSet,
}

impl<'a> Context<'a> {
    fn new(facts: &'a Facts, policy: &'a Policy) -> Context<'a> {
        Context {
            facts,
            policy,
            commits: cancel_reverts(&facts.commits)
                .into_iter()
                .filter(|c| !c.merge)
                .collect(),
            migration: GlobSet::new(&policy.migration_paths),
            config: GlobSet::new(&policy.config_paths),
            hotfix: GlobSet::new(&policy.hotfix_branches),
        }
    }

    fn paths(&self) -> &'a [String] {
        self.facts.paths.as_deref().unwrap_or_default()
    }

    /// Evaluates a condition: `Some` with what made it hold, or `None`.
    fn eval(&self, condition: &Condition) -> Option<Found> {
        match condition {
            Condition::Always => Some(Found::new("always")),
            Condition::VersionDecrease | Condition::MajorBump => self.versions(condition),
            Condition::BreakingChange
            | Condition::Features
            | Condition::AnyType(_)
            | Condition::OnlyFixes
            | Condition::OnlyTypes(_) => self.commit_condition(condition),
            Condition::SchemaMigration
            | Condition::ConfigOnly
            | Condition::AnyPath(_)
            | Condition::OnlyPaths(_) => self.path_condition(condition),
            Condition::Hotfix => {
                if self.facts.hotfix {
                    Some(Found::new("the release is marked as a hotfix"))
                } else {
                    self.branch(&self.hotfix, |glob| {
                        format!("is a hotfix branch (`{glob}`)")
                    })
                }
            }
            Condition::Branch(globs) => {
                self.branch(&GlobSet::new(globs), |glob| format!("matches `{glob}`"))
            }
            Condition::ServicesAtLeast(n) => {
                let services = self.facts.services;
                (services >= *n).then(|| {
                    let deploy = if services == 1 {
                        "service deploys"
                    } else {
                        "services deploy"
                    };
                    Found::new(format!("{services} {deploy} (at least {n})"))
                })
            }
            Condition::All(conditions) => {
                if conditions.is_empty() {
                    return None;
                }
                let mut all = Vec::new();
                for c in conditions {
                    all.push(self.eval(c)?);
                }
                Some(merge(all))
            }
            Condition::Any(conditions) => {
                let found: Vec<Found> = conditions.iter().filter_map(|c| self.eval(c)).collect();
                (!found.is_empty()).then(|| merge(found))
            }
            Condition::Not(inner) => match self.eval(inner) {
                Some(_) => None,
                None => Some(Found::new(format!("not ({inner})"))),
            },
        }
    }

    /// `version_decrease` and `major_bump`.
    fn versions(&self, condition: &Condition) -> Option<Found> {
        let (current, next) = (self.facts.current.as_ref()?, self.facts.next.as_ref()?);
        match condition {
            Condition::VersionDecrease => (compare(next, current) == Ordering::Less).then(|| {
                Found::new(format!(
                    "the next version {next} is lower than the current version {current}"
                ))
            }),
            Condition::MajorBump => (next.major > current.major).then(|| {
                Found::new(format!(
                    "the major version increases from {current} to {next}"
                ))
            }),
            _ => None,
        }
    }

    /// The conditions on commits.
    fn commit_condition(&self, condition: &Condition) -> Option<Found> {
        match condition {
            Condition::BreakingChange => {
                let commits = self.commits_where(|c| c.breaking);
                let n = commits.len();
                let what = if n == 1 {
                    "is a breaking change"
                } else {
                    "are breaking changes"
                };
                with_commits(commits, format!("{} {what}", plural(n, "commit")))
            }
            Condition::Features => {
                let commits = self.commits_where(|c| has_type(c, &self.policy.feature_types));
                let n = commits.len();
                let what = if n == 1 {
                    "adds features"
                } else {
                    "add features"
                };
                with_commits(commits, format!("{} {what}", plural(n, "commit")))
            }
            Condition::AnyType(types) => {
                let commits = self.commits_where(|c| has_type(c, types));
                let n = commits.len();
                let what = if n == 1 { "has" } else { "have" };
                with_commits(
                    commits,
                    format!("{} {what} type {}", plural(n, "commit"), types.join(", ")),
                )
            }
            Condition::OnlyFixes => self.only_commits(
                |c| !c.breaking && has_type(c, &self.policy.fix_types),
                "the only commit is a fix or housekeeping",
                "are fixes or housekeeping",
            ),
            Condition::OnlyTypes(types) => {
                let what = format!("of type {}", types.join(", "));
                self.only_commits(
                    |c| has_type(c, types),
                    &format!("the only commit is {what}"),
                    &format!("are {what}"),
                )
            }
            _ => None,
        }
    }

    /// The conditions on changed paths.
    fn path_condition(&self, condition: &Condition) -> Option<Found> {
        match condition {
            Condition::SchemaMigration => self.any_path(&self.migration, |n, globs| {
                let what = if n == 1 {
                    "is a schema migration"
                } else {
                    "are schema migrations"
                };
                format!("{} {what} ({globs})", plural(n, "changed path"))
            }),
            Condition::ConfigOnly => self.only_paths(&self.config, |n, globs| {
                if n == 1 {
                    format!("the only changed path is configuration ({globs})")
                } else {
                    format!("all {n} changed paths are configuration ({globs})")
                }
            }),
            Condition::AnyPath(globs) => self.any_path(&GlobSet::new(globs), |n, globs| {
                let what = if n == 1 { "matches" } else { "match" };
                format!("{} {what} {globs}", plural(n, "changed path"))
            }),
            Condition::OnlyPaths(globs) => self.only_paths(&GlobSet::new(globs), |n, globs| {
                if n == 1 {
                    format!("the only changed path matches {globs}")
                } else {
                    format!("all {n} changed paths match {globs}")
                }
            }),
            _ => None,
        }
    }

    fn commits_where(&self, keep: impl Fn(&Commit) -> bool) -> Vec<String> {
        self.commits
            .iter()
            .filter(|c| keep(c))
            .map(|c| label(c))
            .collect()
    }

    /// At least one commit, and every one passes `keep`; `one` is the detail for a single
    /// commit, `many` what follows `all N commits`.
    fn only_commits(&self, keep: impl Fn(&Commit) -> bool, one: &str, many: &str) -> Option<Found> {
        if self.commits.is_empty() || !self.commits.iter().all(|c| keep(c)) {
            return None;
        }
        let n = self.commits.len();
        let detail = if n == 1 {
            one.to_owned()
        } else {
            format!("all {n} commits {many}")
        };
        Some(Found {
            detail,
            commits: self.commits.iter().map(|c| label(c)).collect(),
            paths: Vec::new(),
        })
    }

    /// The changed paths that match `set`, if any; `detail` words the count and the
    /// globs that matched.
    fn any_path(&self, set: &GlobSet, detail: impl Fn(usize, String) -> String) -> Option<Found> {
        let mut globs: Vec<&str> = Vec::new();
        let mut paths = Vec::new();
        for path in self.paths() {
            if let Some(glob) = set.find(path) {
                if !globs.contains(&glob) {
                    globs.push(glob);
                }
                paths.push(path.clone());
            }
        }
        let n = paths.len();
        (n > 0).then(|| Found {
            detail: detail(n, quoted(&globs)),
            commits: Vec::new(),
            paths,
        })
    }

    /// At least one changed path, and every one matches `set`.
    fn only_paths(&self, set: &GlobSet, detail: impl Fn(usize, String) -> String) -> Option<Found> {
        let paths = self.paths();
        let mut globs: Vec<&str> = Vec::new();
        for path in paths {
            let glob = set.find(path)?;
            if !globs.contains(&glob) {
                globs.push(glob);
            }
        }
        let n = paths.len();
        (n > 0).then(|| Found {
            detail: detail(n, quoted(&globs)),
            commits: Vec::new(),
            paths: paths.to_vec(),
        })
    }

    /// The branch, when it matches `set`; `what` words the glob that matched.
    fn branch(&self, set: &GlobSet, what: impl Fn(&str) -> String) -> Option<Found> {
        let branch = self.facts.branch.as_deref()?;
        let glob = set.find(branch)?;
        Some(Found::new(format!(
            "branch `{}` {}",
            crate::classification::quote(branch),
            what(glob)
        )))
    }
}

fn with_commits(commits: Vec<String>, detail: String) -> Option<Found> {
    (!commits.is_empty()).then(|| Found {
        detail,
        commits,
        paths: Vec::new(),
    })
}

/// Joins what several conditions found, without repeating commits or paths.
fn merge(found: Vec<Found>) -> Found {
    let mut out = Found::default();
    let mut details = Vec::new();
    let mut seen_commits = HashSet::new();
    let mut seen_paths = HashSet::new();
    for f in found {
        details.push(f.detail);
        for c in f.commits {
            if seen_commits.insert(c.clone()) {
                out.commits.push(c);
            }
        }
        for p in f.paths {
            if seen_paths.insert(p.clone()) {
                out.paths.push(p);
            }
        }
    }
    out.detail = details.join(" and ");
    out
}

fn has_type(commit: &Commit, types: &[String]) -> bool {
    commit
        .r#type
        .as_deref()
        .is_some_and(|ty| types.iter().any(|t| t.eq_ignore_ascii_case(ty)))
}

/// How a reason names a commit: its short id where known, else its header.
fn label(commit: &Commit) -> String {
    commit
        .short_id()
        .map_or_else(|| commit.header.clone(), str::to_owned)
}

fn quoted(globs: &[&str]) -> String {
    let parts: Vec<String> = globs.iter().map(|g| format!("`{g}`")).collect();
    parts.join(", ")
}

/// `1 commit`, `2 commits`.
fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}
