//! Release-risk classification with reasons, and incident response, as policy data.
//!
//! [`classify`] reads the [`Facts`] about a release (its commits, the changed paths, the
//! current and next version, the branch or a hotfix flag, the number of services) and
//! returns a [`Classification`]: the change type (`feature`, `hotfix`, `rollback`,
//! `config`, `migration`), the risk (`low`, `medium`, `high`), the rollout strategy
//! (`canary`, `blue-green`, `rolling`, `recreate`) with its traffic steps, the approval
//! (required or optional, and by whom), the rollback mode (`automated`, `manual`), the
//! pace and the gates; and a [`Reason`] for every rule that fired, naming the commits or
//! paths that made it fire.
//!
//! The [`Policy`] is serde data: ordered [`Rule`]s, each a [`Condition`] and an
//! [`Effect`]; the first rule that matches decides each dimension, and a [`Fallback`]
//! decides what no rule does. The defaults ([`Rule::defaults`]) encode common practice:
//! a rollback is immediate, a schema migration is high risk with a manual rollback, a
//! hotfix is fast-tracked with approval by manager and security, a breaking change or a
//! major release goes out as a canary, configuration-only and fix-only releases are low
//! risk, features medium.
//!
//! [`suggest_plan`] turns a classification into a rollout plan that fits it (also
//! [`plan::suggest_plan`](crate::plan::suggest_plan)).
//!
//! [`respond`] turns an incident [`Severity`] into an [`Action`] with a deadline, from the
//! same policy's [`Incidents`] playbooks.
//!
//! Nothing here fails on facts or policy: reasons are data. [`Policy::check`] reports a
//! policy's problems as diagnostics, and reading a value from text ([`ParseError`],
//! slug `unknown_value`) is the only error.
//!
//! ```
//! use relcore::risk::{classify, respond, ChangeType, Facts, Policy, Risk, RollbackMode, Severity, Strategy};
//! use relcore::version::Version;
//!
//! let policy = Policy::default();
//! let facts = Facts::from_messages(["feat(db): add the orders table", "fix: typo"])
//!     .with_paths(["db/migrations/0042_orders.sql", "src/orders.rs"])
//!     .with_versions(Version::parse("1.4.2")?, Version::parse("1.5.0")?)
//!     .with_branch("main");
//! let class = classify(&facts, &policy);
//! assert_eq!(class.r#type, ChangeType::Migration);
//! assert_eq!(class.risk, Risk::High);
//! assert_eq!(class.strategy, Strategy::BlueGreen);
//! assert_eq!(class.rollback, RollbackMode::Manual);
//! assert_eq!(class.reasons[0].rule, "schema_migration");
//! assert_eq!(class.reasons[0].paths, ["db/migrations/0042_orders.sql"]);
//!
//! let response = respond(Severity::High, &policy);
//! assert_eq!(response.deadline_minutes, Some(15));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod check;
mod classify;
mod facts;
mod glob;
mod incident;
mod policy;
mod respond;

pub use classify::classify;
pub use facts::Facts;
pub use incident::{IncidentResponse, incident_response};
pub use policy::{Condition, Effect, Fallback, Policy, Rule};
pub use respond::{Action, Incidents, Playbook, Response, Severity, respond};

/// The values a classification is made of, and its error; they live in a module that
/// `risk` and `plan` both use, so neither imports the other.
pub use crate::classification::{
    Approval, ApprovalLevel, ChangeType, Classification, Dimension, ErrorKind, Gates, Pace,
    ParseError, Reason, Risk, RollbackMode, Strategy,
};

/// A rollout plan that fits a classification. It builds a plan, so it lives in
/// [`plan`](crate::plan); this is the same function under its first path. The one use of
/// `plan` in `risk`, a re-export: no code of `risk` depends on `plan`.
pub use crate::plan::suggest_plan;
