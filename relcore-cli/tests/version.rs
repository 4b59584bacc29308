//! `relcore version check|bump|compare|sort`.

use serde_json::Value;

use crate::util::{par_each, relcore, vectors};

fn s(v: &Value) -> &str {
    v.as_str().unwrap()
}

#[test]
fn check_valid_and_invalid_vectors() {
    let vectors = vectors("version.json");
    let valid: Vec<&Value> = vectors["valid"].as_array().unwrap().iter().collect();
    par_each(&valid, |case| {
        let input = s(&case["input"]);
        let run = relcore(&["version", "check", input, "--json"], None);
        if input
            .split(['.', '-', '+'])
            .take(3)
            .any(|n| n.parse::<u64>().is_err())
        {
            return; // numbers beyond u64 are covered by the invalid vectors
        }
        assert_eq!(run.code, 0, "{input}: {}", run.stdout);
        let doc = run.json();
        assert_eq!(doc["valid"], true);
        assert_eq!(doc["version"], input);
        assert_eq!(doc["prerelease"], case["pre"]);
        assert_eq!(doc["build"], case["build"]);
    });
    let invalid: Vec<&Value> = vectors["invalid"].as_array().unwrap().iter().collect();
    par_each(&invalid, |case| {
        let input = s(&case["input"]);
        if input.contains('\0') {
            return; // argv cannot carry NUL; the library tests cover it
        }
        let run = relcore(&["version", "check", "--json", "--", input], None);
        assert_eq!(run.code, 1, "{input:?}");
        let doc = run.json();
        assert_eq!(doc["valid"], false);
        assert_eq!(doc["code"], case["kind"], "{input:?}");
        assert_eq!(doc["offset"], case["offset"], "{input:?}");
    });
}

#[test]
fn messages_and_carets_on_stderr() {
    let vectors = vectors("version.json");
    for case in vectors["messages"].as_array().unwrap() {
        let input = s(&case["input"]);
        let run = relcore(&["version", "check", "--", input], None);
        assert_eq!(run.code, 1);
        assert!(run.stdout.is_empty());
        assert!(run.stderr.contains(s(&case["message"])), "{}", run.stderr);
    }
    let run = relcore(&["version", "check", "1.02.3"], None);
    assert_eq!(
        run.stderr,
        "error[leading_zero]: invalid leading zero in minor version of `1.02.3` at offset 2\n  1.02.3\n    ^\n"
    );
}

#[test]
fn bump_vectors() {
    let vectors = vectors("version.json");
    let cases: Vec<&Value> = vectors["bump"].as_array().unwrap().iter().collect();
    par_each(&cases, |case| {
        let mut args = vec![
            "version",
            "bump",
            s(&case["version"]),
            s(&case["level"]),
            "--json",
        ];
        if let Some(preid) = case["preid"].as_str() {
            args.extend(["--preid", preid]);
        }
        let base = match &case["preid_base"] {
            Value::String(b) => b.clone(),
            Value::Bool(false) => "false".to_owned(),
            _ => String::new(),
        };
        if !base.is_empty() {
            args.extend(["--preid-base", &base]);
        }
        let run = relcore(&args, None);
        let doc = run.json();
        if let Some(expected) = case["expected"].as_str() {
            assert_eq!(run.code, 0, "{case}: {doc}");
            assert_eq!(doc["next"], expected, "{case}");
        } else {
            assert_eq!(run.code, 1, "{case}: {doc}");
            assert_eq!(doc["code"], case["error"], "{case}");
        }
    });
}

#[test]
fn bump_usage_errors_exit_2_with_the_slug() {
    let run = relcore(&["version", "bump", "1.2.3", "huge", "--json"], None);
    assert_eq!(run.code, 2);
    assert_eq!(run.json()["code"], "unknown_level");
    let run = relcore(
        &[
            "version",
            "bump",
            "1.2.3",
            "prerelease",
            "--preid-base",
            "2",
        ],
        None,
    );
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("invalid preid base `2`, expected 0, 1 or false"),
        "{}",
        run.stderr
    );
    let run = relcore(&["version", "frobnicate"], None);
    assert_eq!(run.code, 2);
}

