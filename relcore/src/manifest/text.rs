//! Line- and pattern-based files: `Chart.yaml`, `VERSION`, and patterns.

use super::{ManifestError, ManifestErrorKind};

/// `version:` (and `appVersion:` when asked) at the top level of a Helm chart, keeping
/// quotes and trailing comments.
pub(crate) fn chart(text: &str, version: &str, app_version: bool) -> Result<String, ManifestError> {
    let mut out = String::with_capacity(text.len() + 8);
    let mut found = false;
    for line in text.split_inclusive('\n') {
        let key = ["version:", "appVersion:"]
            .into_iter()
            .find(|k| line.starts_with(k) && (*k == "version:" || app_version));
        match key.and_then(|k| replace_scalar(line, k.len(), version)) {
            Some(new) => {
                found |= key == Some("version:");
                out.push_str(&new);
            }
            None => out.push_str(line),
        }
    }
    if found {
        Ok(out)
    } else {
        Err(ManifestError::new(
            ManifestErrorKind::VersionNotFound,
            "Chart.yaml has no top-level `version:`",
        ))
    }
}

/// The line with its YAML scalar after `at` replaced, quotes and comment kept.
fn replace_scalar(line: &str, at: usize, version: &str) -> Option<String> {
    let rest = line.get(at..)?;
    let value_start = at + (rest.len() - rest.trim_start().len());
    let value = line.get(value_start..)?;
    let (quote, body) = match value.chars().next()? {
        q @ ('"' | '\'') => (Some(q), value.get(1..)?),
        _ => (None, value),
    };
    let end = match quote {
        Some(q) => body.find(q)?,
        None => body
            .find(|c: char| c.is_whitespace() || c == '#')
            .unwrap_or(body.len()),
    };
    // An empty value is no version; nor is the empty string that opens `"""`, a
    // multi-line string, whose text would be pushed out of the value.
    if end == 0 {
        return None;
    }
    let offset = value_start + usize::from(quote.is_some());
    Some(format!(
        "{}{version}{}",
        line.get(..offset)?,
        line.get(offset + end..)?
    ))
}

/// The `[[package]]` entries of `Cargo.lock` named in `packages` that have no `source`
/// (the workspace's own packages, not a registry's or git's namesakes): their `version`.
pub(crate) fn cargo_lock(
    text: &str,
    version: &str,
    packages: &[String],
) -> Result<String, ManifestError> {
    if packages.is_empty() {
        return Err(ManifestError::new(
            ManifestErrorKind::VersionNotFound,
            "Cargo.lock: no package names to update",
        ));
    }
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let mut out = String::with_capacity(text.len() + 16);
    let mut found = 0usize;
    let mut i = 0;
    while i < lines.len() {
        // One block: a header line and the lines up to the next header.
        let end = lines
            .iter()
            .enumerate()
            .skip(i + 1)
            .find(|(_, l)| l.starts_with('['))
            .map_or(lines.len(), |(j, _)| j);
        let block = lines.get(i..end).unwrap_or_default();
        let is_package = block.first().is_some_and(|l| l.trim_end() == "[[package]]");
        let value = |key: &str| {
            block.iter().find_map(|l| {
                let rest = l.strip_prefix(key)?.trim_start().strip_prefix('=')?;
                Some(rest.trim().trim_matches('"').to_owned())
            })
        };
        let ours = is_package
            && value("source").is_none()
            && value("name").is_some_and(|n| packages.contains(&n));
        for line in block {
            let replaced = ours
                .then(|| line.strip_prefix("version"))
                .flatten()
                .filter(|rest| rest.trim_start().starts_with('='))
                .and_then(|_| {
                    let at = line.find('=')? + 1;
                    replace_scalar(line, at, version)
                });
            match replaced {
                Some(new) => {
                    found += 1;
                    out.push_str(&new);
                }
                None => out.push_str(line),
            }
        }
        i = end;
    }
    if found == 0 {
        return Err(ManifestError::new(
            ManifestErrorKind::VersionNotFound,
            format!(
                "Cargo.lock has no entry of the workspace's own {} (a [[package]] without `source`)",
                packages.join(", ")
            ),
        ));
    }
    Ok(out)
}

/// A file holding the version: its text, apart from surrounding whitespace, becomes the
/// new version.
pub(crate) fn plain(text: &str, version: &str) -> Result<String, ManifestError> {
    let trimmed = text.trim();
    if trimmed.is_empty() || trimmed.contains('\n') {
        return Err(ManifestError::new(
            ManifestErrorKind::VersionNotFound,
            "the version file should hold just a version",
        ));
    }
    let start = text.len() - text.trim_start().len();
    Ok(format!(
        "{}{version}{}",
        text.get(..start).unwrap_or_default(),
        text.get(start + trimmed.len()..).unwrap_or_default()
    ))
}

