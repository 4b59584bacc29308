//! Inserting a release into an existing changelog. The change is planned as a few byte
//! edits (the new section, the link definitions at the bottom), so every byte outside them
//! stays as it was: text between releases, `[YANKED]` markers, CRLF line endings.

use std::borrow::Cow;
use std::fmt;
use std::fmt::Write as _;

use serde::{Deserialize, Serialize};

use super::document::{Document, bom_len};
use super::model::Release;
use super::style::{Style, anchor_before};
use super::template::{Format, RenderError, Renderable, Template, render};
use crate::version::Version;

/// The header of a new Keep a Changelog file.
const HEADER: &str = "# Changelog\n\nAll notable changes to this project will be documented in this file.\n\nThe format is based on [Keep a Changelog](https://keepachangelog.com/en/1.1.0/),\nand this project adheres to [Semantic Versioning](https://semver.org/spec/v2.0.0.html).\n";

/// How to insert a release into an existing changelog.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct UpdateOptions {
    /// Move the hand-written entries under `## [Unreleased]` into the new release.
    pub take_unreleased: bool,
    /// Replace the section of a version that is already there, instead of refusing.
    pub replace: bool,
    /// Place a release older than the newest one in the file in version order (below the
    /// newer releases), instead of refusing with `older_than_newest`. A maintenance
    /// release (1.4.3 after 2.0.0) is the usual reason.
    pub in_version_order: bool,
}

/// One planned change to a changelog: remove `remove` bytes at byte offset `at`, put
/// `insert` there. See [`plan_insert`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Edit {
    /// Byte offset in the existing text.
    pub at: usize,
    /// How many bytes are removed there.
    pub remove: usize,
    /// The text put there.
    pub insert: String,
}

/// Inserts `release` into the changelog `existing`, rendered with `template`, and returns
/// the new text. Without a template, the release is written in the file's own style
/// ([`Style::detect`]): Keep a Changelog, conventional-changelog (`# [1.2.0](url) (date)`
/// for minor releases, `## …` for patches, or one level deeper as standard-version
/// writes), release-please (`## [1.2.0](url) (date)`), each with an HTML anchor before
/// its heading when the file has them; the conventional styles carry the compare link in
/// the heading and get no link definition. Only a template overrides the file's style.
///
/// The section goes below `## [Unreleased]` (or before the first release heading, as in
/// conventional-changelog files, or after the introduction); a link definition
/// `[1.5.0]: <compare url>` joins the others at the bottom and `[unreleased]` is moved on
/// to compare from the new tag. Without a repository URL, the compare link follows the
/// file's own `[unreleased]` link (`…/compare/v1.4.0...HEAD` gives `[1.5.0]:
/// …/compare/v1.4.0...v1.5.0`), or without one the newest release's. An empty file gets the standard Keep a Changelog header.
/// CRLF files stay CRLF. Nothing else changes.
///
/// # Errors
///
/// The version is already in the changelog and `replace` is not set (`version_exists`),
/// or the template fails (`template_render`).
///
/// ```
/// use chrono::NaiveDate;
/// use relcore::changelog::{insert, Config, Release, UpdateOptions};
/// use relcore::commit::Commit;
/// use relcore::version::Version;
///
/// let existing = "# Changelog\n\n## [Unreleased]\n\n## [1.4.0] - 2025-10-01\n\n### Added\n\n- search\n\n[unreleased]: https://github.com/acme/api/compare/v1.4.0...HEAD\n[1.4.0]: https://github.com/acme/api/compare/v1.3.0...v1.4.0\n";
/// let config = Config { repository_url: Some("https://github.com/acme/api".into()), ..Config::default() };
/// let release = Release::from_commits(
///     Version::new(1, 5, 0), Some(Version::new(1, 4, 0)), NaiveDate::from_ymd_opt(2025, 11, 15),
///     &[Commit::parse("fix: handle empty input")], &config,
/// )?;
/// let updated = insert(existing, &release, None, &UpdateOptions::default())?;
/// assert_eq!(updated, "# Changelog\n\n## [Unreleased]\n\n## [1.5.0] - 2025-11-15\n\n### Fixed\n\n- handle empty input\n\n## [1.4.0] - 2025-10-01\n\n### Added\n\n- search\n\n[unreleased]: https://github.com/acme/api/compare/v1.5.0...HEAD\n[1.5.0]: https://github.com/acme/api/compare/v1.4.0...v1.5.0\n[1.4.0]: https://github.com/acme/api/compare/v1.3.0...v1.4.0\n");
///
/// let again = insert(&updated, &release, None, &UpdateOptions::default()).unwrap_err();
/// assert_eq!(again.kind().as_str(), "version_exists");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn insert(
    existing: &str,
    release: &Release,
    template: Option<&Template>,
    options: &UpdateOptions,
) -> Result<String, UpdateError> {
    let edits = plan_insert(existing, release, template, options)?;
    Ok(apply_edits(existing, &edits))
}

