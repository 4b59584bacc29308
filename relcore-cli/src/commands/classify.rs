//! `relcore classify`: the next release's risk classification, with its reasons.

use relcore::risk::Classification;

use anyhow::Context;
use relcore_release::ReleaseOptions;

use crate::Outcome;
use crate::args::ClassifyArgs;
use crate::output::{print_json, print_line, release_error};
use crate::risk::classification;
use crate::source::Source;

pub fn run(args: &ClassifyArgs, json: bool) -> anyhow::Result<Outcome> {
    if !args.history.stdin {
        let source = Source::open_workspace(&args.history)?;
        if source.workspace {
            return every_package(args, &source, json);
        }
    }
    let Some(classification) = classification(args)? else {
        print_line("nothing to release, nothing to classify")?;
        return Ok(Outcome::Negative);
    };
    if json {
        print_json(&serde_json::to_value(&classification)?)?;
    } else {
        print_classification(&classification)?;
    }
    Ok(Outcome::Success)
}

/// `relcore classify` in a repository with `[packages]` and no `--package`: each package
/// that releases (planned together, as `relcore release` plans them), classified.
fn every_package(args: &ClassifyArgs, source: &Source, json: bool) -> anyhow::Result<Outcome> {
    let repo = source.repo.as_ref().context("no repository")?;
    let options = ReleaseOptions {
        hotfix: args.hotfix,
        ..args.history.workspace_options()
    };
    let release = relcore_release::workspace::prepare_workspace(repo, &source.config, &options)
        .map_err(|e| release_error(&e))?;
    let classified: Vec<(&str, &Classification)> = release
        .packages
        .iter()
        .filter_map(|p| Some((p.name.as_str(), p.report.classification.as_ref()?)))
        .collect();
    if json {
        let packages: Vec<serde_json::Value> = classified
            .iter()
            .map(|(name, c)| {
                let mut value = serde_json::to_value(c)?;
                if let Some(map) = value.as_object_mut() {
                    map.insert("package".to_owned(), serde_json::Value::from(*name));
                }
                Ok(value)
            })
            .collect::<anyhow::Result<_>>()?;
        print_json(&serde_json::json!({ "packages": packages }))?;
    } else if classified.is_empty() {
        print_line("nothing to release, nothing to classify")?;
    } else {
        for (i, (name, c)) in classified.iter().enumerate() {
            if i > 0 {
                print_line("")?;
            }
            print_line(&format!("{name}:"))?;
            print_classification(c)?;
        }
    }
    Ok(if classified.is_empty() {
        Outcome::Negative
    } else {
        Outcome::Success
    })
}

fn print_classification(c: &Classification) -> anyhow::Result<()> {
    let steps: Vec<String> = c.steps.iter().map(|s| format!("{s}%")).collect();
    let by = if c.approval.by.is_empty() {
        String::new()
    } else {
        format!(" by {}", c.approval.by.join(", "))
    };
    print_line(&format!("type       {}", c.r#type))?;
    print_line(&format!("risk       {}", c.risk))?;
    print_line(&format!(
        "strategy   {}{}",
        c.strategy,
        if steps.is_empty() {
            String::new()
        } else {
            format!(" ({})", steps.join(" -> "))
        }
    ))?;
    print_line(&format!("approval   {}{by}", c.approval.level))?;
    print_line(&format!("rollback   {}", c.rollback))?;
    for reason in &c.reasons {
        print_line(&format!("  {}: {}", reason.rule, reason.message))?;
    }
    Ok(())
}
