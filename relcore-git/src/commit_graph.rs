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

use crate::mapped::{Bytes, be32, be64, find_sorted};

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
        find_sorted(&self.data, self.fanout, self.ids, self.count, oid)
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
    use crate::testing::{fresh_repo, git};

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

    /// A damaged graph file is refused, or read without a panic (what it says of a
    /// commit may then be wrong, as it may be for git: the graph is trusted as git
    /// trusts it).
    #[test]
    fn damaged_graphs_never_panic() {
        let dir = fresh_repo("graph-damaged");
        for n in 0..6 {
            git(
                &dir,
                &["commit", "-q", "--allow-empty", "-m", &format!("c{n}")],
            );
        }
        git(&dir, &["checkout", "-q", "-b", "side", "HEAD~3"]);
        git(&dir, &["commit", "-q", "--allow-empty", "-m", "side"]);
        git(&dir, &["checkout", "-q", "main"]);
        git(&dir, &["merge", "-q", "--no-ff", "-m", "merge", "side"]);
        git(&dir, &["commit-graph", "write", "--reachable"]);
        let ids: Vec<Oid> = git(&dir, &["rev-list", "--all"])
            .lines()
            .map(|l| Oid::from_str(l).unwrap())
            .collect();
        let file = std::fs::read(dir.join(".git/objects/info/commit-graph")).unwrap();
        let whole = CommitGraph {
            layers: vec![Layer::parse(Bytes::Read(file.clone())).unwrap()],
        };
        assert!(ids.iter().all(|id| whole.commit(*id).is_some()));
        let mut parsed = 0;
        for bytes in crate::testing::variants(&[file], 3000) {
            let Some(layer) = Layer::parse(Bytes::Read(bytes)) else {
                continue;
            };
            parsed += 1;
            let graph = CommitGraph {
                layers: vec![layer],
            };
            for id in &ids {
                let _ = graph.commit(*id);
            }
        }
        assert!(parsed > 100, "{parsed} parsed");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_missing_graph_is_none() {
        let dir = std::env::temp_dir().join(format!("relcore-graph-{}", std::process::id()));
        assert!(CommitGraph::open(&dir).is_none());
    }
}
