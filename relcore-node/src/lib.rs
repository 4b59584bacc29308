//! Node bindings of relcore (napi-rs): the npm package `relcore`.
//!
//! Every export converts its arguments, calls one relcore function and converts the
//! result back; failures throw a JS `Error` whose `code` is the core error kind's slug
//! (see [`errors`]). `index.d.ts` is generated from this file by `napi build`.

#![allow(
    clippy::needless_pass_by_value,
    reason = "napi-derive hands exported functions owned arguments"
)]

mod convert;
mod errors;

use napi::bindgen_prelude::Either3;
use napi::{Either, Env, Result};
use napi_derive::napi;
use relcore::version::Preid;

use crate::convert::{number, ordering, version_arg, version_list};
use crate::errors::OrThrow;

/// A SemVer 2.0.0 version: `MAJOR.MINOR.PATCH[-PRE][+BUILD]`, parsed strictly (no `v`
/// prefix, no whitespace, no leading zeros).
///
/// Invalid input throws an `Error` whose `code` is the reason (`leading_zero`,
/// `unexpected_end`, ...), with `offset` (UTF-16) and, when there is one, `hint`.
#[napi]
#[derive(Debug)]
pub struct Version {
    pub(crate) inner: relcore::version::Version,
}

/// Options of `Version#bump`: node-semver's `identifier` and `identifierBase`.
#[napi(object)]
#[derive(Debug, Default)]
pub struct BumpOptions {
    /// Pre-release identifier for the `pre*` levels, such as `rc` or `alpha.x`; none (or
    /// `""`) gives a bare counter like `1.2.4-0`. Other levels ignore it.
    /// @default undefined
    pub preid: Option<String>,
    /// Where a new pre-release counter starts: `"0"` or `0` (`1.3.0-rc.0`), `"1"` or `1`
    /// (`1.3.0-rc.1`), or `false` for no counter (`1.3.0-rc`, needs `preid`). Anything
    /// else throws with code `invalid_base`.
    /// @default "0"
    #[napi(ts_type = "'0' | '1' | false | 0 | 1")]
    pub preid_base: Option<Either3<String, f64, bool>>,
}

#[napi]
impl Version {
    /// Parses a version strictly; same as `Version.parse(text)`.
    #[napi(constructor)]
    pub fn new(env: Env, text: String) -> Result<Self> {
        Version::parse(env, text)
    }

    /// Parses a version strictly; throws an `Error` with `code`, `offset` and `hint`.
    #[napi(factory)]
    pub fn parse(env: Env, text: String) -> Result<Self> {
        let inner = relcore::version::Version::parse(&text).or_throw(env)?;
        Ok(Version { inner })
    }

    /// The major version number (a double: exact up to `Number.MAX_SAFE_INTEGER`).
    #[napi(getter)]
    pub fn major(&self) -> f64 {
        number(self.inner.major)
    }

    /// The minor version number (a double: exact up to `Number.MAX_SAFE_INTEGER`).
    #[napi(getter)]
    pub fn minor(&self) -> f64 {
        number(self.inner.minor)
    }

    /// The patch version number (a double: exact up to `Number.MAX_SAFE_INTEGER`).
    #[napi(getter)]
    pub fn patch(&self) -> f64 {
        number(self.inner.patch)
    }

    /// The pre-release identifiers joined by dots (`rc.1`); `""` for a release.
    #[napi(getter)]
    pub fn prerelease(&self) -> String {
        self.inner.pre.as_str().to_owned()
    }

    /// The build metadata (`build.5`); `""` when there is none.
    #[napi(getter)]
    pub fn build(&self) -> String {
        self.inner.build.as_str().to_owned()
    }

    /// `true` when the version has pre-release identifiers, like `1.0.0-rc.1`.
    #[napi(getter)]
    pub fn is_prerelease(&self) -> bool {
        self.inner.is_prerelease()
    }

    /// The next version by `level`, one of node-semver's increment names: `major`,
    /// `minor`, `patch`, `premajor`, `preminor`, `prepatch`, `prerelease`, `release`.
    /// Same result as node-semver's `inc`; build metadata is dropped. Throws with code
    /// `unknown_level`, `not_a_prerelease`, `invalid_identifier`, `invalid_base`,
    /// `would_not_advance`, `overflow` or `too_long`.
    #[napi]
    pub fn bump(&self, env: Env, level: String, options: Option<BumpOptions>) -> Result<Version> {
        let level = level.parse().or_throw(env)?;
        let preid = options
            .as_ref()
            .map(Preid::try_from)
            .transpose()
            .or_throw(env)?
            .unwrap_or_default();
        let inner = self.inner.bump(level, &preid).or_throw(env)?;
        Ok(Version { inner })
    }

    /// SemVer precedence against `other`: `-1`, `0` or `1`; build metadata is ignored.
    /// A string is parsed strictly first.
    #[napi]
    pub fn compare(&self, env: Env, other: Either<&Version, String>) -> Result<i32> {
        let other = version_arg(&other).or_throw(env)?;
        Ok(ordering(relcore::version::compare(&self.inner, &other)))
    }

    /// The version as written, e.g. `1.0.0-rc.1+build.5`.
    #[napi(js_name = "toString")]
    pub fn text(&self) -> String {
        self.inner.to_string()
    }

    /// The version string, so `JSON.stringify` writes `"1.2.3"`.
    #[napi(js_name = "toJSON")]
    pub fn to_json(&self) -> String {
        self.inner.to_string()
    }
}

/// SemVer precedence of `a` and `b`: `-1`, `0` or `1`; build metadata is ignored.
/// Strings are parsed strictly first.
#[napi]
pub fn compare(env: Env, a: Either<String, &Version>, b: Either<String, &Version>) -> Result<i32> {
    let a = version_arg(&a).or_throw(env)?;
    let b = version_arg(&b).or_throw(env)?;
    Ok(ordering(relcore::version::compare(&a, &b)))
}

/// Sorts version strings ascending by SemVer precedence, with build metadata as the final
/// tie-break; stable. Throws on the first invalid item, with message `item N: ...`
/// (0-based), its `code`, `offset` and `index`.
#[napi]
pub fn sort_versions(env: Env, versions: Vec<String>) -> Result<Vec<String>> {
    let mut parsed = version_list(&versions).or_throw(env)?;
    relcore::version::sort(&mut parsed);
    Ok(parsed.iter().map(ToString::to_string).collect())
}
