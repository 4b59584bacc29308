//! Printing: human output with compiler-style carets, or one JSON document with `--json`.

use std::io::{self, IsTerminal, Write};
use std::sync::atomic::{AtomicBool, AtomicU8, Ordering};

use relcore::changelog::visible_controls;
use serde_json::{Value, json};

/// Set once a write to stdout met a closed pipe: the reader went away.
static STDOUT_CLOSED: AtomicBool = AtomicBool::new(false);

/// A write to stdout: a closed pipe (`relcore … | head -1`) is no error, and nothing more
/// is written once it is seen; the command carries on to its own exit code.
fn to_stdout(write: impl FnOnce(&mut io::StdoutLock<'static>) -> io::Result<()>) -> io::Result<()> {
    if STDOUT_CLOSED.load(Ordering::Relaxed) {
        return Ok(());
    }
    let mut out = io::stdout().lock();
    match write(&mut out).and_then(|()| out.flush()) {
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => {
            STDOUT_CLOSED.store(true, Ordering::Relaxed);
            Ok(())
        }
        other => other,
    }
}

/// Writes one JSON document and a newline to stdout.
pub fn print_json(value: &Value) -> io::Result<()> {
    print_json_of(value)
}

/// Writes any serialisable document as [`print_json`] does, without building a
/// [`Value`] first.
pub fn print_json_of<T: serde::Serialize + ?Sized>(value: &T) -> io::Result<()> {
    to_stdout(|out| {
        // Stdout flushes at every newline: a large document is buffered whole instead.
        let mut buffered = io::BufWriter::with_capacity(1 << 16, &mut *out);
        serde_json::to_writer_pretty(&mut buffered, value)?;
        writeln!(buffered)?;
        buffered.flush()
    })
}

/// Writes one line of human output to stdout, its control characters made visible
/// ([`visible_controls`]): commit text cannot steer the terminal.
pub fn print_line(line: &str) -> io::Result<()> {
    let line = visible_controls(line);
    to_stdout(|out| writeln!(out, "{line}"))
}

/// Writes text as it is to stdout (a rendered changelog, which may go to a file); on a
/// terminal, with its control characters made visible.
pub fn print_text(text: &str) -> io::Result<()> {
    if io::stdout().is_terminal() {
        return print_bytes(visible_controls(text).as_bytes());
    }
    print_bytes(text.as_bytes())
}

/// Writes bytes as they are to stdout (a generated script or manual page).
pub fn print_bytes(bytes: &[u8]) -> io::Result<()> {
    to_stdout(|out| out.write_all(bytes))
}

/// `--color`: 0 auto, 1 always, 2 never; set once by `run` before any output.
static COLOR: AtomicU8 = AtomicU8::new(0);

/// Sets when diagnostics are coloured (`--color`).
pub fn set_color(when: crate::args::ColorWhen) {
    let value = match when {
        crate::args::ColorWhen::Auto => 0,
        crate::args::ColorWhen::Always => 1,
        crate::args::ColorWhen::Never => 2,
    };
    COLOR.store(value, Ordering::Relaxed);
}

/// Whether stderr gets colour: `--color always|never`, else the conventions other tools
/// follow: `NO_COLOR` (set and not empty) turns it off, `CLICOLOR_FORCE` (not `0`) on,
/// `TERM=dumb` off, and otherwise only a terminal gets it.
fn stderr_color() -> bool {
    let set = |name: &str| std::env::var_os(name).is_some_and(|v| !v.is_empty() && v != "0");
    match COLOR.load(Ordering::Relaxed) {
        1 => true,
        2 => false,
        _ if std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()) => false,
        _ if set("CLICOLOR_FORCE") => true,
        _ if std::env::var_os("TERM").is_some_and(|t| t == "dumb") => false,
        _ => io::stderr().is_terminal(),
    }
}

/// The display width of text in a terminal: East Asian wide characters take two columns,
/// combining marks none, so a caret lands under the character it points at.
fn display_width(text: &str) -> usize {
    unicode_width::UnicodeWidthStr::width(text)
}

