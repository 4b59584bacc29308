//! `relcore sync`: what [`relcore::workspace::sync_workspace`] can put right by itself,
//! reported (a dry run) or written: every version of a fixed group out of sync at the
//! place its version is written, every internal requirement that excludes the version of
//! the package it names rewritten in its own style. Only those bytes change; every file
//! is written all or nothing through [`crate::files`], after a preflight of all of them;
//! `Cargo.lock`'s entries follow the Cargo packages whose versions change.
//! What needs a person stays a located problem (`unresolved`).

use relcore::diagnostic::Diagnostic;
use relcore::manifest::{FileKind, ManifestErrorKind, cargo_package_name, set_version};
use relcore::workspace::{RequirementRewrite, VersionChange};
use relcore_git::Repository;
use serde::{Deserialize, Serialize};

use crate::config::ProjectConfig;
use crate::error::ReleaseError;
use crate::files::{FileWrite, check_writable, resolve, write_all};
use crate::workspace::{SpanEdit, edit_files};

/// What to do with the sync.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SyncOptions {
    /// Write the changes (all or nothing); without it, only report them.
    pub write: bool,
}

/// What happened to a file of the sync.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum SyncFileState {
    /// It would change (dry run).
    WouldChange,
    /// It was written.
    Written,
}

/// A file the sync changes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct SyncFile {
    /// The file, relative to the repository root.
    pub path: String,
    /// What happened to it.
    pub state: SyncFileState,
}

/// What `relcore sync` reports (its `--json`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct SyncReport {
    /// Versions set (fixed groups aligned), in workspace order.
    pub versions: Vec<VersionChange>,
    /// Internal requirements rewritten to admit the workspace's versions.
    pub rewrites: Vec<RequirementRewrite>,
    /// The files these change, each once, in path order.
    pub files: Vec<SyncFile>,
    /// Whether the files were written.
    pub written: bool,
    /// What is still wrong once the changes are made: manifests that could not be read,
    /// then the core's checks of the synced workspace. Each needs a person.
    pub unresolved: Vec<Diagnostic>,
}

impl SyncReport {
    /// Whether everything is in sync after the run: nothing unresolved, and nothing left
    /// to change (a dry run with changes is not).
    pub fn in_sync(&self) -> bool {
        self.unresolved.is_empty() && (self.written || self.files.is_empty())
    }
}

/// Syncs the packages of `config` in `repo` ([`crate::workspace::load`], then
/// [`relcore::workspace::sync_workspace`]); with `options.write`, writes the changes.
///
/// # Errors
///
/// As [`crate::workspace::load`]; a file that changed since it was read
/// (`requirement_mismatch`); a file outside the work tree or read-only
/// (`read_only_file`: nothing is written); a failed write (nothing is changed).
pub fn sync(
    repo: &Repository,
    config: &ProjectConfig,
    options: &SyncOptions,
) -> Result<SyncReport, ReleaseError> {
    let loaded = crate::workspace::load(repo, config)?;
    let plan = relcore::workspace::sync_workspace(&loaded.workspace);
    let versions: Vec<(String, String)> = plan
        .versions
        .iter()
        .map(|c| (c.from.to_string(), c.to.to_string()))
        .collect();
    let edits = plan
        .versions
        .iter()
        .zip(&versions)
        .filter_map(|(change, (old, new))| {
            Some(SpanEdit {
                at: change.at.as_ref()?,
                old,
                new,
            })
        })
        .chain(plan.rewrites.iter().map(|r| SpanEdit {
            at: &r.at,
            old: &r.old,
            new: &r.new,
        }));
    let root = repo.workdir().unwrap_or_default();
    let mut writes = Vec::new();
    for (file, (target, old, new)) in edit_files(&root, edits)? {
        let new = new.map_err(|error| ReleaseError::Manifest {
            file: file.to_owned(),
            error,
        })?;
        writes.push((
            file.to_owned(),
            FileWrite {
                shown: target.named,
                real: target.real,
                new,
                old: Some(old),
            },
        ));
    }
    follow_in_cargo_lock(&root, &loaded.workspace, &plan.versions, &mut writes)?;
    writes.retain(|(_, w)| w.old.as_deref() != Some(w.new.as_str()));
    writes.sort_by(|a, b| a.0.cmp(&b.0));
    if options.write && !writes.is_empty() {
        repo.check_work_tree()?;
        for (_, w) in &writes {
            check_writable(&w.real, &w.shown)?;
        }
        let all: Vec<FileWrite> = writes.iter().map(|(_, w)| w.clone()).collect();
        write_all(Some(&repo.git_dir()), &all)?;
    }
    let state = if options.write {
        SyncFileState::Written
    } else {
        SyncFileState::WouldChange
    };
    let mut unresolved = loaded.problems;
    unresolved.extend(plan.unresolved);
    Ok(SyncReport {
        versions: plan.versions,
        rewrites: plan.rewrites,
        files: writes
            .into_iter()
            .map(|(path, _)| SyncFile { path, state })
            .collect(),
        written: options.write,
        unresolved,
    })
}

