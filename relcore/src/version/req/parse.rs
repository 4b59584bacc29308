//! The three dialects' grammars, read into alternatives of primitive conditions.

use std::ops::Range;

use super::{
    Alt, Clause, Gate, Op, Partial, Pred, RequirementError, RequirementErrorKind as K,
    WorkspaceProtocol,
};
use crate::version::{BuildMetadata, Prerelease, Version};

type Result<T> = std::result::Result<T, RequirementError>;

const WILDCARDS: [char; 3] = ['*', 'x', 'X'];

fn is_ws(b: u8) -> bool {
    b == b' ' || b == b'\t' || b == b'\n' || b == b'\r'
}

fn err(kind: K, input: &str, at: usize, message: impl Into<String>) -> RequirementError {
    RequirementError::new(kind, input, at, message)
}

/// `major.minor.patch` with a pre-release of `0`: the lowest version of that triple.
fn floor(major: u64, minor: u64, patch: u64) -> Version {
    let mut v = Version::new(major, minor, patch);
    v.pre = Prerelease::new("0").unwrap_or_default();
    v
}

fn char_at(input: &str, at: usize) -> char {
    input
        .get(at..)
        .and_then(|s| s.chars().next())
        .unwrap_or('?')
}

/// Reads a Cargo/npm version token (`1`, `1.2`, `1.x`, `1.2.3-rc.1+b`, `v1.2`, `*`).
/// `input` is the whole requirement, `span` the token's bytes in it.
#[allow(clippy::too_many_lines)] // one grammar, read top to bottom
fn partial(input: &str, span: Range<usize>, allow_v: bool) -> Result<Partial> {
    let tok = input.get(span.clone()).unwrap_or_default();
    let base = span.start;
    let bytes = tok.as_bytes();
    let mut i = 0;
    let mut p = Partial {
        parts: Vec::new(),
        wildcards: 0,
        wildcard_char: '*',
        pre: Prerelease::EMPTY,
        v_prefix: false,
    };
    if allow_v && matches!(bytes.first(), Some(b'v' | b'V')) {
        p.v_prefix = true;
        i = 1;
    }
    loop {
        let start = i;
        match bytes.get(i) {
            None => {
                return Err(err(
                    K::UnexpectedEnd,
                    input,
                    base + i,
                    "unexpected end of a version, expected a number or a wildcard",
                ));
            }
            Some(&c) if WILDCARDS.contains(&char::from(c)) => {
                p.wildcards += 1;
                p.wildcard_char = char::from(c);
                i += 1;
            }
            Some(c) if c.is_ascii_digit() => {
                if p.wildcards > 0 {
                    return Err(err(
                        K::MisplacedWildcard,
                        input,
                        base + i,
                        "a number cannot follow a wildcard",
                    ));
                }
                while bytes.get(i).is_some_and(u8::is_ascii_digit) {
                    i += 1;
                }
                let digits = tok.get(start..i).unwrap_or_default();
                if digits.len() > 1 && digits.starts_with('0') {
                    return Err(err(
                        K::InvalidVersion,
                        input,
                        base + start,
                        "invalid leading zero in a version number",
                    ));
                }
                let n = digits.parse::<u64>().map_err(|_| {
                    err(
                        K::InvalidVersion,
                        input,
                        base + start,
                        format!("version number is larger than {}", u64::MAX),
                    )
                })?;
                p.parts.push(n);
            }
            Some(_) => {
                return Err(err(
                    K::UnexpectedCharacter,
                    input,
                    base + i,
                    format!(
                        "unexpected character {:?} in a version, expected a number or a wildcard",
                        char_at(tok, i)
                    ),
                ));
            }
        }
        let count = p.parts.len() + p.wildcards;
        match bytes.get(i) {
            Some(b'.') if count < 3 => i += 1,
            None => return Ok(p),
            Some(b'-' | b'+') if p.wildcards > 0 => {
                return Err(err(
                    K::MisplacedWildcard,
                    input,
                    base + i,
                    "a wildcard version cannot have a pre-release or build metadata",
                ));
            }
            Some(b'-' | b'+') if count == 3 => {
                if p.wildcards > 0 {
                    return Err(err(
                        K::MisplacedWildcard,
                        input,
                        base + i,
                        "a wildcard version cannot have a pre-release or build metadata",
                    ));
                }
                let rest = tok.get(i..).unwrap_or_default();
                let (pre, build) = match rest.find('+') {
                    Some(plus) => (
                        rest.get(..plus).unwrap_or_default(),
                        rest.get(plus + 1..).unwrap_or_default(),
                    ),
                    None => (rest, ""),
                };
                let pre = pre.strip_prefix('-').unwrap_or(pre);
                let pre_at = base + i + 1;
                p.pre = Prerelease::new(pre).map_err(|e| {
                    err(
                        K::InvalidVersion,
                        input,
                        pre_at + e.offset(),
                        format!("invalid pre-release: {}", e.kind().as_str()),
                    )
                })?;
                if rest.starts_with('-') && pre.is_empty() {
                    return Err(err(K::InvalidVersion, input, pre_at, "empty pre-release"));
                }
                if rest.contains('+') {
                    let build_at = base + i + rest.find('+').unwrap_or(0) + 1;
                    BuildMetadata::new(build).map_err(|e| {
                        err(
                            K::InvalidVersion,
                            input,
                            build_at + e.offset(),
                            format!("invalid build metadata: {}", e.kind().as_str()),
                        )
                    })?;
                    if build.is_empty() {
                        return Err(err(
                            K::InvalidVersion,
                            input,
                            build_at,
                            "empty build metadata",
                        ));
                    }
                }
                return Ok(p);
            }
            Some(_) => {
                return Err(err(
                    K::UnexpectedCharacter,
                    input,
                    base + i,
                    format!("unexpected character {:?} in a version", char_at(tok, i)),
                ));
            }
        }
    }
}

