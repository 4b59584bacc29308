//! Metric timelines: what was observed while a rollout ran, as input to
//! [`simulate`](crate::plan::simulate()).
//!
//! A timeline is a list of records, each at a time from the plan's start: an observation
//! of a metric (`{at: 30m, metric: error-rate, value: 0.05}`, the value in the metric's
//! unit: percent, milliseconds or a count, optionally with the `baseline` value of the
//! stable version) or an approval (`{at: 1h30m, approve: partial}`: a person lets the
//! stage `partial` begin). It is read from YAML, JSON, or CSV with the columns
//! `at,metric,value` (and optionally `baseline`, `approve`).

use crate::plan::PlanCode;
use std::collections::HashMap;
use std::fmt;

use serde::de::{self, Deserializer};
use serde::{Deserialize, Serialize, Serializer};
use serde_path_to_error::{Path, Segment};

use crate::diagnostic::{Diagnostic, Severity};

use crate::plan::expr::duration::Duration;

/// The text formats a timeline is read from.
///
/// ```
/// use relcore::plan::TimelineFormat;
/// assert_eq!(TimelineFormat::detect("[{\"at\": \"1m\", \"approve\": \"x\"}]"), TimelineFormat::Json);
/// assert_eq!(TimelineFormat::detect("at,metric,value\n1m,error-rate,0.1\n"), TimelineFormat::Csv);
/// assert_eq!(TimelineFormat::detect("- { at: 1m, approve: x }\n"), TimelineFormat::Yaml);
/// assert_eq!(TimelineFormat::from_extension("metrics.csv"), Some(TimelineFormat::Csv));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TimelineFormat {
    /// A YAML list of records.
    Yaml,
    /// A JSON array of records.
    Json,
    /// Comma-separated values with a header line naming the columns.
    Csv,
}

impl TimelineFormat {
    /// `yaml`, `json` or `csv`.
    ///
    /// ```
    /// use relcore::plan::TimelineFormat;
    /// assert_eq!(TimelineFormat::Csv.as_str(), "csv");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            TimelineFormat::Yaml => "yaml",
            TimelineFormat::Json => "json",
            TimelineFormat::Csv => "csv",
        }
    }

    /// The format a file name's extension names (`.yaml`, `.yml`, `.json`, `.csv`, in any
    /// case), if any.
    ///
    /// ```
    /// use relcore::plan::TimelineFormat;
    /// assert_eq!(TimelineFormat::from_extension("run.JSON"), Some(TimelineFormat::Json));
    /// assert_eq!(TimelineFormat::from_extension("run.txt"), None);
    /// ```
    pub fn from_extension(path: &str) -> Option<TimelineFormat> {
        let ext = path.rsplit_once('.')?.1.to_ascii_lowercase();
        match ext.as_str() {
            "yaml" | "yml" => Some(TimelineFormat::Yaml),
            "json" => Some(TimelineFormat::Json),
            "csv" => Some(TimelineFormat::Csv),
            _ => None,
        }
    }

    /// The format of `text` by its look: JSON when it starts with `[` or `{`; CSV when its
    /// first line is a header beginning with the `at` column; YAML otherwise.
    ///
    /// ```
    /// use relcore::plan::TimelineFormat;
    /// assert_eq!(TimelineFormat::detect("  \n[]"), TimelineFormat::Json);
    /// assert_eq!(TimelineFormat::detect("at,approve\n2h,full\n"), TimelineFormat::Csv);
    /// ```
    pub fn detect(text: &str) -> TimelineFormat {
        let text = text.trim_start_matches('\u{feff}');
        let trimmed = text.trim_start();
        if trimmed.starts_with('[') || trimmed.starts_with('{') {
            return TimelineFormat::Json;
        }
        let first = text.lines().next().unwrap_or_default().trim();
        let first = first.strip_prefix('"').unwrap_or(first);
        if first.starts_with("at,") || first.starts_with("at\",") {
            TimelineFormat::Csv
        } else {
            TimelineFormat::Yaml
        }
    }
}

/// A name that is not `yaml`, `json` or `csv` (slug `unknown_format`).
///
/// ```
/// use relcore::plan::TimelineFormat;
/// let err = "xml".parse::<TimelineFormat>().unwrap_err();
/// assert_eq!(err.to_string(), "unknown timeline format `xml`; expected yaml, json or csv");
/// assert_eq!(err.code(), "unknown_format");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("unknown timeline format `{0}`; expected yaml, json or csv")]
pub struct UnknownTimelineFormat(String);

impl UnknownTimelineFormat {
    /// The stable slug, `unknown_format`.
    pub fn code(&self) -> &'static str {
        "unknown_format"
    }
}

impl std::str::FromStr for TimelineFormat {
    type Err = UnknownTimelineFormat;

    /// `yaml`, `json` or `csv`, exactly as [`TimelineFormat::as_str`] writes them.
    fn from_str(name: &str) -> Result<TimelineFormat, UnknownTimelineFormat> {
        [
            TimelineFormat::Yaml,
            TimelineFormat::Json,
            TimelineFormat::Csv,
        ]
        .into_iter()
        .find(|f| f.as_str() == name)
        .ok_or_else(|| UnknownTimelineFormat(name.to_owned()))
    }
}

impl fmt::Display for TimelineFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What happened at one moment of a [`Timeline`].
///
/// ```
/// use relcore::plan::{EventKind, Timeline};
/// let t = Timeline::parse("- { at: 90s, metric: error-rate, value: 0.2, baseline: 0.1 }\n- { at: 2m, approve: full }\n")?;
/// assert_eq!(t.events()[0].at_seconds, 90);
/// assert!(matches!(t.events()[1].kind, EventKind::Approve { ref stage } if stage == "full"));
/// # Ok::<(), relcore::plan::TimelineError>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
pub enum EventKind {
    /// An observation of the metric numbered `metric` in [`Timeline::metrics`].
    Observe {
        /// Index of the metric's name in [`Timeline::metrics`].
        metric: u32,
        /// The value on the new version, in the metric's unit (percent, milliseconds,
        /// count); `None` when the record gives only a baseline.
        value: Option<f64>,
        /// The value on the stable version, for relative thresholds; it stays in force
        /// for later observations of the metric until another record gives one.
        baseline: Option<f64>,
    },
    /// A person approves the stage, which may then begin.
    Approve {
        /// The stage's name.
        stage: String,
    },
    /// The result of a service's health check (`{at, service, healthy}`).
    Health {
        /// The service's name.
        service: String,
        /// Whether the check passed.
        healthy: bool,
    },
}

