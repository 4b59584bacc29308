//! Carrying out a prepared release: the files it changes (the changelog with the new
//! section, the version files with the new version) computed in memory, then, when asked,
//! written all or nothing, committed as the release commit and tagged. Every check (paths,
//! permissions, the tag, the identity, the index, HEAD) runs before anything is written,
//! and a failure after the files were written puts them back.

use std::path::{Path, PathBuf};

use relcore::changelog::{Format, Release, UpdateErrorKind, UpdateOptions, insert, insert_section};
use relcore::manifest::{FileKind, cargo_inherits_version, cargo_package_name, set_version};
use relcore::version::Version;
use relcore_git::{GitError, ReleaseCheck, ReleaseCommit, Repository};
use serde::Serialize;

use crate::config::ProjectConfig;
use crate::error::ReleaseError;
use crate::files::{FileError, FileErrorKind, FileWrite, check_writable, resolve, undo, write_all};
use crate::paths::WorkTreePath;
use crate::prepare::ReleaseReport;

/// What to do with a prepared release (the CLI's `relcore release` flags).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[allow(
    clippy::struct_excessive_bools,
    reason = "independent flags, as the command line gives them"
)]
pub struct ApplyOptions {
    /// Write the changelog and the version files (all or nothing).
    pub write: bool,
    /// With `write`: commit exactly the files written as the release commit.
    pub commit: bool,
    /// Create the annotated release tag: on the release commit with `commit`, else on HEAD.
    pub tag: bool,
    /// Sign the commit and the tag (as git's `commit.gpgSign` and `tag.gpgSign` do).
    pub sign: bool,
    /// Allow the release commit on a detached HEAD.
    pub allow_detached: bool,
    /// Regenerate the changelog's section when it already has the version.
    pub replace: bool,
    /// Place a release older than the changelog's newest one below the newer releases,
    /// instead of refusing (`older_than_newest`).
    pub in_version_order: bool,
}

/// What happened to a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FileState {
    /// It would change (dry run).
    WouldChange,
    /// It was written.
    Written,
    /// The changelog already has this version (left alone).
    AlreadyThere,
    /// The version file is already at the new version (left alone).
    Unchanged,
}

/// One file the release changes. Serialised: `path` and `state`.
#[derive(Debug, Clone, Serialize)]
pub struct FileChange {
    /// The path as the configuration names it, joined to the work tree.
    pub path: PathBuf,
    /// What happened to it.
    pub state: FileState,
    /// The file really written (a symlink's target).
    #[serde(skip)]
    pub(crate) real: PathBuf,
    /// `real` relative to the work tree, as git names it.
    #[serde(skip)]
    pub(crate) relative: String,
    /// The text it takes.
    #[serde(skip)]
    pub(crate) new: String,
    /// The text it has (`None`: it does not exist).
    #[serde(skip)]
    pub(crate) old: Option<String>,
}

/// A release that cannot take its files: the changelog already has the version (and the
/// section is not to be replaced), or a version file cannot take the new version. Not an
/// error of the run: the answer is negative.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    /// The stable slug (`version_exists`, `older_than_newest`, a manifest slug).
    pub code: &'static str,
    /// What, naming the file.
    pub message: String,
    /// How to go on, when there is a way.
    pub hint: Option<&'static str>,
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Refusal {}

/// Its code and hint.
impl relcore::error::Coded for Refusal {
    fn code(&self) -> &str {
        self.code
    }
    fn hint(&self) -> Option<String> {
        self.hint.map(str::to_owned)
    }
}

/// The files of a release, or why it cannot have them.
#[derive(Debug, Clone)]
pub enum FilePlan {
    /// Every file with its new text.
    Ready(Vec<FileChange>),
    /// A file refused the release; nothing is to be written.
    Refused(Refusal),
}

/// What [`apply`] did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Applied {
    /// The release commit's id, when one was made.
    pub committed: Option<String>,
    /// Whether the tag was created.
    pub tagged: bool,
}

/// Checks a release can write files at all: a repository with a work tree.
///
/// # Errors
///
/// `bare_repository`.
pub fn check_writable_repository(repo: &Repository) -> Result<(), ReleaseError> {
    Ok(repo.check_work_tree()?)
}

/// The changelog at `[changelog] path` (under the work tree `root`) with `section`
/// inserted, and the version files with the release's version, computed in memory.
///
/// # Errors
///
/// A path outside the work tree, an unreadable file, a changelog that cannot take the
/// section, or one file named twice (`invalid_config`).
pub fn plan_files(
    root: &Path,
    config: &ProjectConfig,
    release: &Release,
    section: &str,
    options: &ApplyOptions,
) -> Result<FilePlan, ReleaseError> {
    plan_files_over(root, config, release, section, options, &Overlay::new())
}

