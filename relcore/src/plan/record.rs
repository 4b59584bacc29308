//! The release record: one release's pipeline with the time each stage started and
//! finished, and every transition with its time, actor and note (the audit trail a
//! change-approval process asks for), under a revision number that counts them.
//!
//! Everything here is a pure function of the record and the event: the time is a
//! parameter, never read from the clock. `relcore-release` keeps the record in a file
//! (`.relcore/releases/{version}.json`) and refuses a write that another writer beat.
//!
//! ```
//! use chrono::{DateTime, Utc};
//! use relcore::plan::{apply_event, start_record, RecordEvent, StageState};
//! use relcore::version::Version;
//!
//! let t = |s: &str| s.parse::<DateTime<Utc>>().unwrap();
//! let record = start_record(Version::new(1, 6, 0), t("2026-03-03T10:00:00Z"), Some("ci"), None);
//! let record = apply_event(&record, RecordEvent::BuildSucceeded, t("2026-03-03T10:02:30Z"), Some("ci"), None)?;
//! assert_eq!(record.revision, 2);
//! assert_eq!(record.stages[1].status, StageState::InProgress);
//!
//! let err = apply_event(&record, RecordEvent::Deployed, t("2026-03-03T10:03:00Z"), None, None).unwrap_err();
//! assert_eq!(err.code(), "not_in_progress");
//! assert_eq!(err.to_string(), "`deployed` refused: cannot complete `prod`, which is pending: only a stage in progress can complete");
//!
//! let status = record.status(t("2026-03-03T10:05:00Z"))?;
//! assert_eq!(status.to_text().lines().nth(2), Some("BUILD     [COMPLETED]    2m 30s"));
//! # Ok::<(), relcore::plan::RecordError>(())
//! ```

use std::fmt::{self, Write as _};
use std::str::FromStr;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::pipeline::{
    Pipeline, PipelineEvent, PipelineOutcome, PipelineStage, StageState, TransitionError,
    TransitionErrorKind,
};
use crate::version::Version;

/// What happened to a release, as the people running it say it. Each is one or more
/// events of the [`Pipeline`] state machine, applied together or not at all.
///
/// | event | pipeline events |
/// |---|---|
/// | `started` | start `build` (only [`start_record`] gives it) |
/// | `build-succeeded` | complete `build`, start `test` |
/// | `build-failed` | fail `build` |
/// | `test-succeeded` | complete `test`, start `stage` |
/// | `test-failed` | fail `test` |
/// | `stage-succeeded` | complete `stage`, start `approval`, block it (waiting for approval) |
/// | `stage-failed` | fail `stage` |
/// | `approved` | unblock `approval`, complete it, start `prod` |
/// | `rejected` | fail `approval` |
/// | `deployed` | complete `prod` |
/// | `deploy-failed` | fail `prod` |
/// | `rolled-back` | fail the stage in progress or blocked; after `deployed`, fail `prod` |
/// | `blocked` | block the stage in progress (the note is the reason) |
/// | `unblocked` | unblock the blocked stage |
///
/// ```
/// use relcore::plan::RecordEvent;
/// assert_eq!("build-succeeded".parse::<RecordEvent>()?, RecordEvent::BuildSucceeded);
/// assert_eq!("rolled_back".parse::<RecordEvent>()?, RecordEvent::RolledBack);
/// assert_eq!(RecordEvent::Approved.as_str(), "approved");
/// assert_eq!("shipped".parse::<RecordEvent>().unwrap_err().code(), "unknown_event");
/// # Ok::<(), relcore::plan::RecordError>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case")]
pub enum RecordEvent {
    /// The release pipeline started: `build` is in progress.
    Started,
    /// The build succeeded: the tests start.
    BuildSucceeded,
    /// The build failed.
    BuildFailed,
    /// The tests passed: the staging deployment starts.
    TestSucceeded,
    /// The tests failed.
    TestFailed,
    /// The staging deployment succeeded: the approval is awaited.
    StageSucceeded,
    /// The staging deployment failed.
    StageFailed,
    /// The release was approved: the production deployment starts.
    Approved,
    /// The release was rejected.
    Rejected,
    /// The production deployment finished.
    Deployed,
    /// The production deployment failed.
    DeployFailed,
    /// The release was rolled back: from the stage in progress, or after `deployed`.
    RolledBack,
    /// The stage in progress waits for something outside the pipeline (the note says what).
    Blocked,
    /// What the blocked stage waited for happened.
    Unblocked,
}

