//! Dependencies read out of manifests, each requirement located, and a requirement
//! rewritten in place.

use std::ops::Range;

use serde::{Deserialize, Serialize};
use toml_edit::{Document, Item, TableLike, Value};

use super::{FileKind, ManifestError, ManifestErrorKind};
use crate::diagnostic::line_column;
use crate::version::Dialect;
use crate::workspace::{Dependency, DependencyKind, RequirementSite, Site};

/// A dependency as a manifest declares it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ManifestDependency {
    /// The package depended on: Cargo's `package = "…"` when the key renames it; for
    /// `pyproject.toml`, the name normalised (PEP 503: lower-case, runs of `-_.` as `-`).
    pub name: String,
    /// The key it is declared under, when it differs from `name` (a Cargo rename).
    #[serde(default)]
    pub alias: Option<String>,
    /// What for.
    pub kind: DependencyKind,
    /// The table or key it is declared in: `dependencies`,
    /// `target.'cfg(unix)'.dev-dependencies`, `workspace.dependencies`,
    /// `peerDependencies`, `project.dependencies`, `project.optional-dependencies.cli`,
    /// `dependency-groups.dev`.
    pub section: String,
    /// The requirement and where its text is; `None` when there is none (a Cargo `path`
    /// dependency without `version`, `workspace = true`, an npm spec that is no range, a
    /// PEP 508 URL or a bare name).
    #[serde(default)]
    pub requirement: Option<RequirementSite>,
    /// Cargo's `path`, or the path of an npm `file:`, `link:` or `portal:` spec.
    #[serde(default)]
    pub path: Option<String>,
    /// Inherited from the workspace: Cargo's `workspace = true` (the requirement is the
    /// root's `[workspace.dependencies]` entry) or uv's `[tool.uv.sources] name = {
    /// workspace = true }`.
    #[serde(default)]
    pub workspace: bool,
}

impl ManifestDependency {
    /// The dependency as [`crate::workspace::Package::dependencies`] takes it.
    pub fn dependency(&self) -> Dependency {
        Dependency {
            name: self.name.clone(),
            kind: self.kind,
            requirement: self.requirement.clone(),
            spelled: None,
        }
    }
}

/// Every dependency `text` (a manifest of `kind`, at `file` relative to the repository
/// root) declares, in file order, each requirement located by byte span, line and column:
///
/// - `Cargo.toml`: `[dependencies]`, `[dev-dependencies]`, `[build-dependencies]` (also
///   under `[target.'cfg(…)']`) and `[workspace.dependencies]`; a string, or a table
///   with `version`, `path`, `package`, `workspace = true`.
/// - `package.json`: `dependencies`, `devDependencies`, `peerDependencies`,
///   `optionalDependencies`. Specs that are not version ranges have no requirement:
///   local paths (`file:`, `link:`, `portal:`, given as `path`), git and tarball URLs,
///   GitHub shorthands, `npm:` aliases and dist-tags (`latest`).
/// - `pyproject.toml`: `[project] dependencies`, `[project.optional-dependencies]`,
///   `[dependency-groups]` (PEP 508 strings; the requirement is the specifier part,
///   markers and extras left out), with `[tool.uv.sources]` entries marking workspace
///   members.
///
/// Other kinds have no dependencies: an empty list.
///
/// ```
/// use relcore::manifest::{read_dependencies, FileKind};
/// let text = "[package]\nname = \"cli\"\n\n[dependencies]\ncore = { path = \"../core\", version = \"1.4\" }\n";
/// let deps = read_dependencies(&FileKind::CargoToml, "cli/Cargo.toml", text)?;
/// let req = deps[0].requirement.as_ref().unwrap();
/// assert_eq!((deps[0].name.as_str(), req.text.as_str()), ("core", "1.4"));
/// assert_eq!(&text[req.at.start..req.at.end], "1.4");
/// assert_eq!((req.at.line, req.at.column), (5, 39));
/// # Ok::<(), relcore::manifest::ManifestError>(())
/// ```
///
/// # Errors
///
/// `invalid_file` when the manifest does not parse (with line and column).
pub fn read_dependencies(
    kind: &FileKind,
    file: &str,
    text: &str,
) -> Result<Vec<ManifestDependency>, ManifestError> {
    match kind {
        FileKind::CargoToml | FileKind::CargoWorkspace => cargo(file, text),
        FileKind::PackageJson => npm(file, text),
        FileKind::Pyproject => pyproject(file, text),
        _ => Ok(Vec::new()),
    }
}

