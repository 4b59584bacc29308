//! Go / no-go: a release checklist evaluated over facts, with every item's status and
//! reason, and the verdict.
//!
//! Facts are plain values. The repository's (work tree, branch, changelog, version files,
//! next tag, rollout plan, deployment window, commit lint) are gathered by the
//! application layer; the others (tests, open bugs, QA sign-off, approvals, anything a
//! custom check names) come from a facts file or the command line. [`evaluate`] reads
//! them under a [`Checklist`] (`[ready]` in `relcore.toml`): which checks are required,
//! which only warn, and custom checks.
//!
//! ```
//! use relcore::ready::{evaluate, Checklist, ReadyFacts};
//!
//! let facts: ReadyFacts = serde_json::from_value(serde_json::json!({
//!     "changed_files": [], "branch": "main", "tests": "passed", "critical_bugs": 0
//! }))?;
//! let checklist = Checklist {
//!     required: vec!["clean_work_tree".into(), "release_branch".into(), "tests".into(), "critical_bugs".into()],
//!     warn: vec![],
//!     ..Checklist::default()
//! };
//! let verdict = evaluate(&facts, &checklist, 0)?;
//! assert!(verdict.go);
//! assert_eq!(verdict.to_markdown().lines().nth(4), Some("- [x] All tests passing"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::collections::{BTreeMap, HashSet};
use std::fmt::{self, Write as _};

use chrono::{DateTime, Datelike, TimeZone, Timelike, Utc};
use serde::{Deserialize, Serialize};

use crate::plan::Window;
use crate::version::Version;

/// A fact's value: a boolean, a number or a text.
///
/// ```
/// use relcore::ready::FactValue;
/// assert_eq!(FactValue::parse("passed"), FactValue::Text("passed".into()));
/// assert_eq!(FactValue::parse("3"), FactValue::Number(3.0));
/// assert_eq!(FactValue::parse("true"), FactValue::Bool(true));
/// ```
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(untagged)]
pub enum FactValue {
    /// `true` or `false`.
    Bool(bool),
    /// A number.
    Number(f64),
    /// Anything else.
    Text(String),
}

/// A whole number is written as an integer (`0`, not `0.0`), as it was most likely given.
impl Serialize for FactValue {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            FactValue::Bool(b) => serializer.serialize_bool(*b),
            #[expect(
                clippy::cast_possible_truncation,
                reason = "only whole numbers well inside the i64 range are cast"
            )]
            FactValue::Number(n) if n.fract() == 0.0 && n.abs() < 9.0e15 => {
                serializer.serialize_i64(*n as i64)
            }
            FactValue::Number(n) => serializer.serialize_f64(*n),
            FactValue::Text(t) => serializer.serialize_str(t),
        }
    }
}

impl FactValue {
    /// A value from the command line (`--fact tests=passed`): `true`/`false`, a number,
    /// else the text.
    pub fn parse(text: &str) -> FactValue {
        match text.trim() {
            "true" => FactValue::Bool(true),
            "false" => FactValue::Bool(false),
            t => t
                .parse::<f64>()
                .ok()
                .filter(|n| n.is_finite())
                .map_or_else(|| FactValue::Text(t.to_owned()), FactValue::Number),
        }
    }

    /// The value as a yes or no: a boolean, `passed`/`yes`/`done`/`ok`/`obtained`/
    /// `approved`/`signed`/`ready` (and their opposites), a number other than 0.
    fn truth(&self) -> Option<bool> {
        match self {
            FactValue::Bool(b) => Some(*b),
            FactValue::Number(n) => Some(*n != 0.0),
            FactValue::Text(t) => match t.to_ascii_lowercase().as_str() {
                "passed" | "pass" | "yes" | "true" | "done" | "ok" | "obtained" | "approved"
                | "signed" | "signed-off" | "ready" | "green" => Some(true),
                "failed" | "fail" | "no" | "false" | "missing" | "pending" | "rejected" | "red"
                | "not-ready" => Some(false),
                _ => None,
            },
        }
    }
}

impl fmt::Display for FactValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FactValue::Bool(b) => write!(f, "{b}"),
            FactValue::Number(n) => write!(f, "{n}"),
            FactValue::Text(t) => f.write_str(t),
        }
    }
}

