//! Objects read straight from the repository's pack files, as git reads them: the pack
//! index gives an object's offset, the pack its zlib stream, and a deltified object is
//! rebuilt from its base (bases are kept in a small cache, as git's delta base cache).
//!
//! libgit2 does the same behind a lock, a cache of every object read and an allocation
//! per object; a walk that compares thousands of trees spends most of its time there. This
//! reader is a fast path only: an object it does not find, or finds in a form it does not
//! read (a malformed entry, a size that does not add up), is read through libgit2 by the
//! caller, so the answer is always libgit2's. See git's `gitformat-pack` documentation.

use std::collections::{HashMap, VecDeque};
use std::path::Path;
use std::sync::Arc;

use git2::{ObjectType, Oid};

use crate::mapped::{Bytes, be32, be64, find_sorted};
use crate::oid_hash::OidState;

/// The SHA-1 length: the only hash libgit2 here reads.
const HASH: usize = 20;
/// A pack entry whose data is a delta against the entry `n` bytes before it.
const OFS_DELTA: u8 = 6;
/// A pack entry whose data is a delta against the object of a given id.
const REF_DELTA: u8 = 7;
/// How deep a chain of deltas may go before the reader gives up (git writes at most 50 by
/// default, 4095 at most): a bound on work for a corrupt pack that loops.
const MAX_CHAIN: usize = 10_000;
/// The bytes of delta bases kept, at most (git keeps up to 96 MiB; here the trees being
/// compared are kept by the caller, and a larger cache measured slower, not faster).
const CACHE_BYTES: usize = 16 << 20;
/// Objects larger than this are not kept as bases: one would push out many trees.
const CACHE_LARGEST: usize = 4 << 20;

/// One pack: its index (`.idx`, version 2) and its data (`.pack`).
#[derive(Debug)]
struct Pack {
    idx: Bytes,
    data: Bytes,
    count: usize,
}

/// An object as a pack entry holds it, before any delta is applied.
enum Entry<'p> {
    Whole {
        kind: ObjectType,
        size: usize,
        stream: &'p [u8],
    },
    Delta {
        base: Base,
        size: usize,
        stream: &'p [u8],
    },
}

/// Where a delta's base is.
enum Base {
    Offset(usize),
    Id([u8; HASH]),
}

/// The pack files of one object directory, and the bases read from them.
pub(crate) struct Packs {
    files: Arc<[Pack]>,
    /// The pack the last object came from: objects read together are mostly in one.
    last: usize,
    bases: Bases,
    inflater: zlib::Inflater,
}

impl std::fmt::Debug for Packs {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Packs")
            .field("packs", &self.files.len())
            .field("cached", &self.bases.bytes)
            .finish_non_exhaustive()
    }
}

/// The delta bases kept, by pack and offset, within a budget of bytes: the oldest go
/// first, unless used since they were last looked at (a "second chance", which keeps a
/// base many deltas share, as a tree's base in a walk).
#[derive(Default)]
struct Bases {
    kept: HashMap<(usize, usize), Kept, OidState>,
    order: VecDeque<(usize, usize)>,
    bytes: usize,
}

struct Kept {
    kind: ObjectType,
    data: Arc<[u8]>,
    used: bool,
}

impl Bases {
    fn get(&mut self, at: (usize, usize)) -> Option<(ObjectType, Arc<[u8]>)> {
        let kept = self.kept.get_mut(&at)?;
        kept.used = true;
        Some((kept.kind, Arc::clone(&kept.data)))
    }

    fn insert(&mut self, at: (usize, usize), kind: ObjectType, data: &Arc<[u8]>) {
        if data.len() > CACHE_LARGEST || self.kept.contains_key(&at) {
            return;
        }
        let data = Arc::clone(data);
        self.bytes += data.len();
        self.kept.insert(
            at,
            Kept {
                kind,
                data,
                used: false,
            },
        );
        self.order.push_back(at);
        while self.bytes > CACHE_BYTES {
            let Some(old) = self.order.pop_front() else {
                break;
            };
            match self.kept.get_mut(&old) {
                Some(kept) if kept.used => {
                    kept.used = false;
                    self.order.push_back(old);
                }
                Some(_) => {
                    if let Some(gone) = self.kept.remove(&old) {
                        self.bytes -= gone.data.len();
                    }
                }
                None => {}
            }
        }
    }
}

