//! `[packages.<name>]`: a repository that releases several packages, each with its own
//! paths, tags, version files and changelog.
//!
//! ```
//! use relcore_release::config::ProjectConfig;
//!
//! let config = ProjectConfig::from_toml(
//!     "[packages.api]\npath = \"services/api\"\nversion_files = [\"services/api/Cargo.toml\"]\n\n\
//!      [packages.web]\npath = [\"web\", \"shared/ui\"]\n",
//! )?;
//! let api = config.for_package("api").expect("a package of the file");
//! assert_eq!(api.tag_format.as_str(), "{package}@{version}");
//! assert_eq!(api.package.as_deref(), Some("api"));
//! assert_eq!(api.git.paths, ["services/api"]);
//! assert_eq!(api.changelog.path, "services/api/CHANGELOG.md");
//! assert_eq!(config.packages["web"].path.as_slice(), ["web", "shared/ui"]);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::collections::{BTreeMap, HashMap};
use std::ops::Range;

use serde::{Deserialize, Serialize};

use relcore::bump::Policy;
use relcore::version::TagFormat;

use super::{ProjectConfig, VersionFile};

/// The tag format of a package that names none: `{package}@{version}`.
pub const PACKAGE_TAG_FORMAT: &str = "{package}@{version}";

/// `[packages.<name>]`: one package of a repository that releases several.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct PackageSection {
    /// The directories, relative to the repository root, whose commits release this
    /// package: `path = "crates/api"` or `path = ["crates/api", "proto/api"]`. `"."`
    /// claims the whole repository (a root package).
    pub path: Paths,
    /// How the package's release tags are spelled. Default `{package}@{version}`; a root
    /// package may keep `v{version}`.
    #[serde(default)]
    pub tag_format: Option<TagFormat>,
    /// Files whose version a release of this package sets, relative to the repository
    /// root.
    #[serde(default)]
    pub version_files: Vec<VersionFile>,
    /// The package's changelog, relative to the repository root. Default `CHANGELOG.md`
    /// in the package's (first) directory.
    #[serde(default)]
    pub changelog: Option<String>,
    /// The package's own `[bump]` policy, in place of the file's.
    #[serde(default)]
    pub bump: Option<Policy>,
}

/// One directory or several.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(untagged)]
pub enum Paths {
    /// `path = "crates/api"`
    One(String),
    /// `path = ["crates/api", "proto/api"]`
    Many(Vec<String>),
}

impl Paths {
    /// The directories, in the order written.
    ///
    /// ```
    /// use relcore_release::config::Paths;
    /// assert_eq!(Paths::One("web".into()).as_slice(), ["web"]);
    /// ```
    pub fn as_slice(&self) -> &[String] {
        match self {
            Paths::One(path) => std::slice::from_ref(path),
            Paths::Many(paths) => paths,
        }
    }
}

/// `[groups.<name>]`: packages whose versions move together.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct GroupSection {
    /// `fixed`: the members always share one version, and the highest bump among them
    /// releases all of them. `linked`: the members that release in the same run get the
    /// same version, the highest among them; the others stay.
    pub kind: relcore::workspace::GroupKind,
    /// The packages of the group, by their `[packages]` names; at least two.
    pub members: Vec<String>,
}

/// A run of a repository with `[packages]` that names no package, or one it does not have.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum PackageError {
    /// No package of `[packages]` has this name (slug `unknown_package`).
    #[error("relcore.toml has no package `{name}` (packages: {known})")]
    Unknown {
        /// The name asked for.
        name: String,
        /// The packages there are, comma-separated.
        known: String,
    },
    /// The file has `[packages]` and the run names none (slug `package_required`).
    #[error("relcore.toml has [packages]: name the package to release ({known})")]
    Required {
        /// The packages there are, comma-separated.
        known: String,
    },
}

impl PackageError {
    /// The stable slug: `unknown_package` or `package_required`.
    pub fn code(&self) -> &'static str {
        match self {
            PackageError::Unknown { .. } => "unknown_package",
            PackageError::Required { .. } => "package_required",
        }
    }
}

impl relcore::error::Coded for PackageError {
    fn code(&self) -> &str {
        PackageError::code(self)
    }
}

/// A problem of the packages, with the key path it is about (`packages.api.path[1]`) for
/// locating it in the file.
pub(super) struct PackageProblem {
    pub(super) path: Vec<Key>,
    pub(super) message: String,
}

/// One step of a key path.
#[derive(Clone, Debug)]
pub(super) enum Key {
    Name(String),
    Index(usize),
}

