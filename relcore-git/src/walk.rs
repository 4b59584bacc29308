//! Walks of the commit graph whose cost does not grow with the number of tags: the latest
//! release tag reachable from HEAD found by one walk back in commit-time order, and every
//! reachable tag with the range of each release found by one topological walk.
//!
//! No reachability query per tag: the tags are an index from commit to tag, consulted as
//! the walk meets each commit.

use std::cell::{Cell, OnceCell};
use std::cmp::Ordering;
use std::collections::{BinaryHeap, HashSet};
use std::sync::mpsc::Receiver;

use git2::Oid;

use crate::commit_graph::CommitGraph;
use crate::convert;
use crate::oid_hash::{OidMap, OidSet, oid_map};
use crate::pack::Reader;

/// How far, in seconds, a parent's time may lie after its child's (clock skew) without
/// the time-ordered walk missing it: a day, more than the skew git itself tolerates in
/// its date-ordered walks.
pub(crate) const SLOP: i64 = 86_400;

/// A commit as the walks need it: its time and parents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Node {
    /// The committer's time, in seconds since the Unix epoch.
    pub(crate) time: i64,
    /// The parents as the history has them (none for a shallow clone's boundary commit).
    pub(crate) parents: Vec<Oid>,
    /// The commit is a shallow clone's boundary: its parents are missing here.
    pub(crate) boundary: bool,
    /// Its generation (topological level) when the commit-graph holds it: an ancestor's
    /// is lower.
    pub(crate) generation: Option<u32>,
}

/// How many commits [`Nodes`] reads from the object database before it opens the
/// commit-graph: a walk of a few commits does not pay for reading the file.
const GRAPH_AFTER: usize = 64;

/// Reads commits' times and parents, the raw object first and libgit2 for anything
/// unusual; a shallow clone's boundary commits have no parents.
pub(crate) struct Nodes<'r> {
    repo: &'r git2::Repository,
    odb: Option<git2::Odb<'r>>,
    shallow: OidSet,
    /// The commit-graph, opened after [`GRAPH_AFTER`] reads (`None` inside: there is
    /// none to use).
    graph: OnceCell<Option<CommitGraph>>,
    reads: Cell<usize>,
    packs: std::cell::RefCell<Reader>,
}

