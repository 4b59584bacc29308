//! `relcore::workspace`: the shared plan and check vectors.

use relcore::error::Coded;
use relcore::workspace::{
    PackageBump, PackageTag, Settings, Workspace, check_versions, plan_workspace,
};

use crate::util::{opt_str, vectors};

fn from<T: serde::de::DeserializeOwned>(v: &serde_json::Value) -> T {
    serde_json::from_value(v.clone()).unwrap_or_else(|e| panic!("{v}: {e}"))
}

#[test]
fn plan_vectors() {
    let all = vectors("workspace.json");
    let cases = all["plan"].as_array().unwrap();
    assert!(cases.len() >= 20);
    for case in cases {
        let name = case["name"].as_str().unwrap();
        let workspace: Workspace = from(&case["workspace"]);
        let bumps: Vec<PackageBump> = from(&case["bumps"]);
        let settings: Settings = case.get("settings").map(from).unwrap_or_default();
        let result = plan_workspace(&workspace, &bumps, &settings);
        let Some(expected) = case.get("expected") else {
            let err = result.expect_err(name);
            assert_eq!(err.code(), opt_str(case, "error").unwrap(), "{name}: {err}");
            if let Some(cycle) = case.get("cycle") {
                let cycle: Vec<String> = from(cycle);
                assert_eq!(err.cycle(), cycle.as_slice(), "{name}");
            }
            continue;
        };
        let plan = result.unwrap_or_else(|e| panic!("{name}: {e}"));
        let got: Vec<serde_json::Value> = plan
            .packages
            .iter()
            .map(|p| {
                serde_json::json!({
                    "name": p.name,
                    "next": p.next.as_ref().map(ToString::to_string),
                    "level": p.level.map(relcore::bump::Level::as_str),
                    "reasons": p.reasons.iter().map(|r| serde_json::to_value(r.rule).unwrap()).collect::<Vec<_>>(),
                    "changelog": p.changelog,
                })
            })
            .collect();
        assert_eq!(serde_json::Value::from(got), expected["packages"], "{name}");
        let rewrites: Vec<serde_json::Value> = plan
            .rewrites
            .iter()
            .map(|r| {
                serde_json::json!({
                    "package": r.package, "dependency": r.dependency, "old": r.old, "new": r.new,
                    "out_of_range": r.out_of_range,
                })
            })
            .collect();
        assert_eq!(
            serde_json::Value::from(rewrites),
            expected["rewrites"],
            "{name}"
        );
        // Each rewrite is also listed under the package whose manifest it edits.
        for r in &plan.rewrites {
            let owner = plan.packages.iter().find(|p| p.name == r.package).unwrap();
            assert!(owner.rewrites.contains(r), "{name}: {r:?}");
        }
        // The plan's JSON reads back.
        let json = serde_json::to_value(&plan).unwrap();
        assert_eq!(
            from::<relcore::workspace::WorkspacePlan>(&json),
            plan,
            "{name}"
        );
    }
}

#[test]
fn check_vectors() {
    let all = vectors("workspace.json");
    for case in all["check"].as_array().unwrap() {
        let name = case["name"].as_str().unwrap();
        let workspace: Workspace = from(&case["workspace"]);
        let tags: Vec<PackageTag> = from(&case["tags"]);
        let got: Vec<serde_json::Value> = check_versions(&workspace, &tags)
            .into_iter()
            .map(|d| {
                let mut v = serde_json::json!({"code": d.code, "file": d.path, "line": d.line});
                assert!(
                    d.message.starts_with(&format!(
                        "{}:{}:",
                        d.path.clone().unwrap_or_default(),
                        d.line.unwrap_or(0)
                    )),
                    "{name}: the message names the file and line: {}",
                    d.message
                );
                if let Some(hint) = d.hint.filter(|_| {
                    d.code != "conflicting_requirements"
                        && d.code != "invalid_requirement"
                        && d.code != "dependency_cycle"
                }) {
                    v["hint"] = hint.into();
                }
                v
            })
            .collect();
        assert_eq!(serde_json::Value::from(got), case["expected"], "{name}");
    }
}