/// One record of a [`Timeline`]: when, what, and where it was written.
#[derive(Clone, Debug, PartialEq)]
pub struct Event {
    /// Seconds from the plan's start.
    pub at_seconds: u64,
    /// The observation or approval.
    pub kind: EventKind,
    /// The record's position in the input (0-based), for messages.
    pub record: usize,
    /// The record's 1-based line in the input, when known (CSV).
    pub line: Option<usize>,
}

/// Observations and approvals in time order: the input of
/// [`simulate`](crate::plan::simulate()).
///
/// Records are sorted by time; records at the same time keep their input order, so the
/// same input always gives the same timeline. Metric names are stored once.
///
/// Serialised, a timeline is the list of records it was read from, with `at` in seconds:
/// `[{"at": 1800, "metric": "error-rate", "value": 0.05}, {"at": 5400, "approve": "partial"}]`.
///
/// # Errors
///
/// Reading fails with a located [`TimelineError`]: not valid YAML, JSON or CSV
/// (`invalid_timeline`), a record that is neither an observation nor an approval
/// (`invalid_record`), an unreadable time (`invalid_time`) or value (`invalid_value`), a
/// CSV file without an `at` column (`missing_column`).
///
/// ```
/// use relcore::plan::Timeline;
/// let json = r#"[{"at": "30m", "metric": "error-rate", "value": 0.05}, {"at": 60, "metric": "error-rate", "value": 0.07}]"#;
/// let t = Timeline::parse(json)?;
/// assert_eq!(t.events().iter().map(|e| e.at_seconds).collect::<Vec<_>>(), [60, 1800]);
/// assert_eq!(t.metrics(), ["error-rate"]);
///
/// let err = Timeline::parse("at,metric,value\n1m,error-rate,lots\n").unwrap_err();
/// assert_eq!(err.code(), "invalid_value");
/// assert_eq!((err.diagnostic().line, err.diagnostic().column), (Some(2), Some(15)));
/// # Ok::<(), relcore::plan::TimelineError>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Timeline {
    metrics: Vec<String>,
    events: Vec<Event>,
}

/// A timeline that cannot be read, or that does not fit the plan it is simulated
/// against: one located [`Diagnostic`] with a stable code.
///
/// ```
/// use relcore::plan::Timeline;
/// let err = Timeline::parse("- { at: 5, metric: error-rate }\n").unwrap_err();
/// assert_eq!(err.code(), "invalid_record");
/// assert_eq!(err.diagnostic().line, Some(1));
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TimelineError {
    diagnostic: Box<Diagnostic>,
    record: Option<usize>,
}

impl TimelineError {
    pub(crate) fn new(diagnostic: Diagnostic) -> TimelineError {
        TimelineError {
            diagnostic: Box::new(diagnostic),
            record: None,
        }
    }

    /// The same error, about the record at `index` (0-based, in input order).
    #[must_use]
    pub(crate) fn in_record(mut self, index: usize) -> TimelineError {
        self.record = Some(index);
        self
    }

    /// The record the problem is in (0-based, in input order), when it is about one
    /// record of a JSON timeline, or an approval of an unknown stage.
    ///
    /// ```
    /// use relcore::plan::Timeline;
    /// let err = Timeline::parse(r#"[{"at": 1, "approve": "a"}, {"at": 2, "metric": "e"}]"#).unwrap_err();
    /// assert_eq!(err.record(), Some(1));
    /// ```
    pub fn record(&self) -> Option<usize> {
        self.record
    }

    /// The stable code: `invalid_timeline`, `invalid_record`, `invalid_time`,
    /// `invalid_value`, `missing_column`, `timeline_limit`, `unknown_stage`.
    ///
    /// ```
    /// use relcore::plan::Timeline;
    /// assert_eq!(Timeline::parse("[{\"at\": 5").unwrap_err().code(), "invalid_timeline");
    /// assert_eq!(Timeline::parse("[1, 2]").unwrap_err().code(), "invalid_record");
    /// ```
    pub fn code(&self) -> &str {
        &self.diagnostic.code
    }

    /// The located problem.
    ///
    /// ```
    /// use relcore::plan::Timeline;
    /// let err = Timeline::parse("- { at: -1m, approve: full }").unwrap_err();
    /// assert_eq!(err.diagnostic().code, "invalid_time");
    /// assert!(err.diagnostic().hint.is_some());
    /// ```
    pub fn diagnostic(&self) -> &Diagnostic {
        &self.diagnostic
    }

    /// The located problem, owned.
    ///
    /// ```
    /// use relcore::plan::Timeline;
    /// let d = Timeline::parse("at,value\n").unwrap_err().into_diagnostic();
    /// assert_eq!(d.code, "missing_column");
    /// ```
    pub fn into_diagnostic(self) -> Diagnostic {
        *self.diagnostic
    }
}

/// `1:6: error[invalid_time]: …` for a problem at a place in the text; `item 2:
/// error[invalid_time]: …` for a problem of a record given as a value (no place).
impl fmt::Display for TimelineError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.record {
            Some(item) if self.diagnostic.line.is_none() => {
                write!(f, "item {item}: {}", self.diagnostic)
            }
            _ => write!(f, "{}", self.diagnostic),
        }
    }
}

impl std::error::Error for TimelineError {}

impl TimelineError {
    /// Record `index` of a timeline given as values has no JSON form (a number that is
    /// not finite, bytes): `invalid_value`, about the record, with `reason` saying what it
    /// holds. Adapters whose language has such values report them with this.
    ///
    /// ```
    /// use relcore::plan::TimelineError;
    /// let err = TimelineError::unrepresentable_record(1, "a number that is not finite");
    /// assert_eq!(err.code(), "invalid_value");
    /// assert_eq!(err.to_string(), "item 1: error[invalid_value]: a number that is not finite");
    /// ```
    pub fn unrepresentable_record(index: usize, reason: &str) -> TimelineError {
        record_error(index, PlanCode::InvalidValue, VALUE_HINT, reason)
    }
}

/// A problem of record `index` given as a value: no offset, line or column (there is no
/// text), its path `[index]`.
fn record_error(index: usize, code: PlanCode, hint: &str, message: &str) -> TimelineError {
    let mut diagnostic =
        Diagnostic::at(code.as_str(), Severity::Error, "", 0, message).with_hint(hint);
    (diagnostic.offset, diagnostic.line, diagnostic.column) = (None, None, None);
    diagnostic.path = Some(format!("[{index}]"));
    TimelineError::new(diagnostic).in_record(index)
}

/// Largest YAML timeline accepted, in bytes; larger timelines are JSON or CSV.
const MAX_YAML_BYTES: usize = 16 * 1024 * 1024;

