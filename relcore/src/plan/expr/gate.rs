//! Gate expressions: `error-rate < 0.1%`, `latency-p99 < 2x baseline`,
//! `success-rate > baseline - 0.5%`.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::plan::expr::error::{SyntaxError, SyntaxErrorKind};
use crate::plan::expr::metric::MetricKind;

/// A comparison operator.
///
/// ```
/// use relcore::plan::{Gate, Op};
/// assert_eq!("cpu >= 90%".parse::<Gate>()?.op, Op::Ge);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Op {
    /// `<`
    Lt,
    /// `<=`
    Le,
    /// `>`
    Gt,
    /// `>=`
    Ge,
    /// `==`
    Eq,
    /// `!=`
    Ne,
}

impl Op {
    /// The operator as written: `<`, `<=`, `>`, `>=`, `==`, `!=`.
    ///
    /// ```
    /// use relcore::plan::Op;
    /// assert_eq!(Op::Le.as_str(), "<=");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            Op::Lt => "<",
            Op::Le => "<=",
            Op::Gt => ">",
            Op::Ge => ">=",
            Op::Eq => "==",
            Op::Ne => "!=",
        }
    }

    /// Whether `value op threshold` holds. Equality is exact.
    ///
    /// ```
    /// use relcore::plan::Op;
    /// assert!(Op::Lt.compare(0.05, 0.1));
    /// assert!(!Op::Ge.compare(0.05, 0.1));
    /// ```
    pub fn compare(self, value: f64, threshold: f64) -> bool {
        match self {
            Op::Lt => value < threshold,
            Op::Le => value <= threshold,
            Op::Gt => value > threshold,
            Op::Ge => value >= threshold,
            #[allow(clippy::float_cmp)] // exact equality is what `==` asks for
            Op::Eq => value == threshold,
            #[allow(clippy::float_cmp)]
            Op::Ne => value != threshold,
        }
    }

    /// The operator that holds exactly when this one does not: `<` for `>=`.
    ///
    /// ```
    /// use relcore::plan::Op;
    /// assert_eq!(Op::Lt.negate(), Op::Ge);
    /// ```
    #[must_use]
    pub fn negate(self) -> Op {
        match self {
            Op::Lt => Op::Ge,
            Op::Le => Op::Gt,
            Op::Gt => Op::Le,
            Op::Ge => Op::Lt,
            Op::Eq => Op::Ne,
            Op::Ne => Op::Eq,
        }
    }
}

impl fmt::Display for Op {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The unit written after a threshold.
///
/// ```
/// use relcore::plan::{Gate, Threshold, Unit};
/// let g: Gate = "latency-p99 < 1.5s".parse()?;
/// assert!(matches!(g.threshold, Threshold::Value(q) if q.unit == Unit::Seconds));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    /// `%`: percent.
    Percent,
    /// `ms`: milliseconds.
    Milliseconds,
    /// `s`: seconds.
    Seconds,
    /// No unit: a count.
    Count,
}

impl Unit {
    /// The unit as written: `%`, `ms`, `s`, or `` for a count.
    ///
    /// ```
    /// use relcore::plan::Unit;
    /// assert_eq!(Unit::Milliseconds.as_str(), "ms");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            Unit::Percent => "%",
            Unit::Milliseconds => "ms",
            Unit::Seconds => "s",
            Unit::Count => "",
        }
    }

    /// The metric kind this unit measures.
    ///
    /// ```
    /// use relcore::plan::{MetricKind, Unit};
    /// assert_eq!(Unit::Seconds.kind(), MetricKind::Time);
    /// ```
    pub fn kind(self) -> MetricKind {
        match self {
            Unit::Percent => MetricKind::Percent,
            Unit::Milliseconds | Unit::Seconds => MetricKind::Time,
            Unit::Count => MetricKind::Count,
        }
    }

    /// `value` in this unit, converted to the canonical unit of its kind (percent,
    /// milliseconds, count).
    ///
    /// ```
    /// use relcore::plan::Unit;
    /// assert_eq!(Unit::Seconds.to_canonical(1.5), 1500.0);
    /// ```
    pub fn to_canonical(self, value: f64) -> f64 {
        match self {
            Unit::Seconds => value * 1000.0,
            Unit::Percent | Unit::Milliseconds | Unit::Count => value,
        }
    }
}

