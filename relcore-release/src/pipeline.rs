//! The release record file: `.relcore/releases/{version}.json` by default (`[pipeline]
//! record` in `relcore.toml`), read and advanced through the core's pure functions
//! (`relcore::plan::start_record`, `apply_event`), written through [`crate::files`]
//! (inside the work tree, symlink-safe, atomic).
//!
//! Two writers cannot both win. A writer creates a lock file next to the record
//! (`{record}.lock`, created exclusively) for the time of its write, then re-reads the
//! record under the lock and compares its revision with the one it read before computing
//! the new record: when another writer moved it on, nothing is written
//! (`record_changed`); when another writer holds the lock, nothing is written either
//! (`record_locked`).

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use relcore::error::{Coded, Location};
use relcore::plan::{RecordEvent, ReleaseRecord, apply_event, start_record};
use relcore::version::Version;
use relcore_git::Repository;

use crate::config::ProjectConfig;
use crate::error::ReleaseError;
use crate::files;
use crate::prepare::{ReleaseOptions, prepare};

/// The placeholder of `[pipeline] record`.
const PLACEHOLDER: &str = "{version}";

/// What went wrong with a record file, as a stable slug.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum RecordFileErrorKind {
    /// No record file for the version (or none at all).
    NoRecord,
    /// `start` for a version whose record file exists.
    RecordExists,
    /// Another writer changed the record between the read and the write.
    RecordChanged,
    /// Another writer holds the record's lock file.
    RecordLocked,
    /// `[pipeline] record` has no `{version}` in its file name.
    InvalidRecordPath,
    /// The record file is not a release record's JSON (located).
    InvalidRecord,
    /// `start` without a version, and nothing to release.
    NothingToRelease,
}

impl RecordFileErrorKind {
    /// Every kind, for the tests and docs that enumerate the slugs.
    pub const ALL: [RecordFileErrorKind; 7] = [
        RecordFileErrorKind::NoRecord,
        RecordFileErrorKind::RecordExists,
        RecordFileErrorKind::RecordChanged,
        RecordFileErrorKind::RecordLocked,
        RecordFileErrorKind::InvalidRecordPath,
        RecordFileErrorKind::InvalidRecord,
        RecordFileErrorKind::NothingToRelease,
    ];

    /// The stable slug, e.g. `record_changed`.
    pub fn as_str(self) -> &'static str {
        match self {
            RecordFileErrorKind::NoRecord => "no_record",
            RecordFileErrorKind::RecordExists => "record_exists",
            RecordFileErrorKind::RecordChanged => "record_changed",
            RecordFileErrorKind::RecordLocked => "record_locked",
            RecordFileErrorKind::InvalidRecordPath => "invalid_record_path",
            RecordFileErrorKind::InvalidRecord => "invalid_release_record",
            RecordFileErrorKind::NothingToRelease => "no_releasable_changes",
        }
    }
}

/// A record file that cannot be found, read or written: its kind, a message naming the
/// file, and for a file that is not a record's JSON, the line and column.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct RecordFileError {
    kind: RecordFileErrorKind,
    message: String,
    line: Option<usize>,
    column: Option<usize>,
}

impl RecordFileError {
    fn new(kind: RecordFileErrorKind, message: String) -> RecordFileError {
        RecordFileError {
            kind,
            message,
            line: None,
            column: None,
        }
    }

    /// The stable kind of this error.
    pub fn kind(&self) -> RecordFileErrorKind {
        self.kind
    }
}

impl Coded for RecordFileError {
    fn code(&self) -> &str {
        self.kind.as_str()
    }
    fn location(&self) -> Location {
        let mut at = Location::default();
        at.line = self.line;
        at.column = self.column;
        at
    }
}

/// A release record and the file it is kept in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RecordFile {
    /// The file, relative to the repository root (for messages).
    pub path: String,
    /// The file really read and written (symlinks followed).
    pub real: PathBuf,
    /// The record.
    pub record: ReleaseRecord,
}

/// `[pipeline] record` split around `{version}`: the directory, and the file name's
/// prefix and suffix.
fn pattern(config: &ProjectConfig) -> Result<(String, String, String), RecordFileError> {
    let record = config.pipeline.record.as_str();
    let (dir, name) = record.rsplit_once('/').unwrap_or(("", record));
    match name.split_once(PLACEHOLDER) {
        Some((prefix, suffix)) if !suffix.contains(PLACEHOLDER) => {
            Ok((dir.to_owned(), prefix.to_owned(), suffix.to_owned()))
        }
        _ => Err(RecordFileError::new(
            RecordFileErrorKind::InvalidRecordPath,
            format!(
                "[pipeline] record = \"{record}\": the file name must hold `{{version}}` once, as in `.relcore/releases/{{version}}.json`"
            ),
        )),
    }
}