/// `text` with the requirement at `at` (which must still hold `old`, as read) replaced by
/// `new`; every other byte stays.
///
/// ```
/// use relcore::manifest::{read_dependencies, set_requirement, FileKind};
/// let text = "{\n  \"dependencies\": { \"core\": \"^1.2.0\" }\n}\n";
/// let deps = read_dependencies(&FileKind::PackageJson, "package.json", text)?;
/// let req = deps[0].requirement.as_ref().unwrap();
/// let out = set_requirement(text, &req.at, &req.text, "^2.0.0")?;
/// assert_eq!(out, "{\n  \"dependencies\": { \"core\": \"^2.0.0\" }\n}\n");
/// # Ok::<(), relcore::manifest::ManifestError>(())
/// ```
///
/// # Errors
///
/// `requirement_mismatch` when the bytes at `at` are not `old` (the file changed since it
/// was read, or the string has escapes); `unquotable_requirement` when `new` holds a
/// quote, a backslash or a control character, which would need escaping.
pub fn set_requirement(
    text: &str,
    at: &Site,
    old: &str,
    new: &str,
) -> Result<String, ManifestError> {
    if text.get(at.start..at.end) != Some(old) {
        return Err(ManifestError::new(
            ManifestErrorKind::RequirementMismatch,
            format!(
                "{}:{}:{}: expected the requirement `{old}` there; the file changed since it was read",
                at.file, at.line, at.column
            ),
        ));
    }
    if new
        .chars()
        .any(|c| matches!(c, '"' | '\'' | '\\') || c.is_control())
    {
        return Err(ManifestError::new(
            ManifestErrorKind::UnquotableRequirement,
            format!(
                "the requirement `{}` would need escaping",
                new.escape_default()
            ),
        ));
    }
    let (Some(before), Some(after)) = (text.get(..at.start), text.get(at.end..)) else {
        return Err(ManifestError::new(
            ManifestErrorKind::RequirementMismatch,
            "the requirement's span is outside the file",
        ));
    };
    Ok(format!("{before}{new}{after}"))
}

fn site(file: &str, text: &str, span: Range<usize>) -> Site {
    let (line, column) = line_column(text, span.start);
    Site {
        file: file.to_owned(),
        start: span.start,
        end: span.end,
        line,
        column,
    }
}

fn requirement(
    dialect: Dialect,
    file: &str,
    text: &str,
    value: String,
    span: Range<usize>,
) -> RequirementSite {
    RequirementSite {
        dialect,
        text: value,
        at: site(file, text, span),
    }
}

/// The span of a TOML string's contents: its representation's span without the quotes
/// (`"…"`, `'…'`, or the triple-quoted forms).
fn toml_contents(raw: &str, span: Range<usize>) -> Range<usize> {
    let quote = if raw.starts_with("\"\"\"") || raw.starts_with("'''") {
        3
    } else {
        1
    };
    let start = (span.start + quote).min(span.end);
    let end = span.end.saturating_sub(quote).max(start);
    start..end
}

/// A TOML string value's text and the span of its contents in the whole file.
fn toml_string(value: &Value, body: &str, bom: usize) -> Option<(String, Range<usize>)> {
    let s = value.as_str()?;
    let span = value.span()?;
    let raw = body.get(span.clone())?;
    let inner = toml_contents(raw, span);
    Some((s.to_owned(), inner.start + bom..inner.end + bom))
}

