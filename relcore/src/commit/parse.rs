//! From a message to a [`Commit`]: `git-conventional`'s grammar, plus the things real
//! histories contain that the grammar does not cover (squash-merge suffixes, git's
//! revert and merge subjects, Dependabot and Renovate subjects, a missing blank line,
//! a `BREAKING CHANGE:` footer without the blank line before it).
//!
//! Most messages are read here directly: headers the grammar cannot accept are ruled out
//! at a glance, and a header read exactly as the grammar reads it (a property test holds
//! the two readings together) is followed by a body and footers read by the
//! specification's footer rule ([`looks_like_footer`]), which is stricter than the
//! grammar's about what starts a footer. Any other header goes to `git-conventional`
//! itself, and what follows it is read by the same rule.

use std::borrow::Cow;

use git_conventional::ErrorKind;

use super::{Commit, Footer, Person, Revert, deps, refs};

/// The parts of a conventional header: type, scope, `!`, description (untrimmed).
type Summary<'a> = (&'a str, Option<&'a str>, bool, &'a str);

/// Parses `message` into a commit; see [`Commit::parse`].
pub(crate) fn parse(message: &str) -> Commit {
    let text = normalize(message);
    let (line, after) = first_line_and_rest(&text);
    let mut commit = Commit {
        header: line.trim_end().to_owned(),
        ..Commit::default()
    };
    let unscoped = without_empty_scope(line);
    let first_line = unscoped.as_deref().unwrap_or(line);
    // A header the grammar cannot accept needs no parse: the message is not conventional.
    // A plain message is read directly, as the grammar reads it.
    let conventional = header_may_be_conventional(first_line.trim_end());
    let simple = conventional.then(|| simple(first_line, after)).flatten();
    // The grammar reads the others: the whole message, without an empty scope, with a
    // breaking-change footer set apart.
    let grammar_text = if conventional && simple.is_none() {
        breaking_footer_apart(match &unscoped {
            Some(line) => {
                Cow::Owned(after.map_or_else(|| line.clone(), |after| format!("{line}\n{after}")))
            }
            None => Cow::Borrowed(&*text),
        })
    } else {
        Cow::Borrowed("")
    };
    // The description, borrowed until the pull-request suffix is off.
    let mut description = read(
        &mut commit,
        &grammar_text,
        (first_line, after),
        conventional,
        simple,
    );
    if let Some((stripped, number)) = refs::pull_request_suffix(description) {
        description = stripped;
        commit.references.push(super::Reference {
            kind: super::ReferenceKind::PullRequest,
            repository: None,
            number,
        });
    }
    description.clone_into(&mut commit.description);
    for footer in &commit.footers {
        if let Some(kind) = refs::footer_kind(&footer.token) {
            commit
                .references
                .extend(refs::parse_list(kind, &footer.separator, &footer.value));
        } else if footer.token.eq_ignore_ascii_case("co-authored-by") {
            commit.co_authors.push(Person::parse(&footer.value));
        }
    }
    if commit.r#type.as_deref() == Some("revert") || commit.revert_of.is_some() {
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

/// The first line of `text` and what follows its LF, if anything.
fn first_line_and_rest(text: &str) -> (&str, Option<&str>) {
    match text.split_once('\n') {
        Some((line, after)) => (line, Some(after)),
        None => (text, None),
    }
}

/// Reads the message (its first line and what follows it) as the grammar reads
/// `grammar_text`, or takes `simple`'s reading of it (`conventional`: the header may be
/// one): fills in type, scope, breaking, body, footers and what a revert names; returns
/// the description (the header for a message that is not conventional).
fn read<'a>(
    commit: &mut Commit,
    grammar_text: &'a str,
    (first_line, after): (&'a str, Option<&'a str>),
    conventional: bool,
    simple: Option<Simple<'a>>,
) -> &'a str {
    let rest = || after.unwrap_or_default().trim();
    let header_line = first_line.trim_end();
    let mut description = header_line;
    let full =
        (conventional && simple.is_none()).then(|| git_conventional::Commit::parse(grammar_text));
    // A conventional header over a body the grammar rejects (typically a missing blank
    // line): keep what the header says, and the rest as body. Only worth a second parse
    // when the grammar got past the header.
    let header_only = match &full {
        Some(Err(e))
            if matches!(
                e.kind(),
                ErrorKind::InvalidBody | ErrorKind::InvalidFooter | ErrorKind::InvalidFormat
            ) =>
        {
            git_conventional::Commit::parse(header_line).ok()
        }
        _ => None,
    };
    if let Some(simple) = simple {
        description = fill_header(commit, simple.summary);
        fill_rest(commit, simple.body, &simple.footers);
    } else {
        match (&full, &header_only) {
            (Some(Ok(cc)), _) => {
                let (body, footers) = strict_reading(grammar_text, cc);
                let (ty, scope, _, summary) = summary_of(cc);
                let bang = bang(grammar_text, cc).unwrap_or_else(|| cc.breaking());
                description = fill_header(commit, (ty, scope, bang, summary));
                fill_rest(commit, body, &footers);
            }
            (_, Some(cc)) => {
                // The body starts on the line under the header; footers are read as
                // after a blank line (a `BREAKING CHANGE:` paragraph still breaks).
                let (body, footers) =
                    body_and_footers(after.unwrap_or_default().trim_start_matches('\n'));
                let (ty, scope, _, summary) = summary_of(cc);
                let bang = bang(header_line, cc).unwrap_or_else(|| cc.breaking());
                description = fill_header(commit, (ty, scope, bang, summary));
                fill_rest(commit, body, &footers);
            }
            _ => {
                if let Some((target, original)) = git_revert_subject(header_line) {
                    commit.revert_of = Some(Revert {
                        id: None,
                        header: Some(target),
                    });
                    match original.map(git_conventional::Commit::parse) {
                        // A revert of a revert: the original change is back, as it was
                        // (not a Conventional Commit if the original was not).
                        Some(Ok(cc)) => {
                            description = fill_header(commit, summary_of(&cc));
                            if let Some((_, number)) = refs::pull_request_suffix(header_line) {
                                commit.references.push(super::Reference {
                                    kind: super::ReferenceKind::PullRequest,
                                    repository: None,
                                    number,
                                });
                            }
                        }
                        Some(Err(_)) => {}
                        None => commit.r#type = Some(Cow::Borrowed("revert")),
                    }
                }
                commit.body = Some(rest().to_owned()).filter(|b| !b.is_empty());
            }
        }
    }

    description
}

