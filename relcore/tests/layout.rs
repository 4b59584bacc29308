//! The core's module graph has no cycle: a module that names another (`crate::other::…`
//! in code, tests and re-exports included; comments and doc links are not imports) must
//! not be named back, directly or through others. In particular `plan` and `risk` do not
//! import each other: `plan` builds suggested plans from a `risk::Classification` whose
//! values live in the private `classification` module both use, and `risk` only
//! re-exports `plan::suggest_plan` under its first path.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The top-level modules of the core, each with the modules its code names.
fn graph() -> BTreeMap<String, BTreeSet<String>> {
    let src = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("src");
    let lib = std::fs::read_to_string(src.join("lib.rs")).unwrap();
    let modules: Vec<String> = lib
        .lines()
        .filter_map(|l| {
            let l = l.trim().trim_start_matches("pub ");
            l.strip_prefix("mod ")?.strip_suffix(';').map(str::to_owned)
        })
        .collect();
    assert!(modules.len() >= 9, "{modules:?}");
    let mut graph = BTreeMap::new();
    for module in &modules {
        let mut files = Vec::new();
        let dir = src.join(module);
        if dir.is_dir() {
            rust_files(&dir, &mut files);
        } else {
            files.push(src.join(format!("{module}.rs")));
        }
        assert!(!files.is_empty(), "{module}");
        let mut uses = BTreeSet::new();
        for file in files {
            let text = std::fs::read_to_string(&file).unwrap();
            for line in text.lines().map(code) {
                for other in &modules {
                    if other != module && names(line, other) {
                        uses.insert(other.clone());
                    }
                }
            }
        }
        graph.insert(module.clone(), uses);
    }
    graph
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// A line without its comment (a `//` outside a string literal ends the code).
fn code(line: &str) -> &str {
    let mut in_string = false;
    let mut prev = ' ';
    for (i, c) in line.char_indices() {
        match c {
            '"' if prev != '\\' => in_string = !in_string,
            '/' if !in_string && prev == '/' => return &line[..i - 1],
            _ => {}
        }
        prev = c;
    }
    line
}

/// Whether a line of code names `module` of this crate (`crate::m`, `$crate::m`, or a
/// `use crate::{m, …}` group).
fn names(line: &str, module: &str) -> bool {
    line.contains(&format!("crate::{module}::"))
        || line.contains(&format!("crate::{module};"))
        || line.contains(&format!("crate::{module}}}"))
        || (line.contains("crate::{") && line.contains(&format!("{module}::")))
}

/// A path `from → … → from`, if the graph has one.
fn cycle(graph: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn visit(
        graph: &BTreeMap<String, BTreeSet<String>>,
        node: &str,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(at) = path.iter().position(|n| n == node) {
            let mut found = path[at..].to_vec();
            found.push(node.to_owned());
            return Some(found);
        }
        if done.contains(node) {
            return None;
        }
        path.push(node.to_owned());
        for next in &graph[node] {
            if let Some(found) = visit(graph, next, path, done) {
                return Some(found);
            }
        }
        path.pop();
        done.insert(node.to_owned());
        None
    }
    let mut done = BTreeSet::new();
    graph
        .keys()
        .find_map(|n| visit(graph, n, &mut Vec::new(), &mut done))
}

#[test]
fn core_modules_form_no_cycle() {
    let graph = graph();
    assert_eq!(cycle(&graph), None, "{graph:#?}");
}

#[test]
fn plan_and_risk_meet_only_in_classification() {
    let graph = graph();
    assert!(
        !graph["plan"].contains("risk"),
        "plan imports risk: {graph:#?}"
    );
    assert!(!graph["classification"].contains("risk"));
    assert!(!graph["classification"].contains("plan"));
    assert!(graph["plan"].contains("classification"));
    assert!(graph["risk"].contains("classification"));
}

#[test]
fn the_check_sees_imports_and_skips_comments() {
    assert!(names(code("use crate::risk::{ChangeType, Risk};"), "risk"));
    assert!(names(
        code("    type Err = $crate::risk::ParseError;"),
        "risk"
    ));
    assert!(names(code("use crate::{plan::Plan, version};"), "plan"));
    assert!(!names(
        code("/// see [`risk`](crate::risk::classify)"),
        "risk"
    ));
    assert!(!names(code("let x = 1; // crate::risk::Risk"), "risk"));
    assert!(!names(code("use crate::riskier::X;"), "risk"));
    let mut g = BTreeMap::new();
    g.insert("a".to_owned(), BTreeSet::from(["b".to_owned()]));
    g.insert("b".to_owned(), BTreeSet::from(["a".to_owned()]));
    assert_eq!(cycle(&g), Some(vec!["a".into(), "b".into(), "a".into()]));
}
