//! `relcore metrics` against the shared metrics vectors (through `--input`), and on a
//! throw-away repository with a pre-release, a revert and a hotfix on a maintenance line
//! that HEAD does not contain.

use crate::ops::Repo;
use crate::util::{relcore, vectors};

const DAY: i64 = 86_400;
/// 2026-01-01T00:00:00Z.
const T0: i64 = 1_767_225_600;

fn assert_subset(got: &serde_json::Value, expected: &serde_json::Value, at: &str) {
    match expected {
        serde_json::Value::Object(keys) => {
            for (key, want) in keys {
                let have = got
                    .get(key)
                    .unwrap_or_else(|| panic!("{at}.{key}: missing in {got}"));
                assert_subset(have, want, &format!("{at}.{key}"));
            }
        }
        serde_json::Value::Array(items) => {
            let have = got
                .as_array()
                .unwrap_or_else(|| panic!("{at}: not a list: {got}"));
            assert_eq!(have.len(), items.len(), "{at}: {got}");
            for (i, (have, want)) in have.iter().zip(items).enumerate() {
                assert_subset(have, want, &format!("{at}[{i}]"));
            }
        }
        _ => assert_eq!(got, expected, "{at}"),
    }
}

#[test]
fn metrics_vectors_through_input() {
    let vectors = vectors("metrics.json");
    for case in vectors["cases"].as_array().unwrap() {
        let name = case["name"].as_str().unwrap();
        let input = serde_json::to_string(&case["input"]).unwrap();
        let mut args = vec!["--json", "metrics", "--input", "-"];
        let options = &case["options"];
        let since = options["since"].as_str().map(str::to_owned);
        let by = options["by"].as_str().map(str::to_owned);
        let within = options["within_days"].as_u64().map(|d| d.to_string());
        if let Some(s) = &since {
            args.extend(["--since", s]);
        }
        if let Some(b) = &by {
            args.extend(["--by", b]);
        }
        if let Some(w) = &within {
            args.extend(["--within", w]);
        }
        let run = relcore(&args, Some(&input));
        if let Some(code) = case.get("error") {
            let clap_refuses = by.as_deref().is_some_and(|b| b != "month" && b != "week");
            assert_eq!(run.code, 2, "{name}: {}", run.stderr);
            // The CLI reads --since as every command reads a date: `invalid_date`.
            let code = if since.is_some() && code == "invalid_metrics_options" {
                "invalid_date"
            } else {
                code.as_str().unwrap()
            };
            if !clap_refuses {
                assert_eq!(run.json()["code"], code, "{name}: {}", run.stdout);
            }
            continue;
        }
        assert_eq!(run.code, 0, "{name}: {}", run.stderr);
        assert_subset(&run.json(), &case["expected"], name);
        if let Some(chart) = case.get("chart") {
            let mut args = args.clone();
            args.remove(0);
            args.push("--chart");
            let run = relcore(&args, Some(&input));
            assert_eq!(run.stdout, chart.as_str().unwrap(), "{name}");
        }
    }
}

/// main: feat (day 0), fix (day 2) tagged v1.0.0; feat (day 5) tagged v1.1.0-rc.1; a
/// revert of it (day 9); feat (day 10) tagged v1.1.0; fix (day 15) unreleased.
/// maint (from v1.0.0): fix (day 12) tagged v1.0.1.
fn history(name: &str) -> Repo {
    let mut r = Repo::new(name);
    let at = |r: &mut Repo, day: i64| r.clock = T0 + day * DAY - 60;
    at(&mut r, 0);
    r.commit("feat: first", "a.txt");
    at(&mut r, 2);
    let v100 = r.commit("fix: early", "b.txt");
    r.tag("v1.0.0", v100);
    at(&mut r, 5);
    let c = r.commit("feat: page", "c.txt");
    r.tag("v1.1.0-rc.1", c);
    at(&mut r, 9);
    r.commit(
        &format!("Revert \"feat: page\"\n\nThis reverts commit {c}."),
        "c.txt",
    );
    at(&mut r, 10);
    let v110 = r.commit("feat: other page", "d.txt");
    r.tag("v1.1.0", v110);
    at(&mut r, 12);
    let v101 = r.commit_on(
        "refs/heads/maint",
        Some(v100),
        "fix: patch",
        "b.txt",
        "patched\n",
    );
    r.tag("v1.0.1", v101);
    at(&mut r, 15);
    r.commit("fix: later", "e.txt");
    r
}

