//! The strict SemVer 2.0.0 parser behind [`Version::parse`] and the `FromStr` impls.

use std::str::FromStr;

use super::error::{ErrorKind, Expected, ParseError, Position};
use super::ident::SmallStr;
use super::{BuildMetadata, Prerelease, Version};

/// A cursor over the input bytes; every error is built here, with the offset.
struct Parser<'a> {
    input: &'a str,
    bytes: &'a [u8],
    pos: usize,
}

impl Parser<'_> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    #[cold]
    fn error(
        &self,
        kind: ErrorKind,
        offset: usize,
        position: Option<Position>,
        expected: Option<Expected>,
    ) -> ParseError {
        let found = self
            .input
            .get(offset..)
            .and_then(|rest| rest.chars().next());
        ParseError {
            kind,
            offset,
            position,
            found,
            expected,
            input: self.input.to_owned(),
        }
    }

    #[cold]
    fn unexpected(&self, position: Position, expected: Expected) -> ParseError {
        let kind = if self.pos >= self.bytes.len() {
            ErrorKind::UnexpectedEnd
        } else {
            ErrorKind::UnexpectedCharacter
        };
        self.error(kind, self.pos, Some(position), Some(expected))
    }

    /// `0 | [1-9][0-9]*`, fitting in a u64.
    fn number(&mut self, position: Position) -> Result<u64, ParseError> {
        let start = self.pos;
        let mut value: u64 = 0;
        while let Some(c) = self.peek().filter(u8::is_ascii_digit) {
            if self.pos > start && value == 0 {
                return Err(self.error(ErrorKind::LeadingZero, start, Some(position), None));
            }
            value = value
                .checked_mul(10)
                .and_then(|v| v.checked_add(u64::from(c - b'0')))
                .ok_or_else(|| self.error(ErrorKind::Overflow, start, Some(position), None))?;
            self.pos += 1;
        }
        if self.pos == start {
            return Err(self.unexpected(position, Expected::Digit));
        }
        Ok(value)
    }

    fn dot(&mut self, position: Position) -> Result<(), ParseError> {
        if self.peek() == Some(b'.') {
            self.pos += 1;
            Ok(())
        } else {
            Err(self.unexpected(position, Expected::Dot))
        }
    }

    /// Dot-separated identifiers of `[0-9A-Za-z-]`, up to `+` (pre-release) or the end.
    fn identifiers(&mut self, position: Position) -> Result<SmallStr, ParseError> {
        let start = self.pos;
        loop {
            let ident_start = self.pos;
            let mut numeric = true;
            while let Some(c) = self.peek() {
                if c.is_ascii_digit() {
                } else if c.is_ascii_alphabetic() || c == b'-' {
                    numeric = false;
                } else {
                    break;
                }
                self.pos += 1;
            }
            let len = self.pos - ident_start;
            if len == 0 {
                let at_separator = matches!(self.peek(), None | Some(b'.' | b'+'));
                if at_separator {
                    return Err(self.error(
                        ErrorKind::EmptyIdentifier,
                        ident_start,
                        Some(position),
                        None,
                    ));
                }
            }
            if position == Position::Pre
                && numeric
                && len > 1
                && self.bytes.get(ident_start) == Some(&b'0')
            {
                return Err(self.error(ErrorKind::LeadingZero, ident_start, Some(position), None));
            }
            match self.peek() {
                Some(b'.') => self.pos += 1,
                None => break,
                Some(b'+') if position == Position::Pre => break,
                Some(_) => {
                    let expected = if position == Position::Pre {
                        Expected::PreChar
                    } else {
                        Expected::BuildChar
                    };
                    return Err(self.unexpected(position, expected));
                }
            }
        }
        let text = self.input.get(start..self.pos).unwrap_or_default();
        Ok(SmallStr::new(text))
    }
}

/// Parses `input` as a strict SemVer 2.0.0 version. See [`Version::parse`].
pub(crate) fn parse(input: &str) -> Result<Version, ParseError> {
    let mut p = Parser {
        input,
        bytes: input.as_bytes(),
        pos: 0,
    };
    match p.peek() {
        None => return Err(p.error(ErrorKind::Empty, 0, None, None)),
        Some(b'v' | b'V' | b'=') => {
            return Err(p.error(ErrorKind::UnexpectedPrefix, 0, Some(Position::Major), None));
        }
        Some(_) => {}
    }
    let major = p.number(Position::Major)?;
    p.dot(Position::Major)?;
    let minor = p.number(Position::Minor)?;
    p.dot(Position::Minor)?;
    let patch = p.number(Position::Patch)?;
    let mut pre = Prerelease::EMPTY;
    let mut build = BuildMetadata::EMPTY;
    match p.peek() {
        None => {}
        Some(b'-') => {
            p.pos += 1;
            pre = Prerelease(p.identifiers(Position::Pre)?);
            if p.peek() == Some(b'+') {
                p.pos += 1;
                build = BuildMetadata(p.identifiers(Position::Build)?);
            }
        }
        Some(b'+') => {
            p.pos += 1;
            build = BuildMetadata(p.identifiers(Position::Build)?);
        }
        Some(_) => return Err(p.unexpected(Position::Patch, Expected::PreOrBuildOrEnd)),
    }
    Ok(Version {
        major,
        minor,
        patch,
        pre,
        build,
    })
}

/// Parses a dotted identifier list on its own, for [`Prerelease::new`] and
/// [`BuildMetadata::new`]; offsets are relative to `input`.
pub(crate) fn parse_identifiers(input: &str, position: Position) -> Result<SmallStr, ParseError> {
    if input.is_empty() {
        return Ok(SmallStr::EMPTY);
    }
    let mut p = Parser {
        input,
        bytes: input.as_bytes(),
        pos: 0,
    };
    let ids = p.identifiers(position)?;
    if p.pos < p.bytes.len() {
        // Only a `+` can stop a pre-release list early.
        return Err(p.unexpected(position, Expected::PreChar));
    }
    Ok(ids)
}

impl FromStr for Version {
    type Err = ParseError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        parse(s)
    }
}

impl FromStr for Prerelease {
    type Err = ParseError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Prerelease::new(s)
    }
}

impl FromStr for BuildMetadata {
    type Err = ParseError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        BuildMetadata::new(s)
    }
}