fn at(path: &[&str], index: Option<usize>) -> Vec<Key> {
    let mut keys: Vec<Key> = path.iter().map(|k| Key::Name((*k).to_owned())).collect();
    keys.extend(index.map(Key::Index));
    keys
}

impl ProjectConfig {
    /// The configuration of one package of `[packages]`, as a single-package file would
    /// say it: its tag format (`{package}@{version}` by default) with `package` set to its
    /// name (when the format has `{package}`), its paths as `[git] paths`, its version files, its changelog, its policy.
    /// `None` when the file has no such package.
    ///
    /// ```
    /// use relcore_release::config::ProjectConfig;
    /// let config = ProjectConfig::from_toml(
    ///     "[packages.root]\npath = \".\"\ntag_format = \"v{version}\"\nchangelog = \"CHANGELOG.md\"\n",
    /// )?;
    /// let root = config.for_package("root").unwrap();
    /// assert_eq!(root.tag_format.as_str(), "v{version}");
    /// assert!(root.git.paths.is_empty(), "the root package takes every commit");
    /// assert!(config.for_package("web").is_none());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn for_package(&self, name: &str) -> Option<ProjectConfig> {
        let package = self.packages.get(name)?;
        let mut config = self.clone();
        config.packages.clear();
        config.groups.clear();
        config.tag_format = package
            .tag_format
            .clone()
            .unwrap_or_else(default_tag_format);
        // The name is the tags' `{package}`; a format without one (a root package's
        // `v{version}`) takes every tag of its spelling.
        config.package = config.tag_format.has_package().then(|| name.to_owned());
        config.git.paths = package
            .path
            .as_slice()
            .iter()
            .filter(|p| !is_root(p))
            .cloned()
            .collect();
        if package.path.as_slice().iter().any(|p| is_root(p)) {
            config.git.paths.clear();
        }
        config.version_files.clone_from(&package.version_files);
        config.changelog.path = package.changelog.clone().unwrap_or_else(|| {
            let dir = package
                .path
                .as_slice()
                .first()
                .map_or("", |p| p.trim_end_matches('/'));
            if is_root(dir) {
                "CHANGELOG.md".to_owned()
            } else {
                format!("{dir}/CHANGELOG.md")
            }
        });
        if let Some(bump) = &package.bump {
            config.bump = bump.clone();
        }
        Some(config)
    }

    /// The configuration a run releases: the package `package` names, one of
    /// `[packages]` ([`ProjectConfig::for_package`]); in a file without packages, the name
    /// for tag formats with `{package}` (or the file as it is, for none).
    ///
    /// # Errors
    ///
    /// With `[packages]`: `unknown_package` for a name that is not one of them, and
    /// `package_required` for none (the top-level settings alone would release the wrong
    /// thing).
    ///
    /// ```
    /// use relcore_release::config::ProjectConfig;
    /// let config = ProjectConfig::from_toml("[packages.api]\npath = \"api\"\n")?;
    /// assert_eq!(config.clone().select(Some("api"))?.git.paths, ["api"]);
    /// assert_eq!(config.clone().select(None).unwrap_err().code(), "package_required");
    /// assert_eq!(config.select(Some("web")).unwrap_err().code(), "unknown_package");
    /// let single = ProjectConfig::default().select(Some("api"))?;
    /// assert_eq!(single.package.as_deref(), Some("api"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn select(mut self, package: Option<&str>) -> Result<ProjectConfig, PackageError> {
        let known = || self.packages.keys().cloned().collect::<Vec<_>>().join(", ");
        match package {
            _ if self.packages.is_empty() => {
                if let Some(name) = package {
                    self.package = Some(name.to_owned());
                }
                Ok(self)
            }
            Some(name) => self.for_package(name).ok_or_else(|| PackageError::Unknown {
                name: name.to_owned(),
                known: known(),
            }),
            None => Err(PackageError::Required { known: known() }),
        }
    }

    /// Every problem of `[packages]` and `[groups]` serde cannot see, each with the key
    /// path it is about, in a stable order.
    pub(super) fn package_problems(&self) -> Vec<PackageProblem> {
        let mut problems = Vec::new();
        if self.package.is_some() && !self.packages.is_empty() {
            problems.push(PackageProblem {
                path: at(&["package"], None),
                message: "`package` names the one package of a single-package repository; \
                          with [packages] each package is named by its table"
                    .to_owned(),
            });
        }
        // A fixed group's members may share one tag (a format without `{package}`).
        let fixed_group = |name: &str| {
            self.groups.iter().find_map(|(group, section)| {
                (section.kind == relcore::workspace::GroupKind::Fixed
                    && section.members.iter().any(|m| m == name))
                .then_some(group.as_str())
            })
        };
        let mut tags: HashMap<String, &str> = HashMap::new();
        for (name, package) in &self.packages {
            problems.extend(path_problems(name, &package.path));
            let format = package
                .tag_format
                .clone()
                .unwrap_or_else(default_tag_format);
            // Two packages whose tags would be spelled alike would read each other's.
            let spelled = format.as_str().replace("{package}", name);
            if let Some(first) = tags.insert(spelled, name)
                && (fixed_group(first).is_none() || fixed_group(first) != fixed_group(name))
            {
                problems.push(PackageProblem {
                    path: at(&["packages", name, "tag_format"], None),
                    message: format!(
                        "packages `{first}` and `{name}` would spell their release tags alike \
                         (`{format}`): give one a format with `{{package}}`, or put both in \
                         one fixed group to share one tag",
                    ),
                });
            }
        }
        let mut grouped: BTreeMap<&str, &str> = BTreeMap::new();
        for (group, section) in &self.groups {
            if section.members.len() < 2 {
                problems.push(PackageProblem {
                    path: at(&["groups", group, "members"], None),
                    message: format!("group `{group}` needs at least two members"),
                });
            }
            for (index, member) in section.members.iter().enumerate() {
                let path = at(&["groups", group, "members"], Some(index));
                if !self.packages.contains_key(member) {
                    let known: Vec<&str> = self.packages.keys().map(String::as_str).collect();
                    problems.push(PackageProblem {
                        path,
                        message: format!(
                            "group `{group}` names `{member}`, which is not a package of \
                             [packages] (packages: {})",
                            known.join(", ")
                        ),
                    });
                } else if let Some(other) = grouped.insert(member, group) {
                    problems.push(PackageProblem {
                        path,
                        message: format!(
                            "package `{member}` is in groups `{other}` and `{group}`: a package \
                             belongs to one group at most"
                        ),
                    });
                }
            }
        }
        problems
    }
}