/// A number with its unit: `0.1%`, `200ms`, `3`.
///
/// ```
/// use relcore::plan::{Quantity, Unit};
/// assert_eq!(Quantity { value: 0.1, unit: Unit::Percent }.to_string(), "0.1%");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Quantity {
    /// The number as written.
    pub value: f64,
    /// Its unit.
    pub unit: Unit,
}

impl Quantity {
    /// The value in the canonical unit of its kind (`1s` is 1000).
    ///
    /// ```
    /// use relcore::plan::{Quantity, Unit};
    /// assert_eq!(Quantity { value: 2.0, unit: Unit::Seconds }.canonical(), 2000.0);
    /// ```
    pub fn canonical(self) -> f64 {
        self.unit.to_canonical(self.value)
    }
}

impl fmt::Display for Quantity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{}", self.value, self.unit.as_str())
    }
}

/// What a gate compares against: a fixed value or one relative to the baseline.
///
/// The baseline comes with the observations (the metric's value on the stable version),
/// as canary analysis does.
///
/// ```
/// use relcore::plan::{Gate, Threshold};
/// assert_eq!("latency-p99 < 2x baseline".parse::<Gate>()?.threshold, Threshold::Factor(2.0));
/// assert_eq!("error-rate < baseline + 0.5%".parse::<Gate>()?.threshold.to_string(), "baseline + 0.5%");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Threshold {
    /// A fixed value: `0.1%`, `200ms`, `3`.
    Value(Quantity),
    /// A multiple of the baseline: `2x baseline`.
    Factor(f64),
    /// The baseline plus (or minus) a quantity: `baseline + 0.5%`, `baseline - 1%`.
    Offset(Quantity),
}

impl Threshold {
    /// The threshold in the canonical unit of its kind, given the baseline in the same
    /// unit; `None` for a relative threshold without a baseline.
    ///
    /// ```
    /// use relcore::plan::Gate;
    /// let g: Gate = "latency-p99 < 2x baseline".parse()?;
    /// assert_eq!(g.threshold.resolve(Some(150.0)), Some(300.0));
    /// assert_eq!(g.threshold.resolve(None), None);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn resolve(self, baseline: Option<f64>) -> Option<f64> {
        match self {
            Threshold::Value(q) => Some(q.canonical()),
            Threshold::Factor(f) => baseline.map(|b| b * f),
            Threshold::Offset(q) => baseline.map(|b| b + q.canonical()),
        }
    }

    /// Whether the threshold needs a baseline.
    ///
    /// ```
    /// use relcore::plan::Gate;
    /// assert!("error-rate < baseline + 0.5%".parse::<Gate>()?.threshold.is_relative());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn is_relative(self) -> bool {
        !matches!(self, Threshold::Value(_))
    }

    /// The unit written with the threshold, if any (`None` for a factor).
    pub(crate) fn unit(self) -> Option<Unit> {
        match self {
            Threshold::Value(q) | Threshold::Offset(q) => Some(q.unit),
            Threshold::Factor(_) => None,
        }
    }
}

impl fmt::Display for Threshold {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Threshold::Value(q) => write!(f, "{q}"),
            Threshold::Factor(x) => write!(f, "{x}x baseline"),
            // `is_sign_negative`, not `< 0.0`: `baseline - 0%` is an offset of -0, which
            // must display as it was written, since `baseline + -0%` does not parse.
            Threshold::Offset(q) if q.value.is_sign_negative() => {
                write!(f, "baseline - {}{}", -q.value, q.unit.as_str())
            }
            Threshold::Offset(q) => write!(f, "baseline + {q}"),
        }
    }
}