/// Every occurrence of `pattern` (text around `{version}`), with the version in it replaced.
pub(crate) fn pattern(text: &str, version: &str, pattern: &str) -> Result<String, ManifestError> {
    let Some((before, after)) = pattern
        .split_once("{version}")
        .filter(|(_, a)| !a.contains("{version}"))
    else {
        return Err(ManifestError::new(
            ManifestErrorKind::InvalidPattern,
            format!("the pattern `{pattern}` needs `{{version}}` exactly once"),
        ));
    };
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    let mut found = false;
    // An empty `before` (a pattern that starts with `{version}`) is found everywhere, the
    // end of the text included: the walk stops there, and steps over whole characters.
    while !rest.is_empty()
        && let Some(i) = rest.find(before)
    {
        let value_start = i + before.len();
        let tail = rest.get(value_start..).unwrap_or_default();
        let len = tail
            .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '+')))
            .unwrap_or(tail.len());
        let matched = len > 0 && tail.get(len..).is_some_and(|t| t.starts_with(after));
        if matched && crate::version::Version::parse(tail.get(..len).unwrap_or_default()).is_ok() {
            out.push_str(rest.get(..value_start).unwrap_or_default());
            out.push_str(version);
            rest = tail.get(len..).unwrap_or_default();
            found = true;
        } else {
            // The value is the whole run of version characters after `before`: one that
            // is no version is stepped over whole, not searched for a version inside
            // (`v.1.2c.v1.0.0+b`), which the new version could turn into a longer one.
            let step = (value_start.max(i + 1).max(value_start + len)..=rest.len())
                .find(|&k| rest.is_char_boundary(k))
                .unwrap_or(rest.len());
            out.push_str(rest.get(..step).unwrap_or_default());
            rest = rest.get(step..).unwrap_or_default();
        }
    }
    out.push_str(rest);
    if found {
        Ok(out)
    } else {
        Err(ManifestError::new(
            ManifestErrorKind::VersionNotFound,
            format!("no `{pattern}` with a version in the file"),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A pattern that starts (or is) `{version}` ends, keeps every byte of the text, and
    /// steps over characters of several bytes (it looped for ever, even in a dry run).
    #[test]
    fn patterns_starting_with_the_version_end() {
        assert_eq!(pattern("1.2.3\n", "1.3.0", "{version}").unwrap(), "1.3.0\n");
        assert_eq!(
            pattern("é 1.2.3 ü\n", "1.3.0", "{version} ").unwrap(),
            "é 1.3.0 ü\n"
        );
        assert_eq!(
            pattern("名前 = 1.2.3", "2.0.0", "{version}").unwrap(),
            "名前 = 2.0.0"
        );
        let err = pattern("no version here ü", "1.0.0", "{version}\"").unwrap_err();
        assert_eq!(err.kind(), ManifestErrorKind::VersionNotFound);
        assert_eq!(
            pattern("", "1.0.0", "{version}").unwrap_err().kind(),
            ManifestErrorKind::VersionNotFound
        );
    }

    /// Found by the `version_files` fuzz target: `{version}` matched the end of a word,
    /// `0.1.1+b` in `v.18.28c.v0.1.1+b`, and the new version then made the whole word
    /// a version (`0.1.1+b.18.28c.v1.0.0`), so setting it again changed the file; the
    /// same with text before the version (`v{version}` in `v2.0.0-rc.1+--v2.0.0-rc.1+-b`).
    #[test]
    fn a_version_is_the_whole_run_after_the_text_before_it() {
        let text = "v2.0.0-rc.1+--v2.0.0-rc.1+-b\n";
        let err = pattern(text, "31.41.59", "v{version}").unwrap_err();
        assert_eq!(err.kind(), ManifestErrorKind::VersionNotFound);
        assert_eq!(
            pattern("vv1.2.3 v1.2.3", "2.0.0", "v{version}").unwrap(),
            "vv1.2.3 v2.0.0"
        );
        let text = "v\tv.18.28c.v0.1.1+b.18.28c.v0.1.1+b\n";
        let err = pattern(text, "31.41.59", "{version}").unwrap_err();
        assert_eq!(err.kind(), ManifestErrorKind::VersionNotFound);
        assert_eq!(
            pattern("x1.2.3 1.2.3\n", "2.0.0", "{version}\n").unwrap(),
            "x1.2.3 2.0.0\n"
        );
        let once = pattern("a 1.2.3+b.c\n", "2.0.0", "{version}").unwrap();
        assert_eq!(once, "a 2.0.0\n");
        assert_eq!(pattern(&once, "2.0.0", "{version}").unwrap(), once);
    }

    #[test]
    fn chart_keeps_quotes_and_comments() {
        let text = "apiVersion: v2\nname: web\nversion: \"1.2.3\" # chart\nappVersion: 1.2.3\ndependencies:\n  - version: 9.9.9\n";
        assert_eq!(
            chart(text, "1.3.0", false).unwrap(),
            text.replace("\"1.2.3\" # chart", "\"1.3.0\" # chart")
        );
        assert_eq!(
            chart(text, "1.3.0", true).unwrap(),
            "apiVersion: v2\nname: web\nversion: \"1.3.0\" # chart\nappVersion: 1.3.0\ndependencies:\n  - version: 9.9.9\n"
        );
        assert_eq!(
            chart("name: x\n", "1.0.0", false).unwrap_err().kind(),
            ManifestErrorKind::VersionNotFound
        );
    }

    #[test]
    fn cargo_lock_entries_of_the_workspace_only() {
        let lock = "# This file is automatically @generated by Cargo.\n# It is not intended for manual editing.\nversion = 4\n\n[[package]]\nname = \"relcore\"\nversion = \"0.1.0\"\ndependencies = [\n \"serde\",\n]\n\n[[package]]\nname = \"relcore-cli\"\nversion = \"0.1.0\"\n\n[[package]]\nname = \"serde\"\nversion = \"0.1.0\"\nsource = \"registry+https://github.com/rust-lang/crates.io-index\"\nchecksum = \"abc\"\n\n[[package]]\nname = \"relcore\"\nversion = \"0.1.0\"\nsource = \"git+https://example.com/fork#abc\"\n";
        let names = [
            "relcore".to_owned(),
            "relcore-cli".to_owned(),
            "serde".to_owned(),
        ];
        let new = cargo_lock(lock, "0.2.0", &names).unwrap();
        assert_eq!(
            new,
            lock.replacen(
                "name = \"relcore\"\nversion = \"0.1.0\"",
                "name = \"relcore\"\nversion = \"0.2.0\"",
                1
            )
            .replace(
                "name = \"relcore-cli\"\nversion = \"0.1.0\"",
                "name = \"relcore-cli\"\nversion = \"0.2.0\""
            )
        );
        // The lock file's own `version = 4` and the registry's serde stay.
        assert!(
            new.contains("version = 4\n") && new.contains("name = \"serde\"\nversion = \"0.1.0\"")
        );
        assert_eq!(
            cargo_lock(lock, "0.2.0", &["nope".to_owned()])
                .unwrap_err()
                .kind(),
            ManifestErrorKind::VersionNotFound
        );
        assert_eq!(cargo_lock(&new, "0.2.0", &names).unwrap(), new);
    }

    /// Found by the `version_files` fuzz target: `version = """1.0.0"""` in a lock file
    /// got the version put between its first two quotes, `"31.41.59""1.0.0"""`.
    #[test]
    fn empty_and_multi_line_values_are_no_version() {
        let lock = "[[package]]\nname = \"a\"\nversion = \"\"\"1.0.0\"\"\"\n";
        let err = cargo_lock(lock, "2.0.0", &["a".to_owned()]).unwrap_err();
        assert_eq!(err.kind(), ManifestErrorKind::VersionNotFound);
        let err = chart("version: \"\"\n", "2.0.0", false).unwrap_err();
        assert_eq!(err.kind(), ManifestErrorKind::VersionNotFound);
        assert_eq!(
            chart("version: '1.0.0'\nappVersion: ''\n", "2.0.0", true).unwrap(),
            "version: '2.0.0'\nappVersion: ''\n"
        );
    }

    #[test]
    fn plain_files() {
        assert_eq!(plain("1.2.3\n", "1.3.0").unwrap(), "1.3.0\n");
        assert_eq!(plain("  1.2.3", "2.0.0").unwrap(), "  2.0.0");
        assert!(plain("", "1.0.0").is_err());
    }

    #[test]
    fn patterns() {
        let text = "__version__ = \"1.2.3\"\nOTHER = \"x\"\n__version__ = \"1.2.3\"\n";
        assert_eq!(
            pattern(text, "1.3.0", "__version__ = \"{version}\"").unwrap(),
            text.replace("1.2.3", "1.3.0")
        );
        assert_eq!(
            pattern("v = \"x\"", "1.0.0", "v = \"{version}\"")
                .unwrap_err()
                .kind(),
            ManifestErrorKind::VersionNotFound
        );
        assert_eq!(
            pattern("x", "1.0.0", "no placeholder").unwrap_err().kind(),
            ManifestErrorKind::InvalidPattern
        );
    }
}