impl<'r> Nodes<'r> {
    pub(crate) fn new(repo: &'r git2::Repository) -> Nodes<'r> {
        Nodes {
            repo,
            odb: repo.odb().ok(),
            shallow: shallow_commits(repo),
            graph: OnceCell::new(),
            reads: Cell::new(0),
            packs: std::cell::RefCell::new(Reader::new(repo.commondir().join("objects"))),
        }
    }

    /// Lets the next read open the commit-graph, however few commits were read so far:
    /// for a decision that generations make exact, where a walk elsewhere read the
    /// commits before it.
    pub(crate) fn open_graph(&self) {
        self.reads.set(self.reads.get().max(GRAPH_AFTER));
    }

    /// The commit-graph, once enough commits were read to pay for opening it; never in
    /// a shallow clone or with grafts (their parents are not the graph's), nor with
    /// `core.commitGraph = false`, as git.
    fn graph(&self) -> Option<&CommitGraph> {
        if self.graph.get().is_none() {
            let reads = self.reads.get() + 1;
            self.reads.set(reads);
            if reads < GRAPH_AFTER {
                return None;
            }
            let usable = !rewrites_parents(self.repo)
                && self
                    .repo
                    .config()
                    .and_then(|c| c.get_bool("core.commitGraph"))
                    .unwrap_or(true);
            let graph = usable
                .then(|| CommitGraph::open(&self.repo.commondir().join("objects")))
                .flatten();
            let _ = self.graph.set(graph);
        }
        self.graph.get().and_then(Option::as_ref)
    }

    /// The commit `oid`; `None` when it cannot be read as a commit.
    pub(crate) fn node(&self, oid: Oid) -> Option<Node> {
        if let Some(c) = self.graph().and_then(|g| g.commit(oid)) {
            return Some(Node {
                time: c.time,
                parents: c.parents,
                boundary: false,
                generation: Some(c.generation),
            });
        }
        let boundary = self.shallow.contains(&oid);
        if let Some(odb) = &self.odb
            && let Some(data) = self.packs.borrow_mut().commit(odb, oid)
            && let Some(fields) = convert::fields(&data)
        {
            return Some(Node {
                time: fields.time,
                parents: if boundary {
                    Vec::new()
                } else {
                    convert::parent_ids(&data).collect()
                },
                boundary,
                generation: None,
            });
        }
        let commit = self.repo.find_commit(oid).ok()?;
        Some(Node {
            time: commit.time().seconds(),
            parents: if boundary {
                Vec::new()
            } else {
                commit.parent_ids().collect()
            },
            boundary,
            generation: None,
        })
    }
}

/// `true` when libgit2 rewrites parents: a shallow clone or `info/grafts`.
pub(crate) fn rewrites_parents(repo: &git2::Repository) -> bool {
    repo.is_shallow() || repo.commondir().join("info/grafts").exists()
}

/// The commits a shallow clone cut the history at (`.git/shallow`); empty for a full one.
pub(crate) fn shallow_commits(repo: &git2::Repository) -> OidSet {
    if !repo.is_shallow() {
        return OidSet::default();
    }
    std::fs::read_to_string(repo.commondir().join("shallow"))
        .map(|text| {
            text.lines()
                .filter_map(|line| Oid::from_str(line.trim()).ok())
                .collect()
        })
        .unwrap_or_default()
}

/// What the walk back from HEAD found: the best tag's index among the candidates, how
/// many commits it read, and whether it met a shallow boundary before it could decide.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Latest {
    pub(crate) index: Option<usize>,
    pub(crate) walked: usize,
    pub(crate) boundary: bool,
}

/// An entry of the time-ordered queue: newest first, then first pushed.
#[derive(Debug, PartialEq, Eq)]
struct Queued {
    time: i64,
    order: std::cmp::Reverse<usize>,
    oid: Oid,
}

impl Ord for Queued {
    fn cmp(&self, other: &Self) -> Ordering {
        (self.time, self.order).cmp(&(other.time, other.order))
    }
}

impl PartialOrd for Queued {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// The commit times (and generations) of the candidates, each read when first needed.
struct CandidateTimes<'a> {
    commits: &'a [Oid],
    /// Each candidate's time once read (`i64::MAX` for one that is no commit), and its
    /// generation when the commit-graph has it.
    own: Vec<Option<(i64, Option<u32>)>>,
    /// The candidate that failed the last check, tried first next time.
    last_failed: Option<usize>,
}

impl CandidateTimes<'_> {
    fn new(commits: &[Oid]) -> CandidateTimes<'_> {
        CandidateTimes {
            commits,
            own: vec![None; commits.len()],
            last_failed: None,
        }
    }

    /// Candidate `i`'s commit time and generation; `i64::MAX` for one that cannot be read
    /// as a commit (it counts as unreachable).
    fn read(&mut self, nodes: &Nodes<'_>, i: usize) -> (i64, Option<u32>) {
        if let Some(Some(known)) = self.own.get(i) {
            return *known;
        }
        let known = self
            .commits
            .get(i)
            .and_then(|&oid| nodes.node(oid))
            .map_or((i64::MAX, None), |n| (n.time, n.generation));
        if let Some(slot) = self.own.get_mut(i) {
            *slot = Some(known);
        }
        known
    }

    /// Whether candidate `i` may still be an ancestor of a commit left to walk: with a
    /// generation of its own and `reach` (the highest generation of those commits), the
    /// generations alone decide, whatever the clocks say (an ancestor's is lower);
    /// otherwise its time, against `time` (the newest of those commits plus [`SLOP`]).
    fn may_reach(&mut self, nodes: &Nodes<'_>, i: usize, time: i64, reach: Option<u32>) -> bool {
        match (reach, self.read(nodes, i)) {
            (Some(reach), (_, Some(generation))) => generation <= reach,
            (_, (own, _)) => own <= time,
        }
    }

    /// Whether no candidate among `0..k` that `skip` does not leave out may still be
    /// reached (see [`CandidateTimes::may_reach`]). The candidates nearest `k` (nearest in
    /// version, likeliest nearest in time) are read first, and a failing one is tried
    /// first next time, so a check that fails reads little.
    fn all_after(
        &mut self,
        nodes: &Nodes<'_>,
        k: usize,
        time: i64,
        reach: Option<u32>,
        skip: impl Fn(usize) -> bool,
    ) -> bool {
        let within =
            |times: &mut Self, i: usize| !skip(i) && times.may_reach(nodes, i, time, reach);
        if let Some(i) = self.last_failed
            && i < k
            && within(self, i)
        {
            return false;
        }
        for i in (0..k.min(self.commits.len())).rev() {
            if within(self, i) {
                self.last_failed = Some(i);
                return false;
            }
        }
        true
    }
}

