//! What classification reads: the facts about one release, as plain values.

use serde::{Deserialize, Serialize};

use crate::commit::Commit;
use crate::version::Version;

/// The facts about one release that classification reads. Adapters gather them (the
/// commits since the last tag, the changed paths, the branch); the core only reads them.
///
/// In JSON every field is optional, and a commit may be given as its message, which is
/// parsed with [`Commit::parse`], or as a full [`Commit`] object:
///
/// ```json
/// {"commits": ["feat(api): add /v2", "fix: typo"], "paths": ["db/migrations/004.sql"],
///  "current": "1.4.2", "next": "1.5.0", "branch": "main", "hotfix": false, "services": 3}
/// ```
///
/// Without `paths` (unknown), path rules such as `schema_migration` and `config_only`
/// cannot fire; an empty list means that no path changed.
///
/// ```
/// use relcore::risk::Facts;
/// use relcore::version::Version;
///
/// let facts: Facts = serde_json::from_str(r#"{"commits": ["fix: typo"], "current": "1.4.2", "next": "1.4.3"}"#)?;
/// assert_eq!(facts.commits[0].r#type.as_deref(), Some("fix"));
/// assert_eq!(facts.next, Some(Version::new(1, 4, 3)));
/// assert_eq!(facts.paths, None);
/// assert_eq!(facts.services, 1);
///
/// let same = Facts::from_messages(["fix: typo"]).with_versions(Version::new(1, 4, 2), Version::new(1, 4, 3));
/// assert_eq!(same, facts);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Facts {
    /// The commits in the release, newest first; messages or commit objects in JSON.
    /// Merge commits are skipped, and a commit and its revert cancel out.
    #[serde(deserialize_with = "crate::commit::commits_or_messages")]
    pub commits: Vec<Commit>,
    /// The paths the release changes, relative to the repository root, `/`-separated;
    /// `None` when unknown.
    pub paths: Option<Vec<String>>,
    /// The version in production, if any.
    pub current: Option<Version>,
    /// The version being released, if known.
    pub next: Option<Version>,
    /// The branch the release is made from, such as `hotfix/login-loop`.
    pub branch: Option<String>,
    /// `true` to mark the release as a hotfix whatever the branch.
    pub hotfix: bool,
    /// How many services the release deploys. Default 1.
    pub services: u32,
}

impl Default for Facts {
    fn default() -> Self {
        Facts {
            commits: Vec::new(),
            paths: None,
            current: None,
            next: None,
            branch: None,
            hotfix: false,
            services: 1,
        }
    }
}

impl Facts {
    /// Facts about a release of `commits`, with nothing else known.
    ///
    /// ```
    /// use relcore::commit::Commit;
    /// use relcore::risk::Facts;
    /// let facts = Facts::new(vec![Commit::parse("feat: x").with_id("a1b2c3d4e5")]);
    /// assert_eq!(facts.commits.len(), 1);
    /// ```
    pub fn new(commits: Vec<Commit>) -> Facts {
        Facts {
            commits,
            ..Facts::default()
        }
    }

    /// Facts about a release of commits given as messages.
    ///
    /// ```
    /// use relcore::risk::Facts;
    /// let facts = Facts::from_messages(["feat: x", "fix: y"]);
    /// assert_eq!(facts.commits[1].description, "y");
    /// ```
    pub fn from_messages<S: AsRef<str>>(messages: impl IntoIterator<Item = S>) -> Facts {
        Facts::new(
            messages
                .into_iter()
                .map(|m| Commit::parse(m.as_ref()))
                .collect(),
        )
    }

    /// The same facts with the changed paths.
    ///
    /// ```
    /// use relcore::risk::Facts;
    /// let facts = Facts::default().with_paths(["config/app.yaml"]);
    /// assert_eq!(facts.paths.as_deref(), Some(&["config/app.yaml".to_owned()][..]));
    /// ```
    #[must_use]
    pub fn with_paths<S: Into<String>>(mut self, paths: impl IntoIterator<Item = S>) -> Facts {
        self.paths = Some(paths.into_iter().map(Into::into).collect());
        self
    }

    /// The same facts with the current and the next version.
    ///
    /// ```
    /// use relcore::risk::Facts;
    /// use relcore::version::Version;
    /// let facts = Facts::default().with_versions(Version::new(2, 0, 0), Version::new(1, 9, 0));
    /// assert!(facts.next < facts.current);
    /// ```
    #[must_use]
    pub fn with_versions(mut self, current: Version, next: Version) -> Facts {
        self.current = Some(current);
        self.next = Some(next);
        self
    }

    /// The same facts with the branch the release is made from.
    ///
    /// ```
    /// use relcore::risk::Facts;
    /// assert_eq!(Facts::default().with_branch("hotfix/x").branch.as_deref(), Some("hotfix/x"));
    /// ```
    #[must_use]
    pub fn with_branch(mut self, branch: impl Into<String>) -> Facts {
        self.branch = Some(branch.into());
        self
    }

    /// The same facts, marked as a hotfix (or not).
    ///
    /// ```
    /// use relcore::risk::Facts;
    /// assert!(Facts::default().with_hotfix(true).hotfix);
    /// ```
    #[must_use]
    pub fn with_hotfix(mut self, hotfix: bool) -> Facts {
        self.hotfix = hotfix;
        self
    }

    /// The same facts with the number of services the release deploys.
    ///
    /// ```
    /// use relcore::risk::Facts;
    /// assert_eq!(Facts::default().with_services(4).services, 4);
    /// ```
    #[must_use]
    pub fn with_services(mut self, services: u32) -> Facts {
        self.services = services;
        self
    }
}

/// A commit in JSON facts: a message, or a commit object.
#[cfg(test)]
mod tests {
    use super::Facts;
    use crate::commit::Commit;

    #[test]
    fn commits_may_be_messages_or_objects() {
        let object = serde_json::to_value(Commit::parse("feat!: x").with_id("abc")).unwrap();
        let json = serde_json::json!({"commits": ["fix: y", object]});
        let facts: Facts = serde_json::from_value(json).unwrap();
        assert_eq!(facts.commits[0], Commit::parse("fix: y"));
        assert_eq!(facts.commits[1].id.as_deref(), Some("abc"));
        assert!(facts.commits[1].breaking);
    }

    #[test]
    fn serialised_facts_read_back() {
        let facts = Facts::from_messages(["feat: a"])
            .with_paths(["x"])
            .with_branch("main")
            .with_services(3);
        let json = serde_json::to_string(&facts).unwrap();
        assert_eq!(serde_json::from_str::<Facts>(&json).unwrap(), facts);
    }

    #[test]
    fn unknown_fields_are_rejected() {
        assert!(serde_json::from_str::<Facts>(r#"{"comits": []}"#).is_err());
    }
}
