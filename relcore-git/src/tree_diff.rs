//! The paths a commit changes, from its tree and its first parent's: subtrees with the
//! same id are skipped without being read, as git's own tree diff does, so the cost
//! follows what changed rather than the size of the tree (libgit2's tree-to-tree diff
//! iterates every entry of both trees). Trees are read raw from the object database and
//! kept for later comparisons: walking back through history, a directory's tree read as
//! the parent's side is the child's side the next time that directory changes, so each
//! tree is read about once.

use std::cmp::Ordering;
use std::sync::Arc;

use git2::{ObjectType, Oid};

use crate::oid_hash::OidMap;
use crate::pack::Reader;
use crate::repo::under;

/// The mode of a tree entry that is a tree.
const TREE_MODE: u32 = 0o40000;

/// How deep trees may nest: git's own limit (`core.maxTreeDepth`). A hostile repository
/// can nest them deeper than any checkout; past this a comparison fails. (The levels are
/// a list on the heap, not calls: no depth overflows the stack.)
const MAX_DEPTH: usize = 2048;

/// Two trees still to compare (either side may be missing), the path above them with its
/// trailing `/`, and how many trees lie above.
type Pending = (Option<Arc<[u8]>>, Option<Arc<[u8]>>, String, usize);

/// What one comparison gathers, and how far it reads.
struct Compare<'a, 'o> {
    odb: &'a git2::Odb<'o>,
    within: Option<&'a [&'a str]>,
    out: &'a mut Vec<String>,
}

/// How many trees a generation of [`Trees`] keeps before the older one is dropped: a
/// directory's tree read as a parent's stays until a newer commit changes it again,
/// when it is the new side of that comparison.
const KEEP: usize = 4096;

/// Raw trees read, by id, in two generations: a tree is kept while it is in use (read
/// again), or until two generations of other trees came after it.
pub(crate) struct Trees {
    now: OidMap<Arc<[u8]>>,
    before: OidMap<Arc<[u8]>>,
    reader: Reader,
}

impl std::fmt::Debug for Trees {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Trees")
            .field("kept", &(self.now.len() + self.before.len()))
            .finish_non_exhaustive()
    }
}

/// One entry of a raw tree.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Entry<'t> {
    mode: u32,
    name: &'t [u8],
    id: &'t [u8],
    /// The whole entry as the tree holds it: equal bytes, equal entries.
    raw: &'t [u8],
}

impl Entry<'_> {
    fn is_tree(&self) -> bool {
        self.mode == TREE_MODE
    }
}

/// The entries of a raw tree (`<octal mode> <name>\0<20-byte id>` each), read as they
/// are asked for; `Err(())` once the bytes are not a tree as git writes them.
struct Entries<'t> {
    rest: &'t [u8],
}

impl<'t> Entries<'t> {
    fn new(data: &'t [u8]) -> Entries<'t> {
        Entries { rest: data }
    }

    fn next(&mut self) -> Result<Option<Entry<'t>>, ()> {
        if self.rest.is_empty() {
            return Ok(None);
        }
        let entry = (|| {
            let space = self.rest.iter().position(|&b| b == b' ')?;
            // Octal digits; a mode too large for 32 bits is no tree entry (libgit2
            // refuses it too).
            let mode = self.rest.get(..space)?.iter().try_fold(0u32, |m, &d| {
                if !(b'0'..=b'7').contains(&d) {
                    return None;
                }
                m.checked_mul(8)?.checked_add(u32::from(d - b'0'))
            })?;
            let after = self.rest.get(space + 1..)?;
            let nul = after.iter().position(|&b| b == 0)?;
            let name = after.get(..nul)?;
            let id = after.get(nul + 1..nul + 21)?;
            let raw = self.rest.get(..space + 1 + nul + 21)?;
            Some((
                Entry {
                    mode,
                    name,
                    id,
                    raw,
                },
                after.get(nul + 21..)?,
            ))
        })();
        match entry {
            Some((entry, rest)) => {
                self.rest = rest;
                Ok(Some(entry))
            }
            None => Err(()),
        }
    }
}

/// Git's order of tree entries: by name, a tree's name as if it ended in `/`.
fn git_order(a: &Entry<'_>, b: &Entry<'_>) -> Ordering {
    let common = a.name.len().min(b.name.len());
    match a.name.get(..common).cmp(&b.name.get(..common)) {
        Ordering::Equal => {}
        other => return other,
    }
    let next = |e: &Entry<'_>| {
        e.name
            .get(common)
            .copied()
            .unwrap_or(if e.is_tree() { b'/' } else { 0 })
    };
    next(a).cmp(&next(b))
}

