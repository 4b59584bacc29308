//! `relcore announce pre|post`: the facts of an announcement gathered from the repository
//! (the next release's version and changes, the rollout plan's window, duration and
//! strategy, the release record's status) and `[announce]` in `relcore.toml` (product,
//! contact, impact, templates per audience), rendered by the core
//! (`relcore::announce::announce`). Nothing is sent, nothing is written.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDateTime, Utc};
use relcore::announce::{
    AnnounceFormat, AnnounceRequest, Announcement, Audience, Phase, announce as render, changes_of,
};
use relcore::changelog::Template;
use relcore::plan::{Context, Plan, next_window};
use relcore::version::Version;
use relcore_git::Repository;
use serde::{Deserialize, Serialize};

use crate::config::ProjectConfig;
use crate::error::ReleaseError;
use crate::files;
use crate::prepare::{ReleaseOptions, prepare};

/// `[announce]`: what every announcement says unless the command line says otherwise,
/// and the templates that replace the built-in ones.
///
/// ```
/// use relcore_release::config::ProjectConfig;
/// let config = ProjectConfig::from_toml("[announce]\nproduct = \"Acme API\"\ncontact = \"#releases\"\n\n[announce.templates.customers]\npre = \"docs/announce/pre.j2\"\n")?;
/// assert_eq!(config.announce.product.as_deref(), Some("Acme API"));
/// assert_eq!(config.announce.templates["customers"].pre.as_deref(), Some("docs/announce/pre.j2"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(default, deny_unknown_fields)]
pub struct AnnounceSection {
    /// What is deployed, by name (`Acme API`); default `the service`.
    pub product: Option<String>,
    /// Whom to ask (`#releases`, `ops@example.com`).
    pub contact: Option<String>,
    /// What users notice while the deployment runs; default `no downtime expected`.
    pub impact: Option<String>,
    /// Templates by audience (`internal`, `customers`), each with `pre` and `post`
    /// (paths relative to the repository root, in the changelog's template syntax).
    pub templates: BTreeMap<String, AudienceTemplates>,
}

/// `[announce.templates.<audience>]`
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(default, deny_unknown_fields)]
pub struct AudienceTemplates {
    /// The template of the message before the deployment.
    pub pre: Option<String>,
    /// The template of the message after it.
    pub post: Option<String>,
}

/// What `relcore announce` is asked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AnnounceOptions {
    /// Before or after.
    pub phase: Phase,
    /// Who reads it.
    pub audience: Audience,
    /// Text, Markdown or JSON.
    pub format: AnnounceFormat,
    /// Now (the CLI's `--at`): the window's next start is looked for from here.
    pub at: DateTime<Utc>,
    /// The version; default: the next release's (`post`: the latest release record's,
    /// else the next release's, else the latest release's).
    pub version: Option<Version>,
    /// The start, in the window's timezone, instead of the plan's next window.
    pub start: Option<NaiveDateTime>,
    /// Over `[announce] product`.
    pub product: Option<String>,
    /// Over `[announce] contact`.
    pub contact: Option<String>,
    /// Over `[announce] impact`.
    pub impact: Option<String>,
}