#[test]
fn metrics_of_a_repository() {
    let r = history("repo");
    let run = relcore(&["--json", "metrics", "--repo", r.path()], None);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let expected = serde_json::json!({
        "releases": {"total": 4, "stable": 3, "prereleases": 1},
        // first 2d, early 0, page 0, revert 1d, other 0, patch 0.
        "lead_time": {"count": 6, "median": 0, "p90": 2 * DAY},
        "hotfixes": {"count": 1, "total": 3, "share": 0.3333},
        "reverts": {"count": 1, "total": 7, "share": 0.1429},
        "fixed_releases": {"count": 1, "total": 3, "releases": [
            {"release": "v1.0.0", "fixed_by": "v1.0.1", "seconds": 10 * DAY}
        ]},
        "prerelease_cycle": {"count": 1, "median": 5 * DAY, "releases": [
            {"release": "v1.1.0", "first_prerelease": "v1.1.0-rc.1", "prereleases": 1, "seconds": 5 * DAY}
        ]},
        "deployments": null,
        "periods": [{"period": "2026-01", "stable": 3, "prereleases": 1, "hotfixes": 1}],
    });
    assert_subset(&run.json(), &expected, "metrics");

    // Weeks since 2026-01-06 (rc.1 on the 6th and 1.1.0 on the 11th in W02, 1.0.1 on the
    // 13th in W03), a window of 3 days; then the table, CSV and chart.
    let run = relcore(
        &[
            "--json",
            "metrics",
            "--repo",
            r.path(),
            "--by",
            "week",
            "--since",
            "2026-01-06",
            "--within",
            "3",
        ],
        None,
    );
    let expected = serde_json::json!({
        "releases": {"total": 3, "stable": 2, "prereleases": 1},
        "fixed_releases": {"count": 0, "total": 2},
        "periods": [
            {"period": "2026-W02", "start": "2026-01-05", "stable": 1, "prereleases": 1},
            {"period": "2026-W03", "start": "2026-01-12", "stable": 1, "prereleases": 0},
        ],
    });
    assert_subset(&run.json(), &expected, "weeks");
    let table = relcore(&["metrics", "--repo", r.path()], None);
    assert!(
        table
            .stdout
            .contains("hotfixes           1 of 3 stable releases (33.3%)"),
        "{}",
        table.stdout
    );
    assert!(
        table.stdout.contains("2026-01        3    1       1"),
        "{}",
        table.stdout
    );
    let csv = relcore(&["metrics", "--repo", r.path(), "--csv"], None);
    assert_eq!(
        csv.stdout,
        "period,start,stable,prereleases,hotfixes,commits,lead_time_median,lead_time_p90\n2026-01,2026-01-01,3,1,1,6,0,172800\n"
    );
    let chart = relcore(&["metrics", "--repo", r.path(), "--chart"], None);
    assert!(
        chart.stdout.starts_with("xychart-beta\n"),
        "{}",
        chart.stdout
    );
    assert!(
        chart.stdout.contains("    bar [4]\n    line [0]\n"),
        "{}",
        chart.stdout
    );
}

