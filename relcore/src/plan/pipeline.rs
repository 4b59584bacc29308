//! The release pipeline as a state machine: build → test → stage → approval → prod.

use std::fmt;

use serde::{Deserialize, Serialize};

/// One stage of the release pipeline, in order: `build`, `test`, `stage`, `approval`,
/// `prod`.
///
/// ```
/// use relcore::plan::PipelineStage;
/// assert_eq!(PipelineStage::Approval.as_str(), "approval");
/// assert!(PipelineStage::Build < PipelineStage::Prod);
/// assert_eq!(serde_json::to_string(&PipelineStage::Prod)?, r#""prod""#);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum PipelineStage {
    /// Build the release artifacts.
    Build,
    /// Run the tests.
    Test,
    /// Deploy to staging.
    Stage,
    /// Wait for the release approval.
    Approval,
    /// Deploy to production.
    Prod,
}

impl PipelineStage {
    /// Every stage, in pipeline order.
    ///
    /// ```
    /// use relcore::plan::PipelineStage;
    /// assert_eq!(PipelineStage::ALL[0], PipelineStage::Build);
    /// assert_eq!(PipelineStage::ALL.len(), 5);
    /// ```
    pub const ALL: [PipelineStage; 5] = [
        PipelineStage::Build,
        PipelineStage::Test,
        PipelineStage::Stage,
        PipelineStage::Approval,
        PipelineStage::Prod,
    ];

    /// The stable spelling: `build`, `test`, `stage`, `approval`, `prod`.
    ///
    /// ```
    /// use relcore::plan::PipelineStage;
    /// assert_eq!(PipelineStage::Stage.as_str(), "stage");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            PipelineStage::Build => "build",
            PipelineStage::Test => "test",
            PipelineStage::Stage => "stage",
            PipelineStage::Approval => "approval",
            PipelineStage::Prod => "prod",
        }
    }

    fn index(self) -> usize {
        match self {
            PipelineStage::Build => 0,
            PipelineStage::Test => 1,
            PipelineStage::Stage => 2,
            PipelineStage::Approval => 3,
            PipelineStage::Prod => 4,
        }
    }
}

impl fmt::Display for PipelineStage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

/// Where one stage of the pipeline is: `pending`, `in_progress`, `completed`, `blocked`
/// or `rolled_back`.
///
/// ```
/// use relcore::plan::StageState;
/// assert_eq!(StageState::default(), StageState::Pending);
/// assert_eq!(StageState::InProgress.as_str(), "in_progress");
/// assert_eq!(serde_json::to_string(&StageState::RolledBack)?, r#""rolled_back""#);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum StageState {
    /// Not started.
    #[default]
    Pending,
    /// Started, not finished.
    InProgress,
    /// Finished successfully.
    Completed,
    /// Started, and waiting for an external event (an `unblock`) to go on.
    Blocked,
    /// Undone after a failure.
    RolledBack,
}

impl StageState {
    /// The stable spelling: `pending`, `in_progress`, `completed`, `blocked`,
    /// `rolled_back`.
    ///
    /// ```
    /// use relcore::plan::StageState;
    /// assert_eq!(StageState::Blocked.as_str(), "blocked");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            StageState::Pending => "pending",
            StageState::InProgress => "in_progress",
            StageState::Completed => "completed",
            StageState::Blocked => "blocked",
            StageState::RolledBack => "rolled_back",
        }
    }

    /// The state in words, for messages: `in progress`.
    fn words(self) -> &'static str {
        match self {
            StageState::InProgress => "in progress",
            StageState::RolledBack => "rolled back",
            other => other.as_str(),
        }
    }
}

impl fmt::Display for StageState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

/// Something that happens to a stage of the pipeline.
///
/// Serialised with its name under `event`:
/// `{"event": "block", "stage": "approval", "reason": "waiting for the CAB"}`.
///
/// ```
/// use relcore::plan::{PipelineEvent, PipelineStage};
/// let e: PipelineEvent = serde_json::from_str(r#"{"event": "start", "stage": "build"}"#)?;
/// assert_eq!(e, PipelineEvent::Start { stage: PipelineStage::Build });
/// assert_eq!((e.name(), e.stage()), ("start", PipelineStage::Build));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(tag = "event", rename_all = "snake_case", deny_unknown_fields)]
pub enum PipelineEvent {
    /// The stage starts: it must be pending, and every earlier stage completed.
    Start {
        /// The stage.
        stage: PipelineStage,
    },
    /// The stage finishes successfully: it must be in progress.
    Complete {
        /// The stage.
        stage: PipelineStage,
    },
    /// The stage fails: it must be in progress or blocked. Everything done is rolled
    /// back, and the pipeline is finished.
    Fail {
        /// The stage.
        stage: PipelineStage,
    },
    /// The stage must wait for something outside the pipeline: it must be in progress.
    Block {
        /// The stage.
        stage: PipelineStage,
        /// What it waits for.
        reason: String,
    },
    /// What a blocked stage waited for happened: it goes on (in progress).
    Unblock {
        /// The stage.
        stage: PipelineStage,
    },
}

