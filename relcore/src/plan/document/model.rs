//! The rollout plan model: the seed format of the design, as documented serde structs.
//!
//! Input keys are kebab-case, as in the plan file (`auto-advance`); serialised, the model
//! uses snake_case (`auto_advance`), like every relcore type.

use std::collections::HashMap;

use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

use crate::classification::{ChangeType, Risk, Strategy};
use crate::plan::document::parse::Pos;
use crate::plan::expr::duration::Duration;
use crate::plan::expr::gate::Gate;
use crate::plan::expr::metric::{Metric, Registry};
use crate::plan::expr::window::{AllowRange, DateRange};

/// A rollout plan: what changes, how traffic moves to it, when to roll back, which
/// services deploy in which order, and when deploying is allowed.
///
/// Build one from YAML with [`Plan::from_yaml`], or check the text with
/// [`validate`](crate::plan::validate()), which reports every problem with its line and column.
///
/// ```
/// use relcore::plan::{Plan, Strategy};
/// let plan = Plan::from_yaml(
///     "deployment:\n  strategy: progressive\n  stages:\n    - { name: all, percentage: 100 }\n",
/// )?;
/// assert_eq!(plan.deployment.strategy, Some(Strategy::Canary));
/// assert_eq!(plan.deployment.stages[0].name, "all");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(
    feature = "schema",
    derive(schemars::JsonSchema),
    schemars(rename = "RolloutPlan")
)]
#[serde(deny_unknown_fields)]
pub struct Plan {
    /// What is being released; when absent, validation takes the change type and risk from
    /// the [`Context`](crate::plan::Context) (e.g. from `relcore classify`).
    #[serde(default)]
    pub change: Option<Change>,
    /// How traffic moves to the new version.
    #[serde(default)]
    pub deployment: Deployment,
    /// When and how to roll back.
    #[serde(default)]
    pub rollback: Option<Rollback>,
    /// The services deployed, one at a time in dependency order.
    #[serde(default)]
    pub services: Vec<Service>,
    /// When deploying is allowed (or `recommended`).
    #[serde(default)]
    #[cfg_attr(
        feature = "schema",
        schemars(with = "Option<crate::plan::schema::WindowInput>")
    )]
    pub window: Option<Window>,
    /// Metrics the plan's gates and triggers may use besides the built-in ones
    /// (file key `metrics`, a mapping of name to unit).
    #[serde(default)]
    #[cfg_attr(feature = "schema", schemars(with = "crate::plan::schema::Metrics"))]
    pub metrics: Vec<Metric>,
    /// Where each value came from in the plan text, for diagnostics. Not part of the
    /// plan's value: two plans with the same content are equal.
    #[serde(skip)]
    pub(crate) source: SourceMap,
}

