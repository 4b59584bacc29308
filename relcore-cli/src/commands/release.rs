//! `relcore release`: the main job. `relcore_release::prepare` decides and renders
//! everything; this command shows it (a dry run). `--write` updates the changelog and the
//! version files all or nothing, `--commit` commits exactly those files as the release
//! commit and `--tag` tags it; without `--write`, `--tag` tags HEAD. The flow
//! (`relcore_release::plan_files` and `apply`) runs every check before anything is
//! written, and puts the files back when a later step fails.

use anyhow::Context;
use relcore_release::apply::apply_all;
use relcore_release::workspace::{
    WorkspaceRelease, plan_workspace_files, prepare_workspace, workspace_commit_message,
    workspace_tags,
};
use relcore_release::{
    ApplyOptions, FileChange, FilePlan, FileState, ReleaseOptions, ReleaseReport, apply,
    plan_files, prepare,
};
use serde_json::json;

use crate::Outcome;
use crate::args::ReleaseArgs;
use crate::output::{print_decision, print_json, print_line, release_error, warn};
use crate::source::Source;
use crate::values::release_date;

fn apply_options(args: &ReleaseArgs) -> ApplyOptions {
    ApplyOptions {
        write: args.write,
        commit: args.commit,
        tag: args.tag,
        sign: args.sign,
        allow_detached: args.allow_detached,
        replace: args.replace,
        in_version_order: args.in_version_order,
    }
}

pub fn run(args: &ReleaseArgs, json: bool) -> anyhow::Result<Outcome> {
    // `prepare` finds the latest tag itself: without `--write` (whose check of the
    // repository comes first), it is not looked up twice.
    let source = if args.write {
        Source::open_workspace_eagerly(&args.history)?
    } else {
        Source::open_workspace(&args.history)?
    };
    if source.workspace {
        return every_package(args, &source, json);
    }
    let repo = source.repo.as_ref().context("no repository")?;
    if args.write {
        relcore_release::apply::check_writable_repository(repo).map_err(|e| release_error(&e))?;
    }
    let mut config = source.config.clone();
    config.bump = source.policy(&args.history)?;
    let options = ReleaseOptions {
        date: Some(release_date(args.date.as_deref())?),
        current: source.current.clone(),
        channel: None,
        hotfix: false,
        // The package is chosen already: `source.config` is its configuration.
        package: None,
        packages: Vec::new(),
    };
    let report = prepare(repo, &config, &options).map_err(|e| release_error(&e))?;
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
    let options = apply_options(args);
    let section = report.section.as_deref().unwrap_or_default();
    let mut files = match plan_files(&source.root, &source.config, release, section, &options)
        .map_err(|e| release_error(&e))?
    {
        FilePlan::Ready(files) => files,
        FilePlan::Refused(refusal) => {
            crate::output::report(refusal.code, &refusal.message, None, refusal.hint);
            return Ok(Outcome::Negative);
        }
    };
    let message = source
        .config
        .release
        .message(&release.version.to_string(), &release.tag);
    let applied = apply(repo, &report, release, &mut files, &options, &message)
        .map_err(|e| release_error(&e))?;
    if json {
        let mut doc = serde_json::to_value(&report)?;
        doc["tagged"] = json!(applied.tagged);
        doc["committed"] = json!(applied.committed);
        doc["files"] = serde_json::to_value(&files)?;
        print_json(&doc)?;
    } else {
        print_summary(
            args,
            &report,
            &files,
            applied.tagged,
            applied.committed.as_deref(),
        )?;
        print_plan_check(repo, &report)?;
    }
    Ok(if plan_errors {
        Outcome::Negative
    } else {
        Outcome::Success
    })
}

