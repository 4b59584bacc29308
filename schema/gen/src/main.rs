//! Writes `schema/*.json`, the JSON Schemas of relcore's public data types, from the types
//! themselves (`schemars`, the `schema` feature); with `--check`, writes nothing and fails
//! when a committed schema differs from a fresh one.
//!
//! - `relcore-toml.json`: `relcore.toml` (what `ProjectConfig` deserialises), for editors.
//! - `rollout-plan.json`: the rollout plan file (`rollout.yml`), for editors.
//! - `inputs.json`: every value the bindings and the CLI take (`$defs`), as serde reads them.
//! - `outputs.json`: every value they return (`$defs`), as serde writes them.
//!
//! `scripts/gen-types.py` turns the last two into the TypeScript declarations of the Node
//! package and the TypedDicts of the Python package.

use std::path::Path;
use std::process::ExitCode;

use schemars::generate::SchemaSettings;
use schemars::transform::{Transform, transform_subschemas};
use schemars::{JsonSchema, Schema, SchemaGenerator};
use serde_json::{Map, Value, json};

const DIALECT: &str = "https://json-schema.org/draft/2020-12/schema";
const BASE: &str = "https://raw.githubusercontent.com/relcore/relcore/main/schema/";

fn main() -> ExitCode {
    let check = match std::env::args().nth(1).as_deref() {
        None => false,
        Some("--check") => true,
        Some(other) => {
            eprintln!("usage: schema-gen [--check]  (unknown argument `{other}`)");
            return ExitCode::from(2);
        }
    };
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("schema/gen is in schema/")
        .to_owned();
    let mut stale = Vec::new();
    for (name, schema) in schemas() {
        let path = dir.join(name);
        let mut text = serde_json::to_string_pretty(&schema).expect("a schema serialises");
        text.push('\n');
        if std::fs::read_to_string(&path).ok().as_deref() == Some(text.as_str()) {
            continue;
        }
        if check {
            stale.push(path);
        } else if let Err(e) = std::fs::write(&path, text) {
            eprintln!("error: cannot write {}: {e}", path.display());
            return ExitCode::FAILURE;
        } else {
            println!("wrote {}", path.display());
        }
    }
    if stale.is_empty() {
        return ExitCode::SUCCESS;
    }
    for path in &stale {
        eprintln!("error: {} is stale", path.display());
    }
    eprintln!(
        "       Regenerate with `cargo run --manifest-path schema/gen/Cargo.toml`, then\n       `python3 scripts/gen-types.py`, review and commit the changes."
    );
    ExitCode::FAILURE
}

/// Every schema file, by name.
fn schemas() -> Vec<(&'static str, Value)> {
    vec![
        (
            "relcore-toml.json",
            root::<relcore_release::config::ProjectConfig>(
                "relcore-toml.json",
                "relcore.toml",
                "relcore's configuration of a repository's releases: tags, version bumps, \
                 changelog, history, risk policy, version files, rollout plan, release commit. \
                 Every key is optional.",
            ),
        ),
        (
            "rollout-plan.json",
            root::<relcore::plan::Plan>(
                "rollout-plan.json",
                "relcore rollout plan",
                "A rollout plan (`rollout.yml`): what changes, how traffic moves to it, when to \
                 roll back, which services deploy in which order, and when deploying is allowed. \
                 `relcore plan check` reports every problem with its line and column.",
            ),
        ),
        ("inputs.json", inputs()),
        ("outputs.json", outputs()),
    ]
}

/// The settings both contracts share: draft 2020-12, descriptions cleaned of rustdoc.
fn settings(serialize: bool) -> SchemaSettings {
    let settings = SchemaSettings::draft2020_12().with_transform(Rustdoc { serialize });
    if serialize {
        settings.for_serialize()
    } else {
        settings.for_deserialize()
    }
}

/// A root schema of a file users write, with its own `$defs`.
fn root<T: JsonSchema>(file: &str, title: &str, description: &str) -> Value {
    let schema = settings(false).into_generator().into_root_schema_for::<T>();
    let mut object = schema.to_value();
    let object = object.as_object_mut().expect("a root schema is an object");
    object.remove("title");
    object.remove("description");
    header(file, title, description, std::mem::take(object))
}

