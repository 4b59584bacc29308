//! A revert and the commit it reverts, inside one range, cancel each other. A revert whose
//! target was released earlier (it is not in the range) is a change of its own.
//!
//! A revert names its target by id (`This reverts commit <id>.`), which decides when it is
//! there, else by header: exactly but for a squash merge's ` (#123)` suffix, or by its
//! beginning when a forge cut it short with `…` or `...`.

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
    let reverts: Vec<(usize, &super::Revert)> = commits
        .iter()
        .enumerate()
        .filter_map(|(i, c)| c.revert_of.as_ref().map(|r| (i, r)))
        .collect();
    pair_reverts(
        commits.iter().map(|c| (c.id.as_deref(), c.header.as_str())),
        &reverts,
    )
}

/// A commit that may be what a revert reverts: position, id, header.
type Candidate<'a> = (usize, Option<&'a str>, &'a str);

/// The pairing behind [`cancelled`], over commits given in order by their id and header
/// (`keys`) and the reverts among them (position and target, by ascending position).
///
/// Each revert, in order, takes the first commit (by position, before or after it) that
/// it [`reverts`] and that has not cancelled out yet, unless it cancelled out itself.
/// Only the keys the reverts name are indexed, so a history without reverts costs one
/// pass and no memory beyond the result.
pub(crate) fn pair_reverts<'a>(
    keys: impl IntoIterator<Item = (Option<&'a str>, &'a str)>,
    reverts: &[(usize, &super::Revert)],
) -> Vec<bool> {
    let keys = keys.into_iter();
    if reverts.is_empty() {
        return vec![false; keys.count()];
    }
    // The commits under each key a revert names (an id's first seven characters, a
    // header without its pull-request suffix, the beginning of a header cut short): one
    // pass, each commit listed under each key it has.
    let mut by_id: HashMap<String, Vec<Candidate<'a>>> = HashMap::new();
    let mut by_header: HashMap<&str, Vec<Candidate<'a>>> = HashMap::new();
    let mut by_prefix: Vec<(&str, Vec<Candidate<'a>>)> = Vec::new();
    for (_, target) in reverts {
        if let Some(id) = target.id.as_deref().and_then(RevertIndex::id_key) {
            by_id.entry(id).or_default();
        }
        match target.header.as_deref().map(named_header) {
            Some(Named::Exact(header)) => {
                by_header.entry(header).or_default();
            }
            Some(Named::Prefix(prefix)) if !by_prefix.iter().any(|(p, _)| *p == prefix) => {
                by_prefix.push((prefix, Vec::new()));
            }
            _ => {}
        }
    }
    let mut lower = [0u8; 28];
    let mut len = 0;
    for (j, (id, header)) in keys.enumerate() {
        len = j + 1;
        let by_this_id = id
            .and_then(|id| id.get(..7))
            .filter(|_| !by_id.is_empty())
            .and_then(|k| {
                let buf = lower.get_mut(..k.len())?;
                buf.copy_from_slice(k.as_bytes());
                buf.make_ascii_lowercase();
                std::str::from_utf8(buf).ok()
            })
            .and_then(|k| by_id.get_mut(k));
        if let Some(list) = by_this_id {
            list.push((j, id, header));
        }
        if !by_header.is_empty()
            && let Some(list) = by_header.get_mut(header_key(header))
        {
            list.push((j, id, header));
        }
        for (prefix, list) in &mut by_prefix {
            if header.starts_with(*prefix) {
                list.push((j, id, header));
            }
        }
    }
    let none: &[Candidate<'a>] = &[];
    let mut cancelled = vec![false; len];
    for (i, target) in reverts {
        let i = *i;
        if cancelled.get(i).copied().unwrap_or(true) {
            continue;
        }
        let by_id = target
            .id
            .as_deref()
            .and_then(RevertIndex::id_key)
            .and_then(|k| by_id.get(&k))
            .map_or(none, Vec::as_slice);
        let by_header = match target.header.as_deref().map(named_header) {
            Some(Named::Exact(h)) => by_header.get(h).map_or(none, Vec::as_slice),
            Some(Named::Prefix(p)) => by_prefix
                .iter()
                .find(|(q, _)| *q == p)
                .map_or(none, |(_, list)| list.as_slice()),
            None => none,
        };
        let found = ascending(by_id, by_header).find(|&&(j, id, header)| {
            j != i && !cancelled.get(j).copied().unwrap_or(true) && matches(target, id, header)
        });
        if let Some(&(j, _, _)) = found {
            for k in [i, j] {
                if let Some(flag) = cancelled.get_mut(k) {
                    *flag = true;
                }
            }
        }
    }
    cancelled
}

/// How a revert names the header of what it reverts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Named<'a> {
    /// The whole header, without a pull-request suffix.
    Exact(&'a str),
    /// The beginning of the header, which a forge cut short with `…` or `...`.
    Prefix(&'a str),
}

fn named_header(header: &str) -> Named<'_> {
    let header = header.trim_end();
    match header
        .strip_suffix('…')
        .or_else(|| header.strip_suffix("..."))
        .map(str::trim_end)
    {
        Some(prefix) if !prefix.is_empty() => Named::Prefix(prefix),
        _ => Named::Exact(header_key(header)),
    }
}

/// A header without the ` (#123)` a squash merge appends: a revert made on the forge
/// names the pull request's title, which lacks it.
fn header_key(header: &str) -> &str {
    let header = header.trim_end();
    super::refs::pull_request_suffix(header).map_or(header, |(rest, _)| rest)
}

/// The candidates of two ascending lists, ascending, each position once.
fn ascending<'l, 'a>(
    mut a: &'l [Candidate<'a>],
    mut b: &'l [Candidate<'a>],
) -> impl Iterator<Item = &'l Candidate<'a>> {
    std::iter::from_fn(move || match (a.split_first(), b.split_first()) {
        (Some((x, a_rest)), Some((y, b_rest))) => {
            if x.0 <= y.0 {
                a = a_rest;
                if x.0 == y.0 {
                    b = b_rest;
                }
                Some(x)
            } else {
                b = b_rest;
                Some(y)
            }
        }
        (Some((x, a_rest)), None) => {
            a = a_rest;
            Some(x)
        }
        (None, Some((y, b_rest))) => {
            b = b_rest;
            Some(y)
        }
        (None, None) => None,
    })
}

