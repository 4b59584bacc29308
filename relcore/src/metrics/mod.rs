//! Release metrics as values: releases per period (stable and pre-release apart), lead
//! time for changes, the share of hotfixes and of reverts, releases followed by a fixing
//! patch release, pre-release cycles, and, when deployment records are given, deployment
//! duration, rollbacks, change failure rate and time to restore.
//!
//! The git adapter gathers the facts in one walk ([`MetricsInput`]: every release tag with
//! its time, every commit with its time, whether it is a fix or a revert, and the first
//! release that contains it); [`metrics`] does the arithmetic, and [`chart`] and [`svg`]
//! draw releases per period with the median lead time.
//!
//! # The arithmetic
//!
//! - Durations are whole seconds. A median of an even count is the mean of the two middle
//!   values, rounded down; the 90th percentile is the nearest rank (the value at rank
//!   ⌈0.9·n⌉ of the sorted values). No values: `null`.
//! - Periods are UTC calendar months (`2026-03`) or ISO 8601 weeks (`2026-W09`, weeks
//!   start on Monday and belong to the year of their Thursday). The periods run without
//!   gaps from the first to the last release counted (from `since`'s period when given),
//!   empty ones included.
//! - `since` (a date, UTC midnight) keeps releases, commits and deployments at or after
//!   it; releases before it still say which lines existed (for hotfixes) and which
//!   releases a later patch fixes.
//! - A commit dated after the release that contains it (a rebase, a skewed clock) has a
//!   lead time of 0.
//!
//! ```
//! use relcore::metrics::{metrics, MetricsInput, MetricsOptions};
//! let input: MetricsInput = serde_json::from_value(serde_json::json!({
//!     "releases": [
//!         {"tag": "v1.0.0", "version": "1.0.0", "time": 1_767_225_600},
//!         {"tag": "v1.0.1", "version": "1.0.1", "time": 1_767_484_800}
//!     ],
//!     "commits": [
//!         {"time": 1_767_139_200, "release": "v1.0.0"},
//!         {"time": 1_767_398_400, "fix": true, "release": "v1.0.1"}
//!     ]
//! }))?;
//! let m = metrics(&input, &MetricsOptions::default())?;
//! assert_eq!(m.releases.stable, 2);
//! assert_eq!(m.lead_time.median, Some(86_400));
//! assert_eq!(m.fixed_releases.share.count, 1);
//! assert_eq!(m.periods[0].period, "2026-01");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod chart;

use std::collections::{BTreeMap, HashMap};
use std::fmt;

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::version::Version;

pub use chart::{ChartFormat, chart, svg};

/// Seconds in a day.
const DAY: i64 = 86_400;

/// The default of [`MetricsOptions::within_days`]: a patch release within two weeks of a
/// release fixes it.
pub const DEFAULT_WITHIN_DAYS: u32 = 14;

/// A release tag as metrics need it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ReleaseFact {
    /// The tag, such as `v1.4.2`; commits name their release by it.
    pub tag: String,
    /// The version it names.
    pub version: Version,
    /// When it was released, in seconds since the Unix epoch (the tagged commit's time).
    #[serde(deserialize_with = "seconds::whole")]
    pub time: i64,
    /// Classified a hotfix (by a pipeline record or a classification), whatever its
    /// version says.
    #[serde(default)]
    pub hotfix: bool,
}

/// A commit as metrics need it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct CommitFact {
    /// The commit id, when known (for the reader; the arithmetic does not need it).
    #[serde(default)]
    pub id: Option<String>,
    /// The commit time, in seconds since the Unix epoch.
    #[serde(deserialize_with = "seconds::whole")]
    pub time: i64,
    /// A fix (`fix:` commit).
    #[serde(default)]
    pub fix: bool,
    /// A revert (`revert:` or git's `Revert "…"`).
    #[serde(default)]
    pub revert: bool,
    /// The tag of the first release that contains it; `None` while unreleased.
    #[serde(default)]
    pub release: Option<String>,
}

