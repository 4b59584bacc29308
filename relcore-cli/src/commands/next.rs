//! `relcore next`: the next version from the commits on stdin.

use relcore::bump::{Decision, Policy, Tally, next_version};
use relcore::commit::Commit;
use relcore::version::Version;

use crate::Outcome;
use crate::args::{HistoryArgs, NextArgs};
use crate::input::for_each_commit;
use crate::output::{UsageError, print_json, print_line, report};

pub fn run(args: &NextArgs, json: bool) -> anyhow::Result<Outcome> {
    let policy = policy(&args.history)?;
    let current = args
        .history
        .current
        .as_deref()
        .map(parse_version)
        .transpose()?;
    let mut tally = Tally::new(&policy);
    for_each_commit(&args.history, |commit| tally.add(&commit))?;
    let decision = tally.decide(current.as_ref()).map_err(|e| {
        anyhow::Error::new(UsageError {
            code: e.kind().as_str(),
            message: e.to_string(),
        })
    })?;
    if json {
        print_json(&serde_json::to_value(&decision)?)?;
    } else {
        print_decision(&decision)?;
    }
    Ok(if decision.next.is_some() {
        Outcome::Success
    } else {
        Outcome::Negative
    })
}

/// Decides the next version from `commits`, as `next` and `changelog` both do.
pub fn decide(history: &HistoryArgs, commits: &[Commit]) -> anyhow::Result<Decision> {
    let current = history.current.as_deref().map(parse_version).transpose()?;
    let policy = policy(history)?;
    next_version(current.as_ref(), commits, &policy).map_err(|e| {
        anyhow::Error::new(UsageError {
            code: e.kind().as_str(),
            message: e.to_string(),
        })
    })
}

/// A version given as an argument: invalid is a usage error with the library's slug.
pub fn parse_version(text: &str) -> anyhow::Result<Version> {
    Version::parse(text).map_err(|e| {
        anyhow::Error::new(UsageError {
            code: e.kind().as_str(),
            message: e.to_string(),
        })
    })
}

fn policy(history: &HistoryArgs) -> anyhow::Result<Policy> {
    let mut policy = Policy {
        channel: history.channel.clone(),
        breaking_always_bump_major: history.breaking_always_bump_major,
        features_always_bump_minor: history.features_always_bump_minor,
        include_merges: history.include_merges,
        ..Policy::default()
    };
    for (given, field) in [
        (&history.major_types, &mut policy.major_types),
        (&history.minor_types, &mut policy.minor_types),
        (&history.patch_types, &mut policy.patch_types),
    ] {
        if let Some(types) = given {
            field.clone_from(types);
        }
    }
    if let Some(initial) = &history.initial_version {
        policy.initial_version = parse_version(initial)?;
    }
    Ok(policy)
}

/// `1.4.2 -> 1.5.0 (minor)` and the reasons, one per line.
pub fn print_decision(decision: &Decision) -> anyhow::Result<()> {
    let current = decision
        .current
        .as_ref()
        .map_or_else(|| "(no release)".to_owned(), ToString::to_string);
    match &decision.next {
        Some(next) => {
            let level = decision
                .level
                .map(|l| format!(" ({l})"))
                .unwrap_or_default();
            print_line(&format!("{current} -> {next}{level}"))?;
        }
        None => report(
            "no_releasable_changes",
            &format!("{current}: nothing to release"),
            None,
            None,
        ),
    }
    for reason in &decision.reasons {
        let line = format!("  {}: {}", reason.rule, reason.message);
        if decision.next.is_some() {
            print_line(&line)?;
        } else {
            eprintln!("{line}");
        }
    }
    Ok(())
}
