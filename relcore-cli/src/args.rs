//! Command-line arguments (clap derive). Validation into library types happens in the
//! commands, through the library's own parsers, so errors carry the library's slugs.

#![allow(
    clippy::struct_excessive_bools,
    reason = "command-line flags are booleans"
)]

use clap::{Args, Parser, Subcommand};

use crate::output::usage;

/// relcore: the release engine. Versions, commits, changelogs, risk and rollout plans.
#[derive(Debug, Parser)]
#[command(name = "relcore", version, about, long_about = None)]
pub struct Cli {
    /// Print one JSON document on stdout instead of human output.
    #[arg(long, global = true)]
    pub json: bool,

    /// When to colour diagnostics: auto (a terminal, unless NO_COLOR is set or TERM=dumb;
    /// CLICOLOR_FORCE forces it), always or never.
    #[arg(long, global = true, value_enum, default_value_t = ColorWhen::Auto, value_name = "WHEN")]
    pub color: ColorWhen,

    #[command(subcommand)]
    pub command: Command,
}

/// The top-level commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// SemVer 2.0.0 versions: check, bump, compare, sort.
    #[command(subcommand)]
    Version(VersionCommand),
    /// Conventional Commits: parse or lint a message.
    #[command(subcommand)]
    Commit(CommitCommand),
    /// The next version from the commits since the latest release tag.
    Next(NextArgs),
    /// The changelog of the next release.
    Changelog(ChangelogArgs),
    /// Everything for the next release of a repository, as a dry run: version, changelog
    /// section; --write updates the changelog and version files, --commit commits them,
    /// --tag creates the annotated tag.
    Release(ReleaseArgs),
    /// Classify the next release's risk: type, risk, strategy, approval, rollback, reasons.
    Classify(ClassifyArgs),
    /// Rollout plans: check a plan file like a linter, simulate it against metrics.
    #[command(subcommand)]
    Plan(PlanCommand),
    /// Hotfixes: plan one from the production release (version, branch, fixes to
    /// cherry-pick, classification, rollback target); list the commits a hotfix line
    /// owes the main line.
    #[command(subcommand)]
    Hotfix(HotfixCommand),
    /// Checks across the packages of relcore.toml's [packages]: `versions`.
    #[command(subcommand)]
    Check(CheckCommand),
    /// Put right what is mechanical across the packages of [packages]: align fixed
    /// groups, rewrite internal requirements that exclude the current versions (in their
    /// own style, only those bytes). A dry run unless --write (all files or none); what
    /// needs a person is reported, located. Exit 0 when everything is in sync after the run.
    Sync(SyncArgs),
    /// Release sets across repositories (relcore-set.toml): `plan` orders them by their
    /// requirements and checks each against the versions they will release; `release`
    /// releases each in order after every preflight, undoing this run's commits and tags
    /// if a step fails. Never pushes.
    #[command(subcommand)]
    Set(SetCommand),
    /// What to do about an incident, and how fast, from the policy's playbooks
    /// (`[risk.incidents]`); with --plan, the order to roll services back in.
    Respond(RespondArgs),
    /// Go / no-go: the release checklist evaluated now (`[ready]` in relcore.toml), as
    /// Markdown or --json; exit 0 for go, 1 for no-go.
    Ready(ReadyArgs),
    /// The release record: start it, record events (build/test/stage succeeded or
    /// failed, approved, deployed, rolled back), show the status, render the deployment
    /// record. Kept in `.relcore/releases/{version}.json` (`[pipeline] record`).
    #[command(subcommand)]
    Pipeline(PipelineCommand),
    /// Stakeholder messages: `pre` (the scheduled deployment: when, from the plan's
    /// window; how long; changes; impact; contact) and `post` (how it went, from the
    /// release record; changes), per audience, as text, Markdown or JSON. Sends nothing.
    Announce(AnnounceArgs),
    /// Release metrics from the history and tags: releases per period, lead time for
    /// changes, hotfix and revert shares, releases fixed by a patch, pre-release cycles;
    /// with deployment records, change failure rate and time to restore. A table, --json,
    /// --csv, --chart (Mermaid) or --svg FILE.
    Metrics(MetricsArgs),
    /// Finish an interrupted release write: roll the files back (or complete them) from
    /// the journal in the git directory, and remove leftover temporary files. Every
    /// command that reads a repository does this first.
    Recover(RecoverArgs),
    /// Write a commented relcore.toml for this repository: the tag format its tags use,
    /// the manifests that carry its version, its remote's address. Never replaces one.
    Init(InitArgs),
    /// Print a shell completion script: `relcore completions bash > /etc/bash_completion.d/relcore`.
    Completions {
        /// The shell.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff): `relcore man > relcore.1`.
    Man,
}

