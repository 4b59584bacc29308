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
    if end == 0 && quote.is_none() {
        return None;
    }
    let offset = value_start + usize::from(quote.is_some());
    Some(format!(
        "{}{version}{}",
        line.get(..offset)?,
        line.get(offset + end..)?
    ))
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
    while let Some(i) = rest.find(before) {
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
            let step = value_start.max(i + 1);
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
