//! The structure of an existing changelog: release headings, the `Unreleased` heading and
//! link reference definitions, with their byte positions. Keep a Changelog and
//! conventional-changelog files both read; fenced code blocks are skipped.

use serde::{Deserialize, Serialize};

use crate::version::Version;

/// A release heading of a changelog, such as `## [1.5.0] - 2025-11-15` or
/// `# [1.2.0](https://…/compare/v1.1.0...v1.2.0) (2024-01-01)`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReleaseHeading {
    /// The version the heading names.
    pub version: Version,
    /// The date on the heading (`YYYY-MM-DD`), if any.
    pub date: Option<String>,
    /// `true` for a `[YANKED]` release.
    pub yanked: bool,
    /// The heading level: 1 for `#`, 2 for `##`.
    pub level: usize,
    /// 1-based line of the heading.
    pub line: usize,
    /// Byte offset where the heading line starts.
    pub start: usize,
    /// Byte offset where the release's section ends (the next release heading, the link
    /// definitions at the bottom, or the end).
    pub end: usize,
}

impl ReleaseHeading {
    /// The release heading of level `level` with text `title` at 1-based `line`, which
    /// starts at `start`, if the title names a version; its section ends where it starts
    /// until [`Document::parse`] finds the end.
    fn read(title: &str, level: usize, line: usize, start: usize) -> Option<ReleaseHeading> {
        Some(ReleaseHeading {
            version: heading_version(title)?,
            date: date_in(title),
            yanked: title.to_ascii_uppercase().contains("[YANKED]"),
            level,
            line,
            start,
            end: start,
        })
    }
}

/// A link reference definition: `[1.5.0]: https://…`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LinkDefinition {
    /// The label, e.g. `1.5.0` or `unreleased`.
    pub label: String,
    /// The destination.
    pub url: String,
    /// Byte offset where the line starts.
    pub start: usize,
    /// Byte offset after the line's end of line.
    pub end: usize,
    /// Byte offset of the destination in the text.
    pub url_start: usize,
}

/// The parsed structure of a changelog.
///
/// ```
/// use relcore::changelog::Document;
/// let text = "# Changelog\n\n## [Unreleased]\n\n## [1.1.0] - 2025-01-02\n### Added\n- x\n\n## [1.0.0] - 2024-12-01 [YANKED]\n\n[unreleased]: https://e.x/compare/v1.1.0...HEAD\n[1.1.0]: https://e.x/compare/v1.0.0...v1.1.0\n";
/// let doc = Document::parse(text);
/// assert_eq!(doc.releases.len(), 2);
/// assert_eq!(doc.releases[0].version.to_string(), "1.1.0");
/// assert_eq!(doc.releases[0].date.as_deref(), Some("2025-01-02"));
/// assert!(doc.releases[1].yanked);
/// assert!(doc.unreleased.is_some());
/// assert_eq!(doc.links.len(), 2);
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Document {
    /// The `Unreleased` heading: its start and the end of its section.
    pub unreleased: Option<(usize, usize)>,
    /// Release headings in document order (normally newest first).
    pub releases: Vec<ReleaseHeading>,
    /// Link reference definitions, anywhere in the file.
    pub links: Vec<LinkDefinition>,
    /// Where the block of link definitions at the bottom starts, if the file ends with one.
    pub links_start: Option<usize>,
    /// `true` when the file uses CRLF line endings.
    pub crlf: bool,
    /// The length of the text.
    pub end: usize,
    /// Where a code fence starts that is never closed: everything after it is code, so
    /// nothing may be inserted there.
    pub open_fence: Option<usize>,
    /// Where the first line starts that names a version and is no release heading: a
    /// heading with the version further on (`## 2023-04-18, Version 20.0.0 (Current)`),
    /// or another line that starts with it (`- 1.2.0 - 2026-01-05`, `**1.2.0**`). In a
    /// changelog whose releases this reader cannot read, where the newest one probably is.
    pub first_version_line: Option<usize>,
}

