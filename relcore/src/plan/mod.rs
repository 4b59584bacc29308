//! Rollout plans: the plan model, gate expressions, durations, deployment windows, service
//! order, and validation that reports every problem with its line and column.
//!
//! # Overview
//!
//! A rollout plan (a YAML file) says how a release reaches production: in which stages
//! traffic moves to the new version, which metrics gate each stage, when to roll back,
//! which services deploy in which order, and when deploying is allowed. The format is the
//! seed format of the design, with `progressive` as another name for `canary`:
//!
//! ```yaml
//! change: { type: feature, risk: high }
//! deployment:
//!   strategy: progressive                       # canary | blue-green | rolling | recreate
//!   stages:
//!     - { name: canary, percentage: 5, duration: 1h, auto-advance: true,
//!         metrics: ["error-rate < 0.1%", "latency-p99 < 200ms"] }
//!     - { name: partial, percentage: 25, duration: 4h, validation: automated-tests, approval: qa-team }
//!     - { name: rollout, percentage: 50, duration: 8h, monitor: true }
//!     - { name: full, percentage: 100, approval: release-manager, rollback-enabled: true }
//! rollback:
//!   triggers: { error-rate: "> 5%", latency-p99: "> 1000ms", availability: "< 99.9%", failed-health-checks: "> 3" }
//!   grace-period: 5m
//! services:
//!   - { name: api, health-check: /health }
//!   - { name: worker, depends-on: [api], health-check: /ready }
//! window: { timezone: Europe/Berlin, allow: ["tue-thu 10:00-12:00"], freeze: ["2026-12-24/2026-12-26"], start: "2026-11-24T10:00" }
//! ```
//!
//! `docs/rollout-plans.md` documents every key, every rule code with a failing and a fixed
//! example, and the metric registry.
//!
//! # Usage
//!
//! [`validate`] checks the text and returns a [`Report`]: every problem as a
//! [`Diagnostic`](crate::diagnostic::Diagnostic) in document order, plus the rollout's
//! total duration and the worst-case time until a rollback fires.
//!
//! ```
//! use relcore::plan::{validate, Context, Plan};
//!
//! let text = "\
//! deployment:
//!   strategy: canary
//!   stages:
//!     - { name: canary, percentage: 5, duration: 1h, auto-advance: true, metrics: [\"error-rate < 0.1%\"] }
//!     - { name: full, percentage: 100, approval: release-manager }
//! rollback: { triggers: { error-rate: \"> 5%\" }, grace-period: 5m }
//! ";
//! let report = validate(text, &Context::default());
//! assert!(!report.has_errors());
//! assert_eq!(report.total_duration_seconds, 3600);
//! assert_eq!(report.worst_case_rollback_seconds, Some(300));
//!
//! let bad = text.replace("duration: 1h", "duration: 90");
//! let report = validate(&bad, &Context::default());
//! let d = &report.diagnostics[0];
//! assert_eq!(d.code, "duration_missing_unit");
//! assert_eq!(d.path.as_deref(), Some("deployment.stages[0].duration"));
//! assert_eq!((d.line, d.column), (Some(4), Some(48)));
//!
//! let plan = Plan::from_yaml(text)?;
//! assert_eq!(plan.deployment.stages[1].approval.as_deref(), Some("release-manager"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! [`Plan::to_yaml`] writes a plan back in the same format, so that a plan built or
//! changed in code can be saved, and read back as an equal plan.
//!
//! [`chart`] draws a plan as a Mermaid gantt chart, for a pull request or a runbook.
//!
//! [`Pipeline`] is the release pipeline (build, test, stage, approval, prod) as a state
//! machine: [`Pipeline::next`] applies an event or says, with a [`TransitionError`], why
//! it cannot happen now.
//!
//! # Errors
//!
//! Validation never fails: problems are data. The small languages inside a plan
//! ([`Duration`], [`Gate`], [`AllowRange`], [`DateRange`], [`parse_start`]) return a
//! [`SyntaxError`] with a stable [`SyntaxErrorKind`] slug; [`Plan::from_yaml`] returns
//! [`ValidationErrors`] for structural problems; [`service_order`] a
//! [`ServiceOrderError`].

// The plan, by area (each a folder; the public items are re-exported here, so every path
// is `relcore::plan::Name`):
//
// - `document/`: the plan model, its YAML reader and writer, service order, the chart;
// - `expr/`: the small languages: durations, gates and metrics, windows;
// - `validate/`: the rules, the report, interval sets for the gate rules;
// - `simulate/`: the simulation and the one timeline reader (YAML, JSON, CSV);
// - `schedule`: service order with delays, and the next deployment window;
// - `code`: `PlanCode`, the code of every plan, schedule and timeline diagnostic;
// - `pipeline`: the release pipeline state machine;
// - `suggest`: the plan that fits a classification; `hint`: "did you mean" hints;
// - `schema` (the `schema` feature): the hand-written JSON Schemas of plan values.
mod code;
mod document;
mod expr;
mod hint;
mod pipeline;
mod record;
mod schedule;
#[cfg(feature = "schema")]
mod schema;
mod simulate;
mod suggest;
mod validate;

pub use code::{PlanCode, UnknownPlanCode};
pub use document::chart::chart;
pub use document::model::{
    Avoid, Change, DEFAULT_END_OF_MONTH_DAYS, Deployment, Plan, Rollback, Service, Stage, Window,
};
pub use document::services::{
    ServiceOrderError, ServiceOrderErrorKind, rollback_order, service_order,
};
pub use expr::duration::Duration;
pub use expr::error::{SyntaxError, SyntaxErrorKind};
pub use expr::gate::{Gate, Op, Quantity, Threshold, Unit};
pub use expr::metric::{Metric, MetricKind, Registry};
pub use expr::window::{AllowRange, DateRange, parse_start};
pub(crate) use expr::zone::Zone;
pub use pipeline::{
    Pipeline, PipelineEvent, PipelineOutcome, PipelineStage, StageState, TransitionError,
    TransitionErrorKind,
};
pub use record::{
    PipelineStatus, RecordError, RecordErrorKind, RecordEvent, RecordState, ReleaseRecord,
    StageRecord, StageStatus, Transition, apply_event, duration_text, start_record,
};
pub use schedule::{
    NextWindow, ServicePlan, ServiceStep, SkippedStart, local_time, next_window, parse_holidays,
};
pub use simulate::run::{
    Decision, DecisionKind, DecisionReason, Outcome, Simulation, SimulationError, simulate,
    simulate_in, simulate_text, simulate_text_as, simulate_text_in, simulate_values,
};
pub use simulate::timeline::{
    Event, EventKind, Timeline, TimelineError, TimelineFormat, UnknownTimelineFormat,
};
pub use suggest::suggest_plan;
pub use validate::report::{Context, Report, ValidationErrors};
pub use validate::rules::{validate, validate_plan};

/// The change type, risk and strategy of a plan are the values of a
/// [`risk::Classification`](crate::risk::Classification), so a classification feeds a plan
/// check directly. They live in a module that `plan` and `risk` share: `plan` does not
/// import `risk`.
pub use crate::classification::{ChangeType, Risk, Strategy};
