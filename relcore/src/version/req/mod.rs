//! Version requirements as dependencies declare them, in each ecosystem's dialect: Cargo
//! (`^1.2`, `~1.2`, `>=1, <2`, `=1.2.3`, `1.*`), npm (node-semver ranges, including
//! hyphen ranges, `||` and the `workspace:` protocol) and PEP 440 specifiers
//! (`>=1.2,<2`, `~=1.2`, `==1.2.*`, `!=1.3`).
//!
//! Every requirement is read into alternatives (npm's `||`; Cargo and PEP 440 have one),
//! each a set of comparators over [`Version`]s that must all hold, and a pre-release rule:
//!
//! - Cargo and npm: a pre-release version only matches a set when one of the set's
//!   comparators names the same `major.minor.patch` with a pre-release (`>=1.2.3-rc.1`
//!   admits `1.2.3-rc.2`, never `1.3.0-rc.1`). This is node-semver's rule without
//!   `includePrerelease`, and the `semver` crate's. Cargo also evaluates each comparator
//!   as the `semver` crate does, where a comparator with fewer than three numbers (`>=1`,
//!   `~1`) rejects the pre-releases of the versions it covers even when another comparator
//!   admits them (`1.2.3-alpha.1, >=1` does not match `1.2.3-alpha.1`); `intersects`
//!   does not model that corner.
//! - PEP 440: a pre-release matches when a `==`, `>=`, `<=`, `~=` or `===` specifier of
//!   the set names a pre-release (`packaging`'s default). `<V` for a release `V` also
//!   excludes `V`'s pre-releases.
//!
//! ```
//! use relcore::version::{Dialect, Requirement, Version};
//!
//! let req = Requirement::parse(Dialect::Npm, "^1.2.3 || ^2.0.0-rc.1")?;
//! assert!(req.matches(&Version::parse("1.9.0")?));
//! assert!(req.matches(&Version::parse("2.0.0-rc.2")?));
//! assert!(!req.matches(&Version::parse("1.9.0-beta")?));
//! assert_eq!(req.rewrite(&Version::parse("3.1.0")?)?, "^1.2.3 || ^2.0.0-rc.1 || ^3.1.0");
//!
//! let cargo = Requirement::parse(Dialect::Cargo, ">=1, <2")?;
//! assert_eq!(cargo.rewrite(&Version::new(2, 0, 0))?, ">=2, <3");
//! assert!(!cargo.intersects(&Requirement::parse(Dialect::Cargo, "^2.1")?));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod cargo;
mod interval;
mod parse;
mod rewrite;

use std::fmt;
use std::ops::Range;

use serde::{Deserialize, Serialize};

use super::Version;
use super::error::quote;
use super::ord::compare;

/// The ecosystem whose requirement syntax and rules a requirement follows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Dialect {
    /// `Cargo.toml`: `1.2` (caret), `^1.2.3`, `~1.2`, `=1.2.3`, `>=1, <2`, `*`, `1.*`.
    Cargo,
    /// `package.json`: node-semver ranges (`^1.2.3`, `~1.2`, `1.x`, `1.2 - 2.3`, `||`,
    /// `*`, ``) and the `workspace:` protocol (`workspace:*`, `workspace:^`,
    /// `workspace:~`, `workspace:<range>`).
    Npm,
    /// `pyproject.toml`: PEP 440 specifiers (`>=1.2,<2`, `~=1.2`, `==1.2.*`, `!=1.3`).
    Pep440,
}

impl Dialect {
    /// `cargo`, `npm` or `pep440`.
    ///
    /// ```
    /// use relcore::version::Dialect;
    /// assert_eq!(Dialect::Pep440.as_str(), "pep440");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            Dialect::Cargo => "cargo",
            Dialect::Npm => "npm",
            Dialect::Pep440 => "pep440",
        }
    }
}

