//! One module per command group; each calls the library and prints. Commands never
//! import each other: what two share lives in `output`, `values`, `source` or `risk`.

mod announce;
mod changelog;
mod check;
mod classify;
mod commit;
mod completions;
mod hotfix;
mod init;
mod metrics;
mod next;
mod pipeline;
mod plan;
mod ready;
mod recover;
mod release;
mod respond;
mod set;
mod sync;
mod version;

use crate::Outcome;
use crate::args::{Cli, Command};

/// Runs the parsed command line.
pub fn run(cli: Cli) -> anyhow::Result<Outcome> {
    match cli.command {
        Command::Version(cmd) => version::run(cmd, cli.json),
        Command::Commit(cmd) => commit::run(cmd, cli.json),
        Command::Next(args) => next::run(&args, cli.json),
        Command::Changelog(args) => changelog::run(&args, cli.json),
        Command::Release(args) => release::run(&args, cli.json),
        Command::Classify(args) => classify::run(&args, cli.json),
        Command::Plan(cmd) => plan::run(&cmd, cli.json),
        Command::Check(cmd) => check::run(&cmd, cli.json),
        Command::Hotfix(cmd) => hotfix::run(&cmd, cli.json),
        Command::Sync(args) => sync::run(&args, cli.json),
        Command::Set(cmd) => set::run(&cmd, cli.json),
        Command::Respond(args) => respond::run(&args, cli.json),
        Command::Ready(args) => ready::run(&args, cli.json),
        Command::Pipeline(cmd) => pipeline::run(&cmd, cli.json),
        Command::Announce(args) => announce::run(&args, cli.json),
        Command::Metrics(args) => metrics::run(&args, cli.json),
        Command::Recover(args) => recover::run(&args, cli.json),
        Command::Init(args) => init::run(&args, cli.json),
        Command::Completions { shell } => completions::completions(shell),
        Command::Man => completions::man(),
    }
}
