//! Parsing any message never panics and yields a description and footers with word
//! tokens; lint diagnostics point at character boundaries inside the message, with line
//! and column inside it too.
#![cfg_attr(fuzzing, no_main)]

#[path = "shim.rs"]
mod shim;

use relcore::commit::{Commit, lint, strip_comments};

fn run(data: &[u8]) {
    let Ok(message) = std::str::from_utf8(data) else { return };
    let commit = Commit::parse(message);
    assert!(!commit.description.contains('\n'), "{commit:?}");
    if commit.breaking_note.is_some() {
        assert!(commit.breaking, "{commit:?}");
    }
    // A footer's token is a word (letters, digits, `-`) or `BREAKING CHANGE`.
    for footer in &commit.footers {
        let word = !footer.token.is_empty()
            && footer.token.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
        assert!(word || footer.token == "BREAKING CHANGE", "{commit:?}");
    }
    let lines: Vec<&str> = message.split('\n').collect();
    for d in lint(message) {
        let offset = d.offset.expect("commit diagnostics have an offset");
        assert!(offset <= message.len() && message.is_char_boundary(offset), "{d:?} in {message:?}");
        let (line, column) = (d.line.unwrap(), d.column.unwrap());
        assert!(line >= 1 && line <= lines.len(), "{d:?}");
        assert!(column >= 1 && column <= lines[line - 1].chars().count() + 1, "{d:?} in {message:?}");
    }
    let _ = strip_comments(message);
}

fuzz_main!(run);