/// Positions of commits (or reverts) by the two things a revert is matched on: the first
/// seven characters of an id, and a header. Candidates are then confirmed with
/// [`reverts`]; this only keeps matching linear in the length of a history.
#[derive(Debug, Default)]
#[allow(
    clippy::struct_field_names,
    reason = "the three keys a revert is found by"
)]
pub(crate) struct RevertIndex {
    by_id: HashMap<String, Vec<usize>>,
    by_header: HashMap<String, Vec<usize>>,
    by_prefix: Vec<(String, usize)>,
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
        match header.map(named_header) {
            Some(Named::Exact(h)) => self.by_header.entry(h.to_owned()).or_default().push(i),
            Some(Named::Prefix(p)) => self.by_prefix.push((p.to_owned(), i)),
            None => {}
        }
    }

    /// Positions that may match an id or header, ascending.
    pub(crate) fn candidates(&self, id: Option<&str>, header: Option<&str>) -> Vec<usize> {
        let by_id = id.and_then(Self::id_key).and_then(|k| self.by_id.get(&k));
        let by_header = header.and_then(|h| self.by_header.get(header_key(h)));
        let by_prefix = self
            .by_prefix
            .iter()
            .filter(|(p, _)| header.is_some_and(|h| h.starts_with(p.as_str())))
            .map(|(_, i)| *i);
        let mut out: Vec<usize> = by_id
            .into_iter()
            .chain(by_header)
            .flatten()
            .copied()
            .chain(by_prefix)
            .collect();
        out.sort_unstable();
        out.dedup();
        out
    }
}

/// Whether `commit` is what the revert `target` describes.
pub(crate) fn reverts(target: &super::Revert, commit: &Commit) -> bool {
    matches(target, commit.id.as_deref(), &commit.header)
}

/// Whether the commit with `id` and `header` is what the revert `target` describes.
fn matches(target: &super::Revert, id: Option<&str>, header: &str) -> bool {
    match (target.id.as_deref(), id) {
        (Some(a), Some(b)) => {
            let n = a.len().min(b.len());
            n >= 7
                && a.get(..n)
                    .is_some_and(|x| b.get(..n).is_some_and(|y| x.eq_ignore_ascii_case(y)))
        }
        _ => match target.header.as_deref().map(named_header) {
            Some(Named::Exact(h)) => h == header_key(header),
            Some(Named::Prefix(p)) => header.starts_with(p),
            None => false,
        },
    }
}
