//! The style of an existing changelog, read from the file, so that a new release is
//! written in the shape of the ones already there: Keep a Changelog, conventional-changelog
//! (and standard-version), release-please, with or without an HTML anchor before each
//! heading.

use std::fmt::Write as _;

use serde::{Deserialize, Serialize};

use super::document::{Document, ReleaseHeading, bom_len};
use super::escape::{escape_markdown_block, escape_markdown_inline};
use super::model::{Entry, Release};
use super::template::{Format, RenderError, render};

/// The family of a changelog's style.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum StyleKind {
    /// `## [1.2.0] - 2026-01-05`, `### Added` (<https://keepachangelog.com>).
    KeepAChangelog,
    /// conventional-changelog's angular preset and standard-version:
    /// `# [1.2.0](compare-url) (2026-01-05)` for minor and major releases, one level
    /// deeper for patches, `### Bug Fixes` before `### Features` (sorted by title),
    /// `* **scope:** text ([abc1234](url)), closes [#1](url)`.
    ConventionalChangelog,
    /// release-please: `## [1.2.0](compare-url) (2026-01-05)` for every release,
    /// `### ⚠ BREAKING CHANGES` first, then `### Features`, `### Bug Fixes`,
    /// `* **scope:** text ([#12](url)) ([abc1234](url))`.
    ReleasePlease,
}

/// How an existing changelog writes its releases: what [`insert`](super::insert) renders
/// a new release with when no template is given.
///
/// ```
/// use relcore::changelog::{Style, StyleKind};
/// let file = "# Changelog\n\n## [1.1.0](https://github.com/acme/web/compare/v1.0.0...v1.1.0) (2026-01-05)\n\n\n### Features\n\n* **ui:** dark mode ([4f2a9c1](https://github.com/acme/web/commit/4f2a9c1))\n\n\n### Bug Fixes\n\n* crash ([e1d2c3b](https://github.com/acme/web/commit/e1d2c3b))\n";
/// let style = Style::detect(file);
/// assert_eq!(style.kind, StyleKind::ReleasePlease);
/// assert_eq!((style.level, style.patch_level, style.anchor.as_deref()), (2, 2, None));
/// assert_eq!(Style::detect("").kind, StyleKind::KeepAChangelog);
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Style {
    /// The family.
    pub kind: StyleKind,
    /// The heading level of minor and major releases (1 for `#`).
    pub level: usize,
    /// The heading level of patch releases.
    pub patch_level: usize,
    /// An HTML anchor before each heading (`<a name="1.2.0"></a>`): the text of its name
    /// before the version (`""`, `"v"`); `None` without anchors.
    pub anchor: Option<String>,
    /// A blank line between an anchor and its heading.
    pub anchor_blank_line: bool,
}

impl Default for Style {
    fn default() -> Self {
        Style {
            kind: StyleKind::KeepAChangelog,
            level: 2,
            patch_level: 2,
            anchor: None,
            anchor_blank_line: false,
        }
    }
}

impl Style {
    /// The style of `existing`, from its release headings (Keep a Changelog for a file
    /// without any): the heading shapes (`[1.2.0] - date` or `[1.2.0](url) (date)`), the
    /// levels of minor and patch releases, the order of `### Features` and
    /// `### Bug Fixes`, and an anchor before the latest heading.
    pub fn detect(existing: &str) -> Style {
        let doc = Document::parse(existing);
        let Some(first) = doc.releases.first() else {
            return Style::default();
        };
        let (anchor, anchor_blank_line) = anchor_before(existing, first)
            .map_or((None, false), |(_, prefix, blank)| (Some(prefix), blank));
        let titles: Vec<&str> = doc
            .releases
            .iter()
            .take(10)
            .map(|r| heading_title(existing, r))
            .collect();
        let conventional = titles.iter().filter(|t| is_conventional_title(t)).count();
        if conventional * 2 <= titles.len() {
            return Style {
                anchor,
                anchor_blank_line,
                ..Style::default()
            };
        }
        let is_patch = |r: &&ReleaseHeading| r.version.patch != 0;
        let patch_levels: Vec<usize> = doc
            .releases
            .iter()
            .filter(is_patch)
            .map(|r| r.level)
            .collect();
        let minor_levels: Vec<usize> = doc
            .releases
            .iter()
            .filter(|r| !is_patch(r))
            .map(|r| r.level)
            .collect();
        let features_first = features_first(existing, &doc);
        let angular = |minor: usize| Style {
            kind: StyleKind::ConventionalChangelog,
            level: minor,
            patch_level: minor + 1,
            anchor: anchor.clone(),
            anchor_blank_line,
        };
        let release_please = Style {
            kind: StyleKind::ReleasePlease,
            level: 2,
            patch_level: 2,
            anchor: anchor.clone(),
            anchor_blank_line,
        };
        if let Some(&minor) = minor_levels.iter().find(|&&l| l == 1) {
            return angular(minor);
        }
        if patch_levels.contains(&3) {
            return angular(2);
        }
        match (
            patch_levels.contains(&2),
            minor_levels.contains(&2),
            features_first,
        ) {
            // Bug Fixes before Features (conventional-changelog's order), and patches and
            // minors not seen at the same level (only release-please does that).
            (true, false, Some(false)) => angular(1),
            (false, true, Some(false)) => angular(2),
            _ => release_please,
        }
    }