/// The edits [`insert`] makes, sorted by offset and never overlapping: the new section,
/// the link definition, `[unreleased]` moved on. Applying them to `existing` gives
/// `insert`'s result; nothing outside them changes. Useful to preview a change as a diff.
///
/// ```
/// use relcore::changelog::{plan_insert, Config, Release, UpdateOptions};
/// use relcore::commit::Commit;
/// use relcore::version::Version;
/// let release = Release::from_commits(Version::new(1, 1, 0), None, None, &[Commit::parse("feat: x")], &Config::default())?;
/// let edits = plan_insert("# Changelog\n\n## [1.0.0]\n", &release, None, &UpdateOptions::default())?;
/// assert_eq!(edits.len(), 1);
/// assert_eq!((edits[0].at, edits[0].remove), (13, 0));
/// assert_eq!(edits[0].insert, "## [1.1.0]\n\n### Added\n\n- x\n\n");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn plan_insert(
    existing: &str,
    release: &Release,
    template: Option<&Template>,
    options: &UpdateOptions,
) -> Result<Vec<Edit>, UpdateError> {
    let Some(template) = template else {
        // No template: write the release the way the file writes its releases.
        let mut style = Style::detect(existing);
        if Document::parse(existing).find(&release.version).is_some() {
            // Replacing a section keeps its anchor, which stands before it.
            style.anchor = None;
        }
        let section = style.render(release)?;
        let place = Placement {
            links: !style.links_in_headings(),
            before_anchor: style.anchor.is_some(),
        };
        return plan_placed(existing, release, &section, options, place);
    };
    plan(existing, release, &template.render(release)?, options)
}

/// Where [`plan`] puts things beyond the section itself.
#[derive(Clone, Copy, Debug)]
struct Placement {
    /// Add a link definition (and move `[unreleased]` on).
    links: bool,
    /// Insert before the anchor line of the latest release, not between it and its
    /// heading.
    before_anchor: bool,
}

/// [`insert`] with the section already rendered (with LF line endings), for callers that
/// rendered it once for other uses too, as `relcore_release::prepare` does.
///
/// ```
/// use relcore::changelog::{insert_section, Config, Release, UpdateOptions};
/// use relcore::commit::Commit;
/// use relcore::version::Version;
/// let release = Release::from_commits(Version::new(1, 1, 0), None, None, &[Commit::parse("feat: x")], &Config::default())?;
/// let text = insert_section("# Changelog\n\n## [1.0.0]\n", &release, "## [1.1.0]\n\n- x\n", &UpdateOptions::default())?;
/// assert_eq!(text, "# Changelog\n\n## [1.1.0]\n\n- x\n\n## [1.0.0]\n");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn insert_section(
    existing: &str,
    release: &Release,
    section: &str,
    options: &UpdateOptions,
) -> Result<String, UpdateError> {
    Ok(apply_edits(
        existing,
        &plan(existing, release, section, options)?,
    ))
}

/// Applies non-overlapping edits sorted by position.
///
/// ```
/// use relcore::changelog::{apply_edits, Edit};
/// let edits = [Edit { at: 1, remove: 1, insert: "X".into() }];
/// assert_eq!(apply_edits("abc", &edits), "aXc");
/// ```
pub fn apply_edits(text: &str, edits: &[Edit]) -> String {
    let mut out =
        String::with_capacity(text.len() + edits.iter().map(|e| e.insert.len()).sum::<usize>());
    let mut cursor = 0;
    for edit in edits {
        out.push_str(text.get(cursor..edit.at).unwrap_or_default());
        out.push_str(&edit.insert);
        // Never backwards: an edit overlapping the previous one cannot duplicate text.
        cursor = cursor.max(edit.at + edit.remove);
    }
    out.push_str(text.get(cursor..).unwrap_or_default());
    out
}

/// Plans the edits that insert `section` (rendered with LF line endings) for `release`.
pub(crate) fn plan(
    existing: &str,
    release: &Release,
    section: &str,
    options: &UpdateOptions,
) -> Result<Vec<Edit>, UpdateError> {
    let place = Placement {
        links: true,
        before_anchor: false,
    };
    plan_placed(existing, release, section, options, place)
}

