//! Validating any text as a rollout plan never panics; every diagnostic points inside the
//! file (its line exists, its column is within that line), and the report's code list is
//! in document order for located diagnostics of one path.
#![cfg_attr(fuzzing, no_main)]

#[path = "shim.rs"]
mod shim;

use relcore::plan::{Context, validate};

fn run(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let report = validate(text, &Context::default());
    let lines: Vec<&str> = text.split('\n').collect();
    for d in &report.diagnostics {
        if let (Some(line), Some(column)) = (d.line, d.column) {
            assert!(line >= 1 && line <= lines.len().max(1), "{d:?}");
            // Lines are split at `\n`, as diagnostics count them (a lone `\r` is part of a line).
            let width = lines.get(line - 1).map_or(0, |l| l.chars().count());
            assert!(column >= 1 && column <= width + 1, "{d:?} in line {line} of width {width}");
        }
        if let Some(offset) = d.offset {
            assert!(offset <= text.len() && text.is_char_boundary(offset), "{d:?}");
        }
    }
    let _ = serde_json::to_string(&report);
}

fuzz_main!(run);
