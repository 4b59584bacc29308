//! Intersection of comparator sets as intervals over SemVer precedence.

use std::cmp::Ordering::{Equal, Greater, Less};

use super::{Alt, Gate, Pred};
use crate::version::Version;
use crate::version::ord::compare;

#[derive(Clone, Debug, PartialEq, Eq)]
enum Bound {
    Unbounded,
    Incl(Version),
    Excl(Version),
}

impl Bound {
    fn version(&self) -> Option<&Version> {
        match self {
            Bound::Unbounded => None,
            Bound::Incl(v) | Bound::Excl(v) => Some(v),
        }
    }
}

#[derive(Clone, Debug)]
struct Interval {
    lo: Bound,
    hi: Bound,
}

/// The tighter of two lower bounds.
fn max_lo(a: Bound, b: Bound) -> Bound {
    match (a.version(), b.version()) {
        (None, _) => b,
        (_, None) => a,
        (Some(x), Some(y)) => match compare(x, y) {
            Greater => a,
            Equal if matches!(a, Bound::Excl(_)) => a,
            Less | Equal => b,
        },
    }
}

/// The tighter of two upper bounds.
fn min_hi(a: Bound, b: Bound) -> Bound {
    match (a.version(), b.version()) {
        (None, _) => b,
        (_, None) => a,
        (Some(x), Some(y)) => match compare(x, y) {
            Less => a,
            Equal if matches!(a, Bound::Excl(_)) => a,
            Greater | Equal => b,
        },
    }
}

impl Interval {
    fn is_empty(&self) -> bool {
        match (&self.lo, &self.hi) {
            (Bound::Unbounded, _) | (_, Bound::Unbounded) => false,
            (lo, hi) => {
                let (Some(a), Some(b)) = (lo.version(), hi.version()) else {
                    return false;
                };
                match compare(a, b) {
                    Less => false,
                    Greater => true,
                    Equal => !(matches!(lo, Bound::Incl(_)) && matches!(hi, Bound::Incl(_))),
                }
            }
        }
    }

    fn below_hi(&self, v: &Version) -> bool {
        match &self.hi {
            Bound::Unbounded => true,
            Bound::Incl(h) => compare(v, h) != Greater,
            Bound::Excl(h) => compare(v, h) == Less,
        }
    }

    fn above_lo(&self, v: &Version) -> bool {
        match &self.lo {
            Bound::Unbounded => true,
            Bound::Incl(l) => compare(v, l) != Less,
            Bound::Excl(l) => compare(v, l) == Greater,
        }
    }

    fn contains(&self, v: &Version) -> bool {
        self.above_lo(v) && self.below_hi(v)
    }

    /// The interval without the point `p`.
    fn minus_point(self, p: &Version) -> Vec<Interval> {
        if !self.contains(p) {
            return vec![self];
        }
        let left = Interval {
            lo: self.lo.clone(),
            hi: Bound::Excl(p.clone()),
        };
        let right = Interval {
            lo: Bound::Excl(p.clone()),
            hi: self.hi,
        };
        [left, right]
            .into_iter()
            .filter(|i| !i.is_empty())
            .collect()
    }

    /// The interval without `[a, b)`.
    fn minus_range(self, a: &Version, b: &Version) -> Vec<Interval> {
        let left = Interval {
            lo: self.lo.clone(),
            hi: min_hi(self.hi.clone(), Bound::Excl(a.clone())),
        };
        let right = Interval {
            lo: max_lo(self.lo, Bound::Incl(b.clone())),
            hi: self.hi,
        };
        [left, right]
            .into_iter()
            .filter(|i| !i.is_empty())
            .collect()
    }

    /// Whether the interval holds a release version (it holds the smallest release at or
    /// above its lower end).
    fn has_release(&self) -> bool {
        let candidate = match &self.lo {
            Bound::Unbounded => Some(Version::new(0, 0, 0)),
            Bound::Incl(v) if !v.is_prerelease() => Some(v.release()),
            Bound::Excl(v) if !v.is_prerelease() => v
                .patch
                .checked_add(1)
                .map(|p| Version::new(v.major, v.minor, p)),
            Bound::Incl(v) | Bound::Excl(v) => Some(v.release()),
        };
        candidate.is_some_and(|r| self.contains(&r))
    }

    /// Whether the interval holds a pre-release of `major.minor.patch`: it meets
    /// `[M.m.p-0, M.m.p)`.
    fn has_prerelease_of(&self, (major, minor, patch): (u64, u64, u64)) -> bool {
        let mut floor = Version::new(major, minor, patch);
        floor.pre = crate::version::Prerelease::new("0").unwrap_or_default();
        let band = Interval {
            lo: max_lo(self.lo.clone(), Bound::Incl(floor)),
            hi: min_hi(
                self.hi.clone(),
                Bound::Excl(Version::new(major, minor, patch)),
            ),
        };
        !band.is_empty()
    }
}

fn tuples_of(g: &Gate) -> Option<&[(u64, u64, u64)]> {
    match g {
        Gate::Any => None,
        Gate::Tuples(t) => Some(t),
    }
}

/// Whether some version satisfies both alternatives.
pub(super) fn alts_intersect(a: &Alt, b: &Alt) -> bool {
    let mut base = Interval {
        lo: Bound::Unbounded,
        hi: Bound::Unbounded,
    };
    let preds = a.preds.iter().chain(&b.preds);
    for p in preds.clone() {
        match p {
            Pred::Ge(v) => base.lo = max_lo(base.lo, Bound::Incl(v.clone())),
            Pred::Gt(v) => base.lo = max_lo(base.lo, Bound::Excl(v.clone())),
            Pred::Le(v) => base.hi = min_hi(base.hi, Bound::Incl(v.clone())),
            Pred::Lt(v) => base.hi = min_hi(base.hi, Bound::Excl(v.clone())),
            Pred::Ne(_) | Pred::Outside(..) => {}
        }
    }
    if base.is_empty() {
        return false;
    }
    let mut pieces = vec![base];
    for p in preds {
        pieces = match p {
            Pred::Ne(v) => pieces.into_iter().flat_map(|i| i.minus_point(v)).collect(),
            Pred::Outside(x, y) => pieces
                .into_iter()
                .flat_map(|i| i.minus_range(x, y))
                .collect(),
            _ => pieces,
        };
    }
    pieces.iter().any(|piece| {
        piece.has_release()
            || match (tuples_of(&a.gate), tuples_of(&b.gate)) {
                (None, None) => true,
                (Some(t), None) | (None, Some(t)) => t.iter().any(|&t| piece.has_prerelease_of(t)),
                (Some(s), Some(t)) => s
                    .iter()
                    .filter(|x| t.contains(x))
                    .any(|&x| piece.has_prerelease_of(x)),
            }
    })
}
