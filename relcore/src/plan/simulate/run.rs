//! Simulation: a plan run against a metric timeline, giving every decision a rollout
//! controller would take and the outcome.
//!
//! # The model
//!
//! - The first stage begins at time 0, or when it is approved if it has an `approval`.
//! - While a stage runs, every observation is checked against the rollback triggers, once
//!   the stage's grace period is over and unless the stage has `rollback-enabled: false`.
//!   A trigger that holds rolls back at once (`rollback.automatic: false`: it holds the
//!   rollout instead, until a person decides).
//! - When the stage's duration is over, it is decided: a gate is evaluated on the latest
//!   observation of its metric since the stage began. The next stage needs an approval
//!   record when it has an `approval`, or when the current stage has no `auto-advance` (a
//!   person advances it). A stage that cannot advance is decided again at every later
//!   record, until it can.
//! - One precedence decides each moment: rollback trigger > failed gate > no data or no
//!   baseline (hold) > awaiting approval (hold) > advance.
//! - After the timeline's last record, time runs on without new data: a stage whose time
//!   is up is decided on what was observed, so the outcome says where the rollout ends.
//!
//! - A hold ends with a rollback when the stage's `hold-timeout` is reached, or at its
//!   `failure-limit`-th failed gate evaluation.
//! - With a window and a start, the clock is wall-clock time in the window's timezone: a
//!   stage due to begin when the window is closed waits for its next opening.
//! - At the final stage the services deploy one after another in dependency order, each
//!   health-checked after its delay; a rollback undoes them in the reverse order.

use crate::plan::PlanCode;
use serde::{Deserialize, Serialize};

use crate::diagnostic::{Diagnostic, Severity};

use crate::classification::ChangeType;
use crate::plan::document::model::{Plan, Service, Stage};
use crate::plan::document::services::analyze;
use crate::plan::expr::calendar::{Calendar, Clock, show};
use crate::plan::expr::gate::Gate;
use crate::plan::simulate::timeline::{EventKind, Timeline, TimelineError, TimelineFormat};
use crate::plan::validate::report::{Context, ValidationErrors};

/// How a simulated rollout ends.
///
/// ```
/// use relcore::plan::Outcome;
/// assert_eq!(serde_json::to_string(&Outcome::RolledBack)?, "\"rolled_back\"");
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Every stage advanced; the new version has all the traffic.
    Completed,
    /// A rollback trigger fired.
    RolledBack,
    /// The rollout waits, for data, a passing gate or an approval that never came.
    Stuck,
}

impl Outcome {
    /// `completed`, `rolled_back` or `stuck`.
    ///
    /// ```
    /// use relcore::plan::Outcome;
    /// assert_eq!(Outcome::Stuck.as_str(), "stuck");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Completed => "completed",
            Outcome::RolledBack => "rolled_back",
            Outcome::Stuck => "stuck",
        }
    }
}

/// What the controller does at one moment.
///
/// ```
/// use relcore::plan::DecisionKind;
/// assert_eq!(DecisionKind::AwaitingApproval.as_str(), "awaiting_approval");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum DecisionKind {
    /// The stage is done: the next one begins, or the rollout completes.
    Advance,
    /// The rollout waits: a gate fails, data is missing, or a manual trigger fired.
    Hold,
    /// A rollback trigger fired: the rollout is undone.
    Rollback,
    /// The rollout waits for a person to approve (or advance to) the next stage.
    AwaitingApproval,
    /// A service of the final stage is deployed, or passed its health check.
    Deploy,
}

impl DecisionKind {
    /// `advance`, `hold`, `rollback` or `awaiting_approval`.
    pub fn as_str(self) -> &'static str {
        match self {
            DecisionKind::Advance => "advance",
            DecisionKind::Hold => "hold",
            DecisionKind::Rollback => "rollback",
            DecisionKind::AwaitingApproval => "awaiting_approval",
            DecisionKind::Deploy => "deploy",
        }
    }
}

/// Why a decision was taken: the kind of rule that fired.
///
/// ```
/// use relcore::plan::DecisionReason;
/// assert_eq!(DecisionReason::NoData.as_str(), "no_data");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum DecisionReason {
    /// A rollback trigger holds (after the grace period).
    Trigger,
    /// A rollback trigger holds, and rollback is manual: a person decides.
    ManualTrigger,
    /// A gate does not hold on the latest observation.
    GateFailed,
    /// A gate's metric was not observed since the stage began.
    NoData,
    /// A gate relative to the baseline has no baseline to compare with.
    NoBaseline,
    /// The next stage needs an approval (`approval`), not yet given.
    Approval,
    /// The current stage has no `auto-advance`: a person advances it, not yet done.
    ManualAdvance,
    /// The stage's time is up and every gate holds.
    GatesPassed,
    /// The approval (or manual advance) the rollout waited for was given.
    Approved,
    /// The stage held on its gates for its `hold-timeout`.
    HoldTimeout,
    /// The stage's gates failed `failure-limit` times.
    FailureLimit,
    /// The next stage is due, but the deployment window is closed.
    WindowClosed,
    /// The window opened: the stage that waited for it begins.
    WindowOpen,
    /// A service of the final stage is deployed.
    ServiceDeployed,
    /// A service's health check passed.
    HealthCheckPassed,
    /// A service's health check failed.
    HealthCheckFailed,
    /// A service's health check has no result yet.
    NoHealthCheck,
}

impl DecisionReason {
    /// The snake_case slug, e.g. `gate_failed`.
    pub fn as_str(self) -> &'static str {
        match self {
            DecisionReason::Trigger => "trigger",
            DecisionReason::ManualTrigger => "manual_trigger",
            DecisionReason::GateFailed => "gate_failed",
            DecisionReason::NoData => "no_data",
            DecisionReason::NoBaseline => "no_baseline",
            DecisionReason::Approval => "approval",
            DecisionReason::ManualAdvance => "manual_advance",
            DecisionReason::GatesPassed => "gates_passed",
            DecisionReason::Approved => "approved",
            DecisionReason::HoldTimeout => "hold_timeout",
            DecisionReason::FailureLimit => "failure_limit",
            DecisionReason::WindowClosed => "window_closed",
            DecisionReason::WindowOpen => "window_open",
            DecisionReason::ServiceDeployed => "service_deployed",
            DecisionReason::HealthCheckPassed => "health_check_passed",
            DecisionReason::HealthCheckFailed => "health_check_failed",
            DecisionReason::NoHealthCheck => "no_health_check",
        }
    }
}

/// One decision of a simulated rollout.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(
    feature = "schema",
    derive(schemars::JsonSchema),
    schemars(rename = "SimulationDecision")
)]
pub struct Decision {
    /// Seconds from the plan's start.
    pub at_seconds: u64,
    /// The stage the rollout is in (before the first stage begins: the first stage).
    pub stage: String,
    /// What the controller does.
    pub decision: DecisionKind,
    /// The kind of rule that decided.
    pub reason: DecisionReason,
    /// The metric concerned, for gates and triggers.
    pub metric: Option<String>,
    /// The observed value, in the metric's unit.
    pub value: Option<f64>,
    /// The threshold it was compared with, in the metric's unit (resolved against the
    /// baseline for relative thresholds).
    pub threshold: Option<f64>,
    /// The rule: the gate or trigger expression (`error-rate > 5%`), the approval
    /// (`approval: qa-team`), `auto-advance: false`, or the gates that passed.
    pub rule: String,
    /// The decision in a sentence.
    pub message: String,
    /// The wall-clock time of the decision in the window's timezone
    /// (`2026-11-24T11:00`), when the plan has a window and a start.
    #[serde(default)]
    pub time: Option<String>,
    /// For `window_closed`: when the window opens, local time.
    #[serde(default)]
    pub opens_at: Option<String>,
    /// The service concerned, for service decisions.
    #[serde(default)]
    pub service: Option<String>,
}