impl Pack {
    /// The pack of index file `idx` (`pack-*.idx`), when both files are there and of the
    /// versions git writes today.
    fn open(idx: &Path) -> Option<Pack> {
        let index = Bytes::map(idx)?;
        // "\377tOc", version 2; then 256 fanout counts, ids, CRCs, offsets.
        if index.get(..8)? != b"\xfftOc\x00\x00\x00\x02" {
            return None;
        }
        let count = usize::try_from(be32(&index, 8 + 4 * 255)?).ok()?;
        let minimum = count
            .checked_mul(HASH + 8)?
            .checked_add(8 + 1024 + 2 * HASH)?;
        if index.len() < minimum {
            return None;
        }
        let data = Bytes::map(&idx.with_extension("pack"))?;
        // "PACK", version 2 or 3, the object count.
        let version = be32(&data, 4)?;
        if data.get(..4)? != b"PACK"
            || !(version == 2 || version == 3)
            || usize::try_from(be32(&data, 8)?).ok()? != count
        {
            return None;
        }
        Some(Pack {
            idx: index,
            data,
            count,
        })
    }

    /// The offset in the pack of object `id`.
    fn offset(&self, id: &[u8]) -> Option<usize> {
        let at = find_sorted(&self.idx, 8, 8 + 1024, self.count, id)?;
        let offsets = 8 + 1024 + self.count * (HASH + 4);
        let small = be32(&self.idx, offsets + 4 * at)?;
        if small & 0x8000_0000 == 0 {
            return usize::try_from(small).ok();
        }
        let large = offsets + 4 * self.count + 8 * usize::try_from(small & 0x7fff_ffff).ok()?;
        usize::try_from(be64(&self.idx, large)?).ok()
    }

    /// The entry at `offset`: its type, size and where its zlib stream starts.
    fn entry(&self, offset: usize) -> Option<Entry<'_>> {
        // The pack ends with a checksum of its contents.
        let end = self.data.len().checked_sub(HASH)?;
        if offset < 12 || offset >= end {
            return None;
        }
        let bytes = self.data.get(offset..end)?;
        let mut at = 0;
        let mut byte = *bytes.get(at)?;
        at += 1;
        let kind = (byte >> 4) & 0x7;
        let mut size = usize::from(byte & 0x0f);
        let mut shift = 4u32;
        while byte & 0x80 != 0 {
            byte = *bytes.get(at)?;
            at += 1;
            let part = usize::from(byte & 0x7f).checked_shl(shift)?;
            if part >> shift != usize::from(byte & 0x7f) {
                return None;
            }
            size |= part;
            shift += 7;
        }
        let whole = |kind| {
            Some(Entry::Whole {
                kind,
                size,
                stream: bytes.get(at..)?,
            })
        };
        match kind {
            1 => whole(ObjectType::Commit),
            2 => whole(ObjectType::Tree),
            3 => whole(ObjectType::Blob),
            4 => whole(ObjectType::Tag),
            OFS_DELTA => {
                let mut byte = *bytes.get(at)?;
                at += 1;
                let mut back = usize::from(byte & 0x7f);
                while byte & 0x80 != 0 {
                    byte = *bytes.get(at)?;
                    at += 1;
                    back = back
                        .checked_add(1)?
                        .checked_mul(128)?
                        .checked_add(usize::from(byte & 0x7f))?;
                }
                Some(Entry::Delta {
                    base: Base::Offset(offset.checked_sub(back).filter(|_| back > 0)?),
                    size,
                    stream: bytes.get(at..)?,
                })
            }
            REF_DELTA => {
                let id = bytes.get(at..at + HASH)?.try_into().ok()?;
                Some(Entry::Delta {
                    base: Base::Id(id),
                    size,
                    stream: bytes.get(at + HASH..)?,
                })
            }
            _ => None,
        }
    }
}

