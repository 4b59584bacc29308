//! `relcore release`: the main job. Reads the repository, decides the next version, renders
//! the changelog section and shows what would change (a dry run); `--write` updates the
//! changelog atomically, `--tag` creates the annotated tag with the release notes.

use anyhow::Context;
use relcore::changelog::{
    Format, Release, Template, UpdateErrorKind, UpdateOptions, insert, render,
};
use serde_json::json;

use super::changelog::release_date;
use super::next::{decide, print_decision};
use crate::Outcome;
use crate::args::ReleaseArgs;
use crate::files::write_atomic;
use crate::output::{UsageError, print_json, print_line, report};
use crate::source::{Source, git_error};

fn usage(code: &'static str, message: String) -> anyhow::Error {
    anyhow::Error::new(UsageError { code, message })
}

/// What happened to the changelog file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
enum ChangelogState {
    /// The section would be inserted (dry run).
    WouldInsert,
    /// The section was written.
    Written,
    /// The file already has this version (left alone).
    AlreadyThere,
}

pub fn run(args: &ReleaseArgs, json: bool) -> anyhow::Result<Outcome> {
    if args.history.stdin {
        return Err(usage("usage", "relcore release reads the repository; use relcore next/changelog --stdin for messages on stdin".to_owned()));
    }
    let source = Source::open(&args.history)?;
    let policy = source.policy(&args.history)?;
    let commits = source.commits(&args.history)?;
    let decision = decide(source.current.as_ref(), &commits, &policy)?;
    let Some(next) = decision.next.clone() else {
        if json {
            print_json(
                &json!({ "current": decision.current, "next": null, "level": null, "reasons": decision.reasons, "commits": commits.len() }),
            )?;
        } else {
            print_decision(&decision)?;
        }
        return Ok(Outcome::Negative);
    };
    let config = source.config.changelog_config();
    let date = release_date(args.date.as_deref())?;
    let release = Release::from_commits(
        next.clone(),
        source.current.clone(),
        Some(date),
        &commits,
        &config,
    )
    .map_err(|e| usage(e.kind().as_str(), e.to_string()))?;
    let template = match &source.config.changelog.template {
        Some(path) => {
            let path = source.root.join(path);
            let text = std::fs::read_to_string(&path)
                .with_context(|| format!("reading {}", path.display()))?;
            Some(
                Template::new(&path.display().to_string(), &text)
                    .map_err(|e| usage(e.kind().as_str(), e.to_string()))?,
            )
        }
        None => Template::builtin(source.config.changelog.format),
    };
    let section = match &template {
        Some(t) => t.render(&release),
        None => render(&release, Format::KeepAChangelog),
    }
    .map_err(|e| usage(e.kind().as_str(), e.to_string()))?;

    let Some(state) = update_changelog(args, &source, &release, template.as_ref())? else {
        return Ok(Outcome::Negative);
    };
    let tag_name = release.tag.clone();
    let tagged = if args.tag {
        let notes = render(&release, Format::ReleaseNotes)
            .map_err(|e| usage(e.kind().as_str(), e.to_string()))?;
        let repo = source.repo.as_ref().context("no repository")?;
        repo.create_tag(&tag_name, &notes)
            .map_err(|e| git_error(&e))?;
        true
    } else {
        false
    };

    if json {
        print_json(&json!({
            "current": decision.current,
            "current_tag": source.tag.as_ref().map(|t| &t.name),
            "next": next,
            "level": decision.level,
            "reasons": decision.reasons,
            "commits": commits.len(),
            "tag": tag_name,
            "tagged": tagged,
            "changelog": { "path": source.root.join(&source.config.changelog.path), "state": state, "section": section },
            "release": release,
        }))?;
        return Ok(Outcome::Success);
    }
    print_summary(
        args,
        &source,
        &decision,
        &Done {
            commits: commits.len(),
            tagged,
            state,
        },
        &section,
    )?;
    Ok(Outcome::Success)
}

/// Inserts the release into the changelog in memory and writes it with `--write`;
/// `None` (after reporting) when `--write` meets a version that is already there.
fn update_changelog(
    args: &ReleaseArgs,
    source: &Source,
    release: &Release,
    template: Option<&Template>,
) -> anyhow::Result<Option<ChangelogState>> {
    let path = source.root.join(&source.config.changelog.path);
    let existing = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(e) => return Err(e).with_context(|| format!("reading {}", path.display())),
    };
    let options = UpdateOptions {
        take_unreleased: source.config.changelog.take_unreleased,
        replace: args.replace,
    };
    Ok(Some(match insert(&existing, release, template, &options) {
        Ok(updated) if args.write => {
            write_atomic(&path, &updated)?;
            ChangelogState::Written
        }
        Ok(_) => ChangelogState::WouldInsert,
        Err(e) if e.kind() == UpdateErrorKind::VersionExists => {
            if args.write {
                report(
                    e.kind().as_str(),
                    &format!("{}: {e}", path.display()),
                    None,
                    Some("pass --replace to regenerate that section"),
                );
                return Ok(None);
            }
            ChangelogState::AlreadyThere
        }
        Err(e) => return Err(usage(e.kind().as_str(), e.to_string())),
    }))
}

/// What the release did, for the summary.
struct Done {
    commits: usize,
    tagged: bool,
    state: ChangelogState,
}

/// The human summary: current, commits, next with reasons, the changelog, the section.
fn print_summary(
    args: &ReleaseArgs,
    source: &Source,
    decision: &relcore::bump::Decision,
    done: &Done,
    section: &str,
) -> anyhow::Result<()> {
    let next = decision
        .next
        .as_ref()
        .map(ToString::to_string)
        .unwrap_or_default();
    let tag_name = source
        .config
        .tag_format
        .format(
            decision
                .next
                .as_ref()
                .unwrap_or(&relcore::version::Version::new(0, 0, 0)),
            source.config.package.as_deref(),
        )
        .unwrap_or_default();
    let dry = if args.write || args.tag {
        ""
    } else {
        " (dry run)"
    };
    print_line(&format!("relcore release{dry}"))?;
    let current = match (&source.tag, &decision.current) {
        (Some(tag), _) => format!("{} (tag {})", tag.version, tag.name),
        (None, Some(v)) => v.to_string(),
        (None, None) => "none (first release)".to_owned(),
    };
    print_line(&format!("  current    {current}"))?;
    print_line(&format!(
        "  commits    {} since {}",
        done.commits,
        source
            .tag
            .as_ref()
            .map_or("the beginning", |t| t.name.as_str())
    ))?;
    let level = decision
        .level
        .map(|l| format!(" ({l})"))
        .unwrap_or_default();
    print_line(&format!(
        "  next       {next}{level}, tag {tag_name}{}",
        if done.tagged { " (created)" } else { "" }
    ))?;
    for reason in &decision.reasons {
        print_line(&format!("    {}: {}", reason.rule, reason.message))?;
    }
    let what = match done.state {
        ChangelogState::WouldInsert => "the section below would be inserted (pass --write)",
        ChangelogState::Written => "updated",
        ChangelogState::AlreadyThere => {
            "already has this version (pass --write --replace to regenerate)"
        }
    };
    print_line(&format!(
        "  changelog  {}: {what}",
        source.config.changelog.path.display()
    ))?;
    print_line("")?;
    print!("{section}");
    Ok(())
}