impl Timeline {
    /// Reads a timeline, detecting its format with [`TimelineFormat::detect`].
    ///
    /// # Errors
    ///
    /// A [`TimelineError`] locating the first unreadable record.
    ///
    /// ```
    /// use relcore::plan::Timeline;
    /// assert_eq!(Timeline::parse("at,approve\n2h,full\n")?.events().len(), 1);
    /// # Ok::<(), relcore::plan::TimelineError>(())
    /// ```
    pub fn parse(text: &str) -> Result<Timeline, TimelineError> {
        Timeline::parse_as(text, TimelineFormat::detect(text))
    }

    /// Reads a timeline in the given format.
    ///
    /// # Errors
    ///
    /// A [`TimelineError`] locating the first unreadable record.
    ///
    /// ```
    /// use relcore::plan::{Timeline, TimelineFormat};
    /// let t = Timeline::parse_as("[]", TimelineFormat::Yaml)?;
    /// assert!(t.events().is_empty());
    /// # Ok::<(), relcore::plan::TimelineError>(())
    /// ```
    pub fn parse_as(text: &str, format: TimelineFormat) -> Result<Timeline, TimelineError> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        match format {
            TimelineFormat::Json => Timeline::from_json(text),
            TimelineFormat::Yaml => Timeline::from_yaml(text),
            TimelineFormat::Csv => Timeline::from_csv(text),
        }
    }

    fn from_json(text: &str) -> Result<Timeline, TimelineError> {
        let mut de = serde_json::Deserializer::from_str(text);
        let records: Vec<Record> = serde_path_to_error::deserialize(&mut de)
            .map_err(|e| {
                let code = (e.inner().is_data()).then(|| code_at(e.path(), false));
                (e.into_inner(), code)
            })
            .and_then(|records| de.end().map(|()| records).map_err(|e| (e, None)))
            .map_err(|(e, code)| {
                let offset = offset_of_line_column(text, e.line(), e.column().saturating_sub(1));
                let mut err = located(&e.to_string(), text, offset, code);
                if e.is_data() {
                    // A problem of one record: name it, and for fields that do not fit
                    // together (found only once the record is read, with serde_json already
                    // past it) point at the record's start.
                    let starts = json_element_starts(text);
                    let record = starts.partition_point(|&s| s < offset).checked_sub(1);
                    if let Some((n, &start)) = record.and_then(|n| starts.get(n).map(|s| (n, s))) {
                        let d = &mut err.diagnostic;
                        d.path = Some(format!("[{n}]"));
                        if d.code == PlanCode::InvalidRecord.as_str() {
                            let (line, column) = crate::diagnostic::line_column(text, start);
                            (d.offset, d.line, d.column) = (Some(start), Some(line), Some(column));
                        }
                        err = err.in_record(n);
                    }
                }
                err
            })?;
        Ok(Timeline::from_records(records))
    }

    fn from_yaml(text: &str) -> Result<Timeline, TimelineError> {
        if text.len() > MAX_YAML_BYTES {
            return Err(TimelineError::new(
                Diagnostic::at(
                    PlanCode::TimelineLimit.as_str(),
                    Severity::Error,
                    text,
                    0,
                    format!(
                        "the YAML timeline is {} bytes long, more than the {MAX_YAML_BYTES} bytes accepted",
                        text.len()
                    ),
                )
                .with_hint("write long timelines as JSON or CSV"),
            ));
        }
        if text.trim().is_empty() {
            return Ok(Timeline::default());
        }
        let mut path = None;
        let records: Option<Vec<Record>> =
            serde_saphyr::with_deserializer_from_str_with_options(text, yaml_options(), |de| {
                serde_path_to_error::deserialize(de).map_err(|e| {
                    path = Some(code_at(e.path(), false));
                    e.into_inner()
                })
            })
            .map_err(|e| {
                let offset = e.location().map_or(0, |loc| {
                    offset_of_line_column(
                        text,
                        usize::try_from(loc.line()).unwrap_or(usize::MAX),
                        usize::try_from(loc.column()).unwrap_or(1).saturating_sub(1),
                    )
                });
                let mut inner = &e;
                while let serde_saphyr::Error::WithSnippet { error, .. }
                | serde_saphyr::Error::AliasError { error, .. } = inner
                {
                    inner = error;
                }
                let message = {
                    use serde_saphyr::MessageFormatter;
                    serde_saphyr::DefaultMessageFormatter.format_message(inner)
                };
                located(
                    message.lines().next().unwrap_or_default(),
                    text,
                    offset,
                    path,
                )
            })?;
        Ok(Timeline::from_records(records.unwrap_or_default()))
    }

    fn from_csv(text: &str) -> Result<Timeline, TimelineError> {
        let mut records = csv_records(text);
        let Some((_, header_at, header)) = records.next().transpose()? else {
            return Ok(Timeline::default());
        };
        let columns = csv_columns(text, header_at, &header)?;
        let mut builder = Builder::default();
        for record in records {
            let (line, start, fields) = record?;
            if fields.len() != header.len() {
                return Err(csv_error(
                    PlanCode::InvalidRecord,
                    text,
                    start,
                    format!(
                        "the line has {} fields, the header {}",
                        fields.len(),
                        header.len()
                    ),
                    "give every line one field per header column",
                ));
            }
            let field = |column: Option<usize>| {
                column
                    .and_then(|c| fields.get(c))
                    .filter(|(s, _)| !s.trim().is_empty())
                    .map(|(s, at)| (s.trim(), *at))
            };
            let index = builder.events.len();
            let (at_text, at_offset) = field(columns.at).unwrap_or(("", start));
            let at = parse_at(at_text)
                .map_err(|m| csv_error(PlanCode::InvalidTime, text, at_offset, m, AT_HINT))?;
            let number = |column| -> Result<Option<f64>, TimelineError> {
                field(column)
                    .map(|(s, offset)| {
                        parse_value(s).map_err(|m| {
                            csv_error(PlanCode::InvalidValue, text, offset, m, VALUE_HINT)
                        })
                    })
                    .transpose()
            };
            let healthy = field(columns.healthy)
                .map(|(s, offset)| match s {
                    "true" => Ok(true),
                    "false" => Ok(false),
                    other => Err(csv_error(
                        PlanCode::InvalidValue,
                        text,
                        offset,
                        format!("`healthy` must be `true` or `false`, not `{other}`"),
                        "write `true` when the health check passed, `false` when it failed",
                    )),
                })
                .transpose()?;
            let record = RecordKind::new(Fields {
                metric: field(columns.metric).map(|(s, _)| s.to_owned()),
                value: number(columns.value)?,
                baseline: number(columns.baseline)?,
                approve: field(columns.approve).map(|(s, _)| s.to_owned()),
                service: field(columns.service).map(|(s, _)| s.to_owned()),
                healthy,
            })
            .map_err(|m| csv_error(PlanCode::InvalidRecord, text, start, m, RECORD_HINT))?;
            builder.push(at, record, index, Some(line));
        }
        Ok(builder.finish())
    }

    /// A timeline from records given as values, as the bindings take them (a list of
    /// Python dicts or JavaScript objects): each `{at, metric, value[, baseline]}` or `{at,
    /// approve}`, as in a JSON timeline.
    ///
    /// # Errors
    ///
    /// A [`TimelineError`] about the first unreadable record: its [`record`](TimelineError::record)
    /// index and path `[N]`, and no line or column, since there is no text.
    ///
    /// ```
    /// use relcore::plan::Timeline;
    /// use serde_json::json;
    /// let t = Timeline::from_values(vec![json!({"at": "5m", "metric": "error-rate", "value": 0.1})])?;
    /// assert_eq!(t.events()[0].at_seconds, 300);
    ///
    /// let err = Timeline::from_values(vec![json!({"at": 1, "approve": "a"}), json!({"at": "5x", "approve": "b"})]).unwrap_err();
    /// assert_eq!((err.code(), err.record()), ("invalid_time", Some(1)));
    /// assert!(err.to_string().starts_with("item 1: error[invalid_time]: "));
    /// # Ok::<(), relcore::plan::TimelineError>(())
    /// ```
    pub fn from_values(values: Vec<serde_json::Value>) -> Result<Timeline, TimelineError> {
        let mut records = Vec::with_capacity(values.len());
        for (index, value) in values.into_iter().enumerate() {
            let record: Record = serde_path_to_error::deserialize(value).map_err(|e| {
                let (code, hint) = code_at(e.path(), true);
                record_error(index, code, hint, &e.into_inner().to_string())
            })?;
            records.push(record);
        }
        Ok(Timeline::from_records(records))
    }

    fn from_records(records: Vec<Record>) -> Timeline {
        let mut builder = Builder::default();
        for (index, record) in records.into_iter().enumerate() {
            builder.push(record.at, record.kind, index, None);
        }
        builder.finish()
    }

    /// A timeline from events built in code; they are sorted by time (stably).
    ///
    /// ```
    /// use relcore::plan::Timeline;
    /// let t = Timeline::new(["latency-p99"], vec![]);
    /// assert_eq!(t.metrics(), ["latency-p99"]);
    /// ```
    pub fn new<S: Into<String>>(
        metrics: impl IntoIterator<Item = S>,
        mut events: Vec<Event>,
    ) -> Timeline {
        events.sort_by_key(|e| e.at_seconds);
        Timeline {
            metrics: metrics.into_iter().map(Into::into).collect(),
            events,
        }
    }

    /// The events, in time order.
    pub fn events(&self) -> &[Event] {
        &self.events
    }

    /// The metric names the observations refer to, by index.
    pub fn metrics(&self) -> &[String] {
        &self.metrics
    }

    /// The name of a metric index, if there is one.
    pub(crate) fn metric_name(&self, index: u32) -> Option<&str> {
        self.metrics
            .get(usize::try_from(index).ok()?)
            .map(String::as_str)
    }
}

