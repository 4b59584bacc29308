//! `relcore::plan` against the shared vectors: the seed plan of the design validates
//! without errors, and every rule has a case that triggers it.

use std::fmt::Write as _;

use relcore::diagnostic::Severity;
use relcore::plan::{Context, Plan, validate};

use crate::util::{str_at, vectors};

/// Every diagnostic points inside the text: a line that exists, a column within it (or
/// just past its end), and a byte offset on a character boundary.
#[track_caller]
fn assert_located(text: &str, report: &relcore::plan::Report) {
    for d in &report.diagnostics {
        let (Some(line), Some(column), Some(offset)) = (d.line, d.column, d.offset) else {
            panic!("{text:?}: diagnostic without a position: {d:?}");
        };
        assert!(
            offset <= text.len() && text.is_char_boundary(offset),
            "{d:?}"
        );
        let lines: Vec<&str> = text.split('\n').collect();
        assert!(line >= 1 && line <= lines.len().max(1), "{text:?}: {d:?}");
        let len = lines.get(line - 1).map_or(0, |l| l.chars().count());
        assert!(column >= 1 && column <= len + 1, "{text:?}: {d:?}");
        assert_eq!(
            relcore::diagnostic::line_column(text, offset),
            (line, column),
            "{d:?}"
        );
    }
}

fn context(case: &serde_json::Value) -> Context {
    match case.get("context") {
        Some(c) => serde_json::from_value(c.clone()).unwrap_or_else(|e| panic!("{c}: {e}")),
        None => Context::default(),
    }
}

#[test]
fn seed_plan_has_no_errors() {
    let v = vectors("plan.json");
    let seed = str_at(&v["seed"], "plan");
    let report = validate(seed, &Context::default());
    let errors: Vec<String> = report.errors().map(ToString::to_string).collect();
    assert!(errors.is_empty(), "{errors:#?}");
    assert_located(seed, &report);
    let got = serde_json::to_value(&report).unwrap();
    for key in ["total_duration_seconds", "worst_case_rollback_seconds"] {
        assert_eq!(got[key], v["seed"][key], "{key}");
    }
    assert_eq!(
        serde_json::Value::from(report.codes()),
        v["seed"]["codes"],
        "{:#?}",
        report.diagnostics
    );
    // The same plan through the model.
    let plan = Plan::from_yaml(seed).unwrap();
    assert_eq!(plan.deploy_order().unwrap(), ["api", "worker"]);
    assert_eq!(plan.rollback_order().unwrap(), ["worker", "api"]);
    assert_eq!(plan.deployment.stages.len(), 4);
}

#[test]
fn vectors_trigger_their_rules() {
    let v = vectors("plan.json");
    for case in v["cases"].as_array().unwrap() {
        let name = str_at(case, "name");
        let text = str_at(case, "plan");
        let report = validate(text, &context(case));
        assert_eq!(
            serde_json::Value::from(report.codes()),
            case["codes"],
            "{name}: {:#?}",
            report.diagnostics
        );
        assert_located(text, &report);
        if let Some(expected) = case.get("diagnostics") {
            let got: Vec<serde_json::Value> = report
                .diagnostics
                .iter()
                .map(|d| {
                    serde_json::json!({
                        "code": d.code, "severity": d.severity, "path": d.path,
                        "line": d.line, "column": d.column, "value": d.value,
                    })
                })
                .collect();
            assert_eq!(&serde_json::Value::from(got), expected, "{name}");
        }
        for key in ["total_duration_seconds", "worst_case_rollback_seconds"] {
            if let Some(expected) = case.get(key) {
                assert_eq!(
                    &serde_json::to_value(&report).unwrap()[key],
                    expected,
                    "{name}: {key}"
                );
            }
        }
    }
}

#[test]
fn every_rule_code_has_a_vector() {
    let v = vectors("plan.json");
    let mut seen = std::collections::BTreeSet::new();
    for case in v["cases"].as_array().unwrap() {
        for code in case["codes"].as_array().unwrap() {
            seen.insert(code.as_str().unwrap().to_owned());
        }
    }
    let documented: Vec<&str> = v["codes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap())
        .collect();
    for code in &documented {
        assert!(seen.contains(*code), "no vector triggers `{code}`");
    }
    for code in &seen {
        assert!(
            documented.contains(&code.as_str()),
            "`{code}` is not in the list of codes"
        );
    }
    let doc = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/rollout-plans.md"),
    )
    .unwrap();
    for code in &documented {
        assert!(
            doc.contains(&format!("#### `{code}`")),
            "docs/rollout-plans.md lacks `{code}`"
        );
    }
}

