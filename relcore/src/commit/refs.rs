//! References to issues and pull requests: `(#234)` header suffixes and footers such as
//! `Closes #12`, `Fixes: owner/repo#3, #4` or `Refs: https://github.com/o/r/issues/5`.

use super::{Reference, ReferenceKind};

/// Splits a trailing ` (#234)` off a description.
pub(crate) fn pull_request_suffix(description: &str) -> Option<(&str, u64)> {
    let inner = description.strip_suffix(')')?;
    let open = inner.rfind("(#")?;
    let number = inner.get(open + 2..)?.parse().ok()?;
    let rest = inner.get(..open)?.trim_end();
    (!rest.is_empty()).then_some((rest, number))
}

/// The kind of reference a footer token introduces, if any.
pub(crate) fn footer_kind(token: &str) -> Option<ReferenceKind> {
    let is = |words: &[&str]| words.iter().any(|w| token.eq_ignore_ascii_case(w));
    if is(&["close", "closes", "closed"]) {
        Some(ReferenceKind::Closes)
    } else if is(&["fix", "fixes", "fixed"]) {
        Some(ReferenceKind::Fixes)
    } else if is(&["resolve", "resolves", "resolved"]) {
        Some(ReferenceKind::Resolves)
    } else if is(&[
        "ref",
        "refs",
        "references",
        "see",
        "see-also",
        "related",
        "relates-to",
    ]) {
        Some(ReferenceKind::Refs)
    } else {
        None
    }
}

/// Every reference in a footer value. With the ` #` separator the first number has
/// already lost its `#` (`Closes #12` has value `12`).
pub(crate) fn parse_list(kind: ReferenceKind, separator: &str, value: &str) -> Vec<Reference> {
    let mut out = Vec::new();
    for (i, token) in value
        .split(|c: char| c == ',' || c.is_whitespace())
        .filter(|t| !t.is_empty())
        .enumerate()
    {
        let token = token
            .trim_end_matches(['.', ')', ';'])
            .trim_start_matches('(');
        if token.eq_ignore_ascii_case("and") {
            continue;
        }
        let reference = if i == 0 && separator == " #" {
            token.parse().ok().map(|number| Reference {
                kind,
                repository: None,
                number,
            })
        } else {
            one(kind, token)
        };
        out.extend(reference);
    }
    out
}

/// `#12`, `owner/repo#12`, or a GitHub/GitLab issue or pull-request URL.
fn one(kind: ReferenceKind, token: &str) -> Option<Reference> {
    if let Some((repo, number)) = token.split_once('#') {
        let number = number.parse().ok()?;
        let repository = (!repo.is_empty()).then(|| repo.to_owned());
        if repository
            .as_deref()
            .is_some_and(|r| r.matches('/').count() != 1)
        {
            return None;
        }
        return Some(Reference {
            kind,
            repository,
            number,
        });
    }
    let path = token
        .strip_prefix("https://")
        .or_else(|| token.strip_prefix("http://"))?;
    let parts: Vec<&str> = path
        .split('/')
        .filter(|p| !p.is_empty() && *p != "-")
        .collect();
    match parts.as_slice() {
        [
            _,
            owner,
            repo,
            "issues" | "pull" | "pulls" | "merge_requests",
            number,
            ..,
        ] => Some(Reference {
            kind,
            repository: Some(format!("{owner}/{repo}")),
            number: number.parse().ok()?,
        }),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suffix() {
        assert_eq!(pull_request_suffix("add x (#12)"), Some(("add x", 12)));
        assert_eq!(pull_request_suffix("(#12)"), None);
        assert_eq!(pull_request_suffix("add x (#12a)"), None);
    }

    #[test]
    fn lists() {
        let refs = parse_list(
            ReferenceKind::Closes,
            ":",
            "#1, acme/api#2 and https://github.com/o/r/issues/3.",
        );
        let got: Vec<(Option<&str>, u64)> = refs
            .iter()
            .map(|r| (r.repository.as_deref(), r.number))
            .collect();
        assert_eq!(got, [(None, 1), (Some("acme/api"), 2), (Some("o/r"), 3)]);
        assert_eq!(parse_list(ReferenceKind::Fixes, " #", "12").len(), 1);
        assert!(parse_list(ReferenceKind::Refs, ":", "the docs").is_empty());
    }
}