/// `$schema`, `$id`, `title` and `description` first, then `rest`.
fn header(file: &str, title: &str, description: &str, rest: Map<String, Value>) -> Value {
    let mut out = Map::new();
    out.insert("$schema".into(), json!(DIALECT));
    out.insert("$id".into(), json!(format!("{BASE}{file}")));
    out.insert("title".into(), json!(title));
    out.insert("description".into(), json!(description));
    for (key, value) in rest {
        if key != "$schema" {
            out.insert(key, value);
        }
    }
    Value::Object(out)
}

/// A file of `$defs` only: one definition per type, as one contract sees it.
fn defs(
    file: &str,
    title: &str,
    description: &str,
    mut generator: SchemaGenerator,
    add: impl FnOnce(&mut SchemaGenerator),
) -> Value {
    add(&mut generator);
    let defs = generator.take_definitions(true);
    let mut rest = Map::new();
    rest.insert("$defs".into(), Value::Object(defs));
    header(file, title, description, rest)
}

/// What the bindings and the CLI take: options, policies, configurations, timelines.
fn inputs() -> Value {
    defs(
        "inputs.json",
        "relcore inputs",
        "The values relcore takes, as its Python and Node functions and `relcore.toml` read \
         them: a key that is not required may be left out, and takes its default.",
        settings(false).into_generator(),
        |g| {
            g.subschema_for::<relcore::bump::Policy>();
            g.subschema_for::<relcore::commit::CommitInput>();
            g.subschema_for::<relcore::changelog::Config>();
            g.subschema_for::<relcore_release::config::ProjectConfig>();
            g.subschema_for::<relcore::risk::Policy>();
            g.subschema_for::<relcore::plan::Context>();
            g.subschema_for::<relcore::plan::Timeline>();
            g.subschema_for::<relcore::hotfix::HotfixRequest>();
            g.subschema_for::<relcore::hotfix::BackportsRequest>();
            g.subschema_for::<relcore::ready::ReadyFacts>();
            g.subschema_for::<relcore::ready::Checklist>();
            g.subschema_for::<relcore::plan::ReleaseRecord>();
            g.subschema_for::<relcore::announce::AnnounceRequest>();
            g.subschema_for::<relcore::metrics::MetricsInput>();
            g.subschema_for::<relcore::metrics::MetricsOptions>();
            g.subschema_for::<relcore::version::Dialect>();
            g.subschema_for::<relcore::workspace::Workspace>();
            g.subschema_for::<relcore::workspace::PackageBump>();
            g.subschema_for::<relcore::workspace::Settings>();
            g.subschema_for::<relcore::workspace::PackageTag>();
            g.subschema_for::<relcore::workspace::SetRepository>();
        },
    )
}

