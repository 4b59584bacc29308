//! Every file relcore writes goes through here.
//!
//! - Paths named by the configuration are resolved inside the repository's work tree
//!   ([`resolve`]): `../`, absolute paths elsewhere and the `.git` directory are refused
//!   (`path_outside_repository`), symlinks are written through to their target when it is
//!   inside, refused otherwise (`symlink_outside_repository`); read-only files are refused
//!   before anything is written (`read_only_file`).
//! - A file is replaced through a temporary file created exclusively, with an
//!   unpredictable name and owner-only permissions, next to its target; it gets the
//!   target's permissions, is flushed to disk, renamed over the target, and the directory
//!   is flushed.
//! - Several files are replaced all or nothing, under a journal in the git directory
//!   (`.git/relcore-journal`) written before the first rename: a run killed half-way is
//!   rolled back (or, if every file was already replaced, completed) by the next relcore
//!   run or `relcore recover`, which also removes leftover temporary files.

use std::io::Write;
use std::path::{Path, PathBuf};

use relcore::diagnostic::InvalidUtf8;
use relcore::error::{Coded, Location};
use serde::{Deserialize, Serialize};

use crate::paths::WorkTreePath;

/// The journal's name, in the git directory.
pub const JOURNAL: &str = "relcore-journal";
const TEMP_PREFIX: &str = ".relcore-";
const TEMP_SUFFIX: &str = ".tmp";
const JOURNAL_TEMP: &str = ".relcore-journal-";

/// What went wrong with a file, as a stable slug.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum FileErrorKind {
    /// A configured path is outside the repository's work tree (`../`, an absolute path
    /// elsewhere, the `.git` directory).
    PathOutsideRepository,
    /// A configured path is a symlink whose target is outside the work tree.
    SymlinkOutsideRepository,
    /// A file to replace is read-only; found before anything is written.
    ReadOnlyFile,
    /// An interrupted write's journal belongs to a relcore process that still runs.
    WriteInProgress,
    /// The changelog and a version file (or two version files) are one file.
    NamedTwice,
    /// The work tree or a directory of a configured path cannot be resolved (slug `git`,
    /// as when this lived in relcore-git).
    Resolve,
    /// Reading or writing failed.
    Io,
    /// A file holds bytes that are not UTF-8 (located: path, line, column, the bytes).
    InvalidUtf8,
    /// `relcore init` found a `relcore.toml` and leaves it alone.
    ConfigExists,
}

impl FileErrorKind {
    /// The stable slug, e.g. `read_only_file`.
    ///
    /// ```
    /// use relcore_release::files::FileErrorKind;
    /// assert_eq!(FileErrorKind::PathOutsideRepository.as_str(), "path_outside_repository");
    /// assert_eq!(FileErrorKind::NamedTwice.as_str(), "invalid_config");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            FileErrorKind::PathOutsideRepository => "path_outside_repository",
            FileErrorKind::SymlinkOutsideRepository => "symlink_outside_repository",
            FileErrorKind::ReadOnlyFile => "read_only_file",
            FileErrorKind::WriteInProgress => "write_in_progress",
            FileErrorKind::NamedTwice => "invalid_config",
            FileErrorKind::Resolve => "git",
            FileErrorKind::Io => "io",
            FileErrorKind::InvalidUtf8 => "invalid_utf8",
            FileErrorKind::ConfigExists => "config_exists",
        }
    }
}

/// A file that could not be resolved, read or written: its kind and a message that names
/// the file, says what was being done and, for IO failures, ends with the system's reason.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct FileError {
    kind: FileErrorKind,
    message: String,
    utf8: Option<(PathBuf, InvalidUtf8)>,
}

impl FileError {
    pub(crate) fn new(kind: FileErrorKind, message: impl Into<String>) -> FileError {
        FileError {
            kind,
            message: message.into(),
            utf8: None,
        }
    }