/// The lock file of a Cargo workspace, at the root.
const LOCK: &str = "Cargo.lock";

/// `Cargo.lock`'s entries of the Cargo packages whose versions change, set to their new
/// versions (as a release does): the lock at the root, when there is one.
fn follow_in_cargo_lock(
    root: &std::path::Path,
    workspace: &relcore::workspace::Workspace,
    versions: &[VersionChange],
    writes: &mut Vec<(String, FileWrite)>,
) -> Result<(), ReleaseError> {
    let read = |path: &str| -> Result<Option<String>, ReleaseError> {
        let file = resolve(root, path)?;
        Ok(crate::files::read_text_if_exists(&file.real, &file.named)?)
    };
    let mut crates = Vec::new();
    for change in versions {
        let Some(package) = workspace.packages.iter().find(|p| p.name == change.package) else {
            continue;
        };
        let dir = package
            .paths
            .first()
            .map_or("", |p| p.trim_end_matches('/'));
        let manifest = if dir.is_empty() || dir == "." {
            "Cargo.toml".to_owned()
        } else {
            format!("{dir}/Cargo.toml")
        };
        if let Some(name) = read(&manifest)?.as_deref().and_then(cargo_package_name) {
            crates.push((name, &change.to));
        }
    }
    if crates.is_empty() {
        return Ok(());
    }
    let index = if let Some(i) = writes.iter().position(|(f, _)| f == LOCK) {
        i
    } else {
        let Some(old) = read(LOCK)? else {
            return Ok(());
        };
        let target = resolve(root, LOCK)?;
        writes.push((
            LOCK.to_owned(),
            FileWrite {
                shown: target.named,
                real: target.real,
                new: old.clone(),
                old: Some(old),
            },
        ));
        writes.len() - 1
    };
    let Some((_, write)) = writes.get_mut(index) else {
        return Ok(());
    };
    for (name, version) in crates {
        let kind = FileKind::CargoLock {
            packages: vec![name],
        };
        match set_version(&kind, &write.new, version) {
            Ok(new) => write.new = new,
            // Not in the lock (not built yet): nothing to follow.
            Err(e) if e.kind() == ManifestErrorKind::VersionNotFound => {}
            Err(error) => {
                return Err(ReleaseError::Manifest {
                    file: LOCK.to_owned(),
                    error,
                });
            }
        }
    }
    Ok(())
}

/// [`sync`] of the repository containing `path`, under `config` (else its
/// `relcore.toml`), as a dry run: what the Python and Node `sync_plan(path)` call.
///
/// # Errors
///
/// As [`crate::prepare::open`] and [`sync`].
pub fn sync_plan_at(
    path: &std::path::Path,
    config: Option<ProjectConfig>,
) -> Result<SyncReport, ReleaseError> {
    let (repo, config) = crate::prepare::open(path, config)?;
    sync(&repo, &config, &SyncOptions::default())
}