impl Plan {
    /// The metrics this plan's gates and triggers may use: the built-in ones and the
    /// plan's own.
    ///
    /// ```
    /// use relcore::plan::{MetricKind, Plan};
    /// let plan = Plan::from_yaml(
    ///     "metrics: { queue-depth: count }\ndeployment: { strategy: rolling, stages: [{ name: all, percentage: 100 }] }\n",
    /// )?;
    /// assert_eq!(plan.registry().get("queue-depth").unwrap().kind, MetricKind::Count);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn registry(&self) -> Registry {
        Registry::builtin().with(&self.metrics)
    }

    /// The sum of the stage durations (stages without one count as zero): how long the
    /// rollout takes when every gate passes and nobody keeps it waiting.
    ///
    /// ```
    /// use relcore::plan::Plan;
    /// let plan = Plan::from_yaml(
    ///     "deployment:\n  strategy: canary\n  stages:\n    - { name: a, percentage: 5, duration: 1h }\n    - { name: b, percentage: 100, duration: 30m }\n",
    /// )?;
    /// assert_eq!(plan.total_duration().as_secs(), 5400);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn total_duration(&self) -> Duration {
        Duration::from_secs(
            self.deployment
                .stages
                .iter()
                .filter_map(|s| s.duration)
                .fold(0u64, |acc, d| acc.saturating_add(d.as_secs())),
        )
    }

    /// The order to deploy the services in; see
    /// [`service_order`](crate::plan::service_order).
    ///
    /// ```
    /// use relcore::plan::Plan;
    /// let plan = Plan::from_yaml(
    ///     "deployment: { strategy: rolling, stages: [{ name: all, percentage: 100 }] }\nservices:\n  - { name: worker, depends-on: [api] }\n  - { name: api }\n",
    /// )?;
    /// assert_eq!(plan.deploy_order()?, ["api", "worker"]);
    /// assert_eq!(plan.rollback_order()?, ["worker", "api"]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn deploy_order(&self) -> Result<Vec<&str>, crate::plan::ServiceOrderError> {
        crate::plan::document::services::service_order(&self.services)
    }

    /// The order to roll the services back in: the reverse of
    /// [`deploy_order`](Plan::deploy_order).
    ///
    /// ```
    /// use relcore::plan::Plan;
    /// let plan = Plan::from_yaml(
    ///     "deployment: { strategy: rolling, stages: [{ name: all, percentage: 100 }] }\nservices: [{ name: db }, { name: api, depends-on: db }]\n",
    /// )?;
    /// assert_eq!(plan.rollback_order()?, ["api", "db"]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn rollback_order(&self) -> Result<Vec<&str>, crate::plan::ServiceOrderError> {
        crate::plan::document::services::rollback_order(&self.services)
    }

    /// The hold timeout of stage `i`: its own `hold-timeout`, else the plan's.
    ///
    /// ```
    /// use relcore::plan::Plan;
    /// let plan = Plan::from_yaml("deployment: { strategy: canary, stages: [{ name: a, percentage: 100, hold-timeout: 1h }] }\nrollback: { triggers: [\"error-rate > 5%\"], hold-timeout: 2h }")?;
    /// assert_eq!(plan.hold_timeout(0).map(|d| d.as_secs()), Some(3600));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn hold_timeout(&self, i: usize) -> Option<Duration> {
        self.deployment
            .stages
            .get(i)
            .and_then(|s| s.hold_timeout)
            .or_else(|| self.rollback.as_ref().and_then(|r| r.hold_timeout))
    }

    /// The failure limit of stage `i`: its own `failure-limit`, else the plan's.
    ///
    /// ```
    /// use relcore::plan::Plan;
    /// let plan = Plan::from_yaml("deployment: { strategy: canary, stages: [{ name: a, percentage: 100 }] }\nrollback: { triggers: [\"error-rate > 5%\"], failure-limit: 3 }")?;
    /// assert_eq!(plan.failure_limit(0), Some(3));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn failure_limit(&self, i: usize) -> Option<u32> {
        self.deployment
            .stages
            .get(i)
            .and_then(|s| s.failure_limit)
            .or_else(|| self.rollback.as_ref().and_then(|r| r.failure_limit))
    }

    /// Whether stage `i` holds for a bounded time only: it has a hold timeout or a
    /// failure limit.
    pub fn hold_is_bounded(&self, i: usize) -> bool {
        self.hold_timeout(i).is_some() || self.failure_limit(i).is_some()
    }

    /// The stage called `name`.
    ///
    /// ```
    /// use relcore::plan::Plan;
    /// let plan = Plan::from_yaml("deployment: { strategy: canary, stages: [{ name: all, percentage: 100 }] }")?;
    /// assert_eq!(plan.stage("all").unwrap().percentage, Some(100.0));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn stage(&self, name: &str) -> Option<&Stage> {
        self.deployment.stages.iter().find(|s| s.name == name)
    }
}

/// What is being released (file key `change`).
///
/// ```
/// use relcore::plan::{ChangeType, Plan, Risk};
/// let plan = Plan::from_yaml("change: { type: migration, risk: high }\ndeployment: { strategy: rolling, stages: [{ name: all, percentage: 100 }] }")?;
/// let change = plan.change.unwrap();
/// assert_eq!((change.kind, change.risk), (Some(ChangeType::Migration), Some(Risk::High)));
/// assert!(change.is_migration());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Change {
    /// The kind of change (file key `type`), in the vocabulary of
    /// [`risk::classify`](crate::risk::classify).
    #[serde(default, rename = "type")]
    pub kind: Option<ChangeType>,
    /// How risky it is, in the vocabulary of [`risk::classify`](crate::risk::classify).
    #[serde(default)]
    pub risk: Option<Risk>,
    /// Whether it includes a data or schema migration (also implied by `type: migration`).
    #[serde(default)]
    pub migration: bool,
}

impl Change {
    /// Whether the change is a hotfix, which turns window violations into warnings.
    ///
    /// ```
    /// use relcore::plan::{Change, ChangeType};
    /// assert!(Change { kind: Some(ChangeType::Hotfix), ..Change::default() }.is_hotfix());
    /// ```
    pub fn is_hotfix(&self) -> bool {
        self.kind == Some(ChangeType::Hotfix)
    }

