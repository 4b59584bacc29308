//! `relcore commit parse|lint`, `relcore next` and `relcore changelog` against the shared
//! commit and bump vectors and the changelog fixtures.

use std::path::PathBuf;

use serde_json::Value;

use crate::util::{relcore, vectors};

fn s(v: &Value) -> &str {
    v.as_str().unwrap()
}

#[test]
fn parse_vectors() {
    let vectors = vectors("commit.json");
    for case in vectors["parse"].as_array().unwrap() {
        let run = relcore(&["commit", "parse", "--json"], Some(s(&case["message"])));
        assert_eq!(run.code, 0);
        let mut got = run.json();
        for key in ["id", "author", "time"] {
            got.as_object_mut().unwrap().remove(key);
        }
        assert_eq!(got, case["expected"], "{}", s(&case["name"]));
    }
}

#[test]
fn lint_vectors_and_exit_codes() {
    let vectors = vectors("commit.json");
    for case in vectors["lint"].as_array().unwrap() {
        let run = relcore(&["commit", "lint", "--json"], Some(s(&case["message"])));
        let doc = run.json();
        let got: Vec<Value> = doc["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| serde_json::json!({"code": d["code"], "severity": d["severity"], "offset": d["offset"], "line": d["line"], "column": d["column"]}))
            .collect();
        assert_eq!(
            Value::Array(got),
            case["diagnostics"],
            "{:?}",
            s(&case["message"])
        );
        let errors = case["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d["severity"] == "error");
        assert_eq!(run.code, i32::from(errors), "{:?}", s(&case["message"]));
    }
}

#[test]
fn lint_a_hook_file_ignores_git_comments() {
    let dir = std::env::temp_dir().join(format!("relcore-hook-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("COMMIT_EDITMSG");
    std::fs::write(&file, "fix: handle empty input\n\n# Please enter the commit message for your changes.\n# On branch main\n").unwrap();
    let run = relcore(&["commit", "lint", file.to_str().unwrap()], None);
    assert_eq!(run.code, 0, "{}", run.stderr);
    std::fs::write(&file, "fix:oops\n# comment\n").unwrap();
    let run = relcore(&["commit", "lint", file.to_str().unwrap()], None);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains(&format!("--> {}:1:5", file.display())),
        "{}",
        run.stderr
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

/// `-` for the file reads stdin, as POSIX tools do: the message, named `<stdin>`.
#[test]
fn a_dash_reads_the_message_from_stdin() {
    let run = relcore(&["commit", "lint", "-"], Some("fix:oops\n"));
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("--> <stdin>:1:5"), "{}", run.stderr);
    let run = relcore(
        &["commit", "parse", "--json", "-"],
        Some("feat(api): add x\n"),
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.json()["scope"], "api");
}

/// `relcore next` arguments and stdin for a bump vector.
fn next_invocation(case: &Value) -> (Vec<String>, String) {
    let mut args: Vec<String> = vec!["next".into(), "--stdin".into(), "--json".into()];
    if let Some(current) = case["current"].as_str() {
        args.extend(["--current".into(), current.into()]);
    }
    let policy = case.get("policy").cloned().unwrap_or_default();
    for (key, flag) in [
        ("channel", "--channel"),
        ("initial_version", "--initial-version"),
    ] {
        if let Some(v) = policy[key].as_str() {
            args.extend([flag.into(), v.into()]);
        }
    }
    for (key, flag) in [
        ("major_types", "--major-types"),
        ("minor_types", "--minor-types"),
        ("patch_types", "--patch-types"),
    ] {
        if let Some(types) = policy[key].as_array() {
            let list: Vec<&str> = types.iter().map(s).collect();
            args.extend([flag.into(), list.join(",")]);
        }
    }
    for key in [
        "breaking_always_bump_major",
        "features_always_bump_minor",
        "include_merges",
    ] {
        if policy[key] == true {
            args.push(format!("--{}", key.replace('_', "-")));
        }
    }
    let commits = case["commits"].as_array().unwrap();
    let with_ids = commits.iter().any(|c| c.get("id").is_some());
    if with_ids {
        args.push("--ids".into());
    }
    let records: Vec<String> = commits
        .iter()
        .map(|c| match (c.as_str(), with_ids) {
            (Some(message), true) => format!("0000000\n{message}"),
            (Some(message), false) => message.to_owned(),
            (None, _) => format!(
                "{}\n{}",
                c["id"].as_str().unwrap_or("0000000"),
                s(&c["message"])
            ),
        })
        .collect();
    (args, records.join("\0"))
}

#[test]
fn next_vectors() {
    let vectors = vectors("bump.json");
    for case in vectors["cases"].as_array().unwrap() {
        let name = s(&case["name"]);
        let (args, stdin) = next_invocation(case);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let run = relcore(&args, Some(&stdin));
        let doc = run.json();
        if let Some(slug) = case["error"].as_str() {
            assert_eq!(run.code, 2, "{name}: {doc}");
            assert_eq!(doc["code"], slug, "{name}");
            continue;
        }
        assert_eq!(doc["next"], case["next"], "{name}: {doc}");
        assert_eq!(doc["level"], case["level"], "{name}");
        let rules: Vec<&Value> = doc["reasons"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| &r["rule"])
            .collect();
        let expected: Vec<&Value> = case["rules"].as_array().unwrap().iter().collect();
        assert_eq!(rules, expected, "{name}");
        assert_eq!(run.code, i32::from(case["next"].is_null()), "{name}");
    }
}

#[test]
#[allow(clippy::too_many_lines, reason = "maps each fixture field to its flag")]
fn changelog_fixtures() {
    let root =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../relcore/tests/fixtures/changelog");
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    dirs.sort();
    let scratch = std::env::temp_dir().join(format!("relcore-changelog-{}", std::process::id()));
    std::fs::create_dir_all(&scratch).unwrap();
    let mut ran = 0;
    for dir in dirs
        .iter()
        .filter(|d| d.is_dir() && !d.file_name().unwrap().to_string_lossy().starts_with('_'))
    {
        let name = dir.file_name().unwrap().to_string_lossy().into_owned();
        let input: Value =
            serde_json::from_str(&std::fs::read_to_string(dir.join("input.json")).unwrap())
                .unwrap();
        let mut args: Vec<String> = vec![
            "changelog".into(),
            "--stdin".into(),
            "--ids".into(),
            "--authors".into(),
            "--next".into(),
            s(&input["version"]).into(),
        ];
        args.extend(["--date".into(), s(&input["date"]).into()]);
        if let Some(previous) = input["previous"].as_str() {
            args.extend(["--current".into(), previous.into()]);
        }
        if let Some(format) = input["format"].as_str() {
            args.extend(["--format".into(), format.into()]);
        }
        let config = input.get("config").cloned().unwrap_or_default();
        for (key, flag) in [
            ("repository_url", "--repository-url"),
            ("tag_format", "--tag-format"),
            ("package", "--package"),
        ] {
            if let Some(v) = config[key].as_str() {
                args.extend([flag.into(), v.into()]);
            }
        }
        if config["breaking_section"] == true {
            args.push("--breaking-section".into());
        }
        if input["hotfix"] == true {
            args.push("--hotfix".into());
        }
        if let Some(template) = input["template"].as_str() {
            let path = scratch.join(format!("{name}.j2"));
            std::fs::write(&path, template).unwrap();
            args.extend(["--template".into(), path.to_string_lossy().into_owned()]);
        }
        let existing = dir.join("existing.md");
        if existing.exists() {
            let copy = scratch.join(format!("{name}.md"));
            std::fs::copy(&existing, &copy).unwrap();
            args.extend(["--update".into(), copy.to_string_lossy().into_owned()]);
            for (key, flag) in [
                ("take_unreleased", "--take-unreleased"),
                ("replace", "--replace"),
            ] {
                if input["options"][key] == true {
                    args.push(flag.into());
                }
            }
        }
        let records: Vec<String> = input["commits"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| {
                format!(
                    "{}\n{}\n{}",
                    c["id"].as_str().unwrap_or(""),
                    c["author"].as_str().unwrap_or(""),
                    s(&c["message"])
                )
            })
            .collect();
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let run = relcore(&args, Some(&records.join("\0")));
        if let Ok(expected) = std::fs::read_to_string(dir.join("expected.md")) {
            assert_eq!(run.code, 0, "{name}: {}", run.stderr);
            assert_eq!(run.stdout, expected, "{name}");
        } else {
            let slug = std::fs::read_to_string(dir.join("expected.err")).unwrap();
            assert_eq!(run.code, 1, "{name}");
            assert!(
                run.stderr.contains(&format!("error[{}]", slug.trim())),
                "{name}: {}",
                run.stderr
            );
        }
        ran += 1;
    }
    assert!(ran >= 15);
    std::fs::remove_dir_all(&scratch).unwrap();
}

#[test]
fn changelog_write_is_atomic_and_refuses_existing_versions() {
    let dir = std::env::temp_dir().join(format!("relcore-write-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("CHANGELOG.md");
    let args = [
        "changelog",
        "--stdin",
        "--current",
        "1.0.0",
        "--date",
        "2025-01-02",
        "--update",
        file.to_str().unwrap(),
        "--write",
    ];
    let run = relcore(&args, Some("feat: a\0fix: b\0"));
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.is_empty());
    let written = std::fs::read_to_string(&file).unwrap();
    assert!(written.contains("## [1.1.0] - 2025-01-02"), "{written}");
    let run = relcore(
        &[
            "changelog",
            "--stdin",
            "--current",
            "1.0.0",
            "--next",
            "1.1.0",
            "--update",
            file.to_str().unwrap(),
            "--write",
            "--json",
        ],
        Some("fix: c\0"),
    );
    assert_eq!(run.code, 1);
    assert_eq!(run.json()["code"], "version_exists");
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        written,
        "a refused update must not touch the file"
    );
    let leftovers: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(leftovers.len(), 1, "{leftovers:?}");
    let run = relcore(
        &["changelog", "--stdin", "--current", "1.0.0"],
        Some("chore: nothing\0"),
    );
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("no_releasable_changes"),
        "{}",
        run.stderr
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

/// A maintenance release into a changelog topped by a newer one: refused with
/// `older_than_newest` (exit 1, file untouched) unless `--in-version-order`; a byte order
/// mark stays first.
#[test]
fn changelog_update_refuses_older_releases_and_keeps_the_byte_order_mark() {
    let dir = std::env::temp_dir().join(format!("relcore-order-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("CHANGELOG.md");
    let existing = "\u{feff}# Changelog\n\n## [2.0.0] - 2025-10-01\n\n### Changed\n\n- big\n\n## [1.4.0] - 2025-06-01\n\n### Added\n\n- search\n";
    std::fs::write(&file, existing).unwrap();
    let update = |extra: &[&str]| {
        let mut args = vec![
            "changelog",
            "--stdin",
            "--current",
            "1.4.0",
            "--date",
            "2025-11-15",
            "--update",
            file.to_str().unwrap(),
            "--write",
        ];
        args.extend_from_slice(extra);
        relcore(&args, Some("fix: a maintenance fix\0"))
    };
    let refused = update(&["--json"]);
    assert_eq!(refused.code, 1, "{}", refused.stderr);
    assert_eq!(refused.json()["code"], "older_than_newest");
    let refused = update(&[]);
    assert_eq!(refused.code, 1);
    assert!(
        refused.stderr.contains("error[older_than_newest]"),
        "{}",
        refused.stderr
    );
    assert!(
        refused.stderr.contains("--in-version-order"),
        "{}",
        refused.stderr
    );
    assert_eq!(std::fs::read_to_string(&file).unwrap(), existing);

    let placed = update(&["--in-version-order"]);
    assert_eq!(placed.code, 0, "{}", placed.stderr);
    let written = std::fs::read_to_string(&file).unwrap();
    assert!(
        written.starts_with("\u{feff}# Changelog\n\n## [2.0.0]"),
        "{written:?}"
    );
    assert!(
        written.contains(
            "- big\n\n## [1.4.1] - 2025-11-15\n\n### Fixed\n\n- a maintenance fix\n\n## [1.4.0]"
        ),
        "{written}"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}
