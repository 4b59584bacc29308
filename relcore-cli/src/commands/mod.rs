//! One module per command group; each calls the library and prints.

mod changelog;
mod commit;
mod next;
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
    }
}
