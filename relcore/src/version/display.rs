//! `Display` and `Debug` for the version types. `Display` is the exact inverse of
//! [`Version::parse`]: every parsed version prints back to its input.

use std::fmt;

use super::{BuildMetadata, Prerelease, Version};

impl fmt::Display for Version {
    /// Writes the canonical form and honours width, fill and alignment:
    ///
    /// ```
    /// use relcore::version::Version;
    /// let v = Version::parse("1.2.3-rc.1")?;
    /// assert_eq!(format!("[{v:>12}]"), "[  1.2.3-rc.1]");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if f.width().is_none() {
            return write_version(self, f);
        }
        let mut s = String::new();
        // Writing into a String cannot fail.
        let _ = write_version(self, &mut s);
        f.pad(&s)
    }
}

fn write_version(v: &Version, out: &mut impl fmt::Write) -> fmt::Result {
    write!(out, "{}.{}.{}", v.major, v.minor, v.patch)?;
    if !v.pre.is_empty() {
        write!(out, "-{}", v.pre.as_str())?;
    }
    if !v.build.is_empty() {
        write!(out, "+{}", v.build.as_str())?;
    }
    Ok(())
}

impl fmt::Debug for Version {
    /// Leaves out empty pre-release and build metadata.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut d = f.debug_struct("Version");
        d.field("major", &self.major)
            .field("minor", &self.minor)
            .field("patch", &self.patch);
        if !self.pre.is_empty() {
            d.field("pre", &self.pre);
        }
        if !self.build.is_empty() {
            d.field("build", &self.build);
        }
        d.finish()
    }
}

impl fmt::Display for Prerelease {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

impl fmt::Debug for Prerelease {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Prerelease({:?})", self.as_str())
    }
}

impl fmt::Display for BuildMetadata {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

impl fmt::Debug for BuildMetadata {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "BuildMetadata({:?})", self.as_str())
    }
}
