//! `relcore sync`: fixed groups aligned and internal requirements rewritten
//! (`relcore_release::sync`), reported or, with `--write`, written all or nothing.

use relcore_release::sync::{SyncOptions, SyncReport};

use crate::Outcome;
use crate::args::SyncArgs;
use crate::output::{print_diagnostic, print_json, print_line, release_error};
use crate::source::open_repository;

pub fn run(args: &SyncArgs, json: bool) -> anyhow::Result<Outcome> {
    let (repo, config) = open_repository(&args.repo)?;
    let options = SyncOptions { write: args.write };
    let report =
        relcore_release::sync::sync(&repo, &config, &options).map_err(|e| release_error(&e))?;
    if json {
        print_json(&serde_json::to_value(&report)?)?;
    } else {
        let root = repo.workdir().unwrap_or_default();
        print_report(&report, &root)?;
    }
    Ok(if report.in_sync() {
        Outcome::Success
    } else {
        Outcome::Negative
    })
}

fn print_report(report: &SyncReport, root: &std::path::Path) -> anyhow::Result<()> {
    let place = |s: &relcore::workspace::Site| format!("{}:{}:{}", s.file, s.line, s.column);
    let verb = if report.written { "" } else { "would " };
    for v in &report.versions {
        let at = v.at.as_ref().map(place).unwrap_or_default();
        print_line(&format!(
            "{at}: {} {} -> {} ({})",
            v.package, v.from, v.to, v.reason
        ))?;
    }
    for r in &report.rewrites {
        print_line(&format!(
            "{}: {} requires {} `{}` -> `{}`",
            place(&r.at),
            r.package,
            r.dependency,
            r.old,
            r.new
        ))?;
    }
    for f in &report.files {
        print_line(&format!("{verb}update {}", f.path))?;
    }
    for d in &report.unresolved {
        let file = d.path.clone().unwrap_or_default();
        // The source line under each problem, as it is after the run.
        let text = std::fs::read_to_string(root.join(&file)).unwrap_or_default();
        print_diagnostic(&file, &text, d);
    }
    let changes = report.versions.len() + report.rewrites.len();
    let summary = match (changes, report.written) {
        (0, _) => "nothing to sync".to_owned(),
        (n, true) => format!("{n} change{} written", if n == 1 { "" } else { "s" }),
        (n, false) => format!(
            "{n} change{} to make (dry run: pass --write)",
            if n == 1 { "" } else { "s" }
        ),
    };
    let problems = report.unresolved.len();
    print_line(&format!(
        "{summary}; {problems} problem{} left",
        if problems == 1 { "" } else { "s" }
    ))?;
    Ok(())
}