/// The pack files of each object directory that readers have open, mapped once for all of
/// them: the pages each mapping touches count in the process's memory, so a reader per
/// thread mapping its own would count a walk's pages several times.
static OPEN: std::sync::Mutex<Vec<(std::path::PathBuf, std::sync::Weak<[Pack]>)>> =
    std::sync::Mutex::new(Vec::new());

/// The packs of object directory `objects`, mapped already or now; `None` without any.
fn shared(objects: &Path) -> Option<Arc<[Pack]>> {
    let mut open = OPEN
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    open.retain(|(_, packs)| packs.strong_count() > 0);
    if let Some(packs) = open
        .iter()
        .find(|(dir, _)| dir == objects)
        .and_then(|(_, packs)| packs.upgrade())
    {
        return Some(packs);
    }
    let mut names: Vec<_> = std::fs::read_dir(objects.join("pack"))
        .ok()?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "idx"))
        .collect();
    // Newest first, as git orders them: recent objects are in recent packs.
    names.sort_by_cached_key(|p| std::cmp::Reverse(p.metadata().and_then(|m| m.modified()).ok()));
    let packs: Arc<[Pack]> = names.iter().filter_map(|p| Pack::open(p)).collect();
    if packs.is_empty() {
        return None;
    }
    open.push((objects.to_path_buf(), Arc::downgrade(&packs)));
    Some(packs)
}

impl Packs {
    /// The packs of object directory `objects` (`.git/objects`); `None` when it has none
    /// this reader can read.
    pub(crate) fn open(objects: &Path) -> Option<Packs> {
        let packs = shared(objects)?;
        Some(Packs {
            files: packs,
            last: 0,
            bases: Bases::default(),
            inflater: zlib::Inflater::new()?,
        })
    }

    /// The pack and offset of object `id`, the last pack used searched first.
    fn locate(&mut self, id: &[u8]) -> Option<(usize, usize)> {
        let last = self.last;
        if let Some(offset) = self.files.get(last).and_then(|p| p.offset(id)) {
            return Some((last, offset));
        }
        let (pack, offset) = self
            .files
            .iter()
            .enumerate()
            .filter(|(k, _)| *k != last)
            .find_map(|(k, p)| Some((k, p.offset(id)?)))?;
        self.last = pack;
        Some((pack, offset))
    }

    /// Object `id`: its type and bytes, its deltas applied; `None` when these packs do not
    /// hold it or it cannot be read from them (the caller then asks libgit2).
    pub(crate) fn read(&mut self, id: Oid) -> Option<(ObjectType, Arc<[u8]>)> {
        let files = Arc::clone(&self.files);
        let mut at = self.locate(id.as_bytes())?;
        // Follow the chain down to a whole object or a base already kept, noting each
        // delta on the way.
        let mut chain: Vec<((usize, usize), usize, &[u8])> = Vec::new();
        let (kind, mut data) = loop {
            if let Some(found) = self.bases.get(at) {
                break found;
            }
            match files.get(at.0)?.entry(at.1)? {
                Entry::Whole { kind, size, stream } => {
                    let data: Arc<[u8]> = inflate(&mut self.inflater, stream, size)?.into();
                    break (kind, data);
                }
                Entry::Delta { base, size, stream } => {
                    if chain.len() == MAX_CHAIN {
                        return None;
                    }
                    chain.push((at, size, stream));
                    at = match base {
                        Base::Offset(offset) => (at.0, offset),
                        Base::Id(id) => self.locate(&id)?,
                    };
                }
            }
        };
        // Apply the deltas back up, keeping each base on the way (as git does).
        while let Some((delta_at, size, stream)) = chain.pop() {
            self.bases.insert(at, kind, &data);
            let delta = inflate(&mut self.inflater, stream, size)?;
            data = apply(&data, &delta)?.into();
            at = delta_at;
        }
        Some((kind, data))
    }
}

