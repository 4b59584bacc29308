//! `relcore::version::Requirement`: the shared vectors (matches, intersects, rewrite,
//! errors) and the properties they rest on.

use relcore::error::Coded;
use relcore::version::{Dialect, Requirement};

use crate::util::{str_at, vectors, version};

fn dialect(v: &serde_json::Value) -> Dialect {
    serde_json::from_value(v["dialect"].clone()).unwrap()
}

#[track_caller]
fn req(d: Dialect, text: &str) -> Requirement {
    Requirement::parse(d, text).unwrap_or_else(|e| panic!("{d} `{text}`: {e}"))
}

#[test]
fn matches_vectors() {
    let all = vectors("requirement.json");
    let cases = all["matches"].as_array().unwrap();
    assert!(cases.len() > 50);
    for case in cases {
        let d = dialect(case);
        let r = req(d, str_at(case, "range"));
        for v in case["include"].as_array().unwrap() {
            let v = version(v.as_str().unwrap());
            assert!(r.matches(&v), "{d} `{r}` should include {v}");
        }
        for v in case["exclude"].as_array().unwrap() {
            let v = version(v.as_str().unwrap());
            assert!(!r.matches(&v), "{d} `{r}` should exclude {v}");
        }
    }
}

#[test]
fn intersects_vectors() {
    let all = vectors("requirement.json");
    for case in all["intersects"].as_array().unwrap() {
        let d = dialect(case);
        let a = req(d, str_at(case, "a"));
        let b = req(d, str_at(case, "b"));
        let expected = case["expected"].as_bool().unwrap();
        assert_eq!(a.intersects(&b), expected, "{d} `{a}` ∩ `{b}`");
        assert_eq!(b.intersects(&a), expected, "{d} `{b}` ∩ `{a}` (symmetric)");
    }
}

#[test]
fn rewrite_vectors() {
    let all = vectors("requirement.json");
    for case in all["rewrite"].as_array().unwrap() {
        let d = dialect(case);
        let r = req(d, str_at(case, "range"));
        let v = version(str_at(case, "version"));
        match (case.get("expected"), r.rewrite(&v)) {
            (Some(expected), Ok(out)) => {
                assert_eq!(out, expected.as_str().unwrap(), "{d} `{r}` to admit {v}");
                assert!(req(d, &out).matches(&v), "{d} `{out}` admits {v}");
            }
            (None, Err(e)) => assert_eq!(e.code(), str_at(case, "error"), "{d} `{r}`: {e}"),
            (expected, got) => panic!("{d} `{r}` to admit {v}: expected {expected:?}, got {got:?}"),
        }
    }
}

#[test]
fn error_vectors() {
    let all = vectors("requirement.json");
    for case in all["errors"].as_array().unwrap() {
        let d = dialect(case);
        let text = str_at(case, "range");
        let err = Requirement::parse(d, text).expect_err(text);
        assert_eq!(err.code(), str_at(case, "error"), "{d} `{text}`: {err}");
        assert_eq!(
            err.location().offset,
            case["offset"].as_u64().map(|o| usize::try_from(o).unwrap()),
            "{d} `{text}`: {err}"
        );
    }
}

#[test]
fn serde_round_trip() {
    let r = req(Dialect::Pep440, "~=1.2");
    let json = serde_json::to_value(&r).unwrap();
    assert_eq!(
        json,
        serde_json::json!({"dialect": "pep440", "text": "~=1.2"})
    );
    let back: Requirement = serde_json::from_value(json).unwrap();
    assert_eq!(back, r);
    assert!(
        serde_json::from_value::<Requirement>(
            serde_json::json!({"dialect": "cargo", "text": "=>1"})
        )
        .is_err()
    );
}

/// The parser never panics and offsets stay inside the input, on hostile input.
#[test]
fn never_panics() {
    let pieces = [
        "",
        " ",
        "1",
        ".",
        "*",
        "x",
        "-",
        "+",
        "||",
        "^",
        "~",
        "~=",
        "=",
        "==",
        "!=",
        ">",
        ">=",
        "<",
        "<=",
        ",",
        "rc",
        "a1",
        "é",
        "0",
        "99999999999999999999",
        "workspace:",
        ".*",
        "!",
        "post",
    ];
    for d in [Dialect::Cargo, Dialect::Npm, Dialect::Pep440] {
        for a in pieces {
            for b in pieces {
                for c in pieces {
                    let text = format!("{a}{b}{c}");
                    match Requirement::parse(d, &text) {
                        Ok(r) => {
                            let _ = r.matches(&version("1.2.3"));
                            let _ = r.intersects(&r);
                            let _ = r.rewrite(&version("2.0.0-rc.1"));
                        }
                        Err(e) => assert!(
                            e.offset() <= text.len() && text.is_char_boundary(e.offset()),
                            "{d} `{text}`: {e}"
                        ),
                    }
                }
            }
        }
    }
}