/// How a deployment ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum DeploymentOutcome {
    /// It reached production and stayed.
    Succeeded,
    /// It failed before or in production (a change failure), without a rollback.
    Failed,
    /// It was rolled back (a change failure, restored by the rollback).
    RolledBack,
    /// Still running: counted, but neither a success nor a failure yet.
    InProgress,
}

impl Deployment {
    /// The deployment a release record tells of: from its first transition to its last
    /// once the pipeline has an outcome (`prod` completed: succeeded; rolled back), still
    /// in progress otherwise.
    ///
    /// ```
    /// use relcore::metrics::{Deployment, DeploymentOutcome};
    /// use relcore::plan::{apply_event, start_record, RecordEvent};
    /// use relcore::version::Version;
    /// let at = |t: &str| t.parse::<chrono::DateTime<chrono::Utc>>().unwrap();
    /// let mut record = start_record(Version::new(2, 0, 0), at("2026-03-03T10:00:00Z"), None, None);
    /// let d = Deployment::from_record(&record)?;
    /// assert_eq!((d.outcome, d.finished), (DeploymentOutcome::InProgress, None));
    /// record = apply_event(&record, RecordEvent::BuildFailed, at("2026-03-03T10:20:00Z"), None, None)?;
    /// let d = Deployment::from_record(&record)?;
    /// assert_eq!(d.outcome, DeploymentOutcome::RolledBack);
    /// assert_eq!(d.finished.map(|f| f - d.started), Some(1200));
    /// # Ok::<(), relcore::plan::RecordError>(())
    /// ```
    ///
    /// # Errors
    ///
    /// `invalid_release_record` for a record whose transitions do not hang together.
    pub fn from_record(
        record: &crate::plan::ReleaseRecord,
    ) -> Result<Deployment, crate::plan::RecordError> {
        let outcome = record.outcome()?;
        let time = |t: Option<&crate::plan::Transition>| t.map(|t| t.at.timestamp());
        Ok(Deployment {
            version: record.version.clone(),
            started: time(record.transitions.first()).unwrap_or_default(),
            finished: outcome.and_then(|_| time(record.transitions.last())),
            outcome: match outcome {
                Some(crate::plan::PipelineOutcome::Released) => DeploymentOutcome::Succeeded,
                Some(crate::plan::PipelineOutcome::RolledBack) => DeploymentOutcome::RolledBack,
                None => DeploymentOutcome::InProgress,
            },
            restored: None,
        })
    }
}

impl DeploymentOutcome {
    /// A failed or rolled-back deployment: a change failure.
    fn failed(self) -> bool {
        matches!(
            self,
            DeploymentOutcome::Failed | DeploymentOutcome::RolledBack
        )
    }
}

/// A deployment, as a pipeline record tells it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Deployment {
    /// The version deployed.
    pub version: Version,
    /// When it started, in seconds since the Unix epoch.
    #[serde(deserialize_with = "seconds::whole")]
    pub started: i64,
    /// When it ended (in production, failed or rolled back); `None` while running.
    #[serde(default, deserialize_with = "seconds::optional")]
    pub finished: Option<i64>,
    /// How it ended.
    pub outcome: DeploymentOutcome,
    /// For a failure: when service was restored; when absent, the end of the next
    /// successful deployment restores it (a rolled-back deployment without a later one:
    /// its own end).
    #[serde(default, deserialize_with = "seconds::optional")]
    pub restored: Option<i64>,
}

/// Times in seconds as any JSON number with no fraction: JavaScript hands integers past
/// 2^31 over as floating-point numbers.
mod seconds {
    use serde::de::{Deserializer, Error, Visitor};

    struct Whole;

