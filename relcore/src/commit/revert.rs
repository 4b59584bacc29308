//! A revert and the commit it reverts, inside one range, cancel each other.

use std::collections::HashMap;

use super::Commit;

/// The commits of a range without the pairs of a revert and the commit it reverts, in
/// their original order. A revert matches its target by id (either id may be
/// abbreviated, at least 7 characters shared) or, lacking ids, by header. A revert whose
/// target is outside the range stays: it is a change of its own.
///
/// ```
/// use relcore::commit::{cancel_reverts, Commit};
///
/// let commits = vec![
///     Commit::parse("Revert \"feat: add x\"\n\nThis reverts commit 1234567abc.").with_id("fffffff"),
///     Commit::parse("fix: keep y").with_id("eeeeeee"),
///     Commit::parse("feat: add x").with_id("1234567abcdef"),
/// ];
/// let kept: Vec<&str> = cancel_reverts(&commits).iter().map(|c| c.header.as_str()).collect();
/// assert_eq!(kept, ["fix: keep y"]);
/// ```
pub fn cancel_reverts(commits: &[Commit]) -> Vec<&Commit> {
    let refs: Vec<&Commit> = commits.iter().collect();
    let cancelled = cancelled(&refs);
    commits
        .iter()
        .zip(cancelled)
        .filter(|(_, gone)| !gone)
        .map(|(c, _)| c)
        .collect()
}

/// For each commit, whether it cancels out with a revert (or is a revert that cancels
/// out with its target) inside `commits`.
pub(crate) fn cancelled(commits: &[&Commit]) -> Vec<bool> {
    let mut index = RevertIndex::default();
    for (i, commit) in commits.iter().enumerate() {
        index.insert(i, commit.id.as_deref(), Some(&commit.header));
    }
    let mut cancelled = vec![false; commits.len()];
    for (i, revert) in commits.iter().enumerate() {
        let Some(target) = &revert.revert_of else {
            continue;
        };
        if cancelled.get(i).copied().unwrap_or(true) {
            continue;
        }
        let found = index
            .candidates(target.id.as_deref(), target.header.as_deref())
            .into_iter()
            .find(|&j| {
                j != i
                    && !cancelled.get(j).copied().unwrap_or(true)
                    && commits.get(j).is_some_and(|c| reverts(target, c))
            });
        if let Some(j) = found {
            for k in [i, j] {
                if let Some(flag) = cancelled.get_mut(k) {
                    *flag = true;
                }
            }
        }
    }
    cancelled
}

/// Positions of commits (or reverts) by the two things a revert is matched on: the first
/// seven characters of an id, and a header. Candidates are then confirmed with
/// [`reverts`]; this only keeps matching linear in the length of a history.
#[derive(Debug, Default)]
pub(crate) struct RevertIndex {
    by_id: HashMap<String, Vec<usize>>,
    by_header: HashMap<String, Vec<usize>>,
}

impl RevertIndex {
    fn id_key(id: &str) -> Option<String> {
        id.get(..7).map(str::to_ascii_lowercase)
    }

    /// Files position `i` under its id and header.
    pub(crate) fn insert(&mut self, i: usize, id: Option<&str>, header: Option<&str>) {
        if let Some(key) = id.and_then(Self::id_key) {
            self.by_id.entry(key).or_default().push(i);
        }
        if let Some(header) = header {
            self.by_header.entry(header.to_owned()).or_default().push(i);
        }
    }

    /// Positions that may match an id or header, ascending.
    pub(crate) fn candidates(&self, id: Option<&str>, header: Option<&str>) -> Vec<usize> {
        let by_id = id.and_then(Self::id_key).and_then(|k| self.by_id.get(&k));
        let by_header = header.and_then(|h| self.by_header.get(h));
        let mut out: Vec<usize> = by_id
            .into_iter()
            .chain(by_header)
            .flatten()
            .copied()
            .collect();
        out.sort_unstable();
        out.dedup();
        out
    }
}

/// Whether `commit` is what the revert `target` describes.
pub(crate) fn reverts(target: &super::Revert, commit: &Commit) -> bool {
    match (&target.id, &commit.id) {
        (Some(a), Some(b)) => {
            let n = a.len().min(b.len());
            n >= 7
                && a.get(..n)
                    .is_some_and(|x| b.get(..n).is_some_and(|y| x.eq_ignore_ascii_case(y)))
        }
        _ => target.header.as_deref().is_some_and(|h| h == commit.header),
    }
}