/// When diagnostics are coloured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorWhen {
    /// On a terminal, unless `NO_COLOR` is set or `TERM=dumb`; `CLICOLOR_FORCE` forces it.
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

/// `relcore init`
#[derive(Debug, Args)]
pub struct InitArgs {
    /// The repository (any directory inside it).
    #[arg(long, default_value = ".", value_name = "PATH")]
    pub repo: std::path::PathBuf,
    /// Print the file instead of writing it.
    #[arg(long)]
    pub print: bool,
}

/// `relcore check …`
#[derive(Debug, Subcommand)]
pub enum CheckCommand {
    /// Version conflicts: an internal requirement that excludes the workspace's version
    /// of the package it names, a fixed group whose members differ, an external
    /// dependency required at versions no release satisfies together, a version file
    /// that disagrees with the package's latest tag. Each problem names its file and
    /// line; exit 1 when there are any.
    Versions(RepoArgs),
}

/// `relcore sync`
#[derive(Debug, Args)]
pub struct SyncArgs {
    #[command(flatten)]
    pub repo: RepoArgs,
    /// Write the changes (every file or none); without it, a dry run.
    #[arg(long)]
    pub write: bool,
}

/// `relcore set …`
#[derive(Debug, Subcommand)]
pub enum SetCommand {
    /// Each repository's current and next version (its own relcore.toml), every
    /// requirement checked against them, the release order and the rollback order; exit 1
    /// when a requirement fails.
    Plan(SetArgs),
    /// With --write [--commit] [--tag]: every repository's preflight and the plan's checks
    /// first; then each repository released in order. If a step fails, the commits and
    /// tags this run made are undone (and said so). Never pushes.
    Release(SetReleaseArgs),
}

/// `relcore set plan`
#[derive(Debug, Args)]
pub struct SetArgs {
    /// The set file; default: relcore-set.toml in the current directory (in a file given
    /// here, the set may be under a [set] table).
    #[arg(long = "set", value_name = "FILE")]
    pub file: Option<std::path::PathBuf>,
}

/// `relcore set release`
#[derive(Debug, Args)]
pub struct SetReleaseArgs {
    #[command(flatten)]
    pub set: SetArgs,
    /// Write each repository's changelog and version files (required: `set plan` is the
    /// dry run).
    #[arg(long, required = true)]
    pub write: bool,
    /// With --write: commit the release files in each repository.
    #[arg(long, requires = "write")]
    pub commit: bool,
    /// With --write --commit: tag each release commit.
    #[arg(long, requires = "commit")]
    pub tag: bool,
    /// The release date, YYYY-MM-DD; today when absent.
    #[arg(long)]
    pub date: Option<String>,
}

/// `relcore hotfix …`
#[derive(Debug, Subcommand)]
pub enum HotfixCommand {
    /// Plan a hotfix of the production release: its version (the next free patch on that
    /// line), branch, the fixes on main since production to cherry-pick (oldest first),
    /// classification and rollback target. Creates the branch only with --create.
    Plan(HotfixPlanArgs),
    /// The commits of a hotfix line that main does not have, by patch identity (as `git
    /// cherry`), each with the command that applies it; exit 1 when some are missing.
    Backports(BackportsArgs),
}

