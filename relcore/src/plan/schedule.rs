//! When a rollout may start ([`next_window`]) and in which order its services deploy and
//! roll back ([`Plan::service_plan`]).

use crate::plan::PlanCode;
use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

use crate::diagnostic::{Diagnostic, Severity};
use crate::plan::document::model::Plan;
use crate::plan::document::services::ServiceOrderError;
use crate::plan::expr::calendar::{Calendar, MAX_DAYS_AHEAD};
use crate::plan::expr::duration::Duration;
use crate::plan::expr::window::{in_window, timezone};
use crate::plan::validate::report::{Context, ValidationErrors};
use crate::plan::validate::rules::validate_plan;

/// The window rules a candidate start is checked against.
const WINDOW_CODES: &[&str] = &[
    "invalid_start",
    "outside_window",
    "friday_deploy",
    "holiday_deploy",
    "end_of_month_deploy",
    "freeze_conflict",
];

/// How many skipped starts [`NextWindow::skipped`] lists at most.
const MAX_SKIPPED: usize = 20;

/// When a rollout may start: the answer of [`next_window`] (`relcore plan next-window`,
/// Python `next_window`, Node `nextWindow`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct NextWindow {
    /// The window's timezone, in which every time here is local.
    pub timezone: String,
    /// The moment asked about.
    pub at: NaiveDateTime,
    /// The first start at or after `at` that the window rules allow for the whole
    /// rollout; `None` when there is none within a year.
    pub start: Option<NaiveDateTime>,
    /// The earlier starts the allowed ranges offer, each with the rules that rule it out
    /// (the first 20).
    pub skipped: Vec<SkippedStart>,
    /// How many starts were skipped in all.
    pub skipped_total: usize,
    /// For a hotfix, which may start at once: the window rules its override sets aside.
    pub overridden: Vec<Diagnostic>,
}

/// A start the allowed ranges offer, and why the rollout may not start then.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct SkippedStart {
    /// The start, local time.
    pub start: NaiveDateTime,
    /// The window rules it breaks (`friday_deploy`, `freeze_conflict`, …), each with its
    /// message.
    pub reasons: Vec<Diagnostic>,
}

/// When the rollout of `plan` may start, at `at` (local time in the window's timezone) or
/// later: the first start offered by the allowed ranges (`at` itself when it lies in
/// one) at which the plan breaks no window rule: the rollout starts and advances inside
/// the windows, and is never in progress on a Friday, a holiday of `ctx`, a freeze date or
/// at the end of the month when the window avoids it. Earlier starts are listed with the
/// rules that rule them out. A hotfix keeps its override: it may start at `at`, and the
/// rules it sets aside are listed.
///
/// The core never reads the clock: `at` is a parameter (the CLI passes the current time).
///
/// # Errors
///
/// `no_window` when the plan has no window, `missing_timezone` or `unknown_timezone`
/// when its timezone is missing or unknown.
///
/// ```
/// use relcore::plan::{next_window, parse_start, Context, Plan};
/// let plan = Plan::from_yaml(concat!(
///     "deployment: { strategy: canary, stages: [{ name: all, percentage: 100, duration: 1h }] }\n",
///     "window: { timezone: Europe/Berlin, allow: [\"tue-thu 10:00-12:00\"], freeze: [\"2026-11-25\"] }\n",
/// ))?;
/// let next = next_window(&plan, &Context::default(), parse_start("2026-11-24T12:30")?)?;
/// assert_eq!(next.start, Some(parse_start("2026-11-26T10:00")?));
/// assert_eq!(next.skipped[0].reasons[0].code, "freeze_conflict");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn next_window(
    plan: &Plan,
    ctx: &Context,
    at: NaiveDateTime,
) -> Result<NextWindow, ValidationErrors> {
    let Some(window) = &plan.window else {
        return Err(error(
            PlanCode::NoWindow,
            "the plan has no deployment window".to_owned(),
            "add `window:` with a timezone and allowed ranges, or `window: recommended`",
        ));
    };
    let Some(name) = window.timezone.clone() else {
        return Err(error(
            PlanCode::MissingTimezone,
            "the deployment window has no timezone".to_owned(),
            "add `timezone:` with an IANA name such as `Europe/Berlin`",
        ));
    };
    if timezone(&name).is_none() {
        return Err(error(
            PlanCode::UnknownTimezone,
            format!("unknown timezone `{name}`"),
            "use an IANA timezone name such as `Europe/Berlin`, `America/New_York` or `UTC`",
        ));
    }
    let mut candidate = plan.clone();
    let mut answer = NextWindow {
        timezone: name,
        at,
        start: None,
        skipped: Vec::new(),
        skipped_total: 0,
        overridden: Vec::new(),
    };
    let hotfix = plan
        .change
        .as_ref()
        .and_then(|c| c.kind)
        .or(ctx.change_type)
        == Some(crate::classification::ChangeType::Hotfix);
    if hotfix {
        answer.start = Some(at);
        answer.overridden = broken(&mut candidate, ctx, at, Severity::Warning);
        return Ok(answer);
    }
    for start in starts(plan, at) {
        let reasons = broken(&mut candidate, ctx, start, Severity::Error);
        if reasons.is_empty() {
            answer.start = Some(start);
            break;
        }
        answer.skipped_total += 1;
        if answer.skipped.len() < MAX_SKIPPED {
            answer.skipped.push(SkippedStart { start, reasons });
        }
    }
    Ok(answer)
}

