//! `relcore::changelog` against the shared fixtures in `tests/fixtures/changelog/`, plus a
//! property test: inserting a release changes no byte outside the planned edits.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use relcore::changelog::{
    Config, Document, Format, Release, ReleaseBuilder, Template, UpdateOptions, insert, render,
};
use relcore::commit::{Commit, Person};
use relcore::version::Version;

use crate::util::{opt_str, str_at};

fn fixtures() -> Vec<PathBuf> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/changelog");
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir() && !p.file_name().unwrap().to_string_lossy().starts_with('_'))
        .collect();
    dirs.sort();
    dirs
}

fn read(path: &Path) -> Option<String> {
    std::fs::read_to_string(path).ok()
}

/// Runs one fixture: the rendered (or updated) text, or the error slug.
pub fn run_case(dir: &Path) -> Result<String, String> {
    let input: serde_json::Value =
        serde_json::from_str(&read(&dir.join("input.json")).unwrap()).unwrap();
    let version = Version::parse(str_at(&input, "version")).unwrap();
    let previous = opt_str(&input, "previous").map(|v| Version::parse(v).unwrap());
    let date = opt_str(&input, "date").map(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").unwrap());
    let config: Config = input.get("config").map_or_else(Config::default, |c| {
        serde_json::from_value(c.clone()).unwrap()
    });
    let commits: Vec<Commit> = input["commits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            let mut commit = Commit::parse(str_at(c, "message"));
            if let Some(id) = opt_str(c, "id") {
                commit = commit.with_id(id);
            }
            if let Some(author) = opt_str(c, "author") {
                commit = commit.with_author(Person::parse(author));
            }
            commit
        })
        .collect();
    // The builder, fed one commit at a time, gives the same release, compactly.
    let mut builder = ReleaseBuilder::new(&config);
    for commit in &commits {
        builder.add(commit);
    }
    let compact = builder.finish(version.clone(), previous.clone(), date);
    let mut release = Release::from_commits(version, previous, date, &commits, &config)
        .map_err(|e| e.kind().as_str().to_owned())?;
    let mut compact = compact.expect("the builder fails as from_commits does");
    if input["hotfix"].as_bool() == Some(true) {
        release = release.mark_hotfix();
        compact = compact.mark_hotfix();
    }
    assert_eq!(compact.to_release(), release, "{}", dir.display());
    let template =
        opt_str(&input, "template").map(|source| Template::new("template", source).unwrap());
    let format: Format =
        opt_str(&input, "format").map_or(Format::KeepAChangelog, |f| f.parse().unwrap());
    let Some(existing) = read(&dir.join("existing.md")) else {
        let text = match &template {
            Some(t) => t.render(&release),
            None => render(&release, format),
        };
        let compact_text = match &template {
            Some(t) => t.render(&compact),
            None => render(&compact, format),
        };
        assert_eq!(compact_text, text, "{}", dir.display());
        return text.map_err(|e| e.kind().as_str().to_owned());
    };
    let options: UpdateOptions = input
        .get("options")
        .map_or_else(UpdateOptions::default, |o| {
            serde_json::from_value(o.clone()).unwrap()
        });
    // As the CLI and the bindings do: the user's template, else the format's own when
    // one is given, else the existing file's own style.
    let builtin = opt_str(&input, "format").and_then(|_| Template::builtin(format));
    insert(
        &existing,
        &release,
        template.as_ref().or(builtin.as_ref()),
        &options,
    )
    .map_err(|e| e.kind().as_str().to_owned())
}

#[test]
fn fixtures_render_exactly() {
    let bless = std::env::var_os("RELCORE_BLESS").is_some();
    let dirs = fixtures();
    assert!(dirs.len() >= 15);
    for dir in dirs {
        let name = dir.file_name().unwrap().to_string_lossy().into_owned();
        let got = run_case(&dir);
        if bless {
            match &got {
                Ok(text) => std::fs::write(dir.join("expected.md"), text).unwrap(),
                Err(slug) => std::fs::write(dir.join("expected.err"), format!("{slug}\n")).unwrap(),
            }
            continue;
        }
        match (
            read(&dir.join("expected.md")),
            read(&dir.join("expected.err")),
        ) {
            (Some(expected), _) => {
                assert_eq!(got.as_deref(), Ok(expected.as_str()), "fixture {name}");
            }
            (None, Some(slug)) => assert_eq!(got, Err(slug.trim().to_owned()), "fixture {name}"),
            _ => panic!("fixture {name} has neither expected.md nor expected.err"),
        }
    }
}

