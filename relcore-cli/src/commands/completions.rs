//! `relcore completions SHELL` and `relcore man`: generated from the command's own
//! definition, so they never drift from it.

use clap::CommandFactory;

use crate::Outcome;
use crate::args::Cli;
use crate::output::print_bytes;

pub fn completions(shell: clap_complete::Shell) -> anyhow::Result<Outcome> {
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "relcore", &mut script);
    print_bytes(&script)?;
    Ok(Outcome::Success)
}

pub fn man() -> anyhow::Result<Outcome> {
    let mut page = Vec::new();
    clap_mangen::Man::new(Cli::command()).render(&mut page)?;
    print_bytes(&page)?;
    Ok(Outcome::Success)
}
