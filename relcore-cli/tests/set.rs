//! `relcore set plan` and `relcore set release`: several throw-away repositories and a
//! set file beside them, naming them by relative paths.

use std::path::PathBuf;

use crate::release::Repo;
use crate::util::{Run, relcore};

/// Repositories of one test, and a set file in the same (temporary) directory.
struct Set {
    repos: Vec<Repo>,
    file: PathBuf,
}

impl Set {
    /// `backend` (v2.0.3, then a feature: 2.1.0), `frontend` (v1.4.0, then a fix: 1.4.1),
    /// `worker` (v0.9.0, then a feature: 0.9.1 on 0.y.z), each released with a changelog.
    fn new(name: &str) -> Set {
        let mut repos = Vec::new();
        for (repo, tag, change) in [
            ("backend", "v2.0.3", "feat: search"),
            ("frontend", "v1.4.0", "fix: layout"),
            ("worker", "v0.9.0", "feat: queues"),
        ] {
            let mut r = Repo::new(&format!("{name}-{repo}"));
            let base = r.commit_in("# Changelog\n", "CHANGELOG.md");
            r.tag(tag, base);
            r.commit(change);
            // The index as HEAD's tree, as after a `git commit`.
            {
                let mut index = r.git.index().unwrap();
                let tree = r.git.head().unwrap().peel_to_tree().unwrap();
                index.read_tree(&tree).unwrap();
                index.write().unwrap();
            }
            repos.push(r);
        }
        let file =
            std::env::temp_dir().join(format!("relcore-cli-{name}-{}.toml", std::process::id()));
        Set { repos, file }
    }

    /// The directory name of repository `i`, relative to the set file.
    fn rel(&self, i: usize) -> String {
        self.repos[i]
            .dir
            .file_name()
            .unwrap()
            .to_string_lossy()
            .into_owned()
    }

    /// Writes the set file; `{0}`, `{1}`, `{2}` stand for the repositories' paths.
    fn write(&self, text: &str) {
        let text = text
            .replace("{0}", &self.rel(0))
            .replace("{1}", &self.rel(1))
            .replace("{2}", &self.rel(2));
        std::fs::write(&self.file, text).unwrap();
    }

    fn run(&self, args: &[&str]) -> Run {
        let mut all: Vec<&str> = vec!["set"];
        all.extend(args);
        let file = self.file.to_str().unwrap();
        all.extend(["--set", file]);
        relcore(&all, None)
    }

    fn tags(&self, i: usize) -> Vec<String> {
        let names = self.repos[i].git.tag_names(None).unwrap();
        names
            .iter()
            .flatten()
            .flatten()
            .map(str::to_owned)
            .collect()
    }

    fn head_message(&self, i: usize) -> String {
        let head = self.repos[i].git.head().unwrap().peel_to_commit().unwrap();
        String::from_utf8_lossy(head.message_bytes())
            .lines()
            .next()
            .unwrap_or_default()
            .to_owned()
    }

    fn changelog(&self, i: usize) -> String {
        std::fs::read_to_string(self.repos[i].dir.join("CHANGELOG.md")).unwrap()
    }

    fn clean(&self, i: usize) -> bool {
        self.repos[i]
            .git
            .statuses(None)
            .unwrap()
            .iter()
            .all(|s| s.status() == git2::Status::CURRENT)
    }
}

impl Drop for Set {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.file);
    }
}

/// worker first in the file: the order comes from the requirements.
const SET: &str = "[repositories]\n\
                   worker = { path = \"{2}\", requires = { frontend = \"^1.4\", backend = \"2\" } }\n\
                   backend = \"{0}\"\n\
                   frontend = { path = \"{1}\", requires = { backend = \">=2.1, <3\" } }\n";

