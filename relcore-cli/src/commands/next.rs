//! `relcore next`: the next version from the commits since the latest release.

use relcore::bump::Tally;

use crate::Outcome;
use crate::args::NextArgs;
use crate::output::{library_error, print_decision, print_json, print_line, release_error, warn};
use crate::source::Source;

pub fn run(args: &NextArgs, json: bool) -> anyhow::Result<Outcome> {
    let mut source = Source::open_workspace(&args.history)?;
    if source.workspace {
        return every_package(args, &source, json);
    }
    let policy = source.policy(&args.history)?;
    let (tally, _) = source.fold(
        &args.history,
        || Tally::new(&policy),
        |tally, commit| tally.add(&commit),
    )?;
    source.untagged_current(&policy);
    let decision = tally
        .decide(source.current.as_ref())
        .map_err(|e| library_error(&e))?;
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

/// `relcore next` in a repository with `[packages]` and no `--package`: every package,
/// dependencies first, planned together (groups, dependents' requirements); exit 1 when
/// none releases.
fn every_package(args: &NextArgs, source: &Source, json: bool) -> anyhow::Result<Outcome> {
    let repo = source
        .repo
        .as_ref()
        .ok_or_else(|| anyhow::anyhow!("no repository"))?;
    let options = args.history.workspace_options();
    let next = relcore_release::workspace::next_with(repo, &source.config, &options)
        .map_err(|e| release_error(&e))?;
    let releases = next.plan.packages.iter().any(|p| p.next.is_some());
    if json {
        print_json(&serde_json::to_value(&next)?)?;
    } else {
        for problem in &next.problems {
            warn(&problem.message);
        }
        for package in &next.plan.packages {
            let Some(version) = &package.next else {
                print_line(&format!(
                    "{} {}: nothing to release",
                    package.name, package.current
                ))?;
                continue;
            };
            let level = package.level.map_or("", |l| l.as_str());
            print_line(&format!(
                "{} {} -> {version} ({level})",
                package.name, package.current
            ))?;
            for reason in &package.reasons {
                print_line(&format!("  {}", reason.message))?;
            }
            for rewrite in &package.rewrites {
                print_line(&format!(
                    "  {}:{}:{}: {} `{}` -> `{}`",
                    rewrite.at.file,
                    rewrite.at.line,
                    rewrite.at.column,
                    rewrite.dependency,
                    rewrite.old,
                    rewrite.new
                ))?;
            }
        }
    }
    Ok(if releases {
        Outcome::Success
    } else {
        Outcome::Negative
    })
}