#[test]
fn compare_vectors() {
    let vectors = vectors("version.json");
    for case in vectors["compare"].as_array().unwrap() {
        let run = relcore(
            &["version", "compare", s(&case["a"]), s(&case["b"]), "--json"],
            None,
        );
        assert_eq!(run.code, 0);
        assert_eq!(run.json()["ordering"], case["expected"], "{case}");
    }
    assert_eq!(
        relcore(&["version", "compare", "1.0.0-rc.1", "1.0.0"], None).stdout,
        "1.0.0-rc.1 < 1.0.0\n"
    );
    assert_eq!(
        relcore(&["version", "compare", "1.0.0", "1.0"], None).code,
        1
    );
}

#[test]
fn sort_vectors_from_arguments_and_stdin() {
    let vectors = vectors("version.json");
    for case in vectors["sort"].as_array().unwrap() {
        let input: Vec<&str> = case["input"].as_array().unwrap().iter().map(s).collect();
        let expected: Vec<&str> = case["expected"].as_array().unwrap().iter().map(s).collect();
        let mut args = vec!["version", "sort"];
        args.extend(&input);
        let run = relcore(&args, None);
        assert_eq!(run.code, 0);
        assert_eq!(run.stdout, expected.join("\n") + "\n");
        let run = relcore(&["version", "sort", "--json"], Some(&input.join("\n")));
        assert_eq!(run.json()["sorted"], case["expected"]);
    }
}

#[test]
fn sort_reports_each_invalid_line_with_its_number() {
    let stdin = "1.0.0\r\n2.0.0-rc.1\n\n01.0.0\n1.0.0-alpha\nv3.0.0\n";
    let run = relcore(&["version", "sort"], Some(stdin));
    assert_eq!(run.code, 1);
    assert_eq!(run.stdout, "1.0.0-alpha\n1.0.0\n2.0.0-rc.1\n");
    assert!(
        run.stderr
            .contains("error[leading_zero]: line 4: invalid leading zero"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("error[unexpected_prefix]: line 6: unexpected prefix 'v'"),
        "{}",
        run.stderr
    );
    let doc = relcore(&["version", "sort", "--json", "--reverse"], Some(stdin)).json();
    assert_eq!(
        doc["sorted"],
        serde_json::json!(["2.0.0-rc.1", "1.0.0", "1.0.0-alpha"])
    );
    assert_eq!(doc["errors"][0]["line"], 4);
    assert_eq!(doc["errors"][0]["code"], "leading_zero");
    assert_eq!(doc["errors"][1]["line"], 6);
    let run = relcore(&["version", "sort", "1.0.0", "x"], None);
    assert!(run.stderr.contains("argument 2:"), "{}", run.stderr);
}

/// `git tag --list | relcore version sort --tag-format 'v{version}'`: tags in version
/// order, other tags left out (JSON `skipped`).
#[test]
fn sort_release_tags_by_version() {
    let tags = "v1.2.0\nv1.10.0\nnightly\nv1.10.0-rc.1\nv2.0.0\nv01.2.3\n";
    let run = relcore(
        &["version", "sort", "--tag-format", "v{version}"],
        Some(tags),
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stdout, "v1.2.0\nv1.10.0-rc.1\nv1.10.0\nv2.0.0\n");
    let run = relcore(
        &[
            "version",
            "sort",
            "-r",
            "--tag-format",
            "v{version}",
            "--json",
        ],
        Some(tags),
    );
    let json = run.json();
    assert_eq!(
        json["sorted"],
        serde_json::json!(["v2.0.0", "v1.10.0", "v1.10.0-rc.1", "v1.2.0"])
    );
    assert_eq!(json["versions"][0], "2.0.0");
    assert_eq!(json["skipped"], serde_json::json!(["nightly", "v01.2.3"]));
    let run = relcore(
        &["version", "sort", "--tag-format", "{package}@{version}"],
        Some("api@1.2.0\nweb@0.1.0\napi@1.10.0\n"),
    );
    assert_eq!(run.stdout, "web@0.1.0\napi@1.2.0\napi@1.10.0\n");
}