    /// `release` written in this style: the section [`insert`](super::insert) puts in
    /// the file, with its anchor.
    ///
    /// # Errors
    ///
    /// Keep a Changelog's built-in template fails (`template_render`; it does not).
    pub fn render(&self, release: &Release) -> Result<String, RenderError> {
        let mut out = String::new();
        if let Some(prefix) = &self.anchor {
            let _ = writeln!(out, "<a name=\"{prefix}{}\"></a>", release.version);
            if self.anchor_blank_line {
                out.push('\n');
            }
        }
        match self.kind {
            StyleKind::KeepAChangelog => out.push_str(&render(release, Format::KeepAChangelog)?),
            StyleKind::ConventionalChangelog | StyleKind::ReleasePlease => {
                self.conventional(release, &mut out);
            }
        }
        Ok(out)
    }

    /// `true` when release headings carry their compare link, so the file has no link
    /// definitions to add.
    pub(crate) fn links_in_headings(&self) -> bool {
        self.kind != StyleKind::KeepAChangelog
    }

    fn conventional(&self, release: &Release, out: &mut String) {
        let v = &release.version;
        let level = if v.patch == 0 {
            self.level
        } else {
            self.patch_level
        };
        let hashes = "#".repeat(level.clamp(1, 6));
        let title = match &release.compare_url {
            Some(url) => format!("[{v}]({url})"),
            None => v.to_string(),
        };
        let date = release
            .date
            .map(|d| format!(" ({})", d.format("%Y-%m-%d")))
            .unwrap_or_default();
        let _ = writeln!(out, "{hashes} {title}{date}");
        let angular = self.kind == StyleKind::ConventionalChangelog;
        let breaking: Vec<&Entry> = release.entries().filter(|e| e.breaking).collect();
        let breaking_block = |title: &str, out: &mut String| {
            if breaking.is_empty() {
                return;
            }
            let _ = write!(out, "\n\n### {title}\n\n");
            for e in &breaking {
                let text = match e.breaking_note.as_deref() {
                    Some(note) => escape_markdown_block(note),
                    None => escape_markdown_inline(&e.description),
                };
                let _ = writeln!(out, "* {}{}", scope(e), text.replace('\n', "\n  "));
            }
        };
        if !angular {
            breaking_block("⚠ BREAKING CHANGES", out);
        }
        let mut groups: Vec<(&str, Vec<&Entry>)> = Vec::new();
        for e in release.entries() {
            let Some(title) = group_title(e) else {
                continue;
            };
            match groups.iter_mut().find(|(t, _)| *t == title) {
                Some((_, list)) => list.push(e),
                None => groups.push((title, vec![e])),
            }
        }
        let rank = |title: &str| {
            GROUPS
                .iter()
                .position(|(t, _)| *t == title)
                .unwrap_or(usize::MAX)
        };
        if angular {
            groups.sort_by(|a, b| a.0.cmp(b.0));
        } else {
            groups.sort_by_key(|(t, _)| rank(t));
        }
        for (title, entries) in &groups {
            let _ = write!(out, "\n\n### {title}\n\n");
            for e in entries {
                let _ = writeln!(out, "* {}", item(e, angular));
            }
        }
        if angular {
            breaking_block("BREAKING CHANGES", out);
        }
    }
}

/// The groups of the conventional styles, in release-please's order, and their types.
const GROUPS: [(&str, &[&str]); 7] = [
    ("Features", &["feat"]),
    ("Bug Fixes", &["fix"]),
    ("Performance Improvements", &["perf"]),
    ("Reverts", &["revert"]),
    ("Deprecations", &["deprecate", "deprecated", "deprecation"]),
    ("Removals", &["remove", "removed"]),
    ("Security", &["security", "sec"]),
];