fn plan_placed(
    existing: &str,
    release: &Release,
    section: &str,
    options: &UpdateOptions,
    place: Placement,
) -> Result<Vec<Edit>, UpdateError> {
    let doc = Document::parse(existing);
    let nl = if doc.crlf { "\r\n" } else { "\n" };
    let eol = |s: &str| {
        if doc.crlf {
            s.replace('\n', "\r\n")
        } else {
            s.to_owned()
        }
    };
    let bom = bom_len(existing);
    if existing.get(bom..).unwrap_or_default().trim().is_empty() {
        let mut text = format!("{HEADER}\n## [Unreleased]\n\n{section}");
        let links = new_links(release);
        if !links.is_empty() {
            text.push('\n');
            text.push_str(&links);
        }
        return Ok(vec![Edit {
            at: bom,
            remove: existing.len() - bom,
            insert: eol(&text),
        }]);
    }
    let mut edits = Vec::new();
    let existing_heading = doc.find(&release.version);
    let older_than = existing_heading
        .is_none()
        .then(|| newest(&doc))
        .flatten()
        .filter(|newest| newest.version > release.version);
    if let Some(newest) = older_than {
        if !options.in_version_order {
            return Err(older_than_newest(release, newest));
        }
        return Ok(in_version_order(
            existing,
            &doc,
            release,
            &eol(section),
            place,
        ));
    }
    match (existing_heading, &doc.unreleased) {
        (Some(heading), _) if !options.replace => {
            return Err(UpdateError {
                kind: UpdateErrorKind::VersionExists,
                message: format!(
                    "version {} is already in the changelog at line {}",
                    release.version, heading.line
                ),
            });
        }
        (Some(heading), _) => {
            // A blank line before whatever follows; none at the very end of the file.
            let gap = if heading.end < existing.len() {
                "\n"
            } else {
                ""
            };
            edits.push(Edit {
                at: heading.start,
                remove: heading.end - heading.start,
                insert: eol(&format!("{section}{gap}")),
            });
        }
        (None, Some((start, end))) if options.take_unreleased => {
            let body_start = line_end(existing, *start);
            let body = existing
                .get(body_start..*end)
                .unwrap_or_default()
                .replace("\r\n", "\n");
            let merged = merge_unreleased(section, &body);
            edits.push(Edit {
                at: body_start,
                remove: end - body_start,
                insert: eol(&format!("\n{merged}\n")),
            });
        }
        (None, Some((_, end))) => edits.push(insert_at(existing, *end, &eol(section), nl)),
        (None, None) => {
            let at = newest_release_at(existing, &doc, place);
            edits.push(insert_at(existing, at, &eol(section), nl));
        }
    }
    let section_at_end = edits.iter().any(|e| e.at == existing.len());
    if place.links {
        edits.extend(link_edits(existing, &doc, release, nl, section_at_end));
    }
    // At one offset: pure insertions before an edit that removes bytes there (so nothing
    // lands inside the removed range), and the section before a link definition.
    edits.sort_by_key(|e| (e.at, e.remove > 0, e.insert.starts_with('[')));
    Ok(edits)
}

/// Where a new release goes in a file without an Unreleased heading: above the newest
/// release (and its anchor, with `before_anchor`); in a file whose releases are no
/// headings this reads, above the first line that names a version; else at the end.
fn newest_release_at(existing: &str, doc: &Document, place: Placement) -> usize {
    doc.releases.first().map_or_else(
        || {
            doc.first_version_line
                .map_or(doc.content_end(), |at| at.min(doc.content_end()))
        },
        |r| {
            place
                .before_anchor
                .then(|| anchor_before(existing, r))
                .flatten()
                .map_or(r.start, |(start, _, _)| start)
        },
    )
}

/// The refusal of a release older than the newest one in the file.
fn older_than_newest(release: &Release, newest: &super::document::ReleaseHeading) -> UpdateError {
    UpdateError {
        kind: UpdateErrorKind::OlderThanNewest,
        message: format!(
            "version {} is older than {}, the newest release in the changelog (line {}); \
             to add it below the newer releases, ask for version order \
             (`--in-version-order`, `in_version_order=True`, `inVersionOrder: true`)",
            release.version, newest.version, newest.line
        ),
    }
}

/// The edits that put an older release below the newer ones.
fn in_version_order(
    existing: &str,
    doc: &Document,
    release: &Release,
    section: &str,
    place: Placement,
) -> Vec<Edit> {
    let nl = if doc.crlf { "\r\n" } else { "\n" };
    let at = in_order_position(doc, &release.version);
    let mut edits = vec![insert_at(existing, at, section, nl)];
    if place.links {
        edits.extend(older_link_edit(existing, doc, release, nl));
    }
    edits.sort_by_key(|e| (e.at, e.remove > 0, e.insert.starts_with('[')));
    edits
}

/// The release heading with the highest precedence.
fn newest(doc: &Document) -> Option<&super::document::ReleaseHeading> {
    doc.releases.iter().max_by(|a, b| a.version.cmp(&b.version))
}

/// Where a release goes in version order: before the first heading of an older release,
/// or after the last release.
fn in_order_position(doc: &Document, version: &Version) -> usize {
    doc.releases
        .iter()
        .find(|r| &r.version < version)
        .map_or_else(
            || doc.releases.last().map_or(doc.content_end(), |r| r.end),
            |r| r.start,
        )
}

