//! Serde support through the string form, so there is one grammar in one place.

use std::fmt;

use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::Version;

impl Serialize for Version {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Version {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct VersionVisitor;

        impl Visitor<'_> for VersionVisitor {
            type Value = Version;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a SemVer 2.0.0 version string")
            }

            fn visit_str<E: de::Error>(self, s: &str) -> Result<Version, E> {
                Version::parse(s).map_err(E::custom)
            }
        }

        deserializer.deserialize_str(VersionVisitor)
    }
}

#[cfg(feature = "schema")]
crate::schema::string_schema!(
    super::Version,
    "Version",
    "A SemVer 2.0.0 version, such as `1.4.2` or `2.0.0-rc.1`."
);
#[cfg(feature = "schema")]
crate::schema::string_schema!(
    super::TagFormat,
    "TagFormat",
    "How release tags are spelled: `{version}` once and, for monorepos, `{package}`, such as `v{version}` or `{package}@{version}`."
);