/// `false` only for a header `git-conventional` certainly rejects: its type (one or more
/// characters other than line endings, parentheses, `:`, `!` and whitespace) must be
/// followed by `(`, `!` or `:`.
fn header_may_be_conventional(header: &str) -> bool {
    header
        .char_indices()
        .find(|&(_, c)| ends_type(c))
        .is_some_and(|(at, c)| at > 0 && matches!(c, '(' | '!' | ':'))
}

/// `BREAKING CHANGE` or `BREAKING-CHANGE`: the footer tokens of a breaking change.
fn is_breaking_token(token: &str) -> bool {
    token == "BREAKING CHANGE" || token == "BREAKING-CHANGE"
}

/// The values of the breaking-change footers, a blank line between two: the migration
/// note. A commit that breaks two things says so in two footers, and the changelog shows
/// both, as conventional-changelog does; `None` without such a footer.
fn breaking_note(footers: &[Footer]) -> Option<String> {
    let mut notes = footers.iter().filter(|f| is_breaking_token(&f.token));
    let first = notes.next()?.value.clone();
    Some(notes.fold(first, |mut note, f| {
        if !f.value.is_empty() {
            if !note.is_empty() {
                note.push_str("\n\n");
            }
            note.push_str(&f.value);
        }
        note
    }))
}

/// Sets body, footers and the breaking note from what follows the header, and marks the
/// commit breaking when a footer says so (the header's `!` is `fill_header`'s).
fn fill_rest(commit: &mut Commit, body: Option<&str>, footers: &Footers<'_>) {
    commit.body = body.map(str::to_owned);
    commit.footers = footers
        .iter()
        .map(|&(token, separator, value)| Footer {
            token: token.to_owned(),
            separator: Cow::Borrowed(separator),
            value: dedent(value),
        })
        .collect();
    commit.breaking |= commit.footers.iter().any(|f| is_breaking_token(&f.token));
    commit.breaking_note = breaking_note(&commit.footers);
}

