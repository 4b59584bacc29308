//! git's commit-graph file, read-only: each commit's parents, committer time and
//! generation (topological level) without reading and inflating the commit itself, as git
//! and libgit2 read it (`objects/info/commit-graph`, or the split layers of
//! `objects/info/commit-graphs/commit-graph-chain`; see git's
//! `Documentation/gitformat-commit-graph.txt`).
//!
//! A graph is only a cache: a commit it does not hold is read from the object database,
//! and a file that is missing, of another hash or version, or malformed anywhere is not
//! used at all. Every read is bounds-checked.

use std::path::Path;

use git2::Oid;

/// The SHA-1 length: the only hash libgit2 here reads.
const HASH: usize = 20;
/// A commit's row in CDAT: its tree, two parent positions, generation and time.
const ROW: usize = HASH + 16;
/// No parent in this slot.
const NO_PARENT: u32 = 0x7000_0000;
/// The second parent slot points into EDGE (an octopus merge).
const EXTRA_EDGES: u32 = 0x8000_0000;
/// The last entry of a commit's list in EDGE.
const LAST_EDGE: u32 = 0x8000_0000;

/// One file of the graph: its commits' ids (sorted) and rows.
#[derive(Debug)]
struct Layer {
    data: Bytes,
    fanout: usize,
    ids: usize,
    rows: usize,
    edges: Option<(usize, usize)>,
    count: usize,
}

/// A commit as the graph holds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct GraphCommit {
    /// The committer time, in seconds since the Unix epoch.
    pub(crate) time: i64,
    /// The parents, in order.
    pub(crate) parents: Vec<Oid>,
    /// The topological level: one more than the highest of its parents' (1 for a root).
    /// An ancestor's is always lower, so a commit of level `g` reaches no commit of level
    /// `g` or more.
    pub(crate) generation: u32,
}

/// The commit-graph of a repository: its layers, the base first.
#[derive(Debug)]
pub(crate) struct CommitGraph {
    layers: Vec<Layer>,
}

fn be32(data: &[u8], at: usize) -> Option<u32> {
    let bytes = data.get(at..at.checked_add(4)?)?;
    Some(u32::from_be_bytes(bytes.try_into().ok()?))
}

fn be64(data: &[u8], at: usize) -> Option<u64> {
    let bytes = data.get(at..at.checked_add(8)?)?;
    Some(u64::from_be_bytes(bytes.try_into().ok()?))
}

/// A graph file's bytes: mapped, as git maps it (the pages a lookup touches are the only
/// ones read), or read whole where mapping is not available.
#[derive(Debug)]
enum Bytes {
    #[cfg(unix)]
    Mapped(map::Mapped),
    #[cfg_attr(unix, allow(dead_code))]
    Read(Vec<u8>),
}

impl std::ops::Deref for Bytes {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        match self {
            #[cfg(unix)]
            Bytes::Mapped(m) => m.bytes(),
            Bytes::Read(v) => v,
        }
    }
}

impl Bytes {
    fn open(path: &Path) -> Option<Bytes> {
        #[cfg(unix)]
        return map::Mapped::open(path).map(Bytes::Mapped);
        #[cfg(not(unix))]
        return std::fs::read(path).ok().map(Bytes::Read);
    }
}

/// A read-only mapping of a file.
#[cfg(unix)]
#[allow(unsafe_code)] // mmap(2) and munmap(2), and the slice over the mapping
mod map {
    use std::os::fd::AsRawFd;
    use std::path::Path;

    #[derive(Debug)]
    pub(super) struct Mapped {
        ptr: std::ptr::NonNull<libc::c_void>,
        len: usize,
    }