impl Document {
    /// Reads the structure of `text`. Never fails: text that is not a changelog has no
    /// headings.
    pub fn parse(text: &str) -> Document {
        let mut releases: Vec<ReleaseHeading> = Vec::new();
        let mut unreleased: Option<(usize, usize)> = None;
        let mut links = Vec::new();
        let mut fence: Option<Fence> = None;
        let mut fence_start = 0;
        // Starts of headings that end a section: release and Unreleased headings.
        let mut section_starts: Vec<(usize, usize)> = Vec::new();
        let mut first_version_line = None;
        // The line before, when it can be the text of a setext heading (`1.2.0` over a
        // line of `=` or `-`): its start, index and text, where a block starts (after a
        // blank line or a heading).
        let mut setext_text: Option<(usize, usize, &str)> = None;
        let mut after_blank = true;
        // Whether the line before was a heading: the next line starts a block too.
        let mut after_heading = false;
        let mut offset = 0;
        for (index, raw) in text.split_inclusive('\n').enumerate() {
            let mut line = raw.trim_end_matches(['\n', '\r']);
            let mut start = offset;
            offset += raw.len();
            if index == 0 {
                // A UTF-8 byte order mark is not part of the first line: a heading there is
                // a heading, and anything inserted before it goes after the mark.
                line = line.strip_prefix(BOM).unwrap_or(line);
                start = bom_len(text);
            }
            let text_before = setext_text.take();
            // After a blank line or a heading, a line starts a block (`|`: both flags move
            // on at every line).
            let block_start = std::mem::replace(&mut after_blank, line.trim().is_empty())
                | std::mem::take(&mut after_heading);
            if let Some(line_fence) = Fence::read(line) {
                match fence {
                    Some(open) if line_fence.closes(open) => fence = None,
                    Some(_) => {}
                    None => {
                        fence_start = start;
                        fence = Some(line_fence);
                    }
                }
                continue;
            }
            let Some(trimmed) = unindented(line) else {
                continue;
            };
            if fence.is_some() {
                continue;
            }
            // An ATX heading (`## 1.2.0`), or the text of a setext one above this line.
            let found = heading(trimmed)
                .map(|(level, title)| (level, title, start, index))
                .or_else(|| {
                    let (text_start, text_index, text) = text_before?;
                    Some((setext_underline(trimmed)?, text, text_start, text_index))
                });
            if let Some((level, title, start, index)) = found {
                after_heading = true;
                // The text of a setext heading was taken for a line naming a version.
                if first_version_line == Some(start) {
                    first_version_line = None;
                }
                if is_unreleased(title) {
                    unreleased = Some((start, start));
                    section_starts.push((start, level));
                } else if let Some(release) = ReleaseHeading::read(title, level, index + 1, start) {
                    releases.push(release);
                    section_starts.push((start, level));
                } else if first_version_line.is_none() && version_in(title).is_some() {
                    first_version_line = Some(start);
                }
            } else if let Some(mut def) = link_definition(line, start) {
                def.end = offset;
                links.push(def);
            } else {
                // Only a line that starts a block: inserting above one inside a paragraph
                // would split it, and could make a heading of what follows.
                if first_version_line.is_none() && block_start && names_version_first(trimmed) {
                    first_version_line = Some(start);
                }
                if block_start && !trimmed.is_empty() && !starts_block(trimmed) {
                    setext_text = Some((start, index, trimmed.trim()));
                }
            }
        }
        let links_start = trailing_links_start(text, &links);
        let open_fence = fence.map(|_| fence_start);
        let limit = links_start
            .unwrap_or(text.len())
            .min(open_fence.unwrap_or(text.len()));
        let ends = SectionEnds::new(&section_starts, &links, limit);
        for release in &mut releases {
            release.end = ends.after(release.start);
        }
        if let Some((start, _)) = unreleased {
            unreleased = Some((start, ends.after(start)));
        }
        let crlf = text.matches("\r\n").count() * 2 > text.matches('\n').count();
        Document {
            unreleased,
            releases,
            links,
            links_start,
            crlf,
            end: text.len(),
            open_fence,
            first_version_line,
        }
    }

    /// Where the changelog's content ends: before the link definitions at the bottom and
    /// before a code fence that is never closed.
    ///
    /// ```
    /// use relcore::changelog::Document;
    /// assert_eq!(Document::parse("# Log\n\n```\nunclosed").content_end(), 7);
    /// ```
    pub fn content_end(&self) -> usize {
        self.end
            .min(self.links_start.unwrap_or(self.end))
            .min(self.open_fence.unwrap_or(self.end))
    }