/// What the bindings and the CLI's `--json` return.
fn outputs() -> Value {
    defs(
        "outputs.json",
        "relcore outputs",
        "The values relcore returns, as its Python and Node functions and `relcore … --json` \
         give them: every key is present, `null` where a value is absent.",
        settings(true).into_generator(),
        |g| {
            g.subschema_for::<relcore::commit::Commit>();
            g.subschema_for::<relcore::diagnostic::Diagnostic>();
            g.subschema_for::<relcore::bump::Decision>();
            g.subschema_for::<relcore::changelog::Release>();
            g.subschema_for::<relcore_git::Tag>();
            g.subschema_for::<relcore_git::Head>();
            g.subschema_for::<relcore_git::RepoCommit>();
            g.subschema_for::<relcore_release::ReleaseReport>();
            g.subschema_for::<relcore::risk::Classification>();
            g.subschema_for::<relcore::risk::Response>();
            g.subschema_for::<relcore::risk::IncidentResponse>();
            g.subschema_for::<relcore::plan::Report>();
            g.subschema_for::<relcore::plan::Simulation>();
            g.subschema_for::<relcore::plan::ServicePlan>();
            g.subschema_for::<relcore::plan::NextWindow>();
            g.subschema_for::<relcore::hotfix::HotfixPlan>();
            g.subschema_for::<relcore::hotfix::Backports>();
            g.subschema_for::<relcore::ready::Verdict>();
            g.subschema_for::<relcore_release::ops::HotfixReport>();
            g.subschema_for::<relcore_release::ops::BackportsReport>();
            g.subschema_for::<relcore_release::ops::ReadyReport>();
            g.subschema_for::<relcore_release::workspace::VersionsReport>();
            g.subschema_for::<relcore_release::workspace::WorkspaceNext>();
            g.subschema_for::<relcore_release::workspace::WorkspaceRelease>();
            g.subschema_for::<relcore_release::sync::SyncReport>();
            g.subschema_for::<relcore_release::set::SetPlanReport>();
            g.subschema_for::<relcore_release::set::SetReleaseReport>();
            g.subschema_for::<relcore::plan::ReleaseRecord>();
            g.subschema_for::<relcore::plan::PipelineStatus>();
            g.subschema_for::<relcore::announce::Announcement>();
            g.subschema_for::<relcore::metrics::Metrics>();
            g.subschema_for::<relcore::workspace::WorkspacePlan>();
            g.subschema_for::<relcore::workspace::SyncPlan>();
            g.subschema_for::<relcore::workspace::SetPlan>();
        },
    )
}

/// Turns rustdoc into plain Markdown in every `description`: the text before the first
/// code block (doc tests come last), without a trailing "for example:" paragraph, intra-doc
/// link targets, and with JSON's `null` for Rust's `None`. It drops a `default` the schema's
/// own `type` rejects (a field whose file form differs from its Rust type) and, in the
/// serialize contract, every `default`, which only says what a missing key reads as.
#[derive(Clone, Debug)]
struct Rustdoc {
    serialize: bool,
}

impl Transform for Rustdoc {
    fn transform(&mut self, schema: &mut Schema) {
        if let Some(Value::String(text)) = schema.get_mut("description") {
            *text = plain(text);
            if text.is_empty() {
                schema.remove("description");
            }
        }
        if self.serialize || schema.get("default").is_some_and(|d| !admits(schema, d)) {
            schema.remove("default");
        }
        transform_subschemas(self, schema);
    }
}

/// Whether the `type` of `schema`, if it has one, admits `value`.
fn admits(schema: &Schema, value: &Value) -> bool {
    let kind = match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(n) if n.is_f64() => "number",
        Value::Number(_) => "integer",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    };
    let admitted = |t: &Value| t == kind || (kind == "integer" && t == "number");
    match schema.get("type") {
        None => true,
        Some(Value::Array(types)) => types.iter().any(admitted),
        Some(t) => admitted(t),
    }
}

fn plain(text: &str) -> String {
    let mut lines: Vec<String> = text
        .lines()
        .take_while(|line| !line.trim_start().starts_with("```"))
        .map(|line| unlink(line).replace("`None`", "`null`"))
        .collect();
    while lines.last().is_some_and(|line| line.trim().is_empty()) {
        lines.pop();
    }
    if lines.last().is_some_and(|line| line.ends_with(':')) {
        while lines.last().is_some_and(|line| !line.trim().is_empty()) {
            lines.pop();
        }
        while lines.last().is_some_and(|line| line.trim().is_empty()) {
            lines.pop();
        }
    }
    lines.join("\n")
}

fn unlink(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    while let Some(open) = rest.find('[') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let Some(close) = after.find(']') else {
            out.push_str(&rest[open..]);
            return out;
        };
        let label = &after[..close];
        let mut tail = &after[close + 1..];
        if label.starts_with('`') && label.ends_with('`') {
            if let Some(target) = tail.strip_prefix('(')
                && let Some(end) = target.find(')')
            {
                tail = &target[end + 1..];
            }
            out.push_str(label);
        } else {
            out.push('[');
            out.push_str(label);
            out.push(']');
        }
        rest = tail;
    }
    out.push_str(rest);
    out
}