/// Reads `cargo`, `npm` or `pep440`, as the bindings and the CLI take a dialect.
///
/// ```
/// use relcore::version::Dialect;
/// assert_eq!("pep440".parse::<Dialect>()?, Dialect::Pep440);
/// let err = "pip".parse::<Dialect>().unwrap_err();
/// assert_eq!(err.kind().as_str(), "unknown_dialect");
/// assert_eq!(
///     err.to_string(),
///     "unknown requirement dialect (expected `cargo`, `npm` or `pep440`) in `pip` at offset 0"
/// );
/// # Ok::<(), relcore::version::RequirementError>(())
/// ```
impl std::str::FromStr for Dialect {
    type Err = RequirementError;

    fn from_str(text: &str) -> Result<Dialect, RequirementError> {
        match text {
            "cargo" => Ok(Dialect::Cargo),
            "npm" => Ok(Dialect::Npm),
            "pep440" => Ok(Dialect::Pep440),
            _ => Err(RequirementError::new(
                RequirementErrorKind::UnknownDialect,
                text,
                0,
                "unknown requirement dialect (expected `cargo`, `npm` or `pep440`)",
            )),
        }
    }
}

impl fmt::Display for Dialect {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

/// One primitive condition on a version.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Pred {
    Ge(Version),
    Gt(Version),
    Le(Version),
    Lt(Version),
    Ne(Version),
    /// Outside `[a, b)`: PEP 440's `!=1.2.*`.
    Outside(Version, Version),
}

impl Pred {
    fn holds(&self, v: &Version) -> bool {
        use std::cmp::Ordering::{Equal, Greater, Less};
        match self {
            Pred::Ge(b) => compare(v, b) != Less,
            Pred::Gt(b) => compare(v, b) == Greater,
            Pred::Le(b) => compare(v, b) != Greater,
            Pred::Lt(b) => compare(v, b) == Less,
            Pred::Ne(b) => compare(v, b) != Equal,
            Pred::Outside(a, b) => compare(v, a) == Less || compare(v, b) != Less,
        }
    }
}

/// Which pre-release versions a comparator set admits.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Gate {
    /// Pre-releases of these `[major, minor, patch]` only (Cargo, npm).
    Tuples(Vec<(u64, u64, u64)>),
    /// Any pre-release (PEP 440, when a specifier names one).
    Any,
}

impl Gate {
    fn admits(&self, v: &Version) -> bool {
        !v.is_prerelease()
            || match self {
                Gate::Any => true,
                Gate::Tuples(t) => t.contains(&(v.major, v.minor, v.patch)),
            }
    }
}

/// The operator of a clause as written, for rewriting.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Op {
    /// Cargo's bare `1.2`, npm's bare `1.2.3` or `1.x`.
    Bare,
    Caret,
    Tilde,
    /// `=` (Cargo, npm) or `==` (PEP 440).
    Exact,
    /// PEP 440 `===`.
    Arbitrary,
    Ge,
    Gt,
    Le,
    Lt,
    Ne,
    /// PEP 440 `~=`.
    Compatible,
    /// The lower end of an npm hyphen range.
    HyphenLow,
    /// The upper end of an npm hyphen range.
    HyphenHigh,
}

/// A version as a requirement writes it: up to three numbers, possibly wildcards after
/// them, a pre-release on a full version.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Partial {
    /// The numbers written, in order (0 to 3 of them).
    pub(crate) parts: Vec<u64>,
    /// Wildcards written after the numbers (`1.x` has one, `1.*.*` two, `*` one).
    pub(crate) wildcards: usize,
    /// The wildcard character used (`*`, `x` or `X`), or PEP 440's `.*` suffix.
    pub(crate) wildcard_char: char,
    /// The pre-release, on a full version.
    pub(crate) pre: super::Prerelease,
    /// A `v` prefix (npm).
    pub(crate) v_prefix: bool,
}

impl Partial {
    pub(crate) fn major(&self) -> Option<u64> {
        self.parts.first().copied()
    }
    pub(crate) fn minor(&self) -> Option<u64> {
        self.parts.get(1).copied()
    }
    pub(crate) fn patch(&self) -> Option<u64> {
        self.parts.get(2).copied()
    }
}