/// How many candidates [`latest`] also walks back from, at most, to prove them out of
/// HEAD's reach without waiting for the walk from HEAD to pass their time.
const PAINTED: usize = 31;

/// How many commits those walks take, at most, beyond the ones HEAD's walk takes too: a
/// candidate on a short branch off the line near HEAD (a release candidate not merged
/// yet) is proven out of reach in a few; one far away is left to the times.
const SIDE_BUDGET: usize = 128;

/// The mark of commits HEAD contains; bit `k < PAINTED` marks the ancestors (itself
/// included) of the `k`-th candidate walked back from.
const FROM_HEAD: u32 = 1 << 31;

/// The best candidate reachable from `head`: `commits` are the candidates' commits, best
/// first (a commit may appear more than once). One walk back from HEAD, newest commit
/// first, that stops once every better candidate than the best met so far is out of
/// reach, either
///
/// - newer (by more than [`SLOP`]) than anything left to walk from HEAD, or
/// - proven so by a walk back from it, sharing the queue (as git's merge-base walk
///   paints both sides): a candidate HEAD's walk has not met, whose ancestors include
///   every commit that walk has still to take, is no ancestor of HEAD, whatever the
///   commit times. Once HEAD's walk meets a candidate, the (at most [`PAINTED`])
///   candidates just better than it are walked back from, [`SIDE_BUDGET`] commits in
///   all.
pub(crate) fn latest(nodes: &Nodes<'_>, head: Oid, commits: &[Oid]) -> Latest {
    let mut best_of: OidMap<usize> = oid_map(commits.len());
    for (i, oid) in commits.iter().enumerate() {
        best_of.entry(*oid).or_insert(i);
    }
    // Generations, where the repository has them, decide what the clocks cannot: open
    // the commit-graph before the first read.
    nodes.open_graph();
    let mut times = CandidateTimes::new(commits);
    let mut found = Latest {
        index: None,
        walked: 0,
        boundary: false,
    };
    let Some(first) = nodes.node(head) else {
        return found;
    };
    let mut walk = PaintWalk::default();
    walk.paint(head, first, FROM_HEAD);
    // Commits the candidates' walks took that HEAD's had not.
    let mut side = 0usize;
    while let Some(Queued { oid, .. }) = walk.queue.pop() {
        walk.queued.remove(&oid);
        let Some((boundary, parents)) = walk
            .nodes
            .get(&oid)
            .map(|n| (n.boundary, n.parents.clone()))
        else {
            continue;
        };
        let marks = walk.marks.get(&oid).copied().unwrap_or(0);
        let fresh = marks & !walk.done.get(&oid).copied().unwrap_or(0);
        if fresh == 0 {
            continue;
        }
        if fresh & FROM_HEAD != 0 {
            walk.frontier.remove(&oid);
            found.walked += 1;
            found.boundary |= boundary;
            if let Some(&i) = best_of.get(&oid)
                && found.index.is_none_or(|b| i < b)
            {
                found.index = Some(i);
                if i == 0 {
                    return found;
                }
                walk.paint_better(nodes, commits, i);
            }
        } else if side >= SIDE_BUDGET {
            // The candidates' walks have taken their share: the times decide.
            continue;
        } else {
            side += 1;
        }
        walk.done.insert(oid, marks);
        for parent in parents {
            walk.hand_down(nodes, parent, marks);
        }
        if let Some(b) = found.index
            && walk.settled(nodes, &mut times, b, commits)
        {
            return found;
        }
    }
    found
}

