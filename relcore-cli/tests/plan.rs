//! `relcore plan check` against the shared plan vectors, and `relcore classify` against
//! the shared risk vectors that need no custom policy.

use serde_json::Value;

use crate::util::{relcore, vectors};

#[test]
fn plan_check_vectors() {
    let vectors = vectors("plan.json");
    let dir = std::env::temp_dir().join(format!("relcore-plan-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut cases: Vec<&Value> = vectors["cases"].as_array().unwrap().iter().collect();
    cases.push(&vectors["seed"]);
    for (i, case) in cases.iter().enumerate() {
        if case.get("context").is_some_and(|c| !c.is_null()) {
            continue; // contexts beyond the CLI flags are covered by the library tests
        }
        let file = dir.join(format!("plan-{i}.yml"));
        std::fs::write(&file, case["plan"].as_str().unwrap()).unwrap();
        let run = relcore(&["plan", "check", "--json", file.to_str().unwrap()], None);
        let doc = run.json();
        let got: Vec<&Value> = doc["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| &d["code"])
            .collect();
        let expected: Vec<&Value> = case["codes"].as_array().unwrap().iter().collect();
        assert_eq!(got, expected, "{}", case["name"]);
        let errors = doc["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d["severity"] == "error");
        assert_eq!(run.code, i32::from(errors), "{}", case["name"]);
        if let Some(total) = case.get("total_duration_seconds") {
            assert_eq!(&doc["total_duration_seconds"], total, "{}", case["name"]);
        }
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn plan_check_prints_located_diagnostics() {
    let dir = std::env::temp_dir().join(format!("relcore-plan-human-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("plan.yml");
    std::fs::write(&file, "deployment:\n  strategy: canary\n  stages:\n    - { name: a, percentage: 5, duration: 1h }\n    - { name: a, percentage: 100 }\nrollback:\n  triggers: { error-rate: \"> 5%\" }\n  grace-period: 5m\n").unwrap();
    let run = relcore(&["plan", "check", file.to_str().unwrap()], None);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("error[duplicate_stage]"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains(&format!("--> {}:5:15", file.display())),
        "{}",
        run.stderr
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn classify_vectors_from_stdin() {
    let vectors = vectors("risk.json");
    let mut ran = 0;
    for case in vectors["classify"].as_array().unwrap() {
        let facts = &case["facts"];
        // Only facts the CLI's flags can express: commit messages, paths, versions, branch, hotfix.
        let plain = case.get("policy").is_none_or(Value::is_null)
            && facts["commits"]
                .as_array()
                .is_some_and(|c| c.iter().all(Value::is_string))
            && facts.get("services").is_none_or(Value::is_null);
        if !plain {
            continue;
        }
        let mut args: Vec<String> = vec!["classify".into(), "--stdin".into(), "--json".into()];
        for path in facts["paths"].as_array().into_iter().flatten() {
            args.extend(["--path".into(), path.as_str().unwrap().into()]);
        }
        for (key, flag) in [
            ("current", "--current"),
            ("next", "--next"),
            ("branch", "--branch"),
        ] {
            if let Some(v) = facts[key].as_str() {
                args.extend([flag.into(), v.into()]);
            }
        }
        if facts["hotfix"] == true {
            args.push("--hotfix".into());
        }
        let stdin: Vec<&str> = facts["commits"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c.as_str().unwrap())
            .collect();
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let run = relcore(&args, Some(&stdin.join("\0")));
        assert_eq!(run.code, 0, "{}: {}", case["name"], run.stderr);
        let doc = run.json();
        for (key, want) in case["expected"].as_object().unwrap() {
            assert_eq!(&doc[key], want, "{}: {key}", case["name"]);
        }
        let rules: Vec<&Value> = doc["reasons"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| &r["rule"])
            .collect();
        let expected: Vec<&Value> = case["rules"].as_array().unwrap().iter().collect();
        assert_eq!(rules, expected, "{}", case["name"]);
        ran += 1;
    }
    assert!(ran >= 20, "only {ran} classify vectors ran");
}

#[test]
fn plan_simulate_vectors() {
    let vectors = vectors("simulate.json");
    let dir = std::env::temp_dir().join(format!("relcore-simulate-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    for (i, case) in vectors["cases"].as_array().unwrap().iter().enumerate() {
        let plan = dir.join(format!("plan-{i}.yml"));
        let timeline = dir.join(format!("timeline-{i}"));
        std::fs::write(&plan, case["plan"].as_str().unwrap()).unwrap();
        std::fs::write(&timeline, case["timeline"].as_str().unwrap()).unwrap();
        let run = relcore(
            &[
                "plan",
                "simulate",
                "--json",
                plan.to_str().unwrap(),
                "--metrics",
                timeline.to_str().unwrap(),
            ],
            None,
        );
        let mut doc = run.json();
        let expected = &case["expected"];
        if let Some(code) = expected.get("error") {
            assert_eq!(&doc["code"], code, "{}", case["name"]);
            assert_eq!(run.code, 1, "{}", case["name"]);
            continue;
        }
        for d in doc["decisions"].as_array_mut().unwrap() {
            d.as_object_mut().unwrap().remove("message");
        }
        assert_eq!(&doc, expected, "{}", case["name"]);
        let completed = expected["outcome"] == "completed";
        assert_eq!(run.code, i32::from(!completed), "{}", case["name"]);
    }
    // The human output: one line per decision, then the outcome.
    let case = &vectors["cases"][1];
    let plan = dir.join("plan-1.yml");
    let timeline = dir.join("timeline-1");
    let run = relcore(
        &[
            "plan",
            "simulate",
            plan.to_str().unwrap(),
            "--metrics",
            timeline.to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(run.code, 1, "{}", case["name"]);
    assert!(
        run.stdout.ends_with("rolled back at 35m in `canary`\n"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("the trigger `latency-p99 > 1000ms` fires"),
        "{}",
        run.stdout
    );
}

#[test]
fn plan_simulate_reads_stdin_and_names_bad_formats() {
    let dir = std::env::temp_dir().join(format!("relcore-simulate-stdin-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let plan = dir.join("plan.yml");
    std::fs::write(
        &plan,
        "deployment: { strategy: canary, stages: [{ name: all, percentage: 100, duration: 1h }] }\n",
    )
    .unwrap();
    let p = plan.to_str().unwrap();
    let run = relcore(
        &["plan", "simulate", p, "--metrics", "-", "--json"],
        Some("[]"),
    );
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert_eq!(run.json()["at_seconds"], 3600);
    let run = relcore(
        &["plan", "simulate", p, "--metrics", "-", "--format", "csv"],
        Some("at,metric,value\n1m,error-rate,nope\n"),
    );
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("error[invalid_value]"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("<stdin>:2:15"), "{}", run.stderr);
    let run = relcore(
        &["plan", "simulate", p, "--metrics", "-", "--format", "xml"],
        Some(""),
    );
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("unknown_format"), "{}", run.stderr);
}

#[test]
fn plan_suggest_gives_a_plan_that_checks_clean() {
    let dir = std::env::temp_dir().join(format!("relcore-suggest-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let run = relcore(
        &["plan", "suggest", "--stdin", "--current", "1.4.0", "--json"],
        Some("feat(api)!: drop /v1\0fix: typo\0"),
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let doc = run.json();
    assert_eq!(doc["classification"]["risk"], "high");
    let plan = doc["plan"].as_str().unwrap();
    assert!(
        plan.starts_with("change: { type: feature, risk: high }\n"),
        "{plan}"
    );
    // The human output is the same text.
    let human = relcore(
        &["plan", "suggest", "--stdin", "--current", "1.4.0"],
        Some("feat(api)!: drop /v1\0fix: typo\0"),
    );
    assert_eq!(human.stdout, plan);
    let file = dir.join("suggested.yml");
    std::fs::write(&file, plan).unwrap();
    let check = relcore(&["plan", "check", "--json", file.to_str().unwrap()], None);
    assert_eq!(check.code, 0, "{}", check.stdout);
    // Clean: no errors and no warnings (the bounded hold bands are notes).
    let loud = check.json()["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["severity"] != "note")
        .count();
    assert_eq!(loud, 0, "{}", check.stdout);
}

#[test]
fn plan_chart_vectors() {
    let vectors = vectors("chart.json");
    let dir = std::env::temp_dir().join(format!("relcore-chart-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    for (i, case) in vectors.as_array().unwrap().iter().enumerate() {
        let file = dir.join(format!("plan-{i}.yml"));
        std::fs::write(&file, case["plan"].as_str().unwrap()).unwrap();
        let path = file.to_str().unwrap();
        let expected = case["expected"].as_str().unwrap();
        let run = relcore(&["plan", "chart", path], None);
        assert_eq!(run.code, 0, "{}: {}", case["name"], run.stderr);
        assert_eq!(
            run.stdout.trim_end(),
            expected.trim_end(),
            "{}",
            case["name"]
        );
        let run = relcore(&["plan", "chart", "--json", path], None);
        assert_eq!(
            run.json()["chart"].as_str(),
            Some(expected),
            "{}",
            case["name"]
        );
        let run = relcore(&["plan", "chart", "--markdown", path], None);
        assert!(
            run.stdout.starts_with("```mermaid\ngantt\n"),
            "{}",
            run.stdout
        );
        assert!(run.stdout.ends_with("\n```\n"), "{}", run.stdout);
    }
    let bad = dir.join("bad.yml");
    std::fs::write(&bad, "deployment:\n  strategy: canary\n  stagse: []\n").unwrap();
    let run = relcore(&["plan", "chart", bad.to_str().unwrap()], None);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("error[unknown_key]"), "{}", run.stderr);
    assert!(run.stderr.contains("bad.yml:3:3"), "{}", run.stderr);
}

#[test]
fn classify_refuses_a_policy_with_an_invalid_glob() {
    let dir = std::env::temp_dir().join(format!("relcore-glob-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let config = dir.join("relcore.toml");
    std::fs::write(
        &config,
        "[risk]\nconfig_paths = [\"*.{yaml,yml}\", \"config/*.[jt]oml\", \"config/[a\"]\n",
    )
    .unwrap();
    let config = config.to_str().unwrap();
    let args = [
        "classify",
        "--stdin",
        "--json",
        "--config",
        config,
        "--path",
        "config/[a",
    ];
    let run = relcore(&args, Some("chore: tune"));
    assert_eq!(run.code, 2, "{}", run.stderr);
    let doc = run.json();
    assert_eq!(doc["code"], "invalid_glob", "{doc}");
    let message = doc["message"].as_str().unwrap();
    assert!(message.contains("config_paths[2]"), "{message}");
    // The valid ones match as gitignore does.
    std::fs::write(
        dir.join("relcore.toml"),
        "[risk]\nconfig_paths = [\"*.{yaml,yml}\", \"config/*.[jt]oml\"]\n",
    )
    .unwrap();
    let args = [
        "classify",
        "--stdin",
        "--json",
        "--config",
        config,
        "--path",
        "deploy/values.yml",
        "--path",
        "config/app.toml",
    ];
    let run = relcore(&args, Some("chore: tune"));
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.json()["type"], "config");
    std::fs::remove_dir_all(&dir).unwrap();
}
