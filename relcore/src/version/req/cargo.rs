//! Cargo's matching, comparator by comparator, as the `semver` crate (Cargo's reading)
//! does it: a comparator with a partial version (`>=1`, `~1`, `=1.2`) rejects the
//! pre-releases of the versions it spells out, even where another comparator of the set
//! admits pre-releases of that `major.minor.patch`. Intervals (for `intersects`) use the
//! shared desugaring, which differs only there.

use std::cmp::Ordering;

use super::{Alt, Clause, Op};
use crate::version::{Prerelease, Version, compare};

/// Pre-release order: a release (empty) above any pre-release.
fn pre_cmp(a: &Prerelease, b: &Prerelease) -> Ordering {
    let with = |p: &Prerelease| {
        let mut v = Version::new(0, 0, 0);
        v.pre = p.clone();
        v
    };
    compare(&with(a), &with(b))
}

fn exact(c: &Clause, v: &Version) -> bool {
    let p = &c.partial;
    p.major() == Some(v.major)
        && p.minor().is_none_or(|m| m == v.minor)
        && p.patch().is_none_or(|n| n == v.patch)
        && v.pre == p.pre
}

fn greater(c: &Clause, v: &Version) -> bool {
    let p = &c.partial;
    let Some(major) = p.major() else { return false };
    if v.major != major {
        return v.major > major;
    }
    let Some(minor) = p.minor() else { return false };
    if v.minor != minor {
        return v.minor > minor;
    }
    let Some(patch) = p.patch() else { return false };
    if v.patch != patch {
        return v.patch > patch;
    }
    pre_cmp(&v.pre, &p.pre).is_gt()
}

fn less(c: &Clause, v: &Version) -> bool {
    let p = &c.partial;
    let Some(major) = p.major() else { return false };
    if v.major != major {
        return v.major < major;
    }
    let Some(minor) = p.minor() else { return false };
    if v.minor != minor {
        return v.minor < minor;
    }
    let Some(patch) = p.patch() else { return false };
    if v.patch != patch {
        return v.patch < patch;
    }
    pre_cmp(&v.pre, &p.pre).is_lt()
}

fn tilde(c: &Clause, v: &Version) -> bool {
    let p = &c.partial;
    if p.major() != Some(v.major) {
        return false;
    }
    if p.minor().is_some_and(|m| m != v.minor) {
        return false;
    }
    if let Some(patch) = p.patch()
        && v.patch != patch
    {
        return v.patch > patch;
    }
    pre_cmp(&v.pre, &p.pre).is_ge()
}

fn caret(c: &Clause, v: &Version) -> bool {
    let p = &c.partial;
    let Some(major) = p.major() else { return true };
    if v.major != major {
        return false;
    }
    let Some(minor) = p.minor() else { return true };
    let Some(patch) = p.patch() else {
        return if major > 0 {
            v.minor >= minor
        } else {
            v.minor == minor
        };
    };
    if major > 0 {
        if v.minor != minor {
            return v.minor > minor;
        } else if v.patch != patch {
            return v.patch > patch;
        }
    } else if minor > 0 {
        if v.minor != minor {
            return false;
        } else if v.patch != patch {
            return v.patch > patch;
        }
    } else if v.minor != minor || v.patch != patch {
        return false;
    }
    pre_cmp(&v.pre, &p.pre).is_ge()
}

fn clause(c: &Clause, v: &Version) -> bool {
    if c.partial.major().is_none() {
        // `*`: everything (and `>*`, `<*`: nothing, as the shared desugaring says).
        return !matches!(c.op, Op::Gt | Op::Lt);
    }
    match c.op {
        Op::Caret => caret(c, v),
        Op::Bare if c.partial.wildcards == 0 => caret(c, v),
        Op::Bare | Op::Exact => exact(c, v),
        Op::Gt => greater(c, v),
        Op::Ge => exact(c, v) || greater(c, v),
        Op::Lt => less(c, v),
        Op::Le => exact(c, v) || less(c, v),
        Op::Tilde => tilde(c, v),
        // Not produced by the Cargo reader.
        _ => false,
    }
}

/// Whether `v` satisfies a Cargo comparator set.
pub(super) fn matches(alt: &Alt, v: &Version) -> bool {
    if !alt.clauses.iter().all(|c| clause(c, v)) {
        return false;
    }
    !v.is_prerelease()
        || alt.clauses.iter().any(|c| {
            let p = &c.partial;
            p.major() == Some(v.major)
                && p.minor() == Some(v.minor)
                && p.patch() == Some(v.patch)
                && !p.pre.is_empty()
        })
}
