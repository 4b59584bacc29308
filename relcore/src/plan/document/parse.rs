//! YAML text to a located document tree, through `serde-saphyr`, with budgets.
//!
//! The tree keeps every node's position (byte offset, 1-based line and column), every
//! mapping entry in document order, and duplicate keys, so that the model builder can
//! report every structural problem at once instead of stopping at the first.

use crate::plan::PlanCode;
use std::fmt;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::options::{AliasLimits, DuplicateKeyPolicy, NonFiniteFloatPolicy};
use serde_saphyr::{Budget, Options, Spanned};

use crate::diagnostic::{Diagnostic, Severity};

/// Largest plan text accepted, in bytes. A rollout plan with hundreds of stages and
/// services is a few dozen kilobytes; anything near this size is not a plan.
pub(crate) const MAX_PLAN_BYTES: usize = 1024 * 1024;

/// Deepest nesting of mappings and sequences accepted. Plans nest five levels deep.
const MAX_DEPTH: usize = 32;

/// A position in the plan text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub(crate) struct Pos {
    /// Byte offset in the text.
    pub offset: usize,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
}

impl Pos {
    /// The position of byte `offset` in `text`.
    pub fn in_text(text: &str, offset: usize) -> Pos {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let (line, column) = crate::diagnostic::line_column(text, offset);
        Pos {
            offset,
            line,
            column,
        }
    }
}

/// A YAML node with its position and, for scalars, its byte length in the text.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Node {
    pub value: Value,
    pub pos: Pos,
    /// Byte length of the node's text, when known (scalars).
    pub len: Option<usize>,
}

/// The value of a [`Node`].
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Value {
    Null,
    Bool(bool),
    Int(i128),
    Float(f64),
    Str(String),
    Seq(Vec<Node>),
    Map(Vec<(Node, Node)>),
}

impl Value {
    /// What kind of YAML value this is, for messages: `a string`, `a list`.
    pub fn describe(&self) -> &'static str {
        match self {
            Value::Null => "null",
            Value::Bool(_) => "a boolean",
            Value::Int(_) | Value::Float(_) => "a number",
            Value::Str(_) => "a string",
            Value::Seq(_) => "a list",
            Value::Map(_) => "a mapping",
        }
    }
}

impl Node {
    /// The node's source text, when the parser reported its extent, else a rendering of
    /// the scalar value (collections render as `[…]` / `{…}`).
    pub fn text(&self, source: &str) -> String {
        match &self.value {
            Value::Str(s) => s.clone(),
            Value::Seq(_) => "[…]".to_owned(),
            Value::Map(_) => "{…}".to_owned(),
            other => {
                if let Some(raw) = self
                    .len
                    .and_then(|len| source.get(self.pos.offset..self.pos.offset + len))
                {
                    raw.trim().to_owned()
                } else {
                    match other {
                        Value::Null => "null".to_owned(),
                        Value::Bool(b) => b.to_string(),
                        Value::Int(i) => i.to_string(),
                        Value::Float(f) => f.to_string(),
                        _ => String::new(),
                    }
                }
            }
        }
    }

    /// For a string scalar written plainly or in quotes without escapes, on one line: the
    /// number of bytes before its first character (0, or 1 for the quote).
    pub fn linear_lead(&self, source: &str) -> Option<usize> {
        let Value::Str(s) = &self.value else {
            return None;
        };
        let raw = self
            .len
            .and_then(|len| source.get(self.pos.offset..self.pos.offset + len))?;
        if s.contains('\n') {
            return None;
        }
        if raw == s {
            Some(0)
        } else if raw.len() == s.len() + 2
            && (raw.starts_with('"') || raw.starts_with('\''))
            && raw.get(1..raw.len() - 1) == Some(s.as_str())
        {
            Some(1)
        } else {
            None
        }
    }

    /// The position of byte `index` of a string scalar's value, when the scalar maps onto
    /// the source ([`Node::linear_lead`]); else the node start.
    pub fn pos_within(&self, source: &str, index: usize) -> Pos {
        let (Some(lead), Value::Str(s)) = (self.linear_lead(source), &self.value) else {
            return self.pos;
        };
        if index > s.len() || !s.is_char_boundary(index) {
            return self.pos;
        }
        Pos::in_text(source, self.pos.offset + lead + index)
    }
}

