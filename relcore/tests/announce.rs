//! `relcore::announce::announce` against the shared vectors (`announce.json`), which the
//! Python, Node and CLI suites run too.

use relcore::announce::{AnnounceFormat, AnnounceRequest, announce};
use relcore::changelog::Template;
use relcore::input::{InputKind, from_json};
use serde_json::Value;

use crate::util::{str_at, vectors};

fn render(case: &Value) -> Result<relcore::announce::Announcement, String> {
    let request: AnnounceRequest = from_json(InputKind::Announcement, case["request"].clone())
        .map_err(|e| e.code().to_owned())?;
    let format: AnnounceFormat = str_at(case, "format")
        .parse()
        .map_err(|_| "unknown_value".to_owned())?;
    let template = match case.get("template").and_then(Value::as_str) {
        Some(source) => {
            Some(Template::new("custom.j2", source).map_err(|e| e.kind().as_str().to_owned())?)
        }
        None => None,
    };
    announce(&request, template.as_ref(), format).map_err(|e| e.kind().as_str().to_owned())
}

#[test]
fn announce_vectors() {
    let vectors = vectors("announce.json");
    for case in vectors["announce"].as_array().unwrap() {
        let name = str_at(case, "name");
        match (render(case), case.get("error")) {
            (Err(code), Some(expected)) => assert_eq!(code, expected.as_str().unwrap(), "{name}"),
            (Ok(got), None) => {
                assert_eq!(got.subject, str_at(case, "subject"), "{name}");
                assert_eq!(got.text, str_at(case, "text"), "{name}\n{}", got.text);
            }
            (got, _) => panic!("{name}: {got:?}"),
        }
    }
}

/// Fills in `subject` and `text` from the implementation, for a new case (reviewed by
/// hand before it is committed).
#[test]
#[ignore = "writes the vectors file"]
fn fill() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/vectors/announce.json");
    let mut doc: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    for case in doc["announce"].as_array_mut().unwrap() {
        if case.get("error").is_some() {
            continue;
        }
        let got = render(case).unwrap();
        case["subject"] = got.subject.into();
        case["text"] = got.text.into();
    }
    std::fs::write(&path, serde_json::to_string_pretty(&doc).unwrap() + "\n").unwrap();
}