/// A version file, and whether it holds the latest release's version.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct VersionFileFact {
    /// The file, relative to the repository root.
    pub path: String,
    /// `true` when it holds the latest release's version.
    pub agrees: bool,
    /// What is wrong with it, when it does not agree (`the version is 1.4.0`, `version_not_found`).
    #[serde(default)]
    pub problem: Option<String>,
}

/// Whether deploying is allowed now, by the rollout plan's window.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct WindowFact {
    /// `true` when the window is open.
    pub open: bool,
    /// Why, in words.
    pub reason: String,
}

/// Everything a checklist may read. Every key is optional: a check whose fact is missing
/// is `unknown`, which blocks when the check is required. Keys other than the named ones
/// are external facts (`tests`, `critical_bugs`, `coverage`, …).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(default)]
pub struct ReadyFacts {
    /// Files with uncommitted changes (empty: the work tree is clean).
    pub changed_files: Option<Vec<String>>,
    /// The branch HEAD is on (`None` when detached or unknown).
    pub branch: Option<String>,
    /// The latest release's version.
    pub latest_version: Option<Version>,
    /// The next release's version; absent when there is nothing to release.
    pub next_version: Option<Version>,
    /// The next release's tag.
    pub next_tag: Option<String>,
    /// Whether the next release's tag already exists.
    pub next_tag_exists: Option<bool>,
    /// The versions the changelog has a section for.
    pub changelog_versions: Option<Vec<Version>>,
    /// The version files, and whether each holds the latest release's version.
    pub version_files: Option<Vec<VersionFileFact>>,
    /// The rollout plan's errors (empty: it has none); absent when there is no plan.
    pub plan_errors: Option<Vec<String>>,
    /// Whether the rollout plan says how to roll back.
    pub rollback_plan: Option<bool>,
    /// The deployment window at the time of the check.
    pub window: Option<WindowFact>,
    /// The commits since the last release that fail the commit lint, one line each.
    pub lint_failures: Option<Vec<String>>,
    /// External facts: tests, open bugs, sign-offs, approvals, anything custom checks use.
    #[serde(flatten)]
    pub external: BTreeMap<String, FactValue>,
}

/// A comparison of a custom check.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum Comparison {
    /// Equal.
    #[serde(rename = "==")]
    Eq,
    /// Not equal.
    #[serde(rename = "!=")]
    Ne,
    /// Less than (numbers).
    #[serde(rename = "<")]
    Lt,
    /// At most (numbers).
    #[serde(rename = "<=")]
    Le,
    /// More than (numbers).
    #[serde(rename = ">")]
    Gt,
    /// At least (numbers).
    #[serde(rename = ">=")]
    Ge,
}

impl Comparison {
    fn as_str(self) -> &'static str {
        match self {
            Comparison::Eq => "==",
            Comparison::Ne => "!=",
            Comparison::Lt => "<",
            Comparison::Le => "<=",
            Comparison::Gt => ">",
            Comparison::Ge => ">=",
        }
    }
}

/// A check of one external fact: `{ name = "coverage", fact = "coverage", op = ">=",
/// value = 80, message = "Coverage at least 80%" }`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct CustomCheck {
    /// The check's name, as `required` and `warn` list it.
    pub name: String,
    /// The fact it reads.
    pub fact: String,
    /// How the fact is compared with `value`.
    pub op: Comparison,
    /// The value it is compared with.
    pub value: FactValue,
    /// The checklist line.
    pub message: String,
}

/// `[ready]`: which checks count, and how.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(default, deny_unknown_fields)]
pub struct Checklist {
    /// Checks that block the release when they fail. Default: every built-in check but
    /// `high_bugs`, `qa_signoff` and `approvals`. Custom checks not listed in `warn` are
    /// required.
    pub required: Vec<String>,
    /// Checks that only warn. Default `high_bugs`, `qa_signoff`, `approvals`.
    pub warn: Vec<String>,
    /// Branches releases are made from (`*` matches within a path segment, `**` across).
    /// Default `main`, `master`, `release/*`, `hotfix/*`.
    pub release_branches: Vec<String>,
    /// Checks of external facts.
    pub custom: Vec<CustomCheck>,
}

