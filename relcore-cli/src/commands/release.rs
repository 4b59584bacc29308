//! `relcore release`: the main job. `relcore_git::prepare` decides and renders everything;
//! this command shows it (a dry run). `--write` updates the changelog and the version
//! files all or nothing, `--commit` commits exactly those files as the release commit and
//! `--tag` tags it; without `--write`, `--tag` tags HEAD. Every check (paths, permissions,
//! the tag, the identity, the index, HEAD) runs before anything is written, and a failure
//! after the files were written puts them back.

use std::path::{Path, PathBuf};

use anyhow::Context;
use relcore::changelog::{Format, Release, UpdateErrorKind, UpdateOptions, insert, insert_section};
use relcore::manifest::{FileKind, cargo_inherits_version, cargo_package_name, set_version};
use relcore_git::{
    ReleaseCheck, ReleaseCommit, ReleaseOptions, ReleaseReport, WorkTreePath, prepare,
};
use serde_json::json;

use super::changelog::release_date;
use super::next::print_decision;
use crate::Outcome;
use crate::args::ReleaseArgs;
use crate::files::{FileWrite, check_writable, resolve, undo, write_all};
use crate::output::{UsageError, print_json, print_line, report, warn};
use crate::source::{Source, git_error};

fn usage(code: &'static str, message: String) -> anyhow::Error {
    anyhow::Error::new(UsageError { code, message })
}

/// What happened to a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
enum FileState {
    /// It would change (dry run).
    WouldChange,
    /// It was written.
    Written,
    /// The changelog already has this version (left alone).
    AlreadyThere,
    /// The version file is already at the new version (left alone).
    Unchanged,
}

/// One file the release changes.
#[derive(Debug, serde::Serialize)]
struct FileChange {
    path: PathBuf,
    state: FileState,
    /// The file really written (a symlink's target).
    #[serde(skip)]
    real: PathBuf,
    /// `real` relative to the work tree, as git names it.
    #[serde(skip)]
    relative: String,
    #[serde(skip)]
    new: String,
    #[serde(skip)]
    old: Option<String>,
}

pub fn run(args: &ReleaseArgs, json: bool) -> anyhow::Result<Outcome> {
    if args.history.stdin {
        return Err(usage("usage", "relcore release reads the repository; use relcore next/changelog --stdin for messages on stdin".to_owned()));
    }
    if args.write && args.tag && !args.commit {
        return Err(usage(
            "usage",
            "--write --tag would tag the commit before the version bump, without the files just written; pass --write --commit --tag to commit the release files and tag that commit (or --tag alone to tag HEAD as it is)".to_owned(),
        ));
    }
    let source = Source::open(&args.history)?;
    let repo = source.repo.as_ref().context("no repository")?;
    if args.write && repo.is_bare() {
        return Err(usage(
            "bare_repository",
            "the repository is bare: there is no work tree to write the release files in"
                .to_owned(),
        ));
    }
    let mut config = source.config.clone();
    config.bump = source.policy(&args.history)?;
    let options = ReleaseOptions {
        date: Some(release_date(args.date.as_deref())?),
        current: source.current.clone(),
        channel: None,
        hotfix: false,
    };
    let report = prepare(repo, &config, &options).map_err(|e| usage(e.code(), e.to_string()))?;
    if !json {
        for warning in &report.warnings {
            warn(warning);
        }
    }
    let Some(release) = &report.release else {
        if json {
            print_json(&serde_json::to_value(&report)?)?;
        } else {
            print_decision(&relcore::bump::Decision {
                current: report.current.clone(),
                next: None,
                level: None,
                reasons: report.reasons.clone(),
            })?;
        }
        return Ok(Outcome::Negative);
    };
    let plan_errors = report.plan.as_ref().is_some_and(|p| p.report.has_errors());
    if plan_errors && (args.write || args.tag) {
        if json {
            print_json(&serde_json::to_value(&report)?)?;
        } else {
            print_plan_check(repo, &report)?;
            print_line("not writing or tagging: the rollout plan has errors")?;
        }
        return Ok(Outcome::Negative);
    }
    let Some(mut files) = plan_files(
        args,
        &source,
        release,
        report.section.as_deref().unwrap_or_default(),
    )?
    else {
        return Ok(Outcome::Negative);
    };
    let (committed, tagged) = carry_out(args, &source, &report, release, &mut files)?;
    if json {
        let mut doc = serde_json::to_value(&report)?;
        doc["tagged"] = json!(tagged);
        doc["committed"] = json!(committed);
        doc["files"] = serde_json::to_value(&files)?;
        print_json(&doc)?;
    } else {
        print_summary(args, &report, &files, tagged, committed.as_deref())?;
        print_plan_check(repo, &report)?;
    }
    Ok(if plan_errors {
        Outcome::Negative
    } else {
        Outcome::Success
    })
}

