//! The commits of many packages from one walk: every package (or any range of the
//! history with its own start tag and paths) gets the commits since its own tag that
//! touch its own paths, and the history is read once, each commit's paths compared with
//! its first parent's at most once, however many packages there are.
//!
//! The walk goes back from HEAD newest commit first. A range's tag commit marks itself
//! and, through its parents, every commit it contains: a commit is in a range when the
//! range's tag does not contain it. Marks flow from children to parents, so they are
//! complete when a commit is taken as long as no commit is dated before one of its
//! parents; at the first such clock skew the walk starts again in libgit2's topological
//! order, which needs no dates. The walk stops as soon as everything left to read is
//! contained in every range's tag.

use std::cmp::Ordering;
use std::collections::{BinaryHeap, HashMap, HashSet};

use git2::Oid;

use crate::error::GitError;
use crate::repo::{CommitQuery, RepoCommit, Repository, under};

/// One range of [`Repository::fold_packages`]: the commits reachable from HEAD and not
/// from `since`, that change a path under one of `paths` (every commit when empty).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PackageRange {
    /// The tag (or revision) the range starts after; the whole history when `None`.
    pub since: Option<String>,
    /// The directories or files, relative to the repository root, whose changes count.
    pub paths: Vec<String>,
}

/// A set of ranges, one bit each.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct Marks(Vec<u64>);

impl Marks {
    fn new(ranges: usize) -> Marks {
        Marks(vec![0; ranges.div_ceil(64)])
    }

    fn set(&mut self, bit: usize) {
        if let Some(word) = self.0.get_mut(bit / 64) {
            *word |= 1 << (bit % 64);
        }
    }

    fn has(&self, bit: usize) -> bool {
        self.0
            .get(bit / 64)
            .is_some_and(|w| w & (1 << (bit % 64)) != 0)
    }

    /// Adds `other`'s bits; whether any was new.
    fn union(&mut self, other: &Marks) -> bool {
        let mut grew = false;
        for (mine, theirs) in self.0.iter_mut().zip(&other.0) {
            grew |= *theirs & !*mine != 0;
            *mine |= theirs;
        }
        grew
    }

    fn covers(&self, all: &Marks) -> bool {
        self.0.iter().zip(&all.0).all(|(m, a)| m & a == *a)
    }
}

/// A commit waiting in the time-ordered queue: newest first, then first met.
#[derive(Debug, PartialEq, Eq)]
struct Waiting {
    time: i64,
    order: std::cmp::Reverse<usize>,
    oid: Oid,
}

impl Ord for Waiting {
    fn cmp(&self, other: &Self) -> Ordering {
        (self.time, self.order).cmp(&(other.time, other.order))
    }
}

impl PartialOrd for Waiting {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// A commit to compare: its id, its tree and its first parent's, and how far.
type DiffRequest = (Oid, (Oid, Option<Oid>), Needs);

/// A commit some range may want, as the walk took it: whether it does depends on the
/// paths it changes, compared later (and on another thread).
struct Candidate {
    id: Oid,
    /// Its tree, and its first parent's (none for a root commit).
    trees: (Oid, Option<Oid>),
    commit: relcore::commit::Commit,
    /// The ranges whose start does not contain it.
    wanting: Vec<usize>,
}

/// Which of a candidate's paths the walk needs.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Needs {
    /// None: every range it may go to takes every commit.
    Nothing,
    /// Every path it changes.
    Every,
    /// Only which of these (the ranges' paths) it changes.
    Within(Vec<String>),
}

impl Needs {
    /// The paths to compare within, for [`crate::tree_diff::Trees::changed_within`].
    fn within(&self) -> Option<Vec<&str>> {
        match self {
            Needs::Within(dirs) => Some(dirs.iter().map(String::as_str).collect()),
            _ => None,
        }
    }
}

