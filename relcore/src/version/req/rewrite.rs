//! Rewriting a requirement to admit a new version, in the style it was written in.

use std::ops::Range;

use super::{
    Alt, Clause, Dialect, Op, Partial, Requirement, RequirementError, RequirementErrorKind,
};
use crate::version::{Prerelease, Version};

type Edits = Vec<(Range<usize>, String)>;

pub(super) fn cannot(req: &Requirement, version: &Version, why: &str) -> RequirementError {
    RequirementError::new(
        RequirementErrorKind::CannotRewrite,
        req.as_str(),
        0,
        format!("cannot rewrite the requirement to admit {version}: {why}"),
    )
    .with_hint("edit the requirement by hand")
}

/// The requirement with `version` written in; `full` writes every number.
pub(super) fn rewrite(
    req: &Requirement,
    version: &Version,
    full: bool,
) -> Result<String, RequirementError> {
    let text = req.as_str();
    let alts = &req.alts;
    if alts.len() > 1 {
        if let Some(alt) = alts.iter().rev().find(|a| a.matches(version)) {
            let edits = alt_edits(req, alt, version, full)?;
            return Ok(apply(text, 0..text.len(), &edits));
        }
        let Some(last) = alts.last() else {
            return Err(cannot(req, version, "it is empty"));
        };
        let edits = alt_edits(req, last, version, full)?;
        let alt_text = apply(text, last.span.clone(), &edits);
        return Ok(format!("{} || {}", text.trim_end(), alt_text.trim()));
    }
    let Some(alt) = alts.first() else {
        return Err(cannot(req, version, "it is empty"));
    };
    let edits = alt_edits(req, alt, version, full)?;
    Ok(apply(text, 0..text.len(), &edits))
}

/// `text[range]` with the edits (absolute spans inside it) applied.
fn apply(text: &str, range: Range<usize>, edits: &Edits) -> String {
    let mut sorted: Vec<&(Range<usize>, String)> = edits.iter().collect();
    sorted.sort_by_key(|(r, _)| r.start);
    let mut out = String::new();
    let mut cursor = range.start;
    for (r, new) in sorted {
        out.push_str(text.get(cursor..r.start).unwrap_or_default());
        out.push_str(new);
        cursor = r.end;
    }
    out.push_str(text.get(cursor..range.end).unwrap_or_default());
    out
}

fn is_lower(op: Op) -> bool {
    matches!(
        op,
        Op::Bare
            | Op::Caret
            | Op::Tilde
            | Op::Exact
            | Op::Arbitrary
            | Op::Compatible
            | Op::Ge
            | Op::Gt
            | Op::HyphenLow
    )
}

fn is_upper(op: Op) -> bool {
    matches!(op, Op::Lt | Op::Le | Op::HyphenHigh)
}

fn alt_edits(
    req: &Requirement,
    alt: &Alt,
    version: &Version,
    full: bool,
) -> Result<Edits, RequirementError> {
    let lowers: Vec<&Clause> = alt.clauses.iter().filter(|c| is_lower(c.op)).collect();
    let uppers: Vec<&Clause> = alt.clauses.iter().filter(|c| is_upper(c.op)).collect();
    let dialect = req.dialect();
    let lower_edits = |low: &Clause| -> Result<Edits, RequirementError> {
        let mut edits = Vec::new();
        if low.op == Op::Gt {
            edits.push((low.op_span.clone(), ">=".to_owned()));
        }
        let written = written_like(dialect, &low.partial, version, full)
            .ok_or_else(|| cannot(req, version, "its version cannot spell that version"))?;
        edits.push((low.span.clone(), written));
        Ok(edits)
    };
    match (lowers.as_slice(), uppers.as_slice()) {
        ([], []) => Ok(Vec::new()),
        ([low], []) => lower_edits(low),
        ([low], [high]) => {
            let mut edits = lower_edits(low)?;
            if let Some(upper) = shifted_upper(dialect, &low.partial, &high.partial, version, full)
            {
                edits.push((high.span.clone(), upper));
                Ok(edits)
            } else {
                Err(cannot(
                    req,
                    version,
                    "its upper bound cannot be moved along",
                ))
            }
        }
        ([], _) => Err(cannot(
            req,
            version,
            "it only has an upper bound, and raising it is a decision to make by hand",
        )),
        _ => Err(cannot(req, version, "it has several lower or upper bounds")),
    }
}