/// Writes one line to stderr; a closed stderr is ignored (there is nowhere left to say
/// anything).
pub fn eprint_line(line: &str) {
    let _ = writeln!(io::stderr().lock(), "{line}");
}

/// The JSON document of a failure: its stable code, message and any location fields.
pub fn error_json(code: &str, message: &str, extra: Value) -> Value {
    let mut doc = json!({ "code": code, "message": message });
    if let (Some(doc), Value::Object(extra)) = (doc.as_object_mut(), extra) {
        doc.extend(extra);
    }
    doc
}

/// Prints a located problem to stderr: `error[code]: message`, the input with a caret
/// under `offset` (a byte offset into `input`) when given, and a hint.
pub fn report(code: &str, message: &str, input: Option<(&str, usize)>, hint: Option<&str>) {
    let mut err = io::stderr().lock();
    let (red, cyan, reset) = if stderr_color() {
        ("\x1b[1;31m", "\x1b[1;36m", "\x1b[0m")
    } else {
        ("", "", "")
    };
    let message = visible_controls(message);
    let _ = writeln!(err, "{red}error[{code}]{reset}: {message}");
    if let Some((input, offset)) =
        input.filter(|(input, _)| !input.is_empty() && !input.contains('\n'))
    {
        let column = input.get(..offset).map_or(0, |s| s.chars().count()) + 1;
        let (shown, column) = excerpt(input, column);
        let pad = caret_pad(&shown, column);
        let _ = writeln!(err, "  {shown}\n  {pad}{red}^{reset}");
    }
    if let Some(hint) = hint.filter(|hint| !message.contains(hint)) {
        let _ = writeln!(err, "{cyan}hint{reset}: {}", visible_controls(hint));
    }
}

/// `warning: <message>` on stderr (in yellow on a terminal): something that looks wrong
/// but stops nothing.
pub fn warn(message: &str) {
    let mut err = io::stderr().lock();
    let (yellow, reset) = if stderr_color() {
        ("\x1b[1;33m", "\x1b[0m")
    } else {
        ("", "")
    };
    let _ = writeln!(err, "{yellow}warning{reset}: {}", visible_controls(message));
}

/// A usage error found by a library parser (an unknown bump level, a bad preid base):
/// exit 2, with the library's slug as the code.
#[derive(Debug)]
pub struct UsageError {
    /// The library's stable slug.
    pub code: std::borrow::Cow<'static, str>,
    /// The library's message.
    pub message: String,
}

impl std::fmt::Display for UsageError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for UsageError {}

/// Input that is not what it must be, located in its file (bytes that are not UTF-8):
/// exit 1, the command ran and the input was refused.
#[derive(Debug)]
pub struct InputError {
    /// The file, or `<stdin>`.
    pub path: String,
    /// What is wrong and where.
    pub error: relcore::diagnostic::InvalidUtf8,
}

impl std::fmt::Display for InputError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.path, self.error)
    }
}

impl std::error::Error for InputError {}

/// A usage error with the library's slug (exit 2).
pub fn usage(code: impl Into<std::borrow::Cow<'static, str>>, message: String) -> anyhow::Error {
    anyhow::Error::new(UsageError {
        code: code.into(),
        message,
    })
}

/// An input the library rejected: a usage error (exit 2) with the error's code and message,
/// read through the one error contract.
pub fn library_error(e: &dyn relcore::error::Coded) -> anyhow::Error {
    usage(e.code().to_owned(), e.to_string())
}

/// A failure of the application layer (`relcore-release`): exit 2 with its slug, or exit 1
/// for a file that is not UTF-8 (`invalid_utf8`, located).
pub fn release_error(e: &relcore_release::ReleaseError) -> anyhow::Error {
    if let Some((path, error)) = e.invalid_utf8() {
        return anyhow::Error::new(InputError {
            path: path.display().to_string(),
            error: error.clone(),
        });
    }
    library_error(e)
}