/// The starts the allowed ranges offer from `at` on, within a year: `at` itself when it
/// lies in a range, then every opening.
fn starts(plan: &Plan, at: NaiveDateTime) -> impl Iterator<Item = NaiveDateTime> + '_ {
    let allow = plan.window.as_ref().map_or(&[][..], |w| w.allow.as_slice());
    let calendar = Calendar {
        allow,
        freeze: &[],
        holidays: &[],
        end_of_month_days: 0,
    };
    let first = in_window(allow, at).then_some(at);
    first.into_iter().chain(
        at.date()
            .iter_days()
            .take(MAX_DAYS_AHEAD)
            .flat_map(move |d| calendar.openings_on(d))
            .filter(move |&o| o > at),
    )
}

/// The window rules of `severity` the plan breaks when it starts at `start`.
fn broken(
    plan: &mut Plan,
    ctx: &Context,
    start: NaiveDateTime,
    severity: Severity,
) -> Vec<Diagnostic> {
    if let Some(w) = plan.window.as_mut() {
        w.start = Some(start);
    }
    validate_plan(plan, ctx)
        .diagnostics
        .into_iter()
        .filter(|d| d.severity == severity && WINDOW_CODES.contains(&d.code.as_str()))
        .map(|mut d| {
            // The positions are those of the plan's own start, not of this one.
            d.offset = None;
            d.line = None;
            d.column = None;
            d
        })
        .collect()
}

fn error(code: PlanCode, message: String, hint: &str) -> ValidationErrors {
    ValidationErrors::new(vec![Diagnostic {
        code: code.as_str().to_owned(),
        severity: Severity::Error,
        path: Some("window".to_owned()),
        offset: None,
        line: None,
        column: None,
        value: None,
        message,
        hint: Some(hint.to_owned()),
    }])
}

/// Reads a holidays file (`window.holidays-file`): one ISO date (`2026-12-25`) a line;
/// blank lines and `#` comments (whole lines, or after a date) are skipped. The CLI reads
/// the file and passes the text; the dates go into [`Context::holidays`].
///
/// # Errors
///
/// An `invalid_holiday` diagnostic at the first line that is not a date, with its line
/// and column.
///
/// ```
/// use relcore::plan::parse_holidays;
/// let dates = parse_holidays("# Germany\n2026-12-25\n2026-12-26  # Boxing Day\n\n")?;
/// assert_eq!(dates.len(), 2);
/// let err = parse_holidays("2026-12-25\n26.12.2026\n").unwrap_err();
/// assert_eq!((err.code.as_str(), err.line, err.column), ("invalid_holiday", Some(2), Some(1)));
/// # Ok::<(), Box<relcore::diagnostic::Diagnostic>>(())
/// ```
pub fn parse_holidays(text: &str) -> Result<Vec<chrono::NaiveDate>, Box<Diagnostic>> {
    let mut out = Vec::new();
    let mut offset = 0usize;
    for (i, line) in text.split('\n').enumerate() {
        let content = line.split('#').next().unwrap_or_default();
        let word = content.trim();
        if !word.is_empty() {
            match chrono::NaiveDate::parse_from_str(word, "%Y-%m-%d") {
                Ok(date) if word.len() == 10 => out.push(date),
                _ => {
                    let lead = content.len() - content.trim_start().len();
                    let column = content.get(..lead).map_or(1, |p| p.chars().count() + 1);
                    return Err(Box::new(Diagnostic {
                        code: PlanCode::InvalidHoliday.as_str().to_owned(),
                        severity: Severity::Error,
                        path: None,
                        offset: Some(offset + lead),
                        line: Some(i + 1),
                        column: Some(column),
                        value: Some(word.to_owned()),
                        message: format!("`{word}` is not a date"),
                        hint: Some(
                            "write one date a line as YYYY-MM-DD, as in `2026-12-25`".to_owned(),
                        ),
                    }));
                }
            }
        }
        offset += line.len() + 1;
    }
    Ok(out)
}

/// The local time in the IANA timezone `name` of the moment `utc`: what "now" is for a
/// plan's window. The core never reads the clock; the CLI passes the current time.
///
/// ```
/// use chrono::{TimeZone, Utc};
/// let now = Utc.with_ymd_and_hms(2026, 11, 24, 9, 0, 0).unwrap();
/// assert_eq!(relcore::plan::local_time("Europe/Berlin", now).unwrap().to_string(), "2026-11-24 10:00:00");
/// assert!(relcore::plan::local_time("Mars/Olympus", now).is_none());
/// ```
pub fn local_time(name: &str, utc: chrono::DateTime<chrono::Utc>) -> Option<NaiveDateTime> {
    Some(utc.with_timezone(&timezone(name)?).naive_local())
}

