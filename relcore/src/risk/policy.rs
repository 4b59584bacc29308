//! The classification policy: ordered rules, path and type lists, and the fallback.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::respond::Incidents;
use crate::classification::{
    Approval, ChangeType, Dimension, Gates, Pace, Risk, RollbackMode, Strategy, steps_text,
};

/// How releases are classified, as data. Every field has a default that encodes common
/// practice; serde fills missing fields and rejects unknown ones.
///
/// # Rules
///
/// Classification goes through [`Policy::effective_rules`] in order: the `overrides`,
/// then the `rules` (default: [`Rule::defaults`]), skipping any rule named in `disabled`
/// and any rule of `rules` that an override of the same name replaces. For each
/// [`Dimension`] (type, risk, strategy, approval, rollback, pace, gates), the **first**
/// rule that matches and sets it wins; the `fallback` decides the rest.
///
/// So to change one default rule, give an override of the same name; to add a rule that
/// beats the defaults, give an override with a new name; to drop one, name it in
/// `disabled`; to start from scratch, give `rules`.
///
/// ```
/// use relcore::risk::{classify, Facts, Policy, Risk};
///
/// let policy: Policy = serde_json::from_str(r#"{
///     "migration_paths": ["schema/**"],
///     "overrides": [{"name": "many_services", "when": {"services_at_least": 10}, "then": {"risk": "high"}}],
///     "disabled": ["major_bump"]
/// }"#)?;
/// assert_eq!(policy.config_paths, Policy::default().config_paths);
/// let names: Vec<&str> = policy.effective_rules().map(|r| r.name.as_str()).collect();
/// assert_eq!(names[0], "many_services");
/// assert!(!names.contains(&"major_bump"));
///
/// let facts = Facts::from_messages(["fix: x"]).with_services(12);
/// assert_eq!(classify(&facts, &policy).risk, Risk::High);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(
    feature = "schema",
    derive(schemars::JsonSchema),
    schemars(rename = "RiskPolicy")
)]
#[serde(default, deny_unknown_fields)]
pub struct Policy {
    /// Rules checked before `rules`; an override replaces the rule of `rules` with its
    /// name. Default: none.
    pub overrides: Vec<Rule>,
    /// The rules, in order. Default: [`Rule::defaults`].
    pub rules: Vec<Rule>,
    /// Names of rules to skip. Default: none.
    pub disabled: Vec<String>,
    /// What decides a dimension no rule decides. Default: see [`Fallback`].
    pub fallback: Fallback,
    /// Globs of paths that hold schema migrations (condition `schema_migration`).
    /// Default: `**/migrations/**`, `**/migration/**`, `**/migrate/**`, `*.sql`.
    pub migration_paths: Vec<String>,
    /// Globs of configuration paths (condition `config_only`). Default: `**/config/**`,
    /// `*.yaml`, `*.yml`, `*.toml`, `*.ini`, `*.conf`, `*.properties`, `*.env`.
    pub config_paths: Vec<String>,
    /// Globs of hotfix branch names (condition `hotfix`). Default: `hotfix/**`.
    pub hotfix_branches: Vec<String>,
    /// Commit types that add features (condition `features`). Default: `feat`.
    pub feature_types: Vec<String>,
    /// Commit types that fix or tidy without adding anything (condition `only_fixes`).
    /// Default: `fix`, `perf`, `revert`, `docs`, `style`, `refactor`, `test`, `build`,
    /// `ci`, `chore`.
    pub fix_types: Vec<String>,
    /// Incident response, by severity; see [`respond`](super::respond).
    pub incidents: Incidents,
}