/// One comparator as written: operator, where the version token is, and the version.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Clause {
    pub(crate) op: Op,
    /// The operator's bytes in the requirement text (empty for a bare version).
    pub(crate) op_span: Range<usize>,
    /// The version token's bytes in the requirement text.
    pub(crate) span: Range<usize>,
    pub(crate) partial: Partial,
}

/// One alternative: conditions that must all hold, its pre-release rule, its clauses.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Alt {
    pub(crate) preds: Vec<Pred>,
    pub(crate) gate: Gate,
    pub(crate) clauses: Vec<Clause>,
    /// The alternative's bytes in the requirement text.
    pub(crate) span: Range<usize>,
}

impl Alt {
    fn matches(&self, v: &Version) -> bool {
        self.preds.iter().all(|p| p.holds(v)) && self.gate.admits(v)
    }
}

/// npm's `workspace:` protocol without a range: the dependency is the workspace's own
/// package, and publishing writes its version in (`*` exactly, `^` with a caret, `~` with a
/// tilde).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum WorkspaceProtocol {
    /// `workspace:*`: published as the exact version.
    Star,
    /// `workspace:^`: published as `^version`.
    Caret,
    /// `workspace:~`: published as `~version`.
    Tilde,
}

/// A dependency's version requirement, parsed in its dialect.
///
/// Serialised as `{"dialect": "npm", "text": "^1.2.3"}`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Requirement {
    dialect: Dialect,
    text: String,
    /// `workspace:` with nothing or `*`/`^`/`~` after it.
    protocol: Option<WorkspaceProtocol>,
    alts: Vec<Alt>,
}

impl Requirement {
    /// Parses `text` as a requirement of `dialect`.
    ///
    /// ```
    /// use relcore::version::{Dialect, Requirement};
    /// let err = Requirement::parse(Dialect::Cargo, ">=1.2, <2.x.3").unwrap_err();
    /// assert_eq!(err.kind().as_str(), "misplaced_wildcard");
    /// assert_eq!(err.offset(), 12);
    /// ```
    pub fn parse(dialect: Dialect, text: &str) -> Result<Requirement, RequirementError> {
        let (protocol, alts) = match dialect {
            Dialect::Cargo => (None, parse::cargo(text)?),
            Dialect::Npm => parse::npm(text)?,
            Dialect::Pep440 => (None, parse::pep440(text)?),
        };
        Ok(Requirement {
            dialect,
            text: text.to_owned(),
            protocol,
            alts,
        })
    }

    /// The dialect it was parsed in.
    pub fn dialect(&self) -> Dialect {
        self.dialect
    }

    /// The requirement as written.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The `workspace:` protocol without a range (`workspace:*`, `workspace:^`,
    /// `workspace:~`), which always means the workspace's own version of the package.
    ///
    /// ```
    /// use relcore::version::{Dialect, Requirement, WorkspaceProtocol};
    /// let req = Requirement::parse(Dialect::Npm, "workspace:^")?;
    /// assert_eq!(req.workspace_protocol(), Some(WorkspaceProtocol::Caret));
    /// assert_eq!(Requirement::parse(Dialect::Npm, "workspace:^1.2.0")?.workspace_protocol(), None);
    /// # Ok::<(), relcore::version::RequirementError>(())
    /// ```
    pub fn workspace_protocol(&self) -> Option<WorkspaceProtocol> {
        self.protocol
    }

    /// Whether `version` satisfies the requirement. A `workspace:*`, `workspace:^` or
    /// `workspace:~` requirement is satisfied by every version: it names the workspace's
    /// own package, whatever its version ([`Requirement::resolve_protocol`] gives the range
    /// it is published as).
    pub fn matches(&self, version: &Version) -> bool {
        self.protocol.is_some()
            || self.alts.iter().any(|a| match self.dialect {
                Dialect::Cargo => cargo::matches(a, version),
                Dialect::Npm | Dialect::Pep440 => a.matches(version),
            })
    }