impl RecordEvent {
    /// Every event, in pipeline order.
    pub const ALL: [RecordEvent; 14] = [
        RecordEvent::Started,
        RecordEvent::BuildSucceeded,
        RecordEvent::BuildFailed,
        RecordEvent::TestSucceeded,
        RecordEvent::TestFailed,
        RecordEvent::StageSucceeded,
        RecordEvent::StageFailed,
        RecordEvent::Approved,
        RecordEvent::Rejected,
        RecordEvent::Deployed,
        RecordEvent::DeployFailed,
        RecordEvent::RolledBack,
        RecordEvent::Blocked,
        RecordEvent::Unblocked,
    ];

    /// The stable spelling: `build-succeeded`, `approved`, `rolled-back`, ….
    pub fn as_str(self) -> &'static str {
        match self {
            RecordEvent::Started => "started",
            RecordEvent::BuildSucceeded => "build-succeeded",
            RecordEvent::BuildFailed => "build-failed",
            RecordEvent::TestSucceeded => "test-succeeded",
            RecordEvent::TestFailed => "test-failed",
            RecordEvent::StageSucceeded => "stage-succeeded",
            RecordEvent::StageFailed => "stage-failed",
            RecordEvent::Approved => "approved",
            RecordEvent::Rejected => "rejected",
            RecordEvent::Deployed => "deployed",
            RecordEvent::DeployFailed => "deploy-failed",
            RecordEvent::RolledBack => "rolled-back",
            RecordEvent::Blocked => "blocked",
            RecordEvent::Unblocked => "unblocked",
        }
    }

    /// The pipeline events this event is, on `pipeline`; `note` is a block's reason.
    fn steps(self, pipeline: &Pipeline, note: Option<&str>) -> Vec<PipelineEvent> {
        use PipelineStage::{Approval, Build, Prod, Stage, Test};
        let start = |stage| PipelineEvent::Start { stage };
        let complete = |stage| PipelineEvent::Complete { stage };
        let fail = |stage| PipelineEvent::Fail { stage };
        // The stage an event about "the current stage" is about: the one in progress or
        // blocked; after the release, `prod`; else `build` (refused by the machine).
        let current = pipeline.current().unwrap_or(
            if pipeline.outcome() == Some(PipelineOutcome::Released) {
                Prod
            } else {
                Build
            },
        );
        let reason = |default: &str| {
            note.filter(|n| !n.trim().is_empty())
                .unwrap_or(default)
                .to_owned()
        };
        match self {
            RecordEvent::Started => vec![start(Build)],
            RecordEvent::BuildSucceeded => vec![complete(Build), start(Test)],
            RecordEvent::BuildFailed => vec![fail(Build)],
            RecordEvent::TestSucceeded => vec![complete(Test), start(Stage)],
            RecordEvent::TestFailed => vec![fail(Test)],
            RecordEvent::StageSucceeded => vec![
                complete(Stage),
                start(Approval),
                PipelineEvent::Block {
                    stage: Approval,
                    reason: APPROVAL_WAIT.to_owned(),
                },
            ],
            RecordEvent::StageFailed => vec![fail(Stage)],
            RecordEvent::Approved => vec![
                PipelineEvent::Unblock { stage: Approval },
                complete(Approval),
                start(Prod),
            ],
            RecordEvent::Rejected => vec![fail(Approval)],
            RecordEvent::Deployed => vec![complete(Prod)],
            RecordEvent::DeployFailed => vec![fail(Prod)],
            RecordEvent::RolledBack => vec![fail(current)],
            RecordEvent::Blocked => vec![PipelineEvent::Block {
                stage: current,
                reason: reason("blocked"),
            }],
            RecordEvent::Unblocked => vec![PipelineEvent::Unblock { stage: current }],
        }
    }
}

