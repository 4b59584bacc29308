//! Reading any simulation timeline, YAML, JSON or CSV, never panics; an error is located
//! inside the input; a timeline that reads writes out as JSON that reads back the same.
//! The first byte picks the format (detected, YAML, JSON, CSV); the rest is the text.
#![cfg_attr(fuzzing, no_main)]

#[path = "shim.rs"]
mod shim;

use relcore::plan::{EventKind, Timeline, TimelineFormat};

fn run(data: &[u8]) {
    let Some((&selector, rest)) = data.split_first() else { return };
    let Ok(text) = std::str::from_utf8(rest) else { return };
    let parsed = match selector % 4 {
        0 => Timeline::parse(text),
        1 => Timeline::parse_as(text, TimelineFormat::Yaml),
        2 => Timeline::parse_as(text, TimelineFormat::Json),
        _ => Timeline::parse_as(text, TimelineFormat::Csv),
    };
    match parsed {
        Ok(timeline) => {
            let json = serde_json::to_string(&timeline).expect("a timeline serializes");
            let again = Timeline::parse_as(&json, TimelineFormat::Json)
                .unwrap_or_else(|e| panic!("written timeline does not read: {e}\n{json}"));
            assert_eq!(events(&again), events(&timeline), "round trip changed the timeline:\n{json}");
        }
        Err(e) => {
            let d = e.diagnostic();
            assert!(!e.code().is_empty());
            if let Some(offset) = d.offset {
                assert!(offset <= text.len(), "offset {offset} past {}", text.len());
            }
            assert_eq!(d.line.is_some(), d.column.is_some(), "{d:?}");
            if let (Some(line), Some(column)) = (d.line, d.column) {
                let lines: Vec<&str> = text.split('\n').collect();
                assert!((1..=lines.len()).contains(&line), "line {line} of {}: {d:?}", lines.len());
                let chars = lines[line - 1].chars().count();
                assert!((1..=chars + 1).contains(&column), "column {column} of {chars}: {d:?}");
            }
        }
    }
}

/// The events as written: time, metric name or stage, values (as bits, so that NaN
/// compares), without their positions in the input.
fn events(timeline: &Timeline) -> Vec<(u64, String, Option<u64>, Option<u64>)> {
    let bits = |v: &Option<f64>| v.map(f64::to_bits);
    timeline
        .events()
        .iter()
        .map(|e| match &e.kind {
            EventKind::Observe { metric, value, baseline } => {
                let name = timeline.metrics()[*metric as usize].clone();
                (e.at_seconds, format!("metric {name}"), bits(value), bits(baseline))
            }
            EventKind::Approve { stage } => (e.at_seconds, format!("approve {stage}"), None, None),
            EventKind::Health { service, healthy } => {
                (e.at_seconds, format!("health {service} {healthy}"), None, None)
            }
        })
        .collect()
}

fuzz_main!(run);
