//! `relcore::plan` beyond validation: the YAML writer, suggested plans, Mermaid charts,
//! against the shared vectors.

use relcore::plan::{Context, Plan, chart, validate};
use relcore::risk::{
    ChangeType, Classification, Facts, Pace, Policy, Risk, Strategy, classify, suggest_plan,
};
use relcore::version::Version;

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

/// Suggestions written by a blessing run (`RELCORE_BLESS=1`), for review.
fn blessed_suggestions() -> &'static std::sync::Mutex<Vec<(String, String)>> {
    static BLESSED: std::sync::OnceLock<std::sync::Mutex<Vec<(String, String)>>> =
        std::sync::OnceLock::new();
    BLESSED.get_or_init(|| std::sync::Mutex::new(Vec::new()))
}

#[test]
fn suggested_plans_match_the_vectors() {
    let v = vectors("suggest.json");
    let cases = v.as_array().unwrap();
    assert!(cases.len() >= 8);
    let mut types = std::collections::BTreeSet::new();
    for case in cases {
        let name = str_at(case, "name");
        let class: Classification = serde_json::from_value(case["classification"].clone())
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        types.insert(class.r#type.as_str());
        let yaml = suggest_plan(&class).to_yaml();
        if std::env::var_os("RELCORE_BLESS").is_some() {
            let mut blessed = blessed_suggestions().lock().unwrap();
            blessed.push((name.to_owned(), yaml.clone()));
        }
        assert!(
            std::env::var_os("RELCORE_BLESS").is_some() || yaml == str_at(case, "expected"),
            "{name}:\n{yaml}"
        );
        // Both entry points are the same function.
        assert_eq!(
            relcore::plan::suggest_plan(&class).to_yaml(),
            yaml,
            "{name}"
        );
        // The expected text is a plan that passes the check, in the class's context.
        let ctx = Context {
            change_type: Some(class.r#type),
            risk: Some(class.risk),
            ..Context::default()
        };
        let report = validate(&yaml, &ctx);
        // It checks clean: no errors, no warnings (its hold bands are bounded: notes).
        assert!(
            report.errors().chain(report.warnings()).next().is_none(),
            "{name}: {:#?}",
            report.diagnostics
        );
    }
    assert_eq!(types.len(), ChangeType::ALL.len(), "{types:?}");
    if std::env::var_os("RELCORE_BLESS").is_some() {
        let blessed = blessed_suggestions().lock().unwrap();
        let out: Vec<serde_json::Value> = blessed
            .iter()
            .map(|(n, y)| serde_json::json!({"name": n, "expected": y}))
            .collect();
        std::fs::write(
            std::env::temp_dir().join("relcore-suggest-blessed.json"),
            serde_json::to_string_pretty(&out).unwrap(),
        )
        .unwrap();
    }
}

#[test]
fn charts_match_the_vectors() {
    let v = vectors("chart.json");
    let cases = v.as_array().unwrap();
    assert!(cases.len() >= 5);
    let seed = str_at(&vectors("plan.json")["seed"], "plan").to_owned();
    assert!(
        cases.iter().any(|c| str_at(c, "plan") == seed),
        "chart.json has no case for the seed plan"
    );
    for case in cases {
        let name = str_at(case, "name");
        let plan = Plan::from_yaml(str_at(case, "plan")).unwrap_or_else(|e| panic!("{name}: {e}"));
        let got = chart(&plan);
        assert_eq!(got, str_at(case, "expected"), "{name}");
        // Every task line is `<name> :<data>`: one colon, no `;` or `#`, a unique id.
        let mut ids = std::collections::HashSet::new();
        for line in got.lines().filter(|l| l.contains(" :")) {
            assert_eq!(line.matches(':').count(), 1, "{name}: {line}");
            assert!(!line.contains([';', '#']), "{name}: {line}");
            let data = line.split_once(" :").unwrap().1;
            let id = data
                .split(", ")
                .find(|p| p.len() > 1 && p[1..].bytes().all(|b| b.is_ascii_digit()))
                .unwrap_or_else(|| panic!("{name}: no id in {line}"));
            assert!(ids.insert(id.to_owned()), "{name}: {id} twice");
        }
    }
}

/// The examples of `docs/rollout-plans.md` are the vectors' outputs, so they cannot
/// drift from what the code writes.
#[test]
fn docs_show_what_the_code_writes() {
    let doc = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/rollout-plans.md"),
    )
    .unwrap();
    let seed = Plan::from_yaml(str_at(&vectors("plan.json")["seed"], "plan")).unwrap();
    assert!(
        doc.contains(&format!("```mermaid\n{}```", chart(&seed))),
        "docs/rollout-plans.md does not show the seed plan's chart"
    );
    let suggest = vectors("suggest.json");
    let case = suggest
        .as_array()
        .unwrap()
        .iter()
        .find(|c| str_at(c, "name") == "breaking_feature_canary")
        .unwrap();
    assert!(
        doc.contains(&format!("```yaml\n{}```", str_at(case, "expected"))),
        "docs/rollout-plans.md does not show the suggested plan of a breaking feature"
    );
}

#[test]
fn new_public_types_are_send_and_sync() {
    fn assert_send_sync<T: Send + Sync>() {}
    use relcore::plan::*;
    assert_send_sync::<Pipeline>();
    assert_send_sync::<PipelineEvent>();
    assert_send_sync::<PipelineStage>();
    assert_send_sync::<StageState>();
    assert_send_sync::<PipelineOutcome>();
    assert_send_sync::<TransitionError>();
    assert_send_sync::<TransitionErrorKind>();
}

/// Every pipeline error slug is documented in `docs/errors.md`.
#[test]
fn pipeline_slugs_are_documented() {
    use relcore::plan::{Pipeline, PipelineEvent, PipelineStage};
    let doc = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/errors.md"),
    )
    .unwrap();
    // Run every event on a few pipelines and collect the slugs that come out.
    let mut slugs = std::collections::BTreeSet::new();
    let mut pipelines = vec![Pipeline::new()];
    for stage in PipelineStage::ALL {
        let last = pipelines.last().unwrap().clone();
        let started = last.next(PipelineEvent::Start { stage }).unwrap();
        pipelines.push(
            started
                .next(PipelineEvent::Block {
                    stage,
                    reason: "x".into(),
                })
                .unwrap(),
        );
        pipelines.push(started.next(PipelineEvent::Fail { stage }).unwrap());
        pipelines.push(started.clone());
        pipelines.push(started.next(PipelineEvent::Complete { stage }).unwrap());
    }
    for p in &pipelines {
        for stage in PipelineStage::ALL {
            for e in [
                PipelineEvent::Start { stage },
                PipelineEvent::Complete { stage },
                PipelineEvent::Fail { stage },
                PipelineEvent::Block {
                    stage,
                    reason: "x".into(),
                },
                PipelineEvent::Unblock { stage },
            ] {
                if let Err(err) = p.next(e) {
                    slugs.insert(err.kind().as_str());
                }
            }
        }
    }
    assert_eq!(slugs.len(), 7, "{slugs:?}");
    for slug in slugs {
        assert!(
            doc.contains(&format!("| `{slug}` |")),
            "docs/errors.md lacks `{slug}`"
        );
    }
}