impl Default for Checklist {
    fn default() -> Self {
        Checklist {
            required: [
                "clean_work_tree",
                "release_branch",
                "changelog",
                "version_files",
                "tag_free",
                "plan",
                "rollback_plan",
                "window",
                "lint",
                "tests",
                "critical_bugs",
            ]
            .map(str::to_owned)
            .to_vec(),
            warn: ["high_bugs", "qa_signoff", "approvals"]
                .map(str::to_owned)
                .to_vec(),
            release_branches: ["main", "master", "release/*", "hotfix/*"]
                .map(str::to_owned)
                .to_vec(),
            custom: Vec::new(),
        }
    }
}

/// The built-in checks, in checklist order, with their lines.
pub const BUILTIN: [(&str, &str); 14] = [
    ("clean_work_tree", "Work tree clean"),
    ("release_branch", "On a release branch"),
    ("changelog", "Changelog section for the next version"),
    ("version_files", "Version files agree with the latest tag"),
    ("tag_free", "Next tag is free"),
    ("plan", "Rollout plan has no errors"),
    ("rollback_plan", "Rollback plan ready"),
    ("window", "Deployment window open"),
    ("lint", "Commits since the last release pass lint"),
    ("tests", "All tests passing"),
    ("critical_bugs", "No critical bugs open"),
    ("high_bugs", "No high-severity bugs open"),
    ("qa_signoff", "QA signed off"),
    ("approvals", "Approvals obtained"),
];

/// Whether a check blocks or only warns.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(rename = "CheckLevel"))]
#[serde(rename_all = "snake_case")]
pub enum Level {
    /// A failure blocks the release.
    Required,
    /// A failure is a warning.
    Warn,
}

/// How a check came out.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(rename = "CheckStatus"))]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// It holds.
    Pass,
    /// It does not hold.
    Fail,
    /// Its fact is missing or cannot be read.
    Unknown,
}

/// One line of the checklist.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(rename = "CheckItem"))]
pub struct Item {
    /// The check's name (`tests`, `clean_work_tree`, a custom check's).
    pub name: String,
    /// The checklist line.
    pub title: String,
    /// Required or warn.
    pub level: Level,
    /// How it came out.
    pub status: Status,
    /// `true` when it blocks the release (required, and not passed).
    pub blocker: bool,
    /// Why, in words.
    pub reason: String,
}

/// The checklist's outcome.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Verdict {
    /// `true` for go: no more blockers than allowed.
    pub go: bool,
    /// How many items block.
    pub blockers: usize,
    /// How many blockers were allowed.
    pub blockers_allowed: usize,
    /// How many items warn.
    pub warnings: usize,
    /// Every item, built-in checks first in their order, then custom checks.
    pub items: Vec<Item>,
}

impl Verdict {
    /// The checklist as Markdown: a verdict line, then `- [x] title` for a passed item and
    /// `- [ ] title — blocker: reason` (or `— warning:`) for the others.
    ///
    /// ```
    /// use relcore::ready::{evaluate, Checklist, ReadyFacts};
    /// let checklist = Checklist { required: vec!["tests".into()], warn: vec![], ..Checklist::default() };
    /// let verdict = evaluate(&ReadyFacts::default(), &checklist, 0)?;
    /// assert_eq!(verdict.to_markdown(), "**No-go**: 1 blocker (0 allowed), 0 warnings\n\n- [ ] All tests passing — blocker: no `tests` fact was given\n");
    /// # Ok::<(), relcore::ready::ReadyError>(())
    /// ```
    pub fn to_markdown(&self) -> String {
        let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
        let mut out = format!(
            "**{}**: {} ({} allowed), {}\n\n",
            if self.go { "Go" } else { "No-go" },
            plural(self.blockers, "blocker"),
            self.blockers_allowed,
            plural(self.warnings, "warning"),
        );
        for item in &self.items {
            // Writing to a String cannot fail.
            let _ = if item.status == Status::Pass {
                writeln!(out, "- [x] {}", item.title)
            } else {
                let label = if item.blocker { "blocker" } else { "warning" };
                writeln!(out, "- [ ] {} — {label}: {}", item.title, item.reason)
            };
        }
        out
    }
}