    /// The heading of `version`, if the changelog has one.
    ///
    /// ```
    /// use relcore::changelog::Document;
    /// use relcore::version::Version;
    /// let doc = Document::parse("## 1.0.0 (2024-01-01)\n");
    /// assert_eq!(doc.find(&Version::new(1, 0, 0)).map(|h| h.line), Some(1));
    /// ```
    pub fn find(&self, version: &Version) -> Option<&ReleaseHeading> {
        self.releases.iter().find(|r| &r.version == version)
    }

    /// How many entries (top-level list items) the `Unreleased` section of `text` (the
    /// text this document was read from) holds: hand-written ones, which a release
    /// leaves there unless it takes them (`take_unreleased`).
    ///
    /// ```
    /// use relcore::changelog::Document;
    /// let text = "## [Unreleased]\n\n### Fixed\n- a\n  - detail\n* b\n\n* * *\n\n## [1.0.0]\n- c\n";
    /// assert_eq!(Document::parse(text).unreleased_entries(text), 2);
    /// ```
    #[must_use]
    pub fn unreleased_entries(&self, text: &str) -> usize {
        let Some((start, end)) = self.unreleased else {
            return 0;
        };
        let body = text.get(start..end).unwrap_or_default();
        let mut fence: Option<Fence> = None;
        body.lines()
            .skip(1)
            .filter(|line| {
                if let Some(open) = fence {
                    if Fence::read(line).is_some_and(|f| f.closes(open)) {
                        fence = None;
                    }
                    return false;
                }
                if let Some(open) = Fence::read(line) {
                    fence = Some(open);
                    return false;
                }
                // A thematic break (`* * *`) is no item.
                let rule = line
                    .chars()
                    .all(|c| matches!(c, '-' | '*' | '_' | ' ' | '\t'));
                !rule
                    && line
                        .strip_prefix(['-', '*', '+'])
                        .is_some_and(|rest| rest.starts_with([' ', '\t']))
            })
            .count()
    }
}

/// The UTF-8 byte order mark some editors put at the start of a file.
pub(crate) const BOM: char = '\u{feff}';

/// The length of the byte order mark at the start of `text`: 3 or 0.
pub(crate) fn bom_len(text: &str) -> usize {
    if text.starts_with(BOM) {
        BOM.len_utf8()
    } else {
        0
    }
}

/// A line without its indentation when that is at most three spaces, as Markdown reads
/// block structure; `None` for an indented code line (four spaces, or a tab, which
/// reaches the fourth column). Other whitespace is text, not indentation.
pub(crate) fn unindented(line: &str) -> Option<&str> {
    let trimmed = line.trim_start_matches(' ');
    (line.len() - trimmed.len() <= 3 && !trimmed.starts_with('\t')).then_some(trimmed)
}

/// A code fence line as CommonMark reads one: at most three spaces, then three or more
/// backticks or tildes (a backtick fence's info string has no backtick).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Fence {
    /// The marker byte: a backtick or a tilde.
    pub(crate) marker: u8,
    /// How many markers.
    pub(crate) len: usize,
    /// Nothing but spaces and tabs after the markers: a fence that can close one.
    pub(crate) bare: bool,
}

impl Fence {
    pub(crate) fn read(line: &str) -> Option<Fence> {
        let trimmed = unindented(line)?;
        let marker = *trimmed
            .as_bytes()
            .first()
            .filter(|b| matches!(b, b'`' | b'~'))?;
        let len = trimmed.bytes().take_while(|&b| b == marker).count();
        let info = trimmed.get(len..)?;
        if len < 3 || (marker == b'`' && info.contains('`')) {
            return None;
        }
        Some(Fence {
            marker,
            len,
            bare: info.trim_matches([' ', '\t']).is_empty(),
        })
    }

    /// Whether this line closes the fence `open`: the same marker, at least as many, and
    /// nothing after them.
    pub(crate) fn closes(self, open: Fence) -> bool {
        self.bare && self.marker == open.marker && self.len >= open.len
    }
}

/// `## Title` → `(2, "Title")`, for levels 1 to 3.
fn heading(line: &str) -> Option<(usize, &str)> {
    let level = line.bytes().take_while(|&c| c == b'#').count();
    if !(1..=3).contains(&level) {
        return None;
    }
    let rest = line.get(level..)?;
    (rest.starts_with(' ') || rest.starts_with('\t')).then(|| (level, rest.trim()))
}

