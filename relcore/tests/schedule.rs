//! `Plan::service_plan` and `plan::next_window` against the shared vectors
//! (`vectors/schedule.json`), which the Python, Node and CLI suites read too.

use relcore::plan::{Context, NextWindow, Plan, next_window, parse_start};
use serde_json::{Value, json};

use crate::util::str_at;

/// The part of a next-window answer the vectors pin: the start, each skipped start with
/// the codes of its reasons, the total, and the codes a hotfix overrides.
fn pinned(next: &NextWindow) -> Value {
    let codes = |ds: &[relcore::diagnostic::Diagnostic]| -> Vec<String> {
        ds.iter().map(|d| d.code.clone()).collect()
    };
    json!({
        "start": next.start,
        "skipped": next.skipped.iter().map(|s| json!({"start": s.start, "codes": codes(&s.reasons)})).collect::<Vec<_>>(),
        "skipped_total": next.skipped_total,
        "overridden": codes(&next.overridden),
    })
}

fn order_of(text: &str) -> Value {
    match Plan::from_yaml(text) {
        Err(e) => json!({ "error": e.diagnostics()[0].code }),
        Ok(plan) => match plan.service_plan() {
            Ok(order) => serde_json::to_value(order).unwrap(),
            Err(e) => json!({ "error": e.kind().as_str() }),
        },
    }
}

fn next_of(case: &Value) -> Value {
    let ctx: Context = case.get("context").map_or_else(Context::default, |c| {
        serde_json::from_value(c.clone()).unwrap()
    });
    let at = parse_start(str_at(case, "at")).unwrap();
    let plan = match Plan::from_yaml(str_at(case, "plan")) {
        Ok(plan) => plan,
        Err(e) => return json!({ "error": e.diagnostics()[0].code }),
    };
    match next_window(&plan, &ctx, at) {
        Ok(next) => pinned(&next),
        Err(e) => json!({ "error": e.diagnostics()[0].code }),
    }
}

#[test]
fn schedule_vectors() {
    let path =
        std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/vectors/schedule.json");
    let mut file: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    let bless = std::env::var_os("RELCORE_BLESS").is_some();
    let mut failures = Vec::new();
    for case in file["order"].as_array_mut().unwrap() {
        let got = order_of(str_at(case, "plan"));
        if bless {
            case["expected"] = got;
        } else if case["expected"] != got {
            failures.push(format!(
                "{}: expected {} got {got}",
                case["name"], case["expected"]
            ));
        }
    }
    for case in file["next_window"].as_array_mut().unwrap() {
        let got = next_of(case);
        if bless {
            case["expected"] = got;
        } else if case["expected"] != got {
            failures.push(format!(
                "{}: expected {} got {got}",
                case["name"], case["expected"]
            ));
        }
    }
    if bless {
        std::fs::write(&path, serde_json::to_string_pretty(&file).unwrap() + "\n").unwrap();
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
