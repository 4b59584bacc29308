//! A plan as a Mermaid gantt chart: [`chart`].

use std::fmt::Write as _;

use crate::plan::document::model::{Plan, Stage};

/// The longest plan, in seconds, whose axis shows times of day only.
const ONE_DAY: u64 = 86_400;

/// The plan as a Mermaid gantt chart, the text that goes between ` ```mermaid ` and
/// ` ``` ` (the fences are the caller's), which GitHub renders in Markdown.
///
/// - The time axis starts at 0 and shows hours and minutes (`%H:%M`), with the day
///   (`day %-d %H:%M`) when the stages last longer than a day. Times are Unix
///   milliseconds (`dateFormat x`), not seconds (`X`): Mermaid 11 reads a bare number as
///   milliseconds whichever of the two the chart declares, while earlier versions honour
///   the declaration, so only milliseconds mean the same to every version.
/// - The title names the strategy.
/// - Section `Stages` has one task per stage, labelled `<name> (<percentage>%)`, lasting
///   its duration (`1h`, `90m`, `45s`), each starting after the one before. A stage
///   without a duration is a milestone (`0s`). Before a stage that needs an approval
///   stands a milestone labelled `approval by <who>` (Mermaid task names cannot hold the
///   `:` of `approval: <who>`).
/// - Section `Rollback triggers` has, for each stage during which the triggers act
///   (rollback enabled, `automatic` rollback, a duration longer than the grace period),
///   a `crit` task from the stage's start plus the grace period to its end, labelled with
///   the triggers (`error-rate > 5% or latency-p99 > 1000ms`).
/// - Ids are `s<i>` for stage `i`, `a<i>` for the approval before it and `t<i>` for its
///   triggers.
///
/// Names come from the plan, so they are made safe for Mermaid's grammar: `:`, `;`, `#`
/// and control characters become spaces (runs of spaces become one), an empty name
/// becomes `stage <n>`, and a label that Mermaid would read as a keyword (`section …`,
/// `title …`, `click …`, a date) or a comment (`%` first or second) gets a `stage ` or
/// `trigger ` prefix.
///
/// The times on the axis are those of a day starting at midnight, in the time zone of
/// whoever views the chart: Mermaid draws in local time, so outside UTC the axis is
/// shifted by the offset.
///
/// ```
/// use relcore::plan::{chart, Plan};
/// let plan = Plan::from_yaml(concat!(
///     "deployment:\n",
///     "  strategy: canary\n",
///     "  stages:\n",
///     "    - { name: canary, percentage: 5, duration: 1h, auto-advance: true }\n",
///     "    - { name: \"full: all\", percentage: 100, approval: \"ops#1\" }\n",
///     "rollback: { triggers: { error-rate: \"> 5%\" }, grace-period: 5m }\n",
/// ))?;
/// assert_eq!(chart(&plan), "\
/// gantt
///     title Rollout plan (canary)
///     dateFormat x
///     axisFormat %H:%M
///     todayMarker off
///     section Stages
///     canary (5%) :s0, 0, 1h
///     approval by ops 1 :milestone, a1, after s0, 0s
///     full all (100%) :milestone, s1, after a1, 0s
///     section Rollback triggers
///     error-rate > 5% :crit, t0, 300000, 55m
/// ");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn chart(plan: &Plan) -> String {
    let stages = &plan.deployment.stages;
    let total = plan.total_duration().as_secs();
    let mut out = String::from("gantt\n");
    let title = plan.deployment.strategy.map_or_else(
        || "Rollout plan".to_owned(),
        |s| format!("Rollout plan ({s})"),
    );
    let _ = writeln!(out, "    title {title}");
    out.push_str("    dateFormat x\n");
    if total <= ONE_DAY {
        out.push_str("    axisFormat %H:%M\n");
    } else {
        out.push_str("    axisFormat day %-d %H:%M\n");
    }
    out.push_str("    todayMarker off\n");

    if !stages.is_empty() {
        out.push_str("    section Stages\n");
    }
    let mut previous: Option<String> = None;
    // Where the final stage begins: the services deploy from there.
    let mut final_after = "0".to_owned();
    let mut starts: Vec<u64> = Vec::with_capacity(stages.len());
    let mut at = 0u64;
    for (i, stage) in stages.iter().enumerate() {
        if let Some(who) = &stage.approval {
            let id = format!("a{i}");
            let who = clean(who);
            let label = if who.is_empty() {
                "approval".to_owned()
            } else {
                format!("approval by {who}")
            };
            let _ = writeln!(
                out,
                "    {label} :milestone, {id}, {}, 0s",
                start(previous.as_deref())
            );
            previous = Some(id);
        }
        let id = format!("s{i}");
        let label = guard(&stage_label(i, stage), "stage ");
        let after = start(previous.as_deref());
        final_after.clone_from(&after);
        match stage.duration.map(crate::plan::Duration::as_secs) {
            Some(d) if d > 0 => {
                let _ = writeln!(out, "    {label} :{id}, {after}, {}", length(d));
            }
            _ => {
                let _ = writeln!(out, "    {label} :milestone, {id}, {after}, 0s");
            }
        }
        starts.push(at);
        at = at.saturating_add(stage.duration.map_or(0, crate::plan::Duration::as_secs));
        previous = Some(id);
    }

    services(plan, &final_after, &mut out);
    triggers(plan, &starts, &mut out);
    out
}