/// The shared walk of [`latest`]: each commit's marks, what it has handed down already,
/// and the commits HEAD's walk has still to take.
#[derive(Default)]
struct PaintWalk {
    nodes: OidMap<Node>,
    marks: OidMap<u32>,
    done: OidMap<u32>,
    queue: BinaryHeap<Queued>,
    queued: OidSet,
    /// Commits marked [`FROM_HEAD`] that have not handed that mark down yet, with their
    /// times.
    frontier: OidMap<i64>,
    /// The candidates walked back from, by bit.
    painted: Vec<usize>,
    pushed: usize,
}

impl PaintWalk {
    /// Adds `mark` to the read commit `oid`, queueing it when that is news.
    fn paint(&mut self, oid: Oid, node: Node, mark: u32) {
        let time = node.time;
        self.nodes.entry(oid).or_insert(node);
        let marks = self.marks.entry(oid).or_insert(0);
        let had = *marks;
        if had & mark == mark {
            return;
        }
        *marks |= mark;
        if mark & !had & FROM_HEAD != 0 {
            self.frontier.insert(oid, time);
        }
        if self.queued.insert(oid) {
            self.queue.push(Queued {
                time,
                order: std::cmp::Reverse(self.pushed),
                oid,
            });
            self.pushed += 1;
        }
    }

    /// Starts walks back from the candidates just better than candidate `best` (nearest
    /// first) not walked back from yet, while bits last.
    fn paint_better(&mut self, nodes: &Nodes<'_>, commits: &[Oid], best: usize) {
        for i in (0..best).rev() {
            if self.painted.len() >= PAINTED {
                return;
            }
            if self.painted.contains(&i) {
                continue;
            }
            let bit = 1 << self.painted.len();
            self.painted.push(i);
            if let Some(&oid) = commits.get(i) {
                match self.nodes.get(&oid) {
                    Some(node) => {
                        let node = node.clone();
                        self.paint(oid, node, bit);
                    }
                    None => {
                        if let Some(node) = nodes.node(oid) {
                            self.paint(oid, node, bit);
                        }
                    }
                }
            }
        }
    }

    /// Hands `marks` down to `parent`, reading it when first met (a commit that cannot be
    /// read is left out, as every walk here leaves it).
    fn hand_down(&mut self, nodes: &Nodes<'_>, parent: Oid, marks: u32) {
        let have = self.marks.get(&parent).copied().unwrap_or(0);
        if have & marks == marks {
            return;
        }
        let node = match self.nodes.get(&parent) {
            Some(node) => node.clone(),
            None => match nodes.node(parent) {
                Some(node) => node,
                None => return,
            },
        };
        self.paint(parent, node, marks);
    }

    /// Whether no candidate better than `best` can still be met from HEAD: each is newer
    /// (by more than [`SLOP`]) than every commit HEAD's walk has left, or an ancestor of
    /// every one of them (and not met).
    fn settled(
        &self,
        nodes: &Nodes<'_>,
        times: &mut CandidateTimes<'_>,
        best: usize,
        commits: &[Oid],
    ) -> bool {
        let newest_left = self.frontier.values().copied().max().unwrap_or(i64::MIN);
        let threshold = newest_left.saturating_add(SLOP);
        // With the commit-graph: the highest generation HEAD's walk has left. A candidate
        // above it is an ancestor of none of those commits, whatever the clocks say.
        let reach = self
            .frontier
            .keys()
            .map(|oid| self.nodes.get(oid).and_then(|n| n.generation))
            .try_fold(0u32, |high, g| g.map(|g| high.max(g)));
        // The candidates every commit HEAD's walk has left descends from.
        let mut below_all = !FROM_HEAD;
        for oid in self.frontier.keys() {
            below_all &= self.marks.get(oid).copied().unwrap_or(0);
        }
        let out: Vec<usize> = self
            .painted
            .iter()
            .enumerate()
            .filter(|&(k, &i)| {
                below_all & (1 << k) != 0
                    && commits
                        .get(i)
                        .is_some_and(|c| self.marks.get(c).copied().unwrap_or(0) & FROM_HEAD == 0)
            })
            .map(|(_, &i)| i)
            .collect();
        times.all_after(nodes, best, threshold, reach, |i| out.contains(&i))
    }
}

