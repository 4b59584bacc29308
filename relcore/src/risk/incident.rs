//! An incident during a rollout: the policy's response ([`crate::risk::respond`]) with,
//! when the plan is known, the order to roll its services back in.

use serde::{Deserialize, Serialize};

use crate::plan::{Plan, ServiceOrderError};
use crate::risk::{Policy, Response, Severity, respond};

/// What to do about an incident, and how fast, with the plan's rollback order: the answer
/// of [`incident_response`] (`relcore respond --json`, Python and Node `respond`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct IncidentResponse {
    /// The policy's response.
    #[serde(flatten)]
    pub response: Response,
    /// The services in the order to roll them back (dependents first), when a plan was
    /// given; `null` otherwise.
    #[serde(default)]
    pub rollback_order: Option<Vec<String>>,
}

/// The response to an incident of `severity` from the policy's playbooks and, with a
/// plan, the order to roll its services back in (the reverse of their deploy order).
///
/// # Errors
///
/// The plan's services name an unknown dependency or depend on each other in a cycle
/// ([`ServiceOrderError`]).
///
/// ```
/// use relcore::plan::Plan;
/// use relcore::risk::{incident_response, Policy, Severity};
/// let plan = Plan::from_yaml(
///     "deployment: { strategy: rolling, stages: [{ name: all, percentage: 100 }] }\n\
///      services: [{ name: db }, { name: api, depends-on: db }]\n",
/// )?;
/// let answer = incident_response(Severity::Critical, &Policy::default(), Some(&plan))?;
/// assert_eq!(answer.response.reason, "critical severity: roll back immediately");
/// assert_eq!(answer.rollback_order.as_deref(), Some(&["api".to_owned(), "db".to_owned()][..]));
/// assert_eq!(incident_response(Severity::Low, &Policy::default(), None)?.rollback_order, None);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn incident_response(
    severity: Severity,
    policy: &Policy,
    plan: Option<&Plan>,
) -> Result<IncidentResponse, ServiceOrderError> {
    let rollback_order = plan
        .map(|plan| {
            plan.rollback_order()
                .map(|order| order.into_iter().map(str::to_owned).collect())
        })
        .transpose()?;
    Ok(IncidentResponse {
        response: respond(severity, policy),
        rollback_order,
    })
}
