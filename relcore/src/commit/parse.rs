//! From a message to a [`Commit`]: `git-conventional` for the grammar, plus the things
//! real histories contain that the grammar does not cover (squash-merge suffixes, git's
//! revert and merge subjects, Dependabot and Renovate subjects, a missing blank line).

use std::borrow::Cow;

use git_conventional::ErrorKind;

use super::{Commit, Footer, Person, Revert, deps, refs};

/// Parses `message` into a commit; see [`Commit::parse`].
pub(crate) fn parse(message: &str) -> Commit {
    let text = normalize(message);
    let header_line = text.split('\n').next().unwrap_or_default().trim_end();
    let mut commit = Commit {
        header: header_line.to_owned(),
        ..Commit::default()
    };
    let rest = || text.split_once('\n').map_or("", |(_, rest)| rest).trim();
    match git_conventional::Commit::parse(&text) {
        Ok(cc) => {
            fill_header(&mut commit, &cc);
            commit.body = cc.body().map(str::to_owned);
            commit.footers = cc
                .footers()
                .iter()
                .map(|f| Footer {
                    token: f.token().as_str().to_owned(),
                    separator: Cow::Borrowed(f.separator().as_str()),
                    value: dedent(f.value()),
                })
                .collect();
            commit.breaking_note = commit
                .footers
                .iter()
                .find(|f| f.token == "BREAKING CHANGE" || f.token == "BREAKING-CHANGE")
                .map(|f| f.value.clone());
        }
        // A conventional header over a body the grammar rejects (typically a missing blank
        // line): keep what the header says, and the rest as body. Only worth a second parse
        // when the grammar got past the header.
        Err(e)
            if matches!(
                e.kind(),
                ErrorKind::InvalidBody | ErrorKind::InvalidFooter | ErrorKind::InvalidFormat
            ) && git_conventional::Commit::parse(header_line).is_ok() =>
        {
            if let Ok(cc) = git_conventional::Commit::parse(header_line) {
                fill_header(&mut commit, &cc);
            }
            commit.body = Some(rest().to_owned()).filter(|b| !b.is_empty());
        }
        Err(_) => {
            commit.description.clone_from(&commit.header);
            if let Some(inner) = git_revert_subject(&commit.header) {
                commit.r#type = Some(Cow::Borrowed("revert"));
                commit.revert_of = Some(Revert {
                    id: None,
                    header: Some(inner.to_owned()),
                });
            }
            commit.body = Some(rest().to_owned()).filter(|b| !b.is_empty());
        }
    }

    if let Some((description, number)) = refs::pull_request_suffix(&commit.description) {
        commit.description = description.to_owned();
        commit.references.push(super::Reference {
            kind: super::ReferenceKind::PullRequest,
            repository: None,
            number,
        });
    }
    for footer in &commit.footers {
        if let Some(kind) = refs::footer_kind(&footer.token) {
            commit
                .references
                .extend(refs::parse_list(kind, &footer.separator, &footer.value));
        } else if footer.token.eq_ignore_ascii_case("co-authored-by") {
            commit.co_authors.push(Person::parse(&footer.value));
        }
    }
    if commit.r#type.as_deref() == Some("revert") {
        let revert = commit.revert_of.get_or_insert_with(|| Revert {
            id: None,
            header: Some(commit.description.clone()),
        });
        revert.id = commit
            .body
            .as_deref()
            .and_then(reverted_id)
            .or_else(|| commit.footers.iter().find_map(|f| refs_commit_id(f)))
            .map(str::to_owned);
    }
    commit.merge = is_merge_subject(&commit.header);
    commit.dependency = deps::dependency(&commit);
    commit
}

fn fill_header(commit: &mut Commit, cc: &git_conventional::Commit<'_>) {
    commit.r#type = Some(type_name(cc.type_().as_str()));
    commit.scope = cc.scope().map(|s| s.as_str().to_owned());
    commit.breaking = cc.breaking();
    cc.description()
        .trim_end()
        .clone_into(&mut commit.description);
}