/// The result of reading YAML text: the root node, or the diagnostic that stopped it.
pub(crate) fn parse_yaml(text: &str) -> Result<Node, Box<Diagnostic>> {
    if text.len() > MAX_PLAN_BYTES {
        return Err(Box::new(Diagnostic::at(
            PlanCode::YamlLimit.as_str(),
            Severity::Error,
            text,
            0,
            format!(
                "the plan is {} bytes long, more than the {MAX_PLAN_BYTES} bytes a plan may have",
                text.len()
            ),
        )
        .with_hint("a rollout plan is a small file: check that this is the right file")));
    }
    if text.trim().is_empty() || only_comments(text) {
        return Err(Box::new(empty_plan(text)));
    }
    let raw: Spanned<RawValue> = serde_saphyr::from_str_with_options(text, options())
        .map_err(|e| Box::new(yaml_error(text, &e)))?;
    let node = convert(text, &LineIndex::new(text), raw);
    if node.value == Value::Null {
        return Err(Box::new(empty_plan(text)));
    }
    Ok(node)
}

fn empty_plan(text: &str) -> Diagnostic {
    Diagnostic::at(
        PlanCode::EmptyPlan.as_str(),
        Severity::Error,
        text,
        0,
        "the plan is empty",
    )
    .with_hint("a plan needs at least a `deployment` with a `strategy` and `stages`")
}

fn only_comments(text: &str) -> bool {
    text.lines().all(|l| {
        let l = l.trim();
        l.is_empty() || l.starts_with('#') || l == "---" || l == "..."
    })
}

/// Parser options: budgets against alias bombs, node floods and deep nesting; strict
/// booleans (`yes`/`no`/`on`/`off` stay strings); duplicate keys handed to us so that they
/// are reported with their position; non-finite floats as strings so they are reported as
/// bad values rather than bad YAML.
fn options() -> Options {
    let mut budget = Budget::default();
    budget.max_depth = MAX_DEPTH;
    budget.flow_nesting_limit = MAX_DEPTH;
    budget.max_events = 500_000;
    budget.max_nodes = 200_000;
    budget.max_aliases = 10_000;
    budget.max_anchors = 10_000;
    budget.max_documents = 1;
    budget.max_total_scalar_bytes = MAX_PLAN_BYTES;
    budget.max_recorded_anchor_events = 200_000;
    budget.max_recorded_anchor_bytes = MAX_PLAN_BYTES;
    budget.max_merge_keys = 1_000;

    let mut alias_limits = AliasLimits::default();
    alias_limits.max_total_replayed_events = 200_000;
    alias_limits.max_replay_stack_depth = MAX_DEPTH;
    alias_limits.max_alias_expansions_per_anchor = 1_000;

    let mut options = Options::default();
    options.budget = Some(budget);
    options.alias_limits = alias_limits;
    options.duplicate_keys = DuplicateKeyPolicy::PassThrough;
    options.strict_booleans = true;
    options.non_finite_float_policy = NonFiniteFloatPolicy::AsString;
    options.with_snippet = false;
    options
}

/// Turns a `serde-saphyr` error into a located diagnostic.
fn yaml_error(text: &str, err: &serde_saphyr::Error) -> Diagnostic {
    use serde_saphyr::{Error as E, MessageFormatter};
    let mut inner = err;
    while let E::AliasError { error, .. } | E::WithSnippet { error, .. } = inner {
        inner = error;
    }
    let limit = matches!(
        inner,
        E::Budget { .. }
            | E::AliasReplayLimitExceeded { .. }
            | E::AliasExpansionLimitExceeded { .. }
            | E::AliasReplayStackDepthExceeded { .. }
            | E::AliasReplayCounterOverflow { .. }
    );
    let message = first_line(&serde_saphyr::DefaultMessageFormatter.format_message(inner));
    // The scanner reports its own resource limits (nesting, key length) as plain messages.
    let limit = limit || message.contains("limit");
    let offset = err
        .location()
        .and_then(|loc| offset_of(text, loc))
        .unwrap_or(0);
    let (code, hint) = if limit {
        (
            PlanCode::YamlLimit.as_str(),
            "the plan is too large, too deeply nested, or uses too many aliases (`*name`)",
        )
    } else {
        (
            PlanCode::InvalidYaml.as_str(),
            "fix the YAML syntax: check indentation, quotes and brackets near this position",
        )
    };
    Diagnostic::at(
        code,
        Severity::Error,
        text,
        offset,
        format!("reading the plan as YAML: {}", lower_first(&message)),
    )
    .with_hint(hint)
}

fn first_line(s: &str) -> String {
    s.lines().next().unwrap_or_default().trim().to_owned()
}

