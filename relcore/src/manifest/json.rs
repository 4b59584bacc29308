//! JSON files: the string value at a key path is replaced in place, so indentation, key
//! order and everything else stay byte for byte. A small scanner finds the value's span;
//! the file is also checked to be JSON.

use std::ops::Range;

use super::{ManifestError, ManifestErrorKind};

/// Refuses text that is not JSON, with line and column.
pub(crate) fn check(text: &str) -> Result<(), ManifestError> {
    serde_json::from_str::<serde_json::Value>(text)
        .map(|_| ())
        .map_err(|e| {
            ManifestError::new(
                ManifestErrorKind::InvalidFile,
                format!(
                    "not valid JSON at line {} column {}: {e}",
                    e.line(),
                    e.column()
                ),
            )
        })
}

/// The members of the top-level object `key` whose values are strings: each member's
/// name (unescaped) and its value's contents span. Every occurrence of `key` counts.
/// The text must have passed [`check`].
pub(crate) fn string_members(text: &str, key: &str) -> Vec<(String, Range<usize>)> {
    let mut s = Scanner {
        bytes: text.as_bytes(),
        pos: 0,
    };
    let mut out = Vec::new();
    s.ws();
    let _ = s.members_of(key, text, &mut out);
    out
}

/// Replaces the string at each of `paths` (object keys from the top) that exists; at least
/// one must.
pub(crate) fn set(text: &str, version: &str, paths: &[&[&str]]) -> Result<String, ManifestError> {
    check(text)?;
    set_checked(text, version, paths)
}

/// [`set`] on text that passed [`check`] (replacing a string's contents with a string's
/// contents keeps it JSON).
pub(crate) fn set_checked(
    text: &str,
    version: &str,
    paths: &[&[&str]],
) -> Result<String, ManifestError> {
    let edits: Vec<(&str, &[&str])> = paths.iter().map(|path| (version, *path)).collect();
    let (out, replaced) = set_many(text, &edits)?;
    if replaced == 0 {
        let names: Vec<String> = paths.iter().map(|p| p.join(".")).collect();
        return Err(ManifestError::new(
            ManifestErrorKind::VersionNotFound,
            format!("no string at {}", names.join(" or ")),
        ));
    }
    Ok(out)
}

/// Replaces the string at each `(value, path)` that exists, in one pass over text that
/// passed [`check`]; paths that name nothing are left out. Returns the text and how many
/// strings it replaced. A path that names more than one value (a duplicate key on the
/// way, which JSON parsers read differently: most keep the last) is refused, located.
pub(crate) fn set_many(
    text: &str,
    changes: &[(&str, &[&str])],
) -> Result<(String, usize), ManifestError> {
    let mut s = Scanner {
        bytes: text.as_bytes(),
        pos: 0,
    };
    let paths: Vec<(usize, &[&str])> = changes
        .iter()
        .enumerate()
        .map(|(i, (_, path))| (i, *path))
        .collect();
    let mut found = Vec::new();
    s.ws();
    // A scan that stops early (text that is not JSON) was refused before this is called.
    let _ = s.find_many(&paths, &mut found);
    found.sort_by_key(|&(i, at, _)| (i, at));
    if let Some((_, &(path, again, _))) = found
        .iter()
        .zip(found.iter().skip(1))
        .find(|(a, b)| a.0 == b.0)
    {
        let (line, column) = crate::diagnostic::line_column(text, again);
        let key = changes
            .get(path)
            .map(|(_, p)| p.join("."))
            .unwrap_or_default();
        return Err(ManifestError::new(
            ManifestErrorKind::InvalidFile,
            format!(
                "the key `{key}` appears more than once (again at line {line} column {column}): \
                 JSON readers disagree on which one counts; remove the duplicate"
            ),
        ));
    }
    let mut spans: Vec<(Range<usize>, &str)> = found
        .into_iter()
        .filter_map(|(i, _, span)| Some((span?, changes.get(i)?.0)))
        .collect();
    spans.sort_by_key(|(r, _)| r.start);
    let replaced = spans.len();
    let mut out = String::with_capacity(text.len());
    let mut cursor = 0;
    for (span, value) in spans {
        out.push_str(text.get(cursor..span.start).unwrap_or_default());
        out.push_str(value);
        cursor = span.end;
    }
    out.push_str(text.get(cursor..).unwrap_or_default());
    Ok((out, replaced))
}

