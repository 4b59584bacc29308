//! Dot-separated identifier strings (pre-release and build metadata) and their ordering.
//!
//! Identifiers are ASCII by construction (the parser admits only `[0-9A-Za-z-.]`), so the
//! storage keeps short strings inline and compares on bytes. No `unsafe` is involved: the
//! inline buffer is turned back into `&str` through `std::str::from_utf8`, which cannot fail
//! for ASCII and costs a few nanoseconds for the lengths that fit inline.

use std::cmp::Ordering;

/// Longest string kept inline, without a heap allocation.
const INLINE: usize = 23;

/// A short immutable ASCII string: inline up to [`INLINE`] bytes, boxed beyond.
#[derive(Clone, PartialEq, Eq, Hash)]
pub(crate) enum SmallStr {
    Inline { len: u8, buf: [u8; INLINE] },
    Heap(Box<str>),
}

impl SmallStr {
    pub(crate) const EMPTY: SmallStr = SmallStr::Inline {
        len: 0,
        buf: [0; INLINE],
    };

    pub(crate) fn new(s: &str) -> SmallStr {
        let bytes = s.as_bytes();
        if bytes.len() <= INLINE {
            let mut buf = [0; INLINE];
            if let Some(dst) = buf.get_mut(..bytes.len()) {
                dst.copy_from_slice(bytes);
            }
            // `bytes.len() <= 23` always fits in a u8.
            SmallStr::Inline {
                len: u8::try_from(bytes.len()).unwrap_or(0),
                buf,
            }
        } else {
            SmallStr::Heap(s.into())
        }
    }

    pub(crate) fn as_bytes(&self) -> &[u8] {
        match self {
            SmallStr::Inline { len, buf } => buf.get(..usize::from(*len)).unwrap_or_default(),
            SmallStr::Heap(s) => s.as_bytes(),
        }
    }

    pub(crate) fn as_str(&self) -> &str {
        match self {
            SmallStr::Inline { .. } => std::str::from_utf8(self.as_bytes()).unwrap_or_default(),
            SmallStr::Heap(s) => s,
        }
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.as_bytes().is_empty()
    }
}

impl Default for SmallStr {
    fn default() -> Self {
        SmallStr::EMPTY
    }
}

/// `true` when an identifier consists of ASCII digits only.
pub(crate) fn is_numeric(id: &[u8]) -> bool {
    !id.is_empty() && id.iter().all(u8::is_ascii_digit)
}

/// Compares two numeric identifiers of any length by value, assuming no leading zeros
/// except in build metadata, where leading zeros are stripped first.
fn cmp_numeric(a: &[u8], b: &[u8]) -> Ordering {
    let a = strip_zeros(a);
    let b = strip_zeros(b);
    a.len().cmp(&b.len()).then_with(|| a.cmp(b))
}

fn strip_zeros(s: &[u8]) -> &[u8] {
    let first = s.iter().position(|&c| c != b'0').unwrap_or(s.len());
    s.get(first..).unwrap_or_default()
}

/// Compares single identifiers per SemVer 2.0.0 §11.4: numeric identifiers compare by
/// value and have lower precedence than alphanumeric ones, which compare in ASCII order.
pub(crate) fn cmp_identifier(a: &[u8], b: &[u8]) -> Ordering {
    match (is_numeric(a), is_numeric(b)) {
        (true, true) => cmp_numeric(a, b).then_with(|| a.cmp(b)),
        (true, false) => Ordering::Less,
        (false, true) => Ordering::Greater,
        (false, false) => a.cmp(b),
    }
}

/// Compares dot-separated identifier lists field by field; when all shared fields are
/// equal, the longer list has higher precedence (§11.4.4).
pub(crate) fn cmp_dotted(a: &[u8], b: &[u8]) -> Ordering {
    // The identifiers both lists start with, byte for byte, compare equal: start at the
    // one that holds the first differing byte (`dev.9` against `dev.10`: at `9`).
    let same = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let start = a
        .get(..same)
        .and_then(|shared| shared.iter().rposition(|&c| c == b'.'))
        .map_or(0, |dot| dot + 1);
    cmp_each(
        a.get(start..).unwrap_or_default(),
        b.get(start..).unwrap_or_default(),
    )
}

/// [`cmp_dotted`]'s order, identifier by identifier from the first.
fn cmp_each(a: &[u8], b: &[u8]) -> Ordering {
    let mut left = a.split(|&c| c == b'.');
    let mut right = b.split(|&c| c == b'.');
    loop {
        match (left.next(), right.next()) {
            (None, None) => return Ordering::Equal,
            (None, Some(_)) => return Ordering::Less,
            (Some(_), None) => return Ordering::Greater,
            (Some(x), Some(y)) => match cmp_identifier(x, y) {
                Ordering::Equal => {}
                other => return other,
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_and_heap_round_trip() {
        for s in [
            "",
            "a",
            "alpha.1",
            "x".repeat(23).as_str(),
            "y".repeat(24).as_str(),
        ] {
            let small = SmallStr::new(s);
            assert_eq!(small.as_str(), s);
            assert_eq!(small.is_empty(), s.is_empty());
        }
        assert!(matches!(SmallStr::new(&"x".repeat(24)), SmallStr::Heap(_)));
    }

    #[test]
    fn numeric_identifiers_compare_by_value_at_any_length() {
        assert_eq!(cmp_identifier(b"2", b"10"), Ordering::Less);
        assert_eq!(
            cmp_identifier(b"18446744073709551616", b"18446744073709551615"),
            Ordering::Greater
        );
        assert_eq!(cmp_identifier(b"9", b"a"), Ordering::Less);
        assert_eq!(cmp_identifier(b"B", b"a"), Ordering::Less);
        // Build metadata may carry leading zeros: equal value, then byte order.
        assert_eq!(cmp_identifier(b"001", b"1"), Ordering::Less);
    }

    #[test]
    fn dotted_lists_longer_wins_on_equal_prefix() {
        assert_eq!(cmp_dotted(b"alpha", b"alpha.1"), Ordering::Less);
        assert_eq!(cmp_dotted(b"alpha.beta", b"alpha.1"), Ordering::Greater);
        assert_eq!(cmp_dotted(b"rc.1", b"rc.1"), Ordering::Equal);
    }

    /// Starting at the first differing identifier orders every pair of lists as comparing
    /// them identifier by identifier from the start does.
    #[test]
    fn skipping_the_shared_identifiers_keeps_the_order() {
        let idents = ["", "0", "1", "01", "9", "10", "a", "ab", "1a", "a1", "B"];
        let mut lists: Vec<String> = idents.iter().map(|&i| i.to_owned()).collect();
        for x in idents {
            for y in idents {
                lists.push(format!("{x}.{y}"));
                for z in ["1", "10", "a"] {
                    lists.push(format!("{x}.{y}.{z}"));
                }
            }
        }
        for a in &lists {
            for b in &lists {
                let (a, b) = (a.as_bytes(), b.as_bytes());
                assert_eq!(cmp_dotted(a, b), cmp_each(a, b), "{a:?} {b:?}");
            }
        }
    }
}
