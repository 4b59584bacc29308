//! Incident response as policy data: what to do about a failed release, by severity.

use serde::{Deserialize, Serialize};

use super::policy::Policy;
use crate::classification::value_enum;

value_enum! {
    /// How bad an incident is, from `low` to `critical`; ordered, so
    /// `Severity::Critical > Severity::High`.
    ///
    /// ```
    /// use relcore::risk::Severity;
    /// assert_eq!("critical".parse::<Severity>()?, Severity::Critical);
    /// assert!(Severity::Critical > Severity::Low);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[cfg_attr(feature = "schema", schemars(rename = "IncidentSeverity"))]
    pub enum Severity as "severity" {
        /// A nuisance; nobody is blocked.
        Low = "low",
        /// A feature is degraded for some users.
        Medium = "medium",
        /// A core feature is broken, or many users are affected.
        High = "high",
        /// An outage, data loss or a security breach.
        Critical = "critical",
    }
}

value_enum! {
    /// What to do about an incident.
    ///
    /// ```
    /// use relcore::risk::Action;
    /// assert_eq!(Action::NextRelease.as_str(), "next_release");
    /// ```
    #[non_exhaustive]
    #[cfg_attr(feature = "schema", schemars(rename = "IncidentAction"))]
    pub enum Action as "action" {
        /// Return to the previous version.
        Rollback = "rollback",
        /// Ship a fix on the fast track.
        Hotfix = "hotfix",
        /// Fix it in the next regular release.
        NextRelease = "next_release",
    }
}

impl Action {
    /// The action as an instruction: `roll back`, `ship a hotfix`, `fix it in the next
    /// release`.
    ///
    /// ```
    /// use relcore::risk::Action;
    /// assert_eq!(Action::Rollback.instruction(), "roll back");
    /// ```
    pub fn instruction(self) -> &'static str {
        match self {
            Action::Rollback => "roll back",
            Action::Hotfix => "ship a hotfix",
            Action::NextRelease => "fix it in the next release",
        }
    }
}

/// The response to incidents of one severity.
///
/// ```
/// use relcore::risk::{Action, Playbook};
/// let p: Playbook = serde_json::from_str(r#"{"action": "hotfix", "deadline_minutes": 30, "otherwise": "rollback"}"#)?;
/// assert_eq!(p.otherwise, Some(Action::Rollback));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Playbook {
    /// What to do.
    pub action: Action,
    /// Within how many minutes; `0` for immediately, `None` for no deadline.
    #[serde(default)]
    pub deadline_minutes: Option<u32>,
    /// What to do instead when the action cannot be done by the deadline.
    #[serde(default)]
    pub otherwise: Option<Action>,
}

impl Playbook {
    /// A playbook from its parts.
    ///
    /// ```
    /// use relcore::risk::{Action, Playbook};
    /// assert_eq!(Playbook::new(Action::Rollback, Some(15), None).deadline_minutes, Some(15));
    /// ```
    pub fn new(
        action: Action,
        deadline_minutes: Option<u32>,
        otherwise: Option<Action>,
    ) -> Playbook {
        Playbook {
            action,
            deadline_minutes,
            otherwise,
        }
    }
}

/// The incident playbooks, one per severity. Each field has a default; serde fills
/// missing fields.
///
/// | severity | action | deadline | otherwise |
/// |---|---|---|---|
/// | critical | rollback | 0 (immediately) | |
/// | high | rollback | 15 minutes | |
/// | medium | hotfix | 60 minutes | rollback |
/// | low | next_release | none | |
///
/// ```
/// use relcore::risk::{Action, Incidents};
/// let i: Incidents = serde_json::from_str(r#"{"high": {"action": "rollback", "deadline_minutes": 5}}"#)?;
/// assert_eq!(i.high.deadline_minutes, Some(5));
/// assert_eq!(i.medium.action, Action::Hotfix);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(default, deny_unknown_fields)]
pub struct Incidents {
    /// Critical incidents. Default: roll back immediately.
    pub critical: Playbook,
    /// High-severity incidents. Default: roll back within 15 minutes.
    pub high: Playbook,
    /// Medium-severity incidents. Default: a hotfix within 60 minutes, otherwise roll back.
    pub medium: Playbook,
    /// Low-severity incidents. Default: fix in the next release.
    pub low: Playbook,
}

impl Default for Incidents {
    fn default() -> Self {
        Incidents {
            critical: Playbook::new(Action::Rollback, Some(0), None),
            high: Playbook::new(Action::Rollback, Some(15), None),
            medium: Playbook::new(Action::Hotfix, Some(60), Some(Action::Rollback)),
            low: Playbook::new(Action::NextRelease, None, None),
        }
    }
}

impl Incidents {
    /// The playbook for `severity`.
    ///
    /// ```
    /// use relcore::risk::{Action, Incidents, Severity};
    /// assert_eq!(Incidents::default().get(Severity::Low).action, Action::NextRelease);
    /// ```
    pub fn get(&self, severity: Severity) -> &Playbook {
        match severity {
            Severity::Critical => &self.critical,
            Severity::High => &self.high,
            Severity::Medium => &self.medium,
            Severity::Low => &self.low,
        }
    }
}

/// What to do about an incident, and why.
///
/// ```
/// use relcore::risk::{respond, Action, Policy, Severity};
/// let r = respond(Severity::High, &Policy::default());
/// assert_eq!(serde_json::to_value(&r)?, serde_json::json!({
///     "severity": "high", "action": "rollback", "deadline_minutes": 15, "otherwise": null,
///     "reason": "high severity: roll back within 15 minutes"
/// }));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Response {
    /// The severity responded to.
    pub severity: Severity,
    /// What to do.
    pub action: Action,
    /// Within how many minutes; `0` for immediately, `None` for no deadline.
    pub deadline_minutes: Option<u32>,
    /// What to do instead when the action cannot be done by the deadline.
    pub otherwise: Option<Action>,
    /// The response in words.
    pub reason: String,
}

/// The response to an incident of `severity`, from the policy's `incidents` playbooks.
///
/// Defaults: critical → roll back immediately; high → roll back within 15 minutes;
/// medium → a hotfix within 60 minutes, otherwise roll back; low → fix in the next
/// release.
///
/// ```
/// use relcore::risk::{respond, Action, Policy, Severity};
/// let policy = Policy::default();
/// let critical = respond(Severity::Critical, &policy);
/// assert_eq!((critical.action, critical.deadline_minutes), (Action::Rollback, Some(0)));
/// assert_eq!(critical.reason, "critical severity: roll back immediately");
/// let medium = respond(Severity::Medium, &policy);
/// assert_eq!(medium.reason, "medium severity: ship a hotfix within 60 minutes, otherwise roll back");
/// assert_eq!(respond(Severity::Low, &policy).deadline_minutes, None);
/// ```
pub fn respond(severity: Severity, policy: &Policy) -> Response {
    let playbook = policy.incidents.get(severity);
    let deadline = match playbook.deadline_minutes {
        Some(0) => " immediately".to_owned(),
        Some(1) => " within 1 minute".to_owned(),
        Some(n) => format!(" within {n} minutes"),
        None => String::new(),
    };
    let otherwise = playbook
        .otherwise
        .map(|a| format!(", otherwise {}", a.instruction()))
        .unwrap_or_default();
    let reason = format!(
        "{severity} severity: {}{deadline}{otherwise}",
        playbook.action.instruction()
    );
    Response {
        severity,
        action: playbook.action,
        deadline_minutes: playbook.deadline_minutes,
        otherwise: playbook.otherwise,
        reason,
    }
}
