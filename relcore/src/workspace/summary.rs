//! A workspace's own changelog: one section per coordinated release, listing the
//! packages released (`[changelog] workspace` in `relcore.toml`), inserted above the
//! file's newest section without touching any other byte.

use std::fmt::Write as _;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::version::Version;

/// One package of a workspace release, for the workspace's changelog.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct SummaryEntry {
    /// The package.
    pub package: String,
    /// The version it releases.
    pub version: Version,
    /// Its own changelog, as a link from the workspace's (relative to it), when known.
    #[serde(default)]
    pub changelog: Option<String>,
}

/// The workspace changelog's section of one release: a `## ` heading with the date (the
/// tags when there is none) and one line per package, linked to its own changelog.
///
/// ```
/// use relcore::version::Version;
/// use relcore::workspace::{SummaryEntry, render_summary};
///
/// let date = chrono::NaiveDate::from_ymd_opt(2026, 12, 3);
/// let entries = [
///     SummaryEntry { package: "core".into(), version: Version::new(2, 0, 0), changelog: Some("crates/core/CHANGELOG.md".into()) },
///     SummaryEntry { package: "cli".into(), version: Version::new(0, 3, 2), changelog: None },
/// ];
/// assert_eq!(
///     render_summary(date, &entries),
///     "## 2026-12-03\n\n- [core 2.0.0](crates/core/CHANGELOG.md)\n- cli 0.3.2\n"
/// );
/// ```
pub fn render_summary(date: Option<NaiveDate>, entries: &[SummaryEntry]) -> String {
    let heading = date.map_or_else(
        || {
            entries
                .iter()
                .map(|e| format!("{}@{}", e.package, e.version))
                .collect::<Vec<_>>()
                .join(", ")
        },
        |d| d.format("%Y-%m-%d").to_string(),
    );
    let mut text = format!("## {heading}\n\n");
    for e in entries {
        let label = format!(
            "{} {}",
            crate::changelog::escape_markdown_inline(&e.package),
            e.version
        );
        let _ = match &e.changelog {
            Some(link) => writeln!(text, "- [{label}]({})", link.replace(' ', "%20")),
            None => writeln!(text, "- {label}"),
        };
    }
    text
}

/// `existing` (a workspace changelog; empty when the file does not exist yet) with
/// `section` inserted above its first `## ` heading outside a code fence (after its title
/// and introduction), or at the end when it has none; a new file gets a `# Changelog`
/// title. The section takes the file's line endings; every other byte is kept.
///
/// ```
/// use relcore::workspace::insert_summary;
///
/// let file = "# Changelog\n\nAll releases.\n\n## 2026-11-02\n\n- core 1.4.0\n";
/// assert_eq!(
///     insert_summary(file, "## 2026-12-03\n\n- core 2.0.0\n"),
///     "# Changelog\n\nAll releases.\n\n## 2026-12-03\n\n- core 2.0.0\n\n## 2026-11-02\n\n- core 1.4.0\n"
/// );
/// assert_eq!(insert_summary("", "## x\n"), "# Changelog\n\n## x\n");
/// ```
pub fn insert_summary(existing: &str, section: &str) -> String {
    if existing.is_empty() {
        return format!("# Changelog\n\n{section}");
    }
    let crlf = existing.contains("\r\n");
    let section = if crlf {
        section.replace('\n', "\r\n")
    } else {
        section.to_owned()
    };
    let newline = if crlf { "\r\n" } else { "\n" };
    let mut fence: Option<&str> = None;
    let mut offset = 0;
    for line in existing.split_inclusive('\n') {
        let trimmed = line.trim_start_matches(' ');
        let indent = line.len() - trimmed.len();
        if indent < 4 {
            let marker = ["```", "~~~"].into_iter().find(|m| trimmed.starts_with(m));
            match (fence, marker) {
                (None, Some(m)) => fence = Some(m),
                (Some(open), Some(m)) if open == m => fence = None,
                (None, None) if trimmed.starts_with("## ") || trimmed.trim_end() == "##" => {
                    let (before, after) = existing.split_at(offset);
                    return format!("{before}{section}{newline}{after}");
                }
                _ => {}
            }
        }
        offset += line.len();
    }
    let mut text = existing.to_owned();
    if !text.ends_with('\n') {
        text.push_str(newline);
    }
    if !text.ends_with(&format!("{newline}{newline}")) {
        text.push_str(newline);
    }
    text.push_str(&section);
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inserts_above_the_first_section_outside_fences_and_keeps_every_byte() {
        let file =
            "# Changelog\r\n\r\n```md\r\n## not a heading\r\n```\r\n\r\n## 2026-11-02\r\n- a\r\n";
        let out = insert_summary(file, "## new\n\n- b\n");
        assert_eq!(
            out,
            "# Changelog\r\n\r\n```md\r\n## not a heading\r\n```\r\n\r\n## new\r\n\r\n- b\r\n\r\n## 2026-11-02\r\n- a\r\n"
        );
        // No section yet: appended after a blank line.
        assert_eq!(
            insert_summary("# Changelog\nIntro", "## new\n"),
            "# Changelog\nIntro\n\n## new\n"
        );
        assert_eq!(
            render_summary(
                None,
                &[SummaryEntry {
                    package: "a_b".into(),
                    version: Version::new(1, 0, 0),
                    changelog: Some("a b/CHANGELOG.md".into()),
                }]
            ),
            "## a_b@1.0.0\n\n- [a_b 1.0.0](a%20b/CHANGELOG.md)\n"
        );
    }
}