/// Texts already changed in memory by an earlier part of the same release (a workspace's
/// other packages), by real path: read instead of the files.
pub(crate) type Overlay = std::collections::HashMap<PathBuf, String>;

/// [`plan_files`], reading each file from `overlay` when it holds it.
pub(crate) fn plan_files_over(
    root: &Path,
    config: &ProjectConfig,
    release: &Release,
    section: &str,
    options: &ApplyOptions,
    overlay: &Overlay,
) -> Result<FilePlan, ReleaseError> {
    let target = resolve(root, &config.changelog.path)?;
    let path = target.named.clone();
    let old = match overlay.get(&target.real) {
        Some(text) => Some(text.clone()),
        None => read_optional(&target.real, &path)?,
    };
    let update = UpdateOptions {
        take_unreleased: config.changelog.take_unreleased,
        replace: options.replace,
        in_version_order: options.in_version_order,
    };
    // Without a template or a format of its own, the section takes the file's style.
    let changelog = &config.changelog;
    let existing = old.as_deref().unwrap_or_default();
    let inserted = if changelog.template.is_none() && changelog.format == Format::KeepAChangelog {
        insert(existing, release, None, &update)
    } else {
        insert_section(existing, release, section, &update)
    };
    let (state, new) = match inserted {
        Ok(new) => (FileState::WouldChange, new),
        Err(e) if e.kind() == UpdateErrorKind::OlderThanNewest => {
            return Ok(FilePlan::Refused(Refusal {
                code: e.kind().as_str(),
                message: format!("{}: {e}", path.display()),
                hint: Some("pass --in-version-order to add it below the newer releases"),
            }));
        }
        Err(e) if e.kind() == UpdateErrorKind::VersionExists => {
            if options.write {
                return Ok(FilePlan::Refused(Refusal {
                    code: e.kind().as_str(),
                    message: format!("{}: {e}", path.display()),
                    hint: Some("pass --replace to regenerate that section"),
                }));
            }
            (FileState::AlreadyThere, String::new())
        }
        Err(e) => return Err(e.into()),
    };
    let changelog = FileChange {
        path,
        state,
        real: target.real,
        relative: target.relative,
        new,
        old,
    };
    plan_version_files(root, config, release, vec![changelog], overlay)
}

/// A file's text; `None` when it does not exist.
fn read_optional(path: &Path, shown: &Path) -> Result<Option<String>, FileError> {
    crate::files::read_text_if_exists(path, shown)
}

/// Version files to set, each with its kind.
type Targets = Vec<(WorkTreePath, FileKind)>;

/// The version files to set: a Cargo member that inherits its version is released through
/// the workspace root's `[workspace.package]`; the workspace's own entries of `Cargo.lock`
/// follow every Cargo package released.
/// Returns them with the Cargo packages released.
fn version_targets(
    root: &Path,
    config: &ProjectConfig,
) -> Result<(Targets, Vec<String>), FileError> {
    let mut targets: Targets = Vec::new();
    let mut crates: Vec<String> = Vec::new();
    for file in &config.version_files {
        let target = resolve(root, file.path())?;
        let kind = file.kind().ok_or_else(|| {
            FileError::new(
                FileErrorKind::Io,
                format!("cannot tell the kind of version file `{}`", file.path()),
            )
        })?;
        if kind == FileKind::CargoToml {
            let text = crate::files::read_text(&target.real, &target.named)?;
            crates.extend(cargo_package_name(&text));
            // Without a workspace root, set_version reports `dynamic_version`.
            if cargo_inherits_version(&text)
                && !text.contains("[workspace.package]")
                && let Some(workspace) = workspace_root(root, &target.named)
            {
                let relative = workspace.strip_prefix(root).unwrap_or(&workspace);
                let workspace = resolve(root, &relative.to_string_lossy())?;
                push_target(&mut targets, workspace, FileKind::CargoWorkspace);
                continue;
            }
        }
        push_target(&mut targets, target, kind);
    }
    let lock = resolve(root, "Cargo.lock")?;
    if !crates.is_empty()
        && lock.real.is_file()
        && !targets.iter().any(|(t, _)| t.real == lock.real)
    {
        targets.push((
            lock,
            FileKind::CargoLock {
                packages: Vec::new(),
            },
        ));
    }
    Ok((targets, crates))
}

