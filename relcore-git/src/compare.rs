//! The paths of commits compared on a thread of its own, by a repository of its own: what
//! [`crate::Repository::fold_packages`] runs beside its walk. Each comparison asked for is
//! answered in the order asked.
//!
//! Started ahead ([`crate::Repository::compare_ahead`]), the thread compares the commits
//! back from HEAD along first parents before any is asked for, while the caller reads
//! tags and manifests: they are in every range that starts below them. A comparison is a
//! function of the two trees alone, so one made ahead answers a request for the same
//! trees, and a guess that turns out not to be asked for only cost the time of a thread
//! that would have waited.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, Sender, TryRecvError};

use git2::Oid;

use crate::tree_diff::Trees;

/// How many commits the thread compares ahead at most before it waits to be asked.
const AHEAD: usize = 16_384;

/// One comparison: a commit's tree and its first parent's (none for a root commit), and
/// the paths to compare within (every path when `None`, see [`Trees::changed_within`]).
pub(crate) type Request = (Oid, Option<Oid>, Option<Vec<String>>);

/// The thread, and the way to it and back.
pub(crate) struct Comparer {
    requests: Option<Sender<Request>>,
    /// One answer per request, in order; `None` for a comparison that failed (the caller
    /// compares that one itself, and reports the error).
    answers: Receiver<Vec<Option<Vec<String>>>>,
    /// The answers received and not taken yet, last first.
    received: Vec<Option<Vec<String>>>,
    stop: Arc<AtomicBool>,
}

impl std::fmt::Debug for Comparer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Comparer")
            .field("open", &self.requests.is_some())
            .finish_non_exhaustive()
    }
}

impl Comparer {
    /// Starts the thread on the repository at `gitdir`; with `ahead`, comparing the
    /// commits back from HEAD until asked.
    pub(crate) fn spawn(gitdir: PathBuf, ahead: bool) -> Comparer {
        let (requests, asked) = std::sync::mpsc::channel();
        let (answer, answers) = std::sync::mpsc::channel();
        let stop = Arc::new(AtomicBool::new(false));
        let stopped = Arc::clone(&stop);
        // Not joined: once stopped, or out of requests, it has nothing left but to free
        // its caches, which nothing needs to wait for. Without a thread, every request
        // fails and the caller compares itself.
        let _ = std::thread::Builder::new()
            .name("relcore-compare".to_owned())
            .spawn(move || run(&gitdir, ahead, &asked, &answer, &stopped));
        Comparer {
            requests: Some(requests),
            answers,
            received: Vec::new(),
            stop,
        }
    }

    /// Asks for a comparison; `false` when the thread is gone (nothing more will be
    /// answered).
    pub(crate) fn ask(&self, request: Request) -> bool {
        self.requests
            .as_ref()
            .is_some_and(|r| r.send(request).is_ok())
    }

    /// Nothing more will be asked: the thread ends once it has answered everything.
    pub(crate) fn close(&mut self) {
        self.requests = None;
    }

    /// The answer to the next request not answered yet: `None` when that comparison
    /// failed or the thread is gone (the caller compares it itself).
    pub(crate) fn answer(&mut self) -> Option<Vec<String>> {
        while self.received.is_empty() {
            self.received = self.answers.recv().ok()?;
            self.received.reverse();
        }
        self.received.pop().flatten()
    }
}

impl Drop for Comparer {
    /// Stops the thread after the comparison it is making, if any.
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}

/// How many answers the thread sends at once, at most: each send may wake the waiting
/// walk, and thousands of wakes cost more than a batch's wait.
const BATCH: usize = 64;

/// The thread: the comparisons ahead, then each one asked for, until the requests end,
/// the answers are no longer read, or it is stopped. Answers go back in batches, and
/// whenever nothing more is asked yet.
fn run(
    gitdir: &std::path::Path,
    ahead: bool,
    asked: &Receiver<Request>,
    answer: &Sender<Vec<Option<Vec<String>>>>,
    stop: &AtomicBool,
) {
    let Ok(repo) = git2::Repository::open(gitdir) else {
        return;
    };
    let Some(mut odb) = objects(&repo) else {
        return;
    };
    let mut trees = Trees::new(repo.commondir().join("objects"));
    let mut guessed = HashMap::new();
    let mut next = if ahead {
        guess(&repo, &mut odb, &mut trees, &mut guessed, asked, stop)
    } else {
        asked.recv().ok()
    };
    let mut batch = Vec::with_capacity(BATCH);
    let mut count = 0usize;
    while let Some((tree, parent, within)) = next.take() {
        if stop.load(Ordering::Relaxed) {
            return;
        }
        count += 1;
        if count.is_multiple_of(RENEW) {
            let Some(renewed) = objects(&repo) else {
                return;
            };
            odb = renewed;
        }
        let known = match within {
            None if !guessed.is_empty() => guessed.remove(&(tree, parent)),
            _ => None,
        };
        batch.push(known.or_else(|| {
            let within: Option<Vec<&str>> = within
                .as_ref()
                .map(|w| w.iter().map(String::as_str).collect());
            trees
                .changed_within(&odb, parent, tree, within.as_deref())
                .ok()
        }));
        next = asked.try_recv().ok();
        if (next.is_none() || batch.len() == BATCH)
            && answer
                .send(std::mem::replace(&mut batch, Vec::with_capacity(BATCH)))
                .is_err()
        {
            return;
        }
        if next.is_none() {
            next = asked.recv().ok();
        }
    }
}

/// After how many comparisons the thread reads objects through a new object database:
/// libgit2 keeps every small object read in its database's cache, which [`Trees`] makes
/// unneeded here (the pack files stay open, shared with the caller's repository).
const RENEW: usize = 1024;

/// An object database of the repository's objects of its own, with an empty cache.
fn objects(repo: &git2::Repository) -> Option<git2::Odb<'static>> {
    let odb = git2::Odb::new().ok()?;
    odb.add_disk_alternate(&repo.commondir().join("objects").to_string_lossy())
        .ok()?;
    Some(odb)
}

/// Compares the commits back from HEAD along first parents, every path, into `guessed`
/// (by their two trees) until the first request comes, which it returns; `None` when the
/// requests end first or it is stopped.
fn guess(
    repo: &git2::Repository,
    odb: &mut git2::Odb<'static>,
    trees: &mut Trees,
    guessed: &mut HashMap<(Oid, Option<Oid>), Vec<String>>,
    asked: &Receiver<Request>,
    stop: &AtomicBool,
) -> Option<Request> {
    let mut next = repo
        .head()
        .ok()
        .and_then(|h| h.target())
        .and_then(|id| trees.commit(odb, id));
    let mut count = 0;
    while let Some((tree, parent)) = next.take() {
        if stop.load(Ordering::Relaxed) {
            return None;
        }
        match asked.try_recv() {
            Ok(request) => return Some(request),
            Err(TryRecvError::Disconnected) => return None,
            Err(TryRecvError::Empty) => {}
        }
        if count == AHEAD {
            break;
        }
        count += 1;
        if count.is_multiple_of(RENEW) {
            *odb = objects(repo)?;
        }
        let parent = match parent {
            None => None,
            // A parent that cannot be read ends the guesses; the walk reports it.
            Some(id) => match trees.commit(odb, id) {
                Some(parent) => Some(parent),
                None => break,
            },
        };
        let key = (tree, parent.map(|(tree, _)| tree));
        if !guessed.contains_key(&key)
            && let Ok(paths) = trees.changed_within(odb, key.1, key.0, None)
        {
            guessed.insert(key, paths);
        }
        next = parent;
    }
    asked.recv().ok()
}
