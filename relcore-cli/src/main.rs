//! The `relcore` command: thin over the `relcore` library.
//!
//! `main` parses arguments, runs one command and maps the outcome to an exit code:
//! 0 success, 1 the command ran and the answer is negative (an invalid version, a bump
//! that cannot be made), 2 a usage or IO error. A closed stdout (`relcore … | head`) is
//! not an error.

mod args;
mod commands;
mod config;
mod files;
mod input;
mod output;
mod source;

use std::process::ExitCode;

use clap::Parser;

/// What a command concluded, before it becomes an exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Outcome {
    /// The answer is positive: exit 0.
    Success,
    /// The command ran and the answer is negative: exit 1.
    Negative,
}

fn main() -> ExitCode {
    let cli = args::Cli::parse();
    let json = cli.json;
    match commands::run(cli) {
        Ok(Outcome::Success) => ExitCode::SUCCESS,
        Ok(Outcome::Negative) => ExitCode::from(1),
        Err(err) if output::is_broken_pipe(&err) => ExitCode::SUCCESS,
        Err(err) => ExitCode::from(output::print_fatal(&err, json)),
    }
}