/// `relcore release` in a repository with `[packages]` and no `--package`: every package
/// that has something to release, planned together, written all or nothing, one release
/// commit, every package's tag.
fn every_package(args: &ReleaseArgs, source: &Source, json: bool) -> anyhow::Result<Outcome> {
    let repo = source.repo.as_ref().context("no repository")?;
    if args.write {
        relcore_release::apply::check_writable_repository(repo).map_err(|e| release_error(&e))?;
    }
    let options = ReleaseOptions {
        date: Some(release_date(args.date.as_deref())?),
        ..args.history.workspace_options()
    };
    let release =
        prepare_workspace(repo, &source.config, &options).map_err(|e| release_error(&e))?;
    if !json {
        for problem in &release.problems {
            warn(&problem.message);
        }
        for package in &release.packages {
            for warning in &package.report.warnings {
                warn(&format!("{}: {warning}", package.name));
            }
        }
    }
    if release.packages.is_empty() {
        if json {
            print_json(&serde_json::to_value(&release)?)?;
        } else {
            print_line("nothing to release: no package has a change that calls for a release")?;
        }
        return Ok(Outcome::Negative);
    }
    let plan_errors = release.packages.iter().any(|p| {
        p.report
            .plan
            .as_ref()
            .is_some_and(|c| c.report.has_errors())
    });
    if plan_errors && (args.write || args.tag) {
        if json {
            print_json(&serde_json::to_value(&release)?)?;
        } else {
            for package in &release.packages {
                print_plan_check(repo, &package.report)?;
            }
            print_line("not writing or tagging: the rollout plan has errors")?;
        }
        return Ok(Outcome::Negative);
    }
    let options = apply_options(args);
    let mut files = match plan_workspace_files(&source.root, &source.config, &release, &options)
        .map_err(|e| release_error(&e))?
    {
        FilePlan::Ready(files) => files,
        FilePlan::Refused(refusal) => {
            crate::output::report(refusal.code, &refusal.message, None, refusal.hint);
            return Ok(Outcome::Negative);
        }
    };
    let message = workspace_commit_message(&source.config, &release);
    let tags = workspace_tags(&release);
    let applied =
        apply_all(repo, &tags, &mut files, &options, &message).map_err(|e| release_error(&e))?;
    if json {
        // Written as it is serialised: a large workspace's document is not built twice.
        #[derive(serde::Serialize)]
        struct Written<'a> {
            #[serde(flatten)]
            release: &'a WorkspaceRelease,
            tagged: bool,
            committed: Option<&'a str>,
            files: &'a [FileChange],
        }
        crate::output::print_json_of(&Written {
            release: &release,
            tagged: applied.tagged,
            committed: applied.committed.as_deref(),
            files: &files,
        })?;
    } else {
        print_workspace_summary(
            args,
            &release,
            &files,
            applied.tagged,
            applied.committed.as_deref(),
        )?;
        for package in &release.packages {
            print_plan_check(repo, &package.report)?;
        }
    }
    Ok(if plan_errors {
        Outcome::Negative
    } else {
        Outcome::Success
    })
}

/// The human summary of a workspace's release: each package with its version, level and
/// reasons, the files, the commit, then each package's section.
fn print_workspace_summary(
    args: &ReleaseArgs,
    release: &WorkspaceRelease,
    files: &[FileChange],
    tagged: bool,
    committed: Option<&str>,
) -> anyhow::Result<()> {
    let dry = if args.write || args.tag {
        ""
    } else {
        " (dry run)"
    };
    print_line(&format!(
        "relcore release{dry}: {} package{}",
        release.packages.len(),
        if release.packages.len() == 1 { "" } else { "s" }
    ))?;
    for package in &release.packages {
        let report = &package.report;
        let current = report
            .current
            .as_ref()
            .map_or_else(|| "none".to_owned(), ToString::to_string);
        let next = report
            .next
            .as_ref()
            .map(ToString::to_string)
            .unwrap_or_default();
        let level = report.level.map(|l| format!(" ({l})")).unwrap_or_default();
        print_line(&format!(
            "  {} {current} -> {next}{level}, tag {}{}",
            package.name,
            report.tag.as_deref().unwrap_or_default(),
            if tagged { " (created)" } else { "" }
        ))?;
        let planned = release
            .plan
            .packages
            .iter()
            .find(|p| p.name == package.name)
            .map_or(&[][..], |p| p.reasons.as_slice());
        // Its own commits' reasons when they release it, then the groups' and the
        // dependencies'.
        for plan in planned {
            if plan.rule == relcore::workspace::ReasonRule::OwnCommits {
                for reason in &report.reasons {
                    print_line(&format!("    {}: {}", reason.rule, reason.message))?;
                }
            } else {
                print_line(&format!("    {}", plan.message))?;
            }
        }
    }
    print_files(files)?;
    if let Some(commit) = committed {
        print_line(&format!(
            "  commit     {} (the release files)",
            &commit[..commit.len().min(12)]
        ))?;
    }
    for package in &release.packages {
        print_line("")?;
        print_line(&format!("{}:", package.name))?;
        crate::output::print_text(package.report.section.as_deref().unwrap_or_default())?;
    }
    Ok(())
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
    print_files(files)?;
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

/// What happened to each file of a release.
fn print_files(files: &[FileChange]) -> anyhow::Result<()> {
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
    Ok(())
}
