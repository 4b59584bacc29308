//! Strict checks of a commit message against Conventional Commits 1.0, with byte offsets:
//! what a `commit-msg` hook runs.

use serde::{Deserialize, Serialize};

use super::parse::{is_fence, looks_like_footer};
use crate::diagnostic::{Diagnostic, Severity};

/// Every way `message` breaks the Conventional Commits 1.0 specification, in order of
/// position; empty for a good message. Errors break the specification; warnings are
/// likely mistakes (a lower-case `breaking change:` footer is not a breaking change).
///
/// | code | example |
/// |---|---|
/// | `empty_message` | `` |
/// | `leading_whitespace` | ` feat: x` |
/// | `missing_type` | `: add x`, `(api): add x` |
/// | `missing_colon` | `feat add x` |
/// | `space_before_colon` | `feat : add x` |
/// | `space_before_bang` | `feat !: add x` |
/// | `space_before_scope` | `feat (api): add x` |
/// | `empty_scope` | `feat(): add x` |
/// | `unclosed_scope` | `feat(api: add x` |
/// | `missing_space_after_colon` | `feat:add x` |
/// | `empty_description` | `feat: ` |
/// | `missing_blank_line` | `feat: x` then a body on line 2 |
/// | `empty_breaking_change` | a `BREAKING CHANGE:` footer without text |
/// | `lowercase_breaking_change` (warning) | `breaking change: …` |
/// | `breaking_change_in_paragraph` (warning) | `BREAKING CHANGE: …` on the line after body text |
///
/// Messages git writes itself pass: merges (`Merge branch 'main'`), reverts (`Revert "…"`,
/// `Reapply "…"`) and `fixup!`/`squash!`/`amend!` commits ([`exempt`]); comment lines
/// and everything below git's scissors line are ignored. [`lint_with`] takes
/// [`LintOptions`] to lint them anyway.
///
/// ```
/// use relcore::commit::lint;
/// assert!(lint("feat(api)!: drop v1\n\nBREAKING CHANGE: use v2").is_empty());
/// let codes: Vec<String> = lint("feat !:x").into_iter().map(|d| d.code).collect();
/// assert_eq!(codes, ["space_before_bang", "missing_space_after_colon"]);
/// ```
pub fn lint(message: &str) -> Vec<Diagnostic> {
    lint_with(message, &LintOptions::default())
}

/// What [`lint_with`] lints besides Conventional Commits: by default the messages git and
/// forges write themselves pass, as in commitlint and cocogitto, and the message is read
/// as a `commit-msg` hook receives it (comment lines and everything below the scissors
/// line ignored). Every field defaults to `false`.
///
/// ```
/// use relcore::commit::{lint_with, LintOptions};
/// let strict = LintOptions { merges: true, ..LintOptions::default() };
/// assert!(lint_with("Merge branch 'main' into dev", &LintOptions::default()).is_empty());
/// assert_eq!(lint_with("Merge branch 'main' into dev", &strict)[0].code, "missing_colon");
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
#[allow(
    clippy::struct_excessive_bools,
    reason = "independent switches, as the CLI's flags"
)]
pub struct LintOptions {
    /// Lint merge commits' subjects too (`Merge branch …`, `Merge pull request …`,
    /// `Merge remote-tracking branch …`, `Merge tag …`).
    pub merges: bool,
    /// Lint git's reverts too (`Revert "…"`, `Reapply "…"`).
    pub reverts: bool,
    /// Lint `fixup!`, `squash!` and `amend!` commits too.
    pub fixups: bool,
    /// Read the message as recorded: lines starting with `#` are text and the scissors
    /// line is not special (for commits already in the history).
    pub keep_comments: bool,
}

