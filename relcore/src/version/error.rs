//! Errors of the `version` module: parsing, bumping and tag formats.

use std::fmt;

/// The part of a version a parse error points into.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Position {
    /// The major version number, `1` in `1.2.3`.
    Major,
    /// The minor version number, `2` in `1.2.3`.
    Minor,
    /// The patch version number, `3` in `1.2.3`.
    Patch,
    /// The pre-release identifiers, `rc.1` in `1.2.3-rc.1`.
    Pre,
    /// The build metadata, `build.5` in `1.2.3+build.5`.
    Build,
}

impl Position {
    /// A lower-case description used in messages, e.g. `minor version`.
    ///
    /// ```
    /// use relcore::version::Position;
    /// assert_eq!(Position::Pre.describe(), "pre-release");
    /// ```
    pub fn describe(self) -> &'static str {
        match self {
            Position::Major => "major version",
            Position::Minor => "minor version",
            Position::Patch => "patch version",
            Position::Pre => "pre-release",
            Position::Build => "build metadata",
        }
    }
}

/// What went wrong while parsing a version: the stable kind behind a [`ParseError`].
///
/// Every kind has a snake_case slug ([`ErrorKind::as_str`]) that is the same in Rust,
/// Python (`err.kind`), Node (`err.code`) and the CLI (`"code"` in `--json`). Slugs never
/// change once released; `docs/errors.md` lists them all.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum ErrorKind {
    /// The input is empty: ``.
    Empty,
    /// The input starts with a prefix that is not part of SemVer: `v1.2.3`, `=1.2.3`.
    /// A `v` prefix marks a release tag; see [`crate::version::TagFormat`].
    UnexpectedPrefix,
    /// A number or numeric pre-release identifier has a leading zero: `01.2.3`, `1.2.3-01`.
    LeadingZero,
    /// A character that cannot appear here: `1.2.3.4`, `1.2.x`, ` 1.2.3`, `1.2.3_rc`.
    UnexpectedCharacter,
    /// The input stops before the version is complete: `1.5`, `1.2.`.
    UnexpectedEnd,
    /// A pre-release or build identifier is empty: `1.2.3-`, `1.2.3+`, `1.2.3-alpha..1`.
    EmptyIdentifier,
    /// A version number does not fit in 64 bits: `18446744073709551616.0.0`.
    Overflow,
}

impl ErrorKind {
    /// Every kind, for the tests and docs that enumerate the slugs.
    pub const ALL: [ErrorKind; 7] = [
        ErrorKind::Empty,
        ErrorKind::UnexpectedPrefix,
        ErrorKind::LeadingZero,
        ErrorKind::UnexpectedCharacter,
        ErrorKind::UnexpectedEnd,
        ErrorKind::EmptyIdentifier,
        ErrorKind::Overflow,
    ];

    /// The stable slug of this kind, e.g. `leading_zero`.
    ///
    /// ```
    /// use relcore::version::{ErrorKind, Version};
    /// let err = Version::parse("1.02.3").unwrap_err();
    /// assert_eq!(err.kind(), ErrorKind::LeadingZero);
    /// assert_eq!(err.kind().as_str(), "leading_zero");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorKind::Empty => "empty",
            ErrorKind::UnexpectedPrefix => "unexpected_prefix",
            ErrorKind::LeadingZero => "leading_zero",
            ErrorKind::UnexpectedCharacter => "unexpected_character",
            ErrorKind::UnexpectedEnd => "unexpected_end",
            ErrorKind::EmptyIdentifier => "empty_identifier",
            ErrorKind::Overflow => "overflow",
        }
    }
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What the parser expected at the point of an unexpected character or end.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Expected {
    Digit,
    Dot,
    PreOrBuildOrEnd,
    PreChar,
    BuildChar,
}

impl Expected {
    fn describe(self) -> &'static str {
        match self {
            Expected::Digit => "a digit",
            Expected::Dot => "'.'",
            Expected::PreOrBuildOrEnd => "'-', '+' or the end",
            Expected::PreChar => "a letter, digit, '-', '.' or '+'",
            Expected::BuildChar => "a letter, digit, '-' or '.'",
        }
    }
}

/// Longest stretch of input quoted in a message; longer inputs are shortened around the
/// offending offset so a hostile megabyte does not end up in a log line.
const QUOTE_LIMIT: usize = 64;

/// An error from [`Version::parse`](crate::version::Version::parse).
///
/// It carries a stable [`ErrorKind`], the byte offset of the problem in the input, the
/// part of the version it concerns, and a message that quotes the input:
///
/// ```
/// use relcore::version::Version;
/// let err = Version::parse("1.02.3").unwrap_err();
/// assert_eq!(err.offset(), 2);
/// assert_eq!(
///     err.to_string(),
///     "invalid leading zero in minor version of `1.02.3` at offset 2"
/// );
/// ```
///
/// Offsets are byte offsets. Every character before an error is ASCII (anything else is
/// itself the error), so the offset is also the index in code points and in UTF-16 units.
#[derive(Clone, PartialEq, Eq)]
pub struct ParseError {
    pub(crate) kind: ErrorKind,
    pub(crate) offset: usize,
    pub(crate) position: Option<Position>,
    pub(crate) found: Option<char>,
    pub(crate) expected: Option<Expected>,
    pub(crate) input: String,
}

