//! The rules a rollout plan must follow.

use crate::plan::PlanCode;
use std::collections::HashMap;

use chrono::{Datelike, NaiveDate, Weekday};

use crate::diagnostic::{Diagnostic, Severity};

use crate::classification::{ChangeType, Risk, Strategy};
use crate::plan::document::build::build;
use crate::plan::document::model::{Plan, Window};
use crate::plan::document::parse::Pos;
use crate::plan::document::services::analyze;
use crate::plan::expr::duration::Duration;
use crate::plan::expr::gate::{Gate, Threshold, Unit};
use crate::plan::expr::metric::{Metric, MetricKind, Registry};
use crate::plan::expr::window::{
    ScheduleError, ScheduleStage, StageTime, dates_touched, end_of_month, in_window, schedule,
    timezone, timezone_names,
};
use crate::plan::hint;
use crate::plan::validate::interval::{self, Set};
use crate::plan::validate::report::{Context, Report, diagnostic, sort};

/// How many calendar days of a rollout the date rules look at (ten years).
const MAX_DAYS_CHECKED: usize = 3_660;

/// Checks a plan's text: reads it (YAML), then applies every rule, and reports every
/// problem in document order, each with a stable code, a severity, the document path, the
/// line and column, the offending value and a hint. The rules are listed in
/// `docs/rollout-plans.md`.
///
/// Malformed or hostile text (bad YAML, alias bombs, deep nesting, huge input) gives a
/// diagnostic, never a panic.
///
/// ```
/// use relcore::plan::{validate, Context};
/// let text = "\
/// deployment:
///   strategy: canary
///   stages:
///     - { name: canary, percentage: 5, duration: 30m, metrics: [\"error-rate < 1%\"] }
///     - { name: all, percentage: 100 }
/// rollback:
///   triggers: { error-rate: \"> 5%\" }
/// ";
/// let report = validate(text, &Context::default());
/// assert!(!report.has_errors());
/// assert_eq!(report.total_duration_seconds, 1800);
/// assert_eq!(report.worst_case_rollback_seconds, Some(0));
/// let hold = &report.diagnostics[0];
/// assert_eq!((hold.code.as_str(), hold.line, hold.column), ("hold_band", Some(4), Some(64)));
///
/// let report = validate("deployment: { strategy: canary, stages: [{ name: a, percentage: 150 }] }", &Context::default());
/// assert_eq!(report.codes(), ["missing_rollback", "weight_out_of_range"]);
/// ```
pub fn validate(plan_text: &str, ctx: &Context) -> Report {
    let (plan, mut diagnostics) = build(plan_text);
    let Some(plan) = plan else {
        return Report {
            diagnostics,
            total_duration_seconds: 0,
            worst_case_rollback_seconds: None,
        };
    };
    let report = validate_plan(&plan, ctx);
    diagnostics.extend(report.diagnostics);
    sort(&mut diagnostics);
    Report {
        diagnostics,
        ..report
    }
}

/// Applies every rule to a plan already read (or built in code). Diagnostics carry lines
/// and columns when the plan came from [`Plan::from_yaml`].
///
/// ```
/// use relcore::plan::{validate_plan, Context, Deployment, Plan, Stage, Strategy};
/// let mut plan = Plan::default();
/// plan.deployment = Deployment {
///     strategy: Some(Strategy::Rolling),
///     stages: vec![Stage { name: "all".into(), percentage: Some(100.0), ..Stage::default() }],
/// };
/// let report = validate_plan(&plan, &Context::default());
/// assert_eq!(report.codes(), ["missing_rollback"]);
/// assert_eq!(report.diagnostics[0].line, None);
/// ```
pub fn validate_plan(plan: &Plan, ctx: &Context) -> Report {
    let mut c = Checker {
        plan,
        ctx,
        registry: plan.registry(),
        out: Vec::new(),
    };
    c.structure();
    c.weights();
    c.durations();
    c.gates();
    c.approvals_and_risk();
    c.windows();
    c.services();
    let mut diagnostics = c.out;
    sort(&mut diagnostics);
    Report {
        diagnostics,
        total_duration_seconds: plan.total_duration().as_secs(),
        worst_case_rollback_seconds: worst_case_rollback(plan),
    }
}

/// The worst-case time from a problem appearing until a rollback trigger may fire.
fn worst_case_rollback(plan: &Plan) -> Option<u64> {
    let rollback = plan.rollback.as_ref()?;
    if rollback.triggers.is_empty() || !rollback.automatic {
        return None;
    }
    let grace = rollback.grace_period.map_or(0, Duration::as_secs);
    let stages = &plan.deployment.stages;
    let last = stages.len().checked_sub(1)?;
    let mut worst = 0u64;
    for i in 0..stages.len() {
        let mut waited = 0u64;
        let mut fires = None;
        for (j, s) in stages.iter().enumerate().skip(i) {
            let d = s.duration.map(Duration::as_secs);
            if s.rollback_enabled && (j == last || d.is_some_and(|d| grace < d)) {
                fires = Some(waited.saturating_add(grace));
                break;
            }
            waited = waited.saturating_add(d.unwrap_or(0));
        }
        worst = worst.max(fires?);
    }
    Some(worst)
}

fn num(v: f64) -> String {
    v.to_string()
}

/// How to write a threshold in the unit of a metric of `kind`.
fn unit_fix(kind: MetricKind, threshold: Threshold) -> String {
    let (Threshold::Value(q) | Threshold::Offset(q)) = threshold else {
        return String::new();
    };
    let n = num(q.value.abs());
    match kind {
        MetricKind::Percent => format!("write the threshold in percent, as in `{n}%`"),
        MetricKind::Time => format!("write the threshold as a time, as in `{n}ms`"),
        MetricKind::Count => format!("write the threshold as a plain count, as in `{n}`"),
    }
}

