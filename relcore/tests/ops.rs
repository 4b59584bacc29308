//! `relcore::hotfix` and `relcore::ready` against the shared vectors (`hotfix.json`,
//! `ready.json`), which the Python, Node and CLI suites run too.

use relcore::hotfix::{HotfixRequest, PatchCommit, backports, plan};
use relcore::ready::{Checklist, ReadyFacts, evaluate};
use relcore::risk::Policy;
use serde_json::{Value, json};

use crate::util::{str_at, vectors};

fn strings(value: &Value) -> Vec<String> {
    value
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn hotfix_plan_vectors() {
    let vectors = vectors("hotfix.json");
    for case in vectors["plan"].as_array().unwrap() {
        let name = str_at(case, "name");
        let request: HotfixRequest = serde_json::from_value(case["request"].clone())
            .unwrap_or_else(|e| panic!("{name}: request: {e}"));
        let policy: Policy = case
            .get("policy")
            .map(|p| serde_json::from_value(p.clone()).unwrap())
            .unwrap_or_default();
        let result = plan(&request, &policy);
        if let Some(code) = case.get("error") {
            let err = result.expect_err(name);
            assert_eq!(err.kind().as_str(), code, "{name}: {err}");
            assert!(!err.to_string().is_empty());
            continue;
        }
        let hotfix = result.unwrap_or_else(|e| panic!("{name}: {e}"));
        let got = json!({
            "version": hotfix.version.to_string(),
            "taken": hotfix.taken.iter().map(ToString::to_string).collect::<Vec<_>>(),
            "tag": hotfix.tag,
            "branch": hotfix.branch,
            "candidates": hotfix.candidates.iter().map(|c| c.header.clone()).collect::<Vec<_>>(),
            "commands": hotfix.candidates.iter().map(|c| c.command.clone()).collect::<Vec<_>>(),
            "rollback": hotfix.rollback.tag,
            "type": hotfix.classification.r#type.as_str(),
            "pace": hotfix.classification.pace.as_str(),
            "approval": hotfix.classification.approval.level.as_str(),
        });
        assert_eq!(got, case["expected"], "{name}");
        assert_eq!(hotfix.rollback, hotfix.production, "{name}");
    }
}

#[test]
fn backport_vectors() {
    let vectors = vectors("hotfix.json");
    for case in vectors["backports"].as_array().unwrap() {
        let name = str_at(case, "name");
        let hotfix: Vec<PatchCommit> = serde_json::from_value(case["hotfix"].clone()).unwrap();
        let result = backports(&hotfix, &strings(&case["main"]), &strings(&case["picked"]));
        let ids = |picks: &[relcore::hotfix::Pick]| -> Vec<String> {
            picks.iter().map(|p| p.id.clone().unwrap()).collect()
        };
        let got = json!({
            "missing": ids(&result.missing),
            "present": ids(&result.present),
            "commands": result.missing.iter().map(|p| p.command.clone()).collect::<Vec<_>>(),
        });
        assert_eq!(got, case["expected"], "{name}");
    }
}

#[test]
fn ready_vectors() {
    let vectors = vectors("ready.json");
    for case in vectors["evaluate"].as_array().unwrap() {
        let name = str_at(case, "name");
        let facts: ReadyFacts = serde_json::from_value(case["facts"].clone())
            .unwrap_or_else(|e| panic!("{name}: facts: {e}"));
        let checklist: Checklist = case
            .get("checklist")
            .map(|c| {
                serde_json::from_value(c.clone())
                    .unwrap_or_else(|e| panic!("{name}: checklist: {e}"))
            })
            .unwrap_or_default();
        let allowed = case
            .get("blockers_allowed")
            .and_then(Value::as_u64)
            .map_or(0, |n| usize::try_from(n).unwrap());
        let result = evaluate(&facts, &checklist, allowed);
        if let Some(code) = case.get("error") {
            let err = result.expect_err(name);
            assert_eq!(err.kind().as_str(), code, "{name}: {err}");
            continue;
        }
        let verdict = result.unwrap_or_else(|e| panic!("{name}: {e}"));
        let json = serde_json::to_value(&verdict).unwrap();
        let expected = &case["expected"];
        for key in ["go", "blockers", "warnings"] {
            assert_eq!(json[key], expected[key], "{name}: `{key}`\n{json:#}");
        }
        let items: Vec<Value> = verdict
            .items
            .iter()
            .map(|i| json!([i.name, serde_json::to_value(i.status).unwrap(), i.blocker]))
            .collect();
        assert_eq!(Value::from(items), expected["items"], "{name}\n{json:#}");
        if let Some(reasons) = expected.get("reasons") {
            for (check, reason) in reasons.as_object().unwrap() {
                let item = verdict.items.iter().find(|i| &i.name == check).unwrap();
                assert_eq!(item.reason, reason.as_str().unwrap(), "{name}: {check}");
            }
        }
        if let Some(markdown) = expected.get("markdown") {
            assert_eq!(verdict.to_markdown(), markdown.as_str().unwrap(), "{name}");
        }
    }
}
