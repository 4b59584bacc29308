//! A plan written back as YAML, in the seed format: [`Plan::to_yaml`].
//!
//! The writer is the inverse of [`Plan::from_yaml`]: every plan that `from_yaml` accepts
//! reads back from its YAML as an equal plan. Keys are kebab-case, stages, services and
//! the window are flow mappings on one line each, defaults are left out, and every
//! string that YAML could read as something else is written in double quotes.

use std::fmt::Write as _;

use chrono::Timelike;

use crate::plan::document::model::{Change, Plan, Rollback, Service, Stage, Window};
use crate::plan::expr::gate::Gate;
use crate::plan::expr::metric::{Metric, MetricKind};

impl Plan {
    /// The plan as YAML, in the format [`Plan::from_yaml`] reads (the seed format of the
    /// design, as in `docs/rollout-plans.md`).
    ///
    /// - Keys are kebab-case (`auto-advance`, `grace-period`, `depends-on`).
    /// - Stages and services are one flow mapping per line; the change and the window
    ///   are one flow mapping each.
    /// - Gates are quoted strings; rollback triggers are a mapping from metric to
    ///   condition (`{ error-rate: "> 5%" }`), or a list of gates when two triggers test
    ///   the same metric.
    /// - Durations are written as [`Duration`](crate::plan::Duration) displays them (`1h30m`).
    /// - Defaults are left out: `auto-advance: false`, `rollback-enabled: true`,
    ///   `automatic: true`, empty lists, absent values. An empty `change` or `window` is
    ///   written `{}`, because its presence is part of the plan, and `deployment` is
    ///   always written.
    /// - A string is written plainly only when it is a safe word (letters, digits, `-`,
    ///   `_`, `.`, `/`, `+`, starting with a letter or `/`, and not a word such as `yes`,
    ///   `null` or `true`); anything else is double-quoted, with escapes.
    ///
    /// For every plan `p` that [`Plan::from_yaml`] accepts,
    /// `Plan::from_yaml(&p.to_yaml()) == Ok(p)`.
    ///
    /// ```
    /// use relcore::plan::Plan;
    /// let text = "\
    /// deployment:
    ///   strategy: progressive
    ///   stages:
    ///     - { name: canary, percentage: 5, duration: 60m, auto-advance: true, metrics: \"error-rate<1%\" }
    ///     - { name: \"full: all\", percentage: \"100%\", approval: qa-team }
    /// rollback: { triggers: [\"error-rate > 5%\"], grace-period: 300s }
    /// ";
    /// let plan = Plan::from_yaml(text)?;
    /// let yaml = plan.to_yaml();
    /// assert_eq!(yaml, "\
    /// deployment:
    ///   strategy: canary
    ///   stages:
    ///     - { name: canary, percentage: 5, duration: 1h, auto-advance: true, metrics: [\"error-rate < 1%\"] }
    ///     - { name: \"full: all\", percentage: 100, approval: qa-team }
    /// rollback:
    ///   triggers: { error-rate: \"> 5%\" }
    ///   grace-period: 5m
    /// ");
    /// assert_eq!(Plan::from_yaml(&yaml)?, plan);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn to_yaml(&self) -> String {
        let mut out = String::new();
        if let Some(change) = &self.change {
            out.push_str("change: ");
            out.push_str(&change_yaml(change));
            out.push('\n');
        }
        deployment_yaml(self, &mut out);
        if let Some(rollback) = &self.rollback {
            rollback_yaml(rollback, &mut out);
        }
        if !self.services.is_empty() {
            out.push_str("services:\n");
            for service in &self.services {
                out.push_str("  - ");
                out.push_str(&service_yaml(service));
                out.push('\n');
            }
        }
        if let Some(window) = &self.window {
            out.push_str("window: ");
            out.push_str(&window_yaml(window));
            out.push('\n');
        }
        if !self.metrics.is_empty() {
            out.push_str("metrics:\n");
            for metric in &self.metrics {
                out.push_str("  ");
                out.push_str(&scalar(&metric.name));
                out.push_str(": ");
                out.push_str(&metric_yaml(metric));
                out.push('\n');
            }
        }
        out
    }
}