/// The conditions of `op partial` under Cargo's and node-semver's shared desugaring.
fn desugar(op: Op, p: &Partial, cargo: bool) -> Vec<Pred> {
    let none = || vec![Pred::Lt(floor(0, 0, 0))];
    let Some(ma) = p.major() else {
        // `*`, `x`: everything, except `>*` and `<*` which nothing satisfies.
        return match op {
            Op::Gt | Op::Lt => none(),
            _ => Vec::new(),
        };
    };
    let next_major = || ma.checked_add(1).map(|m| floor(m, 0, 0));
    let upper = |v: Option<Version>| v.map(Pred::Lt).into_iter();
    let full = || {
        let mut v = Version::new(ma, p.minor().unwrap_or(0), p.patch().unwrap_or(0));
        v.pre = p.pre.clone();
        v
    };
    let (mi, pa) = (p.minor(), p.patch());
    // The x-range `M`, `M.m`: [M.m.0, next).
    let xrange = || {
        let mut out = vec![Pred::Ge(full())];
        match mi {
            None => out.extend(upper(next_major())),
            Some(m) => out.extend(upper(m.checked_add(1).map(|m| floor(ma, m, 0)))),
        }
        out
    };
    match op {
        Op::Bare if cargo && p.wildcards == 0 => desugar(Op::Caret, p, cargo),
        Op::Bare | Op::Exact if pa.is_some() => vec![Pred::Ge(full()), Pred::Le(full())],
        Op::Bare | Op::Exact => xrange(),
        Op::Caret => {
            let mut out = vec![Pred::Ge(full())];
            let hi = match (ma, mi, pa) {
                (0, Some(0), Some(pa)) => pa.checked_add(1).map(|p| floor(0, 0, p)),
                (0, Some(m), _) => m.checked_add(1).map(|m| floor(0, m, 0)),
                // `^0` and `^M...` with M > 0: up to the next major.
                _ => next_major(),
            };
            out.extend(upper(hi));
            out
        }
        Op::Tilde => {
            let mut out = vec![Pred::Ge(full())];
            let hi = match mi {
                None => next_major(),
                Some(m) => m.checked_add(1).map(|m| floor(ma, m, 0)),
            };
            out.extend(upper(hi));
            out
        }
        Op::Gt => match (mi, pa) {
            (Some(_), Some(_)) => vec![Pred::Gt(full())],
            (Some(m), None) => m
                .checked_add(1)
                .map_or_else(none, |m| vec![Pred::Ge(Version::new(ma, m, 0))]),
            (None, _) => ma
                .checked_add(1)
                .map_or_else(none, |m| vec![Pred::Ge(Version::new(m, 0, 0))]),
        },
        Op::Ge | Op::HyphenLow => vec![Pred::Ge(full())],
        Op::Lt => {
            if pa.is_some() {
                vec![Pred::Lt(full())]
            } else {
                vec![Pred::Lt(floor(ma, mi.unwrap_or(0), 0))]
            }
        }
        Op::Le | Op::HyphenHigh => match (mi, pa) {
            (Some(_), Some(_)) => vec![Pred::Le(full())],
            (Some(m), None) => upper(m.checked_add(1).map(|m| floor(ma, m, 0))).collect(),
            (None, _) => upper(next_major()).collect(),
        },
        // Not produced by the Cargo and npm readers.
        Op::Ne | Op::Compatible | Op::Arbitrary => Vec::new(),
    }
}