/// The largest object this reader makes, 256 MiB: no commit, tree or tag is near it. A
/// pack entry or delta that states more (a damaged or hostile pack can state up to 2^64
/// bytes, which would abort the process when allocated) is left to libgit2, which fails
/// such an allocation as an error.
const MAX_OBJECT: usize = 1 << 28;

/// The output room zlib's fast decoding loop wants free (`inflate_fast`: the longest
/// match, 258 bytes).
const FAST_ROOM: usize = 258;

/// The `size` bytes of the zlib stream at the start of `stream`; `None` unless the stream
/// is whole and holds exactly that many, or above [`MAX_OBJECT`].
fn inflate(inflater: &mut zlib::Inflater, stream: &[u8], size: usize) -> Option<Vec<u8>> {
    if size > MAX_OBJECT {
        return None;
    }
    // More room than stated: a stream that holds more does not fit, or writes more than
    // `size`, and fails either way. The room is zlib's: it decodes in its fast loop only
    // while 258 bytes (its longest match) of output are free, and a commit is often
    // shorter than that.
    let mut out = vec![0; size + FAST_ROOM];
    let written = inflater.inflate(stream, &mut out)?;
    out.truncate(written);
    (written == size).then_some(out)
}

/// zlib's inflate, through the library libgit2 links.
#[allow(unsafe_code)] // calls into zlib
mod zlib {
    use std::ffi::c_int;
    use std::ptr::null_mut;

    use libz_sys::{
        Z_FINISH, Z_OK, Z_STREAM_END, inflate, inflateEnd, inflateInit_, inflateReset, uInt,
        voidpf, z_stream, zlibVersion,
    };

    /// One zlib stream state, reset for each entry. Boxed: zlib's state points back at
    /// the stream, which must not move.
    pub(super) struct Inflater(Box<z_stream>);

    // SAFETY: a zlib stream has no tie to the thread that made it; it is used from one
    // thread at a time (`&mut self`).
    unsafe impl Send for Inflater {}

    extern "C" fn alloc(_: voidpf, items: uInt, size: uInt) -> voidpf {
        // SAFETY: calloc has no preconditions; zlib checks for null.
        unsafe { libc::calloc(items as usize, size as usize) }
    }

    extern "C" fn free(_: voidpf, address: voidpf) {
        // SAFETY: `address` came from `alloc` (calloc), and zlib frees it once.
        unsafe { libc::free(address) }
    }

    impl Inflater {
        pub(super) fn new() -> Option<Inflater> {
            let mut stream = Box::new(z_stream {
                next_in: null_mut(),
                avail_in: 0,
                total_in: 0,
                next_out: null_mut(),
                avail_out: 0,
                total_out: 0,
                msg: null_mut(),
                state: null_mut(),
                zalloc: alloc,
                zfree: free,
                opaque: null_mut(),
                data_type: 0,
                adler: 0,
                reserved: 0,
            });
            let size = c_int::try_from(size_of::<z_stream>()).ok()?;
            // SAFETY: a stream with no input and this library's allocator, of the
            // version and size the library checks.
            let status = unsafe { inflateInit_(&raw mut *stream, zlibVersion(), size) };
            (status == Z_OK).then_some(Inflater(stream))
        }