/// The order in which a plan's services deploy and roll back: [`Plan::service_plan`]
/// (`relcore plan order`, Python `plan_order`, Node `planOrder`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ServicePlan {
    /// The services in deploy order, each with its wait and health check.
    pub deploy: Vec<ServiceStep>,
    /// The services in rollback order: the reverse of `deploy`.
    pub rollback: Vec<String>,
}

/// One service of a [`ServicePlan`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ServiceStep {
    /// The service.
    pub name: String,
    /// How long to wait after deploying it before its health check, in seconds.
    pub delay_seconds: u64,
    /// Its health check, e.g. `/health`.
    pub health_check: Option<String>,
}

impl Plan {
    /// The deploy order of the services, with the wait and health check after each, and
    /// the rollback order: `api → wait 5m → health check → worker`.
    ///
    /// # Errors
    ///
    /// A [`ServiceOrderError`] for an unknown dependency or a cycle.
    ///
    /// ```
    /// use relcore::plan::Plan;
    /// let plan = Plan::from_yaml(concat!(
    ///     "deployment: { strategy: rolling, stages: [{ name: all, percentage: 100 }] }\n",
    ///     "services: [{ name: worker, depends-on: [api], health-check: /ready }, { name: api, health-check: /health, delay: 5m }]\n",
    /// ))?;
    /// let order = plan.service_plan()?;
    /// assert_eq!(order.deploy[0].name, "api");
    /// assert_eq!(order.deploy[0].delay_seconds, 300);
    /// assert_eq!(order.rollback, ["worker", "api"]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn service_plan(&self) -> Result<ServicePlan, ServiceOrderError> {
        let order = self.deploy_order()?;
        let deploy: Vec<ServiceStep> = order
            .iter()
            .filter_map(|name| self.services.iter().find(|s| s.name == *name))
            .map(|s| ServiceStep {
                name: s.name.clone(),
                delay_seconds: s.delay.map_or(0, Duration::as_secs),
                health_check: s.health_check.clone(),
            })
            .collect();
        let rollback = deploy.iter().rev().map(|s| s.name.clone()).collect();
        Ok(ServicePlan { deploy, rollback })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::parse_start;

    const PLAN: &str = "\
change: { type: feature, risk: medium }
deployment:
  strategy: canary
  stages:
    - { name: canary, percentage: 5, duration: 1h, auto-advance: true, metrics: [\"error-rate < 0.5%\"] }
    - { name: full, percentage: 100 }
rollback: { triggers: { error-rate: \">= 0.5%\" } }
window: { timezone: Europe/Berlin, allow: [\"tue-thu 10:00-12:00\"], freeze: [\"2026-12-01\"], avoid: [end-of-month] }
";

    #[test]
    fn skips_the_end_of_the_month_fridays_holidays_and_freezes() {
        let plan = Plan::from_yaml(PLAN).unwrap();
        let ctx = Context {
            holidays: vec![chrono::NaiveDate::from_ymd_opt(2026, 12, 2).unwrap()],
            ..Context::default()
        };
        let next = next_window(&plan, &ctx, parse_start("2026-11-25T11:30").unwrap()).unwrap();
        // 25 Nov 11:30 hands over at 12:30, outside; 26 Nov is the end of the month;
        // 1 Dec frozen, 2 Dec a holiday: 3 Dec 10:00.
        assert_eq!(next.start, parse_start("2026-12-03T10:00").ok());
        let codes: Vec<Vec<&str>> = next
            .skipped
            .iter()
            .map(|s| s.reasons.iter().map(|d| d.code.as_str()).collect())
            .collect();
        assert_eq!(
            codes,
            [
                vec!["outside_window"],
                vec!["end_of_month_deploy"],
                vec!["freeze_conflict"],
                vec!["holiday_deploy"]
            ]
        );
        assert_eq!(next.skipped_total, 4);
    }

    #[test]
    fn a_hotfix_keeps_its_override() {
        let plan = Plan::from_yaml(&PLAN.replace("type: feature", "type: hotfix")).unwrap();
        let at = parse_start("2026-11-27T18:00").unwrap();
        let next = next_window(&plan, &Context::default(), at).unwrap();
        assert_eq!(next.start, Some(at));
        let codes: Vec<&str> = next.overridden.iter().map(|d| d.code.as_str()).collect();
        assert_eq!(
            codes,
            [
                "outside_window",
                "outside_window",
                "friday_deploy",
                "end_of_month_deploy"
            ]
        );
    }

    #[test]
    fn without_a_window_there_is_no_answer() {
        let plan = Plan::from_yaml(&PLAN.replace("window:", "# window:")).unwrap();
        let err = next_window(
            &plan,
            &Context::default(),
            parse_start("2026-11-24T10:00").unwrap(),
        )
        .unwrap_err();
        assert_eq!(err.diagnostics()[0].code, "no_window");
    }
}
