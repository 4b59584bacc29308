//! `relcore plan check FILE`: a rollout plan checked like a linter; `relcore plan
//! simulate FILE --metrics FILE`: the plan run against a metric timeline; `relcore plan
//! suggest`: a plan that fits the next release's classification; `relcore plan chart
//! FILE`: the plan as a Mermaid gantt chart; `relcore plan order FILE`: the services'
//! deploy and rollback order; `relcore plan next-window FILE`: when the next rollout may
//! start.

use std::path::Path;

use relcore::plan::{
    Context, Outcome as SimOutcome, Simulation, SimulationError, TimelineFormat,
    UnknownTimelineFormat, simulate_text_in, validate,
};
use relcore::risk::{ChangeType, Risk};
use serde_json::json;

use crate::Outcome;
use crate::args::PlanCommand;
use crate::output::{error_json, library_error, print_diagnostic, print_json, print_line, usage};

pub fn run(cmd: &PlanCommand, json: bool) -> anyhow::Result<Outcome> {
    match cmd {
        PlanCommand::Check {
            file,
            change_type,
            risk,
            start,
            config,
        } => check(
            file,
            change_type.as_deref(),
            risk.as_deref(),
            start.as_deref(),
            config.as_deref(),
            json,
        ),
        PlanCommand::Simulate {
            file,
            metrics,
            format,
            config,
        } => simulate(file, metrics, format.as_deref(), config.as_deref(), json),
        PlanCommand::Order { file } => order(file, json),
        PlanCommand::NextWindow { file, at, config } => {
            next_window(file, at.as_deref(), config.as_deref(), json)
        }
        PlanCommand::Suggest(args) => suggest(args, json),
        PlanCommand::Chart { file, markdown } => chart(file, *markdown, json),
    }
}

/// The plan as a Mermaid gantt chart; a plan that does not read gets its diagnostics.
fn chart(file: &Path, markdown: bool, json: bool) -> anyhow::Result<Outcome> {
    let Some((plan, _)) = read_plan(file, json)? else {
        return Ok(Outcome::Negative);
    };
    let chart = relcore::plan::chart(&plan);
    if json {
        print_json(&json!({ "chart": chart }))?;
    } else if markdown {
        print_line(&format!("```mermaid\n{}```", ensure_newline(&chart)))?;
    } else {
        crate::output::print_text(&ensure_newline(&chart))?;
    }
    Ok(Outcome::Success)
}

fn ensure_newline(text: &str) -> String {
    if text.ends_with('\n') {
        text.to_owned()
    } else {
        format!("{text}\n")
    }
}

/// The plan `relcore::risk::suggest_plan` gives for the release's classification.
fn suggest(args: &crate::args::ClassifyArgs, json: bool) -> anyhow::Result<Outcome> {
    let Some(classification) = crate::risk::classification(args)? else {
        print_line("nothing to release, nothing to plan")?;
        return Ok(Outcome::Negative);
    };
    let plan = relcore::risk::suggest_plan(&classification).to_yaml();
    if json {
        print_json(&json!({ "plan": plan, "classification": classification }))?;
    } else {
        crate::output::print_text(&plan)?;
    }
    Ok(Outcome::Success)
}

/// The holidays of a plan's context: `[plan] holidays` of the configuration (`--config`,
/// else `relcore.toml` in the current directory when there is one), and the dates of the
/// plan's `window.holidays-file` (relative to the plan).
fn holidays(
    file: &Path,
    text: &str,
    config: Option<&Path>,
) -> anyhow::Result<Vec<chrono::NaiveDate>> {
    let loaded = match config {
        Some(path) => relcore_release::config::load_given(path),
        None => {
            relcore_release::config::load_config(Path::new(relcore_release::config::CONFIG_FILE))
        }
    };
    let mut dates = loaded
        .map_err(|e| crate::output::config_error(&e))?
        .plan
        .holidays;
    let listed = relcore::plan::Plan::from_yaml(text)
        .ok()
        .and_then(|p| p.window)
        .and_then(|w| w.holidays_file);
    if let Some(name) = listed {
        let path = file.parent().unwrap_or(Path::new("")).join(&name);
        let content = crate::input::read_named(&path, &path)?;
        match relcore::plan::parse_holidays(&content) {
            Ok(more) => dates.extend(more),
            Err(d) => {
                let shown = path.display().to_string();
                return Err(usage(
                    d.code.clone(),
                    format!(
                        "{shown}:{}:{}: {}",
                        d.line.unwrap_or(1),
                        d.column.unwrap_or(1),
                        d.message
                    ),
                ));
            }
        }
    }
    dates.sort_unstable();
    dates.dedup();
    Ok(dates)
}