    /// The range a `workspace:` protocol requirement is published as when the workspace's
    /// package is at `current` (pnpm's rule: `*` → `1.2.3`, `^` → `^1.2.3`, `~` →
    /// `~1.2.3`); `None` for any other requirement.
    ///
    /// ```
    /// use relcore::version::{Dialect, Requirement, Version};
    /// let req = Requirement::parse(Dialect::Npm, "workspace:~")?;
    /// let published = req.resolve_protocol(&Version::new(1, 2, 3)).unwrap();
    /// assert_eq!(published.as_str(), "~1.2.3");
    /// assert!(!published.matches(&Version::new(1, 3, 0)));
    /// # Ok::<(), relcore::version::RequirementError>(())
    /// ```
    pub fn resolve_protocol(&self, current: &Version) -> Option<Requirement> {
        let prefix = match self.protocol? {
            WorkspaceProtocol::Star => "",
            WorkspaceProtocol::Caret => "^",
            WorkspaceProtocol::Tilde => "~",
        };
        Requirement::parse(Dialect::Npm, &format!("{prefix}{current}")).ok()
    }

    /// Whether some version satisfies both requirements.
    ///
    /// Each pair of alternatives is intersected as intervals over SemVer precedence (with
    /// `!=` holes); the pair intersects when the intersection holds a release version, or
    /// a pre-release that both alternatives' pre-release rules admit (for Cargo and npm:
    /// a pre-release of a `major.minor.patch` both name with a pre-release). Between two
    /// distinct pre-releases there is taken to be room for another, so a range like
    /// `>1.0.0-rc <1.0.0-rc.0` counts as non-empty. A `workspace:` protocol requirement
    /// without a range intersects everything.
    ///
    /// ```
    /// use relcore::version::{Dialect, Requirement};
    /// let a = Requirement::parse(Dialect::Pep440, ">=1.2,<2")?;
    /// assert!(a.intersects(&Requirement::parse(Dialect::Pep440, "~=1.5")?));
    /// assert!(!a.intersects(&Requirement::parse(Dialect::Pep440, "==2.*")?));
    /// # Ok::<(), relcore::version::RequirementError>(())
    /// ```
    pub fn intersects(&self, other: &Requirement) -> bool {
        if self.protocol.is_some() || other.protocol.is_some() {
            return true;
        }
        self.alts
            .iter()
            .any(|a| other.alts.iter().any(|b| interval::alts_intersect(a, b)))
    }