impl Default for Policy {
    fn default() -> Self {
        Policy {
            overrides: Vec::new(),
            rules: Rule::defaults(),
            disabled: Vec::new(),
            fallback: Fallback::default(),
            migration_paths: strings(&[
                "**/migrations/**",
                "**/migration/**",
                "**/migrate/**",
                "*.sql",
            ]),
            config_paths: strings(&[
                "**/config/**",
                "*.yaml",
                "*.yml",
                "*.toml",
                "*.ini",
                "*.conf",
                "*.properties",
                "*.env",
            ]),
            hotfix_branches: strings(&["hotfix/**"]),
            feature_types: strings(&["feat"]),
            fix_types: strings(&[
                "fix", "perf", "revert", "docs", "style", "refactor", "test", "build", "ci",
                "chore",
            ]),
            incidents: Incidents::default(),
        }
    }
}

impl Policy {
    /// The rules classification goes through, in order: the overrides, then the rules
    /// that no override replaces, without the disabled ones.
    ///
    /// ```
    /// use relcore::risk::Policy;
    /// let policy = Policy::default();
    /// let names: Vec<&str> = policy.effective_rules().map(|r| r.name.as_str()).collect();
    /// assert_eq!(names, [
    ///     "version_decrease", "schema_migration", "hotfix", "breaking_change",
    ///     "major_bump", "config_only", "features", "only_fixes",
    /// ]);
    /// ```
    pub fn effective_rules(&self) -> impl Iterator<Item = &Rule> {
        let overridden = |rule: &Rule| self.overrides.iter().any(|o| o.name == rule.name);
        let disabled = |rule: &Rule| self.disabled.contains(&rule.name);
        self.overrides
            .iter()
            .chain(self.rules.iter().filter(move |r| !overridden(r)))
            .filter(move |r| !disabled(r))
    }
}

/// One rule: when its condition holds, it decides the dimensions it sets that no earlier
/// rule decided.
///
/// In JSON: `{"name": "…", "when": <condition>, "then": {<dimension>: <value>, …}}`.
///
/// ```
/// use relcore::risk::{Condition, Risk, Rule};
/// let rule: Rule = serde_json::from_str(r#"{
///     "name": "infra", "when": {"any_path": ["infra/**"]},
///     "then": {"risk": "high", "approval": {"level": "required", "by": ["sre"]}}
/// }"#)?;
/// assert_eq!(rule.when, Condition::AnyPath(vec!["infra/**".into()]));
/// assert_eq!(rule.then.risk, Some(Risk::High));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(
    feature = "schema",
    derive(schemars::JsonSchema),
    schemars(rename = "RiskRule")
)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    /// A stable snake_case slug, reported in the reasons: `breaking_change`.
    pub name: String,
    /// When the rule fires.
    pub when: Condition,
    /// What it decides.
    #[serde(default)]
    pub then: Effect,
}