#[test]
fn check_reports_graph_problems_and_keeps_going() {
    let workspace: Workspace = from(&serde_json::json!({"packages": [
        {"name": "a", "version": "1.0.0"}, {"name": "a", "version": "2.0.0"}
    ], "groups": [{"name": "g", "kind": "fixed", "members": ["a", "zzz"]}]}));
    let codes: Vec<String> = check_versions(&workspace, &[])
        .into_iter()
        .map(|d| d.code)
        .collect();
    assert_eq!(codes, ["duplicate_package", "unknown_package"]);
}

/// Manifests in, rewritten manifests out: what the wiring step will do with files.
#[test]
fn manifests_to_plan_to_rewritten_manifests() {
    use relcore::manifest::{FileKind, read_dependencies, set_requirement};
    use relcore::workspace::{Package, WorkspacePlan};

    let files = [
        (
            "core",
            "1.4.0",
            "crates/core/Cargo.toml",
            "[package]\nname = \"core\"\nversion = \"1.4.0\"\n",
        ),
        (
            "cli",
            "0.3.1",
            "crates/cli/Cargo.toml",
            "[package]\nname = \"cli\"\nversion = \"0.3.1\"\n\n[dependencies]\ncore = { path = \"../core\", version = \"1.4\" }  # keep\nanyhow = \"1\"\n",
        ),
        (
            "xtask",
            "0.0.0",
            "xtask/Cargo.toml",
            "[package]\nname = \"xtask\"\nversion = \"0.0.0\"\n\n[dev-dependencies]\ncli = { path = \"../crates/cli\", version = \"=0.3.1\" }\n",
        ),
    ];
    let packages = files
        .iter()
        .map(|(name, version, file, text)| Package {
            name: (*name).to_owned(),
            version: relcore::version::Version::parse(version).unwrap(),
            paths: Vec::new(),
            version_at: None,
            dependencies: read_dependencies(&FileKind::CargoToml, file, text)
                .unwrap()
                .iter()
                .map(relcore::manifest::ManifestDependency::dependency)
                .collect(),
        })
        .collect();
    let workspace = Workspace {
        packages,
        groups: Vec::new(),
    };
    let bumps = [PackageBump {
        package: "core".into(),
        level: relcore::bump::Level::Major,
    }];
    let plan: WorkspacePlan = plan_workspace(&workspace, &bumps, &Settings::default()).unwrap();
    let next: Vec<(String, Option<String>)> = plan
        .packages
        .iter()
        .map(|p| (p.name.clone(), p.next.as_ref().map(ToString::to_string)))
        .collect();
    assert_eq!(
        next,
        [
            ("core".to_owned(), Some("2.0.0".to_owned())),
            ("cli".to_owned(), Some("0.3.2".to_owned())),
            ("xtask".to_owned(), None),
        ]
    );
    let mut texts: Vec<String> = files.iter().map(|f| f.3.to_owned()).collect();
    // Later spans first, so earlier ones stay valid.
    let mut rewrites = plan.rewrites.clone();
    rewrites.sort_by_key(|r| std::cmp::Reverse(r.at.start));
    for r in &rewrites {
        let i = files.iter().position(|f| f.2 == r.at.file).unwrap();
        texts[i] = set_requirement(&texts[i], &r.at, &r.old, &r.new).unwrap();
    }
    assert_eq!(texts[0], files[0].3);
    assert_eq!(
        texts[1],
        files[1].3.replace("version = \"1.4\"", "version = \"2.0\"")
    );
    assert_eq!(texts[2], files[2].3.replace("=0.3.1", "=0.3.2"));
    // And the result is in step.
    let after: Workspace = {
        let mut w = workspace.clone();
        for (p, plan) in w.packages.iter_mut().zip(&plan.packages) {
            assert_eq!(p.name, plan.name);
        }
        for (i, p) in w.packages.iter_mut().enumerate() {
            if let Some(next) = plan
                .packages
                .iter()
                .find(|q| q.name == p.name)
                .and_then(|q| q.next.clone())
            {
                p.version = next;
            }
            p.dependencies = read_dependencies(&FileKind::CargoToml, files[i].2, &texts[i])
                .unwrap()
                .iter()
                .map(relcore::manifest::ManifestDependency::dependency)
                .collect();
        }
        w
    };
    assert_eq!(check_versions(&after, &[]), []);
}