/// Why a message passes lint without being checked: `merge`, `revert` or `fixup` (the
/// kinds of message git writes itself), or `None` when it is linted.
///
/// ```
/// use relcore::commit::{exempt, LintOptions};
/// let default = LintOptions::default();
/// assert_eq!(exempt("Merge pull request #12 from acme/fix", &default), Some("merge"));
/// assert_eq!(exempt("Reapply \"feat: x\"", &default), Some("revert"));
/// assert_eq!(exempt("fixup! feat: x", &default), Some("fixup"));
/// assert_eq!(exempt("feat: x", &default), None);
/// ```
pub fn exempt(message: &str, options: &LintOptions) -> Option<&'static str> {
    let text;
    let message = if options.keep_comments {
        message
    } else {
        text = strip_comments(message);
        &text
    };
    let header = message.lines().next().unwrap_or_default().trim_end();
    if !options.merges && is_git_merge(header) {
        Some("merge")
    } else if !options.reverts
        && (header.starts_with("Revert \"") || header.starts_with("Reapply \""))
    {
        Some("revert")
    } else if !options.fixups
        && ["fixup! ", "squash! ", "amend! "]
            .iter()
            .any(|p| header.starts_with(p))
    {
        Some("fixup")
    } else {
        None
    }
}

/// The subjects git and forges give merge commits.
fn is_git_merge(header: &str) -> bool {
    [
        "Merge branch ",
        "Merge branches ",
        "Merge pull request ",
        "Merge remote-tracking branch ",
        "Merge tag ",
        "Merge commit ",
        "Merged in ",
    ]
    .iter()
    .any(|p| header.starts_with(p))
        || (header.starts_with("Merge ") && header.contains(" into "))
}

/// [`lint`] under `options`: messages git writes itself pass unless asked for, and
/// (unless `keep_comments`) comment lines and everything from the scissors line on are
/// ignored, with offsets, lines and columns still those of `message`.
///
/// ```
/// use relcore::commit::{lint_with, LintOptions};
/// let file = "# Please enter the commit message\nfeat:x\n# ------------------------ >8 ------------------------\ndiff";
/// let found = lint_with(file, &LintOptions::default());
/// assert_eq!(found.len(), 1);
/// assert_eq!((found[0].code.as_str(), found[0].line, found[0].column), ("missing_space_after_colon", Some(2), Some(6)));
/// ```
pub fn lint_with(message: &str, options: &LintOptions) -> Vec<Diagnostic> {
    if exempt(message, options).is_some() {
        return Vec::new();
    }
    if options.keep_comments {
        return lint_text(message);
    }
    // The kept lines: where each starts in the stripped text and in `message`.
    let mut kept = String::with_capacity(message.len());
    let mut starts: Vec<(usize, usize)> = Vec::new();
    let mut at = 0;
    for line in message.split_inclusive('\n') {
        if is_scissors(line) {
            break;
        }
        if !line.starts_with('#') {
            starts.push((kept.len(), at));
            kept.push_str(line);
        }
        at += line.len();
    }
    let mut out = lint_text(&kept);
    for d in &mut out {
        let Some(offset) = d.offset else { continue };
        let original = starts
            .iter()
            .rev()
            .find(|(k, _)| *k <= offset)
            .map_or(offset, |(k, m)| m + (offset - k));
        let placed = Diagnostic::at(&d.code, d.severity, message, original, String::new());
        d.offset = placed.offset;
        d.line = placed.line;
        d.column = placed.column;
    }
    out
}

/// git's scissors line: `# ------------------------ >8 ------------------------`.
fn is_scissors(line: &str) -> bool {
    line.starts_with("# ") && line.contains(" >8 ")
}

/// The rule a commit-message diagnostic breaks: its stable code, one variant per rule of
/// [`lint`].
///
/// ```
/// use relcore::commit::{lint, LintCode};
/// assert_eq!(lint("feat:add x")[0].code, LintCode::MissingSpaceAfterColon.as_str());
/// assert_eq!(LintCode::ALL.len(), 15);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum LintCode {
    /// The message is empty (or only comments).
    EmptyMessage,
    /// The header starts with whitespace.
    LeadingWhitespace,
    /// The header has no type before the colon.
    MissingType,
    /// A space before the `:`.
    SpaceBeforeColon,
    /// A space before the `!`.
    SpaceBeforeBang,
    /// A space between the type and the `(scope)`.
    SpaceBeforeScope,
    /// The header has no `:` after the type.
    MissingColon,
    /// The `(` of the scope is not closed.
    UnclosedScope,
    /// The scope is `()`.
    EmptyScope,
    /// Nothing after the `: `.
    EmptyDescription,
    /// No space after the `:`.
    MissingSpaceAfterColon,
    /// The body does not start after a blank line.
    MissingBlankLine,
    /// A `BREAKING CHANGE:` footer with no description.
    EmptyBreakingChange,
    /// A `breaking change:` footer in lower case (a warning).
    LowercaseBreakingChange,
    /// A `BREAKING CHANGE:` footer on the line after body text, without the blank line
    /// footers follow (a warning: relcore reads it as a breaking change, strict readers
    /// such as git-cliff and cocogitto do not).
    BreakingChangeInParagraph,
}

