//! Paths named by a project's configuration, kept inside the repository's work tree: a
//! `relcore.toml` from a cloned repository must not make relcore read or write
//! `../../x.md`, `/etc/passwd`, or through a symlink pointing out of the tree.

use std::path::{Component, Path, PathBuf};

use crate::files::{FileError, FileErrorKind};

/// A path resolved inside a work tree.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WorkTreePath {
    /// The path as named, joined to the root (what messages show).
    pub named: PathBuf,
    /// The file really read or written: `named` with every symlink followed (the same
    /// when there is none). It may not exist yet.
    pub real: PathBuf,
    /// `real` relative to the root, with `/` separators: the path git knows it by.
    pub relative: String,
}

/// `path` with `.` and `..` components folded, without touching the file system.
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}

fn outside(kind: FileErrorKind, path: &str, why: &str) -> FileError {
    FileError::new(
        kind,
        format!(
            "`{path}` {why}; relcore only reads and writes files inside the repository's work tree"
        ),
    )
}

/// The relative form of `path` under `root` (both canonical), `/`-separated; `None` when
/// it is not inside, or is inside the `.git` directory.
fn relative_to(root: &Path, path: &Path) -> Option<String> {
    let rest = path.strip_prefix(root).ok()?;
    let parts: Vec<String> = rest
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if parts.is_empty() || parts.first().is_some_and(|p| p == ".git") {
        return None;
    }
    Some(parts.join("/"))
}

/// `dir` with every symlink of the part that exists followed, and the part that does not
/// exist yet (a package directory not created) joined as named: the caller checks the
/// result is still inside the repository, as for a directory that exists.
fn existing_prefix(dir: &Path) -> std::io::Result<PathBuf> {
    match std::fs::canonicalize(dir) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            match (dir.parent(), dir.file_name()) {
                (Some(parent), Some(name)) => Ok(existing_prefix(parent)?.join(name)),
                _ => Err(e),
            }
        }
        other => other,
    }
}

/// Resolves `path` (relative to `root`, or absolute) inside the work tree `root`:
/// `..` may not climb out, an absolute path must lie inside, the `.git` directory is not
/// part of the work tree, and symlinks (of the file or its directories) are followed and
/// must end inside too. The file itself may not exist yet; its directory must.
///
/// # Errors
///
/// `path_outside_repository`, `symlink_outside_repository`, or `git` (kept from when this
/// lived in relcore-git) when the root or the directory cannot be resolved.
pub fn resolve_in_work_tree(root: &Path, path: &str) -> Result<WorkTreePath, FileError> {
    let root = std::fs::canonicalize(root).map_err(|e| {
        FileError::new(
            FileErrorKind::Resolve,
            format!("resolving the work tree {}: {e}", root.display()),
        )
    })?;
    let named = normalize(&root.join(Path::new(path)));
    if relative_to(&root, &named).is_none() {
        return Err(outside(
            FileErrorKind::PathOutsideRepository,
            path,
            "is outside the repository",
        ));
    }
    // Follow symlinks: of the directories first, then of the file (a chain, bounded).
    let mut real = named.clone();
    for _ in 0..40 {
        let dir = real.parent().map(Path::to_path_buf).unwrap_or_default();
        let name = real.file_name().map(std::ffi::OsStr::to_os_string);
        let dir = existing_prefix(&dir).map_err(|e| {
            FileError::new(
                FileErrorKind::Resolve,
                format!("resolving the directory of `{path}`: {e}"),
            )
        })?;
        let Some(name) = name else {
            return Err(outside(
                FileErrorKind::PathOutsideRepository,
                path,
                "names no file",
            ));
        };
        real = dir.join(name);
        let kind = if real == named {
            FileErrorKind::PathOutsideRepository
        } else {
            FileErrorKind::SymlinkOutsideRepository
        };
        if relative_to(&root, &real).is_none() {
            return Err(outside(kind, path, "leads outside the repository"));
        }
        match std::fs::symlink_metadata(&real) {
            Ok(meta) if meta.file_type().is_symlink() => {
                let target = std::fs::read_link(&real).map_err(|e| {
                    FileError::new(
                        FileErrorKind::Resolve,
                        format!("reading the link `{path}`: {e}"),
                    )
                })?;
                let next = normalize(&real.parent().unwrap_or(&root).join(target));
                if relative_to(&root, &next).is_none() {
                    return Err(outside(
                        FileErrorKind::SymlinkOutsideRepository,
                        path,
                        "is a symlink to a file outside the repository",
                    ));
                }
                real = next;
            }
            _ => {
                let relative = relative_to(&root, &real).unwrap_or_default();
                return Ok(WorkTreePath {
                    named,
                    real,
                    relative,
                });
            }
        }
    }
    Err(FileError::new(
        FileErrorKind::SymlinkOutsideRepository,
        format!("`{path}`: too many levels of symbolic links"),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn containment() {
        let dir = std::env::temp_dir().join(format!("relcore-paths-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("repo/docs")).unwrap();
        let root = dir.join("repo");
        std::fs::write(dir.join("outside.md"), "x").unwrap();
        std::fs::write(root.join("docs/CHANGES.md"), "x").unwrap();
        let ok = resolve_in_work_tree(&root, "docs/../CHANGELOG.md").unwrap();
        assert_eq!(ok.relative, "CHANGELOG.md");
        let code = |p: &str| resolve_in_work_tree(&root, p).unwrap_err().kind().as_str();
        assert_eq!(code("../outside.md"), "path_outside_repository");
        assert_eq!(code("/etc/passwd"), "path_outside_repository");
        assert_eq!(code(".git/config"), "path_outside_repository");
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink("docs/CHANGES.md", root.join("CHANGELOG.md")).unwrap();
            let p = resolve_in_work_tree(&root, "CHANGELOG.md").unwrap();
            assert_eq!(p.relative, "docs/CHANGES.md");
            std::os::unix::fs::symlink("../outside.md", root.join("evil.md")).unwrap();
            assert_eq!(code("evil.md"), "symlink_outside_repository");
            std::os::unix::fs::symlink(&dir, root.join("up")).unwrap();
            assert_eq!(code("up/outside.md"), "symlink_outside_repository");
            // Directories that do not exist yet, below a link that leads out, still do.
            assert_eq!(code("up/new/deeper/x.md"), "symlink_outside_repository");
        }
        // Directories that do not exist yet resolve as named (the file is then missing).
        let later = resolve_in_work_tree(&root, "packages/new/package.json").unwrap();
        assert_eq!(later.relative, "packages/new/package.json");
        assert!(!later.real.exists());
        let _ = std::fs::remove_dir_all(&dir);
    }
}
