//! A repository's web address from the URL of a git remote, as people configure remotes:
//! `https://host/group/repo.git`, `ssh://git@host:2222/group/sub/repo.git`, scp-like
//! `git@host:group/repo.git`, `git://host/repo`, credentials (`https://user:token@host/…`)
//! stripped. Parsed by an RFC 3986 parser ([`fluent_uri`]), never by patterns.

use std::fmt;

use serde::{Deserialize, Serialize};

/// How a host spells its links (compare, commit, issue, pull request, tag pages).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum HostStyle {
    /// GitHub and GitHub Enterprise: `/compare/a...b`, `/pull/N`.
    Github,
    /// GitLab, self-hosted too: `/-/compare/a...b`, `/-/merge_requests/N`.
    Gitlab,
    /// Gitea, Forgejo, Codeberg: `/compare/a...b`, `/pulls/N`.
    Gitea,
    /// Bitbucket: `/branches/compare/b%0Da`, `/pull-requests/N`.
    Bitbucket,
}

impl HostStyle {
    /// The style a host's name says (`github.com`, `gitlab.example.org`, `codeberg.org`,
    /// `bitbucket.org`); GitHub's for a name that says nothing: set `host_style` then.
    pub fn guess(host: &str) -> HostStyle {
        let host = host.to_ascii_lowercase();
        if host.contains("gitlab") {
            HostStyle::Gitlab
        } else if host.contains("bitbucket") {
            HostStyle::Bitbucket
        } else if host.contains("gitea") || host.contains("forgejo") || host.contains("codeberg") {
            HostStyle::Gitea
        } else {
            HostStyle::Github
        }
    }
}

/// A repository's web address and how its host spells links.
///
/// ```
/// use relcore::changelog::{HostStyle, RepositoryUrl};
/// let url = RepositoryUrl::parse("git@gitlab.example.org:group/sub/api.git", None)?;
/// assert_eq!(url.web(), "https://gitlab.example.org/group/sub/api");
/// assert_eq!(url.style(), HostStyle::Gitlab);
/// let url = RepositoryUrl::parse("https://ci:s3cret@git.example.com/acme/api.git", Some(HostStyle::Gitea))?;
/// assert_eq!(url.web(), "https://git.example.com/acme/api");
/// assert!(RepositoryUrl::parse("https://github.com/acme/api)](javascript:alert(1)", None).is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RepositoryUrl {
    web: String,
    host: String,
    style: HostStyle,
}

impl RepositoryUrl {
    /// Reads a remote URL or web address; `style` overrides the guess from the host name.
    ///
    /// # Errors
    ///
    /// [`RepositoryUrlError`] (slug `invalid_repository_url`) for text that is no URL
    /// (`not a url`), a scheme that is not http(s), ssh or git (`file:///srv/repo`), no
    /// host, no `owner/repo` path, or characters that would change a Markdown link
    /// (`)`, `]`, spaces, newlines).
    pub fn parse(
        text: &str,
        style: Option<HostStyle>,
    ) -> Result<RepositoryUrl, RepositoryUrlError> {
        let fail = |why: &str| RepositoryUrlError {
            input: text.chars().take(200).collect(),
            why: why.to_owned(),
        };
        let trimmed = text.trim();
        let owned;
        let url = if scp_like(trimmed) {
            // `user@host:path` is git's shorthand for `ssh://user@host/path`.
            let (authority, path) = trimmed.split_once(':').ok_or_else(|| fail("no host"))?;
            owned = format!("ssh://{authority}/{}", path.trim_start_matches('/'));
            owned.as_str()
        } else {
            trimmed
        };
        let uri = fluent_uri::Uri::parse(url).map_err(|e| fail(&e.to_string()))?;
        let scheme = uri.scheme().as_str().to_ascii_lowercase();
        let web_scheme = match scheme.as_str() {
            "https" | "http" => scheme.as_str(),
            "ssh" | "git" | "git+ssh" | "ssh+git" | "git+https" => "https",
            _ => return Err(fail("the scheme is not http(s), ssh or git")),
        };
        let authority = uri.authority().ok_or_else(|| fail("no host"))?;
        let host = authority.host();
        if host.is_empty() {
            return Err(fail("no host"));
        }
        // A web port only for web addresses: an ssh port says nothing about the web.
        let port = match (web_scheme == scheme, authority.port()) {
            (true, Some(port)) if !port.as_str().is_empty() => format!(":{}", port.as_str()),
            _ => String::new(),
        };
        let path = uri.path().as_str().trim_matches('/');
        let path = path
            .strip_suffix(".git")
            .unwrap_or(path)
            .trim_end_matches('/');
        if !path.contains('/') || path.split('/').any(str::is_empty) {
            return Err(fail("the path does not name a repository (owner/repo)"));
        }
        if let Some(c) = path
            .chars()
            .find(|c| !(c.is_ascii_alphanumeric() || "-._~/%+".contains(*c)))
        {
            return Err(fail(&format!(
                "the path has {c:?}, which no repository address has"
            )));
        }
        // A registered name may hold sub-delimiters (`)`, `'`, `;`…) that no host has
        // and that would end a Markdown link: only letters, digits, `-._~`, escapes, and
        // an IP literal's brackets and colons.
        let ip_literal = host.starts_with('[') && host.ends_with(']');
        if let Some(c) = host.chars().find(|&c| {
            !(c.is_ascii_alphanumeric() || "-._~%".contains(c) || (ip_literal && "[]:".contains(c)))
        }) {
            return Err(fail(&format!("the host has {c:?}, which no host name has")));
        }
        let host = format!("{web_scheme}://{}{port}", host.to_ascii_lowercase());
        Ok(RepositoryUrl {
            web: format!("{host}/{path}"),
            style: style.unwrap_or_else(|| HostStyle::guess(&host)),
            host,
        })
    }

