//! `relcore::metrics` against the shared vectors (`metrics.json`), which the Python, Node
//! and CLI suites run too.

use relcore::input::{InputKind, from_json};
use relcore::metrics::{MetricsInput, MetricsOptions, chart, metrics, svg};
use serde_json::Value;

use crate::util::{str_at, vectors};

/// Every key of `expected` is in `got` with the same value: objects key by key, lists item
/// by item (of the same length), the rest exactly.
fn assert_subset(got: &Value, expected: &Value, at: &str) {
    match expected {
        Value::Object(keys) => {
            for (key, want) in keys {
                let have = got
                    .get(key)
                    .unwrap_or_else(|| panic!("{at}.{key}: missing in {got}"));
                assert_subset(have, want, &format!("{at}.{key}"));
            }
        }
        serde_json::Value::Array(items) => {
            let have = got
                .as_array()
                .unwrap_or_else(|| panic!("{at}: not a list: {got}"));
            assert_eq!(have.len(), items.len(), "{at}: {got}");
            for (i, (have, want)) in have.iter().zip(items).enumerate() {
                assert_subset(have, want, &format!("{at}[{i}]"));
            }
        }
        _ => assert_eq!(got, expected, "{at}"),
    }
}

#[test]
fn metrics_vectors() {
    let vectors = vectors("metrics.json");
    let cases = vectors["cases"].as_array().unwrap();
    assert!(cases.len() >= 15);
    for case in cases {
        let name = str_at(case, "name");
        let input = from_json::<MetricsInput>(InputKind::MetricsInput, case["input"].clone());
        let options =
            from_json::<MetricsOptions>(InputKind::MetricsOptions, case["options"].clone());
        let result = match (input, options) {
            (Err(e), _) | (_, Err(e)) => Err(e.code().to_owned()),
            (Ok(input), Ok(options)) => {
                metrics(&input, &options).map_err(|e| e.kind().as_str().to_owned())
            }
        };
        if let Some(code) = case.get("error") {
            assert_eq!(
                result.as_ref().err().map(String::as_str),
                code.as_str(),
                "{name}"
            );
            continue;
        }
        let m = result.unwrap_or_else(|e| panic!("{name}: {e}"));
        let got = serde_json::to_value(&m).unwrap();
        assert_subset(&got, &case["expected"], name);
        if let Some(text) = case.get("chart") {
            assert_eq!(chart(&m), text.as_str().unwrap(), "{name}");
        }
        // The SVG of every case is a document with one bar per stable or pre-release
        // part of a period.
        let doc = svg(&m);
        assert!(
            doc.starts_with("<svg ") && doc.ends_with("</svg>\n"),
            "{name}"
        );
        let bars = m
            .periods
            .iter()
            .map(|p| usize::from(p.stable > 0) + usize::from(p.prereleases > 0))
            .sum::<usize>();
        assert_eq!(doc.matches("<rect ").count(), bars + 3, "{name}: {doc}");
    }
}

#[test]
fn svg_text_is_well_formed() {
    let input: MetricsInput = serde_json::from_value(serde_json::json!({
        "releases": [
            {"tag": "v1.0.0", "version": "1.0.0", "time": 1_767_225_600},
            {"tag": "v1.1.0-rc.1", "version": "1.1.0-rc.1", "time": 1_770_000_000},
            {"tag": "v1.1.0", "version": "1.1.0", "time": 1_775_000_000}
        ],
        "commits": [
            {"time": 1_767_000_000, "release": "v1.0.0"},
            {"time": 1_769_000_000, "release": "v1.1.0-rc.1"},
            {"time": 1_774_000_000, "release": "v1.1.0"}
        ]
    }))
    .unwrap();
    let m = metrics(&input, &MetricsOptions::default()).unwrap();
    let doc = svg(&m);
    // Every element that opens is closed, in order.
    let mut open: Vec<String> = Vec::new();
    let mut rest = doc.as_str();
    while let Some(start) = rest.find('<') {
        let end = rest[start..].find('>').unwrap() + start;
        let tag = &rest[start + 1..end];
        rest = &rest[end + 1..];
        if let Some(name) = tag.strip_prefix('/') {
            assert_eq!(open.pop().as_deref(), Some(name), "{doc}");
        } else if !tag.ends_with('/') {
            open.push(tag.split_whitespace().next().unwrap().to_owned());
        }
    }
    assert!(open.is_empty(), "{open:?}");
    assert!(!doc.contains("NaN") && !doc.contains("inf"), "{doc}");
    assert!(doc.contains("<polyline "), "{doc}");
}