/// `--write`, `--commit`, `--tag`: preflight, the files, the commit and the tag. Returns
/// the release commit's id and whether a tag was made.
fn carry_out(
    args: &ReleaseArgs,
    source: &Source,
    report: &ReleaseReport,
    release: &Release,
    files: &mut [FileChange],
) -> anyhow::Result<(Option<String>, bool)> {
    let repo = source.repo.as_ref().context("no repository")?;
    let signing = repo.sign_config();
    let sign_commit = args.sign || signing.commit;
    let sign_tag = args.sign || signing.tag;
    let mut committed = None;
    let mut tagged = false;
    if args.write {
        // Preflight: every check before the first byte is written.
        for f in files.iter().filter(|f| f.state == FileState::WouldChange) {
            check_writable(&f.real, &f.path)?;
        }
        let changed: Vec<&FileChange> = files
            .iter()
            .filter(|f| f.state == FileState::WouldChange)
            .collect();
        let paths: Vec<String> = changed.iter().map(|f| f.relative.clone()).collect();
        let head = if args.commit {
            Some(
                repo.check_release(&ReleaseCheck {
                    tag: args.tag.then(|| release.tag.clone()),
                    commit_paths: Some(paths.clone()),
                    allow_detached: args.allow_detached,
                })
                .map_err(|e| git_error(&e))?,
            )
        } else {
            None
        };
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
        if let Some(head) = head {
            let tag_name = release.tag.clone();
            let commit = ReleaseCommit {
                head: head.commit,
                paths,
                message: source
                    .config
                    .release
                    .message(&release.version.to_string(), &tag_name),
                sign: sign_commit,
                tag: args
                    .tag
                    .then(|| (tag_name, report.notes.clone().unwrap_or_default())),
                sign_tag,
            };
            match repo.commit_release(&commit) {
                Ok(done) => {
                    tagged = done.tag.is_some();
                    committed = Some(done.commit);
                }
                Err(e) => {
                    let restored = if undo(&writes) {
                        "the release files were restored: nothing was changed"
                    } else {
                        "the release files could not all be restored (see git status)"
                    };
                    return Err(usage(e.kind().as_str(), format!("{e}; {restored}")));
                }
            }
        }
        for f in files
            .iter_mut()
            .filter(|f| f.state == FileState::WouldChange)
        {
            f.state = FileState::Written;
        }
    } else if args.tag {
        repo.create_tag_on(
            &release.tag,
            report.notes.as_deref().unwrap_or_default(),
            None,
            sign_tag,
        )
        .map_err(|e| git_error(&e))?;
        tagged = true;
    }
    Ok((committed, tagged))
}

/// The rollout plan's check: a summary line, and each problem on stderr with its source
/// line.
fn print_plan_check(repo: &relcore_git::Repository, report: &ReleaseReport) -> anyhow::Result<()> {
    let Some(check) = &report.plan else {
        return Ok(());
    };
    let text = repo
        .workdir()
        .and_then(|root| std::fs::read_to_string(root.join(&check.file)).ok())
        .unwrap_or_default();
    for d in &check.report.diagnostics {
        crate::output::print_diagnostic(&check.file, &text, d);
    }
    let errors = check.report.errors().count();
    let warnings = check.report.warnings().count();
    print_line(&format!(
        "plan {}: {errors} error{}, {warnings} warning{}",
        check.file,
        if errors == 1 { "" } else { "s" },
        if warnings == 1 { "" } else { "s" },
    ))?;
    Ok(())
}

/// The changelog (with the section `prepare` rendered) and the version files with their
/// new text, computed in memory; `None` (after
/// reporting) when `--write` meets a changelog that already has the version, or a version
/// file that cannot take it.
fn plan_files(
    args: &ReleaseArgs,
    source: &Source,
    release: &Release,
    section: &str,
) -> anyhow::Result<Option<Vec<FileChange>>> {
    let read = |path: &PathBuf, shown: &PathBuf| crate::input::read_named_if_exists(path, shown);
    let mut files = Vec::new();
    let target = resolve(&source.root, &source.config.changelog.path)?;
    let path = target.named.clone();
    let old = read(&target.real, &path)?;
    let options = UpdateOptions {
        take_unreleased: source.config.changelog.take_unreleased,
        replace: args.replace,
        in_version_order: args.in_version_order,
    };
    // Without a template or a format of its own, the section takes the file's style.
    let changelog = &source.config.changelog;
    let existing = old.as_deref().unwrap_or_default();
    let inserted = if changelog.template.is_none() && changelog.format == Format::KeepAChangelog {
        insert(existing, release, None, &options)
    } else {
        insert_section(existing, release, section, &options)
    };
    match inserted {
        Ok(new) => files.push(FileChange {
            path,
            state: FileState::WouldChange,
            real: target.real,
            relative: target.relative,
            new,
            old,
        }),
        Err(e) if e.kind() == UpdateErrorKind::OlderThanNewest => {
            report(
                e.kind().as_str(),
                &format!("{}: {e}", path.display()),
                None,
                Some("pass --in-version-order to add it below the newer releases"),
            );
            return Ok(None);
        }
        Err(e) if e.kind() == UpdateErrorKind::VersionExists => {
            if args.write {
                report(
                    e.kind().as_str(),
                    &format!("{}: {e}", path.display()),
                    None,
                    Some("pass --replace to regenerate that section"),
                );
                return Ok(None);
            }
            files.push(FileChange {
                path,
                state: FileState::AlreadyThere,
                real: target.real,
                relative: target.relative,
                new: String::new(),
                old,
            });
        }
        Err(e) => return Err(usage(e.kind().as_str(), e.to_string())),
    }
    plan_version_files(source, release, files)
}