/// A condition on one metric: `<metric> <op> <threshold>`.
///
/// In a stage's `metrics` list it is a *gate*: the stage may advance while it holds. In
/// `rollback.triggers` it is a *trigger*: the rollout rolls back when it holds.
///
/// # Syntax
///
/// ```text
/// gate      = metric op threshold
/// metric    = letters, digits, `-`, `_`, `.`, `:` or `/`     error-rate, latency-p99
/// op        = `<` | `<=` | `>` | `>=` | `==` | `!=`
/// threshold = number unit?                                  0.1%   200ms   1.5s   3
///           | number `x` `baseline`                         2x baseline
///           | `baseline` (`+` | `-`) number unit?           baseline + 0.5%
/// number    = digits (`.` digits)?, optionally signed
/// unit      = `%` | `ms` | `s`                               none for counts
/// ```
///
/// Spaces around the operator and inside the relative forms are optional. Display writes
/// the canonical spelling (`error-rate < 0.1%`), which parses back to the same gate; serde
/// goes through that string.
///
/// Whether the metric exists, and whether the unit suits it, is checked against a
/// [`Registry`](crate::plan::Registry) when a plan is validated, not here.
///
/// # Errors
///
/// - ``: empty (`empty`).
/// - `error-rate 5%`, `error-rate => 5%`, `error-rate = 5%`: no valid operator
///   (`missing_operator`).
/// - `error-rate <`, `latency-p99 < 2x`: the threshold is missing or unfinished
///   (`unexpected_end`).
/// - `error-rate < %`, `error-rate < 1.2.3%`: not a number (`invalid_number`).
/// - `error-rate < 5kg`: not `%`, `ms` or `s` (`unknown_unit`).
/// - `error-rate < 5% or 6%`: text after the threshold (`unexpected_character`).
/// - `error-rate < 1` followed by 400 zeros: too large (`overflow`).
///
/// # Example
///
/// ```
/// use relcore::plan::{Gate, Op, Threshold, Unit};
/// let g: Gate = "latency-p99<=1.5s".parse()?;
/// assert_eq!(g.metric, "latency-p99");
/// assert_eq!(g.op, Op::Le);
/// assert_eq!(g.to_string(), "latency-p99 <= 1.5s");
/// assert_eq!(g.holds(1200.0, None), Some(true));
///
/// let rel: Gate = "error-rate < baseline+0.5%".parse()?;
/// assert_eq!(rel.to_string(), "error-rate < baseline + 0.5%");
/// assert_eq!(rel.holds(0.9, Some(0.5)), Some(true));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Gate {
    /// The metric tested: `error-rate`.
    pub metric: String,
    /// The comparison.
    pub op: Op,
    /// What the metric is compared with.
    pub threshold: Threshold,
}

impl Gate {
    /// Parses a gate; the same as [`str::parse`].
    ///
    /// ```
    /// use relcore::plan::Gate;
    /// assert_eq!(Gate::parse("restarts <= 3")?.to_string(), "restarts <= 3");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn parse(text: &str) -> Result<Gate, SyntaxError> {
        text.parse()
    }

    /// Parses the condition of a rollback trigger, written without its metric
    /// (`> 5%`), as a gate on `metric`. Offsets in errors are offsets into `condition`.
    ///
    /// ```
    /// use relcore::plan::Gate;
    /// let t = Gate::parse_condition("error-rate", "> 5%")?;
    /// assert_eq!(t.to_string(), "error-rate > 5%");
    /// assert_eq!(Gate::parse_condition("error-rate", "> 5kg").unwrap_err().offset(), 3);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn parse_condition(metric: &str, condition: &str) -> Result<Gate, SyntaxError> {
        if let Some(err) = metric_name_error(metric) {
            return Err(err);
        }
        let mut p = Parser::new(condition, "trigger");
        p.skip_ws();
        if p.at_end() {
            return Err(p.error(
                SyntaxErrorKind::Empty,
                "expected a condition such as `> 5%`",
            ));
        }
        let (op, threshold) = p.condition()?;
        Ok(Gate {
            metric: metric.to_owned(),
            op,
            threshold,
        })
    }

    /// Whether the condition holds for `value` (in the metric's canonical unit: percent,
    /// milliseconds, count), given the baseline for relative thresholds; `None` when the
    /// threshold is relative and there is no baseline.
    ///
    /// ```
    /// use relcore::plan::Gate;
    /// let g: Gate = "error-rate < 0.1%".parse()?;
    /// assert_eq!(g.holds(0.05, None), Some(true));
    /// assert_eq!(g.holds(0.2, None), Some(false));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn holds(&self, value: f64, baseline: Option<f64>) -> Option<bool> {
        self.threshold
            .resolve(baseline)
            .map(|t| self.op.compare(value, t))
    }

    /// Byte offset of the threshold in the canonical text, for locating problems in it.
    pub(crate) fn parse_located(text: &str) -> Result<(Gate, usize), SyntaxError> {
        let mut p = Parser::new(text, "gate");
        p.skip_ws();
        if p.at_end() {
            return Err(p.error(
                SyntaxErrorKind::Empty,
                "expected `<metric> <op> <threshold>`, as in `error-rate < 1%`",
            ));
        }
        let metric = p.metric()?;
        p.skip_ws();
        let (op, threshold_at, threshold) = {
            let op = p.op()?;
            p.skip_ws();
            let at = p.i;
            let threshold = p.threshold()?;
            (op, at, threshold)
        };
        p.skip_ws();
        p.end()?;
        Ok((
            Gate {
                metric: metric.to_owned(),
                op,
                threshold,
            },
            threshold_at,
        ))
    }

    /// Byte offset of the threshold in `condition` text of a trigger.
    pub(crate) fn condition_threshold_offset(condition: &str) -> usize {
        let trimmed = condition.trim_start();
        let lead = condition.len() - trimmed.len();
        let op_len = trimmed
            .chars()
            .take_while(|c| matches!(c, '<' | '>' | '=' | '!'))
            .count();
        let rest = trimmed.get(op_len..).unwrap_or_default();
        lead + op_len + (rest.len() - rest.trim_start().len())
    }
}

