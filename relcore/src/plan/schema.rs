//! The `schema` feature's JSON Schemas of the plan's values with a hand-written serde form
//! (durations, gates, windows), of the plan file's fields whose file form differs from
//! their Rust type (used as `#[schemars(with = "…")]`), and of metric timelines.

use std::borrow::Cow;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};

use super::{AllowRange, Avoid, DateRange, Duration, Gate, Timeline, Window};
use crate::schema::string_schema;

string_schema!(
    Duration,
    "Duration",
    "A duration: whole numbers with units `d`, `h`, `m`, `s`, largest first, without spaces, such as `90s`, `5m`, `1h30m` or `2d12h`.",
    "pattern": "^([0-9]+d)?([0-9]+h)?([0-9]+m)?([0-9]+s)?$",
    "minLength": 2
);
string_schema!(
    Gate,
    "Gate",
    "A gate: `<metric> <op> <threshold>`, such as `error-rate < 0.5%` or `latency-p99 < 2x baseline`."
);
string_schema!(
    AllowRange,
    "AllowRange",
    "When deploying is allowed, in the plan's timezone: days and a time range, such as `tue-thu 10:00-12:00` or `mon-fri 09:00-17:00`."
);
string_schema!(
    DateRange,
    "DateRange",
    "A freeze: a date or a date range, `YYYY-MM-DD` or `YYYY-MM-DD/YYYY-MM-DD`.",
    "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}(/[0-9]{4}-[0-9]{2}-[0-9]{2})?$"
);

/// The gates of a stage as the plan file writes them: a list of gate expressions, or one.
pub(crate) struct Gates;

impl JsonSchema for Gates {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> Cow<'static, str> {
        Cow::Borrowed("Gates")
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let gate = generator.subschema_for::<Gate>();
        json_schema!({ "anyOf": [{ "type": "array", "items": gate }, gate] })
    }
}

/// Rollback triggers as the plan file writes them: a mapping of metric to condition
/// (`{ error-rate: "> 5%" }`), or a list of gate expressions.
pub(crate) struct Triggers;

impl JsonSchema for Triggers {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> Cow<'static, str> {
        Cow::Borrowed("Triggers")
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let gates = generator.subschema_for::<Gates>();
        json_schema!({
            "anyOf": [
                {
                    "type": "object",
                    "description": "A mapping of metric to condition, such as `{ error-rate: \"> 5%\" }`.",
                    "additionalProperties": {
                        "type": "string",
                        "description": "A comparison and a threshold, such as `> 5%` or `> 2x baseline`."
                    }
                },
                gates
            ]
        })
    }
}

/// The plan file's custom metrics: a mapping of metric name to unit, or to
/// `{ unit, min, max }`.
pub(crate) struct Metrics;

impl JsonSchema for Metrics {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> Cow<'static, str> {
        Cow::Borrowed("Metrics")
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        let unit = json_schema!({
            "type": "string",
            "description": "The metric's unit: `percent`, `ms`, `s`, `count`, `ratio`, …"
        });
        json_schema!({
            "type": "object",
            "additionalProperties": {
                "anyOf": [
                    unit.clone(),
                    {
                        "type": "object",
                        "properties": {
                            "unit": unit,
                            "min": { "type": "number", "description": "The smallest value the metric can take." },
                            "max": { "type": "number", "description": "The largest value the metric can take." }
                        },
                        "required": ["unit"],
                        "additionalProperties": false
                    }
                ]
            }
        })
    }
}

/// A traffic share in the plan file: a number, or a string such as `25%`.
pub(crate) struct Percentage;

impl JsonSchema for Percentage {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> Cow<'static, str> {
        Cow::Borrowed("Percentage")
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "anyOf": [
                { "type": "number" },
                { "type": "string", "pattern": "^\\s*[0-9]+(\\.[0-9]+)?\\s*%\\s*$" }
            ]
        })
    }
}

/// A local date and time in the plan's timezone: `2026-11-24T10:00`, with optional
/// seconds, `T` or a space between date and time.
pub(crate) struct LocalDateTime;

string_schema!(
    LocalDateTime,
    "LocalDateTime",
    "A local date and time, `YYYY-MM-DDTHH:MM` with optional `:SS`; `T` or a space between date and time.",
    "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}(:[0-9]{2})?$"
);

/// A timeline record's `at`: a duration from the plan's start, or whole seconds.
pub(crate) struct TimelineAt;

impl JsonSchema for TimelineAt {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> Cow<'static, str> {
        Cow::Borrowed("TimelineAt")
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let duration = generator.subschema_for::<Duration>();
        json_schema!({ "anyOf": [duration, { "type": "integer", "minimum": 0 }] })
    }
}

/// A timeline record's `value` or `baseline`: a finite number, or a number in a string.
pub(crate) struct TimelineValue;

impl JsonSchema for TimelineValue {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> Cow<'static, str> {
        Cow::Borrowed("TimelineValue")
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({ "anyOf": [{ "type": "number" }, { "type": "string" }] })
    }
}

/// A health-check record's `healthy`: a boolean, or `true`/`false` in a string (as a CSV
/// field reads).
pub(crate) struct Healthy;

impl JsonSchema for Healthy {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> Cow<'static, str> {
        Cow::Borrowed("Healthy")
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({ "anyOf": [{ "type": "boolean" }, { "enum": ["true", "false"] }] })
    }
}

/// A calendar rule of a window, as the plan file names it.
impl JsonSchema for Avoid {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> Cow<'static, str> {
        Cow::Borrowed("Avoid")
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "enum": ["end-of-month"],
            "description": "`end-of-month`: the last business days of each month (`end-of-month-days`, default 3)."
        })
    }
}

/// A timeline (JSON or YAML) is a list of records, each read through its raw fields.
impl JsonSchema for Timeline {
    fn schema_name() -> Cow<'static, str> {
        Cow::Borrowed("Timeline")
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let record = generator.subschema_for::<super::simulate::timeline::RawRecord>();
        json_schema!({ "type": "array", "items": record })
    }
}

/// The plan file's `window`: a mapping (which may ask for the recommended ranges with
/// `recommended: true`), or just `recommended`.
pub(crate) struct WindowInput;

impl JsonSchema for WindowInput {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> Cow<'static, str> {
        Cow::Borrowed("WindowInput")
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let window = generator.subschema_for::<Window>();
        if let Some(properties) = generator
            .definitions_mut()
            .get_mut("Window")
            .and_then(|w| w.get_mut("properties"))
            .and_then(|p| p.as_object_mut())
        {
            properties.insert(
                "recommended".to_owned(),
                serde_json::json!({
                    "type": "boolean",
                    "description": "Start from the recommended window: Tuesday to Thursday 10:00-12:00, avoiding the end of the month; keys given beside it replace its values."
                }),
            );
        }
        json_schema!({
            "anyOf": [
                {
                    "const": "recommended",
                    "description": "The recommended window: Tuesday to Thursday 10:00-12:00 UTC, avoiding the end of the month."
                },
                window
            ]
        })
    }
}