/// The repository and configuration of an operations command.
#[derive(Debug, Args)]
pub struct RepoArgs {
    /// The repository (any directory inside it).
    #[arg(long, default_value = ".", value_name = "PATH")]
    pub repo: std::path::PathBuf,
    /// The configuration file; default: relcore.toml at the repository root.
    #[arg(long, value_name = "FILE")]
    pub config: Option<std::path::PathBuf>,
}

/// `relcore hotfix plan`
#[derive(Debug, Args)]
pub struct HotfixPlanArgs {
    #[command(flatten)]
    pub repo: RepoArgs,
    /// The release tag in production, e.g. v1.5.0.
    #[arg(
        long,
        value_name = "TAG",
        required_unless_present = "from_branch",
        conflicts_with = "from_branch"
    )]
    pub from: Option<String>,
    /// A branch that follows production: its latest release tag is the production release.
    #[arg(long, value_name = "BRANCH")]
    pub from_branch: Option<String>,
    /// An issue key for the branch name: hotfix/PROD-123-1.5.1.
    #[arg(long, value_name = "KEY")]
    pub issue: Option<String>,
    /// The main line the fixes come from; default `[hotfix] main` (main).
    #[arg(long, value_name = "BRANCH")]
    pub main: Option<String>,
    /// Create the branch at the production release (never checked out; an existing
    /// branch is an error, never moved).
    #[arg(long)]
    pub create: bool,
}

/// `relcore hotfix backports`
#[derive(Debug, Args)]
pub struct BackportsArgs {
    #[command(flatten)]
    pub repo: RepoArgs,
    /// The hotfix line, e.g. hotfix/1.5.1.
    #[arg(long, value_name = "BRANCH")]
    pub hotfix: String,
    /// The main line; default `[hotfix] main` (main).
    #[arg(long, value_name = "BRANCH")]
    pub main: Option<String>,
}

/// `relcore respond`
#[derive(Debug, Args)]
pub struct RespondArgs {
    /// How bad the incident is: critical, high, medium or low.
    #[arg(long)]
    pub severity: String,
    /// A rollout plan file: adds the order to roll its services back in.
    #[arg(long, value_name = "FILE")]
    pub plan: Option<std::path::PathBuf>,
    /// The configuration file, for `[risk.incidents]`; default: relcore.toml in the
    /// current directory when there is one.
    #[arg(long, value_name = "FILE")]
    pub config: Option<std::path::PathBuf>,
}

/// `relcore ready`
#[derive(Debug, Args)]
pub struct ReadyArgs {
    #[command(flatten)]
    pub repo: RepoArgs,
    /// External facts: a JSON or YAML mapping (`tests: passed`, `critical_bugs: 0`).
    #[arg(long, value_name = "FILE")]
    pub facts: Option<std::path::PathBuf>,
    /// One external fact, `name=value` (repeatable; over --facts).
    #[arg(long = "fact", value_name = "NAME=VALUE")]
    pub fact: Vec<String>,
    /// How many blockers still make a go.
    #[arg(long, default_value_t = 0, value_name = "N")]
    pub blockers_allowed: usize,
    /// When the deployment window is checked: RFC 3339 (2026-03-03T10:00:00Z) or
    /// YYYY-MM-DDTHH:MM in UTC; default now.
    #[arg(long, value_name = "TIME")]
    pub at: Option<String>,
}

/// `relcore pipeline …`
#[derive(Debug, Subcommand)]
pub enum PipelineCommand {
    /// Start the release record of a version: `build` in progress. Refuses a version that
    /// has a record.
    Start(PipelineStartArgs),
    /// Record an event: build-succeeded, build-failed, test-succeeded, test-failed,
    /// stage-succeeded, stage-failed, approved, rejected, deployed, deploy-failed,
    /// rolled-back, blocked, unblocked. An event the pipeline cannot take now is refused
    /// with the reason, and the record is unchanged.
    Event(PipelineEventArgs),
    /// Each stage with its marker ([COMPLETED] [IN_PROGRESS] [BLOCKED] [PENDING]
    /// [ROLLBACK]) and duration.
    Status(PipelineStatusArgs),
    /// The deployment record: summary, stages, timeline, approvals, outcome.
    Record(PipelineRecordArgs),
}

