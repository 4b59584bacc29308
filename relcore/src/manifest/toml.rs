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
fn replace(doc: &mut DocumentMut, path: &[&str], version: &str) -> bool {
    let Some(value) = at(doc, path)
        .and_then(Item::as_value_mut)
        .filter(|v| v.is_str())
    else {
        return false;
    };
    let decor = value.decor().clone();
    *value = Value::from(version);
    *value.decor_mut() = decor;
    true
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

/// `package.version` and `workspace.package.version`, whichever exist.
pub(crate) fn cargo(text: &str, version: &str) -> Result<String, ManifestError> {
    let mut doc = parse(text, "Cargo.toml")?;
    let inherited = at(&mut doc, &["package", "version"]).is_some_and(|v| v.is_table_like());
    let package = replace(&mut doc, &["package", "version"], version);
    let workspace = replace(&mut doc, &["workspace", "package", "version"], version);
    match (package, workspace, inherited) {
        (false, false, true) => Err(ManifestError::new(
            ManifestErrorKind::DynamicVersion,
            "Cargo.toml inherits its version (version.workspace = true): set it in the workspace's Cargo.toml",
        )),
        (false, false, false) => Err(ManifestError::new(
            ManifestErrorKind::VersionNotFound,
            "Cargo.toml has no package.version or workspace.package.version",
        )),
        _ => Ok(doc.to_string()),
    }
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
    Ok(doc.to_string())
}
