//! Durations with explicit units: `90s`, `5m`, `1h30m`, `2d`.

use std::fmt;
use std::str::FromStr;

use crate::plan::expr::error::{SyntaxError, SyntaxErrorKind};

/// A length of time in whole seconds, written with explicit units.
///
/// # Syntax
///
/// One or more `<number><unit>` parts, largest unit first, without spaces: `90s`, `5m`,
/// `1h30m`, `2d12h`. Units are `d` (days), `h` (hours), `m` (minutes) and `s` (seconds).
/// [`Display`](fmt::Display) writes the canonical form (`90s` becomes `1m30s`), which
/// parses back to the same duration. Serde goes through that string form.
///
/// # Errors
///
/// - `90`: a number without a unit (`missing_unit`): is it seconds or minutes?
/// - `5w`, `5ms`: not one of `d`, `h`, `m`, `s` (`unknown_unit`).
/// - `h`, `1.5h`: no number, or not a whole number (`invalid_number`).
/// - `1h 30m`, `30m1h`, `1h1h`: a space, or units out of order or repeated
///   (`unexpected_character`).
/// - `99999999999999999999h`: does not fit in 64 bits of seconds (`overflow`).
/// - ``: empty (`empty`).
///
/// A zero duration (`0s`) parses; a plan rejects it (`duration_not_positive`).
///
/// # Example
///
/// ```
/// use relcore::plan::Duration;
/// let d: Duration = "1h30m".parse()?;
/// assert_eq!(d.as_secs(), 5400);
/// assert_eq!(Duration::from_secs(90).to_string(), "1m30s");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Duration {
    seconds: u64,
}

impl Duration {
    /// A duration of `seconds` seconds.
    ///
    /// ```
    /// use relcore::plan::Duration;
    /// assert_eq!(Duration::from_secs(3600).to_string(), "1h");
    /// ```
    pub const fn from_secs(seconds: u64) -> Duration {
        Duration { seconds }
    }

    /// The duration in seconds.
    ///
    /// ```
    /// use relcore::plan::Duration;
    /// assert_eq!("2d".parse::<Duration>()?.as_secs(), 172_800);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub const fn as_secs(self) -> u64 {
        self.seconds
    }

    /// Parses a duration; the same as [`str::parse`].
    ///
    /// ```
    /// use relcore::plan::Duration;
    /// assert_eq!(Duration::parse("5m")?.as_secs(), 300);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn parse(text: &str) -> Result<Duration, SyntaxError> {
        text.parse()
    }
}

const UNITS: [(char, u64); 4] = [('d', 86_400), ('h', 3_600), ('m', 60), ('s', 1)];

fn err(
    kind: SyntaxErrorKind,
    input: &str,
    offset: usize,
    detail: impl fmt::Display,
) -> SyntaxError {
    SyntaxError::new(kind, "duration", input, offset, detail)
}

/// The error for position `i` of `text`, where a number should start but does not.
fn no_number(text: &str, i: usize) -> SyntaxError {
    let found = text.get(i..).and_then(|s| s.chars().next()).unwrap_or(' ');
    if found == '-' && i == 0 {
        err(
            SyntaxErrorKind::InvalidNumber,
            text,
            i,
            "a duration cannot be negative",
        )
    } else if found.is_whitespace() {
        err(
            SyntaxErrorKind::UnexpectedCharacter,
            text,
            i,
            "unexpected whitespace; write the parts together, as in `1h30m`",
        )
    } else if i > 0 {
        err(
            SyntaxErrorKind::UnexpectedCharacter,
            text,
            i,
            format_args!(
                "unexpected `{}` after `{}`",
                found.escape_default(),
                text.get(..i).unwrap_or_default()
            ),
        )
    } else {
        err(
            SyntaxErrorKind::InvalidNumber,
            text,
            i,
            format_args!("expected a number, found `{}`", found.escape_default()),
        )
    }
}

/// The unit at position `i` of `text`, after the number `digits`: its index in [`UNITS`]
/// and its length.
fn unit_at(text: &str, i: usize, digits: &str) -> Result<(usize, usize), SyntaxError> {
    let rest = text.get(i..).unwrap_or_default();
    let word: String = rest.chars().take_while(char::is_ascii_alphabetic).collect();
    let Some(unit_char) = rest.chars().next() else {
        return Err(err(
            SyntaxErrorKind::MissingUnit,
            text,
            i,
            format_args!(
                "`{digits}` has no unit; write `{digits}s`, `{digits}m`, `{digits}h` or `{digits}d`"
            ),
        ));
    };
    if unit_char == '.' || unit_char == ',' {
        return Err(err(
            SyntaxErrorKind::InvalidNumber,
            text,
            i,
            "expected a whole number; write `1h30m` rather than `1.5h`",
        ));
    }
    if unit_char.is_whitespace() {
        return Err(err(
            SyntaxErrorKind::UnexpectedCharacter,
            text,
            i,
            "unexpected whitespace; write the number and the unit together, as in `5m`",
        ));
    }
    if word.is_empty() {
        return Err(err(
            SyntaxErrorKind::UnexpectedCharacter,
            text,
            i,
            format_args!(
                "unexpected `{}` after `{digits}`; expected a unit: `s`, `m`, `h` or `d`",
                unit_char.escape_default()
            ),
        ));
    }
    // `5w`, and `5ms` or `5min`: a longer word that starts with a known unit.
    match UNITS.iter().position(|(c, _)| *c == unit_char) {
        Some(index) if word.len() == 1 => Ok((index, 1)),
        _ => Err(err(
            SyntaxErrorKind::UnknownUnit,
            text,
            i,
            format_args!("unknown unit `{word}`; expected `s`, `m`, `h` or `d`"),
        )),
    }
}

