//! The error of reading a classification value (or a `risk` severity) from text.

use std::fmt;

/// What went wrong: the stable kind behind a [`ParseError`].
///
/// Every kind has a snake_case slug ([`ErrorKind::as_str`]) that is the same in Rust,
/// Python (`err.kind`), Node (`err.code`) and the CLI (`"code"` in `--json`); slugs never
/// change once released, and `docs/errors.md` lists them all.
///
/// Classification itself never fails: its reasons are data. Only reading a value such as
/// a severity from a command-line argument can.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum ErrorKind {
    /// The text names no value of the type: severity `urgent`, strategy `big-bang`.
    UnknownValue,
}

impl ErrorKind {
    /// Every kind, for the tests and docs that enumerate the slugs.
    pub const ALL: [ErrorKind; 1] = [ErrorKind::UnknownValue];

    /// The stable slug of this kind.
    ///
    /// ```
    /// use relcore::risk::ErrorKind;
    /// assert_eq!(ErrorKind::UnknownValue.as_str(), "unknown_value");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorKind::UnknownValue => "unknown_value",
        }
    }
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

/// A value of the `risk` module could not be read from text.
///
/// # Errors
///
/// - `urgent` as a [`Severity`](crate::risk::Severity): not one of `low`, `medium`,
///   `high`, `critical` (`unknown_value`);
/// - `High` as a [`Risk`](super::Risk): values are lower-case (`unknown_value`);
/// - `blue_green` as a [`Strategy`](super::Strategy): the value is `blue-green`
///   (`unknown_value`).
///
/// ```
/// use relcore::risk::{ErrorKind, Severity};
///
/// let err = "urgent".parse::<Severity>().unwrap_err();
/// assert_eq!(err.kind(), ErrorKind::UnknownValue);
/// assert_eq!(err.what(), "severity");
/// assert_eq!(err.to_string(), "unknown severity `urgent`, expected one of low, medium, high, critical");
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct ParseError {
    kind: ErrorKind,
    what: &'static str,
    input: String,
    expected: Vec<&'static str>,
}

impl ParseError {
    pub(crate) fn unknown(what: &'static str, input: &str, expected: Vec<&'static str>) -> Self {
        ParseError {
            kind: ErrorKind::UnknownValue,
            what,
            input: input.to_owned(),
            expected,
        }
    }

    /// The stable kind of this error.
    ///
    /// ```
    /// use relcore::risk::{ErrorKind, Risk};
    /// assert_eq!("huge".parse::<Risk>().unwrap_err().kind(), ErrorKind::UnknownValue);
    /// ```
    pub fn kind(&self) -> ErrorKind {
        self.kind
    }

    /// What was being read, in words: `severity`, `strategy`, `change type`, …
    ///
    /// ```
    /// use relcore::risk::Strategy;
    /// assert_eq!("blue_green".parse::<Strategy>().unwrap_err().what(), "strategy");
    /// ```
    pub fn what(&self) -> &str {
        self.what
    }

    /// The text that was read.
    ///
    /// ```
    /// use relcore::risk::Severity;
    /// assert_eq!("sev1".parse::<Severity>().unwrap_err().input(), "sev1");
    /// ```
    pub fn input(&self) -> &str {
        &self.input
    }

    /// The values that would have been accepted, in their usual order.
    ///
    /// ```
    /// use relcore::risk::Risk;
    /// assert_eq!("x".parse::<Risk>().unwrap_err().expected(), ["low", "medium", "high"]);
    /// ```
    pub fn expected(&self) -> &[&'static str] {
        &self.expected
    }
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "unknown {} `{}`, expected one of {}",
            self.what,
            quote(&self.input),
            self.expected.join(", ")
        )
    }
}

impl fmt::Debug for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ParseError({:?})", self.to_string())
    }
}

impl std::error::Error for ParseError {}

/// The longest input a message quotes, in characters.
const QUOTE_LIMIT: usize = 40;

/// Quotes `input` for a message: control characters and backticks escaped, long inputs cut.
pub(crate) fn quote(input: &str) -> String {
    let mut out = String::new();
    for (n, c) in input.chars().enumerate() {
        if n == QUOTE_LIMIT {
            out.push('…');
            break;
        }
        if c == '`' {
            out.push_str("\\`");
        } else if c.is_control() {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::quote;

    #[test]
    fn quoting_escapes_and_cuts() {
        assert_eq!(quote("a\nb`c"), "a\\nb\\`c");
        assert_eq!(quote(&"x".repeat(50)), format!("{}…", "x".repeat(40)));
        assert_eq!(quote(""), "");
    }
}