/// The link definition of a release placed in version order: before the definition of the
/// next older release, or after the last version definition; `[unreleased]` stays.
fn older_link_edit(text: &str, doc: &Document, release: &Release, nl: &str) -> Option<Edit> {
    let url = release.compare_url.as_ref()?;
    let version_of = |label: &str| Version::parse(label.trim_start_matches(['v', 'V'])).ok();
    let versioned: Vec<_> = doc
        .links
        .iter()
        .filter_map(|d| version_of(&d.label).map(|v| (d, v)))
        .collect();
    if versioned.iter().any(|(_, v)| v == &release.version) {
        return None;
    }
    let line = format!("[{}]: {url}{nl}", release.version);
    if let Some((def, _)) = versioned.iter().find(|(_, v)| v < &release.version) {
        return Some(Edit {
            at: def.start,
            remove: 0,
            insert: line,
        });
    }
    let last_end = versioned
        .last()
        .map(|(d, _)| d.end)
        .or_else(|| doc.links.last().map(|d| d.end));
    let (at, prefix) = match last_end {
        Some(end) if text.get(..end).is_some_and(|t| t.ends_with('\n')) => (end, String::new()),
        Some(end) => (end, nl.to_owned()),
        None if text.ends_with("\n\n") => (text.len(), String::new()),
        None if text.ends_with('\n') => (text.len(), nl.to_owned()),
        None => (text.len(), format!("{nl}{nl}")),
    };
    Some(Edit {
        at,
        remove: 0,
        insert: format!("{prefix}{line}"),
    })
}

/// Inserts a section at `at`, with a blank line before (unless there is one) and after.
fn insert_at(text: &str, at: usize, section: &str, nl: &str) -> Edit {
    let before = text.get(bom_len(text).min(at)..at).unwrap_or_default();
    let mut insert = String::new();
    if !before.is_empty() && !before.ends_with('\n') {
        insert.push_str(nl);
    }
    if !before.is_empty() && !before.ends_with(&format!("{nl}{nl}")) && !before.ends_with("\n\n") {
        insert.push_str(nl);
    }
    insert.push_str(section);
    if at < text.len() {
        insert.push_str(nl);
    }
    Edit {
        at,
        remove: 0,
        insert,
    }
}

/// The byte offset after the line that starts at `start`.
fn line_end(text: &str, start: usize) -> usize {
    text.get(start..)
        .and_then(|s| s.find('\n'))
        .map_or(text.len(), |i| start + i + 1)
}

/// The link definition of the new release, and `[unreleased]` moved on to it.
fn link_edits(
    text: &str,
    doc: &Document,
    release: &Release,
    nl: &str,
    section_at_end: bool,
) -> Vec<Edit> {
    let Some(url) = release
        .compare_url
        .clone()
        .or_else(|| compare_like_the_files(doc, &release.tag))
    else {
        return Vec::new();
    };
    let mut edits = Vec::new();
    let version = release.version.to_string();
    let is_label = |label: &str, v: &str| {
        label.eq_ignore_ascii_case(v) || label.strip_prefix(['v', 'V']).is_some_and(|l| l == v)
    };
    if let Some(def) = doc.links.iter().find(|d| is_label(&d.label, &version)) {
        edits.push(Edit {
            at: def.url_start,
            remove: def.url.len(),
            insert: url.clone(),
        });
    } else {
        let line = format!("[{version}]: {url}{nl}");
        let unreleased = doc
            .links
            .iter()
            .find(|d| d.label.eq_ignore_ascii_case("unreleased"));
        let first_version = doc.links.iter().find(|d| {
            crate::version::Version::parse(d.label.trim_start_matches(['v', 'V'])).is_ok()
        });
        let edit = match (first_version, unreleased) {
            (Some(def), _) => Edit {
                at: def.start,
                remove: 0,
                insert: line,
            },
            (None, Some(def)) => {
                let prefix = if text.get(..def.end).is_some_and(|t| t.ends_with('\n')) {
                    ""
                } else {
                    nl
                };
                Edit {
                    at: def.end,
                    remove: 0,
                    insert: format!("{prefix}{line}"),
                }
            }
            (None, None) => {
                // A blank line before the new block; the section inserted at the end (if
                // any) already ends with a newline.
                let prefix = if section_at_end || text.ends_with('\n') {
                    nl.to_owned()
                } else {
                    format!("{nl}{nl}")
                };
                let prefix = if !section_at_end && text.ends_with("\n\n") {
                    String::new()
                } else {
                    prefix
                };
                Edit {
                    at: text.len(),
                    remove: 0,
                    insert: format!("{prefix}{line}"),
                }
            }
        };
        edits.push(edit);
    }
    let unreleased = doc
        .links
        .iter()
        .find(|d| d.label.eq_ignore_ascii_case("unreleased"));
    if let Some((def, head)) =
        unreleased.and_then(|d| d.url.strip_suffix("...HEAD").map(|h| (d, h)))
    {
        let from = head.rfind('/').map_or(0, |i| i + 1);
        edits.push(Edit {
            at: def.url_start + from,
            remove: head.len() - from,
            insert: release.tag.clone(),
        });
    }
    edits
}

