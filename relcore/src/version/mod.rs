//! SemVer 2.0.0 versions: strict parsing, precedence, bumping and release tags.
//!
//! ```
//! use relcore::version::{BumpLevel, Preid, TagFormat, Version};
//!
//! let current = Version::parse("1.4.2")?;
//! let next = current.bump(BumpLevel::Preminor, &Preid::new("rc"))?;
//! assert_eq!(next.to_string(), "1.5.0-rc.0");
//! assert!(next > current);
//!
//! let tag = TagFormat::default().format(&next, None)?;
//! assert_eq!(tag, "v1.5.0-rc.0");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod bump;
mod display;
mod error;
mod ident;
mod ord;
mod parse;
mod req;
mod serde;
mod tag;

pub use bump::{BumpLevel, Preid, PreidBase};
pub use error::{BumpError, BumpErrorKind, ErrorKind, ParseError, Position};
pub use ord::{compare, sort};
pub use req::{Dialect, Requirement, RequirementError, RequirementErrorKind, WorkspaceProtocol};
pub use tag::{ReleaseTag, TagError, TagErrorKind, TagFormat, TagFormatGuess};

use ident::SmallStr;

/// A SemVer 2.0.0 version: `MAJOR.MINOR.PATCH[-PRE][+BUILD]`.
///
/// # Syntax
///
/// Exactly the grammar of <https://semver.org/spec/v2.0.0.html>: three numbers without
/// leading zeros, each fitting in a `u64`; an optional pre-release after `-` made of
/// dot-separated identifiers of `[0-9A-Za-z-]` (numeric ones without leading zeros); and
/// optional build metadata after `+`, dot-separated identifiers of `[0-9A-Za-z-]`.
/// Nothing else: no `v` prefix, no whitespace, no missing parts.
///
/// # Total ordering
///
/// [`compare`] implements SemVer precedence (§11), which ignores build metadata, so
/// `1.0.0+a` and `1.0.0+b` have equal precedence. `Ord` for `Version` refines it with build
/// metadata as the final tie-break, so that it agrees with `Eq` and sorting is total and
/// deterministic.
///
/// # Errors
///
/// [`Version::parse`] rejects, among others:
///
/// - `1.5`: a version has three numbers (`unexpected_end`);
/// - `1.5.0.0`: nothing but `-` or `+` may follow the patch number (`unexpected_character`);
/// - `01.2.3`, `1.2.3-01`: leading zeros (`leading_zero`);
/// - `1.2.3-`, `1.2.3+`, `1.2.3-alpha..1`: empty identifiers (`empty_identifier`);
/// - `v1.2.3`: a release tag, not a version (`unexpected_prefix`);
/// - ` 1.2.3`: whitespace (`unexpected_character`);
/// - `18446744073709551616.0.0`: above `u64::MAX` (`overflow`).
///
/// # Example
///
/// ```
/// use relcore::version::Version;
///
/// let v = Version::parse("2.0.0-rc.1+build.5")?;
/// assert_eq!((v.major, v.minor, v.patch), (2, 0, 0));
/// assert_eq!(v.pre.as_str(), "rc.1");
/// assert_eq!(v.build.as_str(), "build.5");
/// assert_eq!(v.to_string(), "2.0.0-rc.1+build.5");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Version {
    /// Incremented for incompatible API changes.
    pub major: u64,
    /// Incremented for backwards-compatible features.
    pub minor: u64,
    /// Incremented for backwards-compatible fixes.
    pub patch: u64,
    /// Pre-release identifiers; empty for a release.
    pub pre: Prerelease,
    /// Build metadata; ignored by precedence.
    pub build: BuildMetadata,
}

impl Version {
    /// A release version with no pre-release and no build metadata.
    ///
    /// ```
    /// use relcore::version::Version;
    /// assert_eq!(Version::new(1, 2, 3).to_string(), "1.2.3");
    /// ```
    pub const fn new(major: u64, minor: u64, patch: u64) -> Version {
        Version {
            major,
            minor,
            patch,
            pre: Prerelease::EMPTY,
            build: BuildMetadata::EMPTY,
        }
    }