/// Collects records, interning metric names.
#[derive(Default)]
struct Builder {
    names: HashMap<String, u32>,
    metrics: Vec<String>,
    events: Vec<Event>,
}

impl Builder {
    fn push(&mut self, at: u64, kind: RecordKind, record: usize, line: Option<usize>) {
        let kind = match kind {
            RecordKind::Observe {
                metric,
                value,
                baseline,
            } => {
                let metric = if let Some(&i) = self.names.get(&metric) {
                    i
                } else {
                    let i = u32::try_from(self.metrics.len()).unwrap_or(u32::MAX);
                    self.metrics.push(metric.clone());
                    self.names.insert(metric, i);
                    i
                };
                EventKind::Observe {
                    metric,
                    value,
                    baseline,
                }
            }
            RecordKind::Approve(stage) => EventKind::Approve { stage },
            RecordKind::Health { service, healthy } => EventKind::Health { service, healthy },
        };
        self.events.push(Event {
            at_seconds: at,
            kind,
            record,
            line,
        });
    }

    fn finish(mut self) -> Timeline {
        if !self.events.is_sorted_by_key(|e| e.at_seconds) {
            self.events.sort_by_key(|e| e.at_seconds);
        }
        Timeline {
            metrics: self.metrics,
            events: self.events,
        }
    }
}

const AT_HINT: &str =
    "write the time from the plan's start as a duration (`90s`, `30m`, `1h30m`) or whole seconds";
const VALUE_HINT: &str =
    "write the value as a number in the metric's unit: 0.05 for 0.05%, 250 for 250ms";
const RECORD_HINT: &str = "a record is `{at, metric, value}` (optionally `baseline`), `{at, approve: <stage>}` or `{at, service, healthy}`";

/// A record as read: its time and what it says.
struct Record {
    at: u64,
    kind: RecordKind,
}

enum RecordKind {
    Observe {
        metric: String,
        value: Option<f64>,
        baseline: Option<f64>,
    },
    Approve(String),
    Health {
        service: String,
        healthy: bool,
    },
}

/// The fields of one record, as written.
#[derive(Default)]
struct Fields {
    metric: Option<String>,
    value: Option<f64>,
    baseline: Option<f64>,
    approve: Option<String>,
    service: Option<String>,
    healthy: Option<bool>,
}

impl RecordKind {
    fn new(f: Fields) -> Result<RecordKind, String> {
        match (f.service, f.healthy) {
            (Some(service), Some(healthy))
                if f.metric.is_none()
                    && f.approve.is_none()
                    && f.value.is_none()
                    && f.baseline.is_none() =>
            {
                return Ok(RecordKind::Health { service, healthy });
            }
            (Some(_), Some(_)) => {
                return Err(
                    "a health check record has only `at`, `service` and `healthy`".to_owned(),
                );
            }
            (Some(service), None) => {
                return Err(format!(
                    "the health check of `{service}` has no `healthy` (`true` or `false`)"
                ));
            }
            (None, Some(_)) => return Err("the health check names no `service`".to_owned()),
            (None, None) => {}
        }
        let (value, baseline) = (f.value, f.baseline);
        match (f.metric, f.approve) {
            (Some(_), Some(_)) => {
                Err("a record is an observation or an approval, not both".to_owned())
            }
            (None, Some(stage)) if value.is_none() && baseline.is_none() => {
                Ok(RecordKind::Approve(stage))
            }
            (None, Some(_)) => Err("an approval has no `value` or `baseline`".to_owned()),
            (Some(metric), None) if value.is_some() || baseline.is_some() => {
                if let Some(err) = crate::plan::expr::gate::metric_name_error(&metric) {
                    return Err(format!("`{metric}` is not a metric name: {err}"));
                }
                Ok(RecordKind::Observe {
                    metric,
                    value,
                    baseline,
                })
            }
            (Some(metric), None) => Err(format!("the observation of `{metric}` has no `value`")),
            (None, None) => {
                Err("the record has neither `metric`, `approve` nor `service`".to_owned())
            }
        }
    }
}