    /// A file that is not UTF-8, located.
    pub(crate) fn not_utf8(shown: &Path, error: InvalidUtf8) -> FileError {
        FileError {
            kind: FileErrorKind::InvalidUtf8,
            message: format!("{}: {error}", shown.display()),
            utf8: Some((shown.to_path_buf(), error)),
        }
    }

    /// The file and the place of its first byte that is not UTF-8, for `invalid_utf8`.
    pub fn invalid_utf8(&self) -> Option<(&Path, &InvalidUtf8)> {
        self.utf8
            .as_ref()
            .map(|(path, error)| (path.as_path(), error))
    }

    /// An IO failure: `context: reason`.
    pub(crate) fn io(context: impl std::fmt::Display, reason: impl std::fmt::Display) -> FileError {
        FileError::new(FileErrorKind::Io, format!("{context}: {reason}"))
    }

    /// The stable kind of this error.
    pub fn kind(&self) -> FileErrorKind {
        self.kind
    }
}

/// The slug of [`FileError::kind`]; a file that is not UTF-8 is located at its first bad
/// byte.
impl Coded for FileError {
    fn code(&self) -> &str {
        self.kind.as_str()
    }
    fn location(&self) -> Location {
        self.invalid_utf8()
            .map(|(_, at)| at.location())
            .unwrap_or_default()
    }
}

/// The text of the file `real` (named `shown` in errors): `invalid_utf8` with its line and
/// column for bytes that are not UTF-8, `io` when it cannot be read.
pub fn read_text(real: &Path, shown: &Path) -> Result<String, FileError> {
    let bytes = std::fs::read(real)
        .map_err(|e| FileError::io(format_args!("reading {}", shown.display()), e))?;
    text(bytes, shown)
}

/// [`read_text`], with `None` when the file does not exist.
pub fn read_text_if_exists(real: &Path, shown: &Path) -> Result<Option<String>, FileError> {
    match std::fs::read(real) {
        Ok(bytes) => text(bytes, shown).map(Some),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(FileError::io(
            format_args!("reading {}", shown.display()),
            e,
        )),
    }
}

/// The bytes of `shown` as text, or where the first byte that is not UTF-8 is.
fn text(bytes: Vec<u8>, shown: &Path) -> Result<String, FileError> {
    relcore::diagnostic::string_from_utf8(bytes).map_err(|error| FileError::not_utf8(shown, error))
}

/// A file to write, resolved.
#[derive(Debug, Clone)]
pub struct FileWrite {
    /// The path as named (for messages).
    pub shown: PathBuf,
    /// The file really written (symlinks followed).
    pub real: PathBuf,
    /// The new text.
    pub new: String,
    /// The old text; `None` when the file does not exist yet.
    pub old: Option<String>,
}

/// Resolves a path named by the configuration inside the work tree `root` (see
/// [`crate::paths::resolve_in_work_tree`]).
pub fn resolve(root: &Path, path: &str) -> Result<WorkTreePath, FileError> {
    crate::paths::resolve_in_work_tree(root, path)
}

/// Refuses a file that exists and is read-only (`read_only_file`): checked before anything
/// is written.
pub fn check_writable(real: &Path, shown: &Path) -> Result<(), FileError> {
    match std::fs::metadata(real) {
        Ok(meta) if meta.permissions().readonly() => Err(FileError::new(
            FileErrorKind::ReadOnlyFile,
            format!(
                "{} is read-only; nothing was written (make it writable to release)",
                shown.display()
            ),
        )),
        Ok(meta) if !meta.is_file() => Err(FileError::new(
            FileErrorKind::Io,
            format!(
                "{} is not a regular file; nothing was written",
                shown.display()
            ),
        )),
        _ => Ok(()),
    }
}