fn is_unreleased(title: &str) -> bool {
    let word = title.trim_start_matches('[');
    word.get(..10)
        .is_some_and(|w| w.eq_ignore_ascii_case("unreleased"))
}

/// Where sections end: at the next release (or Unreleased) heading, or at a link
/// definition (definitions belong to the document, so no edit of a section takes one
/// along), and at the limit. Both are in document order: merged, each end is one binary
/// search, so the whole is O(n log n) however many releases the file has.
struct SectionEnds {
    boundaries: Vec<usize>,
    limit: usize,
}

impl SectionEnds {
    fn new(section_starts: &[(usize, usize)], links: &[LinkDefinition], limit: usize) -> Self {
        let mut boundaries: Vec<usize> = section_starts
            .iter()
            .map(|(s, _)| *s)
            .chain(links.iter().map(|l| l.start))
            .collect();
        boundaries.sort_unstable();
        SectionEnds { boundaries, limit }
    }

    /// The end of the section that starts at `start`.
    fn after(&self, start: usize) -> usize {
        let next = self
            .boundaries
            .get(self.boundaries.partition_point(|&s| s <= start))
            .copied();
        next.unwrap_or(self.limit).min(self.limit.max(start))
    }
}

/// The level of a setext heading underline: 1 for `===`, 2 for `---` (with nothing else
/// on the line but trailing spaces).
fn setext_underline(line: &str) -> Option<usize> {
    let marks = line.trim_end();
    let mark = marks.bytes().next()?;
    let level = match mark {
        b'=' => 1,
        b'-' => 2,
        _ => return None,
    };
    marks.bytes().all(|b| b == mark).then_some(level)
}

/// Whether a line starts a list item or a block quote (`- x`, `1. x`, `> x`), which no
/// setext underline can turn into a heading.
fn starts_block(line: &str) -> bool {
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    let after_digits = line.get(digits..).unwrap_or_default();
    line.starts_with('>')
        || ["- ", "* ", "+ "].iter().any(|m| line.starts_with(m))
        || matches!(line, "-" | "*" | "+")
        || (digits > 0
            && (after_digits.starts_with(". ")
                || after_digits.starts_with(") ")
                || matches!(after_digits, "." | ")")))
}

/// Whether a line that is no heading starts with a version, after a list marker, bold
/// or a bracket: `- 1.2.0 - 2026-01-05`, `* **v1.2.0**`, `[1.2.0] (2026-01-05)`.
fn names_version_first(line: &str) -> bool {
    let rest = line
        .strip_prefix(['-', '*', '+'])
        .map_or(line, str::trim_start)
        .trim_start_matches(['*', '_']);
    heading_version(rest).is_some()
}

/// The first version in `text` that starts a word (after a `v` or not, or after the word
/// `Version` or `Release`).
fn version_in(text: &str) -> Option<Version> {
    text.char_indices().find_map(|(i, c)| {
        let word_start = text
            .get(..i)
            .and_then(|before| before.chars().next_back())
            .is_none_or(|before| !(before.is_alphanumeric() || before == '.'));
        let starts = c.is_ascii_digit() || matches!(c, 'v' | 'V' | 'r' | 'R');
        (starts && word_start)
            .then(|| text.get(i..).and_then(version_after_word))
            .flatten()
    })
}

/// The version at the start of a heading: `[1.2.0]`, `v1.2.0`, `[v1.2.0](url)`, `1.2.0 (date)`,
/// and after the word `Version` or `Release`: `Version 1.2.0`, `Release v1.2.0 (date)`;
/// after a date, the first version that follows it: `2014.12.22, Version 0.10.35
/// (Maintenance)`, `2015-09-15, io.js Version 3.3.1`, as Node.js heads its releases (a
/// date alone, `2024.12.14`, is a calendar version).
fn heading_version(title: &str) -> Option<Version> {
    after_date(title)
        .and_then(version_in)
        .or_else(|| version_after_word(title))
}

/// What follows a `YYYY-MM-DD` or `YYYY.MM.DD` date at the start of a heading, after a
/// comma, dash or colon and spaces.
fn after_date(title: &str) -> Option<&str> {
    let date = title.as_bytes().get(..10)?;
    let shape = date.iter().enumerate().all(|(i, &b)| match i {
        4 | 7 => b == b'-' || b == b'.',
        _ => b.is_ascii_digit(),
    });
    let rest = title
        .get(10..)?
        .trim_start_matches([',', '-', ':', ' ', '\t']);
    (shape && !rest.is_empty()).then_some(rest)
}

