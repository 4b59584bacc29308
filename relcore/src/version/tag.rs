//! Release tags: `v1.2.3`, `pkg@1.2.3`, `pkg-v1.2.3`, or any template with `{version}`.

use std::fmt;
use std::str::FromStr;

use super::Version;
use super::error::quote;

/// How release tags are spelled: a template with a `{version}` placeholder and an optional
/// `{package}` placeholder, such as `v{version}` (the default), `{package}@{version}` or
/// `{package}-v{version}`.
///
/// # Syntax
///
/// Literal text with `{version}` exactly once and `{package}` at most once; no other
/// braces. Matching a tag tries every way to split it and keeps the first whose version
/// part is a strict SemVer version, so package names may contain the separator
/// (`my-pkg-v1.2.3` under `{package}-v{version}` is package `my-pkg`).
///
/// # Example
///
/// ```
/// use relcore::version::{TagFormat, Version};
///
/// let format = TagFormat::parse("{package}@{version}")?;
/// let tag = format.parse_tag("@scope/web@2.0.0-rc.1").expect("a release tag");
/// assert_eq!(tag.package.as_deref(), Some("@scope/web"));
/// assert_eq!(tag.version, Version::parse("2.0.0-rc.1")?);
/// assert_eq!(format.format(&tag.version, Some("@scope/web"))?, "@scope/web@2.0.0-rc.1");
///
/// // Not a release tag: no crash, just `None`.
/// assert!(TagFormat::default().parse_tag("nightly").is_none());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct TagFormat {
    template: String,
    segments: Vec<Segment>,
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
enum Segment {
    Literal(String),
    Package,
    Version,
}

/// A tag that matched a [`TagFormat`]: the package (when the format has one) and the version.
///
/// ```
/// use relcore::version::{ReleaseTag, TagFormat, Version};
/// let tag = TagFormat::default().parse_tag("v1.0.0").expect("a release tag");
/// assert_eq!(tag, ReleaseTag { package: None, version: Version::new(1, 0, 0) });
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct ReleaseTag {
    /// The `{package}` part, if the format has one.
    pub package: Option<String>,
    /// The `{version}` part.
    pub version: Version,
}

impl TagFormat {
    /// Parses a tag template.
    ///
    /// # Errors
    ///
    /// - `release-{semver}`: only `{version}` and `{package}` exist (`unknown_placeholder`);
    /// - `release`: no `{version}` (`missing_version_placeholder`);
    /// - `{version}-{version}`: a placeholder twice (`duplicate_placeholder`);
    /// - `v{version`: an unclosed `{` (`unclosed_placeholder`);
    /// - `v}{version}`: a `}` without `{` (`stray_brace`).
    ///
    /// ```
    /// use relcore::version::{TagErrorKind, TagFormat};
    /// let err = TagFormat::parse("release-{semver}").unwrap_err();
    /// assert_eq!(err.kind(), TagErrorKind::UnknownPlaceholder);
    /// assert_eq!(err.kind().as_str(), "unknown_placeholder");
    /// ```
    pub fn parse(template: &str) -> Result<TagFormat, TagError> {
        let err = |kind, offset, message: String| {
            Err(TagError {
                kind,
                offset,
                message,
            })
        };
        let mut segments = Vec::new();
        let mut literal = String::new();
        let mut rest = template.char_indices();
        while let Some((at, c)) = rest.next() {
            match c {
                '{' => {
                    let Some(len) = template[at..].find('}') else {
                        return err(
                            TagErrorKind::UnclosedPlaceholder,
                            at,
                            format!(
                                "unclosed `{{` in tag format `{}` at offset {at}",
                                quote(template, at)
                            ),
                        );
                    };
                    let name = &template[at + 1..at + len];
                    let segment = match name {
                        "version" => Segment::Version,
                        "package" => Segment::Package,
                        _ => {
                            return err(
                                TagErrorKind::UnknownPlaceholder,
                                at,
                                format!(
                                    "unknown placeholder `{{{}}}` in tag format `{}` at offset {at}, \
                                     expected {{version}} or {{package}}",
                                    quote(name, 0),
                                    quote(template, at)
                                ),
                            );
                        }
                    };
                    if segments.contains(&segment) {
                        return err(
                            TagErrorKind::DuplicatePlaceholder,
                            at,
                            format!(
                                "placeholder `{{{name}}}` appears twice in tag format `{}`",
                                quote(template, at)
                            ),
                        );
                    }
                    if !literal.is_empty() {
                        segments.push(Segment::Literal(std::mem::take(&mut literal)));
                    }
                    segments.push(segment);
                    // Skip the placeholder's name and closing brace.
                    for _ in 0..=name.chars().count() {
                        rest.next();
                    }
                }
                '}' => {
                    return err(
                        TagErrorKind::StrayBrace,
                        at,
                        format!(
                            "`}}` without `{{` in tag format `{}` at offset {at}",
                            quote(template, at)
                        ),
                    );
                }
                c => literal.push(c),
            }
        }
        if !literal.is_empty() {
            segments.push(Segment::Literal(literal));
        }
        if !segments.contains(&Segment::Version) {
            return err(
                TagErrorKind::MissingVersionPlaceholder,
                template.len(),
                format!(
                    "tag format `{}` has no {{version}} placeholder",
                    quote(template, 0)
                ),
            );
        }
        Ok(TagFormat {
            template: template.to_owned(),
            segments,
        })
    }

