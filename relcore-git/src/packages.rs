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
use std::collections::BinaryHeap;
use std::sync::Arc;

use git2::Oid;

use crate::compare::Comparer;
use crate::convert;
use crate::error::GitError;
use crate::oid_hash::{OidMap, OidSet};
use crate::pack::Reader;
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

/// A commit some range may want, as the walk took it: whether it does depends on the
/// paths it changes, compared later (and on another thread).
struct Candidate {
    id: Oid,
    /// Its tree, and its first parent's (none for a root commit).
    trees: (Oid, Option<Oid>),
    commit: relcore::commit::Commit,
    /// The ranges whose start does not contain it.
    wanting: Vec<usize>,
    /// Which of its paths the ranges need.
    needs: Needs,
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

    /// The same, owned, for a [`crate::compare::Request`].
    fn within_owned(&self) -> Option<Vec<String>> {
        match self {
            Needs::Within(dirs) => Some(dirs.clone()),
            _ => None,
        }
    }
}

/// Which paths of a commit that `wanting` (ranges of `plan`) want are needed.
fn needs_of(wanting: &[usize], plan: &Plan<'_>) -> Needs {
    if plan.query.changed_paths {
        return Needs::Every;
    }
    let wanted = || wanting.iter().filter_map(|&i| plan.ranges.get(i));
    if wanted().all(|r| r.paths.is_empty()) {
        return Needs::Nothing;
    }
    let root = wanted().any(|r| r.paths.is_empty())
        || wanted()
            .flat_map(|r| &r.paths)
            .any(|p| matches!(p.trim_end_matches('/'), "" | "."));
    if root {
        return Needs::Every;
    }
    let mut within: Vec<String> = wanted()
        .flat_map(|r| &r.paths)
        .map(|p| p.trim_end_matches('/').to_owned())
        .collect();
    within.sort_unstable();
    within.dedup();
    Needs::Within(within)
}

/// A commit was taken before one of its children (clock skew): the time order fails.
struct Skew;

/// What the walk knows of the ranges.
struct Plan<'a> {
    ranges: &'a [PackageRange],
    /// Each range's start commit.
    starts: OidMap<Vec<usize>>,
    /// The ranges that have a start: once a commit carries all of these, so does
    /// everything behind it, and no range wants it.
    all: Marks,
    /// Whether any range has no start (then the walk goes to the root).
    open_ended: bool,
    query: &'a CommitQuery,
    shallow: OidSet,
    /// What the commits' authors are shown as.
    mailmap: Option<&'a relcore::commit::Mailmap>,
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
        let mut starts: OidMap<Vec<usize>> = OidMap::default();
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
            mailmap: self.mailmap(),
        };
        if ranges.is_empty() {
            return Ok(Vec::new());
        }
        let head = self.resolve("HEAD")?;
        // The commits are handed over only once the order is known to hold: a skew found
        // late must not have shown a range a commit its tag contains. Their paths are
        // compared on a thread of its own while the walk goes on, and handed back in the
        // order asked.
        let mut comparer = self
            .ahead
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .take()
            .unwrap_or_else(|| Comparer::spawn(self.inner.path().to_path_buf(), false));
        let mut found: Vec<Candidate> = Vec::new();
        let done = if self.grafted() {
            Err(Skew)
        } else {
            self.time_ordered_packages(&plan, head, &mut |c| {
                if c.needs != Needs::Nothing {
                    // A closed thread leaves the paths to this one.
                    comparer.ask((c.trees.0, c.trees.1, c.needs.within_owned()));
                }
                found.push(c);
            })?
        };
        comparer.close();
        // After a skew, the answers by commit, for the walk in topological order.
        let mut diffs: OidMap<Vec<String>> = OidMap::default();
        let in_order = done.is_ok();
        if !in_order {
            for candidate in found.iter().filter(|c| c.needs != Needs::Nothing) {
                if let Some(paths) = comparer.answer() {
                    diffs.insert(candidate.id, paths);
                }
            }
            found.clear();
            self.topological_packages(&plan, head, &mut |c| found.push(c))?;
        }
        let mut counts = vec![0; ranges.len()];
        for candidate in found {
            let paths = match &candidate.needs {
                Needs::Nothing => Vec::new(),
                needs => {
                    let answer = if in_order {
                        comparer.answer()
                    } else {
                        diffs.remove(&candidate.id)
                    };
                    if let Some(paths) = answer {
                        paths
                    } else {
                        let commit = self.find(candidate.id)?;
                        self.changed_within(&commit, needs.within().as_deref())?
                    }
                }
            };
            let (kept, paths) = if query.changed_paths {
                (paths, None)
            } else {
                (Vec::new(), Some(paths))
            };
            let repo_commit = RepoCommit {
                commit: candidate.commit,
                paths: kept,
            };
            let paths = paths.as_ref().unwrap_or(&repo_commit.paths);
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
        let mut met: OidMap<Met> = OidMap::default();
        let mut taken: OidSet = OidSet::default();
        let mut order = 0usize;
        // Commits queued that some range may still be shown: none left, nothing more to
        // read (commits off the first-parent line only carry marks to it).
        let mut wanted = 0usize;
        let first = Met {
            marks: Marks::new(plan.ranges.len()),
            line: true,
        };
        wanted += usize::from(plan.shows(&first));
        let mut commits = Commits::new(self);
        queue.push(Waiting {
            time: commits.time(head)?,
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
            let commit = commits.take(oid)?;
            let parents = Self::visit(plan, &mut commits, oid, &commit, &mut marks, line, each)?;
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
                    time: commits.time(parent)?,
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
        let mut met: OidMap<Met> = OidMap::default();
        let mut commits = Commits::new(self);
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
            let commit = commits.take(oid)?;
            let parents = Self::visit(plan, &mut commits, oid, &commit, &mut marks, line, each)?;
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
        commits: &mut Commits<'_>,
        oid: Oid,
        commit: &Raw<'_>,
        marks: &mut Marks,
        line: bool,
        each: &mut dyn FnMut(Candidate),
    ) -> Result<Vec<Oid>, GitError> {
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
        let parents = commit.parents();
        let merge = parents.len() > 1;
        if !wanting.is_empty() && (plan.query.include_merges || !merge) {
            let mut parsed = commit.parsed(oid, plan.mailmap);
            if merge {
                parsed = parsed.mark_merge();
            }
            let parent_tree = match parents.first() {
                Some(&parent) => Some(commits.tree(parent)?),
                None => None,
            };
            let needs = needs_of(&wanting, plan);
            each(Candidate {
                id: oid,
                trees: (commit.tree(), parent_tree),
                commit: parsed,
                wanting,
                needs,
            });
        }
        Ok(parents)
    }

    fn find(&self, oid: Oid) -> Result<git2::Commit<'_>, GitError> {
        self.inner
            .find_commit(oid)
            .map_err(|e| GitError::git("reading a commit", &e))
    }
}