/// The announcement of `repo`'s release: its facts, then the core's rendering.
///
/// # Errors
///
/// The errors of [`prepare`], of reading a configured template (`path_outside_repository`,
/// `io`, …) and of the template (`template_syntax`, `template_render`, with the line and
/// column); a release record that cannot be read (`invalid_release_record`).
pub fn announce(
    repo: &Repository,
    config: &ProjectConfig,
    options: &AnnounceOptions,
) -> Result<Announcement, ReleaseError> {
    let report = prepare(repo, config, &ReleaseOptions::default())?;
    let root = repo.workdir();
    let record = match (&root, options.phase) {
        (Some(root), Phase::Post) => {
            match crate::pipeline::read_record(root, config, options.version.as_ref()) {
                Ok(file) => Some(file.record),
                Err(ReleaseError::RecordFile(e))
                    if e.kind() == crate::pipeline::RecordFileErrorKind::NoRecord =>
                {
                    None
                }
                Err(e) => return Err(e),
            }
        }
        _ => None,
    };
    let version = options
        .version
        .clone()
        .or_else(|| record.as_ref().map(|r| r.version.clone()))
        .or_else(|| report.next.clone())
        .or_else(|| report.current.clone())
        .unwrap_or_else(|| config.bump.initial_version.clone());
    let mut request = AnnounceRequest::new(options.phase, version.clone());
    request.audience = options.audience;
    let section = &config.announce;
    request.product = options.product.clone().or_else(|| section.product.clone());
    request.contact = options.contact.clone().or_else(|| section.contact.clone());
    request.impact = options.impact.clone().or_else(|| section.impact.clone());
    if report.next.as_ref() == Some(&version)
        && let Some(release) = &report.release
    {
        request.changes = changes_of(release);
    }
    if let Some(plan) = read_plan(repo, config)? {
        request.duration_seconds = Some(plan.total_duration().as_secs());
        request.strategy = plan.deployment.strategy.map(|s| s.to_string());
        if let Some(zone) = plan.window.as_ref().and_then(|w| w.timezone.clone()) {
            request.timezone = Some(zone.clone());
            if options.phase == Phase::Pre && options.start.is_none() {
                let local = relcore::plan::local_time(&zone, options.at)
                    .unwrap_or_else(|| options.at.naive_utc());
                let ctx = Context {
                    holidays: config.plan.holidays.clone(),
                    ..Context::default()
                };
                request.start = next_window(&plan, &ctx, local).ok().and_then(|n| n.start);
            }
        }
    }
    if let Some(start) = options.start {
        request.start = Some(start);
    }
    if let Some(record) = &record {
        let status = record.status(options.at)?;
        request.status = Some(status.state);
        request.finished_at = status.finished_at;
        request.deploy_seconds = status
            .finished_at
            .map(|_| u64::try_from(status.duration_seconds).unwrap_or(0));
        request.status_detail = record
            .transitions
            .last()
            .filter(|_| status.state == relcore::plan::RecordState::RolledBack)
            .map(|t| {
                let what = format!("`{}` at `{}`", t.event, t.stage);
                t.note
                    .as_deref()
                    .map_or_else(|| what.clone(), |n| format!("{what}: {n}"))
            });
    }
    let template =
        match section
            .templates
            .get(options.audience.as_str())
            .and_then(|t| match options.phase {
                Phase::Pre => t.pre.as_deref(),
                Phase::Post => t.post.as_deref(),
            }) {
            Some(path) => Some(load_template(repo, path)?),
            None => None,
        };
    Ok(render(&request, template.as_ref(), options.format)?)
}

/// The rollout plan (`[plan] path`) when it exists and reads; a plan with errors gives no
/// facts (`relcore plan check` reports them).
fn read_plan(repo: &Repository, config: &ProjectConfig) -> Result<Option<Plan>, ReleaseError> {
    let Some(root) = repo.workdir() else {
        return Ok(None);
    };
    let file = files::resolve(&root, &config.plan.path)?.real;
    let Some(text) = files::read_text_if_exists(&file, std::path::Path::new(&config.plan.path))?
    else {
        return Ok(None);
    };
    Ok(Plan::from_yaml(&text).ok())
}

fn load_template(repo: &Repository, path: &str) -> Result<Template, ReleaseError> {
    let root = repo.workdir().ok_or_else(|| {
        files::FileError::new(
            files::FileErrorKind::Resolve,
            "a bare repository has no templates",
        )
    })?;
    let file = files::resolve(&root, path)?.real;
    let text = files::read_text(&file, std::path::Path::new(path))?;
    Ok(Template::new(path, &text)?)
}