impl Trees {
    /// No trees yet, read from object directory `objects` (`.git/objects`).
    pub(crate) fn new(objects: std::path::PathBuf) -> Trees {
        Trees {
            now: OidMap::default(),
            before: OidMap::default(),
            reader: Reader::new(objects),
        }
    }

    /// Every path (of a blob, a symlink or a submodule) that differs between the trees
    /// `old` (none for a root commit) and `new`: added, deleted, changed, or changed in
    /// mode; a directory replaced by a file gives the file and everything the directory
    /// held. Sorted, without repeats; names that are not UTF-8 are left out.
    ///
    /// With `within` (directories or files, relative to the root, without a trailing
    /// `/`), only what it takes to tell which of them changed: a changed directory of
    /// `within` is given as itself, without reading below it, and nothing outside them is
    /// read.
    pub(crate) fn changed_within(
        &mut self,
        odb: &git2::Odb<'_>,
        old: Option<Oid>,
        new: Oid,
        within: Option<&[&str]>,
    ) -> Result<Vec<String>, git2::Error> {
        if self.now.len() >= KEEP {
            self.before = std::mem::take(&mut self.now);
        }
        let old = old.map(|id| self.read(odb, id)).transpose()?;
        let new = self.read(odb, new)?;
        let mut paths = Vec::new();
        let mut walk = Compare {
            odb,
            within,
            out: &mut paths,
        };
        let mut pending: Vec<Pending> = vec![(old, Some(new), String::new(), 0)];
        while let Some((old, new, prefix, depth)) = pending.pop() {
            if depth > MAX_DEPTH {
                let top: String = prefix.chars().take(40).collect();
                return Err(git2::Error::from_str(&format!(
                    "trees are nested more than {MAX_DEPTH} levels deep (git's \
                     core.maxTreeDepth) below `{top}…`"
                )));
            }
            let (old, new) = (old.as_deref(), new.as_deref());
            self.compare(&mut walk, old, new, &prefix, depth, &mut pending)?;
        }
        paths.sort_unstable();
        paths.dedup();
        Ok(paths)
    }

    /// The tree and first parent of commit `id`, read as the trees are; `None` when it is
    /// not a commit as git writes them.
    pub(crate) fn commit(&mut self, odb: &git2::Odb<'_>, id: Oid) -> Option<(Oid, Option<Oid>)> {
        let data = self.reader.commit(odb, id)?;
        let fields = crate::convert::fields(&data)?;
        Some((crate::convert::tree_id(&data)?, fields.first_parent))
    }

    /// The raw tree `id`, from the trees kept or the object database.
    fn read(&mut self, odb: &git2::Odb<'_>, id: Oid) -> Result<Arc<[u8]>, git2::Error> {
        if let Some(data) = self.now.get(&id) {
            return Ok(Arc::clone(data));
        }
        let data = if let Some(data) = self.before.remove(&id) {
            data
        } else {
            let (kind, data) = self.reader.read(odb, id)?;
            if kind != ObjectType::Tree {
                return Err(git2::Error::from_str(&format!("{id} is not a tree")));
            }
            data
        };
        self.now.insert(id, Arc::clone(&data));
        Ok(data)
    }

    /// The raw tree an entry names, when it is a tree.
    fn tree_of(
        &mut self,
        odb: &git2::Odb<'_>,
        entry: Option<&Entry<'_>>,
    ) -> Result<Option<Arc<[u8]>>, git2::Error> {
        match entry {
            Some(e) if e.is_tree() => {
                let id = Oid::from_bytes(e.id)?;
                self.read(odb, id).map(Some)
            }
            _ => Ok(None),
        }
    }

