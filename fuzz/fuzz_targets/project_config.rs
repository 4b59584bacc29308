//! Reading any `relcore.toml` never panics; every problem it reports with a position is
//! inside the input (a line of it, a column of that line, at most one past its end), and a
//! configuration that reads gives its changelog settings. Kept small: the input is the file.
#![cfg_attr(fuzzing, no_main)]

#[path = "shim.rs"]
mod shim;

use relcore_release::config::ProjectConfig;

fn run(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else { return };
    match ProjectConfig::from_toml(text) {
        Ok(config) => {
            let _ = config.changelog_config();
        }
        Err(e) => {
            let diagnostics = e.diagnostics();
            assert!(!diagnostics.is_empty(), "an error without a problem");
            for d in &diagnostics {
                assert_located(text, d.line, d.column, &d.message);
            }
            assert_located(text, e.line(), e.column(), "first problem");
            assert_eq!(e.lines().count(), diagnostics.len());
        }
    }
}

/// A 1-based line and character column inside `text` (the column may be one past the
/// line's end, where a missing value would go).
fn assert_located(text: &str, line: Option<usize>, column: Option<usize>, what: &str) {
    assert_eq!(line.is_some(), column.is_some(), "{what}: {line:?}:{column:?}");
    let (Some(line), Some(column)) = (line, column) else { return };
    let lines: Vec<&str> = text.split('\n').collect();
    assert!((1..=lines.len()).contains(&line), "{what}: line {line} of {}", lines.len());
    let chars = lines[line - 1].chars().count();
    assert!((1..=chars + 1).contains(&column), "{what}: column {column} of {chars} at line {line}");
}

fuzz_main!(run);
