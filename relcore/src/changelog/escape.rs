//! Commit text made safe to put into Markdown. Commit messages are written by anyone who
//! can open a pull request; in a changelog their text must stay text: it must not open an
//! HTML element, a link to `javascript:`, a heading (which relcore would later read as a
//! release), a link definition, or a code fence that swallows the rest of the file.
//!
//! Only those constructs are escaped, with a backslash, so the rendered text reads as
//! written and ordinary Markdown (`*emphasis*`, `` `code` ``, `[links](https://…)`)
//! keeps working. Text inside code spans and fenced code blocks is left alone: Markdown
//! shows it literally.

use std::borrow::Cow;

use super::document::Fence;

/// URL schemes that run code or embed content when a link is followed.
const ACTIVE_SCHEMES: [&str; 4] = ["javascript:", "vbscript:", "data:", "file:"];

/// Commit text for one line of Markdown (a description, a scope, a name): control
/// characters made visible ([`visible_controls`]); line breaks become spaces; HTML tags, comments and autolinks (`<script>`, `<!--`, `<javascript:…>`)
/// and links to active schemes (`[x](javascript:…)`) are escaped.
///
/// ```
/// use relcore::changelog::escape_markdown_inline;
/// assert_eq!(escape_markdown_inline("support Vec<T> in `Vec<T>`"), "support Vec\\<T> in `Vec<T>`");
/// assert_eq!(escape_markdown_inline("[click](javascript:alert(1))"), "[click\\](javascript:alert(1))");
/// assert_eq!(escape_markdown_inline("see [docs](https://example.com)"), "see [docs](https://example.com)");
/// assert_eq!(escape_markdown_inline("two\nlines"), "two lines");
/// ```
pub fn escape_markdown_inline(text: &str) -> Cow<'_, str> {
    let text = visible_controls(text);
    if !text.contains(['<', ']', '\n', '\r']) {
        return text;
    }
    let mut out = String::with_capacity(text.len() + 8);
    escape_line(&text.replace(['\r', '\n'], " "), &mut out);
    Cow::Owned(out)
}

/// `text` with its control characters made visible: each C0 control but tab, line feed
/// and carriage return as its Unicode control picture (escape as `␛`), delete as `␡`,
/// and each C1 control as U+FFFD. Commit text printed to a terminal can then not move the
/// cursor, clear the screen, set the window title or write the clipboard, and a file
/// holds no byte that `cat` would run.
///
/// ```
/// use relcore::changelog::visible_controls;
/// assert_eq!(visible_controls("a\x1b]0;title\x07b"), "a\u{241b}]0;title\u{2407}b");
/// assert_eq!(visible_controls("tab\tand\nline"), "tab\tand\nline");
/// assert_eq!(visible_controls("csi\u{9b}2J"), "csi\u{fffd}2J");
/// ```
pub fn visible_controls(text: &str) -> Cow<'_, str> {
    let hidden = |c: char| matches!(c, '\0'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}' | '\u{7f}'..='\u{9f}');
    if !text.contains(hidden) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.chars()
            .map(|c| match c {
                '\u{7f}' => '\u{2421}',
                '\u{80}'..='\u{9f}' => '\u{fffd}',
                c if hidden(c) => char::from_u32(0x2400 + u32::from(c)).unwrap_or('\u{fffd}'),
                c => c,
            })
            .collect(),
    )
}