#[test]
fn hostile_input_gives_diagnostics() {
    let mut bomb = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 1..12 {
        let p = i - 1;
        let _ = writeln!(
            bomb,
            "a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]"
        );
    }
    let deep_flow = format!("deployment: {}{}", "[".repeat(5000), "]".repeat(5000));
    let mut deep_block = String::new();
    for i in 0..300 {
        let _ = writeln!(deep_block, "{}a{i}:", " ".repeat(i));
    }
    let cases = [
        ("alias bomb", bomb.as_str(), "yaml_limit"),
        ("deep flow", deep_flow.as_str(), "yaml_limit"),
        ("deep block", deep_block.as_str(), "yaml_limit"),
        ("unclosed", "deployment: { strategy: canary", "invalid_yaml"),
        (
            "tab indent",
            "deployment:\n\tstrategy: canary\n",
            "invalid_yaml",
        ),
        (
            "two documents",
            "deployment: {}\n---\ndeployment: {}\n",
            "yaml_limit",
        ),
        ("scalar", "just a string", "invalid_type"),
        ("list", "- a\n- b\n", "invalid_type"),
        ("nul", "deployment: \"\\0\"\n", "invalid_type"),
        ("bom", "\u{feff}deployment: 1\n", "invalid_type"),
    ];
    for (name, text, code) in cases {
        let report = validate(text, &Context::default());
        assert!(
            report.codes().contains(&code),
            "{name}: {:#?}",
            report.diagnostics
        );
        assert!(report.has_errors(), "{name}");
        assert_located(text, &report);
    }
    let huge = "#".repeat(2 * 1024 * 1024);
    assert_eq!(validate(&huge, &Context::default()).codes(), ["yaml_limit"]);
}

#[test]
fn warnings_alone_do_not_fail() {
    let v = vectors("plan.json");
    let report = validate(str_at(&v["seed"], "plan"), &Context::default());
    assert!(!report.has_errors());
    assert!(
        report
            .diagnostics
            .iter()
            .all(|d| d.severity == Severity::Warning)
    );
}

/// One YAML example of `docs/rollout-plans.md`.
struct Example {
    code: String,
    failing: bool,
    whole: bool,
    context: Context,
    text: String,
}

/// The base plan and every failing/fixed example of `docs/rollout-plans.md`.
fn doc_examples() -> (String, Vec<Example>) {
    let doc = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/rollout-plans.md"),
    )
    .unwrap();
    let mut base = String::new();
    let mut examples = Vec::new();
    let mut code = String::new();
    let mut lines = doc.lines();
    while let Some(line) = lines.next() {
        if let Some(rest) = line.strip_prefix("#### `") {
            rest.trim_end_matches('`').clone_into(&mut code);
            continue;
        }
        let Some(info) = line.strip_prefix("```yaml ") else {
            continue;
        };
        let mut text = String::new();
        for l in lines.by_ref() {
            if l == "```" {
                break;
            }
            text.push_str(l);
            text.push('\n');
        }
        let words: Vec<&str> = info.split_whitespace().collect();
        if words.contains(&"base") {
            base = text;
            continue;
        }
        let context = words
            .iter()
            .find_map(|w| w.strip_prefix("context="))
            .map_or_else(Context::default, |c| serde_json::from_str(c).unwrap());
        examples.push(Example {
            code: code.clone(),
            failing: words.contains(&"failing"),
            whole: words.contains(&"whole"),
            context,
            text,
        });
    }
    (base, examples)
}

/// The top-level sections of a plan, by key, in order.
fn sections(text: &str) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    for line in text.lines() {
        let top = !line.starts_with([' ', '-', '#']) && !line.is_empty();
        if top {
            let key = line.split(':').next().unwrap_or_default().to_owned();
            out.push((key, String::new()));
        }
        if let Some((_, body)) = out.last_mut() {
            body.push_str(line);
            body.push('\n');
        }
    }
    out
}

/// `base` with the top-level sections of `fragment` replacing (or added to) its own.
fn merge(base: &str, fragment: &str) -> String {
    let mut merged = sections(base);
    for (key, body) in sections(fragment) {
        match merged.iter_mut().find(|(k, _)| *k == key) {
            Some(slot) => slot.1 = body,
            None => merged.push((key, body)),
        }
    }
    merged.into_iter().map(|(_, body)| body).collect()
}

