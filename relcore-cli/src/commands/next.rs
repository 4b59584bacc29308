//! `relcore next`: the next version from the commits since the latest release.

use relcore::bump::{Decision, Tally};

use crate::Outcome;
use crate::args::NextArgs;
use crate::output::{UsageError, print_json, print_line, report, warn};
use crate::source::Source;

pub fn run(args: &NextArgs, json: bool) -> anyhow::Result<Outcome> {
    let mut source = Source::open_lazily(&args.history)?;
    let policy = source.policy(&args.history)?;
    let (tally, _) = source.fold(
        &args.history,
        || Tally::new(&policy),
        |tally, commit| tally.add(&commit),
    )?;
    let decision = tally
        .decide(source.current.as_ref())
        .map_err(|e| bump_error(&e))?;
    let warnings = source.warnings();
    if json {
        let mut value = serde_json::to_value(&decision)?;
        if let Some(map) = value.as_object_mut() {
            map.insert("warnings".to_owned(), serde_json::to_value(&warnings)?);
        }
        print_json(&value)?;
    } else {
        for warning in &warnings {
            warn(warning);
        }
        print_decision(&decision)?;
    }
    Ok(if decision.next.is_some() {
        Outcome::Success
    } else {
        Outcome::Negative
    })
}

/// A bump the policy cannot make (a bad channel): a usage error with the library's slug.
pub fn bump_error(e: &relcore::version::BumpError) -> anyhow::Error {
    anyhow::Error::new(UsageError {
        code: e.kind().as_str(),
        message: e.to_string(),
    })
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
            crate::output::eprint_line(&line);
        }
    }
    Ok(())
}