/// The pre-release rule of a Cargo or npm set: the triples its clauses name with a
/// pre-release.
fn tuple_gate(clauses: &[Clause]) -> Gate {
    Gate::Tuples(
        clauses
            .iter()
            .filter(|c| !c.partial.pre.is_empty())
            .map(|c| {
                let p = &c.partial;
                (
                    p.major().unwrap_or(0),
                    p.minor().unwrap_or(0),
                    p.patch().unwrap_or(0),
                )
            })
            .collect(),
    )
}

/// Reads an operator at `at` from the list (longest first), returning it and its length.
fn operator(input: &str, at: usize, ops: &[(&str, Op)]) -> (Option<Op>, usize) {
    let rest = input.get(at..).unwrap_or_default();
    for (text, op) in ops {
        if rest.starts_with(text) {
            return (Some(*op), text.len());
        }
    }
    (None, 0)
}

fn skip_ws(input: &str, mut at: usize, end: usize) -> usize {
    let bytes = input.as_bytes();
    while at < end && bytes.get(at).copied().is_some_and(is_ws) {
        at += 1;
    }
    at
}

fn token_end(input: &str, mut at: usize, end: usize, stop: &[u8]) -> usize {
    let bytes = input.as_bytes();
    while at < end
        && bytes
            .get(at)
            .copied()
            .is_some_and(|b| !is_ws(b) && !stop.contains(&b))
    {
        at += 1;
    }
    at
}

const CARGO_OPS: [(&str, Op); 7] = [
    (">=", Op::Ge),
    ("<=", Op::Le),
    (">", Op::Gt),
    ("<", Op::Lt),
    ("=", Op::Exact),
    ("~", Op::Tilde),
    ("^", Op::Caret),
];

/// Cargo: comparators separated by commas.
pub(super) fn cargo(input: &str) -> Result<Vec<Alt>> {
    let end = input.len();
    let mut clauses = Vec::new();
    let mut at = skip_ws(input, 0, end);
    if at == end {
        return Err(err(
            K::EmptyRequirement,
            input,
            at,
            "empty requirement, expected a version such as `1.2` or `*`",
        )
        .with_hint("write `*` to accept any version"));
    }
    loop {
        at = skip_ws(input, at, end);
        if at == end {
            return Err(err(
                K::EmptyRequirement,
                input,
                at,
                "expected a comparator after `,`",
            ));
        }
        let op_start = at;
        let (op, len) = operator(input, at, &CARGO_OPS);
        if input
            .get(at..)
            .is_some_and(|r| r.starts_with("=>") || r.starts_with("=<"))
        {
            return Err(err(
                K::UnknownOperator,
                input,
                at,
                "unknown operator, expected one of `=`, `>`, `>=`, `<`, `<=`, `~`, `^`",
            )
            .with_hint("write `>=` or `<=`"));
        }
        at += len;
        let op_span = op_start..at;
        at = skip_ws(input, at, end);
        let tok_end = token_end(input, at, end, b",");
        if tok_end == at {
            return Err(err(
                K::UnexpectedEnd,
                input,
                at,
                "expected a version after the operator",
            ));
        }
        let p = partial(input, at..tok_end, false)?;
        clauses.push(Clause {
            op: op.unwrap_or(Op::Bare),
            op_span,
            span: at..tok_end,
            partial: p,
        });
        at = skip_ws(input, tok_end, end);
        match input.as_bytes().get(at) {
            None => break,
            Some(b',') => at += 1,
            Some(_) => {
                return Err(err(
                    K::UnexpectedCharacter,
                    input,
                    at,
                    format!(
                        "unexpected character {:?}, expected `,` between comparators",
                        char_at(input, at)
                    ),
                )
                .with_hint("Cargo separates comparators with commas: `>=1.2, <2`"));
            }
        }
    }
    let preds = clauses
        .iter()
        .flat_map(|c| desugar(c.op, &c.partial, true))
        .collect();
    Ok(vec![Alt {
        preds,
        gate: tuple_gate(&clauses),
        clauses,
        span: 0..end,
    }])
}

