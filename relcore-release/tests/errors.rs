//! The error contract of `release()`: a bad template keeps its code, message, line and
//! column, exactly as the changelog's own error has them (the Python and Node suites check
//! the same case through their `release`).

use std::path::Path;

use relcore::changelog::Template;
use relcore_release::{ReleaseError, ReleaseOptions, release};

use crate::util::TempRepo;

/// A template whose second line does not compile.
pub const BAD_TEMPLATE: &str = "## {{ version }}\n{% for entry in %}\n";

#[test]
fn a_bad_template_keeps_its_code_message_line_and_column() {
    let mut t = TempRepo::new();
    t.commit(
        "feat: first",
        &[
            ("relcore.toml", "[changelog]\ntemplate = \"notes.md.j2\"\n"),
            ("notes.md.j2", BAD_TEMPLATE),
        ],
    );
    let err = release(&t.dir, None, &ReleaseOptions::default()).unwrap_err();
    let file = std::fs::canonicalize(t.dir.join("notes.md.j2")).unwrap();
    let expected = Template::new(&file.display().to_string(), BAD_TEMPLATE).unwrap_err();
    assert!(matches!(err, ReleaseError::Changelog(_)), "{err:?}");
    assert_eq!(err.code(), "template_syntax");
    assert_eq!(err.code(), expected.kind().as_str());
    assert_eq!(err.to_string(), expected.to_string());
    assert_eq!(
        (err.line(), err.column()),
        (expected.line(), expected.column())
    );
    assert_eq!(err.line(), Some(2));
    assert!(err.column().is_some());
}

#[test]
fn an_invalid_configuration_keeps_its_position() {
    let mut t = TempRepo::new();
    t.commit(
        "feat: first",
        &[("relcore.toml", "[bump]\nchanel = \"rc\"\n")],
    );
    let err = release(&t.dir, None, &ReleaseOptions::default()).unwrap_err();
    assert_eq!(err.code(), "invalid_config");
    assert_eq!((err.line(), err.column()), (Some(2), Some(1)));
    assert!(
        err.to_string()
            .contains("relcore.toml:2:1: unknown field `chanel`"),
        "{err}"
    );
}

#[test]
fn no_repository_is_a_git_error() {
    let dir = std::env::temp_dir().join(format!("relcore-release-none-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let err = release(Path::new(&dir), None, &ReleaseOptions::default()).unwrap_err();
    assert_eq!(err.code(), "not_a_repository");
    assert_eq!((err.line(), err.column()), (None, None));
    let _ = std::fs::remove_dir_all(&dir);
}