    impl Visitor<'_> for Whole {
        type Value = i64;

        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("a whole number of seconds")
        }

        fn visit_i64<E: Error>(self, v: i64) -> Result<i64, E> {
            Ok(v)
        }

        fn visit_u64<E: Error>(self, v: u64) -> Result<i64, E> {
            i64::try_from(v).map_err(|_| E::custom(format!("{v} seconds is out of range")))
        }

        #[allow(clippy::cast_possible_truncation, clippy::cast_precision_loss)]
        fn visit_f64<E: Error>(self, v: f64) -> Result<i64, E> {
            // i64::MIN and 2^63 are exact as f64; the range check is on them.
            if v.fract() == 0.0 && v >= i64::MIN as f64 && v < -(i64::MIN as f64) {
                Ok(v as i64)
            } else {
                Err(E::custom(format!("{v} is not a whole number of seconds")))
            }
        }
    }

    pub(super) fn whole<'de, D: Deserializer<'de>>(d: D) -> Result<i64, D::Error> {
        d.deserialize_any(Whole)
    }

    pub(super) fn optional<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
        struct Maybe;
        impl<'de> Visitor<'de> for Maybe {
            type Value = Option<i64>;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a whole number of seconds or null")
            }
            fn visit_none<E: Error>(self) -> Result<Option<i64>, E> {
                Ok(None)
            }
            fn visit_unit<E: Error>(self) -> Result<Option<i64>, E> {
                Ok(None)
            }
            fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Option<i64>, D::Error> {
                whole(d).map(Some)
            }
        }
        d.deserialize_option(Maybe)
    }
}

/// The facts metrics are computed from.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct MetricsInput {
    /// Every release, in any order.
    #[serde(default)]
    pub releases: Vec<ReleaseFact>,
    /// Every commit, in any order (merges left out by the adapter).
    #[serde(default)]
    pub commits: Vec<CommitFact>,
    /// Deployment records, when there are any; `None` leaves the deployment metrics out.
    #[serde(default)]
    pub deployments: Option<Vec<Deployment>>,
}

/// A calendar period.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Period {
    /// UTC calendar months: `2026-03`.
    #[default]
    Month,
    /// ISO 8601 weeks: `2026-W09`.
    Week,
}

impl Period {
    /// `month` or `week`.
    ///
    /// ```
    /// assert_eq!(relcore::metrics::Period::Week.as_str(), "week");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            Period::Month => "month",
            Period::Week => "week",
        }
    }

    /// The period's first day containing `date`, and its name.
    fn of(self, date: NaiveDate) -> (NaiveDate, String) {
        match self {
            Period::Month => (
                date.with_day(1).unwrap_or(date),
                format!("{:04}-{:02}", date.year(), date.month()),
            ),
            Period::Week => {
                let week = date.iso_week();
                let back = u64::from(date.weekday().num_days_from_monday());
                let monday = date
                    .checked_sub_days(chrono::Days::new(back))
                    .unwrap_or(date);
                (monday, format!("{:04}-W{:02}", week.year(), week.week()))
            }
        }
    }

    /// The first day of the period after the one starting on `start`.
    fn next(self, start: NaiveDate) -> Option<NaiveDate> {
        match self {
            Period::Month => start.checked_add_months(chrono::Months::new(1)),
            Period::Week => start.checked_add_days(chrono::Days::new(7)),
        }
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How metrics are counted.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(default, deny_unknown_fields)]
pub struct MetricsOptions {
    /// Count from this day (UTC) on; everything when `None`.
    pub since: Option<NaiveDate>,
    /// Months or ISO weeks.
    pub by: Period,
    /// A later patch release on a release's line with a fix or a revert, at most this
    /// many days after it, fixes it.
    pub within_days: u32,
}

impl Default for MetricsOptions {
    fn default() -> MetricsOptions {
        MetricsOptions {
            since: None,
            by: Period::Month,
            within_days: DEFAULT_WITHIN_DAYS,
        }
    }
}

/// The median and 90th percentile of some durations, in seconds.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Durations {
    /// How many durations there were.
    pub count: usize,
    /// Their median (of an even count: the two middle values' mean, rounded down).
    pub median: Option<i64>,
    /// Their 90th percentile (nearest rank).
    pub p90: Option<i64>,
}

impl Durations {
    /// The statistics of `values` (in any order).
    ///
    /// ```
    /// use relcore::metrics::Durations;
    /// let d = Durations::of(vec![5, 1, 4, 2]);
    /// assert_eq!((d.count, d.median, d.p90), (4, Some(3), Some(5)));
    /// assert_eq!(Durations::of(vec![]).median, None);
    /// ```
    pub fn of(mut values: Vec<i64>) -> Durations {
        values.sort_unstable();
        Durations {
            count: values.len(),
            median: median(&values),
            p90: percentile(&values, 90),
        }
    }
}

