//! `pom.xml`: the project's own `<version>`, a direct child of `<project>`; the parent's
//! and the dependencies' versions are left alone.

use super::{ManifestError, ManifestErrorKind};

pub(crate) fn pom(text: &str, version: &str) -> Result<String, ManifestError> {
    let Some(range) = element(text, &["project", "version"]) else {
        return Err(ManifestError::new(
            ManifestErrorKind::VersionNotFound,
            "pom.xml has no <version> directly under <project> (it may inherit the parent's)",
        ));
    };
    let value = text.get(range.clone()).unwrap_or_default();
    // Maven's CI-friendly versions: `<version>${revision}</version>` and the property.
    let range = match value.strip_prefix("${").and_then(|v| v.strip_suffix('}')) {
        Some(property) => element(text, &["project", "properties", property]).ok_or_else(|| {
            let (line, column) = crate::diagnostic::line_column(text, range.start);
            ManifestError::new(
                ManifestErrorKind::MissingProperty,
                format!(
                    "pom.xml line {line} column {column}: the version is `{value}`, and \
                         <properties> has no <{property}> to set (define it there, or set it \
                         where it comes from, such as .mvn/maven.config)"
                ),
            )
        })?,
        None => range,
    };
    Ok(format!(
        "{}{version}{}",
        text.get(..range.start).unwrap_or_default(),
        text.get(range.end..).unwrap_or_default()
    ))
}

/// The trimmed text of the first element at `path` (each a direct child of the one
/// before), comments, processing instructions and declarations skipped.
fn element(text: &str, path: &[&str]) -> Option<std::ops::Range<usize>> {
    let mut stack: Vec<&str> = Vec::new();
    let (last, parents) = path.split_last()?;
    let mut i = 0;
    while let Some(open) = text.get(i..).and_then(|t| t.find('<')).map(|o| i + o) {
        let rest = text.get(open..).unwrap_or_default();
        if rest.starts_with("<!--") {
            i = open + rest.find("-->").map_or(rest.len(), |e| e + 3);
            continue;
        }
        if rest.starts_with("<?") || rest.starts_with("<!") {
            i = open + rest.find('>').map_or(rest.len(), |e| e + 1);
            continue;
        }
        let close = rest.find('>')?;
        let tag = rest.get(1..close).unwrap_or_default();
        i = open + close + 1;
        if let Some(name) = tag.strip_prefix('/') {
            if stack.last() == Some(&name.trim()) {
                stack.pop();
            }
            continue;
        }
        if tag.ends_with('/') {
            continue;
        }
        let name = tag
            .split(|c: char| c.is_whitespace())
            .next()
            .unwrap_or_default();
        if name == *last && stack.as_slice() == parents {
            let closing = format!("</{name}>");
            let end = i + text.get(i..)?.find(&closing)?;
            let value = text.get(i..end).unwrap_or_default();
            let start = i + (value.len() - value.trim_start().len());
            return Some(start..start + value.trim().len());
        }
        stack.push(name);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_projects_own_version() {
        let text = "<?xml version=\"1.0\"?>\n<project xmlns=\"http://maven.apache.org/POM/4.0.0\">\n  <!-- <version>0</version> -->\n  <parent>\n    <version>9.9.9</version>\n  </parent>\n  <artifactId>x</artifactId>\n  <version>1.2.3</version>\n  <dependencies><dependency><version>5.5.5</version></dependency></dependencies>\n</project>\n";
        assert_eq!(
            pom(text, "1.3.0").unwrap(),
            text.replace("<version>1.2.3</version>", "<version>1.3.0</version>")
        );
        let ci = "<project>\n  <artifactId>x</artifactId>\n  <version>${revision}</version>\n  <properties>\n    <java.version>17</java.version>\n    <revision>1.2.3-SNAPSHOT</revision>\n  </properties>\n  <dependencies><dependency><version>${revision}</version></dependency></dependencies>\n</project>\n";
        assert_eq!(
            pom(ci, "1.3.0").unwrap(),
            ci.replace(
                "<revision>1.2.3-SNAPSHOT</revision>",
                "<revision>1.3.0</revision>"
            )
        );
        let elsewhere = "<project>\n  <version>${revision}</version>\n</project>\n";
        let err = pom(elsewhere, "1.3.0").unwrap_err();
        assert_eq!(err.kind(), ManifestErrorKind::MissingProperty);
        assert!(
            err.to_string()
                .starts_with("pom.xml line 2 column 12: the version is `${revision}`"),
            "{err}"
        );
        let inherited = "<project><parent><version>1</version></parent></project>";
        assert_eq!(
            pom(inherited, "2.0.0").unwrap_err().kind(),
            ManifestErrorKind::VersionNotFound
        );
    }
}