impl Candidate {
    /// Which of its paths are needed.
    fn needs_paths(&self, plan: &Plan<'_>) -> Needs {
        let paths: Vec<&String> = self
            .wanting
            .iter()
            .filter_map(|&i| plan.ranges.get(i))
            .flat_map(|r| &r.paths)
            .collect();
        if plan.query.changed_paths {
            return Needs::Every;
        }
        if paths.is_empty() {
            return Needs::Nothing;
        }
        let root = self
            .wanting
            .iter()
            .filter_map(|&i| plan.ranges.get(i))
            .any(|r| r.paths.is_empty())
            || paths
                .iter()
                .any(|p| matches!(p.trim_end_matches('/'), "" | "."));
        if root {
            return Needs::Every;
        }
        let mut within: Vec<String> = paths
            .iter()
            .map(|p| p.trim_end_matches('/').to_owned())
            .collect();
        within.sort_unstable();
        within.dedup();
        Needs::Within(within)
    }
}

/// The paths of each commit sent, compared with its first parent's, by a repository of
/// its own: what [`Repository::fold_packages`] runs beside its walk. A commit it cannot
/// compare is left out of the answer (the walk compares it itself, and reports the error).
fn diff_worker(
    gitdir: &std::path::Path,
    commits: &std::sync::mpsc::Receiver<DiffRequest>,
) -> HashMap<Oid, Vec<String>> {
    let mut out = HashMap::new();
    let Ok(repo) = git2::Repository::open(gitdir) else {
        return out;
    };

    let mut trees = crate::tree_diff::Trees::default();
    for (id, (tree, parent), needs) in commits {
        let within = needs.within();
        if let Ok(paths) = trees.changed_within(&repo, parent, tree, within.as_deref()) {
            out.insert(id, paths);
        }
    }
    out
}

/// A commit was taken before one of its children (clock skew): the time order fails.
struct Skew;

/// What the walk knows of the ranges.
struct Plan<'a> {
    ranges: &'a [PackageRange],
    /// Each range's start commit.
    starts: HashMap<Oid, Vec<usize>>,
    /// The ranges that have a start: once a commit carries all of these, so does
    /// everything behind it, and no range wants it.
    all: Marks,
    /// Whether any range has no start (then the walk goes to the root).
    open_ended: bool,
    query: &'a CommitQuery,
    shallow: HashSet<Oid>,
}

/// What the walk knows of a commit met and not taken yet.
#[derive(Clone, Debug, Default)]
struct Met {
    /// The ranges whose start contains it.
    marks: Marks,
    /// It is on the walk's line: the first-parent line of a first-parent walk (the
    /// others are walked only to carry marks), else every commit.
    line: bool,
}

impl Plan<'_> {
    /// Whether the commit, or one it leads to, may still be shown to a range.
    fn shows(&self, met: &Met) -> bool {
        met.line && (self.open_ended || !met.marks.covers(&self.all))
    }
}