#[test]
fn builtin_templates_compile() {
    assert!(Template::builtin(Format::KeepAChangelog).is_some());
    assert!(Template::builtin(Format::ReleaseNotes).is_some());
}

#[test]
fn template_errors_name_template_line_and_column() {
    let release = Release::from_commits(
        Version::new(1, 0, 0),
        None,
        None,
        &[Commit::parse("feat: x")],
        &Config::default(),
    )
    .unwrap();
    let unknown = Template::new("mine.j2", "ok\n{{ release.version | nosuchfilter }}")
        .unwrap()
        .render(&release)
        .unwrap_err();
    assert_eq!(unknown.kind().as_str(), "template_render");
    assert_eq!(
        unknown.to_string(),
        "mine.j2:2:22: unknown filter: filter nosuchfilter is unknown"
    );
    let syntax = Template::new("syntax.j2", "a\nb\n  {% for %}").unwrap_err();
    assert_eq!(syntax.kind().as_str(), "template_syntax");
    assert_eq!((syntax.line(), syntax.column()), (Some(3), Some(10)));
    assert_eq!(
        syntax.to_string(),
        "syntax.j2:3:10: syntax error: unexpected end of block, expected in"
    );
    let runaway = Template::new(
        "loop.j2",
        "{% for a in range(100000) %}{% for b in range(100000) %}{% endfor %}{% endfor %}",
    )
    .unwrap();
    assert_eq!(
        runaway.render(&release).unwrap_err().kind().as_str(),
        "template_render"
    );
}

#[test]
fn inserting_then_parsing_finds_the_release() {
    for dir in fixtures() {
        let Ok(text) = run_case(&dir) else { continue };
        if !dir.join("existing.md").exists() {
            continue;
        }
        let input: serde_json::Value =
            serde_json::from_str(&read(&dir.join("input.json")).unwrap()).unwrap();
        let version = Version::parse(str_at(&input, "version")).unwrap();
        let doc = Document::parse(&text);
        assert!(doc.find(&version).is_some(), "{}", dir.display());
    }
}

/// Hostile templates get a located `template_render` error, never an abort.
#[test]
fn template_limits_refuse_absurd_sizes() {
    use relcore::changelog::{Config, Release, Template};
    let release = Release::from_commits(
        relcore::version::Version::new(1, 0, 0),
        None,
        None,
        &[relcore::commit::Commit::parse("feat: x")],
        &Config::default(),
    )
    .unwrap();
    for (source, needle) in [
        ("{{ \"a\\nb\" | indent(1000000000) }}", "1000000000"),
        ("{{ \"a\\nb\" | indent(width=1000000000) }}", "1000000000"),
        ("x\n{{ [1, 2] | slice(100000000) | list }}", "100000000"),
        ("{{ [1, 2] | batch(99999999999) | list }}", "99999999999"),
        ("{{ \"%999999999s\" | format(\"a\") }}", "999999999"),
        ("{{ \"%.99999f\" | format(1.5) }}", "99999"),
        ("{{ \"%*d\" | format(5000000, 1) }}", "5000000"),
        (
            "{% for i in range(100) %}{{ \"a\" * 1000000 }}{% endfor %}",
            "limit of 64 MiB",
        ),
    ] {
        let template = Template::new("hostile.j2", source).unwrap();
        let err = template.render(&release).unwrap_err();
        assert_eq!(err.kind().as_str(), "template_render", "{source}");
        assert!(err.to_string().contains(needle), "{source}: {err}");
        // The output limit is a property of the whole render, not of one line.
        assert!(
            err.line().is_some() || needle.contains("MiB"),
            "{source}: {err}"
        );
    }
    // Ordinary uses stay as they were.
    let template = Template::new(
        "fine.j2",
        "{{ \"a\\nb\" | indent(4) }}|{{ \"%5s\" | format(\"x\") }}|{{ [1, 2, 3] | batch(2) | list | length }}",
    )
    .unwrap();
    assert_eq!(template.render(&release).unwrap(), "a\n    b|    x|2\n");
}