/// The suggested plan of a classification from facts: the two domains end to end
/// (`risk::classify`, then `plan::suggest_plan`, then the plan check).
#[test]
fn classified_facts_give_fitting_plans() {
    fn percentages(plan: &Plan) -> Vec<f64> {
        plan.deployment
            .stages
            .iter()
            .filter_map(|s| s.percentage)
            .collect()
    }
    fn names(plan: &Plan) -> Vec<&str> {
        plan.deployment
            .stages
            .iter()
            .map(|s| s.name.as_str())
            .collect()
    }
    fn approvals(plan: &Plan) -> Vec<Option<&str>> {
        plan.deployment
            .stages
            .iter()
            .map(|s| s.approval.as_deref())
            .collect()
    }
    let policy = Policy::default();
    let plan_for = |facts: Facts| {
        let c = classify(&facts, &policy);
        let plan = suggest_plan(&c);
        let ctx = Context {
            change_type: Some(c.r#type),
            risk: Some(c.risk),
            ..Context::default()
        };
        let report = validate(&plan.to_yaml(), &ctx);
        let errors: Vec<String> = report.errors().map(ToString::to_string).collect();
        assert!(errors.is_empty(), "{c:?}\n{errors:#?}");
        (c, plan)
    };
    let version = |s: &str| Version::parse(s).unwrap();

    let (_, p) = plan_for(Facts::from_messages(["feat: search"]));
    assert_eq!(p.deployment.strategy, Some(Strategy::Rolling));
    assert_eq!(percentages(&p), [25.0, 50.0, 100.0]);
    assert_eq!(approvals(&p), [None, None, None]);

    let (_, p) = plan_for(Facts::from_messages(["feat!: drop v1"]));
    assert_eq!(p.deployment.strategy, Some(Strategy::Canary));
    assert_eq!(percentages(&p), [5.0, 20.0, 50.0, 100.0]);
    assert_eq!(approvals(&p)[1], Some("release-manager"));

    let (_, p) =
        plan_for(Facts::from_messages(["feat(db): orders"]).with_paths(["db/migrations/1.sql"]));
    assert_eq!(p.deployment.strategy, Some(Strategy::BlueGreen));
    assert_eq!(names(&p), ["half", "switch"]);
    assert_eq!(approvals(&p)[0], Some("release-manager+dba"));
    assert!(!p.rollback.as_ref().unwrap().automatic);

    let (c, p) = plan_for(Facts::from_messages(["fix: login loop"]).with_branch("hotfix/login"));
    assert_eq!(c.pace, Pace::FastTrack);
    assert_eq!(approvals(&p), [None, Some("manager+security"), None]);
    assert_eq!(
        p.deployment.stages[0].duration,
        Some(relcore::plan::Duration::from_secs(600))
    );

    let (c, p) = plan_for(
        Facts::from_messages(["fix: x"]).with_versions(version("1.5.0"), version("1.4.2")),
    );
    assert_eq!(c.r#type, ChangeType::Rollback);
    assert_eq!(p.deployment.strategy, Some(Strategy::Recreate));
    assert_eq!(names(&p), ["full"]);
    assert!(p.deployment.stages[0].metrics.is_empty());

    let (c, p) = plan_for(Facts::from_messages(["chore: tune"]).with_paths(["config/app.yaml"]));
    assert_eq!(c.r#type, ChangeType::Config);
    assert_eq!(p.change.as_ref().unwrap().risk, Some(Risk::Low));
    assert_eq!(approvals(&p), [None, None, None]);
}