fn lower_first(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The byte offset of a parser location in `text`: the span's byte offset when there is
/// one, else the offset of line/column.
fn offset_of(text: &str, loc: serde_saphyr::Location) -> Option<usize> {
    if let Some(b) = loc.span().byte_offset() {
        let b = usize::try_from(b).ok()?;
        if b <= text.len() && text.is_char_boundary(b) {
            return Some(b);
        }
    }
    let line = usize::try_from(loc.line()).ok()?;
    let column = usize::try_from(loc.column()).ok()?;
    if line == 0 {
        return None;
    }
    let mut offset = 0;
    for (i, l) in text.split_inclusive('\n').enumerate() {
        if i + 1 == line {
            let within: usize = l
                .chars()
                .take(column.saturating_sub(1))
                .map(char::len_utf8)
                .sum();
            return Some(offset + within);
        }
        offset += l.len();
    }
    Some(text.len())
}

/// Where the lines of a text start, to turn byte offsets into lines and columns without
/// rescanning the text for every node.
struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    fn new(text: &str) -> LineIndex {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex { starts }
    }

    /// The same as [`Pos::in_text`], in logarithmic time plus the length of one line.
    fn pos(&self, text: &str, offset: usize) -> Pos {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.starts.partition_point(|&s| s <= offset);
        let start = self
            .starts
            .get(line.saturating_sub(1))
            .copied()
            .unwrap_or(0);
        let column = text.get(start..offset).map_or(0, |s| s.chars().count()) + 1;
        Pos {
            offset,
            line,
            column,
        }
    }
}

fn pos_of(text: &str, index: &LineIndex, loc: serde_saphyr::Location) -> Pos {
    index.pos(text, offset_of(text, loc).unwrap_or(0))
}

fn len_of(loc: serde_saphyr::Location) -> Option<usize> {
    loc.span()
        .byte_len()
        .and_then(|l| usize::try_from(l).ok())
        .filter(|&l| l > 0)
}

fn convert(text: &str, index: &LineIndex, raw: Spanned<RawValue>) -> Node {
    let pos = pos_of(text, index, raw.referenced);
    let len = len_of(raw.referenced);
    let value = match raw.value {
        RawValue::Null => Value::Null,
        RawValue::Bool(b) => Value::Bool(b),
        RawValue::Int(i) => Value::Int(i),
        RawValue::Float(f) => Value::Float(f),
        RawValue::Str(s) => Value::Str(s),
        RawValue::Seq(items) => {
            Value::Seq(items.into_iter().map(|n| convert(text, index, n)).collect())
        }
        RawValue::Map(entries) => Value::Map(
            entries
                .into_iter()
                .map(|(k, v)| (convert(text, index, k), convert(text, index, v)))
                .collect(),
        ),
    };
    let len = match value {
        Value::Seq(_) | Value::Map(_) => None,
        _ => len,
    };
    Node { value, pos, len }
}

/// What `serde-saphyr` hands us: any YAML value, with spans on every child.
enum RawValue {
    Null,
    Bool(bool),
    Int(i128),
    Float(f64),
    Str(String),
    Seq(Vec<Spanned<RawValue>>),
    Map(Vec<(Spanned<RawValue>, Spanned<RawValue>)>),
}

impl<'de> Deserialize<'de> for RawValue {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(RawVisitor)
    }
}

struct RawVisitor;

