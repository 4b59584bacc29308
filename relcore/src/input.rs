//! Plain values handed to relcore as data — the JSON of the CLI's `--policy`, a Python
//! dict, a JavaScript object — read into core types in one place, with one slug per kind
//! of input and a message that names the key at fault.
//!
//! Adapters convert their language's values to [`serde_json::Value`] and call
//! [`from_json`]; they never pick a slug or word a message themselves. Release dates go
//! through [`parse_date`], the one reader of `YYYY-MM-DD`.
//!
//! ```
//! use relcore::input::{from_json, InputKind};
//! use relcore::bump::Policy;
//!
//! let policy: Policy = from_json(InputKind::Policy, serde_json::json!({"channel": "rc"}))?;
//! assert_eq!(policy.channel.as_deref(), Some("rc"));
//!
//! let err = from_json::<Policy>(InputKind::Policy, serde_json::json!({"channel": 5})).unwrap_err();
//! assert_eq!(err.code(), "invalid_policy");
//! assert_eq!(err.key(), Some("channel"));
//! assert_eq!(err.to_string(), "invalid policy key `channel`: invalid type: integer `5`, expected a string");
//! # Ok::<(), relcore::input::InputError>(())
//! ```

use std::fmt;

use chrono::NaiveDate;
use serde::de::DeserializeOwned;

/// What a plain value was meant to be; it picks the error's slug and the noun of its
/// message.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum InputKind {
    /// A [`bump::Policy`](crate::bump::Policy): `invalid_policy`.
    Policy,
    /// A [`risk::Policy`](crate::risk::Policy): `invalid_policy`.
    RiskPolicy,
    /// A [`plan::Context`](crate::plan::Context): `invalid_context`.
    PlanContext,
    /// A [`changelog::Config`](crate::changelog::Config): `invalid_config`.
    ChangelogConfig,
    /// A [`risk::Classification`](crate::risk::Classification): `invalid_classification`.
    Classification,
    /// A [`commit::CommitInput`](crate::commit::CommitInput) or a parsed
    /// [`commit::Commit`](crate::commit::Commit): `invalid_commit`.
    Commit,
    /// A `YYYY-MM-DD` date: `invalid_date`.
    Date,
    /// A project configuration (`relcore.toml`'s keys, modelled by the application crate
    /// `relcore-release`) given as a value: `invalid_config`.
    ProjectConfig,
    /// A [`hotfix::HotfixRequest`](crate::hotfix::HotfixRequest) or a
    /// [`hotfix::BackportsRequest`](crate::hotfix::BackportsRequest):
    /// `invalid_hotfix_request`.
    HotfixRequest,
    /// [`ready::ReadyFacts`](crate::ready::ReadyFacts): `invalid_facts`.
    ReadyFacts,
    /// A [`ready::Checklist`](crate::ready::Checklist) (`[ready]`): `invalid_checklist`.
    Checklist,
    /// A [`workspace::Workspace`](crate::workspace::Workspace), its bumps, settings or
    /// tags, or a release set's [repositories](crate::workspace::SetRepository):
    /// `invalid_workspace`.
    Workspace,
    /// A time, RFC 3339 or `YYYY-MM-DDTHH:MM` in UTC: `invalid_time`.
    Time,
    /// A [`plan::ReleaseRecord`](crate::plan::ReleaseRecord): `invalid_release_record`.
    ReleaseRecord,
    /// An [`announce::AnnounceRequest`](crate::announce::AnnounceRequest):
    /// `invalid_announcement`.
    Announcement,
    /// A [`metrics::MetricsInput`](crate::metrics::MetricsInput) (releases, commits,
    /// deployments): `invalid_metrics_input`.
    MetricsInput,
    /// [`metrics::MetricsOptions`](crate::metrics::MetricsOptions):
    /// `invalid_metrics_options`.
    MetricsOptions,
}

impl InputKind {
    /// Every kind, for tests and docs that enumerate the slugs.
    pub const ALL: [InputKind; 17] = [
        InputKind::Policy,
        InputKind::RiskPolicy,
        InputKind::PlanContext,
        InputKind::ChangelogConfig,
        InputKind::Classification,
        InputKind::Commit,
        InputKind::Date,
        InputKind::ProjectConfig,
        InputKind::HotfixRequest,
        InputKind::ReadyFacts,
        InputKind::Checklist,
        InputKind::Workspace,
        InputKind::Time,
        InputKind::ReleaseRecord,
        InputKind::Announcement,
        InputKind::MetricsInput,
        InputKind::MetricsOptions,
    ];

