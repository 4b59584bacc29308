//! The packages a repository's workspaces declare, for `relcore init`: the members of a
//! Cargo workspace (`[workspace] members`, `exclude`), of npm and Yarn workspaces
//! (`workspaces` in `package.json`, a list or `{ packages = [...] }`), of a pnpm workspace
//! (`pnpm-workspace.yaml`) and of a uv workspace (`[tool.uv.workspace]`), each with its
//! name, directory and manifest.
//!
//! Member patterns are globs over directories (`crates/*`, `packages/**`, `!packages/old`),
//! expanded inside the work tree only: symlinks, hidden directories, `node_modules` and
//! `target` are never entered. Reading is all this module does; it writes nothing.

use std::collections::BTreeSet;
use std::path::Path;

use globset::{GlobBuilder, GlobMatcher};
use relcore::manifest::FileKind;
use serde::{Deserialize, Serialize};

/// How deep a `**` pattern looks below where it starts.
const MAX_DEPTH: usize = 8;

/// Directories a member pattern never enters.
const SKIPPED: [&str; 3] = ["node_modules", "target", "__pycache__"];

/// The workspace kinds relcore reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Ecosystem {
    /// A Cargo workspace: `Cargo.toml`.
    Cargo,
    /// npm, Yarn or pnpm workspaces: `package.json`.
    Npm,
    /// A uv workspace: `pyproject.toml`.
    Uv,
}

impl Ecosystem {
    /// Every kind, in the order their manifests are looked for.
    pub const ALL: [Ecosystem; 3] = [Ecosystem::Cargo, Ecosystem::Npm, Ecosystem::Uv];

    /// The manifest file of a member.
    pub fn manifest(self) -> &'static str {
        match self {
            Ecosystem::Cargo => "Cargo.toml",
            Ecosystem::Npm => "package.json",
            Ecosystem::Uv => "pyproject.toml",
        }
    }
}

/// A member of a workspace.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Member {
    /// The package's name, as its manifest spells it.
    pub name: String,
    /// Its directory, relative to the repository root, `/`-separated.
    pub path: String,
    /// Its manifest, relative to the repository root.
    pub manifest: String,
    /// The workspace it belongs to.
    pub ecosystem: Ecosystem,
    /// The manifest sets the package's own version; `false` when the version is the
    /// workspace's (`version.workspace = true`), computed (`dynamic`), or missing: such a
    /// member is released with the workspace, not on its own.
    pub own_version: bool,
}

/// Every member of every workspace declared at `root`, by ecosystem then path. A
/// manifest that cannot be read or parsed is skipped: `init` proposes, the user decides.
///
/// ```
/// let dir = std::env::temp_dir().join(format!("relcore-discover-doc-{}", std::process::id()));
/// std::fs::create_dir_all(dir.join("crates/api")).unwrap();
/// std::fs::write(dir.join("Cargo.toml"), "[workspace]\nmembers = [\"crates/*\"]\n").unwrap();
/// std::fs::write(dir.join("crates/api/Cargo.toml"), "[package]\nname = \"api\"\nversion = \"1.0.0\"\n").unwrap();
/// let members = relcore_release::discover::members(&dir);
/// assert_eq!((members[0].name.as_str(), members[0].path.as_str()), ("api", "crates/api"));
/// std::fs::remove_dir_all(&dir).unwrap();
/// ```
pub fn members(root: &Path) -> Vec<Member> {
    let mut found = Vec::new();
    for ecosystem in Ecosystem::ALL {
        let Some((include, exclude)) = patterns(root, ecosystem) else {
            continue;
        };
        let dirs: BTreeSet<String> = include.iter().flat_map(|p| expand(root, p)).collect();
        let exclude: Vec<GlobMatcher> = exclude.iter().filter_map(|p| matcher(p)).collect();
        for dir in dirs {
            if exclude.iter().any(|m| m.is_match(&dir)) {
                continue;
            }
            let manifest = join(&dir, ecosystem.manifest());
            let Ok(text) = std::fs::read_to_string(root.join(&manifest)) else {
                continue;
            };
            if let Some((name, own_version)) = identity(ecosystem, &text) {
                found.push(Member {
                    name,
                    path: dir,
                    manifest,
                    ecosystem,
                    own_version,
                });
            }
        }
    }
    found
}