    /// The template as written, e.g. `v{version}`.
    ///
    /// ```
    /// use relcore::version::TagFormat;
    /// assert_eq!(TagFormat::default().as_str(), "v{version}");
    /// ```
    pub fn as_str(&self) -> &str {
        &self.template
    }

    /// `true` when the format has a `{package}` placeholder.
    ///
    /// ```
    /// use relcore::version::TagFormat;
    /// assert!(TagFormat::parse("{package}@{version}")?.has_package());
    /// assert!(!TagFormat::default().has_package());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn has_package(&self) -> bool {
        self.segments.contains(&Segment::Package)
    }

    /// Spells the tag of `version` (and `package`, for formats that have one).
    ///
    /// ```
    /// use relcore::version::{TagFormat, Version};
    /// let v = Version::parse("1.2.3")?;
    /// assert_eq!(TagFormat::default().format(&v, None)?, "v1.2.3");
    /// assert_eq!(TagFormat::parse("{package}-v{version}")?.format(&v, Some("api"))?, "api-v1.2.3");
    /// assert!(TagFormat::parse("{package}@{version}")?.format(&v, None).is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn format(&self, version: &Version, package: Option<&str>) -> Result<String, TagError> {
        let mut out = String::new();
        for segment in &self.segments {
            match segment {
                Segment::Literal(text) => out.push_str(text),
                Segment::Version => out.push_str(&version.to_string()),
                Segment::Package => match package.filter(|p| valid_package(p)) {
                    Some(p) => out.push_str(p),
                    None => {
                        return Err(TagError {
                            kind: TagErrorKind::MissingPackage,
                            offset: 0,
                            message: format!(
                                "tag format `{}` needs a package name without whitespace",
                                quote(&self.template, 0)
                            ),
                        });
                    }
                },
            }
        }
        Ok(out)
    }

    /// Reads a tag under this format; `None` when it is not a release tag of this format
    /// (a different spelling, or a version part that is not strict SemVer).
    ///
    /// ```
    /// use relcore::version::TagFormat;
    /// let format = TagFormat::parse("{package}-v{version}")?;
    /// let tag = format.parse_tag("my-pkg-v1.2.3").expect("a release tag");
    /// assert_eq!(tag.package.as_deref(), Some("my-pkg"));
    /// assert_eq!(tag.version.to_string(), "1.2.3");
    /// assert!(format.parse_tag("my-pkg-1.2.3").is_none());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn parse_tag(&self, tag: &str) -> Option<ReleaseTag> {
        let mut found = ReleaseTag {
            package: None,
            version: Version::new(0, 0, 0),
        };
        match_segments(&self.segments, tag, &mut found).then_some(found)
    }
}

/// Matches `segments` against the whole of `text`, filling `found`; placeholders try every
/// split in order, leftmost first.
fn match_segments(segments: &[Segment], text: &str, found: &mut ReleaseTag) -> bool {
    let Some((first, rest)) = segments.split_first() else {
        return text.is_empty();
    };
    match first {
        Segment::Literal(lit) => text
            .strip_prefix(lit.as_str())
            .is_some_and(|tail| match_segments(rest, tail, found)),
        placeholder => {
            // The placeholder takes `text[..end]`, and the rest of the segments the tail.
            let mut ends_at = |end: usize| {
                let (part, tail) = text.split_at(end);
                let ok = match placeholder {
                    Segment::Version => match Version::parse(part) {
                        Ok(v) => {
                            found.version = v;
                            true
                        }
                        Err(_) => false,
                    },
                    _ if valid_package(part) => {
                        found.package = Some(part.to_owned());
                        true
                    }
                    _ => false,
                };
                ok && match_segments(rest, tail, found)
            };
            match rest.first() {
                None => ends_at(text.len()),
                Some(Segment::Literal(lit)) => {
                    text.match_indices(lit.as_str()).any(|(i, _)| ends_at(i))
                }
                Some(_) => text.char_indices().skip(1).any(|(i, _)| ends_at(i)),
            }
        }
    }
}

/// A tag format that tag names suggest, from [`TagFormat::guess`]: the format, and the
/// names it matches, in the order given.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TagFormatGuess {
    /// The format: the text before the version, then `{version}`.
    pub format: TagFormat,
    /// The names that end in a version after that text.
    pub tags: Vec<String>,
}