    /// The repository's web address, e.g. `https://github.com/acme/api`.
    pub fn web(&self) -> &str {
        &self.web
    }

    /// The host's address, e.g. `https://github.com`.
    pub fn host(&self) -> &str {
        &self.host
    }

    /// How the host spells links.
    pub fn style(&self) -> HostStyle {
        self.style
    }
}

/// `user@host:path` (no `://`, a colon before any slash), as git reads scp-like remotes.
fn scp_like(text: &str) -> bool {
    !text.contains("://")
        && text
            .find(':')
            .is_some_and(|colon| !text[..colon].contains('/') && colon > 0)
}

/// A repository address that cannot be read (slug `invalid_repository_url`).
#[derive(Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid repository URL `{}`: {why}", input.escape_debug())]
pub struct RepositoryUrlError {
    input: String,
    why: String,
}

impl RepositoryUrlError {
    /// The stable slug: `invalid_repository_url`.
    pub fn code(&self) -> &'static str {
        "invalid_repository_url"
    }
}

impl fmt::Debug for RepositoryUrlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "RepositoryUrlError({:?})", self.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::{HostStyle, RepositoryUrl};

    fn web(text: &str) -> String {
        RepositoryUrl::parse(text, None).map_or_else(|e| e.to_string(), |u| u.web().to_owned())
    }

    #[test]
    fn remotes_as_people_configure_them() {
        for (remote, expected) in [
            ("https://github.com/acme/api", "https://github.com/acme/api"),
            (
                "https://github.com/acme/api.git",
                "https://github.com/acme/api",
            ),
            (
                "https://github.com/acme/api/",
                "https://github.com/acme/api",
            ),
            ("git@github.com:acme/api.git", "https://github.com/acme/api"),
            ("github.com:acme/api", "https://github.com/acme/api"),
            (
                "ssh://git@github.com/acme/api.git",
                "https://github.com/acme/api",
            ),
            (
                "ssh://git@gitlab.example.org:2222/group/sub/api.git",
                "https://gitlab.example.org/group/sub/api",
            ),
            (
                "git@gitlab.com:group/sub/deeper/api.git",
                "https://gitlab.com/group/sub/deeper/api",
            ),
            (
                "https://user@bitbucket.org/team/api.git",
                "https://bitbucket.org/team/api",
            ),
            (
                "https://ci:s3cret@git.example.com:8443/acme/api.git",
                "https://git.example.com:8443/acme/api",
            ),
            (
                "http://gitea.local:3000/acme/api",
                "http://gitea.local:3000/acme/api",
            ),
            (
                "git://git.kernel.org/pub/scm/git/git.git",
                "https://git.kernel.org/pub/scm/git/git",
            ),
            (
                "  https://GitHub.com/acme/api \n",
                "https://github.com/acme/api",
            ),
        ] {
            assert_eq!(web(remote), expected, "{remote}");
        }
    }

    #[test]
    fn styles_guessed_or_given() {
        let style = |text: &str| RepositoryUrl::parse(text, None).unwrap().style();
        assert_eq!(style("git@github.com:a/b"), HostStyle::Github);
        assert_eq!(style("https://gitlab.example.org/a/b"), HostStyle::Gitlab);
        assert_eq!(style("https://codeberg.org/a/b"), HostStyle::Gitea);
        assert_eq!(style("https://bitbucket.org/a/b"), HostStyle::Bitbucket);
        assert_eq!(style("https://git.example.com/a/b"), HostStyle::Github);
        let given =
            RepositoryUrl::parse("https://git.example.com/a/b", Some(HostStyle::Gitlab)).unwrap();
        assert_eq!(given.style(), HostStyle::Gitlab);
    }

    #[test]
    fn refused_with_a_reason() {
        for (text, why) in [
            ("not a url", "invalid repository URL `not a url`"),
            (
                "file:///srv/git/api.git",
                "the scheme is not http(s), ssh or git",
            ),
            ("/srv/git/api.git", "invalid repository URL"),
            ("https://github.com/api", "does not name a repository"),
            (
                "https://github.com/acme/api)](javascript:alert(1)",
                "invalid repository URL",
            ),
            (
                "https://github.com/acme/api)",
                "which no repository address has",
            ),
            (
                "https://github.com/acme/a'pi",
                "which no repository address has",
            ),
            (
                "https://github.com/acme/api\n## Injected",
                "invalid repository URL",
            ),
            ("https:///acme/api", "invalid repository URL"),
            // Found by the `repository_url` fuzz target: sub-delimiters in the host.
            ("'it:./git.kernel.v", "the host has '\\''"),
            ("https://github.com)/acme/api", "the host has ')'"),
            ("git@evil(x):acme/api", "the host has '('"),
        ] {
            let err = RepositoryUrl::parse(text, None).unwrap_err();
            assert!(err.to_string().contains(why), "{text}: {err}");
            assert_eq!(err.code(), "invalid_repository_url");
        }
    }
}