impl FromStr for Duration {
    type Err = SyntaxError;

    fn from_str(text: &str) -> Result<Duration, SyntaxError> {
        if text.trim().is_empty() {
            return Err(err(
                SyntaxErrorKind::Empty,
                text,
                0,
                "expected a number and a unit such as `5m`",
            ));
        }
        let bytes = text.as_bytes();
        let mut i = 0;
        let mut total: u64 = 0;
        // Index into UNITS of the last unit seen: units must strictly decrease.
        let mut last_unit: Option<usize> = None;
        while i < bytes.len() {
            let start = i;
            while bytes.get(i).is_some_and(u8::is_ascii_digit) {
                i += 1;
            }
            if i == start {
                return Err(no_number(text, i));
            }
            let digits = text.get(start..i).unwrap_or_default();
            let (unit_index, unit_len) = unit_at(text, i, digits)?;
            if last_unit.is_some_and(|last| unit_index <= last) {
                return Err(err(
                    SyntaxErrorKind::UnexpectedCharacter,
                    text,
                    start,
                    "units must go from largest to smallest, each at most once, as in `1h30m`",
                ));
            }
            last_unit = Some(unit_index);
            let factor = UNITS.get(unit_index).map_or(1, |(_, f)| *f);
            let part = digits
                .parse::<u64>()
                .ok()
                .and_then(|n| n.checked_mul(factor))
                .and_then(|n| total.checked_add(n));
            total = part.ok_or_else(|| {
                err(
                    SyntaxErrorKind::Overflow,
                    text,
                    start,
                    "the duration is too long",
                )
            })?;
            i += unit_len;
        }
        Ok(Duration { seconds: total })
    }
}

impl fmt::Display for Duration {
    /// The canonical form: `1h30m`, `45s`, `0s`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.seconds == 0 {
            return f.write_str("0s");
        }
        let mut rest = self.seconds;
        let mut out = String::new();
        for (unit, size) in UNITS {
            let n = rest / size;
            rest %= size;
            if n > 0 {
                out.push_str(&n.to_string());
                out.push(unit);
            }
        }
        f.pad(&out)
    }
}

impl serde::Serialize for Duration {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for Duration {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn secs(s: &str) -> u64 {
        match s.parse::<Duration>() {
            Ok(d) => d.as_secs(),
            Err(e) => panic!("{s}: {e}"),
        }
    }

    fn kind(s: &str) -> &'static str {
        match s.parse::<Duration>() {
            Ok(d) => panic!("{s}: parsed as {d}"),
            Err(e) => e.kind().as_str(),
        }
    }

    #[test]
    fn parses() {
        assert_eq!(secs("5m"), 300);
        assert_eq!(secs("1h"), 3600);
        assert_eq!(secs("1h30m"), 5400);
        assert_eq!(secs("90s"), 90);
        assert_eq!(secs("1d2h3m4s"), 93_784);
        assert_eq!(secs("0s"), 0);
        assert_eq!(secs("007m"), 420);
    }

    #[test]
    fn rejects() {
        assert_eq!(kind("90"), "missing_unit");
        assert_eq!(kind(""), "empty");
        assert_eq!(kind(" "), "empty");
        assert_eq!(kind("5w"), "unknown_unit");
        assert_eq!(kind("5ms"), "unknown_unit");
        assert_eq!(kind("5min"), "unknown_unit");
        assert_eq!(kind("h"), "invalid_number");
        assert_eq!(kind("1.5h"), "invalid_number");
        assert_eq!(kind("-5m"), "invalid_number");
        assert_eq!(kind("1h 30m"), "unexpected_character");
        assert_eq!(kind("5 m"), "unexpected_character");
        assert_eq!(kind("30m1h"), "unexpected_character");
        assert_eq!(kind("1h1h"), "unexpected_character");
        assert_eq!(kind("5m!"), "unexpected_character");
        assert_eq!(kind("5%"), "unexpected_character");
        assert_eq!(kind("99999999999999999999h"), "overflow");
        assert_eq!(kind("213503982334602d"), "overflow");
        assert_eq!(kind("5mé"), "unexpected_character");
    }

    #[test]
    fn messages() {
        let e = "90".parse::<Duration>().unwrap_err();
        assert_eq!(
            e.to_string(),
            "invalid duration `90`: `90` has no unit; write `90s`, `90m`, `90h` or `90d` at offset 2"
        );
        let e = "5w".parse::<Duration>().unwrap_err();
        assert_eq!(
            e.to_string(),
            "invalid duration `5w`: unknown unit `w`; expected `s`, `m`, `h` or `d` at offset 1"
        );
    }

    #[test]
    fn display_round_trips() {
        for s in [0, 1, 59, 60, 61, 3599, 3600, 5400, 86_400, 93_784, u64::MAX] {
            let d = Duration::from_secs(s);
            assert_eq!(d.to_string().parse::<Duration>(), Ok(d), "{s}");
        }
        assert_eq!(Duration::from_secs(90).to_string(), "1m30s");
        assert_eq!(format!("{:>6}", Duration::from_secs(60)), "    1m");
    }

    #[test]
    fn serde_through_the_string() {
        let d = Duration::from_secs(5400);
        assert_eq!(serde_json::to_string(&d).unwrap(), "\"1h30m\"");
        assert_eq!(serde_json::from_str::<Duration>("\"1h30m\"").unwrap(), d);
        assert!(serde_json::from_str::<Duration>("\"90\"").is_err());
    }
}
