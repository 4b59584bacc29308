//! The class of a release as values: the change type, risk, strategy, approval, rollback,
//! pace and gates, and the [`Classification`] made of them.
//!
//! Both `risk` (which answers a classification) and `plan` (whose `change`, `strategy`
//! and suggested plans are made of these values) depend on this module, and it depends on
//! neither, so the two domains do not import each other. The public paths are
//! `relcore::risk::*` (and `relcore::plan::{ChangeType, Risk, Strategy}`); this module is
//! private.

use serde::{Deserialize, Serialize};

mod error;
#[cfg(feature = "schema")]
pub(crate) mod schema;
mod values;

pub(crate) use error::quote;
pub use error::{ErrorKind, ParseError};
pub use values::{
    Approval, ApprovalLevel, ChangeType, Dimension, Gates, Pace, Risk, RollbackMode, Strategy,
};
pub(crate) use values::{steps_text, value_enum};

/// The class of a release: what it is, how risky, how to roll it out, and why.
///
/// Serialised (the same JSON in every language):
///
/// ```json
/// {"type": "migration", "risk": "high", "strategy": "blue-green", "steps": [],
///  "approval": {"level": "required", "by": ["release-manager", "dba"]},
///  "rollback": "manual", "pace": "standard", "gates": "enforced", "services": 1,
///  "reasons": [{"rule": "schema_migration", "message": "…", "decided": ["type", "risk",
///  "strategy", "approval", "rollback"], "commits": [], "paths": ["db/migrations/004.sql"]}, …]}
/// ```
///
/// ```
/// use relcore::risk::{classify, ChangeType, Facts, Policy, RollbackMode};
/// let facts = Facts::from_messages(["feat: add column"]).with_paths(["db/migrations/004_add_col.sql"]);
/// let class = classify(&facts, &Policy::default());
/// assert_eq!(class.r#type, ChangeType::Migration);
/// assert_eq!(class.rollback, RollbackMode::Manual);
/// assert_eq!(class.reasons[0].paths, ["db/migrations/004_add_col.sql"]);
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Classification {
    /// What kind of release it is.
    #[serde(rename = "type")]
    pub r#type: ChangeType,
    /// How risky it is.
    pub risk: Risk,
    /// How it reaches production.
    pub strategy: Strategy,
    /// The strategy's traffic steps in percent, such as `[20, 50, 100]`; empty when the
    /// deciding rule gives none.
    pub steps: Vec<u8>,
    /// Who approves it, and whether it waits for them.
    pub approval: Approval,
    /// How it is undone if it fails.
    pub rollback: RollbackMode,
    /// How fast it moves through its stages.
    pub pace: Pace,
    /// Whether gates hold it.
    pub gates: Gates,
    /// How many services it deploys (from the facts), for rollout plans.
    pub services: u32,
    /// Each rule that fired, in policy order, then `fallback` if it decided anything.
    pub reasons: Vec<Reason>,
}

impl Classification {
    /// The reason a rule gave, if it fired.
    ///
    /// ```
    /// use relcore::risk::{classify, Facts, Policy};
    /// let class = classify(&Facts::from_messages(["feat!: drop v1"]), &Policy::default());
    /// assert_eq!(class.reason("breaking_change").unwrap().commits, ["feat!: drop v1"]);
    /// assert!(class.reason("hotfix").is_none());
    /// ```
    pub fn reason(&self, rule: &str) -> Option<&Reason> {
        self.reasons.iter().find(|r| r.rule == rule)
    }

    /// The rule that decided `dimension` (`fallback` when none did).
    ///
    /// ```
    /// use relcore::risk::{classify, Dimension, Facts, Policy};
    /// let class = classify(&Facts::from_messages(["fix: x"]), &Policy::default());
    /// assert_eq!(class.decided_by(Dimension::Risk), Some("only_fixes"));
    /// assert_eq!(class.decided_by(Dimension::Type), Some("fallback"));
    /// ```
    pub fn decided_by(&self, dimension: Dimension) -> Option<&str> {
        self.reasons
            .iter()
            .find(|r| r.decided.contains(&dimension))
            .map(|r| r.rule.as_str())
    }
}

/// One rule that fired, what it decided, and the commits or paths that made it fire.
///
/// The same style as [`bump::Reason`](crate::bump::Reason), with the paths and the
/// decided dimensions added.
///
/// ```
/// use relcore::commit::Commit;
/// use relcore::risk::{classify, Dimension, Facts, Policy};
/// let facts = Facts::new(vec![Commit::parse("feat: a").with_id("1a2b3c4d5e")]);
/// let reason = &classify(&facts, &Policy::default()).reasons[0];
/// assert_eq!(reason.rule, "features");
/// assert_eq!(reason.commits, ["1a2b3c4"]);
/// assert_eq!(reason.decided, [Dimension::Type, Dimension::Risk, Dimension::Strategy, Dimension::Approval]);
/// assert_eq!(reason.message, "1 commit adds features: type feature, risk medium, strategy rolling, approval optional by release-manager");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(
    feature = "schema",
    derive(schemars::JsonSchema),
    schemars(rename = "RiskReason")
)]
pub struct Reason {
    /// The rule's name, such as `breaking_change`, or `fallback`; `invalid_glob` for a
    /// policy glob that does not compile (it matches nothing; the message says where).
    pub rule: String,
    /// What the rule found and decided, in words.
    pub message: String,
    /// The dimensions it decided; empty when earlier rules had decided them all.
    #[serde(default)]
    pub decided: Vec<Dimension>,
    /// The commits that made it fire: short ids where known, else headers.
    #[serde(default)]
    pub commits: Vec<String>,
    /// The changed paths that made it fire.
    #[serde(default)]
    pub paths: Vec<String>,
}