/// The record file of `version`, relative to the root.
fn relative_path(config: &ProjectConfig, version: &Version) -> Result<String, RecordFileError> {
    let (dir, prefix, suffix) = pattern(config)?;
    let name = format!("{prefix}{version}{suffix}");
    Ok(if dir.is_empty() {
        name
    } else {
        format!("{dir}/{name}")
    })
}

/// Creates the directories of `dir` (relative to `root`) that do not exist, each resolved
/// inside the work tree first.
fn ensure_dirs(root: &Path, dir: &str) -> Result<(), ReleaseError> {
    let mut prefix = String::new();
    for part in dir.split('/').filter(|p| !p.is_empty() && *p != ".") {
        if !prefix.is_empty() {
            prefix.push('/');
        }
        prefix.push_str(part);
        let resolved = files::resolve(root, &prefix)?;
        if !resolved.real.exists() {
            std::fs::create_dir(&resolved.real).map_err(|e| {
                ReleaseError::from(crate::files::FileError::io(
                    format_args!("creating the directory {prefix}"),
                    e,
                ))
            })?;
        }
    }
    Ok(())
}

/// The versions that have a record file, highest first.
fn recorded_versions(root: &Path, config: &ProjectConfig) -> Result<Vec<Version>, ReleaseError> {
    let (dir, prefix, suffix) = pattern(config)?;
    let real_dir = if dir.is_empty() {
        std::fs::canonicalize(root).map_err(|e| {
            ReleaseError::from(files::FileError::io(
                format_args!("reading {}", root.display()),
                e,
            ))
        })?
    } else {
        match files::resolve(root, &dir) {
            Ok(resolved) => resolved.real,
            // Its parent does not exist: no record yet.
            Err(e) if e.kind() == files::FileErrorKind::Resolve => return Ok(Vec::new()),
            Err(e) => return Err(e.into()),
        }
    };
    let Ok(entries) = std::fs::read_dir(&real_dir) else {
        return Ok(Vec::new());
    };
    let mut versions: Vec<Version> = entries
        .filter_map(Result::ok)
        .filter_map(|entry| {
            let name = entry.file_name().into_string().ok()?;
            let middle = name.strip_prefix(&prefix)?.strip_suffix(&suffix)?;
            Version::parse(middle).ok()
        })
        .collect();
    versions.sort_unstable_by(|a, b| b.cmp(a));
    Ok(versions)
}

/// Reads a record's text: the core's JSON, checked.
fn parse(text: &str, path: &str) -> Result<ReleaseRecord, ReleaseError> {
    let record: ReleaseRecord = serde_json::from_str(text).map_err(|e| RecordFileError {
        kind: RecordFileErrorKind::InvalidRecord,
        message: format!(
            "{path}:{}:{}: not a release record: {e}",
            e.line(),
            e.column()
        ),
        line: Some(e.line()),
        column: Some(e.column()),
    })?;
    record.check().map_err(|e| {
        RecordFileError::new(RecordFileErrorKind::InvalidRecord, format!("{path}: {e}"))
    })?;
    Ok(record)
}

/// The record of `version`, or of the highest version that has a record file when
/// `version` is `None`.
///
/// # Errors
///
/// `no_record`, `invalid_release_record` (located), `invalid_record_path`; file errors
/// (`path_outside_repository`, `symlink_outside_repository`, `io`, `invalid_utf8`).
pub fn read_record(
    root: &Path,
    config: &ProjectConfig,
    version: Option<&Version>,
) -> Result<RecordFile, ReleaseError> {
    let version = match version {
        Some(v) => v.clone(),
        None => recorded_versions(root, config)?
            .into_iter()
            .next()
            .ok_or_else(|| {
                RecordFileError::new(
                    RecordFileErrorKind::NoRecord,
                    format!(
                        "no release record ({}); start one with `relcore pipeline start`",
                        config.pipeline.record
                    ),
                )
            })?,
    };
    let path = relative_path(config, &version)?;
    let resolved = files::resolve(root, &path).map_err(|e| {
        if e.kind() == files::FileErrorKind::Resolve {
            ReleaseError::from(no_record(&path, &version))
        } else {
            ReleaseError::from(e)
        }
    })?;
    let text = files::read_text_if_exists(&resolved.real, Path::new(&path))?
        .ok_or_else(|| no_record(&path, &version))?;
    Ok(RecordFile {
        record: parse(&text, &path)?,
        path,
        real: resolved.real,
    })
}

