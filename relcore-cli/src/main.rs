//! The `relcore` command: all of it is the library's [`relcore_cli::run`].

use std::process::ExitCode;

fn main() -> ExitCode {
    let code = relcore_cli::run(std::env::args_os());
    ExitCode::from(u8::try_from(code).unwrap_or(2))
}