/// The median of sorted values.
fn median(sorted: &[i64]) -> Option<i64> {
    let n = sorted.len();
    if n == 0 {
        return None;
    }
    let upper = *sorted.get(n / 2)?;
    if n % 2 == 1 {
        return Some(upper);
    }
    let lower = *sorted.get(n / 2 - 1)?;
    // The mean rounded toward zero (down: durations are not negative), without overflow.
    Some(lower.midpoint(upper))
}

/// The nearest-rank `p`th percentile of sorted values.
fn percentile(sorted: &[i64], p: usize) -> Option<i64> {
    let n = sorted.len();
    if n == 0 {
        return None;
    }
    let rank = (n.saturating_mul(p)).div_ceil(100).max(1);
    sorted.get(rank - 1).copied()
}

/// A count out of a total, and the share it is.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Share {
    /// How many.
    pub count: usize,
    /// Out of how many.
    pub total: usize,
    /// `count / total`, rounded to four decimals; `None` when the total is 0.
    pub share: Option<f64>,
}

impl Share {
    /// `count` out of `total`.
    ///
    /// ```
    /// use relcore::metrics::Share;
    /// assert_eq!(Share::of(1, 3).share, Some(0.3333));
    /// assert_eq!(Share::of(0, 0).share, None);
    /// ```
    pub fn of(count: usize, total: usize) -> Share {
        #[allow(clippy::cast_precision_loss)]
        let share =
            (total > 0).then(|| ((count as f64 / total as f64) * 10_000.0).round() / 10_000.0);
        Share {
            count,
            total,
            share,
        }
    }
}

/// Releases counted.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ReleaseCounts {
    /// Every release.
    pub total: usize,
    /// Releases (not pre-releases).
    pub stable: usize,
    /// Pre-releases.
    pub prereleases: usize,
}

/// One period of [`Metrics::periods`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PeriodMetrics {
    /// Its name: `2026-03` or `2026-W09`.
    pub period: String,
    /// Its first day.
    pub start: NaiveDate,
    /// Releases in it (not pre-releases).
    pub stable: usize,
    /// Pre-releases in it.
    pub prereleases: usize,
    /// Hotfix releases in it.
    pub hotfixes: usize,
    /// Lead time of the commits first released in it.
    pub lead_time: Durations,
}

/// A release that a later patch release fixed or reverted.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct FixedRelease {
    /// The release's tag.
    pub release: String,
    /// The patch release that fixed it.
    pub fixed_by: String,
    /// Seconds from the one to the other.
    pub seconds: i64,
}

/// Releases followed by a fixing patch release.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct FixedReleases {
    /// The window, in days.
    pub within_days: u32,
    /// How many stable releases were fixed, out of how many.
    #[serde(flatten)]
    pub share: Share,
    /// The times from release to fix.
    pub time_to_fix: Durations,
    /// Each fixed release, oldest first.
    pub releases: Vec<FixedRelease>,
}

/// A stable release and its pre-releases.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PrereleaseCycle {
    /// The stable release's tag.
    pub release: String,
    /// Its first pre-release's tag.
    pub first_prerelease: String,
    /// How many pre-releases it had.
    pub prereleases: usize,
    /// Seconds from the first pre-release to the release.
    pub seconds: i64,
}

/// Pre-release cycles: first pre-release of a version to its release.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PrereleaseCycles {
    /// Their lengths.
    #[serde(flatten)]
    pub durations: Durations,
    /// Each stable release that had pre-releases, oldest first.
    pub releases: Vec<PrereleaseCycle>,
}

/// What deployment records say.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct DeploymentMetrics {
    /// Deployments counted.
    pub count: usize,
    /// Start to end of the deployments that ended.
    pub duration: Durations,
    /// Rolled-back deployments.
    pub rollbacks: usize,
    /// Failed or rolled-back deployments out of those that ended.
    pub change_failure_rate: Share,
    /// Failure (its end) to restored service, for the failures that were restored.
    pub time_to_restore: Durations,
    /// Failures not restored yet.
    pub unrestored: usize,
}