/// Commit text of several lines (a breaking-change note, a body): control characters made
/// visible, each line as in [`escape_markdown_inline`], and at the start of a line a heading (`#`), a link
/// definition (`[x]: url`), a setext underline or thematic break (`===`, `---`) escaped;
/// a code fence left open is closed at the end.
///
/// ```
/// use relcore::changelog::escape_markdown_block;
/// assert_eq!(escape_markdown_block("Run:\n## [9.9.9] - 2020-01-01"), "Run:\n\\## [9.9.9] - 2020-01-01");
/// assert_eq!(escape_markdown_block("[x]: https://evil.example"), "\\[x]: https://evil.example");
/// assert_eq!(escape_markdown_block("```sh\nmake <all>"), "```sh\nmake <all>\n```");
/// ```
pub fn escape_markdown_block(text: &str) -> Cow<'_, str> {
    let text = visible_controls(text);
    let risky = text.contains(['<', ']', '#', '`', '~', '=', '-', '*', '_', '\r']);
    if !risky {
        return text;
    }
    // A lone carriage return ends a line in Markdown too: every line break becomes `\n`.
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let mut out = String::with_capacity(text.len() + 8);
    let mut fence: Option<Fence> = None;
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        // Fences, headings and the like as a changelog reader finds them (`Document`).
        if let Some(line_fence) = Fence::read(line) {
            match fence {
                None => fence = Some(line_fence),
                Some(open) if line_fence.closes(open) => fence = None,
                Some(_) => {}
            }
            out.push_str(line);
            continue;
        }
        if fence.is_some() {
            out.push_str(line);
            continue;
        }
        let indent = line.len() - line.trim_start_matches(' ').len();
        let trimmed = &line[indent..];
        out.push_str(&line[..indent]);
        if starts_structure(trimmed) {
            out.push('\\');
        }
        escape_line(trimmed, &mut out);
    }
    if let Some(open) = fence {
        out.push('\n');
        out.extend(std::iter::repeat_n(char::from(open.marker), open.len));
    }
    Cow::Owned(out)
}

/// Whether a line (without its indentation) would be a heading, a link definition, a
/// setext underline or a thematic break.
fn starts_structure(line: &str) -> bool {
    if line.starts_with('#') {
        return true;
    }
    if line.starts_with('[') && line.contains("]:") {
        return true;
    }
    let compact: String = line.chars().filter(|c| !c.is_whitespace()).collect();
    let mut chars = compact.chars();
    match chars.next() {
        Some(c @ ('=' | '-' | '*' | '_')) => {
            let rest_same = chars.all(|x| x == c);
            // `===` or `---` underline a heading; `***`, `___`, `- - -` break.
            rest_same && (c == '=' || c == '-' || compact.len() >= 3)
        }
        _ => false,
    }
}

/// Escapes HTML openers and active links in one line, outside code spans.
fn escape_line(line: &str, out: &mut String) {
    let bytes = line.as_bytes();
    let mut i = 0;
    let mut copied = 0;
    while let Some(&byte) = bytes.get(i) {
        let rest = bytes.get(i..).unwrap_or_default();
        let next = bytes.get(i + 1).copied();
        match byte {
            // A backslash escape: the next character is text, and an escaped `<` or
            // backtick needs nothing more.
            b'\\' => i += 2,
            b'`' => {
                let run = run_length(rest, b'`');
                i += run;
                // A code span ends at the next run of exactly as many backticks.
                if let Some(end) = closing_run(bytes.get(i..).unwrap_or_default(), run) {
                    i += end + run;
                }
            }
            b'<' if next
                .is_some_and(|b| b.is_ascii_alphabetic() || matches!(b, b'/' | b'!' | b'?')) =>
            {
                out.push_str(line.get(copied..i).unwrap_or_default());
                out.push('\\');
                copied = i;
                i += 1;
            }
            b']' if next == Some(b'(')
                && active_destination(line.get(i + 2..).unwrap_or_default()) =>
            {
                out.push_str(line.get(copied..i).unwrap_or_default());
                out.push('\\');
                copied = i;
                i += 1;
            }
            _ => i += 1,
        }
    }
    out.push_str(line.get(copied..).unwrap_or_default());
}

/// How many times `byte` repeats at the start of `bytes`.
fn run_length(bytes: &[u8], byte: u8) -> usize {
    bytes.iter().take_while(|&&b| b == byte).count()
}

/// The offset of the next run of exactly `run` backticks.
fn closing_run(bytes: &[u8], run: usize) -> Option<usize> {
    let mut i = 0;
    while let Some(&byte) = bytes.get(i) {
        if byte == b'`' {
            let len = run_length(bytes.get(i..).unwrap_or_default(), b'`');
            if len == run {
                return Some(i);
            }
            i += len;
        } else {
            i += 1;
        }
    }
    None
}