impl LintCode {
    /// Every code, in the order [`lint`] checks them.
    pub const ALL: [LintCode; 15] = [
        LintCode::EmptyMessage,
        LintCode::LeadingWhitespace,
        LintCode::MissingType,
        LintCode::SpaceBeforeColon,
        LintCode::SpaceBeforeBang,
        LintCode::SpaceBeforeScope,
        LintCode::MissingColon,
        LintCode::UnclosedScope,
        LintCode::EmptyScope,
        LintCode::EmptyDescription,
        LintCode::MissingSpaceAfterColon,
        LintCode::MissingBlankLine,
        LintCode::EmptyBreakingChange,
        LintCode::LowercaseBreakingChange,
        LintCode::BreakingChangeInParagraph,
    ];

    /// The stable slug, as in [`Diagnostic::code`].
    pub fn as_str(self) -> &'static str {
        match self {
            LintCode::EmptyMessage => "empty_message",
            LintCode::LeadingWhitespace => "leading_whitespace",
            LintCode::MissingType => "missing_type",
            LintCode::SpaceBeforeColon => "space_before_colon",
            LintCode::SpaceBeforeBang => "space_before_bang",
            LintCode::SpaceBeforeScope => "space_before_scope",
            LintCode::MissingColon => "missing_colon",
            LintCode::UnclosedScope => "unclosed_scope",
            LintCode::EmptyScope => "empty_scope",
            LintCode::EmptyDescription => "empty_description",
            LintCode::MissingSpaceAfterColon => "missing_space_after_colon",
            LintCode::MissingBlankLine => "missing_blank_line",
            LintCode::EmptyBreakingChange => "empty_breaking_change",
            LintCode::LowercaseBreakingChange => "lowercase_breaking_change",
            LintCode::BreakingChangeInParagraph => "breaking_change_in_paragraph",
        }
    }
}

fn lint_text(message: &str) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    if message.trim().is_empty() {
        out.push(Diagnostic::at(
            LintCode::EmptyMessage.as_str(),
            Severity::Error,
            message,
            0,
            "the commit message is empty",
        ));
        return out;
    }
    let header_end = message.find('\n').unwrap_or(message.len());
    let header = message
        .get(..header_end)
        .unwrap_or_default()
        .trim_end_matches('\r');
    lint_header(message, header, &mut out);
    lint_body(message, header_end, &mut out);
    out
}

fn err(message: &str, code: LintCode, offset: usize, text: String) -> Diagnostic {
    Diagnostic::at(code.as_str(), Severity::Error, message, offset, text)
}

/// A cursor over the header, collecting diagnostics; each step returns `None` when the
/// header is too broken to check further.
struct HeaderCheck<'a> {
    message: &'a str,
    text: &'a str,
    i: usize,
    out: &'a mut Vec<Diagnostic>,
}