#[test]
fn docs_examples_fail_and_pass_as_documented() {
    let (base, examples) = doc_examples();
    let report = validate(&base, &Context::default());
    assert!(
        report.diagnostics.is_empty(),
        "base: {:#?}",
        report.diagnostics
    );
    assert!(examples.len() >= 2 * 49, "{}", examples.len());
    for e in &examples {
        let text = if e.whole {
            e.text.clone()
        } else {
            merge(&base, &e.text)
        };
        let report = validate(&text, &e.context);
        let codes = report.codes();
        if e.failing {
            assert!(
                codes.contains(&e.code.as_str()),
                "{} failing:\n{text}\n{codes:?}",
                e.code
            );
        } else {
            assert!(
                report.diagnostics.is_empty(),
                "{} fixed:\n{text}\n{:#?}",
                e.code,
                report.diagnostics
            );
        }
    }
}

#[test]
fn public_types_are_send_and_sync() {
    fn assert_send_sync<T: Send + Sync>() {}
    use relcore::plan::*;
    assert_send_sync::<Plan>();
    assert_send_sync::<Report>();
    assert_send_sync::<Context>();
    assert_send_sync::<ValidationErrors>();
    assert_send_sync::<Gate>();
    assert_send_sync::<Duration>();
    assert_send_sync::<SyntaxError>();
    assert_send_sync::<ServiceOrderError>();
    assert_send_sync::<Registry>();
    assert_send_sync::<AllowRange>();
    assert_send_sync::<DateRange>();
}

#[test]
fn messages_are_worded_as_documented() {
    let v = vectors("plan.json");
    let seed = validate(str_at(&v["seed"], "plan"), &Context::default());
    assert_eq!(
        seed.diagnostics[0].message,
        "while `error-rate` is in [0.1%, 5%], stage `canary` holds: gate `error-rate < 0.1%` fails but trigger `error-rate > 5%` does not fire"
    );
    assert_eq!(
        seed.diagnostics[0].to_string(),
        format!("6:20: warning[hold_band]: {}", seed.diagnostics[0].message)
    );
    let cases = [
        (
            "deployment: { strategy: canery, stages: [{ name: a, percentage: 100 }] }\nrollback: { triggers: { error-rate: \"> 1%\" } }\n",
            "1:25: error[unknown_strategy]: unknown strategy `canery`",
            Some("did you mean `canary`?"),
        ),
        (
            "deployment: { strategy: rolling, stages: [{ name: a, percentage: 100, duration: 90 }] }\nrollback: { triggers: { error-rate: \"> 1%\" } }\n",
            "1:81: error[duration_missing_unit]: the duration `90` has no unit",
            Some("durations need a unit: `90s`, `90m` or `90h`"),
        ),
        (
            "deployment: { strategy: rolling, stages: [{ name: a, percentage: 100, metrics: [\"error-rate < 1\"] }] }\nrollback: { triggers: { error-rate: \">= 1%\" } }\n",
            "1:95: error[incompatible_unit]: `error-rate` is a percent metric, measured with `%`, but gate `error-rate < 1` uses no unit",
            Some("write the threshold in percent, as in `1%`"),
        ),
        (
            "deployment: { strategy: rolling, stages: [{ name: a, percentage: 100 }] }\nrollback: { triggers: { error-rate: \"> 1%\" } }\nservices: [{ name: api, depends-on: [worker], health-check: /h }, { name: worker, depends-on: [api], health-check: /h }]\n",
            "3:38: error[dependency_cycle]: services depend on each other in a cycle: api -> worker -> api",
            Some("break the cycle: one of these services must be deployable before the others"),
        ),
        (
            "deployment: { strategy: rolling, stages: [{ name: a, percentage: 100 }] }\nrollback: { triggers: { error-rate: \"> 1%\" } }\nwindow: { timezone: Europe/Berln }\n",
            "3:21: error[unknown_timezone]: unknown timezone `Europe/Berln`",
            Some("did you mean `Europe/Berlin`?"),
        ),
    ];
    for (text, shown, hint) in cases {
        let report = validate(text, &Context::default());
        assert_eq!(
            report.diagnostics.len(),
            1,
            "{text}: {:#?}",
            report.diagnostics
        );
        assert_eq!(report.diagnostics[0].to_string(), shown);
        assert_eq!(report.diagnostics[0].hint.as_deref(), hint);
    }
}