/// Whether a link destination (the text after `](`) starts with an active scheme, as a
/// renderer and then a browser read it: leading spaces and `<` skipped, backslash escapes
/// and character references decoded (`javascript\:`, `&#106;avascript:`,
/// `javascript&colon;` are all `javascript:` in the `href`), ASCII whitespace and
/// controls inside the scheme ignored, any case.
fn active_destination(rest: &str) -> bool {
    let rest = rest.trim_start().trim_start_matches('<');
    let mut scheme = String::with_capacity(12);
    let mut chars = rest.chars();
    while scheme.len() < 12 {
        let Some(c) = destination_char(&mut chars) else {
            break;
        };
        if !c.is_ascii_whitespace() && !c.is_ascii_control() {
            scheme.push(c.to_ascii_lowercase());
        }
    }
    ACTIVE_SCHEMES.iter().any(|s| scheme.starts_with(s))
}

/// The next character of a link destination as CommonMark decodes it: an escaped ASCII
/// punctuation character, a numeric character reference (`&#58;`, `&#x3A;`), or one of
/// the named references that give a character a scheme is read through (`&colon;`,
/// `&Tab;`, `&NewLine;`). Letters have no ASCII-valued named reference; any other
/// reference stays text, as the renderer keeps it (it escapes its `&`).
fn destination_char(chars: &mut std::str::Chars<'_>) -> Option<char> {
    let c = chars.next()?;
    let after = chars.as_str();
    match c {
        '\\' => match after.chars().next() {
            Some(p) if p.is_ascii_punctuation() => {
                chars.next();
                Some(p)
            }
            _ => Some(c),
        },
        '&' => match character_reference(after) {
            Some((decoded, len)) => {
                *chars = after.get(len..).unwrap_or_default().chars();
                Some(decoded)
            }
            None => Some(c),
        },
        _ => Some(c),
    }
}