const NPM_OPS: [(&str, Op); 8] = [
    (">=", Op::Ge),
    ("<=", Op::Le),
    ("~>", Op::Tilde),
    (">", Op::Gt),
    ("<", Op::Lt),
    ("=", Op::Exact),
    ("~", Op::Tilde),
    ("^", Op::Caret),
];

/// npm: `workspace:` protocol, or alternatives separated by `||`.
pub(super) fn npm(input: &str) -> Result<(Option<WorkspaceProtocol>, Vec<Alt>)> {
    let mut start = 0;
    if let Some(rest) = input.strip_prefix("workspace:") {
        let protocol = match rest.trim() {
            "" | "*" => Some(WorkspaceProtocol::Star),
            "^" => Some(WorkspaceProtocol::Caret),
            "~" => Some(WorkspaceProtocol::Tilde),
            _ => None,
        };
        if protocol.is_some() {
            return Ok((protocol, Vec::new()));
        }
        start = "workspace:".len();
    }
    let mut alts = Vec::new();
    let mut at = start;
    loop {
        let end = input
            .get(at..)
            .and_then(|r| r.find("||"))
            .map_or(input.len(), |i| at + i);
        alts.push(npm_set(input, at..end)?);
        if end == input.len() {
            break;
        }
        at = end + 2;
    }
    // node-semver: when one alternative is a lone `*` (or `>=0.0.0`), the whole range is
    // that one, so `>=0 || 1.2.3-alpha.1` admits no pre-release.
    let any = |a: &Alt| {
        a.clauses.len() == 1 && (a.preds.is_empty() || a.preds == [Pred::Ge(Version::new(0, 0, 0))])
    };
    if alts.len() > 1
        && let Some(i) = alts.iter().position(any)
    {
        alts = alts.into_iter().skip(i).take(1).collect();
    }
    Ok((None, alts))
}

/// One npm comparator set: a hyphen range or space-separated comparators.
fn npm_set(input: &str, span: Range<usize>) -> Result<Alt> {
    let end = span.end;
    let mut at = span.start;
    let mut clauses: Vec<Clause> = Vec::new();
    let mut hyphen_at = None;
    loop {
        at = skip_ws(input, at, end);
        if at >= end {
            break;
        }
        let op_start = at;
        if input
            .get(at..)
            .is_some_and(|r| r.starts_with("- ") || r.starts_with("-\t"))
            || (input.get(at..end) == Some("-"))
        {
            if hyphen_at.is_some()
                || clauses.len() != 1
                || clauses.first().is_some_and(|c| c.op != Op::Bare)
            {
                return Err(err(
                    K::UnexpectedCharacter,
                    input,
                    at,
                    "a hyphen range is `A - B`, with one bare version on each side",
                ));
            }
            hyphen_at = Some(at);
            at += 1;
            continue;
        }
        let (op, len) = operator(input, at, &NPM_OPS);
        if input
            .get(at..)
            .is_some_and(|r| r.starts_with("~=") || r.starts_with("=>") || r.starts_with("=="))
        {
            return Err(err(
                K::UnknownOperator,
                input,
                at,
                "unknown operator, expected one of `<`, `<=`, `>`, `>=`, `=`, `~`, `^`",
            ));
        }
        at += len;
        let op_span = op_start..at;
        at = skip_ws(input, at, end);
        let tok_end = token_end(input, at, end, b"");
        if tok_end == at {
            return Err(err(
                K::UnexpectedEnd,
                input,
                at,
                "expected a version after the operator",
            ));
        }
        let p = partial(input, at..tok_end, true)?;
        clauses.push(Clause {
            op: op.unwrap_or(Op::Bare),
            op_span,
            span: at..tok_end,
            partial: p,
        });
        at = tok_end;
    }
    if let Some(h) = hyphen_at {
        if clauses.len() != 2 || clauses.get(1).is_some_and(|c| c.op != Op::Bare) {
            let at = clauses.get(1).map_or(end, |c| c.op_span.start);
            return Err(err(
                if clauses.len() < 2 {
                    K::UnexpectedEnd
                } else {
                    K::UnexpectedCharacter
                },
                input,
                if clauses.len() < 2 {
                    end.max(h + 1)
                } else {
                    at
                },
                "a hyphen range is `A - B`, with one bare version on each side",
            ));
        }
        if let [low, high] = clauses.as_mut_slice() {
            low.op = Op::HyphenLow;
            high.op = Op::HyphenHigh;
        }
    }
    let preds = clauses
        .iter()
        .flat_map(|c| desugar(c.op, &c.partial, false))
        .collect();
    Ok(Alt {
        preds,
        gate: tuple_gate(&clauses),
        clauses,
        span,
    })
}