/// Without a repository URL, the new release's compare link as the file's own links
/// spell it (as a person updating the file by hand writes it): its `[unreleased]`
/// definition, `<base>/compare/<previous>...HEAD`, gives `<base>/compare/<previous>...<tag>`;
/// without one, the newest release's, `<base>/compare/<older>...<previous>`, gives
/// `<base>/compare/<previous>...<tag>`. `None` for other links, or none.
fn compare_like_the_files(doc: &Document, tag: &str) -> Option<String> {
    // `<base>/compare/<from>...<to>`: base and the two refs.
    let compare = |url: &str| -> Option<(String, String, String)> {
        let (head, to) = url.rsplit_once("...")?;
        let (base, from) = head.rsplit_once('/')?;
        (base.ends_with("/compare") && !from.is_empty() && !to.is_empty())
            .then(|| (base.to_owned(), from.to_owned(), to.to_owned()))
    };
    let unreleased = doc
        .links
        .iter()
        .find(|d| d.label.eq_ignore_ascii_case("unreleased"));
    let (base, previous) = if let Some(def) = unreleased {
        let (base, from, to) = compare(&def.url)?;
        (to == "HEAD").then_some((base, from))?
    } else {
        let newest = doc
            .links
            .iter()
            .filter_map(|d| {
                let version = Version::parse(d.label.trim_start_matches(['v', 'V'])).ok()?;
                Some((version, d))
            })
            .max_by(|a, b| a.0.cmp(&b.0))?;
        let (base, _, to) = compare(&newest.1.url)?;
        (base, to)
    };
    (previous != tag).then(|| format!("{base}/{previous}...{tag}"))
}

/// The link definitions of a new changelog: `[unreleased]` (when the forge's compare link
/// can be derived) and the release's own.
fn new_links(release: &Release) -> String {
    new_links_of(
        &release.version,
        &release.tag,
        release.compare_url.as_deref(),
    )
}

/// [`new_links`] of a release's version, tag and compare link.
fn new_links_of(version: &Version, tag: &str, compare_url: Option<&str>) -> String {
    let Some(url) = compare_url else {
        return String::new();
    };
    let mut out = String::new();
    let base = ["/compare/", "/-/compare/", "/releases/tag/", "/-/tags/"]
        .iter()
        .find_map(|m| url.find(m).map(|i| (url.get(..i).unwrap_or_default(), *m)));
    if let Some((base, marker)) = base {
        let compare = if marker.starts_with("/-/") {
            "/-/compare/"
        } else {
            "/compare/"
        };
        let _ = writeln!(out, "[unreleased]: {base}{compare}{tag}...HEAD");
    }
    let _ = writeln!(out, "[{version}]: {url}");
    out
}

/// Merges the hand-written Unreleased body into the rendered section: entries under a
/// `### Title` join the section's subsection of that title (first), other subsections and
/// loose text follow.
fn merge_unreleased(section: &str, body: &str) -> String {
    let (hand_intro, hand_sections) = split_subsections(body);
    let mut lines: Vec<String> = section.lines().map(str::to_owned).collect();
    let mut extra = String::new();
    for (title, items) in hand_sections {
        let items: Vec<&str> = items
            .iter()
            .map(String::as_str)
            .filter(|l| !l.trim().is_empty())
            .collect();
        if items.is_empty() {
            continue;
        }
        let heading = format!("### {title}");
        if let Some(at) = lines
            .iter()
            .position(|l| l.trim().eq_ignore_ascii_case(&heading))
        {
            // Hand-written entries first, under the generated heading.
            let first_item = lines
                .iter()
                .skip(at + 1)
                .position(|l| !l.trim().is_empty())
                .map_or(lines.len(), |p| at + 1 + p);
            for (k, item) in items.iter().enumerate() {
                lines.insert(first_item + k, (*item).to_owned());
            }
            continue;
        }
        // A section the release does not have: in Keep a Changelog's order, or last.
        let block = format!("{heading}\n\n{}\n", items.join("\n"));
        let rank = kac_rank(&title);
        if let Some(at) = lines
            .iter()
            .position(|l| l.strip_prefix("### ").is_some_and(|t| kac_rank(t) > rank))
        {
            for (k, line) in block.lines().chain(std::iter::once("")).enumerate() {
                lines.insert(at + k, line.to_owned());
            }
        } else {
            let _ = write!(extra, "\n{block}");
        }
    }
    let mut out = String::new();
    let mut rest = lines.into_iter();
    if let Some(head) = rest.next() {
        out.push_str(&head);
        out.push('\n');
    }
    let intro = hand_intro.trim();
    if !intro.is_empty() {
        out.push('\n');
        out.push_str(intro);
        out.push('\n');
    }
    for line in rest {
        out.push_str(&line);
        out.push('\n');
    }
    out.push_str(&extra);
    out
}