/// What the approval stage waits for after `stage-succeeded`.
const APPROVAL_WAIT: &str = "waiting for approval";

impl fmt::Display for RecordEvent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

impl FromStr for RecordEvent {
    type Err = RecordError;

    /// An event by its name; `_` may stand for `-`.
    fn from_str(text: &str) -> Result<RecordEvent, RecordError> {
        let name = text.trim().to_ascii_lowercase().replace('_', "-");
        RecordEvent::ALL
            .into_iter()
            .find(|e| e.as_str() == name)
            .ok_or_else(|| {
                RecordError::new(
                    RecordErrorKind::UnknownEvent,
                    format!(
                        "unknown pipeline event `{text}`: expected one of {}",
                        RecordEvent::ALL.map(RecordEvent::as_str).join(", ")
                    ),
                )
            })
    }
}

/// One stage of a release record: its state and when it started and finished.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct StageRecord {
    /// The stage.
    pub stage: PipelineStage,
    /// Its state.
    pub status: StageState,
    /// When it started; `None` while pending.
    #[serde(default)]
    pub started_at: Option<DateTime<Utc>>,
    /// When it completed or failed; `None` until then (a stage rolled back after it
    /// completed keeps its completion time).
    #[serde(default)]
    pub finished_at: Option<DateTime<Utc>>,
    /// What it waits for, while blocked.
    #[serde(default)]
    pub blocked_reason: Option<String>,
}

/// One event of the audit trail.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Transition {
    /// The record's revision this event made (the first is 1).
    pub revision: u64,
    /// When it happened.
    pub at: DateTime<Utc>,
    /// What happened.
    pub event: RecordEvent,
    /// The stage it happened to (the first of its pipeline events).
    pub stage: PipelineStage,
    /// Who reported it.
    #[serde(default)]
    pub by: Option<String>,
    /// Why, or anything worth keeping.
    #[serde(default)]
    pub note: Option<String>,
    /// The pipeline events it was, in order: `complete build`, `start test`.
    pub steps: Vec<String>,
}

/// A release's record: its version, every stage with its state and times, the audit trail
/// and the revision (the number of transitions, which a writer checks before replacing
/// the file). In JSON, the serde form of these fields; [`ReleaseRecord::check`] says
/// whether they hang together.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ReleaseRecord {
    /// The version released.
    pub version: Version,
    /// How many transitions the record holds; each event adds one.
    pub revision: u64,
    /// The five stages, in pipeline order.
    pub stages: Vec<StageRecord>,
    /// Every transition, oldest first.
    pub transitions: Vec<Transition>,
}

/// A new record of the release of `version`, started at `at`: `build` is in progress,
/// and the trail holds the `started` transition (revision 1).
///
/// ```
/// use relcore::plan::{start_record, StageState};
/// use relcore::version::Version;
/// let record = start_record(Version::new(2, 0, 0), "2026-03-03T10:00:00Z".parse().unwrap(), Some("ann"), Some("CHG-42"));
/// assert_eq!((record.revision, record.stages[0].status), (1, StageState::InProgress));
/// assert_eq!(record.transitions[0].by.as_deref(), Some("ann"));
/// ```
pub fn start_record(
    version: Version,
    at: DateTime<Utc>,
    by: Option<&str>,
    note: Option<&str>,
) -> ReleaseRecord {
    let stages = PipelineStage::ALL
        .into_iter()
        .map(|stage| {
            let first = stage == PipelineStage::Build;
            StageRecord {
                stage,
                status: if first {
                    StageState::InProgress
                } else {
                    StageState::Pending
                },
                started_at: first.then_some(at),
                finished_at: None,
                blocked_reason: None,
            }
        })
        .collect();
    ReleaseRecord {
        version,
        revision: 1,
        stages,
        transitions: vec![Transition {
            revision: 1,
            at,
            event: RecordEvent::Started,
            stage: PipelineStage::Build,
            by: text(by),
            note: text(note),
            steps: vec!["start build".to_owned()],
        }],
    }
}