impl Rule {
    /// The default rules, in order (first match wins per dimension):
    ///
    /// | rule | when | then |
    /// |---|---|---|
    /// | `version_decrease` | next version lower than current | type rollback, strategy recreate, pace immediate, gates skippable, approval optional by on-call |
    /// | `schema_migration` | a path matches `migration_paths` | type migration, risk high, strategy blue-green, approval required by release-manager, dba, rollback manual |
    /// | `hotfix` | hotfix flag, or branch matches `hotfix_branches` | type hotfix, pace fast_track, approval required by manager, security, rollback automated |
    /// | `breaking_change` | a breaking commit | risk high, strategy canary 20 → 50 → 100, approval required by release-manager |
    /// | `major_bump` | the major version increases | as `breaking_change` |
    /// | `config_only` | every path matches `config_paths` | type config, risk low, strategy rolling, approval optional |
    /// | `features` | a commit of a `feature_types` type | type feature, risk medium, strategy rolling, approval optional by release-manager |
    /// | `only_fixes` | every commit of a `fix_types` type, none breaking | risk low, strategy rolling, approval optional |
    ///
    /// ```
    /// use relcore::risk::Rule;
    /// assert_eq!(Rule::defaults().len(), 8);
    /// ```
    pub fn defaults() -> Vec<Rule> {
        let canary = Effect {
            risk: Some(Risk::High),
            strategy: Some(Strategy::Canary),
            steps: Some(vec![20, 50, 100]),
            approval: Some(Approval::required(["release-manager"])),
            ..Effect::default()
        };
        vec![
            Rule::new(
                "version_decrease",
                Condition::VersionDecrease,
                Effect {
                    r#type: Some(ChangeType::Rollback),
                    strategy: Some(Strategy::Recreate),
                    pace: Some(Pace::Immediate),
                    gates: Some(Gates::Skippable),
                    approval: Some(Approval::optional(["on-call"])),
                    ..Effect::default()
                },
            ),
            Rule::new(
                "schema_migration",
                Condition::SchemaMigration,
                Effect {
                    r#type: Some(ChangeType::Migration),
                    risk: Some(Risk::High),
                    strategy: Some(Strategy::BlueGreen),
                    approval: Some(Approval::required(["release-manager", "dba"])),
                    rollback: Some(RollbackMode::Manual),
                    ..Effect::default()
                },
            ),
            Rule::new(
                "hotfix",
                Condition::Hotfix,
                Effect {
                    r#type: Some(ChangeType::Hotfix),
                    pace: Some(Pace::FastTrack),
                    approval: Some(Approval::required(["manager", "security"])),
                    rollback: Some(RollbackMode::Automated),
                    ..Effect::default()
                },
            ),
            Rule::new("breaking_change", Condition::BreakingChange, canary.clone()),
            Rule::new("major_bump", Condition::MajorBump, canary),
            Rule::new(
                "config_only",
                Condition::ConfigOnly,
                Effect {
                    r#type: Some(ChangeType::Config),
                    risk: Some(Risk::Low),
                    strategy: Some(Strategy::Rolling),
                    approval: Some(Approval::optional::<String>([])),
                    ..Effect::default()
                },
            ),
            Rule::new(
                "features",
                Condition::Features,
                Effect {
                    r#type: Some(ChangeType::Feature),
                    risk: Some(Risk::Medium),
                    strategy: Some(Strategy::Rolling),
                    approval: Some(Approval::optional(["release-manager"])),
                    ..Effect::default()
                },
            ),
            Rule::new(
                "only_fixes",
                Condition::OnlyFixes,
                Effect {
                    risk: Some(Risk::Low),
                    strategy: Some(Strategy::Rolling),
                    approval: Some(Approval::optional::<String>([])),
                    ..Effect::default()
                },
            ),
        ]
    }

    /// A rule from its parts.
    ///
    /// ```
    /// use relcore::risk::{Condition, Effect, Risk, Rule};
    /// let rule = Rule::new("big", Condition::ServicesAtLeast(10), Effect { risk: Some(Risk::High), ..Effect::default() });
    /// assert_eq!(rule.name, "big");
    /// ```
    pub fn new(name: impl Into<String>, when: Condition, then: Effect) -> Rule {
        Rule {
            name: name.into(),
            when,
            then,
        }
    }
}