    /// The requirement rewritten to admit `version`, in the same style: the version it
    /// names becomes `version`, written with as many numbers as before (`^1.2` → `^2.0`,
    /// `~1.2.3` → `~2.0.0`, `1.*` → `2.*`, `~=1.2` → `~=2.0`), a pre-release in full
    /// (`^2.0.0-rc.1`). A bounded range keeps its width: the lower end becomes `version`
    /// and the upper end moves by as much in the first number where the two ends differ
    /// (`>=1, <2` → `>=2, <3`, `>=1.2,<1.5` → `>=1.6,<1.9` for 1.6.0, `1.2.3 - 2.3.4` →
    /// `3.0.0 - 4.3.4`). With `||`, the alternative that already admits `version` is
    /// rewritten, or else the last one is appended rewritten (`^1.0.0 || ^2.0.0` →
    /// `^1.0.0 || ^2.0.0 || ^3.0.0`). A `>` becomes `>=` (`>1.2.3` → `>=2.0.0`); `!=`
    /// clauses stay. Only the version tokens (and a `>`) change: spacing, `v` prefixes,
    /// wildcard characters and the `workspace:` prefix are kept. `workspace:*`,
    /// `workspace:^` and `workspace:~` come back unchanged.
    ///
    /// changesets keeps only the first operator and writes the new version
    /// (`>= 1.7.0 < 2` → `>=2.0.0`, losing the upper bound); cargo-workspaces and
    /// release-plz write the new version over a Cargo requirement. relcore keeps the shape,
    /// which is what a person editing the file would do.
    ///
    /// # Errors
    ///
    /// `cannot_rewrite` when the requirement has no shape to carry the version: only an
    /// upper bound (`<2`), several lower or upper bounds (`~1.2.1 >=1.2.3`), a wildcard
    /// asked to admit a pre-release, a pre-release PEP 440 cannot spell (`2.0.0-nightly`),
    /// or a rewrite that would still not admit `version`.
    ///
    /// ```
    /// use relcore::version::{Dialect, Requirement, Version};
    /// let req = Requirement::parse(Dialect::Npm, "workspace:>= 1.7.0 < 2")?;
    /// assert_eq!(req.rewrite(&Version::new(2, 0, 0))?, "workspace:>= 2.0.0 < 3");
    /// let upper = Requirement::parse(Dialect::Cargo, "<2")?;
    /// assert_eq!(upper.rewrite(&Version::new(2, 0, 0)).unwrap_err().kind().as_str(), "cannot_rewrite");
    /// # Ok::<(), relcore::version::RequirementError>(())
    /// ```
    pub fn rewrite(&self, version: &Version) -> Result<String, RequirementError> {
        if self.protocol.is_some() {
            return Ok(self.text.clone());
        }
        // As many numbers as were written, else in full (`==1.2` cannot admit 1.3.4 as
        // `==1.3`).
        let mut last = None;
        for full in [false, true] {
            match rewrite::rewrite(self, version, full) {
                Ok(out) => match Requirement::parse(self.dialect, &out) {
                    Ok(req) if req.matches(version) => return Ok(out),
                    _ => {}
                },
                Err(e) => last = Some(e),
            }
        }
        Err(last.unwrap_or_else(|| {
            rewrite::cannot(
                self,
                version,
                "the rewritten requirement would not admit it",
            )
        }))
    }
}

impl fmt::Display for Requirement {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct RequirementRepr {
    dialect: Dialect,
    text: String,
}

impl Serialize for Requirement {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        RequirementRepr {
            dialect: self.dialect,
            text: self.text.clone(),
        }
        .serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for Requirement {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let repr = RequirementRepr::deserialize(deserializer)?;
        Requirement::parse(repr.dialect, &repr.text).map_err(serde::de::Error::custom)
    }
}

/// What is wrong with a requirement: the stable kind behind a [`RequirementError`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum RequirementErrorKind {
    /// Nothing to read where Cargo and PEP 440 need a comparator: ``, `>=1,`.
    EmptyRequirement,
    /// An operator the dialect does not have: `=>1`, `^1` in PEP 440, `~=1` in npm.
    UnknownOperator,
    /// A version in the requirement is not valid: `01.2`, `1.2.3-rc..1`, a number above
    /// `u64::MAX`.
    InvalidVersion,
    /// A character that cannot appear there: `1.2.3 4` in Cargo, `>=1.2;`.
    UnexpectedCharacter,
    /// The requirement stops early: `>=`, `1.2 -`.
    UnexpectedEnd,
    /// A wildcard where none may be: `1.*.3`, `>=1.2.*` in PEP 440, `1.x-rc`.
    MisplacedWildcard,
    /// A PEP 440 version relcore's SemVer versions cannot represent: an epoch (`1!2.0`),
    /// a post or dev release (`1.0.post1`, `1.0.dev0`), a local label, more than three
    /// numbers.
    UnsupportedVersion,
    /// `~=` with a single number (`~=1`): PEP 440 needs two.
    InvalidCompatibleRelease,
    /// The requirement cannot be rewritten to admit the version; see
    /// [`Requirement::rewrite`].
    CannotRewrite,
    /// A dialect name other than `cargo`, `npm` and `pep440` (reading a [`Dialect`] from
    /// text).
    UnknownDialect,
}

