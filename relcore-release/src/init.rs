//! `relcore init`: a commented `relcore.toml` for a repository, from what the repository
//! already says: the tag format its release tags use, the manifests that carry its
//! version, the web address of its remote.

use std::path::{Path, PathBuf};

use relcore::manifest::{FileKind, set_version};
use relcore::version::{TagFormat, Version};
use relcore_git::Repository;
use serde::Serialize;

use crate::config::CONFIG_FILE;
use crate::error::ReleaseError;
use crate::files::{FileError, FileErrorKind};

/// Manifests relcore can set the version of, in the order they are listed.
const MANIFESTS: [&str; 7] = [
    "Cargo.toml",
    "package.json",
    "pyproject.toml",
    "Chart.yaml",
    "pom.xml",
    "VERSION",
    "version.txt",
];

/// What `relcore init` found and the file it writes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Scaffold {
    /// Where the file goes: `relcore.toml` at the work tree's root.
    pub path: PathBuf,
    /// The tag format the repository's release tags use (`v{version}` when it has none).
    pub tag_format: String,
    /// How many release tags reachable from HEAD have that format.
    pub tags: usize,
    /// The manifests found at the root that carry a version.
    pub version_files: Vec<String>,
    /// The remote's web address, for compare and commit links.
    pub repository_url: Option<String>,
    /// The file's text.
    #[serde(skip)]
    pub text: String,
}

/// The `relcore.toml` for the repository at `path` (or a parent of it), not written.
///
/// # Errors
///
/// `not_a_repository`, `bare_repository`, or a git error reading the tags.
pub fn scaffold(path: &Path) -> Result<Scaffold, ReleaseError> {
    let repo = Repository::open(path)?;
    repo.check_work_tree()?;
    let root = repo
        .workdir()
        .ok_or_else(|| FileError::new(FileErrorKind::Resolve, "the repository has no work tree"))?;
    let (tag_format, tags) = guess_tag_format(&repo)?;
    let version_files: Vec<String> = MANIFESTS
        .iter()
        .filter(|name| carries_version(&root.join(name)))
        .map(|name| (*name).to_owned())
        .collect();
    let repository_url = repo.remote_web_url(None);
    let text = render(&tag_format, tags, &version_files, repository_url.as_deref());
    Ok(Scaffold {
        path: root.join(CONFIG_FILE),
        tag_format,
        tags,
        version_files,
        repository_url,
        text,
    })
}

/// Writes the scaffold, refusing to replace a `relcore.toml` that exists
/// (`config_exists`).
///
/// # Errors
///
/// `config_exists`, or the write fails (`io`, nothing written).
pub fn write(scaffold: &Scaffold) -> Result<(), ReleaseError> {
    if scaffold.path.symlink_metadata().is_ok() {
        return Err(FileError::new(
            FileErrorKind::ConfigExists,
            format!(
                "{} already exists; relcore init never replaces it (edit it, or remove it first)",
                scaffold.path.display()
            ),
        )
        .into());
    }
    Ok(crate::files::write_atomic(&scaffold.path, &scaffold.text)?)
}

/// The format with the most release tags reachable from HEAD: `v1.2.3` or `1.2.3`.
fn guess_tag_format(repo: &Repository) -> Result<(String, usize), ReleaseError> {
    let mut best = ("v{version}".to_owned(), 0);
    for candidate in ["v{version}", "{version}"] {
        let format = TagFormat::parse(candidate)?;
        let count = repo.release_tags(&format, None)?.len();
        if count > best.1 {
            best = (candidate.to_owned(), count);
        }
    }
    Ok(best)
}

/// Whether a manifest exists and `relcore release --write` could set its version: the
/// core's own editor decides, so `init` lists exactly the files a release can write.
fn carries_version(path: &Path) -> bool {
    let (Some(kind), Ok(text)) = (
        path.to_str().and_then(FileKind::from_file_name),
        std::fs::read_to_string(path),
    ) else {
        return false;
    };
    set_version(&kind, &text, &Version::new(0, 0, 0)).is_ok()
}

/// The file's text: every setting relcore guessed, the others commented with their
/// defaults.
fn render(tag_format: &str, tags: usize, version_files: &[String], url: Option<&str>) -> String {
    let quote = |s: &str| format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""));
    let found = if tags == 0 {
        "no release tag yet: the usual format".to_owned()
    } else {
        format!("{tags} release tag(s) in this format")
    };
    let files = if version_files.is_empty() {
        "# version_files = [\"Cargo.toml\", \"package.json\"]   # none found at the root".to_owned()
    } else {
        let list: Vec<String> = version_files.iter().map(|f| quote(f)).collect();
        format!("version_files = [{}]", list.join(", "))
    };
    let url = url.map_or_else(
        || "# repository_url = \"https://github.com/owner/repo\"   # no remote found".to_owned(),
        |u| format!("repository_url = {}", quote(u)),
    );
    format!(
        "# relcore's settings for this repository (written by `relcore init`).\n\
         # Every key is documented in docs/cli.md (\"relcore.toml\").\n\
         \n\
         # How release tags are named ({found}).\n\
         tag_format = {tag}\n\
         \n\
         # Files whose version `relcore release --write` sets, with the changelog.\n\
         {files}\n\
         \n\
         [changelog]\n\
         path = \"CHANGELOG.md\"\n\
         # format = \"keep-a-changelog\"      # or \"release-notes\"; a template replaces it\n\
         # template = \"changelog.md.j2\"     # a Jinja template inside the repository\n\
         # take_unreleased = false          # move hand-written Unreleased entries into the release\n\
         # prereleases = \"fold\"             # or \"separate\": how rc sections are kept\n\
         {url}\n",
        tag = quote(tag_format),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_rendered_file_is_a_valid_configuration() {
        let text = render(
            "{version}",
            3,
            &["Cargo.toml".into(), "package.json".into()],
            Some("https://github.com/acme/api"),
        );
        let config = crate::config::ProjectConfig::from_toml(&text).unwrap();
        assert_eq!(config.tag_format.to_string(), "{version}");
        assert_eq!(config.version_files.len(), 2);
        assert_eq!(
            config.changelog.repository_url.as_deref(),
            Some("https://github.com/acme/api")
        );
        let bare = render("v{version}", 0, &[], None);
        let config = crate::config::ProjectConfig::from_toml(&bare).unwrap();
        assert!(config.version_files.is_empty());
        assert!(bare.contains("no release tag yet"));
    }
}