fn parse_toml<'a>(text: &'a str, name: &str) -> Result<(Document<&'a str>, usize), ManifestError> {
    let bom = if text.starts_with('\u{feff}') {
        '\u{feff}'.len_utf8()
    } else {
        0
    };
    let body = text.get(bom..).unwrap_or_default();
    let doc = Document::parse(body).map_err(|e| super::toml::parse_error(body, name, &e))?;
    Ok((doc, bom))
}

const CARGO_TABLES: [(&str, DependencyKind); 5] = [
    ("dependencies", DependencyKind::Normal),
    ("dev-dependencies", DependencyKind::Dev),
    ("dev_dependencies", DependencyKind::Dev),
    ("build-dependencies", DependencyKind::Build),
    ("build_dependencies", DependencyKind::Build),
];

fn cargo(file: &str, text: &str) -> Result<Vec<ManifestDependency>, ManifestError> {
    let (doc, bom) = parse_toml(text, "Cargo.toml")?;
    let body = text.get(bom..).unwrap_or_default();
    let root = doc.as_table();
    let mut out = Vec::new();
    let mut read = |table: &dyn TableLike, kind: DependencyKind, section: String| {
        for (key, item) in table.iter() {
            out.push(cargo_entry(
                file,
                text,
                body,
                bom,
                key,
                item,
                kind,
                section.clone(),
            ));
        }
    };
    for (name, kind) in CARGO_TABLES {
        if let Some(t) = root.get(name).and_then(Item::as_table_like) {
            read(t, kind, name.to_owned());
        }
    }
    if let Some(targets) = root.get("target").and_then(Item::as_table_like) {
        for (cfg, item) in targets.iter() {
            let Some(target) = item.as_table_like() else {
                continue;
            };
            for (name, kind) in CARGO_TABLES {
                if let Some(t) = target.get(name).and_then(Item::as_table_like) {
                    read(t, kind, format!("target.'{cfg}'.{name}"));
                }
            }
        }
    }
    if let Some(t) = root
        .get("workspace")
        .and_then(Item::as_table_like)
        .and_then(|w| w.get("dependencies"))
        .and_then(Item::as_table_like)
    {
        read(
            t,
            DependencyKind::Normal,
            "workspace.dependencies".to_owned(),
        );
    }
    Ok(out)
}

#[allow(clippy::too_many_arguments)]
fn cargo_entry(
    file: &str,
    text: &str,
    body: &str,
    bom: usize,
    key: &str,
    item: &Item,
    kind: DependencyKind,
    section: String,
) -> ManifestDependency {
    let mut dep = ManifestDependency {
        name: key.to_owned(),
        alias: None,
        kind,
        section,
        requirement: None,
        path: None,
        workspace: false,
    };
    let version = if let Some(value) = item.as_value().filter(|v| v.is_str()) {
        Some(value)
    } else if let Some(table) = item.as_table_like() {
        let get = |k: &str| table.get(k).and_then(Item::as_value);
        dep.path = get("path").and_then(Value::as_str).map(str::to_owned);
        dep.workspace = get("workspace").and_then(Value::as_bool) == Some(true);
        if let Some(package) = get("package").and_then(Value::as_str) {
            dep.alias = Some(key.to_owned());
            package.clone_into(&mut dep.name);
        }
        get("version")
    } else {
        None
    };
    dep.requirement = version
        .and_then(|v| toml_string(v, body, bom))
        .map(|(value, span)| requirement(Dialect::Cargo, file, text, value, span));
    dep
}

const NPM_SECTIONS: [(&str, DependencyKind); 4] = [
    ("dependencies", DependencyKind::Normal),
    ("devDependencies", DependencyKind::Dev),
    ("peerDependencies", DependencyKind::Peer),
    ("optionalDependencies", DependencyKind::Optional),
];

