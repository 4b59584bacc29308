//! The one mapping from relcore's errors to thrown JavaScript errors.
//!
//! Every error thrown by this package is a plain JS `Error` read through the core's one
//! error contract (`relcore::error::Coded`): its `message` is the error's `Display`, its
//! `code` the stable slug (`leading_zero`, `invalid_policy`, `template_syntax`,
//! `not_a_repository`, ...; `docs/errors.md` lists them), and, when the error has them,
//! `offset` (in UTF-16 code units, as JavaScript indexes strings), `hint`, `template`,
//! `line` and `column` (1-based, the column counted in characters). Errors about one item
//! of a list carry its 0-based `index`, and their message starts with `item N: `. Plain
//! objects the core does not accept (a policy, a context, a config, a classification) are
//! `relcore::input` errors: the core picks the slug and names the key at fault. A plan or
//! timeline that cannot be read also throws `diagnostics` (every located problem, `offset`
//! in UTF-16 code units; empty for an unknown timeline format). A workspace planning error
//! (`dependency_cycle`, `cannot_rewrite`, ...) has the manifest's `file`, `line` and
//! `column` instead of an offset, and `cycle` (the packages around it) for a cycle.

use std::borrow::Cow;

use napi::bindgen_prelude::{JsObjectValue, JsValue};
use napi::{Env, JsError, Status};
use relcore::diagnostic::Diagnostic;
use relcore::error::Coded;
use relcore::version::{ParseError, RequirementError};
use relcore::workspace::WorkspaceError;

use crate::convert;

/// A napi-rs custom status: its string becomes the thrown error's `code`.
#[derive(Clone, Debug)]
pub(crate) struct Code(Cow<'static, str>);

impl AsRef<str> for Code {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

/// A relcore error on its way to JavaScript. (`pub` only because an async task's output
/// type names it; the module is private.)
#[derive(Debug)]
pub enum CoreError {
    /// Any relcore error, read through the one error contract ([`Coded`]).
    Coded(Box<dyn Coded + Send + Sync>),
    /// Item `index` of a list of version strings did not parse.
    Item { index: usize, error: ParseError },
    /// An error about a plan or a timeline: it also throws `diagnostics` (empty when there
    /// are none), their offsets into `text` in UTF-16 code units.
    Document {
        error: Box<dyn Coded + Send + Sync>,
        text: String,
    },
}

impl<E: Coded + Send + Sync + 'static> From<E> for CoreError {
    fn from(error: E) -> Self {
        CoreError::Coded(Box::new(error))
    }
}

impl CoreError {
    /// An error about the plan or timeline `text`.
    pub(crate) fn document(error: impl Coded + Send + Sync + 'static, text: &str) -> CoreError {
        CoreError::Document {
            error: Box::new(error),
            text: text.to_owned(),
        }
    }
}

/// The properties of the thrown `Error`.
#[derive(Default)]
struct Thrown {
    code: Cow<'static, str>,
    message: String,
    offset: Option<u32>,
    hint: Option<String>,
    index: Option<u32>,
    template: Option<String>,
    line: Option<u32>,
    column: Option<u32>,
    file: Option<String>,
    cycle: Option<Vec<String>>,
    diagnostics: Option<Vec<Diagnostic>>,
}

impl CoreError {
    fn thrown(&self) -> Thrown {
        match self {
            CoreError::Coded(error) => thrown(&**error, ""),
            CoreError::Item { index, error } => Thrown {
                message: format!("item {index}: {error}"),
                index: Some(saturating_u32(*index)),
                ..thrown(error, error.input())
            },
            CoreError::Document { error, text } => Thrown {
                diagnostics: Some(
                    error
                        .diagnostics()
                        .iter()
                        .map(|d| convert::utf16_diagnostic(text, d.clone()))
                        .collect(),
                ),
                ..thrown(&**error, text)
            },
        }
    }

    /// The napi error that throws this core error as described in the module docs.
    pub(crate) fn into_napi(self, env: Env) -> napi::Error {
        let thrown = self.thrown();
        let message = thrown.message.clone();
        build(env, thrown).unwrap_or_else(|_| napi::Error::new(Status::GenericFailure, message))
    }
}

/// The code, message, hint and location of any relcore error; a byte offset becomes a
/// UTF-16 offset into `text` (a version error's own input).
fn thrown<'a>(error: &'a (dyn Coded + Send + Sync + 'static), text: &'a str) -> Thrown {
    let at = error.location();
    let any = error as &dyn std::error::Error;
    let text = any
        .downcast_ref::<ParseError>()
        .map(ParseError::input)
        .or_else(|| {
            any.downcast_ref::<RequirementError>()
                .map(RequirementError::input)
        })
        .unwrap_or(text);
    let thrown = Thrown {
        code: error.code().to_owned().into(),
        message: error.to_string(),
        offset: at
            .offset
            .map(|offset| saturating_u32(convert::utf16_offset(text, offset))),
        hint: error.hint(),
        template: at.template,
        line: at.line.map(saturating_u32),
        column: at.column.map(saturating_u32),
        ..Thrown::default()
    };
    match any.downcast_ref::<WorkspaceError>() {
        // Located in a manifest the binding does not have: its file, line and column,
        // not a byte offset; and the packages around a cycle.
        Some(workspace) => Thrown {
            offset: None,
            file: workspace.site().map(|site| site.file.clone()),
            cycle: Some(workspace.cycle().to_vec()).filter(|cycle| !cycle.is_empty()),
            ..thrown
        },
        None => thrown,
    }
}

/// Creates the JS `Error` (napi-rs sets `code` from the custom status), adds the extra
/// properties, and wraps it so that napi-rs throws this very object.
fn build(env: Env, thrown: Thrown) -> napi::Result<napi::Error> {
    let error = napi::Error::new(Code(thrown.code), thrown.message);
    let mut object = JsError::from(error).into_unknown(env).coerce_to_object()?;
    if let Some(offset) = thrown.offset {
        object.set_named_property("offset", offset)?;
    }
    if let Some(hint) = thrown.hint {
        object.set_named_property("hint", hint)?;
    }
    if let Some(index) = thrown.index {
        object.set_named_property("index", index)?;
    }
    if let Some(template) = thrown.template {
        object.set_named_property("template", template)?;
    }
    if let Some(line) = thrown.line {
        object.set_named_property("line", line)?;
    }
    if let Some(column) = thrown.column {
        object.set_named_property("column", column)?;
    }
    if let Some(file) = thrown.file {
        object.set_named_property("file", file)?;
    }
    if let Some(cycle) = thrown.cycle {
        object.set_named_property("cycle", cycle)?;
    }
    if let Some(diagnostics) = thrown.diagnostics {
        object.set_named_property("diagnostics", env.to_js_value(&diagnostics)?)?;
    }
    Ok(napi::Error::from_unknown_without_coercion(
        object.to_unknown(),
    ))
}

/// An index, line or column as a JavaScript number.
fn saturating_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// `result.or_throw(env)?`: converts a core error with [`CoreError::into_napi`].
pub(crate) trait OrThrow<T> {
    fn or_throw(self, env: Env) -> napi::Result<T>;
}

impl<T, E: Into<CoreError>> OrThrow<T> for Result<T, E> {
    fn or_throw(self, env: Env) -> napi::Result<T> {
        self.map_err(|error| error.into().into_napi(env))
    }
}