/// The version the version files hold now, with the file it is read from (as named,
/// relative to `root`): the first of `version_files` whose version reads (a Cargo member
/// that inherits its version gives its workspace root's). `None` when there are none, or
/// none reads; a file that cannot be read is left for the write to report.
#[must_use]
pub fn version_in_files(root: &Path, config: &ProjectConfig) -> Option<(String, Version)> {
    let (targets, _) = version_targets(root, config).ok()?;
    targets.into_iter().find_map(|(target, kind)| {
        if matches!(kind, FileKind::CargoLock { .. }) {
            return None;
        }
        let text = crate::files::read_text(&target.real, &target.named).ok()?;
        let found = relcore::manifest::read_version(&kind, &text).ok()?;
        let named = target.named.strip_prefix(root).unwrap_or(&target.named);
        Some((named.to_string_lossy().into_owned(), found.version))
    })
}

/// The version files with their new text, after the changelog's `files`.
fn plan_version_files(
    root: &Path,
    config: &ProjectConfig,
    release: &Release,
    mut files: Vec<FileChange>,
    overlay: &Overlay,
) -> Result<FilePlan, ReleaseError> {
    let (targets, crates) = version_targets(root, config)?;
    for (target, kind) in targets {
        let kind = match kind {
            FileKind::CargoLock { packages } if packages.is_empty() => FileKind::CargoLock {
                packages: crates.clone(),
            },
            other => other,
        };
        let path = target.named.clone();
        let old = match overlay.get(&target.real) {
            Some(text) => text.clone(),
            None => crate::files::read_text(&target.real, &path)?,
        };
        match set_version(&kind, &old, &release.version) {
            Ok(new) => files.push(FileChange {
                path,
                state: if new == old {
                    FileState::Unchanged
                } else {
                    FileState::WouldChange
                },
                real: target.real,
                relative: target.relative,
                new,
                old: Some(old),
            }),
            Err(e) => {
                return Ok(FilePlan::Refused(Refusal {
                    code: e.kind().as_str(),
                    message: format!("{}: {e}", path.display()),
                    hint: None,
                }));
            }
        }
    }
    // Two names for one file (a symlink and its target) would be written twice.
    let mut seen = std::collections::HashSet::new();
    if let Some(dup) = files.iter().find(|f| !seen.insert(f.real.clone())) {
        return Err(FileError::new(
            FileErrorKind::NamedTwice,
            format!(
                "{} is named twice (the changelog and a version file, or through a symlink)",
                dup.path.display()
            ),
        )
        .into());
    }
    Ok(FilePlan::Ready(files))
}

/// Adds a version file once.
fn push_target(targets: &mut Targets, path: WorkTreePath, kind: FileKind) {
    if !targets
        .iter()
        .any(|(p, k)| p.real == path.real && *k == kind)
    {
        targets.push((path, kind));
    }
}

/// The `Cargo.toml` with a `[workspace.package]` version above `member` (its directory
/// excluded), up to the repository root.
fn workspace_root(root: &Path, member: &Path) -> Option<PathBuf> {
    let mut dir = member.parent()?.parent();
    while let Some(d) = dir {
        let candidate = d.join("Cargo.toml");
        if std::fs::read_to_string(&candidate).is_ok_and(|t| t.contains("[workspace.package]")) {
            return Some(candidate);
        }
        if d == root {
            break;
        }
        dir = d.parent();
    }
    None
}

/// Every check [`apply`] makes before it writes the first byte (none without
/// `options.write`):
/// each file to change is writable, and, with `commit`, what the release commit and tag
/// need ([`Repository::check_release`]: HEAD on a branch, the tag free, an identity, no
/// other staged changes; `tags` are the tags it will create, with `options.tag`).
/// Returns HEAD when it commits. [`apply`] runs it itself; a
/// caller releasing several repositories runs it for every one first.
///
/// # Errors
///
/// `read_only_file`, and those of [`Repository::check_release`] (`detached_head`,
/// `tag_exists`, `no_identity`, `staged_changes`, …).
pub fn preflight(
    repo: &Repository,
    tags: &[String],
    files: &[FileChange],
    options: &ApplyOptions,
) -> Result<Option<relcore_git::Head>, ReleaseError> {
    if !options.write {
        return Ok(None);
    }
    let changed: Vec<&FileChange> = files
        .iter()
        .filter(|f| f.state == FileState::WouldChange)
        .collect();
    for f in &changed {
        check_writable(&f.real, &f.path)?;
    }
    if !options.commit {
        return Ok(None);
    }
    let paths: Vec<String> = changed.iter().map(|f| f.relative.clone()).collect();
    Ok(Some(repo.check_release(&ReleaseCheck {
        tags: if options.tag {
            tags.to_vec()
        } else {
            Vec::new()
        },
        commit_paths: Some(paths),
        allow_detached: options.allow_detached,
    })?))
}