/// When a rule fires. In JSON a condition without a parameter is a string
/// (`"breaking_change"`), one with a parameter a single-key object
/// (`{"any_path": ["infra/**"]}`, `{"not": "hotfix"}`).
///
/// Commit conditions skip merge commits and commits cancelled out by a revert in the
/// same release; type lists are matched case-insensitively. Path conditions are false
/// when the paths are unknown; globs are described in `docs/risk.md` (`*` within a
/// segment, `**` across segments, a pattern without `/` matches at any depth).
///
/// ```
/// use relcore::risk::Condition;
/// let c: Condition = serde_json::from_str(r#"{"all": ["hotfix", {"not": {"any_type": ["feat"]}}]}"#)?;
/// assert_eq!(c.to_string(), "the release is a hotfix and not (a commit has type feat)");
/// assert_eq!(serde_json::to_string(&Condition::BreakingChange)?, r#""breaking_change""#);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(
    feature = "schema",
    derive(schemars::JsonSchema),
    schemars(rename = "RiskCondition")
)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Condition {
    /// Always holds.
    Always,
    /// The next version is lower than the current one (SemVer precedence).
    VersionDecrease,
    /// The major version of the next version is greater than the current one's.
    MajorBump,
    /// A commit is a breaking change (`!` or a `BREAKING CHANGE` footer).
    BreakingChange,
    /// A changed path matches the policy's `migration_paths`.
    SchemaMigration,
    /// The facts say hotfix, or the branch matches the policy's `hotfix_branches`.
    Hotfix,
    /// At least one path changed, and every changed path matches the policy's
    /// `config_paths`.
    ConfigOnly,
    /// A commit has one of the policy's `feature_types`.
    Features,
    /// At least one commit, none breaking, and every one has one of the policy's
    /// `fix_types`.
    OnlyFixes,
    /// A changed path matches one of the globs.
    AnyPath(Vec<String>),
    /// At least one path changed, and every changed path matches one of the globs.
    OnlyPaths(Vec<String>),
    /// A commit has one of the types.
    AnyType(Vec<String>),
    /// At least one commit, and every one has one of the types.
    OnlyTypes(Vec<String>),
    /// The branch matches one of the globs.
    Branch(Vec<String>),
    /// The release deploys at least this many services.
    ServicesAtLeast(u32),
    /// Every condition holds (and there is at least one).
    All(Vec<Condition>),
    /// At least one condition holds.
    Any(Vec<Condition>),
    /// The condition does not hold.
    Not(Box<Condition>),
}

impl fmt::Display for Condition {
    /// The condition in words, as reasons and diagnostics show it.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fn join(f: &mut fmt::Formatter<'_>, cs: &[Condition], sep: &str) -> fmt::Result {
            for (i, c) in cs.iter().enumerate() {
                if i > 0 {
                    f.write_str(sep)?;
                }
                write!(f, "{c}")?;
            }
            Ok(())
        }
        match self {
            Condition::Always => f.write_str("always"),
            Condition::VersionDecrease => {
                f.write_str("the next version is lower than the current one")
            }
            Condition::MajorBump => f.write_str("the major version increases"),
            Condition::BreakingChange => f.write_str("a commit is a breaking change"),
            Condition::SchemaMigration => f.write_str("a changed path is a schema migration"),
            Condition::Hotfix => f.write_str("the release is a hotfix"),
            Condition::ConfigOnly => f.write_str("only configuration paths change"),
            Condition::Features => f.write_str("a commit adds a feature"),
            Condition::OnlyFixes => f.write_str("every commit is a fix or housekeeping"),
            Condition::AnyPath(globs) => write!(f, "a changed path matches {}", globs.join(", ")),
            Condition::OnlyPaths(globs) => {
                write!(f, "every changed path matches {}", globs.join(", "))
            }
            Condition::AnyType(types) => write!(f, "a commit has type {}", types.join(", ")),
            Condition::OnlyTypes(types) => write!(f, "every commit has type {}", types.join(", ")),
            Condition::Branch(globs) => write!(f, "the branch matches {}", globs.join(", ")),
            Condition::ServicesAtLeast(n) => write!(f, "at least {n} services deploy"),
            Condition::All(cs) => join(f, cs, " and "),
            Condition::Any(cs) => join(f, cs, " or "),
            Condition::Not(c) => write!(f, "not ({c})"),
        }
    }
}

