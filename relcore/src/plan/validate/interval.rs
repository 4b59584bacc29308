//! Sets of real numbers as unions of intervals: enough to tell whether gates contradict
//! each other, whether a gate is looser than a trigger, and where the hold band lies.

use std::fmt::Write as _;

use crate::plan::expr::gate::Op;

/// An interval of the real line; bounds may be infinite.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Interval {
    lo: f64,
    lo_in: bool,
    hi: f64,
    hi_in: bool,
}

/// A union of intervals.
pub(crate) type Set = Vec<Interval>;

const ALL: Interval = Interval {
    lo: f64::NEG_INFINITY,
    lo_in: false,
    hi: f64::INFINITY,
    hi_in: false,
};

/// The values `v` with `v op t`.
pub(crate) fn of(op: Op, t: f64) -> Set {
    let below = |hi_in| Interval {
        hi: t,
        hi_in,
        ..ALL
    };
    let above = |lo_in| Interval {
        lo: t,
        lo_in,
        ..ALL
    };
    match op {
        Op::Lt => vec![below(false)],
        Op::Le => vec![below(true)],
        Op::Gt => vec![above(false)],
        Op::Ge => vec![above(true)],
        Op::Eq => vec![Interval {
            lo: t,
            lo_in: true,
            hi: t,
            hi_in: true,
        }],
        Op::Ne => vec![below(false), above(false)],
    }
}

/// `[min, max]`, or `[min, ∞)` without a maximum.
pub(crate) fn domain(min: f64, max: Option<f64>) -> Set {
    vec![Interval {
        lo: min,
        lo_in: min.is_finite(),
        hi: max.unwrap_or(f64::INFINITY),
        hi_in: max.is_some_and(f64::is_finite),
    }]
}

/// The whole real line.
pub(crate) fn everything() -> Set {
    vec![ALL]
}

fn meet(a: Interval, b: Interval) -> Interval {
    let (lo, lo_in) = if a.lo > b.lo {
        (a.lo, a.lo_in)
    } else if b.lo > a.lo {
        (b.lo, b.lo_in)
    } else {
        (a.lo, a.lo_in && b.lo_in)
    };
    let (hi, hi_in) = if a.hi < b.hi {
        (a.hi, a.hi_in)
    } else if b.hi < a.hi {
        (b.hi, b.hi_in)
    } else {
        (a.hi, a.hi_in && b.hi_in)
    };
    Interval {
        lo,
        lo_in,
        hi,
        hi_in,
    }
}

/// `a ∩ b`, without empty pieces.
pub(crate) fn intersect(a: &[Interval], b: &[Interval]) -> Set {
    let mut out = Vec::new();
    for x in a {
        for y in b {
            let m = meet(*x, *y);
            if !piece_is_empty(m, false) {
                out.push(m);
            }
        }
    }
    out
}

fn piece_is_empty(i: Interval, integer: bool) -> bool {
    if i.lo.is_nan() || i.hi.is_nan() {
        return true;
    }
    if integer {
        // The smallest whole number in the interval, compared with the largest.
        let first = if i.lo_in && i.lo.fract() == 0.0 {
            i.lo
        } else {
            i.lo.floor() + 1.0
        };
        let last = if i.hi_in && i.hi.fract() == 0.0 {
            i.hi
        } else {
            i.hi.ceil() - 1.0
        };
        if i.lo.is_infinite() || i.hi.is_infinite() {
            return i.lo >= i.hi;
        }
        return first > last;
    }
    #[allow(clippy::float_cmp)] // a single point is an interval when both ends are closed
    let point = i.lo == i.hi;
    i.lo > i.hi || (point && !(i.lo_in && i.hi_in))
}

/// Whether no value (no whole number, when `integer`) lies in the set.
pub(crate) fn is_empty(set: &[Interval], integer: bool) -> bool {
    set.iter().all(|&i| piece_is_empty(i, integer))
}

/// The set in interval notation with a unit suffix: `[0.1%, 5%]`, `(3, ∞)`.
pub(crate) fn describe(set: &[Interval], suffix: &str, integer: bool) -> String {
    let mut out = String::new();
    for (n, i) in set
        .iter()
        .filter(|&&i| !piece_is_empty(i, integer))
        .enumerate()
    {
        if n > 0 {
            out.push_str(" and ");
        }
        #[allow(clippy::float_cmp)]
        if i.lo == i.hi {
            let _ = write!(out, "exactly {}{suffix}", i.lo);
            continue;
        }
        let open = if i.lo_in { '[' } else { '(' };
        let close = if i.hi_in { ']' } else { ')' };
        let bound = |v: f64| {
            if v == f64::INFINITY {
                "∞".to_owned()
            } else if v == f64::NEG_INFINITY {
                "-∞".to_owned()
            } else {
                format!("{v}{suffix}")
            }
        };
        let _ = write!(out, "{open}{}, {}{close}", bound(i.lo), bound(i.hi));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contradictions() {
        let d = domain(0.0, Some(100.0));
        let both = intersect(&intersect(&of(Op::Lt, 1.0), &of(Op::Gt, 2.0)), &d);
        assert!(is_empty(&both, false));
        let ok = intersect(&intersect(&of(Op::Le, 2.0), &of(Op::Ge, 2.0)), &d);
        assert!(!is_empty(&ok, false));
        assert!(is_empty(&intersect(&of(Op::Lt, 0.0), &d), false));
        assert!(is_empty(
            &intersect(&of(Op::Eq, 5.0), &of(Op::Ne, 5.0)),
            false
        ));
    }

    #[test]
    fn whole_numbers() {
        let d = domain(0.0, None);
        let s = intersect(&intersect(&of(Op::Gt, 2.0), &of(Op::Lt, 3.0)), &d);
        assert!(!is_empty(&s, false));
        assert!(is_empty(&s, true));
        let s = intersect(&of(Op::Ge, 3.0), &d);
        assert!(!is_empty(&s, true));
        let s = intersect(&intersect(&of(Op::Gt, 2.5), &of(Op::Lt, 3.5)), &d);
        assert!(!is_empty(&s, true));
    }

    #[test]
    fn hold_band() {
        let d = domain(0.0, Some(100.0));
        let band = intersect(
            &intersect(&of(Op::Lt.negate(), 0.1), &of(Op::Gt.negate(), 5.0)),
            &d,
        );
        assert_eq!(describe(&band, "%", false), "[0.1%, 5%]");
        let open = intersect(&of(Op::Gt, 3.0), &everything());
        assert_eq!(describe(&open, "", false), "(3, ∞)");
        assert_eq!(describe(&of(Op::Eq, 2.0), "ms", false), "exactly 2ms");
    }
}