/// Every release record of the repository at `root`, highest version first (for
/// metrics over deployments: durations, rollbacks, failure rate).
///
/// # Errors
///
/// As [`read_record`]: a record file that does not read is an error, not skipped.
pub fn read_all(root: &Path, config: &ProjectConfig) -> Result<Vec<RecordFile>, ReleaseError> {
    recorded_versions(root, config)?
        .iter()
        .map(|v| read_record(root, config, Some(v)))
        .collect()
}

fn no_record(path: &str, version: &Version) -> RecordFileError {
    RecordFileError::new(
        RecordFileErrorKind::NoRecord,
        format!(
            "no release record for {version} ({path}); start one with `relcore pipeline start --version {version}`"
        ),
    )
}

/// Starts the record of `version` (the next version relcore computes for `repo` when
/// `None`) at `at`: `build` in progress, the `started` transition by `by` with `note`.
///
/// # Errors
///
/// `record_exists` (the file is left alone), `no_releasable_changes` without a version
/// and nothing to release, `record_locked`; the errors of [`prepare`] and of the files.
pub fn start(
    repo: &Repository,
    config: &ProjectConfig,
    version: Option<Version>,
    at: DateTime<Utc>,
    by: Option<&str>,
    note: Option<&str>,
) -> Result<RecordFile, ReleaseError> {
    let root = work_tree(repo)?;
    let version = match version {
        Some(v) => v,
        None => prepare(repo, config, &ReleaseOptions::default())?
            .next
            .ok_or_else(|| {
                RecordFileError::new(
                    RecordFileErrorKind::NothingToRelease,
                    "nothing to release since the latest release tag; name the version with --version".to_owned(),
                )
            })?,
    };
    let path = relative_path(config, &version)?;
    if let Some((dir, _)) = path.rsplit_once('/') {
        ensure_dirs(&root, dir)?;
    }
    let resolved = files::resolve(&root, &path)?;
    let record = start_record(version, at, by, note);
    write(&resolved.real, &path, None, &record)?;
    Ok(RecordFile {
        path,
        real: resolved.real,
        record,
    })
}

/// Applies `event` to the record of `version` (the highest recorded when `None`) and
/// writes it back, unless another writer changed it meanwhile.
///
/// # Errors
///
/// The core's refusal (the transition's slug, `time_before_last`, `unknown_event`): the
/// file is unchanged. `record_changed`, `record_locked`; the errors of [`read_record`].
pub fn record_event(
    repo: &Repository,
    config: &ProjectConfig,
    version: Option<&Version>,
    event: RecordEvent,
    at: DateTime<Utc>,
    by: Option<&str>,
    note: Option<&str>,
) -> Result<RecordFile, ReleaseError> {
    let root = work_tree(repo)?;
    let file = read_record(&root, config, version)?;
    let next = apply_event(&file.record, event, at, by, note)?;
    write(&file.real, &file.path, Some(file.record.revision), &next)?;
    Ok(RecordFile {
        record: next,
        ..file
    })
}

/// The work tree of `repo`; a bare repository has none to keep records in.
fn work_tree(repo: &Repository) -> Result<PathBuf, ReleaseError> {
    repo.workdir().ok_or_else(|| {
        ReleaseError::from(files::FileError::io(
            "the repository is bare",
            "release records live in a work tree",
        ))
    })
}

