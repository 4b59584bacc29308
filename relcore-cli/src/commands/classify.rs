//! `relcore classify`: the next release's risk classification, with its reasons.

use relcore::risk::{Classification, Facts, classify};
use relcore_git::{ReleaseOptions, prepare};

use super::parse_version;
use crate::Outcome;
use crate::args::ClassifyArgs;
use crate::output::{UsageError, print_json, print_line};
use crate::source::Source;

pub fn run(args: &ClassifyArgs, json: bool) -> anyhow::Result<Outcome> {
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

/// The next release's classification, from the repository (exactly what `relcore
/// release` classifies) or from the facts given with `--stdin`; `None` when the
/// repository has nothing to release.
pub fn classification(args: &ClassifyArgs) -> anyhow::Result<Option<Classification>> {
    let mut source = Source::open(&args.history)?;
    if let Some(d) = source
        .config
        .risk
        .check()
        .into_iter()
        .find(|d| d.code == "invalid_glob")
    {
        return Err(anyhow::Error::new(UsageError {
            code: "invalid_glob",
            message: format!(
                "risk policy, {}: {}",
                d.path.as_deref().unwrap_or_default(),
                d.message
            ),
        }));
    }
    Ok(match &*source.repo {
        Some(repo) if !args.history.stdin => {
            let mut config = source.config.clone();
            config.bump = source.policy(&args.history)?;
            let options = ReleaseOptions {
                date: None,
                current: source.current.clone(),
                channel: None,
                hotfix: args.hotfix,
            };
            let report = prepare(repo, &config, &options).map_err(|e| {
                anyhow::Error::new(UsageError {
                    code: e.code(),
                    message: e.to_string(),
                })
            })?;
            report.classification
        }
        _ => {
            let mut facts = Facts::new(source.commits(&args.history)?)
                .with_paths(args.paths.clone())
                .with_hotfix(args.hotfix);
            facts.current.clone_from(&source.current);
            facts.next = args.next.as_deref().map(parse_version).transpose()?;
            if let Some(branch) = &args.branch {
                facts = facts.with_branch(branch.clone());
            }
            Some(classify(&facts, &source.config.risk))
        }
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
