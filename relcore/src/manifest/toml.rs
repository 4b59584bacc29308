//! `Cargo.toml` and `pyproject.toml`, through toml_edit so formatting survives.

use toml_edit::{DocumentMut, Item, TableLike, Value};

use super::{ManifestError, ManifestErrorKind};

fn parse(text: &str, name: &str) -> Result<DocumentMut, ManifestError> {
    text.parse::<DocumentMut>().map_err(|e| {
        let at = e
            .span()
            .map(|s| crate::diagnostic::line_column(text, s.start));
        let location = at.map_or_else(String::new, |(l, c)| format!(" at line {l} column {c}"));
        ManifestError::new(
            ManifestErrorKind::InvalidFile,
            format!("{name} does not parse{location}: {}", e.message()),
        )
    })
}

/// Replaces the string value at `path` keeping its surrounding whitespace and comments;
/// `false` when there is no such string.
/// The document's text, with the byte order mark `text` starts with, which the TOML
/// parser drops.
fn with_bom(text: &str, doc: &DocumentMut) -> String {
    let bom = if text.starts_with('\u{feff}') {
        "\u{feff}"
    } else {
        ""
    };
    format!("{bom}{doc}")
}

fn replace(doc: &mut DocumentMut, path: &[&str], version: &str) -> bool {
    let Some(value) = at(doc, path)
        .and_then(Item::as_value_mut)
        .filter(|v| v.is_str())
    else {
        return false;
    };
    let decor = value.decor().clone();
    *value = string_like(value, version);
    *value.decor_mut() = decor;
    true
}

/// `version` as a TOML string written the way `old` was: a literal string (`'1.4.2'`)
/// stays one, anything else becomes a basic string (`"1.4.2"`).
fn string_like(old: &Value, version: &str) -> Value {
    let literal = match old {
        Value::String(s) => s
            .as_repr()
            .and_then(|r| r.as_raw().as_str())
            .is_some_and(|raw| raw.starts_with('\'') && !raw.starts_with("'''")),
        _ => false,
    };
    if literal
        && !version.contains('\'')
        && let Ok(value) = format!("'{version}'").parse::<Value>()
    {
        return value;
    }
    Value::from(version)
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

/// `[workspace.package] version` of a workspace's root `Cargo.toml`, for the members that
/// inherit it.
pub(crate) fn cargo_workspace(text: &str, version: &str) -> Result<String, ManifestError> {
    let mut doc = parse(text, "Cargo.toml")?;
    if replace(&mut doc, &["workspace", "package", "version"], version) {
        Ok(with_bom(text, &doc))
    } else {
        Err(ManifestError::new(
            ManifestErrorKind::VersionNotFound,
            "Cargo.toml has no [workspace.package] version for its members to inherit",
        ))
    }
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
    if package == Some(false) && replace(&mut doc, &["package", "version"], version) {
        return Ok(with_bom(text, &doc));
    }
    if replace(&mut doc, &["workspace", "package", "version"], version) {
        return Ok(with_bom(text, &doc));
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
    let project = replace(&mut doc, &["project", "version"], version);
    let poetry = replace(&mut doc, &["tool", "poetry", "version"], version);
    if !project && !poetry {
        return Err(ManifestError::new(
            ManifestErrorKind::VersionNotFound,
            "pyproject.toml has no project.version or tool.poetry.version",
        ));
    }
    Ok(with_bom(text, &doc))
}