/// Why a checklist cannot be evaluated.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ReadyErrorKind {
    /// `required` or `warn` names a check that is neither built in nor custom.
    UnknownCheck,
    /// A check is named twice (in both lists, or two custom checks of one name).
    DuplicateCheck,
    /// A custom check compares a text with `<`, `<=`, `>` or `>=`.
    InvalidComparison,
    /// A `--fact` that is not `name=value`.
    InvalidFact,
    /// A release branch pattern that does not compile.
    InvalidPattern,
}

impl ReadyErrorKind {
    /// Every kind, for tests and docs.
    pub const ALL: [ReadyErrorKind; 5] = [
        ReadyErrorKind::UnknownCheck,
        ReadyErrorKind::DuplicateCheck,
        ReadyErrorKind::InvalidComparison,
        ReadyErrorKind::InvalidFact,
        ReadyErrorKind::InvalidPattern,
    ];

    /// The stable slug.
    ///
    /// ```
    /// use relcore::ready::ReadyErrorKind;
    /// assert_eq!(ReadyErrorKind::UnknownCheck.as_str(), "unknown_check");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            ReadyErrorKind::UnknownCheck => "unknown_check",
            ReadyErrorKind::DuplicateCheck => "duplicate_check",
            ReadyErrorKind::InvalidComparison => "invalid_comparison",
            ReadyErrorKind::InvalidFact => "invalid_fact",
            ReadyErrorKind::InvalidPattern => "invalid_pattern",
        }
    }
}

/// A checklist that cannot be evaluated: its kind and what is wrong.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReadyError {
    kind: ReadyErrorKind,
    message: String,
}

impl ReadyError {
    fn new(kind: ReadyErrorKind, message: String) -> ReadyError {
        ReadyError { kind, message }
    }

    /// What went wrong.
    pub fn kind(&self) -> ReadyErrorKind {
        self.kind
    }
}

impl fmt::Display for ReadyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ReadyError {}

/// A fact from the command line: `name=value`.
///
/// # Errors
///
/// `invalid_fact` without a `=` or with an empty name.
///
/// ```
/// use relcore::ready::{parse_fact, FactValue};
/// assert_eq!(parse_fact("critical_bugs=0")?, ("critical_bugs".to_owned(), FactValue::Number(0.0)));
/// assert_eq!(parse_fact("tests").unwrap_err().kind().as_str(), "invalid_fact");
/// # Ok::<(), relcore::ready::ReadyError>(())
/// ```
pub fn parse_fact(text: &str) -> Result<(String, FactValue), ReadyError> {
    match text.split_once('=') {
        Some((name, value)) if !name.trim().is_empty() => {
            Ok((name.trim().to_owned(), FactValue::parse(value)))
        }
        _ => Err(ReadyError::new(
            ReadyErrorKind::InvalidFact,
            format!("invalid fact `{text}`: expected name=value, e.g. tests=passed"),
        )),
    }
}

/// Whether the plan's deployment `window` is open at `at`: inside an allowed weekly range
/// (in the window's timezone) and on no freeze date.
///
/// ```
/// use chrono::{TimeZone, Utc};
/// use relcore::plan::Plan;
/// use relcore::ready::window_at;
/// let plan = Plan::from_yaml("deployment: { strategy: rolling, stages: [{ name: all, percentage: 100 }] }\nwindow: { timezone: UTC, allow: [\"mon-thu 09:00-16:00\"] }\n")?;
/// let window = plan.window.as_ref().unwrap();
/// assert!(window_at(window, Utc.with_ymd_and_hms(2026, 3, 3, 10, 0, 0).unwrap()).open);
/// let friday = window_at(window, Utc.with_ymd_and_hms(2026, 3, 6, 10, 0, 0).unwrap());
/// assert!(!friday.open);
/// assert_eq!(friday.reason, "Fri 2026-03-06 10:00 UTC is outside the allowed windows (mon-thu 09:00-16:00)");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn window_at(window: &Window, at: DateTime<Utc>) -> WindowFact {
    let zone_name = window.timezone.as_deref().unwrap_or("UTC");
    let local = crate::plan::Zone::named(zone_name).map_or_else(
        || at.naive_utc(),
        |tz| tz.from_utc_datetime(&at.naive_utc()).naive_local(),
    );
    let when = format!("{} {zone_name}", local.format("%a %Y-%m-%d %H:%M"));
    if let Some(freeze) = window.freeze.iter().find(|f| f.contains(local.date())) {
        return WindowFact {
            open: false,
            reason: format!("{when} is in the freeze {freeze}"),
        };
    }
    let minute = u16::try_from(local.hour() * 60 + local.minute()).unwrap_or(0);
    if window.allow.is_empty()
        || window
            .allow
            .iter()
            .any(|r| r.contains(local.weekday(), minute))
    {
        return WindowFact {
            open: true,
            reason: format!("{when} is inside the allowed windows"),
        };
    }
    let allowed: Vec<String> = window.allow.iter().map(ToString::to_string).collect();
    WindowFact {
        open: false,
        reason: format!(
            "{when} is outside the allowed windows ({})",
            allowed.join(", ")
        ),
    }
}

