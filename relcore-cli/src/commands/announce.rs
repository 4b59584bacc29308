//! `relcore announce pre|post`: a stakeholder message about the release, printed; nothing
//! is sent.

use relcore::announce::{AnnounceFormat, Audience, Phase};
use relcore_release::announce::{AnnounceOptions, announce};

use crate::Outcome;
use crate::args::AnnounceArgs;
use crate::output::{library_error, print_json, print_text, release_error};
use crate::source::open_repository;
use crate::values::{at_time, parse_version};

pub fn run(args: &AnnounceArgs, json: bool) -> anyhow::Result<Outcome> {
    let phase: Phase = args.phase.parse().map_err(|e| library_error(&e))?;
    let audience: Audience = args.audience.parse().map_err(|e| library_error(&e))?;
    let format = args
        .format
        .parse::<AnnounceFormat>()
        .map_err(|e| library_error(&e))?;
    let format = if json { AnnounceFormat::Json } else { format };
    let version = args.version.as_deref().map(parse_version).transpose()?;
    let at = at_time(args.at.as_deref())?;
    let start = args
        .start
        .as_deref()
        .map(|s| relcore::plan::parse_start(s).map_err(|e| library_error(&e)))
        .transpose()?;
    let (repo, config) = open_repository(&args.repo)?;
    let options = AnnounceOptions {
        phase,
        audience,
        format,
        at,
        version,
        start,
        product: args.product.clone(),
        contact: args.contact.clone(),
        impact: args.impact.clone(),
    };
    let message = announce(&repo, &config, &options).map_err(|e| release_error(&e))?;
    if format == AnnounceFormat::Json {
        print_json(&serde_json::to_value(&message)?)?;
    } else {
        print_text(&message.text)?;
    }
    Ok(Outcome::Success)
}