/// Release metrics: what [`metrics`] returns and `relcore metrics --json` prints.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Metrics {
    /// Counted from this day.
    pub since: Option<NaiveDate>,
    /// The periods' kind.
    pub by: Period,
    /// Releases counted.
    pub releases: ReleaseCounts,
    /// Each period, oldest first, without gaps.
    pub periods: Vec<PeriodMetrics>,
    /// Commit to the first release that contains it, for the commits released.
    pub lead_time: Durations,
    /// Hotfix releases (patch releases of a line below the highest released before, or
    /// classified hotfix) out of the stable releases.
    pub hotfixes: Share,
    /// Reverts out of the commits.
    pub reverts: Share,
    /// Stable releases that a later patch release on their line with a fix or a revert
    /// followed within the window.
    pub fixed_releases: FixedReleases,
    /// First pre-release to release.
    pub prerelease_cycle: PrereleaseCycles,
    /// From deployment records, when given.
    pub deployments: Option<DeploymentMetrics>,
}

/// Why metrics cannot be computed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum MetricsErrorKind {
    /// Two releases with one tag.
    DuplicateRelease,
    /// A commit names a release that is not among the releases.
    UnknownRelease,
    /// A deployment that ends or is restored before it starts.
    InvalidDeployment,
    /// A time no calendar date holds.
    TimeOutOfRange,
    /// A chart format that is not `mermaid` or `svg`.
    UnknownFormat,
}

impl MetricsErrorKind {
    /// Every kind, for tests and docs.
    pub const ALL: [MetricsErrorKind; 5] = [
        MetricsErrorKind::DuplicateRelease,
        MetricsErrorKind::UnknownRelease,
        MetricsErrorKind::InvalidDeployment,
        MetricsErrorKind::TimeOutOfRange,
        MetricsErrorKind::UnknownFormat,
    ];

    /// The stable slug.
    ///
    /// ```
    /// use relcore::metrics::MetricsErrorKind;
    /// assert_eq!(MetricsErrorKind::UnknownRelease.as_str(), "unknown_release");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            MetricsErrorKind::DuplicateRelease => "duplicate_release",
            MetricsErrorKind::UnknownRelease => "unknown_release",
            MetricsErrorKind::InvalidDeployment => "invalid_deployment",
            MetricsErrorKind::TimeOutOfRange => "time_out_of_range",
            MetricsErrorKind::UnknownFormat => "unknown_format",
        }
    }
}

/// Metrics that cannot be computed: the kind and what is wrong, naming the value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MetricsError {
    kind: MetricsErrorKind,
    message: String,
}

impl MetricsError {
    fn new(kind: MetricsErrorKind, message: String) -> MetricsError {
        MetricsError { kind, message }
    }

    /// What went wrong.
    pub fn kind(&self) -> MetricsErrorKind {
        self.kind
    }
}

impl fmt::Display for MetricsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for MetricsError {}

/// The UTC day of a time.
fn day_of(time: i64, what: impl FnOnce() -> String) -> Result<NaiveDate, MetricsError> {
    DateTime::<Utc>::from_timestamp(time, 0)
        .map(|t| t.date_naive())
        .ok_or_else(|| {
            MetricsError::new(
                MetricsErrorKind::TimeOutOfRange,
                format!(
                    "{} has the time {time}, which no calendar date holds",
                    what()
                ),
            )
        })
}

/// `b - a`, or 0 when `b` is before `a`.
fn since(a: i64, b: i64) -> i64 {
    b.saturating_sub(a).max(0)
}

