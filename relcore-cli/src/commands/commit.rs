//! `relcore commit parse|lint`.

use std::path::Path;

use relcore::commit::{Commit, LintOptions, exempt, lint_with};
use relcore::diagnostic::Severity;
use relcore_git::{CommitQuery, Repository};
use serde_json::json;

use crate::Outcome;
use crate::args::CommitCommand;
use crate::input::file_or_stdin;
use crate::output::{library_error, print_diagnostic, print_json, print_line};

pub fn run(cmd: CommitCommand, json: bool) -> anyhow::Result<Outcome> {
    match cmd {
        CommitCommand::Parse { file } => parse(&file_or_stdin(file.as_deref())?, json),
        CommitCommand::Lint {
            file,
            range,
            repo,
            config,
            lint_merges,
            lint_reverts,
            lint_fixups,
        } => {
            let options = LintOptions {
                merges: lint_merges,
                reverts: lint_reverts,
                fixups: lint_fixups,
                keep_comments: false,
            };
            if let Some(range) = range {
                return lint_range(&range, &repo, config.as_deref(), options, json);
            }
            let name = file
                .as_ref()
                .filter(|f| f.as_os_str() != "-")
                .map_or_else(|| "<stdin>".to_owned(), |f| f.display().to_string());
            let text = file_or_stdin(file.as_deref())?;
            check(&name, &text, options, json)
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

fn check(name: &str, message: &str, options: LintOptions, json: bool) -> anyhow::Result<Outcome> {
    let diagnostics = lint_with(message, &options);
    let errors = diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    let warnings = diagnostics.len() - errors;
    let skipped = exempt(message, &options);
    if json {
        print_json(
            &json!({ "diagnostics": diagnostics, "errors": errors, "warnings": warnings, "skipped": skipped }),
        )?;
    } else {
        for d in &diagnostics {
            print_diagnostic(name, message, d);
        }
        if let Some(kind) = skipped {
            print_line(&format!(
                "a {kind} commit written by git: not linted (--lint-{kind}s to lint it)"
            ))?;
        } else if diagnostics.is_empty() {
            print_line("the message follows Conventional Commits 1.0")?;
        }
    }
    Ok(if errors == 0 {
        Outcome::Success
    } else {
        Outcome::Negative
    })
}

/// `--range`: `A..B`, `A..`, `A` (to HEAD), `..B` or empty (since the latest release tag).
fn lint_range(
    range: &str,
    repo: &Path,
    config: Option<&Path>,
    options: LintOptions,
    json: bool,
) -> anyhow::Result<Outcome> {
    let repository = Repository::open(repo).map_err(|e| library_error(&e))?;
    let (since, until) = match range.split_once("..") {
        Some((a, b)) => (a.trim(), b.trim()),
        None => (range.trim(), ""),
    };
    let since = if since.is_empty() {
        let root = repository.workdir().unwrap_or_else(|| repo.to_path_buf());
        let file = config.map_or_else(
            || root.join(relcore_release::CONFIG_FILE),
            Path::to_path_buf,
        );
        let config =
            relcore_release::load_config(&file).map_err(|e| crate::output::config_error(&e))?;
        repository
            .latest_tag(&config.tag_format, config.package.as_deref())
            .map_err(|e| library_error(&e))?
            .map(|t| t.name)
    } else {
        Some(since.to_owned())
    };
    let query = CommitQuery {
        since: since.clone(),
        until: (!until.is_empty()).then(|| until.to_owned()),
        include_merges: options.merges,
        ..CommitQuery::default()
    };
    let mut problems = Vec::new();
    let mut linted = 0usize;
    let mut skipped = 0usize;
    // Each message as written: a body without its blank line, or a malformed footer, is
    // seen as the author committed it.
    repository
        .for_each_message(&query, |id, message| {
            if exempt(message, &options).is_some() {
                skipped += 1;
                return;
            }
            linted += 1;
            let diagnostics = lint_with(message, &options);
            if !diagnostics.is_empty() {
                problems.push((id.to_owned(), message.to_owned(), diagnostics));
            }
        })
        .map_err(|e| library_error(&e))?;
    let count = |severity: Severity| {
        problems
            .iter()
            .flat_map(|(_, _, ds)| ds)
            .filter(|d| d.severity == severity)
            .count()
    };
    let (errors, warnings) = (count(Severity::Error), count(Severity::Warning));
    if json {
        let commits: Vec<serde_json::Value> = problems
            .iter()
            .map(|(id, message, diagnostics)| {
                json!({
                    "id": id,
                    "header": message.lines().next().unwrap_or_default(),
                    "diagnostics": diagnostics,
                })
            })
            .collect();
        print_json(&json!({
            "since": since,
            "until": query.until,
            "linted": linted,
            "skipped": skipped,
            "commits": commits,
            "errors": errors,
            "warnings": warnings,
        }))?;
    } else {
        for (id, message, diagnostics) in &problems {
            let short = id.get(..7).unwrap_or(id);
            for d in diagnostics {
                print_diagnostic(short, message, d);
            }
        }
        print_line(&format!(
            "{linted} commit{} linted ({skipped} written by git skipped): {errors} error{}, {warnings} warning{}",
            if linted == 1 { "" } else { "s" },
            if errors == 1 { "" } else { "s" },
            if warnings == 1 { "" } else { "s" },
        ))?;
    }
    Ok(if errors == 0 {
        Outcome::Success
    } else {
        Outcome::Negative
    })
}
