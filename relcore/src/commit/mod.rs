//! Conventional Commits 1.0: the commit model, its parser and a linter.
//!
//! [`Commit::parse`] never fails: a message that is not a Conventional Commit is data
//! (`type` is `None` and the description is its first line), because one sloppy message
//! must not stop a release. [`lint`] is the strict side: it reports, with byte offsets,
//! every way a message breaks the specification, for use as a `commit-msg` hook.
//!
//! ```
//! use relcore::commit::{Commit, ReferenceKind};
//!
//! let c = Commit::parse(
//!     "feat(api)!: drop the v1 endpoints (#234)\n\n\
//!      BREAKING CHANGE: clients must call /v2.\n\
//!      Closes #12",
//! );
//! assert_eq!(c.r#type.as_deref(), Some("feat"));
//! assert_eq!(c.scope.as_deref(), Some("api"));
//! assert!(c.breaking);
//! assert_eq!(c.description, "drop the v1 endpoints");
//! assert_eq!(c.breaking_note.as_deref(), Some("clients must call /v2."));
//! assert_eq!(c.references[0].kind, ReferenceKind::PullRequest);
//! assert_eq!(c.references[1].number, 12);
//!
//! let other = Commit::parse("Update README.md");
//! assert_eq!(other.r#type, None);
//! assert_eq!(other.description, "Update README.md");
//! ```

mod deps;
mod lint;
mod mailmap;
mod parse;
mod refs;
mod revert;

pub(crate) use deps::dependency as dependency_of;
pub use lint::{LintCode, LintOptions, exempt, lint, lint_with, strip_comments};
pub use mailmap::Mailmap;
pub(crate) use parse::KNOWN_TYPES;
pub(crate) use refs::advisory;
pub use revert::cancel_reverts;
pub(crate) use revert::{RevertIndex, pair_reverts, reverts};

use std::borrow::Cow;

use serde::{Deserialize, Serialize};

/// A person: a commit author or a `Co-authored-by` trailer.
///
/// ```
/// use relcore::commit::Person;
/// let p = Person::parse("Jane Doe <jane@example.com>");
/// assert_eq!(p.name, "Jane Doe");
/// assert_eq!(p.email.as_deref(), Some("jane@example.com"));
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Person {
    /// The display name.
    pub name: String,
    /// The e-mail address, when known.
    #[serde(default)]
    pub email: Option<String>,
}

impl Person {
    /// A person from a name and an optional e-mail address.
    ///
    /// ```
    /// use relcore::commit::Person;
    /// assert_eq!(Person::new("Bob", None).name, "Bob");
    /// ```
    pub fn new(name: impl Into<String>, email: Option<String>) -> Person {
        Person {
            name: name.into(),
            email,
        }
    }

    /// Reads `Name <email>` (the form of git identities and trailers); text without an
    /// address is all name.
    ///
    /// ```
    /// use relcore::commit::Person;
    /// assert_eq!(Person::parse("dependabot[bot]").email, None);
    /// ```
    pub fn parse(text: &str) -> Person {
        let text = text.trim();
        match (text.rfind('<'), text.strip_suffix('>')) {
            (Some(open), Some(inner)) => Person {
                name: text.get(..open).unwrap_or_default().trim().to_owned(),
                email: inner
                    .get(open + 1..)
                    .map(|e| e.trim().to_owned())
                    .filter(|e| !e.is_empty()),
            },
            _ => Person {
                name: text.to_owned(),
                email: None,
            },
        }
    }
}

/// A footer (git trailer) of a commit message: `Token: value` or `Token #value`.
///
/// ```
/// use relcore::commit::Commit;
/// let c = Commit::parse("fix: x\n\nReviewed-by: Z\nRefs #4");
/// assert_eq!(c.footers[0].token, "Reviewed-by");
/// assert_eq!(c.footers[1].separator, " #");
/// assert_eq!(c.footers[1].value, "4");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Footer {
    /// The token, as written: `Closes`, `BREAKING CHANGE`, `Co-authored-by`.
    pub token: String,
    /// `:` or ` #`.
    pub separator: Cow<'static, str>,
    /// The value; several lines for multi-line footers.
    pub value: String,
}