/// The record fields as written, before they are checked together.
#[derive(Deserialize)]
#[cfg_attr(
    feature = "schema",
    derive(schemars::JsonSchema),
    schemars(
        rename = "TimelineRecord",
        description = "One record of a metric timeline: an observation (`metric` with `value` and/or\n`baseline`) or an approval (`approve`)."
    )
)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawRecord {
    /// The time from the plan's start: a duration such as `30m` or `1h30m`, or whole
    /// seconds.
    #[cfg_attr(feature = "schema", schemars(with = "crate::plan::schema::TimelineAt"))]
    at: At,
    /// The metric observed, such as `error-rate`.
    #[serde(default)]
    metric: Option<String>,
    /// The value on the new version, in the metric's unit (`0.05` for 0.05 %, `250` for
    /// 250 ms).
    #[serde(default)]
    #[cfg_attr(
        feature = "schema",
        schemars(with = "Option<crate::plan::schema::TimelineValue>")
    )]
    value: Option<Value>,
    /// The value on the stable version, for relative thresholds (`2x baseline`); it stays
    /// in force until another record gives one.
    #[serde(default)]
    #[cfg_attr(
        feature = "schema",
        schemars(with = "Option<crate::plan::schema::TimelineValue>")
    )]
    baseline: Option<Value>,
    /// The stage a person lets begin (or advances to, after a stage without
    /// `auto-advance`).
    #[serde(default)]
    approve: Option<String>,
    #[serde(default)]
    service: Option<String>,
    #[serde(default)]
    #[cfg_attr(
        feature = "schema",
        schemars(with = "Option<crate::plan::schema::Healthy>")
    )]
    healthy: Option<Healthy>,
}

impl<'de> Deserialize<'de> for Record {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Record, D::Error> {
        let raw = RawRecord::deserialize(deserializer)?;
        let kind = RecordKind::new(Fields {
            metric: raw.metric,
            value: raw.value.map(|v| v.0),
            baseline: raw.baseline.map(|v| v.0),
            approve: raw.approve,
            service: raw.service,
            healthy: raw.healthy.map(|h| h.0),
        })
        .map_err(de::Error::custom)?;
        Ok(Record { at: raw.at.0, kind })
    }
}

/// A record's `at`: a duration string or whole seconds.
struct At(u64);