/// Whether no candidate better than the one at `index` is an ancestor of `at`, the
/// commit it is on, met on a single line of history: the candidate at `index` is then
/// the best one reachable. Each is either of a generation no lower than `at`'s (when
/// both are known), or else newer than `at` by more than [`SLOP`].
pub(crate) fn settles(nodes: &Nodes<'_>, commits: &[Oid], index: usize, at: &Node) -> bool {
    let reach = at.generation.map(|g| g.saturating_sub(1));
    CandidateTimes::new(commits).all_after(
        nodes,
        index,
        at.time.saturating_add(SLOP),
        reach,
        |_| false,
    )
}

/// For each commit of a topological walk (children before parents), the latest-version
/// tag that contains it, among all tags and among stable ones: the labels the walk hands
/// down from children to parents.
#[derive(Debug, Default)]
pub(crate) struct Labels {
    /// Labels handed down to commits not walked yet: (any tag, stable tag), as candidate
    /// indices; a higher index is an older version, so the largest wins.
    pending: OidMap<(Option<usize>, Option<usize>)>,
}

impl Labels {
    /// The labels of `oid` (its own best tags `own` joined with what its children handed
    /// down), handed on to `parents`.
    pub(crate) fn take(
        &mut self,
        oid: Oid,
        own: (Option<usize>, Option<usize>),
        parents: &[Oid],
    ) -> (Option<usize>, Option<usize>) {
        let inherited = self.pending.remove(&oid).unwrap_or_default();
        let label = (inherited.0.max(own.0), inherited.1.max(own.1));
        for parent in parents {
            let entry = self.pending.entry(*parent).or_default();
            *entry = (entry.0.max(label.0), entry.1.max(label.1));
        }
        label
    }
}

/// Reads raw objects from the pack files (see [`Reader`]), else through object databases
/// of its own, renewed every few thousand reads, so libgit2's object cache never holds
/// the whole history (pack files and their indexes are shared by all of them).
pub(crate) struct RawReader {
    objects: String,
    odb: git2::Odb<'static>,
    reads: usize,
    packs: Reader,
}

impl RawReader {
    /// How many objects are read through one database before a fresh one.
    const READS_PER_ODB: usize = 1 << 12;

    /// A reader of the object directory `objects` (`.git/objects`).
    pub(crate) fn at(objects: &str) -> Option<RawReader> {
        let odb = Self::fresh(objects)?;
        Some(RawReader {
            objects: objects.to_owned(),
            odb,
            reads: 0,
            packs: Reader::new(objects.into()),
        })
    }

    fn fresh(objects: &str) -> Option<git2::Odb<'static>> {
        let odb = git2::Odb::new().ok()?;
        odb.add_disk_alternate(objects).ok()?;
        Some(odb)
    }

    /// The raw bytes of commit `oid`, in `buf` (cleared first); `None` when it is missing
    /// or not a commit.
    pub(crate) fn commit_into(&mut self, oid: Oid, mut buf: Vec<u8>) -> Option<Vec<u8>> {
        self.reads += 1;
        if self.reads.is_multiple_of(Self::READS_PER_ODB) {
            self.odb = Self::fresh(&self.objects)?;
        }
        let data = self.packs.commit(&self.odb, oid)?;
        buf.clear();
        buf.extend_from_slice(&data);
        Some(buf)
    }
}