/// Sets type, scope and breaking from a header; returns the description.
fn fill_header<'a>(
    commit: &mut Commit,
    (ty, scope, breaking, description): Summary<'a>,
) -> &'a str {
    commit.r#type = Some(type_name(ty));
    commit.scope = scope.map(str::to_owned);
    commit.breaking = breaking;
    description.trim_end()
}

/// Footers as read: token, separator, value.
type Footers<'a> = Vec<(&'a str, &'static str, &'a str)>;

/// The body and footers of `text`, which the grammar read as `cc`, by the rule
/// [`simple`] reads plain messages with ([`body_and_footers`]): the grammar only says where
/// the body starts. Its own footers would start at lines that start no footer by
/// [`looks_like_footer`]'s rule (a link, `https://…`, or a path, `Packs::read`, at the
/// start of a line: a migration note would lose its link), and a value that starts below
/// its token could swallow the footer on the next line.
fn strict_reading<'a>(
    text: &'a str,
    cc: &git_conventional::Commit<'a>,
) -> (Option<&'a str>, Footers<'a>) {
    let start = match (cc.body(), cc.footers().first()) {
        (Some(body), _) => offset_in(text, body),
        (None, Some(footer)) => offset_in(text, footer.token().as_str()),
        (None, None) => return (None, Vec::new()),
    };
    match start.and_then(|start| text.get(start..)) {
        Some(rest) => body_and_footers(rest),
        None => (
            cc.body(),
            cc.footers()
                .iter()
                .map(|f| (f.token().as_str(), f.separator().as_str(), f.value()))
                .collect(),
        ),
    }
}

/// Whether the header `cc` was read from (in `text`) has a `!` after its type and scope.
fn bang(text: &str, cc: &git_conventional::Commit<'_>) -> Option<bool> {
    let end = match cc.scope() {
        Some(scope) => offset_in(text, scope.as_str())? + scope.as_str().len() + 1,
        None => offset_in(text, cc.type_().as_str())? + cc.type_().as_str().len(),
    };
    Some(text.get(end..)?.starts_with('!'))
}

/// Where `part`, a slice of `text`, starts in it.
fn offset_in(text: &str, part: &str) -> Option<usize> {
    let start = part.as_ptr().addr().checked_sub(text.as_ptr().addr())?;
    (start + part.len() <= text.len()).then_some(start)
}

/// The header of a message the grammar accepted; breaking by `!` or a footer.
fn summary_of<'a>(cc: &git_conventional::Commit<'a>) -> Summary<'a> {
    (
        cc.type_().as_str(),
        cc.scope().map(|s| s.as_str()),
        cc.breaking(),
        cc.description(),
    )
}

/// A message as the grammar reads it: header, body, footers (token, separator, value).
struct Simple<'a> {
    summary: Summary<'a>,
    body: Option<&'a str>,
    footers: Footers<'a>,
}

/// What `git-conventional` reads from a message, read directly, for the messages whose
/// reading is plain: a header; after a blank line, a body up to the first paragraph that
/// starts like a footer; footers whose value starts on their own line. `None` for any
/// other message (or one the grammar rejects), which the grammar then reads itself.
/// The message is normalised (LF line endings, no trailing whitespace) and given as its
/// first line and what follows that line's LF, if anything.
fn simple<'a>(first_line: &'a str, after: Option<&'a str>) -> Option<Simple<'a>> {
    let summary = summary(first_line)?;
    let Some(after) = after else {
        return Some(Simple {
            summary,
            body: None,
            footers: Vec::new(),
        });
    };
    // The body begins after one blank line (more are skipped).
    let rest = after.strip_prefix('\n')?.trim_start_matches('\n');
    let (body, footers) = body_and_footers(rest);
    Some(Simple {
        summary,
        body,
        footers,
    })
}

