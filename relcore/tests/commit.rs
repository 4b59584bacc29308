//! `relcore::commit` against the shared vectors.

use relcore::commit::{Commit, lint};

use crate::util::{str_at, vectors};

#[test]
fn parse_vectors() {
    let vectors = vectors("commit.json");
    for case in vectors["parse"].as_array().unwrap() {
        let commit = Commit::parse(str_at(case, "message"));
        let mut got = serde_json::to_value(&commit).unwrap();
        for key in ["id", "author", "time"] {
            got.as_object_mut().unwrap().remove(key);
        }
        assert_eq!(got, case["expected"], "{}", str_at(case, "name"));
    }
}

#[test]
fn lint_vectors() {
    let vectors = vectors("commit.json");
    for case in vectors["lint"].as_array().unwrap() {
        let message = str_at(case, "message");
        let got: Vec<serde_json::Value> = lint(message)
            .into_iter()
            .map(|d| {
                assert!(message.is_char_boundary(d.offset.unwrap()), "{message:?}");
                serde_json::json!({"code": d.code, "severity": d.severity, "offset": d.offset, "line": d.line, "column": d.column})
            })
            .collect();
        assert_eq!(
            serde_json::Value::Array(got),
            case["diagnostics"],
            "{message:?}"
        );
    }
}

#[test]
fn every_spec_example_is_conventional() {
    let vectors = vectors("commit.json");
    for case in vectors["parse"].as_array().unwrap() {
        if str_at(case, "name").starts_with("spec:") {
            let message = str_at(case, "message");
            assert!(Commit::parse(message).is_conventional(), "{message}");
            assert!(lint(message).is_empty(), "{message}: {:?}", lint(message));
        }
    }
}

#[test]
fn lint_options_lint_git_messages_anyway() {
    use relcore::commit::{LintOptions, exempt, lint_with};
    let default = LintOptions::default();
    for (message, kind, switch) in [
        (
            "Merge branch 'release/2.x'",
            "merge",
            LintOptions {
                merges: true,
                ..default
            },
        ),
        (
            "Merge pull request #5 from acme/x",
            "merge",
            LintOptions {
                merges: true,
                ..default
            },
        ),
        (
            "Revert \"feat: x\"",
            "revert",
            LintOptions {
                reverts: true,
                ..default
            },
        ),
        (
            "Reapply \"feat: x\"",
            "revert",
            LintOptions {
                reverts: true,
                ..default
            },
        ),
        (
            "fixup! feat: x",
            "fixup",
            LintOptions {
                fixups: true,
                ..default
            },
        ),
        (
            "amend! feat: x",
            "fixup",
            LintOptions {
                fixups: true,
                ..default
            },
        ),
    ] {
        assert_eq!(exempt(message, &default), Some(kind), "{message}");
        assert!(lint_with(message, &default).is_empty(), "{message}");
        assert_eq!(exempt(message, &switch), None, "{message}");
        assert!(!lint_with(message, &switch).is_empty(), "{message}");
    }
    // A recorded message keeps its `#` lines: here the header is one.
    let recorded = LintOptions {
        keep_comments: true,
        ..default
    };
    assert_eq!(
        lint_with("#12 fixed\nfix: x", &recorded)[0].code,
        "missing_colon"
    );
    assert!(lint_with("# comment\nfix: x", &default).is_empty());
    // Only the scissors line itself cuts; a `#` line above it is dropped, text kept.
    let file =
        "feat: x\n\n# ------------------------ >8 ------------------------\nBREAKING CHANGE:\n";
    assert!(lint_with(file, &default).is_empty());
    let codes: Vec<String> = lint_with(file, &recorded)
        .into_iter()
        .map(|d| d.code)
        .collect();
    assert_eq!(
        codes,
        ["breaking_change_in_paragraph", "empty_breaking_change"]
    );
}