/// What a rule decides: each field it sets is one [`Dimension`]; unset fields are left to
/// later rules. `steps` go with `strategy`: they count only when the same rule decides
/// the strategy.
///
/// ```
/// use relcore::risk::{Dimension, Effect, Strategy};
/// let effect: Effect = serde_json::from_str(r#"{"strategy": "canary", "steps": [10, 100], "pace": "fast_track"}"#)?;
/// assert_eq!(effect.strategy, Some(Strategy::Canary));
/// assert_eq!(effect.dimensions(), [Dimension::Strategy, Dimension::Pace]);
/// assert_eq!(serde_json::to_string(&effect)?, r#"{"strategy":"canary","steps":[10,100],"pace":"fast_track"}"#);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(
    feature = "schema",
    derive(schemars::JsonSchema),
    schemars(rename = "RiskEffect")
)]
#[serde(default, deny_unknown_fields)]
pub struct Effect {
    /// The change type.
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub r#type: Option<ChangeType>,
    /// The risk.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub risk: Option<Risk>,
    /// The strategy.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(
        feature = "schema",
        schemars(with = "Option<crate::classification::schema::StrategyInput>")
    )]
    pub strategy: Option<Strategy>,
    /// Traffic percentages, increasing, ending at 100, such as `[20, 50, 100]`; with
    /// `strategy` only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub steps: Option<Vec<u8>>,
    /// Who approves, and whether the release waits.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub approval: Option<Approval>,
    /// How a failed release is undone.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rollback: Option<RollbackMode>,
    /// How fast the release moves.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pace: Option<Pace>,
    /// Whether gates hold the release.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gates: Option<Gates>,
}

impl Effect {
    /// The dimensions this effect sets, in [`Dimension::ALL`] order.
    ///
    /// ```
    /// use relcore::risk::{Dimension, Effect, Risk};
    /// let e = Effect { risk: Some(Risk::Low), ..Effect::default() };
    /// assert_eq!(e.dimensions(), [Dimension::Risk]);
    /// ```
    pub fn dimensions(&self) -> Vec<Dimension> {
        let set = [
            (Dimension::Type, self.r#type.is_some()),
            (Dimension::Risk, self.risk.is_some()),
            (Dimension::Strategy, self.strategy.is_some()),
            (Dimension::Approval, self.approval.is_some()),
            (Dimension::Rollback, self.rollback.is_some()),
            (Dimension::Pace, self.pace.is_some()),
            (Dimension::Gates, self.gates.is_some()),
        ];
        set.into_iter()
            .filter(|(_, s)| *s)
            .map(|(d, _)| d)
            .collect()
    }

    /// The value this effect gives `dimension`, in words (`high`, `canary 20 → 50 → 100`,
    /// `required by dba`), or `None` when it does not set it.
    ///
    /// ```
    /// use relcore::risk::{Dimension, Effect, Strategy};
    /// let e = Effect { strategy: Some(Strategy::Canary), steps: Some(vec![20, 100]), ..Effect::default() };
    /// assert_eq!(e.describe(Dimension::Strategy).as_deref(), Some("canary 20 → 100"));
    /// assert_eq!(e.describe(Dimension::Risk), None);
    /// ```
    pub fn describe(&self, dimension: Dimension) -> Option<String> {
        match dimension {
            Dimension::Type => self.r#type.map(|v| v.to_string()),
            Dimension::Risk => self.risk.map(|v| v.to_string()),
            Dimension::Strategy => self
                .strategy
                .map(|s| strategy_text(s, self.steps.as_deref().unwrap_or_default())),
            Dimension::Approval => self.approval.as_ref().map(ToString::to_string),
            Dimension::Rollback => self.rollback.map(|v| v.to_string()),
            Dimension::Pace => self.pace.map(|v| v.to_string()),
            Dimension::Gates => self.gates.map(|v| v.to_string()),
        }
    }
}

/// `canary 20 → 50 → 100`, or just `rolling` without steps.
fn strategy_text(strategy: Strategy, steps: &[u8]) -> String {
    if steps.is_empty() {
        strategy.to_string()
    } else {
        format!("{strategy} {}", steps_text(steps))
    }
}

/// The value of every dimension that no rule decides.
///
/// Default: type `feature`, risk `medium`, strategy `rolling` (no steps), approval
/// optional by nobody, rollback `automated`, pace `standard`, gates `enforced`.
///
/// ```
/// use relcore::risk::{Fallback, Risk};
/// let f: Fallback = serde_json::from_str(r#"{"risk": "high"}"#)?;
/// assert_eq!(f.risk, Risk::High);
/// assert_eq!(f.r#type, Fallback::default().r#type);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(
    feature = "schema",
    derive(schemars::JsonSchema),
    schemars(rename = "RiskFallback")
)]
#[serde(default, deny_unknown_fields)]
pub struct Fallback {
    /// The change type.
    #[serde(rename = "type")]
    pub r#type: ChangeType,
    /// The risk.
    pub risk: Risk,
    /// The strategy.
    #[cfg_attr(
        feature = "schema",
        schemars(with = "crate::classification::schema::StrategyInput")
    )]
    pub strategy: Strategy,
    /// The strategy's traffic steps; empty for none.
    pub steps: Vec<u8>,
    /// Who approves.
    pub approval: Approval,
    /// How a failed release is undone.
    pub rollback: RollbackMode,
    /// How fast the release moves.
    pub pace: Pace,
    /// Whether gates hold the release.
    pub gates: Gates,
}