impl TagFormat {
    /// The formats that `names` (a repository's tags, say) are spelled in, most names
    /// first: a name that ends in a strict SemVer version suggests the text before it,
    /// then `{version}` (`api-v1.2.0` suggests `api-v{version}`, `1.2.0` suggests
    /// `{version}`). Names without a version, or whose text before it holds a brace, suggest
    /// nothing. Ties go by format, so the order is the same for any order of `names`.
    ///
    /// What `relcore init` proposes, and what `next` points to when no tag matches the
    /// configured format.
    ///
    /// ```
    /// use relcore::version::TagFormat;
    ///
    /// let guesses = TagFormat::guess(["api-v1.2.0", "api-v1.3.0-rc.1", "nightly", "1.0.0"]);
    /// assert_eq!(guesses[0].format.as_str(), "api-v{version}");
    /// assert_eq!(guesses[0].tags, ["api-v1.2.0", "api-v1.3.0-rc.1"]);
    /// assert_eq!(guesses[1].format.as_str(), "{version}");
    /// assert_eq!(guesses.len(), 2);
    /// ```
    pub fn guess<'a>(names: impl IntoIterator<Item = &'a str>) -> Vec<TagFormatGuess> {
        let mut by_prefix: std::collections::BTreeMap<&str, Vec<String>> =
            std::collections::BTreeMap::new();
        for name in names {
            if let Some(prefix) = version_prefix(name) {
                by_prefix.entry(prefix).or_default().push(name.to_owned());
            }
        }
        let mut guesses: Vec<TagFormatGuess> = by_prefix
            .into_iter()
            .filter_map(|(prefix, tags)| {
                let format = TagFormat::parse(&format!("{prefix}{{version}}")).ok()?;
                Some(TagFormatGuess { format, tags })
            })
            .collect();
        // Stable: equal counts keep the formats' order.
        guesses.sort_by_key(|g| std::cmp::Reverse(g.tags.len()));
        guesses
    }
}

/// The text before the version a tag name ends in: the shortest, so that the version is
/// the longest strict SemVer suffix that starts after a character other than a digit or
/// a dot (`v10.2.3` is `v` and `10.2.3`, not `v1` and `0.2.3`; `1.0.0.1` has none). `None` without such a suffix,
/// or when the text holds a brace, which a format cannot spell.
fn version_prefix(name: &str) -> Option<&str> {
    // Whether the character before may end the text before a version.
    let mut boundary = true;
    for (i, c) in name.char_indices() {
        if c.is_ascii_digit() && boundary {
            let (prefix, rest) = name.split_at(i);
            if Version::parse(rest).is_ok() {
                return (!prefix.contains(['{', '}'])).then_some(prefix);
            }
        }
        boundary = !c.is_ascii_digit() && c != '.';
    }
    None
}

fn valid_package(name: &str) -> bool {
    !name.is_empty() && !name.chars().any(|c| c.is_whitespace() || c.is_control())
}

impl Default for TagFormat {
    /// `v{version}`, the most common spelling.
    fn default() -> Self {
        TagFormat {
            template: "v{version}".to_owned(),
            segments: vec![Segment::Literal("v".to_owned()), Segment::Version],
        }
    }
}

impl FromStr for TagFormat {
    type Err = TagError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        TagFormat::parse(s)
    }
}

impl fmt::Display for TagFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(&self.template)
    }
}

impl fmt::Debug for TagFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "TagFormat({:?})", self.template)
    }
}

impl serde::Serialize for TagFormat {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.template)
    }
}

impl<'de> serde::Deserialize<'de> for TagFormat {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = String::deserialize(deserializer)?;
        TagFormat::parse(&s).map_err(serde::de::Error::custom)
    }
}

/// The stable kind behind a [`TagError`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum TagErrorKind {
    /// A placeholder other than `{version}` and `{package}`.
    UnknownPlaceholder,
    /// The template has no `{version}`.
    MissingVersionPlaceholder,
    /// A placeholder appears twice.
    DuplicatePlaceholder,
    /// A `{` without its `}`.
    UnclosedPlaceholder,
    /// A `}` without its `{`.
    StrayBrace,
    /// The format has `{package}` but no valid package name was given.
    MissingPackage,
}

impl TagErrorKind {
    /// Every kind, for the tests and docs that enumerate the slugs.
    pub const ALL: [TagErrorKind; 6] = [
        TagErrorKind::UnknownPlaceholder,
        TagErrorKind::MissingVersionPlaceholder,
        TagErrorKind::DuplicatePlaceholder,
        TagErrorKind::UnclosedPlaceholder,
        TagErrorKind::StrayBrace,
        TagErrorKind::MissingPackage,
    ];

