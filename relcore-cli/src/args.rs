//! Command-line arguments (clap derive). Validation into library types happens in the
//! commands, through the library's own parsers, so errors carry the library's slugs.

use clap::{Args, Parser, Subcommand};

/// relcore: the release engine. Versions, commits, changelogs, risk and rollout plans.
#[derive(Debug, Parser)]
#[command(name = "relcore", version, about, long_about = None)]
pub struct Cli {
    /// Print one JSON document on stdout instead of human output.
    #[arg(long, global = true)]
    pub json: bool,

    #[command(subcommand)]
    pub command: Command,
}

/// The top-level commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// SemVer 2.0.0 versions: check, bump, compare, sort.
    #[command(subcommand)]
    Version(VersionCommand),
}

/// `relcore version …`
#[derive(Debug, Subcommand)]
pub enum VersionCommand {
    /// Check that VERSION is a strict SemVer 2.0.0 version (exit 1 if not).
    Check {
        /// The version to check, e.g. 1.2.3-rc.1.
        version: String,
    },
    /// Bump VERSION by LEVEL, with node-semver's results.
    Bump(BumpArgs),
    /// Compare two versions by SemVer precedence (build metadata ignored).
    Compare {
        /// The first version.
        a: String,
        /// The second version.
        b: String,
    },
    /// Sort versions ascending: from the arguments, or from stdin one per line.
    Sort {
        /// Versions to sort; when none are given, they are read from stdin.
        versions: Vec<String>,
        /// Sort descending.
        #[arg(long, short)]
        reverse: bool,
    },
}

/// `relcore version bump VERSION LEVEL [--preid ID] [--preid-base 0|1|false]`
#[derive(Debug, Args)]
pub struct BumpArgs {
    /// The version to bump.
    pub version: String,
    /// major, minor, patch, premajor, preminor, prepatch, prerelease or release.
    pub level: String,
    /// The pre-release identifier for pre* levels, e.g. rc.
    #[arg(long)]
    pub preid: Option<String>,
    /// Where a new pre-release counter starts: 0, 1, or false for none.
    #[arg(long, default_value = "0")]
    pub preid_base: String,
}
