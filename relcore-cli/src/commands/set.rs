//! `relcore set plan` and `relcore set release`: release sets across repositories
//! (`relcore_release::set`), printed as text or `--json`.

use std::path::PathBuf;

use relcore_release::set::{SET_FILE, SetFile, SetPlanReport, SetReleaseOptions, load_set};

use crate::Outcome;
use crate::args::{SetArgs, SetCommand, SetReleaseArgs};
use crate::output::{print_diagnostic, print_json, print_line, release_error};
use crate::values::release_date;

pub fn run(cmd: &SetCommand, json: bool) -> anyhow::Result<Outcome> {
    match cmd {
        SetCommand::Plan(args) => plan(args, json),
        SetCommand::Release(args) => release(args, json),
    }
}

fn open(args: &SetArgs) -> anyhow::Result<SetFile> {
    let path = args.file.clone().unwrap_or_else(|| PathBuf::from(SET_FILE));
    load_set(&path).map_err(|e| release_error(&e.into()))
}

fn plan(args: &SetArgs, json: bool) -> anyhow::Result<Outcome> {
    let set = open(args)?;
    let report = relcore_release::set::plan(&set).map_err(|e| release_error(&e))?;
    if json {
        print_json(&serde_json::to_value(&report)?)?;
    } else {
        print_plan(&report)?;
    }
    Ok(if report.ok() {
        Outcome::Success
    } else {
        Outcome::Negative
    })
}

fn release(args: &SetReleaseArgs, json: bool) -> anyhow::Result<Outcome> {
    let set = open(&args.set)?;
    let options = SetReleaseOptions {
        commit: args.commit,
        tag: args.tag,
        date: Some(release_date(args.date.as_deref())?),
    };
    let report = relcore_release::set::release(&set, &options).map_err(|e| release_error(&e))?;
    if json {
        print_json(&serde_json::to_value(&report)?)?;
    } else {
        print_plan(&report.plan)?;
        if !report.plan.ok() {
            print_line("not releasing: a requirement of the set is not satisfied")?;
        }
        for r in &report.refused {
            print_line(&format!(
                "preflight of {} failed: [{}] {}",
                r.repository, r.code, r.message
            ))?;
        }
        if !report.refused.is_empty() {
            print_line("not releasing: nothing was written in any repository")?;
        }
        for r in &report.released {
            let mut what = vec![format!(
                "{} file{}",
                r.files.len(),
                if r.files.len() == 1 { "" } else { "s" }
            )];
            if let Some(c) = &r.commit {
                what.push(format!("commit {}", c.get(..12).unwrap_or(c)));
            }
            if !r.tags.is_empty() {
                what.push(format!(
                    "tag{} {}",
                    if r.tags.len() == 1 { "" } else { "s" },
                    r.tags.join(", ")
                ));
            }
            let version = r
                .version
                .as_ref()
                .map_or_else(|| r.packages.join(", "), ToString::to_string);
            print_line(&format!(
                "released {} {version}: {}",
                r.repository,
                what.join(", ")
            ))?;
        }
        if let Some(f) = &report.failed {
            print_line(&format!(
                "release of {} failed: [{}] {}",
                f.repository, f.code, f.message
            ))?;
        }
        for u in &report.undone {
            let mut what = Vec::new();
            for t in &u.tags_deleted {
                what.push(format!("tag {t} deleted"));
            }
            if let Some(c) = &u.commit_removed {
                what.push(format!(
                    "release commit {} removed from the branch",
                    c.get(..12).unwrap_or(c)
                ));
            }
            if u.files_restored {
                what.push("release files restored".to_owned());
            }
            what.extend(u.left.iter().map(|l| format!("left as is: {l}")));
            print_line(&format!("undone in {}: {}", u.repository, what.join(", ")))?;
        }
        if report.ok() {
            print_line(&format!(
                "released {} of {} repositories; nothing was pushed",
                report.released.len(),
                report.plan.repositories.len()
            ))?;
        }
    }
    Ok(if report.ok() {
        Outcome::Success
    } else {
        Outcome::Negative
    })
}

/// The repositories, the order, every check, the rollback order; problems on stderr.
fn print_plan(report: &SetPlanReport) -> anyhow::Result<()> {
    let n = report.repositories.len();
    print_line(&format!(
        "set {}: {n} repositor{}",
        report.file,
        if n == 1 { "y" } else { "ies" }
    ))?;
    let width = report
        .repositories
        .iter()
        .map(|r| r.name.chars().count())
        .max()
        .unwrap_or(0);
    for r in &report.repositories {
        if !r.packages.is_empty() {
            print_line(&format!(
                "  {:width$}  workspace of {} packages  ({})",
                r.name,
                r.packages.len(),
                r.path
            ))?;
            let inner = r.packages.iter().map(|p| p.name.chars().count()).max();
            for p in &r.packages {
                print_line(&format!(
                    "  {:width$}    {:inner$}  {}{}",
                    "",
                    p.name,
                    p.current,
                    next_release(p.next.as_ref(), p.level, p.tag.as_ref()),
                    inner = inner.unwrap_or(0)
                ))?;
            }
            continue;
        }
        let current = match (&r.current, &r.current_tag) {
            (Some(v), Some(tag)) => format!("{v} ({tag})"),
            (Some(v), None) => v.to_string(),
            _ => "no release".to_owned(),
        };
        let next = next_release(r.next.as_ref(), r.level, r.tag.as_ref());
        print_line(&format!(
            "  {:width$}  {current}{next}  ({})",
            r.name, r.path
        ))?;
    }
    print_line(&format!("order     {}", report.plan.order.join(", ")))?;
    if !report.plan.checks.is_empty() {
        print_line("checks")?;
    }
    for c in &report.plan.checks {
        let version = c
            .version
            .as_ref()
            .map_or_else(|| "no version".to_owned(), ToString::to_string);
        let required = c
            .package
            .as_ref()
            .map_or_else(|| c.requires.clone(), |p| format!("{} {p}", c.requires));
        print_line(&format!(
            "  {:7} {} requires {required} `{}`: {version}",
            if c.satisfied { "ok" } else { "failing" },
            c.repository,
            c.requirement
        ))?;
    }
    print_line(&format!("rollback  {}", report.plan.rollback.join(", ")))?;
    let text = std::fs::read_to_string(&report.file).unwrap_or_default();
    for d in &report.plan.problems {
        print_diagnostic(d.path.as_deref().unwrap_or(&report.file), &text, d);
    }
    Ok(())
}

/// ` -> 1.5.0 (minor), tag v1.5.0`, or `: nothing to release`.
fn next_release(
    next: Option<&relcore::version::Version>,
    level: Option<relcore::bump::Level>,
    tag: Option<&String>,
) -> String {
    match next {
        Some(next) => format!(
            " -> {next}{}{}",
            level.map(|l| format!(" ({l})")).unwrap_or_default(),
            tag.map(|t| format!(", tag {t}")).unwrap_or_default()
        ),
        None => ": nothing to release".to_owned(),
    }
}
