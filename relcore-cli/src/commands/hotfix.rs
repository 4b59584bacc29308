//! `relcore hotfix plan|backports`: a hotfix of the production release, and the commits a
//! hotfix line owes the main line.

use relcore::hotfix::Pick;
use relcore_release::ops::{HotfixOptions, Production, hotfix_backports, hotfix_plan};

use crate::Outcome;
use crate::args::{BackportsArgs, HotfixCommand, HotfixPlanArgs};
use crate::output::{print_json, print_line, release_error};
use crate::source::open_repository;

pub fn run(cmd: &HotfixCommand, json: bool) -> anyhow::Result<Outcome> {
    match cmd {
        HotfixCommand::Plan(args) => plan(args, json),
        HotfixCommand::Backports(args) => backports(args, json),
    }
}

fn plan(args: &HotfixPlanArgs, json: bool) -> anyhow::Result<Outcome> {
    let (repo, config) = open_repository(&args.repo)?;
    // clap requires one of --from and --from-branch.
    let from = args.from.clone().map_or_else(
        || Production::Branch(args.from_branch.clone().unwrap_or_default()),
        Production::Tag,
    );
    let options = HotfixOptions {
        from,
        issue: args.issue.clone(),
        main: args.main.clone(),
        create: args.create,
    };
    let report = hotfix_plan(&repo, &config, &options).map_err(|e| release_error(&e))?;
    if json {
        print_json(&serde_json::to_value(&report)?)?;
        return Ok(Outcome::Success);
    }
    let plan = &report.plan;
    let taken = if plan.taken.is_empty() {
        String::new()
    } else {
        let taken: Vec<String> = plan.taken.iter().map(ToString::to_string).collect();
        format!(" ({} taken)", taken.join(", "))
    };
    print_line(&format!(
        "production  {} ({})",
        plan.production.version, plan.production.tag
    ))?;
    print_line(&format!(
        "hotfix      {} ({}){taken}",
        plan.version, plan.tag
    ))?;
    let created = match &report.created {
        Some(commit) => format!(" (created at {})", commit.get(..7).unwrap_or(commit)),
        None => String::new(),
    };
    print_line(&format!("branch      {}{created}", plan.branch))?;
    let c = &plan.classification;
    let by = if c.approval.by.is_empty() {
        String::new()
    } else {
        format!(" by {}", c.approval.by.join(", "))
    };
    print_line(&format!(
        "release     type {}, {} pace, approval {}{by}",
        c.r#type, c.pace, c.approval.level
    ))?;
    print_line(&format!(
        "rollback    {} ({})",
        plan.rollback.tag, plan.rollback.version
    ))?;
    print_line(&format!(
        "candidates  {} on {} since {}, oldest first:",
        plan.candidates.len(),
        report.main,
        plan.production.tag
    ))?;
    print_picks(&plan.candidates)?;
    if report.created.is_none() {
        print_line(&format!(
            "create the branch with: git branch {} {}",
            plan.branch, plan.production.tag
        ))?;
    }
    Ok(Outcome::Success)
}

/// Each pick as `  <short id> <header> [refs]` and its command.
fn print_picks(picks: &[Pick]) -> anyhow::Result<()> {
    for pick in picks {
        let id = pick.id.as_deref().unwrap_or("-------");
        let refs: Vec<String> = pick
            .references
            .iter()
            .map(|r| match &r.repository {
                Some(repo) => format!("{repo}#{}", r.number),
                None => format!("#{}", r.number),
            })
            .collect();
        let refs = if refs.is_empty() {
            String::new()
        } else {
            format!(" ({})", refs.join(", "))
        };
        print_line(&format!(
            "  {} {}{refs}",
            id.get(..7).unwrap_or(id),
            pick.header
        ))?;
        print_line(&format!("      {}", pick.command))?;
    }
    Ok(())
}

fn backports(args: &BackportsArgs, json: bool) -> anyhow::Result<Outcome> {
    let (repo, config) = open_repository(&args.repo)?;
    let main = args.main.clone().unwrap_or(config.hotfix.main);
    let report = hotfix_backports(&repo, &args.hotfix, &main).map_err(|e| release_error(&e))?;
    let outcome = if report.backports.missing.is_empty() {
        Outcome::Success
    } else {
        Outcome::Negative
    };
    if json {
        print_json(&serde_json::to_value(&report)?)?;
        return Ok(outcome);
    }
    let missing = &report.backports.missing;
    if missing.is_empty() {
        print_line(&format!(
            "{} has every commit of {} ({} already there)",
            report.main,
            report.hotfix,
            report.backports.present.len()
        ))?;
    } else {
        print_line(&format!(
            "{} commit{} of {} missing on {}, oldest first:",
            missing.len(),
            if missing.len() == 1 { "" } else { "s" },
            report.hotfix,
            report.main
        ))?;
        print_picks(missing)?;
        if !report.backports.present.is_empty() {
            print_line(&format!(
                "already on {}: {}",
                report.main,
                report
                    .backports
                    .present
                    .iter()
                    .map(|p| p.header.as_str())
                    .collect::<Vec<_>>()
                    .join("; ")
            ))?;
        }
    }
    Ok(outcome)
}