/// A character reference after its `&`: the character and the length read, `;`
/// included. Numeric ones are read with any number of digits, as browsers read them in
/// an attribute a renderer passed through; one that is zero or no Unicode scalar value
/// is U+FFFD.
fn character_reference(after: &str) -> Option<(char, usize)> {
    let end = after.bytes().take(32).position(|b| b == b';')?;
    let name = after.get(..end)?;
    let decoded = if let Some(number) = name.strip_prefix('#') {
        let (digits, radix) = match number.strip_prefix(['x', 'X']) {
            Some(hex) => (hex, 16),
            None => (number, 10),
        };
        if digits.is_empty() || !digits.chars().all(|d| d.is_digit(radix)) {
            return None;
        }
        u32::from_str_radix(digits, radix)
            .ok()
            .and_then(char::from_u32)
            .filter(|&c| c != '\0')
            .unwrap_or('\u{FFFD}')
    } else {
        match name {
            "colon" => ':',
            "Tab" => '\t',
            "NewLine" => '\n',
            _ => return None,
        }
    };
    Some((decoded, end + 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_outside_code_is_escaped() {
        for (input, expected) in [
            ("<script>alert(1)</script>", "\\<script>alert(1)\\</script>"),
            (
                "<img src=x onerror=alert(1)>",
                "\\<img src=x onerror=alert(1)>",
            ),
            ("<!-- hide the rest", "\\<!-- hide the rest"),
            ("<javascript:alert(1)>", "\\<javascript:alert(1)>"),
            ("a < b and 1<2", "a < b and 1<2"),
            ("``<b>`` and `<i>`", "``<b>`` and `<i>`"),
            ("unclosed `<b>", "unclosed `\\<b>"),
            (
                "[x]( JaVa\tScRiPt:alert(1))",
                "[x\\]( JaVa\tScRiPt:alert(1))",
            ),
            ("[x](<data:text/html,hi>)", "[x\\](\\<data:text/html,hi>)"),
            // Escapes and character references the renderer decodes into the href.
            ("[a](javascript\\:alert(1))", "[a\\](javascript\\:alert(1))"),
            ("![a](javascript\\:x)", "![a\\](javascript\\:x)"),
            ("[a](&#106;avascript:x)", "[a\\](&#106;avascript:x)"),
            ("[a](&#X6a;avascript:x)", "[a\\](&#X6a;avascript:x)"),
            ("[a](javascript&colon;x)", "[a\\](javascript&colon;x)"),
            ("[a](javascript&#58;x)", "[a\\](javascript&#58;x)"),
            ("[a](java&Tab;script:x)", "[a\\](java&Tab;script:x)"),
            ("[a](&#32;&#x09;data:x)", "[a\\](&#32;&#x09;data:x)"),
            (
                "[a](&#00000106;avascript:x)",
                "[a\\](&#00000106;avascript:x)",
            ),
            // Not decoded by the renderer: the link stays.
            ("[a](&#106avascript:x)", "[a](&#106avascript:x)"),
            ("[a](&jscr;avascript:x)", "[a](&jscr;avascript:x)"),
            ("[a](java%73cript:x)", "[a](java%73cript:x)"),
            ("[a](\\javascript:x)", "[a](\\javascript:x)"),
            ("[a](&#0;)", "[a](&#0;)"),
            ("[a](https://x/?q=1&amp;r=2)", "[a](https://x/?q=1&amp;r=2)"),
            ("[x](https://ok)", "[x](https://ok)"),
            // Terminal escapes become visible, inside code spans too.
            ("a\u{1b}[2Jb `\u{7}`", "a\u{241b}[2Jb `\u{2407}`"),
        ] {
            assert_eq!(escape_markdown_inline(input), expected, "{input}");
        }
    }

    #[test]
    fn structure_at_line_starts_is_escaped() {
        for (input, expected) in [
            ("Title\n===", "Title\n\\==="),
            ("Title\n---", "Title\n\\---"),
            ("- item\n* * *", "- item\n\\* * *"),
            ("  # heading", "  \\# heading"),
            ("keep #hash and - dash", "keep #hash and - dash"),
            (
                "~~~\n# inside\n~~~\n# outside",
                "~~~\n# inside\n~~~\n\\# outside",
            ),
            (
                "````\n```\n# still inside",
                "````\n```\n# still inside\n````",
            ),
            ("a\r\n# b", "a\n\\# b"),
            (
                "x\u{1b}]0;t\u{7}\n\u{9b}y\ttab",
                "x\u{241b}]0;t\u{2407}\n\u{fffd}y\ttab",
            ),
        ] {
            assert_eq!(escape_markdown_block(input), expected, "{input}");
        }
    }

    /// Seen writing the `markdown_escape` fuzz target: a backslash escape is read as Markdown
    /// reads it (an escaped backtick opens no code span, an escaped `<` needs nothing
    /// more, an escaped backslash escapes nothing), and fences, indentation and line
    /// breaks as the changelog reader reads them.
    #[test]
    fn backslashes_fences_and_line_breaks_as_markdown_reads_them() {
        for (input, expected) in [
            ("\\`<b>`", "\\`\\<b>`"),
            ("\\<b>", "\\<b>"),
            ("\\\\<b>", "\\\\\\<b>"),
        ] {
            assert_eq!(escape_markdown_inline(input), expected, "{input}");
        }
        for (input, expected) in [
            ("    ```\n# x", "    ```\n\\# x"),
            ("```a`\n# x", "```a`\n\\# x"),
            ("a\r# x\r\n# y", "a\n\\# x\n\\# y"),
            ("```\n```sh\n# in", "```\n```sh\n# in\n```"),
        ] {
            assert_eq!(escape_markdown_block(input), expected, "{input:?}");
        }
        for hostile in [
            "````\n```\n## [9.9.9]",
            "\t## [9.9.9]\n",
            "```\r\r\n## [9.9.9]",
        ] {
            let text = format!("## [1.0.0]\n\n{}", escape_markdown_block(hostile));
            let doc = crate::changelog::Document::parse(&text);
            assert_eq!((doc.releases.len(), doc.open_fence), (1, None), "{text:?}");
        }
    }

    #[test]
    fn escaped_text_has_no_structure_for_relcore_either() {
        let hostile = "## [9.9.9] - 2030-01-01\n[unreleased]: https://evil.example\n```";
        let text = format!(
            "# Changelog\n\n## [1.0.0]\n\n- x\n\n  {}\n",
            escape_markdown_block(hostile).replace('\n', "\n  ")
        );
        let doc = crate::changelog::Document::parse(&text);
        assert_eq!(doc.releases.len(), 1);
        assert!(doc.links.is_empty());
        assert_eq!(doc.open_fence, None);
    }
}