/// How many commits `hide` contains a range walk reads after the last one it shows.
const AFTER_SHOWN: usize = 8;

/// How many commits the reading thread of [`time_ordered`] hands over at a time.
const BATCH: usize = 256;

/// A batch of commits read: id, the parents the walk follows, raw bytes.
type Batch = Vec<(Oid, Vec<Oid>, Vec<u8>)>;

/// Walks back from `start`, newest commit first (ties: first met first), reading each
/// commit once, and hands `f` each commit's id, the parents the walk follows (only the
/// first with `first_parent`) and its fields; commits `hide` contains (through all
/// parents) are left out, as `git log hide..start` leaves them out. Children come before
/// their parents, as in a topological walk, as long as no commit is dated before one of
/// its parents; `None` as soon as one is (clock skew), or a commit cannot be read as git
/// writes commits: the caller then takes libgit2's walk. Not for grafted or shallow
/// histories.
///
/// The objects are read and inflated on a thread of their own while `f` works on the
/// commits already read: on two cores the walk costs about what reading alone costs.
pub(crate) fn time_ordered(
    repo: &git2::Repository,
    start: Oid,
    hide: Option<Oid>,
    first_parent: bool,
    mut f: impl FnMut(Oid, &[Oid], &convert::Fields<'_>),
) -> Option<usize> {
    let objects = repo.commondir().join("objects").to_str()?.to_owned();
    std::thread::scope(|scope| {
        let (sender, receiver) = std::sync::mpsc::sync_channel::<Batch>(8);
        let (give_back, returned) = std::sync::mpsc::channel::<Batch>();
        let walk = TimeWalk {
            start,
            hide,
            first_parent,
        };
        let reading = scope.spawn(move || walk.read(&objects, &sender, &returned));
        let mut count = 0;
        for batch in receiver {
            for (oid, parents, data) in &batch {
                let fields = convert::fields(data)?;
                f(*oid, parents, &fields);
                count += 1;
            }
            // Its buffers go back to the reading thread (once it has ended, they are
            // freed here).
            let _ = give_back.send(batch);
        }
        reading.join().ok()?.map(|()| count)
    })
}

/// Commits taken from the queue and shown but not handed over yet: time, id, the parents
/// the walk follows, all parents, raw bytes.
type Held = std::collections::VecDeque<(i64, Oid, Vec<Oid>, Vec<Oid>, Vec<u8>)>;

/// Where a commit met by a [`TimeWalk`] stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Met {
    /// Waiting in the queue; `true` when `hide` contains it.
    Queued(bool),
    /// Taken from the queue; `true` when `hide` contains it.
    Done(bool),
}

/// The reading side of [`time_ordered`].
struct TimeWalk {
    start: Oid,
    hide: Option<Oid>,
    first_parent: bool,
}

/// What a [`TimeWalk`] keeps as it reads.
struct WalkState<'r> {
    reader: RawReader,
    /// Batches handed over and given back, for their buffers to be used again: they are
    /// allocated and freed on this thread, not freed on the other (a free across threads
    /// takes the allocating thread's arena lock).
    returned: &'r Receiver<Batch>,
    spare_data: Vec<Vec<u8>>,
    spare_parents: Vec<Vec<Oid>>,
    spare_batches: Vec<Batch>,
    met: OidMap<Met>,
    /// The raw bytes of queued commits.
    waiting: OidMap<Vec<u8>>,
    queue: BinaryHeap<Queued>,
    order: usize,
    /// Queued commits `hide` does not contain: once none is left, nothing more is shown.
    shown_left: usize,
    held: Held,
}