/// Who and when, for the commands that add a transition.
#[derive(Debug, Args)]
pub struct ActorArgs {
    /// Who reports it; default: the user running relcore ($USER).
    #[arg(long, value_name = "NAME")]
    pub by: Option<String>,
    /// A note for the audit trail (for `blocked`: what the stage waits for).
    #[arg(long, value_name = "TEXT")]
    pub note: Option<String>,
    /// When it happened: RFC 3339 (2026-03-03T10:00:00Z) or YYYY-MM-DDTHH:MM in UTC;
    /// default now.
    #[arg(long, value_name = "TIME")]
    pub at: Option<String>,
}

/// `relcore pipeline start`
#[derive(Debug, Args)]
pub struct PipelineStartArgs {
    #[command(flatten)]
    pub repo: RepoArgs,
    /// The version released; default: the next version relcore computes.
    #[arg(long, value_name = "VERSION")]
    pub version: Option<String>,
    #[command(flatten)]
    pub actor: ActorArgs,
}

/// `relcore pipeline event`
#[derive(Debug, Args)]
pub struct PipelineEventArgs {
    /// The event, e.g. build-succeeded or approved.
    pub event: String,
    #[command(flatten)]
    pub repo: RepoArgs,
    /// The release; default: the highest version that has a record.
    #[arg(long, value_name = "VERSION")]
    pub version: Option<String>,
    #[command(flatten)]
    pub actor: ActorArgs,
}

/// `relcore pipeline status`
#[derive(Debug, Args)]
pub struct PipelineStatusArgs {
    #[command(flatten)]
    pub repo: RepoArgs,
    /// The release; default: the highest version that has a record.
    #[arg(long, value_name = "VERSION")]
    pub version: Option<String>,
    /// The time durations run to for a stage in progress; default now.
    #[arg(long, value_name = "TIME")]
    pub at: Option<String>,
}

/// `relcore pipeline record`
#[derive(Debug, Args)]
pub struct PipelineRecordArgs {
    #[command(flatten)]
    pub repo: RepoArgs,
    /// The release; default: the highest version that has a record.
    #[arg(long, value_name = "VERSION")]
    pub version: Option<String>,
    /// markdown (the deployment record) or json (the record file's content).
    #[arg(long, value_enum, default_value_t = RecordFormat::Markdown)]
    pub format: RecordFormat,
}

/// The formats of `relcore pipeline record`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum RecordFormat {
    /// The deployment record as Markdown.
    Markdown,
    /// The record as JSON.
    Json,
}

/// `relcore announce`
#[derive(Debug, Args)]
pub struct AnnounceArgs {
    /// pre (the scheduled deployment) or post (the completed one).
    pub phase: String,
    #[command(flatten)]
    pub repo: RepoArgs,
    /// Who reads it: internal or customers.
    #[arg(long, default_value = "internal", value_name = "AUDIENCE")]
    pub audience: String,
    /// text, markdown or json.
    #[arg(long, default_value = "text", value_name = "FORMAT")]
    pub format: String,
    /// The version; default: the next release's (post: the latest release record's).
    #[arg(long, value_name = "VERSION")]
    pub version: Option<String>,
    /// Now, for the plan's next window: RFC 3339 or YYYY-MM-DDTHH:MM in UTC; default now.
    #[arg(long, value_name = "TIME")]
    pub at: Option<String>,
    /// The start, in the window's timezone (YYYY-MM-DDTHH:MM), instead of the next window.
    #[arg(long, value_name = "TIME")]
    pub start: Option<String>,
    /// What is deployed, by name; over `[announce] product`.
    #[arg(long, value_name = "NAME")]
    pub product: Option<String>,
    /// Whom to ask; over `[announce] contact`.
    #[arg(long, value_name = "TEXT")]
    pub contact: Option<String>,
    /// What users notice; over `[announce] impact`.
    #[arg(long, value_name = "TEXT")]
    pub impact: Option<String>,
}