/// A release tagged on a release branch that is never merged back releases the commits
/// of main from before the branch, though no release HEAD (main) contains them: their
/// lead time counts (it did not: main's commits were taken as unreleased).
#[test]
fn a_release_on_a_release_branch_releases_the_commits_before_it() {
    let mut r = Repo::new("release-branch");
    let at = |r: &mut Repo, day: i64| r.clock = T0 + day * DAY - 60;
    at(&mut r, 0);
    r.commit("feat: first", "a.txt");
    at(&mut r, 1);
    let fork = r.commit("fix: second", "b.txt");
    at(&mut r, 3);
    let release = r.commit_on(
        "refs/heads/release/1.0",
        Some(fork),
        "chore: release 1.0.0",
        "version.txt",
        "1.0.0\n",
    );
    r.tag("v1.0.0", release);
    at(&mut r, 4);
    r.commit("feat: third", "c.txt");
    let run = relcore(&["--json", "metrics", "--repo", r.path()], None);
    assert_eq!(run.code, 0, "{}", run.stderr);
    // first 3d, second 2d, the release commit 0; `feat: third` is not released.
    let expected = serde_json::json!({
        "releases": {"total": 1, "stable": 1},
        "lead_time": {"count": 3, "median": 2 * DAY, "p90": 3 * DAY},
    });
    assert_subset(&run.json(), &expected, "metrics");
}

#[test]
fn svg_and_deployments() {
    let r = history("svg");
    let svg = r.git.workdir().unwrap().join("metrics.svg");
    let deployments = r.git.workdir().unwrap().join("deployments.json");
    std::fs::write(
        &deployments,
        r#"[{"version": "1.0.0", "started": 100, "finished": 700, "outcome": "rolled_back", "restored": 1000},
            {"version": "1.0.1", "started": 2000, "finished": 2300, "outcome": "succeeded"}]"#,
    )
    .unwrap();
    let run = relcore(
        &[
            "--json",
            "metrics",
            "--repo",
            r.path(),
            "--svg",
            svg.to_str().unwrap(),
            "--deployments",
            deployments.to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let expected = serde_json::json!({"deployments": {
        "count": 2, "rollbacks": 1, "duration": {"count": 2, "median": 450, "p90": 600},
        "change_failure_rate": {"count": 1, "total": 2, "share": 0.5},
        "time_to_restore": {"count": 1, "median": 300}, "unrestored": 0,
    }});
    assert_subset(&run.json(), &expected, "deployments");
    let doc = std::fs::read_to_string(&svg).unwrap();
    assert!(
        doc.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""),
        "{doc}"
    );
    assert!(doc.contains(">2026-01</text>"), "{doc}");

    // A bad deployments file is a located input error; nothing is written.
    std::fs::write(
        &deployments,
        r#"[{"version": "1.0.0", "started": "x", "outcome": "succeeded"}]"#,
    )
    .unwrap();
    let run = relcore(
        &[
            "--json",
            "metrics",
            "--repo",
            r.path(),
            "--deployments",
            deployments.to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(run.code, 2);
    let err = run.json();
    assert_eq!(err["code"], "invalid_metrics_input");
    assert!(
        err["message"]
            .as_str()
            .unwrap()
            .contains("deployments[0].started"),
        "{err}"
    );
    // A bad --since is invalid_date.
    let run = relcore(
        &[
            "--json",
            "metrics",
            "--repo",
            r.path(),
            "--since",
            "2026-02-30",
        ],
        None,
    );
    assert_eq!(
        (run.code, run.json()["code"].as_str()),
        (2, Some("invalid_date"))
    );
}

#[test]
fn a_history_without_release_tags_is_warned_about() {
    let mut r = Repo::new("untagged");
    r.commit("feat: first", "a.txt");
    r.commit("Revert \"feat: first\"", "a.txt");
    let run = relcore(&["metrics", "--repo", r.path()], None);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout
            .starts_with("releases           0 (0 stable, 0 pre-releases)\n"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("reverts            1 of 2 commits (50.0%)"),
        "{}",
        run.stdout
    );
    assert!(
        run.stderr
            .contains("no release tag of the format `v{version}` was found"),
        "{}",
        run.stderr
    );
}