impl HeaderCheck<'_> {
    fn byte(&self, at: usize) -> Option<u8> {
        self.text.as_bytes().get(at).copied()
    }

    fn push(&mut self, code: LintCode, offset: usize, text: String, hint: Option<String>) {
        let d = err(self.message, code, offset, text);
        self.out.push(match hint {
            Some(h) => d.with_hint(h),
            None => d,
        });
    }

    /// The offset after any spaces or tabs from `at`.
    fn skip_spaces(&self, mut at: usize) -> usize {
        while matches!(self.byte(at), Some(b' ' | b'\t')) {
            at += 1;
        }
        at
    }

    fn leading_whitespace(&mut self) {
        if self.text.starts_with(char::is_whitespace) {
            self.push(
                LintCode::LeadingWhitespace,
                0,
                "the header starts with whitespace".into(),
                Some("start with the type, e.g. `feat: …`".into()),
            );
            self.i = self.text.len() - self.text.trim_start().len();
        }
    }

    /// The type, and what whitespace after it stands in front of.
    fn type_(&mut self) -> Option<()> {
        let start = self.i;
        while let Some(c) = self.byte(self.i) {
            if c == b'(' || c == b'!' || c == b':' || c.is_ascii_whitespace() {
                break;
            }
            self.i += 1;
        }
        if self.i == start {
            self.push(
                LintCode::MissingType,
                self.i,
                "the header has no type before the scope or colon".into(),
                Some("start with a type such as `feat` or `fix`".into()),
            );
            return None;
        }
        let ty = self.text.get(start..self.i).unwrap_or_default().to_owned();
        let after = self.skip_spaces(self.i);
        if after > self.i {
            let (code, text, hint) = match self.byte(after) {
                Some(b':') => (
                    LintCode::SpaceBeforeColon,
                    format!("space between the type `{ty}` and ':'"),
                    format!("write `{ty}:`"),
                ),
                Some(b'!') => (
                    LintCode::SpaceBeforeBang,
                    format!("space between the type `{ty}` and '!'"),
                    format!("write `{ty}!:`"),
                ),
                Some(b'(') => (
                    LintCode::SpaceBeforeScope,
                    format!("space between the type `{ty}` and its scope"),
                    format!("write `{ty}(scope):`"),
                ),
                _ => {
                    let hint =
                        "a header reads `type(scope): description`, e.g. `fix: handle empty input`";
                    self.push(
                        LintCode::MissingColon,
                        self.i,
                        format!("expected ':' after the type `{ty}`"),
                        Some(hint.into()),
                    );
                    return None;
                }
            };
            self.push(code, self.i, text, Some(hint));
            self.i = after;
        }
        Some(())
    }

    /// An optional `(scope)`.
    fn scope(&mut self) -> Option<()> {
        if self.byte(self.i) != Some(b'(') {
            return Some(());
        }
        let open = self.i;
        let Some(len) = self.text.get(open..).and_then(|s| s.find(')')) else {
            self.push(
                LintCode::UnclosedScope,
                open,
                "the scope has no closing ')'".into(),
                None,
            );
            return None;
        };
        if self
            .text
            .get(open + 1..open + len)
            .is_some_and(|s| s.trim().is_empty())
        {
            self.push(
                LintCode::EmptyScope,
                open,
                "the scope is empty".into(),
                Some("remove `()` or name the scope, e.g. `feat(api):`".into()),
            );
        }
        self.i = open + len + 1;
        let after = self.skip_spaces(self.i);
        if after > self.i {
            let (code, what) = if self.byte(after) == Some(b'!') {
                (LintCode::SpaceBeforeBang, "'!'")
            } else {
                (LintCode::SpaceBeforeColon, "':'")
            };
            self.push(
                code,
                self.i,
                format!("space between the scope and {what}"),
                None,
            );
            self.i = after;
        }
        Some(())
    }

    /// An optional `!`, then the required `:`.
    fn colon(&mut self) -> Option<()> {
        if self.byte(self.i) == Some(b'!') {
            self.i += 1;
            let after = self.skip_spaces(self.i);
            if after > self.i {
                self.push(
                    LintCode::SpaceBeforeColon,
                    self.i,
                    "space between '!' and ':'".into(),
                    None,
                );
                self.i = after;
            }
        }
        if self.byte(self.i) != Some(b':') {
            let before = self
                .text
                .get(..self.i)
                .unwrap_or_default()
                .trim()
                .to_owned();
            self.push(
                LintCode::MissingColon,
                self.i,
                format!("expected ':' after `{before}`"),
                Some("a header reads `type(scope): description`".into()),
            );
            return None;
        }
        self.i += 1;
        Some(())
    }

    /// The description: a space, then text.
    fn description(&mut self) {
        let description = self.text.get(self.i..).unwrap_or_default();
        if description.trim().is_empty() {
            self.push(
                LintCode::EmptyDescription,
                self.i,
                "the description after ':' is empty".into(),
                Some("say what the change does, e.g. `fix: handle empty input`".into()),
            );
        } else if !description.starts_with(' ') {
            self.push(
                LintCode::MissingSpaceAfterColon,
                self.i,
                "expected a space after ':'".into(),
                Some("the description follows ': ' (a colon and a space)".into()),
            );
        }
    }
}

