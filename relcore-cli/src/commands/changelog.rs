//! `relcore changelog`: the changelog of the next release, printed or inserted into a file.

use std::path::Path;

use anyhow::Context;
use relcore::bump::Tally;
use relcore::changelog::{
    CompactRelease, Config, Format, Release, ReleaseBuilder, Template, UpdateErrorKind,
    UpdateOptions, insert, render, render_history,
};
use relcore::version::TagFormat;
use relcore_release::ReleaseOptions;
use serde_json::json;

use crate::Outcome;
use crate::args::ChangelogArgs;
use crate::output::{
    error_json, library_error, print_decision, print_json, release_error, report, usage,
};
use crate::source::Source;
use crate::values::{parse_version, release_date};
use relcore_git::CommitQuery;
use relcore_release::files::write_atomic;

pub fn run(args: &ChangelogArgs, json: bool) -> anyhow::Result<Outcome> {
    let format: Format = args
        .format
        .as_deref()
        .unwrap_or("keep-a-changelog")
        .parse()
        .map_err(|e: relcore::changelog::RenderError| library_error(&e))?;
    let template = args.template.as_deref().map(load_template).transpose()?;
    let mut source = Source::open_workspace(&args.history)?;
    if source.workspace {
        return every_package(args, &source, template.as_ref(), format, json);
    }
    let config = config(args, &source)?;
    if args.all {
        return all(&source, &config, template.as_ref(), format, json);
    }
    // One pass over the history: the tally decides the version (unless --next gives it),
    // the builder keeps what the release shows; the commits themselves are not kept.
    let policy = args.next.is_none().then(|| source.policy(&args.history));
    let tally_policy = match &policy {
        Some(Ok(policy)) => Some(policy),
        _ => None,
    };
    let ((tally, builder), _) = source.fold(
        &args.history,
        || (tally_policy.map(Tally::new), ReleaseBuilder::new(&config)),
        |(tally, builder), commit| {
            if let Some(tally) = tally {
                tally.add(&commit);
            }
            builder.add(&commit);
        },
    )?;
    let next = match (&args.next, tally) {
        (Some(v), _) => parse_version(v)?,
        (None, Some(tally)) => {
            if let Some(Ok(policy)) = &policy {
                source.untagged_current(policy);
            }
            let decision = tally
                .decide(source.current.as_ref())
                .map_err(|e| library_error(&e))?;
            let Some(next) = decision.next.clone() else {
                if json {
                    print_json(&serde_json::to_value(&decision)?)?;
                } else {
                    print_decision(&decision)?;
                }
                return Ok(Outcome::Negative);
            };
            next
        }
        (None, None) => {
            return Err(match policy {
                Some(Err(e)) => e,
                _ => anyhow::anyhow!("no release policy"),
            });
        }
    };
    let date = release_date(args.date.as_deref())?;
    // The release before, for the compare link: in a repository, only one that has a tag
    // (a version read from the version files has none to link to).
    let tagged = source.tag.is_some() || source.repo.is_none();
    let (builder, previous) = source
        .fold_cycle(
            &next,
            || ReleaseBuilder::new(&config),
            |builder, commit| builder.add(&commit),
        )?
        .unwrap_or_else(|| (builder, source.current.clone().filter(|_| tagged)));
    let mut release = builder
        .finish(next, previous, Some(date))
        .map_err(|e| library_error(&e))?;
    if args.hotfix {
        release = release.mark_hotfix();
    }
    if let Some(path) = &args.update {
        return update(
            args,
            path,
            &release.to_release(),
            template.as_ref(),
            format,
            json,
        );
    }
    let text = match &template {
        Some(t) => t.render(&release),
        None => render(&release, format),
    }
    .map_err(|e| library_error(&e))?;
    if json {
        print_json(
            &json!({ "next": release.version(), "release": release.to_release(), "text": text }),
        )?;
    } else {
        crate::output::print_text(&text)?;
    }
    Ok(Outcome::Success)
}