/// `Some` of a text that is not blank.
fn text(value: Option<&str>) -> Option<String> {
    value
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(str::to_owned)
}

/// The record after `event` at `at`, reported by `by` with `note`: the pipeline advanced,
/// the stages' times set, the transition added and the revision one higher. `record`
/// itself does not change.
///
/// # Errors
///
/// A [`RecordError`]: the state machine's slug (`out_of_order`, `not_in_progress`,
/// `blocked`, `not_blocked`, `rolled_back`, `finished`, …) when the event cannot happen
/// now, `time_before_last` when `at` is before the last transition, `invalid_release_record` when
/// the record does not hang together.
pub fn apply_event(
    record: &ReleaseRecord,
    event: RecordEvent,
    at: DateTime<Utc>,
    by: Option<&str>,
    note: Option<&str>,
) -> Result<ReleaseRecord, RecordError> {
    let before = record.check()?;
    if let Some(last) = record.transitions.last().filter(|t| at < t.at) {
        return Err(RecordError::new(
            RecordErrorKind::TimeBeforeLast,
            format!(
                "`{event}` at {} is before the last transition (`{}` at {}); events are recorded in time order",
                stamp(at),
                last.event,
                stamp(last.at)
            ),
        ));
    }
    let steps = event.steps(&before, note);
    let mut pipeline = before.clone();
    for step in &steps {
        pipeline = pipeline
            .next(step.clone())
            .map_err(|e| RecordError::refused(event, &e))?;
    }
    let mut next = record.clone();
    for (stage, row) in PipelineStage::ALL.into_iter().zip(next.stages.iter_mut()) {
        let (was, now) = (before.state(stage), pipeline.state(stage));
        if was == StageState::Pending && now != StageState::Pending {
            row.started_at = Some(at);
        }
        let running = |s| matches!(s, StageState::InProgress | StageState::Blocked);
        if running(was) && !running(now) {
            row.finished_at = Some(at);
        }
        row.status = now;
        row.blocked_reason = if now == StageState::Blocked {
            pipeline.blocked_reason().map(str::to_owned)
        } else {
            None
        };
    }
    next.revision = record.revision.saturating_add(1);
    next.transitions.push(Transition {
        revision: next.revision,
        at,
        event,
        stage: steps
            .first()
            .map_or(PipelineStage::Build, PipelineEvent::stage),
        by: text(by),
        note: text(note),
        steps: steps
            .iter()
            .map(|s| format!("{} {}", s.name(), s.stage()))
            .collect(),
    });
    Ok(next)
}

