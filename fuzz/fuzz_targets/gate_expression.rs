//! Any text read as a gate expression (and as a trigger condition, and as a duration)
//! never panics; an error's offset lies on a character boundary inside the text; a gate
//! that parses writes itself back as text that parses to the same gate, and evaluating it
//! never panics.
#![cfg_attr(fuzzing, no_main)]

#[path = "shim.rs"]
mod shim;

use relcore::plan::{Duration, Gate};

fn run(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else { return };
    match Gate::parse(text) {
        Ok(gate) => {
            let written = gate.to_string();
            let again = Gate::parse(&written).unwrap_or_else(|e| panic!("{written:?}: {e}"));
            assert_eq!(again.metric, gate.metric, "{written:?}");
            assert_eq!(again.op, gate.op, "{written:?}");
            assert_eq!(again.to_string(), written);
            for value in [0.0, -1.0, 1e300, f64::MIN_POSITIVE] {
                let _ = gate.holds(value, Some(value));
                let _ = gate.holds(value, None);
            }
        }
        Err(e) => assert!(e.offset() <= text.len() && text.is_char_boundary(e.offset()), "{e:?}"),
    }
    if let Some((metric, condition)) = text.split_once('\t') {
        if let Err(e) = Gate::parse_condition(metric, condition) {
            // Offsets point into the condition, or into the metric name when it is the problem.
            assert!(e.offset() <= text.len(), "{e:?}");
        }
    }
    match Duration::parse(text) {
        Ok(d) => assert_eq!(Duration::parse(&d.to_string()).ok(), Some(d), "{text:?}"),
        Err(e) => assert!(e.offset() <= text.len() && text.is_char_boundary(e.offset()), "{e:?}"),
    }
}

fuzz_main!(run);