    /// Whether the change migrates data: `type: migration` or `migration: true`.
    ///
    /// ```
    /// use relcore::plan::{Change, ChangeType};
    /// assert!(Change { migration: true, ..Change::default() }.is_migration());
    /// assert!(Change { kind: Some(ChangeType::Migration), ..Change::default() }.is_migration());
    /// ```
    pub fn is_migration(&self) -> bool {
        self.migration || self.kind == Some(ChangeType::Migration)
    }
}

/// How traffic moves to the new version (file key `deployment`).
///
/// ```
/// use relcore::plan::{Plan, Strategy};
/// let plan = Plan::from_yaml("deployment: { strategy: blue-green, stages: [{ name: switch, percentage: 100 }] }")?;
/// assert_eq!(plan.deployment.strategy, Some(Strategy::BlueGreen));
/// assert_eq!(plan.deployment.stages.len(), 1);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Deployment {
    /// The strategy; `None` when the plan does not say (an error).
    #[serde(default)]
    #[cfg_attr(
        feature = "schema",
        schemars(with = "Option<crate::classification::schema::StrategyInput>")
    )]
    pub strategy: Option<Strategy>,
    /// The stages, in order.
    #[serde(default)]
    pub stages: Vec<Stage>,
}

/// One step of a rollout (an item of `deployment.stages`).
///
/// ```
/// use relcore::plan::Plan;
/// let plan = Plan::from_yaml(
///     "deployment:\n  strategy: canary\n  stages:\n    - { name: canary, percentage: 5, duration: 1h, auto-advance: true, metrics: [\"error-rate < 0.1%\"] }\n    - { name: full, percentage: 100, approval: release-manager }\n",
/// )?;
/// let canary = &plan.deployment.stages[0];
/// assert!(canary.auto_advance && canary.rollback_enabled);
/// assert_eq!(canary.metrics[0].to_string(), "error-rate < 0.1%");
/// assert_eq!(plan.deployment.stages[1].approval.as_deref(), Some("release-manager"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Stage {
    /// A name unique in the plan.
    #[serde(default)]
    pub name: String,
    /// The share of traffic (or of instances) on the new version, in percent.
    #[serde(default)]
    #[cfg_attr(
        feature = "schema",
        schemars(with = "Option<crate::plan::schema::Percentage>")
    )]
    pub percentage: Option<f64>,
    /// How long the stage runs before it may advance.
    #[serde(default)]
    pub duration: Option<Duration>,
    /// Whether the stage advances by itself when its time is up and its gates pass (file
    /// key `auto-advance`).
    #[serde(default)]
    #[cfg_attr(feature = "schema", schemars(rename = "auto-advance"))]
    pub auto_advance: bool,
    /// The gates that must hold for the stage to advance (file key `metrics`).
    #[serde(default)]
    #[cfg_attr(feature = "schema", schemars(with = "crate::plan::schema::Gates"))]
    pub metrics: Vec<Gate>,
    /// A validation step run during the stage, e.g. `automated-tests`.
    #[serde(default)]
    pub validation: Option<String>,
    /// Who must approve before the stage begins, e.g. `qa-team`.
    #[serde(default)]
    pub approval: Option<String>,
    /// Whether the stage is watched by a person.
    #[serde(default)]
    pub monitor: bool,
    /// Whether rollback triggers act during this stage (file key `rollback-enabled`).
    #[serde(default = "yes")]
    #[cfg_attr(feature = "schema", schemars(rename = "rollback-enabled"))]
    pub rollback_enabled: bool,
    /// How long the stage may hold on its gates (a failed gate, no data, no baseline)
    /// before the rollout rolls back (file key `hold-timeout`); `None`: the plan's
    /// `rollback.hold-timeout`.
    #[serde(default)]
    #[cfg_attr(feature = "schema", schemars(rename = "hold-timeout"))]
    pub hold_timeout: Option<Duration>,
    /// How many failed gate evaluations the stage allows before the rollout rolls back
    /// (file key `failure-limit`); `None`: the plan's `rollback.failure-limit`.
    #[serde(default)]
    #[cfg_attr(feature = "schema", schemars(rename = "failure-limit"))]
    pub failure_limit: Option<u32>,
}

fn yes() -> bool {
    true
}

