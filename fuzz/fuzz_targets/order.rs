//! Precedence and the total order are consistent over triples: antisymmetric,
//! transitive, `Ord` agrees with `Eq`, and `compare` ignores only build metadata.
//! The input is three versions separated by newlines.
#![cfg_attr(fuzzing, no_main)]

#[path = "shim.rs"]
mod shim;

use std::cmp::Ordering;

use relcore::version::{Version, compare};

fn run(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let vs: Vec<Version> = text.split('\n').filter_map(|s| Version::parse(s).ok()).collect();
    let [a, b, c] = match vs.as_slice() {
        [a, b, c, ..] => [a, b, c],
        [a, b] => [a, b, a],
        _ => return,
    };
    for (x, y) in [(a, b), (b, c), (a, c)] {
        assert_eq!(x.cmp(y), y.cmp(x).reverse(), "{x} vs {y}");
        assert_eq!(compare(x, y), compare(y, x).reverse(), "{x} vs {y}");
        assert_eq!(x.cmp(y) == Ordering::Equal, x == y, "{x} vs {y}");
        if compare(x, y) != Ordering::Equal {
            assert_eq!(compare(x, y), x.cmp(y), "{x} vs {y}");
        }
        let (rx, ry) = (Version { build: Default::default(), ..x.clone() }, Version { build: Default::default(), ..y.clone() });
        assert_eq!(compare(x, y), rx.cmp(&ry), "{x} vs {y}");
    }
    for cmp in [Version::cmp, compare] {
        if cmp(a, b).is_le() && cmp(b, c).is_le() {
            assert!(cmp(a, c).is_le(), "{a} <= {b} <= {c}");
        }
        if cmp(a, b).is_ge() && cmp(b, c).is_ge() {
            assert!(cmp(a, c).is_ge(), "{a} >= {b} >= {c}");
        }
    }
}

fuzz_main!(run);