/// Random workspaces: planning and checking never panic, and a successful plan is
/// consistent (fixed groups share a version, every rewrite admits the new version).
#[test]
#[allow(clippy::too_many_lines)] // one generator and its checks
fn random_workspaces_never_panic() {
    use relcore::version::{Dialect, Requirement};
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move |n: u64| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed % n
    };
    let reqs = [
        "^1.0.0",
        "~1.2",
        "1.x",
        ">=1.0.0 <2.0.0",
        "workspace:*",
        "workspace:^",
        "=1.0.0",
        "<2",
        "*",
        "^0.1.0",
        "1.0.0 - 1.5.0",
        "^1.0.0 || ^2.0.0",
        "bad req",
    ];
    let versions = ["0.1.0", "1.0.0", "1.2.3", "1.9.9", "2.0.0-rc.1", "0.0.1"];
    let kinds = ["normal", "dev", "peer", "build", "optional"];
    let mut planned_rewrites = 0;
    for round in 0..400 {
        let n = 1 + next(6);
        let packages: Vec<serde_json::Value> = (0..n)
            .map(|i| {
                let deps: Vec<serde_json::Value> = (0..next(3))
                    .map(|_| {
                        let text = reqs[usize::try_from(next(reqs.len() as u64)).unwrap()];
                        serde_json::json!({
                            "name": format!("p{}", next(n + 1)),
                            "kind": kinds[usize::try_from(next(5)).unwrap()],
                            "requirement": {"dialect": "npm", "text": text,
                                "at": {"file": format!("p{i}/package.json"), "start": 0, "end": text.len(), "line": 1, "column": 1}}
                        })
                    })
                    .collect();
                serde_json::json!({"name": format!("p{i}"), "version": versions[usize::try_from(next(6)).unwrap()], "dependencies": deps})
            })
            .collect();
        let groups: Vec<serde_json::Value> = (0..next(3))
            .map(|g| serde_json::json!({"name": format!("g{g}"), "kind": if next(2) == 0 { "fixed" } else { "linked" },
                "members": (0..next(3)).map(|_| format!("p{}", next(n))).collect::<Vec<_>>()}))
            .collect();
        let workspace: Workspace =
            from(&serde_json::json!({"packages": packages, "groups": groups}));
        let bumps: Vec<PackageBump> = (0..next(3))
            .map(|_| PackageBump {
                package: format!("p{}", next(n)),
                level: [
                    relcore::bump::Level::Patch,
                    relcore::bump::Level::Minor,
                    relcore::bump::Level::Major,
                ][usize::try_from(next(3)).unwrap()],
            })
            .collect();
        let always = Settings {
            update_dependents: if round % 2 == 0 {
                relcore::workspace::UpdateDependents::Always
            } else {
                relcore::workspace::UpdateDependents::OutOfRange
            },
            ..Settings::default()
        };
        let _ = check_versions(&workspace, &[]);
        let Ok(plan) = plan_workspace(&workspace, &bumps, &always) else {
            continue;
        };
        assert_eq!(plan.packages.len(), workspace.packages.len());
        planned_rewrites += plan.rewrites.len();
        for r in &plan.rewrites {
            let dep = plan
                .packages
                .iter()
                .find(|p| p.name == r.dependency)
                .unwrap();
            let new = Requirement::parse(Dialect::Npm, &r.new).unwrap();
            assert!(new.matches(dep.next.as_ref().unwrap()), "{r:?}");
        }
        for g in &workspace.groups {
            if g.kind == relcore::workspace::GroupKind::Fixed {
                let versions: std::collections::BTreeSet<String> = plan
                    .packages
                    .iter()
                    .filter(|p| g.members.contains(&p.name))
                    .map(|p| {
                        p.next
                            .as_ref()
                            .map_or_else(|| format!("stays {}", p.current), ToString::to_string)
                    })
                    .collect();
                let released = plan
                    .packages
                    .iter()
                    .any(|p| g.members.contains(&p.name) && p.next.is_some());
                assert!(!released || versions.len() == 1, "{g:?}: {versions:?}");
            }
        }
    }
    assert!(
        planned_rewrites > 50,
        "the random workspaces exercise rewrites: {planned_rewrites}"
    );
}