/// [`heading_version`] without the date: the version first, or after `Version` or
/// `Release` (and one word).
fn version_after_word(title: &str) -> Option<Version> {
    let after_word = ["version ", "release "].iter().find_map(|word| {
        let head = title.get(..word.len())?;
        head.eq_ignore_ascii_case(word)
            .then(|| title.get(word.len()..))
            .flatten()
    });
    let Some(rest) = after_word.map(str::trim_start) else {
        return version_first(title, false);
    };
    // After the word, the version, or one word (the package's name) and then it:
    // `Release rayon 1.12.0 (2026-04-13)`.
    version_first(rest, true).or_else(|| {
        let (_, after_name) = rest.split_once(char::is_whitespace)?;
        version_first(after_name.trim_start(), true)
    })
}

/// The version `text` starts with, after `[` and `v`: SemVer, or with `two_numbers`
/// also `1.95` (a bare `20140110.1` is more often a date than a version).
fn version_first(text: &str, two_numbers: bool) -> Option<Version> {
    let rest = text.trim_start_matches('[');
    let rest = rest.strip_prefix(['v', 'V']).unwrap_or(rest);
    let end = rest
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '.' || c == '-' || c == '+'))
        .unwrap_or(rest.len());
    let token = rest.get(..end)?;
    Version::parse(token)
        .ok()
        .or_else(|| two_numbers.then(|| major_minor(token)).flatten())
}

/// `1.95` as `1.95.0`: two numbers without leading zeros, as Rust's release notes name a
/// minor release (`Version 1.95 (2026-04-16)`).
fn major_minor(token: &str) -> Option<Version> {
    let number = |s: &str| {
        let digits = !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
        (digits && (s == "0" || !s.starts_with('0')))
            .then(|| s.parse::<u64>().ok())
            .flatten()
    };
    let (major, minor) = token.split_once('.')?;
    Some(Version::new(number(major)?, number(minor)?, 0))
}

/// The first `YYYY-MM-DD` in a heading.
fn date_in(title: &str) -> Option<String> {
    let bytes = title.as_bytes();
    (0..bytes.len().saturating_sub(9)).find_map(|i| {
        let window = bytes.get(i..i + 10)?;
        let shape = window.iter().enumerate().all(|(j, c)| {
            if j == 4 || j == 7 {
                *c == b'-'
            } else {
                c.is_ascii_digit()
            }
        });
        let bounded = i == 0 || !bytes.get(i - 1).is_some_and(u8::is_ascii_digit);
        (shape && bounded)
            .then(|| title.get(i..i + 10).map(str::to_owned))
            .flatten()
    })
}

/// `[label]: url` (up to three spaces of indentation).
fn link_definition(line: &str, start: usize) -> Option<LinkDefinition> {
    let trimmed = unindented(line)?;
    let inner = trimmed.strip_prefix('[')?;
    let close = inner.find("]:")?;
    let label = inner.get(..close)?;
    if label.is_empty() || label.contains(['[', ']']) {
        return None;
    }
    let after = inner.get(close + 2..)?;
    let url = after.split_whitespace().next()?;
    let url_offset =
        line.len() - trimmed.len() + 1 + close + 2 + (after.len() - after.trim_start().len());
    Some(LinkDefinition {
        label: label.to_owned(),
        url: url.to_owned(),
        start,
        end: start + line.len(),
        url_start: start + url_offset,
    })
}