fn change_yaml(change: &Change) -> String {
    let mut fields = Vec::new();
    if let Some(kind) = change.kind {
        fields.push(("type", kind.as_str().to_owned()));
    }
    if let Some(risk) = change.risk {
        fields.push(("risk", risk.as_str().to_owned()));
    }
    if change.migration {
        fields.push(("migration", "true".to_owned()));
    }
    flow_map(&fields)
}

fn deployment_yaml(plan: &Plan, out: &mut String) {
    let d = &plan.deployment;
    if d.strategy.is_none() && d.stages.is_empty() {
        // Always written: a plan's text is never empty, and `deployment` is the section
        // every plan needs.
        out.push_str("deployment: {}\n");
        return;
    }
    out.push_str("deployment:\n");
    if let Some(strategy) = d.strategy {
        out.push_str("  strategy: ");
        out.push_str(strategy.as_str());
        out.push('\n');
    }
    if !d.stages.is_empty() {
        out.push_str("  stages:\n");
        for stage in &d.stages {
            out.push_str("    - ");
            out.push_str(&stage_yaml(stage));
            out.push('\n');
        }
    }
}

fn stage_yaml(stage: &Stage) -> String {
    let mut fields = Vec::new();
    if !stage.name.is_empty() {
        fields.push(("name", scalar(&stage.name)));
    }
    if let Some(p) = stage.percentage {
        fields.push(("percentage", number(p)));
    }
    if let Some(d) = stage.duration {
        // `1h30m`: digits and unit letters, never a YAML number or keyword.
        fields.push(("duration", d.to_string()));
    }
    if stage.auto_advance {
        fields.push(("auto-advance", "true".to_owned()));
    }
    if !stage.metrics.is_empty() {
        let gates: Vec<String> = stage
            .metrics
            .iter()
            .map(|g| quoted(&g.to_string()))
            .collect();
        fields.push(("metrics", flow_seq(&gates)));
    }
    if let Some(v) = &stage.validation {
        fields.push(("validation", scalar(v)));
    }
    if let Some(a) = &stage.approval {
        fields.push(("approval", scalar(a)));
    }
    if stage.monitor {
        fields.push(("monitor", "true".to_owned()));
    }
    if !stage.rollback_enabled {
        fields.push(("rollback-enabled", "false".to_owned()));
    }
    if let Some(d) = stage.hold_timeout {
        fields.push(("hold-timeout", d.to_string()));
    }
    if let Some(n) = stage.failure_limit {
        fields.push(("failure-limit", n.to_string()));
    }
    flow_map(&fields)
}

fn rollback_yaml(rollback: &Rollback, out: &mut String) {
    out.push_str("rollback:\n");
    let mut written = false;
    if !rollback.triggers.is_empty() {
        out.push_str("  triggers: ");
        out.push_str(&triggers_yaml(&rollback.triggers));
        out.push('\n');
        written = true;
    }
    if let Some(g) = rollback.grace_period {
        out.push_str("  grace-period: ");
        out.push_str(&g.to_string());
        out.push('\n');
        written = true;
    }
    if let Some(d) = rollback.hold_timeout {
        out.push_str("  hold-timeout: ");
        out.push_str(&d.to_string());
        out.push('\n');
        written = true;
    }
    if let Some(n) = rollback.failure_limit {
        out.push_str("  failure-limit: ");
        out.push_str(&n.to_string());
        out.push('\n');
        written = true;
    }
    // `automatic: true` is the default, but an empty `rollback: {}` reads as no rollback
    // section at all: say it, so that the section stays.
    if !rollback.automatic || !written {
        out.push_str("  automatic: ");
        out.push_str(if rollback.automatic { "true" } else { "false" });
        out.push('\n');
    }
}

/// `{ error-rate: "> 5%" }`, or `["error-rate > 5%", "error-rate > 2%"]` when a metric
/// has two triggers (a mapping cannot hold the same key twice).
fn triggers_yaml(triggers: &[Gate]) -> String {
    let unique = triggers
        .iter()
        .enumerate()
        .all(|(i, t)| triggers.iter().take(i).all(|u| u.metric != t.metric));
    if unique {
        let fields: Vec<String> = triggers
            .iter()
            .map(|t| {
                format!(
                    "{}: {}",
                    scalar(&t.metric),
                    quoted(&format!("{} {}", t.op, t.threshold))
                )
            })
            .collect();
        format!("{{ {} }}", fields.join(", "))
    } else {
        let gates: Vec<String> = triggers.iter().map(|g| quoted(&g.to_string())).collect();
        flow_seq(&gates)
    }
}