fn lint_header(message: &str, header: &str, out: &mut Vec<Diagnostic>) {
    let mut h = HeaderCheck {
        message,
        text: header,
        i: 0,
        out,
    };
    h.leading_whitespace();
    if h.type_()
        .and_then(|()| h.scope())
        .and_then(|()| h.colon())
        .is_some()
    {
        h.description();
    }
}

fn lint_body(message: &str, header_end: usize, out: &mut Vec<Diagnostic>) {
    let mut offset = header_end + 1;
    let mut first = true;
    // Whether the line before is body text (neither blank nor the header), and whether a
    // paragraph that starts like a footer has begun the footers.
    let mut after_text = false;
    let mut in_footers = false;
    let mut in_fence = false;
    let rest = message.get(offset.min(message.len())..).unwrap_or_default();
    let mut lines = rest.split('\n').peekable();
    while let Some(raw) = lines.next() {
        let line = raw.trim_end_matches('\r');
        let blank = line.trim().is_empty();
        in_footers |= !first && !after_text && looks_like_footer(line.trim_end());
        if after_text && !in_footers && !in_fence && breaking_token(line).is_some() {
            in_footers = true;
            out.push(
                Diagnostic::at(
                    LintCode::BreakingChangeInParagraph.as_str(),
                    Severity::Warning,
                    message,
                    offset,
                    "the BREAKING CHANGE footer follows body text without a blank line",
                )
                .with_hint(
                    "leave a blank line before it: relcore reads it as a breaking change, strict readers do not",
                ),
            );
        }
        after_text = !blank;
        in_fence ^= is_fence(line);
        if first && !blank {
            out.push(
                err(
                    message,
                    LintCode::MissingBlankLine,
                    offset,
                    "the body must begin after a blank line".into(),
                )
                .with_hint("leave line 2 empty"),
            );
        }
        first = false;
        if let Some(token_len) = breaking_token(line) {
            let value = line.get(token_len..).unwrap_or_default().trim();
            let continued = lines
                .peek()
                .is_some_and(|next| next.starts_with([' ', '\t']) && !next.trim().is_empty());
            if value.is_empty() && !continued {
                out.push(
                    err(
                        message,
                        LintCode::EmptyBreakingChange,
                        offset,
                        "the BREAKING CHANGE footer has no description".into(),
                    )
                    .with_hint("say what breaks and how to migrate"),
                );
            }
        } else if let Some(len) = lowercase_breaking_token(line) {
            out.push(
                Diagnostic::at(
                    LintCode::LowercaseBreakingChange.as_str(),
                    Severity::Warning,
                    message,
                    offset,
                    format!(
                        "`{}` is not a breaking-change footer",
                        line.get(..len).unwrap_or_default()
                    ),
                )
                .with_hint("footers that mark breaking changes are upper-case: `BREAKING CHANGE:`"),
            );
        }
        offset += raw.len() + 1;
    }
}

/// The length of an exact `BREAKING CHANGE:` or `BREAKING-CHANGE:` token.
fn breaking_token(line: &str) -> Option<usize> {
    ["BREAKING CHANGE:", "BREAKING-CHANGE:"]
        .iter()
        .find(|t| line.starts_with(*t))
        .map(|t| t.len())
}

/// The length of a `breaking change:` token in any other case.
fn lowercase_breaking_token(line: &str) -> Option<usize> {
    let head = line.get(..16)?;
    let lower = head.to_ascii_lowercase();
    (lower == "breaking change:" || lower == "breaking-change:").then_some(16)
}

/// The message without git's comment lines (those starting with `#`) and without
/// everything from a scissors line (`# ------------------------ >8 ------------------------`)
/// on, as git records it; for linting the file a `commit-msg` hook receives.
///
/// ```
/// use relcore::commit::strip_comments;
/// let file = "feat: x\n\n# Please enter the commit message\n# ------------------------ >8 ------------------------\ndiff --git a/x b/x\n";
/// assert_eq!(strip_comments(file), "feat: x\n\n");
/// ```
pub fn strip_comments(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    for line in message.split_inclusive('\n') {
        if is_scissors(line) {
            break;
        }
        if !line.starts_with('#') {
            out.push_str(line);
        }
    }
    out
}
