//! Bumping with node-semver's increment names and results.
//!
//! [`Version::bump`] gives, for every strictly valid input, the same result as node-semver
//! 7.x `inc(version, level, identifier, identifierBase)`, and an error wherever node-semver
//! returns `null`. One deliberate difference: where node-semver would return a version that
//! is *not greater* than the input (switching `1.2.4-beta.1` to identifier `alpha`, or
//! `1.2.4-rc.beta` to identifier `rc`), relcore refuses with `would_not_advance`, because a
//! release must never move backwards. `docs/versioning.md` has the table.

use std::fmt;
use std::str::FromStr;

use super::error::{BumpError, BumpErrorKind, quote};
use super::ident::is_numeric;
use super::{Version, compare};

/// Largest integer node-semver accepts in a version: `Number.MAX_SAFE_INTEGER`.
const MAX_SAFE_INTEGER: u64 = (1 << 53) - 1;
/// Longest version string node-semver accepts.
const MAX_LENGTH: usize = 256;

/// How to bump a version: the node-semver increment names.
///
/// | level | `1.2.3` | `1.2.3-rc.1` | `2.0.0-rc.1` |
/// |---|---|---|---|
/// | `major` | `2.0.0` | `2.0.0` | `2.0.0` |
/// | `minor` | `1.3.0` | `1.3.0` | `2.0.0` |
/// | `patch` | `1.2.4` | `1.2.3` | `2.0.0` |
/// | `premajor` | `2.0.0-0` | `2.0.0-0` | `3.0.0-0` |
/// | `preminor` | `1.3.0-0` | `1.3.0-0` | `2.1.0-0` |
/// | `prepatch` | `1.2.4-0` | `1.2.4-0` | `2.0.1-0` |
/// | `prerelease` | `1.2.4-0` | `1.2.3-rc.2` | `2.0.0-rc.2` |
/// | `release` | error | `1.2.3` | `2.0.0` |
///
/// ```
/// use relcore::version::BumpLevel;
/// let level: BumpLevel = "preminor".parse()?;
/// assert_eq!(level, BumpLevel::Preminor);
/// assert_eq!(level.to_string(), "preminor");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum BumpLevel {
    /// `1.2.3` → `2.0.0`; a pre-major `2.0.0-rc.1` → `2.0.0`.
    Major,
    /// `1.2.3` → `1.3.0`; a pre-minor `1.3.0-rc.1` → `1.3.0`.
    Minor,
    /// `1.2.3` → `1.2.4`; a pre-release `1.2.4-rc.1` → `1.2.4`.
    Patch,
    /// `1.2.3` → `2.0.0-0` (or `2.0.0-<preid>.0`).
    Premajor,
    /// `1.2.3` → `1.3.0-0`.
    Preminor,
    /// `1.2.3` → `1.2.4-0`.
    Prepatch,
    /// `1.2.3-rc.1` → `1.2.3-rc.2`; a release acts like `prepatch`.
    Prerelease,
    /// `1.2.3-rc.1` → `1.2.3`; an error for a release.
    Release,
}

impl BumpLevel {
    /// Every level, in the order of the table above.
    ///
    /// ```
    /// use relcore::version::BumpLevel;
    /// assert_eq!(BumpLevel::ALL.len(), 8);
    /// assert_eq!(BumpLevel::ALL[0], BumpLevel::Major);
    /// ```
    pub const ALL: [BumpLevel; 8] = [
        BumpLevel::Major,
        BumpLevel::Minor,
        BumpLevel::Patch,
        BumpLevel::Premajor,
        BumpLevel::Preminor,
        BumpLevel::Prepatch,
        BumpLevel::Prerelease,
        BumpLevel::Release,
    ];

