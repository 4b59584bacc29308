//! Conversions between JavaScript values and relcore's types.

use std::borrow::Cow;
use std::cmp::Ordering;

use napi::Either;
use napi::bindgen_prelude::Either3;
use relcore::version::{BumpError, ParseError, Preid, PreidBase};

use crate::Version;
use crate::errors::CoreError;

/// The core version behind a `Version | string` argument (in either order of the
/// `Either`): a `Version` is borrowed, a string is parsed strictly.
pub(crate) fn version_arg<A: VersionOrText, B: VersionOrText>(
    arg: &Either<A, B>,
) -> Result<Cow<'_, relcore::version::Version>, ParseError> {
    match arg {
        Either::A(a) => a.version(),
        Either::B(b) => b.version(),
    }
}

/// One side of a `Version | string` argument.
pub(crate) trait VersionOrText {
    fn version(&self) -> Result<Cow<'_, relcore::version::Version>, ParseError>;
}

impl VersionOrText for &Version {
    fn version(&self) -> Result<Cow<'_, relcore::version::Version>, ParseError> {
        Ok(Cow::Borrowed(&self.inner))
    }
}

impl VersionOrText for String {
    fn version(&self) -> Result<Cow<'_, relcore::version::Version>, ParseError> {
        relcore::version::Version::parse(self).map(Cow::Owned)
    }
}

/// Parses every string of a list, failing on the first invalid item with its index.
pub(crate) fn version_list(texts: &[String]) -> Result<Vec<relcore::version::Version>, CoreError> {
    texts
        .iter()
        .enumerate()
        .map(|(index, text)| {
            relcore::version::Version::parse(text).map_err(|error| CoreError::Item { index, error })
        })
        .collect()
}

/// A version number as a JavaScript number; exact up to 2^53 - 1 (`Number.MAX_SAFE_INTEGER`),
/// rounded to the nearest double above.
#[allow(clippy::cast_precision_loss)] // documented: JS numbers are doubles
pub(crate) fn number(n: u64) -> f64 {
    n as f64
}

/// An ordering as the `-1 | 0 | 1` of JavaScript comparators.
pub(crate) fn ordering(ordering: Ordering) -> i32 {
    match ordering {
        Ordering::Less => -1,
        Ordering::Equal => 0,
        Ordering::Greater => 1,
    }
}

/// `preidBase`: the strings `"0"`, `"1"` (or `"false"`), the numbers `0`, `1`, or `false`,
/// each parsed with the core's `PreidBase::from_str`, so invalid values fail with
/// `invalid_base`.
fn preid_base(value: &Either3<String, f64, bool>) -> Result<PreidBase, BumpError> {
    match value {
        Either3::A(text) => text.parse(),
        Either3::B(number) => number.to_string().parse(),
        Either3::C(flag) => flag.to_string().parse(),
    }
}

impl TryFrom<&crate::BumpOptions> for Preid {
    type Error = BumpError;

    fn try_from(options: &crate::BumpOptions) -> Result<Self, Self::Error> {
        Ok(Preid {
            identifier: options.preid.clone(),
            base: options
                .preid_base
                .as_ref()
                .map(preid_base)
                .transpose()?
                .unwrap_or_default(),
        })
    }
}