    /// Compares two trees' entries side by side, in git's order: an entry on one side
    /// only, or with another id or mode, is a change; a tree is compared in turn, or
    /// listed whole when it is on one side only: subtrees to compare go on `pending`, one
    /// level deeper than `depth`.
    fn compare(
        &mut self,
        walk: &mut Compare<'_, '_>,
        old: Option<&[u8]>,
        new: Option<&[u8]>,
        prefix: &str,
        depth: usize,
        pending: &mut Vec<Pending>,
    ) -> Result<(), git2::Error> {
        let malformed = |()| git2::Error::from_str("a tree cannot be read");
        let mut before = Entries::new(old.unwrap_or_default());
        let mut after = Entries::new(new.unwrap_or_default());
        let (mut a_next, mut b_next) = (
            before.next().map_err(malformed)?,
            after.next().map_err(malformed)?,
        );
        loop {
            let (a, b) = match (a_next, b_next) {
                (None, None) => return Ok(()),
                // Most entries of two versions of a tree are the same: their bytes say so.
                (Some(a), Some(b)) if a.raw == b.raw => {
                    a_next = before.next().map_err(malformed)?;
                    b_next = after.next().map_err(malformed)?;
                    continue;
                }
                (Some(a), Some(b)) => match git_order(&a, &b) {
                    Ordering::Less => (Some(a), None),
                    Ordering::Greater => (None, Some(b)),
                    Ordering::Equal => (Some(a), Some(b)),
                },
                other => other,
            };
            if a.is_some() {
                a_next = before.next().map_err(malformed)?;
            }
            if b.is_some() {
                b_next = after.next().map_err(malformed)?;
            }
            let (a, b) = (a.as_ref(), b.as_ref());
            if let (Some(a), Some(b)) = (a, b)
                && a == b
            {
                continue;
            }
            let Some(name) = a.or(b).and_then(|e| std::str::from_utf8(e.name).ok()) else {
                continue;
            };
            let path = format!("{prefix}{name}");
            if let Some(within) = walk.within {
                if within.iter().any(|w| under(&path, w)) {
                    walk.out.push(path);
                    continue;
                }
                // A directory that holds none of them is not read.
                if !within.iter().any(|w| *w != path && under(w, &path)) {
                    continue;
                }
            }
            let odb = walk.odb;
            let (old_tree, new_tree) = (self.tree_of(odb, a)?, self.tree_of(odb, b)?);
            if old_tree.is_some() || new_tree.is_some() {
                pending.push((old_tree, new_tree, format!("{path}/"), depth + 1));
            } else if walk.within.is_none() {
                walk.out.push(path);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Entries;

    /// A tree entry's mode, name and id.
    type Listed = (u32, Vec<u8>, Vec<u8>);

    /// Every entry of a raw tree; `None` when it is no tree as git writes them.
    fn ours(data: &[u8]) -> Option<Vec<Listed>> {
        let mut entries = Entries::new(data);
        let mut out = Vec::new();
        while let Some(e) = entries.next().ok()? {
            out.push((e.mode, e.name.to_vec(), e.id.to_vec()));
        }
        Some(out)
    }

    /// Damaged trees are read entry for entry as libgit2 reads them, or refused; never a
    /// panic.
    #[test]
    fn damaged_trees_are_read_as_libgit2_reads_them_or_refused() {
        let dir = std::env::temp_dir().join(format!("relcore-git-trees-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let repo = git2::Repository::init_bare(&dir).unwrap();
        let odb = repo.odb().unwrap();
        let blob = odb.write(git2::ObjectType::Blob, b"x").unwrap();
        let mut builder = repo.treebuilder(None).unwrap();
        builder.insert("a.txt", blob, 0o100_644).unwrap();
        builder.insert("bin", blob, 0o100_755).unwrap();
        builder.insert("link", blob, 0o120_000).unwrap();
        let sub = builder.write().unwrap();
        builder.insert("src", sub, 0o040_000).unwrap();
        let root = builder.write().unwrap();
        let seeds = vec![odb.read(root).unwrap().data().to_vec()];
        let (mut read, mut refused) = (0, 0);
        for bytes in crate::testing::variants(&seeds, 3000) {
            let Some(ours) = ours(&bytes) else {
                refused += 1;
                continue;
            };
            read += 1;
            let oid = odb.write(git2::ObjectType::Tree, &bytes).unwrap();
            // libgit2 may refuse what relcore reads (it also checks names): then relcore's
            // reading is the only one, and it must simply not fail.
            let Ok(tree) = repo.find_tree(oid) else {
                continue;
            };
            let theirs: Vec<Listed> = tree
                .iter()
                .map(|e| {
                    let mode = u32::try_from(e.filemode_raw()).unwrap();
                    (mode, e.name_bytes().to_vec(), e.id().as_bytes().to_vec())
                })
                .collect();
            assert_eq!(ours, theirs, "{:?}", String::from_utf8_lossy(&bytes));
        }
        assert!(
            read > 100 && refused > 100,
            "{read} read, {refused} refused"
        );
        let _ = std::fs::remove_dir_all(&dir);
    }
}