/// Computes release metrics from the facts.
///
/// # Errors
///
/// `duplicate_release` for two releases with one tag, `unknown_release` for a commit that
/// names a release not given, `invalid_deployment` for a deployment that ends or is
/// restored before it starts, `time_out_of_range` for a time beyond the calendar.
#[allow(clippy::too_many_lines)]
pub fn metrics(input: &MetricsInput, options: &MetricsOptions) -> Result<Metrics, MetricsError> {
    let start = options.since.map_or(i64::MIN, |d| {
        d.and_time(chrono::NaiveTime::MIN).and_utc().timestamp()
    });

    // Releases by tag, and oldest first (ties by version).
    let mut by_tag: HashMap<&str, usize> = HashMap::with_capacity(input.releases.len());
    for (i, release) in input.releases.iter().enumerate() {
        if by_tag.insert(release.tag.as_str(), i).is_some() {
            return Err(MetricsError::new(
                MetricsErrorKind::DuplicateRelease,
                format!("release `{}` is given twice (releases[{i}])", release.tag),
            ));
        }
    }
    let mut order: Vec<&ReleaseFact> = input.releases.iter().collect();
    order.sort_by(|a, b| a.time.cmp(&b.time).then_with(|| a.version.cmp(&b.version)));

    // Each release's commits: lead times, and whether it carries a fix or a revert.
    let mut lead: Vec<Vec<i64>> = vec![Vec::new(); input.releases.len()];
    let mut fixing = vec![false; input.releases.len()];
    let (mut commits, mut reverts) = (0, 0);
    for (i, commit) in input.commits.iter().enumerate() {
        if let Some(tag) = &commit.release {
            let Some(&r) = by_tag.get(tag.as_str()) else {
                return Err(MetricsError::new(
                    MetricsErrorKind::UnknownRelease,
                    format!(
                        "commits[{i}] names the release `{tag}`, which is not among the releases"
                    ),
                ));
            };
            if let (Some(times), Some(release)) = (lead.get_mut(r), input.releases.get(r)) {
                times.push(since(commit.time, release.time));
            }
            if (commit.fix || commit.revert)
                && let Some(f) = fixing.get_mut(r)
            {
                *f = true;
            }
        }
        if commit.time >= start {
            commits += 1;
            reverts += usize::from(commit.revert);
        }
    }

    // Hotfixes: a patch release of a line below the highest line released (as a stable
    // release: a pre-release of the next line, even one never merged, is no release of
    // it yet) before it.
    let mut highest: Option<(u64, u64)> = None;
    let mut hotfix: HashMap<&str, bool> = HashMap::with_capacity(order.len());
    for release in &order {
        let v = &release.version;
        let line = (v.major, v.minor);
        let stable = !v.is_prerelease();
        let off_line = stable && v.patch > 0 && highest.is_some_and(|h| line < h);
        hotfix.insert(release.tag.as_str(), release.hotfix || off_line);
        if stable {
            highest = highest.max(Some(line));
        }
    }

    let counted: Vec<&ReleaseFact> = order.iter().copied().filter(|r| r.time >= start).collect();
    let mut counts = ReleaseCounts::default();
    let mut all_lead = Vec::new();
    let mut buckets: BTreeMap<NaiveDate, PeriodMetrics> = BTreeMap::new();
    let mut period_lead: BTreeMap<NaiveDate, Vec<i64>> = BTreeMap::new();
    let mut hotfixes = 0;
    for release in &counted {
        let day = day_of(release.time, || format!("release `{}`", release.tag))?;
        let (first, name) = options.by.of(day);
        let bucket = buckets
            .entry(first)
            .or_insert_with(|| empty_period(first, name));
        let is_hotfix = hotfix.get(release.tag.as_str()).copied().unwrap_or(false);
        counts.total += 1;
        if release.version.is_prerelease() {
            counts.prereleases += 1;
            bucket.prereleases += 1;
        } else {
            counts.stable += 1;
            bucket.stable += 1;
            if is_hotfix {
                hotfixes += 1;
                bucket.hotfixes += 1;
            }
        }
        if let Some(times) = by_tag.get(release.tag.as_str()).and_then(|&i| lead.get(i)) {
            all_lead.extend_from_slice(times);
            period_lead
                .entry(first)
                .or_default()
                .extend_from_slice(times);
        }
    }
    for (first, times) in period_lead {
        if let Some(bucket) = buckets.get_mut(&first) {
            bucket.lead_time = Durations::of(times);
        }
    }
    let periods = fill(options, buckets);

    let fixed_releases = fixed(&order, &counted, &by_tag, &fixing, options.within_days);
    let prerelease_cycle = cycles(&order, &counted);
    let deployments = input
        .deployments
        .as_deref()
        .map(|d| deployment_metrics(d, start))
        .transpose()?;

    Ok(Metrics {
        since: options.since,
        by: options.by,
        releases: counts.clone(),
        periods,
        lead_time: Durations::of(all_lead),
        hotfixes: Share::of(hotfixes, counts.stable),
        reverts: Share::of(reverts, commits),
        fixed_releases,
        prerelease_cycle,
        deployments,
    })
}