/// The member patterns a workspace root declares, and the patterns it excludes; `None`
/// when the root declares no workspace of this kind.
fn patterns(root: &Path, ecosystem: Ecosystem) -> Option<(Vec<String>, Vec<String>)> {
    let read = |name: &str| std::fs::read_to_string(root.join(name)).ok();
    let (include, exclude) = match ecosystem {
        Ecosystem::Cargo => {
            #[derive(Deserialize)]
            struct Manifest {
                workspace: Option<Workspace>,
            }
            #[derive(Deserialize)]
            struct Workspace {
                #[serde(default)]
                members: Vec<String>,
                #[serde(default)]
                exclude: Vec<String>,
            }
            let manifest: Manifest = toml::from_str(&read("Cargo.toml")?).ok()?;
            let workspace = manifest.workspace?;
            (workspace.members, workspace.exclude)
        }
        Ecosystem::Npm => {
            // pnpm's file, else package.json's `workspaces` (npm, Yarn).
            let globs = if let Some(text) = read("pnpm-workspace.yaml") {
                #[derive(Deserialize)]
                struct Pnpm {
                    #[serde(default)]
                    packages: Vec<String>,
                }
                serde_saphyr::from_str::<Pnpm>(&text).ok()?.packages
            } else {
                #[derive(Deserialize)]
                #[serde(untagged)]
                enum Workspaces {
                    List(Vec<String>),
                    Yarn { packages: Vec<String> },
                }
                #[derive(Deserialize)]
                struct Package {
                    workspaces: Option<Workspaces>,
                }
                let package: Package = serde_json::from_str(&read("package.json")?).ok()?;
                match package.workspaces? {
                    Workspaces::List(globs) | Workspaces::Yarn { packages: globs } => globs,
                }
            };
            let (exclude, include): (Vec<String>, Vec<String>) =
                globs.into_iter().partition(|g| g.starts_with('!'));
            let exclude = exclude
                .into_iter()
                .map(|g| g.trim_start_matches('!').to_owned())
                .collect();
            (include, exclude)
        }
        Ecosystem::Uv => {
            #[derive(Deserialize)]
            struct Pyproject {
                tool: Option<Tool>,
            }
            #[derive(Deserialize)]
            struct Tool {
                uv: Option<Uv>,
            }
            #[derive(Deserialize)]
            struct Uv {
                workspace: Option<UvWorkspace>,
            }
            #[derive(Deserialize)]
            struct UvWorkspace {
                #[serde(default)]
                members: Vec<String>,
                #[serde(default)]
                exclude: Vec<String>,
            }
            let pyproject: Pyproject = toml::from_str(&read("pyproject.toml")?).ok()?;
            let workspace = pyproject.tool?.uv?.workspace?;
            (workspace.members, workspace.exclude)
        }
    };
    let clean = |patterns: Vec<String>| -> Vec<String> {
        patterns
            .iter()
            .map(|p| normalise(p))
            .filter(|p| !p.is_empty())
            .collect()
    };
    Some((clean(include), clean(exclude)))
}

/// A pattern as a `/`-separated path relative to the root: no `./`, no trailing `/`.
fn normalise(pattern: &str) -> String {
    let mut p = pattern.trim().replace('\\', "/");
    while let Some(rest) = p.strip_prefix("./") {
        p = rest.to_owned();
    }
    p.trim_end_matches('/').to_owned()
}

/// A glob over `/`-separated relative paths, where `*` stays within one directory;
/// `None` for a pattern that does not compile or could leave the root.
fn matcher(pattern: &str) -> Option<GlobMatcher> {
    if pattern.starts_with('/') || pattern.split('/').any(|part| part == "..") {
        return None;
    }
    let glob = GlobBuilder::new(pattern)
        .literal_separator(true)
        .build()
        .ok()?;
    Some(glob.compile_matcher())
}

