//! `relcore check versions`: version conflicts across the packages of `[packages]`, each
//! located in its file.

use relcore::diagnostic::Severity;

use crate::Outcome;
use crate::args::CheckCommand;
use crate::output::{print_diagnostic, print_json, print_line, release_error};
use crate::source::open_repository;

pub fn run(cmd: &CheckCommand, json: bool) -> anyhow::Result<Outcome> {
    match cmd {
        CheckCommand::Versions(args) => versions(args, json),
    }
}

fn versions(args: &crate::args::RepoArgs, json: bool) -> anyhow::Result<Outcome> {
    let (repo, config) = open_repository(args)?;
    let report = relcore_release::workspace::check_versions(&repo, &config)
        .map_err(|e| release_error(&e))?;
    let count = |severity| {
        report
            .diagnostics
            .iter()
            .filter(|d| d.severity == severity)
            .count()
    };
    let (errors, warnings) = (count(Severity::Error), count(Severity::Warning));
    if json {
        print_json(&serde_json::to_value(&report)?)?;
    } else {
        let root = repo.workdir().unwrap_or_default();
        for d in &report.diagnostics {
            let file = d.path.clone().unwrap_or_default();
            // The source line under each problem; a file that cannot be read shows none.
            let text = std::fs::read_to_string(root.join(&file)).unwrap_or_default();
            print_diagnostic(&file, &text, d);
        }
        let packages: Vec<String> = report
            .packages
            .iter()
            .map(|p| match &p.tag {
                Some(tag) => format!("{} {} ({tag})", p.name, p.version),
                None => format!("{} {} (no tag)", p.name, p.version),
            })
            .collect();
        print_line(&format!(
            "{} package{}: {}; {errors} error{}, {warnings} warning{}",
            packages.len(),
            if packages.len() == 1 { "" } else { "s" },
            packages.join(", "),
            if errors == 1 { "" } else { "s" },
            if warnings == 1 { "" } else { "s" },
        ))?;
    }
    Ok(if errors > 0 {
        Outcome::Negative
    } else {
        Outcome::Success
    })
}