impl Default for Stage {
    /// A stage with no name, weight or duration, rollback enabled.
    fn default() -> Stage {
        Stage {
            name: String::new(),
            percentage: None,
            duration: None,
            auto_advance: false,
            metrics: Vec::new(),
            validation: None,
            approval: None,
            monitor: false,
            rollback_enabled: true,
            hold_timeout: None,
            failure_limit: None,
        }
    }
}

/// When and how to roll back (file key `rollback`).
///
/// Triggers are written as a mapping from metric to condition, as in
/// `triggers: { error-rate: "> 5%" }`, or as a list of full expressions
/// (`["error-rate > 5%"]`).
///
/// ```
/// use relcore::plan::Plan;
/// let plan = Plan::from_yaml(concat!(
///     "deployment: { strategy: rolling, stages: [{ name: all, percentage: 100 }] }\n",
///     "rollback: { triggers: { error-rate: \"> 5%\" }, grace-period: 5m }\n",
/// ))?;
/// let rollback = plan.rollback.unwrap();
/// assert_eq!(rollback.triggers[0].to_string(), "error-rate > 5%");
/// assert_eq!(rollback.grace_period.unwrap().as_secs(), 300);
/// assert!(rollback.automatic);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Rollback {
    /// Conditions that roll the rollout back when they hold.
    #[serde(default)]
    #[cfg_attr(feature = "schema", schemars(with = "crate::plan::schema::Triggers"))]
    pub triggers: Vec<Gate>,
    /// How long after a stage begins its triggers are ignored, while the new version warms
    /// up (file key `grace-period`).
    #[serde(default)]
    #[cfg_attr(feature = "schema", schemars(rename = "grace-period"))]
    pub grace_period: Option<Duration>,
    /// Whether a trigger rolls back by itself (`true`, the default) or only alerts a person.
    #[serde(default = "yes")]
    pub automatic: bool,
    /// How long any stage may hold on its gates before the rollout rolls back (file key
    /// `hold-timeout`), unless the stage sets its own; `None`: it may hold for ever.
    #[serde(default)]
    #[cfg_attr(feature = "schema", schemars(rename = "hold-timeout"))]
    pub hold_timeout: Option<Duration>,
    /// How many failed gate evaluations any stage allows before the rollout rolls back
    /// (file key `failure-limit`), unless the stage sets its own.
    #[serde(default)]
    #[cfg_attr(feature = "schema", schemars(rename = "failure-limit"))]
    pub failure_limit: Option<u32>,
}

impl Default for Rollback {
    /// No triggers, no grace period, automatic.
    fn default() -> Rollback {
        Rollback {
            triggers: Vec::new(),
            grace_period: None,
            automatic: true,
            hold_timeout: None,
            failure_limit: None,
        }
    }
}

/// A service deployed by the plan (an item of `services`).
///
/// ```
/// use relcore::plan::Plan;
/// let plan = Plan::from_yaml(concat!(
///     "deployment: { strategy: rolling, stages: [{ name: all, percentage: 100 }] }\n",
///     "services: [{ name: worker, depends-on: [api], health-check: /ready }, { name: api, health-check: /health }]\n",
/// ))?;
/// assert_eq!(plan.services[0].depends_on, ["api"]);
/// assert_eq!(plan.services[0].health_check.as_deref(), Some("/ready"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Service {
    /// Its name, unique in the plan.
    #[serde(default)]
    pub name: String,
    /// The services that must be deployed before it (file key `depends-on`).
    #[serde(default)]
    #[cfg_attr(feature = "schema", schemars(rename = "depends-on"))]
    pub depends_on: Vec<String>,
    /// Where its health is checked, e.g. `/health` (file key `health-check`).
    #[serde(default)]
    #[cfg_attr(feature = "schema", schemars(rename = "health-check"))]
    pub health_check: Option<String>,
    /// How long to wait after deploying it before its health check, and so before the
    /// next service deploys (file key `delay`): `api → wait 5m → health check → worker`.
    #[serde(default)]
    pub delay: Option<Duration>,
}

impl Service {
    /// A service called `name` depending on `depends_on`, without a health check.
    ///
    /// ```
    /// use relcore::plan::Service;
    /// let s = Service::new("worker", &["api"]);
    /// assert_eq!(s.depends_on, ["api"]);
    /// ```
    pub fn new(name: &str, depends_on: &[&str]) -> Service {
        Service {
            name: name.to_owned(),
            depends_on: depends_on.iter().map(|&d| d.to_owned()).collect(),
            health_check: None,
            delay: None,
        }
    }
}