impl PipelineEvent {
    /// The stage the event is about.
    ///
    /// ```
    /// use relcore::plan::{PipelineEvent, PipelineStage};
    /// assert_eq!(PipelineEvent::Fail { stage: PipelineStage::Test }.stage(), PipelineStage::Test);
    /// ```
    pub fn stage(&self) -> PipelineStage {
        match self {
            PipelineEvent::Start { stage }
            | PipelineEvent::Complete { stage }
            | PipelineEvent::Fail { stage }
            | PipelineEvent::Block { stage, .. }
            | PipelineEvent::Unblock { stage } => *stage,
        }
    }

    /// The event's name, as in JSON: `start`, `complete`, `fail`, `block`, `unblock`.
    ///
    /// ```
    /// use relcore::plan::{PipelineEvent, PipelineStage};
    /// assert_eq!(PipelineEvent::Unblock { stage: PipelineStage::Approval }.name(), "unblock");
    /// ```
    pub fn name(&self) -> &'static str {
        match self {
            PipelineEvent::Start { .. } => "start",
            PipelineEvent::Complete { .. } => "complete",
            PipelineEvent::Fail { .. } => "fail",
            PipelineEvent::Block { .. } => "block",
            PipelineEvent::Unblock { .. } => "unblock",
        }
    }
}

/// How a finished pipeline ended.
///
/// ```
/// use relcore::plan::PipelineOutcome;
/// assert_eq!(serde_json::to_string(&PipelineOutcome::RolledBack)?, r#""rolled_back""#);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum PipelineOutcome {
    /// `prod` completed.
    Released,
    /// A stage failed and everything done was rolled back.
    RolledBack,
}

/// The release pipeline: the state of each of its five stages, `build`, `test`, `stage`,
/// `approval` and `prod`, which run one at a time, in that order.
///
/// [`Pipeline::next`] applies an event and returns the pipeline after it, or a
/// [`TransitionError`] saying why the event cannot happen now; the pipeline it was called
/// on does not change either way. `docs/rollout-plans.md` has the transition table.
///
/// A pipeline always has this shape: completed stages, then at most one stage in
/// progress or blocked, then pending stages; or, after a failure, rolled-back stages
/// then pending ones. Serialised, it is the state of each stage, and the reason the
/// blocked stage waits: `{"build": "completed", "test": "blocked", "stage": "pending",
/// "approval": "pending", "prod": "pending", "blocked_reason": "flaky runner"}`; JSON of
/// another shape is refused.
///
/// ```
/// use relcore::plan::{Pipeline, PipelineEvent, PipelineOutcome, PipelineStage, StageState};
/// use PipelineStage::*;
///
/// let mut p = Pipeline::default();
/// for stage in [Build, Test, Stage] {
///     p = p.next(PipelineEvent::Start { stage })?;
///     p = p.next(PipelineEvent::Complete { stage })?;
/// }
/// p = p.next(PipelineEvent::Start { stage: Approval })?;
/// p = p.next(PipelineEvent::Block { stage: Approval, reason: "waiting for the CAB".into() })?;
/// assert_eq!(p.current(), Some(Approval));
/// assert_eq!(p.blocked_reason(), Some("waiting for the CAB"));
///
/// let err = p.next(PipelineEvent::Complete { stage: Approval }).unwrap_err();
/// assert_eq!(err.kind().as_str(), "blocked");
/// assert_eq!(err.to_string(), "cannot complete `approval`, which is blocked: unblock it first (reason: waiting for the CAB)");
///
/// p = p.next(PipelineEvent::Unblock { stage: Approval })?;
/// p = p.next(PipelineEvent::Complete { stage: Approval })?;
/// p = p.next(PipelineEvent::Start { stage: Prod })?;
/// p = p.next(PipelineEvent::Fail { stage: Prod })?;
/// assert_eq!(p.state(Build), StageState::RolledBack);
/// assert_eq!(p.outcome(), Some(PipelineOutcome::RolledBack));
/// assert_eq!(p.next(PipelineEvent::Start { stage: Prod }).unwrap_err().kind().as_str(), "rolled_back");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "PipelineData")]
pub struct Pipeline {
    build: StageState,
    test: StageState,
    stage: StageState,
    approval: StageState,
    prod: StageState,
    #[serde(skip_serializing_if = "Option::is_none")]
    blocked_reason: Option<String>,
}

impl Pipeline {
    /// A pipeline with every stage pending; the same as [`Pipeline::default`].
    ///
    /// ```
    /// use relcore::plan::{Pipeline, PipelineStage, StageState};
    /// assert_eq!(Pipeline::new().state(PipelineStage::Prod), StageState::Pending);
    /// ```
    pub fn new() -> Pipeline {
        Pipeline::default()
    }