impl ParseError {
    /// The stable kind of this error.
    ///
    /// ```
    /// use relcore::version::{ErrorKind, Version};
    /// assert_eq!(Version::parse("1.2.3-").unwrap_err().kind(), ErrorKind::EmptyIdentifier);
    /// ```
    pub fn kind(&self) -> ErrorKind {
        self.kind
    }

    /// Byte offset of the problem in the input.
    ///
    /// ```
    /// use relcore::version::Version;
    /// assert_eq!(Version::parse("1.2.3-alpha..1").unwrap_err().offset(), 12);
    /// ```
    pub fn offset(&self) -> usize {
        self.offset
    }

    /// The part of the version the problem is in, when it is in one.
    ///
    /// ```
    /// use relcore::version::{Position, Version};
    /// assert_eq!(Version::parse("1.2.x").unwrap_err().position(), Some(Position::Patch));
    /// assert_eq!(Version::parse("").unwrap_err().position(), None);
    /// ```
    pub fn position(&self) -> Option<Position> {
        self.position
    }

    /// The input that failed to parse.
    ///
    /// ```
    /// use relcore::version::Version;
    /// assert_eq!(Version::parse("1.2").unwrap_err().input(), "1.2");
    /// ```
    pub fn input(&self) -> &str {
        &self.input
    }

    /// A suggestion for fixing the input, when there is an obvious one.
    ///
    /// ```
    /// use relcore::version::Version;
    /// let err = Version::parse("v1.2.3").unwrap_err();
    /// assert_eq!(
    ///     err.hint().as_deref(),
    ///     Some("`v1.2.3` looks like a release tag, not a version: the version is `1.2.3`")
    /// );
    /// ```
    pub fn hint(&self) -> Option<String> {
        match self.kind {
            ErrorKind::UnexpectedPrefix => {
                let rest = self.input.get(1..).unwrap_or_default();
                if matches!(self.found, Some('v' | 'V')) {
                    Some(format!(
                        "`{}` looks like a release tag, not a version: the version is `{}`",
                        quote(&self.input, 0),
                        quote(rest, 0)
                    ))
                } else {
                    Some(format!(
                        "remove the prefix: the version is `{}`",
                        quote(rest, 0)
                    ))
                }
            }
            ErrorKind::UnexpectedCharacter if self.found.is_some_and(char::is_whitespace) => {
                Some("remove the whitespace around the version".to_owned())
            }
            ErrorKind::UnexpectedEnd if self.position == Some(Position::Minor) => {
                Some("a version has three numbers: major.minor.patch".to_owned())
            }
            _ => None,
        }
    }
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let input = quote(&self.input, self.offset);
        let part = self.position.map_or("version", Position::describe);
        let at = self.offset;
        match self.kind {
            ErrorKind::Empty => write!(f, "empty string, expected a semantic version"),
            ErrorKind::UnexpectedPrefix => {
                let c = self.found.unwrap_or('?');
                write!(f, "unexpected prefix {c:?} in `{input}` at offset {at}")?;
                if let Some(hint) = self.hint() {
                    write!(f, "; {hint}")?;
                }
                Ok(())
            }
            ErrorKind::LeadingZero => {
                write!(
                    f,
                    "invalid leading zero in {part} of `{input}` at offset {at}"
                )
            }
            ErrorKind::UnexpectedCharacter => {
                let c = self.found.unwrap_or('?');
                if self.expected == Some(Expected::PreOrBuildOrEnd) {
                    write!(
                        f,
                        "unexpected character {c:?} after {part} of `{input}` at offset {at}"
                    )?;
                } else {
                    write!(
                        f,
                        "unexpected character {c:?} in {part} of `{input}` at offset {at}"
                    )?;
                }
                if let Some(expected) = self.expected {
                    write!(f, ", expected {}", expected.describe())?;
                }
                Ok(())
            }
            ErrorKind::UnexpectedEnd => {
                write!(
                    f,
                    "unexpected end of `{input}` at offset {at} while parsing {part}"
                )?;
                if let Some(expected) = self.expected {
                    write!(f, ", expected {}", expected.describe())?;
                }
                Ok(())
            }
            ErrorKind::EmptyIdentifier => {
                write!(f, "empty identifier in {part} of `{input}` at offset {at}")
            }
            ErrorKind::Overflow => write!(
                f,
                "{part} of `{input}` at offset {at} is larger than {}",
                u64::MAX
            ),
        }
    }
}

impl fmt::Debug for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ParseError({:?})", self.to_string())
    }
}

impl std::error::Error for ParseError {}

