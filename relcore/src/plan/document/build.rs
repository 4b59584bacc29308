//! From the located YAML tree to the plan model, reporting every structural problem:
//! unknown and duplicate keys, values of the wrong type, unreadable durations, gates,
//! windows and dates. What can be read is kept, so that validation can go on.

use crate::plan::PlanCode;
use std::collections::HashSet;

use crate::diagnostic::{Diagnostic, Severity};

use crate::classification::{ChangeType, Risk, Strategy};
use crate::plan::document::model::{
    Avoid, Change, Deployment, Loc, Plan, Rollback, Service, SourceMap, Stage, Window,
};
use crate::plan::document::parse::{Node, Pos, Value, parse_yaml};
use crate::plan::expr::duration::Duration;
use crate::plan::expr::error::{SyntaxError, SyntaxErrorKind};
use crate::plan::expr::gate::Gate;
use crate::plan::expr::metric::{Metric, MetricKind, Registry};
use crate::plan::expr::window::{AllowRange, DateRange, parse_start};
use crate::plan::hint;
use crate::plan::validate::report::{ValidationErrors, diagnostic, sort};

const TOP_KEYS: &[&str] = &[
    "change",
    "deployment",
    "rollback",
    "services",
    "window",
    "metrics",
];
const CHANGE_KEYS: &[&str] = &["type", "risk", "migration"];
const DEPLOYMENT_KEYS: &[&str] = &["strategy", "stages"];
const STAGE_KEYS: &[&str] = &[
    "name",
    "percentage",
    "duration",
    "auto-advance",
    "metrics",
    "validation",
    "approval",
    "monitor",
    "rollback-enabled",
    "hold-timeout",
    "failure-limit",
];
const ROLLBACK_KEYS: &[&str] = &[
    "triggers",
    "grace-period",
    "automatic",
    "hold-timeout",
    "failure-limit",
];
const SERVICE_KEYS: &[&str] = &["name", "depends-on", "health-check", "delay"];
const WINDOW_KEYS: &[&str] = &[
    "timezone",
    "allow",
    "freeze",
    "start",
    "avoid",
    "end-of-month-days",
    "holidays-file",
    "recommended",
];
const METRIC_KEYS: &[&str] = &["unit", "min", "max"];

impl Plan {
    /// Reads a plan from YAML. Fails on structural problems only (bad YAML, unknown or
    /// duplicate keys, wrong types, unreadable durations, gates, windows or dates); the
    /// rules are applied by [`validate_plan`](crate::plan::validate_plan) (or
    /// [`validate`](crate::plan::validate()), which does both and reports everything at
    /// once).
    ///
    /// ```
    /// use relcore::plan::Plan;
    /// let plan = Plan::from_yaml("deployment: { strategy: canary, stages: [{ name: a, percentage: 100, duration: 1h }] }")?;
    /// assert_eq!(plan.total_duration().as_secs(), 3600);
    /// let err = Plan::from_yaml("deployment: { strategy: canary, stages: [{ name: a, duration: 90 }] }").unwrap_err();
    /// assert_eq!(err.diagnostics()[0].code, "duration_missing_unit");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn from_yaml(text: &str) -> Result<Plan, ValidationErrors> {
        let (plan, mut diagnostics) = build(text);
        sort(&mut diagnostics);
        match plan {
            Some(plan) if diagnostics.is_empty() => Ok(plan),
            _ => Err(ValidationErrors::new(diagnostics)),
        }
    }
}

/// Reads `text` into a plan, with every structural problem. `None` when the text is not
/// YAML, or not a mapping.
pub(crate) fn build(text: &str) -> (Option<Plan>, Vec<Diagnostic>) {
    let root = match parse_yaml(text) {
        Ok(root) => root,
        Err(d) => return (None, vec![*d]),
    };
    let mut b = Builder {
        text,
        diags: Vec::new(),
        src: SourceMap {
            parsed: true,
            ..SourceMap::default()
        },
    };
    if !matches!(root.value, Value::Map(_)) {
        b.wrong_type(
            &root,
            "",
            "a mapping with `deployment`, `rollback`, … at the top level",
        );
        return (None, b.diags);
    }
    let mut plan = b.plan(&root);
    plan.source = b.src;
    crate::plan::validate::report::sort(&mut b.diags);
    (Some(plan), b.diags)
}

struct Builder<'t> {
    text: &'t str,
    diags: Vec<Diagnostic>,
    src: SourceMap,
}

fn words<'a>(it: impl Iterator<Item = &'a str>) -> Vec<&'a str> {
    it.collect()
}

fn child(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_owned()
    } else {
        format!("{path}.{key}")
    }
}