const PEP_OPS: [(&str, Op); 8] = [
    ("===", Op::Arbitrary),
    ("~=", Op::Compatible),
    ("==", Op::Exact),
    ("!=", Op::Ne),
    ("<=", Op::Le),
    (">=", Op::Ge),
    ("<", Op::Lt),
    (">", Op::Gt),
];

/// PEP 440: specifiers separated by commas.
#[allow(clippy::too_many_lines)] // one grammar, read top to bottom
pub(super) fn pep440(input: &str) -> Result<Vec<Alt>> {
    let end = input.len();
    let mut at = skip_ws(input, 0, end);
    if at == end {
        return Err(err(
            K::EmptyRequirement,
            input,
            at,
            "empty specifier, expected one such as `>=1.2`",
        ));
    }
    let mut clauses = Vec::new();
    let mut preds = Vec::new();
    loop {
        at = skip_ws(input, at, end);
        if at == end {
            return Err(err(
                K::EmptyRequirement,
                input,
                at,
                "expected a specifier after `,`",
            ));
        }
        let op_start = at;
        let (op, len) = operator(input, at, &PEP_OPS);
        let Some(op) = op else {
            let c = char_at(input, at);
            let e = if matches!(c, '^' | '~' | '=') || c.is_ascii_digit() {
                err(
                    K::UnknownOperator,
                    input,
                    at,
                    "expected an operator: one of `~=`, `==`, `!=`, `<=`, `>=`, `<`, `>`, `===`",
                )
                .with_hint("PEP 440 has no `^`; `~=1.2` admits 1.2 and later 1.x")
            } else {
                err(
                    K::UnexpectedCharacter,
                    input,
                    at,
                    format!("unexpected character {c:?}, expected an operator"),
                )
            };
            return Err(e);
        };
        at += len;
        let op_span = op_start..at;
        at = skip_ws(input, at, end);
        let tok_end = token_end(input, at, end, b",");
        if tok_end == at {
            return Err(err(
                K::UnexpectedEnd,
                input,
                at,
                "expected a version after the operator",
            ));
        }
        let p = pep_version(input, at..tok_end, matches!(op, Op::Exact | Op::Ne))?;
        if op == Op::Compatible && p.parts.len() < 2 {
            return Err(err(
                K::InvalidCompatibleRelease,
                input,
                at,
                "`~=` needs a version with at least two numbers",
            )
            .with_hint("write `~=1.0` for 1.0 and later 1.x"));
        }
        preds.extend(pep_desugar(op, &p));
        clauses.push(Clause {
            op,
            op_span,
            span: at..tok_end,
            partial: p,
        });
        at = skip_ws(input, tok_end, end);
        match input.as_bytes().get(at) {
            None => break,
            Some(b',') => at += 1,
            Some(_) => {
                return Err(err(
                    K::UnexpectedCharacter,
                    input,
                    at,
                    format!(
                        "unexpected character {:?}, expected `,` between specifiers",
                        char_at(input, at)
                    ),
                ));
            }
        }
    }
    // packaging's rule: `==`, `>=`, `<=`, `~=` and `===` naming a pre-release admit
    // pre-releases; `<`, `>` and `!=` do not.
    let gate = if clauses.iter().any(|c| {
        !c.partial.pre.is_empty()
            && matches!(
                c.op,
                Op::Exact | Op::Ge | Op::Le | Op::Compatible | Op::Arbitrary
            )
    }) {
        Gate::Any
    } else {
        Gate::Tuples(Vec::new())
    };
    Ok(vec![Alt {
        preds,
        gate,
        clauses,
        span: 0..end,
    }])
}