/// What a [`Reference`] says about the issue or pull request it names.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum ReferenceKind {
    /// The `(#234)` suffix a squash merge adds to the header.
    PullRequest,
    /// `Closes`/`Close`/`Closed` footers.
    Closes,
    /// `Fixes`/`Fix`/`Fixed` footers.
    Fixes,
    /// `Resolves`/`Resolve`/`Resolved` footers.
    Resolves,
    /// `Refs`/`Ref`/`References`/`See` footers.
    Refs,
}

/// An issue or pull request a commit names: `#12` or `owner/repo#12`.
///
/// ```
/// use relcore::commit::{Commit, ReferenceKind};
/// let c = Commit::parse("fix: y\n\nFixes: acme/api#7, #8");
/// assert_eq!(c.references.len(), 2);
/// assert_eq!(c.references[0].repository.as_deref(), Some("acme/api"));
/// assert_eq!(c.references[1].kind, ReferenceKind::Fixes);
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Reference {
    /// Why the commit names it.
    pub kind: ReferenceKind,
    /// `owner/repo` for cross-repository references; `None` for this repository.
    #[serde(default)]
    pub repository: Option<String>,
    /// The issue or pull request number.
    pub number: u64,
}

/// What a revert commit undoes.
///
/// ```
/// use relcore::commit::Commit;
/// let c = Commit::parse("Revert \"feat: add x\"\n\nThis reverts commit 1a2b3c4d.");
/// let revert = c.revert_of.expect("a revert");
/// assert_eq!(revert.id.as_deref(), Some("1a2b3c4d"));
/// assert_eq!(revert.header.as_deref(), Some("feat: add x"));
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Revert {
    /// The (possibly abbreviated) id of the reverted commit, from `This reverts commit <id>.`
    #[serde(default)]
    pub id: Option<String>,
    /// The header of the reverted commit, from `Revert "<header>"` or `revert: <header>`.
    #[serde(default)]
    pub header: Option<String>,
}

/// A dependency update, from a Dependabot or Renovate subject.
///
/// ```
/// use relcore::commit::Commit;
/// let c = Commit::parse("build(deps-dev): bump vite from 5.0.1 to 5.0.2 in /web");
/// let dep = c.dependency.expect("a dependency update");
/// assert_eq!((dep.name.as_str(), dep.from.as_deref(), dep.to.as_str()), ("vite", Some("5.0.1"), "5.0.2"));
/// assert_eq!(dep.path.as_deref(), Some("/web"));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Dependency {
    /// The package name.
    pub name: String,
    /// The version updated from, when the subject says (Dependabot does, Renovate not).
    #[serde(default)]
    pub from: Option<String>,
    /// The version updated to.
    pub to: String,
    /// The manifest directory (`in /web`), when given.
    #[serde(default)]
    pub path: Option<String>,
}