impl ReleaseRecord {
    /// The pipeline the stages' states make, or why the record does not hang together:
    /// the five stages in order, states a pipeline can have (a reason exactly for the
    /// blocked stage), a revision that counts the transitions, transitions in time order.
    ///
    /// # Errors
    ///
    /// `invalid_release_record`, saying what is wrong.
    pub fn check(&self) -> Result<Pipeline, RecordError> {
        let invalid = |why: String| {
            RecordError::new(
                RecordErrorKind::InvalidRecord,
                format!("invalid release record: {why}"),
            )
        };
        let order: Vec<PipelineStage> = self.stages.iter().map(|s| s.stage).collect();
        if order != PipelineStage::ALL {
            return Err(invalid(format!(
                "`stages` must list build, test, stage, approval and prod, in that order, once each (found {})",
                order
                    .iter()
                    .map(|s| s.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            )));
        }
        let mut map = serde_json::Map::new();
        for s in &self.stages {
            map.insert(
                s.stage.as_str().to_owned(),
                serde_json::Value::from(s.status.as_str()),
            );
            if let Some(reason) = &s.blocked_reason {
                if s.status != StageState::Blocked {
                    return Err(invalid(format!(
                        "`{}` has a `blocked_reason` but is {}",
                        s.stage, s.status
                    )));
                }
                map.insert(
                    "blocked_reason".to_owned(),
                    serde_json::Value::from(reason.clone()),
                );
            }
        }
        let pipeline: Pipeline = serde_json::from_value(serde_json::Value::Object(map))
            .map_err(|e| invalid(e.to_string()))?;
        if u64::try_from(self.transitions.len()).ok() != Some(self.revision) {
            return Err(invalid(format!(
                "revision {} but {} transitions",
                self.revision,
                self.transitions.len()
            )));
        }
        for (pair, i) in self.transitions.windows(2).zip(2u64..) {
            if let [a, b] = pair
                && b.at < a.at
            {
                return Err(invalid(format!(
                    "transition {i} is earlier than the one before"
                )));
            }
        }
        for (t, i) in self.transitions.iter().zip(1u64..) {
            if t.revision != i {
                return Err(invalid(format!(
                    "transition {i} says revision {}",
                    t.revision
                )));
            }
        }
        Ok(pipeline)
    }

    /// How the release ended, or `None` while it goes on.
    ///
    /// # Errors
    ///
    /// `invalid_release_record`, as [`ReleaseRecord::check`].
    pub fn outcome(&self) -> Result<Option<PipelineOutcome>, RecordError> {
        Ok(self.check()?.outcome())
    }

    /// Each stage with its marker and duration at `at` (the stage in progress counts
    /// until `at`), the release's state, start, end and duration.
    ///
    /// # Errors
    ///
    /// `invalid_release_record`, as [`ReleaseRecord::check`].
    pub fn status(&self, at: DateTime<Utc>) -> Result<PipelineStatus, RecordError> {
        let pipeline = self.check()?;
        let outcome = pipeline.outcome();
        let started_at = self.transitions.first().map(|t| t.at);
        let finished_at = outcome.and_then(|_| self.transitions.last().map(|t| t.at));
        let end = finished_at.unwrap_or(at);
        let stages = self
            .stages
            .iter()
            .map(|s| {
                let until = s.finished_at.or_else(|| {
                    matches!(s.status, StageState::InProgress | StageState::Blocked).then_some(at)
                });
                StageStatus {
                    stage: s.stage,
                    status: s.status,
                    marker: marker(s.status).to_owned(),
                    started_at: s.started_at,
                    finished_at: s.finished_at,
                    duration_seconds: s
                        .started_at
                        .zip(until)
                        .map(|(a, b)| (b - a).num_seconds().max(0)),
                    blocked_reason: s.blocked_reason.clone(),
                }
            })
            .collect();
        Ok(PipelineStatus {
            version: self.version.clone(),
            revision: self.revision,
            at,
            state: match outcome {
                None => RecordState::InProgress,
                Some(PipelineOutcome::Released) => RecordState::Released,
                Some(PipelineOutcome::RolledBack) => RecordState::RolledBack,
            },
            current: pipeline.current(),
            started_at,
            finished_at,
            duration_seconds: started_at.map_or(0, |s| (end - s).num_seconds().max(0)),
            stages,
        })
    }

    /// The deployment record as Markdown: a summary (version, start, end, duration,
    /// outcome, who took part), the timeline table, the approvals and the outcome.
    ///
    /// # Errors
    ///
    /// `invalid_release_record`, as [`ReleaseRecord::check`].
    ///
    /// ```
    /// use relcore::plan::{apply_event, start_record, RecordEvent};
    /// use relcore::version::Version;
    /// let t = |s: &str| s.parse().unwrap();
    /// let r = start_record(Version::new(1, 0, 0), t("2026-03-03T10:00:00Z"), Some("ci"), None);
    /// let r = apply_event(&r, RecordEvent::BuildFailed, t("2026-03-03T10:01:00Z"), Some("ci"), Some("linker error"))?;
    /// let md = r.to_markdown()?;
    /// assert!(md.starts_with("# Deployment record: 1.0.0\n"));
    /// assert!(md.contains("| 2026-03-03 10:01 UTC | build-failed | build | ci | linker error |\n"));
    /// assert!(md.ends_with("Rolled back: `build` failed at 2026-03-03 10:01 UTC (reported by ci: linker error).\n"));
    /// # Ok::<(), relcore::plan::RecordError>(())
    /// ```
    pub fn to_markdown(&self) -> Result<String, RecordError> {
        let last = self
            .transitions
            .last()
            .map_or_else(DateTime::<Utc>::default, |t| t.at);
        let status = self.status(last)?;
        let mut out = format!("# Deployment record: {}\n\n## Summary\n\n", self.version);
        let mut people: Vec<&str> = Vec::new();
        for t in &self.transitions {
            if let Some(by) = t.by.as_deref()
                && !people.contains(&by)
            {
                people.push(by);
            }
        }
        let rows = [
            ("Version", self.version.to_string()),
            (
                "Started",
                status.started_at.map_or_else(|| "—".to_owned(), stamp),
            ),
            (
                "Finished",
                status
                    .finished_at
                    .map_or_else(|| "not yet".to_owned(), stamp),
            ),
            ("Duration", duration_text(status.duration_seconds)),
            ("Outcome", status.state.title().to_owned()),
            (
                "People",
                if people.is_empty() {
                    "—".to_owned()
                } else {
                    people.join(", ")
                },
            ),
            ("Revision", self.revision.to_string()),
        ];
        out.push_str("| | |\n|---|---|\n");
        for (key, value) in rows {
            let _ = writeln!(out, "| {key} | {} |", cell(&value));
        }
        out.push_str("\n## Stages\n\n| Stage | Status | Started | Finished | Duration |\n|---|---|---|---|---|\n");
        for s in &status.stages {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} |",
                s.stage,
                s.marker,
                s.started_at.map_or_else(String::new, stamp),
                s.finished_at.map_or_else(String::new, stamp),
                s.duration_seconds.map_or_else(String::new, duration_text),
            );
        }
        out.push_str(
            "\n## Timeline\n\n| Time | Event | Stage | By | Note |\n|---|---|---|---|---|\n",
        );
        for t in &self.transitions {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} |",
                stamp(t.at),
                t.event,
                t.stage,
                cell(t.by.as_deref().unwrap_or("")),
                cell(t.note.as_deref().unwrap_or("")),
            );
        }
        out.push_str("\n## Approvals\n\n");
        let approvals: Vec<&Transition> = self
            .transitions
            .iter()
            .filter(|t| matches!(t.event, RecordEvent::Approved | RecordEvent::Rejected))
            .collect();
        if approvals.is_empty() {
            out.push_str("None recorded.\n");
        }
        for t in approvals {
            let verb = if t.event == RecordEvent::Approved {
                "Approved"
            } else {
                "Rejected"
            };
            let _ = writeln!(
                out,
                "- {verb} by {} at {}{}",
                t.by.as_deref().unwrap_or("(unknown)"),
                stamp(t.at),
                t.note
                    .as_deref()
                    .map_or_else(String::new, |n| format!(": {n}")),
            );
        }
        out.push_str("\n## Outcome\n\n");
        out.push_str(&self.outcome_line(&status));
        out.push('\n');
        Ok(out)
    }

    /// The outcome in one sentence.
    fn outcome_line(&self, status: &PipelineStatus) -> String {
        let reported = |t: &Transition| match (t.by.as_deref(), t.note.as_deref()) {
            (Some(by), Some(note)) => format!(" (reported by {by}: {note})"),
            (Some(by), None) => format!(" (reported by {by})"),
            (None, Some(note)) => format!(" ({note})"),
            (None, None) => String::new(),
        };
        let last = self.transitions.last();
        match (status.state, last) {
            (RecordState::Released, Some(t)) => {
                format!(
                    "Released: `prod` completed at {}{}.",
                    stamp(t.at),
                    reported(t)
                )
            }
            (RecordState::RolledBack, Some(t)) => {
                let what = if t.event == RecordEvent::RolledBack {
                    format!("rolled back from `{}`", t.stage)
                } else {
                    format!("`{}` failed", t.stage)
                };
                format!("Rolled back: {what} at {}{}.", stamp(t.at), reported(t))
            }
            _ => match status
                .stages
                .iter()
                .find(|s| Some(s.stage) == status.current)
            {
                Some(s) if s.status == StageState::Blocked => format!(
                    "In progress: `{}` is blocked ({}).",
                    s.stage,
                    s.blocked_reason.as_deref().unwrap_or("no reason given")
                ),
                Some(s) => format!("In progress: `{}` is in progress.", s.stage),
                None => "In progress.".to_owned(),
            },
        }
    }
}

