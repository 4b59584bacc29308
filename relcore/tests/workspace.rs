//! `relcore::workspace`: the shared plan and check vectors.

use relcore::error::Coded;
use relcore::workspace::{
    PackageBump, PackageTag, Settings, Workspace, check_versions, plan_workspace,
};

use crate::util::{opt_str, vectors};

fn from<T: serde::de::DeserializeOwned>(v: &serde_json::Value) -> T {
    serde_json::from_value(v.clone()).unwrap_or_else(|e| panic!("{v}: {e}"))
}

#[test]
fn plan_vectors() {
    let all = vectors("workspace.json");
    let cases = all["plan"].as_array().unwrap();
    assert!(cases.len() >= 20);
    for case in cases {
        let name = case["name"].as_str().unwrap();
        let workspace: Workspace = from(&case["workspace"]);
        let bumps: Vec<PackageBump> = from(&case["bumps"]);
        let settings: Settings = case.get("settings").map(from).unwrap_or_default();
        let result = plan_workspace(&workspace, &bumps, &settings);
        let Some(expected) = case.get("expected") else {
            let err = result.expect_err(name);
            assert_eq!(err.code(), opt_str(case, "error").unwrap(), "{name}: {err}");
            if let Some(cycle) = case.get("cycle") {
                let cycle: Vec<String> = from(cycle);
                assert_eq!(err.cycle(), cycle.as_slice(), "{name}");
            }
            continue;
        };
        let plan = result.unwrap_or_else(|e| panic!("{name}: {e}"));
        let got: Vec<serde_json::Value> = plan
            .packages
            .iter()
            .map(|p| {
                serde_json::json!({
                    "name": p.name,
                    "next": p.next.as_ref().map(ToString::to_string),
                    "level": p.level.map(relcore::bump::Level::as_str),
                    "reasons": p.reasons.iter().map(|r| serde_json::to_value(r.rule).unwrap()).collect::<Vec<_>>(),
                    "changelog": p.changelog,
                })
            })
            .collect();
        assert_eq!(serde_json::Value::from(got), expected["packages"], "{name}");
        let rewrites: Vec<serde_json::Value> = plan
            .rewrites
            .iter()
            .map(|r| {
                serde_json::json!({
                    "package": r.package, "dependency": r.dependency, "old": r.old, "new": r.new,
                    "out_of_range": r.out_of_range,
                })
            })
            .collect();
        assert_eq!(
            serde_json::Value::from(rewrites),
            expected["rewrites"],
            "{name}"
        );
        // Each rewrite is also listed under the package whose manifest it edits.
        for r in &plan.rewrites {
            let owner = plan.packages.iter().find(|p| p.name == r.package).unwrap();
            assert!(owner.rewrites.contains(r), "{name}: {r:?}");
        }
        // The plan's JSON reads back.
        let json = serde_json::to_value(&plan).unwrap();
        assert_eq!(
            from::<relcore::workspace::WorkspacePlan>(&json),
            plan,
            "{name}"
        );
    }
}

#[test]
fn check_vectors() {
    let all = vectors("workspace.json");
    for case in all["check"].as_array().unwrap() {
        let name = case["name"].as_str().unwrap();
        let workspace: Workspace = from(&case["workspace"]);
        let tags: Vec<PackageTag> = from(&case["tags"]);
        let got: Vec<serde_json::Value> = check_versions(&workspace, &tags)
            .into_iter()
            .map(|d| {
                let mut v = serde_json::json!({"code": d.code, "file": d.path, "line": d.line});
                assert!(
                    d.message.starts_with(&format!(
                        "{}:{}:",
                        d.path.clone().unwrap_or_default(),
                        d.line.unwrap_or(0)
                    )),
                    "{name}: the message names the file and line: {}",
                    d.message
                );
                if let Some(hint) = d.hint.filter(|_| {
                    d.code != "conflicting_requirements"
                        && d.code != "invalid_requirement"
                        && d.code != "dependency_cycle"
                }) {
                    v["hint"] = hint.into();
                }
                v
            })
            .collect();
        assert_eq!(serde_json::Value::from(got), case["expected"], "{name}");
    }
}

#[test]
fn check_reports_graph_problems_and_keeps_going() {
    let workspace: Workspace = from(&serde_json::json!({"packages": [
        {"name": "a", "version": "1.0.0"}, {"name": "a", "version": "2.0.0"}
    ], "groups": [{"name": "g", "kind": "fixed", "members": ["a", "zzz"]}]}));
    let codes: Vec<String> = check_versions(&workspace, &[])
        .into_iter()
        .map(|d| d.code)
        .collect();
    assert_eq!(codes, ["duplicate_package", "unknown_package"]);
}
