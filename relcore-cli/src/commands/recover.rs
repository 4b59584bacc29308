//! `relcore recover`: finish an interrupted release write.

use relcore_git::Repository;
use serde_json::json;

use crate::Outcome;
use crate::args::RecoverArgs;
use crate::output::library_error;
use crate::output::{print_json, print_line};
use crate::source::recover_quietly;

pub fn run(args: &RecoverArgs, json: bool) -> anyhow::Result<Outcome> {
    let repo = Repository::open(&args.repo).map_err(|e| library_error(&e))?;
    let recovery = recover_quietly(&repo)?;
    if json {
        print_json(&json!({ "recovered": recovery }))?;
    } else if recovery.is_none() {
        print_line("nothing to recover")?;
    }
    Ok(Outcome::Success)
}
