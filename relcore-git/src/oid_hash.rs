//! Hash maps and sets keyed by object ids.
//!
//! An object id is already a hash, so hashing it again with SipHash (std's default)
//! spends more on the key than the walks spend on the rest of a lookup. [`OidMap`] and
//! [`OidSet`] take the id's first eight bytes and mix them with a seed drawn once per
//! process: one multiply instead of SipHash's rounds. With the seed, ids crafted to share
//! their low bits do not land in one bucket: only ids equal in all 64 leading bits
//! collide for every seed, and finding those takes a 2^64 search. (git's own maps hash
//! the first four bytes of an id, with no seed.) The same hasher serves keys of plain
//! integers, such as the pack reader's offsets: each is folded whole.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasher, Hasher, RandomState};
use std::sync::OnceLock;

use git2::Oid;

/// A map keyed by object id; `OidMap::default()` or `with_capacity_and_hasher` makes one.
pub(crate) type OidMap<V> = HashMap<Oid, V, OidState>;

/// A set of object ids.
pub(crate) type OidSet = HashSet<Oid, OidState>;

/// A map with room for `capacity` ids before it grows.
pub(crate) fn oid_map<V>(capacity: usize) -> OidMap<V> {
    OidMap::with_capacity_and_hasher(capacity, OidState::default())
}

/// The process's seed, mixed into every id's hash.
fn seed() -> u64 {
    static SEED: OnceLock<u64> = OnceLock::new();
    *SEED.get_or_init(|| RandomState::new().hash_one(0x5eed_u64))
}

/// Builds an [`OidHasher`] with the process's seed.
#[derive(Clone, Copy, Debug)]
pub(crate) struct OidState {
    seed: u64,
}

impl Default for OidState {
    fn default() -> Self {
        OidState { seed: seed() }
    }
}

impl BuildHasher for OidState {
    type Hasher = OidHasher;

    fn build_hasher(&self) -> OidHasher {
        OidHasher { hash: self.seed }
    }
}

/// The hasher of [`OidState`]: each write folds (up to) its first eight bytes into the
/// state with a full 64×64→128-bit multiply, so every output bit depends on every input
/// bit. Meant for object ids, whose bytes are uniform (an id hashes as its length, 20,
/// and then its bytes), and for integers, which are written whole.
#[derive(Debug)]
pub(crate) struct OidHasher {
    hash: u64,
}

/// An odd constant with no pattern in its bits (the golden ratio's fraction).
const MIX: u64 = 0x9e37_79b9_7f4a_7c15;

impl OidHasher {
    fn fold(&mut self, word: u64) {
        let product = u128::from(self.hash ^ word) * u128::from(MIX);
        // The high and low halves of the product, folded.
        #[expect(
            clippy::cast_possible_truncation,
            reason = "the two halves, on purpose"
        )]
        let folded = (product as u64) ^ ((product >> 64) as u64);
        self.hash = folded;
    }
}

impl Hasher for OidHasher {
    fn finish(&self) -> u64 {
        self.hash
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut word = [0u8; 8];
        let n = bytes.len().min(8);
        if let (Some(to), Some(from)) = (word.get_mut(..n), bytes.get(..n)) {
            to.copy_from_slice(from);
        }
        self.fold(u64::from_le_bytes(word));
    }

    fn write_usize(&mut self, n: usize) {
        self.fold(n as u64);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn oid(first: u64, rest: u8) -> Oid {
        let mut bytes = [rest; 20];
        bytes[..8].copy_from_slice(&first.to_le_bytes());
        Oid::from_bytes(&bytes).unwrap()
    }

    #[test]
    fn ids_are_found_by_their_bytes() {
        let mut map: OidMap<usize> = oid_map(4);
        for i in 0..1000u64 {
            map.insert(oid(i.wrapping_mul(MIX), 7), usize::try_from(i).unwrap());
        }
        assert_eq!(map.len(), 1000);
        for i in 0..1000u64 {
            assert_eq!(
                map.get(&oid(i.wrapping_mul(MIX), 7)),
                Some(&usize::try_from(i).unwrap())
            );
        }
        assert_eq!(map.get(&oid(1, 8)), None);
        // Ids equal in their first eight bytes share a hash but stay apart as keys.
        let mut set = OidSet::default();
        set.insert(oid(42, 1));
        set.insert(oid(42, 2));
        assert_eq!(set.len(), 2);
        assert!(set.contains(&oid(42, 2)) && !set.contains(&oid(42, 3)));
    }

    #[test]
    fn ids_that_share_their_low_bits_spread_over_the_buckets() {
        // Ids alike in their low 32 bits, as one could craft them to fill one bucket of a
        // map that hashed only those bits: the mixed hashes differ in their low bits too.
        let state = OidState::default();
        let low: HashSet<u64> = (1..=256u64)
            .map(|i| state.hash_one(oid((i << 32) | 0xdead_beef, 0)) & 0xff)
            .collect();
        assert!(low.len() > 128, "{} distinct low bytes of 256", low.len());
    }
}