fn npm(file: &str, text: &str) -> Result<Vec<ManifestDependency>, ManifestError> {
    super::json::check(text)?;
    let mut out = Vec::new();
    for (section, kind) in NPM_SECTIONS {
        for (name, span) in super::json::string_members(text, section) {
            let value = text.get(span.clone()).unwrap_or_default();
            // Escapes are decoded for the text; the span stays the raw contents.
            let decoded = serde_json::from_str::<String>(&format!("\"{value}\""))
                .unwrap_or_else(|_| value.to_owned());
            let (requirement, path) = match npm_spec(&decoded) {
                NpmSpec::Range => (
                    Some(self::requirement(Dialect::Npm, file, text, decoded, span)),
                    None,
                ),
                NpmSpec::Path(path) => (None, Some(path.to_owned())),
                NpmSpec::Other => (None, None),
            };
            out.push(ManifestDependency {
                name,
                alias: None,
                kind,
                section: section.to_owned(),
                requirement,
                path,
                workspace: false,
            });
        }
    }
    out.sort_by_key(|d| d.requirement.as_ref().map_or(0, |r| r.at.start));
    Ok(out)
}

/// What an npm dependency spec is: a version range (with the `workspace:` protocol), a
/// local path (`file:`, `link:`, `portal:`), or something else (a git or tarball URL, a
/// GitHub shorthand, an `npm:` alias, a dist-tag such as `latest`).
enum NpmSpec<'a> {
    Range,
    Path(&'a str),
    Other,
}

fn npm_spec(spec: &str) -> NpmSpec<'_> {
    for prefix in ["file:", "link:", "portal:"] {
        if let Some(path) = spec.strip_prefix(prefix) {
            return NpmSpec::Path(path);
        }
    }
    if spec.starts_with("workspace:") {
        return NpmSpec::Range;
    }
    let range_start = |c: char| {
        c.is_ascii_digit()
            || c.is_whitespace()
            || matches!(
                c,
                'v' | 'V' | '=' | '<' | '>' | '~' | '^' | '*' | 'x' | 'X' | '|'
            )
    };
    let url_like = spec.contains(':') || spec.contains('/');
    if !url_like && spec.chars().next().is_none_or(range_start) {
        NpmSpec::Range
    } else {
        NpmSpec::Other
    }
}

/// PEP 503's normal form of a project name.
pub(crate) fn normalize(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut sep = false;
    for c in name.chars() {
        if matches!(c, '-' | '_' | '.') {
            sep = true;
        } else {
            if sep && !out.is_empty() {
                out.push('-');
            }
            sep = false;
            out.push(c.to_ascii_lowercase());
        }
    }
    out
}

