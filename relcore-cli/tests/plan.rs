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
    // An empty configuration: the tests' working directory has a relcore.toml of its own.
    let empty = dir.join("empty.toml");
    std::fs::write(&empty, "").unwrap();
    let mut with_context = 0;
    for (i, case) in cases.iter().enumerate() {
        let file = dir.join(format!("plan-{i}.yml"));
        std::fs::write(&file, case["plan"].as_str().unwrap()).unwrap();
        let mut args: Vec<String> = vec!["plan".into(), "check".into(), "--json".into()];
        args.push(file.to_str().unwrap().into());
        // The context through the CLI: flags, and `[plan] holidays` in relcore.toml.
        let config = dir.join(format!("relcore-{i}.toml"));
        let mut config_used = false;
        if let Some(context) = case.get("context").and_then(Value::as_object) {
            if context.contains_key("max_canary_percentage") {
                continue; // a policy knob the CLI does not take
            }
            with_context += 1;
            for (key, value) in context {
                match key.as_str() {
                    "holidays" => {
                        let dates: Vec<String> = value
                            .as_array()
                            .unwrap()
                            .iter()
                            .map(|d| d.as_str().unwrap().to_owned())
                            .collect();
                        std::fs::write(
                            &config,
                            format!("[plan]\nholidays = [{}]\n", dates.join(", ")),
                        )
                        .unwrap();
                        config_used = true;
                    }
                    "start" => {
                        args.push("--start".into());
                        let start = value.as_str().unwrap();
                        args.push(start.strip_suffix(":00").unwrap_or(start).into());
                    }
                    "risk" => {
                        args.push("--risk".into());
                        args.push(value.as_str().unwrap().into());
                    }
                    other => panic!("context `{other}` has no CLI form"),
                }
            }
        }
        args.push("--config".into());
        args.push(
            if config_used { &config } else { &empty }
                .to_str()
                .unwrap()
                .into(),
        );
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let run = relcore(&args, None);
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
    assert!(
        with_context >= 5,
        "only {with_context} vectors with a context ran"
    );
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

/// The seed plan of the design with its window, as the vectors have it.
fn seed_plan(dir: &std::path::Path) -> std::path::PathBuf {
    let file = dir.join("seed.yml");
    std::fs::write(
        &file,
        vectors("plan.json")["seed"]["plan"].as_str().unwrap(),
    )
    .unwrap();
    file
}

#[test]
fn plan_order_prints_the_deploy_and_rollback_order() {
    let dir = std::env::temp_dir().join(format!("relcore-order-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let seed = seed_plan(&dir);
    let plan = dir.join("delays.yml");
    std::fs::write(
        &plan,
        "deployment: { strategy: rolling, stages: [{ name: all, percentage: 100 }] }\n\
         rollback: { triggers: { error-rate: \"> 1%\" } }\n\
         services:\n  - { name: worker, depends-on: [api], health-check: /ready }\n  - { name: api, health-check: /health, delay: 5m }\n",
    )
    .unwrap();
    let run = relcore(&["plan", "order", plan.to_str().unwrap()], None);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stdout,
        "deploy:\n  1. api     wait 5m, health check /health\n  2. worker  health check /ready\nrollback:\n  1. worker\n  2. api\n"
    );
    let run = relcore(&["plan", "order", "--json", seed.to_str().unwrap()], None);
    assert_eq!(
        run.json(),
        serde_json::json!({
            "deploy": [
                {"name": "api", "delay_seconds": 0, "health_check": "/health"},
                {"name": "worker", "delay_seconds": 0, "health_check": "/ready"}
            ],
            "rollback": ["worker", "api"]
        })
    );
    let cycle = dir.join("cycle.yml");
    std::fs::write(
        &cycle,
        "deployment: { strategy: rolling, stages: [{ name: all, percentage: 100 }] }\n\
         services: [{ name: a, depends-on: [b] }, { name: b, depends-on: [a] }]\n",
    )
    .unwrap();
    let run = relcore(&["plan", "order", "--json", cycle.to_str().unwrap()], None);
    assert_eq!(run.code, 1);
    assert_eq!(run.json()["code"], "dependency_cycle");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn plan_next_window_says_when_and_why_not_earlier() {
    let dir = std::env::temp_dir().join(format!("relcore-next-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let seed = seed_plan(&dir);
    let empty = dir.join("empty.toml");
    std::fs::write(&empty, "").unwrap();
    let seed = seed.to_str().unwrap();
    let config = empty.to_str().unwrap();
    let run = relcore(
        &[
            "plan",
            "next-window",
            seed,
            "--at",
            "2026-11-26T11:00",
            "--config",
            config,
        ],
        None,
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout
            .starts_with("Thu 2026-11-26 11:00  outside_window: "),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("  friday_deploy: "), "{}", run.stdout);
    assert!(
        run.stdout
            .ends_with("next window: Tue 2026-12-01 10:00 (Europe/Berlin)\n"),
        "{}",
        run.stdout
    );
    // A holiday from relcore.toml moves it a day on.
    let holidays = dir.join("holidays.toml");
    std::fs::write(&holidays, "[plan]\nholidays = [2026-12-01]\n").unwrap();
    let run = relcore(
        &[
            "plan",
            "next-window",
            "--json",
            seed,
            "--at",
            "2026-11-26T11:00",
            "--config",
            holidays.to_str().unwrap(),
        ],
        None,
    );
    let doc = run.json();
    assert_eq!(doc["start"], "2026-12-08T10:00:00");
    let reasons: Vec<&str> = doc["skipped"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|s| s["reasons"].as_array().unwrap())
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    assert!(reasons.contains(&"holiday_deploy"), "{reasons:?}");
    // A plan without a window has no answer.
    let bare = dir.join("bare.yml");
    std::fs::write(
        &bare,
        "deployment: { strategy: rolling, stages: [{ name: all, percentage: 100 }] }\n",
    )
    .unwrap();
    let run = relcore(
        &[
            "plan",
            "next-window",
            "--json",
            bare.to_str().unwrap(),
            "--config",
            config,
        ],
        None,
    );
    assert_eq!(
        (run.code, run.json()["code"].as_str()),
        (1, Some("no_window"))
    );
    // Without --at: now, in the window's timezone.
    let run = relcore(
        &["plan", "next-window", "--json", seed, "--config", config],
        None,
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.json()["start"].is_string());
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn plan_holidays_come_from_the_holidays_file_and_relcore_toml() {
    let dir = std::env::temp_dir().join(format!("relcore-holidays-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let plan = dir.join("plan.yml");
    std::fs::write(
        &plan,
        "deployment: { strategy: rolling, stages: [{ name: all, percentage: 100, duration: 1h }] }\n\
         rollback: { triggers: { error-rate: \"> 1%\" } }\n\
         window: { timezone: UTC, holidays-file: holidays.txt, start: \"2026-11-24T10:00\" }\n",
    )
    .unwrap();
    let empty = dir.join("empty.toml");
    std::fs::write(&empty, "").unwrap();
    let check = |config: &std::path::Path| {
        relcore(
            &[
                "plan",
                "check",
                "--json",
                plan.to_str().unwrap(),
                "--config",
                config.to_str().unwrap(),
            ],
            None,
        )
    };
    std::fs::write(dir.join("holidays.txt"), "# none this week\n2026-12-25\n").unwrap();
    assert_eq!(check(&empty).code, 0);
    std::fs::write(dir.join("holidays.txt"), "2026-11-24  # a local holiday\n").unwrap();
    let run = check(&empty);
    assert_eq!(run.code, 1);
    assert_eq!(run.json()["diagnostics"][0]["code"], "holiday_deploy");
    // From relcore.toml `[plan] holidays` too.
    std::fs::write(dir.join("holidays.txt"), "").unwrap();
    let config = dir.join("relcore.toml");
    std::fs::write(&config, "[plan]\nholidays = [\"2026-11-24\"]\n").unwrap();
    let run = check(&config);
    assert_eq!(run.json()["diagnostics"][0]["code"], "holiday_deploy");
    // A line that is not a date is located.
    std::fs::write(dir.join("holidays.txt"), "2026-12-25\nXmas\n").unwrap();
    let run = check(&empty);
    assert_eq!(run.code, 2);
    let doc = run.json();
    assert_eq!(doc["code"], "invalid_holiday");
    assert!(
        doc["message"]
            .as_str()
            .unwrap()
            .contains("holidays.txt:2:1: `Xmas` is not a date"),
        "{doc}"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn plan_simulate_shows_wall_clock_time_with_a_window() {
    let dir = std::env::temp_dir().join(format!("relcore-wall-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let seed = seed_plan(&dir);
    let timeline = dir.join("timeline.csv");
    std::fs::write(
        &timeline,
        "at,metric,value,approve,service,healthy\n10m,error-rate,0.05,,,\n10m,latency-p99,150,,,\n\
         1h30m,,,partial,,\n5h40m,,,rollout,,\n14h,,,full,,\n2d,,,,api,true\n2d1m,,,,worker,true\n",
    )
    .unwrap();
    let empty = dir.join("empty.toml");
    std::fs::write(&empty, "").unwrap();
    let run = relcore(
        &[
            "plan",
            "simulate",
            seed.to_str().unwrap(),
            "--metrics",
            timeline.to_str().unwrap(),
            "--config",
            empty.to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains("2026-11-24T15:40  partial  hold               `rollout` is due on Tue 2026-11-24 15:40, outside the allowed windows: it waits for the window to open at 2026-11-25T10:00\n"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .ends_with("completed at 2d1m (2026-11-26T10:01)\n"),
        "{}",
        run.stdout
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn plan_order_and_next_window_vectors() {
    let vectors = vectors("schedule.json");
    let dir = std::env::temp_dir().join(format!("relcore-schedule-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let empty = dir.join("empty.toml");
    std::fs::write(&empty, "").unwrap();
    for (i, case) in vectors["order"].as_array().unwrap().iter().enumerate() {
        let file = dir.join(format!("order-{i}.yml"));
        std::fs::write(&file, case["plan"].as_str().unwrap()).unwrap();
        let run = relcore(&["plan", "order", "--json", file.to_str().unwrap()], None);
        let doc = run.json();
        match case["expected"].get("error") {
            Some(code) => assert_eq!((&doc["code"], run.code), (code, 1), "{}", case["name"]),
            None => assert_eq!((&doc, run.code), (&case["expected"], 0), "{}", case["name"]),
        }
    }
    for (i, case) in vectors["next_window"]
        .as_array()
        .unwrap()
        .iter()
        .enumerate()
    {
        let file = dir.join(format!("next-{i}.yml"));
        let mut plan = case["plan"].as_str().unwrap().to_owned();
        let config = dir.join(format!("next-{i}.toml"));
        let mut toml = String::new();
        if let Some(context) = case.get("context") {
            if let Some(holidays) = context.get("holidays") {
                let dates: Vec<&str> = holidays
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|d| d.as_str().unwrap())
                    .collect();
                toml = format!("[plan]\nholidays = [{}]\n", dates.join(", "));
            }
            if let Some(kind) = context.get("change_type") {
                // The CLI has no flag for it here: the plan says it.
                plan = format!("change: {{ type: {} }}\n{plan}", kind.as_str().unwrap());
            }
        }
        std::fs::write(&file, plan).unwrap();
        std::fs::write(&config, toml).unwrap();
        let run = relcore(
            &[
                "plan",
                "next-window",
                "--json",
                file.to_str().unwrap(),
                "--at",
                case["at"].as_str().unwrap(),
                "--config",
                config.to_str().unwrap(),
            ],
            None,
        );
        let doc = run.json();
        if let Some(code) = case["expected"].get("error") {
            assert_eq!((&doc["code"], run.code), (code, 1), "{}", case["name"]);
            continue;
        }
        let codes = |ds: &Value| -> Vec<Value> {
            ds.as_array()
                .unwrap()
                .iter()
                .map(|d| d["code"].clone())
                .collect()
        };
        let pinned = serde_json::json!({
            "start": doc["start"],
            "skipped": doc["skipped"].as_array().unwrap().iter()
                .map(|s| serde_json::json!({"start": s["start"], "codes": codes(&s["reasons"])}))
                .collect::<Vec<_>>(),
            "skipped_total": doc["skipped_total"],
            "overridden": codes(&doc["overridden"]),
        });
        assert_eq!(pinned, case["expected"], "{}", case["name"]);
    }
    std::fs::remove_dir_all(&dir).unwrap();
}
