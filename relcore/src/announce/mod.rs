//! Stakeholder announcements of a deployment: before it (`pre`: when, how long, what
//! changes, the impact, whom to ask) and after it (`post`: how it went, what changed),
//! for an audience (`internal` or `customers`), as text, Markdown or JSON.
//!
//! The messages are templates on the changelog's engine (Jinja syntax, the same filters
//! and limits, see [`Template`]); the built-in ones can be replaced per audience and
//! phase. relcore sends nothing: the output is for the chat or mail tool a team already
//! uses. Every fact is a plain value of the [`AnnounceRequest`]: the application layer
//! takes the time from the rollout plan's window, the duration from the plan, the changes
//! from the next release and the status from the release record.
//!
//! ```
//! use relcore::announce::{announce, AnnounceFormat, AnnounceRequest, Change, Phase};
//! use relcore::version::Version;
//!
//! let mut request = AnnounceRequest::new(Phase::Pre, Version::new(1, 6, 0));
//! request.product = Some("Acme API".into());
//! request.start = Some("2026-03-03T10:00:00".parse()?);
//! request.timezone = Some("Europe/Berlin".into());
//! request.duration_seconds = Some(5 * 3600);
//! request.changes = vec![Change { section: "Added".into(), text: "**search**: filters".into(), breaking: false }];
//! request.contact = Some("#releases".into());
//! let message = announce(&request, None, AnnounceFormat::Text)?;
//! assert_eq!(message.subject, "Scheduled deployment: Acme API 1.6.0");
//! assert!(message.text.contains("When: Tuesday 3 March 2026, 10:00 Europe/Berlin\n"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, NaiveDateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::changelog::{RenderError, Template};
use crate::plan::{RecordState, duration_text};
use crate::version::Version;

/// The built-in message before an internal deployment.
pub const PRE_INTERNAL: &str = include_str!("templates/pre-internal.j2");
/// The built-in message before a deployment, for customers.
pub const PRE_CUSTOMERS: &str = include_str!("templates/pre-customers.j2");
/// The built-in message after an internal deployment.
pub const POST_INTERNAL: &str = include_str!("templates/post-internal.j2");
/// The built-in message after a deployment, for customers.
pub const POST_CUSTOMERS: &str = include_str!("templates/post-customers.j2");

/// Before or after the deployment.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    /// The scheduled deployment.
    Pre,
    /// The completed (or rolled back) deployment.
    Post,
}

/// Who reads the message.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Audience {
    /// The teams inside: strategy, breaking changes, contact on call.
    #[default]
    Internal,
    /// The users: what changes for them, and when.
    Customers,
}

/// The form of the message.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum AnnounceFormat {
    /// Plain text.
    #[default]
    Text,
    /// Markdown: a heading and bold labels.
    Markdown,
    /// The message as Markdown inside a JSON document with its facts.
    Json,
}

impl Phase {
    /// `pre` or `post`.
    pub fn as_str(self) -> &'static str {
        match self {
            Phase::Pre => "pre",
            Phase::Post => "post",
        }
    }
}

impl Audience {
    /// `internal` or `customers`.
    pub fn as_str(self) -> &'static str {
        match self {
            Audience::Internal => "internal",
            Audience::Customers => "customers",
        }
    }
}

impl AnnounceFormat {
    /// `text`, `markdown` or `json`.
    pub fn as_str(self) -> &'static str {
        match self {
            AnnounceFormat::Text => "text",
            AnnounceFormat::Markdown => "markdown",
            AnnounceFormat::Json => "json",
        }
    }
}

macro_rules! parse_by_name {
    ($ty:ty, $what:literal, $($variant:expr),+) => {
        impl FromStr for $ty {
            type Err = AnnounceError;

            fn from_str(text: &str) -> Result<$ty, AnnounceError> {
                let all = [$($variant),+];
                all.into_iter()
                    .find(|v| v.as_str().eq_ignore_ascii_case(text.trim()))
                    .ok_or_else(|| AnnounceError::Unknown(format!(
                        "unknown {} `{text}`: expected {}",
                        $what,
                        all.map(|v| v.as_str()).join(", ")
                    )))
            }
        }

        impl fmt::Display for $ty {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.pad(self.as_str())
            }
        }
    };
}

parse_by_name!(Phase, "phase", Phase::Pre, Phase::Post);
parse_by_name!(
    Audience,
    "audience",
    Audience::Internal,
    Audience::Customers
);
parse_by_name!(
    AnnounceFormat,
    "format",
    AnnounceFormat::Text,
    AnnounceFormat::Markdown,
    AnnounceFormat::Json
);

/// One change of the release, as the announcement lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Change {
    /// The changelog section it is in (`Added`, `Fixed`, …).
    pub section: String,
    /// The line: `**scope**: description`, as the changelog writes it.
    pub text: String,
    /// Whether it breaks existing behaviour.
    #[serde(default)]
    pub breaking: bool,
}

