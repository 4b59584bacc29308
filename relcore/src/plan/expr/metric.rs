//! The metric registry: what each metric measures, in which unit, and which values it can
//! take.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// What a metric measures, which fixes the units its thresholds may use.
///
/// | kind | units in gates | values in a timeline |
/// |---|---|---|
/// | `percent` | `%` | percent: `0.05` is 0.05 % |
/// | `time` | `ms`, `s` | milliseconds |
/// | `count` | none | a count |
///
/// ```
/// use relcore::plan::{MetricKind, Registry};
/// assert_eq!(Registry::builtin().get("latency-p99").unwrap().kind, MetricKind::Time);
/// assert_eq!(MetricKind::Percent.to_string(), "percent");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MetricKind {
    /// A percentage between 0 and 100: error rate, availability, CPU.
    Percent,
    /// A duration, measured in milliseconds: latency.
    Time,
    /// A number of events: restarts, failed health checks.
    Count,
}

impl MetricKind {
    /// `percent`, `time` or `count`.
    ///
    /// ```
    /// use relcore::plan::MetricKind;
    /// assert_eq!(MetricKind::Time.as_str(), "time");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            MetricKind::Percent => "percent",
            MetricKind::Time => "time",
            MetricKind::Count => "count",
        }
    }

    /// The units a threshold on such a metric may use, for messages: `%`, `ms or s`.
    pub(crate) fn units(self) -> &'static str {
        match self {
            MetricKind::Percent => "`%`",
            MetricKind::Time => "`ms` or `s`",
            MetricKind::Count => "no unit (a count)",
        }
    }

    /// The unit values of this kind are written in, for messages.
    pub(crate) fn canonical_suffix(self) -> &'static str {
        match self {
            MetricKind::Percent => "%",
            MetricKind::Time => "ms",
            MetricKind::Count => "",
        }
    }
}

impl fmt::Display for MetricKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for MetricKind {
    type Err = String;

    /// The unit a custom metric is declared with: `%` or `percent`; `ms`, `s` or `time`;
    /// `count`.
    ///
    /// ```
    /// use relcore::plan::MetricKind;
    /// assert_eq!("ms".parse(), Ok(MetricKind::Time));
    /// assert!("kg".parse::<MetricKind>().is_err());
    /// ```
    fn from_str(s: &str) -> Result<MetricKind, String> {
        match s {
            "%" | "percent" => Ok(MetricKind::Percent),
            "ms" | "s" | "time" => Ok(MetricKind::Time),
            "count" => Ok(MetricKind::Count),
            _ => Err(format!(
                "unknown metric unit `{}`: expected `%`, `ms`, `s` or `count`",
                crate::plan::expr::error::quote(s)
            )),
        }
    }
}

/// A metric a gate or trigger can test: its name, kind and domain.
///
/// ```
/// use relcore::plan::{MetricKind, Registry};
/// let registry = Registry::builtin();
/// let m = registry.get("availability").unwrap();
/// assert_eq!((m.kind, m.min, m.max), (MetricKind::Percent, 0.0, Some(100.0)));
/// ```
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Metric {
    /// The name used in gates and triggers: `error-rate`.
    pub name: String,
    /// What it measures, which fixes the allowed units.
    pub kind: MetricKind,
    /// The smallest value it can take.
    #[serde(default)]
    pub min: f64,
    /// The largest value it can take; `None` for no bound.
    #[serde(default)]
    pub max: Option<f64>,
}

impl Metric {
    /// A metric of `kind` with the default domain of its kind: 0 to 100 for percentages,
    /// 0 and up for times and counts.
    ///
    /// ```
    /// use relcore::plan::{Metric, MetricKind};
    /// let m = Metric::new("queue-depth", MetricKind::Count);
    /// assert_eq!((m.min, m.max), (0.0, None));
    /// ```
    pub fn new(name: impl Into<String>, kind: MetricKind) -> Metric {
        Metric {
            name: name.into(),
            kind,
            min: 0.0,
            max: match kind {
                MetricKind::Percent => Some(100.0),
                MetricKind::Time | MetricKind::Count => None,
            },
        }
    }

    /// Whether `value` (in the metric's unit) lies in the metric's domain.
    ///
    /// ```
    /// use relcore::plan::Registry;
    /// let r = Registry::builtin();
    /// assert!(r.get("error-rate").unwrap().contains(0.5));
    /// assert!(!r.get("error-rate").unwrap().contains(150.0));
    /// ```
    pub fn contains(&self, value: f64) -> bool {
        value >= self.min && self.max.is_none_or(|max| value <= max)
    }