impl<'de> Deserialize<'de> for At {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<At, D::Error> {
        struct V;
        impl de::Visitor<'_> for V {
            type Value = At;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(
                    "a time from the plan's start: a duration such as `30m`, or whole seconds",
                )
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<At, E> {
                Ok(At(v))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<At, E> {
                u64::try_from(v)
                    .map(At)
                    .map_err(|_| E::custom(format!("`at` is {v}: a time cannot be negative")))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<At, E> {
                parse_at(&v.to_string()).map(At).map_err(E::custom)
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<At, E> {
                parse_at(v).map(At).map_err(E::custom)
            }
        }
        deserializer.deserialize_any(V)
    }
}

/// A record's `value` or `baseline`: a finite number.
struct Value(f64);

impl<'de> Deserialize<'de> for Value {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Value, D::Error> {
        struct V;
        impl de::Visitor<'_> for V {
            type Value = Value;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a number in the metric's unit")
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Value, E> {
                #[allow(clippy::cast_precision_loss)]
                Ok(Value(v as f64))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Value, E> {
                #[allow(clippy::cast_precision_loss)]
                Ok(Value(v as f64))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Value, E> {
                if v.is_finite() {
                    Ok(Value(v))
                } else {
                    Err(E::custom(format!("the value {v} is not a finite number")))
                }
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Value, E> {
                parse_value(v).map(Value).map_err(E::custom)
            }
        }
        deserializer.deserialize_any(V)
    }
}

/// A health check's `healthy`: `true` or `false`, as a boolean or a string (as a CSV
/// field reads).
struct Healthy(bool);

impl<'de> Deserialize<'de> for Healthy {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Healthy, D::Error> {
        struct V;
        impl de::Visitor<'_> for V {
            type Value = Healthy;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("`true` or `false`")
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Healthy, E> {
                Ok(Healthy(v))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Healthy, E> {
                match v.trim() {
                    "true" => Ok(Healthy(true)),
                    "false" => Ok(Healthy(false)),
                    other => Err(E::custom(format!(
                        "`healthy` must be `true` or `false`, not `{other}`"
                    ))),
                }
            }
        }
        deserializer.deserialize_any(V)
    }
}

/// A time from the plan's start: a duration (`1h30m`) or whole seconds (`5400`).
fn parse_at(text: &str) -> Result<u64, String> {
    let text = text.trim();
    if text.is_empty() {
        return Err("the record has no time (`at`)".to_owned());
    }
    if text.bytes().all(|b| b.is_ascii_digit()) {
        return text
            .parse::<u64>()
            .map_err(|_| format!("the time `{text}` is too large"));
    }
    if text.starts_with('-') {
        return Err(format!("the time `{text}` is negative"));
    }
    Duration::parse(text)
        .map(Duration::as_secs)
        .map_err(|e| format!("the time `{text}` is not a duration: {e}"))
}

/// A value: a finite decimal number, without a unit.
fn parse_value(text: &str) -> Result<f64, String> {
    let text = text.trim();
    match text.parse::<f64>() {
        Ok(v) if v.is_finite() && !text.contains(['i', 'I', 'n', 'N']) => Ok(v),
        _ => Err(format!("`{text}` is not a number")),
    }
}

/// serde-saphyr options for timelines: strict booleans, budgets against alias bombs.
fn yaml_options() -> serde_saphyr::Options {
    let mut budget = serde_saphyr::Budget::default();
    budget.max_depth = 16;
    budget.max_documents = 1;
    budget.max_aliases = 1_000;
    budget.max_anchors = 1_000;
    let mut options = serde_saphyr::Options::default();
    options.budget = Some(budget);
    options.strict_booleans = true;
    options.with_snippet = false;
    options
}

/// A timeline diagnostic at byte `offset` of `text`, with the code and hint of the field
/// it is about (`code`, from the deserializer's path), or of the whole timeline.
fn located(
    message: &str,
    text: &str,
    offset: usize,
    code: Option<(PlanCode, &'static str)>,
) -> TimelineError {
    let (code, hint) = code.unwrap_or_else(timeline_code);
    let message = message
        .split(" at line ")
        .next()
        .unwrap_or_default()
        .to_owned();
    TimelineError::new(
        Diagnostic::at(code.as_str(), Severity::Error, text, offset, message).with_hint(hint),
    )
}

/// A problem of the timeline as a whole: its syntax, or not a list.
fn timeline_code() -> (PlanCode, &'static str) {
    (
        PlanCode::InvalidTimeline,
        "a timeline is a list of records such as `{at: 30m, metric: error-rate, value: 0.05}`",
    )
}

/// The code and hint of a deserialisation problem, from where it is: the `at` of a record
/// is `invalid_time`, its `value` or `baseline` `invalid_value`, anything else in a record
/// (or the record itself) `invalid_record`, and the rest `invalid_timeline`. `in_record`:
/// the path starts inside one record (records given as values).
fn code_at(path: &Path, in_record: bool) -> (PlanCode, &'static str) {
    let segments: Vec<&Segment> = path.iter().collect();
    let field = match segments.last() {
        Some(Segment::Map { key }) => Some(key.as_str()),
        _ => None,
    };
    let inside = in_record || segments.iter().any(|s| matches!(s, Segment::Seq { .. }));
    match field {
        Some("at") if inside => (PlanCode::InvalidTime, AT_HINT),
        Some("value" | "baseline") if inside => (PlanCode::InvalidValue, VALUE_HINT),
        _ if inside => (PlanCode::InvalidRecord, RECORD_HINT),
        _ => timeline_code(),
    }
}

/// The byte offsets at which the elements of a JSON array start (the text is valid JSON up
/// to the point that matters; anything else gives what was found so far).
fn json_element_starts(text: &str) -> Vec<usize> {
    let mut starts = Vec::new();
    let (mut depth, mut in_string, mut escaped, mut expect) = (0usize, false, false, false);
    for (i, b) in text.bytes().enumerate() {
        if in_string {
            match (escaped, b) {
                (true, _) => escaped = false,
                (false, b'\\') => escaped = true,
                (false, b'"') => in_string = false,
                _ => {}
            }
            continue;
        }
        if expect && depth == 1 && !b.is_ascii_whitespace() && b != b']' {
            starts.push(i);
            expect = false;
        }
        match b {
            b'"' => in_string = true,
            b'[' | b'{' => {
                depth += 1;
                if depth == 1 {
                    expect = true;
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            b',' if depth == 1 => expect = true,
            _ => {}
        }
    }
    starts
}

/// The byte offset of a 1-based line and a 0-based character column.
fn offset_of_line_column(text: &str, line: usize, column: usize) -> usize {
    let mut offset = 0;
    for (i, l) in text.split_inclusive('\n').enumerate() {
        if i + 1 == line {
            return offset
                + l.char_indices()
                    .nth(column)
                    .map_or(l.trim_end_matches(['\n', '\r']).len(), |(b, _)| b);
        }
        offset += l.len();
    }
    text.len()
}

/// The columns a CSV header names; unknown or repeated ones, and a header without `at`
/// or anything to record, are errors.
fn csv_columns(
    text: &str,
    header_at: usize,
    header: &[(String, usize)],
) -> Result<CsvColumns, TimelineError> {
    let mut columns = CsvColumns::default();
    for (i, (name, at)) in header.iter().enumerate() {
        let slot = match name.trim() {
            "at" => &mut columns.at,
            "metric" => &mut columns.metric,
            "value" => &mut columns.value,
            "baseline" => &mut columns.baseline,
            "approve" => &mut columns.approve,
            "service" => &mut columns.service,
            "healthy" => &mut columns.healthy,
            other => {
                return Err(csv_error(
                    PlanCode::InvalidTimeline,
                    text,
                    *at,
                    format!("unknown column `{other}`"),
                    "the columns are `at`, `metric`, `value`, `baseline`, `approve`, `service` and `healthy`",
                ));
            }
        };
        if slot.replace(i).is_some() {
            return Err(csv_error(
                PlanCode::InvalidTimeline,
                text,
                *at,
                format!("the column `{}` appears twice", name.trim()),
                "name each column once",
            ));
        }
    }
    if columns.at.is_none()
        || (columns.approve.is_none() && columns.metric.is_none() && columns.service.is_none())
    {
        let missing = if columns.at.is_none() { "at" } else { "metric" };
        return Err(csv_error(
            PlanCode::MissingColumn,
            text,
            header_at,
            format!("the header has no `{missing}` column"),
            "start the file with the header `at,metric,value`",
        ));
    }
    Ok(columns)
}

#[derive(Default)]
struct CsvColumns {
    at: Option<usize>,
    metric: Option<usize>,
    value: Option<usize>,
    baseline: Option<usize>,
    approve: Option<usize>,
    service: Option<usize>,
    healthy: Option<usize>,
}

fn csv_error(
    code: PlanCode,
    text: &str,
    offset: usize,
    message: String,
    hint: &str,
) -> TimelineError {
    TimelineError::new(
        Diagnostic::at(code.as_str(), Severity::Error, text, offset, message).with_hint(hint),
    )
}

/// A CSV record: its 1-based line, its byte offset, and its fields with their offsets.
type CsvRecord = (usize, usize, Vec<(String, usize)>);

/// The records of a CSV text, split by `csv-core` (RFC 4180: `,` between fields, `"`
/// quoting with `""` for a quote), each as its 1-based line, its byte offset and its
/// fields, each unquoted with the byte offset it starts at.
///
/// Blank lines and lines whose first non-blank character is `#` are skipped, and the CRs
/// before a line's LF end the line, not its last field. A quoted field must close on its
/// line with only a `,` or the line end after its closing quote: `csv-core` accepts both
/// silently, so they are checked here, to point at them.
fn csv_records(text: &str) -> impl Iterator<Item = Result<CsvRecord, TimelineError>> + '_ {
    use csv_core::{ReadFieldResult, ReaderBuilder, Terminator};
    let bytes = text.as_bytes();
    let mut reader = ReaderBuilder::new()
        .terminator(Terminator::Any(b'\n'))
        .build();
    let (mut pos, mut line, mut buf) = (0, 1, vec![0; 256]);
    std::iter::from_fn(move || {
        loop {
            let rest = text.get(pos..).filter(|r| !r.is_empty())?;
            let first = rest.split_inclusive('\n').next().unwrap_or(rest);
            if !first.trim().is_empty() && !first.trim_start().starts_with('#') {
                break;
            }
            pos += first.len();
            line += usize::from(first.ends_with('\n'));
        }
        let (start, mut fields) = (pos, Vec::new());
        loop {
            let (at, mut len) = (pos, 0);
            let record_end = loop {
                if len == buf.len() {
                    buf.resize(len * 2, 0);
                }
                let input = bytes.get(pos..).unwrap_or_default();
                let (result, nin, nout) =
                    reader.read_field(input, buf.get_mut(len..).unwrap_or_default());
                (pos, len) = (pos + nin, len + nout);
                match result {
                    ReadFieldResult::Field { record_end } => break record_end,
                    ReadFieldResult::End => break true,
                    ReadFieldResult::InputEmpty | ReadFieldResult::OutputFull => {}
                }
            };
            let raw = bytes.get(at..pos).unwrap_or_default();
            if let Err(err) = check_quoting(text, at, raw) {
                return Some(Err(err));
            }
            let line_end = raw.strip_suffix(b"\n").unwrap_or(raw);
            let crs = line_end.iter().rev().take_while(|&&b| b == b'\r').count();
            let value = buf.get(..len.saturating_sub(crs)).unwrap_or_default();
            fields.push((String::from_utf8_lossy(value).into_owned(), at));
            if record_end {
                break;
            }
        }
        let record_line = line;
        line += text
            .get(start..pos)
            .unwrap_or_default()
            .matches('\n')
            .count();
        Some(Ok((record_line, start, fields)))
    })
}

/// A quoted field, as written from `at` (`raw`, with the `,` or line end after it), that is
/// not closed on its line or has text after its closing quote.
fn check_quoting(text: &str, at: usize, raw: &[u8]) -> Result<(), TimelineError> {
    if raw.first() != Some(&b'"') {
        return Ok(());
    }
    let mut i = 1;
    loop {
        match raw.get(i) {
            None | Some(b'\n') => {
                return Err(csv_error(
                    PlanCode::InvalidTimeline,
                    text,
                    at,
                    "the quoted field is not closed".to_owned(),
                    "close the field with `\"`; write a quote inside it as `\"\"`",
                ));
            }
            Some(b'"') if raw.get(i + 1) == Some(&b'"') => i += 2,
            Some(b'"') => break,
            Some(_) => i += 1,
        }
    }
    let after = raw.get(i + 1..).unwrap_or_default();
    let line_end = after.strip_suffix(b"\n").unwrap_or(after);
    if after.first() == Some(&b',') || line_end.iter().all(|&b| b == b'\r') {
        return Ok(());
    }
    Err(csv_error(
        PlanCode::InvalidTimeline,
        text,
        at + i + 1,
        "unexpected text after a quoted field".to_owned(),
        "put a `,` after the closing quote",
    ))
}

impl Serialize for Timeline {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::{SerializeMap, SerializeSeq};
        struct Rec<'a>(&'a Timeline, &'a Event);
        impl Serialize for Rec<'_> {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                let mut map = serializer.serialize_map(None)?;
                map.serialize_entry("at", &self.1.at_seconds)?;
                match &self.1.kind {
                    EventKind::Observe {
                        metric,
                        value,
                        baseline,
                    } => {
                        map.serialize_entry("metric", self.0.metric_name(*metric).unwrap_or(""))?;
                        if let Some(v) = value {
                            map.serialize_entry("value", v)?;
                        }
                        if let Some(b) = baseline {
                            map.serialize_entry("baseline", b)?;
                        }
                    }
                    EventKind::Approve { stage } => map.serialize_entry("approve", stage)?,
                    EventKind::Health { service, healthy } => {
                        map.serialize_entry("service", service)?;
                        map.serialize_entry("healthy", healthy)?;
                    }
                }
                map.end()
            }
        }
        let mut seq = serializer.serialize_seq(Some(self.events.len()))?;
        for e in &self.events {
            seq.serialize_element(&Rec(self, e))?;
        }
        seq.end()
    }
}

impl<'de> Deserialize<'de> for Timeline {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Timeline, D::Error> {
        Vec::<Record>::deserialize(deserializer).map(Timeline::from_records)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(text: &str) -> (String, Option<usize>, Option<usize>) {
        let e = Timeline::parse(text).unwrap_err();
        let d = e.diagnostic();
        (d.code.clone(), d.line, d.column)
    }