impl FromStr for Gate {
    type Err = SyntaxError;

    fn from_str(text: &str) -> Result<Gate, SyntaxError> {
        Gate::parse_located(text).map(|(g, _)| g)
    }
}

impl fmt::Display for Gate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {} {}", self.metric, self.op, self.threshold)
    }
}

impl Serialize for Gate {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Gate {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// A hand-written scanner over one gate expression.
struct Parser<'a> {
    s: &'a str,
    i: usize,
    what: &'static str,
}

fn is_metric_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | ':' | '/')
}

/// Why `name` cannot be a metric name (the error's offsets are into `name`), if it cannot.
pub(crate) fn metric_name_error(name: &str) -> Option<SyntaxError> {
    if name.is_empty() {
        return Some(SyntaxError::new(
            SyntaxErrorKind::Empty,
            "metric name",
            name,
            0,
            "expected a metric name such as `error-rate`",
        ));
    }
    let (at, c) = name.char_indices().find(|&(_, c)| !is_metric_char(c))?;
    Some(SyntaxError::new(
        SyntaxErrorKind::UnexpectedCharacter,
        "metric name",
        name,
        at,
        format_args!(
            "`{}` cannot appear in a metric name; use letters, digits, `-`, `_`, `.`, `:` or `/`",
            c.escape_default()
        ),
    ))
}