/// Section `Services`: the services of the final stage in deploy order, from the moment
/// it begins, each a bar as long as its delay (a milestone without one) named with its
/// health check.
fn services(plan: &Plan, final_after: &str, out: &mut String) {
    let Ok(order) = plan.service_plan() else {
        return;
    };
    if order.deploy.is_empty() || plan.deployment.stages.is_empty() {
        return;
    }
    out.push_str("    section Services\n");
    let mut after = final_after.to_owned();
    for (k, s) in order.deploy.iter().enumerate() {
        let id = format!("v{k}");
        let mut label = clean(&s.name);
        if let Some(h) = s
            .health_check
            .as_deref()
            .map(clean)
            .filter(|h| !h.is_empty())
        {
            let _ = write!(label, " then health check {h}");
        }
        let label = guard(&label, "service ");
        if s.delay_seconds > 0 {
            let _ = writeln!(
                out,
                "    {label} :{id}, {after}, {}",
                length(s.delay_seconds)
            );
        } else {
            let _ = writeln!(out, "    {label} :milestone, {id}, {after}, 0s");
        }
        after = format!("after {id}");
    }
}

/// The rollback trigger spans, one `crit` task per stage in which the triggers act.
fn triggers(plan: &Plan, starts: &[u64], out: &mut String) {
    let Some(rollback) = &plan.rollback else {
        return;
    };
    if !rollback.automatic || rollback.triggers.is_empty() {
        return;
    }
    let grace = rollback
        .grace_period
        .map_or(0, crate::plan::Duration::as_secs);
    let exprs: Vec<String> = rollback.triggers.iter().map(ToString::to_string).collect();
    let label = guard(&clean(&exprs.join(" or ")), "trigger ");
    let mut first = true;
    for (i, (stage, &begin)) in plan.deployment.stages.iter().zip(starts).enumerate() {
        let Some(d) = stage.duration.map(crate::plan::Duration::as_secs) else {
            continue;
        };
        if !stage.rollback_enabled || d <= grace {
            continue;
        }
        if first {
            out.push_str("    section Rollback triggers\n");
            first = false;
        }
        let _ = writeln!(
            out,
            "    {label} :crit, t{i}, {}, {}",
            begin.saturating_add(grace).saturating_mul(1000),
            length(d - grace)
        );
    }
}

/// `after <id>`, or `0` for the first task.
fn start(previous: Option<&str>) -> String {
    previous.map_or_else(|| "0".to_owned(), |p| format!("after {p}"))
}

/// `canary (5%)`, or `stage 3` for a stage without a name or percentage.
fn stage_label(i: usize, stage: &Stage) -> String {
    let mut name = clean(&stage.name);
    if name.is_empty() {
        name = format!("stage {}", i + 1);
    }
    match stage.percentage {
        Some(p) if p.is_finite() => format!("{name} ({p}%)"),
        _ => name,
    }
}

/// A length in Mermaid's units: `1h`, `90m`, `45s`.
fn length(seconds: u64) -> String {
    if seconds > 0 && seconds.is_multiple_of(3600) {
        format!("{}h", seconds / 3600)
    } else if seconds > 0 && seconds.is_multiple_of(60) {
        format!("{}m", seconds / 60)
    } else {
        format!("{seconds}s")
    }
}