    /// The stable slug of this kind, e.g. `unknown_placeholder`.
    ///
    /// ```
    /// use relcore::version::TagErrorKind;
    /// assert_eq!(TagErrorKind::StrayBrace.as_str(), "stray_brace");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            TagErrorKind::UnknownPlaceholder => "unknown_placeholder",
            TagErrorKind::MissingVersionPlaceholder => "missing_version_placeholder",
            TagErrorKind::DuplicatePlaceholder => "duplicate_placeholder",
            TagErrorKind::UnclosedPlaceholder => "unclosed_placeholder",
            TagErrorKind::StrayBrace => "stray_brace",
            TagErrorKind::MissingPackage => "missing_package",
        }
    }
}

/// An invalid tag template, or a package missing when formatting a tag.
#[derive(Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct TagError {
    kind: TagErrorKind,
    offset: usize,
    message: String,
}

impl TagError {
    /// The stable kind of this error.
    ///
    /// ```
    /// use relcore::version::{TagErrorKind, TagFormat};
    /// assert_eq!(TagFormat::parse("v{version").unwrap_err().kind(), TagErrorKind::UnclosedPlaceholder);
    /// ```
    pub fn kind(&self) -> TagErrorKind {
        self.kind
    }

    /// Byte offset of the problem in the template.
    ///
    /// ```
    /// use relcore::version::TagFormat;
    /// assert_eq!(TagFormat::parse("v{ver}").unwrap_err().offset(), 1);
    /// ```
    pub fn offset(&self) -> usize {
        self.offset
    }
}

impl fmt::Debug for TagError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "TagError({:?})", self.message)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tag(format: &str, tag: &str) -> Option<(Option<String>, String)> {
        let f = TagFormat::parse(format).unwrap();
        f.parse_tag(tag).map(|t| (t.package, t.version.to_string()))
    }

    #[test]
    fn guesses_read_the_text_before_the_version() {
        let formats = |names: &[&str]| -> Vec<(String, usize)> {
            TagFormat::guess(names.iter().copied())
                .into_iter()
                .map(|g| (g.format.as_str().to_owned(), g.tags.len()))
                .collect()
        };
        assert_eq!(
            formats(&["v10.2.3", "v1.0.0", "release-2.0.0", "@acme/ui@1.0.0"]),
            [
                ("v{version}".to_owned(), 2),
                ("@acme/ui@{version}".to_owned(), 1),
                ("release-{version}".to_owned(), 1)
            ]
        );
        assert_eq!(
            formats(&["services/api/v1.2.3", "go1.22.0", "py3-1.0.0"]),
            [
                ("go{version}".to_owned(), 1),
                ("py3-{version}".to_owned(), 1),
                ("services/api/v{version}".to_owned(), 1)
            ]
        );
        // No strict version at the end, or a brace before it: nothing.
        assert!(formats(&["v1.2", "nightly", "v01.2.3", "{x}1.0.0", "1.0.0.1", ""]).is_empty());
        // The version is the longest suffix: `1.0.0-1.2.3` is one pre-release version.
        assert_eq!(formats(&["1.0.0-1.2.3"]), [("{version}".to_owned(), 1)]);
    }

    #[test]
    fn package_may_contain_the_separator() {
        assert_eq!(
            tag("{package}-v{version}", "foo-v2-v1.2.3"),
            Some((Some("foo-v2".into()), "1.2.3".into()))
        );
        assert_eq!(
            tag("{package}@{version}", "@s/p@1.0.0"),
            Some((Some("@s/p".into()), "1.0.0".into()))
        );
        assert_eq!(
            tag("{package}{version}", "api1.2.3"),
            Some((Some("api".into()), "1.2.3".into()))
        );
    }

    #[test]
    fn non_matching_tags_are_none() {
        for t in [
            "1.2.3",
            "v1.2",
            "vv1.2.3",
            "v1.2.3 ",
            "",
            "v01.2.3",
            "release-1",
        ] {
            assert_eq!(tag("v{version}", t), None, "{t}");
        }
        assert_eq!(tag("{package}@{version}", "@1.2.3"), None);
    }

    #[test]
    fn template_errors_have_kinds() {
        let kind = |t: &str| TagFormat::parse(t).unwrap_err().kind();
        assert_eq!(kind("v{version"), TagErrorKind::UnclosedPlaceholder);
        assert_eq!(kind("v}{version}"), TagErrorKind::StrayBrace);
        assert_eq!(
            kind("{version}{version}"),
            TagErrorKind::DuplicatePlaceholder
        );
        assert_eq!(kind("release"), TagErrorKind::MissingVersionPlaceholder);
        assert_eq!(kind("{ver}"), TagErrorKind::UnknownPlaceholder);
        assert_eq!(kind("é{vérsion}"), TagErrorKind::UnknownPlaceholder);
    }
}