fn parent(path: &Path) -> &Path {
    path.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

/// Flushes a directory, so a rename in it survives a crash (best effort: not every file
/// system can).
fn sync_dir(dir: &Path) {
    if let Ok(dir) = std::fs::File::open(dir) {
        let _ = dir.sync_all();
    }
}

/// The permissions a new file gets: the target's, or `rw-r--r--` for a new file.
#[cfg_attr(unix, allow(clippy::unnecessary_wraps, reason = "None off Unix"))]
fn permissions_for(target: &Path) -> Option<std::fs::Permissions> {
    match std::fs::metadata(target) {
        Ok(meta) => Some(meta.permissions()),
        Err(_) => {
            #[cfg(unix)]
            {
                use std::os::unix::fs::PermissionsExt;
                Some(std::fs::Permissions::from_mode(0o644))
            }
            #[cfg(not(unix))]
            {
                None
            }
        }
    }
}

/// Writes `text` to a new temporary file next to `target` (exclusive, unpredictable name,
/// owner-only until it takes the target's permissions), flushed to disk.
fn temp_for(target: &Path, text: &str) -> std::io::Result<tempfile::NamedTempFile> {
    temp_named(target, text, TEMP_PREFIX)
}

fn temp_named(target: &Path, text: &str, prefix: &str) -> std::io::Result<tempfile::NamedTempFile> {
    let mut file = tempfile::Builder::new()
        .prefix(prefix)
        .suffix(TEMP_SUFFIX)
        .tempfile_in(parent(target))?;
    file.write_all(text.as_bytes())?;
    if let Some(permissions) = permissions_for(target) {
        file.as_file().set_permissions(permissions)?;
    }
    file.as_file().sync_all()?;
    Ok(file)
}

/// The file a path stands for: its symlink's target when it is one.
fn through_links(path: &Path) -> PathBuf {
    std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())
}

/// Replaces `path` with `text` atomically (a failure leaves the old file as it was),
/// writing through a symlink to its target. For a single file named on the command line;
/// paths from the configuration go through [`resolve`] and [`write_all`].
pub fn write_atomic(path: &Path, text: &str) -> Result<(), FileError> {
    let real = through_links(path);
    check_writable(&real, path)?;
    replace(&real, text).map_err(|e| {
        FileError::io(
            format!("writing {}; nothing was changed", path.display()),
            e,
        )
    })
}

fn replace(real: &Path, text: &str) -> std::io::Result<()> {
    let temp = temp_for(real, text)?;
    temp.persist(real).map_err(|e| e.error)?;
    sync_dir(parent(real));
    Ok(())
}

/// An exclusive lock beside a file: `{path}.lock`, created only when absent and holding
/// the writer's pid, removed when dropped. Writers of the same file take it before they
/// read what they are about to replace, so two cannot both win.
#[derive(Debug)]
pub struct LockFile(PathBuf);

impl LockFile {
    /// Takes the lock of `path` (`shown` names it in messages); `None` when another
    /// writer holds it.
    ///
    /// # Errors
    ///
    /// `io` when the lock file cannot be created for another reason.
    pub fn take(path: &Path, shown: &Path) -> Result<Option<LockFile>, FileError> {
        let mut name = path.as_os_str().to_owned();
        name.push(".lock");
        let lock = PathBuf::from(name);
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&lock)
        {
            Ok(mut file) => {
                let _ = writeln!(file, "{}", std::process::id());
                Ok(Some(LockFile(lock)))
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(None),
            Err(e) => Err(FileError::io(
                format_args!("creating {}.lock; nothing was written", shown.display()),
                e,
            )),
        }
    }
}

impl Drop for LockFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

/// One file of the journal.
#[derive(Debug, Serialize, Deserialize)]
struct JournalFile {
    /// The file being replaced.
    path: PathBuf,
    /// Its old text; `None` when it did not exist.
    old: Option<String>,
    /// A hash of the new text (FNV-1a 64).
    new_hash: u64,
}

