//! `relcore::risk` against the shared vectors, plus public-API properties.

use std::collections::BTreeSet;

use relcore::risk::{
    Action, ChangeType, Classification, Dimension, Facts, Policy, Risk, Rule, Severity, Strategy,
    classify, incident_response, respond,
};
use serde_json::{Value, json};

use crate::util::{str_at, vectors};

/// The policy of a vector: the default with the vector's fields over it.
fn policy_of(case: &Value) -> Policy {
    match case.get("policy") {
        Some(p) => serde_json::from_value(p.clone())
            .unwrap_or_else(|e| panic!("{}: policy: {e}", str_at(case, "name"))),
        None => Policy::default(),
    }
}

fn classify_case(case: &Value) -> Classification {
    let name = str_at(case, "name");
    let facts: Facts = serde_json::from_value(case["facts"].clone())
        .unwrap_or_else(|e| panic!("{name}: facts: {e}"));
    classify(&facts, &policy_of(case))
}

#[test]
fn classify_vectors() {
    let vectors = vectors("risk.json");
    for case in vectors["classify"].as_array().unwrap() {
        let name = str_at(case, "name");
        let class = classify_case(case);
        let json = serde_json::to_value(&class).unwrap();
        for (key, expected) in case["expected"].as_object().unwrap() {
            assert_eq!(&json[key], expected, "{name}: `{key}`\n{json:#}");
        }
        let rules: Vec<&str> = class.reasons.iter().map(|r| r.rule.as_str()).collect();
        let expected: Vec<&str> = case["rules"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r.as_str().unwrap())
            .collect();
        assert_eq!(rules, expected, "{name}: {:#?}", class.reasons);
        if let Some(evidence) = case.get("evidence") {
            for (rule, checks) in evidence.as_object().unwrap() {
                let reason = class
                    .reason(rule)
                    .unwrap_or_else(|| panic!("{name}: no reason `{rule}`"));
                let reason = serde_json::to_value(reason).unwrap();
                for (key, expected) in checks.as_object().unwrap() {
                    assert_eq!(&reason[key], expected, "{name}: `{rule}`.`{key}`");
                }
            }
        }
        // Every dimension is decided exactly once.
        for dimension in Dimension::ALL {
            let deciders = class
                .reasons
                .iter()
                .filter(|r| r.decided.contains(dimension))
                .count();
            assert_eq!(deciders, 1, "{name}: {dimension}");
        }
        // The JSON reads back to the same classification.
        let back: Classification = serde_json::from_value(json).unwrap();
        assert_eq!(back, class, "{name}");
    }
}