/// The problems of one package's paths: each must be a directory inside the repository,
/// relative to its root.
fn path_problems(name: &str, paths: &Paths) -> Vec<PackageProblem> {
    let mut problems = Vec::new();
    if paths.as_slice().is_empty() {
        problems.push(PackageProblem {
            path: at(&["packages", name, "path"], None),
            message: format!("package `{name}` has no path: give its directory, or \".\""),
        });
    }
    for (index, path) in paths.as_slice().iter().enumerate() {
        let keys = match paths {
            Paths::One(_) => at(&["packages", name, "path"], None),
            Paths::Many(_) => at(&["packages", name, "path"], Some(index)),
        };
        let escapes = path.split(['/', '\\']).any(|part| part == "..");
        let absolute = path.starts_with(['/', '\\']) || path.get(1..2) == Some(":");
        if path.trim().is_empty() || escapes || absolute {
            problems.push(PackageProblem {
                path: keys,
                message: format!(
                    "package `{name}`: path `{path}` is not a directory inside the repository \
                     (write it relative to the root, without `..`; \".\" for the root)"
                ),
            });
        }
    }
    problems
}

fn is_root(path: &str) -> bool {
    matches!(path.trim_end_matches('/'), "." | "" | "./")
}

fn default_tag_format() -> TagFormat {
    TagFormat::parse(PACKAGE_TAG_FORMAT).unwrap_or_default()
}