fn service_yaml(service: &Service) -> String {
    let mut fields = Vec::new();
    if !service.name.is_empty() {
        fields.push(("name", scalar(&service.name)));
    }
    if !service.depends_on.is_empty() {
        let deps: Vec<String> = service.depends_on.iter().map(|d| scalar(d)).collect();
        fields.push(("depends-on", flow_seq(&deps)));
    }
    if let Some(h) = &service.health_check {
        fields.push(("health-check", scalar(h)));
    }
    if let Some(d) = service.delay {
        fields.push(("delay", d.to_string()));
    }
    flow_map(&fields)
}

fn window_yaml(window: &Window) -> String {
    let mut fields = Vec::new();
    if let Some(tz) = &window.timezone {
        fields.push(("timezone", scalar(tz)));
    }
    if !window.allow.is_empty() {
        let allow: Vec<String> = window
            .allow
            .iter()
            .map(|r| quoted(&r.to_string()))
            .collect();
        fields.push(("allow", flow_seq(&allow)));
    }
    if !window.freeze.is_empty() {
        let freeze: Vec<String> = window
            .freeze
            .iter()
            .map(|r| quoted(&r.to_string()))
            .collect();
        fields.push(("freeze", flow_seq(&freeze)));
    }
    if let Some(start) = window.start {
        let format = if start.second() == 0 {
            "%Y-%m-%dT%H:%M"
        } else {
            "%Y-%m-%dT%H:%M:%S"
        };
        fields.push(("start", quoted(&start.format(format).to_string())));
    }
    if !window.avoid.is_empty() {
        let avoid: Vec<String> = window.avoid.iter().map(|a| a.as_str().to_owned()).collect();
        fields.push(("avoid", flow_seq(&avoid)));
    }
    if let Some(n) = window.end_of_month_days {
        fields.push(("end-of-month-days", n.to_string()));
    }
    if let Some(f) = &window.holidays_file {
        fields.push(("holidays-file", scalar(f)));
    }
    flow_map(&fields)
}

/// `count`, or `{ unit: ms, min: 1, max: 5000 }` when the domain is not the default of
/// its kind.
fn metric_yaml(metric: &Metric) -> String {
    let unit = match metric.kind {
        MetricKind::Percent => quoted("%"),
        MetricKind::Time => "ms".to_owned(),
        MetricKind::Count => "count".to_owned(),
    };
    let default = Metric::new(metric.name.clone(), metric.kind);
    #[allow(clippy::float_cmp)] // the default is exactly 0: only exactly 0 goes without saying
    let same_min = metric.min == default.min;
    if same_min && metric.max == default.max {
        return unit;
    }
    let mut fields = vec![("unit", unit)];
    if !same_min {
        fields.push(("min", number(metric.min)));
    }
    if metric.max != default.max
        && let Some(max) = metric.max
    {
        fields.push(("max", number(max)));
    }
    flow_map(&fields)
}

/// `{ a: 1, b: 2 }`, or `{}`.
fn flow_map(fields: &[(&str, String)]) -> String {
    if fields.is_empty() {
        return "{}".to_owned();
    }
    let parts: Vec<String> = fields.iter().map(|(k, v)| format!("{k}: {v}")).collect();
    format!("{{ {} }}", parts.join(", "))
}

/// `[a, b]`.
fn flow_seq(items: &[String]) -> String {
    format!("[{}]", items.join(", "))
}

/// A number YAML reads back as the same `f64`: `5`, `0.1`, `-2.5`, `1e40`.
fn number(v: f64) -> String {
    if v.is_nan() {
        return ".nan".to_owned();
    }
    if v.is_infinite() {
        return if v > 0.0 { ".inf" } else { "-.inf" }.to_owned();
    }
    if v == 0.0 {
        // `-0` reads as the integer 0; write it so, and the writer stays canonical.
        return "0".to_owned();
    }
    let abs = v.abs();
    if !(1e-6..1e15).contains(&abs) {
        // Exponent form, with a decimal point so that every YAML schema reads a float.
        let e = format!("{v:e}");
        return match e.split_once('e') {
            Some((mantissa, exp)) if !mantissa.contains('.') => {
                format!("{mantissa}.0e{}", signed(exp))
            }
            Some((mantissa, exp)) => format!("{mantissa}e{}", signed(exp)),
            None => e,
        };
    }
    // `Display` never uses an exponent: `5`, `0.1`, `-0`.
    v.to_string()
}

