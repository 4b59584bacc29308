//! `relcore::bump::next_version` against the shared vectors.

use relcore::bump::{Policy, next_version};
use relcore::commit::Commit;
use relcore::version::Version;

use crate::util::{opt_str, str_at, vectors};

/// A commit of a vector: a message, or `{message, id}`.
pub fn commit_of(value: &serde_json::Value) -> Commit {
    if let Some(message) = value.as_str() {
        return Commit::parse(message);
    }
    let commit = Commit::parse(str_at(value, "message"));
    match opt_str(value, "id") {
        Some(id) => commit.with_id(id),
        None => commit,
    }
}

#[test]
fn next_version_vectors() {
    let vectors = vectors("bump.json");
    for case in vectors["cases"].as_array().unwrap() {
        let name = str_at(case, "name");
        let current = opt_str(case, "current").map(|v| Version::parse(v).unwrap());
        let commits: Vec<Commit> = case["commits"]
            .as_array()
            .unwrap()
            .iter()
            .map(commit_of)
            .collect();
        let policy: Policy = match case.get("policy") {
            Some(p) => serde_json::from_value(p.clone()).unwrap(),
            None => Policy::default(),
        };
        let result = next_version(current.as_ref(), &commits, &policy);
        if let Some(slug) = opt_str(case, "error") {
            assert_eq!(result.unwrap_err().kind().as_str(), slug, "{name}");
            continue;
        }
        let decision = result.unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(
            decision.next.as_ref().map(ToString::to_string).as_deref(),
            opt_str(case, "next"),
            "{name}"
        );
        assert_eq!(
            decision.level.map(relcore::bump::Level::as_str),
            opt_str(case, "level"),
            "{name}"
        );
        let rules: Vec<&str> = decision.reasons.iter().map(|r| r.rule.as_str()).collect();
        let expected: Vec<&str> = case["rules"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r.as_str().unwrap())
            .collect();
        assert_eq!(rules, expected, "{name}: {:#?}", decision.reasons);
        if let (Some(next), Some(current)) = (&decision.next, &current) {
            assert!(next > current, "{name}");
        }
    }
}