/// Quotes `input` for a message: control characters escaped, and long inputs cut to a
/// window around `offset` with `…` marking what was left out.
pub(crate) fn quote(input: &str, offset: usize) -> String {
    let chars: Vec<(usize, char)> = input.char_indices().collect();
    let at = chars
        .iter()
        .position(|&(i, _)| i >= offset)
        .unwrap_or(chars.len());
    let (start, end) = if chars.len() <= QUOTE_LIMIT {
        (0, chars.len())
    } else {
        let start = at.saturating_sub(QUOTE_LIMIT / 2);
        let end = (start + QUOTE_LIMIT).min(chars.len());
        (end.saturating_sub(QUOTE_LIMIT), end)
    };
    let mut out = String::new();
    if start > 0 {
        out.push('…');
    }
    for &(_, c) in chars.get(start..end).unwrap_or_default() {
        if c.is_control() || c == '`' {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    if end < chars.len() {
        out.push('…');
    }
    out
}

/// What went wrong while bumping a version: the stable kind behind a [`BumpError`].
///
/// Each kind is a case where node-semver's `inc` returns `null` (or, for
/// [`BumpErrorKind::WouldNotAdvance`], a version that is not greater than the input).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum BumpErrorKind {
    /// The level is not one of the node-semver increment names: `huge`.
    UnknownLevel,
    /// `release` was asked of a version that is not a pre-release: `1.2.3`.
    NotAPrerelease,
    /// The pre-release identifier is not a valid SemVer pre-release (`01`, `a..b`, `a+b`),
    /// or it is missing while the identifier base is `false`.
    InvalidIdentifier,
    /// The bump would not give a greater version: `1.2.3-rc` with `prerelease`, identifier
    /// `rc` and base `false`; `1.2.3-beta.1` with identifier `alpha`.
    WouldNotAdvance,
    /// The preid base is not `0`, `1` or `false`.
    InvalidBase,
    /// A version number is above 2^53 − 1, the largest node-semver and npm accept.
    Overflow,
    /// The version is longer than 256 characters, the longest node-semver and npm accept.
    TooLong,
}

impl BumpErrorKind {
    /// Every kind, for the tests and docs that enumerate the slugs.
    pub const ALL: [BumpErrorKind; 7] = [
        BumpErrorKind::UnknownLevel,
        BumpErrorKind::NotAPrerelease,
        BumpErrorKind::InvalidIdentifier,
        BumpErrorKind::WouldNotAdvance,
        BumpErrorKind::InvalidBase,
        BumpErrorKind::Overflow,
        BumpErrorKind::TooLong,
    ];

    /// The stable slug of this kind, e.g. `not_a_prerelease`.
    ///
    /// ```
    /// use relcore::version::BumpErrorKind;
    /// assert_eq!(BumpErrorKind::WouldNotAdvance.as_str(), "would_not_advance");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            BumpErrorKind::UnknownLevel => "unknown_level",
            BumpErrorKind::NotAPrerelease => "not_a_prerelease",
            BumpErrorKind::InvalidIdentifier => "invalid_identifier",
            BumpErrorKind::WouldNotAdvance => "would_not_advance",
            BumpErrorKind::InvalidBase => "invalid_base",
            BumpErrorKind::Overflow => "overflow",
            BumpErrorKind::TooLong => "too_long",
        }
    }
}

impl fmt::Display for BumpErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An error from [`Version::bump`](crate::version::Version::bump) or from parsing a
/// [`BumpLevel`](crate::version::BumpLevel) or [`PreidBase`](crate::version::PreidBase).
///
/// ```
/// use relcore::version::{BumpErrorKind, BumpLevel, Preid, Version};
/// let err = Version::parse("1.2.3")?.bump(BumpLevel::Release, &Preid::none()).unwrap_err();
/// assert_eq!(err.kind(), BumpErrorKind::NotAPrerelease);
/// assert_eq!(err.to_string(), "cannot bump `1.2.3` to release: it is not a pre-release");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct BumpError {
    kind: BumpErrorKind,
    message: String,
}

impl BumpError {
    pub(crate) fn new(kind: BumpErrorKind, message: String) -> BumpError {
        BumpError { kind, message }
    }

    /// The stable kind of this error.
    ///
    /// ```
    /// use relcore::version::{BumpErrorKind, BumpLevel};
    /// let err = "huge".parse::<BumpLevel>().unwrap_err();
    /// assert_eq!(err.kind(), BumpErrorKind::UnknownLevel);
    /// ```
    pub fn kind(&self) -> BumpErrorKind {
        self.kind
    }
}

impl fmt::Debug for BumpError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "BumpError({:?})", self.message)
    }
}

#[cfg(test)]
mod tests {
    use super::quote;

    #[test]
    fn quote_escapes_and_shortens() {
        assert_eq!(quote("1.2.3\n", 5), "1.2.3\\n");
        let long = format!("1.2.3-{}", "a".repeat(200));
        let q = quote(&long, 100);
        assert!(q.starts_with('…') && q.ends_with('…'));
        assert_eq!(q.chars().count(), 64 + 2);
    }
}