/// A commit of the walk: its raw object (with the committer time and tree read from it),
/// or libgit2's reading of anything unusual.
pub(crate) enum Raw<'r> {
    Bytes {
        data: Arc<[u8]>,
        time: i64,
        tree: Oid,
    },
    Git(git2::Commit<'r>),
}

impl Raw<'_> {
    /// The committer time, in seconds since the Unix epoch.
    fn time(&self) -> i64 {
        match self {
            Raw::Bytes { time, .. } => *time,
            Raw::Git(commit) => commit.time().seconds(),
        }
    }

    fn tree(&self) -> Oid {
        match self {
            Raw::Bytes { tree, .. } => *tree,
            Raw::Git(commit) => commit.tree_id(),
        }
    }

    pub(crate) fn parents(&self) -> Vec<Oid> {
        match self {
            Raw::Bytes { data, .. } => convert::parent_ids(data).collect(),
            Raw::Git(commit) => commit.parent_ids().collect(),
        }
    }

    /// The commit parsed, with id `id`, author (as `mailmap` shows them) and time.
    pub(crate) fn parsed(
        &self,
        id: Oid,
        mailmap: Option<&relcore::commit::Mailmap>,
    ) -> relcore::commit::Commit {
        match self {
            // Never empty: raw bytes are only kept when their fields parse.
            Raw::Bytes { data, .. } => match convert::fields(data) {
                Some(fields) => convert::parsed(id, &fields, mailmap),
                None => relcore::commit::Commit::parse(""),
            },
            Raw::Git(commit) => convert::commit_of(commit, mailmap),
        }
    }
}

/// The commits a walk reads, raw from the pack files when they are as git writes them
/// (as [`crate::walk`] reads them), each one kept from when it is first read (a child
/// queues it by its time) until the walk takes it.
pub(crate) struct Commits<'r> {
    repo: &'r Repository,
    reader: Reader,
    odb: Option<git2::Odb<'r>>,
    kept: OidMap<Raw<'r>>,
}

impl<'r> Commits<'r> {
    pub(crate) fn new(repo: &'r Repository) -> Commits<'r> {
        Commits {
            repo,
            reader: Reader::new(repo.inner.commondir().join("objects")),
            odb: repo.inner.odb().ok(),
            kept: OidMap::default(),
        }
    }

    /// The same, reading every commit through libgit2, whose parents are those a shallow
    /// clone or grafts give.
    pub(crate) fn through_libgit2(repo: &'r Repository) -> Commits<'r> {
        Commits {
            odb: None,
            ..Commits::new(repo)
        }
    }

    pub(crate) fn read(&mut self, oid: Oid) -> Result<Raw<'r>, GitError> {
        if let Some(odb) = &self.odb
            && let Some(data) = self.reader.commit(odb, oid)
            && let Some(time) = convert::fields(&data).map(|f| f.time)
            && let Some(tree) = convert::tree_id(&data)
        {
            return Ok(Raw::Bytes { data, time, tree });
        }
        self.repo.find(oid).map(Raw::Git)
    }

    /// Commit `oid`, kept for when the walk takes it.
    fn keep(&mut self, oid: Oid) -> Result<&Raw<'r>, GitError> {
        let raw = self.take(oid)?;
        Ok(self.kept.entry(oid).or_insert(raw))
    }

    fn time(&mut self, oid: Oid) -> Result<i64, GitError> {
        Ok(self.keep(oid)?.time())
    }

    fn tree(&mut self, oid: Oid) -> Result<Oid, GitError> {
        Ok(self.keep(oid)?.tree())
    }

    /// Commit `oid`, as the walk takes it.
    fn take(&mut self, oid: Oid) -> Result<Raw<'r>, GitError> {
        match self.kept.remove(&oid) {
            Some(raw) => Ok(raw),
            None => self.read(oid),
        }
    }
}
