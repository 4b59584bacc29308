//! `relcore commit parse|lint`.

use relcore::commit::{Commit, lint, strip_comments};
use relcore::diagnostic::Severity;
use serde_json::json;

use crate::Outcome;
use crate::args::CommitCommand;
use crate::input::file_or_stdin;
use crate::output::{print_diagnostic, print_json, print_line};

pub fn run(cmd: CommitCommand, json: bool) -> anyhow::Result<Outcome> {
    match cmd {
        CommitCommand::Parse { file } => parse(&file_or_stdin(file.as_deref())?, json),
        CommitCommand::Lint { file } => {
            let name = file
                .as_ref()
                .map_or_else(|| "<stdin>".to_owned(), |f| f.display().to_string());
            let text = file_or_stdin(file.as_deref())?;
            let text = if file.is_some() {
                strip_comments(&text)
            } else {
                text
            };
            check(&name, &text, json)
        }
    }
}

fn parse(message: &str, json: bool) -> anyhow::Result<Outcome> {
    let commit = Commit::parse(message);
    if json {
        print_json(&serde_json::to_value(&commit)?)?;
        return Ok(Outcome::Success);
    }
    let yes_no = |b: bool| if b { "yes" } else { "no" };
    let mut lines = vec![
        format!(
            "type:        {}",
            commit
                .r#type
                .as_deref()
                .unwrap_or("(not a Conventional Commit)")
        ),
        format!("scope:       {}", commit.scope.as_deref().unwrap_or("-")),
        format!("description: {}", commit.description),
        format!("breaking:    {}", yes_no(commit.breaking)),
    ];
    if let Some(note) = &commit.breaking_note {
        lines.push(format!(
            "migration:   {}",
            note.replace('\n', "\n             ")
        ));
    }
    if !commit.references.is_empty() {
        let refs: Vec<String> = commit
            .references
            .iter()
            .map(|r| format!("{}#{}", r.repository.as_deref().unwrap_or(""), r.number))
            .collect();
        lines.push(format!("references:  {}", refs.join(", ")));
    }
    if let Some(dep) = &commit.dependency {
        let from = dep
            .from
            .as_deref()
            .map(|f| format!(" from {f}"))
            .unwrap_or_default();
        lines.push(format!("dependency:  {}{from} to {}", dep.name, dep.to));
    }
    if let Some(revert) = &commit.revert_of {
        lines.push(format!(
            "reverts:     {}",
            revert
                .id
                .as_deref()
                .or(revert.header.as_deref())
                .unwrap_or("?")
        ));
    }
    if commit.merge {
        lines.push("merge:       yes".to_owned());
    }
    for p in &commit.co_authors {
        lines.push(format!("co-author:   {}", p.name));
    }
    print_line(&lines.join("\n"))?;
    Ok(Outcome::Success)
}

fn check(name: &str, message: &str, json: bool) -> anyhow::Result<Outcome> {
    let diagnostics = lint(message);
    let errors = diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    let warnings = diagnostics.len() - errors;
    if json {
        print_json(&json!({ "diagnostics": diagnostics, "errors": errors, "warnings": warnings }))?;
    } else {
        for d in &diagnostics {
            print_diagnostic(name, message, d);
        }
        if diagnostics.is_empty() {
            print_line("the message follows Conventional Commits 1.0")?;
        }
    }
    Ok(if errors == 0 {
        Outcome::Success
    } else {
        Outcome::Negative
    })
}