    /// The state of `stage`.
    ///
    /// ```
    /// use relcore::plan::{Pipeline, PipelineEvent, PipelineStage, StageState};
    /// let p = Pipeline::new().next(PipelineEvent::Start { stage: PipelineStage::Build })?;
    /// assert_eq!(p.state(PipelineStage::Build), StageState::InProgress);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn state(&self, stage: PipelineStage) -> StageState {
        match stage {
            PipelineStage::Build => self.build,
            PipelineStage::Test => self.test,
            PipelineStage::Stage => self.stage,
            PipelineStage::Approval => self.approval,
            PipelineStage::Prod => self.prod,
        }
    }

    /// Every stage with its state, in pipeline order.
    ///
    /// ```
    /// use relcore::plan::{Pipeline, StageState};
    /// assert!(Pipeline::new().states().iter().all(|(_, s)| *s == StageState::Pending));
    /// ```
    pub fn states(&self) -> [(PipelineStage, StageState); 5] {
        PipelineStage::ALL.map(|s| (s, self.state(s)))
    }

    /// The stage in progress or blocked, if any.
    ///
    /// ```
    /// use relcore::plan::{Pipeline, PipelineEvent, PipelineStage};
    /// assert_eq!(Pipeline::new().current(), None);
    /// let p = Pipeline::new().next(PipelineEvent::Start { stage: PipelineStage::Build })?;
    /// assert_eq!(p.current(), Some(PipelineStage::Build));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn current(&self) -> Option<PipelineStage> {
        PipelineStage::ALL
            .into_iter()
            .find(|&s| matches!(self.state(s), StageState::InProgress | StageState::Blocked))
    }

    /// What the blocked stage waits for, if a stage is blocked.
    ///
    /// ```
    /// use relcore::plan::Pipeline;
    /// assert_eq!(Pipeline::new().blocked_reason(), None);
    /// ```
    pub fn blocked_reason(&self) -> Option<&str> {
        self.blocked_reason.as_deref()
    }

    /// How the pipeline ended, or `None` while it can still go on.
    ///
    /// ```
    /// use relcore::plan::{Pipeline, PipelineEvent, PipelineOutcome, PipelineStage};
    /// let p = Pipeline::new().next(PipelineEvent::Start { stage: PipelineStage::Build })?;
    /// assert_eq!(p.outcome(), None);
    /// let p = p.next(PipelineEvent::Fail { stage: PipelineStage::Build })?;
    /// assert_eq!(p.outcome(), Some(PipelineOutcome::RolledBack));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn outcome(&self) -> Option<PipelineOutcome> {
        if self
            .states()
            .iter()
            .any(|(_, s)| *s == StageState::RolledBack)
        {
            Some(PipelineOutcome::RolledBack)
        } else if self.prod == StageState::Completed {
            Some(PipelineOutcome::Released)
        } else {
            None
        }
    }

    /// Whether the pipeline is over: `prod` completed, or everything was rolled back. No
    /// event is accepted after that but `fail` of a completed `prod`, which rolls the
    /// release back.
    ///
    /// ```
    /// use relcore::plan::Pipeline;
    /// assert!(!Pipeline::new().is_finished());
    /// ```
    pub fn is_finished(&self) -> bool {
        self.outcome().is_some()
    }

    /// The pipeline after `event`, or why the event cannot happen now.
    ///
    /// | event | the stage must be | and then it is |
    /// |---|---|---|
    /// | `start` | pending, every earlier stage completed | in progress |
    /// | `complete` | in progress | completed |
    /// | `block` | in progress | blocked (with the reason) |
    /// | `unblock` | blocked | in progress |
    /// | `fail` | in progress or blocked | rolled back, with every completed stage; the pipeline is finished |
    /// | `fail` of `prod` | completed (the release is out) | every stage rolled back |
    ///
    /// # Errors
    ///
    /// A [`TransitionError`] whose kind says why, checked in this order:
    ///
    /// - any event after a failure (`rolled_back`), or after `prod` completed
    ///   (`finished`) but `fail` of `prod`, which rolls the release back;
    /// - `start`, `complete` or `block` of a blocked stage (`blocked`);
    /// - `start` of a stage that is not pending (`not_pending`), or while an earlier
    ///   stage is not completed (`out_of_order`);
    /// - `complete`, `fail` or `block` of a stage that is neither in progress nor (for
    ///   `fail`) blocked (`not_in_progress`);
    /// - `unblock` of a stage that is not blocked (`not_blocked`).
    ///
    /// ```
    /// use relcore::plan::{Pipeline, PipelineEvent, PipelineStage};
    /// let err = Pipeline::new().next(PipelineEvent::Start { stage: PipelineStage::Test }).unwrap_err();
    /// assert_eq!(err.kind().as_str(), "out_of_order");
    /// assert_eq!(err.to_string(), "cannot start `test`, which is pending: `build` is pending, not completed");
    /// ```
    pub fn next(&self, event: PipelineEvent) -> Result<Pipeline, TransitionError> {
        let stage = event.stage();
        let now = self.state(stage);
        if let Err((kind, why)) = self.check(&event) {
            return Err(TransitionError {
                kind,
                stage,
                state: now,
                message: format!(
                    "cannot {} `{stage}`, which is {}: {why}",
                    event.name(),
                    now.words()
                ),
            });
        }
        let mut next = self.clone();
        match event {
            PipelineEvent::Start { .. } | PipelineEvent::Unblock { .. } => {
                next.set(stage, StageState::InProgress);
                next.blocked_reason = None;
            }
            PipelineEvent::Complete { .. } => next.set(stage, StageState::Completed),
            PipelineEvent::Block { reason, .. } => {
                next.set(stage, StageState::Blocked);
                next.blocked_reason = Some(reason);
            }
            PipelineEvent::Fail { .. } => {
                for s in PipelineStage::ALL {
                    if matches!(
                        self.state(s),
                        StageState::InProgress | StageState::Blocked | StageState::Completed
                    ) {
                        next.set(s, StageState::RolledBack);
                    }
                }
                next.blocked_reason = None;
            }
        }
        Ok(next)
    }

    /// Whether `event` can happen now: the kind of error and why, if it cannot.
    fn check(&self, event: &PipelineEvent) -> Result<(), (TransitionErrorKind, String)> {
        let stage = event.stage();
        let now = self.state(stage);
        match self.outcome() {
            Some(PipelineOutcome::RolledBack) => {
                return Err((
                    TransitionErrorKind::RolledBack,
                    "the pipeline was rolled back after a failure".to_owned(),
                ));
            }
            // A release that went wrong in production is rolled back after all.
            Some(PipelineOutcome::Released)
                if matches!(
                    event,
                    PipelineEvent::Fail {
                        stage: PipelineStage::Prod
                    }
                ) =>
            {
                return Ok(());
            }
            Some(PipelineOutcome::Released) => {
                return Err((
                    TransitionErrorKind::Finished,
                    "the pipeline is finished: `prod` completed".to_owned(),
                ));
            }
            None => {}
        }
        match event {
            PipelineEvent::Start { .. }
            | PipelineEvent::Complete { .. }
            | PipelineEvent::Block { .. }
                if now == StageState::Blocked =>
            {
                let reason = self.blocked_reason.as_deref().unwrap_or_default();
                Err((
                    TransitionErrorKind::Blocked,
                    format!("unblock it first (reason: {reason})"),
                ))
            }
            PipelineEvent::Start { .. } if now != StageState::Pending => Err((
                TransitionErrorKind::NotPending,
                "only a pending stage starts".to_owned(),
            )),
            PipelineEvent::Start { .. } => match PipelineStage::ALL
                .into_iter()
                .take(stage.index())
                .find(|&s| self.state(s) != StageState::Completed)
            {
                Some(earlier) => Err((
                    TransitionErrorKind::OutOfOrder,
                    format!(
                        "`{earlier}` is {}, not completed",
                        self.state(earlier).words()
                    ),
                )),
                None => Ok(()),
            },
            PipelineEvent::Complete { .. } | PipelineEvent::Block { .. }
                if now != StageState::InProgress =>
            {
                Err((
                    TransitionErrorKind::NotInProgress,
                    format!("only a stage in progress can {}", event.name()),
                ))
            }
            PipelineEvent::Fail { .. }
                if !matches!(now, StageState::InProgress | StageState::Blocked) =>
            {
                Err((
                    TransitionErrorKind::NotInProgress,
                    "only a stage in progress or blocked can fail".to_owned(),
                ))
            }
            PipelineEvent::Unblock { .. } if now != StageState::Blocked => Err((
                TransitionErrorKind::NotBlocked,
                "only a blocked stage is unblocked".to_owned(),
            )),
            _ => Ok(()),
        }
    }

    fn set(&mut self, stage: PipelineStage, to: StageState) {
        match stage {
            PipelineStage::Build => self.build = to,
            PipelineStage::Test => self.test = to,
            PipelineStage::Stage => self.stage = to,
            PipelineStage::Approval => self.approval = to,
            PipelineStage::Prod => self.prod = to,
        }
    }

    /// Why these states cannot be a pipeline's, if they cannot: see the shape on
    /// [`Pipeline`].
    fn shape_error(&self) -> Option<String> {
        let states: Vec<StageState> = self.states().iter().map(|(_, s)| *s).collect();
        let rolled = states
            .iter()
            .take_while(|s| **s == StageState::RolledBack)
            .count();
        let rest = states.get(rolled..).unwrap_or_default();
        let done = if rolled > 0 {
            0
        } else {
            rest.iter()
                .take_while(|s| **s == StageState::Completed)
                .count()
        };
        let rest = rest.get(done..).unwrap_or_default();
        let current = usize::from(
            rolled == 0
                && rest
                    .first()
                    .is_some_and(|s| matches!(s, StageState::InProgress | StageState::Blocked)),
        );
        let rest = rest.get(current..).unwrap_or_default();
        if !rest.iter().all(|s| *s == StageState::Pending) {
            return Some(
                "stages must be completed (or rolled back), then at most one in progress or blocked, then pending"
                    .to_owned(),
            );
        }
        let blocked = states.contains(&StageState::Blocked);
        if blocked != self.blocked_reason.is_some() {
            return Some("`blocked_reason` is given exactly when a stage is blocked".to_owned());
        }
        None
    }
}

