//! `relcore announce pre|post` on a throw-away repository: the facts from the repository
//! (next version and changes, the plan's window and duration, the release record's
//! status), `[announce]` and its templates per audience, the formats and the errors.

use crate::util::relcore;

struct Repo {
    dir: std::path::PathBuf,
}

impl Drop for Repo {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// v1.0.0, then a feature and a fix; a rollout plan with a Berlin window, `[announce]`.
fn repo(name: &str) -> Repo {
    let dir = std::env::temp_dir().join(format!(
        "relcore-cli-announce-{name}-{}",
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("ops")).unwrap();
    std::fs::write(
        dir.join("rollout.yml"),
        "deployment: { strategy: canary, stages: [{ name: canary, percentage: 5, duration: 1h }, { name: all, percentage: 100, duration: 2h }] }\nrollback: { triggers: [\"error-rate > 5%\"] }\nwindow: { timezone: Europe/Berlin, allow: [\"tue-thu 10:00-16:00\"] }\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("relcore.toml"),
        "[announce]\nproduct = \"Acme API\"\ncontact = \"#releases\"\n\n[announce.templates.customers]\npre = \"ops/pre.j2\"\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("ops/pre.j2"),
        "{{ product }} {{ version }}: {{ date }} {{ time }} ({{ changes | length }} changes)\n",
    )
    .unwrap();
    let git = git2::Repository::init(&dir).unwrap();
    let sig =
        git2::Signature::new("Ann", "ann@example.com", &git2::Time::new(1_700_000_000, 0)).unwrap();
    let mut index = git.index().unwrap();
    index
        .add_all(["*"], git2::IndexAddOption::DEFAULT, None)
        .unwrap();
    let tree = git.find_tree(index.write_tree().unwrap()).unwrap();
    let first = git
        .commit(Some("HEAD"), &sig, &sig, "feat: first", &tree, &[])
        .unwrap();
    let first = git.find_commit(first).unwrap();
    git.tag_lightweight("v1.0.0", first.as_object(), false)
        .unwrap();
    let second = git
        .commit(
            Some("HEAD"),
            &sig,
            &sig,
            "feat(search): filter by date",
            &tree,
            &[&first],
        )
        .unwrap();
    let second = git.find_commit(second).unwrap();
    git.commit(
        Some("HEAD"),
        &sig,
        &sig,
        "fix(api)!: reject empty names",
        &tree,
        &[&second],
    )
    .unwrap();
    Repo { dir }
}

#[test]
fn pre_takes_the_window_the_duration_and_the_changes() {
    let r = repo("pre");
    let path = r.dir.to_str().unwrap();
    // Monday 09:00 UTC: the next window opens on Tuesday 10:00 in Berlin.
    let run = relcore(
        &[
            "announce",
            "pre",
            "--repo",
            path,
            "--at",
            "2026-03-02T09:00",
        ],
        None,
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stdout,
        "Scheduled deployment: Acme API 2.0.0\n\nWhen: Tuesday 3 March 2026, 10:00 Europe/Berlin\n\nExpected duration: 3h 0m (canary rollout)\n\nImpact: no downtime expected\n\nChanges:\n\n- search: filter by date\n- api: reject empty names (breaking)\n\nContact: #releases\n"
    );
    let run = relcore(
        &[
            "announce",
            "pre",
            "--repo",
            path,
            "--at",
            "2026-03-02T09:00",
            "--format",
            "markdown",
            "--impact",
            "a short rise in latency",
        ],
        None,
    );
    assert!(
        run.stdout.starts_with(
            "## Scheduled deployment: Acme API 2.0.0\n\n**When:** Tuesday 3 March 2026"
        ),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("**Impact:** a short rise in latency\n"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("- **api**: reject empty names (breaking)\n"),
        "{}",
        run.stdout
    );
    // The customers' template of relcore.toml.
    let run = relcore(
        &[
            "announce",
            "pre",
            "--repo",
            path,
            "--audience",
            "customers",
            "--start",
            "2026-03-05T11:30",
        ],
        None,
    );
    assert_eq!(
        run.stdout, "Acme API 2.0.0: Thursday 5 March 2026 11:30 (2 changes)\n",
        "{}",
        run.stderr
    );
    // JSON: the subject, the Markdown text and the facts.
    let run = relcore(
        &[
            "announce",
            "pre",
            "--repo",
            path,
            "--at",
            "2026-03-02T09:00",
            "--json",
        ],
        None,
    );
    let doc = run.json();
    assert_eq!(doc["subject"], "Scheduled deployment: Acme API 2.0.0");
    assert_eq!(doc["context"]["duration"], "3h 0m");
    assert_eq!(doc["format"], "json");
}

#[test]
fn post_reads_the_release_record() {
    let r = repo("post");
    let path = r.dir.to_str().unwrap();
    let run = relcore(&["announce", "post", "--repo", path], None);
    assert!(
        run.stdout
            .starts_with("Deployment completed: Acme API 2.0.0\n\nStatus: Completed\n"),
        "{}",
        run.stdout
    );
    for args in [
        &[
            "pipeline",
            "start",
            "--at",
            "2026-03-03T10:00",
            "--by",
            "ci",
        ][..],
        &[
            "pipeline",
            "event",
            "build-failed",
            "--at",
            "2026-03-03T10:05",
            "--by",
            "ci",
            "--note",
            "linker error",
        ],
    ] {
        assert_eq!(relcore(&[args, &["--repo", path]].concat(), None).code, 0);
    }
    let run = relcore(&["announce", "post", "--repo", path], None);
    assert!(
        run.stdout.starts_with("Deployment rolled back: Acme API 2.0.0\n\nStatus: Rolled back at 2026-03-03 10:05 UTC (took 5m 0s)\n\nDetails: `build-failed` at `build`: linker error\n"),
        "{}",
        run.stdout
    );
    let run = relcore(
        &[
            "announce",
            "post",
            "--repo",
            path,
            "--audience",
            "customers",
            "--format",
            "markdown",
        ],
        None,
    );
    assert!(
        run.stdout
            .starts_with("## Update postponed: Acme API 2.0.0\n"),
        "{}",
        run.stdout
    );
}

#[test]
fn bad_input_is_refused() {
    let r = repo("bad");
    let path = r.dir.to_str().unwrap();
    for (args, code) in [
        (&["announce", "later"][..], "unknown_value"),
        (&["announce", "pre", "--audience", "press"], "unknown_value"),
        (&["announce", "pre", "--format", "html"], "unknown_value"),
        (&["announce", "pre", "--at", "soon"], "invalid_time"),
    ] {
        let run = relcore(&[args, &["--repo", path, "--json"]].concat(), None);
        assert_eq!(
            (run.code, run.json()["code"].as_str()),
            (2, Some(code)),
            "{args:?}"
        );
    }
    std::fs::write(r.dir.join("ops/pre.j2"), "{% if %}\n").unwrap();
    let run = relcore(
        &[
            "announce",
            "pre",
            "--repo",
            path,
            "--audience",
            "customers",
            "--json",
        ],
        None,
    );
    let doc = run.json();
    assert_eq!(
        (run.code, doc["code"].as_str()),
        (2, Some("template_syntax")),
        "{doc}"
    );
}