/// What follows a header and its blank line(s), as body and footers. A paragraph that
/// starts like a footer ([`looks_like_footer`]) ends the body, and so does a breaking-change
/// footer inside a paragraph ([`breaking_footer_apart`]). Each footer is a token, a
/// separator, whitespace (line ends too, for a value that starts below), then a value
/// through the lines before the next line that starts like a footer.
fn body_and_footers(rest: &str) -> (Option<&str>, Footers<'_>) {
    let mut body_end = rest.len();
    // A footer needs `:` or `#`; most bodies have neither.
    if rest.contains(':') || rest.contains('#') {
        let mut paragraph_start = true;
        let mut in_fence = false;
        let mut offset = 0;
        for line in rest.split_inclusive('\n') {
            if (paragraph_start && looks_like_footer(line.trim_end()))
                || (!paragraph_start && !in_fence && starts_breaking_footer(line))
            {
                body_end = offset;
                break;
            }
            in_fence ^= is_fence(line);
            paragraph_start = line.trim().is_empty();
            offset += line.len();
        }
    }
    let (body, section) = rest.split_at(body_end);
    let body = (!body.is_empty()).then(|| body.trim_end());
    let mut footers: Footers<'_> = Vec::new();
    let mut lines = section.split_inclusive('\n').peekable();
    let mut at = 0;
    while let Some(line) = lines.next() {
        let line_start = at;
        at += line.len();
        let token_end = if starts_breaking_footer(line) {
            "BREAKING CHANGE".len()
        } else {
            line.find(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
                .unwrap_or(line.len())
        };
        let (token, after_token) = line.split_at(token_end);
        let separator = if after_token.starts_with(':') {
            ":"
        } else {
            " #"
        };
        while let Some(next) = lines.next_if(|next| !looks_like_footer(next.trim_end())) {
            at += next.len();
        }
        let value_start = line_start + token_end + separator.len();
        let value = section.get(value_start..at).unwrap_or_default().trim();
        footers.push((token, separator, value));
    }
    (body, footers)
}
/// The grammar's `<summary>` on one line, when it reads it all: `type`, optional
/// `(scope)`, optional `!`, `:`, whitespace, and a description.
fn summary(line: &str) -> Option<Summary<'_>> {
    let type_end = line.find(ends_type).unwrap_or(line.len());
    if type_end == 0 {
        return None;
    }
    let (ty, mut rest) = line.split_at(type_end);
    let mut scope = None;
    if let Some(inner) = rest.strip_prefix('(') {
        let (s, after) = inner.split_once(')')?;
        if s.is_empty() || s.contains('(') {
            return None;
        }
        scope = Some(s);
        rest = after;
    }
    let breaking = rest.starts_with('!');
    if breaking {
        rest = rest.get(1..)?;
    }
    // One line of a normalised message: no line endings in it.
    let description = rest.strip_prefix(':')?.trim_start();
    (!description.is_empty()).then_some((ty, scope, breaking, description))
}

/// Whether `c` ends a type (or footer token) in the grammar.
fn ends_type(c: char) -> bool {
    matches!(c, '(' | ')' | ':' | '!' | '\n' | '\r') || c.is_whitespace()
}