/// `40` → `+40`, `-7` → `-7`.
fn signed(exp: &str) -> String {
    if exp.starts_with('-') {
        exp.to_owned()
    } else {
        format!("+{exp}")
    }
}

/// Words YAML (1.1 or 1.2) reads as a boolean, null or special float when written
/// plainly.
const RESERVED: &[&str] = &[
    "true", "false", "yes", "no", "on", "off", "y", "n", "null", "nan", "inf", "infinity",
];

/// `s` written plainly when that is safe in every YAML reader, else double-quoted.
fn scalar(s: &str) -> String {
    let mut chars = s.chars();
    let safe_start = chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '/');
    let safe_rest =
        chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '/' | '+'));
    let reserved = RESERVED.iter().any(|r| r.eq_ignore_ascii_case(s));
    if safe_start && safe_rest && !reserved {
        s.to_owned()
    } else {
        quoted(s)
    }
}

/// `s` in double quotes, with `\` and `"` escaped and every character that is not
/// printable in YAML (controls, line and paragraph separators, the byte-order mark)
/// written as an escape.
fn quoted(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            '\0' => out.push_str("\\0"),
            c if needs_escape(c) => {
                // Every such character is below U+10000.
                let n = u32::from(c);
                if n <= 0xFF {
                    let _ = write!(out, "\\x{n:02X}");
                } else {
                    let _ = write!(out, "\\u{n:04X}");
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Characters YAML does not allow as they are in a double-quoted scalar, or reads as a
/// line break.
fn needs_escape(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{2028}' | '\u{2029}' | '\u{FEFF}' | '\u{FFFE}' | '\u{FFFF}'
        )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::{Avoid, Deployment, Duration, Strategy};

    #[track_caller]
    fn round_trip(plan: &Plan) -> String {
        let yaml = plan.to_yaml();
        match Plan::from_yaml(&yaml) {
            Ok(back) => assert_eq!(&back, plan, "{yaml}"),
            Err(e) => panic!("{yaml}\n{e}"),
        }
        yaml
    }

    #[track_caller]
    fn text_round_trip(text: &str) -> String {
        let plan = Plan::from_yaml(text).unwrap_or_else(|e| panic!("{text}\n{e}"));
        round_trip(&plan)
    }

    fn named(name: &str) -> Plan {
        Plan {
            deployment: Deployment {
                strategy: Some(Strategy::Rolling),
                stages: vec![Stage {
                    name: name.to_owned(),
                    percentage: Some(100.0),
                    approval: Some(name.to_owned()),
                    validation: Some(name.to_owned()),
                    ..Stage::default()
                }],
            },
            services: vec![Service {
                name: name.to_owned(),
                depends_on: vec![name.to_owned()],
                health_check: Some(name.to_owned()),
                delay: Some(Duration::from_secs(300)),
            }],
            window: Some(Window {
                timezone: Some(name.to_owned()),
                ..Window::default()
            }),
            ..Plan::default()
        }
    }

    #[test]
    fn scalars() {
        assert_eq!(scalar("canary"), "canary");
        assert_eq!(scalar("/health"), "/health");
        assert_eq!(scalar("Europe/Berlin"), "Europe/Berlin");
        assert_eq!(scalar("manager+security"), "manager+security");
        assert_eq!(scalar(""), "\"\"");
        assert_eq!(scalar("yes"), "\"yes\"");
        assert_eq!(scalar("NULL"), "\"NULL\"");
        assert_eq!(scalar("007"), "\"007\"");
        assert_eq!(scalar("a: b"), "\"a: b\"");
        assert_eq!(scalar("say \"hi\"\\"), "\"say \\\"hi\\\"\\\\\"");
        assert_eq!(scalar("a\u{7}b\u{2028}"), "\"a\\x07b\\u2028\"");
        assert_eq!(scalar("😀\u{85}\u{10FFFF}"), "\"😀\\x85\u{10FFFF}\"");
    }

    #[test]
    fn numbers() {
        assert_eq!(number(5.0), "5");
        assert_eq!(number(0.1), "0.1");
        assert_eq!(number(-2.5), "-2.5");
        assert_eq!(number(1e40), "1.0e+40");
        assert_eq!(number(1.5e-7), "1.5e-7");
        assert_eq!(number(f64::NAN), ".nan");
        assert_eq!(number(f64::NEG_INFINITY), "-.inf");
    }

    #[test]
    fn numbers_read_back() {
        for v in [
            5.0,
            0.1,
            -0.0,
            12.5,
            99.999_999_999_9,
            1e14,
            1e15,
            123_456_789_012_345_680.0,
            1e40,
            f64::MAX,
            1.5e-7,
            f64::MIN_POSITIVE,
            5e-324,
        ] {
            let plan = Plan {
                deployment: Deployment {
                    strategy: Some(Strategy::Canary),
                    stages: vec![Stage {
                        name: "a".into(),
                        percentage: Some(v),
                        ..Stage::default()
                    }],
                },
                metrics: vec![Metric {
                    name: "m".into(),
                    kind: MetricKind::Count,
                    min: -v.abs() - 1.0,
                    max: Some(v.abs()),
                }],
                ..Plan::default()
            };
            round_trip(&plan);
        }
    }

    #[test]
    fn tricky_names_round_trip() {
        for name in [
            "a: b",
            "key:value",
            "say \"hi\"",
            "it's",
            "# not a comment",
            "a #b",
            "  leading",
            "trailing  ",
            "tab\there",
            "two\nlines",
            "crlf\r\n",
            "ünïcödé",
            "日本",
            "😀",
            "yes",
            "No",
            "null",
            "~",
            "true",
            "off",
            "123",
            "1.5",
            "0x1F",
            "1e3",
            ".inf",
            "-",
            "- a",
            "? q",
            "[x]",
            "{y}",
            "&anchor",
            "*alias",
            "!tag",
            "%directive",
            "@at",
            "`tick`",
            "a, b",
            "back\\slash",
            "|",
            ">",
            "\u{0}\u{1}\u{7f}\u{85}\u{a0}\u{2028}\u{2029}\u{feff}",
            "---",
            "...",
        ] {
            round_trip(&named(name));
        }
    }

    #[test]
    fn seed_format() {
        let seed = "\
change: { type: feature, risk: high }
deployment:
  strategy: canary
  stages:
    - { name: canary, percentage: 5, duration: 1h, auto-advance: true, metrics: [\"error-rate < 0.1%\", \"latency-p99 < 200ms\"] }
    - { name: partial, percentage: 25, duration: 4h, validation: automated-tests, approval: qa-team }
    - { name: rollout, percentage: 50, duration: 8h, monitor: true }
    - { name: full, percentage: 100, approval: release-manager }
rollback:
  triggers: { error-rate: \"> 5%\", latency-p99: \"> 1000ms\", availability: \"< 99.9%\", failed-health-checks: \"> 3\" }
  grace-period: 5m
services:
  - { name: api, health-check: /health }
  - { name: worker, depends-on: [api], health-check: /ready }
window: { timezone: Europe/Berlin, allow: [\"tue-thu 10:00-12:00\"], freeze: [\"2026-12-24/2026-12-26\"], start: \"2026-11-24T10:00\" }
";
        // The seed, canonical already, is written back exactly.
        assert_eq!(text_round_trip(seed), seed);
    }

    #[test]
    fn defaults_are_left_out_but_sections_stay() {
        let yaml = text_round_trip(
            "change: {}\ndeployment: {}\nrollback: { automatic: true }\nwindow: {}\n",
        );
        assert_eq!(
            yaml,
            "change: {}\ndeployment: {}\nrollback:\n  automatic: true\nwindow: {}\n"
        );
        assert_eq!(
            text_round_trip("deployment: { stages: [{}, { rollback-enabled: true }] }\n"),
            "deployment:\n  stages:\n    - {}\n    - {}\n"
        );
        assert_eq!(Plan::default().to_yaml(), "deployment: {}\n");
        round_trip(&Plan::default());
    }

    #[test]
    fn every_field_round_trips() {
        let text = "\
metrics: { queue-depth: count, render: { unit: ms, min: 1, max: 5000 }, ratio: { unit: \"%\", max: 50 }, load: { unit: percent, min: 10 }, p: \"%\" }
change: { type: migration, risk: low, migration: true }
deployment:
  strategy: blue-green
  stages:
    - name: one
      percentage: \"5.5%\"
      duration: 90s
      auto-advance: true
      monitor: true
      validation: smoke tests
      metrics: error-rate<1%
    - { name: two, percentage: 100, rollback-enabled: false, approval: \"ops\", metrics: [\"latency-p99 < 2x baseline\", \"error-rate < baseline + 0.5%\", \"success-rate >= baseline - 0%\", \"queue-depth <= baseline\"] }
rollback:
  triggers: [\"error-rate > 2%\", \"queue-depth > 10\", \"error-rate > 1%\"]
  grace-period: 2m
  automatic: false
services:
  - { name: api, depends-on: db, health-check: /h }
  - { name: db }
  - {}
window: { timezone: UTC, allow: [\"daily 00:00-24:00\", \"fri-mon 22:00-02:00\", \"mon,wed 09:00-17:30\"], freeze: [2026-12-25, \"2026-12-24/2026-12-26\"], start: \"2026-11-24 10:00:30\" }
";
        let yaml = text_round_trip(text);
        assert!(yaml.contains("triggers: [\"error-rate > 2%\""), "{yaml}");
        assert!(
            yaml.contains("grace-period: 2m\n  automatic: false\n"),
            "{yaml}"
        );
        assert!(
            yaml.contains("render: { unit: ms, min: 1, max: 5000 }"),
            "{yaml}"
        );
        assert!(yaml.contains("  p: \"%\"\n"), "{yaml}");
        assert!(yaml.contains("start: \"2026-11-24T10:00:30\""), "{yaml}");
        assert!(yaml.contains("\"mon,fri-sun 22:00-02:00\""), "{yaml}");
        assert!(yaml.contains("duration: 1m30s"), "{yaml}");
        // Written twice, the same text: the writer is canonical.
        assert_eq!(Plan::from_yaml(&yaml).unwrap().to_yaml(), yaml);
    }

    #[test]
    fn trigger_metric_keys_are_quoted_when_needed() {
        let yaml = text_round_trip(
            "deployment: {}\nmetrics: { \"app:q\": count, \"9\": count }\nrollback: { triggers: { \"app:q\": \"> 1\", 9: \">= 2\" } }\n",
        );
        assert!(
            yaml.contains("triggers: { \"app:q\": \"> 1\", \"9\": \">= 2\" }"),
            "{yaml}"
        );
    }

    #[test]
    fn durations_are_canonical() {
        let mut plan = named("a");
        if let Some(s) = plan.deployment.stages.first_mut() {
            s.duration = Some(Duration::from_secs(93_784));
        }
        plan.rollback = Some(Rollback {
            grace_period: Some(Duration::from_secs(u64::MAX)),
            ..Rollback::default()
        });
        let yaml = round_trip(&plan);
        assert!(yaml.contains("duration: 1d2h3m4s"), "{yaml}");
    }

    /// A small deterministic generator (xorshift), so that the property runs on many
    /// plans without a dependency.
    struct Rng(u64);

    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }

        fn below(&mut self, n: usize) -> usize {
            usize::try_from(self.next() % (n as u64)).unwrap()
        }

        fn coin(&mut self) -> bool {
            self.next() & 1 == 0
        }

        fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
            items[self.below(items.len())]
        }

        fn text(&mut self) -> String {
            const PIECES: &[&str] = &[
                "a", "Z", "0", "9", " ", "-", "_", ".", "/", "+", ":", "#", "'", "\"", "\\", "\n",
                "\t", "{", "}", "[", "]", ",", "&", "*", "!", "|", ">", "%", "@", "`", "?", "~",
                "é", "日", "😀", "\u{0}", "\u{85}", "\u{2028}", "\u{feff}", "yes", "null", "true",
                "1e3", "0x", "---",
            ];
            let n = self.below(6);
            (0..n).map(|_| self.pick(PIECES)).collect()
        }

        fn number(&mut self) -> f64 {
            let choices = [0.0, 1.0, 5.0, 25.5, 100.0, 0.001, 1e-9, 1e20, 12_345.678];
            let v = choices[self.below(choices.len())];
            if self.coin() { v } else { -v }
        }
    }

    #[allow(clippy::too_many_lines)] // one generator, field by field
    fn random_plan(r: &mut Rng) -> Plan {
        let gates = [
            "error-rate < 1%",
            "latency-p99 <= 1.5s",
            "x:y/z.w > -3",
            "cpu == 0.000001%",
            "latency-p50 < 2.5x baseline",
            "error-rate < baseline - 0%",
            "restarts != baseline + 2",
        ];
        let mut plan = Plan::default();
        if r.coin() {
            plan.change = Some(Change {
                kind: r
                    .coin()
                    .then_some(crate::classification::ChangeType::Hotfix),
                risk: r.coin().then_some(crate::classification::Risk::High),
                migration: r.coin(),
            });
        }
        plan.deployment.strategy = match r.below(5) {
            0 => None,
            1 => Some(Strategy::Canary),
            2 => Some(Strategy::BlueGreen),
            3 => Some(Strategy::Rolling),
            _ => Some(Strategy::Recreate),
        };
        for _ in 0..r.below(4) {
            plan.deployment.stages.push(Stage {
                name: r.text(),
                percentage: r.coin().then(|| r.number()),
                duration: r.coin().then(|| Duration::from_secs(r.next() % 200_000)),
                auto_advance: r.coin(),
                metrics: (0..r.below(3))
                    .map(|_| r.pick(&gates).parse().unwrap())
                    .collect(),
                validation: r.coin().then(|| r.text()),
                approval: r.coin().then(|| r.text()),
                monitor: r.coin(),
                rollback_enabled: r.coin(),
                hold_timeout: r.coin().then(|| Duration::from_secs(r.next() % 100_000)),
                failure_limit: r.coin().then(|| u32::try_from(r.below(9) + 1).unwrap()),
            });
        }
        if r.coin() {
            plan.rollback = Some(Rollback {
                triggers: (0..r.below(4))
                    .map(|_| r.pick(&gates).parse().unwrap())
                    .collect(),
                grace_period: r.coin().then(|| Duration::from_secs(r.next() % 100_000)),
                automatic: r.coin(),
                hold_timeout: r.coin().then(|| Duration::from_secs(r.next() % 100_000)),
                failure_limit: r.coin().then(|| u32::try_from(r.below(9) + 1).unwrap()),
            });
        }
        for _ in 0..r.below(3) {
            plan.services.push(Service {
                name: r.text(),
                depends_on: (0..r.below(3)).map(|_| r.text()).collect(),
                health_check: r.coin().then(|| r.text()),
                delay: r.coin().then(|| Duration::from_secs(r.next() % 100_000)),
            });
        }
        if r.coin() {
            plan.window = Some(Window {
                timezone: r.coin().then(|| r.text()),
                allow: (0..r.below(3))
                    .map(|_| {
                        r.pick(&["tue-thu 10:00-12:00", "fri-mon 22:00-02:00", "09:00-10:00"])
                            .parse()
                            .unwrap()
                    })
                    .collect(),
                freeze: (0..r.below(3))
                    .map(|_| {
                        r.pick(&["2026-12-25", "2026-12-24/2026-12-31"])
                            .parse()
                            .unwrap()
                    })
                    .collect(),
                start: r.coin().then(|| {
                    crate::plan::parse_start(r.pick(&["2026-11-24T10:00", "2026-11-24 10:00:59"]))
                        .unwrap()
                }),
                avoid: if r.coin() {
                    vec![Avoid::EndOfMonth]
                } else {
                    Vec::new()
                },
                end_of_month_days: r.coin().then(|| u32::try_from(r.below(5) + 1).unwrap()),
                holidays_file: r.coin().then(|| r.text()),
            });
        }
        for i in 0..r.below(3) {
            let kind = [MetricKind::Percent, MetricKind::Time, MetricKind::Count][r.below(3)];
            let mut m = Metric::new(
                format!("{}{i}", r.pick(&["m", "app:q", "9", "x.y/z"])),
                kind,
            );
            if r.coin() {
                m.min = -r.number().abs() - 1.0;
            }
            if r.coin() {
                m.max = Some(m.min.abs() + r.number().abs() + 1.0);
            }
            plan.metrics.push(m);
        }
        plan
    }

    #[test]
    fn random_plans_round_trip() {
        let mut r = Rng(0x9E37_79B9_7F4A_7C15);
        for _ in 0..2_000 {
            let plan = random_plan(&mut r);
            let yaml = round_trip(&plan);
            assert_eq!(Plan::from_yaml(&yaml).unwrap().to_yaml(), yaml);
        }
    }
}
