//! What validation returns: the report of every problem, and the error of
//! [`Plan::from_yaml`](crate::plan::Plan::from_yaml).

use crate::plan::PlanCode;
use std::fmt;

use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

use crate::diagnostic::{Diagnostic, Severity};

use crate::classification::{ChangeType, Risk};
use crate::plan::document::parse::Pos;

/// Facts about the release that the plan file may leave out, and policy knobs.
///
/// ```
/// use relcore::plan::{Context, Risk};
/// let ctx = Context { risk: Some(Risk::High), ..Context::default() };
/// assert_eq!(ctx.max_canary_percentage, 10.0);
/// let from_json: Context = serde_json::from_str(r#"{"holidays": ["2026-12-25"]}"#)?;
/// assert_eq!(from_json.holidays.len(), 1);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(
    feature = "schema",
    derive(schemars::JsonSchema),
    schemars(rename = "PlanContext")
)]
#[serde(default, deny_unknown_fields)]
pub struct Context {
    /// The kind of change when the plan has no `change.type` (e.g. from `relcore
    /// classify`).
    pub change_type: Option<ChangeType>,
    /// The risk when the plan has no `change.risk` (e.g. from `relcore classify`).
    pub risk: Option<Risk>,
    /// When the rollout starts, local time in the plan's timezone, when the plan has no
    /// `window.start`.
    pub start: Option<NaiveDateTime>,
    /// Public holidays on which no rollout may be in progress.
    pub holidays: Vec<NaiveDate>,
    /// The largest first step, in percent, that still counts as a canary (default 10).
    pub max_canary_percentage: f64,
}

impl Default for Context {
    /// No facts, no holidays, canaries up to 10 %.
    fn default() -> Context {
        Context {
            change_type: None,
            risk: None,
            start: None,
            holidays: Vec::new(),
            max_canary_percentage: 10.0,
        }
    }
}

/// The result of validating a plan: every problem in document order, the rollout's length
/// and the worst-case time until a rollback fires.
///
/// Serialised, it is the JSON of `relcore plan check --json`, `check_plan` (Python) and
/// `checkPlan` (Node):
/// `{"diagnostics": [...], "total_duration_seconds": 46800, "worst_case_rollback_seconds": 300}`.
///
/// ```
/// use relcore::plan::{validate, Context};
/// let report = validate("deployment:\n  strategy: canary\n  stages: []\n", &Context::default());
/// assert!(report.has_errors());
/// let codes: Vec<&str> = report.diagnostics.iter().map(|d| d.code.as_str()).collect();
/// assert_eq!(codes, ["missing_rollback", "no_stages"]);
/// assert_eq!(report.diagnostics[1].line, Some(3));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(
    feature = "schema",
    derive(schemars::JsonSchema),
    schemars(rename = "PlanReport")
)]
pub struct Report {
    /// Every problem, in document order (problems without a position last).
    pub diagnostics: Vec<Diagnostic>,
    /// The sum of the stage durations, in seconds.
    pub total_duration_seconds: u64,
    /// The longest time, in seconds, from a problem appearing at the start of any stage
    /// until a rollback trigger may fire (grace periods and stages with rollback disabled
    /// included); `None` when some problem would never roll back by itself (no triggers,
    /// `automatic: false`, or stages without rollback at the end).
    pub worst_case_rollback_seconds: Option<u64>,
}

impl Report {
    /// Whether any diagnostic is an error (a plan check fails; warnings alone pass).
    ///
    /// ```
    /// use relcore::plan::{validate, Context};
    /// assert!(validate("deployment: 1", &Context::default()).has_errors());
    /// ```
    pub fn has_errors(&self) -> bool {
        self.diagnostics
            .iter()
            .any(|d| d.severity == Severity::Error)
    }