    /// The node-semver name of the level, e.g. `premajor`.
    ///
    /// ```
    /// use relcore::version::BumpLevel;
    /// assert_eq!(BumpLevel::Prerelease.as_str(), "prerelease");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            BumpLevel::Major => "major",
            BumpLevel::Minor => "minor",
            BumpLevel::Patch => "patch",
            BumpLevel::Premajor => "premajor",
            BumpLevel::Preminor => "preminor",
            BumpLevel::Prepatch => "prepatch",
            BumpLevel::Prerelease => "prerelease",
            BumpLevel::Release => "release",
        }
    }

    /// `true` for the levels that produce a pre-release and use a [`Preid`].
    ///
    /// ```
    /// use relcore::version::BumpLevel;
    /// assert!(BumpLevel::Prepatch.is_pre());
    /// assert!(!BumpLevel::Release.is_pre());
    /// ```
    pub fn is_pre(self) -> bool {
        matches!(
            self,
            BumpLevel::Premajor | BumpLevel::Preminor | BumpLevel::Prepatch | BumpLevel::Prerelease
        )
    }
}

impl fmt::Display for BumpLevel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

impl FromStr for BumpLevel {
    type Err = BumpError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        BumpLevel::ALL
            .into_iter()
            .find(|level| level.as_str() == s)
            .ok_or_else(|| {
                BumpError::new(
                    BumpErrorKind::UnknownLevel,
                    format!(
                        "unknown bump level `{}`, expected one of major, minor, patch, premajor, \
                     preminor, prepatch, prerelease, release",
                        quote(s, 0)
                    ),
                )
            })
    }
}

/// The number a new pre-release counter starts at, or none: node-semver's
/// `identifierBase`.
///
/// ```
/// use relcore::version::{BumpLevel, Preid, PreidBase, Version};
/// let v = Version::parse("1.2.3")?;
/// let bump = |base| v.bump(BumpLevel::Preminor, &Preid::new("rc").with_base(base));
/// assert_eq!(bump(PreidBase::Zero)?.to_string(), "1.3.0-rc.0");
/// assert_eq!(bump(PreidBase::One)?.to_string(), "1.3.0-rc.1");
/// assert_eq!(bump(PreidBase::Bare)?.to_string(), "1.3.0-rc");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum PreidBase {
    /// Counters start at `0` (`1.3.0-rc.0`); node-semver's default, `"0"`.
    #[default]
    Zero,
    /// Counters start at `1` (`1.3.0-rc.1`); node-semver's `"1"`.
    One,
    /// No counter (`1.3.0-rc`); node-semver's `false`. Needs an identifier.
    Bare,
}

impl PreidBase {
    /// The CLI spelling: `0`, `1` or `false`.
    ///
    /// ```
    /// use relcore::version::PreidBase;
    /// assert_eq!(PreidBase::Bare.as_str(), "false");
    /// assert_eq!("1".parse::<PreidBase>()?, PreidBase::One);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            PreidBase::Zero => "0",
            PreidBase::One => "1",
            PreidBase::Bare => "false",
        }
    }

    fn start(self) -> u64 {
        u64::from(self == PreidBase::One)
    }
}

impl fmt::Display for PreidBase {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

impl FromStr for PreidBase {
    type Err = BumpError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "0" => Ok(PreidBase::Zero),
            "1" => Ok(PreidBase::One),
            "false" => Ok(PreidBase::Bare),
            other => Err(BumpError::new(
                BumpErrorKind::InvalidBase,
                format!(
                    "invalid preid base `{}`, expected 0, 1 or false",
                    quote(other, 0)
                ),
            )),
        }
    }
}

impl serde::Serialize for PreidBase {
    /// As in node-semver: the strings `"0"` and `"1"`, or `false`.
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            PreidBase::Bare => serializer.serialize_bool(false),
            other => serializer.serialize_str(other.as_str()),
        }
    }
}

impl<'de> serde::Deserialize<'de> for PreidBase {
    /// Accepts `"0"`, `"1"`, `0`, `1`, `false` and `"false"`.
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct BaseVisitor;