    impl Mapped {
        pub(super) fn open(path: &Path) -> Option<Mapped> {
            let file = std::fs::File::open(path).ok()?;
            let len = usize::try_from(file.metadata().ok()?.len()).ok()?;
            if len == 0 {
                return None;
            }
            // SAFETY: a private, read-only mapping of `len` bytes of an open file, which
            // stays valid after the file is closed. git replaces a commit-graph by
            // renaming a new file over it, never by rewriting it in place, so the pages
            // stay as mapped (git and libgit2 map it the same way).
            let ptr = unsafe {
                libc::mmap(
                    std::ptr::null_mut(),
                    len,
                    libc::PROT_READ,
                    libc::MAP_PRIVATE,
                    file.as_raw_fd(),
                    0,
                )
            };
            if ptr == libc::MAP_FAILED {
                return None;
            }
            Some(Mapped {
                ptr: std::ptr::NonNull::new(ptr)?,
                len,
            })
        }

        pub(super) fn bytes(&self) -> &[u8] {
            // SAFETY: the mapping holds `len` readable bytes until `drop` unmaps it, and
            // nothing writes to it.
            unsafe { std::slice::from_raw_parts(self.ptr.as_ptr().cast::<u8>(), self.len) }
        }
    }

    impl Drop for Mapped {
        fn drop(&mut self) {
            // SAFETY: the mapping `open` made, unmapped once.
            unsafe {
                libc::munmap(self.ptr.as_ptr(), self.len);
            }
        }
    }
}

impl Layer {
    /// Parses one graph file; `None` when it is not a graph relcore can read.
    fn parse(data: Bytes) -> Option<Layer> {
        // CGPH, version 1, hash version 1 (SHA-1), chunk count, base count.
        if data.get(..6)? != b"CGPH\x01\x01" {
            return None;
        }
        let chunks = usize::from(*data.get(6)?);
        let (mut fanout, mut ids, mut rows, mut edges) = (None, None, None, None);
        for k in 0..chunks {
            let at = 8 + 12 * k;
            let id = data.get(at..at + 4)?;
            let start = usize::try_from(be64(&data, at + 4)?).ok()?;
            let end = usize::try_from(be64(&data, at + 16)?).ok()?;
            if start > end || end > data.len() {
                return None;
            }
            match id {
                b"OIDF" => fanout = Some(start),
                b"OIDL" => ids = Some(start),
                b"CDAT" => rows = Some(start),
                b"EDGE" => edges = Some((start, end)),
                _ => {}
            }
        }
        let (fanout, ids, rows) = (fanout?, ids?, rows?);
        let count = usize::try_from(be32(&data, fanout + 4 * 255)?).ok()?;
        // Every id and row must lie inside the file.
        data.get(ids..ids.checked_add(count.checked_mul(HASH)?)?)?;
        data.get(rows..rows.checked_add(count.checked_mul(ROW)?)?)?;
        Some(Layer {
            data,
            fanout,
            ids,
            rows,
            edges,
            count,
        })
    }

    /// The position of `oid` in this layer, by its fanout bucket and a binary search.
    fn find(&self, oid: &[u8]) -> Option<usize> {
        let first = usize::from(*oid.first()?);
        let lo = match first {
            0 => 0,
            _ => usize::try_from(be32(&self.data, self.fanout + 4 * (first - 1))?).ok()?,
        };
        let hi = usize::try_from(be32(&self.data, self.fanout + 4 * first)?).ok()?;
        let (mut lo, mut hi) = (lo, hi.min(self.count));
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            let at = self.ids + mid * HASH;
            match self.data.get(at..at + HASH)?.cmp(oid) {
                std::cmp::Ordering::Less => lo = mid + 1,
                std::cmp::Ordering::Greater => hi = mid,
                std::cmp::Ordering::Equal => return Some(mid),
            }
        }
        None
    }

    fn id(&self, local: usize) -> Option<Oid> {
        let at = self.ids + local * HASH;
        Oid::from_bytes(self.data.get(at..at + HASH)?).ok()
    }
}