/// The services' deploy order with the waits and health checks, and the rollback order.
fn order(file: &Path, json: bool) -> anyhow::Result<Outcome> {
    let Some((plan, _)) = read_plan(file, json)? else {
        return Ok(Outcome::Negative);
    };
    let name = file.display().to_string();
    let order = match plan.service_plan() {
        Ok(order) => order,
        Err(err) => {
            if json {
                print_json(&error_json(
                    err.kind().as_str(),
                    &err.to_string(),
                    json!({ "file": name }),
                ))?;
            } else {
                print_line(&format!("{name}: {err}"))?;
            }
            return Ok(Outcome::Negative);
        }
    };
    if json {
        print_json(&serde_json::to_value(&order)?)?;
        return Ok(Outcome::Success);
    }
    if order.deploy.is_empty() {
        print_line(&format!("{name}: the plan lists no services"))?;
        return Ok(Outcome::Success);
    }
    let width = order
        .deploy
        .iter()
        .map(|s| s.name.chars().count())
        .max()
        .unwrap_or(0);
    print_line("deploy:")?;
    for (i, s) in order.deploy.iter().enumerate() {
        let mut then = Vec::new();
        if s.delay_seconds > 0 {
            then.push(format!("wait {}", human(s.delay_seconds)));
        }
        if let Some(h) = &s.health_check {
            then.push(format!("health check {h}"));
        }
        print_line(format!("  {}. {:<width$}  {}", i + 1, s.name, then.join(", ")).trim_end())?;
    }
    print_line("rollback:")?;
    for (i, s) in order.rollback.iter().enumerate() {
        print_line(&format!("  {}. {s}", i + 1))?;
    }
    Ok(Outcome::Success)
}

/// When the next rollout may start, from `--at` (default: now, in the window's timezone).
fn next_window(
    file: &Path,
    at: Option<&str>,
    config: Option<&Path>,
    json: bool,
) -> anyhow::Result<Outcome> {
    let Some((plan, text)) = read_plan(file, json)? else {
        return Ok(Outcome::Negative);
    };
    let name = file.display().to_string();
    let ctx = Context {
        holidays: holidays(file, &text, config)?,
        ..Context::default()
    };
    let zone = plan
        .window
        .as_ref()
        .and_then(|w| w.timezone.clone())
        .unwrap_or_default();
    let at = match at {
        Some(s) => relcore::plan::parse_start(s).map_err(|e| library_error(&e))?,
        // The clock is read here, never in the core. An unknown timezone gets its answer
        // from the core.
        None => relcore::plan::local_time(&zone, chrono::Utc::now())
            .unwrap_or_else(|| chrono::Utc::now().naive_utc()),
    };
    let next = match relcore::plan::next_window(&plan, &ctx, at) {
        Ok(next) => next,
        Err(err) => {
            print_unreadable(&name, &text, &err.to_string(), err.diagnostics(), json)?;
            return Ok(Outcome::Negative);
        }
    };
    if json {
        print_json(&serde_json::to_value(&next)?)?;
    } else {
        let shown = |t: chrono::NaiveDateTime| t.format("%a %Y-%m-%d %H:%M").to_string();
        for slot in &next.skipped {
            for d in &slot.reasons {
                print_line(&format!("{}  {}: {}", shown(slot.start), d.code, d.message))?;
            }
        }
        if next.skipped_total > next.skipped.len() {
            print_line(&format!(
                "… and {} more starts ruled out",
                next.skipped_total - next.skipped.len()
            ))?;
        }
        for d in &next.overridden {
            print_line(&format!("overridden: {}: {}", d.code, d.message))?;
        }
        print_line(&match next.start {
            Some(start) => format!("next window: {} ({})", shown(start), next.timezone),
            None => format!(
                "no window within a year after {} ({})",
                shown(next.at),
                next.timezone
            ),
        })?;
    }
    Ok(if next.start.is_some() {
        Outcome::Success
    } else {
        Outcome::Negative
    })
}