/// When deploying is allowed (file key `window`).
///
/// ```
/// use relcore::plan::Plan;
/// let plan = Plan::from_yaml(concat!(
///     "deployment: { strategy: canary, stages: [{ name: all, percentage: 100 }] }\n",
///     "window: { timezone: Europe/Berlin, allow: [\"tue-thu 10:00-12:00\"], freeze: [\"2026-12-24/2026-12-26\"], start: \"2026-11-24T10:00\" }\n",
/// ))?;
/// let w = plan.window.unwrap();
/// assert_eq!(w.timezone.as_deref(), Some("Europe/Berlin"));
/// assert_eq!(w.allow[0].to_string(), "tue-thu 10:00-12:00");
/// assert_eq!(w.start.unwrap().to_string(), "2026-11-24 10:00:00");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Window {
    /// The IANA timezone every time of the window is in, e.g. `Europe/Berlin` (required).
    #[serde(default)]
    pub timezone: Option<String>,
    /// Weekly ranges in which the rollout may start or advance; none means any time.
    #[serde(default)]
    pub allow: Vec<AllowRange>,
    /// Date ranges on which no rollout may be in progress.
    #[serde(default)]
    pub freeze: Vec<DateRange>,
    /// When the rollout starts, local time.
    #[serde(default)]
    #[cfg_attr(
        feature = "schema",
        schemars(with = "Option<crate::plan::schema::LocalDateTime>")
    )]
    pub start: Option<NaiveDateTime>,
    /// Calendar rules besides Fridays, freezes and holidays (`avoid: [end-of-month]`).
    #[serde(default)]
    pub avoid: Vec<Avoid>,
    /// How many business days at the end of a month `avoid: [end-of-month]` covers
    /// (file key `end-of-month-days`; default 3).
    #[serde(default)]
    #[cfg_attr(feature = "schema", schemars(rename = "end-of-month-days"))]
    pub end_of_month_days: Option<u32>,
    /// A file of holidays, one ISO date a line, relative to the plan (file key
    /// `holidays-file`). The core never reads it: the CLI does, and puts the dates in the
    /// [`Context`](crate::plan::Context).
    #[serde(default)]
    #[cfg_attr(feature = "schema", schemars(rename = "holidays-file"))]
    pub holidays_file: Option<String>,
}

/// A calendar rule of `window.avoid`.
///
/// ```
/// use relcore::plan::Avoid;
/// assert_eq!("end-of-month".parse::<Avoid>(), Ok(Avoid::EndOfMonth));
/// assert_eq!(Avoid::EndOfMonth.as_str(), "end-of-month");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Avoid {
    /// The last business days of each month (Monday to Friday, holidays left out).
    EndOfMonth,
}

impl Avoid {
    /// The name in a plan file: `end-of-month`.
    pub fn as_str(self) -> &'static str {
        match self {
            Avoid::EndOfMonth => "end-of-month",
        }
    }
}

impl std::str::FromStr for Avoid {
    type Err = String;

    fn from_str(s: &str) -> Result<Avoid, String> {
        match s.trim() {
            "end-of-month" | "end_of_month" => Ok(Avoid::EndOfMonth),
            other => Err(format!("unknown calendar rule `{other}`")),
        }
    }
}

/// The number of business days `avoid: [end-of-month]` covers when the plan does not
/// say.
pub const DEFAULT_END_OF_MONTH_DAYS: u32 = 3;

impl Window {
    /// The deployment window the seeds recommend (`window: recommended`): Tuesday to
    /// Thursday, 10:00 to 12:00, never at the end of the month (nor on Fridays or
    /// holidays, which every window avoids), in `timezone`.
    ///
    /// ```
    /// use relcore::plan::Window;
    /// let w = Window::recommended("Europe/Berlin");
    /// assert_eq!(w.allow[0].to_string(), "tue-thu 10:00-12:00");
    /// assert_eq!(w.timezone.as_deref(), Some("Europe/Berlin"));
    /// ```
    pub fn recommended(timezone: &str) -> Window {
        Window {
            timezone: Some(timezone.to_owned()),
            allow: "tue-thu 10:00-12:00".parse().into_iter().collect(),
            avoid: vec![Avoid::EndOfMonth],
            ..Window::default()
        }
    }

