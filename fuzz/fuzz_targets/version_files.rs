//! Setting a version in any version file never panics and never hangs (a pattern that
//! starts with `{version}` looped for ever). When it succeeds, the new version reads back
//! where the kind keeps it, setting it again changes nothing, and every byte outside the
//! version values is as it was. The first byte picks the kind; for a pattern, the text up
//! to the first NUL is the pattern and the rest is the file.
#![cfg_attr(fuzzing, no_main)]

#[path = "shim.rs"]
mod shim;

use relcore::manifest::{FileKind, set_version};
use relcore::version::Version;

/// Two versions with no border (no prefix that is also a suffix), so that in an edited
/// file they occur only where the editor put them.
const A: &str = "31.41.59";
const B: &str = "27.18.28";

fn run(data: &[u8]) {
    let Some((&selector, rest)) = data.split_first() else { return };
    let Ok(rest) = std::str::from_utf8(rest) else { return };
    let (kind, text) = match selector % 10 {
        0 => (FileKind::CargoToml, rest),
        1 => (FileKind::CargoWorkspace, rest),
        2 => (FileKind::CargoLock { packages: vec!["relcore".into(), "a".into()] }, rest),
        3 => (FileKind::PackageJson, rest),
        4 => (FileKind::PackageLock, rest),
        5 => (FileKind::Pyproject, rest),
        6 => (FileKind::Chart { app_version: selector & 0x80 != 0 }, rest),
        7 => (FileKind::Pom, rest),
        8 => (FileKind::Plain, rest),
        _ => {
            let (pattern, text) = rest.split_once('\0').unwrap_or(("{version}", rest));
            (FileKind::Pattern { pattern: pattern.to_owned() }, text)
        }
    };
    let a = Version::parse(A).unwrap();
    let b = Version::parse(B).unwrap();
    let Ok(with_a) = set_version(&kind, text, &a) else { return };

    // Already at the version: unchanged.
    assert_eq!(set_version(&kind, &with_a, &a).as_deref(), Ok(with_a.as_str()), "not idempotent");
    read_back(&kind, &with_a);

    if text.contains(A) || text.contains(B) {
        return;
    }
    // The edits depend on where the versions are, not on the new version.
    let with_b = set_version(&kind, text, &b).expect("one version sets, the other does not");
    assert_eq!(with_a.replace(A, B), with_b, "edits differ between versions");
    outside_unchanged(&kind, text, &with_a);
}

/// The version reads back where the kind keeps it.
fn read_back(kind: &FileKind, out: &str) {
    match kind {
        FileKind::CargoToml | FileKind::CargoWorkspace | FileKind::Pyproject => {
            let doc: toml::Table = toml::from_str(out).unwrap_or_else(|e| panic!("result is not TOML: {e}\n{out}"));
            let at = |path: &[&str]| {
                let mut item = doc.get(path[0])?;
                for key in &path[1..] {
                    item = item.get(key)?;
                }
                item.as_str()
            };
            let paths: &[&[&str]] = match kind {
                FileKind::CargoToml => &[&["package", "version"], &["workspace", "package", "version"]],
                FileKind::CargoWorkspace => &[&["workspace", "package", "version"]],
                _ => &[&["project", "version"], &["tool", "poetry", "version"]],
            };
            let found: Vec<_> = paths.iter().filter_map(|p| at(p)).collect();
            assert!(found.contains(&A), "{found:?} in\n{out}");
        }
        FileKind::PackageJson | FileKind::PackageLock => {
            let doc: serde_json::Value = serde_json::from_str(out).expect("result is JSON");
            let top = doc.get("version").and_then(|v| v.as_str());
            let lock = doc.pointer("/packages//version").and_then(|v| v.as_str());
            match kind {
                FileKind::PackageJson => assert_eq!(top, Some(A), "{out}"),
                _ => {
                    assert!(top == Some(A) || lock == Some(A), "{out}");
                    assert!(top.is_none_or(|v| v == A) && lock.is_none_or(|v| v == A), "{out}");
                }
            }
        }
        FileKind::Plain => assert_eq!(out.trim(), A),
        FileKind::Pattern { pattern } => {
            assert!(out.contains(&pattern.replace("{version}", A)), "{out:?}")
        }
        _ => assert!(out.contains(A)),
    }
}

/// `out` is `text` with some values replaced by `A`: splitting `out` at each `A` gives
/// pieces found in `text` in order, with an old value between them. For TOML,
/// the quotes around a value are part of it (a multi-line string becomes a basic one).
fn outside_unchanged(kind: &FileKind, text: &str, out: &str) {
    let toml = matches!(kind, FileKind::CargoToml | FileKind::CargoWorkspace | FileKind::Pyproject);
    let mut pieces: Vec<&[u8]> = out.split(A).map(str::as_bytes).collect();
    assert!(pieces.len() >= 2, "no version set:\n{out:?}");
    if toml {
        let n = pieces.len();
        for (i, p) in pieces.iter_mut().enumerate() {
            if i > 0 && matches!(p.first(), Some(b'"' | b'\'')) {
                *p = &p[1..];
            }
            if i + 1 < n && matches!(p.last(), Some(b'"' | b'\'')) {
                *p = &p[..p.len() - 1];
            }
        }
    }
    let text = text.as_bytes();
    let (first, last) = (pieces[0], pieces[pieces.len() - 1]);
    let changed = |where_: &str| -> ! {
        panic!("text {where_} changed:\n{:?}\n{out:?}", String::from_utf8_lossy(text))
    };
    if !text.starts_with(first) {
        changed("before the first version");
    }
    // A JSON string or an XML element may be empty and still take the version; a TOML,
    // YAML, plain or pattern value may not.
    let least = usize::from(!matches!(kind, FileKind::PackageJson | FileKind::PackageLock | FileKind::Pom));
    let mut cursor = first.len();
    let mut olds: Vec<&[u8]> = Vec::new();
    for piece in &pieces[1..pieces.len() - 1] {
        let from = cursor + least;
        let Some(found) = text.get(from..).and_then(|t| find(t, piece)) else {
            changed("between versions")
        };
        olds.push(&text[cursor..from + found]);
        cursor = from + found + piece.len();
    }
    if text.len() < cursor + least + last.len() || !text.ends_with(last) {
        changed("after the last version");
    }
    olds.push(&text[cursor..text.len() - last.len()]);
    if let FileKind::Pattern { .. } = kind {
        for old in olds {
            let old = std::str::from_utf8(old).unwrap_or_default();
            assert!(Version::parse(old).is_ok(), "replaced {old:?}, no version");
        }
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() {
        return Some(0);
    }
    haystack.windows(needle.len()).position(|w| w == needle)
}

fuzz_main!(run);