    /// The stable slug of an invalid value of this kind.
    ///
    /// ```
    /// use relcore::input::InputKind;
    /// assert_eq!(InputKind::PlanContext.code(), "invalid_context");
    /// ```
    pub fn code(self) -> &'static str {
        match self {
            InputKind::Policy | InputKind::RiskPolicy => "invalid_policy",
            InputKind::PlanContext => "invalid_context",
            InputKind::ChangelogConfig | InputKind::ProjectConfig => "invalid_config",
            InputKind::Classification => "invalid_classification",
            InputKind::Commit => "invalid_commit",
            InputKind::Date => "invalid_date",
            InputKind::HotfixRequest => "invalid_hotfix_request",
            InputKind::ReadyFacts => "invalid_facts",
            InputKind::Checklist => "invalid_checklist",
            InputKind::Workspace => "invalid_workspace",
            InputKind::Time => "invalid_time",
            InputKind::ReleaseRecord => "invalid_release_record",
            InputKind::Announcement => "invalid_announcement",
            InputKind::MetricsInput => "invalid_metrics_input",
            InputKind::MetricsOptions => "invalid_metrics_options",
        }
    }

    /// What the value is called in messages: `policy`, `plan context`, ….
    ///
    /// ```
    /// use relcore::input::InputKind;
    /// assert_eq!(InputKind::RiskPolicy.noun(), "risk policy");
    /// ```
    pub fn noun(self) -> &'static str {
        match self {
            InputKind::Policy => "policy",
            InputKind::RiskPolicy => "risk policy",
            InputKind::PlanContext => "plan context",
            InputKind::ChangelogConfig => "changelog config",
            InputKind::Classification => "classification",
            InputKind::Commit => "commit",
            InputKind::Date => "date",
            InputKind::ProjectConfig => "config",
            InputKind::HotfixRequest => "hotfix request",
            InputKind::ReadyFacts => "facts",
            InputKind::Checklist => "checklist",
            InputKind::Workspace => "workspace",
            InputKind::Time => "time",
            InputKind::ReleaseRecord => "release record",
            InputKind::Announcement => "announcement",
            InputKind::MetricsInput => "metrics input",
            InputKind::MetricsOptions => "metrics options",
        }
    }
}

/// A plain value that is not the core type it was meant to be.
///
/// Its message is `invalid {noun}: {reason}`, `invalid {noun} key `{key}`: {reason}` when
/// a key inside the value is at fault, or `invalid {noun} `{text}`: {reason}` for a text
/// such as a date.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InputError {
    kind: InputKind,
    subject: Subject,
    reason: String,
}

/// What part of the value the message is about.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Subject {
    Whole,
    Key(String),
    Text(String),
}

impl InputError {
    /// An error about the whole value, such as a wrong type where an object is expected.
    ///
    /// ```
    /// use relcore::input::{InputError, InputKind};
    /// let err = InputError::new(InputKind::ChangelogConfig, "expected a mapping, got list");
    /// assert_eq!(err.to_string(), "invalid changelog config: expected a mapping, got list");
    /// ```
    pub fn new(kind: InputKind, reason: impl Into<String>) -> InputError {
        InputError {
            kind,
            subject: Subject::Whole,
            reason: reason.into(),
        }
    }

    /// An error about the value at `key` (a path such as `sections[0].title`); an empty
    /// key is the whole value.
    ///
    /// ```
    /// use relcore::input::{InputError, InputKind};
    /// let err = InputError::at_key(InputKind::Policy, "channel", "unsupported value of type bytes");
    /// assert_eq!(err.to_string(), "invalid policy key `channel`: unsupported value of type bytes");
    /// ```
    pub fn at_key(
        kind: InputKind,
        key: impl Into<String>,
        reason: impl Into<String>,
    ) -> InputError {
        let key = key.into();
        InputError {
            kind,
            subject: if key.is_empty() {
                Subject::Whole
            } else {
                Subject::Key(key)
            },
            reason: reason.into(),
        }
    }

    /// What the value was meant to be.
    pub fn kind(&self) -> InputKind {
        self.kind
    }

    /// The stable slug: [`InputKind::code`].
    pub fn code(&self) -> &'static str {
        self.kind.code()
    }

    /// The key (path) inside the value that is at fault, when one is.
    pub fn key(&self) -> Option<&str> {
        match &self.subject {
            Subject::Key(key) => Some(key),
            Subject::Whole | Subject::Text(_) => None,
        }
    }

    /// What is wrong, without the `invalid …:` prefix.
    pub fn reason(&self) -> &str {
        &self.reason
    }
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let noun = self.kind.noun();
        match &self.subject {
            Subject::Whole => write!(f, "invalid {noun}: {}", self.reason),
            Subject::Key(key) => write!(f, "invalid {noun} key `{key}`: {}", self.reason),
            Subject::Text(text) => write!(f, "invalid {noun} `{text}`: {}", self.reason),
        }
    }
}

impl std::error::Error for InputError {}

/// Reads a plain value as the core type `T` through its serde form (the same field names,
/// types and defaults as the CLI's JSON and `relcore.toml`).
///
/// # Errors
///
/// An [`InputError`] of `kind` that names the key at fault (`sections[0].title`) when
/// there is one.
///
/// ```
/// use relcore::input::{from_json, InputKind};
/// use relcore::risk::Policy;
///
/// let err = from_json::<Policy>(InputKind::RiskPolicy, serde_json::json!({"rulez": []})).unwrap_err();
/// assert_eq!(err.key(), Some("rulez"));
/// assert!(err.reason().starts_with("unknown field `rulez`"));
/// ```
pub fn from_json<T: DeserializeOwned>(
    kind: InputKind,
    value: serde_json::Value,
) -> Result<T, InputError> {
    serde_path_to_error::deserialize(value).map_err(|error| {
        let key = key_of(error.path());
        InputError::at_key(kind, key, error.into_inner().to_string())
    })
}

