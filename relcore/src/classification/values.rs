//! The values a classification is made of: change type, risk, strategy, approval,
//! rollback, pace, gates; each with a stable lower-case spelling.

use std::fmt;

use serde::{Deserialize, Serialize};

/// Defines a value enum with its stable spelling: serde, `as_str`, `Display`, `FromStr`
/// and `ALL` all from one list, so the spellings cannot drift apart.
macro_rules! value_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident as $what:literal {
            $(
                $(#[$vmeta:meta])*
                $variant:ident = $slug:literal $(| $alias:literal)*
            ),+ $(,)?
        }
    ) => {
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
        #[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
        $(#[$meta])*
        pub enum $name {
            $(
                $(#[$vmeta])*
                #[serde(rename = $slug $(, alias = $alias)*)]
                $variant,
            )+
        }

        impl $name {
            #[doc = concat!(
                "Every value, in order.\n\n",
                "```\n",
                "use relcore::risk::", stringify!($name), ";\n",
                "let all = ", stringify!($name), "::ALL;\n",
                "assert!(all.windows(2).all(|w| w[0] < w[1]));\n",
                "```",
            )]
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            #[doc = concat!(
                "The stable spelling, the same in JSON, Python, Node and the CLI.\n\n",
                "```\n",
                "use relcore::risk::", stringify!($name), ";\n",
                "for value in ", stringify!($name), "::ALL {\n",
                "    assert_eq!(value.as_str().parse::<", stringify!($name), ">()?, *value);\n",
                "    assert_eq!(value.to_string(), value.as_str());\n",
                "}\n",
                "# Ok::<(), Box<dyn std::error::Error>>(())\n",
                "```",
            )]
            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $slug,)+
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.pad(self.as_str())
            }
        }

        impl std::str::FromStr for $name {
            type Err = $crate::classification::ParseError;

            fn from_str(s: &str) -> Result<Self, Self::Err> {
                match s {
                    $($slug $(| $alias)* => Ok($name::$variant),)+
                    other => Err($crate::classification::ParseError::unknown(
                        $what,
                        other,
                        vec![$($slug),+],
                    )),
                }
            }
        }
    };
}

pub(crate) use value_enum;

value_enum! {
    /// What kind of release it is.
    ///
    /// `feature` is the ordinary release (features, fixes, or both); the others are the
    /// special cases a rollout treats differently.
    ///
    /// ```
    /// use relcore::risk::ChangeType;
    /// assert_eq!("migration".parse::<ChangeType>()?, ChangeType::Migration);
    /// assert_eq!(serde_json::to_string(&ChangeType::Hotfix)?, r#""hotfix""#);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[non_exhaustive]
    pub enum ChangeType as "change type" {
        /// An ordinary release: features and fixes.
        Feature = "feature",
        /// An urgent fix, from a hotfix branch or flagged as one.
        Hotfix = "hotfix",
        /// A return to an earlier version.
        Rollback = "rollback",
        /// A change of configuration only.
        Config = "config",
        /// A release that migrates a database schema.
        Migration = "migration",
    }
}

value_enum! {
    /// How likely the release is to hurt, from `low` to `high`; ordered, so `Risk::High >
    /// Risk::Low`.
    ///
    /// ```
    /// use relcore::risk::Risk;
    /// assert!(Risk::High > Risk::Medium);
    /// assert_eq!(Risk::Medium.to_string(), "medium");
    /// ```
    pub enum Risk as "risk" {
        /// Fixes and configuration.
        Low = "low",
        /// Features.
        Medium = "medium",
        /// Breaking changes, major releases, schema migrations.
        High = "high",
    }
}