#[test]
fn sync_vectors() {
    let all = vectors("workspace.json");
    let cases = all["sync"].as_array().unwrap();
    assert!(cases.len() >= 4);
    for case in cases {
        let name = case["name"].as_str().unwrap();
        let workspace: Workspace = from(&case["workspace"]);
        let sync = relcore::workspace::sync_workspace(&workspace);
        let versions: Vec<serde_json::Value> = sync
            .versions
            .iter()
            .map(|c| serde_json::json!({"package": c.package, "from": c.from.to_string(), "to": c.to.to_string()}))
            .collect();
        let rewrites: Vec<serde_json::Value> = sync
            .rewrites
            .iter()
            .map(|r| {
                serde_json::json!({"package": r.package, "dependency": r.dependency, "old": r.old, "new": r.new,
                    "out_of_range": r.out_of_range})
            })
            .collect();
        let unresolved: Vec<serde_json::Value> = sync
            .unresolved
            .iter()
            .map(|d| serde_json::json!({"code": d.code, "file": d.path, "line": d.line}))
            .collect();
        let expected = &case["expected"];
        assert_eq!(
            serde_json::Value::from(versions),
            expected["versions"],
            "{name}"
        );
        assert_eq!(
            serde_json::Value::from(rewrites),
            expected["rewrites"],
            "{name}"
        );
        assert_eq!(
            serde_json::Value::from(unresolved),
            expected["unresolved"],
            "{name}"
        );
    }
}

#[test]
fn set_vectors() {
    let all = vectors("workspace.json");
    let cases = all["set"].as_array().unwrap();
    assert!(cases.len() >= 8);
    for case in cases {
        let name = case["name"].as_str().unwrap();
        let repositories: Vec<relcore::workspace::SetRepository> = from(&case["repositories"]);
        let result = relcore::workspace::plan_set(&repositories);
        let Some(expected) = case.get("expected") else {
            let err = result.expect_err(name);
            assert_eq!(err.code(), opt_str(case, "error").unwrap(), "{name}: {err}");
            if let Some(cycle) = case.get("cycle") {
                let cycle: Vec<String> = from(cycle);
                assert_eq!(err.cycle(), cycle.as_slice(), "{name}");
            }
            continue;
        };
        let plan = result.unwrap_or_else(|e| panic!("{name}: {e}"));
        let checks: Vec<serde_json::Value> = plan
            .checks
            .iter()
            .map(|c| {
                let mut check = serde_json::json!({"repository": c.repository, "requires": c.requires,
                    "version": c.version.as_ref().map(ToString::to_string), "satisfied": c.satisfied});
                if let Some(package) = &c.package {
                    check["package"] = package.as_str().into();
                }
                check
            })
            .collect();
        let got = serde_json::json!({
            "order": plan.order, "rollback": plan.rollback, "checks": checks,
            "problems": plan.problems.iter().map(|d| d.code.clone()).collect::<Vec<_>>(),
        });
        assert_eq!(&got, expected, "{name}");
        for d in &plan.problems {
            assert!(
                d.message.starts_with("relcore-set.toml:4:11: "),
                "{name}: {}",
                d.message
            );
        }
    }
}
