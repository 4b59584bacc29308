//! `relcore pipeline start|event|status|record` on throw-away repositories: the shared
//! release record vectors (`pipeline.json`) through the process boundary, the record file
//! and its lock, and the errors.

use std::path::PathBuf;

use serde_json::Value;

use crate::util::{par_each, relcore, vectors};

/// A temporary repository with a release tag and a fix after it, removed on drop.
struct Repo {
    dir: PathBuf,
}

impl Repo {
    fn new(name: &str) -> Repo {
        let dir = std::env::temp_dir().join(format!(
            "relcore-cli-pipeline-{name}-{}",
            std::process::id()
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let git = git2::Repository::init(&dir).unwrap();
        let sig =
            git2::Signature::new("Ann", "ann@example.com", &git2::Time::new(1_700_000_000, 0))
                .unwrap();
        let tree = git
            .find_tree(git.index().unwrap().write_tree().unwrap())
            .unwrap();
        let first = git
            .commit(Some("HEAD"), &sig, &sig, "feat: first", &tree, &[])
            .unwrap();
        let first = git.find_commit(first).unwrap();
        git.tag_lightweight("v1.4.0", first.as_object(), false)
            .unwrap();
        git.commit(Some("HEAD"), &sig, &sig, "feat: search", &tree, &[&first])
            .unwrap();
        Repo { dir }
    }

    fn path(&self) -> &str {
        self.dir.to_str().unwrap()
    }

    fn run(&self, args: &[&str]) -> crate::util::Run {
        relcore(&[args, &["--repo", self.path()]].concat(), None)
    }
}

impl Drop for Repo {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// `--flag value` for the keys of `value` that are present.
fn flags(value: &Value, keys: &[(&str, &'static str)]) -> Vec<String> {
    let mut out = Vec::new();
    for (key, flag) in keys {
        if let Some(v) = value.get(*key).and_then(Value::as_str) {
            out.push((*flag).to_owned());
            out.push(v.to_owned());
        }
    }
    out
}

#[test]
fn transition_vectors() {
    let doc = vectors("pipeline.json");
    let cases: Vec<(usize, Value)> = doc["transitions"]
        .as_array()
        .unwrap()
        .iter()
        .cloned()
        .enumerate()
        .collect();
    par_each(&cases, |(i, case)| {
        let name = case["name"].as_str().unwrap();
        let r = Repo::new(&format!("vector{i}"));
        let version = case["version"].as_str().unwrap();
        let start = &case["start"];
        let mut args = vec![
            "pipeline".to_owned(),
            "start".to_owned(),
            "--version".to_owned(),
            version.to_owned(),
        ];
        args.extend(flags(
            start,
            &[("at", "--at"), ("by", "--by"), ("note", "--note")],
        ));
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let run = r.run(&args);
        assert_eq!(run.code, 0, "{name}: {}", run.stderr);
        let file = r.dir.join(format!(".relcore/releases/{version}.json"));
        for e in case["events"].as_array().unwrap() {
            let before = std::fs::read_to_string(&file).unwrap();
            let mut args = vec![
                "pipeline".to_owned(),
                "event".to_owned(),
                e["event"].as_str().unwrap().to_owned(),
                "--json".to_owned(),
            ];
            args.extend(flags(
                e,
                &[("at", "--at"), ("by", "--by"), ("note", "--note")],
            ));
            if e.get("by").is_none() {
                // No actor given: the vectors record none, so the CLI must not add $USER.
                args.extend(["--by".to_owned(), String::new()]);
            }
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            let run = r.run(&args);
            match e.get("error").and_then(Value::as_str) {
                Some(code) => {
                    assert_eq!(run.code, 2, "{name}: {e}: {}", run.stdout);
                    assert_eq!(run.json()["code"], code, "{name}: {e}");
                    assert_eq!(
                        std::fs::read_to_string(&file).unwrap(),
                        before,
                        "{name}: the file changed"
                    );
                }
                None => assert_eq!(run.code, 0, "{name}: {e}: {}", run.stderr),
            }
        }
        let at = case["status_at"].as_str().unwrap();
        let run = r.run(&["pipeline", "status", "--at", at]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        assert_eq!(
            run.stdout,
            case["status"]["text"].as_str().unwrap(),
            "{name}"
        );
        let run = r.run(&["pipeline", "status", "--at", at, "--json"]);
        let status = run.json();
        let markers: Vec<Value> = status["stages"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["marker"].clone())
            .collect();
        assert_eq!(Value::from(markers), case["status"]["markers"], "{name}");
        assert_eq!(status["path"], format!(".relcore/releases/{version}.json"));
        let run = r.run(&["pipeline", "record", "--format", "markdown"]);
        assert_eq!(run.stdout, case["markdown"].as_str().unwrap(), "{name}");
        let run = r.run(&["pipeline", "record", "--format", "json"]);
        let record = run.json();
        assert_eq!(record["revision"], case["expected"]["revision"], "{name}");
        let stage_states: Vec<Value> = record["stages"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["status"].clone())
            .collect();
        assert_eq!(
            Value::from(stage_states),
            case["expected"]["states"],
            "{name}"
        );
    });
}

#[test]
fn start_defaults_to_the_next_version_and_refuses_twice() {
    let r = Repo::new("start");
    let run = r.run(&[
        "pipeline",
        "start",
        "--at",
        "2026-03-03T10:00",
        "--by",
        "ci",
        "--json",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let doc = run.json();
    assert_eq!(
        (doc["version"].as_str(), doc["state"].as_str()),
        (Some("1.5.0"), Some("in_progress"))
    );
    assert_eq!(doc["path"], ".relcore/releases/1.5.0.json");
    let file = r.dir.join(".relcore/releases/1.5.0.json");
    let before = std::fs::read_to_string(&file).unwrap();
    let run = r.run(&["pipeline", "start", "--json"]);
    assert_eq!(
        (run.code, run.json()["code"].as_str()),
        (2, Some("record_exists"))
    );
    assert_eq!(std::fs::read_to_string(&file).unwrap(), before);
    // Events and status default to the highest recorded version.
    let run = r.run(&[
        "pipeline",
        "start",
        "--version",
        "1.4.1",
        "--at",
        "2026-03-03T09:00",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let run = r.run(&[
        "pipeline",
        "event",
        "build-succeeded",
        "--at",
        "2026-03-03T10:05",
        "--json",
    ]);
    assert_eq!(run.json()["version"], "1.5.0");
    let run = r.run(&[
        "pipeline",
        "status",
        "--version",
        "1.4.1",
        "--at",
        "2026-03-03T10:00",
        "--json",
    ]);
    assert_eq!(run.json()["stages"][0]["duration_seconds"], 3600);
}

#[test]
fn a_locked_or_broken_record_is_not_written() {
    let r = Repo::new("lock");
    assert_eq!(
        r.run(&["pipeline", "start", "--at", "2026-03-03T10:00"])
            .code,
        0
    );
    let file = r.dir.join(".relcore/releases/1.5.0.json");
    let lock = r.dir.join(".relcore/releases/1.5.0.json.lock");
    let before = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&lock, "12345\n").unwrap();
    let run = r.run(&[
        "pipeline",
        "event",
        "build-succeeded",
        "--at",
        "2026-03-03T10:05",
        "--json",
    ]);
    assert_eq!(
        (run.code, run.json()["code"].as_str()),
        (2, Some("record_locked"))
    );
    assert_eq!(std::fs::read_to_string(&file).unwrap(), before);
    std::fs::remove_file(&lock).unwrap();
    let run = r.run(&[
        "pipeline",
        "event",
        "build-succeeded",
        "--at",
        "2026-03-03T10:05",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!lock.exists(), "the lock is removed after the write");
    // A record file that is not a record's JSON is located.
    std::fs::write(
        &file,
        "{\n  \"version\": \"1.5.0\",\n  \"revision\": x\n}\n",
    )
    .unwrap();
    let run = r.run(&["pipeline", "status", "--json"]);
    let doc = run.json();
    assert_eq!(
        (run.code, doc["code"].as_str()),
        (2, Some("invalid_release_record"))
    );
    assert!(
        doc["message"]
            .as_str()
            .unwrap()
            .starts_with(".relcore/releases/1.5.0.json:3:"),
        "{doc}"
    );
}

#[test]
fn bad_input_is_refused_with_its_code() {
    let r = Repo::new("bad");
    let run = r.run(&["pipeline", "status", "--json"]);
    assert_eq!(
        (run.code, run.json()["code"].as_str()),
        (2, Some("no_record"))
    );
    let run = r.run(&["pipeline", "start", "--at", "tomorrow", "--json"]);
    assert_eq!(
        (run.code, run.json()["code"].as_str()),
        (2, Some("invalid_time"))
    );
    let run = r.run(&["pipeline", "start", "--version", "1.2", "--json"]);
    assert_eq!(run.code, 2);
    std::fs::write(
        r.dir.join("relcore.toml"),
        "[pipeline]\nrecord = \"records/release.json\"\n",
    )
    .unwrap();
    let run = r.run(&["pipeline", "start", "--json"]);
    assert_eq!(
        (run.code, run.json()["code"].as_str()),
        (2, Some("invalid_record_path"))
    );
    std::fs::write(
        r.dir.join("relcore.toml"),
        "[pipeline]\nrecord = \"../outside/{version}.json\"\n",
    )
    .unwrap();
    let run = r.run(&["pipeline", "start", "--json"]);
    assert_eq!(
        (run.code, run.json()["code"].as_str()),
        (2, Some("path_outside_repository"))
    );
    std::fs::write(
        r.dir.join("relcore.toml"),
        "[pipeline]\nrecord = \"ops/v{version}.json\"\n",
    )
    .unwrap();
    let run = r.run(&["pipeline", "start", "--at", "2026-03-03T10:00", "--json"]);
    assert_eq!(run.json()["path"], "ops/v1.5.0.json");
}

#[test]
fn metrics_read_the_release_records_as_deployments() {
    let r = Repo::new("metrics");
    let run = r.run(&["metrics", "--json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.json()["deployments"],
        Value::Null,
        "no records: none given"
    );
    // 1.4.1 rolled back after 30 minutes; 1.5.0 still in progress.
    for args in [
        &[
            "pipeline",
            "start",
            "--version",
            "1.4.1",
            "--at",
            "2026-03-03T09:00",
        ][..],
        &[
            "pipeline",
            "event",
            "build-failed",
            "--version",
            "1.4.1",
            "--at",
            "2026-03-03T09:30",
        ],
        &[
            "pipeline",
            "start",
            "--version",
            "1.5.0",
            "--at",
            "2026-03-03T10:00",
        ],
    ] {
        let run = r.run(args);
        assert_eq!(run.code, 0, "{args:?}: {}", run.stderr);
    }
    let run = r.run(&["metrics", "--json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let deployments = &run.json()["deployments"];
    assert_eq!(deployments["count"], 2, "{deployments:#}");
    assert_eq!(deployments["rollbacks"], 1, "{deployments:#}");
    assert_eq!(deployments["duration"]["median"], 1800, "{deployments:#}");
    // Records given explicitly win over the files.
    let file = r.dir.join("given.json");
    std::fs::write(&file, "[]").unwrap();
    let run = r.run(&["metrics", "--json", "--deployments", file.to_str().unwrap()]);
    assert_eq!(run.json()["deployments"]["count"], 0, "{}", run.stdout);
}
