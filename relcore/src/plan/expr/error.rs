//! The error of the plan's small languages: durations, gate expressions, deployment
//! windows and date ranges.

use std::fmt;

/// What went wrong while reading a duration, a gate expression, an allowed window, a freeze
/// range or a start time: the stable kind behind a [`SyntaxError`].
///
/// Every kind has a snake_case slug ([`SyntaxErrorKind::as_str`]) shared by every
/// language; `docs/errors.md` lists them.
///
/// ```
/// use relcore::plan::{AllowRange, SyntaxErrorKind};
/// let err = "tues 10:00-12:00".parse::<AllowRange>().unwrap_err();
/// assert_eq!(err.kind(), SyntaxErrorKind::InvalidDay);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum SyntaxErrorKind {
    /// The text is empty: ``, `   `.
    Empty,
    /// A number without a unit where a unit is required: the duration `90`.
    MissingUnit,
    /// A unit that is not allowed here: `5w`, `error-rate < 5kg`.
    UnknownUnit,
    /// A malformed or missing number: `h`, `1.2.3s`, `error-rate < %`.
    InvalidNumber,
    /// A gate without a comparison operator: `error-rate 5%`, `error-rate => 5%`.
    MissingOperator,
    /// The text stops before it is complete: `error-rate <`, `tue 10:00-`.
    UnexpectedEnd,
    /// A character that cannot appear here: `1h 30m`, `error-rate < 5% or 6%`.
    UnexpectedCharacter,
    /// A number too large to represent: `99999999999999999999h`.
    Overflow,
    /// Not a day of the week: `tuesday`, `tue-thr`.
    InvalidDay,
    /// Not a `HH:MM` time of day: `25:00`, `10h`.
    InvalidTime,
    /// Not a `YYYY-MM-DD` date or `YYYY-MM-DDTHH:MM` date and time: `2026-02-30`.
    InvalidDate,
    /// A range whose end is not after its start: `10:00-10:00`, `2026-12-26/2026-12-24`.
    EmptyRange,
}

impl SyntaxErrorKind {
    /// Every kind, for the tests and docs that enumerate the slugs.
    pub const ALL: [SyntaxErrorKind; 12] = [
        SyntaxErrorKind::Empty,
        SyntaxErrorKind::MissingUnit,
        SyntaxErrorKind::UnknownUnit,
        SyntaxErrorKind::InvalidNumber,
        SyntaxErrorKind::MissingOperator,
        SyntaxErrorKind::UnexpectedEnd,
        SyntaxErrorKind::UnexpectedCharacter,
        SyntaxErrorKind::Overflow,
        SyntaxErrorKind::InvalidDay,
        SyntaxErrorKind::InvalidTime,
        SyntaxErrorKind::InvalidDate,
        SyntaxErrorKind::EmptyRange,
    ];

    /// The stable slug of this kind, e.g. `missing_unit`.
    ///
    /// ```
    /// use relcore::plan::Duration;
    /// let err = "90".parse::<Duration>().unwrap_err();
    /// assert_eq!(err.kind().as_str(), "missing_unit");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            SyntaxErrorKind::Empty => "empty",
            SyntaxErrorKind::MissingUnit => "missing_unit",
            SyntaxErrorKind::UnknownUnit => "unknown_unit",
            SyntaxErrorKind::InvalidNumber => "invalid_number",
            SyntaxErrorKind::MissingOperator => "missing_operator",
            SyntaxErrorKind::UnexpectedEnd => "unexpected_end",
            SyntaxErrorKind::UnexpectedCharacter => "unexpected_character",
            SyntaxErrorKind::Overflow => "overflow",
            SyntaxErrorKind::InvalidDay => "invalid_day",
            SyntaxErrorKind::InvalidTime => "invalid_time",
            SyntaxErrorKind::InvalidDate => "invalid_date",
            SyntaxErrorKind::EmptyRange => "empty_range",
        }
    }
}