impl WalkState<'_> {
    /// Takes back the buffers of the batches given back (as many as a few batches use).
    fn recycle(&mut self) {
        while let Ok(mut batch) = self.returned.try_recv() {
            for (_, parents, data) in batch.drain(..) {
                if self.spare_data.len() < 4 * BATCH {
                    self.spare_data.push(data);
                    self.spare_parents.push(parents);
                }
            }
            if self.spare_batches.len() < 4 {
                self.spare_batches.push(batch);
            }
        }
    }

    /// An empty batch, given back or new.
    fn new_batch(&mut self) -> Batch {
        self.recycle();
        self.spare_batches
            .pop()
            .unwrap_or_else(|| Vec::with_capacity(BATCH))
    }

    /// Meets `oid` (`hidden` when `hide` contains it) and queues it by its time.
    fn meet(&mut self, oid: Oid, hidden: bool) -> Option<()> {
        let buf = self.spare_data.pop().unwrap_or_default();
        let data = self.reader.commit_into(oid, buf)?;
        let time = convert::fields(&data)?.time;
        self.queue.push(Queued {
            time,
            order: std::cmp::Reverse(self.order),
            oid,
        });
        self.order += 1;
        self.waiting.insert(oid, data);
        self.met.insert(oid, Met::Queued(hidden));
        self.shown_left += usize::from(!hidden);
        Some(())
    }

    /// `hide` contains `parent`, met from a hidden child: marks it so, taking back a
    /// shown commit still held (and what it queued). `None` when it was handed over
    /// already: its child came after it.
    fn hide(&mut self, parent: Oid) -> Option<()> {
        let mut back = Vec::new();
        match self.met.get(&parent).copied() {
            None => return self.meet(parent, true),
            Some(Met::Queued(false)) => {
                self.met.insert(parent, Met::Queued(true));
                self.shown_left -= 1;
            }
            Some(Met::Done(false)) => back.push(parent),
            Some(_) => {}
        }
        while let Some(commit) = back.pop() {
            let at = self.held.iter().position(|(_, o, ..)| *o == commit)?;
            let (_, _, _, all, _) = self.held.remove(at)?;
            self.met.insert(commit, Met::Done(true));
            for p in all {
                match self.met.get(&p).copied() {
                    Some(Met::Done(false)) => back.push(p),
                    Some(Met::Queued(false)) => {
                        self.met.insert(p, Met::Queued(true));
                        self.shown_left -= 1;
                    }
                    Some(_) => {}
                    None => self.meet(p, true)?,
                }
            }
        }
        Some(())
    }

    /// Hands over, in order, the held commits nothing queued can reach any more
    /// (everything when nothing is hidden).
    fn release(
        &mut self,
        hiding: bool,
        batch: &mut Batch,
        sender: &std::sync::mpsc::SyncSender<Batch>,
    ) -> Option<()> {
        let newest_left = self.queue.peek().map(|q| q.time);
        while let Some((time, ..)) = self.held.front() {
            if hiding && newest_left.is_some_and(|n| n >= *time) {
                break;
            }
            let (_, oid, parents, _, data) = self.held.pop_front()?;
            batch.push((oid, parents, data));
            if batch.len() == BATCH {
                let fresh = self.new_batch();
                sender.send(std::mem::replace(batch, fresh)).ok()?;
            }
        }
        Some(())
    }
}