/// Evaluates the checklist over the facts: each check of `required` and `warn` (built-in
/// checks in their order, then custom checks), its status and reason, and the verdict:
/// go when no more than `blockers_allowed` required checks fail or are unknown.
///
/// # Errors
///
/// `unknown_check`, `duplicate_check`, `invalid_comparison`, `invalid_pattern`: the
/// checklist itself is wrong, whatever the facts.
///
/// ```
/// use relcore::ready::{evaluate, Checklist, ReadyFacts, Status};
/// let facts: ReadyFacts = serde_json::from_value(serde_json::json!({"critical_bugs": 2, "tests": "passed"}))?;
/// let checklist = Checklist { required: vec!["tests".into(), "critical_bugs".into()], warn: vec![], ..Checklist::default() };
/// let verdict = evaluate(&facts, &checklist, 1)?;
/// assert!(verdict.go);
/// assert_eq!(verdict.items[1].status, Status::Fail);
/// assert_eq!(verdict.items[1].reason, "2 critical bugs open");
/// assert!(!evaluate(&facts, &checklist, 0)?.go);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn evaluate(
    facts: &ReadyFacts,
    checklist: &Checklist,
    blockers_allowed: usize,
) -> Result<Verdict, ReadyError> {
    let mut seen = HashSet::new();
    let mut customs = HashSet::new();
    for custom in &checklist.custom {
        if BUILTIN.iter().any(|(name, _)| *name == custom.name) || !customs.insert(&custom.name) {
            return Err(ReadyError::new(
                ReadyErrorKind::DuplicateCheck,
                format!("the check `{}` is defined twice", custom.name),
            ));
        }
        let ordered = !matches!(custom.op, Comparison::Eq | Comparison::Ne);
        if ordered && !matches!(custom.value, FactValue::Number(_)) {
            return Err(ReadyError::new(
                ReadyErrorKind::InvalidComparison,
                format!(
                    "the check `{}` compares with `{}`, which needs a number, not `{}`",
                    custom.name,
                    custom.op.as_str(),
                    custom.value
                ),
            ));
        }
    }
    for name in checklist.required.iter().chain(&checklist.warn) {
        if !BUILTIN.iter().any(|(b, _)| b == name) && !customs.contains(name) {
            let known: Vec<&str> = BUILTIN.iter().map(|(b, _)| *b).collect();
            return Err(ReadyError::new(
                ReadyErrorKind::UnknownCheck,
                format!(
                    "unknown check `{name}`: built-in checks are {}, or define it under [[ready.custom]]",
                    known.join(", ")
                ),
            ));
        }
        if !seen.insert(name) {
            return Err(ReadyError::new(
                ReadyErrorKind::DuplicateCheck,
                format!("the check `{name}` is listed twice in required and warn"),
            ));
        }
    }
    let branches = globset_of(&checklist.release_branches)?;
    let level_of = |name: &str| {
        if checklist.warn.iter().any(|w| w == name) {
            Some(Level::Warn)
        } else if checklist.required.iter().any(|r| r == name) {
            Some(Level::Required)
        } else {
            None
        }
    };
    let mut items = Vec::new();
    for (name, title) in BUILTIN {
        let Some(level) = level_of(name) else {
            continue;
        };
        let (status, reason) = builtin(name, facts, &branches, &checklist.release_branches);
        items.push(item(name, title, level, status, reason));
    }
    for custom in &checklist.custom {
        let level = level_of(&custom.name).unwrap_or(Level::Required);
        let (status, reason) = compare(custom, facts.external.get(&custom.fact));
        items.push(item(&custom.name, &custom.message, level, status, reason));
    }
    let blockers = items.iter().filter(|i| i.blocker).count();
    let warnings = items
        .iter()
        .filter(|i| i.level == Level::Warn && i.status != Status::Pass)
        .count();
    Ok(Verdict {
        go: blockers <= blockers_allowed,
        blockers,
        blockers_allowed,
        warnings,
        items,
    })
}

