//! Conversions between Python values and relcore's types.

use std::borrow::Cow;
use std::cmp::Ordering;

use pyo3::prelude::*;
use pyo3::pybacked::PyBackedStr;
use pyo3::types::{PyBool, PyInt, PyString};
use relcore::version::{BumpLevel, PreidBase};

use crate::_relcore::Version;
use crate::errors::BindingError;

/// A `str | Version` argument: a `Version` is cloned, a `str` is parsed strictly.
#[derive(Debug)]
pub struct VersionArg(pub relcore::version::Version);

impl<'py> FromPyObject<'_, 'py> for VersionArg {
    type Error = BindingError;

    fn extract(obj: Borrowed<'_, 'py, PyAny>) -> Result<Self, BindingError> {
        version(&obj, None).map(VersionArg)
    }
}

/// A bump level name, parsed by the core (`unknown_level` otherwise).
#[derive(Clone, Copy, Debug)]
pub struct LevelArg(pub BumpLevel);

impl<'py> FromPyObject<'_, 'py> for LevelArg {
    type Error = BindingError;

    fn extract(obj: Borrowed<'_, 'py, PyAny>) -> Result<Self, BindingError> {
        let text: Cow<'_, str> = obj.extract()?;
        Ok(LevelArg(text.parse()?))
    }
}

/// A preid base: `0`, `1`, `"0"`, `"1"` or `False`, as node-semver's `identifierBase`.
///
/// `bool` is tested before `int` because `False == 0` in Python; `True` and every other
/// value are refused with the core's `invalid_base`.
#[derive(Clone, Copy, Debug, Default)]
pub struct PreidBaseArg(pub PreidBase);

impl<'py> FromPyObject<'_, 'py> for PreidBaseArg {
    type Error = BindingError;

    fn extract(obj: Borrowed<'_, 'py, PyAny>) -> Result<Self, BindingError> {
        let text: Cow<'_, str> = if let Ok(flag) = obj.cast::<PyBool>() {
            Cow::Borrowed(if flag.is_true() { "true" } else { "false" })
        } else if obj.is_instance_of::<PyInt>() {
            match obj.extract::<i64>() {
                Ok(n) => Cow::Owned(n.to_string()),
                Err(_) => Cow::Owned(obj.str()?.to_cow()?.into_owned()),
            }
        } else if let Ok(text) = obj.cast::<PyString>() {
            Cow::Owned(text.to_cow()?.into_owned())
        } else {
            return Err(BindingError::BaseType {
                found: type_name(&obj)?,
            });
        };
        Ok(PreidBaseArg(text.parse()?))
    }
}

/// The version behind a `str | Version` value; `item` is its index in a list argument.
pub fn version(
    obj: &Bound<'_, PyAny>,
    item: Option<usize>,
) -> Result<relcore::version::Version, BindingError> {
    if let Ok(version) = obj.cast::<Version>() {
        Ok(version.get().0.clone())
    } else if let Ok(text) = obj.cast::<PyString>() {
        relcore::version::Version::parse(&PyBackedStr::try_from(text.clone())?)
            .map_err(|error| BindingError::Parse { error, item })
    } else {
        Err(BindingError::VersionType {
            found: type_name(obj)?,
            item,
        })
    }
}

/// Every version of an iterable of `str | Version`, failing on the first invalid item.
pub fn versions(
    iterable: &Bound<'_, PyAny>,
) -> Result<Vec<relcore::version::Version>, BindingError> {
    if iterable.is_instance_of::<PyString>() {
        return Err(BindingError::StrNotIterable);
    }
    iterable
        .try_iter()?
        .enumerate()
        .map(|(index, item)| version(&item?, Some(index)))
        .collect()
}

/// An ordering as the `-1 | 0 | 1` of Python comparison functions.
pub fn ordering(ordering: Ordering) -> i8 {
    match ordering {
        Ordering::Less => -1,
        Ordering::Equal => 0,
        Ordering::Greater => 1,
    }
}

/// A UTF-8 byte offset into `input` as a code-point offset, Python's string index.
pub fn code_point_offset(input: &str, offset: usize) -> usize {
    input
        .get(..offset)
        .map_or(offset, |before| before.chars().count())
}

/// The name of an object's type, for messages.
fn type_name(obj: &Bound<'_, PyAny>) -> PyResult<String> {
    Ok(obj.get_type().name()?.to_cow()?.into_owned())
}
