//! `relcore plan check FILE`: a rollout plan checked like a linter.

use anyhow::Context as _;
use relcore::plan::{Context, validate};
use relcore::risk::{ChangeType, Risk};

use crate::Outcome;
use crate::args::PlanCommand;
use crate::output::{UsageError, print_diagnostic, print_json, print_line};

fn usage(code: &'static str, message: String) -> anyhow::Error {
    anyhow::Error::new(UsageError { code, message })
}

pub fn run(cmd: &PlanCommand, json: bool) -> anyhow::Result<Outcome> {
    let PlanCommand::Check {
        file,
        change_type,
        risk,
        start,
    } = cmd;
    let text =
        std::fs::read_to_string(file).with_context(|| format!("reading {}", file.display()))?;
    let mut ctx = Context::default();
    if let Some(t) = change_type {
        ctx.change_type = Some(
            t.parse::<ChangeType>()
                .map_err(|e| usage(e.kind().as_str(), e.to_string()))?,
        );
    }
    if let Some(r) = risk {
        ctx.risk = Some(
            r.parse::<Risk>()
                .map_err(|e| usage(e.kind().as_str(), e.to_string()))?,
        );
    }
    if let Some(s) = start {
        ctx.start = Some(
            relcore::plan::parse_start(s).map_err(|e| usage(e.kind().as_str(), e.to_string()))?,
        );
    }
    let report = validate(&text, &ctx);
    if json {
        print_json(&serde_json::to_value(&report)?)?;
    } else {
        let name = file.display().to_string();
        for d in &report.diagnostics {
            print_diagnostic(&name, &text, d);
        }
        let rollback = report
            .worst_case_rollback_seconds
            .map_or_else(|| "never, by itself".to_owned(), human);
        print_line(&format!(
            "{name}: {} errors, {} warnings; rollout {}, worst case until a rollback fires {rollback}",
            report.errors().count(),
            report.warnings().count(),
            human(report.total_duration_seconds)
        ))?;
    }
    Ok(if report.has_errors() {
        Outcome::Negative
    } else {
        Outcome::Success
    })
}

/// `1h30m`, `45s`.
fn human(seconds: u64) -> String {
    relcore::plan::Duration::from_secs(seconds).to_string()
}
