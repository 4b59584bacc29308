//! `prepare`: the rollout plan is checked when its file exists, in the release's context.

use relcore_release::{ProjectConfig, ReleaseOptions, prepare};

use crate::util::TempRepo;

const GOOD_PLAN: &str = "\
deployment:
  strategy: canary
  stages:
    - { name: canary, percentage: 5, duration: 1h, metrics: [\"error-rate < 1%\"] }
    - { name: half, percentage: 50, duration: 2h, approval: release-manager }
    - { name: full, percentage: 100 }
rollback: { triggers: { error-rate: \"> 5%\" }, grace-period: 5m }
";

#[test]
fn the_plan_is_checked_in_the_release_context() {
    let mut t = TempRepo::new();
    t.commit("feat: first", &[("a.txt", "1")]);
    let repo = t.open();
    let options = ReleaseOptions::default();
    // No plan file: no plan check.
    let report = prepare(&repo, &ProjectConfig::default(), &options).unwrap();
    assert!(report.plan.is_none());

    // A breaking change is high risk: the plan needs an approval at or below 50%.
    t.commit("feat!: drop the old API", &[("rollout.yml", GOOD_PLAN)]);
    let report = prepare(&repo, &ProjectConfig::default(), &options).unwrap();
    let check = report.plan.expect("rollout.yml is checked");
    assert_eq!(check.file, "rollout.yml");
    assert!(!check.report.has_errors(), "{:?}", check.report.diagnostics);
    let without_approval = GOOD_PLAN.replace(", approval: release-manager", "");
    std::fs::write(t.dir.join("rollout.yml"), &without_approval).unwrap();
    let report = prepare(&repo, &ProjectConfig::default(), &options).unwrap();
    let check = report.plan.unwrap();
    assert_eq!(
        check.report.codes(),
        ["high_risk_without_approval", "hold_band"]
    );
    // Serialised, the report's keys sit beside the file's name.
    let json =
        serde_json::to_value(prepare(&repo, &ProjectConfig::default(), &options).unwrap()).unwrap();
    assert_eq!(json["plan"]["file"], "rollout.yml");
    assert_eq!(
        json["plan"]["diagnostics"][0]["code"],
        "high_risk_without_approval"
    );
    assert_eq!(json["plan"]["total_duration_seconds"], 3 * 3600);

    // Another path, from the configuration.
    let config = ProjectConfig::from_toml("[plan]\npath = \"deploy/plan.yml\"\n").unwrap();
    assert!(prepare(&repo, &config, &options).unwrap().plan.is_none());
    std::fs::create_dir_all(t.dir.join("deploy")).unwrap();
    std::fs::write(t.dir.join("deploy/plan.yml"), "deployment: [").unwrap();
    let check = prepare(&repo, &config, &options).unwrap().plan.unwrap();
    assert_eq!(
        (check.file.as_str(), check.report.codes()),
        ("deploy/plan.yml", vec!["invalid_yaml"])
    );
}
