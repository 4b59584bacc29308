//! `relcore init`: a commented `relcore.toml` for a repository, from what the repository
//! already says: the tag format its release tags use, the manifests that carry its
//! version, the web address of its remote, and the packages its workspaces declare
//! (Cargo, npm, Yarn, pnpm, uv; see [`crate::discover`]), each with the tag format its own
//! tags use.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use relcore::manifest::{FileKind, set_version};
use relcore::version::{TagFormat, Version};
use relcore_git::Repository;
use serde::Serialize;

use crate::config::CONFIG_FILE;
use crate::discover::Member;
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
    /// The workspace members with a version of their own: each a `[packages.<name>]`.
    pub packages: Vec<Package>,
    /// The workspace members without one (`version.workspace = true`, a dynamic or no
    /// version): released with the workspace, listed in a comment.
    pub shared: Vec<Member>,
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
    let version_files: Vec<String> = MANIFESTS
        .iter()
        .filter(|name| carries_version(&root.join(name)))
        .map(|name| (*name).to_owned())
        .collect();
    let repository_url = repo.remote_web_url(None);
    let (own, shared): (Vec<Member>, Vec<Member>) = crate::discover::members(&root)
        .into_iter()
        .partition(|m| m.own_version);
    // A workspace's packages tag their own releases: their spellings are no guess for
    // the project's.
    let (tag_format, tags) = guess_tag_format(&repo, own.is_empty())?;
    let mut packages = Vec::new();
    for mut member in own {
        let (mut format, mut tags) = guess_package_tag_format(&repo, &member.name)?;
        // A Python project goes by its normalised name (PEP 503: `Acme_Lib` is
        // `acme-lib`), as dependents name it, unless only its spelling has tags.
        let normal = relcore::manifest::python_name(&member.name);
        if member.ecosystem == crate::discover::Ecosystem::Uv && normal != member.name {
            let (normal_format, normal_tags) = guess_package_tag_format(&repo, &normal)?;
            if normal_tags >= tags {
                (format, tags) = (normal_format, normal_tags);
                member.name = normal;
            }
        }
        packages.push(Package {
            member,
            tag_format: format,
            tags,
        });
    }
    let mut scaffold = Scaffold {
        path: root.join(CONFIG_FILE),
        tag_format,
        tags,
        version_files,
        repository_url,
        packages,
        shared,
        text: String::new(),
    };
    scaffold.text = render(&scaffold);
    Ok(scaffold)
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

/// A workspace member with a version of its own, and how its tags are spelled.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Package {
    /// The member.
    #[serde(flatten)]
    pub member: Member,
    /// The tag format its release tags use (`{package}@{version}` when it has none).
    pub tag_format: String,
    /// How many of its release tags reachable from HEAD have that format.
    pub tags: usize,
}

/// Tag formats a package's tags are commonly spelled in, the default first.
const PACKAGE_FORMATS: [&str; 4] = [
    crate::config::PACKAGE_TAG_FORMAT,
    "{package}-v{version}",
    "{package}/v{version}",
    "{package}-{version}",
];

/// The format with the most of the package's release tags reachable from HEAD.
fn guess_package_tag_format(
    repo: &Repository,
    package: &str,
) -> Result<(String, usize), ReleaseError> {
    let mut best = (PACKAGE_FORMATS[0].to_owned(), 0);
    for candidate in PACKAGE_FORMATS {
        let format = TagFormat::parse(candidate)?;
        let count = repo.release_tags(&format, Some(package))?.len();
        if count > best.1 {
            best = (candidate.to_owned(), count);
        }
    }
    Ok(best)
}