fn release_of(version: relcore::version::Version) -> relcore::changelog::Release {
    use relcore::changelog::{Config, Release};
    let config = Config {
        repository_url: Some("https://github.com/acme/api".into()),
        ..Config::default()
    };
    Release::from_commits(
        version,
        None,
        chrono::NaiveDate::from_ymd_opt(2025, 11, 15),
        &[relcore::commit::Commit::parse("fix: a maintenance fix")],
        &config,
    )
    .unwrap()
}

/// A release older than the newest in the file is refused, or placed in version order
/// when asked, with its link among the others and `[unreleased]` left alone.
#[test]
fn older_releases_are_refused_or_placed_in_version_order() {
    use relcore::changelog::{UpdateOptions, insert};
    use relcore::version::Version;
    let existing = "# Changelog\n\n## [Unreleased]\n\n## [2.0.0] - 2025-10-01\n\n### Changed\n\n- big\n\n## [1.4.0] - 2025-06-01\n\n### Added\n\n- search\n\n[unreleased]: https://github.com/acme/api/compare/v2.0.0...HEAD\n[2.0.0]: https://github.com/acme/api/compare/v1.4.0...v2.0.0\n[1.4.0]: https://github.com/acme/api/compare/v1.3.0...v1.4.0\n";
    let release = release_of(Version::new(1, 5, 0));
    let err = insert(existing, &release, None, &UpdateOptions::default()).unwrap_err();
    assert_eq!(err.kind().as_str(), "older_than_newest");
    assert!(err.to_string().contains("older than 2.0.0"), "{err}");
    assert!(err.to_string().contains("(line 5)"), "{err}");

    let options = UpdateOptions {
        in_version_order: true,
        ..UpdateOptions::default()
    };
    let placed = insert(existing, &release, None, &options).unwrap();
    assert_eq!(
        placed,
        "# Changelog\n\n## [Unreleased]\n\n## [2.0.0] - 2025-10-01\n\n### Changed\n\n- big\n\n## [1.5.0] - 2025-11-15\n\n### Fixed\n\n- a maintenance fix\n\n## [1.4.0] - 2025-06-01\n\n### Added\n\n- search\n\n[unreleased]: https://github.com/acme/api/compare/v2.0.0...HEAD\n[2.0.0]: https://github.com/acme/api/compare/v1.4.0...v2.0.0\n[1.5.0]: https://github.com/acme/api/releases/tag/v1.5.0\n[1.4.0]: https://github.com/acme/api/compare/v1.3.0...v1.4.0\n"
    );
    // Older than every release: it goes last, its link after the others.
    let oldest = insert(existing, &release_of(Version::new(0, 9, 1)), None, &options).unwrap();
    assert!(oldest.contains("- search\n\n## [0.9.1] - 2025-11-15\n\n### Fixed\n\n- a maintenance fix\n\n[unreleased]"), "{oldest}");
    assert!(oldest.ends_with("[1.4.0]: https://github.com/acme/api/compare/v1.3.0...v1.4.0\n[0.9.1]: https://github.com/acme/api/releases/tag/v0.9.1\n"), "{oldest}");
    // Newer than every release, or a pre-release of a newer version: no question asked.
    assert!(
        insert(
            existing,
            &release_of(Version::parse("2.1.0-rc.1").unwrap()),
            None,
            &UpdateOptions::default()
        )
        .is_ok()
    );
}

/// A byte order mark before the first heading hides nothing: the heading is found, the
/// mark stays first, a duplicate version is refused.
#[test]
fn a_byte_order_mark_stays_first_and_hides_no_heading() {
    use relcore::changelog::{Document, UpdateOptions, insert};
    use relcore::version::Version;
    let existing = "\u{feff}## [1.4.0] - 2025-06-01\n\n### Added\n\n- search\n";
    assert_eq!(Document::parse(existing).releases.len(), 1);
    let updated = insert(
        existing,
        &release_of(Version::new(1, 5, 0)),
        None,
        &UpdateOptions::default(),
    )
    .unwrap();
    assert!(
        updated.starts_with("\u{feff}## [1.5.0] - 2025-11-15\n\n### Fixed\n"),
        "{updated:?}"
    );
    assert!(
        updated.contains("\n## [1.4.0] - 2025-06-01\n"),
        "{updated:?}"
    );
    assert_eq!(updated.matches('\u{feff}').count(), 1);
    let again = insert(
        existing,
        &release_of(Version::new(1, 4, 0)),
        None,
        &UpdateOptions::default(),
    )
    .unwrap_err();
    assert_eq!(again.kind().as_str(), "version_exists");
    // A file with only the mark is a new file, after the mark.
    let new = insert(
        "\u{feff}",
        &release_of(Version::new(1, 0, 0)),
        None,
        &UpdateOptions::default(),
    )
    .unwrap();
    assert!(new.starts_with("\u{feff}# Changelog\n"), "{new:?}");
    // A title with the mark: the section goes after the introduction, the mark stays.
    let titled = insert(
        "\u{feff}# Changelog\n\nNotes.\n",
        &release_of(Version::new(1, 0, 0)),
        None,
        &UpdateOptions::default(),
    )
    .unwrap();
    assert!(
        titled.starts_with("\u{feff}# Changelog\n\nNotes.\n\n## [1.0.0]"),
        "{titled:?}"
    );
}

