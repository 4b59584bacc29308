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
        let repository = if repo.is_empty() {
            None
        } else {
            let (owner, name) = repo.split_once('/')?;
            Some(repository_name(owner, name)?)
        };
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
            repository: Some(repository_name(owner, repo)?),
            number: number.parse().ok()?,
        }),
        _ => None,
    }
}

/// `owner/repo` when both are names a forge allows (letters, digits, `.`, `_`, `-`): a
/// reference is turned into a link, so anything else (a NUL, a parenthesis, a second
/// slash) is not a reference.
fn repository_name(owner: &str, repo: &str) -> Option<String> {
    let name = |s: &str| {
        !s.is_empty()
            && s != "."
            && s != ".."
            && s.bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'))
    };
    (name(owner) && name(repo)).then(|| format!("{owner}/{repo}"))
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
        // Found by fuzzing: a repository part that is no repository name is no reference.
        for bad in [
            ":fE\0eat:/.#7",
            "a/b/c#1",
            "a/(x)#2",
            "./..#3",
            "https://h/o/r)/issues/4",
        ] {
            assert!(
                parse_list(ReferenceKind::Closes, ":", bad).is_empty(),
                "{bad:?}"
            );
        }
        assert!(parse_list(ReferenceKind::Refs, ":", "the docs").is_empty());
    }
}

/// The first security advisory a commit names anywhere (header, body or footers): a CVE id
/// (`CVE-2024-12345`, upper-cased) or a GitHub advisory id (`GHSA-xxxx-xxxx-xxxx`, its
/// three groups lower-cased).
pub(crate) fn advisory(commit: &super::Commit) -> Option<String> {
    std::iter::once(commit.header.as_str())
        .chain(commit.body.as_deref())
        .chain(commit.footers.iter().map(|f| f.value.as_str()))
        .flat_map(|text| text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '-')))
        .find_map(advisory_id)
}

/// `CVE-YYYY-NNNN…` or `GHSA-xxxx-xxxx-xxxx` (any case), normalised.
fn advisory_id(word: &str) -> Option<String> {
    let (prefix, rest) = word.split_once('-')?;
    if prefix.eq_ignore_ascii_case("cve") {
        let (year, number) = rest.split_once('-')?;
        let digits = |s: &str, min| s.len() >= min && s.bytes().all(|c| c.is_ascii_digit());
        (digits(year, 4) && digits(number, 4)).then(|| format!("CVE-{year}-{number}"))
    } else if prefix.eq_ignore_ascii_case("ghsa") {
        let groups: Vec<&str> = rest.split('-').collect();
        let ok = groups.len() == 3
            && groups
                .iter()
                .all(|g| g.len() == 4 && g.bytes().all(|c| c.is_ascii_alphanumeric()));
        ok.then(|| format!("GHSA-{}", rest.to_ascii_lowercase()))
    } else {
        None
    }
}

#[cfg(test)]
mod advisory_tests {
    use super::advisory;
    use crate::commit::Commit;

    #[test]
    fn advisories_anywhere_in_the_message() {
        let found = |m: &str| advisory(&Commit::parse(m));
        assert_eq!(
            found("fix: x\n\nSecurity: CVE-2025-12345").as_deref(),
            Some("CVE-2025-12345")
        );
        assert_eq!(
            found("fix(auth): reject forged tokens (cve-2024-3094)").as_deref(),
            Some("CVE-2024-3094")
        );
        assert_eq!(
            found("fix: escape names\n\nSee GHSA-4CXR-2VPM-8QX7 for details.").as_deref(),
            Some("GHSA-4cxr-2vpm-8qx7")
        );
        assert_eq!(found("fix: x\n\nRefs: GHSA-4cxr-2vpm"), None);
        assert_eq!(found("fix: CVE-24-1"), None);
        assert_eq!(found("feat: add CVE-lookup"), None);
        assert_eq!(found("chore: bump"), None);
    }
}