/// The result of [`simulate`]: the outcome and every decision, in time order.
///
/// Serialised, it is the JSON of `relcore plan simulate --json`, `simulate_plan` (Python)
/// and `simulatePlan` (Node): `{"outcome": "rolled_back", "at_seconds": 2100, "stage":
/// "canary", "decisions": [{"at_seconds", "stage", "decision", "reason", "metric",
/// "value", "threshold", "rule", "message"}]}`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Simulation {
    /// How the rollout ends.
    pub outcome: Outcome,
    /// When: the completion, the rollback, or the moment the rollout began to wait for
    /// what never came.
    pub at_seconds: u64,
    /// The stage it ends in; `None` for a plan without stages.
    pub stage: Option<String>,
    /// Every decision, in time order. A decision repeated at later records (the same
    /// gate still failing) is given once.
    pub decisions: Vec<Decision>,
    /// For a rollback: the services undone, in order (the reverse of the deploy order:
    /// every service before the final stage, the ones deployed so far at it); empty
    /// otherwise.
    #[serde(default)]
    pub rollback_order: Vec<String>,
    /// The wall-clock time of `at_seconds`, when the plan has a window and a start.
    #[serde(default)]
    pub time: Option<String>,
}

/// Why [`simulate_text`] could not simulate: the plan or the timeline is unreadable.
///
/// ```
/// use relcore::plan::simulate_text;
/// let err = simulate_text("deployment: [", "[]").unwrap_err();
/// assert_eq!(err.diagnostics()[0].code, "invalid_yaml");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum SimulationError {
    /// The plan has structural problems ([`Plan::from_yaml`]).
    #[error("{0}")]
    Plan(ValidationErrors),
    /// The timeline is unreadable, or approves a stage the plan does not have.
    #[error("the timeline: {0}")]
    Timeline(TimelineError),
}

impl SimulationError {
    /// The text the diagnostics' offsets point into: `plan` for a plan error, `timeline`
    /// for a timeline error. Adapters that report offsets in their language's string
    /// units (UTF-16, code points) convert them in this text.
    ///
    /// ```
    /// use relcore::plan::simulate_text;
    /// let err = simulate_text("deployment: [", "[]").unwrap_err();
    /// assert_eq!(err.about("deployment: [", "[]"), "deployment: [");
    /// ```
    pub fn about<'a>(&self, plan: &'a str, timeline: &'a str) -> &'a str {
        match self {
            SimulationError::Plan(_) => plan,
            SimulationError::Timeline(_) => timeline,
        }
    }

    /// The located problems.
    pub fn diagnostics(&self) -> &[Diagnostic] {
        match self {
            SimulationError::Plan(e) => e.diagnostics(),
            SimulationError::Timeline(e) => std::slice::from_ref(e.diagnostic()),
        }
    }
}

/// Reads a plan (YAML) and a timeline (YAML, JSON or CSV, detected with
/// [`TimelineFormat::detect`] unless given) and simulates the one against the other.
///
/// # Errors
///
/// [`SimulationError::Plan`] when the plan does not parse, [`SimulationError::Timeline`]
/// when the timeline does not, or approves an unknown stage.
///
/// ```
/// use relcore::plan::{simulate_text, Outcome};
/// let plan = "deployment: { strategy: canary, stages: [{ name: all, percentage: 100, duration: 1h }] }\n";
/// let sim = simulate_text(plan, "at,metric,value\n10m,error-rate,0.1\n")?;
/// assert_eq!((sim.outcome, sim.at_seconds), (Outcome::Completed, 3600));
/// # Ok::<(), relcore::plan::SimulationError>(())
/// ```
pub fn simulate_text(plan: &str, timeline: &str) -> Result<Simulation, SimulationError> {
    simulate_text_as(plan, timeline, TimelineFormat::detect(timeline))
}

/// [`simulate_text`] with the timeline's format given.
///
/// # Errors
///
/// As [`simulate_text`].
///
/// ```
/// use relcore::plan::{simulate_text_as, TimelineFormat, Outcome};
/// let plan = "deployment: { strategy: canary, stages: [{ name: all, percentage: 100 }] }\n";
/// assert_eq!(simulate_text_as(plan, "", TimelineFormat::Csv)?.outcome, Outcome::Completed);
/// # Ok::<(), relcore::plan::SimulationError>(())
/// ```
pub fn simulate_text_as(
    plan: &str,
    timeline: &str,
    format: TimelineFormat,
) -> Result<Simulation, SimulationError> {
    simulate_text_in(plan, timeline, Some(format), &Context::default())
}

/// [`simulate_text_as`] with a validation [`Context`]: its holidays close the window, its
/// start and change type stand in for the plan's. Without a `format` the timeline's is
/// detected ([`TimelineFormat::detect`]).
///
/// # Errors
///
/// As [`simulate_text`].
///
/// ```
/// use relcore::plan::{simulate_text_in, Context, TimelineFormat};
/// let plan = "deployment: { strategy: canary, stages: [{ name: all, percentage: 100 }] }\nwindow: { timezone: UTC, allow: [\"tue-thu 10:00-12:00\"] }\n";
/// let ctx = Context { start: relcore::plan::parse_start("2026-11-23T10:00").ok(), ..Context::default() };
/// let sim = simulate_text_in(plan, "", Some(TimelineFormat::Csv), &ctx)?;
/// assert_eq!(sim.decisions[0].reason.as_str(), "window_closed");
/// assert_eq!(sim.decisions[0].opens_at.as_deref(), Some("2026-11-24T10:00"));
/// # Ok::<(), relcore::plan::SimulationError>(())
/// ```
pub fn simulate_text_in(
    plan: &str,
    timeline: &str,
    format: Option<TimelineFormat>,
    ctx: &Context,
) -> Result<Simulation, SimulationError> {
    let plan = Plan::from_yaml(plan).map_err(SimulationError::Plan)?;
    let format = format.unwrap_or_else(|| TimelineFormat::detect(timeline));
    let timeline = Timeline::parse_as(timeline, format).map_err(SimulationError::Timeline)?;
    simulate_in(&plan, &timeline, ctx).map_err(SimulationError::Timeline)
}

/// Reads a plan (YAML) and simulates it against timeline records given as values (see
/// [`Timeline::from_values`]), as the bindings take them, in the validation [`Context`]
/// (as [`simulate_text_in`]).
///
/// # Errors
///
/// As [`simulate_text`]; a timeline error is about a record (its index), not a place in
/// a text.
///
/// ```
/// use relcore::plan::{simulate_values, Context, Outcome};
/// use serde_json::json;
/// let plan = "deployment: { strategy: canary, stages: [{ name: all, percentage: 100, duration: 1h }] }\n";
/// let records = vec![json!({"at": "10m", "metric": "error-rate", "value": 0.1})];
/// let sim = simulate_values(plan, records, &Context::default())?;
/// assert_eq!(sim.outcome, Outcome::Completed);
/// # Ok::<(), relcore::plan::SimulationError>(())
/// ```
pub fn simulate_values(
    plan: &str,
    records: Vec<serde_json::Value>,
    ctx: &Context,
) -> Result<Simulation, SimulationError> {
    let plan = Plan::from_yaml(plan).map_err(SimulationError::Plan)?;
    let timeline = Timeline::from_values(records).map_err(SimulationError::Timeline)?;
    simulate_in(&plan, &timeline, ctx).map_err(SimulationError::Timeline)
}