    /// Whether only whole numbers can occur (counts).
    pub(crate) fn is_integer(&self) -> bool {
        self.kind == MetricKind::Count
    }

    /// The domain in words: `between 0% and 100%`, `0ms or more`.
    pub(crate) fn describe_domain(&self) -> String {
        let suffix = self.kind.canonical_suffix();
        match self.max {
            Some(max) => format!("between {}{suffix} and {max}{suffix}", self.min),
            None => format!("{}{suffix} or more", self.min),
        }
    }
}

/// The metrics every plan knows, with their kind. Percentages range over 0–100; times and
/// counts over 0 and up.
const BUILTIN: &[(&str, MetricKind)] = &[
    ("error-rate", MetricKind::Percent),
    ("success-rate", MetricKind::Percent),
    ("availability", MetricKind::Percent),
    ("latency-p50", MetricKind::Time),
    ("latency-p90", MetricKind::Time),
    ("latency-p95", MetricKind::Time),
    ("latency-p99", MetricKind::Time),
    ("failed-health-checks", MetricKind::Count),
    ("restarts", MetricKind::Count),
    ("cpu", MetricKind::Percent),
    ("memory", MetricKind::Percent),
    ("disk", MetricKind::Percent),
];

/// The metrics a plan may test: the built-in ones plus the plan's own declarations.
///
/// | metric | kind | domain |
/// |---|---|---|
/// | `error-rate`, `success-rate`, `availability` | percent | 0–100 % |
/// | `latency-p50`, `latency-p90`, `latency-p95`, `latency-p99` | time | 0 ms and up |
/// | `failed-health-checks`, `restarts` | count | 0 and up |
/// | `cpu`, `memory`, `disk` | percent | 0–100 % |
///
/// ```
/// use relcore::plan::{Metric, MetricKind, Registry};
/// let r = Registry::builtin().with(&[Metric::new("queue-depth", MetricKind::Count)]);
/// assert_eq!(r.get("latency-p99").unwrap().kind, MetricKind::Time);
/// assert_eq!(r.get("queue-depth").unwrap().kind, MetricKind::Count);
/// assert!(r.get("latency-p42").is_none());
/// ```
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Registry {
    metrics: Vec<Metric>,
}

impl Registry {
    /// The built-in metrics.
    ///
    /// ```
    /// use relcore::plan::Registry;
    /// assert_eq!(Registry::builtin().metrics().len(), 12);
    /// ```
    pub fn builtin() -> Registry {
        Registry {
            metrics: BUILTIN
                .iter()
                .map(|&(name, kind)| Metric::new(name, kind))
                .collect(),
        }
    }

    /// This registry plus `custom` metrics. A custom metric with a built-in name is
    /// ignored: built-in metrics cannot be redefined.
    ///
    /// ```
    /// use relcore::plan::{Metric, MetricKind, Registry};
    /// let r = Registry::builtin().with(&[Metric::new("error-rate", MetricKind::Count)]);
    /// assert_eq!(r.get("error-rate").unwrap().kind, MetricKind::Percent);
    /// ```
    #[must_use]
    pub fn with(mut self, custom: &[Metric]) -> Registry {
        for m in custom {
            if self.get(&m.name).is_none() {
                self.metrics.push(m.clone());
            }
        }
        self
    }

    /// The metric called `name`.
    ///
    /// ```
    /// use relcore::plan::Registry;
    /// assert!(Registry::builtin().get("restarts").is_some());
    /// ```
    pub fn get(&self, name: &str) -> Option<&Metric> {
        self.metrics.iter().find(|m| m.name == name)
    }

    /// Every metric, built-in ones first.
    ///
    /// ```
    /// use relcore::plan::Registry;
    /// assert_eq!(Registry::builtin().metrics()[0].name, "error-rate");
    /// ```
    pub fn metrics(&self) -> &[Metric] {
        &self.metrics
    }

    /// Whether `name` is a built-in metric.
    ///
    /// ```
    /// use relcore::plan::Registry;
    /// assert!(Registry::is_builtin("cpu"));
    /// assert!(!Registry::is_builtin("queue-depth"));
    /// ```
    pub fn is_builtin(name: &str) -> bool {
        BUILTIN.iter().any(|(n, _)| *n == name)
    }
}

impl Default for Registry {
    fn default() -> Registry {
        Registry::builtin()
    }
}