fn empty_period(start: NaiveDate, period: String) -> PeriodMetrics {
    PeriodMetrics {
        period,
        start,
        stable: 0,
        prereleases: 0,
        hotfixes: 0,
        lead_time: Durations::default(),
    }
}

/// The periods from the first (or `since`'s) to the last, empty ones filled in.
fn fill(
    options: &MetricsOptions,
    mut buckets: BTreeMap<NaiveDate, PeriodMetrics>,
) -> Vec<PeriodMetrics> {
    let (Some(&first), Some(&last)) = (buckets.keys().next(), buckets.keys().next_back()) else {
        return Vec::new();
    };
    let first = options
        .since
        .map_or(first, |d| options.by.of(d).0.min(first));
    let mut periods = Vec::new();
    let mut at = Some(first);
    while let Some(day) = at.filter(|d| *d <= last) {
        let period = buckets.remove(&day).unwrap_or_else(|| {
            let (start, name) = options.by.of(day);
            empty_period(start, name)
        });
        periods.push(period);
        at = options.by.next(day);
    }
    periods
}

/// Stable releases counted that a later patch release on their line with a fix or a
/// revert followed within `within_days`.
fn fixed(
    order: &[&ReleaseFact],
    counted: &[&ReleaseFact],
    by_tag: &HashMap<&str, usize>,
    fixing: &[bool],
    within_days: u32,
) -> FixedReleases {
    let window = i64::from(within_days).saturating_mul(DAY);
    let carries_fix = |r: &ReleaseFact| {
        by_tag
            .get(r.tag.as_str())
            .and_then(|&i| fixing.get(i))
            .copied()
            .unwrap_or(false)
    };
    // The stable releases of each line, oldest first.
    let mut lines: HashMap<(u64, u64), Vec<&ReleaseFact>> = HashMap::new();
    for release in order.iter().filter(|r| !r.version.is_prerelease()) {
        let v = &release.version;
        lines.entry((v.major, v.minor)).or_default().push(release);
    }
    let mut releases = Vec::new();
    let mut stable = 0;
    for release in counted.iter().filter(|r| !r.version.is_prerelease()) {
        stable += 1;
        let v = &release.version;
        let line = lines
            .get(&(v.major, v.minor))
            .map_or(&[][..], Vec::as_slice);
        let fix = line
            .iter()
            .find(|p| p.version.patch > v.patch && p.time >= release.time && carries_fix(p));
        if let Some(fix) = fix {
            let seconds = since(release.time, fix.time);
            if seconds <= window {
                releases.push(FixedRelease {
                    release: release.tag.clone(),
                    fixed_by: fix.tag.clone(),
                    seconds,
                });
            }
        }
    }
    FixedReleases {
        within_days,
        share: Share::of(releases.len(), stable),
        time_to_fix: Durations::of(releases.iter().map(|r| r.seconds).collect()),
        releases,
    }
}

/// Each stable release counted that had pre-releases: its first pre-release to it.
fn cycles(order: &[&ReleaseFact], counted: &[&ReleaseFact]) -> PrereleaseCycles {
    // The pre-releases of each version, oldest first.
    let mut pre: HashMap<(u64, u64, u64), Vec<&ReleaseFact>> = HashMap::new();
    for release in order.iter().filter(|r| r.version.is_prerelease()) {
        let v = &release.version;
        pre.entry((v.major, v.minor, v.patch))
            .or_default()
            .push(release);
    }
    let mut releases = Vec::new();
    for release in counted.iter().filter(|r| !r.version.is_prerelease()) {
        let v = &release.version;
        let Some(pre) = pre.get(&(v.major, v.minor, v.patch)) else {
            continue;
        };
        if let Some(first) = pre.first() {
            releases.push(PrereleaseCycle {
                release: release.tag.clone(),
                first_prerelease: first.tag.clone(),
                prereleases: pre.len(),
                seconds: since(first.time, release.time),
            });
        }
    }
    PrereleaseCycles {
        durations: Durations::of(releases.iter().map(|r| r.seconds).collect()),
        releases,
    }
}