/// Commit text cannot add HTML, active links, headings, link definitions or open fences
/// to a changelog, in any built-in format or file style.
#[test]
fn hostile_commit_text_stays_text() {
    use relcore::changelog::{Config, Document, Format, Release, UpdateOptions, insert, render};
    use relcore::commit::Commit;
    use relcore::version::Version;
    let commits = [
        Commit::parse(
            "feat(<b>ui</b>): add <script>alert(1)</script> and [x](javascript:alert(1))",
        ),
        Commit::parse(
            "fix!: break\n\nBREAKING CHANGE: migrate now\n## [9.9.9] - 2030-01-01\n[unreleased]: https://evil.example\n```",
        ),
    ];
    let release = Release::from_commits(
        Version::new(1, 0, 0),
        None,
        None,
        &commits,
        &Config::default(),
    )
    .unwrap();
    for format in [Format::KeepAChangelog, Format::ReleaseNotes] {
        let text = render(&release, format).unwrap();
        let every_tag_escaped = text
            .match_indices('<')
            .all(|(i, _)| text[..i].ends_with('\\'));
        assert!(every_tag_escaped, "{text}");
        assert!(text.contains("\\<script>alert(1)\\</script>"), "{text}");
        assert!(text.contains("[x\\](javascript:alert(1))"), "{text}");
        assert!(text.contains("\\## [9.9.9]"), "{text}");
        let doc = Document::parse(&text);
        assert!(
            doc.releases
                .iter()
                .all(|r| r.version != Version::new(9, 9, 9)),
            "{text}"
        );
        assert!(doc.links.is_empty() && doc.open_fence.is_none(), "{text}");
    }
    // The conventional-changelog style of an existing file escapes the same way.
    let existing = "# Changelog\n\n## [0.2.0](https://x/compare/v0.1.0...v0.2.0) (2024-01-01)\n\n### Features\n\n* a\n\n## [0.1.0](https://x/compare/v0.0.1...v0.1.0) (2023-01-01)\n\n### Bug Fixes\n\n* b\n";
    let updated = insert(existing, &release, None, &UpdateOptions::default()).unwrap();
    assert!(
        updated.contains("**\\<b>ui\\</b>:** add \\<script>"),
        "{updated}"
    );
    let doc = Document::parse(&updated);
    assert_eq!(doc.releases.len(), 3, "{updated}");
    assert!(doc.open_fence.is_none(), "{updated}");
}

/// The hand-written entries of `## [Unreleased]`: top-level list items only, not those of
/// a fenced block, nested items, thematic breaks, or the releases below.
#[test]
fn unreleased_entries_are_counted_as_markdown_reads_them() {
    use relcore::changelog::Document;
    let count = |text: &str| Document::parse(text).unreleased_entries(text);
    assert_eq!(count("# Changelog\n\n## [1.0.0]\n- a\n"), 0);
    assert_eq!(count("## [Unreleased]\n\n## [1.0.0]\n- a\n"), 0);
    assert_eq!(
        count("## [Unreleased]\r\n### Added\r\n- a\r\n  - a.1\r\n+ b\r\n\r\n## [1.0.0]\r\n- c\r\n"),
        2
    );
    assert_eq!(
        count("## Unreleased\n\n```md\n- not an entry\n```\n\n---\n* * *\n-no space\n* c\n"),
        1
    );
}