/// A commit: its message parsed as a Conventional Commit, plus what the repository knows
/// (id, author, time), which the adapters fill in.
///
/// The fields are the same in every language (`type`, `scope`, `breaking`, …); see the
/// module docs for an example.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Commit {
    /// The commit id (a full or abbreviated SHA), when known.
    #[serde(default)]
    pub id: Option<String>,
    /// The author, when known.
    #[serde(default)]
    pub author: Option<Person>,
    /// The commit time in seconds since the Unix epoch, when known.
    #[serde(default)]
    pub time: Option<i64>,
    /// The first line of the message, as written.
    pub header: String,
    /// The type, lower-cased (`feat`, `fix`, …); `None` for a message that is not a
    /// Conventional Commit.
    #[serde(default, rename = "type")]
    pub r#type: Option<Cow<'static, str>>,
    /// The scope, `api` in `feat(api): …`.
    #[serde(default)]
    pub scope: Option<String>,
    /// `true` for a `!` after type or scope, or a `BREAKING CHANGE:`/`BREAKING-CHANGE:` footer.
    #[serde(default)]
    pub breaking: bool,
    /// The description, without a trailing `(#123)` pull-request suffix; the whole first
    /// line for a message that is not a Conventional Commit.
    pub description: String,
    /// The body: the text between the header and the footers.
    #[serde(default)]
    pub body: Option<String>,
    /// Every footer, in order.
    #[serde(default)]
    pub footers: Vec<Footer>,
    /// The text of the `BREAKING CHANGE:` footer: the migration note (of each such footer,
    /// a blank line between two).
    #[serde(default)]
    pub breaking_note: Option<String>,
    /// Issues and pull requests the commit names.
    #[serde(default)]
    pub references: Vec<Reference>,
    /// People from `Co-authored-by` trailers.
    #[serde(default)]
    pub co_authors: Vec<Person>,
    /// What the commit reverts, for `revert:` and git's `Revert "…"` commits.
    #[serde(default)]
    pub revert_of: Option<Revert>,
    /// `true` for a merge commit (by its subject, or as the adapter found it).
    #[serde(default)]
    pub merge: bool,
    /// The dependency update a Dependabot or Renovate commit makes.
    #[serde(default)]
    pub dependency: Option<Dependency>,
}

/// A commit as callers give it: its message, and what the repository knows about it. An
/// empty id or author means unknown. The CLI's stdin reader and the bindings'
/// `{message, id, author, time}` objects build commits only through this.
///
/// ```
/// use relcore::commit::{Commit, CommitInput};
/// let input = CommitInput {
///     message: "fix(api): reject empty ids".into(),
///     id: Some("1a2b3c4".into()),
///     author: Some("Ann <ann@example.com>".into()),
///     time: Some(1_700_000_000),
/// };
/// let commit = Commit::from(input);
/// assert_eq!(commit.scope.as_deref(), Some("api"));
/// assert_eq!(commit.author.unwrap().email.as_deref(), Some("ann@example.com"));
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct CommitInput {
    /// The full commit message.
    pub message: String,
    /// The commit id (a full or abbreviated SHA).
    #[serde(default)]
    pub id: Option<String>,
    /// The author as git writes identities, `Name <email>`.
    #[serde(default)]
    pub author: Option<String>,
    /// The commit time, in seconds since the Unix epoch.
    #[serde(default)]
    pub time: Option<i64>,
}

impl From<CommitInput> for Commit {
    /// [`Commit::parse`] of the message, with the id, the author (read by
    /// [`Person::parse`]) and the time when they are given and not empty.
    fn from(input: CommitInput) -> Commit {
        let mut commit = Commit::parse(&input.message);
        if let Some(id) = input.id.filter(|id| !id.is_empty()) {
            commit = commit.with_id(id);
        }
        if let Some(author) = input.author.filter(|author| !author.is_empty()) {
            commit = commit.with_author(Person::parse(&author));
        }
        if let Some(time) = input.time {
            commit = commit.with_time(time);
        }
        commit
    }
}

impl Commit {
    /// Parses a commit message. Never fails: a message that is not a Conventional Commit
    /// has `type` `None` and its first line as description. CRLF line endings are read
    /// like LF.
    ///
    /// ```
    /// use relcore::commit::Commit;
    /// let c = Commit::parse("FIX(Parser): handle CRLF\r\n\r\nBody.\r\n");
    /// assert_eq!(c.r#type.as_deref(), Some("fix"));
    /// assert_eq!(c.scope.as_deref(), Some("Parser"));
    /// assert_eq!(c.body.as_deref(), Some("Body."));
    /// ```
    pub fn parse(message: &str) -> Commit {
        parse::parse(message)
    }

    /// The same commit with its id.
    ///
    /// ```
    /// use relcore::commit::Commit;
    /// assert_eq!(Commit::parse("fix: x").with_id("1a2b3c").id.as_deref(), Some("1a2b3c"));
    /// ```
    #[must_use]
    pub fn with_id(mut self, id: impl Into<String>) -> Commit {
        self.id = Some(id.into());
        self
    }