value_enum! {
    /// How the new version reaches production. The JSON spelling of [`Strategy::BlueGreen`]
    /// is `blue-green` (with a hyphen, as rollout plans write it); `progressive` is read as
    /// another name for `canary`.
    ///
    /// ```
    /// use relcore::risk::Strategy;
    /// assert_eq!(Strategy::BlueGreen.as_str(), "blue-green");
    /// assert_eq!("progressive".parse::<Strategy>()?, Strategy::Canary);
    /// let s: Strategy = serde_json::from_str(r#""progressive""#)?;
    /// assert_eq!(s, Strategy::Canary);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[non_exhaustive]
    pub enum Strategy as "strategy" {
        /// A growing share of traffic in steps, each watched before the next.
        Canary = "canary" | "progressive",
        /// A second environment with the new version; traffic switches at once, and back.
        BlueGreen = "blue-green",
        /// Instances replaced a batch at a time.
        Rolling = "rolling",
        /// Every instance stopped and started on the new version at once.
        Recreate = "recreate",
    }
}

value_enum! {
    /// Whether a person must approve the release before it goes out.
    ///
    /// ```
    /// use relcore::risk::ApprovalLevel;
    /// assert_eq!(ApprovalLevel::Required.as_str(), "required");
    /// ```
    #[non_exhaustive]
    pub enum ApprovalLevel as "approval level" {
        /// The release waits for an approval.
        Required = "required",
        /// The named people may approve, but the release does not wait.
        Optional = "optional",
    }
}

value_enum! {
    /// How a failed release is undone.
    ///
    /// ```
    /// use relcore::risk::RollbackMode;
    /// assert_eq!("manual".parse::<RollbackMode>()?, RollbackMode::Manual);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[non_exhaustive]
    pub enum RollbackMode as "rollback mode" {
        /// Rollback triggers undo the release without waiting for a person.
        Automated = "automated",
        /// A person undoes it: automated rollback is unsafe, as for schema migrations.
        Manual = "manual",
    }
}

value_enum! {
    /// How fast the release moves through its stages.
    ///
    /// ```
    /// use relcore::risk::Pace;
    /// assert_eq!(Pace::FastTrack.as_str(), "fast_track");
    /// ```
    #[non_exhaustive]
    pub enum Pace as "pace" {
        /// Every stage for its full duration.
        Standard = "standard",
        /// Shortened stages, for urgent fixes.
        FastTrack = "fast_track",
        /// At once, as a rollback must.
        Immediate = "immediate",
    }
}

value_enum! {
    /// Whether metric gates and approvals between stages hold the release.
    ///
    /// ```
    /// use relcore::risk::Gates;
    /// assert_eq!(Gates::Skippable.to_string(), "skippable");
    /// ```
    #[non_exhaustive]
    pub enum Gates as "gates" {
        /// Every gate must pass.
        Enforced = "enforced",
        /// Gates may be skipped, as when rolling back to a known version.
        Skippable = "skippable",
    }
}

value_enum! {
    /// One aspect of a classification that a rule decides. Each is decided by the first
    /// rule that sets it (see [`Policy`](crate::risk::Policy)).
    ///
    /// ```
    /// use relcore::risk::Dimension;
    /// assert_eq!(Dimension::Type.as_str(), "type");
    /// assert_eq!(Dimension::ALL.len(), 7);
    /// ```
    #[non_exhaustive]
    pub enum Dimension as "dimension" {
        /// The [`ChangeType`].
        Type = "type",
        /// The [`Risk`].
        Risk = "risk",
        /// The [`Strategy`], with its traffic steps.
        Strategy = "strategy",
        /// The [`Approval`].
        Approval = "approval",
        /// The [`RollbackMode`].
        Rollback = "rollback",
        /// The [`Pace`].
        Pace = "pace",
        /// The [`Gates`].
        Gates = "gates",
    }
}