/// The format with the most release tags reachable from HEAD: `v1.2.3`, `1.2.3`, or (when
/// `any_spelling`) one of the few spellings most of the repository's tags have
/// (`release-1.2.3`, `api-v1.2.3`: [`TagFormat::guess`]).
fn guess_tag_format(
    repo: &Repository,
    any_spelling: bool,
) -> Result<(String, usize), ReleaseError> {
    let mut candidates: Vec<TagFormat> = vec![TagFormat::default(), TagFormat::parse("{version}")?];
    if any_spelling {
        let names = repo.tag_names()?;
        for guess in TagFormat::guess(names.iter().map(String::as_str))
            .into_iter()
            .take(5)
        {
            if !candidates.contains(&guess.format) {
                candidates.push(guess.format);
            }
        }
    }
    let mut best = ("v{version}".to_owned(), 0);
    for format in candidates {
        let count = repo.release_tags(&format, None)?.len();
        if count > best.1 {
            best = (format.as_str().to_owned(), count);
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

/// A TOML string.
fn quote(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

/// A TOML key: bare when it can be, else quoted (`"@acme/ui"`).
pub(crate) fn key(name: &str) -> String {
    let bare = !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    if bare { name.to_owned() } else { quote(name) }
}

/// `3 release tag(s) in this format`, or that there are none yet.
fn tags_found(tags: usize) -> String {
    if tags == 0 {
        "no release tag yet: the usual format".to_owned()
    } else {
        format!("{tags} release tag(s) in this format")
    }
}

/// `["a", "b"]`
fn list(items: &[String]) -> String {
    let quoted: Vec<String> = items.iter().map(|i| quote(i)).collect();
    format!("[{}]", quoted.join(", "))
}

/// The file's text: every setting relcore guessed, the others commented with their
/// defaults. With packages, each is a `[packages.<name>]` table, and a root that carries
/// a version of its own is the package `root` (path `.`, every commit).
fn render(s: &Scaffold) -> String {
    let mut out = String::from(
        "# relcore's settings for this repository (written by `relcore init`).\n\
         # Every key is documented in docs/cli.md (\"relcore.toml\").\n\n",
    );
    if s.packages.is_empty() {
        let _ = write!(
            out,
            "# How release tags are named ({}).\ntag_format = {}\n\n",
            tags_found(s.tags),
            quote(&s.tag_format)
        );
        out.push_str("# Files whose version `relcore release --write` sets, with the changelog.\n");
        if s.version_files.is_empty() {
            out.push_str(
                "# version_files = [\"Cargo.toml\", \"package.json\"]   # none found at the root\n",
            );
        } else {
            let _ = writeln!(out, "version_files = {}", list(&s.version_files));
        }
    } else {
        out.push_str(
            "# The packages of this repository's workspaces: each releases from the commits\n\
             # under its path, with its own tags, version files and changelog\n\
             # (`relcore release --package NAME`).\n",
        );
        for p in &s.packages {
            let m = &p.member;
            let _ = write!(
                out,
                "\n[packages.{}]\npath = {}\nversion_files = {}\n# {}.\ntag_format = {}\n",
                key(&m.name),
                quote(&m.path),
                list(std::slice::from_ref(&m.manifest)),
                tags_found(p.tags),
                quote(&p.tag_format)
            );
        }
        if !s.version_files.is_empty() {
            let _ = write!(
                out,
                "\n# The root: every commit, tagged as the repository's tags are ({}).\n\
                 [packages.root]\npath = \".\"\ntag_format = {}\nversion_files = {}\n\
                 changelog = \"CHANGELOG.md\"\n",
                tags_found(s.tags),
                quote(&s.tag_format),
                list(&s.version_files)
            );
        }
    }
    if !s.shared.is_empty() {
        let names: Vec<String> = s
            .shared
            .iter()
            .map(|m| format!("{} ({})", m.name, m.path))
            .collect();
        let _ = write!(
            out,
            "\n# Released with the workspace, having no version of their own:\n# {}.\n",
            names.join(", ")
        );
    }
    out.push_str("\n[changelog]\n");
    if s.packages.is_empty() {
        out.push_str("path = \"CHANGELOG.md\"\n");
    }
    out.push_str(
        "# format = \"keep-a-changelog\"      # or \"release-notes\"; a template replaces it\n\
         # template = \"changelog.md.j2\"     # a Jinja template inside the repository\n\
         # take_unreleased = false          # move hand-written Unreleased entries into the release\n\
         # prereleases = \"fold\"             # or \"separate\": how rc sections are kept\n",
    );
    match &s.repository_url {
        Some(u) => {
            let _ = writeln!(out, "repository_url = {}", quote(u));
        }
        None => out
            .push_str("# repository_url = \"https://github.com/owner/repo\"   # no remote found\n"),
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::discover::{Ecosystem, Member};

    fn scaffold(tag_format: &str, tags: usize, files: &[&str], url: Option<&str>) -> Scaffold {
        Scaffold {
            path: "relcore.toml".into(),
            tag_format: tag_format.into(),
            tags,
            version_files: files.iter().map(|f| (*f).to_owned()).collect(),
            repository_url: url.map(str::to_owned),
            packages: Vec::new(),
            shared: Vec::new(),
            text: String::new(),
        }
    }

    fn member(name: &str, path: &str, own_version: bool) -> Member {
        Member {
            name: name.into(),
            path: path.into(),
            manifest: format!("{path}/package.json"),
            ecosystem: Ecosystem::Npm,
            own_version,
        }
    }

    #[test]
    fn the_rendered_file_is_a_valid_configuration() {
        let text = render(&scaffold(
            "{version}",
            3,
            &["Cargo.toml", "package.json"],
            Some("https://github.com/acme/api"),
        ));
        let config = crate::config::ProjectConfig::from_toml(&text).unwrap();
        assert_eq!(config.tag_format.to_string(), "{version}");
        assert_eq!(config.version_files.len(), 2);
        assert_eq!(
            config.changelog.repository_url.as_deref(),
            Some("https://github.com/acme/api")
        );
        let bare = render(&scaffold("v{version}", 0, &[], None));
        let config = crate::config::ProjectConfig::from_toml(&bare).unwrap();
        assert!(config.version_files.is_empty());
        assert!(bare.contains("no release tag yet"));
    }

    #[test]
    fn packages_are_tables_with_a_root_package_and_the_shared_members_listed() {
        let mut s = scaffold("v{version}", 2, &["package.json"], None);
        s.packages = vec![
            Package {
                member: member("@acme/ui", "packages/ui", true),
                tag_format: "{package}@{version}".into(),
                tags: 4,
            },
            Package {
                member: member("api", "services/api", true),
                tag_format: "{package}-v{version}".into(),
                tags: 0,
            },
        ];
        s.shared = vec![member("docs", "packages/docs", false)];
        let text = render(&s);
        assert!(
            text.contains("[packages.\"@acme/ui\"]\npath = \"packages/ui\"\n"),
            "{text}"
        );
        assert!(text.contains("# Released with the workspace, having no version of their own:\n# docs (packages/docs).\n"), "{text}");
        let config = crate::config::ProjectConfig::from_toml(&text).unwrap();
        assert_eq!(config.packages.len(), 3);
        let ui = config.for_package("@acme/ui").unwrap();
        assert_eq!(ui.version_files[0].path(), "packages/ui/package.json");
        assert_eq!(ui.changelog.path, "packages/ui/CHANGELOG.md");
        assert_eq!(
            config.for_package("api").unwrap().tag_format.as_str(),
            "{package}-v{version}"
        );
        let root = config.for_package("root").unwrap();
        assert_eq!(
            (root.tag_format.as_str(), root.changelog.path.as_str()),
            ("v{version}", "CHANGELOG.md")
        );
        assert!(root.git.paths.is_empty());
    }
}