fn item(path: &str, i: usize) -> String {
    format!("{path}[{i}]")
}

/// The entries of a mapping whose keys were recognised, by key.
struct Fields<'n> {
    entries: Vec<(&'static str, &'n Node)>,
}

impl<'n> Fields<'n> {
    fn get(&self, key: &str) -> Option<&'n Node> {
        self.entries
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, v)| *v)
            .filter(|v| v.value != Value::Null)
    }
}

impl Builder<'_> {
    fn push(
        &mut self,
        code: PlanCode,
        path: &str,
        pos: Pos,
        value: Option<String>,
        message: String,
        hint: Option<String>,
    ) {
        self.diags.push(diagnostic(
            code,
            Severity::Error,
            path,
            Some(pos),
            value,
            message,
            hint,
        ));
        self.src.reported.insert(path.to_owned());
    }

    /// Records where the value at `path` is.
    fn record(&mut self, path: &str, node: &Node) {
        if node.value == Value::Null {
            return;
        }
        let linear = match &node.value {
            Value::Str(s) => node.linear_lead(self.text).map(|lead| (lead, s.clone())),
            _ => None,
        };
        self.src.values.insert(
            path.to_owned(),
            Loc {
                pos: node.pos,
                linear,
                threshold_at: None,
            },
        );
    }

    fn wrong_type(&mut self, node: &Node, path: &str, expected: &str) {
        let shown = if path.is_empty() {
            "the plan".to_owned()
        } else {
            format!("`{path}`")
        };
        self.push(
            PlanCode::InvalidType,
            path,
            node.pos,
            Some(node.text(self.text)),
            format!("{shown} must be {expected}, not {}", node.value.describe()),
            Some(format!("write {expected} here")),
        );
    }

    /// The recognised entries of the mapping at `path`, reporting unknown and duplicate
    /// keys; `None` (reported) when the node is not a mapping.
    fn fields<'n>(
        &mut self,
        node: &'n Node,
        path: &str,
        known: &[&'static str],
    ) -> Option<Fields<'n>> {
        let Value::Map(entries) = &node.value else {
            self.wrong_type(node, path, "a mapping");
            return None;
        };
        let mut out = Fields {
            entries: Vec::new(),
        };
        let mut seen: HashSet<&str> = HashSet::new();
        for (k, v) in entries {
            let key_text = match &k.value {
                Value::Str(s) => s.clone(),
                _ => k.text(self.text),
            };
            let Some(&known_key) = known.iter().find(|&&kk| kk == key_text) else {
                let hint = hint::hint(&key_text, known.iter().copied());
                let where_ = if path.is_empty() {
                    "at the top level".to_owned()
                } else {
                    format!("in `{path}`")
                };
                self.push(
                    PlanCode::UnknownKey,
                    &child(path, &key_text),
                    k.pos,
                    Some(key_text.clone()),
                    format!(
                        "unknown key `{}` {where_}",
                        crate::plan::expr::error::quote(&key_text)
                    ),
                    Some(hint),
                );
                continue;
            };
            let p = child(path, known_key);
            if !seen.insert(known_key) {
                self.push(
                    PlanCode::DuplicateKey,
                    &p,
                    k.pos,
                    Some(key_text.clone()),
                    format!("`{p}` is given twice; the second one is ignored"),
                    Some("remove one of them".to_owned()),
                );
                continue;
            }
            self.src.keys.insert(p.clone(), k.pos);
            self.record(&p, v);
            out.entries.push((known_key, v));
        }
        Some(out)
    }

    fn string(&mut self, node: &Node, path: &str) -> Option<String> {
        match &node.value {
            Value::Str(s) => Some(s.clone()),
            Value::Int(_) | Value::Float(_) => Some(node.text(self.text)),
            Value::Null => None,
            _ => {
                self.wrong_type(node, path, "a string");
                None
            }
        }
    }

    fn boolean(&mut self, node: &Node, path: &str) -> Option<bool> {
        match &node.value {
            Value::Bool(b) => Some(*b),
            Value::Null => None,
            _ => {
                let text = node.text(self.text);
                self.push(
                    PlanCode::InvalidType,
                    path,
                    node.pos,
                    Some(text.clone()),
                    format!(
                        "`{path}` must be `true` or `false`, not {} `{}`",
                        node.value.describe(),
                        crate::plan::expr::error::quote(&text)
                    ),
                    Some("write `true` or `false`".to_owned()),
                );
                None
            }
        }
    }

    /// A whole number of at least 1 (a failure limit, a number of days).
    fn count(&mut self, node: &Node, path: &str) -> Option<u32> {
        match &node.value {
            Value::Int(i) if *i >= 1 => u32::try_from(*i).ok().or_else(|| {
                self.push(
                    PlanCode::InvalidValue,
                    path,
                    node.pos,
                    Some(i.to_string()),
                    format!("`{path}` is {i}, too large"),
                    Some("use a smaller number".to_owned()),
                );
                None
            }),
            Value::Int(i) => {
                self.push(
                    PlanCode::InvalidValue,
                    path,
                    node.pos,
                    Some(i.to_string()),
                    format!("`{path}` must be at least 1, not {i}"),
                    Some("use a whole number of at least 1, or leave the key out".to_owned()),
                );
                None
            }
            Value::Null => None,
            _ => {
                self.wrong_type(node, path, "a whole number such as `3`");
                None
            }
        }
    }

    #[allow(clippy::cast_precision_loss)] // weights and bounds are small numbers
    fn number(&mut self, node: &Node, path: &str, percent_ok: bool) -> Option<f64> {
        match &node.value {
            Value::Int(i) => Some(*i as f64),
            Value::Float(f) if f.is_finite() => Some(*f),
            Value::Str(s) if percent_ok => {
                let n = s
                    .trim()
                    .strip_suffix('%')
                    .map(str::trim_end)
                    .and_then(|n| n.parse::<f64>().ok());
                let n = n.filter(|n| n.is_finite());
                if n.is_none() {
                    self.push(
                        PlanCode::InvalidType,
                        path,
                        node.pos,
                        Some(s.clone()),
                        format!(
                            "`{path}` must be a number, not `{}`",
                            crate::plan::expr::error::quote(s)
                        ),
                        Some("write a percentage such as `25`".to_owned()),
                    );
                }
                n
            }
            Value::Null => None,
            _ => {
                self.wrong_type(node, path, "a number");
                None
            }
        }
    }

    /// A list, or a single value taken as a list of one.
    fn list<'n>(&mut self, node: &'n Node, path: &str) -> Vec<(String, &'n Node)> {
        match &node.value {
            Value::Seq(items) => items
                .iter()
                .enumerate()
                .map(|(i, n)| {
                    let p = item(path, i);
                    self.record(&p, n);
                    (p, n)
                })
                .collect(),
            Value::Null => Vec::new(),
            Value::Map(_) => {
                self.wrong_type(node, path, "a list");
                Vec::new()
            }
            _ => vec![(path.to_owned(), node)],
        }
    }

    fn string_list(&mut self, node: &Node, path: &str) -> Vec<(String, String)> {
        let mut out = Vec::new();
        for (p, n) in self.list(node, path) {
            if let Some(s) = self.string(n, &p) {
                out.push((p, s));
            }
        }
        out
    }

    /// Reports a syntax error in the string at `path`, pointing into the string.
    fn syntax(
        &mut self,
        code: PlanCode,
        path: &str,
        node: &Node,
        base: usize,
        err: &SyntaxError,
        hint: &str,
    ) {
        let pos = node.pos_within(self.text, base + err.offset());
        self.push(
            code,
            path,
            pos,
            Some(node.text(self.text)),
            err.detail().to_owned(),
            Some(hint.to_owned()),
        );
    }

    fn duration(&mut self, node: &Node, path: &str) -> Option<Duration> {
        match &node.value {
            Value::Str(s) => match s.parse::<Duration>() {
                Ok(d) => Some(d),
                Err(e) => {
                    let (code, hint) = if e.kind() == SyntaxErrorKind::MissingUnit {
                        (
                            PlanCode::DurationMissingUnit,
                            format!(
                                "durations need a unit: `{}s`, `{}m` or `{}h`",
                                s.trim(),
                                s.trim(),
                                s.trim()
                            ),
                        )
                    } else {
                        (
                            PlanCode::InvalidDuration,
                            "write a duration such as `90s`, `5m`, `1h` or `1h30m`".to_owned(),
                        )
                    };
                    self.syntax(code, path, node, 0, &e, &hint);
                    None
                }
            },
            Value::Int(_) | Value::Float(_) => {
                let text = node.text(self.text);
                self.push(
                    PlanCode::DurationMissingUnit,
                    path,
                    node.pos,
                    Some(text.clone()),
                    format!("the duration `{text}` has no unit"),
                    Some(format!(
                        "durations need a unit: `{text}s`, `{text}m` or `{text}h`"
                    )),
                );
                None
            }
            Value::Null => None,
            _ => {
                self.wrong_type(node, path, "a duration such as `5m`");
                None
            }
        }
    }

    fn keyword<T: std::str::FromStr>(
        &mut self,
        node: &Node,
        path: &str,
        code: PlanCode,
        words: &[&str],
        what: &str,
    ) -> Option<T> {
        let s = self.string(node, path)?;
        if let Ok(v) = s.parse::<T>() {
            return Some(v);
        }
        let hint = hint::hint(&s, words.iter().copied());
        self.push(
            code,
            path,
            node.pos,
            Some(s.clone()),
            format!("unknown {what} `{}`", crate::plan::expr::error::quote(&s)),
            Some(hint),
        );
        None
    }

    fn plan(&mut self, root: &Node) -> Plan {
        let mut plan = Plan::default();
        let Some(f) = self.fields(root, "", TOP_KEYS) else {
            return plan;
        };
        // Custom metrics first: the model keeps them whatever their position.
        if let Some(n) = f.get("metrics") {
            plan.metrics = self.metrics(n, "metrics");
        }
        if let Some(n) = f.get("change") {
            plan.change = self.change(n, "change");
        }
        if let Some(n) = f.get("deployment") {
            plan.deployment = self.deployment(n, "deployment");
        }
        if let Some(n) = f.get("rollback") {
            plan.rollback = self.rollback(n, "rollback");
        }
        if let Some(n) = f.get("services") {
            plan.services = self.services(n, "services");
        }
        if let Some(n) = f.get("window") {
            plan.window = self.window(n, "window");
        }
        plan
    }

    fn change(&mut self, node: &Node, path: &str) -> Option<Change> {
        let f = self.fields(node, path, CHANGE_KEYS)?;
        let mut change = Change::default();
        if let Some(n) = f.get("type") {
            change.kind = self.keyword::<ChangeType>(
                n,
                &child(path, "type"),
                PlanCode::InvalidValue,
                &words(ChangeType::ALL.iter().map(|v| v.as_str())),
                "change type",
            );
        }
        if let Some(n) = f.get("risk") {
            change.risk = self.keyword::<Risk>(
                n,
                &child(path, "risk"),
                PlanCode::InvalidValue,
                &words(Risk::ALL.iter().map(|v| v.as_str())),
                "risk",
            );
        }
        if let Some(n) = f.get("migration") {
            change.migration = self.boolean(n, &child(path, "migration")).unwrap_or(false);
        }
        Some(change)
    }

    fn deployment(&mut self, node: &Node, path: &str) -> Deployment {
        let mut d = Deployment::default();
        let Some(f) = self.fields(node, path, DEPLOYMENT_KEYS) else {
            return d;
        };
        if let Some(n) = f.get("strategy") {
            let p = child(path, "strategy");
            if let Value::Seq(items) = &n.value {
                let names: Vec<String> = items.iter().map(|i| i.text(self.text)).collect();
                self.push(
                    PlanCode::MultipleStrategies,
                    &p,
                    n.pos,
                    Some(names.join(", ")),
                    format!("a plan has one strategy, this one lists {}", items.len()),
                    Some("keep one of `canary`, `blue-green`, `rolling`, `recreate`".to_owned()),
                );
            } else {
                d.strategy = self.keyword::<Strategy>(
                    n,
                    &p,
                    PlanCode::UnknownStrategy,
                    &words(
                        Strategy::ALL
                            .iter()
                            .map(|v| v.as_str())
                            .chain(["progressive"]),
                    ),
                    "strategy",
                );
            }
        }
        if let Some(n) = f.get("stages") {
            let p = child(path, "stages");
            if let Value::Seq(items) = &n.value {
                for (i, s) in items.iter().enumerate() {
                    let sp = item(&p, i);
                    self.record(&sp, s);
                    if let Some(stage) = self.stage(s, &sp) {
                        d.stages.push(stage);
                    }
                }
            } else {
                self.wrong_type(n, &p, "a list of stages");
            }
        }
        d
    }

    fn stage(&mut self, node: &Node, path: &str) -> Option<Stage> {
        let f = self.fields(node, path, STAGE_KEYS)?;
        let mut s = Stage::default();
        if let Some(n) = f.get("name") {
            s.name = self.string(n, &child(path, "name")).unwrap_or_default();
        }
        if let Some(n) = f.get("percentage") {
            s.percentage = self.number(n, &child(path, "percentage"), true);
        }
        if let Some(n) = f.get("duration") {
            s.duration = self.duration(n, &child(path, "duration"));
        }
        if let Some(n) = f.get("auto-advance") {
            s.auto_advance = self
                .boolean(n, &child(path, "auto-advance"))
                .unwrap_or(false);
        }
        if let Some(n) = f.get("metrics") {
            s.metrics = self.gates(n, &child(path, "metrics"));
        }
        if let Some(n) = f.get("validation") {
            s.validation = self.string(n, &child(path, "validation"));
        }
        if let Some(n) = f.get("approval") {
            s.approval = self.string(n, &child(path, "approval"));
        }
        if let Some(n) = f.get("monitor") {
            s.monitor = self.boolean(n, &child(path, "monitor")).unwrap_or(false);
        }
        if let Some(n) = f.get("rollback-enabled") {
            s.rollback_enabled = self
                .boolean(n, &child(path, "rollback-enabled"))
                .unwrap_or(true);
        }
        if let Some(n) = f.get("hold-timeout") {
            s.hold_timeout = self.duration(n, &child(path, "hold-timeout"));
        }
        if let Some(n) = f.get("failure-limit") {
            s.failure_limit = self.count(n, &child(path, "failure-limit"));
        }
        Some(s)
    }

    fn gates(&mut self, node: &Node, path: &str) -> Vec<Gate> {
        let mut out = Vec::new();
        for (p, n) in self.list(node, path) {
            let Value::Str(text) = &n.value else {
                self.wrong_type(
                    n,
                    &p,
                    "a gate written as a string, such as \"error-rate < 1%\"",
                );
                continue;
            };
            match Gate::parse_located(text) {
                Ok((gate, at)) => {
                    self.record(&p, n);
                    if let Some(loc) = self.src.values.get_mut(&p) {
                        loc.threshold_at = Some(at);
                    }
                    out.push(gate);
                }
                Err(e) => self.syntax(
                    PlanCode::InvalidGate,
                    &p,
                    n,
                    0,
                    &e,
                    "write `<metric> <op> <threshold>`, as in `error-rate < 0.5%` or `latency-p99 < 2x baseline`",
                ),
            }
        }
        out
    }

    fn rollback(&mut self, node: &Node, path: &str) -> Option<Rollback> {
        if node.value == Value::Map(Vec::new()) {
            return None;
        }
        let f = self.fields(node, path, ROLLBACK_KEYS)?;
        let mut r = Rollback::default();
        if let Some(n) = f.get("triggers") {
            r.triggers = self.triggers(n, &child(path, "triggers"));
        }
        if let Some(n) = f.get("grace-period") {
            r.grace_period = self.duration(n, &child(path, "grace-period"));
        }
        if let Some(n) = f.get("automatic") {
            r.automatic = self.boolean(n, &child(path, "automatic")).unwrap_or(true);
        }
        if let Some(n) = f.get("hold-timeout") {
            r.hold_timeout = self.duration(n, &child(path, "hold-timeout"));
        }
        if let Some(n) = f.get("failure-limit") {
            r.failure_limit = self.count(n, &child(path, "failure-limit"));
        }
        Some(r)
    }

    fn triggers(&mut self, node: &Node, path: &str) -> Vec<Gate> {
        match &node.value {
            Value::Seq(_) => self.gates(node, path),
            Value::Map(entries) => {
                let mut out = Vec::new();
                let mut seen = HashSet::new();
                for (k, v) in entries {
                    let metric = match &k.value {
                        Value::Str(s) => s.clone(),
                        _ => k.text(self.text),
                    };
                    let p = child(path, &metric);
                    if !seen.insert(metric.clone()) {
                        self.push(
                            PlanCode::DuplicateKey,
                            &p,
                            k.pos,
                            Some(metric.clone()),
                            format!("`{p}` is given twice; the second one is ignored"),
                            Some("combine the conditions into one trigger".to_owned()),
                        );
                        continue;
                    }
                    self.src.keys.insert(p.clone(), k.pos);
                    let Value::Str(cond) = &v.value else {
                        let text = v.text(self.text);
                        self.push(
                            PlanCode::InvalidGate,
                            &p,
                            v.pos,
                            Some(text.clone()),
                            format!("the trigger on `{metric}` must be a condition such as `> 5%`, not {} `{}`", v.value.describe(), crate::plan::expr::error::quote(&text)),
                            Some(format!("write a comparison and a threshold, as in `{metric}: \"> {text}\"`")),
                        );
                        continue;
                    };
                    if let Some(e) = crate::plan::expr::gate::metric_name_error(&metric) {
                        self.syntax(
                            PlanCode::InvalidGate,
                            &p,
                            k,
                            0,
                            &e,
                            "name the metric with letters, digits, `-`, `_`, `.`, `:` or `/`, as in `error-rate`",
                        );
                        continue;
                    }
                    match Gate::parse_condition(&metric, cond) {
                        Ok(gate) => {
                            self.record(&p, v);
                            if let Some(loc) = self.src.values.get_mut(&p) {
                                loc.threshold_at = Some(Gate::condition_threshold_offset(cond));
                            }
                            out.push(gate);
                        }
                        Err(e) => self.syntax(
                            PlanCode::InvalidGate,
                            &p,
                            v,
                            0,
                            &e,
                            "write a comparison and a threshold, as in `\"> 5%\"` or `\"> 2x baseline\"`",
                        ),
                    }
                }
                out
            }
            Value::Null => Vec::new(),
            _ => {
                self.wrong_type(
                    node,
                    path,
                    "a mapping of metric to condition, such as `{ error-rate: \"> 5%\" }`",
                );
                Vec::new()
            }
        }
    }

    fn services(&mut self, node: &Node, path: &str) -> Vec<Service> {
        let Value::Seq(items) = &node.value else {
            self.wrong_type(node, path, "a list of services");
            return Vec::new();
        };
        let mut out = Vec::new();
        for (i, n) in items.iter().enumerate() {
            let p = item(path, i);
            self.record(&p, n);
            let Some(f) = self.fields(n, &p, SERVICE_KEYS) else {
                continue;
            };
            let mut s = Service::default();
            if let Some(v) = f.get("name") {
                s.name = self.string(v, &child(&p, "name")).unwrap_or_default();
            }
            if let Some(v) = f.get("depends-on") {
                s.depends_on = self
                    .string_list(v, &child(&p, "depends-on"))
                    .into_iter()
                    .map(|(_, d)| d)
                    .collect();
            }
            if let Some(v) = f.get("health-check") {
                s.health_check = self.string(v, &child(&p, "health-check"));
            }
            if let Some(v) = f.get("delay") {
                s.delay = self.duration(v, &child(&p, "delay"));
            }
            out.push(s);
        }
        out
    }

    fn window(&mut self, node: &Node, path: &str) -> Option<Window> {
        if let Value::Str(s) = &node.value {
            if s.trim() == "recommended" {
                return Some(Window::recommended("UTC"));
            }
            let hint = hint::hint(s, ["recommended"]);
            self.push(
                PlanCode::InvalidValue,
                path,
                node.pos,
                Some(s.clone()),
                format!(
                    "unknown window `{}`: a window is a mapping, or `recommended`",
                    crate::plan::expr::error::quote(s)
                ),
                Some(hint),
            );
            return None;
        }
        let f = self.fields(node, path, WINDOW_KEYS)?;
        let mut w = Window::default();
        let recommended = f
            .get("recommended")
            .is_some_and(|n| self.boolean(n, &child(path, "recommended")) == Some(true));
        if recommended {
            w = Window::recommended("UTC");
            w.timezone = None;
        }
        if let Some(n) = f.get("timezone") {
            w.timezone = self.string(n, &child(path, "timezone"));
        }
        if let Some(n) = f.get("allow") {
            w.allow.clear();
            for (p, s) in self.string_list(n, &child(path, "allow")) {
                match s.parse::<AllowRange>() {
                    Ok(r) => w.allow.push(r),
                    Err(e) => {
                        let node = Self::node_at(n, &p);
                        self.syntax(
                            PlanCode::InvalidWindow,
                            &p,
                            &node,
                            0,
                            &e,
                            "write days and a time range, as in `tue-thu 10:00-12:00` or `mon-fri 09:00-17:00`",
                        );
                    }
                }
            }
        }
        if let Some(n) = f.get("freeze") {
            for (p, s) in self.string_list(n, &child(path, "freeze")) {
                match s.parse::<DateRange>() {
                    Ok(r) => w.freeze.push(r),
                    Err(e) => {
                        let node = Self::node_at(n, &p);
                        self.syntax(
                            PlanCode::InvalidFreeze,
                            &p,
                            &node,
                            0,
                            &e,
                            "write a date or an inclusive range, as in `2026-12-24/2026-12-26`",
                        );
                    }
                }
            }
        }
        if let Some(n) = f.get("start") {
            let p = child(path, "start");
            if let Some(s) = self.string(n, &p) {
                match parse_start(&s) {
                    Ok(t) => w.start = Some(t),
                    Err(e) => self.syntax(
                        PlanCode::InvalidStart,
                        &p,
                        n,
                        0,
                        &e,
                        "write a local date and time, as in `2026-11-24T10:00`",
                    ),
                }
            }
        }
        self.window_rules(&f, path, &mut w);
        if recommended && w.timezone.is_none() {
            // As `window: recommended`: UTC unless the window says otherwise.
            w.timezone = Some("UTC".to_owned());
        }
        Some(w)
    }

    /// `avoid`, `end-of-month-days` and `holidays-file`.
    fn window_rules(&mut self, f: &Fields<'_>, path: &str, w: &mut Window) {
        if let Some(n) = f.get("avoid") {
            w.avoid.clear();
            for (p, s) in self.string_list(n, &child(path, "avoid")) {
                match s.parse::<Avoid>() {
                    Ok(a) if !w.avoid.contains(&a) => w.avoid.push(a),
                    Ok(_) => {}
                    Err(msg) => {
                        let node = Self::node_at(n, &p);
                        let hint = hint::hint(&s, ["end-of-month"]);
                        self.push(
                            PlanCode::InvalidValue,
                            &p,
                            node.pos,
                            Some(s.clone()),
                            msg,
                            Some(hint),
                        );
                    }
                }
            }
        }
        if let Some(n) = f.get("end-of-month-days") {
            w.end_of_month_days = self.count(n, &child(path, "end-of-month-days"));
        }
        if let Some(n) = f.get("holidays-file") {
            w.holidays_file = self.string(n, &child(path, "holidays-file"));
        }
    }

    /// The item of list `node` at `path` (`…[i]`), or `node` itself for a single value.
    fn node_at(node: &Node, path: &str) -> Node {
        if let Value::Seq(items) = &node.value
            && let Some(i) = path
                .rsplit_once('[')
                .and_then(|(_, rest)| rest.strip_suffix(']'))
                .and_then(|i| i.parse::<usize>().ok())
            && let Some(n) = items.get(i)
        {
            return n.clone();
        }
        node.clone()
    }

    fn metrics(&mut self, node: &Node, path: &str) -> Vec<Metric> {
        let Value::Map(entries) = &node.value else {
            self.wrong_type(
                node,
                path,
                "a mapping of metric name to unit, such as `{ queue-depth: count }`",
            );
            return Vec::new();
        };
        let mut out: Vec<Metric> = Vec::new();
        let mut seen: HashSet<String> = HashSet::new();
        for (k, v) in entries {
            let name = match &k.value {
                Value::Str(s) => s.clone(),
                _ => k.text(self.text),
            };
            let p = child(path, &name);
            if !seen.insert(name.clone()) {
                self.push(
                    PlanCode::DuplicateKey,
                    &p,
                    k.pos,
                    Some(name.clone()),
                    format!("the metric `{name}` is declared twice; the second one is ignored"),
                    Some("remove one of them".to_owned()),
                );
                continue;
            }
            self.src.keys.insert(p.clone(), k.pos);
            self.record(&p, v);
            if Registry::is_builtin(&name) {
                self.push(
                    PlanCode::MetricRedeclared,
                    &p,
                    k.pos,
                    Some(name.clone()),
                    format!("`{name}` is a built-in metric and cannot be declared again"),
                    Some(
                        "remove the declaration, or give the custom metric another name".to_owned(),
                    ),
                );
                continue;
            }
            if let Some(metric) = self.metric(&name, v, &p) {
                out.push(metric);
            }
        }
        out
    }

    /// One custom metric declaration: a unit, or `{ unit, min, max }`.
    fn metric(&mut self, name: &str, v: &Node, p: &str) -> Option<Metric> {
        let (unit_node, unit_path, min, max) = match &v.value {
            Value::Map(_) => {
                let f = self.fields(v, p, METRIC_KEYS)?;
                let min = f
                    .get("min")
                    .and_then(|n| self.number(n, &child(p, "min"), false));
                let max = f
                    .get("max")
                    .and_then(|n| self.number(n, &child(p, "max"), false));
                let Some(u) = f.get("unit") else {
                    self.push(
                        PlanCode::MissingKey,
                        &child(p, "unit"),
                        v.pos,
                        None,
                        format!("the metric `{name}` has no `unit`"),
                        Some("add `unit: \"%\"`, `unit: ms` or `unit: count`".to_owned()),
                    );
                    return None;
                };
                (u, child(p, "unit"), min, max)
            }
            _ => (v, p.to_owned(), None, None),
        };
        let unit = self.string(unit_node, &unit_path)?;
        let kind = match unit.parse::<MetricKind>() {
            Ok(k) => k,
            Err(msg) => {
                self.push(
                    PlanCode::InvalidValue,
                    &unit_path,
                    unit_node.pos,
                    Some(unit.clone()),
                    msg,
                    Some("declare the unit as `\"%\"`, `ms`, `s` or `count`".to_owned()),
                );
                return None;
            }
        };
        let mut metric = Metric::new(name, kind);
        if let Some(min) = min {
            metric.min = min;
        }
        if max.is_some() {
            metric.max = max;
        }
        if let Some(max) = metric.max
            && max <= metric.min
        {
            self.push(
                PlanCode::InvalidValue,
                p,
                v.pos,
                Some(format!("{}..{max}", metric.min)),
                format!(
                    "the metric `{name}` has `max` {max}, not above its `min` {}",
                    metric.min
                ),
                Some("make `max` larger than `min`".to_owned()),
            );
            return None;
        }
        Some(metric)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(text: &str) -> Vec<String> {
        build(text).1.into_iter().map(|d| d.code).collect()
    }

    #[test]
    fn reads_the_whole_model() {
        let text = "\
metrics: { queue-depth: count, render: { unit: ms, min: 1, max: 5000 } }
change: { type: hotfix, risk: low, migration: true }
deployment:
  strategy: progressive
  stages:
    - name: one
      percentage: \"5%\"
      duration: 1h30m
      auto-advance: true
      monitor: true
      validation: smoke
      metrics: error-rate < 1%
    - { name: two, percentage: 100, rollback-enabled: false, approval: ops }
rollback:
  triggers: [\"error-rate > 2%\", \"queue-depth > 10\"]
  grace-period: 2m
  automatic: false
services:
  - { name: api, depends-on: db, health-check: /h }
  - { name: db, health-check: /h }
window: { timezone: UTC, allow: \"daily 00:00-24:00\", freeze: 2026-12-25, start: \"2026-11-24 10:00\" }
";
        let (plan, diags) = build(text);
        assert!(diags.is_empty(), "{diags:#?}");
        let plan = plan.unwrap();
        assert_eq!(plan.metrics.len(), 2);
        assert_eq!(plan.metrics[1].max, Some(5000.0));
        let change = plan.change.as_ref().unwrap();
        assert!(change.is_hotfix() && change.is_migration());
        let one = &plan.deployment.stages[0];
        assert_eq!(one.percentage, Some(5.0));
        assert_eq!(one.duration.unwrap().as_secs(), 5400);
        assert!(one.auto_advance && one.monitor);
        assert_eq!(one.metrics.len(), 1);
        assert!(!plan.deployment.stages[1].rollback_enabled);
        let rollback = plan.rollback.as_ref().unwrap();
        assert_eq!(rollback.triggers.len(), 2);
        assert!(!rollback.automatic);
        assert_eq!(plan.services[0].depends_on, ["db"]);
        let w = plan.window.as_ref().unwrap();
        assert_eq!((w.allow.len(), w.freeze.len()), (1, 1));
        assert!(w.start.is_some());
        // Positions: the stage gate written plainly on its own line.
        let pos = plan
            .source
            .pos_within("deployment.stages[0].metrics", 0)
            .unwrap();
        assert_eq!((pos.line, pos.column), (12, 16));
        assert_eq!(
            plan.source.key_pos("rollback.grace-period").map(|p| p.line),
            Some(16)
        );
    }

    #[test]
    fn structural_problems_are_all_reported() {
        assert_eq!(
            codes(
                "deployment: { strategy: canary, stages: [{ name: a, percentage: x, monitor: 1, nme: b }] }\nextra: 1\n"
            ),
            ["invalid_type", "invalid_type", "unknown_key", "unknown_key"]
        );
        assert_eq!(
            codes("deployment: { stages: 5 }\nrollback: { triggers: 5, grace-period: [1] }\n"),
            ["invalid_type", "invalid_type", "invalid_type"]
        );
        assert_eq!(
            codes("rollback: { triggers: { error-rate: 5, error-rate: \"> 1%\" } }\n"),
            ["invalid_gate", "duplicate_key"]
        );
        assert_eq!(
            codes(
                "metrics: { a: kg, b: { min: 1 }, c: { unit: count, min: 5, max: 1 }, a: count }\n"
            ),
            [
                "invalid_value",
                "missing_key",
                "invalid_value",
                "duplicate_key"
            ]
        );
        assert_eq!(codes("services: { api: {} }\n"), ["invalid_type"]);
        assert_eq!(codes("window: { allow: { a: 1 } }\n"), ["invalid_type"]);
        assert_eq!(codes("1: x\n"), ["unknown_key"]);
    }

    #[test]
    fn not_a_mapping_stops_early() {
        let (plan, diags) = build("[1, 2]");
        assert!(plan.is_none());
        assert_eq!(diags[0].code, "invalid_type");
        assert_eq!(
            diags[0].message,
            "the plan must be a mapping with `deployment`, `rollback`, … at the top level, not a list"
        );
    }

    #[test]
    fn reported_paths_are_remembered() {
        let (plan, _) =
            build("deployment: { strategy: 5, stages: [{ name: [a], percentage: 100 }] }\n");
        let plan = plan.unwrap();
        assert!(plan.source.reported("deployment.stages[0].name"));
        assert!(plan.source.has("deployment.stages[0].percentage"));
        assert!(!plan.source.has("rollback"));
    }
}
