//! Short helpers for the integration tests.

use std::path::PathBuf;

use relcore::version::{ParseError, Version};

/// Parses a version that the test expects to be valid.
#[track_caller]
pub fn version(s: &str) -> Version {
    match Version::parse(s) {
        Ok(v) => v,
        Err(err) => panic!("expected `{s}` to parse: {err}"),
    }
}

/// Parses a version that the test expects to be invalid.
#[track_caller]
pub fn version_err(s: &str) -> ParseError {
    match Version::parse(s) {
        Ok(v) => panic!("expected `{s}` to be rejected, got {v:?}"),
        Err(err) => err,
    }
}

/// Reads a shared vector file from `relcore/tests/vectors/`.
pub fn vectors(name: &str) -> serde_json::Value {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/vectors")
        .join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The string at `key` of a vector, or `None` for null or a missing key.
pub fn opt_str<'a>(v: &'a serde_json::Value, key: &str) -> Option<&'a str> {
    v.get(key).and_then(serde_json::Value::as_str)
}

/// The string at `key` of a vector, which must be there.
#[track_caller]
pub fn str_at<'a>(v: &'a serde_json::Value, key: &str) -> &'a str {
    opt_str(v, key).unwrap_or_else(|| panic!("vector {v} has no string `{key}`"))
}