/// The types held without an allocation.
pub(crate) const KNOWN_TYPES: [&str; 12] = [
    "feat", "fix", "chore", "docs", "refactor", "perf", "test", "ci", "build", "style", "revert",
    "deps",
];

/// The lower-cased type; the common ones without an allocation.
fn type_name(ty: &str) -> Cow<'static, str> {
    KNOWN_TYPES
        .iter()
        .find(|k| ty.eq_ignore_ascii_case(k))
        .map_or_else(
            || Cow::Owned(ty.to_ascii_lowercase()),
            |k| Cow::Borrowed(*k),
        )
}

/// CRLF (and lone CR) as LF, leading blank lines and trailing whitespace removed.
fn normalize(message: &str) -> Cow<'_, str> {
    let trim = |t: &str| -> (usize, usize) {
        let start = t.len() - t.trim_start_matches(['\n', ' ', '\t']).len();
        (start, start + t[start..].trim_end().len())
    };
    if message.contains('\r') {
        let text = message.replace("\r\n", "\n").replace('\r', "\n");
        let (start, end) = trim(&text);
        Cow::Owned(text.get(start..end).unwrap_or_default().to_owned())
    } else {
        let (start, end) = trim(message);
        Cow::Borrowed(message.get(start..end).unwrap_or_default())
    }
}

/// Removes the indentation shared by the continuation lines of a multi-line footer value,
/// keeping deeper indentation (code blocks in migration notes).
fn dedent(value: &str) -> String {
    if !value.contains('\n') {
        return value.trim().to_owned();
    }
    let mut lines = value.lines();
    let first = lines.next().unwrap_or_default();
    let rest: Vec<&str> = lines.collect();
    let indent = rest
        .iter()
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.len() - l.trim_start().len())
        .min()
        .unwrap_or(0);
    let mut out = first.trim().to_owned();
    for line in rest {
        if !out.is_empty() {
            out.push('\n');
        }
        out.push_str(line.get(indent..).unwrap_or(line.trim_start()).trim_end());
    }
    out
}

/// The quoted header of git's `Revert "<header>"` subject.
fn git_revert_subject(header: &str) -> Option<&str> {
    header.strip_prefix("Revert \"")?.strip_suffix('"')
}

/// The id in `This reverts commit <id>.`
fn reverted_id(body: &str) -> Option<&str> {
    let (_, rest) = body.split_once("This reverts commit ")?;
    let id = rest.split(|c: char| !c.is_ascii_hexdigit()).next()?;
    (id.len() >= 4).then_some(id)
}

/// The first commit id in a `Refs:` footer, where the specification's revert example puts
/// the reverted commits (`Refs: 676104e, a215868`).
fn refs_commit_id(footer: &Footer) -> Option<&str> {
    if !footer.token.eq_ignore_ascii_case("refs") {
        return None;
    }
    footer
        .value
        .split(|c: char| c == ',' || c.is_whitespace())
        .find(|t| t.len() >= 7 && t.len() <= 40 && t.bytes().all(|c| c.is_ascii_hexdigit()))
}

/// The subjects git, GitHub, GitLab and Bitbucket give merge commits.
fn is_merge_subject(header: &str) -> bool {
    [
        "Merge pull request #",
        "Merge branch '",
        "Merge branch \"",
        "Merge remote-tracking branch ",
        "Merge tag '",
        "Merge commit '",
        "Merged in ",
    ]
    .iter()
    .any(|prefix| header.starts_with(prefix))
        || (header.starts_with("Merge ") && header.contains(" into "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dedent_keeps_relative_indentation() {
        assert_eq!(
            dedent("the v1 API is gone.\n  Use v2:\n\n      call()"),
            "the v1 API is gone.\nUse v2:\n\n    call()"
        );
        assert_eq!(dedent("one line"), "one line");
    }

    #[test]
    fn merge_subjects() {
        assert!(is_merge_subject("Merge pull request #5 from acme/feature"));
        assert!(is_merge_subject("Merge branch 'main' into dev"));
        assert!(is_merge_subject(
            "Merge remote-tracking branch 'origin/main'"
        ));
        assert!(!is_merge_subject("Merge sort is faster now"));
    }
}