/// Periods of `relcore metrics --by`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum PeriodArg {
    /// UTC calendar months (2026-03).
    Month,
    /// ISO 8601 weeks (2026-W09).
    Week,
}

/// `relcore metrics`
#[derive(Debug, Args)]
pub struct MetricsArgs {
    #[command(flatten)]
    pub repo: RepoArgs,
    /// Count from this day on (YYYY-MM-DD, UTC).
    #[arg(long, value_name = "DATE")]
    pub since: Option<String>,
    /// Periods: months or ISO weeks.
    #[arg(long, value_enum, default_value = "month")]
    pub by: PeriodArg,
    /// The package whose tags count, for tag formats with {package} (over `package` in
    /// relcore.toml).
    #[arg(long, value_name = "NAME")]
    pub package: Option<String>,
    /// A patch release with a fix or revert at most this many days after a release on its
    /// line fixes it.
    #[arg(long = "within", value_name = "DAYS", default_value_t = relcore::metrics::DEFAULT_WITHIN_DAYS)]
    pub within_days: u32,
    /// Deployment records: a JSON list of {version, started, finished, outcome,
    /// restored} (times in seconds since the epoch; outcome succeeded, failed,
    /// rolled_back or in_progress).
    #[arg(long, value_name = "FILE")]
    pub deployments: Option<std::path::PathBuf>,
    /// Compute from plain facts instead of the repository: a JSON object {releases,
    /// commits, deployments} as the library takes it (`-` for stdin).
    #[arg(long, value_name = "FILE", conflicts_with_all = ["deployments", "package"])]
    pub input: Option<std::path::PathBuf>,
    /// The periods as CSV.
    #[arg(long, conflicts_with_all = ["chart"])]
    pub csv: bool,
    /// A Mermaid xychart-beta of releases per period and the median lead time.
    #[arg(long)]
    pub chart: bool,
    /// Also write that chart as an SVG file.
    #[arg(long, value_name = "FILE")]
    pub svg: Option<std::path::PathBuf>,
}

/// `relcore recover`
#[derive(Debug, Args)]
pub struct RecoverArgs {
    /// The repository (any directory inside it).
    #[arg(long, default_value = ".", value_name = "PATH")]
    pub repo: std::path::PathBuf,
}

/// `relcore classify`
#[derive(Debug, Args)]
pub struct ClassifyArgs {
    #[command(flatten)]
    pub history: HistoryArgs,
    /// With --stdin: a changed path (repeatable); the repository gives them otherwise.
    #[arg(long = "path", value_name = "PATH")]
    pub paths: Vec<String>,
    /// With --stdin: the next version.
    #[arg(long)]
    pub next: Option<String>,
    /// The branch (hotfix/* branches are hotfixes); the repository's when absent.
    #[arg(long)]
    pub branch: Option<String>,
    /// Treat the release as a hotfix.
    #[arg(long)]
    pub hotfix: bool,
}