fn item(name: &str, title: &str, level: Level, status: Status, reason: String) -> Item {
    Item {
        name: name.to_owned(),
        title: title.to_owned(),
        level,
        status,
        blocker: level == Level::Required && status != Status::Pass,
        reason,
    }
}

fn globset_of(patterns: &[String]) -> Result<globset::GlobSet, ReadyError> {
    let mut builder = globset::GlobSetBuilder::new();
    for pattern in patterns {
        let glob = globset::GlobBuilder::new(pattern)
            .literal_separator(true)
            .build()
            .map_err(|e| {
                ReadyError::new(
                    ReadyErrorKind::InvalidPattern,
                    format!("invalid release branch pattern `{pattern}`: {e}"),
                )
            })?;
        builder.add(glob);
    }
    builder.build().map_err(|e| {
        ReadyError::new(
            ReadyErrorKind::InvalidPattern,
            format!("invalid release branch patterns: {e}"),
        )
    })
}

/// `n word(s)`.
fn count(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}

/// Up to five items, then `…`.
fn some_of(items: &[String]) -> String {
    let shown: Vec<&str> = items.iter().take(5).map(String::as_str).collect();
    format!(
        "{}{}",
        shown.join(", "),
        if items.len() > 5 { ", …" } else { "" }
    )
}

fn missing(fact: &str) -> (Status, String) {
    (Status::Unknown, format!("no `{fact}` fact was given"))
}

fn builtin(
    name: &str,
    facts: &ReadyFacts,
    branches: &globset::GlobSet,
    patterns: &[String],
) -> (Status, String) {
    let verdict = |ok: bool, pass: String, fail: String| {
        if ok {
            (Status::Pass, pass)
        } else {
            (Status::Fail, fail)
        }
    };
    match name {
        "clean_work_tree" => match &facts.changed_files {
            None => missing("changed_files"),
            Some(files) => verdict(
                files.is_empty(),
                "no uncommitted changes".to_owned(),
                format!(
                    "{} with uncommitted changes: {}",
                    count(files.len(), "file"),
                    some_of(files)
                ),
            ),
        },
        "release_branch" => match &facts.branch {
            None => (
                Status::Unknown,
                "HEAD is on no branch (detached), or the branch is unknown".to_owned(),
            ),
            Some(branch) => verdict(
                branches.is_match(branch),
                format!("`{branch}` is a release branch"),
                format!(
                    "`{branch}` is not a release branch ({})",
                    patterns.join(", ")
                ),
            ),
        },
        "changelog" => match (&facts.next_version, &facts.changelog_versions) {
            (None, _) => (Status::Fail, "nothing to release".to_owned()),
            (Some(next), Some(versions)) if versions.contains(next) => (
                Status::Pass,
                format!("the changelog has a section for {next}"),
            ),
            (Some(next), _) => (
                Status::Pass,
                format!("the section for {next} is to be written by `relcore release --write`"),
            ),
        },
        "version_files" => version_files(facts),
        "tag_free" => match (&facts.next_tag, facts.next_tag_exists) {
            (Some(tag), Some(exists)) => verdict(
                !exists,
                format!("`{tag}` is free"),
                format!("`{tag}` already exists"),
            ),
            (None, _) if facts.next_version.is_none() => {
                (Status::Fail, "nothing to release, so no tag".to_owned())
            }
            _ => missing("next_tag_exists"),
        },
        "plan" => match &facts.plan_errors {
            None => (Status::Pass, "no rollout plan to check".to_owned()),
            Some(errors) => verdict(
                errors.is_empty(),
                "the rollout plan has no errors".to_owned(),
                format!(
                    "the rollout plan has {}: {}",
                    count(errors.len(), "error"),
                    some_of(errors)
                ),
            ),
        },
        "rollback_plan" => rollback_plan(facts),
        "window" => match &facts.window {
            None => (
                Status::Pass,
                "no deployment window restricts the release".to_owned(),
            ),
            Some(w) => verdict(w.open, w.reason.clone(), w.reason.clone()),
        },
        "lint" => match &facts.lint_failures {
            None => missing("lint_failures"),
            Some(failures) => verdict(
                failures.is_empty(),
                "every commit since the last release passes".to_owned(),
                format!(
                    "{} fail{}: {}",
                    count(failures.len(), "commit"),
                    if failures.len() == 1 { "s" } else { "" },
                    some_of(failures)
                ),
            ),
        },
        _ => external(name, facts),
    }
}

