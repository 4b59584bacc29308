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