    /// The business days at the end of a month that `avoid: [end-of-month]` covers, or 0
    /// when the window does not avoid the end of the month.
    ///
    /// ```
    /// use relcore::plan::Window;
    /// assert_eq!(Window::recommended("UTC").end_of_month_days(), 3);
    /// assert_eq!(Window::default().end_of_month_days(), 0);
    /// ```
    pub fn end_of_month_days(&self) -> u32 {
        if self.avoid.contains(&Avoid::EndOfMonth) {
            self.end_of_month_days.unwrap_or(DEFAULT_END_OF_MONTH_DAYS)
        } else {
            0
        }
    }
}

/// Where the values of a plan came from in its text.
#[derive(Clone, Debug, Default)]
pub(crate) struct SourceMap {
    /// Whether the plan came from text at all.
    pub parsed: bool,
    /// Position of the value at each document path.
    pub values: HashMap<String, Loc>,
    /// Position of the key of each document path.
    pub keys: HashMap<String, Pos>,
    /// Paths whose value the builder already reported as wrong.
    pub reported: std::collections::HashSet<String>,
}

/// Where a value is in the text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Loc {
    pub pos: Pos,
    /// For a string written on one line that maps one-to-one onto the source: the number
    /// of bytes (0 or 1, a quote) before its first character, and the string.
    pub linear: Option<(usize, String)>,
    /// For gates and triggers, the byte offset of the threshold in the string.
    pub threshold_at: Option<usize>,
}

impl PartialEq for SourceMap {
    /// Positions are not part of a plan's value.
    fn eq(&self, _: &SourceMap) -> bool {
        true
    }
}

impl SourceMap {
    /// The position of the value at `path` (or of its key, or of the nearest enclosing
    /// value), when the plan came from text.
    pub fn pos(&self, path: &str) -> Option<Pos> {
        if !self.parsed {
            return None;
        }
        let mut p = path;
        loop {
            if let Some(loc) = self.values.get(p) {
                return Some(loc.pos);
            }
            if let Some(pos) = self.keys.get(p) {
                return Some(*pos);
            }
            match parent(p) {
                Some(up) => p = up,
                None => {
                    return Some(Pos {
                        offset: 0,
                        line: 1,
                        column: 1,
                    });
                }
            }
        }
    }

    /// The position of the key of `path`, else of its value.
    pub fn key_pos(&self, path: &str) -> Option<Pos> {
        if !self.parsed {
            return None;
        }
        self.keys.get(path).copied().or_else(|| self.pos(path))
    }

    /// The position of byte `index` of the string at `path`, when the string maps onto
    /// the source; else the position of the value.
    pub fn pos_within(&self, path: &str, index: usize) -> Option<Pos> {
        let loc = self.values.get(path)?;
        let Some((lead, s)) = &loc.linear else {
            return Some(loc.pos);
        };
        let Some(prefix) = s.get(..index) else {
            return Some(loc.pos);
        };
        Some(Pos {
            offset: loc.pos.offset + lead + index,
            line: loc.pos.line,
            column: loc.pos.column + lead + prefix.chars().count(),
        })
    }

    /// Whether a value was written at `path`.
    pub fn has(&self, path: &str) -> bool {
        self.values.contains_key(path)
    }

    /// Whether the builder already reported the value at `path`.
    pub fn reported(&self, path: &str) -> bool {
        self.reported.contains(path)
    }
}

/// `a.b[2]` → `a.b`, `a.b` → `a`, `a` → none.
fn parent(path: &str) -> Option<&str> {
    let cut = path.rfind(['.', '['])?;
    path.get(..cut)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parents() {
        assert_eq!(
            parent("deployment.stages[2].percentage"),
            Some("deployment.stages[2]")
        );
        assert_eq!(parent("deployment.stages[2]"), Some("deployment.stages"));
        assert_eq!(parent("deployment"), None);
    }

    #[test]
    fn strategies_come_from_risk() {
        assert_eq!(
            "progressive".parse::<Strategy>().ok(),
            Some(Strategy::Canary)
        );
        assert_eq!(
            serde_json::to_string(&Strategy::BlueGreen).unwrap(),
            "\"blue-green\""
        );
    }

    #[test]
    fn serde_snake_case() {
        let stage = Stage {
            name: "a".into(),
            auto_advance: true,
            ..Stage::default()
        };
        let json = serde_json::to_value(&stage).unwrap();
        assert_eq!(json["auto_advance"], true);
        assert_eq!(json["rollback_enabled"], true);
        let back: Stage = serde_json::from_value(json).unwrap();
        assert_eq!(back, stage);
        let s: Stage = serde_json::from_str("{\"name\": \"x\"}").unwrap();
        assert!(s.rollback_enabled);
    }
}