/// A `relcore.toml` that is missing (when named with `--config`), unreadable or invalid:
/// exit 2 with its slug; an invalid file says `file:line:col` and what is wrong. Bytes
/// that are not UTF-8 are refused input: `invalid_utf8`, exit 1.
pub fn config_error(e: &relcore_release::ConfigFileError) -> anyhow::Error {
    if let relcore_release::ConfigFileError::NotUtf8 { path, error } = e {
        return anyhow::Error::new(InputError {
            path: path.display().to_string(),
            error: error.clone(),
        });
    }
    library_error(e)
}

/// `1.4.2 -> 1.5.0 (minor)` and the reasons, one per line; with nothing to release, the
/// `no_releasable_changes` error and the reasons on stderr.
pub fn print_decision(decision: &relcore::bump::Decision) -> anyhow::Result<()> {
    let current = decision
        .current
        .as_ref()
        .map_or_else(|| "(no release)".to_owned(), ToString::to_string);
    match &decision.next {
        Some(next) => {
            let level = decision
                .level
                .map(|l| format!(" ({l})"))
                .unwrap_or_default();
            print_line(&format!("{current} -> {next}{level}"))?;
        }
        None => report(
            "no_releasable_changes",
            &format!("{current}: nothing to release"),
            None,
            None,
        ),
    }
    for reason in &decision.reasons {
        let line = format!("  {}: {}", reason.rule, reason.message);
        if decision.next.is_some() {
            print_line(&line)?;
        } else {
            eprint_line(&line);
        }
    }
    Ok(())
}

/// Prints an error that stopped the command and returns its exit code: 1 for refused
/// input (`invalid_utf8`, located), else 2 with code `usage` for usage errors without a
/// library slug and `io` for everything else.
pub fn print_fatal(err: &anyhow::Error, json: bool) -> u8 {
    let message = format!("{err:#}");
    if let Some(input) = err.downcast_ref::<InputError>() {
        let code = input.error.code();
        if json {
            let at = json!({
                "path": input.path,
                "line": input.error.line,
                "column": input.error.column,
                "offset": input.error.offset,
            });
            let _ = print_json(&error_json(code, &message, at));
        } else {
            report(code, &message, None, Some("save the file as UTF-8"));
        }
        return 1;
    }
    let code = err
        .downcast_ref::<UsageError>()
        .map_or("io", |usage| &usage.code);
    if json {
        let _ = print_json(&error_json(code, &message, Value::Null));
    } else {
        report(code, &message, None, None);
    }
    2
}

/// `true` when the error chain holds a broken pipe: the reader went away, which is fine.
pub fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        cause
            .downcast_ref::<io::Error>()
            .is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe)
    })
}

/// Prints a located diagnostic to stderr in the style of compiler diagnostics:
/// `error[code]: message`, ` --> name:line:col`, the source line and a caret, a hint.
pub fn print_diagnostic(name: &str, text: &str, d: &relcore::diagnostic::Diagnostic) {
    let mut err = io::stderr().lock();
    let color = stderr_color();
    let (sev, cyan, bold, reset) = match (color, d.severity) {
        (false, _) => ("", "", "", ""),
        (true, relcore::diagnostic::Severity::Error) => {
            ("\x1b[1;31m", "\x1b[1;36m", "\x1b[1m", "\x1b[0m")
        }
        (true, relcore::diagnostic::Severity::Note) => {
            ("\x1b[1;32m", "\x1b[1;36m", "\x1b[1m", "\x1b[0m")
        }
        (true, _) => ("\x1b[1;33m", "\x1b[1;36m", "\x1b[1m", "\x1b[0m"),
    };
    let _ = writeln!(
        err,
        "{sev}{}[{}]{reset}{bold}: {}{reset}",
        d.severity.as_str(),
        d.code,
        visible_controls(&d.message)
    );
    if let (Some(line), Some(column)) = (d.line, d.column) {
        let _ = writeln!(err, "  {cyan}-->{reset} {name}:{line}:{column}");
        if let Some(source) = text.lines().nth(line.saturating_sub(1)) {
            let (source, column) = excerpt(source.trim_end_matches('\r'), column);
            let gutter = line.to_string().len();
            let pad = " ".repeat(gutter);
            let _ = writeln!(
                err,
                "{pad} {cyan}|{reset}\n{cyan}{line}{reset} {cyan}|{reset} {source}\n{pad} {cyan}|{reset} {}{sev}^{reset}",
                caret_pad(&source, column)
            );
        }
    }
    if let Some(hint) = &d.hint {
        let _ = writeln!(err, "  {cyan}= hint{reset}: {hint}");
    }
}