    /// The same commit with its author.
    ///
    /// ```
    /// use relcore::commit::{Commit, Person};
    /// let c = Commit::parse("fix: x").with_author(Person::new("Ann", None));
    /// assert_eq!(c.author.unwrap().name, "Ann");
    /// ```
    #[must_use]
    pub fn with_author(mut self, author: Person) -> Commit {
        self.author = Some(author);
        self
    }

    /// The same commit with its time (seconds since the Unix epoch).
    ///
    /// ```
    /// use relcore::commit::Commit;
    /// assert_eq!(Commit::parse("fix: x").with_time(1_700_000_000).time, Some(1_700_000_000));
    /// ```
    #[must_use]
    pub fn with_time(mut self, seconds: i64) -> Commit {
        self.time = Some(seconds);
        self
    }

    /// The same commit marked as a merge (the adapter saw several parents).
    ///
    /// ```
    /// use relcore::commit::Commit;
    /// assert!(Commit::parse("chore: sync").mark_merge().merge);
    /// assert!(Commit::parse("Merge pull request #5 from acme/x").merge);
    /// ```
    #[must_use]
    pub fn mark_merge(mut self) -> Commit {
        self.merge = true;
        self
    }

    /// `true` when the message is a Conventional Commit (it has a type).
    ///
    /// ```
    /// use relcore::commit::Commit;
    /// assert!(Commit::parse("docs: x").is_conventional());
    /// assert!(!Commit::parse("WIP").is_conventional());
    /// ```
    pub fn is_conventional(&self) -> bool {
        self.r#type.is_some()
    }

    /// The first seven characters of the id, as changelogs show it.
    ///
    /// ```
    /// use relcore::commit::Commit;
    /// let c = Commit::parse("fix: x").with_id("0123456789abcdef");
    /// assert_eq!(c.short_id(), Some("0123456"));
    /// ```
    pub fn short_id(&self) -> Option<&str> {
        let id = self.id.as_deref()?;
        Some(id.get(..7).unwrap_or(id))
    }

    /// Everyone who wrote the commit: the author, then the co-authors, without repeats.
    ///
    /// ```
    /// use relcore::commit::{Commit, Person};
    /// let c = Commit::parse("fix: x\n\nCo-authored-by: Bo <bo@x.io>").with_author(Person::new("Al", None));
    /// let names: Vec<_> = c.authors().map(|p| p.name.as_str()).collect();
    /// assert_eq!(names, ["Al", "Bo"]);
    /// ```
    pub fn authors(&self) -> impl Iterator<Item = &Person> {
        let mut seen: Vec<&Person> = Vec::new();
        self.author.iter().chain(&self.co_authors).filter(move |p| {
            let new = !seen.iter().any(|q| same_person(q, p));
            if new {
                seen.push(p);
            }
            new
        })
    }
}

/// Two identities are the same person when their e-mail addresses match
/// (case-insensitively), or, lacking addresses, their names do.
pub(crate) fn same_person(a: &Person, b: &Person) -> bool {
    match (&a.email, &b.email) {
        (Some(x), Some(y)) => x.eq_ignore_ascii_case(y),
        _ => a.name == b.name,
    }
}
#[derive(serde::Deserialize)]
#[serde(untagged)]
enum MessageOrCommit {
    Message(String),
    Input(CommitInput),
    Commit(Box<Commit>),
}

/// Commits given as messages (parsed), [`CommitInput`]s (`{message, id, author, time}`)
/// or commit objects, as `Facts` and hotfix requests take them in JSON.
pub(crate) fn commits_or_messages<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<Vec<Commit>, D::Error> {
    let inputs = <Vec<MessageOrCommit> as serde::Deserialize>::deserialize(deserializer)?;
    Ok(inputs
        .into_iter()
        .map(|input| match input {
            MessageOrCommit::Message(message) => Commit::parse(&message),
            MessageOrCommit::Input(input) => Commit::from(input),
            MessageOrCommit::Commit(commit) => *commit,
        })
        .collect())
}
