//! # relcore-cli
//!
//! The `relcore` command as a library, in two stages as ripgrep does: [`run`] parses the
//! arguments into validated options (clap, then the flags that do not go together), then
//! runs one command, which calls one `relcore-release` or `relcore` function and prints
//! human output or, with `--json`, one JSON document. The binary's `main` is one call to
//! [`run`]; the Python and Node packages can expose the same command by calling it too.
//!
//! Exit codes: 0 success, 1 the command ran and the answer is negative (an invalid
//! version, a bump that cannot be made, nothing to release), 2 a usage or IO error. A
//! closed stdout (`relcore … | head`) is not an error: the command ends quietly with the
//! exit code it would have had.
//!
//! Layout: `args` (the clap definitions and their validation), `commands` (one module per
//! command group; commands never import each other), `source` (where a command's history
//! and configuration come from), `input` (stdin and files), `values` (versions and dates
//! from arguments), `risk` (the next release's classification, for `classify` and `plan
//! suggest`), `output` (every printing helper: JSON, diagnostics, warnings, decisions).

mod args;
mod commands;
mod input;
mod output;
mod risk;
mod source;
mod values;

use std::ffi::OsString;

use clap::Parser;

/// What a command concluded, before it becomes an exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Outcome {
    /// The answer is positive: exit 0.
    Success,
    /// The command ran and the answer is negative: exit 1.
    Negative,
}

/// Runs the `relcore` command with `args` (the first is the program's name, as in
/// [`std::env::args_os`]) and returns its exit code: 0 success, 1 a negative answer, 2 a
/// usage or IO error. Output goes to stdout and stderr, as the binary's does.
///
/// ```
/// let code = relcore_cli::run(["relcore", "version", "check", "1.2.3"]);
/// assert_eq!(code, 0);
/// assert_eq!(relcore_cli::run(["relcore", "version", "check", "1.02.3"]), 1);
/// assert_eq!(relcore_cli::run(["relcore", "--no-such-flag"]), 2);
/// ```
pub fn run<I, T>(args: I) -> i32
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    // Stage one: the arguments into validated options.
    let cli = match args::Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(err) => {
            // Help and --version print to stdout and exit 0; usage errors exit 2.
            let _ = err.print();
            return err.exit_code();
        }
    };
    let json = cli.json;
    output::set_color(cli.color);
    // Stage two: run the command.
    let outcome = cli.validate().and_then(|()| commands::run(cli));
    match outcome {
        Ok(Outcome::Success) => 0,
        Ok(Outcome::Negative) => 1,
        Err(err) if output::is_broken_pipe(&err) => 0,
        Err(err) => i32::from(output::print_fatal(&err, json)),
    }
}