/// Runs `plan` against `timeline` and returns every decision and the outcome.
///
/// Deterministic: the same plan and timeline always give the same simulation. Metrics the
/// plan does not use are ignored.
///
/// # Errors
///
/// A [`TimelineError`] (`unknown_stage`) when the timeline approves a stage the plan does
/// not have.
///
/// # Example
///
/// ```
/// use relcore::plan::{simulate, DecisionKind, Outcome, Plan, Timeline};
/// let plan = Plan::from_yaml(concat!(
///     "deployment:\n  strategy: canary\n  stages:\n",
///     "    - { name: canary, percentage: 5, duration: 1h, auto-advance: true, metrics: [\"error-rate < 0.5%\"] }\n",
///     "    - { name: full, percentage: 100, approval: release-manager }\n",
///     "rollback: { triggers: { error-rate: \"> 5%\" }, grace-period: 5m }\n",
/// ))?;
/// let timeline = Timeline::parse(concat!(
///     "at,metric,value\n",
///     "2m,error-rate,9\n",      // in the grace period: ignored by the trigger
///     "30m,error-rate,0.2\n",
///     "2h,error-rate,0.3\n",
/// ))?;
/// let sim = simulate(&plan, &timeline)?;
/// assert_eq!((sim.outcome, sim.at_seconds), (Outcome::Stuck, 3600));
/// assert_eq!(sim.decisions[0].decision, DecisionKind::AwaitingApproval);
/// assert_eq!(sim.decisions[0].rule, "approval: release-manager");
///
/// let burst = Timeline::parse("at,metric,value\n40m,error-rate,7.5\n")?;
/// let sim = simulate(&plan, &burst)?;
/// assert_eq!((sim.outcome, sim.at_seconds), (Outcome::RolledBack, 2400));
/// assert_eq!(sim.decisions[0].rule, "error-rate > 5%");
/// assert_eq!((sim.decisions[0].value, sim.decisions[0].threshold), (Some(7.5), Some(5.0)));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn simulate(plan: &Plan, timeline: &Timeline) -> Result<Simulation, TimelineError> {
    simulate_in(plan, timeline, &Context::default())
}

/// [`simulate`] with a validation [`Context`] (holidays, and the start and change type
/// when the plan has none).
///
/// # Errors
///
/// As [`simulate`], and `unknown_service` when a health check names no service of the
/// plan.
pub fn simulate_in(
    plan: &Plan,
    timeline: &Timeline,
    ctx: &Context,
) -> Result<Simulation, TimelineError> {
    check_approvals(plan, timeline)?;
    let stages = &plan.deployment.stages;
    if stages.is_empty() {
        return Ok(Simulation {
            outcome: Outcome::Completed,
            at_seconds: 0,
            stage: None,
            decisions: Vec::new(),
            rollback_order: Vec::new(),
            time: None,
        });
    }
    let mut sim = Sim::new(plan, timeline, ctx);
    sim.start();
    for event in timeline.events() {
        if sim.done.is_some() {
            break;
        }
        sim.run_until(event.at_seconds);
        if sim.done.is_some() {
            break;
        }
        sim.apply(event.at_seconds, &event.kind);
    }
    sim.run_until(u64::MAX);
    Ok(sim.finish())
}

/// Every approval must name a stage of the plan.
fn check_approvals(plan: &Plan, timeline: &Timeline) -> Result<(), TimelineError> {
    for event in timeline.events() {
        if let EventKind::Health { service, .. } = &event.kind {
            if plan.services.iter().any(|s| &s.name == service) {
                continue;
            }
            let names = plan.services.iter().map(|s| s.name.as_str());
            let hint = crate::plan::hint::hint(service, names);
            return Err(TimelineError::new(Diagnostic {
                code: PlanCode::UnknownService.as_str().to_owned(),
                severity: Severity::Error,
                path: Some(format!("[{}].service", event.record)),
                offset: None,
                line: event.line,
                column: event.line.map(|_| 1),
                value: Some(service.clone()),
                message: format!(
                    "the timeline checks the health of `{service}`, which is not a service of the plan"
                ),
                hint: Some(hint),
            })
            .in_record(event.record));
        }
        let EventKind::Approve { stage } = &event.kind else {
            continue;
        };
        if plan.stage(stage).is_some() {
            continue;
        }
        let names = plan.deployment.stages.iter().map(|s| s.name.as_str());
        let hint = crate::plan::hint::hint(stage, names);
        return Err(TimelineError::new(Diagnostic {
            code: PlanCode::UnknownStage.as_str().to_owned(),
            severity: Severity::Error,
            path: Some(format!("[{}].approve", event.record)),
            offset: None,
            line: event.line,
            column: event.line.map(|_| 1),
            value: Some(stage.clone()),
            message: format!("the timeline approves `{stage}`, which is not a stage of the plan"),
            hint: Some(hint),
        })
        .in_record(event.record));
    }
    Ok(())
}

/// A window that does not open within a year.
const NEVER: u64 = u64::MAX;

/// `once`, `3 times`.
fn times(n: u32) -> String {
    if n == 1 {
        "once".to_owned()
    } else {
        format!("{n} times")
    }
}

/// The rule of a stage that waits for a person because the one before it has no
/// `auto-advance`.
const MANUAL_ADVANCE: &str = "auto-advance: false";

/// Where the current stage is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Phase {
    /// The first stage waits for its approval.
    NotStarted,
    /// The stage runs until `end`.
    Running { end: u64 },
    /// The stage's time is up; it is decided at every record until it advances.
    Deciding,
    /// Stage `next` is due, but the window is closed until `opens` (never: `None`).
    Window { next: usize, opens: Option<u64> },
    /// Service `k` (in deploy order) of the final stage is deployed; its health check is
    /// at `check`, and `waiting` once that moment passed without a result.
    Service { k: usize, check: u64, waiting: bool },
}

/// What one evaluation concluded, before it is written out as a [`Decision`].
#[derive(Clone, Copy, Debug, PartialEq)]
enum Verdict {
    Rollback {
        trigger: usize,
        value: f64,
        threshold: f64,
    },
    ManualTrigger {
        trigger: usize,
        value: f64,
        threshold: f64,
    },
    GateFailed {
        gate: usize,
        value: f64,
        threshold: f64,
    },
    NoData {
        gate: usize,
    },
    NoBaseline {
        gate: usize,
        value: f64,
    },
    Await {
        next: usize,
    },
    Advance {
        approved: bool,
    },
    FailureLimit {
        gate: usize,
        value: f64,
        threshold: f64,
    },
    HoldTimeout {
        since: u64,
    },
    WindowClosed {
        next: usize,
        opens: Option<u64>,
    },
    WindowOpen {
        next: usize,
    },
    Deploy {
        service: usize,
    },
    Healthy {
        service: usize,
    },
    Unhealthy {
        service: usize,
    },
    NoHealth {
        service: usize,
    },
}

impl Verdict {
    /// Verdicts that differ only in values are the same decision, given once.
    fn same_rule(self, other: Verdict) -> bool {
        use Verdict as V;
        match (self, other) {
            (V::ManualTrigger { trigger: a, .. }, V::ManualTrigger { trigger: b, .. })
            | (V::GateFailed { gate: a, .. }, V::GateFailed { gate: b, .. })
            | (V::NoData { gate: a }, V::NoData { gate: b })
            | (V::NoBaseline { gate: a, .. }, V::NoBaseline { gate: b, .. })
            | (V::Await { next: a }, V::Await { next: b })
            | (V::NoHealth { service: a }, V::NoHealth { service: b }) => a == b,
            _ => false,
        }
    }

    /// Whether the stage holds on its gates or a health check: the holds a
    /// `hold-timeout` bounds.
    fn is_hold(self) -> bool {
        matches!(
            self,
            Verdict::GateFailed { .. }
                | Verdict::NoData { .. }
                | Verdict::NoBaseline { .. }
                | Verdict::NoHealth { .. }
        )
    }
}

/// The window a simulation follows: its clock and its calendar.
struct Windows<'a> {
    clock: Clock,
    calendar: Calendar<'a>,
}