/// Why a threshold lies outside what `metric` can take, if it does.
fn domain_problem(metric: &Metric, threshold: Threshold) -> Option<String> {
    let suffix = metric.kind.canonical_suffix();
    match threshold {
        Threshold::Value(q) => (!metric.contains(q.canonical())).then(|| {
            format!(
                "{}{suffix} is outside the values `{}` can take ({})",
                num(q.canonical()),
                metric.name,
                metric.describe_domain()
            )
        }),
        Threshold::Factor(f) => (f <= 0.0)
            .then(|| format!("a multiple of the baseline must be above 0, not {}", num(f))),
        Threshold::Offset(q) => metric.max.and_then(|max| {
            (q.canonical().abs() > max - metric.min).then(|| {
                format!(
                    "an offset of {}{suffix} from the baseline is larger than the whole range of `{}` ({})",
                    num(q.canonical()),
                    metric.name,
                    metric.describe_domain()
                )
            })
        }),
    }
}

struct Checker<'p> {
    plan: &'p Plan,
    ctx: &'p Context,
    registry: Registry,
    out: Vec<Diagnostic>,
}

/// A gate or trigger with where it is.
struct Located<'p> {
    gate: &'p Gate,
    path: String,
    /// Whether the metric is a key (map-form trigger) rather than part of the string.
    metric_is_key: bool,
}

/// The scale a threshold lives on: absolute values, multiples of the baseline, or
/// differences from it. Only thresholds on the same scale can be compared.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
enum Axis {
    Absolute,
    Factor,
    Offset,
}

fn axis(t: Threshold) -> (Axis, f64) {
    match t {
        Threshold::Value(q) => (Axis::Absolute, q.canonical()),
        Threshold::Factor(f) => (Axis::Factor, f),
        Threshold::Offset(q) => (Axis::Offset, q.canonical()),
    }
}

fn axis_domain(axis: Axis, m: &Metric) -> Set {
    match axis {
        Axis::Absolute => interval::domain(m.min, m.max),
        Axis::Factor => interval::domain(0.0, None),
        Axis::Offset => interval::everything(),
    }
}

fn axis_suffix(axis: Axis, m: &Metric) -> String {
    match axis {
        Axis::Absolute => m.kind.canonical_suffix().to_owned(),
        Axis::Factor => "x baseline".to_owned(),
        Axis::Offset => format!("{} from the baseline", m.kind.canonical_suffix()),
    }
}