impl CommitGraph {
    /// The graph of the repository whose object directory is `objects`, if it has one
    /// relcore can read: the split chain when there is one, else the single file.
    pub(crate) fn open(objects: &Path) -> Option<CommitGraph> {
        let info = objects.join("info");
        let chain = info.join("commit-graphs");
        let layers = match std::fs::read_to_string(chain.join("commit-graph-chain")) {
            Ok(text) => {
                let mut layers = Vec::new();
                for hash in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
                    if hash.len() != 2 * HASH || !hash.bytes().all(|b| b.is_ascii_hexdigit()) {
                        return None;
                    }
                    let layer =
                        Layer::parse(Bytes::open(&chain.join(format!("graph-{hash}.graph")))?)?;
                    // Layer k names the k layers below it.
                    if usize::from(*layer.data.get(7)?) != layers.len() {
                        return None;
                    }
                    layers.push(layer);
                }
                layers
            }
            Err(_) => vec![Layer::parse(Bytes::open(&info.join("commit-graph"))?)?],
        };
        (!layers.is_empty()).then_some(CommitGraph { layers })
    }

    /// The layer holding global position `pos` and the position within it.
    fn at(&self, mut pos: usize) -> Option<(&Layer, usize)> {
        for layer in &self.layers {
            if pos < layer.count {
                return Some((layer, pos));
            }
            pos -= layer.count;
        }
        None
    }

    /// `oid`'s parents, time and generation; `None` when the graph does not hold it (or
    /// holds it malformed).
    pub(crate) fn commit(&self, oid: Oid) -> Option<GraphCommit> {
        let bytes = oid.as_bytes();
        // The newest layer first: recent commits are the ones looked up most.
        let (layer, local) = self
            .layers
            .iter()
            .rev()
            .find_map(|layer| Some((layer, layer.find(bytes)?)))?;
        let row = layer.rows + local * ROW;
        let p1 = be32(&layer.data, row + HASH)?;
        let p2 = be32(&layer.data, row + HASH + 4)?;
        let high = be32(&layer.data, row + HASH + 8)?;
        let low = be32(&layer.data, row + HASH + 12)?;
        let generation = high >> 2;
        // A graph written without generations says 0: of no use to a reachability test.
        if generation == 0 {
            return None;
        }
        let time = i64::from(high & 0b11) << 32 | i64::from(low);
        let mut parents = Vec::with_capacity(2);
        if p1 != NO_PARENT {
            parents.push(self.id_at(p1)?);
        }
        if p2 & EXTRA_EDGES != 0 {
            let (start, end) = layer.edges?;
            let mut at = start + 4 * usize::try_from(p2 & !EXTRA_EDGES).ok()?;
            loop {
                if at + 4 > end {
                    return None;
                }
                let edge = be32(&layer.data, at)?;
                parents.push(self.id_at(edge & !LAST_EDGE)?);
                if edge & LAST_EDGE != 0 {
                    break;
                }
                at += 4;
            }
        } else if p2 != NO_PARENT {
            parents.push(self.id_at(p2)?);
        }
        Some(GraphCommit {
            time,
            parents,
            generation,
        })
    }

    fn id_at(&self, pos: u32) -> Option<Oid> {
        let (layer, local) = self.at(usize::try_from(pos).ok()?)?;
        layer.id(local)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_that_is_no_graph_is_not_used() {
        assert!(Layer::parse(Bytes::Read(Vec::new())).is_none());
        assert!(Layer::parse(Bytes::Read(b"CGPH\x01\x02\x00\x00".to_vec())).is_none());
        // Chunks that point past the end.
        let mut data = b"CGPH\x01\x01\x01\x00OIDF".to_vec();
        data.extend_from_slice(&1000u64.to_be_bytes());
        data.extend_from_slice(&[0; 12]);
        assert!(Layer::parse(Bytes::Read(data)).is_none());
    }

    #[test]
    fn a_missing_graph_is_none() {
        let dir = std::env::temp_dir().join(format!("relcore-graph-{}", std::process::id()));
        assert!(CommitGraph::open(&dir).is_none());
    }
}