/// Writes `record` to `real` under the lock, when the file still has revision `expected`
/// (`None`: when it does not exist).
fn write(
    real: &Path,
    shown: &str,
    expected: Option<u64>,
    record: &ReleaseRecord,
) -> Result<(), ReleaseError> {
    let Some(_lock) = files::LockFile::take(real, Path::new(shown))? else {
        return Err(RecordFileError::new(
            RecordFileErrorKind::RecordLocked,
            format!(
                "{shown} is being written by another relcore ({shown}.lock exists); nothing was written. Remove the lock file if no relcore is running"
            ),
        )
        .into());
    };
    let now = files::read_text_if_exists(real, Path::new(shown))?;
    match (expected, now) {
        (None, Some(_)) => {
            return Err(RecordFileError::new(
                RecordFileErrorKind::RecordExists,
                format!(
                    "{shown} exists; the release record is left as it is (`relcore pipeline event` advances it)"
                ),
            )
            .into());
        }
        (Some(_), None) => {
            return Err(RecordFileError::new(
                RecordFileErrorKind::RecordChanged,
                format!("{shown} was removed by another writer; nothing was written"),
            )
            .into());
        }
        (Some(expected), Some(text)) => {
            let found = parse(&text, shown)?.revision;
            if found != expected {
                return Err(RecordFileError::new(
                    RecordFileErrorKind::RecordChanged,
                    format!(
                        "{shown} changed while this event was recorded (revision {expected} was read, it is now {found}); nothing was written: check `relcore pipeline status` and run the event again"
                    ),
                )
                .into());
            }
        }
        (None, None) => {}
    }
    let mut text = serde_json::to_string_pretty(record).map_err(|e| {
        files::FileError::io(format_args!("writing {shown}; nothing was changed"), e)
    })?;
    text.push('\n');
    files::write_atomic(real, &text)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> DateTime<Utc> {
        relcore::input::parse_time(text).unwrap()
    }

    /// Two writers read revision 1; the first writes revision 2; the second, still
    /// holding revision 1, is refused and the file keeps the first writer's record.
    #[test]
    fn the_second_of_two_writers_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("1.0.0.json");
        let record = start_record(Version::new(1, 0, 0), at("2026-03-03T10:00"), None, None);
        write(&real, "1.0.0.json", None, &record).unwrap();
        let read_by_both = parse(&std::fs::read_to_string(&real).unwrap(), "x").unwrap();
        let first = apply_event(
            &read_by_both,
            RecordEvent::BuildSucceeded,
            at("2026-03-03T10:01"),
            Some("a"),
            None,
        )
        .unwrap();
        let second = apply_event(
            &read_by_both,
            RecordEvent::BuildFailed,
            at("2026-03-03T10:01"),
            Some("b"),
            None,
        )
        .unwrap();
        write(&real, "1.0.0.json", Some(read_by_both.revision), &first).unwrap();
        let after_first = std::fs::read_to_string(&real).unwrap();
        let err = write(&real, "1.0.0.json", Some(read_by_both.revision), &second).unwrap_err();
        assert_eq!(err.code(), "record_changed");
        assert!(
            err.to_string().contains("revision 1 was read, it is now 2"),
            "{err}"
        );
        assert_eq!(std::fs::read_to_string(&real).unwrap(), after_first);
        // A record that exists is never started again; the lock is always released.
        let err = write(&real, "1.0.0.json", None, &record).unwrap_err();
        assert_eq!(err.code(), "record_exists");
        assert!(!dir.path().join("1.0.0.json.lock").exists());
    }

    #[test]
    fn every_record_highest_version_first() {
        let dir = tempfile::tempdir().unwrap();
        let config =
            ProjectConfig::from_toml("[pipeline]\nrecord = \"r/v{version}.json\"\n").unwrap();
        assert!(read_all(dir.path(), &config).unwrap().is_empty());
        std::fs::create_dir(dir.path().join("r")).unwrap();
        for v in ["1.2.0", "1.10.0", "1.9.0-rc.1"] {
            let record = start_record(
                Version::parse(v).unwrap(),
                at("2026-03-03T10:00"),
                None,
                None,
            );
            let real = dir.path().join(format!("r/v{v}.json"));
            write(&real, "x", None, &record).unwrap();
        }
        std::fs::write(dir.path().join("r/notes.txt"), "not a record").unwrap();
        let versions: Vec<String> = read_all(dir.path(), &config)
            .unwrap()
            .iter()
            .map(|f| f.record.version.to_string())
            .collect();
        assert_eq!(versions, ["1.10.0", "1.9.0-rc.1", "1.2.0"]);
        let latest = read_record(dir.path(), &config, None).unwrap();
        assert_eq!(latest.path, "r/v1.10.0.json");
    }

    #[test]
    fn every_slug_is_documented() {
        let doc = std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/errors.md"),
        )
        .unwrap();
        for kind in RecordFileErrorKind::ALL {
            assert!(doc.contains(&format!("`{}`", kind.as_str())), "{kind:?}");
        }
    }
}
