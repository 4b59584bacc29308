//! What the `schema` feature's hand-written JSON Schemas share: `string_schema!`, for
//! values whose serde form is a string (versions, tag formats, durations, gates, windows).
//! The schemas themselves live beside their types (`version`, `plan::schema`,
//! `classification::schema`).

/// Implements `JsonSchema` as an inline string schema with a description.
macro_rules! string_schema {
    ($t:ty, $name:literal, $description:literal $(, $key:literal : $value:literal)*) => {
        impl schemars::JsonSchema for $t {
            fn inline_schema() -> bool {
                true
            }

            fn schema_name() -> std::borrow::Cow<'static, str> {
                std::borrow::Cow::Borrowed($name)
            }

            fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
                schemars::json_schema!({ "type": "string", "description": $description $(, $key: $value)* })
            }
        }
    };
}

pub(crate) use string_schema;
