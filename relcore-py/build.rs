//! The Python docstrings of the native module come from its stub,
//! `python/relcore/_relcore.pyi`: the stub's docstring of each function, class and method
//! is written to `$OUT_DIR/pydoc/<name>.txt` (`next_version`, `Version`, `Version.bump`,
//! `module` for the module's own), and `src/lib.rs` gives it to PyO3 with `pydoc!`. So
//! `help()`, IPython's `?` and Sphinx show the same text as an editor reading the stub, and
//! it is written once.

use std::collections::BTreeMap;
use std::path::Path;

const STUB: &str = "python/relcore/_relcore.pyi";

fn main() {
    println!("cargo:rerun-if-changed={STUB}");
    let text = std::fs::read_to_string(STUB).expect("the stub python/relcore/_relcore.pyi");
    let out = Path::new(&std::env::var("OUT_DIR").expect("OUT_DIR")).join("pydoc");
    std::fs::create_dir_all(&out).expect("creating OUT_DIR/pydoc");
    for (name, doc) in docstrings(&text) {
        assert!(!doc.contains('\0'), "the docstring of {name} holds a NUL");
        std::fs::write(out.join(format!("{name}.txt")), doc).expect("writing a docstring");
    }
}

/// Every docstring of the stub, by qualified name: the module's (`module`), each
/// top-level function's and class's, and each method's (`Class.method`).
fn docstrings(text: &str) -> BTreeMap<String, String> {
    let lines: Vec<&str> = text.lines().collect();
    let mut found = BTreeMap::new();
    // The definition whose docstring comes next, and the class we are in.
    let mut owner = Some("module".to_owned());
    let mut class: Option<String> = None;
    let mut i = 0;
    while let Some(line) = lines.get(i) {
        let indent = line.len() - line.trim_start().len();
        let trimmed = line.trim_start();
        if let Some(name) = header(trimmed, "class ") {
            class = (indent == 0).then(|| name.to_owned());
            owner = Some(name.to_owned());
        } else if let Some(name) = header(trimmed, "def ") {
            if indent == 0 {
                class = None;
            }
            owner = Some(match &class {
                Some(class) if indent > 0 => format!("{class}.{name}"),
                _ => name.to_owned(),
            });
            // A one-line stub (`def f(...) -> T: ...`) has no docstring.
            if trimmed.ends_with("...") {
                owner = None;
            }
        } else if let Some(rest) = trimmed.strip_prefix("\"\"\"")
            && let Some(name) = owner.take()
        {
            let mut body = vec![rest];
            if !rest.contains("\"\"\"") {
                loop {
                    i += 1;
                    match lines.get(i) {
                        Some(next) => {
                            body.push(next);
                            if next.contains("\"\"\"") {
                                break;
                            }
                        }
                        None => panic!("the docstring of {name} does not end"),
                    }
                }
            }
            found.insert(name, unescape(&clean(&body)));
        }
        i += 1;
    }
    found
}

/// The docstring's value, its source's escapes read as Python reads them in a plain
/// (not raw) string: `\\`, `\n`, `\t`, quotes, and a backslash ending a line joins it to
/// the next; any other backslash stays.
fn unescape(source: &str) -> String {
    let mut out = String::with_capacity(source.len());
    let mut chars = source.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some(q @ ('"' | '\'')) => out.push(q),
            Some('\n') => {}
            // An escaped backslash, or one that ends the text.
            Some('\\') | None => out.push('\\'),
            Some(other) => {
                out.push('\\');
                out.push(other);
            }
        }
    }
    out
}

/// The name a `class ` or `def ` line defines.
fn header<'a>(line: &'a str, keyword: &str) -> Option<&'a str> {
    let rest = line.strip_prefix(keyword)?;
    let end = rest.find(|c: char| !(c.is_alphanumeric() || c == '_'))?;
    rest.get(..end)
}

/// The docstring's lines (the first after the opening quotes, the last holding the closing
/// ones) as Python's `inspect.cleandoc` gives them: the common indentation of all lines but
/// the first removed, and blank lines at either end dropped.
fn clean(body: &[&str]) -> String {
    let mut lines: Vec<&str> = body.to_vec();
    if let Some(last) = lines.last_mut()
        && let Some(end) = last.find("\"\"\"")
    {
        *last = &last[..end];
    }
    let indent = lines
        .iter()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.len() - l.trim_start().len())
        .min()
        .unwrap_or(0);
    let mut out: Vec<&str> = Vec::with_capacity(lines.len());
    for (k, line) in lines.iter().enumerate() {
        if k == 0 {
            out.push(line.trim_start());
        } else {
            out.push(line.get(indent..).unwrap_or_else(|| line.trim_start()));
        }
    }
    let text: Vec<&str> = out.into_iter().map(str::trim_end).collect();
    let start = text
        .iter()
        .position(|l| !l.is_empty())
        .unwrap_or(text.len());
    let end = text
        .iter()
        .rposition(|l| !l.is_empty())
        .map_or(start, |e| e + 1);
    text.get(start..end).unwrap_or_default().join("\n")
}