/// The changes of a changelog release, section by section, as announcements list them.
///
/// ```
/// use relcore::announce::changes_of;
/// use relcore::changelog::{Config, Release};
/// use relcore::commit::Commit;
/// use relcore::version::Version;
/// let commits = [Commit::parse("feat(api)!: drop v1"), Commit::parse("fix: typo"), Commit::parse("chore: deps")];
/// let release = Release::from_commits(Version::new(2, 0, 0), None, None, &commits, &Config::default())?;
/// let changes = changes_of(&release);
/// assert_eq!(changes.iter().map(|c| c.text.as_str()).collect::<Vec<_>>(), ["**api**: drop v1", "typo"]);
/// assert!(changes[0].breaking);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn changes_of(release: &crate::changelog::Release) -> Vec<Change> {
    release
        .groups
        .iter()
        .flat_map(|group| {
            group.entries.iter().map(|entry| Change {
                section: group.title.clone(),
                text: match &entry.scope {
                    Some(scope) => format!("**{scope}**: {}", entry.description),
                    None => entry.description.clone(),
                },
                breaking: entry.breaking,
            })
        })
        .collect()
}

/// Everything an announcement says, as plain values.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct AnnounceRequest {
    /// Before or after the deployment.
    pub phase: Phase,
    /// Who reads it. Default `internal`.
    #[serde(default)]
    pub audience: Audience,
    /// The version deployed.
    pub version: Version,
    /// What is deployed, by name; default `the service`.
    #[serde(default)]
    pub product: Option<String>,
    /// When the deployment starts, in the window's timezone (`pre`).
    #[serde(default)]
    pub start: Option<NaiveDateTime>,
    /// The timezone of `start` (an IANA name or `UTC`).
    #[serde(default)]
    pub timezone: Option<String>,
    /// How long the rollout is expected to take, in seconds (the plan's stages).
    #[serde(default)]
    pub duration_seconds: Option<u64>,
    /// The rollout strategy (`canary`, `blue-green`, …).
    #[serde(default)]
    pub strategy: Option<String>,
    /// The changes, in changelog order.
    #[serde(default)]
    pub changes: Vec<Change>,
    /// What users notice while it happens.
    #[serde(default)]
    pub impact: Option<String>,
    /// Whom to ask.
    #[serde(default)]
    pub contact: Option<String>,
    /// How the deployment went (`post`), from the release record; absent: completed.
    #[serde(default)]
    pub status: Option<RecordState>,
    /// When it finished (`post`).
    #[serde(default)]
    pub finished_at: Option<DateTime<Utc>>,
    /// How long it took, in seconds (`post`).
    #[serde(default)]
    pub deploy_seconds: Option<u64>,
    /// Why it was rolled back, or anything else to say about the status (`post`).
    #[serde(default)]
    pub status_detail: Option<String>,
}

impl AnnounceRequest {
    /// A request with only a phase and a version; every other fact absent.
    pub fn new(phase: Phase, version: Version) -> AnnounceRequest {
        AnnounceRequest {
            phase,
            audience: Audience::Internal,
            version,
            product: None,
            start: None,
            timezone: None,
            duration_seconds: None,
            strategy: None,
            changes: Vec::new(),
            impact: None,
            contact: None,
            status: None,
            finished_at: None,
            deploy_seconds: None,
            status_detail: None,
        }
    }
}

/// The values templates see: the request's, and the words made of them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct AnnounceContext {
    /// `pre` or `post`.
    pub phase: Phase,
    /// `internal` or `customers`.
    pub audience: Audience,
    /// The version.
    pub version: String,
    /// The product's name (`the service` when none was given).
    pub product: String,
    /// The start's date in words: `Tuesday 3 March 2026`.
    pub date: Option<String>,
    /// The start's time: `10:00`.
    pub time: Option<String>,
    /// The start's timezone.
    pub timezone: Option<String>,
    /// The expected duration in words: `5h 0m`.
    pub duration: Option<String>,
    /// The rollout strategy.
    pub strategy: Option<String>,
    /// The changes.
    pub changes: Vec<Change>,
    /// Whether a change is breaking.
    pub breaking: bool,
    /// The impact, as given.
    pub impact: Option<String>,
    /// The contact, as given.
    pub contact: Option<String>,
    /// `released`, `rolled_back` or `in_progress` (`post`; `released` when not given).
    pub status: Option<RecordState>,
    /// The status in words: `Completed`, `Rolled back`, `In progress`.
    pub status_text: Option<String>,
    /// When it finished: `2026-03-03 11:20 UTC`.
    pub finished: Option<String>,
    /// How long the deployment took, in words.
    pub deploy_duration: Option<String>,
    /// More about the status.
    pub status_detail: Option<String>,
    /// `true` for Markdown (and JSON): templates may add emphasis.
    pub markdown: bool,
    /// `## ` in Markdown, else empty: a heading's prefix.
    pub h: String,
    /// `**` in Markdown, else empty: bold.
    pub b: String,
}