fn check(
    file: &Path,
    change_type: Option<&str>,
    risk: Option<&str>,
    start: Option<&str>,
    config: Option<&Path>,
    json: bool,
) -> anyhow::Result<Outcome> {
    let text = crate::input::read_file(file)?;
    let mut ctx = Context {
        holidays: holidays(file, &text, config)?,
        ..Context::default()
    };
    if let Some(t) = change_type {
        ctx.change_type = Some(t.parse::<ChangeType>().map_err(|e| library_error(&e))?);
    }
    if let Some(r) = risk {
        ctx.risk = Some(r.parse::<Risk>().map_err(|e| library_error(&e))?);
    }
    if let Some(s) = start {
        ctx.start = Some(relcore::plan::parse_start(s).map_err(|e| library_error(&e))?);
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
        let notes = match report.notes().count() {
            0 => String::new(),
            1 => ", 1 note".to_owned(),
            n => format!(", {n} notes"),
        };
        print_line(&format!(
            "{name}: {} errors, {} warnings{notes}; rollout {}, worst case until a rollback fires {rollback}",
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

fn simulate(
    file: &Path,
    metrics: &Path,
    format: Option<&str>,
    config: Option<&Path>,
    json: bool,
) -> anyhow::Result<Outcome> {
    let plan = crate::input::read_file(file)?;
    let ctx = Context {
        holidays: holidays(file, &plan, config)?,
        ..Context::default()
    };
    let (timeline, metrics_name) = if metrics == Path::new("-") {
        (crate::input::stdin_text()?, "<stdin>".to_owned())
    } else {
        (
            crate::input::read_file(metrics)?,
            metrics.display().to_string(),
        )
    };
    let format = match format {
        Some(f) => Some(
            f.parse()
                .or_else(|e| spelled_as_extension(f).ok_or(e))
                .map_err(|e: UnknownTimelineFormat| library_error(&e))?,
        ),
        None => TimelineFormat::from_extension(&metrics_name),
    };
    let sim = match simulate_text_in(&plan, &timeline, format, &ctx) {
        Ok(sim) => sim,
        Err(err) => {
            let name = match &err {
                SimulationError::Plan(_) => file.display().to_string(),
                SimulationError::Timeline(_) => metrics_name,
            };
            let text = err.about(&plan, &timeline);
            print_unreadable(&name, text, &err.to_string(), err.diagnostics(), json)?;
            return Ok(Outcome::Negative);
        }
    };
    if json {
        print_json(&serde_json::to_value(&sim)?)?;
    } else {
        print_simulation(&sim)?;
    }
    Ok(if sim.outcome == SimOutcome::Completed {
        Outcome::Success
    } else {
        Outcome::Negative
    })
}

/// A file that cannot be read as a plan or a timeline: its diagnostics with their source
/// lines, or `--json` an error document with the first one's code and all of them.
/// The plan file read and parsed; `None` when it does not read, after printing its
/// diagnostics.
fn read_plan(file: &Path, json: bool) -> anyhow::Result<Option<(relcore::plan::Plan, String)>> {
    let text = crate::input::read_file(file)?;
    match relcore::plan::Plan::from_yaml(&text) {
        Ok(plan) => Ok(Some((plan, text))),
        Err(err) => {
            let name = file.display().to_string();
            print_unreadable(&name, &text, &err.to_string(), err.diagnostics(), json)?;
            Ok(None)
        }
    }
}

fn print_unreadable(
    name: &str,
    text: &str,
    message: &str,
    diagnostics: &[relcore::diagnostic::Diagnostic],
    json: bool,
) -> anyhow::Result<()> {
    if json {
        let code = diagnostics
            .first()
            .map_or("invalid_yaml", |d| d.code.as_str());
        print_json(&error_json(
            code,
            message,
            json!({ "file": name, "diagnostics": diagnostics }),
        ))?;
    } else {
        for d in diagnostics {
            print_diagnostic(name, text, d);
        }
    }
    Ok(())
}

/// A `--format` spelled as a file extension may be: `yml`, or any case (`CSV`).
fn spelled_as_extension(name: &str) -> Option<TimelineFormat> {
    match name.to_ascii_lowercase().as_str() {
        "yml" => Some(TimelineFormat::Yaml),
        lower => lower.parse().ok(),
    }
}

/// One line per decision, then the outcome.
fn print_simulation(sim: &Simulation) -> anyhow::Result<()> {
    let width = sim
        .decisions
        .iter()
        .map(|d| d.stage.chars().count())
        .max()
        .unwrap_or(0);
    for d in &sim.decisions {
        // With a window and a start: the wall-clock time in the window's timezone.
        let when = d
            .time
            .clone()
            .unwrap_or_else(|| format!("{:>9}", human(d.at_seconds)));
        print_line(&format!(
            "{when}  {:<width$}  {:<17}  {}",
            d.stage,
            d.decision.as_str(),
            d.message
        ))?;
    }
    let stage = sim
        .stage
        .as_deref()
        .map_or_else(String::new, |s| format!(" in `{s}`"));
    let at = match &sim.time {
        Some(time) => format!("{} ({time})", human(sim.at_seconds)),
        None => human(sim.at_seconds),
    };
    let undone = if sim.rollback_order.is_empty() {
        String::new()
    } else {
        format!(
            "; services rolled back: {}",
            sim.rollback_order.join(" -> ")
        )
    };
    print_line(&match sim.outcome {
        SimOutcome::Completed => format!("completed at {at}"),
        SimOutcome::RolledBack => format!("rolled back at {at}{stage}{undone}"),
        SimOutcome::Stuck => format!("stuck since {at}{stage}"),
    })?;
    Ok(())
}

/// `1h30m`, `45s`.
fn human(seconds: u64) -> String {
    relcore::plan::Duration::from_secs(seconds).to_string()
}
