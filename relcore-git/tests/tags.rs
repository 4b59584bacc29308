//! Release tags: the latest reachable one by SemVer precedence, per format and package.

use relcore::version::TagFormat;
use relcore_git::{GitErrorKind, Repository};

use crate::util::TempRepo;

#[test]
fn not_a_repository_and_empty_repository() {
    let dir = std::env::temp_dir().join(format!("relcore-git-none-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    // The temp directory may itself sit inside a repository on some machines; only assert
    // the kind when discovery really finds nothing.
    if let Err(e) = Repository::open(&dir) {
        assert_eq!(e.kind(), GitErrorKind::NotARepository);
    }
    std::fs::remove_dir_all(&dir).unwrap();

    let empty = TempRepo::new();
    let repo = empty.open();
    assert_eq!(
        repo.head().unwrap_err().kind(),
        GitErrorKind::EmptyRepository
    );
    assert_eq!(
        repo.latest_tag(&TagFormat::default(), None)
            .unwrap_err()
            .kind(),
        GitErrorKind::EmptyRepository
    );
}

#[test]
fn latest_tag_by_precedence_reachable_only() {
    let mut t = TempRepo::new();
    let c1 = t.commit("feat: one", &[("a", "1")]);
    t.lightweight_tag("v1.2.0", c1);
    t.annotated_tag("v1.10.0-rc.1", c1);
    let c2 = t.commit("fix: two", &[("a", "2")]);
    t.annotated_tag("v1.10.0", c2);
    t.lightweight_tag("v1.9.0", c2);
    t.lightweight_tag("nightly", c2);
    t.lightweight_tag("v01.2.3", c2);
    // A higher version on a branch HEAD does not contain.
    let side = t.commit_with_parents("feat: side", &[("b", "x")], &[c2], Some("refs/heads/side"));
    t.lightweight_tag("v9.0.0", side);
    t.commit("docs: three", &[("a", "3")]);

    let repo = t.open();
    let tags = repo.release_tags(&TagFormat::default(), None).unwrap();
    let names: Vec<&str> = tags.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names, ["v1.10.0", "v1.10.0-rc.1", "v1.9.0", "v1.2.0"]);
    let latest = repo
        .latest_tag(&TagFormat::default(), None)
        .unwrap()
        .unwrap();
    assert_eq!(
        (latest.name.as_str(), latest.commit.clone()),
        ("v1.10.0", c2.to_string())
    );
    assert_eq!(latest.version.to_string(), "1.10.0");
}

#[test]
fn stable_tags_skip_prereleases() {
    let mut t = TempRepo::new();
    let c1 = t.commit("feat: one", &[("a", "1")]);
    t.lightweight_tag("v1.0.0", c1);
    let c2 = t.commit("feat: two", &[("a", "2")]);
    t.lightweight_tag("v1.1.0-rc.1", c2);
    let repo = t.open();
    assert_eq!(
        repo.latest_tag(&TagFormat::default(), None)
            .unwrap()
            .unwrap()
            .name,
        "v1.1.0-rc.1"
    );
    assert_eq!(
        repo.latest_stable_tag(&TagFormat::default(), None)
            .unwrap()
            .unwrap()
            .name,
        "v1.0.0"
    );
}

#[test]
fn package_tags_in_a_monorepo() {
    let mut t = TempRepo::new();
    let c1 = t.commit("feat(api): one", &[("packages/api/a", "1")]);
    t.lightweight_tag("api@1.0.0", c1);
    t.lightweight_tag("web@3.0.0", c1);
    t.lightweight_tag("v7.0.0", c1);
    let repo = t.open();
    let format = TagFormat::parse("{package}@{version}").unwrap();
    let api = repo.latest_tag(&format, Some("api")).unwrap().unwrap();
    assert_eq!(
        (api.name.as_str(), api.package.as_deref()),
        ("api@1.0.0", Some("api"))
    );
    assert_eq!(
        repo.latest_tag(&format, None).unwrap().unwrap().name,
        "web@3.0.0"
    );
    assert!(repo.latest_tag(&format, Some("cli")).unwrap().is_none());
}

#[test]
fn detached_head() {
    let mut t = TempRepo::new();
    let c1 = t.commit("feat: one", &[("a", "1")]);
    t.lightweight_tag("v0.1.0", c1);
    t.commit("fix: two", &[("a", "2")]);
    t.repo.set_head_detached(c1).unwrap();
    let repo = t.open();
    let head = repo.head().unwrap();
    assert_eq!((head.commit.clone(), head.branch), (c1.to_string(), None));
    assert_eq!(
        repo.latest_tag(&TagFormat::default(), None)
            .unwrap()
            .unwrap()
            .name,
        "v0.1.0"
    );
}

#[test]
fn create_tag_refuses_to_overwrite() {
    let mut t = TempRepo::new();
    let c1 = t.commit("feat: one", &[("a", "1")]);
    let repo = t.open();
    repo.create_tag("v1.0.0", "# 1.0.0\n\n- one\n").unwrap();
    let tag = t
        .repo
        .find_reference("refs/tags/v1.0.0")
        .unwrap()
        .peel_to_tag()
        .unwrap();
    assert_eq!(tag.message().unwrap(), Some("# 1.0.0\n\n- one\n"));
    assert_eq!(tag.target_id(), c1);
    assert_eq!(
        repo.create_tag("v1.0.0", "again").unwrap_err().kind(),
        GitErrorKind::TagExists
    );
    assert_eq!(
        repo.create_tag("bad..name", "x").unwrap_err().kind(),
        GitErrorKind::InvalidTagName
    );
    let tags = repo.release_tags(&TagFormat::default(), None).unwrap();
    assert_eq!(tags.len(), 1);
}