/// Where the run of link definitions (and blank lines) that ends the file starts.
fn trailing_links_start(text: &str, links: &[LinkDefinition]) -> Option<usize> {
    let mut start = None;
    let mut cursor = text.trim_end().len();
    for def in links.iter().rev() {
        let between = text.get(def.end..cursor).unwrap_or_default();
        if !between.trim().is_empty() {
            break;
        }
        start = Some(def.start);
        cursor = def.start;
    }
    start
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heading_shapes() {
        for (line, version) in [
            ("## [1.2.0] - 2024-01-01", "1.2.0"),
            (
                "# [1.2.0](https://x/compare/v1.1.0...v1.2.0) (2024-01-01)",
                "1.2.0",
            ),
            ("### [1.2.1](https://x) (2024-01-02)", "1.2.1"),
            ("## v2.0.0-rc.1", "2.0.0-rc.1"),
            ("## 0.3.0 (2020-05-05)", "0.3.0"),
        ] {
            let (_, title) = heading(line).unwrap();
            assert_eq!(
                heading_version(title).map(|v| v.to_string()).as_deref(),
                Some(version),
                "{line}"
            );
        }
        assert!(heading("#Changelog").is_none());
        assert!(heading_version("Changelog").is_none());
        assert!(is_unreleased("[Unreleased](https://x)"));
        // After the word `Version` or `Release`, as smol-rs and rust-num write them.
        for (title, version) in [
            ("Version 2.5.0", "2.5.0"),
            ("version v1.0.0-rc.1", "1.0.0-rc.1"),
            ("Release 0.2.19 (2024-05-03)", "0.2.19"),
            ("RELEASE [3.0.0] - 2026-01-05", "3.0.0"),
            // Two numbers name a minor release, as Rust's release notes write them.
            ("Version 1.95 (2026-04-16)", "1.95.0"),
            ("release v0.10", "0.10.0"),
            // One word, the package's name, may come between (rayon).
            ("Release rayon 1.12.0 (2026-04-13)", "1.12.0"),
            (
                "Release rayon 1.11.0 / rayon-core 1.13.0 (2025-08-12)",
                "1.11.0",
            ),
            // After a date, as Node.js writes them; a date alone is a calendar version.
            (
                "2014.12.22, Version 0.10.35 (Maintenance), @rvagg",
                "0.10.35",
            ),
            ("2023-04-18, Version 20.0.0 (Current), @RafaelGSS", "20.0.0"),
            ("2015-09-15, io.js Version 3.3.1 @rvagg", "3.3.1"),
            ("2024.12.14", "2024.12.14"),
            ("2024.12.14 - notes", "2024.12.14"),
        ] {
            assert_eq!(
                heading_version(title).map(|v| v.to_string()).as_deref(),
                Some(version),
                "{title}"
            );
        }
        for title in [
            "Version 2",
            "Versions 1.0.0",
            "Released 1.0.0",
            "Upgrading to 2.0.0",
            "Release notes for 2.0.0",
            "2024.01 notes",
            "[0.10] - 2026-01-05",
            "20140110.1",
            "Version 2024.01",
            "1.2.3.4",
            "1.x",
            "01.2",
        ] {
            assert!(heading_version(title).is_none(), "{title}");
        }
    }

    /// Setext headings (`1.13.1 (2026-07-15)` over `===`), as the regex crate writes its
    /// releases: the text line is the heading, its underline gives the level.
    #[test]
    fn setext_headings_are_releases() {
        let text = "Changelog\n=========\n\n1.1.0 (2026-07-15)\n==================\nFixed it.\n\n\
                    1.0.0\n-----  \nFirst.\n\nUnreleased\n===\n";
        let doc = Document::parse(text);
        let found: Vec<(String, usize, usize)> = doc
            .releases
            .iter()
            .map(|r| (r.version.to_string(), r.level, r.line))
            .collect();
        assert_eq!(
            found,
            [("1.1.0".to_owned(), 1, 4), ("1.0.0".to_owned(), 2, 8)]
        );
        assert_eq!(doc.releases[0].date.as_deref(), Some("2026-07-15"));
        assert_eq!(
            &text[doc.releases[0].start..doc.releases[0].end],
            "1.1.0 (2026-07-15)\n==================\nFixed it.\n\n"
        );
        assert!(doc.unreleased.is_some());
        assert_eq!(doc.first_version_line, None);
        // Right below another heading (found by fuzzing).
        let doc = Document::parse("# Log\n1.2.0\n=\n");
        assert_eq!(doc.releases.first().map(|r| r.line), Some(2));
        // Not headings: a list item or a quote over a rule, a paragraph's second line, a
        // rule after a blank line, an underline inside a fence.
        for text in [
            "- 1.0.0\n---\n",
            "> 1.0.0\n===\n",
            "1. 1.0.0\n---\n",
            "Some text\n1.0.0\n---\n",
            "1.0.0\n\n---\n",
            "```\n1.0.0\n===\n```\n",
            "1.0.0\n=-=\n",
        ] {
            assert!(Document::parse(text).releases.is_empty(), "{text:?}");
        }
    }

    /// A changelog whose releases are no headings (`- 1.19.0 - 2026-10-06`, as the either
    /// crate writes them) still says where its first release is.
    #[test]
    fn lines_that_name_a_version_first() {
        let text =
            "# Changes\n\nSee below.\n\n- 1.19.0 - 2026-10-06\n  - Add `is_left_or`\n\n- 1.18.0\n";
        let doc = Document::parse(text);
        assert!(doc.releases.is_empty());
        assert_eq!(doc.first_version_line, text.find("- 1.19.0"));
        // A heading with the version further on; the first such line counts, heading or
        // not.
        let text = "# Changelog\n\n## Table\n\n## What changed in v2.0.0 (2026-01-05)\n\n- 1.0.0 was older\n";
        let doc = Document::parse(text);
        assert!(doc.releases.is_empty());
        assert_eq!(doc.first_version_line, text.find("## What"));
        for (title, named) in [
            ("2023-04-18, Version 20.0.0 (Current)", true),
            ("What changed in v2.0.0-rc.1", true),
            ("Changelog for 1.x", false),
            ("Build 21.0.0.5", false),
            ("Release a1.2.3", false),
        ] {
            assert_eq!(version_in(title).is_some(), named, "{title}");
        }
        // Only where a block starts: after a blank line or a heading, not inside a
        // paragraph (found by fuzzing: inserting there made a heading of the next line).
        let doc = Document::parse("# Log\n- 1.2.0 - 2026-01-05\n");
        assert_eq!(doc.first_version_line, Some(6));
        let doc = Document::parse("# Log\n\nSee\n1.2.0 then\n90.1.0]\n=\n");
        assert_eq!(doc.first_version_line, None);
        for (line, first) in [
            ("**v1.2.0** (2026-01-05)", true),
            ("* [1.2.0] fixed", true),
            ("Version 1.2.0 was the first", true),
            ("- see 1.2.0", false),
            ("1.2 is old", false),
            ("Version 1.2 was old", true),
        ] {
            assert_eq!(names_version_first(line), first, "{line}");
        }
    }

    /// Seen writing the `markdown_escape` fuzz target: a fence closes only on the same marker,
    /// at least as long, with nothing after it (CommonMark), and a heading behind a tab or
    /// other whitespace that is not indentation is no heading, as Markdown renders them;
    /// the escaper reads both the same way.
    #[test]
    fn fences_and_indentation_as_markdown_reads_them() {
        let doc = Document::parse("## [1.0.0]\n\n````\n```\n## [9.9.9]\n````\n");
        assert_eq!((doc.releases.len(), doc.open_fence), (1, None));
        let doc = Document::parse("## [1.0.0]\n\n```sh\n```sh\n## [9.9.9]\n");
        assert_eq!((doc.releases.len(), doc.open_fence), (1, Some(12)));
        let doc = Document::parse("## [1.0.0]\n\n~~~\n```\n## [9.9.9]\n~~~~\n## [2.0.0]\n");
        assert_eq!(doc.releases.len(), 2);
        let doc = Document::parse("## [1.0.0]\n\n    ```\n## [2.0.0]\n```a`\n## [3.0.0]\n");
        assert_eq!((doc.releases.len(), doc.open_fence), (3, None));
        let doc = Document::parse(
            "## [1.0.0]\n\t## [9.9.9]\n\u{3000}## [9.9.8]\n   ## [2.0.0]\n\t[x]: u\n",
        );
        let versions: Vec<String> = doc.releases.iter().map(|r| r.version.to_string()).collect();
        assert_eq!(versions, ["1.0.0", "2.0.0"]);
        assert!(doc.links.is_empty());
    }

    #[test]
    fn fenced_headings_are_not_releases() {
        let doc = Document::parse("# Changelog\n\n```md\n## [9.9.9]\n```\n\n## [1.0.0]\n");
        assert_eq!(doc.releases.len(), 1);
        assert_eq!(doc.releases[0].line, 7);
    }

    #[test]
    fn sections_end_at_the_next_heading_or_the_links() {
        let text = "## [Unreleased]\n- a\n## [1.0.0]\n- b\n\n[1.0.0]: u\n";
        let doc = Document::parse(text);
        assert_eq!(doc.unreleased, Some((0, 20)));
        assert_eq!(doc.releases[0].end, text.find("[1.0.0]: u").unwrap());
        assert_eq!(doc.links_start, text.find("[1.0.0]: u"));
        assert!(!doc.crlf);
    }
}
