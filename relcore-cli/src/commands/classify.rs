//! `relcore classify`: the next release's risk classification, with its reasons.

use relcore::risk::Classification;

use crate::Outcome;
use crate::args::ClassifyArgs;
use crate::output::{print_json, print_line};
use crate::risk::classification;

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