/// The marker of a state in the status view.
fn marker(state: StageState) -> &'static str {
    match state {
        StageState::Completed => "[COMPLETED]",
        StageState::InProgress => "[IN_PROGRESS]",
        StageState::Blocked => "[BLOCKED]",
        StageState::Pending => "[PENDING]",
        StageState::RolledBack => "[ROLLBACK]",
    }
}

/// `2026-03-03 10:02 UTC`.
fn stamp(at: DateTime<Utc>) -> String {
    at.format("%Y-%m-%d %H:%M UTC").to_string()
}

/// A table cell: pipes escaped, lines joined.
fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace(['\r', '\n'], " ")
}

/// A duration in words: `45s`, `2m 30s`, `1h 5m`, `2d 3h`.
///
/// ```
/// use relcore::plan::duration_text;
/// assert_eq!(duration_text(45), "45s");
/// assert_eq!(duration_text(150), "2m 30s");
/// assert_eq!(duration_text(3900), "1h 5m");
/// assert_eq!(duration_text(183_600), "2d 3h");
/// ```
pub fn duration_text(seconds: i64) -> String {
    let s = seconds.max(0);
    match s {
        0..60 => format!("{s}s"),
        60..3600 => format!("{}m {}s", s / 60, s % 60),
        3600..86_400 => format!("{}h {}m", s / 3600, s % 3600 / 60),
        _ => format!("{}d {}h", s / 86_400, s % 86_400 / 3600),
    }
}