/// The files [`apply`] wrote (relative to the work tree, as git names them).
pub fn written_paths(files: &[FileChange]) -> Vec<String> {
    files
        .iter()
        .filter(|f| f.state == FileState::Written)
        .map(|f| f.relative.clone())
        .collect()
}

/// Puts back the old text of every file [`apply`] wrote (a later step failed): `true`
/// when each one has it again. The files go back to [`FileState::WouldChange`].
pub fn restore_files(files: &mut [FileChange]) -> bool {
    let writes: Vec<FileWrite> = files
        .iter()
        .filter(|f| f.state == FileState::Written)
        .map(|f| FileWrite {
            shown: f.path.clone(),
            real: f.real.clone(),
            new: f.new.clone(),
            old: f.old.clone(),
        })
        .collect();
    let restored = undo(&writes);
    for f in files.iter_mut().filter(|f| f.state == FileState::Written) {
        f.state = FileState::WouldChange;
    }
    restored
}

/// `write`, `commit`, `tag`: preflight, the files, the commit and the tag, as `options`
/// ask; the files written are marked [`FileState::Written`]. Without `write`, `tag` tags
/// HEAD. `commit_message` is the release commit's (see
/// [`crate::config::ReleaseSection::message`]).
///
/// # Errors
///
/// A read-only file or a failed write (nothing is changed), a preflight check of the
/// commit and tag (`detached_head`, `tag_exists`, `no_identity`, `staged_changes`, …), or
/// a commit that failed after the files were written ([`ReleaseError::Undone`]: the files
/// are put back).
pub fn apply(
    repo: &Repository,
    report: &ReleaseReport,
    release: &Release,
    files: &mut [FileChange],
    options: &ApplyOptions,
    commit_message: &str,
) -> Result<Applied, ReleaseError> {
    let notes = report.notes.clone().unwrap_or_default();
    apply_all(
        repo,
        &[(release.tag.clone(), notes)],
        files,
        options,
        commit_message,
    )
}

/// [`apply`] for a release with several tags (one per package of a workspace, each
/// with its notes as the message): the same preflight, writes and commit, then every
/// tag or none.
///
/// # Errors
///
/// As [`apply`].
pub fn apply_all(
    repo: &Repository,
    tags: &[(String, String)],
    files: &mut [FileChange],
    options: &ApplyOptions,
    commit_message: &str,
) -> Result<Applied, ReleaseError> {
    let signing = repo.sign_config();
    let sign_commit = options.sign || signing.commit;
    let sign_tag = options.sign || signing.tag;
    let tags: Vec<(String, String)> = if options.tag {
        tags.to_vec()
    } else {
        Vec::new()
    };
    if !options.write {
        if !tags.is_empty() {
            repo.create_tags_on(&tags, None, sign_tag)?;
        }
        return Ok(Applied {
            committed: None,
            tagged: options.tag,
        });
    }
    // Preflight: every check before the first byte is written.
    let names: Vec<String> = tags.iter().map(|(name, _)| name.clone()).collect();
    let head = preflight(repo, &names, files, options)?;
    let changed: Vec<&FileChange> = files
        .iter()
        .filter(|f| f.state == FileState::WouldChange)
        .collect();
    let paths: Vec<String> = changed.iter().map(|f| f.relative.clone()).collect();
    let writes: Vec<FileWrite> = changed
        .iter()
        .map(|f| FileWrite {
            shown: f.path.clone(),
            real: f.real.clone(),
            new: f.new.clone(),
            old: f.old.clone(),
        })
        .collect();
    write_all(Some(&repo.git_dir()), &writes)?;
    let mut applied = Applied::default();
    if let Some(head) = head {
        let commit = ReleaseCommit {
            head: head.commit,
            paths,
            message: commit_message.to_owned(),
            sign: sign_commit,
            tags,
            sign_tag,
        };
        let done = repo
            .commit_release(&commit)
            .map_err(|error| ReleaseError::Undone {
                restored: undo(&writes),
                error,
            })?;
        applied.tagged = !done.tags.is_empty();
        applied.committed = Some(done.commit);
    }
    for f in files
        .iter_mut()
        .filter(|f| f.state == FileState::WouldChange)
    {
        f.state = FileState::Written;
    }
    Ok(applied)
}

/// The message of a commit that failed after the files were written: the failure, and
/// whether they were put back.
pub(crate) fn undone_message(error: &GitError, restored: bool) -> String {
    let restored = if restored {
        "the release files were restored: nothing was changed"
    } else {
        "the release files could not all be restored (see git status)"
    };
    format!("{error}; {restored}")
}
