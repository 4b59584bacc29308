//! JSON-shaped arguments (policies, configurations, plan contexts, classifications,
//! timeline records) as JavaScript gives them.
//!
//! napi-rs converts a JavaScript value to `serde_json::Value` before the function runs,
//! and a number JSON cannot hold (`NaN`, `Infinity`) fails there, with napi's
//! `InvalidArg` code and a message about `serde_json::Number`. [`Json`] keeps that
//! failure as data, so each function reports it with the slug documented for its
//! argument (`invalid_policy`, `invalid_config`, ...), like any other bad value.

use napi::bindgen_prelude::FromNapiValue;
use napi::sys;
use relcore::input::{InputError, InputKind};

/// A JavaScript value as JSON, or why it has no JSON form.
#[derive(Clone, Debug)]
pub struct Json(Result<serde_json::Value, String>);

impl Json {
    /// The value, or why it has none.
    pub(crate) fn value(&self) -> Result<&serde_json::Value, &str> {
        self.0.as_ref().map_err(String::as_str)
    }

    /// The value for the core to read as `kind`; a value with no JSON form is an error of
    /// that kind, like any other bad value of the argument.
    pub(crate) fn input(&self, kind: InputKind) -> Result<serde_json::Value, InputError> {
        self.value()
            .cloned()
            .map_err(|reason| InputError::new(kind, reason))
    }
}

impl From<serde_json::Value> for Json {
    fn from(value: serde_json::Value) -> Self {
        Json(Ok(value))
    }
}

impl FromNapiValue for Json {
    #[allow(
        unsafe_code,
        reason = "napi-rs's conversion trait is unsafe; this delegates to its own \
                  serde_json::Value conversion with the same arguments and contract"
    )]
    unsafe fn from_napi_value(env: sys::napi_env, napi_val: sys::napi_value) -> napi::Result<Self> {
        // SAFETY: the caller upholds `from_napi_value`'s contract (a live env and a value
        // of it), which is all `serde_json::Value`'s conversion needs.
        let converted = unsafe { serde_json::Value::from_napi_value(env, napi_val) };
        Ok(Json(converted.map_err(|error| reason(&error.reason))))
    }
}

/// What napi's message means for a user.
fn reason(napi_message: &str) -> String {
    if napi_message.contains("js number") {
        "a number that is not finite (NaN or Infinity); JSON has no such number".to_owned()
    } else {
        napi_message.to_owned()
    }
}
