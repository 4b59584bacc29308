//! Hostile input files: bytes that are not UTF-8 and huge lines get a located error, exit
//! 1 for refused input, and a bounded amount of stderr.

use std::path::{Path, PathBuf};

use crate::util::{relcore, relcore_bytes};

/// A line and a column.
type Place = (u64, u64);

/// Arguments, stdin, and the expected line and column.
type Case<'a> = (Vec<&'a str>, Option<&'a [u8]>, (u64, u64));

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("relcore-inputs-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn path(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// Every reader of a file or stdin reports the first bad byte as `\xFF` with its line and
/// column, exits 1, and `--json` carries the location.
#[test]
#[allow(clippy::too_many_lines)] // one table of cases, one per reader
fn bytes_that_are_not_utf8_are_located_in_every_reader() {
    let dir = scratch("utf8");
    let bad = dir.join("bad.txt");
    std::fs::write(&bad, b"deployment:\n  strategy: \xFFcanary\n").unwrap();
    let good_plan = dir.join("plan.yml");
    std::fs::write(
        &good_plan,
        "deployment:\n  strategy: canary\n  stages:\n    - { name: all, traffic: 100% }\n",
    )
    .unwrap();
    let changelog = dir.join("CHANGELOG.md");
    std::fs::write(&changelog, b"# Changelog\n\n## [1.0.0] \xC3\x28\n").unwrap();
    let cases: Vec<Case> = vec![
        (vec!["plan", "check", path(&bad)], None, (2, 13)),
        (vec!["plan", "chart", path(&bad)], None, (2, 13)),
        (vec!["plan", "order", path(&bad)], None, (2, 13)),
        (
            vec![
                "plan",
                "next-window",
                path(&bad),
                "--at",
                "2026-11-24T10:00",
            ],
            None,
            (2, 13),
        ),
        (
            vec![
                "plan",
                "simulate",
                path(&bad),
                "--metrics",
                path(&good_plan),
            ],
            None,
            (2, 13),
        ),
        (
            vec![
                "plan",
                "simulate",
                path(&good_plan),
                "--metrics",
                path(&bad),
            ],
            None,
            (2, 13),
        ),
        (
            vec!["plan", "simulate", path(&good_plan), "--metrics", "-"],
            Some(b"t,m\n0,\xFF\n"),
            (2, 3),
        ),
        (vec!["commit", "lint", path(&bad)], None, (2, 13)),
        (vec!["commit", "parse"], Some(b"feat: \xFF"), (1, 7)),
        (
            vec![
                "changelog",
                "--stdin",
                "--current",
                "1.0.0",
                "--update",
                path(&changelog),
            ],
            Some(b"feat: a\0"),
            (3, 12),
        ),
        (
            vec![
                "changelog",
                "--stdin",
                "--current",
                "1.0.0",
                "--template",
                path(&bad),
            ],
            Some(b"feat: a\0"),
            (2, 13),
        ),
    ];
    for (args, stdin, (line, column)) in &cases {
        let run = relcore_bytes(args, *stdin);
        assert_eq!(run.code, 1, "{args:?}: {}", run.stderr);
        assert!(
            run.stderr.contains("error[invalid_utf8]"),
            "{args:?}: {}",
            run.stderr
        );
        assert!(
            run.stderr
                .contains(&format!("line {line}, column {column}")),
            "{args:?}: {}",
            run.stderr
        );
        assert!(
            run.stderr.contains("\\xFF") || run.stderr.contains("\\xC3"),
            "{args:?}: {}",
            run.stderr
        );
        let mut with_json = vec!["--json"];
        with_json.extend(args.iter().copied());
        let run = relcore_bytes(&with_json, *stdin);
        assert_eq!(run.code, 1, "{args:?}");
        let doc = run.json();
        assert_eq!(doc["code"], "invalid_utf8", "{args:?}");
        assert_eq!(
            (doc["line"].as_u64(), doc["column"].as_u64()),
            (Some(*line), Some(*column)),
            "{args:?}"
        );
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

/// `version sort` keeps the valid lines and reports the others, the bad byte escaped.
#[test]
fn version_sort_keeps_valid_lines_around_bytes_that_are_not_utf8() {
    let run = relcore_bytes(&["version", "sort"], Some(b"1.0.0\n2.0.0\xFF\n0.5.0\n"));
    assert_eq!(run.code, 1);
    assert_eq!(run.stdout, "0.5.0\n1.0.0\n");
    assert!(
        run.stderr
            .contains("error[invalid_utf8]: line 2: invalid UTF-8 at column 6"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("\\xFF"), "{}", run.stderr);
    let run = relcore_bytes(&["--json", "version", "sort"], Some(b"1.0.0\n\xFF\n"));
    let doc = run.json();
    assert_eq!(doc["sorted"], serde_json::json!(["1.0.0"]));
    assert_eq!(doc["errors"][0]["code"], "invalid_utf8");
    assert_eq!(doc["errors"][0]["line"], 2);
    let run = relcore_bytes(
        &["--json", "version", "sort", "--tag-format", "v{version}"],
        Some(b"v1.0.0\nv2\xFF\n"),
    );
    assert_eq!(run.code, 1);
    assert_eq!(run.json()["sorted"], serde_json::json!(["v1.0.0"]));
}

/// A diagnostic on a 10 MB line shows a window around the caret, not the line.
#[test]
fn huge_lines_are_not_echoed_whole() {
    let dir = scratch("huge");
    let plan = dir.join("plan.yml");
    let long = "x".repeat(10 << 20);
    std::fs::write(
        &plan,
        format!("deployment:\n  strategy: canary\n  bogus: {long}\n"),
    )
    .unwrap();
    let run = relcore(&["plan", "check", path(&plan)], None);
    assert_eq!(run.code, 1, "{}", &run.stderr[..run.stderr.len().min(2000)]);
    assert!(
        run.stderr.len() < 8_192,
        "{} bytes of stderr",
        run.stderr.len()
    );
    let huge = format!("1.0.0-{}!\n", "a".repeat(1 << 20));
    let run = relcore(&["version", "sort"], Some(&huge));
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.len() < 8_192,
        "{} bytes of stderr",
        run.stderr.len()
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

/// `relcore release` reads relcore.toml, the changelog, version files and templates through
/// the application layer: each that is not UTF-8 is `invalid_utf8`, exit 1, located, and
/// nothing is written. A release older than the changelog's newest is refused there too.
#[test]
fn release_reads_are_located_and_refuse_older_releases() {
    use crate::release::Repo;
    let mut r = Repo::new("utf8-release");
    let first = r.commit("feat: first");
    r.tag("v1.4.0", first);
    r.commit("fix: second");
    let release = |extra: &[&str]| {
        let mut args = vec!["release", "--repo", r.path(), "--date", "2025-11-15"];
        args.extend_from_slice(extra);
        relcore(&args, None)
    };
    let cases: [(&str, &[u8], &str, Place); 3] = [
        (
            "relcore.toml",
            b"[changelog]\npath = \"CHANGES\xFF.md\"\n",
            "relcore.toml",
            (2, 16),
        ),
        (
            "CHANGELOG.md",
            b"# Changelog\n\n## [1.4.0] \xFF\n",
            "CHANGELOG.md",
            (3, 12),
        ),
        (
            "notes.j2",
            b"{{ release.version }} \xC3\n",
            "notes.j2",
            (1, 23),
        ),
    ];
    for (file, bytes, shown, (line, column)) in cases {
        std::fs::write(r.dir.join(file), bytes).unwrap();
        if file == "notes.j2" {
            std::fs::write(
                r.dir.join("relcore.toml"),
                "[changelog]\ntemplate = \"notes.j2\"\n",
            )
            .unwrap();
        }
        let run = release(&["--write"]);
        assert_eq!(run.code, 1, "{file}: {}", run.stderr);
        assert!(
            run.stderr.contains("error[invalid_utf8]"),
            "{file}: {}",
            run.stderr
        );
        assert!(run.stderr.contains(shown), "{file}: {}", run.stderr);
        let doc = release(&["--json"]).json();
        assert_eq!(doc["code"], "invalid_utf8", "{file}");
        assert_eq!(
            (doc["line"].as_u64(), doc["column"].as_u64()),
            (Some(line), Some(column)),
            "{file}: {doc}"
        );
        std::fs::remove_file(r.dir.join(file)).unwrap();
        let _ = std::fs::remove_file(r.dir.join("relcore.toml"));
    }
    // A changelog already at 2.0.0 cannot take 1.4.1 unless in version order.
    let changelog = "# Changelog\n\n## [2.0.0] - 2025-10-01\n\n- big\n";
    std::fs::write(r.dir.join("CHANGELOG.md"), changelog).unwrap();
    let run = release(&["--write"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("error[older_than_newest]"),
        "{}",
        run.stderr
    );
    assert_eq!(
        std::fs::read_to_string(r.dir.join("CHANGELOG.md")).unwrap(),
        changelog
    );
    let run = release(&["--write", "--in-version-order"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let written = std::fs::read_to_string(r.dir.join("CHANGELOG.md")).unwrap();
    assert!(
        written.contains("- big\n\n## [1.4.1] - 2025-11-15"),
        "{written}"
    );
}
