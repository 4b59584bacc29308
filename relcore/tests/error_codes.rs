//! Every code of the core's kind enums is documented in `docs/errors.md`: the slugs are a
//! contract with the Python, Node and CLI users, so a new kind without its entry fails here.

use relcore::changelog::{RenderErrorKind, UpdateErrorKind};
use relcore::commit::LintCode;
use relcore::input::InputKind;
use relcore::manifest::ManifestErrorKind;
use relcore::plan::{PlanCode, ServiceOrderErrorKind, SyntaxErrorKind, TransitionErrorKind};
use relcore::version::{BumpErrorKind, ErrorKind, TagErrorKind};

/// Every code, by the enum that defines it.
#[expect(
    clippy::too_many_lines,
    reason = "one line per code enum, every one listed"
)]
fn every_code() -> Vec<(&'static str, &'static str)> {
    let mut codes = Vec::new();
    let mut add = |kind: &'static str, slugs: Vec<&'static str>| {
        codes.extend(slugs.into_iter().map(|slug| (kind, slug)));
    };
    add(
        "version::ErrorKind",
        ErrorKind::ALL.map(ErrorKind::as_str).to_vec(),
    );
    add(
        "version::BumpErrorKind",
        BumpErrorKind::ALL.map(BumpErrorKind::as_str).to_vec(),
    );
    add(
        "version::TagErrorKind",
        TagErrorKind::ALL.map(TagErrorKind::as_str).to_vec(),
    );
    add(
        "version::RequirementErrorKind",
        relcore::version::RequirementErrorKind::ALL
            .map(relcore::version::RequirementErrorKind::as_str)
            .to_vec(),
    );
    add(
        "workspace::WorkspaceErrorKind",
        relcore::workspace::WorkspaceErrorKind::ALL
            .map(relcore::workspace::WorkspaceErrorKind::as_str)
            .to_vec(),
    );
    add(
        "workspace::WorkspaceCode",
        relcore::workspace::WorkspaceCode::ALL
            .map(relcore::workspace::WorkspaceCode::as_str)
            .to_vec(),
    );
    add(
        "commit::LintCode",
        LintCode::ALL.map(LintCode::as_str).to_vec(),
    );
    add(
        "changelog::RenderErrorKind",
        RenderErrorKind::ALL.map(RenderErrorKind::as_str).to_vec(),
    );
    add(
        "changelog::UpdateErrorKind",
        UpdateErrorKind::ALL.map(UpdateErrorKind::as_str).to_vec(),
    );
    add(
        "manifest::ManifestErrorKind",
        ManifestErrorKind::ALL
            .map(ManifestErrorKind::as_str)
            .to_vec(),
    );
    add(
        "risk::ErrorKind",
        relcore::risk::ErrorKind::ALL
            .map(relcore::risk::ErrorKind::as_str)
            .to_vec(),
    );
    add(
        "plan::SyntaxErrorKind",
        SyntaxErrorKind::ALL.map(SyntaxErrorKind::as_str).to_vec(),
    );
    add(
        "plan::ServiceOrderErrorKind",
        ServiceOrderErrorKind::ALL
            .map(ServiceOrderErrorKind::as_str)
            .to_vec(),
    );
    add(
        "plan::TransitionErrorKind",
        TransitionErrorKind::ALL
            .map(TransitionErrorKind::as_str)
            .to_vec(),
    );
    add(
        "input::InputKind",
        InputKind::ALL.map(InputKind::code).to_vec(),
    );
    add(
        "hotfix::HotfixErrorKind",
        relcore::hotfix::HotfixErrorKind::ALL
            .map(relcore::hotfix::HotfixErrorKind::as_str)
            .to_vec(),
    );
    add(
        "ready::ReadyErrorKind",
        relcore::ready::ReadyErrorKind::ALL
            .map(relcore::ready::ReadyErrorKind::as_str)
            .to_vec(),
    );
    add(
        "plan::RecordErrorKind",
        relcore::plan::RecordErrorKind::ALL
            .map(relcore::plan::RecordErrorKind::as_str)
            .to_vec(),
    );
    add(
        "metrics::MetricsErrorKind",
        relcore::metrics::MetricsErrorKind::ALL
            .map(relcore::metrics::MetricsErrorKind::as_str)
            .to_vec(),
    );
    add("diagnostic::InvalidUtf8", vec!["invalid_utf8"]);
    add(
        "changelog::RepositoryUrlError",
        vec!["invalid_repository_url"],
    );
    codes
}

#[test]
fn every_code_is_documented() {
    let doc = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/errors.md"),
    )
    .unwrap();
    let missing: Vec<String> = every_code()
        .into_iter()
        .filter(|(_, slug)| !doc.contains(&format!("`{slug}`")))
        .map(|(kind, slug)| format!("{kind}: `{slug}`"))
        .collect();
    assert!(missing.is_empty(), "docs/errors.md lacks {missing:#?}");
}

#[test]
fn codes_are_snake_case_slugs() {
    for (kind, slug) in every_code() {
        assert!(
            !slug.is_empty()
                && slug
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_'),
            "{kind}: `{slug}` is not a snake_case slug"
        );
    }
}

/// Every rule code the plan vectors list is a [`PlanCode`], and the other way round for
/// the plan check's rules.
#[test]
fn the_plan_vectors_list_every_plan_code() {
    let vectors: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/vectors/plan.json"),
        )
        .unwrap(),
    )
    .unwrap();
    let listed: Vec<&str> = vectors["codes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap())
        .collect();
    for code in &listed {
        assert!(code.parse::<PlanCode>().is_ok(), "`{code}` is no PlanCode");
    }
    let rules = PlanCode::ALL.iter().take(listed.len());
    assert!(rules.map(|c| c.as_str()).eq(listed.iter().copied()));
}