/// Whether a line (without its line end and trailing whitespace) starts a footer, by the
/// specification's rule (and git's for trailer tokens): a word token (letters, digits and
/// `-`: `Reviewed-by`), then `: ` and a value, or ` #`. A breaking change's token takes
/// any `:`, its note may start on the next line (see [`starts_breaking_footer`]); a
/// paragraph `Usage:` over an indented block stays body. The grammar also takes any run of characters before
/// any `:`, so that a paragraph or a line that starts with a link (`https://…`), a path
/// (`Packs::read`, `docs/x.md: …`) would end the body or a migration note;
/// [`strict_reading`] gives those lines back.
pub(super) fn looks_like_footer(line: &str) -> bool {
    if starts_breaking_footer(line) {
        return true;
    }
    let end = line
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
        .unwrap_or(line.len());
    end > 0
        && line.get(end..).is_some_and(|rest| {
            rest.starts_with(" #")
                || rest
                    .strip_prefix(':')
                    .is_some_and(|value| value.starts_with([' ', '\t']))
        })
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

/// The message with a blank line put before a `BREAKING CHANGE:` (or `BREAKING-CHANGE:`)
/// line that does not start a paragraph, where no footer has started yet: the footers
/// start there. The specification wants a blank line before the footers, but authors
/// often leave it out (`Body line.` then `BREAKING CHANGE: …` on the next line, or the
/// footer right under the header), and conventional-changelog (semantic-release,
/// standard-version) and release-please's parser read such a line as a breaking change.
/// Missing it would release a breaking change as a minor one. Inside a fenced code block
/// it is an example (a docs commit that shows the convention), not a footer.
fn breaking_footer_apart(text: Cow<'_, str>) -> Cow<'_, str> {
    if !text.contains("BREAKING") {
        return text;
    }
    // The byte offset of the line to move into a paragraph of its own, if any.
    let mut split = None;
    let mut offset = 0;
    let mut paragraph_start = false;
    let mut in_fence = false;
    for (i, line) in text.split_inclusive('\n').enumerate() {
        let trimmed = line.trim_end();
        if i > 0 && paragraph_start && looks_like_footer(trimmed) {
            // The footers start here, as the grammar reads them.
            break;
        }
        if i > 0 && !paragraph_start && !in_fence && starts_breaking_footer(trimmed) {
            split = Some(offset);
            break;
        }
        in_fence ^= i > 0 && is_fence(line);
        paragraph_start = trimmed.is_empty();
        offset += line.len();
    }
    match (split, text.get(..split.unwrap_or(0))) {
        (Some(at), Some(before)) => {
            Cow::Owned(format!("{before}\n{}", text.get(at..).unwrap_or_default()))
        }
        _ => text,
    }
}

/// The header without the empty scope of one such as `feat(): add x`, which then
/// reads as `feat: add x` (`None` for any other header). The specification wants a scope
/// inside the parentheses (and `lint` says so, `empty_scope`), but the author's type is
/// plain, and conventional-changelog (semantic-release, standard-version) counts such a
/// commit: ignoring it would leave its feature or fix out of the release.
fn without_empty_scope(header: &str) -> Option<String> {
    let type_end = header.find(ends_type).unwrap_or(header.len());
    let rest = header.get(type_end..)?.strip_prefix("()")?;
    (type_end > 0 && (rest.starts_with(':') || rest.starts_with("!:")))
        .then(|| format!("{}{rest}", header.get(..type_end).unwrap_or_default()))
}

/// Whether `line` opens or closes a fenced code block (```` ``` ```` or `~~~`): a
/// `BREAKING CHANGE:` line inside one is an example, not a footer, unless it starts a
/// paragraph (where the grammar reads a footer).
pub(super) fn is_fence(line: &str) -> bool {
    let line = line.trim_start();
    line.starts_with("```") || line.starts_with("~~~")
}

/// Whether `line` starts a breaking-change footer: `BREAKING CHANGE` or `BREAKING-CHANGE`,
/// then `:` or ` #`. Any `:` will do (`BREAKING CHANGE:x`), as in the grammar: a breaking
/// change is the last thing to miss.
fn starts_breaking_footer(line: &str) -> bool {
    ["BREAKING CHANGE", "BREAKING-CHANGE"].iter().any(|token| {
        line.strip_prefix(token)
            .is_some_and(|rest| rest.starts_with(':') || rest.starts_with(" #"))
    })
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

/// What git's `Revert "<header>"` or `Reapply "<header>"` subject reverts, and, when the
/// reverts nest to an even depth (the original change is back), the original header.
///
/// A `Reapply "<header>"` (git 2.43+, reverting `Revert "<header>"`) reverts
/// `Revert "<header>"`; `Revert "Revert "<header>""` is the same, written by older git.
/// Forges append the pull request (`Revert "fix: x" (#14062)`) and cut long subjects short
/// with `…` or `...`, sometimes losing the closing quote; a target cut short keeps its
/// ellipsis, and is matched by its beginning.
fn git_revert_subject(header: &str) -> Option<(String, Option<&str>)> {
    let (reapply, rest) = unwrap_revert(header)?;
    let target = if reapply {
        format!("Revert \"{rest}\"")
    } else {
        rest.to_owned()
    };
    // Unwrap the nested layers: each `Revert` flips, each `Reapply` keeps the sense.
    let mut inner = rest;
    let mut back = reapply;
    while let Some((reapply, next)) = unwrap_revert(inner) {
        if !reapply {
            back = !back;
        }
        inner = next;
    }
    Some((target, back.then_some(inner)))
}

/// `Revert "<inner>"` or `Reapply "<inner>"`, with a forge's ` (#123)` after it and its
/// closing quote possibly lost to an ellipsis: whether it is a reapply, and the inner text.
fn unwrap_revert(header: &str) -> Option<(bool, &str)> {
    let (reapply, rest) = match header.strip_prefix("Revert \"") {
        Some(rest) => (false, rest),
        None => (true, header.strip_prefix("Reapply \"")?),
    };
    let rest = refs::pull_request_suffix(rest).map_or(rest, |(r, _)| r);
    let inner = match rest.strip_suffix('"') {
        Some(inner) => inner,
        None if rest.ends_with('…') || rest.ends_with("...") => rest,
        None => return None,
    };
    (!inner.trim().is_empty()).then_some((reapply, inner))
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
    if !header.starts_with("Merge") {
        return false;
    }
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

    /// The shortcut only rules out headers the grammar rejects, alone or with a body.
    #[test]
    fn ruled_out_headers_never_parse() {
        const PIECES: [&str; 16] = [
            "feat", "fix", "(", ")", ":", "!", " ", "\t", "\u{a0}", "\r", "\n", "x", "api", "\"",
            "#1", "\u{e9}",
        ];
        let mut seed = 0x2545_f491_4f6c_dd1d_u64;
        let mut ruled_out = 0;
        for _ in 0..20_000 {
            let mut header = String::new();
            for _ in 0..(seed % 7) {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                header.push_str(PIECES[usize::try_from(seed % 16).unwrap()]);
            }
            if !header_may_be_conventional(&header) {
                ruled_out += 1;
                assert!(
                    git_conventional::Commit::parse(&header).is_err(),
                    "{header:?}"
                );
                let message = format!("{header}\n\nbody\n\nRefs: #1");
                assert!(
                    git_conventional::Commit::parse(&message).is_err(),
                    "{header:?}"
                );
            }
        }
        assert!(ruled_out > 1000);
        assert!(!header_may_be_conventional(
            "Merge pull request #1 from a/b"
        ));
        assert!(!header_may_be_conventional("Revert \"feat: x\""));
        assert!(header_may_be_conventional("feat(api)!: x"));
    }

    /// Messages built from pieces that stress the grammar: headers, bodies, footers,
    /// whitespace of every kind. `next(n)` draws a number below `n`.
    fn random_message(next: &mut impl FnMut(usize) -> usize) -> String {
        const HEADERS: [&str; 7] = [
            "feat: a",
            "fix(x)!: b ",
            "a!:  c",
            "x(y z): d",
            "f:\u{a0}e",
            "ci(): f",
            "feat(api): h (#12)",
        ];
        const PIECES: [&str; 34] = [
            "feat",
            "fix(api)",
            "(",
            ")",
            ":",
            "!",
            " ",
            "\t",
            "\n",
            "\n\n",
            "x y",
            "Closes #1",
            "BREAKING CHANGE",
            "BREAKING CHANGE: n",
            "BREAKING-CHANGE: m",
            "\nBREAKING CHANGE: p",
            "\nhttps://x.y/z",
            "\n\nPacks::read",
            "Refs:#4",
            "Refs: a",
            " #",
            "\u{a0}",
            "\u{e9}",
            "feat: z",
            "  ",
            "a:",
            "-",
            "\n  \n",
            "Co-authored-by: A <a@x>",
            "\nFixes #2",
            "\n\nCloses #3\n",
            "\n  code",
            "Refs:",
            "x #",
        ];
        let mut message = String::new();
        if next(4) > 0 {
            message.push_str(HEADERS[next(HEADERS.len())]);
        }
        for _ in 0..next(12) {
            message.push_str(PIECES[next(PIECES.len())]);
        }
        message
    }

    /// What `simple` reads, it reads as the grammar does; and it reads the usual messages.
    #[test]
    fn simple_messages_read_as_the_full_path_reads_them() {
        let mut seed = 0x9e37_79b9_7f4a_7c15_u64;
        let mut next = |n: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            usize::try_from(seed % u64::try_from(n).unwrap()).unwrap()
        };
        let (mut read, mut with_footers, mut apart_read) = (0, 0, 0);
        // Messages the grammar rejects, and those whose body or footers it reads
        // otherwise (footers that are none by the specification's rule).
        let (mut rejected, mut differs) = (0, 0);
        for _ in 0..100_000 {
            let message = random_message(&mut next);
            let text = normalize(&message);
            let (line, after) = match text.split_once('\n') {
                Some((line, after)) => (line, Some(after)),
                None => (&*text, None),
            };
            let Some(simple) = simple(line, after) else {
                continue;
            };
            read += 1;
            with_footers += usize::from(!simple.footers.is_empty());
            // The grammar reads a breaking-change footer set apart, as `parse` gives it.
            let apart = breaking_footer_apart(Cow::Borrowed(&*text));
            apart_read += usize::from(apart != text);
            let (ty, scope, bang_read, description) = simple.summary;
            let breaking = bang_read || simple.footers.iter().any(|f| is_breaking_token(f.0));
            let Ok(cc) = git_conventional::Commit::parse(&apart) else {
                // The grammar rejects a footer that is none by the specification's rule
                // (`Packs::read` then `x #`); it reads the header as `simple` does.
                let header = git_conventional::Commit::parse(line)
                    .unwrap_or_else(|e| panic!("{line:?}: {e}"));
                assert_eq!(
                    (ty, scope, bang_read, description),
                    (
                        header.type_().as_str(),
                        header.scope().map(|s| s.as_str()),
                        header.breaking(),
                        header.description()
                    ),
                    "{apart:?}"
                );
                rejected += 1;
                continue;
            };
            // The grammar reads the header as `simple` does, and from where its body
            // starts, the full path reads body and footers as `simple` does.
            let (body, footers) = strict_reading(&apart, &cc);
            assert_eq!(
                (
                    ty,
                    scope,
                    Some(bang_read),
                    description,
                    simple.body,
                    &simple.footers
                ),
                (
                    cc.type_().as_str(),
                    cc.scope().map(|s| s.as_str()),
                    bang(&apart, &cc),
                    cc.description(),
                    body,
                    &footers
                ),
                "{apart:?}"
            );
            // No breaking change the grammar finds is missed.
            assert!(breaking || !cc.breaking(), "{apart:?}");
            differs += usize::from(cc.body() != body || cc.footers().len() != footers.len());
        }
        assert!(
            read > 10_000
                && with_footers > 2_000
                && apart_read > 200
                && differs > 200
                && rejected < read / 10,
            "{read} {with_footers} {apart_read} {differs} {rejected}"
        );
        assert!(simple("feat(api)!: x (#1)", None).is_some());
        assert!(simple("fix: y", Some("\nWhy.\nMore.\n\nAnd more.")).is_some());
        assert!(simple("fix: y", Some("\nSee http://x.\n\nAnd more.")).is_some());
        assert!(
            simple(
                "fix: y",
                Some("\nWhy.\n\nCloses #2\nCo-authored-by: A <a@x>")
            )
            .is_some()
        );
        // A value below its token: only a breaking change's note; prose stays body.
        let below = simple("fix: y", Some("\nRefs:\n #2")).unwrap();
        assert_eq!((below.body, below.footers.len()), (Some("Refs:\n #2"), 0));
        let note = simple("fix: y", Some("\nBREAKING CHANGE:\n  z")).unwrap();
        assert_eq!(note.footers, [("BREAKING CHANGE", ":", "z")]);
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
