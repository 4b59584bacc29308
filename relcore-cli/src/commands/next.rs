//! `relcore next`: the next version from the commits since the latest release.

use relcore::bump::Tally;

use crate::Outcome;
use crate::args::NextArgs;
use crate::output::{library_error, print_decision, print_json, warn};
use crate::source::Source;

pub fn run(args: &NextArgs, json: bool) -> anyhow::Result<Outcome> {
    let mut source = Source::open_lazily(&args.history)?;
    let policy = source.policy(&args.history)?;
    let (tally, _) = source.fold(
        &args.history,
        || Tally::new(&policy),
        |tally, commit| tally.add(&commit),
    )?;
    let decision = tally
        .decide(source.current.as_ref())
        .map_err(|e| library_error(&e))?;
    let warnings = source.warnings();
    if json {
        let mut value = serde_json::to_value(&decision)?;
        if let Some(map) = value.as_object_mut() {
            map.insert("warnings".to_owned(), serde_json::to_value(&warnings)?);
        }
        print_json(&value)?;
    } else {
        for warning in &warnings {
            warn(warning);
        }
        print_decision(&decision)?;
    }
    Ok(if decision.next.is_some() {
        Outcome::Success
    } else {
        Outcome::Negative
    })
}