    /// The error diagnostics.
    ///
    /// ```
    /// use relcore::plan::{validate, Context};
    /// assert_eq!(validate("", &Context::default()).errors().count(), 1);
    /// ```
    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
    }

    /// The warning diagnostics.
    ///
    /// ```
    /// use relcore::plan::{validate, Context};
    /// assert_eq!(validate("", &Context::default()).warnings().count(), 0);
    /// ```
    pub fn warnings(&self) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Warning)
    }

    /// The note diagnostics: behaviours worth knowing, not mistakes.
    ///
    /// ```
    /// use relcore::plan::{validate, Context};
    /// assert_eq!(validate("", &Context::default()).notes().count(), 0);
    /// ```
    pub fn notes(&self) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Note)
    }

    /// The codes of the diagnostics, in order.
    ///
    /// ```
    /// use relcore::plan::{validate, Context};
    /// assert_eq!(validate("deployment: [", &Context::default()).codes(), ["invalid_yaml"]);
    /// ```
    pub fn codes(&self) -> Vec<&str> {
        self.diagnostics.iter().map(|d| d.code.as_str()).collect()
    }
}

/// The structural problems that stop [`Plan::from_yaml`](crate::plan::Plan::from_yaml): the
/// text is not YAML, or has unknown keys, values of the wrong type, unreadable durations,
/// gates or windows. Each is a located [`Diagnostic`].
///
/// ```
/// use relcore::plan::Plan;
/// let err = Plan::from_yaml("deployment:\n  strategy: canary\n  stagse: []\n").unwrap_err();
/// assert_eq!(err.diagnostics()[0].code, "unknown_key");
/// assert_eq!(err.diagnostics()[0].hint.as_deref(), Some("did you mean `stages`?"));
/// assert_eq!(
///     err.to_string(),
///     "the plan has 1 problem: 3:3: error[unknown_key]: unknown key `stagse` in `deployment`"
/// );
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct ValidationErrors {
    diagnostics: Vec<Diagnostic>,
}

impl ValidationErrors {
    pub(crate) fn new(diagnostics: Vec<Diagnostic>) -> ValidationErrors {
        ValidationErrors { diagnostics }
    }

    /// Every problem, in document order.
    ///
    /// ```
    /// use relcore::plan::Plan;
    /// assert_eq!(Plan::from_yaml("[").unwrap_err().diagnostics()[0].code, "invalid_yaml");
    /// ```
    pub fn diagnostics(&self) -> &[Diagnostic] {
        &self.diagnostics
    }

    /// The problems, owned.
    ///
    /// ```
    /// use relcore::plan::Plan;
    /// assert_eq!(Plan::from_yaml("").unwrap_err().into_diagnostics()[0].code, "empty_plan");
    /// ```
    pub fn into_diagnostics(self) -> Vec<Diagnostic> {
        self.diagnostics
    }
}

impl fmt::Display for ValidationErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.diagnostics.len();
        write!(
            f,
            "the plan has {n} problem{}",
            if n == 1 { "" } else { "s" }
        )?;
        if let Some(first) = self.diagnostics.first() {
            write!(f, ": {first}")?;
            if n > 1 {
                write!(f, " (and {} more)", n - 1)?;
            }
        }
        Ok(())
    }
}

impl fmt::Debug for ValidationErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ValidationErrors({:?})", self.to_string())
    }
}

impl std::error::Error for ValidationErrors {}

/// A plan diagnostic.
pub(crate) fn diagnostic(
    code: PlanCode,
    severity: Severity,
    path: &str,
    pos: Option<Pos>,
    value: Option<String>,
    message: String,
    hint: Option<String>,
) -> Diagnostic {
    Diagnostic {
        code: code.as_str().to_owned(),
        severity,
        path: (!path.is_empty()).then(|| path.to_owned()),
        offset: pos.map(|p| p.offset),
        line: pos.map(|p| p.line),
        column: pos.map(|p| p.column),
        value,
        message,
        hint,
    }
}

/// Puts diagnostics in document order; those without a position keep their order at the
/// end.
pub(crate) fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by_key(|d| d.offset.unwrap_or(usize::MAX));
}