/// `relcore changelog` in a repository with `[packages]` and no `--package`: the section
/// of each package that releases, planned together as `relcore release` plans them. The
/// options that name one release (`--all`, `--next`, `--update`) need `--package`.
fn every_package(
    args: &ChangelogArgs,
    source: &Source,
    template: Option<&Template>,
    format: Format,
    json: bool,
) -> anyhow::Result<Outcome> {
    if args.all || args.next.is_some() || args.update.is_some() {
        let e = source
            .config
            .clone()
            .select(None)
            .err()
            .context("a package to choose")?;
        return Err(library_error(&e));
    }
    let repo = source.repo.as_ref().context("no repository")?;
    let options = ReleaseOptions {
        date: Some(release_date(args.date.as_deref())?),
        hotfix: args.hotfix,
        ..args.history.workspace_options()
    };
    let release = relcore_release::workspace::prepare_workspace(repo, &source.config, &options)
        .map_err(|e| release_error(&e))?;
    // The package's own section, unless --format or --template asks for another.
    let chosen = args.format.is_some() || template.is_some();
    let mut packages = Vec::new();
    for package in &release.packages {
        let Some(model) = &package.report.release else {
            continue;
        };
        let text = match (template, chosen) {
            (Some(t), _) => t.render(model).map_err(|e| library_error(&e))?,
            (None, true) => render(model, format).map_err(|e| library_error(&e))?,
            (None, false) => package.report.section.clone().unwrap_or_default(),
        };
        packages.push((package.name.as_str(), model, text));
    }
    if json {
        let list: Vec<serde_json::Value> = packages
            .iter()
            .map(|(name, model, text)| {
                json!({ "package": name, "next": model.version, "release": model, "text": text })
            })
            .collect();
        print_json(&json!({ "packages": list }))?;
    } else if packages.is_empty() {
        crate::output::print_line(
            "nothing to release: no package has a change that calls for a release",
        )?;
    } else {
        for (i, (name, _, text)) in packages.iter().enumerate() {
            if i > 0 {
                crate::output::print_line("")?;
            }
            crate::output::print_line(&format!("{name}:"))?;
            crate::output::print_text(text)?;
        }
    }
    Ok(if packages.is_empty() {
        Outcome::Negative
    } else {
        Outcome::Success
    })
}

fn load_template(path: &Path) -> anyhow::Result<Template> {
    let source = crate::input::read_file(path)?;
    Template::new(&path.display().to_string(), &source).map_err(|e| library_error(&e))
}

/// The configuration's changelog settings, with the command-line flags on top.
fn config(args: &ChangelogArgs, source: &Source) -> anyhow::Result<Config> {
    let mut config = source.config.changelog_config();
    if args.repository_url.is_some() {
        config.repository_url.clone_from(&args.repository_url);
    }
    config.breaking_section |= args.breaking_section;
    config.include_merges |= args.history.include_merges;
    if let Some(tag_format) = &args.tag_format {
        config.tag_format = TagFormat::parse(tag_format).map_err(|e| library_error(&e))?;
    }
    Ok(config)
}

