//! `Cargo.toml` and `pyproject.toml`, through toml_edit so formatting survives.

use toml_edit::{Document, DocumentMut, Formatted, Item, TableLike};

use super::{ManifestError, ManifestErrorKind};

fn parse(text: &str, name: &str) -> Result<DocumentMut, ManifestError> {
    text.parse::<DocumentMut>()
        .map_err(|e| parse_error(text, name, &e))
}

/// `<name> does not parse at line L column C: <why>`.
pub(crate) fn parse_error(text: &str, name: &str, e: &toml_edit::TomlError) -> ManifestError {
    let at = e
        .span()
        .map(|s| crate::diagnostic::line_column(text, s.start));
    let location = at.map_or_else(String::new, |(l, c)| format!(" at line {l} column {c}"));
    ManifestError::new(
        ManifestErrorKind::InvalidFile,
        format!("{name} does not parse{location}: {}", e.message()),
    )
}

/// The string value at `path` in `text` set to `version`, with every other byte as it
/// was: toml_edit finds the value's span, and only that span is replaced, so line endings,
/// a byte order mark, comments and spacing cannot change (writing a whole document back
/// through toml_edit would normalise some of them). `None` when there is no such string.
fn set_string(
    text: &str,
    path: &[&str],
    version: &str,
    name: &str,
) -> Result<Option<String>, ManifestError> {
    let bom = if text.starts_with('\u{feff}') {
        '\u{feff}'.len_utf8()
    } else {
        0
    };
    let body = text.get(bom..).unwrap_or_default();
    let doc = Document::parse(body).map_err(|e| parse_error(body, name, &e))?;
    let Some(value) = get(doc.as_table(), path)
        .and_then(Item::as_value)
        .filter(|v| v.is_str())
    else {
        return Ok(None);
    };
    let Some(span) = value.span() else {
        return Ok(None);
    };
    let (Some(before), Some(raw), Some(after)) = (
        body.get(..span.start),
        body.get(span.clone()),
        body.get(span.end..),
    ) else {
        return Ok(None);
    };
    let repr = string_like(raw, version);
    Ok(Some(format!(
        "{}{before}{repr}{after}",
        text.get(..bom).unwrap_or_default()
    )))
}

/// The item at `path` of a parsed (read-only) document.
fn get<'a>(table: &'a dyn TableLike, path: &[&str]) -> Option<&'a Item> {
    let (last, parents) = path.split_last()?;
    let mut table = table;
    for key in parents {
        table = table.get(key)?.as_table_like()?;
    }
    table.get(last)
}

/// `version` as a TOML string written the way the old value `raw` (its text in the file)
/// was: a literal string (`'1.4.2'`) stays one, anything else becomes a basic string
/// (`"1.4.2"`).
fn string_like(raw: &str, version: &str) -> String {
    let literal = raw.starts_with('\'') && !raw.starts_with("'''");
    if literal && !version.contains(['\'', '\n', '\r']) {
        return format!("'{version}'");
    }
    Formatted::new(version.to_owned())
        .display_repr()
        .into_owned()
}

/// Whether `package.version` is inherited (`version.workspace = true`).
pub(crate) fn cargo_inherits(text: &str) -> bool {
    parse(text, "Cargo.toml").is_ok_and(|mut doc| {
        at(&mut doc, &["package", "version"]).is_some_and(|v| v.is_table_like())
    })
}

/// The package name of a `Cargo.toml`, when it has one.
pub(crate) fn cargo_package_name(text: &str) -> Option<String> {
    let mut doc = parse(text, "Cargo.toml").ok()?;
    at(&mut doc, &["package", "name"])
        .and_then(|item| item.as_str())
        .map(str::to_owned)
}

/// The project name of a `pyproject.toml` (`[project] name`), as written.
pub(crate) fn pyproject_name(text: &str) -> Option<String> {
    let mut doc = parse(text, "pyproject.toml").ok()?;
    at(&mut doc, &["project", "name"])
        .and_then(|item| item.as_str())
        .map(str::to_owned)
}

/// `[workspace.package] version` of a workspace's root `Cargo.toml`, for the members that
/// inherit it.
pub(crate) fn cargo_workspace(text: &str, version: &str) -> Result<String, ManifestError> {
    set_string(
        text,
        &["workspace", "package", "version"],
        version,
        "Cargo.toml",
    )?
    .ok_or_else(|| {
        ManifestError::new(
            ManifestErrorKind::VersionNotFound,
            "Cargo.toml has no [workspace.package] version for its members to inherit",
        )
    })
}

/// The item at `path`, without creating anything on the way (toml_edit's `Item::get_mut`
/// inserts missing tables).
fn at<'a>(doc: &'a mut DocumentMut, path: &[&str]) -> Option<&'a mut Item> {
    let (last, parents) = path.split_last()?;
    let mut table: &mut dyn TableLike = doc.as_table_mut();
    for key in parents {
        table = table.get_mut(key)?.as_table_like_mut()?;
    }
    table.get_mut(last)
}

/// `package.version` when the package has its own; else (a virtual manifest, or a root
/// package that inherits from its own workspace) `workspace.package.version`. A
/// `[workspace.package]` version is never changed for a package that has its own.
pub(crate) fn cargo(text: &str, version: &str) -> Result<String, ManifestError> {
    let mut doc = parse(text, "Cargo.toml")?;
    let package = at(&mut doc, &["package", "version"]).map(|v| v.is_table_like());
    if package == Some(false)
        && let Some(new) = set_string(text, &["package", "version"], version, "Cargo.toml")?
    {
        return Ok(new);
    }
    if let Some(new) = set_string(
        text,
        &["workspace", "package", "version"],
        version,
        "Cargo.toml",
    )? {
        return Ok(new);
    }
    Err(match package {
        Some(true) => ManifestError::new(
            ManifestErrorKind::DynamicVersion,
            "Cargo.toml inherits its version (version.workspace = true): set it in the workspace's Cargo.toml",
        ),
        _ => ManifestError::new(
            ManifestErrorKind::VersionNotFound,
            "Cargo.toml has no package.version or workspace.package.version",
        ),
    })
}

/// `project.version` (PEP 621) and `tool.poetry.version`, whichever exist.
pub(crate) fn pyproject(text: &str, version: &str) -> Result<String, ManifestError> {
    let mut doc = parse(text, "pyproject.toml")?;
    let dynamic = at(&mut doc, &["project", "dynamic"])
        .and_then(|d| d.as_array())
        .is_some_and(|a| a.iter().any(|v| v.as_str() == Some("version")));
    if dynamic {
        return Err(ManifestError::new(
            ManifestErrorKind::DynamicVersion,
            "pyproject.toml declares the version dynamic (project.dynamic); set it where the build backend reads it",
        ));
    }
    let project = set_string(text, &["project", "version"], version, "pyproject.toml")?;
    let text = project.as_deref().unwrap_or(text);
    let poetry = set_string(
        text,
        &["tool", "poetry", "version"],
        version,
        "pyproject.toml",
    )?;
    poetry.or(project).ok_or_else(|| {
        ManifestError::new(
            ManifestErrorKind::VersionNotFound,
            "pyproject.toml has no project.version or tool.poetry.version",
        )
    })
}