impl TimeWalk {
    /// Sends the commits to hand over, in order, in batches; `None` when it has to give
    /// up (what was sent is then to be dropped).
    ///
    /// A commit taken from the queue is handed over only once nothing still queued is as
    /// new as it: until then a commit `hide` contains could still reach it (through
    /// parents dated no later than their children), and it waits, in order.
    fn read(
        &self,
        objects: &str,
        sender: &std::sync::mpsc::SyncSender<Batch>,
        returned: &Receiver<Batch>,
    ) -> Option<()> {
        let mut state = WalkState {
            reader: RawReader::at(objects)?,
            returned,
            spare_data: Vec::new(),
            spare_parents: Vec::new(),
            spare_batches: Vec::new(),
            met: OidMap::default(),
            waiting: OidMap::default(),
            queue: BinaryHeap::new(),
            order: 0,
            shown_left: 0,
            held: std::collections::VecDeque::new(),
        };
        if let Some(hide) = self.hide {
            state.meet(hide, true)?;
        }
        if !state.met.contains_key(&self.start) {
            state.meet(self.start, false)?;
        }
        let take = if self.first_parent { 1 } else { usize::MAX };
        let mut batch: Batch = Vec::with_capacity(BATCH);
        let mut extra = 0;
        loop {
            state.release(self.hide.is_some(), &mut batch, sender)?;
            if state.shown_left == 0 && state.held.is_empty() {
                // A few more commits `hide` contains, as git's own walks take, so that a
                // parent dated after its child is still met (and the walk gives up).
                if extra == AFTER_SHOWN {
                    break;
                }
                extra += 1;
            }
            let Some(Queued { oid, time, .. }) = state.queue.pop() else {
                break;
            };
            let data = state.waiting.remove(&oid)?;
            let Some(Met::Queued(hidden)) = state.met.get(&oid).copied() else {
                return None;
            };
            state.shown_left -= usize::from(!hidden);
            state.met.insert(oid, Met::Done(hidden));
            let all: Vec<Oid> = convert::parent_ids(&data).collect();
            for &parent in all.iter().take(if hidden { usize::MAX } else { take }) {
                if hidden {
                    state.hide(parent)?;
                    continue;
                }
                match state.met.get(&parent).copied() {
                    // Taken already: this child came after its parent.
                    Some(Met::Done(_)) => return None,
                    Some(Met::Queued(_)) => {}
                    None => state.meet(parent, false)?,
                }
            }
            if !hidden {
                let mut parents = state.spare_parents.pop().unwrap_or_default();
                parents.clear();
                parents.extend(all.iter().copied().take(take));
                state.held.push_back((time, oid, parents, all, data));
            } else if state.spare_data.len() < 4 * BATCH {
                state.spare_data.push(data);
            }
        }
        // Nothing queued can reach what is still held.
        batch.extend(
            state
                .held
                .into_iter()
                .map(|(_, oid, parents, _, data)| (oid, parents, data)),
        );
        if !batch.is_empty() {
            sender.send(batch).ok()?;
        }
        Some(())
    }
}

/// How many commits [`settle_tops`] walks past the last one that settled a spec before it
/// leaves the rest to their own walks.
const SETTLE_PATIENCE: usize = 4096;

/// The specs whose best candidate HEAD contains: `tops` maps each spec's best candidate's
/// commit to the specs. One walk back from `head`, newest commit first (any order would
/// be right: every commit met is reachable; time order meets recent tags first), until
/// every spec is settled, or [`SETTLE_PATIENCE`] commits (plus as many as it took so far)
/// after the last one was.
pub(crate) fn settle_tops(
    nodes: &Nodes<'_>,
    head: Oid,
    tops: &OidMap<Vec<usize>>,
) -> HashSet<usize> {
    let open: usize = tops.values().map(Vec::len).sum();
    let mut settled = HashSet::with_capacity(open);
    let mut queue = BinaryHeap::new();
    let mut met: OidMap<Node> = OidMap::default();
    let Some(first) = nodes.node(head) else {
        return settled;
    };
    queue.push(Queued {
        time: first.time,
        order: std::cmp::Reverse(0),
        oid: head,
    });
    met.insert(head, first);
    let (mut walked, mut last) = (0usize, 0usize);
    while let Some(Queued { oid, .. }) = queue.pop() {
        walked += 1;
        if let Some(specs) = tops.get(&oid) {
            settled.extend(specs.iter().copied());
            last = walked;
        }
        if settled.len() == open || walked > SETTLE_PATIENCE + 2 * last {
            break;
        }
        let parents = met.get(&oid).map(|n| n.parents.clone()).unwrap_or_default();
        for parent in parents {
            if met.contains_key(&parent) {
                continue;
            }
            let Some(node) = nodes.node(parent) else {
                continue;
            };
            queue.push(Queued {
                time: node.time,
                order: std::cmp::Reverse(met.len()),
                oid: parent,
            });
            met.insert(parent, node);
        }
    }
    settled
}