/// The journal of a multi-file write, in the git directory.
#[derive(Debug, Serialize, Deserialize)]
struct Journal {
    /// The process writing.
    pid: u32,
    files: Vec<JournalFile>,
}

fn fnv(text: &[u8]) -> u64 {
    text.iter().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// Writes every file all or nothing. With `git_dir`, a journal there covers a crash;
/// without (no repository), a failure still restores the files already replaced.
pub fn write_all(git_dir: Option<&Path>, changes: &[FileWrite]) -> Result<(), FileError> {
    let journal = git_dir.map(|dir| dir.join(JOURNAL));
    if let Some(journal) = &journal {
        let doc = Journal {
            pid: std::process::id(),
            files: changes
                .iter()
                .map(|c| JournalFile {
                    path: c.real.clone(),
                    old: c.old.clone(),
                    new_hash: fnv(c.new.as_bytes()),
                })
                .collect(),
        };
        // The journal's temporary file carries the pid, so a recovery can tell a dead
        // writer's leftover from a live writer's journal in the making.
        let prefix = format!("{JOURNAL_TEMP}{}-", std::process::id());
        let text = serde_json::to_string(&doc)
            .map_err(|e| FileError::new(FileErrorKind::Io, e.to_string()))?;
        temp_named(journal, &text, &prefix)
            .and_then(|temp| temp.persist(journal).map_err(|e| e.error))
            .map(|_| sync_dir(parent(journal)))
            .map_err(|e| {
                FileError::io(
                    format_args!(
                        "writing the journal {}; nothing was changed",
                        journal.display()
                    ),
                    e,
                )
            })?;
    }
    let drop_journal = || {
        if let Some(journal) = &journal {
            let _ = std::fs::remove_file(journal);
            sync_dir(parent(journal));
        }
    };
    // Every new text goes to its temporary file first; any failure here changes nothing.
    let mut temps = Vec::with_capacity(changes.len());
    for change in changes {
        match temp_for(&change.real, &change.new) {
            Ok(temp) => temps.push(temp),
            Err(e) => {
                drop(temps);
                drop_journal();
                return Err(FileError::io(
                    format_args!("writing {}; nothing was changed", change.shown.display()),
                    e,
                ));
            }
        }
    }
    let mut done: Vec<&FileWrite> = Vec::with_capacity(changes.len());
    for (temp, change) in temps.into_iter().zip(changes) {
        if let Err(e) = temp.persist(&change.real) {
            let restored = restore(&done);
            drop_journal();
            return Err(FileError::io(
                format_args!(
                    "replacing {}; {}",
                    change.shown.display(),
                    if restored {
                        "the files already replaced were restored: nothing was changed"
                    } else {
                        "some files could not be restored: run `relcore recover`"
                    }
                ),
                e.error,
            ));
        }
        sync_dir(parent(&change.real));
        done.push(change);
    }
    drop_journal();
    Ok(())
}

/// Puts the old text of `changes` back (removing the files that did not exist); `true`
/// when every one was restored.
fn restore(changes: &[&FileWrite]) -> bool {
    changes.iter().all(|c| match &c.old {
        Some(old) => replace(&c.real, old).is_ok(),
        None => std::fs::remove_file(&c.real).is_ok(),
    })
}

/// Undoes a completed [`write_all`] (a later step of the release failed): `true` when
/// every file has its old text back.
pub fn undo(changes: &[FileWrite]) -> bool {
    restore(&changes.iter().collect::<Vec<_>>())
}

/// What [`recover`] did.
#[derive(Debug, Clone, Serialize)]
pub struct Recovery {
    /// `completed` (every file had its new text) or `rolled_back`.
    pub action: &'static str,
    /// The files of the interrupted write.
    pub files: Vec<PathBuf>,
    /// Leftover temporary files removed.
    pub removed_temps: usize,
}

/// `true` while the process `pid` runs (Linux: it has a `/proc` entry).
fn alive(pid: u32) -> bool {
    pid != std::process::id() && Path::new(&format!("/proc/{pid}")).exists()
}

/// Removes the temporary journal files of writers that died before their journal was in
/// place (nothing else of theirs was written yet).
fn remove_dead_journal_temps(git_dir: &Path) {
    let Ok(entries) = std::fs::read_dir(git_dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(rest) = name.to_str().and_then(|n| n.strip_prefix(JOURNAL_TEMP)) else {
            continue;
        };
        let pid = rest.split('-').next().and_then(|p| p.parse::<u32>().ok());
        if pid.is_some_and(|pid| !alive(pid)) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// Finishes an interrupted multi-file write, if the git directory holds a journal: when
/// every file already has its new text the write is complete; otherwise each file gets
/// its old text back. Leftover temporary files next to them are removed, then the journal.
/// `None` when there was nothing to do.
pub fn recover(git_dir: &Path) -> Result<Option<Recovery>, FileError> {
    let journal = git_dir.join(JOURNAL);
    let text = match std::fs::read_to_string(&journal) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            remove_dead_journal_temps(git_dir);
            return Ok(None);
        }
        Err(e) => {
            return Err(FileError::io(
                format_args!("reading {}", journal.display()),
                e,
            ));
        }
    };
    let doc: Journal = serde_json::from_str(&text).map_err(|e| {
        FileError::io(
            format_args!("{} is not a relcore journal", journal.display()),
            e,
        )
    })?;
    if alive(doc.pid) {
        return Err(FileError::new(
            FileErrorKind::WriteInProgress,
            format!(
                "another relcore (pid {}) is writing release files ({}); wait for it, or remove the journal if that process is not relcore",
                doc.pid,
                journal.display()
            ),
        ));
    }
    let current = |f: &JournalFile| std::fs::read(&f.path).ok();
    let complete = doc
        .files
        .iter()
        .all(|f| current(f).is_some_and(|t| fnv(&t) == f.new_hash));
    if !complete {
        for f in &doc.files {
            let now = current(f);
            match (&f.old, now) {
                (Some(old), Some(now)) if now == old.as_bytes() => {}
                (Some(old), _) => replace(&f.path, old).map_err(|e| {
                    FileError::io(format_args!("restoring {}", f.path.display()), e)
                })?,
                (None, Some(_)) => std::fs::remove_file(&f.path)
                    .map_err(|e| FileError::io(format_args!("removing {}", f.path.display()), e))?,
                (None, None) => {}
            }
        }
    }
    let mut dirs: Vec<&Path> = doc.files.iter().map(|f| parent(&f.path)).collect();
    dirs.push(git_dir);
    dirs.sort();
    dirs.dedup();
    let mut removed_temps = 0;
    for dir in dirs {
        let Ok(entries) = std::fs::read_dir(dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let name = entry.file_name();
            let name = name.to_string_lossy();
            if name.starts_with(TEMP_PREFIX)
                && name.ends_with(TEMP_SUFFIX)
                && std::fs::remove_file(entry.path()).is_ok()
            {
                removed_temps += 1;
            }
        }
        sync_dir(dir);
    }
    std::fs::remove_file(&journal)
        .map_err(|e| FileError::io(format_args!("removing {}", journal.display()), e))?;
    sync_dir(git_dir);
    Ok(Some(Recovery {
        action: if complete { "completed" } else { "rolled_back" },
        files: doc.files.into_iter().map(|f| f.path).collect(),
        removed_temps,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dir(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("relcore-files-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("git")).unwrap();
        dir
    }

    #[cfg(unix)]
    #[test]
    fn permissions_are_kept() {
        use std::os::unix::fs::PermissionsExt;
        let d = dir("perm");
        let file = d.join("secret.md");
        std::fs::write(&file, "old").unwrap();
        std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o600)).unwrap();
        write_atomic(&file, "new").unwrap();
        let mode = std::fs::metadata(&file).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
        assert_eq!(std::fs::read_to_string(&file).unwrap(), "new");
        let _ = std::fs::remove_dir_all(&d);
    }

    #[test]
    fn a_failed_write_names_the_file_and_changes_nothing() {
        let d = dir("fail");
        let a = d.join("a.md");
        std::fs::write(&a, "old a").unwrap();
        // The second file cannot be written (its directory is missing), as with a full disk:
        // the error names it, and the first file is untouched.
        let missing = d.join("gone/b.md");
        let change = |real: &Path, new: &str, old: Option<&str>| FileWrite {
            shown: real.to_path_buf(),
            real: real.to_path_buf(),
            new: new.to_owned(),
            old: old.map(str::to_owned),
        };
        let err = write_all(
            Some(&d.join("git")),
            &[
                change(&a, "new a", Some("old a")),
                change(&missing, "new b", None),
            ],
        )
        .unwrap_err();
        let message = err.to_string();
        assert!(message.contains("gone/b.md"), "{message}");
        assert!(message.contains("nothing was changed"), "{message}");
        assert_eq!(std::fs::read_to_string(&a).unwrap(), "old a");
        assert!(!d.join("git").join(JOURNAL).exists());
        let left: Vec<_> = std::fs::read_dir(&d)
            .unwrap()
            .flatten()
            .filter(|e| e.file_name().to_string_lossy().starts_with(TEMP_PREFIX))
            .collect();
        assert!(left.is_empty(), "{left:?}");
        let _ = std::fs::remove_dir_all(&d);
    }

    #[cfg(unix)]
    #[test]
    fn read_only_files_and_live_writers_are_refused() {
        use std::os::unix::fs::PermissionsExt;
        let d = dir("refuse");
        let file = d.join("ro.md");
        std::fs::write(&file, "old").unwrap();
        std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o444)).unwrap();
        let err = write_atomic(&file, "new").unwrap_err();
        assert_eq!(err.kind(), FileErrorKind::ReadOnlyFile);
        assert_eq!(std::fs::read_to_string(&file).unwrap(), "old");
        // A journal whose writer still runs (pid 1 always does) is left alone.
        let journal = Journal {
            pid: 1,
            files: Vec::new(),
        };
        let path = d.join("git").join(JOURNAL);
        std::fs::write(&path, serde_json::to_string(&journal).unwrap()).unwrap();
        let err = recover(&d.join("git")).unwrap_err();
        assert_eq!(err.kind(), FileErrorKind::WriteInProgress);
        assert!(path.exists());
        let _ = std::fs::remove_dir_all(&d);
    }

    #[test]
    fn recovery_rolls_back_a_half_write() {
        let d = dir("recover");
        let (a, b) = (d.join("a.md"), d.join("b.md"));
        std::fs::write(&a, "new a").unwrap();
        std::fs::write(&b, "old b").unwrap();
        std::fs::write(d.join(".relcore-x1.tmp"), "junk").unwrap();
        let journal = Journal {
            pid: u32::MAX,
            files: vec![
                JournalFile {
                    path: a.clone(),
                    old: Some("old a".into()),
                    new_hash: fnv(b"new a"),
                },
                JournalFile {
                    path: b.clone(),
                    old: Some("old b".into()),
                    new_hash: fnv(b"new b"),
                },
            ],
        };
        std::fs::write(
            d.join("git").join(JOURNAL),
            serde_json::to_string(&journal).unwrap(),
        )
        .unwrap();
        let r = recover(&d.join("git")).unwrap().unwrap();
        assert_eq!((r.action, r.removed_temps), ("rolled_back", 1));
        assert_eq!(std::fs::read_to_string(&a).unwrap(), "old a");
        assert_eq!(std::fs::read_to_string(&b).unwrap(), "old b");
        assert!(recover(&d.join("git")).unwrap().is_none());
        let _ = std::fs::remove_dir_all(&d);
    }
}