/// `relcore plan …`
#[derive(Debug, Subcommand)]
pub enum PlanCommand {
    /// Check a rollout plan: every problem with file:line:col, the line and a caret;
    /// exit 1 when there are errors (warnings alone exit 0).
    Check {
        /// The plan file (YAML).
        file: std::path::PathBuf,
        /// The change's type, for the risk rules: feature, hotfix, rollback, config, migration.
        #[arg(long)]
        change_type: Option<String>,
        /// The change's risk: low, medium, high.
        #[arg(long)]
        risk: Option<String>,
        /// When the rollout starts (YYYY-MM-DDTHH:MM, in the plan's timezone).
        #[arg(long)]
        start: Option<String>,
        /// The configuration file whose `[plan] holidays` apply; default: relcore.toml in
        /// the current directory, when there is one.
        #[arg(long, value_name = "FILE")]
        config: Option<std::path::PathBuf>,
    },
    /// Print the order in which the plan's services deploy (with the wait and health
    /// check after each) and roll back.
    Order {
        /// The plan file (YAML).
        file: std::path::PathBuf,
    },
    /// Say when the next rollout of the plan may start, and why earlier slots are out
    /// (outside the window, Friday, holiday, freeze, end of the month).
    NextWindow {
        /// The plan file (YAML).
        file: std::path::PathBuf,
        /// From when to look (YYYY-MM-DDTHH:MM, in the plan's timezone); default: now.
        #[arg(long)]
        at: Option<String>,
        /// The configuration file whose `[plan] holidays` apply; default: relcore.toml in
        /// the current directory, when there is one.
        #[arg(long, value_name = "FILE")]
        config: Option<std::path::PathBuf>,
    },
    /// Draw a rollout plan as a Mermaid gantt chart (stages, approvals, rollback triggers).
    Chart {
        /// The plan file (YAML).
        file: std::path::PathBuf,
        /// Wrap the chart in a ```mermaid code block, ready for GitHub markdown.
        #[arg(long)]
        markdown: bool,
    },
    /// Suggest a rollout plan that fits the next release's classification (the facts as
    /// for `relcore classify`), printed in the plan file format.
    Suggest(ClassifyArgs),
    /// Simulate a rollout plan against a metric timeline: every decision (advance, hold,
    /// rollback, awaiting approval) and the outcome; exit 1 unless it completes.
    Simulate {
        /// The plan file (YAML).
        file: std::path::PathBuf,
        /// The timeline: observations `at,metric,value[,baseline]`, approvals
        /// `at,approve` and health checks `at,service,healthy` as CSV, JSON or YAML; `-`
        /// reads stdin.
        #[arg(long, value_name = "FILE")]
        metrics: std::path::PathBuf,
        /// The timeline's format: yaml, json or csv; by default from the file's extension,
        /// else from its content.
        #[arg(long)]
        format: Option<String>,
        /// The configuration file whose `[plan] holidays` apply; default: relcore.toml in
        /// the current directory, when there is one.
        #[arg(long, value_name = "FILE")]
        config: Option<std::path::PathBuf>,
    },
}

/// `relcore release`
#[derive(Debug, Args)]
pub struct ReleaseArgs {
    #[command(flatten)]
    pub history: HistoryArgs,
    /// The release date, YYYY-MM-DD; today when absent.
    #[arg(long)]
    pub date: Option<String>,
    /// Write the changelog and the version files (all or nothing) instead of only showing
    /// what would change.
    #[arg(long)]
    pub write: bool,
    /// With --write: commit exactly the files written, as one release commit on the
    /// current branch (message from `[release] commit_message`).
    #[arg(long, requires = "write")]
    pub commit: bool,
    /// Create the annotated release tag, with the release notes as its message: on the
    /// release commit with --write --commit, on HEAD without --write.
    #[arg(long)]
    pub tag: bool,
    /// Sign the release commit and tag (as do git's commit.gpgSign and tag.gpgSign), with
    /// the program git is configured with (gpg.format: openpgp, x509 or ssh).
    #[arg(long)]
    pub sign: bool,
    /// Allow the release commit on a detached HEAD.
    #[arg(long, requires = "commit")]
    pub allow_detached: bool,
    /// With --write: regenerate the section if the changelog already has the version.
    #[arg(long)]
    pub replace: bool,
    /// Add a release older than the changelog's newest one (a maintenance release) below
    /// the newer releases, instead of refusing.
    #[arg(long)]
    pub in_version_order: bool,
}