/// The built-in checks of external facts: counts of open bugs, and yes-or-no facts.
#[expect(clippy::float_cmp, reason = "counts are whole numbers as given")]
fn external(name: &str, facts: &ReadyFacts) -> (Status, String) {
    let verdict = |ok: bool, text: String| {
        if ok {
            (Status::Pass, text)
        } else {
            (Status::Fail, text)
        }
    };
    if matches!(name, "critical_bugs" | "high_bugs") {
        let what = if name == "critical_bugs" {
            "critical"
        } else {
            "high-severity"
        };
        return match facts.external.get(name) {
            None => missing(name),
            Some(FactValue::Number(n)) if *n >= 0.0 => verdict(
                *n == 0.0,
                if *n == 0.0 {
                    format!("no {what} bugs open")
                } else {
                    format!("{n} {what} bug{} open", if *n == 1.0 { "" } else { "s" })
                },
            ),
            Some(other) => (
                Status::Unknown,
                format!("`{name}` is `{other}`, not a count"),
            ),
        };
    }
    match facts.external.get(name) {
        None => missing(name),
        Some(value) => match value.truth() {
            Some(ok) => verdict(ok, format!("{name}: {value}")),
            None => (
                Status::Unknown,
                format!("`{name}` is `{value}`, which says neither yes nor no"),
            ),
        },
    }
}

/// Whether the rollout plan says how to roll back.
fn rollback_plan(facts: &ReadyFacts) -> (Status, String) {
    let verdict = |ok: bool, pass: String, fail: String| {
        if ok {
            (Status::Pass, pass)
        } else {
            (Status::Fail, fail)
        }
    };
    match facts.rollback_plan {
        None => missing("rollback_plan"),
        Some(false) if facts.plan_errors.is_none() => (
            Status::Fail,
            "there is no rollout plan to say how to roll back".to_owned(),
        ),
        Some(ok) => verdict(
            ok,
            "the rollout plan says how to roll back".to_owned(),
            "the rollout plan has no rollback section".to_owned(),
        ),
    }
}

fn version_files(facts: &ReadyFacts) -> (Status, String) {
    let Some(files) = &facts.version_files else {
        return missing("version_files");
    };
    let Some(latest) = &facts.latest_version else {
        return (Status::Pass, "no release yet to agree with".to_owned());
    };
    if files.is_empty() {
        return (Status::Pass, "no version files are configured".to_owned());
    }
    let wrong: Vec<String> = files
        .iter()
        .filter(|f| !f.agrees)
        .map(|f| match &f.problem {
            Some(problem) => format!("{}: {problem}", f.path),
            None => format!("{} does not hold it", f.path),
        })
        .collect();
    if wrong.is_empty() {
        (
            Status::Pass,
            format!("{} at {latest}", count(files.len(), "file")),
        )
    } else {
        (
            Status::Fail,
            format!("the latest tag is {latest}; {}", some_of(&wrong)),
        )
    }
}