impl Repository {
    /// The commits of every range in `ranges` (each package of a monorepo since its own
    /// latest tag, under its own paths) from one walk back from HEAD: `step` gets the
    /// range's index and each of its commits, newest first. Returns how many commits each
    /// range got. The query's `include_merges`, `first_parent` and `changed_paths` apply
    /// to every range; its `since`, `until` and `paths` are ignored.
    ///
    /// A commit's changed paths (against its first parent) are read once, and only for
    /// commits some range still wants; commits every range's tag contains are not read
    /// beyond their parents, and the walk ends once nothing else is left.
    ///
    /// # Errors
    ///
    /// `unknown_revision` for a range's `since` that names nothing; `shallow_history` when
    /// the walk meets the boundary of a shallow clone before a range's tag; git errors.
    pub fn fold_packages(
        &self,
        ranges: &[PackageRange],
        query: &CommitQuery,
        mut step: impl FnMut(usize, &RepoCommit),
    ) -> Result<Vec<usize>, GitError> {
        let mut starts: HashMap<Oid, Vec<usize>> = HashMap::new();
        let mut all = Marks::new(ranges.len());
        for (i, range) in ranges.iter().enumerate() {
            if let Some(since) = &range.since {
                starts.entry(self.resolve(since)?).or_default().push(i);
                all.set(i);
            }
        }
        let plan = Plan {
            ranges,
            starts,
            all,
            open_ended: ranges.iter().any(|r| r.since.is_none()),
            query,
            shallow: crate::walk::shallow_commits(&self.inner),
        };
        if ranges.is_empty() {
            return Ok(Vec::new());
        }
        let head = self.resolve("HEAD")?;
        // The commits are handed over only once the order is known to hold: a skew found
        // late must not have shown a range a commit its tag contains. Their paths are
        // compared on a thread of their own while the walk goes on.
        let mut found: Vec<Candidate> = Vec::new();
        let (done, mut diffs) = std::thread::scope(|scope| {
            let (sender, receiver) = std::sync::mpsc::channel::<(Oid, (Oid, Option<Oid>), Needs)>();
            let gitdir = self.inner.path().to_path_buf();
            let worker = scope.spawn(move || diff_worker(&gitdir, &receiver));
            let done = if self.grafted() {
                Ok(Err(Skew))
            } else {
                self.time_ordered_packages(&plan, head, &mut |c| {
                    let needs = c.needs_paths(&plan);
                    if needs != Needs::Nothing {
                        // A closed worker leaves the paths to this thread.
                        let _ = sender.send((c.id, c.trees, needs));
                    }
                    found.push(c);
                })
            };
            drop(sender);
            (done, worker.join().unwrap_or_default())
        });
        if done?.is_err() {
            found.clear();
            self.topological_packages(&plan, head, &mut |c| found.push(c))?;
        }
        let mut counts = vec![0; ranges.len()];
        for candidate in found {
            let paths = match (candidate.needs_paths(&plan), diffs.remove(&candidate.id)) {
                (Needs::Nothing, _) => Vec::new(),
                (_, Some(paths)) => paths,
                (needs, None) => {
                    let commit = self.find(candidate.id)?;
                    self.changed_within(&commit, needs.within().as_deref())?
                }
            };
            let repo_commit = RepoCommit {
                commit: candidate.commit,
                paths: if query.changed_paths {
                    paths.clone()
                } else {
                    Vec::new()
                },
            };
            for &i in &candidate.wanting {
                let Some(range) = ranges.get(i) else {
                    continue;
                };
                if !range.paths.is_empty()
                    && !paths
                        .iter()
                        .any(|p| range.paths.iter().any(|q| under(p, q)))
                {
                    continue;
                }
                if let Some(count) = counts.get_mut(i) {
                    *count += 1;
                }
                step(i, &repo_commit);
            }
        }
        Ok(counts)
    }

    /// The walk newest commit first; `Err(Skew)` inside `Ok` when a commit turns out to
    /// be older than one of its parents.
    fn time_ordered_packages(
        &self,
        plan: &Plan<'_>,
        head: Oid,
        each: &mut dyn FnMut(Candidate),
    ) -> Result<Result<(), Skew>, GitError> {
        let mut queue = BinaryHeap::new();
        let mut met: HashMap<Oid, Met> = HashMap::new();
        let mut taken: HashSet<Oid> = HashSet::new();
        let mut order = 0usize;
        // Commits queued that some range may still be shown: none left, nothing more to
        // read (commits off the first-parent line only carry marks to it).
        let mut wanted = 0usize;
        let first = Met {
            marks: Marks::new(plan.ranges.len()),
            line: true,
        };
        wanted += usize::from(plan.shows(&first));
        queue.push(Waiting {
            time: self.find(head)?.time().seconds(),
            order: std::cmp::Reverse(order),
            oid: head,
        });
        met.insert(head, first);
        while let Some(Waiting { oid, .. }) = queue.pop() {
            let Met { mut marks, line } = met.remove(&oid).unwrap_or_default();
            wanted -= usize::from(plan.shows(&Met {
                marks: marks.clone(),
                line,
            }));
            taken.insert(oid);
            let commit = self.find(oid)?;
            let parents = Self::visit(plan, &commit, &mut marks, line, each)?;
            for (k, parent) in parents.into_iter().enumerate() {
                if taken.contains(&parent) {
                    // A parent taken before its child: its marks may lack this child's.
                    return Ok(Err(Skew));
                }
                let on_line = line && (k == 0 || !plan.query.first_parent);
                if let Some(theirs) = met.get_mut(&parent) {
                    let before = plan.shows(theirs);
                    theirs.marks.union(&marks);
                    theirs.line |= on_line;
                    let after = plan.shows(theirs);
                    wanted = wanted + usize::from(after) - usize::from(before);
                    continue;
                }
                let theirs = Met {
                    marks: marks.clone(),
                    line: on_line,
                };
                wanted += usize::from(plan.shows(&theirs));
                order += 1;
                queue.push(Waiting {
                    time: self.find(parent)?.time().seconds(),
                    order: std::cmp::Reverse(order),
                    oid: parent,
                });
                met.insert(parent, theirs);
            }
            if wanted == 0 {
                break;
            }
        }
        Ok(Ok(()))
    }

