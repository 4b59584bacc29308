//! `relcore::plan` beyond validation: the YAML writer, suggested plans, Mermaid charts,
//! against the shared vectors.

use relcore::plan::Plan;

use crate::util::{str_at, vectors};

/// Every plan text of `plan.json` that `Plan::from_yaml` accepts.
fn vector_plans() -> Vec<(String, String)> {
    let v = vectors("plan.json");
    let mut out = vec![("seed".to_owned(), str_at(&v["seed"], "plan").to_owned())];
    for case in v["cases"].as_array().unwrap() {
        out.push((
            str_at(case, "name").to_owned(),
            str_at(case, "plan").to_owned(),
        ));
    }
    out
}

#[test]
fn yaml_round_trips_every_vector_plan() {
    let mut accepted = 0;
    for (name, text) in vector_plans() {
        let Ok(plan) = Plan::from_yaml(&text) else {
            continue;
        };
        accepted += 1;
        let yaml = plan.to_yaml();
        let back = Plan::from_yaml(&yaml).unwrap_or_else(|e| panic!("{name}:\n{yaml}\n{e}"));
        assert_eq!(back, plan, "{name}:\n{yaml}");
        // The writer is canonical: its own output is written back unchanged.
        assert_eq!(back.to_yaml(), yaml, "{name}");
    }
    // Most vectors break a rule, not the structure: they are plans.
    assert!(accepted >= 60, "only {accepted} vector plans parse");
}