fn pep_desugar(op: Op, p: &Partial) -> Vec<Pred> {
    let parts = |i: usize| p.parts.get(i).copied().unwrap_or(0);
    let mut v = Version::new(parts(0), parts(1), parts(2));
    v.pre = p.pre.clone();
    // The prefix `1.2.*` as [1.2.0-0, 1.3.0-0).
    let prefix = || {
        let lo = floor(parts(0), parts(1), parts(2));
        let hi = match p.parts.len() {
            1 => parts(0).checked_add(1).map(|m| floor(m, 0, 0)),
            2 => parts(1).checked_add(1).map(|m| floor(parts(0), m, 0)),
            _ => parts(2)
                .checked_add(1)
                .map(|n| floor(parts(0), parts(1), n)),
        };
        (lo, hi)
    };
    match op {
        Op::Exact if p.wildcards > 0 => {
            let (lo, hi) = prefix();
            let mut out = vec![Pred::Ge(lo)];
            out.extend(hi.map(Pred::Lt));
            out
        }
        Op::Ne if p.wildcards > 0 => {
            let (lo, hi) = prefix();
            match hi {
                Some(hi) => vec![Pred::Outside(lo, hi)],
                None => vec![Pred::Lt(lo)],
            }
        }
        Op::Exact | Op::Arbitrary => vec![Pred::Ge(v.clone()), Pred::Le(v)],
        Op::Ne => vec![Pred::Ne(v)],
        Op::Ge => vec![Pred::Ge(v)],
        Op::Gt => vec![Pred::Gt(v)],
        Op::Le => vec![Pred::Le(v)],
        Op::Lt if v.is_prerelease() => vec![Pred::Lt(v)],
        Op::Lt => vec![Pred::Lt(floor(v.major, v.minor, v.patch))],
        Op::Compatible => {
            let mut out = vec![Pred::Ge(v)];
            let n = p.parts.len();
            // Drop the last number and raise the one before it.
            let hi = if n == 2 {
                parts(0).checked_add(1).map(|m| floor(m, 0, 0))
            } else {
                parts(1).checked_add(1).map(|m| floor(parts(0), m, 0))
            };
            out.extend(hi.map(Pred::Lt));
            out
        }
        _ => Vec::new(),
    }
}