/// `text` with what Mermaid's gantt grammar cannot hold in a task name (`:`, `;`, `#`,
/// line breaks and other control characters) turned into spaces, and runs of spaces into
/// one, trimmed.
fn clean(text: &str) -> String {
    let replaced: String = text
        .chars()
        .map(|c| {
            if matches!(c, ':' | ';' | '#') || c.is_control() || c.is_whitespace() {
                ' '
            } else {
                c
            }
        })
        .collect();
    replaced.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Words that start a statement in Mermaid's gantt grammar (case-insensitive), which a
/// task name must not start with.
const KEYWORDS: &[&str] = &[
    "accdescr",
    "accdescription",
    "acctitle",
    "axisformat",
    "call",
    "click",
    "dateformat",
    "excludes",
    "gantt",
    "href",
    "includes",
    "inclusiveenddates",
    "section",
    "tickinterval",
    "title",
    "todaymarker",
    "topaxis",
    "weekday",
];

/// `label`, with `prefix` before it when Mermaid would read it as a keyword, a date or a
/// comment rather than a task name.
fn guard(label: &str, prefix: &str) -> String {
    let lower = label.to_lowercase();
    let keyword = KEYWORDS.iter().any(|k| lower.starts_with(k));
    let bytes = label.as_bytes();
    let date = bytes.len() >= 10
        && bytes.iter().take(10).enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                *b == b'-'
            } else {
                b.is_ascii_digit()
            }
        });
    let comment = label.chars().take(2).any(|c| c == '%');
    if keyword || date || comment || label.is_empty() {
        format!("{prefix}{label}")
    } else {
        label.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan(text: &str) -> Plan {
        Plan::from_yaml(text).unwrap_or_else(|e| panic!("{text}\n{e}"))
    }

    /// The task lines of a chart: `(name, data)`, split at the one `:`.
    fn tasks(chart: &str) -> Vec<(String, String)> {
        chart
            .lines()
            .skip(1)
            .map(str::trim)
            .filter(|l| {
                ![
                    "title ",
                    "dateFormat ",
                    "axisFormat ",
                    "todayMarker ",
                    "section ",
                ]
                .iter()
                .any(|k| l.starts_with(k))
            })
            .map(|l| {
                let (name, data) = l.split_once(':').unwrap_or_else(|| panic!("{l}"));
                (name.trim().to_owned(), data.to_owned())
            })
            .collect()
    }

    #[test]
    fn lengths() {
        assert_eq!(length(3600), "1h");
        assert_eq!(length(5400), "90m");
        assert_eq!(length(45), "45s");
        assert_eq!(length(3601), "3601s");
        assert_eq!(length(0), "0s");
        assert_eq!(length(172_800), "48h");
    }

    #[test]
    fn cleaning() {
        assert_eq!(clean("a: b; c # d"), "a b c d");
        assert_eq!(clean("  two\nlines\t"), "two lines");
        assert_eq!(clean(":;#"), "");
        assert_eq!(guard("section x", "stage "), "stage section x");
        assert_eq!(guard("Title (5%)", "stage "), "stage Title (5%)");
        assert_eq!(guard("2026-01-01 (5%)", "stage "), "stage 2026-01-01 (5%)");
        assert_eq!(guard("%% x", "stage "), "stage %% x");
        assert_eq!(guard("5% (5%)", "stage "), "stage 5% (5%)");
        assert_eq!(guard("canary (5%)", "stage "), "canary (5%)");
    }

    #[test]
    fn user_text_never_breaks_the_grammar() {
        let text = "\
metrics: { \"app:q/x\": count }
deployment:
  strategy: canary
  stages:
    - { name: \"a: b; c #d\", percentage: 5, duration: 10m }
    - { name: \"section evil\", percentage: 10, duration: 10m, approval: \"qa: team; #1\" }
    - { name: \"%% comment\", percentage: 20, duration: 10m }
    - { name: \"\", percentage: 30, duration: 10m }
    - { name: \"  \\n\", duration: 10m }
    - { name: \"2026-01-01\", percentage: 40, duration: 10m, approval: \"\" }
    - { name: \"x%\", percentage: 100 }
rollback: { triggers: [\"app:q/x > 3\"] }
";
        let c = chart(&plan(text));
        for (name, data) in tasks(&c) {
            assert!(!name.is_empty(), "{c}");
            assert!(!name.contains([':', ';', '#', '\n']), "{name}");
            assert!(!data.contains(['#', ';']), "{data}");
            let lower = name.to_lowercase();
            assert!(!KEYWORDS.iter().any(|k| lower.starts_with(k)), "{name}");
            assert!(!name.chars().take(2).any(|c| c == '%'), "{name}");
        }
        assert!(c.contains("    a b c d (5%) :s0, 0, 10m\n"), "{c}");
        assert!(
            c.contains("    approval by qa team 1 :milestone, a1, after s0, 0s\n"),
            "{c}"
        );
        assert!(
            c.contains("    stage section evil (10%) :s1, after a1, 10m\n"),
            "{c}"
        );
        assert!(
            c.contains("    stage %% comment (20%) :s2, after s1, 10m\n"),
            "{c}"
        );
        assert!(c.contains("    stage 4 (30%) :s3, after s2, 10m\n"), "{c}");
        assert!(c.contains("    stage 5 :s4, after s3, 10m\n"), "{c}");
        assert!(
            c.contains("    approval :milestone, a5, after s4, 0s\n"),
            "{c}"
        );
        assert!(
            c.contains("    stage 2026-01-01 (40%) :s5, after a5, 10m\n"),
            "{c}"
        );
        assert!(
            c.contains("    stage x% (100%) :milestone, s6, after s5, 0s\n"),
            "{c}"
        );
        assert!(c.contains("    app q/x > 3 :crit, t0, 0, 10m\n"), "{c}");
    }

    #[test]
    fn ids_are_unique_and_chained() {
        let c = chart(&plan(
            "deployment:\n  strategy: rolling\n  stages:\n    - { name: a, percentage: 50, duration: 1h, approval: x }\n    - { name: a, percentage: 100, duration: 30m, approval: y }\nrollback: { triggers: { error-rate: \"> 1%\" }, grace-period: 10m }\n",
        ));
        let ids: Vec<String> = tasks(&c)
            .iter()
            .map(|(_, d)| {
                d.split(", ")
                    .find(|p| {
                        p.len() >= 2
                            && p.starts_with(['s', 'a', 't'])
                            && p[1..].bytes().all(|b| b.is_ascii_digit())
                    })
                    .unwrap()
                    .to_owned()
            })
            .collect();
        assert_eq!(ids, ["a0", "s0", "a1", "s1", "t0", "t1"]);
        assert!(c.contains(":milestone, a0, 0, 0s"), "{c}");
        assert!(c.contains(":s0, after a0, 1h"), "{c}");
        assert!(c.contains(":s1, after a1, 30m"), "{c}");
        assert!(c.contains(":crit, t0, 600000, 50m"), "{c}");
        assert!(c.contains(":crit, t1, 4200000, 20m"), "{c}");
    }

    #[test]
    fn triggers_act_only_where_they_can() {
        let base = "deployment:\n  strategy: canary\n  stages:\n    - { name: a, percentage: 5, duration: 5m }\n    - { name: b, percentage: 50, duration: 1h, rollback-enabled: false }\n    - { name: c, percentage: 60, duration: 2h }\n    - { name: d, percentage: 100 }\n";
        // Grace period as long as stage a: no span there; b disabled; d no duration.
        let c = chart(&plan(&format!(
            "{base}rollback: {{ triggers: {{ error-rate: \"> 5%\", latency-p99: \"> 1s\" }}, grace-period: 5m }}\n"
        )));
        let spans: Vec<&str> = c.lines().filter(|l| l.contains(":crit")).collect();
        assert_eq!(
            spans,
            ["    error-rate > 5% or latency-p99 > 1s :crit, t2, 4200000, 115m"]
        );
        // Not automatic, or no triggers: no section at all.
        let c = chart(&plan(&format!(
            "{base}rollback: {{ triggers: {{ error-rate: \"> 5%\" }}, automatic: false }}\n"
        )));
        assert!(!c.contains("Rollback triggers"), "{c}");
        let c = chart(&plan(&format!("{base}rollback: {{ grace-period: 1m }}\n")));
        assert!(!c.contains("crit"), "{c}");
        let c = chart(&plan(base));
        assert!(!c.contains("crit"), "{c}");
    }

    #[test]
    fn axis_and_title() {
        let short = chart(&plan(
            "deployment: { strategy: blue-green, stages: [{ name: s, percentage: 100, duration: 24h }] }",
        ));
        assert!(
            short.contains("title Rollout plan (blue-green)\n"),
            "{short}"
        );
        assert!(short.contains("axisFormat %H:%M\n"), "{short}");
        let long = chart(&plan(
            "deployment: { stages: [{ name: s, percentage: 100, duration: 24h1s }] }",
        ));
        assert!(long.contains("title Rollout plan\n"), "{long}");
        assert!(long.contains("axisFormat day %-d %H:%M\n"), "{long}");
        assert!(long.contains("s (100%) :s0, 0, 86401s\n"), "{long}");
        let empty = chart(&Plan::default());
        assert_eq!(
            empty,
            "gantt\n    title Rollout plan\n    dateFormat x\n    axisFormat %H:%M\n    todayMarker off\n"
        );
    }

    #[test]
    fn huge_durations_do_not_overflow() {
        let c = chart(&plan(&format!(
            "deployment: {{ stages: [{{ name: a, percentage: 50, duration: {}s }}, {{ name: b, percentage: 100, duration: 1h }}] }}\nrollback: {{ triggers: {{ error-rate: \"> 5%\" }} }}\n",
            u64::MAX
        )));
        assert!(c.contains(&format!(":crit, t1, {}, 1h", u64::MAX)), "{c}");
    }
}