/// `relcore commit …`
#[derive(Debug, Subcommand)]
pub enum CommitCommand {
    /// Parse a commit message (from FILE, or stdin) into its parts.
    Parse {
        /// A file holding the message; stdin when absent or `-`.
        file: Option<std::path::PathBuf>,
    },
    /// Check a commit message against Conventional Commits 1.0 (exit 1 on errors).
    /// Usable as a commit-msg hook: `relcore commit lint "$1"`; git comment lines and
    /// everything below the scissors line are ignored; merges, reverts and fixups pass.
    Lint {
        /// A file holding the message, e.g. .git/COMMIT_EDITMSG; stdin when absent or `-`.
        #[arg(conflicts_with = "range")]
        file: Option<std::path::PathBuf>,
        /// Lint every commit of a range of the repository instead, for CI: `A..B`, `A..`
        /// or `A` (up to HEAD), `..B` or no value (since the latest release tag).
        #[arg(long, value_name = "A..B", num_args = 0..=1, default_missing_value = "")]
        range: Option<String>,
        /// The repository of `--range` (any directory inside it).
        #[arg(long, default_value = ".", value_name = "PATH")]
        repo: std::path::PathBuf,
        /// The configuration file, for the tag format; default: relcore.toml at the
        /// repository root.
        #[arg(long, value_name = "FILE")]
        config: Option<std::path::PathBuf>,
        /// Lint merge commits too (they pass by default, as git writes them).
        #[arg(long)]
        lint_merges: bool,
        /// Lint `Revert "…"` and `Reapply "…"` commits too.
        #[arg(long)]
        lint_reverts: bool,
        /// Lint `fixup!`, `squash!` and `amend!` commits too.
        #[arg(long)]
        lint_fixups: bool,
    },
}

/// Where commits come from and how they release: shared by `next`, `changelog` and
/// `release`.
#[derive(Debug, Args)]
pub struct HistoryArgs {
    /// The repository to read (any directory inside it).
    #[arg(long, default_value = ".", value_name = "PATH")]
    pub repo: std::path::PathBuf,
    /// The configuration file; default: relcore.toml at the repository root.
    #[arg(long, value_name = "FILE")]
    pub config: Option<std::path::PathBuf>,
    /// Read commit messages from stdin instead of the repository: NUL-separated, newest
    /// first, as `git log -z --format=%B` writes them.
    #[arg(long)]
    pub stdin: bool,
    /// The current version; default: the latest release tag reachable from HEAD (with
    /// --stdin: none, before the first release).
    #[arg(long)]
    pub current: Option<String>,
    /// With --stdin: each record starts with the commit id on its own line
    /// (`git log -z --format=%H%n%B`).
    #[arg(long)]
    pub ids: bool,
    /// With --stdin: each record has the author (`Name <email>`) on its own line, after the id if
    /// any (`git log -z --format='%H%n%an <%ae>%n%B'`).
    #[arg(long)]
    pub authors: bool,
    /// Commit types that make a major release (comma-separated); default none.
    #[arg(long, value_delimiter = ',')]
    pub major_types: Option<Vec<String>>,
    /// Commit types that make a minor release (comma-separated); default feat.
    #[arg(long, value_delimiter = ',')]
    pub minor_types: Option<Vec<String>>,
    /// Commit types that make a patch release (comma-separated); default fix,perf,revert.
    #[arg(long, value_delimiter = ',')]
    pub patch_types: Option<Vec<String>>,
    /// Count merge commits as changes.
    #[arg(long)]
    pub include_merges: bool,
    /// A pre-release channel such as rc: releases become X.Y.Z-rc.N.
    #[arg(long)]
    pub channel: Option<String>,
    /// The first version when there is no release yet.
    #[arg(long)]
    pub initial_version: Option<String>,
    /// On 0.y.z, let a breaking change release 1.0.0.
    #[arg(long)]
    pub breaking_always_bump_major: bool,
    /// On 0.y.z, let a feature bump the minor version.
    #[arg(long)]
    pub features_always_bump_minor: bool,
    /// The package: one of relcore.toml's [packages] (its paths, tags, version files and
    /// changelog); without [packages], the name for tag formats with {package}. Given more
    /// than once (release, changelog, classify, next), the packages a release of every
    /// package considers: only their own commits count, and the others release only when
    /// a group or a dependency makes them.
    #[arg(long, value_name = "NAME")]
    pub package: Vec<String>,
}