        impl serde::de::Visitor<'_> for BaseVisitor {
            type Value = PreidBase;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("0, 1 or false")
            }

            fn visit_bool<E: serde::de::Error>(self, v: bool) -> Result<PreidBase, E> {
                if v {
                    Err(E::custom(
                        "preid base `true` is not allowed, expected 0, 1 or false",
                    ))
                } else {
                    Ok(PreidBase::Bare)
                }
            }

            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<PreidBase, E> {
                self.visit_str(&v.to_string())
            }

            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<PreidBase, E> {
                self.visit_str(&v.to_string())
            }

            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<PreidBase, E> {
                v.parse().map_err(E::custom)
            }
        }

        deserializer.deserialize_any(BaseVisitor)
    }
}

/// The pre-release identifier and base for the `pre*` levels: node-semver's `identifier`
/// and `identifierBase`. Other levels ignore it.
///
/// ```
/// use relcore::version::{Preid, PreidBase};
/// let preid = Preid::new("beta").with_base(PreidBase::One);
/// assert_eq!(preid.identifier.as_deref(), Some("beta"));
/// assert_eq!(Preid::none(), Preid::default());
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct Preid {
    /// The identifier, such as `rc` or `alpha.x`; `None` (or empty) for a bare counter.
    #[serde(default)]
    pub identifier: Option<String>,
    /// Where a new counter starts, or [`PreidBase::Bare`] for none.
    #[serde(default)]
    pub base: PreidBase,
}

impl Preid {
    /// No identifier, base `0`: `1.2.3` → `1.2.4-0` under `prerelease`.
    ///
    /// ```
    /// use relcore::version::{BumpLevel, Preid, Version};
    /// let next = Version::parse("1.2.3")?.bump(BumpLevel::Prerelease, &Preid::none())?;
    /// assert_eq!(next.to_string(), "1.2.4-0");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn none() -> Preid {
        Preid::default()
    }

    /// An identifier with base `0`: `1.2.3` → `1.2.4-rc.0` under `prerelease`.
    ///
    /// ```
    /// use relcore::version::{BumpLevel, Preid, Version};
    /// let next = Version::parse("1.2.3")?.bump(BumpLevel::Prerelease, &Preid::new("rc"))?;
    /// assert_eq!(next.to_string(), "1.2.4-rc.0");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn new(identifier: impl Into<String>) -> Preid {
        Preid {
            identifier: Some(identifier.into()),
            base: PreidBase::Zero,
        }
    }

    /// The same identifier with another base.
    ///
    /// ```
    /// use relcore::version::{Preid, PreidBase};
    /// assert_eq!(Preid::new("rc").with_base(PreidBase::One).base, PreidBase::One);
    /// ```
    #[must_use]
    pub fn with_base(self, base: PreidBase) -> Preid {
        Preid { base, ..self }
    }

    /// The identifier, with `Some("")` treated as none, as node-semver does.
    fn identifier(&self) -> Option<&str> {
        self.identifier.as_deref().filter(|s| !s.is_empty())
    }
}

/// One pre-release identifier as node-semver holds it: a number when it is all digits
/// and below `MAX_SAFE_INTEGER`, else a string.
#[derive(Clone, Debug, PartialEq)]
enum Ident {
    Num(u64),
    Str(String),
}

impl Ident {
    fn from_node(id: &str) -> Ident {
        match id.parse::<u64>() {
            Ok(n) if is_numeric(id.as_bytes()) && n < MAX_SAFE_INTEGER => Ident::Num(n),
            _ => Ident::Str(id.to_owned()),
        }
    }

    fn text(&self) -> String {
        match self {
            Ident::Num(n) => n.to_string(),
            Ident::Str(s) => s.clone(),
        }
    }

    /// JavaScript's `isNaN(value)` for this identifier.
    fn is_nan(&self) -> bool {
        match self {
            Ident::Num(_) => false,
            Ident::Str(s) => js_number_is_nan(s),
        }
    }
}

