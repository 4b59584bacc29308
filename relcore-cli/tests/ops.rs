//! `relcore hotfix plan|backports`, `relcore respond` and `relcore ready` on throw-away
//! repositories shaped like real ones (release tags on main, a production line with a
//! hotfix release, a fix cherry-picked with `-x`), with the exit codes and JSON documented in docs/operations.md.

use std::path::PathBuf;

use git2::{Oid, Signature, Time};

use crate::util::relcore;

/// A temporary repository on `main`, removed on drop (also used by `metrics.rs`).
pub(crate) struct Repo {
    dir: PathBuf,
    pub(crate) git: git2::Repository,
    /// The time of the last commit; each commit is a minute after it.
    pub(crate) clock: i64,
}

impl Repo {
    pub(crate) fn new(name: &str) -> Repo {
        let dir =
            std::env::temp_dir().join(format!("relcore-cli-ops-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let mut options = git2::RepositoryInitOptions::new();
        options.initial_head("main");
        let git = git2::Repository::init_opts(&dir, &options).unwrap();
        let mut config = git.config().unwrap();
        config.set_str("user.name", "Release Bot").unwrap();
        config.set_str("user.email", "bot@example.com").unwrap();
        Repo {
            dir,
            git,
            clock: 1_700_000_000,
        }
    }

    pub(crate) fn path(&self) -> &str {
        self.dir.to_str().unwrap()
    }

    /// Commits `file` with `content` on `parent` (HEAD's commit when `None`), moving
    /// `update` (a ref name), and checks the tree out when it moves HEAD.
    pub(crate) fn commit_on(
        &mut self,
        update: &str,
        parent: Option<Oid>,
        message: &str,
        file: &str,
        content: &str,
    ) -> Oid {
        self.clock += 60;
        let parent = parent
            .or_else(|| self.git.head().ok().and_then(|h| h.target()))
            .map(|p| self.git.find_commit(p).unwrap());
        let mut index = git2::Index::new().unwrap();
        if let Some(p) = &parent {
            index.read_tree(&p.tree().unwrap()).unwrap();
        }
        let blob = self.git.blob(content.as_bytes()).unwrap();
        let entry = git2::IndexEntry {
            ctime: git2::IndexTime::new(0, 0),
            mtime: git2::IndexTime::new(0, 0),
            dev: 0,
            ino: 0,
            mode: 0o100_644,
            uid: 0,
            gid: 0,
            file_size: 0,
            id: blob,
            flags: 0,
            flags_extended: 0,
            path: file.as_bytes().to_vec(),
        };
        index.add(&entry).unwrap();
        let tree = self
            .git
            .find_tree(index.write_tree_to(&self.git).unwrap())
            .unwrap();
        let sig = Signature::new("Ann", "ann@example.com", &Time::new(self.clock, 0)).unwrap();
        let parents: Vec<&git2::Commit<'_>> = parent.iter().collect();
        let id = self
            .git
            .commit(Some(update), &sig, &sig, message, &tree, &parents)
            .unwrap();
        if update == "HEAD" {
            let commit = self.git.find_commit(id).unwrap();
            self.git
                .reset(commit.as_object(), git2::ResetType::Hard, None)
                .unwrap();
        }
        id
    }

    pub(crate) fn commit(&mut self, message: &str, file: &str) -> Oid {
        self.commit_on("HEAD", None, message, file, &format!("{message}\n"))
    }

    pub(crate) fn tag(&self, name: &str, at: Oid) {
        self.git
            .tag_lightweight(name, &self.git.find_object(at, None).unwrap(), false)
            .unwrap();
    }
}

impl Drop for Repo {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// main: v1.4.0, v1.5.0, a feature, the auth fix, docs, a perf fix tagged v1.6.0, an api
/// fix; production (from v1.5.0): the auth fix picked with `-x`, tagged v1.5.1.
fn shaped(name: &str) -> (Repo, Oid) {
    let mut r = Repo::new(name);
    let first = r.commit("feat: first", "a.txt");
    r.tag("v1.4.0", first);
    let v150 = r.commit("fix: early", "b.txt");
    r.tag("v1.5.0", v150);
    r.commit("feat(ui): new page", "ui.txt");
    let fix = r.commit("fix(auth): session loop\n\nFixes #12", "auth.txt");
    r.commit("docs: readme", "README.md");
    let perf = r.commit("perf(db): faster query\n\nRefs #15", "db.txt");
    r.tag("v1.6.0", perf);
    r.commit("fix(api): null header", "api.txt");
    let message =
        format!("fix(auth): session loop\n\nFixes #12\n\n(cherry picked from commit {fix})\n");
    let pick = r.commit_on(
        "refs/heads/production",
        Some(v150),
        &message,
        "auth.txt",
        "fix(auth): session loop\n\nFixes #12\n",
    );
    r.tag("v1.5.1", pick);
    (r, fix)
}

#[test]
fn hotfix_plan_from_a_tag_and_from_a_branch() {
    let (r, fix) = shaped("plan");
    let run = relcore(
        &[
            "hotfix",
            "plan",
            "--repo",
            r.path(),
            "--from",
            "v1.5.0",
            "--json",
        ],
        None,
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let doc = run.json();
    assert_eq!(doc["version"], "1.5.2", "1.5.1 is taken: {doc:#}");
    assert_eq!(doc["taken"], serde_json::json!(["1.5.1"]));
    assert_eq!(doc["branch"], "hotfix/1.5.2");
    assert_eq!(doc["rollback"]["tag"], "v1.5.0");
    assert_eq!(doc["classification"]["type"], "hotfix");
    assert_eq!(doc["classification"]["pace"], "fast_track");
    assert_eq!(doc["created"], serde_json::Value::Null);
    let headers: Vec<&str> = doc["candidates"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["header"].as_str().unwrap())
        .collect();
    assert_eq!(
        headers,
        [
            "fix(auth): session loop",
            "perf(db): faster query",
            "fix(api): null header"
        ]
    );
    assert_eq!(
        doc["candidates"][0]["command"],
        format!("git cherry-pick -x {fix}")
    );
    assert_eq!(doc["candidates"][0]["references"][0]["number"], 12);

    // From the production branch: its latest release is v1.5.1, which has the auth fix.
    let run = relcore(
        &[
            "hotfix",
            "plan",
            "--repo",
            r.path(),
            "--from-branch",
            "production",
            "--issue",
            "PROD-123",
            "--json",
        ],
        None,
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let doc = run.json();
    assert_eq!(
        (doc["version"].as_str(), doc["branch"].as_str()),
        (Some("1.5.2"), Some("hotfix/PROD-123-1.5.2"))
    );
    let headers: Vec<&str> = doc["candidates"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["header"].as_str().unwrap())
        .collect();
    assert_eq!(
        headers,
        ["perf(db): faster query", "fix(api): null header"],
        "the picked fix is not offered again"
    );

    // Human output.
    let run = relcore(
        &["hotfix", "plan", "--repo", r.path(), "--from", "v1.5.1"],
        None,
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains("hotfix      1.5.2 (v1.5.2)"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("create the branch with: git branch hotfix/1.5.2 v1.5.1"),
        "{}",
        run.stdout
    );
}

#[test]
fn hotfix_plan_creates_the_branch_only_when_asked_and_never_moves_one() {
    let (r, _) = shaped("create");
    let head = r.git.head().unwrap().target();
    let run = relcore(
        &[
            "hotfix",
            "plan",
            "--repo",
            r.path(),
            "--from",
            "v1.5.1",
            "--create",
            "--json",
        ],
        None,
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let v151 = r
        .git
        .revparse_single("v1.5.1")
        .unwrap()
        .peel_to_commit()
        .unwrap()
        .id();
    assert_eq!(run.json()["created"], v151.to_string());
    let branch = r
        .git
        .find_branch("hotfix/1.5.2", git2::BranchType::Local)
        .unwrap();
    assert_eq!(branch.get().target(), Some(v151));
    assert_eq!(
        r.git.head().unwrap().target(),
        head,
        "nothing is checked out"
    );
    assert_eq!(r.git.head().unwrap().shorthand().ok(), Some("main"));
    let run = relcore(
        &[
            "hotfix",
            "plan",
            "--repo",
            r.path(),
            "--from",
            "v1.5.1",
            "--create",
            "--json",
        ],
        None,
    );
    assert_eq!(run.code, 2);
    assert_eq!(run.json()["code"], "branch_exists");
    for (args, code) in [
        (vec!["--from", "v9.0.0"], "unknown_revision"),
        (vec!["--from-branch", "nope"], "unknown_revision"),
        (vec!["--from", "v1.5.0", "--issue", "a b"], "invalid_issue"),
    ] {
        let mut all = vec!["hotfix", "plan", "--repo", r.path(), "--json"];
        all.extend(args);
        let run = relcore(&all, None);
        assert_eq!(
            (run.code, run.json()["code"].as_str()),
            (2, Some(code)),
            "{}",
            run.stdout
        );
    }
}

#[test]
fn backports_compare_by_patch_identity() {
    let (mut r, _) = shaped("backports");
    let v151 = r
        .git
        .revparse_single("v1.5.1")
        .unwrap()
        .peel_to_commit()
        .unwrap()
        .id();
    let pay = r.commit_on(
        "refs/heads/hotfix/1.5.2",
        Some(v151),
        "fix(pay): rounding\n\nFixes #31",
        "pay.txt",
        "rounded\n",
    );
    let run = relcore(
        &[
            "hotfix",
            "backports",
            "--repo",
            r.path(),
            "--hotfix",
            "hotfix/1.5.2",
            "--json",
        ],
        None,
    );
    assert_eq!(
        run.code, 1,
        "a missing backport is a negative answer: {}",
        run.stderr
    );
    let doc = run.json();
    assert_eq!(doc["missing"].as_array().unwrap().len(), 1, "{doc:#}");
    assert_eq!(doc["missing"][0]["id"], pay.to_string());
    assert_eq!(
        doc["missing"][0]["command"],
        format!("git cherry-pick -x {pay}")
    );
    assert_eq!(
        doc["present"][0]["header"], "fix(auth): session loop",
        "the -x pick is on main already"
    );
    // Bring it over with the same patch (a new message): nothing is missing any more.
    r.commit_on(
        "HEAD",
        None,
        "fix(pay): rounding (backport)",
        "pay.txt",
        "rounded\n",
    );
    let run = relcore(
        &[
            "hotfix",
            "backports",
            "--repo",
            r.path(),
            "--hotfix",
            "hotfix/1.5.2",
        ],
        None,
    );
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    assert!(
        run.stdout
            .starts_with("main has every commit of hotfix/1.5.2 (2 already there)"),
        "{}",
        run.stdout
    );
}

#[test]
fn respond_vectors_with_and_without_a_plan() {
    let vectors = crate::util::vectors("risk.json");
    let dir = std::env::temp_dir().join(format!("relcore-cli-incident-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    for (i, case) in vectors["incident"].as_array().unwrap().iter().enumerate() {
        let config = dir.join(format!("incident-{i}.toml"));
        // The vector's policy as relcore.toml's `[risk.incidents.<severity>]` tables.
        let incidents = case
            .pointer("/policy/incidents")
            .and_then(|v| v.as_object());
        let toml = incidents
            .into_iter()
            .flatten()
            .map(|(severity, playbook)| {
                let lines = playbook.as_object().unwrap().iter();
                let lines: Vec<String> = lines.map(|(k, v)| format!("{k} = {v}\n")).collect();
                format!("[risk.incidents.{severity}]\n{}", lines.concat())
            })
            .collect::<Vec<_>>()
            .concat();
        std::fs::write(&config, toml).unwrap();
        let severity = case["severity"].as_str().unwrap();
        let config = config.to_str().unwrap();
        let mut args = vec![
            "respond",
            "--json",
            "--severity",
            severity,
            "--config",
            config,
        ];
        let file = dir.join(format!("incident-{i}.yml"));
        if let Some(plan) = case.get("plan") {
            std::fs::write(&file, plan.as_str().unwrap()).unwrap();
            args.extend(["--plan", file.to_str().unwrap()]);
        }
        let run = relcore(&args, None);
        let doc = run.json();
        match case["expected"].get("error") {
            Some(code) => assert_eq!((&doc["code"], run.code), (code, 2), "{}", case["name"]),
            None => assert_eq!((&doc, run.code), (&case["expected"], 0), "{}", case["name"]),
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn respond_by_severity_with_the_plans_rollback_order() {
    let dir = std::env::temp_dir().join(format!("relcore-cli-respond-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let plan = dir.join("rollout.yml");
    std::fs::write(
        &plan,
        "deployment: { strategy: rolling, stages: [{ name: all, percentage: 100 }] }\nservices:\n  - { name: db, health-check: /ready }\n  - { name: api, depends-on: [db], health-check: /ready }\n  - { name: web, depends-on: [api], health-check: /ready }\n",
    )
    .unwrap();
    for (severity, reason) in [
        ("critical", "critical severity: roll back immediately"),
        ("high", "high severity: roll back within 15 minutes"),
        (
            "medium",
            "medium severity: ship a hotfix within 60 minutes, otherwise roll back",
        ),
        ("low", "low severity: fix it in the next release"),
    ] {
        let run = relcore(&["respond", "--severity", severity], None);
        assert_eq!((run.code, run.stdout.trim()), (0, reason), "{}", run.stderr);
    }
    let run = relcore(
        &[
            "respond",
            "--severity",
            "critical",
            "--plan",
            plan.to_str().unwrap(),
            "--json",
        ],
        None,
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let doc = run.json();
    assert_eq!(
        (doc["action"].as_str(), doc["deadline_minutes"].as_u64()),
        (Some("rollback"), Some(0))
    );
    assert_eq!(
        doc["rollback_order"],
        serde_json::json!(["web", "api", "db"])
    );
    let config = dir.join("relcore.toml");
    std::fs::write(
        &config,
        "[risk.incidents.high]\naction = \"rollback\"\ndeadline_minutes = 5\n",
    )
    .unwrap();
    let run = relcore(
        &[
            "respond",
            "--severity",
            "high",
            "--config",
            config.to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(
        run.stdout.trim(),
        "high severity: roll back within 5 minutes",
        "{}",
        run.stderr
    );
    let run = relcore(&["respond", "--severity", "urgent", "--json"], None);
    assert_eq!(
        (run.code, run.json()["code"].as_str()),
        (2, Some("unknown_value"))
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// `relcore ready` on a repository ready to release but for the facts given.
fn ready_repo(name: &str) -> Repo {
    let mut r = Repo::new(name);
    let first = r.commit("feat: first", "a.txt");
    r.tag("v1.0.0", first);
    r.commit("fix: handle empty input", "b.txt");
    r.commit_on("HEAD", None, "chore: config", "relcore.toml", "version_files = [\"VERSION\"]\n\n[ready]\nwarn = [\"qa_signoff\", \"approvals\", \"high_bugs\"]\n");
    r.commit_on("HEAD", None, "chore: version file", "VERSION", "1.0.0\n");
    r.commit_on(
        "HEAD",
        None,
        "chore: rollout plan",
        "rollout.yml",
        "deployment: { strategy: rolling, stages: [{ name: all, percentage: 100 }] }\nrollback: { triggers: [\"error-rate > 5%\"] }\nwindow: { timezone: UTC, allow: [\"mon-thu 09:00-16:00\"] }\n",
    );
    r
}

#[test]
fn ready_goes_and_refuses_with_the_reasons() {
    let r = ready_repo("ready");
    let facts = r.dir.join("facts.yaml");
    std::fs::write(&facts, "tests: passed\ncritical_bugs: 0\n").unwrap();
    // Tuesday 10:00 UTC: the window is open. The facts file is untracked: not clean.
    let args = [
        "ready",
        "--repo",
        r.path(),
        "--facts",
        facts.to_str().unwrap(),
        "--at",
        "2026-03-03T10:00",
    ];
    let run = relcore(&args, None);
    assert_eq!(run.code, 1, "{}\n{}", run.stdout, run.stderr);
    assert!(
        run.stdout.contains(
            "- [ ] Work tree clean — blocker: 1 file with uncommitted changes: facts.yaml"
        ),
        "{}",
        run.stdout
    );
    let run = relcore(&[&args[..], &["--blockers-allowed", "1"]].concat(), None);
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert!(
        run.stdout
            .starts_with("**Go**: 1 blocker (1 allowed), 3 warnings\n"),
        "{}",
        run.stdout
    );
    for line in [
        "- [x] All tests passing",
        "- [x] Deployment window open",
        "- [x] Rollback plan ready",
        "- [x] Version files agree with the latest tag",
        "- [x] Changelog section for the next version",
        "- [x] Next tag is free",
    ] {
        assert!(run.stdout.contains(line), "{line}\n{}", run.stdout);
    }
    std::fs::remove_file(&facts).unwrap();
    // Friday: the window is closed; JSON says why; --fact gives the facts.
    let run = relcore(
        &[
            "ready",
            "--repo",
            r.path(),
            "--fact",
            "tests=passed",
            "--fact",
            "critical_bugs=0",
            "--at",
            "2026-03-06T10:00:00Z",
            "--json",
        ],
        None,
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    let doc = run.json();
    assert_eq!(
        (doc["go"].as_bool(), doc["blockers"].as_u64()),
        (Some(false), Some(1)),
        "{doc:#}"
    );
    let window = doc["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["name"] == "window")
        .unwrap();
    assert_eq!(
        window["reason"],
        "Fri 2026-03-06 10:00 UTC is outside the allowed windows (mon-thu 09:00-16:00)"
    );
    assert_eq!(doc["facts"]["next_version"], "1.0.1");
    assert_eq!(doc["facts"]["tests"], "passed");
}

#[test]
fn ready_refuses_bad_input() {
    let r = ready_repo("input");
    // Bad input.
    for (args, code) in [
        (vec!["--fact", "tests"], "invalid_fact"),
        (vec!["--at", "tomorrow"], "invalid_time"),
    ] {
        let mut all = vec!["ready", "--repo", r.path(), "--json"];
        all.extend(args);
        let run = relcore(&all, None);
        assert_eq!(
            (run.code, run.json()["code"].as_str()),
            (2, Some(code)),
            "{}",
            run.stdout
        );
    }
    let bad = std::env::temp_dir().join(format!("relcore-bad-facts-{}.json", std::process::id()));
    std::fs::write(&bad, "[1, 2]").unwrap();
    let run = relcore(
        &[
            "ready",
            "--repo",
            r.path(),
            "--facts",
            bad.to_str().unwrap(),
            "--json",
        ],
        None,
    );
    assert_eq!(
        (run.code, run.json()["code"].as_str()),
        (2, Some("invalid_facts")),
        "{}",
        run.stdout
    );
    let _ = std::fs::remove_file(&bad);
}

#[test]
fn ready_refuses_a_wrong_checklist() {
    let mut r = ready_repo("checklist");
    r.commit_on(
        "HEAD",
        None,
        "chore: config",
        "relcore.toml",
        "[ready]\nrequired = [\"testz\"]\n",
    );
    let run = relcore(&["ready", "--repo", r.path(), "--json"], None);
    assert_eq!(
        (run.code, run.json()["code"].as_str()),
        (2, Some("unknown_check")),
        "{}",
        run.stdout
    );
}