#[test]
fn every_default_rule_has_a_vector() {
    let vectors = vectors("risk.json");
    let fired: BTreeSet<String> = vectors["classify"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|case| case.get("policy").is_none())
        .flat_map(|case| case["rules"].as_array().unwrap().clone())
        .map(|r| r.as_str().unwrap().to_owned())
        .collect();
    for rule in Rule::defaults() {
        assert!(
            fired.contains(&rule.name),
            "no vector fires `{}`",
            rule.name
        );
    }
    let all = Policy::default();
    let types: BTreeSet<ChangeType> = vectors["classify"]
        .as_array()
        .unwrap()
        .iter()
        .map(|case| classify_case(case).r#type)
        .collect();
    assert_eq!(types.len(), ChangeType::ALL.len(), "{types:?}");
    assert!(all.check().is_empty());
}

#[test]
fn respond_vectors() {
    let vectors = vectors("risk.json");
    let mut seen = BTreeSet::new();
    for case in vectors["respond"].as_array().unwrap() {
        let severity: Severity = str_at(case, "severity").parse().unwrap();
        seen.insert(severity);
        let response = respond(severity, &policy_of(case));
        let json = serde_json::to_value(&response).unwrap();
        for key in ["action", "deadline_minutes", "otherwise", "reason"] {
            assert_eq!(json[key], case[key], "{severity}: `{key}`");
        }
        assert_eq!(json["severity"], case["severity"]);
    }
    assert_eq!(seen.len(), Severity::ALL.len());
}

#[test]
fn incident_vectors() {
    let vectors = vectors("risk.json");
    for case in vectors["incident"].as_array().unwrap() {
        let severity: Severity = str_at(case, "severity").parse().unwrap();
        let plan = case
            .get("plan")
            .map(|p| relcore::plan::Plan::from_yaml(p.as_str().unwrap()).unwrap());
        let got = match incident_response(severity, &policy_of(case), plan.as_ref()) {
            Ok(answer) => serde_json::to_value(answer).unwrap(),
            Err(e) => json!({ "error": e.kind().as_str() }),
        };
        assert_eq!(got, case["expected"], "{}", str_at(case, "name"));
    }
}

#[test]
fn check_vectors() {
    let vectors = vectors("risk.json");
    for case in vectors["check"].as_array().unwrap() {
        let name = str_at(case, "name");
        let found: Vec<Value> = policy_of(case)
            .check()
            .into_iter()
            .map(|d| json!({"code": d.code, "severity": d.severity.as_str(), "path": d.path}))
            .collect();
        assert_eq!(&Value::Array(found), &case["diagnostics"], "{name}");
    }
}

#[test]
fn value_vectors() {
    fn read<T: std::str::FromStr<Err = relcore::risk::ParseError> + std::fmt::Display>(
        input: &str,
    ) -> Result<String, String> {
        input
            .parse::<T>()
            .map(|v| v.to_string())
            .map_err(|e| e.kind().as_str().to_owned())
    }
    let vectors = vectors("risk.json");
    for case in vectors["values"].as_array().unwrap() {
        let input = str_at(case, "input");
        let got = match str_at(case, "kind") {
            "severity" => read::<Severity>(input),
            "strategy" => read::<Strategy>(input),
            "risk" => read::<Risk>(input),
            "change_type" => read::<ChangeType>(input),
            other => panic!("unknown kind {other}"),
        };
        let expected = match case.get("value").and_then(Value::as_str) {
            Some(v) => Ok(v.to_owned()),
            None => Err(str_at(case, "error").to_owned()),
        };
        assert_eq!(got, expected, "{case}");
    }
}

#[test]
fn the_classification_json_shape_is_stable() {
    let facts = Facts::from_messages(["feat(db): add the orders table"])
        .with_paths(["db/migrations/0042_orders.sql"])
        .with_services(3);
    let class = classify(&facts, &Policy::default());
    assert_eq!(
        serde_json::to_value(&class).unwrap(),
        json!({
            "type": "migration", "risk": "high", "strategy": "blue-green", "steps": [],
            "approval": {"level": "required", "by": ["release-manager", "dba"]},
            "rollback": "manual", "pace": "standard", "gates": "enforced", "services": 3,
            "reasons": [
                {"rule": "schema_migration",
                 "message": "1 changed path is a schema migration (`**/migrations/**`): type migration, risk high, strategy blue-green, approval required by release-manager, dba, rollback manual",
                 "decided": ["type", "risk", "strategy", "approval", "rollback"],
                 "commits": [], "paths": ["db/migrations/0042_orders.sql"]},
                {"rule": "features",
                 "message": "1 commit adds features; already decided: type by schema_migration, risk by schema_migration, strategy by schema_migration, approval by schema_migration",
                 "decided": [], "commits": ["feat(db): add the orders table"], "paths": []},
                {"rule": "fallback",
                 "message": "no rule decided pace, gates: the policy's fallback gives pace standard, gates enforced",
                 "decided": ["pace", "gates"], "commits": [], "paths": []}
            ]
        })
    );
}

#[test]
fn classification_is_deterministic_and_ignores_unrelated_order() {
    let policy = Policy::default();
    let facts = Facts::from_messages(["feat!: a", "fix: b", "feat: c"])
        .with_paths(["config/a.yaml", "db/migrations/1.sql"])
        .with_branch("hotfix/x");
    let first = classify(&facts, &policy);
    for _ in 0..3 {
        assert_eq!(classify(&facts, &policy), first);
    }
    let mut reversed = facts.clone();
    reversed.paths.as_mut().unwrap().reverse();
    let other = classify(&reversed, &policy);
    assert_eq!(
        (other.r#type, other.risk, other.strategy, other.rollback),
        (first.r#type, first.risk, first.strategy, first.rollback)
    );
}

#[test]
fn the_default_policy_serialises_with_every_field() {
    let json = serde_json::to_value(Policy::default()).unwrap();
    let keys: Vec<&str> = json
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys.iter().copied().collect::<BTreeSet<_>>(),
        BTreeSet::from([
            "overrides",
            "rules",
            "disabled",
            "fallback",
            "migration_paths",
            "config_paths",
            "hotfix_branches",
            "feature_types",
            "fix_types",
            "incidents",
        ])
    );
    assert_eq!(json["rules"][3]["when"], "breaking_change");
    assert_eq!(
        json["rules"][3]["then"],
        json!({"risk": "high", "strategy": "canary", "steps": [20, 50, 100],
               "approval": {"level": "required", "by": ["release-manager"]}})
    );
    assert_eq!(
        json["incidents"]["medium"],
        json!({"action": "hotfix", "deadline_minutes": 60, "otherwise": "rollback"})
    );
}

#[test]
fn messages_are_exact() {
    let err = "sev1".parse::<Severity>().unwrap_err();
    assert_eq!(
        err.to_string(),
        "unknown severity `sev1`, expected one of low, medium, high, critical"
    );
    assert_eq!(
        format!("{err:?}"),
        format!("ParseError({:?})", err.to_string())
    );
    let err = "x\n`".parse::<Action>().unwrap_err();
    assert_eq!(
        err.to_string(),
        "unknown action `x\\n\\``, expected one of rollback, hotfix, next_release"
    );
}

#[test]
fn public_types_are_send_and_sync() {
    fn assert_send_sync<T: Send + Sync>() {}
    use relcore::risk::*;
    assert_send_sync::<Facts>();
    assert_send_sync::<Policy>();
    assert_send_sync::<Rule>();
    assert_send_sync::<Condition>();
    assert_send_sync::<Effect>();
    assert_send_sync::<Fallback>();
    assert_send_sync::<Classification>();
    assert_send_sync::<Reason>();
    assert_send_sync::<Approval>();
    assert_send_sync::<Incidents>();
    assert_send_sync::<Playbook>();
    assert_send_sync::<Response>();
    assert_send_sync::<ParseError>();
}