/// The serialised form of a [`Pipeline`], checked before it becomes one.
#[derive(Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
struct PipelineData {
    build: StageState,
    test: StageState,
    stage: StageState,
    approval: StageState,
    prod: StageState,
    blocked_reason: Option<String>,
}

impl TryFrom<PipelineData> for Pipeline {
    type Error = String;

    fn try_from(d: PipelineData) -> Result<Pipeline, String> {
        let p = Pipeline {
            build: d.build,
            test: d.test,
            stage: d.stage,
            approval: d.approval,
            prod: d.prod,
            blocked_reason: d.blocked_reason,
        };
        match p.shape_error() {
            Some(why) => Err(format!("not a pipeline: {why}")),
            None => Ok(p),
        }
    }
}

/// Why an event cannot happen: the stable kind behind a [`TransitionError`].
///
/// Every kind has a snake_case slug ([`TransitionErrorKind::as_str`]) shared by every
/// language; `docs/errors.md` lists them.
///
/// ```
/// use relcore::plan::TransitionErrorKind;
/// assert_eq!(TransitionErrorKind::OutOfOrder.as_str(), "out_of_order");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum TransitionErrorKind {
    /// `start` while an earlier stage is not completed.
    OutOfOrder,
    /// `start` of a stage that is not pending.
    NotPending,
    /// `complete`, `block` or `fail` of a stage that is not in progress (nor blocked, for
    /// `fail`).
    NotInProgress,
    /// `start`, `complete` or `block` of a blocked stage: it needs `unblock` first.
    Blocked,
    /// `unblock` of a stage that is not blocked.
    NotBlocked,
    /// Any event after a failure rolled the pipeline back.
    RolledBack,
    /// Any event after `prod` completed.
    Finished,
}

