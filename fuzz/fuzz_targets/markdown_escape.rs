//! Escaping commit text for Markdown never panics. Inline text comes out on one line,
//! and every `<` that could open HTML (followed by a letter, `/`, `!` or `?`) outside a
//! code span is escaped (preceded by an odd number of backslashes, as CommonMark reads
//! it). Block text put under a release heading adds no release heading, no link
//! definition and no open code fence as relcore reads a changelog. The input is the text.
#![cfg_attr(fuzzing, no_main)]

#[path = "shim.rs"]
mod shim;

use relcore::changelog::{Document, escape_markdown_block, escape_markdown_inline};

fn run(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else { return };

    let inline = escape_markdown_inline(text);
    assert!(!inline.contains(['\n', '\r']), "a line break: {inline:?}");
    if let Some(at) = unescaped_html(&inline) {
        panic!("HTML opener at {at} left as is: {text:?} -> {inline:?}");
    }
    assert_eq!(escape_markdown_inline(text), inline, "not deterministic");

    let block = escape_markdown_block(text);
    let changelog = format!("## [1.0.0]\n\n{block}");
    let doc = Document::parse(&changelog);
    assert_eq!(doc.releases.len(), 1, "a release heading: {text:?} -> {block:?}");
    assert!(doc.links.is_empty(), "a link definition: {text:?} -> {block:?}");
    assert_eq!(doc.open_fence, None, "an open fence: {text:?} -> {block:?}");
}

/// The offset of a `<` that opens HTML, as CommonMark reads one line: backslash escapes
/// outside code spans, code spans from a run of backticks to the next run of as many.
fn unescaped_html(line: &str) -> Option<usize> {
    let bytes = line.as_bytes();
    let mut i = 0;
    while let Some(&byte) = bytes.get(i) {
        match byte {
            b'\\' => i += 2,
            b'`' => {
                let run = bytes[i..].iter().take_while(|&&b| b == b'`').count();
                i += run;
                let mut j = i;
                while j < bytes.len() {
                    if bytes[j] == b'`' {
                        let len = bytes[j..].iter().take_while(|&&b| b == b'`').count();
                        if len == run {
                            i = j + len;
                            break;
                        }
                        j += len;
                    } else {
                        j += 1;
                    }
                }
            }
            b'<' if bytes.get(i + 1).is_some_and(|b| b.is_ascii_alphabetic() || matches!(b, b'/' | b'!' | b'?')) => {
                return Some(i);
            }
            _ => i += 1,
        }
    }
    None
}

fuzz_main!(run);