impl fmt::Display for SyntaxErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Longest stretch of input quoted in a message.
const QUOTE_LIMIT: usize = 64;

/// An error from parsing one of the plan's small languages: [`Duration`](crate::plan::Duration),
/// [`Gate`](crate::plan::Gate), [`AllowRange`](crate::plan::AllowRange), [`DateRange`](crate::plan::DateRange).
///
/// It carries a stable [`SyntaxErrorKind`], the byte offset of the problem in the input and
/// a lower-case message that quotes the input:
///
/// ```
/// use relcore::plan::Gate;
/// let err = "error-rate 5%".parse::<Gate>().unwrap_err();
/// assert_eq!(err.kind().as_str(), "missing_operator");
/// assert_eq!(err.offset(), 11);
/// assert_eq!(
///     err.to_string(),
///     "invalid gate `error-rate 5%`: expected one of `<`, `<=`, `>`, `>=`, `==`, `!=` after the metric at offset 11"
/// );
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct SyntaxError {
    kind: SyntaxErrorKind,
    offset: usize,
    input: String,
    message: String,
}

impl SyntaxError {
    /// An error of `kind` at byte `offset` of `input`, while reading a `what` (`duration`,
    /// `gate`), with `detail` saying what was expected or found.
    pub(crate) fn new(
        kind: SyntaxErrorKind,
        what: &str,
        input: &str,
        offset: usize,
        detail: impl fmt::Display,
    ) -> SyntaxError {
        let message = format!(
            "invalid {what} `{}`: {detail} at offset {offset}",
            quote(input)
        );
        SyntaxError {
            kind,
            offset,
            input: input.to_owned(),
            message,
        }
    }

    /// The stable kind of this error.
    ///
    /// ```
    /// use relcore::plan::{Duration, SyntaxErrorKind};
    /// let err = "5w".parse::<Duration>().unwrap_err();
    /// assert_eq!(err.kind(), SyntaxErrorKind::UnknownUnit);
    /// ```
    pub fn kind(&self) -> SyntaxErrorKind {
        self.kind
    }

    /// The byte offset of the problem in the input.
    ///
    /// ```
    /// use relcore::plan::Duration;
    /// assert_eq!("1h 30m".parse::<Duration>().unwrap_err().offset(), 2);
    /// ```
    pub fn offset(&self) -> usize {
        self.offset
    }

    /// The text that was parsed.
    ///
    /// ```
    /// use relcore::plan::Duration;
    /// assert_eq!("0x".parse::<Duration>().unwrap_err().input(), "0x");
    /// ```
    pub fn input(&self) -> &str {
        &self.input
    }

    /// The message without the position suffix, for diagnostics that carry their own.
    pub(crate) fn detail(&self) -> &str {
        self.message
            .rsplit_once(" at offset ")
            .map_or(self.message.as_str(), |(head, _)| head)
    }
}

impl fmt::Display for SyntaxError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl fmt::Debug for SyntaxError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SyntaxError({:?})", self.message)
    }
}

impl std::error::Error for SyntaxError {}

/// `s` with control characters escaped and cut to [`QUOTE_LIMIT`] characters.
pub(crate) fn quote(s: &str) -> String {
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i == QUOTE_LIMIT {
            out.push('…');
            break;
        }
        if c.is_control() {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoting_escapes_and_cuts() {
        assert_eq!(quote("a\nb"), "a\\nb");
        assert_eq!(quote(&"x".repeat(100)).chars().count(), QUOTE_LIMIT + 1);
    }

    #[test]
    fn detail_drops_the_offset() {
        let e = SyntaxError::new(SyntaxErrorKind::Empty, "duration", "", 0, "empty");
        assert_eq!(e.to_string(), "invalid duration ``: empty at offset 0");
        assert_eq!(e.detail(), "invalid duration ``: empty");
        assert_eq!(
            format!("{e:?}"),
            "SyntaxError(\"invalid duration ``: empty at offset 0\")"
        );
    }
}