/// The version files with their new text, after the changelog's `files`.
fn plan_version_files(
    source: &Source,
    release: &Release,
    mut files: Vec<FileChange>,
) -> anyhow::Result<Option<Vec<FileChange>>> {
    // Version files: a Cargo member that inherits its version is released through the
    // workspace root's `[workspace.package]`; the workspace's own entries of Cargo.lock
    // follow every Cargo package released.
    let mut targets: Vec<(WorkTreePath, FileKind)> = Vec::new();
    let mut crates: Vec<String> = Vec::new();
    for file in &source.config.version_files {
        let target = resolve(&source.root, file.path())?;
        let kind = file.kind().context("version file kind")?;
        if kind == FileKind::CargoToml {
            let text = crate::input::read_named(&target.real, &target.named)?;
            crates.extend(cargo_package_name(&text));
            // Without a workspace root, set_version reports `dynamic_version`.
            if cargo_inherits_version(&text)
                && !text.contains("[workspace.package]")
                && let Some(root) = workspace_root(&source.root, &target.named)
            {
                let relative = root.strip_prefix(&source.root).unwrap_or(&root);
                let root = resolve(&source.root, &relative.to_string_lossy())?;
                push_target(&mut targets, root, FileKind::CargoWorkspace);
                continue;
            }
        }
        push_target(&mut targets, target, kind);
    }
    let lock = resolve(&source.root, "Cargo.lock")?;
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
    for (target, kind) in targets {
        let kind = match kind {
            FileKind::CargoLock { packages } if packages.is_empty() => FileKind::CargoLock {
                packages: crates.clone(),
            },
            other => other,
        };
        let path = target.named.clone();
        let old = crate::input::read_named(&target.real, &path)?;
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
                report(
                    e.kind().as_str(),
                    &format!("{}: {e}", path.display()),
                    None,
                    None,
                );
                return Ok(None);
            }
        }
    }
    // Two names for one file (a symlink and its target) would be written twice.
    let mut seen = std::collections::HashSet::new();
    if let Some(dup) = files.iter().find(|f| !seen.insert(f.real.clone())) {
        return Err(usage(
            "invalid_config",
            format!(
                "{} is named twice (the changelog and a version file, or through a symlink)",
                dup.path.display()
            ),
        ));
    }
    Ok(Some(files))
}

/// Adds a version file once.
fn push_target(targets: &mut Vec<(WorkTreePath, FileKind)>, path: WorkTreePath, kind: FileKind) {
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

/// The human summary: current, commits, next with reasons, risk, files, the section.
fn print_summary(
    args: &ReleaseArgs,
    report: &ReleaseReport,
    files: &[FileChange],
    tagged: bool,
    committed: Option<&str>,
) -> anyhow::Result<()> {
    let dry = if args.write || args.tag {
        ""
    } else {
        " (dry run)"
    };
    print_line(&format!("relcore release{dry}"))?;
    let current = match (&report.current_tag, &report.current) {
        (Some(tag), Some(v)) => format!("{v} (tag {tag})"),
        (_, Some(v)) => v.to_string(),
        _ => "none (first release)".to_owned(),
    };
    print_line(&format!("  current    {current}"))?;
    print_line(&format!(
        "  commits    {} since {}",
        report.commits,
        report.current_tag.as_deref().unwrap_or("the beginning")
    ))?;
    let next = report
        .next
        .as_ref()
        .map(ToString::to_string)
        .unwrap_or_default();
    let level = report.level.map(|l| format!(" ({l})")).unwrap_or_default();
    let tag = report.tag.as_deref().unwrap_or_default();
    print_line(&format!(
        "  next       {next}{level}, tag {tag}{}",
        if tagged { " (created)" } else { "" }
    ))?;
    for reason in &report.reasons {
        print_line(&format!("    {}: {}", reason.rule, reason.message))?;
    }
    if let Some(c) = &report.classification {
        print_line(&format!(
            "  risk       {} {}, {} rollout, approval {}, {} rollback",
            c.risk, c.r#type, c.strategy, c.approval.level, c.rollback
        ))?;
    }
    for f in files {
        let what = match f.state {
            FileState::WouldChange => "would change (pass --write)",
            FileState::Written => "updated",
            FileState::AlreadyThere => {
                "already has this version (pass --write --replace to regenerate)"
            }
            FileState::Unchanged => "already at this version (unchanged)",
        };
        print_line(&format!("  file       {}: {what}", f.path.display()))?;
    }
    if let Some(commit) = committed {
        print_line(&format!(
            "  commit     {} (the release files)",
            &commit[..commit.len().min(12)]
        ))?;
    }
    print_line("")?;
    crate::output::print_text(report.section.as_deref().unwrap_or_default())?;
    Ok(())
}
