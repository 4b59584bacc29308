//! Precedence (SemVer §11) and the total order used for sorting.

use std::cmp::Ordering;

use super::ident::cmp_dotted;
use super::{BuildMetadata, Prerelease, Version};

/// SemVer precedence (§11): numbers first, then a pre-release sorts before its release,
/// then pre-release identifiers; build metadata is ignored.
///
/// ```
/// use std::cmp::Ordering;
/// use relcore::version::{compare, Version};
///
/// let v = |s| Version::parse(s).unwrap();
/// assert_eq!(compare(&v("1.0.0-rc.1"), &v("1.0.0")), Ordering::Less);
/// assert_eq!(compare(&v("1.0.0-alpha.beta"), &v("1.0.0-alpha.1")), Ordering::Greater);
/// assert_eq!(compare(&v("1.0.0+a"), &v("1.0.0+b")), Ordering::Equal);
/// ```
pub fn compare(a: &Version, b: &Version) -> Ordering {
    a.major
        .cmp(&b.major)
        .then(a.minor.cmp(&b.minor))
        .then(a.patch.cmp(&b.patch))
        .then_with(|| a.pre.cmp(&b.pre))
}

/// Sorts versions by precedence, ascending, with build metadata as the final tie-break;
/// stable, so identical versions keep their input order.
///
/// ```
/// use relcore::version::{sort, Version};
///
/// let mut vs: Vec<Version> = ["1.0.0", "1.0.0-rc.1", "0.9.0", "1.0.0-alpha"]
///     .iter()
///     .map(|s| Version::parse(s))
///     .collect::<Result<_, _>>()?;
/// sort(&mut vs);
/// let sorted: Vec<String> = vs.iter().map(ToString::to_string).collect();
/// assert_eq!(sorted, ["0.9.0", "1.0.0-alpha", "1.0.0-rc.1", "1.0.0"]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn sort(versions: &mut [Version]) {
    versions.sort();
}

impl Ord for Version {
    fn cmp(&self, other: &Self) -> Ordering {
        compare(self, other).then_with(|| self.build.cmp(&other.build))
    }
}

impl PartialOrd for Version {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Prerelease {
    /// An empty pre-release (a release) sorts after every non-empty one.
    fn cmp(&self, other: &Self) -> Ordering {
        match (self.is_empty(), other.is_empty()) {
            (true, true) => Ordering::Equal,
            (true, false) => Ordering::Greater,
            (false, true) => Ordering::Less,
            (false, false) => cmp_dotted(self.0.as_bytes(), other.0.as_bytes()),
        }
    }
}

impl PartialOrd for Prerelease {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for BuildMetadata {
    /// Empty first, then identifier by identifier like pre-release identifiers (numeric by
    /// value, then bytes, so `01` and `1` stay distinct), fewer identifiers first.
    fn cmp(&self, other: &Self) -> Ordering {
        match (self.is_empty(), other.is_empty()) {
            (true, true) => Ordering::Equal,
            (true, false) => Ordering::Less,
            (false, true) => Ordering::Greater,
            (false, false) => cmp_dotted(self.0.as_bytes(), other.0.as_bytes()),
        }
    }
}

impl PartialOrd for BuildMetadata {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