/// Where a release stands: `in_progress`, `released` or `rolled_back`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum RecordState {
    /// The pipeline goes on.
    InProgress,
    /// `prod` completed.
    Released,
    /// A stage failed, or the release was rolled back.
    RolledBack,
}

impl RecordState {
    /// The stable spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            RecordState::InProgress => "in_progress",
            RecordState::Released => "released",
            RecordState::RolledBack => "rolled_back",
        }
    }

    fn title(self) -> &'static str {
        match self {
            RecordState::InProgress => "In progress",
            RecordState::Released => "Released",
            RecordState::RolledBack => "Rolled back",
        }
    }
}

/// One stage in the status view.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct StageStatus {
    /// The stage.
    pub stage: PipelineStage,
    /// Its state.
    pub status: StageState,
    /// `[COMPLETED]`, `[IN_PROGRESS]`, `[BLOCKED]`, `[PENDING]` or `[ROLLBACK]`.
    pub marker: String,
    /// When it started.
    pub started_at: Option<DateTime<Utc>>,
    /// When it completed or failed.
    pub finished_at: Option<DateTime<Utc>>,
    /// How long it took, or has taken so far; `None` while pending.
    pub duration_seconds: Option<i64>,
    /// What it waits for, while blocked.
    pub blocked_reason: Option<String>,
}