    /// An event with its metric's name instead of its index.
    fn named(t: &Timeline, kind: &EventKind) -> String {
        match kind {
            EventKind::Observe {
                metric,
                value,
                baseline,
            } => {
                format!(
                    "{} {value:?} {baseline:?}",
                    t.metric_name(*metric).unwrap_or("?")
                )
            }
            EventKind::Approve { stage } => format!("approve {stage}"),
            EventKind::Health { service, healthy } => format!("health {service} {healthy}"),
        }
    }

    #[test]
    fn the_three_formats_read_the_same_timeline() {
        let yaml = "- { at: 30m, metric: error-rate, value: 0.05 }\n- { at: 1h30m, approve: partial }\n- { at: 90, metric: latency-p99, value: 180, baseline: 120 }\n";
        let json = r#"[{"at": "30m", "metric": "error-rate", "value": 0.05},
            {"at": "1h30m", "approve": "partial"},
            {"at": 90, "metric": "latency-p99", "value": 180, "baseline": 120}]"#;
        let csv = "at,metric,value,baseline,approve\n30m,error-rate,0.05,,\n1h30m,,,,partial\n90,latency-p99,180,120,\n";
        let a = Timeline::parse(yaml).unwrap();
        let b = Timeline::parse(json).unwrap();
        let c = Timeline::parse(csv).unwrap();
        let strip = |t: &Timeline| {
            t.events()
                .iter()
                .map(|e| (e.at_seconds, named(t, &e.kind), e.record))
                .collect::<Vec<_>>()
        };
        assert_eq!(strip(&a), strip(&b));
        assert_eq!(strip(&a), strip(&c));
        assert_eq!(a.events()[0].at_seconds, 90);
        assert_eq!(a.metrics(), ["error-rate", "latency-p99"]);
        assert_eq!(c.metrics(), ["error-rate", "latency-p99"]);
        assert_eq!(c.events()[0].line, Some(4));
        // Serialised, then read back: the same timeline.
        let back: Timeline = serde_json::from_str(&serde_json::to_string(&a).unwrap()).unwrap();
        let kinds = |t: &Timeline| {
            t.events()
                .iter()
                .map(|e| (e.at_seconds, named(t, &e.kind)))
                .collect::<Vec<_>>()
        };
        assert_eq!(kinds(&back), kinds(&a));
    }