/// The directories under `root` matching `pattern`, relative and `/`-separated.
fn expand(root: &Path, pattern: &str) -> Vec<String> {
    let Some(matcher) = matcher(pattern) else {
        return Vec::new();
    };
    // Walk only as deep as the pattern reaches, from its first segment with a wildcard.
    let segments: Vec<&str> = pattern.split('/').collect();
    let literal: Vec<&str> = segments
        .iter()
        .take_while(|s| !s.contains(['*', '?', '[', '{']))
        .copied()
        .collect();
    let start = literal.join("/");
    if literal.len() == segments.len() {
        return if is_plain_dir(&root.join(&start)) {
            vec![start]
        } else {
            Vec::new()
        };
    }
    let depth = if pattern.contains("**") {
        MAX_DEPTH
    } else {
        segments.len() - literal.len()
    };
    let mut found = Vec::new();
    let mut stack = vec![(start, 0usize)];
    while let Some((dir, level)) = stack.pop() {
        if level == depth {
            continue;
        }
        let Ok(entries) = std::fs::read_dir(root.join(&dir)) else {
            continue;
        };
        for entry in entries.filter_map(Result::ok) {
            let Ok(name) = entry.file_name().into_string() else {
                continue;
            };
            if name.starts_with('.') || SKIPPED.contains(&name.as_str()) {
                continue;
            }
            // `file_type` does not follow symlinks: a linked directory is never entered.
            if !entry.file_type().is_ok_and(|t| t.is_dir()) {
                continue;
            }
            let path = join(&dir, &name);
            if matcher.is_match(&path) {
                found.push(path.clone());
            }
            stack.push((path, level + 1));
        }
    }
    found
}

/// A directory that is not a symlink.
fn is_plain_dir(path: &Path) -> bool {
    path.symlink_metadata().is_ok_and(|m| m.is_dir())
}

fn join(dir: &str, name: &str) -> String {
    if dir.is_empty() {
        name.to_owned()
    } else {
        format!("{dir}/{name}")
    }
}

/// A member manifest's package name, and whether it sets its own version.
fn identity(ecosystem: Ecosystem, text: &str) -> Option<(String, bool)> {
    let kind = FileKind::from_file_name(ecosystem.manifest())?;
    let name = relcore::manifest::package_name(&kind, text)?;
    let inherits = kind == FileKind::CargoToml && relcore::manifest::cargo_inherits_version(text);
    Some((name, !inherits && sets_version(&kind, text)))
}