impl<'a> Parser<'a> {
    fn new(s: &'a str, what: &'static str) -> Parser<'a> {
        Parser { s, i: 0, what }
    }

    fn rest(&self) -> &'a str {
        self.s.get(self.i..).unwrap_or_default()
    }

    fn peek(&self) -> Option<char> {
        self.rest().chars().next()
    }

    fn at_end(&self) -> bool {
        self.i >= self.s.len()
    }

    fn skip_ws(&mut self) {
        let rest = self.rest();
        self.i += rest.len() - rest.trim_start().len();
    }

    fn error(&self, kind: SyntaxErrorKind, detail: impl fmt::Display) -> SyntaxError {
        SyntaxError::new(kind, self.what, self.s, self.i, detail)
    }

    fn found(&self) -> String {
        match self.peek() {
            Some(c) => format!("found `{}`", c.escape_default()),
            None => "found the end".to_owned(),
        }
    }

    fn metric(&mut self) -> Result<&'a str, SyntaxError> {
        let start = self.i;
        let len: usize = self
            .rest()
            .chars()
            .take_while(|&c| is_metric_char(c))
            .map(char::len_utf8)
            .sum();
        if len == 0 {
            return Err(self.error(
                SyntaxErrorKind::UnexpectedCharacter,
                format_args!(
                    "expected a metric name such as `error-rate`, {}",
                    self.found()
                ),
            ));
        }
        self.i += len;
        Ok(self.s.get(start..self.i).unwrap_or_default())
    }

    fn op(&mut self) -> Result<Op, SyntaxError> {
        let rest = self.rest();
        let (op, len) = if rest.starts_with("<=") {
            (Op::Le, 2)
        } else if rest.starts_with(">=") {
            (Op::Ge, 2)
        } else if rest.starts_with("==") {
            (Op::Eq, 2)
        } else if rest.starts_with("!=") {
            (Op::Ne, 2)
        } else if rest.starts_with("=>") || rest.starts_with("=<") {
            return Err(self.error(
                SyntaxErrorKind::MissingOperator,
                "expected one of `<`, `<=`, `>`, `>=`, `==`, `!=`; write `>=` or `<=`, not `=>` or `=<`",
            ));
        } else if rest.starts_with('<') {
            (Op::Lt, 1)
        } else if rest.starts_with('>') {
            (Op::Gt, 1)
        } else if rest.starts_with('=') {
            return Err(self.error(
                SyntaxErrorKind::MissingOperator,
                "expected one of `<`, `<=`, `>`, `>=`, `==`, `!=`; write `==` for equality",
            ));
        } else {
            return Err(self.error(
                SyntaxErrorKind::MissingOperator,
                if self.what == "gate" {
                    "expected one of `<`, `<=`, `>`, `>=`, `==`, `!=` after the metric"
                } else {
                    "expected one of `<`, `<=`, `>`, `>=`, `==`, `!=`"
                },
            ));
        };
        self.i += len;
        Ok(op)
    }

    fn condition(&mut self) -> Result<(Op, Threshold), SyntaxError> {
        let op = self.op()?;
        self.skip_ws();
        let threshold = self.threshold()?;
        self.skip_ws();
        self.end()?;
        Ok((op, threshold))
    }

    fn end(&self) -> Result<(), SyntaxError> {
        if self.at_end() {
            Ok(())
        } else {
            Err(self.error(
                SyntaxErrorKind::UnexpectedCharacter,
                format_args!(
                    "unexpected `{}` after the threshold",
                    crate::plan::expr::error::quote(self.rest())
                ),
            ))
        }
    }

    fn threshold(&mut self) -> Result<Threshold, SyntaxError> {
        if self.at_end() {
            return Err(self.error(
                SyntaxErrorKind::UnexpectedEnd,
                "expected a threshold such as `1%`, `200ms`, `2x baseline` or `baseline + 0.5%`",
            ));
        }
        if self.rest().starts_with("baseline") {
            self.i += "baseline".len();
            self.skip_ws();
            let negative = match self.peek() {
                None => return Ok(Threshold::Factor(1.0)),
                Some('+') => false,
                Some('-') => true,
                Some(_) => {
                    return Err(self.error(
                        SyntaxErrorKind::UnexpectedCharacter,
                        format_args!("expected `+` or `-` after `baseline`, {}", self.found()),
                    ));
                }
            };
            self.i += 1;
            self.skip_ws();
            if matches!(self.peek(), Some('+' | '-')) {
                return Err(self.error(
                    SyntaxErrorKind::InvalidNumber,
                    "expected an unsigned number after `baseline +` or `baseline -`",
                ));
            }
            let value = self.number()?;
            let unit = self.unit()?;
            let value = if negative { -value } else { value };
            return Ok(Threshold::Offset(Quantity { value, unit }));
        }
        let value = self.number()?;
        let before_x = self.i;
        self.skip_ws();
        if self.peek() == Some('x') || self.peek() == Some('×') {
            let after = self
                .rest()
                .get(self.peek().map_or(1, char::len_utf8)..)
                .unwrap_or_default();
            if after.trim_start().starts_with("baseline") || after.trim().is_empty() {
                self.i += self.peek().map_or(1, char::len_utf8);
                self.skip_ws();
                if !self.rest().starts_with("baseline") {
                    return Err(self.error(
                        SyntaxErrorKind::UnexpectedEnd,
                        format_args!("expected `baseline` after `{value}x`"),
                    ));
                }
                self.i += "baseline".len();
                return Ok(Threshold::Factor(value));
            }
        }
        self.i = before_x;
        let unit = self.unit()?;
        Ok(Threshold::Value(Quantity { value, unit }))
    }

    fn number(&mut self) -> Result<f64, SyntaxError> {
        let start = self.i;
        let bytes = self.s.as_bytes();
        let mut j = self.i;
        if matches!(bytes.get(j), Some(b'+' | b'-')) {
            j += 1;
        }
        let int_start = j;
        while bytes.get(j).is_some_and(u8::is_ascii_digit) {
            j += 1;
        }
        if j == int_start {
            self.i = j;
            return Err(self.error(
                SyntaxErrorKind::InvalidNumber,
                format_args!("expected a number, {}", self.found()),
            ));
        }
        if bytes.get(j) == Some(&b'.') {
            let frac_start = j + 1;
            j = frac_start;
            while bytes.get(j).is_some_and(u8::is_ascii_digit) {
                j += 1;
            }
            if j == frac_start {
                self.i = j;
                return Err(self.error(
                    SyntaxErrorKind::InvalidNumber,
                    "expected digits after the decimal point",
                ));
            }
            if bytes.get(j) == Some(&b'.') {
                self.i = j;
                return Err(self.error(
                    SyntaxErrorKind::InvalidNumber,
                    "a number has at most one decimal point",
                ));
            }
        }
        let text = self.s.get(start..j).unwrap_or_default();
        let value: f64 = text.parse().map_err(|_| {
            SyntaxError::new(
                SyntaxErrorKind::InvalidNumber,
                self.what,
                self.s,
                start,
                format_args!("`{text}` is not a number"),
            )
        })?;
        if !value.is_finite() {
            return Err(SyntaxError::new(
                SyntaxErrorKind::Overflow,
                self.what,
                self.s,
                start,
                "the number is too large",
            ));
        }
        self.i = j;
        Ok(value)
    }

    fn unit(&mut self) -> Result<Unit, SyntaxError> {
        let rest = self.rest();
        if rest.starts_with('%') {
            self.i += 1;
            return Ok(Unit::Percent);
        }
        let word: String = rest.chars().take_while(char::is_ascii_alphabetic).collect();
        let unit = match word.as_str() {
            "" => return Ok(Unit::Count),
            "ms" => Unit::Milliseconds,
            "s" => Unit::Seconds,
            _ => {
                return Err(self.error(
                    SyntaxErrorKind::UnknownUnit,
                    format_args!(
                        "unknown unit `{}`; expected `%`, `ms`, `s`, or none for a count",
                        crate::plan::expr::error::quote(&word)
                    ),
                ));
            }
        };
        self.i += word.len();
        Ok(unit)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gate(s: &str) -> Gate {
        match s.parse() {
            Ok(g) => g,
            Err(e) => panic!("{s}: {e}"),
        }
    }

    fn err(s: &str) -> (&'static str, usize) {
        match s.parse::<Gate>() {
            Ok(g) => panic!("{s}: parsed as {g}"),
            Err(e) => (e.kind().as_str(), e.offset()),
        }
    }

    #[test]
    fn parses_every_form() {
        let g = gate("error-rate < 0.1%");
        assert_eq!(
            (g.metric.as_str(), g.op, g.threshold),
            (
                "error-rate",
                Op::Lt,
                Threshold::Value(Quantity {
                    value: 0.1,
                    unit: Unit::Percent
                })
            )
        );
        assert_eq!(gate("latency-p99<200ms").to_string(), "latency-p99 < 200ms");
        assert_eq!(gate(" restarts >= 3 ").threshold.unit(), Some(Unit::Count));
        assert_eq!(
            gate("latency-p99 < 2x baseline").threshold,
            Threshold::Factor(2.0)
        );
        assert_eq!(
            gate("latency-p99 < 1.5 x baseline").threshold,
            Threshold::Factor(1.5)
        );
        assert_eq!(
            gate("latency-p99 < 2xbaseline").threshold,
            Threshold::Factor(2.0)
        );
        assert_eq!(
            gate("latency-p99 <= baseline").threshold,
            Threshold::Factor(1.0)
        );
        assert_eq!(
            gate("success-rate > baseline - 0.5%").threshold,
            Threshold::Offset(Quantity {
                value: -0.5,
                unit: Unit::Percent
            })
        );
        assert_eq!(gate("cpu != 50%").op, Op::Ne);
        assert_eq!(gate("cpu == -5%").threshold.resolve(None), Some(-5.0));
        assert_eq!(gate("app:queue/depth > 10").metric, "app:queue/depth");
    }

    #[test]
    fn display_round_trips() {
        for s in [
            "error-rate < 0.1%",
            "latency-p99 <= 1.5s",
            "latency-p99 < 2x baseline",
            "error-rate < baseline + 0.5%",
            "success-rate >= baseline - 0.25%",
            "success-rate >= baseline - 0%",
            "restarts != 0",
            "availability > 99.9%",
        ] {
            let g = gate(s);
            assert_eq!(g.to_string(), s);
            assert_eq!(gate(&g.to_string()), g);
        }
        // A zero offset written with a minus sign stays readable (found by fuzzing).
        let g = gate("4\t< baseline-0 ");
        assert_eq!(g.to_string(), "4 < baseline - 0");
        assert_eq!(gate(&g.to_string()).to_string(), g.to_string());
    }

    #[test]
    fn rejects() {
        assert_eq!(err(""), ("empty", 0));
        assert_eq!(err("error-rate 5%"), ("missing_operator", 11));
        assert_eq!(err("error-rate => 5%"), ("missing_operator", 11));
        assert_eq!(err("error-rate = 5%"), ("missing_operator", 11));
        assert_eq!(err("error-rate <"), ("unexpected_end", 12));
        assert_eq!(err("latency-p99 < 2x"), ("unexpected_end", 16));
        assert_eq!(err("error-rate < %"), ("invalid_number", 13));
        assert_eq!(err("error-rate < 1.2.3%"), ("invalid_number", 16));
        assert_eq!(err("error-rate < 1.%"), ("invalid_number", 15));
        assert_eq!(err("error-rate < 5kg"), ("unknown_unit", 14));
        assert_eq!(err("error-rate < 5% or 6%"), ("unexpected_character", 16));
        assert_eq!(err("< 5%"), ("unexpected_character", 0));
        assert_eq!(err("latency < baseline * 2"), ("unexpected_character", 19));
        assert_eq!(err("latency < baseline + -2ms"), ("invalid_number", 21));
        let huge = format!("cpu < 1{}", "0".repeat(400));
        assert_eq!(err(&huge), ("overflow", 6));
        assert_eq!(err("é < 1"), ("unexpected_character", 0));
    }

    #[test]
    fn holds() {
        let g = gate("latency-p99 < 1s");
        assert_eq!(g.holds(999.0, None), Some(true));
        assert_eq!(g.holds(1000.0, None), Some(false));
        let r = gate("error-rate <= baseline + 0.5%");
        assert_eq!(r.holds(1.0, None), None);
        assert_eq!(r.holds(1.0, Some(0.5)), Some(true));
        assert_eq!(r.holds(1.01, Some(0.5)), Some(false));
    }

    #[test]
    fn conditions() {
        let t = Gate::parse_condition("latency-p99", " > 1000ms").unwrap();
        assert_eq!(t.to_string(), "latency-p99 > 1000ms");
        let e = Gate::parse_condition("x", "").unwrap_err();
        assert_eq!(e.kind(), SyntaxErrorKind::Empty);
        let e = Gate::parse_condition("x", "5%").unwrap_err();
        assert_eq!(
            (e.kind(), e.offset()),
            (SyntaxErrorKind::MissingOperator, 0)
        );
        assert_eq!(
            e.to_string(),
            "invalid trigger `5%`: expected one of `<`, `<=`, `>`, `>=`, `==`, `!=` at offset 0"
        );
        assert_eq!(Gate::condition_threshold_offset(" >= 5%"), 4);
        let e = Gate::parse_condition("error<rate", "> 1%").unwrap_err();
        assert_eq!(
            (e.kind(), e.offset()),
            (SyntaxErrorKind::UnexpectedCharacter, 5)
        );
        assert_eq!(
            Gate::parse_condition("", "> 1%").unwrap_err().kind(),
            SyntaxErrorKind::Empty
        );
        assert_eq!(Gate::parse_located("cpu < 5%").unwrap().1, 6);
    }

    #[test]
    fn serde_through_the_string() {
        let g = gate("error-rate < 0.1%");
        assert_eq!(serde_json::to_string(&g).unwrap(), "\"error-rate < 0.1%\"");
        assert_eq!(
            serde_json::from_str::<Gate>("\"error-rate<0.1%\"").unwrap(),
            g
        );
    }
}