impl HistoryArgs {
    /// What these arguments say of a release of every package: the channel, and the
    /// packages whose own commits count (`--package`, every one when absent).
    pub fn workspace_options(&self) -> relcore_release::ReleaseOptions {
        relcore_release::ReleaseOptions {
            channel: self.channel.clone(),
            packages: self.package.clone(),
            ..relcore_release::ReleaseOptions::default()
        }
    }
}

/// `relcore next --current V < messages`
#[derive(Debug, Args)]
pub struct NextArgs {
    #[command(flatten)]
    pub history: HistoryArgs,
}

/// `relcore changelog --current V < messages`
#[derive(Debug, Args)]
pub struct ChangelogArgs {
    #[command(flatten)]
    pub history: HistoryArgs,
    /// The version to release; inferred from the commits when absent.
    #[arg(long)]
    pub next: Option<String>,
    /// The whole history: one section per release tag, newest first, dated by the tagged
    /// commits (reads the repository).
    #[arg(long, conflicts_with_all = ["next", "update", "stdin"])]
    pub all: bool,
    /// keep-a-changelog (default), release-notes or json. With --update, the file's own
    /// style (Keep a Changelog, conventional-changelog, release-please) unless given.
    #[arg(long)]
    pub format: Option<String>,
    /// A template file (Jinja syntax) to render instead of a built-in format.
    #[arg(long, value_name = "FILE")]
    pub template: Option<std::path::PathBuf>,
    /// The release date, YYYY-MM-DD; today when absent.
    #[arg(long)]
    pub date: Option<String>,
    /// The repository's web address, for links.
    #[arg(long)]
    pub repository_url: Option<String>,
    /// How release tags are spelled, for links, e.g. {package}@{version}.
    #[arg(long)]
    pub tag_format: Option<String>,
    /// Mark the release as a hotfix.
    #[arg(long)]
    pub hotfix: bool,
    /// Gather breaking changes in a BREAKING CHANGES section first.
    #[arg(long)]
    pub breaking_section: bool,
    /// Insert the release into this changelog file and print the result.
    #[arg(long, value_name = "FILE")]
    pub update: Option<std::path::PathBuf>,
    /// With --update: save the file (atomically) instead of printing it.
    #[arg(long, requires = "update")]
    pub write: bool,
    /// With --update: move the hand-written Unreleased entries into the release.
    #[arg(long, requires = "update")]
    pub take_unreleased: bool,
    /// With --update: replace the section of a version that is already there.
    #[arg(long, requires = "update")]
    pub replace: bool,
    /// With --update: add a release older than the changelog's newest one below the newer
    /// releases, instead of refusing.
    #[arg(long, requires = "update")]
    pub in_version_order: bool,
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
        /// Read release tags of this format (e.g. `v{version}`, `{package}@{version}`)
        /// and print the tags in version order; lines that are not such tags are left
        /// out (JSON `skipped`), as `git tag --list` also lists other tags.
        #[arg(long, value_name = "FORMAT")]
        tag_format: Option<String>,
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

impl Cli {
    /// The second half of parsing: the flags clap cannot check together. A usage error
    /// (exit 2) names what does not go together; nothing has been read yet.
    pub fn validate(&self) -> anyhow::Result<()> {
        if let Command::Release(args) = &self.command {
            if args.history.stdin {
                return Err(usage("usage", "relcore release reads the repository; use relcore next/changelog --stdin for messages on stdin".to_owned()));
            }
            if args.write && args.tag && !args.commit {
                return Err(usage(
                    "usage",
                    "--write --tag would tag the commit before the version bump, without the files just written; pass --write --commit --tag to commit the release files and tag that commit (or --tag alone to tag HEAD as it is)".to_owned(),
                ));
            }
        }
        Ok(())
    }
}