/// A release record's status at a time: [`ReleaseRecord::status`] (`relcore pipeline
/// status`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PipelineStatus {
    /// The version released.
    pub version: Version,
    /// The record's revision.
    pub revision: u64,
    /// The time the status is for.
    pub at: DateTime<Utc>,
    /// Where the release stands.
    pub state: RecordState,
    /// The stage in progress or blocked.
    pub current: Option<PipelineStage>,
    /// When the pipeline started.
    pub started_at: Option<DateTime<Utc>>,
    /// When it was released or rolled back.
    pub finished_at: Option<DateTime<Utc>>,
    /// From the start to the end, or to `at` while it goes on.
    pub duration_seconds: i64,
    /// Every stage, in pipeline order.
    pub stages: Vec<StageStatus>,
}

impl PipelineStatus {
    /// The status as text: a heading line, then one line per stage with its marker,
    /// duration and, when blocked, what it waits for.
    ///
    /// ```text
    /// Release 1.6.0: in progress, 17m 30s (revision 4)
    ///
    /// BUILD     [COMPLETED]    2m 30s
    /// TEST      [COMPLETED]    5m 0s
    /// STAGE     [COMPLETED]    10m 0s
    /// APPROVAL  [BLOCKED]      0s  waiting for approval
    /// PROD      [PENDING]
    /// ```
    pub fn to_text(&self) -> String {
        let mut out = format!(
            "Release {}: {}, {} (revision {})\n\n",
            self.version,
            self.state.title().to_lowercase(),
            duration_text(self.duration_seconds),
            self.revision
        );
        for s in &self.stages {
            let mut line = format!("{:<9} {:<15}", s.stage.as_str().to_uppercase(), s.marker);
            if let Some(d) = s.duration_seconds {
                line.push_str(&duration_text(d));
            }
            if let Some(reason) = &s.blocked_reason {
                let _ = write!(line, "  {reason}");
            }
            out.push_str(line.trim_end());
            out.push('\n');
        }
        out
    }
}

/// Why a release record cannot take an event, or be read.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum RecordErrorKind {
    /// The state machine refuses the event now: the code is the transition's
    /// ([`TransitionErrorKind`]).
    Refused(TransitionErrorKind),
    /// The event's time is before the last transition's.
    TimeBeforeLast,
    /// The record does not hang together (stages, revision, times).
    InvalidRecord,
    /// An event name that is not one of [`RecordEvent::ALL`].
    UnknownEvent,
}

impl RecordErrorKind {
    /// The codes of the kinds other than [`RecordErrorKind::Refused`] (whose codes are
    /// [`TransitionErrorKind::ALL`]'s), for the tests and docs that enumerate them.
    pub const ALL: [RecordErrorKind; 3] = [
        RecordErrorKind::TimeBeforeLast,
        RecordErrorKind::InvalidRecord,
        RecordErrorKind::UnknownEvent,
    ];

    /// The stable slug: `time_before_last`, `invalid_release_record`, `unknown_event`, or the
    /// transition's.
    pub fn as_str(self) -> &'static str {
        match self {
            RecordErrorKind::Refused(kind) => kind.as_str(),
            RecordErrorKind::TimeBeforeLast => "time_before_last",
            RecordErrorKind::InvalidRecord => "invalid_release_record",
            RecordErrorKind::UnknownEvent => "unknown_event",
        }
    }
}

/// A release record that cannot take an event, or be read: its kind and why.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct RecordError {
    kind: RecordErrorKind,
    message: String,
}

impl RecordError {
    fn new(kind: RecordErrorKind, message: String) -> RecordError {
        RecordError { kind, message }
    }

    fn refused(event: RecordEvent, error: &TransitionError) -> RecordError {
        RecordError::new(
            RecordErrorKind::Refused(error.kind()),
            format!("`{event}` refused: {error}"),
        )
    }

    /// The stable kind of this error.
    pub fn kind(&self) -> RecordErrorKind {
        self.kind
    }

    /// The stable slug: [`RecordErrorKind::as_str`].
    pub fn code(&self) -> &'static str {
        self.kind.as_str()
    }
}
