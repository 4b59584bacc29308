//! Read-only files of git's object directory as bytes (a commit-graph, pack indexes and
//! packs), and the lookups their formats share: big-endian numbers and the id tables
//! sorted under a 256-entry fanout.

use std::path::Path;

pub(crate) fn be32(data: &[u8], at: usize) -> Option<u32> {
    let bytes = data.get(at..at.checked_add(4)?)?;
    Some(u32::from_be_bytes(bytes.try_into().ok()?))
}

pub(crate) fn be64(data: &[u8], at: usize) -> Option<u64> {
    let bytes = data.get(at..at.checked_add(8)?)?;
    Some(u64::from_be_bytes(bytes.try_into().ok()?))
}

/// A file's bytes: mapped, as git maps it (the pages a lookup touches are the only ones
/// read), or read whole where mapping is not available.
#[derive(Debug)]
pub(crate) enum Bytes {
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
    /// The file at `path`, mapped, or read whole where mapping is not available.
    pub(crate) fn open(path: &Path) -> Option<Bytes> {
        #[cfg(unix)]
        return Bytes::map(path);
        #[cfg(not(unix))]
        return std::fs::read(path).ok().map(Bytes::Read);
    }

    /// The file at `path`, mapped; `None` where mapping is not available (a pack is
    /// not read whole to find a few objects in it).
    pub(crate) fn map(path: &Path) -> Option<Bytes> {
        #[cfg(unix)]
        return map::Mapped::open(path).map(Bytes::Mapped);
        #[cfg(not(unix))]
        return {
            let _ = path;
            None
        };
    }
}

/// A read-only mapping of a file.
#[cfg(unix)]
#[allow(unsafe_code)] // mmap(2) and munmap(2), and the slice over the mapping
mod map {
    use std::os::fd::AsRawFd;
    use std::path::Path;

    #[derive(Debug)]
    pub(crate) struct Mapped {
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
            // stays valid after the file is closed. git replaces a commit-graph or a pack
            // by writing a new file and renaming it, never by rewriting one in place, so
            // the pages stay as mapped (git and libgit2 map them the same way).
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
            // SAFETY: advice on the mapping just made.
            unsafe {
                libc::madvise(ptr, len, libc::MADV_RANDOM);
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

    // SAFETY: the mapping is read-only and private: moving it to another thread (which
    // then reads it, and unmaps it once) or reading it from several is as safe as reading
    // it here.
    unsafe impl Send for Mapped {}
    // SAFETY: as above; `&Mapped` only gives out shared reads.
    unsafe impl Sync for Mapped {}

    impl Drop for Mapped {
        fn drop(&mut self) {
            // SAFETY: the mapping `open` made, unmapped once.
            unsafe {
                libc::munmap(self.ptr.as_ptr(), self.len);
            }
        }
    }
}

/// The position of `id` in a table of `count` sorted ids of `id.len()` bytes at `ids`,
/// under the 256 big-endian counts at `fanout` (how many ids start with each byte or
/// less), as git's pack indexes and commit-graphs have them.
pub(crate) fn find_sorted(
    data: &[u8],
    fanout: usize,
    ids: usize,
    count: usize,
    id: &[u8],
) -> Option<usize> {
    let first = usize::from(*id.first()?);
    let lo = match first {
        0 => 0,
        _ => usize::try_from(be32(data, fanout + 4 * (first - 1))?).ok()?,
    };
    let hi = usize::try_from(be32(data, fanout + 4 * first)?).ok()?;
    let (mut lo, mut hi) = (lo, hi.min(count));
    let width = id.len();
    // The first eight bytes as a number order ids as their bytes do, in one comparison.
    let head = |bytes: &[u8]| Some(u64::from_be_bytes(bytes.get(..8)?.try_into().ok()?));
    let key = head(id)?;
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        let at = ids + mid * width;
        let probe = data.get(at..at + width)?;
        match head(probe)?.cmp(&key).then_with(|| probe.cmp(id)) {
            std::cmp::Ordering::Less => lo = mid + 1,
            std::cmp::Ordering::Greater => hi = mid,
            std::cmp::Ordering::Equal => return Some(mid),
        }
    }
    None
}
