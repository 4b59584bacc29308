//! How commits become a release: sections, links, what to include.

use serde::{Deserialize, Serialize};

use super::remote::{HostStyle, RepositoryUrl};
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
#[cfg_attr(
    feature = "schema",
    derive(schemars::JsonSchema),
    schemars(rename = "ChangelogConfig")
)]
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
    /// How the host spells links, for hosts whose name does not say (a self-hosted
    /// GitLab at `git.example.com`): `github`, `gitlab`, `gitea` or `bitbucket`. Default:
    /// guessed from the host name.
    pub host_style: Option<HostStyle>,
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
            host_style: None,
        }
    }
}

/// A changelog section and the commit types it lists.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
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
    Gitea,
    Bitbucket,
}

impl Links {
    /// The links of the repository at `url` (any remote URL [`RepositoryUrl`] reads);
    /// `None` for an address it cannot read.
    pub(crate) fn new(url: &str, style: Option<HostStyle>) -> Option<Links> {
        let url = RepositoryUrl::parse(url, style).ok()?;
        let forge = match url.style() {
            HostStyle::Gitlab => Forge::GitLab,
            HostStyle::Bitbucket => Forge::Bitbucket,
            HostStyle::Gitea => Forge::Gitea,
            _ => Forge::GitHub,
        };
        Some(Links {
            repo: url.web().to_owned(),
            host: url.host().to_owned(),
            forge,
        })
    }

    pub(crate) fn compare(&self, previous_tag: Option<&str>, tag: &str) -> String {
        let repo = &self.repo;
        match (self.forge, previous_tag) {
            (Forge::GitHub | Forge::Gitea, Some(prev)) => format!("{repo}/compare/{prev}...{tag}"),
            (Forge::GitLab, Some(prev)) => format!("{repo}/-/compare/{prev}...{tag}"),
            (Forge::Bitbucket, Some(prev)) => format!("{repo}/branches/compare/{tag}%0D{prev}"),
            (Forge::GitHub | Forge::Gitea, None) => format!("{repo}/releases/tag/{tag}"),
            (Forge::GitLab, None) => format!("{repo}/-/tags/{tag}"),
            (Forge::Bitbucket, None) => format!("{repo}/src/{tag}"),
        }
    }

    pub(crate) fn commit(&self, id: &str) -> String {
        let repo = &self.repo;
        match self.forge {
            Forge::GitHub | Forge::Gitea => format!("{repo}/commit/{id}"),
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
            (Forge::Gitea, true) => format!("{repo}/pulls/{number}"),
            (Forge::GitLab, true) => format!("{repo}/-/merge_requests/{number}"),
            (Forge::GitLab, false) => format!("{repo}/-/issues/{number}"),
            (Forge::Bitbucket, true) => format!("{repo}/pull-requests/{number}"),
            (Forge::GitHub | Forge::Gitea | Forge::Bitbucket, false) => {
                format!("{repo}/issues/{number}")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Links;

    #[test]
    fn forges() {
        let gh = Links::new("git@github.com:acme/api.git", None).unwrap();
        assert_eq!(
            gh.compare(Some("v1.0.0"), "v1.1.0"),
            "https://github.com/acme/api/compare/v1.0.0...v1.1.0"
        );
        assert_eq!(
            gh.reference(Some("acme/web"), 3, false),
            "https://github.com/acme/web/issues/3"
        );
        let gl = Links::new("https://gitlab.com/acme/api/", None).unwrap();
        assert_eq!(
            gl.reference(None, 4, true),
            "https://gitlab.com/acme/api/-/merge_requests/4"
        );
        assert_eq!(
            gl.compare(None, "v1.0.0"),
            "https://gitlab.com/acme/api/-/tags/v1.0.0"
        );
        assert!(Links::new("not a url", None).is_none());
        let gitea = Links::new(
            "git@git.example.com:acme/api.git",
            Some(super::HostStyle::Gitea),
        )
        .unwrap();
        assert_eq!(
            gitea.reference(None, 5, true),
            "https://git.example.com/acme/api/pulls/5"
        );
        assert_eq!(
            gitea.compare(Some("v1"), "v2"),
            "https://git.example.com/acme/api/compare/v1...v2"
        );
    }
}