/// A PEP 508 string's name and the span of its version specifier inside it, if any.
fn pep508(s: &str) -> Option<(String, Option<Range<usize>>)> {
    let bytes = s.as_bytes();
    let mut i = 0;
    while bytes.get(i).is_some_and(u8::is_ascii_whitespace) {
        i += 1;
    }
    let start = i;
    while bytes
        .get(i)
        .is_some_and(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
    {
        i += 1;
    }
    let name = s.get(start..i).filter(|n| !n.is_empty())?;
    let skip_ws = |mut i: usize| {
        while bytes.get(i).is_some_and(u8::is_ascii_whitespace) {
            i += 1;
        }
        i
    };
    i = skip_ws(i);
    if bytes.get(i) == Some(&b'[') {
        i = s
            .get(i..)
            .and_then(|r| r.find(']'))
            .map_or(s.len(), |j| i + j + 1);
        i = skip_ws(i);
    }
    if bytes.get(i) == Some(&b'@') {
        return Some((normalize(name), None));
    }
    let paren = bytes.get(i) == Some(&b'(');
    if paren {
        i += 1;
    }
    let end = s
        .get(i..)
        .and_then(|r| r.find(if paren { [')', ';'] } else { [';', ';'] }))
        .map_or(s.len(), |j| i + j);
    let spec = s.get(i..end).unwrap_or_default();
    let lead = spec.len() - spec.trim_start().len();
    let trimmed = spec.trim();
    let span = (!trimmed.is_empty()).then(|| i + lead..i + lead + trimmed.len());
    Some((normalize(name), span))
}

fn pyproject(file: &str, text: &str) -> Result<Vec<ManifestDependency>, ManifestError> {
    let (doc, bom) = parse_toml(text, "pyproject.toml")?;
    let body = text.get(bom..).unwrap_or_default();
    let root = doc.as_table();
    let mut lists: Vec<(String, DependencyKind, &Item)> = Vec::new();
    let project = root.get("project").and_then(Item::as_table_like);
    if let Some(deps) = project.and_then(|p| p.get("dependencies")) {
        lists.push((
            "project.dependencies".to_owned(),
            DependencyKind::Normal,
            deps,
        ));
    }
    if let Some(groups) = project
        .and_then(|p| p.get("optional-dependencies"))
        .and_then(Item::as_table_like)
    {
        for (g, item) in groups.iter() {
            lists.push((
                format!("project.optional-dependencies.{g}"),
                DependencyKind::Optional,
                item,
            ));
        }
    }
    if let Some(groups) = root.get("dependency-groups").and_then(Item::as_table_like) {
        for (g, item) in groups.iter() {
            lists.push((format!("dependency-groups.{g}"), DependencyKind::Dev, item));
        }
    }
    let workspace_members: Vec<String> = root
        .get("tool")
        .and_then(Item::as_table_like)
        .and_then(|t| t.get("uv"))
        .and_then(Item::as_table_like)
        .and_then(|t| t.get("sources"))
        .and_then(Item::as_table_like)
        .map(|sources| {
            sources
                .iter()
                .filter(|(_, item)| {
                    item.as_table_like()
                        .and_then(|t| t.get("workspace"))
                        .and_then(Item::as_value)
                        .and_then(Value::as_bool)
                        == Some(true)
                })
                .map(|(k, _)| normalize(k))
                .collect()
        })
        .unwrap_or_default();
    let mut out = Vec::new();
    for (section, kind, item) in lists {
        let Some(array) = item.as_array() else {
            continue;
        };
        for value in array {
            let Some((s, contents)) = toml_string(value, body, bom) else {
                continue;
            };
            let Some((name, spec)) = pep508(&s) else {
                continue;
            };
            // Offsets inside the string map onto the file only when it has no escapes.
            let raw = text.get(contents.clone()).unwrap_or_default();
            let requirement = spec.map(|r| {
                let value = s.get(r.clone()).unwrap_or_default().to_owned();
                let span = if raw == s {
                    contents.start + r.start..contents.start + r.end
                } else {
                    contents.clone()
                };
                self::requirement(Dialect::Pep440, file, text, value, span)
            });
            out.push(ManifestDependency {
                workspace: workspace_members.contains(&name),
                name,
                alias: None,
                kind,
                section: section.clone(),
                requirement,
                path: None,
            });
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pep508_strings() {
        assert_eq!(
            pep508("requests>=2.8.1"),
            Some(("requests".into(), Some(8..15)))
        );
        assert_eq!(
            pep508("Foo_Bar[security] (>=1.0, <2) ; python_version < '3.8'"),
            Some(("foo-bar".into(), Some(19..28)))
        );
        assert_eq!(pep508("pip @ https://x/y.whl"), Some(("pip".into(), None)));
        assert_eq!(pep508("numpy"), Some(("numpy".into(), None)));
        assert_eq!(
            pep508("numpy ; os_name == 'nt'"),
            Some(("numpy".into(), None))
        );
        assert_eq!(pep508(""), None);
    }
}