impl<'a> Windows<'a> {
    /// The window of `plan` when it has a timezone and a start (the plan's or the
    /// context's), unless the change is a hotfix (which overrides window rules: the clock
    /// still shows wall-clock time, but nothing waits).
    fn of(plan: &'a Plan, ctx: &'a Context) -> Option<(Windows<'a>, bool)> {
        let w = plan.window.as_ref()?;
        let start = w.start.or(ctx.start)?;
        let clock = Clock::new(w.timezone.as_deref()?, start)?;
        let hotfix = plan
            .change
            .as_ref()
            .and_then(|c| c.kind)
            .or(ctx.change_type)
            == Some(ChangeType::Hotfix);
        Some((
            Windows {
                clock,
                calendar: Calendar::of(w, &ctx.holidays),
            },
            !hotfix,
        ))
    }
}

struct Sim<'a> {
    plan: &'a Plan,
    stages: &'a [Stage],
    /// The plan's metric id of each timeline metric, if the plan uses it.
    metric_of: Vec<Option<usize>>,
    /// Per stage, its gates with their metric ids.
    gates: Vec<Vec<(usize, &'a Gate)>>,
    /// The rollback triggers with their metric ids.
    triggers: Vec<(usize, &'a Gate)>,
    /// Per metric id, the triggers on it.
    triggers_on: Vec<Vec<usize>>,
    automatic: bool,
    grace: u64,
    cur: usize,
    begin: u64,
    phase: Phase,
    latest: Vec<Option<f64>>,
    baseline: Vec<Option<f64>>,
    /// Per trigger, whether it holds on the latest observation (manual rollback only).
    alarm: Vec<bool>,
    /// Per stage, whether an approval record for it was seen.
    approved: Vec<bool>,
    /// Since when the current stage holds on its gates or a health check.
    hold_since: Option<u64>,
    /// The failed gate evaluations of the current stage.
    failures: u32,
    /// The services in deploy order, the latest health check of each (when, and its
    /// result), and when each was deployed.
    services: Vec<&'a Service>,
    health: Vec<Option<(u64, bool)>>,
    deployed_at: Vec<u64>,
    /// The window's clock and calendar, and whether stages wait for it.
    windows: Option<(Windows<'a>, bool)>,
    last: Option<(usize, Verdict)>,
    decisions: Vec<Decision>,
    done: Option<(Outcome, u64)>,
}

impl<'a> Sim<'a> {
    fn new(plan: &'a Plan, timeline: &Timeline, ctx: &'a Context) -> Sim<'a> {
        let stages = plan.deployment.stages.as_slice();
        let mut names: Vec<&'a str> = Vec::new();
        let mut id = |name: &'a str| {
            names.iter().position(|n| *n == name).unwrap_or_else(|| {
                names.push(name);
                names.len() - 1
            })
        };
        let gates: Vec<Vec<(usize, &Gate)>> = stages
            .iter()
            .map(|s| s.metrics.iter().map(|g| (id(&g.metric), g)).collect())
            .collect();
        let (triggers, automatic, grace) = match &plan.rollback {
            Some(r) => (
                r.triggers.iter().map(|g| (id(&g.metric), g)).collect(),
                r.automatic,
                r.grace_period.map_or(0, crate::plan::Duration::as_secs),
            ),
            None => (Vec::new(), true, 0),
        };
        let mut triggers_on = vec![Vec::new(); names.len()];
        for (i, (m, _)) in triggers.iter().enumerate() {
            if let Some(list) = triggers_on.get_mut(*m) {
                list.push(i);
            }
        }
        let metric_of = timeline
            .metrics()
            .iter()
            .map(|m| names.iter().position(|n| n == m))
            .collect();
        let n = names.len();
        let services: Vec<&Service> = analyze(&plan.services)
            .order
            .iter()
            .filter_map(|&i| plan.services.get(i))
            .collect();
        Sim {
            plan,
            stages,
            metric_of,
            gates,
            alarm: vec![false; triggers.len()],
            triggers,
            triggers_on,
            automatic,
            grace,
            cur: 0,
            begin: 0,
            phase: Phase::NotStarted,
            latest: vec![None; n],
            baseline: vec![None; n],
            approved: vec![false; stages.len()],
            hold_since: None,
            failures: 0,
            health: vec![None; services.len()],
            deployed_at: vec![u64::MAX; services.len()],
            services,
            windows: Windows::of(plan, ctx),
            last: None,
            decisions: Vec::new(),
            done: None,
        }
    }

    fn stage(&self, i: usize) -> Option<&'a Stage> {
        self.stages.get(i)
    }

    /// Whether stage `i` waits for an approval record before it begins.
    fn needs_approval(&self, i: usize) -> bool {
        let own = self.stage(i).is_some_and(|s| s.approval.is_some());
        let manual = i > 0 && self.stage(i - 1).is_some_and(|s| !s.auto_advance);
        own || manual
    }

    /// Whether the rollout has not begun: the first stage waits for its approval or its
    /// window.
    fn before_start(&self) -> bool {
        matches!(
            self.phase,
            Phase::NotStarted | Phase::Window { next: 0, .. }
        )
    }

    fn start(&mut self) {
        if self.needs_approval(0) {
            self.emit(0, Verdict::Await { next: 0 });
        } else {
            self.due(0, 0, None);
        }
    }

    /// Stage `next` is due at `at` (after `verdict`, the decision that let it begin):
    /// it begins, or waits for the window to open.
    fn due(&mut self, next: usize, at: u64, verdict: Option<Verdict>) {
        if let Some(opens) = self.window_closed(at) {
            let opens = (opens != NEVER).then_some(opens);
            self.emit(at, Verdict::WindowClosed { next, opens });
            self.phase = Phase::Window { next, opens };
            return;
        }
        if let Some(v) = verdict {
            self.emit(at, v);
        }
        self.begin_stage(next, at);
    }

    /// When the window is closed at `at`: the offset at which it opens ([`NEVER`]: not
    /// within a year). `None` when the window is open, or not followed.
    fn window_closed(&self, at: u64) -> Option<u64> {
        let (w, follow) = self.windows.as_ref()?;
        if !follow {
            return None;
        }
        let local = w.clock.local(at)?;
        w.calendar.closed(local)?;
        Some(
            w.calendar
                .next_open(local)
                .and_then(|t| w.clock.offset(t))
                .map_or(NEVER, |o| o.max(at)),
        )
    }

    fn begin_stage(&mut self, i: usize, at: u64) {
        self.cur = i;
        self.begin = at;
        self.latest.fill(None);
        self.alarm.fill(false);
        self.hold_since = None;
        self.failures = 0;
        let last = i + 1 == self.stages.len();
        if last && !self.services.is_empty() {
            self.deploy(0, at);
        } else {
            self.run_stage(at);
        }
    }

    /// The stage's own time begins at `at`.
    fn run_stage(&mut self, at: u64) {
        let duration = self
            .stage(self.cur)
            .and_then(|s| s.duration)
            .map_or(0, crate::plan::Duration::as_secs);
        self.phase = Phase::Running {
            end: at.saturating_add(duration),
        };
    }

    /// Deploys service `k` of the deploy order at `at`.
    fn deploy(&mut self, k: usize, at: u64) {
        let delay = self
            .services
            .get(k)
            .and_then(|s| s.delay)
            .map_or(0, crate::plan::Duration::as_secs);
        if let Some(slot) = self.deployed_at.get_mut(k) {
            *slot = at;
        }
        self.emit(at, Verdict::Deploy { service: k });
        self.phase = Phase::Service {
            k,
            check: at.saturating_add(delay),
            waiting: false,
        };
    }

    /// The health check of service `k` at `at`, on its latest result since it was
    /// deployed (a record at the moment it deploys counts).
    fn health_check(&mut self, k: usize, at: u64) {
        let since = self.deployed_at.get(k).copied().unwrap_or(u64::MAX);
        let result = self
            .health
            .get(k)
            .copied()
            .flatten()
            .filter(|&(when, _)| when >= since)
            .map(|(_, healthy)| healthy);
        match result {
            Some(true) => {
                self.hold_since = None;
                self.emit(at, Verdict::Healthy { service: k });
                if k + 1 < self.services.len() {
                    self.deploy(k + 1, at);
                } else {
                    self.run_stage(at);
                }
            }
            Some(false) => {
                self.emit(at, Verdict::Unhealthy { service: k });
                self.done = Some((Outcome::RolledBack, at));
            }
            None => {
                self.hold_since.get_or_insert(at);
                self.emit(at, Verdict::NoHealth { service: k });
                self.phase = Phase::Service {
                    k,
                    check: at,
                    waiting: true,
                };
            }
        }
    }

    /// When the current hold reaches its `hold-timeout`, if it is bounded.
    fn hold_deadline(&self) -> Option<u64> {
        let since = self.hold_since?;
        let timeout = self.plan.hold_timeout(self.cur)?;
        Some(since.saturating_add(timeout.as_secs()))
    }

    /// Decides every stage whose time is up before `t`, opens windows, runs health
    /// checks and ends holds that reach their timeout.
    fn run_until(&mut self, t: u64) {
        let before = |moment: u64| moment < t || t == u64::MAX;
        while self.done.is_none() {
            let deadline = self.hold_deadline().filter(|&d| before(d));
            match self.phase {
                Phase::Running { end } if end < t || (t == u64::MAX && end == t) => {
                    self.phase = Phase::Deciding;
                    self.decide(end);
                }
                Phase::Deciding | Phase::Service { waiting: true, .. } if deadline.is_some() => {
                    let at = deadline.unwrap_or_default();
                    let since = self.hold_since.unwrap_or_default();
                    self.emit(at, Verdict::HoldTimeout { since });
                    self.done = Some((Outcome::RolledBack, at));
                }
                Phase::Window {
                    next,
                    opens: Some(opens),
                } if before(opens) => {
                    self.emit(opens, Verdict::WindowOpen { next });
                    self.begin_stage(next, opens);
                }
                Phase::Service {
                    k,
                    check,
                    waiting: false,
                } if before(check) => self.health_check(k, check),
                _ => break,
            }
        }
    }

    fn apply(&mut self, at: u64, kind: &EventKind) {
        match kind {
            EventKind::Approve { stage } => {
                let i = self.stages.iter().position(|s| &s.name == stage);
                if let Some(slot) = i.and_then(|i| self.approved.get_mut(i)) {
                    *slot = true;
                }
                match self.phase {
                    Phase::NotStarted if self.approved.first() == Some(&true) => {
                        self.due(0, at, Some(Verdict::Advance { approved: true }));
                    }
                    Phase::Deciding => self.decide(at),
                    _ => {}
                }
            }
            EventKind::Health { service, healthy } => {
                let Some(k) = self.services.iter().position(|s| &s.name == service) else {
                    return;
                };
                if let Some(slot) = self.health.get_mut(k) {
                    *slot = Some((at, *healthy));
                }
                if let Phase::Service {
                    k: now,
                    waiting: true,
                    ..
                } = self.phase
                    && now == k
                    && self.done.is_none()
                {
                    self.health_check(k, at);
                }
            }
            EventKind::Observe {
                metric,
                value,
                baseline,
            } => {
                let Some(m) = usize::try_from(*metric)
                    .ok()
                    .and_then(|i| self.metric_of.get(i).copied().flatten())
                else {
                    return;
                };
                if let (Some(b), Some(slot)) = (baseline, self.baseline.get_mut(m)) {
                    *slot = Some(*b);
                }
                if self.before_start() {
                    return;
                }
                if let (Some(v), Some(slot)) = (value, self.latest.get_mut(m)) {
                    *slot = Some(*v);
                    self.check_triggers(at, m, *v);
                }
                if self.done.is_none() && self.phase == Phase::Deciding {
                    self.decide(at);
                }
            }
        }
    }

    /// Checks the triggers on metric `m` against a new observation `v` at `at`.
    fn check_triggers(&mut self, at: u64, m: usize, v: f64) {
        let acts = self.stage(self.cur).is_some_and(|s| s.rollback_enabled)
            && at >= self.begin.saturating_add(self.grace);
        if !acts {
            return;
        }
        let baseline = self.baseline.get(m).copied().flatten();
        let count = self.triggers_on.get(m).map_or(0, Vec::len);
        for k in 0..count {
            let Some(&t) = self.triggers_on.get(m).and_then(|l| l.get(k)) else {
                continue;
            };
            let Some((_, gate)) = self.triggers.get(t) else {
                continue;
            };
            let threshold = gate.threshold.resolve(baseline);
            let fires = threshold.is_some_and(|th| gate.op.compare(v, th));
            if let Some(slot) = self.alarm.get_mut(t) {
                *slot = fires && !self.automatic;
            }
            if let (true, Some(threshold)) = (fires, threshold) {
                if self.automatic {
                    self.emit(
                        at,
                        Verdict::Rollback {
                            trigger: t,
                            value: v,
                            threshold,
                        },
                    );
                    self.done = Some((Outcome::RolledBack, at));
                    return;
                }
                self.emit(
                    at,
                    Verdict::ManualTrigger {
                        trigger: t,
                        value: v,
                        threshold,
                    },
                );
            }
        }
    }

    /// Decides the current stage, whose time is up, at `at`.
    fn decide(&mut self, at: u64) {
        let verdict = self.verdict();
        if let Verdict::GateFailed {
            gate,
            value,
            threshold,
        } = verdict
        {
            self.failures = self.failures.saturating_add(1);
            if self
                .plan
                .failure_limit(self.cur)
                .is_some_and(|limit| self.failures >= limit)
            {
                self.emit(
                    at,
                    Verdict::FailureLimit {
                        gate,
                        value,
                        threshold,
                    },
                );
                self.done = Some((Outcome::RolledBack, at));
                return;
            }
        }
        if verdict.is_hold() {
            self.hold_since.get_or_insert(at);
        } else if matches!(verdict, Verdict::Await { .. } | Verdict::Advance { .. }) {
            self.hold_since = None;
        }
        if let Verdict::Advance { .. } = verdict {
            let next = self.cur + 1;
            if next >= self.stages.len() {
                self.emit(at, verdict);
                self.done = Some((Outcome::Completed, at));
            } else {
                // A stage without a duration is decided at once, after any record at the
                // same moment.
                self.due(next, at, Some(verdict));
            }
        } else {
            self.emit(at, verdict);
        }
    }

    fn verdict(&self) -> Verdict {
        for (t, on) in self.alarm.iter().enumerate() {
            if !on {
                continue;
            }
            if let Some(&(m, gate)) = self.triggers.get(t) {
                let value = self.latest.get(m).copied().flatten().unwrap_or(f64::NAN);
                let threshold = gate
                    .threshold
                    .resolve(self.baseline.get(m).copied().flatten())
                    .unwrap_or(f64::NAN);
                return Verdict::ManualTrigger {
                    trigger: t,
                    value,
                    threshold,
                };
            }
        }
        let mut missing: Option<Verdict> = None;
        for (g, &(m, gate)) in self.gates.get(self.cur).into_iter().flatten().enumerate() {
            let Some(value) = self.latest.get(m).copied().flatten() else {
                missing.get_or_insert(Verdict::NoData { gate: g });
                continue;
            };
            match gate
                .threshold
                .resolve(self.baseline.get(m).copied().flatten())
            {
                None => {
                    missing.get_or_insert(Verdict::NoBaseline { gate: g, value });
                }
                Some(threshold) if !gate.op.compare(value, threshold) => {
                    return Verdict::GateFailed {
                        gate: g,
                        value,
                        threshold,
                    };
                }
                Some(_) => {}
            }
        }
        if let Some(v) = missing {
            return v;
        }
        let next = self.cur + 1;
        if next < self.stages.len() && self.needs_approval(next) {
            if self.approved.get(next) == Some(&true) {
                let waited = self
                    .last
                    .is_some_and(|(s, v)| s == self.cur && matches!(v, Verdict::Await { .. }));
                return Verdict::Advance { approved: waited };
            }
            return Verdict::Await { next };
        }
        Verdict::Advance { approved: false }
    }

    /// Writes a verdict out as a decision, unless it repeats the previous one.
    fn emit(&mut self, at: u64, verdict: Verdict) {
        if self
            .last
            .is_some_and(|(s, v)| s == self.cur && v.same_rule(verdict))
        {
            return;
        }
        self.last = Some((self.cur, verdict));
        let decision = self.describe(at, verdict);
        self.decisions.push(decision);
    }

    /// Local wall-clock time at offset `at`, when the plan has a window and a start.
    fn local(&self, at: u64) -> Option<chrono::NaiveDateTime> {
        self.windows.as_ref().and_then(|(w, _)| w.clock.local(at))
    }

    fn describe(&self, at: u64, verdict: Verdict) -> Decision {
        let mut d = Decision {
            at_seconds: at,
            stage: self
                .stage(self.cur)
                .map_or(String::new(), |s| s.name.clone()),
            decision: DecisionKind::Hold,
            reason: DecisionReason::GateFailed,
            metric: None,
            value: None,
            threshold: None,
            rule: String::new(),
            message: String::new(),
            time: self.local(at).map(show),
            opens_at: None,
            service: None,
        };
        match verdict {
            Verdict::Await { next } => self.describe_await(&mut d, next),
            Verdict::Advance { approved } => self.describe_advance(&mut d, approved),
            Verdict::WindowClosed { next, opens } => self.describe_window(&mut d, next, opens),
            Verdict::WindowOpen { next } => {
                d.decision = DecisionKind::Advance;
                d.reason = DecisionReason::WindowOpen;
                d.rule = self.allowed();
                let name = self.stage(next).map_or("", |s| s.name.as_str());
                d.message = format!("the deployment window opens: `{name}` begins");
            }
            Verdict::HoldTimeout { since } => self.describe_timeout(&mut d, since),
            Verdict::Deploy { service }
            | Verdict::Healthy { service }
            | Verdict::Unhealthy { service }
            | Verdict::NoHealth { service } => self.describe_service(&mut d, verdict, service),
            _ => self.describe_condition(&mut d, verdict),
        }
        d
    }

    /// The allowed ranges, as the rule of window decisions.
    fn allowed(&self) -> String {
        let ranges: Vec<String> = self
            .plan
            .window
            .iter()
            .flat_map(|w| w.allow.iter().map(ToString::to_string))
            .collect();
        if ranges.is_empty() {
            "window".to_owned()
        } else {
            format!("window: {}", ranges.join(", "))
        }
    }

    /// Stage `next` is due while the window is closed.
    fn describe_window(&self, d: &mut Decision, next: usize, opens: Option<u64>) {
        d.reason = DecisionReason::WindowClosed;
        d.rule = self.allowed();
        let name = self.stage(next).map_or("", |s| s.name.as_str());
        let local = self.local(d.at_seconds);
        let why = self
            .windows
            .as_ref()
            .zip(local)
            .and_then(|((w, _), t)| w.calendar.closed(t))
            .map_or_else(String::new, |c| format!(", {}", c.describe()));
        let when = local.map_or_else(String::new, |t| {
            t.format(" on %a %Y-%m-%d %H:%M").to_string()
        });
        d.opens_at = opens.and_then(|o| self.local(o)).map(show);
        d.message = match &d.opens_at {
            Some(open) => {
                format!("`{name}` is due{when}{why}: it waits for the window to open at {open}")
            }
            None => {
                format!("`{name}` is due{when}{why}, and the window does not open within a year")
            }
        };
    }

    /// The hold of the current stage reached its timeout.
    fn describe_timeout(&self, d: &mut Decision, since: u64) {
        d.decision = DecisionKind::Rollback;
        d.reason = DecisionReason::HoldTimeout;
        let timeout = self.plan.hold_timeout(self.cur).unwrap_or_default();
        d.rule = format!("hold-timeout: {timeout}");
        if let Some((_, v)) = self.last {
            let gate = match v {
                Verdict::GateFailed { gate, value, .. } | Verdict::NoBaseline { gate, value } => {
                    d.value = Some(value).filter(|x| x.is_finite());
                    Some(gate)
                }
                Verdict::NoData { gate } => Some(gate),
                _ => None,
            };
            if let Verdict::GateFailed { threshold, .. } = v {
                d.threshold = Some(threshold).filter(|x| x.is_finite());
            }
            d.metric = gate
                .and_then(|g| self.gates.get(self.cur).and_then(|l| l.get(g)))
                .map(|(_, g)| g.metric.clone());
            if let Verdict::NoHealth { service } = v {
                d.service = self.services.get(service).map(|s| s.name.clone());
            }
        }
        let held = crate::plan::Duration::from_secs(d.at_seconds.saturating_sub(since));
        d.message = format!(
            "`{}` has held for {held}, its hold timeout ({timeout}): roll back",
            d.stage
        );
    }

    /// A service of the final stage: deployed, healthy, unhealthy, or not yet checked.
    fn describe_service(&self, d: &mut Decision, verdict: Verdict, k: usize) {
        let service = self.services.get(k);
        let name = service.map_or("", |s| s.name.as_str());
        let check = service
            .and_then(|s| s.health_check.as_deref())
            .unwrap_or("");
        d.service = Some(name.to_owned());
        d.rule = format!("health-check: {check}");
        let total = self.services.len();
        match verdict {
            Verdict::Deploy { .. } => {
                d.decision = DecisionKind::Deploy;
                d.reason = DecisionReason::ServiceDeployed;
                let wait = service
                    .and_then(|s| s.delay)
                    .map_or_else(|| "at once".to_owned(), |w| format!("after {w}"));
                d.message = format!(
                    "`{name}` is deployed ({} of {total}); its health check `{check}` runs {wait}",
                    k + 1
                );
            }
            Verdict::Healthy { .. } => {
                d.decision = DecisionKind::Deploy;
                d.reason = DecisionReason::HealthCheckPassed;
                d.message = format!("`{name}` is healthy (`{check}`)");
            }
            Verdict::Unhealthy { .. } => {
                d.decision = DecisionKind::Rollback;
                d.reason = DecisionReason::HealthCheckFailed;
                let order: Vec<&str> = self
                    .services
                    .iter()
                    .take(k + 1)
                    .rev()
                    .map(|s| s.name.as_str())
                    .collect();
                d.message = format!(
                    "the health check `{check}` of `{name}` fails: roll back ({})",
                    order.join(" -> ")
                );
            }
            _ => {
                d.reason = DecisionReason::NoHealthCheck;
                d.message =
                    format!("no result of the health check `{check}` of `{name}` yet; hold");
            }
        }
    }

    /// A decision taken on a gate or a trigger: its metric, value, threshold and rule.
    fn describe_condition(&self, d: &mut Decision, verdict: Verdict) {
        let gate = |g: usize| self.gates.get(self.cur).and_then(|l| l.get(g)).map(|x| x.1);
        let trigger = |t: usize| self.triggers.get(t).map(|x| x.1);
        let (condition, value, threshold) = match verdict {
            Verdict::Rollback {
                trigger: t,
                value,
                threshold,
            } => {
                d.decision = DecisionKind::Rollback;
                d.reason = DecisionReason::Trigger;
                (trigger(t), Some(value), Some(threshold))
            }
            Verdict::ManualTrigger {
                trigger: t,
                value,
                threshold,
            } => {
                d.reason = DecisionReason::ManualTrigger;
                (trigger(t), Some(value), Some(threshold))
            }
            Verdict::GateFailed {
                gate: g,
                value,
                threshold,
            } => (gate(g), Some(value), Some(threshold)),
            Verdict::NoData { gate: g } => {
                d.reason = DecisionReason::NoData;
                (gate(g), None, None)
            }
            Verdict::NoBaseline { gate: g, value } => {
                d.reason = DecisionReason::NoBaseline;
                (gate(g), Some(value), None)
            }
            Verdict::FailureLimit {
                gate: g,
                value,
                threshold,
            } => {
                d.decision = DecisionKind::Rollback;
                d.reason = DecisionReason::FailureLimit;
                (gate(g), Some(value), Some(threshold))
            }
            _ => (None, None, None),
        };
        let finite = |x: f64| x.is_finite().then_some(x);
        let metric = condition.map_or("", |g| g.metric.as_str());
        d.metric = condition.map(|g| g.metric.clone());
        d.rule = condition.map(ToString::to_string).unwrap_or_default();
        d.value = value.and_then(finite);
        d.threshold = threshold.and_then(finite);
        let (stage, rule, shown) = (&d.stage, &d.rule, value.unwrap_or_default());
        d.message = match d.reason {
            DecisionReason::Trigger => format!(
                "`{metric}` is {shown} during `{stage}`: the trigger `{rule}` fires; roll back"
            ),
            DecisionReason::ManualTrigger => format!(
                "`{metric}` is {shown}: the trigger `{rule}` fires, and rollback is manual (`automatic: false`); hold until a person decides"
            ),
            DecisionReason::NoData => format!(
                "no observation of `{metric}` since `{stage}` began, for the gate `{rule}`; hold"
            ),
            DecisionReason::FailureLimit => format!(
                "`{metric}` is {shown}: the gate `{rule}` of `{stage}` failed {}, its failure limit; roll back",
                times(self.failures)
            ),
            DecisionReason::NoBaseline => format!(
                "the gate `{rule}` compares with the baseline, and no baseline of `{metric}` was observed; hold"
            ),
            _ => format!("`{metric}` is {shown}: the gate `{rule}` of `{stage}` fails; hold"),
        };
    }

    /// Waiting for the approval (or the manual advance) that lets stage `next` begin.
    fn describe_await(&self, d: &mut Decision, next: usize) {
        d.decision = DecisionKind::AwaitingApproval;
        let next_stage = self.stage(next);
        let next_name = next_stage.map_or("", |s| s.name.as_str());
        if let Some(who) = next_stage.and_then(|s| s.approval.as_deref()) {
            d.reason = DecisionReason::Approval;
            d.rule = format!("approval: {who}");
            d.message = format!("`{next_name}` waits for the approval of `{who}`");
        } else {
            d.reason = DecisionReason::ManualAdvance;
            MANUAL_ADVANCE.clone_into(&mut d.rule);
            d.message = format!(
                "`{}` does not advance by itself: `{next_name}` waits for a person to advance the rollout",
                d.stage
            );
        }
    }

    /// Moving on: into the first stage, to the next one, or to completion.
    fn describe_advance(&self, d: &mut Decision, approved: bool) {
        d.decision = DecisionKind::Advance;
        let begins_first = self.phase == Phase::NotStarted;
        let next = if begins_first { 0 } else { self.cur + 1 };
        let next_name = self.stage(next).map(|s| s.name.as_str());
        if approved {
            d.reason = DecisionReason::Approved;
            d.rule = match self.stage(next).and_then(|s| s.approval.as_deref()) {
                Some(who) => format!("approval: {who}"),
                None => MANUAL_ADVANCE.to_owned(),
            };
        } else {
            d.reason = DecisionReason::GatesPassed;
            let gates: Vec<String> = self
                .gates
                .get(self.cur)
                .into_iter()
                .flatten()
                .map(|(_, g)| g.to_string())
                .collect();
            d.rule = if gates.is_empty() {
                "no gates".to_owned()
            } else {
                gates.join(" and ")
            };
        }
        let stage = &d.stage;
        d.message = match (begins_first, next_name) {
            (true, _) => format!("`{stage}` is approved and begins"),
            (false, Some(n))
                if approved && d.reason == DecisionReason::Approved && d.rule == MANUAL_ADVANCE =>
            {
                format!("a person advances the rollout: `{n}` begins")
            }
            (false, Some(n)) if approved => format!("`{n}` is approved and begins"),
            (false, Some(n)) => format!("`{stage}` is done: `{n}` begins"),
            (false, None) => format!("`{stage}` is done: the rollout is complete"),
        };
    }

    fn finish(self) -> Simulation {
        let stage = self.stage(self.cur).map(|s| s.name.clone());
        let (outcome, at_seconds) = self.done.unwrap_or_else(|| {
            (
                Outcome::Stuck,
                self.decisions.last().map_or(self.begin, |d| d.at_seconds),
            )
        });
        let rollback_order = if outcome == Outcome::RolledBack {
            let deployed = match self.phase {
                Phase::Service { k, .. } => k + 1,
                _ => self.services.len(),
            };
            self.services
                .iter()
                .take(deployed)
                .rev()
                .map(|s| s.name.clone())
                .collect()
        } else {
            Vec::new()
        };
        Simulation {
            outcome,
            at_seconds,
            stage,
            time: self.local(at_seconds).map(show),
            decisions: self.decisions,
            rollback_order,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SEED: &str = "\
change: { type: feature, risk: high }
deployment:
  strategy: progressive
  stages:
    - { name: canary, percentage: 5, duration: 1h, auto-advance: true,
        metrics: [\"error-rate < 0.1%\", \"latency-p99 < 200ms\"] }
    - { name: partial, percentage: 25, duration: 4h, validation: automated-tests, approval: qa-team }
    - { name: rollout, percentage: 50, duration: 8h, monitor: true }
    - { name: full, percentage: 100, approval: release-manager, rollback-enabled: true }
rollback:
  triggers: { error-rate: \"> 5%\", latency-p99: \"> 1000ms\", availability: \"< 99.9%\", failed-health-checks: \"> 3\" }
  grace-period: 5m
";

    fn run(plan: &str, timeline: &str) -> Simulation {
        simulate_text(plan, timeline).unwrap()
    }

    fn trace(sim: &Simulation) -> Vec<(u64, &str, &str, &str)> {
        sim.decisions
            .iter()
            .map(|d| {
                (
                    d.at_seconds,
                    d.stage.as_str(),
                    d.decision.as_str(),
                    d.reason.as_str(),
                )
            })
            .collect()
    }

    #[test]
    fn the_seed_plan_completes_with_good_metrics_and_approvals() {
        let timeline = "at,metric,value,approve\n\
            10m,error-rate,0.05,\n10m,latency-p99,150,\n\
            1h30m,,,partial\n5h40m,,,rollout\n14h,,,full\n";
        let sim = run(SEED, timeline);
        assert_eq!(
            trace(&sim),
            [
                (3600, "canary", "awaiting_approval", "approval"),
                (5400, "canary", "advance", "approved"),
                (
                    5400 + 4 * 3600,
                    "partial",
                    "awaiting_approval",
                    "manual_advance"
                ),
                (5400 + 4 * 3600 + 600, "partial", "advance", "approved"),
                (
                    5400 + 12 * 3600 + 600,
                    "rollout",
                    "awaiting_approval",
                    "approval"
                ),
                (14 * 3600, "rollout", "advance", "approved"),
                (14 * 3600, "full", "advance", "gates_passed"),
            ]
        );
        assert_eq!(
            (sim.outcome, sim.at_seconds),
            (Outcome::Completed, 14 * 3600)
        );
        assert_eq!(sim.stage.as_deref(), Some("full"));
    }

    #[test]
    fn precedence_trigger_then_gate_then_no_data_then_approval() {
        // Trigger beats everything, at the moment it fires.
        let sim = run(SEED, "at,metric,value\n10m,latency-p99,1500\n");
        assert_eq!(trace(&sim), [(600, "canary", "rollback", "trigger")]);
        assert_eq!(sim.decisions[0].rule, "latency-p99 > 1000ms");
        assert_eq!((sim.outcome, sim.at_seconds), (Outcome::RolledBack, 600));
        // A failed gate beats missing data for another gate.
        let sim = run(SEED, "at,metric,value\n10m,error-rate,0.5\n");
        assert_eq!(trace(&sim), [(3600, "canary", "hold", "gate_failed")]);
        assert_eq!(sim.decisions[0].metric.as_deref(), Some("error-rate"));
        assert_eq!(
            (sim.decisions[0].value, sim.decisions[0].threshold),
            (Some(0.5), Some(0.1))
        );
        assert_eq!((sim.outcome, sim.at_seconds), (Outcome::Stuck, 3600));
        // Missing data beats awaiting approval.
        let sim = run(SEED, "at,metric,value\n10m,error-rate,0.05\n");
        assert_eq!(trace(&sim), [(3600, "canary", "hold", "no_data")]);
        assert_eq!(sim.decisions[0].metric.as_deref(), Some("latency-p99"));
    }

    #[test]
    fn grace_period_and_rollback_enabled() {
        // In the grace period a trigger is ignored.
        let sim = run(SEED, "at,metric,value\n4m59s,error-rate,50\n");
        assert_eq!(sim.outcome, Outcome::Stuck);
        assert_eq!(sim.decisions[0].reason, DecisionReason::GateFailed);
        // At the end of it, it acts.
        let sim = run(SEED, "at,metric,value\n5m,error-rate,50\n");
        assert_eq!((sim.outcome, sim.at_seconds), (Outcome::RolledBack, 300));
        // Not during a stage with rollback disabled.
        let plan = SEED.replace(
            "auto-advance: true,",
            "auto-advance: true, rollback-enabled: false,",
        );
        let sim = run(&plan, "at,metric,value\n30m,error-rate,50\n");
        assert_eq!(sim.outcome, Outcome::Stuck);
    }

    #[test]
    fn a_failing_gate_holds_until_it_passes() {
        let sim = run(
            SEED,
            "at,metric,value,approve\n10m,error-rate,0.5,\n10m,latency-p99,100,\n\
             1h10m,error-rate,0.4,\n1h20m,error-rate,0.05,\n1h25m,,,partial\n",
        );
        assert_eq!(
            trace(&sim),
            [
                (3600, "canary", "hold", "gate_failed"),
                (4800, "canary", "awaiting_approval", "approval"),
                (5100, "canary", "advance", "approved"),
                (
                    5100 + 4 * 3600,
                    "partial",
                    "awaiting_approval",
                    "manual_advance"
                ),
            ]
        );
        assert_eq!(sim.outcome, Outcome::Stuck);
        assert_eq!(sim.stage.as_deref(), Some("partial"));
    }

    #[test]
    fn approvals_given_early_count() {
        let sim = run(
            SEED,
            "at,metric,value,approve\n0,,,partial\n10m,error-rate,0.05,\n10m,latency-p99,100,\n",
        );
        assert_eq!(trace(&sim)[0], (3600, "canary", "advance", "gates_passed"));
        assert_eq!(
            sim.decisions[0].rule,
            "error-rate < 0.1% and latency-p99 < 200ms"
        );
    }

    #[test]
    fn relative_thresholds_use_the_observed_baseline() {
        let plan = "deployment:\n  strategy: canary\n  stages:\n    - { name: c, percentage: 10, duration: 1h, auto-advance: true, metrics: [\"latency-p99 < 2x baseline\"] }\n    - { name: f, percentage: 100 }\nrollback: { triggers: [\"latency-p99 > 4x baseline\"] }\n";
        let sim = run(plan, "at,metric,value,baseline\n10m,latency-p99,300,\n");
        assert_eq!(trace(&sim), [(3600, "c", "hold", "no_baseline")]);
        let sim = run(
            plan,
            "at,metric,value,baseline\n0,latency-p99,,100\n10m,latency-p99,300,\n",
        );
        assert_eq!(trace(&sim), [(3600, "c", "hold", "gate_failed")]);
        assert_eq!(sim.decisions[0].threshold, Some(200.0));
        let sim = run(plan, "at,metric,value,baseline\n10m,latency-p99,150,100\n");
        assert_eq!(sim.outcome, Outcome::Completed);
        let sim = run(plan, "at,metric,value,baseline\n10m,latency-p99,450,100\n");
        assert_eq!(
            (sim.outcome, sim.decisions[0].threshold),
            (Outcome::RolledBack, Some(400.0))
        );
    }

    #[test]
    fn manual_rollback_holds_instead() {
        let plan = SEED.replace("grace-period: 5m", "grace-period: 5m\n  automatic: false");
        let sim = run(
            &plan,
            "at,metric,value\n10m,error-rate,6\n10m,latency-p99,100\n20m,error-rate,7\n",
        );
        assert_eq!(trace(&sim), [(600, "canary", "hold", "manual_trigger")]);
        assert_eq!(sim.outcome, Outcome::Stuck);
        // Once the metric recovers, the gates decide again.
        let sim = run(
            &plan,
            "at,metric,value\n10m,error-rate,6\n10m,latency-p99,100\n20m,error-rate,0.01\n",
        );
        assert_eq!(
            trace(&sim),
            [
                (600, "canary", "hold", "manual_trigger"),
                (3600, "canary", "awaiting_approval", "approval"),
            ]
        );
    }

    #[test]
    fn the_first_stage_may_wait_for_approval() {
        let plan = "deployment:\n  strategy: recreate\n  stages:\n    - { name: all, percentage: 100, duration: 10m, approval: ops }\n";
        let sim = run(plan, "");
        assert_eq!(trace(&sim), [(0, "all", "awaiting_approval", "approval")]);
        assert_eq!((sim.outcome, sim.at_seconds), (Outcome::Stuck, 0));
        let sim = run(plan, "- { at: 1h, approve: all }\n");
        assert_eq!(
            trace(&sim),
            [
                (0, "all", "awaiting_approval", "approval"),
                (3600, "all", "advance", "approved"),
                (4200, "all", "advance", "gates_passed"),
            ]
        );
        assert_eq!((sim.outcome, sim.at_seconds), (Outcome::Completed, 4200));
    }

    #[test]
    fn samples_at_the_end_of_a_stage_count_for_it() {
        let plan = "deployment:\n  strategy: canary\n  stages:\n    - { name: c, percentage: 10, duration: 1h, auto-advance: true, metrics: [\"error-rate < 1%\"] }\n    - { name: f, percentage: 100, metrics: [\"error-rate < 1%\"] }\n";
        let sim = run(plan, "at,metric,value\n1h,error-rate,0.5\n");
        // The sample at 1h decides `c`; `f` has no duration and is decided at once, on its
        // own data, which it does not have yet.
        assert_eq!(
            trace(&sim),
            [
                (3600, "c", "advance", "gates_passed"),
                (3600, "f", "hold", "no_data")
            ]
        );
        let sim = run(
            plan,
            "at,metric,value\n1h,error-rate,0.5\n1h1s,error-rate,0.2\n",
        );
        assert_eq!((sim.outcome, sim.at_seconds), (Outcome::Completed, 3601));
    }

    #[test]
    fn unknown_approvals_are_errors_with_a_hint() {
        let err = simulate_text(SEED, "at,approve\n1h,parital\n").unwrap_err();
        let d = &err.diagnostics()[0];
        assert_eq!(d.code, "unknown_stage");
        assert_eq!(d.line, Some(2));
        assert_eq!(d.path.as_deref(), Some("[0].approve"));
        assert_eq!(d.hint.as_deref(), Some("did you mean `partial`?"));
    }

    #[test]
    fn deterministic_and_metric_agnostic() {
        let timeline =
            "at,metric,value\n10m,queue-depth,5\n10m,error-rate,0.01\n10m,latency-p99,10\n";
        assert_eq!(run(SEED, timeline), run(SEED, timeline));
        assert_eq!(
            run(SEED, timeline).decisions[0].reason,
            DecisionReason::Approval
        );
    }

    #[test]
    fn a_plan_without_stages_completes_at_once() {
        let sim = simulate(&Plan::default(), &Timeline::default()).unwrap();
        assert_eq!((sim.outcome, sim.stage), (Outcome::Completed, None));
    }
}