impl Default for Fallback {
    fn default() -> Self {
        Fallback {
            r#type: ChangeType::Feature,
            risk: Risk::Medium,
            strategy: Strategy::Rolling,
            steps: Vec::new(),
            approval: Approval::optional::<String>([]),
            rollback: RollbackMode::Automated,
            pace: Pace::Standard,
            gates: Gates::Enforced,
        }
    }
}

impl Fallback {
    /// The fallback as an effect that sets every dimension.
    ///
    /// ```
    /// use relcore::risk::{Dimension, Fallback};
    /// assert_eq!(Fallback::default().to_effect().dimensions(), Dimension::ALL);
    /// ```
    pub fn to_effect(&self) -> Effect {
        Effect {
            r#type: Some(self.r#type),
            risk: Some(self.risk),
            strategy: Some(self.strategy),
            steps: Some(self.steps.clone()),
            approval: Some(self.approval.clone()),
            rollback: Some(self.rollback),
            pace: Some(self.pace),
            gates: Some(self.gates),
        }
    }
}

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| (*s).to_owned()).collect()
}

#[cfg(test)]
mod tests {
    use super::{Condition, Policy, Rule};

    #[test]
    fn the_default_policy_round_trips_through_json() {
        let policy = Policy::default();
        let json = serde_json::to_string(&policy).unwrap();
        assert_eq!(serde_json::from_str::<Policy>(&json).unwrap(), policy);
    }

    #[test]
    fn unknown_fields_are_rejected_everywhere() {
        for json in [
            r#"{"rulez": []}"#,
            r#"{"overrides": [{"name": "x", "when": "always", "then": {"riks": "high"}}]}"#,
            r#"{"overrides": [{"name": "x", "when": "always", "if": 1}]}"#,
            r#"{"fallback": {"strategy": "big-bang"}}"#,
            r#"{"overrides": [{"name": "x", "when": "sometimes"}]}"#,
        ] {
            assert!(serde_json::from_str::<Policy>(json).is_err(), "{json}");
        }
    }

    #[test]
    fn overrides_replace_rules_of_the_same_name() {
        let policy = Policy {
            overrides: vec![Rule::new(
                "hotfix",
                Condition::Always,
                super::Effect::default(),
            )],
            disabled: vec!["features".to_owned()],
            ..Policy::default()
        };
        let rules: Vec<&Rule> = policy.effective_rules().collect();
        assert_eq!(rules.len(), 7);
        assert_eq!(rules[0].when, Condition::Always);
        assert_eq!(rules.iter().filter(|r| r.name == "hotfix").count(), 1);
        assert!(rules.iter().all(|r| r.name != "features"));
    }

    #[test]
    fn conditions_read_from_toml_like_shapes() {
        let c: Condition = serde_json::from_str(
            r#"{"any": [{"services_at_least": 3}, {"branch": ["release/*"]}]}"#,
        )
        .unwrap();
        assert_eq!(
            c.to_string(),
            "at least 3 services deploy or the branch matches release/*"
        );
    }
}