impl TransitionErrorKind {
    /// Every kind, for the tests and docs that enumerate the slugs.
    pub const ALL: [TransitionErrorKind; 7] = [
        TransitionErrorKind::OutOfOrder,
        TransitionErrorKind::NotPending,
        TransitionErrorKind::NotInProgress,
        TransitionErrorKind::Blocked,
        TransitionErrorKind::NotBlocked,
        TransitionErrorKind::RolledBack,
        TransitionErrorKind::Finished,
    ];

    /// The stable slug of this kind.
    ///
    /// ```
    /// use relcore::plan::TransitionErrorKind;
    /// assert_eq!(TransitionErrorKind::NotInProgress.as_str(), "not_in_progress");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            TransitionErrorKind::OutOfOrder => "out_of_order",
            TransitionErrorKind::NotPending => "not_pending",
            TransitionErrorKind::NotInProgress => "not_in_progress",
            TransitionErrorKind::Blocked => "blocked",
            TransitionErrorKind::NotBlocked => "not_blocked",
            TransitionErrorKind::RolledBack => "rolled_back",
            TransitionErrorKind::Finished => "finished",
        }
    }
}

impl fmt::Display for TransitionErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

/// An event the pipeline cannot take in its state; see [`Pipeline::next`].
///
/// ```
/// use relcore::plan::{Pipeline, PipelineEvent, PipelineStage, StageState, TransitionErrorKind};
/// let err = Pipeline::new().next(PipelineEvent::Complete { stage: PipelineStage::Build }).unwrap_err();
/// assert_eq!(err.kind(), TransitionErrorKind::NotInProgress);
/// assert_eq!((err.stage(), err.state()), (PipelineStage::Build, StageState::Pending));
/// assert_eq!(err.to_string(), "cannot complete `build`, which is pending: only a stage in progress can complete");
/// ```
#[derive(Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct TransitionError {
    kind: TransitionErrorKind,
    stage: PipelineStage,
    state: StageState,
    message: String,
}

impl TransitionError {
    /// The stable kind of this error.
    ///
    /// ```
    /// use relcore::plan::{Pipeline, PipelineEvent, PipelineStage, TransitionErrorKind};
    /// let err = Pipeline::new().next(PipelineEvent::Unblock { stage: PipelineStage::Prod }).unwrap_err();
    /// assert_eq!(err.kind(), TransitionErrorKind::NotBlocked);
    /// ```
    pub fn kind(&self) -> TransitionErrorKind {
        self.kind
    }

    /// The stage the event was about.
    ///
    /// ```
    /// use relcore::plan::{Pipeline, PipelineEvent, PipelineStage};
    /// let err = Pipeline::new().next(PipelineEvent::Start { stage: PipelineStage::Prod }).unwrap_err();
    /// assert_eq!(err.stage(), PipelineStage::Prod);
    /// ```
    pub fn stage(&self) -> PipelineStage {
        self.stage
    }