/// The conventional group of an entry: by its type, `Security` for an advisory.
fn group_title(e: &Entry) -> Option<&'static str> {
    if e.cve.is_some() {
        return Some("Security");
    }
    let ty = e.r#type.as_deref()?;
    GROUPS
        .iter()
        .find(|(_, types)| types.iter().any(|t| t.eq_ignore_ascii_case(ty)))
        .map(|(title, _)| *title)
}

fn scope(e: &Entry) -> String {
    e.scope
        .as_deref()
        .map(|s| format!("**{}:** ", escape_markdown_inline(s)))
        .unwrap_or_default()
}

/// `**scope:** text ([#12](url)) ([abc1234](url))`, and for conventional-changelog
/// `, closes [#1](url) [#2](url)`.
fn item(e: &Entry, with_closed: bool) -> String {
    let mut line = format!("{}{}", scope(e), escape_markdown_inline(&e.description));
    let linked = |text: &str, url: Option<&str>| {
        let text = escape_markdown_inline(text);
        match url {
            Some(url) => format!("[{text}]({url})"),
            None => text.into_owned(),
        }
    };
    for r in e
        .references
        .iter()
        .filter(|r| r.kind == crate::commit::ReferenceKind::PullRequest)
    {
        let _ = write!(line, " ({})", linked(&r.text, r.url.as_deref()));
    }
    if let Some(short) = &e.short_id {
        let _ = write!(line, " ({})", linked(short, e.commit_url.as_deref()));
    }
    if with_closed {
        let issues: Vec<String> = e
            .references
            .iter()
            .filter(|r| r.kind != crate::commit::ReferenceKind::PullRequest)
            .map(|r| linked(&r.text, r.url.as_deref()))
            .collect();
        if !issues.is_empty() {
            let _ = write!(line, ", closes {}", issues.join(" "));
        }
    }
    line
}

/// The text of a release heading, after its `#`s.
fn heading_title<'a>(text: &'a str, r: &ReleaseHeading) -> &'a str {
    let line = text.get(r.start..).unwrap_or_default();
    let line = line.split('\n').next().unwrap_or_default();
    line.trim_start_matches('#').trim()
}

/// `[1.2.0](url) (date)`, `[1.2.0](url)`, `1.2.0 (date)`: a conventional heading, not
/// Keep a Changelog's `[1.2.0] - date`.
fn is_conventional_title(title: &str) -> bool {
    if title.contains(" - ") {
        return false;
    }
    let linked = title
        .strip_prefix('[')
        .and_then(|t| t.split_once(']'))
        .is_some_and(|(_, rest)| rest.starts_with('('));
    linked || (title.ends_with(')') && title.contains(" ("))
}

/// In the first release that has both, whether `### Features` comes before
/// `### Bug Fixes`; `⚠ BREAKING CHANGES` (release-please's) counts as features first.
fn features_first(text: &str, doc: &Document) -> Option<bool> {
    for r in &doc.releases {
        let body = text.get(r.start..r.end).unwrap_or_default();
        let mut features = None;
        let mut fixes = None;
        for (i, line) in body.lines().enumerate() {
            let Some(title) = line.strip_prefix("### ") else {
                continue;
            };
            match title.trim() {
                "⚠ BREAKING CHANGES" | "⚠️ BREAKING CHANGES" => return Some(true),
                "Features" => features = features.or(Some(i)),
                "Bug Fixes" => fixes = fixes.or(Some(i)),
                _ => {}
            }
        }
        if let (Some(a), Some(b)) = (features, fixes) {
            return Some(a < b);
        }
    }
    None
}

/// The anchor line before a heading (blank lines between allowed): its start, the text
/// of its name before the version, and whether a blank line separates them.
pub(crate) fn anchor_before(text: &str, heading: &ReleaseHeading) -> Option<(usize, String, bool)> {
    let before = text.get(..heading.start)?;
    let trimmed = before.trim_end();
    let blank = before.get(trimmed.len()..)?.matches('\n').count() > 1;
    let start = trimmed.rfind('\n').map_or(bom_len(text), |i| i + 1);
    let line = trimmed.get(start..)?.trim();
    let name = line
        .strip_prefix("<a name=\"")
        .or_else(|| line.strip_prefix("<a id=\""))?
        .split_once('"')?
        .0;
    line.ends_with("</a>").then_some(())?;
    let version = heading.version.to_string();
    let prefix = name.strip_suffix(version.as_str()).unwrap_or("");
    Some((start, prefix.to_owned(), blank))
}