    #[test]
    fn equal_times_keep_input_order() {
        let t = Timeline::parse("at,metric,value\n10,b,1\n5,a,1\n10,a,2\n").unwrap();
        let order: Vec<usize> = t.events().iter().map(|e| e.record).collect();
        assert_eq!(order, [1, 0, 2]);
    }

    #[test]
    fn errors_are_located() {
        assert_eq!(
            err("[{\"at\": \"5x\", \"approve\": \"a\"}]").0,
            "invalid_time"
        );
        assert_eq!(
            err("[{\"at\": 5, \"metric\": \"e\", \"value\": \"x\"}]").0,
            "invalid_value"
        );
        assert_eq!(err("[{\"at\": 5, \"metric\": \"e\"}]").0, "invalid_record");
        assert_eq!(
            err("[{\"at\": 5, \"metric\": \"e\", \"value\": 1, \"approve\": \"s\"}]").0,
            "invalid_record"
        );
        assert_eq!(
            err("[{\"at\": 5, \"metirc\": \"e\", \"value\": 1}]").0,
            "invalid_record"
        );
        assert_eq!(err("[{\"at\": -5, \"approve\": \"s\"}]").0, "invalid_time");
        assert_eq!(err("[{\"at\": 1.5, \"approve\": \"s\"}]").0, "invalid_time");
        assert_eq!(
            err("[{\"at\": 5, \"approve\": \"s\"}"),
            ("invalid_timeline".into(), Some(1), Some(26))
        );
        assert_eq!(
            err("- { at: 5, metric: error-rate, value: .nan }\n").0,
            "invalid_value"
        );
        assert_eq!(err("- { at: 5, metric: error-rate }\n").0, "invalid_record");
        assert_eq!(
            err("- { at: 5, metric: \"a b\", value: 1 }\n").0,
            "invalid_record"
        );
        assert_eq!(err("- [1\n").0, "invalid_timeline");
        assert_eq!(
            err("at,metric,value\n5m,error-rate,1,2\n"),
            ("invalid_record".into(), Some(2), Some(1))
        );
        assert_eq!(
            err("at,metric,value\n5x,error-rate,1\n"),
            ("invalid_time".into(), Some(2), Some(1))
        );
        assert_eq!(
            err("at,metric,value\n5m,error-rate,inf\n"),
            ("invalid_value".into(), Some(2), Some(15))
        );
        assert_eq!(
            err("at,metric,value\n5m,\"error-rate,1\n").0,
            "invalid_timeline"
        );
        assert_eq!(err("at,metric,colour\n").0, "invalid_timeline");
        assert_eq!(err("at,metric,at\n").0, "invalid_timeline");
        assert_eq!(err("at,value\n").0, "missing_column");
    }

    #[test]
    fn json_record_errors_name_the_record() {
        let text = "[\n  {\"at\": 1, \"approve\": \"a\"},\n  {\"at\": 5, \"metric\": \"e\"},\n  {\"at\": 6, \"approve\": \"b\"}\n]";
        let e = Timeline::parse(text).unwrap_err();
        let d = e.diagnostic();
        assert_eq!(
            (d.code.as_str(), d.path.as_deref()),
            ("invalid_record", Some("[1]"))
        );
        assert_eq!((d.line, d.column), (Some(3), Some(3)));
        let e = Timeline::parse(
            "[{\"at\": 1, \"approve\": \"a,{\"}, {\"at\": \"5x\", \"approve\": \"b\"}]",
        )
        .unwrap_err();
        assert_eq!(
            (e.code(), e.diagnostic().path.as_deref()),
            ("invalid_time", Some("[1]"))
        );
        assert_eq!(
            json_element_starts("[ 1, [2, 3], {\"a\": [4]}, \"x,\" ]"),
            [2, 5, 13, 25]
        );
    }

    #[test]
    fn csv_quotes_comments_and_crlf() {
        let t = Timeline::parse("at,metric,value\r\n# warm-up\r\n\"1m\",\"error-rate\",\"0.5\"\r\n\r\n2m,error-rate,1e-1\r\n").unwrap();
        assert_eq!(t.events().len(), 2);
        assert_eq!(t.events()[1].line, Some(5));
        let t = Timeline::parse("at,approve\n1m,\"a \"\"quoted\"\" stage\"\n").unwrap();
        assert_eq!(
            t.events()[0].kind,
            EventKind::Approve {
                stage: "a \"quoted\" stage".into()
            }
        );
    }

    #[test]
    fn csv_quoting_problems_are_located() {
        let located = |text: &str| {
            let e = Timeline::parse(text).unwrap_err();
            let d = e.diagnostic();
            (d.code.clone(), d.offset, d.message.clone())
        };
        assert_eq!(
            located("at,approve\n1m,\"a\n2m,b\"\n"),
            (
                "invalid_timeline".into(),
                Some(14),
                "the quoted field is not closed".into()
            )
        );
        assert_eq!(
            located("at,approve\n1m,\"a\"b\n"),
            (
                "invalid_timeline".into(),
                Some(17),
                "unexpected text after a quoted field".into()
            )
        );
        // CRs before the line end belong to it; a CR inside a line is data.
        let t = Timeline::parse("at,approve\r\n1m,\"a\"\r\r\n2m,b\rc\r\n").unwrap();
        let stages: Vec<_> = t.events().iter().map(|e| e.kind.clone()).collect();
        assert_eq!(
            stages,
            [
                EventKind::Approve { stage: "a".into() },
                EventKind::Approve {
                    stage: "b\rc".into()
                }
            ]
        );
        assert_eq!(t.events()[1].line, Some(3));
    }

    #[test]
    fn empty_inputs_are_empty_timelines() {
        for text in ["", "[]", "at,metric,value\n", "# nothing\n"] {
            assert!(
                Timeline::parse(text).unwrap().events().is_empty(),
                "{text:?}"
            );
        }
    }

    #[test]
    fn hostile_inputs_do_not_panic() {
        for text in [
            "at,",
            "at,metric\n,",
            "\"",
            "at\n\"\"\"",
            "- &a [*a]",
            "{",
            "at,metric,value\n1m,é,1\n",
            "at,metric,value\n\u{feff}",
        ] {
            let _ = Timeline::parse(text);
        }
    }
}