/// Whether a release could set the version in this manifest: the core's editor decides,
/// so `init` proposes exactly the files a release can write.
fn sets_version(kind: &FileKind, text: &str) -> bool {
    relcore::manifest::set_version(kind, text, &relcore::version::Version::new(0, 0, 0)).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Tree(std::path::PathBuf);

    impl Tree {
        fn new(name: &str) -> Tree {
            let dir = std::env::temp_dir()
                .join(format!("relcore-discover-{name}-{}", std::process::id()));
            let _ = std::fs::remove_dir_all(&dir);
            std::fs::create_dir_all(&dir).unwrap();
            Tree(dir)
        }

        fn file(&self, path: &str, text: &str) -> &Tree {
            let path = self.0.join(path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
            self
        }
    }

    impl Drop for Tree {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }

    fn found(tree: &Tree) -> Vec<(String, String, bool)> {
        members(&tree.0)
            .into_iter()
            .map(|m| (m.name, m.path, m.own_version))
            .collect()
    }

    #[test]
    fn cargo_members_with_globs_excludes_and_inherited_versions() {
        let t = Tree::new("cargo");
        t.file(
            "Cargo.toml",
            "[workspace]\nmembers = [\"cli\", \"crates/*\", \"./tools/gen/\"]\nexclude = [\"crates/old\"]\n\
             [workspace.package]\nversion = \"2.0.0\"\n",
        )
        .file("cli/Cargo.toml", "[package]\nname = \"tool\"\nversion = \"1.4.0\"\n")
        .file("crates/core/Cargo.toml", "[package]\nname = \"core\"\nversion.workspace = true\n")
        .file("crates/old/Cargo.toml", "[package]\nname = \"old\"\nversion = \"0.1.0\"\n")
        .file("crates/notes/README.md", "no manifest\n")
        .file("crates/nested/deep/Cargo.toml", "[package]\nname = \"deep\"\nversion = \"1.0.0\"\n")
        .file("tools/gen/Cargo.toml", "[package]\nname = \"gen\"\nversion = \"0.3.0\"\n");
        assert_eq!(
            found(&t),
            [
                ("tool".into(), "cli".into(), true),
                ("core".into(), "crates/core".into(), false),
                ("gen".into(), "tools/gen".into(), true),
            ]
        );
    }

    #[test]
    fn npm_yarn_and_pnpm_workspaces() {
        let t = Tree::new("npm");
        t.file(
            "package.json",
            "{\"private\": true, \"workspaces\": [\"packages/*\", \"!packages/legacy\"]}",
        )
        .file(
            "packages/ui/package.json",
            "{\"name\": \"@acme/ui\", \"version\": \"0.4.0\"}",
        )
        .file(
            "packages/legacy/package.json",
            "{\"name\": \"legacy\", \"version\": \"1.0.0\"}",
        )
        .file(
            "packages/ui/node_modules/dep/package.json",
            "{\"name\": \"dep\", \"version\": \"9.9.9\"}",
        )
        .file("packages/nameless/package.json", "{\"version\": \"1.0.0\"}");
        assert_eq!(found(&t), [("@acme/ui".into(), "packages/ui".into(), true)]);

        let yarn = Tree::new("yarn");
        yarn.file(
            "package.json",
            "{\"workspaces\": {\"packages\": [\"apps/**\"]}}",
        )
        .file(
            "apps/web/package.json",
            "{\"name\": \"web\", \"version\": \"3.0.0\"}",
        )
        .file(
            "apps/group/admin/package.json",
            "{\"name\": \"admin\", \"private\": true}",
        );
        assert_eq!(
            found(&yarn),
            [
                ("admin".into(), "apps/group/admin".into(), false),
                ("web".into(), "apps/web".into(), true)
            ]
        );

        let pnpm = Tree::new("pnpm");
        pnpm.file(
            "pnpm-workspace.yaml",
            "packages:\n  - 'libs/*'\n  - '!libs/skip'\n",
        )
        .file(
            "package.json",
            "{\"name\": \"root\", \"version\": \"1.0.0\"}",
        )
        .file(
            "libs/a/package.json",
            "{\"name\": \"a\", \"version\": \"1.0.0\"}",
        )
        .file(
            "libs/skip/package.json",
            "{\"name\": \"skip\", \"version\": \"1.0.0\"}",
        );
        assert_eq!(found(&pnpm), [("a".into(), "libs/a".into(), true)]);
    }

    #[test]
    fn uv_workspaces_and_dynamic_versions() {
        let t = Tree::new("uv");
        t.file(
            "pyproject.toml",
            "[project]\nname = \"root\"\nversion = \"1.0.0\"\n[tool.uv.workspace]\nmembers = [\"libs/*\"]\nexclude = [\"libs/scratch\"]\n",
        )
        .file("libs/core/pyproject.toml", "[project]\nname = \"acme-core\"\nversion = \"0.2.0\"\n")
        .file("libs/cli/pyproject.toml", "[project]\nname = \"acme-cli\"\ndynamic = [\"version\"]\n")
        .file("libs/scratch/pyproject.toml", "[project]\nname = \"scratch\"\nversion = \"0.0.1\"\n");
        assert_eq!(
            found(&t),
            [
                ("acme-cli".into(), "libs/cli".into(), false),
                ("acme-core".into(), "libs/core".into(), true)
            ]
        );
    }

    #[test]
    fn patterns_never_leave_the_root_or_follow_links() {
        let t = Tree::new("escape");
        let outside = Tree::new("escape-outside");
        outside.file(
            "pkg/Cargo.toml",
            "[package]\nname = \"outside\"\nversion = \"1.0.0\"\n",
        );
        t.file(
            "Cargo.toml",
            "[workspace]\nmembers = [\"../*\", \"/etc\", \"links/*\", \"[\"]\n",
        );
        std::fs::create_dir_all(t.0.join("links")).unwrap();
        #[cfg(unix)]
        std::os::unix::fs::symlink(outside.0.join("pkg"), t.0.join("links/pkg")).unwrap();
        assert!(found(&t).is_empty(), "{:?}", found(&t));
        // No workspace, or a manifest that does not parse: nothing, and no error.
        let plain = Tree::new("plain");
        plain.file(
            "Cargo.toml",
            "[package]\nname = \"one\"\nversion = \"1.0.0\"\n",
        );
        plain.file("package.json", "{not json");
        assert!(found(&plain).is_empty());
    }
}
