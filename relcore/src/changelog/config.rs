//! How commits become a release: sections, links, what to include.

use serde::{Deserialize, Serialize};

use crate::version::TagFormat;

/// Changelog configuration. Every field has a default; serde fills missing fields.
///
/// ```
/// use relcore::changelog::Config;
/// let config: Config = serde_json::from_str(r#"{ "repository_url": "https://github.com/acme/api" }"#)?;
/// assert_eq!(config.sections[0].title, "Added");
/// assert_eq!(config.tag_format.as_str(), "v{version}");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// The repository's web address, e.g. `https://github.com/acme/api` (a `git@host:` or
    /// `.git` address works too). Enables compare, commit, issue and pull-request links;
    /// GitHub, GitLab and Bitbucket spell them differently and are recognised by host.
    pub repository_url: Option<String>,
    /// How release tags are spelled, for compare links. Default `v{version}`.
    pub tag_format: TagFormat,
    /// The package name, for tag formats with `{package}`.
    pub package: Option<String>,
    /// Which commit types go to which section, in display order. Default: Keep a
    /// Changelog's six sections (see [`SectionRule::defaults`]).
    pub sections: Vec<SectionRule>,
    /// Gather breaking changes in a `BREAKING CHANGES` section before the others, instead
    /// of marking them in their own section. Default `false` (Keep a Changelog 2.0's advice).
    pub breaking_section: bool,
    /// List merge commits. Default `false`.
    pub include_merges: bool,
    /// Count bots (`dependabot[bot]`, `renovate[bot]`, `github-actions[bot]`: a name or
    /// e-mail address with `[bot]`) as contributors. Default `false`.
    pub bot_contributors: bool,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            repository_url: None,
            tag_format: TagFormat::default(),
            package: None,
            sections: SectionRule::defaults(),
            breaking_section: false,
            include_merges: false,
            bot_contributors: false,
        }
    }
}

/// A changelog section and the commit types it lists.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SectionRule {
    /// The section title, e.g. `Added`.
    pub title: String,
    /// The commit types listed there, e.g. `["feat"]`; matched case-insensitively.
    pub types: Vec<String>,
}

impl SectionRule {
    /// Keep a Changelog's sections: `Added` (feat), `Changed` (perf, revert, and breaking
    /// changes of other types), `Deprecated` (deprecate), `Removed` (remove), `Fixed`
    /// (fix), `Security` (security, and fixes that name a CVE).
    ///
    /// ```
    /// use relcore::changelog::SectionRule;
    /// let titles: Vec<String> = SectionRule::defaults().into_iter().map(|s| s.title).collect();
    /// assert_eq!(titles, ["Added", "Changed", "Deprecated", "Removed", "Fixed", "Security"]);
    /// ```
    pub fn defaults() -> Vec<SectionRule> {
        let rule = |title: &str, types: &[&str]| SectionRule {
            title: title.to_owned(),
            types: types.iter().map(|t| (*t).to_owned()).collect(),
        };
        vec![
            rule("Added", &["feat"]),
            rule("Changed", &["perf", "revert"]),
            rule("Deprecated", &["deprecate", "deprecated", "deprecation"]),
            rule("Removed", &["remove", "removed"]),
            rule("Fixed", &["fix"]),
            rule("Security", &["security", "sec"]),
        ]
    }
}

/// Link patterns of a forge, derived from the repository address.
#[derive(Debug, Clone)]
pub(crate) struct Links {
    repo: String,
    host: String,
    forge: Forge,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Forge {
    GitHub,
    GitLab,
    Bitbucket,
}

impl Links {
    /// Reads `https://github.com/acme/api`, `https://github.com/acme/api.git` or
    /// `git@github.com:acme/api.git`.
    pub(crate) fn new(url: &str) -> Option<Links> {
        let url = url.trim().trim_end_matches('/');
        let url = url.strip_suffix(".git").unwrap_or(url);
        let repo = match url.strip_prefix("git@") {
            Some(rest) => format!("https://{}", rest.replacen(':', "/", 1)),
            None if url.starts_with("https://") || url.starts_with("http://") => url.to_owned(),
            None => return None,
        };
        let after_scheme = repo.split_once("://").map_or("", |(_, r)| r);
        let host_name = after_scheme.split('/').next().unwrap_or_default();
        let scheme = repo.split_once("://").map_or("https", |(s, _)| s);
        let host = format!("{scheme}://{host_name}");
        let forge = if host_name.contains("gitlab") {
            Forge::GitLab
        } else if host_name.contains("bitbucket") {
            Forge::Bitbucket
        } else {
            Forge::GitHub
        };
        Some(Links { repo, host, forge })
    }

    pub(crate) fn compare(&self, previous_tag: Option<&str>, tag: &str) -> String {
        let repo = &self.repo;
        match (self.forge, previous_tag) {
            (Forge::GitHub, Some(prev)) => format!("{repo}/compare/{prev}...{tag}"),
            (Forge::GitLab, Some(prev)) => format!("{repo}/-/compare/{prev}...{tag}"),
            (Forge::Bitbucket, Some(prev)) => format!("{repo}/branches/compare/{tag}%0D{prev}"),
            (Forge::GitHub, None) => format!("{repo}/releases/tag/{tag}"),
            (Forge::GitLab, None) => format!("{repo}/-/tags/{tag}"),
            (Forge::Bitbucket, None) => format!("{repo}/src/{tag}"),
        }
    }

    pub(crate) fn commit(&self, id: &str) -> String {
        let repo = &self.repo;
        match self.forge {
            Forge::GitHub => format!("{repo}/commit/{id}"),
            Forge::GitLab => format!("{repo}/-/commit/{id}"),
            Forge::Bitbucket => format!("{repo}/commits/{id}"),
        }
    }

    /// The link of issue or pull request `number`, in this repository or `other`
    /// (`owner/repo`) on the same host.
    pub(crate) fn reference(&self, other: Option<&str>, number: u64, pull_request: bool) -> String {
        let repo = other.map_or_else(|| self.repo.clone(), |o| format!("{}/{o}", self.host));
        match (self.forge, pull_request) {
            (Forge::GitHub, true) => format!("{repo}/pull/{number}"),
            (Forge::GitLab, true) => format!("{repo}/-/merge_requests/{number}"),
            (Forge::GitLab, false) => format!("{repo}/-/issues/{number}"),
            (Forge::Bitbucket, true) => format!("{repo}/pull-requests/{number}"),
            (Forge::GitHub | Forge::Bitbucket, false) => format!("{repo}/issues/{number}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Links;

    #[test]
    fn forges() {
        let gh = Links::new("git@github.com:acme/api.git").unwrap();
        assert_eq!(
            gh.compare(Some("v1.0.0"), "v1.1.0"),
            "https://github.com/acme/api/compare/v1.0.0...v1.1.0"
        );
        assert_eq!(
            gh.reference(Some("acme/web"), 3, false),
            "https://github.com/acme/web/issues/3"
        );
        let gl = Links::new("https://gitlab.com/acme/api/").unwrap();
        assert_eq!(
            gl.reference(None, 4, true),
            "https://gitlab.com/acme/api/-/merge_requests/4"
        );
        assert_eq!(
            gl.compare(None, "v1.0.0"),
            "https://gitlab.com/acme/api/-/tags/v1.0.0"
        );
        assert!(Links::new("not a url").is_none());
    }
}