/// The path serde_path_to_error reports, as `a.b[0].c`; empty for the value itself.
fn key_of(path: &serde_path_to_error::Path) -> String {
    let text = path.to_string();
    if text == "." { String::new() } else { text }
}

/// Reads a release date: `YYYY-MM-DD` (chrono's `%Y-%m-%d`), as the CLI's `--date` and
/// every binding take it.
///
/// # Errors
///
/// An [`InputError`] with `invalid_date`, quoting the text.
///
/// ```
/// use relcore::input::parse_date;
/// assert_eq!(parse_date("2026-12-02")?.to_string(), "2026-12-02");
/// let err = parse_date("2025-13-01").unwrap_err();
/// assert_eq!(err.code(), "invalid_date");
/// assert_eq!(err.to_string(), "invalid date `2025-13-01`: input is out of range, expected YYYY-MM-DD");
/// # Ok::<(), relcore::input::InputError>(())
/// ```
pub fn parse_date(text: &str) -> Result<NaiveDate, InputError> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|error| InputError {
        kind: InputKind::Date,
        subject: Subject::Text(text.to_owned()),
        reason: format!("{error}, expected YYYY-MM-DD"),
    })
}

/// Reads a time: RFC 3339 (`2026-03-03T10:00:00Z`, any offset) or `YYYY-MM-DDTHH:MM`
/// (or with seconds, and a fraction) in UTC, as the CLI's `--at` and every binding take it.
///
/// # Errors
///
/// An [`InputError`] with `invalid_time`, quoting the text.
///
/// ```
/// use relcore::input::parse_time;
/// assert_eq!(parse_time("2026-03-03T11:00:00+01:00")?.to_rfc3339(), "2026-03-03T10:00:00+00:00");
/// assert_eq!(parse_time("2026-03-03T10:00")?.to_rfc3339(), "2026-03-03T10:00:00+00:00");
/// assert_eq!(parse_time("2026-03-03T10:00Z")?.to_rfc3339(), "2026-03-03T10:00:00+00:00");
/// assert_eq!(parse_time("2026-03-03T10:00:05.5")?.to_rfc3339(), "2026-03-03T10:00:05.500+00:00");
/// let err = parse_time("tomorrow").unwrap_err();
/// assert_eq!(err.code(), "invalid_time");
/// assert_eq!(err.to_string(), "invalid time `tomorrow`: expected RFC 3339 (2026-03-03T10:00:00Z) or YYYY-MM-DDTHH:MM (UTC)");
/// # Ok::<(), relcore::input::InputError>(())
/// ```
pub fn parse_time(text: &str) -> Result<chrono::DateTime<chrono::Utc>, InputError> {
    let trimmed = text.trim();
    if let Ok(at) = chrono::DateTime::parse_from_rfc3339(trimmed) {
        return Ok(at.with_timezone(&chrono::Utc));
    }
    // Without an offset, or with `Z` after minutes only: UTC.
    let naive = trimmed.strip_suffix(['Z', 'z']).unwrap_or(trimmed);
    ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S%.f"]
        .iter()
        .find_map(|format| chrono::NaiveDateTime::parse_from_str(naive, format).ok())
        .map(|t| t.and_utc())
        .ok_or_else(|| InputError {
            kind: InputKind::Time,
            subject: Subject::Text(text.to_owned()),
            reason: "expected RFC 3339 (2026-03-03T10:00:00Z) or YYYY-MM-DDTHH:MM (UTC)".to_owned(),
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::risk::Classification;

    #[test]
    fn names_the_nested_key_at_fault() {
        let value = serde_json::json!({"sections": [{"title": 5}]});
        let err =
            from_json::<crate::changelog::Config>(InputKind::ChangelogConfig, value).unwrap_err();
        assert_eq!(err.code(), "invalid_config");
        assert!(
            err.key().is_some_and(|key| key.starts_with("sections[0]")),
            "{err}"
        );
    }

    #[test]
    fn a_missing_field_is_about_the_whole_value() {
        let err = from_json::<Classification>(InputKind::Classification, serde_json::json!({}))
            .unwrap_err();
        assert_eq!(err.key(), None);
        assert!(
            err.to_string()
                .starts_with("invalid classification: missing field"),
            "{err}"
        );
    }

    #[test]
    fn a_wrong_type_at_the_root_is_about_the_whole_value() {
        let err = from_json::<crate::bump::Policy>(InputKind::Policy, serde_json::json!("rc"))
            .unwrap_err();
        assert_eq!(err.key(), None);
        assert_eq!(err.code(), "invalid_policy");
    }

    #[test]
    fn every_kind_has_a_slug_and_a_noun() {
        for kind in InputKind::ALL {
            assert!(kind.code().starts_with("invalid_"));
            assert!(!kind.noun().is_empty());
        }
    }
}
