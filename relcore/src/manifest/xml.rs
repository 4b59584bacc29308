//! `pom.xml`: the project's own `<version>`, a direct child of `<project>`; the parent's
//! and the dependencies' versions are left alone.

use super::{ManifestError, ManifestErrorKind};

pub(crate) fn pom(text: &str, version: &str) -> Result<String, ManifestError> {
    let mut stack: Vec<&str> = Vec::new();
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
        let Some(close) = rest.find('>') else { break };
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
        if name == "version" && stack.as_slice() == ["project"] {
            let end = text
                .get(i..)
                .and_then(|t| t.find("</version>"))
                .map(|e| i + e);
            let Some(end) = end else { break };
            let value = text.get(i..end).unwrap_or_default();
            let start = i + (value.len() - value.trim_start().len());
            let stop = start + value.trim().len();
            return Ok(format!(
                "{}{version}{}",
                text.get(..start).unwrap_or_default(),
                text.get(stop..).unwrap_or_default()
            ));
        }
        stack.push(name);
    }
    Err(ManifestError::new(
        ManifestErrorKind::VersionNotFound,
        "pom.xml has no <version> directly under <project> (it may inherit the parent's)",
    ))
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
        let inherited = "<project><parent><version>1</version></parent></project>";
        assert_eq!(
            pom(inherited, "2.0.0").unwrap_err().kind(),
            ManifestErrorKind::VersionNotFound
        );
    }
}
