//! One diagnostic shape for everything relcore checks: commit messages, and later rollout
//! plans and configuration. Serialised, it is the JSON every language and the CLI emit.

use std::fmt;
use std::fmt::Write as _;

use serde::{Deserialize, Serialize};

/// How bad a problem is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(
    feature = "schema",
    derive(schemars::JsonSchema),
    schemars(rename = "DiagnosticSeverity")
)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// The input breaks a rule: a `commit-msg` hook rejects it, a plan check fails.
    Error,
    /// Probably a mistake, but allowed.
    Warning,
    /// Worth knowing, not a mistake: a behaviour the input chose, such as a hold band
    /// that a hold timeout bounds.
    Note,
}

impl Severity {
    /// `error`, `warning` or `note`.
    ///
    /// ```
    /// use relcore::diagnostic::Severity;
    /// assert_eq!(Severity::Warning.as_str(), "warning");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "note",
        }
    }
}

/// A located problem: a stable code, a severity, where it is and what to do about it.
///
/// `offset` is a byte offset into the checked text; `line` and `column` are 1-based, the
/// column counted in characters.
///
/// ```
/// use relcore::commit::lint;
/// let d = &lint("feat:add x")[0];
/// assert_eq!(d.code, "missing_space_after_colon");
/// assert_eq!((d.offset, d.line, d.column), (Some(5), Some(1), Some(6)));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Diagnostic {
    /// The stable slug of the rule, e.g. `missing_colon`.
    pub code: String,
    /// Error or warning.
    pub severity: Severity,
    /// The document path of the problem (`deployment.stages[2].percentage`), where the
    /// input is a document.
    #[serde(default)]
    pub path: Option<String>,
    /// Where the problem is in the text: a byte offset in Rust and the CLI's JSON, a
    /// code-point index in Python, a UTF-16 index in JavaScript.
    #[serde(default)]
    pub offset: Option<usize>,
    /// 1-based line.
    #[serde(default)]
    pub line: Option<usize>,
    /// 1-based column, in characters.
    #[serde(default)]
    pub column: Option<usize>,
    /// The offending text, when there is one.
    #[serde(default)]
    pub value: Option<String>,
    /// What is wrong, lower-case, no trailing period.
    pub message: String,
    /// How to fix it.
    #[serde(default)]
    pub hint: Option<String>,
}

impl Diagnostic {
    /// A diagnostic at byte `offset` of `text`, with line and column worked out.
    ///
    /// ```
    /// use relcore::diagnostic::{Diagnostic, Severity};
    /// let d = Diagnostic::at("x", Severity::Error, "a\nbé!", 5, "bad");
    /// assert_eq!((d.line, d.column), (Some(2), Some(3)));
    /// ```
    pub fn at(
        code: &str,
        severity: Severity,
        text: &str,
        offset: usize,
        message: impl Into<String>,
    ) -> Diagnostic {
        let (line, column) = line_column(text, offset);
        Diagnostic {
            code: code.to_owned(),
            severity,
            path: None,
            offset: Some(offset),
            line: Some(line),
            column: Some(column),
            value: None,
            message: message.into(),
            hint: None,
        }
    }

    /// The same diagnostic with a hint.
    #[must_use]
    pub fn with_hint(mut self, hint: impl Into<String>) -> Diagnostic {
        self.hint = Some(hint.into());
        self
    }

    /// The same diagnostic with the offending value.
    #[must_use]
    pub fn with_value(mut self, value: impl Into<String>) -> Diagnostic {
        self.value = Some(value.into());
        self
    }
}

impl fmt::Display for Diagnostic {
    /// `1:6: error[missing_space_after_colon]: message`
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let (Some(line), Some(column)) = (self.line, self.column) {
            write!(f, "{line}:{column}: ")?;
        }
        write!(
            f,
            "{}[{}]: {}",
            self.severity.as_str(),
            self.code,
            self.message
        )
    }
}

/// The 1-based line and character column of byte `offset` in `text` (clamped to the
/// text, and to a character boundary).
///
/// ```
/// use relcore::diagnostic::line_column;
/// assert_eq!(line_column("ab\ncd", 4), (2, 2));
/// assert_eq!(line_column("ab", 99), (1, 3));
/// ```
pub fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = text.get(..offset).unwrap_or_default();
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let line = before.matches('\n').count() + 1;
    let column = before.get(line_start..).map_or(0, |s| s.chars().count()) + 1;
    (line, column)
}

/// Bytes that are not UTF-8, located: where the first bad sequence starts, and its
/// bytes as written (`\xFF`).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("invalid UTF-8 at line {line}, column {column} (byte offset {offset}): {bytes}")]
pub struct InvalidUtf8 {
    /// The byte offset of the first bad byte.
    pub offset: usize,
    /// Its 1-based line.
    pub line: usize,
    /// Its 1-based character column (the characters before it on its line, plus one).
    pub column: usize,
    /// The bad bytes, escaped: `\xFF`, `\xC3\x28`.
    pub bytes: String,
}

impl InvalidUtf8 {
    /// The stable slug: `invalid_utf8`.
    pub fn code(&self) -> &'static str {
        "invalid_utf8"
    }
}

/// `bytes` as text, or where and what the first byte that is not UTF-8 is. Readers of
/// files (plans, timelines, configs, changelogs, commit messages) use this so that a
/// stray byte is an error with a place, not "stream did not contain valid UTF-8".
///
/// ```
/// use relcore::diagnostic::decode_utf8;
/// assert_eq!(decode_utf8(b"ok\n"), Ok("ok\n"));
/// let err = decode_utf8(b"a: 1\nb: \xFF\n").unwrap_err();
/// assert_eq!((err.line, err.column, err.offset), (2, 4, 8));
/// assert_eq!(err.to_string(), "invalid UTF-8 at line 2, column 4 (byte offset 8): \\xFF");
/// ```
pub fn decode_utf8(bytes: &[u8]) -> Result<&str, InvalidUtf8> {
    std::str::from_utf8(bytes).map_err(|e| {
        let offset = e.valid_up_to();
        let bad_len = e
            .error_len()
            .unwrap_or_else(|| bytes.len().saturating_sub(offset));
        let valid = bytes.get(..offset).unwrap_or_default();
        // The prefix is valid by construction; an empty string is never reached.
        let before = std::str::from_utf8(valid).unwrap_or_default();
        let (line, column) = line_column(before, offset);
        let bad = bytes.get(offset..offset + bad_len).unwrap_or_default();
        InvalidUtf8 {
            offset,
            line,
            column,
            bytes: bad.iter().fold(String::new(), |mut out, b| {
                let _ = write!(out, "\\x{b:02X}");
                out
            }),
        }
    })
}

/// [`decode_utf8`] for bytes the caller owns: the text without a copy, or where the first
/// byte that is not UTF-8 is.
///
/// ```
/// use relcore::diagnostic::string_from_utf8;
/// assert_eq!(string_from_utf8(b"ok".to_vec()).as_deref(), Ok("ok"));
/// assert_eq!(string_from_utf8(b"a\n\xFF".to_vec()).unwrap_err().line, 2);
/// ```
pub fn string_from_utf8(bytes: Vec<u8>) -> Result<String, InvalidUtf8> {
    String::from_utf8(bytes).map_err(|e| match decode_utf8(e.as_bytes()) {
        Err(located) => located,
        // Both read the same bytes with the same rules: this arm is not reached.
        Ok(_) => InvalidUtf8 {
            offset: e.utf8_error().valid_up_to(),
            line: 1,
            column: 1,
            bytes: String::new(),
        },
    })
}