/// The position of a section title in Keep a Changelog's order; unknown titles last.
fn kac_rank(title: &str) -> usize {
    [
        "added",
        "changed",
        "deprecated",
        "removed",
        "fixed",
        "security",
    ]
    .iter()
    .position(|t| title.trim().eq_ignore_ascii_case(t))
    .unwrap_or(usize::MAX)
}

/// Text before the first `### ` heading, and each `### Title` with its lines.
fn split_subsections(body: &str) -> (String, Vec<(String, Vec<String>)>) {
    let mut intro = String::new();
    let mut sections: Vec<(String, Vec<String>)> = Vec::new();
    for line in body.lines() {
        if let Some(title) = line.strip_prefix("### ") {
            sections.push((title.trim().to_owned(), Vec::new()));
        } else if let Some((_, items)) = sections.last_mut() {
            items.push(line.to_owned());
        } else {
            intro.push_str(line);
            intro.push('\n');
        }
    }
    (intro, sections)
}

/// Renders a whole changelog from releases (newest first): for Keep a Changelog the
/// standard header, an `Unreleased` heading, every section and the link definitions; for
/// release notes the sections one after another; for JSON an array of releases.
///
/// ```
/// use relcore::changelog::{render_document, Config, Format, Release};
/// use relcore::commit::Commit;
/// use relcore::version::Version;
/// let r1 = Release::from_commits(Version::new(1, 0, 0), None, None, &[Commit::parse("feat: a")], &Config::default())?;
/// let text = render_document(&[r1], Format::KeepAChangelog)?;
/// assert!(text.starts_with("# Changelog\n"));
/// assert!(text.ends_with("## [Unreleased]\n\n## [1.0.0]\n\n### Added\n\n- a\n"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn render_document<R: Renderable>(
    releases: &[R],
    format: Format,
) -> Result<String, UpdateError> {
    render_history(None, releases, format)
}

/// [`render_document`] with the changes not released yet: their entries go under the
/// `Unreleased` heading (Keep a Changelog) or an `Unreleased` section first (release
/// notes); JSON has no place for them. `unreleased` is built like any release, with any
/// version: only its entries are shown.
///
/// ```
/// use relcore::changelog::{render_history, Config, Format, Release};
/// use relcore::commit::Commit;
/// use relcore::version::Version;
/// let config = Config::default();
/// let r1 = Release::from_commits(Version::new(1, 0, 0), None, None, &[Commit::parse("feat: a")], &config)?;
/// let next = Release::from_commits(Version::new(1, 0, 1), None, None, &[Commit::parse("fix: b")], &config)?;
/// let text = render_history(Some(&next), &[r1], Format::KeepAChangelog)?;
/// assert!(text.contains("## [Unreleased]\n\n### Fixed\n\n- b\n\n## [1.0.0]\n"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn render_history<R: Renderable>(
    unreleased: Option<&R>,
    releases: &[R],
    format: Format,
) -> Result<String, UpdateError> {
    let pending = match unreleased {
        Some(u) if !u.parts().is_empty() && format != Format::Json => {
            let text = render(u, format)?;
            // The section's own heading names a version that does not exist yet.
            Some(
                text.split_once('\n')
                    .map(|(_, body)| body.to_owned())
                    .unwrap_or_default(),
            )
        }
        _ => None,
    };
    if format == Format::Json {
        let models: Vec<Cow<'_, Release>> = releases.iter().map(|r| r.model()).collect();
        return serde_json::to_string_pretty(&models)
            .map(|s| s + "\n")
            .map_err(|e| UpdateError {
                kind: UpdateErrorKind::Render,
                message: e.to_string(),
            });
    }
    let mut out = String::new();
    if format == Format::KeepAChangelog {
        out.push_str(HEADER);
        out.push_str("\n## [Unreleased]\n");
        if let Some(body) = &pending {
            out.push_str(body);
        }
    } else if let Some(body) = &pending {
        out.push_str("## Unreleased\n");
        out.push_str(body);
    }
    for release in releases {
        if !out.is_empty() {
            out.push('\n');
        }
        out.push_str(&render(release, format)?);
    }
    if format == Format::KeepAChangelog {
        let mut links = String::new();
        if let Some(first) = releases.first() {
            let (version, tag, compare_url) = first.head();
            links.push_str(
                new_links_of(version, tag, compare_url)
                    .lines()
                    .next()
                    .filter(|l| l.starts_with("[unreleased]"))
                    .unwrap_or_default(),
            );
            if !links.is_empty() {
                links.push('\n');
            }
        }
        for release in releases {
            if let (version, _, Some(url)) = release.head() {
                let _ = writeln!(links, "[{version}]: {url}");
            }
        }
        if !links.is_empty() {
            out.push('\n');
            out.push_str(&links);
        }
    }
    Ok(out)
}

/// The stable kind behind an [`UpdateError`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum UpdateErrorKind {
    /// The version is already in the changelog (set `replace` to overwrite its section).
    VersionExists,
    /// Rendering the section failed.
    Render,
    /// The release is older than the newest one in the changelog (set
    /// `in_version_order` to place it below the newer ones).
    OlderThanNewest,
}