/// The Cargo dialect agrees with the `semver` crate (Cargo's own reading) on every
/// requirement both accept, over a grid of versions with and without pre-releases.
#[test]
fn cargo_dialect_agrees_with_the_semver_crate() {
    let ops = ["", "^", "~", "=", ">", ">=", "<", "<="];
    let partials = [
        "0",
        "1",
        "2",
        "0.0",
        "0.2",
        "1.2",
        "0.0.3",
        "0.2.3",
        "1.2.3",
        "1.*",
        "1.2.*",
        "*",
        "1.2.3-alpha.1",
        "0.0.3-rc.1",
        "2.0.0-0",
    ];
    let versions = [
        "0.0.0",
        "0.0.2",
        "0.0.3",
        "0.0.4",
        "0.1.0",
        "0.2.0",
        "0.2.3",
        "0.2.9",
        "0.3.0",
        "0.9.9",
        "1.0.0",
        "1.1.9",
        "1.2.0",
        "1.2.2",
        "1.2.3",
        "1.2.4",
        "1.3.0",
        "1.9.9",
        "2.0.0",
        "2.0.1",
        "3.0.0",
        "1.2.3-alpha.0",
        "1.2.3-alpha.1",
        "1.2.3-alpha.2",
        "1.2.3-beta",
        "1.2.4-rc.1",
        "2.0.0-0",
        "2.0.0-rc.1",
        "0.0.3-rc.1",
        "0.0.3-rc.2",
        "1.3.0-alpha.1",
    ];
    let mut reqs: Vec<String> = Vec::new();
    for op in ops {
        for p in partials {
            reqs.push(format!("{op}{p}"));
        }
    }
    let singles = reqs.clone();
    for a in singles.iter().step_by(3) {
        for b in singles.iter().skip(1).step_by(5) {
            reqs.push(format!("{a}, {b}"));
        }
    }
    let (mut compared, mut both) = (0, 0);
    let mut mismatches: Vec<String> = Vec::new();
    for text in &reqs {
        let (Ok(theirs), Ok(ours)) = (
            semver::VersionReq::parse(text),
            Requirement::parse(Dialect::Cargo, text),
        ) else {
            continue;
        };
        both += 1;
        for v in versions {
            let expected = theirs.matches(&semver::Version::parse(v).unwrap());
            if ours.matches(&version(v)) != expected {
                mismatches.push(format!("`{text}` {v}: semver {expected}"));
            }
            compared += 1;
        }
    }
    assert!(
        mismatches.is_empty(),
        "{} mismatches: {:#?}",
        mismatches.len(),
        mismatches.iter().take(40).collect::<Vec<_>>()
    );
    assert!(
        both > 300 && compared > 10_000,
        "{both} requirements, {compared} comparisons"
    );
}

/// The npm dialect agrees with node-semver (the vectors are its answers, generated by
/// scripts/gen-requirement-vectors.mjs) on every range and version of the grid, and
/// accepts every range node-semver accepts there.
#[test]
fn npm_dialect_agrees_with_node_semver() {
    let all = vectors("requirement.node-semver.json");
    let versions: Vec<relcore::version::Version> = all["versions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| version(v.as_str().unwrap()))
        .collect();
    let mut mismatches = Vec::new();
    let (mut compared, mut refused) = (0, Vec::new());
    for (range, answers) in all["ranges"].as_object().unwrap() {
        let ours = Requirement::parse(Dialect::Npm, range);
        let Some(answers) = answers.as_str() else {
            continue;
        };
        let Ok(ours) = ours else {
            refused.push(range.clone());
            continue;
        };
        for (v, answer) in versions.iter().zip(answers.chars()) {
            compared += 1;
            if ours.matches(v) != (answer == '1') {
                mismatches.push(format!("`{range}` {v}: node-semver {answer}"));
            }
        }
    }
    assert!(
        mismatches.is_empty(),
        "{} mismatches: {:#?}",
        mismatches.len(),
        mismatches.iter().take(40).collect::<Vec<_>>()
    );
    assert!(compared > 30_000, "{compared} comparisons");
    assert!(
        refused.is_empty(),
        "relcore refuses ranges node-semver accepts: {refused:?}"
    );
}

/// The PEP 440 dialect agrees with packaging (the vectors are its answers, generated by
/// scripts/gen-pep440-vectors.py) on every specifier and version of the grid.
#[test]
fn pep440_dialect_agrees_with_packaging() {
    let all = vectors("requirement.packaging.json");
    let versions: Vec<relcore::version::Version> = all["versions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| version(v["semver"].as_str().unwrap()))
        .collect();
    let mut mismatches = Vec::new();
    let mut compared = 0;
    for (spec, answers) in all["specifiers"].as_object().unwrap() {
        let ours = req(Dialect::Pep440, spec);
        for (v, answer) in versions.iter().zip(answers.as_str().unwrap().chars()) {
            compared += 1;
            if ours.matches(v) != (answer == '1') {
                mismatches.push(format!("`{spec}` {v}: packaging {answer}"));
            }
        }
    }
    assert!(
        mismatches.is_empty(),
        "{} mismatches: {:#?}",
        mismatches.len(),
        mismatches.iter().take(40).collect::<Vec<_>>()
    );
    assert!(compared > 5_000, "{compared} comparisons");
}

/// A dialect's name reads back as the dialect; any other name is `unknown_dialect`.
#[test]
fn dialect_names_read_back() {
    for d in [Dialect::Cargo, Dialect::Npm, Dialect::Pep440] {
        assert_eq!(d.as_str().parse::<Dialect>().unwrap(), d);
        assert_eq!(
            serde_json::to_value(d).unwrap(),
            serde_json::Value::from(d.as_str())
        );
    }
    for name in ["Cargo", "pip", "", " npm"] {
        let err = name.parse::<Dialect>().unwrap_err();
        assert_eq!(err.code(), "unknown_dialect", "{name:?}");
        assert_eq!(err.location().offset, Some(0));
        assert_eq!(err.input(), name);
    }
}
