//! Requirements and manifest dependencies never panic. The first byte picks the dialect
//! (and, for manifests, the kind); the rest is `REQUIREMENT\nVERSION\nOTHER` for a
//! requirement, or a whole manifest. When a requirement parses: an error offset is on a
//! character boundary inside it, `intersects` is symmetric, a requirement a version
//! matches intersects itself, and a rewrite admits the version it was asked to. When a
//! manifest reads, every requirement's span holds exactly its text, and rewriting it in
//! place changes only those bytes.
#![cfg_attr(fuzzing, no_main)]

#[path = "shim.rs"]
mod shim;

use relcore::manifest::{FileKind, read_dependencies, set_requirement};
use relcore::version::{Dialect, Requirement, Version};

fn run(data: &[u8]) {
    let Some((&selector, rest)) = data.split_first() else {
        return;
    };
    let Ok(rest) = std::str::from_utf8(rest) else {
        return;
    };
    if selector & 0x80 != 0 {
        let kind = match selector % 3 {
            0 => FileKind::CargoToml,
            1 => FileKind::PackageJson,
            _ => FileKind::Pyproject,
        };
        let Ok(deps) = read_dependencies(&kind, "f", rest) else {
            return;
        };
        for d in deps {
            let Some(r) = d.requirement else { continue };
            assert!(rest.get(r.at.start..r.at.end).is_some(), "{r:?}");
            if rest.get(r.at.start..r.at.end) == Some(r.text.as_str()) {
                if let Ok(out) = set_requirement(rest, &r.at, &r.text, "1.2.3") {
                    assert_eq!(out.len() + r.text.len(), rest.len() + 5);
                    assert_eq!(out.get(..r.at.start), rest.get(..r.at.start));
                }
            }
        }
        return;
    }
    let dialect = [Dialect::Cargo, Dialect::Npm, Dialect::Pep440][usize::from(selector % 3)];
    let mut parts = rest.split('\n');
    let text = parts.next().unwrap_or_default();
    let req = match Requirement::parse(dialect, text) {
        Ok(req) => req,
        Err(e) => {
            assert!(
                e.offset() <= text.len() && text.is_char_boundary(e.offset()),
                "{e}"
            );
            return;
        }
    };
    let version = parts
        .next()
        .and_then(|v| Version::parse(v).ok())
        .unwrap_or(Version::new(2, 0, 0));
    if req.matches(&version) {
        assert!(req.intersects(&req), "{req} matches {version}");
    }
    if let Ok(other) = Requirement::parse(dialect, parts.next().unwrap_or("*")) {
        assert_eq!(
            req.intersects(&other),
            other.intersects(&req),
            "{req} and {other}"
        );
    }
    if let Ok(out) = req.rewrite(&version) {
        let again = Requirement::parse(dialect, &out).expect("a rewrite parses");
        assert!(again.matches(&version), "{req} -> {out} for {version}");
    }
}

fuzz_main!(run);
