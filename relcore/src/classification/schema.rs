//! The `schema` feature's JSON Schema of a strategy as inputs write it.

use std::borrow::Cow;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};

use super::Strategy;

/// A strategy as inputs write it: its spelling, or `progressive`, read as `canary`.
pub(crate) struct StrategyInput;

impl JsonSchema for StrategyInput {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> Cow<'static, str> {
        Cow::Borrowed("StrategyInput")
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let strategy = generator.subschema_for::<Strategy>();
        json_schema!({
            "anyOf": [
                strategy,
                { "type": "string", "const": "progressive", "description": "Another name for `canary`." }
            ]
        })
    }
}