    /// The state that stage was in.
    ///
    /// ```
    /// use relcore::plan::{Pipeline, PipelineEvent, PipelineStage, StageState};
    /// let p = Pipeline::new().next(PipelineEvent::Start { stage: PipelineStage::Build })?;
    /// let err = p.next(PipelineEvent::Start { stage: PipelineStage::Build }).unwrap_err();
    /// assert_eq!(err.state(), StageState::InProgress);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn state(&self) -> StageState {
        self.state
    }
}

impl fmt::Debug for TransitionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "TransitionError({:?})", self.message)
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::PipelineStage::{Approval, Build, Prod, Stage, Test};
    use super::StageState::{Blocked, Completed, InProgress, Pending, RolledBack};
    use super::*;

    fn start(stage: PipelineStage) -> PipelineEvent {
        PipelineEvent::Start { stage }
    }
    fn complete(stage: PipelineStage) -> PipelineEvent {
        PipelineEvent::Complete { stage }
    }
    fn fail(stage: PipelineStage) -> PipelineEvent {
        PipelineEvent::Fail { stage }
    }
    fn block(stage: PipelineStage) -> PipelineEvent {
        PipelineEvent::Block {
            stage,
            reason: "the change board".to_owned(),
        }
    }
    fn unblock(stage: PipelineStage) -> PipelineEvent {
        PipelineEvent::Unblock { stage }
    }

    /// Every event, on every stage.
    fn every_event() -> Vec<PipelineEvent> {
        PipelineStage::ALL
            .into_iter()
            .flat_map(|s| [start(s), complete(s), fail(s), block(s), unblock(s)])
            .collect()
    }

    #[track_caller]
    fn run(events: &[PipelineEvent]) -> Pipeline {
        let mut p = Pipeline::new();
        for e in events {
            p = p
                .next(e.clone())
                .unwrap_or_else(|err| panic!("{e:?} on {p:?}: {err}"));
        }
        p
    }

    fn of(states: [StageState; 5]) -> Pipeline {
        let [build, test, stage, approval, prod] = states;
        Pipeline {
            build,
            test,
            stage,
            approval,
            prod,
            blocked_reason: states
                .contains(&Blocked)
                .then(|| "the change board".to_owned()),
        }
    }

    #[track_caller]
    fn refused(p: &Pipeline, e: &PipelineEvent) -> TransitionError {
        match p.next(e.clone()) {
            Ok(q) => panic!("{e:?} on {p:?} gave {q:?}"),
            Err(err) => err,
        }
    }

    /// The invariant: completed stages, then at most one in progress or blocked, then
    /// pending; or rolled-back stages, then pending; and a reason exactly when blocked.
    /// Written apart from `shape_error`, which deserialisation uses, so that the two
    /// check each other.
    fn holds(p: &Pipeline) -> bool {
        let s = p.states().map(|(_, s)| s);
        let all = |range: &[StageState], state: StageState| range.iter().all(|x| *x == state);
        let shape = if let Some(i) = s.iter().position(|x| matches!(x, InProgress | Blocked)) {
            all(&s[..i], Completed) && all(&s[i + 1..], Pending)
        } else if s.contains(&RolledBack) {
            let k = s.iter().take_while(|x| **x == RolledBack).count();
            all(&s[k..], Pending)
        } else {
            let k = s.iter().take_while(|x| **x == Completed).count();
            all(&s[k..], Pending)
        };
        shape && p.blocked_reason().is_some() == s.contains(&Blocked)
    }

    #[test]
    fn every_legal_transition() {
        // start: pending, every earlier stage completed.
        assert_eq!(
            run(&[start(Build)]),
            of([InProgress, Pending, Pending, Pending, Pending])
        );
        assert_eq!(
            run(&[start(Build), complete(Build), start(Test)]),
            of([Completed, InProgress, Pending, Pending, Pending])
        );
        // complete: in progress.
        assert_eq!(
            run(&[start(Build), complete(Build)]),
            of([Completed, Pending, Pending, Pending, Pending])
        );
        // block and unblock.
        let blocked = run(&[start(Build), block(Build)]);
        assert_eq!(blocked, of([Blocked, Pending, Pending, Pending, Pending]));
        assert_eq!(blocked.blocked_reason(), Some("the change board"));
        let unblocked = blocked.next(unblock(Build)).unwrap();
        assert_eq!(
            unblocked,
            of([InProgress, Pending, Pending, Pending, Pending])
        );
        assert_eq!(unblocked.blocked_reason(), None);
        // fail, from in progress and from blocked: the done stages roll back, the
        // pending ones stay.
        let mid = run(&[
            start(Build),
            complete(Build),
            start(Test),
            complete(Test),
            start(Stage),
        ]);
        assert_eq!(
            mid.next(fail(Stage)).unwrap(),
            of([RolledBack, RolledBack, RolledBack, Pending, Pending])
        );
        let failed = mid.next(block(Stage)).unwrap().next(fail(Stage)).unwrap();
        assert_eq!(
            failed,
            of([RolledBack, RolledBack, RolledBack, Pending, Pending])
        );
        assert_eq!(failed.blocked_reason(), None);
        assert_eq!(failed.outcome(), Some(PipelineOutcome::RolledBack));
        // The whole way.
        let mut events = Vec::new();
        for s in PipelineStage::ALL {
            events.extend([start(s), complete(s)]);
        }
        let done = run(&events);
        assert_eq!(done, of([Completed; 5]));
        assert_eq!(done.outcome(), Some(PipelineOutcome::Released));
        assert!(done.is_finished());
        assert_eq!(done.current(), None);
    }

    #[test]
    #[allow(clippy::too_many_lines)] // one table row per illegal transition
    fn every_illegal_transition_has_its_slug() {
        let fresh = Pipeline::new();
        let building = run(&[start(Build)]);
        let built = run(&[start(Build), complete(Build)]);
        let blocked = run(&[start(Build), block(Build)]);
        let cases: Vec<(&Pipeline, PipelineEvent, &str, &str)> = vec![
            (
                &fresh,
                start(Test),
                "out_of_order",
                "cannot start `test`, which is pending: `build` is pending, not completed",
            ),
            (
                &building,
                start(Prod),
                "out_of_order",
                "cannot start `prod`, which is pending: `build` is in progress, not completed",
            ),
            (
                &blocked,
                start(Test),
                "out_of_order",
                "cannot start `test`, which is pending: `build` is blocked, not completed",
            ),
            (
                &building,
                start(Build),
                "not_pending",
                "cannot start `build`, which is in progress: only a pending stage starts",
            ),
            (
                &built,
                start(Build),
                "not_pending",
                "cannot start `build`, which is completed: only a pending stage starts",
            ),
            (
                &fresh,
                complete(Build),
                "not_in_progress",
                "cannot complete `build`, which is pending: only a stage in progress can complete",
            ),
            (
                &built,
                complete(Build),
                "not_in_progress",
                "cannot complete `build`, which is completed: only a stage in progress can complete",
            ),
            (
                &fresh,
                block(Build),
                "not_in_progress",
                "cannot block `build`, which is pending: only a stage in progress can block",
            ),
            (
                &built,
                block(Build),
                "not_in_progress",
                "cannot block `build`, which is completed: only a stage in progress can block",
            ),
            (
                &fresh,
                fail(Build),
                "not_in_progress",
                "cannot fail `build`, which is pending: only a stage in progress or blocked can fail",
            ),
            (
                &built,
                fail(Build),
                "not_in_progress",
                "cannot fail `build`, which is completed: only a stage in progress or blocked can fail",
            ),
            (
                &built,
                fail(Test),
                "not_in_progress",
                "cannot fail `test`, which is pending: only a stage in progress or blocked can fail",
            ),
            (
                &blocked,
                complete(Build),
                "blocked",
                "cannot complete `build`, which is blocked: unblock it first (reason: the change board)",
            ),
            (
                &blocked,
                start(Build),
                "blocked",
                "cannot start `build`, which is blocked: unblock it first (reason: the change board)",
            ),
            (
                &blocked,
                block(Build),
                "blocked",
                "cannot block `build`, which is blocked: unblock it first (reason: the change board)",
            ),
            (
                &building,
                unblock(Build),
                "not_blocked",
                "cannot unblock `build`, which is in progress: only a blocked stage is unblocked",
            ),
            (
                &fresh,
                unblock(Prod),
                "not_blocked",
                "cannot unblock `prod`, which is pending: only a blocked stage is unblocked",
            ),
        ];
        for (p, e, slug, message) in cases {
            let err = refused(p, &e);
            assert_eq!(err.kind().as_str(), slug, "{e:?}");
            assert_eq!(err.to_string(), message, "{e:?}");
            assert_eq!(err.stage(), e.stage());
            assert_eq!(err.state(), p.state(e.stage()));
        }
        // After the end, every event is refused, whatever it is.
        let rolled = run(&[start(Build), fail(Build)]);
        let mut released_events = Vec::new();
        for s in PipelineStage::ALL {
            released_events.extend([start(s), complete(s)]);
        }
        let released = run(&released_events);
        for e in every_event() {
            let err = refused(&rolled, &e);
            assert_eq!(err.kind(), TransitionErrorKind::RolledBack, "{e:?}");
            assert!(
                err.to_string()
                    .ends_with(": the pipeline was rolled back after a failure")
            );
            if e == fail(Prod) {
                // A release that went wrong in production is rolled back after all.
                assert_eq!(released.next(e).unwrap(), of([RolledBack; 5]));
                continue;
            }
            let err = refused(&released, &e);
            assert_eq!(err.kind(), TransitionErrorKind::Finished, "{e:?}");
            assert!(
                err.to_string()
                    .ends_with(": the pipeline is finished: `prod` completed")
            );
        }
        assert_eq!(
            refused(&rolled, &start(Test)).to_string(),
            "cannot start `test`, which is pending: the pipeline was rolled back after a failure"
        );
    }

    /// Runs every sequence of up to `depth` more events from `p`, counting them.
    fn walk(p: &Pipeline, events: &[PipelineEvent], depth: usize, count: &mut usize) {
        *count += 1;
        assert!(holds(p), "{p:?}");
        if depth == 0 {
            return;
        }
        for e in events {
            match p.next(e.clone()) {
                Ok(q) => walk(&q, events, depth - 1, count),
                Err(err) => {
                    assert_eq!(err.stage(), e.stage());
                    walk(p, events, depth - 1, count);
                }
            }
        }
    }

    /// The exhaustive model check. Every sequence of up to 4 events (25^4 of them) is run
    /// event by event. For sequences up to length 6 and beyond, the states reachable
    /// after each length are explored level by level: `next` is a function of the
    /// pipeline and the event alone, so that covers every sequence. Nothing panics, every
    /// reachable pipeline keeps the invariant, an error leaves the pipeline as it was,
    /// and exactly the 21 states of the transition table are reachable.
    #[test]
    fn model_check() {
        let events = every_event();
        assert_eq!(events.len(), 25);

        let mut count = 0;
        walk(&Pipeline::new(), &events, 4, &mut count);
        assert_eq!(count, 1 + 25 + 625 + 15_625 + 390_625);

        let mut seen: HashSet<Pipeline> = HashSet::from([Pipeline::new()]);
        let mut level = vec![Pipeline::new()];
        for _ in 0..12 {
            let mut next_level = Vec::new();
            for p in &level {
                for e in &events {
                    let before = p.clone();
                    match p.next(e.clone()) {
                        Ok(q) => {
                            assert!(holds(&q), "{e:?} on {p:?} gave {q:?}");
                            // At most one stage in progress or blocked.
                            let running = q
                                .states()
                                .iter()
                                .filter(|(_, s)| matches!(s, InProgress | Blocked))
                                .count();
                            assert!(running <= 1, "{q:?}");
                            if seen.insert(q.clone()) {
                                next_level.push(q);
                            }
                        }
                        Err(_) => assert_eq!(*p, before),
                    }
                }
            }
            level = next_level;
        }
        assert!(level.is_empty(), "more states than the table has");
        // Idle after k completed stages (6), in progress or blocked at each stage (10),
        // rolled back up to each stage (5).
        assert_eq!(seen.len(), 21);
    }

    #[test]
    fn current_and_outcome() {
        let p = run(&[start(Build), complete(Build), start(Test), block(Test)]);
        assert_eq!(p.current(), Some(Test));
        assert_eq!(p.outcome(), None);
        assert!(!p.is_finished());
        assert_eq!(
            p.states().map(|(_, s)| s),
            [Completed, Blocked, Pending, Pending, Pending]
        );
    }

    #[test]
    fn serde() {
        let p = run(&[start(Build), complete(Build), start(Test), block(Test)]);
        let json = serde_json::to_value(&p).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"build": "completed", "test": "blocked", "stage": "pending",
                "approval": "pending", "prod": "pending", "blocked_reason": "the change board"})
        );
        assert_eq!(serde_json::from_value::<Pipeline>(json).unwrap(), p);
        let fresh: Pipeline = serde_json::from_str("{}").unwrap();
        assert_eq!(fresh, Pipeline::new());
        assert_eq!(
            serde_json::to_string(&fresh).unwrap(),
            r#"{"build":"pending","test":"pending","stage":"pending","approval":"pending","prod":"pending"}"#
        );
        for bad in [
            r#"{"test": "completed"}"#,
            r#"{"build": "in_progress", "test": "in_progress"}"#,
            r#"{"build": "completed", "test": "rolled_back"}"#,
            r#"{"build": "blocked"}"#,
            r#"{"blocked_reason": "x"}"#,
            r#"{"build": "done"}"#,
            r#"{"deploy": "pending"}"#,
        ] {
            assert!(serde_json::from_str::<Pipeline>(bad).is_err(), "{bad}");
        }
        let e = block(Approval);
        let json = serde_json::to_string(&e).unwrap();
        assert_eq!(
            json,
            r#"{"event":"block","stage":"approval","reason":"the change board"}"#
        );
        assert_eq!(serde_json::from_str::<PipelineEvent>(&json).unwrap(), e);
        assert!(
            serde_json::from_str::<PipelineEvent>(r#"{"event":"block","stage":"approval"}"#)
                .is_err()
        );
    }

    #[test]
    fn spellings() {
        let stages: Vec<&str> = PipelineStage::ALL.iter().map(|s| s.as_str()).collect();
        assert_eq!(stages, ["build", "test", "stage", "approval", "prod"]);
        for s in PipelineStage::ALL {
            assert_eq!(serde_json::to_value(s).unwrap(), s.as_str());
            assert_eq!(s.to_string(), s.as_str());
        }
        for s in [Pending, InProgress, Completed, Blocked, RolledBack] {
            assert_eq!(serde_json::to_value(s).unwrap(), s.as_str());
        }
        for k in TransitionErrorKind::ALL {
            assert_eq!(serde_json::to_value(k).unwrap(), k.as_str());
        }
    }
}