/// The byte range of the value at `path` in the TOML `text`; `None` when the text does
/// not hold it (a default, or a value given as JSON).
pub(super) fn span_of(text: &str, path: &[Key]) -> Option<Range<usize>> {
    let root = toml::de::DeTable::parse(text).ok()?;
    let mut span = root.span();
    let mut value: Option<&toml::de::DeValue<'_>> = None;
    let mut table = Some(root.get_ref());
    for key in path {
        let next = match (key, table, value) {
            (Key::Name(name), Some(t), _) => t.get(name.as_str()),
            (Key::Index(i), _, Some(toml::de::DeValue::Array(items))) => items.get(*i),
            _ => None,
        }?;
        span = next.span();
        value = Some(next.get_ref());
        table = match next.get_ref() {
            toml::de::DeValue::Table(t) => Some(t),
            _ => None,
        };
    }
    Some(span)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problems(text: &str) -> Vec<String> {
        ProjectConfig::from_toml(text)
            .unwrap_err()
            .lines()
            .collect()
    }

    #[test]
    fn packages_read_with_their_defaults() {
        let config = ProjectConfig::from_toml(
            "[packages.\"@acme/ui\"]\npath = \"packages/ui/\"\n\
             [packages.api]\npath = [\"crates/api\", \"proto\"]\ntag_format = \"api-v{version}\"\n\
             [packages.api.bump]\nchannel = \"rc\"\n",
        )
        .unwrap();
        let ui = config.for_package("@acme/ui").unwrap();
        assert_eq!(ui.changelog.path, "packages/ui/CHANGELOG.md");
        assert_eq!(
            ui.tag_format
                .format(
                    &relcore::version::Version::new(1, 0, 0),
                    ui.package.as_deref()
                )
                .unwrap(),
            "@acme/ui@1.0.0"
        );
        let api = config.for_package("api").unwrap();
        assert_eq!(api.git.paths, ["crates/api", "proto"]);
        assert_eq!(api.bump.channel.as_deref(), Some("rc"));
        assert_eq!(ui.bump.channel, None);
        assert!(api.packages.is_empty());
    }

    #[test]
    fn every_package_problem_is_located() {
        let text = "package = \"x\"\n\
                    [packages.a]\npath = \"../elsewhere\"\n\
                    [packages.b]\npath = [\"b\", \"/abs\"]\ntag_format = \"v{version}\"\n\
                    [packages.c]\npath = \"c\"\ntag_format = \"v{version}\"\n";
        let got = problems(text);
        assert_eq!(
            got,
            [
                "1:11: `package` names the one package of a single-package repository; with [packages] each package is named by its table",
                "3:8: package `a`: path `../elsewhere` is not a directory inside the repository (write it relative to the root, without `..`; \".\" for the root)",
                "5:14: package `b`: path `/abs` is not a directory inside the repository (write it relative to the root, without `..`; \".\" for the root)",
                "9:14: packages `b` and `c` would spell their release tags alike (`v{version}`): give one a format with `{package}`, or put both in one fixed group to share one tag",
            ],
            "{got:#?}"
        );
    }

    #[test]
    fn groups_name_known_packages_once() {
        let text = "update_dependents = \"always\"\n\
                    [packages.a]\npath = \"a\"\n[packages.b]\npath = \"b\"\n\
                    [groups.one]\nkind = \"fixed\"\nmembers = [\"a\", \"nope\"]\n\
                    [groups.two]\nkind = \"linked\"\nmembers = [\"a\"]\n";
        assert_eq!(
            problems(text),
            [
                "8:17: group `one` names `nope`, which is not a package of [packages] (packages: a, b)",
                "11:11: group `two` needs at least two members",
                "11:12: package `a` is in groups `one` and `two`: a package belongs to one group at most",
            ]
        );
        let config = ProjectConfig::from_toml(
            "update_dependents = \"always\"\n[packages.a]\npath = \"a\"\n[packages.b]\npath = \"b\"\n\
             [groups.g]\nkind = \"linked\"\nmembers = [\"a\", \"b\"]\n",
        )
        .unwrap();
        assert_eq!(
            config.update_dependents,
            relcore::workspace::UpdateDependents::Always
        );
        assert_eq!(
            config.groups["g"].kind,
            relcore::workspace::GroupKind::Linked
        );
        assert!(config.for_package("a").unwrap().groups.is_empty());
        let got = problems("[groups.g]\nkind = \"locked\"\nmembers = []\n");
        assert_eq!(
            got.len(),
            1,
            "a missing `kind` is fallout of the wrong one: {got:#?}"
        );
        assert!(
            got[0].starts_with("2:8: unknown variant `locked`"),
            "{got:#?}"
        );
    }

    #[test]
    fn misspelt_keys_are_serde_problems() {
        let got = problems("[packages.a]\npaths = \"a\"\n");
        assert_eq!(
            got,
            [
                "1:1: missing field `path`",
                "2:1: unknown field `paths`, expected one of `path`, `tag_format`, `version_files`, `changelog`, `bump`"
            ]
        );
        let got = problems("[packages.a]\npath = 5\n");
        assert_eq!(got.len(), 1, "{got:#?}");
        assert!(got[0].starts_with("2:8: "), "{got:#?}");
    }

    #[test]
    fn json_configs_are_checked_too() {
        let err = ProjectConfig::from_json(serde_json::json!({
            "packages": {"a": {"path": ["a", "../b"]}},
        }))
        .unwrap_err();
        assert!(
            err.to_string()
                .starts_with("package `a`: path `../b` is not a directory"),
            "{err}"
        );
        assert_eq!(err.line(), None);
    }
}