    /// The walk in libgit2's topological order (every child before its parents, dates
    /// aside), to the root.
    fn topological_packages(
        &self,
        plan: &Plan<'_>,
        head: Oid,
        each: &mut dyn FnMut(Candidate),
    ) -> Result<(), GitError> {
        // Every parent is walked, for the marks; the first-parent line is tracked here.
        let (walk, _) = self.revwalk(&CommitQuery {
            since: None,
            until: Some(head.to_string()),
            paths: Vec::new(),
            first_parent: false,
            ..plan.query.clone()
        })?;
        let mut met: HashMap<Oid, Met> = HashMap::new();
        met.insert(
            head,
            Met {
                marks: Marks::new(plan.ranges.len()),
                line: true,
            },
        );
        for oid in walk {
            let oid = oid.map_err(|e| GitError::git("walking history", &e))?;
            let Met { mut marks, line } = met.remove(&oid).unwrap_or_default();
            let commit = self.find(oid)?;
            let parents = Self::visit(plan, &commit, &mut marks, line, each)?;
            for (k, parent) in parents.into_iter().enumerate() {
                let theirs = met.entry(parent).or_insert_with(|| Met {
                    marks: Marks::new(plan.ranges.len()),
                    line: false,
                });
                theirs.marks.union(&marks);
                theirs.line |= line && (k == 0 || !plan.query.first_parent);
            }
        }
        Ok(())
    }

    /// Takes `commit` with the ranges whose tags contain it (`marks`, to which its own
    /// ranges' starts are added): on the walk's line (the first-parent line of a
    /// first-parent walk, else every commit), hands it over as a candidate of every other
    /// range. Returns its parents.
    fn visit(
        plan: &Plan<'_>,
        commit: &git2::Commit<'_>,
        marks: &mut Marks,
        line: bool,
        each: &mut dyn FnMut(Candidate),
    ) -> Result<Vec<Oid>, GitError> {
        let oid = commit.id();
        for &i in plan.starts.get(&oid).into_iter().flatten() {
            marks.set(i);
        }
        let wanting: Vec<usize> = if line {
            (0..plan.ranges.len()).filter(|&i| !marks.has(i)).collect()
        } else {
            Vec::new()
        };
        if plan.shallow.contains(&oid) {
            if let Some(range) = wanting
                .iter()
                .find_map(|&i| plan.ranges.get(i)?.since.as_deref())
            {
                return Err(crate::repo::shallow_error(Some(range)));
            }
            return Ok(Vec::new());
        }
        let merge = commit.parent_count() > 1;
        if !wanting.is_empty() && (plan.query.include_merges || !merge) {
            let mut parsed = crate::convert::commit_of(commit);
            if merge {
                parsed = parsed.mark_merge();
            }
            let parent_tree = match commit.parent(0) {
                Ok(parent) => Some(parent.tree_id()),
                Err(_) if commit.parent_count() == 0 => None,
                Err(e) => return Err(GitError::git("reading a commit", &e)),
            };
            each(Candidate {
                id: oid,
                trees: (commit.tree_id(), parent_tree),
                commit: parsed,
                wanting,
            });
        }
        Ok(commit.parent_ids().collect())
    }

    fn find(&self, oid: Oid) -> Result<git2::Commit<'_>, GitError> {
        self.inner
            .find_commit(oid)
            .map_err(|e| GitError::git("reading a commit", &e))
    }
}