    /// Parses a strict SemVer 2.0.0 version; see the type docs for the grammar.
    ///
    /// ```
    /// use relcore::version::{ErrorKind, Version};
    ///
    /// assert_eq!(Version::parse("1.2.3")?, Version::new(1, 2, 3));
    ///
    /// let err = Version::parse("1.5").unwrap_err();
    /// assert_eq!(err.kind(), ErrorKind::UnexpectedEnd);
    /// assert_eq!(err.offset(), 3);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn parse(input: &str) -> Result<Version, ParseError> {
        parse::parse(input)
    }

    /// `true` when the version has pre-release identifiers, like `1.0.0-rc.1`.
    ///
    /// ```
    /// use relcore::version::Version;
    /// assert!(Version::parse("1.0.0-rc.1")?.is_prerelease());
    /// assert!(!Version::parse("1.0.0+build")?.is_prerelease());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn is_prerelease(&self) -> bool {
        !self.pre.is_empty()
    }

    /// The same version without pre-release and build metadata.
    ///
    /// ```
    /// use relcore::version::Version;
    /// assert_eq!(Version::parse("2.0.0-rc.1+b")?.release(), Version::new(2, 0, 0));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn release(&self) -> Version {
        Version::new(self.major, self.minor, self.patch)
    }
}

/// The pre-release part of a version (`rc.1` in `1.0.0-rc.1`); empty for releases.
///
/// ```
/// use relcore::version::Prerelease;
/// let pre = Prerelease::new("alpha.1")?;
/// assert_eq!(pre.identifiers().collect::<Vec<_>>(), ["alpha", "1"]);
/// assert!(Prerelease::new("alpha.01").is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Default, PartialEq, Eq, Hash)]
pub struct Prerelease(SmallStr);

impl Prerelease {
    /// The empty pre-release of a release version.
    ///
    /// ```
    /// use relcore::version::{Prerelease, Version};
    /// assert_eq!(Version::new(1, 0, 0).pre, Prerelease::EMPTY);
    /// ```
    pub const EMPTY: Prerelease = Prerelease(SmallStr::EMPTY);

    /// Validates dot-separated pre-release identifiers; the empty string is
    /// [`Prerelease::EMPTY`].
    ///
    /// ```
    /// use relcore::version::Prerelease;
    /// assert_eq!(Prerelease::new("")?, Prerelease::EMPTY);
    /// assert_eq!(Prerelease::new("rc..1").unwrap_err().kind().as_str(), "empty_identifier");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn new(text: &str) -> Result<Prerelease, ParseError> {
        parse::parse_identifiers(text, Position::Pre).map(Prerelease)
    }

    /// The identifiers joined by dots, as written.
    ///
    /// ```
    /// use relcore::version::Version;
    /// assert_eq!(Version::parse("1.0.0-rc.1")?.pre.as_str(), "rc.1");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn as_str(&self) -> &str {
        self.0.as_str()
    }

    /// `true` for a release version.
    ///
    /// ```
    /// use relcore::version::Prerelease;
    /// assert!(Prerelease::EMPTY.is_empty());
    /// assert!(!Prerelease::new("rc")?.is_empty());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The dot-separated identifiers, in order; none for a release.
    ///
    /// ```
    /// use relcore::version::Prerelease;
    /// assert_eq!(Prerelease::new("x.7.z")?.identifiers().count(), 3);
    /// assert_eq!(Prerelease::EMPTY.identifiers().count(), 0);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn identifiers(&self) -> impl Iterator<Item = &str> {
        let s = self.as_str();
        s.split('.').filter(move |_| !s.is_empty())
    }
}

/// Build metadata (`build.5` in `1.0.0+build.5`); ignored by precedence.
///
/// ```
/// use relcore::version::BuildMetadata;
/// assert_eq!(BuildMetadata::new("sha.0abc")?.as_str(), "sha.0abc");
/// assert!(BuildMetadata::new("a..b").is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Default, PartialEq, Eq, Hash)]
pub struct BuildMetadata(SmallStr);

impl BuildMetadata {
    /// No build metadata.
    ///
    /// ```
    /// use relcore::version::{BuildMetadata, Version};
    /// assert_eq!(Version::new(1, 0, 0).build, BuildMetadata::EMPTY);
    /// ```
    pub const EMPTY: BuildMetadata = BuildMetadata(SmallStr::EMPTY);

    /// Validates dot-separated build identifiers (leading zeros are allowed here); the
    /// empty string is [`BuildMetadata::EMPTY`].
    ///
    /// ```
    /// use relcore::version::BuildMetadata;
    /// assert_eq!(BuildMetadata::new("001")?.as_str(), "001");
    /// assert!(BuildMetadata::new("a+b").is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn new(text: &str) -> Result<BuildMetadata, ParseError> {
        parse::parse_identifiers(text, Position::Build).map(BuildMetadata)
    }

    /// The identifiers joined by dots, as written.
    ///
    /// ```
    /// use relcore::version::Version;
    /// assert_eq!(Version::parse("1.0.0+build.5")?.build.as_str(), "build.5");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn as_str(&self) -> &str {
        self.0.as_str()
    }

    /// `true` when there is no build metadata.
    ///
    /// ```
    /// use relcore::version::Version;
    /// assert!(Version::parse("1.0.0")?.build.is_empty());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}