/// The blanks before a caret under the 1-based character `column` of `line`, by display
/// width (a tab stays a tab, so the caret follows the line's own tab stops).
fn caret_pad(line: &str, column: usize) -> String {
    line.chars()
        .take(column.saturating_sub(1))
        .map(|c| {
            if c == '\t' {
                "\t".to_owned()
            } else {
                " ".repeat(display_width(c.encode_utf8(&mut [0; 4])))
            }
        })
        .collect()
}

/// Characters of a source line shown around a caret: a 10 MB line must not become 10 MB
/// of stderr.
const EXCERPT: usize = 120;

/// At most [`EXCERPT`] characters of `line` around the 1-based character `column`, with
/// `…` where the line was cut, and the column of the caret in the excerpt. Control
/// characters (a NUL, an escape sequence) are shown as `�`: one character each, so the
/// caret stays in place and the terminal is not driven by the input.
fn excerpt(line: &str, column: usize) -> (String, usize) {
    let chars: Vec<char> = line.chars().collect();
    let at = column.saturating_sub(1).min(chars.len());
    let start = at.saturating_sub(EXCERPT / 2);
    let end = (start + EXCERPT).min(chars.len());
    let start = end.saturating_sub(EXCERPT).min(start);
    let mut shown = String::new();
    let mut caret = at - start + 1;
    if start > 0 {
        shown.push('…');
        caret += 1;
    }
    shown.extend(chars.get(start..end).unwrap_or_default().iter().map(|&c| {
        if c.is_control() && c != '\t' {
            '\u{fffd}'
        } else {
            c
        }
    }));
    if end < chars.len() {
        shown.push('…');
    }
    (shown, caret)
}

/// A count of work done, shown on stderr when it is a terminal and the work is long.
#[derive(Debug)]
pub struct Progress {
    label: &'static str,
    count: usize,
    shown: bool,
    terminal: bool,
}

impl Progress {
    /// Starts counting.
    pub fn new(label: &'static str) -> Progress {
        Progress {
            label,
            count: 0,
            shown: false,
            // Redraws are terminal output: only on a terminal, and off where colour is.
            terminal: io::stderr().is_terminal() && stderr_color(),
        }
    }

    /// Counts one item; redraws every 5,000.
    pub fn tick(&mut self) {
        self.count += 1;
        if self.terminal && self.count.is_multiple_of(5_000) {
            let _ = write!(io::stderr(), "\r{}: {} commits", self.label, self.count);
            self.shown = true;
        }
    }

    /// Clears the line if anything was shown.
    pub fn finish(&self) {
        if self.shown {
            let _ = write!(io::stderr(), "\r{}\r", " ".repeat(self.label.len() + 24));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::excerpt;

    #[test]
    fn carets_follow_display_width() {
        assert_eq!(super::caret_pad("abc", 3), "  ");
        assert_eq!(super::caret_pad("版本x", 3), "    ");
        assert_eq!(super::caret_pad("\tx", 2), "\t");
    }

    #[test]
    fn long_lines_are_cut_around_the_caret() {
        assert_eq!(excerpt("short", 3), ("short".to_owned(), 3));
        let long = format!("{}X{}", "a".repeat(10_000), "b".repeat(10_000));
        let (shown, caret) = excerpt(&long, 10_001);
        assert_eq!(shown.chars().count(), super::EXCERPT + 2);
        assert!(shown.starts_with('…') && shown.ends_with('…'));
        assert_eq!(shown.chars().nth(caret - 1), Some('X'));
        let (shown, caret) = excerpt(&long, 1);
        assert_eq!((shown.chars().next(), caret), (Some('a'), 1));
        let (shown, caret) = excerpt(&long, 20_001);
        assert_eq!(shown.chars().nth(caret - 1), Some('b'));
        assert_eq!(excerpt("a\u{0}b", 3), ("a\u{fffd}b".to_owned(), 3));
    }
}
