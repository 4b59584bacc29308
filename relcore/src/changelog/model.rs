//! The release model: what a changelog section or release notes are rendered from.
//! Serialised, it is also the `json` format and the context of user templates.

use std::borrow::Cow;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::commit::{Person, ReferenceKind};
use crate::version::Version;

/// One release: version, date, links and the changes grouped for humans.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Release {
    /// The version released.
    pub version: Version,
    /// The release before it, if any.
    #[serde(default)]
    pub previous: Option<Version>,
    /// The release's tag, e.g. `v1.5.0`.
    pub tag: String,
    /// The previous release's tag.
    #[serde(default)]
    pub previous_tag: Option<String>,
    /// The release date (`YYYY-MM-DD`); a parameter, never the clock.
    #[serde(default)]
    pub date: Option<NaiveDate>,
    /// The link comparing the previous release with this one.
    #[serde(default)]
    pub compare_url: Option<String>,
    /// A hotfix release: its entries are marked.
    #[serde(default)]
    pub hotfix: bool,
    /// The changes, grouped into sections in display order; empty sections are left out.
    pub groups: Vec<Group>,
    /// Breaking changes (also listed in their groups), with their migration notes.
    pub breaking: Vec<Entry>,
    /// Breaking changes first, then the main features.
    pub highlights: Vec<Entry>,
    /// Dependency updates, from Dependabot and Renovate commits.
    pub dependencies: Vec<DependencyUpdate>,
    /// Everyone who wrote a commit of the release (authors and co-authors), in order of
    /// first appearance, without repeats.
    pub contributors: Vec<Person>,
}

impl Release {
    /// Every entry of every group, in display order.
    ///
    /// ```
    /// use relcore::changelog::{Config, Release};
    /// use relcore::commit::Commit;
    /// use relcore::version::Version;
    /// let commits = [Commit::parse("feat: a"), Commit::parse("fix: b"), Commit::parse("chore: c")];
    /// let release = Release::from_commits(Version::new(1, 0, 0), None, None, &commits, &Config::default())?;
    /// assert_eq!(release.entries().count(), 2);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn entries(&self) -> impl Iterator<Item = &Entry> {
        self.groups.iter().flat_map(|g| g.entries.iter())
    }

    /// `true` when the release has no entries at all.
    ///
    /// ```
    /// use relcore::changelog::{Config, Release};
    /// use relcore::commit::Commit;
    /// use relcore::version::Version;
    /// let release = Release::from_commits(Version::new(1, 0, 1), None, None, &[Commit::parse("ci: x")], &Config::default())?;
    /// assert!(release.is_empty());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn is_empty(&self) -> bool {
        self.groups.iter().all(|g| g.entries.is_empty())
    }
}

/// A section of a release: `Added`, `Fixed`, … (Keep a Changelog), with its entries.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(
    feature = "schema",
    derive(schemars::JsonSchema),
    schemars(rename = "ReleaseGroup")
)]
pub struct Group {
    /// The section title, e.g. `Added`.
    pub title: String,
    /// The entries, oldest first.
    pub entries: Vec<Entry>,
}

/// One change, from one commit.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(
    feature = "schema",
    derive(schemars::JsonSchema),
    schemars(rename = "ReleaseEntry")
)]
pub struct Entry {
    /// The commit type, e.g. `feat`.
    #[serde(rename = "type")]
    pub r#type: Option<Cow<'static, str>>,
    /// The commit scope, e.g. `api`.
    #[serde(default)]
    pub scope: Option<String>,
    /// What changed: the commit description.
    pub description: String,
    /// The commit body, if any.
    #[serde(default)]
    pub body: Option<String>,
    /// A breaking change.
    #[serde(default)]
    pub breaking: bool,
    /// The migration note of a breaking change.
    #[serde(default)]
    pub breaking_note: Option<String>,
    /// The CVE a security fix addresses, from a footer.
    #[serde(default)]
    pub cve: Option<String>,
    /// Issues and pull requests, with links when the repository is known.
    #[serde(default)]
    pub references: Vec<LinkedReference>,
    /// The commit id.
    #[serde(default)]
    pub id: Option<String>,
    /// The first seven characters of the id.
    #[serde(default)]
    pub short_id: Option<String>,
    /// The link to the commit.
    #[serde(default)]
    pub commit_url: Option<String>,
    /// The author and co-authors.
    #[serde(default)]
    pub authors: Vec<Person>,
    /// Part of a hotfix release.
    #[serde(default)]
    pub hotfix: bool,
}

/// An issue or pull request an entry names, with its link.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct LinkedReference {
    /// Why the commit names it.
    pub kind: ReferenceKind,
    /// `owner/repo` for cross-repository references.
    #[serde(default)]
    pub repository: Option<String>,
    /// The number.
    pub number: u64,
    /// How it is written: `#12` or `owner/repo#12`.
    pub text: String,
    /// The link, when the repository URL is known.
    #[serde(default)]
    pub url: Option<String>,
}

/// A dependency update of the release.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct DependencyUpdate {
    /// The package.
    pub name: String,
    /// The version before, when known.
    #[serde(default)]
    pub from: Option<String>,
    /// The version after.
    pub to: String,
    /// The manifest directory, when given.
    #[serde(default)]
    pub path: Option<String>,
    /// The short id of the commit.
    #[serde(default)]
    pub short_id: Option<String>,
}