/// `isNaN(Number(s))` for a string of `[0-9A-Za-z-]`: the JavaScript StringNumericLiteral
/// grammar restricted to those characters (no `.`, `+`, `_` or whitespace can occur).
fn js_number_is_nan(s: &str) -> bool {
    let radix = |prefix: [&str; 2], digit: fn(u8) -> bool| {
        prefix.iter().any(|p| {
            s.strip_prefix(p)
                .is_some_and(|rest| !rest.is_empty() && rest.bytes().all(digit))
        })
    };
    if radix(["0x", "0X"], |c| c.is_ascii_hexdigit())
        || radix(["0o", "0O"], |c| (b'0'..=b'7').contains(&c))
        || radix(["0b", "0B"], |c| c == b'0' || c == b'1')
    {
        return false;
    }
    let unsigned = s.strip_prefix('-').unwrap_or(s);
    if unsigned == "Infinity" {
        return false;
    }
    let (mantissa, exponent) = match unsigned.find(['e', 'E']) {
        Some(i) => (&unsigned[..i], Some(&unsigned[i + 1..])),
        None => (unsigned, None),
    };
    let digits = |t: &str| !t.is_empty() && t.bytes().all(|c| c.is_ascii_digit());
    let exponent_ok = exponent.is_none_or(|e| digits(e.strip_prefix('-').unwrap_or(e)));
    !(digits(mantissa) && exponent_ok)
}

/// node-semver's `compareIdentifiers(a, b) === 0`: all-digit identifiers compare as
/// JavaScript numbers (doubles), everything else as strings.
fn js_ident_eq(a: &Ident, b: &str) -> bool {
    let a = a.text();
    if is_numeric(a.as_bytes()) && is_numeric(b.as_bytes()) {
        a.parse::<f64>().ok() == b.parse::<f64>().ok()
    } else {
        a == b
    }
}

/// Whether `identifier` passes node-semver's check
/// `` `-${identifier}`.match(PRERELEASE)[1] === identifier ``: a valid dot-separated
/// SemVer pre-release, within the identifier lengths of node-semver's bounded regexes.
fn node_accepts_identifier(identifier: &str) -> bool {
    identifier.split('.').all(|part| {
        let bytes = part.as_bytes();
        if bytes.is_empty()
            || !bytes
                .iter()
                .all(|&c| c.is_ascii_alphanumeric() || c == b'-')
        {
            return false;
        }
        if is_numeric(bytes) {
            // `0|[1-9]\d{0,256}`
            return (bytes.len() == 1 || bytes.first() != Some(&b'0')) && bytes.len() <= 257;
        }
        // `\d{0,256}[a-zA-Z-][a-zA-Z0-9-]{0,250}`
        let digits = bytes.iter().take_while(|c| c.is_ascii_digit()).count();
        digits <= 256 && bytes.len() - digits - 1 <= 250
    })
}

/// The working state of a bump, shaped like a node-semver `SemVer` object.
struct NodeSemver {
    major: u64,
    minor: u64,
    patch: u64,
    pre: Vec<Ident>,
}

impl NodeSemver {
    fn inc_pre(
        &mut self,
        identifier: Option<&str>,
        base: PreidBase,
        input: &Version,
    ) -> Result<(), BumpError> {
        let start = base.start();
        if self.pre.is_empty() {
            self.pre = vec![Ident::Num(start)];
        } else if let Some(Ident::Num(n)) = self
            .pre
            .iter_mut()
            .rev()
            .find(|i| matches!(i, Ident::Num(_)))
        {
            // Below MAX_SAFE_INTEGER by construction, so this cannot overflow.
            *n += 1;
        } else {
            let joined: Vec<String> = self.pre.iter().map(Ident::text).collect();
            if identifier.is_some_and(|id| id == joined.join(".")) && base == PreidBase::Bare {
                return Err(BumpError::new(
                    BumpErrorKind::WouldNotAdvance,
                    format!(
                        "cannot bump `{}` with identifier `{}` and base false: the identifier is \
                         already there and has no counter to increment",
                        quote(&input.to_string(), 0),
                        joined.join(".")
                    ),
                ));
            }
            self.pre.push(Ident::Num(start));
        }
        if let Some(id) = identifier {
            let fresh = if base == PreidBase::Bare {
                vec![Ident::Str(id.to_owned())]
            } else {
                vec![Ident::Str(id.to_owned()), Ident::Num(start)]
            };
            let parts: Vec<&str> = id.split('.').collect();
            let is_prefix = parts.len() <= self.pre.len()
                && self.pre.iter().zip(&parts).all(|(a, b)| js_ident_eq(a, b));
            if !is_prefix || self.pre.get(parts.len()).is_none_or(Ident::is_nan) {
                self.pre = fresh;
            }
        }
        Ok(())
    }