        /// Inflates the zlib stream at the start of `input` into `out`; how many bytes it
        /// holds, `None` when it is damaged or does not fit.
        pub(super) fn inflate(&mut self, input: &[u8], out: &mut [u8]) -> Option<usize> {
            let avail_in = uInt::try_from(input.len()).unwrap_or(uInt::MAX);
            let avail_out = uInt::try_from(out.len()).ok()?;
            let stream = &mut *self.0;
            // SAFETY: an initialised stream.
            if unsafe { inflateReset(stream) } != Z_OK {
                return None;
            }
            // zlib reads `avail_in` bytes at `next_in` (never writes them) and writes at
            // most `avail_out` bytes at `next_out`; both stay borrowed for the call.
            stream.next_in = input.as_ptr().cast_mut();
            stream.avail_in = avail_in;
            stream.next_out = out.as_mut_ptr();
            stream.avail_out = avail_out;
            // SAFETY: as above.
            let status = unsafe { inflate(stream, Z_FINISH) };
            let written = (avail_out - stream.avail_out) as usize;
            stream.next_in = null_mut();
            stream.avail_in = 0;
            stream.next_out = null_mut();
            stream.avail_out = 0;
            (status == Z_STREAM_END).then_some(written)
        }
    }

    impl Drop for Inflater {
        fn drop(&mut self) {
            // SAFETY: an initialised stream, ended once.
            unsafe {
                inflateEnd(&raw mut *self.0);
            }
        }
    }
}

/// Reads objects of one object directory: from its packs directly when it can, through
/// libgit2's database otherwise. The packs are opened at the first read.
#[derive(Debug)]
pub(crate) struct Reader {
    objects: std::path::PathBuf,
    packs: Opened,
}

/// Whether a [`Reader`]'s packs are open.
#[derive(Debug)]
enum Opened {
    NotYet,
    Packs(Packs),
    /// There are none it can read.
    None,
}

impl Reader {
    /// A reader of object directory `objects` (`.git/objects`).
    pub(crate) fn new(objects: std::path::PathBuf) -> Reader {
        Reader {
            objects,
            packs: Opened::NotYet,
        }
    }

    /// The raw bytes of commit `id`, from the packs or else from `odb`; `None` when it
    /// cannot be read or is no commit.
    pub(crate) fn commit(&mut self, odb: &git2::Odb<'_>, id: Oid) -> Option<Arc<[u8]>> {
        match self.read(odb, id) {
            Ok((ObjectType::Commit, data)) => Some(data),
            _ => None,
        }
    }

    /// Object `id`, from the packs, or else from `odb`.
    pub(crate) fn read(
        &mut self,
        odb: &git2::Odb<'_>,
        id: Oid,
    ) -> Result<(ObjectType, Arc<[u8]>), git2::Error> {
        if let Opened::NotYet = self.packs {
            self.packs = Packs::open(&self.objects).map_or(Opened::None, Opened::Packs);
        }
        if let Opened::Packs(packs) = &mut self.packs
            && let Some(found) = packs.read(id)
        {
            return Ok(found);
        }
        let object = odb.read(id)?;
        Ok((object.kind(), Arc::from(object.data())))
    }
}

/// A size in a delta's header: 7 bits a byte, the least significant first.
fn delta_size(delta: &[u8], at: &mut usize) -> Option<usize> {
    let mut size = 0usize;
    let mut shift = 0u32;
    loop {
        let byte = *delta.get(*at)?;
        *at += 1;
        let part = usize::from(byte & 0x7f).checked_shl(shift)?;
        if part >> shift != usize::from(byte & 0x7f) {
            return None;
        }
        size |= part;
        shift += 7;
        if byte & 0x80 == 0 {
            return Some(size);
        }
    }
}