/// A rendered announcement.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Announcement {
    /// `pre` or `post`.
    pub phase: Phase,
    /// `internal` or `customers`.
    pub audience: Audience,
    /// `text`, `markdown` or `json`.
    pub format: AnnounceFormat,
    /// The first line, without Markdown: a mail's subject.
    pub subject: String,
    /// The message (Markdown for `json`).
    pub text: String,
    /// The values the template saw.
    pub context: AnnounceContext,
}

/// The built-in template of `phase` for `audience`.
///
/// # Errors
///
/// None in practice: the embedded templates compile (a test proves it).
///
/// ```
/// use relcore::announce::{builtin_template, Audience, Phase};
/// assert_eq!(builtin_template(Phase::Post, Audience::Customers)?.name(), "post-customers");
/// # Ok::<(), relcore::changelog::RenderError>(())
/// ```
pub fn builtin_template(phase: Phase, audience: Audience) -> Result<Template, RenderError> {
    let source = match (phase, audience) {
        (Phase::Pre, Audience::Internal) => PRE_INTERNAL,
        (Phase::Pre, Audience::Customers) => PRE_CUSTOMERS,
        (Phase::Post, Audience::Internal) => POST_INTERNAL,
        (Phase::Post, Audience::Customers) => POST_CUSTOMERS,
    };
    Template::compile_builtin(&format!("{phase}-{audience}"), source)
}

/// The announcement of `request`, rendered with `template` (the built-in one of its phase
/// and audience when `None`) in `format`.
///
/// # Errors
///
/// A template that fails while rendering: `template_render`, with its line and column.
pub fn announce(
    request: &AnnounceRequest,
    template: Option<&Template>,
    format: AnnounceFormat,
) -> Result<Announcement, RenderError> {
    let markdown = format != AnnounceFormat::Text;
    let status =
        (request.phase == Phase::Post).then(|| request.status.unwrap_or(RecordState::Released));
    let context = AnnounceContext {
        phase: request.phase,
        audience: request.audience,
        version: request.version.to_string(),
        product: request
            .product
            .clone()
            .filter(|p| !p.trim().is_empty())
            .unwrap_or_else(|| "the service".to_owned()),
        date: request.start.map(|s| s.format("%A %-d %B %Y").to_string()),
        time: request.start.map(|s| s.format("%H:%M").to_string()),
        timezone: request
            .start
            .map(|_| request.timezone.clone().unwrap_or_else(|| "UTC".to_owned())),
        duration: request
            .duration_seconds
            .filter(|d| *d > 0)
            .map(|d| duration_text(i64::try_from(d).unwrap_or(i64::MAX))),
        strategy: request.strategy.clone(),
        changes: request.changes.clone(),
        breaking: request.changes.iter().any(|c| c.breaking),
        impact: request.impact.clone(),
        contact: request.contact.clone(),
        status,
        status_text: status.map(|s| {
            match s {
                RecordState::Released => "Completed",
                RecordState::RolledBack => "Rolled back",
                RecordState::InProgress => "In progress",
            }
            .to_owned()
        }),
        finished: request
            .finished_at
            .map(|t| t.format("%Y-%m-%d %H:%M UTC").to_string()),
        deploy_duration: request
            .deploy_seconds
            .map(|d| duration_text(i64::try_from(d).unwrap_or(i64::MAX))),
        status_detail: request.status_detail.clone(),
        markdown,
        h: if markdown { "## " } else { "" }.to_owned(),
        b: if markdown { "**" } else { "" }.to_owned(),
    };
    let builtin;
    let template = if let Some(t) = template {
        t
    } else {
        builtin = builtin_template(request.phase, request.audience)?;
        &builtin
    };
    let mut text = template.render_context(&context, request.changes.len())?;
    // Commit text cannot steer the terminal or mail client that shows the message.
    if let std::borrow::Cow::Owned(shown) = crate::changelog::visible_controls(&text) {
        text = shown;
    }
    if !markdown {
        // Plain text: the changelog's `**scope**:` emphasis of change lines goes.
        text = text.replace("**", "");
    }
    let subject = text
        .lines()
        .find(|l| !l.trim().is_empty())
        .unwrap_or_default()
        .trim_start_matches('#')
        .replace("**", "")
        .trim()
        .to_owned();
    Ok(Announcement {
        phase: request.phase,
        audience: request.audience,
        format,
        subject,
        text,
        context,
    })
}

/// A phase, audience or format name that is not one.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum AnnounceError {
    /// `unknown_value`: the message names what was expected.
    #[error("{0}")]
    Unknown(String),
}

impl AnnounceError {
    /// The stable slug: `unknown_value`.
    pub fn code(&self) -> &'static str {
        "unknown_value"
    }
}

impl crate::error::Coded for AnnounceError {
    fn code(&self) -> &str {
        AnnounceError::code(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_builtin_templates_compile() {
        for source in [PRE_INTERNAL, PRE_CUSTOMERS, POST_INTERNAL, POST_CUSTOMERS] {
            assert!(Template::compile_builtin("t", source).is_ok());
        }
    }
}