    fn text(&self) -> String {
        let mut s = format!("{}.{}.{}", self.major, self.minor, self.patch);
        if !self.pre.is_empty() {
            let ids: Vec<String> = self.pre.iter().map(Ident::text).collect();
            s.push('-');
            s.push_str(&ids.join("."));
        }
        s
    }
}

impl Version {
    /// Bumps the version by `level`, like node-semver's `inc(v, level, identifier,
    /// identifierBase)`; build metadata is dropped.
    ///
    /// # Errors
    ///
    /// - `release` of a release version (`not_a_prerelease`);
    /// - a `pre*` level with an identifier that is not a valid pre-release such as `01` or
    ///   `a..b`, or with base `false` and no identifier (`invalid_identifier`);
    /// - a result that would not be greater than the input (`would_not_advance`);
    /// - a version number above 2^53 − 1 (`overflow`) or a version longer than 256
    ///   characters (`too_long`), which node-semver and npm do not accept.
    ///
    /// # Example
    ///
    /// ```
    /// use relcore::version::{BumpLevel, Preid, PreidBase, Version};
    ///
    /// let v = Version::parse("1.2.3-rc.1+build.7")?;
    /// assert_eq!(v.bump(BumpLevel::Prerelease, &Preid::none())?.to_string(), "1.2.3-rc.2");
    /// assert_eq!(v.bump(BumpLevel::Release, &Preid::none())?.to_string(), "1.2.3");
    /// assert_eq!(v.bump(BumpLevel::Major, &Preid::none())?.to_string(), "2.0.0");
    /// let beta = v.bump(BumpLevel::Premajor, &Preid::new("beta").with_base(PreidBase::One))?;
    /// assert_eq!(beta.to_string(), "2.0.0-beta.1");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn bump(&self, level: BumpLevel, preid: &Preid) -> Result<Version, BumpError> {
        self.check_node_limits()?;
        let identifier = preid.identifier();
        if level.is_pre() {
            check_identifier(identifier, preid.base)?;
        }
        let mut v = NodeSemver {
            major: self.major,
            minor: self.minor,
            patch: self.patch,
            pre: self.pre.identifiers().map(Ident::from_node).collect(),
        };
        match level {
            BumpLevel::Major => {
                if v.minor != 0 || v.patch != 0 || v.pre.is_empty() {
                    v.major += 1;
                }
                (v.minor, v.patch, v.pre) = (0, 0, Vec::new());
            }
            BumpLevel::Minor => {
                if v.patch != 0 || v.pre.is_empty() {
                    v.minor += 1;
                }
                (v.patch, v.pre) = (0, Vec::new());
            }
            BumpLevel::Patch => {
                if v.pre.is_empty() {
                    v.patch += 1;
                }
                v.pre = Vec::new();
            }
            BumpLevel::Release => {
                if v.pre.is_empty() {
                    return Err(BumpError::new(
                        BumpErrorKind::NotAPrerelease,
                        format!(
                            "cannot bump `{}` to release: it is not a pre-release",
                            quote(&self.to_string(), 0)
                        ),
                    ));
                }
                v.pre = Vec::new();
            }
            BumpLevel::Premajor => {
                (v.major, v.minor, v.patch, v.pre) = (v.major + 1, 0, 0, Vec::new());
                v.inc_pre(identifier, preid.base, self)?;
            }
            BumpLevel::Preminor => {
                (v.minor, v.patch, v.pre) = (v.minor + 1, 0, Vec::new());
                v.inc_pre(identifier, preid.base, self)?;
            }
            BumpLevel::Prepatch => {
                (v.patch, v.pre) = (v.patch + 1, Vec::new());
                v.inc_pre(identifier, preid.base, self)?;
            }
            BumpLevel::Prerelease => {
                if v.pre.is_empty() {
                    v.patch += 1;
                }
                v.inc_pre(identifier, preid.base, self)?;
            }
        }
        let text = v.text();
        let next = Version::parse(&text).map_err(|err| {
            BumpError::new(
                BumpErrorKind::InvalidIdentifier,
                format!("bumping `{self}` gave `{text}`: {err}"),
            )
        })?;
        if compare(&next, self).is_le() {
            let id = identifier
                .map(|id| format!(" and identifier `{id}`"))
                .unwrap_or_default();
            return Err(BumpError::new(
                BumpErrorKind::WouldNotAdvance,
                format!(
                    "cannot bump `{}` with {level}{id}: the result `{text}` is not greater",
                    quote(&self.to_string(), 0)
                ),
            ));
        }
        Ok(next)
    }

    /// node-semver refuses versions longer than 256 characters and numbers above
    /// `Number.MAX_SAFE_INTEGER`; so does bumping, to give the same answers.
    fn check_node_limits(&self) -> Result<(), BumpError> {
        let text = self.to_string();
        if text.len() > MAX_LENGTH {
            return Err(BumpError::new(
                BumpErrorKind::TooLong,
                format!(
                    "cannot bump `{}`: it is {} characters long, node-semver and npm accept at most {MAX_LENGTH}",
                    quote(&text, 0),
                    text.len()
                ),
            ));
        }
        for (name, n) in [
            ("major", self.major),
            ("minor", self.minor),
            ("patch", self.patch),
        ] {
            if n > MAX_SAFE_INTEGER {
                return Err(BumpError::new(
                    BumpErrorKind::Overflow,
                    format!(
                        "cannot bump `{}`: its {name} version is above {MAX_SAFE_INTEGER} (2^53 - 1), \
                         the largest node-semver and npm accept",
                        quote(&text, 0)
                    ),
                ));
            }
        }
        Ok(())
    }
}