/// `base` with `delta` applied: copies from the base and inserted bytes, checked against
/// the sizes the delta states (`None` for a result above [`MAX_OBJECT`]).
fn apply(base: &[u8], delta: &[u8]) -> Option<Vec<u8>> {
    let mut at = 0;
    if delta_size(delta, &mut at)? != base.len() {
        return None;
    }
    let size = delta_size(delta, &mut at)?;
    if size > MAX_OBJECT {
        return None;
    }
    let mut out = Vec::with_capacity(size);
    while let Some(&op) = delta.get(at) {
        at += 1;
        if op & 0x80 != 0 {
            // Copy: which offset and size bytes follow is in the low seven bits.
            let mut offset = 0usize;
            let mut length = 0usize;
            for bit in 0..4 {
                if op & (1 << bit) != 0 {
                    offset |= usize::from(*delta.get(at)?) << (8 * bit);
                    at += 1;
                }
            }
            for bit in 0..3 {
                if op & (0x10 << bit) != 0 {
                    length |= usize::from(*delta.get(at)?) << (8 * bit);
                    at += 1;
                }
            }
            if length == 0 {
                length = 0x10000;
            }
            out.extend_from_slice(base.get(offset..offset.checked_add(length)?)?);
        } else if op != 0 {
            let n = usize::from(op);
            out.extend_from_slice(delta.get(at..at + n)?);
            at += n;
        } else {
            return None;
        }
        if out.len() > size {
            return None;
        }
    }
    (out.len() == size).then_some(out)
}

#[cfg(test)]
mod tests {
    use std::fmt::Write as _;
    use std::path::{Path, PathBuf};
    use std::process::Command;

    use super::{Entry, MAX_OBJECT, Packs, apply, delta_size, inflate, zlib};
    use crate::testing::{fresh_repo, git};

    /// A repository of 40 commits that each change a line or two of long files in three
    /// directories, so that packing it makes chains of deltas of trees and blobs.
    fn history(name: &str) -> PathBuf {
        let dir = fresh_repo(&format!("pack-{name}"));
        for n in 0..40 {
            for d in ["a", "b/c", "d"] {
                std::fs::create_dir_all(dir.join(d)).unwrap();
                let mut text = String::new();
                for line in 0..200 {
                    let changed = if line == n * 5 % 200 { n } else { 0 };
                    writeln!(text, "{d} line {line} {changed}").unwrap();
                }
                std::fs::write(dir.join(d).join(format!("f{}.txt", n % 3)), text).unwrap();
            }
            git(&dir, &["add", "-A"]);
            git(&dir, &["commit", "-q", "-m", &format!("fix: change {n}")]);
        }
        dir
    }

    /// The id of every object in `odb`.
    fn object_ids(odb: &git2::Odb<'_>) -> Vec<git2::Oid> {
        let mut ids = Vec::new();
        odb.foreach(|id| {
            ids.push(*id);
            true
        })
        .unwrap();
        ids
    }

    /// Every object of the repository at `dir` read from the packs of `objects` is what
    /// libgit2 reads; returns how many of them were deltas.
    fn same_as_libgit2(dir: &Path, objects: &Path) -> usize {
        let repo = git2::Repository::open(dir).unwrap();
        let odb = repo.odb().unwrap();
        let ids = object_ids(&odb);
        let mut packs = Packs::open(objects).unwrap();
        let mut deltas = 0;
        for id in &ids {
            let want = odb.read(*id).unwrap();
            let (kind, data) = packs.read(*id).unwrap_or_else(|| panic!("{id} not read"));
            assert_eq!((kind, &data[..]), (want.kind(), want.data()), "{id}");
            let (pack, offset) = packs.locate(id.as_bytes()).unwrap();
            if matches!(packs.files[pack].entry(offset), Some(Entry::Delta { .. })) {
                deltas += 1;
            }
        }
        assert!(ids.len() > 200, "{} objects", ids.len());
        deltas
    }

    /// The repository named by `RELCORE_PACK_CHECK`, every object of it compared with
    /// libgit2's (run by hand on real repositories: `RELCORE_PACK_CHECK=path cargo test
    /// -p relcore-git every_object_of -- --ignored`).
    #[test]
    #[ignore = "needs a repository named by RELCORE_PACK_CHECK"]
    fn every_object_of_a_named_repository_is_libgit2s() {
        let dir = PathBuf::from(std::env::var("RELCORE_PACK_CHECK").unwrap());
        let repo = git2::Repository::open(&dir).unwrap();
        let odb = repo.odb().unwrap();
        let mut packs = Packs::open(&repo.commondir().join("objects")).unwrap();
        let (mut read, mut loose) = (0, 0);
        for id in object_ids(&odb) {
            let want = odb.read(id).unwrap();
            match packs.read(id) {
                Some((kind, data)) => {
                    assert_eq!((kind, &data[..]), (want.kind(), want.data()), "{id}");
                    read += 1;
                }
                // Not in a pack: libgit2 reads it (a loose object).
                None => loose += 1,
            }
        }
        eprintln!("{read} objects read from packs, as libgit2 reads them; {loose} not packed");
        assert!(read > 0);
    }