/// `--update FILE [--write]`: insert the release into the file, print or save the result.
fn update(
    args: &ChangelogArgs,
    path: &Path,
    release: &Release,
    template: Option<&Template>,
    format: Format,
    json: bool,
) -> anyhow::Result<Outcome> {
    // The user's template, else the format's own when --format is given (JSON has none:
    // it is no text to insert), else the file's own style.
    let builtin;
    let template = if let Some(template) = template {
        Some(template)
    } else if args.format.is_some() {
        builtin = Template::builtin(format).ok_or_else(|| {
            usage(
                "unknown_format",
                "--update needs a text format: keep-a-changelog or release-notes".to_owned(),
            )
        })?;
        Some(&builtin)
    } else {
        None
    };
    let existing = crate::input::read_named_if_exists(path, path)?.unwrap_or_default();
    let options = UpdateOptions {
        take_unreleased: args.take_unreleased,
        replace: args.replace,
        in_version_order: args.in_version_order,
    };
    let updated = match insert(&existing, release, template, &options) {
        Ok(text) => text,
        Err(e)
            if matches!(
                e.kind(),
                UpdateErrorKind::VersionExists | UpdateErrorKind::OlderThanNewest
            ) =>
        {
            let message = format!("{}: {e}", path.display());
            if json {
                print_json(&error_json(
                    e.kind().as_str(),
                    &message,
                    json!({ "path": path }),
                ))?;
            } else {
                report(
                    e.kind().as_str(),
                    &message,
                    None,
                    Some(if e.kind() == UpdateErrorKind::VersionExists {
                        "pass --replace to regenerate that section"
                    } else {
                        "pass --in-version-order to add it below the newer releases"
                    }),
                );
            }
            return Ok(Outcome::Negative);
        }
        Err(e) => return Err(library_error(&e)),
    };
    if args.write {
        write_atomic(path, &updated).map_err(|e| release_error(&e.into()))?;
    }
    if json {
        print_json(
            &json!({ "next": release.version, "path": path, "written": args.write, "text": updated }),
        )?;
    } else if !args.write {
        crate::output::print_text(&updated)?;
    }
    Ok(Outcome::Success)
}

/// `--all`: every release tag's section, each from the commits between it and the tag
/// before, dated by its commit.
fn all(
    source: &Source,
    config: &Config,
    template: Option<&Template>,
    format: Format,
    json: bool,
) -> anyhow::Result<Outcome> {
    let repo = source
        .repo
        .as_ref()
        .ok_or_else(|| usage("usage", "--all reads the repository".to_owned()))?;
    // One walk: every release tag reachable from HEAD with its range, and the commits
    // no tag contains yet.
    let query = CommitQuery {
        since: None,
        until: None,
        include_merges: true,
        first_parent: source.config.git.first_parent,
        paths: source.config.git.paths.clone(),
        changed_paths: false,
    };
    let history = repo
        .fold_releases(
            &config.tag_format,
            config.package.as_deref(),
            &query,
            source.config.changelog.prereleases.fold(),
            // Boxed: thousands of releases' builders are moved from the walk's states into
            // its result; a pointer each moves, not the builder.
            || Box::new(ReleaseBuilder::new(config)),
            |builder, c| builder.add(&c.commit),
        )
        .map_err(|e| library_error(&e))?;
    let mut releases: Vec<CompactRelease> = Vec::with_capacity(history.releases.len());
    for folded in history.releases {
        let date = chrono::DateTime::from_timestamp(folded.tag.time, 0).map(|d| d.date_naive());
        let release = folded
            .state
            .finish(
                folded.tag.version.clone(),
                folded.previous.map(|t| t.version),
                date,
            )
            .map_err(|e| library_error(&e))?;
        releases.push(release);
    }
    let latest = releases.first().map(|r| r.version().clone());
    let unreleased = history
        .unreleased
        .finish(
            latest
                .clone()
                .unwrap_or_else(|| relcore::version::Version::new(0, 0, 0)),
            latest,
            None,
        )
        .map_err(|e| library_error(&e))?;
    let text = match template {
        Some(t) => {
            let mut out = String::new();
            for release in &releases {
                out.push_str(&t.render(release).map_err(|e| library_error(&e))?);
            }
            out
        }
        None => {
            render_history(Some(&unreleased), &releases, format).map_err(|e| library_error(&e))?
        }
    };
    if json {
        let releases: Vec<Release> = releases.iter().map(CompactRelease::to_release).collect();
        let unreleased = (!unreleased.is_empty()).then(|| unreleased.to_release().groups);
        print_json(&json!({ "releases": releases, "unreleased": unreleased, "text": text }))?;
    } else {
        crate::output::print_text(&text)?;
    }
    Ok(Outcome::Success)
}