impl UpdateErrorKind {
    /// Every kind, for the tests and docs that enumerate the slugs.
    pub const ALL: [UpdateErrorKind; 3] = [
        UpdateErrorKind::VersionExists,
        UpdateErrorKind::Render,
        UpdateErrorKind::OlderThanNewest,
    ];

    /// The stable slug, e.g. `version_exists`.
    pub fn as_str(self) -> &'static str {
        match self {
            UpdateErrorKind::VersionExists => "version_exists",
            UpdateErrorKind::Render => "template_render",
            UpdateErrorKind::OlderThanNewest => "older_than_newest",
        }
    }
}

/// A release that cannot be inserted into a changelog.
#[derive(Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct UpdateError {
    kind: UpdateErrorKind,
    message: String,
}

impl UpdateError {
    /// The stable kind of this error.
    pub fn kind(&self) -> UpdateErrorKind {
        self.kind
    }
}

impl From<RenderError> for UpdateError {
    fn from(e: RenderError) -> Self {
        UpdateError {
            kind: UpdateErrorKind::Render,
            message: e.to_string(),
        }
    }
}

impl fmt::Debug for UpdateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "UpdateError({:?})", self.message)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::changelog::Config;
    use crate::commit::Commit;
    use crate::version::Version;

    /// A deterministic generator, so failures reproduce.
    struct Lcg(u64);

    impl Lcg {
        fn below(&mut self, n: u64) -> u64 {
            self.0 = self
                .0
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (self.0 >> 33) % n.max(1)
        }

        fn chance(&mut self, percent: u64) -> bool {
            self.below(100) < percent
        }
    }

    /// A random changelog: optional title and intro, optional Unreleased section, release
    /// sections (descending versions, some yanked, some with text between them or fenced
    /// code holding heading-like lines), optional link definitions; LF or CRLF.
    fn changelog(rng: &mut Lcg) -> (String, Vec<Version>) {
        let mut lines: Vec<String> = Vec::new();
        if rng.chance(80) {
            lines.extend(["# Changelog".into(), String::new()]);
        }
        if rng.chance(50) {
            lines.extend([
                "Notes about this file, *kept verbatim*.".into(),
                String::new(),
            ]);
        }
        let unreleased = rng.chance(60);
        if unreleased {
            lines.extend(["## [Unreleased]".into(), String::new()]);
            if rng.chance(20) {
                lines.extend([
                    "[unreleased]: https://github.com/o/r/compare/v0.0.1...HEAD".into(),
                    String::new(),
                ]);
            }
            if rng.chance(50) {
                lines.extend([
                    "### Added".into(),
                    String::new(),
                    "- hand-written entry".into(),
                    String::new(),
                ]);
            }
        }
        let count = rng.below(5);
        let mut versions = Vec::new();
        let mut major = 10 + count;
        for _ in 0..count {
            let v = Version::new(major, rng.below(3), 0);
            major -= 1;
            let yanked = if rng.chance(20) { " [YANKED]" } else { "" };
            lines.push(format!(
                "## [{v}] - 2024-0{}-1{}{yanked}",
                1 + rng.below(9),
                rng.below(9)
            ));
            lines.push(String::new());
            lines.push("### Fixed".into());
            lines.push(String::new());
            lines.push(format!("- fix number {}", rng.below(1000)));
            if rng.chance(30) {
                lines.extend([
                    String::new(),
                    "```md".into(),
                    "## [99.0.0] - not a release".into(),
                    "```".into(),
                ]);
            }
            if rng.chance(30) {
                lines.extend([
                    String::new(),
                    "Text between releases, trailing spaces   ".into(),
                ]);
            }
            if rng.chance(15) {
                // A definition in the middle of the file (found by fuzzing: it must stay put).
                lines.extend([
                    String::new(),
                    format!("[note-{}]: https://example.com/n", rng.below(9)),
                ]);
            }
            lines.push(String::new());
            versions.push(v);
        }
        if rng.chance(5) {
            // A fence that is never closed: nothing may be inserted after it (found by fuzzing).
            lines.extend([
                "```".into(),
                "## [77.0.0] - looks like a heading, is code".into(),
            ]);
        }
        if rng.chance(60) {
            if unreleased {
                lines.push(format!(
                    "[unreleased]: https://github.com/o/r/compare/v{}...HEAD",
                    versions
                        .first()
                        .map_or_else(|| "0.0.1".to_owned(), ToString::to_string)
                ));
            }
            for v in &versions {
                lines.push(format!("[{v}]: https://github.com/o/r/releases/tag/v{v}"));
            }
        }
        let nl = if rng.chance(30) { "\r\n" } else { "\n" };
        let mut text = lines.join(nl);
        if rng.chance(80) {
            text.push_str(nl);
        }
        (text, versions)
    }

    #[test]
    #[allow(clippy::too_many_lines, reason = "one property, checked step by step")]
    fn inserting_touches_nothing_outside_the_planned_edits() {
        let mut rng = Lcg(42);
        let config = Config {
            repository_url: Some("https://github.com/o/r".into()),
            ..Config::default()
        };
        for case in 0..2000 {
            let (text, versions) = changelog(&mut rng);
            let reuse = !versions.is_empty() && rng.chance(15);
            let version = if reuse {
                versions[0].clone()
            } else if rng.chance(25) {
                // Maybe older than some releases in the file: a maintenance release.
                Version::new(8 + rng.below(8), rng.below(5), 1 + rng.below(5))
            } else {
                Version::new(20, rng.below(5), rng.below(5))
            };
            let options = UpdateOptions {
                take_unreleased: rng.chance(30),
                replace: rng.chance(50),
                in_version_order: rng.chance(50),
            };
            let bom = rng.chance(10);
            let text = if bom { format!("\u{feff}{text}") } else { text };
            let older = !versions.contains(&version) && versions.iter().any(|v| *v > version);
            let commits = [
                Commit::parse("feat: new thing"),
                Commit::parse("fix: old bug"),
            ];
            let previous = versions.iter().find(|v| **v != version).cloned();
            let release =
                Release::from_commits(version.clone(), previous, None, &commits, &config).unwrap();
            let section = render(&release, Format::KeepAChangelog).unwrap();
            let planned = plan(&text, &release, &section, &options);
            if reuse && !options.replace {
                assert_eq!(
                    planned.unwrap_err().kind(),
                    UpdateErrorKind::VersionExists,
                    "case {case}"
                );
                continue;
            }
            if older && !options.in_version_order {
                assert_eq!(
                    planned.unwrap_err().kind(),
                    UpdateErrorKind::OlderThanNewest,
                    "case {case}"
                );
                continue;
            }
            let edits = planned.unwrap();
            let doc = Document::parse(&text);
            let url_of = |label: &str| {
                doc.links
                    .iter()
                    .find(|d| d.label == label)
                    .map(|d| d.url_start..d.url_start + d.url.len())
            };
            let unreleased_url = url_of("unreleased");
            let own_url = url_of(&version.to_string());
            let mut last_end = 0;
            for edit in &edits {
                assert!(
                    edit.at >= last_end,
                    "case {case}: overlapping edits {edits:?}"
                );
                last_end = edit.at + edit.remove;
                let whole_file = edit.at + edit.remove == text.len()
                    && text.trim_start_matches('\u{feff}').trim().is_empty();
                let inside = |r: &Option<std::ops::Range<usize>>| {
                    r.as_ref()
                        .is_some_and(|r| r.start <= edit.at && edit.at + edit.remove <= r.end)
                };
                let in_unreleased_url = inside(&unreleased_url) || inside(&own_url);
                let replaced_section =
                    options.replace && doc.find(&version).is_some_and(|h| h.start == edit.at);
                let unreleased_body = options.take_unreleased && doc.unreleased.is_some();
                if edit.remove > 0 {
                    assert!(
                        whole_file || in_unreleased_url || replaced_section || unreleased_body,
                        "case {case}: edit removes bytes: {edit:?}\n{text}"
                    );
                }
                if !in_unreleased_url {
                    let at_line_start = edit.at == bom_len(&text)
                        || text.as_bytes().get(edit.at - 1) == Some(&b'\n')
                        || edit.at == text.len();
                    assert!(at_line_start, "case {case}: edit inside a line: {edit:?}");
                }
                if doc.crlf {
                    assert!(
                        !edit.insert.replace("\r\n", "").contains('\n'),
                        "case {case}: LF in a CRLF file: {edit:?}"
                    );
                }
            }
            let result = apply_edits(&text, &edits);
            assert_eq!(
                result.starts_with('\u{feff}'),
                bom,
                "case {case}: mark moved"
            );
            let after = Document::parse(&result);
            assert!(after.find(&version).is_some(), "case {case}:\n{result}");
            // Every release stays in descending version order.
            let sorted: Vec<&Version> = after.releases.iter().map(|r| &r.version).collect();
            assert!(
                sorted.windows(2).all(|w| matches!(w, [a, b] if a > b)),
                "case {case}: order {sorted:?}\n{result}"
            );
            let before: Vec<String> = doc
                .releases
                .iter()
                .filter(|r| r.version != version)
                .map(|r| r.version.to_string())
                .collect();
            let kept: Vec<String> = after
                .releases
                .iter()
                .filter(|r| r.version != version)
                .map(|r| r.version.to_string())
                .collect();
            assert_eq!(before, kept, "case {case}");
            for heading in doc.releases.iter().filter(|r| r.version != version) {
                let line = text
                    .get(heading.start..)
                    .and_then(|s| s.lines().next())
                    .unwrap();
                assert!(result.contains(line), "case {case}: lost heading {line}");
            }
        }
    }
}