/// Who approves a release, and whether it waits for them.
///
/// ```
/// use relcore::risk::{Approval, ApprovalLevel};
///
/// let a = Approval::required(["manager", "security"]);
/// assert_eq!(a.level, ApprovalLevel::Required);
/// assert_eq!(a.to_string(), "required by manager, security");
/// assert_eq!(serde_json::to_string(&a)?, r#"{"level":"required","by":["manager","security"]}"#);
/// assert_eq!(Approval::optional(Vec::<String>::new()).to_string(), "optional");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Approval {
    /// Required or optional.
    pub level: ApprovalLevel,
    /// Who approves: roles or teams, such as `release-manager` or `security`, in order.
    #[serde(default)]
    pub by: Vec<String>,
}

impl Approval {
    /// An approval the release waits for.
    ///
    /// ```
    /// use relcore::risk::Approval;
    /// assert_eq!(Approval::required(["release-manager"]).by, ["release-manager"]);
    /// ```
    pub fn required<S: Into<String>>(by: impl IntoIterator<Item = S>) -> Approval {
        Approval {
            level: ApprovalLevel::Required,
            by: by.into_iter().map(Into::into).collect(),
        }
    }

    /// An approval the release does not wait for.
    ///
    /// ```
    /// use relcore::risk::{Approval, ApprovalLevel};
    /// assert_eq!(Approval::optional(["team-lead"]).level, ApprovalLevel::Optional);
    /// ```
    pub fn optional<S: Into<String>>(by: impl IntoIterator<Item = S>) -> Approval {
        Approval {
            level: ApprovalLevel::Optional,
            by: by.into_iter().map(Into::into).collect(),
        }
    }

    /// `true` when the release waits for the approval.
    ///
    /// ```
    /// use relcore::risk::Approval;
    /// assert!(Approval::required(["qa"]).is_required());
    /// assert!(!Approval::optional(["qa"]).is_required());
    /// ```
    pub fn is_required(&self) -> bool {
        self.level == ApprovalLevel::Required
    }
}

impl fmt::Display for Approval {
    /// `required by manager, security`, or `optional` when nobody is named.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.level.as_str())?;
        if !self.by.is_empty() {
            write!(f, " by {}", self.by.join(", "))?;
        }
        Ok(())
    }
}

/// Traffic steps as a message shows them: `20 → 50 → 100`.
pub(crate) fn steps_text(steps: &[u8]) -> String {
    let parts: Vec<String> = steps.iter().map(ToString::to_string).collect();
    parts.join(" → ")
}

#[cfg(test)]
mod tests {
    use super::{ChangeType, Dimension, Gates, Pace, Risk, RollbackMode, Strategy};

    /// The serde spelling and `as_str` agree for every value.
    #[test]
    fn serde_and_as_str_agree() {
        fn check<
            T: serde::Serialize + serde::de::DeserializeOwned + PartialEq + std::fmt::Debug + Copy,
        >(
            all: &[T],
            as_str: fn(T) -> &'static str,
        ) {
            for v in all {
                let json = serde_json::to_string(v).unwrap();
                assert_eq!(json, format!("\"{}\"", as_str(*v)));
                assert_eq!(serde_json::from_str::<T>(&json).unwrap(), *v);
            }
        }
        check(ChangeType::ALL, ChangeType::as_str);
        check(Risk::ALL, Risk::as_str);
        check(Strategy::ALL, Strategy::as_str);
        check(RollbackMode::ALL, RollbackMode::as_str);
        check(Pace::ALL, Pace::as_str);
        check(Gates::ALL, Gates::as_str);
        check(Dimension::ALL, Dimension::as_str);
    }

    #[test]
    fn unknown_values_name_the_alternatives() {
        let err = "blue_green".parse::<Strategy>().unwrap_err();
        assert_eq!(
            err.to_string(),
            "unknown strategy `blue_green`, expected one of canary, blue-green, rolling, recreate"
        );
        assert_eq!(err.kind().as_str(), "unknown_value");
        assert!("High".parse::<Risk>().is_err());
    }

    #[test]
    fn steps_are_joined_with_arrows() {
        assert_eq!(super::steps_text(&[20, 50, 100]), "20 → 50 → 100");
        assert_eq!(super::steps_text(&[]), "");
    }
}