/// What comes next inside an object.
enum Next {
    /// A member, by its key's contents.
    Key(Range<usize>),
    /// The object's end.
    End,
}

struct Scanner<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl Scanner<'_> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn ws(&mut self) {
        while self.peek().is_some_and(|c| c.is_ascii_whitespace()) {
            self.pos += 1;
        }
    }

    /// A string starting at `pos`: returns the span of its contents.
    fn string(&mut self) -> Option<Range<usize>> {
        if self.peek() != Some(b'"') {
            return None;
        }
        self.pos += 1;
        let start = self.pos;
        while let Some(c) = self.peek() {
            match c {
                b'\\' => self.pos += 2,
                b'"' => {
                    let end = self.pos;
                    self.pos += 1;
                    return Some(start..end);
                }
                _ => self.pos += 1,
            }
        }
        None
    }

    /// Skips one value of any kind.
    fn skip(&mut self) -> Option<()> {
        self.ws();
        match self.peek()? {
            b'"' => self.string().map(|_| ()),
            open @ (b'{' | b'[') => {
                let close = if open == b'{' { b'}' } else { b']' };
                self.pos += 1;
                loop {
                    self.ws();
                    match self.peek()? {
                        c if c == close => {
                            self.pos += 1;
                            return Some(());
                        }
                        b',' | b':' => self.pos += 1,
                        _ => self.skip()?,
                    }
                }
            }
            _ => {
                while self
                    .peek()
                    .is_some_and(|c| !matches!(c, b',' | b'}' | b']') && !c.is_ascii_whitespace())
                {
                    self.pos += 1;
                }
                Some(())
            }
        }
    }

    /// Inside an object: past separators, the next member's key (its contents' span),
    /// leaving `pos` at its value; [`Next::End`] at the object's end, consumed; `None` for
    /// text that is not JSON.
    fn next_key(&mut self) -> Option<Next> {
        loop {
            self.ws();
            match self.peek()? {
                b'}' => {
                    self.pos += 1;
                    return Some(Next::End);
                }
                b',' => self.pos += 1,
                _ => break,
            }
        }
        let key = self.string()?;
        self.ws();
        if self.peek()? != b':' {
            return None;
        }
        self.pos += 1;
        self.ws();
        Some(Next::Key(key))
    }

    /// In the top-level object at `pos`, for each member `key` whose value is an object,
    /// records that object's members with string values.
    fn members_of(
        &mut self,
        key: &str,
        text: &str,
        out: &mut Vec<(String, Range<usize>)>,
    ) -> Option<()> {
        if self.peek()? != b'{' {
            return None;
        }
        self.pos += 1;
        while let Next::Key(name) = self.next_key()? {
            let raw = text.get(name.start.saturating_sub(1)..name.end + 1)?;
            let name = serde_json::from_str::<String>(raw).ok()?;
            if name != key || self.peek()? != b'{' {
                self.skip()?;
                continue;
            }
            self.pos += 1;
            while let Next::Key(member) = self.next_key()? {
                let raw = text.get(member.start.saturating_sub(1)..member.end + 1)?;
                let member = serde_json::from_str::<String>(raw).ok()?;
                if self.peek()? == b'"' {
                    let span = self.string()?;
                    out.push((member, span));
                } else {
                    self.skip()?;
                }
            }
        }
        Some(())
    }

    /// In the value at `pos`, follows each of `paths` through every key that matches
    /// (duplicates included), in one pass, and records each value found: the path's
    /// number, the value's offset, and its contents' span when it is a string. Consumes
    /// the whole value.
    fn find_many(
        &mut self,
        paths: &[(usize, &[&str])],
        found: &mut Vec<(usize, usize, Option<Range<usize>>)>,
    ) -> Option<()> {
        self.ws();
        if self.peek()? != b'{' {
            return self.skip();
        }
        self.pos += 1;
        while let Next::Key(key) = self.next_key()? {
            let name = std::str::from_utf8(self.bytes.get(key)?).ok()?;
            let (here, deeper): (Vec<_>, Vec<_>) = paths
                .iter()
                .filter_map(|&(i, path)| {
                    let (first, rest) = path.split_first()?;
                    (*first == name).then_some((i, rest))
                })
                .partition(|(_, rest)| rest.is_empty());
            let at = self.pos;
            if self.peek()? == b'"' && !here.is_empty() {
                let span = self.string()?;
                found.extend(here.iter().map(|&(i, _)| (i, at, Some(span.clone()))));
            } else {
                found.extend(here.iter().map(|&(i, _)| (i, at, None)));
                if deeper.is_empty() {
                    self.skip()?;
                } else {
                    self.find_many(&deeper, found)?;
                }
            }
        }
        Some(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_top_level_key_changes() {
        let text = "{\n  \"name\": \"x\",\n  \"dependencies\": {\"version\": \"9.9.9\"},\n  \"version\": \"1.0.0\",\n  \"tags\": [\"a\", {\"version\": \"0\"}]\n}\n";
        let out = set(text, "1.1.0", &[&["version"]]).unwrap();
        assert_eq!(
            out,
            text.replace("\"version\": \"1.0.0\"", "\"version\": \"1.1.0\"")
        );
    }

    #[test]
    fn lockfile_paths() {
        let text = r#"{"name":"x","version":"1.0.0","lockfileVersion":3,"packages":{"":{"name":"x","version":"1.0.0"},"node_modules/a":{"version":"2.0.0"}}}"#;
        let out = set(text, "1.1.0", &[&["version"], &["packages", "", "version"]]).unwrap();
        assert_eq!(out, text.replacen("1.0.0", "1.1.0", 2));
    }

    #[test]
    fn duplicate_keys_are_refused() {
        let twice = "{\"version\": \"1.0.0\", \"name\": \"x\",\n \"version\": \"0.9.0\"}";
        let err = set(twice, "2.0.0", &[&["version"]]).unwrap_err();
        assert!(
            err.to_string().contains("again at line 2 column 13"),
            "{err}"
        );
        let nested = "{\"packages\": {\"\": {\"version\": \"1\"}}, \"packages\": {\"\": {\"version\": \"2\"}}}";
        assert!(set(nested, "2.0.0", &[&["packages", "", "version"]]).is_err());
        let fine = "{\"a\": {\"version\": \"1\"}, \"version\": \"1.0.0\"}";
        assert_eq!(
            set(fine, "2.0.0", &[&["version"]]).unwrap(),
            "{\"a\": {\"version\": \"1\"}, \"version\": \"2.0.0\"}"
        );
    }

    #[test]
    fn escapes_and_errors() {
        let text = r#"{"a\"version":"x","version":"1.0.0"}"#;
        assert_eq!(
            set(text, "2.0.0", &[&["version"]]).unwrap(),
            r#"{"a\"version":"x","version":"2.0.0"}"#
        );
        assert_eq!(
            set("{", "1.0.0", &[&["version"]]).unwrap_err().kind(),
            ManifestErrorKind::InvalidFile
        );
        assert_eq!(
            set("{\"version\": 1}", "1.0.0", &[&["version"]])
                .unwrap_err()
                .kind(),
            ManifestErrorKind::VersionNotFound
        );
    }
}
