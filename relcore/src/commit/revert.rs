//! A revert and the commit it reverts, inside one range, cancel each other.

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
    let mut cancelled = vec![false; commits.len()];
    for (i, revert) in commits.iter().enumerate() {
        let Some(target) = &revert.revert_of else {
            continue;
        };
        if cancelled.get(i).copied().unwrap_or(true) {
            continue;
        }
        let found = commits.iter().enumerate().position(|(j, c)| {
            j != i && !cancelled.get(j).copied().unwrap_or(true) && reverts(target, c)
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