/// A PEP 440 version as relcore can represent it: one to three numbers, an optional
/// pre-release (`a`, `b`, `rc` and their spellings), and `.*` where the operator allows
/// it.
#[allow(clippy::too_many_lines, clippy::many_single_char_names)] // one grammar, read top to bottom
fn pep_version(input: &str, span: Range<usize>, wildcard_ok: bool) -> Result<Partial> {
    let tok = input.get(span.clone()).unwrap_or_default();
    let base = span.start;
    let lower = tok.to_ascii_lowercase();
    let b = lower.as_bytes();
    let mut i = 0;
    let mut p = Partial {
        parts: Vec::new(),
        wildcards: 0,
        wildcard_char: '*',
        pre: Prerelease::EMPTY,
        v_prefix: false,
    };
    let unsupported = |at: usize, what: &str| {
        err(
            K::UnsupportedVersion,
            input,
            base + at,
            format!("unsupported PEP 440 version: {what}"),
        )
    };
    if b.first() == Some(&b'v') {
        p.v_prefix = true;
        i = 1;
    }
    loop {
        let start = i;
        if b.get(i) == Some(&b'*') {
            if !wildcard_ok {
                return Err(err(
                    K::MisplacedWildcard,
                    input,
                    base + i,
                    "`.*` is only allowed with `==` and `!=`",
                ));
            }
            if p.parts.is_empty() {
                return Err(err(
                    K::MisplacedWildcard,
                    input,
                    base + i,
                    "`.*` must follow at least one number",
                ));
            }
            p.wildcards = 1;
            i += 1;
            if i < b.len() {
                return Err(err(
                    K::MisplacedWildcard,
                    input,
                    base + i,
                    "nothing may follow `.*`",
                ));
            }
            return Ok(p);
        }
        while b.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
        if i == start {
            return Err(if i == b.len() {
                err(K::UnexpectedEnd, input, base + i, "expected a number")
            } else {
                err(
                    K::UnexpectedCharacter,
                    input,
                    base + i,
                    format!(
                        "unexpected character {:?}, expected a number",
                        char_at(tok, i)
                    ),
                )
            });
        }
        if b.get(i) == Some(&b'!') {
            return Err(unsupported(start, "epochs have no SemVer equivalent"));
        }
        // PEP 440 allows leading zeros (`01` is `1`).
        let digits = lower.get(start..i).unwrap_or_default();
        let n = digits.parse::<u64>().map_err(|_| {
            err(
                K::InvalidVersion,
                input,
                base + start,
                format!("version number is larger than {}", u64::MAX),
            )
        })?;
        if p.parts.len() == 3 {
            return Err(unsupported(start, "more than three release numbers"));
        }
        p.parts.push(n);
        if b.get(i) == Some(&b'.')
            && b.get(i + 1)
                .is_some_and(|c| c.is_ascii_digit() || *c == b'*')
        {
            i += 1;
            continue;
        }
        break;
    }
    // Pre-release: [.-_]?(a|b|c|rc|alpha|beta|pre|preview)[.-_]?N
    let rest = lower.get(i..).unwrap_or_default();
    if rest.is_empty() {
        return Ok(p);
    }
    let sep = usize::from(rest.starts_with(['.', '-', '_']));
    let word_start = i + sep;
    let after = lower.get(word_start..).unwrap_or_default();
    for (spelling, canonical) in [
        ("preview", "rc"),
        ("alpha", "a"),
        ("beta", "b"),
        ("pre", "rc"),
        ("rc", "rc"),
        ("a", "a"),
        ("b", "b"),
        ("c", "rc"),
    ] {
        if let Some(tail) = after.strip_prefix(spelling) {
            let mut j = word_start + spelling.len();
            let tail_sep = usize::from(tail.starts_with(['.', '-', '_']));
            j += tail_sep;
            let num_start = j;
            while b.get(j).is_some_and(u8::is_ascii_digit) {
                j += 1;
            }
            let n: u64 = if num_start == j {
                0
            } else {
                lower
                    .get(num_start..j)
                    .unwrap_or_default()
                    .parse()
                    .map_err(|_| {
                        err(
                            K::InvalidVersion,
                            input,
                            base + num_start,
                            "pre-release number too large",
                        )
                    })?
            };
            p.pre = Prerelease::new(&format!("{canonical}.{n}")).unwrap_or_default();
            i = j;
            break;
        }
    }
    let rest = lower.get(i..).unwrap_or_default();
    if rest.is_empty() {
        return Ok(p);
    }
    let body = rest.trim_start_matches(['.', '-', '_']);
    Err(
        if body.starts_with("post")
            || body.starts_with("rev")
            || body.starts_with('r')
            || rest.starts_with('-') && body.starts_with(|c: char| c.is_ascii_digit())
        {
            unsupported(i, "post-releases have no SemVer equivalent")
        } else if body.starts_with("dev") {
            unsupported(i, "dev releases have no SemVer equivalent")
        } else if rest.starts_with('+') {
            unsupported(i, "local version labels have no SemVer equivalent")
        } else if rest.starts_with(".*") {
            err(
                K::MisplacedWildcard,
                input,
                base + i,
                if wildcard_ok {
                    "`.*` cannot follow a pre-release"
                } else {
                    "`.*` is only allowed with `==` and `!=`"
                },
            )
        } else {
            err(
                K::UnexpectedCharacter,
                input,
                base + i,
                format!("unexpected character {:?} in a version", char_at(tok, i)),
            )
        },
    )
}