#[test]
fn plan_orders_the_set_and_checks_every_requirement() {
    let set = Set::new("set-plan");
    set.write(SET);
    let run = set.run(&["plan", "--json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let doc = run.json();
    assert_eq!(
        doc["order"],
        serde_json::json!(["backend", "frontend", "worker"])
    );
    assert_eq!(
        doc["rollback"],
        serde_json::json!(["worker", "frontend", "backend"])
    );
    assert_eq!(doc["problems"], serde_json::json!([]));
    let repos: Vec<(String, String, String)> = doc["repositories"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["name"].as_str().unwrap().to_owned(),
                r["current"].as_str().unwrap().to_owned(),
                r["next"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert_eq!(
        repos,
        [
            ("worker".into(), "0.9.0".into(), "0.9.1".into()),
            ("backend".into(), "2.0.3".into(), "2.1.0".into()),
            ("frontend".into(), "1.4.0".into(), "1.4.1".into()),
        ]
    );
    assert_eq!(doc["repositories"][1]["tag"], "v2.1.0");
    assert_eq!(doc["repositories"][1]["path"], set.rel(0));
    let checks = doc["checks"].as_array().unwrap();
    assert_eq!(checks.len(), 3);
    assert_eq!(
        checks[0],
        serde_json::json!({"repository": "frontend", "requires": "backend",
            "requirement": ">=2.1, <3", "version": "2.1.0", "satisfied": true})
    );
    assert!(checks.iter().all(|c| c["satisfied"] == true), "{doc:#}");

    let run = set.run(&["plan"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    for line in [
        "order     backend, frontend, worker",
        "rollback  worker, frontend, backend",
        "  ok      frontend requires backend `>=2.1, <3`: 2.1.0",
        "2.0.3 (v2.0.3) -> 2.1.0 (minor), tag v2.1.0",
    ] {
        assert!(run.stdout.contains(line), "{line}:\n{}", run.stdout);
    }

    // The default file, relcore-set.toml in the current directory, with the set under
    // [set] (the rest of the file is someone else's).
    let dir = set
        .file
        .parent()
        .unwrap()
        .join(format!("relcore-cli-set-default-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("relcore-set.toml"),
        format!(
            "[other]\nkey = 1\n\n[set.repositories]\nbackend = \"../{}\"\n",
            set.rel(0)
        ),
    )
    .unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_relcore"))
        .args(["set", "plan", "--json"])
        .current_dir(&dir)
        .output()
        .unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["file"], "relcore-set.toml");
    assert_eq!(doc["order"], serde_json::json!(["backend"]));
}

#[test]
fn a_failing_requirement_is_located_and_exits_1() {
    let set = Set::new("set-failing");
    set.write(
        "[repositories]\nbackend = \"{0}\"\nfrontend = { path = \"{1}\", requires = { backend = \">=3\" } }\n",
    );
    let run = set.run(&["plan", "--json"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let doc = run.json();
    assert_eq!(doc["checks"][0]["satisfied"], false);
    assert_eq!(doc["checks"][0]["version"], "2.1.0");
    let problem = &doc["problems"][0];
    assert_eq!(problem["code"], "requirement_not_satisfied");
    let text = std::fs::read_to_string(&set.file).unwrap();
    let column = text.lines().nth(2).unwrap().find(">=3").unwrap() + 1;
    assert_eq!(
        (problem["line"].as_u64(), problem["column"].as_u64()),
        (Some(3), Some(column as u64))
    );
    let run = set.run(&["plan"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stdout
            .contains("  failing frontend requires backend `>=3`: 2.1.0"),
        "{}",
        run.stdout
    );
    assert!(
        run.stderr.contains("error[requirement_not_satisfied]"),
        "{}",
        run.stderr
    );
    // A release refuses before writing anything.
    let run = set.run(&["release", "--write", "--commit", "--tag"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stdout.contains("not releasing"), "{}", run.stdout);
    assert_eq!(set.tags(0), ["v2.0.3"]);
    assert_eq!(set.changelog(0), "# Changelog\n");
}

#[test]
fn a_cycle_is_an_error_naming_it() {
    let set = Set::new("set-cycle");
    set.write(
        "[repositories]\nbackend = { path = \"{0}\", requires = { frontend = \"1\" } }\n\
         frontend = { path = \"{1}\", requires = { backend = \"2\" } }\n",
    );
    let run = set.run(&["plan", "--json"]);
    assert_eq!(run.code, 2, "{}", run.stdout);
    let doc = run.json();
    assert_eq!(doc["code"], "dependency_cycle");
    let message = doc["message"].as_str().unwrap();
    assert!(
        message.contains("require each other in a cycle: backend → frontend → backend"),
        "{message}"
    );
}

#[test]
fn a_bad_set_file_is_located() {
    let set = Set::new("set-bad");
    set.write(
        "[repositories]\nbackend = 3\nfrontend = { pth = \"{1}\", requires = { api = \"1\" } }\n",
    );
    let run = set.run(&["plan"]);
    assert_eq!(run.code, 2, "{}", run.stdout);
    let file = set.file.display().to_string();
    for line in [
        format!("{file}:2:11: repository `backend` must be a path or a table with `path`"),
        format!("{file}:3:14: unknown key `pth` in repository `frontend`"),
        format!("{file}:3:"),
        "requires `api`, which is not a repository of the set".to_owned(),
    ] {
        assert!(run.stderr.contains(&line), "{line}:\n{}", run.stderr);
    }
    assert!(run.stderr.contains("invalid_set"), "{}", run.stderr);
    // A path that is no repository: located at its entry.
    set.write("[repositories]\nbackend = \"no-such-dir-for-relcore\"\n");
    let run = set.run(&["plan", "--json"]);
    assert_eq!(run.code, 2);
    assert_eq!(run.json()["code"], "not_a_repository", "{}", run.stdout);
    assert!(
        run.json()["message"]
            .as_str()
            .unwrap()
            .starts_with(&format!("{file}:2:1: repository `backend`")),
        "{}",
        run.stdout
    );
    // Bytes that are not UTF-8: located, as any input file's (exit 1).
    std::fs::write(&set.file, b"[repositories]\nbackend = \"\xff\"\n").unwrap();
    let run = set.run(&["plan", "--json"]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    let doc = run.json();
    assert_eq!(doc["code"], "invalid_utf8");
    assert_eq!(
        (doc["line"].as_u64(), doc["column"].as_u64()),
        (Some(2), Some(12))
    );
    // A missing file.
    let _ = std::fs::remove_file(&set.file);
    let run = set.run(&["plan", "--json"]);
    assert_eq!(run.code, 2);
    assert_eq!(run.json()["code"], "set_not_found");
}

#[test]
fn release_commits_and_tags_every_repository_in_order() {
    let set = Set::new("set-release");
    set.write(
        "[repositories]\nfrontend = { path = \"{1}\", requires = { backend = \">=2.1, <3\" } }\nbackend = \"{0}\"\n",
    );
    let run = set.run(&[
        "release",
        "--write",
        "--commit",
        "--tag",
        "--date",
        "2026-03-01",
        "--json",
    ]);
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    let doc = run.json();
    let released: Vec<(&str, &str, &str)> = doc["released"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["repository"].as_str().unwrap(),
                r["version"].as_str().unwrap(),
                r["tags"][0].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        released,
        [
            ("backend", "2.1.0", "v2.1.0"),
            ("frontend", "1.4.1", "v1.4.1")
        ]
    );
    assert_eq!(doc["failed"], serde_json::Value::Null);
    assert_eq!(doc["undone"], serde_json::json!([]));
    assert_eq!(set.tags(0), ["v2.0.3", "v2.1.0"]);
    assert_eq!(set.tags(1), ["v1.4.0", "v1.4.1"]);
    assert_eq!(set.head_message(0), "chore(release): 2.1.0");
    assert_eq!(set.head_message(1), "chore(release): 1.4.1");
    assert!(
        set.changelog(0).contains("## [2.1.0] - 2026-03-01"),
        "{}",
        set.changelog(0)
    );
    assert!(set.clean(0) && set.clean(1));
    // The tag is on the release commit.
    let tag = set.repos[0].git.revparse_single("v2.1.0^{commit}").unwrap();
    assert_eq!(tag.id(), set.repos[0].git.head().unwrap().target().unwrap());
}

#[test]
fn a_preflight_failure_writes_nothing_anywhere() {
    let set = Set::new("set-preflight");
    set.write("[repositories]\nbackend = \"{0}\"\nfrontend = \"{1}\"\n");
    // frontend has a change staged, which would slip into its release commit.
    std::fs::write(set.repos[1].dir.join("wip.txt"), "work in progress").unwrap();
    let mut index = set.repos[1].git.index().unwrap();
    index.add_path(std::path::Path::new("wip.txt")).unwrap();
    index.write().unwrap();
    let run = set.run(&["release", "--write", "--commit", "--tag"]);
    assert_eq!(run.code, 1, "{}\n{}", run.stdout, run.stderr);
    assert!(
        run.stdout
            .contains("preflight of frontend failed: [staged_changes]"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("nothing was written in any repository"),
        "{}",
        run.stdout
    );
    assert_eq!(set.tags(0), ["v2.0.3"]);
    assert_eq!(set.changelog(0), "# Changelog\n");
    assert_eq!(set.head_message(0), "feat: search");
}

#[test]
fn a_failure_after_the_first_release_undoes_it_and_says_so() {
    let set = Set::new("set-undo");
    set.write(
        "[repositories]\nbackend = \"{0}\"\nfrontend = { path = \"{1}\", requires = { backend = \"2\" } }\n",
    );
    // frontend's commits are to be signed by a program that fails: no preflight can
    // know that before it is tried, after backend is released.
    let mut config = set.repos[1].git.config().unwrap();
    config.set_bool("commit.gpgSign", true).unwrap();
    config.set_str("gpg.program", "false").unwrap();
    let before: Vec<git2::Oid> = (0..2)
        .map(|i| set.repos[i].git.head().unwrap().target().unwrap())
        .collect();

    let run = set.run(&["release", "--write", "--commit", "--tag"]);
    assert_eq!(run.code, 1, "{}\n{}", run.stdout, run.stderr);
    assert!(
        run.stdout
            .contains("released backend 2.1.0: 1 file, commit "),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("release of frontend failed: [signing_failed]"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("undone in backend: tag v2.1.0 deleted, release commit ")
            && run
                .stdout
                .contains(" removed from the branch, release files restored"),
        "{}",
        run.stdout
    );
    for (i, head) in before.iter().enumerate() {
        assert_eq!(
            set.repos[i].git.head().unwrap().target().unwrap(),
            *head,
            "repository {i}: the branch is back"
        );
        assert_eq!(set.changelog(i), "# Changelog\n");
        assert!(set.clean(i), "repository {i} is clean");
    }
    assert_eq!(set.tags(0), ["v2.0.3"]);
    assert_eq!(set.tags(1), ["v1.4.0"]);

    // The same in JSON.
    let run = set.run(&["release", "--write", "--commit", "--tag", "--json"]);
    assert_eq!(run.code, 1);
    let doc = run.json();
    assert_eq!(doc["failed"]["repository"], "frontend");
    assert_eq!(doc["failed"]["code"], "signing_failed");
    assert_eq!(doc["undone"][0]["repository"], "backend");
    assert_eq!(
        doc["undone"][0]["tags_deleted"],
        serde_json::json!(["v2.1.0"])
    );
    assert_eq!(doc["undone"][0]["files_restored"], true);
    assert_eq!(doc["undone"][0]["left"], serde_json::json!([]));
    assert_eq!(doc["released"][0]["repository"], "backend");
    assert_eq!(set.tags(0), ["v2.0.3"]);
}

/// The worker repository as a workspace: `queue` (0.3.0, then a fix) and `sched` (1.2.0,
/// nothing since), each with its own manifest, changelog and tags.
fn worker_workspace(set: &mut Set) {
    let worker = &mut set.repos[2];
    worker.commit_in(
        "[packages.queue]\npath = \"queue\"\n[packages.sched]\npath = \"sched\"\n",
        "relcore.toml",
    );
    worker.commit_in(
        "{\n  \"name\": \"sched\",\n  \"version\": \"1.2.0\"\n}\n",
        "sched/package.json",
    );
    let base = worker.commit_in(
        "{\n  \"name\": \"queue\",\n  \"version\": \"0.3.0\"\n}\n",
        "queue/package.json",
    );
    worker.tag("queue@0.3.0", base);
    worker.tag("sched@1.2.0", base);
    worker.commit_in("fix(queue): retry on timeout", "queue/retry.txt");
}

/// A repository with `[packages]` whose entry names none takes part as a whole: its plan
/// releases every package, requirements on it name its packages, and the release writes,
/// commits and tags every package as `relcore release` would.
#[test]
fn a_workspace_takes_part_as_a_whole() {
    let mut set = Set::new("set-workspace");
    worker_workspace(&mut set);
    // A requirement on the workspace itself: it has no one version to check.
    set.write(
        "[repositories]\nbackend = { path = \"{0}\", requires = { worker = \"0.3\" } }\nworker = \"{2}\"\n",
    );
    let run = set.run(&["plan", "--json"]);
    assert_eq!(run.code, 2, "{}", run.stdout);
    let doc = run.json();
    assert_eq!(doc["code"], "unknown_package", "{doc}");
    let file = set.file.display().to_string();
    let message = doc["message"].as_str().unwrap();
    assert!(
        message.starts_with(&format!("{file}:2:"))
            && message.contains(": `backend` requires `worker`, which releases several packages (`queue`, `sched`): name the one required, e.g. `worker = { queue = \"0.3\" }`"),
        "{message}"
    );

    set.write(
        "[repositories]\nbackend = { path = \"{0}\", requires = { worker = { queue = \"0.3\", sched = \"^2\" } } }\nworker = \"{2}\"\n",
    );
    let run = set.run(&["plan"]);
    assert_eq!(run.code, 1, "{}\n{}", run.stdout, run.stderr);
    assert!(
        run.stdout.contains("  worker   workspace of 2 packages")
            && run
                .stdout
                .contains("queue  0.3.0 -> 0.3.1 (patch), tag queue@0.3.1")
            && run.stdout.contains("sched  1.2.0: nothing to release")
            && run
                .stdout
                .contains("ok      backend requires worker queue `0.3`: 0.3.1")
            && run
                .stdout
                .contains("failing backend requires worker sched `^2`: 1.2.0"),
        "{}",
        run.stdout
    );
    assert!(
        run.stderr.contains(":2:")
            && run
                .stderr
                .contains("`backend` requires `sched` of `worker` at `^2`, but it stays at 1.2.0"),
        "{}",
        run.stderr
    );

    set.write(
        "[repositories]\nbackend = { path = \"{0}\", requires = { worker = { queue = \"0.3\" } } }\nworker = \"{2}\"\n",
    );
    let run = set.run(&["plan", "--json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let doc = run.json();
    assert_eq!(doc["order"], serde_json::json!(["worker", "backend"]));
    assert_eq!(doc["checks"][0]["package"], "queue");
    let worker = &doc["repositories"][1];
    assert_eq!(worker["next"], serde_json::Value::Null);
    assert_eq!(
        worker["packages"],
        serde_json::json!([
            {"name": "queue", "current": "0.3.0", "next": "0.3.1", "level": "patch", "tag": "queue@0.3.1"},
            {"name": "sched", "current": "1.2.0", "next": null, "level": null, "tag": null}
        ])
    );

    let run = set.run(&[
        "release",
        "--write",
        "--commit",
        "--tag",
        "--date",
        "2026-12-03",
        "--json",
    ]);
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    let doc = run.json();
    let released = &doc["released"][0];
    assert_eq!(released["repository"], "worker");
    assert_eq!(released["version"], serde_json::Value::Null);
    assert_eq!(released["packages"], serde_json::json!(["queue@0.3.1"]));
    assert_eq!(released["tags"], serde_json::json!(["queue@0.3.1"]));
    assert_eq!(
        released["files"],
        serde_json::json!(["queue/CHANGELOG.md", "queue/package.json"])
    );
    assert!(set.tags(2).contains(&"queue@0.3.1".to_owned()));
    assert_eq!(set.head_message(2), "chore(release): queue@0.3.1");
    assert!(
        std::fs::read_to_string(set.repos[2].dir.join("queue/package.json"))
            .unwrap()
            .contains("\"version\": \"0.3.1\""),
    );
    assert_eq!(doc["released"][1]["repository"], "backend");
    assert!(set.clean(2));
}

/// With `package = "queue"`, the workspace takes part through that one package.
#[test]
fn a_repository_with_packages_takes_part_through_the_package_named() {
    let mut set = Set::new("set-packages");
    worker_workspace(&mut set);
    set.write(
        "[repositories]\nbackend = \"{0}\"\nworker = { path = \"{2}\", package = \"nope\" }\n",
    );
    let run = set.run(&["plan", "--json"]);
    assert_eq!(run.code, 2);
    assert_eq!(run.json()["code"], "unknown_package");

    set.write(
        "[repositories]\nbackend = \"{0}\"\nworker = { path = \"{2}\", package = \"queue\", requires = { backend = \"2\" } }\n",
    );
    let run = set.run(&["plan", "--json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let worker = &run.json()["repositories"][1];
    assert_eq!(
        (
            worker["current_tag"].as_str(),
            worker["next"].as_str(),
            worker["tag"].as_str()
        ),
        (Some("queue@0.3.0"), Some("0.3.1"), Some("queue@0.3.1"))
    );
    let run = set.run(&["release", "--write", "--commit", "--tag"]);
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    assert!(
        set.tags(2).contains(&"queue@0.3.1".to_owned()),
        "{:?}",
        set.tags(2)
    );
    assert_eq!(set.head_message(2), "chore(release): 0.3.1");
}

/// A workspace released first, then a step that fails: every tag of the workspace's
/// release is deleted, its one commit taken back and its files restored.
#[test]
fn a_failure_after_a_workspace_release_undoes_every_tag() {
    let mut set = Set::new("set-workspace-undo");
    worker_workspace(&mut set);
    // sched releases too: a feature of its own.
    set.repos[2].commit_in("feat(sched): cron syntax", "sched/cron.txt");
    set.write(
        "[repositories]\nworker = \"{2}\"\nfrontend = { path = \"{1}\", requires = { worker = { queue = \"0.3\" } } }\n",
    );
    let mut config = set.repos[1].git.config().unwrap();
    config.set_bool("commit.gpgSign", true).unwrap();
    config.set_str("gpg.program", "false").unwrap();
    let head = set.repos[2].git.head().unwrap().target().unwrap();
    let tags = set.tags(2);

    let run = set.run(&[
        "release",
        "--write",
        "--commit",
        "--tag",
        "--date",
        "2026-12-03",
    ]);
    assert_eq!(run.code, 1, "{}\n{}", run.stdout, run.stderr);
    assert!(
        run.stdout
            .contains("released worker queue@0.3.1, sched@1.3.0: 4 files, commit ")
            && run.stdout.contains(", tags queue@0.3.1, sched@1.3.0"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains(
            "undone in worker: tag queue@0.3.1 deleted, tag sched@1.3.0 deleted, release commit "
        ),
        "{}",
        run.stdout
    );
    assert_eq!(set.repos[2].git.head().unwrap().target().unwrap(), head);
    assert_eq!(set.tags(2), tags);
    assert!(set.clean(2), "the workspace is clean");
}
