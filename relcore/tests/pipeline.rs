//! The release record (`relcore::plan::start_record`, `apply_event`, `status`,
//! `to_markdown`) against the shared vectors (`pipeline.json`), which the Python, Node and
//! CLI suites run too.

use relcore::input::{InputKind, from_json, parse_time};
use relcore::plan::{RecordEvent, ReleaseRecord, apply_event, start_record};
use relcore::version::Version;
use serde_json::{Value, json};

use crate::util::{str_at, vectors};

fn opt<'a>(value: &'a Value, key: &str) -> Option<&'a str> {
    value.get(key).and_then(Value::as_str)
}

/// Runs one case: the record after its events, and for each event the error slug or null.
fn run(case: &Value) -> (ReleaseRecord, Vec<Value>) {
    let start = &case["start"];
    let mut record = start_record(
        Version::parse(str_at(case, "version")).unwrap(),
        parse_time(str_at(start, "at")).unwrap(),
        opt(start, "by"),
        opt(start, "note"),
    );
    let mut outcomes = Vec::new();
    for e in case["events"].as_array().unwrap() {
        let result = str_at(e, "event").parse::<RecordEvent>().and_then(|event| {
            apply_event(
                &record,
                event,
                parse_time(str_at(e, "at")).unwrap(),
                opt(e, "by"),
                opt(e, "note"),
            )
        });
        match result {
            Ok(next) => {
                outcomes.push(Value::Null);
                record = next;
            }
            Err(err) => {
                assert!(!err.to_string().is_empty());
                outcomes.push(json!(err.code()));
            }
        }
    }
    (record, outcomes)
}

/// What the vectors check of a record.
fn observed(case: &Value, record: &ReleaseRecord) -> Value {
    let status = record
        .status(parse_time(str_at(case, "status_at")).unwrap())
        .unwrap();
    json!({
        "expected": {
            "revision": record.revision,
            "states": record.stages.iter().map(|s| s.status.as_str()).collect::<Vec<_>>(),
            "state": status.state.as_str(),
        },
        "status": {
            "markers": status.stages.iter().map(|s| s.marker.clone()).collect::<Vec<_>>(),
            "durations": status.stages.iter().map(|s| s.duration_seconds).collect::<Vec<_>>(),
            "text": status.to_text(),
        },
        "markdown": record.to_markdown().unwrap(),
    })
}

#[test]
fn transition_vectors() {
    let vectors = vectors("pipeline.json");
    for case in vectors["transitions"].as_array().unwrap() {
        let name = str_at(case, "name");
        let (record, outcomes) = run(case);
        let errors: Vec<Value> = case["events"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e.get("error").cloned().unwrap_or(Value::Null))
            .collect();
        assert_eq!(outcomes, errors, "{name}");
        let got = observed(case, &record);
        for key in ["expected", "status", "markdown"] {
            assert_eq!(got[key], case[key], "{name}: `{key}`\n{}", got[key]);
        }
        // The record goes through JSON unchanged and still checks.
        let json = serde_json::to_value(&record).unwrap();
        let back: ReleaseRecord = from_json(InputKind::ReleaseRecord, json).unwrap();
        assert_eq!(back, record, "{name}");
        assert!(back.check().is_ok());
    }
}

#[test]
fn invalid_record_vectors() {
    let vectors = vectors("pipeline.json");
    for case in vectors["invalid"].as_array().unwrap() {
        let name = str_at(case, "name");
        let code = str_at(case, "error");
        match from_json::<ReleaseRecord>(InputKind::ReleaseRecord, case["record"].clone()) {
            Err(err) => assert_eq!(err.code(), code, "{name}: {err}"),
            Ok(record) => {
                let at = parse_time("2030-01-01T00:00").unwrap();
                let err =
                    apply_event(&record, RecordEvent::BuildSucceeded, at, None, None).unwrap_err();
                assert_eq!(err.code(), code, "{name}: {err}");
                assert_eq!(record.status(at).unwrap_err().code(), code, "{name}");
                assert_eq!(record.to_markdown().unwrap_err().code(), code, "{name}");
            }
        }
    }
}

/// Fills in `expected`, `status` and `markdown` from the implementation, for a new case:
/// `FILL_VECTORS=1 cargo test -p relcore --test integration pipeline::fill -- --ignored`.
/// The result is reviewed by hand before it is committed.
#[test]
#[ignore = "writes the vectors file"]
fn fill() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/vectors/pipeline.json");
    let mut doc: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    for case in doc["transitions"].as_array_mut().unwrap() {
        let (record, _) = run(case);
        let got = observed(case, &record);
        for key in ["expected", "status", "markdown"] {
            case[key] = got[key].clone();
        }
    }
    std::fs::write(&path, serde_json::to_string_pretty(&doc).unwrap() + "\n").unwrap();
}