/// A pre-release as the dialect writes it after the numbers: `-rc.1`, or PEP 440's `rc1`.
fn pre_text(dialect: Dialect, pre: &Prerelease) -> Option<String> {
    if pre.is_empty() {
        return Some(String::new());
    }
    if dialect != Dialect::Pep440 {
        return Some(format!("-{}", pre.as_str()));
    }
    let ids: Vec<&str> = pre.identifiers().collect();
    let (word, n) = match ids.as_slice() {
        [word] => (*word, "0"),
        [word, n] if n.bytes().all(|b| b.is_ascii_digit()) => (*word, *n),
        _ => return None,
    };
    let canonical = match word {
        "a" | "alpha" => "a",
        "b" | "beta" => "b",
        "rc" | "c" | "pre" | "preview" => "rc",
        _ => return None,
    };
    Some(format!("{canonical}{n}"))
}

/// `numbers` written like `like`: its `v`, its count of numbers, its wildcards.
fn spell(dialect: Dialect, like: &Partial, numbers: &[u64], pre: &str) -> String {
    let mut out = String::new();
    if like.v_prefix {
        out.push('v');
    }
    let nums: Vec<String> = numbers.iter().map(u64::to_string).collect();
    out.push_str(&nums.join("."));
    if like.wildcards > 0 {
        if dialect == Dialect::Pep440 {
            out.push_str(".*");
        } else {
            for _ in 0..like.wildcards {
                if !out.is_empty() && !out.ends_with('v') {
                    out.push('.');
                }
                out.push(like.wildcard_char);
            }
        }
    }
    out.push_str(pre);
    out
}

/// `version` written the way `like` was: as many numbers (all three with `full` or a
/// pre-release), the same wildcards and prefix.
fn written_like(dialect: Dialect, like: &Partial, version: &Version, full: bool) -> Option<String> {
    let all = [version.major, version.minor, version.patch];
    if version.is_prerelease() {
        if like.wildcards > 0 {
            return None;
        }
        return Some(spell(
            dialect,
            like,
            &all,
            &pre_text(dialect, &version.pre)?,
        ));
    }
    let count = if full && like.wildcards == 0 {
        3
    } else {
        like.parts.len()
    };
    Some(spell(dialect, like, all.get(..count)?, ""))
}

/// The upper end moved along with the lower: by as much, in the first number where the
/// two ends differ.
fn shifted_upper(
    dialect: Dialect,
    low: &Partial,
    high: &Partial,
    version: &Version,
    full: bool,
) -> Option<String> {
    if high.parts.is_empty() {
        // `1.0.0 - *`: no upper end to move.
        return Some(spell(dialect, high, &[], &pre_text(dialect, &high.pre)?));
    }
    let pad = |p: &Partial| -> [u64; 3] {
        let g = |i: usize| p.parts.get(i).copied().unwrap_or(0);
        [g(0), g(1), g(2)]
    };
    let (l, h) = (pad(low), pad(high));
    let n = [version.major, version.minor, version.patch];
    let Some(k) = (0..3).find(|&i| l.get(i) != h.get(i)) else {
        return written_like(dialect, high, version, full);
    };
    let width = h.get(k)?.checked_sub(*l.get(k)?)?;
    let mut moved = [0u64; 3];
    for i in 0..3 {
        let value = match i.cmp(&k) {
            std::cmp::Ordering::Less => *n.get(i)?,
            std::cmp::Ordering::Equal => n.get(i)?.checked_add(width)?,
            std::cmp::Ordering::Greater => *h.get(i)?,
        };
        *moved.get_mut(i)? = value;
    }
    if k >= high.parts.len() {
        return None;
    }
    Some(spell(
        dialect,
        high,
        moved.get(..high.parts.len())?,
        &pre_text(dialect, &high.pre)?,
    ))
}