impl Checker<'_> {
    fn pos(&self, path: &str) -> Option<Pos> {
        self.plan.source.pos(path)
    }

    /// The position of the first character of the string at `path` (inside its quotes).
    fn text_pos(&self, path: &str) -> Option<Pos> {
        self.plan
            .source
            .pos_within(path, 0)
            .or_else(|| self.pos(path))
    }

    fn push(
        &mut self,
        code: PlanCode,
        severity: Severity,
        (path, pos): (&str, Option<Pos>),
        value: Option<String>,
        message: String,
        hint: impl Into<String>,
    ) {
        self.out.push(diagnostic(
            code,
            severity,
            path,
            pos,
            value,
            message,
            Some(hint.into()),
        ));
    }

    fn error(
        &mut self,
        code: PlanCode,
        path: &str,
        value: Option<String>,
        message: String,
        hint: impl Into<String>,
    ) {
        let pos = self.pos(path);
        self.push(code, Severity::Error, (path, pos), value, message, hint);
    }

    fn stage_path(i: usize) -> String {
        format!("deployment.stages[{i}]")
    }

    fn stage_label(&self, i: usize) -> String {
        match self.plan.deployment.stages.get(i) {
            Some(s) if !s.name.trim().is_empty() => format!("stage `{}`", s.name),
            _ => format!("stage {}", i + 1),
        }
    }

    fn change_kind(&self) -> Option<ChangeType> {
        self.plan
            .change
            .as_ref()
            .and_then(|c| c.kind)
            .or(self.ctx.change_type)
    }

    fn is_hotfix(&self) -> bool {
        self.change_kind() == Some(ChangeType::Hotfix)
    }

    fn is_migration(&self) -> bool {
        self.plan.change.as_ref().is_some_and(|c| c.migration)
            || self.change_kind() == Some(ChangeType::Migration)
    }

    // ---- structure -------------------------------------------------------------------

    fn structure(&mut self) {
        let src = &self.plan.source;
        let deployment_written = !src.parsed || src.has("deployment") || src.reported("deployment");
        if !deployment_written {
            self.error(
                PlanCode::MissingKey,
                "deployment",
                None,
                "the plan has no `deployment`".to_owned(),
                "add `deployment:` with a `strategy` and `stages`",
            );
        } else if !src.reported("deployment") {
            if self.plan.deployment.strategy.is_none() && !src.reported("deployment.strategy") {
                self.error(
                    PlanCode::MissingKey,
                    "deployment.strategy",
                    None,
                    "the deployment has no `strategy`".to_owned(),
                    "add `strategy: canary` (or `blue-green`, `rolling`, `recreate`)",
                );
            }
            if self.plan.deployment.stages.is_empty() && !src.reported("deployment.stages") {
                self.error(
                    PlanCode::NoStages,
                    "deployment.stages",
                    None,
                    "the deployment has no stages".to_owned(),
                    "add `stages:` with at least one stage, the last at `percentage: 100`",
                );
            }
        }
        let mut names: HashMap<&str, usize> = HashMap::new();
        for (i, s) in self.plan.deployment.stages.iter().enumerate() {
            let p = format!("{}.name", Self::stage_path(i));
            let name = s.name.trim();
            if name.is_empty() {
                if !self.plan.source.reported(&p) {
                    self.error(
                        PlanCode::MissingStageName,
                        &p,
                        None,
                        format!("stage {} has no name", i + 1),
                        "give every stage a unique `name`",
                    );
                }
            } else if let Some(first) = names.get(name) {
                self.error(
                    PlanCode::DuplicateStage,
                    &p,
                    Some(s.name.clone()),
                    format!(
                        "stage name `{}` is already used by stage {}",
                        s.name,
                        first + 1
                    ),
                    "give every stage a unique `name`",
                );
            } else {
                names.insert(name, i);
            }
            if s.percentage.is_none() {
                let pp = format!("{}.percentage", Self::stage_path(i));
                if !self.plan.source.reported(&pp) {
                    let label = self.stage_label(i);
                    self.error(
                        PlanCode::MissingKey,
                        &pp,
                        None,
                        format!("{label} has no `percentage`"),
                        "add `percentage:` with the share of traffic the stage moves to the new version",
                    );
                }
            }
        }
    }

    // ---- weights ---------------------------------------------------------------------

    fn weights(&mut self) {
        let stages = &self.plan.deployment.stages;
        let mut previous: Option<(usize, f64)> = None;
        for (i, s) in stages.iter().enumerate() {
            let Some(p) = s.percentage else { continue };
            let path = format!("{}.percentage", Self::stage_path(i));
            let label = self.stage_label(i);
            if !(p > 0.0 && p <= 100.0) {
                self.error(
                    PlanCode::WeightOutOfRange,
                    &path,
                    Some(num(p)),
                    format!("{label} has percentage {}, outside (0, 100]", num(p)),
                    "use a share of traffic above 0 and at most 100",
                );
                continue;
            }
            if let Some((j, q)) = previous
                && p < q
            {
                let before = self.stage_label(j);
                self.error(
                    PlanCode::WeightDecreasing,
                    &path,
                    Some(num(p)),
                    format!(
                        "{label} moves {}% of traffic, less than the {}% of {before} before it",
                        num(p),
                        num(q)
                    ),
                    "stages never take traffic back: order them by increasing percentage",
                );
            }
            previous = Some((i, p));
        }
        if let Some((last_index, last)) = stages.iter().enumerate().next_back()
            && let Some(p) = last.percentage
            && p > 0.0
            && p < 100.0
        {
            let label = self.stage_label(last_index);
            self.error(
                PlanCode::FinalWeightNotFull,
                &format!("{}.percentage", Self::stage_path(last_index)),
                Some(num(p)),
                format!(
                    "the last stage, {label}, ends at {}% instead of 100%",
                    num(p)
                ),
                "add a final stage with `percentage: 100`, or raise this one to 100",
            );
        }
        if self.plan.deployment.strategy == Some(Strategy::Canary)
            && let Some(first) = stages.first()
            && let Some(p) = first.percentage
            && p > self.ctx.max_canary_percentage
            && p <= 100.0
        {
            let label = self.stage_label(0);
            let max = num(self.ctx.max_canary_percentage);
            self.error(
                PlanCode::CanaryTooLarge,
                &format!("{}.percentage", Self::stage_path(0)),
                Some(num(p)),
                format!(
                    "the first step of a canary, {label}, moves {}% of traffic; a canary moves at most {max}%",
                    num(p)
                ),
                format!("start with a small stage (at most {max}%) so a bad version reaches few users"),
            );
        }
    }

    // ---- durations -------------------------------------------------------------------

    fn durations(&mut self) {
        let stages = &self.plan.deployment.stages;
        let grace = self.plan.rollback.as_ref().and_then(|r| r.grace_period);
        if let Some(g) = grace
            && g.as_secs() == 0
        {
            self.error(
                PlanCode::DurationNotPositive,
                "rollback.grace-period",
                Some(g.to_string()),
                "the grace period is zero".to_owned(),
                "remove `grace-period` for no grace period, or give it a positive length such as `5m`",
            );
        }
        let mut zero: Vec<(String, Duration)> = Vec::new();
        if let Some(t) = self.plan.rollback.as_ref().and_then(|r| r.hold_timeout) {
            zero.push(("rollback.hold-timeout".to_owned(), t));
        }
        for (i, s) in stages.iter().enumerate() {
            if let Some(t) = s.hold_timeout {
                zero.push((format!("{}.hold-timeout", Self::stage_path(i)), t));
            }
        }
        for (i, s) in self.plan.services.iter().enumerate() {
            if let Some(d) = s.delay {
                zero.push((format!("services[{i}].delay"), d));
            }
        }
        for (path, d) in zero {
            if d.as_secs() == 0 {
                self.error(
                    PlanCode::DurationNotPositive,
                    &path,
                    Some(d.to_string()),
                    format!("`{path}` is zero"),
                    "give it a positive length such as `30m`, or leave it out",
                );
            }
        }
        let last = stages.len().saturating_sub(1);
        for (i, s) in stages.iter().enumerate() {
            let path = format!("{}.duration", Self::stage_path(i));
            let label = self.stage_label(i);
            match s.duration {
                Some(d) if d.as_secs() == 0 => self.error(
                    PlanCode::DurationNotPositive,
                    &path,
                    Some(d.to_string()),
                    format!("{label} has a zero duration"),
                    "give the stage time to be watched, such as `30m`, or remove `duration` from the last stage",
                ),
                Some(d) => {
                    if let Some(g) = grace
                        && g.as_secs() > 0
                        && g >= d
                        && s.rollback_enabled
                    {
                        self.error(
                            PlanCode::GracePeriodTooLong,
                            &path,
                            Some(d.to_string()),
                            format!(
                                "the rollback grace period ({g}) is not shorter than {label} ({d}): no trigger can fire during it"
                            ),
                            format!("shorten `rollback.grace-period` below {d}, or lengthen the stage"),
                        );
                    }
                }
                None => {
                    if i < last && !self.plan.source.reported(&path) {
                        let pos = self.pos(&path);
                        self.push(PlanCode::MissingDuration, Severity::Warning, (&path, pos),
                            None,
                            format!("{label} has no duration: its gates get no time to be watched, and the plan's total time counts it as zero"),
                            "add `duration:` such as `30m` or `1h`",
                        );
                    }
                }
            }
        }
    }

    // ---- gates -----------------------------------------------------------------------

    /// Checks metric, unit and domain; returns whether the gate is sound enough to compare.
    fn check_gate(&mut self, g: &Located<'_>, role: &str) -> bool {
        let gate = g.gate;
        let (metric_pos, threshold_pos) = self.gate_positions(g);
        let Some(metric) = self.registry.get(&gate.metric).cloned() else {
            self.unknown_metric(g, role, metric_pos);
            return false;
        };
        if let Some(unit) = gate.threshold.unit()
            && unit.kind() != metric.kind
        {
            let fix = unit_fix(metric.kind, gate.threshold);
            let written = if unit == Unit::Count {
                "no unit".to_owned()
            } else {
                format!("`{}`", unit.as_str())
            };
            self.push(
                PlanCode::IncompatibleUnit,
                Severity::Error,
                (&g.path, threshold_pos),
                Some(gate.threshold.to_string()),
                format!(
                    "`{}` is a {} metric, measured with {}, but {role} `{gate}` uses {written}",
                    metric.name,
                    metric.kind,
                    metric.kind.units()
                ),
                fix,
            );
            return false;
        }
        if let Some(message) = domain_problem(&metric, gate.threshold) {
            self.push(
                PlanCode::ThresholdOutOfDomain,
                Severity::Error,
                (&g.path, threshold_pos),
                Some(gate.threshold.to_string()),
                format!("in {role} `{gate}`: {message}"),
                format!(
                    "`{}` takes values {}",
                    metric.name,
                    metric.describe_domain()
                ),
            );
            return false;
        }
        true
    }

    /// Where the metric and the threshold of a gate or trigger are.
    fn gate_positions(&self, g: &Located<'_>) -> (Option<Pos>, Option<Pos>) {
        let metric_pos = if g.metric_is_key {
            self.plan.source.key_pos(&g.path)
        } else {
            let lead = self
                .plan
                .source
                .values
                .get(&g.path)
                .and_then(|l| l.linear.as_ref())
                .map_or(0, |(_, s)| s.len() - s.trim_start().len());
            self.plan
                .source
                .pos_within(&g.path, lead)
                .or_else(|| self.pos(&g.path))
        };
        let threshold_pos = self
            .plan
            .source
            .values
            .get(&g.path)
            .and_then(|l| l.threshold_at)
            .and_then(|at| self.plan.source.pos_within(&g.path, at))
            .or_else(|| self.pos(&g.path));
        (metric_pos, threshold_pos)
    }

    fn unknown_metric(&mut self, g: &Located<'_>, role: &str, metric_pos: Option<Pos>) {
        let gate = g.gate;
        let names: Vec<&str> = self
            .registry
            .metrics()
            .iter()
            .map(|m| m.name.as_str())
            .collect();
        let hint = match hint::suggest(&gate.metric, names.iter().copied()) {
            Some(s) => format!("did you mean `{s}`? Custom metrics are declared under `metrics:` with their unit"),
            None => "use a built-in metric (see docs/rollout-plans.md), or declare it under `metrics:` with its unit, as in `metrics: { queue-depth: count }`".to_owned(),
        };
        self.push(
            PlanCode::UnknownMetric,
            Severity::Error,
            (&g.path, metric_pos),
            Some(gate.metric.clone()),
            format!(
                "unknown metric `{}` in {role} `{gate}`",
                crate::plan::expr::error::quote(&gate.metric)
            ),
            hint,
        );
    }

    fn gates(&mut self) {
        let plan = self.plan;
        let triggers: Vec<Located<'_>> = match &plan.rollback {
            Some(r) => {
                let map_form = r.triggers.iter().enumerate().all(|(k, g)| {
                    plan.source.has(&format!("rollback.triggers.{}", g.metric))
                        && !plan.source.has(&format!("rollback.triggers[{k}]"))
                }) && plan.source.parsed;
                r.triggers
                    .iter()
                    .enumerate()
                    .map(|(k, g)| Located {
                        gate: g,
                        path: if map_form {
                            format!("rollback.triggers.{}", g.metric)
                        } else {
                            format!("rollback.triggers[{k}]")
                        },
                        metric_is_key: map_form,
                    })
                    .collect()
            }
            None => Vec::new(),
        };
        // Stage gates and triggers, each checked once, in document order by construction.
        let mut sound_gates: Vec<Vec<usize>> = Vec::new();
        let stage_gates: Vec<Vec<Located<'_>>> = plan
            .deployment
            .stages
            .iter()
            .enumerate()
            .map(|(i, s)| {
                s.metrics
                    .iter()
                    .enumerate()
                    .map(|(j, g)| Located {
                        gate: g,
                        path: format!("{}.metrics[{j}]", Self::stage_path(i)),
                        metric_is_key: false,
                    })
                    .collect()
            })
            .collect();
        for gates in &stage_gates {
            let mut sound = Vec::new();
            for (j, g) in gates.iter().enumerate() {
                if self.check_gate(g, "gate") {
                    sound.push(j);
                }
            }
            sound_gates.push(sound);
        }
        let sound_triggers: Vec<usize> = (0..triggers.len())
            .filter(|&k| {
                triggers
                    .get(k)
                    .is_some_and(|t| self.check_gate(t, "trigger"))
            })
            .collect();

        let triggered: Vec<&str> = triggers.iter().map(|t| t.gate.metric.as_str()).collect();
        for (i, gates) in stage_gates.iter().enumerate() {
            let sound = sound_gates.get(i).cloned().unwrap_or_default();
            self.contradictions(i, gates, &sound);
            if plan.rollback.is_some() {
                for &j in &sound {
                    if let Some(g) = gates.get(j)
                        && !triggered.contains(&g.gate.metric.as_str())
                    {
                        self.gate_without_trigger(i, g);
                    }
                }
            }
            if plan
                .deployment
                .stages
                .get(i)
                .is_some_and(|s| s.rollback_enabled)
            {
                for &j in &sound {
                    let Some(g) = gates.get(j) else { continue };
                    for &k in &sound_triggers {
                        if let Some(t) = triggers.get(k) {
                            self.against_trigger(i, g, t);
                        }
                    }
                }
            }
        }
    }

    /// The severity of a rule about holding for ever (`hold_band`, `gate_without_trigger`)
    /// at stage `i`: a warning, or a note when a hold timeout or a failure limit bounds
    /// the hold; with the bound in words.
    fn hold_terms(&self, i: usize) -> (Severity, String) {
        let timeout = self.plan.hold_timeout(i);
        let limit = self.plan.failure_limit(i);
        let bound = match (timeout, limit) {
            (Some(t), Some(n)) => format!(
                "; the hold is bounded: the rollout rolls back after {t} of holding or {n} failed gate evaluations"
            ),
            (Some(t), None) => {
                format!("; the hold is bounded: the rollout rolls back after {t} of holding")
            }
            (None, Some(n)) => format!(
                "; the hold is bounded: the rollout rolls back after {n} failed gate evaluations"
            ),
            (None, None) => return (Severity::Warning, String::new()),
        };
        (Severity::Note, bound)
    }

    /// A gate on a metric no rollback trigger watches: when it fails, the stage holds
    /// until it passes, for ever unless the hold is bounded.
    fn gate_without_trigger(&mut self, stage: usize, g: &Located<'_>) {
        let (severity, bound) = self.hold_terms(stage);
        let label = self.stage_label(stage);
        let (metric_pos, _) = self.gate_positions(g);
        let metric = &g.gate.metric;
        let hint = if severity == Severity::Note {
            format!(
                "add a trigger on `{metric}` under `rollback.triggers` if the rollout should roll back on it at once"
            )
        } else {
            format!(
                "add a trigger on `{metric}` under `rollback.triggers`, or bound the hold with `rollback.hold-timeout` or `rollback.failure-limit`"
            )
        };
        self.push(
            PlanCode::GateWithoutTrigger,
            severity,
            (&g.path, metric_pos),
            Some(metric.clone()),
            format!(
                "gate `{}` of {label} watches `{metric}`, but no rollback trigger does: while the gate fails the stage holds, neither advancing nor rolling back{bound}",
                g.gate
            ),
            hint,
        );
    }

    /// Gates of one stage on the same metric that no value can pass together.
    fn contradictions(&mut self, stage: usize, gates: &[Located<'_>], sound: &[usize]) {
        let mut groups: Vec<((String, Axis), Set, Vec<usize>)> = Vec::new();
        for &j in sound {
            let Some(g) = gates.get(j) else { continue };
            let Some(metric) = self.registry.get(&g.gate.metric).cloned() else {
                continue;
            };
            let (ax, t) = axis(g.gate.threshold);
            let key = (g.gate.metric.clone(), ax);
            let set = interval::of(g.gate.op, t);
            let integer = ax == Axis::Absolute && metric.is_integer();
            let slot = if let Some(p) = groups.iter().position(|(k, _, _)| *k == key) {
                p
            } else {
                groups.push((key, axis_domain(ax, &metric), Vec::new()));
                groups.len() - 1
            };
            let Some((_, acc, members)) = groups.get_mut(slot) else {
                continue;
            };
            if members.first() == Some(&usize::MAX) {
                continue; // already reported
            }
            let was_ok = !interval::is_empty(acc, integer);
            let next = interval::intersect(acc, &set);
            let now_empty = interval::is_empty(&next, integer);
            *acc = next;
            let others: Vec<String> = members
                .iter()
                .filter_map(|&m| gates.get(m).map(|o| format!("`{}`", o.gate)))
                .collect();
            members.push(j);
            if was_ok && now_empty {
                members.insert(0, usize::MAX);
                let label = self.stage_label(stage);
                let message = if others.is_empty() {
                    format!(
                        "gate `{}` of {label} can never pass: `{}` never takes such a value",
                        g.gate, metric.name
                    )
                } else {
                    format!(
                        "gate `{}` of {label} contradicts {}: no value of `{}` passes them all",
                        g.gate,
                        others.join(", "),
                        metric.name
                    )
                };
                let pos = self.text_pos(&g.path);
                self.push(PlanCode::ContradictoryGates, Severity::Error, (&g.path, pos),
                    Some(g.gate.to_string()),
                    message,
                    "a stage advances only when all its gates hold: fix or remove the contradicting gate",
                );
            }
        }
    }

    /// A gate compared with a trigger on the same metric: looser (error), or the band in
    /// which the stage neither advances nor rolls back (warning).
    fn against_trigger(&mut self, stage: usize, g: &Located<'_>, t: &Located<'_>) {
        if g.gate.metric != t.gate.metric {
            return;
        }
        let Some(metric) = self.registry.get(&g.gate.metric).cloned() else {
            return;
        };
        let (gax, gv) = axis(g.gate.threshold);
        let (tax, tv) = axis(t.gate.threshold);
        if gax != tax {
            return;
        }
        let integer = gax == Axis::Absolute && metric.is_integer();
        let domain = axis_domain(gax, &metric);
        let pass = interval::intersect(&interval::of(g.gate.op, gv), &domain);
        let fire = interval::of(t.gate.op, tv);
        let suffix = axis_suffix(gax, &metric);
        let label = self.stage_label(stage);
        let pos = self.text_pos(&g.path);
        let overlap = interval::intersect(&pass, &fire);
        if !interval::is_empty(&overlap, integer) {
            self.push(
                PlanCode::GateLooserThanTrigger,
                Severity::Error,
                (&g.path, pos),
                Some(g.gate.to_string()),
                format!(
                    "gate `{}` of {label} passes values that trigger a rollback (`{}`): {}",
                    g.gate,
                    t.gate,
                    interval::describe(&overlap, &suffix, integer)
                ),
                format!(
                    "tighten the gate so that it fails before `{}` fires",
                    t.gate
                ),
            );
            return;
        }
        let band = interval::intersect(
            &interval::intersect(
                &interval::of(g.gate.op.negate(), gv),
                &interval::of(t.gate.op.negate(), tv),
            ),
            &domain,
        );
        if !interval::is_empty(&band, integer) {
            let (severity, bound) = self.hold_terms(stage);
            let hint = if severity == Severity::Note {
                "this is the band in which a stage waits instead of deciding, until the bound is reached"
            } else {
                "this is the band in which a stage waits instead of deciding; narrow it by moving the gate or the trigger, or bound the hold with `rollback.hold-timeout` or `rollback.failure-limit`"
            };
            self.push(PlanCode::HoldBand, severity, (&g.path, pos),
                Some(g.gate.to_string()),
                format!(
                    "while `{}` is in {}, {label} holds: gate `{}` fails but trigger `{}` does not fire{bound}",
                    metric.name,
                    interval::describe(&band, &suffix, integer),
                    g.gate,
                    t.gate
                ),
                hint,
            );
        }
    }

    // ---- approvals and risk ----------------------------------------------------------

    fn approvals_and_risk(&mut self) {
        let plan = self.plan;
        for (i, s) in plan.deployment.stages.iter().enumerate() {
            if s.auto_advance && s.metrics.is_empty() {
                let label = self.stage_label(i);
                let path = format!("{}.auto-advance", Self::stage_path(i));
                let pos = self.pos(&path);
                self.push(
                    PlanCode::AutoAdvanceWithoutGates,
                    Severity::Warning,
                    (&path, pos),
                    Some("true".to_owned()),
                    format!("{label} advances by itself but has no gates: it advances when its time is up, whatever the metrics say"),
                    "add gates under `metrics:` (such as `error-rate < 1%`) for the stage to advance on, or remove `auto-advance: true` so that a person advances it",
                );
            }
            if s.auto_advance && s.approval.is_some() {
                let label = self.stage_label(i);
                self.error(
                    PlanCode::AutoAdvanceWithApproval,
                    &format!("{}.auto-advance", Self::stage_path(i)),
                    Some("true".to_owned()),
                    format!(
                        "{label} both advances by itself and needs the approval of `{}`",
                        s.approval.as_deref().unwrap_or_default()
                    ),
                    "remove `auto-advance: true` to wait for the approval, or remove `approval`",
                );
            }
        }
        let risk = plan.change.as_ref().and_then(|c| c.risk).or(self.ctx.risk);
        if let Some(risk) = risk
            && risk >= Risk::High
            && !plan.deployment.stages.is_empty()
            && !plan
                .deployment
                .stages
                .iter()
                .any(|s| s.approval.is_some() && s.percentage.is_some_and(|p| p <= 50.0))
        {
            let path = if plan.change.as_ref().and_then(|c| c.risk).is_some() {
                "change.risk"
            } else {
                "deployment.stages"
            };
            self.error(
                PlanCode::HighRiskWithoutApproval,
                path,
                Some(risk.to_string()),
                format!("the change is {risk} risk, but no approval is needed before 50% of traffic moves"),
                "add `approval: <team>` to a stage at 50% or less",
            );
        }
        let rollback = plan.rollback.as_ref();
        let has_triggers = rollback.is_some_and(|r| !r.triggers.is_empty());
        if has_triggers {
            for (i, s) in plan.deployment.stages.iter().enumerate() {
                if !s.rollback_enabled {
                    let label = self.stage_label(i);
                    let path = format!("{}.rollback-enabled", Self::stage_path(i));
                    let pos = self.pos(&path);
                    self.push(PlanCode::RollbackDisabledWithTriggers, Severity::Warning, (&path, pos),
                        Some("false".to_owned()),
                        format!("{label} disables rollback, so the rollback triggers do not act during it"),
                        "remove `rollback-enabled: false` if the triggers should protect this stage too",
                    );
                }
            }
        }
        if self.is_migration()
            && let Some(r) = rollback
            && r.automatic
            && has_triggers
        {
            let path = if plan.source.has("rollback.triggers") {
                "rollback.triggers"
            } else {
                "rollback"
            };
            self.error(
                PlanCode::MigrationAutoRollback,
                path,
                None,
                "the change migrates data, but rollback triggers roll it back automatically".to_owned(),
                "rolling back code after a migration can lose or corrupt data: set `automatic: false` under `rollback` so a person decides, or make the migration backward compatible",
            );
        }
        if rollback.is_none() && !plan.source.reported("rollback") {
            self.error(
                PlanCode::MissingRollback,
                "rollback",
                None,
                "the plan has no rollback plan".to_owned(),
                "add `rollback:` with `triggers` (such as `error-rate: \"> 5%\"`) and a `grace-period`",
            );
        }
    }

    // ---- windows ---------------------------------------------------------------------

    fn windows(&mut self) {
        let plan = self.plan;
        let Some(w) = &plan.window else { return };
        let Some(name) = &w.timezone else {
            if !plan.source.reported("window.timezone") {
                self.error(
                    PlanCode::MissingTimezone,
                    "window",
                    None,
                    "the deployment window has no timezone".to_owned(),
                    "add `timezone:` with an IANA name such as `Europe/Berlin` or `America/New_York`",
                );
            }
            return;
        };
        let Some(tz) = timezone(name) else {
            let hint = match hint::suggest_timezone(name, timezone_names()) {
                Some(s) => format!("did you mean `{s}`?"),
                None => {
                    "use an IANA timezone name such as `Europe/Berlin`, `America/New_York` or `UTC`"
                        .to_owned()
                }
            };
            self.error(
                PlanCode::UnknownTimezone,
                "window.timezone",
                Some(name.clone()),
                format!(
                    "unknown timezone `{}`",
                    crate::plan::expr::error::quote(name)
                ),
                hint,
            );
            return;
        };
        let Some(start) = w.start.or(self.ctx.start) else {
            return;
        };
        let start_path = if w.start.is_some() {
            "window.start"
        } else {
            "window"
        };
        let stages: Vec<ScheduleStage> = plan
            .deployment
            .stages
            .iter()
            .map(|s| ScheduleStage {
                seconds: s.duration.map_or(0, Duration::as_secs),
                auto_advance: s.auto_advance,
            })
            .collect();
        let times = match schedule(tz, &w.allow, start, &stages) {
            Ok(t) => t,
            Err(ScheduleError::StartInGap) => {
                self.error(
                    PlanCode::InvalidStart,
                    start_path,
                    Some(start.format("%Y-%m-%dT%H:%M").to_string()),
                    format!(
                        "the start time {} does not exist in {name}: the clocks skip it",
                        start.format("%Y-%m-%d %H:%M")
                    ),
                    "pick a time outside the daylight-saving change",
                );
                return;
            }
            Err(ScheduleError::OutOfRange) => return,
        };
        self.outside_window(w, &times, start_path);
        self.calendar(w, &times, start_path);
    }

    /// The severity of window rules, and the note naming the hotfix override.
    fn window_terms(&self) -> (Severity, &'static str) {
        if self.is_hotfix() {
            (
                Severity::Warning,
                "; allowed because the change is a hotfix (`change.type: hotfix` overrides window rules)",
            )
        } else {
            (Severity::Error, "")
        }
    }

    /// The hint of a window rule: `fix`, and the hotfix override.
    fn window_hint(&self, fix: &str) -> String {
        if self.is_hotfix() {
            format!("nothing to do if the hotfix must go out now; otherwise {fix}")
        } else {
            format!(
                "{fix}, or mark the change as a hotfix (`change: {{ type: hotfix }}`) to override"
            )
        }
    }

    /// The start and every automatic advance lie inside an allowed window.
    fn outside_window(&mut self, w: &Window, times: &[StageTime], start_path: &str) {
        let (severity, override_note) = self.window_terms();
        let allowed: Vec<String> = w.allow.iter().map(ToString::to_string).collect();
        for (i, t) in times.iter().enumerate() {
            if t.automatic && !in_window(&w.allow, t.begin) {
                let label = self.stage_label(i);
                let path = if i == 0 {
                    start_path.to_owned()
                } else {
                    Self::stage_path(i)
                };
                let pos = self.pos(&path);
                let what = if i == 0 {
                    "starts"
                } else {
                    "begins automatically"
                };
                self.push(PlanCode::OutsideWindow, severity, (&path, pos),
                    Some(t.begin.format("%Y-%m-%dT%H:%M").to_string()),
                    format!(
                        "{label} {what} on {}, outside the allowed windows ({}){override_note}",
                        t.begin.format("%a %Y-%m-%d %H:%M"),
                        allowed.join(", ")
                    ),
                    self.window_hint("move `window.start` or the durations so that the rollout starts and advances inside a window"),
                );
            }
        }
    }

    /// The rollout is not in progress on a Friday, a holiday or a freeze date.
    fn calendar(&mut self, w: &Window, times: &[StageTime], start_path: &str) {
        let (severity, override_note) = self.window_terms();
        let (Some(first), Some(last)) = (times.first(), times.last()) else {
            return;
        };
        let dates = dates_touched(first.begin, last.until, MAX_DAYS_CHECKED);
        let span = format!(
            "{} to {}",
            first.begin.format("%a %Y-%m-%d %H:%M"),
            last.until.format("%a %Y-%m-%d %H:%M")
        );
        let labels: Vec<String> = (0..times.len()).map(|i| self.stage_label(i)).collect();
        let active = |date: NaiveDate| -> String {
            times
                .iter()
                .zip(&labels)
                .find(|(t, _)| dates_touched(t.begin, t.until, MAX_DAYS_CHECKED).contains(&date))
                .map_or_else(String::new, |(_, label)| format!(": {label} is live"))
        };
        if let Some(friday) = dates.iter().find(|d| d.weekday() == Weekday::Fri) {
            let pos = self.pos(start_path);
            self.push(PlanCode::FridayDeploy, severity, (start_path, pos),
                Some(friday.to_string()),
                format!(
                    "the rollout is in progress on Friday {friday}{} (the rollout runs from {span}){override_note}",
                    active(*friday)
                ),
                self.window_hint("start earlier or later so that the rollout does not touch a Friday"),
            );
        }
        for holiday in &self.ctx.holidays {
            if dates.contains(holiday) {
                let pos = self.pos(start_path);
                self.push(PlanCode::HolidayDeploy, severity, (start_path, pos),
                    Some(holiday.to_string()),
                    format!("the rollout is in progress on the holiday {holiday}{} (the rollout runs from {span}){override_note}", active(*holiday)),
                    self.window_hint("move `window.start` so that the rollout avoids the holiday"),
                );
            }
        }
        let days = w.end_of_month_days();
        if let Some(day) = dates
            .iter()
            .find(|d| end_of_month(**d, days, &self.ctx.holidays))
        {
            let path = if self.plan.source.has("window.avoid") {
                "window.avoid"
            } else {
                start_path
            };
            let pos = self.pos(path);
            self.push(PlanCode::EndOfMonthDeploy, severity, (path, pos),
                Some(day.to_string()),
                format!("the rollout is in progress on {day}, in the last {days} business days of the month{} (the rollout runs from {span}){override_note}", active(*day)),
                self.window_hint("move `window.start` so that the rollout ends before the end of the month or starts in the next one"),
            );
        }
        for (k, freeze) in w.freeze.iter().enumerate() {
            if let Some(day) = dates.iter().find(|d| freeze.contains(**d)) {
                let path = if self.plan.source.has(&format!("window.freeze[{k}]")) {
                    format!("window.freeze[{k}]")
                } else {
                    "window.freeze".to_owned()
                };
                let pos = self.pos(&path);
                self.push(PlanCode::FreezeConflict, severity, (&path, pos),
                    Some(freeze.to_string()),
                    format!("the rollout is in progress on {day}, during the freeze {freeze}{} (the rollout runs from {span}){override_note}", active(*day)),
                    self.window_hint("move `window.start` so that the rollout ends before the freeze or starts after it"),
                );
            }
        }
    }

    // ---- services --------------------------------------------------------------------

    fn services(&mut self) {
        let services = &self.plan.services;
        let mut names: HashMap<&str, usize> = HashMap::new();
        for (i, s) in services.iter().enumerate() {
            let p = format!("services[{i}].name");
            let name = s.name.trim();
            if name.is_empty() {
                if !self.plan.source.reported(&p) {
                    self.error(
                        PlanCode::MissingServiceName,
                        &p,
                        None,
                        format!("service {} has no name", i + 1),
                        "give every service a unique `name`",
                    );
                }
            } else if let Some(first) = names.get(name) {
                self.error(
                    PlanCode::DuplicateService,
                    &p,
                    Some(s.name.clone()),
                    format!(
                        "service name `{}` is already used by service {}",
                        s.name,
                        first + 1
                    ),
                    "give every service a unique `name`",
                );
            } else {
                names.insert(name, i);
            }
            let hp = format!("services[{i}].health-check");
            if s.health_check
                .as_deref()
                .is_none_or(|h| h.trim().is_empty())
                && !self.plan.source.reported(&hp)
            {
                let label = if name.is_empty() {
                    format!("service {}", i + 1)
                } else {
                    format!("service `{name}`")
                };
                self.error(
                    PlanCode::MissingHealthCheck,
                    &hp,
                    None,
                    format!("{label} has no health check"),
                    "add `health-check:` with the endpoint or command that tells whether the service is healthy, such as `/health`",
                );
            }
        }
        self.dependencies();
    }

    /// Unknown dependencies and cycles.
    fn dependencies(&mut self) {
        let services = &self.plan.services;
        let analysis = analyze(services);
        let all_names: Vec<&str> = services.iter().map(|s| s.name.as_str()).collect();
        for &(i, j) in &analysis.unknown {
            let Some(s) = services.get(i) else { continue };
            let dep = s.depends_on.get(j).cloned().unwrap_or_default();
            let path = if self
                .plan
                .source
                .has(&format!("services[{i}].depends-on[{j}]"))
            {
                format!("services[{i}].depends-on[{j}]")
            } else {
                format!("services[{i}].depends-on")
            };
            let hint = match hint::suggest(&dep, all_names.iter().copied()) {
                Some(m) => format!("did you mean `{m}`?"),
                None => "list the service under `services`, or remove the dependency".to_owned(),
            };
            self.error(
                PlanCode::UnknownDependency,
                &path,
                Some(dep.clone()),
                format!(
                    "service `{}` depends on `{}`, which is not a service of the plan",
                    s.name,
                    crate::plan::expr::error::quote(&dep)
                ),
                hint,
            );
        }
        for (cycle, (head, edge)) in &analysis.cycles {
            let mut names: Vec<&str> = cycle
                .iter()
                .filter_map(|&k| services.get(k).map(|s| s.name.as_str()))
                .collect();
            if let Some(first) = names.first().copied() {
                names.push(first);
            }
            let text = names.join(" -> ");
            let path = if self
                .plan
                .source
                .has(&format!("services[{head}].depends-on[{edge}]"))
            {
                format!("services[{head}].depends-on[{edge}]")
            } else {
                format!("services[{head}].depends-on")
            };
            self.error(
                PlanCode::DependencyCycle,
                &path,
                Some(text.clone()),
                format!("services depend on each other in a cycle: {text}"),
                "break the cycle: one of these services must be deployable before the others",
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::{Duration, Rollback, Stage};

    fn stage(percentage: f64, duration: u64, rollback_enabled: bool) -> Stage {
        Stage {
            name: format!("s{percentage}"),
            percentage: Some(percentage),
            duration: (duration > 0).then(|| Duration::from_secs(duration)),
            rollback_enabled,
            ..Stage::default()
        }
    }

    fn plan(stages: Vec<Stage>, grace: u64) -> Plan {
        let mut p = Plan::default();
        p.deployment.stages = stages;
        p.rollback = Some(Rollback {
            triggers: vec!["error-rate > 5%".parse().unwrap()],
            grace_period: Some(Duration::from_secs(grace)),
            ..Rollback::default()
        });
        p
    }

    #[test]
    fn worst_case_rollback_times() {
        let p = plan(vec![stage(5.0, 3600, true), stage(100.0, 0, true)], 300);
        assert_eq!(worst_case_rollback(&p), Some(300));
        // A stage without rollback delays it by its length.
        let p = plan(
            vec![
                stage(5.0, 3600, false),
                stage(50.0, 7200, true),
                stage(100.0, 0, true),
            ],
            300,
        );
        assert_eq!(worst_case_rollback(&p), Some(3900));
        // A grace period as long as the stage pushes it into the next one.
        let p = plan(vec![stage(5.0, 300, true), stage(100.0, 0, true)], 300);
        assert_eq!(worst_case_rollback(&p), Some(600));
        // Nothing can roll back the last stage.
        let p = plan(vec![stage(5.0, 300, true), stage(100.0, 0, false)], 60);
        assert_eq!(worst_case_rollback(&p), None);
        let mut p = plan(vec![stage(100.0, 0, true)], 60);
        p.rollback.as_mut().unwrap().automatic = false;
        assert_eq!(worst_case_rollback(&p), None);
    }
}
