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