    #[test]
    fn objects_read_from_packs_are_libgit2s() {
        let dir = history("ofs");
        // Offset deltas (as `git gc` and clones write them), long chains.
        git(&dir, &["repack", "-adf", "-q", "--depth=20", "--window=50"]);
        let deltas = same_as_libgit2(&dir, &dir.join(".git/objects"));
        assert!(deltas > 50, "{deltas} deltas");
        // Deltas against an id (as `pack-objects` writes them without
        // `--delta-base-offset`), in a pack of another directory.
        let list = git(&dir, &["rev-list", "--objects", "--all"]);
        let other = dir.join("other");
        std::fs::create_dir_all(other.join("pack")).unwrap();
        let mut child = Command::new("git")
            .args(["pack-objects", "-q", "--window=50", "--depth=20"])
            .arg(other.join("pack/pack"))
            .current_dir(&dir)
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::io::Write::write_all(child.stdin.as_mut().unwrap(), list.as_bytes()).unwrap();
        assert!(child.wait().unwrap().success());
        let deltas = same_as_libgit2(&dir, &other);
        assert!(deltas > 50, "{deltas} deltas");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_damaged_pack_never_gives_wrong_bytes() {
        let dir = history("bad");
        git(&dir, &["repack", "-adf", "-q", "--depth=20", "--window=50"]);
        let repo = git2::Repository::open(&dir).unwrap();
        let odb = repo.odb().unwrap();
        let ids = object_ids(&odb);
        let originals: Vec<_> = ids
            .iter()
            .map(|id| odb.read(*id).unwrap().data().to_vec())
            .collect();
        drop(odb);
        let pack = std::fs::read_dir(dir.join(".git/objects/pack"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .find(|p| p.extension().is_some_and(|x| x == "pack"))
            .unwrap();
        let clean = std::fs::read(&pack).unwrap();
        for step in [97, 331, 1009] {
            let mut bytes = clean.clone();
            for at in (12..bytes.len() - 20).step_by(step) {
                bytes[at] ^= 0x5a;
            }
            std::fs::write(&pack, &bytes).unwrap();
            let mut packs = Packs::open(&dir.join(".git/objects")).unwrap();
            for (id, original) in ids.iter().zip(&originals) {
                if let Some((_, data)) = packs.read(*id) {
                    assert_eq!(
                        &data[..],
                        &original[..],
                        "{id} read wrong from a damaged pack"
                    );
                }
            }
        }
        std::fs::write(&pack, &clean).unwrap();
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn deltas_copy_and_insert() {
        let base = b"hello, world";
        // Base 12 bytes, result 12: copy 7 bytes at 0, insert "there".
        let delta = [12, 12, 0x90, 7, 5, b't', b'h', b'e', b'r', b'e'];
        assert_eq!(apply(base, &delta).as_deref(), Some(&b"hello, there"[..]));
        // A copy at an offset given by two bytes, a length of one.
        let delta = [12, 5, 0x91, 7, 5];
        assert_eq!(apply(base, &delta).as_deref(), Some(&b"world"[..]));
    }

    #[test]
    fn broken_deltas_are_refused() {
        let base = b"hello";
        assert_eq!(apply(base, &[4, 1, 1, b'x']), None, "wrong base size");
        assert_eq!(apply(base, &[5, 2, 1, b'x']), None, "short result");
        assert_eq!(apply(base, &[5, 1, 0]), None, "op 0 is reserved");
        assert_eq!(apply(base, &[5, 3, 0x91, 4, 3]), None, "copy past the base");
        assert_eq!(apply(base, &[5, 3, 5, b'a']), None, "insert past the delta");
        assert_eq!(
            apply(base, &[5, 1, 2, b'a', b'b']),
            None,
            "longer than stated"
        );
        assert_eq!(apply(base, &[0xff]), None, "truncated size");
    }

    #[test]
    fn damaged_deltas_give_the_stated_size_or_nothing() {
        let base = b"hello, world";
        let seeds = vec![
            vec![12, 12, 0x90, 7, 5, b't', b'h', b'e', b'r', b'e'],
            vec![12, 5, 0x91, 7, 5],
            vec![12, 0x80, 0x01, 0xb0, 0x10, 0x01, 0x80, 0x7f],
        ];
        let mut applied = 0;
        for delta in crate::testing::variants(&seeds, 5000) {
            let mut at = 0;
            let stated = delta_size(&delta, &mut at).and_then(|_| delta_size(&delta, &mut at));
            if let Some(out) = apply(base, &delta) {
                assert_eq!(Some(out.len()), stated, "{delta:?}");
                applied += 1;
            }
        }
        assert!(applied > 100, "{applied} applied");
    }

    #[test]
    fn stated_sizes_beyond_any_object_are_refused_not_allocated() {
        // A delta stating a result of 2^62 bytes, and one of 2^64 - 1.
        let mut huge = vec![5];
        huge.extend([0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x40]);
        huge.extend([1, b'x']);
        assert_eq!(apply(b"hello", &huge), None);
        let mut max = vec![5];
        max.extend([0xff; 9]);
        max.push(0x01);
        assert_eq!(apply(b"hello", &max), None);
        // A pack entry stating as much: refused before any allocation.
        let mut inflater = zlib::Inflater::new().unwrap();
        for size in [
            usize::MAX,
            usize::MAX - 1,
            isize::MAX as usize,
            MAX_OBJECT + 1,
        ] {
            assert_eq!(
                inflate(&mut inflater, b"x\x9c\x03\x00\x00\x00\x00\x01", size),
                None
            );
        }
    }

    #[test]
    fn streams_holding_other_than_the_stated_size_are_refused() {
        // Loose objects are zlib streams of "blob <n>\0" and the contents: sizes around
        // the room given to zlib's fast loop, and far beyond it.
        let dir = fresh_repo("pack-sizes");
        let mut inflater = zlib::Inflater::new().unwrap();
        for len in [0, 1, 100, 249, 250, 257, 258, 259, 600, 5000] {
            let contents: Vec<u8> = (0..len).map(|i| b"ab\ncd"[i % 5]).collect();
            let file = dir.join(format!("f{len}"));
            std::fs::write(&file, &contents).unwrap();
            let id = git(&dir, &["hash-object", "-w", &format!("f{len}")]);
            let stream =
                std::fs::read(dir.join(".git/objects").join(&id[..2]).join(&id[2..])).unwrap();
            let whole = format!("blob {len}\0").len() + len;
            let read = inflate(&mut inflater, &stream, whole).unwrap();
            assert_eq!(&read[read.len() - len..], &contents[..]);
            for stated in [
                0,
                1,
                whole - 1,
                whole + 1,
                whole + 257,
                whole + 258,
                whole + 259,
            ]
            .into_iter()
            .chain([
                whole.saturating_sub(258),
                whole.saturating_sub(300),
                10 * whole,
            ])
            .filter(|&s| s != whole)
            {
                assert_eq!(
                    inflate(&mut inflater, &stream, stated),
                    None,
                    "{len}: {stated}"
                );
            }
            // Cut short, the stream fails whatever it states.
            assert_eq!(
                inflate(&mut inflater, &stream[..stream.len() - 1], whole),
                None
            );
        }
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