fn check_identifier(identifier: Option<&str>, base: PreidBase) -> Result<(), BumpError> {
    match identifier {
        None if base == PreidBase::Bare => Err(BumpError::new(
            BumpErrorKind::InvalidIdentifier,
            "a pre-release identifier is required when the preid base is false".to_owned(),
        )),
        Some(id) if !node_accepts_identifier(id) => Err(BumpError::new(
            BumpErrorKind::InvalidIdentifier,
            format!(
                "invalid pre-release identifier `{}`: expected dot-separated identifiers of \
                 letters, digits and '-', numbers without leading zeros",
                quote(id, 0)
            ),
        )),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn js_nan_follows_number_grammar() {
        for s in [
            "0x1f",
            "0X1F",
            "0o17",
            "0b101",
            "1e5",
            "1E-5",
            "-5",
            "-Infinity",
            "Infinity",
            "12",
        ] {
            assert!(!js_number_is_nan(s), "{s}");
        }
        for s in [
            "beta", "-0x1", "0x", "1e", "e5", "--1", "infinity", "0b2", "1-2", "-",
        ] {
            assert!(js_number_is_nan(s), "{s}");
        }
    }

    #[test]
    fn identifiers_are_checked_like_node() {
        assert!(node_accepts_identifier("alpha.1"));
        assert!(node_accepts_identifier("-"));
        assert!(node_accepts_identifier("0a"));
        for bad in ["01", "a..b", "a+b", ".a", "a.", "é"] {
            assert!(!node_accepts_identifier(bad), "{bad}");
        }
        assert!(node_accepts_identifier(&"a".repeat(251)));
        assert!(!node_accepts_identifier(&"a".repeat(252)));
    }

    #[test]
    fn numbers_at_the_safe_limit_are_strings_like_in_node() {
        assert_eq!(
            Ident::from_node("9007199254740990"),
            Ident::Num(9_007_199_254_740_990)
        );
        assert_eq!(
            Ident::from_node("9007199254740991"),
            Ident::Str("9007199254740991".into())
        );
    }
}