impl<'de> Visitor<'de> for RawVisitor {
    type Value = RawValue;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any YAML value")
    }

    fn visit_unit<E: de::Error>(self) -> Result<RawValue, E> {
        Ok(RawValue::Null)
    }

    fn visit_none<E: de::Error>(self) -> Result<RawValue, E> {
        Ok(RawValue::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<RawValue, D::Error> {
        RawValue::deserialize(d)
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<RawValue, E> {
        Ok(RawValue::Bool(v))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<RawValue, E> {
        Ok(RawValue::Int(i128::from(v)))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<RawValue, E> {
        Ok(RawValue::Int(i128::from(v)))
    }

    fn visit_i128<E: de::Error>(self, v: i128) -> Result<RawValue, E> {
        Ok(RawValue::Int(v))
    }

    fn visit_u128<E: de::Error>(self, v: u128) -> Result<RawValue, E> {
        Ok(i128::try_from(v).map_or_else(|_| RawValue::Str(v.to_string()), RawValue::Int))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<RawValue, E> {
        Ok(RawValue::Float(v))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<RawValue, E> {
        Ok(RawValue::Str(v.to_owned()))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<RawValue, E> {
        Ok(RawValue::Str(v))
    }

    fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<RawValue, E> {
        Ok(RawValue::Str(String::from_utf8_lossy(v).into_owned()))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<RawValue, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element::<Spanned<RawValue>>()? {
            items.push(item);
        }
        Ok(RawValue::Seq(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RawValue, A::Error> {
        let mut entries = Vec::new();
        while let Some(key) = map.next_key::<Spanned<RawValue>>()? {
            let value = map.next_value::<Spanned<RawValue>>()?;
            entries.push((key, value));
        }
        Ok(RawValue::Map(entries))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Node {
        match parse_yaml(text) {
            Ok(n) => n,
            Err(d) => panic!("{text:?}: {d}"),
        }
    }

    fn parse_err(text: &str) -> Diagnostic {
        match parse_yaml(text) {
            Ok(n) => panic!("{text:?}: expected an error, got {n:?}"),
            Err(d) => *d,
        }
    }

    #[test]
    fn positions_of_keys_and_values() {
        let text = "a: 1\nb:\n  - x\n  - 'y z'\nc: {d: 0.5, e: true}\n";
        let root = parse(text);
        let Value::Map(entries) = &root.value else {
            panic!("{root:?}")
        };
        let (k, v) = &entries[0];
        assert_eq!((k.pos.line, k.pos.column), (1, 1));
        assert_eq!(v.value, Value::Int(1));
        assert_eq!((v.pos.line, v.pos.column, v.pos.offset), (1, 4, 3));
        let (_, b) = &entries[1];
        let Value::Seq(items) = &b.value else {
            panic!()
        };
        assert_eq!((items[1].pos.line, items[1].pos.column), (4, 5));
        assert_eq!(items[1].value, Value::Str("y z".into()));
        assert_eq!(items[1].pos_within(text, 2), Pos::in_text(text, 21));
        let (_, c) = &entries[2];
        let Value::Map(inner) = &c.value else {
            panic!()
        };
        assert_eq!(inner[0].1.value, Value::Float(0.5));
        assert_eq!(inner[0].1.text(text), "0.5");
        assert_eq!(inner[1].1.value, Value::Bool(true));
        assert_eq!((inner[1].0.pos.line, inner[1].0.pos.column), (5, 13));
    }

    #[test]
    fn line_index_agrees_with_line_column() {
        let text = "ab\ncdé\n\nxyz";
        let index = LineIndex::new(text);
        for offset in 0..=text.len() + 2 {
            assert_eq!(
                index.pos(text, offset),
                Pos::in_text(text, offset),
                "{offset}"
            );
        }
    }

    #[test]
    fn duplicate_keys_are_kept() {
        let root = parse("a: 1\na: 2\n");
        let Value::Map(entries) = &root.value else {
            panic!()
        };
        assert_eq!(entries.len(), 2);
        assert_eq!(entries[1].0.pos.line, 2);
    }

    #[test]
    fn yaml_one_one_booleans_stay_strings() {
        let root = parse("a: yes\nb: .nan\n");
        let Value::Map(entries) = &root.value else {
            panic!()
        };
        assert_eq!(entries[0].1.value, Value::Str("yes".into()));
        assert!(matches!(entries[1].1.value, Value::Str(_)));
    }

    #[test]
    fn unicode_columns_are_characters() {
        let text = "é: ü\nb: [1, 2]\n";
        let root = parse(text);
        let Value::Map(entries) = &root.value else {
            panic!()
        };
        assert_eq!((entries[0].1.pos.line, entries[0].1.pos.column), (1, 4));
        assert_eq!(entries[0].1.pos.offset, 4);
    }

    #[test]
    fn syntax_errors_are_located() {
        let d = parse_err("a: [1, 2\nb: 3\n");
        assert_eq!(d.code, "invalid_yaml");
        assert!(d.line.is_some());
        let d = parse_err("a: 'x\n");
        assert_eq!(d.code, "invalid_yaml");
        let d = parse_err("a: *nope\n");
        assert_eq!(d.code, "invalid_yaml");
    }

    #[test]
    fn empty_plans() {
        assert_eq!(parse_err("").code, "empty_plan");
        assert_eq!(parse_err("# nothing\n---\n").code, "empty_plan");
        assert_eq!(parse_err("~\n").code, "empty_plan");
    }

    #[test]
    fn alias_bomb_is_a_limit() {
        let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        text.extend((1..12).map(|i| {
            let p = i - 1;
            format!("a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n")
        }));
        let d = parse_err(&text);
        assert_eq!(d.code, "yaml_limit", "{d}");
    }

    #[test]
    fn deep_nesting_is_a_limit() {
        let text = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
        let d = parse_err(&text);
        assert_eq!(d.code, "yaml_limit", "{d}");
        let mut block = String::new();
        for i in 0..200 {
            block.push_str(&" ".repeat(i));
            block.push_str("a:\n");
        }
        let d = parse_err(&block);
        assert_eq!(d.code, "yaml_limit", "{d}");
    }

    #[test]
    fn huge_input_is_a_limit() {
        let text = format!("a: '{}'\n", "x".repeat(MAX_PLAN_BYTES));
        assert_eq!(parse_err(&text).code, "yaml_limit");
    }

    #[test]
    fn multiple_documents_are_an_error() {
        let d = parse_err("a: 1\n---\nb: 2\n");
        assert!(d.code == "invalid_yaml" || d.code == "yaml_limit", "{d}");
    }
}
