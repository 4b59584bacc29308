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