impl RequirementErrorKind {
    /// Every kind, for the tests and docs that enumerate the slugs.
    pub const ALL: [RequirementErrorKind; 10] = [
        RequirementErrorKind::EmptyRequirement,
        RequirementErrorKind::UnknownOperator,
        RequirementErrorKind::InvalidVersion,
        RequirementErrorKind::UnexpectedCharacter,
        RequirementErrorKind::UnexpectedEnd,
        RequirementErrorKind::MisplacedWildcard,
        RequirementErrorKind::UnsupportedVersion,
        RequirementErrorKind::InvalidCompatibleRelease,
        RequirementErrorKind::CannotRewrite,
        RequirementErrorKind::UnknownDialect,
    ];

    /// The stable slug, e.g. `misplaced_wildcard`.
    ///
    /// ```
    /// use relcore::version::RequirementErrorKind;
    /// assert_eq!(RequirementErrorKind::CannotRewrite.as_str(), "cannot_rewrite");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            RequirementErrorKind::EmptyRequirement => "empty_requirement",
            RequirementErrorKind::UnknownOperator => "unknown_operator",
            RequirementErrorKind::InvalidVersion => "invalid_requirement_version",
            RequirementErrorKind::UnexpectedCharacter => "unexpected_character",
            RequirementErrorKind::UnexpectedEnd => "unexpected_end",
            RequirementErrorKind::MisplacedWildcard => "misplaced_wildcard",
            RequirementErrorKind::UnsupportedVersion => "unsupported_version",
            RequirementErrorKind::InvalidCompatibleRelease => "invalid_compatible_release",
            RequirementErrorKind::CannotRewrite => "cannot_rewrite",
            RequirementErrorKind::UnknownDialect => "unknown_dialect",
        }
    }
}

impl fmt::Display for RequirementErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A requirement that does not parse, or cannot be rewritten: the kind, the byte offset in
/// the requirement, and a message that quotes it.
///
/// ```
/// use relcore::version::{Dialect, Requirement};
/// let err = Requirement::parse(Dialect::Pep440, ">=1.0.post1").unwrap_err();
/// assert_eq!(err.kind().as_str(), "unsupported_version");
/// assert_eq!(err.to_string(), "unsupported PEP 440 version: post-releases have no SemVer equivalent in `>=1.0.post1` at offset 5");
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct RequirementError {
    kind: RequirementErrorKind,
    offset: usize,
    message: String,
    input: String,
    hint: Option<String>,
}

impl RequirementError {
    pub(crate) fn new(
        kind: RequirementErrorKind,
        input: &str,
        offset: usize,
        message: impl Into<String>,
    ) -> RequirementError {
        RequirementError {
            kind,
            offset,
            message: message.into(),
            input: input.to_owned(),
            hint: None,
        }
    }

    #[must_use]
    pub(crate) fn with_hint(mut self, hint: impl Into<String>) -> RequirementError {
        self.hint = Some(hint.into());
        self
    }

    /// The stable kind.
    pub fn kind(&self) -> RequirementErrorKind {
        self.kind
    }

    /// The byte offset of the problem in the requirement.
    pub fn offset(&self) -> usize {
        self.offset
    }

    /// The requirement as given.
    pub fn input(&self) -> &str {
        &self.input
    }

    /// How to fix it, when there is an obvious way.
    pub fn hint(&self) -> Option<&str> {
        self.hint.as_deref()
    }
}

impl fmt::Display for RequirementError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} in `{}` at offset {}",
            self.message,
            quote(&self.input, self.offset),
            self.offset
        )
    }
}

impl fmt::Debug for RequirementError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "RequirementError({:?})", self.to_string())
    }
}

impl std::error::Error for RequirementError {}

#[cfg(feature = "schema")]
impl schemars::JsonSchema for Requirement {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Requirement".into()
    }
    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let dialect = generator.subschema_for::<Dialect>();
        schemars::json_schema!({
            "description": "A dependency's version requirement as written, with its dialect.",
            "type": "object",
            "properties": {"dialect": dialect, "text": {"type": "string"}},
            "required": ["dialect", "text"],
            "additionalProperties": false
        })
    }
}