/// Deployment duration, rollbacks, change failure rate and time to restore of the
/// deployments started at or after `start`.
fn deployment_metrics(
    deployments: &[Deployment],
    start: i64,
) -> Result<DeploymentMetrics, MetricsError> {
    for (i, d) in deployments.iter().enumerate() {
        let bad = |what: &str, at: i64| {
            Err(MetricsError::new(
                MetricsErrorKind::InvalidDeployment,
                format!(
                    "deployments[{i}] ({}) {what} ({at}) before it started ({})",
                    d.version, d.started
                ),
            ))
        };
        if let Some(f) = d.finished.filter(|f| *f < d.started) {
            return bad("finished", f);
        }
        if let Some(r) = d.restored.filter(|r| *r < d.started) {
            return bad("was restored", r);
        }
    }
    let mut order: Vec<&Deployment> = deployments.iter().filter(|d| d.started >= start).collect();
    order.sort_by_key(|d| d.started);
    let mut durations = Vec::new();
    let (mut ended, mut failures, mut rollbacks, mut unrestored) = (0, 0, 0, 0);
    let mut restore = Vec::new();
    for (k, d) in order.iter().enumerate() {
        let Some(finished) = d.finished else { continue };
        if d.outcome == DeploymentOutcome::InProgress {
            continue;
        }
        ended += 1;
        durations.push(finished - d.started);
        if !d.outcome.failed() {
            continue;
        }
        failures += 1;
        rollbacks += usize::from(d.outcome == DeploymentOutcome::RolledBack);
        let next_success = || {
            order
                .iter()
                .skip(k + 1)
                .find(|n| n.outcome == DeploymentOutcome::Succeeded)
                .and_then(|n| n.finished)
        };
        let restored = d
            .restored
            .or_else(next_success)
            .or((d.outcome == DeploymentOutcome::RolledBack).then_some(finished));
        match restored {
            Some(r) => restore.push(since(finished, r)),
            None => unrestored += 1,
        }
    }
    Ok(DeploymentMetrics {
        count: order.len(),
        duration: Durations::of(durations),
        rollbacks,
        change_failure_rate: Share::of(failures, ended),
        time_to_restore: Durations::of(restore),
        unrestored,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn medians_and_percentiles() {
        assert_eq!(median(&[]), None);
        assert_eq!(median(&[7]), Some(7));
        assert_eq!(median(&[1, 2]), Some(1));
        assert_eq!(median(&[1, 4]), Some(2));
        assert_eq!(median(&[i64::MAX - 1, i64::MAX]), Some(i64::MAX - 1));
        let ten: Vec<i64> = (1..=10).collect();
        assert_eq!(percentile(&ten, 90), Some(9));
        assert_eq!(percentile(&[3], 90), Some(3));
        let eleven: Vec<i64> = (1..=11).collect();
        assert_eq!(percentile(&eleven, 90), Some(10));
    }

    #[test]
    fn iso_weeks_belong_to_their_thursdays_year() {
        let day = NaiveDate::from_ymd_opt(2027, 1, 1).unwrap();
        let (monday, name) = Period::Week.of(day);
        assert_eq!(name, "2026-W53");
        assert_eq!(monday, NaiveDate::from_ymd_opt(2026, 12, 28).unwrap());
    }

    #[test]
    fn times_beyond_the_calendar_are_errors() {
        let input = MetricsInput {
            releases: vec![ReleaseFact {
                tag: "v1.0.0".into(),
                version: Version::new(1, 0, 0),
                time: i64::MAX,
                hotfix: false,
            }],
            ..MetricsInput::default()
        };
        let err = metrics(&input, &MetricsOptions::default()).unwrap_err();
        assert_eq!(err.kind(), MetricsErrorKind::TimeOutOfRange);
    }
}