#[expect(clippy::float_cmp, reason = "facts are compared as given")]
fn compare(check: &CustomCheck, fact: Option<&FactValue>) -> (Status, String) {
    let Some(fact) = fact else {
        return missing(&check.fact);
    };
    let op = check.op;
    let holds = match (fact, &check.value) {
        (FactValue::Number(a), FactValue::Number(b)) => Some(match op {
            Comparison::Eq => a == b,
            Comparison::Ne => a != b,
            Comparison::Lt => a < b,
            Comparison::Le => a <= b,
            Comparison::Gt => a > b,
            Comparison::Ge => a >= b,
        }),
        (a, b) if matches!(op, Comparison::Eq | Comparison::Ne) => {
            let equal = match (a.truth(), b.truth()) {
                (Some(x), Some(y))
                    if matches!(a, FactValue::Bool(_)) || matches!(b, FactValue::Bool(_)) =>
                {
                    x == y
                }
                _ => a.to_string() == b.to_string(),
            };
            Some(equal == (op == Comparison::Eq))
        }
        _ => None,
    };
    let text = format!(
        "{} is {fact} (wanted {} {})",
        check.fact,
        op.as_str(),
        check.value
    );
    match holds {
        Some(true) => (Status::Pass, text),
        Some(false) => (Status::Fail, text),
        None => (
            Status::Unknown,
            format!(
                "{} is `{fact}`, not a number to compare with {} {}",
                check.fact,
                op.as_str(),
                check.value
            ),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts(json: serde_json::Value) -> ReadyFacts {
        serde_json::from_value(json).unwrap()
    }

    #[test]
    fn unknown_and_duplicate_checks_are_errors() {
        let list = |required: &[&str], warn: &[&str]| Checklist {
            required: required.iter().map(|s| (*s).to_owned()).collect(),
            warn: warn.iter().map(|s| (*s).to_owned()).collect(),
            ..Checklist::default()
        };
        let f = ReadyFacts::default();
        assert_eq!(
            evaluate(&f, &list(&["testz"], &[]), 0).unwrap_err().kind(),
            ReadyErrorKind::UnknownCheck
        );
        assert_eq!(
            evaluate(&f, &list(&["tests"], &["tests"]), 0)
                .unwrap_err()
                .kind(),
            ReadyErrorKind::DuplicateCheck
        );
    }

    #[test]
    fn custom_checks_compare_numbers_and_texts() {
        let custom = |op: Comparison, value: FactValue| Checklist {
            required: vec![],
            warn: vec![],
            custom: vec![CustomCheck {
                name: "cov".into(),
                fact: "coverage".into(),
                op,
                value,
                message: "Coverage".into(),
            }],
            ..Checklist::default()
        };
        let f = facts(serde_json::json!({"coverage": 81.5, "env": "staging"}));
        let v = evaluate(&f, &custom(Comparison::Ge, FactValue::Number(80.0)), 0).unwrap();
        assert!(v.go, "{v:?}");
        let v = evaluate(&f, &custom(Comparison::Lt, FactValue::Number(80.0)), 0).unwrap();
        assert!(!v.go);
        assert_eq!(
            evaluate(&f, &custom(Comparison::Gt, FactValue::Text("x".into())), 0)
                .unwrap_err()
                .kind(),
            ReadyErrorKind::InvalidComparison
        );
        let mut text = custom(Comparison::Eq, FactValue::Text("staging".into()));
        text.custom[0].fact = "env".into();
        assert!(evaluate(&f, &text, 0).unwrap().go);
        text.custom[0].fact = "absent".into();
        let v = evaluate(&f, &text, 0).unwrap();
        assert_eq!(v.items[0].status, Status::Unknown);
        assert!(!v.go);
    }

    #[test]
    fn whole_numbers_are_written_as_integers() {
        let facts = facts(serde_json::json!({"bugs": 2, "coverage": 81.5, "ok": true}));
        assert_eq!(
            serde_json::to_value(&facts.external).unwrap(),
            serde_json::json!({"bugs": 2, "coverage": 81.5, "ok": true})
        );
    }

    #[test]
    fn warnings_never_block() {
        let checklist = Checklist {
            required: vec![],
            ..Checklist::default()
        };
        let v = evaluate(
            &facts(serde_json::json!({"high_bugs": 3, "qa_signoff": "pending"})),
            &checklist,
            0,
        )
        .unwrap();
        assert!(v.go);
        assert_eq!((v.blockers, v.warnings), (0, 3));
    }

    #[test]
    fn branch_patterns_match_within_segments() {
        let checklist = Checklist {
            required: vec!["release_branch".into()],
            warn: vec![],
            ..Checklist::default()
        };
        for (branch, go) in [
            ("main", true),
            ("release/1.x", true),
            ("release/a/b", false),
            ("feature/x", false),
        ] {
            let v = evaluate(&facts(serde_json::json!({"branch": branch})), &checklist, 0).unwrap();
            assert_eq!(v.go, go, "{branch}");
        }
    }
}
